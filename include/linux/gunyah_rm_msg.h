/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Resource Manager RPC message codec: the wire header, fragmentation of a
 * message into message-queue packets and reassembly of received packets.
 *
 * Every message exchanged with the Resource Manager (RM) is split into
 * packets of at most GUNYAH_RM_MAX_PACKET_SIZE bytes. Each packet starts with
 * the same 8-byte header; the first packet carries the message type, every
 * following packet is a CONTINUATION and repeats the fragment count, sequence
 * number and message id of the first. The fragment count is the number of
 * continuation packets, at most GUNYAH_RM_MAX_FRAGMENTS. Every packet but the
 * last carries a full GUNYAH_RM_MAX_PAYLOAD_PER_PACKET bytes of payload.
 *
 * These are pure functions: no allocation, no locking, no I/O. The caller owns
 * the buffers and serialises access to a reassembly context.
 */
#ifndef _LINUX_GUNYAH_RM_MSG_H
#define _LINUX_GUNYAH_RM_MSG_H

#include <linux/build_bug.h>
#include <linux/types.h>

#define GUNYAH_RM_API_VERSION		1
#define GUNYAH_RM_HEADER_WORDS		2
/* Byte 0 of every header: API version in bits 3:0, header words in 7:4. */
#define GUNYAH_RM_API_BYTE		((GUNYAH_RM_HEADER_WORDS << 4) | GUNYAH_RM_API_VERSION)

#define GUNYAH_RM_MAX_PACKET_SIZE	240
#define GUNYAH_RM_HEADER_SIZE		8
#define GUNYAH_RM_MAX_PAYLOAD_PER_PACKET \
	(GUNYAH_RM_MAX_PACKET_SIZE - GUNYAH_RM_HEADER_SIZE)
#define GUNYAH_RM_MAX_FRAGMENTS		62
#define GUNYAH_RM_MAX_PACKETS		(GUNYAH_RM_MAX_FRAGMENTS + 1)
/* Largest payload of one message: 63 packets of 232 bytes = 14616 bytes. */
#define GUNYAH_RM_MAX_MSG_SIZE \
	(GUNYAH_RM_MAX_PACKETS * GUNYAH_RM_MAX_PAYLOAD_PER_PACKET)

/* Message types, bits 1:0 of header byte 1. */
#define GUNYAH_RM_TYPE_CONTINUATION	0
#define GUNYAH_RM_TYPE_REQUEST		1
#define GUNYAH_RM_TYPE_REPLY		2
#define GUNYAH_RM_TYPE_NOTIFICATION	3

#define GUNYAH_RM_TYPE_MASK		0x03
#define GUNYAH_RM_FRAGMENTS_SHIFT	2

/**
 * struct gunyah_rm_rpc_hdr - header at the start of every RM packet
 * @api: %GUNYAH_RM_API_BYTE
 * @type: message type in bits 1:0, fragment count in bits 7:2
 * @seq: sequence number; chosen by the requester, echoed in the reply
 * @msg_id: RPC call id, or notification id
 */
struct gunyah_rm_rpc_hdr {
	u8 api;
	u8 type;
	__le16 seq;
	__le32 msg_id;
} __packed;

static_assert(sizeof(struct gunyah_rm_rpc_hdr) == GUNYAH_RM_HEADER_SIZE);

/**
 * struct gunyah_rm_msg_info - decoded header fields
 * @type: one of the GUNYAH_RM_TYPE_* values
 * @fragments: number of continuation packets that follow the first
 * @seq: sequence number
 * @msg_id: message id
 */
struct gunyah_rm_msg_info {
	u8 type;
	u8 fragments;
	u16 seq;
	u32 msg_id;
};

int gunyah_rm_hdr_encode(struct gunyah_rm_rpc_hdr *hdr,
			 const struct gunyah_rm_msg_info *info);
int gunyah_rm_hdr_decode(const void *pkt, size_t len,
			 struct gunyah_rm_msg_info *info);

int gunyah_rm_msg_fragments(size_t size);
ssize_t gunyah_rm_msg_pack(void *pkt, u8 type, u16 seq, u32 msg_id,
			   const void *payload, size_t size,
			   unsigned int index);

/**
 * struct gunyah_rm_msg_rx - reassembly context for one incoming message
 * @info: header of the message in progress (valid while @active)
 * @active: a message is partly assembled
 * @received: packets of the message in progress received so far
 * @size: payload bytes assembled so far
 * @buf: assembled payload
 *
 * Zero-initialise before first use. One context serves an entire receive
 * stream: packets must be fed in the order they arrived.
 */
struct gunyah_rm_msg_rx {
	struct gunyah_rm_msg_info info;
	bool active;
	u8 received;
	size_t size;
	u8 buf[GUNYAH_RM_MAX_MSG_SIZE];
};

/* Return values of gunyah_rm_msg_rx_packet() besides negative errnos. */
#define GUNYAH_RM_RX_MORE		0
#define GUNYAH_RM_RX_COMPLETE		1

int gunyah_rm_msg_rx_packet(struct gunyah_rm_msg_rx *rx,
			    const void *pkt, size_t len, bool *dropped_partial);
void gunyah_rm_msg_rx_reset(struct gunyah_rm_msg_rx *rx);

#endif /* _LINUX_GUNYAH_RM_MSG_H */
