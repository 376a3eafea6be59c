// SPDX-License-Identifier: GPL-2.0-only
/*
 * Message-queue link: TX flow control driven by the "not full" interrupt,
 * RX draining on the "not empty" interrupt.
 *
 * The hypervisor raises "not empty" on the queue's 0 -> 1 transition only,
 * so every RX interrupt drains the queue until it reports no more messages.
 * A sender that finds its queue full sleeps until the next "not full"
 * interrupt: it samples @tx_kicks before trying, so an interrupt that
 * arrives between the failed send and the sleep is not lost (there is one
 * sender at a time: the caller serialises).
 */

#define pr_fmt(fmt) "gunyah_msgq: " fmt

#include <linux/device.h>
#include <linux/errno.h>
#include <linux/gunyah.h>
#include <linux/interrupt.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "msgq.h"

static irqreturn_t gunyah_msgq_tx_irq(int irq, void *data)
{
	struct gunyah_msgq *msgq = data;

	atomic_inc(&msgq->tx_kicks);
	wake_up(&msgq->tx_wq);
	return IRQ_HANDLED;
}

static irqreturn_t gunyah_msgq_rx_thread(int irq, void *data)
{
	struct gunyah_msgq *msgq = data;
	enum gunyah_error gerr;
	bool more = true;
	size_t len;

	while (more) {
		gerr = gunyah_hypercall_msgq_recv(msgq->rx_cap, msgq->rx_buf,
						  msgq->rx_msg_size, &len,
						  &more);
		if (gerr == GUNYAH_ERROR_MSGQUEUE_EMPTY)
			break;
		if (gerr != GUNYAH_ERROR_OK) {
			atomic_inc(&msgq->rx_errors);
			dev_warn_ratelimited(msgq->dev,
					     "message queue receive failed: %d\n",
					     gerr);
			break;
		}
		/*
		 * A zero length with more pending means the message did not
		 * fit our buffer: it stays queued and retrying would spin.
		 */
		if (!len) {
			atomic_inc(&msgq->rx_errors);
			dev_err_ratelimited(msgq->dev,
					    "message larger than %zu bytes stuck in the queue\n",
					    msgq->rx_msg_size);
			break;
		}
		msgq->rx_cb(msgq, msgq->rx_buf, len);
	}
	return IRQ_HANDLED;
}

/**
 * gunyah_msgq_send() - send one message, waiting for room if needed
 * @msgq: the link
 * @buf: the message
 * @len: its length, 1 to @msgq->tx_msg_size
 * @push: ask the hypervisor to notify the receiver now
 *
 * Context: process context; the caller serialises senders.
 * Return: 0; -EINVAL for a bad length; -EINTR if a fatal signal ended a
 * wait for room; another negative errno if the hypervisor refused.
 */
int gunyah_msgq_send(struct gunyah_msgq *msgq, const void *buf, size_t len,
		     bool push)
{
	u64 flags = push ? GUNYAH_HYPERCALL_MSGQ_TX_FLAGS_PUSH : 0;
	enum gunyah_error gerr;
	bool ready;
	int kicks;

	/* The hypervisor silently drops such messages: never send them. */
	if (!len || len > msgq->tx_msg_size)
		return -EINVAL;

	for (;;) {
		kicks = atomic_read(&msgq->tx_kicks);
		gerr = gunyah_hypercall_msgq_send(msgq->tx_cap, len, buf, flags,
						  &ready);
		if (gerr != GUNYAH_ERROR_MSGQUEUE_FULL)
			break;
		if (wait_event_killable(msgq->tx_wq,
					atomic_read(&msgq->tx_kicks) != kicks))
			return -EINTR;
	}
	return gunyah_error_remap(gerr);
}

/**
 * gunyah_msgq_init() - start a link whose fields the caller filled in
 * @msgq: the link; @dev, the capabilities, IRQs, sizes and @rx_cb are set
 *
 * The interrupts are requested last: once this returns, @rx_cb may run.
 *
 * Return: 0 or a negative errno.
 */
int gunyah_msgq_init(struct gunyah_msgq *msgq)
{
	int ret;

	if (!msgq->tx_msg_size || !msgq->rx_msg_size || !msgq->rx_cb)
		return -EINVAL;

	atomic_set(&msgq->tx_kicks, 0);
	atomic_set(&msgq->rx_errors, 0);
	init_waitqueue_head(&msgq->tx_wq);
	msgq->rx_buf = kzalloc(msgq->rx_msg_size, GFP_KERNEL);
	if (!msgq->rx_buf)
		return -ENOMEM;

	ret = request_irq(msgq->tx_irq, gunyah_msgq_tx_irq, 0,
			  dev_name(msgq->dev), msgq);
	if (ret)
		goto err_free_buf;
	ret = request_threaded_irq(msgq->rx_irq, NULL, gunyah_msgq_rx_thread,
				   IRQF_ONESHOT, dev_name(msgq->dev), msgq);
	if (ret)
		goto err_free_tx_irq;
	return 0;

err_free_tx_irq:
	free_irq(msgq->tx_irq, msgq);
err_free_buf:
	kfree(msgq->rx_buf);
	return ret;
}

/**
 * gunyah_msgq_remove() - stop a link
 * @msgq: the link
 *
 * Frees the interrupts first, so no handler runs once this returns. The
 * caller makes sure no sender is active.
 */
void gunyah_msgq_remove(struct gunyah_msgq *msgq)
{
	free_irq(msgq->rx_irq, msgq);
	free_irq(msgq->tx_irq, msgq);
	kfree(msgq->rx_buf);
}
