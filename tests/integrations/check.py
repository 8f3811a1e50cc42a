#!/usr/bin/env python3
"""The integrations, each run for real on a small Cortex-M firmware.

Usage: check.py LDLINT

  pre-commit  .pre-commit-hooks.yaml: its ldlint hook, copied into a
              temporary repository's .pre-commit-config.yaml as a 'local'
              hook, refuses a commit with a bad script and lets a good one
              through; the same hook from a 'repo:' (a local clone) too,
              and the README's recipe as written, pinning a commit.
              No network: HOME, PRE_COMMIT_HOME and git's configuration are
              temporary, CI=true, stdin is /dev/null.
  make        ldlint.mk, included by make/Makefile: 'make lint-layout'
              builds the ELF and map, then passes or fails.
  cmake       cmake/ldlint.cmake, used by cmake/CMakeLists.txt with the
              arm-none-eabi toolchain file: the build passes or fails.
  ci          examples/ci/*.yml parse; the steps of the GitHub workflow
              that have an id and the GitLab job's script run in a
              temporary repository; the SARIF and Code Quality reports
              they write are checked.

ldlint is put on PATH (a temporary bin/ldlint -> LDLINT), as the hooks
and modules expect.  Prints what ran and its output for each failure, and
ends with 'integrations: N passed, N failed, N skipped'.
"""
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
FW = os.path.join(HERE, "firmware")
MAKEFILE = os.path.join(HERE, "make", "Makefile")
CMAKE_SRC = os.path.join(HERE, "cmake")
TIMEOUT = 180
LDLINT_YAML = "device: stm32f411xe\nloader: stm32-rom-dfu\n"


class Fail(Exception):
    """A check failed; the message says what ran and what came out."""


def clean_env(tmp):
    """The environment for every command: no GIT_* or PRE_COMMIT* from a
    hook that may be running this suite, git and pre-commit state in tmp,
    ldlint first on PATH."""
    # Nor the variables of the make running this suite: 'make sanitize'
    # passes LDFLAGS=-fsanitize=... on its command line, which MAKEFLAGS
    # would hand down to the fixture projects' own makes, and LDLINT would
    # override the ldlint that ldlint.mk must find first on PATH.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "PRE_COMMIT", "MAKE"))
           and k not in ("MFLAGS", "CFLAGS", "CPPFLAGS", "LDFLAGS", "LDLIBS",
                         "OPT", "BUILD", "CC", "LDLINT")}
    home = os.path.join(tmp, "home")
    os.makedirs(home, exist_ok=True)
    env.update({
        "HOME": home,
        "XDG_CACHE_HOME": os.path.join(tmp, "cache"),
        "XDG_CONFIG_HOME": os.path.join(tmp, "config"),
        "PRE_COMMIT_HOME": os.path.join(tmp, "pre-commit"),
        "PRE_COMMIT_COLOR": "never",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.path.join(home, ".gitconfig"),
        "GIT_AUTHOR_NAME": "ldlint test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "ldlint test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "CI": "true",
        "NO_COLOR": "1",
        "PATH": os.path.join(tmp, "bin") + os.pathsep + os.environ.get("PATH", ""),
    })
    return env


def run(cmd, cwd, env, shell=False):
    """Runs cmd (a list, or a string for bash) and returns (status, output,
    a description of what ran for failure messages)."""
    argv = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", cmd] \
        if shell else cmd
    shown = cmd if shell else " ".join(shlex.quote(a) for a in cmd)
    try:
        r = subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=TIMEOUT)
        status, out = r.returncode, r.stdout
    except subprocess.TimeoutExpired as e:
        out = e.stdout or ""
        if isinstance(out, bytes):
            out = out.decode(errors="replace")
        status, out = -1, out + f"\n(killed after {TIMEOUT} s)"
    return status, out, f"$ {shown}\n  (in {cwd})\n  exit {status}"


def describe(what, ran, out):
    lines = out.rstrip("\n").splitlines()
    if len(lines) > 60:
        lines = ["..."] + lines[-60:]
    return what + "\n  " + ran + "\n  | " + "\n  | ".join(lines)


def expect(status_ok, what, ran, out, needles=(), absent=()):
    """Fails unless status_ok and every needle is (and no absent one is)
    in out."""
    missing = [n for n in needles if n not in out]
    present = [n for n in absent if n in out]
    if not status_ok or missing or present:
        why = what
        if missing:
            why += "; output lacks " + ", ".join(repr(n) for n in missing)
        if present:
            why += "; output has " + ", ".join(repr(n) for n in present)
        raise Fail(describe(why, ran, out))


def git(repo, env, *args):
    status, out, ran = run(["git"] + list(args), repo, env)
    if status != 0:
        raise Fail(describe("git failed", ran, out))
    return out


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def read_fw(name):
    with open(os.path.join(FW, name)) as f:
        return f.read()


class Suite:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0

    def check(self, name, fn, *args):
        try:
            fn(*args)
        except Fail as e:
            self.failed += 1
            print(f"FAIL integrations/{name}: {e}")
            return False
        except Exception as e:  # a bug in the test itself is a failure too
            self.failed += 1
            print(f"FAIL integrations/{name}: {type(e).__name__}: {e}")
            return False
        self.passed += 1
        return True

    def skip(self, names, why):
        for name in names:
            self.skipped += 1
            print(f"SKIP integrations/{name}: {why}")


def missing_tools(*tools):
    return [t for t in tools if not shutil.which(t)]


# ---- pre-commit ---------------------------------------------------------

def load_yaml(path):
    import yaml
    with open(path) as f:
        return yaml.safe_load(f)


def hook_definition():
    manifest = load_yaml(os.path.join(ROOT, ".pre-commit-hooks.yaml"))
    hooks = [h for h in manifest if isinstance(h, dict) and h.get("id") == "ldlint"]
    if len(hooks) != 1:
        raise Fail(f".pre-commit-hooks.yaml has {len(hooks)} hooks with id ldlint")
    return hooks[0]


def precommit_manifest(env, tmp):
    manifest = os.path.join(ROOT, ".pre-commit-hooks.yaml")
    status, out, ran = run(["pre-commit", "validate-manifest", manifest], tmp, env)
    expect(status == 0, "pre-commit rejects the manifest", ran, out)
    hook = hook_definition()
    problems = []
    if hook.get("language") != "system":
        problems.append(f"language is {hook.get('language')!r}, not 'system'")
    if not str(hook.get("entry", "")).split()[:1] == ["ldlint"]:
        problems.append(f"entry {hook.get('entry')!r} does not run ldlint")
    files = re.compile(hook.get("files", ""))  # pre-commit uses re.search
    for name in ("app.ld", "fw/app.lds", "fw/board.ld.S", "fw/board.lds.S",
                 "ldscripts/armelf.x", "stm32f411xe_flash.ld"):
        if not files.search(name):
            problems.append(f"files does not match {name}")
    for name in ("main.c", "app.ld.bak", "app.ldx", "startup.S", "README.md",
                 "fw/app.ld/notes.txt"):
        if files.search(name):
            problems.append(f"files matches {name}")
    if problems:
        raise Fail("; ".join(problems))


def precommit_setup(env, tmp):
    """A repository with .ldlint.yaml and the hook as a local one, committed,
    and 'pre-commit install' done."""
    import yaml
    repo = os.path.join(tmp, "repo")
    os.makedirs(repo)
    git(repo, env, "init", "-q")
    write(os.path.join(repo, ".ldlint.yaml"), LDLINT_YAML)
    config = {"repos": [{"repo": "local", "hooks": [hook_definition()]}]}
    write(os.path.join(repo, ".pre-commit-config.yaml"),
          yaml.safe_dump(config, sort_keys=False))
    write(os.path.join(repo, "README.md"), "firmware\n")
    git(repo, env, "add", "-A")
    git(repo, env, "commit", "-q", "--no-verify", "-m", "configuration")
    status, out, ran = run(["pre-commit", "install"], repo, env)
    expect(status == 0, "pre-commit install failed", ran, out)
    return repo


def commit(repo, env, files, message):
    """Writes files {path: text}, stages them and commits with the hook;
    returns (status, output, what ran, HEAD before)."""
    head = git(repo, env, "rev-parse", "HEAD").strip()
    for path, text in files.items():
        write(os.path.join(repo, path), text)
    git(repo, env, "add", "-A")
    status, out, ran = run(["git", "commit", "-m", message], repo, env)
    return status, out, ran, head


def precommit_good(repo, env):
    status, out, ran, _ = commit(repo, env, {"fw/app.ld": read_fw("app.ld")},
                                 "a good script")
    expect(status == 0, "the commit of a good script was refused", ran, out,
           ["ldlint (linker scripts)", "Passed"])


def precommit_bad(repo, env):
    status, out, ran, head = commit(
        repo, env, {"fw/app.ld": read_fw("flash-too-big.ld")}, "1M of flash")
    expect(status != 0, "the commit of a bad script was not refused", ran, out,
           ["ldlint (linker scripts)", "Failed",
            "fw/app.ld:7:3: error: MEMORY region 'FLASH'", "[region-outside-device]"])
    if git(repo, env, "rev-parse", "HEAD").strip() != head:
        raise Fail(describe("the refused commit was made anyway", ran, out))
    # the fix goes through
    fixed = read_fw("app.ld").replace("LENGTH = 512K", "LENGTH = 0x80000")
    status, out, ran, _ = commit(repo, env, {"fw/app.ld": fixed}, "the fix")
    expect(status == 0, "the commit of the fixed script was refused", ran, out,
           ["Passed"])


def precommit_cpp(repo, env):
    with open(os.path.join(HERE, "precommit", "board.ld.S")) as f:
        good = f.read()
    bad = good.replace("#define FLASH_SIZE 512K", "#define FLASH_SIZE 1M")
    status, out, ran, _ = commit(repo, env, {"fw/board.ld.S": good}, "board.ld.S")
    expect(status == 0, "the commit of a good .ld.S was refused", ran, out, ["Passed"])
    status, out, ran, head = commit(repo, env, {"fw/board.ld.S": bad}, "1M of flash")
    expect(status != 0, "the commit of a bad .ld.S was not refused (no --cpp, or "
           "not matched by files)", ran, out,
           ["fw/board.ld.S:12:3: error", "[region-outside-device]"])
    git(repo, env, "checkout", "-q", "HEAD", "--", "fw/board.ld.S")


def precommit_skip(repo, env):
    status, out, ran, _ = commit(
        repo, env, {"notes/layout.txt": "MEMORY { this is not a script\n"},
        "notes")
    expect(status == 0, "a commit without scripts was refused", ran, out,
           ["(no files to check)Skipped"])


def precommit_remote(env, tmp):
    """The hook as users get it: 'repo:' and 'rev:', read by pre-commit
    from the .pre-commit-hooks.yaml of a (here local) clone."""
    import yaml
    hooks = os.path.join(tmp, "hooks-repo")
    os.makedirs(hooks)
    git(hooks, env, "init", "-q")
    shutil.copy(os.path.join(ROOT, ".pre-commit-hooks.yaml"), hooks)
    git(hooks, env, "add", "-A")
    git(hooks, env, "commit", "-q", "-m", "hooks")
    rev = git(hooks, env, "rev-parse", "HEAD").strip()
    repo = os.path.join(tmp, "user-repo")
    os.makedirs(repo)
    git(repo, env, "init", "-q")
    write(os.path.join(repo, ".ldlint.yaml"), LDLINT_YAML)
    write(os.path.join(repo, ".pre-commit-config.yaml"), yaml.safe_dump(
        {"repos": [{"repo": hooks, "rev": rev, "hooks": [{"id": "ldlint"}]}]}))
    write(os.path.join(repo, "good.ld"), read_fw("app.ld"))
    write(os.path.join(repo, "bad.lds"), read_fw("flash-too-big.ld"))
    git(repo, env, "add", "-A")
    status, out, ran = run(["pre-commit", "run", "--files", "good.ld"], repo, env)
    expect(status == 0, "the hook from repo:/rev: failed on a good script",
           ran, out, ["Passed"])
    status, out, ran = run(["pre-commit", "run", "--files", "good.ld", "bad.lds"],
                           repo, env)
    expect(status != 0, "the hook from repo:/rev: passed a bad script", ran, out,
           ["bad.lds:7:3: error", "[region-outside-device]"])


def readme_blocks():
    """The README's indented code blocks, without their indentation."""
    with open(os.path.join(ROOT, "README.md")) as f:
        lines = f.read().split("\n")
    blocks, cur = [], None
    for line in lines:
        if line.startswith("    ") or (line.strip() == "" and cur is not None):
            if cur is None:
                cur = []
                blocks.append(cur)
            cur.append(line[4:])
        else:
            cur = None
    return ["\n".join(b).strip("\n") for b in blocks]


def precommit_readme(env, tmp):
    """The README's recipe as written, from the line after 'sudo make
    install' on (ldlint is on PATH; lines run with sudo, such as installing
    pre-commit, are what this suite needs installed): run in a checkout of
    the hooks, it pins that checkout's commit, and the commit it makes is
    refused with every line of the output the README shows next."""
    blocks = readme_blocks()
    at = [i for i, b in enumerate(blocks) if "cat > .pre-commit-config.yaml" in b]
    if len(at) != 1 or at[0] + 1 >= len(blocks):
        raise Fail("README.md has not one pre-commit recipe followed by its output")
    recipe, shown = blocks[at[0]], blocks[at[0] + 1]
    lines = recipe.split("\n")
    starts = [n for n, line in enumerate(lines) if line.startswith("sudo make install")]
    if not starts:
        raise Fail("the README's pre-commit recipe has no 'sudo make install'")
    script = "\n".join(line for line in lines[starts[0] + 1:]
                       if not line.startswith("sudo "))
    checkout = os.path.join(tmp, "ldlint-checkout")
    os.makedirs(checkout)
    git(checkout, env, "init", "-q")
    shutil.copy(os.path.join(ROOT, ".pre-commit-hooks.yaml"), checkout)
    git(checkout, env, "add", "-A")
    git(checkout, env, "commit", "-q", "-m", "hooks")
    rev = git(checkout, env, "rev-parse", "HEAD").strip()
    fw = os.path.join(env["HOME"], "my-firmware")
    os.makedirs(fw)
    git(fw, env, "init", "-q")
    write(os.path.join(fw, "app.ld"), read_fw("app.ld"))
    git(fw, env, "add", "-A")
    git(fw, env, "commit", "-q", "--no-verify", "-m", "firmware")
    head = git(fw, env, "rev-parse", "HEAD").strip()
    status, out, ran = run(script, checkout, env, shell=True)
    expect(status != 0, "the README's recipe did not end in a refused commit",
           ran, out, [line.rstrip() for line in shown.split("\n") if line.strip()])
    if git(fw, env, "rev-parse", "HEAD").strip() != head:
        raise Fail(describe("the refused commit was made anyway", ran, out))
    repos = load_yaml(os.path.join(fw, ".pre-commit-config.yaml"))["repos"]
    if repos[0].get("repo") != checkout or repos[0].get("rev") != rev:
        raise Fail(f"the recipe pins {repos[0].get('repo')} at {repos[0].get('rev')}, "
                   f"not the checkout {checkout} at its commit {rev}")


def precommit_checks(suite, tmp):
    names = ["pre-commit-manifest", "pre-commit-good", "pre-commit-bad",
             "pre-commit-cpp", "pre-commit-skip", "pre-commit-remote",
             "pre-commit-readme"]
    missing = missing_tools("pre-commit", "git", "cpp")
    if missing:
        suite.skip(names, f"{', '.join(missing)} not installed")
        return
    tmp = os.path.join(tmp, "pre-commit")
    env = clean_env(os.path.dirname(tmp))
    os.makedirs(tmp)
    suite.check(names[0], precommit_manifest, env, tmp)
    try:
        repo = precommit_setup(env, tmp)
    except Fail as e:
        suite.failed += 1
        print(f"FAIL integrations/pre-commit-setup: {e}")
        suite.skip(names[1:5], "no repository")
    else:
        for name, fn in zip(names[1:5], (precommit_good, precommit_bad,
                                         precommit_cpp, precommit_skip)):
            suite.check(name, fn, repo, env)
    suite.check(names[5], precommit_remote, env, tmp)
    suite.check(names[6], precommit_readme, env, tmp)


# ---- make ---------------------------------------------------------------

def make(env, builddir, *args):
    os.makedirs(builddir, exist_ok=True)
    return run(["make", "--no-print-directory", "-f", MAKEFILE, "-C", builddir]
               + list(args), builddir, env)


def make_good(env, tmp):
    d = os.path.join(tmp, "good")
    status, out, ran = make(env, d, "-j4", "lint-layout")
    expect(status == 0, "make lint-layout failed on the good project", ran, out,
           ["-Wl,-Map=app.map", "ldlint -d stm32f411xe -L stm32-rom-dfu -T ",
            "--elf app.elf --map app.map"])
    if out.index("-Wl,-Map=app.map") > out.index("ldlint -d"):
        raise Fail(describe("ldlint ran before the link", ran, out))


def make_bad(env, tmp):
    status, out, ran = make(env, os.path.join(tmp, "bad"), "lint-layout",
                            "LD_SCRIPT=" + os.path.join(FW, "data-no-lma.ld"))
    expect(status != 0, "make lint-layout passed the project with .data "
           "lacking AT> FLASH", ran, out,
           ["data-no-lma.ld:18:3: error: '.data' is initialised data", "[data-no-lma]"])


def make_default_goal(env, tmp):
    d = os.path.join(tmp, "plain")
    status, out, ran = make(env, d)
    expect(status == 0 and os.path.exists(os.path.join(d, "app.elf")),
           "plain 'make' did not build app.elf", ran, out, absent=["ldlint -d"])


def make_flags(env, tmp):
    script = "LD_SCRIPT=" + os.path.join(FW, "stack-misaligned.ld")
    status, out, ran = make(env, os.path.join(tmp, "warn"), "lint-layout", script)
    expect(status != 0, "a warning did not fail lint-layout (default "
           "--fail-on warning)", ran, out, ["[stack-misaligned]"])
    status, out, ran = make(env, os.path.join(tmp, "warn"), "lint-layout", script,
                            "LDLINT_FLAGS=--color never --fail-on error")
    expect(status == 0, "LDLINT_FLAGS='--fail-on error' did not let a warning "
           "pass", ran, out, ["--fail-on error", "[stack-misaligned]"])


def make_checks(suite, tmp):
    names = ["make-good", "make-bad", "make-default-goal", "make-flags"]
    missing = missing_tools("make", "arm-none-eabi-gcc")
    if missing:
        suite.skip(names, f"{', '.join(missing)} not installed")
        return
    tmp = os.path.join(tmp, "make")
    env = clean_env(os.path.dirname(tmp))
    for name, fn in zip(names, (make_good, make_bad, make_default_goal, make_flags)):
        suite.check(name, fn, env, tmp)


# ---- CMake --------------------------------------------------------------

def cmake_build(env, builddir, generator, *defs):
    toolchain = os.path.join(CMAKE_SRC, "arm-none-eabi.cmake")
    status, out, ran = run(["cmake", "-S", CMAKE_SRC, "-B", builddir, "-G", generator,
                            "-DCMAKE_TOOLCHAIN_FILE=" + toolchain] + list(defs),
                           os.path.dirname(builddir), env)
    if status != 0:
        return status, out, ran, False
    status, out, ran = run(["cmake", "--build", builddir], os.path.dirname(builddir), env)
    return status, out, ran, True


def cmake_good(env, tmp):
    status, out, ran, configured = cmake_build(env, os.path.join(tmp, "good"),
                                               "Unix Makefiles")
    expect(status == 0, "the good project did not build" if configured else
           "the good project did not configure", ran, out,
           ["ldlint: checking the memory layout of app.elf (stm32f411xe)"])


def cmake_bad(env, tmp):
    d = os.path.join(tmp, "bad")
    status, out, ran, configured = cmake_build(env, d, "Unix Makefiles",
                                               "-DAPP_LD=flash-too-big.ld")
    expect(configured and status != 0, "the build with 1M of flash on a 512K "
           "chip did not fail", ran, out,
           ["flash-too-big.ld:7:3: error: MEMORY region 'FLASH'",
            "[region-outside-device]"])
    status, out, ran = run(["cmake", "--build", d], tmp, env)
    expect(status != 0, "the second build passed: the failed ELF was up to date",
           ran, out, ["[region-outside-device]"])


def cmake_fail_on(env, tmp):
    status, out, ran, configured = cmake_build(
        env, os.path.join(tmp, "warn"), "Unix Makefiles", "-DAPP_LD=stack-misaligned.ld")
    expect(status == 0, "a warning failed the build (the default is --fail-on "
           "error)", ran, out, ["[stack-misaligned]", "0 errors, 1 warning"])
    status, out, ran, configured = cmake_build(
        env, os.path.join(tmp, "warn-strict"), "Unix Makefiles",
        "-DAPP_LD=stack-misaligned.ld", "-DAPP_FAIL_ON=warning")
    expect(configured and status != 0, "FAIL_ON warning did not fail the build "
           "on a warning", ran, out, ["[stack-misaligned]"])


def cmake_ninja(env, tmp):
    d = os.path.join(tmp, "ninja")
    status, out, ran, configured = cmake_build(env, d, "Ninja", "-DAPP_LD=data-no-lma.ld")
    expect(configured and status != 0, "the Ninja build of .data without "
           "AT> FLASH did not fail", ran, out, ["[data-no-lma]"])
    status, out, ran = run(["cmake", "--build", d], tmp, env)
    expect(status != 0, "the second Ninja build passed", ran, out, ["[data-no-lma]"])


def cmake_usage(env, tmp):
    status, out, ran, configured = cmake_build(env, os.path.join(tmp, "nodevice"),
                                               "Unix Makefiles", "-DAPP_DEVICE=")
    expect(not configured, "ldlint_check without DEVICE configured", ran, out,
           ["ldlint_check(TARGET app.elf): DEVICE is required"])


def cmake_checks(suite, tmp):
    names = ["cmake-good", "cmake-bad", "cmake-fail-on", "cmake-ninja", "cmake-usage"]
    missing = missing_tools("cmake", "make", "arm-none-eabi-gcc")
    if missing:
        suite.skip(names, f"{', '.join(missing)} not installed")
        return
    tmp = os.path.join(tmp, "cmake")
    os.makedirs(tmp)
    env = clean_env(os.path.dirname(tmp))
    for name, fn in zip(names, (cmake_good, cmake_bad, cmake_fail_on, cmake_ninja,
                                cmake_usage)):
        if name == "cmake-ninja" and missing_tools("ninja"):
            suite.skip([name], "ninja not installed")
            continue
        suite.check(name, fn, env, tmp)


# ---- CI examples --------------------------------------------------------

def ci_repo(env, tmp, name, script):
    """A firmware repository: .ldlint.yaml, app.ld and a Makefile whose
    default goal builds app.elf and app.map (make/Makefile)."""
    repo = os.path.join(tmp, name)
    os.makedirs(repo)
    git(repo, env, "init", "-q")
    write(os.path.join(repo, ".ldlint.yaml"), LDLINT_YAML +
          "inputs: {script: app.ld, elf: app.elf, map: app.map}\n")
    write(os.path.join(repo, "app.ld"), read_fw(script))
    write(os.path.join(repo, "Makefile"),
          f"LD_SCRIPT = app.ld\ninclude {MAKEFILE}\n")
    return repo


def output_file(command, fmt):
    """The -o FILE of the ldlint command line with -f fmt."""
    for line in command.splitlines():
        words = shlex.split(line, comments=True)
        if words[:1] == ["ldlint"] and fmt in words and "-o" in words:
            return words[words.index("-o") + 1]
    raise Fail(f"no 'ldlint -f {fmt} -o FILE' line in:\n{command}")


def github_job(wf):
    jobs = wf.get("jobs") or {}
    if len(jobs) != 1:
        raise Fail(f"the workflow has {len(jobs)} jobs, the test knows one")
    return next(iter(jobs.values()))


def github_if(cond, job_ok):
    """The step conditions the test understands: success(), failure(),
    always(), cancelled() with !, && and ||."""
    expr = str(cond).strip()
    if expr.startswith("${{") and expr.endswith("}}"):
        expr = expr[3:-2]
    expr = expr.replace("success()", str(job_ok)).replace("failure()", str(not job_ok)) \
        .replace("always()", "True").replace("cancelled()", "False") \
        .replace("&&", " and ").replace("||", " or ").replace("!", " not ")
    if not re.fullmatch(r"[\s()]*((True|False|and|or|not)[\s()]*)*", expr):
        raise Fail(f"a step condition the test does not understand: {cond!r}")
    return eval(expr)


def github_structure(wf):
    problems = []
    if (wf.get("permissions") or {}).get("security-events") != "write":
        problems.append("permissions lack security-events: write (upload-sarif)")
    steps = github_job(wf)["steps"]
    ids = [s.get("id") for s in steps]
    for want in ("firmware", "sarif", "gate"):
        if want not in ids:
            problems.append(f"no step with id {want}")
    uploads = [i for i, s in enumerate(steps)
               if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
    if len(uploads) != 1:
        problems.append("not one github/codeql-action/upload-sarif step")
    if problems:
        raise Fail("; ".join(problems))
    up = steps[uploads[0]]
    sarif = output_file(steps[ids.index("sarif")]["run"], "sarif")
    if (up.get("with") or {}).get("sarif_file") != sarif:
        raise Fail(f"upload-sarif's sarif_file is not {sarif!r}, the file "
                   f"'ldlint -f sarif -o' writes")
    if not ids.index("sarif") < uploads[0] < ids.index("gate"):
        raise Fail("the steps are not in the order SARIF report, upload, gate")


def run_github(wf, repo, env):
    """Runs the steps with an id in order, as the runner would (bash -eo
    pipefail, step if: and continue-on-error); returns (job ok, whether
    upload-sarif ran, a log for failure messages)."""
    job = github_job(wf)
    job_ok, uploaded, log = True, False, []
    step_env = dict(env)
    for scope in (wf.get("env"), job.get("env")):
        step_env.update({k: str(v) for k, v in (scope or {}).items()})
    for n in ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STEP_SUMMARY"):
        step_env[n] = os.path.join(repo, ".github-" + n.lower())
    for step in job["steps"]:
        if not github_if(step.get("if", "success()"), job_ok):
            continue
        if str(step.get("uses", "")).startswith("github/codeql-action/upload-sarif@"):
            sarif = os.path.join(repo, step["with"]["sarif_file"])
            uploaded = os.path.exists(sarif)
            log.append(f"upload-sarif: {'found' if uploaded else 'missing'} {sarif}")
            job_ok = job_ok and uploaded
            continue
        if not step.get("id") or "run" not in step:
            continue
        e = dict(step_env)
        e.update({k: str(v) for k, v in (step.get("env") or {}).items()})
        status, out, ran = run(step["run"], repo, e, shell=True)
        log.append(describe(f"step {step['id']}:", ran, out))
        if status != 0 and not step.get("continue-on-error"):
            job_ok = False
    return job_ok, uploaded, "\n  ".join(log)


def sarif_results(path, repo):
    """The rule ids of a SARIF file after checking its shape and the SARIF
    2.1.0 schema (tests/schemas/, when jsonschema is installed)."""
    with open(path) as f:
        doc = json.load(f)
    if doc.get("version") != "2.1.0" or len(doc.get("runs", [])) != 1:
        raise Fail(f"{path}: not one SARIF 2.1.0 run")
    schema = os.path.join(ROOT, "tests", "schemas", "sarif-schema-2.1.0.json")
    try:
        import jsonschema
        with open(schema) as f:
            jsonschema.validate(doc, json.load(f))
    except ImportError:
        pass
    except jsonschema.ValidationError as e:
        raise Fail(f"{path} is not valid SARIF 2.1.0: {e.message}")
    run0 = doc["runs"][0]
    if run0["tool"]["driver"]["name"] != "ldlint":
        raise Fail(f"{path}: the tool is not ldlint")
    for res in run0.get("results", []):
        for loc in res.get("locations", []):
            art = loc["physicalLocation"]["artifactLocation"]
            if art.get("uriBaseId") != "SRCROOT" or not os.path.exists(
                    os.path.join(repo, art["uri"])):
                raise Fail(f"{path}: result location {art} is not a file of the "
                           f"repository (code scanning could not show it)")
    return [r["ruleId"] for r in run0.get("results", [])]


def codequality_issues(path, repo):
    with open(path) as f:
        doc = json.load(f)
    if not isinstance(doc, list):
        raise Fail(f"{path}: a Code Quality report is a JSON array")
    prints = set()
    for issue in doc:
        loc = issue.get("location") or {}
        ok = (isinstance(issue.get("description"), str) and issue["description"]
              and isinstance(issue.get("check_name"), str)
              and isinstance(issue.get("fingerprint"), str)
              and issue["fingerprint"] not in prints
              and issue.get("severity") in ("info", "minor", "major", "critical", "blocker")
              and isinstance(loc.get("path"), str) and not loc["path"].startswith("/")
              and os.path.exists(os.path.join(repo, loc["path"]))
              and isinstance((loc.get("lines") or {}).get("begin"), int)
              and loc["lines"]["begin"] >= 1)
        if not ok:
            raise Fail(f"{path}: not a Code Quality issue of this repository: {issue}")
        prints.add(issue["fingerprint"])
    return [i["check_name"] for i in doc]


def ci_github(env, tmp, good):
    wf = load_yaml(os.path.join(ROOT, "examples", "ci", "github-workflow.yml"))
    steps = github_job(wf)["steps"]
    sarif = output_file(next(s for s in steps if s.get("id") == "sarif")["run"], "sarif")
    repo = ci_repo(env, tmp, "github-" + ("good" if good else "bad"),
                   "app.ld" if good else "data-no-lma.ld")
    job_ok, uploaded, log = run_github(wf, repo, env)
    if not uploaded:
        raise Fail("upload-sarif would have been skipped or found no report:\n  "
                   + log)
    rules = sarif_results(os.path.join(repo, sarif), repo)
    if good and (not job_ok or rules):
        raise Fail(f"the good firmware: job {'passed' if job_ok else 'failed'}, "
                   f"SARIF results {rules}:\n  " + log)
    if not good and (job_ok or "data-no-lma" not in rules):
        raise Fail(f"the bad firmware: job {'passed' if job_ok else 'failed'}, "
                   f"SARIF results {rules}:\n  " + log)
    if not good and "[data-no-lma]" not in log:
        raise Fail("the gate step's log lacks the finding:\n  " + log)


def gitlab_job(gl):
    jobs = {k: v for k, v in gl.items() if isinstance(v, dict) and "script" in v}
    if len(jobs) != 1:
        raise Fail(f"gitlab-ci.yml has {len(jobs)} jobs, the test knows one")
    return next(iter(jobs.values()))


def gitlab_structure(gl):
    job = gitlab_job(gl)
    script = "\n".join(job["script"])
    report = output_file(script, "codequality")
    art = job.get("artifacts") or {}
    if (art.get("reports") or {}).get("codequality") != report:
        raise Fail(f"artifacts:reports:codequality is not {report!r}, the file "
                   f"'ldlint -f codequality -o' writes")
    if art.get("when") != "always":
        raise Fail("artifacts:when is not 'always': no report when the job fails")


def ci_gitlab(env, tmp, good):
    gl = load_yaml(os.path.join(ROOT, "examples", "ci", "gitlab-ci.yml"))
    job = gitlab_job(gl)
    script = "\n".join(job["script"])
    report = output_file(script, "codequality")
    repo = ci_repo(env, tmp, "gitlab-" + ("good" if good else "bad"),
                   "app.ld" if good else "data-no-lma.ld")
    e = dict(env)
    for scope in (gl.get("variables"), job.get("variables")):
        e.update({k: str(v) for k, v in (scope or {}).items()})
    status, out, ran = run(script, repo, e, shell=True)
    if not os.path.exists(os.path.join(repo, report)):
        raise Fail(describe(f"the job wrote no {report}", ran, out))
    checks = codequality_issues(os.path.join(repo, report), repo)
    if good:
        expect(status == 0 and not checks, f"the good firmware failed the job or "
               f"has issues {checks}", ran, out)
    else:
        expect(status != 0 and "data-no-lma" in checks, f"the bad firmware passed "
               f"the job or its report lacks data-no-lma ({checks})", ran, out,
               ["[data-no-lma]"])


def ci_yaml():
    wf = load_yaml(os.path.join(ROOT, "examples", "ci", "github-workflow.yml"))
    gl = load_yaml(os.path.join(ROOT, "examples", "ci", "gitlab-ci.yml"))
    github_structure(wf)
    gitlab_structure(gl)


def ci_readme():
    with open(os.path.join(ROOT, "examples", "ci", "README.md")) as f:
        text = f.read()
    lacks = [w for w in ("--fail-on", "| 0 |", "| 1 |", "| 2 |", "| 3 |",
                         "github-workflow.yml", "gitlab-ci.yml") if w not in text]
    if lacks:
        raise Fail("examples/ci/README.md lacks " + ", ".join(lacks))


def ci_checks(suite, tmp):
    suite.check("ci-readme", ci_readme)
    names = ["ci-yaml", "ci-github-good", "ci-github-bad", "ci-gitlab-good",
             "ci-gitlab-bad"]
    if importlib.util.find_spec("yaml") is None:
        suite.skip(names, "python3-yaml is not installed for this python3")
        return
    if not suite.check(names[0], ci_yaml):
        suite.skip(names[1:], "the CI files do not parse")
        return
    missing = missing_tools("make", "git", "bash", "arm-none-eabi-gcc")
    if missing:
        suite.skip(names[1:], f"{', '.join(missing)} not installed")
        return
    tmp = os.path.join(tmp, "ci")
    os.makedirs(tmp)
    env = clean_env(os.path.dirname(tmp))
    suite.check(names[1], ci_github, env, tmp, True)
    suite.check(names[2], ci_github, env, tmp, False)
    suite.check(names[3], ci_gitlab, env, tmp, True)
    suite.check(names[4], ci_gitlab, env, tmp, False)


def main():
    ldlint = os.path.abspath(sys.argv[1])
    suite = Suite()
    tmp = tempfile.mkdtemp(prefix="ldlint-integrations.")
    try:
        os.makedirs(os.path.join(tmp, "bin"))
        os.symlink(ldlint, os.path.join(tmp, "bin", "ldlint"))
        precommit_checks(suite, tmp)
        make_checks(suite, tmp)
        cmake_checks(suite, tmp)
        ci_checks(suite, tmp)
    finally:
        if os.environ.get("KEEP_TMP") != "1":
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"integrations: kept {tmp}")
    print(f"integrations: {suite.passed} passed, {suite.failed} failed, "
          f"{suite.skipped} skipped")
    return 1 if suite.failed else 0


if __name__ == "__main__":
    sys.exit(main())
