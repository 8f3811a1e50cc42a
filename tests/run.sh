#!/bin/sh
# Runs every test suite and ends with one summary line.
#
# Environment: LDLINT (the binary under test), UNIT (the check unit-test
# binary), SHARED (../shared, optional).  Each suite in tests/suites/ is a
# script that prints its own 'NAME: N passed, N failed[, N skipped]' as
# its last line; suites that need ../shared say they were skipped when it
# is absent.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${LDLINT:?set LDLINT}" "${UNIT:?set UNIT}"
SHARED=${SHARED:-$here/../../shared}
export LDLINT UNIT SHARED
passed=0 failed=0 skipped=0 bad_suites=""

tally() {	# $1 suite name, $2 file with its output, $3 exit status
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$2" | tail -n 1)
	if [ -z "$line" ]; then
		echo "$1: no summary line (exit $3)"
		failed=$((failed + 1)); bad_suites="$bad_suites $1"; return
	fi
	p=$(echo "$line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
	f=$(echo "$line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
	s=$(echo "$line" | grep -oE '[0-9]+ skipped' | grep -oE '[0-9]+')
	passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + ${s:-0}))
	if [ "$f" -ne 0 ] || [ "$3" -ne 0 ]; then
		bad_suites="$bad_suites $1"
		[ "$f" -eq 0 ] && failed=$((failed + 1))
	fi
}

out=$(mktemp)
trap 'rm -f "$out"' EXIT

# T=GLOB: only the matching cases (tests/cases.py), in seconds.
if [ -n "${T:-}" ]; then
	export T UPDATE
	exec python3 "$here/cases.py" "$LDLINT"
fi
export UPDATE

# Unit tests (check): its summary is "100%: Checks: N, Failures: N, Errors: N".
CK_DEFAULT_TIMEOUT=${CK_DEFAULT_TIMEOUT:-120} "$UNIT" >"$out" 2>&1; status=$?
cat "$out"
checks=$(sed -nE 's/.*Checks: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2 \3/p' "$out" | tail -n 1)
if [ -n "$checks" ]; then
	set -- $checks
	echo "unit: $(($1 - $2 - $3)) passed, $(($2 + $3)) failed"
	echo "unit: $(($1 - $2 - $3)) passed, $(($2 + $3)) failed" >"$out"
else
	echo "unit: 0 passed, 1 failed" >"$out"
fi
tally unit "$out" "$status"

for suite in "$here"/suites/*.sh; do
	name=$(basename "$suite" .sh)
	sh "$suite" >"$out" 2>&1; status=$?
	cat "$out"
	tally "$name" "$out" "$status"
done

[ -n "$bad_suites" ] && echo "failing suites:$bad_suites"
echo "total: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
