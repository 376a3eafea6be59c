#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# check.sh [sparse|cocci|checkpatch|all]
#
# Static analysis gate; any finding fails it.
#  sparse:     C=2 over the modules, x86_64 and arm64 (6.12), warnings fatal
#  cocci:      every rule in scripts/coccinelle/ plus the kernel's locks/,
#              api/, free/ and null/ sets, in report mode
#  checkpatch: checkpatch.pl --strict on every source and header
#
# Environment (used by the gate self-test): CHECK_DIRS replaces the
# directories the Coccinelle and checkpatch stages look at; SPARSE_DIR
# names one module directory for sparse instead of the driver.
. "$(dirname "$0")/lib.sh"

which=${1:-all}
ksrc=$(ksrc "$KVER_PRIMARY")
dirs=(${CHECK_DIRS:-drivers/virt/gunyah kunit rust-shim})
rc=0

do_sparse() {
	local tree
	for tree in "x86_64-$KVER_PRIMARY" "arm64-$KVER_PRIMARY"; do
		log "sparse ($tree)"
		GUNYAH_EXTRA_MODULES=${SPARSE_DIR:-} "$REPO/scripts/modules.sh" \
			"$tree" C=2 CF=-Wsparse-error || return 1
	done
}

do_cocci() {
	local tree=x86_64-$KVER_PRIMARY rules=() rule d out found=0
	"$REPO/scripts/kernel.sh" "$tree" configure
	rules+=("$REPO"/scripts/coccinelle/*.cocci)
	while IFS= read -r rule; do rules+=("$rule"); done < <(
		find "$ksrc/scripts/coccinelle/"{locks,api,free,null} -name '*.cocci' | sort)
	log "coccinelle: ${#rules[@]} rules over ${dirs[*]}"
	out=$(mktemp)
	for rule in "${rules[@]}"; do
		for d in "${dirs[@]}"; do
			kmake "$tree" coccicheck MODE=report M="$REPO/$d" COCCI="$rule" \
				SPFLAGS="-I $REPO/include" >"$out" 2>&1 || {
				cat "$out" >&2
				die "coccicheck failed on ${rule##*/}"
			}
			# Findings are "file:line:col...: message" lines.
			if grep -E '^[^ ]+\.[ch]:[0-9]+:' "$out"; then
				found=1
			fi
		done
	done
	rm -f "$out"
	[ $found -eq 0 ] || { echo "coccinelle: findings above" >&2; return 1; }
}

do_checkpatch() {
	local files=() f bad=0
	while IFS= read -r f; do files+=("$f"); done < <(
		cd "$REPO" && find "${dirs[@]}" -name '*.[ch]' -o -name Kconfig | sort)
	if [ -z "${CHECK_DIRS:-}" ]; then
		while IFS= read -r f; do files+=("$f"); done < <(
			cd "$REPO" && find include tools/testing/selftests/gunyah samples/gunyah -name '*.[ch]' | sort)
	fi
	log "checkpatch --strict: ${#files[@]} files"
	for f in "${files[@]}"; do
		(cd "$REPO" && "$ksrc/scripts/checkpatch.pl" --strict --no-tree --quiet \
			--show-types -f "$f") || bad=1
	done
	return $bad
}

case $which in
sparse) do_sparse || rc=1 ;;
cocci) do_cocci || rc=1 ;;
checkpatch) do_checkpatch || rc=1 ;;
all)
	do_sparse || rc=1
	do_cocci || rc=1
	do_checkpatch || rc=1
	;;
*) die "unknown check $which" ;;
esac
[ $rc -eq 0 ] && log "check: no findings"
exit $rc
