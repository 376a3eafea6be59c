#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Every Resource Manager RPC and every simulator fault, end to end, at both
# RM protocol levels: loads gunyah_sim.ko with protocol=oss, then =full, and
# runs the gunyah_rm_sim KUnit module against it. Prints one TAP line per
# KUnit case, prefixed with the level.

MODDIR=${MODDIR:-/lib/modules}
RESULTS=/sys/kernel/debug/kunit/gunyah_rm_sim/results
RM_STATS=/sys/kernel/debug/gunyah/gunyah_rm/stats
SIM_NOTIFY=/sys/kernel/debug/gunyah_sim/notify
SIM_EXIT=/sys/kernel/debug/gunyah_sim/exit
n=0
fail=0

tap() {
	n=$((n + 1))
	echo "$1 $n $2"
	[ "$1" = ok ] || fail=1
}

rm_stat() {
	sed -n "s/^$1: //p" $RM_STATS
}

# Notifications other than VM_STATUS and VM_EXITED, and malformed ones, are
# counted and ignored; well-formed ones reach the listeners.
notifications() {
	ignored=$(rm_stat notifications_ignored)
	delivered=$(rm_stat notifications)
	echo "51100012 00000000 0300 0000 00000000" >$SIM_NOTIFY	# MEM_RELEASED
	echo "56100008 8000" >$SIM_NOTIFY			# VM_STATUS, short
	echo "56100001 8000 0700 10000000" >$SIM_NOTIFY		# VM_EXITED, reason cut
	echo "56100008 ff00 0000 09 00 0000" >$SIM_NOTIFY	# VM_STATUS
	sleep 1
	if [ "$(rm_stat notifications_ignored)" -eq $((ignored + 3)) ] &&
	   [ "$(rm_stat notifications)" -eq $((delivered + 1)) ]; then
		tap ok "$1.notifications_filtered"
	else
		cat $RM_STATS | sed 's/^/# /'
		tap "not ok" "$1.notifications_filtered"
	fi
}

# Write $2 to the "exit" knob; it must fail with the error message $1.
exit_refused() {
	err=$( (echo "$2" >$SIM_EXIT) 2>&1) && err=accepted
	case $err in
	*"$1"*) ;;
	*) echo "# exit: '$2': $err, expected $1"; ok=0 ;;
	esac
}

# The "exit" knob refuses malformed lines, bad exit types and codes (EINVAL)
# and VMs that do not exist (ENOENT); the KUnit module makes running VMs
# exit.
exit_knob() {
	ok=1
	for line in "" "0x80 0" "0x80 0 0 0" "0x80 x 0" "0x80 7 0" "0x80 0 5" \
		    "0x10000 0 0"; do
		exit_refused "Invalid argument" "$line"
	done
	exit_refused "No such file" "0xbf 6 4"
	exit_refused "No such file" " 191	0 0x0"
	if [ $ok = 1 ]; then
		tap ok "$1.exit_knob_refuses"
	else
		tap "not ok" "$1.exit_knob_refuses"
	fi
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
	notifications $level
	exit_knob $level
	rmmod gunyah_sim || tap "not ok" "$level.unload_simulator"
done
exit $fail
