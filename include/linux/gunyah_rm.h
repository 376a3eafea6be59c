/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Gunyah Resource Manager (RM) RPC client: the kernel-internal interface.
 *
 * A struct gunyah_rm talks to one Resource Manager over a packet transport
 * (the hypervisor's message queues, or a fake in tests). Any number of
 * callers may issue RPCs concurrently; each waits killably for its reply.
 * Notifications from the RM reach registered notifier blocks in process
 * context, in the order they arrived.
 */
#ifndef _LINUX_GUNYAH_RM_H
#define _LINUX_GUNYAH_RM_H

#include <linux/bits.h>
#include <linux/notifier.h>
#include <linux/types.h>

struct device;
struct gunyah_rm;

/* RM error codes, the first word of every reply. */
enum gunyah_rm_error {
	GUNYAH_RM_ERROR_OK			= 0x0,
	GUNYAH_RM_ERROR_UNIMPLEMENTED		= 0xFFFFFFFF,
	GUNYAH_RM_ERROR_NOMEM			= 0x1,
	GUNYAH_RM_ERROR_NORESOURCE		= 0x2,
	GUNYAH_RM_ERROR_DENIED			= 0x3,
	GUNYAH_RM_ERROR_MSG_INVALID		= 0x4,
	GUNYAH_RM_ERROR_BUSY			= 0x5,
	GUNYAH_RM_ERROR_ARGUMENT_INVALID	= 0x6,
	GUNYAH_RM_ERROR_HANDLE_INVALID		= 0x7,
	GUNYAH_RM_ERROR_VALIDATE_FAILED		= 0x8,
	GUNYAH_RM_ERROR_MAP_FAILED		= 0x9,
	GUNYAH_RM_ERROR_MEM_INVALID		= 0xA,
	GUNYAH_RM_ERROR_MEM_INUSE		= 0xB,
	GUNYAH_RM_ERROR_MEM_RELEASED		= 0xC,
	GUNYAH_RM_ERROR_VMID_INVALID		= 0xD,
	GUNYAH_RM_ERROR_LOOKUP_FAILED		= 0xE,
	GUNYAH_RM_ERROR_IRQ_INVALID		= 0xF,
	GUNYAH_RM_ERROR_IRQ_INUSE		= 0x10,
	GUNYAH_RM_ERROR_IRQ_RELEASED		= 0x11,
	GUNYAH_RM_ERROR_IN_USE			= 0x12,
	GUNYAH_RM_ERROR_IRQ_NOT_MAPPED		= 0x13,
	GUNYAH_RM_ERROR_VM_STATE		= 0x14,
};

int gunyah_rm_error_remap(u32 rm_error);

/**
 * struct gunyah_rm_transport - how a struct gunyah_rm reaches its RM
 * @send: send one packet of at most %GUNYAH_RM_MAX_PACKET_SIZE bytes; @push
 *        is set on the last packet of a message. May sleep; returns 0 or a
 *        negative errno (-EINTR when a fatal signal interrupted a wait for
 *        room in the queue).
 *
 * @map_virq: optional: the Linux IRQ of an interrupt the hypervisor raises
 *             in the host (a virq of VM_GET_HYP_RESOURCES, a raw interrupt
 *             number of the host's virtual interrupt controller), or a
 *             negative errno (-ENXIO: the platform has no mapping for it).
 *             Without it no virq can be mapped.
 * @unmap_virq: optional: release an IRQ @map_virq returned
 *
 * Received packets are handed to gunyah_rm_receive() by the transport.
 */
struct gunyah_rm_transport {
	int (*send)(struct gunyah_rm *rm, const void *pkt, size_t len,
		    bool push);
	int (*map_virq)(struct gunyah_rm *rm, u32 virq);
	void (*unmap_virq)(struct gunyah_rm *rm, int irq);
};

__must_check struct gunyah_rm *gunyah_rm_get(void);
void gunyah_rm_put(struct gunyah_rm *rm);

__must_check struct gunyah_rm *gunyah_rm_create(struct device *dev,
						const struct gunyah_rm_transport *transport,
						void *transport_data);
void gunyah_rm_destroy(struct gunyah_rm *rm);
void gunyah_rm_set_call_timeout(struct gunyah_rm *rm, unsigned int ms);
void *gunyah_rm_transport_data(struct gunyah_rm *rm);
void gunyah_rm_receive(struct gunyah_rm *rm, const void *pkt, size_t len);

int gunyah_rm_call(struct gunyah_rm *rm, u32 message_id, const void *req,
		   size_t req_size, void **resp, size_t *resp_size);
int gunyah_rm_call_ext(struct gunyah_rm *rm, u32 message_id, const void *req,
		       size_t req_size, void **resp, size_t *resp_size,
		       bool *unanswered);

__must_check int gunyah_rm_map_virq(struct gunyah_rm *rm, u32 virq);
void gunyah_rm_unmap_virq(struct gunyah_rm *rm, int irq);

int gunyah_rm_notifier_register(struct gunyah_rm *rm,
				struct notifier_block *nb);
int gunyah_rm_notifier_unregister(struct gunyah_rm *rm,
				  struct notifier_block *nb);

/**
 * struct gunyah_rm_stats - what the client counted
 * @calls: RPCs sent
 * @replies: replies matched to a caller
 * @notifications: notifications passed to the listeners
 * @notifications_ignored: notifications nobody handles, or too short
 * @dropped_packets: packets with a malformed header or out of sequence
 * @dropped_messages: messages discarded before they were complete
 * @unexpected_replies: replies no caller waits for (late, duplicate or
 *                      unknown sequence number, or a mismatching id)
 * @malformed_replies: replies too short to hold an error code
 * @abandoned_calls: calls given up before their reply: a fatal signal ended
 *                   the wait, or the transport failed to send
 */
struct gunyah_rm_stats {
	u64 calls;
	u64 replies;
	u64 notifications;
	u64 notifications_ignored;
	u64 dropped_packets;
	u64 dropped_messages;
	u64 unexpected_replies;
	u64 malformed_replies;
	u64 abandoned_calls;
};

void gunyah_rm_get_stats(struct gunyah_rm *rm, struct gunyah_rm_stats *stats);

/*
 * Protocol levels of an RM; the values are those of the UAPI's
 * GUNYAH_RM_PROTOCOL_*.
 */
#define GUNYAH_RM_PROTOCOL_OSS			1	/* open-source RM */
#define GUNYAH_RM_PROTOCOL_FULL			2	/* + boot context, paging, layout */

__must_check int gunyah_rm_protocol(struct gunyah_rm *rm);

/* VM lifecycle and configuration RPCs */

/* Authentication of a VM's image (VM_CONFIG_IMAGE) */
#define GUNYAH_RM_VM_AUTH_NONE			0
#define GUNYAH_RM_VM_AUTH_QCOM_PIL_ELF		1
#define GUNYAH_RM_VM_AUTH_QCOM_ANDROID_PVM	2

/* Register sets of VM_SET_BOOT_CONTEXT */
#define GUNYAH_RM_BOOT_CONTEXT_REG_SET_X	0
#define GUNYAH_RM_BOOT_CONTEXT_REG_SET_PC	1
#define GUNYAH_RM_BOOT_CONTEXT_REG_SET_SP	2

__must_check int gunyah_rm_alloc_vmid(struct gunyah_rm *rm, u16 vmid, u16 *allocated);
int gunyah_rm_dealloc_vmid(struct gunyah_rm *rm, u16 vmid);
int gunyah_rm_vm_reset(struct gunyah_rm *rm, u16 vmid);
int gunyah_rm_vm_start(struct gunyah_rm *rm, u16 vmid);
int gunyah_rm_vm_stop(struct gunyah_rm *rm, u16 vmid, bool force,
		      u32 stop_reason);
int gunyah_rm_vm_configure(struct gunyah_rm *rm, u16 vmid, u16 auth_mech,
			   u32 mem_handle, u64 image_offset, u64 image_size,
			   u64 dtb_offset, u64 dtb_size);
int gunyah_rm_vm_init(struct gunyah_rm *rm, u16 vmid);
int gunyah_rm_vm_set_boot_context(struct gunyah_rm *rm, u16 vmid, u8 reg_set,
				  u8 reg_index, u64 value);
int gunyah_rm_vm_set_firmware_mem(struct gunyah_rm *rm, u16 vmid,
				  u32 mem_handle, u64 offset, u64 size);
__must_check int gunyah_rm_get_vmid(struct gunyah_rm *rm, u16 *vmid);
__must_check int gunyah_rm_vm_get_state(struct gunyah_rm *rm, u16 vmid, u8 *vm_status);

/**
 * struct gunyah_rm_mem_range - a range of the owner's (intermediate)
 * physical address space
 * @phys_addr: start, page aligned
 * @size: length, page aligned
 */
struct gunyah_rm_mem_range {
	u64 phys_addr;
	u64 size;
};

/* Range ids of VM_SET_ADDRESS_LAYOUT */
#define GUNYAH_RM_RANGE_ID_IMAGE		0
#define GUNYAH_RM_RANGE_ID_FIRMWARE		1

int gunyah_rm_vm_set_demand_paging(struct gunyah_rm *rm, u16 vmid, u32 count,
				   const struct gunyah_rm_mem_range *ranges);
int gunyah_rm_vm_set_address_layout(struct gunyah_rm *rm, u16 vmid,
				    u32 range_id, u64 base, u64 size);

/* Types of VM_GET_HYP_RESOURCES entries */
#define GUNYAH_RESOURCE_TYPE_BELL_TX		0
#define GUNYAH_RESOURCE_TYPE_BELL_RX		1
#define GUNYAH_RESOURCE_TYPE_MSGQ_TX		2
#define GUNYAH_RESOURCE_TYPE_MSGQ_RX		3
#define GUNYAH_RESOURCE_TYPE_VCPU		4

/**
 * struct gunyah_rm_hyp_resource - one entry of VM_GET_HYP_RESOURCES
 * @type: one of GUNYAH_RESOURCE_TYPE_*, or a type this driver ignores
 * @partner_vmid: the VM at the other end (0 for vCPUs)
 * @resource_handle: RM handle of the resource
 * @resource_label: label, or the index of a vCPU
 * @cap_id: capability in the host's capability space
 * @virq_handle: RM handle of the interrupt
 * @virq: interrupt the hypervisor raises for the resource, 0 if none
 * @base: base address (virtio-mmio only)
 * @size: size (virtio-mmio only)
 */
struct gunyah_rm_hyp_resource {
	u8 type;
	u16 partner_vmid;
	u32 resource_handle;
	u32 resource_label;
	u64 cap_id;
	u32 virq_handle;
	u32 virq;
	u64 base;
	u64 size;
};

/**
 * struct gunyah_rm_hyp_resources - decoded VM_GET_HYP_RESOURCES reply
 * @n_entries: number of @entries
 * @entries: the resources
 */
struct gunyah_rm_hyp_resources {
	u32 n_entries;
	struct gunyah_rm_hyp_resource entries[] __counted_by(n_entries);
};

__must_check int gunyah_rm_get_hyp_resources(struct gunyah_rm *rm, u16 vmid,
					     struct gunyah_rm_hyp_resources **resources);

/* Memory parcels */

#define GUNYAH_RM_MEM_TYPE_NORMAL		0
#define GUNYAH_RM_MEM_TYPE_IO			1

#define GUNYAH_RM_ACL_X				BIT(0)
#define GUNYAH_RM_ACL_W				BIT(1)
#define GUNYAH_RM_ACL_R				BIT(2)

#define GUNYAH_RM_MEM_HANDLE_INVALID		U32_MAX

/* Most entries of one list in one message (ACL, memory, attributes). */
#define GUNYAH_RM_MAX_MEM_ENTRIES		512

/**
 * struct gunyah_rm_mem_acl_entry_cpu - who may access a parcel
 * @vmid: the VM
 * @perms: GUNYAH_RM_ACL_* bits
 */
struct gunyah_rm_mem_acl_entry_cpu {
	u16 vmid;
	u8 perms;
};

/**
 * struct gunyah_rm_mem_attr_entry_cpu - memory attribute for one VM
 * @attr: the attribute
 * @vmid: the VM
 */
struct gunyah_rm_mem_attr_entry_cpu {
	u16 attr;
	u16 vmid;
};

/**
 * struct gunyah_rm_mem_parcel - memory given to other VMs
 * @mem_type: GUNYAH_RM_MEM_TYPE_*
 * @label: the owner's label for the parcel
 * @n_acl_entries: number of @acl_entries, 1 to %GUNYAH_RM_MAX_MEM_ENTRIES
 * @acl_entries: access control list
 * @n_mem_entries: number of @mem_entries, at least 1 (sent in chunks of
 *                 at most %GUNYAH_RM_MAX_MEM_ENTRIES)
 * @mem_entries: the ranges of the parcel
 * @n_attr_entries: number of @attr_entries, at most
 *                  %GUNYAH_RM_MAX_MEM_ENTRIES
 * @attr_entries: memory attributes, may be NULL if @n_attr_entries is 0
 * @mem_handle: set by the RM when the parcel is created;
 *              %GUNYAH_RM_MEM_HANDLE_INVALID until then
 * @unrecovered: set on failure when the memory may still be given away
 *               (the RM may have created the parcel, or a reclaim after a
 *               failed append failed too): the caller must never return
 *               such memory to the host's allocator
 */
struct gunyah_rm_mem_parcel {
	u8 mem_type;
	u32 label;
	size_t n_acl_entries;
	const struct gunyah_rm_mem_acl_entry_cpu *acl_entries;
	size_t n_mem_entries;
	const struct gunyah_rm_mem_range *mem_entries;
	size_t n_attr_entries;
	const struct gunyah_rm_mem_attr_entry_cpu *attr_entries;
	u32 mem_handle;
	bool unrecovered;
};

int gunyah_rm_mem_lend(struct gunyah_rm *rm, struct gunyah_rm_mem_parcel *p);
int gunyah_rm_mem_share(struct gunyah_rm *rm, struct gunyah_rm_mem_parcel *p);
int gunyah_rm_mem_donate(struct gunyah_rm *rm, struct gunyah_rm_mem_parcel *p);
int gunyah_rm_mem_reclaim(struct gunyah_rm *rm, u32 mem_handle);

#endif /* _LINUX_GUNYAH_RM_H */
