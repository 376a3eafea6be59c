/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Gunyah VM manager: the interface of gunyah.ko to the modules that extend
 * a VM (vCPUs, irqfds, ioeventfds).
 *
 * struct gunyah_vm is opaque here: a module sees a VM only through the
 * references and calls below.
 *
 *  - VM functions: a module registers a struct gunyah_vm_function for one
 *    GUNYAH_FN_* type; GUNYAH_VM_ADD_FUNCTION loads it on demand (module
 *    alias "ghfunc:<type>") and binds an instance of it to the VM.
 *  - Resource tickets: a function asks for the hypervisor resources (a
 *    vCPU's capability, a doorbell) that the Resource Manager creates for
 *    the VM when it starts.
 *  - IO handlers: MMIO accesses of the guest handled in the kernel before
 *    they reach user space.
 */
#ifndef _LINUX_GUNYAH_VM_H
#define _LINUX_GUNYAH_VM_H

#include <linux/build_bug.h>
#include <linux/list.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/rbtree.h>
#include <linux/stringify.h>
#include <linux/types.h>

#include <uapi/linux/gunyah.h>

struct gunyah_vm;

/**
 * struct gunyah_vm_hot - what a VM's modules read of it on every vCPU exit,
 *                        without a lock or a call
 * @running: the VM's state is RUNNING
 * @nr_io_handlers: IO handlers registered
 *
 * Every struct gunyah_vm begins with one. The VM manager writes it with
 * WRITE_ONCE() under its own locks; readers take it as a hint, which may
 * be stale, and fall back on the calls below.
 */
struct gunyah_vm_hot {
	bool running;
	unsigned int nr_io_handlers;
};

static inline const struct gunyah_vm_hot *
gunyah_vm_hot(const struct gunyah_vm *vm)
{
	return (const struct gunyah_vm_hot *)vm;
}

/* Whether the VM runs; if not (or stale), gunyah_vm_ensure_started(). */
static inline bool gunyah_vm_running(const struct gunyah_vm *vm)
{
	return READ_ONCE(gunyah_vm_hot(vm)->running);
}

/* Whether gunyah_vm_mmio_read() and _write() can find a handler */
static inline bool gunyah_vm_has_io_handlers(const struct gunyah_vm *vm)
{
	return READ_ONCE(gunyah_vm_hot(vm)->nr_io_handlers);
}

struct gunyah_vm *gunyah_vm_get(struct gunyah_vm *vm);
void gunyah_vm_put(struct gunyah_vm *vm);
int gunyah_vm_ensure_started(struct gunyah_vm *vm);
u32 gunyah_vm_exit_status(struct gunyah_vm *vm,
			  struct gunyah_vm_exit_info *info);
int gunyah_vm_wait_exit(struct gunyah_vm *vm);
int gunyah_vm_mem_access(struct gunyah_vm *vm, u64 addr, bool write,
			 bool exec);

struct gunyah_vm_function_instance;

/**
 * struct gunyah_vm_function - a kind of function a VM can have
 * @type: GUNYAH_FN_* of the UAPI
 * @name: for messages
 * @mod: the module providing it (THIS_MODULE); every instance pins it
 * @arg_size: the exact size of the function's UAPI argument structure, at
 *            most %GUNYAH_FN_MAX_ARG_SIZE; GUNYAH_VM_ADD_FUNCTION and
 *            GUNYAH_VM_REMOVE_FUNCTION fail with -EINVAL for another size
 * @bind: set the instance up from its argument (&f->argp, already copied
 *        and never read from user space again). Returns a new file
 *        descriptor, 0, or a negative errno; on error nothing of the
 *        instance may remain. Called with the VM's function lock held,
 *        before any other thread can see the instance: a file descriptor
 *        must be installed last, since the ioctl cannot fail after it.
 * @unbind: undo @bind; called once, with the VM's function lock held,
 *          when the instance is removed by user space or with the VM
 * @compare: does a GUNYAH_VM_REMOVE_FUNCTION argument (@arg, @size bytes,
 *           already copied) name this instance? Also used to refuse
 *           adding an instance that an existing one would match (-EEXIST).
 */
struct gunyah_vm_function {
	u32 type;
	const char *name;
	struct module *mod;
	size_t arg_size;
	long (*bind)(struct gunyah_vm_function_instance *f);
	void (*unbind)(struct gunyah_vm_function_instance *f);
	bool (*compare)(const struct gunyah_vm_function_instance *f,
			const void *arg, size_t size);
};

/**
 * struct gunyah_vm_function_instance - a function bound to a VM
 * @vm: the VM; the instance holds a reference on it
 * @fn: the function; the instance holds a reference on its module
 * @arg_size: size of @argp, equal to &fn->arg_size
 * @argp: the argument, copied once from user space into kernel memory
 * @data: the function's private data, set by @fn->bind
 * @vm_list: entry in the VM's list of functions (under its function lock)
 *
 * Instances are owned by their VM: they are removed at the latest when the
 * VM file descriptor is released, before the VM is torn down.
 */
struct gunyah_vm_function_instance {
	struct gunyah_vm *vm;
	const struct gunyah_vm_function *fn;
	size_t arg_size;
	void *argp;
	void *data;
	struct list_head vm_list;
};

int gunyah_vm_function_register(struct gunyah_vm_function *fn);
void gunyah_vm_function_unregister(struct gunyah_vm_function *fn);

/* Module alias through which GUNYAH_VM_ADD_FUNCTION loads a function type. */
#define GUNYAH_VM_FUNCTION_ALIAS_PREFIX	"ghfunc:"
#define MODULE_ALIAS_GUNYAH_VM_FUNCTION(_type)				\
	MODULE_ALIAS(GUNYAH_VM_FUNCTION_ALIAS_PREFIX __stringify(_type))

/**
 * DECLARE_GUNYAH_VM_FUNCTION() - a module that provides one function type
 * @_name: prefix of the identifiers defined: the struct gunyah_vm_function
 *         is @_name##_fn
 * @_type: GUNYAH_FN_*: a decimal integer literal after macro expansion, as
 *         it is part of the module alias
 * @_arg: the UAPI argument structure of the type
 * @_bind: &gunyah_vm_function.bind
 * @_unbind: &gunyah_vm_function.unbind
 * @_compare: &gunyah_vm_function.compare
 *
 * Registers the function at module init, unregisters it at module exit, and
 * adds the module alias "ghfunc:<type>" so that the VM manager loads the
 * module on demand. Use it once per module, in place of module_init() and
 * module_exit().
 */
#define DECLARE_GUNYAH_VM_FUNCTION(_name, _type, _arg, _bind, _unbind,	\
				   _compare)				\
	static_assert(sizeof(_arg) <= GUNYAH_FN_MAX_ARG_SIZE);		\
	static struct gunyah_vm_function _name##_fn = {			\
		.type = _type,						\
		.name = __stringify(_name),				\
		.mod = THIS_MODULE,					\
		.arg_size = sizeof(_arg),				\
		.bind = _bind,						\
		.unbind = _unbind,					\
		.compare = _compare,					\
	};								\
	static int __init _name##_init(void)				\
	{								\
		return gunyah_vm_function_register(&_name##_fn);	\
	}								\
	module_init(_name##_init);					\
	static void __exit _name##_exit(void)				\
	{								\
		gunyah_vm_function_unregister(&_name##_fn);		\
	}								\
	module_exit(_name##_exit);					\
	MODULE_ALIAS(GUNYAH_VM_FUNCTION_ALIAS_PREFIX __stringify(_type))

/**
 * struct gunyah_resource - a hypervisor resource of a VM
 * @type: GUNYAH_RESOURCE_TYPE_* (<linux/gunyah_rm.h>)
 * @capid: the host's capability for it
 * @label: the label (or, for a vCPU, its index) the RM gave it
 * @irq: the Linux IRQ of the interrupt the hypervisor raises for it, or 0
 *       if it has none or the platform cannot map it (see
 *       gunyah_rm_map_virq()): a function that needs the interrupt must
 *       then refuse the resource
 * @list: entry in its ticket's or the VM's list of resources
 *
 * Valid from when a ticket's populate() receives it until its
 * unpopulate(); the VM manager frees it.
 */
struct gunyah_resource {
	u32 type;
	u64 capid;
	u32 label;
	int irq;
	struct list_head list;
};

/**
 * struct gunyah_vm_resource_ticket - a claim on a VM's hypervisor resources
 * @vm_list: entry in the VM's tickets (VM manager's use)
 * @resources: the resources given to the ticket (VM manager's use)
 * @resource_type: GUNYAH_RESOURCE_TYPE_* claimed
 * @label: label claimed
 * @owner: module of @populate and @unpopulate; pinned while registered
 * @populate: take a resource; return false to leave it unclaimed. Called
 *            with the VM's resource lock held: it must not add or remove
 *            tickets or functions.
 * @unpopulate: give a resource back (the VM is being torn down at the RM,
 *              or the ticket is removed); same context as @populate
 *
 * At most one ticket per (type, label) and VM.
 */
struct gunyah_vm_resource_ticket {
	struct list_head vm_list;
	struct list_head resources;
	u32 resource_type;
	u32 label;
	struct module *owner;
	bool (*populate)(struct gunyah_vm_resource_ticket *ticket,
			 struct gunyah_resource *ghrsc);
	void (*unpopulate)(struct gunyah_vm_resource_ticket *ticket,
			   struct gunyah_resource *ghrsc);
};

int gunyah_vm_add_resource_ticket(struct gunyah_vm *vm,
				  struct gunyah_vm_resource_ticket *ticket);
void gunyah_vm_remove_resource_ticket(struct gunyah_vm *vm,
				      struct gunyah_vm_resource_ticket *ticket);

struct gunyah_vm_io_handler;

/**
 * struct gunyah_vm_io_handler_ops - what an IO handler does
 * @read: handle a read of @len bytes at @addr, storing the value in @data;
 *        NULL if the handler takes only writes
 * @write: handle a write of @len bytes of @data at @addr; NULL if the
 *         handler takes only reads
 *
 * Both run on the vCPU's thread with the VM's IO handler lock held for
 * reading: they must not sleep for long and must not add or remove IO
 * handlers. They return 0, or a negative errno that the vCPU passes on
 * (-ENODEV: hand the access to user space after all).
 */
struct gunyah_vm_io_handler_ops {
	int (*read)(struct gunyah_vm_io_handler *io_dev, u64 addr, u32 len,
		    u64 *data);
	int (*write)(struct gunyah_vm_io_handler *io_dev, u64 addr, u32 len,
		     u64 data);
};

/**
 * struct gunyah_vm_io_handler - MMIO accesses handled in the kernel
 * @node: in the VM's tree of handlers (VM manager's use)
 * @addr: guest address of the register; accesses must start exactly there
 * @len: access size it handles: 1, 2, 4 or 8; 0 for any size
 * @datamatch: handle only writes of @data (not valid with @len 0)
 * @data: with @datamatch, the value written
 * @ops: the handler's operations
 *
 * Several handlers may cover one access: the most specific one takes it
 * (@datamatch with the written value, then the same @len without
 * datamatch, then @len 0). Reads never match a @datamatch handler.
 */
struct gunyah_vm_io_handler {
	struct rb_node node;
	u64 addr;
	u32 len;
	bool datamatch;
	u64 data;
	const struct gunyah_vm_io_handler_ops *ops;
};

/**
 * gunyah_vm_io_range_valid() - whether an IO handler may cover a range
 * @addr: first guest address
 * @len: 1, 2, 4 or 8 bytes, or 0 for an access of any size at @addr
 * @datamatch: the handler matches a value too, which needs a size
 *
 * Return: false if @len is another size, is 0 with @datamatch, or the
 * range wraps around; true otherwise.
 */
static inline bool gunyah_vm_io_range_valid(u64 addr, u32 len, bool datamatch)
{
	switch (len) {
	case 0:
		if (datamatch)
			return false;
		break;
	case 1:
	case 2:
	case 4:
	case 8:
		break;
	default:
		return false;
	}
	return addr + len >= addr;
}

int gunyah_vm_add_io_handler(struct gunyah_vm *vm,
			     struct gunyah_vm_io_handler *io_dev);
void gunyah_vm_remove_io_handler(struct gunyah_vm *vm,
				 struct gunyah_vm_io_handler *io_dev);
int gunyah_vm_mmio_write(struct gunyah_vm *vm, u64 addr, u32 len, u64 data);
int gunyah_vm_mmio_read(struct gunyah_vm *vm, u64 addr, u32 len, u64 *data);

#endif /* _LINUX_GUNYAH_VM_H */
