// SPDX-License-Identifier: GPL-2.0-only
/*
 * IO handlers: MMIO accesses of the guest that the kernel handles before
 * they reach user space (ioeventfd, in-kernel devices).
 *
 * Handlers live in one rbtree per VM, ordered by the key (address, length,
 * datamatch, data) with data counting only for datamatch handlers. The
 * order is total, so handlers that differ only in their datamatch value are
 * distinct nodes, and an access costs at most three exact lookups, each
 * O(log n), from the most specific handler to the least:
 *
 *   1. (addr, len, datamatch, the value written)	writes only
 *   2. (addr, len, no datamatch)
 *   3. (addr, 0,   no datamatch)			any size
 *
 * The tree is read under gunyah_vm::io_handlers_lock on the vCPUs' MMIO
 * path and written under it when handlers come and go. A VM without
 * handlers, the common case of a vCPU's MMIO exit, is told apart by their
 * count without taking the lock: an access that races with the first
 * handler's addition may miss it, as it would had it come a moment
 * earlier.
 */

#define pr_fmt(fmt) "gunyah_vm: " fmt

#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/rbtree.h>
#include <linux/rwsem.h>

#include "vm_mgr.h"

struct gunyah_io_key {
	u64 addr;
	u64 data;
	u32 len;
	bool datamatch;
};

static int gunyah_io_key_cmp(const struct gunyah_io_key *k,
			     const struct gunyah_vm_io_handler *h)
{
	if (k->addr != h->addr)
		return k->addr < h->addr ? -1 : 1;
	if (k->len != h->len)
		return k->len < h->len ? -1 : 1;
	if (k->datamatch != h->datamatch)
		return k->datamatch ? 1 : -1;
	if (!k->datamatch || k->data == h->data)
		return 0;
	return k->data < h->data ? -1 : 1;
}

static int gunyah_io_find_cmp(const void *key, const struct rb_node *node)
{
	return gunyah_io_key_cmp(key, rb_entry(node, struct gunyah_vm_io_handler,
					       node));
}

static int gunyah_io_add_cmp(struct rb_node *node, const struct rb_node *parent)
{
	const struct gunyah_vm_io_handler *h =
		rb_entry(node, struct gunyah_vm_io_handler, node);
	const struct gunyah_io_key k = {
		.addr = h->addr,
		.data = h->data,
		.len = h->len,
		.datamatch = h->datamatch,
	};

	return gunyah_io_find_cmp(&k, parent);
}

/**
 * gunyah_vm_io_handlers_init() - set up a new VM's IO handlers
 * @vm: the VM
 */
void gunyah_vm_io_handlers_init(struct gunyah_vm *vm)
{
	init_rwsem(&vm->io_handlers_lock);
	vm->io_handlers = RB_ROOT;
	vm->hot.nr_io_handlers = 0;
}

/**
 * gunyah_vm_add_io_handler() - handle MMIO accesses in the kernel
 * @vm: the VM
 * @io_dev: the handler, with everything but @io_dev->node filled in; it
 *          must stay valid until removed
 *
 * Handlers may overlap (see struct gunyah_vm_io_handler for which takes an
 * access) but not be identical.
 *
 * Return: 0; -EINVAL for a length other than 0, 1, 2, 4 or 8, a datamatch
 * handler of length 0, a range that wraps around, or no ops; -EEXIST if a
 * handler with the same address, length, datamatch flag and (with
 * datamatch) data exists.
 */
int gunyah_vm_add_io_handler(struct gunyah_vm *vm,
			     struct gunyah_vm_io_handler *io_dev)
{
	struct rb_node *found;

	if (!gunyah_vm_io_range_valid(io_dev->addr, io_dev->len,
				      io_dev->datamatch) || !io_dev->ops)
		return -EINVAL;

	down_write(&vm->io_handlers_lock);
	found = rb_find_add(&io_dev->node, &vm->io_handlers, gunyah_io_add_cmp);
	if (!found)
		WRITE_ONCE(vm->hot.nr_io_handlers, vm->hot.nr_io_handlers + 1);
	up_write(&vm->io_handlers_lock);
	return found ? -EEXIST : 0;
}
EXPORT_SYMBOL_GPL(gunyah_vm_add_io_handler);

/**
 * gunyah_vm_remove_io_handler() - stop handling accesses with a handler
 * @vm: the VM
 * @io_dev: a handler added to @vm
 *
 * Once this returns, none of the handler's ops runs any more.
 */
void gunyah_vm_remove_io_handler(struct gunyah_vm *vm,
				 struct gunyah_vm_io_handler *io_dev)
{
	down_write(&vm->io_handlers_lock);
	rb_erase(&io_dev->node, &vm->io_handlers);
	WRITE_ONCE(vm->hot.nr_io_handlers, vm->hot.nr_io_handlers - 1);
	up_write(&vm->io_handlers_lock);
}
EXPORT_SYMBOL_GPL(gunyah_vm_remove_io_handler);

static struct gunyah_vm_io_handler *
gunyah_vm_io_find(struct gunyah_vm *vm, u64 addr, u32 len, bool datamatch,
		  u64 data)
{
	const struct gunyah_io_key k = {
		.addr = addr,
		.data = data,
		.len = len,
		.datamatch = datamatch,
	};
	struct rb_node *node;

	node = rb_find(&k, &vm->io_handlers, gunyah_io_find_cmp);
	return node ? rb_entry(node, struct gunyah_vm_io_handler, node) : NULL;
}

/**
 * gunyah_vm_mmio_write() - let an IO handler take a guest's MMIO write
 * @vm: the VM
 * @addr: guest address written
 * @len: access size in bytes
 * @data: the value written; only the low @len bytes count
 *
 * Return: 0 if a handler took the write, -ENODEV if it must go to user
 * space, or the handler's error.
 */
int gunyah_vm_mmio_write(struct gunyah_vm *vm, u64 addr, u32 len, u64 data)
{
	struct gunyah_vm_io_handler *h;
	int ret = -ENODEV;

	if (!READ_ONCE(vm->hot.nr_io_handlers))
		return -ENODEV;
	if (len && len < sizeof(data))
		data &= GENMASK_ULL(len * BITS_PER_BYTE - 1, 0);

	down_read(&vm->io_handlers_lock);
	h = gunyah_vm_io_find(vm, addr, len, true, data);
	if (!h)
		h = gunyah_vm_io_find(vm, addr, len, false, 0);
	if (!h)
		h = gunyah_vm_io_find(vm, addr, 0, false, 0);
	if (h && h->ops->write)
		ret = h->ops->write(h, addr, len, data);
	up_read(&vm->io_handlers_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(gunyah_vm_mmio_write);

/**
 * gunyah_vm_mmio_read() - let an IO handler answer a guest's MMIO read
 * @vm: the VM
 * @addr: guest address read
 * @len: access size in bytes
 * @data: the value read, if a handler took the read
 *
 * Datamatch handlers take only writes.
 *
 * Return: 0 if a handler took the read, -ENODEV if it must go to user
 * space, or the handler's error.
 */
int gunyah_vm_mmio_read(struct gunyah_vm *vm, u64 addr, u32 len, u64 *data)
{
	struct gunyah_vm_io_handler *h;
	int ret = -ENODEV;

	if (!READ_ONCE(vm->hot.nr_io_handlers))
		return -ENODEV;
	down_read(&vm->io_handlers_lock);
	h = gunyah_vm_io_find(vm, addr, len, false, 0);
	if (!h)
		h = gunyah_vm_io_find(vm, addr, 0, false, 0);
	if (h && h->ops->read)
		ret = h->ops->read(h, addr, len, data);
	up_read(&vm->io_handlers_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(gunyah_vm_mmio_read);
