// SPDX-License-Identifier: GPL-2.0-only
/*
 * Memory sharing benchmark (make bench): the time to map a huge-page guest
 * memory file into a VM and start it, against a baseline that only
 * allocates and faults in the same amount of memory, measured in the same
 * run; and the RM messages and memory entries that took, against the
 * memory's physically contiguous extents (read from /proc/self/pagemap).
 *
 * Prints "name: value" lines. Exits non-zero if a step fails or if a
 * parcel has more entries than its memory has extents.
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

#define RAM_BASE	0x80000000ULL
#define DTB_OFFSET	0x1000ULL
#define DTB_SIZE	0x10000ULL
#define RM_STATS	"/sys/kernel/debug/gunyah/gunyah_rm/stats"
#define SIM_PARCELS	"/sys/kernel/debug/gunyah_sim/parcels"
#define SIM_VMS		"/sys/kernel/debug/gunyah_sim/vms"
#define PFN_MASK	((1ULL << 55) - 1)

static int devfd;
static long pgsz;

static void die(const char *what)
{
	fprintf(stderr, "vm_bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int create_gmem(uint64_t size)
{
	struct gunyah_create_mem_args args = {
		.flags = GHMF_CLOEXEC | GHMF_ALLOW_HUGEPAGE,
		.size = size,
	};
	int fd = ioctl(devfd, GUNYAH_CREATE_GUEST_MEM, &args);

	if (fd < 0)
		die("GUNYAH_CREATE_GUEST_MEM");
	return fd;
}

/* The value of "key: N" in a debugfs file, or -1. */
static long long read_stat(const char *file, const char *key)
{
	char line[256];
	long long v = -1;
	size_t len = strlen(key);
	FILE *f = fopen(file, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, len) && line[len] == ':')
			v = atoll(line + len + 1);
	fclose(f);
	return v;
}

/* Sum of "regions=N" over the simulator's parcels. */
static long sim_regions(void)
{
	char line[512], *p;
	long n = 0;
	FILE *f = fopen(SIM_PARCELS, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		p = strstr(line, "regions=");
		if (p)
			n += atol(p + strlen("regions="));
	}
	fclose(f);
	return n;
}

static int sim_has_vms(void)
{
	char line[256];
	int found = 0;
	FILE *f = fopen(SIM_VMS, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "vmid=", 5))
			found = 1;
	fclose(f);
	return found;
}

/* The teardown after close runs in the background. */
static void wait_teardown(void)
{
	int i;

	for (i = 0; i < 600 && sim_has_vms(); i++)
		usleep(100000);
	if (sim_has_vms()) {
		fprintf(stderr, "vm_bench: a VM outlived its fd\n");
		exit(1);
	}
}

/* Allocate and fault in @size bytes of a guest memory file. */
static double baseline(uint64_t size)
{
	int fd = create_gmem(size);
	double t0, t1;
	uint64_t off;
	char *p;

	t0 = now_ms();
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("mmap");
	for (off = 0; off < size; off += pgsz)
		p[off] = 1;
	t1 = now_ms();
	munmap(p, size);
	close(fd);
	return t1 - t0;
}

/*
 * Physically contiguous extents of a populated mapping, from
 * /proc/self/pagemap.
 */
static long count_extents(const char *p, uint64_t size)
{
	uint64_t i, n = size / pgsz, entry, prev = 0;
	long extents = 0;
	int fd;

	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0)
		die("open pagemap");
	for (i = 0; i < n; i++) {
		if (pread(fd, &entry, sizeof(entry),
			  ((uintptr_t)p / pgsz + i) * sizeof(entry)) !=
		    sizeof(entry))
			die("read pagemap");
		entry &= PFN_MASK;
		if (!i || entry != prev + 1)
			extents++;
		prev = entry;
	}
	close(fd);
	return extents;
}

struct result {
	double ms;
	long long calls;
	long entries;
	long extents;
};

static void map_and_start(uint64_t size, uint32_t access, struct result *r)
{
	struct gunyah_vm_dtb_config dtb = {
		.guest_phys_addr = RAM_BASE + DTB_OFFSET,
		.size = DTB_SIZE,
	};
	struct gunyah_map_mem_args map = {
		.guest_addr = RAM_BASE,
		.flags = access | GUNYAH_MEM_ALLOW_RWX,
		.size = size,
	};
	long long calls0;
	int memfd, vmfd;
	double t0;
	char *p;

	memfd = create_gmem(size);
	vmfd = ioctl(devfd, GUNYAH_CREATE_VM, 0);
	if (vmfd < 0)
		die("GUNYAH_CREATE_VM");
	map.guest_mem_fd = memfd;

	calls0 = read_stat(RM_STATS, "calls");
	t0 = now_ms();
	if (ioctl(vmfd, GUNYAH_VM_MAP_MEM, &map))
		die("GUNYAH_VM_MAP_MEM");
	if (ioctl(vmfd, GUNYAH_VM_SET_DTB_CONFIG, &dtb))
		die("GUNYAH_VM_SET_DTB_CONFIG");
	if (ioctl(vmfd, GUNYAH_VM_START))
		die("GUNYAH_VM_START");
	r->ms = now_ms() - t0;
	r->calls = read_stat(RM_STATS, "calls") - calls0;
	r->entries = sim_regions();

	r->extents = -1;
	if (access == GUNYAH_MEM_FORCE_SHARE) {
		p = mmap(NULL, size, PROT_READ, MAP_SHARED | MAP_POPULATE,
			 memfd, 0);
		if (p == MAP_FAILED)
			die("mmap shared");
		r->extents = count_extents(p, size);
		munmap(p, size);
	}
	close(vmfd);
	close(memfd);
	wait_teardown();
}

int main(int argc, char **argv)
{
	uint64_t size = (argc > 1 ? strtoull(argv[1], NULL, 0) : 1024) << 20;
	struct result lend, share;
	double base;
	int rc = 0;

	pgsz = sysconf(_SC_PAGESIZE);
	devfd = open("/dev/gunyah", O_RDWR | O_CLOEXEC);
	if (devfd < 0)
		die("open /dev/gunyah");

	/* Warm up the RM's protocol probe and the allocator once. */
	base = baseline(size);
	base = baseline(size);
	map_and_start(size, GUNYAH_MEM_FORCE_LEND, &lend);
	map_and_start(size, GUNYAH_MEM_FORCE_SHARE, &share);

	printf("guest memory: %llu MiB, huge pages\n",
	       (unsigned long long)(size >> 20));
	printf("baseline allocate+fault: %.1f ms\n", base);
	printf("lend map+start: %.1f ms (ratio %.2f)\n", lend.ms,
	       lend.ms / base);
	printf("share map+start: %.1f ms (ratio %.2f)\n", share.ms,
	       share.ms / base);
	printf("RM calls for map+start: %lld (lend), %lld (share)\n",
	       lend.calls, share.calls);
	printf("parcel entries: %ld (lend), %ld (share)\n", lend.entries,
	       share.entries);
	printf("physically contiguous extents (share): %ld\n", share.extents);
	printf("entries per extent: %.2f\n",
	       share.extents > 0 ? (double)share.entries / share.extents : 0);
	if (share.entries < 1 || share.entries > share.extents) {
		printf("FAIL: more entries than extents\n");
		rc = 1;
	}
	return rc;
}
