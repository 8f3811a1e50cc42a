#!/usr/bin/env python3
"""Every output path of ldlint is safe and bounded.

  output_check.py LDLINT
checks, each with its exit status and message:
- standard output: a write error (/dev/full) in every mode is exit 3 with
  one line on stderr naming standard output;
- -o is honoured by --list-rules, --explain, --list-devices and
  --show-device; '-o -', '-o /dev/stdout' and the file standard output
  already is mean standard output;
- -o naming an input (the script operand, -T, an INCLUDEd script, the ELF,
  the map, a device description, the configuration given or found, by any
  spelling, hard link or symbolic link) is exit 2 before anything is read
  (a FIFO input is never opened) and the input is left as it was;
- -o is atomic: a 250-byte file name works, no temporary file is left,
  a symbolic link keeps pointing at the replaced file, a link to nothing
  and a directory are refused, a FIFO is written through and stays a
  FIFO, a write cut short (RLIMIT_FSIZE) or a SIGTERM or SIGINT while the
  report is written leave the old file whole and no temporary file;
- the inputs are byte for byte the same after a run of every mode;
- JSON, SARIF, Code Quality, --show-device -f json and --list-devices
  -f json are strict UTF-8 JSON, the SVG is well-formed XML, and text
  output holds no control character but tab and newline, for inputs with
  bytes that are not UTF-8 and control characters in names, paths and
  device descriptions;
- floods stay bounded: 1 MB of '.' and '*', 100 KB of NUL bytes, the
  per-rule caps in text and JSON.
Prints 'output: N passed, N failed[, N skipped]'.
"""
import glob
import hashlib
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

LDLINT = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BUILT = os.path.join(ROOT, "build", "cases", "rules", "clean.neg-stm32f411xe", "out")
passed = failed = skipped = 0


def ok(cond, name, why=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL output/{name}: {why}")
    return cond


def skip(name, why):
    global skipped
    skipped += 1
    print(f"skip output/{name}: {why}")


def run(args, cwd, stdout=subprocess.PIPE, env=None, timeout=60, pre=None):
    return subprocess.run([LDLINT] + args, cwd=cwd, stdout=stdout,
                          stderr=subprocess.PIPE, env=env, timeout=timeout,
                          preexec_fn=pre)


def checksums(paths):
    return {p: hashlib.sha256(open(p, "rb").read()).hexdigest() for p in paths}


def leftovers(d):
    return [f for f in os.listdir(d) if f.startswith(".ldlint-")]


def project(top):
    """A project with every kind of input: a script that INCLUDEs another,
    the linked ELF and map when the cases suite built them, a device
    description by path, and a configuration."""
    p = os.path.join(top, "p")
    os.makedirs(p)
    with open(os.path.join(p, "common.ld"), "w") as f:
        f.write("MEMORY { FLASH (rx) : ORIGIN = 0x08000000, LENGTH = 512K\n"
                "         RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 128K }\n")
    with open(os.path.join(p, "app.ld"), "w") as f:
        f.write("INCLUDE common.ld\nSECTIONS {\n  .text : { *(.text*) } > FLASH\n"
                "  .data : { *(.data*) } > RAM AT> FLASH\n  .bss (NOLOAD) : "
                "{ *(.bss*) } > RAM\n  x = 010;\n}\n")
    shutil.copy(os.path.join(ROOT, "memmaps", "st", "stm32f411xe.yaml"),
                os.path.join(p, "stm32f411xe.yaml"))
    with open(os.path.join(p, "cfg.yaml"), "w") as f:
        f.write("fail-on: error\n")
    have_image = os.path.exists(os.path.join(BUILT, "app.elf"))
    if have_image:
        shutil.copy(os.path.join(BUILT, "app.elf"), p)
        shutil.copy(os.path.join(BUILT, "app.map"), p)
    return p, have_image


def stdout_errors(p):
    modes = [["app.ld"], ["-f", "json", "app.ld"], ["-f", "sarif", "app.ld"],
             ["-f", "codequality", "app.ld"], ["--layout", "app.ld"],
             ["--layout=svg", "app.ld"], ["--list-rules"], ["--explain", "syntax"],
             ["--list-devices"], ["--list-devices", "-f", "json"],
             ["--show-device", "stm32f411xe"],
             ["--show-device", "stm32f411xe", "-f", "json"],
             ["--show-device", "st-link"], ["-d", "stm32f411xe", "app.ld"],
             ["--version"], ["--help"], ["-o", "-", "app.ld"],
             ["-o", "/dev/stdout", "app.ld"], ["-q", "app.ld"]]
    for m in modes:
        with open("/dev/full", "w") as full:
            r = run(m, p, stdout=full)
        err = r.stderr.decode()
        ok(r.returncode == 3 and err.count("\n") == 1 and
           "cannot write to standard output: No space left on device" in err,
           "dev-full " + " ".join(m), f"exit {r.returncode}, stderr {err!r}")


def dash_o_honoured(p):
    for m in (["--list-rules"], ["--explain", "octal-literal"], ["--list-devices"],
              ["--list-devices", "-f", "json"], ["--show-device", "stm32f411xe"],
              ["--show-device", "stm32f411xe.yaml", "-f", "json"],
              ["--show-device", "stm32-rom-dfu"]):
        want = run(m, p)
        out = os.path.join(p, "listing.txt")
        r = run(m + ["-o", out], p)
        got = open(out, "rb").read() if os.path.exists(out) else b""
        ok(r.returncode == 0 and not r.stdout and got == want.stdout and want.stdout,
           "dash-o " + " ".join(m), f"exit {r.returncode}, {len(got)} bytes in the "
           f"file, {len(r.stdout)} on stdout")
        if os.path.exists(out):
            os.unlink(out)
    want = run(["app.ld"], p).stdout
    for o in ("-", "/dev/stdout"):
        r = run(["app.ld", "-o", o], p)
        ok(r.stdout == want and not os.path.exists(os.path.join(p, o.lstrip("/"))),
           "stdout " + o, "not the report on standard output")
    # -o naming the file standard output is already: written once, there
    with open(os.path.join(p, "same.txt"), "w") as f:
        r = run(["app.ld", "-o", "same.txt"], p, stdout=f)
    ok(open(os.path.join(p, "same.txt"), "rb").read() == want, "stdout same-file",
       "the report is not in the file once")
    os.unlink(os.path.join(p, "same.txt"))


def refuses_inputs(p, have_image):
    files = [os.path.join(p, f) for f in os.listdir(p)]
    before = checksums([f for f in files if os.path.isfile(f)])
    os.link(os.path.join(p, "app.ld"), os.path.join(p, "hard.ld"))
    os.symlink("app.ld", os.path.join(p, "soft.ld"))
    os.makedirs(os.path.join(p, "sub"))
    cases = [
        ("operand", ["-f", "json", "-o", "app.ld", "app.ld"], "input 'app.ld'"),
        ("-T", ["-T", "app.ld", "-o", "app.ld"], "linker script 'app.ld'"),
        ("spelling", ["-o", "sub/../app.ld", "app.ld"], "input 'app.ld'"),
        ("absolute", ["-o", os.path.join(p, "app.ld"), "./app.ld"], "input './app.ld'"),
        ("hard-link", ["-o", "hard.ld", "app.ld"], "input 'app.ld'"),
        ("symlink", ["-o", "soft.ld", "app.ld"], "input 'app.ld'"),
        ("include", ["-o", "common.ld", "app.ld"], "linker script 'common.ld'"),
        ("device", ["-d", "stm32f411xe.yaml", "-o", "stm32f411xe.yaml", "app.ld"],
         "description 'stm32f411xe.yaml'"),
        ("show-device", ["--show-device", "stm32f411xe.yaml", "-o", "stm32f411xe.yaml"],
         "description 'stm32f411xe.yaml'"),
        ("config", ["-c", "cfg.yaml", "-o", "cfg.yaml", "app.ld"],
         "configuration 'cfg.yaml'"),
    ]
    if have_image:
        cases += [("elf", ["-o", "app.elf", "app.ld", "app.elf"], "input 'app.elf'"),
                  ("elf-option", ["--elf", "app.elf", "-o", "app.elf"], "ELF file"),
                  ("map", ["-o", "app.map", "app.ld", "app.map"], "input 'app.map'"),
                  ("map-option", ["--map", "app.map", "-o", "app.map"], "map file")]
    for name, args, says in cases:
        r = run(args, p)
        err = r.stderr.decode()
        ok(r.returncode == 2 and err.count("\n") == 1 and says in err and
           "the report would replace it" in err, "refuse-" + name,
           f"exit {r.returncode}: {err!r}")
    # the configuration found by search
    shutil.copy(os.path.join(p, "cfg.yaml"), os.path.join(p, "sub", ".ldlint.yaml"))
    shutil.copy(os.path.join(p, "app.ld"), os.path.join(p, "sub", "app.ld"))
    shutil.copy(os.path.join(p, "common.ld"), os.path.join(p, "sub", "common.ld"))
    r = run(["-o", ".ldlint.yaml", "app.ld"], os.path.join(p, "sub"))
    ok(r.returncode == 2 and b"configuration" in r.stderr, "refuse-found-config",
       f"exit {r.returncode}: {r.stderr!r}")
    ok(open(os.path.join(p, "sub", ".ldlint.yaml")).read() == "fail-on: error\n",
       "refuse-found-config-kept", "the configuration changed")
    # a description read through --list-devices (a memmaps directory)
    mm = os.path.join(p, "mm")
    os.makedirs(mm)
    shutil.copy(os.path.join(p, "stm32f411xe.yaml"), mm)
    env = dict(os.environ, LDLINT_MEMMAPS=mm)
    r = run(["--list-devices", "-o", os.path.join(mm, "stm32f411xe.yaml")], p, env=env)
    ok(r.returncode == 2 and b"description" in r.stderr, "refuse-list-devices",
       f"exit {r.returncode}: {r.stderr!r}")
    # before anything is read: a FIFO input would block a reader
    fifo = os.path.join(p, "fifo.ld")
    os.mkfifo(fifo)
    try:
        r = run(["-o", "fifo.ld", "fifo.ld"], p, timeout=20)
        ok(r.returncode == 2 and b"the report would replace it" in r.stderr,
           "refuse-before-reading", f"exit {r.returncode}: {r.stderr!r}")
    except subprocess.TimeoutExpired:
        ok(False, "refuse-before-reading", "ldlint opened the FIFO input")
    os.unlink(fifo)
    after = checksums(before.keys())
    ok(before == after and not leftovers(p), "refuse-unchanged",
       "an input changed or a temporary file was left")
    for f in ("hard.ld", "soft.ld"):
        os.unlink(os.path.join(p, f))
    shutil.rmtree(os.path.join(p, "sub"))
    shutil.rmtree(mm)


def atomic(p, top):
    d = os.path.join(top, "o")
    os.makedirs(d)
    want = run(["-f", "json", "app.ld"], p).stdout
    # a 250-byte name (the temporary file's name is short and fixed)
    long = os.path.join(d, "r" * 245 + ".json")
    r = run(["-f", "json", "-o", long, "app.ld"], p)
    ok(r.returncode == 1 and os.path.exists(long) and open(long, "rb").read() == want
       and not leftovers(d), "long-name", f"exit {r.returncode}: {r.stderr!r}")
    # replacing a file: a new inode, renamed in
    target = os.path.join(d, "r.json")
    with open(target, "w") as f:
        f.write("old\n")
    ino = os.stat(target).st_ino
    r = run(["-f", "json", "-o", target, "app.ld"], p)
    ok(open(target, "rb").read() == want and os.stat(target).st_ino != ino and
       not leftovers(d), "replace", "not replaced whole by rename")
    # a symbolic link: the file it points to is replaced, the link kept
    os.symlink("r.json", os.path.join(d, "link.json"))
    with open(target, "w") as f:
        f.write("old\n")
    r = run(["-f", "json", "-o", os.path.join(d, "link.json"), "app.ld"], p)
    ok(os.path.islink(os.path.join(d, "link.json")) and
       open(target, "rb").read() == want and not leftovers(d), "symlink",
       "the link was replaced or its file not written")
    # a link to nothing, a directory, a missing directory: refused
    os.symlink("nowhere.json", os.path.join(d, "dangling.json"))
    for name, out, says in (("dangling", "dangling.json", "symbolic link to a file that does not exist"),
                            ("directory", ".", "it is a directory"),
                            ("no-dir", "no/such/dir.json", "No such file or directory")):
        r = run(["-o", os.path.join(d, out), "app.ld"], p)
        err = r.stderr.decode()
        ok(r.returncode == 2 and says in err and err.count("\n") == 1, "refuse-" + name,
           f"exit {r.returncode}: {err!r}")
    ok(os.readlink(os.path.join(d, "dangling.json")) == "nowhere.json" and
       not os.path.exists(os.path.join(d, "nowhere.json")), "dangling-kept",
       "the dangling link changed")
    # a FIFO is written through, never renamed over
    fifo = os.path.join(d, "fifo")
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", fifo], stdout=subprocess.PIPE)
    r = run(["-f", "json", "-o", fifo, "app.ld"], p)
    got = reader.communicate(timeout=30)[0]
    ok(r.returncode == 1 and got == want and stat.S_ISFIFO(os.stat(fifo).st_mode) and
       not leftovers(d), "fifo", f"exit {r.returncode}, {len(got)} bytes read")
    # a write cut short by the file size limit: exit 3 with a message, the
    # old file whole, no temporary file
    with open(target, "w") as f:
        f.write("old\n")

    def small_files():
        import resource
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))
    r = run(["-f", "sarif", "-o", target, "app.ld"], p, pre=small_files)
    err = r.stderr.decode()
    ok(r.returncode == 3 and "File too large" in err and err.count("\n") == 1 and
       open(target).read() == "old\n" and not leftovers(d), "fsize-limit",
       f"exit {r.returncode}, {err!r}, leftovers {leftovers(d)}")
    return d


def big_script(path, n):
    """A script whose JSON report is n * 310 bytes (n sections)."""
    with open(path, "w") as f:
        f.write("MEMORY { RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 128K }\nSECTIONS {\n")
        for i in range(n):
            f.write(f"  .section_with_a_long_name_{i:07d} : {{ *(.s{i}) }} > RAM\n")
        f.write("}\n")


def interrupted(p, d):
    script = os.path.join(d, "big.ld")
    big_script(script, 30000)
    target = os.path.join(d, "big.json")
    for sig in (signal.SIGTERM, signal.SIGINT):
        caught = False
        for attempt in range(6):
            with open(target, "w") as f:
                f.write("old\n")
            proc = subprocess.Popen([LDLINT, "-f", "json", "-o", target, script],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            deadline = time.time() + 900	# under valgrind too
            while proc.poll() is None and time.time() < deadline:
                if leftovers(d):
                    os.kill(proc.pid, sig)
                    caught = True
                    break
                time.sleep(0.0005)
            proc.communicate(timeout=900)
            if caught and proc.returncode == 0 and not leftovers(d) and \
                    open(target).read() != "old\n":
                caught = False  # the write ended between the look and the kill
            if caught:
                break
        if not caught:
            skip("signal-" + signal.Signals(sig).name, "the write ended before the "
                 "signal could be sent")
            continue
        ok(proc.returncode == -sig and open(target).read() == "old\n" and
           not leftovers(d), "signal-" + signal.Signals(sig).name,
           f"exit {proc.returncode}, leftovers {leftovers(d)}")
    os.unlink(script)


def inputs_unchanged(p, have_image, d):
    inputs = [os.path.join(p, f) for f in os.listdir(p)
              if os.path.isfile(os.path.join(p, f))]
    before = checksums(inputs)
    image = ["app.elf", "app.map"] if have_image else []
    out = os.path.join(d, "report")
    for fmt in (["-f", "text"], ["-f", "json"], ["-f", "sarif"],
                ["-f", "codequality"], ["--layout"], ["--layout=svg"]):
        for o in ([], ["-o", out]):
            run(fmt + o + ["-c", "cfg.yaml", "-d", "stm32f411xe.yaml", "-L", "st-link",
                           "app.ld"] + image, p)
    for m in (["--show-device", "stm32f411xe.yaml"], ["--show-device", "stm32f411xe.yaml", "-f", "json"],
              ["-d", "stm32f411xe.yaml"]):
        run(m + ["-o", out], p)
    ok(checksums(inputs) == before, "inputs-unchanged", "an input file changed")


def strict_outputs(top):
    """Names with bytes that are not UTF-8 and control characters."""
    h = os.path.join(top, "h")
    os.makedirs(os.path.join(h, "mm"))
    name = b"evil\xff\x1b]0;title\x07\xc2\x9b.ld"
    script = (b"MEMORY { FLASH (rx) : ORIGIN = 0x08000000, LENGTH = 512K\n"
              b"  RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 128K }\n"
              b"REGION_ALIAS(\"AL\xff\x1b[2J\", RAM)\nSECTIONS {\n"
              b"  \".te\xffxt\x1b\x07\" : { *(.text*) } > FLASH\n"
              b"  .data : { *(.data*) } > AL\xff\x1b[2J AT> FLASH\n"
              b"  .bad : { *(.x) } > NO\xc2\x9bWHERE\xe2\x80\xae\x7f\n"
              b"  \xff\x01 = 1;\n}\n")
    with open(os.path.join(h.encode(), name), "wb") as f:
        f.write(script)
    dev = open(os.path.join(ROOT, "memmaps", "st", "stm32f411xe.yaml")).read()
    dev = re.sub(r"^id: .*$", "id: evil-board", dev, count=1, flags=re.M)
    dev = re.sub(r"^description: .*$", lambda m: 'description: "evil\\e]0;title\\a'
                 '\\x9b\\u202e\\xff board"', dev, count=1, flags=re.M)
    with open(os.path.join(h, "mm", "evil-board.yaml"), "w") as f:
        f.write(dev)
    env = dict(os.environ, LDLINT_MEMMAPS=os.path.join(h, "mm"))
    jsons = {
        "json": ["-f", "json", name],
        "sarif": ["-f", "sarif", name],
        "codequality": ["-f", "codequality", name],
        "show-device-json": ["--show-device", "evil-board", "-f", "json"],
        "list-devices-json": ["--list-devices", "-f", "json"],
        "device-json": ["-d", "evil-board", "-f", "json", name],
    }
    for what, args in jsons.items():
        r = subprocess.run([LDLINT.encode()] + [a if isinstance(a, bytes) else a.encode()
                                                for a in args],
                           cwd=h, capture_output=True, env=env)
        try:
            json.loads(r.stdout.decode("utf-8", errors="strict"))
            good = r.returncode in (0, 1, 2) and bool(r.stdout)
        except ValueError as e:
            good = False
            print(f"  {what}: {e}")
        ok(good and not re.search(rb"[\x00-\x1f\x7f]|\xc2[\x80-\x9f]",
                                  r.stdout.replace(b"\n", b"")),
           "strict-" + what, f"exit {r.returncode}, not strict UTF-8 JSON without raw "
           "controls")
    texts = {
        "text": ["-d", "evil-board", name],
        "layout": ["--layout", "-d", "evil-board", name],
        "show-device": ["--show-device", "evil-board"],
        "list-devices": ["--list-devices"],
        "color": ["--color", "always", name],
    }
    for what, args in texts.items():
        r = subprocess.run([LDLINT.encode()] + [a if isinstance(a, bytes) else a.encode()
                                                for a in args],
                           cwd=h, capture_output=True, env=env)
        out = r.stdout + r.stderr
        if what == "color":	# ldlint's own colours are the only escapes
            out = re.sub(rb"\x1b\[[0-9;]*m", b"", out)
        try:
            out.decode("utf-8", errors="strict")
            utf8 = True
        except UnicodeDecodeError:
            utf8 = False
        raw = re.search(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]", out)
        ok(utf8 and not raw and b"\\x1b" in out, "escaped-" + what,
           f"exit {r.returncode}, raw control {raw.group(0) if raw else None!r}, "
           f"utf-8 {utf8}")
    svg = os.path.join(h, "l.svg")
    r = subprocess.run([LDLINT.encode(), b"--layout=svg", b"-d", b"evil-board", b"-o",
                        svg.encode(), name], cwd=h, capture_output=True, env=env)
    if shutil.which("xmllint"):
        x = subprocess.run(["xmllint", "--noout", svg], capture_output=True)
        ok(x.returncode == 0, "strict-svg", x.stderr.decode(errors="replace")[:300])
    else:
        skip("strict-svg", "xmllint not installed")


def bounded(top, name, data, limit_bytes, limit_s, says=None):
    """Lints 'data'; returns the seconds it took."""
    path = os.path.join(top, name)
    with open(path, "wb") as f:
        f.write(data)
    t = time.time()
    r = subprocess.run([LDLINT, path], capture_output=True, timeout=3600)
    took = time.time() - t
    out = r.stdout + r.stderr
    ok(len(out) <= limit_bytes and took <= limit_s and r.returncode in (1, 2) and
       (says is None or says.encode() in out), "bounded-" + name,
       f"exit {r.returncode}, {len(out)} bytes in {took:.1f} s (limit {limit_s:.1f} s)")
    os.unlink(path)
    return took


def floods(top):
    # time limits relative to the 20 KB flood, so that they hold under
    # valgrind as well: 50 times the input may take 100 times as long
    # (the quadratic output of old took 2500 times as long)
    t0 = bounded(top, "dots-20k.ld", b"." + b"*" * 20000 + b"\n", 4096, 3600,
                 "(and 19999 more on this line) [invalid-character]")
    limit = max(10.0, 100 * t0)
    bounded(top, "dots-1m.ld", b"." + b"*" * (1 << 20) + b"\n", 16384, limit,
            "(and 1048575 more on this line) [invalid-character]")
    bounded(top, "nul-100k.ld", b"\0" * 100000, 16384, limit)
    # per-rule caps: text shows 100, JSON lists 1000, both count the rest
    path = os.path.join(top, "names.ld")
    with open(path, "w") as f:
        f.write("".join(f"x{i} = add;\n" for i in range(1500)))
    r = subprocess.run([LDLINT, path], capture_output=True)
    shown = r.stdout.count(b"[numeric-name]")
    ok(shown == 100 and b"ldlint: note: 1400 more 'numeric-name' findings not shown"
       in r.stdout and b"0 errors, 1500 warnings" in r.stdout, "cap-text",
       f"{shown} shown")
    r = subprocess.run([LDLINT, "-f", "json", path], capture_output=True)
    j = json.loads(r.stdout)
    ok(len(j["findings"]) == 1000 and j["summary"]["unlisted"] == 500 and
       j["summary"]["warning"] == 1500, "cap-json", str(j["summary"]))
    r = subprocess.run([LDLINT, "-f", "sarif", path], capture_output=True)
    run0 = json.loads(r.stdout)["runs"][0]
    ok(len(run0["results"]) == 1000 and run0["properties"]["unlistedResults"] == 500,
       "cap-sarif", str(run0.get("properties")))
    r = subprocess.run([LDLINT, "-f", "codequality", path], capture_output=True)
    ok(len(json.loads(r.stdout)) == 1000, "cap-codequality", "not 1000 issues")
    os.unlink(path)


def main():
    top = tempfile.mkdtemp()
    try:
        p, have_image = project(top)
        if not have_image:
            skip("image", "build/cases/rules/clean.neg-stm32f411xe not built (cases "
                 "suite skipped?): the ELF and map parts are left out")
        stdout_errors(p)
        dash_o_honoured(p)
        refuses_inputs(p, have_image)
        d = atomic(p, top)
        interrupted(p, d)
        inputs_unchanged(p, have_image, d)
        strict_outputs(top)
        floods(top)
    finally:
        shutil.rmtree(top, ignore_errors=True)
    tail = f", {skipped} skipped" if skipped else ""
    print(f"output: {passed} passed, {failed} failed{tail}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
