#!/bin/sh
# Lints the kept build three ways into lint/ (script+ELF+map, ELF alone, map alone).
# 32F429IDISCOVERY (STM32F429ZIT6), written through its on-board ST-LINK/V2.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd); cd "$HERE"
. ../common.sh
lint3 lint "-d stm32f429zi -L st-link -I ld" ld/stm32f429i-discovery.ld fw.elf fw.map
for m in full elf map; do printf '== %s (exit %s)\n' "$m" "$(cat lint/$m.rc)"; cat lint/$m.txt; done
