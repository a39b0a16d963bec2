# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The conformance cases (the project's check against the seed, on the
test media of tests/media) run through Debian's torchaudio 0.13
StreamReader and through tensorchunker.StreamReader with the same calls.
Every chunk is compared with the conformance tolerances.  torchaudio 0.13
seeks to key frames only: an accurate-seek case is compared with its full
decode, cut at the first frame at or after the target and chunked again.
Skipped without torchaudio or without TC_TEST_MEDIA (meson test sets it)."""
import math
import os

import numpy as np
import pytest

from tensorchunker import StreamReader

# name, src (in TC_TEST_MEDIA unless format is lavfi), reader arguments,
# seek (seconds, mode), the most iterations compared, outputs
CASES = [
    ("seed_example", "seed14.mp4", {}, (10.0, "key"), 3, [
        ("audio", dict(frames_per_chunk=8000, sample_rate=8000)),
        ("video", dict(frames_per_chunk=1, frame_rate=1, width=960,
                       height=540, format="rgb24")),
        ("video", dict(frames_per_chunk=3, frame_rate=3, width=320,
                       height=320, format="gray"))]),
    ("wav_whole", "speech16k.wav", {}, None, None, [
        ("audio", dict(frames_per_chunk=4000))]),
    ("raw_s16le_headerless", "tone16k.s16",
     dict(format="s16le", option={"sample_rate": "16000"}), None, None, [
        ("audio", dict(frames_per_chunk=1600))]),
    ("mkv_video_and_audio", "small.mkv", {}, None, None, [
        ("video", dict(frames_per_chunk=5, format="bgr24")),
        ("audio", dict(frames_per_chunk=8820))]),
    ("jpeg_still", "still.jpg", {}, None, None, [
        ("video", dict(frames_per_chunk=1))]),
    ("lavfi_sine", "sine=sample_rate=8000:frequency=360:duration=2",
     dict(format="lavfi"), None, None, [
        ("audio", dict(frames_per_chunk=800))]),
    ("mp3_resampled_s16", "tone.mp3", {}, None, None, [
        ("audio", dict(frames_per_chunk=1600, sample_rate=16000,
                       format="s16p"))]),
    ("accurate_seek_video", "small.mkv", {}, (2.5, "precise"), None, [
        ("video", dict(frames_per_chunk=4, frame_rate=25))]),
]


def _read(reader, outputs, seek, limit):
    for kind, kwargs in outputs:
        getattr(reader, f"add_basic_{kind}_stream")(
            buffer_chunk_size=-1 if isinstance(reader, StreamReader) else 100000,
            **kwargs)
    if seek is not None:
        if isinstance(reader, StreamReader):
            reader.seek(*seek)
        else:
            reader.seek(seek[0])
    got = [[] for _ in outputs]
    for n, chunks in enumerate(reader.stream()):
        if limit is not None and n == limit:
            break
        for i, c in enumerate(chunks):
            if c is not None:
                got[i].append(np.array(c))
    return got


def _rechunk_after(chunks, skip, size):
    whole = np.concatenate(chunks, axis=0)[skip:]
    return [whole[i:i + size] for i in range(0, len(whole), size)]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_conformance_case(torchaudio_reader, case):
    name, src, args, seek, limit, outputs = case
    media = os.environ.get("TC_TEST_MEDIA")
    if args.get("format") != "lavfi":
        if not media or not os.path.exists(os.path.join(media, src)):
            pytest.skip(f"no {src} (TC_TEST_MEDIA: run through meson test)")
        src = os.path.join(media, src)
    ours = _read(StreamReader(src, **args), outputs, seek, limit)
    exact = seek is not None and seek[1] == "precise"
    theirs = _read(torchaudio_reader(src, **args), outputs,
                   None if exact else seek, None if exact else limit)
    for i, (kind, kwargs) in enumerate(outputs):
        want, got = theirs[i], ours[i]
        if exact:
            rate = kwargs.get("frame_rate") or kwargs.get("sample_rate")
            want = _rechunk_after(want, math.ceil(seek[0] * rate - 1e-9),
                                  kwargs["frames_per_chunk"])
            if limit is not None:
                want = want[:limit]
        assert len(got) == len(want), f"output {i}: {len(got)} chunks, " \
            f"torchaudio {len(want)}"
        for j, (a, b) in enumerate(zip(want, got)):
            where = f"{name} output {i} chunk {j}"
            assert a.shape == b.shape and a.dtype == b.dtype, where
            d = np.abs(a.astype(np.float64) - b.astype(np.float64))
            if a.dtype.kind == "f":
                assert d.max() <= 1e-4, where
            elif kind == "video":
                assert d.mean() <= 0.5 and d.max() <= 4, where
            else:
                assert d.max() <= 1, where
