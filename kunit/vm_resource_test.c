// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the resource tickets (vm_resource.c): resources reported
 * by the RM reach the ticket with their type and label, whether the ticket
 * came before or after them; duplicates are dropped; unwinding takes every
 * resource back and keeps the tickets.
 */

#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/gunyah_rm.h>
#include <linux/gunyah_vm.h>
#include <linux/slab.h>

#include "vm_mgr.h"

struct rsc_test_ticket {
	struct gunyah_vm_resource_ticket t;
	bool refuse;		/* populate() returns false */
	int populated, unpopulated;
	u64 capid;		/* of the resource it holds, 0 if none */
};

static bool rsc_test_populate(struct gunyah_vm_resource_ticket *ticket,
			      struct gunyah_resource *ghrsc)
{
	struct rsc_test_ticket *tt = container_of(ticket, struct rsc_test_ticket,
						  t);

	if (tt->refuse)
		return false;
	tt->populated++;
	tt->capid = ghrsc->capid;
	return true;
}

static void rsc_test_unpopulate(struct gunyah_vm_resource_ticket *ticket,
				struct gunyah_resource *ghrsc)
{
	struct rsc_test_ticket *tt = container_of(ticket, struct rsc_test_ticket,
						  t);

	tt->unpopulated++;
	if (tt->capid == ghrsc->capid)
		tt->capid = 0;
}

static struct gunyah_vm *rsc_test_vm(struct kunit *test)
{
	struct gunyah_vm *vm = kunit_kzalloc(test, sizeof(*vm), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, vm);
	gunyah_vm_resources_init(vm);
	return vm;
}

static struct rsc_test_ticket *rsc_ticket(struct kunit *test, u32 type,
					  u32 label)
{
	struct rsc_test_ticket *tt = kunit_kzalloc(test, sizeof(*tt),
						   GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, tt);
	tt->t.resource_type = type;
	tt->t.label = label;
	tt->t.owner = THIS_MODULE;
	tt->t.populate = rsc_test_populate;
	tt->t.unpopulate = rsc_test_unpopulate;
	return tt;
}

/* Feed resources to @vm as a VM_GET_HYP_RESOURCES reply would. */
static int rsc_report(struct kunit *test, struct gunyah_vm *vm,
		      const struct gunyah_rm_hyp_resource *entries, u32 n)
{
	struct gunyah_rm_hyp_resources *res;

	res = kunit_kzalloc(test, struct_size(res, entries, n), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, res);
	res->n_entries = n;
	memcpy(res->entries, entries, n * sizeof(*entries));
	return gunyah_vm_add_resources(vm, res);
}

static int rsc_count(struct list_head *list)
{
	struct gunyah_resource *ghrsc;
	int n = 0;

	list_for_each_entry(ghrsc, list, list)
		n++;
	return n;
}

#define VCPU	GUNYAH_RESOURCE_TYPE_VCPU
#define BELL	GUNYAH_RESOURCE_TYPE_BELL_TX

static const struct gunyah_rm_hyp_resource rsc_entries[] = {
	{ .type = VCPU, .resource_label = 0, .cap_id = 0x100 },
	{ .type = VCPU, .resource_label = 1, .cap_id = 0x101 },
	{ .type = BELL, .resource_label = 0, .cap_id = 0x200 },
	{ .type = BELL, .resource_label = 7, .cap_id = 0x207 },
};

static void gunyah_vm_resource_test_populate(struct kunit *test)
{
	struct gunyah_vm *vm = rsc_test_vm(test);
	struct rsc_test_ticket *cpu1 = rsc_ticket(test, VCPU, 1);
	struct rsc_test_ticket *bell7 = rsc_ticket(test, BELL, 7);
	struct rsc_test_ticket *cpu0 = rsc_ticket(test, VCPU, 0);
	struct rsc_test_ticket *cpu9 = rsc_ticket(test, VCPU, 9);

	/* before the VM has resources */
	KUNIT_ASSERT_EQ(test, gunyah_vm_add_resource_ticket(vm, &cpu1->t), 0);
	KUNIT_ASSERT_EQ(test, gunyah_vm_add_resource_ticket(vm, &bell7->t), 0);
	KUNIT_EXPECT_EQ(test, cpu1->populated, 0);

	KUNIT_ASSERT_EQ(test, rsc_report(test, vm, rsc_entries,
					 ARRAY_SIZE(rsc_entries)), 0);
	KUNIT_EXPECT_EQ(test, cpu1->populated, 1);
	KUNIT_EXPECT_EQ(test, cpu1->capid, 0x101);
	KUNIT_EXPECT_EQ(test, bell7->populated, 1);
	KUNIT_EXPECT_EQ(test, bell7->capid, 0x207);
	/* vCPU 0 and doorbell 0 wait for a ticket */
	KUNIT_EXPECT_EQ(test, rsc_count(&vm->resources), 2);

	/* a ticket added later gets its resource at once */
	KUNIT_ASSERT_EQ(test, gunyah_vm_add_resource_ticket(vm, &cpu0->t), 0);
	KUNIT_EXPECT_EQ(test, cpu0->populated, 1);
	KUNIT_EXPECT_EQ(test, cpu0->capid, 0x100);
	KUNIT_EXPECT_EQ(test, rsc_count(&vm->resources), 1);
	KUNIT_ASSERT_EQ(test, gunyah_vm_add_resource_ticket(vm, &cpu9->t), 0);
	KUNIT_EXPECT_EQ(test, cpu9->populated, 0);

	/* removing a ticket gives its resource back to the VM */
	gunyah_vm_remove_resource_ticket(vm, &cpu0->t);
	KUNIT_EXPECT_EQ(test, cpu0->unpopulated, 1);
	KUNIT_EXPECT_EQ(test, cpu0->capid, 0);
	KUNIT_EXPECT_EQ(test, rsc_count(&vm->resources), 2);
	cpu0->populated = 0;
	KUNIT_ASSERT_EQ(test, gunyah_vm_add_resource_ticket(vm, &cpu0->t), 0);
	KUNIT_EXPECT_EQ(test, cpu0->populated, 1);

	/* unwinding: every resource comes back and is freed, tickets stay */
	gunyah_vm_clean_resources(vm);
	KUNIT_EXPECT_EQ(test, cpu0->unpopulated, 2);
	KUNIT_EXPECT_EQ(test, cpu1->unpopulated, 1);
	KUNIT_EXPECT_EQ(test, bell7->unpopulated, 1);
	KUNIT_EXPECT_EQ(test, cpu9->unpopulated, 0);
	KUNIT_EXPECT_TRUE(test, list_empty(&vm->resources));
	KUNIT_EXPECT_TRUE(test, list_empty(&cpu1->t.resources));

	/* the next start populates the same tickets again */
	KUNIT_ASSERT_EQ(test, rsc_report(test, vm, rsc_entries,
					 ARRAY_SIZE(rsc_entries)), 0);
	KUNIT_EXPECT_EQ(test, cpu1->populated, 2);
	KUNIT_EXPECT_EQ(test, cpu0->populated, 2);

	gunyah_vm_remove_resource_ticket(vm, &cpu0->t);
	gunyah_vm_remove_resource_ticket(vm, &cpu1->t);
	gunyah_vm_remove_resource_ticket(vm, &bell7->t);
	gunyah_vm_remove_resource_ticket(vm, &cpu9->t);
	KUNIT_EXPECT_TRUE(test, list_empty(&vm->resource_tickets));
	KUNIT_EXPECT_EQ(test, rsc_count(&vm->resources), 4);
	gunyah_vm_clean_resources(vm);
	KUNIT_EXPECT_TRUE(test, list_empty(&vm->resources));
}

static void gunyah_vm_resource_test_duplicate_ticket(struct kunit *test)
{
	struct gunyah_vm *vm = rsc_test_vm(test);
	struct rsc_test_ticket *a = rsc_ticket(test, VCPU, 3);
	struct rsc_test_ticket *b = rsc_ticket(test, VCPU, 3);
	struct rsc_test_ticket *c = rsc_ticket(test, BELL, 3);

	KUNIT_EXPECT_EQ(test, gunyah_vm_add_resource_ticket(vm, &a->t), 0);
	KUNIT_EXPECT_EQ(test, gunyah_vm_add_resource_ticket(vm, &b->t), -EEXIST);
	/* same label, another type */
	KUNIT_EXPECT_EQ(test, gunyah_vm_add_resource_ticket(vm, &c->t), 0);
	gunyah_vm_remove_resource_ticket(vm, &a->t);
	KUNIT_EXPECT_EQ(test, gunyah_vm_add_resource_ticket(vm, &b->t), 0);
	gunyah_vm_remove_resource_ticket(vm, &b->t);
	gunyah_vm_remove_resource_ticket(vm, &c->t);
}

/* A second entry with a (type, label) the VM has is dropped. */
static void gunyah_vm_resource_test_duplicate_resource(struct kunit *test)
{
	static const struct gunyah_rm_hyp_resource dup[] = {
		{ .type = VCPU, .resource_label = 0, .cap_id = 0x100 },
		{ .type = VCPU, .resource_label = 0, .cap_id = 0x999 },
		{ .type = BELL, .resource_label = 1, .cap_id = 0x201 },
		{ .type = BELL, .resource_label = 1, .cap_id = 0x998 },
	};
	struct gunyah_vm *vm = rsc_test_vm(test);
	struct rsc_test_ticket *cpu0 = rsc_ticket(test, VCPU, 0);
	struct rsc_test_ticket *bell1 = rsc_ticket(test, BELL, 1);

	KUNIT_ASSERT_EQ(test, gunyah_vm_add_resource_ticket(vm, &cpu0->t), 0);
	KUNIT_ASSERT_EQ(test, rsc_report(test, vm, dup, ARRAY_SIZE(dup)), 0);
	KUNIT_EXPECT_EQ(test, cpu0->populated, 1);
	KUNIT_EXPECT_EQ(test, cpu0->capid, 0x100);
	KUNIT_EXPECT_EQ(test, rsc_count(&vm->resources), 1);

	KUNIT_ASSERT_EQ(test, gunyah_vm_add_resource_ticket(vm, &bell1->t), 0);
	KUNIT_EXPECT_EQ(test, bell1->capid, 0x201);
	KUNIT_EXPECT_TRUE(test, list_empty(&vm->resources));

	gunyah_vm_remove_resource_ticket(vm, &bell1->t);
	gunyah_vm_remove_resource_ticket(vm, &cpu0->t);
	gunyah_vm_clean_resources(vm);
}

/* A ticket may refuse a resource: it stays with the VM. */
static void gunyah_vm_resource_test_refused(struct kunit *test)
{
	struct gunyah_vm *vm = rsc_test_vm(test);
	struct rsc_test_ticket *cpu1 = rsc_ticket(test, VCPU, 1);
	struct rsc_test_ticket *again = rsc_ticket(test, VCPU, 1);

	cpu1->refuse = true;
	KUNIT_ASSERT_EQ(test, gunyah_vm_add_resource_ticket(vm, &cpu1->t), 0);
	KUNIT_ASSERT_EQ(test, rsc_report(test, vm, rsc_entries,
					 ARRAY_SIZE(rsc_entries)), 0);
	KUNIT_EXPECT_EQ(test, rsc_count(&vm->resources), 4);
	KUNIT_EXPECT_TRUE(test, list_empty(&cpu1->t.resources));

	gunyah_vm_remove_resource_ticket(vm, &cpu1->t);
	KUNIT_EXPECT_EQ(test, cpu1->unpopulated, 0);
	KUNIT_ASSERT_EQ(test, gunyah_vm_add_resource_ticket(vm, &again->t), 0);
	KUNIT_EXPECT_EQ(test, again->capid, 0x101);
	gunyah_vm_clean_resources(vm);
	KUNIT_EXPECT_EQ(test, again->unpopulated, 1);
	gunyah_vm_remove_resource_ticket(vm, &again->t);
}

static struct kunit_case gunyah_vm_resource_test_cases[] = {
	KUNIT_CASE(gunyah_vm_resource_test_populate),
	KUNIT_CASE(gunyah_vm_resource_test_duplicate_ticket),
	KUNIT_CASE(gunyah_vm_resource_test_duplicate_resource),
	KUNIT_CASE(gunyah_vm_resource_test_refused),
	{}
};

static struct kunit_suite gunyah_vm_resource_test_suite = {
	.name = "gunyah_vm_resource",
	.test_cases = gunyah_vm_resource_test_cases,
};

kunit_test_suite(gunyah_vm_resource_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the Gunyah VM resource tickets");
