// SPDX-License-Identifier: GPL-2.0-only
/*
 * End-to-end KUnit suite: every Resource Manager RPC of the driver,
 * round-tripped through the real client, message queues and interrupts
 * against the simulator (gunyah_sim.ko), at the protocol level given by
 * the "protocol" parameter (which must match the simulator's), plus every
 * fault the simulator can inject. Runs as a module in the e2e test kernel.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/gunyah.h>
#include <linux/gunyah_guest_prog.h>
#include <linux/gunyah_rm.h>
#include <linux/gunyah_sim.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../drivers/virt/gunyah/rm_rpc.h"

static char *protocol = "oss";
module_param(protocol, charp, 0444);
MODULE_PARM_DESC(protocol, "protocol level of the loaded simulator: oss or full");

#define HLOS_VMID		3
#define GUEST_RAM		0x80000000ULL
#define GUEST_RAM_SIZE		0x100000ULL
/* A second parcel, for the pVM firmware. */
#define FW_RAM			0xa0000000ULL
#define FW_RAM_SIZE		0x10000ULL

/* VM status values (ABI section 5). */
#define VM_STATUS_RUNNING	3
#define VM_STATUS_INIT_FAILED	8
#define VM_STATUS_EXITED	9
#define VM_STATUS_RESET		11

/* VM_EXITED exit type 5 SOFTWARE_ERROR, exit code 1 SOFTWARE_ERROR. */
#define EXIT_TYPE_SOFTWARE_ERROR	5
#define EXIT_CODE_SOFTWARE_ERROR	1

/**
 * struct rm_sim_test - per-case state
 * @rm: the driver's RM client
 * @nb: listens for notifications about @vmid
 * @reset_done: VM_STATUS RESET
 * @running: VM_STATUS RUNNING
 * @init_failed: VM_STATUS INIT_FAILED
 * @exited: VM_EXITED; the fields below are set before it completes
 * @status_exited: VM_STATUS EXITED was seen
 * @status_before_exit: VM_STATUS EXITED came before VM_EXITED
 * @exit_type: exit type of VM_EXITED
 * @exit_reason_size: reason size of VM_EXITED
 * @exit_reason: first reason word of VM_EXITED, if any
 * @vmid: the VM of the case
 */
struct rm_sim_test {
	struct gunyah_rm *rm;
	struct notifier_block nb;
	struct completion reset_done;
	struct completion running;
	struct completion init_failed;
	struct completion exited;
	bool status_exited;
	bool status_before_exit;
	u16 exit_type;
	u32 exit_reason_size;
	u32 exit_reason;
	u16 vmid;
};

static bool full_protocol(void)
{
	return !strcmp(protocol, "full");
}

static int rm_sim_test_notify_exited(struct rm_sim_test *t,
				     const struct gunyah_rm_vm_exited_payload *ex)
{
	__le32 reason;

	if (le16_to_cpu(ex->vmid) != t->vmid)
		return NOTIFY_DONE;
	t->status_before_exit = t->status_exited;
	t->exit_type = le16_to_cpu(ex->exit_type);
	t->exit_reason_size = le32_to_cpu(ex->exit_reason_size);
	/* The client delivers only reasons that fit in the payload. */
	if (t->exit_reason_size >= sizeof(reason)) {
		memcpy(&reason, ex->exit_reason, sizeof(reason));
		t->exit_reason = le32_to_cpu(reason);
	}
	complete(&t->exited);
	return NOTIFY_OK;
}

static int rm_sim_test_notify(struct notifier_block *nb, unsigned long action,
			      void *data)
{
	struct rm_sim_test *t = container_of(nb, struct rm_sim_test, nb);
	struct gunyah_rm_vm_status_payload *st = data;

	if (action == GUNYAH_RM_NOTIF_VM_EXITED)
		return rm_sim_test_notify_exited(t, data);
	if (action != GUNYAH_RM_NOTIF_VM_STATUS ||
	    le16_to_cpu(st->vmid) != t->vmid)
		return NOTIFY_DONE;
	switch (st->vm_status) {
	case VM_STATUS_RUNNING:
		complete(&t->running);
		break;
	case VM_STATUS_INIT_FAILED:
		complete(&t->init_failed);
		break;
	case VM_STATUS_EXITED:
		t->status_exited = true;
		break;
	case VM_STATUS_RESET:
		complete(&t->reset_done);
		break;
	}
	return NOTIFY_OK;
}

static int rm_sim_test_init(struct kunit *test)
{
	struct rm_sim_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->rm = gunyah_rm_get();
	KUNIT_ASSERT_NOT_NULL_MSG(test, t->rm, "no Resource Manager bound");
	init_completion(&t->reset_done);
	init_completion(&t->running);
	init_completion(&t->init_failed);
	init_completion(&t->exited);
	t->nb.notifier_call = rm_sim_test_notify;
	KUNIT_ASSERT_EQ(test, gunyah_rm_notifier_register(t->rm, &t->nb), 0);
	test->priv = t;
	return 0;
}

static void rm_sim_test_exit(struct kunit *test)
{
	struct rm_sim_test *t = test->priv;

	gunyah_rm_notifier_unregister(t->rm, &t->nb);
	gunyah_rm_put(t->rm);
}

static void set_fault(struct kunit *test, const char *cmd)
{
	KUNIT_ASSERT_EQ_MSG(test, gunyah_sim_fault_set(cmd), 0, "fault '%s'", cmd);
}

static void expect_last_request(struct kunit *test, u32 msg_id,
				const u8 *want, size_t len)
{
	u8 got[64];
	ssize_t n = gunyah_sim_rm_last_request(msg_id, got, sizeof(got));

	KUNIT_ASSERT_EQ_MSG(test, n, (ssize_t)len, "request %#x length", msg_id);
	KUNIT_EXPECT_MEMEQ(test, got, want, len);
}

/* One parcel of @size bytes at @addr lent to @vmid. */
static int lend_range(struct gunyah_rm *rm, u16 vmid, u64 addr, u64 size,
		      u32 *handle)
{
	struct gunyah_rm_mem_acl_entry_cpu acl = {
		.vmid = vmid,
		.perms = GUNYAH_RM_ACL_R | GUNYAH_RM_ACL_W | GUNYAH_RM_ACL_X,
	};
	struct gunyah_rm_mem_range range = {
		.phys_addr = addr, .size = size,
	};
	struct gunyah_rm_mem_parcel p = {
		.mem_type = GUNYAH_RM_MEM_TYPE_NORMAL,
		.label = 1,
		.n_acl_entries = 1, .acl_entries = &acl,
		.n_mem_entries = 1, .mem_entries = &range,
	};
	int ret = gunyah_rm_mem_lend(rm, &p);

	*handle = p.mem_handle;
	return ret;
}

/* One guest-memory parcel lent to @vmid. */
static int lend_ram(struct gunyah_rm *rm, u16 vmid, u32 *handle)
{
	return lend_range(rm, vmid, GUEST_RAM, GUEST_RAM_SIZE, handle);
}

/* Reset @t->vmid and wait until the reset completed. */
static void reset_vm(struct kunit *test, struct rm_sim_test *t)
{
	reinit_completion(&t->reset_done);
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_reset(t->rm, t->vmid), 0);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&t->reset_done, 5 * HZ), 0);
}

static void rm_sim_test_get_vmid(struct kunit *test)
{
	struct rm_sim_test *t = test->priv;
	u16 vmid = 0;

	KUNIT_ASSERT_EQ(test, gunyah_rm_get_vmid(t->rm, &vmid), 0);
	KUNIT_EXPECT_EQ(test, vmid, HLOS_VMID);
	KUNIT_EXPECT_EQ(test, gunyah_sim_rm_last_request(GUNYAH_RM_RPC_VM_GET_VMID,
							 NULL, 0), 0);
}

/* The whole life of a VM, every RPC checked byte by byte on the wire. */
static void rm_sim_test_vm_lifecycle(struct kunit *test)
{
	struct rm_sim_test *t = test->priv;
	struct gunyah_rm_hyp_resources *res = NULL;
	struct gunyah_rm_mem_range dp = { .phys_addr = GUEST_RAM, .size = 0x1000 };
	int expect_full = full_protocol() ? 0 : -EOPNOTSUPP;
	u32 handle;
	u16 vmid;
	int ret;

	KUNIT_ASSERT_EQ(test, gunyah_rm_alloc_vmid(t->rm, 0, &vmid), 0);
	KUNIT_EXPECT_GE(test, vmid, 0x80);
	t->vmid = vmid;
	expect_last_request(test, GUNYAH_RM_RPC_VM_ALLOC_VMID,
			    (const u8[]){ 0, 0, 0, 0 }, 4);

	KUNIT_ASSERT_EQ(test, lend_ram(t->rm, vmid, &handle), 0);
	expect_last_request(test, GUNYAH_RM_RPC_MEM_LEND, (const u8[]){
		0, 0, 0, 0, 1, 0, 0, 0,			/* normal, label 1 */
		1, 0, 0, 0, vmid, 0, 7, 0,		/* ACL: vmid RWX */
		1, 0, 0, 0,				/* one range */
		0, 0, 0, 0x80, 0, 0, 0, 0,
		0, 0, 0x10, 0, 0, 0, 0, 0,
		0, 0, 0, 0,				/* no attributes */
	}, 40);

	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_configure(t->rm, vmid,
						     GUNYAH_RM_VM_AUTH_NONE,
						     handle, 0, 0, 0x1000,
						     0x2000), 0);
	expect_last_request(test, GUNYAH_RM_RPC_VM_CONFIG_IMAGE, (const u8[]){
		vmid, 0, 0, 0, handle, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0,
		0, 0x10, 0, 0, 0, 0, 0, 0,
		0, 0x20, 0, 0, 0, 0, 0, 0,
	}, 40);

	ret = gunyah_rm_vm_set_boot_context(t->rm, vmid,
					    GUNYAH_RM_BOOT_CONTEXT_REG_SET_PC,
					    0, GUEST_RAM);
	KUNIT_EXPECT_EQ(test, ret, expect_full);
	expect_last_request(test, GUNYAH_RM_RPC_VM_SET_BOOT_CONTEXT, (const u8[]){
		vmid, 0, 1, 0, 0, 0, 0, 0,
		0, 0, 0, 0x80, 0, 0, 0, 0,
	}, 16);
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_set_demand_paging(t->rm, vmid, 1, &dp),
			expect_full);
	expect_last_request(test, GUNYAH_RM_RPC_VM_SET_DEMAND_PAGING, (const u8[]){
		vmid, 0, 0, 0, 1, 0, 0, 0,
		0, 0, 0, 0x80, 0, 0, 0, 0,
		0, 0x10, 0, 0, 0, 0, 0, 0,
	}, 24);
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_set_address_layout(t->rm, vmid, 0,
							      GUEST_RAM,
							      GUEST_RAM_SIZE),
			expect_full);
	expect_last_request(test, GUNYAH_RM_RPC_VM_SET_ADDRESS_LAYOUT, (const u8[]){
		vmid, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0x80, 0, 0, 0, 0,
		0, 0, 0x10, 0, 0, 0, 0, 0,
	}, 24);

	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_init(t->rm, vmid), 0);
	expect_last_request(test, GUNYAH_RM_RPC_VM_INIT,
			    (const u8[]){ vmid, 0, 0, 0 }, 4);
	ret = gunyah_rm_get_hyp_resources(t->rm, vmid, &res);
	KUNIT_ASSERT_EQ(test, ret, 0);
	expect_last_request(test, GUNYAH_RM_RPC_VM_GET_HYP_RESOURCES,
			    (const u8[]){ vmid, 0, 0, 0 }, 4);
	KUNIT_EXPECT_GE(test, res->n_entries, 1);
	KUNIT_EXPECT_EQ(test, res->entries[0].type, GUNYAH_RESOURCE_TYPE_VCPU);
	KUNIT_EXPECT_EQ(test, res->entries[0].resource_label, 0);
	kfree(res);

	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_start(t->rm, vmid), 0);
	expect_last_request(test, GUNYAH_RM_RPC_VM_START,
			    (const u8[]){ vmid, 0, 0, 0 }, 4);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&t->running, 5 * HZ), 0);
	/* A second start is refused by the RM's state machine. */
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_start(t->rm, vmid), -EBUSY);
	/* Lent memory stays in use while the VM holds it. */
	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_reclaim(t->rm, handle), -EBUSY);

	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_stop(t->rm, vmid, true, 0), 0);
	expect_last_request(test, GUNYAH_RM_RPC_VM_STOP,
			    (const u8[]){ vmid, 0, 1, 0, 0, 0, 0, 0 }, 8);
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_reset(t->rm, vmid), 0);
	expect_last_request(test, GUNYAH_RM_RPC_VM_RESET,
			    (const u8[]){ vmid, 0, 0, 0 }, 4);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&t->reset_done, 5 * HZ), 0);
	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_reclaim(t->rm, handle), 0);
	expect_last_request(test, GUNYAH_RM_RPC_MEM_RECLAIM,
			    (const u8[]){ handle, 0, 0, 0, 0, 0, 0, 0 }, 8);
	KUNIT_EXPECT_EQ(test, gunyah_rm_dealloc_vmid(t->rm, vmid), 0);
	expect_last_request(test, GUNYAH_RM_RPC_VM_DEALLOC_VMID,
			    (const u8[]){ vmid, 0, 0, 0 }, 4);
}

/* Requests the RM refuses come back as the documented errnos. */
static void rm_sim_test_errors(struct kunit *test)
{
	struct rm_sim_test *t = test->priv;
	u16 vmid;

	KUNIT_ASSERT_EQ(test, gunyah_rm_alloc_vmid(t->rm, 0, &vmid), 0);
	/* Not configured: start and init are in the wrong state. */
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_start(t->rm, vmid), -EBUSY);
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_init(t->rm, vmid), -EBUSY);
	/* Unknown parcel. */
	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_reclaim(t->rm, 0x7777), -EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_rm_dealloc_vmid(t->rm, vmid), 0);
}

/* Lend guest RAM and a firmware parcel to a new VM, then configure it. */
static void setup_fw_vm(struct kunit *test, struct rm_sim_test *t, u16 auth,
			u32 *ram, u32 *fw)
{
	KUNIT_ASSERT_EQ(test, gunyah_rm_alloc_vmid(t->rm, 0, &t->vmid), 0);
	KUNIT_ASSERT_EQ(test, lend_ram(t->rm, t->vmid, ram), 0);
	KUNIT_ASSERT_EQ(test, lend_range(t->rm, t->vmid, FW_RAM, FW_RAM_SIZE,
					 fw), 0);
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_configure(t->rm, t->vmid, auth, *ram,
						     0, 0, 0x1000, 0x2000), 0);
}

static void teardown_fw_vm(struct kunit *test, struct rm_sim_test *t, u32 ram,
			   u32 fw)
{
	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_reclaim(t->rm, fw), 0);
	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_reclaim(t->rm, ram), 0);
	KUNIT_EXPECT_EQ(test, gunyah_rm_dealloc_vmid(t->rm, t->vmid), 0);
}

/* An ANDROID VM boots from its firmware region; a reset forgets it. */
static void rm_sim_test_firmware_mem(struct kunit *test)
{
	struct rm_sim_test *t = test->priv;
	u32 ram, fw;
	u16 vmid;

	setup_fw_vm(test, t, GUNYAH_RM_VM_AUTH_QCOM_ANDROID_PVM, &ram, &fw);
	vmid = t->vmid;
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_set_firmware_mem(t->rm, vmid, fw,
							    0x1000, 0x8000), 0);
	expect_last_request(test, GUNYAH_RM_RPC_VM_SET_FIRMWARE_MEM, (const u8[]){
		vmid, 0, 0, 0, fw, 0, 0, 0,
		0, 0x10, 0, 0, 0, 0, 0, 0,
		0, 0x80, 0, 0, 0, 0, 0, 0,
	}, 24);
	/* The whole parcel is fine too; the last call wins. */
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_set_firmware_mem(t->rm, vmid, fw, 0,
							    FW_RAM_SIZE), 0);
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_init(t->rm, vmid), 0);
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_start(t->rm, vmid), 0);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&t->running, 5 * HZ), 0);
	/* The RM accepted the firmware parcel for the VM. */
	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_reclaim(t->rm, fw), -EBUSY);
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_stop(t->rm, vmid, true, 0), 0);
	reset_vm(test, t);

	/* The firmware region went with the config. */
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_configure(t->rm, vmid,
						     GUNYAH_RM_VM_AUTH_QCOM_ANDROID_PVM,
						     ram, 0, 0, 0x1000, 0x2000), 0);
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_init(t->rm, vmid), 0);
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_start(t->rm, vmid), -ENODEV);
	reset_vm(test, t);
	teardown_fw_vm(test, t, ram, fw);
}

/* VM_SET_FIRMWARE_MEM in the wrong state, or naming a bad region. */
static void rm_sim_test_firmware_mem_errors(struct kunit *test)
{
	struct rm_sim_test *t = test->priv;
	u32 ram, fw;
	u16 vmid;

	KUNIT_ASSERT_EQ(test, gunyah_rm_alloc_vmid(t->rm, 0, &vmid), 0);
	t->vmid = vmid;
	KUNIT_ASSERT_EQ(test, lend_ram(t->rm, vmid, &ram), 0);
	KUNIT_ASSERT_EQ(test, lend_range(t->rm, vmid, FW_RAM, FW_RAM_SIZE, &fw),
			0);
	/* LOAD: not configured yet. */
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_set_firmware_mem(t->rm, vmid, fw, 0,
							    0x1000), -EBUSY);
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_configure(t->rm, vmid,
						     GUNYAH_RM_VM_AUTH_NONE,
						     ram, 0, 0, 0x1000, 0x2000), 0);

	/* Unknown parcel. */
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_set_firmware_mem(t->rm, vmid, 0x7777,
							    0, 0x1000), -EINVAL);
	/* Regions that do not lie inside the parcel. */
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_set_firmware_mem(t->rm, vmid, fw,
							    FW_RAM_SIZE, 0x1000),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_set_firmware_mem(t->rm, vmid, fw,
							    0x1000, FW_RAM_SIZE),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_set_firmware_mem(t->rm, vmid, fw,
							    U64_MAX - 0xfff,
							    0x2000), -EINVAL);
	/* Nothing was recorded: the VM still takes a good region in INIT. */
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_set_firmware_mem(t->rm, vmid, fw,
							    0, FW_RAM_SIZE), 0);

	/* READY: too late. */
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_init(t->rm, vmid), 0);
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_set_firmware_mem(t->rm, vmid, fw, 0,
							    0x1000), -EBUSY);
	reset_vm(test, t);
	teardown_fw_vm(test, t, ram, fw);
}

/* An ANDROID VM without a usable firmware region fails to start. */
static void rm_sim_test_firmware_android_start(struct kunit *test)
{
	struct rm_sim_test *t = test->priv;
	u32 ram, fw;
	u16 vmid;

	/* Never set. */
	setup_fw_vm(test, t, GUNYAH_RM_VM_AUTH_QCOM_ANDROID_PVM, &ram, &fw);
	vmid = t->vmid;
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_init(t->rm, vmid), 0);
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_start(t->rm, vmid), -ENODEV);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&t->init_failed, 5 * HZ), 0);
	/* INIT_FAILED: a second start is refused by the state machine. */
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_start(t->rm, vmid), -EBUSY);
	reset_vm(test, t);

	/* Set, then its parcel reclaimed before the start. */
	reinit_completion(&t->init_failed);
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_configure(t->rm, vmid,
						     GUNYAH_RM_VM_AUTH_QCOM_ANDROID_PVM,
						     ram, 0, 0, 0x1000, 0x2000), 0);
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_set_firmware_mem(t->rm, vmid, fw, 0,
							    FW_RAM_SIZE), 0);
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_init(t->rm, vmid), 0);
	KUNIT_ASSERT_EQ(test, gunyah_rm_mem_reclaim(t->rm, fw), 0);
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_start(t->rm, vmid), -ENODEV);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&t->init_failed, 5 * HZ), 0);
	reset_vm(test, t);
	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_reclaim(t->rm, ram), 0);
	KUNIT_EXPECT_EQ(test, gunyah_rm_dealloc_vmid(t->rm, vmid), 0);
}

/* A running VM exits as if its guest did; it then needs a reset. */
static void rm_sim_test_vm_exit(struct kunit *test)
{
	struct rm_sim_test *t = test->priv;
	u32 handle;
	u16 vmid;

	KUNIT_ASSERT_EQ(test, gunyah_rm_alloc_vmid(t->rm, 0, &vmid), 0);
	t->vmid = vmid;
	KUNIT_ASSERT_EQ(test, lend_ram(t->rm, vmid, &handle), 0);
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_configure(t->rm, vmid,
						     GUNYAH_RM_VM_AUTH_NONE,
						     handle, 0, 0, 0x1000,
						     0x2000), 0);
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_init(t->rm, vmid), 0);
	/* READY: there is no guest to exit yet. */
	KUNIT_EXPECT_EQ(test, gunyah_sim_vm_exit(vmid, EXIT_TYPE_SOFTWARE_ERROR,
						 EXIT_CODE_SOFTWARE_ERROR),
			-EBUSY);
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_start(t->rm, vmid), 0);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&t->running, 5 * HZ), 0);

	/* Exit type 7 is VM_STOP's; exit codes end at 4; unknown VM. */
	KUNIT_EXPECT_EQ(test, gunyah_sim_vm_exit(vmid, 7, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_sim_vm_exit(vmid, 0, 5), -EINVAL);
	KUNIT_EXPECT_EQ(test, gunyah_sim_vm_exit(0xbf, 0, 0), -ENOENT);

	KUNIT_ASSERT_EQ(test, gunyah_sim_vm_exit(vmid, EXIT_TYPE_SOFTWARE_ERROR,
						 EXIT_CODE_SOFTWARE_ERROR), 0);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&t->exited, 5 * HZ), 0);
	KUNIT_EXPECT_TRUE(test, t->status_before_exit);
	KUNIT_EXPECT_EQ(test, t->exit_type, EXIT_TYPE_SOFTWARE_ERROR);
	KUNIT_EXPECT_EQ(test, t->exit_reason_size, 4);
	KUNIT_EXPECT_EQ(test, t->exit_reason, EXIT_CODE_SOFTWARE_ERROR << 16);

	/* EXITED: no second exit, no stop; a reset brings it back. */
	KUNIT_EXPECT_EQ(test, gunyah_sim_vm_exit(vmid, 0, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_stop(t->rm, vmid, true, 0), -EBUSY);
	reset_vm(test, t);
	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_reclaim(t->rm, handle), 0);
	KUNIT_EXPECT_EQ(test, gunyah_rm_dealloc_vmid(t->rm, vmid), 0);
}

/* More ranges than one message may carry go out through MEM_APPEND. */
static void rm_sim_test_lend_chunked(struct kunit *test)
{
	struct rm_sim_test *t = test->priv;
	struct gunyah_rm_mem_acl_entry_cpu acl = { .perms = 6 };
	struct gunyah_rm_mem_parcel p = { .label = 2, .n_acl_entries = 1,
					  .acl_entries = &acl };
	struct gunyah_rm_mem_range *ranges;
	u8 hdr[16];
	u16 vmid;
	int i;

	ranges = kunit_kcalloc(test, 1000, sizeof(*ranges), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ranges);
	for (i = 0; i < 1000; i++) {
		ranges[i].phys_addr = 0x100000000ULL + i * 0x2000ULL;
		ranges[i].size = 0x1000;
	}
	KUNIT_ASSERT_EQ(test, gunyah_rm_alloc_vmid(t->rm, 0, &vmid), 0);
	acl.vmid = vmid;
	p.n_mem_entries = 1000;
	p.mem_entries = ranges;
	KUNIT_ASSERT_EQ(test, gunyah_rm_mem_lend(t->rm, &p), 0);

	/* The append carried the last 488 ranges and the END flag. */
	KUNIT_ASSERT_GE(test, gunyah_sim_rm_last_request(GUNYAH_RM_RPC_MEM_APPEND,
							 hdr, sizeof(hdr)),
			(ssize_t)sizeof(hdr));
	KUNIT_EXPECT_EQ(test, hdr[0], p.mem_handle & 0xff);
	KUNIT_EXPECT_EQ(test, hdr[4], 1);
	KUNIT_EXPECT_EQ(test, hdr[8] | hdr[9] << 8, 488);

	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_reclaim(t->rm, p.mem_handle), 0);
	KUNIT_EXPECT_EQ(test, gunyah_rm_dealloc_vmid(t->rm, vmid), 0);
}

/* Sharing keeps the host in the ACL; donating gives one VM everything. */
static void rm_sim_test_share_donate(struct kunit *test)
{
	struct rm_sim_test *t = test->priv;
	struct gunyah_rm_mem_acl_entry_cpu acl[2] = {
		{ .vmid = HLOS_VMID, .perms = GUNYAH_RM_ACL_R | GUNYAH_RM_ACL_W },
		{ .perms = GUNYAH_RM_ACL_R | GUNYAH_RM_ACL_W },
	};
	struct gunyah_rm_mem_range range = { .phys_addr = 0x90000000, .size = 0x4000 };
	struct gunyah_rm_mem_parcel p = {
		.label = 3, .n_acl_entries = 2, .acl_entries = acl,
		.n_mem_entries = 1, .mem_entries = &range,
	};
	u16 vmid;

	KUNIT_ASSERT_EQ(test, gunyah_rm_alloc_vmid(t->rm, 0, &vmid), 0);
	acl[1].vmid = vmid;
	KUNIT_ASSERT_EQ(test, gunyah_rm_mem_share(t->rm, &p), 0);
	expect_last_request(test, GUNYAH_RM_RPC_MEM_SHARE, (const u8[]){
		0, 0, 0, 0, 3, 0, 0, 0,
		2, 0, 0, 0, 3, 0, 6, 0, vmid, 0, 6, 0,
		1, 0, 0, 0,
		0, 0, 0, 0x90, 0, 0, 0, 0,
		0, 0x40, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0,
	}, 44);
	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_reclaim(t->rm, p.mem_handle), 0);

	/* Lending may not name the owner. */
	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_lend(t->rm, &p), -EINVAL);
	KUNIT_EXPECT_FALSE(test, p.unrecovered);

	/* Donation: one entry, full rights. */
	acl[1].perms = GUNYAH_RM_ACL_R | GUNYAH_RM_ACL_W | GUNYAH_RM_ACL_X;
	p.acl_entries = &acl[1];
	p.n_acl_entries = 1;
	KUNIT_ASSERT_EQ(test, gunyah_rm_mem_donate(t->rm, &p), 0);
	expect_last_request(test, GUNYAH_RM_RPC_MEM_DONATE, (const u8[]){
		0, 0, 0, 0, 3, 0, 0, 0,
		1, 0, 0, 0, vmid, 0, 7, 0,
		1, 0, 0, 0,
		0, 0, 0, 0x90, 0, 0, 0, 0,
		0, 0x40, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0,
	}, 40);
	/* Not accepted yet: the owner can still take it back. */
	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_reclaim(t->rm, p.mem_handle), 0);
	KUNIT_EXPECT_EQ(test, gunyah_rm_dealloc_vmid(t->rm, vmid), 0);
}

static void rm_sim_test_fault_error(struct kunit *test)
{
	struct rm_sim_test *t = test->priv;
	u16 vmid;

	set_fault(test, "56000024 error 5");
	KUNIT_EXPECT_EQ(test, gunyah_rm_get_vmid(t->rm, &vmid), -EBUSY);
	set_fault(test, "56000024 error ffffffff");
	KUNIT_EXPECT_EQ(test, gunyah_rm_get_vmid(t->rm, &vmid), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, gunyah_rm_get_vmid(t->rm, &vmid), 0);
}

static void rm_sim_test_fault_counted(struct kunit *test, const char *fault,
				      size_t offset)
{
	struct rm_sim_test *t = test->priv;
	struct gunyah_rm_stats before, after;
	u16 vmid = 0;

	gunyah_rm_get_stats(t->rm, &before);
	set_fault(test, fault);
	KUNIT_EXPECT_EQ(test, gunyah_rm_get_vmid(t->rm, &vmid), 0);
	KUNIT_EXPECT_EQ(test, vmid, HLOS_VMID);
	/* A duplicate may land after the call returned: give it time. */
	msleep(100);
	gunyah_rm_get_stats(t->rm, &after);
	KUNIT_EXPECT_EQ_MSG(test, *(u64 *)((u8 *)&after + offset),
			    *(u64 *)((u8 *)&before + offset) + 1, "%s", fault);
}

static void rm_sim_test_fault_duplicate(struct kunit *test)
{
	rm_sim_test_fault_counted(test, "56000024 duplicate",
				  offsetof(struct gunyah_rm_stats,
					   unexpected_replies));
}

static void rm_sim_test_fault_unknown_seq(struct kunit *test)
{
	rm_sim_test_fault_counted(test, "56000024 unknown_seq",
				  offsetof(struct gunyah_rm_stats,
					   unexpected_replies));
}

static void rm_sim_test_fault_maxfrag(struct kunit *test)
{
	rm_sim_test_fault_counted(test, "56000024 maxfrag",
				  offsetof(struct gunyah_rm_stats, replies));
}

static void rm_sim_test_fault_delay(struct kunit *test)
{
	struct rm_sim_test *t = test->priv;
	unsigned long start = jiffies;
	u16 vmid;

	set_fault(test, "56000024 delay 300");
	KUNIT_EXPECT_EQ(test, gunyah_rm_get_vmid(t->rm, &vmid), 0);
	KUNIT_EXPECT_GE(test, jiffies_to_msecs(jiffies - start), 300);
}

struct killed_call {
	struct gunyah_rm *rm;
	struct completion done;
	int ret;
};

static int killed_call_fn(void *data)
{
	struct killed_call *kc = data;
	u16 vmid;

	allow_signal(SIGKILL);
	kc->ret = gunyah_rm_get_vmid(kc->rm, &vmid);
	complete(&kc->done);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

/*
 * A reply that never (fully) arrives costs the caller a killable wait;
 * the killed caller leaves nothing behind and the client keeps working.
 */
static void rm_sim_test_fault_killed(struct kunit *test, const char *fault,
				     size_t offset)
{
	struct rm_sim_test *t = test->priv;
	struct gunyah_rm_stats before, after;
	struct killed_call *kc;
	struct task_struct *task;
	u16 vmid;

	kc = kunit_kzalloc(test, sizeof(*kc), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, kc);
	kc->rm = t->rm;
	init_completion(&kc->done);

	gunyah_rm_get_stats(t->rm, &before);
	set_fault(test, fault);
	task = kthread_run(killed_call_fn, kc, "rm_sim_test");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	get_task_struct(task);

	/* Still waiting well after the RM would have answered. */
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&kc->done, HZ / 2), 0);
	send_sig(SIGKILL, task, 1);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&kc->done, 5 * HZ), 0);
	kthread_stop(task);
	put_task_struct(task);
	KUNIT_EXPECT_EQ(test, kc->ret, -EINTR);

	/* The client still works, and counted what it dropped. */
	KUNIT_EXPECT_EQ(test, gunyah_rm_get_vmid(t->rm, &vmid), 0);
	gunyah_rm_get_stats(t->rm, &after);
	KUNIT_EXPECT_EQ(test, after.abandoned_calls, before.abandoned_calls + 1);
	if (offset != SIZE_MAX)
		KUNIT_EXPECT_GT_MSG(test, *(u64 *)((u8 *)&after + offset),
				    *(u64 *)((u8 *)&before + offset), "%s", fault);
}

static void rm_sim_test_fault_noreply(struct kunit *test)
{
	rm_sim_test_fault_killed(test, "56000024 noreply", SIZE_MAX);
}

static void rm_sim_test_fault_corrupt(struct kunit *test)
{
	rm_sim_test_fault_killed(test, "56000024 corrupt",
				 offsetof(struct gunyah_rm_stats,
					  dropped_packets));
}

static void rm_sim_test_fault_truncate(struct kunit *test)
{
	rm_sim_test_fault_killed(test, "56000024 truncate",
				 offsetof(struct gunyah_rm_stats,
					  dropped_messages));
}

/*
 * Guests: a program (<linux/gunyah_guest_prog.h>) at offset 0 of a parcel
 * of real pages, a DTB at GUEST_DTB_OFF that places the parcel at
 * GUEST_BASE (protocol=oss; with protocol=full VM_SET_ADDRESS_LAYOUT does),
 * and a second parcel: at GUEST_BASE + 2 MiB (oss, the next 2 MiB boundary
 * after the image parcel) or at the demand-paged range GUEST_EXTRA (full).
 */
#define GUEST_ORDER		4
#define GUEST_SIZE		(PAGE_SIZE << GUEST_ORDER)
#define GUEST_BASE		0x90000000ULL
#define GUEST_DTB_OFF		0x8000
#define GUEST_DTB_SIZE		0x1000
#define GUEST_DATA_OFF		0x4000
#define GUEST_EXTRA_FULL	0xa0000000ULL
#define GUEST_EXTRA_OSS		(GUEST_BASE + SZ_2M)
#define GUEST_MMIO		0x10000000ULL

#define EXIT_TYPE_PLATFORM_OFF	1
#define EXIT_TYPE_PLATFORM_RESET	2
/* No VM of the simulator has this many vCPUs. */
#define SIM_MAX_GUEST_VCPUS	16

/**
 * struct guest_vm - a started VM with a guest program
 * @image: pages of the image parcel
 * @extra: pages of the second parcel
 * @handle: image parcel
 * @extra_handle: second parcel
 * @cap: capability of vCPU 0
 * @virq: its wake-up interrupt
 */
struct guest_vm {
	struct page *image;
	struct page *extra;
	u32 handle;
	u32 extra_handle;
	u64 cap;
	u32 virq;
};

static u64 guest_extra_ipa(void)
{
	return full_protocol() ? GUEST_EXTRA_FULL : GUEST_EXTRA_OSS;
}

static void fdt_be32(u8 *fdt, size_t *off, u32 val)
{
	__be32 be = cpu_to_be32(val);

	memcpy(&fdt[*off], &be, 4);
	*off += 4;
}

static void fdt_name(u8 *fdt, size_t *off, const char *name)
{
	size_t len = strlen(name) + 1;

	memcpy(&fdt[*off], name, len);
	*off += ALIGN(len, 4);
}

/* A DTB with just /gunyah-vm-config/memory { #address-cells; base-address }. */
static void build_dtb(u8 *fdt, u64 base)
{
	static const char strings[] = "#address-cells\0base-address";
	size_t off = 40 + 16, struct_off = off, strings_off;
	__be64 be_base = cpu_to_be64(base);

	fdt_be32(fdt, &off, 1);			/* BEGIN_NODE "" */
	fdt_name(fdt, &off, "");
	fdt_be32(fdt, &off, 1);
	fdt_name(fdt, &off, "gunyah-vm-config");
	fdt_be32(fdt, &off, 1);
	fdt_name(fdt, &off, "memory");
	fdt_be32(fdt, &off, 3);			/* PROP #address-cells = 2 */
	fdt_be32(fdt, &off, 4);
	fdt_be32(fdt, &off, 0);
	fdt_be32(fdt, &off, 2);
	fdt_be32(fdt, &off, 3);			/* PROP base-address */
	fdt_be32(fdt, &off, 8);
	fdt_be32(fdt, &off, 15);
	memcpy(&fdt[off], &be_base, 8);
	off += 8;
	fdt_be32(fdt, &off, 2);			/* END_NODE x3, END */
	fdt_be32(fdt, &off, 2);
	fdt_be32(fdt, &off, 2);
	fdt_be32(fdt, &off, 9);
	strings_off = off;
	memcpy(&fdt[off], strings, sizeof(strings));
	off += sizeof(strings);

	off = 0;
	fdt_be32(fdt, &off, 0xd00dfeed);	/* magic */
	fdt_be32(fdt, &off, strings_off + sizeof(strings));	/* totalsize */
	fdt_be32(fdt, &off, struct_off);
	fdt_be32(fdt, &off, strings_off);
	fdt_be32(fdt, &off, 40);		/* mem_rsvmap, empty */
	fdt_be32(fdt, &off, 17);		/* version */
	fdt_be32(fdt, &off, 16);		/* last_comp_version */
	fdt_be32(fdt, &off, 0);			/* boot_cpuid_phys */
	fdt_be32(fdt, &off, sizeof(strings));
	fdt_be32(fdt, &off, strings_off - struct_off);
}

/* Instruction @i of the program at the start of @mem. */
static void insn(u8 *mem, unsigned int i, u8 op, u8 size, u8 ra, u8 rb,
		 u64 imm)
{
	struct gunyah_guest_insn in = {
		.op = op, .size = size, .ra = ra, .rb = rb,
		.imm64 = cpu_to_le64(imm),
	};

	memcpy(&mem[i * GUNYAH_GUEST_INSN_SIZE], &in, sizeof(in));
}

static u64 guest_ipa(unsigned int i)
{
	return GUEST_BASE + i * GUNYAH_GUEST_INSN_SIZE;
}

static void *guest_mem(struct guest_vm *g)
{
	return page_address(g->image);
}

static void guest_free(struct guest_vm *g)
{
	if (g->image)
		__free_pages(g->image, GUEST_ORDER);
	if (g->extra)
		__free_pages(g->extra, GUEST_ORDER);
}

/* Allocate the guest's memory and a new VM; the caller writes a program. */
static void guest_alloc(struct kunit *test, struct rm_sim_test *t,
			struct guest_vm *g)
{
	memset(g, 0, sizeof(*g));
	g->image = alloc_pages(GFP_KERNEL | __GFP_ZERO, GUEST_ORDER);
	g->extra = alloc_pages(GFP_KERNEL | __GFP_ZERO, GUEST_ORDER);
	if (!g->image || !g->extra)
		guest_free(g);
	KUNIT_ASSERT_TRUE(test, g->image && g->extra);
	build_dtb((u8 *)guest_mem(g) + GUEST_DTB_OFF, GUEST_BASE);
	KUNIT_ASSERT_EQ(test, gunyah_rm_alloc_vmid(t->rm, 0, &t->vmid), 0);
}

/* Lend the memory, configure, init and start the VM. */
static void guest_start(struct kunit *test, struct rm_sim_test *t,
			struct guest_vm *g)
{
	struct gunyah_rm_mem_range dp = {
		.phys_addr = GUEST_EXTRA_FULL, .size = GUEST_SIZE,
	};
	struct gunyah_rm_hyp_resources *res = NULL;
	int ret;

	KUNIT_ASSERT_EQ(test, lend_range(t->rm, t->vmid, page_to_phys(g->image),
					 GUEST_SIZE, &g->handle), 0);
	KUNIT_ASSERT_EQ(test, lend_range(t->rm, t->vmid, page_to_phys(g->extra),
					 GUEST_SIZE, &g->extra_handle), 0);
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_configure(t->rm, t->vmid,
						     GUNYAH_RM_VM_AUTH_NONE,
						     g->handle, 0, 0x1000,
						     GUEST_DTB_OFF,
						     GUEST_DTB_SIZE), 0);
	if (full_protocol()) {
		ret = gunyah_rm_vm_set_address_layout(t->rm, t->vmid,
						      GUNYAH_RM_RANGE_ID_IMAGE,
						      GUEST_BASE, GUEST_SIZE);
		KUNIT_ASSERT_EQ(test, ret, 0);
		ret = gunyah_rm_vm_set_demand_paging(t->rm, t->vmid, 1, &dp);
		KUNIT_ASSERT_EQ(test, ret, 0);
	}
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_init(t->rm, t->vmid), 0);
	KUNIT_ASSERT_EQ(test, gunyah_rm_get_hyp_resources(t->rm, t->vmid, &res), 0);
	KUNIT_ASSERT_GE(test, res->n_entries, 1);
	KUNIT_EXPECT_EQ(test, res->entries[0].type, GUNYAH_RESOURCE_TYPE_VCPU);
	g->cap = res->entries[0].cap_id;
	g->virq = res->entries[0].virq;
	kfree(res);
	KUNIT_EXPECT_NE(test, g->virq, 0);

	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_start(t->rm, t->vmid), 0);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&t->running, 5 * HZ), 0);
}

/* Reset the exited VM, take the memory back, free the VM. */
static void guest_teardown(struct kunit *test, struct rm_sim_test *t,
			   struct guest_vm *g)
{
	reset_vm(test, t);
	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_reclaim(t->rm, g->handle), 0);
	KUNIT_EXPECT_EQ(test, gunyah_rm_mem_reclaim(t->rm, g->extra_handle), 0);
	KUNIT_EXPECT_EQ(test, gunyah_rm_dealloc_vmid(t->rm, t->vmid), 0);
	guest_free(g);
}

static u64 mem_le64(const u8 *p)
{
	__le64 v;

	memcpy(&v, p, sizeof(v));
	return le64_to_cpu(v);
}

static void run_expect(struct kunit *test, u64 cap, u64 resume0, u64 state,
		       u64 d0, u64 d1, u64 d2)
{
	struct gunyah_hypercall_vcpu_run_resp resp;
	u64 resume[3] = { resume0 };

	KUNIT_ASSERT_EQ(test, gunyah_hypercall_vcpu_run(cap, resume, &resp),
			GUNYAH_ERROR_OK);
	KUNIT_EXPECT_EQ(test, resp.state, state);
	KUNIT_EXPECT_EQ(test, resp.state_data[0], d0);
	KUNIT_EXPECT_EQ(test, resp.state_data[1], d1);
	KUNIT_EXPECT_EQ(test, resp.state_data[2], d2);
}

static void wait_exited(struct kunit *test, struct rm_sim_test *t, u16 type,
			u16 code)
{
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&t->exited, 5 * HZ), 0);
	KUNIT_EXPECT_TRUE(test, t->status_before_exit);
	KUNIT_EXPECT_EQ(test, t->exit_type, type);
	KUNIT_EXPECT_EQ(test, t->exit_reason, (u32)code << 16);
}

/*
 * VMMIO write and read exits, the read's value delivered on resume and
 * stored to both parcels, r0 = the DTB's IPA, SYSTEM_OFF.
 */
static void rm_sim_test_guest_mmio(struct kunit *test)
{
	struct rm_sim_test *t = test->priv;
	u64 data = GUEST_BASE + GUEST_DATA_OFF;
	struct guest_vm g;
	u8 *mem, *extra;

	guest_alloc(test, t, &g);
	mem = guest_mem(&g);
	extra = page_address(g.extra);
	insn(mem, 0, GUNYAH_GUEST_OP_MOVI, 0, 1, 0, 0xdeadbeefcafef00dULL);
	insn(mem, 1, GUNYAH_GUEST_OP_MOVI, 0, 2, 0, GUEST_MMIO);
	insn(mem, 2, GUNYAH_GUEST_OP_STORE, 4, 1, 2, 8);
	insn(mem, 3, GUNYAH_GUEST_OP_LOAD, 8, 3, 2, 0x10);
	insn(mem, 4, GUNYAH_GUEST_OP_MOVI, 0, 4, 0, data);
	insn(mem, 5, GUNYAH_GUEST_OP_STORE, 8, 3, 4, 0);
	insn(mem, 6, GUNYAH_GUEST_OP_STORE, 8, 0, 4, 8);
	insn(mem, 7, GUNYAH_GUEST_OP_MOVI, 0, 5, 0, guest_extra_ipa());
	insn(mem, 8, GUNYAH_GUEST_OP_STORE, 2, 3, 5, 0x10);
	insn(mem, 9, GUNYAH_GUEST_OP_SYSTEM_OFF, 0, 0, 0, 0);
	guest_start(test, t, &g);

	run_expect(test, g.cap, 0, GUNYAH_VCPU_ADDRSPACE_VMMIO_WRITE,
		   GUEST_MMIO + 8, 4, 0xcafef00d);
	run_expect(test, g.cap, 0, GUNYAH_VCPU_ADDRSPACE_VMMIO_READ,
		   GUEST_MMIO + 0x10, 8, 0);
	run_expect(test, g.cap, 0x1122334455667788ULL,
		   GUNYAH_VCPU_STATE_POWERED_OFF, 1, 0, 0);
	KUNIT_EXPECT_EQ(test, mem_le64(&mem[GUEST_DATA_OFF]),
			0x1122334455667788ULL);
	KUNIT_EXPECT_EQ(test, mem_le64(&mem[GUEST_DATA_OFF + 8]),
			GUEST_BASE + GUEST_DTB_OFF);
	KUNIT_EXPECT_EQ(test, mem_le64(&extra[0x10]), 0x7788ULL);
	wait_exited(test, t, EXIT_TYPE_PLATFORM_OFF, 0);
	/* Exited for good. */
	run_expect(test, g.cap, 0, GUNYAH_VCPU_STATE_POWERED_OFF, 1, 0, 0);
	guest_teardown(test, t, &g);
}

/* Programs that fault at their instruction 1, after a MOVI of r1. */
static const struct {
	const char *name;
	u64 r1;
	u8 op, size;
} guest_faults[] = {
	{ "store across the end of VMMIO", GUNYAH_GUEST_VMMIO_SIZE - 4,
	  GUNYAH_GUEST_OP_STORE, 8 },
	{ "bad access size", GUEST_BASE + GUEST_DATA_OFF,
	  GUNYAH_GUEST_OP_LOAD, 3 },
	{ "doorbell send, no doorbell-source", 0,
	  GUNYAH_GUEST_OP_DOORBELL_SEND, 0 },
	{ "undefined op", 0, 0xff, 0 },
};

/* A faulting instruction stops the vCPU for good; the VM exits. */
static void rm_sim_test_guest_fault(struct kunit *test)
{
	struct rm_sim_test *t = test->priv;
	struct guest_vm g;
	unsigned int i;
	u8 *mem;

	for (i = 0; i < ARRAY_SIZE(guest_faults); i++) {
		kunit_info(test, "%s", guest_faults[i].name);
		reinit_completion(&t->running);
		reinit_completion(&t->exited);
		t->status_exited = false;
		guest_alloc(test, t, &g);
		mem = guest_mem(&g);
		insn(mem, 0, GUNYAH_GUEST_OP_MOVI, 0, 1, 0, guest_faults[i].r1);
		insn(mem, 1, guest_faults[i].op, guest_faults[i].size, 2, 1, 0);
		insn(mem, 2, GUNYAH_GUEST_OP_SYSTEM_OFF, 0, 0, 0, 0);
		guest_start(test, t, &g);

		run_expect(test, g.cap, 0, GUNYAH_VCPU_STATE_FAULT, 0, 0, 0);
		wait_exited(test, t, EXIT_TYPE_SOFTWARE_ERROR, 0);
		run_expect(test, g.cap, 0, GUNYAH_VCPU_STATE_FAULT, 0, 0, 0);
		guest_teardown(test, t, &g);
	}
}

/*
 * A load outside the parcels is a page fault: replayed (and faulting again)
 * on a plain resume, a fault for good once the host aborts it.
 */
static void rm_sim_test_guest_page_fault(struct kunit *test)
{
	struct rm_sim_test *t = test->priv;
	struct gunyah_hypercall_vcpu_run_resp resp;
	u64 abort[3] = { 0, GUNYAH_VCPU_ACTION_FAULT };
	struct guest_vm g;
	u8 *mem;

	guest_alloc(test, t, &g);
	mem = guest_mem(&g);
	insn(mem, 0, GUNYAH_GUEST_OP_MOVI, 0, 1, 0, GUEST_BASE + GUEST_SIZE);
	insn(mem, 1, GUNYAH_GUEST_OP_STORE, 4, 2, 1, 8);
	insn(mem, 2, GUNYAH_GUEST_OP_SYSTEM_OFF, 0, 0, 0, 0);
	guest_start(test, t, &g);

	run_expect(test, g.cap, 0, GUNYAH_VCPU_ADDRSPACE_PAGE_FAULT,
		   GUEST_BASE + GUEST_SIZE + 8, GUNYAH_VCPU_PAGE_FAULT_WRITE, 0);
	run_expect(test, g.cap, 0, GUNYAH_VCPU_ADDRSPACE_PAGE_FAULT,
		   GUEST_BASE + GUEST_SIZE + 8, GUNYAH_VCPU_PAGE_FAULT_WRITE, 0);
	KUNIT_ASSERT_EQ(test, gunyah_hypercall_vcpu_run(g.cap, abort, &resp),
			GUNYAH_ERROR_OK);
	KUNIT_EXPECT_EQ(test, resp.state, GUNYAH_VCPU_STATE_FAULT);
	wait_exited(test, t, EXIT_TYPE_SOFTWARE_ERROR, 0);
	run_expect(test, g.cap, 0, GUNYAH_VCPU_STATE_FAULT, 0, 0, 0);
	guest_teardown(test, t, &g);
}

/*
 * CPU_ON answers ALREADY_ON for a vCPU that runs and INVALID_PARAMETERS for
 * one the VM does not have; CPU_OFF powers the caller off; SYSTEM_RESET
 * then exits the VM with PLATFORM_RESET.
 */
static void rm_sim_test_guest_psci(struct kunit *test)
{
	struct rm_sim_test *t = test->priv;
	struct guest_vm g;
	u8 *mem;

	guest_alloc(test, t, &g);
	mem = guest_mem(&g);
	insn(mem, 0, GUNYAH_GUEST_OP_MOVI, 0, 1, 0, 0);
	insn(mem, 1, GUNYAH_GUEST_OP_CPU_ON, 0, 1, 1, guest_ipa(0));
	insn(mem, 2, GUNYAH_GUEST_OP_MOVI, 0, 2, 0, GUEST_MMIO);
	insn(mem, 3, GUNYAH_GUEST_OP_STORE, 8, 0, 2, 0);
	insn(mem, 4, GUNYAH_GUEST_OP_MOVI, 0, 1, 0, SIM_MAX_GUEST_VCPUS);
	insn(mem, 5, GUNYAH_GUEST_OP_CPU_ON, 0, 1, 1, guest_ipa(0));
	insn(mem, 6, GUNYAH_GUEST_OP_STORE, 8, 0, 2, 8);
	insn(mem, 7, GUNYAH_GUEST_OP_CPU_OFF, 0, 0, 0, 0);
	guest_start(test, t, &g);

	run_expect(test, g.cap, 0, GUNYAH_VCPU_ADDRSPACE_VMMIO_WRITE,
		   GUEST_MMIO, 8, (u64)GUNYAH_GUEST_PSCI_ALREADY_ON);
	run_expect(test, g.cap, 0, GUNYAH_VCPU_ADDRSPACE_VMMIO_WRITE,
		   GUEST_MMIO + 8, 8, (u64)GUNYAH_GUEST_PSCI_INVALID_PARAMETERS);
	run_expect(test, g.cap, 0, GUNYAH_VCPU_STATE_POWERED_OFF, 0, 0, 0);
	run_expect(test, g.cap, 0, GUNYAH_VCPU_STATE_POWERED_OFF, 0, 0, 0);
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_stop(t->rm, t->vmid, true, 0), 0);
	wait_exited(test, t, 7, 0);
	run_expect(test, g.cap, 0, GUNYAH_VCPU_STATE_POWERED_OFF, 1, 0, 0);
	guest_teardown(test, t, &g);

	reinit_completion(&t->running);
	reinit_completion(&t->exited);
	t->status_exited = false;
	guest_alloc(test, t, &g);
	insn(guest_mem(&g), 0, GUNYAH_GUEST_OP_SYSTEM_RESET, 0, 0, 0, 0);
	guest_start(test, t, &g);
	run_expect(test, g.cap, 0, GUNYAH_VCPU_STATE_PSCI_SYSTEM_RESET,
		   BIT_ULL(63), 0, 0);
	wait_exited(test, t, EXIT_TYPE_PLATFORM_RESET, 0);
	run_expect(test, g.cap, 0, GUNYAH_VCPU_STATE_POWERED_OFF, 1, 0, 0);
	guest_teardown(test, t, &g);
}

/*
 * Without VM_SET_ADDRESS_LAYOUT (the only way at protocol=oss) the image
 * parcel goes at the DTB's base-address: one inside the VMMIO window fails
 * VM_START with NORESOURCE (INIT_FAILED).
 */
static void rm_sim_test_guest_dtb_base(struct kunit *test)
{
	struct rm_sim_test *t = test->priv;
	struct guest_vm g;

	guest_alloc(test, t, &g);
	build_dtb((u8 *)guest_mem(&g) + GUEST_DTB_OFF, 0x20000000);
	KUNIT_ASSERT_EQ(test, lend_range(t->rm, t->vmid, page_to_phys(g.image),
					 GUEST_SIZE, &g.handle), 0);
	KUNIT_ASSERT_EQ(test, lend_range(t->rm, t->vmid, page_to_phys(g.extra),
					 GUEST_SIZE, &g.extra_handle), 0);
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_configure(t->rm, t->vmid,
						     GUNYAH_RM_VM_AUTH_NONE,
						     g.handle, 0, 0x1000,
						     GUEST_DTB_OFF,
						     GUEST_DTB_SIZE), 0);
	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_init(t->rm, t->vmid), 0);
	KUNIT_EXPECT_EQ(test, gunyah_rm_vm_start(t->rm, t->vmid), -ENODEV);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&t->init_failed, 5 * HZ), 0);
	guest_teardown(test, t, &g);
}

/*
 * An endless loop is preempted at the end of each timeslice (READY);
 * VM_STOP then kills the vCPU. Unknown caps are refused.
 */
static void rm_sim_test_guest_timeslice(struct kunit *test)
{
	struct gunyah_hypercall_vcpu_run_resp resp;
	struct rm_sim_test *t = test->priv;
	u64 resume[3] = { };
	struct guest_vm g;
	u8 *mem;

	guest_alloc(test, t, &g);
	mem = guest_mem(&g);
	insn(mem, 0, GUNYAH_GUEST_OP_ADDI, 0, 1, 0, 1);
	insn(mem, 1, GUNYAH_GUEST_OP_JMP, 0, 0, 0, guest_ipa(0));
	guest_start(test, t, &g);

	run_expect(test, g.cap, 0, GUNYAH_VCPU_STATE_READY, 0, 0, 0);
	run_expect(test, g.cap, 0, GUNYAH_VCPU_STATE_READY, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, gunyah_hypercall_vcpu_run(0x7fff, resume, &resp),
			GUNYAH_ERROR_CSPACE_CAP_NULL);

	KUNIT_ASSERT_EQ(test, gunyah_rm_vm_stop(t->rm, t->vmid, true, 0), 0);
	wait_exited(test, t, 7, 0);
	run_expect(test, g.cap, 0, GUNYAH_VCPU_STATE_POWERED_OFF, 1, 0, 0);
	guest_teardown(test, t, &g);
	/* The VM is gone, and so is its vCPU capability. */
	KUNIT_EXPECT_EQ(test, gunyah_hypercall_vcpu_run(g.cap, resume, &resp),
			GUNYAH_ERROR_CSPACE_CAP_NULL);
}

/*
 * A vCPU capability dies with its VM: neither vcpu_run nor a kick finds it
 * afterwards, and the next VM's vCPU has another one.
 */
static void rm_sim_test_guest_stale_cap(struct kunit *test)
{
	struct gunyah_hypercall_vcpu_run_resp resp;
	struct rm_sim_test *t = test->priv;
	u64 resume[3] = { }, old = 0;
	struct guest_vm g;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		guest_alloc(test, t, &g);
		insn(guest_mem(&g), 0, GUNYAH_GUEST_OP_SYSTEM_OFF, 0, 0, 0, 0);
		guest_start(test, t, &g);
		KUNIT_EXPECT_NE(test, g.cap, old);
		run_expect(test, g.cap, 0, GUNYAH_VCPU_STATE_POWERED_OFF, 1, 0,
			   0);
		wait_exited(test, t, EXIT_TYPE_PLATFORM_OFF, 0);
		guest_teardown(test, t, &g);
		KUNIT_EXPECT_EQ(test,
				gunyah_hypercall_vcpu_run(g.cap, resume, &resp),
				GUNYAH_ERROR_CSPACE_CAP_NULL);
		KUNIT_EXPECT_EQ(test, gunyah_sim_vcpu_kick(g.cap), -ENOENT);
		if (old)
			KUNIT_EXPECT_EQ(test,
					gunyah_hypercall_vcpu_run(old, resume,
								  &resp),
					GUNYAH_ERROR_CSPACE_CAP_NULL);
		old = g.cap;
	}
}

/* WFI waits until the vCPU is kicked; CRASH exits with SOFTWARE_ERROR. */
static void rm_sim_test_guest_wfi_crash(struct kunit *test)
{
	struct rm_sim_test *t = test->priv;
	struct guest_vm g;
	u8 *mem;

	guest_alloc(test, t, &g);
	mem = guest_mem(&g);
	insn(mem, 0, GUNYAH_GUEST_OP_WFI, 0, 0, 0, 0);
	insn(mem, 1, GUNYAH_GUEST_OP_MOVI, 0, 1, 0, GUEST_MMIO);
	insn(mem, 2, GUNYAH_GUEST_OP_STORE, 1, 1, 1, 0);
	insn(mem, 3, GUNYAH_GUEST_OP_CRASH, 0, 0, 0, 0);
	guest_start(test, t, &g);

	run_expect(test, g.cap, 0, GUNYAH_VCPU_STATE_EXPECTS_WAKEUP, 0, 1, 0);
	run_expect(test, g.cap, 0, GUNYAH_VCPU_STATE_EXPECTS_WAKEUP, 0, 1, 0);
	KUNIT_ASSERT_EQ(test, gunyah_sim_vcpu_kick(g.cap), 0);
	run_expect(test, g.cap, 0, GUNYAH_VCPU_ADDRSPACE_VMMIO_WRITE,
		   GUEST_MMIO, 1, 0);
	run_expect(test, g.cap, 0, GUNYAH_VCPU_STATE_POWERED_OFF, 1, 0, 0);
	wait_exited(test, t, EXIT_TYPE_SOFTWARE_ERROR, EXIT_CODE_SOFTWARE_ERROR);
	guest_teardown(test, t, &g);
}

/* Doorbells in the test's DTB: one more than a VM can have. */
#define BELL_NODES		17
#define BELL_MAX		16
#define BELL_LABEL(i)		(100 + (i))

/* The property of a doorbell node: a string or a u32, at @off. */
static void fdt_prop(u8 *fdt, size_t *off, u32 nameoff, const void *val,
		     u32 len)
{
	fdt_be32(fdt, off, 3);
	fdt_be32(fdt, off, len);
	fdt_be32(fdt, off, nameoff);
	memset(&fdt[*off], 0, ALIGN(len, 4));
	memcpy(&fdt[*off], val, len);
	*off += ALIGN(len, 4);
}

/*
 * A DTB with /gunyah-vm-config/memory's base-address and, in vdevices,
 * BELL_NODES doorbells (the first labelled with label, the others with
 * qcom,label) and a doorbell-source, which the host does not send to.
 */
static void build_bell_dtb(u8 *fdt, u64 base)
{
	/* Offsets: 0 base-address, 13 vdevice-type, 26 qcom,label, 37 label */
	static const char strings[] =
		"base-address\0vdevice-type\0qcom,label\0label";
	size_t off = 40 + 16, struct_off = off, strings_off;
	__be64 be_base = cpu_to_be64(base);
	__be32 label;
	char name[8];
	unsigned int i;

	fdt_be32(fdt, &off, 1);
	fdt_name(fdt, &off, "");
	fdt_be32(fdt, &off, 1);
	fdt_name(fdt, &off, "gunyah-vm-config");
	fdt_be32(fdt, &off, 1);
	fdt_name(fdt, &off, "memory");
	fdt_prop(fdt, &off, 0, &be_base, sizeof(be_base));
	fdt_be32(fdt, &off, 2);
	fdt_be32(fdt, &off, 1);
	fdt_name(fdt, &off, "vdevices");
	fdt_be32(fdt, &off, 1);
	fdt_name(fdt, &off, "source");
	fdt_prop(fdt, &off, 13, "doorbell-source", sizeof("doorbell-source"));
	label = cpu_to_be32(99);
	fdt_prop(fdt, &off, 26, &label, sizeof(label));
	fdt_be32(fdt, &off, 2);
	for (i = 0; i < BELL_NODES; i++) {
		snprintf(name, sizeof(name), "bell%u", i);
		fdt_be32(fdt, &off, 1);
		fdt_name(fdt, &off, name);
		fdt_prop(fdt, &off, 13, "doorbell", sizeof("doorbell"));
		label = cpu_to_be32(BELL_LABEL(i));
		fdt_prop(fdt, &off, i ? 26 : 37, &label, sizeof(label));
		fdt_be32(fdt, &off, 2);
	}
	fdt_be32(fdt, &off, 2);			/* vdevices */
	fdt_be32(fdt, &off, 2);			/* gunyah-vm-config */
	fdt_be32(fdt, &off, 2);			/* / */
	fdt_be32(fdt, &off, 9);
	strings_off = off;
	memcpy(&fdt[off], strings, sizeof(strings));

	off = 0;
	fdt_be32(fdt, &off, 0xd00dfeed);
	fdt_be32(fdt, &off, strings_off + sizeof(strings));
	fdt_be32(fdt, &off, struct_off);
	fdt_be32(fdt, &off, strings_off);
	fdt_be32(fdt, &off, 40);
	fdt_be32(fdt, &off, 17);
	fdt_be32(fdt, &off, 16);
	fdt_be32(fdt, &off, 0);
	fdt_be32(fdt, &off, sizeof(strings));
	fdt_be32(fdt, &off, strings_off - struct_off);
}

/*
 * The DT's doorbells are BELL_TX resources with send caps; a send raises
 * the guest's interrupt, which ends a WFI and is taken by it. The host
 * cannot receive or mask; the doorbells go with the VM's reset.
 */
static void rm_sim_test_guest_doorbell(struct kunit *test)
{
	struct gunyah_rm_hyp_resources *res = NULL;
	struct rm_sim_test *t = test->priv;
	struct guest_vm g;
	unsigned int i, nr_bells = 0;
	u64 cap = 0, old;
	u8 *mem;

	guest_alloc(test, t, &g);
	mem = guest_mem(&g);
	build_bell_dtb(mem + GUEST_DTB_OFF, GUEST_BASE);
	insn(mem, 0, GUNYAH_GUEST_OP_MOVI, 0, 1, 0, GUEST_MMIO);
	insn(mem, 1, GUNYAH_GUEST_OP_WFI, 0, 0, 0, 0);
	insn(mem, 2, GUNYAH_GUEST_OP_STORE, 1, 1, 1, 0);
	insn(mem, 3, GUNYAH_GUEST_OP_WFI, 0, 0, 0, 0);
	insn(mem, 4, GUNYAH_GUEST_OP_STORE, 1, 1, 1, 1);
	insn(mem, 5, GUNYAH_GUEST_OP_SYSTEM_OFF, 0, 0, 0, 0);
	guest_start(test, t, &g);

	KUNIT_ASSERT_EQ(test, gunyah_rm_get_hyp_resources(t->rm, t->vmid, &res),
			0);
	for (i = 0; i < res->n_entries; i++) {
		if (res->entries[i].type != GUNYAH_RESOURCE_TYPE_BELL_TX)
			continue;
		KUNIT_EXPECT_EQ(test, res->entries[i].resource_label,
				BELL_LABEL(nr_bells));
		KUNIT_EXPECT_EQ(test, res->entries[i].partner_vmid, t->vmid);
		KUNIT_EXPECT_EQ(test, res->entries[i].virq, 0);
		if (!nr_bells)
			cap = res->entries[i].cap_id;
		else
			KUNIT_EXPECT_NE(test, res->entries[i].cap_id, cap);
		nr_bells++;
	}
	kfree(res);
	KUNIT_ASSERT_EQ(test, nr_bells, BELL_MAX);

	run_expect(test, g.cap, 0, GUNYAH_VCPU_STATE_EXPECTS_WAKEUP, 0, 1, 0);
	KUNIT_EXPECT_EQ(test, gunyah_hypercall_bell_receive(cap, 1, &old),
			GUNYAH_ERROR_CSPACE_INSUF_RIGHTS);
	KUNIT_EXPECT_EQ(test, gunyah_hypercall_bell_set_mask(cap, 0, 0),
			GUNYAH_ERROR_CSPACE_INSUF_RIGHTS);
	KUNIT_EXPECT_EQ(test, gunyah_hypercall_bell_send(GUNYAH_SIM_CAP_LOOPBACK,
							 1, &old),
			GUNYAH_ERROR_CSPACE_WRONG_OBJ_TYPE);
	KUNIT_EXPECT_EQ(test, gunyah_hypercall_bell_send(0x7fff, 1, &old),
			GUNYAH_ERROR_CSPACE_CAP_NULL);

	KUNIT_ASSERT_EQ(test, gunyah_hypercall_bell_send(cap, 1, &old),
			GUNYAH_ERROR_OK);
	KUNIT_EXPECT_EQ(test, old, 0);
	KUNIT_ASSERT_EQ(test, gunyah_hypercall_bell_send(cap, 2, &old),
			GUNYAH_ERROR_OK);
	KUNIT_EXPECT_EQ(test, old, 1);
	run_expect(test, g.cap, 0, GUNYAH_VCPU_ADDRSPACE_VMMIO_WRITE,
		   GUEST_MMIO, 1, GUEST_MMIO & 0xff);
	/* The WFI received the flags: the next one waits for a new send. */
	run_expect(test, g.cap, 0, GUNYAH_VCPU_STATE_EXPECTS_WAKEUP, 0, 1, 0);
	KUNIT_ASSERT_EQ(test, gunyah_hypercall_bell_send(cap, 4, &old),
			GUNYAH_ERROR_OK);
	KUNIT_EXPECT_EQ(test, old, 0);
	run_expect(test, g.cap, 0, GUNYAH_VCPU_ADDRSPACE_VMMIO_WRITE,
		   GUEST_MMIO + 1, 1, GUEST_MMIO & 0xff);
	run_expect(test, g.cap, 0, GUNYAH_VCPU_STATE_POWERED_OFF, 1, 0, 0);
	wait_exited(test, t, EXIT_TYPE_PLATFORM_OFF, 0);
	guest_teardown(test, t, &g);
	KUNIT_EXPECT_EQ(test, gunyah_hypercall_bell_send(cap, 1, &old),
			GUNYAH_ERROR_CSPACE_CAP_NULL);
}

static irqreturn_t bell_rx_irq(int irq, void *data)
{
	complete(data);
	return IRQ_HANDLED;
}

/*
 * The DT's doorbell-source is a BELL_RX resource with a receive cap and an
 * interrupt: DOORBELL_SEND of the guest (r0 = the old flags) raises it and
 * the host receives the flags. The host cannot send on it; a send to a
 * doorbell-source the VM does not have faults.
 */
static void rm_sim_test_guest_doorbell_source(struct kunit *test)
{
	struct gunyah_rm_hyp_resources *res = NULL;
	struct rm_sim_test *t = test->priv;
	struct completion *irq_done;
	unsigned int i, virq = 0;
	struct guest_vm g;
	u64 cap = 0, old;
	u8 *mem;

	irq_done = kunit_kzalloc(test, sizeof(*irq_done), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, irq_done);
	init_completion(irq_done);
	guest_alloc(test, t, &g);
	mem = guest_mem(&g);
	build_bell_dtb(mem + GUEST_DTB_OFF, GUEST_BASE);
	insn(mem, 0, GUNYAH_GUEST_OP_MOVI, 0, 1, 0, 0);	/* doorbell 0 */
	insn(mem, 1, GUNYAH_GUEST_OP_MOVI, 0, 2, 0, 5);	/* flags */
	insn(mem, 2, GUNYAH_GUEST_OP_DOORBELL_SEND, 0, 1, 2, 0);
	insn(mem, 3, GUNYAH_GUEST_OP_MOVI, 0, 3, 0, GUEST_MMIO);
	insn(mem, 4, GUNYAH_GUEST_OP_STORE, 8, 0, 3, 0);	/* old flags */
	insn(mem, 5, GUNYAH_GUEST_OP_DOORBELL_SEND, 0, 1, 2, 0);
	insn(mem, 6, GUNYAH_GUEST_OP_STORE, 8, 0, 3, 0);
	insn(mem, 7, GUNYAH_GUEST_OP_MOVI, 0, 1, 0, 1);	/* none */
	insn(mem, 8, GUNYAH_GUEST_OP_DOORBELL_SEND, 0, 1, 2, 0);
	guest_start(test, t, &g);

	KUNIT_ASSERT_EQ(test, gunyah_rm_get_hyp_resources(t->rm, t->vmid, &res),
			0);
	for (i = 0; i < res->n_entries; i++) {
		if (res->entries[i].type != GUNYAH_RESOURCE_TYPE_BELL_RX)
			continue;
		KUNIT_EXPECT_EQ(test, cap, 0);	/* just one */
		KUNIT_EXPECT_EQ(test, res->entries[i].resource_label, 99);
		KUNIT_EXPECT_EQ(test, res->entries[i].partner_vmid, t->vmid);
		cap = res->entries[i].cap_id;
		virq = res->entries[i].virq;
	}
	kfree(res);
	KUNIT_ASSERT_NE(test, cap, 0);
	KUNIT_ASSERT_NE(test, virq, 0);
	KUNIT_ASSERT_EQ(test, request_irq(virq, bell_rx_irq, 0, "rm_sim_test",
					  irq_done), 0);

	KUNIT_EXPECT_EQ(test, gunyah_hypercall_bell_send(cap, 1, &old),
			GUNYAH_ERROR_CSPACE_INSUF_RIGHTS);
	run_expect(test, g.cap, 0, GUNYAH_VCPU_ADDRSPACE_VMMIO_WRITE,
		   GUEST_MMIO, 8, 0);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(irq_done, 5 * HZ), 0);
	/* Not received yet: the second send sees the flags of the first. */
	run_expect(test, g.cap, 0, GUNYAH_VCPU_ADDRSPACE_VMMIO_WRITE,
		   GUEST_MMIO, 8, 5);
	KUNIT_EXPECT_EQ(test, gunyah_hypercall_bell_receive(cap, ~0ULL, &old),
			GUNYAH_ERROR_OK);
	KUNIT_EXPECT_EQ(test, old, 5);
	KUNIT_EXPECT_EQ(test, gunyah_hypercall_bell_receive(cap, ~0ULL, &old),
			GUNYAH_ERROR_OK);
	KUNIT_EXPECT_EQ(test, old, 0);

	run_expect(test, g.cap, 0, GUNYAH_VCPU_STATE_FAULT, 0, 0, 0);
	wait_exited(test, t, EXIT_TYPE_SOFTWARE_ERROR, 0);
	free_irq(virq, irq_done);
	guest_teardown(test, t, &g);
	KUNIT_EXPECT_EQ(test, gunyah_hypercall_bell_receive(cap, 1, &old),
			GUNYAH_ERROR_CSPACE_CAP_NULL);
}

static struct kunit_case rm_sim_test_cases[] = {
	KUNIT_CASE(rm_sim_test_get_vmid),
	KUNIT_CASE(rm_sim_test_vm_lifecycle),
	KUNIT_CASE(rm_sim_test_errors),
	KUNIT_CASE(rm_sim_test_firmware_mem),
	KUNIT_CASE(rm_sim_test_firmware_mem_errors),
	KUNIT_CASE(rm_sim_test_firmware_android_start),
	KUNIT_CASE(rm_sim_test_vm_exit),
	KUNIT_CASE(rm_sim_test_lend_chunked),
	KUNIT_CASE(rm_sim_test_share_donate),
	KUNIT_CASE(rm_sim_test_fault_error),
	KUNIT_CASE(rm_sim_test_fault_duplicate),
	KUNIT_CASE(rm_sim_test_fault_unknown_seq),
	KUNIT_CASE(rm_sim_test_fault_maxfrag),
	KUNIT_CASE(rm_sim_test_fault_delay),
	KUNIT_CASE(rm_sim_test_fault_noreply),
	KUNIT_CASE(rm_sim_test_fault_corrupt),
	KUNIT_CASE(rm_sim_test_fault_truncate),
	KUNIT_CASE(rm_sim_test_guest_mmio),
	KUNIT_CASE(rm_sim_test_guest_fault),
	KUNIT_CASE(rm_sim_test_guest_page_fault),
	KUNIT_CASE(rm_sim_test_guest_timeslice),
	KUNIT_CASE(rm_sim_test_guest_stale_cap),
	KUNIT_CASE(rm_sim_test_guest_wfi_crash),
	KUNIT_CASE(rm_sim_test_guest_psci),
	KUNIT_CASE(rm_sim_test_guest_dtb_base),
	KUNIT_CASE(rm_sim_test_guest_doorbell),
	KUNIT_CASE(rm_sim_test_guest_doorbell_source),
	{}
};

static struct kunit_suite rm_sim_test_suite = {
	.name = "gunyah_rm_sim",
	.init = rm_sim_test_init,
	.exit = rm_sim_test_exit,
	.test_cases = rm_sim_test_cases,
};

kunit_test_suite(rm_sim_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Gunyah RM RPCs end to end against the simulator");
