/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The C ABI of gunyah.ko's VM interface (<linux/gunyah_vm.h>) for in-kernel
 * Rust, as Rust-for-Linux's helpers expose inline functions and macros:
 * plain exported functions with fixed-width types, opaque handles and
 * callbacks that carry a context pointer. bindgen sees all of it (see
 * scripts/bindgen.sh); it needs no other kernel header than the
 * fixed-width types of <linux/types.h>.
 *
 * What the C interface has and a binding generator cannot see, and how it
 * is reached here:
 *
 *  - DECLARE_GUNYAH_VM_FUNCTION(), a macro that defines a struct
 *    gunyah_vm_function with THIS_MODULE, registers it at module init and
 *    unregisters it at exit: gunyah_rust_fn_register() and
 *    gunyah_rust_fn_unregister(). The module alias "ghfunc:<type>"
 *    (MODULE_ALIAS_GUNYAH_VM_FUNCTION()) is a .modinfo entry: a Rust module
 *    declares it itself, with GUNYAH_RUST_FN_ALIAS_PREFIX.
 *  - Structures with list heads and tree nodes the VM manager owns
 *    (struct gunyah_vm_resource_ticket, struct gunyah_vm_io_handler), which
 *    need INIT_LIST_HEAD() and container_of(): the shim allocates them and
 *    hands out opaque handles.
 *  - The fields of struct gunyah_vm_function_instance: accessors.
 *
 * Callbacks run in the contexts <linux/gunyah_vm.h> documents for the C
 * callbacks they stand in for; @ctx is the pointer given at registration.
 * Functions returning int return 0 or a negative errno.
 */
#ifndef _GUNYAH_RUST_HELPERS_H
#define _GUNYAH_RUST_HELPERS_H

#include <linux/types.h>

struct module;
struct gunyah_vm;
struct gunyah_vm_exit_info;
struct gunyah_vm_function_instance;

/* Prefix of the module alias that loads a function type: "ghfunc:<type>" */
#define GUNYAH_RUST_FN_ALIAS_PREFIX	"ghfunc:"

/* VM references and state */
struct gunyah_vm *gunyah_rust_vm_get(struct gunyah_vm *vm);
void gunyah_rust_vm_put(struct gunyah_vm *vm);
int gunyah_rust_vm_ensure_started(struct gunyah_vm *vm);
/* GUNYAH_VM_STATUS_* of the UAPI, or 0 while the VM has not stopped */
u32 gunyah_rust_vm_exit_status(struct gunyah_vm *vm,
			       struct gunyah_vm_exit_info *info);
int gunyah_rust_vm_wait_exit(struct gunyah_vm *vm);

/* Flags of gunyah_rust_vm_mem_access(): the access writes, fetches */
#define GUNYAH_RUST_MEM_WRITE		1U
#define GUNYAH_RUST_MEM_EXEC		2U
int gunyah_rust_vm_mem_access(struct gunyah_vm *vm, u64 addr, u32 flags);

/**
 * struct gunyah_rust_fn_ops - a VM function type (struct gunyah_vm_function)
 * @bind: set an instance up; returns a new file descriptor, 0 or -errno
 * @unbind: undo @bind
 * @compare: non-zero if @arg (@size bytes) names the instance
 */
struct gunyah_rust_fn_ops {
	s64 (*bind)(void *ctx, struct gunyah_vm_function_instance *f);
	void (*unbind)(void *ctx, struct gunyah_vm_function_instance *f);
	s32 (*compare)(void *ctx, const struct gunyah_vm_function_instance *f,
		       const void *arg, u64 size);
};

struct gunyah_rust_fn_handle;

int gunyah_rust_fn_register(u32 type, const char *name, struct module *owner,
			    u64 arg_size, const struct gunyah_rust_fn_ops *ops,
			    void *ctx, struct gunyah_rust_fn_handle **out);
void gunyah_rust_fn_unregister(struct gunyah_rust_fn_handle *fn);

/* The fields of a bound function instance */
struct gunyah_vm *
gunyah_rust_fn_instance_vm(const struct gunyah_vm_function_instance *f);
const void *
gunyah_rust_fn_instance_arg(const struct gunyah_vm_function_instance *f);
u64 gunyah_rust_fn_instance_arg_size(const struct gunyah_vm_function_instance *f);
void *gunyah_rust_fn_instance_data(const struct gunyah_vm_function_instance *f);
void gunyah_rust_fn_instance_set_data(struct gunyah_vm_function_instance *f,
				      void *data);

/**
 * struct gunyah_rust_resource - a hypervisor resource given to a ticket
 * @type: GUNYAH_RESOURCE_TYPE_*
 * @label: its label (a vCPU's index)
 * @capid: the host's capability for it
 * @irq: its Linux IRQ, or 0
 * @padding: 0
 */
struct gunyah_rust_resource {
	u32 type;
	u32 label;
	u64 capid;
	s32 irq;
	u32 padding;
};

/**
 * struct gunyah_rust_ticket_ops - a resource ticket's callbacks
 * @populate: take the resource (return non-zero) or leave it (0)
 * @unpopulate: give it back
 */
struct gunyah_rust_ticket_ops {
	s32 (*populate)(void *ctx, const struct gunyah_rust_resource *rsc);
	void (*unpopulate)(void *ctx, const struct gunyah_rust_resource *rsc);
};

struct gunyah_rust_ticket_handle;

int gunyah_rust_ticket_add(struct gunyah_vm *vm, u32 resource_type, u32 label,
			   struct module *owner,
			   const struct gunyah_rust_ticket_ops *ops, void *ctx,
			   struct gunyah_rust_ticket_handle **out);
void gunyah_rust_ticket_remove(struct gunyah_rust_ticket_handle *ticket);

/* Handle only writes of the given data (struct gunyah_vm_io_handler.datamatch) */
#define GUNYAH_RUST_IO_DATAMATCH	1U

/**
 * struct gunyah_rust_io_ops - an IO handler's callbacks
 * @read: store the value of a read in *@data; NULL to take no reads
 * @write: take a write; NULL to take no writes
 */
struct gunyah_rust_io_ops {
	s32 (*read)(void *ctx, u64 addr, u32 len, u64 *data);
	s32 (*write)(void *ctx, u64 addr, u32 len, u64 data);
};

struct gunyah_rust_io_handle;

int gunyah_rust_io_handler_add(struct gunyah_vm *vm, u64 addr, u32 len,
			       u32 flags, u64 data,
			       const struct gunyah_rust_io_ops *ops, void *ctx,
			       struct gunyah_rust_io_handle **out);
void gunyah_rust_io_handler_remove(struct gunyah_rust_io_handle *io);
int gunyah_rust_vm_mmio_write(struct gunyah_vm *vm, u64 addr, u32 len,
			      u64 data);
int gunyah_rust_vm_mmio_read(struct gunyah_vm *vm, u64 addr, u32 len,
			     u64 *data);

#endif /* _GUNYAH_RUST_HELPERS_H */
