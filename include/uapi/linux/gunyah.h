/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * Userspace interface for /dev/gunyah - Gunyah hypervisor VM manager
 */
#ifndef _UAPI_LINUX_GUNYAH_H
#define _UAPI_LINUX_GUNYAH_H

#include <linux/ioctl.h>
#include <linux/types.h>

/**
 * DOC: General ioctl format
 *
 * Every ioctl on /dev/gunyah and on the file descriptors it hands out
 * returns 0 (or a new file descriptor, where documented) on success, or -1
 * with errno set. The following errno values have the same meaning for all
 * of them:
 *
 * - ENOTTY: the ioctl number is not known on this kind of file descriptor.
 * - EINVAL: an argument is out of range or a reserved value is used.
 * - ENODEV: no Gunyah hypervisor (real or simulated) is available to host
 *   virtual machines.
 */

#define GUNYAH_IOCTL_TYPE		'G'

/**
 * GUNYAH_CREATE_VM - create a virtual machine
 *
 * Issued on /dev/gunyah. The argument is the VM type, an integer passed by
 * value, not a pointer: 0 is the only type defined so far (an unauthenticated
 * VM whose configuration the VMM supplies). Any other type fails with EINVAL.
 *
 * Return: a new VM file descriptor, or -1 with errno set.
 */
#define GUNYAH_CREATE_VM		_IO(GUNYAH_IOCTL_TYPE, 0x0)

#endif /* _UAPI_LINUX_GUNYAH_H */
