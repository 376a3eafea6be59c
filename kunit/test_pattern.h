/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by the KUnit suites of the RM codec and client. */
#ifndef _GUNYAH_KUNIT_TEST_PATTERN_H
#define _GUNYAH_KUNIT_TEST_PATTERN_H

#include <kunit/test.h>

/*
 * Deterministic payload. The period 251 is prime to the packet payload size,
 * so every packet of a message carries different bytes.
 */
static inline u8 *gunyah_test_pattern(struct kunit *test, size_t size, u8 seed)
{
	u8 *buf = kunit_kzalloc(test, size ? size : 1, GFP_KERNEL);
	size_t i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	for (i = 0; i < size; i++)
		buf[i] = (u8)(seed + i % 251);

	return buf;
}

#endif /* _GUNYAH_KUNIT_TEST_PATTERN_H */
