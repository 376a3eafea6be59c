// SPDX-License-Identifier: GPL-2.0-only
/*
 * A sample VMM for /dev/gunyah.
 *
 *   gunyah_vmm [--vcpus N] [--mem MiB] [--dtb-out FILE] [--ioeventfd ADDR]
 *              IMAGE
 *
 * Guest layout (all guest physical addresses):
 *
 *   0x00000000 - 0x3fffffff  MMIO, exits to this VMM (the VMMIO window)
 *   0x09000000               console: a 1-byte write prints the byte
 *   0x80000000               guest RAM (--mem MiB, default 16), one guest
 *                            memory file lent to the VM read/write/exec;
 *                            IMAGE is loaded at its start
 *   RAM + 2 MiB              the device tree, 64 KiB reserved for it
 *
 * The VM boots at the start of RAM (the default boot context: the start
 * of the memory holding the DTB, with X0 = the DTB's address). Reads of
 * MMIO addresses return 0 and writes other than to the console are
 * ignored. Each vCPU runs in its own thread until it reports a status
 * exit; the VMM then prints the VM's exit status and exits 0 if the guest
 * powered the VM off (PSCI SYSTEM_OFF), 1 otherwise.
 *
 * Optional (--ioeventfd ADDR): an ioeventfd on guest writes to ADDR, of
 * any size. The count of signals is printed at exit. Kernels without the
 * ioeventfd function (ADD_FUNCTION fails with ENOENT) are reported and
 * the VM runs without it.
 */

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/gunyah.h>

#include "fdt.h"

#define GUNYAH_DEV		"/dev/gunyah"

#define RAM_BASE		0x80000000ULL
#define DEFAULT_MEM_MIB		16
#define DTB_OFFSET		0x200000ULL
#define DTB_SIZE		0x10000ULL
#define CONSOLE_ADDR		0x09000000ULL
#define MAX_VCPUS		16
#define GIC_PHANDLE		1

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

/* Exit codes */
#define EXIT_GUEST_OFF		0
#define EXIT_GUEST_OTHER	1
#define EXIT_SETUP		2

struct vcpu {
	unsigned int id;
	int fd;
	struct gunyah_vcpu_run *run;
	long run_size;
	pthread_t thread;
	/* Results, read after the thread is joined. */
	int err;
	bool status_exit;
	__u32 status;
	struct gunyah_vm_exit_info exit_info;
};

static pthread_mutex_t console_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const exit_type_names[] = {
	[GUNYAH_VM_EXIT_TYPE_VM_EXIT] = "VM_EXIT",
	[GUNYAH_VM_EXIT_TYPE_PSCI_POWER_OFF] = "PSCI_POWER_OFF",
	[GUNYAH_VM_EXIT_TYPE_PSCI_SYSTEM_RESET] = "PSCI_SYSTEM_RESET",
	[GUNYAH_VM_EXIT_TYPE_PSCI_SYSTEM_RESET2] = "PSCI_SYSTEM_RESET2",
	[GUNYAH_VM_EXIT_TYPE_WDT_BITE] = "WDT_BITE",
	[GUNYAH_VM_EXIT_TYPE_HYP_ERROR] = "HYP_ERROR",
	[GUNYAH_VM_EXIT_TYPE_ASYNC_EXT_ABORT] = "ASYNC_EXT_ABORT",
	[GUNYAH_VM_EXIT_TYPE_VM_STOP_FORCED] = "VM_STOP_FORCED",
};

static const char *exit_type_name(unsigned int type)
{
	if (type < ARRAY_SIZE(exit_type_names))
		return exit_type_names[type];
	return "unknown";
}

static const char *status_name(__u32 status)
{
	switch (status) {
	case GUNYAH_VM_STATUS_LOAD_FAILED:
		return "LOAD_FAILED";
	case GUNYAH_VM_STATUS_EXITED:
		return "EXITED";
	case GUNYAH_VM_STATUS_CRASHED:
		return "CRASHED";
	default:
		return "unknown";
	}
}

static void print_help(const char *prog)
{
	fprintf(stderr,
		"usage: %s [--vcpus N] [--mem MiB] [--dtb-out FILE] [--ioeventfd ADDR] IMAGE\n"
		"  loads the raw IMAGE at guest address 0x%08llx and runs it;\n"
		"  a 1-byte write to 0x%08llx prints a character\n",
		prog, RAM_BASE, CONSOLE_ADDR);
}

static int parse_u64(const char *s, __u64 *val)
{
	char *end;

	errno = 0;
	*val = strtoull(s, &end, 0);
	return errno || end == s || *end ? -1 : 0;
}

/*
 * The VM's device tree, as the open-source Resource Manager accepts it:
 * /gunyah-vm-config (before /cpus) with the RAM base, proxy-scheduled
 * vCPUs and the vdevices the RM generates; /memory; a GICv3 node without
 * reg (the RM allocates it); one PSCI cpu node per vCPU; PSCI over HVC;
 * the architected timer; an empty /chosen for the RM's overlay.
 */
static void *build_dtb(unsigned int nr_vcpus, __u64 mem_size,
		       size_t *size)
{
	static const char psci_compat[] = "arm,psci-1.0\0arm,psci-0.2";
	/* Secure, non-secure, virtual and hypervisor PPIs, level low. */
	static const __u32 timer_irqs[] = {
		1, 13, 0x8, 1, 14, 0x8, 1, 11, 0x8, 1, 10, 0x8,
	};
	__u32 reg[4] = {
		RAM_BASE >> 32, (__u32)RAM_BASE,
		mem_size >> 32, (__u32)mem_size,
	};
	struct fdt fdt;
	char name[32];
	unsigned int i;
	void *blob;

	fdt_init(&fdt);
	fdt_begin_node(&fdt, "");
	fdt_prop_u32(&fdt, "#address-cells", 2);
	fdt_prop_u32(&fdt, "#size-cells", 2);
	fdt_prop_string(&fdt, "compatible", "linux,dummy-virt");
	fdt_prop_u32(&fdt, "interrupt-parent", GIC_PHANDLE);

	fdt_begin_node(&fdt, "gunyah-vm-config");
	fdt_prop_string(&fdt, "image-name", "gunyah_vmm_sample");
	fdt_prop_string(&fdt, "os-type", "linux");
	fdt_begin_node(&fdt, "memory");
	fdt_prop_u32(&fdt, "#address-cells", 2);
	fdt_prop_u32(&fdt, "#size-cells", 2);
	fdt_prop_u64(&fdt, "base-address", RAM_BASE);
	fdt_end_node(&fdt);
	fdt_begin_node(&fdt, "interrupts");
	fdt_prop_u32(&fdt, "config", GIC_PHANDLE);
	fdt_end_node(&fdt);
	fdt_begin_node(&fdt, "vcpus");
	fdt_prop_string(&fdt, "affinity", "proxy");
	fdt_end_node(&fdt);
	fdt_begin_node(&fdt, "vdevices");
	fdt_prop_string(&fdt, "generate", "/hypervisor");
	fdt_end_node(&fdt);
	fdt_end_node(&fdt);

	fdt_begin_node(&fdt, "memory");
	fdt_prop_string(&fdt, "device_type", "memory");
	fdt_prop_cells(&fdt, "reg", reg, 4);
	fdt_end_node(&fdt);

	fdt_begin_node(&fdt, "interrupt-controller");
	fdt_prop_string(&fdt, "compatible", "arm,gic-v3");
	fdt_prop_empty(&fdt, "interrupt-controller");
	fdt_prop_u32(&fdt, "#interrupt-cells", 3);
	fdt_prop_u32(&fdt, "phandle", GIC_PHANDLE);
	fdt_end_node(&fdt);

	fdt_begin_node(&fdt, "cpus");
	fdt_prop_u32(&fdt, "#address-cells", 1);
	fdt_prop_u32(&fdt, "#size-cells", 0);
	for (i = 0; i < nr_vcpus; i++) {
		snprintf(name, sizeof(name), "cpu@%u", i);
		fdt_begin_node(&fdt, name);
		fdt_prop_string(&fdt, "device_type", "cpu");
		fdt_prop_string(&fdt, "compatible", "arm,armv8");
		fdt_prop_u32(&fdt, "reg", i);
		fdt_prop_string(&fdt, "enable-method", "psci");
		fdt_end_node(&fdt);
	}
	fdt_end_node(&fdt);

	fdt_begin_node(&fdt, "psci");
	fdt_prop_strings(&fdt, "compatible", psci_compat, sizeof(psci_compat));
	fdt_prop_string(&fdt, "method", "hvc");
	fdt_end_node(&fdt);

	fdt_begin_node(&fdt, "timer");
	fdt_prop_string(&fdt, "compatible", "arm,armv8-timer");
	fdt_prop_cells(&fdt, "interrupts", timer_irqs,
		       ARRAY_SIZE(timer_irqs));
	fdt_prop_empty(&fdt, "always-on");
	fdt_end_node(&fdt);

	fdt_begin_node(&fdt, "chosen");
	fdt_end_node(&fdt);

	fdt_end_node(&fdt);
	blob = fdt_finish(&fdt, size);
	fdt_free(&fdt);
	return blob;
}

static int write_file(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	int ret = 0;

	if (!f)
		return -1;
	if (fwrite(buf, 1, len, f) != len)
		ret = -1;
	if (fclose(f))
		ret = -1;
	return ret;
}

/* Reads IMAGE into guest RAM at @ram; returns its size or -1. */
static long load_image(const char *path, void *ram, size_t max)
{
	struct stat st;
	size_t done = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		perror(path);
		goto err;
	}
	if (!S_ISREG(st.st_mode) || (__u64)st.st_size > max) {
		fprintf(stderr, "%s: not a file of at most %zu bytes\n", path,
			max);
		goto err;
	}
	while (done < (size_t)st.st_size) {
		n = read(fd, (char *)ram + done, st.st_size - done);
		if (n <= 0) {
			fprintf(stderr, "%s: short read\n", path);
			goto err;
		}
		done += n;
	}
	close(fd);
	return done;
err:
	if (fd >= 0)
		close(fd);
	return -1;
}

static int add_function(int vmfd, __u32 type, void *arg, __u32 size)
{
	struct gunyah_fn_desc desc = {
		.type = type,
		.arg_size = size,
		.arg = (__u64)(uintptr_t)arg,
	};

	return ioctl(vmfd, GUNYAH_VM_ADD_FUNCTION, &desc);
}

static void console_putc(__u8 c)
{
	pthread_mutex_lock(&console_lock);
	putchar(c);
	if (c == '\n')
		fflush(stdout);
	pthread_mutex_unlock(&console_lock);
}

static void handle_mmio(struct gunyah_vcpu_run *run)
{
	__u64 addr = run->mmio.phys_addr;
	__u32 len = run->mmio.len;

	if (run->mmio.is_write) {
		if (addr == CONSOLE_ADDR && len == 1)
			console_putc(run->mmio.data[0]);
	} else {
		memset(run->mmio.data, 0, sizeof(run->mmio.data));
	}
	run->mmio.resume_action = GUNYAH_VCPU_RESUME_HANDLED;
}

static void *vcpu_thread(void *arg)
{
	struct vcpu *vcpu = arg;
	struct gunyah_vcpu_run *run = vcpu->run;

	for (;;) {
		if (ioctl(vcpu->fd, GUNYAH_VCPU_RUN, 0)) {
			if (errno == EINTR)
				continue;
			vcpu->err = errno;
			fprintf(stderr, "vcpu%u: GUNYAH_VCPU_RUN: %s%s\n",
				vcpu->id, strerror(errno),
				errno == ENOENT ? " (the VM has no such vCPU)" :
				"");
			return NULL;
		}
		switch (run->exit_reason) {
		case GUNYAH_VCPU_EXIT_MMIO:
			handle_mmio(run);
			break;
		case GUNYAH_VCPU_EXIT_STATUS:
			vcpu->status_exit = true;
			vcpu->status = run->status.status;
			vcpu->exit_info = run->status.exit_info;
			return NULL;
		case GUNYAH_VCPU_EXIT_PAGE_FAULT:
			fprintf(stderr, "vcpu%u: page fault at %#llx (%d)\n",
				vcpu->id,
				(unsigned long long)run->page_fault.phys_addr,
				run->page_fault.attempt);
			run->page_fault.resume_action = GUNYAH_VCPU_RESUME_FAULT;
			break;
		default:
			fprintf(stderr, "vcpu%u: unknown exit reason %u\n",
				vcpu->id, run->exit_reason);
			vcpu->err = EIO;
			return NULL;
		}
	}
}

struct options {
	unsigned int nr_vcpus;
	__u64 mem_size;
	const char *dtb_out;
	bool ioeventfd;
	__u64 ioeventfd_addr;
	const char *image;
};

static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "vcpus", required_argument, NULL, 'c' },
		{ "mem", required_argument, NULL, 'm' },
		{ "dtb-out", required_argument, NULL, 'd' },
		{ "ioeventfd", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	__u64 val;
	int opt;

	o->nr_vcpus = 1;
	o->mem_size = DEFAULT_MEM_MIB << 20;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			if (parse_u64(optarg, &val) || !val || val > MAX_VCPUS) {
				fprintf(stderr, "--vcpus: 1 to %d\n", MAX_VCPUS);
				return -1;
			}
			o->nr_vcpus = val;
			break;
		case 'm':
			/* Room for the DTB, at most 1 GiB. */
			if (parse_u64(optarg, &val) || val < 4 || val > 1024) {
				fprintf(stderr, "--mem: 4 to 1024 (MiB)\n");
				return -1;
			}
			o->mem_size = val << 20;
			break;
		case 'd':
			o->dtb_out = optarg;
			break;
		case 'e':
			if (parse_u64(optarg, &val) || val >= 0x40000000ULL) {
				fprintf(stderr, "--ioeventfd: an address below 1 GiB\n");
				return -1;
			}
			o->ioeventfd = true;
			o->ioeventfd_addr = val;
			break;
		default:
			return -1;
		}
	}
	if (optind != argc - 1)
		return -1;
	o->image = argv[optind];
	return 0;
}

/* Registers the optional ioeventfd; returns its eventfd, or -1. */
static int setup_ioeventfd(int vmfd, __u64 addr)
{
	struct gunyah_fn_ioeventfd_arg arg = { 0 };
	int efd;

	efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (efd < 0) {
		perror("eventfd");
		return -1;
	}
	arg.addr = addr;
	arg.len = 0;		/* any access size */
	arg.fd = efd;
	if (add_function(vmfd, GUNYAH_FN_IOEVENTFD, &arg, sizeof(arg))) {
		if (errno == ENOENT)
			printf("ioeventfd: not available\n");
		else
			printf("ioeventfd: ADD_FUNCTION: %s\n", strerror(errno));
		close(efd);
		return -1;
	}
	printf("ioeventfd: registered at %#llx\n", (unsigned long long)addr);
	return efd;
}

static void report_ioeventfd(int efd, __u64 addr)
{
	__u64 count = 0;

	if (read(efd, &count, sizeof(count)) != sizeof(count) &&
	    errno != EAGAIN) {
		perror("ioeventfd: read");
		return;
	}
	printf("ioeventfd: %#llx fired %llu time(s)\n",
	       (unsigned long long)addr, (unsigned long long)count);
}

static int setup_vcpu(int vmfd, struct vcpu *vcpu, unsigned int id)
{
	struct gunyah_fn_vcpu_arg arg = { .id = id };

	vcpu->id = id;
	vcpu->fd = add_function(vmfd, GUNYAH_FN_VCPU, &arg, sizeof(arg));
	if (vcpu->fd < 0) {
		fprintf(stderr, "vcpu%u: ADD_FUNCTION: %s\n", id,
			strerror(errno));
		return -1;
	}
	vcpu->run_size = ioctl(vcpu->fd, GUNYAH_VCPU_MMAP_SIZE);
	if (vcpu->run_size < (long)sizeof(*vcpu->run)) {
		fprintf(stderr, "vcpu%u: GUNYAH_VCPU_MMAP_SIZE: %s\n", id,
			strerror(errno));
		return -1;
	}
	vcpu->run = mmap(NULL, vcpu->run_size, PROT_READ | PROT_WRITE,
			 MAP_SHARED, vcpu->fd, 0);
	if (vcpu->run == MAP_FAILED) {
		vcpu->run = NULL;
		fprintf(stderr, "vcpu%u: mmap: %s\n", id, strerror(errno));
		return -1;
	}
	return 0;
}

/* Guest memory: a file with IMAGE at offset 0 and the DTB in it. */
static int setup_memory(int devfd, const struct options *o, const void *dtb,
			size_t dtb_len)
{
	struct gunyah_create_mem_args args = {
		.flags = GHMF_CLOEXEC,
		.size = o->mem_size,
	};
	long image_len;
	int memfd;
	char *ram;

	memfd = ioctl(devfd, GUNYAH_CREATE_GUEST_MEM, &args);
	if (memfd < 0) {
		perror("GUNYAH_CREATE_GUEST_MEM");
		return -1;
	}
	/* Written through a host mapping before the memory is lent. */
	ram = mmap(NULL, o->mem_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   memfd, 0);
	if (ram == MAP_FAILED) {
		perror("mmap guest memory");
		close(memfd);
		return -1;
	}
	image_len = load_image(o->image, ram, DTB_OFFSET);
	if (image_len < 0) {
		munmap(ram, o->mem_size);
		close(memfd);
		return -1;
	}
	memcpy(ram + DTB_OFFSET, dtb, dtb_len);
	printf("gunyah_vmm: %s: %ld bytes at %#llx, DTB %zu bytes at %#llx\n",
	       o->image, image_len, RAM_BASE, dtb_len, RAM_BASE + DTB_OFFSET);
	printf("gunyah_vmm: %u vCPU(s), %llu MiB of RAM\n", o->nr_vcpus,
	       (unsigned long long)(o->mem_size >> 20));
	munmap(ram, o->mem_size);
	return memfd;
}

static int setup_vm(int vmfd, int memfd, const struct options *o)
{
	struct gunyah_map_mem_args map = {
		.guest_addr = RAM_BASE,
		.flags = GUNYAH_MEM_DEFAULT_ACCESS | GUNYAH_MEM_ALLOW_RWX,
		.guest_mem_fd = memfd,
		.offset = 0,
		.size = o->mem_size,
	};
	struct gunyah_vm_dtb_config dtb = {
		.guest_phys_addr = RAM_BASE + DTB_OFFSET,
		.size = DTB_SIZE,
	};

	if (ioctl(vmfd, GUNYAH_VM_MAP_MEM, &map)) {
		perror("GUNYAH_VM_MAP_MEM");
		return -1;
	}
	if (ioctl(vmfd, GUNYAH_VM_SET_DTB_CONFIG, &dtb)) {
		perror("GUNYAH_VM_SET_DTB_CONFIG");
		return -1;
	}
	/*
	 * No boot context: the VM boots at the start of the memory holding
	 * the DTB, RAM_BASE, which is where IMAGE is. That also works with
	 * the open-source RM, which cannot take other registers.
	 */
	return 0;
}

/* Prints the VM's exit and returns the process's exit code. */
static int report(const struct vcpu *vcpus, unsigned int n)
{
	const struct vcpu *first = NULL;
	bool clean = true;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!vcpus[i].status_exit) {
			clean = false;
			continue;
		}
		if (!first)
			first = &vcpus[i];
		if (vcpus[i].status != GUNYAH_VM_STATUS_EXITED ||
		    vcpus[i].exit_info.type !=
		    GUNYAH_VM_EXIT_TYPE_PSCI_POWER_OFF)
			clean = false;
	}
	if (!first) {
		printf("gunyah_vmm: no vCPU reported the VM's exit\n");
		return EXIT_GUEST_OTHER;
	}
	printf("gunyah_vmm: VM status %s (%u), exit type %s (%u)",
	       status_name(first->status), first->status,
	       exit_type_name(first->exit_info.type), first->exit_info.type);
	if (first->exit_info.reason_size) {
		printf(", reason");
		for (i = 0; i < first->exit_info.reason_size &&
		     i < GUNYAH_VM_MAX_EXIT_REASON_SIZE; i++)
			printf(" %02x", first->exit_info.reason[i]);
	}
	printf("\n");
	return clean ? EXIT_GUEST_OFF : EXIT_GUEST_OTHER;
}

int main(int argc, char **argv)
{
	struct vcpu vcpus[MAX_VCPUS] = { 0 };
	int devfd = -1, vmfd = -1, memfd = -1, efd = -1;
	int ret = EXIT_SETUP;
	unsigned int i, started = 0;
	struct options o = { 0 };
	size_t dtb_len = 0;
	void *dtb = NULL;

	if (parse_args(argc, argv, &o)) {
		print_help(argv[0]);
		return EXIT_SETUP;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < MAX_VCPUS; i++)
		vcpus[i].fd = -1;

	dtb = build_dtb(o.nr_vcpus, o.mem_size, &dtb_len);
	if (!dtb || dtb_len > DTB_SIZE) {
		fprintf(stderr, "cannot build the device tree\n");
		goto out_dtb;
	}
	if (o.dtb_out && write_file(o.dtb_out, dtb, dtb_len)) {
		perror(o.dtb_out);
		goto out_dtb;
	}

	devfd = open(GUNYAH_DEV, O_RDWR | O_CLOEXEC);
	if (devfd < 0) {
		perror(GUNYAH_DEV);
		goto out_dtb;
	}
	vmfd = ioctl(devfd, GUNYAH_CREATE_VM, 0);
	if (vmfd < 0) {
		perror("GUNYAH_CREATE_VM");
		goto out;
	}
	memfd = setup_memory(devfd, &o, dtb, dtb_len);
	if (memfd < 0 || setup_vm(vmfd, memfd, &o))
		goto out;

	/* Optional: ioeventfd (its module may not be there). */
	if (o.ioeventfd)
		efd = setup_ioeventfd(vmfd, o.ioeventfd_addr);

	for (i = 0; i < o.nr_vcpus; i++)
		if (setup_vcpu(vmfd, &vcpus[i], i))
			goto out;

	if (ioctl(vmfd, GUNYAH_VM_START)) {
		perror("GUNYAH_VM_START");
		goto out;
	}

	for (i = 0; i < o.nr_vcpus; i++) {
		errno = pthread_create(&vcpus[i].thread, NULL, vcpu_thread,
				       &vcpus[i]);
		if (errno) {
			perror("pthread_create");
			break;
		}
		started++;
	}
	for (i = 0; i < started; i++)
		pthread_join(vcpus[i].thread, NULL);
	fflush(stdout);
	if (started == o.nr_vcpus)
		ret = report(vcpus, o.nr_vcpus);
	if (efd >= 0)
		report_ioeventfd(efd, o.ioeventfd_addr);
out:
	for (i = 0; i < o.nr_vcpus; i++) {
		if (vcpus[i].run)
			munmap(vcpus[i].run, vcpus[i].run_size);
		if (vcpus[i].fd >= 0)
			close(vcpus[i].fd);
	}
	if (efd >= 0)
		close(efd);
	if (vmfd >= 0)
		close(vmfd);
	if (memfd >= 0)
		close(memfd);
	close(devfd);
out_dtb:
	free(dtb);
	return ret;
}
