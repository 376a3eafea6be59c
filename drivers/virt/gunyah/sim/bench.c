// SPDX-License-Identifier: GPL-2.0-only
/*
 * RPC benchmark against the simulator (gunyah_rm_bench.ko). Reading
 * /sys/kernel/debug/gunyah_rm_bench/results runs it and reports, in one
 * run:
 *
 * - the baseline: a round trip on the bare transport, one request-sized
 *   packet sent and received again on the simulator's loopback message
 *   queue (two hypercalls, no interrupt, no Resource Manager);
 * - the smallest RPC (VM_GET_VMID) through the RPC client, message queues,
 *   interrupts and simulated RM, with 1 caller and with 8 concurrent
 *   callers: mean and percentile latency and calls per second;
 * - each figure as a ratio to the baseline.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/gunyah.h>
#include <linux/gunyah_rm.h>
#include <linux/gunyah_rm_msg.h>
#include <linux/gunyah_sim.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>

#define BENCH_THREADS	8

static unsigned int iterations = 500;
module_param(iterations, uint, 0644);
MODULE_PARM_DESC(iterations, "calls per caller and per measurement (default 500)");

static struct dentry *bench_dir;
static DEFINE_MUTEX(bench_lock);	/* one run at a time */

struct bench_worker {
	struct gunyah_rm *rm;
	struct completion *go;
	struct completion done;
	u64 *lat;		/* @n latencies in ns */
	unsigned int n;
	int ret;
};

static int bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Round trips of a request-sized packet on the loopback queue. */
static int bench_transport(u64 *lat, unsigned int n)
{
	u8 pkt[GUNYAH_RM_MAX_PACKET_SIZE], back[GUNYAH_RM_MAX_PACKET_SIZE];
	enum gunyah_error gerr;
	size_t len, got;
	unsigned int i;
	bool ready;
	u64 t0;

	len = gunyah_rm_msg_pack(pkt, GUNYAH_RM_TYPE_REQUEST, 0, 0x56000024,
				 NULL, 0, 0);
	for (i = 0; i < n; i++) {
		t0 = ktime_get_ns();
		gerr = gunyah_hypercall_msgq_send(GUNYAH_SIM_CAP_LOOPBACK, len,
						  pkt, 0, &ready);
		if (gerr == GUNYAH_ERROR_OK)
			gerr = gunyah_hypercall_msgq_recv(GUNYAH_SIM_CAP_LOOPBACK,
							  back, sizeof(back),
							  &got, &ready);
		lat[i] = ktime_get_ns() - t0;
		if (gerr != GUNYAH_ERROR_OK || got != len)
			return -EIO;
	}
	return 0;
}

static int bench_worker_fn(void *data)
{
	struct bench_worker *w = data;
	unsigned int i;
	u16 vmid;
	u64 t0;

	wait_for_completion(w->go);
	for (i = 0; i < w->n && !w->ret; i++) {
		t0 = ktime_get_ns();
		w->ret = gunyah_rm_get_vmid(w->rm, &vmid);
		w->lat[i] = ktime_get_ns() - t0;
	}
	complete(&w->done);
	return 0;
}

/* @nthreads callers of VM_GET_VMID at once; returns the wall time. */
static int bench_rpc(struct gunyah_rm *rm, unsigned int nthreads, u64 *lat,
		     unsigned int n, u64 *wall_ns)
{
	struct bench_worker *w;
	struct completion go;
	unsigned int i, started = 0;
	int ret = 0;
	u64 t0;

	w = kcalloc(nthreads, sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	init_completion(&go);
	for (i = 0; i < nthreads; i++) {
		struct task_struct *t;

		w[i] = (struct bench_worker){
			.rm = rm, .go = &go, .lat = lat + (size_t)i * n, .n = n,
		};
		init_completion(&w[i].done);
		t = kthread_run(bench_worker_fn, &w[i], "gunyah_bench/%u", i);
		if (IS_ERR(t)) {
			ret = PTR_ERR(t);
			break;
		}
		started++;
	}

	t0 = ktime_get_ns();
	complete_all(&go);
	/* Killable, not uninterruptible: a run is long but never hung. */
	for (i = 0; i < started; i++) {
		if (wait_for_completion_killable(&w[i].done)) {
			/* The workers hold w: let them finish first. */
			wait_for_completion(&w[i].done);
			ret = -EINTR;
		}
		if (w[i].ret && !ret)
			ret = w[i].ret;
	}
	*wall_ns = ktime_get_ns() - t0;
	kfree(w);
	return ret;
}

static u64 bench_mean(const u64 *lat, size_t n)
{
	u64 sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += lat[i];
	return div64_u64(sum, n);
}

/* Ratio a/b with two decimals, printed as "x.yy". */
static void bench_ratio(struct seq_file *s, const char *what, u64 a, u64 b)
{
	u64 r = div64_u64(a * 100, b ?: 1);

	seq_printf(s, "%s: %llu.%02llu\n", what, r / 100, r % 100);
}

static void bench_report(struct seq_file *s, const char *name, u64 *lat,
			 size_t n, u64 wall_ns)
{
	sort(lat, n, sizeof(*lat), bench_cmp_u64, NULL);
	seq_printf(s, "%s_mean_ns: %llu\n", name, bench_mean(lat, n));
	seq_printf(s, "%s_p50_ns: %llu\n", name, lat[n / 2]);
	seq_printf(s, "%s_p99_ns: %llu\n", name, lat[n * 99 / 100]);
	if (wall_ns)
		seq_printf(s, "%s_calls_per_s: %llu\n", name,
			   div64_u64((u64)n * NSEC_PER_SEC, wall_ns));
}

static int bench_results_show(struct seq_file *s, void *unused)
{
	unsigned int n = iterations;
	u64 base, one, eight, wall1, wall8, *lat;
	struct gunyah_rm *rm;
	int ret;

	if (!n)
		return -EINVAL;
	rm = gunyah_rm_get();
	if (!rm)
		return -ENODEV;
	lat = kvcalloc((size_t)n * BENCH_THREADS, sizeof(*lat), GFP_KERNEL);
	if (!lat) {
		ret = -ENOMEM;
		goto out_put;
	}

	mutex_lock(&bench_lock);
	seq_printf(s, "iterations: %u\n", n);

	ret = bench_transport(lat, n);
	if (ret)
		goto out_unlock;
	bench_report(s, "transport", lat, n, 0);
	base = bench_mean(lat, n);

	ret = bench_rpc(rm, 1, lat, n, &wall1);
	if (ret)
		goto out_unlock;
	one = bench_mean(lat, n);
	bench_report(s, "rpc_1_caller", lat, n, wall1);

	ret = bench_rpc(rm, BENCH_THREADS, lat, n, &wall8);
	if (ret)
		goto out_unlock;
	eight = bench_mean(lat, (size_t)n * BENCH_THREADS);
	bench_report(s, "rpc_8_callers", lat, (size_t)n * BENCH_THREADS, wall8);

	bench_ratio(s, "ratio_rpc_1_caller_latency_to_transport", one, base);
	bench_ratio(s, "ratio_rpc_8_callers_latency_to_transport", eight, base);
	bench_ratio(s, "ratio_throughput_8_to_1_callers",
		    div64_u64((u64)n * BENCH_THREADS * NSEC_PER_SEC, wall8),
		    div64_u64((u64)n * NSEC_PER_SEC, wall1));

out_unlock:
	mutex_unlock(&bench_lock);
	kvfree(lat);
out_put:
	gunyah_rm_put(rm);
	return ret;
}
DEFINE_SHOW_ATTRIBUTE(bench_results);

static int __init bench_init(void)
{
	bench_dir = debugfs_create_dir("gunyah_rm_bench", NULL);
	debugfs_create_file("results", 0400, bench_dir, NULL,
			    &bench_results_fops);
	return 0;
}
module_init(bench_init);

static void __exit bench_exit(void)
{
	debugfs_remove_recursive(bench_dir);
}
module_exit(bench_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Gunyah RM RPC benchmark against the simulator");
