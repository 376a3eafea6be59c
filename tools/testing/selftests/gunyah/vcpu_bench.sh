#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# vCPU benchmark (make bench): the MMIO exit round trip against a no-op
# ioctl on the same vCPU fd, at each RM protocol level, once with the
# simulator's guest and once with its null vcpu_run (no guest runs: what
# is left is the driver's part). Prints "name: value" lines.

MODDIR=${MODDIR:-/lib/modules}
PROG=${PROG:-$(dirname "$0")/../progs/vcpu_bench}
NULL_RUN=/sys/kernel/debug/gunyah_sim/null_vcpu_run
rc=0

insmod "$MODDIR/gunyah_vcpu.ko" || exit 1
for level in oss full; do
	insmod "$MODDIR/gunyah_sim.ko" protocol=$level || exit 1
	echo "BENCH-BEGIN"
	echo "protocol: $level"
	echo "hypervisor: the simulator's guest"
	"$PROG" "${VCPU_BENCH_ITERATIONS:-20000}" || rc=1
	# The same with a vcpu_run that runs no guest: the driver's share.
	echo 1 >"$NULL_RUN"
	echo "hypervisor: null vcpu_run"
	"$PROG" "${VCPU_BENCH_ITERATIONS:-20000}" || rc=1
	echo 0 >"$NULL_RUN"
	echo "BENCH-END"
	# The VM's teardown runs after the program exits.
	i=0
	while [ $i -lt 50 ] && ! rmmod gunyah_sim 2>/dev/null; do
		i=$((i + 1))
		sleep 0.1
	done
done
rmmod gunyah_vcpu || rc=1
exit $rc
