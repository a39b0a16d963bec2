# tensorchunker: torchaudio's StreamReader over the tensorchunker element
# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""StreamReader: torchaudio 2.x's Media Stream API on the tensorchunker
GStreamer element.  All media work (opening, decoding, filtering,
chunking, seeking) is the element's; this module builds the pipeline
(an optional appsrc, tensorchunker, one appsink per output), maps its
properties and hands the chunk buffers over as tensors without a copy.

The pipeline:
  [appsrc (file-like / bytes) !] tensorchunker name=t
      t.audio_0 ! appsink   t.video_0 ! appsink   ...

Its life: a location opens in READY when the reader is made (the source
streams are known then); a byte source is probed in PAUSED and brought
back to READY.  Outputs are the element's request pads, asked for in
READY before streaming, and while PLAYING after (the element starts them
at the position its running outputs reached).  The first call that needs
chunks (or an output's info) sets PLAYING; the appsinks do not sync to the
clock, so a non-live source runs as fast as the consumer pops.
"""
from __future__ import annotations  # ChunkTensor comes with torch, later

import atexit
import fractions
import io
import os
import re
import threading
import time
import warnings
import weakref
from typing import TYPE_CHECKING, Dict, Iterator, List, Optional, Tuple

from . import _chunk
from ._bytesource import ByteSource
from ._gst import GObject, Gst, make_element
from ._info import (OutputAudioStream, OutputStream, OutputVideoStream,
                    SourceAudioStream, SourceStream, SourceVideoStream)
from ._output import Output, Shared

if TYPE_CHECKING:
    from ._chunk import ChunkTensor

__all__ = ["StreamReader"]

# How long a state change may take before the reader gives up: opening a
# network source is bounded by the element's own `timeout` option.
_STATE_TIMEOUT = 60.0
# While an output joins the running element: how long the element may take
# to reach its next step before a full output is let take one more chunk.
_JOIN_NUDGE = 0.02


def _structure_dict(s):
    if s is None:
        return {}
    return {s.nth_field_name(i): str(s.get_value(s.nth_field_name(i)))
            for i in range(s.n_fields())}


def _options(what, option):
    """A dict of options as the GstStructure the element takes."""
    if option is None:
        return None
    if not isinstance(option, dict):
        raise TypeError(f"{what} must be a dict of str to str, got "
                        f"{type(option).__name__}")
    s = Gst.Structure.new_empty("options")
    for k, v in option.items():
        s.set_value(str(k), str(v))
    return s


def _fraction(value):
    f = fractions.Fraction(value).limit_denominator(1001000)
    return Gst.Fraction(f.numerator, f.denominator)


def _field(s, name, default=None):
    return s.get_value(name) if s.has_field(name) else default


def _source_info(s):
    media_type = _field(s, "media-type", "")
    common = dict(media_type=media_type, codec=_field(s, "codec", ""),
                  codec_long_name=_field(s, "codec-long-name", ""),
                  metadata=_structure_dict(_field(s, "metadata")))
    if media_type not in ("audio", "video"):
        return SourceStream(format=None, bit_rate=None, num_frames=None,
                            bits_per_sample=None, **common)
    common.update(format=_field(s, "format"),
                  bit_rate=int(_field(s, "bit-rate", 0)),
                  num_frames=int(_field(s, "num-frames", 0)),
                  bits_per_sample=int(_field(s, "bits-per-sample", 0)))
    if media_type == "audio":
        return SourceAudioStream(sample_rate=float(_field(s, "sample-rate", 0)),
                                 num_channels=int(_field(s, "channels", 0)),
                                 **common)
    fr = _field(s, "frame-rate")
    rate = fr.num / fr.denom if fr is not None and fr.denom else 0.0
    return SourceVideoStream(width=int(_field(s, "width", 0)),
                             height=int(_field(s, "height", 0)),
                             frame_rate=rate, **common)


# The last format conversion of a filter chain: what its frames come out
# as (aformat=sample_fmts=s16 / aformat=s16, format=pix_fmts=gray /
# format=gray; the first of a |-list).
_FORMAT_FILTER = {
    "audio": re.compile(r"(?:^|,)\s*aformat=(?:sample_fmts=)?([a-z0-9]+)"),
    "video": re.compile(r"(?:^|,)\s*format=(?:pix_fmts=)?([a-z0-9]+)"),
}
# The arguments the pad properties come from, for error messages.
_ARGUMENTS = {"sample-rate": "sample_rate", "channels": "num_channels",
              "frames-per-chunk": "frames_per_chunk",
              "buffer-chunk-size": "buffer_chunk_size",
              "stream-index": "stream_index"}
# Decoders' formats the element takes under another name.
_FORMAT_ALIASES = {"yuvj420p": "yuv420p", "yuvj444p": "yuv444p"}


def _check_chunking(frames_per_chunk, buffer_chunk_size):
    for name, v in (("frames_per_chunk", frames_per_chunk),
                    ("buffer_chunk_size", buffer_chunk_size)):
        if not isinstance(v, int) or isinstance(v, bool):
            raise TypeError(f"{name} must be an int, got {type(v).__name__}")
        if v == 0 or v < -1:
            raise ValueError(f"{name} must be positive, or -1, got {v}")


class StreamReader:
    """Reads a media source chunk by chunk: torchaudio's
    `torchaudio.io.StreamReader`, on the tensorchunker element.

    Args:
        src: what to read: a path, URL, device name or lavfi graph (str or
            os.PathLike), encoded media in `bytes`, or a file-like object
            with `read(size)` and, optionally, `seek(offset, whence)`.
            With `seek` the element reads it at random (every format
            works); without, as a stream (formats that need seeking, such
            as an MP4 with its index at the end, fail).
        format: the input format or device, as ffmpeg's `-f` (`"lavfi"`,
            `"s16le"`, `"x11grab"`, `"pulse"` ...).  None probes.
        option: options of the format, protocol or device (str to str), as
            ffmpeg's input options.  An option nobody uses is a RuntimeError
            that names it.
        buffer_size: bytes read from a file-like object at a time when it
            is read as a stream (random access reads what the element asks).
        is_live: read the source as live (beyond torchaudio): chunks are
            timed by the clock, and a consumer too slow makes the element
            drop the oldest chunks, counted and warned about.  Capture
            devices always are.

    Raises:
        RuntimeError: the source cannot be opened (the element's message).
    """

    def __init__(self, src, format: Optional[str] = None,
                 option: Optional[Dict[str, str]] = None,
                 buffer_size: int = 4096, *, is_live: bool = False):
        self.src = src
        self._shared = Shared(threading.Condition())
        self._outputs: List[Output] = []
        self._running = False
        self._live = False
        self._popped_since_seek = False
        self._seek = None          # (seconds, mode) of the last seek
        self._resume_after = None  # where the last output removed was
        self._warned_drop = False
        self._pipeline = Gst.Pipeline.new(None)
        self._bus = self._pipeline.get_bus()
        self._bus.set_sync_handler(_bus_handler(self._shared))
        self._tc = make_element("tensorchunker")
        self._pipeline.add(self._tc)
        if format is not None:
            self._tc.set_property("format", format)
        if option is not None:
            self._tc.set_property("options", _options("option", option))
        if is_live:
            self._tc.set_property("is-live", True)

        self._bytes = None
        if isinstance(src, (bytes, bytearray, memoryview)):
            self._bytes = ByteSource(io.BytesIO(bytes(src)), buffer_size)
        elif hasattr(src, "read"):
            self._bytes = ByteSource(src, buffer_size)
        else:
            self._tc.set_property("location", os.fspath(src))
        _READERS.add(self)
        try:
            self._open()
        except BaseException:
            self._teardown()
            raise

    # ---- opening ---------------------------------------------------------
    def _open(self):
        if self._bytes is None:
            if self._pipeline.set_state(Gst.State.READY) == \
                    Gst.StateChangeReturn.FAILURE:
                self._raise_error("could not open the source")
            self._read_source_info()
        else:
            self._probe_bytes()

    def _read_source_info(self):
        """While the source is open (a byte source closes in READY)."""
        tc = self._tc
        self._src_infos = [_source_info(s)
                           for s in tc.get_property("source-streams")]
        a = tc.get_property("default-audio-stream")
        v = tc.get_property("default-video-stream")
        self._default_audio_stream = None if a < 0 else a
        self._default_video_stream = None if v < 0 else v

    def _probe_bytes(self):
        """Opens a byte source once to learn its streams, then goes back to
        READY: pads can only be requested there.  A stream (push mode)
        opens in the streaming thread, which starts only with an output:
        a throwaway audio pad into a fakesink (its own error, when the
        source has no audio, comes after the open and is ignored)."""
        appsrc = self._bytes.make()
        self._pipeline.add(appsrc)
        appsrc.link(self._tc)
        self._appsrc = appsrc
        opened = threading.Event()
        hid = self._tc.connect("notify::source-streams",
                               lambda *a: opened.set())
        probe_pad = sink = None
        if not self._bytes.seekable:
            probe_pad = self._tc.request_pad_simple("audio_%u")
            sink = make_element("fakesink")
            self._pipeline.add(sink)
            probe_pad.link(sink.get_static_pad("sink"))
        self._bytes.begin_run(recording=not self._bytes.seekable)
        try:
            ret = self._pipeline.set_state(Gst.State.PAUSED)
            deadline = time.monotonic() + _STATE_TIMEOUT
            while (ret != Gst.StateChangeReturn.FAILURE
                   and not opened.is_set() and self._shared.error is None):
                if time.monotonic() > deadline or self._check_bytes_error():
                    break
                opened.wait(0.01)
            if not opened.is_set() and not self._tc.get_property("source-streams"):
                self._raise_error("could not open the source")
            self._read_source_info()
        finally:
            self._tc.disconnect(hid)
            self._set_state_down(Gst.State.READY)
            if probe_pad is not None:
                probe_pad.unlink(sink.get_static_pad("sink"))
                self._tc.release_request_pad(probe_pad)
                sink.set_state(Gst.State.NULL)
                self._pipeline.remove(sink)
            with self._shared.cond:
                if getattr(self, "_src_infos", None):
                    self._shared.error = None  # the probe pad's own

    def _check_bytes_error(self):
        if self._bytes.error is not None:
            raise RuntimeError(f"reading the file-like object failed: "
                               f"{self._bytes.error}") from self._bytes.error
        return False

    def _raise_error(self, what):
        """Raises the first error the element posted (consumed), or @what;
        a failure of the file-like object itself comes first: it is what
        the element's error is about."""
        with self._shared.cond:
            msg, self._shared.error = self._shared.error, None
        if self._bytes is not None and self._bytes.error is not None:
            raise RuntimeError(f"reading the file-like object failed: "
                               f"{self._bytes.error}") from self._bytes.error
        raise RuntimeError(msg or what)

    # ---- source information ----------------------------------------------
    @property
    def num_src_streams(self) -> int:
        """The number of streams in the source."""
        return len(self._src_infos)

    @property
    def num_out_streams(self) -> int:
        """The number of outputs configured."""
        return len(self._outputs)

    @property
    def default_audio_stream(self) -> Optional[int]:
        """FFmpeg's best audio stream of the source, None when it has none."""
        return self._default_audio_stream

    @property
    def default_video_stream(self) -> Optional[int]:
        """FFmpeg's best video stream of the source, None when it has none."""
        return self._default_video_stream

    def get_metadata(self) -> Dict[str, str]:
        """The source's (container's) metadata, as FFmpeg reads it (each
        stream's is in get_src_stream_info)."""
        return _structure_dict(self._tc.get_property("metadata"))

    def get_src_stream_info(self, i: int) -> SourceStream:
        """The description of source stream @i: a SourceAudioStream, a
        SourceVideoStream, or a SourceStream for other media types.

        Raises:
            RuntimeError: @i is out of range (as torchaudio)."""
        if not 0 <= i < len(self._src_infos):
            raise RuntimeError(f"Source stream index out of range: {i} (the "
                               f"source has {len(self._src_infos)} streams)")
        return self._src_infos[i]

    def get_out_stream_info(self, i: int) -> OutputStream:
        """The description of output @i: an OutputAudioStream or an
        OutputVideoStream, with the exact filter chain the element runs.

        The element resolves it when the outputs start, so the first call
        starts streaming."""
        out = self._output(i)
        self._start()
        caps = self._wait_caps(out)
        s = caps.get_structure(0) if caps is not None else None
        common = dict(source_index=out.pad.get_property("source-index"),
                      filter_description=out.pad.get_property(
                          "filter-description") or "",
                      media_type=out.kind,
                      format=(_field(s, "format") if s else None) or out.format)
        if out.kind == "audio":
            return OutputAudioStream(
                sample_rate=float(_field(s, "rate", 0)) if s else 0.0,
                num_channels=int(_field(s, "channels", 0)) if s else 0,
                **common)
        fr = _field(s, "frame-rate") if s else None
        return OutputVideoStream(
            width=int(_field(s, "width", 0)) if s else 0,
            height=int(_field(s, "height", 0)) if s else 0,
            frame_rate=fr.num / fr.denom if fr is not None and fr.denom else 0.0,
            **common)

    def _wait_caps(self, out):
        sinkpad = out.sink.get_static_pad("sink")
        deadline = time.monotonic() + _STATE_TIMEOUT
        with self._shared.cond:
            while True:
                caps = sinkpad.get_current_caps()
                if caps is not None or out.eos or time.monotonic() > deadline:
                    return caps
                self._check_error_locked()
                self._shared.cond.wait(0.005)

    def _output(self, i):
        if not isinstance(i, int) or not 0 <= i < len(self._outputs):
            raise RuntimeError(f"Output stream index out of range: {i} "
                               f"({len(self._outputs)} outputs)")
        return self._outputs[i]

    # ---- outputs ---------------------------------------------------------
    def add_basic_audio_stream(
            self, frames_per_chunk: int, buffer_chunk_size: int = 3, *,
            stream_index: Optional[int] = None, decoder: Optional[str] = None,
            decoder_option: Optional[Dict[str, str]] = None,
            format: Optional[str] = "fltp", sample_rate: Optional[int] = None,
            num_channels: Optional[int] = None, hop: Optional[int] = None):
        """Adds an audio output: chunks of @frames_per_chunk frames,
        (frames, channels).

        Args:
            frames_per_chunk: frames in each chunk; -1: no chunking, a pop
                returns all frames decoded since the previous one.
            buffer_chunk_size: chunks held for this output before the
                source waits for the consumer (nothing is dropped unless the
                source is live); -1: unlimited.
            stream_index: the source stream; None: default_audio_stream.
            decoder, decoder_option: a decoder to use instead of the
                stream's default, and its options (str to str).
            format: the sample format: "u8p", "s16p", "s32p", "s64p",
                "fltp", "dblp" (or their packed names), giving uint8,
                int16, int32, int64, float32, float64.  None: the source's.
            sample_rate: resample to this rate.  None: the source's.
            num_channels: remix to this many channels.  None: the source's.
            hop: frames between the starts of consecutive chunks (beyond
                torchaudio): less than frames_per_chunk gives overlapping
                windows.  None: frames_per_chunk.
        """
        props = {}
        if sample_rate is not None:
            props["sample-rate"] = int(sample_rate)
        if num_channels is not None:
            props["channels"] = int(num_channels)
        self._add("audio", frames_per_chunk, buffer_chunk_size, stream_index,
                  decoder, decoder_option, None, format, props, hop, None)

    def add_basic_video_stream(
            self, frames_per_chunk: int, buffer_chunk_size: int = 3, *,
            stream_index: Optional[int] = None, decoder: Optional[str] = None,
            decoder_option: Optional[Dict[str, str]] = None,
            format: Optional[str] = "rgb24",
            frame_rate: Optional[int] = None, width: Optional[int] = None,
            height: Optional[int] = None, hw_accel: Optional[str] = None,
            hop: Optional[int] = None):
        """Adds a video output: chunks of @frames_per_chunk frames,
        (frames, channels, height, width).

        Args:
            frames_per_chunk, buffer_chunk_size, stream_index, decoder,
            decoder_option, hop: as add_basic_audio_stream (stream_index
                None: default_video_stream).
            format: the pixel format: "rgb24", "bgr24", "yuv420p" (chroma
                upsampled, 3 channels), "gray" ...  None: the source's.
            frame_rate: frames per second, by dropping or duplicating
                frames.  None: the source's.
            width, height: scale to this size.  None: the source's.
            hw_accel: None or "cpu".  GPU decoding is not built: anything
                else raises NotImplementedError (a RuntimeError).
        """
        props = {}
        if frame_rate is not None:
            props["frame-rate"] = _fraction(frame_rate)
        if width is not None:
            props["width"] = int(width)
        if height is not None:
            props["height"] = int(height)
        self._add("video", frames_per_chunk, buffer_chunk_size, stream_index,
                  decoder, decoder_option, None, format, props, hop, hw_accel)

    def add_audio_stream(
            self, frames_per_chunk: int, buffer_chunk_size: int = 3, *,
            stream_index: Optional[int] = None, decoder: Optional[str] = None,
            decoder_option: Optional[Dict[str, str]] = None,
            filter_desc: Optional[str] = None, hop: Optional[int] = None):
        """Adds an audio output through the libavfilter chain @filter_desc
        (e.g. "aresample=8000,aformat=sample_fmts=s16p"); the other
        arguments as add_basic_audio_stream.  The chunks' format is the
        chain's last `aformat`, or the source's."""
        fmt = self._filter_format("audio", filter_desc)
        self._add("audio", frames_per_chunk, buffer_chunk_size, stream_index,
                  decoder, decoder_option, filter_desc, fmt, {}, hop, None)

    def add_video_stream(
            self, frames_per_chunk: int, buffer_chunk_size: int = 3, *,
            stream_index: Optional[int] = None, decoder: Optional[str] = None,
            decoder_option: Optional[Dict[str, str]] = None,
            filter_desc: Optional[str] = None, hw_accel: Optional[str] = None,
            hop: Optional[int] = None):
        """Adds a video output through the libavfilter chain @filter_desc
        (e.g. "fps=5,scale=320:240,format=pix_fmts=gray"); the other
        arguments as add_basic_video_stream.  The chunks' format is the
        chain's last `format`, or the source's."""
        fmt = self._filter_format("video", filter_desc)
        self._add("video", frames_per_chunk, buffer_chunk_size, stream_index,
                  decoder, decoder_option, filter_desc, fmt, {}, hop, hw_accel)

    @staticmethod
    def _filter_format(kind, filter_desc):
        if not filter_desc:
            return None
        found = _FORMAT_FILTER[kind].findall(filter_desc)
        return found[-1] if found else None

    def _resolve_stream(self, kind, stream_index):
        if stream_index is None:
            i = (self._default_audio_stream if kind == "audio"
                 else self._default_video_stream)
            if i is None:
                raise RuntimeError(f"There is no {kind} stream.")
            return i
        info = self.get_src_stream_info(stream_index)
        if info.media_type != kind:
            raise RuntimeError(f"Stream {stream_index} is not {kind} stream "
                               f"(it is {info.media_type or 'unknown'}).")
        return stream_index

    def _add(self, kind, frames_per_chunk, buffer_chunk_size, stream_index,
             decoder, decoder_option, filter_desc, fmt, props, hop, hw_accel):
        _check_chunking(frames_per_chunk, buffer_chunk_size)
        if hw_accel not in (None, "cpu"):
            raise NotImplementedError(
                f"hw_accel={hw_accel!r}: tensorchunker has no GPU decoding; "
                "frames are decoded to CPU memory (use hw_accel=None)")
        if hop is not None and frames_per_chunk < 0:
            raise ValueError("hop= needs chunks: frames_per_chunk=-1 has none")
        index = self._resolve_stream(kind, stream_index)
        if fmt is None:
            fmt = self._src_infos[index].format
            fmt = _FORMAT_ALIASES.get(fmt, fmt)
        props = dict(props)
        props["stream-index"] = index
        # -1 (no chunking): the element chunks small, pop concatenates
        props["frames-per-chunk"] = (frames_per_chunk if frames_per_chunk > 0
                                     else (1024 if kind == "audio" else 1))
        # The output's buffer_chunk_size chunks wait in the element's own
        # queue, where its threads need no GIL: a Python thread that holds
        # it (importing torch, a training step) holds decoding up only
        # once they are all full.  The Output's queue holds the one handed
        # over next.  -1 (no chunking) or unlimited: the Output's queue
        # collects what the element's single chunk hands over.
        chunked = frames_per_chunk > 0 and buffer_chunk_size > 0
        props["buffer-chunk-size"] = buffer_chunk_size if chunked else 1
        if fmt is not None:
            props["format"] = fmt
        if decoder is not None:
            props["decoder"] = decoder
        if decoder_option:
            props["decoder-options"] = _options("decoder_option", decoder_option)
        if filter_desc:
            props["filter"] = filter_desc
        self._check_hop(kind, hop, props)
        self._check_ranges(kind, props)

        out = Output(self._shared, kind, frames_per_chunk,
                     1 if chunked else buffer_chunk_size)
        out.format = fmt
        if self._running:
            self._add_running(out, kind, props)
            return
        resume, self._resume_after = self._resume_after, None
        self._request(out, kind, props, running=False)
        self._outputs.append(out)
        self._resume(resume)

    def _request(self, out, kind, props, running):
        """Requests the output's pad, sets @props on it and links it to
        the output's appsink (brought to the pipeline's state first when
        @running)."""
        pad = self._tc.request_pad_simple(f"{kind}_%u")
        if pad is None:
            raise RuntimeError(f"the element refused a new {kind} pad")
        try:
            for name, value in props.items():
                pad.set_property(name, value)
            out.attach(self._pipeline, pad, running=running)
        except BaseException:
            self._tc.release_request_pad(pad)
            raise

    def _add_running(self, out, kind, props):
        """Adds an output to the running element: the pad is requested
        and linked while PLAYING, and the element starts it at the position
        its running outputs reached, which go on untouched.  It says so by
        posting the stream collection again, or, when the output's settings
        cannot work, by a WARNING naming the pad: raised here, as torchaudio
        raises a bad output at once."""
        shared = self._shared
        with shared.cond:
            collections = shared.collections
        self._request(out, kind, props, running=True)
        self._outputs.append(out)
        failure = self._wait_joined(out, collections)
        if failure is not None:
            out.detach(self._pipeline, self._tc)
            self._outputs.remove(out)
            raise RuntimeError(failure)

    def _wait_joined(self, out, collections):
        """Waits until the element started @out (a stream collection posted
        after @collections) or refused it; returns the refusal's message.

        The element starts it before its next step, which a running output
        whose queue is full may hold up: the wait then lets one chunk in
        at a time, _JOIN_NUDGE apart, so the element goes no further than
        that step needs (it starts the output where it is then)."""
        prefix = f"Pad {out.pad.get_name()}:"
        shared = self._shared
        deadline = time.monotonic() + _STATE_TIMEOUT
        with shared.cond:
            arrivals, nudged = shared.arrivals, time.monotonic()
            try:
                while True:
                    # the refusal is posted before the output's EOS
                    refused = [m for m in shared.warnings
                               if m.startswith(prefix)]
                    if refused:
                        shared.warnings.remove(refused[0])
                        return refused[0]
                    now = time.monotonic()
                    if (shared.collections != collections or out.eos
                            or now >= deadline):
                        return None
                    self._check_error_locked()
                    if shared.arrivals != arrivals:
                        arrivals, nudged = shared.arrivals, now
                        shared.consumer_waiting = False
                    elif now - nudged >= _JOIN_NUDGE:
                        nudged = now
                        shared.consumer_waiting = True
                        shared.cond.notify_all()
                    shared.cond.wait(0.002)
            finally:
                shared.consumer_waiting = False

    def _check_hop(self, kind, hop, props):
        if hop is None:
            return
        if not isinstance(hop, int) or isinstance(hop, bool) or hop < 1:
            raise ValueError(f"hop must be a positive int, got {hop!r}")
        gtype = self._tc.get_pad_template(f"{kind}_%u").get_property("gtype")
        if "hop" not in (p.name for p in GObject.list_properties(gtype)):
            raise NotImplementedError(
                "hop=: this tensorchunker element has no `hop` pad property "
                "yet (overlapping or skipping windows need it)")
        props["hop"] = hop

    def _check_ranges(self, kind, props):
        """ValueError for an integer the pad's property cannot take:
        PyGObject would only warn, and the property keep its default."""
        gtype = self._tc.get_pad_template(f"{kind}_%u").get_property("gtype")
        specs = {p.name: p for p in GObject.list_properties(gtype)}
        for name, value in props.items():
            spec = specs.get(name)
            if (isinstance(value, int) and hasattr(spec, "minimum")
                    and not spec.minimum <= value <= spec.maximum):
                arg = _ARGUMENTS.get(name, name)
                raise ValueError(f"{arg}={value}: out of the range the "
                                 f"element takes, {spec.minimum} to "
                                 f"{spec.maximum}")

    def remove_stream(self, i: int):
        """Removes output @i; the others go on (while streaming, without a
        gap).  The outputs after it move down by one.  Removing the last
        one stops the element (it cannot run without an output); the next
        output added starts where the consumer was."""
        out = self._output(i)
        if len(self._outputs) == 1 and self._running:
            if self._bytes is None or self._bytes.restartable:
                self._resume_after = self._stop_at_position()
            else:
                self._stop()
        out.detach(self._pipeline, self._tc)
        del self._outputs[i]

    # ---- running ---------------------------------------------------------
    def _start(self):
        """Sets PLAYING (once): the outputs start; errors of their settings
        (a decoder or filter that does not exist) are raised here."""
        if self._running:
            return
        if not self._outputs:
            raise RuntimeError("No output stream is configured.")
        if self._bytes is not None:
            self._bytes.begin_run()
        ret = self._pipeline.set_state(Gst.State.PLAYING)
        _chunk.prefetch()
        # A live pipeline completes its state change when its first chunks
        # come, which may be long: its errors and timeouts are the waits'.
        live = self._query_live(ret)
        deadline = time.monotonic() + _STATE_TIMEOUT
        while ret == Gst.StateChangeReturn.ASYNC and not live:
            if self._shared.error is not None:
                break
            if time.monotonic() > deadline:
                self._set_state_down(Gst.State.READY)
                raise RuntimeError("the pipeline did not start within "
                                   f"{_STATE_TIMEOUT:.0f} s")
            ret, _, _ = self._pipeline.get_state(10 * Gst.MSECOND)
        if ret == Gst.StateChangeReturn.FAILURE or self._shared.error is not None:
            self._set_state_down(Gst.State.READY)
            self._raise_error("could not start the outputs")
        self._live = live
        self._running = True
        self._popped_since_seek = False
        self._seek = None

    def _query_live(self, ret):
        """Whether the started pipeline is live: a NO_PREROLL start, or
        what the element answers to a latency query on an output pad (the
        pipeline's own query goes through the sinks, which answer only
        once prerolled)."""
        if ret == Gst.StateChangeReturn.NO_PREROLL:
            return True
        query = Gst.Query.new_latency()
        if self._outputs and self._outputs[0].pad.query(query):
            return bool(query.parse_latency()[0])
        return False

    def _set_state_down(self, state):
        """A state change down, with every streaming thread that waits in
        an appsink let go first."""
        shared = self._shared
        with shared.cond:
            shared.closing = True
            shared.cond.notify_all()
        self._pipeline.set_state(state)
        self._pipeline.get_state(Gst.CLOCK_TIME_NONE)
        with shared.cond:
            shared.closing = False
            for out in self._outputs:
                out.reset()
        self._running = False

    def _stop(self):
        self._set_state_down(Gst.State.READY)

    def _stop_at_position(self):
        """Stops the running pipeline (its last output goes: the element
        cannot run without one) and returns what _resume needs to bring the
        next output added to the position the consumer reached."""
        if self._popped_since_seek:
            position = self._position()
            resume = (position, "precise") if position else None
        else:
            resume = self._seek
        self._stop()
        return resume or ("start", None)

    def _resume(self, resume):
        if resume is None:
            return
        self._start()
        if resume[0] != "start" and not self._live:
            self.seek(*resume)

    def _position(self):
        """Where the consumer is: the start of the earliest chunk not popped
        yet, over the outputs."""
        pts = []
        with self._shared.cond:
            for out in self._outputs:
                if out.queue:
                    b = out.queue[0].get_buffer()
                    if b.pts != Gst.CLOCK_TIME_NONE:
                        pts.append(b.pts / Gst.SECOND)
                elif out.next_pts is not None and not out.eos:
                    pts.append(out.next_pts)
        return min(pts) if pts else None

    def seek(self, timestamp: float, mode: str = "precise"):
        """Moves every output to @timestamp (seconds).

        Args:
            mode: "precise": the first chunk starts at the first frame at or
                after @timestamp, with the values a decode from the start
                gives there (an ACCURATE seek); "key": at the key frame at
                or before it (KEY_UNIT); "any": as near as the demuxer seeks
                (neither flag), which for this element is the key frame too.

        Raises:
            ValueError: an unknown mode.
            RuntimeError: a negative timestamp, a file-like object without
                seek, or the element refused the seek (a live source).
        """
        modes = {"key": Gst.SeekFlags.KEY_UNIT, "any": Gst.SeekFlags(0),
                 "precise": Gst.SeekFlags.ACCURATE}
        if mode not in modes:
            raise ValueError(f"The value of mode must be one of "
                             f"{list(modes.keys())}. Found: {mode}")
        if timestamp < 0:
            raise RuntimeError("timestamp must be non-negative.")
        if self._bytes is not None and not self._bytes.seekable:
            raise RuntimeError(
                f"seek to {timestamp} s: the source is a file-like object "
                "without a working seek (no seek() or tell(), or seekable() "
                "is False), read as a stream, which cannot seek; give one "
                "that seeks, or bytes")
        if not self._outputs:
            # the element seeks its outputs: done when the first is added
            self._resume_after = (timestamp, mode)
            return
        self._start()
        flags = Gst.SeekFlags.FLUSH | modes[mode]
        if not self._pipeline.seek_simple(Gst.Format.TIME, flags,
                                          int(round(timestamp * Gst.SECOND))):
            self._raise_error(f"seek to {timestamp} s refused by the element "
                              "(a live source, or a byte stream that cannot "
                              "seek)")
        self._check_error()
        self._seek = (timestamp, mode)
        self._popped_since_seek = False

    def _check_error_locked(self):
        shared = self._shared
        if shared.error is not None:
            msg = shared.error
            raise RuntimeError(msg)
        if self._bytes is not None and self._bytes.error is not None:
            raise RuntimeError(f"reading the file-like object failed: "
                               f"{self._bytes.error}") from self._bytes.error

    def _check_error(self):
        with self._shared.cond:
            self._check_error_locked()

    def _all_eos(self):
        return all(out.eos for out in self._outputs)

    def _ready(self):
        return all(out.queue for out in self._outputs)

    def _wait(self, done, timeout, backoff):
        """Waits, with the lock, until done() (True), the end of every
        output, or an error.  @timeout (ms) bounds the wait for a live
        source; a non-live source always comes to data, its end or an
        error."""
        shared = self._shared
        deadline = None
        if timeout is not None and timeout >= 0 and self._live:
            deadline = time.monotonic() + timeout / 1000.0
        step = max(float(backoff), 1.0) / 1000.0
        shared.consumer_waiting = True
        shared.consumer_done = done
        shared.cond.notify_all()
        try:
            while True:
                self._check_error_locked()
                if done() or self._all_eos():
                    return
                if deadline is not None and time.monotonic() >= deadline:
                    raise RuntimeError(
                        f"Failed to process a packet: no data from the live "
                        f"source within {timeout} ms (Resource temporarily "
                        "unavailable)")
                shared.cond.wait(step)
        finally:
            shared.consumer_waiting = False
            shared.consumer_done = None

    def process_packet(self, timeout: Optional[float] = None,
                       backoff: float = 10.0) -> int:
        """Waits until at least one more chunk is buffered (the element
        decodes ahead in its own threads; it has no packet-at-a-time step).

        Args:
            timeout: milliseconds to wait for a live source that produces
                nothing before raising RuntimeError; None or negative waits
                for ever.  A non-live source never stalls: ignored.
            backoff: milliseconds between checks while waiting.

        Returns:
            0 when chunks can still come, 1 when every output reached the
            end of the stream (the short last chunks are buffered then).
        """
        self._start()
        with self._shared.cond:
            arrivals = self._shared.arrivals
            self._wait(lambda: self._shared.arrivals != arrivals, timeout,
                       backoff)
            return 1 if self._all_eos() else 0

    def process_all_packets(self):
        """Reads the source to its end, buffering every chunk (unbounded)."""
        self._start()
        with self._shared.cond:
            self._wait(lambda: False, None, 10.0)

    def is_buffer_ready(self) -> bool:
        """True when every output holds at least one chunk."""
        with self._shared.cond:
            return self._ready()

    def fill_buffer(self, timeout: Optional[float] = None,
                    backoff: float = 10.0) -> int:
        """Waits until every output holds a chunk.

        Returns:
            0 when they do; 1 when the source ended before: some output
            has nothing left, the others hold what remained (the last
            chunks short).  That is decided by what is buffered, not by
            when the element reached the end, which it does in its own
            threads.  timeout, backoff: as process_packet.
        """
        self._start()
        with self._shared.cond:
            self._wait(self._ready, timeout, backoff)
            return 0 if self._ready() else 1

    def pop_chunks(self) -> List[Optional[ChunkTensor]]:
        """Takes one chunk from every output (for frames_per_chunk=-1, all
        it holds, concatenated), None for an output holding none.

        The chunks view the element's buffers without a copy; each buffer
        stays mapped while its chunk, or any view of it, lives."""
        taken = []
        with self._shared.cond:
            for out in self._outputs:
                if not out.queue:
                    taken.append(None)
                elif out.frames_per_chunk > 0:
                    taken.append([out.queue.popleft()])
                else:
                    taken.append(list(out.queue))
                    out.queue.clear()
            self._shared.cond.notify_all()
            self._warn_locked()
        chunks = []
        for out, samples in zip(self._outputs, taken):
            chunks.append(None if samples is None
                          else self._to_chunk(out, samples))
        self._popped_since_seek = True
        return chunks

    def _to_chunk(self, out, samples):
        parts = []
        for sample in samples:
            out.layout = _chunk.layout_of(sample.get_caps(), out.layout)
            arr, pts = _chunk.array_of(sample, out.layout)
            parts.append(_chunk.make_chunk(arr, pts))
            if out.layout.rate > 0:
                out.next_pts = pts + arr.shape[0] / out.layout.rate
        return parts[0] if len(parts) == 1 else _chunk.concat(parts)

    def _warn_locked(self):
        shared = self._shared
        msgs, shared.warnings = shared.warnings, []
        for m in msgs:
            warnings.warn(f"tensorchunker: {m}", RuntimeWarning, stacklevel=3)
        if shared.dropped and not self._warned_drop:
            self._warned_drop = True
            warnings.warn("tensorchunker: the live source dropped chunks the "
                          "consumer was too slow for (see the tensorchunker-drop "
                          "messages / the outputs' `dropped` property)",
                          RuntimeWarning, stacklevel=3)

    def stream(self, timeout: Optional[float] = None,
               backoff: float = 10.0) -> Iterator[Tuple[Optional[ChunkTensor], ...]]:
        """Iterates over the chunks: one of every output per step.  At the
        end, the steps carry the short last chunks, with None for the
        outputs that have nothing left, until all have nothing.

        Raises:
            RuntimeError: no output is configured.
        """
        if not self._outputs:
            raise RuntimeError("No output stream is configured.")
        while True:
            if self.fill_buffer(timeout, backoff):
                break
            yield self.pop_chunks()
        while True:
            chunks = self.pop_chunks()
            if all(c is None for c in chunks):
                return
            yield chunks

    # ---- the end ---------------------------------------------------------
    def _teardown(self):
        pipeline = getattr(self, "_pipeline", None)
        if pipeline is None:
            return
        _READERS.discard(self)
        self._bus.set_sync_handler(None)
        self._set_state_down(Gst.State.NULL)
        for out in self._outputs:
            for i in out.ids:
                out.sink.disconnect(i)
            out.ids = []
        self._pipeline = None

    def close(self):
        """Stops and frees the pipeline (also done when the reader is
        garbage-collected).  Chunks already popped stay valid."""
        self._teardown()

    def __del__(self):
        try:
            self._teardown()
        except Exception:  # noqa: BLE001 -- interpreter shutdown
            pass


# Readers not closed yet: stopped before the interpreter goes, as their
# streaming threads call into Python (appsink signals, the bus handler).
_READERS = weakref.WeakSet()


@atexit.register
def _close_all():
    for reader in list(_READERS):
        reader.close()


def _bus_handler(shared):
    """The bus sync handler: errors, warnings and drops, from whatever
    thread posts them, into @shared (no reference to the reader)."""
    def handler(bus, msg):
        t = msg.type
        if t == Gst.MessageType.ERROR:
            err, _ = msg.parse_error()
            with shared.cond:
                if shared.error is None:
                    shared.error = err.message
                shared.cond.notify_all()
        elif t == Gst.MessageType.WARNING:
            err, _ = msg.parse_warning()
            with shared.cond:
                shared.warnings.append(err.message)
        elif t == Gst.MessageType.STREAM_COLLECTION:
            with shared.cond:
                shared.collections += 1
                shared.cond.notify_all()
        elif t == Gst.MessageType.ELEMENT:
            s = msg.get_structure()
            if s is not None and s.get_name() == "tensorchunker-drop":
                with shared.cond:
                    shared.dropped += 1
        return Gst.BusSyncReply.DROP
    return handler
