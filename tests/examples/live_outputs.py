#!/usr/bin/python3
# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Adds an output to a running live graph, then removes it (PyGObject).

  live_outputs.py [lavfi | x11grab]

The Python twin of live-outputs.c: a live tensorchunker (a lavfi test
pattern read in real time, or the X screen of $DISPLAY) runs with one video
output, video_0; after 3 chunks a second one, video_1 (gray, 32x24), is
requested, set up and linked while PLAYING; after 3 chunks of its own it is
released and video_0 goes on.  Every chunk is printed as
"PAD PTS-IN-NS DIMS [discont]", each step as a line of its own.  Exits 77
(skipped) for x11grab without a $DISPLAY.
"""
import os
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402

counts = [0, 0]
cond = threading.Condition()


def on_sample(sink, which):
    sample = sink.emit("pull-sample")
    buf = sample.get_buffer()
    dims = sample.get_caps().get_structure(0).get_value("dims")
    discont = buf.has_flags(Gst.BufferFlags.DISCONT)
    with cond:
        print(f"video_{which} {buf.pts} {buf.offset} <{', '.join(str(d) for d in dims)}>"
              + (" discont" if discont else ""), flush=True)
        counts[which] += 1
        cond.notify_all()
    return Gst.FlowReturn.OK


def wait_chunks(which, n):
    with cond:
        return cond.wait_for(lambda: counts[which] >= n, timeout=20)


def add_sink(pipeline, pad, which):
    """A sink in the pipeline's state, then linked: how a branch joins."""
    sink = Gst.ElementFactory.make("appsink")
    sink.set_property("emit-signals", True)
    sink.set_property("sync", False)
    sink.connect("new-sample", on_sample, which)
    pipeline.add(sink)
    sink.sync_state_with_parent()
    if pad.link(sink.get_static_pad("sink")) != Gst.PadLinkReturn.OK:
        raise RuntimeError(f"could not link {pad.get_name()}")
    return sink


def make_source(kind):
    tc = Gst.ElementFactory.make("tensorchunker", "t")
    if tc is None:
        raise RuntimeError("no tensorchunker element (GST_PLUGIN_PATH?)")
    if kind == "x11grab":
        tc.set_property("format", "x11grab")
        tc.set_property("location", os.environ["DISPLAY"])
        tc.set_property("options", Gst.Structure.new_from_string(
            "options, video_size=160x120, framerate=10"))
    else:
        tc.set_property("format", "lavfi")
        tc.set_property("location", "testsrc2=size=160x120:rate=10")
        tc.set_property("is-live", True)
    return tc


def main():
    kind = sys.argv[1] if len(sys.argv) > 1 else "lavfi"
    if kind == "x11grab" and not os.environ.get("DISPLAY"):
        print("SKIP: no DISPLAY for x11grab")
        return 1 if os.environ.get("TC_REQUIRE_SERVICES") == "1" else 77
    Gst.init(None)
    pipeline = Gst.Pipeline()
    tc = make_source(kind)
    pipeline.add(tc)
    video0 = tc.request_pad_simple("video_%u")
    video0.set_property("frames-per-chunk", 2)
    add_sink(pipeline, video0, 0)
    pipeline.set_state(Gst.State.PLAYING)
    try:
        if not wait_chunks(0, 3):
            raise TimeoutError
        # the new output: requested, set up, then linked, while PLAYING
        print("adding video_1", flush=True)
        video1 = tc.request_pad_simple("video_%u")
        for name, value in (("format", "gray"), ("width", 32),
                            ("height", 24), ("frames-per-chunk", 2)):
            video1.set_property(name, value)
        sink1 = add_sink(pipeline, video1, 1)
        if not wait_chunks(1, 3):
            raise TimeoutError
        print("releasing video_1", flush=True)
        tc.release_request_pad(video1)
        print("released video_1", flush=True)
        sink1.set_locked_state(True)
        sink1.set_state(Gst.State.NULL)
        pipeline.remove(sink1)
        with cond:
            n0 = counts[0]
        if not wait_chunks(0, n0 + 3):
            raise TimeoutError
        print("done", flush=True)
        return 0
    except TimeoutError:
        print("timeout: no chunks for 20 s", flush=True)
        return 1
    finally:
        pipeline.set_state(Gst.State.NULL)


if __name__ == "__main__":
    sys.exit(main())
