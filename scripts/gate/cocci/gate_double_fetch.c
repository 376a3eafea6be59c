// SPDX-License-Identifier: GPL-2.0-only
/*
 * Planted defects for the gate self-test: a user structure fetched twice
 * (gunyah_double_fetch.cocci).
 */

#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/types.h>
#include <linux/uaccess.h>

struct gate_hdr {
	__u32 size;
	__u32 flags;
};

long gate_double_fetch_size(struct gate_hdr __user *argp);
long gate_double_fetch_size(struct gate_hdr __user *argp)
{
	struct gate_hdr *buf;
	__u32 size;

	if (get_user(size, &argp->size))
		return -EFAULT;
	if (size < sizeof(*buf) || size > PAGE_SIZE)
		return -EINVAL;
	/* buf->size may no longer be the size checked above */
	buf = memdup_user(argp, size);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	kfree(buf);
	return 0;
}

long gate_double_fetch_hdr(void __user *argp);
long gate_double_fetch_hdr(void __user *argp)
{
	struct gate_hdr hdr, full;

	if (copy_from_user(&hdr, argp, sizeof(hdr)))
		return -EFAULT;
	if (hdr.flags)
		return -EINVAL;
	if (copy_from_user(&full, argp, sizeof(full)))	/* fetched again */
		return -EFAULT;
	return full.size;
}
