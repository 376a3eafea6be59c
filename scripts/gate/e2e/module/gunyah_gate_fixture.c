// SPDX-License-Identifier: GPL-2.0-only
/*
 * Planted defects for the gate self-test, reached from user space through
 * debugfs: writing to "uaf" reads freed memory, writing to "leak" loses an
 * allocation. The e2e stage must report both (KASAN and kmemleak).
 */

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/slab.h>

static struct dentry *gate_dir;
static void *gate_leaked;

static ssize_t gate_uaf_write(struct file *f, const char __user *buf,
			      size_t len, loff_t *pos)
{
	u8 *p = kmalloc(64, GFP_KERNEL);
	u8 v;

	if (!p)
		return -ENOMEM;
	kfree(p);
	v = READ_ONCE(p[8]);	/* use after free */
	pr_info("gate fixture read %u after free\n", v);
	return len;
}

static ssize_t gate_leak_write(struct file *f, const char __user *buf,
			       size_t len, loff_t *pos)
{
	gate_leaked = kmalloc(128, GFP_KERNEL);
	gate_leaked = NULL;	/* the only reference is lost */
	return len;
}

static const struct file_operations gate_uaf_fops = {
	.owner = THIS_MODULE,
	.write = gate_uaf_write,
};

static const struct file_operations gate_leak_fops = {
	.owner = THIS_MODULE,
	.write = gate_leak_write,
};

static int __init gate_init(void)
{
	gate_dir = debugfs_create_dir("gunyah_gate_fixture", NULL);
	debugfs_create_file("uaf", 0200, gate_dir, NULL, &gate_uaf_fops);
	debugfs_create_file("leak", 0200, gate_dir, NULL, &gate_leak_fops);
	return 0;
}
module_init(gate_init);

static void __exit gate_exit(void)
{
	debugfs_remove(gate_dir);
}
module_exit(gate_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Gate self-test fixture: use-after-free and leak");
