// SPDX-License-Identifier: GPL-2.0-only
/*
 * ioeventfd function end to end on the simulator's guest model: argument
 * validation, guest stores that signal the eventfd without ever reaching
 * user space, datamatch, each access length, and removal while the vCPU
 * runs.
 */

#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/eventfd.h>

#include "guest_prog.h"

#define IOEV_ADDR	0x10000000ULL

/* Guest registers the programs below use. */
#define R_VAL		1
#define R_ADDR		2
#define R_CNT		3
#define R_END		4

/* Store the @size low bytes of @val at IOEV_ADDR + @off. */
static void emit_store(struct prog *p, __u8 size, __u64 off, __u64 val)
{
	emit(p, GUNYAH_GUEST_OP_MOVI, 0, R_VAL, 0, val);
	emit(p, GUNYAH_GUEST_OP_MOVI, 0, R_ADDR, 0, IOEV_ADDR);
	emit(p, GUNYAH_GUEST_OP_STORE, size, R_VAL, R_ADDR, off);
}

FIXTURE(ioeventfd)
{
	int devfd;
	int efd;
	struct vcpu_env e;
};

FIXTURE_SETUP(ioeventfd)
{
	self->devfd = open_dev(_metadata);
	vcpu_env_open(_metadata, &self->e, self->devfd);
	self->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ASSERT_LE(0, self->efd);
}

FIXTURE_TEARDOWN(ioeventfd)
{
	vcpu_env_close(&self->e);
	close(self->efd);
	EXPECT_TRUE(wait_sim_vm_gone(-1, TEARDOWN_TIMEOUT_MS));
	close(self->devfd);
}

/* cmd is GUNYAH_VM_ADD_FUNCTION or GUNYAH_VM_REMOVE_FUNCTION */
static int _test_cmd_ioeventfd(int vmfd, unsigned long cmd,
			       const struct gunyah_fn_ioeventfd_arg *arg)
{
	struct gunyah_fn_desc desc = {
		.type = GUNYAH_FN_IOEVENTFD,
		.arg_size = sizeof(*arg),
		.arg = (__u64)(uintptr_t)arg,
	};

	return ioctl(vmfd, cmd, &desc);
}

#define test_cmd_add_ioeventfd(_vmfd, _arg) \
	ASSERT_OK(_test_cmd_ioeventfd(_vmfd, GUNYAH_VM_ADD_FUNCTION, _arg))
#define test_err_add_ioeventfd(_errno, _vmfd, _arg) \
	EXPECT_ERRNO(_errno, \
		     _test_cmd_ioeventfd(_vmfd, GUNYAH_VM_ADD_FUNCTION, _arg))
#define test_cmd_remove_ioeventfd(_vmfd, _arg) \
	ASSERT_OK(_test_cmd_ioeventfd(_vmfd, GUNYAH_VM_REMOVE_FUNCTION, _arg))
#define test_err_remove_ioeventfd(_errno, _vmfd, _arg) \
	EXPECT_ERRNO(_errno, \
		     _test_cmd_ioeventfd(_vmfd, GUNYAH_VM_REMOVE_FUNCTION, _arg))

static struct gunyah_fn_ioeventfd_arg ioev_arg(int fd, __u64 addr, __u32 len)
{
	struct gunyah_fn_ioeventfd_arg arg = {
		.addr = addr,
		.len = len,
		.fd = fd,
	};

	return arg;
}

static struct gunyah_fn_ioeventfd_arg ioev_match(int fd, __u64 addr,
						 __u32 len, __u64 value)
{
	struct gunyah_fn_ioeventfd_arg arg = ioev_arg(fd, addr, len);

	arg.flags = GUNYAH_IOEVENTFD_FLAGS_DATAMATCH;
	arg.datamatch = value;
	return arg;
}

/* The eventfd's counter, reset to 0 by reading it; 0 if not signalled. */
static __u64 efd_take(int efd)
{
	__u64 v;

	if (read(efd, &v, sizeof(v)) != sizeof(v))
		return 0;
	return v;
}

/* Run until the next exit and check it is the MMIO write described. */
static void expect_write_exit(struct __test_metadata *_metadata,
			      struct vcpu_env *e, __u64 addr, __u32 len,
			      __u64 value)
{
	ASSERT_OK(vcpu_run(e));
	ASSERT_EQ(GUNYAH_VCPU_EXIT_MMIO, e->run->exit_reason);
	EXPECT_EQ(1, e->run->mmio.is_write);
	EXPECT_EQ(addr, e->run->mmio.phys_addr);
	EXPECT_EQ(len, e->run->mmio.len);
	EXPECT_EQ(value, mmio_data(e->run));
}

/* Run until the next exit and check the guest powered off. */
static void expect_power_off(struct __test_metadata *_metadata,
			     struct vcpu_env *e)
{
	ASSERT_OK(vcpu_run(e));
	ASSERT_EQ(GUNYAH_VCPU_EXIT_STATUS, e->run->exit_reason)
		TH_LOG("MMIO exit at %#llx",
		       (unsigned long long)e->run->mmio.phys_addr);
	EXPECT_EQ(GUNYAH_VM_STATUS_EXITED, e->run->status.status);
	EXPECT_EQ(GUNYAH_VM_EXIT_TYPE_PSCI_POWER_OFF,
		  e->run->status.exit_info.type);
}

TEST_F(ioeventfd, bad_arguments)
{
	struct gunyah_fn_ioeventfd_arg arg;
	int pipefd[2], closed;

	arg = ioev_arg(self->efd, IOEV_ADDR, 3);
	test_err_add_ioeventfd(EINVAL, self->e.vmfd, &arg);
	arg = ioev_arg(self->efd, IOEV_ADDR, 16);
	test_err_add_ioeventfd(EINVAL, self->e.vmfd, &arg);

	arg = ioev_arg(self->efd, IOEV_ADDR, 4);
	arg.flags = 1U << 1;
	test_err_add_ioeventfd(EINVAL, self->e.vmfd, &arg);
	arg.flags = 1U << 31 | GUNYAH_IOEVENTFD_FLAGS_DATAMATCH;
	test_err_add_ioeventfd(EINVAL, self->e.vmfd, &arg);

	arg = ioev_arg(self->efd, IOEV_ADDR, 4);
	arg.padding = 1;
	test_err_add_ioeventfd(EINVAL, self->e.vmfd, &arg);

	arg = ioev_match(self->efd, IOEV_ADDR, 0, 0);
	test_err_add_ioeventfd(EINVAL, self->e.vmfd, &arg);

	/* A value wider than the access could never match. */
	arg = ioev_match(self->efd, IOEV_ADDR, 2, 0x10000);
	test_err_add_ioeventfd(EINVAL, self->e.vmfd, &arg);

	/* The range wraps around (ending at 2^64 is a wrap too, as in KVM). */
	arg = ioev_arg(self->efd, ~0ULL - 3, 8);
	test_err_add_ioeventfd(EINVAL, self->e.vmfd, &arg);
	arg = ioev_arg(self->efd, ~0ULL - 7, 8);
	test_err_add_ioeventfd(EINVAL, self->e.vmfd, &arg);
	/* but the last address with any size is fine */
	arg = ioev_arg(self->efd, ~0ULL, 0);
	test_cmd_add_ioeventfd(self->e.vmfd, &arg);
	test_cmd_remove_ioeventfd(self->e.vmfd, &arg);

	arg = ioev_arg(-1, IOEV_ADDR, 4);
	test_err_add_ioeventfd(EBADF, self->e.vmfd, &arg);
	closed = dup(self->efd);
	ASSERT_LE(0, closed);
	close(closed);
	arg = ioev_arg(closed, IOEV_ADDR, 4);
	test_err_add_ioeventfd(EBADF, self->e.vmfd, &arg);

	ASSERT_EQ(0, pipe(pipefd));
	arg = ioev_arg(pipefd[0], IOEV_ADDR, 4);
	test_err_add_ioeventfd(EINVAL, self->e.vmfd, &arg);
	arg = ioev_arg(self->devfd, IOEV_ADDR, 4);
	test_err_add_ioeventfd(EINVAL, self->e.vmfd, &arg);
	close(pipefd[0]);
	close(pipefd[1]);

	/* None of them was added. */
	arg = ioev_arg(self->efd, IOEV_ADDR, 4);
	test_err_remove_ioeventfd(ENOENT, self->e.vmfd, &arg);
}

TEST_F(ioeventfd, argument_size_must_be_exact)
{
	struct gunyah_fn_ioeventfd_arg arg = ioev_arg(self->efd, IOEV_ADDR, 4);
	struct gunyah_fn_desc desc = {
		.type = GUNYAH_FN_IOEVENTFD,
		.arg = (__u64)(uintptr_t)&arg,
	};

	desc.arg_size = sizeof(arg) - 4;
	EXPECT_ERRNO(EINVAL, ioctl(self->e.vmfd, GUNYAH_VM_ADD_FUNCTION, &desc));
	desc.arg_size = sizeof(arg) + 4;
	EXPECT_ERRNO(EINVAL, ioctl(self->e.vmfd, GUNYAH_VM_ADD_FUNCTION, &desc));
	desc.arg_size = sizeof(arg);
	ASSERT_OK(ioctl(self->e.vmfd, GUNYAH_VM_ADD_FUNCTION, &desc));
	desc.arg_size = sizeof(arg) - 4;
	EXPECT_ERRNO(EINVAL,
		     ioctl(self->e.vmfd, GUNYAH_VM_REMOVE_FUNCTION, &desc));
	desc.arg_size = sizeof(arg);
	EXPECT_OK(ioctl(self->e.vmfd, GUNYAH_VM_REMOVE_FUNCTION, &desc));
}

TEST_F(ioeventfd, duplicate_and_remove)
{
	struct gunyah_fn_ioeventfd_arg arg, other;
	int efd2;

	efd2 = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ASSERT_LE(0, efd2);

	arg = ioev_arg(self->efd, IOEV_ADDR, 4);
	test_cmd_add_ioeventfd(self->e.vmfd, &arg);
	test_err_add_ioeventfd(EEXIST, self->e.vmfd, &arg);
	/* Address, length and datamatch name an ioeventfd, not the fd. */
	other = ioev_arg(efd2, IOEV_ADDR, 4);
	test_err_add_ioeventfd(EEXIST, self->e.vmfd, &other);

	/* Overlapping but distinct ones are fine. */
	other = ioev_arg(efd2, IOEV_ADDR, 0);
	test_cmd_add_ioeventfd(self->e.vmfd, &other);
	other = ioev_arg(efd2, IOEV_ADDR, 8);
	test_cmd_add_ioeventfd(self->e.vmfd, &other);
	other = ioev_match(efd2, IOEV_ADDR, 4, 1);
	test_cmd_add_ioeventfd(self->e.vmfd, &other);
	test_err_add_ioeventfd(EEXIST, self->e.vmfd, &other);
	other = ioev_match(efd2, IOEV_ADDR, 4, 2);
	test_cmd_add_ioeventfd(self->e.vmfd, &other);

	/* Not added: another address, length or datamatch value. */
	other = ioev_arg(self->efd, IOEV_ADDR + 4, 4);
	test_err_remove_ioeventfd(ENOENT, self->e.vmfd, &other);
	other = ioev_arg(self->efd, IOEV_ADDR, 2);
	test_err_remove_ioeventfd(ENOENT, self->e.vmfd, &other);
	other = ioev_match(self->efd, IOEV_ADDR, 4, 3);
	test_err_remove_ioeventfd(ENOENT, self->e.vmfd, &other);

	/* Removal by key, whatever the fd; then it is gone. */
	other = ioev_arg(efd2, IOEV_ADDR, 4);
	test_cmd_remove_ioeventfd(self->e.vmfd, &other);
	test_err_remove_ioeventfd(ENOENT, self->e.vmfd, &arg);
	test_cmd_add_ioeventfd(self->e.vmfd, &arg);
	test_cmd_remove_ioeventfd(self->e.vmfd, &arg);

	other = ioev_match(efd2, IOEV_ADDR, 4, 1);
	test_cmd_remove_ioeventfd(self->e.vmfd, &other);
	test_err_remove_ioeventfd(ENOENT, self->e.vmfd, &other);
	/* The others stay until the VM is closed. */
	close(efd2);
}

TEST_F(ioeventfd, writes_never_reach_user_space)
{
	const __u64 n = 50;
	struct gunyah_fn_ioeventfd_arg arg;
	struct prog p = { };
	__u64 loop;

	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, R_ADDR, 0, IOEV_ADDR);
	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, R_CNT, 0, 0);
	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, R_END, 0, n);
	loop = here(&p);
	emit(&p, GUNYAH_GUEST_OP_STORE, 4, R_CNT, R_ADDR, 0);
	emit(&p, GUNYAH_GUEST_OP_ADDI, 0, R_CNT, 0, 1);
	emit(&p, GUNYAH_GUEST_OP_BNE, 0, R_CNT, R_END, loop);
	emit(&p, GUNYAH_GUEST_OP_SYSTEM_OFF, 0, 0, 0, 0);
	load_vcpu0(_metadata, &self->e, &p, NULL, 0);

	arg = ioev_arg(self->efd, IOEV_ADDR, 4);
	test_cmd_add_ioeventfd(self->e.vmfd, &arg);

	expect_power_off(_metadata, &self->e);
	EXPECT_EQ(n, efd_take(self->efd));
}

TEST_F(ioeventfd, reads_reach_user_space)
{
	struct gunyah_fn_ioeventfd_arg arg;
	struct prog p = { };

	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, R_ADDR, 0, IOEV_ADDR);
	emit(&p, GUNYAH_GUEST_OP_LOAD, 4, R_VAL, R_ADDR, 0);
	emit(&p, GUNYAH_GUEST_OP_LOAD, 2, R_VAL, R_ADDR, 0);
	emit(&p, GUNYAH_GUEST_OP_SYSTEM_OFF, 0, 0, 0, 0);
	load_vcpu0(_metadata, &self->e, &p, NULL, 0);

	arg = ioev_arg(self->efd, IOEV_ADDR, 4);
	test_cmd_add_ioeventfd(self->e.vmfd, &arg);
	arg = ioev_arg(self->efd, IOEV_ADDR, 0);
	test_cmd_add_ioeventfd(self->e.vmfd, &arg);

	ASSERT_OK(vcpu_run(&self->e));
	ASSERT_EQ(GUNYAH_VCPU_EXIT_MMIO, self->e.run->exit_reason);
	EXPECT_EQ(0, self->e.run->mmio.is_write);
	EXPECT_EQ(IOEV_ADDR, self->e.run->mmio.phys_addr);
	EXPECT_EQ(4, self->e.run->mmio.len);
	self->e.run->mmio.resume_action = GUNYAH_VCPU_RESUME_HANDLED;
	ASSERT_OK(vcpu_run(&self->e));
	ASSERT_EQ(GUNYAH_VCPU_EXIT_MMIO, self->e.run->exit_reason);
	EXPECT_EQ(0, self->e.run->mmio.is_write);
	EXPECT_EQ(2, self->e.run->mmio.len);
	self->e.run->mmio.resume_action = GUNYAH_VCPU_RESUME_HANDLED;
	expect_power_off(_metadata, &self->e);
	EXPECT_EQ(0, efd_take(self->efd));
}

TEST_F(ioeventfd, datamatch)
{
	struct gunyah_fn_ioeventfd_arg arg;
	struct prog p = { };

	emit_store(&p, 4, 0, 0x42);
	emit_store(&p, 4, 0, 0x43);
	emit_store(&p, 4, 0, 0x42);
	emit_store(&p, 4, 0, 0x100000042ULL);	/* truncated to 0x42 */
	emit_store(&p, 4, 0, 0);
	emit_store(&p, 8, 0, 0x42);		/* another length */
	emit(&p, GUNYAH_GUEST_OP_SYSTEM_OFF, 0, 0, 0, 0);
	load_vcpu0(_metadata, &self->e, &p, NULL, 0);

	arg = ioev_match(self->efd, IOEV_ADDR, 4, 0x42);
	test_cmd_add_ioeventfd(self->e.vmfd, &arg);

	expect_write_exit(_metadata, &self->e, IOEV_ADDR, 4, 0x43);
	EXPECT_EQ(1, efd_take(self->efd));
	expect_write_exit(_metadata, &self->e, IOEV_ADDR, 4, 0);
	EXPECT_EQ(2, efd_take(self->efd));
	expect_write_exit(_metadata, &self->e, IOEV_ADDR, 8, 0x42);
	EXPECT_EQ(0, efd_take(self->efd));
	expect_power_off(_metadata, &self->e);
	EXPECT_EQ(0, efd_take(self->efd));
}

/* A datamatch ioeventfd takes its value; one without takes the rest. */
TEST_F(ioeventfd, datamatch_before_any_value)
{
	struct gunyah_fn_ioeventfd_arg arg;
	struct prog p = { };
	int efd2;

	efd2 = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ASSERT_LE(0, efd2);

	emit_store(&p, 2, 0, 7);
	emit_store(&p, 2, 0, 8);
	emit_store(&p, 2, 0, 7);
	emit_store(&p, 1, 0, 7);
	emit(&p, GUNYAH_GUEST_OP_SYSTEM_OFF, 0, 0, 0, 0);
	load_vcpu0(_metadata, &self->e, &p, NULL, 0);

	arg = ioev_match(self->efd, IOEV_ADDR, 2, 7);
	test_cmd_add_ioeventfd(self->e.vmfd, &arg);
	arg = ioev_arg(efd2, IOEV_ADDR, 2);
	test_cmd_add_ioeventfd(self->e.vmfd, &arg);

	expect_write_exit(_metadata, &self->e, IOEV_ADDR, 1, 7);
	EXPECT_EQ(2, efd_take(self->efd));
	EXPECT_EQ(1, efd_take(efd2));
	expect_power_off(_metadata, &self->e);
	close(efd2);
}

TEST_F(ioeventfd, lengths)
{
	static const __u32 lens[] = { 1, 2, 4, 8 };
	/* For each length, another one that must not match. */
	static const __u32 others[] = { 2, 4, 8, 1 };
	struct gunyah_fn_ioeventfd_arg arg;
	int efds[4], anyfd;
	struct prog p = { };
	unsigned int i;

	for (i = 0; i < 4; i++) {
		emit_store(&p, lens[i], i * 0x10, 0x55);
		emit_store(&p, others[i], i * 0x10, 0x66);
		/* Same size, datamatch: only the value matched signals. */
		emit_store(&p, lens[i], 0x100 + i * 0x10, 0x77);
		emit_store(&p, lens[i], 0x100 + i * 0x10, 0x78);
	}
	/* Any size: every length signals. */
	for (i = 0; i < 4; i++)
		emit_store(&p, lens[i], 0x200, i);
	emit(&p, GUNYAH_GUEST_OP_SYSTEM_OFF, 0, 0, 0, 0);
	load_vcpu0(_metadata, &self->e, &p, NULL, 0);

	for (i = 0; i < 4; i++) {
		efds[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		ASSERT_LE(0, efds[i]);
		arg = ioev_arg(efds[i], IOEV_ADDR + i * 0x10, lens[i]);
		test_cmd_add_ioeventfd(self->e.vmfd, &arg);
		arg = ioev_match(efds[i], IOEV_ADDR + 0x100 + i * 0x10,
				 lens[i], 0x77);
		test_cmd_add_ioeventfd(self->e.vmfd, &arg);
	}
	anyfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ASSERT_LE(0, anyfd);
	arg = ioev_arg(anyfd, IOEV_ADDR + 0x200, 0);
	test_cmd_add_ioeventfd(self->e.vmfd, &arg);

	for (i = 0; i < 4; i++) {
		expect_write_exit(_metadata, &self->e, IOEV_ADDR + i * 0x10,
				  others[i], 0x66);
		EXPECT_EQ(1, efd_take(efds[i])) TH_LOG("len %u", lens[i]);
		expect_write_exit(_metadata, &self->e,
				  IOEV_ADDR + 0x100 + i * 0x10, lens[i], 0x78);
		EXPECT_EQ(1, efd_take(efds[i])) TH_LOG("len %u", lens[i]);
	}
	expect_power_off(_metadata, &self->e);
	EXPECT_EQ(4, efd_take(anyfd));
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(0, efd_take(efds[i]));
		close(efds[i]);
	}
	close(anyfd);
}

static void *run_vcpu(void *arg)
{
	long ret = vcpu_run(arg);

	return (void *)(ret ? (long)errno : 0L);
}

TEST_F(ioeventfd, removed_while_running)
{
	struct gunyah_fn_ioeventfd_arg arg;
	struct pollfd pfd = { .fd = self->efd, .events = POLLIN };
	struct prog p = { };
	struct timespec deadline;
	pthread_t thread;
	__u64 loop, count;
	void *res;
	int ret;

	/* Stores to the ioeventfd for ever, counting in R_CNT. */
	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, R_ADDR, 0, IOEV_ADDR);
	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, R_CNT, 0, 1);
	loop = here(&p);
	emit(&p, GUNYAH_GUEST_OP_STORE, 8, R_CNT, R_ADDR, 0);
	emit(&p, GUNYAH_GUEST_OP_ADDI, 0, R_CNT, 0, 1);
	emit(&p, GUNYAH_GUEST_OP_JMP, 0, 0, 0, loop);
	load_vcpu0(_metadata, &self->e, &p, NULL, 0);

	arg = ioev_arg(self->efd, IOEV_ADDR, 8);
	test_cmd_add_ioeventfd(self->e.vmfd, &arg);

	ASSERT_EQ(0, pthread_create(&thread, NULL, run_vcpu, &self->e));
	ASSERT_EQ(1, poll(&pfd, 1, 5000)) TH_LOG("the eventfd was not signalled");
	EXPECT_OK(_test_cmd_ioeventfd(self->e.vmfd, GUNYAH_VM_REMOVE_FUNCTION,
				      &arg));

	/* The next store exits to user space. */
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 5;
	ret = pthread_timedjoin_np(thread, &res, &deadline);
	if (ret) {
		/* Still running: closing the VM stops it. */
		close(self->e.vmfd);
		self->e.vmfd = -1;
		pthread_join(thread, &res);
	}
	ASSERT_EQ(0, ret) TH_LOG("the vCPU did not exit after the removal");
	ASSERT_EQ(0, (long)res) TH_LOG("VCPU_RUN: %s", strerror((long)res));
	ASSERT_EQ(GUNYAH_VCPU_EXIT_MMIO, self->e.run->exit_reason);
	EXPECT_EQ(1, self->e.run->mmio.is_write);
	EXPECT_EQ(IOEV_ADDR, self->e.run->mmio.phys_addr);
	EXPECT_EQ(8, self->e.run->mmio.len);

	/* Every earlier store signalled, and the one that exited did not. */
	count = efd_take(self->efd);
	EXPECT_LE(1, count);
	EXPECT_EQ(count + 1, mmio_data(self->e.run));

	/* Removed for good: the following stores exit too. */
	expect_write_exit(_metadata, &self->e, IOEV_ADDR, 8, count + 2);
	EXPECT_EQ(0, efd_take(self->efd));
}

TEST_HARNESS_MAIN
