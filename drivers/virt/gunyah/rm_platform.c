// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Resource Manager device: binds to the RM node a real Resource Manager
 * puts in the primary VM's device tree, or to the platform device of the
 * simulator, which carries the same properties. Either way the device
 * names the two message-queue capabilities ("reg"), their interrupts
 * (0: TX not full, 1: RX not empty), message sizes and depths.
 *
 * There is one RM per host. Users take a reference with gunyah_rm_get();
 * removal of the device waits until every reference is dropped.
 */

#define pr_fmt(fmt) "gunyah_rm: " fmt

#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/gunyah.h>
#include <linux/gunyah_rm.h>
#include <linux/gunyah_rm_msg.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/jiffies.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/of_irq.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/refcount.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>

#include "msgq.h"
#include "rm_platform.h"

/*
 * How often an unbind that waits for the VMs says so: more often than the
 * hung-task detector's default 120 s, which then does not report it.
 */
#define GUNYAH_RM_REMOVE_NAG	(30 * HZ)

/**
 * struct gunyah_rm_dev - the bound Resource Manager device
 * @rm: the RPC client
 * @msgq: its message-queue link
 * @users: references; the device holds one until it is removed
 * @released: completed when @users drops to zero
 * @debugfs: the device's debugfs directory
 */
struct gunyah_rm_dev {
	struct gunyah_rm *rm;
	struct gunyah_msgq msgq;
	refcount_t users;
	struct completion released;
	struct dentry *debugfs;
};

static DEFINE_MUTEX(gunyah_rm_dev_lock);
/* The bound RM, protected by gunyah_rm_dev_lock. */
static struct gunyah_rm_dev *gunyah_rm_dev_bound;
static struct dentry *gunyah_debugfs_root;

/**
 * gunyah_rm_get() - take a reference on the host's Resource Manager
 *
 * Return: the RM client, or NULL if no Resource Manager is bound.
 */
struct gunyah_rm *gunyah_rm_get(void)
{
	struct gunyah_rm *rm = NULL;

	mutex_lock(&gunyah_rm_dev_lock);
	if (gunyah_rm_dev_bound) {
		refcount_inc(&gunyah_rm_dev_bound->users);
		rm = gunyah_rm_dev_bound->rm;
	}
	mutex_unlock(&gunyah_rm_dev_lock);
	return rm;
}
EXPORT_SYMBOL_GPL(gunyah_rm_get);

/**
 * gunyah_rm_put() - drop a reference taken by gunyah_rm_get()
 * @rm: the RM client
 */
void gunyah_rm_put(struct gunyah_rm *rm)
{
	struct gunyah_rm_dev *rmd = gunyah_rm_transport_data(rm);

	if (refcount_dec_and_test(&rmd->users))
		complete(&rmd->released);
}
EXPORT_SYMBOL_GPL(gunyah_rm_put);

static int gunyah_rm_dev_send(struct gunyah_rm *rm, const void *pkt,
			      size_t len, bool push)
{
	struct gunyah_rm_dev *rmd = gunyah_rm_transport_data(rm);

	return gunyah_msgq_send(&rmd->msgq, pkt, len, push);
}

/* The simulator's virqs are Linux IRQs of its own interrupt domain. */
#define GUNYAH_RM_PROP_LINUX_VIRQS	"gunyah,virq-is-linux-irq"

/* GICv3 SPIs the RM hands out to the host (ABI section 11.5) */
#define GUNYAH_RM_VIRQ_SPI_FIRST	32
#define GUNYAH_RM_VIRQ_SPI_LAST		1019
#define GUNYAH_RM_GIC_SPI		0

/*
 * The Linux IRQ of a virq in a VM_GET_HYP_RESOURCES entry. On Gunyah it is
 * a GIC interrupt ID of the host's virtual GIC: an SPI, mapped edge
 * triggered through the RM node's interrupt parent.
 */
static int gunyah_rm_dev_map_virq(struct gunyah_rm *rm, u32 virq)
{
	struct gunyah_rm_dev *rmd = gunyah_rm_transport_data(rm);
	struct device *dev = rmd->msgq.dev;
	struct irq_fwspec fwspec = { };
	struct device_node *parent;
	int irq;

	if (device_property_read_bool(dev, GUNYAH_RM_PROP_LINUX_VIRQS))
		return virq && virq <= INT_MAX ? virq : -ENXIO;
	if (!dev->of_node || virq < GUNYAH_RM_VIRQ_SPI_FIRST ||
	    virq > GUNYAH_RM_VIRQ_SPI_LAST)
		return -ENXIO;

	parent = of_irq_find_parent(dev->of_node);
	if (!parent)
		return -ENXIO;
	fwspec.fwnode = of_fwnode_handle(parent);
	fwspec.param_count = 3;
	fwspec.param[0] = GUNYAH_RM_GIC_SPI;
	fwspec.param[1] = virq - GUNYAH_RM_VIRQ_SPI_FIRST;
	fwspec.param[2] = IRQ_TYPE_EDGE_RISING;
	irq = irq_create_fwspec_mapping(&fwspec);
	of_node_put(parent);
	return irq > 0 ? irq : -ENXIO;
}

static void gunyah_rm_dev_unmap_virq(struct gunyah_rm *rm, int irq)
{
	struct gunyah_rm_dev *rmd = gunyah_rm_transport_data(rm);

	if (!device_property_read_bool(rmd->msgq.dev,
				       GUNYAH_RM_PROP_LINUX_VIRQS))
		irq_dispose_mapping(irq);
}

static const struct gunyah_rm_transport gunyah_rm_dev_transport = {
	.send = gunyah_rm_dev_send,
	.map_virq = gunyah_rm_dev_map_virq,
	.unmap_virq = gunyah_rm_dev_unmap_virq,
};

static void gunyah_rm_dev_rx(struct gunyah_msgq *msgq, const void *buf,
			     size_t len)
{
	struct gunyah_rm_dev *rmd = msgq->priv;

	gunyah_rm_receive(rmd->rm, buf, len);
}

static int gunyah_rm_stats_show(struct seq_file *s, void *unused)
{
	struct gunyah_rm_dev *rmd = s->private;
	struct gunyah_rm_stats st;

	gunyah_rm_get_stats(rmd->rm, &st);
	seq_printf(s, "calls: %llu\n", st.calls);
	seq_printf(s, "replies: %llu\n", st.replies);
	seq_printf(s, "notifications: %llu\n", st.notifications);
	seq_printf(s, "notifications_ignored: %llu\n", st.notifications_ignored);
	seq_printf(s, "dropped_packets: %llu\n", st.dropped_packets);
	seq_printf(s, "dropped_messages: %llu\n", st.dropped_messages);
	seq_printf(s, "unexpected_replies: %llu\n", st.unexpected_replies);
	seq_printf(s, "malformed_replies: %llu\n", st.malformed_replies);
	seq_printf(s, "abandoned_calls: %llu\n", st.abandoned_calls);
	seq_printf(s, "rx_errors: %d\n", atomic_read(&rmd->msgq.rx_errors));
	seq_printf(s, "tx_depth: %u\n", rmd->msgq.tx_depth);
	seq_printf(s, "rx_depth: %u\n", rmd->msgq.rx_depth);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(gunyah_rm_stats);

/* Read the link's description: caps, interrupts, sizes. */
static int gunyah_rm_dev_parse(struct platform_device *pdev,
			       struct gunyah_msgq *msgq)
{
	struct device *dev = &pdev->dev;
	u64 caps[2];
	u32 val;
	int ret;

	ret = device_property_read_u64_array(dev, "reg", caps, ARRAY_SIZE(caps));
	if (ret)
		return dev_err_probe(dev, ret, "no message queue capabilities\n");
	msgq->tx_cap = caps[0];
	msgq->rx_cap = caps[1];

	msgq->tx_irq = platform_get_irq(pdev, 0);
	if (msgq->tx_irq < 0)
		return msgq->tx_irq;
	msgq->rx_irq = platform_get_irq(pdev, 1);
	if (msgq->rx_irq < 0)
		return msgq->rx_irq;

	/* RM packets are at most 240 bytes; a smaller queue cannot carry them. */
	msgq->tx_msg_size = GUNYAH_RM_MAX_PACKET_SIZE;
	msgq->rx_msg_size = GUNYAH_RM_MAX_PACKET_SIZE;
	if (!device_property_read_u32(dev, "qcom,tx-message-size", &val) &&
	    val < GUNYAH_RM_MAX_PACKET_SIZE)
		return dev_err_probe(dev, -EINVAL, "TX message size %u too small\n", val);
	if (!device_property_read_u32(dev, "qcom,rx-message-size", &val)) {
		if (val < GUNYAH_RM_MAX_PACKET_SIZE || val > SZ_1K)
			return dev_err_probe(dev, -EINVAL, "bad RX message size %u\n", val);
		msgq->rx_msg_size = val;
	}

	/* The hypervisor takes depths of 1 to 255; 8 if not described. */
	msgq->tx_depth = 8;
	msgq->rx_depth = 8;
	if (!device_property_read_u32(dev, "qcom,tx-queue-depth", &val)) {
		if (!val || val > 255)
			return dev_err_probe(dev, -EINVAL, "bad TX queue depth %u\n", val);
		msgq->tx_depth = val;
	}
	if (!device_property_read_u32(dev, "qcom,rx-queue-depth", &val)) {
		if (!val || val > 255)
			return dev_err_probe(dev, -EINVAL, "bad RX queue depth %u\n", val);
		msgq->rx_depth = val;
	}
	return 0;
}

static int gunyah_rm_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct gunyah_rm_dev *rmd;
	int ret;

	rmd = devm_kzalloc(dev, sizeof(*rmd), GFP_KERNEL);
	if (!rmd)
		return -ENOMEM;

	rmd->msgq.dev = dev;
	rmd->msgq.rx_cb = gunyah_rm_dev_rx;
	rmd->msgq.priv = rmd;
	ret = gunyah_rm_dev_parse(pdev, &rmd->msgq);
	if (ret)
		return ret;

	refcount_set(&rmd->users, 1);
	init_completion(&rmd->released);
	rmd->rm = gunyah_rm_create(dev, &gunyah_rm_dev_transport, rmd);
	if (IS_ERR(rmd->rm))
		return PTR_ERR(rmd->rm);

	/* Interrupts last: the RX handler feeds rmd->rm from now on. */
	ret = gunyah_msgq_init(&rmd->msgq);
	if (ret)
		goto err_destroy_rm;

	mutex_lock(&gunyah_rm_dev_lock);
	if (gunyah_rm_dev_bound) {
		mutex_unlock(&gunyah_rm_dev_lock);
		ret = dev_err_probe(dev, -EBUSY, "a Resource Manager is already bound\n");
		goto err_remove_msgq;
	}
	gunyah_rm_dev_bound = rmd;
	mutex_unlock(&gunyah_rm_dev_lock);

	rmd->debugfs = debugfs_create_dir(dev_name(dev), gunyah_debugfs_root);
	debugfs_create_file("stats", 0400, rmd->debugfs, rmd,
			    &gunyah_rm_stats_fops);
	platform_set_drvdata(pdev, rmd);
	dev_info(dev, "Resource Manager bound\n");
	return 0;

err_remove_msgq:
	gunyah_msgq_remove(&rmd->msgq);
err_destroy_rm:
	gunyah_rm_destroy(rmd->rm);
	return ret;
}

static void gunyah_rm_remove(struct platform_device *pdev)
{
	struct gunyah_rm_dev *rmd = platform_get_drvdata(pdev);

	debugfs_remove_recursive(rmd->debugfs);
	mutex_lock(&gunyah_rm_dev_lock);
	gunyah_rm_dev_bound = NULL;
	mutex_unlock(&gunyah_rm_dev_lock);

	/*
	 * No new users; wait for the current ones (VMs and their fds) to
	 * finish, saying so now and then: a VMM that keeps its VM open keeps
	 * the unbind (rmmod) waiting, and it should not look hung.
	 */
	gunyah_rm_put(rmd->rm);
	while (!wait_for_completion_timeout(&rmd->released,
					    GUNYAH_RM_REMOVE_NAG))
		dev_warn(&pdev->dev, "waiting for the VMs to be closed\n");

	gunyah_msgq_remove(&rmd->msgq);
	gunyah_rm_destroy(rmd->rm);
}

#ifdef GUNYAH_PLATFORM_REMOVE_VOID
#define GUNYAH_RM_REMOVE gunyah_rm_remove
#else
/* Before 6.11 .remove returns int. */
static int gunyah_rm_remove_int(struct platform_device *pdev)
{
	gunyah_rm_remove(pdev);
	return 0;
}

#define GUNYAH_RM_REMOVE gunyah_rm_remove_int
#endif

static const struct of_device_id gunyah_rm_of_match[] = {
	{ .compatible = "gunyah-resource-manager" },
	{}
};
MODULE_DEVICE_TABLE(of, gunyah_rm_of_match);

static const struct platform_device_id gunyah_rm_id_table[] = {
	{ .name = "gunyah_rm" },
	{}
};
MODULE_DEVICE_TABLE(platform, gunyah_rm_id_table);

static struct platform_driver gunyah_rm_driver = {
	.probe = gunyah_rm_probe,
	.remove = GUNYAH_RM_REMOVE,
	.id_table = gunyah_rm_id_table,
	.driver = {
		.name = "gunyah_rm",
		.of_match_table = gunyah_rm_of_match,
	},
};

/**
 * gunyah_rm_platform_init() - register the RM driver
 * @debugfs_root: the driver's debugfs directory
 *
 * Return: 0 or a negative errno.
 */
int gunyah_rm_platform_init(struct dentry *debugfs_root)
{
	gunyah_debugfs_root = debugfs_root;
	return platform_driver_register(&gunyah_rm_driver);
}

/**
 * gunyah_rm_platform_exit() - unregister the RM driver
 */
void gunyah_rm_platform_exit(void)
{
	platform_driver_unregister(&gunyah_rm_driver);
}
