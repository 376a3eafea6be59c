// SPDX-License-Identifier: GPL-2.0-only
/*
 * Gunyah simulator: the Resource Manager's memory parcels (ABI sections 4.3
 * and 6): MEM_LEND, MEM_SHARE, MEM_DONATE, MEM_APPEND and MEM_RECLAIM from
 * the host, and acceptance on a VM's behalf at VM_START.
 *
 * Requests carry up to three lists after an 8-byte header: ACL, SGL and
 * attributes. Each list is a u16 count, a u16 the RM ignores, the entries and
 * padding to 4 bytes; a list absent at the end of the buffer has no entries;
 * the lists must use up the buffer exactly; a count over 512 is NORESOURCE.
 * Entries: ACL {u16 vmid, u8 rights, u8 0}, SGL {u64 IPA, u64 size},
 * attribute {u16 attr, u16 vmid}.
 *
 * No memory is touched: a parcel is a record of who may map which host IPA
 * ranges, enough to enforce the RM's rules and to catch a host that reuses,
 * overlaps or forgets its parcels.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/align.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "sim.h"

#define SIM_MEM_HDR_LEN			8
#define SIM_MEM_CREATE_MIN_LEN		20
#define SIM_MEM_LIST_HDR_LEN		4
#define SIM_MEM_ACL_ENTRY_LEN		4
#define SIM_MEM_SGL_ENTRY_LEN		16
#define SIM_MEM_ATTR_ENTRY_LEN		4
#define SIM_MEM_MAX_LIST_ENTRIES	512
#define SIM_MEM_MAX_REGIONS		U16_MAX	/* per parcel, with appends */
#define SIM_MEM_ADDR_LIMIT		BIT_ULL(44)

#define SIM_MEM_TYPE_IO			1
#define SIM_MEM_FLAG_SANITIZE		BIT(0)
#define SIM_MEM_FLAG_APPEND		BIT(1)
#define SIM_MEM_APPEND_FLAG_DONE	BIT(0)

#define SIM_MEM_RIGHT_X			BIT(0)
#define SIM_MEM_RIGHTS_R		0x4
#define SIM_MEM_RIGHTS_RW		0x6
#define SIM_MEM_RIGHTS_RWX		0x7

#define SIM_MEM_ATTR_NORMAL		0
#define SIM_MEM_ATTR_DEVICE		1
#define SIM_MEM_ATTR_MAX		3	/* CACHED */

/* Transaction types, numbered as in MEM_ACCEPT. */
enum sim_mem_trans {
	SIM_MEM_DONATE	= 0,
	SIM_MEM_LEND	= 1,
	SIM_MEM_SHARE	= 2,
};

/**
 * struct sim_parcel_acl - one VM a parcel is for
 * @vmid: the VM
 * @rights: R 4, RX 5, RW 6 or RWX 7
 * @accepted: the RM accepted the parcel for @vmid at VM_START
 */
struct sim_parcel_acl {
	u16 vmid;
	u8 rights;
	bool accepted;
};

/**
 * struct sim_parcel_attr - memory attribute for one VM
 * @attr: NORMAL 0, DEVICE 1, UNCACHED 2, CACHED 3
 * @vmid: the VM
 */
struct sim_parcel_attr {
	u16 attr;
	u16 vmid;
};

/**
 * struct sim_parcel - a memory parcel; protected by &sim_rm.lock
 * @node: entry in &sim_rm.parcels
 * @handle: handle given to the host
 * @label: opaque label chosen by the host
 * @trans: enum sim_mem_trans
 * @mem_type: as sent; 1 is IO, anything else behaves as NORMAL
 * @flags: creation flags
 * @appending: created with APPEND and not finalised by MEM_APPEND DONE
 * @donated: a VM accepted a donation; the host no longer owns the memory
 * @nr_acl: entries in @acl
 * @acl: the VMs the parcel is for
 * @nr_attrs: entries in @attrs
 * @attrs: memory attributes
 * @nr_ranges: entries in @ranges
 * @ranges: the host IPA ranges, in the order given
 */
struct sim_parcel {
	struct list_head node;
	u32 handle;
	u32 label;
	u8 trans;
	u8 mem_type;
	u8 flags;
	bool appending;
	bool donated;
	unsigned int nr_acl;
	struct sim_parcel_acl *acl;
	unsigned int nr_attrs;
	struct sim_parcel_attr *attrs;
	unsigned int nr_ranges;
	struct sim_mem_range *ranges;
};

/**
 * struct sim_mem_list - one list of a request, not yet decoded
 * @count: number of entries
 * @entries: first entry, inside the request
 */
struct sim_mem_list {
	unsigned int count;
	const u8 *entries;
};

/* Read the list at *@off and advance *@off past its padding. */
static u32 sim_mem_read_list(const u8 *req, size_t len, size_t *off,
			     size_t entry_len, struct sim_mem_list *list)
{
	size_t bytes;

	list->count = 0;
	list->entries = NULL;
	if (*off == len)
		return SIM_RM_OK;
	if (len - *off < SIM_MEM_LIST_HDR_LEN)
		return SIM_RM_MSG_INVALID;

	list->count = get_unaligned_le16(&req[*off]);
	if (list->count > SIM_MEM_MAX_LIST_ENTRIES)
		return SIM_RM_NORESOURCE;
	*off += SIM_MEM_LIST_HDR_LEN;

	bytes = ALIGN(list->count * entry_len, 4);
	if (len - *off < bytes)
		return SIM_RM_MSG_INVALID;
	list->entries = &req[*off];
	*off += bytes;
	return SIM_RM_OK;
}

static void sim_parcel_free(struct sim_parcel *p)
{
	kvfree(p->ranges);
	kvfree(p->attrs);
	kvfree(p->acl);
	kfree(p);
}

static struct sim_parcel *sim_mem_find(struct sim_rm *rm, u32 handle)
	__must_hold(&rm->lock)
{
	struct sim_parcel *p;

	lockdep_assert_held(&rm->lock);
	list_for_each_entry(p, &rm->parcels, node)
		if (p->handle == handle && !p->donated)
			return p;
	return NULL;
}

static struct sim_parcel_acl *sim_parcel_acl_of(struct sim_parcel *p,
						u16 vmid)
{
	unsigned int i;

	for (i = 0; i < p->nr_acl; i++)
		if (p->acl[i].vmid == vmid)
			return &p->acl[i];
	return NULL;
}

static bool sim_parcel_lists(const struct sim_parcel *p, u16 vmid)
{
	unsigned int i;

	for (i = 0; i < p->nr_acl; i++)
		if (p->acl[i].vmid == vmid)
			return true;
	return false;
}

static u32 sim_mem_decode_ranges(const struct sim_mem_list *sgl,
				 struct sim_mem_range *ranges)
{
	u64 base, size;
	unsigned int i;

	for (i = 0; i < sgl->count; i++) {
		base = get_unaligned_le64(&sgl->entries[16 * i]);
		size = get_unaligned_le64(&sgl->entries[16 * i + 8]);
		if (!size || !IS_ALIGNED(base, SZ_4K) ||
		    !IS_ALIGNED(size, SZ_4K) || base >= SIM_MEM_ADDR_LIMIT ||
		    size > SIM_MEM_ADDR_LIMIT - base)
			return SIM_RM_ARGUMENT_INVALID;
		ranges[i].base = base;
		ranges[i].size = size;
	}
	return SIM_RM_OK;
}

static int sim_mem_range_cmp(const void *a, const void *b)
{
	const struct sim_mem_range *ra = a, *rb = b;

	if (ra->base < rb->base)
		return -1;
	return ra->base > rb->base;
}

/* Whether @r overlaps any of the @n sorted, disjoint ranges in @sorted. */
static bool sim_mem_overlaps(const struct sim_mem_range *sorted,
			     unsigned int n, const struct sim_mem_range *r)
{
	unsigned int lo = 0, hi = n, mid;

	/* The first range that ends above r->base; ends are sorted too. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (sorted[mid].base + sorted[mid].size <= r->base)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && sorted[lo].base < r->base + r->size;
}

/*
 * New ranges must not overlap one another nor any range of any parcel,
 * donated ones included: the host must own the memory, and memory already
 * in a parcel is no longer the host's to give.
 */
static u32 sim_mem_check_overlap(struct sim_rm *rm,
				 const struct sim_mem_range *ranges,
				 unsigned int n)
	__must_hold(&rm->lock)
{
	struct sim_mem_range *sorted;
	struct sim_parcel *p;
	u32 err = SIM_RM_OK;
	unsigned int i;

	sorted = kvmalloc_array(n, sizeof(*sorted), GFP_KERNEL);
	if (!sorted)
		return SIM_RM_NOMEM;
	memcpy(sorted, ranges, n * sizeof(*sorted));
	sort(sorted, n, sizeof(*sorted), sim_mem_range_cmp, NULL);

	for (i = 1; i < n; i++) {
		if (sorted[i].base < sorted[i - 1].base + sorted[i - 1].size) {
			err = SIM_RM_MEM_INVALID;
			goto out_free;
		}
	}
	list_for_each_entry(p, &rm->parcels, node) {
		for (i = 0; i < p->nr_ranges; i++) {
			if (sim_mem_overlaps(sorted, n, &p->ranges[i])) {
				err = SIM_RM_MEM_INVALID;
				goto out_free;
			}
		}
	}
out_free:
	kvfree(sorted);
	return err;
}

static unsigned int sim_mem_nr_owned(struct sim_rm *rm)
	__must_hold(&rm->lock)
{
	struct sim_parcel *p;
	unsigned int n = 0;

	list_for_each_entry(p, &rm->parcels, node)
		n += !p->donated;
	return n;
}

static u32 sim_mem_check_acl(struct sim_rm *rm, const struct sim_parcel *p)
	__must_hold(&rm->lock)
{
	bool io = p->mem_type == SIM_MEM_TYPE_IO;
	bool owner_in_acl = false, share;
	unsigned int i, j;
	u8 rights;

	if (p->trans == SIM_MEM_DONATE) {
		/* Exactly one recipient, with full rights. */
		if (p->nr_acl != 1 ||
		    p->acl[0].rights != (io ? SIM_MEM_RIGHTS_RW :
					      SIM_MEM_RIGHTS_RWX))
			return SIM_RM_DENIED;
	}

	for (i = 0; i < p->nr_acl; i++) {
		for (j = 0; j < i; j++)
			if (p->acl[j].vmid == p->acl[i].vmid)
				return SIM_RM_ARGUMENT_INVALID;
		if (!sim_vm_vmid_valid_for_acl(rm, p->acl[i].vmid))
			return SIM_RM_ARGUMENT_INVALID;
		rights = p->acl[i].rights;
		if (rights < SIM_MEM_RIGHTS_R || rights > SIM_MEM_RIGHTS_RWX)
			return SIM_RM_ARGUMENT_INVALID;
		if (io && (rights & SIM_MEM_RIGHT_X))
			return SIM_RM_ARGUMENT_INVALID;
		if (p->acl[i].vmid == SIM_VMID_HLOS)
			owner_in_acl = true;
	}

	/* Sharing keeps the owner's access; lending and donating remove it. */
	share = p->trans == SIM_MEM_SHARE;
	if (owner_in_acl != share)
		return SIM_RM_ARGUMENT_INVALID;
	return SIM_RM_OK;
}

static u32 sim_mem_check_attrs(const struct sim_parcel *p)
{
	bool io = p->mem_type == SIM_MEM_TYPE_IO;
	const struct sim_parcel_attr *a;
	unsigned int i, j;
	bool device;

	for (i = 0; i < p->nr_attrs; i++) {
		a = &p->attrs[i];
		for (j = 0; j < i; j++)
			if (p->attrs[j].vmid == a->vmid)
				return SIM_RM_ARGUMENT_INVALID;
		if (a->attr > SIM_MEM_ATTR_MAX)
			return SIM_RM_ARGUMENT_INVALID;
		if (p->trans == SIM_MEM_DONATE && a->attr != SIM_MEM_ATTR_NORMAL)
			return SIM_RM_ARGUMENT_INVALID;
		if (!sim_parcel_lists(p, a->vmid))
			return SIM_RM_VMID_INVALID;
		/* IO memory is mapped as DEVICE, and only IO memory is. */
		device = a->attr == SIM_MEM_ATTR_DEVICE;
		if (io != device)
			return SIM_RM_ARGUMENT_INVALID;
	}
	return SIM_RM_OK;
}

static u32 sim_mem_check_new(struct sim_rm *rm, const struct sim_parcel *p,
			     const struct sim_mem_list *sgl)
	__must_hold(&rm->lock)
{
	u32 err;

	if (!p->nr_acl || !p->nr_ranges)
		return SIM_RM_ARGUMENT_INVALID;
	if ((p->flags & SIM_MEM_FLAG_SANITIZE) &&
	    p->mem_type == SIM_MEM_TYPE_IO)
		return SIM_RM_ARGUMENT_INVALID;
	if (sim_mem_nr_owned(rm) >= SIM_MEM_MAX_PARCELS)
		return SIM_RM_DENIED;

	err = sim_mem_check_acl(rm, p);
	if (err)
		return err;
	err = sim_mem_check_attrs(p);
	if (err)
		return err;
	err = sim_mem_decode_ranges(sgl, p->ranges);
	if (err)
		return err;
	return sim_mem_check_overlap(rm, p->ranges, p->nr_ranges);
}

static struct sim_parcel *sim_parcel_alloc(const struct sim_mem_list *acl,
					   const struct sim_mem_list *sgl,
					   const struct sim_mem_list *attrs)
{
	struct sim_parcel *p;
	unsigned int i;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return NULL;
	p->acl = kvcalloc(acl->count, sizeof(*p->acl), GFP_KERNEL);
	p->attrs = kvcalloc(attrs->count, sizeof(*p->attrs), GFP_KERNEL);
	p->ranges = kvcalloc(sgl->count, sizeof(*p->ranges), GFP_KERNEL);
	if ((acl->count && !p->acl) || (attrs->count && !p->attrs) ||
	    (sgl->count && !p->ranges)) {
		sim_parcel_free(p);
		return NULL;
	}

	p->nr_acl = acl->count;
	for (i = 0; i < acl->count; i++) {
		p->acl[i].vmid = get_unaligned_le16(&acl->entries[4 * i]);
		p->acl[i].rights = acl->entries[4 * i + 2];
	}
	p->nr_attrs = attrs->count;
	for (i = 0; i < attrs->count; i++) {
		p->attrs[i].attr = get_unaligned_le16(&attrs->entries[4 * i]);
		p->attrs[i].vmid = get_unaligned_le16(&attrs->entries[4 * i + 2]);
	}
	p->nr_ranges = sgl->count;	/* decoded once validated */
	return p;
}

/*
 * 0x51000010 / 12 / 13: u8 mem_type, u8 pad, u8 flags, u8 pad, u32 label,
 * then the ACL, SGL and attribute lists; reply u32 handle
 */
static u32 sim_mem_create(struct sim_rm *rm, enum sim_mem_trans trans,
			  const u8 *req, size_t len)
	__must_hold(&rm->lock)
{
	struct sim_mem_list acl, sgl, attrs;
	size_t off = SIM_MEM_HDR_LEN;
	struct sim_parcel *p;
	u32 err;

	if (len < SIM_MEM_CREATE_MIN_LEN)
		return SIM_RM_MSG_INVALID;
	err = sim_mem_read_list(req, len, &off, SIM_MEM_ACL_ENTRY_LEN, &acl);
	if (!err)
		err = sim_mem_read_list(req, len, &off, SIM_MEM_SGL_ENTRY_LEN,
					&sgl);
	if (!err)
		err = sim_mem_read_list(req, len, &off, SIM_MEM_ATTR_ENTRY_LEN,
					&attrs);
	if (err)
		return err;
	if (off != len)
		return SIM_RM_MSG_INVALID;

	p = sim_parcel_alloc(&acl, &sgl, &attrs);
	if (!p)
		return SIM_RM_NOMEM;
	p->trans = trans;
	p->mem_type = req[0];
	p->flags = req[2];
	p->label = get_unaligned_le32(&req[4]);
	p->appending = p->flags & SIM_MEM_FLAG_APPEND;

	err = sim_mem_check_new(rm, p, &sgl);
	if (err) {
		sim_parcel_free(p);
		return err;
	}

	p->handle = rm->next_handle++;
	list_add_tail(&p->node, &rm->parcels);
	sim_rm_reply_le32(rm, p->handle);
	return SIM_RM_OK;
}

static u32 sim_mem_lend(struct sim_rm *rm, const u8 *req, size_t len)
	__must_hold(&rm->lock)
{
	return sim_mem_create(rm, SIM_MEM_LEND, req, len);
}

static u32 sim_mem_share(struct sim_rm *rm, const u8 *req, size_t len)
	__must_hold(&rm->lock)
{
	return sim_mem_create(rm, SIM_MEM_SHARE, req, len);
}

static u32 sim_mem_donate(struct sim_rm *rm, const u8 *req, size_t len)
	__must_hold(&rm->lock)
{
	return sim_mem_create(rm, SIM_MEM_DONATE, req, len);
}

/* 0x51000018: u32 handle, u8 flags, 3 pad, then an SGL list */
static u32 sim_mem_append(struct sim_rm *rm, const u8 *req, size_t len)
	__must_hold(&rm->lock)
{
	struct sim_mem_range *ranges;
	size_t off = SIM_MEM_HDR_LEN;
	struct sim_mem_list sgl;
	struct sim_parcel *p;
	unsigned int n;
	u32 err;

	if (len < SIM_MEM_HDR_LEN)
		return SIM_RM_MSG_INVALID;
	err = sim_mem_read_list(req, len, &off, SIM_MEM_SGL_ENTRY_LEN, &sgl);
	if (err)
		return err;
	if (off != len)
		return SIM_RM_MSG_INVALID;

	p = sim_mem_find(rm, get_unaligned_le32(&req[0]));
	if (!p)
		return SIM_RM_HANDLE_INVALID;
	if (!p->appending)
		return SIM_RM_DENIED;
	n = p->nr_ranges + sgl.count;
	if (n > SIM_MEM_MAX_REGIONS)
		return SIM_RM_NORESOURCE;

	ranges = kvcalloc(n, sizeof(*ranges), GFP_KERNEL);
	if (n && !ranges)
		return SIM_RM_NOMEM;
	err = sim_mem_decode_ranges(&sgl, &ranges[p->nr_ranges]);
	if (!err)
		err = sim_mem_check_overlap(rm, &ranges[p->nr_ranges],
					    sgl.count);
	if (err) {
		kvfree(ranges);
		return err;
	}

	if (p->nr_ranges)
		memcpy(ranges, p->ranges, p->nr_ranges * sizeof(*ranges));
	kvfree(p->ranges);
	p->ranges = ranges;
	p->nr_ranges = n;
	if (req[4] & SIM_MEM_APPEND_FLAG_DONE)
		p->appending = false;
	return SIM_RM_OK;
}

/* 0x51000015: u32 handle, u8 flags, 3 pad */
static u32 sim_mem_reclaim(struct sim_rm *rm, const u8 *req, size_t len)
	__must_hold(&rm->lock)
{
	struct sim_parcel *p;
	unsigned int i;

	if (len != 8)
		return SIM_RM_MSG_INVALID;
	p = sim_mem_find(rm, get_unaligned_le32(&req[0]));
	if (!p)
		return SIM_RM_HANDLE_INVALID;
	for (i = 0; i < p->nr_acl; i++)
		if (p->acl[i].accepted)
			return SIM_RM_MEM_INUSE;

	list_del(&p->node);
	sim_parcel_free(p);
	return SIM_RM_OK;
}

/**
 * sim_mem_dispatch() - handle a memory parcel request
 * @rm: the RM
 * @msg_id: message id of the request
 * @req: request payload
 * @len: payload length
 * @err: set to the RM error code of the reply if the call is handled here
 *
 * Context: process context, @rm->lock held.
 * Return: false if @msg_id is not a parcel call this model implements.
 */
bool sim_mem_dispatch(struct sim_rm *rm, u32 msg_id, const u8 *req,
		      size_t len, u32 *err)
	__must_hold(&rm->lock)
{
	u32 (*handler)(struct sim_rm *rm, const u8 *req, size_t len);

	lockdep_assert_held(&rm->lock);
	switch (msg_id) {
	case SIM_RM_MEM_LEND:
		handler = sim_mem_lend;
		break;
	case SIM_RM_MEM_SHARE:
		handler = sim_mem_share;
		break;
	case SIM_RM_MEM_DONATE:
		handler = sim_mem_donate;
		break;
	case SIM_RM_MEM_APPEND:
		handler = sim_mem_append;
		break;
	case SIM_RM_MEM_RECLAIM:
		handler = sim_mem_reclaim;
		break;
	default:
		return false;
	}
	*err = handler(rm, req, len);
	return true;
}

/**
 * sim_mem_image_parcel() - look up the parcel that holds a VM's image
 * @rm: the RM
 * @handle: parcel handle
 * @vmid: the VM; it must be in the parcel's ACL
 * @size: set to the parcel's total size
 *
 * Context: @rm->lock held.
 * Return: false if there is no such complete parcel for @vmid.
 */
bool sim_mem_image_parcel(struct sim_rm *rm, u32 handle, u16 vmid,
			  u64 *size)
	__must_hold(&rm->lock)
{
	struct sim_parcel *p = sim_mem_find(rm, handle);
	unsigned int i;

	if (!p || p->appending || !sim_parcel_lists(p, vmid))
		return false;
	*size = 0;
	for (i = 0; i < p->nr_ranges; i++)
		*size += p->ranges[i].size;
	return true;
}

/**
 * sim_mem_vmid_listed() - whether a parcel still lists a VM
 * @rm: the RM
 * @vmid: the VM
 *
 * A VMID that a parcel lists (memory whose reclaim failed, say) is not
 * given to a new VM: it would inherit the parcel.
 *
 * Context: @rm->lock held.
 * Return: true if a parcel lists @vmid.
 */
bool sim_mem_vmid_listed(struct sim_rm *rm, u16 vmid)
	__must_hold(&rm->lock)
{
	struct sim_parcel *p;

	lockdep_assert_held(&rm->lock);
	list_for_each_entry(p, &rm->parcels, node)
		if (sim_parcel_lists(p, vmid))
			return true;
	return false;
}

/* The VM of @acl accepts @p; an accepted donation is the VM's for good. */
static void sim_parcel_accept(struct sim_parcel *p, struct sim_parcel_acl *acl)
{
	acl->accepted = true;
	if (p->trans == SIM_MEM_DONATE)
		p->donated = true;
}

/* A view of @p's memory with @rights. */
static void sim_mem_view_fill(struct sim_mem_view *view,
			      const struct sim_parcel *p, u8 rights)
{
	unsigned int i;

	view->handle = p->handle;
	view->rights = rights;
	view->nr_ranges = p->nr_ranges;
	view->ranges = p->ranges;
	view->size = 0;
	for (i = 0; i < p->nr_ranges; i++)
		view->size += p->ranges[i].size;
}

/**
 * sim_mem_parcel_view() - the memory of a VM's image parcel, for the RM
 * @rm: the RM
 * @handle: parcel handle
 * @vmid: the VM; it must be in the parcel's ACL
 * @view: filled with the parcel's ranges and size (@view->rights is the
 *        RM's R only, whatever the VM's rights)
 *
 * Lets the RM read the VM's DT before the VM accepted the parcel.
 *
 * Context: @rm->lock held; the view is valid while it is.
 * Return: false if there is no such complete parcel for @vmid.
 */
bool sim_mem_parcel_view(struct sim_rm *rm, u32 handle, u16 vmid,
			 struct sim_mem_view *view)
	__must_hold(&rm->lock)
{
	struct sim_parcel *p = sim_mem_find(rm, handle);

	if (!p || p->appending || !sim_parcel_lists(p, vmid))
		return false;
	sim_mem_view_fill(view, p, 4);
	return true;
}

/**
 * sim_mem_vm_start() - the RM accepts, for a starting VM, its parcels
 * @rm: the RM
 * @vmid: the VM
 *
 * Every complete parcel that lists @vmid is accepted, the image parcel among
 * them. An accepted donation moves the memory to the VM for good.
 *
 * Context: @rm->lock held.
 */
void sim_mem_vm_start(struct sim_rm *rm, u16 vmid)
	__must_hold(&rm->lock)
{
	struct sim_parcel_acl *acl;
	struct sim_parcel *p;

	lockdep_assert_held(&rm->lock);
	list_for_each_entry(p, &rm->parcels, node) {
		if (p->appending || p->donated)
			continue;
		acl = sim_parcel_acl_of(p, vmid);
		if (acl)
			sim_parcel_accept(p, acl);
	}
}

/**
 * sim_mem_vm_parcels() - the parcels a VM accepted, oldest first
 * @rm: the RM
 * @vmid: the VM
 * @views: filled with up to @max parcels, in handle (creation) order
 * @max: size of @views
 *
 * Context: @rm->lock held; the views are valid while it is.
 * Return: the number of entries filled.
 */
unsigned int sim_mem_vm_parcels(struct sim_rm *rm, u16 vmid,
				struct sim_mem_view *views, unsigned int max)
	__must_hold(&rm->lock)
{
	struct sim_parcel_acl *acl;
	struct sim_parcel *p;
	unsigned int n = 0;

	lockdep_assert_held(&rm->lock);
	list_for_each_entry(p, &rm->parcels, node) {
		if (n == max)
			break;
		acl = sim_parcel_acl_of(p, vmid);
		if (!acl || !acl->accepted)
			continue;
		sim_mem_view_fill(&views[n++], p, acl->rights);
	}
	return n;
}

/**
 * sim_mem_vm_accept_late() - a running VM accepts what it was given since
 *                            VM_START
 * @rm: the RM
 * @vmid: the VM
 * @views: filled with up to @max newly accepted parcels, oldest first
 * @max: size of @views
 *
 * Stands in for the guest's MEM_ACCEPT of memory lent, shared or donated
 * to it while it runs: every complete parcel that lists @vmid and that it
 * has not accepted is accepted, up to @max of them. An accepted donation
 * moves the memory to the VM for good.
 *
 * Context: @rm->lock held; the views are valid while it is.
 * Return: the number of entries filled.
 */
unsigned int sim_mem_vm_accept_late(struct sim_rm *rm, u16 vmid,
				    struct sim_mem_view *views,
				    unsigned int max)
	__must_hold(&rm->lock)
{
	struct sim_parcel_acl *acl;
	struct sim_parcel *p;
	unsigned int n = 0;

	lockdep_assert_held(&rm->lock);
	list_for_each_entry(p, &rm->parcels, node) {
		if (n == max)
			break;
		if (p->appending || p->donated)
			continue;
		acl = sim_parcel_acl_of(p, vmid);
		if (!acl || acl->accepted)
			continue;
		sim_parcel_accept(p, acl);
		sim_mem_view_fill(&views[n++], p, acl->rights);
	}
	return n;
}

/**
 * sim_mem_vm_reset() - a VM being reset releases the parcels it accepted
 * @rm: the RM
 * @vmid: the VM
 *
 * The owner gets a MEM_RELEASED notification for each.
 *
 * Context: @rm->lock held.
 */
void sim_mem_vm_reset(struct sim_rm *rm, u16 vmid)
	__must_hold(&rm->lock)
{
	struct sim_parcel_acl *acl;
	struct sim_parcel *p;
	u8 released[12];

	lockdep_assert_held(&rm->lock);
	list_for_each_entry(p, &rm->parcels, node) {
		if (p->donated)
			continue;
		acl = sim_parcel_acl_of(p, vmid);
		if (!acl || !acl->accepted)
			continue;
		acl->accepted = false;

		memset(released, 0, sizeof(released));
		put_unaligned_le32(p->handle, &released[0]);
		put_unaligned_le16(vmid, &released[4]);
		/* 8: mem_info_tag, never set as MEM_NOTIFY is not modelled */
		sim_rm_notify(rm, SIM_RM_NOTIF_MEM_RELEASED, released,
			      sizeof(released));
	}
}

/**
 * sim_mem_destroy_all() - free every parcel
 * @rm: the RM, no longer running
 */
void sim_mem_destroy_all(struct sim_rm *rm)
	__must_hold(&rm->lock)
{
	struct sim_parcel *p, *tmp;

	list_for_each_entry_safe(p, tmp, &rm->parcels, node) {
		list_del(&p->node);
		sim_parcel_free(p);
	}
}

/**
 * sim_mem_show_vm() - the parcels that list a VM, for debugfs "vms"
 * @s: the seq_file
 * @rm: the RM
 * @vmid: the VM
 *
 * Prints comma-separated handles; "*" marks a parcel the VM accepted, "d" a
 * donation it took over; "-" if there are none.
 *
 * Context: @rm->lock held.
 */
void sim_mem_show_vm(struct seq_file *s, struct sim_rm *rm, u16 vmid)
	__must_hold(&rm->lock)
{
	struct sim_parcel_acl *acl;
	const char *sep = "";
	struct sim_parcel *p;

	list_for_each_entry(p, &rm->parcels, node) {
		acl = sim_parcel_acl_of(p, vmid);
		if (!acl)
			continue;
		seq_printf(s, "%s%u%s", sep, p->handle,
			   p->donated ? "d" : acl->accepted ? "*" : "");
		sep = ",";
	}
	if (!*sep)
		seq_puts(s, "-");
}

/**
 * sim_mem_show() - one line per parcel, for debugfs "parcels"
 * @s: the seq_file
 * @rm: the RM
 *
 * Format: "handle=0 trans=lend mem_type=0 flags=0x0 label=0x0 state=sharing
 * acl=0x80:7* attrs=- regions=1 size=0x1000"; "*" marks a VM that accepted.
 *
 * Context: @rm->lock held.
 */
void sim_mem_show(struct seq_file *s, struct sim_rm *rm)
	__must_hold(&rm->lock)
{
	static const char * const trans_names[] = {
		[SIM_MEM_DONATE] = "donate",
		[SIM_MEM_LEND] = "lend",
		[SIM_MEM_SHARE] = "share",
	};
	struct sim_parcel *p;
	unsigned int i;
	u64 size;

	list_for_each_entry(p, &rm->parcels, node) {
		seq_printf(s, "handle=%u trans=%s mem_type=%u flags=%#x label=%#x state=%s acl=",
			   p->handle, trans_names[p->trans], p->mem_type,
			   p->flags, p->label,
			   p->donated ? "donated" :
			   p->appending ? "appending" : "sharing");
		for (i = 0; i < p->nr_acl; i++)
			seq_printf(s, "%s%#x:%u%s", i ? "," : "",
				   p->acl[i].vmid, p->acl[i].rights,
				   p->acl[i].accepted ? "*" : "");
		seq_puts(s, " attrs=");
		for (i = 0; i < p->nr_attrs; i++)
			seq_printf(s, "%s%#x:%u", i ? "," : "",
				   p->attrs[i].vmid, p->attrs[i].attr);
		if (!p->nr_attrs)
			seq_puts(s, "-");
		size = 0;
		for (i = 0; i < p->nr_ranges; i++)
			size += p->ranges[i].size;
		seq_printf(s, " regions=%u size=%#llx\n", p->nr_ranges, size);
	}
}
