#!/usr/bin/python3
"""Files per second through tensorchunker.ray with 1 and 2 Ray workers,
next to one process running StreamReader over the same files: what Ray
costs on one machine (docs/scale-out.md).

    .venv/bin/python3 tests/bench/ray_files.py [N_FILES] [SECONDS_EACH]

Needs the plugin on GST_PLUGIN_PATH and gst/python on PYTHONPATH (meson
devenv), and Ray (.venv, docs/scale-out.md).  Prints one line a system.
"""
import os
import subprocess
import sys
import tempfile
import time

import ray

import tensorchunker.ray as tcray
from tensorchunker import StreamReader

OUTPUTS = [{"type": "audio", "frames_per_chunk": 16000, "sample_rate": 16000},
           {"type": "video", "frames_per_chunk": 8, "frame_rate": 10,
            "width": 224, "height": 224}]


def make(d, n, seconds):
    paths = []
    for i in range(n):
        p = os.path.join(d, f"clip{i:03d}.mp4")
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi",
                        "-i", f"testsrc2=s=640x360:r=25:d={seconds}", "-f",
                        "lavfi", "-i", f"sine=f={200 + i}:r=48000:d={seconds}",
                        "-c:v", "libx264", "-preset", "ultrafast", "-c:a",
                        "aac", "-shortest", p], check=True)
        paths.append(p)
    return paths


def single(paths):
    rows = 0
    for p in paths:
        r = StreamReader(p)
        tcray._add_outputs(r, OUTPUTS)
        for chunks in r.stream():
            rows += sum(c is not None for c in chunks)
        r.close()
    return rows


def with_ray(paths, workers):
    """(rows, seconds of the dataset alone): Ray started, and its workers
    warmed up on one file (they import GStreamer, torch and the module once
    each), before the clock starts."""
    ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    try:
        tcray.read_media(paths[:workers], OUTPUTS).count()
        t = time.monotonic()
        rows = tcray.read_media(paths, OUTPUTS).count()
        return rows, time.monotonic() - t
    finally:
        ray.shutdown()


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 2
    with tempfile.TemporaryDirectory() as d:
        paths = make(d, n, seconds)
        print(f"{n} files of {seconds:g} s (640x360 H.264 + 48 kHz AAC) -> "
              "16 kHz 1 s chunks + 224x224 10 fps 8-frame chunks; load "
              + open("/proc/loadavg").read().split()[0])
        t = time.monotonic()
        rows = single(paths)
        results = [("one process (StreamReader)", rows,
                    time.monotonic() - t)]
        for workers in (1, 2):
            t = time.monotonic()
            rows, wall = with_ray(paths, workers)
            results.append((f"Ray, {workers} worker{'s' * (workers > 1)} "
                            f"(+{time.monotonic() - t - wall:.1f} s start)",
                            rows, wall))
        for name, rows, wall in results:
            print(f"{name:36s} {rows:5d} rows {wall:7.2f} s "
                  f"{n / wall:6.2f} files/s")


if __name__ == "__main__":
    main()
