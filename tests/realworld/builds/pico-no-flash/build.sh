#!/bin/sh
# pico-examples flash/nuke (target flash_nuke) for the Raspberry Pi Pico (PICO_BOARD=pico, RP2040),
# built with pico-examples' and pico-sdk's own CMake: flash/nuke/CMakeLists.txt itself sets pico_set_binary_type(flash_nuke no_flash);
# linker script src/rp2_common/pico_crt0/rp2040/memmap_no_flash.ld, startup pico_crt0/crt0.S
# and boot2 (boot_stage2, bs2_default), unchanged.  PICO_NO_PICOTOOL=1 because
# picotool (UF2 output only) would be downloaded; the ELF and map are the same.
# Same logic as ../../shared/realworld/pico-examples-blink/build.sh.
#
#   build.sh [PICO_SDK_GIT [PICO_EXAMPLES_GIT]]
#     bare mirrors of github:raspberrypi/pico-sdk and github:raspberrypi/pico-examples
# Optional: TARGET (flash_nuke), ELFDIR (flash/nuke, its directory in the build tree), WORK, OUT.
# The kept fw.elf/fw.map were built with WORKROOT=/usr/src/build.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../common.sh"
PICO_SDK_GIT=${1:-${PICO_SDK_GIT:-$MIRRORS/raspberrypi+pico-sdk/repo}}
PICO_EXAMPLES_GIT=${2:-${PICO_EXAMPLES_GIT:-$MIRRORS/raspberrypi+pico-examples/repo}}
SDK_COMMIT=a1438dff1d38bd9c65dbd693f0e5db4b9ae91779      # 2.2.0, 2025-07-28
EXAMPLES_COMMIT=4c3a3dc0196dd426fddd709616d0da984e027bab # sdk-2.2.0, 2025-07-28
TARGET=${TARGET:-flash_nuke}
ELFDIR=${ELFDIR:-flash/nuke}
LDS=memmap_no_flash.ld
WORK=${WORK:-$WORKROOT/$(basename "$HERE")}
OUT=${OUT:-$HERE}

SDK=$(src_tree pico-sdk "$PICO_SDK_GIT" "$SDK_COMMIT")
EX=$(src_tree pico-examples "$PICO_EXAMPLES_GIT" "$EXAMPLES_COMMIT")
rm -rf "$WORK"; mkdir -p "$WORK"
cmake -S "$EX" -B "$WORK/build" -DPICO_SDK_PATH="$SDK" -DPICO_BOARD=pico -DPICO_PLATFORM=rp2040 \
      -DPICO_NO_PICOTOOL=1  > "$WORK/cmake.log" 2>&1 || { tail -30 "$WORK/cmake.log"; exit 1; }
make -C "$WORK/build" -j"$(nproc)" "$TARGET" > "$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; exit 1; }
mkdir -p "$OUT/ld"
cp "$SDK/src/rp2_common/pico_crt0/rp2040/$LDS" "$OUT/ld/"
keep_artifacts "$WORK/build/$ELFDIR/$TARGET.elf" "$WORK/build/$ELFDIR/$TARGET.elf.map" "$OUT"
echo "built $WORK/build/$ELFDIR/$TARGET.elf ($LDS)"
