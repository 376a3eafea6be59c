// SPDX-License-Identifier: GPL-2.0-only
//! ioctl calls with the generated numbers of `gunyah-bindings`.

use crate::libc;
use gunyah_bindings::gunyah_ioctl;
use std::io;
use std::os::raw::{c_int, c_ulong};
use std::os::unix::io::{AsRawFd, RawFd};

/// An ioctl whose argument is an integer (or nothing: 0).
pub fn ioctl_val(fd: &impl AsRawFd, cmd: gunyah_ioctl, arg: c_ulong) -> io::Result<c_int> {
    let fd: RawFd = fd.as_raw_fd();
    // SAFETY: the argument is passed by value, no memory is shared.
    libc::check(unsafe { libc::ioctl(fd, cmd as c_ulong, arg) })
}

/// An ioctl that reads its argument structure.
pub fn ioctl_ref<T>(fd: &impl AsRawFd, cmd: gunyah_ioctl, arg: &T) -> io::Result<c_int> {
    // SAFETY: @arg is a valid, live T: the kernel reads size_of::<T>()
    // bytes of it (the size encoded in @cmd, checked by the bindings' tests).
    libc::check(unsafe { libc::ioctl(fd.as_raw_fd(), cmd as c_ulong, arg as *const T) })
}

/// An ioctl that reads and writes its argument structure.
pub fn ioctl_mut<T>(fd: &impl AsRawFd, cmd: gunyah_ioctl, arg: &mut T) -> io::Result<c_int> {
    // SAFETY: as ioctl_ref(), and @arg is exclusively borrowed while the
    // kernel writes it.
    libc::check(unsafe { libc::ioctl(fd.as_raw_fd(), cmd as c_ulong, arg as *mut T) })
}
