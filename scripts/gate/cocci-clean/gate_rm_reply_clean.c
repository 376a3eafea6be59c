// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must-not-fire fixture for the gate self-test: RM reply buffers freed on
 * every path, or handed on.
 */

#include <linux/errno.h>
#include <linux/gunyah_rm.h>
#include <linux/slab.h>

struct gate_resp {
	__le32 value;
};

int gate_rm_reply_clean(struct gunyah_rm *rm, u32 *value);
int gate_rm_reply_clean(struct gunyah_rm *rm, u32 *value)
{
	struct gate_resp *resp;
	size_t resp_size;
	int ret;

	ret = gunyah_rm_call(rm, 0x56000017, NULL, 0, (void **)&resp,
			     &resp_size);
	if (ret)
		return ret;
	if (resp_size < sizeof(*resp)) {
		ret = -EBADMSG;
		goto out_free;
	}
	*value = le32_to_cpu(resp->value);
out_free:
	kfree(resp);
	return ret;
}

int gate_rm_reply_handed_on(struct gunyah_rm *rm, void **out);
int gate_rm_reply_handed_on(struct gunyah_rm *rm, void **out)
{
	void *resp;
	size_t resp_size;
	int ret;

	ret = gunyah_rm_call(rm, 0x56000017, NULL, 0, &resp, &resp_size);
	if (ret)
		return ret;
	*out = resp;
	return 0;
}

int gate_rm_reply_none(struct gunyah_rm *rm);
int gate_rm_reply_none(struct gunyah_rm *rm)
{
	return gunyah_rm_call(rm, 0x56000004, NULL, 0, NULL, NULL);
}
