// SPDX-License-Identifier: GPL-2.0-only
/*
 * Drives the planted defects of gunyah_gate_fixture.ko. The tests pass: it
 * is the kernel's own checkers that must fail the e2e run.
 */

#include <fcntl.h>
#include <unistd.h>

#include "kselftest_harness.h"

static void poke(struct __test_metadata *_metadata, const char *path)
{
	int fd = open(path, O_WRONLY);

	ASSERT_LE(0, fd);
	EXPECT_EQ(1, write(fd, "1", 1));
	close(fd);
}

TEST(use_after_free)
{
	poke(_metadata, "/sys/kernel/debug/gunyah_gate_fixture/uaf");
}

TEST(leak)
{
	poke(_metadata, "/sys/kernel/debug/gunyah_gate_fixture/leak");
}

TEST_HARNESS_MAIN
