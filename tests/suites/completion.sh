#!/bin/sh
# Bash completion: options, rule ids and device ids come from ldlint.
here=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v bash >/dev/null; then
	echo "completion: 0 passed, 0 failed, 1 skipped (no bash)"
	exit 0
fi
exec bash -c '
. "$1/completions/ldlint.bash"
passed=0 failed=0
check() {	# words... -- expected word in COMPREPLY
	want=$1; shift
	COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
	_ldlint
	case " ${COMPREPLY[*]} " in
	*" $want "*) passed=$((passed + 1)) ;;
	*) failed=$((failed + 1)); echo "FAIL completion of \"$*\": want $want, got ${COMPREPLY[*]}" ;;
	esac
}
L=$2
check --explain "$L" --expl
check image-gap "$L" --explain image
check -Wno-image-gap "$L" -Wno-image
check stm32f411xe "$L" -d stm32f41
check daisy-bootloader "$L" -L daisy
check sarif "$L" -f sa
check --fail-on "$L" --fail
check --layout "$L" --lay
check markdown "$L" -f mark
check --baseline "$L" --basel
check --fail-on-new "$L" --fail-on-n
echo "completion: $passed passed, $failed failed"
' sh "$here" "$LDLINT"
