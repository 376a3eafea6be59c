// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the Gunyah Resource Manager RPC client (rm.c) and its typed
 * wrappers (rm_rpc.c), driven through a fake packet transport.
 *
 * The fake reassembles every request the client sends with its own
 * reassembly context and, on the last packet, answers from inside send() as
 * the Resource Manager would: reply packets are built with
 * gunyah_rm_msg_pack() and fed to gunyah_rm_receive() one by one. It can also
 * stay silent or inject malformed packets first. The expected request bytes
 * are written out from the RM ABI, independently of the driver's structs.
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/gunyah_rm.h>
#include <linux/gunyah_rm_msg.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/signal.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include "../drivers/virt/gunyah/rm_rpc.h"

#include "test_pattern.h"

/* A message id the client does not interpret. */
#define TEST_MSG_ID		0x5600ab01
#define TEST_TIMEOUT		(10 * HZ)
#define TEST_CHUNK		232
#define TEST_ERR_SIZE		4

/* Packets the fake keeps; it counts the ones beyond. */
#define GUNYAH_RM_FAKE_PKTS	GUNYAH_RM_MAX_PACKETS
/* Requests whose payload the fake keeps; it counts the ones beyond. */
#define GUNYAH_RM_FAKE_REQS	4
/* gunyah_rm_fake_feed_locked(): up to the last packet */
#define GUNYAH_RM_FAKE_ALL	UINT_MAX

/* What the fake does with a complete request. */
enum gunyah_rm_fake_mode {
	GUNYAH_RM_FAKE_REPLY,	/* reply from the script, else @dflt */
	GUNYAH_RM_FAKE_ECHO,	/* reply OK with the request payload */
	GUNYAH_RM_FAKE_SILENT,	/* no reply: complete @request_seen */
	GUNYAH_RM_FAKE_FAULT,	/* inject @fault around the @dflt reply */
};

/* Faults injected around a reply in GUNYAH_RM_FAKE_FAULT mode. */
enum gunyah_rm_fake_fault {
	GUNYAH_RM_FAULT_BAD_HEADER,
	GUNYAH_RM_FAULT_BAD_HEADER_MID,
	GUNYAH_RM_FAULT_STRAY_CONTINUATION,
	GUNYAH_RM_FAULT_SHORT_REPLY,
	GUNYAH_RM_FAULT_WRONG_MSG_ID,
	GUNYAH_RM_FAULT_UNKNOWN_SEQ,
	GUNYAH_RM_FAULT_DUPLICATE,
	GUNYAH_RM_FAULT_TRUNCATED,
	GUNYAH_RM_FAULT_REQUEST_TYPE,
};

/* One reply: the RM error code, then @size bytes of @data. */
struct gunyah_rm_fake_reply {
	u32 rm_error;
	const void *data;
	size_t size;
};

/* One packet as the client sent it. */
struct gunyah_rm_fake_pkt {
	size_t len;
	bool push;
	u8 data[GUNYAH_RM_MAX_PACKET_SIZE];
};

/* One reassembled request; @data holds GUNYAH_RM_MAX_MSG_SIZE bytes. */
struct gunyah_rm_fake_req {
	u16 seq;
	u32 msg_id;
	size_t size;
	u8 *data;
};

/*
 * The fake RM of one test. The test sets the fields of the first group
 * before it makes a call; the rest is written under @lock, which also
 * serialises every gunyah_rm_receive() (send() runs under the client's
 * send lock, which is taken before @lock).
 */
struct gunyah_rm_fake {
	struct gunyah_rm *rm;
	struct mutex lock;	/* serialises receiving; protects the rest */

	enum gunyah_rm_fake_mode mode;
	enum gunyah_rm_fake_fault fault;
	struct gunyah_rm_fake_reply dflt;
	const struct gunyah_rm_fake_reply *script;
	unsigned int script_len;
	const u8 *decoy;
	size_t decoy_size;
	int send_err;
	unsigned int send_err_after;

	struct gunyah_rm_msg_rx *rx;
	unsigned int n_pkts;
	struct gunyah_rm_fake_pkt pkts[GUNYAH_RM_FAKE_PKTS];
	unsigned int n_reqs;
	struct gunyah_rm_fake_req reqs[GUNYAH_RM_FAKE_REQS];
	u16 last_seq;
	u32 last_msg_id;
	u16 notif_seq;
	unsigned int n_fed;
	unsigned int errors;
	struct completion request_seen;
	u8 *reply_buf;
	u8 tx_pkt[GUNYAH_RM_MAX_PACKET_SIZE];
};

/* Little-endian store of the low @bytes bytes of @v; returns the end. */
static u8 *gunyah_rm_test_put_le(u8 *p, u64 v, unsigned int bytes)
{
	unsigned int i;

	for (i = 0; i < bytes; i++, v >>= 8)
		p[i] = (u8)v;

	return p + bytes;
}

/* Feed packets [@from, @to) of a message to the client. */
static void gunyah_rm_fake_feed_locked(struct gunyah_rm_fake *fake, u8 type,
				       u16 seq, u32 msg_id, const void *payload,
				       size_t size, unsigned int from,
				       unsigned int to)
{
	int fragments = gunyah_rm_msg_fragments(size);
	unsigned int i;
	ssize_t len;

	lockdep_assert_held(&fake->lock);
	if (fragments < 0) {
		fake->errors++;
		return;
	}
	to = min_t(unsigned int, to, fragments + 1);
	for (i = from; i < to; i++) {
		len = gunyah_rm_msg_pack(fake->tx_pkt, type, seq, msg_id,
					 payload, size, i);
		if (len < 0) {
			fake->errors++;
			return;
		}
		fake->n_fed++;
		gunyah_rm_receive(fake->rm, fake->tx_pkt, len);
	}
}

/* The payload of a reply, in @fake->reply_buf: @rm_error, then @data. */
static size_t gunyah_rm_fake_build_reply(struct gunyah_rm_fake *fake,
					 u32 rm_error, const void *data,
					 size_t size)
{
	if (size > GUNYAH_RM_MAX_MSG_SIZE - TEST_ERR_SIZE) {
		fake->errors++;
		size = 0;
	}
	gunyah_rm_test_put_le(fake->reply_buf, rm_error, TEST_ERR_SIZE);
	if (size)
		memcpy(fake->reply_buf + TEST_ERR_SIZE, data, size);

	return TEST_ERR_SIZE + size;
}

static void gunyah_rm_fake_reply_locked(struct gunyah_rm_fake *fake, u16 seq,
					u32 msg_id, u32 rm_error,
					const void *data, size_t size)
{
	size_t len = gunyah_rm_fake_build_reply(fake, rm_error, data, size);

	gunyah_rm_fake_feed_locked(fake, GUNYAH_RM_TYPE_REPLY, seq, msg_id,
				   fake->reply_buf, len, 0, GUNYAH_RM_FAKE_ALL);
}

/* A reply to @seq from the test thread, e.g. after a silent request. */
static void gunyah_rm_fake_reply(struct gunyah_rm_fake *fake, u16 seq,
				 u32 msg_id, u32 rm_error, const void *data,
				 size_t size)
{
	mutex_lock(&fake->lock);
	gunyah_rm_fake_reply_locked(fake, seq, msg_id, rm_error, data, size);
	mutex_unlock(&fake->lock);
}

static void gunyah_rm_fake_notify(struct gunyah_rm_fake *fake, u32 msg_id,
				  const void *payload, size_t size)
{
	mutex_lock(&fake->lock);
	gunyah_rm_fake_feed_locked(fake, GUNYAH_RM_TYPE_NOTIFICATION,
				   fake->notif_seq++, msg_id, payload, size, 0,
				   GUNYAH_RM_FAKE_ALL);
	mutex_unlock(&fake->lock);
}

/* Packet 0 of a decoy reply, with byte 0 (API version) corrupted. */
static void gunyah_rm_fake_feed_corrupt_locked(struct gunyah_rm_fake *fake,
					       u16 seq, u32 msg_id)
{
	ssize_t len;

	len = gunyah_rm_msg_pack(fake->tx_pkt, GUNYAH_RM_TYPE_REPLY, seq,
				 msg_id, fake->decoy, fake->decoy_size, 0);
	if (len < 0) {
		fake->errors++;
		return;
	}
	fake->tx_pkt[0] = 0x22;
	fake->n_fed++;
	gunyah_rm_receive(fake->rm, fake->tx_pkt, len);
}

static void gunyah_rm_fake_fault_locked(struct gunyah_rm_fake *fake, u16 seq,
					u32 msg_id)
{
	static const u8 short_reply[] = { 0x00, 0x00 };
	const struct gunyah_rm_fake_reply *good = &fake->dflt;
	size_t len;

	switch (fake->fault) {
	case GUNYAH_RM_FAULT_BAD_HEADER:
		gunyah_rm_fake_feed_corrupt_locked(fake, seq, msg_id);
		break;
	case GUNYAH_RM_FAULT_BAD_HEADER_MID:
		/* The good reply spans two packets; corrupt one in between. */
		len = gunyah_rm_fake_build_reply(fake, good->rm_error,
						 good->data, good->size);
		gunyah_rm_fake_feed_locked(fake, GUNYAH_RM_TYPE_REPLY, seq,
					   msg_id, fake->reply_buf, len, 0, 1);
		gunyah_rm_fake_feed_corrupt_locked(fake, seq, msg_id);
		gunyah_rm_fake_feed_locked(fake, GUNYAH_RM_TYPE_REPLY, seq,
					   msg_id, fake->reply_buf, len, 1,
					   GUNYAH_RM_FAKE_ALL);
		return;
	case GUNYAH_RM_FAULT_STRAY_CONTINUATION:
		len = gunyah_rm_fake_build_reply(fake, GUNYAH_RM_ERROR_OK,
						 fake->decoy, fake->decoy_size);
		gunyah_rm_fake_feed_locked(fake, GUNYAH_RM_TYPE_REPLY, seq,
					   msg_id, fake->reply_buf, len, 1, 2);
		break;
	case GUNYAH_RM_FAULT_SHORT_REPLY:
		gunyah_rm_fake_feed_locked(fake, GUNYAH_RM_TYPE_REPLY, seq,
					   msg_id, short_reply,
					   sizeof(short_reply), 0,
					   GUNYAH_RM_FAKE_ALL);
		break;
	case GUNYAH_RM_FAULT_WRONG_MSG_ID:
		gunyah_rm_fake_reply_locked(fake, seq, msg_id ^ 1,
					    GUNYAH_RM_ERROR_OK, fake->decoy,
					    fake->decoy_size);
		break;
	case GUNYAH_RM_FAULT_UNKNOWN_SEQ:
		gunyah_rm_fake_reply_locked(fake, seq ^ 0x8000, msg_id,
					    GUNYAH_RM_ERROR_OK, fake->decoy,
					    fake->decoy_size);
		break;
	case GUNYAH_RM_FAULT_DUPLICATE:
		gunyah_rm_fake_reply_locked(fake, seq, msg_id, good->rm_error,
					    good->data, good->size);
		break;
	case GUNYAH_RM_FAULT_TRUNCATED:
		/* Only the first of the two packets of a decoy reply. */
		len = gunyah_rm_fake_build_reply(fake, GUNYAH_RM_ERROR_OK,
						 fake->decoy, fake->decoy_size);
		gunyah_rm_fake_feed_locked(fake, GUNYAH_RM_TYPE_REPLY, seq,
					   msg_id, fake->reply_buf, len, 0, 1);
		break;
	case GUNYAH_RM_FAULT_REQUEST_TYPE:
		len = gunyah_rm_fake_build_reply(fake, GUNYAH_RM_ERROR_OK,
						 fake->decoy, fake->decoy_size);
		gunyah_rm_fake_feed_locked(fake, GUNYAH_RM_TYPE_REQUEST, seq,
					   msg_id, fake->reply_buf, len, 0,
					   GUNYAH_RM_FAKE_ALL);
		break;
	}

	gunyah_rm_fake_reply_locked(fake, seq, msg_id, good->rm_error,
				    good->data, good->size);
}

static void gunyah_rm_fake_request_locked(struct gunyah_rm_fake *fake)
{
	const struct gunyah_rm_msg_rx *rx = fake->rx;
	const struct gunyah_rm_fake_reply *reply = &fake->dflt;
	unsigned int n = fake->n_reqs++;
	u16 seq = rx->info.seq;
	u32 msg_id = rx->info.msg_id;

	if (rx->info.type != GUNYAH_RM_TYPE_REQUEST)
		fake->errors++;
	if (n < GUNYAH_RM_FAKE_REQS) {
		fake->reqs[n].seq = seq;
		fake->reqs[n].msg_id = msg_id;
		fake->reqs[n].size = rx->size;
		memcpy(fake->reqs[n].data, rx->buf, rx->size);
	}
	fake->last_seq = seq;
	fake->last_msg_id = msg_id;
	if (n < fake->script_len)
		reply = &fake->script[n];

	switch (fake->mode) {
	case GUNYAH_RM_FAKE_REPLY:
		gunyah_rm_fake_reply_locked(fake, seq, msg_id, reply->rm_error,
					    reply->data, reply->size);
		break;
	case GUNYAH_RM_FAKE_ECHO:
		gunyah_rm_fake_reply_locked(fake, seq, msg_id,
					    GUNYAH_RM_ERROR_OK, rx->buf,
					    rx->size);
		break;
	case GUNYAH_RM_FAKE_SILENT:
		complete(&fake->request_seen);
		break;
	case GUNYAH_RM_FAKE_FAULT:
		gunyah_rm_fake_fault_locked(fake, seq, msg_id);
		break;
	}
}

static int gunyah_rm_fake_send(struct gunyah_rm *rm, const void *pkt,
			       size_t len, bool push)
{
	struct gunyah_rm_fake *fake = gunyah_rm_transport_data(rm);
	struct gunyah_rm_fake_pkt *rec;
	bool last;
	int ret;

	mutex_lock(&fake->lock);
	if (fake->send_err) {
		if (!fake->send_err_after) {
			ret = fake->send_err;
			fake->send_err = 0;
			mutex_unlock(&fake->lock);
			return ret;
		}
		fake->send_err_after--;
	}

	if (fake->n_pkts < GUNYAH_RM_FAKE_PKTS &&
	    len <= GUNYAH_RM_MAX_PACKET_SIZE) {
		rec = &fake->pkts[fake->n_pkts];
		rec->len = len;
		rec->push = push;
		memcpy(rec->data, pkt, len);
	}
	fake->n_pkts++;

	/* Malformed packets and PUSH anywhere but on the last are errors. */
	ret = gunyah_rm_msg_rx_packet(fake->rx, pkt, len, NULL);
	last = ret == GUNYAH_RM_RX_COMPLETE;
	if (ret < 0 || push != last)
		fake->errors++;
	if (last)
		gunyah_rm_fake_request_locked(fake);
	mutex_unlock(&fake->lock);

	return 0;
}

static const struct gunyah_rm_transport gunyah_rm_fake_transport = {
	.send = gunyah_rm_fake_send,
};

static int gunyah_rm_client_test_init(struct kunit *test)
{
	struct gunyah_rm_fake *fake;
	struct gunyah_rm *rm;
	struct device *dev;
	unsigned int i;

	fake = kunit_kzalloc(test, sizeof(*fake), GFP_KERNEL);
	if (!fake)
		return -ENOMEM;
	fake->rx = kunit_kzalloc(test, sizeof(*fake->rx), GFP_KERNEL);
	fake->reply_buf = kunit_kzalloc(test, GUNYAH_RM_MAX_MSG_SIZE,
					GFP_KERNEL);
	if (!fake->rx || !fake->reply_buf)
		return -ENOMEM;
	for (i = 0; i < GUNYAH_RM_FAKE_REQS; i++) {
		fake->reqs[i].data = kunit_kzalloc(test, GUNYAH_RM_MAX_MSG_SIZE,
						   GFP_KERNEL);
		if (!fake->reqs[i].data)
			return -ENOMEM;
	}
	mutex_init(&fake->lock);
	init_completion(&fake->request_seen);
	test->priv = fake;

	dev = kunit_device_register(test, "gunyah_rm_client_test");
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	rm = gunyah_rm_create(dev, &gunyah_rm_fake_transport, fake);
	if (IS_ERR(rm))
		return PTR_ERR(rm);
	fake->rm = rm;

	return 0;
}

static void gunyah_rm_client_test_exit(struct kunit *test)
{
	struct gunyah_rm_fake *fake = test->priv;

	if (!fake)
		return;
	if (fake->rm)
		gunyah_rm_destroy(fake->rm);
	KUNIT_EXPECT_EQ_MSG(test, fake->errors, 0,
			    "the fake RM saw a malformed request or was misused");
	mutex_destroy(&fake->lock);
}

/* ============================== helpers =============================== */

static void gunyah_rm_test_expect_bytes(struct kunit *test, const char *what,
					unsigned int index, const u8 *got,
					size_t got_size, const u8 *want,
					size_t want_size)
{
	size_t i;

	KUNIT_EXPECT_EQ_MSG(test, got_size, want_size, "%s %u: size", what,
			    index);
	for (i = 0; i < min(got_size, want_size); i++) {
		if (got[i] != want[i]) {
			KUNIT_FAIL(test, "%s %u: byte %zu is %#04x, expected %#04x",
				   what, index, i, got[i], want[i]);
			return;
		}
	}
}

#define GUNYAH_RM_TEST_STAT(field) \
	{ #field, offsetof(struct gunyah_rm_stats, field) }

static const struct {
	const char *name;
	size_t offset;
} gunyah_rm_test_stat_fields[] = {
	GUNYAH_RM_TEST_STAT(calls),
	GUNYAH_RM_TEST_STAT(replies),
	GUNYAH_RM_TEST_STAT(notifications),
	GUNYAH_RM_TEST_STAT(notifications_ignored),
	GUNYAH_RM_TEST_STAT(dropped_packets),
	GUNYAH_RM_TEST_STAT(dropped_messages),
	GUNYAH_RM_TEST_STAT(unexpected_replies),
	GUNYAH_RM_TEST_STAT(malformed_replies),
	GUNYAH_RM_TEST_STAT(abandoned_calls),
};

static_assert(ARRAY_SIZE(gunyah_rm_test_stat_fields) * sizeof(u64) ==
	      sizeof(struct gunyah_rm_stats));

/* Every counter of the client must equal @want. */
static void gunyah_rm_test_expect_stats(struct kunit *test,
					struct gunyah_rm *rm,
					const struct gunyah_rm_stats *want)
{
	struct gunyah_rm_stats got;
	unsigned int i;
	size_t off;

	gunyah_rm_get_stats(rm, &got);
	for (i = 0; i < ARRAY_SIZE(gunyah_rm_test_stat_fields); i++) {
		off = gunyah_rm_test_stat_fields[i].offset;
		KUNIT_EXPECT_EQ_MSG(test, *(u64 *)((u8 *)&got + off),
				    *(const u64 *)((const u8 *)want + off),
				    "stats.%s", gunyah_rm_test_stat_fields[i].name);
	}
}

/* ========================== error remapping =========================== */

struct gunyah_rm_client_error_case {
	const char *description;
	u32 rm_error;
	int expected;
};

static const struct gunyah_rm_client_error_case gunyah_rm_client_error_cases[] = {
	{ "OK", GUNYAH_RM_ERROR_OK, 0 },
	{ "UNIMPLEMENTED", GUNYAH_RM_ERROR_UNIMPLEMENTED, -EOPNOTSUPP },
	{ "NOMEM", GUNYAH_RM_ERROR_NOMEM, -ENOMEM },
	{ "NORESOURCE", GUNYAH_RM_ERROR_NORESOURCE, -ENODEV },
	{ "DENIED", GUNYAH_RM_ERROR_DENIED, -EPERM },
	{ "MSG_INVALID", GUNYAH_RM_ERROR_MSG_INVALID, -EINVAL },
	{ "BUSY", GUNYAH_RM_ERROR_BUSY, -EBUSY },
	{ "ARGUMENT_INVALID", GUNYAH_RM_ERROR_ARGUMENT_INVALID, -EINVAL },
	{ "HANDLE_INVALID", GUNYAH_RM_ERROR_HANDLE_INVALID, -EINVAL },
	{ "VALIDATE_FAILED", GUNYAH_RM_ERROR_VALIDATE_FAILED, -EINVAL },
	{ "MAP_FAILED", GUNYAH_RM_ERROR_MAP_FAILED, -EINVAL },
	{ "MEM_INVALID", GUNYAH_RM_ERROR_MEM_INVALID, -EINVAL },
	{ "MEM_INUSE", GUNYAH_RM_ERROR_MEM_INUSE, -EBUSY },
	{ "MEM_RELEASED", GUNYAH_RM_ERROR_MEM_RELEASED, -EINVAL },
	{ "VMID_INVALID", GUNYAH_RM_ERROR_VMID_INVALID, -EINVAL },
	{ "LOOKUP_FAILED", GUNYAH_RM_ERROR_LOOKUP_FAILED, -ENOENT },
	{ "IRQ_INVALID", GUNYAH_RM_ERROR_IRQ_INVALID, -EINVAL },
	{ "IRQ_INUSE", GUNYAH_RM_ERROR_IRQ_INUSE, -EBUSY },
	{ "IRQ_RELEASED", GUNYAH_RM_ERROR_IRQ_RELEASED, -EINVAL },
	{ "IN_USE", GUNYAH_RM_ERROR_IN_USE, -EBUSY },
	{ "IRQ_NOT_MAPPED", GUNYAH_RM_ERROR_IRQ_NOT_MAPPED, -EINVAL },
	{ "VM_STATE", GUNYAH_RM_ERROR_VM_STATE, -EBUSY },
	{ "unknown code 0x15", 0x15, -EPROTO },
	{ "unknown code 0x7fffffff", 0x7fffffff, -EPROTO },
	{ "unknown code 0xfffffffe", 0xfffffffe, -EPROTO },
};

KUNIT_ARRAY_PARAM_DESC(gunyah_rm_client_error, gunyah_rm_client_error_cases,
		       description);

static void gunyah_rm_client_test_error_remap_table(struct kunit *test)
{
	const struct gunyah_rm_client_error_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, gunyah_rm_error_remap(c->rm_error), c->expected);
}

static void gunyah_rm_client_test_call_error_reply(struct kunit *test)
{
	const struct gunyah_rm_client_error_case *c = test->param_value;
	const struct gunyah_rm_stats want = { .calls = 1, .replies = 1 };
	struct gunyah_rm_fake *fake = test->priv;
	const u8 *data = gunyah_test_pattern(test, 8, 0x40);
	size_t resp_size = 99;
	void *resp = ZERO_SIZE_PTR;	/* not NULL: the call resets it */
	int ret;

	fake->dflt = (struct gunyah_rm_fake_reply){ c->rm_error, data, 8 };
	ret = gunyah_rm_call(fake->rm, TEST_MSG_ID, NULL, 0, &resp, &resp_size);
	KUNIT_EXPECT_EQ(test, ret, c->expected);
	if (c->expected) {
		/* The reply's data was freed, not handed out. */
		KUNIT_EXPECT_NULL(test, resp);
		KUNIT_EXPECT_EQ(test, resp_size, 0);
	} else {
		gunyah_rm_test_expect_bytes(test, "reply", 0, resp, resp_size,
					    data, 8);
	}
	if (!ret)
		kfree(resp);
	gunyah_rm_test_expect_stats(test, fake->rm, &want);
}

/* ============================= round trip ============================= */

static void gunyah_rm_client_test_call_round_trip(struct kunit *test)
{
	const struct gunyah_rm_stats want = { .calls = 2, .replies = 2 };
	struct gunyah_rm_fake *fake = test->priv;
	const u8 *req = gunyah_test_pattern(test, 100, 1);
	const u8 *data = gunyah_test_pattern(test, 50, 2);
	size_t resp_size = 0;
	void *resp = NULL;

	fake->dflt = (struct gunyah_rm_fake_reply){ GUNYAH_RM_ERROR_OK, data, 50 };
	KUNIT_ASSERT_EQ(test, gunyah_rm_call(fake->rm, TEST_MSG_ID, req, 100,
					     &resp, &resp_size), 0);
	gunyah_rm_test_expect_bytes(test, "reply", 0, resp, resp_size, data, 50);
	kfree(resp);

	KUNIT_ASSERT_EQ(test, fake->n_reqs, 1);
	KUNIT_EXPECT_EQ(test, fake->reqs[0].msg_id, TEST_MSG_ID);
	gunyah_rm_test_expect_bytes(test, "request", 0, fake->reqs[0].data,
				    fake->reqs[0].size, req, 100);

	/* A request without payload. */
	KUNIT_EXPECT_EQ(test, gunyah_rm_call(fake->rm, TEST_MSG_ID + 1, NULL, 0,
					     &resp, &resp_size), 0);
	KUNIT_EXPECT_EQ(test, resp_size, 50);
	kfree(resp);
	KUNIT_ASSERT_EQ(test, fake->n_reqs, 2);
	KUNIT_EXPECT_EQ(test, fake->reqs[1].msg_id, TEST_MSG_ID + 1);
	KUNIT_EXPECT_EQ(test, fake->reqs[1].size, 0);

	gunyah_rm_test_expect_stats(test, fake->rm, &want);
}

static void gunyah_rm_client_test_call_null_outputs(struct kunit *test)
{
	const struct gunyah_rm_stats want = { .calls = 3, .replies = 3 };
	struct gunyah_rm_fake *fake = test->priv;
	const u8 *data = gunyah_test_pattern(test, 300, 3);
	size_t resp_size = 0;
	void *resp = NULL;

	fake->dflt = (struct gunyah_rm_fake_reply){ GUNYAH_RM_ERROR_OK, data, 300 };

	/* Reply data nobody asked for is freed by the client. */
	KUNIT_EXPECT_EQ(test, gunyah_rm_call(fake->rm, TEST_MSG_ID, NULL, 0,
					     NULL, NULL), 0);

	KUNIT_EXPECT_EQ(test, gunyah_rm_call(fake->rm, TEST_MSG_ID, NULL, 0,
					     &resp, NULL), 0);
	KUNIT_EXPECT_NOT_NULL(test, resp);
	if (resp)
		KUNIT_EXPECT_EQ(test, memcmp(resp, data, 300), 0);
	kfree(resp);

	KUNIT_EXPECT_EQ(test, gunyah_rm_call(fake->rm, TEST_MSG_ID, NULL, 0,
					     NULL, &resp_size), 0);

	gunyah_rm_test_expect_stats(test, fake->rm, &want);
}

/* =========================== request sizes ============================ */

struct gunyah_rm_client_size_case {
	const char *description;
	size_t size;
	unsigned int packets;
};

static const struct gunyah_rm_client_size_case gunyah_rm_client_req_cases[] = {
	{ "0 bytes: 1 packet", 0, 1 },
	{ "232 bytes: 1 packet", 232, 1 },
	{ "233 bytes: 2 packets", 233, 2 },
	{ "464 bytes: 2 packets", 464, 2 },
	{ "465 bytes: 3 packets", 465, 3 },
	{ "14616 bytes: 63 packets", 14616, 63 },
};

KUNIT_ARRAY_PARAM_DESC(gunyah_rm_client_req, gunyah_rm_client_req_cases,
		       description);

static void gunyah_rm_client_test_send_request_sizes(struct kunit *test)
{
	const struct gunyah_rm_client_size_case *c = test->param_value;
	const struct gunyah_rm_stats want = { .calls = 1, .replies = 1 };
	struct gunyah_rm_fake *fake = test->priv;
	const u8 *req = gunyah_test_pattern(test, c->size, 5);
	const struct gunyah_rm_fake_pkt *pkt;
	size_t off, chunk;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, gunyah_rm_call(fake->rm, TEST_MSG_ID,
					     c->size ? req : NULL, c->size,
					     NULL, NULL), 0);
	KUNIT_ASSERT_EQ(test, fake->n_pkts, c->packets);

	for (i = 0; i < c->packets; i++) {
		pkt = &fake->pkts[i];
		off = (size_t)i * TEST_CHUNK;
		chunk = min_t(size_t, c->size - off, TEST_CHUNK);

		KUNIT_EXPECT_EQ_MSG(test, pkt->len, 8 + chunk, "packet %u", i);
		KUNIT_EXPECT_EQ_MSG(test, pkt->push, i == c->packets - 1,
				    "packet %u: PUSH", i);
		/* API version 1, 2 header words */
		KUNIT_EXPECT_EQ_MSG(test, pkt->data[0], 0x21, "packet %u", i);
		/* REQUEST first, CONTINUATION after; fragment count */
		KUNIT_EXPECT_EQ_MSG(test, pkt->data[1],
				    ((c->packets - 1) << 2) | (i ? 0 : 1),
				    "packet %u: type", i);
		/* One sequence number, the one the fake saw */
		KUNIT_EXPECT_EQ_MSG(test, pkt->data[2], fake->last_seq & 0xff,
				    "packet %u: seq", i);
		KUNIT_EXPECT_EQ_MSG(test, pkt->data[3], fake->last_seq >> 8,
				    "packet %u: seq", i);
		/* TEST_MSG_ID, little-endian */
		KUNIT_EXPECT_EQ_MSG(test, pkt->data[4], 0x01, "packet %u", i);
		KUNIT_EXPECT_EQ_MSG(test, pkt->data[5], 0xab, "packet %u", i);
		KUNIT_EXPECT_EQ_MSG(test, pkt->data[6], 0x00, "packet %u", i);
		KUNIT_EXPECT_EQ_MSG(test, pkt->data[7], 0x56, "packet %u", i);
		if (pkt->len == 8 + chunk)
			gunyah_rm_test_expect_bytes(test, "packet payload", i,
						    pkt->data + 8, chunk,
						    req + off, chunk);
	}

	KUNIT_ASSERT_EQ(test, fake->n_reqs, 1);
	gunyah_rm_test_expect_bytes(test, "request", 0, fake->reqs[0].data,
				    fake->reqs[0].size, req, c->size);
	gunyah_rm_test_expect_stats(test, fake->rm, &want);
}

static void gunyah_rm_client_test_send_too_large(struct kunit *test)
{
	const struct gunyah_rm_stats want = {};
	struct gunyah_rm_fake *fake = test->priv;
	const u8 *req = gunyah_test_pattern(test, 14617, 6);
	size_t resp_size = 99;
	void *resp = ZERO_SIZE_PTR;

	KUNIT_EXPECT_EQ(test, gunyah_rm_call(fake->rm, TEST_MSG_ID, req, 14617,
					     &resp, &resp_size), -EMSGSIZE);
	KUNIT_EXPECT_NULL(test, resp);
	KUNIT_EXPECT_EQ(test, resp_size, 0);
	KUNIT_EXPECT_EQ(test, fake->n_pkts, 0);
	gunyah_rm_test_expect_stats(test, fake->rm, &want);
}

static void gunyah_rm_client_test_send_null_request(struct kunit *test)
{
	const struct gunyah_rm_stats want = {};
	struct gunyah_rm_fake *fake = test->priv;
	size_t resp_size = 99;
	void *resp = ZERO_SIZE_PTR;

	KUNIT_EXPECT_EQ(test, gunyah_rm_call(fake->rm, TEST_MSG_ID, NULL, 5,
					     &resp, &resp_size), -EINVAL);
	KUNIT_EXPECT_NULL(test, resp);
	KUNIT_EXPECT_EQ(test, resp_size, 0);
	KUNIT_EXPECT_EQ(test, fake->n_pkts, 0);
	gunyah_rm_test_expect_stats(test, fake->rm, &want);
}

struct gunyah_rm_client_send_err_case {
	const char *description;
	unsigned int after;
};

static const struct gunyah_rm_client_send_err_case gunyah_rm_client_send_err_cases[] = {
	{ "first packet fails", 0 },
	{ "second packet fails", 1 },
};

KUNIT_ARRAY_PARAM_DESC(gunyah_rm_client_send_err,
		       gunyah_rm_client_send_err_cases, description);

static void gunyah_rm_client_test_send_transport_error(struct kunit *test)
{
	const struct gunyah_rm_client_send_err_case *c = test->param_value;
	struct gunyah_rm_fake *fake = test->priv;
	const u8 *req = gunyah_test_pattern(test, 300, 7);
	struct gunyah_rm_stats stats;
	void *resp = ZERO_SIZE_PTR;

	fake->send_err = -EIO;
	fake->send_err_after = c->after;
	KUNIT_EXPECT_EQ(test, gunyah_rm_call(fake->rm, TEST_MSG_ID, req, 300,
					     &resp, NULL), -EIO);
	KUNIT_EXPECT_NULL(test, resp);
	KUNIT_EXPECT_EQ(test, fake->n_reqs, 0);

	/* The failed call left nothing behind: the next one works. */
	KUNIT_EXPECT_EQ(test, gunyah_rm_call(fake->rm, TEST_MSG_ID, req, 300,
					     NULL, NULL), 0);
	KUNIT_ASSERT_EQ(test, fake->n_reqs, 1);
	gunyah_rm_test_expect_bytes(test, "request", 0, fake->reqs[0].data,
				    fake->reqs[0].size, req, 300);

	gunyah_rm_get_stats(fake->rm, &stats);
	KUNIT_EXPECT_EQ(test, stats.calls, 2);
	KUNIT_EXPECT_EQ(test, stats.replies, 1);
	KUNIT_EXPECT_EQ(test, stats.unexpected_replies, 0);
}

/* ============================ reply sizes ============================= */

static const struct gunyah_rm_client_size_case gunyah_rm_client_reply_cases[] = {
	{ "0 bytes of data: 1 packet", 0, 1 },
	{ "228 bytes of data: 1 packet", 228, 1 },
	{ "229 bytes of data: 2 packets", 229, 2 },
	{ "14612 bytes of data: 63 packets", 14612, 63 },
};

KUNIT_ARRAY_PARAM_DESC(gunyah_rm_client_reply, gunyah_rm_client_reply_cases,
		       description);

static void gunyah_rm_client_test_reply_sizes(struct kunit *test)
{
	const struct gunyah_rm_client_size_case *c = test->param_value;
	const struct gunyah_rm_stats want = { .calls = 1, .replies = 1 };
	struct gunyah_rm_fake *fake = test->priv;
	const u8 *data = gunyah_test_pattern(test, c->size, 9);
	size_t resp_size = 99;
	void *resp = ZERO_SIZE_PTR;

	fake->dflt = (struct gunyah_rm_fake_reply){
		GUNYAH_RM_ERROR_OK, data, c->size
	};
	KUNIT_ASSERT_EQ(test, gunyah_rm_call(fake->rm, TEST_MSG_ID, NULL, 0,
					     &resp, &resp_size), 0);
	KUNIT_EXPECT_EQ(test, fake->n_fed, c->packets);
	if (c->size)
		gunyah_rm_test_expect_bytes(test, "reply", 0, resp, resp_size,
					    data, c->size);
	else
		KUNIT_EXPECT_NULL(test, resp);
	KUNIT_EXPECT_EQ(test, resp_size, c->size);
	kfree(resp);
	gunyah_rm_test_expect_stats(test, fake->rm, &want);
}

/* ========================== receive faults =========================== */

struct gunyah_rm_client_fault_case {
	const char *description;
	enum gunyah_rm_fake_fault fault;
	struct gunyah_rm_stats want;
};

static const struct gunyah_rm_client_fault_case gunyah_rm_client_fault_cases[] = {
	{
		.description = "corrupt header before the reply",
		.fault = GUNYAH_RM_FAULT_BAD_HEADER,
		.want = { .calls = 1, .replies = 1, .dropped_packets = 1 },
	},
	{
		.description = "corrupt header inside the reply",
		.fault = GUNYAH_RM_FAULT_BAD_HEADER_MID,
		.want = { .calls = 1, .replies = 1, .dropped_packets = 1 },
	},
	{
		.description = "continuation with no message in progress",
		.fault = GUNYAH_RM_FAULT_STRAY_CONTINUATION,
		.want = { .calls = 1, .replies = 1, .dropped_packets = 1 },
	},
	{
		.description = "reply shorter than the error code",
		.fault = GUNYAH_RM_FAULT_SHORT_REPLY,
		.want = { .calls = 1, .replies = 1, .malformed_replies = 1 },
	},
	{
		.description = "reply with the seq of the call, another msg_id",
		.fault = GUNYAH_RM_FAULT_WRONG_MSG_ID,
		.want = { .calls = 1, .replies = 1, .unexpected_replies = 1 },
	},
	{
		.description = "reply with an unknown seq",
		.fault = GUNYAH_RM_FAULT_UNKNOWN_SEQ,
		.want = { .calls = 1, .replies = 1, .unexpected_replies = 1 },
	},
	{
		.description = "duplicate reply",
		.fault = GUNYAH_RM_FAULT_DUPLICATE,
		.want = { .calls = 1, .replies = 1, .unexpected_replies = 1 },
	},
	{
		.description = "truncated reply, then a complete one",
		.fault = GUNYAH_RM_FAULT_TRUNCATED,
		.want = { .calls = 1, .replies = 1, .dropped_messages = 1 },
	},
	{
		.description = "request from the RM",
		.fault = GUNYAH_RM_FAULT_REQUEST_TYPE,
		.want = { .calls = 1, .replies = 1, .dropped_messages = 1 },
	},
};

KUNIT_ARRAY_PARAM_DESC(gunyah_rm_client_fault, gunyah_rm_client_fault_cases,
		       description);

static void gunyah_rm_client_test_rx_fault_recovers(struct kunit *test)
{
	const struct gunyah_rm_client_fault_case *c = test->param_value;
	struct gunyah_rm_fake *fake = test->priv;
	/* 304 bytes of reply payload: two packets. */
	const u8 *good = gunyah_test_pattern(test, 300, 10);
	size_t resp_size = 0;
	void *resp = NULL;

	fake->mode = GUNYAH_RM_FAKE_FAULT;
	fake->fault = c->fault;
	fake->dflt = (struct gunyah_rm_fake_reply){ GUNYAH_RM_ERROR_OK, good, 300 };
	fake->decoy_size = 290;
	fake->decoy = gunyah_test_pattern(test, fake->decoy_size, 11);

	KUNIT_EXPECT_EQ(test, gunyah_rm_call(fake->rm, TEST_MSG_ID, NULL, 0,
					     &resp, &resp_size), 0);
	gunyah_rm_test_expect_bytes(test, "reply", 0, resp, resp_size, good,
				    300);
	kfree(resp);
	gunyah_rm_test_expect_stats(test, fake->rm, &c->want);
}

/* ========================== sequence numbers ========================== */

static void gunyah_rm_client_test_seq_consecutive(struct kunit *test)
{
	struct gunyah_rm_fake *fake = test->priv;
	unsigned int i;

	for (i = 0; i < GUNYAH_RM_FAKE_REQS; i++)
		KUNIT_EXPECT_EQ(test, gunyah_rm_call(fake->rm, TEST_MSG_ID,
						     NULL, 0, NULL, NULL), 0);
	KUNIT_ASSERT_EQ(test, fake->n_reqs, GUNYAH_RM_FAKE_REQS);
	for (i = 1; i < GUNYAH_RM_FAKE_REQS; i++)
		KUNIT_EXPECT_EQ_MSG(test, fake->reqs[i].seq,
				    (u16)(fake->reqs[0].seq + i), "call %u", i);
}

static void gunyah_rm_client_test_seq_wraps(struct kunit *test)
{
	const unsigned int n = 65536 + 100;
	const struct gunyah_rm_stats want = { .calls = n, .replies = n };
	struct gunyah_rm_fake *fake = test->priv;
	bool wrapped = false;
	u16 first = 0, prev = 0, seq;
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++) {
		ret = gunyah_rm_call(fake->rm, TEST_MSG_ID, NULL, 0, NULL, NULL);
		seq = fake->last_seq;
		if (!i)
			first = seq;
		if (ret || seq != (u16)(first + i)) {
			KUNIT_FAIL(test, "call %u: ret %d, seq %#x, expected seq %#x",
				   i, ret, seq, (u16)(first + i));
			break;
		}
		if (i && prev == 0xffff && !seq)
			wrapped = true;
		prev = seq;
	}
	KUNIT_EXPECT_TRUE_MSG(test, wrapped, "no seq 0xffff followed by 0");
	gunyah_rm_test_expect_stats(test, fake->rm, &want);
}

/* ========================= concurrent callers ========================= */

#define TEST_WORKERS		8
#define TEST_WORKER_CALLS	500
#define TEST_WORKER_MAX_SIZE	256

struct gunyah_rm_test_worker {
	struct gunyah_rm *rm;
	unsigned int id;
	u8 *req;
	struct completion done;
	unsigned int failures;
	unsigned int first_failure;
	int first_ret;
};

/* A payload unique to (@id, @i), of 8 to 252 bytes: one or two packets. */
static size_t gunyah_rm_test_worker_fill(u8 *buf, unsigned int id,
					 unsigned int i)
{
	size_t size = 8 + ((id * 7 + i) % 5) * 61;
	size_t k;

	buf[0] = id;
	buf[1] = i & 0xff;
	buf[2] = i >> 8;
	buf[3] = 0xc5;
	for (k = 4; k < size; k++)
		buf[k] = (u8)(id * 31 + i * 7 + k);

	return size;
}

static int gunyah_rm_test_worker_fn(void *data)
{
	struct gunyah_rm_test_worker *w = data;
	size_t size, resp_size;
	unsigned int i;
	void *resp;
	int ret;

	for (i = 0; i < TEST_WORKER_CALLS; i++) {
		size = gunyah_rm_test_worker_fill(w->req, w->id, i);
		ret = gunyah_rm_call(w->rm, TEST_MSG_ID + w->id, w->req, size,
				     &resp, &resp_size);
		if (!ret && resp_size == size && !memcmp(resp, w->req, size)) {
			kfree(resp);
			continue;
		}
		if (!ret)
			kfree(resp);
		if (!w->failures++) {
			w->first_failure = i;
			w->first_ret = ret;
		}
	}
	complete(&w->done);

	return 0;
}

static void gunyah_rm_client_test_call_concurrent(struct kunit *test)
{
	const struct gunyah_rm_stats want = {
		.calls = TEST_WORKERS * TEST_WORKER_CALLS,
		.replies = TEST_WORKERS * TEST_WORKER_CALLS,
	};
	struct gunyah_rm_fake *fake = test->priv;
	struct task_struct *tasks[TEST_WORKERS];
	struct gunyah_rm_test_worker *w;
	unsigned int i, started;

	w = kunit_kcalloc(test, TEST_WORKERS, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, w);
	for (i = 0; i < TEST_WORKERS; i++) {
		w[i].rm = fake->rm;
		w[i].id = i;
		w[i].req = kunit_kzalloc(test, TEST_WORKER_MAX_SIZE, GFP_KERNEL);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, w[i].req);
		init_completion(&w[i].done);
	}
	fake->mode = GUNYAH_RM_FAKE_ECHO;

	for (started = 0; started < TEST_WORKERS; started++) {
		tasks[started] = kthread_create(gunyah_rm_test_worker_fn,
						&w[started], "gunyah_rm_w%u",
						started);
		if (IS_ERR(tasks[started]))
			break;
		get_task_struct(tasks[started]);
	}
	for (i = 0; i < started; i++)
		wake_up_process(tasks[i]);

	/* No assertion until every worker is joined: they use the client. */
	for (i = 0; i < started; i++) {
		if (!wait_for_completion_timeout(&w[i].done, 6 * TEST_TIMEOUT))
			KUNIT_FAIL(test, "worker %u is still running", i);
		kthread_stop_put(tasks[i]);
	}
	KUNIT_EXPECT_EQ(test, started, TEST_WORKERS);

	for (i = 0; i < started; i++)
		KUNIT_EXPECT_EQ_MSG(test, w[i].failures, 0,
				    "worker %u: first failure at call %u, ret %d",
				    i, w[i].first_failure, w[i].first_ret);
	if (started == TEST_WORKERS)
		gunyah_rm_test_expect_stats(test, fake->rm, &want);
}

/* ============================ killed caller =========================== */

struct gunyah_rm_test_victim {
	struct gunyah_rm *rm;
	struct completion done;
	void *resp;
	int ret;
};

static int gunyah_rm_test_victim_fn(void *data)
{
	struct gunyah_rm_test_victim *v = data;
	size_t resp_size;

	allow_signal(SIGKILL);
	v->ret = gunyah_rm_call(v->rm, TEST_MSG_ID, NULL, 0, &v->resp,
				&resp_size);
	complete(&v->done);

	return 0;
}

static void gunyah_rm_client_test_call_killed(struct kunit *test)
{
	const struct gunyah_rm_stats killed = {
		.calls = 1, .abandoned_calls = 1,
	};
	const struct gunyah_rm_stats late = {
		.calls = 1, .abandoned_calls = 1, .unexpected_replies = 1,
	};
	struct gunyah_rm_fake *fake = test->priv;
	const u8 *data = gunyah_test_pattern(test, 16, 12);
	struct gunyah_rm_test_victim *v;
	struct task_struct *task;
	u16 seq;

	v = kunit_kzalloc(test, sizeof(*v), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, v);
	v->rm = fake->rm;
	v->resp = ZERO_SIZE_PTR;
	init_completion(&v->done);
	fake->mode = GUNYAH_RM_FAKE_SILENT;

	task = kthread_create(gunyah_rm_test_victim_fn, v, "gunyah_rm_victim");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	get_task_struct(task);
	wake_up_process(task);

	/* No assertion until the victim is joined: it uses the client. */
	KUNIT_EXPECT_NE(test, wait_for_completion_timeout(&fake->request_seen,
							  TEST_TIMEOUT), 0);
	KUNIT_EXPECT_FALSE(test, completion_done(&v->done));
	mutex_lock(&fake->lock);
	seq = fake->last_seq;
	mutex_unlock(&fake->lock);

	send_sig(SIGKILL, task, 1);
	if (!wait_for_completion_timeout(&v->done, TEST_TIMEOUT)) {
		KUNIT_FAIL(test, "the killed caller is still waiting");
		gunyah_rm_fake_reply(fake, seq, TEST_MSG_ID, GUNYAH_RM_ERROR_OK,
				     NULL, 0);
		wait_for_completion(&v->done);
	}
	kthread_stop_put(task);

	KUNIT_EXPECT_EQ(test, v->ret, -EINTR);
	KUNIT_EXPECT_NULL(test, v->resp);
	gunyah_rm_test_expect_stats(test, fake->rm, &killed);

	/* The reply comes after the caller's frame is gone: nobody gets it. */
	gunyah_rm_fake_reply(fake, seq, TEST_MSG_ID, GUNYAH_RM_ERROR_OK, data, 16);
	gunyah_rm_test_expect_stats(test, fake->rm, &late);

	/* The client still works. */
	fake->mode = GUNYAH_RM_FAKE_REPLY;
	KUNIT_EXPECT_EQ(test, gunyah_rm_call(fake->rm, TEST_MSG_ID, NULL, 0,
					     NULL, NULL), 0);
}

/* ============================ timed-out call ========================== */

/* A call the RM never answers times out; its late reply finds nobody. */
static void gunyah_rm_client_test_call_timeout(struct kunit *test)
{
	const struct gunyah_rm_stats timed_out = {
		.calls = 1, .abandoned_calls = 1,
	};
	const struct gunyah_rm_stats late = {
		.calls = 1, .abandoned_calls = 1, .unexpected_replies = 1,
	};
	struct gunyah_rm_fake *fake = test->priv;
	bool unanswered = false;
	void *resp = ZERO_SIZE_PTR;
	u16 seq;

	fake->mode = GUNYAH_RM_FAKE_SILENT;
	gunyah_rm_set_call_timeout(fake->rm, 20);
	KUNIT_EXPECT_EQ(test, gunyah_rm_call_ext(fake->rm, TEST_MSG_ID, NULL, 0,
						 &resp, NULL, &unanswered),
			-ETIMEDOUT);
	KUNIT_EXPECT_TRUE(test, unanswered);
	KUNIT_EXPECT_NULL(test, resp);
	gunyah_rm_test_expect_stats(test, fake->rm, &timed_out);

	mutex_lock(&fake->lock);
	seq = fake->last_seq;
	mutex_unlock(&fake->lock);
	gunyah_rm_fake_reply(fake, seq, TEST_MSG_ID, GUNYAH_RM_ERROR_OK, NULL, 0);
	gunyah_rm_test_expect_stats(test, fake->rm, &late);

	/* A call answered in time is not affected by the timeout. */
	fake->mode = GUNYAH_RM_FAKE_REPLY;
	KUNIT_EXPECT_EQ(test, gunyah_rm_call(fake->rm, TEST_MSG_ID, NULL, 0,
					     NULL, NULL), 0);
}

/* ============================ notifications =========================== */

struct gunyah_rm_test_listener {
	struct notifier_block nb;
	struct completion called;
	atomic_t calls;
	unsigned long action;
	u8 payload[8];
	u16 vmids[4];
};

static int gunyah_rm_test_listener_call(struct notifier_block *nb,
					unsigned long action, void *data)
{
	struct gunyah_rm_test_listener *l =
		container_of(nb, struct gunyah_rm_test_listener, nb);
	unsigned int n = atomic_read(&l->calls);
	const u8 *p = data;

	l->action = action;
	memcpy(l->payload, p, sizeof(l->payload));
	if (n < ARRAY_SIZE(l->vmids))
		l->vmids[n] = p[0] | p[1] << 8;
	atomic_inc(&l->calls);
	complete(&l->called);

	return NOTIFY_OK;
}

static struct gunyah_rm_test_listener *
gunyah_rm_test_listen(struct kunit *test, struct gunyah_rm *rm)
{
	struct gunyah_rm_test_listener *l;

	l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, l);
	l->nb.notifier_call = gunyah_rm_test_listener_call;
	init_completion(&l->called);
	atomic_set(&l->calls, 0);
	KUNIT_ASSERT_EQ(test, gunyah_rm_notifier_register(rm, &l->nb), 0);

	return l;
}

static bool gunyah_rm_test_heard(struct kunit *test,
				 struct gunyah_rm_test_listener *l)
{
	bool heard = wait_for_completion_timeout(&l->called, TEST_TIMEOUT);

	KUNIT_EXPECT_TRUE_MSG(test, heard, "no notification within 10 s");

	return heard;
}

/* VM_STATUS: vmid 0x1234, vm_status 5, os_status 2, app_status 0x5678 */
static const u8 gunyah_rm_test_vm_status[] = {
	0x34, 0x12, 0x00, 0x00, 0x05, 0x02, 0x78, 0x56,
};

static void gunyah_rm_client_test_notif_fan_out(struct kunit *test)
{
	const struct gunyah_rm_stats want = { .notifications = 1 };
	struct gunyah_rm_fake *fake = test->priv;
	struct gunyah_rm_test_listener *a, *b;

	a = gunyah_rm_test_listen(test, fake->rm);
	b = gunyah_rm_test_listen(test, fake->rm);

	gunyah_rm_fake_notify(fake, 0x56100008, gunyah_rm_test_vm_status,
			      sizeof(gunyah_rm_test_vm_status));
	if (gunyah_rm_test_heard(test, a)) {
		KUNIT_EXPECT_EQ(test, a->action, 0x56100008);
		KUNIT_EXPECT_MEMEQ(test, a->payload, gunyah_rm_test_vm_status,
				   sizeof(a->payload));
	}
	if (gunyah_rm_test_heard(test, b)) {
		KUNIT_EXPECT_EQ(test, b->action, 0x56100008);
		KUNIT_EXPECT_MEMEQ(test, b->payload, gunyah_rm_test_vm_status,
				   sizeof(b->payload));
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&a->calls), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&b->calls), 1);
	gunyah_rm_test_expect_stats(test, fake->rm, &want);

	KUNIT_EXPECT_EQ(test, gunyah_rm_notifier_unregister(fake->rm, &a->nb), 0);
	KUNIT_EXPECT_EQ(test, gunyah_rm_notifier_unregister(fake->rm, &b->nb), 0);
}

static void gunyah_rm_client_test_notif_vm_exited(struct kunit *test)
{
	const struct gunyah_rm_stats want = { .notifications = 2 };
	/* vmid 0x1234, exit_type 1 (PLATFORM_OFF), one reason word */
	static const u8 exited[] = {
		0x34, 0x12, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00,
	};
	struct gunyah_rm_fake *fake = test->priv;
	struct gunyah_rm_test_listener *l;
	u8 *big;

	l = gunyah_rm_test_listen(test, fake->rm);

	gunyah_rm_fake_notify(fake, 0x56100001, exited, sizeof(exited));
	if (gunyah_rm_test_heard(test, l)) {
		KUNIT_EXPECT_EQ(test, l->action, 0x56100001);
		KUNIT_EXPECT_MEMEQ(test, l->payload, exited, sizeof(l->payload));
	}

	/* A reason spanning two packets. */
	big = gunyah_test_pattern(test, 300, 13);
	memcpy(big, exited, 4);
	gunyah_rm_test_put_le(big + 4, 300 - 8, 4);
	gunyah_rm_fake_notify(fake, 0x56100001, big, 300);
	if (gunyah_rm_test_heard(test, l)) {
		KUNIT_EXPECT_EQ(test, l->action, 0x56100001);
		KUNIT_EXPECT_MEMEQ(test, l->payload, big, sizeof(l->payload));
	}
	gunyah_rm_test_expect_stats(test, fake->rm, &want);

	KUNIT_EXPECT_EQ(test, gunyah_rm_notifier_unregister(fake->rm, &l->nb), 0);
}

static void gunyah_rm_client_test_notif_in_order(struct kunit *test)
{
	struct gunyah_rm_fake *fake = test->priv;
	struct gunyah_rm_test_listener *l;
	u8 payload[sizeof(gunyah_rm_test_vm_status)];
	unsigned int i;

	l = gunyah_rm_test_listen(test, fake->rm);
	memcpy(payload, gunyah_rm_test_vm_status, sizeof(payload));
	for (i = 0; i < ARRAY_SIZE(l->vmids); i++) {
		payload[0] = 0x80 + i;
		gunyah_rm_fake_notify(fake, 0x56100008, payload,
				      sizeof(payload));
	}
	for (i = 0; i < ARRAY_SIZE(l->vmids); i++)
		if (!gunyah_rm_test_heard(test, l))
			break;
	if (i == ARRAY_SIZE(l->vmids))
		for (i = 0; i < ARRAY_SIZE(l->vmids); i++)
			KUNIT_EXPECT_EQ_MSG(test, l->vmids[i], 0x1200 + 0x80 + i,
					    "notification %u", i);

	KUNIT_EXPECT_EQ(test, gunyah_rm_notifier_unregister(fake->rm, &l->nb), 0);
}

static void gunyah_rm_client_test_notif_ignored(struct kunit *test)
{
	const struct gunyah_rm_stats ignored = { .notifications_ignored = 4 };
	const struct gunyah_rm_stats want = {
		.notifications = 1, .notifications_ignored = 4,
	};
	static const u8 sentinel[] = {
		0x42, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00,
	};
	struct gunyah_rm_fake *fake = test->priv;
	struct gunyah_rm_test_listener *l;

	l = gunyah_rm_test_listen(test, fake->rm);

	gunyah_rm_fake_notify(fake, 0x56100099, gunyah_rm_test_vm_status,
			      sizeof(gunyah_rm_test_vm_status));
	gunyah_rm_fake_notify(fake, 0x56100008, gunyah_rm_test_vm_status, 7);
	gunyah_rm_fake_notify(fake, 0x56100008, NULL, 0);
	gunyah_rm_fake_notify(fake, 0x56100001, gunyah_rm_test_vm_status, 7);
	gunyah_rm_test_expect_stats(test, fake->rm, &ignored);

	/* Delivery is ordered: the sentinel is the first the listener hears. */
	gunyah_rm_fake_notify(fake, 0x56100008, sentinel, sizeof(sentinel));
	if (gunyah_rm_test_heard(test, l)) {
		KUNIT_EXPECT_EQ(test, l->action, 0x56100008);
		KUNIT_EXPECT_MEMEQ(test, l->payload, sentinel, sizeof(sentinel));
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&l->calls), 1);
	gunyah_rm_test_expect_stats(test, fake->rm, &want);

	KUNIT_EXPECT_EQ(test, gunyah_rm_notifier_unregister(fake->rm, &l->nb), 0);
}

static void gunyah_rm_client_test_notif_unregister(struct kunit *test)
{
	struct gunyah_rm_fake *fake = test->priv;
	struct gunyah_rm_test_listener *a, *b;

	a = gunyah_rm_test_listen(test, fake->rm);
	b = gunyah_rm_test_listen(test, fake->rm);

	gunyah_rm_fake_notify(fake, 0x56100008, gunyah_rm_test_vm_status,
			      sizeof(gunyah_rm_test_vm_status));
	gunyah_rm_test_heard(test, a);
	gunyah_rm_test_heard(test, b);

	KUNIT_EXPECT_EQ(test, gunyah_rm_notifier_unregister(fake->rm, &b->nb), 0);
	KUNIT_EXPECT_EQ(test, gunyah_rm_notifier_unregister(fake->rm, &b->nb),
			-ENOENT);

	/* Once a has heard the second, b would have heard it too. */
	gunyah_rm_fake_notify(fake, 0x56100008, gunyah_rm_test_vm_status,
			      sizeof(gunyah_rm_test_vm_status));
	gunyah_rm_test_heard(test, a);
	KUNIT_EXPECT_EQ(test, atomic_read(&a->calls), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&b->calls), 1);

	KUNIT_EXPECT_EQ(test, gunyah_rm_notifier_unregister(fake->rm, &a->nb), 0);
}

static struct kunit_case gunyah_rm_client_test_cases[] = {
	KUNIT_CASE_PARAM(gunyah_rm_client_test_error_remap_table,
			 gunyah_rm_client_error_gen_params),
	KUNIT_CASE_PARAM(gunyah_rm_client_test_call_error_reply,
			 gunyah_rm_client_error_gen_params),
	KUNIT_CASE(gunyah_rm_client_test_call_round_trip),
	KUNIT_CASE(gunyah_rm_client_test_call_null_outputs),
	KUNIT_CASE_PARAM(gunyah_rm_client_test_send_request_sizes,
			 gunyah_rm_client_req_gen_params),
	KUNIT_CASE(gunyah_rm_client_test_send_too_large),
	KUNIT_CASE(gunyah_rm_client_test_send_null_request),
	KUNIT_CASE_PARAM(gunyah_rm_client_test_send_transport_error,
			 gunyah_rm_client_send_err_gen_params),
	KUNIT_CASE_PARAM(gunyah_rm_client_test_reply_sizes,
			 gunyah_rm_client_reply_gen_params),
	KUNIT_CASE_PARAM(gunyah_rm_client_test_rx_fault_recovers,
			 gunyah_rm_client_fault_gen_params),
	KUNIT_CASE(gunyah_rm_client_test_seq_consecutive),
	KUNIT_CASE_SLOW(gunyah_rm_client_test_seq_wraps),
	KUNIT_CASE_SLOW(gunyah_rm_client_test_call_concurrent),
	KUNIT_CASE(gunyah_rm_client_test_call_killed),
	KUNIT_CASE(gunyah_rm_client_test_call_timeout),
	KUNIT_CASE(gunyah_rm_client_test_notif_fan_out),
	KUNIT_CASE(gunyah_rm_client_test_notif_vm_exited),
	KUNIT_CASE(gunyah_rm_client_test_notif_in_order),
	KUNIT_CASE(gunyah_rm_client_test_notif_ignored),
	KUNIT_CASE(gunyah_rm_client_test_notif_unregister),
	{}
};

static struct kunit_suite gunyah_rm_client_test_suite = {
	.name = "gunyah_rm_client",
	.init = gunyah_rm_client_test_init,
	.exit = gunyah_rm_client_test_exit,
	.test_cases = gunyah_rm_client_test_cases,
};

/* ============================ typed wrappers ========================== */

/* Requests of the RM ABI, section 4, written out byte by byte. */

/* vmid 0 (pick one), padding */
static const u8 gunyah_rm_rpc_alloc_dynamic_req[] = { 0x00, 0x00, 0x00, 0x00 };
/* u32 vmid 0x80 */
static const u8 gunyah_rm_rpc_alloc_dynamic_reply[] = { 0x80, 0x00, 0x00, 0x00 };
/* vmid 10, padding */
static const u8 gunyah_rm_rpc_alloc_explicit_req[] = { 0x0a, 0x00, 0x00, 0x00 };
/* vmid 0x1234, padding */
static const u8 gunyah_rm_rpc_vmid_req[] = { 0x34, 0x12, 0x00, 0x00 };
/* vmid, flags (bit 0 FORCE), padding, u32 stop_reason 0xa1b2c3d4 */
static const u8 gunyah_rm_rpc_stop_force_req[] = {
	0x34, 0x12, 0x01, 0x00, 0xd4, 0xc3, 0xb2, 0xa1,
};

static const u8 gunyah_rm_rpc_stop_req[] = {
	0x34, 0x12, 0x00, 0x00, 0xd4, 0xc3, 0xb2, 0xa1,
};

/* vmid, u16 auth 2, u32 parcel, u64 image offset/size, dtb offset/size */
static const u8 gunyah_rm_rpc_config_req[] = {
	0x34, 0x12, 0x02, 0x00, 0xef, 0xcd, 0xab, 0x89,
	0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
	0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11,
	0x28, 0x27, 0x26, 0x25, 0x24, 0x23, 0x22, 0x21,
	0x38, 0x37, 0x36, 0x35, 0x34, 0x33, 0x32, 0x31,
};

/* vmid, u8 reg_set 1 (PC), u8 reg_index 5, u32 padding, u64 value */
static const u8 gunyah_rm_rpc_boot_context_req[] = {
	0x34, 0x12, 0x01, 0x05, 0x00, 0x00, 0x00, 0x00,
	0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
};

/* vmid, u16 reserved 0, u32 parcel, u64 offset, u64 size */
static const u8 gunyah_rm_rpc_firmware_mem_req[] = {
	0x34, 0x12, 0x00, 0x00, 0xef, 0xcd, 0xab, 0x89,
	0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
	0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11,
};

/* u32 hypervisor error 1 (ARGUMENT_INVALID), after the RM error */
static const u8 gunyah_rm_rpc_hyp_error_reply[] = { 0x01, 0x00, 0x00, 0x00 };

/* u32 vmid 3 */
static const u8 gunyah_rm_rpc_get_vmid_reply[] = { 0x03, 0x00, 0x00, 0x00 };

/* vmid, padding, u32 count 2, then {u64 address, u64 size} twice */
static const u8 gunyah_rm_rpc_demand_paging_req[] = {
	0x34, 0x12, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x60, 0x45, 0x23, 0x01, 0x00, 0x00, 0x00,
	0x00, 0x30, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* vmid, padding, u32 range_id 1, u64 base, u64 size */
static const u8 gunyah_rm_rpc_address_layout_req[] = {
	0x34, 0x12, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
	0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11,
};

/* u32 n_entries 0 */
static const u8 gunyah_rm_rpc_no_resources_reply[] = { 0x00, 0x00, 0x00, 0x00 };

/* u32 handle 0x89abcdef, u8 flags 0, padding */
static const u8 gunyah_rm_rpc_reclaim_req[] = {
	0xef, 0xcd, 0xab, 0x89, 0x00, 0x00, 0x00, 0x00,
};

/*
 * MEM_LEND/SHARE/DONATE of gunyah_rm_rpc_test_parcel(): mem_type 1 (IO),
 * flags 0, label; 2 ACL entries {vmid, rights, 0}; 2 ranges {address, size};
 * 1 attribute entry {attr, vmid}. Each list is {u16 count, u16 0, entries}.
 */
static const u8 gunyah_rm_rpc_parcel_req[] = {
	0x01, 0x00, 0x00, 0x00, 0xd4, 0xc3, 0xb2, 0xa1,
	0x02, 0x00, 0x00, 0x00,
	0x34, 0x12, 0x06, 0x00,
	0x03, 0x00, 0x07, 0x00,
	0x02, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x60, 0x45, 0x23, 0x01, 0x00, 0x00, 0x00,
	0x00, 0x30, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x34, 0x12,
};

/* u32 handle 0xdeadbeef */
static const u8 gunyah_rm_rpc_handle_reply[] = { 0xef, 0xbe, 0xad, 0xde };

static_assert(sizeof(gunyah_rm_rpc_stop_req) == 8);
static_assert(sizeof(gunyah_rm_rpc_config_req) == 40);
static_assert(sizeof(gunyah_rm_rpc_boot_context_req) == 16);
static_assert(sizeof(gunyah_rm_rpc_firmware_mem_req) == 24);
static_assert(sizeof(gunyah_rm_rpc_demand_paging_req) == 8 + 2 * 16);
static_assert(sizeof(gunyah_rm_rpc_address_layout_req) == 24);
static_assert(sizeof(gunyah_rm_rpc_parcel_req) ==
	      8 + 4 + 2 * 4 + 4 + 2 * 16 + 4 + 1 * 4);

static const struct gunyah_rm_mem_range gunyah_rm_rpc_test_ranges[] = {
	{ .phys_addr = 0x80000000, .size = 0x200000 },
	{ .phys_addr = 0x123456000ULL, .size = 0x3000 },
};

static const struct gunyah_rm_mem_acl_entry_cpu gunyah_rm_rpc_test_acl[] = {
	{ .vmid = 0x1234, .perms = GUNYAH_RM_ACL_R | GUNYAH_RM_ACL_W },
	{
		.vmid = 3,
		.perms = GUNYAH_RM_ACL_R | GUNYAH_RM_ACL_W | GUNYAH_RM_ACL_X,
	},
};

static const struct gunyah_rm_mem_attr_entry_cpu gunyah_rm_rpc_test_attr[] = {
	{ .attr = 1, .vmid = 0x1234 },
};

static void gunyah_rm_rpc_test_parcel(struct gunyah_rm_mem_parcel *p)
{
	*p = (struct gunyah_rm_mem_parcel){
		.mem_type = GUNYAH_RM_MEM_TYPE_IO,
		.label = 0xa1b2c3d4,
		.n_acl_entries = ARRAY_SIZE(gunyah_rm_rpc_test_acl),
		.acl_entries = gunyah_rm_rpc_test_acl,
		.n_mem_entries = ARRAY_SIZE(gunyah_rm_rpc_test_ranges),
		.mem_entries = gunyah_rm_rpc_test_ranges,
		.n_attr_entries = ARRAY_SIZE(gunyah_rm_rpc_test_attr),
		.attr_entries = gunyah_rm_rpc_test_attr,
	};
}

/* Each makes one call and checks what it decoded from the reply. */

static int gunyah_rm_rpc_do_alloc_dynamic(struct kunit *test,
					  struct gunyah_rm *rm)
{
	u16 vmid = 0;
	int ret = gunyah_rm_alloc_vmid(rm, 0, &vmid);

	KUNIT_EXPECT_EQ(test, vmid, 0x80);
	return ret;
}

static int gunyah_rm_rpc_do_alloc_explicit(struct kunit *test,
					   struct gunyah_rm *rm)
{
	u16 vmid = 0;
	int ret = gunyah_rm_alloc_vmid(rm, 10, &vmid);

	KUNIT_EXPECT_EQ(test, vmid, 10);
	return ret;
}

static int gunyah_rm_rpc_do_dealloc(struct kunit *test, struct gunyah_rm *rm)
{
	return gunyah_rm_dealloc_vmid(rm, 0x1234);
}

static int gunyah_rm_rpc_do_start(struct kunit *test, struct gunyah_rm *rm)
{
	return gunyah_rm_vm_start(rm, 0x1234);
}

static int gunyah_rm_rpc_do_stop_force(struct kunit *test,
				       struct gunyah_rm *rm)
{
	return gunyah_rm_vm_stop(rm, 0x1234, true, 0xa1b2c3d4);
}

static int gunyah_rm_rpc_do_stop(struct kunit *test, struct gunyah_rm *rm)
{
	return gunyah_rm_vm_stop(rm, 0x1234, false, 0xa1b2c3d4);
}

static int gunyah_rm_rpc_do_reset(struct kunit *test, struct gunyah_rm *rm)
{
	return gunyah_rm_vm_reset(rm, 0x1234);
}

static int gunyah_rm_rpc_do_configure(struct kunit *test,
				      struct gunyah_rm *rm)
{
	return gunyah_rm_vm_configure(rm, 0x1234,
				      GUNYAH_RM_VM_AUTH_QCOM_ANDROID_PVM,
				      0x89abcdef, 0x0102030405060708ULL,
				      0x1112131415161718ULL,
				      0x2122232425262728ULL,
				      0x3132333435363738ULL);
}

static int gunyah_rm_rpc_do_init(struct kunit *test, struct gunyah_rm *rm)
{
	return gunyah_rm_vm_init(rm, 0x1234);
}

static int gunyah_rm_rpc_do_boot_context(struct kunit *test,
					 struct gunyah_rm *rm)
{
	return gunyah_rm_vm_set_boot_context(rm, 0x1234,
					     GUNYAH_RM_BOOT_CONTEXT_REG_SET_PC,
					     5, 0x0102030405060708ULL);
}

static int gunyah_rm_rpc_do_firmware_mem(struct kunit *test,
					 struct gunyah_rm *rm)
{
	return gunyah_rm_vm_set_firmware_mem(rm, 0x1234, 0x89abcdef,
					     0x0102030405060708ULL,
					     0x1112131415161718ULL);
}

static int gunyah_rm_rpc_do_get_vmid(struct kunit *test, struct gunyah_rm *rm)
{
	u16 vmid = 0;
	int ret = gunyah_rm_get_vmid(rm, &vmid);

	KUNIT_EXPECT_EQ(test, vmid, 3);
	return ret;
}

static int gunyah_rm_rpc_do_demand_paging(struct kunit *test,
					  struct gunyah_rm *rm)
{
	return gunyah_rm_vm_set_demand_paging(rm, 0x1234,
					      ARRAY_SIZE(gunyah_rm_rpc_test_ranges),
					      gunyah_rm_rpc_test_ranges);
}

static int gunyah_rm_rpc_do_address_layout(struct kunit *test,
					   struct gunyah_rm *rm)
{
	return gunyah_rm_vm_set_address_layout(rm, 0x1234, 1,
					       0x0102030405060708ULL,
					       0x1112131415161718ULL);
}

static int gunyah_rm_rpc_do_no_resources(struct kunit *test,
					 struct gunyah_rm *rm)
{
	struct gunyah_rm_hyp_resources *res = NULL;
	int ret = gunyah_rm_get_hyp_resources(rm, 0x1234, &res);

	KUNIT_EXPECT_NOT_NULL(test, res);
	if (res)
		KUNIT_EXPECT_EQ(test, res->n_entries, 0);
	kfree(res);
	return ret;
}

static int gunyah_rm_rpc_do_lend(struct kunit *test, struct gunyah_rm *rm)
{
	struct gunyah_rm_mem_parcel p;
	int ret;

	gunyah_rm_rpc_test_parcel(&p);
	ret = gunyah_rm_mem_lend(rm, &p);
	KUNIT_EXPECT_EQ(test, p.mem_handle, 0xdeadbeef);
	return ret;
}

static int gunyah_rm_rpc_do_share(struct kunit *test, struct gunyah_rm *rm)
{
	struct gunyah_rm_mem_parcel p;
	int ret;

	gunyah_rm_rpc_test_parcel(&p);
	ret = gunyah_rm_mem_share(rm, &p);
	KUNIT_EXPECT_EQ(test, p.mem_handle, 0xdeadbeef);
	return ret;
}

static int gunyah_rm_rpc_do_donate(struct kunit *test, struct gunyah_rm *rm)
{
	struct gunyah_rm_mem_parcel p;
	int ret;

	gunyah_rm_rpc_test_parcel(&p);
	ret = gunyah_rm_mem_donate(rm, &p);
	KUNIT_EXPECT_EQ(test, p.mem_handle, 0xdeadbeef);
	return ret;
}

static int gunyah_rm_rpc_do_reclaim(struct kunit *test, struct gunyah_rm *rm)
{
	return gunyah_rm_mem_reclaim(rm, 0x89abcdef);
}

struct gunyah_rm_rpc_wire_case {
	const char *description;
	int (*call)(struct kunit *test, struct gunyah_rm *rm);
	u32 msg_id;
	const u8 *req;
	size_t req_size;
	const u8 *reply;
	size_t reply_size;
};

static const struct gunyah_rm_rpc_wire_case gunyah_rm_rpc_wire_cases[] = {
	{
		.description = "VM_ALLOCATE, dynamic vmid",
		.call = gunyah_rm_rpc_do_alloc_dynamic,
		.msg_id = 0x56000001,
		.req = gunyah_rm_rpc_alloc_dynamic_req,
		.req_size = sizeof(gunyah_rm_rpc_alloc_dynamic_req),
		.reply = gunyah_rm_rpc_alloc_dynamic_reply,
		.reply_size = sizeof(gunyah_rm_rpc_alloc_dynamic_reply),
	},
	{
		.description = "VM_ALLOCATE, explicit vmid",
		.call = gunyah_rm_rpc_do_alloc_explicit,
		.msg_id = 0x56000001,
		.req = gunyah_rm_rpc_alloc_explicit_req,
		.req_size = sizeof(gunyah_rm_rpc_alloc_explicit_req),
	},
	{
		.description = "VM_DEALLOCATE",
		.call = gunyah_rm_rpc_do_dealloc,
		.msg_id = 0x56000002,
		.req = gunyah_rm_rpc_vmid_req,
		.req_size = sizeof(gunyah_rm_rpc_vmid_req),
	},
	{
		.description = "VM_START",
		.call = gunyah_rm_rpc_do_start,
		.msg_id = 0x56000004,
		.req = gunyah_rm_rpc_vmid_req,
		.req_size = sizeof(gunyah_rm_rpc_vmid_req),
	},
	{
		.description = "VM_STOP, forced",
		.call = gunyah_rm_rpc_do_stop_force,
		.msg_id = 0x56000005,
		.req = gunyah_rm_rpc_stop_force_req,
		.req_size = sizeof(gunyah_rm_rpc_stop_force_req),
	},
	{
		.description = "VM_STOP, not forced",
		.call = gunyah_rm_rpc_do_stop,
		.msg_id = 0x56000005,
		.req = gunyah_rm_rpc_stop_req,
		.req_size = sizeof(gunyah_rm_rpc_stop_req),
	},
	{
		.description = "VM_RESET",
		.call = gunyah_rm_rpc_do_reset,
		.msg_id = 0x56000006,
		.req = gunyah_rm_rpc_vmid_req,
		.req_size = sizeof(gunyah_rm_rpc_vmid_req),
	},
	{
		.description = "VM_CONFIG_IMAGE",
		.call = gunyah_rm_rpc_do_configure,
		.msg_id = 0x56000009,
		.req = gunyah_rm_rpc_config_req,
		.req_size = sizeof(gunyah_rm_rpc_config_req),
	},
	{
		.description = "VM_INIT",
		.call = gunyah_rm_rpc_do_init,
		.msg_id = 0x5600000b,
		.req = gunyah_rm_rpc_vmid_req,
		.req_size = sizeof(gunyah_rm_rpc_vmid_req),
	},
	{
		.description = "VM_SET_BOOT_CONTEXT",
		.call = gunyah_rm_rpc_do_boot_context,
		.msg_id = 0x56000031,
		.req = gunyah_rm_rpc_boot_context_req,
		.req_size = sizeof(gunyah_rm_rpc_boot_context_req),
	},
	{
		.description = "VM_SET_FIRMWARE_MEM",
		.call = gunyah_rm_rpc_do_firmware_mem,
		.msg_id = 0x56000032,
		.req = gunyah_rm_rpc_firmware_mem_req,
		.req_size = sizeof(gunyah_rm_rpc_firmware_mem_req),
	},
	{
		.description = "VM_GET_VMID",
		.call = gunyah_rm_rpc_do_get_vmid,
		.msg_id = 0x56000024,
		.reply = gunyah_rm_rpc_get_vmid_reply,
		.reply_size = sizeof(gunyah_rm_rpc_get_vmid_reply),
	},
	{
		.description = "VM_SET_DEMAND_PAGING",
		.call = gunyah_rm_rpc_do_demand_paging,
		.msg_id = 0x56000033,
		.req = gunyah_rm_rpc_demand_paging_req,
		.req_size = sizeof(gunyah_rm_rpc_demand_paging_req),
	},
	{
		.description = "VM_SET_ADDRESS_LAYOUT",
		.call = gunyah_rm_rpc_do_address_layout,
		.msg_id = 0x56000034,
		.req = gunyah_rm_rpc_address_layout_req,
		.req_size = sizeof(gunyah_rm_rpc_address_layout_req),
	},
	{
		.description = "VM_GET_HYP_RESOURCES, no entries",
		.call = gunyah_rm_rpc_do_no_resources,
		.msg_id = 0x56000020,
		.req = gunyah_rm_rpc_vmid_req,
		.req_size = sizeof(gunyah_rm_rpc_vmid_req),
		.reply = gunyah_rm_rpc_no_resources_reply,
		.reply_size = sizeof(gunyah_rm_rpc_no_resources_reply),
	},
	{
		.description = "MEM_LEND",
		.call = gunyah_rm_rpc_do_lend,
		.msg_id = 0x51000012,
		.req = gunyah_rm_rpc_parcel_req,
		.req_size = sizeof(gunyah_rm_rpc_parcel_req),
		.reply = gunyah_rm_rpc_handle_reply,
		.reply_size = sizeof(gunyah_rm_rpc_handle_reply),
	},
	{
		.description = "MEM_SHARE",
		.call = gunyah_rm_rpc_do_share,
		.msg_id = 0x51000013,
		.req = gunyah_rm_rpc_parcel_req,
		.req_size = sizeof(gunyah_rm_rpc_parcel_req),
		.reply = gunyah_rm_rpc_handle_reply,
		.reply_size = sizeof(gunyah_rm_rpc_handle_reply),
	},
	{
		.description = "MEM_DONATE",
		.call = gunyah_rm_rpc_do_donate,
		.msg_id = 0x51000010,
		.req = gunyah_rm_rpc_parcel_req,
		.req_size = sizeof(gunyah_rm_rpc_parcel_req),
		.reply = gunyah_rm_rpc_handle_reply,
		.reply_size = sizeof(gunyah_rm_rpc_handle_reply),
	},
	{
		.description = "MEM_RECLAIM",
		.call = gunyah_rm_rpc_do_reclaim,
		.msg_id = 0x51000015,
		.req = gunyah_rm_rpc_reclaim_req,
		.req_size = sizeof(gunyah_rm_rpc_reclaim_req),
	},
};

KUNIT_ARRAY_PARAM_DESC(gunyah_rm_rpc_wire, gunyah_rm_rpc_wire_cases,
		       description);

static void gunyah_rm_client_test_rpc_wire_format(struct kunit *test)
{
	const struct gunyah_rm_rpc_wire_case *c = test->param_value;
	struct gunyah_rm_fake *fake = test->priv;

	fake->dflt = (struct gunyah_rm_fake_reply){
		GUNYAH_RM_ERROR_OK, c->reply, c->reply_size
	};
	KUNIT_EXPECT_EQ(test, c->call(test, fake->rm), 0);
	KUNIT_ASSERT_EQ(test, fake->n_reqs, 1);
	KUNIT_EXPECT_EQ(test, fake->reqs[0].msg_id, c->msg_id);
	gunyah_rm_test_expect_bytes(test, "request", 0, fake->reqs[0].data,
				    fake->reqs[0].size, c->req, c->req_size);
}

/* Each makes one call that must fail and leave its outputs alone. */

static int gunyah_rm_rpc_bad_alloc_vmid(struct kunit *test,
					struct gunyah_rm *rm)
{
	u16 vmid = 0x5a5a;
	int ret = gunyah_rm_alloc_vmid(rm, 0, &vmid);

	KUNIT_EXPECT_EQ(test, vmid, 0x5a5a);
	return ret;
}

static int gunyah_rm_rpc_bad_get_vmid(struct kunit *test, struct gunyah_rm *rm)
{
	u16 vmid = 0x5a5a;
	int ret = gunyah_rm_get_vmid(rm, &vmid);

	KUNIT_EXPECT_EQ(test, vmid, 0x5a5a);
	return ret;
}

static int gunyah_rm_rpc_bad_resources(struct kunit *test,
				       struct gunyah_rm *rm)
{
	struct gunyah_rm_hyp_resources *res = NULL;
	int ret = gunyah_rm_get_hyp_resources(rm, 0x1234, &res);

	KUNIT_EXPECT_NULL(test, res);
	kfree(res);
	return ret;
}

static int gunyah_rm_rpc_bad_lend(struct kunit *test, struct gunyah_rm *rm)
{
	struct gunyah_rm_mem_parcel p;
	int ret;

	gunyah_rm_rpc_test_parcel(&p);
	p.mem_handle = 0x5a5a5a5a;
	ret = gunyah_rm_mem_lend(rm, &p);
	/* The RM answered OK: a parcel exists whose handle is unknown. */
	KUNIT_EXPECT_EQ(test, p.mem_handle, GUNYAH_RM_MEM_HANDLE_INVALID);
	KUNIT_EXPECT_TRUE(test, p.unrecovered);
	return ret;
}

static const u8 gunyah_rm_rpc_two_bytes[] = { 0x80, 0x00 };
static const u8 gunyah_rm_rpc_u32_zero[] = { 0x00, 0x00, 0x00, 0x00 };
static const u8 gunyah_rm_rpc_u32_0x10000[] = { 0x00, 0x00, 0x01, 0x00 };
static const u8 gunyah_rm_rpc_u32_max[] = { 0xff, 0xff, 0xff, 0xff };
/* n_entries 2, but only one 44-byte entry */
static const u8 gunyah_rm_rpc_one_of_two[4 + 44] = { 0x02 };

struct gunyah_rm_rpc_bad_case {
	const char *description;
	int (*call)(struct kunit *test, struct gunyah_rm *rm);
	const u8 *reply;
	size_t reply_size;
	int expected;
};

static const struct gunyah_rm_rpc_bad_case gunyah_rm_rpc_bad_cases[] = {
	{
		.description = "VM_ALLOCATE: 2-byte reply",
		.call = gunyah_rm_rpc_bad_alloc_vmid,
		.reply = gunyah_rm_rpc_two_bytes,
		.reply_size = sizeof(gunyah_rm_rpc_two_bytes),
		.expected = -EBADMSG,
	},
	{
		.description = "VM_ALLOCATE: empty reply",
		.call = gunyah_rm_rpc_bad_alloc_vmid,
		.expected = -EBADMSG,
	},
	{
		.description = "VM_ALLOCATE: vmid 0",
		.call = gunyah_rm_rpc_bad_alloc_vmid,
		.reply = gunyah_rm_rpc_u32_zero,
		.reply_size = sizeof(gunyah_rm_rpc_u32_zero),
		.expected = -EBADMSG,
	},
	{
		.description = "VM_ALLOCATE: vmid 0x10000",
		.call = gunyah_rm_rpc_bad_alloc_vmid,
		.reply = gunyah_rm_rpc_u32_0x10000,
		.reply_size = sizeof(gunyah_rm_rpc_u32_0x10000),
		.expected = -EBADMSG,
	},
	{
		.description = "VM_GET_VMID: 2-byte reply",
		.call = gunyah_rm_rpc_bad_get_vmid,
		.reply = gunyah_rm_rpc_two_bytes,
		.reply_size = sizeof(gunyah_rm_rpc_two_bytes),
		.expected = -EBADMSG,
	},
	{
		.description = "VM_GET_VMID: vmid 0x10000",
		.call = gunyah_rm_rpc_bad_get_vmid,
		.reply = gunyah_rm_rpc_u32_0x10000,
		.reply_size = sizeof(gunyah_rm_rpc_u32_0x10000),
		.expected = -EBADMSG,
	},
	{
		.description = "VM_GET_HYP_RESOURCES: 2-byte reply",
		.call = gunyah_rm_rpc_bad_resources,
		.reply = gunyah_rm_rpc_two_bytes,
		.reply_size = sizeof(gunyah_rm_rpc_two_bytes),
		.expected = -EBADMSG,
	},
	{
		.description = "VM_GET_HYP_RESOURCES: 2 entries announced, 1 sent",
		.call = gunyah_rm_rpc_bad_resources,
		.reply = gunyah_rm_rpc_one_of_two,
		.reply_size = sizeof(gunyah_rm_rpc_one_of_two),
		.expected = -EBADMSG,
	},
	{
		.description = "VM_GET_HYP_RESOURCES: 0xffffffff entries announced",
		.call = gunyah_rm_rpc_bad_resources,
		.reply = gunyah_rm_rpc_u32_max,
		.reply_size = sizeof(gunyah_rm_rpc_u32_max),
		.expected = -EBADMSG,
	},
	{
		.description = "MEM_LEND: empty reply",
		.call = gunyah_rm_rpc_bad_lend,
		.expected = -EBADMSG,
	},
	{
		.description = "MEM_LEND: 2-byte reply",
		.call = gunyah_rm_rpc_bad_lend,
		.reply = gunyah_rm_rpc_two_bytes,
		.reply_size = sizeof(gunyah_rm_rpc_two_bytes),
		.expected = -EBADMSG,
	},
};

KUNIT_ARRAY_PARAM_DESC(gunyah_rm_rpc_bad, gunyah_rm_rpc_bad_cases,
		       description);

static void gunyah_rm_client_test_rpc_malformed_reply(struct kunit *test)
{
	const struct gunyah_rm_rpc_bad_case *c = test->param_value;
	struct gunyah_rm_fake *fake = test->priv;

	fake->dflt = (struct gunyah_rm_fake_reply){
		GUNYAH_RM_ERROR_OK, c->reply, c->reply_size
	};
	KUNIT_EXPECT_EQ(test, c->call(test, fake->rm), c->expected);
	KUNIT_EXPECT_EQ(test, fake->n_reqs, 1);
}

static void gunyah_rm_client_test_rpc_error_reply(struct kunit *test)
{
	struct gunyah_rm_fake *fake = test->priv;
	struct gunyah_rm_hyp_resources *res = NULL;
	struct gunyah_rm_mem_parcel p;
	u16 vmid = 0x5a5a;

	/* The RM answers calls it lacks with UNIMPLEMENTED. */
	fake->dflt.rm_error = GUNYAH_RM_ERROR_UNIMPLEMENTED;
	KUNIT_EXPECT_EQ(test, gunyah_rm_rpc_do_boot_context(test, fake->rm),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, gunyah_rm_rpc_do_demand_paging(test, fake->rm),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, gunyah_rm_rpc_do_address_layout(test, fake->rm),
			-EOPNOTSUPP);

	fake->dflt.rm_error = GUNYAH_RM_ERROR_VM_STATE;
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_start(fake->rm, 0x1234), -EBUSY);

	/* VM_SET_FIRMWARE_MEM's error replies carry a hypervisor error. */
	fake->dflt = (struct gunyah_rm_fake_reply){
		GUNYAH_RM_ERROR_ARGUMENT_INVALID, gunyah_rm_rpc_hyp_error_reply,
		sizeof(gunyah_rm_rpc_hyp_error_reply)
	};
	KUNIT_EXPECT_EQ(test, gunyah_rm_rpc_do_firmware_mem(test, fake->rm),
			-EINVAL);

	/* Data in an error reply is not decoded. */
	fake->dflt = (struct gunyah_rm_fake_reply){
		GUNYAH_RM_ERROR_NORESOURCE, gunyah_rm_rpc_alloc_dynamic_reply,
		sizeof(gunyah_rm_rpc_alloc_dynamic_reply)
	};
	KUNIT_EXPECT_EQ(test, gunyah_rm_alloc_vmid(fake->rm, 0, &vmid), -ENODEV);
	KUNIT_EXPECT_EQ(test, vmid, 0x5a5a);

	fake->dflt = (struct gunyah_rm_fake_reply){
		GUNYAH_RM_ERROR_DENIED, gunyah_rm_rpc_no_resources_reply,
		sizeof(gunyah_rm_rpc_no_resources_reply)
	};
	KUNIT_EXPECT_EQ(test, gunyah_rm_get_hyp_resources(fake->rm, 0x1234, &res),
			-EPERM);
	KUNIT_EXPECT_NULL(test, res);
	kfree(res);

	fake->dflt = (struct gunyah_rm_fake_reply){
		GUNYAH_RM_ERROR_MEM_INVALID, gunyah_rm_rpc_handle_reply,
		sizeof(gunyah_rm_rpc_handle_reply)
	};
	gunyah_rm_rpc_test_parcel(&p);
	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_share(fake->rm, &p), -EINVAL);
	/* An error reply means nothing was shared. */
	KUNIT_EXPECT_EQ(test, p.mem_handle, GUNYAH_RM_MEM_HANDLE_INVALID);
	KUNIT_EXPECT_FALSE(test, p.unrecovered);
	KUNIT_EXPECT_EQ(test, fake->n_reqs, 8);
}

/* VM_GET_HYP_RESOURCES reply with two 44-byte entries. */
static const u8 gunyah_rm_rpc_resources_reply[] = {
	0x02, 0x00, 0x00, 0x00,
	/* MSGQ_TX, partner 0x1234 */
	0x02, 0x00, 0x34, 0x12,
	0x44, 0x33, 0x22, 0x11,				/* handle */
	0x88, 0x77, 0x66, 0x55,				/* label */
	0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,	/* cap */
	0xcc, 0xbb, 0xaa, 0x99,				/* virq handle */
	0xc2, 0x03, 0x00, 0x00,				/* virq 962 */
	0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11,	/* base */
	0x28, 0x27, 0x26, 0x25, 0x24, 0x23, 0x22, 0x21,	/* size */
	/* VCPU 1; its cap is at offset 60 of the reply, not 8-aligned */
	0x04, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00,
	0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe,
	0x00, 0x00, 0x00, 0x00,
	0xc3, 0x03, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static_assert(sizeof(gunyah_rm_rpc_resources_reply) == 4 + 2 * 44);

static void gunyah_rm_client_test_rpc_hyp_resources_decode(struct kunit *test)
{
	struct gunyah_rm_fake *fake = test->priv;
	struct gunyah_rm_hyp_resources *res = NULL;
	const struct gunyah_rm_hyp_resource *r;

	fake->dflt = (struct gunyah_rm_fake_reply){
		GUNYAH_RM_ERROR_OK, gunyah_rm_rpc_resources_reply,
		sizeof(gunyah_rm_rpc_resources_reply)
	};
	KUNIT_ASSERT_EQ(test, gunyah_rm_get_hyp_resources(fake->rm, 0x1234,
							  &res), 0);
	KUNIT_ASSERT_NOT_NULL(test, res);
	KUNIT_EXPECT_EQ(test, res->n_entries, 2);
	if (res->n_entries == 2) {
		r = &res->entries[0];
		KUNIT_EXPECT_EQ(test, r->type, GUNYAH_RESOURCE_TYPE_MSGQ_TX);
		KUNIT_EXPECT_EQ(test, r->partner_vmid, 0x1234);
		KUNIT_EXPECT_EQ(test, r->resource_handle, 0x11223344);
		KUNIT_EXPECT_EQ(test, r->resource_label, 0x55667788);
		KUNIT_EXPECT_EQ(test, r->cap_id, 0x0102030405060708ULL);
		KUNIT_EXPECT_EQ(test, r->virq_handle, 0x99aabbcc);
		KUNIT_EXPECT_EQ(test, r->virq, 962);
		KUNIT_EXPECT_EQ(test, r->base, 0x1112131415161718ULL);
		KUNIT_EXPECT_EQ(test, r->size, 0x2122232425262728ULL);

		r = &res->entries[1];
		KUNIT_EXPECT_EQ(test, r->type, GUNYAH_RESOURCE_TYPE_VCPU);
		KUNIT_EXPECT_EQ(test, r->partner_vmid, 0);
		KUNIT_EXPECT_EQ(test, r->resource_handle, 0);
		KUNIT_EXPECT_EQ(test, r->resource_label, 1);
		KUNIT_EXPECT_EQ(test, r->cap_id, 0xfedcba9876543210ULL);
		KUNIT_EXPECT_EQ(test, r->virq_handle, 0);
		KUNIT_EXPECT_EQ(test, r->virq, 963);
		KUNIT_EXPECT_EQ(test, r->base, 0);
		KUNIT_EXPECT_EQ(test, r->size, 0);
	}
	kfree(res);

	KUNIT_ASSERT_EQ(test, fake->n_reqs, 1);
	KUNIT_EXPECT_EQ(test, fake->reqs[0].msg_id, 0x56000020);
	gunyah_rm_test_expect_bytes(test, "request", 0, fake->reqs[0].data,
				    fake->reqs[0].size, gunyah_rm_rpc_vmid_req,
				    sizeof(gunyah_rm_rpc_vmid_req));
}

/* Range @k of the large parcels: all different. */
static void gunyah_rm_rpc_test_fill_ranges(struct gunyah_rm_mem_range *r,
					   size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		r[k].phys_addr = 0x100000000ULL + k * 0x200000ULL;
		r[k].size = 0x1000ULL * (k % 7 + 1);
	}
}

/* Memory entries: u64 address, u64 size. */
static u8 *gunyah_rm_rpc_test_put_entries(u8 *p,
					  const struct gunyah_rm_mem_range *r,
					  size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		p = gunyah_rm_test_put_le(p, r[k].phys_addr, 8);
		p = gunyah_rm_test_put_le(p, r[k].size, 8);
	}

	return p;
}

/* A memory list of the parcel calls: u16 count, u16 0, entries. */
static u8 *gunyah_rm_rpc_test_put_ranges(u8 *p,
					 const struct gunyah_rm_mem_range *r,
					 size_t n)
{
	p = gunyah_rm_test_put_le(p, n, 2);
	p = gunyah_rm_test_put_le(p, 0, 2);

	return gunyah_rm_rpc_test_put_entries(p, r, n);
}

/* MEM_LEND/SHARE/DONATE of @p with its first @n_mem ranges. */
static size_t gunyah_rm_rpc_test_build_share(u8 *buf,
					     const struct gunyah_rm_mem_parcel *p,
					     u8 flags, size_t n_mem)
{
	u8 *w = buf;
	size_t i;

	w = gunyah_rm_test_put_le(w, p->mem_type, 1);
	w = gunyah_rm_test_put_le(w, 0, 1);
	w = gunyah_rm_test_put_le(w, flags, 1);
	w = gunyah_rm_test_put_le(w, 0, 1);
	w = gunyah_rm_test_put_le(w, p->label, 4);
	w = gunyah_rm_test_put_le(w, p->n_acl_entries, 2);
	w = gunyah_rm_test_put_le(w, 0, 2);
	for (i = 0; i < p->n_acl_entries; i++) {
		w = gunyah_rm_test_put_le(w, p->acl_entries[i].vmid, 2);
		w = gunyah_rm_test_put_le(w, p->acl_entries[i].perms, 1);
		w = gunyah_rm_test_put_le(w, 0, 1);
	}
	w = gunyah_rm_rpc_test_put_ranges(w, p->mem_entries, n_mem);
	w = gunyah_rm_test_put_le(w, p->n_attr_entries, 2);
	w = gunyah_rm_test_put_le(w, 0, 2);
	for (i = 0; i < p->n_attr_entries; i++) {
		w = gunyah_rm_test_put_le(w, p->attr_entries[i].attr, 2);
		w = gunyah_rm_test_put_le(w, p->attr_entries[i].vmid, 2);
	}

	return w - buf;
}

/* MEM_APPEND: u32 handle, u8 flags, 3 bytes padding, memory list. */
static size_t gunyah_rm_rpc_test_build_append(u8 *buf, u32 handle, u8 flags,
					      const struct gunyah_rm_mem_range *r,
					      size_t n)
{
	u8 *w = buf;

	w = gunyah_rm_test_put_le(w, handle, 4);
	w = gunyah_rm_test_put_le(w, flags, 1);
	w = gunyah_rm_test_put_le(w, 0, 3);
	w = gunyah_rm_rpc_test_put_ranges(w, r, n);

	return w - buf;
}

static void gunyah_rm_client_test_rpc_demand_paging_max(struct kunit *test)
{
	struct gunyah_rm_fake *fake = test->priv;
	struct gunyah_rm_mem_range *ranges;
	u8 *want, *w;

	ranges = kunit_kcalloc(test, 914, sizeof(*ranges), GFP_KERNEL);
	want = kunit_kzalloc(test, GUNYAH_RM_MAX_MSG_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ranges);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, want);
	gunyah_rm_rpc_test_fill_ranges(ranges, 914);

	/* 8 + 914 * 16 bytes do not fit in one message. */
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_set_demand_paging(fake->rm, 0x1234,
							     914, ranges),
			-EMSGSIZE);
	KUNIT_EXPECT_EQ(test, fake->n_pkts, 0);

	/* 8 + 913 * 16 = 14616 bytes: exactly one message of 63 packets. */
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_set_demand_paging(fake->rm, 0x1234,
							     913, ranges), 0);
	KUNIT_EXPECT_EQ(test, fake->n_pkts, 63);
	KUNIT_ASSERT_EQ(test, fake->n_reqs, 1);
	KUNIT_EXPECT_EQ(test, fake->reqs[0].msg_id, 0x56000033);

	/* vmid, padding, u32 count, entries */
	w = gunyah_rm_test_put_le(want, 0x1234, 2);
	w = gunyah_rm_test_put_le(w, 0, 2);
	w = gunyah_rm_test_put_le(w, 913, 4);
	w = gunyah_rm_rpc_test_put_entries(w, ranges, 913);
	gunyah_rm_test_expect_bytes(test, "request", 0, fake->reqs[0].data,
				    fake->reqs[0].size, want, w - want);
}

struct gunyah_rm_rpc_chunk_case {
	const char *description;
	size_t n_mem;
	unsigned int n_msgs;
};

static const struct gunyah_rm_rpc_chunk_case gunyah_rm_rpc_chunk_cases[] = {
	{ "512 ranges: MEM_LEND only", 512, 1 },
	{ "513 ranges: MEM_LEND 512 + MEM_APPEND 1", 513, 2 },
	{ "1000 ranges: MEM_LEND 512 + MEM_APPEND 488", 1000, 2 },
	{ "1100 ranges: MEM_LEND 512 + MEM_APPEND 512 + 76", 1100, 3 },
};

KUNIT_ARRAY_PARAM_DESC(gunyah_rm_rpc_chunk, gunyah_rm_rpc_chunk_cases,
		       description);

/* The handle of the large parcels: 0x12345678. */
static const u8 gunyah_rm_rpc_big_handle_reply[] = { 0x78, 0x56, 0x34, 0x12 };

static const struct gunyah_rm_mem_acl_entry_cpu gunyah_rm_rpc_big_acl = {
	.vmid = 0x1234,
	.perms = GUNYAH_RM_ACL_R | GUNYAH_RM_ACL_W,
};

static struct gunyah_rm_mem_range *
gunyah_rm_rpc_test_big_parcel(struct kunit *test,
			      struct gunyah_rm_mem_parcel *p, size_t n_mem)
{
	struct gunyah_rm_mem_range *ranges;

	ranges = kunit_kcalloc(test, n_mem, sizeof(*ranges), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ranges);
	gunyah_rm_rpc_test_fill_ranges(ranges, n_mem);
	*p = (struct gunyah_rm_mem_parcel){
		.mem_type = GUNYAH_RM_MEM_TYPE_NORMAL,
		.label = 0xa1b2c3d4,
		.n_acl_entries = 1,
		.acl_entries = &gunyah_rm_rpc_big_acl,
		.n_mem_entries = n_mem,
		.mem_entries = ranges,
	};

	return ranges;
}

static void gunyah_rm_client_test_rpc_mem_lend_chunks(struct kunit *test)
{
	const struct gunyah_rm_rpc_chunk_case *c = test->param_value;
	const struct gunyah_rm_fake_reply script[] = {
		{
			GUNYAH_RM_ERROR_OK, gunyah_rm_rpc_big_handle_reply,
			sizeof(gunyah_rm_rpc_big_handle_reply)
		},
	};
	struct gunyah_rm_fake *fake = test->priv;
	const struct gunyah_rm_mem_range *ranges;
	struct gunyah_rm_mem_parcel p;
	size_t done, chunk, len;
	unsigned int i;
	u8 *want;

	want = kunit_kzalloc(test, GUNYAH_RM_MAX_MSG_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, want);
	ranges = gunyah_rm_rpc_test_big_parcel(test, &p, c->n_mem);
	fake->script = script;
	fake->script_len = ARRAY_SIZE(script);

	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_lend(fake->rm, &p), 0);
	KUNIT_EXPECT_EQ(test, p.mem_handle, 0x12345678);
	KUNIT_ASSERT_EQ(test, fake->n_reqs, c->n_msgs);

	/* MEM_LEND with the first 512 ranges; APPEND (bit 1) if more follow */
	chunk = min_t(size_t, c->n_mem, 512);
	len = gunyah_rm_rpc_test_build_share(want, &p,
					     chunk < c->n_mem ? 0x02 : 0x00,
					     chunk);
	KUNIT_EXPECT_EQ(test, fake->reqs[0].msg_id, 0x51000012);
	gunyah_rm_test_expect_bytes(test, "message", 0, fake->reqs[0].data,
				    fake->reqs[0].size, want, len);

	/* MEM_APPEND with up to 512 more each; DONE (bit 0) on the last */
	for (i = 1, done = chunk; i < c->n_msgs; i++, done += chunk) {
		chunk = min_t(size_t, c->n_mem - done, 512);
		len = gunyah_rm_rpc_test_build_append(want, 0x12345678,
						      done + chunk == c->n_mem,
						      ranges + done, chunk);
		KUNIT_EXPECT_EQ_MSG(test, fake->reqs[i].msg_id, 0x51000018,
				    "message %u", i);
		gunyah_rm_test_expect_bytes(test, "message", i,
					    fake->reqs[i].data,
					    fake->reqs[i].size, want, len);
	}
	KUNIT_EXPECT_EQ(test, done, c->n_mem);
}

struct gunyah_rm_rpc_append_fail_case {
	const char *description;
	u32 reclaim_error;
};

static const struct gunyah_rm_rpc_append_fail_case gunyah_rm_rpc_append_fail_cases[] = {
	{ "reclaim succeeds", GUNYAH_RM_ERROR_OK },
	{ "reclaim fails too", GUNYAH_RM_ERROR_MEM_INUSE },
};

KUNIT_ARRAY_PARAM_DESC(gunyah_rm_rpc_append_fail,
		       gunyah_rm_rpc_append_fail_cases, description);

static void gunyah_rm_client_test_rpc_mem_append_fails(struct kunit *test)
{
	const struct gunyah_rm_rpc_append_fail_case *c = test->param_value;
	const struct gunyah_rm_fake_reply script[] = {
		{
			GUNYAH_RM_ERROR_OK, gunyah_rm_rpc_big_handle_reply,
			sizeof(gunyah_rm_rpc_big_handle_reply)
		},
		{ GUNYAH_RM_ERROR_MEM_INVALID, NULL, 0 },
		{ c->reclaim_error, NULL, 0 },
	};
	/* MEM_RECLAIM of handle 0x12345678, flags 0 */
	static const u8 reclaim[] = {
		0x78, 0x56, 0x34, 0x12, 0x00, 0x00, 0x00, 0x00,
	};
	struct gunyah_rm_fake *fake = test->priv;
	struct gunyah_rm_mem_parcel p;

	gunyah_rm_rpc_test_big_parcel(test, &p, 1000);
	fake->script = script;
	fake->script_len = ARRAY_SIZE(script);

	/* The append's error, not the reclaim's. */
	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_lend(fake->rm, &p), -EINVAL);
	KUNIT_ASSERT_EQ(test, fake->n_reqs, 3);
	KUNIT_EXPECT_EQ(test, fake->reqs[0].msg_id, 0x51000012);
	KUNIT_EXPECT_EQ(test, fake->reqs[1].msg_id, 0x51000018);
	KUNIT_EXPECT_EQ(test, fake->reqs[2].msg_id, 0x51000015);
	gunyah_rm_test_expect_bytes(test, "message", 2, fake->reqs[2].data,
				    fake->reqs[2].size, reclaim,
				    sizeof(reclaim));
	/* Reclaimed: nothing left lent. Not reclaimed: the memory stays out. */
	if (c->reclaim_error == GUNYAH_RM_ERROR_OK) {
		KUNIT_EXPECT_EQ(test, p.mem_handle, GUNYAH_RM_MEM_HANDLE_INVALID);
		KUNIT_EXPECT_FALSE(test, p.unrecovered);
	} else {
		KUNIT_EXPECT_EQ(test, p.mem_handle, 0x12345678);
		KUNIT_EXPECT_TRUE(test, p.unrecovered);
	}
}

static void gunyah_rm_client_test_rpc_mem_lend_fails(struct kunit *test)
{
	struct gunyah_rm_fake *fake = test->priv;
	struct gunyah_rm_mem_parcel p;

	gunyah_rm_rpc_test_big_parcel(test, &p, 1000);
	fake->dflt.rm_error = GUNYAH_RM_ERROR_DENIED;

	/* Nothing was created: no append, no reclaim. */
	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_lend(fake->rm, &p), -EPERM);
	KUNIT_EXPECT_EQ(test, fake->n_reqs, 1);
	KUNIT_EXPECT_FALSE(test, p.unrecovered);
}

struct gunyah_rm_rpc_parcel_case {
	const char *description;
	size_t n_acl;
	size_t n_mem;
	size_t n_attr;
};

static const struct gunyah_rm_rpc_parcel_case gunyah_rm_rpc_parcel_cases[] = {
	{ "no ACL entry", 0, 1, 0 },
	{ "no memory entry", 1, 0, 0 },
	{ "513 ACL entries", 513, 1, 0 },
	{ "513 attribute entries", 1, 1, 513 },
};

KUNIT_ARRAY_PARAM_DESC(gunyah_rm_rpc_parcel, gunyah_rm_rpc_parcel_cases,
		       description);

/* A parcel with the given list lengths; every entry different. */
static void gunyah_rm_rpc_test_lists(struct kunit *test,
				     struct gunyah_rm_mem_parcel *p,
				     size_t n_acl, size_t n_mem, size_t n_attr)
{
	struct gunyah_rm_mem_acl_entry_cpu *acl;
	struct gunyah_rm_mem_attr_entry_cpu *attr;
	struct gunyah_rm_mem_range *ranges;
	size_t i;

	acl = kunit_kcalloc(test, n_acl + 1, sizeof(*acl), GFP_KERNEL);
	ranges = kunit_kcalloc(test, n_mem + 1, sizeof(*ranges), GFP_KERNEL);
	attr = kunit_kcalloc(test, n_attr + 1, sizeof(*attr), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, acl);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ranges);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, attr);
	for (i = 0; i < n_acl; i++) {
		acl[i].vmid = 0x100 + i;
		acl[i].perms = i % 7 + 1;
	}
	gunyah_rm_rpc_test_fill_ranges(ranges, n_mem);
	for (i = 0; i < n_attr; i++) {
		attr[i].attr = i % 4;
		attr[i].vmid = 0x100 + i;
	}
	*p = (struct gunyah_rm_mem_parcel){
		.mem_type = GUNYAH_RM_MEM_TYPE_NORMAL,
		.label = 7,
		.n_acl_entries = n_acl,
		.acl_entries = acl,
		.n_mem_entries = n_mem,
		.mem_entries = ranges,
		.n_attr_entries = n_attr,
		.attr_entries = attr,
	};
}

static void gunyah_rm_client_test_rpc_parcel_invalid(struct kunit *test)
{
	const struct gunyah_rm_rpc_parcel_case *c = test->param_value;
	const struct gunyah_rm_stats want = {};
	struct gunyah_rm_fake *fake = test->priv;
	struct gunyah_rm_mem_parcel p;

	gunyah_rm_rpc_test_lists(test, &p, c->n_acl, c->n_mem, c->n_attr);
	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_lend(fake->rm, &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_share(fake->rm, &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_donate(fake->rm, &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, fake->n_pkts, 0);
	gunyah_rm_test_expect_stats(test, fake->rm, &want);
}

static void gunyah_rm_client_test_rpc_parcel_max_lists(struct kunit *test)
{
	struct gunyah_rm_fake *fake = test->priv;
	struct gunyah_rm_mem_parcel p;
	size_t len;
	u8 *want;

	want = kunit_kzalloc(test, GUNYAH_RM_MAX_MSG_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, want);
	gunyah_rm_rpc_test_lists(test, &p, 512, 1, 512);
	fake->dflt = (struct gunyah_rm_fake_reply){
		GUNYAH_RM_ERROR_OK, gunyah_rm_rpc_handle_reply,
		sizeof(gunyah_rm_rpc_handle_reply)
	};

	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_share(fake->rm, &p), 0);
	KUNIT_EXPECT_EQ(test, p.mem_handle, 0xdeadbeef);
	KUNIT_ASSERT_EQ(test, fake->n_reqs, 1);
	KUNIT_EXPECT_EQ(test, fake->reqs[0].msg_id, 0x51000013);
	len = gunyah_rm_rpc_test_build_share(want, &p, 0, 1);
	KUNIT_EXPECT_EQ(test, len, 8 + 4 + 512 * 4 + 4 + 16 + 4 + 512 * 4);
	gunyah_rm_test_expect_bytes(test, "request", 0, fake->reqs[0].data,
				    fake->reqs[0].size, want, len);
}

static struct kunit_case gunyah_rm_rpc_test_cases[] = {
	KUNIT_CASE_PARAM(gunyah_rm_client_test_rpc_wire_format,
			 gunyah_rm_rpc_wire_gen_params),
	KUNIT_CASE_PARAM(gunyah_rm_client_test_rpc_malformed_reply,
			 gunyah_rm_rpc_bad_gen_params),
	KUNIT_CASE(gunyah_rm_client_test_rpc_error_reply),
	KUNIT_CASE(gunyah_rm_client_test_rpc_hyp_resources_decode),
	KUNIT_CASE(gunyah_rm_client_test_rpc_demand_paging_max),
	KUNIT_CASE_PARAM(gunyah_rm_client_test_rpc_mem_lend_chunks,
			 gunyah_rm_rpc_chunk_gen_params),
	KUNIT_CASE_PARAM(gunyah_rm_client_test_rpc_mem_append_fails,
			 gunyah_rm_rpc_append_fail_gen_params),
	KUNIT_CASE(gunyah_rm_client_test_rpc_mem_lend_fails),
	KUNIT_CASE_PARAM(gunyah_rm_client_test_rpc_parcel_invalid,
			 gunyah_rm_rpc_parcel_gen_params),
	KUNIT_CASE(gunyah_rm_client_test_rpc_parcel_max_lists),
	{}
};

static struct kunit_suite gunyah_rm_rpc_test_suite = {
	.name = "gunyah_rm_rpc",
	.init = gunyah_rm_client_test_init,
	.exit = gunyah_rm_client_test_exit,
	.test_cases = gunyah_rm_rpc_test_cases,
};

kunit_test_suites(&gunyah_rm_client_test_suite, &gunyah_rm_rpc_test_suite);

MODULE_DESCRIPTION("KUnit tests for the Gunyah Resource Manager RPC client");
MODULE_LICENSE("GPL");
