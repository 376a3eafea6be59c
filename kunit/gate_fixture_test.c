// SPDX-License-Identifier: GPL-2.0-only
/*
 * A planted defect for 'make gate-selftest': a KUnit case that fails. The
 * gate proves that a failing case makes the KUnit stage fail. Normal runs
 * select suites by the "gunyah" prefix and never run this one.
 */

#include <kunit/test.h>

static void gate_fixture_test_fails(struct kunit *test)
{
	KUNIT_EXPECT_EQ_MSG(test, 1 + 1, 3, "planted failure for the gate self-test");
}

static struct kunit_case gate_fixture_cases[] = {
	KUNIT_CASE(gate_fixture_test_fails),
	{}
};

static struct kunit_suite gate_fixture_suite = {
	.name = "gate_fixture",
	.test_cases = gate_fixture_cases,
};

kunit_test_suite(gate_fixture_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Planted failing KUnit case for the gate self-test");
