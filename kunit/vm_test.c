// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the VM manager's logic that needs no Resource Manager: the
 * state table, the RM status mapping, the argument checks of the VM ioctls,
 * the ordering and overlap rules of a VM's memory list, and the boot plan
 * for both RM protocol levels.
 */

#include <kunit/test.h>
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/gunyah_rm.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "vm_mgr.h"

#define ST(s)	GUNYAH_VM_##s

/* Every legal move, written out independently of vm_state.c's table. */
static const struct {
	enum gunyah_vm_state from, to;
} vm_legal[] = {
	{ ST(NEW), ST(LOAD) },
	{ ST(LOAD), ST(INIT) }, { ST(LOAD), ST(INIT_FAILED) },
	{ ST(LOAD), ST(NEW) },
	{ ST(INIT), ST(READY) }, { ST(INIT), ST(INIT_FAILED) },
	{ ST(READY), ST(RUNNING) }, { ST(READY), ST(INIT_FAILED) },
	{ ST(READY), ST(RESETTING) },
	{ ST(RUNNING), ST(EXITED) },
	{ ST(EXITED), ST(RESETTING) },
	{ ST(INIT_FAILED), ST(RESETTING) },
	{ ST(RESETTING), ST(RESET) },
	{ ST(RESET), ST(NEW) },
};

static bool vm_legal_move(enum gunyah_vm_state from, enum gunyah_vm_state to)
{
	unsigned int i;

	if (to == ST(DEAD))
		return from != ST(DEAD);
	for (i = 0; i < ARRAY_SIZE(vm_legal); i++)
		if (vm_legal[i].from == from && vm_legal[i].to == to)
			return true;
	return false;
}

static void vm_state_table(struct kunit *test)
{
	enum gunyah_vm_state from, to;

	for (from = 0; from < GUNYAH_VM_NR_STATES; from++)
		for (to = 0; to < GUNYAH_VM_NR_STATES; to++)
			KUNIT_EXPECT_EQ_MSG(test,
					    gunyah_vm_transition_valid(from, to),
					    vm_legal_move(from, to),
					    "%s -> %s",
					    gunyah_vm_state_name(from),
					    gunyah_vm_state_name(to));
}

static void vm_state_out_of_range(struct kunit *test)
{
	KUNIT_EXPECT_FALSE(test, gunyah_vm_transition_valid(GUNYAH_VM_NR_STATES,
							    ST(NEW)));
	KUNIT_EXPECT_FALSE(test, gunyah_vm_transition_valid(ST(NEW),
							    GUNYAH_VM_NR_STATES));
	KUNIT_EXPECT_FALSE(test, gunyah_vm_transition_valid(-1, ST(LOAD)));
	KUNIT_EXPECT_STREQ(test, gunyah_vm_state_name(GUNYAH_VM_NR_STATES), "?");
	KUNIT_EXPECT_STREQ(test, gunyah_vm_state_name(ST(INIT_FAILED)),
			   "INIT_FAILED");
}

/* No state but DEAD is a dead end, and every state is reachable from NEW. */
static void vm_state_graph(struct kunit *test)
{
	unsigned long seen = BIT(ST(NEW)), prev = 0;
	enum gunyah_vm_state from, to;
	bool out;

	while (seen != prev) {
		prev = seen;
		for (from = 0; from < GUNYAH_VM_NR_STATES; from++)
			for (to = 0; to < GUNYAH_VM_NR_STATES; to++)
				if ((seen & BIT(from)) &&
				    gunyah_vm_transition_valid(from, to))
					seen |= BIT(to);
	}
	KUNIT_EXPECT_EQ(test, seen, BIT(GUNYAH_VM_NR_STATES) - 1);

	for (from = 0; from < GUNYAH_VM_NR_STATES; from++) {
		out = false;
		for (to = 0; to < GUNYAH_VM_NR_STATES; to++)
			if (to != ST(DEAD) && to != from &&
			    gunyah_vm_transition_valid(from, to))
				out = true;
		KUNIT_EXPECT_EQ_MSG(test, out, from != ST(DEAD), "%s",
				    gunyah_vm_state_name(from));
	}
}

static void vm_state_from_rm(struct kunit *test)
{
	static const struct {
		u8 rm;
		int ret;
		enum gunyah_vm_state state;
	} cases[] = {
		{ 0, -ENOENT }, { 1, 0, ST(INIT) }, { 2, 0, ST(READY) },
		{ 3, 0, ST(RUNNING) }, { 4, -ENOENT }, { 5, 0, ST(LOAD) },
		{ 6, -ENOENT }, { 7, -ENOENT }, { 8, 0, ST(INIT_FAILED) },
		{ 9, 0, ST(EXITED) }, { 10, 0, ST(RESETTING) },
		{ 11, 0, ST(RESET) }, { 12, -ENOENT }, { 0xff, -ENOENT },
	};
	enum gunyah_vm_state state;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		state = GUNYAH_VM_NR_STATES;
		KUNIT_EXPECT_EQ_MSG(test,
				    gunyah_vm_state_from_rm(cases[i].rm, &state),
				    cases[i].ret, "RM status %u", cases[i].rm);
		if (!cases[i].ret)
			KUNIT_EXPECT_EQ(test, state, cases[i].state);
	}
}

static void vm_boot_reg(struct kunit *test)
{
	int i;

	for (i = 0; i <= 30; i++)
		KUNIT_EXPECT_EQ(test, gunyah_vm_boot_reg(GUNYAH_VM_BOOT_CONTEXT_REG(0, i)), i);
	KUNIT_EXPECT_EQ(test, gunyah_vm_boot_reg(GUNYAH_VM_BOOT_CONTEXT_REG(0, 31)), -EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_vm_boot_reg(GUNYAH_VM_BOOT_CONTEXT_REG(0, 255)), -EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_vm_boot_reg(GUNYAH_VM_BOOT_CONTEXT_REG(1, 0)),
			GUNYAH_VM_BOOT_PC);
	KUNIT_EXPECT_EQ(test, gunyah_vm_boot_reg(GUNYAH_VM_BOOT_CONTEXT_REG(1, 1)), -EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_vm_boot_reg(GUNYAH_VM_BOOT_CONTEXT_REG(2, 0)),
			GUNYAH_VM_BOOT_SP);
	KUNIT_EXPECT_EQ(test, gunyah_vm_boot_reg(GUNYAH_VM_BOOT_CONTEXT_REG(2, 1)), -EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_vm_boot_reg(GUNYAH_VM_BOOT_CONTEXT_REG(3, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_vm_boot_reg(0x10000), -EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_vm_boot_reg(U32_MAX), -EINVAL);
}

static void vm_user_perms(struct kunit *test)
{
	const u8 r = GUNYAH_RM_ACL_R, w = GUNYAH_RM_ACL_W, x = GUNYAH_RM_ACL_X;

	KUNIT_EXPECT_EQ(test, gunyah_vm_mem_user_perms(0), 0);
	KUNIT_EXPECT_EQ(test, gunyah_vm_mem_user_perms(GUNYAH_USER_MEM_ALLOW_READ), r);
	KUNIT_EXPECT_EQ(test, gunyah_vm_mem_user_perms(GUNYAH_USER_MEM_ALLOW_WRITE), 0);
	KUNIT_EXPECT_EQ(test, gunyah_vm_mem_user_perms(GUNYAH_USER_MEM_ALLOW_EXEC), 0);
	KUNIT_EXPECT_EQ(test, gunyah_vm_mem_user_perms(GUNYAH_USER_MEM_ALLOW_WRITE |
						       GUNYAH_USER_MEM_ALLOW_EXEC), 0);
	KUNIT_EXPECT_EQ(test, gunyah_vm_mem_user_perms(GUNYAH_USER_MEM_ALLOW_READ |
						       GUNYAH_USER_MEM_ALLOW_EXEC), r | x);
	KUNIT_EXPECT_EQ(test, gunyah_vm_mem_user_perms(GUNYAH_USER_MEM_ALLOW_READ |
						       GUNYAH_USER_MEM_ALLOW_WRITE), r | w);
	KUNIT_EXPECT_EQ(test, gunyah_vm_mem_user_perms(GUNYAH_USER_MEM_ALLOW_RWX), r | w | x);
	KUNIT_EXPECT_EQ(test, gunyah_vm_mem_user_perms(GUNYAH_USER_MEM_ALLOW_RWX | 8), 0);
	KUNIT_EXPECT_EQ(test, gunyah_vm_mem_user_perms(BIT(31) | 1), 0);
}

static const struct gunyah_map_mem_args vm_map_ok = {
	.guest_addr = 0x80000000,
	.flags = GUNYAH_MEM_ALLOW_RWX,
	.offset = 0x2000,
	.size = 0x10000,
};

static void vm_map_check(struct kunit *test)
{
	struct gunyah_map_mem_args a;
	u8 perms;

	a = vm_map_ok;
	KUNIT_EXPECT_EQ(test, gunyah_vm_map_mem_check(&a, &perms), 0);
	KUNIT_EXPECT_EQ(test, perms, GUNYAH_RM_ACL_R | GUNYAH_RM_ACL_W |
				     GUNYAH_RM_ACL_X);

	a.flags = GUNYAH_MEM_FORCE_SHARE | GUNYAH_MEM_ALLOW_READ;
	KUNIT_EXPECT_EQ(test, gunyah_vm_map_mem_check(&a, &perms), 0);
	KUNIT_EXPECT_EQ(test, perms, GUNYAH_RM_ACL_R);
	a.flags = GUNYAH_MEM_FORCE_LEND | GUNYAH_MEM_ALLOW_READ |
		  GUNYAH_MEM_ALLOW_EXEC;
	KUNIT_EXPECT_EQ(test, gunyah_vm_map_mem_check(&a, &perms), 0);

	/* Access values 3 to 7 are reserved. */
	for (a.flags = 3; a.flags <= 7; a.flags++) {
		a.flags |= GUNYAH_MEM_ALLOW_READ;
		KUNIT_EXPECT_EQ(test, gunyah_vm_map_mem_check(&a, &perms), -EINVAL);
		a.flags &= GUNYAH_MEM_ACCESS_MASK;
	}
	a.flags = 0;
	KUNIT_EXPECT_EQ(test, gunyah_vm_map_mem_check(&a, &perms), -EINVAL);
	a.flags = GUNYAH_MEM_ALLOW_WRITE;
	KUNIT_EXPECT_EQ(test, gunyah_vm_map_mem_check(&a, &perms), -EINVAL);
	a.flags = GUNYAH_MEM_ALLOW_EXEC;
	KUNIT_EXPECT_EQ(test, gunyah_vm_map_mem_check(&a, &perms), -EINVAL);
	a.flags = GUNYAH_MEM_ALLOW_RWX | BIT(7);
	KUNIT_EXPECT_EQ(test, gunyah_vm_map_mem_check(&a, &perms), -EINVAL);
	a.flags = GUNYAH_MEM_ALLOW_RWX | BIT(31);
	KUNIT_EXPECT_EQ(test, gunyah_vm_map_mem_check(&a, &perms), -EINVAL);

	/* Unmapping takes no other flag. */
	a.flags = GUNYAH_MEM_UNMAP;
	KUNIT_EXPECT_EQ(test, gunyah_vm_map_mem_check(&a, &perms), 0);
	a.flags = GUNYAH_MEM_UNMAP | GUNYAH_MEM_ALLOW_READ;
	KUNIT_EXPECT_EQ(test, gunyah_vm_map_mem_check(&a, &perms), -EINVAL);
	a.flags = GUNYAH_MEM_UNMAP | GUNYAH_MEM_FORCE_SHARE;
	KUNIT_EXPECT_EQ(test, gunyah_vm_map_mem_check(&a, &perms), -EINVAL);
}

static void vm_map_check_ranges(struct kunit *test)
{
	struct gunyah_map_mem_args a;
	u8 perms;

	a = vm_map_ok;
	a.size = 0;
	KUNIT_EXPECT_EQ(test, gunyah_vm_map_mem_check(&a, &perms), -EINVAL);
	a = vm_map_ok;
	a.size = 0x1001;
	KUNIT_EXPECT_EQ(test, gunyah_vm_map_mem_check(&a, &perms), -EINVAL);
	a = vm_map_ok;
	a.guest_addr += 8;
	KUNIT_EXPECT_EQ(test, gunyah_vm_map_mem_check(&a, &perms), -EINVAL);
	a = vm_map_ok;
	a.offset += 1;
	KUNIT_EXPECT_EQ(test, gunyah_vm_map_mem_check(&a, &perms), -EINVAL);
	a = vm_map_ok;
	a.guest_addr = PAGE_ALIGN_DOWN(U64_MAX) - PAGE_SIZE;
	a.size = 2 * PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, gunyah_vm_map_mem_check(&a, &perms), -EINVAL);
	a.size = PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, gunyah_vm_map_mem_check(&a, &perms), 0);
	a = vm_map_ok;
	a.offset = PAGE_ALIGN_DOWN(U64_MAX);
	KUNIT_EXPECT_EQ(test, gunyah_vm_map_mem_check(&a, &perms), -EINVAL);
}

static struct gunyah_vm *vm_fake(struct kunit *test)
{
	struct gunyah_vm *vm = kunit_kzalloc(test, sizeof(*vm), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, vm);
	mutex_init(&vm->lock);
	INIT_LIST_HEAD(&vm->mem_list);
	vm->state = GUNYAH_VM_NEW;
	return vm;
}

static struct gunyah_vm_mem *vm_fake_mem(struct kunit *test, u64 addr,
					 u64 size, enum gunyah_vm_mem_kind kind,
					 u32 label)
{
	struct gunyah_vm_mem *mem = kunit_kzalloc(test, sizeof(*mem),
						  GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, mem);
	mem->guest_addr = addr;
	mem->size = size;
	mem->kind = kind;
	mem->label = label;
	mem->mem_handle = GUNYAH_RM_MEM_HANDLE_INVALID;
	return mem;
}

static int vm_insert(struct kunit *test, struct gunyah_vm *vm, u64 addr,
		     u64 size, enum gunyah_vm_mem_kind kind, u32 label)
{
	int ret;

	mutex_lock(&vm->lock);
	ret = gunyah_vm_mem_insert(vm, vm_fake_mem(test, addr, size, kind,
						   label));
	mutex_unlock(&vm->lock);
	return ret;
}

static void vm_mem_insert(struct kunit *test)
{
	const enum gunyah_vm_mem_kind g = GUNYAH_VM_MEM_GMEM;
	const enum gunyah_vm_mem_kind u = GUNYAH_VM_MEM_USER;
	struct gunyah_vm *vm = vm_fake(test);
	struct gunyah_vm_mem *mem;
	u64 prev = 0;
	int n = 0;

	KUNIT_EXPECT_EQ(test, vm_insert(test, vm, 0x80000000, 0x10000, g, 0), 0);
	KUNIT_EXPECT_EQ(test, vm_insert(test, vm, 0x70000000, 0x1000, u, 1), 0);
	KUNIT_EXPECT_EQ(test, vm_insert(test, vm, 0x90000000, 0x1000, g, 0), 0);
	/* adjacent on both sides is fine */
	KUNIT_EXPECT_EQ(test, vm_insert(test, vm, 0x7ffff000, 0x1000, u, 2), 0);
	KUNIT_EXPECT_EQ(test, vm_insert(test, vm, 0x80010000, 0x1000, g, 0), 0);
	/* overlaps: inside, across the start, across the end, covering */
	KUNIT_EXPECT_EQ(test, vm_insert(test, vm, 0x80004000, 0x1000, g, 0), -EEXIST);
	KUNIT_EXPECT_EQ(test, vm_insert(test, vm, 0x7fffe000, 0x3000, g, 0), -EEXIST);
	KUNIT_EXPECT_EQ(test, vm_insert(test, vm, 0x8000f000, 0x2000, g, 0), -EEXIST);
	KUNIT_EXPECT_EQ(test, vm_insert(test, vm, 0x60000000, 0x40000000, g, 0), -EEXIST);
	/* user labels are unique; guest memory files have no label */
	KUNIT_EXPECT_EQ(test, vm_insert(test, vm, 0xa0000000, 0x1000, u, 1), -EEXIST);
	KUNIT_EXPECT_EQ(test, vm_insert(test, vm, 0xa0000000, 0x1000, g, 1), 0);

	mutex_lock(&vm->lock);
	list_for_each_entry(mem, &vm->mem_list, node) {
		KUNIT_EXPECT_GT(test, mem->guest_addr, prev);
		prev = mem->guest_addr;
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 6);

	KUNIT_EXPECT_NOT_NULL(test, gunyah_vm_mem_find(vm, 0x80000000, 0x10000));
	KUNIT_EXPECT_NULL(test, gunyah_vm_mem_find(vm, 0x80000000, 0x1000));
	KUNIT_EXPECT_NULL(test, gunyah_vm_mem_find(vm, 0x80001000, 0xf000));
	mutex_unlock(&vm->lock);
}

static void vm_mem_insert_limit(struct kunit *test)
{
	struct gunyah_vm *vm = vm_fake(test);
	int i, ret = 0;

	for (i = 0; i < 256 && !ret; i++)
		ret = vm_insert(test, vm, 0x80000000 + i * 0x1000ULL, 0x1000,
				GUNYAH_VM_MEM_GMEM, 0);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, vm_insert(test, vm, 0x10000000, 0x1000,
					GUNYAH_VM_MEM_GMEM, 0), -ENOSPC);
}

static int vm_plan(struct gunyah_vm *vm, u32 protocol,
		   struct gunyah_vm_boot *b)
{
	int ret;

	memset(b, 0, sizeof(*b));
	b->protocol = protocol;
	mutex_lock(&vm->lock);
	ret = gunyah_vm_plan_boot(vm, b);
	mutex_unlock(&vm->lock);
	return ret;
}

static void vm_set_reg(struct gunyah_vm *vm, int reg, u64 value)
{
	vm->boot_regs[reg] = value;
	set_bit(reg, vm->boot_set);
}

static void vm_boot_plan_dtb(struct kunit *test)
{
	struct gunyah_vm *vm = vm_fake(test);
	struct gunyah_vm_boot b;

	KUNIT_ASSERT_EQ(test, vm_insert(test, vm, 0x80000000, 0x100000,
					GUNYAH_VM_MEM_GMEM, 0), 0);
	KUNIT_ASSERT_EQ(test, vm_insert(test, vm, 0x80100000, 0x100000,
					GUNYAH_VM_MEM_GMEM, 0), 0);

	/* no DTB configuration */
	KUNIT_EXPECT_EQ(test, vm_plan(vm, GUNYAH_RM_PROTOCOL_OSS, &b), -EINVAL);

	/* outside all memory, straddling two ranges */
	vm->dtb = (struct gunyah_vm_dtb_config){ 0x70000000, 0x1000 };
	KUNIT_EXPECT_EQ(test, vm_plan(vm, GUNYAH_RM_PROTOCOL_OSS, &b), -EINVAL);
	vm->dtb = (struct gunyah_vm_dtb_config){ 0x800ff000, 0x2000 };
	KUNIT_EXPECT_EQ(test, vm_plan(vm, GUNYAH_RM_PROTOCOL_FULL, &b), -EINVAL);
	vm->dtb = (struct gunyah_vm_dtb_config){ 0x801ff000, 0x2000 };
	KUNIT_EXPECT_EQ(test, vm_plan(vm, GUNYAH_RM_PROTOCOL_OSS, &b), -EINVAL);

	/* the last byte of the second range */
	vm->dtb = (struct gunyah_vm_dtb_config){ 0x801fffff, 1 };
	KUNIT_EXPECT_EQ(test, vm_plan(vm, GUNYAH_RM_PROTOCOL_OSS, &b), 0);
	KUNIT_EXPECT_EQ(test, b.image->guest_addr, 0x80100000);
	KUNIT_EXPECT_EQ(test, b.image_offset, 0);
	KUNIT_EXPECT_NULL(test, b.fw);

	/* firmware must be inside one range too */
	vm->fw = (struct gunyah_vm_firmware_config){ 0x800ff000, 0x2000 };
	KUNIT_EXPECT_EQ(test, vm_plan(vm, GUNYAH_RM_PROTOCOL_OSS, &b), -EINVAL);
	vm->fw = (struct gunyah_vm_firmware_config){ 0x80000000, 0x1000 };
	KUNIT_EXPECT_EQ(test, vm_plan(vm, GUNYAH_RM_PROTOCOL_OSS, &b), 0);
	KUNIT_EXPECT_EQ(test, b.fw->guest_addr, 0x80000000);
}

static void vm_boot_plan_context(struct kunit *test)
{
	struct gunyah_vm *vm = vm_fake(test);
	struct gunyah_vm_boot b;

	KUNIT_ASSERT_EQ(test, vm_insert(test, vm, 0x80000000, 0x100000,
					GUNYAH_VM_MEM_GMEM, 0), 0);
	KUNIT_ASSERT_EQ(test, vm_insert(test, vm, 0x90000000, 0x100000,
					GUNYAH_VM_MEM_GMEM, 0), 0);
	vm->dtb = (struct gunyah_vm_dtb_config){ 0x80080000, 0x10000 };

	/* PC inside the DTB's range: expressible as the image offset */
	vm_set_reg(vm, GUNYAH_VM_BOOT_PC, 0x80001000);
	KUNIT_EXPECT_EQ(test, vm_plan(vm, GUNYAH_RM_PROTOCOL_OSS, &b), 0);
	KUNIT_EXPECT_EQ(test, b.image_offset, 0x1000);

	/* X0 must be the DTB's address, which the RM passes anyway */
	vm_set_reg(vm, 0, 0x80080000);
	KUNIT_EXPECT_EQ(test, vm_plan(vm, GUNYAH_RM_PROTOCOL_OSS, &b), 0);
	vm_set_reg(vm, 0, 0x80080008);
	KUNIT_EXPECT_EQ(test, vm_plan(vm, GUNYAH_RM_PROTOCOL_OSS, &b), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, vm_plan(vm, GUNYAH_RM_PROTOCOL_FULL, &b), 0);
	vm_set_reg(vm, 0, 0x80080000);

	/* PC in another range, past the end, X1, SP: not at the OSS level */
	vm_set_reg(vm, GUNYAH_VM_BOOT_PC, 0x90000000);
	KUNIT_EXPECT_EQ(test, vm_plan(vm, GUNYAH_RM_PROTOCOL_OSS, &b), -EOPNOTSUPP);
	vm_set_reg(vm, GUNYAH_VM_BOOT_PC, 0x80100000);
	KUNIT_EXPECT_EQ(test, vm_plan(vm, GUNYAH_RM_PROTOCOL_OSS, &b), -EOPNOTSUPP);
	vm_set_reg(vm, GUNYAH_VM_BOOT_PC, 0x800fffff);
	KUNIT_EXPECT_EQ(test, vm_plan(vm, GUNYAH_RM_PROTOCOL_OSS, &b), 0);
	KUNIT_EXPECT_EQ(test, b.image_offset, 0xfffff);
	vm_set_reg(vm, 1, 0);
	KUNIT_EXPECT_EQ(test, vm_plan(vm, GUNYAH_RM_PROTOCOL_OSS, &b), -EOPNOTSUPP);
	clear_bit(1, vm->boot_set);
	vm_set_reg(vm, GUNYAH_VM_BOOT_SP, 0x80200000);
	KUNIT_EXPECT_EQ(test, vm_plan(vm, GUNYAH_RM_PROTOCOL_OSS, &b), -EOPNOTSUPP);

	/* the full protocol takes every register as it is */
	vm_set_reg(vm, 30, 1);
	vm_set_reg(vm, GUNYAH_VM_BOOT_PC, 0x90000000);
	KUNIT_EXPECT_EQ(test, vm_plan(vm, GUNYAH_RM_PROTOCOL_FULL, &b), 0);
	KUNIT_EXPECT_EQ(test, b.image_offset, 0);
}

static struct kunit_case vm_test_cases[] = {
	KUNIT_CASE(vm_state_table),
	KUNIT_CASE(vm_state_out_of_range),
	KUNIT_CASE(vm_state_graph),
	KUNIT_CASE(vm_state_from_rm),
	KUNIT_CASE(vm_boot_reg),
	KUNIT_CASE(vm_user_perms),
	KUNIT_CASE(vm_map_check),
	KUNIT_CASE(vm_map_check_ranges),
	KUNIT_CASE(vm_mem_insert),
	KUNIT_CASE(vm_mem_insert_limit),
	KUNIT_CASE(vm_boot_plan_dtb),
	KUNIT_CASE(vm_boot_plan_context),
	{}
};

static struct kunit_suite vm_test_suite = {
	.name = "gunyah_vm",
	.test_cases = vm_test_cases,
};

kunit_test_suite(vm_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the Gunyah VM manager");
