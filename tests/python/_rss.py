# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""1080p chunks streamed for a time with the consumer keeping none, and the
process's RSS sampled about once a second (test_stream.py's memory tests).

Flat means: after a warm-up (the element's pool and queues reaching the
most chunks they hold at once, FFmpeg's frame pools and the allocator's
arenas theirs, torch's import), the RSS at the end is within GROWTH_CHUNKS
chunks of the RSS at the warm-up's end, and the least-squares slope of
every sample after the warm-up is under SLOPE_MIB_S.  Both ends are
medians of END_SAMPLES samples: single samples jump by a frame or two of
whatever is in flight at that instant (a 1080p yuv420p frame is 3 MiB, a
chunk 5.9 MiB).  Usage: `python3 _rss.py SECONDS [KEEP_EVERY]` prints the
samples as JSON (test_stream.py runs it with torch blocked)."""
import json
import sys
import time

W, H = 1920, 1080
CHUNK_MIB = W * H * 3 / 2**20           # one 1-frame rgb24 chunk: 5.93 MiB
# The element's pool of chunk buffers grows to the most chunks ever out at
# once (8 here: the output's 3 queued, the appsink's, the element's queue
# and the one it fills, the consumer's two), and on a busy machine gets
# there only after 15-25 s.
WARMUP_S = 20.0
END_SAMPLES = 5
GROWTH_CHUNKS = 4
# A leak of one chunk in N chunks at R chunks/s grows the RSS by
# CHUNK_MIB * R / N MiB/s.  This machine streams ~300 chunks/s through the
# module: 1 MiB/s is a leak of one chunk in ~1800 (or 3.4 KiB per chunk);
# one in 50 is ~35 MiB/s, and still 2.4 MiB/s at 20 chunks/s.  A step of
# GROWTH_CHUNKS chunks in the middle of 40 s of samples has a slope of
# 0.9 MiB/s: what passes the growth bound passes this one.
SLOPE_MIB_S = 1.0
# Growth at which streaming stops early: far past the bounds, it spares
# the machine's memory when something leaks every chunk.
RUNAWAY_MIB = 64 * CHUNK_MIB


def rss_mib():
    """VmRSS of this process in MiB, None without /proc."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def stream(seconds, keep_every=0, on_sample=None, warmup=WARMUP_S):
    """Streams 1-frame 1080p rgb24 chunks from lavfi for @seconds of wall
    time; returns (samples, chunks): samples are (t, chunks so far, RSS
    MiB), each also given to @on_sample as it is taken.  Every chunk's
    shape and dtype is checked.  @keep_every > 0 keeps every so many
    chunks: a deliberate leak, to see the checks fail."""
    from tensorchunker import StreamReader

    r = StreamReader(f"testsrc2=size={W}x{H}:rate=30", format="lavfi")
    r.add_basic_video_stream(1)
    samples, kept, n, next_t, base = [], [], 0, 0.0, None
    t0 = time.monotonic()
    try:
        for (c,) in r.stream():
            n += 1
            assert tuple(c.shape) == (1, 3, H, W), c.shape
            assert str(c.dtype) in ("torch.uint8", "uint8"), c.dtype
            if keep_every and n % keep_every == 0:
                kept.append(c)
            t = time.monotonic() - t0
            if t >= next_t:
                samples.append((t, n, rss_mib()))
                next_t += 1.0
                if on_sample is not None:
                    on_sample(*samples[-1])
                if base is None and t >= warmup:
                    base = samples[-1][2]
                elif base is not None and samples[-1][2] - base > RUNAWAY_MIB:
                    break
            if t >= seconds:
                break
    finally:
        r.close()
    return samples, n


def median(v):
    v = sorted(v)
    return (v[(len(v) - 1) // 2] + v[len(v) // 2]) / 2


def slope(points):
    """Least-squares slope of (x, y) points."""
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx


def summary(samples, chunks, warmup=WARMUP_S):
    """start, end, max, growth (MiB), slope (MiB/s) after the warm-up, and
    the chunk rate, as a dict."""
    after = [(t, m) for t, _, m in samples if t >= warmup]
    start = median([m for _, m in after[:END_SAMPLES]])
    end = median([m for _, m in after[-END_SAMPLES:]])
    return {"start": start, "end": end, "max": max(m for _, m in after),
            "growth": end - start, "slope": slope(after),
            "rate": chunks / samples[-1][0], "chunks": chunks,
            "seconds": samples[-1][0]}


if __name__ == "__main__":
    samples, n = stream(float(sys.argv[1]),
                        int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    print(json.dumps({"samples": samples, "chunks": n}))
