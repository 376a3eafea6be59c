// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the Gunyah Resource Manager message codec: header encoding
 * and decoding, fragmentation into packets and reassembly.
 */

#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/gunyah_rm_msg.h>
#include <linux/limits.h>
#include <linux/module.h>
#include <linux/string.h>

#include "test_pattern.h"

#define TEST_CHUNK	GUNYAH_RM_MAX_PAYLOAD_PER_PACKET
#define TEST_POISON	0xa5

/* Room for one over-long packet, placed at an odd address. */
#define TEST_PKT_BUF	(1 + GUNYAH_RM_MAX_PACKET_SIZE + 1)

/* A packet buffer, poisoned so that stray writes show. */
static u8 *gunyah_rm_msg_test_pkt_buf(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, TEST_PKT_BUF, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	memset(buf, TEST_POISON, TEST_PKT_BUF);

	return buf;
}

static bool gunyah_rm_msg_test_is_poisoned(const u8 *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (buf[i] != TEST_POISON)
			return false;

	return true;
}

/* Every packet of one message, as produced by gunyah_rm_msg_pack(). */
struct gunyah_rm_msg_test_msg {
	unsigned int count;
	size_t len[GUNYAH_RM_MAX_PACKETS];
	u8 pkt[GUNYAH_RM_MAX_PACKETS][GUNYAH_RM_MAX_PACKET_SIZE];
};

static struct gunyah_rm_msg_test_msg *
gunyah_rm_msg_test_pack_all(struct kunit *test, u8 type, u16 seq, u32 msg_id,
			    const u8 *payload, size_t size)
{
	struct gunyah_rm_msg_test_msg *msg;
	int fragments;
	ssize_t len;
	unsigned int i;

	msg = kunit_kzalloc(test, sizeof(*msg), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, msg);

	fragments = gunyah_rm_msg_fragments(size);
	KUNIT_ASSERT_GE(test, fragments, 0);
	msg->count = fragments + 1;

	for (i = 0; i < msg->count; i++) {
		len = gunyah_rm_msg_pack(msg->pkt[i], type, seq, msg_id,
					 payload, size, i);
		KUNIT_ASSERT_GE_MSG(test, len, (ssize_t)GUNYAH_RM_HEADER_SIZE,
				    "packet %u", i);
		msg->len[i] = len;
	}

	return msg;
}

/* ========================== gunyah_rm_msg_hdr ========================== */

struct gunyah_rm_hdr_case {
	const char *description;
	struct gunyah_rm_msg_info info;
	u8 wire[GUNYAH_RM_HEADER_SIZE];
};

static const struct gunyah_rm_hdr_case gunyah_rm_hdr_cases[] = {
	{
		.description = "request, seq 0, msg_id 0",
		.info = { GUNYAH_RM_TYPE_REQUEST, 0, 0, 0 },
		.wire = { 0x21, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 },
	},
	{
		.description = "reply, seq 0xffff, msg_id 0xffffffff",
		.info = { GUNYAH_RM_TYPE_REPLY, 0, 0xffff, 0xffffffff },
		.wire = { 0x21, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
	},
	{
		.description = "notification, 62 fragments",
		.info = { GUNYAH_RM_TYPE_NOTIFICATION, 62, 0x1234, 0x56000001 },
		.wire = { 0x21, 0xfb, 0x34, 0x12, 0x01, 0x00, 0x00, 0x56 },
	},
	{
		.description = "continuation, 1 fragment, seq 0xffff, msg_id 0",
		.info = { GUNYAH_RM_TYPE_CONTINUATION, 1, 0xffff, 0 },
		.wire = { 0x21, 0x04, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00 },
	},
	{
		.description = "request, 61 fragments, msg_id 0xffffffff",
		.info = { GUNYAH_RM_TYPE_REQUEST, 61, 0, 0xffffffff },
		.wire = { 0x21, 0xf5, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff },
	},
	{
		.description = "little-endian seq and msg_id",
		.info = { GUNYAH_RM_TYPE_REQUEST, 0, 0x0102, 0x03040506 },
		.wire = { 0x21, 0x01, 0x02, 0x01, 0x06, 0x05, 0x04, 0x03 },
	},
};

static void
gunyah_rm_hdr_case_desc(const struct gunyah_rm_hdr_case *t, char *desc)
{
	strscpy(desc, t->description, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(gunyah_rm_hdr, gunyah_rm_hdr_cases,
		  gunyah_rm_hdr_case_desc);

static void
gunyah_rm_msg_test_expect_info(struct kunit *test,
			       const struct gunyah_rm_msg_info *got,
			       const struct gunyah_rm_msg_info *want)
{
	KUNIT_EXPECT_EQ(test, got->type, want->type);
	KUNIT_EXPECT_EQ(test, got->fragments, want->fragments);
	KUNIT_EXPECT_EQ(test, got->seq, want->seq);
	KUNIT_EXPECT_EQ(test, got->msg_id, want->msg_id);
}

static void gunyah_rm_msg_test_hdr_encode_wire_format(struct kunit *test)
{
	const struct gunyah_rm_hdr_case *params = test->param_value;
	u8 *buf = gunyah_rm_msg_test_pkt_buf(test);

	/* At an odd address: the header has no alignment requirement. */
	KUNIT_ASSERT_EQ(test, gunyah_rm_hdr_encode((void *)(buf + 1),
						   &params->info), 0);
	KUNIT_EXPECT_EQ(test, memcmp(buf + 1, params->wire,
				     GUNYAH_RM_HEADER_SIZE), 0);
	KUNIT_EXPECT_EQ(test, buf[0], TEST_POISON);
	KUNIT_EXPECT_EQ(test, buf[1 + GUNYAH_RM_HEADER_SIZE], TEST_POISON);
}

static void gunyah_rm_msg_test_hdr_decode_wire_format(struct kunit *test)
{
	const struct gunyah_rm_hdr_case *params = test->param_value;
	u8 *buf = gunyah_rm_msg_test_pkt_buf(test);
	struct gunyah_rm_msg_info info;

	memcpy(buf + 1, params->wire, GUNYAH_RM_HEADER_SIZE);

	memset(&info, TEST_POISON, sizeof(info));
	KUNIT_ASSERT_EQ(test, gunyah_rm_hdr_decode(buf + 1,
						   GUNYAH_RM_HEADER_SIZE,
						   &info), 0);
	gunyah_rm_msg_test_expect_info(test, &info, &params->info);

	memset(&info, TEST_POISON, sizeof(info));
	KUNIT_ASSERT_EQ(test, gunyah_rm_hdr_decode(buf + 1,
						   GUNYAH_RM_MAX_PACKET_SIZE,
						   &info), 0);
	gunyah_rm_msg_test_expect_info(test, &info, &params->info);
}

static void gunyah_rm_msg_test_hdr_round_trip(struct kunit *test)
{
	const struct gunyah_rm_hdr_case *params = test->param_value;
	struct gunyah_rm_rpc_hdr hdr;
	struct gunyah_rm_msg_info info;

	KUNIT_ASSERT_EQ(test, gunyah_rm_hdr_encode(&hdr, &params->info), 0);
	KUNIT_ASSERT_EQ(test, gunyah_rm_hdr_decode(&hdr, sizeof(hdr), &info),
			0);
	gunyah_rm_msg_test_expect_info(test, &info, &params->info);
}

struct gunyah_rm_hdr_encode_case {
	const char *description;
	struct gunyah_rm_msg_info info;
	int expected;
};

static const struct gunyah_rm_hdr_encode_case
gunyah_rm_hdr_encode_cases[] = {
	{
		.description = "type 3 (notification) is valid",
		.info = { GUNYAH_RM_TYPE_NOTIFICATION, 0, 1, 1 },
		.expected = 0,
	},
	{
		.description = "type 4",
		.info = { 4, 0, 1, 1 },
		.expected = -EINVAL,
	},
	{
		.description = "type 0xff",
		.info = { 0xff, 0, 1, 1 },
		.expected = -EINVAL,
	},
	{
		.description = "62 fragments is valid",
		.info = { GUNYAH_RM_TYPE_REQUEST, 62, 1, 1 },
		.expected = 0,
	},
	{
		.description = "63 fragments",
		.info = { GUNYAH_RM_TYPE_REQUEST, 63, 1, 1 },
		.expected = -EINVAL,
	},
	{
		.description = "255 fragments",
		.info = { GUNYAH_RM_TYPE_CONTINUATION, 0xff, 1, 1 },
		.expected = -EINVAL,
	},
};

static void
gunyah_rm_hdr_encode_case_desc(const struct gunyah_rm_hdr_encode_case *t,
			       char *desc)
{
	strscpy(desc, t->description, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(gunyah_rm_hdr_encode, gunyah_rm_hdr_encode_cases,
		  gunyah_rm_hdr_encode_case_desc);

static void gunyah_rm_msg_test_hdr_encode_checks(struct kunit *test)
{
	const struct gunyah_rm_hdr_encode_case *params = test->param_value;
	u8 *buf = gunyah_rm_msg_test_pkt_buf(test);
	bool poisoned;

	KUNIT_ASSERT_EQ(test, gunyah_rm_hdr_encode((void *)buf, &params->info),
			params->expected);
	if (params->expected) {
		poisoned = gunyah_rm_msg_test_is_poisoned(buf, TEST_PKT_BUF);
		KUNIT_EXPECT_TRUE_MSG(test, poisoned, "written on error");
	} else {
		KUNIT_EXPECT_EQ(test, buf[0], GUNYAH_RM_API_BYTE);
		KUNIT_EXPECT_EQ(test, buf[GUNYAH_RM_HEADER_SIZE], TEST_POISON);
	}
}

struct gunyah_rm_hdr_decode_case {
	const char *description;
	u8 wire[GUNYAH_RM_HEADER_SIZE];
	size_t len;
	int expected;
};

#define TEST_WIRE(api, type)	{ api, type, 0x34, 0x12, 0x01, 0, 0, 0x56 }

static const struct gunyah_rm_hdr_decode_case
gunyah_rm_hdr_decode_cases[] = {
	{ "valid, 8 bytes", TEST_WIRE(0x21, 0x01), 8, 0 },
	{ "valid, 240 bytes", TEST_WIRE(0x21, 0x01), 240, 0 },
	{ "valid, 62 fragments", TEST_WIRE(0x21, 0xfa), 240, 0 },
	{ "valid, continuation", TEST_WIRE(0x21, 0x04), 9, 0 },
	{ "0 bytes", TEST_WIRE(0x21, 0x01), 0, -EBADMSG },
	{ "7 bytes", TEST_WIRE(0x21, 0x01), 7, -EBADMSG },
	{ "241 bytes", TEST_WIRE(0x21, 0x01), 241, -EMSGSIZE },
	{ "API byte 0x20 (version 0)", TEST_WIRE(0x20, 0x01), 8, -EPROTO },
	{ "API byte 0x11 (1 header word)", TEST_WIRE(0x11, 0x01), 8, -EPROTO },
	{ "API byte 0x22 (version 2)", TEST_WIRE(0x22, 0x01), 8, -EPROTO },
	{ "API byte 0x00", TEST_WIRE(0x00, 0x01), 8, -EPROTO },
	{ "63 fragments", TEST_WIRE(0x21, 0xfd), 8, -EBADMSG },
	{ "63 fragments, continuation", TEST_WIRE(0x21, 0xfc), 240, -EBADMSG },
	{ "7 bytes and bad API byte", TEST_WIRE(0x20, 0x01), 7, -EBADMSG },
	{ "241 bytes and bad API byte", TEST_WIRE(0x20, 0x01), 241, -EMSGSIZE },
	{ "bad API byte and 63 fragments", TEST_WIRE(0x20, 0xfd), 8, -EPROTO },
};

static void
gunyah_rm_hdr_decode_case_desc(const struct gunyah_rm_hdr_decode_case *t,
			       char *desc)
{
	strscpy(desc, t->description, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(gunyah_rm_hdr_decode, gunyah_rm_hdr_decode_cases,
		  gunyah_rm_hdr_decode_case_desc);

static void gunyah_rm_msg_test_hdr_decode_checks(struct kunit *test)
{
	const struct gunyah_rm_hdr_decode_case *params = test->param_value;
	u8 *buf = gunyah_rm_msg_test_pkt_buf(test);
	struct gunyah_rm_msg_info info, poison;
	struct gunyah_rm_rpc_hdr hdr;

	memcpy(buf + 1, params->wire, GUNYAH_RM_HEADER_SIZE);
	memset(&info, TEST_POISON, sizeof(info));
	memset(&poison, TEST_POISON, sizeof(poison));

	KUNIT_ASSERT_EQ(test, gunyah_rm_hdr_decode(buf + 1, params->len, &info),
			params->expected);
	if (params->expected) {
		KUNIT_EXPECT_EQ_MSG(test, memcmp(&info, &poison, sizeof(info)),
				    0, "info written on error");
		return;
	}

	/* Encoding what was decoded gives back the same bytes. */
	KUNIT_ASSERT_EQ(test, gunyah_rm_hdr_encode(&hdr, &info), 0);
	KUNIT_EXPECT_EQ(test, memcmp(&hdr, params->wire, sizeof(hdr)), 0);
}

static struct kunit_case gunyah_rm_msg_hdr_test_cases[] = {
	KUNIT_CASE_PARAM(gunyah_rm_msg_test_hdr_encode_wire_format,
			 gunyah_rm_hdr_gen_params),
	KUNIT_CASE_PARAM(gunyah_rm_msg_test_hdr_decode_wire_format,
			 gunyah_rm_hdr_gen_params),
	KUNIT_CASE_PARAM(gunyah_rm_msg_test_hdr_round_trip,
			 gunyah_rm_hdr_gen_params),
	KUNIT_CASE_PARAM(gunyah_rm_msg_test_hdr_encode_checks,
			 gunyah_rm_hdr_encode_gen_params),
	KUNIT_CASE_PARAM(gunyah_rm_msg_test_hdr_decode_checks,
			 gunyah_rm_hdr_decode_gen_params),
	{}
};

static struct kunit_suite gunyah_rm_msg_hdr_test_suite = {
	.name = "gunyah_rm_msg_hdr",
	.test_cases = gunyah_rm_msg_hdr_test_cases,
};

/* ========================== gunyah_rm_msg_pack ========================== */

struct gunyah_rm_fragments_case {
	const char *description;
	size_t size;
	int expected;
};

static const struct gunyah_rm_fragments_case
gunyah_rm_fragments_cases[] = {
	{ "0 bytes", 0, 0 },
	{ "1 byte", 1, 0 },
	{ "232 bytes", 232, 0 },
	{ "233 bytes", 233, 1 },
	{ "464 bytes", 464, 1 },
	{ "465 bytes", 465, 2 },
	{ "14384 bytes", 14384, 61 },
	{ "14385 bytes", 14385, 62 },
	{ "14616 bytes", 14616, 62 },
	{ "14617 bytes", 14617, -EMSGSIZE },
	{ "SIZE_MAX bytes", SIZE_MAX, -EMSGSIZE },
};

static void
gunyah_rm_fragments_case_desc(const struct gunyah_rm_fragments_case *t,
			      char *desc)
{
	strscpy(desc, t->description, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(gunyah_rm_fragments, gunyah_rm_fragments_cases,
		  gunyah_rm_fragments_case_desc);

static void gunyah_rm_msg_test_fragments_count(struct kunit *test)
{
	const struct gunyah_rm_fragments_case *params = test->param_value;

	KUNIT_EXPECT_EQ(test, gunyah_rm_msg_fragments(params->size),
			params->expected);
}

/* Messages at the packet boundaries; shared by the pack and rx suites. */
struct gunyah_rm_size_case {
	const char *description;
	u8 type;
	u16 seq;
	u32 msg_id;
	size_t size;
	unsigned int packets;
	size_t last_len;
};

static const struct gunyah_rm_size_case gunyah_rm_size_cases[] = {
	{
		"0 bytes: one header-only packet",
		GUNYAH_RM_TYPE_REQUEST, 0, 0, 0, 1, 0,
	},
	{
		"1 byte",
		GUNYAH_RM_TYPE_REPLY, 0xffff, 0xffffffff, 1, 1, 1,
	},
	{
		"231 bytes",
		GUNYAH_RM_TYPE_NOTIFICATION, 1, 0x56000001, 231, 1, 231,
	},
	{
		"232 bytes: one full packet",
		GUNYAH_RM_TYPE_REQUEST, 0xffff, 0, 232, 1, 232,
	},
	{
		"233 bytes: a full packet and 1 byte",
		GUNYAH_RM_TYPE_REPLY, 0, 0xffffffff, 233, 2, 1,
	},
	{
		"464 bytes: two full packets",
		GUNYAH_RM_TYPE_NOTIFICATION, 0x8000, 0x80000000, 464, 2, 232,
	},
	{
		"465 bytes",
		GUNYAH_RM_TYPE_REQUEST, 7, 0x5600000a, 465, 3, 1,
	},
	{
		"14384 bytes: 62 full packets",
		GUNYAH_RM_TYPE_REQUEST, 0x1234, 0x56000016, 14384, 62, 232,
	},
	{
		"14385 bytes",
		GUNYAH_RM_TYPE_REPLY, 0x1234, 0x56000016, 14385, 63, 1,
	},
	{
		"14615 bytes",
		GUNYAH_RM_TYPE_REPLY, 0xffff, 0xffffffff, 14615, 63, 231,
	},
	{
		"14616 bytes: 63 full packets",
		GUNYAH_RM_TYPE_NOTIFICATION, 0, 0, 14616, 63, 232,
	},
};

static void
gunyah_rm_size_case_desc(const struct gunyah_rm_size_case *t, char *desc)
{
	strscpy(desc, t->description, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(gunyah_rm_size, gunyah_rm_size_cases,
		  gunyah_rm_size_case_desc);

static void gunyah_rm_msg_test_pack_boundary_sizes(struct kunit *test)
{
	const struct gunyah_rm_size_case *params = test->param_value;
	const u8 *payload = gunyah_test_pattern(test, params->size, 3);
	u8 *joined = kunit_kzalloc(test, params->size ?: 1, GFP_KERNEL);
	u8 *buf = gunyah_rm_msg_test_pkt_buf(test);
	struct gunyah_rm_msg_info info;
	size_t slice, offset = 0;
	unsigned int i;
	ssize_t len;
	u8 type;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, joined);
	KUNIT_ASSERT_EQ(test, gunyah_rm_msg_fragments(params->size),
			(int)params->packets - 1);

	for (i = 0; i < params->packets; i++) {
		slice = i + 1 < params->packets ? TEST_CHUNK : params->last_len;

		memset(buf, TEST_POISON, TEST_PKT_BUF);
		len = gunyah_rm_msg_pack(buf + 1, params->type, params->seq,
					 params->msg_id, payload, params->size,
					 i);
		KUNIT_ASSERT_EQ_MSG(test, len,
				    (ssize_t)(GUNYAH_RM_HEADER_SIZE + slice),
				    "packet %u", i);
		KUNIT_EXPECT_EQ_MSG(test, buf[1 + len], TEST_POISON,
				    "packet %u overran", i);

		KUNIT_ASSERT_EQ(test, gunyah_rm_hdr_decode(buf + 1, len, &info),
				0);
		type = i ? GUNYAH_RM_TYPE_CONTINUATION : params->type;
		KUNIT_EXPECT_EQ_MSG(test, info.type, type, "packet %u", i);
		KUNIT_EXPECT_EQ(test, info.fragments, params->packets - 1);
		KUNIT_EXPECT_EQ(test, info.seq, params->seq);
		KUNIT_EXPECT_EQ(test, info.msg_id, params->msg_id);

		KUNIT_ASSERT_LE(test, offset + slice, params->size);
		memcpy(joined + offset, buf + 1 + GUNYAH_RM_HEADER_SIZE, slice);
		offset += slice;
	}

	KUNIT_EXPECT_EQ(test, offset, params->size);
	KUNIT_EXPECT_EQ(test, memcmp(joined, payload, params->size), 0);

	/* There is no packet after the last one. */
	memset(buf, TEST_POISON, TEST_PKT_BUF);
	KUNIT_EXPECT_EQ(test, gunyah_rm_msg_pack(buf, params->type, params->seq,
						 params->msg_id, payload,
						 params->size, params->packets),
			(ssize_t)-EINVAL);
	KUNIT_EXPECT_TRUE(test, gunyah_rm_msg_test_is_poisoned(buf,
							       TEST_PKT_BUF));
}

struct gunyah_rm_pack_case {
	const char *description;
	u8 type;
	size_t size;
	unsigned int index;
	bool null_payload;
	ssize_t expected;
};

static const struct gunyah_rm_pack_case gunyah_rm_pack_cases[] = {
	{
		.description = "continuation type",
		.type = GUNYAH_RM_TYPE_CONTINUATION, .size = 232,
		.expected = -EINVAL,
	},
	{
		.description = "type 4",
		.type = 4, .size = 232, .expected = -EINVAL,
	},
	{
		.description = "type 0xff",
		.type = 0xff, .size = 0, .expected = -EINVAL,
	},
	{
		.description = "continuation type is checked before size",
		.type = GUNYAH_RM_TYPE_CONTINUATION, .size = 14617,
		.expected = -EINVAL,
	},
	{
		.description = "14617 bytes",
		.type = GUNYAH_RM_TYPE_REQUEST, .size = 14617,
		.expected = -EMSGSIZE,
	},
	{
		.description = "SIZE_MAX bytes",
		.type = GUNYAH_RM_TYPE_REPLY, .size = SIZE_MAX,
		.expected = -EMSGSIZE,
	},
	{
		.description = "index 1 of a 1-packet message",
		.type = GUNYAH_RM_TYPE_REQUEST, .size = 232, .index = 1,
		.expected = -EINVAL,
	},
	{
		.description = "index 2 of a 2-packet message",
		.type = GUNYAH_RM_TYPE_REQUEST, .size = 233, .index = 2,
		.expected = -EINVAL,
	},
	{
		.description = "index 63 of a 63-packet message",
		.type = GUNYAH_RM_TYPE_NOTIFICATION, .size = 14616, .index = 63,
		.expected = -EINVAL,
	},
	{
		.description = "index UINT_MAX",
		.type = GUNYAH_RM_TYPE_REQUEST, .size = 0, .index = UINT_MAX,
		.expected = -EINVAL,
	},
	{
		.description = "NULL payload, 1 byte",
		.type = GUNYAH_RM_TYPE_REQUEST, .size = 1,
		.null_payload = true, .expected = -EINVAL,
	},
	{
		.description = "NULL payload, 14616 bytes, last packet",
		.type = GUNYAH_RM_TYPE_REPLY, .size = 14616, .index = 62,
		.null_payload = true, .expected = -EINVAL,
	},
	{
		.description = "NULL payload, 0 bytes is valid",
		.type = GUNYAH_RM_TYPE_REQUEST, .size = 0,
		.null_payload = true, .expected = GUNYAH_RM_HEADER_SIZE,
	},
};

static void
gunyah_rm_pack_case_desc(const struct gunyah_rm_pack_case *t, char *desc)
{
	strscpy(desc, t->description, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(gunyah_rm_pack, gunyah_rm_pack_cases,
		  gunyah_rm_pack_case_desc);

static void gunyah_rm_msg_test_pack_checks(struct kunit *test)
{
	const struct gunyah_rm_pack_case *params = test->param_value;
	const u8 *payload = NULL;
	u8 *buf = gunyah_rm_msg_test_pkt_buf(test);
	struct gunyah_rm_msg_info info;
	bool poisoned;
	ssize_t len;

	/* Large enough for every valid size; invalid ones are never read. */
	if (!params->null_payload)
		payload = gunyah_test_pattern(test, GUNYAH_RM_MAX_MSG_SIZE, 1);

	len = gunyah_rm_msg_pack(buf, params->type, 0x1234, 0x56000001,
				 payload, params->size, params->index);
	KUNIT_ASSERT_EQ(test, len, params->expected);
	if (len < 0) {
		poisoned = gunyah_rm_msg_test_is_poisoned(buf, TEST_PKT_BUF);
		KUNIT_EXPECT_TRUE_MSG(test, poisoned, "written on error");
		return;
	}

	KUNIT_ASSERT_EQ(test, gunyah_rm_hdr_decode(buf, len, &info), 0);
	KUNIT_EXPECT_EQ(test, info.type, params->type);
	KUNIT_EXPECT_EQ(test, info.fragments, 0);
	KUNIT_EXPECT_EQ(test, buf[len], TEST_POISON);
}

static struct kunit_case gunyah_rm_msg_pack_test_cases[] = {
	KUNIT_CASE_PARAM(gunyah_rm_msg_test_fragments_count,
			 gunyah_rm_fragments_gen_params),
	KUNIT_CASE_PARAM(gunyah_rm_msg_test_pack_boundary_sizes,
			 gunyah_rm_size_gen_params),
	KUNIT_CASE_PARAM(gunyah_rm_msg_test_pack_checks,
			 gunyah_rm_pack_gen_params),
	{}
};

static struct kunit_suite gunyah_rm_msg_pack_test_suite = {
	.name = "gunyah_rm_msg_pack",
	.test_cases = gunyah_rm_msg_pack_test_cases,
};

/* =========================== gunyah_rm_msg_rx =========================== */

static int gunyah_rm_msg_rx_test_init(struct kunit *test)
{
	/* About 14.6 KiB: never on the stack. */
	test->priv = kunit_kzalloc(test, sizeof(struct gunyah_rm_msg_rx),
				   GFP_KERNEL);
	if (!test->priv)
		return -ENOMEM;

	return 0;
}

/*
 * Feed one packet and check the result and *dropped_partial, which starts out
 * as the opposite of what is expected so that a missing write shows.
 */
static void gunyah_rm_msg_test_feed(struct kunit *test,
				    struct gunyah_rm_msg_rx *rx,
				    const void *pkt, size_t len,
				    int expected, bool expected_dropped,
				    const char *what)
{
	bool dropped = !expected_dropped;

	KUNIT_EXPECT_EQ_MSG(test, gunyah_rm_msg_rx_packet(rx, pkt, len,
							  &dropped),
			    expected, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, dropped, expected_dropped,
			    "%s: dropped_partial", what);
}

/* Feed packets [first, last) of @msg, each expected to need more. */
static void
gunyah_rm_msg_test_feed_more(struct kunit *test, struct gunyah_rm_msg_rx *rx,
			     const struct gunyah_rm_msg_test_msg *msg,
			     unsigned int first, unsigned int last)
{
	unsigned int i;

	for (i = first; i < last; i++) {
		KUNIT_ASSERT_EQ_MSG(test,
				    gunyah_rm_msg_rx_packet(rx, msg->pkt[i],
							    msg->len[i], NULL),
				    GUNYAH_RM_RX_MORE, "packet %u", i);
		KUNIT_ASSERT_TRUE(test, rx->active);
	}
}

/* Check that @rx holds exactly the given complete message. */
static void gunyah_rm_msg_test_expect_msg(struct kunit *test,
					  const struct gunyah_rm_msg_rx *rx,
					  u8 type, u16 seq, u32 msg_id,
					  const u8 *payload, size_t size)
{
	KUNIT_EXPECT_FALSE(test, rx->active);
	KUNIT_EXPECT_EQ(test, rx->info.type, type);
	KUNIT_EXPECT_EQ(test, rx->info.fragments,
			gunyah_rm_msg_fragments(size));
	KUNIT_EXPECT_EQ(test, rx->info.seq, seq);
	KUNIT_EXPECT_EQ(test, rx->info.msg_id, msg_id);
	KUNIT_EXPECT_EQ(test, rx->received, gunyah_rm_msg_fragments(size) + 1);
	KUNIT_ASSERT_EQ(test, rx->size, size);
	KUNIT_EXPECT_EQ(test, memcmp(rx->buf, payload, size), 0);
}

static struct gunyah_rm_msg_rx *
gunyah_rm_msg_test_rx_snapshot(struct kunit *test,
			       const struct gunyah_rm_msg_rx *rx)
{
	struct gunyah_rm_msg_rx *copy;

	copy = kunit_kzalloc(test, sizeof(*copy), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, copy);
	memcpy(copy, rx, sizeof(*copy));

	return copy;
}

static void
gunyah_rm_msg_test_expect_unchanged(struct kunit *test,
				    const struct gunyah_rm_msg_rx *rx,
				    const struct gunyah_rm_msg_rx *snap,
				    const char *what)
{
	KUNIT_EXPECT_EQ_MSG(test, memcmp(rx, snap, sizeof(*rx)), 0,
			    "%s: reassembly context changed", what);
}

/* The message most rx tests start: three packets, the last of 10 bytes. */
#define TEST_A_TYPE	GUNYAH_RM_TYPE_REQUEST
#define TEST_A_SEQ	0x0010
#define TEST_A_MSG_ID	0x56000010
#define TEST_A_SIZE	(2 * TEST_CHUNK + 10)

static struct gunyah_rm_msg_test_msg *
gunyah_rm_msg_test_msg_a(struct kunit *test, const u8 **payload)
{
	*payload = gunyah_test_pattern(test, TEST_A_SIZE, 0x40);

	return gunyah_rm_msg_test_pack_all(test, TEST_A_TYPE, TEST_A_SEQ,
					   TEST_A_MSG_ID, *payload,
					   TEST_A_SIZE);
}

static void gunyah_rm_msg_test_rx_round_trip(struct kunit *test)
{
	const struct gunyah_rm_size_case *params = test->param_value;
	struct gunyah_rm_msg_rx *rx = test->priv;
	struct gunyah_rm_msg_test_msg *msg;
	const u8 *payload;
	unsigned int i;

	payload = gunyah_test_pattern(test, params->size, 5);
	msg = gunyah_rm_msg_test_pack_all(test, params->type, params->seq,
					  params->msg_id, payload,
					  params->size);
	KUNIT_ASSERT_EQ(test, msg->count, params->packets);

	for (i = 0; i + 1 < msg->count; i++)
		gunyah_rm_msg_test_feed(test, rx, msg->pkt[i], msg->len[i],
					GUNYAH_RM_RX_MORE, false, "not last");
	gunyah_rm_msg_test_feed(test, rx, msg->pkt[i], msg->len[i],
				GUNYAH_RM_RX_COMPLETE, false, "last");

	gunyah_rm_msg_test_expect_msg(test, rx, params->type, params->seq,
				      params->msg_id, payload, params->size);
}

static void gunyah_rm_msg_test_rx_max_message(struct kunit *test)
{
	struct gunyah_rm_msg_rx *rx = test->priv;
	struct gunyah_rm_msg_test_msg *msg;
	const u8 *payload;
	unsigned int i;
	int ret;

	payload = gunyah_test_pattern(test, GUNYAH_RM_MAX_MSG_SIZE, 9);
	msg = gunyah_rm_msg_test_pack_all(test, GUNYAH_RM_TYPE_NOTIFICATION,
					  0xffff, 0xffffffff, payload,
					  GUNYAH_RM_MAX_MSG_SIZE);
	KUNIT_ASSERT_EQ(test, msg->count, (unsigned int)GUNYAH_RM_MAX_PACKETS);

	for (i = 0; i < GUNYAH_RM_MAX_PACKETS; i++) {
		KUNIT_ASSERT_EQ(test, msg->len[i],
				(size_t)GUNYAH_RM_MAX_PACKET_SIZE);
		ret = gunyah_rm_msg_rx_packet(rx, msg->pkt[i], msg->len[i],
					      NULL);
		if (i + 1 < GUNYAH_RM_MAX_PACKETS) {
			KUNIT_ASSERT_EQ_MSG(test, ret, GUNYAH_RM_RX_MORE,
					    "packet %u", i);
			KUNIT_EXPECT_TRUE(test, rx->active);
		} else {
			KUNIT_ASSERT_EQ(test, ret, GUNYAH_RM_RX_COMPLETE);
		}
		KUNIT_EXPECT_EQ(test, rx->received, i + 1);
		KUNIT_EXPECT_EQ(test, rx->size, (i + 1) * TEST_CHUNK);
	}

	gunyah_rm_msg_test_expect_msg(test, rx, GUNYAH_RM_TYPE_NOTIFICATION,
				      0xffff, 0xffffffff, payload,
				      GUNYAH_RM_MAX_MSG_SIZE);
}

static void gunyah_rm_msg_test_rx_continuation_idle(struct kunit *test)
{
	struct gunyah_rm_msg_rx *rx = test->priv;
	struct gunyah_rm_msg_test_msg *msg;
	struct gunyah_rm_msg_rx *snap;
	const u8 *payload;

	msg = gunyah_rm_msg_test_msg_a(test, &payload);
	snap = gunyah_rm_msg_test_rx_snapshot(test, rx);

	gunyah_rm_msg_test_feed(test, rx, msg->pkt[1], msg->len[1], -EBADMSG,
				false, "middle continuation");
	gunyah_rm_msg_test_feed(test, rx, msg->pkt[2], msg->len[2], -EBADMSG,
				false, "last continuation");
	gunyah_rm_msg_test_expect_unchanged(test, rx, snap, "idle");
	KUNIT_EXPECT_FALSE(test, rx->active);
}

struct gunyah_rm_rx_mismatch_case {
	const char *description;
	u16 seq;
	u32 msg_id;
	u8 fragments;
};

static const struct gunyah_rm_rx_mismatch_case
gunyah_rm_rx_mismatch_cases[] = {
	{ "seq + 1", TEST_A_SEQ + 1, TEST_A_MSG_ID, 2 },
	{ "seq byte-swapped", 0x1000, TEST_A_MSG_ID, 2 },
	{ "msg_id + 1", TEST_A_SEQ, TEST_A_MSG_ID + 1, 2 },
	{ "msg_id top byte", TEST_A_SEQ, 0x57000010, 2 },
	{ "0 fragments", TEST_A_SEQ, TEST_A_MSG_ID, 0 },
	{ "1 fragment", TEST_A_SEQ, TEST_A_MSG_ID, 1 },
	{ "3 fragments", TEST_A_SEQ, TEST_A_MSG_ID, 3 },
	{ "62 fragments", TEST_A_SEQ, TEST_A_MSG_ID, 62 },
};

static void
gunyah_rm_rx_mismatch_case_desc(const struct gunyah_rm_rx_mismatch_case *t,
				char *desc)
{
	strscpy(desc, t->description, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(gunyah_rm_rx_mismatch, gunyah_rm_rx_mismatch_cases,
		  gunyah_rm_rx_mismatch_case_desc);

static void gunyah_rm_msg_test_rx_continuation_mismatch(struct kunit *test)
{
	const struct gunyah_rm_rx_mismatch_case *params = test->param_value;
	const struct gunyah_rm_msg_info info = {
		.type = GUNYAH_RM_TYPE_CONTINUATION,
		.fragments = params->fragments,
		.seq = params->seq,
		.msg_id = params->msg_id,
	};
	struct gunyah_rm_msg_rx *rx = test->priv;
	struct gunyah_rm_msg_test_msg *msg;
	struct gunyah_rm_msg_rx *snap;
	const u8 *payload;
	u8 *forged;

	msg = gunyah_rm_msg_test_msg_a(test, &payload);

	/* A full continuation that differs from message A in one field. */
	forged = gunyah_rm_msg_test_pkt_buf(test);
	KUNIT_ASSERT_EQ(test, gunyah_rm_hdr_encode((void *)forged, &info), 0);
	memset(forged + GUNYAH_RM_HEADER_SIZE, 0xee, TEST_CHUNK);

	gunyah_rm_msg_test_feed_more(test, rx, msg, 0, 1);
	snap = gunyah_rm_msg_test_rx_snapshot(test, rx);
	gunyah_rm_msg_test_feed(test, rx, forged, GUNYAH_RM_MAX_PACKET_SIZE,
				-EBADMSG, false, "after packet 0");
	gunyah_rm_msg_test_expect_unchanged(test, rx, snap, "after packet 0");

	gunyah_rm_msg_test_feed_more(test, rx, msg, 1, 2);
	snap = gunyah_rm_msg_test_rx_snapshot(test, rx);
	gunyah_rm_msg_test_feed(test, rx, forged, GUNYAH_RM_MAX_PACKET_SIZE,
				-EBADMSG, false, "after packet 1");
	gunyah_rm_msg_test_expect_unchanged(test, rx, snap, "after packet 1");

	/* The partial message was kept: the right continuation completes it. */
	gunyah_rm_msg_test_feed(test, rx, msg->pkt[2], msg->len[2],
				GUNYAH_RM_RX_COMPLETE, false, "packet 2");
	gunyah_rm_msg_test_expect_msg(test, rx, TEST_A_TYPE, TEST_A_SEQ,
				      TEST_A_MSG_ID, payload, TEST_A_SIZE);
}

struct gunyah_rm_rx_short_case {
	const char *description;
	size_t payload_len;
};

static const struct gunyah_rm_rx_short_case gunyah_rm_rx_short_cases[] = {
	{ "no payload", 0 },
	{ "1 byte", 1 },
	{ "231 bytes", TEST_CHUNK - 1 },
};

static void
gunyah_rm_rx_short_case_desc(const struct gunyah_rm_rx_short_case *t,
			     char *desc)
{
	strscpy(desc, t->description, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(gunyah_rm_rx_short, gunyah_rm_rx_short_cases,
		  gunyah_rm_rx_short_case_desc);

static void gunyah_rm_msg_test_rx_short_first_packet(struct kunit *test)
{
	const struct gunyah_rm_rx_short_case *params = test->param_value;
	size_t short_len = GUNYAH_RM_HEADER_SIZE + params->payload_len;
	struct gunyah_rm_msg_rx *rx = test->priv;
	struct gunyah_rm_msg_test_msg *msg, *other;
	const u8 *payload, *other_payload;

	msg = gunyah_rm_msg_test_msg_a(test, &payload);
	other_payload = gunyah_test_pattern(test, TEST_CHUNK + 1, 0x80);
	other = gunyah_rm_msg_test_pack_all(test, GUNYAH_RM_TYPE_NOTIFICATION,
					    1, 2, other_payload,
					    TEST_CHUNK + 1);

	/* Another message is partly assembled when the bad packet arrives. */
	gunyah_rm_msg_test_feed_more(test, rx, other, 0, 1);
	gunyah_rm_msg_test_feed(test, rx, msg->pkt[0], short_len, -EBADMSG,
				true, "short first packet");
	KUNIT_EXPECT_FALSE(test, rx->active);

	/* Neither message can continue. */
	gunyah_rm_msg_test_feed(test, rx, msg->pkt[1], msg->len[1], -EBADMSG,
				false, "continuation of the short message");
	gunyah_rm_msg_test_feed(test, rx, other->pkt[1], other->len[1],
				-EBADMSG, false,
				"continuation of the dropped message");

	/* Without a partial message nothing is reported dropped. */
	gunyah_rm_msg_test_feed(test, rx, msg->pkt[0], short_len, -EBADMSG,
				false, "short first packet, idle");
	KUNIT_EXPECT_FALSE(test, rx->active);

	/* The context is usable afterwards. */
	gunyah_rm_msg_test_feed_more(test, rx, msg, 0, 2);
	gunyah_rm_msg_test_feed(test, rx, msg->pkt[2], msg->len[2],
				GUNYAH_RM_RX_COMPLETE, false, "retry");
	gunyah_rm_msg_test_expect_msg(test, rx, TEST_A_TYPE, TEST_A_SEQ,
				      TEST_A_MSG_ID, payload, TEST_A_SIZE);
}

static void gunyah_rm_msg_test_rx_short_continuation(struct kunit *test)
{
	const struct gunyah_rm_rx_short_case *params = test->param_value;
	size_t short_len = GUNYAH_RM_HEADER_SIZE + params->payload_len;
	struct gunyah_rm_msg_rx *rx = test->priv;
	struct gunyah_rm_msg_test_msg *msg;
	const u8 *payload;

	msg = gunyah_rm_msg_test_msg_a(test, &payload);

	gunyah_rm_msg_test_feed_more(test, rx, msg, 0, 1);
	gunyah_rm_msg_test_feed(test, rx, msg->pkt[1], short_len, -EBADMSG,
				true, "short middle packet");
	KUNIT_EXPECT_FALSE(test, rx->active);

	/* The partial message is gone: its last packet has no home. */
	gunyah_rm_msg_test_feed(test, rx, msg->pkt[2], msg->len[2], -EBADMSG,
				false, "last packet");
	KUNIT_EXPECT_FALSE(test, rx->active);

	gunyah_rm_msg_test_feed_more(test, rx, msg, 0, 2);
	gunyah_rm_msg_test_feed(test, rx, msg->pkt[2], msg->len[2],
				GUNYAH_RM_RX_COMPLETE, false, "retry");
	gunyah_rm_msg_test_expect_msg(test, rx, TEST_A_TYPE, TEST_A_SEQ,
				      TEST_A_MSG_ID, payload, TEST_A_SIZE);
}

struct gunyah_rm_rx_new_case {
	const char *description;
	u8 type;
	u16 seq;
	u32 msg_id;
	size_t size;
};

static const struct gunyah_rm_rx_new_case gunyah_rm_rx_new_cases[] = {
	{
		"notification of 0 bytes",
		GUNYAH_RM_TYPE_NOTIFICATION, 0, 0x56100001, 0,
	},
	{
		"reply of 1 byte",
		GUNYAH_RM_TYPE_REPLY, TEST_A_SEQ, TEST_A_MSG_ID, 1,
	},
	{
		"request of 233 bytes, same seq and msg_id",
		GUNYAH_RM_TYPE_REQUEST, TEST_A_SEQ, TEST_A_MSG_ID, 233,
	},
	{
		"notification of 14616 bytes",
		GUNYAH_RM_TYPE_NOTIFICATION, 0xffff, 0xffffffff, 14616,
	},
};

static void
gunyah_rm_rx_new_case_desc(const struct gunyah_rm_rx_new_case *t, char *desc)
{
	strscpy(desc, t->description, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(gunyah_rm_rx_new, gunyah_rm_rx_new_cases,
		  gunyah_rm_rx_new_case_desc);

static void gunyah_rm_msg_test_rx_new_while_partial(struct kunit *test)
{
	const struct gunyah_rm_rx_new_case *params = test->param_value;
	struct gunyah_rm_msg_rx *rx = test->priv;
	struct gunyah_rm_msg_test_msg *msg, *next;
	const u8 *payload, *next_payload;
	unsigned int i;

	msg = gunyah_rm_msg_test_msg_a(test, &payload);
	next_payload = gunyah_test_pattern(test, params->size, 0x90);
	next = gunyah_rm_msg_test_pack_all(test, params->type, params->seq,
					   params->msg_id, next_payload,
					   params->size);

	gunyah_rm_msg_test_feed_more(test, rx, msg, 0, 2);

	gunyah_rm_msg_test_feed(test, rx, next->pkt[0], next->len[0],
				next->count > 1 ? GUNYAH_RM_RX_MORE :
						  GUNYAH_RM_RX_COMPLETE,
				true, "first packet of the new message");
	for (i = 1; i < next->count; i++)
		gunyah_rm_msg_test_feed(test, rx, next->pkt[i], next->len[i],
					i + 1 < next->count ?
						GUNYAH_RM_RX_MORE :
						GUNYAH_RM_RX_COMPLETE,
					false, "continuation of new message");

	gunyah_rm_msg_test_expect_msg(test, rx, params->type, params->seq,
				      params->msg_id, next_payload,
				      params->size);
}

struct gunyah_rm_rx_bad_hdr_case {
	const char *description;
	size_t len;
	u8 api;
	u8 fragments;
	int expected;
};

static const struct gunyah_rm_rx_bad_hdr_case
gunyah_rm_rx_bad_hdr_cases[] = {
	{ "empty packet", 0, GUNYAH_RM_API_BYTE, 2, -EBADMSG },
	{ "7 bytes", 7, GUNYAH_RM_API_BYTE, 2, -EBADMSG },
	{ "241 bytes", 241, GUNYAH_RM_API_BYTE, 2, -EMSGSIZE },
	{ "API byte 0x20", 240, 0x20, 2, -EPROTO },
	{ "API byte 0x11", 240, 0x11, 2, -EPROTO },
	{ "API byte 0x22", 240, 0x22, 2, -EPROTO },
	{ "63 fragments", 240, GUNYAH_RM_API_BYTE, 63, -EBADMSG },
};

static void
gunyah_rm_rx_bad_hdr_case_desc(const struct gunyah_rm_rx_bad_hdr_case *t,
			       char *desc)
{
	strscpy(desc, t->description, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(gunyah_rm_rx_bad_hdr, gunyah_rm_rx_bad_hdr_cases,
		  gunyah_rm_rx_bad_hdr_case_desc);

static void gunyah_rm_msg_test_rx_bad_header_mid_message(struct kunit *test)
{
	const struct gunyah_rm_rx_bad_hdr_case *params = test->param_value;
	struct gunyah_rm_msg_rx *rx = test->priv;
	struct gunyah_rm_msg_test_msg *msg;
	struct gunyah_rm_msg_rx *snap;
	const u8 *payload;
	u8 *bad;

	msg = gunyah_rm_msg_test_msg_a(test, &payload);

	/* Packet 1 of message A, damaged, at an odd address. */
	bad = gunyah_rm_msg_test_pkt_buf(test);
	memcpy(bad + 1, msg->pkt[1], GUNYAH_RM_MAX_PACKET_SIZE);
	bad[1] = params->api;
	bad[2] = GUNYAH_RM_TYPE_CONTINUATION |
		 params->fragments << GUNYAH_RM_FRAGMENTS_SHIFT;

	gunyah_rm_msg_test_feed_more(test, rx, msg, 0, 1);
	snap = gunyah_rm_msg_test_rx_snapshot(test, rx);
	gunyah_rm_msg_test_feed(test, rx, bad + 1, params->len,
				params->expected, false, "after packet 0");
	gunyah_rm_msg_test_expect_unchanged(test, rx, snap, "after packet 0");

	gunyah_rm_msg_test_feed_more(test, rx, msg, 1, 2);
	snap = gunyah_rm_msg_test_rx_snapshot(test, rx);
	gunyah_rm_msg_test_feed(test, rx, bad + 1, params->len,
				params->expected, false, "after packet 1");
	gunyah_rm_msg_test_expect_unchanged(test, rx, snap, "after packet 1");

	gunyah_rm_msg_test_feed(test, rx, msg->pkt[2], msg->len[2],
				GUNYAH_RM_RX_COMPLETE, false, "packet 2");
	gunyah_rm_msg_test_expect_msg(test, rx, TEST_A_TYPE, TEST_A_SEQ,
				      TEST_A_MSG_ID, payload, TEST_A_SIZE);
}

static void gunyah_rm_msg_test_rx_extra_continuation(struct kunit *test)
{
	const struct gunyah_rm_msg_info extra_info = {
		.type = GUNYAH_RM_TYPE_CONTINUATION,
		.fragments = 2,
		.seq = TEST_A_SEQ,
		.msg_id = TEST_A_MSG_ID,
	};
	struct gunyah_rm_msg_rx *rx = test->priv;
	struct gunyah_rm_msg_test_msg *msg;
	struct gunyah_rm_msg_rx *snap;
	const u8 *payload;
	u8 *extra;

	msg = gunyah_rm_msg_test_msg_a(test, &payload);

	/* A fourth packet that matches message A in every header field. */
	extra = gunyah_rm_msg_test_pkt_buf(test);
	KUNIT_ASSERT_EQ(test, gunyah_rm_hdr_encode((void *)extra, &extra_info),
			0);

	gunyah_rm_msg_test_feed_more(test, rx, msg, 0, 2);
	gunyah_rm_msg_test_feed(test, rx, msg->pkt[2], msg->len[2],
				GUNYAH_RM_RX_COMPLETE, false, "packet 2");
	snap = gunyah_rm_msg_test_rx_snapshot(test, rx);

	gunyah_rm_msg_test_feed(test, rx, extra, GUNYAH_RM_MAX_PACKET_SIZE,
				-EBADMSG, false, "fourth full packet");
	gunyah_rm_msg_test_feed(test, rx, extra, GUNYAH_RM_HEADER_SIZE,
				-EBADMSG, false, "fourth empty packet");
	gunyah_rm_msg_test_feed(test, rx, msg->pkt[2], msg->len[2], -EBADMSG,
				false, "packet 2 again");
	gunyah_rm_msg_test_expect_unchanged(test, rx, snap, "after completion");

	/* The completed message is still there. */
	gunyah_rm_msg_test_expect_msg(test, rx, TEST_A_TYPE, TEST_A_SEQ,
				      TEST_A_MSG_ID, payload, TEST_A_SIZE);
}

static void gunyah_rm_msg_test_rx_reset_forgets(struct kunit *test)
{
	struct gunyah_rm_msg_rx *rx = test->priv;
	struct gunyah_rm_msg_test_msg *msg;
	const u8 *payload;

	msg = gunyah_rm_msg_test_msg_a(test, &payload);

	gunyah_rm_msg_test_feed_more(test, rx, msg, 0, 2);
	gunyah_rm_msg_rx_reset(rx);
	KUNIT_EXPECT_FALSE(test, rx->active);
	KUNIT_EXPECT_EQ(test, rx->received, 0);
	KUNIT_EXPECT_EQ(test, rx->size, (size_t)0);

	gunyah_rm_msg_test_feed(test, rx, msg->pkt[2], msg->len[2], -EBADMSG,
				false, "last packet after reset");

	/* A new message after a reset reports no dropped partial. */
	gunyah_rm_msg_test_feed_more(test, rx, msg, 0, 1);
	gunyah_rm_msg_rx_reset(rx);
	gunyah_rm_msg_test_feed(test, rx, msg->pkt[0], msg->len[0],
				GUNYAH_RM_RX_MORE, false, "restart");
	gunyah_rm_msg_test_feed_more(test, rx, msg, 1, 2);
	gunyah_rm_msg_test_feed(test, rx, msg->pkt[2], msg->len[2],
				GUNYAH_RM_RX_COMPLETE, false, "packet 2");
	gunyah_rm_msg_test_expect_msg(test, rx, TEST_A_TYPE, TEST_A_SEQ,
				      TEST_A_MSG_ID, payload, TEST_A_SIZE);
}

static void gunyah_rm_msg_test_rx_null_dropped_partial(struct kunit *test)
{
	struct gunyah_rm_msg_rx *rx = test->priv;
	struct gunyah_rm_msg_test_msg *msg;
	const u8 *payload;

	msg = gunyah_rm_msg_test_msg_a(test, &payload);

	/* Discarding a partial message needs no dropped_partial pointer. */
	gunyah_rm_msg_test_feed_more(test, rx, msg, 0, 1);
	KUNIT_EXPECT_EQ(test, gunyah_rm_msg_rx_packet(rx, msg->pkt[1],
						      GUNYAH_RM_HEADER_SIZE,
						      NULL), -EBADMSG);
	KUNIT_EXPECT_FALSE(test, rx->active);

	/* Packet 0 again while packets 0 and 1 are held: a restart. */
	gunyah_rm_msg_test_feed_more(test, rx, msg, 0, 2);
	gunyah_rm_msg_test_feed_more(test, rx, msg, 0, 2);
	KUNIT_EXPECT_EQ(test, rx->received, 2);
	KUNIT_EXPECT_EQ(test, gunyah_rm_msg_rx_packet(rx, msg->pkt[2],
						      msg->len[2], NULL),
			GUNYAH_RM_RX_COMPLETE);
	gunyah_rm_msg_test_expect_msg(test, rx, TEST_A_TYPE, TEST_A_SEQ,
				      TEST_A_MSG_ID, payload, TEST_A_SIZE);
}

static struct kunit_case gunyah_rm_msg_rx_test_cases[] = {
	KUNIT_CASE_PARAM(gunyah_rm_msg_test_rx_round_trip,
			 gunyah_rm_size_gen_params),
	KUNIT_CASE(gunyah_rm_msg_test_rx_max_message),
	KUNIT_CASE(gunyah_rm_msg_test_rx_continuation_idle),
	KUNIT_CASE_PARAM(gunyah_rm_msg_test_rx_continuation_mismatch,
			 gunyah_rm_rx_mismatch_gen_params),
	KUNIT_CASE_PARAM(gunyah_rm_msg_test_rx_short_first_packet,
			 gunyah_rm_rx_short_gen_params),
	KUNIT_CASE_PARAM(gunyah_rm_msg_test_rx_short_continuation,
			 gunyah_rm_rx_short_gen_params),
	KUNIT_CASE_PARAM(gunyah_rm_msg_test_rx_new_while_partial,
			 gunyah_rm_rx_new_gen_params),
	KUNIT_CASE_PARAM(gunyah_rm_msg_test_rx_bad_header_mid_message,
			 gunyah_rm_rx_bad_hdr_gen_params),
	KUNIT_CASE(gunyah_rm_msg_test_rx_extra_continuation),
	KUNIT_CASE(gunyah_rm_msg_test_rx_reset_forgets),
	KUNIT_CASE(gunyah_rm_msg_test_rx_null_dropped_partial),
	{}
};

static struct kunit_suite gunyah_rm_msg_rx_test_suite = {
	.name = "gunyah_rm_msg_rx",
	.init = gunyah_rm_msg_rx_test_init,
	.test_cases = gunyah_rm_msg_rx_test_cases,
};

kunit_test_suites(&gunyah_rm_msg_hdr_test_suite,
		  &gunyah_rm_msg_pack_test_suite,
		  &gunyah_rm_msg_rx_test_suite);

MODULE_DESCRIPTION("KUnit tests for the Gunyah Resource Manager message codec");
MODULE_LICENSE("GPL");
