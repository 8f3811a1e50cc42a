#!/bin/sh
# Golden tests: each tests/golden/CASE/ holds its inputs, a file 'cmd' with
# one line 'ARGS: ...' (the ldlint command line, run inside CASE/) and
# 'expected' (stdout and stderr, then 'exit: N').  Set UPDATE_GOLDEN=1 to
# rewrite the expected files after checking the difference by hand.
here=$(cd "$(dirname "$0")/.." && pwd)
passed=0 failed=0
for dir in "$here"/golden/*/; do
	[ -f "$dir/cmd" ] || continue
	name=$(basename "$dir")
	args=$(sed -n 's/^ARGS: //p' "$dir/cmd" | head -n 1)
	actual=$(cd "$dir" && eval "\"\$LDLINT\" --color never $args" 2>&1; echo "exit: $?")
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		printf '%s\n' "$actual" >"$dir/expected"
	fi
	if printf '%s\n' "$actual" | diff -u "$dir/expected" - >/tmp/golden.diff.$$ 2>&1; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL golden/$name"
		cat /tmp/golden.diff.$$
	fi
done
rm -f /tmp/golden.diff.$$
echo "golden: $passed passed, $failed failed"
