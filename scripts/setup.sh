#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Install every build and test dependency from Debian's archive and unpack
# the kernel sources into the cache. Idempotent: a second run does nothing
# that is already done.
. "$(dirname "$0")/lib.sh"

PACKAGES=(
	build-essential bc bison flex cpio kmod dwarves rsync
	libelf-dev libssl-dev ccache
	gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	sparse coccinelle ocaml-nox
	qemu-system-x86 busybox-static
	bindgen file
	"linux-source-$KVER_PRIMARY" "linux-source-$KVER_COMPAT"
)
# Rust (rust-shim/): Debian's toolchain, unless one is on PATH already
# (rustup's, for example). rustc 1.63 is enough; rustfmt formats bindgen's
# output the same in every version.
command -v cargo >/dev/null || PACKAGES+=(cargo rustc)
command -v rustfmt >/dev/null || PACKAGES+=(rustfmt)

missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
	sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	log "installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get -o DPkg::Lock::Timeout=900 update -q
	$sudo apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends "${missing[@]}"
else
	log "all packages present"
fi

# Unpack each kernel source once per package version.
mkdir -p "$SRC_DIR" "$BUILD_DIR" "$CCACHE_DIR"
for v in "$KVER_PRIMARY" "$KVER_COMPAT"; do
	ver=$(dpkg-query -W -f='${Version}' "linux-source-$v")
	dst=$(ksrc "$v")
	if [ "$(cat "$dst/.gunyah-pkg-version" 2>/dev/null)" != "$ver" ]; then
		log "unpacking linux-source-$v ($ver)"
		rm -rf "$dst" "$dst.tmp"
		mkdir -p "$dst.tmp"
		tar -xaf "/usr/src/linux-source-$v.tar.xz" -C "$dst.tmp" --strip-components=1
		echo "$ver" >"$dst.tmp/.gunyah-pkg-version"
		mv "$dst.tmp" "$dst"
	fi
done

log "kernel sources: $(cat "$(ksrc "$KVER_PRIMARY")/.gunyah-pkg-version") and $(cat "$(ksrc "$KVER_COMPAT")/.gunyah-pkg-version")"
