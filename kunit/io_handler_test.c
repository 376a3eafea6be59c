// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the IO handlers (io_handler.c): which handler takes an
 * MMIO access (datamatch or any data, a fixed size or any size), what may
 * be added, removal, and lookups among thousands of handlers.
 */

#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/gunyah_vm.h>
#include <linux/slab.h>

#include "vm_mgr.h"

#define IO_ADDR		0x10000000ULL

struct io_test_handler {
	struct gunyah_vm_io_handler h;
	int id;
	int ret;		/* what the ops return */
};

/* The last handler that took an access, and what it saw. */
struct io_test {
	struct gunyah_vm *vm;
	int hit;
	u64 addr, data;
	u32 len;
	bool write;
};

static struct io_test *io_test_current;

static void io_test_saw(struct gunyah_vm_io_handler *io_dev, u64 addr,
			u32 len, u64 data, bool write)
{
	struct io_test_handler *th = container_of(io_dev,
						  struct io_test_handler, h);
	struct io_test *t = io_test_current;

	t->hit = th->id;
	t->addr = addr;
	t->len = len;
	t->data = data;
	t->write = write;
}

static int io_test_read(struct gunyah_vm_io_handler *io_dev, u64 addr,
			u32 len, u64 *data)
{
	struct io_test_handler *th = container_of(io_dev,
						  struct io_test_handler, h);

	io_test_saw(io_dev, addr, len, 0, false);
	*data = 0x1000 + th->id;
	return th->ret;
}

static int io_test_write(struct gunyah_vm_io_handler *io_dev, u64 addr,
			 u32 len, u64 data)
{
	struct io_test_handler *th = container_of(io_dev,
						  struct io_test_handler, h);

	io_test_saw(io_dev, addr, len, data, true);
	return th->ret;
}

static const struct gunyah_vm_io_handler_ops io_test_ops = {
	.read = io_test_read,
	.write = io_test_write,
};

static const struct gunyah_vm_io_handler_ops io_test_write_ops = {
	.write = io_test_write,
};

static int io_test_init(struct kunit *test)
{
	struct io_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->vm = kunit_kzalloc(test, sizeof(*t->vm), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->vm);
	gunyah_vm_io_handlers_init(t->vm);
	test->priv = t;
	io_test_current = t;
	return 0;
}

static void io_test_exit(struct kunit *test)
{
	io_test_current = NULL;
}

static struct io_test_handler *io_handler(struct kunit *test, int id,
					  u64 addr, u32 len, bool datamatch,
					  u64 data)
{
	struct io_test_handler *th = kunit_kzalloc(test, sizeof(*th),
						   GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, th);
	th->id = id;
	th->h.addr = addr;
	th->h.len = len;
	th->h.datamatch = datamatch;
	th->h.data = data;
	th->h.ops = &io_test_ops;
	return th;
}

static int io_add(struct kunit *test, struct io_test_handler *th)
{
	struct io_test *t = test->priv;

	return gunyah_vm_add_io_handler(t->vm, &th->h);
}

/* The id of the handler that took a write, 0 if none did. */
static int io_write(struct kunit *test, u64 addr, u32 len, u64 data)
{
	struct io_test *t = test->priv;
	int ret;

	t->hit = 0;
	ret = gunyah_vm_mmio_write(t->vm, addr, len, data);
	if (ret) {
		KUNIT_EXPECT_EQ(test, ret, -ENODEV);
		KUNIT_EXPECT_EQ(test, t->hit, 0);
		return 0;
	}
	KUNIT_EXPECT_NE(test, t->hit, 0);
	KUNIT_EXPECT_TRUE(test, t->write);
	KUNIT_EXPECT_EQ(test, t->addr, addr);
	KUNIT_EXPECT_EQ(test, t->len, len);
	return t->hit;
}

static int io_read(struct kunit *test, u64 addr, u32 len)
{
	struct io_test *t = test->priv;
	u64 data = 0;
	int ret;

	t->hit = 0;
	ret = gunyah_vm_mmio_read(t->vm, addr, len, &data);
	if (ret) {
		KUNIT_EXPECT_EQ(test, ret, -ENODEV);
		KUNIT_EXPECT_EQ(test, t->hit, 0);
		return 0;
	}
	KUNIT_EXPECT_FALSE(test, t->write);
	KUNIT_EXPECT_EQ(test, data, 0x1000 + t->hit);
	return t->hit;
}

static void io_remove(struct kunit *test, struct io_test_handler *th)
{
	struct io_test *t = test->priv;

	gunyah_vm_remove_io_handler(t->vm, &th->h);
}

static void gunyah_io_handler_test_empty(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 4, 0), 0);
	KUNIT_EXPECT_EQ(test, io_read(test, IO_ADDR, 4), 0);
	KUNIT_EXPECT_EQ(test, io_write(test, 0, 1, 0), 0);
	KUNIT_EXPECT_EQ(test, io_write(test, U64_MAX, 8, U64_MAX), 0);
}

/* A datamatch handler takes its value; a handler without takes the rest. */
static void gunyah_io_handler_test_datamatch(struct kunit *test)
{
	struct io_test_handler *dm5 = io_handler(test, 1, IO_ADDR, 4, true, 5);
	struct io_test_handler *dm6 = io_handler(test, 2, IO_ADDR, 4, true, 6);
	struct io_test_handler *any = io_handler(test, 3, IO_ADDR, 4, false, 0);

	KUNIT_ASSERT_EQ(test, io_add(test, dm5), 0);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 4, 5), 1);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 4, 6), 0);
	/* reads never match a datamatch handler */
	KUNIT_EXPECT_EQ(test, io_read(test, IO_ADDR, 4), 0);

	KUNIT_ASSERT_EQ(test, io_add(test, any), 0);
	KUNIT_ASSERT_EQ(test, io_add(test, dm6), 0);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 4, 5), 1);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 4, 6), 2);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 4, 7), 3);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 4, 0), 3);
	KUNIT_EXPECT_EQ(test, io_read(test, IO_ADDR, 4), 3);
	/* another size or address is not theirs */
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 2, 5), 0);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 8, 5), 0);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR + 4, 4, 5), 0);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR - 4, 4, 5), 0);

	io_remove(test, any);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 4, 7), 0);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 4, 6), 2);
	io_remove(test, dm6);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 4, 6), 0);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 4, 5), 1);
	io_remove(test, dm5);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 4, 5), 0);
}

/* Only the access's own bytes are matched. */
static void gunyah_io_handler_test_datamatch_width(struct kunit *test)
{
	struct io_test *t = test->priv;

	KUNIT_ASSERT_EQ(test, io_add(test, io_handler(test, 1, IO_ADDR, 1,
						      true, 0xff)), 0);
	KUNIT_ASSERT_EQ(test, io_add(test, io_handler(test, 2, IO_ADDR, 2,
						      true, 0xabcd)), 0);
	KUNIT_ASSERT_EQ(test, io_add(test, io_handler(test, 8, IO_ADDR, 8,
						      true, U64_MAX)), 0);

	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 1, 0xff), 1);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 1, 0x12ff), 1);
	KUNIT_EXPECT_EQ(test, t->data, 0xff);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 1, 0xfe), 0);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 2, 0xffffabcdULL), 2);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 2, 0xabce), 0);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 8, U64_MAX), 8);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 8, U32_MAX), 0);
}

/* A handler of length 0 takes any size that has no handler of its own. */
static void gunyah_io_handler_test_any_size(struct kunit *test)
{
	static const u32 sizes[] = { 1, 2, 4, 8 };
	struct io_test_handler *any = io_handler(test, 10, IO_ADDR, 0, false, 0);
	struct io_test_handler *four = io_handler(test, 4, IO_ADDR, 4, false, 0);
	unsigned int i;

	KUNIT_ASSERT_EQ(test, io_add(test, any), 0);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, sizes[i], 1), 10);
		KUNIT_EXPECT_EQ(test, io_read(test, IO_ADDR, sizes[i]), 10);
		/* the address must be exact */
		KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR + 1, sizes[i], 1), 0);
	}

	KUNIT_ASSERT_EQ(test, io_add(test, four), 0);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, sizes[i], 1),
				sizes[i] == 4 ? 4 : 10);
		KUNIT_EXPECT_EQ(test, io_read(test, IO_ADDR, sizes[i]),
				sizes[i] == 4 ? 4 : 10);
	}

	io_remove(test, any);
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, sizes[i], 1),
				sizes[i] == 4 ? 4 : 0);
	io_remove(test, four);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 4, 1), 0);
}

static const struct {
	const char *description;
	u64 addr;
	u32 len;
	bool datamatch;
	int ret;
} io_add_cases[] = {
	{ "len 0", IO_ADDR, 0, false, 0 },
	{ "len 1", IO_ADDR, 1, false, 0 },
	{ "len 2", IO_ADDR, 2, true, 0 },
	{ "len 4", IO_ADDR, 4, false, 0 },
	{ "len 8", IO_ADDR, 8, true, 0 },
	{ "len 3", IO_ADDR, 3, false, -EINVAL },
	{ "len 16", IO_ADDR, 16, false, -EINVAL },
	{ "len U32_MAX", IO_ADDR, U32_MAX, false, -EINVAL },
	{ "datamatch without a size", IO_ADDR, 0, true, -EINVAL },
	{ "wraps around", U64_MAX - 2, 4, false, -EINVAL },
	{ "ends at the top", U64_MAX - 7, 4, false, 0 },
	{ "address 0", 0, 8, false, 0 },
};

static void gunyah_io_handler_test_add_checks(struct kunit *test)
{
	struct io_test_handler *th;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(io_add_cases); i++) {
		th = io_handler(test, i + 1, io_add_cases[i].addr,
				io_add_cases[i].len,
				io_add_cases[i].datamatch, 1);
		KUNIT_EXPECT_EQ_MSG(test, io_add(test, th), io_add_cases[i].ret,
				    "%s", io_add_cases[i].description);
		if (!io_add_cases[i].ret)
			io_remove(test, th);
	}

	th = io_handler(test, 1, IO_ADDR, 4, false, 0);
	th->h.ops = NULL;
	KUNIT_EXPECT_EQ(test, io_add(test, th), -EINVAL);
}

static void gunyah_io_handler_test_duplicates(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, io_add(test, io_handler(test, 1, IO_ADDR, 4,
						      true, 5)), 0);
	KUNIT_EXPECT_EQ(test, io_add(test, io_handler(test, 2, IO_ADDR, 4,
						      true, 5)), -EEXIST);
	/* without datamatch the data does not count */
	KUNIT_ASSERT_EQ(test, io_add(test, io_handler(test, 3, IO_ADDR, 4,
						      false, 1)), 0);
	KUNIT_EXPECT_EQ(test, io_add(test, io_handler(test, 4, IO_ADDR, 4,
						      false, 2)), -EEXIST);
	KUNIT_ASSERT_EQ(test, io_add(test, io_handler(test, 5, IO_ADDR, 0,
						      false, 0)), 0);
	KUNIT_EXPECT_EQ(test, io_add(test, io_handler(test, 6, IO_ADDR, 0,
						      false, 0)), -EEXIST);
	/* overlapping but not identical: all fine */
	KUNIT_EXPECT_EQ(test, io_add(test, io_handler(test, 7, IO_ADDR, 4,
						      true, 6)), 0);
	KUNIT_EXPECT_EQ(test, io_add(test, io_handler(test, 8, IO_ADDR, 8,
						      true, 5)), 0);
	KUNIT_EXPECT_EQ(test, io_add(test, io_handler(test, 9, IO_ADDR + 2, 2,
						      false, 0)), 0);

	/* the first of the identical ones still answers */
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 4, 5), 1);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 4, 2), 3);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 1, 2), 5);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 8, 5), 8);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 8, 6), 5);
	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR + 2, 2, 0), 9);
}

static void gunyah_io_handler_test_ops(struct kunit *test)
{
	struct io_test_handler *wo = io_handler(test, 1, IO_ADDR, 4, false, 0);
	struct io_test_handler *err = io_handler(test, 2, IO_ADDR + 8, 4,
						 false, 0);
	struct io_test *t = test->priv;
	u64 data;

	wo->h.ops = &io_test_write_ops;
	err->ret = -EIO;
	KUNIT_ASSERT_EQ(test, io_add(test, wo), 0);
	KUNIT_ASSERT_EQ(test, io_add(test, err), 0);

	KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR, 4, 1), 1);
	/* no read op: the read goes to user space */
	KUNIT_EXPECT_EQ(test, io_read(test, IO_ADDR, 4), 0);
	/* the handler's error is the access's */
	KUNIT_EXPECT_EQ(test, gunyah_vm_mmio_write(t->vm, IO_ADDR + 8, 4, 1),
			-EIO);
	KUNIT_EXPECT_EQ(test, gunyah_vm_mmio_read(t->vm, IO_ADDR + 8, 4, &data),
			-EIO);
}

#define IO_MANY		4096

/*
 * 4096 handlers: at distinct addresses (half with datamatch, a quarter with
 * any size) and, at one address, 64 datamatch values next to a handler
 * for the other values. Every access must reach exactly its handler.
 */
static void gunyah_io_handler_test_many(struct kunit *test)
{
	struct io_test_handler **th;
	const u64 shared = 0x40000000;
	int i, want;
	u32 len;

	th = kunit_kcalloc(test, IO_MANY, sizeof(*th), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, th);

	for (i = 0; i < IO_MANY - 65; i++) {
		len = i % 4 == 3 ? 0 : 4;
		th[i] = io_handler(test, i + 1, IO_ADDR + 0x10 * i, len,
				   i % 2 == 0, i);
		KUNIT_ASSERT_EQ(test, io_add(test, th[i]), 0);
	}
	for (; i < IO_MANY - 1; i++) {
		th[i] = io_handler(test, i + 1, shared, 8, true, i);
		KUNIT_ASSERT_EQ(test, io_add(test, th[i]), 0);
	}
	th[i] = io_handler(test, i + 1, shared, 8, false, 0);
	KUNIT_ASSERT_EQ(test, io_add(test, th[i]), 0);

	for (i = 0; i < IO_MANY - 65; i++) {
		u64 addr = IO_ADDR + 0x10 * i;

		want = i % 2 ? i + 1 : 0;
		KUNIT_EXPECT_EQ(test, io_write(test, addr, 4, i), i + 1);
		KUNIT_EXPECT_EQ(test, io_write(test, addr, 4, i + 1), want);
		KUNIT_EXPECT_EQ(test, io_write(test, addr, 2, i),
				i % 4 == 3 ? i + 1 : 0);
		KUNIT_EXPECT_EQ(test, io_write(test, addr + 4, 4, i), 0);
		if (test->status != KUNIT_SUCCESS)
			return;
	}
	for (i = IO_MANY - 65; i < IO_MANY - 1; i++)
		KUNIT_EXPECT_EQ(test, io_write(test, shared, 8, i), i + 1);
	KUNIT_EXPECT_EQ(test, io_write(test, shared, 8, 0), IO_MANY);
	KUNIT_EXPECT_EQ(test, io_write(test, shared, 8, IO_MANY), IO_MANY);

	/* remove every other one: the rest still answer */
	for (i = 0; i < IO_MANY; i += 2)
		io_remove(test, th[i]);
	for (i = 0; i < IO_MANY - 65; i++)
		KUNIT_EXPECT_EQ(test, io_write(test, IO_ADDR + 0x10 * i, 4, i),
				i % 2 ? i + 1 : 0);
	for (i = IO_MANY - 65; i < IO_MANY - 1; i++)
		KUNIT_EXPECT_EQ(test, io_write(test, shared, 8, i),
				i % 2 ? i + 1 : IO_MANY);
	for (i = 1; i < IO_MANY; i += 2)
		io_remove(test, th[i]);
	KUNIT_EXPECT_TRUE(test, RB_EMPTY_ROOT(&((struct io_test *)test->priv)->vm->io_handlers));
}

static struct kunit_case gunyah_io_handler_test_cases[] = {
	KUNIT_CASE(gunyah_io_handler_test_empty),
	KUNIT_CASE(gunyah_io_handler_test_datamatch),
	KUNIT_CASE(gunyah_io_handler_test_datamatch_width),
	KUNIT_CASE(gunyah_io_handler_test_any_size),
	KUNIT_CASE(gunyah_io_handler_test_add_checks),
	KUNIT_CASE(gunyah_io_handler_test_duplicates),
	KUNIT_CASE(gunyah_io_handler_test_ops),
	KUNIT_CASE(gunyah_io_handler_test_many),
	{}
};

static struct kunit_suite gunyah_io_handler_test_suite = {
	.name = "gunyah_io_handler",
	.init = io_test_init,
	.exit = io_test_exit,
	.test_cases = gunyah_io_handler_test_cases,
};

kunit_test_suite(gunyah_io_handler_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the Gunyah VM IO handlers");
