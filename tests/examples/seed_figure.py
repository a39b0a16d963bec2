#!/usr/bin/python3
# seed_figure: the closing figure of the seed's tutorial, with tensorchunker
# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Draws the figure that closes Pt. 1 of torchaudio's StreamReader tutorial
with the tensorchunker module (docs/python.md): the seed's three outputs of
a 1080p H.264 + AAC file, a seek to 10 s, three iterations of stream(),
one row per output and one column group per iteration.

usage: seed_figure.py [--location FILE] [--output PNG] [--seek SECONDS]
needs: the tensorchunker module and plugin (meson devenv, or installed),
torch, matplotlib.
"""
import argparse
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from tensorchunker import StreamReader  # noqa: E402


def views_buffer(chunk):
    """Whether the chunk is memory torch did not allocate (the element's
    buffer, not a copy): torch refuses to resize that."""
    storage = chunk.storage().untyped()
    try:
        storage.resize_(storage.nbytes())
    except RuntimeError as e:
        return "not resizable" in str(e)
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--location", default="seed14.mp4")
    parser.add_argument("--output", default="seed_figure.png")
    parser.add_argument("--seek", type=float, default=10.0)
    parser.add_argument("--iterations", type=int, default=3)
    args = parser.parse_args()

    streamer = StreamReader(args.location)
    streamer.add_basic_audio_stream(frames_per_chunk=8000, sample_rate=8000)
    streamer.add_basic_video_stream(frames_per_chunk=1, frame_rate=1,
                                    width=960, height=540, format="rgb24")
    streamer.add_basic_video_stream(frames_per_chunk=3, frame_rate=3,
                                    width=320, height=320, format="gray")
    streamer.seek(args.seek, mode="key")
    n_ite = args.iterations
    iterations = []
    for chunks in streamer.stream():
        if any(c is None for c in chunks):
            sys.exit(f"the source ended before {n_ite} iterations")
        for name, c in zip(("audio_0", "video_0", "video_1"), chunks):
            print(f"{name}  pts {c.pts:6.3f} s  {c.dtype}{list(c.shape)}  "
                  f"copied: {not views_buffer(c)}")
        iterations.append(chunks)
        if len(iterations) == n_ite:
            break

    k = 3
    fig = plt.figure(figsize=(12.8, 7.2), dpi=100)
    gs = fig.add_gridspec(3, k * n_ite)
    for i, (waveform, vid1, vid2) in enumerate(iterations):
        ax = fig.add_subplot(gs[0, k * i:k * (i + 1)])
        ax.specgram(waveform[:, 0], Fs=8000)
        ax.set_title(f"Iteration {i} ({waveform.pts:.2f} s)")
        if i == 0:
            ax.set_ylabel("Stream 0")
        ax = fig.add_subplot(gs[1, k * i:k * (i + 1)])
        ax.imshow(vid1[0].permute(1, 2, 0))  # NCHW->HWC
        if i == 0:
            ax.set_ylabel("Stream 1")
        for j in range(vid2.shape[0]):
            ax = fig.add_subplot(gs[2, k * i + j:k * i + j + 1])
            ax.imshow(vid2[j].permute(1, 2, 0), cmap="gray", vmin=0, vmax=255)
            if i == 0 and j == 0:
                ax.set_ylabel("Stream 2")
    for ax in fig.axes:
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    fig.savefig(args.output)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
