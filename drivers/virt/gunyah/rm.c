// SPDX-License-Identifier: GPL-2.0-only
/*
 * Resource Manager RPC client: sequence numbers, replies matched to their
 * callers, notifications fanned out to listeners.
 *
 * Callers are any number of threads. A call is one entry in @calls, keyed by
 * its sequence number, that lives on the caller's stack: the receive path
 * only touches it while it is in @calls, under the xarray's lock, and takes
 * it out before completing it. A caller that gives up (fatal signal) takes
 * its entry out under the same lock, so a reply that arrives later finds
 * nothing and is dropped.
 *
 * Lock order: send_lock, then the xarray lock. The receive path runs in one
 * thread at a time (the transport's RX handler) and owns @rx.
 */

#define pr_fmt(fmt) "gunyah_rm: " fmt

#include <linux/completion.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/gunyah_rm.h>
#include <linux/gunyah_rm_msg.h>
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "rm_rpc.h"

/**
 * struct gunyah_rm_call_ctx - one RPC in flight
 * @msg_id: the call's message id; a reply must carry the same
 * @done: completed by the receive path once the reply fields are set
 * @rm_error: the RM's error code from the reply
 * @resp: reply data after the error code (kmalloc'ed), or NULL
 * @resp_size: length of @resp
 * @resp_lost: the reply carried data that could not be kept (no memory)
 */
struct gunyah_rm_call_ctx {
	u32 msg_id;
	struct completion done;
	u32 rm_error;
	void *resp;
	size_t resp_size;
	bool resp_lost;
};

/**
 * struct gunyah_rm_notif - a notification on its way to the listeners
 * @work: runs the notifier chain
 * @rm: the RM it came from
 * @msg_id: notification id
 * @size: length of @payload
 * @payload: the notification's payload
 */
struct gunyah_rm_notif {
	struct work_struct work;
	struct gunyah_rm *rm;
	u32 msg_id;
	size_t size;
	u8 payload[] __counted_by(size);
};

/**
 * struct gunyah_rm - a Resource Manager client
 * @dev: the device the RM was found through
 * @transport: packet transport
 * @transport_data: the transport's private data
 * @send_lock: serialises senders so packets of two messages never interleave
 * @calls: calls waiting for a reply, indexed by sequence number; protected
 *         by its own lock
 * @next_seq: cursor of the cyclic sequence number allocator; protected by
 *            the lock of @calls
 * @nh: notification listeners
 * @notif_wq: ordered queue delivering notifications one at a time
 * @stats_lock: protects @stats
 * @stats: counters
 * @rx: reassembly of incoming packets; owned by the receive path
 * @protocol_lock: serialises finding out @protocol
 * @protocol: GUNYAH_RM_PROTOCOL_*, 0 until known
 * @call_timeout: how long a call waits for its reply, in jiffies; 0 for as
 *                long as the caller lives
 */
struct gunyah_rm {
	struct device *dev;
	const struct gunyah_rm_transport *transport;
	void *transport_data;

	struct mutex send_lock;	/* serialises packet trains */
	struct xarray calls;
	u32 next_seq;

	struct blocking_notifier_head nh;
	struct workqueue_struct *notif_wq;

	spinlock_t stats_lock;	/* protects stats */
	struct gunyah_rm_stats stats;

	struct gunyah_rm_msg_rx rx;

	struct mutex protocol_lock;	/* serialises the probe */
	int protocol;

	unsigned long call_timeout;
};

static unsigned int call_timeout_ms = 30000;
module_param(call_timeout_ms, uint, 0644);
MODULE_PARM_DESC(call_timeout_ms,
		 "how long an RM call waits for its reply, for RM clients created afterwards; 0: until the caller is killed (default 30000)");

/* Count an event in one of @rm's statistics. */
static void gunyah_rm_count(struct gunyah_rm *rm, u64 *counter)
{
	spin_lock(&rm->stats_lock);
	(*counter)++;
	spin_unlock(&rm->stats_lock);
}

/**
 * gunyah_rm_error_remap() - the errno for an RM error code
 * @rm_error: error code from a reply
 *
 * Return: 0 for OK, -EOPNOTSUPP for UNIMPLEMENTED (so callers can fall back
 * to an older protocol), another negative errno otherwise; codes this driver
 * does not know map to -EPROTO.
 */
int gunyah_rm_error_remap(u32 rm_error)
{
	switch (rm_error) {
	case GUNYAH_RM_ERROR_OK:
		return 0;
	case GUNYAH_RM_ERROR_UNIMPLEMENTED:
		return -EOPNOTSUPP;
	case GUNYAH_RM_ERROR_NOMEM:
		return -ENOMEM;
	case GUNYAH_RM_ERROR_NORESOURCE:
		return -ENODEV;
	case GUNYAH_RM_ERROR_DENIED:
		return -EPERM;
	case GUNYAH_RM_ERROR_BUSY:
	case GUNYAH_RM_ERROR_MEM_INUSE:
	case GUNYAH_RM_ERROR_IN_USE:
	case GUNYAH_RM_ERROR_IRQ_INUSE:
	case GUNYAH_RM_ERROR_VM_STATE:
		return -EBUSY;
	case GUNYAH_RM_ERROR_LOOKUP_FAILED:
		return -ENOENT;
	case GUNYAH_RM_ERROR_MSG_INVALID:
	case GUNYAH_RM_ERROR_ARGUMENT_INVALID:
	case GUNYAH_RM_ERROR_HANDLE_INVALID:
	case GUNYAH_RM_ERROR_VALIDATE_FAILED:
	case GUNYAH_RM_ERROR_MAP_FAILED:
	case GUNYAH_RM_ERROR_MEM_INVALID:
	case GUNYAH_RM_ERROR_MEM_RELEASED:
	case GUNYAH_RM_ERROR_VMID_INVALID:
	case GUNYAH_RM_ERROR_IRQ_INVALID:
	case GUNYAH_RM_ERROR_IRQ_RELEASED:
	case GUNYAH_RM_ERROR_IRQ_NOT_MAPPED:
		return -EINVAL;
	default:
		return -EPROTO;
	}
}
EXPORT_SYMBOL_GPL(gunyah_rm_error_remap);

static void gunyah_rm_notif_work(struct work_struct *work)
{
	struct gunyah_rm_notif *notif =
		container_of(work, struct gunyah_rm_notif, work);

	blocking_notifier_call_chain(&notif->rm->nh, notif->msg_id,
				     notif->payload);
	kfree(notif);
}

/* Minimum payload of each notification we deliver; 0 = not delivered. */
static size_t gunyah_rm_notif_min_size(u32 msg_id)
{
	switch (msg_id) {
	case GUNYAH_RM_NOTIF_VM_STATUS:
		return sizeof(struct gunyah_rm_vm_status_payload);
	case GUNYAH_RM_NOTIF_VM_EXITED:
		return sizeof(struct gunyah_rm_vm_exited_payload);
	default:
		return 0;
	}
}

static void gunyah_rm_handle_notif(struct gunyah_rm *rm,
				   const struct gunyah_rm_msg_rx *rx)
{
	size_t min = gunyah_rm_notif_min_size(rx->info.msg_id);
	struct gunyah_rm_notif *notif;

	if (!min || rx->size < min) {
		gunyah_rm_count(rm, &rm->stats.notifications_ignored);
		return;
	}
	if (rx->info.msg_id == GUNYAH_RM_NOTIF_VM_EXITED) {
		const struct gunyah_rm_vm_exited_payload *exited =
			(const void *)rx->buf;

		/* Listeners may read all of the reason the RM announces. */
		if (le32_to_cpu(exited->exit_reason_size) >
		    rx->size - sizeof(*exited)) {
			gunyah_rm_count(rm, &rm->stats.notifications_ignored);
			return;
		}
	}

	notif = kmalloc(struct_size(notif, payload, rx->size), GFP_KERNEL);
	if (!notif) {
		gunyah_rm_count(rm, &rm->stats.notifications_ignored);
		return;
	}
	notif->size = rx->size;
	memcpy(notif->payload, rx->buf, rx->size);
	notif->rm = rm;
	notif->msg_id = rx->info.msg_id;
	INIT_WORK(&notif->work, gunyah_rm_notif_work);
	gunyah_rm_count(rm, &rm->stats.notifications);
	queue_work(rm->notif_wq, &notif->work);
}

static void gunyah_rm_handle_reply(struct gunyah_rm *rm,
				   const struct gunyah_rm_msg_rx *rx)
{
	struct gunyah_rm_call_ctx *call;
	size_t size;
	void *resp = NULL;
	__le32 err;

	if (rx->size < sizeof(err)) {
		gunyah_rm_count(rm, &rm->stats.malformed_replies);
		return;
	}
	memcpy(&err, rx->buf, sizeof(err));

	/* Copy before looking the caller up: no allocation under the lock. */
	size = rx->size - sizeof(err);
	if (size)
		resp = kmemdup(rx->buf + sizeof(err), size, GFP_KERNEL);

	xa_lock(&rm->calls);
	call = xa_load(&rm->calls, rx->info.seq);
	if (!call || call->msg_id != rx->info.msg_id) {
		xa_unlock(&rm->calls);
		kfree(resp);
		gunyah_rm_count(rm, &rm->stats.unexpected_replies);
		return;
	}
	__xa_erase(&rm->calls, rx->info.seq);
	call->rm_error = le32_to_cpu(err);
	call->resp_lost = size && !resp;
	call->resp = resp;
	call->resp_size = resp ? size : 0;
	complete(&call->done);
	xa_unlock(&rm->calls);

	gunyah_rm_count(rm, &rm->stats.replies);
}

/**
 * gunyah_rm_receive() - hand one received packet to the client
 * @rm: the RM client
 * @pkt: the packet, header first
 * @len: its length
 *
 * Called by the transport, one packet at a time and in arrival order, from
 * process context (a threaded interrupt handler). Malformed packets are
 * dropped and counted.
 */
void gunyah_rm_receive(struct gunyah_rm *rm, const void *pkt, size_t len)
{
	bool dropped = false;
	int ret;

	ret = gunyah_rm_msg_rx_packet(&rm->rx, pkt, len, &dropped);
	if (dropped)
		gunyah_rm_count(rm, &rm->stats.dropped_messages);
	if (ret < 0) {
		dev_dbg_ratelimited(rm->dev, "dropped RM packet: %d\n", ret);
		gunyah_rm_count(rm, &rm->stats.dropped_packets);
		return;
	}
	if (ret != GUNYAH_RM_RX_COMPLETE)
		return;

	switch (rm->rx.info.type) {
	case GUNYAH_RM_TYPE_REPLY:
		gunyah_rm_handle_reply(rm, &rm->rx);
		break;
	case GUNYAH_RM_TYPE_NOTIFICATION:
		gunyah_rm_handle_notif(rm, &rm->rx);
		break;
	default:
		/* The RM never sends us requests. */
		gunyah_rm_count(rm, &rm->stats.dropped_messages);
		break;
	}
}
EXPORT_SYMBOL_GPL(gunyah_rm_receive);

static int gunyah_rm_send_msg(struct gunyah_rm *rm, u32 msg_id, u16 seq,
			      const void *req, size_t req_size)
{
	u8 pkt[GUNYAH_RM_MAX_PACKET_SIZE];
	int fragments, i, ret;
	ssize_t len;

	fragments = gunyah_rm_msg_fragments(req_size);
	if (fragments < 0)
		return fragments;

	ret = mutex_lock_killable(&rm->send_lock);
	if (ret)
		return ret;
	for (i = 0; i <= fragments; i++) {
		len = gunyah_rm_msg_pack(pkt, GUNYAH_RM_TYPE_REQUEST, seq, msg_id,
					 req, req_size, i);
		if (len < 0) {
			ret = len;
			break;
		}
		ret = rm->transport->send(rm, pkt, len, i == fragments);
		if (ret)
			break;
	}
	mutex_unlock(&rm->send_lock);
	return ret;
}

/**
 * gunyah_rm_call_ext() - send a request to the RM and wait for its reply
 * @rm: the RM client
 * @message_id: the RPC's message id
 * @req: request payload; may be NULL if @req_size is 0
 * @req_size: length of @req, at most %GUNYAH_RM_MAX_MSG_SIZE
 * @resp: if not NULL, set to the reply data after the error code
 *        (kmalloc'ed, the caller frees it) or NULL if there is none
 * @resp_size: if not NULL, the length of *@resp
 * @unanswered: if not NULL, set to true when the call failed although the
 *              RM may have carried it out: the whole request was sent but
 *              the wait for the reply ended first, or a successful reply
 *              arrived whose data could not be kept (false otherwise)
 *
 * Waits until the reply arrives, the client's call timeout passes
 * (gunyah_rm_set_call_timeout()), or a fatal signal ends the wait: an RM
 * that never answers blocks no one for good, not even a kernel thread.
 * A reply that comes later is dropped. Reply data is returned only on
 * success: on an error reply it is freed.
 *
 * Context: process context, may sleep.
 * Return: 0 on success; the errno gunyah_rm_error_remap() gives for an RM
 * error (-EOPNOTSUPP for UNIMPLEMENTED); -EMSGSIZE if @req_size is too
 * large; -EINVAL if @req is NULL but @req_size is not 0; -EBUSY if 65536
 * calls are already in flight; -EINTR if a fatal signal ended the wait;
 * -ETIMEDOUT if the timeout did;
 * -ENOMEM, also when a successful reply's data could not be kept; or the
 * transport's error.
 */
int gunyah_rm_call_ext(struct gunyah_rm *rm, u32 message_id, const void *req,
		       size_t req_size, void **resp, size_t *resp_size,
		       bool *unanswered)
{
	struct gunyah_rm_call_ctx call = { .msg_id = message_id };
	/* 0: as long as the caller lives */
	unsigned long timeout = READ_ONCE(rm->call_timeout) ?:
				MAX_SCHEDULE_TIMEOUT;
	bool abandoned = false, sent;
	long left;
	u32 seq;
	int ret;

	if (resp)
		*resp = NULL;
	if (resp_size)
		*resp_size = 0;
	if (unanswered)
		*unanswered = false;
	if (req_size > GUNYAH_RM_MAX_MSG_SIZE)
		return -EMSGSIZE;
	if (!req && req_size)
		return -EINVAL;

	init_completion(&call.done);
	ret = xa_alloc_cyclic(&rm->calls, &seq, &call, XA_LIMIT(0, U16_MAX),
			      &rm->next_seq, GFP_KERNEL);
	if (ret == -EBUSY || ret == -ENOSPC)
		return -EBUSY;
	if (ret < 0)
		return ret;

	gunyah_rm_count(rm, &rm->stats.calls);
	ret = gunyah_rm_send_msg(rm, message_id, seq, req, req_size);
	sent = !ret;
	/*
	 * Killable: a silent RM costs the caller this wait only, and the
	 * hung-task detector does not report killable sleepers.
	 */
	if (sent) {
		left = wait_for_completion_killable_timeout(&call.done, timeout);
		if (left > 0)
			ret = 0;
		else
			ret = left ? left : -ETIMEDOUT;
	}

	if (ret) {
		/*
		 * Sending failed or the caller was killed. Unless the reply
		 * already took the call out, take it out so that a late reply
		 * finds nothing.
		 */
		xa_lock(&rm->calls);
		if (xa_load(&rm->calls, seq) == &call) {
			__xa_erase(&rm->calls, seq);
			abandoned = true;
		}
		xa_unlock(&rm->calls);
		if (abandoned) {
			gunyah_rm_count(rm, &rm->stats.abandoned_calls);
			if (ret == -ETIMEDOUT)
				dev_warn_ratelimited(rm->dev,
						     "RM call %#x: no reply in %u ms\n",
						     message_id,
						     jiffies_to_msecs(timeout));
			if (unanswered)
				*unanswered = sent;
			return ret == -ERESTARTSYS ? -EINTR : ret;
		}
		/* The reply won the race: use it. */
	}

	ret = gunyah_rm_error_remap(call.rm_error);
	if (ret) {
		dev_dbg(rm->dev, "RM call %#x failed: RM error %#x\n",
			message_id, call.rm_error);
		kfree(call.resp);
		return ret;
	}
	if (call.resp_lost) {
		/* The RM did it, but what it answered is gone. */
		if (unanswered)
			*unanswered = true;
		return -ENOMEM;
	}

	if (resp)
		*resp = call.resp;
	else
		kfree(call.resp);
	if (resp_size)
		*resp_size = call.resp_size;
	return 0;
}
EXPORT_SYMBOL_GPL(gunyah_rm_call_ext);

/**
 * gunyah_rm_call() - send a request to the RM and wait for its reply
 * @rm: the RM client
 * @message_id: the RPC's message id
 * @req: request payload; may be NULL if @req_size is 0
 * @req_size: length of @req
 * @resp: if not NULL, set to the reply data (the caller frees it)
 * @resp_size: if not NULL, the length of *@resp
 *
 * gunyah_rm_call_ext() for callers that need not know whether a failed
 * request may have been carried out.
 *
 * Return: as gunyah_rm_call_ext().
 */
int gunyah_rm_call(struct gunyah_rm *rm, u32 message_id, const void *req,
		   size_t req_size, void **resp, size_t *resp_size)
{
	return gunyah_rm_call_ext(rm, message_id, req, req_size, resp,
				  resp_size, NULL);
}
EXPORT_SYMBOL_GPL(gunyah_rm_call);

/**
 * gunyah_rm_notifier_register() - listen to RM notifications
 * @rm: the RM client
 * @nb: called in process context with the notification id as action and a
 *      pointer to the payload as data; the payload is at least as long as
 *      the notification's structure in rm_rpc.h
 *
 * Return: 0 or a negative errno.
 */
int gunyah_rm_notifier_register(struct gunyah_rm *rm, struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&rm->nh, nb);
}
EXPORT_SYMBOL_GPL(gunyah_rm_notifier_register);

/**
 * gunyah_rm_notifier_unregister() - stop listening to RM notifications
 * @rm: the RM client
 * @nb: as registered
 *
 * Return: 0 or -ENOENT.
 */
int gunyah_rm_notifier_unregister(struct gunyah_rm *rm,
				  struct notifier_block *nb)
{
	return blocking_notifier_chain_unregister(&rm->nh, nb);
}
EXPORT_SYMBOL_GPL(gunyah_rm_notifier_unregister);

/**
 * gunyah_rm_get_stats() - snapshot of the client's counters
 * @rm: the RM client
 * @stats: filled with the counters
 */
void gunyah_rm_get_stats(struct gunyah_rm *rm, struct gunyah_rm_stats *stats)
{
	spin_lock(&rm->stats_lock);
	*stats = rm->stats;
	spin_unlock(&rm->stats_lock);
}
EXPORT_SYMBOL_GPL(gunyah_rm_get_stats);

/*
 * Ask a fresh VM for a call only the full protocol has. The open-source RM
 * answers VM_SET_DEMAND_PAGING with UNIMPLEMENTED, and a VM in LOAD can
 * always be released again.
 */
static int gunyah_rm_probe_protocol(struct gunyah_rm *rm)
{
	int ret, protocol;
	u16 vmid;

	ret = gunyah_rm_alloc_vmid(rm, 0, &vmid);
	if (ret)
		return ret;
	ret = gunyah_rm_vm_set_demand_paging(rm, vmid, 0, NULL);
	if (!ret)
		protocol = GUNYAH_RM_PROTOCOL_FULL;
	else if (ret == -EOPNOTSUPP)
		protocol = GUNYAH_RM_PROTOCOL_OSS;
	else
		protocol = ret;

	ret = gunyah_rm_dealloc_vmid(rm, vmid);
	if (ret) {
		dev_warn(rm->dev, "VM id %#x of the protocol probe not released (%d)\n",
			 vmid, ret);
		return ret;
	}
	return protocol;
}

/**
 * gunyah_rm_protocol() - which protocol level the RM speaks
 * @rm: the RM client
 *
 * Found out with a few calls the first time, then remembered.
 *
 * Context: process context, may sleep.
 * Return: GUNYAH_RM_PROTOCOL_OSS or GUNYAH_RM_PROTOCOL_FULL, or a negative
 * errno (-EINTR if a fatal signal interrupted the probe).
 */
int gunyah_rm_protocol(struct gunyah_rm *rm)
{
	int ret;

	ret = mutex_lock_killable(&rm->protocol_lock);
	if (ret)
		return ret;
	if (!rm->protocol) {
		ret = gunyah_rm_probe_protocol(rm);
		if (ret > 0)
			rm->protocol = ret;
	}
	ret = rm->protocol ?: ret;
	mutex_unlock(&rm->protocol_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(gunyah_rm_protocol);

/**
 * gunyah_rm_transport_data() - the transport's private data
 * @rm: the RM client
 *
 * Return: the pointer given to gunyah_rm_create().
 */
void *gunyah_rm_transport_data(struct gunyah_rm *rm)
{
	return rm->transport_data;
}
EXPORT_SYMBOL_GPL(gunyah_rm_transport_data);

/**
 * gunyah_rm_map_virq() - Linux IRQ of an interrupt the hypervisor raises
 * @rm: the RM client whose host receives the interrupt
 * @virq: the interrupt, as VM_GET_HYP_RESOURCES reports it (not 0)
 *
 * The mapping is the RM platform's business (the interrupt controller the
 * RM's device node names); a platform without one, such as the simulator
 * today, maps nothing.
 *
 * Return: the IRQ (> 0), -ENXIO if the platform cannot map @virq, or
 * another negative errno.
 */
int gunyah_rm_map_virq(struct gunyah_rm *rm, u32 virq)
{
	if (!rm->transport->map_virq)
		return -ENXIO;
	return rm->transport->map_virq(rm, virq);
}
EXPORT_SYMBOL_GPL(gunyah_rm_map_virq);

/**
 * gunyah_rm_unmap_virq() - release an IRQ from gunyah_rm_map_virq()
 * @rm: the RM client
 * @irq: the IRQ; nothing happens for 0
 */
void gunyah_rm_unmap_virq(struct gunyah_rm *rm, int irq)
{
	if (irq > 0 && rm->transport->unmap_virq)
		rm->transport->unmap_virq(rm, irq);
}
EXPORT_SYMBOL_GPL(gunyah_rm_unmap_virq);

/**
 * gunyah_rm_create() - create an RM client
 * @dev: the device the RM was found through, for messages
 * @transport: how to send packets
 * @transport_data: returned by gunyah_rm_transport_data()
 *
 * The transport may start calling gunyah_rm_receive() once this returns.
 *
 * Return: the client or an ERR_PTR().
 */
struct gunyah_rm *gunyah_rm_create(struct device *dev,
				   const struct gunyah_rm_transport *transport,
				   void *transport_data)
{
	struct gunyah_rm *rm;

	rm = kzalloc(sizeof(*rm), GFP_KERNEL);
	if (!rm)
		return ERR_PTR(-ENOMEM);

	rm->notif_wq = alloc_ordered_workqueue("gunyah_rm_notif", 0);
	if (!rm->notif_wq) {
		kfree(rm);
		return ERR_PTR(-ENOMEM);
	}
	rm->dev = dev;
	rm->transport = transport;
	rm->transport_data = transport_data;
	mutex_init(&rm->send_lock);
	xa_init_flags(&rm->calls, XA_FLAGS_ALLOC);
	BLOCKING_INIT_NOTIFIER_HEAD(&rm->nh);
	spin_lock_init(&rm->stats_lock);
	mutex_init(&rm->protocol_lock);
	rm->call_timeout = msecs_to_jiffies(READ_ONCE(call_timeout_ms));
	return rm;
}
EXPORT_SYMBOL_GPL(gunyah_rm_create);

/**
 * gunyah_rm_set_call_timeout() - how long calls wait for their reply
 * @rm: the RM client
 * @ms: milliseconds; 0 to wait until the caller is killed
 *
 * A call that times out fails with -ETIMEDOUT, and it may have been carried
 * out (gunyah_rm_call_ext()'s @unanswered). The default is the module
 * parameter call_timeout_ms when the client was created. Calls already
 * waiting keep their timeout.
 */
void gunyah_rm_set_call_timeout(struct gunyah_rm *rm, unsigned int ms)
{
	WRITE_ONCE(rm->call_timeout, msecs_to_jiffies(ms));
}
EXPORT_SYMBOL_GPL(gunyah_rm_set_call_timeout);

/**
 * gunyah_rm_destroy() - free an RM client
 * @rm: the client
 *
 * The transport must have stopped calling gunyah_rm_receive() and no call
 * may be in flight: the users of @rm are gone before it is destroyed.
 * Notifications still queued are delivered first.
 */
void gunyah_rm_destroy(struct gunyah_rm *rm)
{
	destroy_workqueue(rm->notif_wq);
	WARN_ON(!xa_empty(&rm->calls));
	xa_destroy(&rm->calls);
	mutex_destroy(&rm->send_lock);
	mutex_destroy(&rm->protocol_lock);
	kfree(rm);
}
EXPORT_SYMBOL_GPL(gunyah_rm_destroy);
