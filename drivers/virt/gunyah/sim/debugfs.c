// SPDX-License-Identifier: GPL-2.0-only
/*
 * Gunyah simulator: debugfs directory "gunyah_sim".
 *
 *   stats    (read)  counters, the dead flag and the protocol level
 *   vms      (read)  one line per VM: state, parcels, boot context, demand
 *                    paging and address layout
 *   parcels  (read)  one line per memory parcel
 *   fault    (r/w)   armed faults; see fault.c for the commands
 *   notify   (write) "<notification id hex> <payload hex bytes>" makes the
 *                    RM send that notification; bytes may be separated by
 *                    blanks
 *   exit     (write) "<vmid> <exit_type> <exit_code>", each decimal or 0x
 *                    hex: a RUNNING or PAUSED VM exits as if its guest did
 *                    (see sim_vm_exit())
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/gunyah_rm_msg.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "sim.h"

/* Longest accepted write to "fault". */
#define SIM_DEBUGFS_FAULT_MAX	4096
/* Longest accepted write to "notify": an id and a maximal payload. */
#define SIM_DEBUGFS_NOTIFY_MAX	(16 + 3 * GUNYAH_RM_MAX_MSG_SIZE)
/* Longest accepted write to "exit": three numbers and blanks. */
#define SIM_DEBUGFS_EXIT_MAX	64
#define SIM_DEBUGFS_EXIT_ARGS	3

static struct dentry *sim_debugfs_dir;

static int sim_debugfs_stats_show(struct seq_file *s, void *unused)
{
	struct sim_rm *rm = s->private;

	seq_printf(s, "requests: %lld\n", atomic64_read(&sim_stats.requests));
	seq_printf(s, "replies: %lld\n", atomic64_read(&sim_stats.replies));
	seq_printf(s, "notifications: %lld\n",
		   atomic64_read(&sim_stats.notifications));
	seq_printf(s, "malformed: %lld\n", atomic64_read(&sim_stats.malformed));
	seq_printf(s, "ignored: %lld\n", atomic64_read(&sim_stats.ignored));
	seq_printf(s, "quirk_send: %lld\n",
		   atomic64_read(&sim_stats.quirk_send));
	seq_printf(s, "quirk_recv: %lld\n",
		   atomic64_read(&sim_stats.quirk_recv));
	seq_printf(s, "faults_fired: %lld\n",
		   atomic64_read(&sim_stats.faults_fired));
	seq_printf(s, "replies_dropped: %lld\n",
		   atomic64_read(&sim_stats.replies_dropped));
	seq_printf(s, "notifs_dropped: %lld\n",
		   atomic64_read(&sim_stats.notifs_dropped));
	seq_printf(s, "parked: %lld\n", atomic64_read(&sim_stats.parked));
	seq_printf(s, "deaths: %lld\n", atomic64_read(&sim_stats.deaths));
	seq_printf(s, "dead: %d\n", sim_rm_is_dead(rm));
	seq_printf(s, "protocol: %s\n", sim_rm_protocol_name(rm->protocol));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_debugfs_stats);

static int sim_debugfs_vms_show(struct seq_file *s, void *unused)
{
	struct sim_rm *rm = s->private;

	mutex_lock(&rm->lock);
	sim_vm_show(s, rm);
	mutex_unlock(&rm->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_debugfs_vms);

static int sim_debugfs_parcels_show(struct seq_file *s, void *unused)
{
	struct sim_rm *rm = s->private;

	mutex_lock(&rm->lock);
	sim_mem_show(s, rm);
	mutex_unlock(&rm->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_debugfs_parcels);

static int sim_debugfs_fault_show(struct seq_file *s, void *unused)
{
	sim_fault_show(s);
	return 0;
}

static int sim_debugfs_fault_open(struct inode *inode, struct file *file)
{
	return single_open(file, sim_debugfs_fault_show, inode->i_private);
}

static ssize_t sim_debugfs_fault_write(struct file *file,
				       const char __user *ubuf, size_t count,
				       loff_t *ppos)
{
	char *text;
	int ret;

	if (count > SIM_DEBUGFS_FAULT_MAX)
		return -E2BIG;
	text = memdup_user_nul(ubuf, count);
	if (IS_ERR(text))
		return PTR_ERR(text);
	ret = sim_fault_parse(text);
	kfree(text);
	return ret ? ret : count;
}

static const struct file_operations sim_debugfs_fault_fops = {
	.owner		= THIS_MODULE,
	.open		= sim_debugfs_fault_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= single_release,
	.write		= sim_debugfs_fault_write,
};

/* Parse "<id hex> <hex bytes>" into @id and @payload; return the size. */
static ssize_t sim_debugfs_parse_notify(char *text, u32 *id, u8 *payload)
{
	char *tok, *p = skip_spaces(text);
	size_t n = 0;
	int hi, lo;

	tok = strsep(&p, " \t\n");
	if (!tok || kstrtou32(tok, 16, id))
		return -EINVAL;

	while (p && *(p = skip_spaces(p))) {
		hi = hex_to_bin(p[0]);
		lo = hex_to_bin(p[1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		if (n == GUNYAH_RM_MAX_MSG_SIZE)
			return -E2BIG;
		payload[n++] = hi << 4 | lo;
		p += 2;
	}
	return n;
}

static ssize_t sim_debugfs_notify_write(struct file *file,
					const char __user *ubuf, size_t count,
					loff_t *ppos)
{
	struct sim_rm *rm = file->private_data;
	ssize_t size;
	u8 *payload;
	char *text;
	u32 id;
	int ret;

	if (count > SIM_DEBUGFS_NOTIFY_MAX)
		return -E2BIG;
	payload = kvmalloc(GUNYAH_RM_MAX_MSG_SIZE, GFP_KERNEL);
	if (!payload)
		return -ENOMEM;
	text = memdup_user_nul(ubuf, count);
	if (IS_ERR(text)) {
		ret = PTR_ERR(text);
		goto out_free_payload;
	}

	size = sim_debugfs_parse_notify(text, &id, payload);
	if (size < 0)
		ret = size;
	else
		ret = sim_rm_inject_notification(rm, id, payload, size);

	kfree(text);
out_free_payload:
	kvfree(payload);
	return ret ? ret : count;
}

static const struct file_operations sim_debugfs_notify_fops = {
	.owner		= THIS_MODULE,
	.open		= simple_open,
	.write		= sim_debugfs_notify_write,
	.llseek		= noop_llseek,
};

/* Parse "<vmid> <exit_type> <exit_code>", decimal or 0x hex, into @args. */
static int sim_debugfs_parse_exit(char *text, u16 *args)
{
	char *tok, *p = text;
	unsigned int n = 0;

	while ((tok = strsep(&p, " \t\n"))) {
		if (!*tok)
			continue;
		if (n == SIM_DEBUGFS_EXIT_ARGS || kstrtou16(tok, 0, &args[n]))
			return -EINVAL;
		n++;
	}
	return n == SIM_DEBUGFS_EXIT_ARGS ? 0 : -EINVAL;
}

static ssize_t sim_debugfs_exit_write(struct file *file,
				      const char __user *ubuf, size_t count,
				      loff_t *ppos)
{
	struct sim_rm *rm = file->private_data;
	u16 args[SIM_DEBUGFS_EXIT_ARGS];
	char *text;
	int ret;

	if (count > SIM_DEBUGFS_EXIT_MAX)
		return -E2BIG;
	text = memdup_user_nul(ubuf, count);
	if (IS_ERR(text))
		return PTR_ERR(text);
	ret = sim_debugfs_parse_exit(text, args);
	kfree(text);
	if (!ret)
		ret = sim_vm_exit(rm, args[0], args[1], args[2]);
	return ret ? ret : count;
}

static const struct file_operations sim_debugfs_exit_fops = {
	.owner		= THIS_MODULE,
	.open		= simple_open,
	.write		= sim_debugfs_exit_write,
	.llseek		= noop_llseek,
};

/**
 * sim_debugfs_init() - create the debugfs directory "gunyah_sim"
 * @rm: the RM the files show and control
 *
 * Failures are not errors: the simulator works without debugfs.
 */
void sim_debugfs_init(struct sim_rm *rm)
{
	sim_debugfs_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("stats", 0444, sim_debugfs_dir, rm,
			    &sim_debugfs_stats_fops);
	debugfs_create_file("vms", 0444, sim_debugfs_dir, rm,
			    &sim_debugfs_vms_fops);
	debugfs_create_file("parcels", 0444, sim_debugfs_dir, rm,
			    &sim_debugfs_parcels_fops);
	debugfs_create_file("fault", 0644, sim_debugfs_dir, rm,
			    &sim_debugfs_fault_fops);
	debugfs_create_file("notify", 0200, sim_debugfs_dir, rm,
			    &sim_debugfs_notify_fops);
	debugfs_create_file("exit", 0200, sim_debugfs_dir, rm,
			    &sim_debugfs_exit_fops);
	debugfs_create_bool("null_vcpu_run", 0600, sim_debugfs_dir,
			    &sim_guest_null_run);
}

/**
 * sim_debugfs_exit() - remove the directory, waiting for open files' calls
 */
void sim_debugfs_exit(void)
{
	debugfs_remove_recursive(sim_debugfs_dir);
	sim_debugfs_dir = NULL;
}
