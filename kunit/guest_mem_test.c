// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for guest memory files: creation, bindings, page references,
 * lending, fallocate and huge page backing. Mappings and faults need a user
 * address space and are left to the selftests.
 */

#include <kunit/test.h>
#include <linux/err.h>
#include <linux/falloc.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/limits.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/swap.h>

#include "vm_mgr.h"

#define TEST_PMD_ORDER	(PMD_SHIFT - PAGE_SHIFT)

static void gunyah_gmem_test_fput(void *file)
{
	fput(file);
}

/* A new guest memory file of @size bytes, closed after the test. */
static struct file *gunyah_gmem_test_create(struct kunit *test, u64 flags,
					    u64 size)
{
	struct gunyah_create_mem_args args = { .flags = flags, .size = size };
	struct file *file;

	if (!gunyah_gmem_supported(flags & GHMF_ALLOW_HUGEPAGE))
		kunit_skip(test, "guest memory not available");

	file = gunyah_gmem_create(&args);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, file);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, gunyah_gmem_test_fput,
						  file));
	return file;
}

static struct page **gunyah_gmem_test_pages(struct kunit *test,
					    unsigned long nr)
{
	struct page **pages = kunit_kcalloc(test, nr, sizeof(*pages),
					    GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, pages);
	return pages;
}

static bool gunyah_gmem_test_page_is(struct page *page, int c)
{
	void *va = kmap_local_page(page);
	bool ret = !memchr_inv(va, c, PAGE_SIZE);

	kunmap_local(va);
	return ret;
}

static void gunyah_gmem_test_fill(struct page *page, int c)
{
	void *va = kmap_local_page(page);

	memset(va, c, PAGE_SIZE);
	kunmap_local(va);
}

struct gunyah_gmem_test_create_case {
	const char *desc;
	u64 flags;
	u64 size;
	int reserved;	/* index of a non-zero reserved field, or -1 */
	int err;
};

static const struct gunyah_gmem_test_create_case gunyah_gmem_test_create_cases[] = {
	{ "one page", 0, PAGE_SIZE, -1, 0 },
	{ "cloexec", GHMF_CLOEXEC, 16 * PAGE_SIZE, -1, 0 },
	{ "hugepage", GHMF_ALLOW_HUGEPAGE, 16 * PAGE_SIZE, -1, 0 },
	{ "unknown flag", BIT_ULL(2), PAGE_SIZE, -1, -EINVAL },
	{ "top flag", BIT_ULL(63), PAGE_SIZE, -1, -EINVAL },
	{ "reserved[0]", 0, PAGE_SIZE, 0, -EINVAL },
	{ "reserved[5]", 0, PAGE_SIZE, 5, -EINVAL },
	{ "size 0", 0, 0, -1, -EINVAL },
	{ "size 1", 0, 1, -1, -EINVAL },
	{ "size page + 1", 0, PAGE_SIZE + 1, -1, -EINVAL },
	{ "size too large", 0, ((u64)MAX_LFS_FILESIZE + PAGE_SIZE) & PAGE_MASK,
	  -1, -EINVAL },
	{ "size all ones", 0, U64_MAX & PAGE_MASK, -1, -EINVAL },
};

static void gunyah_gmem_test_create_desc(const struct gunyah_gmem_test_create_case *c,
					 char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(gunyah_gmem_test_create, gunyah_gmem_test_create_cases,
		  gunyah_gmem_test_create_desc);

static void gunyah_gmem_test_create_args(struct kunit *test)
{
	const struct gunyah_gmem_test_create_case *c = test->param_value;
	struct gunyah_create_mem_args args = {
		.flags = c->flags,
		.size = c->size,
	};
	struct file *file;

	if (!gunyah_gmem_supported(c->flags & GHMF_ALLOW_HUGEPAGE))
		kunit_skip(test, "guest memory not available");
	if (c->reserved >= 0)
		args.reserved[c->reserved] = 1;

	file = gunyah_gmem_create(&args);
	if (c->err) {
		KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(file), c->err);
		return;
	}
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, file);
	KUNIT_EXPECT_TRUE(test, gunyah_is_gmem(file));
	KUNIT_EXPECT_EQ(test, gunyah_gmem_size(file), c->size);
	KUNIT_EXPECT_TRUE(test, file->f_mode & FMODE_WRITE);
	KUNIT_EXPECT_TRUE(test, file->f_mode & FMODE_READ);
	fput(file);
}

static void gunyah_gmem_test_bind(struct kunit *test)
{
	struct file *file = gunyah_gmem_test_create(test, 0, 16 * PAGE_SIZE);

	KUNIT_EXPECT_EQ(test, gunyah_gmem_bind(file, 4 * PAGE_SIZE,
					       4 * PAGE_SIZE), 0);
	/* Overlaps at the start, at the end, inside and around. */
	KUNIT_EXPECT_EQ(test, gunyah_gmem_bind(file, 2 * PAGE_SIZE,
					       3 * PAGE_SIZE), -EEXIST);
	KUNIT_EXPECT_EQ(test, gunyah_gmem_bind(file, 7 * PAGE_SIZE,
					       2 * PAGE_SIZE), -EEXIST);
	KUNIT_EXPECT_EQ(test, gunyah_gmem_bind(file, 5 * PAGE_SIZE,
					       PAGE_SIZE), -EEXIST);
	KUNIT_EXPECT_EQ(test, gunyah_gmem_bind(file, 0, 16 * PAGE_SIZE),
			-EEXIST);
	/* Adjacent ranges on both sides are fine. */
	KUNIT_EXPECT_EQ(test, gunyah_gmem_bind(file, 0, 4 * PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, gunyah_gmem_bind(file, 8 * PAGE_SIZE,
					       8 * PAGE_SIZE), 0);

	/* Outside the file, wrapping, unaligned, empty. */
	KUNIT_EXPECT_EQ(test, gunyah_gmem_bind(file, 16 * PAGE_SIZE,
					       PAGE_SIZE), -EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_gmem_bind(file, 15 * PAGE_SIZE,
					       2 * PAGE_SIZE), -EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_gmem_bind(file, U64_MAX & PAGE_MASK,
					       2 * PAGE_SIZE), -EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_gmem_bind(file, 1, PAGE_SIZE), -EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_gmem_bind(file, 0, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_gmem_bind(file, 0, 0), -EINVAL);

	/* Unbinding frees exactly that range. */
	gunyah_gmem_unbind(file, 4 * PAGE_SIZE, 4 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, gunyah_gmem_bind(file, 5 * PAGE_SIZE,
					       2 * PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, gunyah_gmem_bind(file, 0, PAGE_SIZE), -EEXIST);

	gunyah_gmem_unbind(file, 5 * PAGE_SIZE, 2 * PAGE_SIZE);
	gunyah_gmem_unbind(file, 0, 4 * PAGE_SIZE);
	gunyah_gmem_unbind(file, 8 * PAGE_SIZE, 8 * PAGE_SIZE);
}

static void gunyah_gmem_test_get_put_pages(struct kunit *test)
{
	struct file *file = gunyah_gmem_test_create(test, 0, 8 * PAGE_SIZE);
	struct page **pages = gunyah_gmem_test_pages(test, 4);
	struct page **again = gunyah_gmem_test_pages(test, 4);
	unsigned long i, j;

	KUNIT_ASSERT_EQ(test, gunyah_gmem_get_pages(file, 2 * PAGE_SIZE,
						    4 * PAGE_SIZE, false,
						    pages), 0);
	for (i = 0; i < 4; i++) {
		KUNIT_ASSERT_NOT_NULL(test, pages[i]);
		KUNIT_EXPECT_TRUE(test, gunyah_gmem_test_page_is(pages[i], 0));
		/* The page cache's reference and ours. */
		KUNIT_EXPECT_GE(test, page_count(pages[i]), 2);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_PTR_NE(test, pages[i], pages[j]);
		gunyah_gmem_test_fill(pages[i], 0x5a);
	}

	/* The same range again: the same pages, with their contents. */
	KUNIT_ASSERT_EQ(test, gunyah_gmem_get_pages(file, 2 * PAGE_SIZE,
						    4 * PAGE_SIZE, false,
						    again), 0);
	for (i = 0; i < 4; i++) {
		KUNIT_EXPECT_PTR_EQ(test, again[i], pages[i]);
		KUNIT_EXPECT_TRUE(test, gunyah_gmem_test_page_is(again[i],
								 0x5a));
	}
	gunyah_gmem_put_pages(file, 2 * PAGE_SIZE, 4 * PAGE_SIZE, false, again);
	gunyah_gmem_put_pages(file, 2 * PAGE_SIZE, 4 * PAGE_SIZE, false, pages);

	/* Bad ranges take nothing. */
	KUNIT_EXPECT_EQ(test, gunyah_gmem_get_pages(file, 6 * PAGE_SIZE,
						    4 * PAGE_SIZE, false,
						    pages), -EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_gmem_get_pages(file, PAGE_SIZE / 2,
						    PAGE_SIZE, false,
						    pages), -EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_gmem_get_pages(file, 0, 0, false,
						    pages), -EINVAL);
}

static void gunyah_gmem_test_lend(struct kunit *test)
{
	struct file *file = gunyah_gmem_test_create(test, 0, 8 * PAGE_SIZE);
	struct page **pages = gunyah_gmem_test_pages(test, 4);
	struct page **other = gunyah_gmem_test_pages(test, 4);
	unsigned long i;

	KUNIT_ASSERT_EQ(test, gunyah_gmem_get_pages(file, 0, 4 * PAGE_SIZE,
						    true, pages), 0);
	/* Empty the LRU batches, which hold references of their own. */
	lru_add_drain_all();
	/* Lending an overlapping range again fails and takes nothing. */
	KUNIT_EXPECT_EQ(test, gunyah_gmem_get_pages(file, 2 * PAGE_SIZE,
						    4 * PAGE_SIZE, true,
						    other), -EBUSY);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, page_count(pages[i]), 2);

	/* A lent range can't be punched even without a binding. */
	KUNIT_EXPECT_EQ(test, vfs_fallocate(file, FALLOC_FL_PUNCH_HOLE |
					    FALLOC_FL_KEEP_SIZE, 0, PAGE_SIZE),
			-EBUSY);

	/* The range next to it can be lent. */
	KUNIT_EXPECT_EQ(test, gunyah_gmem_get_pages(file, 4 * PAGE_SIZE,
						    4 * PAGE_SIZE, true,
						    other), 0);
	gunyah_gmem_put_pages(file, 4 * PAGE_SIZE, 4 * PAGE_SIZE, true, other);

	gunyah_gmem_put_pages(file, 0, 4 * PAGE_SIZE, true, pages);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, page_count(pages[i]), 1);

	/* Given back: it can be lent again. */
	KUNIT_ASSERT_EQ(test, gunyah_gmem_get_pages(file, 2 * PAGE_SIZE,
						    4 * PAGE_SIZE, true,
						    other), 0);
	gunyah_gmem_put_pages(file, 2 * PAGE_SIZE, 4 * PAGE_SIZE, true, other);
}

static void gunyah_gmem_test_fallocate(struct kunit *test)
{
	struct file *file = gunyah_gmem_test_create(test, 0, 16 * PAGE_SIZE);
	const int punch = FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE;
	struct address_space *mapping = file->f_mapping;
	struct page **pages = gunyah_gmem_test_pages(test, 1);

	KUNIT_EXPECT_EQ(test, vfs_fallocate(file, 0, 0, 4 * PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, mapping->nrpages, 4UL);
	KUNIT_EXPECT_EQ(test, vfs_fallocate(file, FALLOC_FL_KEEP_SIZE,
					    8 * PAGE_SIZE + 1, 10), 0);
	KUNIT_EXPECT_EQ(test, mapping->nrpages, 5UL);
	KUNIT_EXPECT_EQ(test, vfs_fallocate(file, 0, 15 * PAGE_SIZE,
					    2 * PAGE_SIZE), -EINVAL);
	KUNIT_EXPECT_EQ(test, vfs_fallocate(file, FALLOC_FL_ZERO_RANGE, 0,
					    PAGE_SIZE), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, vfs_fallocate(file, FALLOC_FL_COLLAPSE_RANGE, 0,
					    PAGE_SIZE), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, vfs_fallocate(file, punch, 1, PAGE_SIZE),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vfs_fallocate(file, punch, 0, PAGE_SIZE + 1),
			-EINVAL);

	/* Punching a bound range fails; outside the binding it works. */
	KUNIT_ASSERT_EQ(test, gunyah_gmem_bind(file, 0, 2 * PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, vfs_fallocate(file, punch, PAGE_SIZE,
					    2 * PAGE_SIZE), -EBUSY);
	KUNIT_EXPECT_EQ(test, mapping->nrpages, 5UL);
	KUNIT_EXPECT_EQ(test, vfs_fallocate(file, punch, 2 * PAGE_SIZE,
					    PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, mapping->nrpages, 4UL);
	gunyah_gmem_unbind(file, 0, 2 * PAGE_SIZE);

	/* Once unbound, the hole frees the pages; new ones are zeroed. */
	KUNIT_ASSERT_EQ(test, gunyah_gmem_get_pages(file, 0, PAGE_SIZE, false,
						    pages), 0);
	gunyah_gmem_test_fill(pages[0], 0x77);
	gunyah_gmem_put_pages(file, 0, PAGE_SIZE, false, pages);
	KUNIT_EXPECT_EQ(test, vfs_fallocate(file, punch, 0, 16 * PAGE_SIZE),
			0);
	KUNIT_EXPECT_EQ(test, mapping->nrpages, 0UL);
	KUNIT_ASSERT_EQ(test, gunyah_gmem_get_pages(file, 0, PAGE_SIZE, false,
						    pages), 0);
	KUNIT_EXPECT_TRUE(test, gunyah_gmem_test_page_is(pages[0], 0));
	gunyah_gmem_put_pages(file, 0, PAGE_SIZE, false, pages);
}

static void gunyah_gmem_test_fixed_size(struct kunit *test)
{
	struct file *file = gunyah_gmem_test_create(test, 0, 4 * PAGE_SIZE);

	KUNIT_EXPECT_EQ(test, vfs_truncate(&file->f_path, 8 * PAGE_SIZE),
			(long)-EINVAL);
	KUNIT_EXPECT_EQ(test, vfs_truncate(&file->f_path, 0), (long)-EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_gmem_size(file), (u64)(4 * PAGE_SIZE));
}

/* Whether @pages are physically contiguous, starting PMD aligned. */
static bool gunyah_gmem_test_pmd_block(struct page **pages)
{
	unsigned long pfn = page_to_pfn(pages[0]), i;

	if (!IS_ALIGNED(pfn, 1UL << TEST_PMD_ORDER))
		return false;
	for (i = 1; i < 1UL << TEST_PMD_ORDER; i++)
		if (page_to_pfn(pages[i]) != pfn + i)
			return false;

	return true;
}

/*
 * A huge page file of two PMD blocks and a few pages more: each block is
 * physically contiguous, and coalescing gives at most one range per block
 * plus one per tail page.
 */
static void gunyah_gmem_test_hugepage(struct kunit *test)
{
	const unsigned long block = 1UL << TEST_PMD_ORDER, nr = 2 * block + 3;
	struct gunyah_rm_mem_range *ranges;
	struct page **pages, *probe;
	struct file *file;
	size_t count, i;
	u64 total = 0;

	if (!gunyah_gmem_supported(true))
		kunit_skip(test, "huge pages not supported");
	/* Is there contiguous memory at all? */
	probe = alloc_pages(GFP_HIGHUSER | __GFP_NOWARN, TEST_PMD_ORDER);
	if (!probe)
		kunit_skip(test, "no free PMD-sized block");
	__free_pages(probe, TEST_PMD_ORDER);

	file = gunyah_gmem_test_create(test, GHMF_ALLOW_HUGEPAGE,
				       nr * PAGE_SIZE);
	pages = gunyah_gmem_test_pages(test, nr);
	ranges = kunit_kcalloc(test, nr, sizeof(*ranges), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ranges);

	/* The second block is first touched in its middle. */
	KUNIT_ASSERT_EQ(test, vfs_fallocate(file, 0, PMD_SIZE + 5 * PAGE_SIZE,
					    PAGE_SIZE), 0);
	KUNIT_ASSERT_EQ(test, gunyah_gmem_get_pages(file, 0, nr * PAGE_SIZE,
						    false, pages), 0);
	if (!gunyah_gmem_test_pmd_block(pages + block)) {
		gunyah_gmem_put_pages(file, 0, nr * PAGE_SIZE, false, pages);
		kunit_skip(test, "PMD-sized allocation failed under the test");
	}
	KUNIT_EXPECT_TRUE(test, gunyah_gmem_test_pmd_block(pages));

	count = gunyah_mem_coalesce(pages, nr, ranges);
	KUNIT_EXPECT_LE(test, count, (size_t)(2 + 3));
	KUNIT_EXPECT_GE(test, ranges[0].size, (u64)PMD_SIZE);
	for (i = 0; i < count; i++)
		total += ranges[i].size;
	KUNIT_EXPECT_EQ(test, total, (u64)(nr * PAGE_SIZE));

	gunyah_gmem_put_pages(file, 0, nr * PAGE_SIZE, false, pages);
}

static struct kunit_case gunyah_gmem_test_cases[] = {
	KUNIT_CASE_PARAM(gunyah_gmem_test_create_args,
			 gunyah_gmem_test_create_gen_params),
	KUNIT_CASE(gunyah_gmem_test_bind),
	KUNIT_CASE(gunyah_gmem_test_get_put_pages),
	KUNIT_CASE(gunyah_gmem_test_lend),
	KUNIT_CASE(gunyah_gmem_test_fallocate),
	KUNIT_CASE(gunyah_gmem_test_fixed_size),
	KUNIT_CASE(gunyah_gmem_test_hugepage),
	{}
};

static struct kunit_suite gunyah_gmem_test_suite = {
	.name = "gunyah_guest_mem",
	.test_cases = gunyah_gmem_test_cases,
};

kunit_test_suite(gunyah_gmem_test_suite);

MODULE_DESCRIPTION("KUnit tests for Gunyah guest memory files");
MODULE_LICENSE("GPL");
