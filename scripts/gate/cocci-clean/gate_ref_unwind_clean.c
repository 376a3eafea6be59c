// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must-not-fire fixture for the gate self-test: references dropped on
 * every error path.
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
void gate_obj_release(struct kref *kref);

int gate_ref_vm_clean(struct gunyah_vm *vm, struct gate_obj *obj);
int gate_ref_vm_clean(struct gunyah_vm *vm, struct gate_obj *obj)
{
	int ret;

	obj->vm = gunyah_vm_get(vm);
	ret = gate_bind(obj);
	if (ret < 0)
		goto err_put_vm;
	return ret;

err_put_vm:
	gunyah_vm_put(vm);
	kfree(obj);
	return ret;
}

int gate_ref_rm_clean(void);
int gate_ref_rm_clean(void)
{
	struct gunyah_rm *rm;
	int protocol;

	rm = gunyah_rm_get();
	if (!rm)
		return -ENODEV;
	protocol = gunyah_rm_protocol(rm);
	gunyah_rm_put(rm);
	if (protocol < 0)
		return -EIO;
	return 0;
}

int gate_ref_kref_clean(struct gate_obj *obj);
int gate_ref_kref_clean(struct gate_obj *obj)
{
	int ret;

	kref_get(&obj->kref);
	ret = gate_bind(obj);
	if (ret) {
		gate_obj_put(obj);
		return ret;
	}
	return 0;
}

int gate_ref_kref_put_clean(struct gate_obj *obj);
int gate_ref_kref_put_clean(struct gate_obj *obj)
{
	kref_get(&obj->kref);
	if (gate_bind(obj) < 0) {
		kref_put(&obj->kref, gate_obj_release);
		return -EINVAL;
	}
	return 0;
}
