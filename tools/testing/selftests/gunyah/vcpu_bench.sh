#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# vCPU benchmark (make bench): the MMIO exit round trip against a no-op
# ioctl on the same vCPU fd, at each RM protocol level. Prints
# "name: value" lines.

MODDIR=${MODDIR:-/lib/modules}
PROG=${PROG:-$(dirname "$0")/../progs/vcpu_bench}
rc=0

insmod "$MODDIR/gunyah_vcpu.ko" || exit 1
for level in oss full; do
	insmod "$MODDIR/gunyah_sim.ko" protocol=$level || exit 1
	echo "BENCH-BEGIN"
	echo "protocol: $level"
	"$PROG" "${VCPU_BENCH_ITERATIONS:-5000}" || rc=1
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
