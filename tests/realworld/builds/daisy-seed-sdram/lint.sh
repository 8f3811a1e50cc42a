#!/bin/sh
# BOOT_NONE app in internal flash: written with `make program-dfu` (the ST ROM DFU, 0483:df11 at 0x08000000).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd); cd "$HERE"
. ../common.sh
lint3 lint "-d daisy-seed -L stm32-rom-dfu" ld/STM32H750IB_flash.lds fw.elf fw.map
for m in full elf map; do printf '== %s (exit %s)\n' "$m" "$(cat lint/$m.rc)"; cat lint/$m.txt; done
