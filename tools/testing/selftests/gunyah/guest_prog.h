/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Building guest programs for the simulator's guest model (the format is
 * include/linux/gunyah_guest_prog.h) in the vCPU selftests, and loading
 * them: programs are placed at PROG_ADDR, inside the guest RAM of
 * vm_util.h, where the boot vCPU starts.
 */
#ifndef _GUNYAH_GUEST_PROG_UTIL_H
#define _GUNYAH_GUEST_PROG_UTIL_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "vm_util.h"
#include "../../../../include/linux/gunyah_guest_prog.h"

#define PROG_OFF	0x10000ULL
#define PROG_ADDR	(RAM_BASE + PROG_OFF)
#define PROG_MAX	128

struct prog {
	struct gunyah_guest_insn insn[PROG_MAX];
	unsigned int n;
};

/* Append one instruction; the e2e machine is little endian. */
static inline void emit(struct prog *p, __u8 op, __u8 size, __u8 ra,
			__u8 rb, __u64 imm)
{
	struct gunyah_guest_insn *i;

	if (p->n >= PROG_MAX)
		abort();
	i = &p->insn[p->n++];
	memset(i, 0, sizeof(*i));
	i->op = op;
	i->size = size;
	i->ra = ra;
	i->rb = rb;
	i->imm64 = imm;
}

/* Guest address of the next instruction. */
static inline __u64 here(const struct prog *p)
{
	return PROG_ADDR + p->n * GUNYAH_GUEST_INSN_SIZE;
}

/* A VM with guest RAM and, once loaded, vCPU 0 and its run page. */
struct vcpu_env {
	int memfd;
	int vmfd;
	int vcpufd;
	struct gunyah_vcpu_run *run;
};

static inline void vcpu_env_open(struct __test_metadata *_metadata,
				 struct vcpu_env *e, int devfd)
{
	e->vcpufd = -1;
	e->run = MAP_FAILED;
	e->vmfd = create_vm(devfd);
	ASSERT_LE(0, e->vmfd);
	e->memfd = create_gmem(devfd, RAM_SIZE, 0);
	ASSERT_LE(0, e->memfd);
}

/* Closes what is still open; the VM's teardown then runs on its own. */
static inline void vcpu_env_close(struct vcpu_env *e)
{
	if (e->run != MAP_FAILED)
		munmap(e->run, page_size());
	if (e->vcpufd >= 0)
		close(e->vcpufd);
	if (e->vmfd >= 0)
		close(e->vmfd);
	close(e->memfd);
}

static inline int add_vcpu(int vmfd, __u32 id)
{
	struct gunyah_fn_vcpu_arg arg = { .id = id };
	struct gunyah_fn_desc desc = {
		.type = GUNYAH_FN_VCPU,
		.arg_size = sizeof(arg),
		.arg = (__u64)(uintptr_t)&arg,
	};

	return ioctl(vmfd, GUNYAH_VM_ADD_FUNCTION, &desc);
}

/* The run page of a vCPU fd, mapped with the size the driver gives. */
static inline struct gunyah_vcpu_run *map_run(struct __test_metadata *_metadata,
					      int vcpufd)
{
	struct gunyah_vcpu_run *run;
	long size;

	size = ioctl(vcpufd, GUNYAH_VCPU_MMAP_SIZE);
	ASSERT_LE((long)sizeof(struct gunyah_vcpu_run), size);
	run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpufd, 0);
	ASSERT_NE(MAP_FAILED, run);
	return run;
}

/*
 * Put @p (and @dtb_len bytes of @dtb at DTB_ADDR, if @dtb is not NULL) in
 * the guest RAM file @memfd, map the RAM into @vmfd and point its DTB
 * configuration and boot PC at them.
 */
static inline void load_ram(struct __test_metadata *_metadata, int vmfd,
			    int memfd, const struct prog *p, const void *dtb,
			    size_t dtb_len)
{
	char *ram;

	ASSERT_GE(DTB_SIZE, dtb_len);
	ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, memfd,
		   0);
	ASSERT_NE(MAP_FAILED, ram);
	memcpy(ram + PROG_OFF, p->insn, p->n * sizeof(p->insn[0]));
	if (dtb)
		memcpy(ram + (DTB_ADDR - RAM_BASE), dtb, dtb_len);
	munmap(ram, RAM_SIZE);

	test_cmd_map_mem(vmfd, RAM_BASE, MEM_RWX, memfd, 0, RAM_SIZE);
	test_cmd_dtb(vmfd, DTB_ADDR, DTB_SIZE);
	test_cmd_boot_reg(vmfd, GUNYAH_VM_BOOT_CONTEXT_REG_SET_PC, 0,
			  PROG_ADDR);
}

/* load_ram(), then add vCPU 0 and map its run page. */
static inline void load_vcpu0(struct __test_metadata *_metadata,
			      struct vcpu_env *e, const struct prog *p,
			      const void *dtb, size_t dtb_len)
{
	load_ram(_metadata, e->vmfd, e->memfd, p, dtb, dtb_len);
	e->vcpufd = add_vcpu(e->vmfd, 0);
	ASSERT_LE(0, e->vcpufd) TH_LOG("ADD_FUNCTION: %s", strerror(errno));
	e->run = map_run(_metadata, e->vcpufd);
}

static inline int vcpu_run(struct vcpu_env *e)
{
	return ioctl(e->vcpufd, GUNYAH_VCPU_RUN, 0);
}

/* The data of an MMIO exit, as a little-endian number of its length. */
static inline __u64 mmio_data(const struct gunyah_vcpu_run *run)
{
	__u64 v = 0;

	memcpy(&v, run->mmio.data, run->mmio.len);
	return v;
}

#endif /* _GUNYAH_GUEST_PROG_UTIL_H */
