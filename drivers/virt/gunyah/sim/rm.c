// SPDX-License-Identifier: GPL-2.0-only
/*
 * Gunyah simulator: the transport side of the Resource Manager.
 *
 * Like the real RM (ABI section 3) this is one thread: an ordered workqueue
 * whose work items hold sim_rm::lock while they run. The RX work drains the
 * host's TX queue, reassembles packets with the driver's codec (malformed
 * packets are dropped silently, as the RM does), dispatches REQUESTs and
 * queues the replies. Notifications a request causes are queued before its
 * reply.
 *
 * Transmission follows the RM's rm-rpc and rm-rpc-fifo layers: one message
 * is in flight at a time and is sent packet by packet, without PUSH, until
 * the host's RX queue is full; the rest is parked until the host receives
 * from a full queue, which kicks the RX work. Behind the message in flight
 * wait at most one reply (a newer reply drops the older one) and up to 256
 * notifications (the oldest is dropped). When the message in flight is done
 * the pending reply goes first, then the pending notifications.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/gunyah_rm_msg.h>
#include <linux/gunyah_sim.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "sim.h"

#define SIM_RM_MAX_PENDING_NOTIFS	256
/* Byte 0 of the first packet of a reply corrupted on purpose. */
#define SIM_RM_CORRUPT_BYTE0		0x22
#define SIM_RM_UNKNOWN_SEQ_XOR		0x8000
/* Message ids whose last request is remembered for in-kernel tests. */
#define SIM_LAST_MAX			64

/* Protects sim_rm_active: the RM that activity on the queues wakes up. */
static DEFINE_SPINLOCK(sim_rm_kick_lock);
static struct sim_rm *sim_rm_active;

/**
 * struct sim_last_req - the payload of the latest request with one id
 * @node: entry in sim_last_reqs, most recent first
 * @msg_id: message id
 * @size: payload size
 * @data: payload
 */
struct sim_last_req {
	struct list_head node;
	u32 msg_id;
	size_t size;
	u8 data[];
};

/* Protects sim_last_reqs and sim_nr_last; callable from any context. */
static DEFINE_SPINLOCK(sim_last_lock);
static LIST_HEAD(sim_last_reqs);
static unsigned int sim_nr_last;

static void sim_rm_record_request(u32 msg_id, const void *data, size_t size)
{
	struct sim_last_req *new, *e, *old = NULL, *evict = NULL;
	unsigned long flags;

	new = kvmalloc(struct_size(new, data, size), GFP_KERNEL);
	if (new) {
		new->msg_id = msg_id;
		new->size = size;
		memcpy(new->data, data, size);
	}

	spin_lock_irqsave(&sim_last_lock, flags);
	list_for_each_entry(e, &sim_last_reqs, node) {
		if (e->msg_id == msg_id) {
			old = e;
			list_del(&e->node);
			sim_nr_last--;
			break;
		}
	}
	if (new) {
		if (sim_nr_last == SIM_LAST_MAX) {
			evict = list_last_entry(&sim_last_reqs,
						struct sim_last_req, node);
			list_del(&evict->node);
			sim_nr_last--;
		}
		list_add(&new->node, &sim_last_reqs);
		sim_nr_last++;
	}
	spin_unlock_irqrestore(&sim_last_lock, flags);

	kvfree(old);
	kvfree(evict);
}

static void sim_rm_forget_requests(void)
{
	struct sim_last_req *e, *tmp;
	unsigned long flags;
	LIST_HEAD(list);

	spin_lock_irqsave(&sim_last_lock, flags);
	list_splice_init(&sim_last_reqs, &list);
	sim_nr_last = 0;
	spin_unlock_irqrestore(&sim_last_lock, flags);

	list_for_each_entry_safe(e, tmp, &list, node)
		kvfree(e);
}

/**
 * gunyah_sim_rm_last_request() - the payload of the latest request of a kind
 * @msg_id: RM message id of the request
 * @buf: destination; may be NULL if @size is 0
 * @size: size of @buf; at most this many bytes are copied
 *
 * The simulated RM remembers the payload of the latest request it received
 * for each of the last 64 message ids seen, whether or not it could handle
 * the request. Faults injected through debugfs do not change what is
 * remembered.
 *
 * Context: any.
 * Return: the full length of that payload, which may exceed @size; -ENOENT if
 * no request with @msg_id was received since the module was loaded.
 */
ssize_t gunyah_sim_rm_last_request(u32 msg_id, void *buf, size_t size)
{
	struct sim_last_req *e;
	unsigned long flags;
	ssize_t ret = -ENOENT;

	spin_lock_irqsave(&sim_last_lock, flags);
	list_for_each_entry(e, &sim_last_reqs, node) {
		if (e->msg_id == msg_id) {
			if (size)
				memcpy(buf, e->data, min(size, e->size));
			ret = e->size;
			break;
		}
	}
	spin_unlock_irqrestore(&sim_last_lock, flags);
	return ret;
}
EXPORT_SYMBOL_GPL(gunyah_sim_rm_last_request);

/**
 * sim_rm_kick() - wake the RM: the host's queues changed
 *
 * Called for the RM's RX-not-empty and TX-not-full interrupts.
 *
 * Context: any.
 */
void sim_rm_kick(void)
{
	unsigned long flags;

	spin_lock_irqsave(&sim_rm_kick_lock, flags);
	if (sim_rm_active)
		queue_work(sim_rm_active->wq, &sim_rm_active->rx_work);
	spin_unlock_irqrestore(&sim_rm_kick_lock, flags);
}

static struct sim_rm_msg *sim_rm_msg_alloc(u8 type, u16 seq, u32 msg_id,
					   size_t size)
{
	struct sim_rm_msg *m;
	int fragments;

	fragments = gunyah_rm_msg_fragments(size);
	if (WARN_ON_ONCE(fragments < 0))
		return NULL;

	m = kvzalloc(struct_size(m, payload, size), GFP_KERNEL);
	if (!m)
		return NULL;
	INIT_LIST_HEAD(&m->node);
	m->type = type;
	m->seq = seq;
	m->msg_id = msg_id;
	m->size = size;
	m->npkts = fragments + 1;
	return m;
}

/* Send packets of the message in flight until it is done or the queue full. */
static void sim_rm_tx_flush(struct sim_rm *rm)
	__must_hold(&rm->lock)
{
	struct sim_rm_msg *m;
	ssize_t len;

	lockdep_assert_held(&rm->lock);
	while ((m = rm->tx_cur)) {
		len = gunyah_rm_msg_pack(rm->pkt_out, m->type, m->seq ^ m->seq_xor,
					 m->msg_id, m->payload, m->size,
					 m->next);
		if (WARN_ON_ONCE(len < 0)) {
			rm->tx_cur = NULL;
			kvfree(m);
			break;
		}
		if (!m->next && m->corrupt)
			rm->pkt_out[0] = SIM_RM_CORRUPT_BYTE0;

		if (sim_msgq_rm_send(rm->pkt_out, len)) {
			/* Parked until the host receives from its full queue. */
			sim_stat_inc(&sim_stats.parked);
			return;
		}

		if (++m->next < m->npkts)
			continue;
		if (m->repeat) {
			m->repeat--;
			m->next = 0;
			m->seq_xor = 0;
			continue;
		}
		rm->tx_cur = NULL;
		kvfree(m);
	}
}

static void sim_rm_tx_start(struct sim_rm *rm, struct sim_rm_msg *m)
	__must_hold(&rm->lock)
{
	rm->tx_cur = m;
	sim_rm_tx_flush(rm);
}

static void sim_rm_tx_pending_notifs(struct sim_rm *rm)
	__must_hold(&rm->lock)
{
	struct sim_rm_msg *m;

	while (!rm->tx_cur && !list_empty(&rm->pending_notifs)) {
		m = list_first_entry(&rm->pending_notifs, struct sim_rm_msg,
				     node);
		list_del_init(&m->node);
		rm->nr_pending_notifs--;
		sim_rm_tx_start(rm, m);
	}
}

/* Make progress after the host received: the RM's TX-not-full interrupt. */
static void sim_rm_tx_pump(struct sim_rm *rm)
	__must_hold(&rm->lock)
{
	struct sim_rm_msg *m;

	sim_rm_tx_flush(rm);
	if (!rm->tx_cur && rm->pending_reply) {
		m = rm->pending_reply;
		rm->pending_reply = NULL;
		sim_rm_tx_start(rm, m);
	}
	sim_rm_tx_pending_notifs(rm);
}

static void sim_rm_tx_discard(struct sim_rm *rm)
	__must_hold(&rm->lock)
{
	struct sim_rm_msg *m, *tmp;

	lockdep_assert_held(&rm->lock);
	kvfree(rm->tx_cur);
	rm->tx_cur = NULL;
	kvfree(rm->pending_reply);
	rm->pending_reply = NULL;
	list_for_each_entry_safe(m, tmp, &rm->pending_notifs, node) {
		list_del(&m->node);
		kvfree(m);
	}
	rm->nr_pending_notifs = 0;
}

static void sim_rm_queue_reply(struct sim_rm *rm, struct sim_rm_msg *m)
	__must_hold(&rm->lock)
{
	struct sim_rm_msg *old = rm->pending_reply;

	sim_rm_tx_flush(rm);
	if (old) {
		rm->pending_reply = NULL;
		if (!rm->tx_cur) {
			sim_rm_tx_start(rm, old);
		} else {
			kvfree(old);
			sim_stat_inc(&sim_stats.replies_dropped);
			pr_warn_ratelimited("dropped a pending reply: the host has more than one request outstanding and does not drain its queue\n");
		}
	}
	if (!rm->tx_cur)
		sim_rm_tx_start(rm, m);
	else
		rm->pending_reply = m;
}

/**
 * sim_rm_notify() - send a notification to the host
 * @rm: the RM
 * @notif_id: notification id
 * @payload: notification payload (no error word)
 * @size: payload size, at most %GUNYAH_RM_MAX_MSG_SIZE
 *
 * The notification goes out after those queued before it; it is dropped if
 * 256 notifications are already waiting for the host.
 *
 * Context: process context, @rm->lock held.
 */
void sim_rm_notify(struct sim_rm *rm, u32 notif_id, const void *payload,
		   size_t size)
	__must_hold(&rm->lock)
{
	struct sim_rm_msg *m, *oldest;

	lockdep_assert_held(&rm->lock);
	if (rm->dead)
		return;

	m = sim_rm_msg_alloc(GUNYAH_RM_TYPE_NOTIFICATION, rm->notif_seq++,
			     notif_id, size);
	if (!m) {
		sim_stat_inc(&sim_stats.notifs_dropped);
		return;
	}
	if (size)
		memcpy(m->payload, payload, size);
	sim_stat_inc(&sim_stats.notifications);

	sim_rm_tx_flush(rm);
	sim_rm_tx_pending_notifs(rm);
	if (!rm->tx_cur) {
		sim_rm_tx_start(rm, m);
		return;
	}

	if (rm->nr_pending_notifs == SIM_RM_MAX_PENDING_NOTIFS) {
		oldest = list_first_entry(&rm->pending_notifs,
					  struct sim_rm_msg, node);
		list_del(&oldest->node);
		rm->nr_pending_notifs--;
		kvfree(oldest);
		sim_stat_inc(&sim_stats.notifs_dropped);
	}
	list_add_tail(&m->node, &rm->pending_notifs);
	rm->nr_pending_notifs++;
}

/**
 * sim_rm_reply_data() - append data to the reply of the call being handled
 * @rm: the RM
 * @data: bytes to append
 * @len: number of bytes
 *
 * The data follows the error word in the reply, and is sent only if the
 * handler returns %SIM_RM_OK.
 *
 * Context: @rm->lock held.
 */
void sim_rm_reply_data(struct sim_rm *rm, const void *data, size_t len)
	__must_hold(&rm->lock)
{
	lockdep_assert_held(&rm->lock);
	if (WARN_ON_ONCE(len > sizeof(rm->reply) - rm->reply_len))
		return;
	memcpy(rm->reply + rm->reply_len, data, len);
	rm->reply_len += len;
}

/**
 * sim_rm_reply_le32() - append a little-endian u32 to the reply
 * @rm: the RM
 * @val: the value
 *
 * Context: @rm->lock held.
 */
void sim_rm_reply_le32(struct sim_rm *rm, u32 val)
	__must_hold(&rm->lock)
{
	u8 word[4];

	put_unaligned_le32(val, word);
	sim_rm_reply_data(rm, word, sizeof(word));
}

static void sim_rm_send_reply(struct sim_rm *rm, u16 seq, u32 msg_id,
			      u32 err, const struct sim_fault_hit *hit)
	__must_hold(&rm->lock)
{
	size_t data_len = err == SIM_RM_OK ? rm->reply_len : 0;
	size_t len = sizeof(u32) + data_len;
	size_t size = len;
	struct sim_rm_msg *m;

	if (hit->kind == SIM_FAULT_TRUNCATE)
		size = max_t(size_t, size, GUNYAH_RM_MAX_PAYLOAD_PER_PACKET + 1);
	else if (hit->kind == SIM_FAULT_MAXFRAG)
		size = max_t(size_t, size, GUNYAH_RM_MAX_MSG_SIZE);

	m = sim_rm_msg_alloc(GUNYAH_RM_TYPE_REPLY, seq, msg_id, size);
	if (!m) {
		sim_stat_inc(&sim_stats.replies_dropped);
		return;
	}
	put_unaligned_le32(err, m->payload);
	if (data_len)
		memcpy(m->payload + sizeof(u32), rm->reply, data_len);

	switch (hit->kind) {
	case SIM_FAULT_CORRUPT:
		m->corrupt = true;
		break;
	case SIM_FAULT_DUPLICATE:
		m->repeat = 1;
		break;
	case SIM_FAULT_UNKNOWN_SEQ:
		m->repeat = 1;
		m->seq_xor = SIM_RM_UNKNOWN_SEQ_XOR;
		break;
	case SIM_FAULT_TRUNCATE:
		/* The first packet only: the continuation never comes. */
		m->npkts = 1;
		break;
	default:
		break;
	}

	atomic64_add(1 + m->repeat, &sim_stats.replies);
	sim_rm_queue_reply(rm, m);
}

/* Sleep without the lock, like an RM busy elsewhere; false if stopping. */
static bool sim_rm_sleep(struct sim_rm *rm, unsigned int ms)
	__must_hold(&rm->lock)
{
	mutex_unlock(&rm->lock);
	wait_event_idle_timeout(rm->stop_wait, READ_ONCE(rm->stopping),
				msecs_to_jiffies(ms));
	mutex_lock(&rm->lock);
	return !rm->stopping;
}

static void sim_rm_handle_request(struct sim_rm *rm, u16 seq, u32 msg_id,
				  const u8 *req, size_t len)
	__must_hold(&rm->lock)
{
	struct sim_fault_hit hit;
	u32 err;

	sim_stat_inc(&sim_stats.requests);
	sim_rm_record_request(msg_id, req, len);

	sim_fault_take(msg_id, &hit);
	if (hit.kind != SIM_FAULT_NONE)
		sim_stat_inc(&sim_stats.faults_fired);

	rm->reply_len = 0;
	switch (hit.kind) {
	case SIM_FAULT_NOREPLY:
		return;
	case SIM_FAULT_ERROR:
		sim_rm_send_reply(rm, seq, msg_id, hit.arg, &hit);
		return;
	case SIM_FAULT_DELAY:
		if (!sim_rm_sleep(rm, hit.arg))
			return;
		break;
	default:
		break;
	}

	if (!sim_vm_dispatch(rm, msg_id, req, len, &err) &&
	    !sim_mem_dispatch(rm, msg_id, req, len, &err)) {
		rm->reply_len = 0;
		err = SIM_RM_UNIMPLEMENTED;
	}
	if (rm->dead)
		return;
	sim_rm_send_reply(rm, seq, msg_id, err, &hit);
}

static void sim_rm_rx_packet(struct sim_rm *rm, size_t len)
	__must_hold(&rm->lock)
{
	bool dropped_partial;
	int ret;

	ret = gunyah_rm_msg_rx_packet(rm->rx, rm->pkt_in, len,
				      &dropped_partial);
	if (dropped_partial)
		sim_stat_inc(&sim_stats.malformed);
	if (ret < 0) {
		sim_stat_inc(&sim_stats.malformed);
		return;
	}
	if (ret != GUNYAH_RM_RX_COMPLETE)
		return;

	/* The RM handles only requests from its clients. */
	if (rm->rx->info.type != GUNYAH_RM_TYPE_REQUEST) {
		sim_stat_inc(&sim_stats.ignored);
		return;
	}
	sim_rm_handle_request(rm, rm->rx->info.seq, rm->rx->info.msg_id,
			      rm->rx->buf, rm->rx->size);
}

static void sim_rm_rx_work(struct work_struct *work)
{
	struct sim_rm *rm = container_of(work, struct sim_rm, rx_work);
	ssize_t len;

	mutex_lock(&rm->lock);
	while (!rm->dead && !rm->stopping) {
		sim_rm_tx_pump(rm);
		len = sim_msgq_rm_receive(rm->pkt_in);
		if (len < 0)
			break;
		sim_rm_rx_packet(rm, len);
		cond_resched();
	}
	mutex_unlock(&rm->lock);
}

/**
 * sim_rm_die() - the RM process dies
 * @rm: the RM
 * @fmt: printf format of the reason
 *
 * Logs "gunyah_sim: FATAL: resource manager died: <reason>". From then on the
 * RM consumes nothing from the host and sends nothing, not even the rest of
 * a parked message: the host's queue fills up and its callers wait.
 *
 * Context: @rm->lock held.
 */
void sim_rm_die(struct sim_rm *rm, const char *fmt, ...)
	__must_hold(&rm->lock)
{
	struct va_format vaf;
	va_list args;

	lockdep_assert_held(&rm->lock);
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_err("FATAL: resource manager died: %pV\n", &vaf);
	va_end(args);

	WRITE_ONCE(rm->dead, true);
	sim_stat_inc(&sim_stats.deaths);
	sim_rm_tx_discard(rm);
	gunyah_rm_msg_rx_reset(rm->rx);
}

/**
 * sim_rm_is_dead() - whether the RM died
 * @rm: the RM
 *
 * Return: the dead flag; a snapshot when called without @rm->lock.
 */
bool sim_rm_is_dead(struct sim_rm *rm)
{
	return READ_ONCE(rm->dead);
}

/**
 * sim_rm_inject_notification() - make the RM send an arbitrary notification
 * @rm: the RM
 * @notif_id: notification id
 * @payload: payload
 * @size: payload size, at most %GUNYAH_RM_MAX_MSG_SIZE
 *
 * Return: 0, or -EIO if the RM died.
 */
int sim_rm_inject_notification(struct sim_rm *rm, u32 notif_id,
			       const void *payload, size_t size)
{
	int ret = 0;

	mutex_lock(&rm->lock);
	if (rm->dead || rm->stopping)
		ret = -EIO;
	else
		sim_rm_notify(rm, notif_id, payload, size);
	mutex_unlock(&rm->lock);
	return ret;
}

/**
 * sim_rm_protocol_name() - name of a protocol level, as in the parameter
 * @protocol: the protocol level
 *
 * Return: "oss" or "full".
 */
const char *sim_rm_protocol_name(enum sim_protocol protocol)
{
	return protocol == SIM_PROTOCOL_FULL ? "full" : "oss";
}

/**
 * sim_rm_create() - create the RM and start serving the host's queues
 * @protocol: which RM to model
 * @nr_vcpus: vCPUs each VM gets at VM_INIT, 1 to %SIM_MAX_VCPUS
 *
 * Return: the RM, or an ERR_PTR().
 */
struct sim_rm *sim_rm_create(enum sim_protocol protocol,
			     unsigned int nr_vcpus)
{
	unsigned long flags;
	struct sim_rm *rm;

	rm = kzalloc(sizeof(*rm), GFP_KERNEL);
	if (!rm)
		return ERR_PTR(-ENOMEM);

	rm->rx = kvzalloc(sizeof(*rm->rx), GFP_KERNEL);
	if (!rm->rx)
		goto err_free_rm;

	mutex_init(&rm->lock);
	INIT_WORK(&rm->rx_work, sim_rm_rx_work);
	INIT_WORK(&rm->reset_work, sim_vm_reset_work);
	init_waitqueue_head(&rm->stop_wait);
	INIT_LIST_HEAD(&rm->pending_notifs);
	INIT_LIST_HEAD(&rm->vms);
	INIT_LIST_HEAD(&rm->parcels);
	rm->protocol = protocol;
	rm->nr_vcpus = nr_vcpus;
	rm->next_capid = SIM_FIRST_BELL_CAP;

	rm->wq = alloc_ordered_workqueue("gunyah_sim_rm", 0);
	if (!rm->wq)
		goto err_free_rx;

	spin_lock_irqsave(&sim_rm_kick_lock, flags);
	sim_rm_active = rm;
	spin_unlock_irqrestore(&sim_rm_kick_lock, flags);
	/* Serve whatever the host queued before the RM existed. */
	queue_work(rm->wq, &rm->rx_work);
	return rm;

err_free_rx:
	mutex_destroy(&rm->lock);
	kvfree(rm->rx);
err_free_rm:
	kfree(rm);
	return ERR_PTR(-ENOMEM);
}

/**
 * sim_rm_destroy() - stop the RM and free everything it holds
 * @rm: the RM
 *
 * Works whatever the RM is doing: idle, parked on a full queue, dead, or
 * sleeping in an injected delay (which is cut short). The host must no
 * longer use the queues.
 */
void sim_rm_destroy(struct sim_rm *rm)
{
	unsigned long flags;

	spin_lock_irqsave(&sim_rm_kick_lock, flags);
	sim_rm_active = NULL;
	spin_unlock_irqrestore(&sim_rm_kick_lock, flags);

	mutex_lock(&rm->lock);
	WRITE_ONCE(rm->stopping, true);
	mutex_unlock(&rm->lock);
	wake_up_all(&rm->stop_wait);
	destroy_workqueue(rm->wq);

	mutex_lock(&rm->lock);
	sim_rm_tx_discard(rm);
	sim_vm_destroy_all(rm);
	sim_mem_destroy_all(rm);
	mutex_unlock(&rm->lock);

	sim_rm_forget_requests();
	sim_fault_clear();
	mutex_destroy(&rm->lock);
	kvfree(rm->rx);
	kfree(rm);
}
