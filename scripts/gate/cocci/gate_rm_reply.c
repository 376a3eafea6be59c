// SPDX-License-Identifier: GPL-2.0-only
/*
 * Planted defects for the gate self-test: an RM reply buffer not freed on
 * one path (gunyah_rm_reply.cocci).
 */

#include <linux/errno.h>
#include <linux/gunyah_rm.h>
#include <linux/slab.h>

struct gate_resp {
	__le32 value;
};

int gate_rm_reply_short(struct gunyah_rm *rm, u32 *value);
int gate_rm_reply_short(struct gunyah_rm *rm, u32 *value)
{
	struct gate_resp *resp;
	size_t resp_size;
	int ret;

	ret = gunyah_rm_call(rm, 0x56000017, NULL, 0, (void **)&resp,
			     &resp_size);
	if (ret)
		return ret;
	if (resp_size < sizeof(*resp))
		return -EBADMSG;	/* resp is leaked */
	*value = le32_to_cpu(resp->value);
	kfree(resp);
	return 0;
}

int gate_rm_reply_ext(struct gunyah_rm *rm, u32 *value);
int gate_rm_reply_ext(struct gunyah_rm *rm, u32 *value)
{
	struct gate_resp *resp;
	size_t resp_size;
	bool unanswered;
	int ret;

	ret = gunyah_rm_call_ext(rm, 0x56000017, NULL, 0, (void **)&resp,
				 &resp_size, &unanswered);
	if (ret < 0)
		return ret;
	if (resp_size >= sizeof(*resp))
		*value = le32_to_cpu(resp->value);
	return 0;			/* resp is leaked */
}

int gate_rm_reply_untested(struct gunyah_rm *rm, u32 *value);
int gate_rm_reply_untested(struct gunyah_rm *rm, u32 *value)
{
	struct gate_resp *resp;
	size_t resp_size;
	int ret;

	ret = gunyah_rm_call(rm, 0x56000017, NULL, 0, (void **)&resp,
			     &resp_size);
	*value = resp_size;
	return 0;			/* ret never tested, resp is leaked */
}
