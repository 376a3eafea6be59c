// SPDX-License-Identifier: GPL-2.0-only
/*
 * Planted defects for the gate self-test, reached from user space through
 * debugfs: writing to "uaf" reads freed memory, writing to "leak" loses an
 * allocation, writing to "rm_fatal" sends the simulated Resource Manager a
 * request that kills the real one (VM_DEALLOCATE of a VM id nobody
 * allocated). The e2e stage must report all three (KASAN, kmemleak and the
 * simulator's FATAL).
 */

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/gunyah_rm.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

static struct dentry *gate_dir;
static void *gate_leaked;
static struct task_struct *gate_fatal_task;

/* The RM never answers a request that kills it: wait in a thread. */
static int gate_fatal_fn(void *data)
{
	struct gunyah_rm *rm = data;

	allow_signal(SIGKILL);
	gunyah_rm_dealloc_vmid(rm, 0x99);
	gunyah_rm_put(rm);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

static ssize_t gate_rm_fatal_write(struct file *f, const char __user *buf,
				   size_t len, loff_t *pos)
{
	struct gunyah_rm *rm;

	if (gate_fatal_task)
		return -EBUSY;
	rm = gunyah_rm_get();
	if (!rm)
		return -ENODEV;
	gate_fatal_task = kthread_run(gate_fatal_fn, rm, "gate_rm_fatal");
	if (IS_ERR(gate_fatal_task)) {
		gunyah_rm_put(rm);
		gate_fatal_task = NULL;
		return -ENOMEM;
	}
	get_task_struct(gate_fatal_task);
	return len;
}

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

static const struct file_operations gate_rm_fatal_fops = {
	.owner = THIS_MODULE,
	.write = gate_rm_fatal_write,
};

static int __init gate_init(void)
{
	gate_dir = debugfs_create_dir("gunyah_gate_fixture", NULL);
	debugfs_create_file("uaf", 0200, gate_dir, NULL, &gate_uaf_fops);
	debugfs_create_file("leak", 0200, gate_dir, NULL, &gate_leak_fops);
	debugfs_create_file("rm_fatal", 0200, gate_dir, NULL,
			    &gate_rm_fatal_fops);
	return 0;
}
module_init(gate_init);

static void __exit gate_exit(void)
{
	debugfs_remove(gate_dir);
	if (gate_fatal_task) {
		send_sig(SIGKILL, gate_fatal_task, 1);
		kthread_stop(gate_fatal_task);
		put_task_struct(gate_fatal_task);
	}
}
module_exit(gate_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Gate self-test fixture: use-after-free and leak");
