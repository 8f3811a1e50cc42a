#!/bin/sh
# Device descriptions (memmaps/): lookup order, loaders bound to every
# device they apply to, an independent consistency check of every shipped
# description (tests/device_consistency.py), and values that were wrong
# once, compared with their sources (tests/device_facts.py).  The --show-device
# output of each shipped file is a case in tests/cases/cli/show-*, and each
# malformed description one in tests/cases/devices/.
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/.." && pwd)
passed=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL devices: $*"; }

# --- lookup: $LDLINT_MEMMAPS first, then the source tree, then the data dir
mkdir -p "$tmp/maps/sub"
sed 's/^description: .*/description: override from LDLINT_MEMMAPS/' \
	"$root/memmaps/st/stm32f411xe.yaml" >"$tmp/maps/sub/stm32f411xe.yaml"
if LDLINT_MEMMAPS="$tmp/empty:$tmp/maps" "$LDLINT" --show-device stm32f411xe |
	grep -q 'override from LDLINT_MEMMAPS'; then pass; else
	fail "LDLINT_MEMMAPS does not come first"; fi
if "$LDLINT" --show-device stm32f411xe | grep -q "memmaps/st/stm32f411xe.yaml"; then
	pass; else fail "the source tree's memmaps/ is not found"; fi
if "$LDLINT" --show-device "$root/memmaps/st/stm32f411xe.yaml" >/dev/null; then
	pass; else fail "-d PATH / --show-device PATH"; fi
# a copy of the binary outside the tree must not find the tree's memmaps
cp "$LDLINT" "$tmp/ldlint-copy" 2>/dev/null
if [ -x "$tmp/ldlint-copy" ] && ! head -c 2 "$LDLINT" | grep -q '#!'; then
	out=$(env -u LDLINT_MEMMAPS "$tmp/ldlint-copy" --show-device stm32f411xe 2>&1)
	if [ $? -eq 2 ] && printf '%s' "$out" | grep -q "share/ldlint/memmaps"; then
		pass; else fail "outside the tree: $out"; fi
fi
out=$("$LDLINT" --show-device no-such-device 2>&1)
if [ $? -eq 2 ] && printf '%s' "$out" | grep -q "no device or board 'no-such-device'"; then
	pass; else fail "unknown id: $out"; fi
out=$("$LDLINT" -d no-such-device "$here/../examples/stm32f411-blinky/app.ld" -f json 2>&1)
if [ $? -eq 2 ]; then pass; else fail "unknown -d with a script must exit 2"; fi
out=$(cd "$tmp" && printf 'MEMORY { FLASH (rx) : ORIGIN = 0x08000000, LENGTH = 512K }\n' >a.ld &&
      "$LDLINT" -d stm32f411xe -L st-link a.ld -f json)
if printf '%s' "$out" | grep -q '"device": "stm32f411xe"' &&
   printf '%s' "$out" | grep -q '"loader": "st-link"' &&
   printf '%s' "$out" | grep -q '"kind": "device"'; then pass; else
	fail "-d/-L do not reach the JSON output"; fi

# --- every loader binds to every device it applies to ----------------------
# (two runs at a time: under valgrind this is the suite's longest part)
ids=$("$LDLINT" --list-devices | awk 'NR > 1 && $2 != "loader" { print $1 }')
loaders=$("$LDLINT" --list-devices | awk 'NR > 1 && $2 == "loader" { print $1 }')
for l in $loaders; do
	for d in $ids; do
		printf '%s %s\n' "$l" "$d"
	done
done | xargs -P "${JOBS:-2}" -n 2 sh -c '
	out=$("$0" -d "$2" -L "$1" 2>&1)
	if [ $? -eq 0 ] || printf "%s" "$out" | grep -q "does not apply to"; then
		echo PASS
	else
		printf "FAIL devices: loader %s on %s: %s\n" "$1" "$2" "$out" | tr "\n" " "
		echo
	fi' "$LDLINT" >"$tmp/bind"
n=$(grep -c '^PASS$' "$tmp/bind")
passed=$((passed + n))
if grep '^FAIL' "$tmp/bind"; then
	failed=$((failed + $(grep -c '^FAIL' "$tmp/bind")))
fi
expect=$(($(echo $loaders | wc -w) * $(echo $ids | wc -w)))
if [ $((n + $(grep -c '^FAIL' "$tmp/bind"))) -ne "$expect" ]; then
	fail "loader bindings: $(wc -l <"$tmp/bind") results for $expect pairs"
fi

# --- independent consistency check of every shipped description -----------
if command -v python3 >/dev/null; then
	if python3 "$here/device_consistency.py" "$LDLINT" >"$tmp/cons" 2>&1; then
		pass
	else
		fail "device_consistency.py"
		cat "$tmp/cons"
	fi
	n=$(sed -n 's/^checked \([0-9]*\) .*/\1/p' "$tmp/cons")
	[ -n "$n" ] && passed=$((passed + n - 1))
	if python3 "$here/device_facts.py" "$LDLINT" >"$tmp/facts" 2>&1; then
		pass
	else
		fail "device_facts.py"
		cat "$tmp/facts"
	fi
	n=$(sed -n 's/^checked \([0-9]*\) facts.*/\1/p' "$tmp/facts")
	[ -n "$n" ] && passed=$((passed + n - 1))
	# a second YAML reader (PyYAML) takes every shipped file too, so
	# that the tools people edit them with (yamllint...) do not choke
	for f in "$root"/memmaps/*/*.yaml; do
		if python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' \
			"$f" 2>"$tmp/pyyaml"; then pass; else
			fail "PyYAML cannot read $f: $(tail -1 "$tmp/pyyaml")"; fi
	done
else
	echo "devices: python3 missing, consistency and facts checks skipped"
fi

echo "devices: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
