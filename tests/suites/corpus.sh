#!/bin/sh
# Real-world scripts from ../shared/corpus: accepted ones parse, rejected
# ones fail at GNU ld's line.  Skipped when ../shared is absent.
here=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$here/corpus_check.py" parse "$LDLINT" "$SHARED/corpus"
