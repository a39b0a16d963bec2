# tensorchunker: the source and output stream descriptions
# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The stream descriptions StreamReader returns, with torchaudio 2.x's
names, fields and types: dataclasses, equal when their fields are."""
from dataclasses import dataclass
from typing import Dict, Optional

__all__ = [
    "SourceStream",
    "SourceAudioStream",
    "SourceVideoStream",
    "OutputStream",
    "OutputAudioStream",
    "OutputVideoStream",
]


@dataclass
class SourceStream:
    """A stream of the source, as `get_src_stream_info` returns it.

    Audio and video streams are described by the subclasses
    SourceAudioStream and SourceVideoStream; other media types (data,
    subtitle, attachment) by this class, with format, bit_rate,
    num_frames and bits_per_sample None."""

    media_type: str
    """"audio", "video", "data", "subtitle", "attachment" or ""."""
    codec: str
    """The codec's short name, e.g. "aac", "h264", "pcm_s16le"."""
    codec_long_name: str
    """The codec's descriptive name."""
    format: Optional[str]
    """The decoded sample or pixel format, e.g. "fltp", "yuv420p"."""
    bit_rate: Optional[int]
    """Bits per second as the container states it (may be 0)."""
    num_frames: Optional[int]
    """Frames in the stream as the container states it (may be 0)."""
    bits_per_sample: Optional[int]
    """Valid bits in each decoded sample (0 for many compressed codecs)."""
    metadata: Dict[str, str]
    """The stream's metadata (language, handler_name ...)."""


@dataclass
class SourceAudioStream(SourceStream):
    """An audio stream of the source."""

    sample_rate: float
    """Samples per second."""
    num_channels: int
    """Channels."""


@dataclass
class SourceVideoStream(SourceStream):
    """A video stream of the source."""

    width: int
    """Frame width in pixels."""
    height: int
    """Frame height in pixels."""
    frame_rate: float
    """Frames per second."""


@dataclass
class OutputStream:
    """An output configured on the StreamReader, as `get_out_stream_info`
    returns it."""

    source_index: int
    """The source stream this output reads."""
    filter_description: str
    """The exact libavfilter chain that runs for this output."""
    media_type: str
    """"audio" or "video"."""
    format: str
    """The sample or pixel format of the chunks, e.g. "fltp", "rgb24"."""


@dataclass
class OutputAudioStream(OutputStream):
    """An audio output (add_audio_stream / add_basic_audio_stream)."""

    sample_rate: float
    """Samples per second of the chunks."""
    num_channels: int
    """Channels of the chunks."""


@dataclass
class OutputVideoStream(OutputStream):
    """A video output (add_video_stream / add_basic_video_stream)."""

    width: int
    """Frame width of the chunks."""
    height: int
    """Frame height of the chunks."""
    frame_rate: float
    """Frames per second of the chunks."""
