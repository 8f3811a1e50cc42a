#!/usr/bin/env python3
"""Checks ldlint against the real-world scripts of ../shared/corpus.

  corpus_check.py parse LDLINT CORPUS
      every script GNU ld 2.40 accepted (INDEX.tsv ld_verdict 'accepted',
      needs_cpp 'no') parses with no 'syntax' finding; every script ld
      rejected with a syntax error is rejected at ld's line.
  corpus_check.py regions LDLINT CORPUS
      differential test: each accepted script with a MEMORY block is
      linked with an empty object by the GNU linker INDEX.tsv names
      (arm-none-eabi-ld or riscv64-unknown-elf-ld) with -Map; the map's
      Memory Configuration (name, origin, length, attributes) must equal
      ldlint's 'regions'.

INCLUDE is resolved like the corpus verdicts were made: from the corpus
root with the script's directory as a search directory (-L for ld, -I for
ldlint).  Ends with 'corpus: N passed, N failed' or 'differential: ...'.
"""
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time


def rows(corpus):
    with open(os.path.join(corpus, "INDEX.tsv"), newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["needs_cpp"] == "no":
                yield row


def run_ldlint(ldlint, corpus, path):
    t0 = time.perf_counter()
    r = subprocess.run([ldlint, "-f", "json", "-I", os.path.dirname(path), path],
                       cwd=corpus, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if r.returncode not in (0, 1, 2):
        raise RuntimeError(f"ldlint exit {r.returncode}: {r.stderr.strip()}")
    return json.loads(r.stdout), r.returncode, elapsed


def check_parse(ldlint, corpus):
    passed = failed = 0
    slowest = (0.0, "", 0)
    for row in rows(corpus):
        path, verdict = row["path"], row["ld_verdict"]
        if verdict not in ("accepted", "syntax error"):
            continue
        try:
            doc, status, elapsed = run_ldlint(ldlint, corpus, path)
        except Exception as e:  # crash or bad JSON
            failed += 1
            print(f"FAIL {path}: {e}")
            continue
        size = os.path.getsize(os.path.join(corpus, path))
        if size > slowest[2]:
            slowest = (elapsed, path, size)
        syn = [f for f in doc["findings"] if f["rule"] == "syntax"]
        if verdict == "accepted":
            ok = not syn and status != 2
            why = f"syntax finding: {syn[0]['line']}: {syn[0]['message']}" if syn else ""
        else:
            m = re.search(r":(\d+): syntax error", row["ld_message"])
            want = int(m.group(1)) if m else None
            ok = bool(syn) and status == 2
            if ok and want:
                ok = syn[0]["line"] == want
            elif ok and want == 0:
                ok = "end of file" in syn[0]["message"]
            why = f"ld line {want}, ldlint {syn[0]['line'] if syn else 'none'}"
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {path} ({verdict}): {why}")
    print(f"largest script: {slowest[1]} ({slowest[2]} bytes) linted in "
          f"{slowest[0] * 1000:.1f} ms (whole process)")
    print(f"corpus: {passed} passed, {failed} failed")
    return failed


MEM_LINE = re.compile(r"^(\S+)\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)\s*(\S*)\s*$")


def ld_regions(map_text):
    """(name, origin, length, attributes, printed hex width) from the map."""
    out, inside = [], False
    for line in map_text.splitlines():
        if line.startswith("Memory Configuration"):
            inside = True
            continue
        if inside and line.startswith("Linker script and memory map"):
            break
        m = MEM_LINE.match(line) if inside else None
        if m and m.group(1) != "*default*":
            out.append((m.group(1), int(m.group(2), 16), int(m.group(3), 16),
                        m.group(4), len(m.group(2))))
    return out


def check_regions(ldlint, corpus):
    passed = failed = skipped = 0
    with tempfile.TemporaryDirectory() as tmp:
        objs, libdirs = {}, {}
        for linker, gcc in (("arm-none-eabi-ld", "arm-none-eabi-gcc"),
                            ("riscv64-unknown-elf-ld", "riscv64-unknown-elf-gcc")):
            # what the scripts name in GROUP()/DISCARD: libc, libgcc...
            dirs = ["/usr/lib/arm-none-eabi/newlib"] if linker.startswith("arm") else []
            try:
                libgcc = subprocess.run([gcc, "-print-libgcc-file-name"],
                                        capture_output=True, text=True).stdout.strip()
                if libgcc:
                    dirs.append(os.path.dirname(libgcc))
            except OSError:
                pass
            libdirs[linker] = [a for d in dirs for a in ("-L", d)]
        for linker, asm in (("arm-none-eabi-ld", "arm-none-eabi-as"),
                            ("riscv64-unknown-elf-ld", "riscv64-unknown-elf-as")):
            obj = os.path.join(tmp, linker + ".o")
            try:
                subprocess.run([asm, "-o", obj], input="", text=True, check=True,
                               capture_output=True)
                objs[linker] = obj
            except (OSError, subprocess.CalledProcessError):
                pass
        for row in rows(corpus):
            path = row["path"]
            if row["ld_verdict"] != "accepted":
                continue
            text = open(os.path.join(corpus, path), errors="replace").read()
            if "MEMORY" not in text:
                continue
            linker = row["gnu_linker"]
            if linker not in objs:
                skipped += 1
                continue
            mapfile = os.path.join(tmp, "out.map")
            if os.path.exists(mapfile):
                os.unlink(mapfile)
            newlib = libdirs.get(linker, [])
            # -L before -T: ld reads the script (and its INCLUDEs) the
            # moment it meets -T on the command line.
            r = subprocess.run([linker, "-L", os.path.dirname(path)] + newlib + [
                                "-T", path,
                                objs[linker], "-o", os.path.join(tmp, "out.elf"),
                                "-Map", mapfile], cwd=corpus, capture_output=True,
                               text=True)
            if not os.path.exists(mapfile):
                skipped += 1
                continue
            undeclared = set(re.findall(r"memory region `([^']+)' not declared",
                                        r.stderr))
            # ld keeps its defaults (origin 0, length all ones) where it
            # cannot evaluate a value, e.g. a symbol only --defsym defines;
            # ldlint must then say unknown (null), not guess.
            invalid = set(re.findall(r"invalid (origin|length) for memory "
                                     r"region (\S+)", r.stderr))
            want = [g for g in ld_regions(open(mapfile).read())
                    if g[0] not in undeclared]
            doc, _, _ = run_ldlint(ldlint, corpus, path)
            got = doc["regions"]
            problems = []
            if [w[0] for w in want] != [g["name"] for g in got]:
                problems.append(f"names ld {[w[0] for w in want]} ldlint "
                                f"{[g['name'] for g in got]}")
            else:
                for w, g in zip(want, got):
                    mask = (1 << (4 * w[4])) - 1
                    for field, lv, gv in (("origin", w[1], g["origin"]),
                                          ("length", w[2], g["length"])):
                        if (field, w[0]) in invalid:
                            if gv is not None:
                                problems.append(f"{w[0]} {field}: ld cannot "
                                                f"evaluate it, ldlint says {gv}")
                        elif gv is None or (gv & mask) != lv:
                            problems.append(f"{w[0]} {field} ld {lv:#x} ldlint {gv}")
                    if w[3] != g["attributes"]:
                        problems.append(f"{w[0]} attributes ld '{w[3]}' "
                                        f"ldlint '{g['attributes']}'")
            if problems:
                failed += 1
                print(f"FAIL {path}: " + "; ".join(problems))
            else:
                passed += 1
    print(f"differential: {passed} passed, {failed} failed, {skipped} skipped")
    return failed


def main():
    mode, ldlint, corpus = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
    name = "corpus" if mode == "parse" else "differential"
    if not os.path.exists(os.path.join(corpus, "INDEX.tsv")):
        what = ("whether real-world linker scripts parse as GNU ld parses them"
                if mode == "parse" else
                "ldlint's MEMORY regions against the maps GNU ld writes for "
                "real-world linker scripts")
        print(f"{name}: 0 passed, 0 failed, 1 skipped (not checked: {what}; "
              f"that collection of scripts from open-source firmware is not part "
              f"of the source tree; 'make check SHARED=DIR' checks it when "
              f"DIR/corpus holds it)")
        return 0
    failed = check_parse(ldlint, corpus) if mode == "parse" else \
        check_regions(ldlint, corpus)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
