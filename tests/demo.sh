#!/bin/sh
# make demo: builds the shipped Daisy Seed example with the Arm cross
# compiler and lints it (its .ldlint.yaml names the board, the bootloader
# and the inputs), then lints the clean STM32F411 example.  The example is
# freestanding (-ffreestanding -nostdlib: no C library), so the demo needs
# only gcc-arm-none-eabi.  ldlint prints nothing when it finds nothing, as
# a compiler does; the demo says so.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/demo
mkdir -p "$out"
ex=$top/examples/daisy-sram-app
flags="-mcpu=cortex-m7 -mthumb -O1 -ffreestanding -ffunction-sections -fdata-sections -nostdlib -nostartfiles"
arm-none-eabi-gcc $flags -T "$ex/app.ld" -Wl,--gc-sections \
	-Wl,-Map="$out/daisy-sram-app.map" -o "$out/daisy-sram-app.elf" \
	"$ex/startup.c" "$ex/main.c" -lgcc || exit 2

# said(STATUS): the exit status in words
said() {
	case $1 in
	0) echo "no findings (exit status 0)" ;;
	1) echo "(exit status 1: findings)" ;;
	*) echo "(exit status $1)" ;;
	esac
}

echo "== examples/daisy-sram-app, built into build/demo; its .ldlint.yaml names"
echo "   the board, the bootloader and the inputs"
echo "\$ cd examples/daisy-sram-app && ldlint --layout"
(cd "$ex" && "$top/ldlint" --layout)
said $?
echo
echo "== the fix: delete the .flash_text output section, so the FatFS state"
echo "   stays in SRAM with the rest of the app; the clean STM32F411 example:"
echo "\$ ldlint -d stm32f411xe examples/stm32f411-blinky/app.ld"
(cd "$top" && ./ldlint -d stm32f411xe examples/stm32f411-blinky/app.ld)
said $?
exit 0
