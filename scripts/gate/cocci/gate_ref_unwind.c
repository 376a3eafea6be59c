// SPDX-License-Identifier: GPL-2.0-only
/*
 * Planted defects for the gate self-test: a VM reference, an RM reference
 * and a kref not dropped on an error path (gunyah_ref_unwind.cocci).
 */

#include <linux/errno.h>
#include <linux/gunyah_rm.h>
#include <linux/gunyah_vm.h>
#include <linux/kref.h>
#include <linux/slab.h>

struct gate_obj {
	struct kref kref;
	struct gunyah_vm *vm;
};

int gate_bind(struct gate_obj *obj);
void gate_obj_put(struct gate_obj *obj);

int gate_ref_vm(struct gunyah_vm *vm, struct gate_obj *obj);
int gate_ref_vm(struct gunyah_vm *vm, struct gate_obj *obj)
{
	int ret;

	obj->vm = gunyah_vm_get(vm);
	ret = gate_bind(obj);
	if (ret < 0)
		goto err_free;
	return ret;

err_free:
	kfree(obj);			/* the VM reference is leaked */
	return ret;
}

int gate_ref_rm(void);
int gate_ref_rm(void)
{
	struct gunyah_rm *rm;

	rm = gunyah_rm_get();
	if (!rm)
		return -ENODEV;
	if (gunyah_rm_protocol(rm) < 0)
		return -EIO;		/* the RM reference is leaked */
	gunyah_rm_put(rm);
	return 0;
}

int gate_ref_kref(struct gate_obj *obj);
int gate_ref_kref(struct gate_obj *obj)
{
	int ret;

	kref_get(&obj->kref);
	ret = gate_bind(obj);
	if (ret)
		return ret;		/* obj's reference is leaked */
	return 0;
}
