#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# kunit.sh [plain|debug|all] [FILTER]
#
# Run the KUnit suites under UML with kunit.py: once plainly and once with
# KASAN, lockdep and UBSAN. KUnit does not fail a test on a lockdep splat or
# a KASAN report, so the raw kernel log is searched for them as well.
. "$(dirname "$0")/lib.sh"

which=${1:-all}
filter=${2:-gunyah*}
kt=$("$REPO/scripts/kunit-tree.sh")

# Kernel log lines that fail a run even when every test case passed.
REPORTS='BUG:|WARNING:|KASAN:|UBSAN:|possible recursive locking|circular locking dependency|inconsistent lock state|Kernel panic|Oops'

run() {
	local name=$1
	shift
	local build=$BUILD_DIR/uml-kunit-$name rc=0
	mkdir -p "$BUILD_DIR"
	log "KUnit ($name)"
	"$PYTHON" "$kt/tools/testing/kunit/kunit.py" run \
		--build_dir="$build" --jobs="$JOBS" \
		--make_options="CC=ccache gcc" --make_options="HOSTCC=ccache gcc" \
		--kunitconfig="$REPO/kunit/gunyah.kunitconfig" "$@" \
		"$filter" || rc=$?
	if grep -Ea "$REPORTS" "$build/test.log" >"$build/reports.log"; then
		echo "kernel reports in the $name KUnit run:" >&2
		cat "$build/reports.log" >&2
		rc=1
	fi
	return $rc
}

rc=0
case $which in
plain) run plain || rc=$? ;;
debug) run debug --kunitconfig="$REPO/kunit/debug.kunitconfig" || rc=$? ;;
all)
	run plain || rc=$?
	run debug --kunitconfig="$REPO/kunit/debug.kunitconfig" || rc=$?
	;;
*) die "unknown KUnit pass $which" ;;
esac
exit $rc
