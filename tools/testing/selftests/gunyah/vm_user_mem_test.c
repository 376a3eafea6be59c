// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pinned user memory, end to end on the simulator: the Android-compatible
 * GUNYAH_VM_SET_USER_MEM_REGION (share), GUNYAH_VM_ANDROID_LEND_USER_MEM
 * (lend) and GUNYAH_VM_RECLAIM_REGION, their RLIMIT_MEMLOCK accounting
 * (seen in VmLck of /proc/self/status) and a VM started on such memory.
 * Run by vm_test.sh at each RM protocol level.
 *
 * The tests run as root. The memlock cases drop CAP_IPC_LOCK from the test
 * process (each case runs in its own child) with capset() before lowering
 * RLIMIT_MEMLOCK, and check separately that a holder of CAP_IPC_LOCK is
 * not limited.
 */

#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <sys/wait.h>

#include <linux/capability.h>
#include <linux/magic.h>

#include "vm_util.h"

#define SHARE		GUNYAH_VM_SET_USER_MEM_REGION
#define LEND		GUNYAH_VM_ANDROID_LEND_USER_MEM
#define U_R		GUNYAH_USER_MEM_ALLOW_READ
#define U_W		GUNYAH_USER_MEM_ALLOW_WRITE
#define U_X		GUNYAH_USER_MEM_ALLOW_EXEC
#define U_RWX		GUNYAH_USER_MEM_ALLOW_RWX

#define REGION_SIZE	(4 * SZ_64K)

static const unsigned long user_mem_cmds[] = { SHARE, LEND };

FIXTURE(user_mem)
{
	int devfd;
	int vmfd;
	char *mem;	/* anonymous, 2 * RAM_SIZE */
};

FIXTURE_SETUP(user_mem)
{
	struct gunyah_capabilities caps;

	self->devfd = open_dev(_metadata);
	ASSERT_OK(query_caps(self->devfd, &caps));
	ASSERT_TRUE(caps.features & GUNYAH_CAP_USER_MEM);
	self->vmfd = create_vm(self->devfd);
	ASSERT_LE(0, self->vmfd);
	self->mem = mmap(NULL, 2 * RAM_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->mem);
}

FIXTURE_TEARDOWN(user_mem)
{
	if (self->vmfd >= 0)
		close(self->vmfd);
	EXPECT_TRUE(wait_sim_vm_gone(-1, TEARDOWN_TIMEOUT_MS));
	munmap(self->mem, 2 * RAM_SIZE);
	close(self->devfd);
}

/* VmLck of /proc/self/status in kB, or -1 */
static long vm_lck_kb(void)
{
	char line[128];
	long kb = -1;
	FILE *f;

	f = fopen("/proc/self/status", "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmLck: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static bool wait_vm_lck_kb(long kb, unsigned int ms)
{
	unsigned int waited;

	for (waited = 0; vm_lck_kb() != kb; waited += 10) {
		if (waited >= ms)
			return false;
		sleep_ms(10);
	}
	return true;
}

static int cap_ipc_lock(bool drop, bool *has)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	const __u32 bit = 1U << (CAP_IPC_LOCK % 32);
	const int i = CAP_IPC_LOCK / 32;

	if (syscall(SYS_capget, &hdr, data))
		return -1;
	if (has)
		*has = data[i].effective & bit;
	if (!drop)
		return 0;
	data[i].effective &= ~bit;
	data[i].permitted &= ~bit;
	data[i].inheritable &= ~bit;
	return syscall(SYS_capset, &hdr, data);
}

static int set_memlock_limit(__u64 bytes)
{
	struct rlimit rl = { bytes, bytes };

	return setrlimit(RLIMIT_MEMLOCK, &rl);
}

/* A MAP_SHARED mapping of a new memfd of @size bytes */
static void *memfd_mem(__u64 size)
{
	void *p;
	int fd;

	fd = memfd_create("guest", MFD_CLOEXEC);
	if (fd < 0)
		return MAP_FAILED;
	if (ftruncate(fd, size)) {
		close(fd);
		return MAP_FAILED;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	return p;
}

/* A MAP_SHARED mapping of a new file of @size bytes in @dir */
static void *file_mem(const char *dir, __u64 size)
{
	char path[128];
	void *p;
	int fd;

	snprintf(path, sizeof(path), "%s/gunyah_vm_user_mem", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return MAP_FAILED;
	unlink(path);
	if (ftruncate(fd, size)) {
		close(fd);
		return MAP_FAILED;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	return p;
}

static bool fs_is(const char *dir, long magic)
{
	struct statfs st;

	return !statfs(dir, &st) && st.f_type == magic;
}

TEST_F(user_mem, invalid_flags_are_einval)
{
	static const __u32 flags[] = {
		0, U_W, U_X, U_W | U_X, U_R | 0x8, U_R | 0x10, U_RWX | 0x100,
		U_RWX | 0x80000000,
	};
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(user_mem_cmds); i++)
		for (j = 0; j < ARRAY_SIZE(flags); j++)
			test_err_user_mem(EINVAL, self->vmfd, user_mem_cmds[i],
					  1, flags[j], RAM_BASE, SZ_64K,
					  self->mem)
				TH_LOG("cmd %u flags %#x", i, flags[j]);
}

TEST_F(user_mem, valid_rights)
{
	static const __u32 flags[] = { U_R, U_R | U_X, U_R | U_W, U_RWX };
	unsigned int i, j, n;

	for (i = 0; i < ARRAY_SIZE(user_mem_cmds); i++) {
		for (j = 0; j < ARRAY_SIZE(flags); j++) {
			n = i * ARRAY_SIZE(flags) + j;
			EXPECT_OK(_test_cmd_user_mem(self->vmfd,
						     user_mem_cmds[i], n,
						     flags[j],
						     RAM_BASE + n * SZ_64K,
						     SZ_64K,
						     self->mem + n * SZ_64K))
				TH_LOG("cmd %u flags %#x", i, flags[j]);
		}
	}
}

TEST_F(user_mem, unaligned_is_einval)
{
	unsigned int i;
	unsigned long cmd;

	for (i = 0; i < ARRAY_SIZE(user_mem_cmds); i++) {
		cmd = user_mem_cmds[i];
		test_err_user_mem(EINVAL, self->vmfd, cmd, 1, U_RWX,
				  RAM_BASE + 0x800, SZ_64K, self->mem);
		test_err_user_mem(EINVAL, self->vmfd, cmd, 1, U_RWX, RAM_BASE,
				  SZ_64K + 0x800, self->mem);
		test_err_user_mem(EINVAL, self->vmfd, cmd, 1, U_RWX, RAM_BASE,
				  SZ_64K, self->mem + 0x800);
	}
}

TEST_F(user_mem, size_0_removes_label)
{
	long base = vm_lck_kb();

	ASSERT_LE(0, base);
	test_err_user_mem(ENOENT, self->vmfd, SHARE, 7, U_RWX, RAM_BASE, 0,
			  self->mem);
	test_cmd_user_mem(self->vmfd, SHARE, 7, U_RWX, RAM_BASE, REGION_SIZE,
			  self->mem);
	EXPECT_EQ(base + REGION_SIZE / 1024, vm_lck_kb());
	test_cmd_user_mem(self->vmfd, SHARE, 7, U_RWX, RAM_BASE, 0, self->mem);
	EXPECT_EQ(base, vm_lck_kb());
	test_err_user_mem(ENOENT, self->vmfd, LEND, 7, U_RWX, RAM_BASE, 0,
			  self->mem);
	/* The label and the range are free again. */
	test_cmd_user_mem(self->vmfd, LEND, 7, U_RWX, RAM_BASE, REGION_SIZE,
			  self->mem);
	test_cmd_user_mem(self->vmfd, LEND, 7, U_RWX, RAM_BASE, 0, self->mem);
	EXPECT_EQ(base, vm_lck_kb());
}

TEST_F(user_mem, duplicate_label_is_eexist)
{
	test_cmd_user_mem(self->vmfd, SHARE, 1, U_RWX, RAM_BASE, SZ_64K,
			  self->mem);
	test_err_user_mem(EEXIST, self->vmfd, SHARE, 1, U_RWX,
			  RAM_BASE + RAM_SIZE, SZ_64K, self->mem + RAM_SIZE);
	test_err_user_mem(EEXIST, self->vmfd, LEND, 1, U_RWX,
			  RAM_BASE + RAM_SIZE, SZ_64K, self->mem + RAM_SIZE);
	test_cmd_user_mem(self->vmfd, LEND, 2, U_RWX, RAM_BASE + RAM_SIZE,
			  SZ_64K, self->mem + RAM_SIZE);
}

TEST_F(user_mem, overlap_is_eexist)
{
	int gmem = create_gmem(self->devfd, RAM_SIZE, GHMF_CLOEXEC);
	char *m = self->mem;

	ASSERT_LE(0, gmem);
	test_cmd_user_mem(self->vmfd, SHARE, 1, U_RWX, RAM_BASE, 2 * SZ_64K, m);
	test_err_user_mem(EEXIST, self->vmfd, SHARE, 2, U_RWX, RAM_BASE,
			  SZ_64K, m + RAM_SIZE);
	test_err_user_mem(EEXIST, self->vmfd, LEND, 2, U_RWX, RAM_BASE + SZ_64K,
			  2 * SZ_64K, m + RAM_SIZE);
	test_err_user_mem(EEXIST, self->vmfd, LEND, 2, U_RWX, RAM_BASE - SZ_64K,
			  2 * SZ_64K, m + RAM_SIZE);
	/* and with guest memory files, both ways */
	test_err_map_mem(EEXIST, self->vmfd, RAM_BASE + SZ_64K, MEM_RWX, gmem,
			 0, SZ_64K);
	test_cmd_map_mem(self->vmfd, RAM_BASE + RAM_SIZE, MEM_RWX, gmem, 0,
			 SZ_64K);
	test_err_user_mem(EEXIST, self->vmfd, SHARE, 3, U_RWX,
			  RAM_BASE + RAM_SIZE, SZ_64K, m + RAM_SIZE);
	test_err_user_mem(EEXIST, self->vmfd, LEND, 3, U_RWX,
			  RAM_BASE + RAM_SIZE - SZ_64K, 2 * SZ_64K,
			  m + RAM_SIZE);
	/* Adjacent is fine. */
	test_cmd_user_mem(self->vmfd, LEND, 3, U_RWX, RAM_BASE + 2 * SZ_64K,
			  SZ_64K, m + RAM_SIZE);
	close(gmem);
}

TEST_F(user_mem, unmapped_address_is_efault)
{
	char *hole = mmap(NULL, 2 * SZ_64K, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long base = vm_lck_kb();

	ASSERT_NE(MAP_FAILED, hole);
	ASSERT_EQ(0, munmap(hole + SZ_64K, SZ_64K));
	test_err_user_mem(EFAULT, self->vmfd, SHARE, 1, U_RWX, RAM_BASE, SZ_64K,
			  hole + SZ_64K);
	/* partly mapped */
	test_err_user_mem(EFAULT, self->vmfd, LEND, 1, U_RWX, RAM_BASE,
			  2 * SZ_64K, hole);
	EXPECT_EQ(base, vm_lck_kb());
	munmap(hole, SZ_64K);
}

TEST_F(user_mem, shmem_files_are_accepted)
{
	char *m = memfd_mem(SZ_64K);

	ASSERT_NE(MAP_FAILED, m);
	test_cmd_user_mem(self->vmfd, SHARE, 1, U_RWX, RAM_BASE, SZ_64K, m);
	if (fs_is("/tmp", TMPFS_MAGIC)) {
		char *t = file_mem("/tmp", SZ_64K);

		ASSERT_NE(MAP_FAILED, t);
		test_cmd_user_mem(self->vmfd, LEND, 2, U_RWX,
				  RAM_BASE + SZ_64K, SZ_64K, t);
	} else {
		TH_LOG("/tmp is not tmpfs: only a memfd tried");
	}
}

TEST_F(user_mem, non_shmem_file_is_einval)
{
	char dir[] = "/tmp/gunyah_ramfs_XXXXXX";
	bool mounted = false;
	const char *where;
	char *m;

	ASSERT_NE(NULL, mkdtemp(dir));
	if (!mount("none", dir, "ramfs", 0, NULL)) {
		mounted = true;
		where = dir;
	} else if (fs_is("/", RAMFS_MAGIC)) {
		where = "";
	} else {
		rmdir(dir);
		SKIP(return, "no ramfs to map a non-shmem file from");
	}
	m = file_mem(where, SZ_64K);
	ASSERT_NE(MAP_FAILED, m);
	test_err_user_mem(EINVAL, self->vmfd, SHARE, 1, U_RWX, RAM_BASE, SZ_64K,
			  m);
	test_err_user_mem(EINVAL, self->vmfd, LEND, 1, U_RWX, RAM_BASE, SZ_64K,
			  m);
	munmap(m, SZ_64K);
	if (mounted)
		umount(dir);
	rmdir(dir);
}

TEST_F(user_mem, other_process_is_eperm)
{
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		char *m = mmap(NULL, SZ_64K, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (m == MAP_FAILED)
			_exit(2);
		if (_test_cmd_user_mem(self->vmfd, SHARE, 1, U_RWX, RAM_BASE,
				       SZ_64K, m) != -1 || errno != EPERM)
			_exit(3);
		if (_test_cmd_user_mem(self->vmfd, LEND, 1, U_RWX, RAM_BASE,
				       SZ_64K, m) != -1 || errno != EPERM)
			_exit(4);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status))
		TH_LOG("2: mmap, 3: share not EPERM, 4: lend not EPERM");
	/* The creator still can. */
	test_cmd_user_mem(self->vmfd, SHARE, 1, U_RWX, RAM_BASE, SZ_64K,
			  self->mem);
}

TEST_F(user_mem, memlock_limit_without_cap_ipc_lock)
{
	long base = vm_lck_kb();
	unsigned int i;
	bool has;

	ASSERT_LE(0, base);
	ASSERT_EQ(0, set_memlock_limit(base * 1024 + SZ_64K));
	ASSERT_EQ(0, cap_ipc_lock(true, NULL));
	ASSERT_EQ(0, cap_ipc_lock(false, &has));
	ASSERT_FALSE(has);

	for (i = 0; i < ARRAY_SIZE(user_mem_cmds); i++) {
		test_err_user_mem(ENOMEM, self->vmfd, user_mem_cmds[i], 1,
				  U_RWX, RAM_BASE, REGION_SIZE, self->mem)
			TH_LOG("cmd %u", i);
		EXPECT_EQ(base, vm_lck_kb());
	}
	/* Within the limit */
	test_cmd_user_mem(self->vmfd, SHARE, 1, U_RWX, RAM_BASE, SZ_64K / 2,
			  self->mem);
	test_cmd_user_mem(self->vmfd, LEND, 2, U_RWX, RAM_BASE + SZ_64K,
			  SZ_64K / 2, self->mem + SZ_64K);
	EXPECT_EQ(base + SZ_64K / 1024, vm_lck_kb());
	/* The limit counts what is already pinned. */
	test_err_user_mem(ENOMEM, self->vmfd, LEND, 3, U_RWX,
			  RAM_BASE + 2 * SZ_64K, SZ_64K / 2,
			  self->mem + 2 * SZ_64K);
	test_cmd_reclaim(self->vmfd, RAM_BASE, SZ_64K / 2);
	test_cmd_user_mem(self->vmfd, LEND, 3, U_RWX, RAM_BASE + 2 * SZ_64K,
			  SZ_64K / 2, self->mem + 2 * SZ_64K);
}

TEST_F(user_mem, memlock_limit_does_not_bind_cap_ipc_lock)
{
	long base = vm_lck_kb();
	bool has = false;

	ASSERT_EQ(0, cap_ipc_lock(false, &has));
	if (!has)
		SKIP(return, "not run with CAP_IPC_LOCK");
	ASSERT_EQ(0, set_memlock_limit(base * 1024 + SZ_64K));
	test_cmd_user_mem(self->vmfd, SHARE, 1, U_RWX, RAM_BASE, REGION_SIZE,
			  self->mem);
	EXPECT_EQ(base + REGION_SIZE / 1024, vm_lck_kb());
}

TEST_F(user_mem, vm_lck_follows_regions)
{
	long base = vm_lck_kb();

	ASSERT_LE(0, base);
	test_cmd_user_mem(self->vmfd, SHARE, 1, U_RWX, RAM_BASE, REGION_SIZE,
			  self->mem);
	EXPECT_EQ(base + REGION_SIZE / 1024, vm_lck_kb());
	test_cmd_user_mem(self->vmfd, LEND, 2, U_RWX, RAM_BASE + RAM_SIZE,
			  2 * REGION_SIZE, self->mem + RAM_SIZE);
	EXPECT_EQ(base + 3 * REGION_SIZE / 1024, vm_lck_kb());
	test_cmd_reclaim(self->vmfd, RAM_BASE, REGION_SIZE);
	EXPECT_EQ(base + 2 * REGION_SIZE / 1024, vm_lck_kb());

	close(self->vmfd);
	self->vmfd = -1;
	EXPECT_TRUE(wait_vm_lck_kb(base, TEARDOWN_TIMEOUT_MS))
		TH_LOG("VmLck %ld kB, was %ld kB", vm_lck_kb(), base);
}

TEST_F(user_mem, reclaim_needs_exact_region)
{
	test_err_reclaim(ENOENT, self->vmfd, RAM_BASE, REGION_SIZE);
	test_cmd_user_mem(self->vmfd, SHARE, 1, U_RWX, RAM_BASE, REGION_SIZE,
			  self->mem);

	test_err_reclaim(EINVAL, self->vmfd, RAM_BASE + 0x800, REGION_SIZE);
	test_err_reclaim(EINVAL, self->vmfd, RAM_BASE, REGION_SIZE + 0x800);
	test_err_reclaim(EINVAL, self->vmfd, RAM_BASE, 0);
	test_err_reclaim(ENOENT, self->vmfd, RAM_BASE, SZ_64K);
	test_err_reclaim(ENOENT, self->vmfd, RAM_BASE, 2 * REGION_SIZE);
	test_err_reclaim(ENOENT, self->vmfd, RAM_BASE + SZ_64K, REGION_SIZE);
	test_err_reclaim(ENOENT, self->vmfd, RAM_BASE - SZ_64K, REGION_SIZE);

	test_cmd_reclaim(self->vmfd, RAM_BASE, REGION_SIZE);
	test_err_reclaim(ENOENT, self->vmfd, RAM_BASE, REGION_SIZE);
	/* Regions made by lending are reclaimed the same way. */
	test_cmd_user_mem(self->vmfd, LEND, 1, U_RWX, RAM_BASE, REGION_SIZE,
			  self->mem);
	test_cmd_reclaim(self->vmfd, RAM_BASE, REGION_SIZE);
}

TEST_F(user_mem, start_on_user_memory)
{
	long base = vm_lck_kb(), vmid;
	unsigned int i;
	char *m;

	for (i = 0; i < ARRAY_SIZE(user_mem_cmds); i++) {
		if (self->vmfd < 0)
			self->vmfd = create_vm(self->devfd);
		ASSERT_LE(0, self->vmfd);
		m = memfd_mem(RAM_SIZE);
		ASSERT_NE(MAP_FAILED, m);
		test_cmd_user_mem(self->vmfd, user_mem_cmds[i], 1, U_RWX,
				  RAM_BASE, RAM_SIZE, m);
		test_cmd_dtb(self->vmfd, DTB_ADDR, DTB_SIZE);
		EXPECT_OK(_test_cmd_start(self->vmfd)) TH_LOG("cmd %u", i);
		EXPECT_STREQ("RUNNING", vm_state(self->vmfd));
		vmid = vm_vmid(self->vmfd);
		EXPECT_LT(0, vmid);
		EXPECT_EQ(1, sim_vms(vmid, NULL, 0));
		/* The RM took lent memory for the VM at start. */
		if (user_mem_cmds[i] == LEND)
			test_err_reclaim(EBUSY, self->vmfd, RAM_BASE, RAM_SIZE);

		close(self->vmfd);
		self->vmfd = -1;
		EXPECT_TRUE(wait_sim_vm_gone(vmid, TEARDOWN_TIMEOUT_MS))
			TH_LOG("cmd %u", i);
		EXPECT_TRUE(wait_vm_lck_kb(base, TEARDOWN_TIMEOUT_MS))
			TH_LOG("cmd %u: VmLck %ld kB, was %ld", i, vm_lck_kb(),
			       base);
		munmap(m, RAM_SIZE);
	}
}

TEST_HARNESS_MAIN
