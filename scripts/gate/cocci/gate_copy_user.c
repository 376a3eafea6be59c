// SPDX-License-Identifier: GPL-2.0-only
/*
 * Planted defects for the gate self-test: user copies whose result is
 * dropped or returned as an errno (gunyah_copy_user.cocci).
 */

#include <linux/errno.h>
#include <linux/types.h>
#include <linux/uaccess.h>

struct gate_args {
	__u32 size;
	__u32 flags;
};

long gate_copy_dropped(void __user *argp);
long gate_copy_dropped(void __user *argp)
{
	struct gate_args args = { };

	copy_from_user(&args, argp, sizeof(args));	/* not tested */
	return args.flags ? -EINVAL : 0;
}

long gate_copy_returned(void __user *argp);
long gate_copy_returned(void __user *argp)
{
	struct gate_args args = { .size = sizeof(args) };

	return copy_to_user(argp, &args, sizeof(args));	/* bytes, not -EFAULT */
}

long gate_copy_returned_var(void __user *argp);
long gate_copy_returned_var(void __user *argp)
{
	struct gate_args args = { .size = sizeof(args) };
	long ret;

	ret = copy_to_user(argp, &args, sizeof(args));
	if (ret)
		return ret;		/* bytes, not -EFAULT */
	return 0;
}
