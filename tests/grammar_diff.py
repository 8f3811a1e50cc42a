#!/usr/bin/env python3
"""Differential grammar test: every script in tests/grammar/ is linked by
the real arm-none-eabi-ld 2.40 and linted by ldlint.  Both must agree on
whether the script parses, and a rejected script must be rejected at the
line ld reports (for ld's line 0, the end of the file: ldlint gives the
real last line and says 'end of file').

Usage: grammar_diff.py LDLINT DIR
Prints one line per failure and ends with 'grammar: N passed, N failed'.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

LD = "arm-none-eabi-ld"
AS = "arm-none-eabi-as"
# ld errors raised while parsing: the script is rejected there
FATAL_PARSE = (r"invalid character .* in flags", r"EOF in comment",
               r"cannot open linker script file", r"includes nested too deeply",
               r"PHDRS syntax error at")


def ld_verdict(script, tmp, obj):
    r = subprocess.run([LD, "-T", os.path.basename(script), obj, "-o",
                        os.path.join(tmp, "out.elf")],
                       cwd=os.path.dirname(script), capture_output=True,
                       text=True)
    err = r.stderr
    m = re.search(r":(\d+): syntax error", err)
    if m:
        return ("reject", int(m.group(1)), err.strip())
    for f in FATAL_PARSE:
        if re.search(f, err):
            return ("reject", None, err.strip())
    return ("accept", None, err.strip())


def ldlint_verdict(ldlint, script):
    r = subprocess.run([ldlint, "-f", "json", os.path.basename(script)],
                       cwd=os.path.dirname(script), capture_output=True,
                       text=True)
    if r.returncode not in (0, 1, 2):
        return ("crash", r.returncode, r.stderr)
    try:
        doc = json.loads(r.stdout)
    except ValueError:
        return ("crash", r.returncode, "bad json: " + r.stdout[:200])
    syn = [f for f in doc["findings"] if f["rule"] == "syntax"]
    if syn:
        if r.returncode != 2:
            return ("crash", r.returncode, "syntax finding without exit 2")
        return ("reject", syn[0]["line"], syn[0]["message"])
    if r.returncode == 2:
        return ("crash", 2, "exit 2 without a syntax finding")
    return ("accept", None, "")


def main():
    ldlint, folder = os.path.abspath(sys.argv[1]), sys.argv[2]
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        obj = os.path.join(tmp, "empty.o")
        subprocess.run([AS, "-o", obj], input="", text=True, check=True)
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".ld"):
                continue
            path = os.path.join(os.path.abspath(folder), name)
            want = ld_verdict(path, tmp, obj)
            got = ldlint_verdict(ldlint, path)
            ok = want[0] == got[0]
            if ok and want[0] == "reject" and want[1] is not None:
                if want[1] == 0:
                    # ld says line 0 at the end of the file; ldlint names
                    # the last line that is not blank
                    lines = open(path).read().rstrip().split("\n")
                    ok = got[1] == len(lines) and "end of file" in got[2]
                else:
                    ok = want[1] == got[1]
            if ok:
                passed += 1
            else:
                failed += 1
                print(f"FAIL {name}: ld {want[0]} line {want[1]} ({want[2][:120]!r}); "
                      f"ldlint {got[0]} line {got[1]} ({got[2][:120]!r})")
    print(f"grammar: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
