/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Gunyah simulator: private interfaces between the files of gunyah_sim.ko.
 *
 * The simulator has three parts. msgq.c models the two hypervisor message
 * queues between the host and the Resource Manager (RM), raises the host's
 * interrupts and implements the hypercall backend. rm.c is the transport side
 * of the modelled RM: it reassembles requests, dispatches them to rm_vm.c
 * (VM management) and rm_mem.c (memory parcels) and sends the replies and
 * notifications. fault.c and debugfs.c let tests observe the model and make
 * it misbehave.
 *
 * Lock order, outermost first:
 *
 *   sim_rm::lock -> sim_fault_lock -> sim_last_lock -> sim_msgq::lock
 *   sim_rm::lock -> sim_bell_lock
 *   sim_rm::lock -> a vCPU slot's bit -> sim_bell_lock
 *
 * guest.c models the VMs' guests: it runs guest programs (see
 * <linux/gunyah_guest_prog.h>) in the vcpu_run hypercall. A vCPU runs under
 * the bit spinlock of its slot, not under sim_rm::lock, so that vCPUs run
 * concurrently as on Gunyah; what changes a vCPU from outside (VM_START,
 * the VM's exit, kicks) takes the bit too. A vCPU takes sim_rm::lock, with
 * its bit released, only to make its VM exit or to accept memory.
 *
 * sim_rm_kick_lock is only ever taken on its own. Every request is parsed at
 * explicit byte offsets taken from the ABI tables, never through the driver's
 * structures, so that a layout bug on either side shows up as a mismatch.
 */
#ifndef _GUNYAH_SIM_H
#define _GUNYAH_SIM_H

#include <linux/atomic.h>
#include <linux/gunyah.h>
#include <linux/gunyah_sim.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

/*
 * Requests are decoded with get_unaligned_le*() at explicit offsets from the
 * ABI tables. compat.mk detects where the header lives (6.12 moved it).
 */
#ifdef GUNYAH_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

struct gunyah_rm_msg_rx;
struct seq_file;

/* Message queues between the host and the RM (ABI section 2). */
#define SIM_MSGQ_DEPTH			8
#define SIM_MSGQ_MSG_SIZE		240
/* Capability IDs of the host's queue caps, as on the debug build. */
#define SIM_CAP_RM_TX			0	/* host -> RM, host holds SEND */
#define SIM_CAP_RM_RX			1	/* RM -> host, host holds RECEIVE */
/* host -> host, SEND and RECEIVE, no interrupts: the benchmark's baseline */
#define SIM_CAP_LOOPBACK		GUNYAH_SIM_CAP_LOOPBACK

/* hypervisor_identify result of the QEMU build (ABI section 1.7). */
#define SIM_API_INFO			0x5100000000008001ULL
#define SIM_API_FLAGS0			0x10000EFFULL

/* VMIDs (ABI section 3.5). */
#define SIM_VMID_HLOS			3
#define SIM_VMID_RM			0xFF
#define SIM_VMID_SECONDARY_FIRST	4
#define SIM_VMID_SECONDARY_LAST		31
#define SIM_VMID_DYNAMIC_FIRST		0x80
#define SIM_VMID_DYNAMIC_LAST		0xBE
#define SIM_NR_DYNAMIC_VMIDS \
	(SIM_VMID_DYNAMIC_LAST - SIM_VMID_DYNAMIC_FIRST + 1)

#define SIM_MAX_VCPUS			16
#define SIM_FIRST_BELL_CAP		0x100
/* Doorbells per VM; the DT's further doorbell vdevices are ignored. */
#define SIM_MAX_BELLS			16

/* RM error codes (ABI section 3.4). */
#define SIM_RM_OK			0x0
#define SIM_RM_NOMEM			0x1
#define SIM_RM_NORESOURCE		0x2
#define SIM_RM_DENIED			0x3
#define SIM_RM_MSG_INVALID		0x4
#define SIM_RM_ARGUMENT_INVALID		0x6
#define SIM_RM_HANDLE_INVALID		0x7
#define SIM_RM_MEM_INVALID		0xA
#define SIM_RM_MEM_INUSE		0xB
#define SIM_RM_VMID_INVALID		0xD
#define SIM_RM_VM_STATE			0x14
#define SIM_RM_UNIMPLEMENTED		0xFFFFFFFF

/* RM calls (ABI sections 4.1 and 4.3). */
#define SIM_RM_VM_ALLOCATE		0x56000001
#define SIM_RM_VM_DEALLOCATE		0x56000002
#define SIM_RM_VM_START			0x56000004
#define SIM_RM_VM_STOP			0x56000005
#define SIM_RM_VM_RESET			0x56000006
#define SIM_RM_VM_CONFIG_IMAGE		0x56000009
#define SIM_RM_VM_AUTH_IMAGE		0x5600000A
#define SIM_RM_VM_INIT			0x5600000B
#define SIM_RM_VM_GET_STATE		0x56000017
#define SIM_RM_VM_GET_HYP_RESOURCES	0x56000020
#define SIM_RM_VM_GET_VMID		0x56000024
#define SIM_RM_VM_SET_BOOT_CONTEXT	0x56000031
#define SIM_RM_VM_SET_FIRMWARE_MEM	0x56000032
#define SIM_RM_VM_SET_DEMAND_PAGING	0x56000033
#define SIM_RM_VM_SET_ADDRESS_LAYOUT	0x56000034
#define SIM_RM_MEM_DONATE		0x51000010
#define SIM_RM_MEM_LEND			0x51000012
#define SIM_RM_MEM_SHARE		0x51000013
#define SIM_RM_MEM_RECLAIM		0x51000015
#define SIM_RM_MEM_APPEND		0x51000018

/* RM notifications (ABI section 4.4). */
#define SIM_RM_NOTIF_VM_EXITED		0x56100001
#define SIM_RM_NOTIF_VM_STATUS		0x56100008
#define SIM_RM_NOTIF_MEM_RELEASED	0x51100012

/* VM status values (ABI section 5). */
enum sim_vm_state {
	SIM_VM_NONE		= 0,
	SIM_VM_INIT		= 1,
	SIM_VM_READY		= 2,
	SIM_VM_RUNNING		= 3,
	SIM_VM_PAUSED		= 4,
	SIM_VM_LOAD		= 5,
	SIM_VM_AUTH		= 6,
	SIM_VM_INIT_FAILED	= 8,
	SIM_VM_EXITED		= 9,
	SIM_VM_RESETTING	= 10,
	SIM_VM_RESET		= 11,
};

/* Which RM the simulator stands in for; see the "protocol" parameter. */
enum sim_protocol {
	SIM_PROTOCOL_OSS,	/* the open-source RM of the ABI reference */
	SIM_PROTOCOL_FULL,	/* plus boot context, demand paging, layout */
};

/**
 * struct sim_stats - counters shown in debugfs "stats"; atomics, no lock
 * @requests: complete REQUEST messages the RM dispatched
 * @replies: replies the RM generated (a duplicated reply counts twice)
 * @notifications: notifications the RM generated
 * @malformed: packets dropped by reassembly, plus partial messages that a
 *             new message discarded
 * @ignored: complete messages that were not REQUESTs
 * @quirk_send: host sends of size 0 or over 240 bytes, accepted and dropped
 * @quirk_recv: host receives into a buffer shorter than the head message
 * @faults_fired: injected faults that took effect
 * @replies_dropped: pending replies dropped for a newer one
 * @notifs_dropped: pending notifications dropped (queue overflow or OOM)
 * @parked: times the RM found the host's RX queue full
 * @deaths: times the RM died (at most once per module load)
 */
struct sim_stats {
	atomic64_t requests;
	atomic64_t replies;
	atomic64_t notifications;
	atomic64_t malformed;
	atomic64_t ignored;
	atomic64_t quirk_send;
	atomic64_t quirk_recv;
	atomic64_t faults_fired;
	atomic64_t replies_dropped;
	atomic64_t notifs_dropped;
	atomic64_t parked;
	atomic64_t deaths;
};

extern struct sim_stats sim_stats;

static inline void sim_stat_inc(atomic64_t *counter)
{
	atomic64_inc(counter);
}

/* msgq.c */
enum sim_irq {
	SIM_IRQ_TX_NOT_FULL,	/* IRQ A: the host may send again */
	SIM_IRQ_RX_NOT_EMPTY,	/* IRQ B: the host has messages to receive */
	SIM_NR_IRQS,
};

extern const struct gunyah_hypercall_ops sim_hc_ops;

int sim_msgq_init(void);
void sim_msgq_exit(void);
unsigned int sim_msgq_irq(enum sim_irq which);
ssize_t sim_msgq_rm_receive(void *buf);
int sim_msgq_rm_send(const void *buf, size_t len);

/**
 * struct sim_rm_msg - a message the RM transmits to the host
 * @node: entry in &sim_rm.pending_notifs while a notification is pending
 * @msg_id: message id
 * @seq: sequence number
 * @seq_xor: XORed into @seq for the first transmission only
 * @type: GUNYAH_RM_TYPE_REPLY or GUNYAH_RM_TYPE_NOTIFICATION
 * @corrupt: send byte 0 of the first packet as 0x22
 * @npkts: packets to transmit, normally all of them
 * @next: index of the next packet to transmit
 * @repeat: further complete transmissions after this one
 * @size: payload size
 * @payload: the payload
 */
struct sim_rm_msg {
	struct list_head node;
	u32 msg_id;
	u16 seq;
	u16 seq_xor;
	u8 type;
	bool corrupt;
	u8 npkts;
	u8 next;
	u8 repeat;
	size_t size;
	u8 payload[];
};

/*
 * Largest reply data of any call the model implements: VM_GET_HYP_RESOURCES,
 * a count and a 44-byte entry per vCPU and doorbell.
 */
#define SIM_RM_REPLY_MAX	1536

/**
 * struct sim_rm - the modelled Resource Manager
 * @lock: protects every field below except where noted. The RM is single
 *        threaded like the real one: its work items run on an ordered
 *        workqueue and hold @lock while they work.
 * @wq: ordered workqueue of the RM; const between create and destroy
 * @rx_work: drains the host's TX queue and resumes parked transmission
 * @reset_work: completes VM resets (the second half of VM_RESET)
 * @stop_wait: woken when @stopping is set, to cut injected delays short
 * @protocol: which RM is modelled; const
 * @nr_vcpus: vCPUs created for each VM at VM_INIT; const
 * @stopping: the module is going away; read locklessly by @stop_wait waiters
 * @dead: the RM died; it consumes and answers nothing any more
 * @rx: reassembly of the packets received from the host
 * @pkt_in: the packet being received
 * @pkt_out: the packet being transmitted
 * @tx_cur: the message being transmitted, if any
 * @pending_reply: the one reply waiting for @tx_cur to finish
 * @pending_notifs: notifications waiting for @tx_cur to finish, oldest first
 * @nr_pending_notifs: length of @pending_notifs
 * @notif_seq: sequence number of the next notification
 * @reply: data of the reply being built by a call handler
 * @reply_len: bytes used in @reply
 * @vms: the allocated VMs, &struct sim_vm
 * @secondary_used: bitmap of allocated secondary VMIDs, bit = VMID
 * @dynamic_used: bitmap of allocated dynamic VMIDs, bit 0 = first VMID
 * @next_capid: capability ID of the next doorbell created (vCPUs have
 *              theirs from guest.c)
 * @parcels: the memory parcels, &struct sim_parcel, oldest first
 * @next_handle: handle of the next parcel created
 */
struct sim_rm {
	struct mutex lock;		/* the RM's state, see above */
	struct workqueue_struct *wq;
	struct work_struct rx_work;
	struct work_struct reset_work;
	wait_queue_head_t stop_wait;
	enum sim_protocol protocol;
	unsigned int nr_vcpus;

	bool stopping;
	bool dead;

	struct gunyah_rm_msg_rx *rx;
	u8 pkt_in[SIM_MSGQ_MSG_SIZE];
	u8 pkt_out[SIM_MSGQ_MSG_SIZE];
	struct sim_rm_msg *tx_cur;
	struct sim_rm_msg *pending_reply;
	struct list_head pending_notifs;
	unsigned int nr_pending_notifs;
	u16 notif_seq;

	u8 reply[SIM_RM_REPLY_MAX];
	size_t reply_len;

	struct list_head vms;
	DECLARE_BITMAP(secondary_used, SIM_VMID_SECONDARY_LAST + 1);
	DECLARE_BITMAP(dynamic_used, SIM_NR_DYNAMIC_VMIDS);
	u64 next_capid;

	struct list_head parcels;
	u32 next_handle;
};

/**
 * struct sim_mem_range - a range of addresses
 * @base: first address
 * @size: size in bytes
 */
struct sim_mem_range {
	u64 base;
	u64 size;
};

/* Parcels per owner VM; also the most a VM can accept. */
#define SIM_MEM_MAX_PARCELS		64

/**
 * struct sim_mem_view - a parcel a VM accepted, as the guest model sees it
 * @handle: parcel handle
 * @rights: the VM's rights: R 4, W 2, X 1
 * @size: total size
 * @nr_ranges: entries in @ranges
 * @ranges: the host physical ranges, in parcel order; owned by the parcel,
 *          valid while &sim_rm.lock is held
 */
struct sim_mem_view {
	u32 handle;
	u8 rights;
	u64 size;
	unsigned int nr_ranges;
	const struct sim_mem_range *ranges;
};

/**
 * struct sim_guest_boot - what VM_START tells the guest model
 * @protocol: the RM's protocol level
 * @image_handle: parcel holding image and DT
 * @image_offset: image offset in the parcel
 * @dtb_offset: DT offset in the parcel
 * @dtb_size: DT size
 * @layout_set: VM_SET_ADDRESS_LAYOUT gave the image range (full only)
 * @layout_base: its base
 * @paging_set: VM_SET_DEMAND_PAGING succeeded (full only)
 * @nr_paging: entries in @paging
 * @paging: the demand-paged ranges
 * @pc_set: VM_SET_BOOT_CONTEXT set PC
 * @pc: that PC
 * @x_set: bit n: VM_SET_BOOT_CONTEXT set Xn, n < 16
 * @x: the values of X0 to X15
 */
struct sim_guest_boot {
	enum sim_protocol protocol;
	u32 image_handle;
	u64 image_offset;
	u64 dtb_offset;
	u64 dtb_size;
	bool layout_set;
	u64 layout_base;
	bool paging_set;
	unsigned int nr_paging;
	const struct sim_mem_range *paging;
	bool pc_set;
	u64 pc;
	unsigned long x_set;
	u64 x[16];
};

struct sim_guest;

/* guest.c */
int sim_guest_init(void);
void sim_guest_exit(void);
void sim_guest_set_rm(struct sim_rm *rm);
struct sim_guest *sim_guest_create(u16 vmid, unsigned int nr_vcpus,
				   u64 *caps);
void sim_guest_destroy(struct sim_guest *g);
u32 sim_guest_vcpu_virq(const struct sim_guest *g, unsigned int index);
int sim_guest_irq_alloc(void);
void sim_guest_irq_free(int slot);
u32 sim_guest_irq_virq(int slot);
void sim_guest_irq_raise(int slot);
u32 sim_guest_start(struct sim_rm *rm, struct sim_guest *g,
		    const struct sim_guest_boot *boot);
void sim_guest_kill(struct sim_guest *g);
extern bool sim_guest_null_run;
enum gunyah_error sim_guest_vcpu_run(u64 capid, const u64 resume_data[3],
				     struct gunyah_hypercall_vcpu_run_resp *resp);
void sim_guest_bell_wake(struct sim_guest *g);
void *sim_guest_read_parcel(const struct sim_mem_view *view, u64 off,
			    size_t len);

/* bell.c */
int sim_bell_add(struct sim_guest *g, u64 cap, bool source, u32 *virq);
bool sim_bell_guest_send(struct sim_guest *g, u64 index, u64 flags,
			 u64 *old_flags);
void sim_bell_remove_all(struct sim_guest *g);
bool sim_bell_take(struct sim_guest *g);
enum gunyah_error sim_bell_send(u64 capid, u64 new_flags, u64 *old_flags);
enum gunyah_error sim_bell_receive(u64 capid, u64 clear_flags,
				   u64 *old_flags);
enum gunyah_error sim_bell_set_mask(u64 capid, u64 enable_mask, u64 ack_mask);

/* fdt.c */
int sim_fdt_vm_mem_base(const void *buf, size_t size, u64 *base);
/**
 * struct sim_fdt_bells - the doorbell vdevices of a VM's DT
 * @nr_tx: "doorbell" nodes (the host sends), may exceed %SIM_MAX_BELLS
 * @nr_rx: "doorbell-source" nodes (the guest sends), likewise
 * @tx: labels of the first "doorbell" nodes
 * @rx: labels of the first "doorbell-source" nodes
 */
struct sim_fdt_bells {
	unsigned int nr_tx;
	unsigned int nr_rx;
	u32 tx[SIM_MAX_BELLS];
	u32 rx[SIM_MAX_BELLS];
};

int sim_fdt_vm_doorbells(const void *buf, size_t size,
			 struct sim_fdt_bells *bells);

/* rm.c */
struct sim_rm *sim_rm_create(enum sim_protocol protocol,
			     unsigned int nr_vcpus);
void sim_rm_destroy(struct sim_rm *rm);
void sim_rm_kick(void);
void sim_rm_reply_data(struct sim_rm *rm, const void *data, size_t len);
void sim_rm_reply_le32(struct sim_rm *rm, u32 val);
void sim_rm_notify(struct sim_rm *rm, u32 notif_id, const void *payload,
		   size_t size);
__printf(2, 3) void sim_rm_die(struct sim_rm *rm, const char *fmt, ...);
int sim_rm_inject_notification(struct sim_rm *rm, u32 notif_id,
			       const void *payload, size_t size);
const char *sim_rm_protocol_name(enum sim_protocol protocol);
bool sim_rm_is_dead(struct sim_rm *rm);

/* rm_vm.c */
bool sim_vm_dispatch(struct sim_rm *rm, u32 msg_id, const u8 *req,
		     size_t len, u32 *err);
bool sim_vm_vmid_valid_for_acl(struct sim_rm *rm, u16 vmid);
void sim_vm_reset_work(struct work_struct *work);
void sim_vm_destroy_all(struct sim_rm *rm);
void sim_vm_show(struct seq_file *s, struct sim_rm *rm);
int sim_vm_exit(struct sim_rm *rm, u16 vmid, u16 exit_type, u16 exit_code);
void sim_vm_guest_exit(struct sim_rm *rm, u16 vmid, u16 exit_type,
		       u16 exit_code);

/* rm_mem.c */
bool sim_mem_dispatch(struct sim_rm *rm, u32 msg_id, const u8 *req,
		      size_t len, u32 *err);
bool sim_mem_image_parcel(struct sim_rm *rm, u32 handle, u16 vmid,
			  u64 *size);
bool sim_mem_parcel_view(struct sim_rm *rm, u32 handle, u16 vmid,
			 struct sim_mem_view *view);
void sim_mem_vm_start(struct sim_rm *rm, u16 vmid);
bool sim_mem_vmid_listed(struct sim_rm *rm, u16 vmid);
unsigned int sim_mem_vm_accept_late(struct sim_rm *rm, u16 vmid,
				    struct sim_mem_view *views,
				    unsigned int max);
unsigned int sim_mem_vm_parcels(struct sim_rm *rm, u16 vmid,
				struct sim_mem_view *views, unsigned int max);
void sim_mem_vm_reset(struct sim_rm *rm, u16 vmid);
void sim_mem_destroy_all(struct sim_rm *rm);
void sim_mem_show_vm(struct seq_file *s, struct sim_rm *rm, u16 vmid);
void sim_mem_show(struct seq_file *s, struct sim_rm *rm);

/* fault.c */
enum sim_fault_kind {
	SIM_FAULT_NONE,
	SIM_FAULT_ERROR,
	SIM_FAULT_NOREPLY,
	SIM_FAULT_CORRUPT,
	SIM_FAULT_DUPLICATE,
	SIM_FAULT_UNKNOWN_SEQ,
	SIM_FAULT_TRUNCATE,
	SIM_FAULT_MAXFRAG,
	SIM_FAULT_DELAY,
};

/**
 * struct sim_fault_hit - a fault that fires for one request
 * @kind: what to do
 * @arg: the RM error code for %SIM_FAULT_ERROR, milliseconds for
 *       %SIM_FAULT_DELAY
 */
struct sim_fault_hit {
	enum sim_fault_kind kind;
	u32 arg;
};

void sim_fault_take(u32 msg_id, struct sim_fault_hit *hit);
int sim_fault_parse(char *line);
void sim_fault_show(struct seq_file *s);
void sim_fault_clear(void);

/* debugfs.c */
void sim_debugfs_init(struct sim_rm *rm);
void sim_debugfs_exit(void);

#endif /* _GUNYAH_SIM_H */
