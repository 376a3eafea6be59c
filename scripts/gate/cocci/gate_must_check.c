// SPDX-License-Identifier: GPL-2.0-only
/*
 * Planted defects for the gate self-test: results of __must_check getters
 * used untested (gunyah_must_check.cocci).
 */

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/gunyah_rm.h>

struct gate_obj {
	int id;
};

__must_check struct gate_obj *gate_lookup(int id);
int gate_use(struct gate_obj *obj);

int gate_must_check_deref(int id);
int gate_must_check_deref(int id)
{
	struct gate_obj *obj;

	obj = gate_lookup(id);
	return obj->id;			/* NULL when not found */
}

int gate_must_check_passed(int id);
int gate_must_check_passed(int id)
{
	return gate_use(gate_lookup(id));	/* never tested */
}

int gate_must_check_out_param(struct gunyah_rm *rm);
int gate_must_check_out_param(struct gunyah_rm *rm)
{
	u16 vmid = 0;
	int ret = gunyah_rm_get_vmid(rm, &vmid);

	pr_info("vmid %u\n", vmid);	/* ret not tested first */
	return ret;
}
