#!/bin/sh
# The ELF and map readers against readelf and each other, on firmware
# built here with arm-none-eabi-gcc and riscv64-unknown-elf-gcc, plus the
# committed ld.lld map and malformed files (tests/readers_check.py).
# READERS is the test driver; by default the one next to $UNIT.
here=$(cd "$(dirname "$0")/.." && pwd)
READERS=${READERS:-$(dirname "$UNIT")/readers}
[ -x "$READERS" ] || READERS=$here/../build/readers
exec python3 "$here/readers_check.py" "$READERS" "$(dirname "$READERS")/fixtures"
