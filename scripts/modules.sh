#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# modules.sh TREE [MAKE ARGS...]
#
# Build the driver modules against kernel tree TREE (building the kernel
# first if needed) with W=1 and warnings as errors. Kbuild of 6.12 and
# older writes objects next to the sources of an external module, so the
# sources are mirrored into a per-tree staging directory: builds for
# different trees never share objects and the checkout stays clean.
# Extra arguments go to make (e.g. C=2 for sparse).
#
# Environment: GUNYAH_EXTRA_MODULES names further module directories of the
# repository to build the same way (the e2e test modules, the gate
# self-test's fixture module); GUNYAH_EXTRA_CONFIG adds CONFIG_*=m settings
# for them.
. "$(dirname "$0")/lib.sh"

tree=${1:?usage: modules.sh TREE [MAKE ARGS...]}
shift
"$REPO/scripts/kernel.sh" "$tree" build

stage=$(tree_obj "$tree")-ext$STAGE_SUFFIX
mirror() {
	mkdir -p "$stage/$1"
	rsync -a --delete \
		--include='*/' --include='*.[ch]' --include='Makefile' \
		--include='Kbuild' --include='Kconfig' --include='*.mk' --exclude='*' \
		"$REPO/$1/" "$stage/$1/"
}
mirror include
mirror drivers/virt/gunyah
mirror rust-shim

# The driver, then the C ABI shim for in-kernel Rust (gunyah_rust_shim.ko).
dirs=(drivers/virt/gunyah rust-shim)
for d in ${GUNYAH_EXTRA_MODULES:-}; do
	mirror "$d"
	dirs+=("$d")
done

out=$REPO/out/$tree
mkdir -p "$out"
rm -f "$out"/*.ko
# The driver is built first; the modules of the other directories link
# against its symbols.
symvers=
for d in "${dirs[@]}"; do
	log "modules: $d for $tree"
	kmake "$tree" M="$stage/$d" W=1 KCFLAGS=-Werror \
		CONFIG_GUNYAH=m CONFIG_GUNYAH_SIM=m ${GUNYAH_EXTRA_CONFIG:-} \
		${symvers:+KBUILD_EXTRA_SYMBOLS="$symvers"} "$@" modules
	find "$stage/$d" -name '*.ko' -exec cp {} "$out/" \;
	symvers=$stage/drivers/virt/gunyah/Module.symvers
done
log "modules in out/$tree: $(cd "$out" && echo *.ko)"
