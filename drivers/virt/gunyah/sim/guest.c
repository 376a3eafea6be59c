// SPDX-License-Identifier: GPL-2.0-only
/*
 * Gunyah simulator: the guests of the VMs, and the vcpu_run hypercall that
 * runs them (ABI sections 1.5 and 11).
 *
 * A guest is a program in the format of <linux/gunyah_guest_prog.h>, in the
 * memory the RM accepted for the VM at VM_START. Where that memory sits in
 * the guest's IPA space:
 *
 * - The image parcel (the one of VM_CONFIG_IMAGE) at mem_ipa_base. With
 *   protocol=full and VM_SET_ADDRESS_LAYOUT range 0 set, mem_ipa_base is
 *   that range's base. Otherwise, as the open-source RM does, it is the
 *   base-address of /gunyah-vm-config/memory in the DTB at dtb_offset of the
 *   image parcel, rounded up to 2 MiB; a base inside the VMMIO window
 *   [0, 1 GiB) fails VM_START with NORESOURCE. Unlike the real RM, a DTB
 *   that is missing, malformed or without the property gives the default
 *   %SIM_GUEST_DEFAULT_BASE instead of the RM's own default inside the
 *   window: the driver's tests start VMs whose DTB is arbitrary bytes.
 * - Every other parcel the VM accepted (lent, shared or donated), in handle
 *   order, which is the order the host created them in: with protocol=full
 *   and VM_SET_DEMAND_PAGING set, at the first demand-paged range not yet
 *   used whose size equals the parcel's (a parcel without one is not
 *   mapped); otherwise one after the other from the end of the image
 *   parcel, each at the next 2 MiB boundary.
 * - A parcel given to the VM after VM_START, when a vCPU's access finds no
 *   parcel (as a guest's fault handler would accept it): at the next 2 MiB
 *   boundary above the highest guest address in use, oldest first. Only
 *   then is the access a page fault (ADDRSPACE_PAGE_FAULT); the host may
 *   resolve it and resume with RETRY, which replays the access.
 *
 * The model reads and writes guest memory through the host pages of the
 * parcels, only ranges that are System RAM, and never outside a parcel.
 *
 * vCPU 0 is powered on at VM_START with pc = mem_ipa_base + image_offset
 * and r0 = the DTB's IPA, or with the PC and X0 to X15 that
 * VM_SET_BOOT_CONTEXT set (protocol=full). The others start powered off.
 * Each vcpu_run executes at most %SIM_GUEST_TIMESLICE instructions.
 *
 * Each vCPU has a wake-up interrupt, a Linux IRQ of the simulator reported
 * as the virq of its VM_GET_HYP_RESOURCES entry (0 if the pool of
 * %SIM_GUEST_NR_IRQS is used up). It is raised, like the message queues'
 * interrupts, from an irq_work when a vCPU that waits (WFI) is kicked,
 * when a vCPU is powered on, and when a VM's vCPUs are killed. The pool
 * also gives the interrupts of the doorbells the guest sends to the host.
 *
 * The guest receives the doorbells of its DT (bell.c): a doorbell the host
 * rings raises the guest's interrupt, which ends a WFI of any of its vCPUs
 * and is taken by that WFI. A vCPU that waits in WFI then is woken as by a
 * kick; the doorbell may ring in any context, so the vCPU's state is read
 * there without &sim_rm.lock, ordered by barriers against the WFI.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/align.h>
#include <linux/bitmap.h>
#include <linux/build_bug.h>
#include <linux/export.h>
#include <linux/gunyah_guest_prog.h>
#include <linux/highmem.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/irq.h>
#include <linux/irq_work.h>
#include <linux/irqdesc.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/string.h>
/* Not self-contained: it wants cpu_relax() from the headers above. */
#include <linux/bit_spinlock.h>

#include "sim.h"

#define SIM_GUEST_TIMESLICE		256
#define SIM_GUEST_NR_IRQS		64
#define SIM_GUEST_DEFAULT_BASE		0x80000000ULL
#define SIM_GUEST_IPA_LIMIT		BIT_ULL(36)
#define SIM_GUEST_FDT_MAX		SZ_1M

#define SIM_GUEST_RIGHT_X		BIT(0)
#define SIM_GUEST_RIGHT_W		BIT(1)
#define SIM_GUEST_RIGHT_R		BIT(2)

/* VM_EXITED exit types and codes a guest causes. */
#define SIM_GUEST_EXIT_PLATFORM_OFF	1
#define SIM_GUEST_EXIT_PLATFORM_RESET	2
#define SIM_GUEST_EXIT_SOFTWARE_ERROR	5
#define SIM_GUEST_CODE_NORMAL		0
#define SIM_GUEST_CODE_SOFTWARE_ERROR	1

/* What an access to guest RAM found. */
enum sim_guest_acc {
	SIM_ACC_OK,
	SIM_ACC_UNMAPPED,	/* no parcel holds all of it: a page fault */
	SIM_ACC_DENIED,		/* against the parcel's rights: a page fault */
	SIM_ACC_BROKEN,		/* the parcel is not System RAM: a fault */
};

/* Instructions are decoded at these byte offsets, not through the struct. */
static_assert(sizeof(struct gunyah_guest_insn) == GUNYAH_GUEST_INSN_SIZE);
static_assert(offsetof(struct gunyah_guest_insn, imm64) == 8);

/* vcpu_run POWERED_OFF data 0 and PSCI_SYSTEM_RESET data 0. */
#define SIM_GUEST_POWERED_OFF_EXITED	BIT_ULL(0)
#define SIM_GUEST_RESET_PSCI		BIT_ULL(63)
/* vcpu_run EXPECTS_WAKEUP data 1: woken from WFI. */
#define SIM_GUEST_WAKEUP_WFI		1

enum sim_vcpu_state {
	SIM_VCPU_OFF,		/* powered off, CPU_ON may power it on */
	SIM_VCPU_ON,		/* runs */
	SIM_VCPU_WFI,		/* waits for an interrupt */
	SIM_VCPU_MMIO_READ,	/* waits for the value of a VMMIO read */
	SIM_VCPU_PAGE_FAULT,	/* waits for the host to resolve a fault */
	SIM_VCPU_FAULT,		/* faulted: FAULT for good */
	SIM_VCPU_EXITED,	/* killed: POWERED_OFF, exited, for good */
};

struct sim_guest_slot;

/**
 * struct sim_guest_vcpu - one vCPU; protected by its slot's bit
 * @slot: where vcpu_run finds it; its capability ID is the slot's
 * @irq_slot: its wake-up interrupt in the pool, or -1
 * @state: one of enum sim_vcpu_state
 * @pending: an interrupt is pending; WFI consumes it
 * @mmio_reg: destination register of the pending VMMIO read
 * @mmio_size: size of the pending VMMIO read
 * @pc: program counter
 * @r: general registers
 * @fetch_ipa: guest page of @fetch_va, or 1 (no page: not page aligned)
 * @fetch_va: kernel address of the host page the last instruction came
 *            from, which the guest may execute; valid while the guest
 *            exists, as the VM cannot give its parcels back before then
 * @fetch_buf: the last instruction fetched from outside @fetch_va's page
 */
struct sim_guest_vcpu {
	struct sim_guest_slot *slot;
	int irq_slot;
	enum sim_vcpu_state state;
	bool pending;
	u8 mmio_reg;
	u8 mmio_size;
	u64 pc;
	u64 r[GUNYAH_GUEST_NR_REGS];
	u64 fetch_ipa;
	const u8 *fetch_va;
	u8 fetch_buf[GUNYAH_GUEST_INSN_SIZE];
};

/**
 * struct sim_guest_region - a parcel in the guest's IPA space
 * @ipa: first guest address
 * @size: size in bytes
 * @rights: the VM's rights, R 4, W 2, X 1
 * @ram: every range is System RAM; if not, every access faults
 * @nr_ranges: entries in @ranges
 * @ranges: host physical ranges, a copy of the parcel's
 */
struct sim_guest_region {
	u64 ipa;
	u64 size;
	u8 rights;
	bool ram;
	unsigned int nr_ranges;
	struct sim_mem_range *ranges;
};

/**
 * struct sim_guest - the guest of one VM; protected by &sim_rm.lock, but
 *                    for its vCPUs (their slots' bits) and what vcpu_run
 *                    reads without &sim_rm.lock
 * @vmid: the VM
 * @started: VM_START succeeded
 * @nr_vcpus: entries in @vcpus
 * @vcpus: the vCPUs
 * @nr_regions: entries in @regions. Regions are only added while the
 *              guest exists, each published by a release store of this
 *              count, which vcpu_run reads with acquire.
 * @regions: guest RAM
 */
struct sim_guest {
	u16 vmid;
	bool started;
	unsigned int nr_vcpus;
	struct sim_guest_vcpu vcpus[SIM_MAX_VCPUS];
	unsigned int nr_regions;
	struct sim_guest_region regions[SIM_MEM_MAX_PARCELS];
};

/**
 * struct sim_guest_irq - a wake-up interrupt of the pool
 * @irq: the Linux IRQ
 * @work: raises @irq outside of the hypercall that caused it
 */
struct sim_guest_irq {
	unsigned int irq;
	struct irq_work work;
};

/*
 * The vCPUs' slots. vcpu_run finds a vCPU from its capability ID without
 * &sim_rm.lock, through the slot that the ID names: %SIM_GUEST_CAP_BASE +
 * (generation << %SIM_GUEST_SLOT_BITS) + slot. A slot's generation changes
 * each time it is reused, so that a stale ID finds nothing; slots live as
 * long as the module, so that any ID may be looked up at any time.
 *
 * A slot's busy bit is a bit spinlock (no lockdep) that protects the
 * vCPU's state. vcpu_run holds it while the vCPU runs, with preemption off:
 * the guest runs without &sim_rm.lock. Under &sim_rm.lock, the RM takes it
 * to bind and unbind the slot and to change the state of a vCPU (start,
 * kill, kick). What may sleep (accepting parcels, the VM's exit) a vCPU
 * does with the bit released, under &sim_rm.lock, and afterwards checks
 * that its slot still holds it. Lock order: &sim_rm.lock, then one slot's
 * bit; a second slot is only ever tried.
 */
#define SIM_GUEST_SLOT_BITS		11
#define SIM_GUEST_NR_SLOTS		BIT(SIM_GUEST_SLOT_BITS)
#define SIM_GUEST_CAP_BASE		0x40000000ULL
#define SIM_GUEST_CAP_GENS		BIT(19)	/* IDs stay below 2^31 */
#define SIM_GUEST_SLOT_BUSY		0
/* Every vCPU of every VM the RM can have gets a slot. */
static_assert(SIM_GUEST_NR_SLOTS >=
	      (SIM_VMID_SECONDARY_LAST - SIM_VMID_SECONDARY_FIRST + 1 +
	       SIM_NR_DYNAMIC_VMIDS) * SIM_MAX_VCPUS);

/**
 * struct sim_guest_slot - where vcpu_run finds a vCPU
 * @busy: bit %SIM_GUEST_SLOT_BUSY, the lock of the vCPU's state
 * @running: a vcpu_run runs the vCPU, or waits to go on; under @busy
 * @cap: the vCPU's capability ID, 0 while the slot is free; written under
 *       &sim_rm.lock and @busy
 * @gen: the slot's generation; under &sim_rm.lock
 * @g: the vCPU's guest
 * @v: the vCPU
 */
struct sim_guest_slot {
	unsigned long busy;
	bool running;
	u64 cap;
	u32 gen;
	struct sim_guest *g;
	struct sim_guest_vcpu *v;
};

static struct sim_guest_slot sim_guest_slots[SIM_GUEST_NR_SLOTS];
/* Where the search for a free slot starts; under &sim_rm.lock. */
static unsigned int sim_guest_slot_next;

static struct sim_guest_irq sim_guest_irqs[SIM_GUEST_NR_IRQS];
/* Pool slots in use; protected by &sim_rm.lock. */
static DECLARE_BITMAP(sim_guest_irq_used, SIM_GUEST_NR_IRQS);
static unsigned int sim_guest_irq_base;
/*
 * Debugfs "null_vcpu_run", for benchmarks: every vcpu_run answers at once
 * with %SIM_GUEST_NULL_MMIO, running no guest, so that the driver's part
 * of a vCPU exit can be measured alone.
 */
bool sim_guest_null_run;
#define SIM_GUEST_NULL_MMIO	0x10000000ULL

/* The RM whose VMs vcpu_run runs; set while it exists. */
static struct sim_rm *sim_guest_rm;

static void sim_guest_irq_work_fn(struct irq_work *work)
{
	struct sim_guest_irq *gi = container_of(work, struct sim_guest_irq,
						work);

	generic_handle_irq_safe(gi->irq);
}

static void sim_guest_slot_lock(struct sim_guest_slot *s)
	__acquires(&s->busy)
{
	bit_spin_lock(SIM_GUEST_SLOT_BUSY, &s->busy);
}

/*
 * The word of the bit holds no other bit: a plain store releases it, which
 * spares the runner a second atomic instruction at each exit.
 */
static void sim_guest_slot_unlock(struct sim_guest_slot *s)
	__releases(&s->busy)
{
	__bit_spin_unlock(SIM_GUEST_SLOT_BUSY, &s->busy);
}

/*
 * Take the bit of @s if it is free; use with __cond_lock(). This is
 * bit_spin_trylock() without its context annotation, which sparse counts
 * whether or not the bit was taken.
 */
static bool sim_guest_slot_trylock(struct sim_guest_slot *s)
{
	preempt_disable();
	if (test_and_set_bit_lock(SIM_GUEST_SLOT_BUSY, &s->busy)) {
		preempt_enable();
		return false;
	}
	return true;
}

/* The slot that capability ID @capid names, or NULL. */
static struct sim_guest_slot *sim_guest_slot_of(u64 capid)
{
	if (capid < SIM_GUEST_CAP_BASE ||
	    capid - SIM_GUEST_CAP_BASE >=
	    (u64)SIM_GUEST_CAP_GENS << SIM_GUEST_SLOT_BITS)
		return NULL;
	return &sim_guest_slots[capid & (SIM_GUEST_NR_SLOTS - 1)];
}

/* Give @v a free slot; its capability ID, or 0 if none is free. */
static u64 sim_guest_slot_bind(struct sim_guest *g, struct sim_guest_vcpu *v)
	__must_hold(&sim_rm.lock)
{
	struct sim_guest_slot *s;
	unsigned int i, idx;

	for (i = 0; i < SIM_GUEST_NR_SLOTS; i++) {
		idx = (sim_guest_slot_next + i) % SIM_GUEST_NR_SLOTS;
		if (!sim_guest_slots[idx].cap)
			break;
	}
	if (i == SIM_GUEST_NR_SLOTS)
		return 0;
	sim_guest_slot_next = idx + 1;
	s = &sim_guest_slots[idx];
	s->gen = (s->gen + 1) % SIM_GUEST_CAP_GENS;
	sim_guest_slot_lock(s);
	s->cap = SIM_GUEST_CAP_BASE + ((u64)s->gen << SIM_GUEST_SLOT_BITS) +
		 idx;
	s->running = false;
	s->g = g;
	s->v = v;
	sim_guest_slot_unlock(s);
	v->slot = s;
	return s->cap;
}

/* Free the slot of @v: once this returns, no vcpu_run is in @v. */
static void sim_guest_slot_unbind(struct sim_guest_vcpu *v)
	__must_hold(&sim_rm.lock)
{
	struct sim_guest_slot *s = v->slot;

	if (!s)
		return;
	sim_guest_slot_lock(s);
	s->cap = 0;
	s->g = NULL;
	s->v = NULL;
	sim_guest_slot_unlock(s);
	v->slot = NULL;
}

/**
 * sim_guest_irq_alloc() - take an interrupt of the pool
 *
 * Context: &sim_rm.lock held.
 * Return: its slot, or -1 if the pool is used up.
 */
int sim_guest_irq_alloc(void)
	__must_hold(&sim_rm.lock)
{
	unsigned long slot;

	slot = find_first_zero_bit(sim_guest_irq_used, SIM_GUEST_NR_IRQS);
	if (slot == SIM_GUEST_NR_IRQS)
		return -1;
	set_bit(slot, sim_guest_irq_used);
	return slot;
}

/**
 * sim_guest_irq_free() - give an interrupt back to the pool
 * @slot: from sim_guest_irq_alloc(), or -1
 *
 * Context: &sim_rm.lock held.
 */
void sim_guest_irq_free(int slot)
	__must_hold(&sim_rm.lock)
{
	if (slot >= 0)
		clear_bit(slot, sim_guest_irq_used);
}

/**
 * sim_guest_irq_virq() - the Linux IRQ of an interrupt of the pool
 * @slot: from sim_guest_irq_alloc(), or -1
 *
 * Return: the IRQ number, reported as a virq; 0 for no slot.
 */
u32 sim_guest_irq_virq(int slot)
{
	return slot < 0 ? 0 : sim_guest_irqs[slot].irq;
}

/**
 * sim_guest_irq_raise() - raise an interrupt of the pool
 * @slot: from sim_guest_irq_alloc(), or -1 (nothing happens)
 *
 * Context: any; the handler runs from an irq_work.
 */
void sim_guest_irq_raise(int slot)
{
	if (slot >= 0)
		irq_work_queue(&sim_guest_irqs[slot].work);
}

static void sim_guest_wake(struct sim_guest_vcpu *v)
{
	sim_guest_irq_raise(v->irq_slot);
}

/**
 * sim_guest_init() - allocate the pool of vCPU wake-up interrupts
 *
 * As for the message queues' interrupts, the IRQ descriptors have no owner
 * module; sim_guest_exit() runs only once nothing can request them.
 *
 * Return: 0 or a negative errno.
 */
int sim_guest_init(void)
{
	unsigned int i;
	int irq;

	irq = __irq_alloc_descs(-1, 0, SIM_GUEST_NR_IRQS, NUMA_NO_NODE, NULL,
				NULL);
	if (irq < 0)
		return irq;
	sim_guest_irq_base = irq;
	for (i = 0; i < SIM_GUEST_NR_IRQS; i++) {
		irq_set_chip_and_handler(irq + i, &dummy_irq_chip,
					 handle_simple_irq);
		irq_clear_status_flags(irq + i, IRQ_NOREQUEST);
		sim_guest_irqs[i].irq = irq + i;
		init_irq_work(&sim_guest_irqs[i].work, sim_guest_irq_work_fn);
	}
	return 0;
}

/**
 * sim_guest_exit() - wait for raised interrupts, then free the pool
 */
void sim_guest_exit(void)
{
	unsigned int i;

	for (i = 0; i < SIM_GUEST_NR_IRQS; i++)
		irq_work_sync(&sim_guest_irqs[i].work);
	irq_free_descs(sim_guest_irq_base, SIM_GUEST_NR_IRQS);
	sim_guest_irq_base = 0;
}

/**
 * sim_guest_set_rm() - the RM whose VMs vcpu_run runs
 * @rm: the RM, or NULL before it is destroyed
 */
void sim_guest_set_rm(struct sim_rm *rm)
{
	WRITE_ONCE(sim_guest_rm, rm);
}

/**
 * sim_guest_create() - the guest of a VM at VM_INIT, every vCPU off
 * @vmid: the VM
 * @nr_vcpus: vCPUs, 1 to %SIM_MAX_VCPUS
 * @caps: set to their capability IDs
 *
 * Context: &sim_rm.lock held.
 * Return: the guest, or NULL if out of memory or of vCPU slots.
 */
struct sim_guest *sim_guest_create(u16 vmid, unsigned int nr_vcpus,
				   u64 *caps)
	__must_hold(&sim_rm.lock)
{
	struct sim_guest *g;
	unsigned int i;

	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return NULL;
	g->vmid = vmid;
	for (i = 0; i < nr_vcpus; i++) {
		g->nr_vcpus = i + 1;	/* what sim_guest_destroy() undoes */
		g->vcpus[i].state = SIM_VCPU_OFF;
		g->vcpus[i].fetch_ipa = 1;
		g->vcpus[i].irq_slot = sim_guest_irq_alloc();
		caps[i] = sim_guest_slot_bind(g, &g->vcpus[i]);
		if (!caps[i]) {
			sim_guest_destroy(g);
			return NULL;
		}
	}
	return g;
}

/**
 * sim_guest_destroy() - free a guest and its interrupts
 * @g: the guest, or NULL
 *
 * Context: &sim_rm.lock held.
 */
void sim_guest_destroy(struct sim_guest *g)
	__must_hold(&sim_rm.lock)
{
	unsigned int i;

	if (!g)
		return;
	sim_bell_remove_all(g);
	for (i = 0; i < g->nr_vcpus; i++) {
		sim_guest_slot_unbind(&g->vcpus[i]);
		sim_guest_irq_free(g->vcpus[i].irq_slot);
	}
	for (i = 0; i < g->nr_regions; i++)
		kfree(g->regions[i].ranges);
	kfree(g);
}

/**
 * sim_guest_vcpu_virq() - the wake-up interrupt of a vCPU
 * @g: the guest
 * @index: the vCPU
 *
 * Return: its Linux IRQ number, or 0 if it has none.
 */
u32 sim_guest_vcpu_virq(const struct sim_guest *g, unsigned int index)
{
	return sim_guest_irq_virq(g->vcpus[index].irq_slot);
}

/*
 * The host page of byte @off of @reg, with in @phys that byte's physical
 * address and in @left the bytes from it to the end of its host range;
 * NULL past the end of the ranges or outside the memory map.
 */
static struct page *sim_guest_page(const struct sim_guest_region *reg,
				   u64 off, phys_addr_t *phys, u64 *left)
{
	unsigned int i;

	for (i = 0; i < reg->nr_ranges; i++) {
		if (off < reg->ranges[i].size) {
			*phys = reg->ranges[i].base + off;
			*left = reg->ranges[i].size - off;
			if (!pfn_valid(PHYS_PFN(*phys)))
				return NULL;
			return pfn_to_page(PHYS_PFN(*phys));
		}
		off -= reg->ranges[i].size;
	}
	return NULL;
}

/*
 * Copy @len bytes at offset @off of @reg to or from @buf, page by page,
 * through the host pages. The caller checked that they lie in @reg.
 */
static bool sim_guest_copy(const struct sim_guest_region *reg, u64 off,
			   void *buf, size_t len, bool write)
{
	phys_addr_t phys;
	struct page *page;
	size_t chunk;
	u64 left;
	void *va;

	if (!reg->ram)
		return false;
	while (len) {
		page = sim_guest_page(reg, off, &phys, &left);
		if (!page)
			return false;
		chunk = min_t(u64, len, left);
		chunk = min_t(size_t, chunk, PAGE_SIZE - offset_in_page(phys));
		va = kmap_local_page(page);
		if (write)
			memcpy(va + offset_in_page(phys), buf, chunk);
		else
			memcpy(buf, va + offset_in_page(phys), chunk);
		kunmap_local(va);
		buf += chunk;
		off += chunk;
		len -= chunk;
	}
	return true;
}

/* The region that holds guest address @ipa, or NULL. */
static const struct sim_guest_region *
sim_guest_region_of(const struct sim_guest *g, u64 ipa)
{
	const struct sim_guest_region *reg;
	unsigned int i, n;

	/* Paired with sim_guest_map(): regions are added as vCPUs run. */
	n = smp_load_acquire(&g->nr_regions);
	for (i = 0; i < n; i++) {
		reg = &g->regions[i];
		if (ipa >= reg->ipa && ipa - reg->ipa < reg->size)
			return reg;
	}
	return NULL;
}

/*
 * Remember the host page of the instruction at @v's pc, which was just
 * fetched from guest RAM, if the whole guest page maps to it.
 */
static void sim_guest_fetch_cache(struct sim_guest *g, struct sim_guest_vcpu *v)
{
	u64 ipa = v->pc & PAGE_MASK, left;
	const struct sim_guest_region *reg;
	struct page *page;
	phys_addr_t phys;

	reg = sim_guest_region_of(g, ipa);
	if (!reg)
		return;
	page = sim_guest_page(reg, ipa - reg->ipa, &phys, &left);
	if (!page || !PAGE_ALIGNED(phys) || left < PAGE_SIZE ||
	    PageHighMem(page))
		return;
	v->fetch_ipa = ipa;
	v->fetch_va = page_address(page);
}

/* The instruction at @pc in the page of the last fetch, if it is all there */
static const u8 *sim_guest_fetch_cached(const struct sim_guest_vcpu *v, u64 pc)
{
	if ((pc & PAGE_MASK) != v->fetch_ipa ||
	    offset_in_page(pc) > PAGE_SIZE - GUNYAH_GUEST_INSN_SIZE)
		return NULL;
	return v->fetch_va + offset_in_page(pc);
}

/* Access @len bytes of guest RAM at @ipa, which needs @right. */
static enum sim_guest_acc sim_guest_access(struct sim_guest *g, u64 ipa,
					   void *buf, size_t len, u8 right)
{
	const struct sim_guest_region *reg = sim_guest_region_of(g, ipa);
	u64 off;

	if (!reg)
		return SIM_ACC_UNMAPPED;
	off = ipa - reg->ipa;
	if (len > reg->size - off)
		return SIM_ACC_UNMAPPED;
	if (!(reg->rights & right))
		return SIM_ACC_DENIED;
	if (!sim_guest_copy(reg, off, buf, len, right == SIM_GUEST_RIGHT_W))
		return SIM_ACC_BROKEN;
	return SIM_ACC_OK;
}

/* Whether every page of the host ranges is System RAM. */
static bool sim_guest_ranges_ram(const struct sim_mem_view *view)
{
	const struct sim_mem_range *r;
	unsigned int i;

	for (i = 0; i < view->nr_ranges; i++) {
		r = &view->ranges[i];
		if (region_intersects(r->base, r->size, IORESOURCE_SYSTEM_RAM,
				      IORES_DESC_NONE) != REGION_INTERSECTS)
			return false;
	}
	return true;
}

static int sim_guest_map(struct sim_guest *g, const struct sim_mem_view *view,
			 u64 ipa)
{
	struct sim_guest_region *reg = &g->regions[g->nr_regions];

	/* kmemdup_array() is 6.9's: not in 6.1 */
	reg->ranges = kmemdup(view->ranges,
			      array_size(view->nr_ranges, sizeof(*view->ranges)),
			      GFP_KERNEL);
	if (!reg->ranges)
		return -ENOMEM;
	reg->ipa = ipa;
	reg->size = view->size;
	reg->rights = view->rights;
	reg->nr_ranges = view->nr_ranges;
	reg->ram = sim_guest_ranges_ram(view);
	/* Paired with sim_guest_region_of(): vCPUs may be running. */
	smp_store_release(&g->nr_regions, g->nr_regions + 1);
	return 0;
}

/**
 * sim_guest_read_parcel() - copy bytes out of a parcel the VM may not have
 *                           accepted yet, for the RM
 * @view: the parcel
 * @off: offset of the first byte
 * @len: number of bytes, at most %SIM_GUEST_FDT_MAX
 *
 * Context: &sim_rm.lock held.
 * Return: a kvmalloc()ed copy, or NULL if the range is not inside the
 * parcel, not System RAM, or memory is short.
 */
void *sim_guest_read_parcel(const struct sim_mem_view *view, u64 off,
			    size_t len)
	__must_hold(&sim_rm.lock)
{
	/* sim_guest_copy() only reads the ranges. */
	const struct sim_guest_region reg = {
		.size = view->size,
		.rights = SIM_GUEST_RIGHT_R,
		.ram = sim_guest_ranges_ram(view),
		.nr_ranges = view->nr_ranges,
		.ranges = (struct sim_mem_range *)view->ranges,
	};
	void *buf;

	if (!len || len > SIM_GUEST_FDT_MAX || off > view->size ||
	    len > view->size - off)
		return NULL;
	buf = kvmalloc(len, GFP_KERNEL);
	if (buf && !sim_guest_copy(&reg, off, buf, len, false)) {
		kvfree(buf);
		buf = NULL;
	}
	return buf;
}

/*
 * mem_ipa_base from the DTB at dtb_offset of the image parcel, or the
 * documented default if there is none to read.
 */
static u64 sim_guest_dtb_base(const struct sim_guest_region *image,
			      const struct sim_guest_boot *boot)
{
	u64 base = SIM_GUEST_DEFAULT_BASE;
	size_t len;
	void *buf;

	len = min_t(u64, boot->dtb_size, SIM_GUEST_FDT_MAX);
	if (boot->dtb_offset > image->size || len > image->size - boot->dtb_offset)
		return base;
	buf = kvmalloc(len, GFP_KERNEL);
	if (!buf)
		return base;
	if (!sim_guest_copy(image, boot->dtb_offset, buf, len, false) ||
	    sim_fdt_vm_mem_base(buf, len, &base))
		base = SIM_GUEST_DEFAULT_BASE;
	kvfree(buf);
	return ALIGN(base, SZ_2M);
}

static int sim_guest_map_others(struct sim_guest *g,
				const struct sim_mem_view *views,
				unsigned int n, unsigned int image,
				const struct sim_guest_boot *boot)
{
	bool paging = boot->protocol == SIM_PROTOCOL_FULL && boot->paging_set;
	unsigned long used[BITS_TO_LONGS(SIM_MEM_MAX_PARCELS)] = { };
	u64 next = ALIGN(g->regions[0].ipa + g->regions[0].size, SZ_2M);
	unsigned int i, j;
	int ret;

	for (i = 0; i < n; i++) {
		if (i == image)
			continue;
		if (!paging) {
			ret = sim_guest_map(g, &views[i], next);
			if (ret)
				return ret;
			next = ALIGN(next + views[i].size, SZ_2M);
			continue;
		}
		for (j = 0; j < boot->nr_paging && j < SIM_MEM_MAX_PARCELS; j++)
			if (!test_bit(j, used) &&
			    boot->paging[j].size == views[i].size)
				break;
		if (j == boot->nr_paging || j == SIM_MEM_MAX_PARCELS)
			continue;	/* not mapped */
		set_bit(j, used);
		ret = sim_guest_map(g, &views[i], boot->paging[j].base);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * The guest accepts the parcels given to it since VM_START and maps each at
 * the next 2 MiB boundary above the highest guest address in use, oldest
 * first; one that would cross the IPA limit stays unmapped. True if it
 * mapped any.
 */
static bool sim_guest_accept_late(struct sim_rm *rm, struct sim_guest *g)
	__must_hold(&rm->lock)
{
	struct sim_mem_view *views;
	unsigned int n, i;
	bool mapped = false;
	u64 next = 0;

	if (g->nr_regions == SIM_MEM_MAX_PARCELS)
		return false;
	views = kcalloc(SIM_MEM_MAX_PARCELS, sizeof(*views), GFP_KERNEL);
	if (!views)
		return false;
	n = sim_mem_vm_accept_late(rm, g->vmid, views,
				   SIM_MEM_MAX_PARCELS - g->nr_regions);
	for (i = 0; i < g->nr_regions; i++)
		next = max(next, g->regions[i].ipa + g->regions[i].size);
	next = ALIGN(next, SZ_2M);
	for (i = 0; i < n; i++) {
		if (next >= SIM_GUEST_IPA_LIMIT ||
		    views[i].size > SIM_GUEST_IPA_LIMIT - next)
			break;
		if (sim_guest_map(g, &views[i], next))
			break;
		mapped = true;
		next = ALIGN(next + views[i].size, SZ_2M);
	}
	kfree(views);
	return mapped;
}

/**
 * sim_guest_start() - map guest memory and power on vCPU 0, at VM_START
 * @rm: the RM, which accepted the VM's parcels
 * @g: the guest
 * @boot: the VM's configuration
 *
 * Context: &sim_rm.lock held.
 * Return: an RM error code: OK, NOMEM, or NORESOURCE if the image parcel
 * would not lie above the VMMIO window and below the IPA limit.
 */
u32 sim_guest_start(struct sim_rm *rm, struct sim_guest *g,
		    const struct sim_guest_boot *boot)
	__must_hold(&rm->lock)
{
	struct sim_guest_vcpu *v = &g->vcpus[0];
	struct sim_mem_view *views;
	unsigned int n, image, i;
	u32 err = SIM_RM_OK;
	u64 base;

	views = kcalloc(SIM_MEM_MAX_PARCELS, sizeof(*views), GFP_KERNEL);
	if (!views)
		return SIM_RM_NOMEM;
	n = sim_mem_vm_parcels(rm, g->vmid, views, SIM_MEM_MAX_PARCELS);
	for (image = 0; image < n; image++)
		if (views[image].handle == boot->image_handle)
			break;
	if (image == n) {
		err = SIM_RM_NORESOURCE;
		goto out_free;
	}

	/* Map the image parcel at 0 to read the DTB, then move it. */
	if (sim_guest_map(g, &views[image], 0)) {
		err = SIM_RM_NOMEM;
		goto out_free;
	}
	if (boot->protocol == SIM_PROTOCOL_FULL && boot->layout_set)
		base = boot->layout_base;
	else
		base = sim_guest_dtb_base(&g->regions[0], boot);
	if (base < GUNYAH_GUEST_VMMIO_SIZE || base >= SIM_GUEST_IPA_LIMIT ||
	    views[image].size > SIM_GUEST_IPA_LIMIT - base) {
		err = SIM_RM_NORESOURCE;
		goto out_free;
	}
	g->regions[0].ipa = base;
	if (sim_guest_map_others(g, views, n, image, boot)) {
		err = SIM_RM_NOMEM;
		goto out_free;
	}

	g->started = true;
	sim_guest_slot_lock(v->slot);
	v->state = SIM_VCPU_ON;
	v->pc = boot->pc_set ? boot->pc : base + boot->image_offset;
	v->r[0] = base + boot->dtb_offset;
	for (i = 0; i < GUNYAH_GUEST_NR_REGS; i++)
		if (test_bit(i, &boot->x_set))
			v->r[i] = boot->x[i];
	sim_guest_wake(v);
	sim_guest_slot_unlock(v->slot);
out_free:
	kfree(views);
	return err;
}

/**
 * sim_guest_kill() - power every vCPU off for good, as the VM exits
 * @g: the guest, or NULL
 *
 * A vCPU that faulted keeps reporting FAULT. Waiting vCPUs are woken so
 * that their host threads see them exited. A vCPU that runs stops at its
 * next instruction.
 *
 * Context: &sim_rm.lock held, and no slot's bit.
 */
void sim_guest_kill(struct sim_guest *g)
	__must_hold(&sim_rm.lock)
{
	struct sim_guest_vcpu *v;
	unsigned int i;

	if (!g)
		return;
	for (i = 0; i < g->nr_vcpus; i++) {
		v = &g->vcpus[i];
		sim_guest_slot_lock(v->slot);
		if (v->state != SIM_VCPU_FAULT && v->state != SIM_VCPU_EXITED) {
			WRITE_ONCE(v->state, SIM_VCPU_EXITED);
			sim_guest_wake(v);
		}
		sim_guest_slot_unlock(v->slot);
	}
}

/**
 * sim_guest_bell_wake() - a doorbell of the guest raised its interrupt
 * @g: the guest
 *
 * Wakes the vCPUs that wait in WFI; the first to run again takes the
 * interrupt (sim_bell_take()).
 *
 * Context: any; sim_bell_lock held, after a full barrier that orders the
 * doorbell's new state before the vCPU states read here.
 */
void sim_guest_bell_wake(struct sim_guest *g)
{
	unsigned int i;

	for (i = 0; i < g->nr_vcpus; i++)
		if (READ_ONCE(g->vcpus[i].state) == SIM_VCPU_WFI)
			sim_guest_wake(&g->vcpus[i]);
}

/*
 * Whether an interrupt ends the WFI of @v now: a kick, or a doorbell. The
 * vCPU runs on if so, and waits in WFI if not.
 */
static bool sim_guest_wfi_done(struct sim_guest *g, struct sim_guest_vcpu *v)
{
	if (v->pending) {
		v->pending = false;
		WRITE_ONCE(v->state, SIM_VCPU_ON);
		return true;
	}
	WRITE_ONCE(v->state, SIM_VCPU_WFI);
	/*
	 * Paired with the barrier of sim_bell_update(): either the doorbell
	 * sees this vCPU waiting and wakes it, or this vCPU sees the doorbell.
	 */
	smp_mb();
	if (sim_bell_take(g)) {
		WRITE_ONCE(v->state, SIM_VCPU_ON);
		return true;
	}
	return false;
}

static void sim_guest_resp(struct gunyah_hypercall_vcpu_run_resp *resp,
			   u64 state, u64 d0, u64 d1, u64 d2)
{
	resp->state = state;
	resp->state_data[0] = d0;
	resp->state_data[1] = d1;
	resp->state_data[2] = d2;
}

/* What an instruction came to. */
enum sim_step {
	SIM_STEP_NEXT,		/* on to the next instruction */
	SIM_STEP_HOST,		/* the vCPU exits to the host with its response */
	SIM_STEP_UNMAPPED,	/* a RAM access found no parcel; nothing done */
	SIM_STEP_END,		/* the VM exits, as struct sim_guest_end says */
};

/**
 * struct sim_guest_end - how a vCPU ends its VM
 * @type: exit type of VM_EXITED
 * @code: exit code of VM_EXITED
 * @kill: power every vCPU off even if the VM is not running
 */
struct sim_guest_end {
	u16 type;
	u16 code;
	bool kill;
};

/* The vCPU faulted: FAULT now and for good; the VM exits. */
static enum sim_step sim_guest_fault(struct sim_guest_vcpu *v,
				     struct gunyah_hypercall_vcpu_run_resp *resp,
				     struct sim_guest_end *end)
{
	v->state = SIM_VCPU_FAULT;
	sim_guest_resp(resp, GUNYAH_VCPU_STATE_FAULT, 0, 0, 0);
	end->type = SIM_GUEST_EXIT_SOFTWARE_ERROR;
	end->code = SIM_GUEST_CODE_NORMAL;
	end->kill = false;
	return SIM_STEP_END;
}

/* The guest ends the VM; the calling vCPU reports that it exited. */
static enum sim_step sim_guest_end(u16 exit_type, u16 exit_code,
				   struct gunyah_hypercall_vcpu_run_resp *resp,
				   struct sim_guest_end *end)
{
	if (exit_type == SIM_GUEST_EXIT_PLATFORM_RESET)
		sim_guest_resp(resp, GUNYAH_VCPU_STATE_PSCI_SYSTEM_RESET,
			       SIM_GUEST_RESET_PSCI, 0, 0);
	else
		sim_guest_resp(resp, GUNYAH_VCPU_STATE_POWERED_OFF,
			       SIM_GUEST_POWERED_OFF_EXITED, 0, 0);
	end->type = exit_type;
	end->code = exit_code;
	end->kill = true;
	return SIM_STEP_END;
}

/*
 * An access to guest RAM failed. No parcel there: first the guest accepts
 * what it was given since it started (@accepted: it just did). Then a
 * missing mapping or a missing right is a page fault the host may resolve:
 * the vCPU reports ADDRSPACE_PAGE_FAULT and replays the instruction when
 * resumed, unless told to abort it. Anything else is a fault.
 */
static enum sim_step
sim_guest_acc_fail(struct sim_guest_vcpu *v, enum sim_guest_acc acc, u64 ipa,
		   u8 right, bool accepted,
		   struct gunyah_hypercall_vcpu_run_resp *resp,
		   struct sim_guest_end *end)
{
	u64 how = 0;

	if (acc == SIM_ACC_UNMAPPED && !accepted)
		return SIM_STEP_UNMAPPED;
	if (acc != SIM_ACC_UNMAPPED && acc != SIM_ACC_DENIED)
		return sim_guest_fault(v, resp, end);
	if (right == SIM_GUEST_RIGHT_W)
		how = GUNYAH_VCPU_PAGE_FAULT_WRITE;
	else if (right == SIM_GUEST_RIGHT_X)
		how = GUNYAH_VCPU_PAGE_FAULT_EXEC;
	v->state = SIM_VCPU_PAGE_FAULT;
	sim_guest_resp(resp, GUNYAH_VCPU_ADDRSPACE_PAGE_FAULT, ipa, how, 0);
	return SIM_STEP_HOST;
}

static bool sim_guest_size_ok(u8 size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

static u64 sim_guest_truncate(u64 val, u8 size)
{
	return size == 8 ? val : val & (BIT_ULL(size * 8) - 1);
}

/* LOAD or STORE of guest RAM */
static enum sim_step
sim_guest_ram_op(struct sim_guest *g, struct sim_guest_vcpu *v, bool store,
		 u8 size, u8 ra, u64 addr, bool accepted,
		 struct gunyah_hypercall_vcpu_run_resp *resp,
		 struct sim_guest_end *end)
{
	u8 right = store ? SIM_GUEST_RIGHT_W : SIM_GUEST_RIGHT_R;
	enum sim_guest_acc acc;
	u8 bytes[8] = { };

	if (store)
		put_unaligned_le64(v->r[ra], bytes);
	acc = sim_guest_access(g, addr, bytes, size, right);
	if (acc != SIM_ACC_OK)
		return sim_guest_acc_fail(v, acc, addr, right, accepted, resp,
					  end);
	if (!store)
		v->r[ra] = sim_guest_truncate(get_unaligned_le64(bytes), size);
	v->pc += GUNYAH_GUEST_INSN_SIZE;
	return SIM_STEP_NEXT;
}

/* LOAD or STORE: of VMMIO, an exit to the host */
static enum sim_step
sim_guest_mem_op(struct sim_guest *g, struct sim_guest_vcpu *v, u8 op,
		 u8 size, u8 ra, u64 addr, bool accepted,
		 struct gunyah_hypercall_vcpu_run_resp *resp,
		 struct sim_guest_end *end)
{
	bool store = op == GUNYAH_GUEST_OP_STORE;
	u64 last;

	if (!sim_guest_size_ok(size) || check_add_overflow(addr, size, &last))
		return sim_guest_fault(v, resp, end);
	if (addr < GUNYAH_GUEST_VMMIO_SIZE) {
		if (last > GUNYAH_GUEST_VMMIO_SIZE)
			return sim_guest_fault(v, resp, end);
		v->pc += GUNYAH_GUEST_INSN_SIZE;
		if (store) {
			sim_guest_resp(resp, GUNYAH_VCPU_ADDRSPACE_VMMIO_WRITE,
				       addr, size,
				       sim_guest_truncate(v->r[ra], size));
		} else {
			v->state = SIM_VCPU_MMIO_READ;
			v->mmio_reg = ra;
			v->mmio_size = size;
			sim_guest_resp(resp, GUNYAH_VCPU_ADDRSPACE_VMMIO_READ,
				       addr, size, 0);
		}
		return SIM_STEP_HOST;
	}
	return sim_guest_ram_op(g, v, store, size, ra, addr, accepted, resp,
				end);
}

/*
 * CPU_ON of the vCPU in ra at imm64 with r0 = rb; result in r0. False if
 * the vCPU to power on is busy, being run or changed: @v yields and
 * retries, as waiting for a second slot while holding one could deadlock.
 */
static bool sim_guest_cpu_on(struct sim_guest *g, struct sim_guest_vcpu *v,
			     u64 index, u64 entry, u64 ctx)
{
	struct sim_guest_vcpu *t;

	if (index >= g->nr_vcpus) {
		v->r[0] = (u64)GUNYAH_GUEST_PSCI_INVALID_PARAMETERS;
		return true;
	}
	t = &g->vcpus[index];
	if (t == v) {
		v->r[0] = (u64)GUNYAH_GUEST_PSCI_ALREADY_ON;
		return true;
	}
	if (!__cond_lock(&t->slot->busy, sim_guest_slot_trylock(t->slot)))
		return false;
	if (t->state != SIM_VCPU_OFF) {
		v->r[0] = (u64)GUNYAH_GUEST_PSCI_ALREADY_ON;
	} else {
		t->state = SIM_VCPU_ON;
		t->pc = entry;
		t->r[0] = ctx;
		v->r[0] = GUNYAH_GUEST_PSCI_SUCCESS;
		sim_guest_wake(t);
	}
	sim_guest_slot_unlock(t->slot);
	return true;
}

/* Execute one instruction of @v, which holds its slot. */
static enum sim_step sim_guest_step(struct sim_guest *g,
				    struct sim_guest_vcpu *v, bool accepted,
				    struct gunyah_hypercall_vcpu_run_resp *resp,
				    struct sim_guest_end *end)
{
	enum sim_guest_acc acc;
	u8 op, size, ra, rb;
	u64 imm, next;
	const u8 *insn;
	u32 word;

	insn = sim_guest_fetch_cached(v, v->pc);
	if (unlikely(!insn)) {
		/* The cached page was fetched from, so it is above VMMIO. */
		if (v->pc < GUNYAH_GUEST_VMMIO_SIZE)
			return sim_guest_fault(v, resp, end);
		acc = sim_guest_access(g, v->pc, v->fetch_buf,
				       sizeof(v->fetch_buf), SIM_GUEST_RIGHT_X);
		if (acc != SIM_ACC_OK)
			return sim_guest_acc_fail(v, acc, v->pc,
						  SIM_GUEST_RIGHT_X, accepted,
						  resp, end);
		sim_guest_fetch_cache(g, v);
		insn = v->fetch_buf;
	}
	/*
	 * Guest memory may change under us: each byte is read once, in two
	 * loads, and only the copies are checked and used.
	 */
	word = get_unaligned_le32(insn);
	imm = get_unaligned_le64(&insn[8]);
	op = word;
	size = word >> 8;
	ra = word >> 16;
	rb = word >> 24;
	if (ra >= GUNYAH_GUEST_NR_REGS || rb >= GUNYAH_GUEST_NR_REGS)
		return sim_guest_fault(v, resp, end);
	next = v->pc + GUNYAH_GUEST_INSN_SIZE;

	switch (op) {
	case GUNYAH_GUEST_OP_NOP:
		break;
	case GUNYAH_GUEST_OP_MOVI:
		v->r[ra] = imm;
		break;
	case GUNYAH_GUEST_OP_ADDI:
		v->r[ra] += imm;
		break;
	case GUNYAH_GUEST_OP_SUBI:
		v->r[ra] -= imm;
		break;
	case GUNYAH_GUEST_OP_ANDI:
		v->r[ra] &= imm;
		break;
	case GUNYAH_GUEST_OP_ADD:
		v->r[ra] += v->r[rb];
		break;
	case GUNYAH_GUEST_OP_SUB:
		v->r[ra] -= v->r[rb];
		break;
	case GUNYAH_GUEST_OP_AND:
		v->r[ra] &= v->r[rb];
		break;
	case GUNYAH_GUEST_OP_LOAD:
	case GUNYAH_GUEST_OP_STORE:
		return sim_guest_mem_op(g, v, op, size, ra, v->r[rb] + imm,
					accepted, resp, end);
	case GUNYAH_GUEST_OP_BEQ:
		if (v->r[ra] == v->r[rb])
			next = imm;
		break;
	case GUNYAH_GUEST_OP_BNE:
		if (v->r[ra] != v->r[rb])
			next = imm;
		break;
	case GUNYAH_GUEST_OP_BLT:
		if (v->r[ra] < v->r[rb])
			next = imm;
		break;
	case GUNYAH_GUEST_OP_JMP:
		next = imm;
		break;
	case GUNYAH_GUEST_OP_WFI:
		v->pc = next;
		if (sim_guest_wfi_done(g, v))
			return SIM_STEP_NEXT;
		sim_guest_resp(resp, GUNYAH_VCPU_STATE_EXPECTS_WAKEUP, 0,
			       SIM_GUEST_WAKEUP_WFI, 0);
		return SIM_STEP_HOST;
	case GUNYAH_GUEST_OP_CPU_ON:
		if (!sim_guest_cpu_on(g, v, v->r[ra], imm, v->r[rb])) {
			sim_guest_resp(resp, GUNYAH_VCPU_STATE_READY, 0, 0, 0);
			return SIM_STEP_HOST;	/* replayed at the next run */
		}
		break;
	case GUNYAH_GUEST_OP_CPU_OFF:
		v->pc = next;
		v->state = SIM_VCPU_OFF;
		sim_guest_resp(resp, GUNYAH_VCPU_STATE_POWERED_OFF, 0, 0, 0);
		return SIM_STEP_HOST;
	case GUNYAH_GUEST_OP_SYSTEM_OFF:
		return sim_guest_end(SIM_GUEST_EXIT_PLATFORM_OFF,
				     SIM_GUEST_CODE_NORMAL, resp, end);
	case GUNYAH_GUEST_OP_SYSTEM_RESET:
		return sim_guest_end(SIM_GUEST_EXIT_PLATFORM_RESET,
				     SIM_GUEST_CODE_NORMAL, resp, end);
	case GUNYAH_GUEST_OP_CRASH:
		return sim_guest_end(SIM_GUEST_EXIT_SOFTWARE_ERROR,
				     SIM_GUEST_CODE_SOFTWARE_ERROR, resp, end);
	case GUNYAH_GUEST_OP_DOORBELL_SEND:
		/* r0 = the old flags; no such doorbell-source: a fault */
		if (!sim_bell_guest_send(g, v->r[ra], v->r[rb], &v->r[0]))
			return sim_guest_fault(v, resp, end);
		break;
	default:
		return sim_guest_fault(v, resp, end);
	}
	v->pc = next;
	return SIM_STEP_NEXT;
}

/*
 * What the vCPU of @s must do under &sim_rm.lock, which may sleep: its
 * slot's bit is released meanwhile. With @end, the VM exits; without, the
 * guest accepts the parcels given to it since it started. False if the
 * vCPU went away meanwhile (its VM was destroyed).
 */
static bool sim_guest_rm_call(struct sim_guest_slot *s, u64 capid,
			      const struct sim_guest_end *end)
	__must_hold(&s->busy)
{
	struct sim_rm *rm = READ_ONCE(sim_guest_rm);
	bool alive;

	if (!rm)
		return false;
	sim_guest_slot_unlock(s);
	mutex_lock(&rm->lock);
	alive = !rm->stopping && s->cap == capid;
	if (alive && end) {
		sim_vm_guest_exit(rm, s->g->vmid, end->type, end->code);
		if (end->kill)
			sim_guest_kill(s->g);
	} else if (alive) {
		sim_guest_accept_late(rm, s->g);
	}
	mutex_unlock(&rm->lock);
	sim_guest_slot_lock(s);
	return alive && s->cap == capid;
}

/*
 * The response of a vCPU that cannot run: powered off, exited, or faulted.
 * False if it can.
 */
static bool sim_guest_stopped(const struct sim_guest_vcpu *v,
			      struct gunyah_hypercall_vcpu_run_resp *resp)
{
	switch (v->state) {
	case SIM_VCPU_FAULT:
		sim_guest_resp(resp, GUNYAH_VCPU_STATE_FAULT, 0, 0, 0);
		return true;
	case SIM_VCPU_EXITED:
		sim_guest_resp(resp, GUNYAH_VCPU_STATE_POWERED_OFF,
			       SIM_GUEST_POWERED_OFF_EXITED, 0, 0);
		return true;
	case SIM_VCPU_OFF:
		sim_guest_resp(resp, GUNYAH_VCPU_STATE_POWERED_OFF, 0, 0, 0);
		return true;
	default:
		return false;
	}
}

/* Run the vCPU of @s for one timeslice, or report why it cannot run. */
static enum gunyah_error
sim_guest_run(struct sim_guest_slot *s, u64 capid, const u64 resume_data[3],
	      struct gunyah_hypercall_vcpu_run_resp *resp)
	__must_hold(&s->busy)
{
	struct sim_guest_vcpu *v = s->v;
	struct sim_guest *g = s->g;
	struct sim_guest_end end;
	bool accepted = false;
	enum sim_step step;
	unsigned int n;

	switch (v->state) {
	case SIM_VCPU_ON:
		break;
	case SIM_VCPU_WFI:
		if (!sim_guest_wfi_done(g, v)) {
			sim_guest_resp(resp, GUNYAH_VCPU_STATE_EXPECTS_WAKEUP,
				       0, SIM_GUEST_WAKEUP_WFI, 0);
			return GUNYAH_ERROR_OK;
		}
		break;
	case SIM_VCPU_MMIO_READ:
		v->r[v->mmio_reg] = sim_guest_truncate(resume_data[0],
						       v->mmio_size);
		v->state = SIM_VCPU_ON;
		break;
	case SIM_VCPU_PAGE_FAULT:
		if (resume_data[1] == GUNYAH_VCPU_ACTION_FAULT) {
			step = sim_guest_fault(v, resp, &end);
			goto out;
		}
		v->state = SIM_VCPU_ON;	/* the instruction is replayed */
		break;
	default:
		sim_guest_stopped(v, resp);
		return GUNYAH_ERROR_OK;
	}

	for (n = 0; n < SIM_GUEST_TIMESLICE; n++) {
		step = sim_guest_step(g, v, accepted, resp, &end);
		if (likely(step == SIM_STEP_NEXT)) {
			accepted = false;
			continue;
		}
		if (step != SIM_STEP_UNMAPPED)
			goto out;
		/* Accept, then replay the access, unless the VM exited. */
		if (!sim_guest_rm_call(s, capid, NULL))
			return GUNYAH_ERROR_CSPACE_CAP_NULL;
		if (sim_guest_stopped(v, resp))
			return GUNYAH_ERROR_OK;
		accepted = true;
	}
	sim_guest_resp(resp, GUNYAH_VCPU_STATE_READY, 0, 0, 0);
	return GUNYAH_ERROR_OK;

out:
	if (step == SIM_STEP_END)
		sim_guest_rm_call(s, capid, &end);
	return GUNYAH_ERROR_OK;
}

/**
 * sim_guest_vcpu_run() - the vcpu_run hypercall
 * @capid: a vCPU capability from VM_GET_HYP_RESOURCES
 * @resume_data: resume data; word 0 is the value of a pending VMMIO read,
 *               word 1 the action after a page fault (FAULT aborts the
 *               access, anything else replays it)
 * @resp: the vCPU's state and its data, all four words set when the call
 *        returns OK (and untouched otherwise)
 *
 * A vCPU of a VM that has not started is POWERED_OFF; once the VM exited,
 * POWERED_OFF with the exited flag (or FAULT if it faulted). One caller
 * runs a vCPU at a time, as on Gunyah; another one gets BUSY.
 *
 * Context: process context; takes the vCPU's slot, and &sim_rm.lock when
 * the VM exits or the guest accepts parcels.
 * Return: OK; CSPACE_CAP_NULL if @capid is no vCPU capability; BUSY if
 * another caller runs the vCPU.
 */
enum gunyah_error sim_guest_vcpu_run(u64 capid, const u64 resume_data[3],
				     struct gunyah_hypercall_vcpu_run_resp *resp)
{
	struct sim_guest_slot *s = sim_guest_slot_of(capid);
	enum gunyah_error ret = GUNYAH_ERROR_CSPACE_CAP_NULL;

	if (!READ_ONCE(sim_guest_rm))
		return GUNYAH_ERROR_CSPACE_CAP_NULL;
	if (READ_ONCE(sim_guest_null_run)) {
		/* An 8-byte VMMIO write of 0: the cheapest exit to the host. */
		sim_guest_resp(resp, GUNYAH_VCPU_ADDRSPACE_VMMIO_WRITE,
			       SIM_GUEST_NULL_MMIO, 8, 0);
		return GUNYAH_ERROR_OK;
	}
	if (!s)
		return GUNYAH_ERROR_CSPACE_CAP_NULL;
	sim_guest_slot_lock(s);
	if (s->cap == capid && s->running) {
		ret = GUNYAH_ERROR_BUSY;
	} else if (s->cap == capid) {
		s->running = true;
		ret = sim_guest_run(s, capid, resume_data, resp);
		/* Unless the VM went away and the slot has another vCPU */
		if (s->cap == capid)
			s->running = false;
	}
	sim_guest_slot_unlock(s);
	return ret;
}

/**
 * gunyah_sim_vcpu_kick() - make an interrupt pending for a vCPU
 * @capid: the vCPU's capability ID
 *
 * The vCPU's next WFI, or the one it waits in, completes. A vCPU that waits
 * is woken: its wake-up interrupt is raised.
 *
 * Context: process context.
 * Return: 0, or -ENOENT if @capid is no vCPU capability.
 */
int gunyah_sim_vcpu_kick(u64 capid)
{
	struct sim_guest_slot *s = sim_guest_slot_of(capid);
	struct sim_guest_vcpu *v;
	int ret = -ENOENT;

	if (!s)
		return -ENOENT;
	sim_guest_slot_lock(s);
	if (s->cap == capid) {
		v = s->v;
		v->pending = true;
		if (v->state == SIM_VCPU_WFI)
			sim_guest_wake(v);
		ret = 0;
	}
	sim_guest_slot_unlock(s);
	return ret;
}
EXPORT_SYMBOL_GPL(gunyah_sim_vcpu_kick);
