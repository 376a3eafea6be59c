// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pinned user memory, for VMMs written for the Android kernel's interface
 * (GUNYAH_VM_SET_USER_MEM_REGION, GUNYAH_VM_ANDROID_LEND_USER_MEM,
 * GUNYAH_VM_RECLAIM_REGION). Guest memory files are the better interface;
 * this one exists so that those VMMs run unchanged.
 *
 * Only the VM creator's mm may add memory. The pages are pinned long term
 * and charged to its RLIMIT_MEMLOCK for as long as the region exists.
 * Anonymous and shared memory (memfd, tmpfs) can be pinned; other file
 * mappings are refused, because their pages belong to a file system that
 * may write them back or truncate them while the VM uses them.
 */

#define pr_fmt(fmt) "gunyah_vm: " fmt

#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched/mm.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>

#include "vm_mgr.h"

/* Refuse ranges that are not fully mapped, or mapped by a file system. */
static int gunyah_user_mem_check_vmas(struct mm_struct *mm, u64 start, u64 end)
{
	struct vm_area_struct *vma;
	u64 addr = start;
	int ret = 0;

	mmap_read_lock(mm);
	while (addr < end) {
		vma = find_vma(mm, addr);
		if (!vma || vma->vm_start > addr) {
			ret = -EFAULT;
			break;
		}
		if ((vma->vm_flags & (VM_IO | VM_PFNMAP)) ||
		    (vma->vm_file && !shmem_file(vma->vm_file))) {
			ret = -EINVAL;
			break;
		}
		addr = vma->vm_end;
	}
	mmap_read_unlock(mm);
	return ret;
}

/**
 * gunyah_vm_user_mem_pin() - pin a user memory range and charge it
 * @vm: the VM, whose creator's mm the range is in
 * @mem: the range
 *
 * Return: 0; -EFAULT for unmapped addresses; -EINVAL for mappings that
 * cannot be pinned (file systems other than shmem, I/O); -ENOMEM over
 * RLIMIT_MEMLOCK.
 */
int gunyah_vm_user_mem_pin(struct gunyah_vm *vm, struct gunyah_vm_mem *mem)
{
	unsigned int gup_flags = FOLL_LONGTERM;
	unsigned long done = 0;
	long pinned;
	int ret;

	ret = gunyah_user_mem_check_vmas(vm->mm, mem->user.uaddr,
					 mem->user.uaddr + mem->size);
	if (ret)
		return ret;

	mem->pages = kvcalloc(mem->nr_pages, sizeof(*mem->pages),
			      GFP_KERNEL_ACCOUNT);
	if (!mem->pages)
		return -ENOMEM;
	ret = account_locked_vm(vm->mm, mem->nr_pages, true);
	if (ret)
		goto err_free;

	if (mem->perms & GUNYAH_RM_ACL_W)
		gup_flags |= FOLL_WRITE;
	while (done < mem->nr_pages) {
		pinned = pin_user_pages_fast(mem->user.uaddr +
					     (done << PAGE_SHIFT),
					     mem->nr_pages - done, gup_flags,
					     mem->pages + done);
		if (pinned <= 0) {
			ret = pinned ? pinned : -EFAULT;
			goto err_unpin;
		}
		done += pinned;
	}
	return 0;

err_unpin:
	unpin_user_pages(mem->pages, done);
	account_locked_vm(vm->mm, mem->nr_pages, false);
err_free:
	kvfree(mem->pages);
	mem->pages = NULL;
	return ret;
}

/**
 * gunyah_vm_user_mem_release() - unpin and uncharge a user memory range
 * @vm: the VM
 * @mem: the range, no longer given to the VM; leaked pages stay pinned
 */
void gunyah_vm_user_mem_release(struct gunyah_vm *vm,
				struct gunyah_vm_mem *mem)
{
	if (!mem->leaked)
		unpin_user_pages_dirty_lock(mem->pages, mem->nr_pages,
					    mem->perms & GUNYAH_RM_ACL_W);
	account_locked_vm(vm->mm, mem->nr_pages, false);
	kvfree(mem->pages);
}

static struct gunyah_vm_mem *gunyah_user_mem_by_label(struct gunyah_vm *vm,
						      u32 label)
	__must_hold(&vm->lock)
{
	struct gunyah_vm_mem *mem;

	list_for_each_entry(mem, &vm->mem_list, node)
		if (mem->kind == GUNYAH_VM_MEM_USER && mem->label == label)
			return mem;
	return NULL;
}

static long gunyah_user_mem_add(struct gunyah_vm *vm,
				const struct gunyah_userspace_memory_region *r,
				enum gunyah_vm_mem_share share, u8 perms)
	__must_hold(&vm->lock)
{
	struct gunyah_vm_mem *mem;

	mem = gunyah_vm_mem_new(GUNYAH_VM_MEM_USER, share, perms,
				r->guest_phys_addr, r->memory_size);
	if (!mem)
		return -ENOMEM;
	mem->label = r->label;
	mem->user.uaddr = r->userspace_addr;
	return gunyah_vm_mem_add(vm, mem, NULL);
}

/**
 * gunyah_vm_user_mem_region() - add or remove pinned user memory
 * @vm: the VM
 * @r: the region, copied from user space
 * @share: share (GUNYAH_VM_SET_USER_MEM_REGION) or lend
 *         (GUNYAH_VM_ANDROID_LEND_USER_MEM)
 *
 * Return: 0 or a negative errno, as documented in the UAPI header.
 */
long gunyah_vm_user_mem_region(struct gunyah_vm *vm,
			       const struct gunyah_userspace_memory_region *r,
			       enum gunyah_vm_mem_share share)
{
	struct gunyah_vm_mem *mem;
	u64 end;
	u8 perms;
	long ret;

	if (!PAGE_ALIGNED(r->guest_phys_addr) ||
	    !PAGE_ALIGNED(r->memory_size) ||
	    !PAGE_ALIGNED(r->userspace_addr) ||
	    check_add_overflow(r->guest_phys_addr, r->memory_size, &end) ||
	    check_add_overflow(r->userspace_addr, r->memory_size, &end))
		return -EINVAL;
	perms = gunyah_vm_mem_user_perms(r->flags);
	if (r->memory_size && !perms)
		return -EINVAL;
	if (current->mm != vm->mm)
		return -EPERM;

	ret = mutex_lock_killable(&vm->lock);
	if (ret)
		return ret;
	if (!r->memory_size) {
		mem = gunyah_user_mem_by_label(vm, r->label);
		ret = mem ? gunyah_vm_mem_remove(vm, mem) : -ENOENT;
	} else {
		ret = gunyah_user_mem_add(vm, r, share, perms);
	}
	mutex_unlock(&vm->lock);
	return ret;
}

/**
 * gunyah_vm_reclaim_region() - GUNYAH_VM_RECLAIM_REGION
 * @vm: the VM
 * @range: exactly one user memory region
 *
 * Return: 0 or a negative errno, as documented in the UAPI header.
 */
long gunyah_vm_reclaim_region(struct gunyah_vm *vm,
			      const struct gunyah_address_range *range)
{
	struct gunyah_vm_mem *mem;
	long ret;

	if (!range->size || !PAGE_ALIGNED(range->guest_phys_addr) ||
	    !PAGE_ALIGNED(range->size))
		return -EINVAL;

	ret = mutex_lock_killable(&vm->lock);
	if (ret)
		return ret;
	mem = gunyah_vm_mem_find(vm, range->guest_phys_addr, range->size);
	if (mem && mem->kind == GUNYAH_VM_MEM_USER)
		ret = gunyah_vm_mem_remove(vm, mem);
	else
		ret = -ENOENT;
	mutex_unlock(&vm->lock);
	return ret;
}
