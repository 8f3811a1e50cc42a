#!/bin/sh
# Seeds for a fuzz target: 'script', 'elf', 'map', 'device', 'pdsc' or
# 'config',
# then the output directory.  Every input of that kind the tests commit:
# scripts of the tests and examples (and ../shared/corpus when present);
# the fixtures built by 'make check' (build/fixtures, built first when
# missing), the files of the input cases and the lld maps; memmaps/ and
# the YAML of the tests; the pack descriptions of the tests; every
# .ldlint.yaml.  Regular files only: the
# input cases include links, FIFOs and devices.
set -e
kind=$1
out=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
fx=$here/build/fixtures
list() {
	case $kind in
	script)
		find "$here/tests" "$here/examples" -name '*.ld' -o -name '*.ld.S' \
			-o -name '*.lds'
		find "$here/../shared/corpus" -type f \( -name '*.ld' \
			-o -name '*.lds' -o -name '*.x' \) 2>/dev/null || true ;;
	elf|map)
		if [ ! -f "$fx/cortexm.elf" ]; then
			for b in "$here"/tests/fixtures/*/build.sh; do
				sh "$b" "$fx" >&2
			done
		fi
		# every file of the input cases of that kind, not their cmd
		# and expected
		ls -d "$fx"/*."$kind" "$here"/tests/cases/inputs/"$kind"*/* \
			"$here"/tests/fixtures/lld/*."$kind" 2>/dev/null |
			grep -Ev '/(cmd|expected)$' || true ;;
	device)
		find "$here/memmaps" "$here/tests" \( -name '*.yaml' -o -name '*.yml' \) \
			! -name '.ldlint.yaml' ;;
	pdsc)
		find "$here/tests" -name '*.pdsc' ;;
	config)
		find "$here/tests" "$here/examples" -name '.ldlint.yaml' ;;
	*)
		echo "seed.sh: unknown kind '$kind'" >&2
		exit 2 ;;
	esac
}
rm -rf "$out"
mkdir -p "$out"
n=0
for f in $(list | sort); do
	[ -f "$f" ] && [ ! -L "$f" ] || continue	# no FIFO, device or link
	n=$((n + 1))
	cp "$f" "$out/seed-$n"
done
echo "$n $kind seeds in $out"
