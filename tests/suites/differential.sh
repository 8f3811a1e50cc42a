#!/bin/sh
# MEMORY regions: GNU ld's map versus ldlint, for every accepted corpus
# script with a MEMORY block.  Skipped when ../shared is absent.
here=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$here/corpus_check.py" regions "$LDLINT" "$SHARED/corpus"
