#!/usr/bin/env python3
"""Times ldlint's readers against 'wc -l' (the map) and
'arm-none-eabi-readelf -lSW' (the ELFs) on the inputs bench.sh built, and
prints the ratios and peak memory side by side.  Then the whole process:
'ldlint --elf' against 'readelf -lSW' and 'arm-none-eabi-size -A' on the
-g3 ELF and on the same ELF with its debug sections stripped (their ratio
says what debug information costs), and against 'readelf -sW' (which
lists the symbol table ldlint searches).  BENCH_WHAT=elf runs the
whole-process ELF part alone.  The commands compared
run in turn, REPS rounds (BENCH_REPS, default 15), on files already in
the page cache, so that other work on the machine slows them alike; the
table shows the fastest run and the median.  Peak memory is the reader's
VmHWM (its own report: ru_maxrss of a child counts the parent's memory
from before exec); for ldlint it is /usr/bin/time's.

usage: bench.py BENCH_READERS LDLINT|'' OUTDIR
"""
import os
import statistics
import subprocess
import sys
import time

bench, ldlint, out = sys.argv[1], sys.argv[2], sys.argv[3]
REPS = int(os.environ.get("BENCH_REPS", "15"))


def run_once(cmd):
    """One run; only the bench driver's report is read, other commands
    write to /dev/null."""
    t0 = time.perf_counter()
    mine = cmd[0] == bench
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE if mine else
                         subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = p.stdout.read() if mine else b""
    p.wait()
    t = time.perf_counter() - t0
    peak = 0
    for word in out.split():
        if word.startswith(b"peak_kb="):
            peak = int(word[8:])
    return t, peak, p.returncode


def peak_of(cmd):
    """Peak RSS of a command that does not report it, by /usr/bin/time
    (whose own small image is what the child starts from)."""
    p = subprocess.run(["/usr/bin/time", "-f", "peak_kb=%M"] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for word in p.stderr.split():
        if word.startswith(b"peak_kb="):
            return int(word[8:])
    return 0


def timed(*cmds):
    """Runs the commands in turn, REPS rounds, so that a machine shared
    with other work slows them alike; returns (min, median, peak, exit)
    for each."""
    for cmd in cmds:
        run_once(cmd)                   # warm the page cache
    runs = [[] for _ in cmds]
    for _ in range(REPS):
        for i, cmd in enumerate(cmds):
            runs[i].append(run_once(cmd))
    out = []
    for cmd, rs in zip(cmds, runs):
        ts = [r[0] for r in rs]
        peak = max(r[1] for r in rs) or peak_of(cmd)
        out.append((min(ts), statistics.median(ts), peak, rs[-1][2]))
    return out if len(out) > 1 else out[0]


def mb(n):
    return n / 1e6


def settle(paths):
    """Puts the files in one page-cache state: written back, dropped and
    read back whole.  How a file came into the page cache weighs more than
    its size: one the linker wrote in pieces sits in 4 KiB pages, one read
    back (or written whole, by cp or objcopy) in large folios, and mapping
    the symbol and string tables of the first costs several times more.
    Timing an ELF that ld wrote against one objcopy wrote would time the
    page cache, not the debug information."""
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        os.fdatasync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        while os.read(fd, 1 << 20):
            pass
        os.close(fd)


def whole_process():
    """ldlint --elf as a user runs it, against readelf and size, on the
    -g3 ELF and the same ELF without debug sections, first as the tools
    that wrote them left them in the page cache, then both read back from
    the disk; medians of alternating runs."""
    elfs = [("stripped", os.path.join(out, "app-g3-stripped.elf")),
            ("-g3", os.path.join(out, "app-g3.elf"))]
    status = whole_process_table(elfs, "as the page cache holds them (-g3 "
                                 "written by ld, stripped by objcopy)")
    settle([path for _, path in elfs])
    return status | whole_process_table(elfs, "both read back from the disk")


def whole_process_table(elfs, state):
    readelf, size = "arm-none-eabi-readelf", "arm-none-eabi-size"
    cmds = []
    for _, path in elfs:
        cmds += [[readelf, "-lSW", path], [size, "-A", path],
                 [ldlint, "--elf", path]]
    res = timed(*cmds)
    print("\nwhole process, ELF, %s (median ms of %d alternating rounds):" % (
        state, REPS))
    print("  %-9s %8s  %12s %8s %8s  %8s %8s  %s" % (
        "input", "MB", "readelf -lSW", "size -A", "ldlint", "/readelf",
        "/size", "peak RSS ldlint (readelf)"))
    for k, (what, path) in enumerate(elfs):
        r, z, l = res[3 * k:3 * k + 3]
        print("  %-9s %8.1f  %12.2f %8.2f %8.2f  %7.2fx %7.2fx  %.1f MB "
              "(%.1f MB)" % (what, mb(os.path.getsize(path)), r[1] * 1e3,
                             z[1] * 1e3, l[1] * 1e3, l[1] / r[1], l[1] / z[1],
                             l[2] / 1024, r[2] / 1024))
    g = res[5][1] / res[2][1]
    print("  ldlint --elf, -g3 / stripped: %.2fx  %s (target <= 1.1x)" % (
        g, "ok" if g <= 1.1 else "MISSED"))
    path = elfs[1][1]
    syms = subprocess.run([readelf, "-sW", path], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL).stdout.count(b"\n")
    rs, ls = timed([readelf, "-sW", path], [ldlint, "--elf", path])
    print("  ldlint --elf / readelf -sW (%d symbol lines): %.2f / %.2f ms = "
          "%.3fx" % (syms, ls[1] * 1e3, rs[1] * 1e3, ls[1] / rs[1]))
    return 1 if any(x[3] > 2 for x in res) else 0


def main():
    if os.environ.get("BENCH_WHAT") == "elf":
        return whole_process()
    mapf = os.path.join(out, "app.map")
    elf0 = os.path.join(out, "app.elf")
    elf3 = os.path.join(out, "app-g3.elf")
    with open(mapf, "rb") as f:
        lines = sum(chunk.count(b"\n") for chunk in iter(
            lambda: f.read(1 << 20), b""))
    print("inputs:")
    print("  %-12s %8.1f MB  %d lines" % ("app.map", mb(os.path.getsize(mapf)),
                                          lines))
    print("  %-12s %8.1f MB  (no debug information)" % (
        "app.elf", mb(os.path.getsize(elf0))))
    print("  %-12s %8.1f MB  (-g3)" % ("app-g3.elf", mb(os.path.getsize(elf3))))
    rows = []

    def row(what, ref_name, ref, mine_name, mine, size=None):
        ratio = mine[0] / ref[0]
        rows.append((what, ref_name, ref, mine_name, mine, ratio, size))
        return ratio

    readelf = "arm-none-eabi-readelf"
    wc, rm = timed(["wc", "-l", mapf], [bench, "map", mapf])
    map_ratio = row("map", "wc -l", wc, "map_read", rm,
                    os.path.getsize(mapf))
    has_cli = False
    if ldlint:
        h = subprocess.run([ldlint, "--help"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, universal_newlines=True)
        has_cli = "--map" in h.stdout and "--elf" in h.stdout
    if has_cli:
        row("map", "wc -l", wc, "ldlint --map", timed([ldlint, "--map", mapf]))
    r0, e0, s0 = timed([readelf, "-lSW", elf0], [bench, "elf", elf0],
                       [bench, "elf-syms", elf0])
    elf_ratio0 = row("elf", "readelf -lSW", r0, "elf_read", e0)
    row("elf", "readelf -lSW", r0, "+ symbols", s0)
    r3, e3, s3 = timed([readelf, "-lSW", elf3], [bench, "elf", elf3],
                       [bench, "elf-syms", elf3])
    elf_ratio3 = row("elf -g3", "readelf -lSW", r3, "elf_read", e3)
    row("elf -g3", "readelf -lSW", r3, "+ symbols", s3)
    if has_cli:
        row("elf -g3", "readelf -lSW", r3, "ldlint --elf",
            timed([ldlint, "--elf", elf3]))

    print("\n%-8s %-13s %9s %9s  %-13s %9s %9s  %6s  %s" % (
        "input", "reference", "min ms", "median", "ldlint", "min ms",
        "median", "ratio", "peak RSS"))
    for what, rn, ref, mn, mine, ratio, size in rows:
        rss = "%.1f MB" % (mine[2] / 1024) if mine[2] else "-"
        if size and mine[2]:
            rss += " (%.2fx the map)" % (mine[2] * 1024 / size)
        print("%-8s %-13s %9.2f %9.2f  %-13s %9.2f %9.2f  %5.2fx  %s" % (
            what, rn, ref[0] * 1e3, ref[1] * 1e3, mn, mine[0] * 1e3,
            mine[1] * 1e3, ratio, rss))
    g = e3[0] / e0[0]
    gs = s3[0] / s0[0]
    rss_ratio = rm[2] * 1024 / os.path.getsize(mapf)
    print("\ntargets:")
    print("  map read < 2x wc -l:            %.2fx  %s" % (
        map_ratio, "ok" if map_ratio < 2 else "MISSED"))
    print("  ELF read <= readelf -lSW:       %.2fx, %.2fx with -g3  %s" % (
        elf_ratio0, elf_ratio3,
        "ok" if max(elf_ratio0, elf_ratio3) <= 1 else "MISSED"))
    print("  ELF read -g3 / no debug:        %.2fx, %.2fx with symbols  %s" % (
        g, gs, "ok" if max(g, gs) < 1.25 else "MISSED"))
    print("  map read peak RSS < 2x the map: %.2fx  %s" % (
        rss_ratio, "ok" if rss_ratio < 2 else "MISSED"))
    print("  ('elf_read' reads the headers, as readelf -lSW does; '+ symbols'"
          "\n   also looks up model_wanted_symbols in the symbol table)")
    bad = [r for r in (rm, e0, e3, s0, s3) if r[3] != 0]
    if ldlint and has_cli and whole_process():
        bad.append("ldlint --elf")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
