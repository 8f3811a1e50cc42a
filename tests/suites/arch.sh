#!/bin/sh
# Architecture: lint/ and rules/ modules form a DAG, one way from base to
# readers, model, rules, emitters and the command line (includes and calls;
# see tests/arch_check.py).
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/.." && pwd)
build=$(dirname "$LDLINT")/build
[ -d "$build/lint" ] || build=$root/build
exec python3 "$here/arch_check.py" "$root" "$build"
