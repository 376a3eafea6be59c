// SPDX-License-Identifier: GPL-2.0-only
/*
 * Drives the planted defects of gunyah_gate_fixture.ko. The tests pass: it
 * is the kernel's own checkers that must fail the e2e run.
 */

#include <fcntl.h>
#include <stdlib.h>
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

/* A request the real RM does not survive; the simulator must say so. */
TEST(rm_fatal_request)
{
	ASSERT_EQ(0, system("insmod /lib/modules/gunyah_sim.ko"));
	poke(_metadata, "/sys/kernel/debug/gunyah_gate_fixture/rm_fatal");
	sleep(1);
}

TEST_HARNESS_MAIN
