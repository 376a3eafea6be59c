#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Prove that every checker of 'make test' fails on a planted defect
# (scripts/gate/README.md). Passes only if each one flags its fixture with
# the expected report; a checker that passes a fixture fails the gate.
. "$(dirname "$0")/lib.sh"

work=$BUILD_DIR/gate
mkdir -p "$work"
passed=0
failed=0

# expect NAME PATTERN... -- COMMAND...: COMMAND must fail and its output
# must contain every PATTERN (extended regular expressions).
expect() {
	local name=$1 pats=() p rc=0 ok=1
	shift
	while [ "$1" != -- ]; do pats+=("$1"); shift; done
	shift
	log "gate: $name"
	"$@" >"$work/$name.log" 2>&1 || rc=$?
	if [ $rc -eq 0 ]; then
		echo "FAIL: $name: the checker passed a planted defect"
		ok=0
	fi
	for p in "${pats[@]}"; do
		if ! grep -Eq -- "$p" "$work/$name.log"; then
			echo "FAIL: $name: expected report '$p' not found"
			ok=0
		fi
	done
	if [ $ok -eq 1 ]; then
		echo "ok: $name"
		passed=$((passed + 1))
	else
		echo "  log: $work/$name.log"
		failed=$((failed + 1))
	fi
}

expect sparse 'gate_sparse.c:[0-9]+:[0-9]+: (error|warning): incorrect type in assignment' \
	'restricted __le32' -- \
	env SPARSE_DIR=scripts/gate/sparse "$REPO/scripts/check.sh" sparse

expect cocci 'gate_mini_lock.c:[0-9]+:[0-9]+-[0-9]+: preceding lock' \
	'gate_lock_killable.c:22:[0-9]+-[0-9]+: mutex_lock_killable on line 18' \
	'gate_lock_killable.c:34:[0-9]+-[0-9]+: mutex_lock_interruptible on line 31' \
	'gate_lock_killable.c:48:[0-9]+-[0-9]+: mutex_lock_killable on line 43' -- \
	env CHECK_DIRS=scripts/gate/cocci "$REPO/scripts/check.sh" cocci

# ...and the rules must stay silent on correct code.
log "gate: cocci-clean"
if env CHECK_DIRS=scripts/gate/cocci-clean "$REPO/scripts/check.sh" cocci \
	>"$work/cocci-clean.log" 2>&1; then
	echo "ok: cocci-clean"
	passed=$((passed + 1))
else
	echo "FAIL: cocci-clean: a rule fired on correct code"
	echo "  log: $work/cocci-clean.log"
	failed=$((failed + 1))
fi

expect kunit 'FAILED.*gate_fixture_test_fails' -- \
	"$REPO/scripts/kunit.sh" plain 'gate_fixture*'

expect e2e 'BUG: KASAN: [a-z-]*use-after-free in gate_uaf_write' \
	'unreferenced object' 'gunyah_sim: FATAL: resource manager died' \
	'[0-9]+ passed, [1-9][0-9]* failed' -- \
	env GUNYAH_EXTRA_MODULES=scripts/gate/e2e/module \
	GUNYAH_E2E_AUTOLOAD="gunyah.ko gunyah_gate_fixture.ko" \
	GUNYAH_EXTRA_SELFTESTS=scripts/gate/e2e/selftest "$REPO/scripts/e2e.sh" test

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
