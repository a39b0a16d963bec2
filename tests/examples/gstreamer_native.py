#!/usr/bin/python3
# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The seed's three outputs, once with tensorchunker and once with GStreamer's
own elements (docs/gstreamer-native.md), on the same file: what reaches each
sink (buffers, shape, first and last time), the wall time of each, and how
far apart their pixels and samples are at 10 s.

usage: gstreamer_native.py FILE
"""
import os
import resource
import sys
import time

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst  # noqa: E402

import numpy as np  # noqa: E402

SINK = "appsink sync=false async=false emit-signals=true"

TENSORCHUNKER = (
    "tensorchunker location={path} name=t "
    "audio_0::sample-rate=8000 audio_0::frames-per-chunk=8000 "
    "video_0::frame-rate=1/1 video_0::width=960 video_0::height=540 "
    "video_1::frame-rate=3/1 video_1::frames-per-chunk=3 "
    "video_1::width=320 video_1::height=320 video_1::format=gray "
    f"t.audio_0 ! {SINK} name=audio "
    f"t.video_0 ! {SINK} name=rgb "
    f"t.video_1 ! {SINK} name=gray")

# docs/gstreamer-native.md shows this pipeline.
NATIVE = (
    "uridecodebin3 uri={uri} name=d "
    "d. ! audio/x-raw ! queue ! audioconvert ! audioresample "
    "! audio/x-raw,format=F32LE,layout=interleaved,rate=8000 "
    f"! audiobuffersplit output-buffer-duration=1/1 ! {SINK} name=audio "
    "d. ! video/x-raw ! tee name=v "
    "v. ! queue ! videorate ! videoconvertscale "
    f"! video/x-raw,format=RGB,width=960,height=540,framerate=1/1 ! {SINK} name=rgb "
    "v. ! queue ! videorate ! videoconvertscale "
    f"! video/x-raw,format=GRAY8,width=320,height=320,framerate=3/1 ! {SINK} name=gray")

DTYPES = {"uint8": np.uint8, "float32": np.float32}


def to_array(sample):
    """A copy of the sample's data, shaped as the seed's tensors: audio
    (N, C), video (N, C, H, W)."""
    s = sample.get_caps().get_structure(0)
    buf = sample.get_buffer()
    ok, info = buf.map(Gst.MapFlags.READ)
    try:
        if s.get_name() == "application/x-tensor":
            dims = [int(d) for d in s.get_value("dims")]
            return np.frombuffer(info.data, DTYPES[s.get_value("type")]).reshape(dims).copy()
        if s.get_name() == "audio/x-raw":
            return np.frombuffer(info.data, np.float32).reshape(-1, s.get_value("channels")).copy()
        w, h = s.get_value("width"), s.get_value("height")
        c = 3 if s.get_value("format") == "RGB" else 1
        # Rows are 4-byte aligned; these widths need no padding.
        return np.frombuffer(info.data, np.uint8).reshape(1, h, w, c).transpose(0, 3, 1, 2).copy()
    finally:
        buf.unmap(info)


def run(description):
    """Runs to EOS; returns {sink: [(pts, duration, array, caps)]}, and the
    wall and CPU seconds it took (CPU: every thread of this process)."""
    pipeline = Gst.parse_launch(description)
    got = {}
    for name in ("audio", "rgb", "gray"):
        sink = pipeline.get_by_name(name)
        got[name] = []

        def on_sample(sink, chunks=got[name]):
            sample = sink.emit("pull-sample")
            buf = sample.get_buffer()
            chunks.append((buf.pts, buf.duration, to_array(sample),
                           sample.get_caps().get_structure(0).get_name()))
            return Gst.FlowReturn.OK
        sink.connect("new-sample", on_sample)

    loop = GLib.MainLoop()
    error = []

    def on_message(bus, msg):
        if msg.type == Gst.MessageType.EOS:
            loop.quit()
        elif msg.type == Gst.MessageType.ERROR:
            error.append(msg.parse_error()[0].message)
            loop.quit()
    bus = pipeline.get_bus()
    bus.add_signal_watch()
    bus.connect("message", on_message)
    start = time.monotonic()
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    pipeline.set_state(Gst.State.PLAYING)
    GLib.timeout_add_seconds(120, lambda: error.append("timeout") or loop.quit())
    loop.run()
    wall = time.monotonic() - start
    end = resource.getrusage(resource.RUSAGE_SELF)
    cpu = end.ru_utime + end.ru_stime - cpu.ru_utime - cpu.ru_stime
    pipeline.set_state(Gst.State.NULL)
    bus.remove_signal_watch()
    if error:
        raise RuntimeError(error[0])
    return got, wall, cpu


def seconds(t):
    return "-" if t == Gst.CLOCK_TIME_NONE else f"{t / Gst.SECOND:.3f}"


def report(name, got, wall, cpu):
    print(f"{name}: {wall:.2f} s wall, {cpu:.2f} s CPU")
    for sink, chunks in got.items():
        pts, dur, arr, _ = chunks[-1]
        frames = sum(c[2].shape[0] for c in chunks)
        print(f"  {sink:5} {len(chunks):3} buffers of {chunks[0][2].shape} "
              f"{chunks[0][2].dtype}, {frames} frames, first pts "
              f"{seconds(chunks[0][0])}, last {seconds(pts)}")


def at(chunks, t):
    """The frames of @chunks (video) whose PTS is t + k/rate, as one array."""
    for pts, dur, arr, _ in chunks:
        if pts != Gst.CLOCK_TIME_NONE and abs(pts - t) < Gst.SECOND // 100:
            return pts, arr
    raise RuntimeError(f"no chunk at {t / Gst.SECOND} s")


def main():
    path = os.path.abspath(sys.argv[1])
    Gst.init(None)
    tc = run(TENSORCHUNKER.format(path=path))
    native = run(NATIVE.format(uri=Gst.filename_to_uri(path)))
    report("tensorchunker", *tc)
    report("native", *native)
    tc, native = tc[0], native[0]

    ten = 10 * Gst.SECOND
    _, a = at(tc["rgb"], ten)
    _, b = at(native["rgb"], ten)
    d = np.abs(a.astype(int) - b.astype(int))
    print(f"rgb frame at 10 s: mean |difference| {d.mean():.2f}, max {d.max()} levels; "
          f"the cyan bar: tensorchunker {a[0, :, 100, 150]}, native {b[0, :, 100, 150]}")
    _, a = at(tc["gray"], ten)
    b = np.concatenate([at(native["gray"], ten + k * Gst.SECOND // 3)[1] for k in range(3)])
    d = np.abs(a.astype(int) - b.astype(int))
    print(f"gray frames at 10 s: mean |difference| {d.mean():.2f}, max {d.max()} levels")
    # Audio: the same samples, stamped differently?  Align the second from
    # 10 s of tensorchunker's output with the native output by content.
    tc_audio = np.concatenate([c[2] for c in tc["audio"]])[:, 0]
    nat_audio = np.concatenate([c[2] for c in native["audio"]])[:, 0]
    seg = tc_audio[80000:88000]
    lag = min(range(-400, 401),
              key=lambda k: np.abs(seg - nat_audio[80000 + k:88000 + k]).max())
    d = np.abs(seg - nat_audio[80000 + lag:88000 + lag]).max()
    offset = (native["audio"][0][0] - tc["audio"][0][0]) / Gst.MSECOND
    print(f"audio: sample n of one output is sample n{lag:+d} of the other "
          f"(max |difference| {d:.3f}); first pts tensorchunker "
          f"{seconds(tc['audio'][0][0])}, native {seconds(native['audio'][0][0])} "
          f"({offset:+.1f} ms)")


if __name__ == "__main__":
    main()
