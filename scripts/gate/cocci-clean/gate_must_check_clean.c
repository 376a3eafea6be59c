// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must-not-fire fixture for the gate self-test: results of __must_check
 * getters tested before use.
 */

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/gunyah_rm.h>

struct gate_obj {
	int id;
};

__must_check struct gate_obj *gate_lookup(int id);
int gate_use(struct gate_obj *obj);

int gate_must_check_tested(int id);
int gate_must_check_tested(int id)
{
	struct gate_obj *obj;

	obj = gate_lookup(id);
	if (!obj)
		return -ENOENT;
	return gate_use(obj);
}

int gate_must_check_propagated(struct gunyah_rm *rm, u16 *vmid);
int gate_must_check_propagated(struct gunyah_rm *rm, u16 *vmid)
{
	return gunyah_rm_get_vmid(rm, vmid);
}

int gate_must_check_rm(void);
int gate_must_check_rm(void)
{
	struct gunyah_rm *rm;
	int protocol;

	rm = gunyah_rm_get();
	if (!rm)
		return -ENODEV;
	protocol = gunyah_rm_protocol(rm);
	gunyah_rm_put(rm);
	return protocol < 0 ? protocol : 0;
}

int gate_must_check_cond(int id);
int gate_must_check_cond(int id)
{
	return gate_lookup(id) ? 0 : -ENOENT;
}
