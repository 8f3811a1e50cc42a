#!/usr/bin/env python3
"""Real upstream firmware builds (../shared/realworld, and the folders of
$REALWORLD_EXTRA, colon-separated, with the same layout: ld/, fw.elf,
fw.map and a lint.sh whose 'lint3 OUT "ARGS" SCRIPT ELF MAP' line gives
the device, loader and script) linted three ways: script + ELF + map, the
ELF alone, the map alone.  Every finding must be one that
tests/realworld/expected.tsv lists with its evidence (a defect of the
upstream project), and every listed one must still fire.
Usage: realworld.py LDLINT SHARED; ends with 'realworld: N passed, N failed'.
"""
import json
import os
import re
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def builds(shared):
    roots = [os.path.join(shared, "realworld")] + \
        [d for d in os.environ.get("REALWORLD_EXTRA", "").split(":") if d]
    for root in roots:
        if not os.path.isdir(root):
            continue
        for name in sorted(os.listdir(root)):
            d = os.path.join(root, name)
            lint = os.path.join(d, "lint.sh")
            if not os.path.isfile(lint) or not os.path.isfile(os.path.join(d, "fw.elf")):
                continue
            m = re.search(r'^lint3 \S+ "([^"]*)" (\S+) (\S+) (\S+)', open(lint).read(), re.M)
            if m:
                yield name, d, shlex.split(m.group(1)), m.group(2), m.group(3), m.group(4)


def expected():
    want = set()
    for line in open(os.path.join(HERE, "realworld", "expected.tsv")):
        if line.startswith("#") or not line.strip():
            continue
        folder, mode, rule, sev, where = line.rstrip("\n").split("\t")[:5]
        want.add((folder, mode, rule, sev, where))
    return want


def lint(ldlint, d, args):
    r = subprocess.run([ldlint, "-f", "json"] + args, cwd=d, capture_output=True,
                       text=True)
    try:
        doc = json.loads(r.stdout)
    except ValueError:
        return None, f"exit {r.returncode}, no JSON: {r.stderr.strip()[:300]}"
    return doc["findings"], None


def main():
    ldlint, shared = os.path.abspath(sys.argv[1]), sys.argv[2]
    found = list(builds(shared))
    if not found:
        print("realworld: 0 passed, 0 failed, 1 skipped (not checked: the "
              "findings on builds of open-source firmware projects (their "
              "scripts, ELF and map files); those builds are not part of the "
              "source tree; 'make check SHARED=DIR' checks them when "
              "DIR/realworld holds them, and REALWORLD_EXTRA=DIR:... adds more)")
        return 0
    want = expected()
    seen = set()
    passed = failed = 0
    for name, d, args, script, elf, mapf in found:
        for mode, inputs in (("full", [script, elf, mapf]), ("elf", [elf]),
                             ("map", [mapf])):
            findings, err = lint(ldlint, d, args + inputs)
            problems = [err] if err else []
            for f in findings or []:
                key = (name, mode, f["rule"], f["severity"],
                       f"{f['file']}:{f['line']}")
                if key in want:
                    seen.add(key)
                else:
                    problems.append(f"{f['file']}:{f['line']}: {f['severity']}: "
                                    f"{f['message']} [{f['rule']}]")
            if problems:
                failed += 1
                print(f"FAIL realworld/{name} ({mode}): " + "\n  ".join(problems))
            else:
                passed += 1
    names = {b[0] for b in found}
    for key in sorted(want - seen):
        if key[0] in names:
            failed += 1
            print(f"FAIL realworld/{key[0]} ({key[1]}): the listed {key[2]} at "
                  f"{key[4]} no longer fires; update tests/realworld/expected.tsv")
    print(f"realworld: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
