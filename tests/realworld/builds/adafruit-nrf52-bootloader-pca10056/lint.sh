#!/bin/sh
# The bootloader (0xF4000-0xFDFFF + config/settings pages + two UICR words) is written
# with `make flash` (nrfjprog --program *_nosd.hex --sectoranduicrerase) or pyocd: a
# debug probe. ldlint's debug-probe loader is 'openocd' (OpenOCD's nrf52.cfg also
# declares a UICR flash bank).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd); cd "$HERE"
. ../common.sh
lint3 lint "-d nrf52840 -L nrf52840-s140 -I ld" ld/nrf52840.ld fw.elf fw.map
for m in full elf map; do printf '== %s (exit %s)\n' "$m" "$(cat lint/$m.rc)"; cat lint/$m.txt; done
