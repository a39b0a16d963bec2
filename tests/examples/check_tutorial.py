#!/usr/bin/python3
# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Keeps docs/tutorial.md true: what it shows is what runs.

  check_tutorial.py program DOC PROGRAM C_SOURCE PY_SOURCE
      every ```c block of DOC is quoted verbatim from C_SOURCE, every
      ```python block from PY_SOURCE; PROGRAM (built from C_SOURCE) runs as
      `PROGRAM media` in a folder where media/ is $TC_TEST_MEDIA, and every
      ```text block marked <!-- output: tutorial --> is found in what it
      prints.
  check_tutorial.py sh DOC                  every ```sh block of DOC runs
      and exits 0, in a folder where media/ is $TC_TEST_MEDIA and tests/
      the source tree's tests/; a ```text block right after it is found in
      what it prints.

A ```text block is "found" in an output when its lines appear in it in
order (other lines may come between them).  A line "..." stands for any
lines; "..." inside a line for any text.  Markers, on the line before a
block:
  <!-- not run -->            an sh block that is shown, not run
  <!-- needs: VAR ... -->     an sh block that runs only when these
                              variables are set (the test peers of
                              tests/services/with-services.sh); without
                              them it is skipped, or fails when
                              TC_REQUIRE_SERVICES=1
http://localhost:8000/NAME in an sh block is served from $TC_HTTP_URL.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FENCE = re.compile(r"^```(\w*)\s*$")
MARKER = re.compile(r"^<!--\s*(.*?)\s*-->\s*$")


def blocks(doc):
    """(lang, text, marker, line number) for each fenced block of @doc."""
    lines = open(doc, encoding="utf-8").read().split("\n")
    out, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        marker = ""
        if i > 0 and MARKER.match(lines[i - 1]):
            marker = MARKER.match(lines[i - 1]).group(1)
        start = i + 1
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            i += 1
        out.append((m.group(1), "\n".join(lines[start:i]), marker, start))
        i += 1
    return out


def line_pattern(expected):
    parts = [re.escape(p) for p in expected.strip().split("...")]
    return re.compile("^" + ".*".join(parts) + "$")


def find_lines(expected, actual):
    """None when the lines of @expected appear in @actual in order, else the
    first expected line that was not found."""
    got = [line.strip() for line in actual.split("\n")]
    pos = 0
    for want in expected.split("\n"):
        if not want.strip() or want.strip() == "...":
            continue
        pat = line_pattern(want)
        while pos < len(got) and not pat.match(got[pos]):
            pos += 1
        if pos == len(got):
            return want
        pos += 1
    return None


def normalized(text):
    return "\n".join(line.rstrip() for line in text.split("\n"))


def check_program(doc, program, c_source, py_source):
    failures = 0
    sources = {"c": c_source, "python": py_source}
    code = {lang: normalized(open(path, encoding="utf-8").read())
            for lang, path in sources.items()}
    with tempfile.TemporaryDirectory() as work:
        os.symlink(os.environ["TC_TEST_MEDIA"], os.path.join(work, "media"))
        run = subprocess.run([os.path.abspath(program), "media"], cwd=work,
                             capture_output=True, text=True, timeout=300)
    print(run.stdout, end="")
    print(run.stderr, end="", file=sys.stderr)
    if run.returncode != 0:
        print(f"FAIL: {program} exited {run.returncode}")
        return 1
    quoted = {"c": 0, "python": 0}
    n_out = 0
    for lang, text, marker, line in blocks(doc):
        if lang in sources:
            quoted[lang] += 1
            if normalized(text) not in code[lang]:
                print(f"FAIL: {doc}:{line}: this {lang} block is not in "
                      f"{sources[lang]} as it is quoted:\n{text}")
                failures += 1
        elif lang == "text" and marker == "output: tutorial":
            n_out += 1
            missing = find_lines(text, run.stdout)
            if missing is not None:
                print(f"FAIL: {doc}:{line}: the tutorial does not print "
                      f"this any more:\n  {missing}")
                failures += 1
    print(f"{quoted['c']} C and {quoted['python']} Python blocks quoted, "
          f"{n_out} outputs checked")
    if 0 in (quoted["c"], quoted["python"], n_out):
        print("FAIL: nothing to check: the markers are gone?")
        failures += 1
    return failures


def check_sh(doc):
    failures = skipped = ran = 0
    media = os.environ["TC_TEST_MEDIA"]
    strict = os.environ.get("TC_REQUIRE_SERVICES") == "1"
    docblocks = blocks(doc)
    with tempfile.TemporaryDirectory() as work:
        os.symlink(media, os.path.join(work, "media"))
        os.symlink(os.path.dirname(HERE), os.path.join(work, "tests"))
        for n, (lang, text, marker, line) in enumerate(docblocks):
            if lang != "sh" or marker == "not run":
                continue
            if marker.startswith("needs:"):
                missing = [v for v in marker[len("needs:"):].split()
                           if not os.environ.get(v)]
                if missing:
                    if strict:
                        print(f"FAIL: {doc}:{line}: needs {' '.join(missing)}")
                        failures += 1
                    else:
                        print(f"skip: {doc}:{line}: needs {' '.join(missing)}")
                        skipped += 1
                    continue
            script = text
            for name in re.findall(r"http://localhost:8000/([\w.-]+)", script):
                shutil.copy(os.path.join(media, name),
                            os.path.join(os.environ["TC_HTTP_ROOT"], name))
            if "http://localhost:8000" in script:
                script = script.replace("http://localhost:8000",
                                        os.environ["TC_HTTP_URL"])
            print(f"== {doc}:{line}\n{script}")
            try:
                run = subprocess.run(["bash", "-o", "pipefail", "-c", script],
                                     cwd=work, capture_output=True, text=True,
                                     timeout=180)
            except subprocess.TimeoutExpired:
                print(f"FAIL: {doc}:{line}: still running after 180 s")
                failures += 1
                continue
            ran += 1
            output = run.stdout + run.stderr
            if run.returncode != 0:
                print(output)
                print(f"FAIL: {doc}:{line}: exited {run.returncode}")
                failures += 1
                continue
            nxt = docblocks[n + 1] if n + 1 < len(docblocks) else None
            if nxt and nxt[0] == "text" and not nxt[2]:
                missing = find_lines(nxt[1], output)
                if missing is not None:
                    print(output)
                    print(f"FAIL: {doc}:{nxt[3]}: the command above does not "
                          f"print this any more:\n  {missing}")
                    failures += 1
    print(f"{ran} command blocks ran, {skipped} skipped, {failures} failed")
    if ran == 0:
        failures += 1
    return failures


def main():
    if not os.environ.get("TC_TEST_MEDIA"):
        print("TC_TEST_MEDIA is not set (run through meson test)")
        return 1
    if sys.argv[1] == "program":
        failures = check_program(*sys.argv[2:6])
    else:
        failures = check_sh(sys.argv[2])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
