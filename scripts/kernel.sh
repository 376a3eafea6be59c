#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# kernel.sh TREE [configure|build]
#
# Configure (allnoconfig plus our fragments) and build the kernel tree TREE,
# one of x86_64-6.12 (the e2e test kernel, with every checker),
# x86_64-6.12+perf (the same kernel without the checkers, for benchmarks),
# arm64-6.12, x86_64-6.1, arm64-6.1. Each step runs only when its inputs changed; the build is
# incremental and goes through ccache.
. "$(dirname "$0")/lib.sh"

tree=${1:?usage: kernel.sh TREE [configure|build]}
action=${2:-build}
arch=$(tree_arch "$tree")
kver=$(tree_kver "$tree")
obj=$(tree_obj "$tree")
src=$(ksrc "$kver")
[ -d "$src" ] || die "$src missing: run 'make setup' first"

frags=("$REPO/scripts/kconfig/common.config" "$REPO/scripts/kconfig/$arch.config")
case $tree in
"x86_64-$KVER_PRIMARY")
	frags+=("$REPO/scripts/kconfig/e2e.config" "$REPO/scripts/kconfig/debug.config") ;;
"x86_64-$KVER_PRIMARY+perf")
	frags+=("$REPO/scripts/kconfig/e2e.config") ;;
esac

case $arch in
x86_64) image=bzImage ;;
arm64) image=Image ;;
esac

# What the configuration depends on: the fragments and the source version.
want=$(cat "${frags[@]}" "$src/.gunyah-pkg-version" | sha256sum | cut -c1-16)

configure() {
	[ "$(cat "$obj/.gunyah-config" 2>/dev/null)" = "$want" ] && return 0
	log "configuring $tree"
	mkdir -p "$obj"
	rm -f "$obj/.gunyah-config" "$obj/.gunyah-built"
	grep -h '^CONFIG_' "${frags[@]}" >"$obj/gunyah.config"
	kmake "$tree" KCONFIG_ALLCONFIG="$obj/gunyah.config" allnoconfig
	# Kconfig drops options whose dependencies are unmet: insist on each.
	local bad=0 line
	while read -r line; do
		grep -qx "$line" "$obj/.config" || { echo "missing from .config: $line" >&2; bad=1; }
	done <"$obj/gunyah.config"
	[ $bad -eq 0 ] || die "$tree: configuration incomplete"
	echo "$want" >"$obj/.gunyah-config"
}

build() {
	configure
	[ "$(cat "$obj/.gunyah-built" 2>/dev/null)" = "$want" ] && return 0
	log "building $tree kernel"
	kmake "$tree" "$image" modules
	echo "$want" >"$obj/.gunyah-built"
}

case $action in
configure) configure ;;
build) build ;;
*) die "unknown action $action" ;;
esac
