// SPDX-License-Identifier: GPL-2.0-only
/*
 * Memory parcels: the physically contiguous ranges a list of pages makes up,
 * as the Resource Manager's memory calls describe them.
 */

#include <linux/mm.h>

#include "vm_mgr.h"

/**
 * gunyah_mem_coalesce() - describe pages as physically contiguous ranges
 * @pages: the pages, in the order the parcel lists them
 * @nr_pages: number of @pages
 * @ranges: caller-allocated, with room for @nr_pages entries; receives one
 *          range per run of pages whose physical addresses follow each
 *          other, in the order of @pages
 *
 * Return: the number of @ranges filled (0 if @nr_pages is 0).
 */
size_t gunyah_mem_coalesce(struct page **pages, unsigned long nr_pages,
			   struct gunyah_rm_mem_range *ranges)
{
	struct gunyah_rm_mem_range *range = NULL;
	unsigned long i, next_pfn = 0;
	size_t count = 0;

	for (i = 0; i < nr_pages; i++) {
		unsigned long pfn = page_to_pfn(pages[i]);

		if (range && pfn == next_pfn) {
			range->size += PAGE_SIZE;
		} else {
			range = &ranges[count++];
			range->phys_addr = PFN_PHYS(pfn);
			range->size = PAGE_SIZE;
		}
		next_pfn = pfn + 1;
	}

	return count;
}
