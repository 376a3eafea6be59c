// SPDX-License-Identifier: GPL-2.0-only
//! /dev/gunyah: capabilities, VMs and guest memory files.

use crate::ioctl::{ioctl_mut, ioctl_ref, ioctl_val};
use crate::mem::GuestMem;
use crate::vm::Vm;
use gunyah_bindings as sys;
use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::io::{AsRawFd, FromRawFd, RawFd};
use std::path::Path;

/// What GUNYAH_QUERY_CAPS reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capabilities {
    /// GUNYAH_CAP_* bits
    pub features: u64,
    /// GUNYAH_RM_PROTOCOL_*
    pub rm_protocol: u32,
}

impl Capabilities {
    /// Is every GUNYAH_CAP_* bit of @cap available?
    pub fn has(&self, cap: u32) -> bool {
        self.features & u64::from(cap) == u64::from(cap)
    }

    /// The RM protocol level by name: "oss", "full" or "unknown".
    pub fn protocol_name(&self) -> &'static str {
        match self.rm_protocol {
            sys::GUNYAH_RM_PROTOCOL_OSS => "oss",
            sys::GUNYAH_RM_PROTOCOL_FULL => "full",
            _ => "unknown",
        }
    }
}

/// An open /dev/gunyah.
#[derive(Debug)]
pub struct Gunyah {
    file: File,
}

impl Gunyah {
    pub const PATH: &'static str = "/dev/gunyah";

    /// Open /dev/gunyah.
    pub fn open() -> io::Result<Gunyah> {
        Self::open_path(Self::PATH)
    }

    /// Open the device at @path (close-on-exec, as std opens every file).
    pub fn open_path(path: impl AsRef<Path>) -> io::Result<Gunyah> {
        let file = OpenOptions::new().read(true).write(true).open(path)?;
        Ok(Gunyah { file })
    }

    /// Use an already open file as the device (tests use other files).
    pub fn from_file(file: File) -> Gunyah {
        Gunyah { file }
    }

    /// GUNYAH_QUERY_CAPS.
    pub fn capabilities(&self) -> io::Result<Capabilities> {
        let mut caps = sys::gunyah_capabilities {
            features: 0,
            rm_protocol: 0,
            padding: 0,
            reserved: [0; 6],
        };
        ioctl_mut(&self.file, sys::GUNYAH_QUERY_CAPS, &mut caps)?;
        Ok(Capabilities {
            features: caps.features,
            rm_protocol: caps.rm_protocol,
        })
    }

    /// GUNYAH_CREATE_VM of type 0, the only type.
    pub fn create_vm(&self) -> io::Result<Vm> {
        let fd = ioctl_val(&self.file, sys::GUNYAH_CREATE_VM, 0)?;
        // SAFETY: the ioctl returned a new file descriptor we own.
        Ok(Vm::new(unsafe { File::from_raw_fd(fd) }))
    }

    /// GUNYAH_CREATE_GUEST_MEM of @size bytes with GHMF_* @flags
    /// (GHMF_CLOEXEC is always added).
    pub fn create_guest_mem(&self, size: u64, flags: u64) -> io::Result<GuestMem> {
        let args = sys::gunyah_create_mem_args {
            flags: flags | u64::from(sys::GHMF_CLOEXEC),
            size,
            reserved: [0; 6],
        };
        let fd = ioctl_ref(&self.file, sys::GUNYAH_CREATE_GUEST_MEM, &args)?;
        // SAFETY: the ioctl returned a new file descriptor we own.
        Ok(GuestMem::new(unsafe { File::from_raw_fd(fd) }, size))
    }
}

impl AsRawFd for Gunyah {
    fn as_raw_fd(&self) -> RawFd {
        self.file.as_raw_fd()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENOTTY: i32 = 25;

    // Another file than /dev/gunyah: every ioctl fails with ENOTTY, which
    // must come back as that io::Error.
    fn not_gunyah() -> Gunyah {
        Gunyah::from_file(File::open("/dev/null").unwrap())
    }

    #[test]
    fn errors_are_io_errors_with_errno() {
        let dev = not_gunyah();
        assert_eq!(dev.capabilities().unwrap_err().raw_os_error(), Some(ENOTTY));
        assert_eq!(dev.create_vm().unwrap_err().raw_os_error(), Some(ENOTTY));
        let e = dev.create_guest_mem(4096, 0).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(ENOTTY));
    }

    #[test]
    fn a_missing_device_is_not_found() {
        let e = Gunyah::open_path("/nonexistent/gunyah").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn capability_bits() {
        let caps = Capabilities {
            features: u64::from(sys::GUNYAH_CAP_VM | sys::GUNYAH_CAP_GUEST_MEM),
            rm_protocol: sys::GUNYAH_RM_PROTOCOL_FULL,
        };
        assert!(caps.has(sys::GUNYAH_CAP_VM));
        assert!(caps.has(sys::GUNYAH_CAP_VM | sys::GUNYAH_CAP_GUEST_MEM));
        assert!(!caps.has(sys::GUNYAH_CAP_VM | sys::GUNYAH_CAP_BOOT_CONTEXT));
        assert_eq!(caps.protocol_name(), "full");
    }
}
