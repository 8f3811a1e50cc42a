#!/bin/sh
# SARIF output of every rule case validated against the SARIF 2.1.0 schema
# (tests/schemas/sarif-schema-2.1.0.json, the OASIS schema as published;
# Debian's python3-jsonschema).  The cases suite builds the cases first.
here=$(cd "$(dirname "$0")/.." && pwd)
py=python3
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null && py=/usr/bin/python3
exec $py "$here/sarif_check.py" "$LDLINT" "$here/schemas/sarif-schema-2.1.0.json" \
	$(ls -d "$here"/cases/rules/*.pos* "$here"/cases/rules/*.neg* 2>/dev/null)
