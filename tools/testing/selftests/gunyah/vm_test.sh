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
# are reported as "not ok 0 <level>.<step>". First, one case each of the
# vCPU, ioeventfd and irqfd tests shows that the function modules load on
# demand through their aliases. Last, the simulator is unloaded while a
# VMM runs its vCPU.
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

# The VM functions load on demand: the first GUNYAH_VM_ADD_FUNCTION of a
# type asks for the module alias ghfunc:<type>, which the initramfs's
# /sbin/modprobe resolves. One case of each function's test proves it.
autoload() {
	if ! insmod "$MODDIR/gunyah_sim.ko" protocol=oss; then
		echo "not ok 0 autoload.load_simulator"
		return 1
	fi
	echo "# autoload: one case of vcpu_test, ioeventfd_test, irqfd_test"
	"$PROGDIR/vcpu_test" -t mmio_write_exit_then_power_off 2>&1
	"$PROGDIR/ioeventfd_test" -t datamatch 2>&1
	"$PROGDIR/irqfd_test" -t edge_signal_ends_wfi 2>&1
	for fn in 1:gunyah_vcpu 2:gunyah_irqfd 3:gunyah_ioeventfd; do
		if grep -qx "ghfunc:${fn%%:*}" /tmp/modprobe.log &&
		   grep -q "^${fn#*:} " /proc/modules; then
			echo "ok 0 autoload.${fn#*:}"
		else
			echo "not ok 0 autoload.${fn#*:}"
		fi
	done
	wait_no_vms || echo "not ok 0 autoload.vms_left"
	rmmod gunyah_sim || echo "not ok 0 autoload.unload_simulator"
}
autoload || fail=1

# The simulator is unloaded while a VMM runs its vCPU (vcpu_bench, MMIO
# exits without end): rmmod waits for the VM's users, and goes once the
# VMM is killed in the middle of its runs.
unload_under_runner() {
	level=$1
	"$PROGDIR/vcpu_bench" 0 >/dev/null 2>&1 &
	vmm=$!
	sleep 1
	rmmod gunyah_sim &
	unload=$!
	sleep 1
	if kill -0 $unload 2>/dev/null; then
		echo "ok 0 $level.unload_waits_for_the_vmm"
	else
		echo "not ok 0 $level.unload_waits_for_the_vmm"
	fi
	kill -9 $vmm
	wait $vmm
	if wait $unload && ! grep -q '^gunyah_sim ' /proc/modules; then
		echo "ok 0 $level.unload_under_runner"
	else
		echo "not ok 0 $level.unload_under_runner"
		return 1
	fi
}
for m in gunyah_vcpu gunyah_ioeventfd gunyah_irqfd; do
	grep -q "^$m " /proc/modules || insmod "$MODDIR/$m.ko" ||
		echo "not ok 0 load_$m"
done

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
	if [ $level = full ]; then
		unload_under_runner $level || fail=1
	elif ! rmmod gunyah_sim; then
		echo "not ok 0 $level.unload_simulator"
		fail=1
	fi
done
rmmod gunyah_ioeventfd || fail=1
rmmod gunyah_irqfd || fail=1
rmmod gunyah_vcpu || fail=1
exit $fail
