#!/usr/bin/env python3
"""The case runner: every tests/cases/SUITE/CASE/ folder is one test.

A case holds its inputs, a file 'cmd' and the expected output 'expected'
(standard output and standard error as ldlint wrote them, then a line
'exit: N').  The runner copies the case to build/cases/SUITE/CASE/, builds
it when it is a firmware project, runs ldlint there and compares.  Paths in
the output are made relative to the repository (memmaps/st/x.yaml), and
the case folder stands for the project's root (a .git marker, so SARIF
locations are the case's own file names), so a case can move.

cmd keys (one per line, 'KEY: value'; only ARGS is required):
  ARGS: ...        ldlint's arguments ($ELF and $MAP name the linked image
                   and map, out/app.elf and out/app.map; a case that uses
                   them is built first; $ROOT is the repository's top)
  TARGET: arm      toolchain for the build: arm or riscv (default arm)
  CFLAGS: ...      replaces the target's -mcpu/-march/-mabi (the chip's core:
                   -mcpu=cortex-m0plus, -march=rv32ec_zicsr -mabi=ilp32e)
  SOURCES: a.c     sources in the case, or common/TARGET/x.c (default:
                   tests/cases/rules/common/TARGET/*.c)
  LDFLAGS: ...     extra link flags
  LINK: ok|fail    what GNU ld must do with the script (default ok)
  LD-SAYS: text    GNU ld's output must contain this (may repeat)
  ELF-LACKS: name  the linked ELF has no such section, or an empty one
  ENV: NAME=value  set for ldlint (may repeat)
  RELINK: x.ld     link the same objects again with the case's x.ld (the
                   script as changed since the build); with
  RELINK-SAYS: t   GNU ld's output for it must contain this (may repeat)
  LD-USAGE: why    do not compare region usage with GNU ld's
                   --print-memory-usage table (which every firmware case
                   otherwise does, with the ELF and with the map alone)
  PREPARE: cmd     a shell command run in the work folder (after the build,
                   if any) before ldlint,
                   for inputs git cannot hold (a FIFO, a directory, a file
                   without read permission); may repeat
  ROOT-ONLY: why   needs root (PREPARE gives files to another user); skipped,
                   with the reason, when the runner is not root
  NOT-ROOT: why    run ldlint as user nobody when the runner is root, so
                   that file permissions apply to it
A firmware case's script is its own app.ld, the base script
(common/TARGET/app.ld) changed by its app.ld.patch (a unified diff), or the
base script itself, so near-copies of the base state only the lines that
matter.

Cases of the 'rules' suite are named RULE.pos[N] (the rule must fire) or
RULE.neg[N] (a correct project: nothing may fire; with $ELF and $MAP it is
linted again with the map alone and with the ELF alone, which must be just
as clean), and every rule of --list-rules needs one of each.

Environment: T=GLOB runs the matching cases only (CASE, CASE.*, or
SUITE/CASE); UPDATE=1 rewrites the expected files; JOBS=N runs N at once.
Usage: cases.py LDLINT; the last line is 'cases: N passed, N failed'.
"""
import concurrent.futures
import difflib
import fnmatch
import glob
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CASES = os.path.join(HERE, "cases")
BUILD = os.path.join(ROOT, "build", "cases")
COMMON = os.path.join(CASES, "rules", "common")

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
    for line in open(path, encoding="utf-8"):
        m = re.match(r"^([A-Z-]+):\s?(.*)$", line.rstrip("\n"))
        if m:
            cmd.setdefault(m.group(1) + "*", []).append(m.group(2))
            cmd[m.group(1)] = m.group(2)
    return cmd


def apply_patch(base, patch):
    """Applies a unified diff to the lines of 'base' (exact context)."""
    out, pos = [], 0
    lines = patch.splitlines(True)
    i = 0
    while i < len(lines):
        m = re.match(r"^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@", lines[i])
        i += 1
        if not m:
            continue
        start = int(m.group(1)) - (0 if m.group(2) == "0" else 1)
        out.extend(base[pos:start])
        pos = start
        while i < len(lines) and not lines[i].startswith("@@"):
            tag, text = lines[i][:1], lines[i][1:]
            if tag in (" ", "-"):
                if pos >= len(base) or base[pos] != text:
                    raise RuntimeError(f"patch does not apply at base line {pos + 1}")
                pos += 1
            if tag in (" ", "+"):
                out.append(text)
            i += 1
    out.extend(base[pos:])
    return "".join(out)


def needs_build(suite, cmd):
    """Rule cases are firmware projects; others build when they lint one."""
    return suite == "rules" or "$ELF" in cmd.get("ARGS", "") \
        or "$MAP" in cmd.get("ARGS", "") or "SOURCES" in cmd


def materialise(suite, case, work, cmd):
    """Copies the case into its work folder and writes app.ld from the
    base script and the patch, when it has one."""
    if os.path.isdir(work):
        shutil.rmtree(work)
    shutil.copytree(case, work, symlinks=True)
    patch = os.path.join(case, "app.ld.patch")
    base_ld = os.path.join(COMMON, cmd["TARGET"], "app.ld")
    if needs_build(suite, cmd) and not os.path.exists(patch) and os.path.exists(base_ld) \
            and not os.path.exists(os.path.join(work, "app.ld")):
        shutil.copy(base_ld, os.path.join(work, "app.ld"))
    if os.path.exists(patch):
        base = os.path.join(COMMON, cmd["TARGET"], "app.ld")
        text = apply_patch(open(base, encoding="utf-8").read().splitlines(True),
                           open(patch, encoding="utf-8").read())
        with open(os.path.join(work, "app.ld"), "w", encoding="utf-8") as f:
            f.write(text)
        os.unlink(os.path.join(work, "app.ld.patch"))
    # The case folder is the project: SARIF and Code Quality locations are
    # relative to the nearest folder with a .git entry.
    open(os.path.join(work, ".git"), "w").close()


def build(work, cmd):
    """Compiles and links in 'work'; returns (ok, ld's output)."""
    gcc, flags, _ = TOOLS[cmd["TARGET"]]
    if "CFLAGS" in cmd:
        flags = [f for f in flags if not f.startswith(("-mcpu=", "-march=", "-mabi="))] \
            + cmd["CFLAGS"].split()
    if "SOURCES" in cmd:
        sources = [os.path.join(COMMON, s[len("common/"):]) if s.startswith("common/")
                   else os.path.join(work, s) for s in cmd["SOURCES"].split()]
    else:
        sources = sorted(glob.glob(os.path.join(COMMON, cmd["TARGET"], "*.c")))
    os.makedirs(os.path.join(work, "out"), exist_ok=True)
    objs = []
    for src in sources:
        obj = "out/" + os.path.basename(src) + ".o"
        r = subprocess.run([gcc] + flags + ["-c", src, "-o", obj], cwd=work,
                           capture_output=True, text=True)
        if r.returncode:
            raise RuntimeError(f"compiling {src}: {r.stderr.strip()}")
        objs.append(obj)
    script = "app.ld" if os.path.exists(os.path.join(work, "app.ld")) else \
        os.path.join(COMMON, cmd["TARGET"], "app.ld")
    r = link(work, cmd, flags, objs, script, "out/app")
    with open(os.path.join(work, "out", "memory-usage.txt"), "w") as f:
        f.write(r.stdout)
    if "RELINK" in cmd:
        again = link(work, cmd, flags, objs, cmd["RELINK"], "out/relink")
        return r.returncode == 0, r.stderr, again.stderr
    return r.returncode == 0, r.stderr, ""


def link(work, cmd, flags, objs, script, out):
    gcc = TOOLS[cmd["TARGET"]][0]
    return subprocess.run([gcc] + flags + ["-T", script, "-Wl,--gc-sections",
                           "-Wl,--print-memory-usage",
                           f"-Wl,-Map={out}.map", "-o", f"{out}.elf"]
                          + cmd.get("LDFLAGS", "").split() + objs + ["-lgcc"],
                          cwd=work, capture_output=True, text=True)


def normalise(text, work):
    """Output paths relative to the repository: the way from the work
    folder up to the top becomes nothing, as does the top itself."""
    up = os.path.relpath(ROOT, work)
    text = text.replace(ROOT + "/", "")
    return re.sub(r"(?<![\w./-])" + re.escape(up) + "/", "", text)


def run_ldlint(ldlint, args, work, env, as_nobody=False):
    prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups " \
        if as_nobody and os.geteuid() == 0 else ""
    r = subprocess.run(f'{prefix}"{ldlint}" --color never {args}', shell=True,
                       cwd=work, capture_output=True, text=True, env=env)
    return r, normalise(r.stdout + r.stderr, work) + f"exit: {r.returncode}\n"


def lints_clean_other_ways(ldlint, cmd, work, env):
    """A correct project stays clean with the map alone and the ELF alone."""
    raw = cmd.get("ARGS", "").replace("$ROOT", os.path.relpath(ROOT, work))
    base = raw.replace("--elf $ELF", "$ELF").replace("--map $MAP", "$MAP")
    variants = {
        "map only": base.replace("$ELF", "").replace("$MAP", "--map out/app.map"),
        "ELF only": re.sub(r"\S+\.ld\b", "", base).replace("$MAP", "")
        .replace("$ELF", "--elf out/app.elf"),
    }
    problems = []
    for what, margs in variants.items():
        r, out = run_ldlint(ldlint, margs, work, env)
        if r.returncode != 0 or r.stdout or r.stderr:
            problems.append(f"{what} (ldlint {margs}): {out}")
    return problems


def check_build(case_name, cmd, work):
    problems = []
    ok, ld_out, relink_out = build(work, cmd)
    if ok != (cmd["LINK"] == "ok"):
        problems.append(f"GNU ld {'linked' if ok else 'failed'}, expected "
                        f"LINK: {cmd['LINK']}: {ld_out.strip()[:300]}")
    for says in cmd.get("LD-SAYS*", []):
        if says not in ld_out:
            problems.append(f"GNU ld did not say {says!r}: {ld_out.strip()[:300]}")
    for says in cmd.get("RELINK-SAYS*", []):
        if says not in relink_out:
            problems.append(f"GNU ld with {cmd['RELINK']} did not say {says!r}: "
                            f"{relink_out.strip()[:300]}")
    for sec in cmd.get("ELF-LACKS*", []):
        out = subprocess.run([TOOLS[cmd["TARGET"]][2], "-SW", "out/app.elf"], cwd=work,
                             capture_output=True, text=True).stdout
        for line in out.splitlines():
            f = line.split("]", 1)[-1].split()
            if len(f) >= 6 and f[0] == sec and int(f[4], 16) != 0:
                problems.append(f"the linked ELF has {sec} ({f[4]} bytes)")
    return problems


def ld_usage(work):
    """GNU ld's --print-memory-usage table: region name -> bytes used."""
    units = {"B": 1, "KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30}
    used = {}
    path = os.path.join(work, "out", "memory-usage.txt")
    for line in open(path, encoding="utf-8") if os.path.exists(path) else []:
        m = re.match(r"^\s*(\S+):\s+(\d+)\s+(B|KB|MB|GB)\s", line)
        if m:
            used[m.group(1)] = int(m.group(2)) * units[m.group(3)]
    return used


def usage_agrees(ldlint, cmd, work, env):
    """ldlint's region usage (-f json 'used') equals GNU ld's table for
    every region of the script, with the ELF and with the map alone."""
    want = ld_usage(work)
    if not want or not os.path.exists(os.path.join(work, "app.ld")) or \
            "LD-USAGE" in cmd:
        return []
    problems = []
    for inputs in (["app.ld", "out/app.elf", "out/app.map"], ["app.ld", "out/app.map"]):
        r = subprocess.run([ldlint, "-f", "json"] + inputs, cwd=work,
                           capture_output=True, text=True, env=env)
        try:
            regions = json.loads(r.stdout)["regions"]
        except (ValueError, KeyError):
            continue
        for reg in regions:
            if reg["name"] in want and reg.get("used") != want[reg["name"]]:
                problems.append(f"region {reg['name']} ({' '.join(inputs)}): ldlint "
                                f"says {reg.get('used')} bytes used, GNU ld "
                                f"{want[reg['name']]}")
    return problems


def run_case(ldlint, suite, name, update):
    case = os.path.join(CASES, suite, name)
    work = os.path.join(BUILD, suite, name)
    cmd = parse_cmd(os.path.join(case, "cmd"))
    env = dict(os.environ)
    for kv in cmd.get("ENV*", []):
        k, _, v = kv.partition("=")
        env[k] = v
    problems = []
    try:
        materialise(suite, case, work, cmd)
        if needs_build(suite, cmd):
            problems += check_build(name, cmd, work)
            problems += usage_agrees(ldlint, cmd, work, env)
        # after the build: a PREPARE may also change what the link wrote
        for prep in cmd.get("PREPARE*", []):
            r = subprocess.run(["sh", "-c", prep], cwd=work, capture_output=True,
                               text=True)
            if r.returncode:
                raise RuntimeError(f"PREPARE {prep!r} failed (exit "
                                   f"{r.returncode}): {r.stderr.strip()[:300]}")
    except (RuntimeError, OSError) as e:
        return [str(e)]
    args = cmd.get("ARGS", "").replace("$ELF", "out/app.elf").replace("$MAP", "out/app.map") \
        .replace("$ROOT", os.path.relpath(ROOT, work))
    r, actual = run_ldlint(ldlint, args, work, env, "NOT-ROOT" in cmd)
    if r.returncode > 2:
        problems.append(f"ldlint exit {r.returncode}")
    golden = os.path.join(case, "expected")
    if update:
        with open(golden, "w", encoding="utf-8") as f:
            f.write(actual)
    expect = open(golden, encoding="utf-8").read() if os.path.exists(golden) else ""
    if actual != expect:
        problems.append("output differs from expected:\n" + "".join(
            difflib.unified_diff(expect.splitlines(True), actual.splitlines(True),
                                 "expected", "actual")))
    if suite == "rules":
        rule, kind = name.split(".")[0], name.split(".")[1]
        if kind.startswith("pos") and f"[{rule}]" not in actual:
            problems.append(f"rule {rule} did not fire")
        if kind.startswith("neg"):
            if re.search(r": (error|warning|note): ", actual):
                problems.append("a correct project got findings")
            raw = cmd.get("ARGS", "")
            if "$ELF" in raw and "$MAP" in raw and r.returncode == 0:
                problems += lints_clean_other_ways(ldlint, cmd, work, env)
    return problems


def selected(suite, name, pattern):
    if not pattern:
        return True
    return any(fnmatch.fnmatch(x, p) for x in (name, f"{suite}/{name}")
               for p in (pattern, pattern + ".*"))


def rules_without_fixtures(ldlint, cases):
    names = [n for s, n in cases if s == "rules"]
    listing = subprocess.run([ldlint, "--list-rules"], capture_output=True,
                             text=True).stdout.splitlines()[1:]
    missing = []
    for line in listing:
        rule = line.split()[0]
        for kind in ("pos", "neg"):
            if not any(n.startswith(f"{rule}.{kind}") for n in names):
                missing.append(f"rule {rule} has no {kind} case in tests/cases/rules/")
    return missing


def main():
    ldlint = os.path.abspath(sys.argv[1])
    pattern = os.environ.get("T", "")
    update = os.environ.get("UPDATE") == "1"
    have_arm = shutil.which("arm-none-eabi-gcc") is not None
    cases = []
    for suite in sorted(os.listdir(CASES)):
        sdir = os.path.join(CASES, suite)
        if not os.path.isdir(sdir):
            continue
        for name in sorted(os.listdir(sdir)):
            if os.path.isfile(os.path.join(sdir, name, "cmd")):
                cases.append((suite, name))
    todo = [(s, n) for s, n in cases if selected(s, n, pattern)]
    skipped = 0
    if not have_arm:
        keep = [(s, n) for s, n in todo
                if not needs_build(s, parse_cmd(os.path.join(CASES, s, n, "cmd")))]
        skipped = len(todo) - len(keep)
        todo = keep
        print(f"skip: {skipped} firmware cases (arm-none-eabi-gcc not installed)")
    if os.geteuid() != 0:
        for s, n in list(todo):
            why = parse_cmd(os.path.join(CASES, s, n, "cmd")).get("ROOT-ONLY")
            if why:
                todo.remove((s, n))
                skipped += 1
                print(f"skip: {s}/{n} needs root ({why})")
    jobs = int(os.environ.get("JOBS", os.cpu_count() or 1))
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(run_case, ldlint, s, n, update): (s, n) for s, n in todo}
        results = {futures[f]: f.result() for f in concurrent.futures.as_completed(futures)}
    for key in todo:
        problems = results[key]
        if problems:
            failed += 1
            print(f"FAIL {key[0]}/{key[1]}: " + "\n  ".join(problems))
        else:
            passed += 1
    if not pattern and have_arm:
        for m in rules_without_fixtures(ldlint, cases):
            failed += 1
            print("FAIL " + m)
    print(f"cases: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
