#!/bin/sh
# Arduino Zero: RIOT's default PROGRAMMER is edbg (the on-board Atmel EDBG, a CMSIS-DAP
# debug probe; makefiles/boards/sam0.inc.mk), openocd is the other supported one.
# ldlint models no edbg/bossac loader, so the debug-probe loader 'openocd' stands in
# (both write internal flash through the probe).  --defsym: RIOT's link line (defsyms.txt).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd); cd "$HERE"
. ../common.sh
lint3 lint "-d samd21g18a -L openocd -I ld --defsym _rom_start_addr=0x00000000 --defsym _ram_start_addr=0x20000000 --defsym _rom_length=262144 --defsym _ram_length=0x00008000 --defsym _slot_aux_offset=262144 --defsym _slot_aux_len=0" ld/cortexm.ld fw.elf fw.map
for m in full elf map; do printf '== %s (exit %s)\n' "$m" "$(cat lint/$m.rc)"; cat lint/$m.txt; done
