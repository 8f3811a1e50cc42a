#!/bin/sh
# The README's rule list must be the rule table.
here=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$here/readme_rules.py" "$LDLINT" "$here/../README.md" --check
