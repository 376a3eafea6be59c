/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the VM manager selftests (vm_test, vm_mem_test,
 * vm_user_mem_test). They expect gunyah.ko and gunyah_sim.ko to be loaded;
 * vm_test.sh loads the simulator at each protocol level and runs them.
 *
 * Ioctl wrappers follow iommufd_utils.h: _test_cmd_x() returns the ioctl's
 * result, test_cmd_x() asserts success, test_err_x() expects an errno.
 */
#ifndef _GUNYAH_VM_UTIL_H
#define _GUNYAH_VM_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/gunyah.h>

#include "kselftest_harness.h"

#define GUNYAH_DEV		"/dev/gunyah"
#define SIM_DIR			"/sys/kernel/debug/gunyah_sim/"

/*
 * Guest layout: RAM at 2 GiB (below 1 GiB is MMIO by convention), the DTB
 * one page into it. Sizes are multiples of 64 KiB so that they stay aligned
 * with any page size.
 */
#define RAM_BASE		0x80000000ULL
#define RAM_SIZE		0x100000ULL
#define DTB_ADDR		(RAM_BASE + 0x1000)
#define DTB_SIZE		0x1000ULL
#define SZ_64K			0x10000ULL

#define MEM_RWX			GUNYAH_MEM_ALLOW_RWX
#define MEM_R			GUNYAH_MEM_ALLOW_READ

/* Teardown after close may be asynchronous: how long to wait for it. */
#define TEARDOWN_TIMEOUT_MS	5000

/* RM message ids and error codes for the simulator's "fault" file. */
#define RM_VM_ALLOC_VMID	0x56000001
#define RM_VM_START		0x56000004
#define RM_VM_INIT		0x5600000B
#define RM_MEM_LEND		0x51000012
#define RM_MEM_RECLAIM		0x51000015
#define RM_ERROR_NOMEM		0x1
#define RM_ERROR_NORESOURCE	0x2
#define RM_ERROR_DENIED		0x3
#define RM_ERROR_ARG_INVALID	0x6

/*
 * The errno of a call that returns -1 on failure, or 0 if it succeeded:
 * EXPECT_EQ(EINVAL, ERRNO_OF(ioctl(...))) logs the errno it got.
 */
#define ERRNO_OF(_cmd)		((errno = 0, (long)(_cmd)) == -1 ? errno : 0)
#define EXPECT_ERRNO(_e, _cmd)	EXPECT_EQ(_e, ERRNO_OF(_cmd))
#define ASSERT_OK(_cmd)		ASSERT_EQ(0, ERRNO_OF(_cmd))
#define EXPECT_OK(_cmd)		EXPECT_EQ(0, ERRNO_OF(_cmd))

static inline long page_size(void)
{
	return sysconf(_SC_PAGESIZE);
}

static inline void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* /dev/gunyah */

static inline int query_caps(int devfd, struct gunyah_capabilities *caps)
{
	memset(caps, 0, sizeof(*caps));
	return ioctl(devfd, GUNYAH_QUERY_CAPS, caps);
}

/* The RM protocol level, or GUNYAH_RM_PROTOCOL_UNKNOWN. */
static inline __u32 rm_protocol(int devfd)
{
	struct gunyah_capabilities caps;

	if (query_caps(devfd, &caps))
		return GUNYAH_RM_PROTOCOL_UNKNOWN;
	return caps.rm_protocol;
}

static inline int create_vm(int devfd)
{
	return ioctl(devfd, GUNYAH_CREATE_VM, 0);
}

static inline int create_gmem(int devfd, __u64 size, __u64 flags)
{
	struct gunyah_create_mem_args args = { .flags = flags, .size = size };

	return ioctl(devfd, GUNYAH_CREATE_GUEST_MEM, &args);
}

/* VM ioctls */

static inline int _test_cmd_map_mem(int vmfd, __u64 guest_addr, __u32 flags,
				    int memfd, __u64 offset, __u64 size)
{
	struct gunyah_map_mem_args args = {
		.guest_addr = guest_addr,
		.flags = flags,
		.guest_mem_fd = memfd,
		.offset = offset,
		.size = size,
	};

	return ioctl(vmfd, GUNYAH_VM_MAP_MEM, &args);
}

#define test_cmd_map_mem(...) \
	ASSERT_OK(_test_cmd_map_mem(__VA_ARGS__))
#define test_err_map_mem(_errno, ...) \
	EXPECT_ERRNO(_errno, _test_cmd_map_mem(__VA_ARGS__))

static inline int _test_cmd_unmap_mem(int vmfd, __u64 guest_addr, int memfd,
				      __u64 offset, __u64 size)
{
	return _test_cmd_map_mem(vmfd, guest_addr, GUNYAH_MEM_UNMAP, memfd,
				 offset, size);
}

#define test_cmd_unmap_mem(...) \
	ASSERT_OK(_test_cmd_unmap_mem(__VA_ARGS__))
#define test_err_unmap_mem(_errno, ...) \
	EXPECT_ERRNO(_errno, _test_cmd_unmap_mem(__VA_ARGS__))

static inline int _test_cmd_dtb(int vmfd, __u64 guest_addr, __u64 size)
{
	struct gunyah_vm_dtb_config cfg = {
		.guest_phys_addr = guest_addr,
		.size = size,
	};

	return ioctl(vmfd, GUNYAH_VM_SET_DTB_CONFIG, &cfg);
}

#define test_cmd_dtb(...)		ASSERT_OK(_test_cmd_dtb(__VA_ARGS__))
#define test_err_dtb(_errno, ...) \
	EXPECT_ERRNO(_errno, _test_cmd_dtb(__VA_ARGS__))

static inline int _test_cmd_boot_reg(int vmfd, __u32 set, __u32 index,
				     __u64 value)
{
	struct gunyah_vm_boot_context ctx = {
		.reg = GUNYAH_VM_BOOT_CONTEXT_REG(set, index),
		.value = value,
	};

	return ioctl(vmfd, GUNYAH_VM_SET_BOOT_CONTEXT, &ctx);
}

#define test_cmd_boot_reg(...)	ASSERT_OK(_test_cmd_boot_reg(__VA_ARGS__))
#define test_err_boot_reg(_errno, ...) \
	EXPECT_ERRNO(_errno, _test_cmd_boot_reg(__VA_ARGS__))

static inline int _test_cmd_fw(int vmfd, __u64 guest_addr, __u64 size)
{
	struct gunyah_vm_firmware_config cfg = {
		.guest_phys_addr = guest_addr,
		.size = size,
	};

	return ioctl(vmfd, GUNYAH_VM_ANDROID_SET_FW_CONFIG, &cfg);
}

#define test_cmd_fw(...)		ASSERT_OK(_test_cmd_fw(__VA_ARGS__))
#define test_err_fw(_errno, ...) \
	EXPECT_ERRNO(_errno, _test_cmd_fw(__VA_ARGS__))

static inline int _test_cmd_start(int vmfd)
{
	return ioctl(vmfd, GUNYAH_VM_START);
}

#define test_cmd_start(_vmfd)		ASSERT_OK(_test_cmd_start(_vmfd))
#define test_err_start(_errno, _vmfd) \
	EXPECT_ERRNO(_errno, _test_cmd_start(_vmfd))

/* cmd is GUNYAH_VM_SET_USER_MEM_REGION or GUNYAH_VM_ANDROID_LEND_USER_MEM */
static inline int _test_cmd_user_mem(int vmfd, unsigned long cmd, __u32 label,
				     __u32 flags, __u64 guest_addr, __u64 size,
				     const void *uaddr)
{
	struct gunyah_userspace_memory_region region = {
		.label = label,
		.flags = flags,
		.guest_phys_addr = guest_addr,
		.memory_size = size,
		.userspace_addr = (__u64)(unsigned long)uaddr,
	};

	return ioctl(vmfd, cmd, &region);
}

#define test_cmd_user_mem(...)	ASSERT_OK(_test_cmd_user_mem(__VA_ARGS__))
#define test_err_user_mem(_errno, ...) \
	EXPECT_ERRNO(_errno, _test_cmd_user_mem(__VA_ARGS__))

static inline int _test_cmd_reclaim(int vmfd, __u64 guest_addr, __u64 size)
{
	struct gunyah_address_range range = {
		.guest_phys_addr = guest_addr,
		.size = size,
	};

	return ioctl(vmfd, GUNYAH_VM_RECLAIM_REGION, &range);
}

#define test_cmd_reclaim(...)		ASSERT_OK(_test_cmd_reclaim(__VA_ARGS__))
#define test_err_reclaim(_errno, ...) \
	EXPECT_ERRNO(_errno, _test_cmd_reclaim(__VA_ARGS__))

/*
 * A VM with the standard layout: a guest memory file of @size bytes lent
 * RWX at RAM_BASE, and the DTB one page into it. Returns the VM fd and
 * stores the guest memory fd in *memfd; -1 on failure, with errno set.
 */
static inline int create_std_vm(int devfd, __u64 size, int *memfd)
{
	int vmfd, gmem;

	gmem = create_gmem(devfd, size, GHMF_CLOEXEC);
	if (gmem < 0)
		return -1;
	vmfd = create_vm(devfd);
	if (vmfd < 0 ||
	    _test_cmd_map_mem(vmfd, RAM_BASE, MEM_RWX, gmem, 0, size) ||
	    _test_cmd_dtb(vmfd, DTB_ADDR, DTB_SIZE)) {
		int err = errno;

		if (vmfd >= 0)
			close(vmfd);
		close(gmem);
		errno = err;
		return -1;
	}
	*memfd = gmem;
	return vmfd;
}

/* Copies the first line of @src, without its newline, into @dst. */
static inline void copy_line(char *dst, size_t len, const char *src)
{
	size_t n = strcspn(src, "\n");

	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* /proc/self/fdinfo */

/* Copies the value of "@key:\t<value>" in @fd's fdinfo; 0 or -1. */
static inline int fdinfo_get(int fd, const char *key, char *val, size_t len)
{
	size_t klen = strlen(key);
	char path[64], line[256];
	int ret = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) || line[klen] != ':' ||
		    line[klen + 1] != '\t')
			continue;
		copy_line(val, len, line + klen + 2);
		ret = 0;
		break;
	}
	fclose(f);
	return ret;
}

/* The VM's state name from fdinfo, or "?" if there is none. */
static inline const char *vm_state(int vmfd)
{
	static char state[32];

	if (fdinfo_get(vmfd, "gunyah_vm_state", state, sizeof(state)))
		return "?";
	return state;
}

/* The VM's RM id from fdinfo ("0x" and hex digits), or -1. */
static inline long vm_vmid(int vmfd)
{
	char val[32], *end;
	long vmid;

	if (fdinfo_get(vmfd, "gunyah_vmid", val, sizeof(val)) ||
	    strncmp(val, "0x", 2))
		return -1;
	vmid = strtol(val + 2, &end, 16);
	if (end == val + 2 || *end)
		return -1;
	return vmid;
}

/* Polls until the VM's state is @name; true if it got there in time. */
static inline bool wait_vm_state(int vmfd, const char *name, unsigned int ms)
{
	unsigned int waited;

	for (waited = 0; strcmp(vm_state(vmfd), name); waited += 10) {
		if (waited >= ms)
			return false;
		sleep_ms(10);
	}
	return true;
}

/* The simulator's debugfs files */

/* Writes @text to SIM_DIR/@file; 0 or -errno. */
static inline int sim_write(const char *file, const char *text)
{
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), SIM_DIR "%s", file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	if (n < 0)
		n = -errno;
	close(fd);
	return n < 0 ? n : 0;
}

/* Makes every request with @msg_id fail with @rm_error, @count times. */
static inline int sim_fault_error(__u32 msg_id, __u32 rm_error,
				  unsigned int count)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "%#x error %#x %u\n", msg_id, rm_error,
		 count);
	return sim_write("fault", cmd);
}

static inline int sim_fault_clear(void)
{
	return sim_write("fault", "clear\n");
}

/* Makes the RUNNING VM @vmid exit through the simulator's "exit" knob. */
static inline int sim_vm_exit(long vmid, unsigned int type, unsigned int code)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "%#lx %u %u\n", vmid, type, code);
	return sim_write("exit", cmd);
}

/*
 * Copies the simulator's "vms" line of @vmid into @line (if not NULL), or
 * with @vmid < 0 counts every VM. Returns the number of matching lines, or
 * -1 if the file cannot be read.
 */
static inline int sim_vms(long vmid, char *line, size_t len)
{
	char buf[1024];
	int found = 0;
	long id;
	FILE *f;

	f = fopen(SIM_DIR "vms", "re");
	if (!f)
		return -1;
	while (fgets(buf, sizeof(buf), f)) {
		if (sscanf(buf, "vmid=%lx", &id) != 1)
			continue;
		if (vmid >= 0 && id != vmid)
			continue;
		if (line)
			copy_line(line, len, buf);
		found++;
	}
	fclose(f);
	return found;
}

/* Polls until the simulator lists no VM @vmid (any VM if < 0). */
static inline bool wait_sim_vm_gone(long vmid, unsigned int ms)
{
	unsigned int waited;

	for (waited = 0; sim_vms(vmid, NULL, 0); waited += 10) {
		if (waited >= ms)
			return false;
		sleep_ms(10);
	}
	return true;
}

/*
 * Opens /dev/gunyah for a fixture: the simulator must be bound, no fault
 * armed, and every VM of earlier cases gone from the RM.
 */
static inline int open_dev(struct __test_metadata *_metadata)
{
	int devfd = open(GUNYAH_DEV, O_RDWR | O_CLOEXEC);

	ASSERT_LE(0, devfd) TH_LOG("open %s: %s", GUNYAH_DEV, strerror(errno));
	ASSERT_NE(GUNYAH_RM_PROTOCOL_UNKNOWN, rm_protocol(devfd))
		TH_LOG("is gunyah_sim.ko loaded?");
	ASSERT_EQ(0, sim_fault_clear());
	ASSERT_TRUE(wait_sim_vm_gone(-1, TEARDOWN_TIMEOUT_MS));
	return devfd;
}

#endif /* _GUNYAH_VM_UTIL_H */
