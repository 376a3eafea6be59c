/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal flattened device tree (FDT, DTB version 17) writer for the
 * sample VMM: nodes and properties are appended in order, property names
 * are shared in the strings block, and fdt_finish() lays out the blob.
 */
#ifndef _GUNYAH_SAMPLE_FDT_H
#define _GUNYAH_SAMPLE_FDT_H

#include <stddef.h>
#include <linux/types.h>

/**
 * struct fdt - a device tree being written
 * @dt_struct: the structure block
 * @struct_len: bytes used in @dt_struct
 * @struct_cap: bytes allocated for @dt_struct
 * @strings: the strings block
 * @strings_len: bytes used in @strings
 * @strings_cap: bytes allocated for @strings
 * @depth: nodes begun and not ended
 * @error: set once an allocation failed or the nesting went wrong
 */
struct fdt {
	__u8 *dt_struct;
	size_t struct_len;
	size_t struct_cap;
	char *strings;
	size_t strings_len;
	size_t strings_cap;
	int depth;
	int error;
};

void fdt_init(struct fdt *fdt);
void fdt_free(struct fdt *fdt);
void fdt_begin_node(struct fdt *fdt, const char *name);
void fdt_end_node(struct fdt *fdt);
void fdt_prop(struct fdt *fdt, const char *name, const void *val,
	      size_t len);
void fdt_prop_empty(struct fdt *fdt, const char *name);
void fdt_prop_u32(struct fdt *fdt, const char *name, __u32 val);
void fdt_prop_cells(struct fdt *fdt, const char *name, const __u32 *cells,
		    size_t n);
void fdt_prop_u64(struct fdt *fdt, const char *name, __u64 val);
void fdt_prop_string(struct fdt *fdt, const char *name, const char *val);
void fdt_prop_strings(struct fdt *fdt, const char *name, const char *val,
		      size_t len);

/*
 * Lays out the DTB in a new buffer (free() it) and stores its size in
 * *@size. Returns NULL if anything went wrong while the tree was built.
 */
void *fdt_finish(struct fdt *fdt, size_t *size);

#endif /* _GUNYAH_SAMPLE_FDT_H */
