/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Gunyah simulator: the guest program format.
 *
 * The simulator (gunyah_sim.ko) does not emulate arm64. A guest is a small
 * program in this format, placed in the memory the host lends to the VM,
 * and run by the vcpu_run hypercall of the simulator. The header only uses
 * <linux/types.h> so that user space (a VMM test, a program generator) can
 * use it as well as the kernel.
 *
 * Machine model:
 *
 * - Each vCPU has 16 64-bit general registers r0 to r15 and a program
 *   counter (pc), a guest physical address (IPA). r0 to r15 stand in for
 *   X0 to X15 of an arm64 vCPU: the boot vCPU starts with r0 = the IPA of
 *   the device tree, as the Resource Manager sets X0.
 * - An instruction is %GUNYAH_GUEST_INSN_SIZE bytes of little-endian
 *   &struct gunyah_guest_insn, fetched from guest RAM the vCPU may execute
 *   (the parcel's rights include X). After an instruction that does not
 *   branch, pc advances by %GUNYAH_GUEST_INSN_SIZE. pc needs no alignment.
 * - Guest RAM is the memory parcels the RM accepted for the VM at VM_START,
 *   each mapped at one IPA range with the rights of the VM's ACL entry
 *   (R for loads, W for stores, X for fetches). An access must lie inside
 *   one parcel. Memory the host gives the VM later is accepted when an
 *   access finds no parcel, and mapped at the next 2 MiB boundary above
 *   the highest address in use (see the simulator's guest.c).
 * - An access to guest RAM that lies in no parcel, or that the parcel's
 *   rights forbid, is a page fault: vcpu_run reports ADDRSPACE_PAGE_FAULT
 *   (state_data_0 = the IPA, state_data_1 = 1 for a store, 2 for a fetch,
 *   0 for a load) and the instruction does not complete. The next
 *   vcpu_run replays it, unless its resume_data_1 is 2 (FAULT): then the
 *   vCPU faults.
 * - IPA [0, %GUNYAH_GUEST_VMMIO_SIZE) is the VMMIO range: a load or a store
 *   that lies wholly inside it exits to the host (vcpu_run state
 *   ADDRSPACE_VMMIO_READ or ADDRSPACE_VMMIO_WRITE). An instruction fetch
 *   there, or an access that crosses its end, faults.
 * - A fault (an undefined op, a bad register or size field, a fetch from
 *   the VMMIO range or an access across its end, a page fault the host
 *   aborted) stops the vCPU for good: vcpu_run reports FAULT and the VM exits with
 *   exit type SOFTWARE_ERROR (5), exit code NORMAL (0), as the open-source
 *   RM handles a vCPU that faulted.
 * - Arithmetic wraps modulo 2^64. Comparisons are unsigned.
 *
 * Field use: @ra and @rb name registers and must be below
 * %GUNYAH_GUEST_NR_REGS wherever an op uses them; @size is an access size
 * (1, 2, 4 or 8) where an op uses it; @imm32 is reserved (write 0, the
 * simulator ignores it); unused fields are ignored.
 */
#ifndef _LINUX_GUNYAH_GUEST_PROG_H
#define _LINUX_GUNYAH_GUEST_PROG_H

#include <linux/types.h>

#define GUNYAH_GUEST_INSN_SIZE		16
#define GUNYAH_GUEST_NR_REGS		16
/* End of the VMMIO range, which starts at IPA 0. */
#define GUNYAH_GUEST_VMMIO_SIZE		0x40000000ULL

/* PSCI-like results CPU_ON writes to r0. */
#define GUNYAH_GUEST_PSCI_SUCCESS		0
#define GUNYAH_GUEST_PSCI_INVALID_PARAMETERS	-2
#define GUNYAH_GUEST_PSCI_ALREADY_ON		-4

/**
 * struct gunyah_guest_insn - one guest instruction, little-endian
 * @op: one of enum gunyah_guest_op
 * @size: access size in bytes for LOAD and STORE: 1, 2, 4 or 8
 * @ra: first register operand, 0 to 15
 * @rb: second register operand, 0 to 15
 * @imm32: reserved, write 0
 * @imm64: immediate: a value, an address offset or a branch target
 */
struct gunyah_guest_insn {
	__u8 op;
	__u8 size;
	__u8 ra;
	__u8 rb;
	__le32 imm32;
	__le64 imm64;
};

/**
 * enum gunyah_guest_op - the operations of a guest instruction
 * @GUNYAH_GUEST_OP_NOP: do nothing.
 * @GUNYAH_GUEST_OP_MOVI: ra = imm64.
 * @GUNYAH_GUEST_OP_ADDI: ra = ra + imm64.
 * @GUNYAH_GUEST_OP_SUBI: ra = ra - imm64.
 * @GUNYAH_GUEST_OP_ANDI: ra = ra & imm64.
 * @GUNYAH_GUEST_OP_ADD: ra = ra + rb.
 * @GUNYAH_GUEST_OP_SUB: ra = ra - rb.
 * @GUNYAH_GUEST_OP_AND: ra = ra & rb.
 * @GUNYAH_GUEST_OP_LOAD: ra = the @size bytes at IPA rb + imm64, zero
 *	extended. In guest RAM it needs the R right. In the VMMIO range the
 *	vCPU exits with ADDRSPACE_VMMIO_READ (state_data_0 = IPA,
 *	state_data_1 = @size); the next vcpu_run's resume_data_0, truncated
 *	to @size bytes, is the value loaded.
 * @GUNYAH_GUEST_OP_STORE: store the low @size bytes of ra at IPA
 *	rb + imm64. In guest RAM it needs the W right. In the VMMIO range the
 *	vCPU exits with ADDRSPACE_VMMIO_WRITE (state_data_0 = IPA,
 *	state_data_1 = @size, state_data_2 = the value); the store is then
 *	complete.
 * @GUNYAH_GUEST_OP_BEQ: if ra == rb, pc = imm64.
 * @GUNYAH_GUEST_OP_BNE: if ra != rb, pc = imm64.
 * @GUNYAH_GUEST_OP_BLT: if ra < rb (unsigned), pc = imm64.
 * @GUNYAH_GUEST_OP_JMP: pc = imm64.
 * @GUNYAH_GUEST_OP_DOORBELL_SEND: doorbell_send with the flags in rb to
 *	the doorbell-source whose index is in ra: 0 for the first
 *	"doorbell-source" vdevice of the VM's DT, in DT order (the model's
 *	stand-in for the capability the RM writes in the guest's DT). r0 is
 *	set to the doorbell's flags before the send. The host receives the
 *	doorbell as a BELL_RX resource, whose interrupt the send raises while
 *	enabled flags are pending. An index that names no doorbell-source
 *	faults.
 * @GUNYAH_GUEST_OP_WFI: wait for an interrupt. If one is pending (see
 *	gunyah_sim_vcpu_kick()) it is consumed and execution continues;
 *	otherwise vcpu_run reports EXPECTS_WAKEUP (state_data_1 = 1, WFI)
 *	until one arrives, and the vCPU's wake-up interrupt is raised then.
 *	The interrupt of a doorbell of the VM (a "doorbell" vdevice of its
 *	DT, which the host rings with doorbell_send) ends the WFI of any of
 *	the VM's vCPUs the same way: the WFI takes it and, standing in for
 *	the guest's handler, clears (receives) all of the doorbell's flags,
 *	so the doorbell can raise its interrupt again.
 * @GUNYAH_GUEST_OP_CPU_ON: power on the vCPU whose index is in ra, at
 *	pc = imm64 with its r0 = rb. r0 of the caller is set to
 *	%GUNYAH_GUEST_PSCI_SUCCESS, %GUNYAH_GUEST_PSCI_ALREADY_ON if the
 *	target is not powered off, or %GUNYAH_GUEST_PSCI_INVALID_PARAMETERS
 *	for an index that is not a vCPU of the VM. The target's wake-up
 *	interrupt is raised.
 * @GUNYAH_GUEST_OP_CPU_OFF: power the vCPU off: vcpu_run reports
 *	POWERED_OFF (not exited) until CPU_ON powers it on again.
 * @GUNYAH_GUEST_OP_SYSTEM_OFF: PSCI SYSTEM_OFF: every vCPU is powered off
 *	for good (POWERED_OFF, exited) and the VM exits with exit type
 *	PLATFORM_OFF (1).
 * @GUNYAH_GUEST_OP_SYSTEM_RESET: PSCI SYSTEM_RESET: the caller reports
 *	PSCI_SYSTEM_RESET (state_data_0 = bit 63) once, every vCPU is then
 *	powered off for good and the VM exits with exit type
 *	PLATFORM_RESET (2).
 * @GUNYAH_GUEST_OP_CRASH: the guest crashed: the VM exits with exit type
 *	SOFTWARE_ERROR (5) and exit code SOFTWARE_ERROR (1); every vCPU is
 *	powered off for good.
 * @GUNYAH_GUEST_NR_OPS: number of ops; any other value of @op faults.
 */
enum gunyah_guest_op {
	GUNYAH_GUEST_OP_NOP		= 0,
	GUNYAH_GUEST_OP_MOVI		= 1,
	GUNYAH_GUEST_OP_ADDI		= 2,
	GUNYAH_GUEST_OP_SUBI		= 3,
	GUNYAH_GUEST_OP_ANDI		= 4,
	GUNYAH_GUEST_OP_ADD		= 5,
	GUNYAH_GUEST_OP_SUB		= 6,
	GUNYAH_GUEST_OP_AND		= 7,
	GUNYAH_GUEST_OP_LOAD		= 8,
	GUNYAH_GUEST_OP_STORE		= 9,
	GUNYAH_GUEST_OP_BEQ		= 10,
	GUNYAH_GUEST_OP_BNE		= 11,
	GUNYAH_GUEST_OP_BLT		= 12,
	GUNYAH_GUEST_OP_JMP		= 13,
	GUNYAH_GUEST_OP_DOORBELL_SEND	= 14,
	GUNYAH_GUEST_OP_WFI		= 15,
	GUNYAH_GUEST_OP_CPU_ON		= 16,
	GUNYAH_GUEST_OP_CPU_OFF		= 17,
	GUNYAH_GUEST_OP_SYSTEM_OFF	= 18,
	GUNYAH_GUEST_OP_SYSTEM_RESET	= 19,
	GUNYAH_GUEST_OP_CRASH		= 20,
	GUNYAH_GUEST_NR_OPS,
};

#endif /* _LINUX_GUNYAH_GUEST_PROG_H */
