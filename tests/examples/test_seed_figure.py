#!/usr/bin/python3
# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Runs seed_figure.py on the generated seed14.mp4 (TC_TEST_MEDIA) and checks
what it wrote: it said the chunks were not copied and came from 10, 11 and
12 s, the PNG exists, has the figure's size, and each of its three rows (the
spectrograms, the RGB frames, the gray frames) has content: it is not one
flat colour.

usage: test_seed_figure.py OUTPUT.png"""
import os
import subprocess
import sys

import matplotlib.image

HERE = os.path.dirname(os.path.abspath(__file__))
WIDTH, HEIGHT = 1280, 720     # figsize (12.8, 7.2) at 100 dpi


def fail(msg):
    print(f"FAIL: {msg}")
    sys.exit(1)


def main():
    output = os.path.abspath(sys.argv[1])
    media = os.environ.get("TC_TEST_MEDIA")
    if not media:
        fail("TC_TEST_MEDIA is not set (run through meson test)")
    if os.path.exists(output):
        os.unlink(output)

    run = subprocess.run([sys.executable, os.path.join(HERE, "seed_figure.py"),
                          "--location", os.path.join(media, "seed14.mp4"),
                          "--output", output],
                         capture_output=True, text=True, timeout=240)
    print(run.stdout, end="")
    print(run.stderr, end="", file=sys.stderr)
    if run.returncode != 0:
        fail(f"seed_figure.py exited {run.returncode}")
    chunks = [line for line in run.stdout.splitlines() if " pts " in line]
    if len(chunks) != 9:
        fail(f"expected 9 chunks (3 iterations of 3 outputs), got {len(chunks)}")
    if any("copied: False" not in line for line in chunks):
        fail("a chunk was copied instead of viewed in place")
    # the seek to 10 s: the key frame there, one chunk a second after it
    video = [float(line.split()[2]) for line in chunks
             if line.startswith("video_")]
    if [round(t, 3) for t in video] != [10.0, 10.0, 11.0, 11.0, 12.0, 12.0]:
        fail(f"the video chunks are at {video}, not 10, 11 and 12 s")
    if not os.path.exists(output):
        fail(f"no {output}")

    img = matplotlib.image.imread(output)
    h, w = img.shape[:2]
    if (w, h) != (WIDTH, HEIGHT):
        fail(f"{output} is {w}x{h}, expected {WIDTH}x{HEIGHT}")
    rgb = img[:, :, :3]
    for row, name in enumerate(("spectrograms", "RGB frames", "gray frames")):
        band = rgb[row * h // 3:(row + 1) * h // 3]
        std = float(band.std())
        print(f"row {row} ({name}): pixel std {std:.3f}")
        if std < 0.05:
            fail(f"row {row} of {output} ({name}) is blank (std {std:.3f})")
    print(f"ok: {output}")


if __name__ == "__main__":
    main()
