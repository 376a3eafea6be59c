// SPDX-License-Identifier: GPL-2.0-only
/*
 * Gunyah simulator: faults injected into the Resource Manager's replies.
 *
 * A fault is armed for one message id and fires for the next requests with
 * that id, count times. Faults are set through debugfs "fault", one per line:
 *
 *   <msg_id hex> error <rm_error hex> [count]  reply with that error instead
 *   <msg_id hex> noreply [count]               process nothing, never reply
 *   <msg_id hex> corrupt [count]               byte 0 of the first packet of
 *                                              the reply is 0x22
 *   <msg_id hex> duplicate [count]             send the reply twice
 *   <msg_id hex> unknown_seq [count]           first a copy of the reply with
 *                                              seq ^ 0x8000, then the reply
 *   <msg_id hex> truncate [count]              only the first packet of a
 *                                              reply of at least 2 packets
 *   <msg_id hex> maxfrag [count]               reply padded with zeros to 63
 *                                              packets
 *   <msg_id hex> delay <ms> [count]            reply after ms milliseconds
 *   clear                                      remove every fault
 *
 * Reading the file lists the armed faults in the same format.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/gunyah_sim.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "sim.h"

#define SIM_FAULT_MAX		64
#define SIM_FAULT_MAX_DELAY_MS	(60 * 60 * 1000)

/**
 * struct sim_fault - an armed fault
 * @node: entry in sim_faults, in the order they were armed
 * @msg_id: message id of the requests it applies to
 * @hit: what it does
 * @count: how many more requests it applies to
 */
struct sim_fault {
	struct list_head node;
	u32 msg_id;
	struct sim_fault_hit hit;
	unsigned int count;
};

/* Protects sim_faults and sim_nr_faults. */
static DEFINE_MUTEX(sim_fault_lock);
static LIST_HEAD(sim_faults);
static unsigned int sim_nr_faults;

static const char * const sim_fault_names[] = {
	[SIM_FAULT_ERROR]	= "error",
	[SIM_FAULT_NOREPLY]	= "noreply",
	[SIM_FAULT_CORRUPT]	= "corrupt",
	[SIM_FAULT_DUPLICATE]	= "duplicate",
	[SIM_FAULT_UNKNOWN_SEQ]	= "unknown_seq",
	[SIM_FAULT_TRUNCATE]	= "truncate",
	[SIM_FAULT_MAXFRAG]	= "maxfrag",
	[SIM_FAULT_DELAY]	= "delay",
};

/**
 * sim_fault_take() - the fault, if any, for a request just received
 * @msg_id: message id of the request
 * @hit: set to the first armed fault for @msg_id, or to %SIM_FAULT_NONE
 *
 * Uses up one count of that fault.
 *
 * Context: process context.
 */
void sim_fault_take(u32 msg_id, struct sim_fault_hit *hit)
{
	struct sim_fault *f;

	hit->kind = SIM_FAULT_NONE;
	hit->arg = 0;

	mutex_lock(&sim_fault_lock);
	list_for_each_entry(f, &sim_faults, node) {
		if (f->msg_id != msg_id)
			continue;
		*hit = f->hit;
		if (!--f->count) {
			list_del(&f->node);
			sim_nr_faults--;
			kfree(f);
		}
		break;
	}
	mutex_unlock(&sim_fault_lock);
}

/**
 * sim_fault_clear() - disarm every fault
 *
 * Context: process context.
 */
void sim_fault_clear(void)
{
	struct sim_fault *f, *tmp;

	mutex_lock(&sim_fault_lock);
	list_for_each_entry_safe(f, tmp, &sim_faults, node) {
		list_del(&f->node);
		kfree(f);
	}
	sim_nr_faults = 0;
	mutex_unlock(&sim_fault_lock);
}

static int sim_fault_kind(const char *name)
{
	int kind;

	for (kind = SIM_FAULT_NONE + 1; kind < ARRAY_SIZE(sim_fault_names);
	     kind++)
		if (!strcmp(name, sim_fault_names[kind]))
			return kind;
	return -EINVAL;
}

static char *sim_fault_next_token(char **line)
{
	char *tok;

	do {
		tok = strsep(line, " \t");
	} while (tok && !*tok);
	return tok;
}

static int sim_fault_parse_one(char *line)
{
	struct sim_fault_hit hit = { };
	unsigned int count = 1;
	struct sim_fault *f;
	char *tok;
	u32 msg_id;
	int kind;

	tok = sim_fault_next_token(&line);
	if (!tok)
		return 0;	/* blank line */
	if (!strcmp(tok, "clear")) {
		if (sim_fault_next_token(&line))
			return -EINVAL;
		sim_fault_clear();
		return 0;
	}
	if (kstrtou32(tok, 16, &msg_id))
		return -EINVAL;

	tok = sim_fault_next_token(&line);
	if (!tok)
		return -EINVAL;
	kind = sim_fault_kind(tok);
	if (kind < 0)
		return kind;
	hit.kind = kind;

	if (kind == SIM_FAULT_ERROR || kind == SIM_FAULT_DELAY) {
		tok = sim_fault_next_token(&line);
		if (!tok || kstrtou32(tok, kind == SIM_FAULT_ERROR ? 16 : 10,
				      &hit.arg))
			return -EINVAL;
		if (kind == SIM_FAULT_DELAY && hit.arg > SIM_FAULT_MAX_DELAY_MS)
			return -ERANGE;
	}

	tok = sim_fault_next_token(&line);
	if (tok && (kstrtouint(tok, 10, &count) || !count))
		return -EINVAL;
	if (sim_fault_next_token(&line))
		return -EINVAL;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->msg_id = msg_id;
	f->hit = hit;
	f->count = count;

	mutex_lock(&sim_fault_lock);
	if (sim_nr_faults == SIM_FAULT_MAX) {
		mutex_unlock(&sim_fault_lock);
		kfree(f);
		return -ENOSPC;
	}
	list_add_tail(&f->node, &sim_faults);
	sim_nr_faults++;
	mutex_unlock(&sim_fault_lock);
	return 0;
}

/**
 * sim_fault_parse() - arm or clear faults from text written to debugfs
 * @text: one command per line, NUL-terminated; modified
 *
 * Lines are applied in order up to the first invalid one.
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int sim_fault_parse(char *text)
{
	char *line;
	int ret;

	while ((line = strsep(&text, "\n"))) {
		ret = sim_fault_parse_one(line);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * sim_fault_show() - list the armed faults, one per line
 * @s: the seq_file
 *
 * Context: process context.
 */
void sim_fault_show(struct seq_file *s)
{
	struct sim_fault *f;

	mutex_lock(&sim_fault_lock);
	list_for_each_entry(f, &sim_faults, node) {
		seq_printf(s, "%#x %s", f->msg_id, sim_fault_names[f->hit.kind]);
		if (f->hit.kind == SIM_FAULT_ERROR)
			seq_printf(s, " %#x", f->hit.arg);
		else if (f->hit.kind == SIM_FAULT_DELAY)
			seq_printf(s, " %u", f->hit.arg);
		seq_printf(s, " %u\n", f->count);
	}
	mutex_unlock(&sim_fault_lock);
}

/**
 * gunyah_sim_fault_set() - arm faults from an in-kernel test
 * @cmd: commands in the syntax of the debugfs "fault" file
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int gunyah_sim_fault_set(const char *cmd)
{
	char *text = kstrdup(cmd, GFP_KERNEL);
	int ret;

	if (!text)
		return -ENOMEM;
	ret = sim_fault_parse(text);
	kfree(text);
	return ret;
}
EXPORT_SYMBOL_GPL(gunyah_sim_fault_set);
