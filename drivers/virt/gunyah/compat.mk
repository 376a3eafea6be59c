# SPDX-License-Identifier: GPL-2.0-only
#
# Kernel API differences between the kernels this driver builds against
# (6.1 to 6.12), detected from the kernel's headers instead of version
# numbers. Included by every Makefile of the driver.

# 6.11 made platform_driver.remove return void.
ifneq ($(shell grep -s 'void (\*remove)(struct platform_device \*)' \
	$(srctree)/include/linux/platform_device.h),)
ccflags-y += -DGUNYAH_PLATFORM_REMOVE_VOID
endif

# 6.12 moved <asm/unaligned.h> to <linux/unaligned.h>.
ifneq ($(wildcard $(srctree)/include/linux/unaligned.h),)
ccflags-y += -DGUNYAH_HAVE_LINUX_UNALIGNED_H
endif

# 6.3 passes struct mnt_idmap instead of struct user_namespace to ->setattr.
ifneq ($(shell grep -s 'int simple_setattr.struct mnt_idmap' \
	$(srctree)/include/linux/fs.h),)
ccflags-y += -DGUNYAH_HAVE_MNT_IDMAP
endif

# 6.8 dropped the count argument of eventfd_signal(): it always adds 1.
ifneq ($(shell grep -s 'eventfd_signal(struct eventfd_ctx \*ctx)' \
	$(srctree)/include/linux/eventfd.h),)
ccflags-y += -DGUNYAH_EVENTFD_SIGNAL_NO_COUNT
endif
