#!/bin/sh
# Makes the README's pull-request report pictures: the Daisy example (make
# demo builds it into build/demo) compared with the build before the change
# that put the FatFS state in internal flash (main.c without its section
# attributes, app.ld without .flash_text), as -f markdown (docs/report-daisy.md)
# and -f html (build/demo/report.html, and docs/report-daisy.png when
# chromium is installed).  Run from the top of the checkout after make demo.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
ex=$top/examples/daisy-sram-app
base=$top/build/demo/base
flags="-mcpu=cortex-m7 -mthumb -O1 -ffreestanding -ffunction-sections -fdata-sections -nostdlib -nostartfiles"
rm -rf "$base"
mkdir -p "$base"
sed 's/__attribute__((section(".flash_text"))) //' "$ex/main.c" >"$base/main.c"
grep -v 'flash_text\|added to save RAM' "$ex/app.ld" >"$base/app.ld"
cd "$base"
arm-none-eabi-gcc $flags -c "$ex/startup.c" -o startup.o
arm-none-eabi-gcc $flags -c main.c -o main.o
arm-none-eabi-gcc $flags -T app.ld -Wl,--gc-sections -Wl,-Map=daisy-sram-app.map \
	-o daisy-sram-app.elf startup.o main.o -lgcc
rm main.c
cd "$ex"
"$top/ldlint" -f markdown --baseline "$base" >"$top/docs/report-daisy.md" || true
"$top/ldlint" -f html --baseline "$base" -o "$top/build/demo/report.html" || true
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$chromium" ]; then
	"$chromium" --headless --disable-gpu --no-sandbox --hide-scrollbars \
		--window-size=1100,1280 --screenshot="$top/docs/report-daisy.png" \
		"file://$top/build/demo/report.html" 2>/dev/null
else
	echo "chromium is not installed: no docs/report-daisy.png"
fi
