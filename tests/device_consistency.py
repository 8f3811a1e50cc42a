#!/usr/bin/env python3
"""Independent consistency check of every shipped device description.

Reads each description through `ldlint --show-device ID -f json` (the
resolved model with sectors expanded) and checks it again here, without
ldlint's own validation code: memories inside 4 GiB and not overlapping
(aliases excepted), alias targets real, flash banks tiling their memory,
sectors tiling their banks and numbered consecutively, reserved ranges and
loader ranges inside device memories, architecture execute-never areas
present, sources cited.  Prints one line per problem and a final
'checked N descriptions' line; exits 1 on any problem.

usage: device_consistency.py LDLINT
"""
import concurrent.futures
import fnmatch
import json
import os
import subprocess
import sys

LIMIT = 1 << 32
TYPES = {"flash", "rom", "otp", "option", "ram", "ext-ram", "xip", "mmio"}
problems = []


def bad(where, msg):
    problems.append(f"{where}: {msg}")


_shown = {}


def run(ldlint, *args):
    """ldlint's JSON for 'args', run once per distinct 'args' (a device's
    description is compared with every loader)."""
    if args not in _shown:
        p = subprocess.run([ldlint, *args], capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError(f"ldlint {' '.join(args)} exited "
                               f"{p.returncode}: {p.stderr.strip()}")
        _shown[args] = json.loads(p.stdout)
    return _shown[args]


def bind_all(ldlint, lid, devices):
    """Each device's 'ldlint -d DEVICE --show-device LOADER' run, two at a
    time (under valgrind this is the longest part of the devices suite)."""
    jobs = int(os.environ.get("JOBS", os.cpu_count() or 1))
    def one(did):
        return subprocess.run([ldlint, "-d", did, "--show-device", lid, "-f",
                               "json"], capture_output=True, text=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, devices))


def overlap(a0, a1, b0, b1):
    return a0 < b1 and b0 < a1


def check_flash(did, m):
    fl = m["flash"]
    banks = fl["banks"]
    if not banks:
        bad(did, f"{m['name']}: flash layout without banks")
        return
    at = m["base"]
    for b in banks:
        if b["base"] != at:
            bad(did, f"{m['name']}: bank {b['name']} starts at {b['base']:#x}, "
                     f"expected {at:#x}")
        s_at, num = b["base"], b["first_sector"]
        for s in b["sectors"]:
            if s["base"] != s_at or s["size"] <= 0:
                bad(did, f"{m['name']}/{b['name']}: sector {s['number']} at "
                         f"{s['base']:#x}, expected {s_at:#x}")
            if s["number"] != num:
                bad(did, f"{m['name']}/{b['name']}: sector numbered "
                         f"{s['number']}, expected {num}")
            s_at += s["size"]
            num += 1
        if s_at != b["base"] + b["size"]:
            bad(did, f"{m['name']}/{b['name']}: sectors end at {s_at:#x}, "
                     f"bank ends at {b['base'] + b['size']:#x}")
        at = b["base"] + b["size"]
    if at != m["base"] + m["size"]:
        bad(did, f"{m['name']}: banks end at {at:#x}, memory at "
                 f"{m['base'] + m['size']:#x}")
    if fl["erased"] is not None and not 0 <= fl["erased"] <= 255:
        bad(did, f"{m['name']}: erased value {fl['erased']}")


def inside_memories(mems, base, size):
    return any(m["base"] <= base and base + size <= m["base"] + m["size"]
               for m in mems)


def check_device(did, d):
    mems = d["memories"]
    names = {}
    if not d["sources"]:
        bad(did, "no sources cited")
    if "\n" in d["description"]:
        bad(did, "description is more than one line")
    for m in mems:
        if m["name"] in names:
            bad(did, f"two memories named {m['name']}")
        names[m["name"]] = m
        if m["type"] not in TYPES:
            bad(did, f"{m['name']}: type {m['type']}")
        if m["size"] <= 0 or m["base"] + m["size"] > LIMIT:
            bad(did, f"{m['name']}: range {m['base']:#x}+{m['size']:#x}")
        if m.get("flash"):
            check_flash(did, m)
        if m["type"] in ("flash",) and not m.get("flash") and not m["alias_of"]:
            bad(did, f"{m['name']}: internal flash without an erase layout")
    for m in mems:
        t = m["alias_of"]
        if t:
            if t not in names:
                bad(did, f"{m['name']}: alias of unknown {t}")
            elif names[t]["alias_of"] or names[t]["size"] < m["size"] or \
                    names[t]["type"] != m["type"]:
                bad(did, f"{m['name']}: bad alias of {t}")
    for i, a in enumerate(mems):
        for b in mems[:i]:
            if overlap(a["base"], a["base"] + a["size"], b["base"],
                       b["base"] + b["size"]) and \
                    a["alias_of"] != b["name"] and b["alias_of"] != a["name"]:
                bad(did, f"{a['name']} overlaps {b['name']}")
    if not any(m["boot"] for m in mems):
        bad(did, "no boot memory")
    for w in d["windows"]:
        for m in mems:
            if overlap(w["base"], w["base"] + w["size"], m["base"],
                       m["base"] + m["size"]):
                if not (w["base"] <= m["base"] and
                        m["base"] + m["size"] <= w["base"] + w["size"]):
                    bad(did, f"{m['name']} straddles window {w['name']}")
                elif w["populated_by"] is None:
                    bad(did, f"window {w['name']} holds {m['name']} but is "
                             f"not marked populated")
    for r in d["reserved"]:
        if not inside_memories(mems, r["base"], r["size"]):
            bad(did, f"reserved {r['base']:#x}+{r['size']:#x} is in no memory")
    if d["cpu"]["arch"] and d["cpu"]["arch"].startswith("armv"):
        if not any(x["base"] == 0xE0000000 and not x["mpu_can_clear"]
                   for x in d["execute_never"]):
            bad(did, "Arm part without the system-region execute-never area")


def check_loader(ldlint, lid, entries):
    raw = run(ldlint, "--show-device", lid, "-f", "json")
    if not raw["sources"]:
        bad(lid, "no sources cited")
    devices = [e["id"] for e in entries if e["kind"] != "loader"]
    bound = 0
    for did, p in zip(devices, bind_all(ldlint, lid, devices)):
        if p.returncode != 0:
            if "does not apply" in p.stderr:
                continue
            bad(lid, f"does not bind to {did}: {p.stderr.strip()}")
            continue
        bound += 1
        l = json.loads(p.stdout)
        d = run(ldlint, "--show-device", did, "-f", "json")
        mems = d["memories"]
        where = f"{lid} on {did}"
        for key in ("occupies", "runs_from"):
            for r in l[key]:
                if not inside_memories(mems, r["base"], r["size"]):
                    bad(where, f"{key} {r['base']:#x}+{r['size']:#x} is in "
                               f"no memory")
        for r in l["reserves"]:
            if not inside_memories(mems, r["base"], r["size"]):
                bad(where, f"reserves {r['base']:#x}+{r['size']:#x} is in no "
                           f"memory")
        for w in l["writes"]:
            if w["dfuse_alt"] == 0 and not inside_memories(mems, w["base"],
                                                             w["size"]):
                bad(where, f"DfuSe alt 0 writes {w['base']:#x}+"
                           f"{w['size']:#x} outside the device memories")
        for r in l["runs_from"]:
            if "stored_at" in r and not inside_memories(mems, r["stored_at"],
                                                        r["size"]):
                bad(where, "runs_from stored_at is in no memory")
    if bound == 0:
        bad(lid, "applies to no shipped device")


def main():
    ldlint = sys.argv[1]
    entries = run(ldlint, "--list-devices", "-f", "json")
    n = 0
    for e in entries:
        try:
            if e["kind"] == "loader":
                check_loader(ldlint, e["id"], entries)
            else:
                check_device(e["id"], run(ldlint, "--show-device", e["id"],
                                          "-f", "json"))
        except RuntimeError as ex:
            bad(e["id"], str(ex))
        n += 1
    for p in problems:
        print(p)
    print(f"checked {n} descriptions, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
