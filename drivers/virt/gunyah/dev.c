// SPDX-License-Identifier: GPL-2.0-only
/*
 * /dev/gunyah: the character device through which a VMM creates virtual
 * machines.
 */

#define pr_fmt(fmt) "gunyah: " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>

#include <uapi/linux/gunyah.h>

#include "hypercall.h"
#include "rm_platform.h"
#include "vm_mgr.h"

static long gunyah_dev_create_vm(unsigned long type)
{
	if (type)
		return -EINVAL;

	/*
	 * A VM is hosted by the Resource Manager of a Gunyah hypervisor; with
	 * none present there is nothing that could run it.
	 */
	return -ENODEV;
}

static long gunyah_dev_ioctl(struct file *filp, unsigned int cmd,
			     unsigned long arg)
{
	switch (cmd) {
	case GUNYAH_CREATE_VM:
		return gunyah_dev_create_vm(arg);
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

	ret = gunyah_gmem_init();
	if (ret)
		goto err_rm_platform_exit;

	ret = misc_register(&gunyah_dev);
	if (ret)
		goto err_gmem_exit;
	return 0;

err_gmem_exit:
	gunyah_gmem_exit();
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
	gunyah_gmem_exit();
	gunyah_rm_platform_exit();
	debugfs_remove_recursive(gunyah_debugfs);
}
module_exit(gunyah_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Gunyah hypervisor virtual machine manager");
