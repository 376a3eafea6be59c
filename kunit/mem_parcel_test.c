// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for gunyah_mem_coalesce(): physically contiguous runs of a
 * page array.
 */

#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/gfp.h>
#include <linux/gunyah_rm.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pfn.h>

#include "vm_mgr.h"

#define TEST_ORDER	3
#define TEST_NR		BIT(TEST_ORDER)
#define TEST_POISON	0xa5a5a5a5a5a5a5a5ULL

static u64 gunyah_mem_parcel_test_phys(struct page *page)
{
	return PFN_PHYS(page_to_pfn(page));
}

struct gunyah_mem_parcel_test_block {
	struct page *page;
	unsigned int order;
};

static void gunyah_mem_parcel_test_free_block(void *data)
{
	struct gunyah_mem_parcel_test_block *block = data;

	__free_pages(block->page, block->order);
}

/* A block of 2^@order physically contiguous pages, freed after the test. */
static struct page *gunyah_mem_parcel_test_block(struct kunit *test,
						 unsigned int order)
{
	struct gunyah_mem_parcel_test_block *block;

	block = kunit_kzalloc(test, sizeof(*block), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, block);
	block->order = order;
	block->page = alloc_pages(GFP_KERNEL, order);
	KUNIT_ASSERT_NOT_NULL(test, block->page);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test,
						  gunyah_mem_parcel_test_free_block,
						  block));
	return block->page;
}

/* Coalesces @pages into a fresh array, poisoned past what is filled. */
static struct gunyah_rm_mem_range *
gunyah_mem_parcel_test_run(struct kunit *test, struct page **pages,
			   unsigned long nr, size_t *count)
{
	struct gunyah_rm_mem_range *ranges;
	unsigned long i;

	ranges = kunit_kcalloc(test, nr + 1, sizeof(*ranges), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ranges);
	for (i = 0; i <= nr; i++)
		ranges[i] = (struct gunyah_rm_mem_range){ TEST_POISON, TEST_POISON };

	*count = gunyah_mem_coalesce(pages, nr, ranges);
	KUNIT_ASSERT_LE(test, *count, (size_t)nr);
	/* Nothing written past the entries it reports. */
	KUNIT_EXPECT_EQ(test, ranges[*count].size, TEST_POISON);
	return ranges;
}

static void gunyah_mem_parcel_test_empty(struct kunit *test)
{
	struct gunyah_rm_mem_range range = { .size = 42 };

	KUNIT_EXPECT_EQ(test, gunyah_mem_coalesce(NULL, 0, &range), (size_t)0);
	KUNIT_EXPECT_EQ(test, range.size, 42ULL);
}

static void gunyah_mem_parcel_test_single_page(struct kunit *test)
{
	struct page *page = gunyah_mem_parcel_test_block(test, 0);
	struct gunyah_rm_mem_range *ranges;
	size_t count;

	ranges = gunyah_mem_parcel_test_run(test, &page, 1, &count);
	KUNIT_ASSERT_EQ(test, count, (size_t)1);
	KUNIT_EXPECT_EQ(test, ranges[0].phys_addr, gunyah_mem_parcel_test_phys(page));
	KUNIT_EXPECT_EQ(test, ranges[0].size, (u64)PAGE_SIZE);
}

static void gunyah_mem_parcel_test_block_one_range(struct kunit *test)
{
	struct page *block = gunyah_mem_parcel_test_block(test, TEST_ORDER);
	struct gunyah_rm_mem_range *ranges;
	struct page *pages[TEST_NR];
	unsigned long i;
	size_t count;

	for (i = 0; i < TEST_NR; i++)
		pages[i] = block + i;

	ranges = gunyah_mem_parcel_test_run(test, pages, TEST_NR, &count);
	KUNIT_ASSERT_EQ(test, count, (size_t)1);
	KUNIT_EXPECT_EQ(test, ranges[0].phys_addr, gunyah_mem_parcel_test_phys(block));
	KUNIT_EXPECT_EQ(test, ranges[0].size, (u64)(TEST_NR * PAGE_SIZE));
}

/* The second half of a block, then the first: two ranges, in that order. */
static void gunyah_mem_parcel_test_split_halves(struct kunit *test)
{
	struct page *block = gunyah_mem_parcel_test_block(test, TEST_ORDER);
	unsigned long i, half = TEST_NR / 2;
	struct gunyah_rm_mem_range *ranges;
	struct page *pages[TEST_NR];
	size_t count;

	for (i = 0; i < half; i++) {
		pages[i] = block + half + i;
		pages[half + i] = block + i;
	}

	ranges = gunyah_mem_parcel_test_run(test, pages, TEST_NR, &count);
	KUNIT_ASSERT_EQ(test, count, (size_t)2);
	KUNIT_EXPECT_EQ(test, ranges[0].phys_addr,
			gunyah_mem_parcel_test_phys(block + half));
	KUNIT_EXPECT_EQ(test, ranges[0].size, (u64)(half * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, ranges[1].phys_addr, gunyah_mem_parcel_test_phys(block));
	KUNIT_EXPECT_EQ(test, ranges[1].size, (u64)(half * PAGE_SIZE));
}

/* Two blocks one after the other in the array, with a hole in the first. */
static void gunyah_mem_parcel_test_two_blocks(struct kunit *test)
{
	struct page *a = gunyah_mem_parcel_test_block(test, 2);
	struct page *b = gunyah_mem_parcel_test_block(test, 2);
	struct page *pages[] = { a, a + 1, a + 3, b, b + 1, b + 2, b + 3 };
	struct gunyah_rm_mem_range *ranges;
	size_t count, expected = 3;

	/* The allocator may have placed b right after a. */
	if (page_to_pfn(b) == page_to_pfn(a) + 4)
		expected = 2;

	ranges = gunyah_mem_parcel_test_run(test, pages, ARRAY_SIZE(pages),
					    &count);
	KUNIT_ASSERT_EQ(test, count, expected);
	KUNIT_EXPECT_EQ(test, ranges[0].phys_addr, gunyah_mem_parcel_test_phys(a));
	KUNIT_EXPECT_EQ(test, ranges[0].size, (u64)(2 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, ranges[1].phys_addr, gunyah_mem_parcel_test_phys(a + 3));
	if (expected == 2) {
		KUNIT_EXPECT_EQ(test, ranges[1].size, (u64)(5 * PAGE_SIZE));
	} else {
		KUNIT_EXPECT_EQ(test, ranges[1].size, (u64)PAGE_SIZE);
		KUNIT_EXPECT_EQ(test, ranges[2].phys_addr, gunyah_mem_parcel_test_phys(b));
		KUNIT_EXPECT_EQ(test, ranges[2].size, (u64)(4 * PAGE_SIZE));
	}
}

/* Descending physical addresses never merge. */
static void gunyah_mem_parcel_test_reversed(struct kunit *test)
{
	struct page *block = gunyah_mem_parcel_test_block(test, TEST_ORDER);
	struct gunyah_rm_mem_range *ranges;
	struct page *pages[TEST_NR];
	unsigned long i;
	size_t count;

	for (i = 0; i < TEST_NR; i++)
		pages[i] = block + TEST_NR - 1 - i;

	ranges = gunyah_mem_parcel_test_run(test, pages, TEST_NR, &count);
	KUNIT_ASSERT_EQ(test, count, (size_t)TEST_NR);
	for (i = 0; i < TEST_NR; i++) {
		KUNIT_EXPECT_EQ(test, ranges[i].phys_addr,
				gunyah_mem_parcel_test_phys(pages[i]));
		KUNIT_EXPECT_EQ(test, ranges[i].size, (u64)PAGE_SIZE);
	}
}

/* Every other page of a block: one range per page. */
static void gunyah_mem_parcel_test_non_adjacent(struct kunit *test)
{
	struct page *block = gunyah_mem_parcel_test_block(test, TEST_ORDER);
	struct page *pages[TEST_NR / 2];
	struct gunyah_rm_mem_range *ranges;
	unsigned long i;
	size_t count;

	for (i = 0; i < ARRAY_SIZE(pages); i++)
		pages[i] = block + 2 * i;

	ranges = gunyah_mem_parcel_test_run(test, pages, ARRAY_SIZE(pages),
					    &count);
	KUNIT_ASSERT_EQ(test, count, ARRAY_SIZE(pages));
	for (i = 0; i < ARRAY_SIZE(pages); i++) {
		KUNIT_EXPECT_EQ(test, ranges[i].phys_addr,
				gunyah_mem_parcel_test_phys(block + 2 * i));
		KUNIT_EXPECT_EQ(test, ranges[i].size, (u64)PAGE_SIZE);
	}
}

/* The same page twice is not a run: its second copy starts a new range. */
static void gunyah_mem_parcel_test_repeated_page(struct kunit *test)
{
	struct page *page = gunyah_mem_parcel_test_block(test, 0);
	struct page *pages[] = { page, page };
	size_t count;

	gunyah_mem_parcel_test_run(test, pages, ARRAY_SIZE(pages), &count);
	KUNIT_EXPECT_EQ(test, count, (size_t)2);
}

static struct kunit_case gunyah_mem_parcel_test_cases[] = {
	KUNIT_CASE(gunyah_mem_parcel_test_empty),
	KUNIT_CASE(gunyah_mem_parcel_test_single_page),
	KUNIT_CASE(gunyah_mem_parcel_test_block_one_range),
	KUNIT_CASE(gunyah_mem_parcel_test_split_halves),
	KUNIT_CASE(gunyah_mem_parcel_test_two_blocks),
	KUNIT_CASE(gunyah_mem_parcel_test_reversed),
	KUNIT_CASE(gunyah_mem_parcel_test_non_adjacent),
	KUNIT_CASE(gunyah_mem_parcel_test_repeated_page),
	{}
};

static struct kunit_suite gunyah_mem_parcel_test_suite = {
	.name = "gunyah_mem_parcel",
	.test_cases = gunyah_mem_parcel_test_cases,
};

kunit_test_suite(gunyah_mem_parcel_test_suite);

MODULE_DESCRIPTION("KUnit tests for Gunyah memory parcel coalescing");
MODULE_LICENSE("GPL");
