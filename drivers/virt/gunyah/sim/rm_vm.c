// SPDX-License-Identifier: GPL-2.0-only
/*
 * Gunyah simulator: the Resource Manager's VM management calls and the VM
 * state machine (ABI sections 4.1, 4.2 and 5).
 *
 * The host (HLOS, VMID 3) is the only client and owns every VM it allocates.
 * States and the calls that move a VM between them; every arrow but those
 * marked (-) is announced with a VM_STATUS notification, queued before the
 * reply of a call:
 *
 *   from                        call                              to
 *   --------------------------  --------------------------------  -----------
 *   (none)                      VM_ALLOCATE (-)                   LOAD
 *   LOAD, RESET                 VM_CONFIG_IMAGE, auth 0 or 2      INIT
 *   LOAD, RESET                 VM_CONFIG_IMAGE, auth 1           AUTH
 *   LOAD, RESET                 VM_CONFIG_IMAGE, bad parcel or    INIT_FAILED
 *                               range (no config is created)
 *   AUTH                        VM_AUTH_IMAGE                     INIT
 *   INIT                        VM_SET_FIRMWARE_MEM (-) (records  INIT
 *                               the firmware region)
 *   INIT                        VM_INIT (creates the vCPUs)       READY
 *   READY                       VM_START (RM accepts parcels)     RUNNING
 *   READY                       VM_START, image parcel gone, or   INIT_FAILED
 *                               auth 2 without a firmware region
 *                               or with its parcel gone
 *   RUNNING                     VM_STOP with FORCE                EXITED
 *                               (then VM_EXITED, type 7)
 *   RUNNING, PAUSED             gunyah_sim_vm_exit() or debugfs   EXITED
 *                               "exit": the guest exits (then
 *                               VM_EXITED, type 0-6)
 *   EXITED, READY, INIT_FAILED  VM_RESET (replies OK here)        RESETTING
 *   RESETTING                   reset work: parcels released,     RESET
 *                               config, firmware region and vCPUs
 *                               freed
 *   LOAD, RESET                 VM_DEALLOCATE (-)                 (none)
 *
 * VM_SET_FIRMWARE_MEM is answered at both protocol levels: the parcel must
 * name the VM in its ACL (MEM_INVALID, as for the image parcel) and hold
 * the whole region (ARGUMENT_INVALID).
 *
 * Any other call in a state not listed fails with VM_STATE (0x14). Like the
 * real RM, this one dies on VM_DEALLOCATE of an unknown VMID, on VM_RESET of
 * a VM without a config (LOAD, RESET, or INIT_FAILED from VM_CONFIG_IMAGE),
 * and on VM_STOP without FORCE of a RUNNING VM (it would notify a guest that
 * has no RM link).
 *
 * With protocol=full the model also accepts VM_SET_BOOT_CONTEXT (LOAD, INIT
 * or READY), VM_SET_DEMAND_PAGING and VM_SET_ADDRESS_LAYOUT (LOAD or INIT),
 * and records what they set; the open-source RM answers them UNIMPLEMENTED.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/align.h>
#include <linux/bitmap.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "sim.h"

/* VM_CONFIG_IMAGE auth types. */
#define SIM_AUTH_NONE			0
#define SIM_AUTH_PLATFORM		1
#define SIM_AUTH_ANDROID		2

#define SIM_VM_STOP_FLAG_FORCE		BIT(0)

/* VM_EXITED exit types; those below VM_STOP_FORCED come from the guest. */
#define SIM_EXIT_TYPE_VM_STOP_FORCED	7
/* VM_EXITED exit codes, bits 31:16 of the first reason word. */
#define SIM_EXIT_CODE_NORMAL		0
#define SIM_EXIT_CODE_DEVICE_ERROR	4
#define SIM_EXIT_CODE_SHIFT		16

/* VM_GET_HYP_RESOURCES entries. */
#define SIM_HYP_RESOURCE_SIZE		44
#define SIM_RESOURCE_VIRTUAL_CPU	4
#define SIM_RESOURCE_DOORBELL_SRC	0
#define SIM_RESOURCE_DOORBELL		1

/* Boot context register sets; X0-X30 are bits 0-30 of sim_vm::boot_set. */
#define SIM_REG_SET_X			0
#define SIM_REG_SET_PC			1
#define SIM_REG_SET_SP			2
#define SIM_BOOT_NR_X			31
#define SIM_BOOT_PC			SIM_BOOT_NR_X
#define SIM_BOOT_SP			(SIM_BOOT_NR_X + 1)
#define SIM_BOOT_NR_REGS		(SIM_BOOT_NR_X + 2)

/* VM_SET_ADDRESS_LAYOUT range ids. */
#define SIM_RANGE_ID_IMAGE		0
#define SIM_RANGE_ID_FIRMWARE		1
#define SIM_NR_RANGE_IDS		2

/**
 * struct sim_vm - a VM the host allocated; protected by &sim_rm.lock
 * @node: entry in &sim_rm.vms
 * @vmid: VMID
 * @state: one of enum sim_vm_state
 * @has_config: VM_CONFIG_IMAGE succeeded and no reset completed since
 * @auth: auth type of the config
 * @image_handle: memory parcel holding image and DT
 * @image_offset: image offset in the parcel
 * @image_size: image size
 * @dtb_offset: DT offset in the parcel
 * @dtb_size: DT size
 * @fw_set: VM_SET_FIRMWARE_MEM succeeded since the config was made
 * @fw_handle: memory parcel holding the firmware region
 * @fw_offset: firmware region offset in the parcel
 * @fw_size: firmware region size
 * @nr_vcpus: vCPUs created at VM_INIT
 * @vcpu_caps: their capability IDs, in the host's cspace
 * @nr_bells: doorbells created at VM_INIT
 * @bell_labels: their labels
 * @bell_caps: their capability IDs, in the host's cspace
 * @bell_source: the guest sends to the host ("doorbell-source")
 * @bell_virqs: with @bell_source, the host's interrupt
 * @boot_set: which boot context registers were set
 * @boot_regs: boot context values: X0-X30, then PC, then SP
 * @nr_paging: number of demand-paged ranges in @paging
 * @paging_set: VM_SET_DEMAND_PAGING succeeded
 * @paging: the demand-paged ranges
 * @layout_set: which @layout ranges were set
 * @layout: address layout ranges by range id
 * @guest: the guest, from VM_INIT until the config is cleared
 */
struct sim_vm {
	struct list_head node;
	u16 vmid;
	enum sim_vm_state state;
	bool has_config;
	u16 auth;
	u32 image_handle;
	u64 image_offset;
	u64 image_size;
	u64 dtb_offset;
	u64 dtb_size;
	bool fw_set;
	u32 fw_handle;
	u64 fw_offset;
	u64 fw_size;
	unsigned int nr_vcpus;
	u64 vcpu_caps[SIM_MAX_VCPUS];
	unsigned int nr_bells;
	u32 bell_labels[2 * SIM_MAX_BELLS];
	u64 bell_caps[2 * SIM_MAX_BELLS];
	bool bell_source[2 * SIM_MAX_BELLS];
	u32 bell_virqs[2 * SIM_MAX_BELLS];
	DECLARE_BITMAP(boot_set, SIM_BOOT_NR_REGS);
	u64 boot_regs[SIM_BOOT_NR_REGS];
	u32 nr_paging;
	bool paging_set;
	struct sim_mem_range *paging;
	bool layout_set[SIM_NR_RANGE_IDS];
	struct sim_mem_range layout[SIM_NR_RANGE_IDS];
	struct sim_guest *guest;
};

static const char * const sim_vm_state_names[] = {
	[SIM_VM_NONE]		= "NONE",
	[SIM_VM_INIT]		= "INIT",
	[SIM_VM_READY]		= "READY",
	[SIM_VM_RUNNING]	= "RUNNING",
	[SIM_VM_PAUSED]		= "PAUSED",
	[SIM_VM_LOAD]		= "LOAD",
	[SIM_VM_AUTH]		= "AUTH",
	[SIM_VM_INIT_FAILED]	= "INIT_FAILED",
	[SIM_VM_EXITED]		= "EXITED",
	[SIM_VM_RESETTING]	= "RESETTING",
	[SIM_VM_RESET]		= "RESET",
};

static const char *sim_vm_state_name(enum sim_vm_state state)
{
	if (state < ARRAY_SIZE(sim_vm_state_names) &&
	    sim_vm_state_names[state])
		return sim_vm_state_names[state];
	return "?";
}

static struct sim_vm *sim_vm_find(struct sim_rm *rm, u16 vmid)
	__must_hold(&rm->lock)
{
	struct sim_vm *vm;

	lockdep_assert_held(&rm->lock);
	list_for_each_entry(vm, &rm->vms, node)
		if (vm->vmid == vmid)
			return vm;
	return NULL;
}

/* VMs that exist in the RM but that the host does not own. */
static bool sim_vm_is_system(u16 vmid)
{
	return vmid == SIM_VMID_HLOS || vmid == SIM_VMID_RM;
}

/*
 * The error for a VMID the host cannot act on: DENIED for a VM that exists
 * but is not the host's, @unknown for one that does not exist.
 */
static u32 sim_vm_not_owned(u16 vmid, u32 unknown)
{
	return sim_vm_is_system(vmid) ? SIM_RM_DENIED : unknown;
}

static bool sim_vm_range_valid(u64 base, u64 size)
{
	u64 end;

	return size && IS_ALIGNED(base, SZ_4K) && IS_ALIGNED(size, SZ_4K) &&
	       !check_add_overflow(base, size, &end);
}

/* Change the state and announce it: VM_STATUS to the owner. */
static void sim_vm_set_state(struct sim_rm *rm, struct sim_vm *vm,
			     enum sim_vm_state state)
	__must_hold(&rm->lock)
{
	u8 status[8] = { };

	vm->state = state;
	put_unaligned_le16(vm->vmid, &status[0]);
	status[4] = state;	/* vm_status; os_status and app_status 0 */
	sim_rm_notify(rm, SIM_RM_NOTIF_VM_STATUS, status, sizeof(status));
}

/*
 * The VM stopped running: state EXITED (VM_STATUS), then VM_EXITED to the
 * owner with one reason word, the exit code in bits 31:16 and no flags.
 */
static void sim_vm_exited(struct sim_rm *rm, struct sim_vm *vm, u16 exit_type,
			  u16 exit_code)
	__must_hold(&rm->lock)
{
	u8 exited[12] = { };

	sim_guest_kill(vm->guest);
	sim_vm_set_state(rm, vm, SIM_VM_EXITED);
	put_unaligned_le16(vm->vmid, &exited[0]);
	put_unaligned_le16(exit_type, &exited[2]);
	put_unaligned_le32(4, &exited[4]);	/* one reason word */
	put_unaligned_le32((u32)exit_code << SIM_EXIT_CODE_SHIFT, &exited[8]);
	sim_rm_notify(rm, SIM_RM_NOTIF_VM_EXITED, exited, sizeof(exited));
}

static void sim_vm_clear_config(struct sim_vm *vm)
{
	vm->has_config = false;
	vm->auth = 0;
	vm->image_handle = 0;
	vm->image_offset = 0;
	vm->image_size = 0;
	vm->dtb_offset = 0;
	vm->dtb_size = 0;
	vm->fw_set = false;
	vm->fw_handle = 0;
	vm->fw_offset = 0;
	vm->fw_size = 0;
	vm->nr_vcpus = 0;
	memset(vm->vcpu_caps, 0, sizeof(vm->vcpu_caps));
	vm->nr_bells = 0;
	memset(vm->bell_labels, 0, sizeof(vm->bell_labels));
	memset(vm->bell_caps, 0, sizeof(vm->bell_caps));
	memset(vm->bell_source, 0, sizeof(vm->bell_source));
	memset(vm->bell_virqs, 0, sizeof(vm->bell_virqs));
	bitmap_zero(vm->boot_set, SIM_BOOT_NR_REGS);
	memset(vm->boot_regs, 0, sizeof(vm->boot_regs));
	kfree(vm->paging);
	vm->paging = NULL;
	vm->nr_paging = 0;
	vm->paging_set = false;
	memset(vm->layout_set, 0, sizeof(vm->layout_set));
	memset(vm->layout, 0, sizeof(vm->layout));
	sim_guest_destroy(vm->guest);
	vm->guest = NULL;
}

static void sim_vm_free(struct sim_vm *vm)
{
	sim_guest_destroy(vm->guest);
	kfree(vm->paging);
	kfree(vm);
}

/**
 * sim_vm_vmid_valid_for_acl() - whether a VMID may appear in a parcel's ACL
 * @rm: the RM
 * @vmid: the VMID
 *
 * Return: true for HLOS, the RM, any secondary VMID, and allocated dynamic
 * VMIDs.
 */
bool sim_vm_vmid_valid_for_acl(struct sim_rm *rm, u16 vmid)
	__must_hold(&rm->lock)
{
	if (vmid == SIM_VMID_HLOS || vmid == SIM_VMID_RM)
		return true;
	if (vmid >= SIM_VMID_SECONDARY_FIRST && vmid <= SIM_VMID_SECONDARY_LAST)
		return true;
	if (vmid >= SIM_VMID_DYNAMIC_FIRST && vmid <= SIM_VMID_DYNAMIC_LAST)
		return test_bit(vmid - SIM_VMID_DYNAMIC_FIRST,
				rm->dynamic_used);
	return false;
}

/* 0x56000001: u16 vmid (0 = pick a dynamic one), u16 pad */
static u32 sim_vm_allocate(struct sim_rm *rm, const u8 *req, size_t len)
{
	unsigned long bit = 0;
	struct sim_vm *vm;
	bool dynamic;
	u16 vmid;

	if (len != 4)
		return SIM_RM_MSG_INVALID;
	vmid = get_unaligned_le16(&req[0]);

	/* No VMID that a leftover parcel lists: the VM would inherit it. */
	dynamic = !vmid;
	if (dynamic) {
		for_each_clear_bit(bit, rm->dynamic_used, SIM_NR_DYNAMIC_VMIDS)
			if (!sim_mem_vmid_listed(rm, SIM_VMID_DYNAMIC_FIRST + bit))
				break;
		if (bit >= SIM_NR_DYNAMIC_VMIDS)
			return SIM_RM_NORESOURCE;
		vmid = SIM_VMID_DYNAMIC_FIRST + bit;
	} else if (vmid < SIM_VMID_SECONDARY_FIRST ||
		   vmid > SIM_VMID_SECONDARY_LAST ||
		   test_bit(vmid, rm->secondary_used) ||
		   sim_mem_vmid_listed(rm, vmid)) {
		return SIM_RM_NORESOURCE;
	}

	vm = kzalloc(sizeof(*vm), GFP_KERNEL);
	if (!vm)
		return SIM_RM_NOMEM;
	vm->vmid = vmid;
	vm->state = SIM_VM_LOAD;
	list_add_tail(&vm->node, &rm->vms);

	if (dynamic) {
		set_bit(bit, rm->dynamic_used);
		sim_rm_reply_le32(rm, vmid);
	} else {
		set_bit(vmid, rm->secondary_used);
	}
	return SIM_RM_OK;
}

/* 0x56000002: u16 vmid, u16 pad */
static u32 sim_vm_deallocate(struct sim_rm *rm, const u8 *req, size_t len)
{
	struct sim_vm *vm;
	u16 vmid;

	if (len != 4)
		return SIM_RM_MSG_INVALID;
	vmid = get_unaligned_le16(&req[0]);

	vm = sim_vm_find(rm, vmid);
	if (!vm) {
		if (sim_vm_is_system(vmid))
			return SIM_RM_DENIED;
		sim_rm_die(rm, "VM_DEALLOCATE of unknown VMID %#x", vmid);
		return SIM_RM_VMID_INVALID;
	}
	if (vm->state != SIM_VM_LOAD && vm->state != SIM_VM_RESET)
		return SIM_RM_VM_STATE;

	if (vmid >= SIM_VMID_DYNAMIC_FIRST)
		clear_bit(vmid - SIM_VMID_DYNAMIC_FIRST, rm->dynamic_used);
	else
		clear_bit(vmid, rm->secondary_used);
	list_del(&vm->node);
	sim_vm_free(vm);
	return SIM_RM_OK;
}

/* Place the guest's memory and power on its boot vCPU. */
static u32 sim_vm_start_guest(struct sim_rm *rm, struct sim_vm *vm)
	__must_hold(&rm->lock)
{
	struct sim_guest_boot boot = {
		.protocol	= rm->protocol,
		.image_handle	= vm->image_handle,
		.image_offset	= vm->image_offset,
		.dtb_offset	= vm->dtb_offset,
		.dtb_size	= vm->dtb_size,
		.layout_set	= vm->layout_set[SIM_RANGE_ID_IMAGE],
		.layout_base	= vm->layout[SIM_RANGE_ID_IMAGE].base,
		.paging_set	= vm->paging_set,
		.nr_paging	= vm->nr_paging,
		.paging		= vm->paging,
		.pc_set		= test_bit(SIM_BOOT_PC, vm->boot_set),
		.pc		= vm->boot_regs[SIM_BOOT_PC],
	};
	unsigned int i;

	if (!vm->guest)
		return SIM_RM_NORESOURCE;
	for (i = 0; i < ARRAY_SIZE(boot.x); i++) {
		if (test_bit(i, vm->boot_set))
			__set_bit(i, &boot.x_set);
		boot.x[i] = vm->boot_regs[i];
	}
	return sim_guest_start(rm, vm->guest, &boot);
}

/* 0x56000004: u16 vmid, u16 pad */
static u32 sim_vm_start(struct sim_rm *rm, const u8 *req, size_t len)
{
	struct sim_vm *vm;
	u64 parcel_size;
	u16 vmid;
	u32 err;

	if (len != 4)
		return SIM_RM_MSG_INVALID;
	vmid = get_unaligned_le16(&req[0]);

	vm = sim_vm_find(rm, vmid);
	if (!vm)
		return sim_vm_not_owned(vmid, SIM_RM_VMID_INVALID);
	if (vm->state != SIM_VM_READY)
		return SIM_RM_VM_STATE;

	/* The image parcel may have been reclaimed since VM_CONFIG_IMAGE. */
	if (!sim_mem_image_parcel(rm, vm->image_handle, vmid, &parcel_size)) {
		sim_vm_set_state(rm, vm, SIM_VM_INIT_FAILED);
		return SIM_RM_NORESOURCE;
	}
	/*
	 * An ANDROID VM boots the pVM firmware, which is copied into the
	 * firmware region: without one (never set, or its parcel reclaimed
	 * since VM_SET_FIRMWARE_MEM) the real RM fails to start the VM.
	 */
	if (vm->auth == SIM_AUTH_ANDROID &&
	    (!vm->fw_set ||
	     !sim_mem_image_parcel(rm, vm->fw_handle, vmid, &parcel_size))) {
		sim_vm_set_state(rm, vm, SIM_VM_INIT_FAILED);
		return SIM_RM_NORESOURCE;
	}
	sim_mem_vm_start(rm, vmid);
	err = sim_vm_start_guest(rm, vm);
	if (err) {
		sim_vm_set_state(rm, vm, SIM_VM_INIT_FAILED);
		return err;
	}
	sim_vm_set_state(rm, vm, SIM_VM_RUNNING);
	return SIM_RM_OK;
}

/* 0x56000005: u16 vmid, u8 flags, u8 pad, u32 stop_reason */
static u32 sim_vm_stop(struct sim_rm *rm, const u8 *req, size_t len)
{
	struct sim_vm *vm;
	u16 vmid;
	u8 flags;

	if (len != 8)
		return SIM_RM_MSG_INVALID;
	vmid = get_unaligned_le16(&req[0]);
	flags = req[2];

	/* A VM the host does not own is "invalid" here, not "denied". */
	vm = sim_vm_find(rm, vmid);
	if (!vm)
		return SIM_RM_VMID_INVALID;
	if (vm->state != SIM_VM_RUNNING && vm->state != SIM_VM_PAUSED)
		return SIM_RM_VM_STATE;

	if (!(flags & SIM_VM_STOP_FLAG_FORCE)) {
		sim_rm_die(rm, "VM_STOP without FORCE of VM %#x, which has no RM link to notify",
			   vmid);
		return SIM_RM_OK;
	}

	sim_vm_exited(rm, vm, SIM_EXIT_TYPE_VM_STOP_FORCED,
		      SIM_EXIT_CODE_NORMAL);
	return SIM_RM_OK;
}

/* 0x56000006: u16 vmid, u16 pad */
static u32 sim_vm_reset(struct sim_rm *rm, const u8 *req, size_t len)
{
	struct sim_vm *vm;
	u16 vmid;

	if (len != 4)
		return SIM_RM_MSG_INVALID;
	vmid = get_unaligned_le16(&req[0]);

	vm = sim_vm_find(rm, vmid);
	if (!vm)
		return SIM_RM_VMID_INVALID;
	/* The real RM reads the config before it checks the state. */
	if (!vm->has_config) {
		sim_rm_die(rm, "VM_RESET of VM %#x in state %s, which has no config",
			   vmid, sim_vm_state_name(vm->state));
		return SIM_RM_OK;
	}
	if (vm->state != SIM_VM_EXITED && vm->state != SIM_VM_READY &&
	    vm->state != SIM_VM_INIT_FAILED)
		return SIM_RM_VM_STATE;

	sim_vm_set_state(rm, vm, SIM_VM_RESETTING);
	queue_work(rm->wq, &rm->reset_work);
	return SIM_RM_OK;
}

/*
 * 0x56000009: u16 vmid, u16 auth, u32 parcel handle, u64 image_offset,
 * u64 image_size, u64 dtb_offset, u64 dtb_size
 */
static u32 sim_vm_config_image(struct sim_rm *rm, const u8 *req, size_t len)
{
	u64 image_offset, image_size, dtb_offset, dtb_size, parcel_size, end;
	struct sim_vm *vm;
	u32 handle;
	u16 vmid, auth;

	if (len != 40)
		return SIM_RM_MSG_INVALID;
	vmid = get_unaligned_le16(&req[0]);
	auth = get_unaligned_le16(&req[2]);
	handle = get_unaligned_le32(&req[4]);
	image_offset = get_unaligned_le64(&req[8]);
	image_size = get_unaligned_le64(&req[16]);
	dtb_offset = get_unaligned_le64(&req[24]);
	dtb_size = get_unaligned_le64(&req[32]);

	vm = sim_vm_find(rm, vmid);
	if (!vm)
		return sim_vm_not_owned(vmid, SIM_RM_VMID_INVALID);
	if (vm->state != SIM_VM_LOAD && vm->state != SIM_VM_RESET)
		return SIM_RM_VM_STATE;
	if (auth != SIM_AUTH_NONE && auth != SIM_AUTH_PLATFORM &&
	    auth != SIM_AUTH_ANDROID)
		return SIM_RM_ARGUMENT_INVALID;

	/* Both failures below happen before the real RM allocates a config. */
	if (!sim_mem_image_parcel(rm, handle, vmid, &parcel_size)) {
		sim_vm_set_state(rm, vm, SIM_VM_INIT_FAILED);
		return SIM_RM_MEM_INVALID;
	}
	if (check_add_overflow(image_offset, image_size, &end) ||
	    end > parcel_size ||
	    check_add_overflow(dtb_offset, dtb_size, &end) ||
	    end > parcel_size) {
		sim_vm_set_state(rm, vm, SIM_VM_INIT_FAILED);
		return SIM_RM_ARGUMENT_INVALID;
	}

	vm->has_config = true;
	vm->auth = auth;
	vm->image_handle = handle;
	vm->image_offset = image_offset;
	vm->image_size = image_size;
	vm->dtb_offset = dtb_offset;
	vm->dtb_size = dtb_size;
	sim_vm_set_state(rm, vm, auth == SIM_AUTH_PLATFORM ? SIM_VM_AUTH :
							     SIM_VM_INIT);
	return SIM_RM_OK;
}

/* 0x5600000A: u16 vmid, u16 n, n x {u32 type, u32 value} */
static u32 sim_vm_auth_image(struct sim_rm *rm, const u8 *req, size_t len)
{
	struct sim_vm *vm;
	u16 vmid, n;

	if (len < 4)
		return SIM_RM_MSG_INVALID;
	vmid = get_unaligned_le16(&req[0]);
	n = get_unaligned_le16(&req[2]);
	if (len != 4 + 8 * (size_t)n)
		return SIM_RM_MSG_INVALID;

	vm = sim_vm_find(rm, vmid);
	if (!vm)
		return sim_vm_not_owned(vmid, SIM_RM_VMID_INVALID);
	if (vm->state != SIM_VM_AUTH)
		return SIM_RM_VM_STATE;

	/* Platform authentication is a stub that accepts on QEMU. */
	sim_vm_set_state(rm, vm, SIM_VM_INIT);
	return SIM_RM_OK;
}

/*
 * Create the doorbells of one kind, @source or not, with these @labels.
 * Beyond %SIM_MAX_BELLS of the kind, and for a label the kind used before,
 * a doorbell is ignored.
 */
static int sim_vm_add_bells(struct sim_rm *rm, struct sim_vm *vm,
			    bool source, const u32 *labels, unsigned int nr)
	__must_hold(&rm->lock)
{
	unsigned int i, j;
	u32 virq;
	int ret;

	if (nr > SIM_MAX_BELLS) {
		pr_debug("VM %#x: %u doorbell%s vdevices in its DT, %u created\n",
			 vm->vmid, nr, source ? "-source" : "", SIM_MAX_BELLS);
		nr = SIM_MAX_BELLS;
	}
	for (i = 0; i < nr; i++) {
		for (j = 0; j < vm->nr_bells; j++)
			if (vm->bell_source[j] == source &&
			    vm->bell_labels[j] == labels[i])
				break;
		if (j < vm->nr_bells) {
			pr_debug("VM %#x: doorbell label %u repeated, ignored\n",
				 vm->vmid, labels[i]);
			continue;
		}
		ret = sim_bell_add(vm->guest, rm->next_capid, source, &virq);
		if (ret)
			return ret;
		vm->bell_labels[vm->nr_bells] = labels[i];
		vm->bell_caps[vm->nr_bells] = rm->next_capid++;
		vm->bell_source[vm->nr_bells] = source;
		vm->bell_virqs[vm->nr_bells] = virq;
		vm->nr_bells++;
	}
	return 0;
}

/*
 * The doorbells of the VM's DT, the host as the peer, as the open-source
 * RM creates them at VM_INIT (ABI section 11.5): those the host sends to
 * ("doorbell"), then those the guest sends to ("doorbell-source"). A DT
 * that cannot be read gives none: the driver's tests start VMs whose DTB
 * is arbitrary bytes.
 */
static int sim_vm_init_bells(struct sim_rm *rm, struct sim_vm *vm)
	__must_hold(&rm->lock)
{
	size_t len = min_t(u64, vm->dtb_size, SZ_1M);
	struct sim_mem_view view;
	struct sim_fdt_bells *bells;
	void *dtb;
	int ret;

	if (!sim_mem_parcel_view(rm, vm->image_handle, vm->vmid, &view))
		return 0;
	dtb = sim_guest_read_parcel(&view, vm->dtb_offset, len);
	if (!dtb)
		return 0;
	bells = kzalloc(sizeof(*bells), GFP_KERNEL);
	if (!bells) {
		kvfree(dtb);
		return -ENOMEM;
	}
	if (sim_fdt_vm_doorbells(dtb, len, bells)) {
		bells->nr_tx = 0;	/* malformed: none */
		bells->nr_rx = 0;
	}
	kvfree(dtb);
	ret = sim_vm_add_bells(rm, vm, false, bells->tx, bells->nr_tx) ?:
	      sim_vm_add_bells(rm, vm, true, bells->rx, bells->nr_rx);
	kfree(bells);
	return ret;
}

/* 0x5600000B: u16 vmid, u16 must be 0 */
static u32 sim_vm_init(struct sim_rm *rm, const u8 *req, size_t len)
{
	struct sim_vm *vm;
	u16 vmid;

	if (len != 4 || get_unaligned_le16(&req[2]))
		return SIM_RM_MSG_INVALID;
	vmid = get_unaligned_le16(&req[0]);

	vm = sim_vm_find(rm, vmid);
	if (!vm)
		return sim_vm_not_owned(vmid, SIM_RM_VMID_INVALID);
	if (vm->state != SIM_VM_INIT)
		return SIM_RM_VM_STATE;

	vm->guest = sim_guest_create(vmid, rm->nr_vcpus, vm->vcpu_caps);
	if (!vm->guest)
		return SIM_RM_NOMEM;
	vm->nr_vcpus = rm->nr_vcpus;
	if (sim_vm_init_bells(rm, vm)) {
		/* Nothing of the guest is visible yet: VM_INIT never happened. */
		sim_guest_destroy(vm->guest);
		vm->guest = NULL;
		vm->nr_vcpus = 0;
		vm->nr_bells = 0;
		return SIM_RM_NOMEM;
	}
	sim_vm_set_state(rm, vm, SIM_VM_READY);
	return SIM_RM_OK;
}

/* 0x56000017: u16 vmid (0 = the caller), u16 pad */
static u32 sim_vm_get_state(struct sim_rm *rm, const u8 *req, size_t len)
{
	struct sim_vm *vm;
	u16 vmid;

	if (len != 4)
		return SIM_RM_MSG_INVALID;
	vmid = get_unaligned_le16(&req[0]);

	if (!vmid || vmid == SIM_VMID_HLOS) {
		/* The host itself: running, no OS or app status reported. */
		sim_rm_reply_le32(rm, SIM_VM_RUNNING);
		return SIM_RM_OK;
	}
	if (vmid == SIM_VMID_RM)
		return SIM_RM_DENIED;

	vm = sim_vm_find(rm, vmid);
	if (!vm)
		return SIM_RM_NORESOURCE;
	/* byte 0 vm_status, byte 1 os_status, bytes 2-3 app_status */
	sim_rm_reply_le32(rm, vm->state);
	return SIM_RM_OK;
}

/* 0x56000020: u16 vmid, u16 pad; reply u32 n, n x 44-byte entries */
static u32 sim_vm_get_hyp_resources(struct sim_rm *rm, const u8 *req,
				    size_t len)
{
	u8 entry[SIM_HYP_RESOURCE_SIZE];
	struct sim_vm *vm;
	unsigned int i;
	u16 vmid;

	if (len != 4)
		return SIM_RM_MSG_INVALID;
	vmid = get_unaligned_le16(&req[0]);

	if (vmid == SIM_VMID_HLOS) {
		/* The host's own vdevices are not modelled. */
		sim_rm_reply_le32(rm, 0);
		return SIM_RM_OK;
	}
	vm = sim_vm_find(rm, vmid);
	if (!vm)
		return SIM_RM_ARGUMENT_INVALID;
	if (!vm->has_config)
		return SIM_RM_NORESOURCE;

	sim_rm_reply_le32(rm, vm->nr_vcpus + vm->nr_bells);
	for (i = 0; i < vm->nr_vcpus; i++) {
		memset(entry, 0, sizeof(entry));
		entry[0] = SIM_RESOURCE_VIRTUAL_CPU;
		/* 1: reserved, 2: partner_vmid 0 for vCPUs, 4: handle 0 */
		put_unaligned_le32(i, &entry[8]);		/* label */
		put_unaligned_le32(lower_32_bits(vm->vcpu_caps[i]), &entry[12]);
		put_unaligned_le32(upper_32_bits(vm->vcpu_caps[i]), &entry[16]);
		/* 20: virq_handle 0, 24: the wake-up virq, 28: base, 36: size */
		put_unaligned_le32(vm->guest ?
				   sim_guest_vcpu_virq(vm->guest, i) : 0,
				   &entry[24]);
		sim_rm_reply_data(rm, entry, sizeof(entry));
	}
	/*
	 * The VM's doorbells (ABI section 11.5): the host sends (BELL_TX,
	 * virq 0), or receives with an interrupt (BELL_RX).
	 */
	for (i = 0; i < vm->nr_bells; i++) {
		memset(entry, 0, sizeof(entry));
		entry[0] = vm->bell_source[i] ? SIM_RESOURCE_DOORBELL :
						SIM_RESOURCE_DOORBELL_SRC;
		put_unaligned_le16(vm->vmid, &entry[2]);	/* partner */
		put_unaligned_le32(vm->bell_labels[i], &entry[8]);
		put_unaligned_le32(lower_32_bits(vm->bell_caps[i]), &entry[12]);
		put_unaligned_le32(upper_32_bits(vm->bell_caps[i]), &entry[16]);
		put_unaligned_le32(vm->bell_virqs[i], &entry[24]);
		sim_rm_reply_data(rm, entry, sizeof(entry));
	}
	return SIM_RM_OK;
}

/* 0x56000024: no payload; reply u32 caller's VMID */
static u32 sim_vm_get_vmid(struct sim_rm *rm, const u8 *req, size_t len)
{
	if (len)
		return SIM_RM_MSG_INVALID;
	sim_rm_reply_le32(rm, SIM_VMID_HLOS);
	return SIM_RM_OK;
}

/* 0x56000031: u16 vmid, u8 reg_set, u8 reg_index, u32 pad, u64 value */
static u32 sim_vm_set_boot_context(struct sim_rm *rm, const u8 *req,
				   size_t len)
{
	u8 reg_set, reg_index;
	struct sim_vm *vm;
	unsigned int reg;
	u16 vmid;

	if (len != 16 || get_unaligned_le32(&req[4]))
		return SIM_RM_MSG_INVALID;
	vmid = get_unaligned_le16(&req[0]);
	reg_set = req[2];
	reg_index = req[3];

	vm = sim_vm_find(rm, vmid);
	if (!vm)
		return sim_vm_not_owned(vmid, SIM_RM_VMID_INVALID);
	if (vm->state != SIM_VM_LOAD && vm->state != SIM_VM_INIT &&
	    vm->state != SIM_VM_READY)
		return SIM_RM_VM_STATE;

	switch (reg_set) {
	case SIM_REG_SET_X:
		if (reg_index >= SIM_BOOT_NR_X)
			return SIM_RM_ARGUMENT_INVALID;
		reg = reg_index;
		break;
	case SIM_REG_SET_PC:
		if (reg_index)
			return SIM_RM_ARGUMENT_INVALID;
		reg = SIM_BOOT_PC;
		break;
	case SIM_REG_SET_SP:
		if (reg_index)
			return SIM_RM_ARGUMENT_INVALID;
		reg = SIM_BOOT_SP;
		break;
	default:
		return SIM_RM_ARGUMENT_INVALID;
	}

	vm->boot_regs[reg] = get_unaligned_le64(&req[8]);
	set_bit(reg, vm->boot_set);
	return SIM_RM_OK;
}

/*
 * 0x56000032: u16 vmid, u16 must be 0, u32 parcel handle, u64 offset,
 * u64 size
 */
static u32 sim_vm_set_firmware_mem(struct sim_rm *rm, const u8 *req,
				   size_t len)
{
	u64 offset, size, parcel_size, end;
	struct sim_vm *vm;
	u32 handle;
	u16 vmid;

	if (len != 24 || get_unaligned_le16(&req[2]))
		return SIM_RM_MSG_INVALID;
	vmid = get_unaligned_le16(&req[0]);
	handle = get_unaligned_le32(&req[4]);
	offset = get_unaligned_le64(&req[8]);
	size = get_unaligned_le64(&req[16]);

	vm = sim_vm_find(rm, vmid);
	if (!vm)
		return sim_vm_not_owned(vmid, SIM_RM_VMID_INVALID);
	if (vm->state != SIM_VM_INIT)
		return SIM_RM_VM_STATE;
	/* The parcel must be for the VM, like the image parcel. */
	if (!sim_mem_image_parcel(rm, handle, vmid, &parcel_size))
		return SIM_RM_MEM_INVALID;
	if (check_add_overflow(offset, size, &end) || end > parcel_size)
		return SIM_RM_ARGUMENT_INVALID;

	vm->fw_set = true;
	vm->fw_handle = handle;
	vm->fw_offset = offset;
	vm->fw_size = size;
	return SIM_RM_OK;
}

/* 0x56000033: u16 vmid, u16 pad, u32 n, n x {u64 base, u64 size} */
static u32 sim_vm_set_demand_paging(struct sim_rm *rm, const u8 *req,
				    size_t len)
{
	struct sim_mem_range *ranges = NULL;
	struct sim_vm *vm;
	u32 i, j, n;
	u16 vmid;

	if (len < 8 || get_unaligned_le16(&req[2]))
		return SIM_RM_MSG_INVALID;
	vmid = get_unaligned_le16(&req[0]);
	n = get_unaligned_le32(&req[4]);
	if ((len - 8) / 16 != n || (len - 8) % 16)
		return SIM_RM_MSG_INVALID;

	vm = sim_vm_find(rm, vmid);
	if (!vm)
		return sim_vm_not_owned(vmid, SIM_RM_VMID_INVALID);
	if (vm->state != SIM_VM_LOAD && vm->state != SIM_VM_INIT)
		return SIM_RM_VM_STATE;

	if (n) {
		ranges = kcalloc(n, sizeof(*ranges), GFP_KERNEL);
		if (!ranges)
			return SIM_RM_NOMEM;
	}
	for (i = 0; i < n; i++) {
		ranges[i].base = get_unaligned_le64(&req[8 + 16 * i]);
		ranges[i].size = get_unaligned_le64(&req[16 + 16 * i]);
		if (!sim_vm_range_valid(ranges[i].base, ranges[i].size))
			goto err_invalid;
		for (j = 0; j < i; j++)
			if (ranges[i].base < ranges[j].base + ranges[j].size &&
			    ranges[j].base < ranges[i].base + ranges[i].size)
				goto err_invalid;
	}

	kfree(vm->paging);
	vm->paging = ranges;
	vm->nr_paging = n;
	vm->paging_set = true;
	return SIM_RM_OK;

err_invalid:
	kfree(ranges);
	return SIM_RM_ARGUMENT_INVALID;
}

/* 0x56000034: u16 vmid, u16 pad, u32 range_id, u64 base, u64 size */
static u32 sim_vm_set_address_layout(struct sim_rm *rm, const u8 *req,
				     size_t len)
{
	struct sim_vm *vm;
	u32 range_id;
	u64 base, size;
	u16 vmid;

	if (len != 24 || get_unaligned_le16(&req[2]))
		return SIM_RM_MSG_INVALID;
	vmid = get_unaligned_le16(&req[0]);
	range_id = get_unaligned_le32(&req[4]);
	base = get_unaligned_le64(&req[8]);
	size = get_unaligned_le64(&req[16]);

	vm = sim_vm_find(rm, vmid);
	if (!vm)
		return sim_vm_not_owned(vmid, SIM_RM_VMID_INVALID);
	if (vm->state != SIM_VM_LOAD && vm->state != SIM_VM_INIT)
		return SIM_RM_VM_STATE;
	if (range_id >= SIM_NR_RANGE_IDS || !sim_vm_range_valid(base, size))
		return SIM_RM_ARGUMENT_INVALID;

	vm->layout[range_id].base = base;
	vm->layout[range_id].size = size;
	vm->layout_set[range_id] = true;
	return SIM_RM_OK;
}

/**
 * struct sim_vm_call - an RM call handled here
 * @msg_id: message id
 * @full_only: only with protocol=full; UNIMPLEMENTED otherwise
 * @handler: returns the RM error code and appends any reply data
 */
struct sim_vm_call {
	u32 msg_id;
	bool full_only;
	u32 (*handler)(struct sim_rm *rm, const u8 *req, size_t len);
};

static const struct sim_vm_call sim_vm_calls[] = {
	{ SIM_RM_VM_ALLOCATE, false, sim_vm_allocate },
	{ SIM_RM_VM_DEALLOCATE, false, sim_vm_deallocate },
	{ SIM_RM_VM_START, false, sim_vm_start },
	{ SIM_RM_VM_STOP, false, sim_vm_stop },
	{ SIM_RM_VM_RESET, false, sim_vm_reset },
	{ SIM_RM_VM_CONFIG_IMAGE, false, sim_vm_config_image },
	{ SIM_RM_VM_AUTH_IMAGE, false, sim_vm_auth_image },
	{ SIM_RM_VM_INIT, false, sim_vm_init },
	{ SIM_RM_VM_GET_STATE, false, sim_vm_get_state },
	{ SIM_RM_VM_GET_HYP_RESOURCES, false, sim_vm_get_hyp_resources },
	{ SIM_RM_VM_GET_VMID, false, sim_vm_get_vmid },
	{ SIM_RM_VM_SET_BOOT_CONTEXT, true, sim_vm_set_boot_context },
	{ SIM_RM_VM_SET_FIRMWARE_MEM, false, sim_vm_set_firmware_mem },
	{ SIM_RM_VM_SET_DEMAND_PAGING, true, sim_vm_set_demand_paging },
	{ SIM_RM_VM_SET_ADDRESS_LAYOUT, true, sim_vm_set_address_layout },
};

/**
 * sim_vm_dispatch() - handle a VM management request
 * @rm: the RM
 * @msg_id: message id of the request
 * @req: request payload
 * @len: payload length
 * @err: set to the RM error code of the reply if the call is handled here
 *
 * Context: process context, @rm->lock held.
 * Return: false if @msg_id is not a VM call of the modelled protocol level.
 */
bool sim_vm_dispatch(struct sim_rm *rm, u32 msg_id, const u8 *req,
		     size_t len, u32 *err)
	__must_hold(&rm->lock)
{
	unsigned int i;

	lockdep_assert_held(&rm->lock);
	for (i = 0; i < ARRAY_SIZE(sim_vm_calls); i++) {
		if (sim_vm_calls[i].msg_id != msg_id)
			continue;
		if (sim_vm_calls[i].full_only &&
		    rm->protocol != SIM_PROTOCOL_FULL)
			return false;
		*err = sim_vm_calls[i].handler(rm, req, len);
		return true;
	}
	return false;
}

/**
 * sim_vm_reset_work() - second half of VM_RESET, after its reply
 * @work: &sim_rm.reset_work
 *
 * Every VM in RESETTING releases the parcels it accepted (the owner gets
 * MEM_RELEASED for each), loses its config and vCPUs, and goes to RESET.
 */
void sim_vm_reset_work(struct work_struct *work)
{
	struct sim_rm *rm = container_of(work, struct sim_rm, reset_work);
	struct sim_vm *vm;

	mutex_lock(&rm->lock);
	if (rm->dead || rm->stopping)
		goto out_unlock;
	list_for_each_entry(vm, &rm->vms, node) {
		if (vm->state != SIM_VM_RESETTING)
			continue;
		sim_mem_vm_reset(rm, vm->vmid);
		sim_vm_clear_config(vm);
		sim_vm_set_state(rm, vm, SIM_VM_RESET);
	}
out_unlock:
	mutex_unlock(&rm->lock);
}

/**
 * sim_vm_exit() - a running VM exits as if its guest had
 * @rm: the RM
 * @vmid: the VM, RUNNING or PAUSED
 * @exit_type: VM_EXITED exit type, 0 (VM_EXIT) to 6 (ASYNC_HW_ERROR); 7 is
 *             VM_STOP's own
 * @exit_code: 0 NORMAL, 1 SOFTWARE_ERROR, 2 UNKNOWN_ERROR, 3 BUS_ERROR or
 *             4 DEVICE_ERROR
 *
 * Stands in for the guest until one is modelled. As with the real RM, the
 * VM goes to EXITED, announced by VM_STATUS, and the owner then gets
 * VM_EXITED with one reason word holding @exit_code; the VM then needs
 * VM_RESET.
 *
 * Context: process context; takes @rm->lock.
 * Return: 0; -EINVAL for a bad @exit_type or @exit_code; -ENOENT if no VM
 * has @vmid; -EBUSY if it is not running; -EIO if the RM died.
 */
int sim_vm_exit(struct sim_rm *rm, u16 vmid, u16 exit_type, u16 exit_code)
{
	struct sim_vm *vm;
	int ret = 0;

	if (exit_type >= SIM_EXIT_TYPE_VM_STOP_FORCED ||
	    exit_code > SIM_EXIT_CODE_DEVICE_ERROR)
		return -EINVAL;

	mutex_lock(&rm->lock);
	if (rm->dead || rm->stopping) {
		ret = -EIO;
		goto out_unlock;
	}
	vm = sim_vm_find(rm, vmid);
	if (!vm) {
		ret = -ENOENT;
		goto out_unlock;
	}
	if (vm->state != SIM_VM_RUNNING && vm->state != SIM_VM_PAUSED) {
		ret = -EBUSY;
		goto out_unlock;
	}
	sim_vm_exited(rm, vm, exit_type, exit_code);
out_unlock:
	mutex_unlock(&rm->lock);
	return ret;
}

/**
 * sim_vm_guest_exit() - the guest of a running VM made it exit
 * @rm: the RM
 * @vmid: the VM
 * @exit_type: VM_EXITED exit type
 * @exit_code: VM_EXITED exit code
 *
 * As for gunyah_sim_vm_exit(): EXITED, VM_STATUS, then VM_EXITED; every
 * vCPU is killed. Nothing happens if the VM is not running.
 *
 * Context: @rm->lock held.
 */
void sim_vm_guest_exit(struct sim_rm *rm, u16 vmid, u16 exit_type,
		       u16 exit_code)
	__must_hold(&rm->lock)
{
	struct sim_vm *vm;

	lockdep_assert_held(&rm->lock);
	vm = sim_vm_find(rm, vmid);
	if (vm && !rm->dead &&
	    (vm->state == SIM_VM_RUNNING || vm->state == SIM_VM_PAUSED))
		sim_vm_exited(rm, vm, exit_type, exit_code);
}

/**
 * sim_vm_destroy_all() - free every VM
 * @rm: the RM, no longer running
 */
void sim_vm_destroy_all(struct sim_rm *rm)
	__must_hold(&rm->lock)
{
	struct sim_vm *vm, *tmp;

	list_for_each_entry_safe(vm, tmp, &rm->vms, node) {
		list_del(&vm->node);
		sim_vm_free(vm);
	}
	bitmap_zero(rm->secondary_used, SIM_VMID_SECONDARY_LAST + 1);
	bitmap_zero(rm->dynamic_used, SIM_NR_DYNAMIC_VMIDS);
}

static void sim_vm_show_boot(struct seq_file *s, const struct sim_vm *vm)
{
	const char *sep = "";
	unsigned int reg;

	seq_puts(s, " boot=");
	for_each_set_bit(reg, vm->boot_set, SIM_BOOT_NR_REGS) {
		if (reg == SIM_BOOT_PC)
			seq_printf(s, "%spc:%#llx", sep, vm->boot_regs[reg]);
		else if (reg == SIM_BOOT_SP)
			seq_printf(s, "%ssp:%#llx", sep, vm->boot_regs[reg]);
		else
			seq_printf(s, "%sx%u:%#llx", sep, reg,
				   vm->boot_regs[reg]);
		sep = ",";
	}
	if (!*sep)
		seq_puts(s, "-");
}

static void sim_vm_show_ranges(struct seq_file *s, const struct sim_vm *vm)
{
	static const char * const range_names[SIM_NR_RANGE_IDS] = {
		[SIM_RANGE_ID_IMAGE] = "image",
		[SIM_RANGE_ID_FIRMWARE] = "firmware",
	};
	const char *sep = "";
	unsigned int i;

	seq_puts(s, " paging=");
	if (!vm->paging_set)
		seq_puts(s, "-");
	else if (!vm->nr_paging)
		seq_puts(s, "none");
	for (i = 0; i < vm->nr_paging; i++) {
		seq_printf(s, "%s%#llx+%#llx", sep, vm->paging[i].base,
			   vm->paging[i].size);
		sep = ",";
	}

	sep = "";
	seq_puts(s, " layout=");
	for (i = 0; i < SIM_NR_RANGE_IDS; i++) {
		if (!vm->layout_set[i])
			continue;
		seq_printf(s, "%s%s:%#llx+%#llx", sep, range_names[i],
			   vm->layout[i].base, vm->layout[i].size);
		sep = ",";
	}
	if (!*sep)
		seq_puts(s, "-");
}

/**
 * sim_vm_show() - one line per VM for debugfs "vms"
 * @s: the seq_file
 * @rm: the RM
 *
 * Format: "vmid=0x80 state=RUNNING config=1 auth=0 image=0
 * fw=handle:offset+size vcpus=1 parcels=0*,1 boot=pc:0x...,x0:0x...
 * paging=base+size,... layout=image:base+size,firmware:base+size"; "*"
 * marks a parcel the VM accepted, "-" an empty setting.
 *
 * Context: @rm->lock held.
 */
void sim_vm_show(struct seq_file *s, struct sim_rm *rm)
	__must_hold(&rm->lock)
{
	struct sim_vm *vm;

	lockdep_assert_held(&rm->lock);
	list_for_each_entry(vm, &rm->vms, node) {
		seq_printf(s, "vmid=%#x state=%s config=%d auth=%u image=",
			   vm->vmid, sim_vm_state_name(vm->state),
			   vm->has_config, vm->auth);
		if (vm->has_config)
			seq_printf(s, "%u", vm->image_handle);
		else
			seq_puts(s, "-");
		seq_puts(s, " fw=");
		if (vm->fw_set)
			seq_printf(s, "%u:%#llx+%#llx", vm->fw_handle,
				   vm->fw_offset, vm->fw_size);
		else
			seq_puts(s, "-");
		seq_printf(s, " vcpus=%u parcels=", vm->nr_vcpus);
		sim_mem_show_vm(s, rm, vm->vmid);
		sim_vm_show_boot(s, vm);
		sim_vm_show_ranges(s, vm);
		seq_putc(s, '\n');
	}
}
