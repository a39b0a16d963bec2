# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Outputs added between iterations of stream(): the element takes the
pad while playing and starts it at the position its running outputs
reached; those go on without losing or repeating a chunk."""
import io

import numpy as np
import pytest
import torch

from tensorchunker import StreamReader
from tensorchunker._gst import Gst

# av-10s.mp4 (conftest): 25 fps video with a key frame each second, 44.1
# kHz stereo AAC, 10 s.  The outputs' chunks are 0.2 s long.
VIDEO_CHUNK = 5
AUDIO_CHUNK = 8820
STEP = 0.2


def element_position(r, n):
    """Where the element is: the end of the latest chunk it gave one of the
    first @n outputs (the pads of its source, inside the bin, answer the
    position query; the module's do not: they are behind the element's
    queues)."""
    src = r._tc.get_by_name("src")
    ends = [src.get_static_pad("src_" + out.pad.get_name()).query_position(
        Gst.Format.TIME) for out in r._outputs[:n]]
    return max(end for ok, end in ends if ok) / Gst.SECOND


def chunks_of(src, adds, first=None, n_before=0, seek=None, **reader_args):
    """Streams @src with the outputs @first (add_* calls), from @seek
    ((time, mode) for seek()) if given, adds @adds after @n_before
    iterations, and returns, per output, [(pts, array)], the consumer's
    position when they were added, and the element's before and after the
    add_* calls."""
    r = StreamReader(src, **reader_args)
    for method, kwargs in first or []:
        getattr(r, method)(**kwargs)
    if seek is not None:
        r.seek(*seek)
    out = [[] for _ in range((len(first or [])) + len(adds))]
    position = element = None
    it = r.stream() if first else None
    for _ in range(n_before):
        for i, c in enumerate(next(it)):
            out[i].append((c.pts, np.array(c)))
    if first:
        # the element has given each running output at least what the
        # consumer got of it: the earliest end is the one to compare with
        # (the latest a position query answers, which may fail for one)
        position = min((o[-1][0] + STEP for o in out[:len(first)] if o),
                       default=0.0)
        element = [element_position(r, len(first))]
    for method, kwargs in adds:
        getattr(r, method)(**kwargs)
    if first:
        element.append(element_position(r, len(first)))
    for chunks in (it or r.stream()):
        for i, c in enumerate(chunks):
            if c is not None:
                assert isinstance(c, torch.Tensor)
                out[i].append((c.pts, np.array(c)))
    r.close()
    return out, position, element


def check_continuous(chunks, step, start=0.0):
    pts = [p for p, _ in chunks]
    assert pts[0] == pytest.approx(start, abs=1e-6)
    assert np.allclose(np.diff(pts), step), pts


def check_same(got, expected):
    """@got are the chunks of @expected at the same pts, bytes equal."""
    ref = {round(p, 6): a for p, a in expected}
    for p, a in got:
        assert round(p, 6) in ref, f"no chunk at {p} in the full run"
        e = ref[round(p, 6)]
        assert a.shape == e.shape and a.dtype == e.dtype, p
        assert (a == e).all(), f"the chunk at {p} differs from the full run's"


RUNNING = [("add_basic_video_stream",
            dict(frames_per_chunk=VIDEO_CHUNK, format="gray")),
           ("add_basic_audio_stream", dict(frames_per_chunk=AUDIO_CHUNK))]


@pytest.mark.parametrize("source", ["path", "bytesio", "unseekable", "ts"])
def test_add_on_a_file(media, source):
    """Added after 3 iterations: a video and an audio output of the source
    streams already decoded, in other formats.  They start on their own
    chunk grid where the element was (the latest frame it had given the
    running outputs), at or after the consumer's position, with the chunks
    a run that had them from the start gives there; the running outputs
    give exactly the chunks of a
    run without them.  A file-like object without seek can take them too:
    nothing is read again (an MP4 with its index first plays as a
    stream)."""
    path = media({"unseekable": "av-10s-faststart.mp4",
                  "ts": "av.ts"}.get(source, "av-10s.mp4"))
    with open(path, "rb") as f:
        data = f.read()

    class Unseekable:
        def __init__(self):
            self.f = io.BytesIO(data)

        def read(self, n):
            return self.f.read(n)
    src = {"bytesio": io.BytesIO(data),
           "unseekable": Unseekable()}.get(source, path)
    added = [("add_basic_video_stream",
              dict(frames_per_chunk=VIDEO_CHUNK, width=160, height=120)),
             ("add_basic_audio_stream",
              dict(frames_per_chunk=AUDIO_CHUNK // 2, format="s16p"))]
    got, position, (before, after) = chunks_of(src, added, RUNNING,
                                               n_before=3)
    (full_v, full_a, full_nv, full_na), _, _ = chunks_of(path,
                                                         RUNNING + added)
    v, a, nv, na = got
    assert position == pytest.approx(min(full_v[0][0], full_a[0][0]) + 0.6)

    # the running outputs: every chunk once, the same as without the add
    assert len(v) == len(full_v) and len(a) == len(full_a)
    check_continuous(v, STEP, full_v[0][0])
    check_continuous(a, STEP, full_a[0][0])
    check_same(v, full_v)
    check_same(a, full_a)

    # the new ones: their shapes and dtypes, from the element's position
    # (the first chunk of their grid after the latest frame it had given)
    assert position - 1e-6 <= before <= after
    assert nv[0][1].shape == (VIDEO_CHUNK, 3, 120, 160)
    assert nv[0][1].dtype == np.uint8
    assert na[0][1].shape == (AUDIO_CHUNK // 2, 2)
    assert na[0][1].dtype == np.int16
    for new, step, full in ((nv, STEP, full_nv), (na, STEP / 2, full_na)):
        first = new[0][0]
        # the element had given the running outputs the frames of the
        # chunks it pushed (to after) and of those in the making (STEP)
        assert before - 1e-6 <= first < after + STEP + step + 1e-6, first
        grid = (first - full[0][0]) / step
        assert grid == pytest.approx(round(grid), abs=1e-3)
        check_continuous(new, step, first)
        check_same(new, full)
        assert new[-1][0] == pytest.approx(full[-1][0])


@pytest.mark.parametrize("target", [3.3, 4.5, 5.7])
def test_add_after_a_key_seek(media, target):
    """After seek(t, "key") on MPEG-TS, whose audio packets come well before
    the video's key frame where the seek lands, an output added while
    streaming counts its grid from its own stream's first frame after the
    seek, as a run that had it since the seek does."""
    path = media("av-10s.ts")
    added = [("add_basic_video_stream",
              dict(frames_per_chunk=VIDEO_CHUNK, width=160, height=120))]
    got, _, _ = chunks_of(path, added, RUNNING, n_before=3,
                          seek=(target, "key"))
    full, _, _ = chunks_of(path, [], RUNNING + added, seek=(target, "key"))
    new, full_new = got[2], full[2]
    # MPEG-TS has no index: the core seeks back until the video's first
    # key frame is at or before the target (one a second), and the audio
    # comes from where the demuxer landed, before that key frame
    assert full[1][0][0] < full_new[0][0] <= target < full_new[0][0] + 1
    assert new, "the added output gave nothing"
    grid = (new[0][0] - full_new[0][0]) / STEP
    assert grid == pytest.approx(round(grid), abs=1e-3), new[0][0]
    check_continuous(new, STEP, new[0][0])
    check_same(new, full_new)
    for running, full_running in zip(got[:2], full[:2]):
        check_same(running, full_running)
        assert len(running) == len(full_running)


def test_add_another_stream_on_a_file(media):
    """A video output added while only the audio runs: its decoder starts
    at a key frame (one a second), after what the element read (10 s: the
    element reads ahead, and one added after it read the last key frame
    gets nothing)."""
    path = media("av-10s.mp4")
    audio = [RUNNING[1]]
    video = [("add_basic_video_stream", dict(frames_per_chunk=VIDEO_CHUNK))]
    (a, v), _, (before, _) = chunks_of(path, video, audio, n_before=3)
    (full_a, full_v), _, _ = chunks_of(path, audio + video)
    assert len(a) == len(full_a)
    check_continuous(a, STEP)
    check_same(a, full_a)
    first = v[0][0]
    assert first == pytest.approx(round(first))        # a key frame
    # the next key frame the element reads, which it reads ahead of what it
    # decoded
    assert first >= before
    assert v[0][1].shape == (VIDEO_CHUNK, 3, 240, 320)
    check_continuous(v, STEP, first)
    check_same(v, full_v)


def test_add_matches_torchaudio_after_its_start(media, torchaudio_reader):
    """torchaudio 0.13 decodes only what stream() asks for, so its new
    output starts at the consumer's position; ours starts where the
    element is (docs/python.md).  From there on the chunks agree, and the
    running outputs' are the same (neither loses one)."""
    path = media("av-10s.mp4")
    added = [("add_basic_video_stream",
              dict(frames_per_chunk=VIDEO_CHUNK, format="gray"))]
    ours, _, _ = chunks_of(path, added, RUNNING, n_before=3)
    r = torchaudio_reader(path)
    for method, kwargs in RUNNING:
        getattr(r, method)(**kwargs)
    theirs = [[] for _ in range(3)]
    it = r.stream()
    for _ in range(3):
        for i, c in enumerate(next(it)):
            theirs[i].append(np.array(c))
    for method, kwargs in added:
        getattr(r, method)(**kwargs)
    for chunks in it:
        for i, c in enumerate(chunks):
            if c is not None:
                theirs[i].append(np.array(c))
    for i in range(2):
        assert len(ours[i]) == len(theirs[i])
        for (_, x), y in zip(ours[i], theirs[i]):
            d = np.abs(x.astype(np.float64) - y)
            assert d.max() <= (1e-4 if x.dtype.kind == "f" else 4)
    # torchaudio's new output starts at the consumer's 0.6 s, ours later:
    # ours is the end of theirs
    new_ours, new_theirs = ours[2], theirs[2]
    assert len(new_theirs) == 47           # 0.6 s to the end, 10 s
    assert 0 < len(new_ours) <= len(new_theirs)
    for (_, x), y in zip(new_ours, new_theirs[-len(new_ours):]):
        assert x.shape == y.shape
        assert np.abs(x.astype(int) - y).max() <= 4


def test_add_with_bad_settings_while_streaming(media):
    """An output the element cannot make raises at the add_* call (the
    element's message); the running outputs go on."""
    r = StreamReader(media("av.mp4"))
    r.add_basic_audio_stream(AUDIO_CHUNK)
    it = r.stream()
    next(it)
    with pytest.raises(RuntimeError, match="no_such_filter"):
        r.add_video_stream(VIDEO_CHUNK, filter_desc="no_such_filter=1")
    assert r.num_out_streams == 1
    pts = [c[0].pts for c in it]
    assert pts[0] == pytest.approx(STEP)
    assert np.allclose(np.diff(pts), STEP)


def test_add_on_a_live_source():
    """A live lavfi source: the new outputs start at the next frame captured
    after the add, on the running outputs' timeline (their frames are the
    running output's at the same times); those go on without a drop, a gap
    or a repeat."""
    r = StreamReader("testsrc2=size=160x120:rate=10", format="lavfi",
                     is_live=True)
    r.add_basic_video_stream(2, -1)
    it = r.stream(timeout=10000)
    before = [next(it)[0] for _ in range(3)]
    last = before[-1].pts
    r.add_basic_video_stream(3, -1)
    r.add_basic_video_stream(3, -1, format="gray", width=32, height=24)
    after = [next(it) for _ in range(8)]
    assert r._outputs[0].pad.get_property("dropped") == 0
    r.close()

    running = before + [c[0] for c in after]
    pts = [c.pts for c in running]
    steps = np.diff(pts)
    # a lost chunk would be a step of 0.4 s, a repeated one of 0
    assert (steps > 0.1).all() and (steps < 0.3).all(), pts
    frames = {round(c.pts + k * 0.1, 3): np.array(c[k])
              for c in running for k in range(2)}
    same, gray = [c[1] for c in after], [c[2] for c in after]
    assert same[0].pts > last and gray[0].pts > last
    assert same[0].pts <= last + 2.0
    for c in same:
        assert c.shape == (3, 3, 120, 160) and c.dtype == torch.uint8
        for k in range(3):
            t = round(c.pts + k * 0.1, 3)
            if t in frames:
                assert (np.array(c[k]) == frames[t]).all(), t
    assert sum(round(c.pts, 3) in frames for c in same) >= 3
    for c in gray:
        assert c.shape == (3, 1, 24, 32) and c.dtype == torch.uint8
    assert np.allclose(np.diff([c.pts for c in gray]), 0.3, atol=0.1)
