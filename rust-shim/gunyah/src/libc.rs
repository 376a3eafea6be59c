// SPDX-License-Identifier: GPL-2.0-only
//! The few C library calls the safe layer needs, declared here so that it
//! depends on std alone. Values are those of x86_64 and arm64 Linux.

use std::io;
use std::os::raw::{c_int, c_uint, c_ulong, c_void};

pub const PROT_READ: c_int = 0x1;
pub const PROT_WRITE: c_int = 0x2;
pub const MAP_SHARED: c_int = 0x01;
pub const MAP_FAILED: *mut c_void = !0 as *mut c_void;
pub const EFD_CLOEXEC: c_int = 0o2000000;
pub const EFD_NONBLOCK: c_int = 0o4000;

extern "C" {
    pub fn ioctl(fd: c_int, request: c_ulong, ...) -> c_int;
    pub fn mmap(
        addr: *mut c_void,
        len: usize,
        prot: c_int,
        flags: c_int,
        fd: c_int,
        offset: i64,
    ) -> *mut c_void;
    pub fn munmap(addr: *mut c_void, len: usize) -> c_int;
    pub fn eventfd(initval: c_uint, flags: c_int) -> c_int;
}

/// The result of a call that returns -1 with errno set on failure.
pub fn check(ret: c_int) -> io::Result<c_int> {
    if ret == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(ret)
    }
}
