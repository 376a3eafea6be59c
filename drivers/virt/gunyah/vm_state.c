// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VM state machine: the one table of legal transitions, the RM's
 * notifications that drive it, and the two paths that walk it: starting a
 * VM and unwinding it back to NEW (or, at the end, to nothing).
 *
 *   from            event                                     to
 *   --------------  ----------------------------------------  -----------
 *   NEW             VM_ALLOCATE                               LOAD
 *   LOAD            VM_CONFIG_IMAGE                           INIT
 *   LOAD            VM_CONFIG_IMAGE failed (no config kept)   INIT_FAILED
 *   LOAD            VM_DEALLOCATE                             NEW
 *   INIT            VM_INIT                                   READY
 *   INIT            VM_INIT failed                            INIT_FAILED
 *   READY           VM_START                                  RUNNING
 *   READY           VM_START failed                           INIT_FAILED
 *   READY           VM_RESET                                  RESETTING
 *   RUNNING         VM_STOP (forced), or the guest exited     EXITED
 *   EXITED          VM_RESET                                  RESETTING
 *   INIT_FAILED     VM_RESET (only with a config)             RESETTING
 *   RESETTING       VM_STATUS(RESET) from the RM              RESET
 *   RESET           VM_DEALLOCATE                             NEW
 *   any but DEAD    the RM cannot take the VM back            DEAD
 *
 * The RM announces most of these with VM_STATUS, sometimes before it
 * replies to the request that caused them, so both the reply and the
 * notification may report the same move: a move to the current state is a
 * no-op, and a move the table does not allow is ignored, never applied.
 *
 * After a request failed, the driver cannot know whether the RM changed the
 * VM's state before failing: it asks (VM_GET_STATE) and adopts the answer.
 * That is the only move made outside the table.
 *
 * Requests the real RM cannot survive are never sent: VM_STOP is always
 * forced, only a VM with a config is reset, and the VM id is released only
 * from LOAD or from RESET once the RM reported it.
 */

#define pr_fmt(fmt) "gunyah_vm: " fmt

#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/wait.h>

#include "rm_rpc.h"
#include "vm_mgr.h"

/* How long the RM may take to reset a VM before we give up on it. */
#define GUNYAH_VM_RESET_TIMEOUT		(30 * HZ)

/* RM VM status values (ABI section 5) */
#define GUNYAH_RM_VM_STATUS_INIT		1
#define GUNYAH_RM_VM_STATUS_READY		2
#define GUNYAH_RM_VM_STATUS_RUNNING		3
#define GUNYAH_RM_VM_STATUS_LOAD		5
#define GUNYAH_RM_VM_STATUS_INIT_FAILED		8
#define GUNYAH_RM_VM_STATUS_EXITED		9
#define GUNYAH_RM_VM_STATUS_RESETTING		10
#define GUNYAH_RM_VM_STATUS_RESET		11

#define S(state)	BIT(GUNYAH_VM_##state)

static const unsigned long gunyah_vm_transitions[GUNYAH_VM_NR_STATES] = {
	[GUNYAH_VM_NEW]		= S(LOAD),
	[GUNYAH_VM_LOAD]	= S(INIT) | S(INIT_FAILED) | S(NEW),
	[GUNYAH_VM_INIT]	= S(READY) | S(INIT_FAILED),
	[GUNYAH_VM_READY]	= S(RUNNING) | S(INIT_FAILED) | S(RESETTING),
	[GUNYAH_VM_RUNNING]	= S(EXITED),
	[GUNYAH_VM_EXITED]	= S(RESETTING),
	[GUNYAH_VM_INIT_FAILED]	= S(RESETTING),
	[GUNYAH_VM_RESETTING]	= S(RESET),
	[GUNYAH_VM_RESET]	= S(NEW),
	[GUNYAH_VM_DEAD]	= 0,
};

#undef S

static const char * const gunyah_vm_state_names[GUNYAH_VM_NR_STATES] = {
	[GUNYAH_VM_NEW]		= "NEW",
	[GUNYAH_VM_LOAD]	= "LOAD",
	[GUNYAH_VM_INIT]	= "INIT",
	[GUNYAH_VM_READY]	= "READY",
	[GUNYAH_VM_RUNNING]	= "RUNNING",
	[GUNYAH_VM_EXITED]	= "EXITED",
	[GUNYAH_VM_INIT_FAILED]	= "INIT_FAILED",
	[GUNYAH_VM_RESETTING]	= "RESETTING",
	[GUNYAH_VM_RESET]	= "RESET",
	[GUNYAH_VM_DEAD]	= "DEAD",
};

/**
 * gunyah_vm_state_name() - printable name of a state
 * @state: the state
 *
 * Return: the name, "?" for a value outside the enum.
 */
const char *gunyah_vm_state_name(enum gunyah_vm_state state)
{
	if ((unsigned int)state >= GUNYAH_VM_NR_STATES)
		return "?";
	return gunyah_vm_state_names[state];
}

/**
 * gunyah_vm_transition_valid() - may a VM move from one state to another?
 * @from: current state
 * @to: next state
 *
 * Return: true if the table allows it; any state but DEAD may become DEAD.
 */
bool gunyah_vm_transition_valid(enum gunyah_vm_state from,
				enum gunyah_vm_state to)
{
	if ((unsigned int)from >= GUNYAH_VM_NR_STATES ||
	    (unsigned int)to >= GUNYAH_VM_NR_STATES)
		return false;
	if (to == GUNYAH_VM_DEAD)
		return from != GUNYAH_VM_DEAD;
	return gunyah_vm_transitions[from] & BIT(to);
}

/**
 * gunyah_vm_state_from_rm() - the state an RM VM status stands for
 * @rm_status: vm_status of a VM_STATUS notification
 * @state: the driver's state
 *
 * Return: 0, or -ENOENT for statuses the driver does not track (NONE,
 * PAUSED, AUTH, unknown values).
 */
int gunyah_vm_state_from_rm(u8 rm_status, enum gunyah_vm_state *state)
{
	switch (rm_status) {
	case GUNYAH_RM_VM_STATUS_LOAD:
		*state = GUNYAH_VM_LOAD;
		return 0;
	case GUNYAH_RM_VM_STATUS_INIT:
		*state = GUNYAH_VM_INIT;
		return 0;
	case GUNYAH_RM_VM_STATUS_READY:
		*state = GUNYAH_VM_READY;
		return 0;
	case GUNYAH_RM_VM_STATUS_RUNNING:
		*state = GUNYAH_VM_RUNNING;
		return 0;
	case GUNYAH_RM_VM_STATUS_INIT_FAILED:
		*state = GUNYAH_VM_INIT_FAILED;
		return 0;
	case GUNYAH_RM_VM_STATUS_EXITED:
		*state = GUNYAH_VM_EXITED;
		return 0;
	case GUNYAH_RM_VM_STATUS_RESETTING:
		*state = GUNYAH_VM_RESETTING;
		return 0;
	case GUNYAH_RM_VM_STATUS_RESET:
		*state = GUNYAH_VM_RESET;
		return 0;
	default:
		return -ENOENT;
	}
}

/* Set the state, and with it the hint vCPUs read (struct gunyah_vm_hot). */
static void gunyah_vm_store_state(struct gunyah_vm *vm,
				  enum gunyah_vm_state to)
	__must_hold(&vm->status_lock)
{
	WRITE_ONCE(vm->state, to);
	WRITE_ONCE(vm->hot.running, to == GUNYAH_VM_RUNNING);
}

/* Apply a transition if the table allows it; the caller holds status_lock. */
static bool __gunyah_vm_move(struct gunyah_vm *vm, enum gunyah_vm_state to)
	__must_hold(&vm->status_lock)
{
	if (vm->state == to)
		return true;
	if (!gunyah_vm_transition_valid(vm->state, to))
		return false;
	gunyah_vm_store_state(vm, to);
	return true;
}

/*
 * Move after the RM answered a request: the RM may already have announced
 * this move, or a later one (a VM can exit before VM_START's reply arrives),
 * so a move the table does not allow from the current state is skipped.
 */
static void gunyah_vm_move(struct gunyah_vm *vm, enum gunyah_vm_state to)
	__must_hold(&vm->lock)
{
	spin_lock(&vm->status_lock);
	__gunyah_vm_move(vm, to);
	spin_unlock(&vm->status_lock);
	wake_up_all(&vm->status_wq);
}

/**
 * gunyah_vm_set_state() - move a VM to a state the driver decided on
 * @vm: the VM, whose lock the caller holds
 * @to: the new state
 *
 * Used where no notification can race: the table must allow the move.
 */
void gunyah_vm_set_state(struct gunyah_vm *vm, enum gunyah_vm_state to)
	__must_hold(&vm->lock)
{
	bool moved;

	spin_lock(&vm->status_lock);
	moved = __gunyah_vm_move(vm, to);
	spin_unlock(&vm->status_lock);
	WARN(!moved, "VM %#x: no transition %s -> %s\n", vm->vmid,
	     gunyah_vm_state_name(vm->state), gunyah_vm_state_name(to));
	wake_up_all(&vm->status_wq);
}

static enum gunyah_vm_state gunyah_vm_state(struct gunyah_vm *vm)
{
	return READ_ONCE(vm->state);
}

/* After a failed request: adopt the RM's state of the VM. */
static void gunyah_vm_sync(struct gunyah_vm *vm)
	__must_hold(&vm->lock)
{
	enum gunyah_vm_state to;
	u8 status;

	if (gunyah_rm_vm_get_state(vm->rm, vm->vmid, &status) ||
	    gunyah_vm_state_from_rm(status, &to))
		return;

	spin_lock(&vm->status_lock);
	if (vm->state != to && vm->state != GUNYAH_VM_DEAD) {
		pr_debug("VM %#x: RM has it %s, not %s\n", vm->vmid,
			 gunyah_vm_state_name(to),
			 gunyah_vm_state_name(vm->state));
		gunyah_vm_store_state(vm, to);
	}
	spin_unlock(&vm->status_lock);
	wake_up_all(&vm->status_wq);

	/* Only a configured VM gets this far. */
	if (to == GUNYAH_VM_INIT || to == GUNYAH_VM_READY ||
	    to == GUNYAH_VM_RUNNING || to == GUNYAH_VM_EXITED)
		vm->has_config = true;
	else if (to == GUNYAH_VM_LOAD)
		vm->has_config = false;
}

static void gunyah_vm_handle_status(struct gunyah_vm *vm,
				    const struct gunyah_rm_vm_status_payload *p)
{
	enum gunyah_vm_state to;

	spin_lock(&vm->status_lock);
	vm->rm_status = p->vm_status;
	if (!gunyah_vm_state_from_rm(p->vm_status, &to) &&
	    !__gunyah_vm_move(vm, to))
		pr_debug("VM %#x: RM reports %u in state %s, ignored\n",
			 vm->vmid, p->vm_status,
			 gunyah_vm_state_name(vm->state));
	spin_unlock(&vm->status_lock);
	wake_up_all(&vm->status_wq);
}

static void gunyah_vm_handle_exited(struct gunyah_vm *vm,
				    const struct gunyah_rm_vm_exited_payload *p)
{
	/* rm.c checked that the payload holds exit_reason_size bytes. */
	u32 size = min_t(u32, le32_to_cpu(p->exit_reason_size),
			 GUNYAH_VM_MAX_EXIT_REASON_SIZE);

	spin_lock(&vm->status_lock);
	memset(&vm->exit_info, 0, sizeof(vm->exit_info));
	vm->exit_info.type = le16_to_cpu(p->exit_type);
	vm->exit_info.reason_size = size;
	memcpy(vm->exit_info.reason, p->exit_reason, size);
	vm->exited = true;
	__gunyah_vm_move(vm, GUNYAH_VM_EXITED);
	spin_unlock(&vm->status_lock);
	wake_up_all(&vm->status_wq);
}

/**
 * gunyah_vm_notifier() - RM notifications about a VM
 * @nb: &gunyah_vm.nb
 * @action: notification id
 * @data: payload, at least as long as its structure (see rm.c)
 *
 * Runs on the RM's notification worker; takes only the status lock.
 *
 * Return: NOTIFY_OK if the notification was about this VM, else NOTIFY_DONE.
 */
int gunyah_vm_notifier(struct notifier_block *nb, unsigned long action,
		       void *data)
{
	struct gunyah_vm *vm = container_of(nb, struct gunyah_vm, nb);

	switch (action) {
	case GUNYAH_RM_NOTIF_VM_STATUS: {
		const struct gunyah_rm_vm_status_payload *p = data;

		if (le16_to_cpu(p->vmid) != vm->vmid)
			return NOTIFY_DONE;
		gunyah_vm_handle_status(vm, p);
		return NOTIFY_OK;
	}
	case GUNYAH_RM_NOTIF_VM_EXITED: {
		const struct gunyah_rm_vm_exited_payload *p = data;

		if (le16_to_cpu(p->vmid) != vm->vmid)
			return NOTIFY_DONE;
		gunyah_vm_handle_exited(vm, p);
		return NOTIFY_OK;
	}
	default:
		return NOTIFY_DONE;
	}
}

/* The memory range holding [addr, addr + size), or NULL. */
static struct gunyah_vm_mem *gunyah_vm_mem_holding(struct gunyah_vm *vm,
						   u64 addr, u64 size)
	__must_hold(&vm->lock)
{
	struct gunyah_vm_mem *mem;

	list_for_each_entry(mem, &vm->mem_list, node)
		if (addr >= mem->guest_addr &&
		    addr - mem->guest_addr < mem->size &&
		    size <= mem->size - (addr - mem->guest_addr))
			return mem;
	return NULL;
}

/**
 * gunyah_vm_plan_boot() - check the boot configuration before starting
 * @vm: the VM, whose lock the caller holds
 * @b: @b->protocol set by the caller; the rest is filled in
 *
 * Runs before anything reaches the RM. The open-source RM boots the VM at
 * an offset in the image parcel with X0 holding the DTB's address, and has
 * no way to set other registers.
 *
 * Return: 0; -EINVAL without a DTB, or if the DTB or the firmware is not
 * inside one memory range; -EOPNOTSUPP for a boot context the RM cannot
 * express.
 */
int gunyah_vm_plan_boot(struct gunyah_vm *vm, struct gunyah_vm_boot *b)
	__must_hold(&vm->lock)
{
	u64 pc;
	int reg;

	if (!vm->dtb.size)
		return -EINVAL;
	b->image = gunyah_vm_mem_holding(vm, vm->dtb.guest_phys_addr,
					 vm->dtb.size);
	if (!b->image)
		return -EINVAL;

	b->fw = NULL;
	if (vm->fw.size) {
		b->fw = gunyah_vm_mem_holding(vm, vm->fw.guest_phys_addr,
					      vm->fw.size);
		if (!b->fw)
			return -EINVAL;
	}

	b->image_offset = 0;
	if (b->protocol == GUNYAH_RM_PROTOCOL_FULL)
		return 0;

	for_each_set_bit(reg, vm->boot_set, GUNYAH_VM_BOOT_NR_REGS) {
		switch (reg) {
		case GUNYAH_VM_BOOT_PC:
			pc = vm->boot_regs[reg];
			if (pc < b->image->guest_addr ||
			    pc - b->image->guest_addr >= b->image->size)
				return -EOPNOTSUPP;
			b->image_offset = pc - b->image->guest_addr;
			break;
		case 0:
			if (vm->boot_regs[reg] != vm->dtb.guest_phys_addr)
				return -EOPNOTSUPP;
			break;
		default:
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

static int gunyah_vm_send_boot_context(struct gunyah_vm *vm)
	__must_hold(&vm->lock)
{
	int reg, ret;
	u8 set, index;

	for_each_set_bit(reg, vm->boot_set, GUNYAH_VM_BOOT_NR_REGS) {
		if (reg == GUNYAH_VM_BOOT_PC) {
			set = GUNYAH_RM_BOOT_CONTEXT_REG_SET_PC;
			index = 0;
		} else if (reg == GUNYAH_VM_BOOT_SP) {
			set = GUNYAH_RM_BOOT_CONTEXT_REG_SET_SP;
			index = 0;
		} else {
			set = GUNYAH_RM_BOOT_CONTEXT_REG_SET_X;
			index = reg;
		}
		ret = gunyah_rm_vm_set_boot_context(vm->rm, vm->vmid, set,
						    index, vm->boot_regs[reg]);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * The full protocol places memory itself: the image parcel's range, the
 * firmware's, and every other mapping at the guest address the VMM chose.
 */
static int gunyah_vm_send_layout(struct gunyah_vm *vm,
				 const struct gunyah_vm_boot *b)
	__must_hold(&vm->lock)
{
	struct gunyah_rm_mem_range *ranges;
	struct gunyah_vm_mem *mem;
	u32 n = 0;
	int ret;

	ret = gunyah_rm_vm_set_address_layout(vm->rm, vm->vmid,
					      GUNYAH_RM_RANGE_ID_IMAGE,
					      b->image->guest_addr,
					      b->image->size);
	if (!ret && b->fw)
		ret = gunyah_rm_vm_set_address_layout(vm->rm, vm->vmid,
						      GUNYAH_RM_RANGE_ID_FIRMWARE,
						      b->fw->guest_addr,
						      b->fw->size);
	if (ret)
		return ret;

	list_for_each_entry(mem, &vm->mem_list, node)
		n++;
	ranges = kcalloc(n, sizeof(*ranges), GFP_KERNEL);
	if (!ranges)
		return -ENOMEM;
	n = 0;
	list_for_each_entry(mem, &vm->mem_list, node) {
		if (mem == b->image)
			continue;
		ranges[n].phys_addr = mem->guest_addr;
		ranges[n].size = mem->size;
		n++;
	}
	ret = gunyah_rm_vm_set_demand_paging(vm->rm, vm->vmid, n, ranges);
	kfree(ranges);
	return ret;
}

/* VM_ALLOCATE, and listen to the VM's notifications. */
static int gunyah_vm_allocate(struct gunyah_vm *vm)
	__must_hold(&vm->lock)
{
	u16 vmid;
	int ret;

	ret = gunyah_rm_get_vmid(vm->rm, &vm->host_vmid);
	if (ret)
		return ret;
	ret = gunyah_rm_alloc_vmid(vm->rm, 0, &vmid);
	if (ret)
		return ret;

	spin_lock(&vm->status_lock);
	vm->vmid = vmid;
	vm->exited = false;
	vm->rm_status = 0;
	spin_unlock(&vm->status_lock);
	gunyah_vm_set_state(vm, GUNYAH_VM_LOAD);
	gunyah_rm_notifier_register(vm->rm, &vm->nb);
	vm->nb_registered = true;
	return 0;
}

static int gunyah_vm_configure(struct gunyah_vm *vm,
			       const struct gunyah_vm_boot *b)
	__must_hold(&vm->lock)
{
	u16 auth = b->fw ? GUNYAH_RM_VM_AUTH_QCOM_ANDROID_PVM :
			   GUNYAH_RM_VM_AUTH_NONE;
	int ret;

	ret = gunyah_rm_vm_configure(vm->rm, vm->vmid, auth,
				     b->image->mem_handle, b->image_offset, 0,
				     vm->dtb.guest_phys_addr -
				     b->image->guest_addr, vm->dtb.size);
	if (ret) {
		gunyah_vm_sync(vm);
		return ret;
	}
	vm->has_config = true;
	gunyah_vm_move(vm, GUNYAH_VM_INIT);

	if (b->fw) {
		ret = gunyah_rm_vm_set_firmware_mem(vm->rm, vm->vmid,
						    b->fw->mem_handle,
						    vm->fw.guest_phys_addr -
						    b->fw->guest_addr,
						    vm->fw.size);
		if (ret)
			return ret;
	}
	if (b->protocol == GUNYAH_RM_PROTOCOL_FULL)
		return gunyah_vm_send_boot_context(vm);
	return 0;
}

/**
 * gunyah_vm_start() - GUNYAH_VM_START
 * @vm: the VM, whose lock the caller holds
 *
 * Return: 0 if the VM runs (also if it already did); on failure what was
 * done is undone, see gunyah_vm_unwind().
 */
int gunyah_vm_start(struct gunyah_vm *vm)
	__must_hold(&vm->lock)
{
	struct gunyah_vm_boot boot = { };
	struct gunyah_vm_mem *mem;
	int ret, protocol;

	switch (gunyah_vm_state(vm)) {
	case GUNYAH_VM_RUNNING:
		return 0;
	case GUNYAH_VM_NEW:
		break;
	case GUNYAH_VM_DEAD:
		return -EIO;
	case GUNYAH_VM_EXITED:
		return -EBUSY;
	default:
		/* An earlier start was interrupted while undoing itself. */
		ret = gunyah_vm_unwind(vm, false);
		if (ret)
			return ret;
		break;
	}

	protocol = gunyah_rm_protocol(vm->rm);
	if (protocol < 0)
		return protocol;
	boot.protocol = protocol;
	ret = gunyah_vm_plan_boot(vm, &boot);
	if (ret)
		return ret;

	ret = gunyah_vm_allocate(vm);
	if (ret)
		return ret;

	list_for_each_entry(mem, &vm->mem_list, node) {
		ret = gunyah_vm_mem_give(vm, mem);
		if (ret)
			goto err_unwind;
	}
	if (boot.protocol == GUNYAH_RM_PROTOCOL_FULL) {
		ret = gunyah_vm_send_layout(vm, &boot);
		if (ret)
			goto err_unwind;
	}
	ret = gunyah_vm_configure(vm, &boot);
	if (ret)
		goto err_unwind;

	ret = gunyah_rm_vm_init(vm->rm, vm->vmid);
	if (ret) {
		gunyah_vm_sync(vm);
		goto err_unwind;
	}
	gunyah_vm_move(vm, GUNYAH_VM_READY);

	/* The VM's resources exist now; the functions get them before it runs. */
	ret = gunyah_vm_populate_resources(vm);
	if (ret)
		goto err_unwind;

	ret = gunyah_rm_vm_start(vm->rm, vm->vmid);
	if (ret) {
		gunyah_vm_sync(vm);
		goto err_unwind;
	}
	gunyah_vm_move(vm, GUNYAH_VM_RUNNING);
	return 0;

err_unwind:
	gunyah_vm_unwind(vm, false);
	return ret;
}

/* Forced stop of a running VM: it ends EXITED. */
static int gunyah_vm_stop(struct gunyah_vm *vm)
	__must_hold(&vm->lock)
{
	int ret;

	ret = gunyah_rm_vm_stop(vm->rm, vm->vmid, true, 0);
	if (!ret) {
		gunyah_vm_move(vm, GUNYAH_VM_EXITED);
		return 0;
	}
	/* The guest may have exited on its own meanwhile. */
	gunyah_vm_sync(vm);
	if (gunyah_vm_state(vm) == GUNYAH_VM_EXITED)
		return 0;
	return ret;
}

/* VM_RESET, then wait until the RM reports the VM reset. */
static int gunyah_vm_reset(struct gunyah_vm *vm)
	__must_hold(&vm->lock)
{
	long left;
	int ret;

	if (gunyah_vm_state(vm) != GUNYAH_VM_RESETTING) {
		ret = gunyah_rm_vm_reset(vm->rm, vm->vmid);
		if (ret)
			return ret;
		gunyah_vm_move(vm, GUNYAH_VM_RESETTING);
	}

	/*
	 * Killable: a killed caller leaves the VM RESETTING and the next
	 * unwind waits again. The final teardown runs on a worker, which
	 * signals never interrupt.
	 */
	left = wait_event_killable_timeout(vm->status_wq,
					   gunyah_vm_state(vm) ==
					   GUNYAH_VM_RESET,
					   GUNYAH_VM_RESET_TIMEOUT);
	if (left < 0)
		return -EINTR;
	if (!left)
		return -ETIMEDOUT;
	vm->has_config = false;
	return 0;
}

static int gunyah_vm_dealloc(struct gunyah_vm *vm)
	__must_hold(&vm->lock)
{
	int ret;

	ret = gunyah_rm_dealloc_vmid(vm->rm, vm->vmid);
	if (ret)
		return ret;
	if (vm->nb_registered) {
		gunyah_rm_notifier_unregister(vm->rm, &vm->nb);
		vm->nb_registered = false;
	}
	gunyah_vm_set_state(vm, GUNYAH_VM_NEW);
	spin_lock(&vm->status_lock);
	vm->vmid = 0;
	spin_unlock(&vm->status_lock);
	return 0;
}

static void gunyah_vm_die(struct gunyah_vm *vm, const char *what, int err)
	__must_hold(&vm->lock)
{
	pr_warn("VM %#x: %s failed (%d) in state %s: its VM id and any memory it holds are leaked\n",
		vm->vmid, what, err, gunyah_vm_state_name(gunyah_vm_state(vm)));
	gunyah_vm_set_state(vm, GUNYAH_VM_DEAD);
}

/* Take back all memory the VM was given. */
static int gunyah_vm_take_all(struct gunyah_vm *vm, bool final)
	__must_hold(&vm->lock)
{
	struct gunyah_vm_mem *mem;
	int ret, first = 0;

	list_for_each_entry_reverse(mem, &vm->mem_list, node) {
		ret = gunyah_vm_mem_take(vm, mem, final);
		if (ret && !first)
			first = ret;
	}
	return first;
}

/**
 * gunyah_vm_unwind() - undo a VM's life at the RM, back to NEW
 * @vm: the VM, whose lock the caller holds
 * @final: the VM is going away: whatever cannot be undone is leaked (and
 *         the VM ends DEAD) instead of being left for a later attempt
 *
 * Walks the states in the reverse order of the start sequence: stop, take
 * the hypervisor resources back from the functions, reset (waiting for the
 * RM), take the memory back, release the VM id. Each step
 * runs once, for the state it handles; there is no loop.
 *
 * Return: 0 when the VM is NEW again; otherwise the first error, with the
 * VM left in a state from which a later unwind continues (or DEAD).
 */
int gunyah_vm_unwind(struct gunyah_vm *vm, bool final)
	__must_hold(&vm->lock)
{
	enum gunyah_vm_state state = gunyah_vm_state(vm);
	int ret;

	if (state == GUNYAH_VM_NEW)
		return 0;
	if (state == GUNYAH_VM_DEAD)
		return -EIO;

	/* Start from what the RM knows, not from what we last saw. */
	gunyah_vm_sync(vm);
	state = gunyah_vm_state(vm);

	if (state == GUNYAH_VM_RUNNING) {
		ret = gunyah_vm_stop(vm);
		if (ret)
			goto fail_stop;
	}

	/* Nothing may use the VM's capabilities once it is reset. */
	gunyah_vm_clean_resources(vm);

	/* The RM resets only READY, EXITED and INIT_FAILED VMs. */
	if (gunyah_vm_state(vm) == GUNYAH_VM_INIT) {
		ret = gunyah_rm_vm_init(vm->rm, vm->vmid);
		if (ret)
			gunyah_vm_sync(vm);
		else
			gunyah_vm_move(vm, GUNYAH_VM_READY);
	}

	state = gunyah_vm_state(vm);
	if (vm->has_config &&
	    (state == GUNYAH_VM_READY || state == GUNYAH_VM_EXITED ||
	     state == GUNYAH_VM_INIT_FAILED || state == GUNYAH_VM_RESETTING)) {
		ret = gunyah_vm_reset(vm);
		if (ret)
			goto fail_reset;
	}

	/*
	 * Parcels the RM accepted for the VM were released by the reset;
	 * parcels it never accepted can be reclaimed at once.
	 */
	ret = gunyah_vm_take_all(vm, final);
	if (ret && !final)
		return ret;

	state = gunyah_vm_state(vm);
	if (state != GUNYAH_VM_LOAD && state != GUNYAH_VM_RESET) {
		/* INIT_FAILED without a config: the RM can neither reset
		 * nor release it.
		 */
		gunyah_vm_die(vm, "unwinding", -EBUSY);
		return -EIO;
	}
	ret = gunyah_vm_dealloc(vm);
	if (ret) {
		if (final)
			gunyah_vm_die(vm, "VM_DEALLOCATE", ret);
		return ret;
	}
	return 0;

fail_stop:
	if (final)
		gunyah_vm_die(vm, "VM_STOP", ret);
	return ret;
fail_reset:
	if (final) {
		gunyah_vm_die(vm, "VM_RESET", ret);
		/* Memory the RM never accepted can still come back. */
		gunyah_vm_take_all(vm, true);
	}
	return ret;
}

/**
 * gunyah_vm_ensure_started() - start a VM that is still NEW
 * @vm: the VM
 *
 * For a vCPU's first run. A VM that runs, ran, or is being undone is left
 * as it is: the caller learns its fate from gunyah_vm_exit_status().
 *
 * Return: 0, or the error of GUNYAH_VM_START; -EINTR if killed.
 */
int gunyah_vm_ensure_started(struct gunyah_vm *vm)
{
	int ret;

	if (READ_ONCE(vm->state) == GUNYAH_VM_RUNNING)
		return 0;
	/* A start in progress holds the lock: wait for it to finish. */
	ret = mutex_lock_killable(&vm->lock);
	if (ret)
		return ret;
	if (READ_ONCE(vm->state) == GUNYAH_VM_NEW)
		ret = gunyah_vm_start(vm);
	mutex_unlock(&vm->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(gunyah_vm_ensure_started);

/* Exit types of VM_EXITED that mean the guest crashed (ABI section 4.4) */
#define GUNYAH_VM_EXIT_CRASH_TYPES	(BIT(GUNYAH_VM_EXIT_TYPE_WDT_BITE) | \
					 BIT(GUNYAH_VM_EXIT_TYPE_HYP_ERROR) | \
					 BIT(GUNYAH_VM_EXIT_TYPE_ASYNC_EXT_ABORT))

/**
 * gunyah_vm_exit_status() - has the VM stopped running, and how?
 * @vm: the VM
 * @info: if not NULL and the VM stopped, why (from its VM_EXITED)
 *
 * Return: 0 while the VM has not stopped (not yet started, starting or
 * running), or stopped but its VM_EXITED notification is still on its way;
 * GUNYAH_VM_STATUS_LOAD_FAILED if the RM failed to start it;
 * GUNYAH_VM_STATUS_CRASHED if it exited with a crash type or a non-zero
 * exit code; GUNYAH_VM_STATUS_EXITED otherwise.
 */
u32 gunyah_vm_exit_status(struct gunyah_vm *vm,
			  struct gunyah_vm_exit_info *info)
{
	u32 status = GUNYAH_VM_STATUS_EXITED;

	/* Each of a vCPU's exits asks: answer the common case without a lock. */
	if (READ_ONCE(vm->state) == GUNYAH_VM_RUNNING)
		return 0;
	spin_lock(&vm->status_lock);
	switch (vm->state) {
	case GUNYAH_VM_NEW:
	case GUNYAH_VM_LOAD:
	case GUNYAH_VM_INIT:
	case GUNYAH_VM_READY:
	case GUNYAH_VM_RUNNING:
		status = 0;
		break;
	case GUNYAH_VM_INIT_FAILED:
		status = GUNYAH_VM_STATUS_LOAD_FAILED;
		break;
	case GUNYAH_VM_EXITED:
		/* VM_STATUS(EXITED) comes first; wait for VM_EXITED's reason. */
		if (!vm->exited) {
			status = 0;
			break;
		}
		fallthrough;
	default:
		if (!vm->exited)
			break;
		if ((vm->exit_info.type < BITS_PER_LONG &&
		     BIT(vm->exit_info.type) & GUNYAH_VM_EXIT_CRASH_TYPES) ||
		    gunyah_vm_exit_reason_word(&vm->exit_info) >> 16)
			status = GUNYAH_VM_STATUS_CRASHED;
		break;
	}
	if (status && info)
		*info = vm->exit_info;
	spin_unlock(&vm->status_lock);
	return status;
}
EXPORT_SYMBOL_GPL(gunyah_vm_exit_status);

/**
 * gunyah_vm_wait_exit() - wait briefly for the RM to report the VM stopped
 * @vm: the VM
 *
 * A vCPU that the hypervisor reports exited learns why only from the RM's
 * notification, which may still be on its way.
 *
 * Return: 0 once gunyah_vm_exit_status() is not 0; -ETIMEDOUT after a
 * second; -ERESTARTSYS on a signal.
 */
int gunyah_vm_wait_exit(struct gunyah_vm *vm)
{
	long left;

	left = wait_event_interruptible_timeout(vm->status_wq,
						gunyah_vm_exit_status(vm, NULL),
						HZ);
	if (left < 0)
		return left;
	return left ? 0 : -ETIMEDOUT;
}
EXPORT_SYMBOL_GPL(gunyah_vm_wait_exit);
