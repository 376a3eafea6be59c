// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writes the demo guest of the sample VMM: a program in the simulator's
 * guest program format (include/linux/gunyah_guest_prog.h) that prints
 * "Hello from a Gunyah guest!" through the VMM's console register one
 * byte at a time, writes once to the ioeventfd address, and powers the VM
 * off (PSCI SYSTEM_OFF).
 *
 *   hello_guest [--console ADDR] [--ioeventfd ADDR] OUT
 *
 * The image is linked at the start of guest RAM (0x80000000), where the
 * VMM loads it and where the VM boots. The message follows the code.
 */

#include <endian.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/linux/gunyah_guest_prog.h"

#define IMAGE_BASE		0x80000000ULL
#define DEFAULT_CONSOLE		0x09000000ULL
#define DEFAULT_IOEVENTFD	0x09000100ULL
#define MAX_INSNS		32

static const char message[] = "Hello from a Gunyah guest!\n";

struct prog {
	struct gunyah_guest_insn insn[MAX_INSNS];
	unsigned int n;
};

static void emit(struct prog *p, __u8 op, __u8 size, __u8 ra,
		 __u8 rb, __u64 imm)
{
	struct gunyah_guest_insn *i = &p->insn[p->n++];

	memset(i, 0, sizeof(*i));
	i->op = op;
	i->size = size;
	i->ra = ra;
	i->rb = rb;
	i->imm64 = htole64(imm);
}

/* Guest address of instruction @idx. */
static __u64 insn_addr(unsigned int idx)
{
	return IMAGE_BASE + (__u64)idx * GUNYAH_GUEST_INSN_SIZE;
}

static int parse_addr(const char *s, __u64 *val)
{
	char *end;

	*val = strtoull(s, &end, 0);
	return end == s || *end || *val >= GUNYAH_GUEST_VMMIO_SIZE ? -1 : 0;
}

/* Register use */
enum {
	R_CONSOLE = 1,	/* console register address */
	R_PTR,		/* next byte of the message */
	R_CHAR,		/* the byte */
	R_ZERO,		/* 0, for the end test */
	R_IOEVENT,	/* ioeventfd address */
};

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "console", required_argument, NULL, 'c' },
		{ "ioeventfd", required_argument, NULL, 'e' },
		{ }
	};
	__u64 console = DEFAULT_CONSOLE, ioevent = DEFAULT_IOEVENTFD;
	unsigned int loop, beq, done;
	struct prog p = { 0 };
	FILE *f;
	int opt;

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if ((opt != 'c' && opt != 'e') ||
		    parse_addr(optarg, opt == 'c' ? &console : &ioevent)) {
			fprintf(stderr, "usage: %s [--console ADDR] [--ioeventfd ADDR] OUT\n",
				argv[0]);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: %s [--console ADDR] [--ioeventfd ADDR] OUT\n",
			argv[0]);
		return 2;
	}

	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, R_CONSOLE, 0, console);
	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, R_PTR, 0, 0);	/* patched below */
	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, R_ZERO, 0, 0);
	loop = p.n;
	emit(&p, GUNYAH_GUEST_OP_LOAD, 1, R_CHAR, R_PTR, 0);
	beq = p.n;
	emit(&p, GUNYAH_GUEST_OP_BEQ, 0, R_CHAR, R_ZERO, 0); /* patched */
	emit(&p, GUNYAH_GUEST_OP_STORE, 1, R_CHAR, R_CONSOLE, 0);
	emit(&p, GUNYAH_GUEST_OP_ADDI, 0, R_PTR, 0, 1);
	emit(&p, GUNYAH_GUEST_OP_JMP, 0, 0, 0, insn_addr(loop));
	done = p.n;
	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, R_IOEVENT, 0, ioevent);
	emit(&p, GUNYAH_GUEST_OP_MOVI, 0, R_CHAR, 0, 1);
	emit(&p, GUNYAH_GUEST_OP_STORE, 4, R_CHAR, R_IOEVENT, 0);
	emit(&p, GUNYAH_GUEST_OP_SYSTEM_OFF, 0, 0, 0, 0);

	/* The message starts right after the last instruction. */
	p.insn[1].imm64 = htole64(insn_addr(p.n));
	p.insn[beq].imm64 = htole64(insn_addr(done));

	f = fopen(argv[optind], "wb");
	if (!f) {
		perror(argv[optind]);
		return 1;
	}
	if (fwrite(p.insn, sizeof(p.insn[0]), p.n, f) != p.n ||
	    fwrite(message, 1, sizeof(message), f) != sizeof(message)) {
		perror(argv[optind]);
		fclose(f);
		return 1;
	}
	if (fclose(f)) {
		perror(argv[optind]);
		return 1;
	}
	return 0;
}
