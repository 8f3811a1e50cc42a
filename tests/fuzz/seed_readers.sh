#!/bin/sh
# Seeds for the reader fuzzers: 'elf' or 'map', then the output directory.
# Uses the fixtures built by 'make check' (build/fixtures), building them
# first when they are missing, the malformed, cut and wrapping files of
# the input cases (tests/cases/inputs/, regular files only: some cases are
# symlinks to devices or loops) and the lld map.
set -e
kind=$1
out=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
fx=$here/build/fixtures
if [ ! -f "$fx/cortexm.elf" ]; then
	for b in "$here"/tests/fixtures/*/build.sh; do sh "$b" "$fx"; done
fi
mkdir -p "$out"
n=0
# every file of the input cases of that kind (the ELF ones hold objects,
# shared objects and core files too), but not their cmd and expected
for f in "$fx"/*."$kind" "$here"/tests/cases/inputs/*/*."$kind" \
	 "$here"/tests/cases/inputs/"$kind"*/* \
	 "$here"/tests/fixtures/lld/*."$kind"; do
	[ -f "$f" ] && [ ! -L "$f" ] || continue
	case ${f##*/} in cmd|expected) continue ;; esac
	n=$((n + 1))
	cp "$f" "$out/seed-$n"
done
echo "$n seeds in $out"
