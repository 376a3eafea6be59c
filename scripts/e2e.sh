#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# e2e.sh [test|demo|bench]
#
# Build the x86_64 6.12 debug test kernel (KASAN, lockdep, kmemleak, UBSAN,
# fault injection; for bench, the same kernel without them), the modules and
# the selftests; pack them with busybox
# into an initramfs; boot it in QEMU and judge the console log. A run fails
# on a failed or missing test, a module that does not load or unload, a
# missing end marker (crash or hang), or any kernel report.
#
# Environment (used by the gate self-test): GUNYAH_EXTRA_MODULES and
# GUNYAH_EXTRA_SELFTESTS name further module and selftest directories;
# GUNYAH_E2E_AUTOLOAD lists the modules /init loads before the selftests
# (default: gunyah.ko). The other modules are there for the selftests to
# load themselves (the simulator, with its parameters).
. "$(dirname "$0")/lib.sh"

mode=${1:-test}
tree=x86_64-$KVER_PRIMARY
[ "$mode" = bench ] && tree=$tree+perf
obj=$(tree_obj "$tree")
work=$BUILD_DIR/e2e-$mode$STAGE_SUFFIX
ksrc=$(ksrc "$KVER_PRIMARY")

# The e2e kernel also gets the KUnit modules that drive the simulator.
GUNYAH_EXTRA_MODULES="kunit ${GUNYAH_EXTRA_MODULES:-}" \
	GUNYAH_EXTRA_CONFIG="CONFIG_GUNYAH_RM_SIM_KUNIT_TEST=m" \
	"$REPO/scripts/modules.sh" "$tree"

rm -rf "$work"
mkdir -p "$work/root"/{bin,dev,etc,lib/modules,proc,sys,tmp,selftests,bench}
root=$work/root

log "building selftests"
for d in tools/testing/selftests/gunyah ${GUNYAH_EXTRA_SELFTESTS:-}; do
	make -s -C "$REPO/$d" KSRC="$ksrc" OUTPUT="$root/selftests"
done

# The Rust VMM example (rust-shim/), statically linked, next to the
# selftest programs that vm_test.sh runs at each RM protocol level.
if [ "$mode" = test ]; then
	"$REPO/scripts/rust.sh" vmm "$root/progs"
fi

# The demo runs the sample VMM (samples/gunyah) with its hello guest.
if [ "$mode" = demo ]; then
	log "building the sample VMM"
	make -s -C "$REPO/samples/gunyah" OUTPUT="$work/samples"
	mkdir -p "$root/demo"
	cp "$work/samples/gunyah_vmm" "$work/samples/hello.img" "$root/demo/"
fi

cp /bin/busybox "$root/bin/busybox"
install -m 0755 "$REPO/scripts/e2e-init.sh" "$root/init"
cp "$REPO/out/$tree"/*.ko "$root/lib/modules/"
# request_module() runs /sbin/modprobe: ours, with the modules' aliases.
mkdir -p "$root/sbin"
install -m 0755 "$REPO/scripts/e2e-modprobe.sh" "$root/sbin/modprobe"
for ko in "$REPO/out/$tree"/*.ko; do
	/sbin/modinfo -F alias "$ko" | sed "s|\$| ${ko##*/}|"
done >"$root/etc/gunyah-aliases"
for m in ${GUNYAH_E2E_AUTOLOAD:-gunyah.ko}; do
	echo "$m"
done >"$root/etc/gunyah-modules"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$work/initramfs.cpio"

# KVM where QEMU can really use it (probed once per machine), TCG otherwise.
accel=tcg
probe=$CACHE/kvm-works
if [ ! -e "$probe" ] && [ -w /dev/kvm ]; then
	if timeout 20 qemu-system-x86_64 -accel kvm -M q35 -cpu host -m 256 -nodefaults \
		-display none -no-reboot -kernel "$obj/arch/x86/boot/bzImage" \
		-append "console=ttyS0 panic=-1" -serial stdio </dev/null 2>&1 |
		grep -q 'Kernel panic'; then
		echo yes >"$probe"
	else
		echo no >"$probe"
	fi
fi
[ "$(cat "$probe" 2>/dev/null)" = yes ] && accel=kvm
cpu=max
[ $accel = kvm ] && cpu=host

# Under TCG the TSC is QEMU's virtual 2 GHz counter, but calibrating it
# against the emulated PIT fails when the host is busy and the kernel then
# falls back to a jiffies clock (4 ms resolution): state the frequency.
# The memory benchmark maps 1 GiB of guest memory twice over.
mem=1G
[ "$mode" = bench ] && mem=3G
log "booting the test kernel ($accel)"
console=$work/console.log
timeout --foreground 900 qemu-system-x86_64 -accel $accel -M q35 -cpu $cpu \
	-smp 2 -m "$mem" -nodefaults -display none -no-reboot -serial stdio \
	-kernel "$obj/arch/x86/boot/bzImage" -initrd "$work/initramfs.cpio" \
	-append "console=ttyS0 panic=-1 printk.time=1 tsc=reliable tsc_early_khz=2000000 gunyah_e2e=$mode" \
	</dev/null >"$console" 2>&1 || true
tr -d '\r' <"$console" >"$console.tmp" && mv "$console.tmp" "$console"

exec "$REPO/scripts/e2e-judge.sh" "$mode" "$console" "$root/selftests"
