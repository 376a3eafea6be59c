// SPDX-License-Identifier: GPL-2.0-only
/*
 * Resource Manager RPC message codec: header encoding and decoding,
 * fragmentation of a message into packets and reassembly of packets.
 *
 * Everything here is a pure function of its arguments; see
 * <linux/gunyah_rm_msg.h> for the wire format.
 */

#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/gunyah_rm_msg.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/types.h>

#include <asm/byteorder.h>

/**
 * gunyah_rm_hdr_encode() - write the 8-byte header of one RM packet
 * @hdr: destination; need not be aligned
 * @info: fields to encode
 *
 * Writes %GUNYAH_RM_API_BYTE to byte 0, @info->type in bits 1:0 and
 * @info->fragments in bits 7:2 of byte 1, then the sequence number and the
 * message id in little-endian byte order. @info->type is not restricted to
 * the types a sender may start a message with: %GUNYAH_RM_TYPE_CONTINUATION
 * is accepted too.
 *
 * Return: 0 on success; -EINVAL if @info->type is greater than
 * %GUNYAH_RM_TYPE_NOTIFICATION or @info->fragments is greater than
 * %GUNYAH_RM_MAX_FRAGMENTS. Nothing is written on error.
 */
int gunyah_rm_hdr_encode(struct gunyah_rm_rpc_hdr *hdr,
			 const struct gunyah_rm_msg_info *info)
{
	if (info->type > GUNYAH_RM_TYPE_MASK ||
	    info->fragments > GUNYAH_RM_MAX_FRAGMENTS)
		return -EINVAL;

	hdr->api = GUNYAH_RM_API_BYTE;
	hdr->type = info->type | info->fragments << GUNYAH_RM_FRAGMENTS_SHIFT;
	hdr->seq = cpu_to_le16(info->seq);
	hdr->msg_id = cpu_to_le32(info->msg_id);

	return 0;
}
EXPORT_SYMBOL_GPL(gunyah_rm_hdr_encode);

/**
 * gunyah_rm_hdr_decode() - check and decode the header of one RM packet
 * @pkt: the received packet, header first; need not be aligned
 * @len: length of the whole packet in bytes, header included
 * @info: filled with the decoded fields on success
 *
 * The checks are made in this order: packet length, byte 0 (API version and
 * header size), fragment count. The message type is not checked: all four
 * values of bits 1:0 are valid.
 *
 * Return: 0 on success; -EBADMSG if @len is shorter than the header;
 * -EMSGSIZE if @len exceeds %GUNYAH_RM_MAX_PACKET_SIZE; -EPROTO if byte 0 is
 * not %GUNYAH_RM_API_BYTE; -EBADMSG if the fragment count exceeds
 * %GUNYAH_RM_MAX_FRAGMENTS. @info is not written on error.
 */
int gunyah_rm_hdr_decode(const void *pkt, size_t len,
			 struct gunyah_rm_msg_info *info)
{
	/* The struct is __packed: its fields can be read at any address. */
	const struct gunyah_rm_rpc_hdr *hdr = pkt;
	u8 fragments;

	if (len < GUNYAH_RM_HEADER_SIZE)
		return -EBADMSG;
	if (len > GUNYAH_RM_MAX_PACKET_SIZE)
		return -EMSGSIZE;
	if (hdr->api != GUNYAH_RM_API_BYTE)
		return -EPROTO;

	fragments = hdr->type >> GUNYAH_RM_FRAGMENTS_SHIFT;
	if (fragments > GUNYAH_RM_MAX_FRAGMENTS)
		return -EBADMSG;

	info->type = hdr->type & GUNYAH_RM_TYPE_MASK;
	info->fragments = fragments;
	info->seq = le16_to_cpu(hdr->seq);
	info->msg_id = le32_to_cpu(hdr->msg_id);

	return 0;
}
EXPORT_SYMBOL_GPL(gunyah_rm_hdr_decode);

/**
 * gunyah_rm_msg_fragments() - fragment count of a message
 * @size: payload size of the message in bytes
 *
 * A message of @size bytes travels in DIV_ROUND_UP(@size,
 * %GUNYAH_RM_MAX_PAYLOAD_PER_PACKET) packets, and in one packet when @size is
 * 0. The fragment count is the number of packets after the first.
 *
 * Return: the fragment count, 0 to %GUNYAH_RM_MAX_FRAGMENTS; -EMSGSIZE if
 * @size exceeds %GUNYAH_RM_MAX_MSG_SIZE.
 */
int gunyah_rm_msg_fragments(size_t size)
{
	if (size > GUNYAH_RM_MAX_MSG_SIZE)
		return -EMSGSIZE;
	if (!size)
		return 0;

	return DIV_ROUND_UP(size, GUNYAH_RM_MAX_PAYLOAD_PER_PACKET) - 1;
}
EXPORT_SYMBOL_GPL(gunyah_rm_msg_fragments);

/**
 * gunyah_rm_msg_pack() - build one packet of a message
 * @pkt: destination of at least %GUNYAH_RM_MAX_PACKET_SIZE bytes; need not
 *       be aligned
 * @type: %GUNYAH_RM_TYPE_REQUEST, %GUNYAH_RM_TYPE_REPLY or
 *        %GUNYAH_RM_TYPE_NOTIFICATION
 * @seq: sequence number, repeated in every packet
 * @msg_id: message id, repeated in every packet
 * @payload: the whole message payload; may be NULL when @size is 0
 * @size: payload size in bytes
 * @index: 0-based number of the packet to build
 *
 * Packet 0 carries @type, every later packet %GUNYAH_RM_TYPE_CONTINUATION;
 * all carry gunyah_rm_msg_fragments(@size) as the fragment count. Packet
 * @index carries payload bytes [@index * %GUNYAH_RM_MAX_PAYLOAD_PER_PACKET,
 * min(@size, (@index + 1) * %GUNYAH_RM_MAX_PAYLOAD_PER_PACKET)). A message of
 * 0 bytes is a single packet holding only the header. To send a message, call
 * this for @index 0 to gunyah_rm_msg_fragments(@size) in turn.
 *
 * Return: the length of the packet in bytes, %GUNYAH_RM_HEADER_SIZE to
 * %GUNYAH_RM_MAX_PACKET_SIZE; -EINVAL if @type is not one of the three types
 * above; -EMSGSIZE if @size exceeds %GUNYAH_RM_MAX_MSG_SIZE; -EINVAL if
 * @index is past the last packet, or if @payload is NULL and @size is not 0.
 * The checks are made in this order. Nothing is written on error.
 */
ssize_t gunyah_rm_msg_pack(void *pkt, u8 type, u16 seq, u32 msg_id,
			   const void *payload, size_t size,
			   unsigned int index)
{
	struct gunyah_rm_msg_info info;
	size_t offset, chunk;
	int fragments, ret;

	if (type != GUNYAH_RM_TYPE_REQUEST && type != GUNYAH_RM_TYPE_REPLY &&
	    type != GUNYAH_RM_TYPE_NOTIFICATION)
		return -EINVAL;

	fragments = gunyah_rm_msg_fragments(size);
	if (fragments < 0)
		return fragments;
	if (index > (unsigned int)fragments)
		return -EINVAL;
	if (!payload && size)
		return -EINVAL;

	info.type = index ? GUNYAH_RM_TYPE_CONTINUATION : type;
	info.fragments = fragments;
	info.seq = seq;
	info.msg_id = msg_id;
	ret = gunyah_rm_hdr_encode(pkt, &info);
	if (ret)
		return ret;

	/* index <= fragments, so offset <= size and the slice is in bounds. */
	offset = (size_t)index * GUNYAH_RM_MAX_PAYLOAD_PER_PACKET;
	chunk = min_t(size_t, size - offset, GUNYAH_RM_MAX_PAYLOAD_PER_PACKET);
	if (chunk)
		memcpy((u8 *)pkt + GUNYAH_RM_HEADER_SIZE,
		       (const u8 *)payload + offset, chunk);

	return GUNYAH_RM_HEADER_SIZE + chunk;
}
EXPORT_SYMBOL_GPL(gunyah_rm_msg_pack);

/* Forget the message in progress; tell the caller if one was partial. */
static void gunyah_rm_msg_rx_discard(struct gunyah_rm_msg_rx *rx,
				     bool *dropped_partial)
{
	if (rx->active && dropped_partial)
		*dropped_partial = true;
	gunyah_rm_msg_rx_reset(rx);
}

/**
 * gunyah_rm_msg_rx_packet() - feed one received packet to a reassembly context
 * @rx: the reassembly context of the receive stream
 * @pkt: the received packet, header first; need not be aligned
 * @len: length of the whole packet in bytes, header included
 * @dropped_partial: if not NULL, set to false on entry and to true when this
 *                   call discards a partially assembled message
 *
 * A packet is handled as follows:
 *
 * - A header that gunyah_rm_hdr_decode() rejects: its errno is returned and
 *   @rx is not changed, so a message in progress survives it.
 * - REQUEST, REPLY or NOTIFICATION: starts a new message, discarding any
 *   partial one. If more packets are to follow, this one must carry exactly
 *   %GUNYAH_RM_MAX_PAYLOAD_PER_PACKET payload bytes; otherwise -EBADMSG and
 *   no message is in progress any more.
 * - CONTINUATION with no message in progress: -EBADMSG, @rx not changed.
 * - CONTINUATION whose sequence number, message id or fragment count differs
 *   from the message in progress: -EBADMSG; the packet is dropped and the
 *   partial message is kept.
 * - CONTINUATION that is not the last packet of its message but carries fewer
 *   than %GUNYAH_RM_MAX_PAYLOAD_PER_PACKET payload bytes: the partial message
 *   is discarded, -EBADMSG.
 *
 * The last packet of a message may carry 0 to
 * %GUNYAH_RM_MAX_PAYLOAD_PER_PACKET payload bytes. Once it arrives, @rx->info,
 * @rx->size and @rx->buf hold the complete message until the next packet is
 * fed, and @rx->active is false. A message can therefore never collect more
 * packets than its fragment count announces: a further CONTINUATION finds
 * nothing in progress.
 *
 * Context: the caller serialises calls on the same @rx.
 * Return: %GUNYAH_RM_RX_COMPLETE when a message is complete;
 * %GUNYAH_RM_RX_MORE when more packets are needed; a negative errno as above.
 */
int gunyah_rm_msg_rx_packet(struct gunyah_rm_msg_rx *rx,
			    const void *pkt, size_t len, bool *dropped_partial)
{
	const u8 *payload = (const u8 *)pkt + GUNYAH_RM_HEADER_SIZE;
	struct gunyah_rm_msg_info info;
	size_t payload_len;
	bool last;
	int ret;

	if (dropped_partial)
		*dropped_partial = false;

	ret = gunyah_rm_hdr_decode(pkt, len, &info);
	if (ret)
		return ret;
	payload_len = len - GUNYAH_RM_HEADER_SIZE;

	if (info.type != GUNYAH_RM_TYPE_CONTINUATION) {
		gunyah_rm_msg_rx_discard(rx, dropped_partial);
		rx->info = info;
	} else {
		if (!rx->active)
			return -EBADMSG;
		if (info.seq != rx->info.seq ||
		    info.msg_id != rx->info.msg_id ||
		    info.fragments != rx->info.fragments)
			return -EBADMSG;
	}

	last = rx->received >= rx->info.fragments;
	if (!last && payload_len != GUNYAH_RM_MAX_PAYLOAD_PER_PACKET) {
		gunyah_rm_msg_rx_discard(rx, dropped_partial);
		return -EBADMSG;
	}

	/* Cannot happen unless @rx was corrupted: keep rx->buf safe anyway. */
	if (WARN_ON_ONCE(rx->received > rx->info.fragments ||
			 rx->size > sizeof(rx->buf) - payload_len)) {
		gunyah_rm_msg_rx_discard(rx, dropped_partial);
		return -EBADMSG;
	}

	memcpy(rx->buf + rx->size, payload, payload_len);
	rx->size += payload_len;
	rx->received++;
	rx->active = !last;

	return last ? GUNYAH_RM_RX_COMPLETE : GUNYAH_RM_RX_MORE;
}
EXPORT_SYMBOL_GPL(gunyah_rm_msg_rx_packet);

/**
 * gunyah_rm_msg_rx_reset() - forget any message in progress
 * @rx: the reassembly context
 *
 * Afterwards @rx is as if zero-initialised, except that the bytes of
 * @rx->buf are left as they were.
 */
void gunyah_rm_msg_rx_reset(struct gunyah_rm_msg_rx *rx)
{
	memset(&rx->info, 0, sizeof(rx->info));
	rx->active = false;
	rx->received = 0;
	rx->size = 0;
}
EXPORT_SYMBOL_GPL(gunyah_rm_msg_rx_reset);
