#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# RPC benchmark (make bench): round-trip latency and calls per second of
# the smallest RPC with 1 and 8 callers on the simulator, against the bare
# transport measured in the same run. Prints "name: value" lines.

MODDIR=${MODDIR:-/lib/modules}
RESULTS=/sys/kernel/debug/gunyah_rm_bench/results

insmod "$MODDIR/gunyah_sim.ko" || exit 1
insmod "$MODDIR/gunyah_rm_bench.ko" iterations=${ITERATIONS:-500} || exit 1
echo "BENCH-BEGIN"
cat $RESULTS
rc=$?
echo "BENCH-END"
rmmod gunyah_rm_bench
rmmod gunyah_sim
exit $rc
