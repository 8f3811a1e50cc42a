#!/bin/sh
# nRF52840-DK without a J-Link tool installed: RIOT's PROGRAMMER defaults to openocd
# (boards/common/nrf52/Makefile.include).  The --defsym values are the ones RIOT's
# link line passes to ld (defsyms.txt).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd); cd "$HERE"
. ../common.sh
lint3 lint "-d nrf52840 -L openocd -I ld --defsym _rom_start_addr=0x00000000 --defsym _ram_start_addr=0x20000000 --defsym _rom_length=0x100000 --defsym _ram_length=0x40000 --defsym _slot_aux_offset=1048576 --defsym _slot_aux_len=0" ld/cortexm.ld fw.elf fw.map
for m in full elf map; do printf '== %s (exit %s)\n' "$m" "$(cat lint/$m.rc)"; cat lint/$m.txt; done
