#!/bin/sh
# Lints the kept build three ways into lint/ (script+ELF+map, ELF alone, map alone).
# NUCLEO-G431RB (STM32G431RBT6, on-board ST-LINK/V3E): written by the ST-LINK probe (STM32CubeProgrammer / st-flash).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd); cd "$HERE"
. ../common.sh
lint3 lint "-d stm32g431rb -L st-link" ld/STM32G431RBTX_FLASH.ld fw.elf fw.map
for m in full elf map; do printf '== %s (exit %s)\n' "$m" "$(cat lint/$m.rc)"; cat lint/$m.txt; done
