#!/usr/bin/python3
# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The Python module's memory while it streams (run.sh's rss-stream job).

    rss_stream.py SECONDS WARMUP        stream and sample
    rss_stream.py --summary WARMUP      summarize the samples of a log on stdin

Streams 1-frame 1920x1080 rgb24 chunks from lavfi's testsrc2 (no end) with
tensorchunker.StreamReader for SECONDS of wall time, the consumer keeping
none, and prints the process's RSS about once a second, as tc-jobs' rss
does for the element alone:
    sample t=SECONDS chunks=N rss_mib=MIB
then "output 0 frames=F bytes=B", "result seconds=S items=N" and
    summary warmup_s=W start_mib=A end_mib=B max_mib=M slope_mib_s=S
            growth_mib=G rate=R   (one line)
over the samples from WARMUP seconds on (start and end: medians of 5
samples; slope: least squares).  --summary prints that line's numbers
alone (A B M S G R), from any log with sample lines.  The streaming and the
statistics are tests/python/_rss.py's, which the pytest test uses.
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "python"))
import _rss  # noqa: E402

SAMPLE = re.compile(r"^sample t=([0-9.]+) chunks=([0-9]+) rss_mib=([0-9.]+)")


def summarize(samples, chunks, warmup):
    s = _rss.summary(samples, chunks, warmup)
    return [s["start"], s["end"], s["max"], s["slope"], s["growth"], s["rate"]]


def main(argv):
    if len(argv) == 3 and argv[1] == "--summary":
        samples = [tuple(float(x) for x in m.groups())
                   for m in map(SAMPLE.match, sys.stdin) if m]
        if not samples or samples[-1][0] <= float(argv[2]):
            return 1
        print(" ".join(f"{v:.4f}" for v in
                       summarize(samples, samples[-1][1], float(argv[2]))))
        return 0
    if len(argv) != 3:
        raise SystemExit(__doc__)
    seconds, warmup = float(argv[1]), float(argv[2])

    def show(t, n, mib):
        print(f"sample t={t:.2f} chunks={n} rss_mib={mib:.1f}", flush=True)

    samples, n = _rss.stream(seconds, on_sample=show, warmup=warmup)
    print(f"output 0 frames={n} bytes={n * _rss.W * _rss.H * 3}")
    print(f"result seconds={samples[-1][0]:.2f} items={n}")
    if samples[-1][0] > warmup:
        v = summarize(samples, n, warmup)
        print("summary warmup_s=%g start_mib=%.1f end_mib=%.1f max_mib=%.1f "
              "slope_mib_s=%.4f growth_mib=%.1f rate=%.1f" % (warmup, *v))
    return 0 if n else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
