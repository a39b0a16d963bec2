# tensorchunker: torchaudio's StreamReader on the tensorchunker element
# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""torchaudio 2.x's StreamReader (Media Stream API) over the tensorchunker
GStreamer element: code written for `torchaudio.io.StreamReader` runs with
`from tensorchunker import StreamReader` instead.  See docs/python.md."""
try:
    # torch before GStreamer's libraries (gi): loaded after them, with
    # matplotlib.pyplot imported before both, its comparison kernels abort
    # (Debian 12's torch 1.13)
    import torch  # noqa: F401
except ImportError:  # numpy chunks then
    pass

from ._chunk import ChunkTensor  # noqa: E402
from ._info import (OutputAudioStream, OutputStream,  # noqa: E402
                    OutputVideoStream, SourceAudioStream, SourceStream,
                    SourceVideoStream)
from ._stream_reader import StreamReader  # noqa: E402

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
