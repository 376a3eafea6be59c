// SPDX-License-Identifier: GPL-2.0-only
/*
 * /dev/gunyah device-level behaviour: the node exists, VM creation fails
 * cleanly when no hypervisor backend is present, and unknown ioctls are
 * refused with ENOTTY.
 */

#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <linux/gunyah.h>

#include "kselftest_harness.h"

#define GUNYAH_DEV "/dev/gunyah"
#define MISC_MAJOR 10

FIXTURE(gunyah_dev)
{
	int fd;
};

FIXTURE_SETUP(gunyah_dev)
{
	self->fd = open(GUNYAH_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->fd) TH_LOG("open %s: %s", GUNYAH_DEV, strerror(errno));
}

FIXTURE_TEARDOWN(gunyah_dev)
{
	close(self->fd);
}

TEST(node_is_misc_char_device)
{
	struct stat st;

	ASSERT_EQ(0, stat(GUNYAH_DEV, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(MISC_MAJOR, major(st.st_rdev));
}

TEST_F(gunyah_dev, create_vm_without_backend_is_enodev)
{
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd, GUNYAH_CREATE_VM, 0));
	EXPECT_EQ(ENODEV, errno);
}

TEST_F(gunyah_dev, create_vm_unknown_type_is_einval)
{
	static const unsigned long types[] = { 1, 2, 0xff, 0x80000000ul, ~0ul };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		errno = 0;
		EXPECT_EQ(-1, ioctl(self->fd, GUNYAH_CREATE_VM, types[i]));
		EXPECT_EQ(EINVAL, errno) TH_LOG("type %#lx", types[i]);
	}
}

TEST_F(gunyah_dev, unknown_ioctls_are_enotty)
{
	static const unsigned long cmds[] = {
		_IO(GUNYAH_IOCTL_TYPE, 0xff),
		_IOW(GUNYAH_IOCTL_TYPE, 0x0, __u64),	/* CREATE_VM with a size */
		_IOWR(GUNYAH_IOCTL_TYPE, 0x40, __u64),
		_IO('A', 0x11),				/* another letter */
		_IO(0xAE, 0x00),			/* KVM_GET_API_VERSION */
		_IO(0xB2, 0x01),			/* unrelated Qualcomm API */
		0,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		errno = 0;
		EXPECT_EQ(-1, ioctl(self->fd, cmds[i], 0));
		EXPECT_EQ(ENOTTY, errno) TH_LOG("cmd %#lx", cmds[i]);
	}
}

TEST_F(gunyah_dev, no_read_or_write)
{
	char buf[8];

	EXPECT_EQ(-1, read(self->fd, buf, sizeof(buf)));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, write(self->fd, buf, sizeof(buf)));
	EXPECT_EQ(EINVAL, errno);
}

TEST_HARNESS_MAIN
