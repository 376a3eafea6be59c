/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VM manager, private to gunyah.ko: VM objects, their memory and their
 * boot configuration.
 *
 * Lock order, outermost first:
 *
 *   gunyah_vm::fn_lock -> gunyah_vm::lock -> gunyah_gmem::lock
 *     -> gunyah_vm::status_lock
 *   gunyah_vm::fn_lock -> gunyah_vm::lock -> gunyah_vm::resources_lock
 *     -> gunyah_vm::io_handlers_lock
 *
 * gunyah_vm::fn_lock serialises adding and removing VM functions; a
 * function's bind() and unbind() run under it and may take any lock after
 * it. gunyah_vm::lock serialises everything that changes a VM (ioctls,
 * start, teardown) and may be held across Resource Manager calls. The
 * notification handler never takes it: it only takes gunyah_vm::status_lock,
 * so a reply the holder waits for can never queue behind it.
 * gunyah_vm::resources_lock protects the resources and tickets; tickets'
 * populate() and unpopulate() run under it. gunyah_vm::io_handlers_lock (an
 * rwsem, read on the vCPU's MMIO path) is innermost: IO handlers' ops run
 * under it and take none of these locks.
 */
#ifndef _GUNYAH_VM_MGR_H
#define _GUNYAH_VM_MGR_H

#include <linux/gunyah_rm.h>
#include <linux/gunyah_vm.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/rbtree.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <uapi/linux/gunyah.h>

struct file;
struct mm_struct;
struct page;

/*
 * States of a VM as the driver sees it. All but NEW and DEAD mirror the
 * Resource Manager's state of the VM (ABI section 5); the table of legal
 * transitions is in vm_state.c and gunyah_vm_set_state() enforces it.
 */
enum gunyah_vm_state {
	GUNYAH_VM_NEW,		/* no VM at the RM: configurable */
	GUNYAH_VM_LOAD,		/* VM_ALLOCATE done */
	GUNYAH_VM_INIT,		/* VM_CONFIG_IMAGE done */
	GUNYAH_VM_READY,	/* VM_INIT done */
	GUNYAH_VM_RUNNING,	/* VM_START done */
	GUNYAH_VM_EXITED,	/* stopped, exited or crashed */
	GUNYAH_VM_INIT_FAILED,	/* the RM failed to configure or start it */
	GUNYAH_VM_RESETTING,	/* VM_RESET sent, RESET not yet reported */
	GUNYAH_VM_RESET,	/* the RM released the VM's resources */
	GUNYAH_VM_DEAD,		/* the RM cannot take the VM back */
	GUNYAH_VM_NR_STATES,
};

const char *gunyah_vm_state_name(enum gunyah_vm_state state);
bool gunyah_vm_transition_valid(enum gunyah_vm_state from,
				enum gunyah_vm_state to);
__must_check int gunyah_vm_state_from_rm(u8 rm_status, enum gunyah_vm_state *state);

/* How a mapping is given to the VM. */
enum gunyah_vm_mem_share {
	GUNYAH_VM_MEM_LEND,
	GUNYAH_VM_MEM_SHARE,
};

/* Where a mapping's pages come from. */
enum gunyah_vm_mem_kind {
	GUNYAH_VM_MEM_GMEM,	/* GUNYAH_VM_MAP_MEM of a guest memory file */
	GUNYAH_VM_MEM_USER,	/* pinned user memory (Android ioctls) */
};

/**
 * struct gunyah_vm_mem - a range of guest memory of a VM
 * @node: entry in &gunyah_vm.mem_list, sorted by @guest_addr
 * @kind: where the pages come from
 * @share: lend or share
 * @perms: the VM's rights, GUNYAH_RM_ACL_* bits
 * @label: the parcel's label
 * @guest_addr: guest address, page aligned
 * @size: size in bytes, page aligned
 * @gmem.file: the guest memory file (a reference is held)
 * @gmem.offset: offset of the range in @gmem.file
 * @user.uaddr: user address of the pinned range
 * @pages: the pages; for user memory pinned as long as the range exists,
 *         for guest memory referenced while @mem_handle is valid
 * @nr_pages: number of @pages
 * @mem_handle: the parcel while the VM has the memory, or
 *              %GUNYAH_RM_MEM_HANDLE_INVALID
 * @leaked: the RM did not give the memory back: the pages are never
 *          returned to the host
 *
 * Protected by &gunyah_vm.lock.
 */
struct gunyah_vm_mem {
	struct list_head node;
	enum gunyah_vm_mem_kind kind;
	enum gunyah_vm_mem_share share;
	u8 perms;
	u32 label;
	u64 guest_addr;
	u64 size;
	union {
		struct {
			struct file *file;
			u64 offset;
		} gmem;
		struct {
			u64 uaddr;
		} user;
	};
	struct page **pages;
	unsigned long nr_pages;
	u32 mem_handle;
	bool leaked;
};

/* Boot context registers: X0-X30, PC, SP (ABI section 4.1). */
#define GUNYAH_VM_BOOT_NR_X		31
#define GUNYAH_VM_BOOT_PC		GUNYAH_VM_BOOT_NR_X
#define GUNYAH_VM_BOOT_SP		(GUNYAH_VM_BOOT_NR_X + 1)
#define GUNYAH_VM_BOOT_NR_REGS		(GUNYAH_VM_BOOT_NR_X + 2)

/**
 * struct gunyah_vm - a virtual machine
 * @hot: what vCPUs read without a lock: @hot.running mirrors @state ==
 *       RUNNING (written with it); @hot.nr_io_handlers counts the nodes of
 *       @io_handlers, written under @io_handlers_lock
 * @kref: references: the VM fd and anything that outlives an ioctl
 * @rm: the Resource Manager hosting the VM (a reference is held)
 * @mm: the creator's mm; only it may add user memory (grabbed, not pinned)
 * @lock: serialises configuration, start and teardown (see vm_mgr.h)
 * @state: the driver's state of the VM; written under @lock and
 *         @status_lock, read under either
 * @vmid: the RM's id of the VM, valid from LOAD on
 * @host_vmid: the host's own VM id, valid from LOAD on
 * @has_config: VM_CONFIG_IMAGE succeeded and no reset completed since
 * @nb_registered: @nb is on the RM's notifier chain
 * @status_lock: protects @rm_status, @exit_info, @exited and @state
 * @rm_status: the last VM_STATUS the RM reported
 * @exited: @exit_info is valid
 * @exit_info: why the VM exited (VM_EXITED notification)
 * @status_wq: woken when @rm_status, @exited or @state change
 * @nb: RM notifier
 * @mem_list: the VM's memory, struct gunyah_vm_mem, sorted by guest address
 * @dtb: DTB configuration; @dtb.size is 0 until set
 * @fw: firmware configuration; @fw.size is 0 until set
 * @boot_set: which registers of @boot_regs were set
 * @boot_regs: boot context: X0-X30, PC, SP
 * @teardown_work: runs the final teardown after the last reference
 * @fn_lock: protects @functions (see the lock order above)
 * @functions: the VM's function instances, by &gunyah_vm_function_instance.vm_list
 * @resources_lock: protects @resources, @resource_tickets and the
 *                  tickets' resources
 * @resources: hypervisor resources of the VM no ticket claimed
 * @resource_tickets: struct gunyah_vm_resource_ticket, by vm_list
 * @io_handlers_lock: protects @io_handlers; read on the MMIO path
 * @io_handlers: struct gunyah_vm_io_handler, sorted by address, size,
 *               datamatch and data
 */
struct gunyah_vm {
	struct gunyah_vm_hot hot;	/* first: see gunyah_vm_hot() */
	struct kref kref;
	struct gunyah_rm *rm;
	struct mm_struct *mm;

	struct mutex lock;		/* see the lock order above */
	enum gunyah_vm_state state;
	u16 vmid;
	u16 host_vmid;
	bool has_config;
	bool nb_registered;

	spinlock_t status_lock;		/* state, notifications' data */
	u8 rm_status;
	bool exited;
	struct gunyah_vm_exit_info exit_info;
	wait_queue_head_t status_wq;
	struct notifier_block nb;

	struct list_head mem_list;

	struct gunyah_vm_dtb_config dtb;
	struct gunyah_vm_firmware_config fw;
	DECLARE_BITMAP(boot_set, GUNYAH_VM_BOOT_NR_REGS);
	u64 boot_regs[GUNYAH_VM_BOOT_NR_REGS];

	struct work_struct teardown_work;

	struct mutex fn_lock;		/* see the lock order above */
	struct list_head functions;

	struct mutex resources_lock;	/* resources and tickets */
	struct list_head resources;
	struct list_head resource_tickets;

	struct rw_semaphore io_handlers_lock;	/* io_handlers */
	struct rb_root io_handlers;
};

static_assert(offsetof(struct gunyah_vm, hot) == 0);

/* vm.c */
long gunyah_dev_vm_create(unsigned long type);
int gunyah_vm_boot_reg(u32 reg);
int gunyah_vm_mgr_init(void);
void gunyah_vm_mgr_exit(void);

/**
 * struct gunyah_vm_boot - what the start sequence sends, worked out first
 * @image: the memory holding the DTB: the RM configures the VM from it
 * @image_offset: where the boot vCPU starts, as an offset in @image
 * @fw: the memory holding the firmware, or NULL
 * @protocol: GUNYAH_RM_PROTOCOL_OSS or GUNYAH_RM_PROTOCOL_FULL
 */
struct gunyah_vm_boot {
	struct gunyah_vm_mem *image;
	u64 image_offset;
	struct gunyah_vm_mem *fw;
	u32 protocol;
};

/**
 * gunyah_vm_exit_reason_word() - the first word of a VM's exit reason
 * @info: exit info from VM_EXITED
 *
 * Return: the word (bits 15:0 exit flags, 31:16 exit code); bytes the
 * reason does not have read as 0.
 */
static inline u32
gunyah_vm_exit_reason_word(const struct gunyah_vm_exit_info *info)
{
	__le32 word = 0;

	memcpy(&word, info->reason, min_t(u32, info->reason_size,
					  sizeof(word)));
	return le32_to_cpu(word);
}

/* vm_state.c */
void gunyah_vm_set_state(struct gunyah_vm *vm, enum gunyah_vm_state to);
int gunyah_vm_notifier(struct notifier_block *nb, unsigned long action,
		       void *data);
int gunyah_vm_start(struct gunyah_vm *vm);
int gunyah_vm_unwind(struct gunyah_vm *vm, bool final);
int gunyah_vm_plan_boot(struct gunyah_vm *vm, struct gunyah_vm_boot *b);

/* vm_mem.c: giving memory to the VM and taking it back */
int gunyah_vm_mem_give(struct gunyah_vm *vm, struct gunyah_vm_mem *mem);
int gunyah_vm_mem_take(struct gunyah_vm *vm, struct gunyah_vm_mem *mem,
		       bool final);
__must_check struct gunyah_vm_mem *gunyah_vm_mem_new(enum gunyah_vm_mem_kind kind,
						     enum gunyah_vm_mem_share share,
						     u8 perms, u64 guest_addr, u64 size);
int gunyah_vm_mem_add(struct gunyah_vm *vm, struct gunyah_vm_mem *mem,
		      struct file *file);
int gunyah_vm_mem_insert(struct gunyah_vm *vm, struct gunyah_vm_mem *mem);
__must_check struct gunyah_vm_mem *gunyah_vm_mem_find(struct gunyah_vm *vm, u64 addr,
						      u64 size);
void gunyah_vm_mem_free(struct gunyah_vm *vm, struct gunyah_vm_mem *mem);
int gunyah_vm_mem_remove(struct gunyah_vm *vm, struct gunyah_vm_mem *mem);
u8 gunyah_vm_mem_user_perms(u32 flags);
int gunyah_vm_map_mem_check(const struct gunyah_map_mem_args *args, u8 *perms);
long gunyah_vm_map_mem(struct gunyah_vm *vm,
		       const struct gunyah_map_mem_args *args);

/* vm_function.c: functions of a VM */
void gunyah_vm_functions_init(struct gunyah_vm *vm);
long gunyah_vm_add_function(struct gunyah_vm *vm,
			    const struct gunyah_fn_desc *desc);
long gunyah_vm_remove_function(struct gunyah_vm *vm,
			       const struct gunyah_fn_desc *desc);
void gunyah_vm_remove_functions(struct gunyah_vm *vm);

/* vm_resource.c: hypervisor resources and the tickets claiming them */
void gunyah_vm_resources_init(struct gunyah_vm *vm);
int gunyah_vm_add_resources(struct gunyah_vm *vm,
			    const struct gunyah_rm_hyp_resources *res);
int gunyah_vm_populate_resources(struct gunyah_vm *vm);
void gunyah_vm_clean_resources(struct gunyah_vm *vm);

/* io_handler.c: MMIO handled in the kernel */
void gunyah_vm_io_handlers_init(struct gunyah_vm *vm);

/* mem_parcel.c: physically contiguous runs of pages */
size_t gunyah_mem_coalesce(struct page **pages, unsigned long nr_pages,
			   struct gunyah_rm_mem_range *ranges);

/* guest_mem.c: guest memory files */
bool gunyah_gmem_supported(bool hugepage);
__must_check struct file *gunyah_gmem_create(const struct gunyah_create_mem_args *args);
bool gunyah_is_gmem(struct file *file);
u64 gunyah_gmem_size(struct file *file);
int gunyah_gmem_bind(struct file *file, u64 offset, u64 size);
void gunyah_gmem_unbind(struct file *file, u64 offset, u64 size);
__must_check int gunyah_gmem_get_pages(struct file *file, u64 offset, u64 size, bool lend,
				       struct page **pages);
void gunyah_gmem_put_pages(struct file *file, u64 offset, u64 size,
			   bool lent, struct page **pages);
int gunyah_gmem_init(void);
void gunyah_gmem_exit(void);

/* user_mem.c: Android-compatible pinned user memory */
long gunyah_vm_user_mem_region(struct gunyah_vm *vm,
			       const struct gunyah_userspace_memory_region *r,
			       enum gunyah_vm_mem_share share);
long gunyah_vm_reclaim_region(struct gunyah_vm *vm,
			      const struct gunyah_address_range *range);
int gunyah_vm_user_mem_pin(struct gunyah_vm *vm, struct gunyah_vm_mem *mem);
void gunyah_vm_user_mem_release(struct gunyah_vm *vm,
				struct gunyah_vm_mem *mem);

#endif /* _GUNYAH_VM_MGR_H */
