// SPDX-License-Identifier: GPL-2.0-only
/*
 * Planted defects for the gate self-test: the driver's lists walked
 * without their lock (gunyah_list_lock.cocci).
 */

#include <linux/list.h>
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

unsigned long gate_list_unlocked(struct gate_vm *vm);
unsigned long gate_list_unlocked(struct gate_vm *vm)
{
	struct gate_mem *mem;
	unsigned long total = 0;

	list_for_each_entry(mem, &vm->mem_list, node)	/* no vm->lock */
		total += mem->size;
	return total;
}

unsigned long gate_list_wrong_lock(struct gate_vm *vm);
unsigned long gate_list_wrong_lock(struct gate_vm *vm)
{
	struct gate_mem *mem;
	unsigned long total = 0;

	mutex_lock(&vm->lock);
	list_for_each_entry(mem, &vm->functions, node)	/* needs fn_lock */
		total += mem->size;
	mutex_unlock(&vm->lock);
	return total;
}

unsigned long gate_list_released(struct gate_vm *vm);
unsigned long gate_list_released(struct gate_vm *vm)
{
	struct gate_mem *mem;
	unsigned long total = 0;

	mutex_lock(&vm->lock);
	total = 1;
	mutex_unlock(&vm->lock);
	list_for_each_entry(mem, &vm->mem_list, node)	/* lock released */
		total += mem->size;
	return total;
}

unsigned long gate_list_global(void);
unsigned long gate_list_global(void)
{
	struct gate_mem *mem;
	unsigned long total = 0;

	list_for_each_entry(mem, &sim_bells, node)	/* no sim_bell_lock */
		total += mem->size;
	return total;
}
