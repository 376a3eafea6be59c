// SPDX-License-Identifier: GPL-2.0-only
/*
 * The C ABI shim for in-kernel Rust, built into the KUnit kernel for
 * rust_shim_test.c. It lives in rust-shim/ (gunyah_rust_shim.ko outside
 * KUnit), which the KUnit tree does not link in: this file is its object
 * here.
 */
#include "../rust-shim/gunyah_rust_helpers.c"
