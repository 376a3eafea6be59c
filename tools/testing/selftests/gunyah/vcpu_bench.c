// SPDX-License-Identifier: GPL-2.0-only
/*
 * vCPU benchmark (make bench): the MMIO exit round trip (GUNYAH_VCPU_RUN
 * resumes the guest, which stores to MMIO, and the exit comes back to user
 * space) against a no-op ioctl on the same vCPU fd (GUNYAH_VCPU_MMAP_SIZE),
 * both measured in the same run. Prints "name: value" lines.
 *
 * "vcpu_bench 0" measures nothing: it runs the guest until it is killed,
 * as the VMM under which vm_test.sh unloads the simulator.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/gunyah.h>

#include "../../../../include/linux/gunyah_guest_prog.h"

#define RAM_BASE	0x80000000ULL
#define RAM_SIZE	0x100000ULL
#define PROG_OFF	0x10000ULL
#define MMIO_ADDR	0x10000000ULL
#define WARMUP		1000

static void die(const char *what)
{
	fprintf(stderr, "vcpu_bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void emit(struct gunyah_guest_insn *i, __u8 op, __u8 size, __u8 ra,
		 __u8 rb, __u64 imm)
{
	memset(i, 0, sizeof(*i));
	i->op = op;
	i->size = size;
	i->ra = ra;
	i->rb = rb;
	i->imm64 = imm;
}

/* A guest that stores a counter to MMIO forever. */
static int setup_vcpu(int devfd, int *vmfd, struct gunyah_vcpu_run **run)
{
	struct gunyah_create_mem_args mem = { .size = RAM_SIZE };
	struct gunyah_vm_dtb_config dtb = { RAM_BASE + 0x1000, 0x1000 };
	struct gunyah_vm_boot_context pc = {
		.reg = GUNYAH_VM_BOOT_CONTEXT_REG(GUNYAH_VM_BOOT_CONTEXT_REG_SET_PC, 0),
		.value = RAM_BASE + PROG_OFF,
	};
	struct gunyah_fn_vcpu_arg arg = { .id = 0 };
	struct gunyah_fn_desc desc = {
		.type = GUNYAH_FN_VCPU,
		.arg_size = sizeof(arg),
		.arg = (__u64)(uintptr_t)&arg,
	};
	struct gunyah_map_mem_args map = {
		.guest_addr = RAM_BASE,
		.flags = GUNYAH_MEM_ALLOW_RWX,
		.size = RAM_SIZE,
	};
	struct gunyah_guest_insn *prog;
	int memfd, vcpufd;
	char *ram;

	memfd = ioctl(devfd, GUNYAH_CREATE_GUEST_MEM, &mem);
	*vmfd = ioctl(devfd, GUNYAH_CREATE_VM, 0);
	if (memfd < 0 || *vmfd < 0)
		die("create");
	ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
	if (ram == MAP_FAILED)
		die("mmap guest memory");
	prog = (void *)(ram + PROG_OFF);
	emit(&prog[0], GUNYAH_GUEST_OP_MOVI, 0, 2, 0, MMIO_ADDR);
	emit(&prog[1], GUNYAH_GUEST_OP_STORE, 8, 3, 2, 0);
	emit(&prog[2], GUNYAH_GUEST_OP_ADDI, 0, 3, 0, 1);
	emit(&prog[3], GUNYAH_GUEST_OP_JMP, 0, 0, 0,
	     RAM_BASE + PROG_OFF + GUNYAH_GUEST_INSN_SIZE);
	munmap(ram, RAM_SIZE);

	map.guest_mem_fd = memfd;
	if (ioctl(*vmfd, GUNYAH_VM_MAP_MEM, &map) ||
	    ioctl(*vmfd, GUNYAH_VM_SET_DTB_CONFIG, &dtb) ||
	    ioctl(*vmfd, GUNYAH_VM_SET_BOOT_CONTEXT, &pc))
		die("configure");
	close(memfd);
	vcpufd = ioctl(*vmfd, GUNYAH_VM_ADD_FUNCTION, &desc);
	if (vcpufd < 0)
		die("GUNYAH_VM_ADD_FUNCTION");
	*run = mmap(NULL, getpagesize(), PROT_READ | PROT_WRITE, MAP_SHARED,
		    vcpufd, 0);
	if (*run == MAP_FAILED)
		die("mmap run page");
	return vcpufd;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 20000;
	double *exit_ns, *noop_ns, t0, exit_sum = 0, noop_sum = 0;
	struct gunyah_vcpu_run *run;
	int devfd, vmfd, vcpufd, i;

	devfd = open("/dev/gunyah", O_RDWR | O_CLOEXEC);
	if (devfd < 0)
		die("open /dev/gunyah");
	vcpufd = setup_vcpu(devfd, &vmfd, &run);
	while (n <= 0) {
		if (ioctl(vcpufd, GUNYAH_VCPU_RUN, 0) ||
		    run->exit_reason != GUNYAH_VCPU_EXIT_MMIO)
			die("GUNYAH_VCPU_RUN");
	}
	exit_ns = calloc(n, sizeof(*exit_ns));
	noop_ns = calloc(n, sizeof(*noop_ns));
	if (!exit_ns || !noop_ns)
		die("calloc");

	/*
	 * The first run starts the VM; the warm-up lets caches (and QEMU's
	 * translation cache, under TCG) settle. Neither is measured.
	 */
	for (i = 0; i < WARMUP; i++) {
		if (ioctl(vcpufd, GUNYAH_VCPU_RUN, 0) ||
		    run->exit_reason != GUNYAH_VCPU_EXIT_MMIO)
			die("warm-up run");
		if (ioctl(vcpufd, GUNYAH_VCPU_MMAP_SIZE) <= 0)
			die("warm-up GUNYAH_VCPU_MMAP_SIZE");
	}

	/* Interleaved, so that both see the same machine state. */
	for (i = 0; i < n; i++) {
		t0 = now_ns();
		if (ioctl(vcpufd, GUNYAH_VCPU_RUN, 0) ||
		    run->exit_reason != GUNYAH_VCPU_EXIT_MMIO)
			die("GUNYAH_VCPU_RUN");
		exit_ns[i] = now_ns() - t0;
		t0 = now_ns();
		if (ioctl(vcpufd, GUNYAH_VCPU_MMAP_SIZE) <= 0)
			die("GUNYAH_VCPU_MMAP_SIZE");
		noop_ns[i] = now_ns() - t0;
		exit_sum += exit_ns[i];
		noop_sum += noop_ns[i];
	}
	qsort(exit_ns, n, sizeof(*exit_ns), cmp_double);
	qsort(noop_ns, n, sizeof(*noop_ns), cmp_double);

	printf("iterations: %d\n", n);
	printf("warmup_iterations: %d\n", WARMUP);
	printf("mmio_exit_mean_ns: %.0f\n", exit_sum / n);
	printf("mmio_exit_p50_ns: %.0f\n", exit_ns[n / 2]);
	printf("mmio_exit_p99_ns: %.0f\n", exit_ns[n * 99 / 100]);
	printf("mmio_exits_per_s: %.0f\n", 1e9 * n / exit_sum);
	printf("noop_ioctl_mean_ns: %.0f\n", noop_sum / n);
	printf("noop_ioctl_p50_ns: %.0f\n", noop_ns[n / 2]);
	printf("ratio_mmio_exit_to_noop_ioctl_mean: %.2f\n",
	       exit_sum / noop_sum);
	printf("ratio_mmio_exit_to_noop_ioctl_p50: %.2f\n",
	       exit_ns[n / 2] / noop_ns[n / 2]);

	munmap(run, getpagesize());
	close(vcpufd);
	close(vmfd);
	close(devfd);
	return 0;
}
