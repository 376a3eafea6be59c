// SPDX-License-Identifier: GPL-2.0-only
//! Guest programs for the simulator (format: gunyah_guest_prog.h, through
//! the generated `guest_prog_bindings.rs`).

#[allow(non_camel_case_types, non_upper_case_globals, dead_code)]
#[allow(clippy::all)]
mod bindings {
    include!("guest_prog_bindings.rs");
}

pub use bindings::*;

/// A program under construction, linked at `base`.
pub struct Program {
    base: u64,
    insns: Vec<[u8; GUNYAH_GUEST_INSN_SIZE as usize]>,
}

impl Program {
    pub fn new(base: u64) -> Program {
        Program {
            base,
            insns: Vec::new(),
        }
    }

    /// Append one instruction (struct gunyah_guest_insn, little endian).
    pub fn emit(&mut self, op: gunyah_guest_op, size: u8, ra: u8, rb: u8, imm64: u64) {
        let mut insn = [0u8; GUNYAH_GUEST_INSN_SIZE as usize];
        insn[0] = op as u8;
        insn[1] = size;
        insn[2] = ra;
        insn[3] = rb;
        // imm32 (bytes 4..8) is reserved: 0.
        insn[8..].copy_from_slice(&imm64.to_le_bytes());
        self.insns.push(insn);
    }

    /// Guest address of the next instruction.
    pub fn here(&self) -> u64 {
        self.base + self.insns.len() as u64 * u64::from(GUNYAH_GUEST_INSN_SIZE)
    }

    /// Set the immediate of the instruction at guest address @at (a
    /// forward branch, once its target is known).
    pub fn patch_imm(&mut self, at: u64, imm64: u64) {
        let i = ((at - self.base) / u64::from(GUNYAH_GUEST_INSN_SIZE)) as usize;
        self.insns[i][8..].copy_from_slice(&imm64.to_le_bytes());
    }

    pub fn bytes(&self) -> Vec<u8> {
        self.insns.concat()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::size_of;

    #[test]
    fn instructions_have_the_c_layout() {
        assert_eq!(
            size_of::<gunyah_guest_insn>(),
            GUNYAH_GUEST_INSN_SIZE as usize
        );
        let mut p = Program::new(0x8001_0000);
        p.emit(GUNYAH_GUEST_OP_STORE, 4, 1, 2, 0x0102_0304_0506_0708);
        assert_eq!(p.here(), 0x8001_0010);
        assert_eq!(
            p.bytes(),
            [9, 4, 1, 2, 0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1].to_vec()
        );
    }
}
