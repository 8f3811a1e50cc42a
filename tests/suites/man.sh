#!/bin/sh
# ldlint.1 agrees with --help and the rule table; groff is silent on it.
here=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$here/man_check.py" "$LDLINT" "$here/../ldlint.1"
