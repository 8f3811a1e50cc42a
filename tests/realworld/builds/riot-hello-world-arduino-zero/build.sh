#!/bin/sh
# RIOT examples/basic/hello-world for BOARD=arduino-zero (ATSAMD21G18A), built with RIOT's
# own build system (BUILD_IN_DOCKER=0, QUIET=0): linker script
# cpu/cortexm_common/ldscripts/cortexm.ld (INCLUDEs cortexm_rom_offset.ld and
# cortexm_base.ld; ROM/RAM origins and lengths come from --defsym on the link line),
# startup cpu/cortexm_common/vectors_cortexm.c + cpu/samd21/vectors.c, unchanged.
#
# RIOT fetches packages with git at pinned commits (pkg/pkg.mk: git fetch --depth=1
# PKG_URL PKG_VERSION). Offline, a private git config (GIT_CONFIG_GLOBAL, written
# into $WORK) rewrites those https://github.com URLs to the bare mirrors
# (url.<mirror>.insteadOf), so RIOT's own package steps (sparse checkout, patches
# with git am) run unchanged on the same commits:
#   nrf5x_nrfx_mdk (vendor headers)  NordicSemiconductor/nrfx  11f57e578c7f (3.14.0)
#   cmsis (CMSIS/Core/Include)       ARM-software/CMSIS_5      2b7495b8535b (5.9.0)
#   mpaland-printf                   mpaland/printf            0dd4b64bc778
#
#   build.sh [RIOT_GIT]   bare mirror of github:RIOT-OS/RIOT (default $MIRRORS/RIOT-OS+RIOT/repo)
# Optional: BOARD (arduino-zero), APP (examples/basic/hello-world),
#           LDDIR=DIR (a modified copy of cpu/cortexm_common/ldscripts, searched
#           first: -L DIR before RIOT's, through the LINKFLAGS environment variable
#           that RIOT's makefiles append to), WORK, OUT.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../common.sh"
[ -n "$MIRRORS" ] || { echo "build.sh: set MIRRORS (the folder of bare mirrors, e.g. /work/.mirror)" >&2; exit 1; }
RIOT_GIT=${1:-${RIOT_GIT:-$MIRRORS/RIOT-OS+RIOT/repo}}
COMMIT=c8bd52ff13daea7da132b8a37986e21d47cde0fe     # master, 2026-08-21
BOARD=${BOARD:-arduino-zero}
APP=${APP:-examples/basic/hello-world}
WORK=${WORK:-$WORKROOT/$(basename "$HERE")}
OUT=${OUT:-$HERE}

SRC=$(src_tree RIOT "$RIOT_GIT" "$COMMIT")
rm -rf "$WORK"; mkdir -p "$WORK"
cat > "$WORK/gitconfig" <<CFG
[url "file://$MIRRORS/NordicSemiconductor+nrfx/repo"]
	insteadOf = https://github.com/NordicSemiconductor/nrfx
[url "file://$MIRRORS/ARM-software+CMSIS_5/repo"]
	insteadOf = https://github.com/ARM-software/CMSIS_5
[url "file://$MIRRORS/mpaland+printf/repo"]
	insteadOf = https://github.com/mpaland/printf
[uploadpack]
	allowFilter = true
	allowAnySHA1InWant = true
[protocol "file"]
	allow = always
[user]
	name = RIOT buildsystem
	email = buildsystem@riot
CFG
cp -a "$SRC/$APP" "$WORK/app"
LDDIR=${LDDIR:-}
( export GIT_CONFIG_GLOBAL="$WORK/gitconfig" HOME="$WORK"
  [ -z "$LDDIR" ] || export LINKFLAGS="-L$LDDIR"
  make -C "$WORK/app" BOARD="$BOARD" BUILD_IN_DOCKER=0 QUIET=0 RIOTBASE="$SRC" \
       BUILD_DIR="$WORK/cache" BINDIRBASE="$WORK/bin" -j"$(nproc)" ) > "$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; exit 1; }
B=$WORK/bin/$BOARD
NAME=$(sed -n 's/^APPLICATION *= *//p' "$WORK/app/Makefile")
LD=${LDDIR:-$SRC/cpu/cortexm_common/ldscripts}
mkdir -p "$OUT/ld"
for f in cortexm.ld cortexm_rom_offset.ld cortexm_base.ld; do cp "$LD/$f" "$OUT/ld/$f"; done
grep -o -- "-Wl,--defsym=[^ ]*" "$WORK/build.log" | tail -n +1 | sort -u > "$OUT/defsyms.txt"
keep_artifacts "$B/$NAME.elf" "$B/$NAME.map" "$OUT"
echo "built $B/$NAME.elf"
