/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A pair of Gunyah message queues used as one duplex link: sending with
 * flow control from the "not full" interrupt, receiving on the "not empty"
 * interrupt.
 */
#ifndef _GUNYAH_MSGQ_H
#define _GUNYAH_MSGQ_H

#include <linux/types.h>
#include <linux/wait.h>

struct device;

/**
 * struct gunyah_msgq - a duplex message-queue link
 * @dev: device for messages and IRQ names
 * @tx_cap: capability of the queue we send on
 * @rx_cap: capability of the queue we receive from
 * @tx_irq: "not full" interrupt of the TX queue
 * @rx_irq: "not empty" interrupt of the RX queue
 * @tx_msg_size: largest message the TX queue takes
 * @rx_msg_size: largest message the RX queue holds
 * @tx_depth: messages the TX queue holds (informational: flow control
 *            follows the hypervisor's "ready" answers and interrupts)
 * @rx_depth: messages the RX queue holds (informational)
 * @rx_cb: called with every received message, in order, from the RX
 *         interrupt thread
 * @priv: for @rx_cb
 * @tx_kicks: bumped by every TX interrupt; a sender that found the queue
 *            full waits for it to change
 * @tx_wq: senders waiting for room
 * @rx_buf: receive buffer of @rx_msg_size bytes, used by the RX thread only
 * @rx_errors: receive hypercalls that failed
 */
struct gunyah_msgq {
	struct device *dev;
	u64 tx_cap;
	u64 rx_cap;
	int tx_irq;
	int rx_irq;
	size_t tx_msg_size;
	size_t rx_msg_size;
	u32 tx_depth;
	u32 rx_depth;
	void (*rx_cb)(struct gunyah_msgq *msgq, const void *buf, size_t len);
	void *priv;

	atomic_t tx_kicks;
	wait_queue_head_t tx_wq;
	void *rx_buf;
	atomic_t rx_errors;
};

int gunyah_msgq_init(struct gunyah_msgq *msgq);
void gunyah_msgq_remove(struct gunyah_msgq *msgq);
int gunyah_msgq_send(struct gunyah_msgq *msgq, const void *buf, size_t len,
		     bool push);

#endif /* _GUNYAH_MSGQ_H */
