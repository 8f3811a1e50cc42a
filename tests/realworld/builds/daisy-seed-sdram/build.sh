#!/bin/sh
# DaisyExamples seed/Ram for the Daisy Seed (STM32H750IB), built with the example's
# Makefile and libDaisy's core/Makefile, APP_TYPE=BOOT_NONE: linker script
# libDaisy/core/$LDS (see the case below), startup core/startup_stm32h750xx.c,
# unchanged; libDaisy and DaisySP at the submodule commits DaisyExamples pins.
# Same logic as ../../shared/realworld/daisy-seed-blink-flash/build.sh, with
# APP_TYPE and the example fixed for this folder.
#
#   build.sh [DAISYEXAMPLES_GIT [LIBDAISY_GIT [DAISYSP_GIT]]]
#     bare mirrors of github:electro-smith/DaisyExamples, libDaisy, DaisySP
# Optional: APP_TYPE (BOOT_NONE), LDSCRIPT=FILE (a modified copy of the script),
#           EXAMPLE=DIR (a modified copy of seed/Ram), WORK, OUT.
# The kept fw.elf/fw.map were built with WORKROOT=/usr/src/build.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../common.sh"
DAISYEXAMPLES_GIT=${1:-${DAISYEXAMPLES_GIT:-$MIRRORS/electro-smith+DaisyExamples/repo}}
LIBDAISY_GIT=${2:-${LIBDAISY_GIT:-$MIRRORS/electro-smith+libDaisy/repo}}
DAISYSP_GIT=${3:-${DAISYSP_GIT:-$MIRRORS/electro-smith+DaisySP/repo}}
EX_COMMIT=259ed82c7d4c0d7699f695945e6e111b7dc7cb27       # master, 2026-06-12
LIBDAISY_COMMIT=85172e2b5c9abea1bf56dcd5d2c7b3f5717eb66b # pinned by DaisyExamples (2024-01-08)
DAISYSP_COMMIT=a0494a3adb67f549e18dfd71a35fa656f65b38b6  # pinned by DaisyExamples
EXPATH=seed/Ram                                                # example directory in DaisyExamples
APP_TYPE=${APP_TYPE:-BOOT_NONE}
case $APP_TYPE in BOOT_NONE) LDS=STM32H750IB_flash.lds;; BOOT_SRAM) LDS=STM32H750IB_sram.lds;; BOOT_QSPI) LDS=STM32H750IB_qspi.lds;; esac
WORK=${WORK:-$WORKROOT/$(basename "$HERE")}
OUT=${OUT:-$HERE}
NAME=$(basename "$EXPATH")

EX=$(src_tree DaisyExamples "$DAISYEXAMPLES_GIT" "$EX_COMMIT")
LIBDAISY=$(src_tree libDaisy "$LIBDAISY_GIT" "$LIBDAISY_COMMIT")
DAISYSP=$(src_tree DaisySP "$DAISYSP_GIT" "$DAISYSP_COMMIT")
# The libraries are built once per export with their own Makefiles.
[ -f "$LIBDAISY/build/libdaisy.a" ] || make -C "$LIBDAISY" -j"$(nproc)" > "$LIBDAISY/build.log" 2>&1 || { tail -20 "$LIBDAISY/build.log"; exit 1; }
[ -f "$DAISYSP/build/libdaisysp.a" ] || make -C "$DAISYSP" -j"$(nproc)" > "$DAISYSP/build.log" 2>&1 || { tail -20 "$DAISYSP/build.log"; exit 1; }
rm -rf "$WORK"; mkdir -p "$WORK/$(dirname "$EXPATH")"
ln -s "$LIBDAISY" "$WORK/libDaisy"; ln -s "$DAISYSP" "$WORK/DaisySP"
cp -a "${EXAMPLE:-$EX/$EXPATH}" "$WORK/$EXPATH"
rm -rf "$WORK/$EXPATH/build"
LDSCRIPT=${LDSCRIPT:-$LIBDAISY/core/$LDS}
make -C "$WORK/$EXPATH" APP_TYPE="$APP_TYPE" LDSCRIPT="$LDSCRIPT" > "$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; exit 1; }
mkdir -p "$OUT/ld"
cp "$LDSCRIPT" "$OUT/ld/$LDS"
keep_artifacts "$WORK/$EXPATH/build/$NAME.elf" "$WORK/$EXPATH/build/$NAME.map" "$OUT"
echo "built $WORK/$EXPATH/build/$NAME.elf ($APP_TYPE, $LDS)"
