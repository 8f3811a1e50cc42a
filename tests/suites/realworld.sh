#!/bin/sh
# Real upstream firmware builds, linted three ways; only the findings
# tests/realworld/expected.tsv lists (upstream defects, with evidence) may
# appear (tests/realworld.py).
here=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$here/realworld.py" "$LDLINT" "$SHARED"
