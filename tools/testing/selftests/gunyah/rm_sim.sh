#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Every Resource Manager RPC and every simulator fault, end to end, at both
# RM protocol levels: loads gunyah_sim.ko with protocol=oss, then =full, and
# runs the gunyah_rm_sim KUnit module against it. Prints one TAP line per
# KUnit case, prefixed with the level.

MODDIR=${MODDIR:-/lib/modules}
RESULTS=/sys/kernel/debug/kunit/gunyah_rm_sim/results
n=0
fail=0

tap() {
	n=$((n + 1))
	echo "$1 $n $2"
	[ "$1" = ok ] || fail=1
}

for level in oss full; do
	if ! insmod "$MODDIR/gunyah_sim.ko" protocol=$level; then
		tap "not ok" "$level.load_simulator"
		continue
	fi
	if ! insmod "$MODDIR/gunyah_rm_sim_test.ko" protocol=$level; then
		tap "not ok" "$level.load_tests"
	elif [ ! -r $RESULTS ]; then
		tap "not ok" "$level.results"
	else
		cat $RESULTS | sed 's/^/# /'
		cases=$(grep -E '^[[:space:]]*(not )?ok [0-9]+ rm_sim_test_' $RESULTS)
		[ -n "$cases" ] || tap "not ok" "$level.no_cases_ran"
		echo "$cases" | while read -r line; do
			[ -n "$line" ] || continue
			name=${line##* }
			case $line in
			ok*) echo "ok 0 $level.$name" ;;
			*) echo "not ok 0 $level.$name" ;;
			esac
		done
		rmmod gunyah_rm_sim_test || tap "not ok" "$level.unload_tests"
	fi
	rmmod gunyah_sim || tap "not ok" "$level.unload_simulator"
done
exit $fail
