#!/bin/sh
# Lints the kept build three ways into lint/ (script+ELF+map, ELF alone, map alone).
# NUCLEO-H743ZI2 (MB1364, the board the .cproject defines USE_STM32H7XX_NUCLEO_144_MB1364; STM32H743ZIT6, on-board ST-LINK/V3E): written by the ST-LINK probe (STM32CubeProgrammer / st-flash).
# STM32H743ZI: ldlint's nucleo-h753zi board (the H753 has the H743's memory map).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd); cd "$HERE"
. ../common.sh
lint3 lint "-d nucleo-h753zi -L st-link" ld/STM32H743ZITx_FLASH_DTCMRAM.ld fw.elf fw.map
for m in full elf map; do printf '== %s (exit %s)\n' "$m" "$(cat lint/$m.rc)"; cat lint/$m.txt; done
