// SPDX-License-Identifier: GPL-2.0-only
//! eventfd(2), the signal of irqfds and ioeventfds.

use crate::libc;
use std::fs::File;
use std::io::{self, Read, Write};
use std::os::unix::io::{AsRawFd, FromRawFd, RawFd};

/// An eventfd: a 64-bit counter that write() adds to and read() takes.
#[derive(Debug)]
pub struct EventFd {
    file: File,
}

impl EventFd {
    /// A new eventfd, close-on-exec; reads block until it is signalled.
    pub fn new() -> io::Result<EventFd> {
        Self::with_flags(libc::EFD_CLOEXEC)
    }

    /// A new eventfd whose reads fail with `WouldBlock` when it is 0.
    pub fn new_nonblocking() -> io::Result<EventFd> {
        Self::with_flags(libc::EFD_CLOEXEC | libc::EFD_NONBLOCK)
    }

    fn with_flags(flags: i32) -> io::Result<EventFd> {
        // SAFETY: no memory is passed.
        let fd = libc::check(unsafe { libc::eventfd(0, flags) })?;
        // SAFETY: @fd is a new file descriptor that nothing else owns.
        let file = unsafe { File::from_raw_fd(fd) };
        Ok(EventFd { file })
    }

    /// Add @value to the counter.
    pub fn write(&self, value: u64) -> io::Result<()> {
        (&self.file).write_all(&value.to_ne_bytes())
    }

    /// Take the counter (reset it to 0).
    pub fn read(&self) -> io::Result<u64> {
        let mut buf = [0u8; 8];
        (&self.file).read_exact(&mut buf)?;
        Ok(u64::from_ne_bytes(buf))
    }
}

impl AsRawFd for EventFd {
    fn as_raw_fd(&self) -> RawFd {
        self.file.as_raw_fd()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_adds_up_and_resets() {
        let efd = EventFd::new_nonblocking().unwrap();
        assert_eq!(efd.read().unwrap_err().kind(), io::ErrorKind::WouldBlock);
        efd.write(2).unwrap();
        efd.write(3).unwrap();
        assert_eq!(efd.read().unwrap(), 5);
        assert_eq!(efd.read().unwrap_err().kind(), io::ErrorKind::WouldBlock);
    }
}
