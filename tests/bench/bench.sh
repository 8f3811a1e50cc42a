#!/bin/sh
# make bench: generates a large firmware with tests/bench/gen.py, builds it
# with arm-none-eabi-gcc (-ffunction-sections, --gc-sections, -Map) once
# without debug information and once with -g3 (and strips a copy of the
# latter with objcopy --strip-debug), and the same firmware with a tenth and
# a hundredth of the files for maps of about 10 and 1 MB; then times the
# readers against 'wc -l' on the maps and 'arm-none-eabi-readelf -lSW' on
# the ELFs, and ldlint as a whole process against wc -l, readelf and size
# (tests/bench/bench.py).
# Not a test: it prints numbers.
#
# usage: bench.sh OUTDIR   (BENCH: the bench_readers binary; LDLINT: the
# ldlint binary, timed too when it accepts --map/--elf; BENCH_REBUILD=1
# regenerates the inputs; BENCH_FILES/BENCH_FUNCS size them)
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=$1
: "${BENCH:?set BENCH to the bench_readers binary}"
files=${BENCH_FILES:-200}
funcs=${BENCH_FUNCS:-600}
# Deep object paths, as in real build trees; every input line repeats it.
deep=build/arm-none-eabi/release/firmware/components/vendor_sdk/subsystems
deep=$deep/connectivity/protocol_stacks/generated
cflags="-mcpu=cortex-m4 -mthumb -O0 -ffunction-sections -fdata-sections"
jobs=$(nproc 2>/dev/null || echo 2)

build() {	# $1 suffix, $2 extra cflags, $3 sources (default src)
	src=$out/${3:-src}
	obj=$out/obj$1/$deep
	mkdir -p "$obj"
	ls "$src"/m*.c "$src"/main.c | xargs -P "$jobs" -I{} sh -c \
	  'b=$(basename {} .c); arm-none-eabi-gcc '"$cflags $2"' -c {} \
	     -o '"$obj"'/$b.o'
	arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -nostartfiles -nostdlib \
	  -Wl,--gc-sections -T "$src/app.ld" -Wl,-Map="$out/app$1.map" \
	  "$obj"/*.o -o "$out/app$1.elf"
}

stamp="$files x $funcs"
if [ "${BENCH_REBUILD:-}" = 1 ] || [ ! -f "$out/app-g3.elf" ] ||
   [ "$(cat "$out/stamp" 2>/dev/null)" != "$stamp" ]; then
	rm -rf "$out"
	echo "bench: generating $files files of $funcs functions in $out"
	python3 "$here/gen.py" "$out/src" "$files" "$funcs"
	echo "bench: compiling and linking without debug information"
	build "" ""
	echo "bench: compiling and linking with -g3"
	build "-g3" "-g3"
	echo "$stamp" >"$out/stamp"
fi
for div in 10 100; do	# the scaling table's smaller maps
	[ -f "$out/app-$div.map" ] && continue
	n=$((files / div)); [ "$n" -ge 1 ] || n=1
	echo "bench: $n files of $funcs functions for a map 1/$div the size"
	python3 "$here/gen.py" "$out/src-$div" "$n" "$funcs"
	build "-$div" "" "src-$div"
done
# the same -g3 image without its debug sections (symbols kept)
if [ ! -f "$out/app-g3-stripped.elf" ] ||
   [ "$out/app-g3.elf" -nt "$out/app-g3-stripped.elf" ]; then
	arm-none-eabi-objcopy --strip-debug "$out/app-g3.elf" \
	  "$out/app-g3-stripped.elf"
fi
exec python3 "$here/bench.py" "$BENCH" "${LDLINT:-}" "$out"
