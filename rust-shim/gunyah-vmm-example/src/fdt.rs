// SPDX-License-Identifier: GPL-2.0-only
//! A minimal flattened device tree writer (DTB version 17) for the VM's
//! configuration tree.

const FDT_MAGIC: u32 = 0xd00d_feed;
const FDT_BEGIN_NODE: u32 = 1;
const FDT_END_NODE: u32 = 2;
const FDT_PROP: u32 = 3;
const FDT_END: u32 = 9;
const HEADER_SIZE: usize = 40;
const RSVMAP_SIZE: usize = 16;

#[derive(Default)]
pub struct Fdt {
    strct: Vec<u8>,
    strings: Vec<u8>,
}

impl Fdt {
    pub fn new() -> Fdt {
        Fdt::default()
    }

    fn u32(&mut self, v: u32) {
        self.strct.extend_from_slice(&v.to_be_bytes());
    }

    fn padded(&mut self, data: &[u8]) {
        self.strct.extend_from_slice(data);
        while self.strct.len() % 4 != 0 {
            self.strct.push(0);
        }
    }

    pub fn begin_node(&mut self, name: &str) {
        self.u32(FDT_BEGIN_NODE);
        let mut n = name.as_bytes().to_vec();
        n.push(0);
        self.padded(&n);
    }

    pub fn end_node(&mut self) {
        self.u32(FDT_END_NODE);
    }

    pub fn prop(&mut self, name: &str, value: &[u8]) {
        let nameoff = self.strings.len() as u32;
        self.strings.extend_from_slice(name.as_bytes());
        self.strings.push(0);
        self.u32(FDT_PROP);
        self.u32(value.len() as u32);
        self.u32(nameoff);
        self.padded(value);
    }

    pub fn prop_u32(&mut self, name: &str, v: u32) {
        self.prop(name, &v.to_be_bytes());
    }

    pub fn prop_u64(&mut self, name: &str, v: u64) {
        self.prop(name, &v.to_be_bytes());
    }

    pub fn prop_str(&mut self, name: &str, s: &str) {
        let mut v = s.as_bytes().to_vec();
        v.push(0);
        self.prop(name, &v);
    }

    /// The blob: header, an empty reservation map, structure, strings.
    pub fn finish(mut self) -> Vec<u8> {
        self.u32(FDT_END);
        let off_struct = HEADER_SIZE + RSVMAP_SIZE;
        let off_strings = off_struct + self.strct.len();
        let total = off_strings + self.strings.len();
        let header = [
            FDT_MAGIC,
            total as u32,
            off_struct as u32,
            off_strings as u32,
            HEADER_SIZE as u32, // off_mem_rsvmap
            17,                 // version
            16,                 // last compatible version
            0,                  // boot cpu
            self.strings.len() as u32,
            self.strct.len() as u32,
        ];
        let mut blob = Vec::with_capacity(total);
        for w in header.iter() {
            blob.extend_from_slice(&w.to_be_bytes());
        }
        blob.resize(off_struct, 0);
        blob.extend_from_slice(&self.strct);
        blob.extend_from_slice(&self.strings);
        blob
    }
}

/// The VM's device tree: the memory base of /gunyah-vm-config and one
/// doorbell vdevice with `label`, which the irqfd rings.
pub fn vm_config(ram_base: u64, bell_label: u32) -> Vec<u8> {
    let mut f = Fdt::new();
    f.begin_node("");
    f.begin_node("gunyah-vm-config");
    f.begin_node("memory");
    f.prop_u32("#address-cells", 2);
    f.prop_u32("#size-cells", 2);
    f.prop_u64("base-address", ram_base);
    f.end_node();
    f.begin_node("vdevices");
    f.begin_node("bell");
    f.prop_str("vdevice-type", "doorbell");
    f.prop_u32("qcom,label", bell_label);
    f.prop("peer-default", &[]);
    f.end_node();
    f.end_node();
    f.end_node();
    f.end_node();
    f.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn be32(b: &[u8], off: usize) -> u32 {
        u32::from_be_bytes([b[off], b[off + 1], b[off + 2], b[off + 3]])
    }

    #[test]
    fn header_and_blocks_are_consistent() {
        let blob = vm_config(0x8000_0000, 5);
        assert_eq!(be32(&blob, 0), FDT_MAGIC);
        assert_eq!(be32(&blob, 4) as usize, blob.len());
        let off_struct = be32(&blob, 8) as usize;
        let off_strings = be32(&blob, 12) as usize;
        assert_eq!(off_struct, 56);
        assert_eq!(be32(&blob, 36) as usize, off_strings - off_struct);
        assert_eq!(be32(&blob, off_struct), FDT_BEGIN_NODE);
        assert_eq!(be32(&blob, off_strings - 4), FDT_END);
        let strings = &blob[off_strings..];
        assert!(strings.starts_with(b"#address-cells\0#size-cells\0base-address\0"));
        // The base address, big endian, right after its property header.
        let base = 0x8000_0000u64.to_be_bytes();
        assert!(blob.windows(8).any(|w| w == base));
    }
}
