/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The arm64 SMCCC implementation of the Gunyah hypercalls, private to
 * hypercall.c. Off arm64 every call is a stub that is never reached.
 */
#ifndef _GUNYAH_HYPERCALL_H
#define _GUNYAH_HYPERCALL_H

#include <linux/gunyah.h>

void gunyah_hypercall_init(void);

#ifdef CONFIG_ARM64
bool gunyah_smccc_detect(void);
void gunyah_smccc_identify(struct gunyah_hypercall_identify_resp *resp);
enum gunyah_error gunyah_smccc_bell_send(u64 capid, u64 new_flags,
					 u64 *old_flags);
enum gunyah_error gunyah_smccc_bell_receive(u64 capid, u64 clear_flags,
					    u64 *old_flags);
enum gunyah_error gunyah_smccc_bell_set_mask(u64 capid, u64 enable_mask,
					     u64 ack_mask);
enum gunyah_error gunyah_smccc_msgq_send(u64 capid, size_t size,
					 const void *buf, u64 tx_flags,
					 bool *ready);
enum gunyah_error gunyah_smccc_msgq_recv(u64 capid, void *buf, size_t size,
					 size_t *recv_size, bool *ready);
enum gunyah_error
gunyah_smccc_vcpu_run(u64 capid, const u64 resume_data[3],
		      struct gunyah_hypercall_vcpu_run_resp *resp);
enum gunyah_error gunyah_smccc_addrspace_map(u64 capid, u64 extent_capid,
					     u64 vbase, u32 attrs, u32 flags,
					     u64 offset, u64 size);
enum gunyah_error gunyah_smccc_addrspace_unmap(u64 capid, u64 extent_capid,
					       u64 vbase, u32 flags,
					       u64 offset, u64 size);
enum gunyah_error gunyah_smccc_memextent_donate(u32 options, u64 from_capid,
						u64 to_capid, u64 offset,
						u64 size);
#else
static inline bool gunyah_smccc_detect(void)
{
	return false;
}

static inline void
gunyah_smccc_identify(struct gunyah_hypercall_identify_resp *resp)
{
}

#define gunyah_smccc_bell_send(...)	GUNYAH_ERROR_UNIMPLEMENTED
#define gunyah_smccc_bell_receive(...)	GUNYAH_ERROR_UNIMPLEMENTED
#define gunyah_smccc_bell_set_mask(...)	GUNYAH_ERROR_UNIMPLEMENTED
#define gunyah_smccc_msgq_send(...)	GUNYAH_ERROR_UNIMPLEMENTED
#define gunyah_smccc_msgq_recv(...)	GUNYAH_ERROR_UNIMPLEMENTED
#define gunyah_smccc_addrspace_map(...)	GUNYAH_ERROR_UNIMPLEMENTED
#define gunyah_smccc_addrspace_unmap(...)	GUNYAH_ERROR_UNIMPLEMENTED
#define gunyah_smccc_memextent_donate(...)	GUNYAH_ERROR_UNIMPLEMENTED

/* A function, not a macro: it becomes the target of a static call. */
static inline enum gunyah_error
gunyah_smccc_vcpu_run(u64 capid, const u64 resume_data[3],
		      struct gunyah_hypercall_vcpu_run_resp *resp)
{
	return GUNYAH_ERROR_UNIMPLEMENTED;
}
#endif

#endif /* _GUNYAH_HYPERCALL_H */
