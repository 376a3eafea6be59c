// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the VM function framework (vm_function.c): two fake
 * function types registered by the suite, bound to a fake VM through the
 * same paths as GUNYAH_VM_ADD_FUNCTION and GUNYAH_VM_REMOVE_FUNCTION, with
 * their arguments in user memory of the test's own mm.
 */

#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/gunyah_vm.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mman.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "vm_mgr.h"

/* Types no real function uses. */
#define FN_TEST_A	0x7e570001
#define FN_TEST_B	0x7e570002
#define FN_TEST_NONE	0x7e57ffff
/* Registered by DECLARE_GUNYAH_VM_FUNCTION(): decimal, for the alias. */
#define FN_TEST_DECL	2119630851

/* The argument of both fake types (B's is longer). */
struct fn_test_arg {
	__u32 id;
	__s32 bind_ret;		/* what bind() returns */
	__u32 rewrite_id;	/* if not 0, bind() writes it to user space */
	__u32 padding;
};

struct fn_test_arg_b {
	struct fn_test_arg a;
	__u64 extra[2];
};

/* What the fake functions saw; one per test. */
struct fn_test {
	struct gunyah_vm *vm;
	struct fn_test_arg __user *uarg;
	int binds, unbinds;
	u32 unbound[8];		/* ids, in unbind order */
	const struct gunyah_vm_function_instance *last;
};

static struct fn_test *fn_test_current;

static long fn_test_bind(struct gunyah_vm_function_instance *f)
{
	const struct fn_test_arg *arg = f->argp;
	struct fn_test *t = fn_test_current;

	if (arg->rewrite_id &&
	    put_user(arg->rewrite_id, &t->uarg->id))
		return -EFAULT;
	if (arg->bind_ret < 0)
		return arg->bind_ret;
	t->binds++;
	t->last = f;
	f->data = t;
	return arg->bind_ret;
}

static void fn_test_unbind(struct gunyah_vm_function_instance *f)
{
	const struct fn_test_arg *arg = f->argp;
	struct fn_test *t = f->data;

	if (t->unbinds < ARRAY_SIZE(t->unbound))
		t->unbound[t->unbinds] = arg->id;
	t->unbinds++;
}

static bool fn_test_compare(const struct gunyah_vm_function_instance *f,
			    const void *arg, size_t size)
{
	const struct fn_test_arg *a = f->argp, *b = arg;

	return a->id == b->id;
}

static struct gunyah_vm_function fn_test_a = {
	.type = FN_TEST_A,
	.name = "fn_test_a",
	.mod = THIS_MODULE,
	.arg_size = sizeof(struct fn_test_arg),
	.bind = fn_test_bind,
	.unbind = fn_test_unbind,
	.compare = fn_test_compare,
};

static struct gunyah_vm_function fn_test_b = {
	.type = FN_TEST_B,
	.name = "fn_test_b",
	.mod = THIS_MODULE,
	.arg_size = sizeof(struct fn_test_arg_b),
	.bind = fn_test_bind,
	.unbind = fn_test_unbind,
	.compare = fn_test_compare,
};

/* Registered at boot (or module load), as a function module would be. */
DECLARE_GUNYAH_VM_FUNCTION(fn_test_decl, FN_TEST_DECL, struct fn_test_arg,
			   fn_test_bind, fn_test_unbind, fn_test_compare);

static int fn_test_suite_init(struct kunit_suite *suite)
{
	int ret;

	ret = gunyah_vm_function_register(&fn_test_a);
	if (ret)
		return ret;
	ret = gunyah_vm_function_register(&fn_test_b);
	if (ret)
		gunyah_vm_function_unregister(&fn_test_a);
	return ret;
}

static void fn_test_suite_exit(struct kunit_suite *suite)
{
	gunyah_vm_function_unregister(&fn_test_b);
	gunyah_vm_function_unregister(&fn_test_a);
}

static int fn_test_init(struct kunit *test)
{
	struct fn_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct gunyah_vm *vm = kunit_kzalloc(test, sizeof(*vm), GFP_KERNEL);
	unsigned long uaddr;

	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_NOT_NULL(test, vm);
	/* The test's reference: the fake VM never reaches its teardown. */
	kref_init(&vm->kref);
	mutex_init(&vm->lock);
	INIT_LIST_HEAD(&vm->mem_list);
	gunyah_vm_functions_init(vm);
	gunyah_vm_resources_init(vm);
	gunyah_vm_io_handlers_init(vm);
	t->vm = vm;
	test->priv = t;
	fn_test_current = t;

	uaddr = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			      MAP_ANONYMOUS | MAP_PRIVATE, 0);
	if (!uaddr || uaddr >= TASK_SIZE)
		kunit_skip(test, "no user memory for the arguments");
	t->uarg = (struct fn_test_arg __user *)uaddr;
	return 0;
}

static void fn_test_exit(struct kunit *test)
{
	struct fn_test *t = test->priv;

	if (!t)
		return;
	/* Nothing may be left behind, whatever the test did. */
	gunyah_vm_remove_functions(t->vm);
	KUNIT_EXPECT_EQ(test, kref_read(&t->vm->kref), 1);
	fn_test_current = NULL;
}

/* Write @arg to the test's user memory and describe it for @type. */
static struct gunyah_fn_desc fn_desc(struct kunit *test, u32 type,
				     const struct fn_test_arg *arg, u32 size)
{
	struct fn_test *t = test->priv;
	struct fn_test_arg_b b = { .a = *arg };

	KUNIT_ASSERT_EQ(test, copy_to_user(t->uarg, &b, sizeof(b)), 0);
	return (struct gunyah_fn_desc){
		.type = type,
		.arg_size = size,
		.arg = (u64)(unsigned long)t->uarg,
	};
}

static long fn_add(struct kunit *test, u32 id, s32 bind_ret)
{
	struct fn_test_arg arg = { .id = id, .bind_ret = bind_ret };
	struct gunyah_fn_desc d = fn_desc(test, FN_TEST_A, &arg, sizeof(arg));
	struct fn_test *t = test->priv;

	return gunyah_vm_add_function(t->vm, &d);
}

static long fn_remove(struct kunit *test, u32 id)
{
	struct fn_test_arg arg = { .id = id };
	struct gunyah_fn_desc d = fn_desc(test, FN_TEST_A, &arg, sizeof(arg));
	struct fn_test *t = test->priv;

	return gunyah_vm_remove_function(t->vm, &d);
}

static int fn_count(struct gunyah_vm *vm)
{
	struct gunyah_vm_function_instance *inst;
	int n = 0;

	mutex_lock(&vm->fn_lock);
	list_for_each_entry(inst, &vm->functions, vm_list)
		n++;
	mutex_unlock(&vm->fn_lock);
	return n;
}

static void gunyah_vm_function_test_add_remove(struct kunit *test)
{
	struct fn_test *t = test->priv;

	KUNIT_EXPECT_EQ(test, fn_add(test, 1, 0), 0);
	/* bind()'s value (a vCPU's fd) is the ioctl's */
	KUNIT_EXPECT_EQ(test, fn_add(test, 2, 42), 42);
	KUNIT_EXPECT_EQ(test, t->binds, 2);
	KUNIT_EXPECT_EQ(test, fn_count(t->vm), 2);
	/* each instance holds the VM */
	KUNIT_EXPECT_EQ(test, kref_read(&t->vm->kref), 3);

	KUNIT_EXPECT_EQ(test, fn_remove(test, 1), 0);
	KUNIT_EXPECT_EQ(test, t->unbinds, 1);
	KUNIT_EXPECT_EQ(test, t->unbound[0], 1);
	KUNIT_EXPECT_EQ(test, fn_remove(test, 1), -ENOENT);
	KUNIT_EXPECT_EQ(test, fn_remove(test, 3), -ENOENT);
	KUNIT_EXPECT_EQ(test, t->unbinds, 1);
	KUNIT_EXPECT_EQ(test, fn_count(t->vm), 1);
	KUNIT_EXPECT_EQ(test, kref_read(&t->vm->kref), 2);

	KUNIT_EXPECT_EQ(test, fn_remove(test, 2), 0);
	KUNIT_EXPECT_EQ(test, t->unbound[1], 2);
	KUNIT_EXPECT_EQ(test, fn_count(t->vm), 0);
	KUNIT_EXPECT_EQ(test, kref_read(&t->vm->kref), 1);
}

/* A removal names its type: the same id of another type is not it. */
static void gunyah_vm_function_test_remove_by_type(struct kunit *test)
{
	struct fn_test_arg arg = { .id = 5 };
	struct fn_test *t = test->priv;
	struct gunyah_fn_desc d;

	d = fn_desc(test, FN_TEST_B, &arg, sizeof(struct fn_test_arg_b));
	KUNIT_ASSERT_EQ(test, gunyah_vm_add_function(t->vm, &d), 0);
	KUNIT_EXPECT_EQ(test, fn_add(test, 5, 0), 0);

	KUNIT_EXPECT_EQ(test, fn_remove(test, 5), 0);
	KUNIT_EXPECT_EQ(test, fn_remove(test, 5), -ENOENT);
	KUNIT_EXPECT_EQ(test, fn_count(t->vm), 1);
	d = fn_desc(test, FN_TEST_B, &arg, sizeof(struct fn_test_arg_b));
	KUNIT_EXPECT_EQ(test, gunyah_vm_remove_function(t->vm, &d), 0);
	KUNIT_EXPECT_EQ(test, fn_count(t->vm), 0);
}

static const struct {
	const char *description;
	u32 type;
	u32 arg_size;
	long add, remove;
} fn_size_cases[] = {
	{ "A: exact", FN_TEST_A, sizeof(struct fn_test_arg), 0, 0 },
	{ "A: 0", FN_TEST_A, 0, -EINVAL, -EINVAL },
	{ "A: one short", FN_TEST_A, sizeof(struct fn_test_arg) - 1,
	  -EINVAL, -EINVAL },
	{ "A: one more", FN_TEST_A, sizeof(struct fn_test_arg) + 1,
	  -EINVAL, -EINVAL },
	{ "A: B's size", FN_TEST_A, sizeof(struct fn_test_arg_b),
	  -EINVAL, -EINVAL },
	{ "A: max", FN_TEST_A, GUNYAH_FN_MAX_ARG_SIZE, -EINVAL, -EINVAL },
	{ "A: max + 1", FN_TEST_A, GUNYAH_FN_MAX_ARG_SIZE + 1,
	  -EINVAL, -EINVAL },
	{ "A: huge", FN_TEST_A, U32_MAX, -EINVAL, -EINVAL },
	{ "B: exact", FN_TEST_B, sizeof(struct fn_test_arg_b), 0, 0 },
	{ "B: A's size", FN_TEST_B, sizeof(struct fn_test_arg),
	  -EINVAL, -EINVAL },
	{ "unknown type", FN_TEST_NONE, sizeof(struct fn_test_arg),
	  -ENOENT, -ENOENT },
	{ "unknown type, max + 1", FN_TEST_NONE, GUNYAH_FN_MAX_ARG_SIZE + 1,
	  -EINVAL, -EINVAL },
	{ "type 0", 0, 4, -ENOENT, -ENOENT },
};

/* Only the exact size of the type's argument is accepted. */
static void gunyah_vm_function_test_arg_size(struct kunit *test)
{
	struct fn_test_arg arg = { .id = 9 };
	struct fn_test *t = test->priv;
	struct gunyah_fn_desc d;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fn_size_cases); i++) {
		d = fn_desc(test, fn_size_cases[i].type, &arg,
			    fn_size_cases[i].arg_size);
		KUNIT_EXPECT_EQ_MSG(test, gunyah_vm_add_function(t->vm, &d),
				    fn_size_cases[i].add, "add: %s",
				    fn_size_cases[i].description);
		KUNIT_EXPECT_EQ_MSG(test, gunyah_vm_remove_function(t->vm, &d),
				    fn_size_cases[i].remove, "remove: %s",
				    fn_size_cases[i].description);
	}
	/* only the two exact cases ever reached bind() */
	KUNIT_EXPECT_EQ(test, t->binds, 2);
	KUNIT_EXPECT_EQ(test, t->unbinds, 2);
	KUNIT_EXPECT_EQ(test, kref_read(&t->vm->kref), 1);
}

/*
 * The argument is copied once: bind() rewrites the user copy (as a racing
 * thread would), yet the instance keeps the value it was added with.
 */
static void gunyah_vm_function_test_copy_once(struct kunit *test)
{
	struct fn_test_arg arg = { .id = 7, .rewrite_id = 8 };
	struct fn_test *t = test->priv;
	const struct fn_test_arg *kept;
	struct gunyah_fn_desc d;
	u32 id;

	d = fn_desc(test, FN_TEST_A, &arg, sizeof(arg));
	KUNIT_ASSERT_EQ(test, gunyah_vm_add_function(t->vm, &d), 0);
	KUNIT_ASSERT_EQ(test, get_user(id, &t->uarg->id), 0);
	KUNIT_EXPECT_EQ(test, id, 8);

	KUNIT_ASSERT_NOT_NULL(test, t->last);
	kept = t->last->argp;
	KUNIT_EXPECT_PTR_NE(test, (const void *)kept,
			    (__force const void *)t->uarg);
	KUNIT_EXPECT_EQ(test, t->last->arg_size, sizeof(arg));
	KUNIT_EXPECT_EQ(test, kept->id, 7);

	/* a later change of the user memory does not reach the instance */
	KUNIT_EXPECT_EQ(test, fn_remove(test, 8), -ENOENT);
	KUNIT_EXPECT_EQ(test, kept->id, 7);
	KUNIT_EXPECT_EQ(test, fn_remove(test, 7), 0);
}

static void gunyah_vm_function_test_bind_fails(struct kunit *test)
{
	struct fn_test *t = test->priv;

	KUNIT_EXPECT_EQ(test, fn_add(test, 1, -EIO), -EIO);
	KUNIT_EXPECT_EQ(test, fn_add(test, 1, -ENOSPC), -ENOSPC);
	KUNIT_EXPECT_EQ(test, t->binds, 0);
	KUNIT_EXPECT_EQ(test, t->unbinds, 0);
	KUNIT_EXPECT_EQ(test, fn_count(t->vm), 0);
	KUNIT_EXPECT_EQ(test, kref_read(&t->vm->kref), 1);
	KUNIT_EXPECT_EQ(test, fn_remove(test, 1), -ENOENT);
	/* and the id can be added for real afterwards */
	KUNIT_EXPECT_EQ(test, fn_add(test, 1, 0), 0);
}

static void gunyah_vm_function_test_duplicate(struct kunit *test)
{
	struct fn_test *t = test->priv;

	KUNIT_EXPECT_EQ(test, fn_add(test, 3, 0), 0);
	KUNIT_EXPECT_EQ(test, fn_add(test, 3, 0), -EEXIST);
	KUNIT_EXPECT_EQ(test, t->binds, 1);
	KUNIT_EXPECT_EQ(test, fn_count(t->vm), 1);
	KUNIT_EXPECT_EQ(test, kref_read(&t->vm->kref), 2);
}

static void gunyah_vm_function_test_fault(struct kunit *test)
{
	struct fn_test *t = test->priv;
	struct gunyah_fn_desc d = {
		.type = FN_TEST_A,
		.arg_size = sizeof(struct fn_test_arg),
		.arg = 0,
	};

	KUNIT_EXPECT_EQ(test, gunyah_vm_add_function(t->vm, &d), -EFAULT);
	KUNIT_EXPECT_EQ(test, gunyah_vm_remove_function(t->vm, &d), -EFAULT);
	/* a kernel address is no user pointer */
	d.arg = (u64)(unsigned long)t;
	KUNIT_EXPECT_EQ(test, gunyah_vm_add_function(t->vm, &d), -EFAULT);
	KUNIT_EXPECT_EQ(test, t->binds, 0);
	KUNIT_EXPECT_EQ(test, kref_read(&t->vm->kref), 1);
}

/* Releasing the VM file unbinds everything, newest first. */
static void gunyah_vm_function_test_remove_all(struct kunit *test)
{
	struct fn_test_arg arg = { .id = 4 };
	struct fn_test *t = test->priv;
	struct gunyah_fn_desc d;

	KUNIT_ASSERT_EQ(test, fn_add(test, 1, 0), 0);
	d = fn_desc(test, FN_TEST_B, &arg, sizeof(struct fn_test_arg_b));
	KUNIT_ASSERT_EQ(test, gunyah_vm_add_function(t->vm, &d), 0);
	KUNIT_ASSERT_EQ(test, fn_add(test, 2, 0), 0);
	KUNIT_EXPECT_EQ(test, kref_read(&t->vm->kref), 4);

	gunyah_vm_remove_functions(t->vm);
	KUNIT_EXPECT_EQ(test, t->unbinds, 3);
	KUNIT_EXPECT_EQ(test, t->unbound[0], 2);
	KUNIT_EXPECT_EQ(test, t->unbound[1], 4);
	KUNIT_EXPECT_EQ(test, t->unbound[2], 1);
	KUNIT_EXPECT_EQ(test, fn_count(t->vm), 0);
	KUNIT_EXPECT_EQ(test, kref_read(&t->vm->kref), 1);

	/* a second pass finds nothing */
	gunyah_vm_remove_functions(t->vm);
	KUNIT_EXPECT_EQ(test, t->unbinds, 3);
}

static long fn_test_bad_bind(struct gunyah_vm_function_instance *f)
{
	return 0;
}

static void fn_test_bad_unbind(struct gunyah_vm_function_instance *f)
{
}

static bool fn_test_bad_compare(const struct gunyah_vm_function_instance *f,
				const void *arg, size_t size)
{
	return false;
}

static void gunyah_vm_function_test_register(struct kunit *test)
{
	struct gunyah_vm_function fn = {
		.type = FN_TEST_NONE,
		.name = "fn_test_reg",
		.arg_size = 4,
		.bind = fn_test_bad_bind,
		.unbind = fn_test_bad_unbind,
		.compare = fn_test_bad_compare,
	};
	struct gunyah_vm_function dup = fn_test_a;
	struct fn_test *t = test->priv;
	struct gunyah_fn_desc d = {
		.type = FN_TEST_NONE,
		.arg_size = 4,
		.arg = (u64)(unsigned long)t->uarg,
	};

	KUNIT_EXPECT_EQ(test, gunyah_vm_function_register(&dup), -EEXIST);

	fn.arg_size = 0;
	KUNIT_EXPECT_EQ(test, gunyah_vm_function_register(&fn), -EINVAL);
	fn.arg_size = GUNYAH_FN_MAX_ARG_SIZE + 1;
	KUNIT_EXPECT_EQ(test, gunyah_vm_function_register(&fn), -EINVAL);
	fn.arg_size = 4;
	fn.compare = NULL;
	KUNIT_EXPECT_EQ(test, gunyah_vm_function_register(&fn), -EINVAL);
	fn.compare = fn_test_bad_compare;

	KUNIT_ASSERT_EQ(test, gunyah_vm_function_register(&fn), 0);
	KUNIT_EXPECT_EQ(test, gunyah_vm_add_function(t->vm, &d), 0);
	KUNIT_EXPECT_EQ(test, fn_count(t->vm), 1);
	gunyah_vm_remove_functions(t->vm);
	gunyah_vm_function_unregister(&fn);
	KUNIT_EXPECT_EQ(test, gunyah_vm_add_function(t->vm, &d), -ENOENT);

	/* unregistering another function of the type leaves it alone */
	gunyah_vm_function_unregister(&fn);
	KUNIT_EXPECT_EQ(test, fn_add(test, 1, 0), 0);
	dup.type = FN_TEST_A;
	gunyah_vm_function_unregister(&dup);
	KUNIT_EXPECT_EQ(test, fn_add(test, 2, 0), 0);
}

static void gunyah_vm_function_test_declare(struct kunit *test)
{
	struct fn_test_arg arg = { .id = 1 };
	struct fn_test *t = test->priv;
	struct gunyah_fn_desc d;

	KUNIT_EXPECT_EQ(test, fn_test_decl_fn.arg_size, sizeof(arg));
	KUNIT_EXPECT_STREQ(test, fn_test_decl_fn.name, "fn_test_decl");
	d = fn_desc(test, FN_TEST_DECL, &arg, sizeof(arg) + 4);
	KUNIT_EXPECT_EQ(test, gunyah_vm_add_function(t->vm, &d), -EINVAL);
	d = fn_desc(test, FN_TEST_DECL, &arg, sizeof(arg));
	KUNIT_EXPECT_EQ(test, gunyah_vm_add_function(t->vm, &d), 0);
	KUNIT_EXPECT_PTR_EQ(test, t->last->fn,
			    (const struct gunyah_vm_function *)&fn_test_decl_fn);
	KUNIT_EXPECT_EQ(test, gunyah_vm_remove_function(t->vm, &d), 0);
	KUNIT_EXPECT_EQ(test, t->unbinds, 1);
}

static struct kunit_case gunyah_vm_function_test_cases[] = {
	KUNIT_CASE(gunyah_vm_function_test_add_remove),
	KUNIT_CASE(gunyah_vm_function_test_remove_by_type),
	KUNIT_CASE(gunyah_vm_function_test_arg_size),
	KUNIT_CASE(gunyah_vm_function_test_copy_once),
	KUNIT_CASE(gunyah_vm_function_test_bind_fails),
	KUNIT_CASE(gunyah_vm_function_test_duplicate),
	KUNIT_CASE(gunyah_vm_function_test_fault),
	KUNIT_CASE(gunyah_vm_function_test_remove_all),
	KUNIT_CASE(gunyah_vm_function_test_register),
	KUNIT_CASE(gunyah_vm_function_test_declare),
	{}
};

static struct kunit_suite gunyah_vm_function_test_suite = {
	.name = "gunyah_vm_function",
	.suite_init = fn_test_suite_init,
	.suite_exit = fn_test_suite_exit,
	.init = fn_test_init,
	.exit = fn_test_exit,
	.test_cases = gunyah_vm_function_test_cases,
};

kunit_test_suite(gunyah_vm_function_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the Gunyah VM function framework");
