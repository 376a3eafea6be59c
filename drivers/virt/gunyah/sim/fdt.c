// SPDX-License-Identifier: GPL-2.0-only
/*
 * Gunyah simulator: the little of a flattened device tree (FDT) reader the
 * modelled Resource Manager needs: /gunyah-vm-config/memory's base-address,
 * which the open-source RM reads to place the VM's image parcel (ABI
 * section 11.2), and the doorbell and doorbell-source vdevices of
 * /gunyah-vm-config/vdevices, for which it creates doorbells (ABI section
 * 11.5).
 *
 * The DTB comes from guest memory and is guest-controlled: every offset and
 * length is checked against the buffer before it is used, and the walk over
 * the structure block is bounded by its size.
 */

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "sim.h"

#define SIM_FDT_MAGIC		0xd00dfeed
#define SIM_FDT_HDR_SIZE	40
#define SIM_FDT_BEGIN_NODE	1
#define SIM_FDT_END_NODE	2
#define SIM_FDT_PROP		3
#define SIM_FDT_NOP		4
#define SIM_FDT_END		9

/**
 * struct sim_fdt - a DTB being walked
 * @buf: the DTB
 * @size: its size, checked against the header's totalsize
 * @strings: offset of the strings block
 * @strings_size: size of the strings block
 */
struct sim_fdt {
	const u8 *buf;
	size_t size;
	size_t strings;
	size_t strings_size;
};

/* Big-endian u32 at @off, if the 4 bytes lie inside [0, @end). */
static bool sim_fdt_u32(const struct sim_fdt *f, size_t off, size_t end,
			u32 *val)
{
	if (off > end || end - off < 4)
		return false;
	*val = get_unaligned_be32(&f->buf[off]);
	return true;
}

/* The NUL-terminated string at @off, if it ends before @end; or NULL. */
static const char *sim_fdt_str(const struct sim_fdt *f, size_t off,
			       size_t end, size_t *len)
{
	const u8 *nul;

	if (off >= end)
		return NULL;
	nul = memchr(&f->buf[off], '\0', end - off);
	if (!nul)
		return NULL;
	*len = nul - &f->buf[off];
	return (const char *)&f->buf[off];
}

/* Whether the name of the property with @nameoff is @s. */
static bool sim_fdt_prop_is(const struct sim_fdt *f, u32 nameoff,
			    const char *s)
{
	const char *name;
	size_t len;

	if (nameoff >= f->strings_size)
		return false;
	name = sim_fdt_str(f, f->strings + nameoff,
			   f->strings + f->strings_size, &len);
	return name && !strcmp(name, s);
}

/* Big-endian cells of @ncells (1 or 2) at @off, @len bytes. */
static int sim_fdt_cells(const struct sim_fdt *f, size_t off, u32 len,
			 u32 ncells, u64 *val)
{
	if ((ncells != 1 && ncells != 2) || len != ncells * 4)
		return -EINVAL;
	if (ncells == 1)
		*val = get_unaligned_be32(&f->buf[off]);
	else
		*val = get_unaligned_be64(&f->buf[off]);
	return 0;
}

/*
 * Check the header of the DTB at @buf, @size bytes, and set @f up for a
 * walk of its structure block, [*@off, *@end).
 */
static int sim_fdt_open(struct sim_fdt *f, const void *buf, size_t size,
			size_t *off, size_t *end)
{
	u32 totalsize, off_struct, size_struct, off_strings, magic;

	f->buf = buf;
	f->size = size;
	if (!sim_fdt_u32(f, 0, size, &magic) || magic != SIM_FDT_MAGIC ||
	    size < SIM_FDT_HDR_SIZE)
		return -EINVAL;
	totalsize = get_unaligned_be32(&f->buf[4]);
	off_struct = get_unaligned_be32(&f->buf[8]);
	off_strings = get_unaligned_be32(&f->buf[12]);
	f->strings_size = get_unaligned_be32(&f->buf[32]);
	size_struct = get_unaligned_be32(&f->buf[36]);
	if (totalsize > size || totalsize < SIM_FDT_HDR_SIZE ||
	    off_struct > totalsize || size_struct > totalsize - off_struct ||
	    off_strings > totalsize ||
	    f->strings_size > totalsize - off_strings)
		return -EINVAL;
	f->size = totalsize;
	f->strings = off_strings;
	*off = off_struct;
	*end = (size_t)off_struct + size_struct;
	return 0;
}

/**
 * struct sim_fdt_walk - what a walk of the structure block looks for
 * @path: node names below the root, ending with NULL: the node walked
 * @children: look at the children of the @path node rather than at it
 * @begin: a node looked at begins; may be NULL
 * @prop: a property of a node looked at: its name's offset in the strings
 *        block, and its value, @len bytes at @off
 * @end: a node looked at ends; true stops the walk
 *
 * A node matches while its ancestors matched the components of @path
 * before it, so that a second /gunyah-vm-config is looked into as well.
 */
struct sim_fdt_walk {
	const char * const *path;
	bool children;
	void (*begin)(void *ctx);
	void (*prop)(void *ctx, const struct sim_fdt *f, u32 nameoff,
		     size_t off, u32 len);
	bool (*end)(void *ctx);
};

/*
 * Walk the structure block of the DTB at @buf (@size bytes) for @w.
 * Return: 0 at its end or where @w->end stopped it; -EINVAL if the DTB is
 * not well formed or does not fit in @size.
 */
static int sim_fdt_walk(const void *buf, size_t size,
			const struct sim_fdt_walk *w, void *ctx)
{
	unsigned int depth = 0, matched = 0, levels = 0, target;
	u32 token, len, nameoff;
	size_t off, end, name_len;
	struct sim_fdt f;
	const char *name;

	while (w->path[levels])
		levels++;
	/* The depth of the nodes looked at, the root's children being 2 */
	target = levels + 1 + w->children;

	if (sim_fdt_open(&f, buf, size, &off, &end))
		return -EINVAL;
	/* Every token consumes at least 4 bytes: the walk is bounded. */
	while (sim_fdt_u32(&f, off, end, &token)) {
		off += 4;
		switch (token) {
		case SIM_FDT_BEGIN_NODE:
			name = sim_fdt_str(&f, off, end, &name_len);
			if (!name)
				return -EINVAL;
			off += ALIGN(name_len + 1, 4);
			depth++;
			/* The root is depth 1; path[0] is matched at 2. */
			if (depth >= 2 && matched == depth - 1 &&
			    (depth - 2 < levels ?
			     !strcmp(name, w->path[depth - 2]) :
			     depth == target)) {
				matched = depth;
				if (depth == target && w->begin)
					w->begin(ctx);
			} else if (depth == 1) {
				matched = 1;	/* the root */
			}
			break;
		case SIM_FDT_END_NODE:
			if (!depth)
				return -EINVAL;
			if (matched == depth) {
				matched--;
				if (depth == target && w->end(ctx))
					return 0;
			}
			depth--;
			break;
		case SIM_FDT_PROP:
			if (!sim_fdt_u32(&f, off, end, &len) ||
			    !sim_fdt_u32(&f, off + 4, end, &nameoff))
				return -EINVAL;
			off += 8;
			if (len > end - off)
				return -EINVAL;
			if (matched == target && depth == target)
				w->prop(ctx, &f, nameoff, off, len);
			off += ALIGN(len, 4);
			break;
		case SIM_FDT_NOP:
			break;
		case SIM_FDT_END:
			return 0;
		default:
			return -EINVAL;
		}
	}
	return -EINVAL;
}

static const char * const sim_fdt_memory_path[] = {
	"gunyah-vm-config", "memory", NULL
};

/**
 * struct sim_fdt_mem - reading /gunyah-vm-config/memory
 * @cells: its #address-cells, 2 if it has none
 * @bad_cells: its #address-cells is not one cell
 * @have_base: it has a base-address
 * @done: the node ended
 * @ret: with @done, the result of reading base-address
 * @base: with @done and @ret 0, the base-address
 * @base_buf: the DTB, to read base-address once #address-cells is known
 * @base_off: offset of base-address's value
 * @base_len: length of base-address's value
 */
struct sim_fdt_mem {
	u32 cells;
	bool bad_cells;
	bool have_base;
	bool done;
	int ret;
	u64 base;
	const struct sim_fdt *base_buf;
	size_t base_off;
	u32 base_len;
};

static void sim_fdt_mem_prop(void *ctx, const struct sim_fdt *f, u32 nameoff,
			     size_t off, u32 len)
{
	struct sim_fdt_mem *m = ctx;

	if (sim_fdt_prop_is(f, nameoff, "#address-cells")) {
		m->bad_cells = len != 4;
		if (len == 4)
			m->cells = get_unaligned_be32(&f->buf[off]);
	} else if (sim_fdt_prop_is(f, nameoff, "base-address")) {
		m->have_base = true;
		m->base_buf = f;
		m->base_off = off;
		m->base_len = len;
	}
}

static bool sim_fdt_mem_end(void *ctx)
{
	struct sim_fdt_mem *m = ctx;

	m->done = true;
	if (m->bad_cells)
		m->ret = -EINVAL;
	else if (!m->have_base)
		m->ret = -ENOENT;
	else
		m->ret = sim_fdt_cells(m->base_buf, m->base_off, m->base_len,
				       m->cells, &m->base);
	return true;
}

/**
 * sim_fdt_vm_mem_base() - /gunyah-vm-config/memory base-address of a DTB
 * @buf: the DTB
 * @size: bytes available at @buf
 * @base: set to base-address on success
 *
 * base-address is read with the #address-cells of the memory node itself,
 * 2 if it has none, as the open-source RM does; 1 and 2 are accepted.
 *
 * Return: 0; -EINVAL if @buf is not a well-formed DTB that fits in @size,
 * or the cells are unreadable; -ENOENT if it has no such property.
 */
int sim_fdt_vm_mem_base(const void *buf, size_t size, u64 *base)
{
	static const struct sim_fdt_walk walk = {
		.path = sim_fdt_memory_path,
		.prop = sim_fdt_mem_prop,
		.end = sim_fdt_mem_end,
	};
	struct sim_fdt_mem m = { .cells = 2 };

	if (sim_fdt_walk(buf, size, &walk, &m))
		return -EINVAL;
	if (!m.done)
		return -ENOENT;
	if (!m.ret)
		*base = m.base;
	return m.ret;
}

/*
 * Whether the property value at @off, @len bytes, is the string @s: exactly
 * its characters and one NUL.
 */
static bool sim_fdt_val_is(const struct sim_fdt *f, size_t off, u32 len,
			   const char *s)
{
	size_t n = strlen(s);

	return len == n + 1 && !memcmp(&f->buf[off], s, n) &&
	       f->buf[off + n] == '\0';
}

/**
 * struct sim_fdt_vdev - reading the vdevices of /gunyah-vm-config/vdevices
 * @doorbell: the node's vdevice-type is "doorbell"
 * @source: the node's vdevice-type is "doorbell-source"
 * @has_qcom_label: it has a 4-byte qcom,label
 * @has_label: it has a 4-byte label
 * @qcom_label: the value of qcom,label
 * @label: the value of label
 * @bells: where the doorbells go
 */
struct sim_fdt_vdev {
	bool doorbell;
	bool source;
	bool has_qcom_label;
	bool has_label;
	u32 qcom_label;
	u32 label;
	struct sim_fdt_bells *bells;
};

static const char * const sim_fdt_vdevices_path[] = {
	"gunyah-vm-config", "vdevices", NULL
};

static void sim_fdt_vdev_begin(void *ctx)
{
	struct sim_fdt_vdev *v = ctx;

	v->doorbell = false;
	v->source = false;
	v->has_qcom_label = false;
	v->has_label = false;
}

/* Take note of a property of a vdevice node. */
static void sim_fdt_vdev_prop(void *ctx, const struct sim_fdt *f,
			      u32 nameoff, size_t off, u32 len)
{
	struct sim_fdt_vdev *v = ctx;

	if (sim_fdt_prop_is(f, nameoff, "vdevice-type")) {
		v->doorbell = sim_fdt_val_is(f, off, len, "doorbell");
		v->source = sim_fdt_val_is(f, off, len, "doorbell-source");
	} else if (sim_fdt_prop_is(f, nameoff, "qcom,label")) {
		v->has_qcom_label = len == 4;
		if (len == 4)
			v->qcom_label = get_unaligned_be32(&f->buf[off]);
	} else if (sim_fdt_prop_is(f, nameoff, "label")) {
		v->has_label = len == 4;
		if (len == 4)
			v->label = get_unaligned_be32(&f->buf[off]);
	}
}

/* A vdevice node ends: a doorbell with a label is counted. */
static bool sim_fdt_vdev_end(void *ctx)
{
	struct sim_fdt_vdev *v = ctx;
	u32 label = v->has_qcom_label ? v->qcom_label : v->label;
	unsigned int *nr;
	u32 *labels;

	if (!(v->doorbell || v->source) ||
	    !(v->has_qcom_label || v->has_label))
		return false;
	labels = v->source ? v->bells->rx : v->bells->tx;
	nr = v->source ? &v->bells->nr_rx : &v->bells->nr_tx;
	if (*nr < SIM_MAX_BELLS)
		labels[*nr] = label;
	(*nr)++;
	return false;
}

/**
 * sim_fdt_vm_doorbells() - the doorbells of /gunyah-vm-config/vdevices
 * @buf: the DTB
 * @size: bytes available at @buf
 * @bells: set to the labels of the doorbells, in DTB order
 *
 * A doorbell is a child node of /gunyah-vm-config/vdevices whose
 * vdevice-type is "doorbell" (the guest receives, in @bells->tx as the
 * host transmits) or "doorbell-source" (the guest sends, in @bells->rx).
 * Its label is the u32 of qcom,label or, if that is absent, of label (ABI
 * section 11.5); a doorbell node with neither is skipped. Nodes nested
 * deeper are not vdevices. The counts may exceed %SIM_MAX_BELLS, the
 * labels kept.
 *
 * Return: 0; -EINVAL if @buf is not a well-formed DTB that fits in @size
 * (@bells then has the doorbells read before the defect).
 */
int sim_fdt_vm_doorbells(const void *buf, size_t size,
			 struct sim_fdt_bells *bells)
{
	static const struct sim_fdt_walk walk = {
		.path = sim_fdt_vdevices_path,
		.children = true,
		.begin = sim_fdt_vdev_begin,
		.prop = sim_fdt_vdev_prop,
		.end = sim_fdt_vdev_end,
	};
	struct sim_fdt_vdev v = { .bells = bells };

	bells->nr_tx = 0;
	bells->nr_rx = 0;
	return sim_fdt_walk(buf, size, &walk, &v);
}
