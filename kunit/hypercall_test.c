// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the hypercall layer: the hypervisor error table and the
 * dispatch to a registered software backend.
 */

#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/gunyah.h>

struct hc_error_case {
	const char *description;
	enum gunyah_error gunyah_error;
	int errno_val;
};

static const struct hc_error_case hc_error_cases[] = {
	{ "OK", GUNYAH_ERROR_OK, 0 },
	{ "UNIMPLEMENTED", GUNYAH_ERROR_UNIMPLEMENTED, -EOPNOTSUPP },
	{ "RETRY", GUNYAH_ERROR_RETRY, -EAGAIN },
	{ "ARG_INVAL", GUNYAH_ERROR_ARG_INVAL, -EINVAL },
	{ "ARG_SIZE", GUNYAH_ERROR_ARG_SIZE, -EINVAL },
	{ "ARG_ALIGN", GUNYAH_ERROR_ARG_ALIGN, -EINVAL },
	{ "NOMEM", GUNYAH_ERROR_NOMEM, -ENOMEM },
	{ "NORESOURCES", GUNYAH_ERROR_NORESOURCES, -ENOSPC },
	{ "ADDR_OVFL", GUNYAH_ERROR_ADDR_OVFL, -EINVAL },
	{ "ADDR_INVAL", GUNYAH_ERROR_ADDR_INVAL, -EINVAL },
	{ "DENIED", GUNYAH_ERROR_DENIED, -EACCES },
	{ "BUSY", GUNYAH_ERROR_BUSY, -EBUSY },
	{ "IDLE", GUNYAH_ERROR_IDLE, -EBUSY },
	{ "OBJECT_STATE", GUNYAH_ERROR_OBJECT_STATE, -EINVAL },
	{ "IRQ_BOUND", GUNYAH_ERROR_IRQ_BOUND, -EIO },
	{ "CSPACE_CAP_NULL", GUNYAH_ERROR_CSPACE_CAP_NULL, -EACCES },
	{ "CSPACE_INSUF_RIGHTS", GUNYAH_ERROR_CSPACE_INSUF_RIGHTS, -EACCES },
	{ "CSPACE_FULL", GUNYAH_ERROR_CSPACE_FULL, -EBUSY },
	{ "MSGQUEUE_EMPTY", GUNYAH_ERROR_MSGQUEUE_EMPTY, -EIO },
	{ "MSGQUEUE_FULL", GUNYAH_ERROR_MSGQUEUE_FULL, -EIO },
	{ "unknown", (enum gunyah_error)12345, -EINVAL },
};

static void hc_error_desc(const struct hc_error_case *c, char *desc)
{
	strscpy(desc, c->description, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(hc_error, hc_error_cases, hc_error_desc);

static void gunyah_hypercall_test_error_remap(struct kunit *test)
{
	const struct hc_error_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, gunyah_error_remap(c->gunyah_error), c->errno_val);
}

/* A backend that records the arguments of msgq_send. */
static struct {
	u64 capid;
	size_t size;
	const void *buf;
	u64 tx_flags;
} hc_seen;

static enum gunyah_error hc_fake_msgq_send(u64 capid, size_t size,
					   const void *buf, u64 tx_flags,
					   bool *ready)
{
	hc_seen.capid = capid;
	hc_seen.size = size;
	hc_seen.buf = buf;
	hc_seen.tx_flags = tx_flags;
	*ready = true;
	return GUNYAH_ERROR_MSGQUEUE_FULL;
}

static void hc_fake_identify(struct gunyah_hypercall_identify_resp *resp)
{
	resp->api_info = 0x5100000000008001ULL;
	resp->flags[0] = GUNYAH_FEATURE_MSGQUEUE;
}

static const struct gunyah_hypercall_ops hc_fake_ops = {
	.owner = THIS_MODULE,
	.identify = hc_fake_identify,
	.msgq_send = hc_fake_msgq_send,
};

static const struct gunyah_hypercall_ops hc_other_ops = {
	.owner = THIS_MODULE,
};

static void gunyah_hypercall_test_backend_dispatch(struct kunit *test)
{
	struct gunyah_hypercall_identify_resp id;
	static const u8 msg[3] = { 1, 2, 3 };
	u64 old_flags = 0;
	bool ready = false;

	KUNIT_ASSERT_EQ(test, gunyah_hypercall_register_ops(&hc_fake_ops), 0);
	/* Only one backend at a time. */
	KUNIT_EXPECT_EQ(test, gunyah_hypercall_register_ops(&hc_other_ops),
			-EEXIST);

	KUNIT_EXPECT_EQ(test, gunyah_hypercall_msgq_send(7, sizeof(msg), msg,
							 GUNYAH_HYPERCALL_MSGQ_TX_FLAGS_PUSH,
							 &ready),
			GUNYAH_ERROR_MSGQUEUE_FULL);
	KUNIT_EXPECT_EQ(test, hc_seen.capid, 7);
	KUNIT_EXPECT_EQ(test, hc_seen.size, sizeof(msg));
	KUNIT_EXPECT_PTR_EQ(test, hc_seen.buf, (const void *)msg);
	KUNIT_EXPECT_EQ(test, hc_seen.tx_flags,
			GUNYAH_HYPERCALL_MSGQ_TX_FLAGS_PUSH);
	KUNIT_EXPECT_TRUE(test, ready);

	gunyah_hypercall_hyp_identify(&id);
	KUNIT_EXPECT_EQ(test, id.api_info, 0x5100000000008001ULL);
	KUNIT_EXPECT_EQ(test, id.flags[0], GUNYAH_FEATURE_MSGQUEUE);
	KUNIT_EXPECT_EQ(test, id.flags[1], 0);

	/* Calls the backend does not provide are unimplemented. */
	KUNIT_EXPECT_EQ(test, gunyah_hypercall_bell_send(1, 1, &old_flags),
			GUNYAH_ERROR_UNIMPLEMENTED);
	KUNIT_EXPECT_EQ(test, gunyah_hypercall_memextent_donate(0, 1, 2, 0,
								0x1000),
			GUNYAH_ERROR_UNIMPLEMENTED);

	gunyah_hypercall_unregister_ops(&hc_fake_ops);
	/* The slot is free again. */
	KUNIT_EXPECT_EQ(test, gunyah_hypercall_register_ops(&hc_other_ops), 0);
	gunyah_hypercall_unregister_ops(&hc_other_ops);
}

static void gunyah_hypercall_test_not_under_gunyah(struct kunit *test)
{
	/* UML and x86 never run under a real Gunyah. */
	KUNIT_EXPECT_FALSE(test, gunyah_hypervisor_present());
}

static struct kunit_case gunyah_hypercall_test_cases[] = {
	KUNIT_CASE_PARAM(gunyah_hypercall_test_error_remap, hc_error_gen_params),
	KUNIT_CASE(gunyah_hypercall_test_backend_dispatch),
	KUNIT_CASE(gunyah_hypercall_test_not_under_gunyah),
	{}
};

static struct kunit_suite gunyah_hypercall_test_suite = {
	.name = "gunyah_hypercall",
	.test_cases = gunyah_hypercall_test_cases,
};

kunit_test_suite(gunyah_hypercall_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the Gunyah hypercall layer");
