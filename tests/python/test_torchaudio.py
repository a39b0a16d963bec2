# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The same calls through Debian's torchaudio 0.13 StreamReader and
through tensorchunker's: the same chunks (shapes, dtypes, pts) and values
within the conformance tolerances (audio 1e-4; video mean |d| <= 0.5 and
max <= 4 levels).  Skipped when torchaudio does not import."""
import numpy as np
import pytest

from tensorchunker import StreamReader

# (file, [(method, kwargs)...], seek).  Buffers large enough for a whole
# file on every output, as torchaudio drops chunks when one output waits
# for another (and 0.13 crashes with buffer_chunk_size=-1).
CASES = {
    "audio": ("av.mp4", [("add_basic_audio_stream",
                          dict(frames_per_chunk=4410))], None),
    "audio-8k": ("av.mp4", [("add_basic_audio_stream",
                             dict(frames_per_chunk=8000, sample_rate=8000))],
                 None),
    "audio-s16": ("tone.wav", [("add_basic_audio_stream",
                                dict(frames_per_chunk=3000, format="s16p"))],
                  None),
    "video-rgb": ("av.mp4", [("add_basic_video_stream",
                              dict(frames_per_chunk=5))], None),
    "video-gray-scaled": ("av.mp4", [("add_basic_video_stream", dict(
        frames_per_chunk=3, frame_rate=5, width=160, height=120,
        format="gray"))], None),
    "video-yuv420p": ("av.mp4", [("add_basic_video_stream",
                                  dict(frames_per_chunk=2, format="yuv420p"))],
                      None),
    "filters": ("av.mp4", [
        ("add_audio_stream", dict(frames_per_chunk=1000, filter_desc=(
            "aresample=16000,aformat=sample_fmts=s16p"))),
        ("add_video_stream", dict(frames_per_chunk=4, filter_desc=(
            "hflip,scale=80:60,format=pix_fmts=bgr24")))], None),
    "av-after-key-seek": ("av.mp4", [
        ("add_basic_audio_stream", dict(frames_per_chunk=4410)),
        ("add_basic_video_stream", dict(frames_per_chunk=5, format="gray"))],
        2.5),
}


def _run(reader_class, path, calls, seek, buffer_chunk_size, **seek_args):
    r = reader_class(path)
    for method, kwargs in calls:
        getattr(r, method)(buffer_chunk_size=buffer_chunk_size, **kwargs)
    if seek is not None:
        r.seek(seek, **seek_args)
    out = [[] for _ in calls]
    for chunks in r.stream():
        for i, c in enumerate(chunks):
            if c is not None:
                out[i].append((getattr(c, "pts", None), np.array(c)))
    return out


@pytest.mark.parametrize("case", list(CASES))
def test_same_chunks_as_torchaudio(media, torchaudio_reader, case):
    name, calls, seek = CASES[case]
    path = media(name)
    theirs = _run(torchaudio_reader, path, calls, seek, 100000)
    ours = _run(StreamReader, path, calls, seek, -1,
                **({} if seek is None else {"mode": "key"}))
    for i, (a, b) in enumerate(zip(ours, theirs)):
        assert len(a) == len(b), f"output {i}: {len(a)} chunks, torchaudio {len(b)}"
        for k, ((pts, x), (_, y)) in enumerate(zip(a, b)):
            where = f"output {i} chunk {k} (pts {pts})"
            assert x.shape == y.shape and x.dtype == y.dtype, where
            if x.dtype.kind == "f":
                assert np.abs(x - y).max() <= 1e-4, where
            elif x.dtype == np.uint8:
                d = np.abs(x.astype(int) - y.astype(int))
                assert d.mean() <= 0.5 and d.max() <= 4, where
            else:
                assert np.abs(x.astype(np.int64) - y).max() <= 1, where
