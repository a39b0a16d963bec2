#!/usr/bin/python3
# seed_tutorial: Pt. 1 of torchaudio's StreamReader tutorial on tensorchunker
# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The seed's tutorial (torchaudio's "StreamReader Basic Usages"), with one
change: the import.  Open, inspect, four outputs, remove one, seek to 10 s,
three iterations, the figure.

usage: seed_tutorial.py [SRC [FIGURE.png]]   (SRC: at least 13 s, audio +
video; default the seed's own file name)
"""
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from tensorchunker import StreamReader  # was: from torchaudio.io import StreamReader  # noqa: E402,E501

VIDEO_URL = sys.argv[1] if len(sys.argv) > 1 else "NASAs_Most_Scientifically_Complex_Space_Observatory_Requires_Precision-MP4.mp4"
FIGURE = sys.argv[2] if len(sys.argv) > 2 else "seed_tutorial.png"

# ---- from here on, the tutorial as torchaudio wrote it ------------------
streamer = StreamReader(VIDEO_URL)

for i in range(streamer.num_src_streams):
    print(streamer.get_src_stream_info(i))

# fmt: off
# Audio stream with 8k Hz
streamer.add_basic_audio_stream(
    frames_per_chunk=8000,
    sample_rate=8000,
)

# Audio stream with 16k Hz
streamer.add_basic_audio_stream(
    frames_per_chunk=16000,
    sample_rate=16000,
)

# Video stream with 960x540 at 1 FPS.
streamer.add_basic_video_stream(
    frames_per_chunk=1,
    frame_rate=1,
    width=960,
    height=540,
    format="rgb24",
)

# Video stream with 320x320 (stretched) at 3 FPS, grayscale
streamer.add_basic_video_stream(
    frames_per_chunk=3,
    frame_rate=3,
    width=320,
    height=320,
    format="gray",
)
# fmt: on

for i in range(streamer.num_out_streams):
    print(streamer.get_out_stream_info(i))

streamer.remove_stream(1)

streamer.seek(10.0)

n_ite = 3
waveforms, vids1, vids2 = [], [], []
for i, (waveform, vid1, vid2) in enumerate(streamer.stream()):
    waveforms.append(waveform)
    vids1.append(vid1)
    vids2.append(vid2)
    if i + 1 == n_ite:
        break

for i in range(n_ite):
    print(f"iteration {i}: waveform {tuple(waveforms[i].shape)} "
          f"{waveforms[i].dtype} pts {waveforms[i].pts:.3f}, "
          f"vid1 {tuple(vids1[i].shape)} pts {vids1[i].pts:.3f}, "
          f"vid2 {tuple(vids2[i].shape)} pts {vids2[i].pts:.3f}")

k = 3
fig = plt.figure()
gs = fig.add_gridspec(3, k * n_ite)
for i, waveform in enumerate(waveforms):
    ax = fig.add_subplot(gs[0, k * i : k * (i + 1)])
    ax.specgram(waveform[:, 0], Fs=8000)
    ax.set_yticks([])
    ax.set_xticks([])
    ax.set_title(f"Iteration {i}")
    if i == 0:
        ax.set_ylabel("Stream 0")
for i, vid in enumerate(vids1):
    ax = fig.add_subplot(gs[1, k * i : k * (i + 1)])
    ax.imshow(vid[0].permute(1, 2, 0))  # NCHW->HWC
    ax.set_yticks([])
    ax.set_xticks([])
    if i == 0:
        ax.set_ylabel("Stream 1")
for i, vid in enumerate(vids2):
    for j in range(3):
        ax = fig.add_subplot(gs[2, k * i + j : k * i + j + 1])
        ax.imshow(vid[j].permute(1, 2, 0), cmap="gray")
        ax.set_yticks([])
        ax.set_xticks([])
        if i == 0 and j == 0:
            ax.set_ylabel("Stream 2")
plt.tight_layout()
plt.savefig(FIGURE)
print(f"wrote {FIGURE}")
