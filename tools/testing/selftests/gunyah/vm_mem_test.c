// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest memory, end to end on the simulator: guest memory files
 * (GUNYAH_CREATE_GUEST_MEM, fallocate, mmap) and GUNYAH_VM_MAP_MEM before
 * and after the VM starts. Run by vm_test.sh at each RM protocol level.
 */

#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>

#include <linux/falloc.h>

#include "vm_util.h"

#define FILE_SIZE	(2 * RAM_SIZE)

FIXTURE(gmem)
{
	int devfd;
	int vmfd;
	int memfd;	/* FILE_SIZE bytes */
};

FIXTURE_SETUP(gmem)
{
	self->devfd = open_dev(_metadata);
	self->vmfd = create_vm(self->devfd);
	ASSERT_LE(0, self->vmfd) TH_LOG("CREATE_VM: %s", strerror(errno));
	self->memfd = create_gmem(self->devfd, FILE_SIZE, GHMF_CLOEXEC);
	ASSERT_LE(0, self->memfd) TH_LOG("CREATE_GUEST_MEM: %s",
					 strerror(errno));
}

FIXTURE_TEARDOWN(gmem)
{
	close(self->vmfd);
	close(self->memfd);
	EXPECT_TRUE(wait_sim_vm_gone(-1, TEARDOWN_TIMEOUT_MS));
	close(self->devfd);
}

static void *map_file(int fd, __u64 offset, __u64 size)
{
	return mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
}

/* errno of mmap(), 0 if it succeeded (the mapping is removed again) */
static int map_file_errno(int fd, __u64 offset, __u64 size)
{
	void *p;

	errno = 0;
	p = map_file(fd, offset, size);
	if (p == MAP_FAILED)
		return errno;
	munmap(p, size);
	return 0;
}

static bool all_zero(const char *p, size_t size)
{
	return !p[0] && !memcmp(p, p + 1, size - 1);
}

static sigjmp_buf sigbus_env;

static void sigbus_handler(int sig)
{
	siglongjmp(sigbus_env, 1);
}

/* Accesses @p (a write if @write); true if that raised SIGBUS. */
static bool access_faults(char *p, bool write)
{
	struct sigaction sa = { .sa_handler = sigbus_handler }, old;
	bool faulted = true;

	sigaction(SIGBUS, &sa, &old);
	if (!sigsetjmp(sigbus_env, 1)) {
		if (write)
			__atomic_store_n(p, 0x5a, __ATOMIC_RELAXED);
		else
			__atomic_load_n(p, __ATOMIC_RELAXED);
		faulted = false;
	}
	sigaction(SIGBUS, &old, NULL);
	return faulted;
}

/* Guest memory files */

TEST_F(gmem, create_invalid_is_einval)
{
	struct gunyah_create_mem_args args;
	unsigned int i;

	EXPECT_ERRNO(EINVAL, create_gmem(self->devfd, RAM_SIZE, 1ULL << 2));
	EXPECT_ERRNO(EINVAL, create_gmem(self->devfd, RAM_SIZE, 1ULL << 63));
	EXPECT_ERRNO(EINVAL, create_gmem(self->devfd, 0, 0));
	EXPECT_ERRNO(EINVAL, create_gmem(self->devfd, 100, 0));
	EXPECT_ERRNO(EINVAL, create_gmem(self->devfd, page_size() + 1, 0));
	EXPECT_ERRNO(EINVAL, create_gmem(self->devfd, RAM_SIZE - 1, 0));
	for (i = 0; i < ARRAY_SIZE(args.reserved); i++) {
		memset(&args, 0, sizeof(args));
		args.size = RAM_SIZE;
		args.reserved[i] = 1;
		EXPECT_ERRNO(EINVAL, ioctl(self->devfd, GUNYAH_CREATE_GUEST_MEM,
					   &args)) TH_LOG("reserved[%u]", i);
	}
}

TEST_F(gmem, create_cloexec_and_hugepage)
{
	int fd;

	fd = create_gmem(self->devfd, RAM_SIZE, 0);
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);

	fd = create_gmem(self->devfd, RAM_SIZE, GHMF_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(FD_CLOEXEC, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);

	fd = create_gmem(self->devfd, FILE_SIZE,
			 GHMF_CLOEXEC | GHMF_ALLOW_HUGEPAGE);
	ASSERT_LE(0, fd) TH_LOG("GHMF_ALLOW_HUGEPAGE: %s", strerror(errno));
	close(fd);
}

TEST_F(gmem, size_is_fixed)
{
	EXPECT_ERRNO(EINVAL, ftruncate(self->memfd, 2 * FILE_SIZE));
	EXPECT_ERRNO(EINVAL, ftruncate(self->memfd, RAM_SIZE));
	EXPECT_ERRNO(EINVAL, ftruncate(self->memfd, 0));
}

TEST_F(gmem, fallocate_modes)
{
	static const int unsupported[] = {
		FALLOC_FL_PUNCH_HOLE,
		FALLOC_FL_ZERO_RANGE,
		FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE,
		FALLOC_FL_COLLAPSE_RANGE,
		FALLOC_FL_INSERT_RANGE,
		FALLOC_FL_UNSHARE_RANGE,
	};
	unsigned int i;

	EXPECT_OK(fallocate(self->memfd, 0, 0, SZ_64K));
	EXPECT_OK(fallocate(self->memfd, FALLOC_FL_KEEP_SIZE, SZ_64K, SZ_64K));
	EXPECT_OK(fallocate(self->memfd, 0, 0, FILE_SIZE));
	EXPECT_OK(fallocate(self->memfd,
			    FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0,
			    SZ_64K));
	EXPECT_OK(fallocate(self->memfd,
			    FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0,
			    FILE_SIZE));
	for (i = 0; i < ARRAY_SIZE(unsupported); i++)
		EXPECT_ERRNO(EOPNOTSUPP, fallocate(self->memfd, unsupported[i],
						   0, SZ_64K))
			TH_LOG("mode %#x", unsupported[i]);
}

TEST_F(gmem, mmap_shared_is_zero_and_coherent)
{
	char *a, *b;

	a = map_file(self->memfd, 0, FILE_SIZE);
	ASSERT_NE(MAP_FAILED, a) TH_LOG("mmap: %s", strerror(errno));
	b = map_file(self->memfd, RAM_SIZE, RAM_SIZE);
	ASSERT_NE(MAP_FAILED, b) TH_LOG("mmap: %s", strerror(errno));
	EXPECT_TRUE(all_zero(a, FILE_SIZE));

	memset(a + RAM_SIZE + 0x1234, 0xa5, 100);
	EXPECT_EQ((char)0xa5, b[0x1234]);
	EXPECT_EQ((char)0xa5, b[0x1234 + 99]);
	EXPECT_EQ(0, b[0x1234 + 100]);
	b[0] = 0x42;
	EXPECT_EQ(0x42, a[RAM_SIZE]);
	munmap(a, FILE_SIZE);
	munmap(b, RAM_SIZE);

	EXPECT_EQ(MAP_FAILED, mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE, self->memfd, 0));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(gmem, punch_hole_zeroes)
{
	char *a = map_file(self->memfd, 0, RAM_SIZE);

	ASSERT_NE(MAP_FAILED, a);
	memset(a, 0x77, RAM_SIZE);
	ASSERT_OK(fallocate(self->memfd,
			    FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0,
			    SZ_64K));
	EXPECT_TRUE(all_zero(a, SZ_64K));
	EXPECT_EQ(0x77, a[SZ_64K]);
	munmap(a, RAM_SIZE);
}

TEST_F(gmem, punch_hole_of_mapped_range_is_ebusy)
{
	const int punch = FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE;

	test_cmd_map_mem(self->vmfd, RAM_BASE, MEM_RWX, self->memfd, SZ_64K,
			 SZ_64K);
	EXPECT_ERRNO(EBUSY, fallocate(self->memfd, punch, SZ_64K, 0x1000));
	EXPECT_ERRNO(EBUSY, fallocate(self->memfd, punch, 0, 2 * SZ_64K));
	EXPECT_ERRNO(EBUSY, fallocate(self->memfd, punch, 0, FILE_SIZE));
	EXPECT_OK(fallocate(self->memfd, punch, 0, SZ_64K));
	EXPECT_OK(fallocate(self->memfd, punch, 2 * SZ_64K, SZ_64K));

	test_cmd_unmap_mem(self->vmfd, RAM_BASE, self->memfd, SZ_64K, SZ_64K);
	EXPECT_OK(fallocate(self->memfd, punch, 0, FILE_SIZE));
}

/* GUNYAH_VM_MAP_MEM arguments */

static const struct map_case {
	const char *name;
	__u64 guest_addr;
	__u32 flags;
	__u64 offset;
	__u64 size;
} map_einval[] = {
	{ "guest_addr_unaligned", RAM_BASE + 0x800, MEM_RWX, 0, SZ_64K },
	{ "guest_addr_odd", RAM_BASE + 1, MEM_RWX, 0, SZ_64K },
	{ "offset_unaligned", RAM_BASE, MEM_RWX, 0x800, SZ_64K },
	{ "size_unaligned", RAM_BASE, MEM_RWX, 0, SZ_64K + 0x800 },
	{ "size_0", RAM_BASE, MEM_RWX, 0, 0 },
	{ "guest_wraps", ~0ULL - SZ_64K + 1, MEM_RWX, 0, 2 * SZ_64K },
	{ "beyond_file", RAM_BASE, MEM_RWX, 0, FILE_SIZE + SZ_64K },
	{ "offset_at_end", RAM_BASE, MEM_RWX, FILE_SIZE, SZ_64K },
	{ "across_end", RAM_BASE, MEM_RWX, FILE_SIZE - SZ_64K, 2 * SZ_64K },
	{ "offset_wraps", RAM_BASE, MEM_RWX, ~0ULL - SZ_64K + 1, 2 * SZ_64K },
	{ "flag_bit3", RAM_BASE, MEM_RWX | 0x8, 0, SZ_64K },
	{ "flag_bit7", RAM_BASE, MEM_RWX | 0x80, 0, SZ_64K },
	{ "flag_bit9", RAM_BASE, MEM_RWX | 0x200, 0, SZ_64K },
	{ "flag_bit31", RAM_BASE, MEM_RWX | 0x80000000, 0, SZ_64K },
	{ "access_3", RAM_BASE, MEM_RWX | 3, 0, SZ_64K },
	{ "access_4", RAM_BASE, MEM_RWX | 4, 0, SZ_64K },
	{ "access_5", RAM_BASE, MEM_RWX | 5, 0, SZ_64K },
	{ "access_6", RAM_BASE, MEM_RWX | 6, 0, SZ_64K },
	{ "access_7", RAM_BASE, MEM_RWX | 7, 0, SZ_64K },
	{ "no_rights", RAM_BASE, GUNYAH_MEM_DEFAULT_ACCESS, 0, SZ_64K },
	{ "no_rights_lend", RAM_BASE, GUNYAH_MEM_FORCE_LEND, 0, SZ_64K },
	{ "no_rights_share", RAM_BASE, GUNYAH_MEM_FORCE_SHARE, 0, SZ_64K },
	{ "w_only", RAM_BASE, GUNYAH_MEM_ALLOW_WRITE, 0, SZ_64K },
	{ "x_only", RAM_BASE, GUNYAH_MEM_ALLOW_EXEC, 0, SZ_64K },
	{ "wx", RAM_BASE, GUNYAH_MEM_ALLOW_WRITE | GUNYAH_MEM_ALLOW_EXEC, 0,
	  SZ_64K },
	{ "unmap_r", RAM_BASE, GUNYAH_MEM_UNMAP | MEM_R, 0, SZ_64K },
	{ "unmap_rwx", RAM_BASE, GUNYAH_MEM_UNMAP | MEM_RWX, 0, SZ_64K },
	{ "unmap_share", RAM_BASE, GUNYAH_MEM_UNMAP | GUNYAH_MEM_FORCE_SHARE,
	  0, SZ_64K },
	{ "unmap_lend", RAM_BASE, GUNYAH_MEM_UNMAP | GUNYAH_MEM_FORCE_LEND, 0,
	  SZ_64K },
};

TEST_F(gmem, map_mem_invalid_is_einval)
{
	const struct map_case *c;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(map_einval); i++) {
		c = &map_einval[i];
		test_err_map_mem(EINVAL, self->vmfd, c->guest_addr, c->flags,
				 self->memfd, c->offset, c->size)
			TH_LOG("%s", c->name);
	}
	/* Nothing was mapped: the whole file can still be mapped. */
	test_cmd_map_mem(self->vmfd, RAM_BASE, MEM_RWX, self->memfd, 0,
			 FILE_SIZE);
}

TEST_F(gmem, map_mem_bad_fd)
{
	int closed, devnull, memfd;

	closed = dup(self->memfd);
	ASSERT_LE(0, closed);
	close(closed);
	test_err_map_mem(EBADF, self->vmfd, RAM_BASE, MEM_RWX, closed, 0,
			 SZ_64K);
	test_err_map_mem(EBADF, self->vmfd, RAM_BASE, MEM_RWX, -1, 0, SZ_64K);

	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, devnull);
	memfd = memfd_create("not_gmem", MFD_CLOEXEC);
	ASSERT_LE(0, memfd);
	ASSERT_EQ(0, ftruncate(memfd, FILE_SIZE));
	test_err_map_mem(EINVAL, self->vmfd, RAM_BASE, MEM_RWX, devnull, 0,
			 SZ_64K);
	test_err_map_mem(EINVAL, self->vmfd, RAM_BASE, MEM_RWX, memfd, 0,
			 SZ_64K);
	test_err_map_mem(EINVAL, self->vmfd, RAM_BASE, MEM_RWX, self->vmfd, 0,
			 SZ_64K);
	test_err_map_mem(EINVAL, self->vmfd, RAM_BASE, MEM_RWX, self->devfd, 0,
			 SZ_64K);
	close(memfd);
	close(devnull);
}

TEST_F(gmem, map_mem_valid_rights_and_access)
{
	static const __u32 rights[] = {
		GUNYAH_MEM_ALLOW_READ,
		GUNYAH_MEM_ALLOW_READ | GUNYAH_MEM_ALLOW_EXEC,
		GUNYAH_MEM_ALLOW_READ | GUNYAH_MEM_ALLOW_WRITE,
		GUNYAH_MEM_ALLOW_RWX,
	};
	static const __u32 access[] = {
		GUNYAH_MEM_DEFAULT_ACCESS,
		GUNYAH_MEM_FORCE_LEND,
		GUNYAH_MEM_FORCE_SHARE,
	};
	unsigned int i, j;
	__u64 at;

	for (i = 0; i < ARRAY_SIZE(rights); i++) {
		for (j = 0; j < ARRAY_SIZE(access); j++) {
			at = (i * ARRAY_SIZE(access) + j) * SZ_64K;
			EXPECT_OK(_test_cmd_map_mem(self->vmfd, RAM_BASE + at,
						    rights[i] | access[j],
						    self->memfd, at, SZ_64K))
				TH_LOG("flags %#x", rights[i] | access[j]);
		}
	}
}

TEST_F(gmem, map_mem_overlap_is_eexist)
{
	static const struct {
		__u64 guest_addr;
		__u64 size;
	} overlaps[] = {
		{ RAM_BASE, 2 * SZ_64K },		/* same */
		{ RAM_BASE + SZ_64K, SZ_64K },		/* inside */
		{ RAM_BASE - SZ_64K, 2 * SZ_64K },	/* across start */
		{ RAM_BASE + SZ_64K, 2 * SZ_64K },	/* across end */
		{ RAM_BASE - SZ_64K, 4 * SZ_64K },	/* around */
	};
	__u64 free_off = 8 * SZ_64K;
	unsigned int i;
	int vm2;

	test_cmd_map_mem(self->vmfd, RAM_BASE, MEM_RWX, self->memfd, 0,
			 2 * SZ_64K);
	for (i = 0; i < ARRAY_SIZE(overlaps); i++)
		test_err_map_mem(EEXIST, self->vmfd, overlaps[i].guest_addr,
				 MEM_RWX, self->memfd, free_off,
				 overlaps[i].size) TH_LOG("guest range %u", i);

	/* The file range is already mapped, elsewhere or in another VM. */
	test_err_map_mem(EEXIST, self->vmfd, RAM_BASE + RAM_SIZE, MEM_RWX,
			 self->memfd, 0, 2 * SZ_64K);
	test_err_map_mem(EEXIST, self->vmfd, RAM_BASE + RAM_SIZE, MEM_RWX,
			 self->memfd, SZ_64K, 2 * SZ_64K);
	vm2 = create_vm(self->devfd);
	ASSERT_LE(0, vm2);
	test_err_map_mem(EEXIST, vm2, RAM_BASE, MEM_RWX, self->memfd, 0,
			 2 * SZ_64K);
	test_cmd_map_mem(vm2, RAM_BASE, MEM_RWX, self->memfd, free_off, SZ_64K);
	close(vm2);

	/* Adjacent on both sides is fine. */
	test_cmd_map_mem(self->vmfd, RAM_BASE - SZ_64K, MEM_RWX, self->memfd,
			 2 * SZ_64K, SZ_64K);
	test_cmd_map_mem(self->vmfd, RAM_BASE + 2 * SZ_64K, MEM_RWX,
			 self->memfd, 3 * SZ_64K, SZ_64K);
}

TEST_F(gmem, unmap_needs_exact_mapping)
{
	int other = create_gmem(self->devfd, FILE_SIZE, GHMF_CLOEXEC);

	ASSERT_LE(0, other);
	test_err_unmap_mem(ENOENT, self->vmfd, RAM_BASE, self->memfd, 0,
			   SZ_64K);
	test_cmd_map_mem(self->vmfd, RAM_BASE, MEM_RWX, self->memfd, SZ_64K,
			 2 * SZ_64K);

	test_err_unmap_mem(ENOENT, self->vmfd, RAM_BASE, self->memfd, SZ_64K,
			   SZ_64K);
	test_err_unmap_mem(ENOENT, self->vmfd, RAM_BASE, self->memfd, SZ_64K,
			   3 * SZ_64K);
	test_err_unmap_mem(ENOENT, self->vmfd, RAM_BASE + SZ_64K, self->memfd,
			   2 * SZ_64K, SZ_64K);
	test_err_unmap_mem(ENOENT, self->vmfd, RAM_BASE, self->memfd, 0,
			   2 * SZ_64K);
	test_err_unmap_mem(ENOENT, self->vmfd, RAM_BASE, other, SZ_64K,
			   2 * SZ_64K);

	/* Before start: unmap, and the range can be mapped again. */
	test_cmd_unmap_mem(self->vmfd, RAM_BASE, self->memfd, SZ_64K,
			   2 * SZ_64K);
	test_err_unmap_mem(ENOENT, self->vmfd, RAM_BASE, self->memfd, SZ_64K,
			   2 * SZ_64K);
	test_cmd_map_mem(self->vmfd, RAM_BASE, MEM_RWX, self->memfd, SZ_64K,
			 2 * SZ_64K);
	test_cmd_unmap_mem(self->vmfd, RAM_BASE, self->memfd, SZ_64K,
			   2 * SZ_64K);
	close(other);
}

/* After start */

#define LEND_OFF	0ULL			/* default access, holds the DTB */
#define SHARE_OFF	RAM_SIZE		/* FORCE_SHARE */
#define FLEND_OFF	(RAM_SIZE + 4 * SZ_64K)	/* FORCE_LEND */
#define FREE_OFF	(RAM_SIZE + 8 * SZ_64K)	/* not given to the VM */

/* Gives the VM lent, shared and force-lent ranges of the file, starts it. */
static void start_mixed_vm(struct __test_metadata *_metadata, int vmfd,
			   int memfd)
{
	test_cmd_map_mem(vmfd, RAM_BASE, MEM_RWX, memfd, LEND_OFF, RAM_SIZE);
	test_cmd_map_mem(vmfd, RAM_BASE + 2 * RAM_SIZE,
			 GUNYAH_MEM_FORCE_SHARE | GUNYAH_MEM_ALLOW_READ |
			 GUNYAH_MEM_ALLOW_WRITE, memfd, SHARE_OFF, 4 * SZ_64K);
	test_cmd_map_mem(vmfd, RAM_BASE + 3 * RAM_SIZE,
			 GUNYAH_MEM_FORCE_LEND | MEM_R, memfd, FLEND_OFF,
			 4 * SZ_64K);
	test_cmd_dtb(vmfd, DTB_ADDR, DTB_SIZE);
	test_cmd_start(vmfd);
	ASSERT_STREQ("RUNNING", vm_state(vmfd));
}

TEST_F(gmem, lent_memory_leaves_the_host)
{
	char *early;

	/* A host mapping made before start, with data in each range */
	early = map_file(self->memfd, 0, FILE_SIZE);
	ASSERT_NE(MAP_FAILED, early);
	early[LEND_OFF + 0x3000] = 1;
	early[SHARE_OFF + 0x10] = 2;
	early[FLEND_OFF] = 3;
	early[FREE_OFF] = 4;
	start_mixed_vm(_metadata, self->vmfd, self->memfd);

	EXPECT_EQ(EPERM, map_file_errno(self->memfd, LEND_OFF, SZ_64K));
	EXPECT_EQ(EPERM, map_file_errno(self->memfd, RAM_SIZE - SZ_64K,
					SZ_64K));
	EXPECT_EQ(EPERM, map_file_errno(self->memfd, FLEND_OFF, SZ_64K));
	EXPECT_EQ(EPERM, map_file_errno(self->memfd, 0, FILE_SIZE));
	EXPECT_EQ(0, map_file_errno(self->memfd, SHARE_OFF, 4 * SZ_64K));
	EXPECT_EQ(0, map_file_errno(self->memfd, FREE_OFF, SZ_64K));

	EXPECT_TRUE(access_faults(early + LEND_OFF + 0x3000, false));
	EXPECT_TRUE(access_faults(early + LEND_OFF, true));
	EXPECT_TRUE(access_faults(early + FLEND_OFF, false));
	EXPECT_FALSE(access_faults(early + SHARE_OFF + 0x10, false));
	EXPECT_EQ(2, early[SHARE_OFF + 0x10]);
	EXPECT_FALSE(access_faults(early + SHARE_OFF, true));
	EXPECT_FALSE(access_faults(early + FREE_OFF, false));
	EXPECT_EQ(4, early[FREE_OFF]);
	munmap(early, FILE_SIZE);
}

/*
 * The RM refuses to give lent memory back when the VM is torn down: the
 * driver must leak it (with a warning), never free it or let the host map
 * it again, and the rest of the teardown must still complete.
 */
TEST_F(gmem, refused_reclaim_leaks_the_memory)
{
	start_mixed_vm(_metadata, self->vmfd, self->memfd);
	ASSERT_EQ(0, sim_fault_error(RM_MEM_RECLAIM, RM_ERROR_DENIED, 100));
	close(self->vmfd);
	self->vmfd = -1;
	EXPECT_TRUE(wait_sim_vm_gone(-1, TEARDOWN_TIMEOUT_MS));
	/* The VM is gone; give it a moment to drop the file's bindings. */
	sleep_ms(200);
	ASSERT_EQ(0, sim_fault_clear());

	EXPECT_EQ(EPERM, map_file_errno(self->memfd, LEND_OFF, SZ_64K));
	EXPECT_EQ(EBUSY, ERRNO_OF(fallocate(self->memfd, FALLOC_FL_PUNCH_HOLE |
					    FALLOC_FL_KEEP_SIZE, LEND_OFF,
					    SZ_64K)));
	/* Memory that was never lent is the host's again. */
	EXPECT_EQ(0, map_file_errno(self->memfd, FREE_OFF, SZ_64K));
}

TEST_F(gmem, shared_memory_stays_with_the_host)
{
	char *late;

	start_mixed_vm(_metadata, self->vmfd, self->memfd);
	late = map_file(self->memfd, SHARE_OFF, 4 * SZ_64K);
	ASSERT_NE(MAP_FAILED, late) TH_LOG("mmap: %s", strerror(errno));
	memset(late, 0x3c, 4 * SZ_64K);
	EXPECT_EQ(0x3c, late[4 * SZ_64K - 1]);
	munmap(late, 4 * SZ_64K);
}

TEST_F(gmem, map_mem_while_running)
{
	const int punch = FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE;
	const __u64 extra = RAM_BASE + 4 * RAM_SIZE;
	long vmid;

	start_mixed_vm(_metadata, self->vmfd, self->memfd);

	/* New memory is given at once, and can be taken back. */
	test_cmd_map_mem(self->vmfd, extra, MEM_RWX, self->memfd, FREE_OFF,
			 SZ_64K);
	EXPECT_EQ(EPERM, map_file_errno(self->memfd, FREE_OFF, SZ_64K));
	EXPECT_ERRNO(EBUSY, fallocate(self->memfd, punch, FREE_OFF, SZ_64K));
	test_cmd_unmap_mem(self->vmfd, extra, self->memfd, FREE_OFF, SZ_64K);
	EXPECT_EQ(0, map_file_errno(self->memfd, FREE_OFF, SZ_64K));

	/* Memory the VM accepted at start stays with it. */
	test_err_unmap_mem(EBUSY, self->vmfd, RAM_BASE, self->memfd, LEND_OFF,
			   RAM_SIZE);
	test_err_map_mem(EEXIST, self->vmfd, RAM_BASE, MEM_RWX, self->memfd,
			 FREE_OFF, SZ_64K);
	test_err_unmap_mem(EBUSY, self->vmfd, RAM_BASE, self->memfd, LEND_OFF,
			   RAM_SIZE);
	EXPECT_ERRNO(EBUSY, fallocate(self->memfd, punch, LEND_OFF, SZ_64K));
	EXPECT_EQ(EPERM, map_file_errno(self->memfd, LEND_OFF, SZ_64K));
	EXPECT_STREQ("RUNNING", vm_state(self->vmfd));

	/* Once the VM exited, no more memory. */
	vmid = vm_vmid(self->vmfd);
	ASSERT_LT(0, vmid);
	ASSERT_EQ(0, sim_vm_exit(vmid, GUNYAH_VM_EXIT_TYPE_PSCI_POWER_OFF, 0));
	ASSERT_TRUE(wait_vm_state(self->vmfd, "EXITED", TEARDOWN_TIMEOUT_MS));
	test_err_map_mem(EBUSY, self->vmfd, extra, MEM_RWX, self->memfd,
			 FREE_OFF, SZ_64K);
}

TEST_HARNESS_MAIN
