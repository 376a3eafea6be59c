// SPDX-License-Identifier: GPL-2.0-only
//! A VM file descriptor: memory, boot configuration, start, and functions
//! (vCPUs, irqfds, ioeventfds).

use crate::eventfd::EventFd;
use crate::ioctl::{ioctl_ref, ioctl_val};
use crate::mem::GuestMem;
use crate::vcpu::Vcpu;
use gunyah_bindings as sys;
use std::fs::File;
use std::io;
use std::mem::size_of;
use std::os::raw::c_int;
use std::os::unix::io::{AsRawFd, FromRawFd, RawFd};

/// Registers of the boot vCPU (GUNYAH_VM_SET_BOOT_CONTEXT).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BootReg {
    /// X0 to X30
    X(u32),
    Pc,
    Sp,
}

impl BootReg {
    /// The encoding of struct gunyah_vm_boot_context.reg.
    pub fn encode(self) -> u32 {
        let (set, index) = match self {
            BootReg::X(i) => (sys::GUNYAH_VM_BOOT_CONTEXT_REG_SET_X, i),
            BootReg::Pc => (sys::GUNYAH_VM_BOOT_CONTEXT_REG_SET_PC, 0),
            BootReg::Sp => (sys::GUNYAH_VM_BOOT_CONTEXT_REG_SET_SP, 0),
        };
        (set << sys::GUNYAH_VM_BOOT_CONTEXT_REG_SHIFT) | index
    }
}

/// Which writes an ioeventfd takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IoEventAddr {
    /// Guest address of the register.
    pub addr: u64,
    /// Access size: 1, 2, 4 or 8, or 0 for any size.
    pub len: u32,
    /// Only writes of this value (not with `len` 0).
    pub datamatch: Option<u64>,
}

/// A VM, from `Gunyah::create_vm()`. Closing it (dropping the last of it
/// and its vCPUs) tears the VM down.
#[derive(Debug)]
pub struct Vm {
    file: File,
}

impl Vm {
    pub(crate) fn new(file: File) -> Vm {
        Vm { file }
    }

    /// GUNYAH_VM_MAP_MEM: give @size bytes of @mem from @offset to the VM
    /// at @guest_addr. @flags: one GUNYAH_MEM_* access value (0 lends) and
    /// the GUNYAH_MEM_ALLOW_* rights.
    pub fn map_mem(
        &self,
        guest_addr: u64,
        flags: u32,
        mem: &GuestMem,
        offset: u64,
        size: u64,
    ) -> io::Result<()> {
        let fd = mem.as_raw_fd();
        let args = sys::gunyah_map_mem_args {
            guest_addr,
            flags,
            guest_mem_fd: fd as u32,
            offset,
            size,
        };
        ioctl_ref(&self.file, sys::GUNYAH_VM_MAP_MEM, &args).map(drop)
    }

    /// GUNYAH_VM_MAP_MEM with GUNYAH_MEM_UNMAP: take a mapping back; the
    /// arguments must name it exactly.
    pub fn unmap_mem(
        &self,
        guest_addr: u64,
        mem: &GuestMem,
        offset: u64,
        size: u64,
    ) -> io::Result<()> {
        self.map_mem(guest_addr, sys::GUNYAH_MEM_UNMAP, mem, offset, size)
    }

    /// GUNYAH_VM_SET_DTB_CONFIG.
    pub fn set_dtb_config(&self, guest_addr: u64, size: u64) -> io::Result<()> {
        let cfg = sys::gunyah_vm_dtb_config {
            guest_phys_addr: guest_addr,
            size,
        };
        ioctl_ref(&self.file, sys::GUNYAH_VM_SET_DTB_CONFIG, &cfg).map(drop)
    }

    /// GUNYAH_VM_SET_BOOT_CONTEXT: one register of the boot vCPU.
    pub fn set_boot_reg(&self, reg: BootReg, value: u64) -> io::Result<()> {
        let ctx = sys::gunyah_vm_boot_context {
            reg: reg.encode(),
            reserved: 0,
            value,
        };
        ioctl_ref(&self.file, sys::GUNYAH_VM_SET_BOOT_CONTEXT, &ctx).map(drop)
    }

    /// GUNYAH_VM_START. The first run of a vCPU starts the VM as well.
    pub fn start(&self) -> io::Result<()> {
        ioctl_val(&self.file, sys::GUNYAH_VM_START, 0).map(drop)
    }

    fn function<T>(&self, cmd: sys::gunyah_ioctl, fn_type: u32, arg: &T) -> io::Result<c_int> {
        let desc = sys::gunyah_fn_desc {
            type_: fn_type,
            arg_size: size_of::<T>() as u32,
            arg: arg as *const T as u64,
        };
        ioctl_ref(&self.file, cmd, &desc)
    }

    /// GUNYAH_VM_ADD_FUNCTION of a vCPU, with its run page mapped.
    pub fn add_vcpu(&self, id: u32) -> io::Result<Vcpu> {
        let arg = sys::gunyah_fn_vcpu_arg { id };
        let fd = self.function(sys::GUNYAH_VM_ADD_FUNCTION, sys::GUNYAH_FN_VCPU, &arg)?;
        // SAFETY: the ioctl returned a new file descriptor we own.
        Vcpu::new(unsafe { File::from_raw_fd(fd) })
    }

    fn irqfd_arg(efd: &EventFd, label: u32, level: bool) -> sys::gunyah_fn_irqfd_arg {
        sys::gunyah_fn_irqfd_arg {
            fd: efd.as_raw_fd() as u32,
            label,
            flags: if level {
                sys::GUNYAH_IRQFD_FLAGS_LEVEL
            } else {
                0
            },
            padding: 0,
        }
    }

    /// GUNYAH_VM_ADD_FUNCTION of an irqfd: a signal of @efd rings the
    /// doorbell with @label of the VM's device tree.
    pub fn add_irqfd(&self, efd: &EventFd, label: u32, level: bool) -> io::Result<()> {
        let arg = Self::irqfd_arg(efd, label, level);
        self.function(sys::GUNYAH_VM_ADD_FUNCTION, sys::GUNYAH_FN_IRQFD, &arg)
            .map(drop)
    }

    /// GUNYAH_VM_REMOVE_FUNCTION of the irqfd with @label.
    pub fn remove_irqfd(&self, efd: &EventFd, label: u32) -> io::Result<()> {
        let arg = Self::irqfd_arg(efd, label, false);
        self.function(sys::GUNYAH_VM_REMOVE_FUNCTION, sys::GUNYAH_FN_IRQFD, &arg)
            .map(drop)
    }

    fn ioeventfd_arg(efd: &EventFd, io: IoEventAddr) -> sys::gunyah_fn_ioeventfd_arg {
        sys::gunyah_fn_ioeventfd_arg {
            datamatch: io.datamatch.unwrap_or(0),
            addr: io.addr,
            len: io.len,
            fd: efd.as_raw_fd(),
            flags: if io.datamatch.is_some() {
                sys::GUNYAH_IOEVENTFD_FLAGS_DATAMATCH
            } else {
                0
            },
            padding: 0,
        }
    }

    /// GUNYAH_VM_ADD_FUNCTION of an ioeventfd: guest writes that match
    /// @io signal @efd in the kernel instead of exiting to the VMM.
    pub fn add_ioeventfd(&self, efd: &EventFd, io: IoEventAddr) -> io::Result<()> {
        let arg = Self::ioeventfd_arg(efd, io);
        self.function(sys::GUNYAH_VM_ADD_FUNCTION, sys::GUNYAH_FN_IOEVENTFD, &arg)
            .map(drop)
    }

    /// GUNYAH_VM_REMOVE_FUNCTION of the ioeventfd matching @io.
    pub fn remove_ioeventfd(&self, efd: &EventFd, io: IoEventAddr) -> io::Result<()> {
        let arg = Self::ioeventfd_arg(efd, io);
        self.function(sys::GUNYAH_VM_REMOVE_FUNCTION, sys::GUNYAH_FN_IOEVENTFD, &arg)
            .map(drop)
    }
}

impl AsRawFd for Vm {
    fn as_raw_fd(&self) -> RawFd {
        self.file.as_raw_fd()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boot_registers_encode_as_the_uapi_macro() {
        assert_eq!(BootReg::X(0).encode(), 0);
        assert_eq!(BootReg::X(30).encode(), 30);
        assert_eq!(BootReg::Pc.encode(), 0x100);
        assert_eq!(BootReg::Sp.encode(), 0x200);
    }

    #[test]
    fn vm_ioctls_on_another_file_fail_with_enotty() {
        let vm = Vm::new(File::open("/dev/null").unwrap());
        let e = vm.set_dtb_config(0x8000_1000, 0x1000).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(25));
        assert_eq!(vm.start().unwrap_err().raw_os_error(), Some(25));
        let efd = EventFd::new().unwrap();
        let io = IoEventAddr {
            addr: 0x100,
            len: 4,
            datamatch: Some(1),
        };
        let e = vm.add_ioeventfd(&efd, io).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(25));
        let arg = Vm::ioeventfd_arg(&efd, io);
        assert_eq!(arg.flags, sys::GUNYAH_IOEVENTFD_FLAGS_DATAMATCH);
        assert_eq!(arg.datamatch, 1);
        assert_eq!(Vm::irqfd_arg(&efd, 3, true).flags, sys::GUNYAH_IRQFD_FLAGS_LEVEL);
    }
}
