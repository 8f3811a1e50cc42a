#!/bin/sh
# Function lengths: no function in lint/ or rules/ over 100 lines but the
# dispatch tables tests/funclen.py lists with their reason (STYLE.md).
here=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$here/funclen.py" "$(cd "$here/.." && pwd)" 100
