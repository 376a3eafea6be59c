# SPDX-License-Identifier: GPL-2.0-only
# Common settings for the build scripts. Sourced, never executed.
#
# Everything heavy (kernel sources, kernel builds, ccache) lives in one cache
# directory outside the repository so that a fresh clone reuses it.

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${GUNYAH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gunyah-driver}
SRC_DIR=$CACHE/src
BUILD_DIR=$CACHE/build
JOBS=${JOBS:-$(nproc)}

# Kernel source packages from Debian's archive: primary and compatibility.
KVER_PRIMARY=6.12
KVER_COMPAT=6.1

export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
export CCACHE_BASEDIR=$CACHE
export CCACHE_NOHASHDIR=1
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}

# Debian's python3 (the one that sees python3-* packages), for kunit.py.
PYTHON=/usr/bin/python3

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ksrc VERSION: the extracted source tree of linux-source-VERSION
ksrc() { echo "$SRC_DIR/linux-$1"; }

# Tree names: ARCH-VERSION[+VARIANT], e.g. x86_64-6.12 or x86_64-6.12+perf.
# Maps to make's ARCH and CC; the variant only changes the configuration.
tree_arch() { echo "${1%-*}"; }
tree_kver() {
	local t=${1%%+*}
	echo "${t##*-}"
}
tree_obj() { echo "$BUILD_DIR/$1"; }
# Per-checkout scratch directories (module staging, e2e initramfs) get this
# suffix, so that several checkouts can share one cache without clashing.
STAGE_SUFFIX=${GUNYAH_STAGE:+-$GUNYAH_STAGE}

# kmake TREE ARGS...: run make in the kernel tree TREE with its object dir.
kmake() {
	local tree=$1
	shift
	local arch cross=()
	arch=$(tree_arch "$tree")
	case $arch in
	x86_64) ;;
	arm64) cross=(CROSS_COMPILE=aarch64-linux-gnu-) ;;
	*) die "unknown arch $arch" ;;
	esac
	local cc=gcc
	[ "$arch" = arm64 ] && cc=aarch64-linux-gnu-gcc
	make -s -C "$(ksrc "$(tree_kver "$tree")")" O="$(tree_obj "$tree")" \
		ARCH="$arch" "${cross[@]}" CC="ccache $cc" HOSTCC="ccache gcc" \
		-j"$JOBS" "$@"
}
