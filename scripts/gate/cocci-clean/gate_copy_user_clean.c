// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must-not-fire fixture for the gate self-test: user copies tested, each
 * user structure fetched once.
 */

#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/types.h>
#include <linux/uaccess.h>

struct gate_args {
	__u32 size;
	__u32 flags;
	__u64 data;
};

long gate_copy_clean(void __user *argp);
long gate_copy_clean(void __user *argp)
{
	struct gate_args args;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.flags)
		return -EINVAL;
	args.size = sizeof(args);
	if (copy_to_user(argp, &args, sizeof(args)))
		return -EFAULT;
	return 0;
}

long gate_copy_clean_get_user(__u32 __user *argp, __u32 *out);
long gate_copy_clean_get_user(__u32 __user *argp, __u32 *out)
{
	return get_user(*out, argp);
}

long gate_copy_clean_array(__u64 __user *argp, __u64 *out, int n);
long gate_copy_clean_array(__u64 __user *argp, __u64 *out, int n)
{
	int i;

	/* Each element once: one call site in a loop is not a double fetch. */
	for (i = 0; i < n; i++)
		if (copy_from_user(&out[i], argp + i, sizeof(out[i])))
			return -EFAULT;
	return 0;
}

long gate_copy_clean_two(void __user *a, void __user *b);
long gate_copy_clean_two(void __user *a, void __user *b)
{
	struct gate_args x, y;

	if (copy_from_user(&x, a, sizeof(x)) ||
	    copy_from_user(&y, b, sizeof(y)))
		return -EFAULT;
	return x.flags == y.flags ? 0 : -EINVAL;
}

long gate_copy_clean_memdup(void __user *argp, size_t size, void **out);
long gate_copy_clean_memdup(void __user *argp, size_t size, void **out)
{
	void *p;

	p = memdup_user(argp, size);
	if (IS_ERR(p))
		return PTR_ERR(p);
	*out = p;
	return 0;
}
