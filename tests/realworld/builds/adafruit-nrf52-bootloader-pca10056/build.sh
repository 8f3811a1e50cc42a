#!/bin/sh
# adafruit/Adafruit_nRF52_Bootloader for BOARD=pca10056 (nRF52840-DK), built with its
# own Makefile: linker script linker/nrf52840.ld (INCLUDEs linker/nrf_common.ld;
# bootloader at 0xF4000, bootloader config, MBR params and settings pages, UICR
# words), startup from nrfx's MDK (lib/nrfx submodule), unchanged.  The submodules
# (lib/nrfx, lib/tinyusb, lib/uf2, lib/tinycrypt) are exported from their own
# mirrors at the gitlink commits the bootloader pins.
# Offline differences: GIT_VERSION is given on the command line (the export is no
# git checkout; the value is `git describe --always --tags` of the commit, which is
# what the Makefile computes in a clone); only the ELF target (.out, with its
# -Map) and the plain .hex are built: the merged hex/zip/uf2 packaging steps need
# adafruit-nrfutil and python intelhex, and do not change the link.
#
#   build.sh [BOOT_GIT]   bare mirror of github:adafruit/Adafruit_nRF52_Bootloader
# Optional: BOARD (pca10056), LINKERDIR=DIR (a modified copy of linker/), WORK, OUT.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../common.sh"
[ -n "$MIRRORS" ] || { echo "build.sh: set MIRRORS (the folder of bare mirrors, e.g. /work/.mirror)" >&2; exit 1; }
BOOT_GIT=${1:-${BOOT_GIT:-$MIRRORS/adafruit+Adafruit_nRF52_Bootloader/repo}}
COMMIT=48a149ffcb2e092051d1169f443f9b9b8613a54c        # master, 2026-03-19
NRFX_COMMIT=7a4c9d946cf1801771fc180acdbf7b878f270093   # gitlink lib/nrfx
TUSB_COMMIT=9775e76910d569ec73b8dd946f3fa5fe5414acdb   # gitlink lib/tinyusb
UF2_COMMIT=b19ac9ad613e11a062e4d00845e2b80e6b0ad29f    # gitlink lib/uf2
TCRYPT_COMMIT=cf24c907a61c01bc2c4e1ee0ae24457c27a840a2 # gitlink lib/tinycrypt
GIT_VERSION=0.10.0-13-g48a149f                         # git describe --always --tags $COMMIT
BOARD=${BOARD:-pca10056}
WORK=${WORK:-$WORKROOT/$(basename "$HERE")}
OUT=${OUT:-$HERE}

SRC=$(src_tree Adafruit_nRF52_Bootloader "$BOOT_GIT" "$COMMIT")
NRFX=$(src_tree nrfx "$MIRRORS/NordicSemiconductor+nrfx/repo" "$NRFX_COMMIT")
TUSB=$(src_tree tinyusb "$MIRRORS/hathach+tinyusb/repo" "$TUSB_COMMIT")
UF2=$(src_tree uf2 "$MIRRORS/microsoft+uf2/repo" "$UF2_COMMIT")
TCRYPT=$(src_tree tinycrypt "$MIRRORS/intel+tinycrypt/repo" "$TCRYPT_COMMIT")
rm -rf "$WORK"; mkdir -p "$WORK"
cp -a "$SRC" "$WORK/boot"
for s in nrfx:$NRFX tinyusb:$TUSB uf2:$UF2 tinycrypt:$TCRYPT; do
    rm -rf "$WORK/boot/lib/${s%%:*}"; ln -s "${s#*:}" "$WORK/boot/lib/${s%%:*}"
done
if [ -n "${LINKERDIR:-}" ]; then rm -rf "$WORK/boot/linker"; cp -a "$LINKERDIR" "$WORK/boot/linker"; fi
NAME=${BOARD}_bootloader-$GIT_VERSION
B=_build/build-$BOARD
make -C "$WORK/boot" BOARD="$BOARD" GIT_VERSION="$GIT_VERSION" -j"$(nproc)" "$B/$NAME.out" "$B/$NAME.hex" \
     > "$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; exit 1; }
mkdir -p "$OUT/ld"
for f in nrf52840.ld nrf_common.ld; do cp "$WORK/boot/linker/$f" "$OUT/ld/$f"; done
keep_artifacts "$WORK/boot/$B/$NAME.out" "$WORK/boot/$B/$NAME.out.map" "$OUT"
echo "built $WORK/boot/$B/$NAME.out"
