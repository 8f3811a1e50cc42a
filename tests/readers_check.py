#!/usr/bin/env python3
"""The ELF and map readers against the real toolchain.

Builds the firmware projects of tests/fixtures/*/ with arm-none-eabi-gcc
and riscv64-unknown-elf-gcc into OUTDIR, writes images no installed
toolchain links (Xtensa ELF32, 64-bit big-endian, extended section and
program header numbering, no section headers) with tests/elfgen.py, and
then checks, through the 'readers' test driver:

  - every ELF: sections (name, index, address, load address, size,
    NOBITS), program headers and their sections, entry point and symbols
    equal what 'readelf -hSlsW' prints; the load address is worked out
    here from readelf's segments and section-to-segment mapping;
  - the vector table words read at the boot address equal the file bytes;
  - every GNU ld map: its output sections equal the ELF's allocated ones
    (address, size, load address), every symbol it lists has the ELF's
    value, input sections tile their output section, and the bytes per
    input file add up to the section's input sections;
  - the fixtures' particular facts (wrapped names, archive members,
    discarded sections, data statements, memory regions);
  - the committed ld.lld map against its expected listing;
  - every malformed file gives exit 2 and exactly the expected message.

usage: readers_check.py READERS OUTDIR
"""
import os
import re
import shutil
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import elfgen  # noqa: E402

READERS, OUT = sys.argv[1], sys.argv[2]
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL %s%s" % (name, ("\n  " + detail.replace("\n", "\n  "))
                             if detail else ""))
    return ok


def run(args, cwd=None):
    p = subprocess.run(args, cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    return p.returncode, p.stdout, p.stderr


def fields(line):
    """'kind k=v k=v flag' -> (kind, {k: v}, {flags})."""
    words = line.split(" ")
    kv, flags = {}, set()
    for w in words[1:]:
        if "=" in w:
            k, v = w.split("=", 1)
            kv[k] = v
        elif w:
            flags.add(w)
    return words[0], kv, flags


# ---------------------------------------------------------------- ELF side

SEG_TYPES = {"NULL": 0, "LOAD": 1, "DYNAMIC": 2, "INTERP": 3, "NOTE": 4,
             "PHDR": 6, "TLS": 7, "GNU_EH_FRAME": 0x6474e550,
             "GNU_STACK": 0x6474e551, "GNU_RELRO": 0x6474e552,
             "EXIDX": 0x70000001, "ARM_EXIDX": 0x70000001,
             "RISCV_ATTRIBUT": 0x70000003}


def readelf(tool, path):
    """Sections, segments, mapping, entry and symbols from readelf."""
    code, out, err = run([tool, "-hSlsW", path])
    if code:
        raise RuntimeError("%s failed on %s: %s" % (tool, path, err))
    secs, segs, mapping, syms = [], [], {}, {}
    entry = None
    part = None
    for line in out.splitlines():
        m = re.match(r"\s*Entry point address:\s+0x([0-9a-f]+)", line)
        if m:
            entry = int(m.group(1), 16)
        if line.startswith("Section Headers:"):
            part = "S"
            continue
        if line.startswith("Program Headers:"):
            part = "P"
            continue
        if "Section to Segment mapping" in line:
            part = "M"
            continue
        if line.startswith("Symbol table"):
            part = "Y"
            continue
        if part == "S":
            m = re.match(r"\s*\[\s*(\d+)\]\s+(\S*)\s+(\S+)\s+([0-9a-f]+)\s+"
                         r"([0-9a-f]+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+"
                         r"([A-Za-z]*)\s+\d+\s+\d+\s+\d+$", line)
            if m:
                secs.append({"index": int(m.group(1)), "name": m.group(2),
                             "type": m.group(3),
                             "addr": int(m.group(4), 16),
                             "offset": int(m.group(5), 16),
                             "size": int(m.group(6), 16),
                             "flags": m.group(7)})
        elif part == "P":
            m = re.match(r"\s+(\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+"
                         r"0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+"
                         r"(.{3})\s+0x([0-9a-f]+)$", line)
            if m:
                segs.append({"type": m.group(1),
                             "offset": int(m.group(2), 16),
                             "vaddr": int(m.group(3), 16),
                             "paddr": int(m.group(4), 16),
                             "filesz": int(m.group(5), 16),
                             "memsz": int(m.group(6), 16),
                             "flags": m.group(7)})
        elif part == "M":
            m = re.match(r"\s+(\d\d)\s*(.*)$", line)
            if m:
                mapping[int(m.group(1))] = m.group(2).split()
        elif part == "Y":
            m = re.match(r"\s*\d+:\s+([0-9a-f]+)\s+(\d+|0x[0-9a-f]+)\s+(\S+)"
                         r"\s+(\S+)\s+\S+\s+\S+\s+(\S+)$", line)
            if m:
                syms.setdefault(m.group(5), []).append(
                    {"value": int(m.group(1), 16),
                     "size": int(m.group(2), 0), "type": m.group(3),
                     "bind": m.group(4)})
    return secs, segs, mapping, entry, syms


def reader_elf(path, extra=()):
    code, out, err = run([READERS, "elf", path] + list(extra))
    if code:
        raise RuntimeError("readers elf %s: exit %d: %s" % (path, code, err))
    info, secs, segs, syms = {}, [], [], {}
    for line in out.splitlines():
        kind, kv, _ = fields(line)
        if kind == "elf":
            info = kv
        elif kind == "section":
            secs.append({"name": line.split(" ")[1], **kv})
        elif kind == "segment":
            segs.append(kv)
        elif kind == "symbol":
            syms[line.split(" ")[1]] = kv
    return info, secs, segs, syms


def compare_elf(name, path, tool, want=()):
    r_secs, r_segs, r_map, r_entry, r_syms = readelf(tool, path)
    info, secs, segs, syms = reader_elf(path, want)
    alloc = [s for s in r_secs if "A" in s["flags"] and s["type"] != "NULL"]
    alloc_names = {s["name"] for s in alloc}
    # load address: from the first LOAD whose mapping lists the section
    lma = {}
    for i, g in enumerate(r_segs):
        if g["type"] != "LOAD":
            continue
        for sname in r_map.get(i, []):
            s = next(x for x in r_secs if x["name"] == sname)
            lma.setdefault(sname, g["paddr"] + s["addr"] - g["vaddr"])
    expect = ["%s index=%d addr=0x%x lma=0x%x size=0x%x nobits=%s seg=%s" % (
        s["name"], s["index"], s["addr"], lma.get(s["name"], s["addr"]),
        s["size"], s["type"] == "NOBITS",
        "yes" if s["name"] in lma else "no") for s in alloc]
    got = ["%s index=%s addr=%s lma=%s size=%s nobits=%s seg=%s" % (
        s["name"], s["index"], s["addr"], s["lma"], s["size"],
        s["type"] == "nobits", s["segment"]) for s in secs]
    check("%s: sections equal readelf -S" % name, expect == got,
          "readelf: %s\nreader:  %s" % (expect, got))

    expect = []
    for i, g in enumerate(r_segs):
        members = sorted((s for s in alloc if s["name"] in r_map.get(i, [])),
                         key=lambda s: (s["addr"], s["index"]))
        t = SEG_TYPES.get(g["type"])
        expect.append("%s off=0x%x va=0x%x pa=0x%x filesz=0x%x memsz=0x%x "
                      "flags=%s sections=%s" % (
                          "0x%x" % t if t is not None else "?", g["offset"],
                          g["vaddr"], g["paddr"], g["filesz"], g["memsz"],
                          g["flags"].replace(" ", ""),
                          ",".join(s["name"] for s in members)))
    got = []
    for g, e in zip(segs, expect):
        flags = "".join(c.upper() for c in g["flags"] if c != "-")
        flags = flags.replace("X", "E")
        got.append("%s off=%s va=%s pa=%s filesz=%s memsz=%s flags=%s "
                   "sections=%s" % (
                       "?" if e.startswith("?") else g["type"], g["offset"],
                       g["vaddr"], g["paddr"], g["filesz"], g["memsz"],
                       flags, g["sections"]))
    check("%s: segments equal readelf -l" % name,
          expect == got and len(segs) == len(r_segs),
          "readelf: %s\nreader:  %s" % (expect, got))
    check("%s: entry point" % name,
          r_entry is not None and int(info["entry"], 16) == r_entry,
          "readelf 0x%x, reader %s" % (r_entry or 0, info.get("entry")))
    bad = []
    for sname, kv in syms.items():
        cands = r_syms.get(sname, [])
        if not any(int(kv["value"], 16) == c["value"] and
                   int(kv["size"], 16) == c["size"] for c in cands):
            bad.append("%s %s" % (sname, kv))
    for sname in want:
        if sname in r_syms and sname not in syms:
            bad.append("%s not found" % sname)
    check("%s: symbols equal readelf -s" % name, not bad, "; ".join(bad))
    return {"secs": secs, "alloc": alloc, "all": r_secs, "syms": r_syms,
            "info": info, "path": path}


def check_vectors(name, elf, boot, count):
    """The words read at the boot address are the file's bytes."""
    code, out, err = run([READERS, "words", elf["path"], hex(boot),
                          str(count)])
    got = [int(line.split()[2], 16) for line in out.splitlines()
           if line.startswith("word ")]
    sec = next(s for s in elf["all"] if s["addr"] == boot and
               "A" in s["flags"])
    with open(elf["path"], "rb") as f:
        f.seek(sec["offset"])
        raw = f.read(4 * count)
    big = elf["info"]["endian"] == "big"
    want = list(struct.unpack((">" if big else "<") + "I" * count, raw))
    check("%s: vector table words at 0x%x" % (name, boot),
          code == 0 and got == want, "file %s, reader %s %s" % (
              [hex(w) for w in want], [hex(w) for w in got], err))
    return got


# ---------------------------------------------------------------- map side

def reader_map(path):
    code, out, err = run([READERS, "map", path])
    if code:
        raise RuntimeError("readers map %s: exit %d: %s" % (path, code, err))
    m = {"sections": [], "regions": [], "members": [], "discarded": [],
         "symbols": [], "text": out}
    cur = None
    for line in out.splitlines():
        kind, kv, flags = fields(line.strip())
        kv["flags"] = flags
        if line.startswith("  input"):
            cur["inputs"].append(kv)
        elif line.startswith("  sum "):
            cur["sum"] = kv
        elif line.startswith("  contrib"):
            cur["contribs"].append(kv)
        elif line.startswith("  symbol"):
            cur["symbols"].append(kv)
            m["symbols"].append(kv)
        elif kind == "section":
            cur = dict(kv, inputs=[], symbols=[], contribs=[])
            m["sections"].append(cur)
        elif kind == "symbol":
            m["symbols"].append(kv)
        elif kind in ("region", "member", "discarded"):
            m[kind + "s" if kind != "discarded" else kind].append(kv)
        elif kind == "map":
            m["format"] = kv["format"]
    return m


def compare_map(name, mpath, elf, arm):
    m = reader_map(mpath)
    check("%s: GNU format detected" % name, m["format"] == "gnu")
    by_name = {s["name"]: s for s in m["sections"]}
    alloc_names = {s["name"] for s in elf["secs"]}
    nonalloc = {s["name"] for s in elf["all"]} - alloc_names
    bad = []
    for s in elf["secs"]:
        ms = by_name.get(s["name"])
        if ms is None:
            bad.append("%s is not in the map" % s["name"])
            continue
        if ms["vma"] != s["addr"] or ms["size"] != s["size"]:
            bad.append("%s: map %s/%s, ELF %s/%s" % (
                s["name"], ms["vma"], ms["size"], s["addr"], s["size"]))
        if int(s["size"], 16) and ms["lma"] != s["lma"]:
            bad.append("%s: map lma %s, ELF lma %s" % (s["name"], ms["lma"],
                                                       s["lma"]))
    for ms in m["sections"]:
        if int(ms["size"], 16) and ms["name"] not in \
                {s["name"] for s in elf["secs"]} | nonalloc:
            bad.append("%s (size %s) is in the map but not the ELF" % (
                ms["name"], ms["size"]))
        if ("nonalloc" in ms["flags"]) != (ms["name"] in nonalloc and
                                           ms["name"] not in alloc_names):
            bad.append("%s: nonalloc flag %s, but the ELF says %s" % (
                ms["name"], "nonalloc" in ms["flags"],
                "non-allocated" if ms["name"] in nonalloc else
                "allocated or absent"))
    check("%s: map sections equal the ELF's" % name, not bad,
          "\n".join(bad))

    bad = []
    alloc = {s["name"] for s in elf["secs"]}
    for ms in m["sections"]:
        # merged sections (.comment, attributes) overlap their inputs
        if not ms["inputs"] or ms["name"] not in alloc:
            continue
        vma, size = int(ms["vma"], 16), int(ms["size"], 16)
        total = sum(int(i["size"], 16) for i in ms["inputs"])
        if total != size:
            bad.append("%s: inputs add up to 0x%x, section is 0x%x" % (
                ms["name"], total, size))
        for i in ms["inputs"]:
            a, n = int(i["addr"], 16), int(i["size"], 16)
            if not (vma <= a and a + n <= vma + size):
                bad.append("%s: input %s at 0x%x+0x%x is outside" % (
                    ms["name"], i["section"], a, n))
    check("%s: input sections tile their output sections" % name, not bad,
          "\n".join(bad))

    bad = []
    for ms in m["sections"]:
        sec = [i for i in ms["inputs"] if not ({"fill", "data"} & i["flags"])]
        total = sum(int(i["size"], 16) for i in sec)
        got = sum(int(c["bytes"], 16) for c in ms["contribs"])
        files = {i["file"] for i in sec}
        sm = ms["sum"]
        if got != total or int(sm["bytes"], 16) != total or \
                int(sm["inputs"]) != len(sec) or \
                len(ms["contribs"]) != len(files):
            bad.append("%s: inputs 0x%x in %d files, per-file totals 0x%x "
                       "in %d, sum %s" % (ms["name"], total, len(files), got,
                                          len(ms["contribs"]), sm))
    check("%s: per-file totals add up to the section's inputs" % name,
          not bad, "\n".join(bad))

    bad, compared = [], 0
    for y in m["symbols"]:
        cands = elf["syms"].get(y["name"], [])
        if len(cands) != 1 or "(location)" in y["flags"]:
            continue
        v = cands[0]["value"]
        if arm and cands[0]["type"] == "FUNC":
            v &= ~1
        compared += 1
        if int(y["value"], 16) != v:
            bad.append("%s: map %s, ELF 0x%x" % (y["name"], y["value"], v))
    check("%s: %d map symbols have the ELF's values" % (name, compared),
          not bad and compared > 0, "\n".join(bad))
    odd = [y["name"] for y in m["symbols"]
           if not re.match(r"^[A-Za-z_.$][A-Za-z0-9_.$]*$", y["name"])]
    check("%s: map symbol names are names" % name, not odd, str(odd[:5]))
    return m


# ---------------------------------------------------------------- the run

def build_fixtures():
    fx = os.path.join(HERE, "fixtures")
    for d in sorted(os.listdir(fx)):
        script = os.path.join(fx, d, "build.sh")
        if os.path.exists(script):
            code, out, err = run(["sh", script, OUT])
            check("build fixture %s" % d, code == 0, out + err)
    with open(os.path.join(OUT, "xtensa.elf"), "wb") as f:
        f.write(elfgen.small_image(machine=elfgen.EM_XTENSA))
    with open(os.path.join(OUT, "ppc64be.elf"), "wb") as f:
        f.write(elfgen.small_image(True, True, elfgen.EM_PPC64))
    # extended numbering (the counts in section header 0) and an image
    # without section headers, which readelf reads
    with open(os.path.join(OUT, "xnum32.elf"), "wb") as f:
        f.write(elfgen.small_image(xnum=True))
    with open(os.path.join(OUT, "xnum64be.elf"), "wb") as f:
        f.write(elfgen.small_image(True, True, elfgen.EM_PPC64, xnum=True))
    with open(os.path.join(OUT, "noshdrs.elf"), "wb") as f:
        f.write(elfgen.small_image(shdrs=False))


def fixture_facts(maps, elfs):
    cm = maps["cortexm"]
    regions = {r["name"]: r for r in cm["regions"]}
    check("cortexm: Memory Configuration", set(regions) ==
          {"FLASH", "RAM", "*default*"} and
          regions["FLASH"]["origin"] == "0x8000000" and
          regions["FLASH"]["length"] == "0x40000" and
          regions["FLASH"]["attributes"] == "xr" and
          regions["RAM"]["attributes"] == "xrw", str(cm["regions"]))
    data = next(s for s in cm["sections"] if s["name"] == ".data")
    check("cortexm: .data has a load address in flash",
          "(no-lma)" not in data["flags"] and data["lma"].startswith("0x80"),
          str(data))
    check("cortexm: RAM function input in .data",
          any(i["section"] == ".ramfunc" for i in data["inputs"]))
    check("cortexm: gc-sections discarded never_called",
          any(d["section"] == ".text.never_called" and d["size"] == "0x8"
              for d in cm["discarded"]), str(cm["discarded"]))
    top = {y["name"] for y in cm["symbols"] if y.get("line") and
           y["name"] in ("_estack", "_sidata")}
    check("cortexm: top-level assignments", top == {"_estack", "_sidata"})
    vec = elfs["cortexm"]["vectors"]
    sp = elfs["cortexm"]["syms"]["_estack"][0]["value"]
    reset = elfs["cortexm"]["syms"]["Reset_Handler"][0]["value"]
    check("cortexm: vector[0] is _estack and vector[1] Reset_Handler",
          vec[:2] == [sp, reset], "%s vs %x %x" % (vec, sp, reset))
    check("cortexm-be: same vectors in big-endian",
          elfs["cortexm-be"]["vectors"][:2] == [sp, reset])
    a = [(s["name"], s["addr"], s["lma"], s["size"])
         for s in elfs["cortexm"]["secs"]]
    b = [(s["name"], s["addr"], s["lma"], s["size"])
         for s in elfs["cortexm-nodebug"]["secs"]]
    check("cortexm: the same sections with and without -g", a == b)

    ln = maps["longnames"]
    names = {s["name"] for s in ln["sections"]}
    check("longnames: wrapped and unwrapped output names",
          {".fourteen_char", ".fifteen_chars_",
           ".a_persistent_configuration_output_section"} <= names,
          str(sorted(names)))
    inputs = {i["section"]: i for s in ln["sections"] for i in s["inputs"]}
    check("longnames: wrapped and unwrapped input names",
          {".in13_abcdefg", ".in14_abcdefgh",
           ".a_very_long_input_section_name_in_flash",
           ".text.function_with_a_name_long_enough_to_wrap_the_input_line",
           ".cfg_persistent_configuration_block"} <= set(inputs),
          str(sorted(inputs)))
    f15 = next(s for s in ln["sections"] if s["name"] == ".fifteen_chars_")
    datas = [(i["section"], i["size"]) for i in f15["inputs"]
             if "data" in i["flags"]]
    check("longnames: data statements",
          datas == [("BYTE", "0x1"), ("SHORT", "0x2"), ("LONG", "0x4"),
                    ("QUAD", "0x8")] or
          [d[1] for d in datas] == ["0x1", "0x2", "0x4", "0x8"], str(datas))
    check("longnames: *fill* lines",
          any("fill" in i["flags"] for i in f15["inputs"]))
    regions = {r["name"]: r["attributes"] for r in ln["regions"]}
    check("longnames: region attributes 'rw!x'", regions.get("RAM") == "rw!x",
          str(regions))

    ar = maps["archive"]
    members = {(b["member"], b["file"], b["symbol"]) for b in ar["members"]}
    check("archive: short archive members",
          ("./libfixture.a(lib_math.o)", "main.o", "lib_add") in members and
          ("./libfixture.a(lib_scale.o)", "main.o", "lib_mul") in members,
          str(members))
    check("archive: wrapped archive member from newlib",
          any(b[0].endswith("libc_nano.a(lib_a-memset.o)") and
              b[2] == "memset" for b in members), str(members))
    check("archive: unreferenced member not included",
          not any("lib_never" in b[0] for b in members))
    disc = {(d["section"], d["file"]) for d in ar["discarded"]}
    check("archive: discarded sections of objects and members",
          (".text.unused_function", "main.o") in disc and
          (".text.lib_unused_helper", "./libfixture.a(lib_math.o)") in disc,
          str(sorted(disc)))
    files = {i["file"] for s in ar["sections"] for i in s["inputs"]}
    check("archive: archive(member) input files",
          "./libfixture.a(lib_scale.o)" in files and
          any(f.endswith("libc_nano.a(lib_a-memset.o)") for f in files),
          str(sorted(files)))

    rv = maps["riscv64"]
    stack = next(s for s in rv["sections"] if s["name"] == ".stack")
    check("riscv64: 64-bit map addresses",
          stack["vma"] == "0x80000190" and
          any(y["name"] == "__stack_top" for y in stack["symbols"]),
          str(stack))


def object_sections(path):
    """(index, name, type, offset, size, info) of each section of a
    relocatable object, as arm-none-eabi-readelf -SW lists them."""
    out = subprocess.run(["arm-none-eabi-readelf", "-SW", path],
                         capture_output=True, text=True).stdout
    secs = []
    for m in re.finditer(r"^\s*\[\s*(\d+)\] (\S+)\s+(\S+)\s+[0-9a-f]+ "
                         r"([0-9a-f]+) ([0-9a-f]+) [0-9a-f]+\s+\S*\s+\d+\s+"
                         r"(\d+)", out, re.M):
        secs.append((int(m.group(1)), m.group(2), m.group(3),
                     int(m.group(4), 16), int(m.group(5), 16),
                     int(m.group(6))))
    return secs


def object_truth(path):
    """What each section's bytes are, from readelf's table and the file:
    NOBITS is zero, a section a relocation section applies to is not."""
    data = open(path, "rb").read()
    secs = object_sections(path)
    truth = {}
    for idx, name, typ, off, size, _ in secs:
        if idx == 0 or (name, size) in truth:
            continue
        if typ == "NOBITS":
            v = "zero"
        elif any(t in ("REL", "RELA") and info == idx and sz
                 for _, _, t, _, sz, info in secs):
            v = "nonzero"
        else:
            v = "nonzero" if any(data[off:off + size]) else "zero"
        truth[(name, size)] = v
    return truth


def check_objects():
    """objects.c against readelf on the archive fixture's objects, then on
    truncated and damaged copies: each answer is the true one or
    'unknown', never a crash (make sanitize and valgrind run this too)."""
    d = os.path.join(OUT, "archive-obj")
    if not os.path.exists(os.path.join(d, "libfixture.a")):
        check("objects: fixture built", False, d)
        return
    members = os.path.join(OUT, "objects-members")
    work = os.path.join(OUT, "objects-damaged")
    for w in (members, work):
        shutil.rmtree(w, ignore_errors=True)
        os.makedirs(w)
    subprocess.run(["arm-none-eabi-ar", "x", os.path.join(d, "libfixture.a")],
                   cwd=members, check=True)
    wanted = {}
    for obj in ["main.o"] + sorted(os.listdir(members)):
        path = os.path.join(d if obj == "main.o" else members, obj)
        key = obj if obj == "main.o" else "libfixture.a(%s)" % obj
        for (name, size), v in object_truth(path).items():
            wanted[(key, name, size)] = v
    args = []
    for key, name, size in sorted(wanted):
        args += [key, name, hex(size)]
    code, out, err = run([READERS, "objects", d] + args)
    ordered = [wanted[k] for k in sorted(wanted)]
    answers = [l.split(" ")[2] for l in out.splitlines() if l.count(" ") == 2]
    check("objects: %d sections of main.o and libfixture.a's members read as "
          "readelf's table and bytes say" % len(wanted),
          code == 0 and answers == ordered and "read 4" in out,
          err + out[-300:])
    bad = []
    for src in ("main.o", "libfixture.a"):
        blob = open(os.path.join(d, src), "rb").read()
        keys = [k for k in sorted(wanted) if (k[0] == src) ==
                (src == "main.o")]
        targs = []
        for key, name, size in keys:
            targs += [key, name, hex(size)]
        copies = [blob[:n] for n in range(0, len(blob), 97)]
        if src == "main.o":     # ELF header fields: shoff, entsize, shnum...
            for off in (0x04, 0x05, 0x10, 0x20, 0x2e, 0x30, 0x32):
                for b in (b"\xff", b"\x00", b"\x7f"):
                    copies.append(blob[:off] + b * 2 + blob[off + 2:])
        for i, c in enumerate(copies):
            with open(os.path.join(work, src), "wb") as f:
                f.write(c)
            code, out, err = run([READERS, "objects", work] + targs)
            ans = [l.split(" ")[2] for l in out.splitlines() if l.count(" ") == 2]
            truth = [wanted[k] for k in keys]
            if code != 0 or len(ans) != len(truth) or any(
                    a not in (t, "unknown") for a, t in zip(ans, truth)):
                bad.append("%s copy %d: exit %d %s" % (src, i, code, err[-200:]))
    check("objects: truncated and damaged objects and archives read as the "
          "truth or 'unknown'", not bad, "; ".join(bad[:3]))


def check_crlf():
    src = os.path.join(OUT, "cortexm.map")
    dst = os.path.join(OUT, "cortexm-crlf.map")
    with open(src, "rb") as f:
        data = f.read()
    with open(dst, "wb") as f:
        f.write(data.replace(b"\n", b"\r\n"))
    a = reader_map(src)["text"]
    b = reader_map(dst)["text"]
    check("a map with CRLF line ends reads the same", a == b)


def check_lld():
    d = os.path.join(HERE, "fixtures", "lld")
    code, out, err = run([READERS, "map", "app.map"], cwd=d)
    with open(os.path.join(d, "app.expected")) as f:
        want = f.read()
    check("lld map listing equals app.expected", code == 0 and out == want,
          err + "".join(l for l in __import__("difflib").unified_diff(
              want.splitlines(True), out.splitlines(True), "expected",
              "actual")))


def main():
    os.makedirs(OUT, exist_ok=True)
    build_fixtures()
    arm, rv = "arm-none-eabi-readelf", "riscv64-unknown-elf-readelf"
    images = [("cortexm", arm, True), ("cortexm-be", arm, True),
              ("cortexm-nodebug", arm, False),
              ("riscv32", rv, True), ("riscv64", rv, True),
              ("longnames", arm, True), ("archive", arm, True),
              ("xtensa", arm, False), ("ppc64be", arm, False),
              ("xnum32", arm, False), ("xnum64be", arm, False),
              ("noshdrs", arm, False)]
    elfs, maps = {}, {}
    want = ("main", "ticks", "table", "__stack_top", "in13",
            "no_such_symbol")
    for name, tool, has_map in images:
        path = os.path.join(OUT, name + ".elf")
        try:
            elfs[name] = compare_elf(name, path, tool, want)
        except (RuntimeError, OSError, StopIteration) as e:
            check("%s: read" % name, False, str(e))
            continue
        if has_map:
            try:
                maps[name] = compare_map(name, os.path.join(
                    OUT, name + ".map"), elfs[name], tool == arm)
            except (RuntimeError, OSError) as e:
                check("%s: map read" % name, False, str(e))
    for name in ("cortexm", "cortexm-be"):
        if name in elfs:
            elfs[name]["vectors"] = check_vectors(name, elfs[name],
                                                  0x08000000, 8)
    for name in ("xtensa", "ppc64be", "xnum32", "xnum64be"):
        if name in elfs:
            check_vectors(name, elfs[name], 0x08000000, 4)
    try:
        fixture_facts(maps, elfs)
    except (KeyError, StopIteration) as e:
        check("fixture facts", False, "missing %s" % e)
    check_crlf()
    check_lld()
    check_objects()
    print("readers: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
