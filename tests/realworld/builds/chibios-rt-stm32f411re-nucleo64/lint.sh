#!/bin/sh
# Lints the kept build three ways into lint/ (script+ELF+map, ELF alone, map alone).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd); cd "$HERE"
. ../common.sh
lint3 lint "-d stm32f411xe -L st-link -I ld" ld/STM32F411xE.ld fw.elf fw.map
for m in full elf map; do printf '== %s (exit %s)\n' "$m" "$(cat lint/$m.rc)"; cat lint/$m.txt; done
