// SPDX-License-Identifier: GPL-2.0-only
/*
 * The C ABI of gunyah.ko's VM interface for in-kernel Rust (see
 * gunyah_rust_helpers.h): each function wraps one call of
 * <linux/gunyah_vm.h>, or stands in for a macro or a structure field that
 * bindgen cannot reach. The handles embed the VM manager's structures and
 * forward its callbacks, found with container_of(), to the Rust side's
 * callbacks with their context pointer.
 */

#include <linux/container_of.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/gunyah_vm.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "gunyah_rust_helpers.h"

struct gunyah_vm *gunyah_rust_vm_get(struct gunyah_vm *vm)
{
	return gunyah_vm_get(vm);
}
EXPORT_SYMBOL_GPL(gunyah_rust_vm_get);

void gunyah_rust_vm_put(struct gunyah_vm *vm)
{
	gunyah_vm_put(vm);
}
EXPORT_SYMBOL_GPL(gunyah_rust_vm_put);

int gunyah_rust_vm_ensure_started(struct gunyah_vm *vm)
{
	return gunyah_vm_ensure_started(vm);
}
EXPORT_SYMBOL_GPL(gunyah_rust_vm_ensure_started);

u32 gunyah_rust_vm_exit_status(struct gunyah_vm *vm,
			       struct gunyah_vm_exit_info *info)
{
	return gunyah_vm_exit_status(vm, info);
}
EXPORT_SYMBOL_GPL(gunyah_rust_vm_exit_status);

int gunyah_rust_vm_wait_exit(struct gunyah_vm *vm)
{
	return gunyah_vm_wait_exit(vm);
}
EXPORT_SYMBOL_GPL(gunyah_rust_vm_wait_exit);

/**
 * gunyah_rust_vm_mem_access() - does the VM's memory allow an access?
 * @vm: the VM
 * @addr: guest address
 * @flags: GUNYAH_RUST_MEM_WRITE, GUNYAH_RUST_MEM_EXEC, both or 0 (a read)
 *
 * Return: as gunyah_vm_mem_access(); -EINVAL for unknown flags.
 */
int gunyah_rust_vm_mem_access(struct gunyah_vm *vm, u64 addr, u32 flags)
{
	if (flags & ~(GUNYAH_RUST_MEM_WRITE | GUNYAH_RUST_MEM_EXEC))
		return -EINVAL;
	return gunyah_vm_mem_access(vm, addr, flags & GUNYAH_RUST_MEM_WRITE,
				    flags & GUNYAH_RUST_MEM_EXEC);
}
EXPORT_SYMBOL_GPL(gunyah_rust_vm_mem_access);

/*
 * VM function types: DECLARE_GUNYAH_VM_FUNCTION() as calls.
 */

struct gunyah_rust_fn_handle {
	struct gunyah_vm_function fn;
	const struct gunyah_rust_fn_ops *ops;
	void *ctx;
};

static const struct gunyah_rust_fn_handle *
gunyah_rust_fn_of(const struct gunyah_vm_function_instance *f)
{
	return container_of(f->fn, struct gunyah_rust_fn_handle, fn);
}

static long gunyah_rust_fn_bind(struct gunyah_vm_function_instance *f)
{
	const struct gunyah_rust_fn_handle *h = gunyah_rust_fn_of(f);

	return h->ops->bind(h->ctx, f);
}

static void gunyah_rust_fn_unbind(struct gunyah_vm_function_instance *f)
{
	const struct gunyah_rust_fn_handle *h = gunyah_rust_fn_of(f);

	h->ops->unbind(h->ctx, f);
}

static bool gunyah_rust_fn_compare(const struct gunyah_vm_function_instance *f,
				   const void *arg, size_t size)
{
	const struct gunyah_rust_fn_handle *h = gunyah_rust_fn_of(f);

	return h->ops->compare(h->ctx, f, arg, size) != 0;
}

/**
 * gunyah_rust_fn_register() - make a VM function type available
 * @type: GUNYAH_FN_* of the UAPI
 * @name: for messages; must stay valid until unregistered
 * @owner: the module providing the type (THIS_MODULE); its instances pin it
 * @arg_size: exact size of the type's UAPI argument structure
 * @ops: the type's callbacks, all of them; must stay valid until
 *       unregistered
 * @ctx: passed to every callback
 * @out: the handle for gunyah_rust_fn_unregister()
 *
 * Return: 0; -EINVAL for a missing callback or a bad @arg_size; -EEXIST if
 * @type is registered already; -ENOMEM.
 */
int gunyah_rust_fn_register(u32 type, const char *name, struct module *owner,
			    u64 arg_size, const struct gunyah_rust_fn_ops *ops,
			    void *ctx, struct gunyah_rust_fn_handle **out)
{
	struct gunyah_rust_fn_handle *h;
	int ret;

	if (!ops || !ops->bind || !ops->unbind || !ops->compare || !out ||
	    !arg_size || arg_size > GUNYAH_FN_MAX_ARG_SIZE)
		return -EINVAL;
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	h->fn.type = type;
	h->fn.name = name;
	h->fn.mod = owner;
	h->fn.arg_size = arg_size;
	h->fn.bind = gunyah_rust_fn_bind;
	h->fn.unbind = gunyah_rust_fn_unbind;
	h->fn.compare = gunyah_rust_fn_compare;
	h->ops = ops;
	h->ctx = ctx;
	ret = gunyah_vm_function_register(&h->fn);
	if (ret) {
		kfree(h);
		return ret;
	}
	*out = h;
	return 0;
}
EXPORT_SYMBOL_GPL(gunyah_rust_fn_register);

/**
 * gunyah_rust_fn_unregister() - withdraw a function type and free its handle
 * @fn: from gunyah_rust_fn_register(), or NULL
 */
void gunyah_rust_fn_unregister(struct gunyah_rust_fn_handle *fn)
{
	if (!fn)
		return;
	gunyah_vm_function_unregister(&fn->fn);
	kfree(fn);
}
EXPORT_SYMBOL_GPL(gunyah_rust_fn_unregister);

struct gunyah_vm *
gunyah_rust_fn_instance_vm(const struct gunyah_vm_function_instance *f)
{
	return f->vm;
}
EXPORT_SYMBOL_GPL(gunyah_rust_fn_instance_vm);

const void *
gunyah_rust_fn_instance_arg(const struct gunyah_vm_function_instance *f)
{
	return f->argp;
}
EXPORT_SYMBOL_GPL(gunyah_rust_fn_instance_arg);

u64 gunyah_rust_fn_instance_arg_size(const struct gunyah_vm_function_instance *f)
{
	return f->arg_size;
}
EXPORT_SYMBOL_GPL(gunyah_rust_fn_instance_arg_size);

void *gunyah_rust_fn_instance_data(const struct gunyah_vm_function_instance *f)
{
	return f->data;
}
EXPORT_SYMBOL_GPL(gunyah_rust_fn_instance_data);

void gunyah_rust_fn_instance_set_data(struct gunyah_vm_function_instance *f,
				      void *data)
{
	f->data = data;
}
EXPORT_SYMBOL_GPL(gunyah_rust_fn_instance_set_data);

/*
 * Resource tickets
 */

struct gunyah_rust_ticket_handle {
	struct gunyah_vm_resource_ticket ticket;
	struct gunyah_vm *vm;
	const struct gunyah_rust_ticket_ops *ops;
	void *ctx;
};

static void gunyah_rust_resource_of(const struct gunyah_resource *ghrsc,
				    struct gunyah_rust_resource *rsc)
{
	*rsc = (struct gunyah_rust_resource){
		.type = ghrsc->type,
		.label = ghrsc->label,
		.capid = ghrsc->capid,
		.irq = ghrsc->irq,
	};
}

static bool gunyah_rust_ticket_populate(struct gunyah_vm_resource_ticket *ticket,
					struct gunyah_resource *ghrsc)
{
	struct gunyah_rust_ticket_handle *h =
		container_of(ticket, struct gunyah_rust_ticket_handle, ticket);
	struct gunyah_rust_resource rsc;

	gunyah_rust_resource_of(ghrsc, &rsc);
	return h->ops->populate(h->ctx, &rsc) != 0;
}

static void gunyah_rust_ticket_unpopulate(struct gunyah_vm_resource_ticket *ticket,
					  struct gunyah_resource *ghrsc)
{
	struct gunyah_rust_ticket_handle *h =
		container_of(ticket, struct gunyah_rust_ticket_handle, ticket);
	struct gunyah_rust_resource rsc;

	gunyah_rust_resource_of(ghrsc, &rsc);
	h->ops->unpopulate(h->ctx, &rsc);
}

/**
 * gunyah_rust_ticket_add() - claim a VM's hypervisor resources
 * @vm: the VM; it must outlive the ticket
 * @resource_type: GUNYAH_RESOURCE_TYPE_* claimed
 * @label: label claimed
 * @owner: module of the callbacks (THIS_MODULE), pinned while added
 * @ops: both callbacks; must stay valid until removed
 * @ctx: passed to the callbacks
 * @out: the handle for gunyah_rust_ticket_remove()
 *
 * If the VM has the resource already, @ops->populate() gets it before this
 * returns.
 *
 * Return: 0; -EINVAL for a missing callback; -EEXIST if the VM has a
 * ticket for @resource_type and @label; -ENODEV if @owner is going away;
 * -ENOMEM.
 */
int gunyah_rust_ticket_add(struct gunyah_vm *vm, u32 resource_type, u32 label,
			   struct module *owner,
			   const struct gunyah_rust_ticket_ops *ops, void *ctx,
			   struct gunyah_rust_ticket_handle **out)
{
	struct gunyah_rust_ticket_handle *h;
	int ret;

	if (!ops || !ops->populate || !ops->unpopulate || !out)
		return -EINVAL;
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	h->ticket.resource_type = resource_type;
	h->ticket.label = label;
	h->ticket.owner = owner;
	h->ticket.populate = gunyah_rust_ticket_populate;
	h->ticket.unpopulate = gunyah_rust_ticket_unpopulate;
	h->vm = vm;
	h->ops = ops;
	h->ctx = ctx;
	ret = gunyah_vm_add_resource_ticket(vm, &h->ticket);
	if (ret) {
		kfree(h);
		return ret;
	}
	*out = h;
	return 0;
}
EXPORT_SYMBOL_GPL(gunyah_rust_ticket_add);

/**
 * gunyah_rust_ticket_remove() - withdraw a ticket and free its handle
 * @ticket: from gunyah_rust_ticket_add(), or NULL
 *
 * @ops->unpopulate() gives back every resource the ticket holds.
 */
void gunyah_rust_ticket_remove(struct gunyah_rust_ticket_handle *ticket)
{
	if (!ticket)
		return;
	gunyah_vm_remove_resource_ticket(ticket->vm, &ticket->ticket);
	kfree(ticket);
}
EXPORT_SYMBOL_GPL(gunyah_rust_ticket_remove);

/*
 * IO handlers
 */

struct gunyah_rust_io_handle {
	struct gunyah_vm_io_handler io;
	struct gunyah_vm_io_handler_ops io_ops;
	struct gunyah_vm *vm;
	const struct gunyah_rust_io_ops *ops;
	void *ctx;
};

static int gunyah_rust_io_read(struct gunyah_vm_io_handler *io_dev, u64 addr,
			       u32 len, u64 *data)
{
	struct gunyah_rust_io_handle *h =
		container_of(io_dev, struct gunyah_rust_io_handle, io);

	return h->ops->read(h->ctx, addr, len, data);
}

static int gunyah_rust_io_write(struct gunyah_vm_io_handler *io_dev, u64 addr,
				u32 len, u64 data)
{
	struct gunyah_rust_io_handle *h =
		container_of(io_dev, struct gunyah_rust_io_handle, io);

	return h->ops->write(h->ctx, addr, len, data);
}

/**
 * gunyah_rust_io_handler_add() - handle a VM's MMIO accesses in the kernel
 * @vm: the VM; it must outlive the handler
 * @addr: guest address of the register
 * @len: access size: 1, 2, 4 or 8; 0 for any size
 * @flags: GUNYAH_RUST_IO_DATAMATCH, or 0
 * @data: with GUNYAH_RUST_IO_DATAMATCH, the value written
 * @ops: at least one callback; must stay valid until removed
 * @ctx: passed to the callbacks
 * @out: the handle for gunyah_rust_io_handler_remove()
 *
 * Return: 0; -EINVAL for unknown flags, no callback, or what
 * gunyah_vm_add_io_handler() refuses; -EEXIST for a handler that exists;
 * -ENOMEM.
 */
int gunyah_rust_io_handler_add(struct gunyah_vm *vm, u64 addr, u32 len,
			       u32 flags, u64 data,
			       const struct gunyah_rust_io_ops *ops, void *ctx,
			       struct gunyah_rust_io_handle **out)
{
	struct gunyah_rust_io_handle *h;
	int ret;

	if (flags & ~GUNYAH_RUST_IO_DATAMATCH || !ops ||
	    (!ops->read && !ops->write) || !out)
		return -EINVAL;
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	if (ops->read)
		h->io_ops.read = gunyah_rust_io_read;
	if (ops->write)
		h->io_ops.write = gunyah_rust_io_write;
	h->io.addr = addr;
	h->io.len = len;
	h->io.datamatch = flags & GUNYAH_RUST_IO_DATAMATCH;
	h->io.data = data;
	h->io.ops = &h->io_ops;
	h->vm = vm;
	h->ops = ops;
	h->ctx = ctx;
	ret = gunyah_vm_add_io_handler(vm, &h->io);
	if (ret) {
		kfree(h);
		return ret;
	}
	*out = h;
	return 0;
}
EXPORT_SYMBOL_GPL(gunyah_rust_io_handler_add);

/**
 * gunyah_rust_io_handler_remove() - remove an IO handler and free its handle
 * @io: from gunyah_rust_io_handler_add(), or NULL
 *
 * Once this returns, none of the handler's callbacks runs any more.
 */
void gunyah_rust_io_handler_remove(struct gunyah_rust_io_handle *io)
{
	if (!io)
		return;
	gunyah_vm_remove_io_handler(io->vm, &io->io);
	kfree(io);
}
EXPORT_SYMBOL_GPL(gunyah_rust_io_handler_remove);

int gunyah_rust_vm_mmio_write(struct gunyah_vm *vm, u64 addr, u32 len,
			      u64 data)
{
	return gunyah_vm_mmio_write(vm, addr, len, data);
}
EXPORT_SYMBOL_GPL(gunyah_rust_vm_mmio_write);

int gunyah_rust_vm_mmio_read(struct gunyah_vm *vm, u64 addr, u32 len,
			     u64 *data)
{
	return gunyah_vm_mmio_read(vm, addr, len, data);
}
EXPORT_SYMBOL_GPL(gunyah_rust_vm_mmio_read);

MODULE_DESCRIPTION("Gunyah VM interface as a C ABI for in-kernel Rust");
MODULE_LICENSE("GPL");
