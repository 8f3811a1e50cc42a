#!/bin/sh
# -f html in a real browser: headless Chromium loads reports of firmware
# the cases suite built (it runs before this one) and tests/html_check.py
# checks the page as a person sees it: no console error, no exception, no
# network request; the regions table; the findings (new and fixed against
# a baseline) with source excerpts; the treemap drawn, zoomed into and back
# out; the memory picture inline; a screenshot that is not blank.  Skipped,
# with the reason, when Chromium is not installed or the cases were not
# built.
here=$(cd "$(dirname "$0")/.." && pwd)
built=$here/../build/cases/cli
passed=0 failed=0 skipped=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
	echo "report: 0 passed, 0 failed, 3 skipped (chromium is not installed: apt-get install chromium)"
	exit 0
fi

# page NAME CASE 'LDLINT ARGS' 'html_check.py ARGS': the report of a built
# case, written with -o, checked in the browser
page() {
	if [ ! -f "$built/$2/out/app.elf" ]; then
		skipped=$((skipped + 1))
		echo "skip report/$1: build/cases/cli/$2 not built (cases suite skipped?)"
		return
	fi
	(cd "$built/$2" && eval "\"\$LDLINT\" -f html -o \"\$tmp/$1.html\" $3" \
		>"$tmp/$1.out" 2>&1)
	if [ ! -s "$tmp/$1.html" ] || [ -s "$tmp/$1.out" ]; then
		failed=$((failed + 1))
		echo "FAIL report/$1: no report written, or ldlint printed besides it:"
		cat "$tmp/$1.out"
		return
	fi
	if eval "python3 \"\$here/html_check.py\" \"\$tmp/$1.html\" $4" >"$tmp/$1.check" 2>&1; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL report/$1:"
		cat "$tmp/$1.check"
	fi
}

page baseline baseline "--baseline base/out app.ld out/app.elf out/app.map" \
	"--regions FLASH,RAM --findings 2 --fixed 1 --treemap"
page device markdown "-d stm32f411xe app.ld out/app.elf out/app.map" \
	"--regions FLASH,RAM --findings 3 --treemap"
page archive size-archive "app.ld out/app.elf out/app.map" \
	"--regions FLASH,RAM --findings 0 --treemap"
echo "report: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
