# tensorchunker: bytes and file-like objects fed to the element's sink pad
# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""An appsrc that serves a file-like object (or bytes) to tensorchunker's
`sink` pad, as torchaudio reads a file-like object.

Seekable objects are served in random-access mode: the element pulls
ranges and seeks (every format works, an MP4 with its index at the end
too, and TIME seeks work).  Objects without a working `seek` are served as
a stream: the element reads forward only, and the bytes read while the
reader probed the source are replayed on the next run, so probing does not
lose the start of the stream.
"""
import io
import threading

from ._gst import Gst, GstApp, make_element

__all__ = ["ByteSource"]


def _seekable(obj):
    if not hasattr(obj, "seek"):
        return False
    try:
        if hasattr(obj, "seekable") and not obj.seekable():
            return False
        obj.tell()
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return False
    return True


class ByteSource:
    """Feeds @obj (a file-like object with `read`, optionally `seek`) to an
    appsrc (make()), read anew from the start of each run (begin_run())."""

    def __init__(self, obj, buffer_size):
        if buffer_size <= 0:
            raise ValueError(f"buffer_size must be positive, got {buffer_size}")
        self.obj = obj
        self.buffer_size = buffer_size
        self.lock = threading.Lock()
        self.seekable = _seekable(obj)
        self.size = -1
        if self.seekable:
            start = obj.tell()
            try:
                self.size = obj.seek(0, io.SEEK_END) - start
            except (OSError, ValueError, TypeError, io.UnsupportedOperation):
                self.size = -1
            obj.seek(start)
            self.start = start
        # stream mode: what was read so far and not consumed by a real run
        self.replay = bytearray()
        self.replay_pos = 0
        self.recording = False
        self.runs = 0
        self.error = None

    def make(self):
        """The appsrc serving the object; begin_run() before each run."""
        src = make_element("appsrc")
        src.set_property("format", Gst.Format.BYTES)
        if self.seekable:
            src.set_property("stream-type", GstApp.AppStreamType.RANDOM_ACCESS)
            if self.size >= 0:
                src.set_property("size", self.size)
            src.connect("seek-data", self._on_seek)
        else:
            src.set_property("stream-type", GstApp.AppStreamType.STREAM)
        src.connect("need-data", self._on_need_data)
        return src

    def begin_run(self, recording=False):
        """Rewinds for a new run of the element.  @recording keeps what a
        stream-mode run reads, to replay it on the next run (the probe)."""
        with self.lock:
            if self.seekable:
                self.obj.seek(self.start)
            elif self.runs > 0 and not self.recording:
                raise RuntimeError(
                    "the source is a file-like object without seek, read "
                    "once already: it cannot be read from the start again "
                    "(give an object with seek, or bytes)")
            self.replay_pos = 0
            self.recording = recording
            self.runs += 1

    @property
    def restartable(self):
        """Whether begin_run() can start another run."""
        return self.seekable or self.recording or self.runs == 0

    def _read(self, length):
        with self.lock:
            if self.seekable:
                return self.obj.read(length)
            if self.replay_pos < len(self.replay):
                data = bytes(self.replay[self.replay_pos:self.replay_pos + length])
                self.replay_pos += len(data)
                if not self.recording and self.replay_pos >= len(self.replay):
                    self.replay = bytearray()
                return data
            data = self.obj.read(length)
            if self.recording and data:
                self.replay += data
                self.replay_pos += len(data)
            return data

    def _on_need_data(self, src, length):
        if not self.seekable or length <= 0 or length > (1 << 24):
            length = self.buffer_size
        try:
            data = self._read(length)
        except Exception as e:  # noqa: BLE001 -- the object's own failure
            # kept for the reader, which raises it: an error, never a hang
            self.error = e
            data = b""
        if not data:
            src.end_of_stream()
            return
        src.push_buffer(Gst.Buffer.new_wrapped(bytes(data)))

    def _on_seek(self, src, offset):
        with self.lock:
            try:
                self.obj.seek(self.start + offset)
            except (OSError, ValueError):
                return False
        return True
