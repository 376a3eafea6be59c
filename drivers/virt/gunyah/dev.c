// SPDX-License-Identifier: GPL-2.0-only
/*
 * /dev/gunyah: the character device through which a VMM creates virtual
 * machines and guest memory, and learns what the system supports.
 */

#define pr_fmt(fmt) "gunyah: " fmt

#include <linux/debugfs.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/gunyah_rm.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#include <uapi/linux/gunyah.h>

#include "hypercall.h"
#include "rm_platform.h"
#include "vm_mgr.h"

static long gunyah_dev_create_guest_mem(void __user *argp)
{
	struct gunyah_create_mem_args args;
	struct file *file;
	int fd;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;

	file = gunyah_gmem_create(&args);
	if (IS_ERR(file))
		return PTR_ERR(file);
	fd = get_unused_fd_flags(args.flags & GHMF_CLOEXEC ? O_CLOEXEC : 0);
	if (fd < 0) {
		fput(file);
		return fd;
	}
	fd_install(fd, file);
	return fd;
}

static long gunyah_dev_query_caps(void __user *argp)
{
	struct gunyah_capabilities caps;
	struct gunyah_rm *rm;
	int protocol;

	if (copy_from_user(&caps, argp, sizeof(caps)))
		return -EFAULT;
	if (caps.padding || memchr_inv(caps.reserved, 0, sizeof(caps.reserved)))
		return -EINVAL;

	memset(&caps, 0, sizeof(caps));
	caps.features = GUNYAH_CAP_USER_MEM | GUNYAH_CAP_FW_CONFIG;
	if (gunyah_gmem_supported(false))
		caps.features |= GUNYAH_CAP_GUEST_MEM;
	if (gunyah_gmem_supported(true))
		caps.features |= GUNYAH_CAP_GUEST_MEM_HUGEPAGE;

	rm = gunyah_rm_get();
	if (rm) {
		protocol = gunyah_rm_protocol(rm);
		gunyah_rm_put(rm);
		if (protocol < 0)
			return protocol;
		caps.features |= GUNYAH_CAP_VM;
		caps.rm_protocol = protocol;
		if (protocol == GUNYAH_RM_PROTOCOL_FULL)
			caps.features |= GUNYAH_CAP_BOOT_CONTEXT |
					 GUNYAH_CAP_DEMAND_PAGING;
	}

	if (copy_to_user(argp, &caps, sizeof(caps)))
		return -EFAULT;
	return 0;
}

static long gunyah_dev_ioctl(struct file *filp, unsigned int cmd,
			     unsigned long arg)
{
	switch (cmd) {
	case GUNYAH_CREATE_VM:
		return gunyah_dev_vm_create(arg);
	case GUNYAH_CREATE_GUEST_MEM:
		return gunyah_dev_create_guest_mem((void __user *)arg);
	case GUNYAH_QUERY_CAPS:
		return gunyah_dev_query_caps((void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations gunyah_dev_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = gunyah_dev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice gunyah_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "gunyah",
	.fops = &gunyah_dev_fops,
};

static struct dentry *gunyah_debugfs;

static int __init gunyah_init(void)
{
	int ret;

	gunyah_hypercall_init();
	gunyah_debugfs = debugfs_create_dir("gunyah", NULL);

	ret = gunyah_rm_platform_init(gunyah_debugfs);
	if (ret)
		goto err_remove_debugfs;

	ret = gunyah_vm_mgr_init();
	if (ret)
		goto err_rm_platform_exit;

	ret = misc_register(&gunyah_dev);
	if (ret)
		goto err_vm_mgr_exit;
	return 0;

err_vm_mgr_exit:
	gunyah_vm_mgr_exit();
err_rm_platform_exit:
	gunyah_rm_platform_exit();
err_remove_debugfs:
	debugfs_remove_recursive(gunyah_debugfs);
	return ret;
}
module_init(gunyah_init);

static void __exit gunyah_exit(void)
{
	misc_deregister(&gunyah_dev);
	/* VMs closed before unloading may still be tearing down. */
	gunyah_vm_mgr_exit();
	gunyah_rm_platform_exit();
	debugfs_remove_recursive(gunyah_debugfs);
}
module_exit(gunyah_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Gunyah hypervisor virtual machine manager");
