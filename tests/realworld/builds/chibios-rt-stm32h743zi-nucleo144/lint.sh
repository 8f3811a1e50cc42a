#!/bin/sh
# Lints the kept build three ways into lint/ (script+ELF+map, ELF alone, map alone).
# STM32H743ZI on a NUCLEO-H743ZI: ldlint's nucleo-h753zi board (the H753 has the H743's memory map).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd); cd "$HERE"
. ../common.sh
lint3 lint "-d nucleo-h753zi -L st-link -I ld" ld/STM32H743xI.ld fw.elf fw.map
for m in full elf map; do printf '== %s (exit %s)\n' "$m" "$(cat lint/$m.rc)"; cat lint/$m.txt; done
