#!/bin/bash
# The test executables under valgrind's memcheck, and a summary:
#
#   tests/valgrind/run.sh [TEST...]
#
# Default: every test whose program is built here (the C tests and the demo;
# those run by python3 or sh are listed as left out).
#
# Builds $VALGRIND_BUILD (default: build), then runs each test's command, with
# the test's own environment from meson, under
#   valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1
# with CK_FORK=no (one process: check's forks would hide the leaks), GST_DEBUG
# unset, GLib's allocator plain malloc, hwy-timer-shim preloaded (see
# hwy-timer-shim.c) and third-party.supp.  Logs go to $VALGRIND_BUILD/valgrind/.
#
# The summary counts, per test: memcheck's errors, definitely lost bytes,
# invalid accesses (reads, writes, frees, uninitialised jumps), and how many
# of the errors have our code (ext/, gst/, tests/) on their stack: that
# column must be 0.  Exits non-zero when memcheck reported any error.
# Expect it to take 15-20 times as long as the tests do.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

build=${VALGRIND_BUILD:-build}
if ! command -v valgrind >/dev/null; then
  echo "tests/valgrind/run.sh needs valgrind (apt-get install valgrind)" >&2
  exit 2
fi
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" >/dev/null
fi
ninja -C "$build" >/dev/null
# the test media, which meson test would otherwise make
ninja -C "$build" tests/media.stamp >/dev/null
mkdir -p "$build/valgrind"

# the live tests talk to local peers, as in .ci/test
exec tests/services/with-services.sh python3 - "$build" "$@" <<'PY'
import glob, json, os, re, subprocess, sys, time

build, wanted = sys.argv[1], sys.argv[2:]
logs = os.path.join(build, "valgrind")
shim = os.path.abspath(os.path.join(build, "tests/valgrind/libhwy-timer-shim.so"))
supp = os.path.abspath("tests/valgrind/third-party.supp")
ours = {os.path.basename(p) for d in ("ext", "gst", "tests")
        for p in glob.glob(d + "/**/*.c", recursive=True)}

tests = json.loads(subprocess.check_output(
    ["meson", "introspect", build, "--tests"]))
if not wanted:
    # our programs: memcheck on python3 or sh measures them, not us
    real = os.path.realpath(build) + os.sep
    for t in tests:
        if not os.path.realpath(t["cmd"][0]).startswith(real):
            print("(left out: %s, run by %s)"
                  % (t["name"], os.path.basename(t["cmd"][0])))
    tests = [t for t in tests
             if os.path.realpath(t["cmd"][0]).startswith(real)]
if wanted:
    tests = [t for t in tests if t["name"] in wanted]
    missing = set(wanted) - {t["name"] for t in tests}
    if missing:
        sys.exit("no such test: " + ", ".join(sorted(missing)))

def error_blocks(text):
    """memcheck's error and leak records: lists of lines, PID prefix off."""
    blocks, cur = [], []
    for line in text.splitlines():
        m = re.match(r"==\d+== ?(.*)", line)
        if not m:
            continue
        body = m.group(1)
        if body == "":
            if cur:
                blocks.append(cur)
            cur = []
        else:
            cur.append(body)
    if cur:
        blocks.append(cur)
    kinds = ("Invalid ", "Conditional jump", "Use of uninitialised",
             "Syscall param", "Mismatched free", "Source and destination")
    return [b for b in blocks
            if b[0].startswith(kinds) or "definitely lost in loss record" in b[0]]

def is_ours(block):
    """Whether a function of ours is on the stack: every test's main() is
    ours, and under everything, so it does not count."""
    for line in block:
        m = re.search(r"by 0x\w+: (\S+) \(([\w.-]+\.c):\d+\)", line) or \
            re.search(r"at 0x\w+: (\S+) \(([\w.-]+\.c):\d+\)", line)
        if m and m.group(2) in ours and m.group(1) != "main":
            return True
    return False

def test_result(out):
    """check's own verdict from its output ("100%: Checks: 3, Failures: 0,
    Errors: 0"), or the exit code."""
    m = re.findall(r"\d+%: Checks: (\d+), Failures: (\d+), Errors: (\d+)", out)
    if m:
        n, f, e = map(int, m[-1])
        return "%d/%d ok" % (n - f - e, n)
    return None

rows, failed = [], False
for t in tests:
    env = dict(os.environ)
    env.update(t["env"])
    env.pop("GST_DEBUG", None)
    env.update({
        "CK_FORK": "no",
        "G_SLICE": "always-malloc",
        "G_DEBUG": "gc-friendly",
        "LD_PRELOAD": shim,
    })
    log = os.path.join(logs, t["name"] + ".log")
    cmd = ["valgrind", "--tool=memcheck", "--leak-check=full",
           "--errors-for-leak-kinds=definite", "--error-exitcode=1",
           "--num-callers=40", "--suppressions=" + supp,
           "--log-file=" + log] + t["cmd"]
    print("== %s: %s" % (t["name"], " ".join(t["cmd"])), flush=True)
    start = time.time()
    out = ""
    try:
        p = subprocess.run(cmd, env=env, cwd=t.get("workdir") or None,
                           stdout=subprocess.PIPE, errors="replace",
                           timeout=max(3600, 20 * t["timeout"]))
        out = p.stdout
        rc = test_result(out) or "exit %d" % p.returncode
    except subprocess.TimeoutExpired:
        rc = "timeout"
    with open(os.path.join(logs, t["name"] + ".out"), "w") as f:
        f.write(out)
    text = open(log, errors="replace").read()
    m = re.search(r"ERROR SUMMARY: (\d+) errors", text)
    errors = int(m.group(1)) if m else -1
    m = re.search(r"definitely lost: ([\d,]+) bytes in ([\d,]+) blocks", text)
    lost = "%s B / %s" % (m.group(1), m.group(2)) if m else "0 B / 0"
    blocks = error_blocks(text)
    invalid = sum(1 for b in blocks if "definitely lost" not in b[0])
    mine = sum(1 for b in blocks if is_ours(b))
    rows.append((t["name"], rc, errors, lost, invalid, mine,
                 time.time() - start))
    if errors != 0 or rc == "timeout":
        failed = True

print()
print("%-18s %10s %7s %18s %8s %5s %7s" % ("test", "result", "errors",
      "definitely lost", "invalid", "ours", "time"))
for name, rc, errors, lost, invalid, mine, secs in rows:
    print("%-18s %10s %7d %18s %8d %5d %6.0fs" % (name, rc, errors, lost,
          invalid, mine, secs))
print("(result: the test's own, under valgrind (its checks passed, or the "
      "exit code with memcheck's errors exiting 1); ours: errors with a "
      "function of ext/, gst/ or tests/ other than main() on the stack; "
      "logs in %s)" % logs)
sys.exit(1 if failed else 0)
PY
