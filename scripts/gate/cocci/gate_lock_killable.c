// SPDX-License-Identifier: GPL-2.0-only
/*
 * Planted defect for the gate self-test: a mutex taken with
 * mutex_lock_killable() still held on an error return.
 */

#include <linux/errno.h>
#include <linux/mutex.h>

static DEFINE_MUTEX(gate_lock);
static int gate_count;

int gate_lock_killable(int n);
int gate_lock_killable(int n)
{
	int ret;

	ret = mutex_lock_killable(&gate_lock);
	if (ret)
		return ret;
	if (n < 0)
		return -EINVAL;		/* gate_lock is still held */
	gate_count += n;
	mutex_unlock(&gate_lock);
	return 0;
}

int gate_lock_interruptible(int n);
int gate_lock_interruptible(int n)
{
	if (mutex_lock_interruptible(&gate_lock))
		return -EINTR;
	if (n < 0)
		return -EINVAL;		/* gate_lock is still held */
	gate_count += n;
	mutex_unlock(&gate_lock);
	return 0;
}

int gate_lock_killable_neg(int n);
int gate_lock_killable_neg(int n)
{
	int ret = mutex_lock_killable(&gate_lock);

	if (ret < 0)
		return ret;
	if (n < 0)
		return -EINVAL;		/* gate_lock is still held */
	gate_count += n;
	mutex_unlock(&gate_lock);
	return 0;
}
