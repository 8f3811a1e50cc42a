#!/usr/bin/env python3
"""Function lengths in lint/ and rules/ (the code style's budget): prints
the median and every function over the limit.  A function is the text from
its '{' at column 0 to its '}' at column 0; its name is the identifier
before the '(' on the lines above.  Switch-only dispatch functions may be
longer: they are listed in ALLOWED with the reason.
Usage: funclen.py ROOT [LIMIT]; ends with 'funclen: N passed, N failed'."""
import os
import re
import statistics
import sys

ALLOWED = {
    # one case per option or token kind: splitting them hides the table
    "parse_options": "getopt dispatch, one case per option",
    "ifile": "ldgram.y's ifile_p1: one case per script command",
}


def functions(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    out = []
    for i, line in enumerate(lines):
        if line != "{":
            continue
        k = i - 1
        while k > 0 and lines[k][:1] in (" ", "\t"):
            k -= 1
        m = re.search(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(", lines[k])
        if not m or "=" in lines[k]:
            continue
        for j in range(i + 1, len(lines)):
            if lines[j] == "}":
                out.append((m.group(1), j - i + 1, i + 1))
                break
    return out


def main():
    root = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 80
    sizes, over = [], []
    for d in ("lint", "rules"):
        for f in sorted(os.listdir(os.path.join(root, d))):
            if not f.endswith(".c"):
                continue
            for name, n, line in functions(os.path.join(root, d, f)):
                sizes.append(n)
                if n > limit and name not in ALLOWED:
                    over.append(f"{d}/{f}:{line}: {name} is {n} lines")
    med = statistics.median(sizes) if sizes else 0
    for o in over:
        print("FAIL funclen: " + o)
    print(f"funclen: {len(sizes)} functions, median {med} lines, "
          f"longest {max(sizes) if sizes else 0}")
    failed = len(over) + (1 if med >= 25 else 0)
    print(f"funclen: {0 if failed else 1} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
