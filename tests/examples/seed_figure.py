#!/usr/bin/python3
# seed_figure: the closing figure of the seed's tutorial, with tensorchunker
# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Reproduces the figure that closes Pt. 1 of torchaudio's StreamReader
tutorial with the tensorchunker element, from Python (PyGObject + numpy).

Three outputs of one 1080p H.264 + AAC file, after a seek to 10 s:

  stream 0  audio at 8 kHz, 8000 frames a chunk    (8000, 2) float32
  stream 1  video at 1 fps, 960x540 RGB            (1, 3, 540, 960) uint8
  stream 2  video at 3 fps, 3 frames of 320x320    (3, 1, 320, 320) uint8
            gray a chunk

and three iterations of the seed's stream(): one chunk of each output per
iteration.  The figure has one row per stream, one column group per
iteration: the spectrogram of the audio chunk, the RGB frame, the three
gray frames.  It is written as a PNG with matplotlib.

Each chunk is read straight from the GstBuffer's memory: the buffer is
mapped, and numpy views the mapped bytes with the dtype and shape the caps
give (`type` and `dims`), without a copy.

usage: seed_figure.py [--location FILE] [--output PNG] [--seek SECONDS]
needs: Debian's python3-gst-1.0, python3-numpy, python3-matplotlib, and
the plugin (installed, or on GST_PLUGIN_PATH).
"""
import argparse
import sys

import gi

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402

import numpy as np  # noqa: E402

# The caps' `type` field: GStreamer's tensor type names.
DTYPES = {
    "uint8": np.uint8,
    "int16": np.int16,
    "int32": np.int32,
    "int64": np.int64,
    "float32": np.float32,
    "float64": np.float64,
}


class Chunk:
    """One chunk: the sample (which holds the buffer), the buffer mapped for
    reading, and a numpy view of the mapped memory.

    The array does not own its data: it is valid while the buffer stays
    mapped, that is until close().  Copy it (`np.array(chunk.array)`) to
    keep it longer.  It is read-only, as the mapping is."""

    def __init__(self, sample):
        self.sample = sample
        caps = sample.get_caps().get_structure(0)
        dtype = DTYPES[caps.get_value("type")]
        dims = tuple(int(d) for d in caps.get_value("dims"))
        self.buffer = sample.get_buffer()
        self.pts = self.buffer.pts
        ok, self.mapinfo = self.buffer.map(Gst.MapFlags.READ)
        if not ok:
            raise RuntimeError("could not map a chunk")
        # mapinfo.data is a memoryview of the buffer's memory: frombuffer
        # wraps it, reshape makes a view.  Nothing is copied.
        self.array = np.frombuffer(self.mapinfo.data, dtype=dtype).reshape(dims)

    def close(self):
        self.array = None
        self.buffer.unmap(self.mapinfo)
        self.sample = self.buffer = self.mapinfo = None


def build_pipeline(location):
    """tensorchunker with the seed's three outputs, each into an appsink."""
    pipeline = Gst.Pipeline.new("seed-figure")
    tc = Gst.ElementFactory.make("tensorchunker", "tc")
    if tc is None:
        raise RuntimeError("no tensorchunker element: install the plugin, or put "
                           "its build directory on GST_PLUGIN_PATH")
    tc.set_property("location", location)
    pipeline.add(tc)

    outputs = [
        # The seed's add_basic_audio_stream(frames_per_chunk=8000, sample_rate=8000)
        ("audio_%u", {"frames-per-chunk": 8000, "sample-rate": 8000}),
        # add_basic_video_stream(frames_per_chunk=1, frame_rate=1, width=960,
        #                        height=540, format="rgb24")
        ("video_%u", {"frames-per-chunk": 1, "frame-rate": Gst.Fraction(1, 1),
                      "width": 960, "height": 540, "format": "rgb24"}),
        # add_basic_video_stream(frames_per_chunk=3, frame_rate=3, width=320,
        #                        height=320, format="gray")
        ("video_%u", {"frames-per-chunk": 3, "frame-rate": Gst.Fraction(3, 1),
                      "width": 320, "height": 320, "format": "gray"}),
    ]
    sinks = []
    for template, props in outputs:
        pad = tc.request_pad_simple(template)
        for name, value in props.items():
            pad.set_property(name, value)
        sink = Gst.ElementFactory.make("appsink", "sink_" + pad.get_name())
        # Pulled one chunk at a time, like the seed's stream(): the sink
        # holds at most the chunks the seed would buffer.
        sink.set_property("sync", False)
        sink.set_property("max-buffers", pad.get_property("buffer-chunk-size"))
        pipeline.add(sink)
        pad.link(sink.get_static_pad("sink"))
        sinks.append(sink)
    return pipeline, sinks


def check_bus(pipeline):
    msg = pipeline.get_bus().pop_filtered(Gst.MessageType.ERROR)
    if msg:
        err, dbg = msg.parse_error()
        raise RuntimeError(f"{msg.src.get_name()}: {err.message}\n{dbg}")


def stream(location, seek, iterations, timeout=60):
    """Yields, per iteration, one Chunk of each output (None after EOS)."""
    pipeline, sinks = build_pipeline(location)
    try:
        pipeline.set_state(Gst.State.PAUSED)
        ret, _, _ = pipeline.get_state(timeout * Gst.SECOND)
        check_bus(pipeline)
        if ret == Gst.StateChangeReturn.FAILURE:
            raise RuntimeError(f"could not open {location}")
        # The seed's streamer.seek(10.0): to the key frame at or before it.
        if not pipeline.seek_simple(Gst.Format.TIME,
                                    Gst.SeekFlags.FLUSH | Gst.SeekFlags.KEY_UNIT,
                                    int(seek * Gst.SECOND)):
            raise RuntimeError(f"seek to {seek} s refused")
        pipeline.set_state(Gst.State.PLAYING)
        for _ in range(iterations):
            chunks = []
            for sink in sinks:
                sample = sink.emit("try-pull-sample", timeout * Gst.SECOND)
                check_bus(pipeline)
                if sample is None and not sink.get_property("eos"):
                    raise RuntimeError(f"no chunk from {sink.get_name()} "
                                       f"within {timeout} s")
                chunks.append(Chunk(sample) if sample else None)
            yield chunks
    finally:
        pipeline.set_state(Gst.State.NULL)


def plot(iterations, output):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n_ite = len(iterations)
    k = 3
    fig = plt.figure(figsize=(12.8, 7.2), dpi=100)
    gs = fig.add_gridspec(3, k * n_ite)
    for i, (waveform, vid1, vid2) in enumerate(iterations):
        # Row 0: the spectrogram of the audio chunk's first channel.
        ax = fig.add_subplot(gs[0, k * i:k * (i + 1)])
        ax.specgram(waveform.array[:, 0], Fs=8000)
        ax.set_yticks([])
        ax.set_xticks([])
        ax.set_title(f"Iteration {i} ({waveform.pts / Gst.SECOND:.2f} s)")
        if i == 0:
            ax.set_ylabel("Stream 0")
        # Row 1: the RGB frame, (C, H, W) -> (H, W, C) for imshow: a view.
        ax = fig.add_subplot(gs[1, k * i:k * (i + 1)])
        ax.imshow(vid1.array[0].transpose(1, 2, 0))
        ax.set_yticks([])
        ax.set_xticks([])
        if i == 0:
            ax.set_ylabel("Stream 1")
        # Row 2: the three gray frames of the chunk.
        for j in range(vid2.array.shape[0]):
            ax = fig.add_subplot(gs[2, k * i + j:k * i + j + 1])
            ax.imshow(vid2.array[j, 0], cmap="gray", vmin=0, vmax=255)
            ax.set_yticks([])
            ax.set_xticks([])
            if i == 0 and j == 0:
                ax.set_ylabel("Stream 2")
    fig.tight_layout()
    fig.savefig(output)
    plt.close(fig)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--location", default="seed14.mp4",
                        help="a media file with audio and video, at least "
                        "seek + 3 s long (default: %(default)s)")
    parser.add_argument("--output", default="seed_figure.png",
                        help="the PNG to write (default: %(default)s)")
    parser.add_argument("--seek", type=float, default=10.0,
                        help="where to start, in seconds (default: %(default)s)")
    parser.add_argument("--iterations", type=int, default=3,
                        help="chunks of each output (default: %(default)s)")
    args = parser.parse_args()

    Gst.init(None)
    iterations = []
    try:
        for chunks in stream(args.location, args.seek, args.iterations):
            if None in chunks:
                raise RuntimeError("the source ended before "
                                   f"{args.iterations} iterations")
            for name, c in zip(("audio_0", "video_0", "video_1"), chunks):
                print(f"{name}  pts {c.pts / Gst.SECOND:6.3f} s  "
                      f"{c.array.dtype}{list(c.array.shape)}  "
                      f"copied: {c.array.flags.owndata}")
            iterations.append(chunks)
        # The arrays are still views of the mapped chunks here.
        plot(iterations, args.output)
    except RuntimeError as e:
        print(f"seed_figure: {e}", file=sys.stderr)
        return 1
    finally:
        for chunks in iterations:
            for c in chunks:
                if c is not None:
                    c.close()
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
