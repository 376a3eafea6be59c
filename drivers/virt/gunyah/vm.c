// SPDX-License-Identifier: GPL-2.0-only
/*
 * VM file descriptors: creation, the VM ioctls, and the final teardown.
 *
 * A VM is created NEW, without talking to the RM. Its fd holds the first
 * reference. Releasing the fd removes the VM's functions (vm_function.c),
 * whose instances hold references of their own; when the last reference
 * goes, the teardown runs on a worker so that it can wait for the RM
 * whatever the closing task's signals are, and it frees the VM id last
 * (vm_state.c), then the memory, then the VM.
 */

#define pr_fmt(fmt) "gunyah_vm: " fmt

#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/sched/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "vm_mgr.h"

static struct workqueue_struct *gunyah_vm_wq;

/**
 * gunyah_vm_get() - take a reference on a VM
 * @vm: the VM
 *
 * Return: @vm.
 */
struct gunyah_vm *gunyah_vm_get(struct gunyah_vm *vm)
{
	kref_get(&vm->kref);
	return vm;
}
EXPORT_SYMBOL_GPL(gunyah_vm_get);

static void gunyah_vm_free(struct gunyah_vm *vm)
{
	mmdrop(vm->mm);
	mutex_destroy(&vm->resources_lock);
	mutex_destroy(&vm->fn_lock);
	mutex_destroy(&vm->lock);
	kfree(vm);
}

static void gunyah_vm_teardown(struct work_struct *work)
{
	struct gunyah_vm *vm = container_of(work, struct gunyah_vm,
					    teardown_work);
	struct gunyah_vm_mem *mem, *next;

	/* The functions' references kept the VM until they were removed. */
	WARN_ON(!list_empty(&vm->functions));

	mutex_lock(&vm->lock);
	gunyah_vm_unwind(vm, true);
	/* Resources of a VM that could not be stopped go now. */
	gunyah_vm_clean_resources(vm);
	list_for_each_entry_safe_reverse(mem, next, &vm->mem_list, node)
		gunyah_vm_mem_free(vm, mem);
	if (vm->nb_registered)
		gunyah_rm_notifier_unregister(vm->rm, &vm->nb);
	mutex_unlock(&vm->lock);

	gunyah_rm_put(vm->rm);
	gunyah_vm_free(vm);
}

static void gunyah_vm_release(struct kref *kref)
{
	struct gunyah_vm *vm = container_of(kref, struct gunyah_vm, kref);

	queue_work(gunyah_vm_wq, &vm->teardown_work);
}

/**
 * gunyah_vm_put() - drop a reference on a VM
 * @vm: the VM
 *
 * The last reference starts the VM's teardown in the background.
 */
void gunyah_vm_put(struct gunyah_vm *vm)
{
	kref_put(&vm->kref, gunyah_vm_release);
}
EXPORT_SYMBOL_GPL(gunyah_vm_put);

/* Boot configuration may change only before the VM started. */
static bool gunyah_vm_configurable(struct gunyah_vm *vm)
	__must_hold(&vm->lock)
{
	return READ_ONCE(vm->state) == GUNYAH_VM_NEW;
}

static long gunyah_vm_set_dtb_config(struct gunyah_vm *vm,
				     const struct gunyah_vm_dtb_config *dtb)
{
	u64 end;
	long ret;

	if (!dtb->size || check_add_overflow(dtb->guest_phys_addr, dtb->size,
					     &end))
		return -EINVAL;

	ret = mutex_lock_killable(&vm->lock);
	if (ret)
		return ret;
	if (gunyah_vm_configurable(vm))
		vm->dtb = *dtb;
	else
		ret = -EBUSY;
	mutex_unlock(&vm->lock);
	return ret;
}

static long gunyah_vm_set_fw_config(struct gunyah_vm *vm,
				    const struct gunyah_vm_firmware_config *fw)
{
	u64 end;
	long ret;

	if (!fw->size || !PAGE_ALIGNED(fw->guest_phys_addr) ||
	    !PAGE_ALIGNED(fw->size) ||
	    check_add_overflow(fw->guest_phys_addr, fw->size, &end))
		return -EINVAL;

	ret = mutex_lock_killable(&vm->lock);
	if (ret)
		return ret;
	if (gunyah_vm_configurable(vm))
		vm->fw = *fw;
	else
		ret = -EBUSY;
	mutex_unlock(&vm->lock);
	return ret;
}

/**
 * gunyah_vm_boot_reg() - where a boot context register is kept
 * @reg: UAPI register number, GUNYAH_VM_BOOT_CONTEXT_REG(set, index)
 *
 * Return: the index in &gunyah_vm.boot_regs, or -EINVAL.
 */
int gunyah_vm_boot_reg(u32 reg)
{
	u32 set = reg >> GUNYAH_VM_BOOT_CONTEXT_REG_SHIFT;
	u32 index = reg & (BIT(GUNYAH_VM_BOOT_CONTEXT_REG_SHIFT) - 1);

	switch (set) {
	case GUNYAH_VM_BOOT_CONTEXT_REG_SET_X:
		return index < GUNYAH_VM_BOOT_NR_X ? index : -EINVAL;
	case GUNYAH_VM_BOOT_CONTEXT_REG_SET_PC:
		return index ? -EINVAL : GUNYAH_VM_BOOT_PC;
	case GUNYAH_VM_BOOT_CONTEXT_REG_SET_SP:
		return index ? -EINVAL : GUNYAH_VM_BOOT_SP;
	default:
		return -EINVAL;
	}
}

static long gunyah_vm_set_boot_context(struct gunyah_vm *vm,
				       const struct gunyah_vm_boot_context *ctx)
{
	int reg;
	long ret;

	reg = gunyah_vm_boot_reg(ctx->reg);
	if (reg < 0 || ctx->reserved)
		return -EINVAL;

	ret = mutex_lock_killable(&vm->lock);
	if (ret)
		return ret;
	if (gunyah_vm_configurable(vm)) {
		vm->boot_regs[reg] = ctx->value;
		set_bit(reg, vm->boot_set);
	} else {
		ret = -EBUSY;
	}
	mutex_unlock(&vm->lock);
	return ret;
}

static long gunyah_vm_ioctl_start(struct gunyah_vm *vm)
{
	long ret;

	ret = mutex_lock_killable(&vm->lock);
	if (ret)
		return ret;
	ret = gunyah_vm_start(vm);
	mutex_unlock(&vm->lock);
	return ret;
}

/*
 * Each ioctl's argument is copied in once, here, and handed on as a kernel
 * structure.
 */
static long gunyah_vm_ioctl(struct file *filp, unsigned int cmd,
			    unsigned long arg)
{
	struct gunyah_vm *vm = filp->private_data;
	void __user *argp = (void __user *)arg;
	union {
		struct gunyah_userspace_memory_region region;
		struct gunyah_vm_dtb_config dtb;
		struct gunyah_map_mem_args map;
		struct gunyah_vm_boot_context ctx;
		struct gunyah_vm_firmware_config fw;
		struct gunyah_address_range range;
		struct gunyah_fn_desc fn;
	} u;

	switch (cmd) {
	case GUNYAH_VM_SET_USER_MEM_REGION:
	case GUNYAH_VM_ANDROID_LEND_USER_MEM:
		if (copy_from_user(&u.region, argp, sizeof(u.region)))
			return -EFAULT;
		return gunyah_vm_user_mem_region(vm, &u.region,
						 cmd == GUNYAH_VM_SET_USER_MEM_REGION ?
						 GUNYAH_VM_MEM_SHARE :
						 GUNYAH_VM_MEM_LEND);
	case GUNYAH_VM_RECLAIM_REGION:
		if (copy_from_user(&u.range, argp, sizeof(u.range)))
			return -EFAULT;
		return gunyah_vm_reclaim_region(vm, &u.range);
	case GUNYAH_VM_SET_DTB_CONFIG:
		if (copy_from_user(&u.dtb, argp, sizeof(u.dtb)))
			return -EFAULT;
		return gunyah_vm_set_dtb_config(vm, &u.dtb);
	case GUNYAH_VM_ANDROID_SET_FW_CONFIG:
		if (copy_from_user(&u.fw, argp, sizeof(u.fw)))
			return -EFAULT;
		return gunyah_vm_set_fw_config(vm, &u.fw);
	case GUNYAH_VM_SET_BOOT_CONTEXT:
		if (copy_from_user(&u.ctx, argp, sizeof(u.ctx)))
			return -EFAULT;
		return gunyah_vm_set_boot_context(vm, &u.ctx);
	case GUNYAH_VM_MAP_MEM:
		if (copy_from_user(&u.map, argp, sizeof(u.map)))
			return -EFAULT;
		return gunyah_vm_map_mem(vm, &u.map);
	case GUNYAH_VM_START:
		return gunyah_vm_ioctl_start(vm);
	case GUNYAH_VM_ADD_FUNCTION:
		if (copy_from_user(&u.fn, argp, sizeof(u.fn)))
			return -EFAULT;
		return gunyah_vm_add_function(vm, &u.fn);
	case GUNYAH_VM_REMOVE_FUNCTION:
		if (copy_from_user(&u.fn, argp, sizeof(u.fn)))
			return -EFAULT;
		return gunyah_vm_remove_function(vm, &u.fn);
	default:
		return -ENOTTY;
	}
}

/*
 * No ioctl can run any more: remove the functions, whose references would
 * otherwise keep the VM alive, before dropping the fd's own reference.
 */
static int gunyah_vm_fd_release(struct inode *inode, struct file *filp)
{
	struct gunyah_vm *vm = filp->private_data;

	gunyah_vm_remove_functions(vm);
	gunyah_vm_put(vm);
	return 0;
}

/*
 * /proc/<pid>/fdinfo/<fd>: the VM's state, for VMMs and tests.
 */
static void gunyah_vm_show_fdinfo(struct seq_file *m, struct file *filp)
{
	struct gunyah_vm *vm = filp->private_data;
	struct gunyah_vm_exit_info info;
	enum gunyah_vm_state state;
	bool exited;
	u16 vmid;

	spin_lock(&vm->status_lock);
	state = vm->state;
	vmid = vm->vmid;
	exited = vm->exited;
	info = vm->exit_info;
	spin_unlock(&vm->status_lock);

	seq_printf(m, "gunyah_vm_state:\t%s\n", gunyah_vm_state_name(state));
	seq_printf(m, "gunyah_vmid:\t0x%x\n", vmid);
	if (!exited)
		return;
	seq_printf(m, "gunyah_exit_type:\t%u\n", info.type);
	seq_printf(m, "gunyah_exit_reason:\t0x%08x\n",
		   gunyah_vm_exit_reason_word(&info));
}

static const struct file_operations gunyah_vm_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = gunyah_vm_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.release = gunyah_vm_fd_release,
	.show_fdinfo = gunyah_vm_show_fdinfo,
	.llseek = noop_llseek,
};

static struct gunyah_vm *gunyah_vm_alloc(struct gunyah_rm *rm)
{
	struct gunyah_vm *vm;

	vm = kzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);
	if (!vm)
		return NULL;

	kref_init(&vm->kref);
	vm->rm = rm;
	mmgrab(current->mm);
	vm->mm = current->mm;
	mutex_init(&vm->lock);
	vm->state = GUNYAH_VM_NEW;
	spin_lock_init(&vm->status_lock);
	init_waitqueue_head(&vm->status_wq);
	vm->nb.notifier_call = gunyah_vm_notifier;
	INIT_LIST_HEAD(&vm->mem_list);
	INIT_WORK(&vm->teardown_work, gunyah_vm_teardown);
	gunyah_vm_functions_init(vm);
	gunyah_vm_resources_init(vm);
	gunyah_vm_io_handlers_init(vm);

	/* Teach lockdep the nesting (vm_mgr.h) before anything depends on it. */
	if (IS_ENABLED(CONFIG_LOCKDEP)) {
		mutex_lock(&vm->fn_lock);
		mutex_lock(&vm->lock);
		mutex_lock(&vm->resources_lock);
		down_read(&vm->io_handlers_lock);
		up_read(&vm->io_handlers_lock);
		mutex_unlock(&vm->resources_lock);
		mutex_unlock(&vm->lock);
		mutex_unlock(&vm->fn_lock);
	}
	return vm;
}

/**
 * gunyah_dev_vm_create() - GUNYAH_CREATE_VM
 * @type: the VM type from user space
 *
 * The VM is hosted by the bound RM, whose reference it keeps.
 *
 * Return: the new VM fd or a negative errno; -ENODEV if no RM is bound.
 */
long gunyah_dev_vm_create(unsigned long type)
{
	struct gunyah_vm *vm;
	struct gunyah_rm *rm;
	struct file *file;
	int fd, ret;

	if (type)
		return -EINVAL;
	rm = gunyah_rm_get();
	if (!rm)
		return -ENODEV;

	vm = gunyah_vm_alloc(rm);
	if (!vm) {
		ret = -ENOMEM;
		goto err_put_rm;
	}

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		ret = fd;
		goto err_free_vm;
	}
	file = anon_inode_getfile("gunyah-vm", &gunyah_vm_fops, vm, O_RDWR);
	if (IS_ERR(file)) {
		ret = PTR_ERR(file);
		goto err_put_fd;
	}

	fd_install(fd, file);
	return fd;

err_put_fd:
	put_unused_fd(fd);
err_free_vm:
	gunyah_vm_free(vm);
err_put_rm:
	gunyah_rm_put(rm);
	return ret;
}

/**
 * gunyah_vm_mgr_init() - set up the VM manager
 *
 * Return: 0 or a negative errno.
 */
int gunyah_vm_mgr_init(void)
{
	int ret;

	gunyah_vm_wq = alloc_workqueue("gunyah_vm", WQ_UNBOUND, 0);
	if (!gunyah_vm_wq)
		return -ENOMEM;
	ret = gunyah_gmem_init();
	if (ret)
		destroy_workqueue(gunyah_vm_wq);
	return ret;
}

/**
 * gunyah_vm_mgr_exit() - wait for every VM's teardown, then clean up
 */
void gunyah_vm_mgr_exit(void)
{
	destroy_workqueue(gunyah_vm_wq);
	gunyah_gmem_exit();
}
