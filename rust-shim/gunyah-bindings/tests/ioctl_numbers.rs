// SPDX-License-Identifier: GPL-2.0-only
//! The generated ioctl numbers, checked twice, independently of bindgen:
//! against the values a C program built from the UAPI header prints, and
//! against the `_IOC()` encoding computed here from each argument
//! structure's size.

use gunyah_bindings::*;
use std::collections::BTreeMap;
use std::fs;
use std::mem::size_of;
use std::path::PathBuf;
use std::process::Command;

// <asm-generic/ioctl.h>, which x86_64 and arm64 use.
const IOC_NONE: u32 = 0;
const IOC_WRITE: u32 = 1;
const IOC_READ: u32 = 2;

const fn ioc(dir: u32, ty: u8, nr: u32, size: usize) -> u32 {
    (dir << 30) | ((size as u32) << 16) | ((ty as u32) << 8) | nr
}

const fn io(ty: u8, nr: u32) -> u32 {
    ioc(IOC_NONE, ty, nr, 0)
}

fn iow<T>(ty: u8, nr: u32) -> u32 {
    ioc(IOC_WRITE, ty, nr, size_of::<T>())
}

fn iowr<T>(ty: u8, nr: u32) -> u32 {
    ioc(IOC_READ | IOC_WRITE, ty, nr, size_of::<T>())
}

const G: u8 = GUNYAH_IOCTL_TYPE;
const A: u8 = GUNYAH_ANDROID_IOCTL_TYPE;

/// Every ioctl: its name, the generated constant, and its encoding.
fn ioctls() -> Vec<(&'static str, gunyah_ioctl, u32)> {
    vec![
        ("GUNYAH_CREATE_VM", GUNYAH_CREATE_VM, io(G, 0x0)),
        (
            "GUNYAH_VM_SET_USER_MEM_REGION",
            GUNYAH_VM_SET_USER_MEM_REGION,
            iow::<gunyah_userspace_memory_region>(G, 0x1),
        ),
        (
            "GUNYAH_VM_SET_DTB_CONFIG",
            GUNYAH_VM_SET_DTB_CONFIG,
            iow::<gunyah_vm_dtb_config>(G, 0x2),
        ),
        ("GUNYAH_VM_START", GUNYAH_VM_START, io(G, 0x3)),
        (
            "GUNYAH_VM_ADD_FUNCTION",
            GUNYAH_VM_ADD_FUNCTION,
            iow::<gunyah_fn_desc>(G, 0x4),
        ),
        ("GUNYAH_VCPU_RUN", GUNYAH_VCPU_RUN, io(G, 0x5)),
        ("GUNYAH_VCPU_MMAP_SIZE", GUNYAH_VCPU_MMAP_SIZE, io(G, 0x6)),
        (
            "GUNYAH_VM_REMOVE_FUNCTION",
            GUNYAH_VM_REMOVE_FUNCTION,
            iow::<gunyah_fn_desc>(G, 0x7),
        ),
        (
            "GUNYAH_CREATE_GUEST_MEM",
            GUNYAH_CREATE_GUEST_MEM,
            iow::<gunyah_create_mem_args>(G, 0x8),
        ),
        (
            "GUNYAH_VM_MAP_MEM",
            GUNYAH_VM_MAP_MEM,
            iow::<gunyah_map_mem_args>(G, 0x9),
        ),
        (
            "GUNYAH_VM_SET_BOOT_CONTEXT",
            GUNYAH_VM_SET_BOOT_CONTEXT,
            iow::<gunyah_vm_boot_context>(G, 0xa),
        ),
        (
            "GUNYAH_QUERY_CAPS",
            GUNYAH_QUERY_CAPS,
            iowr::<gunyah_capabilities>(G, 0x40),
        ),
        (
            "GUNYAH_VM_ANDROID_LEND_USER_MEM",
            GUNYAH_VM_ANDROID_LEND_USER_MEM,
            iow::<gunyah_userspace_memory_region>(A, 0x11),
        ),
        (
            "GUNYAH_VM_ANDROID_SET_FW_CONFIG",
            GUNYAH_VM_ANDROID_SET_FW_CONFIG,
            iow::<gunyah_vm_firmware_config>(A, 0x12),
        ),
        (
            "GUNYAH_VM_RECLAIM_REGION",
            GUNYAH_VM_RECLAIM_REGION,
            iow::<gunyah_address_range>(A, 0x13),
        ),
    ]
}

/// The repository's UAPI headers. Cargo tells a test where its package is
/// when it runs it: a test binary built in another checkout of the same
/// sources (a shared target directory) is not rebuilt, and the path
/// compiled into it may no longer exist.
fn uapi_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .join("../../include/uapi")
}

/// The ioctl macros of the header, found as scripts/bindgen.sh finds them.
fn header_ioctl_names() -> Vec<String> {
    let header = fs::read_to_string(uapi_dir().join("linux/gunyah.h")).unwrap();
    let mut names = Vec::new();
    for line in header.lines() {
        let mut words = line.split_whitespace();
        if words.next() != Some("#define") {
            continue;
        }
        if let (Some(name), Some(value)) = (words.next(), words.next()) {
            let is_ioctl = ["_IO(", "_IOR(", "_IOW(", "_IOWR("]
                .iter()
                .any(|m| value.starts_with(m));
            if is_ioctl {
                names.push(name.to_string());
            }
        }
    }
    names
}

#[test]
fn every_ioctl_of_the_header_is_checked() {
    let mut header = header_ioctl_names();
    let mut here: Vec<String> = ioctls().iter().map(|i| i.0.to_string()).collect();
    header.sort();
    here.sort();
    assert!(!header.is_empty());
    assert_eq!(header, here, "add new ioctls to the table of this test");
}

#[test]
fn ioctl_numbers_match_the_ioc_encoding() {
    for (name, value, encoded) in ioctls() {
        assert_eq!(value, encoded, "{}: {:#x} != {:#x}", name, value, encoded);
    }
}

#[test]
fn ioctl_numbers_match_c() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ioctl_numbers");
    fs::create_dir_all(&dir).unwrap();
    let mut src = String::from("#include <stdio.h>\n#include <linux/gunyah.h>\n");
    src.push_str("int main(void)\n{\n");
    for name in header_ioctl_names() {
        src.push_str(&format!(
            "\tprintf(\"%s %lu\\n\", \"{0}\", (unsigned long)({0}));\n",
            name
        ));
    }
    src.push_str("\treturn 0;\n}\n");
    let c_file = dir.join("ioctl_numbers.c");
    let exe = dir.join("ioctl_numbers");
    fs::write(&c_file, src).unwrap();

    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let status = Command::new(&cc)
        .arg("-Wall")
        .arg("-Werror")
        .arg("-I")
        .arg(uapi_dir())
        .arg("-o")
        .arg(&exe)
        .arg(&c_file)
        .status()
        .unwrap_or_else(|e| panic!("cannot run {}: {}", cc, e));
    assert!(status.success(), "{} failed on {}", cc, c_file.display());
    let out = Command::new(&exe).output().unwrap();
    assert!(out.status.success());

    let mut c_values = BTreeMap::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let mut f = line.split(' ');
        let name = f.next().unwrap().to_string();
        let value: u64 = f.next().unwrap().parse().unwrap();
        c_values.insert(name, value);
    }
    let table = ioctls();
    assert_eq!(c_values.len(), table.len());
    for (name, value, _) in table {
        assert_eq!(
            c_values.get(name).copied(),
            Some(value as u64),
            "{}: C and Rust disagree",
            name
        );
    }
}
