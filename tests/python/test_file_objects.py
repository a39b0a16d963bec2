# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""File-like objects: one that seeks is read at random (appsrc in
random-access mode, answering seek-data), so an MP4 with its index at the
end opens and seek() works; one that does not is read as a stream, and
seek() on it is a clear error."""
import io
import struct

import numpy as np
import pytest

from tensorchunker import StreamReader
from tensorchunker._gst import GstApp


def top_level_atoms(data):
    """The names of an MP4's top-level boxes, in file order."""
    names, pos = [], 0
    while pos + 8 <= len(data):
        size, name = struct.unpack(">I4s", data[pos:pos + 8])
        if size == 1:
            size = struct.unpack(">Q", data[pos + 8:pos + 16])[0]
        names.append(name.decode("latin-1"))
        if size < 8:
            break
        pos += size
    return names


class Unseekable:
    """read() only, as a pipe or a socket gives."""

    def __init__(self, data):
        self.f = io.BytesIO(data)

    def read(self, n):
        return self.f.read(n)


class NotSeekable(Unseekable):
    """seek() and tell() that exist, and seekable() that says no."""

    def seek(self, offset, whence=io.SEEK_SET):
        return self.f.seek(offset, whence)

    def tell(self):
        return self.f.tell()

    def seekable(self):
        return False


def read(src, seeks=(), n=None):
    """The chunks of an audio and a video output, [(pts, array)...] each,
    after each (seconds, mode) of @seeks in turn (n steps after each but
    the last, all after the last)."""
    r = StreamReader(src)
    r.add_basic_audio_stream(11025)
    r.add_basic_video_stream(10, format="gray", width=160, height=120)
    out = []
    for k, (t, mode) in enumerate(seeks or [(None, None)]):
        if t is not None:
            r.seek(t, mode)
        it = r.stream()
        last = k == len(seeks or [None]) - 1
        for step, chunks in enumerate(it):
            out.append([None if c is None else (c.pts, np.array(c))
                        for c in chunks])
            if not last and step + 1 == n:
                break
    r.close()
    return out


def assert_same(got, expected):
    assert len(got) == len(expected)
    for cs, es in zip(got, expected):
        for c, e in zip(cs, es):
            assert (c is None) == (e is None)
            if c is not None:
                assert c[0] == pytest.approx(e[0], abs=1e-9)
                assert c[1].shape == e[1].shape and (c[1] == e[1]).all()


@pytest.fixture
def moov_at_end(media):
    """av.mp4's bytes: ffmpeg's default MP4, its index (moov) after the
    media data (mdat)."""
    with open(media("av.mp4"), "rb") as f:
        data = f.read()
    atoms = top_level_atoms(data)
    assert atoms.index("moov") > atoms.index("mdat"), atoms
    return data


@pytest.mark.parametrize("mode", ["precise", "key"])
def test_seekable_object_seeks(media, moov_at_end, mode):
    """A BytesIO gives the path's chunks after seeks, back and forth."""
    seeks = [(2.3, mode), (0.5, mode), (3.1, mode)]
    expected = read(media("av.mp4"), seeks, n=2)
    assert expected[0][0][0] >= (2.3 if mode == "precise" else 1.9) - 1e-6
    assert_same(read(io.BytesIO(moov_at_end), seeks, n=2), expected)


def test_seekable_object_is_read_at_random(moov_at_end):
    r = StreamReader(io.BytesIO(moov_at_end))
    assert r._appsrc.get_property("stream-type") == \
        GstApp.AppStreamType.RANDOM_ACCESS
    assert r._appsrc.get_property("size") == len(moov_at_end)


def test_seekable_object_not_at_its_start(media, moov_at_end):
    """The object is read from where it stood when given, as torchaudio
    reads it."""
    f = io.BytesIO(b"\0" * 1000 + moov_at_end)
    f.seek(1000)
    assert_same(read(f, [(1.0, "precise")]),
                read(media("av.mp4"), [(1.0, "precise")]))


def test_unseekable_moov_at_end_fails_clearly(moov_at_end):
    """An MP4 with its index at the end cannot be read without seeking:
    the element says so, and how to make one that can."""
    with pytest.raises(RuntimeError, match="seekable input.*faststart"):
        read(Unseekable(moov_at_end))


@pytest.mark.parametrize("wrapper", [Unseekable, NotSeekable])
def test_unseekable_object_streams_and_refuses_seek(media, wrapper):
    """An MP4 with its index first plays as a stream; seek() on it raises a
    RuntimeError that says why, and the reader goes on."""
    path = media("av-10s-faststart.mp4")
    with open(path, "rb") as f:
        data = f.read()
    atoms = top_level_atoms(data)
    assert atoms.index("moov") < atoms.index("mdat"), atoms
    assert_same(read(wrapper(data)), read(path))

    r = StreamReader(wrapper(data))
    assert r._appsrc.get_property("stream-type") == \
        GstApp.AppStreamType.STREAM
    r.add_basic_audio_stream(11025)
    it = r.stream()
    (a,) = next(it)
    with pytest.raises(RuntimeError, match="without a working seek.*cannot "
                       "seek"):
        r.seek(1.0)
    with pytest.raises(RuntimeError, match="cannot seek"):
        r.seek(1.0, "key")
    assert [c[0].pts for c in it][0] == pytest.approx(a.pts + 0.25)
