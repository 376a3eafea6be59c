// SPDX-License-Identifier: GPL-2.0-only
/*
 * A VM's memory: the ranges a VMM mapped into it, and how each becomes a
 * memory parcel at the RM and comes back.
 *
 * Before the VM starts a range is only recorded; GUNYAH_VM_START gives all
 * of them, and ranges added while the VM runs are given at once. A range is
 * given as one parcel whose entries are the physically contiguous runs of
 * its pages. Memory comes back only when the RM confirmed the reclaim: if it
 * refuses during the final teardown, the pages are leaked, never freed.
 */

#define pr_fmt(fmt) "gunyah_vm: " fmt

#include <linux/file.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>

#include "vm_mgr.h"

/* Most memory ranges of one VM: their guest ranges fit in one message. */
#define GUNYAH_VM_MAX_MEM		256

/**
 * gunyah_vm_mem_find() - the range with exactly this guest address and size
 * @vm: the VM, whose lock the caller holds
 * @addr: guest address
 * @size: size
 *
 * Return: the range or NULL.
 */
struct gunyah_vm_mem *gunyah_vm_mem_find(struct gunyah_vm *vm, u64 addr,
					 u64 size)
	__must_hold(&vm->lock)
{
	struct gunyah_vm_mem *mem;

	list_for_each_entry(mem, &vm->mem_list, node)
		if (mem->guest_addr == addr && mem->size == size)
			return mem;
	return NULL;
}

/**
 * gunyah_vm_mem_access() - what a VM's memory holds at a guest address
 * @vm: the VM
 * @addr: guest address
 * @write: the access writes
 * @exec: the access fetches an instruction
 *
 * Tells user space, after a page fault the hypervisor reported, whether
 * one of the VM's ranges covers @addr and allows the access.
 *
 * Context: process context; takes the VM's lock.
 * Return: 0 if a range covers @addr and allows the access; -EPERM if one
 * covers it without the right; -ENOENT if none does; -EINTR if a fatal
 * signal ended the wait for the lock.
 */
int gunyah_vm_mem_access(struct gunyah_vm *vm, u64 addr, bool write,
			 bool exec)
{
	u8 need = write ? GUNYAH_RM_ACL_W : exec ? GUNYAH_RM_ACL_X :
		  GUNYAH_RM_ACL_R;
	struct gunyah_vm_mem *mem;
	int ret = -ENOENT;

	if (mutex_lock_killable(&vm->lock))
		return -EINTR;
	list_for_each_entry(mem, &vm->mem_list, node) {
		if (addr < mem->guest_addr || addr - mem->guest_addr >= mem->size)
			continue;
		ret = mem->perms & need ? 0 : -EPERM;
		break;
	}
	mutex_unlock(&vm->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(gunyah_vm_mem_access);

/**
 * gunyah_vm_mem_insert() - add a range to a VM, keeping the list sorted
 * @vm: the VM, whose lock the caller holds
 * @mem: the range; its guest range must not wrap
 *
 * Return: 0; -EEXIST if the guest range overlaps another range, or a user
 * memory range's label is taken; -ENOSPC if the VM has
 * %GUNYAH_VM_MAX_MEM ranges.
 */
int gunyah_vm_mem_insert(struct gunyah_vm *vm, struct gunyah_vm_mem *mem)
	__must_hold(&vm->lock)
{
	struct list_head *pos = &vm->mem_list;
	struct gunyah_vm_mem *cur;
	unsigned int n = 0;

	list_for_each_entry(cur, &vm->mem_list, node) {
		if (mem->guest_addr < cur->guest_addr + cur->size &&
		    cur->guest_addr < mem->guest_addr + mem->size)
			return -EEXIST;
		if (mem->kind == GUNYAH_VM_MEM_USER &&
		    cur->kind == GUNYAH_VM_MEM_USER && mem->label == cur->label)
			return -EEXIST;
		if (pos == &vm->mem_list && mem->guest_addr < cur->guest_addr)
			pos = &cur->node;
		n++;
	}
	if (n >= GUNYAH_VM_MAX_MEM)
		return -ENOSPC;
	list_add_tail(&mem->node, pos);
	return 0;
}

/* Pages of a guest memory range, referenced for as long as it is given. */
static int gunyah_vm_mem_get_pages(struct gunyah_vm_mem *mem)
{
	int ret;

	if (mem->kind == GUNYAH_VM_MEM_USER)
		return 0;	/* pinned since the range was added */

	mem->pages = kvcalloc(mem->nr_pages, sizeof(*mem->pages),
			      GFP_KERNEL_ACCOUNT);
	if (!mem->pages)
		return -ENOMEM;
	ret = gunyah_gmem_get_pages(mem->gmem.file, mem->gmem.offset,
				    mem->size,
				    mem->share == GUNYAH_VM_MEM_LEND,
				    mem->pages);
	if (ret) {
		kvfree(mem->pages);
		mem->pages = NULL;
	}
	return ret;
}

static void gunyah_vm_mem_put_pages(struct gunyah_vm_mem *mem)
{
	if (mem->kind == GUNYAH_VM_MEM_USER)
		return;
	gunyah_gmem_put_pages(mem->gmem.file, mem->gmem.offset, mem->size,
			      mem->share == GUNYAH_VM_MEM_LEND, mem->pages);
	kvfree(mem->pages);
	mem->pages = NULL;
}

static void gunyah_vm_mem_leak(struct gunyah_vm *vm, struct gunyah_vm_mem *mem,
			       const char *why, int err)
{
	pr_warn("VM %#x: %s of guest memory [%#llx, +%#llx) failed (%d): its %lu pages are leaked\n",
		vm->vmid, why, mem->guest_addr, mem->size, err, mem->nr_pages);
	mem->leaked = true;
}

/**
 * gunyah_vm_mem_give() - lend or share a range with the VM
 * @vm: the VM, allocated at the RM; the caller holds its lock
 * @mem: the range, not yet given
 *
 * Return: 0 or a negative errno. On failure the range is not given; if the
 * RM may nevertheless hold it, its pages are leaked.
 */
int gunyah_vm_mem_give(struct gunyah_vm *vm, struct gunyah_vm_mem *mem)
	__must_hold(&vm->lock)
{
	struct gunyah_rm_mem_acl_entry_cpu acl[2];
	struct gunyah_rm_mem_parcel parcel = {
		.mem_type = GUNYAH_RM_MEM_TYPE_NORMAL,
		.label = mem->label,
		.acl_entries = acl,
	};
	struct gunyah_rm_mem_range *ranges;
	int ret;

	if (mem->leaked || mem->mem_handle != GUNYAH_RM_MEM_HANDLE_INVALID)
		return mem->leaked ? -EIO : 0;

	ret = gunyah_vm_mem_get_pages(mem);
	if (ret)
		return ret;

	/* At worst one entry per page: worked out before anything is sent. */
	ranges = kvmalloc_array(mem->nr_pages, sizeof(*ranges), GFP_KERNEL);
	if (!ranges) {
		ret = -ENOMEM;
		goto err_put_pages;
	}
	parcel.mem_entries = ranges;
	parcel.n_mem_entries = gunyah_mem_coalesce(mem->pages, mem->nr_pages,
						   ranges);

	if (mem->share == GUNYAH_VM_MEM_SHARE) {
		acl[0] = (struct gunyah_rm_mem_acl_entry_cpu) {
			.vmid = vm->host_vmid,
			.perms = GUNYAH_RM_ACL_R | GUNYAH_RM_ACL_W |
				 GUNYAH_RM_ACL_X,
		};
		acl[1] = (struct gunyah_rm_mem_acl_entry_cpu) {
			.vmid = vm->vmid,
			.perms = mem->perms,
		};
		parcel.n_acl_entries = 2;
		ret = gunyah_rm_mem_share(vm->rm, &parcel);
	} else {
		acl[0] = (struct gunyah_rm_mem_acl_entry_cpu) {
			.vmid = vm->vmid,
			.perms = mem->perms,
		};
		parcel.n_acl_entries = 1;
		ret = gunyah_rm_mem_lend(vm->rm, &parcel);
	}
	kvfree(ranges);

	if (!ret) {
		mem->mem_handle = parcel.mem_handle;
		return 0;
	}
	if (parcel.unrecovered) {
		gunyah_vm_mem_leak(vm, mem, "giving", ret);
		return ret;
	}
err_put_pages:
	gunyah_vm_mem_put_pages(mem);
	return ret;
}

/**
 * gunyah_vm_mem_take() - reclaim a range from the VM
 * @vm: the VM; the caller holds its lock
 * @mem: the range
 * @final: the VM is going away: if the RM refuses, leak the pages
 *
 * Return: 0 if the range is back (or was never given); otherwise the
 * reclaim's error (-EBUSY while the VM holds it) and the range stays given,
 * or, if @final, leaked.
 */
int gunyah_vm_mem_take(struct gunyah_vm *vm, struct gunyah_vm_mem *mem,
		       bool final)
	__must_hold(&vm->lock)
{
	int ret;

	if (mem->leaked || mem->mem_handle == GUNYAH_RM_MEM_HANDLE_INVALID)
		return 0;

	ret = gunyah_rm_mem_reclaim(vm->rm, mem->mem_handle);
	if (ret) {
		if (final)
			gunyah_vm_mem_leak(vm, mem, "reclaim", ret);
		return ret;
	}
	mem->mem_handle = GUNYAH_RM_MEM_HANDLE_INVALID;
	gunyah_vm_mem_put_pages(mem);
	return 0;
}

/**
 * gunyah_vm_mem_free() - remove a range that is not given from a VM
 * @vm: the VM; the caller holds its lock
 * @mem: the range; leaked pages stay allocated forever
 */
void gunyah_vm_mem_free(struct gunyah_vm *vm, struct gunyah_vm_mem *mem)
	__must_hold(&vm->lock)
{
	list_del(&mem->node);
	if (mem->kind == GUNYAH_VM_MEM_USER) {
		gunyah_vm_user_mem_release(vm, mem);
	} else {
		if (!mem->leaked)
			gunyah_gmem_unbind(mem->gmem.file, mem->gmem.offset,
					   mem->size);
		/* Leaked pages keep their references: they are never freed. */
		kvfree(mem->pages);
		fput(mem->gmem.file);
	}
	kfree(mem);
}

/**
 * gunyah_vm_mem_remove() - take a range back from the VM and remove it
 * @vm: the VM; the caller holds its lock
 * @mem: the range
 *
 * For user space's unmap and reclaim requests, while the VM lives.
 *
 * Return: 0; -EIO if the range's pages were leaked; the reclaim's error
 * (-EBUSY while the VM holds it), and the range stays.
 */
int gunyah_vm_mem_remove(struct gunyah_vm *vm, struct gunyah_vm_mem *mem)
	__must_hold(&vm->lock)
{
	int ret;

	if (mem->leaked)
		return -EIO;
	ret = gunyah_vm_mem_take(vm, mem, false);
	if (ret)
		return ret;
	gunyah_vm_mem_free(vm, mem);
	return 0;
}

/**
 * gunyah_vm_mem_new() - a range for a VM, not yet added to it
 * @kind: where its pages come from
 * @share: lend or share
 * @perms: the VM's GUNYAH_RM_ACL_* rights
 * @guest_addr: guest address, page aligned
 * @size: size, page aligned and not 0
 *
 * Return: the range, or NULL without memory.
 */
struct gunyah_vm_mem *gunyah_vm_mem_new(enum gunyah_vm_mem_kind kind,
					enum gunyah_vm_mem_share share,
					u8 perms, u64 guest_addr, u64 size)
{
	struct gunyah_vm_mem *mem;

	mem = kzalloc(sizeof(*mem), GFP_KERNEL_ACCOUNT);
	if (!mem)
		return NULL;
	mem->kind = kind;
	mem->share = share;
	mem->perms = perms;
	mem->guest_addr = guest_addr;
	mem->size = size;
	mem->nr_pages = size >> PAGE_SHIFT;
	mem->mem_handle = GUNYAH_RM_MEM_HANDLE_INVALID;
	return mem;
}

/**
 * gunyah_vm_mem_add() - add a new range to a VM
 * @vm: the VM; the caller holds its lock
 * @mem: from gunyah_vm_mem_new(); consumed on failure
 * @file: for guest memory, the file; it is bound and referenced once the
 *        guest range is reserved (user memory is pinned at that point)
 *
 * The range is given to the VM at once if it runs, or at start if it is
 * still NEW.
 *
 * Return: 0; -EBUSY in any other state; the error of
 * gunyah_vm_mem_insert(), of binding or pinning, or of gunyah_vm_mem_give() (when giving
 * failed the range is removed again, unless its pages had to be leaked).
 */
int gunyah_vm_mem_add(struct gunyah_vm *vm, struct gunyah_vm_mem *mem,
		      struct file *file)
	__must_hold(&vm->lock)
{
	enum gunyah_vm_state state = READ_ONCE(vm->state);
	int ret;

	if (state != GUNYAH_VM_NEW && state != GUNYAH_VM_RUNNING) {
		ret = -EBUSY;
		goto err_free;
	}
	ret = gunyah_vm_mem_insert(vm, mem);
	if (ret)
		goto err_free;
	if (mem->kind == GUNYAH_VM_MEM_USER) {
		ret = gunyah_vm_user_mem_pin(vm, mem);
	} else {
		ret = gunyah_gmem_bind(file, mem->gmem.offset, mem->size);
		if (!ret)
			mem->gmem.file = get_file(file);
	}
	if (ret)
		goto err_remove;

	if (state == GUNYAH_VM_RUNNING) {
		ret = gunyah_vm_mem_give(vm, mem);
		if (ret && !mem->leaked)
			gunyah_vm_mem_free(vm, mem);
	}
	return ret;

err_remove:
	list_del(&mem->node);
err_free:
	kfree(mem);
	return ret;
}

/**
 * gunyah_vm_mem_perms() - RM access rights of a VM for UAPI access bits
 * @read: may read
 * @write: may write
 * @exec: may execute
 *
 * Return: GUNYAH_RM_ACL_* bits, or 0 for a combination the RM refuses (the
 * RM accepts R, RX, RW and RWX only).
 */
static u8 gunyah_vm_mem_perms(bool read, bool write, bool exec)
{
	if (!read)
		return 0;
	return GUNYAH_RM_ACL_R | (write ? GUNYAH_RM_ACL_W : 0) |
	       (exec ? GUNYAH_RM_ACL_X : 0);
}

/**
 * gunyah_vm_mem_user_perms() - RM access rights for Android-numbered flags
 * @flags: GUNYAH_USER_MEM_ALLOW_* bits
 *
 * Return: GUNYAH_RM_ACL_* bits, or 0 if @flags is not a valid combination.
 */
u8 gunyah_vm_mem_user_perms(u32 flags)
{
	if (flags & ~GUNYAH_USER_MEM_ALLOW_RWX)
		return 0;
	return gunyah_vm_mem_perms(flags & GUNYAH_USER_MEM_ALLOW_READ,
				   flags & GUNYAH_USER_MEM_ALLOW_WRITE,
				   flags & GUNYAH_USER_MEM_ALLOW_EXEC);
}

/**
 * gunyah_vm_map_mem_check() - checks of GUNYAH_VM_MAP_MEM that need no state
 * @args: the argument
 * @perms: set to the VM's GUNYAH_RM_ACL_* rights unless unmapping
 *
 * Return: 0 or -EINVAL.
 */
int gunyah_vm_map_mem_check(const struct gunyah_map_mem_args *args, u8 *perms)
{
	u32 access = args->flags & GUNYAH_MEM_ACCESS_MASK;
	u64 end;

	if (!args->size || !PAGE_ALIGNED(args->guest_addr) ||
	    !PAGE_ALIGNED(args->offset) || !PAGE_ALIGNED(args->size) ||
	    check_add_overflow(args->guest_addr, args->size, &end) ||
	    check_add_overflow(args->offset, args->size, &end))
		return -EINVAL;

	if (args->flags & GUNYAH_MEM_UNMAP)
		return args->flags == GUNYAH_MEM_UNMAP ? 0 : -EINVAL;

	if (args->flags & ~(GUNYAH_MEM_ACCESS_MASK | GUNYAH_MEM_ALLOW_RWX) ||
	    access > GUNYAH_MEM_FORCE_SHARE)
		return -EINVAL;
	*perms = gunyah_vm_mem_perms(args->flags & GUNYAH_MEM_ALLOW_READ,
				     args->flags & GUNYAH_MEM_ALLOW_WRITE,
				     args->flags & GUNYAH_MEM_ALLOW_EXEC);
	return *perms ? 0 : -EINVAL;
}

static long gunyah_vm_unmap_mem(struct gunyah_vm *vm, struct file *file,
				const struct gunyah_map_mem_args *args)
	__must_hold(&vm->lock)
{
	struct gunyah_vm_mem *mem;

	mem = gunyah_vm_mem_find(vm, args->guest_addr, args->size);
	if (!mem || mem->kind != GUNYAH_VM_MEM_GMEM ||
	    mem->gmem.file != file || mem->gmem.offset != args->offset)
		return -ENOENT;
	return gunyah_vm_mem_remove(vm, mem);
}

static long gunyah_vm_add_gmem(struct gunyah_vm *vm, struct file *file,
			       const struct gunyah_map_mem_args *args, u8 perms)
	__must_hold(&vm->lock)
{
	enum gunyah_vm_mem_share share = GUNYAH_VM_MEM_LEND;
	struct gunyah_vm_mem *mem;

	if (args->offset + args->size > gunyah_gmem_size(file))
		return -EINVAL;
	if ((args->flags & GUNYAH_MEM_ACCESS_MASK) == GUNYAH_MEM_FORCE_SHARE)
		share = GUNYAH_VM_MEM_SHARE;

	mem = gunyah_vm_mem_new(GUNYAH_VM_MEM_GMEM, share, perms,
				args->guest_addr, args->size);
	if (!mem)
		return -ENOMEM;
	mem->gmem.offset = args->offset;
	return gunyah_vm_mem_add(vm, mem, file);
}

/**
 * gunyah_vm_map_mem() - GUNYAH_VM_MAP_MEM
 * @vm: the VM
 * @args: the argument, copied from user space
 *
 * Return: 0 or a negative errno, as documented in the UAPI header.
 */
long gunyah_vm_map_mem(struct gunyah_vm *vm,
		       const struct gunyah_map_mem_args *args)
{
	struct file *file;
	u8 perms = 0;
	long ret;

	ret = gunyah_vm_map_mem_check(args, &perms);
	if (ret)
		return ret;

	file = fget(args->guest_mem_fd);
	if (!file)
		return -EBADF;
	if (!gunyah_is_gmem(file)) {
		ret = -EINVAL;
		goto out_fput;
	}

	ret = mutex_lock_killable(&vm->lock);
	if (ret)
		goto out_fput;
	if (args->flags & GUNYAH_MEM_UNMAP)
		ret = gunyah_vm_unmap_mem(vm, file, args);
	else
		ret = gunyah_vm_add_gmem(vm, file, args, perms);
	mutex_unlock(&vm->lock);
out_fput:
	fput(file);
	return ret;
}
