// SPDX-License-Identifier: GPL-2.0-only
/*
 * vCPU function end to end on the simulator's guest model: the run page,
 * MMIO exits with exact address/size/data, read values delivered on
 * resume, many consecutive runs, VM exit and crash reported as status
 * exits, immediate_exit, and the VM fd closed or the vCPU function removed
 * under a running vCPU.
 */

#include <pthread.h>
#include <stddef.h>

#include "guest_prog.h"

#define MMIO_ADDR	0x10000000ULL

FIXTURE(vcpu)
{
	int devfd;
	struct vcpu_env e;
};

FIXTURE_SETUP(vcpu)
{
	self->devfd = open_dev(_metadata);
	vcpu_env_open(_metadata, &self->e, self->devfd);
}

FIXTURE_TEARDOWN(vcpu)
{
	vcpu_env_close(&self->e);
	EXPECT_TRUE(wait_sim_vm_gone(-1, TEARDOWN_TIMEOUT_MS));
	close(self->devfd);
}

TEST_F(vcpu, mmio_write_exit_then_power_off)
{
	struct prog p = { };

	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, 1, 0, 0xabcd1234);
	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, 2, 0, MMIO_ADDR);
	emit(&p, GUNYAH_GUEST_OP_STORE, 4, 1, 2, 4);
	emit(&p, GUNYAH_GUEST_OP_SYSTEM_OFF, 0, 0, 0, 0);
	load_vcpu0(_metadata, &self->e, &p, NULL, 0);

	EXPECT_EQ(GUNYAH_VCPU_EXIT_UNKNOWN, self->e.run->exit_reason);
	ASSERT_OK(vcpu_run(&self->e));
	ASSERT_EQ(GUNYAH_VCPU_EXIT_MMIO, self->e.run->exit_reason);
	EXPECT_EQ(MMIO_ADDR + 4, self->e.run->mmio.phys_addr);
	EXPECT_EQ(4, self->e.run->mmio.len);
	EXPECT_EQ(1, self->e.run->mmio.is_write);
	EXPECT_EQ(0xabcd1234, mmio_data(self->e.run));
	EXPECT_STREQ("RUNNING", vm_state(self->e.vmfd));

	ASSERT_OK(vcpu_run(&self->e));
	ASSERT_EQ(GUNYAH_VCPU_EXIT_STATUS, self->e.run->exit_reason);
	EXPECT_EQ(GUNYAH_VM_STATUS_EXITED, self->e.run->status.status);
	EXPECT_EQ(GUNYAH_VM_EXIT_TYPE_PSCI_POWER_OFF,
		  self->e.run->status.exit_info.type);
	/* It stays exited. */
	ASSERT_OK(vcpu_run(&self->e));
	EXPECT_EQ(GUNYAH_VCPU_EXIT_STATUS, self->e.run->exit_reason);
}

TEST_F(vcpu, mmio_read_value_delivered_on_resume)
{
	static const __u32 sizes[] = { 1, 2, 4, 8 };
	const __u64 value = 0x1122334455667788ULL;
	struct prog p = { };
	unsigned int i;

	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, 2, 0, MMIO_ADDR);
	for (i = 0; i < 4; i++) {
		emit(&p, GUNYAH_GUEST_OP_LOAD, sizes[i], 1, 2, 0x100 + i * 8);
		emit(&p, GUNYAH_GUEST_OP_STORE, 8, 1, 2, 0x200 + i * 8);
	}
	emit(&p, GUNYAH_GUEST_OP_SYSTEM_OFF, 0, 0, 0, 0);
	load_vcpu0(_metadata, &self->e, &p, NULL, 0);

	for (i = 0; i < 4; i++) {
		ASSERT_OK(vcpu_run(&self->e));
		ASSERT_EQ(GUNYAH_VCPU_EXIT_MMIO, self->e.run->exit_reason);
		EXPECT_EQ(0, self->e.run->mmio.is_write);
		EXPECT_EQ(MMIO_ADDR + 0x100 + i * 8, self->e.run->mmio.phys_addr);
		EXPECT_EQ(sizes[i], self->e.run->mmio.len);
		memcpy(self->e.run->mmio.data, &value, sizeof(value));
		self->e.run->mmio.resume_action = GUNYAH_VCPU_RESUME_HANDLED;

		ASSERT_OK(vcpu_run(&self->e));
		ASSERT_EQ(GUNYAH_VCPU_EXIT_MMIO, self->e.run->exit_reason);
		EXPECT_EQ(1, self->e.run->mmio.is_write);
		EXPECT_EQ(8, self->e.run->mmio.len);
		EXPECT_EQ(sizes[i] == 8 ? value :
			  value & ((1ULL << (sizes[i] * 8)) - 1),
			  mmio_data(self->e.run));
	}
}

TEST_F(vcpu, hundred_runs)
{
	struct prog p = { };
	__u64 loop;
	int i;

	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, 2, 0, MMIO_ADDR);
	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, 3, 0, 0);
	loop = here(&p);
	emit(&p, GUNYAH_GUEST_OP_STORE, 8, 3, 2, 0);
	emit(&p, GUNYAH_GUEST_OP_ADDI, 0, 3, 0, 1);
	emit(&p, GUNYAH_GUEST_OP_JMP, 0, 0, 0, loop);
	load_vcpu0(_metadata, &self->e, &p, NULL, 0);

	for (i = 0; i < 100; i++) {
		ASSERT_OK(vcpu_run(&self->e));
		ASSERT_EQ(GUNYAH_VCPU_EXIT_MMIO, self->e.run->exit_reason);
		ASSERT_EQ(i, mmio_data(self->e.run));
	}
}

TEST_F(vcpu, crash_is_reported)
{
	struct prog p = { };

	emit(&p, GUNYAH_GUEST_OP_CRASH, 0, 0, 0, 0);
	load_vcpu0(_metadata, &self->e, &p, NULL, 0);

	ASSERT_OK(vcpu_run(&self->e));
	ASSERT_EQ(GUNYAH_VCPU_EXIT_STATUS, self->e.run->exit_reason);
	EXPECT_EQ(GUNYAH_VM_STATUS_CRASHED, self->e.run->status.status);
	EXPECT_STREQ("EXITED", vm_state(self->e.vmfd));
}

TEST_F(vcpu, immediate_exit_is_eintr)
{
	struct prog p = { };

	emit(&p, GUNYAH_GUEST_OP_SYSTEM_OFF, 0, 0, 0, 0);
	load_vcpu0(_metadata, &self->e, &p, NULL, 0);

	self->e.run->immediate_exit = 1;
	EXPECT_EQ(EINTR, ERRNO_OF(vcpu_run(&self->e)));
	self->e.run->immediate_exit = 0;
	ASSERT_OK(vcpu_run(&self->e));
	EXPECT_EQ(GUNYAH_VCPU_EXIT_STATUS, self->e.run->exit_reason);
}

TEST_F(vcpu, bad_resume_action_is_einval)
{
	struct prog p = { };

	emit(&p, GUNYAH_GUEST_OP_LOAD, 4, 1, 2, MMIO_ADDR);
	emit(&p, GUNYAH_GUEST_OP_SYSTEM_OFF, 0, 0, 0, 0);
	load_vcpu0(_metadata, &self->e, &p, NULL, 0);

	ASSERT_OK(vcpu_run(&self->e));
	ASSERT_EQ(GUNYAH_VCPU_EXIT_MMIO, self->e.run->exit_reason);
	self->e.run->mmio.resume_action = 7;
	EXPECT_EQ(EINVAL, ERRNO_OF(vcpu_run(&self->e)));
	self->e.run->mmio.resume_action = GUNYAH_VCPU_RESUME_HANDLED;
	ASSERT_OK(vcpu_run(&self->e));
	EXPECT_EQ(GUNYAH_VCPU_EXIT_STATUS, self->e.run->exit_reason);
}

TEST_F(vcpu, duplicate_vcpu_is_eexist)
{
	struct prog p = { };

	emit(&p, GUNYAH_GUEST_OP_SYSTEM_OFF, 0, 0, 0, 0);
	load_vcpu0(_metadata, &self->e, &p, NULL, 0);
	EXPECT_EQ(EEXIST, ERRNO_OF(add_vcpu(self->e.vmfd, 0)));
}

static void *spin_vcpu(void *arg)
{
	long ret = vcpu_run(arg);

	return (void *)(ret ? (long)errno : 0L);
}

TEST_F(vcpu, vm_closed_under_a_running_vcpu)
{
	struct prog p = { };
	pthread_t thread;
	void *res;

	emit(&p, GUNYAH_GUEST_OP_JMP, 0, 0, 0, PROG_ADDR);
	load_vcpu0(_metadata, &self->e, &p, NULL, 0);

	ASSERT_EQ(0, pthread_create(&thread, NULL, spin_vcpu, &self->e));
	sleep_ms(200);
	close(self->e.vmfd);
	self->e.vmfd = -1;
	ASSERT_EQ(0, pthread_join(thread, &res));
	/* A status exit, or ENODEV once the vCPU is gone. */
	EXPECT_TRUE(!res || (long)res == ENODEV);
	EXPECT_EQ(ENODEV, ERRNO_OF(vcpu_run(&self->e)));
}

TEST_F(vcpu, removed_under_its_runner)
{
	struct gunyah_fn_vcpu_arg arg = { .id = 0 };
	struct gunyah_fn_desc desc = {
		.type = GUNYAH_FN_VCPU,
		.arg_size = sizeof(arg),
		.arg = (__u64)(uintptr_t)&arg,
	};
	struct prog p = { };
	pthread_t thread;
	void *res;

	emit(&p, GUNYAH_GUEST_OP_JMP, 0, 0, 0, PROG_ADDR);
	load_vcpu0(_metadata, &self->e, &p, NULL, 0);

	ASSERT_EQ(0, pthread_create(&thread, NULL, spin_vcpu, &self->e));
	sleep_ms(200);
	EXPECT_OK(ioctl(self->e.vmfd, GUNYAH_VM_REMOVE_FUNCTION, &desc));
	ASSERT_EQ(0, pthread_join(thread, &res));
	EXPECT_EQ(ENODEV, (long)res);
	EXPECT_EQ(ENODEV, ERRNO_OF(vcpu_run(&self->e)));
	/* The run page stays readable; the id is free again. */
	EXPECT_EQ(GUNYAH_VCPU_EXIT_UNKNOWN, self->e.run->exit_reason);
	EXPECT_ERRNO(ENOENT, ioctl(self->e.vmfd, GUNYAH_VM_REMOVE_FUNCTION,
				   &desc));
}

TEST_HARNESS_MAIN
