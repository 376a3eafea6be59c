// SPDX-License-Identifier: GPL-2.0-only
/*
 * Gunyah simulator: the little of a flattened device tree (FDT) reader the
 * modelled Resource Manager needs: /gunyah-vm-config/memory's base-address,
 * which the open-source RM reads to place the VM's image parcel (ABI
 * section 11.2), and the doorbell vdevices of /gunyah-vm-config/vdevices,
 * for which it creates doorbells (ABI section 11.5).
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
 * sim_fdt_vm_mem_base() - /gunyah-vm-config/memory base-address of a DTB
 * @buf: the DTB
 * @size: bytes available at @buf
 * @base: set to base-address on success
 *
 * base-address is read with the #address-cells of the memory node itself,
 * 2 if it has none, as the open-source RM does; 1 and 2 are accepted.
 *
 * Return: 0; -EINVAL if @buf is not a well-formed DTB that fits in @size;
 * -ENOENT if it has no such property.
 */
int sim_fdt_vm_mem_base(const void *buf, size_t size, u64 *base)
{
	struct sim_fdt f;
	u32 token, len, nameoff, cells = 2;
	size_t off, end, name_len;
	const char *name;
	bool have_base = false;
	unsigned int depth = 0;
	/* Depth of the matching path: 1 = /gunyah-vm-config, 2 = memory. */
	unsigned int matched = 0;
	size_t base_off = 0;
	u32 base_len = 0;

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
			if (depth == 1 && !matched &&
			    !strcmp(name, "gunyah-vm-config"))
				matched = 1;
			else if (depth == 2 && matched == 1 &&
				 !strcmp(name, "memory"))
				matched = 2;
			off += ALIGN(name_len + 1, 4);
			depth++;
			break;
		case SIM_FDT_END_NODE:
			if (!depth)
				return -EINVAL;
			if (depth == 3 && matched == 2) {
				/* Leaving /gunyah-vm-config/memory. */
				if (!have_base)
					return -ENOENT;
				return sim_fdt_cells(&f, base_off, base_len,
						     cells, base);
			}
			if (depth == 2 && matched == 1)
				matched = 0;
			depth--;
			break;
		case SIM_FDT_PROP:
			if (!sim_fdt_u32(&f, off, end, &len) ||
			    !sim_fdt_u32(&f, off + 4, end, &nameoff))
				return -EINVAL;
			off += 8;
			if (len > end - off)
				return -EINVAL;
			if (depth == 3 && matched == 2) {
				if (sim_fdt_prop_is(&f, nameoff,
						    "#address-cells")) {
					if (len != 4)
						return -EINVAL;
					cells = get_unaligned_be32(&f.buf[off]);
				} else if (sim_fdt_prop_is(&f, nameoff,
							   "base-address")) {
					have_base = true;
					base_off = off;
					base_len = len;
				}
			}
			off += ALIGN(len, 4);
			break;
		case SIM_FDT_NOP:
			break;
		case SIM_FDT_END:
			return -ENOENT;
		default:
			return -EINVAL;
		}
	}
	return -EINVAL;
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
 * struct sim_fdt_vdev - the vdevice node being read
 * @doorbell: its vdevice-type is "doorbell"
 * @has_qcom_label: it has a 4-byte qcom,label
 * @has_label: it has a 4-byte label
 * @qcom_label: the value of qcom,label
 * @label: the value of label
 */
struct sim_fdt_vdev {
	bool doorbell;
	bool has_qcom_label;
	bool has_label;
	u32 qcom_label;
	u32 label;
};

/* Take note of a property of a vdevice node. */
static void sim_fdt_vdev_prop(const struct sim_fdt *f, struct sim_fdt_vdev *v,
			      u32 nameoff, size_t off, u32 len)
{
	if (sim_fdt_prop_is(f, nameoff, "vdevice-type")) {
		v->doorbell = sim_fdt_val_is(f, off, len, "doorbell");
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

/**
 * sim_fdt_vm_doorbells() - the doorbells of /gunyah-vm-config/vdevices
 * @buf: the DTB
 * @size: bytes available at @buf
 * @labels: filled with the label of each doorbell, in DTB order
 * @max: entries of @labels
 * @nr: set to the number of doorbell nodes found, which may exceed @max
 *
 * A doorbell is a child node of /gunyah-vm-config/vdevices whose
 * vdevice-type is "doorbell". Its label is the u32 of qcom,label or, if
 * that is absent, of label (ABI section 11.5); a doorbell node with
 * neither is skipped. Nodes nested deeper are not vdevices.
 *
 * Return: 0; -EINVAL if @buf is not a well-formed DTB that fits in @size
 * (*@nr then counts the doorbells read before the defect).
 */
int sim_fdt_vm_doorbells(const void *buf, size_t size, u32 *labels,
			 unsigned int max, unsigned int *nr)
{
	struct sim_fdt_vdev vdev = { };
	u32 token, len, nameoff, label;
	size_t off, end, name_len;
	struct sim_fdt f;
	const char *name;
	unsigned int depth = 0;
	/* 1 = in /gunyah-vm-config, 2 = in its vdevices, 3 = in a child. */
	unsigned int matched = 0;

	*nr = 0;
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
			if (depth == 1 && !matched &&
			    !strcmp(name, "gunyah-vm-config")) {
				matched = 1;
			} else if (depth == 2 && matched == 1 &&
				   !strcmp(name, "vdevices")) {
				matched = 2;
			} else if (depth == 3 && matched == 2) {
				matched = 3;
				memset(&vdev, 0, sizeof(vdev));
			}
			off += ALIGN(name_len + 1, 4);
			depth++;
			break;
		case SIM_FDT_END_NODE:
			if (!depth)
				return -EINVAL;
			if (depth == 4 && matched == 3) {
				/* Leaving a vdevice node. */
				matched = 2;
				if (vdev.doorbell &&
				    (vdev.has_qcom_label || vdev.has_label)) {
					label = vdev.has_qcom_label ?
						vdev.qcom_label : vdev.label;
					if (*nr < max)
						labels[*nr] = label;
					(*nr)++;
				}
			} else if (depth == 3 && matched == 2) {
				matched = 1;
			} else if (depth == 2 && matched == 1) {
				matched = 0;
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
			if (depth == 4 && matched == 3)
				sim_fdt_vdev_prop(&f, &vdev, nameoff, off, len);
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
