// SPDX-License-Identifier: GPL-2.0-only
/*
 * Gunyah simulator: the two message queues between the host and the
 * Resource Manager, the host interrupts they raise, and the hypercall
 * backend through which the host uses them (vcpu_run is guest.c's, the
 * doorbell calls bell.c's).
 *
 * Semantics follow the hypervisor (ABI section 2), quirks included: a send of
 * 0 bytes or of more than the maximum message size returns OK and enqueues
 * nothing; a receive into a buffer shorter than the head message returns OK
 * with size 0 and leaves the message queued.
 *
 * The host may call in from any context, hard interrupts included, so each
 * queue is a fixed ring under a spinlock. Interrupts are never raised inside
 * the hypercall that causes them: an irq_work raises them as soon as the
 * caller has returned, like a real interrupt arriving right afterwards.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/irq.h>
#include <linux/irq_work.h>
#include <linux/irqdesc.h>
#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "sim.h"

/* Default thresholds of the hypervisor: not-empty at 1, not-full at depth-1. */
#define SIM_MSGQ_NOT_FULL_THD	(SIM_MSGQ_DEPTH - 1)

/**
 * struct sim_msgq - one unidirectional message queue
 * @lock: protects @head, @count, @len and @data
 * @head: slot of the oldest message
 * @count: messages queued
 * @len: length of the message in each slot
 * @data: message slots
 * @irq: Linux IRQ that this queue raises in the host
 * @irq_work: raises @irq outside of the hypercall that caused it
 */
struct sim_msgq {
	spinlock_t lock;		/* the ring, see above */
	unsigned int head;
	unsigned int count;
	u16 len[SIM_MSGQ_DEPTH];
	u8 data[SIM_MSGQ_DEPTH][SIM_MSGQ_MSG_SIZE];
	unsigned int irq;
	struct irq_work irq_work;
};

/* Host -> RM: host holds SEND; raises IRQ A when it stops being full. */
static struct sim_msgq sim_tx_q;
/* RM -> host: host holds RECEIVE; raises IRQ B when it stops being empty. */
static struct sim_msgq sim_rx_q;
/*
 * Host -> host, no interrupt and no RM behind it: what a message costs on
 * the bare transport, the baseline of the RPC benchmark.
 */
static struct sim_msgq sim_loop_q;
/* First of the SIM_NR_IRQS Linux IRQs allocated, or 0. */
static unsigned int sim_irq_base;

static void sim_msgq_raise(struct irq_work *work)
{
	struct sim_msgq *q = container_of(work, struct sim_msgq, irq_work);

	generic_handle_irq_safe(q->irq);
}

static void sim_msgq_setup(struct sim_msgq *q, unsigned int irq)
{
	spin_lock_init(&q->lock);
	q->head = 0;
	q->count = 0;
	q->irq = irq;
	init_irq_work(&q->irq_work, sim_msgq_raise);
}

/* Enqueue a message. Return the new count, or 0 if the queue was full. */
static unsigned int sim_msgq_put(struct sim_msgq *q, const void *buf,
				 size_t len)
	__must_hold(&q->lock)
{
	unsigned int slot;

	lockdep_assert_held(&q->lock);
	if (q->count == SIM_MSGQ_DEPTH)
		return 0;

	slot = (q->head + q->count) % SIM_MSGQ_DEPTH;
	memcpy(q->data[slot], buf, len);
	q->len[slot] = len;
	return ++q->count;
}

/* Dequeue the head message into @buf (SIM_MSGQ_MSG_SIZE bytes). */
static size_t sim_msgq_get(struct sim_msgq *q, void *buf)
	__must_hold(&q->lock)
{
	size_t len = q->len[q->head];

	lockdep_assert_held(&q->lock);
	memcpy(buf, q->data[q->head], len);
	q->head = (q->head + 1) % SIM_MSGQ_DEPTH;
	q->count--;
	return len;
}

static void sim_hc_identify(struct gunyah_hypercall_identify_resp *resp)
{
	resp->api_info = SIM_API_INFO;
	resp->flags[0] = SIM_API_FLAGS0;
	resp->flags[1] = 0;
	resp->flags[2] = 0;
}

static enum gunyah_error sim_hc_msgq_send(u64 capid, size_t size,
					  const void *buf, u64 tx_flags,
					  bool *ready)
{
	struct sim_msgq *q = &sim_tx_q;
	bool kick = false;
	unsigned long flags;
	unsigned int count;

	*ready = false;
	if (capid == SIM_CAP_LOOPBACK)
		q = &sim_loop_q;
	else if (capid == SIM_CAP_RM_RX)
		return GUNYAH_ERROR_CSPACE_INSUF_RIGHTS;
	else if (capid != SIM_CAP_RM_TX)
		return GUNYAH_ERROR_CSPACE_CAP_NULL;

	spin_lock_irqsave(&q->lock, flags);
	if (q->count == SIM_MSGQ_DEPTH) {
		spin_unlock_irqrestore(&q->lock, flags);
		return GUNYAH_ERROR_MSGQUEUE_FULL;
	}
	if (!size || size > SIM_MSGQ_MSG_SIZE) {
		/* The hypervisor drops the copy-in error: OK, nothing queued. */
		spin_unlock_irqrestore(&q->lock, flags);
		sim_stat_inc(&sim_stats.quirk_send);
		*ready = true;
		return GUNYAH_ERROR_OK;
	}
	count = sim_msgq_put(q, buf, size);
	*ready = count < SIM_MSGQ_DEPTH;
	/* The RM's not-empty interrupt: threshold 1 reached, or PUSH. */
	kick = q != &sim_loop_q &&
	       (count == 1 || (tx_flags & GUNYAH_HYPERCALL_MSGQ_TX_FLAGS_PUSH));
	spin_unlock_irqrestore(&q->lock, flags);

	if (kick)
		sim_rm_kick();
	return GUNYAH_ERROR_OK;
}

static enum gunyah_error sim_hc_msgq_recv(u64 capid, void *buf, size_t size,
					  size_t *recv_size, bool *ready)
{
	struct sim_msgq *q = &sim_rx_q;
	bool kick = false;
	unsigned long flags;

	*recv_size = 0;
	*ready = false;
	if (capid == SIM_CAP_LOOPBACK)
		q = &sim_loop_q;
	else if (capid == SIM_CAP_RM_TX)
		return GUNYAH_ERROR_CSPACE_INSUF_RIGHTS;
	else if (capid != SIM_CAP_RM_RX)
		return GUNYAH_ERROR_CSPACE_CAP_NULL;

	spin_lock_irqsave(&q->lock, flags);
	if (!q->count) {
		spin_unlock_irqrestore(&q->lock, flags);
		return GUNYAH_ERROR_MSGQUEUE_EMPTY;
	}
	if (size < q->len[q->head]) {
		/* The copy-out error is dropped too: OK, size 0, still queued. */
		spin_unlock_irqrestore(&q->lock, flags);
		sim_stat_inc(&sim_stats.quirk_recv);
		*ready = true;
		return GUNYAH_ERROR_OK;
	}
	/* The RM's not-full interrupt: the count drops to the threshold. */
	kick = q != &sim_loop_q && q->count == SIM_MSGQ_NOT_FULL_THD + 1;
	*recv_size = sim_msgq_get(q, buf);
	*ready = q->count > 0;
	spin_unlock_irqrestore(&q->lock, flags);

	if (kick)
		sim_rm_kick();
	return GUNYAH_ERROR_OK;
}

/* The hypercall backend registered with gunyah.ko. */
const struct gunyah_hypercall_ops sim_hc_ops = {
	.owner		= THIS_MODULE,
	.identify	= sim_hc_identify,
	.bell_send	= sim_bell_send,
	.bell_receive	= sim_bell_receive,
	.bell_set_mask	= sim_bell_set_mask,
	.msgq_send	= sim_hc_msgq_send,
	.msgq_recv	= sim_hc_msgq_recv,
	.vcpu_run	= sim_guest_vcpu_run,
};

/**
 * sim_msgq_rm_receive() - the RM receives from the host's TX queue
 * @buf: destination of %SIM_MSGQ_MSG_SIZE bytes
 *
 * Raises the host's TX-not-full interrupt (IRQ A) when this takes the queue
 * from full to the not-full threshold.
 *
 * Context: any; the RM calls it from process context.
 * Return: the message length, or -ENODATA if the queue is empty.
 */
ssize_t sim_msgq_rm_receive(void *buf)
{
	struct sim_msgq *q = &sim_tx_q;
	unsigned long flags;
	bool raise;
	size_t len;

	spin_lock_irqsave(&q->lock, flags);
	if (!q->count) {
		spin_unlock_irqrestore(&q->lock, flags);
		return -ENODATA;
	}
	raise = q->count == SIM_MSGQ_NOT_FULL_THD + 1;
	len = sim_msgq_get(q, buf);
	spin_unlock_irqrestore(&q->lock, flags);

	if (raise)
		irq_work_queue(&q->irq_work);
	return len;
}

/**
 * sim_msgq_rm_send() - the RM sends to the host's RX queue, without PUSH
 * @buf: the message
 * @len: its length, 1 to %SIM_MSGQ_MSG_SIZE
 *
 * Raises the host's RX-not-empty interrupt (IRQ B) when the queue goes from
 * empty to one message, the hypervisor's default not-empty threshold.
 *
 * Context: any; the RM calls it from process context.
 * Return: 0, or -ENOSPC if the queue is full.
 */
int sim_msgq_rm_send(const void *buf, size_t len)
{
	struct sim_msgq *q = &sim_rx_q;
	unsigned long flags;
	unsigned int count;

	if (WARN_ON_ONCE(!len || len > SIM_MSGQ_MSG_SIZE))
		return -EINVAL;

	spin_lock_irqsave(&q->lock, flags);
	count = sim_msgq_put(q, buf, len);
	spin_unlock_irqrestore(&q->lock, flags);

	if (!count)
		return -ENOSPC;
	if (count == 1)
		irq_work_queue(&q->irq_work);
	return 0;
}

/**
 * sim_msgq_irq() - a Linux IRQ number of the simulated RM device
 * @which: %SIM_IRQ_TX_NOT_FULL (IRQ A) or %SIM_IRQ_RX_NOT_EMPTY (IRQ B)
 *
 * Return: the IRQ number.
 */
unsigned int sim_msgq_irq(enum sim_irq which)
{
	return sim_irq_base + which;
}

/**
 * sim_msgq_init() - allocate the IRQs and set up both queues, empty
 *
 * The IRQ descriptors get no owner module: the host driver requests them,
 * and an owner would be pinned by that, so this module could never be
 * unloaded while the driver is bound. sim_msgq_exit() runs only after the
 * device, and with it every IRQ action, is gone.
 *
 * Return: 0 or a negative errno.
 */
int sim_msgq_init(void)
{
	unsigned int i;
	int irq;

	irq = __irq_alloc_descs(-1, 0, SIM_NR_IRQS, NUMA_NO_NODE, NULL, NULL);
	if (irq < 0)
		return irq;
	sim_irq_base = irq;

	for (i = 0; i < SIM_NR_IRQS; i++) {
		irq_set_chip_and_handler(sim_irq_base + i, &dummy_irq_chip,
					 handle_simple_irq);
		irq_clear_status_flags(sim_irq_base + i, IRQ_NOREQUEST);
	}

	sim_msgq_setup(&sim_tx_q, sim_msgq_irq(SIM_IRQ_TX_NOT_FULL));
	sim_msgq_setup(&sim_rx_q, sim_msgq_irq(SIM_IRQ_RX_NOT_EMPTY));
	sim_msgq_setup(&sim_loop_q, 0);
	return 0;
}

/**
 * sim_msgq_exit() - wait for raised interrupts, then free the IRQs
 *
 * Nothing may use the queues any more: the device is unregistered, the RM
 * stopped and the hypercall backend unregistered.
 */
void sim_msgq_exit(void)
{
	irq_work_sync(&sim_tx_q.irq_work);
	irq_work_sync(&sim_rx_q.irq_work);
	irq_free_descs(sim_irq_base, SIM_NR_IRQS);
	sim_irq_base = 0;
}
