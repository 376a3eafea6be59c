/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Building guest programs for the simulator's guest model (the format is
 * include/linux/gunyah_guest_prog.h) in the vCPU selftests. Programs are
 * placed at PROG_ADDR, inside the guest RAM of vm_util.h.
 */
#ifndef _GUNYAH_GUEST_PROG_UTIL_H
#define _GUNYAH_GUEST_PROG_UTIL_H

#include <stdlib.h>
#include <string.h>

#include "vm_util.h"
#include "../../../../include/linux/gunyah_guest_prog.h"

#define PROG_OFF	0x10000ULL
#define PROG_ADDR	(RAM_BASE + PROG_OFF)
#define PROG_MAX	128

struct prog {
	struct gunyah_guest_insn insn[PROG_MAX];
	unsigned int n;
};

/* Append one instruction; the e2e machine is little endian. */
static inline void emit(struct prog *p, __u8 op, __u8 size, __u8 ra,
			__u8 rb, __u64 imm)
{
	struct gunyah_guest_insn *i;

	if (p->n >= PROG_MAX)
		abort();
	i = &p->insn[p->n++];
	memset(i, 0, sizeof(*i));
	i->op = op;
	i->size = size;
	i->ra = ra;
	i->rb = rb;
	i->imm64 = imm;
}

/* Guest address of the next instruction. */
static inline __u64 here(const struct prog *p)
{
	return PROG_ADDR + p->n * GUNYAH_GUEST_INSN_SIZE;
}

#endif /* _GUNYAH_GUEST_PROG_UTIL_H */
