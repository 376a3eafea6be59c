// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hypercall dispatch: the real Gunyah SMCCC calls on arm64, or the calls of
 * a registered backend (the simulator). The choice is made once, when the
 * module loads: on arm64 with Gunyah present a static branch sends every
 * call straight to the SMCCC instruction.
 */

#define pr_fmt(fmt) "gunyah: " fmt

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/gunyah.h>
#include <linux/jump_label.h>
#include <linux/mutex.h>

#include "hypercall.h"

static DEFINE_STATIC_KEY_FALSE(gunyah_hc_real);
static DEFINE_MUTEX(gunyah_hc_ops_lock);
/* Protected by gunyah_hc_ops_lock for writers; read with READ_ONCE(). */
static const struct gunyah_hypercall_ops *gunyah_hc_ops;

/* vcpu_run without a hypervisor or a backend that has it */
static enum gunyah_error
gunyah_hc_vcpu_run_none(u64 capid, const u64 resume_data[3],
			struct gunyah_hypercall_vcpu_run_resp *resp)
{
	return GUNYAH_ERROR_UNIMPLEMENTED;
}

/* Updated under gunyah_hc_ops_lock, or once at init for real Gunyah. */
DEFINE_STATIC_CALL(gunyah_hc_vcpu_run, gunyah_hc_vcpu_run_none);
EXPORT_STATIC_CALL_GPL(gunyah_hc_vcpu_run);

/**
 * gunyah_error_remap() - the errno for a hypervisor error code
 * @gunyah_error: the hypervisor's error code
 *
 * Return: 0 for %GUNYAH_ERROR_OK, a negative errno otherwise. Codes this
 * driver does not know map to -EINVAL.
 */
int gunyah_error_remap(enum gunyah_error gunyah_error)
{
	switch (gunyah_error) {
	case GUNYAH_ERROR_OK:
		return 0;
	case GUNYAH_ERROR_NOMEM:
		return -ENOMEM;
	case GUNYAH_ERROR_NORESOURCES:
		return -ENOSPC;
	case GUNYAH_ERROR_DENIED:
	case GUNYAH_ERROR_CSPACE_CAP_NULL:
	case GUNYAH_ERROR_CSPACE_CAP_REVOKED:
	case GUNYAH_ERROR_CSPACE_WRONG_OBJ_TYPE:
	case GUNYAH_ERROR_CSPACE_INSUF_RIGHTS:
		return -EACCES;
	case GUNYAH_ERROR_CSPACE_FULL:
	case GUNYAH_ERROR_BUSY:
	case GUNYAH_ERROR_IDLE:
		return -EBUSY;
	case GUNYAH_ERROR_IRQ_BOUND:
	case GUNYAH_ERROR_IRQ_UNBOUND:
	case GUNYAH_ERROR_MSGQUEUE_FULL:
	case GUNYAH_ERROR_MSGQUEUE_EMPTY:
		return -EIO;
	case GUNYAH_ERROR_UNIMPLEMENTED:
		return -EOPNOTSUPP;
	case GUNYAH_ERROR_RETRY:
		return -EAGAIN;
	default:
		return -EINVAL;
	}
}
EXPORT_SYMBOL_GPL(gunyah_error_remap);

/**
 * gunyah_hypervisor_present() - whether this kernel runs under real Gunyah
 *
 * Return: true if the SMCCC vendor-hypervisor UID is Gunyah's and the
 * hypervisor reports a supported API. Always false off arm64.
 */
bool gunyah_hypervisor_present(void)
{
	return gunyah_smccc_detect();
}
EXPORT_SYMBOL_GPL(gunyah_hypervisor_present);

/**
 * gunyah_hypercall_register_ops() - install a software hypercall backend
 * @ops: the backend; must stay valid until unregistered
 *
 * Only one backend can be registered, and none where a real Gunyah
 * hypervisor was detected.
 *
 * Return: 0, -EEXIST if a backend is registered, -EBUSY under real Gunyah.
 */
int gunyah_hypercall_register_ops(const struct gunyah_hypercall_ops *ops)
{
	int ret = 0;

	if (static_branch_likely(&gunyah_hc_real))
		return -EBUSY;

	mutex_lock(&gunyah_hc_ops_lock);
	if (gunyah_hc_ops) {
		ret = -EEXIST;
	} else {
		WRITE_ONCE(gunyah_hc_ops, ops);
		if (ops->vcpu_run)
			static_call_update(gunyah_hc_vcpu_run, ops->vcpu_run);
	}
	mutex_unlock(&gunyah_hc_ops_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(gunyah_hypercall_register_ops);

/**
 * gunyah_hypercall_unregister_ops() - remove a software hypercall backend
 * @ops: the backend passed to gunyah_hypercall_register_ops()
 *
 * The caller must first remove every device that issues hypercalls through
 * @ops (the Resource Manager device and with it every VM): nothing here
 * waits for calls in flight.
 */
void gunyah_hypercall_unregister_ops(const struct gunyah_hypercall_ops *ops)
{
	mutex_lock(&gunyah_hc_ops_lock);
	if (!WARN_ON(gunyah_hc_ops != ops)) {
		WRITE_ONCE(gunyah_hc_ops, NULL);
		static_call_update(gunyah_hc_vcpu_run,
				   gunyah_hc_vcpu_run_none);
	}
	mutex_unlock(&gunyah_hc_ops_lock);
}
EXPORT_SYMBOL_GPL(gunyah_hypercall_unregister_ops);

static const struct gunyah_hypercall_ops *gunyah_hc_get_ops(void)
{
	const struct gunyah_hypercall_ops *ops = READ_ONCE(gunyah_hc_ops);

	WARN_ON_ONCE(!ops);
	return ops;
}

/* Real Gunyah: straight to SMCCC, no indirect call. */
static __always_inline bool gunyah_hc_is_real(void)
{
	return IS_ENABLED(CONFIG_ARM64) && static_branch_likely(&gunyah_hc_real);
}

/**
 * gunyah_hypercall_hyp_identify() - hypervisor_identify
 * @resp: filled with the API info and feature flags; all zero if there is
 *        no hypervisor
 */
void gunyah_hypercall_hyp_identify(struct gunyah_hypercall_identify_resp *resp)
{
	const struct gunyah_hypercall_ops *ops;

	memset(resp, 0, sizeof(*resp));
	if (gunyah_hc_is_real()) {
		gunyah_smccc_identify(resp);
		return;
	}
	ops = gunyah_hc_get_ops();
	if (ops && ops->identify)
		ops->identify(resp);
}
EXPORT_SYMBOL_GPL(gunyah_hypercall_hyp_identify);

/**
 * gunyah_hypercall_bell_send() - doorbell_send
 * @capid: doorbell capability (SEND right)
 * @new_flags: flags to set
 * @old_flags: the flags before this call
 *
 * Return: the hypervisor's error code.
 */
enum gunyah_error gunyah_hypercall_bell_send(u64 capid, u64 new_flags,
					     u64 *old_flags)
{
	const struct gunyah_hypercall_ops *ops;

	if (gunyah_hc_is_real())
		return gunyah_smccc_bell_send(capid, new_flags, old_flags);
	ops = gunyah_hc_get_ops();
	if (!ops || !ops->bell_send)
		return GUNYAH_ERROR_UNIMPLEMENTED;
	return ops->bell_send(capid, new_flags, old_flags);
}
EXPORT_SYMBOL_GPL(gunyah_hypercall_bell_send);

/**
 * gunyah_hypercall_bell_receive() - doorbell_receive
 * @capid: doorbell capability (RECEIVE right)
 * @clear_flags: flags to clear, non-zero
 * @old_flags: the flags before this call
 *
 * Return: the hypervisor's error code.
 */
enum gunyah_error gunyah_hypercall_bell_receive(u64 capid, u64 clear_flags,
						u64 *old_flags)
{
	const struct gunyah_hypercall_ops *ops;

	if (gunyah_hc_is_real())
		return gunyah_smccc_bell_receive(capid, clear_flags, old_flags);
	ops = gunyah_hc_get_ops();
	if (!ops || !ops->bell_receive)
		return GUNYAH_ERROR_UNIMPLEMENTED;
	return ops->bell_receive(capid, clear_flags, old_flags);
}
EXPORT_SYMBOL_GPL(gunyah_hypercall_bell_receive);

/**
 * gunyah_hypercall_bell_set_mask() - doorbell_mask
 * @capid: doorbell capability (RECEIVE right)
 * @enable_mask: flags that assert the interrupt
 * @ack_mask: flags cleared automatically when the interrupt is asserted
 *
 * Return: the hypervisor's error code.
 */
enum gunyah_error gunyah_hypercall_bell_set_mask(u64 capid, u64 enable_mask,
						 u64 ack_mask)
{
	const struct gunyah_hypercall_ops *ops;

	if (gunyah_hc_is_real())
		return gunyah_smccc_bell_set_mask(capid, enable_mask, ack_mask);
	ops = gunyah_hc_get_ops();
	if (!ops || !ops->bell_set_mask)
		return GUNYAH_ERROR_UNIMPLEMENTED;
	return ops->bell_set_mask(capid, enable_mask, ack_mask);
}
EXPORT_SYMBOL_GPL(gunyah_hypercall_bell_set_mask);

/**
 * gunyah_hypercall_msgq_send() - msgqueue_send
 * @capid: message queue capability (SEND right)
 * @size: message length, 1 to the queue's maximum message size
 * @buf: the message
 * @tx_flags: %GUNYAH_HYPERCALL_MSGQ_TX_FLAGS_PUSH or 0
 * @ready: whether the queue can take another message
 *
 * Return: the hypervisor's error code; %GUNYAH_ERROR_MSGQUEUE_FULL if the
 * queue is full.
 */
enum gunyah_error gunyah_hypercall_msgq_send(u64 capid, size_t size,
					     const void *buf, u64 tx_flags,
					     bool *ready)
{
	const struct gunyah_hypercall_ops *ops;

	if (gunyah_hc_is_real())
		return gunyah_smccc_msgq_send(capid, size, buf, tx_flags, ready);
	ops = gunyah_hc_get_ops();
	if (!ops || !ops->msgq_send)
		return GUNYAH_ERROR_UNIMPLEMENTED;
	return ops->msgq_send(capid, size, buf, tx_flags, ready);
}
EXPORT_SYMBOL_GPL(gunyah_hypercall_msgq_send);

/**
 * gunyah_hypercall_msgq_recv() - msgqueue_receive
 * @capid: message queue capability (RECEIVE right)
 * @buf: destination; must hold the queue's maximum message size, or the
 *       hypervisor leaves the message queued and reports a length of 0
 * @size: size of @buf
 * @recv_size: length of the message received
 * @ready: whether more messages are queued
 *
 * Return: the hypervisor's error code; %GUNYAH_ERROR_MSGQUEUE_EMPTY if no
 * message was queued.
 */
enum gunyah_error gunyah_hypercall_msgq_recv(u64 capid, void *buf, size_t size,
					     size_t *recv_size, bool *ready)
{
	const struct gunyah_hypercall_ops *ops;

	if (gunyah_hc_is_real())
		return gunyah_smccc_msgq_recv(capid, buf, size, recv_size, ready);
	ops = gunyah_hc_get_ops();
	if (!ops || !ops->msgq_recv)
		return GUNYAH_ERROR_UNIMPLEMENTED;
	return ops->msgq_recv(capid, buf, size, recv_size, ready);
}
EXPORT_SYMBOL_GPL(gunyah_hypercall_msgq_recv);

/**
 * gunyah_hypercall_addrspace_map() - addrspace_map
 * @capid: address space capability (MAP right)
 * @extent_capid: memory extent capability (MAP right)
 * @vbase: guest address to map at
 * @attrs: GUNYAH_ADDRSPACE_ATTR_* fields
 * @flags: GUNYAH_ADDRSPACE_MAP_FLAG_*
 * @offset: offset in the extent, with %GUNYAH_ADDRSPACE_MAP_FLAG_PARTIAL
 * @size: size, with %GUNYAH_ADDRSPACE_MAP_FLAG_PARTIAL
 *
 * Return: the hypervisor's error code.
 */
enum gunyah_error gunyah_hypercall_addrspace_map(u64 capid, u64 extent_capid,
						 u64 vbase, u32 attrs,
						 u32 flags, u64 offset,
						 u64 size)
{
	const struct gunyah_hypercall_ops *ops;

	if (gunyah_hc_is_real())
		return gunyah_smccc_addrspace_map(capid, extent_capid, vbase,
						  attrs, flags, offset, size);
	ops = gunyah_hc_get_ops();
	if (!ops || !ops->addrspace_map)
		return GUNYAH_ERROR_UNIMPLEMENTED;
	return ops->addrspace_map(capid, extent_capid, vbase, attrs, flags,
				  offset, size);
}
EXPORT_SYMBOL_GPL(gunyah_hypercall_addrspace_map);

/**
 * gunyah_hypercall_addrspace_unmap() - addrspace_unmap
 * @capid: address space capability (MAP right)
 * @extent_capid: memory extent capability
 * @vbase: guest address of the mapping
 * @flags: GUNYAH_ADDRSPACE_MAP_FLAG_*
 * @offset: offset in the extent, with %GUNYAH_ADDRSPACE_MAP_FLAG_PARTIAL
 * @size: size, with %GUNYAH_ADDRSPACE_MAP_FLAG_PARTIAL
 *
 * Return: the hypervisor's error code.
 */
enum gunyah_error gunyah_hypercall_addrspace_unmap(u64 capid, u64 extent_capid,
						   u64 vbase, u32 flags,
						   u64 offset, u64 size)
{
	const struct gunyah_hypercall_ops *ops;

	if (gunyah_hc_is_real())
		return gunyah_smccc_addrspace_unmap(capid, extent_capid, vbase,
						    flags, offset, size);
	ops = gunyah_hc_get_ops();
	if (!ops || !ops->addrspace_unmap)
		return GUNYAH_ERROR_UNIMPLEMENTED;
	return ops->addrspace_unmap(capid, extent_capid, vbase, flags, offset,
				    size);
}
EXPORT_SYMBOL_GPL(gunyah_hypercall_addrspace_unmap);

/**
 * gunyah_hypercall_memextent_donate() - memextent_donate
 * @options: GUNYAH_MEMEXTENT_DONATE_* type, optionally
 *           %GUNYAH_MEMEXTENT_OPTION_NOSYNC
 * @from_capid: extent (or partition) giving the memory
 * @to_capid: extent receiving it
 * @offset: offset of the range
 * @size: size of the range
 *
 * Return: the hypervisor's error code.
 */
enum gunyah_error gunyah_hypercall_memextent_donate(u32 options,
						    u64 from_capid,
						    u64 to_capid, u64 offset,
						    u64 size)
{
	const struct gunyah_hypercall_ops *ops;

	if (gunyah_hc_is_real())
		return gunyah_smccc_memextent_donate(options, from_capid,
						     to_capid, offset, size);
	ops = gunyah_hc_get_ops();
	if (!ops || !ops->memextent_donate)
		return GUNYAH_ERROR_UNIMPLEMENTED;
	return ops->memextent_donate(options, from_capid, to_capid, offset,
				     size);
}
EXPORT_SYMBOL_GPL(gunyah_hypercall_memextent_donate);

/* Choose the backend once: real Gunyah if this kernel runs under it. */
void gunyah_hypercall_init(void)
{
	if (gunyah_smccc_detect()) {
		pr_info("Gunyah hypervisor detected\n");
		static_branch_enable(&gunyah_hc_real);
		static_call_update(gunyah_hc_vcpu_run, gunyah_smccc_vcpu_run);
	}
}
