#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Memory sharing benchmark (make bench): map a 1 GiB huge-page guest memory
# file into a VM and start it, against allocating and faulting in the same
# memory, at each RM protocol level. Prints "name: value" lines.

MODDIR=${MODDIR:-/lib/modules}
PROG=${PROG:-$(dirname "$0")/../progs/vm_bench}
rc=0

for level in oss full; do
	insmod "$MODDIR/gunyah_sim.ko" protocol=$level || exit 1
	echo "BENCH-BEGIN"
	echo "protocol: $level"
	"$PROG" "${VM_BENCH_MIB:-1024}" || rc=1
	echo "BENCH-END"
	rmmod gunyah_sim || rc=1
done
exit $rc
