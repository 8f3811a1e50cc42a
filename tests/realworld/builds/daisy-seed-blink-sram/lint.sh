#!/bin/sh
# BOOT_SRAM app: written to QSPI 0x90040000 by the Daisy bootloader's DFU (make program-dfu), copied to AXI SRAM and run by it.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd); cd "$HERE"
. ../common.sh
lint3 lint "-d daisy-seed -L daisy-bootloader" ld/STM32H750IB_sram.lds fw.elf fw.map
for m in full elf map; do printf '== %s (exit %s)\n' "$m" "$(cat lint/$m.rc)"; cat lint/$m.txt; done
