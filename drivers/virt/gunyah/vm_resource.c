// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hypervisor resources of a VM and the tickets that claim them.
 *
 * Once VM_INIT succeeded, the start sequence asks the RM for the VM's
 * resources (VM_GET_HYP_RESOURCES) and hands each one to the ticket with
 * its (type, label). Resources nobody claims are kept for a ticket added
 * later; a ticket added while the VM has resources is populated at once.
 * When the VM is unwound at the RM, every ticket gives its resources back
 * (unpopulate) and they are freed; the tickets stay, for the next start.
 */

#define pr_fmt(fmt) "gunyah_vm: " fmt

#include <linux/errno.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/slab.h>

#include "vm_mgr.h"

/**
 * gunyah_vm_resources_init() - set up a new VM's resources and tickets
 * @vm: the VM
 */
void gunyah_vm_resources_init(struct gunyah_vm *vm)
{
	mutex_init(&vm->resources_lock);
	INIT_LIST_HEAD(&vm->resources);
	INIT_LIST_HEAD(&vm->resource_tickets);
}

static struct gunyah_vm_resource_ticket *
gunyah_vm_find_ticket(struct gunyah_vm *vm, u32 type, u32 label)
	__must_hold(&vm->resources_lock)
{
	struct gunyah_vm_resource_ticket *ticket;

	list_for_each_entry(ticket, &vm->resource_tickets, vm_list)
		if (ticket->resource_type == type && ticket->label == label)
			return ticket;
	return NULL;
}

static bool gunyah_resource_in(const struct list_head *list, u32 type,
			       u32 label)
{
	struct gunyah_resource *ghrsc;

	list_for_each_entry(ghrsc, list, list)
		if (ghrsc->type == type && ghrsc->label == label)
			return true;
	return false;
}

/**
 * gunyah_vm_add_resource_ticket() - claim the resources of a type and label
 * @vm: the VM
 * @ticket: the ticket, with all but its list heads filled in; it must stay
 *          valid until removed
 *
 * If the VM has the resource already, @ticket->populate() gets it before
 * this returns.
 *
 * Return: 0; -EEXIST if the VM has a ticket with this type and label;
 * -ENODEV if the owner module is going away.
 */
int gunyah_vm_add_resource_ticket(struct gunyah_vm *vm,
				  struct gunyah_vm_resource_ticket *ticket)
{
	struct gunyah_resource *ghrsc, *next;
	int ret = 0;

	mutex_lock(&vm->resources_lock);
	if (gunyah_vm_find_ticket(vm, ticket->resource_type, ticket->label)) {
		ret = -EEXIST;
		goto out_unlock;
	}
	if (!try_module_get(ticket->owner)) {
		ret = -ENODEV;
		goto out_unlock;
	}
	INIT_LIST_HEAD(&ticket->resources);
	list_add_tail(&ticket->vm_list, &vm->resource_tickets);

	list_for_each_entry_safe(ghrsc, next, &vm->resources, list)
		if (ghrsc->type == ticket->resource_type &&
		    ghrsc->label == ticket->label &&
		    ticket->populate(ticket, ghrsc))
			list_move_tail(&ghrsc->list, &ticket->resources);
out_unlock:
	mutex_unlock(&vm->resources_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(gunyah_vm_add_resource_ticket);

/**
 * gunyah_vm_remove_resource_ticket() - withdraw a ticket
 * @vm: the VM
 * @ticket: a ticket added to @vm
 *
 * @ticket->unpopulate() gives back every resource the ticket holds; they
 * stay with the VM for a later ticket.
 */
void gunyah_vm_remove_resource_ticket(struct gunyah_vm *vm,
				      struct gunyah_vm_resource_ticket *ticket)
{
	struct gunyah_resource *ghrsc, *next;

	mutex_lock(&vm->resources_lock);
	list_for_each_entry_safe(ghrsc, next, &ticket->resources, list) {
		ticket->unpopulate(ticket, ghrsc);
		list_move_tail(&ghrsc->list, &vm->resources);
	}
	list_del(&ticket->vm_list);
	mutex_unlock(&vm->resources_lock);

	module_put(ticket->owner);
}
EXPORT_SYMBOL_GPL(gunyah_vm_remove_resource_ticket);

/* The Linux IRQ of a resource: 0 without a virq or a mapping for it. */
static int gunyah_vm_resource_irq(struct gunyah_vm *vm, u32 virq)
{
	int irq;

	if (!virq)
		return 0;
	irq = gunyah_rm_map_virq(vm->rm, virq);
	return irq == -ENXIO ? 0 : irq;
}

static void gunyah_resource_free(struct gunyah_vm *vm,
				 struct gunyah_resource *ghrsc)
{
	if (ghrsc->irq)
		gunyah_rm_unmap_virq(vm->rm, ghrsc->irq);
	kfree(ghrsc);
}

/* Hand one new resource to its ticket, or keep it; false if a duplicate. */
static bool gunyah_vm_add_resource(struct gunyah_vm *vm,
				   struct gunyah_resource *ghrsc)
	__must_hold(&vm->resources_lock)
{
	struct gunyah_vm_resource_ticket *ticket;

	ticket = gunyah_vm_find_ticket(vm, ghrsc->type, ghrsc->label);
	if (gunyah_resource_in(&vm->resources, ghrsc->type, ghrsc->label) ||
	    (ticket && gunyah_resource_in(&ticket->resources, ghrsc->type,
					  ghrsc->label)))
		return false;

	if (ticket && ticket->populate(ticket, ghrsc))
		list_add_tail(&ghrsc->list, &ticket->resources);
	else
		list_add_tail(&ghrsc->list, &vm->resources);
	return true;
}

/**
 * gunyah_vm_add_resources() - take the resources the RM reported
 * @vm: the VM
 * @res: the decoded VM_GET_HYP_RESOURCES reply
 *
 * An entry with the (type, label) of a resource the VM has already is
 * dropped with a warning. On failure the resources added so far stay with
 * the VM; gunyah_vm_clean_resources() frees them.
 *
 * Return: 0; -ENOMEM; or the error of mapping an entry's interrupt (other
 * than -ENXIO, which leaves the resource without an IRQ).
 */
int gunyah_vm_add_resources(struct gunyah_vm *vm,
			    const struct gunyah_rm_hyp_resources *res)
{
	const struct gunyah_rm_hyp_resource *r;
	struct gunyah_resource *ghrsc;
	bool added;
	u32 i;

	for (i = 0; i < res->n_entries; i++) {
		r = &res->entries[i];
		ghrsc = kzalloc(sizeof(*ghrsc), GFP_KERNEL_ACCOUNT);
		if (!ghrsc)
			return -ENOMEM;
		ghrsc->type = r->type;
		ghrsc->capid = r->cap_id;
		ghrsc->label = r->resource_label;
		ghrsc->irq = gunyah_vm_resource_irq(vm, r->virq);
		if (ghrsc->irq < 0) {
			int ret = ghrsc->irq;

			kfree(ghrsc);
			return ret;
		}

		mutex_lock(&vm->resources_lock);
		added = gunyah_vm_add_resource(vm, ghrsc);
		mutex_unlock(&vm->resources_lock);
		if (!added) {
			pr_warn_ratelimited("VM %#x: duplicate resource type %u label %u dropped\n",
					    vm->vmid, ghrsc->type, ghrsc->label);
			gunyah_resource_free(vm, ghrsc);
		}
	}
	return 0;
}

/**
 * gunyah_vm_populate_resources() - fetch the VM's resources from the RM
 * @vm: the VM, whose lock the caller holds; VM_INIT succeeded
 *
 * Return: 0 or a negative errno; see gunyah_vm_add_resources().
 */
int gunyah_vm_populate_resources(struct gunyah_vm *vm)
	__must_hold(&vm->lock)
{
	struct gunyah_rm_hyp_resources *res;
	int ret;

	ret = gunyah_rm_get_hyp_resources(vm->rm, vm->vmid, &res);
	if (ret)
		return ret;
	ret = gunyah_vm_add_resources(vm, res);
	kfree(res);
	return ret;
}

/**
 * gunyah_vm_clean_resources() - take every resource back and free it
 * @vm: the VM
 *
 * For a VM being unwound at the RM: its capabilities are about to become
 * invalid. The tickets stay registered. Does nothing if the VM has no
 * resources.
 */
void gunyah_vm_clean_resources(struct gunyah_vm *vm)
{
	struct gunyah_vm_resource_ticket *ticket;
	struct gunyah_resource *ghrsc, *next;
	LIST_HEAD(gone);

	mutex_lock(&vm->resources_lock);
	list_for_each_entry(ticket, &vm->resource_tickets, vm_list) {
		list_for_each_entry_safe(ghrsc, next, &ticket->resources, list) {
			ticket->unpopulate(ticket, ghrsc);
			list_move_tail(&ghrsc->list, &gone);
		}
	}
	list_splice_tail_init(&vm->resources, &gone);
	mutex_unlock(&vm->resources_lock);

	list_for_each_entry_safe(ghrsc, next, &gone, list)
		gunyah_resource_free(vm, ghrsc);
}
