/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Resource Manager RPC: the one table of message ids and the wire layout of
 * every request, reply and notification this driver uses. All multi-byte
 * fields are little-endian.
 */
#ifndef _GUNYAH_RM_RPC_H
#define _GUNYAH_RM_RPC_H

#include <linux/build_bug.h>
#include <linux/gunyah_rm.h>
#include <linux/types.h>

/* VM management */
#define GUNYAH_RM_RPC_VM_ALLOC_VMID		0x56000001
#define GUNYAH_RM_RPC_VM_DEALLOC_VMID		0x56000002
#define GUNYAH_RM_RPC_VM_START			0x56000004
#define GUNYAH_RM_RPC_VM_STOP			0x56000005
#define GUNYAH_RM_RPC_VM_RESET			0x56000006
#define GUNYAH_RM_RPC_VM_CONFIG_IMAGE		0x56000009
#define GUNYAH_RM_RPC_VM_INIT			0x5600000B
#define GUNYAH_RM_RPC_VM_GET_HYP_RESOURCES	0x56000020
#define GUNYAH_RM_RPC_VM_GET_STATE		0x56000017
#define GUNYAH_RM_RPC_VM_GET_VMID		0x56000024
#define GUNYAH_RM_RPC_VM_SET_BOOT_CONTEXT	0x56000031
#define GUNYAH_RM_RPC_VM_SET_FIRMWARE_MEM	0x56000032
#define GUNYAH_RM_RPC_VM_SET_DEMAND_PAGING	0x56000033
#define GUNYAH_RM_RPC_VM_SET_ADDRESS_LAYOUT	0x56000034

/* Memory parcels */
#define GUNYAH_RM_RPC_MEM_DONATE		0x51000010
#define GUNYAH_RM_RPC_MEM_LEND			0x51000012
#define GUNYAH_RM_RPC_MEM_SHARE			0x51000013
#define GUNYAH_RM_RPC_MEM_RECLAIM		0x51000015
#define GUNYAH_RM_RPC_MEM_APPEND		0x51000018

/* Notifications */
#define GUNYAH_RM_NOTIF_VM_EXITED		0x56100001
#define GUNYAH_RM_NOTIF_VM_STATUS		0x56100008

/* Requests that carry only a VM id: alloc, dealloc, start, reset, init. */
struct gunyah_rm_vm_common_vmid_req {
	__le16 vmid;
	__le16 _padding;
} __packed;

struct gunyah_rm_vm_alloc_vmid_resp {
	__le32 vmid;
} __packed;

#define GUNYAH_RM_VM_STOP_FLAG_FORCE_STOP	BIT(0)

struct gunyah_rm_vm_get_state_resp {
	u8 vm_status;
	u8 os_status;
	__le16 app_status;
} __packed;

struct gunyah_rm_vm_stop_req {
	__le16 vmid;
	u8 flags;
	u8 _padding;
	__le32 stop_reason;
} __packed;

struct gunyah_rm_vm_config_image_req {
	__le16 vmid;
	__le16 auth_mech;
	__le32 mem_handle;
	__le64 image_offset;
	__le64 image_size;
	__le64 dtb_offset;
	__le64 dtb_size;
} __packed;

struct gunyah_rm_vm_set_boot_context_req {
	__le16 vmid;
	u8 reg_set;
	u8 reg_index;
	__le32 _padding;
	__le64 value;
} __packed;

struct gunyah_rm_vm_set_firmware_mem_req {
	__le16 vmid;
	__le16 _reserved;
	__le32 mem_handle;
	__le64 fw_offset;
	__le64 fw_size;
} __packed;

struct gunyah_rm_mem_entry {
	__le64 phys_addr;
	__le64 size;
} __packed;

struct gunyah_rm_vm_set_demand_paging_req {
	__le16 vmid;
	__le16 _padding;
	__le32 range_count;
	struct gunyah_rm_mem_entry ranges[];
} __packed;

struct gunyah_rm_vm_set_address_layout_req {
	__le16 vmid;
	__le16 _padding;
	__le32 range_id;
	__le64 range_base;
	__le64 range_size;
} __packed;

struct gunyah_rm_hyp_resource_wire {
	u8 type;
	u8 _reserved;
	__le16 partner_vmid;
	__le32 resource_handle;
	__le32 resource_label;
	__le64 cap_id;
	__le32 virq_handle;
	__le32 virq;
	__le64 base;
	__le64 size;
} __packed;

struct gunyah_rm_hyp_resources_wire {
	__le32 n_entries;
	struct gunyah_rm_hyp_resource_wire entries[];
} __packed;

/* Memory parcel requests */
struct gunyah_rm_mem_acl_entry {
	__le16 vmid;
	u8 perms;
	u8 _reserved;
} __packed;

struct gunyah_rm_mem_attr_entry {
	__le16 attr;
	__le16 vmid;
} __packed;

struct gunyah_rm_mem_list_hdr {
	__le16 n_entries;
	__le16 _reserved;
} __packed;

#define GUNYAH_RM_MEM_SHARE_REQ_FLAGS_APPEND	BIT(1)

struct gunyah_rm_mem_share_req_header {
	u8 mem_type;
	u8 _reserved0;
	u8 flags;
	u8 _reserved1;
	__le32 label;
} __packed;

#define GUNYAH_RM_MEM_APPEND_REQ_FLAGS_END	BIT(0)

struct gunyah_rm_mem_append_req_header {
	__le32 mem_handle;
	u8 flags;
	u8 _reserved0;
	__le16 _reserved1;
} __packed;

struct gunyah_rm_mem_share_resp {
	__le32 mem_handle;
} __packed;

struct gunyah_rm_mem_release_req {
	__le32 mem_handle;
	u8 flags;
	u8 _reserved0;
	__le16 _reserved1;
} __packed;

/* Notification payloads */
struct gunyah_rm_vm_status_payload {
	__le16 vmid;
	__le16 _reserved;
	u8 vm_status;
	u8 os_status;
	__le16 app_status;
} __packed;

struct gunyah_rm_vm_exited_payload {
	__le16 vmid;
	__le16 exit_type;
	__le32 exit_reason_size;
	u8 exit_reason[];
} __packed;

static_assert(sizeof(struct gunyah_rm_vm_stop_req) == 8);
static_assert(sizeof(struct gunyah_rm_vm_config_image_req) == 40);
static_assert(sizeof(struct gunyah_rm_vm_set_boot_context_req) == 16);
static_assert(sizeof(struct gunyah_rm_vm_set_firmware_mem_req) == 24);
static_assert(sizeof(struct gunyah_rm_vm_set_address_layout_req) == 24);
static_assert(sizeof(struct gunyah_rm_hyp_resource_wire) == 44);
static_assert(sizeof(struct gunyah_rm_mem_share_req_header) == 8);
static_assert(sizeof(struct gunyah_rm_mem_append_req_header) == 8);
static_assert(sizeof(struct gunyah_rm_vm_status_payload) == 8);
static_assert(sizeof(struct gunyah_rm_vm_exited_payload) == 8);

#endif /* _GUNYAH_RM_RPC_H */
