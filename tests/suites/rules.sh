#!/bin/sh
# Rule fixtures: firmware projects built by the cross toolchain, linted,
# compared with golden output; every rule needs a .pos and a .neg case.
here=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v arm-none-eabi-gcc >/dev/null; then
	echo "rules: 0 passed, 0 failed, 1 skipped (arm-none-eabi-gcc not installed)"
	exit 0
fi
exec python3 "$here/rules_fixtures.py" "$LDLINT" "$here/rules" "$here/../build/rules"
