// SPDX-License-Identifier: GPL-2.0-only
/*
 * Gunyah hypercalls through the arm64 SMCCC vendor-hypervisor service range.
 *
 * Function ID = fast call | SMC64 | owner VENDOR_HYP | 0x8000 | call number.
 * Arguments start in x1, results in x0; the error code is a 32-bit value
 * sign-extended into x0, except for hypervisor_identify which returns data.
 */

#define pr_fmt(fmt) "gunyah: " fmt

#include <linux/arm-smccc.h>
#include <linux/bitfield.h>
#include <linux/gunyah.h>
#include <linux/of.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "hypercall.h"

#define GUNYAH_HYPERCALL(fn)						\
	ARM_SMCCC_CALL_VAL(ARM_SMCCC_FAST_CALL, ARM_SMCCC_SMC_64,	\
			   ARM_SMCCC_OWNER_VENDOR_HYP, 0x8000 | (fn))

#define GUNYAH_HC_HYP_IDENTIFY		GUNYAH_HYPERCALL(0x00)
#define GUNYAH_HC_BELL_SEND		GUNYAH_HYPERCALL(0x12)
#define GUNYAH_HC_BELL_RECV		GUNYAH_HYPERCALL(0x13)
#define GUNYAH_HC_BELL_SET_MASK		GUNYAH_HYPERCALL(0x15)
#define GUNYAH_HC_MSGQ_SEND		GUNYAH_HYPERCALL(0x1B)
#define GUNYAH_HC_MSGQ_RECV		GUNYAH_HYPERCALL(0x1C)
#define GUNYAH_HC_ADDRSPACE_MAP		GUNYAH_HYPERCALL(0x2B)
#define GUNYAH_HC_ADDRSPACE_UNMAP	GUNYAH_HYPERCALL(0x2C)
#define GUNYAH_HC_MEMEXTENT_DONATE	GUNYAH_HYPERCALL(0x61)
#define GUNYAH_HC_VCPU_RUN		GUNYAH_HYPERCALL(0x65)

/* Gunyah's vendor-hypervisor UID c1d58fcd-a453-5fdb-9265-ce36673d5f14. */
static const u32 gunyah_uid[4] = {
	0xcd8fd5c1, 0xdb5f53a4, 0x36ce6592, 0x145f3d67,
};

static bool gunyah_dt_has_compatible(const char *compat)
{
	struct device_node *np = of_find_compatible_node(NULL, NULL, compat);

	of_node_put(np);
	return np;
}

/* Only the low 32 bits of x0 carry the (sign-extended) error code. */
static enum gunyah_error gunyah_smccc_err(unsigned long a0)
{
	return (enum gunyah_error)(s32)a0;
}

bool gunyah_smccc_detect(void)
{
	struct gunyah_hypercall_identify_resp id;
	struct arm_smccc_res res;

	if (arm_smccc_1_1_get_conduit() != SMCCC_CONDUIT_HVC)
		return false;

	arm_smccc_1_1_hvc(ARM_SMCCC_VENDOR_HYP_CALL_UID_FUNC_ID, &res);
	if ((u32)res.a0 != gunyah_uid[0] || (u32)res.a1 != gunyah_uid[1] ||
	    (u32)res.a2 != gunyah_uid[2] || (u32)res.a3 != gunyah_uid[3])
		return false;

	gunyah_smccc_identify(&id);
	if (FIELD_GET(GUNYAH_API_INFO_API_VERSION_MASK, id.api_info) !=
	    GUNYAH_API_V1 ||
	    !(id.api_info & GUNYAH_API_INFO_IS_64BIT) ||
	    (id.api_info & GUNYAH_API_INFO_BIG_ENDIAN)) {
		pr_warn("unsupported Gunyah API: %#llx\n", id.api_info);
		return false;
	}
	/* The Resource Manager is reached through message queues. */
	if (!(id.flags[0] & GUNYAH_FEATURE_MSGQUEUE)) {
		pr_warn("Gunyah without message queues: flags %#llx\n",
			id.flags[0]);
		return false;
	}
	/* The RM describes itself under /hypervisor in the device tree. */
	if (IS_ENABLED(CONFIG_OF) &&
	    !gunyah_dt_has_compatible("qcom,gunyah-hypervisor"))
		pr_info("no /hypervisor node: the Resource Manager may be missing\n");
	return true;
}

void gunyah_smccc_identify(struct gunyah_hypercall_identify_resp *resp)
{
	struct arm_smccc_res res;

	arm_smccc_1_1_hvc(GUNYAH_HC_HYP_IDENTIFY, &res);
	resp->api_info = res.a0;
	resp->flags[0] = res.a1;
	resp->flags[1] = res.a2;
	resp->flags[2] = res.a3;
}

enum gunyah_error gunyah_smccc_bell_send(u64 capid, u64 new_flags,
					 u64 *old_flags)
{
	struct arm_smccc_res res;

	arm_smccc_1_1_hvc(GUNYAH_HC_BELL_SEND, capid, new_flags, 0, &res);
	if (res.a0 == GUNYAH_ERROR_OK)
		*old_flags = res.a1;
	return gunyah_smccc_err(res.a0);
}

enum gunyah_error gunyah_smccc_bell_receive(u64 capid, u64 clear_flags,
					    u64 *old_flags)
{
	struct arm_smccc_res res;

	arm_smccc_1_1_hvc(GUNYAH_HC_BELL_RECV, capid, clear_flags, 0, &res);
	if (res.a0 == GUNYAH_ERROR_OK)
		*old_flags = res.a1;
	return gunyah_smccc_err(res.a0);
}

enum gunyah_error gunyah_smccc_bell_set_mask(u64 capid, u64 enable_mask,
					     u64 ack_mask)
{
	struct arm_smccc_res res;

	arm_smccc_1_1_hvc(GUNYAH_HC_BELL_SET_MASK, capid, enable_mask, ack_mask,
			  0, &res);
	return gunyah_smccc_err(res.a0);
}

enum gunyah_error gunyah_smccc_msgq_send(u64 capid, size_t size,
					 const void *buf, u64 tx_flags,
					 bool *ready)
{
	struct arm_smccc_res res;

	arm_smccc_1_1_hvc(GUNYAH_HC_MSGQ_SEND, capid, size, (uintptr_t)buf,
			  tx_flags, 0, &res);
	if (res.a0 == GUNYAH_ERROR_OK)
		*ready = !!res.a1;
	return gunyah_smccc_err(res.a0);
}

enum gunyah_error gunyah_smccc_msgq_recv(u64 capid, void *buf, size_t size,
					 size_t *recv_size, bool *ready)
{
	struct arm_smccc_res res;

	arm_smccc_1_1_hvc(GUNYAH_HC_MSGQ_RECV, capid, (uintptr_t)buf, size, 0,
			  &res);
	if (res.a0 == GUNYAH_ERROR_OK) {
		*recv_size = res.a1;
		*ready = !!(res.a2 & 1);
	}
	return gunyah_smccc_err(res.a0);
}

enum gunyah_error
gunyah_smccc_vcpu_run(u64 capid, const u64 resume_data[3],
		      struct gunyah_hypercall_vcpu_run_resp *resp)
{
	struct arm_smccc_1_2_regs args = {
		.a0 = GUNYAH_HC_VCPU_RUN,
		.a1 = capid,
		.a2 = resume_data[0],
		.a3 = resume_data[1],
		.a4 = resume_data[2],
	};
	struct arm_smccc_1_2_regs res;

	arm_smccc_1_2_hvc(&args, &res);
	if (res.a0 == GUNYAH_ERROR_OK) {
		resp->state = res.a1;
		resp->state_data[0] = res.a2;
		resp->state_data[1] = res.a3;
		resp->state_data[2] = res.a4;
	}
	return gunyah_smccc_err(res.a0);
}

enum gunyah_error gunyah_smccc_addrspace_map(u64 capid, u64 extent_capid,
					     u64 vbase, u32 attrs, u32 flags,
					     u64 offset, u64 size)
{
	struct arm_smccc_res res;

	arm_smccc_1_1_hvc(GUNYAH_HC_ADDRSPACE_MAP, capid, extent_capid, vbase,
			  attrs, flags, offset, size, &res);
	return gunyah_smccc_err(res.a0);
}

enum gunyah_error gunyah_smccc_addrspace_unmap(u64 capid, u64 extent_capid,
					       u64 vbase, u32 flags,
					       u64 offset, u64 size)
{
	struct arm_smccc_res res;

	arm_smccc_1_1_hvc(GUNYAH_HC_ADDRSPACE_UNMAP, capid, extent_capid,
			  vbase, flags, offset, size, &res);
	return gunyah_smccc_err(res.a0);
}

/* The call number is 0x61 in the hypervisor, not the documented 0x6033. */
enum gunyah_error gunyah_smccc_memextent_donate(u32 options, u64 from_capid,
						u64 to_capid, u64 offset,
						u64 size)
{
	struct arm_smccc_res res;

	arm_smccc_1_1_hvc(GUNYAH_HC_MEMEXTENT_DONATE, options, from_capid,
			  to_capid, offset, size, 0, &res);
	return gunyah_smccc_err(res.a0);
}
