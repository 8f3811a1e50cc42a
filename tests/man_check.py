#!/usr/bin/env python3
"""The man page (ldlint.1) must agree with the program.

  man_check.py LDLINT MANPAGE [--write]
Checks, or with --write rewrites: the RULES section is the rule table
(one .It per rule with its severity, needed inputs, summary and the
--explain paragraph); every option in --help is documented in the man
page and every option the man page documents is in --help; groff reports
no warnings.  Prints 'man: N passed, N failed'.
"""
import re
import shutil
import subprocess
import sys

NEEDS = {"S": "script", "D": "device", "E": "ELF", "M": "map", "L": "loader"}


def roff(text):
    text = text.replace("\\", "\\e")
    return "\n".join(("\\&" + l if l.startswith((".", "'")) else l)
                     for l in text.split("\n"))


def rules_section(ldlint):
    lines = subprocess.run([ldlint, "--list-rules"], capture_output=True,
                           text=True, check=True).stdout.splitlines()[1:]
    out = [".Bl -tag -width Ds"]
    for line in lines:
        rid, sev, needs = line.split()[:3]
        expl = subprocess.run([ldlint, "--explain", rid], capture_output=True,
                              text=True, check=True).stdout
        head, _, body = expl.partition("\n\n")
        summary = head.split("): ", 1)[1] if "): " in head else head
        needs = re.sub(r"[SDEML]", lambda x: NEEDS[x.group(0)], needs)
        out.append(f".It Sy {rid} Pq {sev}, needs {needs}")
        out.append(roff(summary.strip() + "."))
        out.append(roff(" ".join(body.split())))
    out.append(".El")
    return "\n".join(out) + "\n"


def options(text):
    return set(re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", text))


def main():
    ldlint, man = sys.argv[1], sys.argv[2]
    write = "--write" in sys.argv
    page = open(man).read()
    passed = failed = 0
    m = re.search(r"(\.\\\" rules-begin\n)(.*?)(\.\\\" rules-end)", page, re.S)
    new = page[:m.start(2)] + rules_section(ldlint) + page[m.end(2):]
    if write:
        open(man, "w").write(new)
        page = new
    if new == page:
        passed += 1
    else:
        failed += 1
        print("FAIL the RULES section of ldlint.1 is not the rule table; run "
              "tests/man_check.py ./ldlint ldlint.1 --write")
    helptext = subprocess.run([ldlint, "--help"], capture_output=True,
                              text=True).stdout
    in_help = {o for o in options(helptext) if o not in ("-Wno-ID",)}
    # the man page writes options as '.Fl \-name' or '.Fl x'
    documented = set()
    opts = page.split(".Sh OPTIONS", 1)[1].split(".Sh ", 1)[0]
    for fl in re.findall(r"Fl (\\-)?([A-Za-z][\w-]*)", opts):
        documented.add(("--" if fl[0] else "-") + fl[1])
    documented.discard("-Wno-")
    in_help.discard("-Wno")
    for name, a, b in (("--help", in_help, documented), ("ldlint.1", documented, in_help)):
        missing = sorted(x for x in a - b if not x.startswith("-Wno"))
        if missing:
            failed += 1
            print(f"FAIL options in {name} but not in the other: {' '.join(missing)}")
        else:
            passed += 1
    if shutil.which("groff"):
        r = subprocess.run(["groff", "-mandoc", "-ww", "-z", man],
                           capture_output=True, text=True)
        if r.stderr.strip():
            failed += 1
            print("FAIL groff: " + r.stderr.strip()[:500])
        else:
            passed += 1
    print(f"man: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
