#!/usr/bin/env python3
"""The README's rule table is generated from the rule table
(rules/rules.def via 'ldlint --list-rules'), between the markers
<!-- rules --> and <!-- /rules -->.

  readme_rules.py LDLINT README --check   fails when the README is stale
  readme_rules.py LDLINT README --write   rewrites the table
Prints 'readme: N passed, N failed'.
"""
import re
import subprocess
import sys

NEEDS = {"S": "script", "D": "device", "E": "ELF", "M": "map", "L": "loader"}


def table(ldlint):
    lines = subprocess.run([ldlint, "--list-rules"], capture_output=True,
                           text=True, check=True).stdout.splitlines()[1:]
    out = ["| id | severity | needs | finding |", "|---|---|---|---|"]
    for line in lines:
        m = re.match(r"^(\S+)\s+(\S+)\s+(\S+)\s+(.*)$", line)
        rid, sev, needs, summary = m.groups()
        needs = re.sub(r"[SDEML]", lambda x: NEEDS[x.group(0)], needs)
        summary = summary.replace("|", "\\|")
        out.append(f"| `{rid}` | {sev} | {needs} | {summary} |")
    return "\n".join(out) + "\n"


def main():
    ldlint, readme, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    text = open(readme).read()
    m = re.search(r"(<!-- rules -->\n)(.*?)(<!-- /rules -->)", text, re.S)
    if not m:
        print("FAIL README has no <!-- rules --> markers")
        print("readme: 0 passed, 1 failed")
        return 1
    new = text[:m.start(2)] + table(ldlint) + text[m.end(2):]
    if mode == "--write":
        open(readme, "w").write(new)
    elif new != text:
        print("FAIL the README's rule table is not the rule table; run "
              "tests/readme_rules.py ./ldlint README.md --write")
        print("readme: 0 passed, 1 failed")
        return 1
    print("readme: 1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
