#!/bin/sh
# Integrations: the pre-commit hook (.pre-commit-hooks.yaml), ldlint.mk,
# cmake/ldlint.cmake and the CI examples in examples/ci/, each run for real
# on the firmware fixtures in tests/integrations/ (see check.py there).
here=$(cd "$(dirname "$0")/.." && pwd)
py=python3
# Debian's python3-yaml is the one 'make check' installs
/usr/bin/python3 -c 'import yaml' 2>/dev/null && py=/usr/bin/python3
exec $py "$here/integrations/check.py" "$LDLINT"
