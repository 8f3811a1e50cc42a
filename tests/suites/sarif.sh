#!/bin/sh
# SARIF output of every rule fixture validated against the SARIF 2.1.0
# schema in ../shared/schemas (Debian's python3-jsonschema).
here=$(cd "$(dirname "$0")/.." && pwd)
py=python3
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null && py=/usr/bin/python3
exec $py "$here/sarif_check.py" "$LDLINT" "$SHARED/schemas/sarif-schema-2.1.0.json" \
	$(ls -d "$here"/rules/*.pos* "$here"/rules/*.neg* 2>/dev/null)
