# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Chunks: shapes, dtypes, pts, the end of the stream, seeks, outputs
added and removed while streaming, and the memory the chunks view."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest
import torch

from tensorchunker import ChunkTensor, StreamReader

import _rss


def arr(c):
    return np.asarray(c)


def views_element_memory(c):
    """Whether chunk c is the element's buffer (not a copy): torch refuses
    to resize memory it did not allocate; a numpy chunk's base is the
    module's mapping of the buffer."""
    try:
        import torch
    except ImportError:
        torch = None
    if torch is not None and isinstance(c, torch.Tensor):
        storage = c.storage().untyped()
        try:
            storage.resize_(storage.nbytes())
        except RuntimeError as e:
            return "not resizable" in str(e)
        return False
    while isinstance(c, np.ndarray):
        c = c.base
    return type(c).__name__ == "_MappedChunk"


def test_chunk_shapes_dtypes_pts(media):
    r = StreamReader(media("av.mp4"))
    r.add_basic_audio_stream(4410)                      # 0.1 s
    r.add_basic_video_stream(5)                         # 0.2 s, rgb24
    r.add_basic_video_stream(5, format="gray", width=32, height=24)
    r.add_basic_video_stream(5, format="yuv420p")
    r.add_basic_audio_stream(2205, format="s16p", sample_rate=22050,
                             num_channels=1)
    r.fill_buffer()
    a, v, g, y, s = r.pop_chunks()
    assert isinstance(a, ChunkTensor) and isinstance(a, torch.Tensor)
    assert (a.shape, a.dtype) == ((4410, 2), torch.float32)
    assert (v.shape, v.dtype) == ((5, 3, 240, 320), torch.uint8)
    assert (g.shape, g.dtype) == ((5, 1, 24, 32), torch.uint8)
    assert (y.shape, y.dtype) == ((5, 3, 240, 320), torch.uint8)
    assert (s.shape, s.dtype) == ((2205, 1), torch.int16)
    assert float(a.abs().max()) <= 1.0
    assert all(c.pts == 0.0 for c in (a, v, g, y, s))
    # synced outputs: their chunks keep the same pts
    for k in range(1, 6):
        r.fill_buffer()
        a, v, g, y, s = r.pop_chunks()
        assert a.pts == pytest.approx(0.1 * k)
        assert v.pts == g.pts == y.pts == pytest.approx(0.2 * k)
        assert s.pts == pytest.approx(0.1 * k)
    # an operation gives a plain tensor, without pts (as torchaudio's)
    assert type(a * 2) is torch.Tensor


def test_two_phase_end(media):
    """1 s of 8 kHz audio in chunks of 3000, 25 frames in chunks of 4: full
    chunks while both have one, then the short last ones, then None for the
    exhausted output, and the iteration ends."""
    r = StreamReader(media("tone.wav"))
    r.add_basic_audio_stream(3000)
    steps = [tuple(None if c is None else c.shape[0] for c in cs)
             for cs in r.stream()]
    assert steps == [(3000,), (3000,), (2000,)]

    r = StreamReader(media("video.mkv"))
    r.add_basic_video_stream(4)
    r.add_basic_video_stream(10, format="gray")
    steps = [tuple(None if c is None else c.shape[0] for c in cs)
             for cs in r.stream()]
    assert steps == [(4, 10), (4, 10), (4, 5), (4, None), (4, None),
                     (4, None), (1, None)]


def test_low_level_calls(media):
    r = StreamReader(media("tone.wav"))
    r.add_basic_audio_stream(1000)
    assert not r.is_buffer_ready()
    assert r.process_packet() in (0, 1)
    assert r.fill_buffer() == 0
    assert r.is_buffer_ready()
    (c,) = r.pop_chunks()
    assert c.shape == (1000, 2)
    r.process_all_packets()
    assert r.process_packet() == 1
    got = []
    while r.fill_buffer() == 0:
        (c,) = r.pop_chunks()
        got.append(c.shape[0])
    assert got == [1000] * 7
    assert r.pop_chunks() == [None]
    assert not r.is_buffer_ready()


def test_no_chunking_and_no_loss(media):
    """frames_per_chunk=-1 pops all decoded so far; buffer_chunk_size 1
    with two outputs loses nothing (the source waits, it never drops)."""
    r = StreamReader(media("tone.wav"))
    r.add_basic_audio_stream(-1)
    total = 0
    for (c,) in r.stream():
        assert c.ndim == 2 and c.shape[1] == 2
        total += c.shape[0]
    assert total == 8000

    r = StreamReader(media("video.mkv"))
    r.add_basic_video_stream(-1, format="gray")
    r.process_all_packets()
    (c,) = r.pop_chunks()
    assert (c.shape, c.dtype, c.pts) == ((25, 1, 48, 64), torch.uint8, 0.0)
    assert r.pop_chunks() == [None]

    r = StreamReader(media("av.mp4"))
    r.add_basic_audio_stream(100, 1)
    r.add_basic_video_stream(1, 1)
    r.add_basic_audio_stream(44100, -1)
    frames = [0, 0, 0]
    for cs in r.stream():
        for i, c in enumerate(cs):
            if c is not None:
                frames[i] += c.shape[0]
    assert frames[1] == 100
    assert frames[0] == frames[2] and frames[0] >= 4 * 44100


@pytest.mark.parametrize("mode,expected", [("precise", 2.52), ("key", 2.0),
                                           ("any", 2.0)])
def test_seek_modes(media, mode, expected):
    r = StreamReader(media("av.mp4"))
    r.add_basic_video_stream(1)
    r.seek(2.52, mode)
    (c,) = next(r.stream())
    assert c.pts == pytest.approx(expected, abs=1e-6)


def _collect(path, seek=None):
    r = StreamReader(path)
    r.add_basic_audio_stream(4410)
    r.add_basic_video_stream(5, format="gray")
    if seek is not None:
        r.seek(seek)
    return {(i, round(c.pts, 6)): arr(c).copy()
            for cs in r.stream() for i, c in enumerate(cs) if c is not None}


def test_seek_before_any_output(media):
    r = StreamReader(media("av.mp4"))
    r.seek(2.5, "key")
    r.add_basic_video_stream(5)
    (c,) = next(r.stream())
    assert c.pts == pytest.approx(2.0)


def test_precise_seek_video_matches_full_decode(media):
    full = _collect(media("av.mp4"))
    after = _collect(media("av.mp4"), 2.2)
    keys = [k for k in after if k[0] == 1]
    assert min(k[1] for k in keys) == pytest.approx(2.2)
    for key in keys:
        value, ref = after[key], full[key]
        assert value.shape == ref.shape
        d = np.abs(value.astype(int) - ref.astype(int))
        assert d.mean() <= 0.5 and d.max() <= 4


def test_precise_seek_audio_matches_full_decode(media):
    """AAC after seek(mode="precise"): every sample within the conformance
    tolerance of a full decode's (AAC without noise substitution: with it,
    the noise differs, as the ffmpeg CLI's own -ss decode does)."""
    full = _collect(media("av-nopns.mp4"))
    after = _collect(media("av-nopns.mp4"), 2.2)
    keys = [k for k in after if k[0] == 0]
    assert min(k[1] for k in keys) == pytest.approx(2.2)
    for key in keys:
        assert np.abs(after[key] - full[key]).max() <= 1e-4


def test_chunk_memory_outlives_the_rest(media):
    """A slice of a chunk kept while everything else goes, and 1000 more
    chunks pass: its memory is still the chunk's (mapped, not reused)."""
    r = StreamReader("testsrc2=size=64x48:rate=100:duration=12", format="lavfi")
    r.add_basic_video_stream(1)
    it = r.stream()
    (c,) = next(it)
    keep = c[0, 1, 10:20]
    expected = arr(keep).copy()
    assert views_element_memory(c)
    assert not views_element_memory(c.clone() if hasattr(c, "clone")
                                    else c.copy())
    del c
    n = 0
    for (c,) in it:
        n += 1
        if n == 1000:
            break
    assert n == 1000
    assert (arr(keep) == expected).all()


def test_add_and_remove_while_streaming(media):
    r = StreamReader(media("av.mp4"))
    r.add_basic_video_stream(5)
    r.add_basic_audio_stream(8820)
    it = r.stream()
    for _ in range(3):
        v, a = next(it)
    assert v.pts == pytest.approx(0.4) and a.pts == pytest.approx(0.4)
    r.add_basic_video_stream(5, format="gray")
    v, a, g = r.pop_chunks() if r.fill_buffer() == 0 else (None,) * 3
    # the outputs go on; the new one starts where the element was, on its
    # chunk grid (test_add_while_streaming.py)
    assert v.pts == pytest.approx(0.6) and a.pts == pytest.approx(0.6)
    assert g.pts >= 0.6 and g.shape == (5, 1, 240, 320)
    assert g.pts / 0.2 == pytest.approx(round(g.pts / 0.2))
    r.remove_stream(0)
    r.fill_buffer()
    a, g2 = r.pop_chunks()
    assert a.pts == pytest.approx(0.8)
    assert g2.pts == pytest.approx(g.pts + 0.2)
    # without any output the element stops; the next one goes on from
    # where the consumer was
    r.remove_stream(0)
    r.remove_stream(0)
    assert r.num_out_streams == 0
    r.add_basic_video_stream(5)
    (v,) = next(r.stream())
    assert v.pts == pytest.approx(g2.pts + 0.2)


def test_numpy_without_torch(media):
    """Without torch the chunks are numpy arrays with pts."""
    code = (
        "import sys; sys.modules['torch'] = None\n"
        "import numpy as np\n"
        "from tensorchunker import StreamReader, ChunkTensor\n"
        f"r = StreamReader({media('tone.wav')!r})\n"
        "r.add_basic_audio_stream(2000)\n"
        "(c,) = next(r.stream())\n"
        "assert isinstance(c, np.ndarray) and isinstance(c, ChunkTensor)\n"
        "assert c.shape == (2000, 2) and c.dtype == np.float32\n"
        "assert c.pts == 0.0\n"
        "print('numpy ok')\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True,
                         text=True, env=os.environ, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "numpy ok" in run.stdout


def test_seek_after_the_end(media):
    r = StreamReader(media("av.mp4"))
    r.add_basic_video_stream(5)
    assert sum(1 for _ in r.stream()) == 20
    r.seek(1.0)
    (c,) = next(r.stream())
    assert c.pts == pytest.approx(1.0) and c.shape[0] == 5
    assert sum(1 for _ in r.stream()) == 14      # 1.2 s to 4 s


def test_live_source_timeout_and_drops():
    """A live source that gives nothing within timeout raises RuntimeError;
    one whose consumer is too slow drops the oldest chunks in the element,
    and the module warns once."""
    r = StreamReader("testsrc=rate=1:size=32x24", format="lavfi", is_live=True)
    r.add_basic_video_stream(5)
    with pytest.raises(RuntimeError, match="200 ms"):
        r.process_packet(timeout=200)
    with pytest.raises(RuntimeError):
        r.seek(1.0)
    r.close()

    import time
    import warnings
    r = StreamReader("sine=sample_rate=8000", format="lavfi", is_live=True)
    r.add_basic_audio_stream(400, 1)
    r.fill_buffer()
    time.sleep(1.0)     # 20 chunks come meanwhile; 1 + the element's are held
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r.pop_chunks()
        r.fill_buffer()
        r.pop_chunks()
    assert r._outputs[0].pad.get_property("dropped") > 0
    assert [w.category for w in caught] == [RuntimeWarning]
    assert "dropped" in str(caught[0].message)


def _check_flat(samples, chunks, what):
    """The RSS after the warm-up neither grew by GROWTH_CHUNKS chunks nor
    rose faster than SLOPE_MIB_S (_rss.py says why those bounds)."""
    if samples[0][2] is None:
        pytest.skip("no /proc/self/status")
    after = [t for t, _, _ in samples if t >= _rss.WARMUP_S]
    assert len(after) >= 2 * _rss.END_SAMPLES, samples
    s = _rss.summary(samples, chunks)
    info = (f"{what}: {chunks} chunks in {s['seconds']:.0f} s "
            f"({s['rate']:.0f}/s); RSS after {_rss.WARMUP_S:.0f} s warm-up: "
            f"{s['start']:.1f} -> {s['end']:.1f} MiB (max {s['max']:.1f}), "
            f"slope {s['slope']:.3f} MiB/s; samples "
            f"{[round(m, 1) for _, _, m in samples]}")
    print(info)
    assert s["growth"] < _rss.GROWTH_CHUNKS * _rss.CHUNK_MIB, info
    assert s["slope"] < _rss.SLOPE_MIB_S, info


def test_rss_flat_with_1080p_chunks():
    """1080p chunks streamed for 60 s with the consumer keeping none (each
    6 MiB: one kept in 50 grows the RSS by about 1 GiB a minute here):
    once running, memory does not grow with the chunks."""
    samples, chunks = _rss.stream(60.0)
    _check_flat(samples, chunks, "torch chunks")


def test_rss_flat_with_numpy_chunks():
    """The same without torch (numpy arrays viewing the mapped buffers),
    in a subprocess, for 40 s."""
    run = subprocess.run(
        [sys.executable, "-c",
         "import runpy, sys; sys.modules['torch'] = None; "
         f"sys.argv = ['_rss.py', '40']; runpy.run_path({_rss.__file__!r}, "
         "run_name='__main__')"],
        capture_output=True, text=True, env=os.environ, timeout=300)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout.splitlines()[-1])
    _check_flat(out["samples"], out["chunks"], "numpy chunks")
