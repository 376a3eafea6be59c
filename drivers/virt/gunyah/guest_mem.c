// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest memory files: the memory GUNYAH_VM_MAP_MEM gives to VMs.
 *
 * Each file has its own inode on a private pseudo filesystem, so that its
 * page cache (one order-0 page per index) is the memory. Pages are zeroed,
 * unevictable and never migrated: once given to a VM their physical
 * addresses must not change. With GHMF_ALLOW_HUGEPAGE, each PMD-aligned
 * block of indices that fits in the file is filled from one physically
 * contiguous PMD-sized allocation, split into order-0 pages, so that the
 * Resource Manager sees few large ranges; no large folios are involved.
 *
 * Lock order, outermost first (see also vm_mgr.h):
 *
 *   mmap_lock -> mapping->invalidate_lock -> gunyah_gmem::lock -> folio lock
 *
 * The invalidate_lock is held shared by everything that looks up or adds
 * pages (faults, fallocate, gunyah_gmem_get_pages() without lending) and
 * exclusively by what removes pages or host access to them (hole punching,
 * lending). gunyah_gmem::lock protects the lists of bindings and lent
 * ranges.
 */

#define pr_fmt(fmt) "gunyah: " fmt

#include <linux/bits.h>
#include <linux/err.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/migrate_mode.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/pagemap.h>
#include <linux/pseudo_fs.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "vm_mgr.h"

#define GUNYAH_GMEM_MAGIC	0x676d656d	/* "gmem" */

#define GUNYAH_GMEM_FLAGS	(GHMF_CLOEXEC | GHMF_ALLOW_HUGEPAGE)

/* A PMD-sized block, computed so that it builds without THP. */
#define GUNYAH_GMEM_HUGE_ORDER	(PMD_SHIFT - PAGE_SHIFT)
#define GUNYAH_GMEM_HUGE_PAGES	BIT(GUNYAH_GMEM_HUGE_ORDER)

/* The largest order the page allocator hands out (6.8 renamed it). */
#ifdef MAX_PAGE_ORDER
#define GUNYAH_GMEM_MAX_ORDER	MAX_PAGE_ORDER
#else
#define GUNYAH_GMEM_MAX_ORDER	(MAX_ORDER - 1)
#endif
#define GUNYAH_GMEM_HUGE_POSSIBLE \
	(GUNYAH_GMEM_HUGE_ORDER <= GUNYAH_GMEM_MAX_ORDER)

/* 6.3 passes the mount's idmap to ->setattr, older kernels its userns. */
#ifdef GUNYAH_HAVE_MNT_IDMAP
#define gunyah_gmem_idmap	mnt_idmap
#else
#define gunyah_gmem_idmap	user_namespace
#endif

/**
 * struct gunyah_gmem_range - a range of a guest memory file
 * @node: entry in &gunyah_gmem.bindings or &gunyah_gmem.lent, sorted
 * @start: first page index
 * @end: page index after the last
 */
struct gunyah_gmem_range {
	struct list_head node;
	pgoff_t start;
	pgoff_t end;
};

/**
 * struct gunyah_gmem - state of one guest memory file (inode->i_private)
 * @lock: protects @bindings and @lent
 * @bindings: ranges mapped into a VM, struct gunyah_gmem_range
 * @lent: ranges lent to a VM: host faults there raise SIGBUS
 * @huge: fill the file from PMD-sized contiguous blocks
 */
struct gunyah_gmem {
	struct mutex lock;	/* protects bindings and lent */
	struct list_head bindings;
	struct list_head lent;
	bool huge;
};

static struct vfsmount *gunyah_gmem_mnt;
static const struct file_operations gunyah_gmem_fops;

static struct gunyah_gmem *gunyah_gmem_of(struct inode *inode)
{
	return inode->i_private;
}

static pgoff_t gunyah_gmem_nr_pages(struct inode *inode)
{
	return i_size_read(inode) >> PAGE_SHIFT;
}

/*
 * The first range of @list that overlaps [@start, @end), or NULL. The list
 * is sorted and its ranges do not overlap each other.
 */
static struct gunyah_gmem_range *
gunyah_gmem_range_overlap(struct gunyah_gmem *gmem, struct list_head *list,
			  pgoff_t start, pgoff_t end)
	__must_hold(&gmem->lock)
{
	struct gunyah_gmem_range *range;

	lockdep_assert_held(&gmem->lock);
	list_for_each_entry(range, list, node) {
		if (range->start >= end)
			break;
		if (range->end > start)
			return range;
	}

	return NULL;
}

/* Inserts @new into @list, keeping it sorted; the caller checked overlaps. */
static void gunyah_gmem_range_insert(struct gunyah_gmem *gmem,
				     struct list_head *list,
				     struct gunyah_gmem_range *new)
	__must_hold(&gmem->lock)
{
	struct gunyah_gmem_range *range;

	lockdep_assert_held(&gmem->lock);
	list_for_each_entry(range, list, node)
		if (range->start > new->start)
			break;
	list_add_tail(&new->node, &range->node);
}

/* Removes and frees the range of @list that is exactly [@start, @end). */
static bool gunyah_gmem_range_remove(struct gunyah_gmem *gmem,
				     struct list_head *list,
				     pgoff_t start, pgoff_t end)
	__must_hold(&gmem->lock)
{
	struct gunyah_gmem_range *range;

	lockdep_assert_held(&gmem->lock);
	list_for_each_entry(range, list, node) {
		if (range->start == start && range->end == end) {
			list_del(&range->node);
			kfree(range);
			return true;
		}
	}

	return false;
}

static void gunyah_gmem_range_free_all(struct list_head *list)
{
	struct gunyah_gmem_range *range, *tmp;

	list_for_each_entry_safe(range, tmp, list, node) {
		list_del(&range->node);
		kfree(range);
	}
}

static bool gunyah_gmem_is_lent(struct gunyah_gmem *gmem, pgoff_t start,
				pgoff_t end)
{
	bool lent;

	mutex_lock(&gmem->lock);
	lent = gunyah_gmem_range_overlap(gmem, &gmem->lent, start, end);
	mutex_unlock(&gmem->lock);

	return lent;
}

/*
 * Checks that [@offset, @offset + @size) is a non-empty, page aligned range
 * inside the file, and returns it in page indices.
 */
static int gunyah_gmem_check_range(struct inode *inode, u64 offset, u64 size,
				   pgoff_t *start, pgoff_t *end)
{
	u64 last;

	if (!size || !PAGE_ALIGNED(offset) || !PAGE_ALIGNED(size))
		return -EINVAL;
	if (check_add_overflow(offset, size, &last) || last > i_size_read(inode))
		return -EINVAL;

	*start = offset >> PAGE_SHIFT;
	*end = last >> PAGE_SHIFT;
	return 0;
}

/*
 * The folio at @index with a reference held, or NULL. __filemap_get_folio()
 * returns NULL when there is none on 6.1 and ERR_PTR(-ENOENT) from 6.3 on.
 */
static struct folio *gunyah_gmem_lookup(struct address_space *mapping,
					pgoff_t index)
{
	struct folio *folio = __filemap_get_folio(mapping, index, 0, 0);

	return IS_ERR_OR_NULL(folio) ? NULL : folio;
}

/*
 * Adds a freshly allocated page at @index. The page cache takes its own
 * reference; the allocation's reference is dropped, which frees the page
 * if it could not be added.
 */
static int gunyah_gmem_add_page(struct address_space *mapping,
				struct page *page, pgoff_t index)
{
	struct folio *folio = page_folio(page);
	int ret;

	folio_mark_uptodate(folio);
	ret = filemap_add_folio(mapping, folio, index, mapping_gfp_mask(mapping));
	if (!ret)
		folio_unlock(folio);
	folio_put(folio);

	return ret;
}

/*
 * Fills the empty PMD-aligned block holding @index from one contiguous
 * allocation. Returns -EAGAIN when the block cannot be used (partly filled,
 * not inside the file, or no contiguous memory), so the caller falls back to
 * a single page, or the result of adding the page at @index.
 */
static int gunyah_gmem_alloc_huge(struct inode *inode, pgoff_t index)
{
	struct address_space *mapping = inode->i_mapping;
	pgoff_t base = ALIGN_DOWN(index, GUNYAH_GMEM_HUGE_PAGES);
	loff_t start = (loff_t)base << PAGE_SHIFT;
	struct page *page;
	unsigned long i;
	int ret = -EAGAIN;

	if (!GUNYAH_GMEM_HUGE_POSSIBLE ||
	    base + GUNYAH_GMEM_HUGE_PAGES > gunyah_gmem_nr_pages(inode))
		return -EAGAIN;
	if (filemap_range_has_page(mapping, start,
				   start + PMD_SIZE - 1))
		return -EAGAIN;

	page = alloc_pages(mapping_gfp_mask(mapping) | __GFP_ZERO | __GFP_NOWARN,
			   GUNYAH_GMEM_HUGE_ORDER);
	if (!page)
		return -EAGAIN;

	split_page(page, GUNYAH_GMEM_HUGE_ORDER);
	for (i = 0; i < GUNYAH_GMEM_HUGE_PAGES; i++) {
		int err = gunyah_gmem_add_page(mapping, page + i, base + i);

		if (base + i == index)
			ret = err;
	}

	return ret;
}

/*
 * The page at @index, allocated if missing, as a folio with a reference
 * held. The caller holds the invalidate_lock, so no hole is punched meanwhile.
 */
static struct folio *gunyah_gmem_get_folio(struct inode *inode, pgoff_t index)
	__must_hold(&inode->i_mapping->invalidate_lock)
{
	struct address_space *mapping = inode->i_mapping;
	struct gunyah_gmem *gmem = gunyah_gmem_of(inode);
	struct folio *folio;
	struct page *page;
	int ret;

	for (;;) {
		folio = gunyah_gmem_lookup(mapping, index);
		if (folio)
			return folio;

		ret = -EAGAIN;
		if (gmem->huge)
			ret = gunyah_gmem_alloc_huge(inode, index);
		if (ret == -EAGAIN) {
			page = alloc_page(mapping_gfp_mask(mapping) | __GFP_ZERO);
			if (!page)
				return ERR_PTR(-ENOMEM);
			ret = gunyah_gmem_add_page(mapping, page, index);
		}
		/* -EEXIST: someone else added it; look it up again. */
		if (ret && ret != -EEXIST)
			return ERR_PTR(ret);
	}
}

static vm_fault_t gunyah_gmem_fault(struct vm_fault *vmf)
{
	struct inode *inode = file_inode(vmf->vma->vm_file);
	struct address_space *mapping = inode->i_mapping;
	vm_fault_t ret = VM_FAULT_SIGBUS;
	struct folio *folio;

	filemap_invalidate_lock_shared(mapping);
	if (vmf->pgoff >= gunyah_gmem_nr_pages(inode))
		goto out;
	if (gunyah_gmem_is_lent(gunyah_gmem_of(inode), vmf->pgoff,
				vmf->pgoff + 1))
		goto out;

	folio = gunyah_gmem_get_folio(inode, vmf->pgoff);
	if (IS_ERR(folio)) {
		ret = vmf_error(PTR_ERR(folio));
		goto out;
	}

	/*
	 * The folio stays locked until its PTE is in place: lending waits for
	 * the lock before it zaps the host's mappings.
	 */
	folio_lock(folio);
	vmf->page = folio_file_page(folio, vmf->pgoff);
	ret = VM_FAULT_LOCKED;
out:
	filemap_invalidate_unlock_shared(mapping);
	return ret;
}

static const struct vm_operations_struct gunyah_gmem_vm_ops = {
	.fault = gunyah_gmem_fault,
};

static int gunyah_gmem_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct gunyah_gmem *gmem = gunyah_gmem_of(file_inode(file));

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (gunyah_gmem_is_lent(gmem, vma->vm_pgoff,
				vma->vm_pgoff + vma_pages(vma)))
		return -EPERM;

	file_accessed(file);
	vma->vm_ops = &gunyah_gmem_vm_ops;
	return 0;
}

static long gunyah_gmem_allocate(struct inode *inode, loff_t offset,
				 loff_t len)
{
	struct address_space *mapping = inode->i_mapping;
	pgoff_t index, end;
	struct folio *folio;
	long ret = 0;

	if (offset + len > i_size_read(inode))
		return -EINVAL;

	end = DIV_ROUND_UP(offset + len, PAGE_SIZE);
	filemap_invalidate_lock_shared(mapping);
	for (index = offset >> PAGE_SHIFT; index < end; index++) {
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		folio = gunyah_gmem_get_folio(inode, index);
		if (IS_ERR(folio)) {
			ret = PTR_ERR(folio);
			break;
		}
		folio_put(folio);
		cond_resched();
	}
	filemap_invalidate_unlock_shared(mapping);

	return ret;
}

static long gunyah_gmem_punch_hole(struct inode *inode, loff_t offset,
				   loff_t len)
{
	struct address_space *mapping = inode->i_mapping;
	struct gunyah_gmem *gmem = gunyah_gmem_of(inode);
	loff_t size = i_size_read(inode);
	loff_t end = offset + len;
	long ret = 0;

	if (!PAGE_ALIGNED(offset) || !PAGE_ALIGNED(len))
		return -EINVAL;
	if (offset >= size)
		return 0;
	end = min(end, size);

	filemap_invalidate_lock(mapping);
	mutex_lock(&gmem->lock);
	if (gunyah_gmem_range_overlap(gmem, &gmem->bindings,
				      offset >> PAGE_SHIFT, end >> PAGE_SHIFT) ||
	    gunyah_gmem_range_overlap(gmem, &gmem->lent,
				      offset >> PAGE_SHIFT, end >> PAGE_SHIFT)) {
		ret = -EBUSY;
		goto out;
	}
	unmap_mapping_range(mapping, offset, end - offset, 0);
	truncate_inode_pages_range(mapping, offset, end - 1);
out:
	mutex_unlock(&gmem->lock);
	filemap_invalidate_unlock(mapping);
	return ret;
}

static long gunyah_gmem_fallocate(struct file *file, int mode, loff_t offset,
				  loff_t len)
{
	struct inode *inode = file_inode(file);

	if (mode == (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE))
		return gunyah_gmem_punch_hole(inode, offset, len);
	if (mode & ~FALLOC_FL_KEEP_SIZE)
		return -EOPNOTSUPP;

	return gunyah_gmem_allocate(inode, offset, len);
}

static void gunyah_gmem_free(struct gunyah_gmem *gmem)
{
	/*
	 * Only memory a VM leaked (the RM never gave it back) is still bound
	 * or lent here: its marks lasted as long as the file.
	 */
	gunyah_gmem_range_free_all(&gmem->bindings);
	gunyah_gmem_range_free_all(&gmem->lent);
	mutex_destroy(&gmem->lock);
	kfree(gmem);
}

/*
 * The last reference to the file is gone: no mapping, binding or caller of
 * gunyah_gmem_get_pages() is left, so the pages are freed here (pages still
 * referenced by a leaked parcel stay allocated). Doing it in release rather
 * than in the superblock's evict_inode keeps all of this module's code off
 * the path that runs after __fput() dropped the module reference.
 */
static int gunyah_gmem_release(struct inode *inode, struct file *file)
{
	struct gunyah_gmem *gmem = gunyah_gmem_of(inode);

	truncate_inode_pages_final(inode->i_mapping);
	inode->i_private = NULL;
	gunyah_gmem_free(gmem);

	return 0;
}

static const struct file_operations gunyah_gmem_fops = {
	.owner = THIS_MODULE,
	.mmap = gunyah_gmem_mmap,
	.fallocate = gunyah_gmem_fallocate,
	.release = gunyah_gmem_release,
	.llseek = noop_llseek,
};

static int gunyah_gmem_setattr(struct gunyah_gmem_idmap *idmap,
			       struct dentry *dentry, struct iattr *attr)
{
	/* The size is fixed at creation. */
	if (attr->ia_valid & ATTR_SIZE)
		return -EINVAL;

	return simple_setattr(idmap, dentry, attr);
}

static const struct inode_operations gunyah_gmem_iops = {
	.setattr = gunyah_gmem_setattr,
};

/* A page of guest memory never moves: a VM may hold its physical address. */
static int gunyah_gmem_migrate_folio(struct address_space *mapping,
				     struct folio *dst, struct folio *src,
				     enum migrate_mode mode)
{
	return -EBUSY;
}

static const struct address_space_operations gunyah_gmem_aops = {
	.dirty_folio = noop_dirty_folio,
	.migrate_folio = gunyah_gmem_migrate_folio,
};

/**
 * gunyah_gmem_supported() - whether guest memory files can be created
 * @hugepage: whether GHMF_ALLOW_HUGEPAGE is asked for
 *
 * Huge page backing needs a PMD-sized block to be within the page
 * allocator's largest order (not so with 64K pages on arm64, for example).
 *
 * Return: true if gunyah_gmem_create() can succeed for such a request.
 */
bool gunyah_gmem_supported(bool hugepage)
{
	if (IS_ERR_OR_NULL(gunyah_gmem_mnt))
		return false;

	return !hugepage || GUNYAH_GMEM_HUGE_POSSIBLE;
}

/**
 * gunyah_gmem_create() - create a guest memory file
 * @args: GUNYAH_CREATE_GUEST_MEM argument, already copied from user space
 *
 * The file is opened O_RDWR; the caller installs it in a file descriptor
 * (honouring GHMF_CLOEXEC) or drops it with fput().
 *
 * Return: the new file, or ERR_PTR(-EINVAL) for unknown flags, non-zero
 * reserved fields or a bad size, ERR_PTR(-EOPNOTSUPP) if huge pages are
 * asked for but unavailable, ERR_PTR(-ENOMEM).
 */
struct file *gunyah_gmem_create(const struct gunyah_create_mem_args *args)
{
	struct gunyah_gmem *gmem;
	struct inode *inode;
	struct file *file;
	unsigned int i;
	int ret;

	if (args->flags & ~GUNYAH_GMEM_FLAGS)
		return ERR_PTR(-EINVAL);
	for (i = 0; i < ARRAY_SIZE(args->reserved); i++)
		if (args->reserved[i])
			return ERR_PTR(-EINVAL);
	if (!args->size || !PAGE_ALIGNED(args->size) ||
	    args->size > MAX_LFS_FILESIZE)
		return ERR_PTR(-EINVAL);
	if (!gunyah_gmem_supported(args->flags & GHMF_ALLOW_HUGEPAGE))
		return ERR_PTR(-EOPNOTSUPP);

	gmem = kzalloc(sizeof(*gmem), GFP_KERNEL_ACCOUNT);
	if (!gmem)
		return ERR_PTR(-ENOMEM);
	mutex_init(&gmem->lock);
	INIT_LIST_HEAD(&gmem->bindings);
	INIT_LIST_HEAD(&gmem->lent);
	gmem->huge = args->flags & GHMF_ALLOW_HUGEPAGE;

	inode = alloc_anon_inode(gunyah_gmem_mnt->mnt_sb);
	if (IS_ERR(inode)) {
		ret = PTR_ERR(inode);
		goto err_free_gmem;
	}
	inode->i_private = gmem;
	inode->i_mode |= S_IFREG;
	inode->i_op = &gunyah_gmem_iops;
	inode->i_mapping->a_ops = &gunyah_gmem_aops;
	i_size_write(inode, args->size);
	mapping_set_gfp_mask(inode->i_mapping, GFP_HIGHUSER);
	mapping_set_unevictable(inode->i_mapping);

	/* The file's final fput() drops this module reference (fops_put()). */
	if (!try_module_get(gunyah_gmem_fops.owner)) {
		ret = -ENODEV;
		goto err_iput;
	}

	file = alloc_file_pseudo(inode, gunyah_gmem_mnt, "gunyah-guest-mem",
				 O_RDWR, &gunyah_gmem_fops);
	if (IS_ERR(file)) {
		ret = PTR_ERR(file);
		goto err_module_put;
	}
	file->f_flags |= O_LARGEFILE;

	return file;

err_module_put:
	module_put(gunyah_gmem_fops.owner);
err_iput:
	inode->i_private = NULL;
	iput(inode);
err_free_gmem:
	gunyah_gmem_free(gmem);
	return ERR_PTR(ret);
}

/**
 * gunyah_is_gmem() - whether a file is a guest memory file
 * @file: any file
 *
 * Return: true if @file was made by gunyah_gmem_create().
 */
bool gunyah_is_gmem(struct file *file)
{
	return file->f_op == &gunyah_gmem_fops;
}

/**
 * gunyah_gmem_size() - size of a guest memory file
 * @file: a guest memory file
 *
 * Return: its size in bytes, fixed at creation.
 */
u64 gunyah_gmem_size(struct file *file)
{
	return i_size_read(file_inode(file));
}

/**
 * gunyah_gmem_bind() - record that a range of the file is mapped into a VM
 * @file: a guest memory file
 * @offset: start of the range in the file, page aligned
 * @size: size of the range, page aligned and not 0
 *
 * While bound, holes cannot be punched into the range. The binding holds
 * no reference to @file: the caller keeps its own.
 *
 * Return: 0, -EINVAL if the range is not page aligned, empty, wraps or is
 * not inside the file, -EEXIST if it overlaps another binding, -ENOMEM.
 */
int gunyah_gmem_bind(struct file *file, u64 offset, u64 size)
{
	struct gunyah_gmem *gmem = gunyah_gmem_of(file_inode(file));
	struct gunyah_gmem_range *range;
	pgoff_t start, end;
	int ret;

	ret = gunyah_gmem_check_range(file_inode(file), offset, size, &start,
				      &end);
	if (ret)
		return ret;

	range = kzalloc(sizeof(*range), GFP_KERNEL_ACCOUNT);
	if (!range)
		return -ENOMEM;
	range->start = start;
	range->end = end;

	mutex_lock(&gmem->lock);
	if (gunyah_gmem_range_overlap(gmem, &gmem->bindings, start, end)) {
		ret = -EEXIST;
	} else {
		gunyah_gmem_range_insert(gmem, &gmem->bindings, range);
		range = NULL;
	}
	mutex_unlock(&gmem->lock);

	kfree(range);
	return ret;
}

/**
 * gunyah_gmem_unbind() - remove a binding made by gunyah_gmem_bind()
 * @file: the guest memory file
 * @offset: @offset of the binding
 * @size: @size of the binding
 *
 * Warns if there is no binding of exactly this range.
 */
void gunyah_gmem_unbind(struct file *file, u64 offset, u64 size)
{
	struct gunyah_gmem *gmem = gunyah_gmem_of(file_inode(file));
	bool found;

	mutex_lock(&gmem->lock);
	found = gunyah_gmem_range_remove(gmem, &gmem->bindings,
					 offset >> PAGE_SHIFT,
					 (offset + size) >> PAGE_SHIFT);
	mutex_unlock(&gmem->lock);

	WARN_ON(!found);
}

/*
 * Waits for faults that found a page before it was lent to finish
 * installing their PTE (they hold the folio lock meanwhile), then removes
 * every host mapping of the range.
 */
static void gunyah_gmem_zap(struct address_space *mapping, pgoff_t start,
			    pgoff_t end, struct page **pages)
{
	pgoff_t i;

	for (i = 0; i < end - start; i++) {
		struct folio *folio = page_folio(pages[i]);

		folio_lock(folio);
		folio_unlock(folio);
	}
	unmap_mapping_range(mapping, (loff_t)start << PAGE_SHIFT,
			    (loff_t)(end - start) << PAGE_SHIFT, 1);
}

/**
 * gunyah_gmem_get_pages() - reference the pages of a range, allocating them
 * @file: a guest memory file
 * @offset: start of the range in the file, page aligned
 * @size: size of the range, page aligned and not 0
 * @lend: mark the range lent and remove the host's access to it
 * @pages: filled with one referenced page per page of the range
 *
 * With @lend, host mappings of the range are zapped, and until
 * gunyah_gmem_put_pages() host faults there raise SIGBUS and mmap() of it
 * fails with -EPERM. On failure no page is referenced and nothing is lent.
 *
 * Return: 0, -EINVAL for a bad range, -EBUSY if @lend and part of the range
 * is already lent, -ENOMEM, -EINTR if a fatal signal is pending.
 */
int gunyah_gmem_get_pages(struct file *file, u64 offset, u64 size, bool lend,
			  struct page **pages)
{
	struct inode *inode = file_inode(file);
	struct address_space *mapping = inode->i_mapping;
	struct gunyah_gmem *gmem = gunyah_gmem_of(inode);
	struct gunyah_gmem_range *lent = NULL;
	struct folio *folio;
	pgoff_t start, end, i = 0;
	int ret;

	ret = gunyah_gmem_check_range(inode, offset, size, &start, &end);
	if (ret)
		return ret;

	if (lend) {
		lent = kzalloc(sizeof(*lent), GFP_KERNEL_ACCOUNT);
		if (!lent)
			return -ENOMEM;
		lent->start = start;
		lent->end = end;
		filemap_invalidate_lock(mapping);
	} else {
		filemap_invalidate_lock_shared(mapping);
	}

	for (i = 0; i < end - start; i++) {
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			goto err_put;
		}
		folio = gunyah_gmem_get_folio(inode, start + i);
		if (IS_ERR(folio)) {
			ret = PTR_ERR(folio);
			goto err_put;
		}
		pages[i] = folio_file_page(folio, start + i);
		cond_resched();
	}

	if (!lend) {
		filemap_invalidate_unlock_shared(mapping);
		return 0;
	}

	mutex_lock(&gmem->lock);
	if (gunyah_gmem_range_overlap(gmem, &gmem->lent, start, end)) {
		mutex_unlock(&gmem->lock);
		ret = -EBUSY;
		goto err_put;
	}
	gunyah_gmem_range_insert(gmem, &gmem->lent, lent);
	mutex_unlock(&gmem->lock);

	gunyah_gmem_zap(mapping, start, end, pages);
	filemap_invalidate_unlock(mapping);
	return 0;

err_put:
	while (i--)
		put_page(pages[i]);
	if (lend)
		filemap_invalidate_unlock(mapping);
	else
		filemap_invalidate_unlock_shared(mapping);
	kfree(lent);
	return ret;
}

/**
 * gunyah_gmem_put_pages() - drop what gunyah_gmem_get_pages() took
 * @file: the guest memory file
 * @offset: @offset given to gunyah_gmem_get_pages()
 * @size: @size given to gunyah_gmem_get_pages()
 * @lent: the @lend given to gunyah_gmem_get_pages(): the range becomes
 *        accessible to the host again
 * @pages: the pages it filled
 */
void gunyah_gmem_put_pages(struct file *file, u64 offset, u64 size,
			   bool lent, struct page **pages)
{
	struct gunyah_gmem *gmem = gunyah_gmem_of(file_inode(file));
	unsigned long i, nr_pages = size >> PAGE_SHIFT;
	bool found;

	if (lent) {
		mutex_lock(&gmem->lock);
		found = gunyah_gmem_range_remove(gmem, &gmem->lent,
						 offset >> PAGE_SHIFT,
						 (offset + size) >> PAGE_SHIFT);
		mutex_unlock(&gmem->lock);
		WARN_ON(!found);
	}

	for (i = 0; i < nr_pages; i++)
		put_page(pages[i]);
}

static int gunyah_gmem_init_fs_context(struct fs_context *fc)
{
	return init_pseudo(fc, GUNYAH_GMEM_MAGIC) ? 0 : -ENOMEM;
}

/* No .owner: the mount must not pin the module, which unmounts it on exit. */
static struct file_system_type gunyah_gmem_fs = {
	.name = "gunyah_guest_mem",
	.init_fs_context = gunyah_gmem_init_fs_context,
	.kill_sb = kill_anon_super,
};

/**
 * gunyah_gmem_init() - mount the filesystem guest memory files live on
 *
 * Return: 0 or a negative errno.
 */
int gunyah_gmem_init(void)
{
	struct vfsmount *mnt;

	mnt = kern_mount(&gunyah_gmem_fs);
	if (IS_ERR(mnt))
		return PTR_ERR(mnt);

	/* Guest memory is never executed by the host. */
	mnt->mnt_flags |= MNT_NOEXEC;
	gunyah_gmem_mnt = mnt;
	return 0;
}

/**
 * gunyah_gmem_exit() - unmount what gunyah_gmem_init() mounted
 */
void gunyah_gmem_exit(void)
{
	kern_unmount(gunyah_gmem_mnt);
	gunyah_gmem_mnt = NULL;
}
