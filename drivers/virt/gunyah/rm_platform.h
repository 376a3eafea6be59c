/* SPDX-License-Identifier: GPL-2.0-only */
/* The Resource Manager platform driver, private to gunyah.ko. */
#ifndef _GUNYAH_RM_PLATFORM_H
#define _GUNYAH_RM_PLATFORM_H

struct dentry;

int gunyah_rm_platform_init(struct dentry *debugfs_root);
void gunyah_rm_platform_exit(void);

#endif /* _GUNYAH_RM_PLATFORM_H */
