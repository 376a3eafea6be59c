// SPDX-License-Identifier: GPL-2.0-only
//! A vCPU file descriptor and its mapped run page (struct gunyah_vcpu_run).

use crate::ioctl::ioctl_val;
use crate::mem::HostMapping;
use gunyah_bindings as sys;
use std::fs::File;
use std::io;
use std::mem::size_of;
use std::os::unix::io::{AsRawFd, RawFd};
use std::ptr;

/// An MMIO access of the guest that no in-kernel handler took.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MmioAccess {
    pub addr: u64,
    /// Access size in bytes, 1 to 8.
    pub len: u32,
    pub is_write: bool,
    /// For a write, the value written (little endian, `len` bytes).
    pub data: u64,
}

/// Why the VM stopped (GUNYAH_VCPU_EXIT_STATUS).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VmExitStatus {
    /// GUNYAH_VM_STATUS_*
    pub status: u32,
    /// GUNYAH_VM_EXIT_TYPE_*
    pub exit_type: u16,
    /// The first bytes of the Resource Manager's exit reason.
    pub reason: [u8; 8],
    pub reason_size: u32,
}

impl VmExitStatus {
    /// The guest powered the VM off (PSCI SYSTEM_OFF).
    pub fn is_power_off(&self) -> bool {
        self.status == sys::GUNYAH_VM_STATUS_EXITED
            && u32::from(self.exit_type) == sys::GUNYAH_VM_EXIT_TYPE_PSCI_POWER_OFF
    }
}

/// What ended a GUNYAH_VCPU_RUN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VcpuExit {
    /// Answer a read with `Vcpu::set_mmio_read_value()` before the next run.
    Mmio(MmioAccess),
    /// The VM stopped; further runs report it again.
    Status(VmExitStatus),
    /// A guest access to memory it does not have (`attempt`: -ENOENT or
    /// -EPERM).
    PageFault { addr: u64, attempt: i32 },
    /// An exit reason this layer does not know.
    Unknown(u32),
}

/// How the guest goes on after an MMIO or page fault exit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResumeAction {
    Handled,
    Fault,
    Retry,
}

impl ResumeAction {
    fn value(self) -> u8 {
        (match self {
            ResumeAction::Handled => sys::GUNYAH_VCPU_RESUME_HANDLED,
            ResumeAction::Fault => sys::GUNYAH_VCPU_RESUME_FAULT,
            ResumeAction::Retry => sys::GUNYAH_VCPU_RESUME_RETRY,
        }) as u8
    }
}

/// Decode the exit a run page describes.
pub fn decode_exit(run: &sys::gunyah_vcpu_run) -> VcpuExit {
    // SAFETY: the union is read as the member exit_reason names; every
    // member is plain bytes, valid for any value.
    unsafe {
        match run.exit_reason {
            sys::GUNYAH_VCPU_EXIT_MMIO => {
                let m = &run.__bindgen_anon_1.mmio;
                let len = m.len.min(8);
                let mut bytes = [0u8; 8];
                bytes[..len as usize].copy_from_slice(&m.data[..len as usize]);
                VcpuExit::Mmio(MmioAccess {
                    addr: m.phys_addr,
                    len,
                    is_write: m.is_write != 0,
                    data: u64::from_le_bytes(bytes),
                })
            }
            sys::GUNYAH_VCPU_EXIT_STATUS => {
                let s = &run.__bindgen_anon_1.status;
                VcpuExit::Status(VmExitStatus {
                    status: s.status,
                    exit_type: s.exit_info.type_,
                    reason: s.exit_info.reason,
                    reason_size: s.exit_info.reason_size,
                })
            }
            sys::GUNYAH_VCPU_EXIT_PAGE_FAULT => {
                let p = &run.__bindgen_anon_1.page_fault;
                VcpuExit::PageFault {
                    addr: p.phys_addr,
                    attempt: p.attempt,
                }
            }
            other => VcpuExit::Unknown(other),
        }
    }
}

/// A vCPU, from `Vm::add_vcpu()`.
#[derive(Debug)]
pub struct Vcpu {
    file: File,
    page: HostMapping,
    last: Option<VcpuExit>,
}

impl Vcpu {
    pub(crate) fn new(file: File) -> io::Result<Vcpu> {
        let size = ioctl_val(&file, sys::GUNYAH_VCPU_MMAP_SIZE, 0)? as usize;
        if size < size_of::<sys::gunyah_vcpu_run>() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("vCPU mmap size {} is too small", size),
            ));
        }
        let page = HostMapping::new(&file, size)?;
        Ok(Vcpu {
            file,
            page,
            last: None,
        })
    }

    fn run_page(&self) -> *mut sys::gunyah_vcpu_run {
        self.page.as_ptr() as *mut sys::gunyah_vcpu_run
    }

    /// GUNYAH_VCPU_RUN: run until the guest needs the VMM. The first run
    /// starts the VM if it was not started. Fails with EINTR on a signal
    /// or with immediate_exit set.
    pub fn run(&mut self) -> io::Result<VcpuExit> {
        ioctl_val(&self.file, sys::GUNYAH_VCPU_RUN, 0)?;
        // SAFETY: the page is mapped for the life of self; the kernel
        // wrote it before the ioctl returned and does not while no run is
        // in progress. One volatile copy reads every field once.
        let run = unsafe { ptr::read_volatile(self.run_page()) };
        let exit = decode_exit(&run);
        if let VcpuExit::Mmio(m) = exit {
            // Resume normally unless told otherwise; a read returns 0
            // unless set_mmio_read_value() gives a value.
            self.set_resume_action(ResumeAction::Handled);
            if !m.is_write {
                self.write_mmio_data(0);
            }
        }
        self.last = Some(exit);
        Ok(exit)
    }

    fn write_mmio_data(&mut self, value: u64) {
        // SAFETY: the page is mapped and no run is in progress (&mut self).
        unsafe {
            let data = ptr::addr_of_mut!((*self.run_page()).__bindgen_anon_1.mmio.data);
            ptr::write_volatile(data, value.to_le_bytes());
        }
    }

    /// The value the guest's pending MMIO read returns (its low `len`
    /// bytes). `InvalidInput` if the last exit was not an MMIO read.
    pub fn set_mmio_read_value(&mut self, value: u64) -> io::Result<()> {
        match self.last {
            Some(VcpuExit::Mmio(m)) if !m.is_write => {
                self.write_mmio_data(value);
                Ok(())
            }
            _ => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the last exit was not an MMIO read",
            )),
        }
    }

    /// How the guest goes on after the last MMIO or page fault exit.
    pub fn set_resume_action(&mut self, action: ResumeAction) {
        let page = self.run_page();
        // SAFETY: as write_mmio_data().
        unsafe {
            match self.last_exit_reason() {
                sys::GUNYAH_VCPU_EXIT_PAGE_FAULT => ptr::write_volatile(
                    ptr::addr_of_mut!((*page).__bindgen_anon_1.page_fault.resume_action),
                    action.value(),
                ),
                _ => ptr::write_volatile(
                    ptr::addr_of_mut!((*page).__bindgen_anon_1.mmio.resume_action),
                    action.value(),
                ),
            }
        }
    }

    fn last_exit_reason(&self) -> u32 {
        // SAFETY: an aligned u32 of the mapped page.
        unsafe { ptr::read_volatile(ptr::addr_of!((*self.run_page()).exit_reason)) }
    }

    /// Set or clear immediate_exit: while set, runs fail with EINTR at once.
    pub fn set_immediate_exit(&mut self, on: bool) {
        // SAFETY: as write_mmio_data().
        unsafe {
            ptr::write_volatile(
                ptr::addr_of_mut!((*self.run_page()).immediate_exit),
                u8::from(on),
            )
        }
    }
}

impl AsRawFd for Vcpu {
    fn as_raw_fd(&self) -> RawFd {
        self.file.as_raw_fd()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zeroed() -> sys::gunyah_vcpu_run {
        // SAFETY: the run page is plain integers and arrays: all-zero bytes
        // are a valid value (exit UNKNOWN).
        unsafe { std::mem::zeroed() }
    }

    #[test]
    fn decodes_an_mmio_write() {
        let mut run = zeroed();
        run.exit_reason = sys::GUNYAH_VCPU_EXIT_MMIO;
        run.__bindgen_anon_1.mmio = sys::gunyah_vcpu_run__bindgen_ty_1__bindgen_ty_1 {
            phys_addr: 0x0900_0000,
            data: [0x34, 0x12, 0xff, 0xff, 0, 0, 0, 0],
            len: 2,
            is_write: 1,
            resume_action: 0,
            padding: [0; 2],
        };
        assert_eq!(
            decode_exit(&run),
            VcpuExit::Mmio(MmioAccess {
                addr: 0x0900_0000,
                len: 2,
                is_write: true,
                data: 0x1234,
            })
        );
    }

    #[test]
    fn decodes_status_page_fault_and_unknown() {
        let mut run = zeroed();
        assert_eq!(decode_exit(&run), VcpuExit::Unknown(0));

        run.exit_reason = sys::GUNYAH_VCPU_EXIT_STATUS;
        run.__bindgen_anon_1.status.status = sys::GUNYAH_VM_STATUS_EXITED;
        run.__bindgen_anon_1.status.exit_info.type_ = sys::GUNYAH_VM_EXIT_TYPE_PSCI_POWER_OFF as u16;
        match decode_exit(&run) {
            VcpuExit::Status(s) => assert!(s.is_power_off()),
            other => panic!("{:?}", other),
        }

        run.exit_reason = sys::GUNYAH_VCPU_EXIT_PAGE_FAULT;
        run.__bindgen_anon_1.page_fault.phys_addr = 0x1000;
        run.__bindgen_anon_1.page_fault.attempt = -2;
        assert_eq!(
            decode_exit(&run),
            VcpuExit::PageFault {
                addr: 0x1000,
                attempt: -2
            }
        );
    }

    #[test]
    fn a_vcpu_of_another_file_fails_with_enotty() {
        let e = Vcpu::new(File::open("/dev/null").unwrap()).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(25));
    }
}
