// SPDX-License-Identifier: GPL-2.0-only
//! A VMM in Rust on the `gunyah` safe layer: it runs one guest program on
//! the simulator's guest model (gunyah_sim.ko) and reports each step as a
//! kselftest (TAP) result, so that the e2e suite counts it next to the C
//! selftests (vm_test.sh runs it at both RM protocol levels).
//!
//! The guest prints a message on a console (1-byte MMIO writes), writes
//! once to the ioeventfd register (handled in the kernel: the VMM's helper
//! thread sees the eventfd), waits for an interrupt (WFI) that the helper
//! sends through the irqfd, reads an ID register the VMM answers, writes
//! the ID + 1 back, and powers off (PSCI SYSTEM_OFF).
//!
//! Usage: gunyah-vmm-example [DEVICE], DEVICE defaulting to /dev/gunyah.
//! GUNYAH_SIM_PROTOCOL=oss|full, if set, is the protocol level expected.

mod fdt;
mod program;

use gunyah::sys;
use gunyah::{BootReg, EventFd, Gunyah, IoEventAddr, Vcpu, VcpuExit, Vm, VmExitStatus};
use program::*;
use std::io;
use std::process;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/* Guest layout: RAM at 2 GiB with the DTB, the program and its data. */
const RAM_BASE: u64 = 0x8000_0000;
const RAM_SIZE: u64 = 0x10_0000;
const DTB_OFF: u64 = 0x1000;
const DTB_SIZE: u64 = 0x1000;
const PROG_OFF: u64 = 0x1_0000;
const DATA_OFF: u64 = 0x2_0000;

/* Registers in the VMMIO range [0, 1 GiB). */
const CONSOLE: u64 = 0x0900_0000;
const ID_REG: u64 = CONSOLE + 0x10;
const CHECK_REG: u64 = CONSOLE + 0x14;
const IOEVENT_REG: u64 = CONSOLE + 0x100;

const BELL_LABEL: u32 = 5;
const ID_VALUE: u64 = 0x6775_6e79; // "guny"
const MESSAGE: &str = "Hello from a Rust VMM's guest!\n";
const TIMEOUT: Duration = Duration::from_secs(20);

/// The guest: see the crate documentation.
fn guest_program() -> Program {
    const R_VAL: u8 = 1;
    const R_MMIO: u8 = 2;
    const R_PTR: u8 = 3;
    const R_ZERO: u8 = 5;
    const R_IOEV: u8 = 6;
    let mut p = Program::new(RAM_BASE + PROG_OFF);

    p.emit(GUNYAH_GUEST_OP_MOVI, 0, R_MMIO, 0, CONSOLE);
    p.emit(GUNYAH_GUEST_OP_MOVI, 0, R_PTR, 0, RAM_BASE + DATA_OFF);
    p.emit(GUNYAH_GUEST_OP_MOVI, 0, R_ZERO, 0, 0);
    let next_byte = p.here();
    p.emit(GUNYAH_GUEST_OP_LOAD, 1, R_VAL, R_PTR, 0);
    let branch_to_done = p.here();
    p.emit(GUNYAH_GUEST_OP_BEQ, 0, R_VAL, R_ZERO, 0); // patched below
    p.emit(GUNYAH_GUEST_OP_STORE, 1, R_VAL, R_MMIO, 0);
    p.emit(GUNYAH_GUEST_OP_ADDI, 0, R_PTR, 0, 1);
    p.emit(GUNYAH_GUEST_OP_JMP, 0, 0, 0, next_byte);
    let done = p.here();
    p.emit(GUNYAH_GUEST_OP_MOVI, 0, R_IOEV, 0, IOEVENT_REG);
    p.emit(GUNYAH_GUEST_OP_MOVI, 0, R_VAL, 0, 1);
    p.emit(GUNYAH_GUEST_OP_STORE, 4, R_VAL, R_IOEV, 0);
    p.emit(GUNYAH_GUEST_OP_WFI, 0, 0, 0, 0);
    p.emit(GUNYAH_GUEST_OP_LOAD, 4, R_VAL, R_MMIO, ID_REG - CONSOLE);
    p.emit(GUNYAH_GUEST_OP_ADDI, 0, R_VAL, 0, 1);
    p.emit(GUNYAH_GUEST_OP_STORE, 4, R_VAL, R_MMIO, CHECK_REG - CONSOLE);
    p.emit(GUNYAH_GUEST_OP_SYSTEM_OFF, 0, 0, 0, 0);
    p.patch_imm(branch_to_done, done);
    p
}

/// kselftest output: "ok N name" or "not ok N name # reason".
struct Tap {
    n: u32,
    failed: u32,
}

impl Tap {
    const PLAN: u32 = 10;

    fn new() -> Tap {
        println!("TAP version 13");
        println!("1..{}", Self::PLAN);
        Tap { n: 0, failed: 0 }
    }

    fn result(&mut self, name: &str, res: Result<(), String>) -> bool {
        self.n += 1;
        match res {
            Ok(()) => println!("ok {} {}", self.n, name),
            Err(e) => {
                println!("not ok {} {} # {}", self.n, name, e);
                self.failed += 1;
            }
        }
        self.failed == 0
    }

    /// A step the rest depends on: on failure, stop here.
    fn require<T>(&mut self, name: &str, res: Result<T, String>) -> T {
        match res {
            Ok(v) => {
                self.result(name, Ok(()));
                v
            }
            Err(e) => {
                self.result(name, Err(e));
                self.bail_out("cannot go on")
            }
        }
    }

    fn bail_out(&self, why: &str) -> ! {
        println!("Bail out! {}", why);
        process::exit(1);
    }
}

fn err(what: &str, e: io::Error) -> String {
    format!("{}: {}", what, e)
}

/// Step 1: the device, with a Resource Manager bound.
fn open_device(path: &str) -> Result<Gunyah, String> {
    let dev = Gunyah::open_path(path).map_err(|e| err(path, e))?;
    let caps = dev.capabilities().map_err(|e| err("QUERY_CAPS", e))?;
    println!(
        "# capabilities {:#x}, RM protocol {}",
        caps.features,
        caps.protocol_name()
    );
    if !caps.has(sys::GUNYAH_CAP_VM | sys::GUNYAH_CAP_GUEST_MEM) {
        return Err(format!("no VMs or guest memory (features {:#x})", caps.features));
    }
    if let Ok(want) = std::env::var("GUNYAH_SIM_PROTOCOL") {
        if want != caps.protocol_name() {
            return Err(format!("protocol {} instead of {}", caps.protocol_name(), want));
        }
    }
    Ok(dev)
}

/// Steps 2 and 3: guest RAM loaded, then given to a new VM.
fn create_vm(dev: &Gunyah) -> Result<(Vm, gunyah::GuestMem), String> {
    let mem = dev
        .create_guest_mem(RAM_SIZE, 0)
        .map_err(|e| err("CREATE_GUEST_MEM", e))?;
    {
        // Loaded through a host mapping that is gone before the memory is
        // lent to the VM.
        let mut ram = mem.map_host().map_err(|e| err("mmap", e))?;
        let dtb = fdt::vm_config(RAM_BASE, BELL_LABEL);
        ram.write_at(DTB_OFF as usize, &dtb).map_err(|e| err("DTB", e))?;
        ram.write_at(PROG_OFF as usize, &guest_program().bytes())
            .map_err(|e| err("program", e))?;
        let mut msg = MESSAGE.as_bytes().to_vec();
        msg.push(0);
        ram.write_at(DATA_OFF as usize, &msg).map_err(|e| err("data", e))?;
    }
    let vm = dev.create_vm().map_err(|e| err("CREATE_VM", e))?;
    Ok((vm, mem))
}

fn configure_vm(vm: &Vm, mem: &gunyah::GuestMem) -> Result<(), String> {
    vm.map_mem(RAM_BASE, sys::GUNYAH_MEM_ALLOW_RWX, mem, 0, RAM_SIZE)
        .map_err(|e| err("MAP_MEM", e))?;
    vm.set_dtb_config(RAM_BASE + DTB_OFF, DTB_SIZE)
        .map_err(|e| err("SET_DTB_CONFIG", e))?;
    vm.set_boot_reg(BootReg::Pc, RAM_BASE + PROG_OFF)
        .map_err(|e| err("SET_BOOT_CONTEXT", e))
}

const IOEVENT: IoEventAddr = IoEventAddr {
    addr: IOEVENT_REG,
    len: 4,
    datamatch: None,
};

/// What the vCPU loop saw.
#[derive(Default)]
struct Seen {
    console: Vec<u8>,
    id_reads: u32,
    check: Option<u64>,
    unexpected: Vec<String>,
}

/// Run vCPU 0 until the VM stops.
fn run_vcpu(vcpu: &mut Vcpu, seen: &mut Seen) -> Result<VmExitStatus, String> {
    loop {
        let exit = match vcpu.run() {
            Ok(exit) => exit,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(err("VCPU_RUN", e)),
        };
        match exit {
            VcpuExit::Mmio(m) if m.is_write && m.addr == CONSOLE && m.len == 1 => {
                seen.console.push(m.data as u8);
                if m.data as u8 == b'\n' {
                    let line = String::from_utf8_lossy(&seen.console);
                    println!("# guest: {}", line.lines().last().unwrap_or(""));
                }
            }
            VcpuExit::Mmio(m) if !m.is_write && m.addr == ID_REG => {
                seen.id_reads += 1;
                vcpu.set_mmio_read_value(ID_VALUE)
                    .map_err(|e| err("MMIO read", e))?;
            }
            VcpuExit::Mmio(m) if m.is_write && m.addr == CHECK_REG => seen.check = Some(m.data),
            VcpuExit::Mmio(m) => seen.unexpected.push(format!("{:?}", m)),
            VcpuExit::Status(s) => return Ok(s),
            other => return Err(format!("unexpected exit {:?}", other)),
        }
    }
}

/// The helper thread: once the guest's write signals the ioeventfd, ring
/// the guest's doorbell through the irqfd. Returns whether the ioeventfd
/// fired; rings the doorbell after a timeout too, so the guest goes on.
fn notifier(ioev: Arc<EventFd>, irq: Arc<EventFd>) -> thread::JoinHandle<Result<u64, String>> {
    thread::spawn(move || {
        let deadline = Instant::now() + TIMEOUT / 2;
        let res = loop {
            match ioev.read() {
                Ok(n) => break Ok(n),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => break Err(err("ioeventfd read", e)),
            }
            if Instant::now() > deadline {
                break Err("the ioeventfd was not signalled".to_string());
            }
            thread::sleep(Duration::from_millis(1));
        };
        irq.write(1).map_err(|e| err("irqfd write", e))?;
        res
    })
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| Gunyah::PATH.to_string());
    let mut tap = Tap::new();

    // A guest that never powers off must not hang the test run.
    let finished = Arc::new(AtomicBool::new(false));
    {
        let finished = finished.clone();
        thread::spawn(move || {
            let start = Instant::now();
            while start.elapsed() < TIMEOUT {
                if finished.load(Ordering::Acquire) {
                    return;
                }
                thread::sleep(Duration::from_millis(10));
            }
            println!("Bail out! timeout: the guest did not power off");
            process::exit(1);
        });
    }

    let dev = tap.require("open /dev/gunyah, query capabilities", open_device(&path));
    let (vm, mem) = tap.require("guest memory loaded: program, data, DTB", create_vm(&dev));
    tap.require(
        "VM configured: memory, DTB, boot PC",
        configure_vm(&vm, &mem),
    );
    let mut vcpu = tap.require(
        "vCPU 0 added, run page mapped",
        vm.add_vcpu(0).map_err(|e| err("ADD_FUNCTION(VCPU)", e)),
    );
    let ioev = Arc::new(EventFd::new_nonblocking().unwrap_or_else(|_| tap.bail_out("eventfd")));
    let irq = Arc::new(EventFd::new().unwrap_or_else(|_| tap.bail_out("eventfd")));
    tap.require(
        "ioeventfd and irqfd added",
        vm.add_ioeventfd(&ioev, IOEVENT)
            .map_err(|e| err("ADD_FUNCTION(IOEVENTFD)", e))
            .and_then(|_| {
                vm.add_irqfd(&irq, BELL_LABEL, false)
                    .map_err(|e| err("ADD_FUNCTION(IRQFD)", e))
            }),
    );

    let helper = notifier(ioev.clone(), irq.clone());
    let mut seen = Seen::default();
    let status = run_vcpu(&mut vcpu, &mut seen);
    let fired = helper
        .join()
        .unwrap_or_else(|_| Err("the helper thread panicked".to_string()));
    finished.store(true, Ordering::Release);

    let console = String::from_utf8_lossy(&seen.console).into_owned();
    tap.result(
        "console printed the guest's message",
        if console == MESSAGE {
            Ok(())
        } else {
            Err(format!("got {:?}", console))
        },
    );
    tap.result(
        "ioeventfd signalled by the guest's write, in the kernel",
        fired.and_then(|n| {
            if n == 1 {
                Ok(())
            } else {
                Err(format!("count {}", n))
            }
        }),
    );
    tap.result(
        "irqfd woke the guest; it read the ID register and wrote it back + 1",
        match (seen.id_reads, seen.check) {
            (1, Some(v)) if v == ID_VALUE + 1 => Ok(()),
            (reads, check) => Err(format!("{} reads, wrote {:?}", reads, check)),
        },
    );
    tap.result(
        "guest powered off: status exit, PSCI power-off",
        status.and_then(|s| {
            if !seen.unexpected.is_empty() {
                Err(format!("unexpected MMIO {}", seen.unexpected.join(", ")))
            } else if s.is_power_off() {
                Ok(())
            } else {
                Err(format!("{:?}", s))
            }
        }),
    );
    tap.result(
        "ioeventfd and irqfd removed",
        vm.remove_ioeventfd(&ioev, IOEVENT)
            .map_err(|e| err("REMOVE_FUNCTION(IOEVENTFD)", e))
            .and_then(|_| {
                vm.remove_irqfd(&irq, BELL_LABEL)
                    .map_err(|e| err("REMOVE_FUNCTION(IRQFD)", e))
            }),
    );
    assert_eq!(tap.n, Tap::PLAN);
    process::exit(if tap.failed == 0 { 0 } else { 1 });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guest_fits_before_its_data() {
        let p = guest_program();
        assert!(PROG_OFF + (p.bytes().len() as u64) <= DATA_OFF);
        assert!(DATA_OFF + MESSAGE.len() as u64 + 1 <= RAM_SIZE);
        assert!(fdt::vm_config(RAM_BASE, BELL_LABEL).len() as u64 <= DTB_SIZE);
    }

    #[test]
    fn the_branch_to_done_is_patched() {
        let bytes = guest_program().bytes();
        let insn = &bytes[4 * 16..5 * 16];
        assert_eq!(u32::from(insn[0]), GUNYAH_GUEST_OP_BEQ);
        let target = u64::from_le_bytes([
            insn[8], insn[9], insn[10], insn[11], insn[12], insn[13], insn[14], insn[15],
        ]);
        assert_eq!(target, RAM_BASE + PROG_OFF + 8 * 16);
    }

    #[test]
    fn the_mmio_registers_are_in_the_vmmio_range() {
        for r in [CONSOLE, ID_REG, CHECK_REG, IOEVENT_REG] {
            assert!(r < u64::from(GUNYAH_GUEST_VMMIO_SIZE));
        }
    }
}
