#!/bin/sh
# --layout=svg: pictures of real layouts must be well-formed XML (xmllint),
# deterministic, escaped, written with -o, and keep the exit status the
# findings decide; with chromium installed, one is rendered to a PNG.
# The rule cases' ELF and map files come from the cases suite, which runs
# before this one (build/cases/rules/CASE/out/app.elf, app.map).
here=$(cd "$(dirname "$0")/.." && pwd)
built=$here/../build/cases/rules
cli=$here/cases/cli
passed=0 failed=0 skipped=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL svg/$1: $2"; }
skip() { skipped=$((skipped + 1)); echo "skip svg/$1: $2"; }

if ! command -v xmllint >/dev/null; then
	echo "svg: 0 passed, 0 failed, 1 skipped (xmllint not installed: make check installs libxml2-utils)"
	exit 0
fi

# check NAME SVG: well-formed, one root <svg>, no leftover NUL or control bytes
check() {
	if ! xmllint --noout "$2" 2>"$tmp/xmllint.err"; then
		fail "$1" "not well-formed XML"
		cat "$tmp/xmllint.err"
		return 1
	fi
	if ! head -n 2 "$2" | grep -q '<svg xmlns="http://www.w3.org/2000/svg" version="1.1"'; then
		fail "$1" "no SVG 1.1 root element"
		return 1
	fi
	if grep -qE 'href=|<script|<style|@import|<image' "$2"; then
		fail "$1" "refers to something outside the file"
		return 1
	fi
	return 0
}

# fixture CASE: the SVG of a rule fixture, with the fixture's own command
# line; the exit status must be the text run's.
fixture() {
	c=$1
	if [ ! -f "$built/$c/out/app.elf" ]; then
		skip "$c" "build/cases/rules/$c/out/app.elf not built (cases suite skipped?)"
		return
	fi
	args=$(sed -n 's/^ARGS: //p' "$built/$c/cmd" | head -n 1)
	out=$tmp/$c.svg
	(cd "$built/$c" && ELF=out/app.elf MAP=out/app.map &&
	 eval "\"\$LDLINT\" $args" >/dev/null 2>&1; echo $? >"$tmp/$c.text-exit"
	 eval "\"\$LDLINT\" --layout=svg -o \"\$out\" $args" >"$tmp/$c.stdout" 2>&1
	 echo $? >"$tmp/$c.svg-exit")
	if [ "$(cat "$tmp/$c.text-exit")" != "$(cat "$tmp/$c.svg-exit")" ]; then
		fail "$c" "exit $(cat "$tmp/$c.svg-exit") with --layout=svg, $(cat "$tmp/$c.text-exit") without"
		return
	fi
	if [ -s "$tmp/$c.stdout" ]; then
		fail "$c" "printed something besides the SVG file"
		cat "$tmp/$c.stdout"
		return
	fi
	check "$c" "$out" || return
	pass
}

fixture lma-not-programmable.pos-fr1-daisy
fixture clean.neg-stm32f411xe
fixture data-no-lma.pos
fixture clean.neg-nrf52840-s140
fixture section-overlap.pos
fixture reserved-overlap.pos

# What the pictures say: the Daisy fixture's .flash_text has findings (red),
# the bootloader's ranges are hatched and its QSPI copy is drawn; the F411
# fixture copies .data from flash at startup (an arrow).
svg=$tmp/lma-not-programmable.pos-fr1-daisy.svg
if [ -f "$svg" ]; then
	if grep -A1 '<title>.flash_text:' "$svg" | grep -q 'stroke="#d11a1a" stroke-width="2"' &&
	   grep -q 'url(#hatch-o)' "$svg" && grep -q 'kept by daisy-bootloader' "$svg" &&
	   grep -q '<path d="M[^"]*C[^"]*".*marker-end="url(#arrow-l)"' "$svg"; then
		pass
	else
		fail daisy-content "no red .flash_text, occupied range or loader copy"
	fi
fi
svg=$tmp/clean.neg-stm32f411xe.svg
if [ -f "$svg" ]; then
	if grep -q 'load of .data' "$svg" &&
	   grep -q '<path d="M[^"]*C[^"]*".*marker-end="url(#arrow)"' "$svg" &&
	   ! grep -q 'stroke="#d11a1a" stroke-width="2"' "$svg"; then
		pass
	else
		fail f411-content "no load image and arrow for .data, or red without findings"
	fi
fi

# script only, several scripts, and an ELF alone
script_only() {
	name=$1
	shift
	(cd "$cli" && "$LDLINT" --layout=svg "$@" >"$tmp/$name.svg" 2>"$tmp/$name.err")
	status=$?
	if [ $status -gt 1 ] || [ -s "$tmp/$name.err" ]; then
		fail "$name" "exit $status"
		cat "$tmp/$name.err"
		return
	fi
	check "$name" "$tmp/$name.svg" && pass
}
script_only script-only layout/app.ld
script_only two-scripts layout-svg/app.ld layout/app.ld
script_only device layout-svg-device/app.ld -d nrf52840 -L nrf52840-s140
if [ -f "$built/clean.neg-stm32f411xe/out/app.elf" ]; then
	script_only elf-only "$built/clean.neg-stm32f411xe/out/app.elf"
fi

# The same inputs give the same bytes.
(cd "$cli" && "$LDLINT" --layout=svg layout-svg-device/app.ld -d nrf52840 \
	-L nrf52840-s140 >"$tmp/again.svg" 2>&1)
if cmp -s "$tmp/device.svg" "$tmp/again.svg"; then
	pass
else
	fail deterministic "two runs differ"
fi

# Names and paths with markup characters, bytes that are not UTF-8 and
# control characters are escaped or replaced.
mkdir -p "$tmp/esc"
printf '%s\n' 'MEMORY { FLASH (rx) : ORIGIN = 0x08000000, LENGTH = 64K }' \
	'SECTIONS {' \
	'  ".x<y>&z" 0x08000000 : { . = . + 0x100; } > FLASH' >"$tmp/esc/a&b<c>'.ld"
printf '  ".bad\377\001\302name" : { . = . + 0x10; } > FLASH\n' >>"$tmp/esc/a&b<c>'.ld"
printf '%s\n' "  \".q'\\\"r\" : { . = . + 0x10; } > FLASH" '}' >>"$tmp/esc/a&b<c>'.ld"
(cd "$tmp/esc" && "$LDLINT" --layout=svg "a&b<c>'.ld" >"$tmp/esc.svg" 2>"$tmp/esc.err")
if check escape "$tmp/esc.svg"; then
	if grep -q '\.x&lt;y&gt;&amp;z' "$tmp/esc.svg" && grep -q 'a&amp;b&lt;c&gt;' "$tmp/esc.svg" &&
	   grep -q '\.bad???name' "$tmp/esc.svg"; then
		pass
	else
		fail escape "names not in the picture, escaped"
	fi
fi

# -o writes the file atomically and prints nothing; a bad argument is a
# usage error; plain --layout stays text.
(cd "$cli/layout" && "$LDLINT" --layout=svg -o "$tmp/o.svg" app.ld >"$tmp/o.out" 2>&1)
if [ $? = 0 ] && [ ! -s "$tmp/o.out" ] && check dash-o "$tmp/o.svg" &&
   [ -z "$(ls "$tmp" | grep 'o.svg.tmp')" ]; then
	pass
else
	fail dash-o "-o did not write the SVG alone"
fi
# -o gives a new file the mode creat() would (umask 022: 0644), not 0600,
# and keeps the mode of a file it replaces
(umask 022; cd "$cli/layout" && "$LDLINT" --layout=svg -o "$tmp/m.svg" app.ld >/dev/null 2>&1)
m1=$(stat -c %a "$tmp/m.svg" 2>/dev/null)
chmod 640 "$tmp/m.svg" 2>/dev/null
(umask 022; cd "$cli/layout" && "$LDLINT" --layout=svg -o "$tmp/m.svg" app.ld >/dev/null 2>&1)
m2=$(stat -c %a "$tmp/m.svg" 2>/dev/null)
if [ "$m1" = 644 ] && [ "$m2" = 640 ]; then
	pass
else
	fail dash-o-mode "-o wrote mode $m1 (want 644), then $m2 (want 640)"
fi
for bad in "--layout=png" "--layout=svg -f json"; do
	(cd "$cli/layout" && eval "\"\$LDLINT\" $bad app.ld" >/dev/null 2>&1)
	if [ $? = 2 ]; then pass; else fail usage "'$bad' is not a usage error"; fi
done
if (cd "$cli/layout" && "$LDLINT" --layout app.ld 2>&1) | grep -q '^Memory layout of app.ld'; then
	pass
else
	fail layout-text "plain --layout is not the text picture"
fi

# Rendering: headless Chromium draws the Daisy picture (optional).
chrome=$(command -v chromium || command -v chromium-browser || command -v google-chrome)
svg=$tmp/lma-not-programmable.pos-fr1-daisy.svg
[ -f "$svg" ] || svg=$tmp/device.svg
if [ -z "$chrome" ]; then
	skip render "chromium not installed (apt-get install chromium to render)"
elif [ ! -f "$svg" ]; then
	skip render "no SVG to render"
else
	size=$(sed -n 's/.*<svg[^>]* width="\([0-9]*\)" height="\([0-9]*\)".*/\1,\2/p' "$svg" | head -n 1)
	timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$tmp/chrome" --window-size="${size:-1200,900}" \
		--screenshot="$tmp/render.png" "file://$svg" >"$tmp/chrome.log" 2>&1
	if [ -s "$tmp/render.png" ] && head -c 8 "$tmp/render.png" | grep -q PNG; then
		pass
	else
		fail render "chromium wrote no PNG"
		tail -n 5 "$tmp/chrome.log"
	fi
fi

if [ "$skipped" -gt 0 ]; then
	echo "svg: $passed passed, $failed failed, $skipped skipped"
else
	echo "svg: $passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
