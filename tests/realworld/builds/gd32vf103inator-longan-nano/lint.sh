#!/bin/sh
# Longan Nano (GD32VF103CBT6); the app is linked for 0x08001000 behind the project's
# DFU bootloader; written here by a debug probe through OpenOCD (openocd).  The
# MEMORY origins/lengths use absolute symbols from start.S: --defsym gives ldlint
# the values ld got (BOOTLOADER=4*1024, FLASH_SIZE=64*1024, RAM_SIZE=20*1024).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd); cd "$HERE"
. ../common.sh
lint3 lint "-d gd32vf103cb -L openocd --defsym __bootloader=4096 --defsym __flash_size=65536 --defsym __ram_size=20480" ld/gd32vf103.ld fw.elf fw.map
for m in full elf map; do printf '== %s (exit %s)\n' "$m" "$(cat lint/$m.rc)"; cat lint/$m.txt; done
