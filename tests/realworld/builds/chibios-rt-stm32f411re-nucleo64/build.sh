#!/bin/sh
# ChibiOS demos/STM32/RT-STM32F411RE-NUCLEO64, built with its own Makefile, its own
# linker script (os/common/startup/ARMCMx/compilers/GCC/ld/STM32F411xE.ld, which
# INCLUDEs rules.ld -> rules_{stacks,code,data,memory}.ld) and its own startup
# (crt0_v7m.S, vectors.S), unchanged.
#
#   build.sh [CHIBIOS_GIT]     CHIBIOS_GIT: bare mirror of github:ChibiOS/ChibiOS
#                              (default $MIRRORS/ChibiOS+ChibiOS/repo)
# Optional: STARTUPLD=DIR (a copy of the ld directory, for injected mistakes),
#           DEMO=DIR (a copy of the demo directory), WORK=DIR, OUT=DIR.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../common.sh"
CHIBIOS_GIT=${1:-${CHIBIOS_GIT:-$MIRRORS/ChibiOS+ChibiOS/repo}}
COMMIT=0c20d86ff1a4a104666be9af1d08b6bcba6c9a8b      # master, 2026-05-16
DEMO_REL=demos/STM32/RT-STM32F411RE-NUCLEO64
MAKEFILE=Makefile
LDNAME=STM32F411xE.ld
LDFILES="STM32F411xE.ld rules.ld rules_stacks.ld rules_code.ld rules_data.ld rules_memory.ld"
WORK=${WORK:-$WORKROOT/$(basename "$HERE")}
OUT=${OUT:-$HERE}

SRC=$(src_tree ChibiOS "$CHIBIOS_GIT" "$COMMIT")
UPLD=$SRC/os/common/startup/ARMCMx/compilers/GCC/ld
STARTUPLD=${STARTUPLD:-$UPLD}
DEMO=${DEMO:-$SRC/$DEMO_REL}
rm -rf "$WORK"; mkdir -p "$WORK"
# The demo Makefile's own flags (-O2, LTO, --gc-sections, -Wl,-Map=build/ch.map);
# only the tree, the build directory and (for injections) the ld directory are
# given on the command line.
make -C "$DEMO" -f "$MAKEFILE" -j"$(nproc)" CHIBIOS="$SRC" BUILDDIR="$WORK/build" DEPDIR="$WORK/.dep" \
     STARTUPLD="$STARTUPLD" > "$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; exit 1; }
mkdir -p "$OUT/ld"
for f in $LDFILES; do cp "$STARTUPLD/$f" "$OUT/ld/$f"; done
keep_artifacts "$WORK/build/ch.elf" "$WORK/build/ch.map" "$OUT"
echo "built $WORK/build/ch.elf"
