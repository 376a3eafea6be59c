#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Prepare the source tree KUnit builds from: a hard-linked copy of the 6.12
# sources with two hooks, the driver and kunit/ directories linked under
# drivers/virt/. The pristine tree stays untouched for the module builds.
. "$(dirname "$0")/lib.sh"

src=$(ksrc "$KVER_PRIMARY")
kt=$SRC_DIR/linux-$KVER_PRIMARY-kunit
[ -d "$src" ] || die "$src missing: run 'make setup' first"

if [ "$(cat "$kt/.gunyah-pkg-version" 2>/dev/null)" != "$(cat "$src/.gunyah-pkg-version")" ]; then
	log "preparing KUnit source tree"
	rm -rf "$kt" "$kt.tmp"
	cp -al "$src" "$kt.tmp"
	# Replace (not edit in place) the two files we hook into, so the
	# hard-linked originals stay pristine.
	for f in drivers/virt/Kconfig drivers/virt/Makefile; do
		cp --remove-destination "$src/$f" "$kt.tmp/$f"
	done
	sed -i 's|^endif$|source "drivers/virt/gunyah/Kconfig"\nsource "drivers/virt/gunyah_kunit/Kconfig"\n\nendif|' \
		"$kt.tmp/drivers/virt/Kconfig"
	grep -q 'gunyah_kunit/Kconfig' "$kt.tmp/drivers/virt/Kconfig" || die "Kconfig hook failed"
	printf 'obj-y\t\t\t\t+= gunyah/ gunyah_kunit/\n' >>"$kt.tmp/drivers/virt/Makefile"
	mv "$kt.tmp" "$kt"
fi

# Point the hooks at this checkout (a fresh clone elsewhere re-points them).
ln -sfn "$REPO/drivers/virt/gunyah" "$kt/drivers/virt/gunyah"
ln -sfn "$REPO/kunit" "$kt/drivers/virt/gunyah_kunit"
echo "$kt"
