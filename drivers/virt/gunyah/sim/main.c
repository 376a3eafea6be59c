// SPDX-License-Identifier: GPL-2.0-only
/*
 * Gunyah simulator: a software model of the Gunyah hypervisor's message
 * queues and Resource Manager, so that the Gunyah host driver can be tested
 * on machines without Gunyah.
 *
 * Loading the module registers a hypercall backend with gunyah.ko and a
 * "gunyah_rm" platform device that looks like the Resource Manager node the
 * real RM adds to the host's device tree: two queue capabilities in "reg",
 * two interrupts (TX not full, RX not empty) and the queue geometry.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/export.h>
#include <linux/gunyah.h>
#include <linux/gunyah_sim.h>
#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/string.h>

#include "sim.h"

static char *protocol = "oss";
module_param(protocol, charp, 0444);
MODULE_PARM_DESC(protocol,
		 "RM to model: \"oss\" (the open-source RM, default) or \"full\" (adds VM_SET_BOOT_CONTEXT, VM_SET_DEMAND_PAGING and VM_SET_ADDRESS_LAYOUT)");

static unsigned int vcpus = 1;
module_param(vcpus, uint, 0444);
MODULE_PARM_DESC(vcpus, "vCPUs each VM gets at VM_INIT, 1 to 16 (default 1)");

struct sim_stats sim_stats;

static struct sim_rm *sim_rm;
static struct platform_device *sim_pdev;

static const u64 sim_rm_caps[] = { SIM_CAP_RM_TX, SIM_CAP_RM_RX };

static const struct property_entry sim_rm_props[] = {
	PROPERTY_ENTRY_U64_ARRAY("reg", sim_rm_caps),
	PROPERTY_ENTRY_U32("qcom,tx-message-size", SIM_MSGQ_MSG_SIZE),
	PROPERTY_ENTRY_U32("qcom,rx-message-size", SIM_MSGQ_MSG_SIZE),
	PROPERTY_ENTRY_U32("qcom,tx-queue-depth", SIM_MSGQ_DEPTH),
	PROPERTY_ENTRY_U32("qcom,rx-queue-depth", SIM_MSGQ_DEPTH),
	/* The virqs of VM_GET_HYP_RESOURCES are this module's Linux IRQs. */
	PROPERTY_ENTRY_BOOL("gunyah,virq-is-linux-irq"),
	{ }
};

/**
 * gunyah_sim_vm_exit() - make a running VM exit as if its guest did
 * @vmid: the VM, RUNNING or PAUSED
 * @exit_type: VM_EXITED exit type, 0 to 6 (7 is VM_STOP's)
 * @exit_code: VM_EXITED exit code, 0 (NORMAL) to 4 (DEVICE_ERROR)
 *
 * The simulated RM moves the VM to EXITED and sends VM_STATUS, then
 * VM_EXITED, to the host, as the real RM does when a guest exits.
 *
 * Context: process context.
 * Return: 0; -EINVAL for a bad @exit_type or @exit_code; -ENOENT for an
 * unknown @vmid; -EBUSY if the VM is not running; -EIO if the RM died.
 */
int gunyah_sim_vm_exit(u16 vmid, u16 exit_type, u16 exit_code)
{
	return sim_vm_exit(sim_rm, vmid, exit_type, exit_code);
}
EXPORT_SYMBOL_GPL(gunyah_sim_vm_exit);

static int sim_parse_params(enum sim_protocol *proto)
{
	if (protocol && sysfs_streq(protocol, "oss")) {
		*proto = SIM_PROTOCOL_OSS;
	} else if (protocol && sysfs_streq(protocol, "full")) {
		*proto = SIM_PROTOCOL_FULL;
	} else {
		pr_err("protocol must be \"oss\" or \"full\"\n");
		return -EINVAL;
	}

	if (!vcpus || vcpus > SIM_MAX_VCPUS) {
		pr_err("vcpus must be 1 to %d\n", SIM_MAX_VCPUS);
		return -EINVAL;
	}
	return 0;
}

static int sim_register_device(void)
{
	struct resource res[SIM_NR_IRQS] = {
		[SIM_IRQ_TX_NOT_FULL] =
			DEFINE_RES_IRQ(sim_msgq_irq(SIM_IRQ_TX_NOT_FULL)),
		[SIM_IRQ_RX_NOT_EMPTY] =
			DEFINE_RES_IRQ(sim_msgq_irq(SIM_IRQ_RX_NOT_EMPTY)),
	};
	struct platform_device_info info = {
		.name		= "gunyah_rm",
		.id		= PLATFORM_DEVID_NONE,
		.res		= res,
		.num_res	= ARRAY_SIZE(res),
		.properties	= sim_rm_props,
	};

	sim_pdev = platform_device_register_full(&info);
	return PTR_ERR_OR_ZERO(sim_pdev);
}

static int __init sim_init(void)
{
	enum sim_protocol proto;
	int ret;

	if (gunyah_hypervisor_present()) {
		pr_err("a real Gunyah hypervisor is present; not loading\n");
		return -ENODEV;
	}
	ret = sim_parse_params(&proto);
	if (ret)
		return ret;

	ret = sim_msgq_init();
	if (ret)
		return ret;

	ret = sim_guest_init();
	if (ret)
		goto err_exit_msgq;

	ret = gunyah_hypercall_register_ops(&sim_hc_ops);
	if (ret)
		goto err_exit_guest;

	sim_rm = sim_rm_create(proto, vcpus);
	if (IS_ERR(sim_rm)) {
		ret = PTR_ERR(sim_rm);
		goto err_unregister_ops;
	}
	sim_guest_set_rm(sim_rm);

	sim_debugfs_init(sim_rm);

	ret = sim_register_device();
	if (ret)
		goto err_remove_debugfs;

	pr_info("simulating Gunyah with the %s resource manager\n",
		sim_rm_protocol_name(proto));
	return 0;

err_remove_debugfs:
	sim_debugfs_exit();
	sim_guest_set_rm(NULL);
	sim_rm_destroy(sim_rm);
err_unregister_ops:
	gunyah_hypercall_unregister_ops(&sim_hc_ops);
err_exit_guest:
	sim_guest_exit();
err_exit_msgq:
	sim_msgq_exit();
	return ret;
}
module_init(sim_init);

static void __exit sim_exit(void)
{
	/* The driver unbinds first and stops using the queues. */
	platform_device_unregister(sim_pdev);
	sim_debugfs_exit();
	sim_guest_set_rm(NULL);
	sim_rm_destroy(sim_rm);
	gunyah_hypercall_unregister_ops(&sim_hc_ops);
	sim_guest_exit();
	sim_msgq_exit();
}
module_exit(sim_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Software model of the Gunyah hypervisor and Resource Manager");
