#!/usr/bin/python3
# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Runs a live-outputs program (live-outputs.c, live_outputs.py) and checks
what it prints: video_0 runs throughout without a gap or a discont;
video_1, added while playing, starts after the request at a frame later
than the last chunk video_0 had printed, gives chunks of its own shape
whose times follow each other, and none after its release.

A gap is a frame missing: the chunks' offsets (frame numbers) must follow
each other.  The lavfi source's times are its own, so its steps must also
be even; x11grab stamps each frame with the time it was grabbed, which on
a busy machine comes late and then in a burst that catches up, so there
the times need only increase.

  check_live_outputs.py KIND PROGRAM [ARGS...]     KIND: lavfi, x11grab
Exits 77 when the program does (skipped: no DISPLAY for x11grab).
"""
import subprocess
import sys


def fail(msg, out):
    print(out)
    print(f"FAIL: {msg}")
    return 1


def main():
    kind, cmd = sys.argv[1], sys.argv[2:]
    run = subprocess.run(cmd + [kind], capture_output=True, text=True,
                         timeout=120)
    out = run.stdout + run.stderr
    if run.returncode == 77:
        print(out)
        return 77
    if run.returncode != 0:
        return fail(f"exited {run.returncode}", out)
    lines = run.stdout.splitlines()
    for step in ("adding video_1", "releasing video_1", "released video_1",
                 "done"):
        if step not in lines:
            return fail(f"no line '{step}'", out)
    added, released = lines.index("adding video_1"), lines.index(
        "released video_1")
    chunks = {0: [], 1: []}
    offsets = {0: [], 1: []}
    for i, line in enumerate(lines):
        if line.startswith("video_"):
            pad, pts, offset, rest = line.split(" ", 3)
            chunks[int(pad[-1])].append((i, int(pts), rest))
            offsets[int(pad[-1])].append(int(offset))
    v0, v1 = chunks[0], chunks[1]
    if any("discont" in r for _, _, r in v0[1:]):
        return fail("video_0 has a discont after its first chunk", out)
    for which, offs in offsets.items():
        if any(b - a != 2 for a, b in zip(offs, offs[1:])):
            return fail(f"video_{which} lost frames: offsets {offs}", out)
    steps = [b - a for (_, a, _), (_, b, _) in zip(v0, v0[1:])]
    if not steps or min(steps) <= 0:
        return fail(f"video_0's times do not increase: steps {steps}", out)
    if kind == "lavfi" and max(steps) > 1.5 * min(steps):
        return fail(f"video_0 has a gap: steps {steps}", out)
    if len(v1) < 3 or v1[0][0] < added:
        return fail("video_1 gave no chunks after it was added", out)
    if any(i > released for i, _, _ in v1):
        return fail("video_1 gave a chunk after its release", out)
    before = max(p for i, p, _ in v0 if i < added)
    if v1[0][1] <= before:
        return fail(f"video_1 starts at {v1[0][1]}, not after {before}", out)
    if not all(r.startswith("<2, 1, 24, 32>") for _, _, r in v1):
        return fail("video_1's chunks are not (2, 1, 24, 32)", out)
    if not all(r.startswith("<2, 3, 120, 160>") for _, _, r in v0):
        return fail("video_0's chunks are not (2, 3, 120, 160)", out)
    v1_steps = [b - a for (_, a, _), (_, b, _) in zip(v1, v1[1:])]
    if min(v1_steps) <= 0:
        return fail(f"video_1's times do not increase: steps {v1_steps}", out)
    if kind == "lavfi" and max(v1_steps) > 1.5 * min(steps):
        return fail(f"video_1 has a gap: steps {v1_steps}", out)
    if sum(1 for i, _, _ in v0 if i > released) < 3:
        return fail("video_0 did not go on after the release", out)
    print(out)
    print(f"ok: video_0 {len(v0)} chunks, video_1 {len(v1)} chunks from "
          f"{v1[0][1]} ns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
