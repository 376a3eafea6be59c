// SPDX-License-Identifier: GPL-2.0-only
/* Planted defect for the gate self-test: a mutex held on an error return. */

#include <linux/errno.h>
#include <linux/mutex.h>

static DEFINE_MUTEX(gate_lock);
static int gate_count;

int gate_mini_lock(int n);
int gate_mini_lock(int n)
{
	mutex_lock(&gate_lock);
	if (n < 0)
		return -EINVAL;		/* gate_lock is still held */
	gate_count += n;
	mutex_unlock(&gate_lock);
	return 0;
}
