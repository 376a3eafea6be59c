#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# rust.sh [all|bindings|test|vmm [DIR]]
#
# The Rust workspace of rust-shim/ (see its README.md):
#  bindings:  regenerate the bindgen bindings of the UAPI and of the C ABI
#             shim into a temporary directory; fail on any difference from
#             the committed files (scripts/bindgen.sh check)
#  test:      cargo test --offline for the whole workspace: bindgen's layout
#             tests, the ioctl numbers against C, the safe layer, the VMM
#             example's guest program and device tree
#  vmm [DIR]: the VMM example statically linked (the e2e initramfs has no C
#             library), checked with file(1); copied to DIR if given
#  all:       bindings, test and vmm (make rust)
#
# Everything is offline: the workspace has no crates.io dependency. Build
# output goes to the cache directory, not the checkout.
. "$(dirname "$0")/lib.sh"

which=${1:-all}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$CACHE/cargo-target}
TARGET=x86_64-unknown-linux-gnu
VMM=gunyah-vmm-example

command -v cargo >/dev/null || die "cargo missing: run 'make setup'"
cargo=(cargo --offline --locked)
manifest=(--manifest-path "$REPO/rust-shim/Cargo.toml")

do_bindings() {
	"$REPO/scripts/bindgen.sh" check
}

do_test() {
	log "cargo test ($(cargo --version))"
	"${cargo[@]}" test "${manifest[@]}" --workspace
}

do_vmm() {
	local dst=${1:-} bin
	log "static build of $VMM"
	RUSTFLAGS="-C target-feature=+crt-static" \
		"${cargo[@]}" build "${manifest[@]}" --release -p "$VMM" \
		--target "$TARGET"
	bin=$CARGO_TARGET_DIR/$TARGET/release/$VMM
	file -L "$bin" | grep -Eq 'statically linked|static-pie linked' ||
		die "$bin is not statically linked: $(file -L "$bin")"
	if [ -n "$dst" ]; then
		mkdir -p "$dst"
		install -m 0755 "$bin" "$dst/$VMM"
	fi
}

case $which in
bindings) do_bindings ;;
test) do_test ;;
vmm) do_vmm "${2:-}" ;;
all)
	do_bindings
	do_test
	do_vmm
	log "rust: bindings identical, tests passed, $VMM static"
	;;
*) die "unknown step $which" ;;
esac
