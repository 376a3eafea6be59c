// SPDX-License-Identifier: GPL-2.0-only
//! Guest memory files (GUNYAH_CREATE_GUEST_MEM) and host mappings of them.

use crate::libc;
use std::fs::File;
use std::io;
use std::os::raw::c_void;
use std::os::unix::io::{AsRawFd, RawFd};
use std::ptr;

/// A guest memory file: memory that `Vm::map_mem()` gives to VMs.
#[derive(Debug)]
pub struct GuestMem {
    pub(crate) file: File,
    size: u64,
}

impl GuestMem {
    pub(crate) fn new(file: File, size: u64) -> GuestMem {
        GuestMem { file, size }
    }

    /// Its size in bytes, fixed at creation.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Map the whole file into this process, shared, read and write: to
    /// load a guest before its memory is lent (a lent range cannot be
    /// mapped, and a mapping made before raises SIGBUS while it is lent).
    pub fn map_host(&self) -> io::Result<HostMapping> {
        HostMapping::new(&self.file, self.size as usize)
    }
}

impl AsRawFd for GuestMem {
    fn as_raw_fd(&self) -> RawFd {
        self.file.as_raw_fd()
    }
}

/// A shared read/write mapping of a file, unmapped when dropped.
#[derive(Debug)]
pub struct HostMapping {
    addr: *mut u8,
    len: usize,
}

impl HostMapping {
    /// Map @len bytes of @file from offset 0.
    pub fn new(file: &impl AsRawFd, len: usize) -> io::Result<HostMapping> {
        // SAFETY: a new mapping at an address the kernel chooses; nothing
        // else refers to it.
        let addr = unsafe {
            libc::mmap(
                ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED,
                file.as_raw_fd(),
                0,
            )
        };
        if addr == libc::MAP_FAILED {
            return Err(io::Error::last_os_error());
        }
        Ok(HostMapping {
            addr: addr as *mut u8,
            len,
        })
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The mapped bytes.
    pub fn as_slice(&self) -> &[u8] {
        // SAFETY: @addr maps @len bytes for the life of self.
        unsafe { std::slice::from_raw_parts(self.addr, self.len) }
    }

    /// The mapped bytes, writable.
    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: as as_slice(), borrowed exclusively.
        unsafe { std::slice::from_raw_parts_mut(self.addr, self.len) }
    }

    /// Copy @data to @offset; `InvalidInput` if it does not fit.
    pub fn write_at(&mut self, offset: usize, data: &[u8]) -> io::Result<()> {
        let end = offset
            .checked_add(data.len())
            .filter(|&end| end <= self.len)
            .ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?;
        self.as_mut_slice()[offset..end].copy_from_slice(data);
        Ok(())
    }

    pub(crate) fn as_ptr(&self) -> *mut u8 {
        self.addr
    }
}

impl Drop for HostMapping {
    fn drop(&mut self) {
        // SAFETY: the mapping is ours, and no borrow of it outlives self.
        unsafe { libc::munmap(self.addr as *mut c_void, self.len) };
    }
}

// The mapping is plain memory; access goes through &self / &mut self.
unsafe impl Send for HostMapping {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn temp_file(tag: &str, len: u64) -> (std::path::PathBuf, File) {
        let name = format!("gunyah-mem-test-{}-{}", tag, std::process::id());
        let path = std::env::temp_dir().join(name);
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)
            .unwrap();
        file.set_len(len).unwrap();
        (path, file)
    }

    #[test]
    fn host_mapping_writes_reach_the_file() {
        let (path, mut file) = temp_file("map", 4096);
        {
            let mut map = HostMapping::new(&file, 4096).unwrap();
            assert_eq!(map.len(), 4096);
            map.write_at(100, b"gunyah").unwrap();
            assert_eq!(&map.as_slice()[100..106], b"gunyah");
            let e = map.write_at(4093, b"four").unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
            assert!(map.write_at(usize::MAX, b"x").is_err());
        }
        let mut buf = Vec::new();
        file.read_to_end(&mut buf).unwrap();
        assert_eq!(&buf[100..106], b"gunyah");
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn mapping_a_bad_fd_fails_with_errno() {
        let (path, file) = temp_file("ro", 0);
        drop(file);
        let file = File::open(&path).unwrap();
        // A read-only file cannot be mapped shared and writable.
        let e = HostMapping::new(&file, 4096).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(13)); // EACCES
        std::fs::remove_file(path).unwrap();
    }
}
