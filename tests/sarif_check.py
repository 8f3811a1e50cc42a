#!/usr/bin/env python3
"""Validates ldlint's SARIF against the SARIF 2.1.0 JSON schema.

Usage: sarif_check.py LDLINT SCHEMA CASE_DIR...
Each CASE_DIR (a rule fixture) is linted with -f sarif from inside it; the
document must validate, hold one result per finding of -f json, with the
same rule ids, and every result's location must be a relative path that
exists from the repository root.  Prints 'sarif: N passed, N failed' (or
skipped, with the reason, when the schema or jsonschema is missing).
"""
import json
import os
import subprocess
import sys


def main():
    ldlint, schema_path, cases = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3:]
    try:
        import jsonschema
    except ImportError:
        print("sarif: 0 passed, 0 failed, 1 skipped (python3-jsonschema is not "
              "installed for this python3)")
        return 0
    if not os.path.exists(schema_path):
        print(f"sarif: 0 passed, 0 failed, 1 skipped ({schema_path} not found)")
        return 0
    schema = json.load(open(schema_path))
    validator = jsonschema.Draft7Validator(schema) if hasattr(jsonschema, "Draft7Validator") \
        else None
    passed = failed = 0
    build = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build",
                         "cases", "rules")
    for case in cases:
        args = open(os.path.join(case, "cmd")).read().split("ARGS:", 1)[1].splitlines()[0]
        # the case runner's work folder: the case with its build in out/,
        # and a .git marker that makes it the project's root
        work = os.path.join(build, os.path.basename(case))
        root = work
        if not os.path.isdir(work):
            failed += 1
            print(f"FAIL sarif {case}: {work} missing (the cases suite runs first)")
            continue
        args = args.replace("$ELF", "out/app.elf").replace("$MAP", "out/app.map") \
            .replace("$ROOT", os.path.relpath(os.path.join(build, "..", "..", ".."), work))
        sarif = subprocess.run(f'"{ldlint}" -f sarif {args}', shell=True, cwd=work,
                               capture_output=True, text=True)
        js = subprocess.run(f'"{ldlint}" -f json {args}', shell=True, cwd=work,
                            capture_output=True, text=True)
        problems = []
        try:
            doc = json.loads(sarif.stdout)
            errors = list(validator.iter_errors(doc)) if validator else []
            if not validator:
                jsonschema.validate(doc, schema)
            problems += [f"schema: {e.message[:200]}" for e in errors[:3]]
            results = doc["runs"][0]["results"]
            want = [f["rule"] for f in json.loads(js.stdout)["findings"]]
            got = [r["ruleId"] for r in results]
            if sorted(want) != sorted(got):
                problems.append(f"results {got} but findings {want}")
            for r in results:
                for loc in r.get("locations", []):
                    uri = loc["physicalLocation"]["artifactLocation"]["uri"]
                    if root and not os.path.exists(os.path.join(root, uri)):
                        problems.append(f"location {uri} is not relative to {root}")
        except (ValueError, KeyError, jsonschema.ValidationError) as e:
            problems.append(f"{type(e).__name__}: {str(e)[:200]}")
        if problems:
            failed += 1
            print(f"FAIL sarif {case}: " + "; ".join(problems))
        else:
            passed += 1
    print(f"sarif: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
