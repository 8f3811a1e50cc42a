#!/usr/bin/env python3
"""Rule fixtures: each tests/rules/CASE/ is a small firmware project that
the real cross toolchain builds, followed by an ldlint run whose output is
compared with CASE/expected (UPDATE_GOLDEN=1 rewrites it).

CASE is named RULE.pos[N] (the rule must fire) or RULE.neg[N] (a correct
project: nothing may fire).  CASE/cmd holds:
  ARGS: ...        ldlint's arguments, run inside CASE/ ($ELF and $MAP
                   name the linked image and map)
  TARGET: arm      toolchain (arm or riscv; default arm)
  CFLAGS: ...      replaces the target's -mcpu/-march/-mabi (the chip's core:
                   -mcpu=cortex-m0plus, -march=rv32ec_zicsr -mabi=ilp32e)
  SOURCES: a.c     sources in CASE/, or common/... (default:
                   tests/rules/common/TARGET/*.c)
  LDFLAGS: ...     extra flags for the link
  LINK: ok|fail    what GNU ld must do with the script (default ok)
  LD-SAYS: text    GNU ld's output must contain this (proves the mistake)
  ELF-LACKS: name  the linked ELF has no such section, or an empty one
A .neg case given both $ELF and $MAP is run again with the map alone
('--map') and with the ELF alone (no script): both must be just as clean.
CASE/app.ld is the script (default: common/TARGET/app.ld).  Every rule in
'ldlint --list-rules' must have at least one .pos and one .neg case.
Ends with 'rules: N passed, N failed'.
"""
import glob
import os
import re
import shutil
import subprocess
import sys

TOOLS = {
    "arm": ("arm-none-eabi-gcc", ["-mcpu=cortex-m4", "-mthumb", "-O1", "-g",
                                  "-ffunction-sections", "-fdata-sections",
                                  "-nostdlib", "-nostartfiles"],
            "arm-none-eabi-readelf"),
    "riscv": ("riscv64-unknown-elf-gcc", ["-march=rv32imac_zicsr", "-mabi=ilp32",
                                          "-O1", "-g", "-ffunction-sections",
                                          "-fdata-sections", "-nostdlib",
                                          "-nostartfiles"],
              "riscv64-unknown-elf-readelf"),
}


def parse_cmd(path):
    cmd = {"TARGET": "arm", "LINK": "ok"}
    for line in open(path):
        m = re.match(r"^([A-Z-]+):\s?(.*)$", line.rstrip("\n"))
        if m:
            cmd.setdefault(m.group(1) + "*", []).append(m.group(2))
            cmd[m.group(1)] = m.group(2)
    return cmd


def build(case, cmd, common, outdir):
    """Compiles and links; returns (ok, ld output, elf, map)."""
    gcc, flags, _ = TOOLS[cmd["TARGET"]]
    if "CFLAGS" in cmd:
        flags = [f for f in flags if not f.startswith(("-mcpu=", "-march=", "-mabi="))] \
            + cmd["CFLAGS"].split()
    os.makedirs(outdir, exist_ok=True)
    if "SOURCES" in cmd:
        sources = [os.path.join(os.path.dirname(common), s) if s.startswith("common/")
                   else os.path.join(case, s) for s in cmd["SOURCES"].split()]
    else:
        sources = sorted(glob.glob(os.path.join(common, cmd["TARGET"], "*.c")))
    objs = []
    for src in sources:
        obj = os.path.join(outdir, os.path.basename(src) + ".o")
        r = subprocess.run([gcc] + flags + ["-c", src, "-o", obj],
                           capture_output=True, text=True)
        if r.returncode:
            raise RuntimeError(f"compiling {src}: {r.stderr.strip()}")
        objs.append(obj)
    script = os.path.join(case, "app.ld")
    if not os.path.exists(script):
        script = os.path.join(common, cmd["TARGET"], "app.ld")
    elf, mapf = os.path.join(outdir, "app.elf"), os.path.join(outdir, "app.map")
    extra = cmd.get("LDFLAGS", "").split()
    # relative object names, so the map (and messages quoting it) do not
    # depend on where the repository is
    objs = [os.path.relpath(o, case) for o in objs]
    r = subprocess.run([gcc] + flags + ["-T", os.path.abspath(script),
                        "-Wl,--gc-sections", "-Wl,-Map=" + mapf, "-o", elf]
                       + extra + objs + ["-lgcc"], cwd=case, capture_output=True,
                       text=True)
    return r.returncode == 0, r.stderr, elf, mapf


def main():
    ldlint, here = os.path.abspath(sys.argv[1]), sys.argv[2]
    build_root = os.path.abspath(sys.argv[3])
    common = os.path.join(here, "common")
    update = os.environ.get("UPDATE_GOLDEN") == "1"
    passed = failed = 0
    cases = sorted(d for d in os.listdir(here)
                   if d != "common" and os.path.isdir(os.path.join(here, d)))
    for name in cases:
        case = os.path.join(here, name)
        cmd = parse_cmd(os.path.join(case, "cmd"))
        problems = []
        try:
            ok, ld_out, elf, mapf = build(case, cmd, common,
                                          os.path.join(build_root, name))
        except RuntimeError as e:
            problems.append(str(e))
            ok, ld_out, elf, mapf = False, "", "", ""
        if not problems:
            if ok != (cmd["LINK"] == "ok"):
                problems.append(f"GNU ld {'linked' if ok else 'failed'}, "
                                f"expected LINK: {cmd['LINK']}: {ld_out.strip()[:300]}")
            for says in cmd.get("LD-SAYS*", []):
                if says not in ld_out:
                    problems.append(f"GNU ld did not say {says!r}: {ld_out.strip()[:300]}")
            for sec in cmd.get("ELF-LACKS*", []):
                out = subprocess.run([TOOLS[cmd["TARGET"]][2], "-SW", elf],
                                     capture_output=True, text=True).stdout
                # lacks = absent, or present but empty (discarded input)
                for line in out.splitlines():
                    f = line.split("]", 1)[-1].split()
                    if len(f) >= 6 and f[0] == sec and int(f[4], 16) != 0:
                        problems.append(f"the linked ELF has {sec} ({f[4]} bytes)")
            args = cmd.get("ARGS", "").replace("$ELF", os.path.relpath(elf, case)) \
                .replace("$MAP", os.path.relpath(mapf, case))
            r = subprocess.run(f'"{ldlint}" --color never {args}', shell=True,
                               cwd=case, capture_output=True, text=True)
            actual = r.stdout + r.stderr + f"exit: {r.returncode}\n"
            if r.returncode > 2:
                problems.append(f"ldlint exit {r.returncode}")
            golden = os.path.join(case, "expected")
            if update:
                open(golden, "w").write(actual)
            expect = open(golden).read() if os.path.exists(golden) else ""
            if actual != expect:
                problems.append("output differs from expected:\n" + "".join(
                    __import__("difflib").unified_diff(
                        expect.splitlines(True), actual.splitlines(True),
                        "expected", "actual")))
            rule = name.split(".")[0]
            fired = f"[{rule}]" in actual
            if name.split(".")[1].startswith("pos") and not fired:
                problems.append(f"rule {rule} did not fire")
            if name.split(".")[1].startswith("neg") and re.search(
                    r": (error|warning|note): ", actual):
                problems.append("a correct project got findings")
            # a correct project must stay clean with the map alone, and with
            # the ELF alone (no script)
            raw = cmd.get("ARGS", "")
            if name.split(".")[1].startswith("neg") and "$ELF" in raw \
                    and "$MAP" in raw and r.returncode == 0:
                base = raw.replace("--elf $ELF", "$ELF").replace("--map $MAP", "$MAP")
                elfrel, maprel = os.path.relpath(elf, case), os.path.relpath(mapf, case)
                variants = {
                    "map only": base.replace("$ELF", "").replace("$MAP", "--map " + maprel),
                    "ELF only": re.sub(r"\S+\.ld\b", "", base).replace("$MAP", "")
                    .replace("$ELF", "--elf " + elfrel),
                }
                for what, margs in variants.items():
                    m = subprocess.run(f'"{ldlint}" --color never {margs}', shell=True,
                                       cwd=case, capture_output=True, text=True)
                    if m.returncode != 0 or m.stdout or m.stderr:
                        problems.append(f"{what} (ldlint {margs}): exit "
                                        f"{m.returncode}:\n{m.stdout}{m.stderr}")
        if problems:
            failed += 1
            print(f"FAIL rules/{name}: " + "\n  ".join(problems))
        else:
            passed += 1
    # every rule needs a positive and a negative fixture
    listing = subprocess.run([ldlint, "--list-rules"], capture_output=True,
                             text=True).stdout.splitlines()[1:]
    for line in listing:
        rule = line.split()[0]
        for kind in ("pos", "neg"):
            if not any(c.startswith(f"{rule}.{kind}") for c in cases):
                failed += 1
                print(f"FAIL rule {rule} has no {kind} fixture in tests/rules/")
    print(f"rules: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
