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

# Every rule of scripts/coccinelle/ must report each planted defect of its
# fixture at its exact line: a rule that silently stops firing fails here.
expect cocci 'gate_mini_lock.c:15:[0-9]+-[0-9]+: preceding lock on line 13' \
	'gate_mini_lock.c:15:[0-9]+-[0-9]+: mutex_lock on line 13 still held' \
	'gate_lock_killable.c:22:[0-9]+-[0-9]+: mutex_lock_killable on line 18' \
	'gate_lock_killable.c:34:[0-9]+-[0-9]+: mutex_lock_interruptible on line 31' \
	'gate_lock_killable.c:48:[0-9]+-[0-9]+: mutex_lock_killable on line 43' \
	'gate_lock_other.c:28:[0-9]+-[0-9]+: down_write on line 22 still held' \
	'gate_lock_other.c:38:[0-9]+-[0-9]+: spin_lock_irqsave on line 36 still held' \
	'gate_lock_other.c:50:[0-9]+-[0-9]+: mutex_trylock on line 47 still held' \
	'gate_lock_other.c:62:[0-9]+-[0-9]+: down_read_killable on line 59 still held' \
	'gate_lock_other.c:77:[0-9]+-[0-9]+: mutex_lock on line 75 still held' \
	'gate_ref_unwind.c:34:[0-9]+-[0-9]+: VM reference to vm taken on line 26 not dropped' \
	'gate_ref_unwind.c:46:[0-9]+-[0-9]+: RM reference to rm taken on line 42 not dropped' \
	'gate_ref_unwind.c:59:[0-9]+-[0-9]+: reference to obj taken on line 56 not dropped' \
	'gate_must_check.c:24:[0-9]+-[0-9]+: result of gate_lookup\(\) on line 23 used before it is tested' \
	'gate_must_check.c:30:[0-9]+-[0-9]+: result of gate_lookup\(\) not tested' \
	'gate_must_check.c:39:[0-9]+-[0-9]+: output of gunyah_rm_get_vmid\(\) on line 37 used before' \
	'gate_copy_user.c:21:[0-9]+-[0-9]+: copy_from_user result not tested' \
	'gate_copy_user.c:30:[0-9]+-[0-9]+: copy_to_user of line 30 returns the bytes not copied' \
	'gate_copy_user.c:41:[0-9]+-[0-9]+: copy_to_user of line 39 returns the bytes not copied' \
	'gate_double_fetch.c:28:[0-9]+-[0-9]+: user pointer argp fetched again \(first on line 23\)' \
	'gate_double_fetch.c:44:[0-9]+-[0-9]+: user pointer argp fetched again \(first on line 40\)' \
	'gate_list_lock.c:32:[0-9]+-[0-9]+: vm->mem_list walked without lock held' \
	'gate_list_lock.c:44:[0-9]+-[0-9]+: vm->functions walked without fn_lock held' \
	'gate_list_lock.c:59:[0-9]+-[0-9]+: vm->mem_list walked after lock was released on line 58' \
	'gate_list_lock.c:70:[0-9]+-[0-9]+: sim_bells walked without sim_bell_lock held' \
	'gate_rm_reply.c:27:[0-9]+-[0-9]+: RM reply resp of line 22 not freed' \
	'gate_rm_reply.c:47:[0-9]+-[0-9]+: RM reply resp of line 41 not freed' \
	'gate_rm_reply.c:60:[0-9]+-[0-9]+: RM reply resp of line 57 not freed' \
	'gate_fd_install.c:32:[0-9]+-[0-9]+: returns ret, not the fd installed on line 29' \
	'gate_fd_install.c:52:[0-9]+-[0-9]+: failure path after fd_install\(\) on line 50' -- \
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
