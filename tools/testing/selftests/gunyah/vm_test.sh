#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The VM manager end to end, at both RM protocol levels: loads gunyah_sim.ko
# with protocol=oss, then =full, each VM with 16 vCPUs, and runs the
# kselftest programs vm_test, vm_mem_test, vm_user_mem_test, vcpu_test,
# vcpu_fault_test, vcpu_smp_test, ioeventfd_test and irqfd_test against
# it, and the Rust VMM example of rust-shim/ (gunyah-vmm-example, which
# scripts/e2e.sh builds statically and puts next to them). Their TAP output
# is relayed as it is (one plan per program and level); the e2e /init
# counts the "ok N" and "not ok N" lines. Failures of this script itself
# are reported as "not ok 0 <level>.<step>".
#
# The programs live in PROGDIR (../progs next to this script by default),
# where /init does not run them without the simulator.

MODDIR=${MODDIR:-/lib/modules}
PROGDIR=${PROGDIR:-$(dirname "$0")/../progs}
PROGS="vm_test vm_mem_test vm_user_mem_test vcpu_test vcpu_fault_test
       vcpu_smp_test ioeventfd_test irqfd_test gunyah-vmm-example"
VMS=/sys/kernel/debug/gunyah_sim/vms
fail=0

# Waits up to 5 s for the RM to have no VM left.
wait_no_vms() {
	i=0
	while [ -r $VMS ] && grep -q '^vmid=' $VMS; do
		i=$((i + 1))
		[ $i -le 50 ] || return 1
		sleep 0.1
	done
}

# The VM functions; /dev/gunyah would load them on demand through their
# module aliases, but the initramfs has no modprobe database.
insmod "$MODDIR/gunyah_vcpu.ko" || echo "not ok 0 load_gunyah_vcpu"
insmod "$MODDIR/gunyah_ioeventfd.ko" || echo "not ok 0 load_gunyah_ioeventfd"
insmod "$MODDIR/gunyah_irqfd.ko" || echo "not ok 0 load_gunyah_irqfd"

for level in oss full; do
	if ! insmod "$MODDIR/gunyah_sim.ko" protocol=$level vcpus=16; then
		echo "not ok 0 $level.load_simulator"
		fail=1
		continue
	fi
	for prog in $PROGS; do
		echo "# $level: $prog"
		if [ ! -x "$PROGDIR/$prog" ]; then
			echo "not ok 0 $level.$prog # not found in $PROGDIR"
			fail=1
			continue
		fi
		GUNYAH_SIM_PROTOCOL=$level "$PROGDIR/$prog" 2>&1 || fail=1
	done
	if ! wait_no_vms; then
		sed 's/^/# /' $VMS
		echo "not ok 0 $level.vms_left"
		fail=1
	fi
	if ! rmmod gunyah_sim; then
		echo "not ok 0 $level.unload_simulator"
		fail=1
	fi
done
rmmod gunyah_ioeventfd || fail=1
rmmod gunyah_irqfd || fail=1
rmmod gunyah_vcpu || fail=1
exit $fail
