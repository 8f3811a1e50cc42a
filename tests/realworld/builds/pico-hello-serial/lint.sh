#!/bin/sh
# default binary: UF2 dropped on the RP2040 boot ROM's USB mass-storage drive (BOOTSEL).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd); cd "$HERE"
. ../common.sh
lint3 lint "-d raspberry-pi-pico -L rp2040-uf2 -I ld" ld/memmap_default.ld fw.elf fw.map
for m in full elf map; do printf '== %s (exit %s)\n' "$m" "$(cat lint/$m.rc)"; cat lint/$m.txt; done
