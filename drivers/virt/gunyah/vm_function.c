// SPDX-License-Identifier: GPL-2.0-only
/*
 * VM functions: vCPUs, irqfds and ioeventfds, each provided by a module
 * that registers a struct gunyah_vm_function for its GUNYAH_FN_* type and
 * is loaded on demand through the module alias "ghfunc:<type>".
 *
 * An instance holds a reference on its VM and on its function's module for
 * its whole life, and sits on its VM's list under gunyah_vm::fn_lock. It is
 * published on that list only once bind() succeeded, and unbound exactly
 * once: by GUNYAH_VM_REMOVE_FUNCTION or when the VM file is released. As
 * the instances' references keep the VM alive, the release of the VM file
 * is where the remaining ones go; that comes before the last reference
 * and therefore before the VM is torn down at the Resource Manager.
 */

#define pr_fmt(fmt) "gunyah_vm: " fmt

#include <linux/errno.h>
#include <linux/kmod.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include "vm_mgr.h"

/* Registered functions, indexed by type; xa_lock protects the lookups. */
static DEFINE_XARRAY(gunyah_vm_functions);

/**
 * gunyah_vm_function_register() - make a function type available
 * @fn: the function; it must stay valid until unregistered
 *
 * Return: 0; -EINVAL for an incomplete @fn or an argument larger than
 * %GUNYAH_FN_MAX_ARG_SIZE; -EEXIST if the type is registered already.
 */
int gunyah_vm_function_register(struct gunyah_vm_function *fn)
{
	int ret;

	if (!fn->bind || !fn->unbind || !fn->compare || !fn->arg_size ||
	    fn->arg_size > GUNYAH_FN_MAX_ARG_SIZE)
		return -EINVAL;

	ret = xa_insert(&gunyah_vm_functions, fn->type, fn, GFP_KERNEL);
	return ret == -EBUSY ? -EEXIST : ret;
}
EXPORT_SYMBOL_GPL(gunyah_vm_function_register);

/**
 * gunyah_vm_function_unregister() - withdraw a function type
 * @fn: the function
 *
 * Its instances pin its module, so none exist when the module's exit
 * calls this.
 */
void gunyah_vm_function_unregister(struct gunyah_vm_function *fn)
{
	xa_cmpxchg(&gunyah_vm_functions, fn->type, fn, NULL, GFP_KERNEL);
}
EXPORT_SYMBOL_GPL(gunyah_vm_function_unregister);

/* The registered function of a type with a reference on its module. */
static struct gunyah_vm_function *gunyah_vm_function_try_get(u32 type)
{
	struct gunyah_vm_function *fn;

	xa_lock(&gunyah_vm_functions);
	fn = xa_load(&gunyah_vm_functions, type);
	if (fn && !try_module_get(fn->mod))
		fn = NULL;
	xa_unlock(&gunyah_vm_functions);
	return fn;
}

/* As above, loading the function's module if needed. */
static struct gunyah_vm_function *gunyah_vm_function_get(u32 type)
{
	struct gunyah_vm_function *fn;

	fn = gunyah_vm_function_try_get(type);
	if (fn)
		return fn;
	/* Failure only means that no module provides the type. */
	request_module(GUNYAH_VM_FUNCTION_ALIAS_PREFIX "%u", type);
	return gunyah_vm_function_try_get(type);
}

/* The size of a registered type's argument, or 0 if none is registered. */
static size_t gunyah_vm_function_arg_size(u32 type)
{
	struct gunyah_vm_function *fn;
	size_t size = 0;

	xa_lock(&gunyah_vm_functions);
	fn = xa_load(&gunyah_vm_functions, type);
	if (fn)
		size = fn->arg_size;
	xa_unlock(&gunyah_vm_functions);
	return size;
}

/**
 * gunyah_vm_functions_init() - set up a new VM's function list
 * @vm: the VM
 */
void gunyah_vm_functions_init(struct gunyah_vm *vm)
{
	mutex_init(&vm->fn_lock);
	INIT_LIST_HEAD(&vm->functions);
}

static void gunyah_vm_function_free(struct gunyah_vm_function_instance *inst)
{
	struct module *mod = inst->fn->mod;

	gunyah_vm_put(inst->vm);
	kfree(inst->argp);
	kfree(inst);
	module_put(mod);
}

/* An instance of @type whose compare() accepts @arg, or NULL. */
static struct gunyah_vm_function_instance *
gunyah_vm_function_find(struct gunyah_vm *vm, u32 type, const void *arg,
			size_t size)
	__must_hold(&vm->fn_lock)
{
	struct gunyah_vm_function_instance *inst;

	lockdep_assert_held(&vm->fn_lock);
	list_for_each_entry(inst, &vm->functions, vm_list)
		if (inst->fn->type == type && inst->fn->compare(inst, arg, size))
			return inst;
	return NULL;
}

/**
 * gunyah_vm_add_function() - GUNYAH_VM_ADD_FUNCTION
 * @vm: the VM
 * @desc: the descriptor, copied from user space by the caller; its
 *        argument is copied here, once
 *
 * Return: what the function's bind() returned (a new file descriptor or
 * 0), or a negative errno with nothing changed: -EINVAL if @desc->arg_size
 * is larger than %GUNYAH_FN_MAX_ARG_SIZE or not the type's argument size;
 * -ENOENT if no module provides the type; -EEXIST if an instance of the
 * type already matches the argument; -EFAULT; -ENOMEM; -EINTR; or bind()'s
 * error.
 */
long gunyah_vm_add_function(struct gunyah_vm *vm,
			    const struct gunyah_fn_desc *desc)
{
	struct gunyah_vm_function_instance *inst;
	struct gunyah_vm_function *fn;
	long ret;

	if (desc->arg_size > GUNYAH_FN_MAX_ARG_SIZE)
		return -EINVAL;

	fn = gunyah_vm_function_get(desc->type);
	if (!fn)
		return -ENOENT;
	if (desc->arg_size != fn->arg_size) {
		ret = -EINVAL;
		goto err_put_module;
	}

	inst = kzalloc(sizeof(*inst), GFP_KERNEL_ACCOUNT);
	if (!inst) {
		ret = -ENOMEM;
		goto err_put_module;
	}
	inst->fn = fn;
	inst->arg_size = desc->arg_size;
	inst->argp = memdup_user(u64_to_user_ptr(desc->arg), desc->arg_size);
	if (IS_ERR(inst->argp)) {
		ret = PTR_ERR(inst->argp);
		goto err_free_inst;
	}

	ret = mutex_lock_killable(&vm->fn_lock);
	if (ret)
		goto err_free_arg;
	if (gunyah_vm_function_find(vm, fn->type, inst->argp,
				    inst->arg_size)) {
		ret = -EEXIST;
		goto err_unlock;
	}
	inst->vm = gunyah_vm_get(vm);
	ret = fn->bind(inst);
	if (ret < 0)
		goto err_put_vm;
	/* Published: from here on only unbind() undoes it. */
	list_add_tail(&inst->vm_list, &vm->functions);
	mutex_unlock(&vm->fn_lock);
	return ret;

err_put_vm:
	gunyah_vm_put(vm);
err_unlock:
	mutex_unlock(&vm->fn_lock);
err_free_arg:
	kfree(inst->argp);
err_free_inst:
	kfree(inst);
err_put_module:
	module_put(fn->mod);
	return ret;
}

/**
 * gunyah_vm_remove_function() - GUNYAH_VM_REMOVE_FUNCTION
 * @vm: the VM
 * @desc: the descriptor, copied from user space by the caller; its
 *        argument is copied here, once
 *
 * Unbinds and frees the instance of @desc->type whose compare() accepts
 * the argument.
 *
 * Return: 0; -EINVAL if @desc->arg_size is not the type's argument size;
 * -ENOENT if the type is not loaded or no instance matches; -EFAULT;
 * -ENOMEM; -EINTR.
 */
long gunyah_vm_remove_function(struct gunyah_vm *vm,
			       const struct gunyah_fn_desc *desc)
{
	struct gunyah_vm_function_instance *inst;
	size_t size;
	void *arg;
	long ret;

	if (desc->arg_size > GUNYAH_FN_MAX_ARG_SIZE)
		return -EINVAL;
	/* Instances pin their module: an unloaded type has none. */
	size = gunyah_vm_function_arg_size(desc->type);
	if (!size)
		return -ENOENT;
	if (desc->arg_size != size)
		return -EINVAL;

	arg = memdup_user(u64_to_user_ptr(desc->arg), desc->arg_size);
	if (IS_ERR(arg))
		return PTR_ERR(arg);

	ret = mutex_lock_killable(&vm->fn_lock);
	if (ret)
		goto out_free_arg;
	inst = gunyah_vm_function_find(vm, desc->type, arg, desc->arg_size);
	if (inst) {
		inst->fn->unbind(inst);
		list_del(&inst->vm_list);
	} else {
		ret = -ENOENT;
	}
	mutex_unlock(&vm->fn_lock);

	if (inst)
		gunyah_vm_function_free(inst);
out_free_arg:
	kfree(arg);
	return ret;
}

/**
 * gunyah_vm_remove_functions() - unbind and free all functions of a VM
 * @vm: the VM; the caller holds a reference of its own
 *
 * Called when the VM file is released, newest function first.
 */
void gunyah_vm_remove_functions(struct gunyah_vm *vm)
{
	struct gunyah_vm_function_instance *inst, *next;
	LIST_HEAD(gone);

	mutex_lock(&vm->fn_lock);
	list_for_each_entry_safe_reverse(inst, next, &vm->functions, vm_list) {
		inst->fn->unbind(inst);
		list_move_tail(&inst->vm_list, &gone);
	}
	mutex_unlock(&vm->fn_lock);

	list_for_each_entry_safe(inst, next, &gone, vm_list)
		gunyah_vm_function_free(inst);
}
