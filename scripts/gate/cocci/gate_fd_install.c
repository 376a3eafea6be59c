// SPDX-License-Identifier: GPL-2.0-only
/*
 * Planted defects for the gate self-test: fd_install() before the last
 * failure point (gunyah_fd_install.cocci).
 */

#include <linux/anon_inodes.h>
#include <linux/errno.h>
#include <linux/file.h>
#include <linux/fs.h>

static const struct file_operations gate_fops;
int gate_fd_setup(void *priv);

int gate_fd_install_early(void *priv);
int gate_fd_install_early(void *priv)
{
	struct file *file;
	int fd, ret;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	file = anon_inode_getfile("gate", &gate_fops, priv, O_RDWR);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	fd_install(fd, file);
	ret = gate_fd_setup(priv);
	if (ret)
		return ret;		/* user space has the fd already */
	return fd;
}

int gate_fd_install_unwind(void *priv);
int gate_fd_install_unwind(void *priv)
{
	struct file *file;
	int fd;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	file = anon_inode_getfile("gate", &gate_fops, priv, O_RDWR);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	fd_install(fd, file);
	if (!priv) {
		fput(file);		/* the fd is user space's */
		return -EINVAL;
	}
	return fd;
}
