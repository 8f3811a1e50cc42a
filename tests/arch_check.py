#!/usr/bin/env python3
"""Architecture check: the modules of lint/ and rules/ form a DAG that runs
one way, base -> readers -> model -> rules -> emitters -> command line.

A module is a .c file with its .h (lint/elf.c + lint/elf.h is 'elf').  Two
graphs are checked: #include "..." edges between modules, and calls (from
the object files' undefined and defined symbols, with nm) between modules.
Each must be acyclic, and no edge may run from a lower layer to a higher
one.  Usage: arch_check.py ROOT [BUILD]; prints 'arch: N passed, N failed'.
"""
import os
import re
import subprocess
import sys

# Layers, lowest first.  A module not listed is an error (so that a new
# file says where it belongs).
LAYERS = [
    ("base", ["util", "utf8", "loc", "diag", "json", "number", "source"]),
    ("readers", ["lex", "ast", "parse", "script", "elf", "mapfile", "objects", "ytree", "ytcache", "devtypes", "symtab",
                 "device", "devint", "devfile", "probers", "xml", "pdsc", "dfuse",
                 "devdb", "config"]),
    ("model", ["model", "model_script", "model_image"]),
    ("rules", ["rules", "catalog", "run", "derived", "common", "script_rules",
               "pitfalls", "layout", "image", "flash", "boot", "suppress",
               "size", "baseline"]),
    ("emitters", ["ldlint", "out_text", "out_json", "out_sarif", "out_layout", "out_svg",
                  "svg_layout", "out_device", "out_size", "out_markdown",
                  "out_html", "report", "summary"]),
    ("cli", ["main", "devcli", "cli", "output", "build"]),
]


def module_of(path):
    base = os.path.splitext(os.path.basename(path))[0]
    # the grammar is one module over three files (ldgram.y's productions)
    if base in ("parse_impl", "parse_expr", "parse_sections"):
        return "parse"
    # the map reader likewise: shared part, GNU ld's format, ld.lld's
    if base in ("mapfile_impl", "mapfile_gnu", "mapfile_lld"):
        return "mapfile"
    # rules/script.c is the script-rules family, not lint/script.c
    if path.startswith("rules/") and base == "script":
        return "script_rules"
    return base


def layer_of(mod):
    for i, (_, mods) in enumerate(LAYERS):
        if mod in mods:
            return i
    return None


def sources(root):
    for d in ("lint", "rules"):
        for f in sorted(os.listdir(os.path.join(root, d))):
            if f.endswith((".c", ".h")):
                yield d + "/" + f


def include_edges(root):
    edges = set()
    for rel in sources(root):
        src = module_of(rel)
        text = open(os.path.join(root, rel), encoding="utf-8").read()
        for inc in re.findall(r'^#include "([^"]+)"', text, re.M):
            name = os.path.basename(inc)
            if name.endswith(".def"):
                continue
            d = "rules" if os.path.exists(os.path.join(root, "rules", name)) \
                and not os.path.exists(os.path.join(root, "lint", name)) else "lint"
            dst = module_of(d + "/" + name)
            if dst != src:
                edges.add((src, dst, rel))
    return edges


def call_edges(root, build):
    defined, undefined = {}, {}
    for rel in sources(root):
        if not rel.endswith(".c"):
            continue
        obj = os.path.join(build, rel[:-2] + ".o")
        if not os.path.exists(obj):
            continue
        mod = module_of(rel)
        out = subprocess.run(["nm", obj], capture_output=True, text=True).stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] in "TDRB":
                defined[parts[2]] = mod
            elif len(parts) == 2 and parts[0] == "U":
                undefined.setdefault(mod, set()).add(parts[1])
    edges = set()
    for mod, syms in undefined.items():
        for s in syms:
            if s in defined and defined[s] != mod:
                edges.add((mod, defined[s], s))
    return edges


def cycles(edges):
    graph = {}
    for a, b, _ in edges:
        graph.setdefault(a, set()).add(b)
    found, state, stack = [], {}, []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                found.append(stack[stack.index(m):] + [m])
            elif m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n)
    return found


def main():
    root = sys.argv[1]
    build = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "build")
    passed = failed = 0
    problems = []
    mods = {module_of(r) for r in sources(root)}
    for m in sorted(mods):
        if layer_of(m) is None:
            problems.append(f"module '{m}' has no layer in tests/arch_check.py")
    for kind, edges in (("include", include_edges(root)),
                        ("call", call_edges(root, build))):
        for cyc in cycles(edges):
            problems.append(f"{kind} cycle: " + " -> ".join(cyc))
        for a, b, why in sorted(edges):
            la, lb = layer_of(a), layer_of(b)
            if la is not None and lb is not None and lb > la:
                problems.append(f"{kind} edge against the layers: {a} "
                                f"({LAYERS[la][0]}) -> {b} ({LAYERS[lb][0]}) "
                                f"via {why}")
        if kind == "call" and not edges:
            problems.append("no object files found: build first")
    for p in problems:
        print("FAIL arch: " + p)
    failed = len(problems)
    passed = 1 if not problems else 0
    print(f"arch: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
