#!/bin/sh
# The cases: every tests/cases/SUITE/CASE/ folder with its inputs, command
# and expected output (tests/cases.py); T=GLOB selects, UPDATE=1 rewrites.
here=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$here/cases.py" "$LDLINT"
