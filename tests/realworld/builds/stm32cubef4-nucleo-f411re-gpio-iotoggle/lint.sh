#!/bin/sh
# Lints the kept build three ways into lint/ (script+ELF+map, ELF alone, map alone).
# NUCLEO-F411RE (STM32F411RET6, on-board ST-LINK/V2-1): written by the ST-LINK probe (STM32CubeProgrammer / st-flash).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd); cd "$HERE"
. ../common.sh
lint3 lint "-d stm32f411xe -L st-link" ld/STM32F411RETX_FLASH.ld fw.elf fw.map
for m in full elf map; do printf '== %s (exit %s)\n' "$m" "$(cat lint/$m.rc)"; cat lint/$m.txt; done
