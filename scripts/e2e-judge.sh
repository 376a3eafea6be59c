#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# e2e-judge.sh MODE CONSOLE_LOG SELFTEST_DIR
#
# Judge the console log of an e2e boot. Prints every failure, then the
# closing line "N passed, N failed". Exits non-zero if anything failed.
set -uo pipefail

mode=$1
console=$2
tests=$3
tag='GUNYAH-E2E: '
passed=0
failed=0

fail() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}

# Kernel reports that fail the run whatever the tests said.
REPORTS='BUG:|WARNING:|UBSAN:|unreferenced object|gunyah_sim: FATAL|possible recursive locking|circular locking dependency|inconsistent lock state|Kernel panic|Oops|general protection fault|INFO: task .* blocked|rcu: INFO'
if grep -Ea "$REPORTS" "$console" | grep -v "^$tag" >/tmp/e2e-reports.$$; then
	while read -r line; do
		fail "kernel: $line"
	done </tmp/e2e-reports.$$
fi
rm -f /tmp/e2e-reports.$$

# Module load and unload.
while read -r line; do
	case $line in
	"${tag}ok insmod "* | "${tag}ok rmmod "*) passed=$((passed + 1)) ;;
	"${tag}not ok "*) fail "${line#"$tag"}" ;;
	esac
done < <(grep -a "^$tag" "$console")

grep -qa "^${tag}ok insmod gunyah.ko" "$console" || fail "gunyah.ko was not loaded"

if [ "$mode" = test ]; then
	for t in "$tests"/*; do
		name=${t##*/}
		res=$(grep -a "^${tag}result $name " "$console" | tail -n 1)
		if [ -z "$res" ]; then
			fail "$name: no result (crashed or hung)"
			continue
		fi
		p=$(sed -n 's/.* pass=\([0-9]*\).*/\1/p' <<<"$res")
		f=$(sed -n 's/.* fail=\([0-9]*\).*/\1/p' <<<"$res")
		rc=$(sed -n 's/.* rc=\([0-9]*\).*/\1/p' <<<"$res")
		passed=$((passed + p))
		failed=$((failed + f))
		[ "$f" -gt 0 ] && echo "FAIL: $name: $f failed test(s)"
		[ "$p" -eq 0 ] && fail "$name: ran no test"
		[ "$f" -eq 0 ] && [ "$rc" -ne 0 ] && fail "$name: exit status $rc"
	done
	grep -a '^not ok [0-9]' "$console" | sed 's/^/  /'
fi

if [ "$mode" = demo ]; then
	sed -n "/^${tag}demo\$/,/^${tag}\(not \)\?ok rmmod/p" "$console" |
		grep -v "^${tag}"
fi

if [ "$mode" = bench ]; then
	while read -r line; do
		case $line in
		"${tag}bench-exit "*" 0") passed=$((passed + 1)) ;;
		"${tag}bench-exit "*) fail "${line#"$tag"}" ;;
		esac
	done < <(grep -a "^${tag}bench-exit" "$console")
	sed -n '/^BENCH-BEGIN/,/^BENCH-END/p' "$console" | grep -v '^BENCH-'
fi

grep -qa "^${tag}done" "$console" || fail "the test kernel did not reach its end marker"

if [ "$failed" -gt 0 ]; then
	echo "console log: $console"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
