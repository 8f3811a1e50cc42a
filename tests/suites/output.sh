#!/bin/sh
# Output safety and bounds (tests/output_check.py): write errors, -o never
# an input and written atomically, interrupted runs, inputs unchanged,
# strict UTF-8 in every machine-readable output, escaped text, floods.
# The ELF and map come from the cases suite, which runs before this one.
here=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$here/output_check.py" "$LDLINT"
