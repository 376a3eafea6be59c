// SPDX-License-Identifier: GPL-2.0-only
/*
 * Planted defects for the gate self-test: rwsems, spinlocks and trylocks
 * still held on an error return (gunyah_lock_return.cocci).
 */

#include <linux/errno.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>

static DEFINE_MUTEX(gate_lock);
static DECLARE_RWSEM(gate_rwsem);
static DEFINE_SPINLOCK(gate_spin);
static int gate_count;

int gate_lock_rwsem_goto(int n);
int gate_lock_rwsem_goto(int n)
{
	int ret = 0;

	down_write(&gate_rwsem);
	if (n < 0)
		goto out;		/* skips the unlock */
	gate_count += n;
	up_write(&gate_rwsem);
out:
	return ret;
}

int gate_lock_spin_irqsave(int n);
int gate_lock_spin_irqsave(int n)
{
	unsigned long flags;

	spin_lock_irqsave(&gate_spin, flags);
	if (n < 0)
		return -EINVAL;		/* gate_spin is still held */
	gate_count += n;
	spin_unlock_irqrestore(&gate_spin, flags);
	return 0;
}

int gate_lock_trylock(int n);
int gate_lock_trylock(int n)
{
	if (!mutex_trylock(&gate_lock))
		return -EBUSY;
	if (n < 0)
		return -EINVAL;		/* gate_lock is still held */
	gate_count += n;
	mutex_unlock(&gate_lock);
	return 0;
}

int gate_lock_rwsem_killable(int n);
int gate_lock_rwsem_killable(int n)
{
	if (down_read_killable(&gate_rwsem))
		return -EINTR;
	if (n < 0)
		return -EINVAL;		/* gate_rwsem is still held */
	gate_count += n;
	up_read(&gate_rwsem);
	return 0;
}

/* A lock taken and released in a loop is followed all the same. */
int gate_lock_loop(int n);
int gate_lock_loop(int n)
{
	int i;

	for (i = 0; i < n; i++) {
		mutex_lock(&gate_lock);
		if (gate_count < 0)
			return -EINVAL;	/* gate_lock is still held */
		gate_count++;
		mutex_unlock(&gate_lock);
	}
	return 0;
}
