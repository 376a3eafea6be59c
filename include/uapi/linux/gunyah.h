/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * Userspace interface for /dev/gunyah - Gunyah hypervisor VM manager
 *
 * The 'G' ioctls keep the numbers and layouts of the latest upstream
 * proposal, and the 'A' ioctls those of the Android kernel, so that existing
 * VMMs (gunyah-test-vmm, crosvm, QEMU) run unchanged. Every structure uses
 * fixed-width types only and names each hole as a padding field, so that
 * bindgen and other binding generators produce the same layout on every
 * architecture.
 */
#ifndef _UAPI_LINUX_GUNYAH_H
#define _UAPI_LINUX_GUNYAH_H

#include <linux/ioctl.h>
#include <linux/types.h>

/**
 * DOC: General ioctl format
 *
 * Every ioctl on /dev/gunyah and on the file descriptors it hands out
 * returns 0 (or a new file descriptor, where documented) on success, or -1
 * with errno set. A failed ioctl changes nothing: the VM, its memory and
 * its configuration are as they were before the call. The following errno
 * values have the same meaning for all of them:
 *
 * - ENOTTY: the ioctl number is not known on this kind of file descriptor.
 * - EFAULT: the argument pointer (or a pointer inside the argument) is not
 *   readable or writable.
 * - EINVAL: an argument is out of range, a flag or reserved value is
 *   unknown, a padding or reserved field is not zero, an address or size is
 *   not page aligned where it must be, or a range wraps around.
 * - EBADF: a file descriptor in the argument is not open.
 * - ENODEV: no Gunyah hypervisor (real or simulated) with a Resource
 *   Manager is available to host virtual machines.
 * - EBUSY: the VM is not in a state that allows the request (for example,
 *   boot configuration after the VM started), or the memory is in use by
 *   the VM and cannot be taken back now.
 * - EEXIST: the request overlaps something that already exists (a memory
 *   mapping, a label).
 * - ENOENT: the object the request names (a mapping, a region) does not
 *   exist.
 * - ENOMEM: the kernel or the Resource Manager ran out of memory, or
 *   pinning the memory would exceed RLIMIT_MEMLOCK.
 * - ENOSPC: the VM already has the most memory mappings it can have (256
 *   guest memory mappings and user memory regions together).
 * - EPERM: the caller may not do this (memory of another process, host
 *   access to memory lent to a VM, a request the Resource Manager denied).
 * - EOPNOTSUPP: the request is valid but cannot be expressed to the
 *   Resource Manager present, or the feature is not built into this kernel;
 *   GUNYAH_QUERY_CAPS tells which features are available.
 * - EINTR: a fatal signal interrupted the wait for the Resource Manager.
 * - EIO: the Resource Manager failed in a way the VM cannot recover from;
 *   the VM can only be closed.
 */

#define GUNYAH_IOCTL_TYPE		'G'

/*
 * ioctls on /dev/gunyah
 */

/**
 * GUNYAH_CREATE_VM - create a virtual machine
 *
 * The argument is the VM type, an integer passed by value, not a pointer:
 * 0 is the only type defined so far (an unauthenticated VM whose
 * configuration the VMM supplies). Any other type fails with EINVAL.
 * Creating the VM does not yet talk to the Resource Manager: the VM is
 * allocated there by GUNYAH_VM_START.
 *
 * Return: a new VM file descriptor (close-on-exec), or -1 with errno set.
 */
#define GUNYAH_CREATE_VM		_IO(GUNYAH_IOCTL_TYPE, 0x0)

/*
 * Flags of struct gunyah_create_mem_args.
 */
#define GHMF_CLOEXEC			(1ULL << 0)
#define GHMF_ALLOW_HUGEPAGE		(1ULL << 1)

/**
 * struct gunyah_create_mem_args - GUNYAH_CREATE_GUEST_MEM argument
 * @flags: GHMF_CLOEXEC to open the new file close-on-exec;
 *         GHMF_ALLOW_HUGEPAGE to back it with huge pages (PMD sized) where
 *         the size allows it. Other bits must be 0.
 * @size: size in bytes; a non-zero multiple of the page size
 * @reserved: must be 0
 */
struct gunyah_create_mem_args {
	__u64 flags;
	__u64 size;
	__u64 reserved[6];
};

/**
 * GUNYAH_CREATE_GUEST_MEM - create a guest memory file
 *
 * Issued on /dev/gunyah. The file holds memory that GUNYAH_VM_MAP_MEM gives
 * to VMs. Pages are allocated on first use, zeroed, and never swapped.
 * fallocate() allocates ranges (mode 0 or FALLOC_FL_KEEP_SIZE) and punches
 * holes (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE); punching a range that
 * a VM holds fails with EBUSY. The file can be mapped with mmap(MAP_SHARED)
 * except where it is lent to a VM: mmap() of such a range fails with EPERM,
 * and a host mapping made before the memory was lent raises SIGBUS on
 * access while it is lent. The size is fixed at creation (ftruncate fails).
 *
 * Errors: EINVAL for unknown flags, non-zero reserved fields, or a size
 * that is 0, not page aligned, or larger than the kernel supports;
 * EOPNOTSUPP for GHMF_ALLOW_HUGEPAGE when huge pages are not built in.
 *
 * Return: a new file descriptor, or -1 with errno set.
 */
#define GUNYAH_CREATE_GUEST_MEM		_IOW(GUNYAH_IOCTL_TYPE, 0x8, \
					     struct gunyah_create_mem_args)

/* Values of struct gunyah_capabilities.rm_protocol */
#define GUNYAH_RM_PROTOCOL_UNKNOWN	0
#define GUNYAH_RM_PROTOCOL_OSS		1
#define GUNYAH_RM_PROTOCOL_FULL		2

/* Bits of struct gunyah_capabilities.features */
#define GUNYAH_CAP_VM			(1ULL << 0)
#define GUNYAH_CAP_GUEST_MEM		(1ULL << 1)
#define GUNYAH_CAP_GUEST_MEM_HUGEPAGE	(1ULL << 2)
#define GUNYAH_CAP_USER_MEM		(1ULL << 3)
#define GUNYAH_CAP_BOOT_CONTEXT		(1ULL << 4)
#define GUNYAH_CAP_DEMAND_PAGING	(1ULL << 5)
#define GUNYAH_CAP_FW_CONFIG		(1ULL << 6)

/**
 * struct gunyah_capabilities - GUNYAH_QUERY_CAPS argument
 * @features: out: GUNYAH_CAP_* bits of what works on this system:
 *
 *   - GUNYAH_CAP_VM: a Resource Manager is bound; VMs can be created
 *   - GUNYAH_CAP_GUEST_MEM: GUNYAH_CREATE_GUEST_MEM and GUNYAH_VM_MAP_MEM
 *   - GUNYAH_CAP_GUEST_MEM_HUGEPAGE: GHMF_ALLOW_HUGEPAGE
 *   - GUNYAH_CAP_USER_MEM: the pinned user memory ioctls
 *     (GUNYAH_VM_SET_USER_MEM_REGION, GUNYAH_VM_ANDROID_LEND_USER_MEM,
 *     GUNYAH_VM_RECLAIM_REGION)
 *   - GUNYAH_CAP_BOOT_CONTEXT: every register of
 *     GUNYAH_VM_SET_BOOT_CONTEXT reaches the VM; without it only PC (inside
 *     the memory holding the DTB) and X0 (equal to the DTB's address) can
 *     be expressed and other registers make GUNYAH_VM_START fail with
 *     EOPNOTSUPP
 *   - GUNYAH_CAP_DEMAND_PAGING: the Resource Manager places every memory
 *     mapping at the guest address the VMM chose; without it only the
 *     mapping holding the DTB is placed by the driver, and the others
 *     follow the VM's device tree
 *   - GUNYAH_CAP_FW_CONFIG: GUNYAH_VM_ANDROID_SET_FW_CONFIG
 *
 * @rm_protocol: out: GUNYAH_RM_PROTOCOL_OSS for a Resource Manager with the
 *               open-source release's calls, GUNYAH_RM_PROTOCOL_FULL for
 *               one that also has boot context, demand paging and address
 *               layout, GUNYAH_RM_PROTOCOL_UNKNOWN when none is bound
 * @padding: in: must be 0
 * @reserved: in: must be 0; out: 0
 *
 * Finding the protocol level may take a few calls to the Resource Manager
 * the first time; the answer is then remembered.
 */
struct gunyah_capabilities {
	__u64 features;
	__u32 rm_protocol;
	__u32 padding;
	__u64 reserved[6];
};

/**
 * GUNYAH_QUERY_CAPS - what this driver and Resource Manager support
 *
 * Issued on /dev/gunyah. Fills struct gunyah_capabilities. No known VMM
 * uses this number on any Gunyah kernel.
 *
 * Return: 0, or -1 with errno set (EINVAL for non-zero input fields; EINTR
 * if killed while the Resource Manager is asked).
 */
#define GUNYAH_QUERY_CAPS		_IOWR(GUNYAH_IOCTL_TYPE, 0x40, \
					      struct gunyah_capabilities)

/*
 * ioctls on a VM file descriptor
 */

/* Flags of struct gunyah_userspace_memory_region (Android numbering) */
#define GUNYAH_USER_MEM_ALLOW_READ	(1U << 0)
#define GUNYAH_USER_MEM_ALLOW_WRITE	(1U << 1)
#define GUNYAH_USER_MEM_ALLOW_EXEC	(1U << 2)
#define GUNYAH_USER_MEM_ALLOW_RWX	(GUNYAH_USER_MEM_ALLOW_READ | \
					 GUNYAH_USER_MEM_ALLOW_WRITE | \
					 GUNYAH_USER_MEM_ALLOW_EXEC)

/**
 * struct gunyah_userspace_memory_region - pinned user memory for a VM
 * @label: identifies the region; unique within the VM. The label is also
 *         the Resource Manager's label of the memory parcel, which the VM's
 *         device tree can name to place the region.
 * @flags: GUNYAH_USER_MEM_ALLOW_* access of the VM: R, R+X, R+W or R+W+X
 * @guest_phys_addr: where the VM sees the region; page aligned
 * @memory_size: size in bytes; page aligned and not 0
 * @userspace_addr: start of the caller's mapping; page aligned. The mapping
 *                  must be anonymous or shared memory (memfd, tmpfs);
 *                  other file mappings fail with EINVAL.
 */
struct gunyah_userspace_memory_region {
	__u32 label;
	__u32 flags;
	__u64 guest_phys_addr;
	__u64 memory_size;
	__u64 userspace_addr;
};

/**
 * GUNYAH_VM_SET_USER_MEM_REGION - share pinned user memory with the VM
 *
 * Android-kernel compatible. The pages are pinned and charged to the
 * caller's RLIMIT_MEMLOCK (ENOMEM when over it, unless it has
 * CAP_IPC_LOCK). Only the process that created the VM may add memory
 * (EPERM otherwise). The host keeps access. Before GUNYAH_VM_START the
 * region is recorded and shared at start; afterwards it is shared at once.
 * A @memory_size of 0 removes the region with that @label (ENOENT if there
 * is none), as GUNYAH_VM_RECLAIM_REGION does.
 *
 * Errors: EEXIST if the label is in use or the guest range overlaps other
 * memory of the VM; EINVAL as listed in the structure;
 * EOPNOTSUPP if GUNYAH_CAP_USER_MEM is not available.
 */
#define GUNYAH_VM_SET_USER_MEM_REGION	_IOW(GUNYAH_IOCTL_TYPE, 0x1, \
					     struct gunyah_userspace_memory_region)

/**
 * struct gunyah_vm_dtb_config - where the VM's device tree is
 * @guest_phys_addr: guest address of the DTB
 * @size: bytes reserved for it, not 0; must leave room for what the
 *        Resource Manager adds to the tree
 *
 * The range must lie inside one memory mapping of the VM when the VM
 * starts (otherwise GUNYAH_VM_START fails with EINVAL). That mapping is the
 * one the Resource Manager configures the VM from.
 */
struct gunyah_vm_dtb_config {
	__u64 guest_phys_addr;
	__u64 size;
};

/**
 * GUNYAH_VM_SET_DTB_CONFIG - set where the VM's device tree is
 *
 * Only before GUNYAH_VM_START (EBUSY afterwards). Setting it again replaces
 * the earlier value. EINVAL for a size of 0 or a range that wraps around.
 */
#define GUNYAH_VM_SET_DTB_CONFIG	_IOW(GUNYAH_IOCTL_TYPE, 0x2, \
					     struct gunyah_vm_dtb_config)

/**
 * GUNYAH_VM_START - start the VM
 *
 * Allocates the VM at the Resource Manager, gives it its memory, configures
 * it from the DTB and the boot context, and starts its vCPUs. Calling it
 * again on a started VM returns 0 and does nothing; concurrent callers wait
 * for the first one and share its result. If starting fails, everything
 * done so far is undone and the VM can be configured and started again,
 * unless the Resource Manager cannot take the VM back (then EIO, and the VM
 * can only be closed).
 *
 * Errors: EINVAL without a DTB configuration, or when the DTB (or the
 * firmware) is not inside one memory mapping; EOPNOTSUPP when the boot
 * context cannot be expressed to this Resource Manager (see
 * GUNYAH_CAP_BOOT_CONTEXT); EBUSY if the VM exited or is being torn down;
 * the errno of a failed Resource Manager call.
 */
#define GUNYAH_VM_START			_IO(GUNYAH_IOCTL_TYPE, 0x3)

/* VM function types of struct gunyah_fn_desc */
#define GUNYAH_FN_VCPU			1
#define GUNYAH_FN_IRQFD			2
#define GUNYAH_FN_IOEVENTFD		3

#define GUNYAH_FN_MAX_ARG_SIZE		256

/**
 * struct gunyah_fn_desc - a function to add to or remove from a VM
 * @type: GUNYAH_FN_*
 * @arg_size: size of the argument @arg points to; it must equal the size of
 *            the argument structure of @type
 * @arg: user pointer to the function's argument structure
 */
struct gunyah_fn_desc {
	__u32 type;
	__u32 arg_size;
	__u64 arg;
};

/**
 * struct gunyah_fn_vcpu_arg - argument of GUNYAH_FN_VCPU
 * @id: index of the vCPU, as in the VM's device tree
 */
struct gunyah_fn_vcpu_arg {
	__u32 id;
};

#define GUNYAH_IRQFD_FLAGS_LEVEL	(1U << 0)

/**
 * struct gunyah_fn_irqfd_arg - argument of GUNYAH_FN_IRQFD
 * @fd: eventfd whose signal raises the interrupt
 * @label: label of the doorbell in the VM's device tree
 * @flags: GUNYAH_IRQFD_FLAGS_LEVEL for a level interrupt
 * @padding: must be 0
 */
struct gunyah_fn_irqfd_arg {
	__u32 fd;
	__u32 label;
	__u32 flags;
	__u32 padding;
};

#define GUNYAH_IOEVENTFD_FLAGS_DATAMATCH	(1U << 0)

/**
 * struct gunyah_fn_ioeventfd_arg - argument of GUNYAH_FN_IOEVENTFD
 * @datamatch: with GUNYAH_IOEVENTFD_FLAGS_DATAMATCH, only writes of this
 *             value signal @fd; it must fit in @len bytes
 * @addr: guest address of the register
 * @len: access size: 1, 2, 4 or 8; 0 matches any size (not with
 *       GUNYAH_IOEVENTFD_FLAGS_DATAMATCH). @addr + @len must not wrap.
 * @fd: eventfd to signal (EBADF if not open, EINVAL if not an eventfd)
 * @flags: GUNYAH_IOEVENTFD_FLAGS_*
 * @padding: must be 0
 *
 * Guest writes that match are handled in the kernel and never exit to
 * user space; reads always do. An ioeventfd is identified by @addr, @len
 * and the datamatch flag and value, not by @fd: adding one that exists
 * fails with EEXIST, and GUNYAH_VM_REMOVE_FUNCTION finds it by those
 * fields alone.
 */
struct gunyah_fn_ioeventfd_arg {
	__u64 datamatch;
	__u64 addr;
	__u32 len;
	__s32 fd;
	__u32 flags;
	__u32 padding;
};

/**
 * GUNYAH_VM_ADD_FUNCTION - add a function (vCPU, irqfd, ioeventfd) to a VM
 *
 * The kernel loads the module of the function type if needed (module alias
 * "ghfunc:<type>") and reads the argument once. A function lasts until
 * GUNYAH_VM_REMOVE_FUNCTION removes it or the VM file descriptor is closed.
 *
 * Return: for GUNYAH_FN_VCPU a new vCPU file descriptor, otherwise 0; or -1
 * with errno set (ENOENT for a function type this kernel does not have;
 * EINVAL if @arg_size is larger than GUNYAH_FN_MAX_ARG_SIZE or not the
 * argument's size; EEXIST if the VM has that function already, as
 * GUNYAH_VM_REMOVE_FUNCTION would find it; or the function's own errors).
 */
#define GUNYAH_VM_ADD_FUNCTION		_IOW(GUNYAH_IOCTL_TYPE, 0x4, \
					     struct gunyah_fn_desc)

/**
 * GUNYAH_VM_REMOVE_FUNCTION - remove a function added earlier
 *
 * The function is found by its type and the identifying fields of its
 * argument. ENOENT if there is none; EINVAL if @arg_size is not the
 * argument's size.
 */
#define GUNYAH_VM_REMOVE_FUNCTION	_IOW(GUNYAH_IOCTL_TYPE, 0x7, \
					     struct gunyah_fn_desc)

/*
 * Flags of struct gunyah_map_mem_args: how the memory is given to the VM
 * (one of the access values in GUNYAH_MEM_ACCESS_MASK), what the VM may do
 * with it, and whether the mapping is removed instead.
 */
#define GUNYAH_MEM_DEFAULT_ACCESS	0x0
#define GUNYAH_MEM_FORCE_LEND		0x1
#define GUNYAH_MEM_FORCE_SHARE		0x2
#define GUNYAH_MEM_ACCESS_MASK		0x7

#define GUNYAH_MEM_ALLOW_READ		(1U << 4)
#define GUNYAH_MEM_ALLOW_WRITE		(1U << 5)
#define GUNYAH_MEM_ALLOW_EXEC		(1U << 6)
#define GUNYAH_MEM_ALLOW_RWX		(GUNYAH_MEM_ALLOW_READ | \
					 GUNYAH_MEM_ALLOW_WRITE | \
					 GUNYAH_MEM_ALLOW_EXEC)

#define GUNYAH_MEM_UNMAP		(1U << 8)

/**
 * struct gunyah_map_mem_args - GUNYAH_VM_MAP_MEM argument
 * @guest_addr: guest address of the mapping; page aligned
 * @flags: one access value (GUNYAH_MEM_DEFAULT_ACCESS, which lends, or
 *         GUNYAH_MEM_FORCE_LEND or GUNYAH_MEM_FORCE_SHARE), the VM's rights
 *         (GUNYAH_MEM_ALLOW_READ alone, or with _EXEC, _WRITE, or both), or
 *         GUNYAH_MEM_UNMAP alone
 * @guest_mem_fd: file descriptor from GUNYAH_CREATE_GUEST_MEM
 * @offset: offset in the file; page aligned
 * @size: size in bytes; page aligned, not 0, and inside the file
 */
struct gunyah_map_mem_args {
	__u64 guest_addr;
	__u32 flags;
	__u32 guest_mem_fd;
	__u64 offset;
	__u64 size;
};

/**
 * GUNYAH_VM_MAP_MEM - map guest memory into the VM, or unmap it
 *
 * Lent memory is taken from the host: host mappings of it are removed and
 * new ones refused until it is unmapped. Shared memory stays accessible to
 * the host. Before GUNYAH_VM_START the mapping is recorded and given at
 * start; afterwards it is given at once. Pages are allocated when they are
 * given.
 *
 * With GUNYAH_MEM_UNMAP, @guest_addr, @size, @guest_mem_fd and @offset must
 * name a mapping exactly (ENOENT otherwise). Unmapping memory that the
 * running VM still holds fails with EBUSY and keeps the mapping.
 *
 * Errors: EBADF if @guest_mem_fd is not open; EINVAL if it is not a guest
 * memory file, or as listed in the structure; EEXIST if the guest range
 * overlaps another mapping or the file range is already mapped into a VM.
 */
#define GUNYAH_VM_MAP_MEM		_IOW(GUNYAH_IOCTL_TYPE, 0x9, \
					     struct gunyah_map_mem_args)

/* Register sets of struct gunyah_vm_boot_context.reg */
#define GUNYAH_VM_BOOT_CONTEXT_REG_SET_X	0
#define GUNYAH_VM_BOOT_CONTEXT_REG_SET_PC	1
#define GUNYAH_VM_BOOT_CONTEXT_REG_SET_SP	2
#define GUNYAH_VM_BOOT_CONTEXT_REG_SHIFT	8
#define GUNYAH_VM_BOOT_CONTEXT_REG(set, index) \
	(((set) << GUNYAH_VM_BOOT_CONTEXT_REG_SHIFT) | (index))

/**
 * struct gunyah_vm_boot_context - one register of the boot vCPU
 * @reg: GUNYAH_VM_BOOT_CONTEXT_REG(set, index): X0 to X30 (set
 *       GUNYAH_VM_BOOT_CONTEXT_REG_SET_X, index 0 to 30), the PC or SP_EL1
 *       (their sets, index 0)
 * @reserved: must be 0
 * @value: the value
 */
struct gunyah_vm_boot_context {
	__u32 reg;
	__u32 reserved;
	__u64 value;
};

/**
 * GUNYAH_VM_SET_BOOT_CONTEXT - set a register of the boot vCPU
 *
 * Only before GUNYAH_VM_START (EBUSY afterwards). Without it the VM boots
 * at the start of the memory holding the DTB, with X0 holding the DTB's
 * address. EINVAL for an unknown register.
 */
#define GUNYAH_VM_SET_BOOT_CONTEXT	_IOW(GUNYAH_IOCTL_TYPE, 0xa, \
					     struct gunyah_vm_boot_context)

/*
 * Android-kernel compatible ioctls on a VM file descriptor
 */
#define GUNYAH_ANDROID_IOCTL_TYPE	'A'

/**
 * GUNYAH_VM_ANDROID_LEND_USER_MEM - lend pinned user memory to the VM
 *
 * As GUNYAH_VM_SET_USER_MEM_REGION, except that the memory is lent: the
 * host must not touch it until it is reclaimed. The driver cannot unmap it
 * from the calling process; a host access to lent memory faults in the
 * hypervisor.
 */
#define GUNYAH_VM_ANDROID_LEND_USER_MEM	_IOW(GUNYAH_ANDROID_IOCTL_TYPE, 0x11, \
					     struct gunyah_userspace_memory_region)

/**
 * struct gunyah_vm_firmware_config - where the VM's firmware is
 * @guest_phys_addr: guest address of the firmware; page aligned
 * @size: its size; page aligned and not 0
 *
 * The range must lie inside one memory mapping of the VM at start.
 */
struct gunyah_vm_firmware_config {
	__u64 guest_phys_addr;
	__u64 size;
};

/**
 * GUNYAH_VM_ANDROID_SET_FW_CONFIG - boot the VM through firmware
 *
 * Only before GUNYAH_VM_START (EBUSY afterwards). The VM is then configured
 * as an Android protected VM: the firmware runs first, with the DTB and the
 * image in its boot registers.
 */
#define GUNYAH_VM_ANDROID_SET_FW_CONFIG	_IOW(GUNYAH_ANDROID_IOCTL_TYPE, 0x12, \
					     struct gunyah_vm_firmware_config)

/**
 * struct gunyah_address_range - a range of guest addresses
 * @guest_phys_addr: first address; page aligned
 * @size: size in bytes; page aligned and not 0
 */
struct gunyah_address_range {
	__u64 guest_phys_addr;
	__u64 size;
};

/**
 * GUNYAH_VM_RECLAIM_REGION - take back a user memory region
 *
 * The range must be exactly one region added with
 * GUNYAH_VM_SET_USER_MEM_REGION or GUNYAH_VM_ANDROID_LEND_USER_MEM (ENOENT
 * otherwise). The region is reclaimed from the VM, unpinned and uncharged.
 * EBUSY if the running VM still holds it.
 */
#define GUNYAH_VM_RECLAIM_REGION	_IOW(GUNYAH_ANDROID_IOCTL_TYPE, 0x13, \
					     struct gunyah_address_range)

/*
 * vCPUs
 */

/* Values of struct gunyah_vm_exit_info.type: the RM's exit types */
#define GUNYAH_VM_EXIT_TYPE_VM_EXIT		0
#define GUNYAH_VM_EXIT_TYPE_PSCI_POWER_OFF	1
#define GUNYAH_VM_EXIT_TYPE_PSCI_SYSTEM_RESET	2
#define GUNYAH_VM_EXIT_TYPE_PSCI_SYSTEM_RESET2	3
#define GUNYAH_VM_EXIT_TYPE_WDT_BITE		4
#define GUNYAH_VM_EXIT_TYPE_HYP_ERROR		5
#define GUNYAH_VM_EXIT_TYPE_ASYNC_EXT_ABORT	6
#define GUNYAH_VM_EXIT_TYPE_VM_STOP_FORCED	7

#define GUNYAH_VM_MAX_EXIT_REASON_SIZE	8U

/**
 * struct gunyah_vm_exit_info - why the VM exited
 * @type: GUNYAH_VM_EXIT_TYPE_*
 * @padding: 0
 * @reason_size: valid bytes in @reason
 * @reason: the first bytes of the RM's exit reason (little endian words)
 */
struct gunyah_vm_exit_info {
	__u16 type;
	__u16 padding;
	__u32 reason_size;
	__u8 reason[GUNYAH_VM_MAX_EXIT_REASON_SIZE];
};

/* Values of struct gunyah_vcpu_run.exit_reason */
#define GUNYAH_VCPU_EXIT_UNKNOWN	0
#define GUNYAH_VCPU_EXIT_MMIO		1
#define GUNYAH_VCPU_EXIT_STATUS		2
#define GUNYAH_VCPU_EXIT_PAGE_FAULT	3

/* Values of struct gunyah_vcpu_run.status.status */
#define GUNYAH_VM_STATUS_LOAD_FAILED	1
#define GUNYAH_VM_STATUS_EXITED		2
#define GUNYAH_VM_STATUS_CRASHED	3

/* Values of the resume_action fields */
#define GUNYAH_VCPU_RESUME_HANDLED	0
#define GUNYAH_VCPU_RESUME_FAULT	1
#define GUNYAH_VCPU_RESUME_RETRY	2

/**
 * struct gunyah_vcpu_run - the page a vCPU file descriptor maps
 * @immediate_exit: in: if not 0, GUNYAH_VCPU_RUN returns EINTR at once
 * @padding: 0
 * @exit_reason: out: GUNYAH_VCPU_EXIT_*
 * @padding2: 0
 * @mmio: GUNYAH_VCPU_EXIT_MMIO
 * @mmio.phys_addr: guest address of the access
 * @mmio.data: out: the value written; in: the value a read returns
 * @mmio.len: access size in bytes
 * @mmio.is_write: 1 for a write
 * @mmio.resume_action: in: GUNYAH_VCPU_RESUME_*
 * @mmio.padding: 0
 * @status: GUNYAH_VCPU_EXIT_STATUS
 * @status.status: GUNYAH_VM_STATUS_*
 * @status.exit_info: why the VM exited
 * @page_fault: GUNYAH_VCPU_EXIT_PAGE_FAULT
 * @page_fault.phys_addr: guest address that faulted
 * @page_fault.attempt: what the kernel found there: -ENOENT (no mapping of
 *	the VM covers it), -EPERM (a mapping covers it without the right the
 *	access needs), or 0 (a mapping allows the access: it was added after
 *	the fault)
 * @page_fault.resume_action: in: GUNYAH_VCPU_RESUME_RETRY replays the
 *	access (after the VMM mapped memory there, say); HANDLED does the same;
 *	FAULT aborts it, which crashes the guest
 * @page_fault.padding: 0
 */
struct gunyah_vcpu_run {
	__u8 immediate_exit;
	__u8 padding[7];
	__u32 exit_reason;
	__u32 padding2;
	union {
		struct {
			__u64 phys_addr;
			__u8 data[8];
			__u32 len;
			__u8 is_write;
			__u8 resume_action;
			__u8 padding[2];
		} mmio;
		struct {
			__u32 status;
			struct gunyah_vm_exit_info exit_info;
		} status;
		struct {
			__u64 phys_addr;
			__s32 attempt;
			__u8 resume_action;
			__u8 padding[3];
		} page_fault;
	};
};

/**
 * GUNYAH_VCPU_RUN - run a vCPU until it exits to user space
 *
 * Issued on a vCPU file descriptor; the exit is described in the mapped
 * struct gunyah_vcpu_run.
 */
#define GUNYAH_VCPU_RUN			_IO(GUNYAH_IOCTL_TYPE, 0x5)

/**
 * GUNYAH_VCPU_MMAP_SIZE - size to mmap() a vCPU file descriptor with
 *
 * Return: the size in bytes (at least sizeof(struct gunyah_vcpu_run)).
 */
#define GUNYAH_VCPU_MMAP_SIZE		_IO(GUNYAH_IOCTL_TYPE, 0x6)

#endif /* _UAPI_LINUX_GUNYAH_H */
