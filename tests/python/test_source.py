# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Opening sources, their description, and the errors bad input raises."""
import io
import subprocess

import pytest

from tensorchunker import (OutputAudioStream, OutputVideoStream,
                           SourceAudioStream, SourceVideoStream, StreamReader)


def test_source_info(media):
    r = StreamReader(media("av.mp4"))
    assert r.num_src_streams == 2
    assert r.num_out_streams == 0
    v = r.get_src_stream_info(r.default_video_stream)
    a = r.get_src_stream_info(r.default_audio_stream)
    assert isinstance(v, SourceVideoStream) and isinstance(a, SourceAudioStream)
    assert (v.media_type, v.codec, v.format) == ("video", "h264", "yuv420p")
    assert (v.width, v.height, v.frame_rate) == (320, 240, 25.0)
    assert isinstance(v.frame_rate, float) and isinstance(v.bit_rate, int)
    assert v.num_frames == 100
    assert (a.media_type, a.codec, a.format) == ("audio", "aac", "fltp")
    assert (a.sample_rate, a.num_channels) == (44100.0, 2)
    assert isinstance(a.metadata, dict)
    assert isinstance(r.get_metadata(), dict)
    # dataclasses: equal when their fields are
    assert StreamReader(media("av.mp4")).get_src_stream_info(0) == \
        r.get_src_stream_info(0)


def test_container_metadata(tmp_path):
    path = str(tmp_path / "tagged.mkv")
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f",
                    "lavfi", "-i", "sine=duration=0.5", "-metadata",
                    "title=A tone", "-metadata", "artist=tensorchunker",
                    path], check=True)
    got = StreamReader(path).get_metadata()
    # Matroska keeps the tags it knows in capitals, as FFmpeg reads them
    assert got["title"] == "A tone" and got["ARTIST"] == "tensorchunker"
    try:  # and what the seed says, where it is installed
        from torchaudio.io import StreamReader as Seed
    except Exception:  # noqa: BLE001
        return
    assert got == Seed(path).get_metadata()


def test_lavfi_source():
    r = StreamReader("sine=frequency=1000:sample_rate=16000:duration=0.5",
                     format="lavfi")
    assert r.num_src_streams == 1
    assert r.default_video_stream is None
    assert r.get_src_stream_info(0).sample_rate == 16000.0
    r.add_basic_audio_stream(4000)
    sizes = [c[0].shape[0] for c in r.stream()]
    assert sizes == [4000, 4000]


def test_source_info_matches_torchaudio(media, torchaudio_reader):
    ours = StreamReader(media("av.mp4"))
    theirs = torchaudio_reader(media("av.mp4"))
    assert ours.num_src_streams == theirs.num_src_streams
    assert ours.default_audio_stream == theirs.default_audio_stream
    assert ours.default_video_stream == theirs.default_video_stream
    for i in range(ours.num_src_streams):
        a, b = ours.get_src_stream_info(i), theirs.get_src_stream_info(i)
        for field in b.__dataclass_fields__:
            assert getattr(a, field) == getattr(b, field), (i, field)


@pytest.mark.parametrize("name", ["av.mp4", "av.ts"])
def test_bytes_and_file_objects(media, name):
    """bytes, a seekable file object and one without seek give the chunks
    the path gives (av.mp4 has its index at the end: it needs seeking)."""
    path = media(name)
    with open(path, "rb") as f:
        data = f.read()

    class Unseekable:
        def __init__(self, b):
            self.f = io.BytesIO(b)

        def read(self, n):
            return self.f.read(n)

    def run(src):
        r = StreamReader(src)
        r.add_basic_audio_stream(11025)
        r.add_basic_video_stream(25, format="gray")
        return [[None if c is None else (c.pts, c.numpy().copy()) for c in cs]
                for cs in r.stream()]

    expected = run(path)
    sources = [data, open(path, "rb")]
    if name.endswith(".ts"):
        sources.append(Unseekable(data))
    for src in sources:
        got = run(src)
        assert len(got) == len(expected), type(src)
        for cs, es in zip(got, expected):
            for c, e in zip(cs, es):
                assert (c is None) == (e is None)
                if c is not None:
                    assert c[0] == e[0]
                    assert (c[1] == e[1]).all()


def test_file_object_that_fails(media):
    class Failing:
        def read(self, n):
            raise OSError("the disk is on fire")
    with pytest.raises(RuntimeError, match="the disk is on fire"):
        StreamReader(Failing())
    with pytest.raises(TypeError):
        StreamReader(12345)


def test_bad_inputs(media, tmp_path):
    with pytest.raises(RuntimeError, match="nonexistent"):
        StreamReader(str(tmp_path / "nonexistent.mp4"))
    with pytest.raises(RuntimeError, match="no_such_option"):
        StreamReader(media("av.mp4"), option={"no_such_option": "1"})
    with pytest.raises(RuntimeError):
        StreamReader(media("av.mp4"), format="no_such_format")
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(RuntimeError):
        StreamReader(str(garbage))

    r = StreamReader(media("video.mkv"))
    with pytest.raises(RuntimeError, match="index out of range"):
        r.get_src_stream_info(5)
    with pytest.raises(RuntimeError, match="There is no audio stream"):
        r.add_basic_audio_stream(100)
    with pytest.raises(RuntimeError, match="index out of range"):
        r.add_basic_video_stream(1, stream_index=3)
    for fpc in (0, -2):
        with pytest.raises(ValueError, match="frames_per_chunk"):
            r.add_basic_video_stream(fpc)
    with pytest.raises(ValueError, match="buffer_chunk_size"):
        r.add_basic_video_stream(1, 0)
    with pytest.raises(RuntimeError, match="hw_accel"):
        r.add_basic_video_stream(1, hw_accel="cuda:0")
    with pytest.raises(NotImplementedError):
        r.add_video_stream(1, hw_accel="cuda")
    with pytest.raises(ValueError, match="width=100000"):
        r.add_basic_video_stream(1, width=100000)
    # FFmpeg's scale keeps the aspect with -1; the element's height does not
    with pytest.raises(ValueError, match="height=-1"):
        r.add_basic_video_stream(1, width=32, height=-1)
    assert r.num_out_streams == 0
    with pytest.raises(RuntimeError, match="No output stream"):
        next(r.stream())
    with pytest.raises(RuntimeError, match="index out of range"):
        r.get_out_stream_info(0)
    with pytest.raises(RuntimeError, match="index out of range"):
        r.remove_stream(0)

    r = StreamReader(media("av.mp4"))
    with pytest.raises(RuntimeError, match="not audio"):
        r.add_basic_audio_stream(100, stream_index=r.default_video_stream)
    with pytest.raises(ValueError, match="sample_rate=-5"):
        r.add_basic_audio_stream(100, sample_rate=-5)
    with pytest.raises(ValueError, match="num_channels=1000"):
        r.add_basic_audio_stream(100, num_channels=1000)
    r.add_basic_video_stream(1)
    with pytest.raises(ValueError, match="mode"):
        r.seek(1.0, "nearest")
    with pytest.raises(RuntimeError, match="non-negative"):
        r.seek(-1.0)


def test_bad_filter_and_decoder(media):
    """Errors the element finds when the outputs start come from the first
    call that starts them, with the element's message."""
    r = StreamReader(media("av.mp4"))
    r.add_video_stream(1, filter_desc="no_such_filter=1")
    with pytest.raises(RuntimeError, match="no_such_filter"):
        r.fill_buffer()
    r = StreamReader(media("av.mp4"))
    r.add_basic_audio_stream(1024, decoder="no_such_decoder")
    with pytest.raises(RuntimeError, match="no_such_decoder"):
        r.fill_buffer()


def test_hop(media):
    """hop= is passed to the element's `hop` pad property; an element
    without it says so."""
    r = StreamReader(media("tone.wav"))
    from tensorchunker._gst import GObject
    gtype = r._tc.get_pad_template("audio_%u").get_property("gtype")
    has_hop = "hop" in (p.name for p in GObject.list_properties(gtype))
    with pytest.raises(ValueError, match="hop"):
        r.add_basic_audio_stream(4000, hop=0)
    with pytest.raises(ValueError, match="hop"):
        r.add_basic_audio_stream(-1, hop=100)
    if not has_hop:
        with pytest.raises(NotImplementedError, match="hop"):
            r.add_basic_audio_stream(4000, hop=2000)
        return
    r.add_basic_audio_stream(4000, hop=2000)
    chunks = [c[0] for c in r.stream()]
    assert [round(c.pts, 6) for c in chunks[:3]] == [0.0, 0.25, 0.5]
    assert (chunks[0].numpy()[2000:] == chunks[1].numpy()[:2000]).all()


def test_out_stream_info(media):
    r = StreamReader(media("av.mp4"))
    r.add_basic_audio_stream(8000, sample_rate=8000, num_channels=1)
    r.add_basic_video_stream(1, frame_rate=5, width=160, height=120,
                             format="gray")
    r.add_video_stream(2, filter_desc="hflip,format=pix_fmts=bgr24")
    a, v, f = (r.get_out_stream_info(i) for i in range(3))
    assert isinstance(a, OutputAudioStream)
    assert (a.source_index, a.media_type, a.format) == (1, "audio", "fltp")
    assert (a.sample_rate, a.num_channels) == (8000.0, 1)
    assert "aresample=8000" in a.filter_description
    assert isinstance(v, OutputVideoStream)
    assert (v.source_index, v.width, v.height, v.frame_rate, v.format) == \
        (0, 160, 120, 5.0, "gray")
    assert f.filter_description.startswith("hflip")
    assert (f.format, f.width, f.height) == ("bgr24", 320, 240)


def test_other_media_types(tmp_path, request):
    """A subtitle stream is a SourceStream whose media fields are None."""
    import subprocess
    srt = tmp_path / "s.srt"
    srt.write_text("1\n00:00:00,000 --> 00:00:01,000\nhello\n")
    mkv = tmp_path / "sub.mkv"
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f",
                    "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=2",
                    "-i", str(srt), "-c:v", "ffv1", "-c:s", "srt", str(mkv)],
                   check=True)
    r = StreamReader(str(mkv))
    sub = r.get_src_stream_info(1)
    assert type(sub).__name__ == "SourceStream"
    assert (sub.media_type, sub.codec) == ("subtitle", "subrip")
    assert sub.format is sub.bit_rate is sub.num_frames is None
    assert sub.bits_per_sample is None
    assert r.default_audio_stream is None and r.default_video_stream == 0
    try:
        theirs = request.getfixturevalue("torchaudio_reader")(str(mkv))
    except pytest.skip.Exception:
        return
    for i in range(2):
        a, b = r.get_src_stream_info(i), theirs.get_src_stream_info(i)
        for field in b.__dataclass_fields__:
            assert getattr(a, field) == getattr(b, field), (i, field)


def test_silent_server_does_not_hang():
    """A server that accepts and never answers: the FFmpeg option
    rw_timeout (microseconds) ends the open with a RuntimeError."""
    import socket
    import threading
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    conns = []
    threading.Thread(target=lambda: [conns.append(srv.accept())
                                     for _ in range(4)], daemon=True).start()
    port = srv.getsockname()[1]
    with pytest.raises(RuntimeError, match="timed out"):
        StreamReader(f"http://127.0.0.1:{port}/x.mp4",
                     option={"rw_timeout": "500000"})
    srv.close()
