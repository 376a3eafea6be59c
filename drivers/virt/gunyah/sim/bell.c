// SPDX-License-Identifier: GPL-2.0-only
/*
 * Gunyah simulator: doorbells (ABI sections 1.9 and 11.5), and the
 * doorbell hypercalls of the backend.
 *
 * At VM_INIT the RM creates one doorbell for each "doorbell" and
 * "doorbell-source" vdevice of the VM's DT (see sim_fdt_vm_doorbells()),
 * the host being the peer:
 *
 * - "doorbell": the host is the sender, with a capability with the SEND
 *   right only (BELL_TX). The guest model is the receiver: a doorbell whose
 *   flags become pending while enabled raises the guest's interrupt, which
 *   ends a WFI of any of its vCPUs (see sim_guest_bell_wake() and
 *   sim_bell_take()).
 * - "doorbell-source": the guest is the sender (DOORBELL_SEND of its guest
 *   program, sim_bell_guest_send()). The host receives, with a capability
 *   with the RECEIVE right only (BELL_RX) and an interrupt of the guest
 *   model's pool, raised when flags become pending while enabled.
 *
 * The host may send from any context, hard interrupts included (an irqfd
 * sends from an eventfd's wake-up callback), so the doorbells live in one
 * list under an IRQ-safe spinlock and never need &sim_rm.lock. They belong
 * to their guest and are freed with it, that is when the VM is reset or
 * deallocated.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "sim.h"

/* Doorbell rights (ABI section 1.8). */
#define SIM_BELL_RIGHT_SEND	BIT(0)
#define SIM_BELL_RIGHT_RECEIVE	BIT(1)

/**
 * struct sim_bell - a doorbell; protected by sim_bell_lock
 * @node: entry in sim_bells
 * @guest: the guest, which owns the doorbell
 * @source: the guest sends and the host receives ("doorbell-source")
 * @irq_slot: with @source, the host's interrupt in the guest model's pool
 * @cap: the host's capability ID
 * @rights: the rights of @cap
 * @flags: the pending flags
 * @enable_mask: flags that raise the interrupt
 * @ack_mask: flags cleared when the interrupt is raised
 * @raised: the receiver's interrupt is pending; for the guest, WFI takes it
 */
struct sim_bell {
	struct list_head node;
	struct sim_guest *guest;
	bool source;
	int irq_slot;
	u64 cap;
	u32 rights;
	u64 flags;
	u64 enable_mask;
	u64 ack_mask;
	bool raised;
};

static DEFINE_SPINLOCK(sim_bell_lock);
static LIST_HEAD(sim_bells);	/* under sim_bell_lock */

static struct sim_bell *sim_bell_find(u64 capid)
	__must_hold(&sim_bell_lock)
{
	struct sim_bell *b;

	lockdep_assert_held(&sim_bell_lock);
	list_for_each_entry(b, &sim_bells, node)
		if (b->cap == capid)
			return b;
	return NULL;
}

/*
 * The doorbell of @capid if it has @right, or the hypervisor's error: a
 * message queue capability is of the wrong type, any other capability
 * that is no doorbell's is an empty slot.
 */
static enum gunyah_error sim_bell_lookup(u64 capid, u32 right,
					 struct sim_bell **bp)
	__must_hold(&sim_bell_lock)
{
	struct sim_bell *b = sim_bell_find(capid);

	if (!b) {
		if (capid == SIM_CAP_RM_TX || capid == SIM_CAP_RM_RX ||
		    capid == SIM_CAP_LOOPBACK)
			return GUNYAH_ERROR_CSPACE_WRONG_OBJ_TYPE;
		return GUNYAH_ERROR_CSPACE_CAP_NULL;
	}
	if (!(b->rights & right))
		return GUNYAH_ERROR_CSPACE_INSUF_RIGHTS;
	*bp = b;
	return GUNYAH_ERROR_OK;
}

/*
 * Re-evaluate the interrupt: it is raised while enabled flags are pending,
 * and raising it clears the flags of the ack mask.
 */
static void sim_bell_update(struct sim_bell *b)
	__must_hold(&sim_bell_lock)
{
	if (!(b->flags & b->enable_mask)) {
		b->raised = false;
		return;
	}
	b->raised = true;
	b->flags &= ~b->ack_mask;
	if (b->source) {
		sim_guest_irq_raise(b->irq_slot);	/* edge */
		return;
	}
	/* Paired with the barrier in sim_guest_wfi_done(). */
	smp_mb();
	sim_guest_bell_wake(b->guest);
}

/**
 * sim_bell_add() - create a doorbell of a guest, the host as its peer
 * @g: the guest
 * @cap: the capability ID of the host
 * @source: the guest sends ("doorbell-source"), the host receiving with
 *          the RECEIVE right; otherwise the host sends, with SEND
 * @virq: with @source, set to the host's interrupt (0 if the pool is used
 *        up); otherwise 0
 *
 * Context: &sim_rm.lock held.
 * Return: 0 or -ENOMEM.
 */
int sim_bell_add(struct sim_guest *g, u64 cap, bool source, u32 *virq)
	__must_hold(&sim_rm.lock)
{
	struct sim_bell *b;

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	b->guest = g;
	b->source = source;
	b->irq_slot = source ? sim_guest_irq_alloc() : -1;
	b->cap = cap;
	b->rights = source ? SIM_BELL_RIGHT_RECEIVE : SIM_BELL_RIGHT_SEND;
	b->enable_mask = ~0ULL;
	*virq = sim_guest_irq_virq(b->irq_slot);
	spin_lock_irq(&sim_bell_lock);
	list_add_tail(&b->node, &sim_bells);
	spin_unlock_irq(&sim_bell_lock);
	return 0;
}

/**
 * sim_bell_remove_all() - destroy the doorbells of a guest
 * @g: the guest, which is about to be freed
 *
 * Once this returns no sender can reach @g through a doorbell.
 *
 * Context: &sim_rm.lock held.
 */
void sim_bell_remove_all(struct sim_guest *g)
	__must_hold(&sim_rm.lock)
{
	struct sim_bell *b, *tmp;
	LIST_HEAD(dead);

	spin_lock_irq(&sim_bell_lock);
	list_for_each_entry_safe(b, tmp, &sim_bells, node)
		if (b->guest == g)
			list_move(&b->node, &dead);
	spin_unlock_irq(&sim_bell_lock);
	list_for_each_entry_safe(b, tmp, &dead, node) {
		sim_guest_irq_free(b->irq_slot);
		kfree(b);
	}
}

/**
 * sim_bell_take() - the guest takes its doorbells' interrupts
 * @g: the guest
 *
 * Stands in for the guest's interrupt handler: each doorbell of @g whose
 * interrupt is raised has it taken, and its flags received (cleared).
 *
 * Context: a vCPU of @g runs (holds its slot), so @g exists.
 * Return: whether any interrupt was raised.
 */
bool sim_bell_take(struct sim_guest *g)
{
	unsigned long irqflags;
	struct sim_bell *b;
	bool taken = false;

	spin_lock_irqsave(&sim_bell_lock, irqflags);
	list_for_each_entry(b, &sim_bells, node) {
		if (b->guest != g || b->source || !b->raised)
			continue;
		b->raised = false;
		b->flags = 0;
		taken = true;
	}
	spin_unlock_irqrestore(&sim_bell_lock, irqflags);
	return taken;
}

/**
 * sim_bell_guest_send() - a guest sends to one of its doorbell-sources
 * @g: the guest
 * @index: which: 0 for the first "doorbell-source" vdevice of its DT. The
 *         guest model knows no capabilities: this stands in for the one the
 *         RM would write in the guest's DT.
 * @flags: flags to set
 * @old_flags: set to the flags before the call
 *
 * Context: a vCPU of @g runs (holds its slot), so @g exists; any context.
 * Return: false if @g has no such doorbell (*@old_flags unchanged).
 */
bool sim_bell_guest_send(struct sim_guest *g, u64 index, u64 flags,
			 u64 *old_flags)
{
	unsigned long irqflags;
	struct sim_bell *b;
	bool found = false;

	spin_lock_irqsave(&sim_bell_lock, irqflags);
	list_for_each_entry(b, &sim_bells, node) {
		if (b->guest != g || !b->source || index--)
			continue;
		*old_flags = b->flags;
		b->flags |= flags;
		sim_bell_update(b);
		found = true;
		break;
	}
	spin_unlock_irqrestore(&sim_bell_lock, irqflags);
	return found;
}

/**
 * sim_bell_send() - the doorbell_send hypercall
 * @capid: a doorbell capability with the SEND right
 * @new_flags: flags to set
 * @old_flags: set to the flags before the call
 *
 * Context: any.
 * Return: OK, or a capability error.
 */
enum gunyah_error sim_bell_send(u64 capid, u64 new_flags, u64 *old_flags)
{
	enum gunyah_error ret;
	unsigned long irqflags;
	struct sim_bell *b;

	*old_flags = 0;
	spin_lock_irqsave(&sim_bell_lock, irqflags);
	ret = sim_bell_lookup(capid, SIM_BELL_RIGHT_SEND, &b);
	if (ret == GUNYAH_ERROR_OK) {
		*old_flags = b->flags;
		b->flags |= new_flags;
		sim_bell_update(b);
	}
	spin_unlock_irqrestore(&sim_bell_lock, irqflags);
	return ret;
}

/**
 * sim_bell_receive() - the doorbell_receive hypercall
 * @capid: a doorbell capability with the RECEIVE right
 * @clear_flags: flags to clear, non-zero
 * @old_flags: set to the flags before the call
 *
 * The host receives only the doorbells of "doorbell-source" vdevices: on
 * the others its calls fail with CSPACE_INSUF_RIGHTS.
 *
 * Context: any.
 * Return: OK, ARG_INVAL for @clear_flags 0, or a capability error.
 */
enum gunyah_error sim_bell_receive(u64 capid, u64 clear_flags,
				   u64 *old_flags)
{
	enum gunyah_error ret;
	unsigned long irqflags;
	struct sim_bell *b;

	*old_flags = 0;
	spin_lock_irqsave(&sim_bell_lock, irqflags);
	ret = sim_bell_lookup(capid, SIM_BELL_RIGHT_RECEIVE, &b);
	if (ret == GUNYAH_ERROR_OK && !clear_flags)
		ret = GUNYAH_ERROR_ARG_INVAL;
	if (ret == GUNYAH_ERROR_OK) {
		*old_flags = b->flags;
		b->flags &= ~clear_flags;
		if (!(b->flags & b->enable_mask))
			b->raised = false;
	}
	spin_unlock_irqrestore(&sim_bell_lock, irqflags);
	return ret;
}

/**
 * sim_bell_set_mask() - the doorbell_mask hypercall
 * @capid: a doorbell capability with the RECEIVE right
 * @enable_mask: flags that raise the interrupt
 * @ack_mask: flags cleared when it is raised
 *
 * The interrupt is raised or lowered if the enabled-pending state changes:
 * a doorbell whose pending flags are all masked does not raise it.
 *
 * Context: any.
 * Return: OK, or a capability error.
 */
enum gunyah_error sim_bell_set_mask(u64 capid, u64 enable_mask, u64 ack_mask)
{
	enum gunyah_error ret;
	unsigned long irqflags;
	struct sim_bell *b;

	spin_lock_irqsave(&sim_bell_lock, irqflags);
	ret = sim_bell_lookup(capid, SIM_BELL_RIGHT_RECEIVE, &b);
	if (ret == GUNYAH_ERROR_OK) {
		b->enable_mask = enable_mask;
		b->ack_mask = ack_mask;
		sim_bell_update(b);
	}
	spin_unlock_irqrestore(&sim_bell_lock, irqflags);
	return ret;
}
