/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Gunyah hypervisor: the kernel-internal interface shared by the driver's
 * modules (gunyah.ko, the VM functions and the simulator).
 *
 * Hypercalls go through one backend chosen once, when the hypervisor is
 * detected: the arm64 SMCCC calls of a real Gunyah, or the simulator's
 * model. On arm64 the real path is a static branch away from the SMCCC
 * instruction and never an indirect call.
 */
#ifndef _LINUX_GUNYAH_H
#define _LINUX_GUNYAH_H

#include <linux/bits.h>
#include <linux/module.h>
#include <linux/static_call.h>
#include <linux/types.h>

/* Hypervisor error codes (sign-extended 32-bit values in x0). */
enum gunyah_error {
	GUNYAH_ERROR_OK				= 0,
	GUNYAH_ERROR_UNIMPLEMENTED		= -1,
	GUNYAH_ERROR_RETRY			= -2,

	GUNYAH_ERROR_ARG_INVAL			= 1,
	GUNYAH_ERROR_ARG_SIZE			= 2,
	GUNYAH_ERROR_ARG_ALIGN			= 3,

	GUNYAH_ERROR_NOMEM			= 10,
	GUNYAH_ERROR_NORESOURCES		= 11,

	GUNYAH_ERROR_ADDR_OVFL			= 20,
	GUNYAH_ERROR_ADDR_UNDFL			= 21,
	GUNYAH_ERROR_ADDR_INVAL			= 22,

	GUNYAH_ERROR_DENIED			= 30,
	GUNYAH_ERROR_BUSY			= 31,
	GUNYAH_ERROR_IDLE			= 32,
	GUNYAH_ERROR_OBJECT_STATE		= 33,
	GUNYAH_ERROR_OBJECT_CONFIG		= 34,
	GUNYAH_ERROR_OBJECT_CONFIGURED		= 35,
	GUNYAH_ERROR_FAILURE			= 36,

	GUNYAH_ERROR_IRQ_BOUND			= 40,
	GUNYAH_ERROR_IRQ_UNBOUND		= 41,

	GUNYAH_ERROR_CSPACE_CAP_NULL		= 50,
	GUNYAH_ERROR_CSPACE_CAP_REVOKED		= 51,
	GUNYAH_ERROR_CSPACE_WRONG_OBJ_TYPE	= 52,
	GUNYAH_ERROR_CSPACE_INSUF_RIGHTS	= 53,
	GUNYAH_ERROR_CSPACE_FULL		= 54,

	GUNYAH_ERROR_MSGQUEUE_EMPTY		= 60,
	GUNYAH_ERROR_MSGQUEUE_FULL		= 61,
};

int gunyah_error_remap(enum gunyah_error gunyah_error);

/* hypervisor_identify: api_info word and feature flags (flags[0]). */
#define GUNYAH_API_INFO_API_VERSION_MASK	GENMASK_ULL(13, 0)
#define GUNYAH_API_INFO_BIG_ENDIAN		BIT_ULL(14)
#define GUNYAH_API_INFO_IS_64BIT		BIT_ULL(15)
#define GUNYAH_API_INFO_VARIANT_MASK		GENMASK_ULL(63, 56)
#define GUNYAH_API_V1				1

#define GUNYAH_FEATURE_DOORBELL			BIT_ULL(1)
#define GUNYAH_FEATURE_MSGQUEUE			BIT_ULL(2)
#define GUNYAH_FEATURE_VCPU			BIT_ULL(5)
#define GUNYAH_FEATURE_MEMEXTENT		BIT_ULL(6)
#define GUNYAH_FEATURE_VCPU_RUN			BIT_ULL(11)

/**
 * struct gunyah_hypercall_identify_resp - result of hypervisor_identify
 * @api_info: API version, endianness, width and variant
 * @flags: feature flags words 0 to 2
 */
struct gunyah_hypercall_identify_resp {
	u64 api_info;
	u64 flags[3];
};

/* addrspace_map attributes: access in 2:0 (user) and 6:4 (kernel), type 23:16 */
#define GUNYAH_ADDRSPACE_ACCESS_X		BIT(0)
#define GUNYAH_ADDRSPACE_ACCESS_W		BIT(1)
#define GUNYAH_ADDRSPACE_ACCESS_R		BIT(2)
#define GUNYAH_ADDRSPACE_ATTR_USER_ACCESS	GENMASK(2, 0)
#define GUNYAH_ADDRSPACE_ATTR_KERNEL_ACCESS	GENMASK(6, 4)
#define GUNYAH_ADDRSPACE_ATTR_MEMTYPE		GENMASK(23, 16)
#define GUNYAH_ADDRSPACE_MEMTYPE_NORMAL_WB	15
/* addrspace_map/unmap flags */
#define GUNYAH_ADDRSPACE_MAP_FLAG_PARTIAL	BIT(0)
#define GUNYAH_ADDRSPACE_MAP_FLAG_NOSYNC	BIT(31)

/* memextent_donate options: type in 7:0 */
#define GUNYAH_MEMEXTENT_DONATE_TO_CHILD	0
#define GUNYAH_MEMEXTENT_DONATE_TO_PARENT	1
#define GUNYAH_MEMEXTENT_DONATE_TO_SIBLING	2
#define GUNYAH_MEMEXTENT_OPTION_TYPE_MASK	GENMASK(7, 0)
#define GUNYAH_MEMEXTENT_OPTION_NOSYNC		BIT(31)

/* msgq_send flags */
#define GUNYAH_HYPERCALL_MSGQ_TX_FLAGS_PUSH	BIT_ULL(0)

/* vcpu_run states (x1 of the result) */
enum gunyah_vcpu_run_state {
	GUNYAH_VCPU_STATE_READY			= 0,
	GUNYAH_VCPU_STATE_EXPECTS_WAKEUP	= 1,
	GUNYAH_VCPU_STATE_POWERED_OFF		= 2,
	GUNYAH_VCPU_STATE_BLOCKED		= 3,
	GUNYAH_VCPU_ADDRSPACE_VMMIO_READ	= 4,
	GUNYAH_VCPU_ADDRSPACE_VMMIO_WRITE	= 5,
	GUNYAH_VCPU_STATE_FAULT			= 6,
	GUNYAH_VCPU_ADDRSPACE_PAGE_FAULT	= 7,
	GUNYAH_VCPU_STATE_PSCI_SYSTEM_RESET	= 0x100,
};

/*
 * ADDRSPACE_PAGE_FAULT: state_data_0 is the guest address, state_data_1
 * how the guest accessed it. The open-source hypervisor never reports it
 * (it injects an abort into the guest instead); the simulator does.
 */
#define GUNYAH_VCPU_PAGE_FAULT_WRITE		BIT_ULL(0)
#define GUNYAH_VCPU_PAGE_FAULT_EXEC		BIT_ULL(1)

/*
 * Resume action in resume_data_1 after an ADDRSPACE_VMMIO_* or
 * ADDRSPACE_PAGE_FAULT state: complete the access as emulated (a VMMIO
 * read returns resume_data_0), replay it, or abort it.
 */
#define GUNYAH_VCPU_ACTION_EMULATE		0
#define GUNYAH_VCPU_ACTION_RETRY		1
#define GUNYAH_VCPU_ACTION_FAULT		2

/**
 * struct gunyah_hypercall_vcpu_run_resp - result of vcpu_run
 * @state: one of enum gunyah_vcpu_run_state, or a value this driver does
 *         not know
 * @state_data: state-specific data words 0 to 2
 */
struct gunyah_hypercall_vcpu_run_resp {
	u64 state;
	u64 state_data[3];
};

/**
 * struct gunyah_hypercall_ops - a hypercall backend other than real Gunyah
 * @owner: module providing the backend; pinned while registered
 * @identify: hypervisor_identify
 * @bell_send: doorbell_send: OR @new_flags into the doorbell's flags
 * @bell_receive: doorbell_receive: clear @clear_flags, return the old flags
 * @bell_set_mask: doorbell_mask
 * @msgq_send: msgqueue_send of @size bytes from @buf; *@ready tells whether
 *             the queue can take another message
 * @msgq_recv: msgqueue_receive into @buf of @size bytes; *@recv_size is the
 *             message length and *@ready whether more messages wait
 * @vcpu_run: vcpu_run with three resume data words
 * @addrspace_map: addrspace_map of a memory extent into an address space
 * @addrspace_unmap: addrspace_unmap
 * @memextent_donate: memextent_donate between two extents
 *
 * Every operation returns the hypervisor's error code, not an errno.
 */
struct gunyah_hypercall_ops {
	struct module *owner;
	void (*identify)(struct gunyah_hypercall_identify_resp *resp);
	enum gunyah_error (*bell_send)(u64 capid, u64 new_flags, u64 *old_flags);
	enum gunyah_error (*bell_receive)(u64 capid, u64 clear_flags,
					  u64 *old_flags);
	enum gunyah_error (*bell_set_mask)(u64 capid, u64 enable_mask,
					   u64 ack_mask);
	enum gunyah_error (*msgq_send)(u64 capid, size_t size, const void *buf,
				       u64 tx_flags, bool *ready);
	enum gunyah_error (*msgq_recv)(u64 capid, void *buf, size_t size,
				       size_t *recv_size, bool *ready);
	enum gunyah_error (*vcpu_run)(u64 capid, const u64 resume_data[3],
				      struct gunyah_hypercall_vcpu_run_resp *resp);
	enum gunyah_error (*addrspace_map)(u64 capid, u64 extent_capid,
					   u64 vbase, u32 attrs, u32 flags,
					   u64 offset, u64 size);
	enum gunyah_error (*addrspace_unmap)(u64 capid, u64 extent_capid,
					     u64 vbase, u32 flags, u64 offset,
					     u64 size);
	enum gunyah_error (*memextent_donate)(u32 options, u64 from_capid,
					      u64 to_capid, u64 offset,
					      u64 size);
};

int gunyah_hypercall_register_ops(const struct gunyah_hypercall_ops *ops);
void gunyah_hypercall_unregister_ops(const struct gunyah_hypercall_ops *ops);
bool gunyah_hypervisor_present(void);

void gunyah_hypercall_hyp_identify(struct gunyah_hypercall_identify_resp *resp);
enum gunyah_error gunyah_hypercall_bell_send(u64 capid, u64 new_flags,
					     u64 *old_flags);
enum gunyah_error gunyah_hypercall_bell_receive(u64 capid, u64 clear_flags,
						u64 *old_flags);
enum gunyah_error gunyah_hypercall_bell_set_mask(u64 capid, u64 enable_mask,
						 u64 ack_mask);
enum gunyah_error gunyah_hypercall_msgq_send(u64 capid, size_t size,
					     const void *buf, u64 tx_flags,
					     bool *ready);
enum gunyah_error gunyah_hypercall_msgq_recv(u64 capid, void *buf, size_t size,
					     size_t *recv_size, bool *ready);

/*
 * vcpu_run is on the path of every vCPU exit: a static call, which the
 * backend (or real Gunyah) sets, spares it a wrapper and an indirect call.
 */
DECLARE_STATIC_CALL(gunyah_hc_vcpu_run,
		    *((struct gunyah_hypercall_ops *)NULL)->vcpu_run);

/**
 * gunyah_hypercall_vcpu_run() - vcpu_run
 * @capid: proxy-scheduled vCPU capability
 * @resume_data: the three resume data words for the state last returned
 * @resp: the vCPU's new state and its data
 *
 * Return: the hypervisor's error code; UNIMPLEMENTED without a hypervisor
 * or backend.
 */
static inline enum gunyah_error
gunyah_hypercall_vcpu_run(u64 capid, const u64 resume_data[3],
			  struct gunyah_hypercall_vcpu_run_resp *resp)
{
	return static_call(gunyah_hc_vcpu_run)(capid, resume_data, resp);
}

enum gunyah_error gunyah_hypercall_addrspace_map(u64 capid, u64 extent_capid,
						 u64 vbase, u32 attrs,
						 u32 flags, u64 offset,
						 u64 size);
enum gunyah_error gunyah_hypercall_addrspace_unmap(u64 capid, u64 extent_capid,
						   u64 vbase, u32 flags,
						   u64 offset, u64 size);
enum gunyah_error gunyah_hypercall_memextent_donate(u32 options,
						    u64 from_capid,
						    u64 to_capid, u64 offset,
						    u64 size);

#endif /* _LINUX_GUNYAH_H */
