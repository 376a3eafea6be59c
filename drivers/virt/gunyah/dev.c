// SPDX-License-Identifier: GPL-2.0-only
/*
 * /dev/gunyah: the character device through which a VMM creates virtual
 * machines.
 */

#define pr_fmt(fmt) "gunyah: " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>

#include <uapi/linux/gunyah.h>

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

static int __init gunyah_init(void)
{
	return misc_register(&gunyah_dev);
}
module_init(gunyah_init);

static void __exit gunyah_exit(void)
{
	misc_deregister(&gunyah_dev);
}
module_exit(gunyah_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Gunyah hypervisor virtual machine manager");
