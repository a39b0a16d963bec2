# tensorchunker: torchaudio's StreamReader on the tensorchunker element
# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""torchaudio 2.x's StreamReader (Media Stream API) over the tensorchunker
GStreamer element: code written for `torchaudio.io.StreamReader` runs with
`from tensorchunker import StreamReader` instead.  See docs/python.md."""
from ._chunk import ChunkTensor
from ._info import (OutputAudioStream, OutputStream, OutputVideoStream,
                    SourceAudioStream, SourceStream, SourceVideoStream)
from ._stream_reader import StreamReader

__all__ = [
    "StreamReader",
    "ChunkTensor",
    "SourceStream",
    "SourceAudioStream",
    "SourceVideoStream",
    "OutputStream",
    "OutputAudioStream",
    "OutputVideoStream",
]
