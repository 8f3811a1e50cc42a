#!/bin/sh
# Seeds for the script fuzzer: every script the tests use, the shipped
# examples and, when present, ../shared/corpus.
set -e
out=$1
here=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
n=0
for f in $(find "$here/tests" "$here/examples" -name '*.ld' -o -name '*.ld.S' -o -name '*.lds') \
	 $(find "$here/../shared/corpus" -type f \( -name '*.ld' -o -name '*.lds' -o -name '*.x' \) 2>/dev/null); do
	n=$((n + 1))
	cp "$f" "$out/seed-$n"
done
echo "$n seeds in $out"
