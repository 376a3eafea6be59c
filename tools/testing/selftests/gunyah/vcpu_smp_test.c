// SPDX-License-Identifier: GPL-2.0-only
/*
 * Several vCPUs of one VM, each run by its own thread: vCPU 0 powers the
 * others on with CPU_ON, every vCPU's MMIO exits reach its own thread with
 * its own data, and the VM's exit (power off or crash) reaches every
 * thread as a status exit. Also: a second VCPU_RUN on a vCPU fd that is
 * already running is refused with EBUSY.
 *
 * Needs gunyah_sim.ko loaded with vcpus=16 (vm_test.sh does). Every wait
 * for a thread has a watchdog: a hang fails the case instead of blocking
 * the suite.
 */

#include <pthread.h>
#include <signal.h>
#include <stddef.h>

#include "guest_prog.h"

#define MMIO_ADDR	0x10000000ULL
#define MMIO_GO		(MMIO_ADDR + 0x1000)

#define NR_VCPUS	16
#define NR_STORES	10
/* Seconds the threads may take; the harness's own timeout is larger. */
#define WATCHDOG_S	60
#define TEST_TIMEOUT_S	(2 * WATCHDOG_S + 30)

/* Sets the branch target of the instruction at @at to @target. */
static void patch(struct prog *p, unsigned int at, __u64 target)
{
	p->insn[at].imm64 = target;
}

struct vcpu_thread {
	struct smp *smp;
	unsigned int index;
	int fd;
	struct gunyah_vcpu_run *run;
	pthread_t thread;
	bool started;
	/* Results, read after the join */
	unsigned int stores;
	unsigned int go_reads;
	int err;		/* errno of a failed VCPU_RUN, or 0 */
	bool status_exit;
	__u32 status;
	__u32 exit_type;
	char bad[128];		/* the first unexpected exit */
};

struct smp {
	int vmfd;
	unsigned int nr;
	struct vcpu_thread t[NR_VCPUS];
	/* Secondaries that saw all their stores */
	unsigned int done;
	bool stop;
};

FIXTURE(smp)
{
	int devfd;
	int memfd;
	struct smp smp;
};

static void noop_handler(int sig)
{
}

FIXTURE_SETUP(smp)
{
	struct sigaction sa = { .sa_handler = noop_handler };
	unsigned int i;

	/* No SA_RESTART: the watchdog's signal ends a blocked VCPU_RUN. */
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	self->devfd = open_dev(_metadata);
	self->smp.vmfd = create_vm(self->devfd);
	ASSERT_LE(0, self->smp.vmfd);
	self->memfd = create_gmem(self->devfd, RAM_SIZE, 0);
	ASSERT_LE(0, self->memfd);
	for (i = 0; i < NR_VCPUS; i++) {
		self->smp.t[i].fd = -1;
		self->smp.t[i].run = MAP_FAILED;
	}
}

FIXTURE_TEARDOWN(smp)
{
	struct smp *s = &self->smp;
	unsigned int i;

	for (i = 0; i < NR_VCPUS; i++) {
		if (s->t[i].run != MAP_FAILED)
			munmap(s->t[i].run, page_size());
		if (s->t[i].fd >= 0)
			close(s->t[i].fd);
	}
	if (s->vmfd >= 0)
		close(s->vmfd);
	close(self->memfd);
	EXPECT_TRUE(wait_sim_vm_gone(-1, TEARDOWN_TIMEOUT_MS));
	close(self->devfd);
}

/* Put @p in the VM's RAM, map the RAM, set DTB and PC, add @nr vCPUs. */
static void load_smp(struct __test_metadata *_metadata, int memfd,
		     struct smp *s, const struct prog *p, unsigned int nr)
{
	unsigned int i;

	load_ram(_metadata, s->vmfd, memfd, p, NULL, 0);
	s->nr = nr;
	for (i = 0; i < nr; i++) {
		struct vcpu_thread *t = &s->t[i];

		t->smp = s;
		t->index = i;
		t->fd = add_vcpu(s->vmfd, i);
		ASSERT_LE(0, t->fd) TH_LOG("ADD_FUNCTION %u: %s", i,
					   strerror(errno));
		t->run = map_run(_metadata, t->fd);
	}
}

/*
 * One vCPU's thread: runs it until a status exit or an error. The stores
 * of vCPU i must be 8 bytes of i at MMIO_ADDR + 8 * i; vCPU 0's reads of
 * MMIO_GO return 1 once every secondary saw all its stores.
 */
static void *vcpu_thread(void *arg)
{
	struct vcpu_thread *t = arg;
	struct smp *s = t->smp;
	struct gunyah_vcpu_run *run = t->run;
	__u64 go;

	while (!__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE)) {
		if (ioctl(t->fd, GUNYAH_VCPU_RUN, 0)) {
			t->err = errno;
			break;
		}
		if (run->exit_reason == GUNYAH_VCPU_EXIT_STATUS) {
			t->status_exit = true;
			t->status = run->status.status;
			t->exit_type = run->status.exit_info.type;
			break;
		}
		if (run->exit_reason != GUNYAH_VCPU_EXIT_MMIO) {
			snprintf(t->bad, sizeof(t->bad), "exit_reason %u",
				 run->exit_reason);
			break;
		}
		if (run->mmio.is_write &&
		    run->mmio.phys_addr == MMIO_ADDR + 8 * t->index &&
		    run->mmio.len == 8 && mmio_data(run) == t->index &&
		    t->stores < NR_STORES) {
			if (++t->stores == NR_STORES && t->index)
				__atomic_add_fetch(&s->done, 1,
						   __ATOMIC_RELEASE);
		} else if (!run->mmio.is_write && t->index == 0 &&
			   run->mmio.phys_addr == MMIO_GO &&
			   run->mmio.len == 8) {
			t->go_reads++;
			go = __atomic_load_n(&s->done, __ATOMIC_ACQUIRE) ==
			     s->nr - 1;
			memcpy(run->mmio.data, &go, sizeof(go));
			/* Let the secondaries' threads run. */
			if (!go)
				sleep_ms(1);
		} else {
			snprintf(t->bad, sizeof(t->bad),
				 "MMIO %s %#llx len %u data %#llx after %u stores",
				 run->mmio.is_write ? "write" : "read",
				 (unsigned long long)run->mmio.phys_addr,
				 run->mmio.len,
				 (unsigned long long)mmio_data(run),
				 t->stores);
			break;
		}
		run->mmio.resume_action = GUNYAH_VCPU_RESUME_HANDLED;
	}
	return NULL;
}

/*
 * One thread per vCPU. The VM is not started first: every thread's first
 * VCPU_RUN races to start it, and all of them must wait for the one start.
 */
static void start_threads(struct __test_metadata *_metadata, struct smp *s)
{
	unsigned int i;

	for (i = 0; i < s->nr; i++) {
		ASSERT_EQ(0, pthread_create(&s->t[i].thread, NULL, vcpu_thread,
					    &s->t[i]));
		s->t[i].started = true;
	}
}

/*
 * Joins every thread by an absolute deadline. If one is still running
 * then, the others are told to stop and signalled out of VCPU_RUN; false
 * if any thread missed the deadline.
 */
static bool join_threads(struct __test_metadata *_metadata, struct smp *s)
{
	struct timespec deadline;
	bool in_time = true;
	unsigned int i;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += WATCHDOG_S;
	for (i = 0; i < s->nr; i++) {
		if (!s->t[i].started)
			continue;
		if (!pthread_timedjoin_np(s->t[i].thread, NULL, &deadline)) {
			s->t[i].started = false;
			continue;
		}
		TH_LOG("vCPU %u's thread hangs (%u stores, %u reads of GO)",
		       i, s->t[i].stores, s->t[i].go_reads);
		in_time = false;
		break;
	}
	if (in_time)
		return true;

	__atomic_store_n(&s->stop, true, __ATOMIC_RELEASE);
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += WATCHDOG_S;
	for (i = 0; i < s->nr; i++) {
		if (!s->t[i].started)
			continue;
		pthread_kill(s->t[i].thread, SIGUSR1);
		if (pthread_timedjoin_np(s->t[i].thread, NULL, &deadline))
			TH_LOG("vCPU %u's thread cannot be stopped", i);
		else
			s->t[i].started = false;
	}
	return false;
}

/* Every thread ended with a status exit @status; @type if not ~0U. */
static void check_status(struct __test_metadata *_metadata, struct smp *s,
			 __u32 status, __u32 type)
{
	unsigned int i;

	for (i = 0; i < s->nr; i++) {
		struct vcpu_thread *t = &s->t[i];

		EXPECT_STREQ("", t->bad) TH_LOG("vCPU %u", i);
		EXPECT_EQ(0, t->err) TH_LOG("vCPU %u: VCPU_RUN: %s", i,
					    strerror(t->err));
		EXPECT_TRUE(t->status_exit) TH_LOG("vCPU %u", i);
		EXPECT_EQ(status, t->status) TH_LOG("vCPU %u", i);
		if (type != ~0U)
			EXPECT_EQ(type, t->exit_type) TH_LOG("vCPU %u", i);
	}
}

/*
 * vCPU 0 powers on vCPUs 1 to 15 at a common entry with r0 = their index.
 * Each vCPU, 0 included, stores its index NR_STORES times at
 * MMIO_ADDR + 8 * index; the secondaries then power off, vCPU 0 reads
 * MMIO_GO until it is 1 and powers the system off.
 */
TEST_F_TIMEOUT(smp, sixteen_vcpus_run_concurrently, TEST_TIMEOUT_S)
{
	struct smp *s = &self->smp;
	unsigned int i, on_fail, to_boot, to_common, loop, wait, crash;
	struct prog p = { };

	/* r9 = 0 */
	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, 9, 0, 0);
	on_fail = p.n;
	for (i = 1; i < NR_VCPUS; i++) {
		emit(&p, GUNYAH_GUEST_OP_MOVI, 0, 1, 0, i);
		emit(&p, GUNYAH_GUEST_OP_CPU_ON, 0, 1, 1, 0); /* patched */
		emit(&p, GUNYAH_GUEST_OP_BNE, 0, 0, 9, 0); /* to crash */
	}
	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, 0, 0, 0);
	to_common = p.n;
	emit(&p, GUNYAH_GUEST_OP_JMP, 0, 0, 0, 0);
	crash = p.n;
	emit(&p, GUNYAH_GUEST_OP_CRASH, 0, 0, 0, 0);

	/* Common entry, r0 = index: r2 = MMIO_ADDR + 8 * r0. */
	for (i = on_fail; i < crash; i++) {
		if (p.insn[i].op == GUNYAH_GUEST_OP_CPU_ON)
			patch(&p, i, here(&p));
		else if (p.insn[i].op == GUNYAH_GUEST_OP_BNE)
			patch(&p, i, PROG_ADDR + crash * GUNYAH_GUEST_INSN_SIZE);
	}
	patch(&p, to_common, here(&p));
	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, 9, 0, 0);
	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, 3, 0, 0);
	emit(&p, GUNYAH_GUEST_OP_ADD, 0, 3, 0, 0);	/* r3 = r0 */
	emit(&p, GUNYAH_GUEST_OP_ADD, 0, 3, 3, 0);	/* 2 * r0 */
	emit(&p, GUNYAH_GUEST_OP_ADD, 0, 3, 3, 0);	/* 4 * r0 */
	emit(&p, GUNYAH_GUEST_OP_ADD, 0, 3, 3, 0);	/* 8 * r0 */
	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, 2, 0, MMIO_ADDR);
	emit(&p, GUNYAH_GUEST_OP_ADD, 0, 2, 3, 0);
	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, 4, 0, 0);
	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, 5, 0, NR_STORES);
	loop = p.n;
	emit(&p, GUNYAH_GUEST_OP_STORE, 8, 0, 2, 0);
	emit(&p, GUNYAH_GUEST_OP_ADDI, 0, 4, 0, 1);
	emit(&p, GUNYAH_GUEST_OP_BLT, 0, 4, 5,
	     PROG_ADDR + loop * GUNYAH_GUEST_INSN_SIZE);
	to_boot = p.n;
	emit(&p, GUNYAH_GUEST_OP_BEQ, 0, 0, 9, 0);	/* patched */
	emit(&p, GUNYAH_GUEST_OP_CPU_OFF, 0, 0, 0, 0);
	/* Not powered on again: a second pass would be a bug. */
	emit(&p, GUNYAH_GUEST_OP_CRASH, 0, 0, 0, 0);

	/* vCPU 0: wait for MMIO_GO to read 1, then power the system off. */
	patch(&p, to_boot, here(&p));
	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, 7, 0, 1);
	wait = p.n;
	emit(&p, GUNYAH_GUEST_OP_LOAD, 8, 8, 9, MMIO_GO);
	emit(&p, GUNYAH_GUEST_OP_BNE, 0, 8, 7,
	     PROG_ADDR + wait * GUNYAH_GUEST_INSN_SIZE);
	emit(&p, GUNYAH_GUEST_OP_SYSTEM_OFF, 0, 0, 0, 0);
	ASSERT_GE(ARRAY_SIZE(p.insn), p.n);

	load_smp(_metadata, self->memfd, s, &p, NR_VCPUS);
	start_threads(_metadata, s);
	ASSERT_TRUE(join_threads(_metadata, s));

	for (i = 0; i < NR_VCPUS; i++)
		EXPECT_EQ(NR_STORES, s->t[i].stores) TH_LOG("vCPU %u", i);
	EXPECT_LE(1, s->t[0].go_reads);
	check_status(_metadata, s, GUNYAH_VM_STATUS_EXITED,
		     GUNYAH_VM_EXIT_TYPE_PSCI_POWER_OFF);
	EXPECT_STREQ("EXITED", vm_state(s->vmfd));
}

/*
 * vCPUs 1 to 3 wait for interrupts in a loop, vCPU 0 crashes: the crash
 * reaches all four threads.
 */
TEST_F_TIMEOUT(smp, crash_reported_on_every_vcpu, TEST_TIMEOUT_S)
{
	struct smp *s = &self->smp;
	unsigned int i, crash, idle;
	struct prog p = { };

	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, 9, 0, 0);
	for (i = 1; i < 4; i++) {
		emit(&p, GUNYAH_GUEST_OP_MOVI, 0, 1, 0, i);
		emit(&p, GUNYAH_GUEST_OP_CPU_ON, 0, 1, 1, 0); /* patched */
		emit(&p, GUNYAH_GUEST_OP_BNE, 0, 0, 9, 0); /* to crash */
	}
	/* Let the secondaries reach their WFI. */
	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, 4, 0, 0);
	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, 5, 0, 1000);
	emit(&p, GUNYAH_GUEST_OP_ADDI, 0, 4, 0, 1);
	emit(&p, GUNYAH_GUEST_OP_BLT, 0, 4, 5, here(&p) - GUNYAH_GUEST_INSN_SIZE);
	crash = p.n;
	emit(&p, GUNYAH_GUEST_OP_CRASH, 0, 0, 0, 0);
	idle = p.n;
	emit(&p, GUNYAH_GUEST_OP_WFI, 0, 0, 0, 0);
	emit(&p, GUNYAH_GUEST_OP_JMP, 0, 0, 0,
	     PROG_ADDR + idle * GUNYAH_GUEST_INSN_SIZE);
	for (i = 0; i < crash; i++) {
		if (p.insn[i].op == GUNYAH_GUEST_OP_CPU_ON)
			patch(&p, i, PROG_ADDR + idle * GUNYAH_GUEST_INSN_SIZE);
		else if (p.insn[i].op == GUNYAH_GUEST_OP_BNE)
			patch(&p, i, PROG_ADDR + crash * GUNYAH_GUEST_INSN_SIZE);
	}

	load_smp(_metadata, self->memfd, s, &p, 4);
	start_threads(_metadata, s);
	ASSERT_TRUE(join_threads(_metadata, s));

	check_status(_metadata, s, GUNYAH_VM_STATUS_CRASHED, ~0U);
	EXPECT_STREQ("EXITED", vm_state(s->vmfd));
}

static void *spin_vcpu(void *arg)
{
	struct vcpu_thread *t = arg;

	if (ioctl(t->fd, GUNYAH_VCPU_RUN, 0))
		t->err = errno;
	else
		t->status_exit = t->run->exit_reason == GUNYAH_VCPU_EXIT_STATUS;
	return NULL;
}

/*
 * While one thread runs a spinning vCPU, VCPU_RUN on the same fd fails
 * with EBUSY; closing the VM fd ends the first run.
 */
TEST_F_TIMEOUT(smp, second_runner_is_ebusy, TEST_TIMEOUT_S)
{
	struct smp *s = &self->smp;
	struct vcpu_thread *t = &s->t[0];
	struct timespec deadline;
	struct prog p = { };
	int err;

	emit(&p, GUNYAH_GUEST_OP_JMP, 0, 0, 0, PROG_ADDR);
	load_smp(_metadata, self->memfd, s, &p, 1);

	ASSERT_EQ(0, pthread_create(&t->thread, NULL, spin_vcpu, t));
	t->started = true;
	/*
	 * Only the thread's run can start the VM: once it is RUNNING, the
	 * thread is inside VCPU_RUN, where the guest spins for good.
	 */
	ASSERT_TRUE(wait_vm_state(s->vmfd, "RUNNING", 30000));
	sleep_ms(50);
	err = ERRNO_OF(ioctl(t->fd, GUNYAH_VCPU_RUN, 0));
	EXPECT_EQ(EBUSY, err);
	EXPECT_EQ(0, t->err);

	close(s->vmfd);
	s->vmfd = -1;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += WATCHDOG_S;
	if (pthread_timedjoin_np(t->thread, NULL, &deadline)) {
		pthread_kill(t->thread, SIGUSR1);
		ASSERT_EQ(0, pthread_timedjoin_np(t->thread, NULL, &deadline))
			TH_LOG("the spinning run does not end");
		t->started = false;
		ASSERT_TRUE(false) TH_LOG("closing the VM did not end the run");
	}
	t->started = false;
	/* A status exit, or ENODEV once the vCPU is gone. */
	EXPECT_TRUE(t->status_exit || t->err == ENODEV)
		TH_LOG("run ended with %s", strerror(t->err));
	EXPECT_EQ(ENODEV, ERRNO_OF(ioctl(t->fd, GUNYAH_VCPU_RUN, 0)));
}

TEST_HARNESS_MAIN
