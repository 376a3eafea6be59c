// SPDX-License-Identifier: GPL-2.0-only
/*
 * Must-not-fire fixture for the gate self-test: fd_install() after the
 * last failure point.
 */

#include <linux/anon_inodes.h>
#include <linux/errno.h>
#include <linux/file.h>
#include <linux/fs.h>

static const struct file_operations gate_fops;
int gate_fd_setup(void *priv);

int gate_fd_install_last(void *priv);
int gate_fd_install_last(void *priv)
{
	struct file *file;
	int fd, ret;

	ret = gate_fd_setup(priv);
	if (ret)
		return ret;
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	file = anon_inode_getfile("gate", &gate_fops, priv, O_RDWR);
	if (IS_ERR(file)) {
		ret = PTR_ERR(file);
		goto err_put_fd;
	}
	fd_install(fd, file);
	return fd;

err_put_fd:
	put_unused_fd(fd);
	return ret;
}

int gate_fd_install_out(void *priv, int *out);
int gate_fd_install_out(void *priv, int *out)
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
	*out = fd;
	fd_install(fd, file);
	return 0;
}
