// SPDX-License-Identifier: GPL-2.0-only
/*
 * irqfd function end to end on the simulator: argument validation, and an
 * eventfd that rings a doorbell of the guest's DT and so ends the guest's
 * WFI, edge and level, including a signal sent before the VM started.
 */

#include <endian.h>
#include <pthread.h>
#include <stddef.h>
#include <sys/eventfd.h>

#include "guest_prog.h"

#define MMIO_ADDR	0x10000000ULL
#define BELL_LABEL	5
#define BLOCK_MS	200
#define WAKE_MS		5000

/* A flattened device tree under construction (DTB version 17). */
struct fdt {
	__u8 strct[512];
	size_t strct_len;
	char strings[128];
	size_t strings_len;
};

static void fdt_u32(struct fdt *f, __u32 v)
{
	__u32 be = htobe32(v);

	memcpy(&f->strct[f->strct_len], &be, 4);
	f->strct_len += 4;
}

static void fdt_bytes(struct fdt *f, const void *data, size_t len)
{
	memset(&f->strct[f->strct_len], 0, (len + 3) & ~3UL);
	memcpy(&f->strct[f->strct_len], data, len);
	f->strct_len += (len + 3) & ~3UL;
}

static void fdt_begin(struct fdt *f, const char *name)
{
	fdt_u32(f, 1);
	fdt_bytes(f, name, strlen(name) + 1);
}

static void fdt_end(struct fdt *f)
{
	fdt_u32(f, 2);
}

static void fdt_prop(struct fdt *f, const char *name, const void *val,
		     size_t len)
{
	size_t nameoff = f->strings_len;

	memcpy(&f->strings[nameoff], name, strlen(name) + 1);
	f->strings_len += strlen(name) + 1;
	fdt_u32(f, 3);
	fdt_u32(f, len);
	fdt_u32(f, nameoff);
	fdt_bytes(f, val, len);
}

static void fdt_prop_u32(struct fdt *f, const char *name, __u32 v)
{
	__u32 be = htobe32(v);

	fdt_prop(f, name, &be, sizeof(be));
}

/*
 * The DTB of the test's guest: /gunyah-vm-config/memory/base-address at
 * RAM_BASE and one doorbell vdevice with @label. Returns its size.
 */
static size_t build_dtb(void *buf, size_t size, __u32 label)
{
	const __u32 base[2] = { htobe32(RAM_BASE >> 32), htobe32(RAM_BASE) };
	__u32 hdr[10];
	struct fdt f = { };
	size_t off_struct, off_strings, total;

	fdt_begin(&f, "");
	fdt_begin(&f, "gunyah-vm-config");
	fdt_begin(&f, "memory");
	fdt_prop_u32(&f, "#address-cells", 2);
	fdt_prop_u32(&f, "#size-cells", 2);
	fdt_prop(&f, "base-address", base, sizeof(base));
	fdt_end(&f);
	fdt_begin(&f, "vdevices");
	fdt_begin(&f, "bell");
	fdt_prop(&f, "vdevice-type", "doorbell", sizeof("doorbell"));
	fdt_prop_u32(&f, "qcom,label", label);
	fdt_prop(&f, "peer-default", NULL, 0);
	fdt_end(&f);
	fdt_end(&f);
	fdt_end(&f);
	fdt_end(&f);
	fdt_u32(&f, 9);

	/* Header, an empty memory reservation map, structure, strings. */
	off_struct = sizeof(hdr) + 16;
	off_strings = off_struct + f.strct_len;
	total = off_strings + f.strings_len;
	if (total > size)
		return 0;
	hdr[0] = htobe32(0xd00dfeed);
	hdr[1] = htobe32(total);
	hdr[2] = htobe32(off_struct);
	hdr[3] = htobe32(off_strings);
	hdr[4] = htobe32(sizeof(hdr));	/* off_mem_rsvmap */
	hdr[5] = htobe32(17);
	hdr[6] = htobe32(16);
	hdr[7] = 0;
	hdr[8] = htobe32(f.strings_len);
	hdr[9] = htobe32(f.strct_len);
	memset(buf, 0, off_struct);
	memcpy(buf, hdr, sizeof(hdr));
	memcpy((char *)buf + off_struct, f.strct, f.strct_len);
	memcpy((char *)buf + off_strings, f.strings, f.strings_len);
	return total;
}

/* The program, and a DTB declaring the doorbell BELL_LABEL, then vCPU 0. */
static void load_bell(struct __test_metadata *_metadata, struct vcpu_env *e,
		      const struct prog *p)
{
	char dtb[DTB_SIZE];
	size_t len;

	len = build_dtb(dtb, sizeof(dtb), BELL_LABEL);
	ASSERT_NE(0, len);
	load_vcpu0(_metadata, e, p, dtb, len);
}

/* WFI, then an MMIO write of @n to MMIO_ADDR, for n = 1 to @rounds. */
static void wfi_prog(struct prog *p, unsigned int rounds)
{
	unsigned int n;

	emit(p, GUNYAH_GUEST_OP_MOVI, 0, 2, 0, MMIO_ADDR);
	for (n = 1; n <= rounds; n++) {
		emit(p, GUNYAH_GUEST_OP_WFI, 0, 0, 0, 0);
		emit(p, GUNYAH_GUEST_OP_MOVI, 0, 1, 0, n);
		emit(p, GUNYAH_GUEST_OP_STORE, 4, 1, 2, 0);
	}
	emit(p, GUNYAH_GUEST_OP_SYSTEM_OFF, 0, 0, 0, 0);
}

/* What the helpers below work on: the fixture's VM, vCPU and eventfd. */
FIXTURE(irqfd)
{
	int devfd;
	int efd;
	struct vcpu_env e;
};

FIXTURE_SETUP(irqfd)
{
	self->devfd = open_dev(_metadata);
	vcpu_env_open(_metadata, &self->e, self->devfd);
	self->efd = eventfd(0, EFD_CLOEXEC);
	ASSERT_LE(0, self->efd);
}

FIXTURE_TEARDOWN(irqfd)
{
	vcpu_env_close(&self->e);
	close(self->efd);
	EXPECT_TRUE(wait_sim_vm_gone(-1, TEARDOWN_TIMEOUT_MS));
	close(self->devfd);
}

static int fn_irqfd(int vmfd, unsigned long cmd, __u32 fd, __u32 label,
		    __u32 flags, __u32 padding)
{
	struct gunyah_fn_irqfd_arg arg = {
		.fd = fd,
		.label = label,
		.flags = flags,
		.padding = padding,
	};
	struct gunyah_fn_desc desc = {
		.type = GUNYAH_FN_IRQFD,
		.arg_size = sizeof(arg),
		.arg = (__u64)(uintptr_t)&arg,
	};

	return ioctl(vmfd, cmd, &desc);
}

#define add_irqfd(_vmfd, ...) \
	fn_irqfd(_vmfd, GUNYAH_VM_ADD_FUNCTION, __VA_ARGS__)
#define remove_irqfd(_vmfd, ...) \
	fn_irqfd(_vmfd, GUNYAH_VM_REMOVE_FUNCTION, __VA_ARGS__)

/* A GUNYAH_VCPU_RUN on its own thread. */
struct runner {
	pthread_t thread;
	int vcpufd;
	int err;
	int done;
};

static void *runner_fn(void *arg)
{
	struct runner *r = arg;

	r->err = ERRNO_OF(ioctl(r->vcpufd, GUNYAH_VCPU_RUN, 0));
	__atomic_store_n(&r->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static bool runner_wait(struct runner *r, unsigned int ms)
{
	unsigned int i;

	for (i = 0; i < ms; i++) {
		if (__atomic_load_n(&r->done, __ATOMIC_ACQUIRE))
			return true;
		sleep_ms(1);
	}
	return __atomic_load_n(&r->done, __ATOMIC_ACQUIRE);
}

/*
 * Run the vCPU on a thread: it blocks in WFI for BLOCK_MS, then a write to
 * the eventfd makes the run return the guest's MMIO write of @n.
 */
static void wake_round(struct __test_metadata *_metadata,
		       struct vcpu_env *e, int efd, __u32 n)
{
	struct runner r = { .vcpufd = e->vcpufd };
	__u32 data = 0;

	ASSERT_EQ(0, pthread_create(&r.thread, NULL, runner_fn, &r));
	EXPECT_FALSE(runner_wait(&r, BLOCK_MS))
		TH_LOG("the run returned (errno %d) before the signal", r.err);
	EXPECT_OK(eventfd_write(efd, 1));
	if (!runner_wait(&r, WAKE_MS)) {
		/* Unblock the runner: the vCPU goes with the VM. */
		close(e->vmfd);
		e->vmfd = -1;
		pthread_join(r.thread, NULL);
		ASSERT_TRUE(false) TH_LOG("the signal did not end the WFI");
	}
	ASSERT_EQ(0, pthread_join(r.thread, NULL));
	ASSERT_EQ(0, r.err);
	ASSERT_EQ(GUNYAH_VCPU_EXIT_MMIO, e->run->exit_reason);
	EXPECT_EQ(MMIO_ADDR, e->run->mmio.phys_addr);
	EXPECT_EQ(4, e->run->mmio.len);
	EXPECT_EQ(1, e->run->mmio.is_write);
	memcpy(&data, e->run->mmio.data, sizeof(data));
	EXPECT_EQ(n, data);
}

static void expect_power_off(struct __test_metadata *_metadata,
			     struct vcpu_env *e)
{
	ASSERT_OK(ioctl(e->vcpufd, GUNYAH_VCPU_RUN, 0));
	ASSERT_EQ(GUNYAH_VCPU_EXIT_STATUS, e->run->exit_reason);
	EXPECT_EQ(GUNYAH_VM_EXIT_TYPE_PSCI_POWER_OFF,
		  e->run->status.exit_info.type);
}

TEST_F(irqfd, bad_arguments)
{
	int efd2;

	EXPECT_EQ(EINVAL, ERRNO_OF(add_irqfd(self->e.vmfd, self->efd,
					     BELL_LABEL, 2, 0)));
	EXPECT_EQ(EINVAL, ERRNO_OF(add_irqfd(self->e.vmfd, self->efd,
					     BELL_LABEL, 0, 1)));
	EXPECT_EQ(EBADF, ERRNO_OF(add_irqfd(self->e.vmfd, -1, BELL_LABEL,
					    0, 0)));
	/* A file, but not an eventfd. */
	EXPECT_EQ(EINVAL, ERRNO_OF(add_irqfd(self->e.vmfd, self->e.memfd,
					     BELL_LABEL, 0, 0)));
	EXPECT_EQ(ENOENT, ERRNO_OF(remove_irqfd(self->e.vmfd, self->efd,
						BELL_LABEL, 0, 0)));

	ASSERT_OK(add_irqfd(self->e.vmfd, self->efd, BELL_LABEL, 0, 0));
	efd2 = eventfd(0, EFD_CLOEXEC);
	ASSERT_LE(0, efd2);
	EXPECT_EQ(EEXIST, ERRNO_OF(add_irqfd(self->e.vmfd, efd2, BELL_LABEL,
					     GUNYAH_IRQFD_FLAGS_LEVEL, 0)));
	EXPECT_OK(add_irqfd(self->e.vmfd, efd2, BELL_LABEL + 1, 0, 0));
	EXPECT_EQ(ENOENT, ERRNO_OF(remove_irqfd(self->e.vmfd, self->efd,
						BELL_LABEL + 2, 0, 0)));
	/* Only the label names the irqfd. */
	EXPECT_OK(remove_irqfd(self->e.vmfd, efd2, BELL_LABEL, 0, 0));
	EXPECT_EQ(ENOENT, ERRNO_OF(remove_irqfd(self->e.vmfd, self->efd,
						BELL_LABEL, 0, 0)));
	EXPECT_OK(add_irqfd(self->e.vmfd, self->efd, BELL_LABEL,
			    GUNYAH_IRQFD_FLAGS_LEVEL, 0));
	close(efd2);
}

TEST_F(irqfd, edge_signal_ends_wfi)
{
	struct prog p = { };

	wfi_prog(&p, 2);
	ASSERT_OK(add_irqfd(self->e.vmfd, self->efd, BELL_LABEL, 0, 0));
	load_bell(_metadata, &self->e, &p);

	wake_round(_metadata, &self->e, self->efd, 1);
	wake_round(_metadata, &self->e, self->efd, 2);
	expect_power_off(_metadata, &self->e);
}

TEST_F(irqfd, level_signal_ends_wfi)
{
	struct prog p = { };

	wfi_prog(&p, 2);
	ASSERT_OK(add_irqfd(self->e.vmfd, self->efd, BELL_LABEL,
			    GUNYAH_IRQFD_FLAGS_LEVEL, 0));
	load_bell(_metadata, &self->e, &p);

	wake_round(_metadata, &self->e, self->efd, 1);
	wake_round(_metadata, &self->e, self->efd, 2);
	expect_power_off(_metadata, &self->e);
}

TEST_F(irqfd, signal_before_start_is_delivered)
{
	struct prog p = { };
	__u32 data = 0;

	wfi_prog(&p, 1);
	ASSERT_OK(add_irqfd(self->e.vmfd, self->efd, BELL_LABEL, 0, 0));
	load_bell(_metadata, &self->e, &p);
	ASSERT_OK(eventfd_write(self->efd, 1));

	/* The VM starts with the run; the doorbell rings as it gets it. */
	ASSERT_OK(ioctl(self->e.vcpufd, GUNYAH_VCPU_RUN, 0));
	ASSERT_EQ(GUNYAH_VCPU_EXIT_MMIO, self->e.run->exit_reason);
	memcpy(&data, self->e.run->mmio.data, sizeof(data));
	EXPECT_EQ(1, data);
	expect_power_off(_metadata, &self->e);
}

/*
 * Signals that reach no doorbell: an irqfd whose label the DT lacks, and
 * one removed while the VM runs. The guest keeps waiting.
 */
TEST_F(irqfd, signal_without_doorbell_is_not_delivered)
{
	struct runner r = { };
	struct prog p = { };
	int efd2;

	efd2 = eventfd(0, EFD_CLOEXEC);
	ASSERT_LE(0, efd2);
	wfi_prog(&p, 1);
	ASSERT_OK(add_irqfd(self->e.vmfd, self->efd, BELL_LABEL, 0, 0));
	ASSERT_OK(add_irqfd(self->e.vmfd, efd2, BELL_LABEL + 1, 0, 0));
	load_bell(_metadata, &self->e, &p);

	r.vcpufd = self->e.vcpufd;
	ASSERT_EQ(0, pthread_create(&r.thread, NULL, runner_fn, &r));
	EXPECT_FALSE(runner_wait(&r, BLOCK_MS));
	EXPECT_OK(eventfd_write(efd2, 1));
	EXPECT_FALSE(runner_wait(&r, BLOCK_MS));
	EXPECT_OK(remove_irqfd(self->e.vmfd, self->efd, BELL_LABEL, 0, 0));
	EXPECT_OK(eventfd_write(self->efd, 1));
	EXPECT_FALSE(runner_wait(&r, BLOCK_MS));

	/* The vCPU goes with the VM, and so does the other irqfd. */
	close(self->e.vmfd);
	self->e.vmfd = -1;
	ASSERT_EQ(0, pthread_join(r.thread, NULL));
	EXPECT_TRUE(!r.err || r.err == ENODEV);
	close(efd2);
}

TEST_HARNESS_MAIN
