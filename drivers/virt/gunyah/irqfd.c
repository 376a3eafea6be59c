// SPDX-License-Identifier: GPL-2.0-only
/*
 * The irqfd function (GUNYAH_FN_IRQFD): an eventfd whose signal rings a
 * doorbell of the VM, which raises an interrupt in the guest.
 *
 * The doorbell is a vdevice of the VM's device tree (vdevice-type
 * "doorbell", with the irqfd's label): the Resource Manager gives the host
 * a BELL_TX resource with the same label and a send capability when the VM
 * starts (ABI section 11.5), claimed here with a resource ticket.
 *
 * The eventfd is polled with a wait-queue entry, as KVM's irqfd does: the
 * wake-up callback runs in atomic context, under the eventfd's wait-queue
 * lock, consumes the count and sends to the doorbell, a hypercall that may
 * be made in any context. A signal that arrives while the VM has no
 * doorbell (it has not started yet) is remembered and delivered when the
 * resource arrives.
 *
 * Unlike KVM's, an irqfd holds a reference on its eventfd context until it
 * is unbound: the eventfd's EPOLLHUP therefore needs no handling (the
 * wait-queue entry stays valid and is removed at unbind), and no teardown
 * has to be deferred to a workqueue.
 *
 * GUNYAH_IRQFD_FLAGS_LEVEL: the doorbell is rung the same way; the guest
 * side clears it (it receives the doorbell's flags) before the interrupt
 * can be raised again.
 */

#define pr_fmt(fmt) "gunyah_irqfd: " fmt

#include <linux/eventfd.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/gunyah.h>
#include <linux/gunyah_rm.h>
#include <linux/gunyah_vm.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#include <uapi/linux/gunyah.h>

/**
 * struct gunyah_irqfd - an eventfd bound to a doorbell of a VM
 * @ticket: claims the doorbell (type BELL_TX, the irqfd's label)
 * @ctx: the eventfd; referenced until unbind
 * @wait: entry in the eventfd's wait queue
 * @pt: the poll table that adds @wait
 * @lock: protects @rsc and @pending; taken in the wake-up callback, with
 *        the eventfd's wait-queue lock held
 * @rsc: the doorbell resource while the VM has it, or NULL
 * @pending: a signal arrived while @rsc was NULL
 */
struct gunyah_irqfd {
	struct gunyah_vm_resource_ticket ticket;
	struct eventfd_ctx *ctx;
	wait_queue_entry_t wait;
	poll_table pt;

	spinlock_t lock;		/* @rsc and @pending */
	struct gunyah_resource *rsc;
	bool pending;
};

/* Ring the doorbell, or remember to once there is one. */
static void gunyah_irqfd_ring(struct gunyah_irqfd *irqfd)
	__must_hold(&irqfd->lock)
{
	enum gunyah_error gh_err;
	u64 old_flags;

	lockdep_assert_held(&irqfd->lock);
	if (!irqfd->rsc) {
		irqfd->pending = true;
		return;
	}
	gh_err = gunyah_hypercall_bell_send(irqfd->rsc->capid, 1, &old_flags);
	if (gh_err != GUNYAH_ERROR_OK)
		pr_err_ratelimited("label %u: doorbell_send: %d\n",
				   irqfd->ticket.label, gh_err);
}

static int gunyah_irqfd_wakeup(wait_queue_entry_t *wait, unsigned int mode,
			       int sync, void *key)
{
	struct gunyah_irqfd *irqfd = container_of(wait, struct gunyah_irqfd,
						  wait);
	unsigned long flags;
	u64 cnt;

	if (!(key_to_poll(key) & EPOLLIN))
		return 0;
	/* Called with the eventfd's wait-queue lock held, as this needs. */
	eventfd_ctx_do_read(irqfd->ctx, &cnt);
	spin_lock_irqsave(&irqfd->lock, flags);
	gunyah_irqfd_ring(irqfd);
	spin_unlock_irqrestore(&irqfd->lock, flags);
	return 0;
}

static void gunyah_irqfd_ptable_queue_proc(struct file *file,
					   wait_queue_head_t *wqh,
					   poll_table *pt)
{
	struct gunyah_irqfd *irqfd = container_of(pt, struct gunyah_irqfd, pt);

	add_wait_queue(wqh, &irqfd->wait);
}

static bool gunyah_irqfd_populate(struct gunyah_vm_resource_ticket *ticket,
				  struct gunyah_resource *rsc)
{
	struct gunyah_irqfd *irqfd = container_of(ticket, struct gunyah_irqfd,
						  ticket);
	unsigned long flags;

	spin_lock_irqsave(&irqfd->lock, flags);
	irqfd->rsc = rsc;
	if (irqfd->pending) {
		irqfd->pending = false;
		gunyah_irqfd_ring(irqfd);
	}
	spin_unlock_irqrestore(&irqfd->lock, flags);
	return true;
}

static void gunyah_irqfd_unpopulate(struct gunyah_vm_resource_ticket *ticket,
				    struct gunyah_resource *rsc)
{
	struct gunyah_irqfd *irqfd = container_of(ticket, struct gunyah_irqfd,
						  ticket);
	unsigned long flags;

	spin_lock_irqsave(&irqfd->lock, flags);
	irqfd->rsc = NULL;
	spin_unlock_irqrestore(&irqfd->lock, flags);
}

static long gunyah_irqfd_bind(struct gunyah_vm_function_instance *f)
{
	const struct gunyah_fn_irqfd_arg *arg = f->argp;
	struct gunyah_irqfd *irqfd;
	unsigned long flags;
	struct file *file;
	__poll_t events;
	long ret;

	if (arg->flags & ~GUNYAH_IRQFD_FLAGS_LEVEL || arg->padding)
		return -EINVAL;

	file = fget(arg->fd);
	if (!file)
		return -EBADF;
	irqfd = kzalloc(sizeof(*irqfd), GFP_KERNEL_ACCOUNT);
	if (!irqfd) {
		ret = -ENOMEM;
		goto err_fput;
	}
	irqfd->ctx = eventfd_ctx_fileget(file);
	if (IS_ERR(irqfd->ctx)) {
		ret = PTR_ERR(irqfd->ctx);	/* -EINVAL: not an eventfd */
		goto err_free;
	}
	spin_lock_init(&irqfd->lock);
	irqfd->ticket.resource_type = GUNYAH_RESOURCE_TYPE_BELL_TX;
	irqfd->ticket.label = arg->label;
	irqfd->ticket.owner = THIS_MODULE;
	irqfd->ticket.populate = gunyah_irqfd_populate;
	irqfd->ticket.unpopulate = gunyah_irqfd_unpopulate;
	init_waitqueue_func_entry(&irqfd->wait, gunyah_irqfd_wakeup);
	init_poll_funcptr(&irqfd->pt, gunyah_irqfd_ptable_queue_proc);

	ret = gunyah_vm_add_resource_ticket(f->vm, &irqfd->ticket);
	if (ret)
		goto err_put_ctx;

	/* A signal from before the poll is delivered as well. */
	events = vfs_poll(file, &irqfd->pt);
	if (events & EPOLLIN) {
		spin_lock_irqsave(&irqfd->lock, flags);
		gunyah_irqfd_ring(irqfd);
		spin_unlock_irqrestore(&irqfd->lock, flags);
	}
	f->data = irqfd;
	fput(file);
	return 0;

err_put_ctx:
	eventfd_ctx_put(irqfd->ctx);
err_free:
	kfree(irqfd);
err_fput:
	fput(file);
	return ret;
}

static void gunyah_irqfd_unbind(struct gunyah_vm_function_instance *f)
{
	struct gunyah_irqfd *irqfd = f->data;
	u64 cnt;

	/* Under the wait-queue lock: no wake-up callback runs after this. */
	eventfd_ctx_remove_wait_queue(irqfd->ctx, &irqfd->wait, &cnt);
	gunyah_vm_remove_resource_ticket(f->vm, &irqfd->ticket);
	eventfd_ctx_put(irqfd->ctx);
	kfree(irqfd);
}

static bool gunyah_irqfd_compare(const struct gunyah_vm_function_instance *f,
				 const void *arg, size_t size)
{
	const struct gunyah_fn_irqfd_arg *a = f->argp, *b = arg;

	return a->label == b->label;
}

static_assert(GUNYAH_FN_IRQFD == 2);	/* the literal is in the alias */
DECLARE_GUNYAH_VM_FUNCTION(gunyah_irqfd, 2, struct gunyah_fn_irqfd_arg,
			   gunyah_irqfd_bind, gunyah_irqfd_unbind,
			   gunyah_irqfd_compare);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Gunyah irqfd function");
