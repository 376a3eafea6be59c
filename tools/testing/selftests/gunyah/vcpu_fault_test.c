// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page-fault exits of the vCPU function on the simulator's guest model: an
 * access to guest memory that is not there exits with
 * GUNYAH_VCPU_EXIT_PAGE_FAULT and is replayed after the VMM mapped memory;
 * an access the mapping forbids reports EPERM; FAULT crashes the guest; a
 * bad resume action is refused.
 */

#include "guest_prog.h"

#define MMIO_ADDR	0x10000000ULL
/*
 * Where the simulator's guest puts the next memory it is given: the next
 * 2 MiB boundary above the RAM of vm_util.h (see its guest.c).
 */
#define NEXT_ADDR	((RAM_BASE + RAM_SIZE + 0x1fffffULL) & ~0x1fffffULL)
#define NEXT_SIZE	SZ_64K
#define MAGIC		0x1122334455667788ULL

FIXTURE(fault)
{
	int devfd;
	struct vcpu_env e;
	int nextfd;
};

FIXTURE_SETUP(fault)
{
	__u64 *mem;

	self->devfd = open_dev(_metadata);
	vcpu_env_open(_metadata, &self->e, self->devfd);
	self->nextfd = create_gmem(self->devfd, NEXT_SIZE, 0);
	ASSERT_LE(0, self->nextfd);
	mem = mmap(NULL, NEXT_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		   self->nextfd, 0);
	ASSERT_NE(MAP_FAILED, mem);
	mem[0] = MAGIC;
	munmap(mem, NEXT_SIZE);
}

FIXTURE_TEARDOWN(fault)
{
	vcpu_env_close(&self->e);
	close(self->nextfd);
	EXPECT_TRUE(wait_sim_vm_gone(-1, TEARDOWN_TIMEOUT_MS));
	close(self->devfd);
}

static void expect_crashed(struct __test_metadata *_metadata,
			   struct vcpu_env *e)
{
	ASSERT_OK(vcpu_run(e));
	ASSERT_EQ(GUNYAH_VCPU_EXIT_STATUS, e->run->exit_reason);
	EXPECT_EQ(GUNYAH_VM_STATUS_CRASHED, e->run->status.status);
}

TEST_F(fault, missing_memory_then_retry_after_mapping)
{
	struct gunyah_vcpu_run *run;
	struct prog p = { };

	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, 2, 0, NEXT_ADDR);
	emit(&p, GUNYAH_GUEST_OP_LOAD, 8, 1, 2, 0);
	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, 3, 0, MMIO_ADDR);
	emit(&p, GUNYAH_GUEST_OP_STORE, 8, 1, 3, 0);
	emit(&p, GUNYAH_GUEST_OP_SYSTEM_OFF, 0, 0, 0, 0);
	load_vcpu0(_metadata, &self->e, &p, NULL, 0);
	run = self->e.run;

	ASSERT_OK(vcpu_run(&self->e));
	ASSERT_EQ(GUNYAH_VCPU_EXIT_PAGE_FAULT, run->exit_reason);
	EXPECT_EQ(NEXT_ADDR, run->page_fault.phys_addr);
	EXPECT_EQ(-ENOENT, run->page_fault.attempt);

	/* Replayed with nothing mapped: the same fault again. */
	run->page_fault.resume_action = GUNYAH_VCPU_RESUME_RETRY;
	ASSERT_OK(vcpu_run(&self->e));
	ASSERT_EQ(GUNYAH_VCPU_EXIT_PAGE_FAULT, run->exit_reason);
	EXPECT_EQ(NEXT_ADDR, run->page_fault.phys_addr);
	EXPECT_EQ(-ENOENT, run->page_fault.attempt);

	/* HANDLED also replays the access, which now completes. */
	test_cmd_map_mem(self->e.vmfd, NEXT_ADDR, MEM_RWX, self->nextfd, 0,
			 NEXT_SIZE);
	run->page_fault.resume_action = GUNYAH_VCPU_RESUME_HANDLED;
	ASSERT_OK(vcpu_run(&self->e));
	ASSERT_EQ(GUNYAH_VCPU_EXIT_MMIO, run->exit_reason);
	EXPECT_EQ(MMIO_ADDR, run->mmio.phys_addr);
	EXPECT_EQ(1, run->mmio.is_write);
	EXPECT_EQ(MAGIC, mmio_data(run));

	ASSERT_OK(vcpu_run(&self->e));
	ASSERT_EQ(GUNYAH_VCPU_EXIT_STATUS, run->exit_reason);
	EXPECT_EQ(GUNYAH_VM_STATUS_EXITED, run->status.status);
}

TEST_F(fault, store_to_read_only_memory_is_eperm)
{
	struct gunyah_vcpu_run *run;
	struct prog p = { };

	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, 2, 0, NEXT_ADDR);
	emit(&p, GUNYAH_GUEST_OP_LOAD, 8, 1, 2, 0);
	emit(&p, GUNYAH_GUEST_OP_STORE, 8, 1, 2, 8);
	emit(&p, GUNYAH_GUEST_OP_SYSTEM_OFF, 0, 0, 0, 0);
	load_vcpu0(_metadata, &self->e, &p, NULL, 0);
	test_cmd_map_mem(self->e.vmfd, NEXT_ADDR, MEM_R, self->nextfd, 0,
			 NEXT_SIZE);
	run = self->e.run;

	/* The load is allowed; the store is not. */
	ASSERT_OK(vcpu_run(&self->e));
	ASSERT_EQ(GUNYAH_VCPU_EXIT_PAGE_FAULT, run->exit_reason);
	EXPECT_EQ(NEXT_ADDR + 8, run->page_fault.phys_addr);
	EXPECT_EQ(-EPERM, run->page_fault.attempt);

	run->page_fault.resume_action = 9;
	EXPECT_ERRNO(EINVAL, vcpu_run(&self->e));
	run->page_fault.resume_action = GUNYAH_VCPU_RESUME_FAULT;
	expect_crashed(_metadata, &self->e);
}

TEST_F(fault, fetch_from_missing_memory)
{
	struct gunyah_vcpu_run *run;
	struct prog p = { };

	emit(&p, GUNYAH_GUEST_OP_JMP, 0, 0, 0, NEXT_ADDR + 0x40);
	load_vcpu0(_metadata, &self->e, &p, NULL, 0);
	run = self->e.run;

	ASSERT_OK(vcpu_run(&self->e));
	ASSERT_EQ(GUNYAH_VCPU_EXIT_PAGE_FAULT, run->exit_reason);
	EXPECT_EQ(NEXT_ADDR + 0x40, run->page_fault.phys_addr);
	EXPECT_EQ(-ENOENT, run->page_fault.attempt);
	run->page_fault.resume_action = GUNYAH_VCPU_RESUME_FAULT;
	expect_crashed(_metadata, &self->e);
}

TEST_HARNESS_MAIN
