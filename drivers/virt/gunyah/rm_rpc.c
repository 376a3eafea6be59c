// SPDX-License-Identifier: GPL-2.0-only
/*
 * Typed wrappers of the Resource Manager RPCs: each builds its request in
 * wire format, makes the call and checks the reply's length before reading
 * it. A reply longer than its structure is accepted (the extra bytes are
 * ignored); a shorter one is -EBADMSG.
 */

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/gunyah_rm.h>
#include <linux/gunyah_rm_msg.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "rm_rpc.h"

static int gunyah_rm_common_vmid_call(struct gunyah_rm *rm, u32 msg_id,
				      u16 vmid)
{
	struct gunyah_rm_vm_common_vmid_req req = {
		.vmid = cpu_to_le16(vmid),
	};

	return gunyah_rm_call(rm, msg_id, &req, sizeof(req), NULL, NULL);
}

/**
 * gunyah_rm_alloc_vmid() - VM_ALLOCATE: reserve a VM id
 * @rm: the RM client
 * @vmid: the id to reserve, or 0 to let the RM pick one
 * @allocated: the reserved id
 *
 * Return: 0 or a negative errno; -EBADMSG if the RM's reply is malformed.
 */
int gunyah_rm_alloc_vmid(struct gunyah_rm *rm, u16 vmid, u16 *allocated)
{
	struct gunyah_rm_vm_common_vmid_req req = {
		.vmid = cpu_to_le16(vmid),
	};
	struct gunyah_rm_vm_alloc_vmid_resp *resp;
	size_t resp_size;
	u32 id;
	int ret;

	ret = gunyah_rm_call(rm, GUNYAH_RM_RPC_VM_ALLOC_VMID, &req, sizeof(req),
			     (void **)&resp, &resp_size);
	if (ret)
		return ret;

	if (vmid) {
		/* An explicit id is confirmed by an empty reply. */
		kfree(resp);
		*allocated = vmid;
		return 0;
	}
	if (resp_size < sizeof(*resp)) {
		kfree(resp);
		return -EBADMSG;
	}
	id = le32_to_cpu(resp->vmid);
	kfree(resp);
	if (!id || id > U16_MAX)
		return -EBADMSG;
	*allocated = id;
	return 0;
}
EXPORT_SYMBOL_GPL(gunyah_rm_alloc_vmid);

/**
 * gunyah_rm_dealloc_vmid() - VM_DEALLOCATE: release a VM id
 * @rm: the RM client
 * @vmid: an id this host allocated, in state LOAD or RESET
 *
 * The real RM does not survive the release of an id it does not know: the
 * caller must only pass ids it allocated and has not released.
 *
 * Return: 0 or a negative errno.
 */
int gunyah_rm_dealloc_vmid(struct gunyah_rm *rm, u16 vmid)
{
	return gunyah_rm_common_vmid_call(rm, GUNYAH_RM_RPC_VM_DEALLOC_VMID,
					  vmid);
}
EXPORT_SYMBOL_GPL(gunyah_rm_dealloc_vmid);

/**
 * gunyah_rm_vm_reset() - VM_RESET: tear a stopped VM down to state RESET
 * @rm: the RM client
 * @vmid: a VM that has a configuration (VM_CONFIG_IMAGE succeeded)
 *
 * Completion is announced by a VM_STATUS notification with status RESET.
 *
 * Return: 0 or a negative errno.
 */
int gunyah_rm_vm_reset(struct gunyah_rm *rm, u16 vmid)
{
	return gunyah_rm_common_vmid_call(rm, GUNYAH_RM_RPC_VM_RESET, vmid);
}
EXPORT_SYMBOL_GPL(gunyah_rm_vm_reset);

/**
 * gunyah_rm_vm_start() - VM_START
 * @rm: the RM client
 * @vmid: a VM in state READY
 *
 * Return: 0 or a negative errno.
 */
int gunyah_rm_vm_start(struct gunyah_rm *rm, u16 vmid)
{
	return gunyah_rm_common_vmid_call(rm, GUNYAH_RM_RPC_VM_START, vmid);
}
EXPORT_SYMBOL_GPL(gunyah_rm_vm_start);

/**
 * gunyah_rm_vm_stop() - VM_STOP
 * @rm: the RM client
 * @vmid: a running VM
 * @force: kill the vCPUs instead of asking the guest to shut down. A
 *         non-forced stop of a guest without an RM link kills the real RM.
 * @stop_reason: passed to the guest
 *
 * Return: 0 or a negative errno.
 */
int gunyah_rm_vm_stop(struct gunyah_rm *rm, u16 vmid, bool force,
		      u32 stop_reason)
{
	struct gunyah_rm_vm_stop_req req = {
		.vmid = cpu_to_le16(vmid),
		.flags = force ? GUNYAH_RM_VM_STOP_FLAG_FORCE_STOP : 0,
		.stop_reason = cpu_to_le32(stop_reason),
	};

	return gunyah_rm_call(rm, GUNYAH_RM_RPC_VM_STOP, &req, sizeof(req),
			      NULL, NULL);
}
EXPORT_SYMBOL_GPL(gunyah_rm_vm_stop);

/**
 * gunyah_rm_vm_configure() - VM_CONFIG_IMAGE
 * @rm: the RM client
 * @vmid: a VM in state LOAD or RESET
 * @auth_mech: GUNYAH_RM_VM_AUTH_*
 * @mem_handle: the parcel holding image and device tree
 * @image_offset: image offset in the parcel
 * @image_size: image size
 * @dtb_offset: device tree offset in the parcel
 * @dtb_size: device tree size, with room for the RM's additions
 *
 * Return: 0 or a negative errno.
 */
int gunyah_rm_vm_configure(struct gunyah_rm *rm, u16 vmid, u16 auth_mech,
			   u32 mem_handle, u64 image_offset, u64 image_size,
			   u64 dtb_offset, u64 dtb_size)
{
	struct gunyah_rm_vm_config_image_req req = {
		.vmid = cpu_to_le16(vmid),
		.auth_mech = cpu_to_le16(auth_mech),
		.mem_handle = cpu_to_le32(mem_handle),
		.image_offset = cpu_to_le64(image_offset),
		.image_size = cpu_to_le64(image_size),
		.dtb_offset = cpu_to_le64(dtb_offset),
		.dtb_size = cpu_to_le64(dtb_size),
	};

	return gunyah_rm_call(rm, GUNYAH_RM_RPC_VM_CONFIG_IMAGE, &req,
			      sizeof(req), NULL, NULL);
}
EXPORT_SYMBOL_GPL(gunyah_rm_vm_configure);

/**
 * gunyah_rm_vm_init() - VM_INIT: create the VM's hypervisor objects
 * @rm: the RM client
 * @vmid: a configured VM
 *
 * Return: 0 or a negative errno.
 */
int gunyah_rm_vm_init(struct gunyah_rm *rm, u16 vmid)
{
	return gunyah_rm_common_vmid_call(rm, GUNYAH_RM_RPC_VM_INIT, vmid);
}
EXPORT_SYMBOL_GPL(gunyah_rm_vm_init);

/**
 * gunyah_rm_vm_set_boot_context() - VM_SET_BOOT_CONTEXT: set a boot register
 * @rm: the RM client
 * @vmid: the VM
 * @reg_set: GUNYAH_RM_BOOT_CONTEXT_REG_SET_*
 * @reg_index: register index within the set
 * @value: register value
 *
 * Return: 0 or a negative errno; -EOPNOTSUPP if the RM lacks the call.
 */
int gunyah_rm_vm_set_boot_context(struct gunyah_rm *rm, u16 vmid, u8 reg_set,
				  u8 reg_index, u64 value)
{
	struct gunyah_rm_vm_set_boot_context_req req = {
		.vmid = cpu_to_le16(vmid),
		.reg_set = reg_set,
		.reg_index = reg_index,
		.value = cpu_to_le64(value),
	};

	return gunyah_rm_call(rm, GUNYAH_RM_RPC_VM_SET_BOOT_CONTEXT, &req,
			      sizeof(req), NULL, NULL);
}
EXPORT_SYMBOL_GPL(gunyah_rm_vm_set_boot_context);

/**
 * gunyah_rm_vm_set_firmware_mem() - VM_SET_FIRMWARE_MEM: where the pVM
 * firmware goes
 * @rm: the RM client
 * @vmid: a VM in state INIT
 * @mem_handle: a parcel whose ACL names the VM
 * @offset: offset of the firmware region in the parcel
 * @size: size of the firmware region
 *
 * A VM configured with auth type ANDROID (%GUNYAH_RM_VM_AUTH_QCOM_ANDROID_PVM)
 * boots from this region; without it, VM_START fails.
 *
 * Return: 0 or a negative errno; -EINVAL if the parcel does not name the VM
 * or the region does not lie inside it; -EBUSY if the VM is not in state
 * INIT.
 */
int gunyah_rm_vm_set_firmware_mem(struct gunyah_rm *rm, u16 vmid,
				  u32 mem_handle, u64 offset, u64 size)
{
	struct gunyah_rm_vm_set_firmware_mem_req req = {
		.vmid = cpu_to_le16(vmid),
		.mem_handle = cpu_to_le32(mem_handle),
		.fw_offset = cpu_to_le64(offset),
		.fw_size = cpu_to_le64(size),
	};

	return gunyah_rm_call(rm, GUNYAH_RM_RPC_VM_SET_FIRMWARE_MEM, &req,
			      sizeof(req), NULL, NULL);
}
EXPORT_SYMBOL_GPL(gunyah_rm_vm_set_firmware_mem);

/**
 * gunyah_rm_vm_get_state() - VM_GET_STATE: the RM's status of a VM
 * @rm: the RM client
 * @vmid: the VM
 * @vm_status: its status (ABI section 5: 1 INIT, 2 READY, ...)
 *
 * Return: 0 or a negative errno; -EBADMSG if the reply is too short.
 */
int gunyah_rm_vm_get_state(struct gunyah_rm *rm, u16 vmid, u8 *vm_status)
{
	struct gunyah_rm_vm_common_vmid_req req = {
		.vmid = cpu_to_le16(vmid),
	};
	struct gunyah_rm_vm_get_state_resp *resp;
	size_t resp_size;
	int ret;

	ret = gunyah_rm_call(rm, GUNYAH_RM_RPC_VM_GET_STATE, &req, sizeof(req),
			     (void **)&resp, &resp_size);
	if (ret)
		return ret;
	if (resp_size < sizeof(*resp))
		ret = -EBADMSG;
	else
		*vm_status = resp->vm_status;
	kfree(resp);
	return ret;
}
EXPORT_SYMBOL_GPL(gunyah_rm_vm_get_state);

/**
 * gunyah_rm_get_vmid() - VM_GET_VMID: this host's own VM id
 * @rm: the RM client
 * @vmid: the id
 *
 * Return: 0 or a negative errno; -EBADMSG if the RM's reply is malformed.
 */
int gunyah_rm_get_vmid(struct gunyah_rm *rm, u16 *vmid)
{
	size_t resp_size;
	__le32 *resp;
	u32 id;
	int ret;

	ret = gunyah_rm_call(rm, GUNYAH_RM_RPC_VM_GET_VMID, NULL, 0,
			     (void **)&resp, &resp_size);
	if (ret)
		return ret;
	if (resp_size < sizeof(*resp)) {
		kfree(resp);
		return -EBADMSG;
	}
	id = le32_to_cpu(*resp);
	kfree(resp);
	if (id > U16_MAX)
		return -EBADMSG;
	*vmid = id;
	return 0;
}
EXPORT_SYMBOL_GPL(gunyah_rm_get_vmid);

/**
 * gunyah_rm_vm_set_demand_paging() - VM_SET_DEMAND_PAGING
 * @rm: the RM client
 * @vmid: the VM
 * @count: number of @ranges
 * @ranges: guest memory the VM may fault in on demand
 *
 * Return: 0 or a negative errno; -EMSGSIZE if the request does not fit in
 * one message; -EOPNOTSUPP if the RM lacks the call.
 */
int gunyah_rm_vm_set_demand_paging(struct gunyah_rm *rm, u16 vmid, u32 count,
				   const struct gunyah_rm_mem_range *ranges)
{
	struct gunyah_rm_vm_set_demand_paging_req *req;
	size_t size;
	u32 i;
	int ret;

	size = struct_size(req, ranges, count);
	if (size > GUNYAH_RM_MAX_MSG_SIZE)
		return -EMSGSIZE;
	req = kzalloc(size, GFP_KERNEL);
	if (!req)
		return -ENOMEM;

	req->vmid = cpu_to_le16(vmid);
	req->range_count = cpu_to_le32(count);
	for (i = 0; i < count; i++) {
		req->ranges[i].phys_addr = cpu_to_le64(ranges[i].phys_addr);
		req->ranges[i].size = cpu_to_le64(ranges[i].size);
	}

	ret = gunyah_rm_call(rm, GUNYAH_RM_RPC_VM_SET_DEMAND_PAGING, req, size,
			     NULL, NULL);
	kfree(req);
	return ret;
}
EXPORT_SYMBOL_GPL(gunyah_rm_vm_set_demand_paging);

/**
 * gunyah_rm_vm_set_address_layout() - VM_SET_ADDRESS_LAYOUT
 * @rm: the RM client
 * @vmid: the VM
 * @range_id: which range of the guest address space
 * @base: its base address
 * @size: its size
 *
 * Return: 0 or a negative errno; -EOPNOTSUPP if the RM lacks the call.
 */
int gunyah_rm_vm_set_address_layout(struct gunyah_rm *rm, u16 vmid,
				    u32 range_id, u64 base, u64 size)
{
	struct gunyah_rm_vm_set_address_layout_req req = {
		.vmid = cpu_to_le16(vmid),
		.range_id = cpu_to_le32(range_id),
		.range_base = cpu_to_le64(base),
		.range_size = cpu_to_le64(size),
	};

	return gunyah_rm_call(rm, GUNYAH_RM_RPC_VM_SET_ADDRESS_LAYOUT, &req,
			      sizeof(req), NULL, NULL);
}
EXPORT_SYMBOL_GPL(gunyah_rm_vm_set_address_layout);

/**
 * gunyah_rm_get_hyp_resources() - VM_GET_HYP_RESOURCES
 * @rm: the RM client
 * @vmid: the VM
 * @resources: the decoded resources (kmalloc'ed, the caller frees them)
 *
 * Return: 0 or a negative errno; -EBADMSG if the reply is shorter than the
 * number of entries it announces.
 */
int gunyah_rm_get_hyp_resources(struct gunyah_rm *rm, u16 vmid,
				struct gunyah_rm_hyp_resources **resources)
{
	struct gunyah_rm_vm_common_vmid_req req = {
		.vmid = cpu_to_le16(vmid),
	};
	const struct gunyah_rm_hyp_resources_wire *resp;
	struct gunyah_rm_hyp_resources *out;
	size_t resp_size;
	u32 i, n;
	int ret;

	ret = gunyah_rm_call(rm, GUNYAH_RM_RPC_VM_GET_HYP_RESOURCES, &req,
			     sizeof(req), (void **)&resp, &resp_size);
	if (ret)
		return ret;

	ret = -EBADMSG;
	if (resp_size < sizeof(*resp))
		goto out_free_resp;
	n = le32_to_cpu(resp->n_entries);
	/* n is bounded by the reply, so struct_size() cannot overflow. */
	if (n > (resp_size - sizeof(*resp)) / sizeof(resp->entries[0]))
		goto out_free_resp;

	ret = -ENOMEM;
	out = kzalloc(struct_size(out, entries, n), GFP_KERNEL);
	if (!out)
		goto out_free_resp;
	out->n_entries = n;
	for (i = 0; i < n; i++) {
		const struct gunyah_rm_hyp_resource_wire *w = &resp->entries[i];
		struct gunyah_rm_hyp_resource *r = &out->entries[i];

		r->type = w->type;
		r->partner_vmid = le16_to_cpu(w->partner_vmid);
		r->resource_handle = le32_to_cpu(w->resource_handle);
		r->resource_label = le32_to_cpu(w->resource_label);
		r->cap_id = le64_to_cpu(w->cap_id);
		r->virq_handle = le32_to_cpu(w->virq_handle);
		r->virq = le32_to_cpu(w->virq);
		r->base = le64_to_cpu(w->base);
		r->size = le64_to_cpu(w->size);
	}
	*resources = out;
	ret = 0;

out_free_resp:
	kfree(resp);
	return ret;
}
EXPORT_SYMBOL_GPL(gunyah_rm_get_hyp_resources);

/* Append a list header and its entries; returns the new write position. */
static u8 *gunyah_rm_put_list_hdr(u8 *p, size_t n)
{
	struct gunyah_rm_mem_list_hdr hdr = {
		.n_entries = cpu_to_le16(n),
	};

	memcpy(p, &hdr, sizeof(hdr));
	return p + sizeof(hdr);
}

static u8 *gunyah_rm_put_mem_entries(u8 *p,
				     const struct gunyah_rm_mem_range *ranges,
				     size_t n)
{
	struct gunyah_rm_mem_entry e;
	size_t i;

	p = gunyah_rm_put_list_hdr(p, n);
	for (i = 0; i < n; i++) {
		e.phys_addr = cpu_to_le64(ranges[i].phys_addr);
		e.size = cpu_to_le64(ranges[i].size);
		memcpy(p, &e, sizeof(e));
		p += sizeof(e);
	}
	return p;
}

static int gunyah_rm_mem_append(struct gunyah_rm *rm, u32 mem_handle,
				const struct gunyah_rm_mem_range *ranges,
				size_t n)
{
	struct gunyah_rm_mem_append_req_header hdr = {
		.mem_handle = cpu_to_le32(mem_handle),
	};
	size_t chunk, size;
	u8 *req, *p;
	int ret = 0;

	size = sizeof(hdr) + sizeof(struct gunyah_rm_mem_list_hdr) +
	       GUNYAH_RM_MAX_MEM_ENTRIES * sizeof(struct gunyah_rm_mem_entry);
	req = kzalloc(size, GFP_KERNEL);
	if (!req)
		return -ENOMEM;

	while (n) {
		chunk = min_t(size_t, n, GUNYAH_RM_MAX_MEM_ENTRIES);
		hdr.flags = chunk == n ? GUNYAH_RM_MEM_APPEND_REQ_FLAGS_END : 0;
		memcpy(req, &hdr, sizeof(hdr));
		p = gunyah_rm_put_mem_entries(req + sizeof(hdr), ranges, chunk);
		ret = gunyah_rm_call(rm, GUNYAH_RM_RPC_MEM_APPEND, req, p - req,
				     NULL, NULL);
		if (ret)
			break;
		ranges += chunk;
		n -= chunk;
	}

	kfree(req);
	return ret;
}

static int gunyah_rm_mem_share_common(struct gunyah_rm *rm, u32 msg_id,
				      struct gunyah_rm_mem_parcel *p)
{
	struct gunyah_rm_mem_share_req_header hdr = {
		.mem_type = p->mem_type,
		.label = cpu_to_le32(p->label),
	};
	struct gunyah_rm_mem_share_resp *resp;
	struct gunyah_rm_mem_acl_entry acl;
	struct gunyah_rm_mem_attr_entry attr;
	size_t first, size, resp_size, i;
	bool unanswered;
	u8 *req, *w;
	int ret, reclaim_ret;

	p->mem_handle = GUNYAH_RM_MEM_HANDLE_INVALID;
	p->unrecovered = false;
	if (!p->n_acl_entries || p->n_acl_entries > GUNYAH_RM_MAX_MEM_ENTRIES ||
	    !p->n_mem_entries || p->n_attr_entries > GUNYAH_RM_MAX_MEM_ENTRIES)
		return -EINVAL;

	/* As many memory entries as the first message can carry. */
	size = sizeof(hdr) + 3 * sizeof(struct gunyah_rm_mem_list_hdr) +
	       p->n_acl_entries * sizeof(acl) +
	       p->n_attr_entries * sizeof(attr);
	if (size > GUNYAH_RM_MAX_MSG_SIZE)
		return -EMSGSIZE;
	first = min_t(size_t, p->n_mem_entries, GUNYAH_RM_MAX_MEM_ENTRIES);
	first = min_t(size_t, first, (GUNYAH_RM_MAX_MSG_SIZE - size) /
				     sizeof(struct gunyah_rm_mem_entry));
	if (!first)
		return -EMSGSIZE;
	size += first * sizeof(struct gunyah_rm_mem_entry);
	if (first < p->n_mem_entries)
		hdr.flags |= GUNYAH_RM_MEM_SHARE_REQ_FLAGS_APPEND;

	req = kzalloc(size, GFP_KERNEL);
	if (!req)
		return -ENOMEM;

	memcpy(req, &hdr, sizeof(hdr));
	w = gunyah_rm_put_list_hdr(req + sizeof(hdr), p->n_acl_entries);
	for (i = 0; i < p->n_acl_entries; i++) {
		acl = (struct gunyah_rm_mem_acl_entry) {
			.vmid = cpu_to_le16(p->acl_entries[i].vmid),
			.perms = p->acl_entries[i].perms,
		};
		memcpy(w, &acl, sizeof(acl));
		w += sizeof(acl);
	}
	w = gunyah_rm_put_mem_entries(w, p->mem_entries, first);
	w = gunyah_rm_put_list_hdr(w, p->n_attr_entries);
	for (i = 0; i < p->n_attr_entries; i++) {
		attr = (struct gunyah_rm_mem_attr_entry) {
			.attr = cpu_to_le16(p->attr_entries[i].attr),
			.vmid = cpu_to_le16(p->attr_entries[i].vmid),
		};
		memcpy(w, &attr, sizeof(attr));
		w += sizeof(attr);
	}

	ret = gunyah_rm_call_ext(rm, msg_id, req, size, (void **)&resp,
				 &resp_size, &unanswered);
	kfree(req);
	if (ret) {
		/* Without a reply the RM may have created the parcel. */
		p->unrecovered = unanswered;
		return ret;
	}
	if (resp_size < sizeof(*resp)) {
		/* The parcel exists but its handle is unknown. */
		kfree(resp);
		p->unrecovered = true;
		return -EBADMSG;
	}
	p->mem_handle = le32_to_cpu(resp->mem_handle);
	kfree(resp);

	if (first == p->n_mem_entries)
		return 0;

	ret = gunyah_rm_mem_append(rm, p->mem_handle, p->mem_entries + first,
				   p->n_mem_entries - first);
	if (ret) {
		reclaim_ret = gunyah_rm_mem_reclaim(rm, p->mem_handle);
		if (reclaim_ret) {
			pr_warn("gunyah_rm: parcel %#x half-built and not reclaimed (%d): its memory stays lent\n",
				p->mem_handle, reclaim_ret);
			p->unrecovered = true;
		} else {
			p->mem_handle = GUNYAH_RM_MEM_HANDLE_INVALID;
		}
	}
	return ret;
}

/**
 * gunyah_rm_mem_lend() - MEM_LEND: give memory to VMs, taking it from us
 * @rm: the RM client
 * @p: the parcel; its ACL must not name the owner. On success
 *     @p->mem_handle is set.
 *
 * More than %GUNYAH_RM_MAX_MEM_ENTRIES ranges are sent in chunks through
 * MEM_APPEND. If an append fails, the half-built parcel is reclaimed. On
 * any failure @p->unrecovered tells whether the memory may still be lent.
 *
 * Return: 0 or a negative errno; -EINVAL for an empty ACL or range list or
 * oversized lists; -EMSGSIZE if the ACL and attributes do not fit in one
 * message.
 */
int gunyah_rm_mem_lend(struct gunyah_rm *rm, struct gunyah_rm_mem_parcel *p)
{
	return gunyah_rm_mem_share_common(rm, GUNYAH_RM_RPC_MEM_LEND, p);
}
EXPORT_SYMBOL_GPL(gunyah_rm_mem_lend);

/**
 * gunyah_rm_mem_share() - MEM_SHARE: give memory to VMs, keeping access
 * @rm: the RM client
 * @p: the parcel; its ACL must name the owner
 *
 * Return: as gunyah_rm_mem_lend().
 */
int gunyah_rm_mem_share(struct gunyah_rm *rm, struct gunyah_rm_mem_parcel *p)
{
	return gunyah_rm_mem_share_common(rm, GUNYAH_RM_RPC_MEM_SHARE, p);
}
EXPORT_SYMBOL_GPL(gunyah_rm_mem_share);

/**
 * gunyah_rm_mem_donate() - MEM_DONATE: give memory away for good
 * @rm: the RM client
 * @p: the parcel; exactly one ACL entry with full rights
 *
 * Return: as gunyah_rm_mem_lend().
 */
int gunyah_rm_mem_donate(struct gunyah_rm *rm, struct gunyah_rm_mem_parcel *p)
{
	return gunyah_rm_mem_share_common(rm, GUNYAH_RM_RPC_MEM_DONATE, p);
}
EXPORT_SYMBOL_GPL(gunyah_rm_mem_donate);

/**
 * gunyah_rm_mem_reclaim() - MEM_RECLAIM: take a parcel's memory back
 * @rm: the RM client
 * @mem_handle: the parcel
 *
 * Fails with -EBUSY while a borrower still holds the parcel. Memory whose
 * reclaim failed must never be returned to the host's allocator.
 *
 * Return: 0 or a negative errno.
 */
int gunyah_rm_mem_reclaim(struct gunyah_rm *rm, u32 mem_handle)
{
	struct gunyah_rm_mem_release_req req = {
		.mem_handle = cpu_to_le32(mem_handle),
	};

	return gunyah_rm_call(rm, GUNYAH_RM_RPC_MEM_RECLAIM, &req, sizeof(req),
			      NULL, NULL);
}
EXPORT_SYMBOL_GPL(gunyah_rm_mem_reclaim);
