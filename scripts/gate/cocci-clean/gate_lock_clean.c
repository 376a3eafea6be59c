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

static DECLARE_RWSEM(gate_rwsem);
static DEFINE_SPINLOCK(gate_spin);

int gate_lock_clean_rwsem(int n);
int gate_lock_clean_rwsem(int n)
{
	int ret = 0;

	down_write(&gate_rwsem);
	if (n < 0) {
		ret = -EINVAL;
		goto out_unlock;
	}
	gate_count += n;
out_unlock:
	up_write(&gate_rwsem);
	return ret;
}

int gate_lock_clean_spin(int n);
int gate_lock_clean_spin(int n)
{
	unsigned long flags;

	spin_lock_irqsave(&gate_spin, flags);
	if (n < 0) {
		spin_unlock_irqrestore(&gate_spin, flags);
		return -EINVAL;
	}
	gate_count += n;
	spin_unlock_irqrestore(&gate_spin, flags);
	return 0;
}

int gate_lock_clean_trylock(int n);
int gate_lock_clean_trylock(int n)
{
	if (!mutex_trylock(&gate_lock))
		return -EBUSY;
	gate_count += n;
	mutex_unlock(&gate_lock);
	return 0;
}

/* Sleeps without the caller's lock and takes it again: held at return. */
int gate_lock_clean_relock(int n);
int gate_lock_clean_relock(int n)
	__must_hold(&gate_lock)
{
	mutex_unlock(&gate_lock);
	gate_count += n;
	mutex_lock(&gate_lock);
	return gate_count;
}
