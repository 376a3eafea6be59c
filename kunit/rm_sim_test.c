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
#include <linux/gunyah_rm.h>
#include <linux/gunyah_sim.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

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
