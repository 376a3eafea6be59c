// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must-not-fire fixture for the gate self-test: the driver's lists walked
 * under their lock, or by a function that requires it.
 */

#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

struct gate_vm {
	struct mutex lock;
	struct list_head mem_list;
	struct mutex fn_lock;
	struct list_head functions;
};

struct gate_mem {
	struct list_head node;
	unsigned long size;
};

static LIST_HEAD(sim_bells);
static DEFINE_SPINLOCK(sim_bell_lock);

unsigned long gate_list_locked(struct gate_vm *vm);
unsigned long gate_list_locked(struct gate_vm *vm)
{
	struct gate_mem *mem;
	unsigned long total = 0;

	if (mutex_lock_killable(&vm->lock))
		return 0;
	list_for_each_entry(mem, &vm->mem_list, node)
		total += mem->size;
	mutex_unlock(&vm->lock);
	return total;
}

unsigned long gate_list_must_hold(struct gate_vm *vm)
	__must_hold(&vm->fn_lock)
{
	struct gate_mem *mem;
	unsigned long total = 0;

	list_for_each_entry(mem, &vm->functions, node)
		total += mem->size;
	return total;
}

unsigned long gate_list_asserted(struct gate_vm *vm);
unsigned long gate_list_asserted(struct gate_vm *vm)
{
	struct gate_mem *mem;
	unsigned long total = 0;

	lockdep_assert_held(&vm->lock);
	list_for_each_entry(mem, &vm->mem_list, node)
		total += mem->size;
	return total;
}

unsigned long gate_list_spliced(struct gate_vm *vm);
unsigned long gate_list_spliced(struct gate_vm *vm)
{
	struct gate_mem *mem, *next;
	unsigned long total = 0;
	LIST_HEAD(gone);

	mutex_lock(&vm->lock);
	list_splice_init(&vm->mem_list, &gone);
	mutex_unlock(&vm->lock);
	list_for_each_entry_safe(mem, next, &gone, node)
		total += mem->size;
	return total;
}

unsigned long gate_list_global_locked(void);
unsigned long gate_list_global_locked(void)
{
	struct gate_mem *mem;
	unsigned long total = 0;
	unsigned long flags;

	spin_lock_irqsave(&sim_bell_lock, flags);
	list_for_each_entry(mem, &sim_bells, node)
		total += mem->size;
	spin_unlock_irqrestore(&sim_bell_lock, flags);
	return total;
}
