// SPDX-License-Identifier: GPL-2.0-only
//! A safe layer over /dev/gunyah, on the generated bindings of
//! `gunyah-bindings`, in the manner of rust-vmm's kvm-ioctls: every call
//! returns `std::io::Result`, with the errno of a failed ioctl as the
//! error (the UAPI header's DOC block lists what each errno means), and
//! every file descriptor is owned and closed on drop.
//!
//! ```no_run
//! use gunyah::{Gunyah, VcpuExit};
//! # fn main() -> std::io::Result<()> {
//! let dev = Gunyah::open()?;
//! let caps = dev.capabilities()?;
//! let vm = dev.create_vm()?;
//! let mem = dev.create_guest_mem(1 << 20, 0)?;
//! // ... load the guest through mem.map_host(), then:
//! vm.map_mem(0x8000_0000, gunyah::sys::GUNYAH_MEM_ALLOW_RWX, &mem, 0, 1 << 20)?;
//! vm.set_dtb_config(0x8000_1000, 0x1000)?;
//! let mut vcpu = vm.add_vcpu(0)?;
//! loop {
//!     match vcpu.run()? {
//!         VcpuExit::Mmio(m) if !m.is_write => vcpu.set_mmio_read_value(0)?,
//!         VcpuExit::Status(s) => break,
//!         _ => {}
//!     }
//! }
//! # let _ = caps; Ok(())
//! # }
//! ```
//!
//! It depends on std alone: the C library calls it makes (ioctl, mmap,
//! munmap, eventfd) are declared in `libc.rs`.

mod device;
mod eventfd;
mod ioctl;
mod libc;
mod mem;
mod vcpu;
mod vm;

pub use device::{Capabilities, Gunyah};
pub use eventfd::EventFd;
pub use mem::{GuestMem, HostMapping};
pub use vcpu::{decode_exit, MmioAccess, ResumeAction, VcpuExit, Vcpu, VmExitStatus};
pub use vm::{BootReg, IoEventAddr, Vm};

/// The generated UAPI bindings: structures, constants, ioctl numbers.
pub use gunyah_bindings as sys;
