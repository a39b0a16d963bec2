# tensorchunker: torchaudio's StreamReader on the tensorchunker element
# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""torchaudio 2.x's StreamReader (Media Stream API) over the tensorchunker
GStreamer element: code written for `torchaudio.io.StreamReader` runs with
`from tensorchunker import StreamReader` instead.  See docs/python.md."""
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


def __getattr__(name):
    # ChunkTensor subclasses torch.Tensor, and torch is imported in the
    # background (_chunk): asking for the class waits for it.
    if name == "ChunkTensor":
        from . import _chunk
        return _chunk.ChunkTensor
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
