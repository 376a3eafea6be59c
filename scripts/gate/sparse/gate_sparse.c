// SPDX-License-Identifier: GPL-2.0-only
/* Planted defect for the gate self-test: little-endian field misuse. */

#include <linux/module.h>
#include <linux/types.h>

struct gate_wire {
	__le32 len;
};

u32 gate_sparse_len(struct gate_wire *w);
u32 gate_sparse_len(struct gate_wire *w)
{
	w->len = 16;		/* should be cpu_to_le32(16) */
	return w->len + 1;	/* should be le32_to_cpu(w->len) */
}
EXPORT_SYMBOL_GPL(gate_sparse_len);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Gate self-test fixture: endianness bug for sparse");
