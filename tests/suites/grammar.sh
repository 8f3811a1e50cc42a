#!/bin/sh
# GNU ld 2.40 and ldlint must agree on every script in tests/grammar/.
here=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v arm-none-eabi-ld >/dev/null; then
	echo "grammar: 0 passed, 0 failed, 1 skipped (arm-none-eabi-ld not installed)"
	exit 0
fi
exec python3 "$here/grammar_diff.py" "$LDLINT" "$here/grammar"
