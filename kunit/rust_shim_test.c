// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the C ABI shim for in-kernel Rust
 * (rust-shim/gunyah_rust_helpers.c): every exported wrapper is called,
 * through the same VM manager paths a Rust VM function would reach, on a
 * fake VM. The callbacks stand in for Rust code: they see only the
 * fixed-width arguments and the context pointer.
 */

#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/gunyah_rm.h>
#include <linux/gunyah_vm.h>
#include <linux/kref.h>
#include <linux/mman.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "vm_mgr.h"
#include "../rust-shim/gunyah_rust_helpers.h"

/* A function type no real function uses. */
#define SHIM_FN_TYPE	0x7e5700f1
#define SHIM_IO_ADDR	0x10000000ULL

struct shim_fn_arg {
	u32 id;
	u32 padding;
};

/* What the callbacks saw; the context pointer of every registration. */
struct shim_ctx {
	struct kunit *test;
	struct gunyah_vm *vm;
	int binds, unbinds, compares;
	u32 bound_id;
	int populated, unpopulated;
	struct gunyah_rust_resource rsc;
	int reads, writes;
	u64 addr, data;
	u32 len;
};

static struct gunyah_vm *shim_vm(struct kunit *test)
{
	struct gunyah_vm *vm = kunit_kzalloc(test, sizeof(*vm), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, vm);
	/* The test's reference: the fake VM never reaches its teardown. */
	kref_init(&vm->kref);
	mutex_init(&vm->lock);
	spin_lock_init(&vm->status_lock);
	init_waitqueue_head(&vm->status_wq);
	INIT_LIST_HEAD(&vm->mem_list);
	gunyah_vm_functions_init(vm);
	gunyah_vm_resources_init(vm);
	gunyah_vm_io_handlers_init(vm);
	return vm;
}

static struct shim_ctx *shim_ctx(struct kunit *test)
{
	struct shim_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->test = test;
	c->vm = shim_vm(test);
	return c;
}

static void gunyah_rust_shim_test_vm(struct kunit *test)
{
	struct shim_ctx *c = shim_ctx(test);
	struct gunyah_vm_exit_info info = { };

	KUNIT_EXPECT_PTR_EQ(test, gunyah_rust_vm_get(c->vm), c->vm);
	KUNIT_EXPECT_EQ(test, kref_read(&c->vm->kref), 2);
	gunyah_rust_vm_put(c->vm);
	KUNIT_EXPECT_EQ(test, kref_read(&c->vm->kref), 1);

	/* A running VM is started already and has not stopped. */
	c->vm->state = GUNYAH_VM_RUNNING;
	KUNIT_EXPECT_EQ(test, gunyah_rust_vm_ensure_started(c->vm), 0);
	KUNIT_EXPECT_EQ(test, gunyah_rust_vm_exit_status(c->vm, &info), 0);

	c->vm->state = GUNYAH_VM_EXITED;
	c->vm->exited = true;
	c->vm->exit_info.type = GUNYAH_VM_EXIT_TYPE_PSCI_POWER_OFF;
	KUNIT_EXPECT_EQ(test, gunyah_rust_vm_exit_status(c->vm, &info),
			GUNYAH_VM_STATUS_EXITED);
	KUNIT_EXPECT_EQ(test, info.type, GUNYAH_VM_EXIT_TYPE_PSCI_POWER_OFF);
	KUNIT_EXPECT_EQ(test, gunyah_rust_vm_wait_exit(c->vm), 0);

	/* The fake VM has no memory; unknown flags are refused first. */
	KUNIT_EXPECT_EQ(test, gunyah_rust_vm_mem_access(c->vm, 0x80000000, 0),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, gunyah_rust_vm_mem_access(c->vm, 0x80000000,
							GUNYAH_RUST_MEM_WRITE |
							GUNYAH_RUST_MEM_EXEC),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, gunyah_rust_vm_mem_access(c->vm, 0x80000000, 4),
			-EINVAL);
}

static s64 shim_bind(void *ctx, struct gunyah_vm_function_instance *f)
{
	struct shim_ctx *c = ctx;
	const struct shim_fn_arg *arg = gunyah_rust_fn_instance_arg(f);

	KUNIT_EXPECT_PTR_EQ(c->test, gunyah_rust_fn_instance_vm(f), c->vm);
	KUNIT_EXPECT_EQ(c->test, gunyah_rust_fn_instance_arg_size(f),
			sizeof(*arg));
	KUNIT_EXPECT_NULL(c->test, gunyah_rust_fn_instance_data(f));
	gunyah_rust_fn_instance_set_data(f, c);
	c->bound_id = arg->id;
	c->binds++;
	return 0;
}

static void shim_unbind(void *ctx, struct gunyah_vm_function_instance *f)
{
	struct shim_ctx *c = ctx;

	KUNIT_EXPECT_PTR_EQ(c->test, gunyah_rust_fn_instance_data(f), ctx);
	c->unbinds++;
}

static s32 shim_compare(void *ctx, const struct gunyah_vm_function_instance *f,
			const void *arg, u64 size)
{
	const struct shim_fn_arg *mine = gunyah_rust_fn_instance_arg(f);
	const struct shim_fn_arg *other = arg;
	struct shim_ctx *c = ctx;

	c->compares++;
	return size == sizeof(*other) && mine->id == other->id;
}

static const struct gunyah_rust_fn_ops shim_fn_ops = {
	.bind = shim_bind,
	.unbind = shim_unbind,
	.compare = shim_compare,
};

static const struct gunyah_rust_fn_ops shim_fn_ops_incomplete = {
	.bind = shim_bind,
	.compare = shim_compare,
};

/* A GUNYAH_VM_ADD/REMOVE_FUNCTION argument in the test's user memory. */
static struct gunyah_fn_desc shim_desc(struct kunit *test, unsigned long uaddr,
				       u32 id)
{
	struct shim_fn_arg arg = { .id = id };

	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)uaddr, &arg,
					   sizeof(arg)), 0);
	return (struct gunyah_fn_desc){
		.type = SHIM_FN_TYPE,
		.arg_size = sizeof(arg),
		.arg = uaddr,
	};
}

static void gunyah_rust_shim_test_function(struct kunit *test)
{
	struct gunyah_rust_fn_handle *fn = NULL, *other = NULL;
	struct shim_ctx *c = shim_ctx(test);
	struct gunyah_fn_desc desc;
	unsigned long uaddr;

	KUNIT_EXPECT_EQ(test, gunyah_rust_fn_register(SHIM_FN_TYPE, "shim",
						      THIS_MODULE, 8,
						      &shim_fn_ops_incomplete,
						      c, &fn), -EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_rust_fn_register(SHIM_FN_TYPE, "shim",
						      THIS_MODULE, 0,
						      &shim_fn_ops, c, &fn),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_rust_fn_register(SHIM_FN_TYPE, "shim",
						      THIS_MODULE,
						      GUNYAH_FN_MAX_ARG_SIZE + 1,
						      &shim_fn_ops, c, &fn),
			-EINVAL);
	KUNIT_ASSERT_EQ(test, gunyah_rust_fn_register(SHIM_FN_TYPE, "shim",
						      THIS_MODULE,
						      sizeof(struct shim_fn_arg),
						      &shim_fn_ops, c, &fn), 0);
	KUNIT_EXPECT_EQ(test, gunyah_rust_fn_register(SHIM_FN_TYPE, "again",
						      THIS_MODULE,
						      sizeof(struct shim_fn_arg),
						      &shim_fn_ops, c, &other),
			-EEXIST);
	KUNIT_EXPECT_NULL(test, other);

	uaddr = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			      MAP_ANONYMOUS | MAP_PRIVATE, 0);
	if (!uaddr || uaddr >= TASK_SIZE) {
		gunyah_rust_fn_unregister(fn);
		kunit_skip(test, "no user memory for the arguments");
	}

	/* The VM manager binds an instance through the shim's callbacks. */
	desc = shim_desc(test, uaddr, 7);
	KUNIT_EXPECT_EQ(test, gunyah_vm_add_function(c->vm, &desc), 0);
	KUNIT_EXPECT_EQ(test, c->binds, 1);
	KUNIT_EXPECT_EQ(test, c->bound_id, 7);
	/* compare() finds it: adding it again is refused. */
	KUNIT_EXPECT_EQ(test, gunyah_vm_add_function(c->vm, &desc), -EEXIST);
	KUNIT_EXPECT_GT(test, c->compares, 0);

	desc = shim_desc(test, uaddr, 8);
	KUNIT_EXPECT_EQ(test, gunyah_vm_remove_function(c->vm, &desc), -ENOENT);
	desc = shim_desc(test, uaddr, 7);
	KUNIT_EXPECT_EQ(test, gunyah_vm_remove_function(c->vm, &desc), 0);
	KUNIT_EXPECT_EQ(test, c->unbinds, 1);

	gunyah_rust_fn_unregister(fn);
	gunyah_rust_fn_unregister(NULL);
	/* Unregistered: the type is gone, and can be registered again. */
	desc = shim_desc(test, uaddr, 7);
	KUNIT_EXPECT_EQ(test, gunyah_vm_add_function(c->vm, &desc), -ENOENT);
	KUNIT_ASSERT_EQ(test, gunyah_rust_fn_register(SHIM_FN_TYPE, "again",
						      THIS_MODULE,
						      sizeof(struct shim_fn_arg),
						      &shim_fn_ops, c, &other),
			0);
	gunyah_rust_fn_unregister(other);
	gunyah_vm_remove_functions(c->vm);
	KUNIT_EXPECT_EQ(test, kref_read(&c->vm->kref), 1);
}

static s32 shim_populate(void *ctx, const struct gunyah_rust_resource *rsc)
{
	struct shim_ctx *c = ctx;

	c->rsc = *rsc;
	c->populated++;
	return 1;
}

static void shim_unpopulate(void *ctx, const struct gunyah_rust_resource *rsc)
{
	struct shim_ctx *c = ctx;

	KUNIT_EXPECT_EQ(c->test, rsc->capid, c->rsc.capid);
	c->unpopulated++;
}

static const struct gunyah_rust_ticket_ops shim_ticket_ops = {
	.populate = shim_populate,
	.unpopulate = shim_unpopulate,
};

static void gunyah_rust_shim_test_ticket(struct kunit *test)
{
	static const struct gunyah_rm_hyp_resource entry = {
		.type = GUNYAH_RESOURCE_TYPE_BELL_TX,
		.resource_label = 5,
		.cap_id = 0x205,
	};
	struct gunyah_rust_ticket_handle *t = NULL, *dup = NULL;
	struct gunyah_rust_ticket_ops no_unpopulate = {
		.populate = shim_populate,
	};
	struct shim_ctx *c = shim_ctx(test);
	struct gunyah_rm_hyp_resources *res;

	KUNIT_EXPECT_EQ(test, gunyah_rust_ticket_add(c->vm,
						     GUNYAH_RESOURCE_TYPE_BELL_TX,
						     5, THIS_MODULE,
						     &no_unpopulate, c, &t),
			-EINVAL);
	KUNIT_ASSERT_EQ(test, gunyah_rust_ticket_add(c->vm,
						     GUNYAH_RESOURCE_TYPE_BELL_TX,
						     5, THIS_MODULE,
						     &shim_ticket_ops, c, &t),
			0);
	KUNIT_EXPECT_EQ(test, gunyah_rust_ticket_add(c->vm,
						     GUNYAH_RESOURCE_TYPE_BELL_TX,
						     5, THIS_MODULE,
						     &shim_ticket_ops, c, &dup),
			-EEXIST);
	KUNIT_EXPECT_NULL(test, dup);

	/* The RM reports the VM's resources: the ticket gets its own. */
	res = kunit_kzalloc(test, struct_size(res, entries, 1), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, res);
	res->n_entries = 1;
	res->entries[0] = entry;
	KUNIT_ASSERT_EQ(test, gunyah_vm_add_resources(c->vm, res), 0);
	KUNIT_EXPECT_EQ(test, c->populated, 1);
	KUNIT_EXPECT_EQ(test, c->rsc.type, GUNYAH_RESOURCE_TYPE_BELL_TX);
	KUNIT_EXPECT_EQ(test, c->rsc.label, 5);
	KUNIT_EXPECT_EQ(test, c->rsc.capid, 0x205);
	KUNIT_EXPECT_EQ(test, c->rsc.irq, 0);

	gunyah_rust_ticket_remove(t);
	gunyah_rust_ticket_remove(NULL);
	KUNIT_EXPECT_EQ(test, c->unpopulated, 1);
	gunyah_vm_clean_resources(c->vm);
}

static s32 shim_io_read(void *ctx, u64 addr, u32 len, u64 *data)
{
	struct shim_ctx *c = ctx;

	c->reads++;
	c->addr = addr;
	c->len = len;
	*data = 0x5a5a;
	return 0;
}

static s32 shim_io_write(void *ctx, u64 addr, u32 len, u64 data)
{
	struct shim_ctx *c = ctx;

	c->writes++;
	c->addr = addr;
	c->len = len;
	c->data = data;
	return 0;
}

static const struct gunyah_rust_io_ops shim_io_ops = {
	.read = shim_io_read,
	.write = shim_io_write,
};

static const struct gunyah_rust_io_ops shim_io_write_ops = {
	.write = shim_io_write,
};

static const struct gunyah_rust_io_ops shim_io_no_ops = { };

static void gunyah_rust_shim_test_io_handler(struct kunit *test)
{
	struct gunyah_rust_io_handle *any = NULL, *match = NULL, *bad = NULL;
	struct shim_ctx *c = shim_ctx(test);
	u64 data = 0;

	KUNIT_EXPECT_EQ(test, gunyah_rust_io_handler_add(c->vm, SHIM_IO_ADDR,
							 4, 2, 0, &shim_io_ops,
							 c, &bad), -EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_rust_io_handler_add(c->vm, SHIM_IO_ADDR,
							 4, 0, 0,
							 &shim_io_no_ops, c,
							 &bad), -EINVAL);
	/* What the VM manager refuses is refused, and nothing is left. */
	KUNIT_EXPECT_EQ(test, gunyah_rust_io_handler_add(c->vm, SHIM_IO_ADDR,
							 3, 0, 0, &shim_io_ops,
							 c, &bad), -EINVAL);
	KUNIT_EXPECT_NULL(test, bad);

	KUNIT_ASSERT_EQ(test, gunyah_rust_io_handler_add(c->vm, SHIM_IO_ADDR,
							 0, 0, 0, &shim_io_ops,
							 c, &any), 0);
	KUNIT_ASSERT_EQ(test, gunyah_rust_io_handler_add(c->vm, SHIM_IO_ADDR,
							 4,
							 GUNYAH_RUST_IO_DATAMATCH,
							 0x11,
							 &shim_io_write_ops,
							 c, &match), 0);
	KUNIT_EXPECT_EQ(test, gunyah_rust_io_handler_add(c->vm, SHIM_IO_ADDR,
							 0, 0, 0, &shim_io_ops,
							 c, &bad), -EEXIST);

	KUNIT_EXPECT_EQ(test, gunyah_rust_vm_mmio_write(c->vm, SHIM_IO_ADDR, 4,
							0x11), 0);
	KUNIT_EXPECT_EQ(test, c->writes, 1);
	KUNIT_EXPECT_EQ(test, c->data, 0x11);
	KUNIT_EXPECT_EQ(test, c->len, 4);
	KUNIT_EXPECT_EQ(test, gunyah_rust_vm_mmio_read(c->vm, SHIM_IO_ADDR, 2,
						       &data), 0);
	KUNIT_EXPECT_EQ(test, c->reads, 1);
	KUNIT_EXPECT_EQ(test, c->len, 2);
	KUNIT_EXPECT_EQ(test, data, 0x5a5a);
	KUNIT_EXPECT_EQ(test, gunyah_rust_vm_mmio_write(c->vm,
							SHIM_IO_ADDR + 8, 4,
							0), -ENODEV);

	gunyah_rust_io_handler_remove(any);
	gunyah_rust_io_handler_remove(NULL);
	/* Only the datamatch handler is left: reads go to user space. */
	KUNIT_EXPECT_EQ(test, gunyah_rust_vm_mmio_read(c->vm, SHIM_IO_ADDR, 4,
						       &data), -ENODEV);
	KUNIT_EXPECT_EQ(test, gunyah_rust_vm_mmio_write(c->vm, SHIM_IO_ADDR, 4,
							0x11), 0);
	KUNIT_EXPECT_EQ(test, c->writes, 2);
	gunyah_rust_io_handler_remove(match);
	KUNIT_EXPECT_EQ(test, gunyah_rust_vm_mmio_write(c->vm, SHIM_IO_ADDR, 4,
							0x11), -ENODEV);
}

static struct kunit_case gunyah_rust_shim_test_cases[] = {
	KUNIT_CASE(gunyah_rust_shim_test_vm),
	KUNIT_CASE(gunyah_rust_shim_test_function),
	KUNIT_CASE(gunyah_rust_shim_test_ticket),
	KUNIT_CASE(gunyah_rust_shim_test_io_handler),
	{}
};

static struct kunit_suite gunyah_rust_shim_test_suite = {
	.name = "gunyah_rust_shim",
	.test_cases = gunyah_rust_shim_test_cases,
};

kunit_test_suite(gunyah_rust_shim_test_suite);

MODULE_DESCRIPTION("KUnit tests of the Gunyah C ABI shim for Rust");
MODULE_LICENSE("GPL");
