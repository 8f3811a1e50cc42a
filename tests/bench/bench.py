#!/usr/bin/env python3
"""Times ldlint's readers against 'wc -l' (the map) and
'arm-none-eabi-readelf -lSW' (the ELFs) on the inputs bench.sh built, and
prints the ratios and peak memory side by side.  The commands compared
run in turn, REPS rounds (BENCH_REPS, default 15), on files already in
the page cache, so that other work on the machine slows them alike; the
tables show the fastest run and the median, and ratios are of medians.
Peak memory is the reader's VmHWM (its own report: ru_maxrss of a child
counts the parent's memory from before exec); for ldlint and wc it is
/usr/bin/time's.  Commands other than the bench driver are started with
posix_spawn and timed from the spawn to wait4's return; their CPU time is
wait4's account of the child alone.

Then 'ldlint --elf' as a whole process against 'readelf -lSW' and
'arm-none-eabi-size -A' on the -g3 ELF and on the same ELF with its debug
sections stripped (their ratio says what debug information costs), and
against 'readelf -sW' (which lists the symbol table ldlint searches).
BENCH_WHAT=elf runs that ELF part alone.

Then ldlint as a user runs it, the whole process ('ldlint -f json --map
MAP' against 'wc -l MAP'), on the maps of about 1, 10 and 100 MB: time,
peak RSS and the cost per MB, which stay flat when the cost is linear in
the input.

Then a typical project as a pre-commit hook lints it (script + ELF + map,
device and loader: the real builds under tests/realworld/builds and, when
../shared is there, the libopencm3 miniblink): wall and CPU time against
'readelf -lSW' and 'size -A' on its ELF; and the whole run next to the
link it checks: GNU ld linking the generated firmware's objects against
ldlint on that link's script, ELF and map.  BENCH_WHAT=typical runs the
typical projects alone.

usage: bench.py BENCH_READERS LDLINT|'' OUTDIR
"""
import glob
import os
import re
import shlex
import statistics
import subprocess
import sys
import time

bench, ldlint, out = sys.argv[1], sys.argv[2], sys.argv[3]
REPS = int(os.environ.get("BENCH_REPS", "15"))
TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CWD = {}    # id(cmd) -> the directory a command runs in
CPU = {}    # id(cmd) -> user + system seconds of each run


def run_once(cmd):
    """One run.  The bench driver is read through a pipe (its report);
    other commands are started with posix_spawn, their output to
    /dev/null, and their user and system time is what wait4 reports for
    that child alone: a fork from this interpreter would add its own work
    before the exec to the child's account."""
    if cmd[0] == bench:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, cwd=CWD.get(id(cmd)))
        out = p.stdout.read()
        p.wait()
        t = time.perf_counter() - t0
        peak = 0
        for word in out.split():
            if word.startswith(b"peak_kb="):
                peak = int(word[8:])
        return t, peak, p.returncode
    here = os.getcwd()
    if CWD.get(id(cmd)):
        os.chdir(CWD[id(cmd)])
    quiet = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0)
             for fd in (1, 2)]
    t0 = time.perf_counter()
    pid = os.posix_spawnp(cmd[0], cmd, os.environ, file_actions=quiet)
    _, status, ru = os.wait4(pid, 0)
    t = time.perf_counter() - t0
    os.chdir(here)
    CPU[id(cmd)] = CPU.get(id(cmd), []) + [ru.ru_utime + ru.ru_stime]
    return t, 0, os.waitstatus_to_exitcode(status)


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


def count_lines(path):
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(
            lambda: f.read(1 << 20), b""))


def readers(mapf, elf0, elf3, has_cli):
    """The readers alone (bench_readers) against wc -l and readelf, and
    'ldlint --elf' on the -g3 ELF."""
    rows = []

    def row(what, ref_name, ref, mine_name, mine, size=None):
        ratio = mine[1] / ref[1]
        rows.append((what, ref_name, ref, mine_name, mine, ratio, size))
        return ratio

    readelf = "arm-none-eabi-readelf"
    wc, rm = timed(["wc", "-l", mapf], [bench, "map", mapf])
    map_ratio = row("map", "wc -l", wc, "map_read", rm, os.path.getsize(mapf))
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
    print("\nthe readers alone (bench_readers: the read, without ldlint's "
          "start and output;\n'ldlint --elf' is the whole process):")
    print("%-8s %-13s %9s %9s  %-13s %9s %9s  %6s  %s" % (
        "input", "reference", "min ms", "median", "ldlint", "min ms",
        "median", "ratio", "peak RSS"))
    for what, rn, ref, mn, mine, ratio, size in rows:
        rss = "%.1f MB" % (mine[2] / 1024) if mine[2] else "-"
        if size and mine[2]:
            rss += " (%.3fx the map)" % (mine[2] * 1024 / size)
        print("%-8s %-13s %9.2f %9.2f  %-13s %9.2f %9.2f  %5.2fx  %s" % (
            what, rn, ref[0] * 1e3, ref[1] * 1e3, mn, mine[0] * 1e3,
            mine[1] * 1e3, ratio, rss))
    g = e3[1] / e0[1]
    gs = s3[1] / s0[1]
    rss_ratio = rm[2] * 1024 / os.path.getsize(mapf)
    bad = [r for r in (rm, e0, e3, s0, s3) if r[3] != 0]
    return [
        ("map read < 2x wc -l", "%.2fx" % map_ratio, map_ratio < 2),
        ("ELF read <= readelf -lSW", "%.2fx, %.2fx with -g3" % (
            elf_ratio0, elf_ratio3), max(elf_ratio0, elf_ratio3) <= 1),
        ("ELF read -g3 / no debug", "%.2fx, %.2fx with symbols" % (g, gs),
         max(g, gs) < 1.25),
        ("map read peak RSS < 2x the map", "%.3fx" % rss_ratio,
         rss_ratio < 2)], bad


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


def whole_process_elf():
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


def whole_process(maps):
    """ldlint as a user runs it against wc -l, on each map: medians of
    alternating runs, and peak RSS."""
    print("\nldlint as a whole process: 'ldlint -f json --map MAP' against "
          "'wc -l MAP'\n(medians of %d alternating runs; ratio of medians; "
          "peak RSS by /usr/bin/time):" % REPS)
    print("%-12s %8s %9s %9s %9s %7s %9s %10s %10s" % (
        "map", "MB", "lines", "wc -l ms", "ldlint ms", "ratio",
        "ms per MB", "peak RSS", "RSS / map"))
    res = []
    for path in maps:
        size = os.path.getsize(path)
        wc, ld = timed(["wc", "-l", path],
                       [ldlint, "-f", "json", "--map", path])
        peak = peak_of([ldlint, "-f", "json", "--map", path])
        ratio = ld[1] / wc[1]
        res.append((path, size, wc, ld, ratio, peak))
        print("%-12s %8.1f %9d %9.2f %9.2f %6.2fx %9.3f %7.1f MB %9.4fx" % (
            os.path.basename(path), mb(size), count_lines(path),
            wc[1] * 1e3, ld[1] * 1e3, ratio, ld[1] * 1e3 / mb(size),
            peak / 1024, peak * 1024 / size))
    return res


def cpu_median(cmd):
    return statistics.median(CPU[id(cmd)][1:] or CPU[id(cmd)])


def typical_projects():
    """The real builds' lint.sh 'lint3 OUT "ARGS" SCRIPT ELF MAP' lines."""
    dirs = sorted(glob.glob(os.path.join(TOP, "tests", "realworld", "builds",
                                         "*", "lint.sh")))
    shared = os.environ.get("SHARED", os.path.join(TOP, "..", "shared"))
    mini = os.path.join(shared, "realworld",
                        "libopencm3-stm32f4-discovery-miniblink", "lint.sh")
    if os.path.exists(mini):
        dirs.insert(0, mini)
    for lint in dirs:
        m = re.search(r'^lint3 \S+ "([^"]*)" (\S+) (\S+) (\S+)',
                      open(lint).read(), re.M)
        if m:
            yield (os.path.dirname(lint), shlex.split(m.group(1)),
                   m.group(2), m.group(3), m.group(4))


def typical():
    """A pre-commit run on real projects: wall and CPU medians against
    readelf -lSW and size -A on the same ELF."""
    print("\na typical project, the whole run: 'ldlint ARGS SCRIPT ELF MAP' "
          "with its device and loader,\nagainst 'arm-none-eabi-readelf -lSW "
          "ELF' and 'arm-none-eabi-size -A ELF' (medians of %d\nalternating "
          "runs; CPU = user + system):" % REPS)
    print("  %-42s %6s %6s %8s %8s %8s %7s %7s %7s" % (
        "project", "ELF KB", "map KB", "ldlint", "readelf", "size",
        "ldl CPU", "rd CPU", "ratio"))
    ratios, cpus = [], []
    for d, args, script, elf, mapf in typical_projects():
        lint = [ldlint] + args + [script, elf, mapf]
        rd = ["arm-none-eabi-readelf", "-lSW", elf]
        sz = ["arm-none-eabi-size", "-A", elf]
        for c in (lint, rd, sz):
            CWD[id(c)] = d
        lt, rt, st = timed(lint, rd, sz)
        lc, rc = cpu_median(lint), cpu_median(rd)
        ratios.append(lt[1] / rt[1])
        cpus.append(lc)
        print("  %-42s %6d %6d %6.2fms %6.2fms %6.2fms %5.2fms %5.2fms %6.2fx"
              % (os.path.basename(d)[:42],
                 os.path.getsize(os.path.join(d, elf)) // 1024,
                 os.path.getsize(os.path.join(d, mapf)) // 1024, lt[1] * 1e3,
                 rt[1] * 1e3, st[1] * 1e3, lc * 1e3, rc * 1e3, ratios[-1]))
    if not ratios:
        return []
    return [("typical project, ldlint / readelf -lSW", "median %.2fx" %
             statistics.median(ratios), statistics.median(ratios) <= 1.0),
            ("typical project, ldlint CPU", "median %.2f ms" % (
                statistics.median(cpus) * 1e3),
             statistics.median(cpus) <= 0.003)]


def next_to_link():
    """GNU ld linking the generated firmware against ldlint on what it
    wrote (script, ELF and map)."""
    print("\nthe whole run next to the link it checks (the generated firmware;"
          " medians of %d):" % REPS)
    print("  %-10s %8s %10s %10s %7s" % ("objects", "map MB", "link ms",
                                        "ldlint ms", "ratio"))
    deep = ("build/arm-none-eabi/release/firmware/components/vendor_sdk/"
            "subsystems/connectivity/protocol_stacks/generated")
    for suffix, src in (("-100", "src-100"), ("-10", "src-10"), ("", "src")):
        objs = sorted(glob.glob(os.path.join(out, "obj" + suffix, deep, "*.o")))
        if not objs:
            continue
        tmp_elf = os.path.join(out, "relink%s.elf" % suffix)
        tmp_map = os.path.join(out, "relink%s.map" % suffix)
        script = os.path.join(out, src, "app.ld")
        link = ["arm-none-eabi-gcc", "-mcpu=cortex-m4", "-mthumb",
                "-nostartfiles", "-nostdlib", "-Wl,--gc-sections", "-T",
                script, "-Wl,-Map=" + tmp_map] + objs + ["-o", tmp_elf]
        subprocess.run(link, check=True)
        lint = [ldlint, "-f", "json", script, tmp_elf, tmp_map]
        lk, lt = timed(link, lint)
        print("  %-10d %8.1f %10.1f %10.1f %6.3fx" % (
            len(objs), mb(os.path.getsize(tmp_map)), lk[1] * 1e3, lt[1] * 1e3,
            lt[1] / lk[1]))


def main():
    if os.environ.get("BENCH_WHAT") == "elf":
        return whole_process_elf()
    if os.environ.get("BENCH_WHAT") == "typical":
        for what, value, ok in typical():
            print("  %-40s %-26s %s" % (what + ":", value,
                                       "ok" if ok else "MISSED"))
        return 0
    mapf = os.path.join(out, "app.map")
    elf0 = os.path.join(out, "app.elf")
    elf3 = os.path.join(out, "app-g3.elf")
    print("inputs:")
    print("  %-12s %8.1f MB  %d lines" % ("app.map", mb(os.path.getsize(mapf)),
                                          count_lines(mapf)))
    print("  %-12s %8.1f MB  (no debug information)" % (
        "app.elf", mb(os.path.getsize(elf0))))
    print("  %-12s %8.1f MB  (-g3)" % ("app-g3.elf", mb(os.path.getsize(elf3))))
    has_cli = False
    if ldlint:
        h = subprocess.run([ldlint, "--help"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, universal_newlines=True)
        has_cli = "--map" in h.stdout and "--elf" in h.stdout
    targets, bad = readers(mapf, elf0, elf3, has_cli)
    if has_cli:
        maps = [os.path.join(out, n) for n in ("app-100.map", "app-10.map",
                                               "app.map")]
        res = whole_process([m for m in maps if os.path.exists(m)])
        big = res[-1]
        peaks = [r[5] for r in res]
        per_mb = [r[3][1] / mb(r[1]) for r in res]
        targets += [
            ("ldlint whole process <= 1.5x wc -l", "%.2fx" % big[4],
             big[4] <= 1.5),
            ("ldlint peak RSS <= 0.5x the map", "%.4fx" % (
                big[5] * 1024 / big[1]), big[5] * 1024 <= 0.5 * big[1]),
            ("ldlint peak RSS flat from 1 to 100 MB", "%.1f to %.1f MB" % (
                min(peaks) / 1024, max(peaks) / 1024),
             max(peaks) <= 2 * min(peaks)),
            ("ldlint time per MB, 100 MB map vs 10 MB", "%.2fx" % (
                per_mb[-1] / per_mb[-2] if len(per_mb) > 1 else 1),
             len(per_mb) < 2 or per_mb[-1] / per_mb[-2] < 1.5)]
        if whole_process_elf():
            bad.append("ldlint --elf")
        targets += typical()
        next_to_link()
    print("\ntargets:")
    for what, value, ok in targets:
        print("  %-40s %-26s %s" % (what + ":", value, "ok" if ok else "MISSED"))
    print("  ('elf_read' reads the headers, as readelf -lSW does; '+ symbols'"
          "\n   also looks up model_wanted_symbols in the symbol table; the "
          "small maps' fixed\n   start-up cost makes their time per MB higher)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
