// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ioeventfd function (GUNYAH_FN_IOEVENTFD): guest MMIO writes to one
 * register signal an eventfd in the kernel instead of exiting to user
 * space. With GUNYAH_IOEVENTFD_FLAGS_DATAMATCH only writes of one value
 * do; the others, and every read, still go to user space.
 *
 * As in KVM, an ioeventfd is identified by its address, length and
 * datamatch (flag and value), not by its eventfd: a VM cannot have two
 * ioeventfds that would take the same writes, and removal names one by
 * those fields alone.
 */

#define pr_fmt(fmt) "gunyah_ioeventfd: " fmt

#include <linux/bits.h>
#include <linux/err.h>
#include <linux/eventfd.h>
#include <linux/gunyah_vm.h>
#include <linux/module.h>
#include <linux/slab.h>

#include <uapi/linux/gunyah.h>

/**
 * struct gunyah_ioeventfd - one ioeventfd of a VM
 * @io_dev: the IO handler taking the guest's writes
 * @ctx: the eventfd it signals; referenced until unbind
 */
struct gunyah_ioeventfd {
	struct gunyah_vm_io_handler io_dev;
	struct eventfd_ctx *ctx;
};

static int gunyah_ioeventfd_write(struct gunyah_vm_io_handler *io_dev,
				  u64 addr, u32 len, u64 data)
{
	struct gunyah_ioeventfd *iofd =
		container_of(io_dev, struct gunyah_ioeventfd, io_dev);

	/* The IO handler core matched address, length and datamatch. */
#ifdef GUNYAH_EVENTFD_SIGNAL_NO_COUNT
	eventfd_signal(iofd->ctx);
#else
	eventfd_signal(iofd->ctx, 1);
#endif
	return 0;
}

/* Writes only: reads at the address go to user space. */
static const struct gunyah_vm_io_handler_ops gunyah_ioeventfd_ops = {
	.write = gunyah_ioeventfd_write,
};

/* The argument's checks that do not need the eventfd. */
static int gunyah_ioeventfd_check(const struct gunyah_fn_ioeventfd_arg *arg)
{
	bool datamatch = arg->flags & GUNYAH_IOEVENTFD_FLAGS_DATAMATCH;

	if (arg->flags & ~GUNYAH_IOEVENTFD_FLAGS_DATAMATCH || arg->padding)
		return -EINVAL;
	/* Sizes 0 (any, without datamatch), 1, 2, 4, 8; no wrap-around */
	if (!gunyah_vm_io_range_valid(arg->addr, arg->len, datamatch))
		return -EINVAL;

	/* A value wider than the access could never match: refuse it. */
	if (datamatch && arg->len < sizeof(u64) &&
	    arg->datamatch & ~GENMASK_ULL(arg->len * BITS_PER_BYTE - 1, 0))
		return -EINVAL;

	return 0;
}

static long gunyah_ioeventfd_bind(struct gunyah_vm_function_instance *f)
{
	const struct gunyah_fn_ioeventfd_arg *arg = f->argp;
	struct gunyah_ioeventfd *iofd;
	struct eventfd_ctx *ctx;
	int ret;

	ret = gunyah_ioeventfd_check(arg);
	if (ret)
		return ret;

	/* -EBADF for a file descriptor not open, -EINVAL for no eventfd. */
	ctx = eventfd_ctx_fdget(arg->fd);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);

	iofd = kzalloc(sizeof(*iofd), GFP_KERNEL_ACCOUNT);
	if (!iofd) {
		ret = -ENOMEM;
		goto err_put_ctx;
	}
	iofd->ctx = ctx;
	iofd->io_dev.addr = arg->addr;
	iofd->io_dev.len = arg->len;
	iofd->io_dev.datamatch = arg->flags & GUNYAH_IOEVENTFD_FLAGS_DATAMATCH;
	iofd->io_dev.data = iofd->io_dev.datamatch ? arg->datamatch : 0;
	iofd->io_dev.ops = &gunyah_ioeventfd_ops;

	/* -EEXIST if another IO handler of the VM has the same key. */
	ret = gunyah_vm_add_io_handler(f->vm, &iofd->io_dev);
	if (ret)
		goto err_free;

	f->data = iofd;
	return 0;

err_free:
	kfree(iofd);
err_put_ctx:
	eventfd_ctx_put(ctx);
	return ret;
}

static void gunyah_ioeventfd_unbind(struct gunyah_vm_function_instance *f)
{
	struct gunyah_ioeventfd *iofd = f->data;

	/* No vCPU signals the eventfd once this returns. */
	gunyah_vm_remove_io_handler(f->vm, &iofd->io_dev);
	eventfd_ctx_put(iofd->ctx);
	kfree(iofd);
}

static bool
gunyah_ioeventfd_compare(const struct gunyah_vm_function_instance *f,
			 const void *arg, size_t size)
{
	const struct gunyah_fn_ioeventfd_arg *a = f->argp, *b = arg;
	bool datamatch = a->flags & GUNYAH_IOEVENTFD_FLAGS_DATAMATCH;

	if (a->addr != b->addr || a->len != b->len ||
	    datamatch != !!(b->flags & GUNYAH_IOEVENTFD_FLAGS_DATAMATCH))
		return false;
	return !datamatch || a->datamatch == b->datamatch;
}

DECLARE_GUNYAH_VM_FUNCTION(gunyah_ioeventfd, 3,
			   struct gunyah_fn_ioeventfd_arg,
			   gunyah_ioeventfd_bind, gunyah_ioeventfd_unbind,
			   gunyah_ioeventfd_compare);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Gunyah ioeventfd function");
