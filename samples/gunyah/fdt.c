// SPDX-License-Identifier: GPL-2.0-only
/*
 * A minimal flattened device tree writer (see fdt.h). The layout is the
 * one of the devicetree specification, chapter 5: a 40-byte header, the
 * memory reservation block (only its terminating entry), the structure
 * block and the strings block. Every field is big endian.
 */

#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "fdt.h"

#define FDT_MAGIC		0xd00dfeed
#define FDT_VERSION		17
#define FDT_LAST_COMP_VERSION	16
#define FDT_HEADER_SIZE		40
#define FDT_RSVMAP_SIZE		16

#define FDT_BEGIN_NODE		1
#define FDT_END_NODE		2
#define FDT_PROP		3
#define FDT_END			9

static int grow(void **buf, size_t *cap, size_t need)
{
	size_t ncap = *cap ? *cap : 256;
	void *nbuf;

	if (need <= *cap)
		return 0;
	while (ncap < need)
		ncap *= 2;
	nbuf = realloc(*buf, ncap);
	if (!nbuf)
		return -1;
	*buf = nbuf;
	*cap = ncap;
	return 0;
}

/* Appends @len bytes, then zero padding up to a 4-byte boundary. */
static void put(struct fdt *fdt, const void *data, size_t len)
{
	size_t padded = (len + 3) & ~(size_t)3;
	void *buf = fdt->dt_struct;

	if (fdt->error)
		return;
	if (grow(&buf, &fdt->struct_cap, fdt->struct_len + padded)) {
		fdt->error = 1;
		return;
	}
	fdt->dt_struct = buf;
	memcpy(fdt->dt_struct + fdt->struct_len, data, len);
	memset(fdt->dt_struct + fdt->struct_len + len, 0, padded - len);
	fdt->struct_len += padded;
}

static void put_u32(struct fdt *fdt, __u32 val)
{
	__u32 be = htobe32(val);

	put(fdt, &be, sizeof(be));
}

/* Offset of @name in the strings block, added if it is not there yet. */
static __u32 string_off(struct fdt *fdt, const char *name)
{
	size_t len = strlen(name) + 1;
	void *buf = fdt->strings;
	size_t off = 0;

	while (off < fdt->strings_len) {
		if (!strcmp(fdt->strings + off, name))
			return off;
		off += strlen(fdt->strings + off) + 1;
	}
	if (grow(&buf, &fdt->strings_cap, fdt->strings_len + len)) {
		fdt->error = 1;
		return 0;
	}
	fdt->strings = buf;
	memcpy(fdt->strings + fdt->strings_len, name, len);
	fdt->strings_len += len;
	return off;
}

void fdt_init(struct fdt *fdt)
{
	memset(fdt, 0, sizeof(*fdt));
}

void fdt_free(struct fdt *fdt)
{
	free(fdt->dt_struct);
	free(fdt->strings);
	fdt_init(fdt);
}

void fdt_begin_node(struct fdt *fdt, const char *name)
{
	put_u32(fdt, FDT_BEGIN_NODE);
	put(fdt, name, strlen(name) + 1);
	fdt->depth++;
}

void fdt_end_node(struct fdt *fdt)
{
	if (fdt->depth <= 0) {
		fdt->error = 1;
		return;
	}
	put_u32(fdt, FDT_END_NODE);
	fdt->depth--;
}

void fdt_prop(struct fdt *fdt, const char *name, const void *val, size_t len)
{
	__u32 nameoff = string_off(fdt, name);

	if (fdt->depth <= 0)
		fdt->error = 1;
	put_u32(fdt, FDT_PROP);
	put_u32(fdt, len);
	put_u32(fdt, nameoff);
	if (len)
		put(fdt, val, len);
}

void fdt_prop_empty(struct fdt *fdt, const char *name)
{
	fdt_prop(fdt, name, NULL, 0);
}

void fdt_prop_cells(struct fdt *fdt, const char *name, const __u32 *cells,
		    size_t n)
{
	__u32 be[16];	/* enough for this VMM */
	size_t i;

	if (n > 16) {
		fdt->error = 1;
		return;
	}
	for (i = 0; i < n; i++)
		be[i] = htobe32(cells[i]);
	fdt_prop(fdt, name, be, n * sizeof(be[0]));
}

void fdt_prop_u32(struct fdt *fdt, const char *name, __u32 val)
{
	fdt_prop_cells(fdt, name, &val, 1);
}

void fdt_prop_u64(struct fdt *fdt, const char *name, __u64 val)
{
	__u32 cells[2] = { val >> 32, (__u32)val };

	fdt_prop_cells(fdt, name, cells, 2);
}

void fdt_prop_string(struct fdt *fdt, const char *name, const char *val)
{
	fdt_prop(fdt, name, val, strlen(val) + 1);
}

void fdt_prop_strings(struct fdt *fdt, const char *name, const char *val,
		      size_t len)
{
	fdt_prop(fdt, name, val, len);
}

static void set_be32(__u8 *p, __u32 val)
{
	val = htobe32(val);
	memcpy(p, &val, sizeof(val));
}

void *fdt_finish(struct fdt *fdt, size_t *size)
{
	size_t off_struct, off_strings, total;
	__u8 *blob;

	put_u32(fdt, FDT_END);
	if (fdt->error || fdt->depth)
		return NULL;

	off_struct = FDT_HEADER_SIZE + FDT_RSVMAP_SIZE;
	off_strings = off_struct + fdt->struct_len;
	total = off_strings + fdt->strings_len;
	blob = calloc(1, total);
	if (!blob)
		return NULL;

	set_be32(blob + 0, FDT_MAGIC);
	set_be32(blob + 4, total);
	set_be32(blob + 8, off_struct);
	set_be32(blob + 12, off_strings);
	set_be32(blob + 16, FDT_HEADER_SIZE);	/* off_mem_rsvmap */
	set_be32(blob + 20, FDT_VERSION);
	set_be32(blob + 24, FDT_LAST_COMP_VERSION);
	set_be32(blob + 28, 0);			/* boot_cpuid_phys */
	set_be32(blob + 32, fdt->strings_len);
	set_be32(blob + 36, fdt->struct_len);
	/* The reservation block is one all-zero terminating entry. */
	memcpy(blob + off_struct, fdt->dt_struct, fdt->struct_len);
	if (fdt->strings_len)
		memcpy(blob + off_strings, fdt->strings, fdt->strings_len);
	*size = total;
	return blob;
}
