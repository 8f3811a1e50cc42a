#!/bin/sh
# esmil/gd32vf103inator examples/LonganNano (Sipeed Longan Nano: GD32VF103CBT6, LCD,
# SD card with FatFs, USB ACM), built with the example's Makefile, which includes
# gd32vf103inator's Makefile: linker script gd32vf103.ld (MEMORY origins and
# lengths from the absolute symbols __bootloader, __flash_size, __ram_size that
# start.S defines from -DBOOTLOADER=4*1024 -DFLASH_SIZE=64*1024 -DRAM_SIZE=20*1024;
# PHDRS), startup start.S, freestanding (-nostdlib, lib/std.c, -lgcc), -Os -flto,
# --gc-sections, unchanged.  The app starts at 0x08001000 behind the project's own
# 4 KiB DFU bootloader (examples/dfu-bootloader).
# Toolchain: riscv64-unknown-elf-gcc (the Makefile's CROSS_COMPILE default) with
# ARCH=rv32imac_zicsr (GCC 12 / binutils 2.40 need zicsr spelled out for the csr
# instructions; the Makefile says rv32imac for older GCC); the map is requested by
# LIBS="-lgcc -Wl,-Map=build/code.map" (the Makefile's own LIBS is -lgcc).
#
#   build.sh [INATOR_GIT]   bare mirror of github:esmil/gd32vf103inator
# Optional: LDSCRIPT=FILE (a modified copy of gd32vf103.ld),
#           EXAMPLE=DIR (a modified copy of examples/LonganNano), WORK, OUT.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../common.sh"
INATOR_GIT=${1:-${INATOR_GIT:-$MIRRORS/esmil+gd32vf103inator/repo}}
COMMIT=1ea3502246e117b0bac859f91a219b7f9b618799      # master, 2021-04-28
WORK=${WORK:-$WORKROOT/$(basename "$HERE")}
OUT=${OUT:-$HERE}

SRC=$(src_tree gd32vf103inator "$INATOR_GIT" "$COMMIT")
rm -rf "$WORK"; mkdir -p "$WORK"
cp -a "$SRC" "$WORK/gd32vf103inator"
if [ -n "${EXAMPLE:-}" ]; then rm -rf "$WORK/gd32vf103inator/examples/LonganNano"; cp -a "$EXAMPLE" "$WORK/gd32vf103inator/examples/LonganNano"; fi
E=$WORK/gd32vf103inator/examples/LonganNano
rm -rf "$E/build"
LDSCRIPT=${LDSCRIPT:-$WORK/gd32vf103inator/gd32vf103.ld}
make -C "$E" V=1 ARCH=rv32imac_zicsr LIBS="-lgcc -Wl,-Map=build/code.map" LDSCRIPT="$LDSCRIPT" \
     > "$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; exit 1; }
mkdir -p "$OUT/ld"; cp "$LDSCRIPT" "$OUT/ld/gd32vf103.ld"
keep_artifacts "$E/build/code.elf" "$E/build/code.map" "$OUT"
echo "built $E/build/code.elf"
