// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must-not-fire fixture for the gate self-test: correct uses of fallible
 * locks, including goto unwinding, that no Coccinelle rule may flag.
 */

#include <linux/errno.h>
#include <linux/mutex.h>

static DEFINE_MUTEX(gate_lock);
static int gate_count;

int gate_lock_clean_goto(int n);
int gate_lock_clean_goto(int n)
{
	int ret;

	ret = mutex_lock_killable(&gate_lock);
	if (ret)
		return ret;
	if (n < 0) {
		ret = -EINVAL;
		goto out_unlock;
	}
	gate_count += n;
out_unlock:
	mutex_unlock(&gate_lock);
	return ret;
}

int gate_lock_clean_direct(int n);
int gate_lock_clean_direct(int n)
{
	if (mutex_lock_interruptible(&gate_lock))
		return -EINTR;
	if (n < 0) {
		mutex_unlock(&gate_lock);
		return -EINVAL;
	}
	gate_count += n;
	mutex_unlock(&gate_lock);
	return 0;
}
