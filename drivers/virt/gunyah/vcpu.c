// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vCPU function (GUNYAH_FN_VCPU): a vCPU file descriptor whose
 * GUNYAH_VCPU_RUN proxy-schedules one vCPU of a VM on the calling thread,
 * and whose mmap()ed page tells user space why the vCPU stopped.
 *
 * The run page is shared with user space and therefore hostile: the kernel
 * keeps its own copy of the pending exit, reads only the fields user space
 * must fill in (the value of an MMIO read, the resume action) and checks
 * them. One thread runs a vCPU at a time.
 */

#define pr_fmt(fmt) "gunyah_vcpu: " fmt

#include <linux/anon_inodes.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/gunyah.h>
#include <linux/gunyah_rm.h>
#include <linux/gunyah_vm.h>
#include <linux/interrupt.h>
#include <linux/kref.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <uapi/linux/gunyah.h>

#define GUNYAH_VCPU_NO_CAP	U64_MAX

/* The bit of &gunyah_vcpu.run_lock that a runner holds */
#define GUNYAH_VCPU_RUNNING	0

/* What the vCPU stopped for last time, as the kernel saw it. */
enum gunyah_vcpu_pending {
	GUNYAH_VCPU_PENDING_NONE,
	GUNYAH_VCPU_PENDING_MMIO_READ,
	GUNYAH_VCPU_PENDING_MMIO_WRITE,
	GUNYAH_VCPU_PENDING_PAGE_FAULT,
};

/**
 * struct gunyah_vcpu - one vCPU of a VM
 * @kref: the function instance and the vCPU fd
 * @vm: the VM; referenced through the function instance while bound
 * @id: index of the vCPU
 * @ticket: claims the vCPU's resource (type VCPU, label @id)
 * @capid: the vCPU's capability while the VM has the vCPU, else
 *         %GUNYAH_VCPU_NO_CAP; set by the resource callbacks and read
 *         without a lock on every run (a stale value only makes vcpu_run
 *         fail, which the run loop handles)
 * @unbound: the function was removed: the vCPU cannot run any more
 * @run_lock: one runner at a time; protects everything below. A bit lock
 *            (%GUNYAH_VCPU_RUNNING) rather than a mutex: GUNYAH_VCPU_RUN
 *            only tries it, once per exit, and a bit costs one inline
 *            atomic instruction to take and a plain store to drop. Only
 *            the removal of the function waits for it.
 * @run_dep_map: @run_lock for lockdep
 * @run: the page shared with user space
 * @pending: the exit user space must complete before the next run
 * @mmio_addr: with @pending, the access's address
 * @mmio_len: with @pending MMIO, its size
 * @wakeup: completed by the vCPU's wake-up interrupt
 */
struct gunyah_vcpu {
	struct kref kref;
	struct gunyah_vm *vm;
	u32 id;
	struct gunyah_vm_resource_ticket ticket;

	u64 capid;
	bool unbound;

	unsigned long run_lock;
	struct lockdep_map run_dep_map;
	struct gunyah_vcpu_run *run;
	enum gunyah_vcpu_pending pending;
	u64 mmio_addr;
	u32 mmio_len;
	struct completion wakeup;
};

static void gunyah_vcpu_free(struct kref *kref)
{
	struct gunyah_vcpu *vcpu = container_of(kref, struct gunyah_vcpu, kref);

	free_page((unsigned long)vcpu->run);
	kfree(vcpu);
}

static void gunyah_vcpu_put(struct gunyah_vcpu *vcpu)
{
	kref_put(&vcpu->kref, gunyah_vcpu_free);
}

/* Become the vCPU's runner, if no one else is; with __cond_lock() */
static bool gunyah_vcpu_run_trylock(struct gunyah_vcpu *vcpu)
{
	if (test_and_set_bit_lock(GUNYAH_VCPU_RUNNING, &vcpu->run_lock))
		return false;
	lock_map_acquire_try(&vcpu->run_dep_map);
	return true;
}

/*
 * Wait to become the vCPU's runner, once @unbound is set: the runner leaves
 * at its next iteration. Only the removal of the function waits, so it
 * polls, rather than have every exit look for a waiter to wake.
 */
static void gunyah_vcpu_run_lock(struct gunyah_vcpu *vcpu)
	__acquires(&vcpu->run_lock)
{
	while (test_and_set_bit_lock(GUNYAH_VCPU_RUNNING, &vcpu->run_lock))
		usleep_range(500, 1000);
	lock_map_acquire(&vcpu->run_dep_map);
	__acquire(&vcpu->run_lock);
}

static void gunyah_vcpu_run_unlock(struct gunyah_vcpu *vcpu)
	__releases(&vcpu->run_lock)
{
	__release(&vcpu->run_lock);
	lock_map_release(&vcpu->run_dep_map);
	/* No other bit lives in the word: a release store drops the lock. */
	__clear_bit_unlock(GUNYAH_VCPU_RUNNING, &vcpu->run_lock);
}

static irqreturn_t gunyah_vcpu_irq(int irq, void *data)
{
	struct gunyah_vcpu *vcpu = data;

	complete(&vcpu->wakeup);
	return IRQ_HANDLED;
}

static bool gunyah_vcpu_populate(struct gunyah_vm_resource_ticket *ticket,
				 struct gunyah_resource *rsc)
{
	struct gunyah_vcpu *vcpu = container_of(ticket, struct gunyah_vcpu,
						ticket);
	int ret;

	if (rsc->irq > 0) {
		ret = request_irq(rsc->irq, gunyah_vcpu_irq, 0, "gunyah_vcpu",
				  vcpu);
		if (ret) {
			pr_warn("vCPU %u: wake-up interrupt %d: %d\n", vcpu->id,
				rsc->irq, ret);
			return false;
		}
	}
	WRITE_ONCE(vcpu->capid, rsc->capid);
	return true;
}

static void gunyah_vcpu_unpopulate(struct gunyah_vm_resource_ticket *ticket,
				   struct gunyah_resource *rsc)
{
	struct gunyah_vcpu *vcpu = container_of(ticket, struct gunyah_vcpu,
						ticket);

	WRITE_ONCE(vcpu->capid, GUNYAH_VCPU_NO_CAP);
	if (rsc->irq > 0)
		free_irq(rsc->irq, vcpu);
	/* A runner waiting for a wake-up must notice. */
	complete_all(&vcpu->wakeup);
}

/*
 * The vCPU's capability: -ENODEV once the function was removed, -ENOENT
 * while the VM has no such vCPU (it stopped, or never created it).
 */
static int gunyah_vcpu_capid(struct gunyah_vcpu *vcpu, u64 *capid)
{
	if (READ_ONCE(vcpu->unbound))
		return -ENODEV;
	*capid = READ_ONCE(vcpu->capid);
	return *capid == GUNYAH_VCPU_NO_CAP ? -ENOENT : 0;
}

/*
 * Report that the VM stopped running, with why. If the RM never said why,
 * it simply exited.
 */
static int gunyah_vcpu_exit_status(struct gunyah_vcpu *vcpu)
	__must_hold(&vcpu->run_lock)
{
	struct gunyah_vm_exit_info info = { };
	u32 status;

	status = gunyah_vm_exit_status(vcpu->vm, &info) ?:
		 GUNYAH_VM_STATUS_EXITED;
	vcpu->run->exit_reason = GUNYAH_VCPU_EXIT_STATUS;
	memset(&vcpu->run->status, 0, sizeof(vcpu->run->status));
	vcpu->run->status.status = status;
	vcpu->run->status.exit_info = info;
	return 0;
}

/* The low @len bytes of @data (@len is 0, 1, 2, 4 or 8) */
static u64 gunyah_vcpu_mmio_bytes(u64 data, u32 len)
{
	return len == 8 ? data : data & (BIT_ULL(len * 8) - 1);
}

/*
 * Resume data for the exit user space just completed. Only what user space
 * must provide is read from the page, and it is checked.
 */
static int gunyah_vcpu_resume_data(struct gunyah_vcpu *vcpu, u64 resume[3])
	__must_hold(&vcpu->run_lock)
{
	u8 action;
	__le64 data;

	resume[0] = 0;
	resume[1] = 0;
	resume[2] = 0;
	if (vcpu->pending == GUNYAH_VCPU_PENDING_NONE)
		return 0;

	if (vcpu->pending == GUNYAH_VCPU_PENDING_PAGE_FAULT) {
		/* HANDLED: the VMM mapped the memory; replay the access. */
		action = READ_ONCE(vcpu->run->page_fault.resume_action);
		if (action == GUNYAH_VCPU_RESUME_HANDLED)
			action = GUNYAH_VCPU_RESUME_RETRY;
	} else {
		action = READ_ONCE(vcpu->run->mmio.resume_action);
	}
	switch (action) {
	case GUNYAH_VCPU_RESUME_HANDLED:
		if (vcpu->pending == GUNYAH_VCPU_PENDING_MMIO_READ) {
			memcpy(&data, vcpu->run->mmio.data, sizeof(data));
			resume[0] = gunyah_vcpu_mmio_bytes(le64_to_cpu(data),
							   vcpu->mmio_len);
		}
		resume[1] = GUNYAH_VCPU_ACTION_EMULATE;
		break;
	case GUNYAH_VCPU_RESUME_RETRY:
		resume[1] = GUNYAH_VCPU_ACTION_RETRY;
		break;
	case GUNYAH_VCPU_RESUME_FAULT:
		resume[1] = GUNYAH_VCPU_ACTION_FAULT;
		break;
	default:
		return -EINVAL;
	}
	vcpu->pending = GUNYAH_VCPU_PENDING_NONE;
	return 0;
}

/* An MMIO exit: the kernel's IO handlers first, then user space. */
static bool gunyah_vcpu_mmio(struct gunyah_vcpu *vcpu,
			     const struct gunyah_hypercall_vcpu_run_resp *resp,
			     u64 resume[3])
	__must_hold(&vcpu->run_lock)
{
	bool write = resp->state == GUNYAH_VCPU_ADDRSPACE_VMMIO_WRITE;
	u64 addr = resp->state_data[0], data = resp->state_data[2];
	u32 len = resp->state_data[1];
	bool handled;
	__le64 le;

	if (len != 1 && len != 2 && len != 4 && len != 8)
		len = 0;	/* the hypervisor said nonsense: let the VMM see */

	if (len && gunyah_vm_has_io_handlers(vcpu->vm)) {
		if (write)
			handled = !gunyah_vm_mmio_write(vcpu->vm, addr, len,
							data);
		else
			handled = !gunyah_vm_mmio_read(vcpu->vm, addr, len,
						       &data);
		if (handled) {
			resume[0] = write ? 0 : data;
			resume[1] = GUNYAH_VCPU_ACTION_EMULATE;
			return false;
		}
	}

	vcpu->pending = write ? GUNYAH_VCPU_PENDING_MMIO_WRITE :
				GUNYAH_VCPU_PENDING_MMIO_READ;
	vcpu->mmio_addr = addr;
	vcpu->mmio_len = len;
	vcpu->run->exit_reason = GUNYAH_VCPU_EXIT_MMIO;
	memset(&vcpu->run->mmio, 0, sizeof(vcpu->run->mmio));
	vcpu->run->mmio.phys_addr = addr;
	vcpu->run->mmio.len = len;
	vcpu->run->mmio.is_write = write;
	if (write) {
		le = cpu_to_le64(gunyah_vcpu_mmio_bytes(data, len));
		memcpy(vcpu->run->mmio.data, &le, sizeof(le));
	}
	return true;
}

/*
 * A page fault the hypervisor could not resolve: user space may map memory
 * and replay the access, or abort it. @attempt tells it what the kernel
 * found at the address.
 */
static int gunyah_vcpu_page_fault(struct gunyah_vcpu *vcpu,
				  const struct gunyah_hypercall_vcpu_run_resp *resp)
	__must_hold(&vcpu->run_lock)
{
	u64 addr = resp->state_data[0], how = resp->state_data[1];
	int attempt;

	attempt = gunyah_vm_mem_access(vcpu->vm, addr,
				       how & GUNYAH_VCPU_PAGE_FAULT_WRITE,
				       how & GUNYAH_VCPU_PAGE_FAULT_EXEC);
	if (attempt == -EINTR)
		return attempt;
	vcpu->pending = GUNYAH_VCPU_PENDING_PAGE_FAULT;
	vcpu->mmio_addr = addr;
	vcpu->run->exit_reason = GUNYAH_VCPU_EXIT_PAGE_FAULT;
	memset(&vcpu->run->page_fault, 0, sizeof(vcpu->run->page_fault));
	vcpu->run->page_fault.phys_addr = addr;
	vcpu->run->page_fault.attempt = attempt;
	return 0;
}

/* Wait for the vCPU's wake-up interrupt (or a signal). */
static int gunyah_vcpu_wait(struct gunyah_vcpu *vcpu)
	__must_hold(&vcpu->run_lock)
{
	int ret;

	ret = wait_for_completion_interruptible_timeout(&vcpu->wakeup,
							msecs_to_jiffies(10));
	return ret < 0 ? -ERESTARTSYS : 0;
}

static long gunyah_vcpu_run(struct gunyah_vcpu *vcpu)
	__must_hold(&vcpu->run_lock)
{
	struct gunyah_hypercall_vcpu_run_resp resp;
	enum gunyah_error gh_err;
	u64 resume[3], capid;
	long ret;

	if (!vcpu->vm)
		return -ENODEV;	/* the function was removed */
	if (READ_ONCE(vcpu->run->immediate_exit))
		return -EINTR;

	if (!gunyah_vm_running(vcpu->vm)) {
		ret = gunyah_vm_ensure_started(vcpu->vm);
		if (ret)
			return ret;
	}
	ret = gunyah_vcpu_resume_data(vcpu, resume);
	if (ret)
		return ret;

	for (;;) {
		if (signal_pending(current))
			return -ERESTARTSYS;
		/*
		 * No capability: the VM stopped, or (-ENOENT) the running VM
		 * has no vCPU with this index. A VM that stopped with the
		 * capability still there says so through vcpu_run.
		 */
		ret = gunyah_vcpu_capid(vcpu, &capid);
		if (ret == -ENOENT && gunyah_vm_exit_status(vcpu->vm, NULL))
			return gunyah_vcpu_exit_status(vcpu);
		if (ret)
			return ret;

		gh_err = gunyah_hypercall_vcpu_run(capid, resume, &resp);
		memset(resume, 0, sizeof(resume));
		if (gh_err == GUNYAH_ERROR_RETRY) {
			cond_resched();
			continue;
		}
		if (gh_err != GUNYAH_ERROR_OK) {
			/* The vCPU is gone: the VM stopped or is stopping. */
			if (gunyah_vm_exit_status(vcpu->vm, NULL))
				return gunyah_vcpu_exit_status(vcpu);
			return gunyah_error_remap(gh_err);
		}

		switch (resp.state) {
		case GUNYAH_VCPU_STATE_READY:
		case GUNYAH_VCPU_STATE_BLOCKED:
		case GUNYAH_VCPU_STATE_PSCI_SYSTEM_RESET:
			cond_resched();
			break;
		case GUNYAH_VCPU_STATE_EXPECTS_WAKEUP:
			ret = gunyah_vcpu_wait(vcpu);
			if (ret)
				return ret;
			break;
		case GUNYAH_VCPU_STATE_POWERED_OFF:
			if (!(resp.state_data[0] & BIT(0))) {
				ret = gunyah_vcpu_wait(vcpu);
				if (ret)
					return ret;
				break;
			}
			fallthrough;
		case GUNYAH_VCPU_STATE_FAULT:
			/* The RM's notification tells why; it may lag. */
			ret = gunyah_vm_wait_exit(vcpu->vm);
			if (ret == -ERESTARTSYS)
				return ret;
			return gunyah_vcpu_exit_status(vcpu);
		case GUNYAH_VCPU_ADDRSPACE_VMMIO_READ:
		case GUNYAH_VCPU_ADDRSPACE_VMMIO_WRITE:
			if (gunyah_vcpu_mmio(vcpu, &resp, resume))
				return 0;
			/* Handled in the kernel: a guest may loop on it. */
			cond_resched();
			break;
		case GUNYAH_VCPU_ADDRSPACE_PAGE_FAULT:
			return gunyah_vcpu_page_fault(vcpu, &resp);
		default:
			vcpu->run->exit_reason = GUNYAH_VCPU_EXIT_UNKNOWN;
			return 0;
		}
	}
}

static long gunyah_vcpu_ioctl(struct file *filp, unsigned int cmd,
			      unsigned long arg)
{
	struct gunyah_vcpu *vcpu = filp->private_data;
	long ret;

	switch (cmd) {
	case GUNYAH_VCPU_RUN:
		if (arg)
			return -EINVAL;
		/* One runner; a second one is refused, not queued. */
		if (!__cond_lock(&vcpu->run_lock, gunyah_vcpu_run_trylock(vcpu)))
			return -EBUSY;
		ret = gunyah_vcpu_run(vcpu);
		gunyah_vcpu_run_unlock(vcpu);
		return ret;
	case GUNYAH_VCPU_MMAP_SIZE:
		return PAGE_SIZE;
	default:
		return -ENOTTY;
	}
}

static vm_fault_t gunyah_vcpu_fault(struct vm_fault *vmf)
{
	struct gunyah_vcpu *vcpu = vmf->vma->vm_file->private_data;
	struct page *page;

	if (vmf->pgoff)
		return VM_FAULT_SIGBUS;
	page = virt_to_page(vcpu->run);
	get_page(page);
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct gunyah_vcpu_vm_ops = {
	.fault = gunyah_vcpu_fault,
};

static int gunyah_vcpu_mmap(struct file *file, struct vm_area_struct *vma)
{
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	vma->vm_ops = &gunyah_vcpu_vm_ops;
	return 0;
}

static int gunyah_vcpu_release(struct inode *inode, struct file *filp)
{
	gunyah_vcpu_put(filp->private_data);
	return 0;
}

static const struct file_operations gunyah_vcpu_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = gunyah_vcpu_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.mmap = gunyah_vcpu_mmap,
	.release = gunyah_vcpu_release,
	.llseek = noop_llseek,
};

static struct lock_class_key gunyah_vcpu_run_key;

static long gunyah_vcpu_bind(struct gunyah_vm_function_instance *f)
{
	const struct gunyah_fn_vcpu_arg *arg = f->argp;
	struct gunyah_vcpu *vcpu;
	struct file *file;
	char name[32];
	int fd, ret;

	vcpu = kzalloc(sizeof(*vcpu), GFP_KERNEL_ACCOUNT);
	if (!vcpu)
		return -ENOMEM;
	vcpu->run = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!vcpu->run) {
		kfree(vcpu);
		return -ENOMEM;
	}
	kref_init(&vcpu->kref);
	vcpu->vm = f->vm;
	vcpu->id = arg->id;
	vcpu->capid = GUNYAH_VCPU_NO_CAP;
	lockdep_init_map(&vcpu->run_dep_map, "&vcpu->run_lock",
			 &gunyah_vcpu_run_key, 0);
	init_completion(&vcpu->wakeup);
	vcpu->ticket.resource_type = GUNYAH_RESOURCE_TYPE_VCPU;
	vcpu->ticket.label = arg->id;
	vcpu->ticket.owner = THIS_MODULE;
	vcpu->ticket.populate = gunyah_vcpu_populate;
	vcpu->ticket.unpopulate = gunyah_vcpu_unpopulate;

	ret = gunyah_vm_add_resource_ticket(f->vm, &vcpu->ticket);
	if (ret)
		goto err_put;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		ret = fd;
		goto err_remove_ticket;
	}
	snprintf(name, sizeof(name), "gunyah-vcpu:%u", vcpu->id);
	kref_get(&vcpu->kref);	/* the fd's */
	file = anon_inode_getfile(name, &gunyah_vcpu_fops, vcpu, O_RDWR);
	if (IS_ERR(file)) {
		ret = PTR_ERR(file);
		put_unused_fd(fd);
		gunyah_vcpu_put(vcpu);
		goto err_remove_ticket;
	}
	f->data = vcpu;
	fd_install(fd, file);
	return fd;

err_remove_ticket:
	gunyah_vm_remove_resource_ticket(f->vm, &vcpu->ticket);
err_put:
	gunyah_vcpu_put(vcpu);
	return ret;
}

static void gunyah_vcpu_unbind(struct gunyah_vm_function_instance *f)
{
	struct gunyah_vcpu *vcpu = f->data;

	WRITE_ONCE(vcpu->unbound, true);
	complete_all(&vcpu->wakeup);
	/* Waits for a runner: it sees @unbound at its next iteration. */
	gunyah_vcpu_run_lock(vcpu);
	gunyah_vm_remove_resource_ticket(vcpu->vm, &vcpu->ticket);
	vcpu->vm = NULL;
	gunyah_vcpu_run_unlock(vcpu);
	gunyah_vcpu_put(vcpu);
}

static bool gunyah_vcpu_compare(const struct gunyah_vm_function_instance *f,
				const void *arg, size_t size)
{
	const struct gunyah_fn_vcpu_arg *a = f->argp, *b = arg;

	return a->id == b->id;
}

DECLARE_GUNYAH_VM_FUNCTION(gunyah_vcpu, 1, struct gunyah_fn_vcpu_arg,
			   gunyah_vcpu_bind, gunyah_vcpu_unbind,
			   gunyah_vcpu_compare);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Gunyah vCPU function");
