# tensorchunker: chunks as tensors viewing the GstBuffer's memory
# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""ChunkTensor, and the zero-copy view of a chunk buffer.

A chunk is a GstBuffer holding product(dims) elements of the caps' `type`,
contiguous and row-major (docs/caps.md).  The buffer is mapped once and
stays mapped while any array or tensor viewing it lives: numpy keeps the
object whose `__array_interface__` it was made from as the array's base,
so that object (a _MappedChunk) owns the mapping and unmaps it when the
last view goes.  torch.from_numpy keeps the array, and torch views keep
their storage, so a slice of a chunk tensor keeps the memory mapped too.

A chunk is a torch.Tensor when torch imports, else a numpy array; torch
is imported in the background once a reader streams (_TorchImport), so
ChunkTensor is this module's attribute only on demand (__getattr__).
"""
import atexit
import os
import sys
import threading

import numpy as np

from ._gst import Gst

__all__ = ["ChunkTensor"]

# Looked up once: PyGObject's attribute lookups cost microseconds each, and
# this is the per-chunk path.
_MAP_READ = Gst.MapFlags.READ
_SECOND = float(Gst.SECOND)
_NONE = Gst.CLOCK_TIME_NONE

# The caps' `type` field: GStreamer's tensor type names.
_DTYPES = {
    "uint8": np.dtype(np.uint8),
    "int16": np.dtype(np.int16),
    "int32": np.dtype(np.int32),
    "int64": np.dtype(np.int64),
    "float32": np.dtype(np.float32),
    "float64": np.dtype(np.float64),
}


class _MappedChunk:
    """One chunk buffer mapped for reading; numpy's base object for it.

    The array it exports is writable although the map is for reading: the
    buffer is the consumer's alone once the appsink handed it over (the
    element keeps no reference and never reads it again), and torch warns
    about, and cannot honour, read-only memory."""

    __slots__ = ("buffer", "mapinfo", "__array_interface__", "__weakref__")

    def __init__(self, buffer, dtype, shape):
        mapinfo = buffer.map(_MAP_READ)
        if mapinfo.__parent__ is None:
            raise RuntimeError("tensorchunker: could not map a chunk buffer")
        self.buffer = buffer
        self.mapinfo = mapinfo
        nbytes = dtype.itemsize
        for d in shape:
            nbytes *= d
        if mapinfo.size < nbytes:
            buffer.unmap(mapinfo)
            self.mapinfo = None
            raise RuntimeError(f"tensorchunker: a chunk of {mapinfo.size} bytes "
                               f"for dims {list(shape)} of {dtype}")
        # The address of the mapped memory, as numpy sees the memoryview.
        ptr = np.frombuffer(mapinfo.data, np.uint8).__array_interface__["data"][0]
        self.__array_interface__ = {
            "version": 3,
            "shape": shape,
            "typestr": dtype.str,
            "data": (ptr, False),
        }

    def __del__(self):
        # Not once the interpreter is exiting: PyGObject's types may be
        # gone, and the process's memory goes with it anyway.
        if self.mapinfo is not None and not _EXITING:
            self.buffer.unmap(self.mapinfo)
        self.mapinfo = None


_EXITING = False


@atexit.register
def _exiting():
    global _EXITING
    _EXITING = True


class _CapsLayout:
    """dtype and shape of a caps, parsed once per caps change."""

    __slots__ = ("caps", "dtype", "shape", "rate")

    def __init__(self, caps):
        s = caps.get_structure(0)
        self.caps = caps
        self.dtype = _DTYPES[s.get_value("type")]
        self.shape = tuple(int(d) for d in s.get_value("dims"))
        media = s.get_value("media")
        if media == "audio":
            self.rate = float(s.get_value("rate"))
        else:
            fr = s.get_value("frame-rate")
            self.rate = fr.num / fr.denom if fr.num else 0.0


def layout_of(caps, last):
    """The _CapsLayout of @caps, reusing @last when the caps are the same."""
    if last is not None and (last.caps is caps or last.caps.is_equal(caps)):
        return last
    return _CapsLayout(caps)


def array_of(sample, layout):
    """A numpy array viewing the sample's buffer (no copy), and its pts."""
    buffer = sample.get_buffer()
    arr = np.asarray(_MappedChunk(buffer, layout.dtype, layout.shape))
    pts = buffer.pts
    return arr, (pts / _SECOND if pts != _NONE else float("nan"))


class _TorchImport:
    """torch, imported once the first reader runs, in a thread of its own.

    Importing torch takes 1-2 s of CPU (most of it loading libtorch), all
    of it before the first chunk when done at `import tensorchunker`.
    Started once the pipeline plays (start()), it overlaps with decoding
    the first chunks instead, in the element's threads; the first chunk
    waits for it (resolve()).  A program that never streams never pays
    for it.  Started earlier, the import would slow the reader's own
    set-up, which waits for the GIL the import holds through most of it.
    torch absent or blocked (sys.modules["torch"] = None): numpy arrays.

    A fork while the thread imports would leave the child a half-imported
    torch whose import lock nobody holds: a fork waits for it first."""

    def __init__(self):
        self.torch = None
        self.error = None
        self.done = False          # the import was tried
        self.impl = None           # _TorchChunks or _NumpyChunks, once known
        self.thread = None
        self.lock = threading.Lock()
        if "torch" in sys.modules:
            self._import()         # imported already (or blocked): at once

    def start(self):
        """Starts the import in its thread, unless it was started or done."""
        with self.lock:
            if self.thread is not None or self.done:
                return
            self.thread = threading.Thread(target=self._import,
                                           name="tensorchunker-import-torch")
            self.thread.start()
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(before=self.join)

    def _import(self):
        try:
            import torch
            self.torch = torch
        except ImportError:
            pass
        except BaseException as e:  # noqa: BLE001 -- raised by resolve()
            self.error = e
        self.done = True

    def join(self):
        thread = self.thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def resolve(self):
        """The chunk maker (_TorchChunks or _NumpyChunks), once torch is
        imported or known to be absent; imports it here when the thread
        was not started."""
        if self.impl is not None:
            return self.impl
        self.join()
        with self.lock:
            if not self.done:
                self._import()
            if self.error is not None:
                raise self.error
            if self.impl is None:
                self.impl = (_torch_chunks(self.torch)
                             if self.torch is not None else _NumpyChunks())
        return self.impl


def _torch_chunks(torch):
    class ChunkTensor(torch.Tensor):
        """Decoded frames of one output (a torch.Tensor) with `pts`: the
        presentation time of the first frame, in seconds.

        Operations on it return plain torch.Tensors, without pts, as
        torchaudio's ChunkTensor does.  Its memory is the chunk buffer's,
        mapped for as long as the tensor or any view of it lives."""

        __torch_function__ = torch._C._disabled_torch_function_impl

        @staticmethod
        def __new__(cls, _elem, pts=0.0):
            t = _elem.as_subclass(cls)
            t.pts = pts
            return t

        def __init__(self, _elem, pts=0.0):
            pass

        def __repr__(self, *, tensor_contents=None):
            return (f"ChunkTensor(pts={self.pts}, "
                    f"{torch.Tensor(self).__repr__()})")

    # found again by pickle (through __getattr__ below)
    ChunkTensor.__module__ = __name__
    ChunkTensor.__qualname__ = "ChunkTensor"
    from_numpy = torch.from_numpy

    class _TorchChunks:
        cls = ChunkTensor

        @staticmethod
        def make(arr, pts):
            return ChunkTensor(from_numpy(arr), pts)

        @staticmethod
        def concat(chunks):
            return ChunkTensor(torch.cat([torch.Tensor(c) for c in chunks]),
                               chunks[0].pts)

    return _TorchChunks


class _NumpyChunkTensor(np.ndarray):
    """Decoded frames of one output (a numpy array, torch being absent)
    with `pts`: the presentation time of the first frame, in seconds.
    Its memory is the chunk buffer's, mapped for as long as the array or
    any view of it lives."""

    def __new__(cls, _elem, pts=0.0):
        a = np.asarray(_elem).view(cls)
        a.pts = pts
        return a

    def __array_finalize__(self, obj):
        self.pts = getattr(obj, "pts", None)


_NumpyChunkTensor.__name__ = _NumpyChunkTensor.__qualname__ = "ChunkTensor"


class _NumpyChunks:
    cls = _NumpyChunkTensor

    @staticmethod
    def make(arr, pts):
        return _NumpyChunkTensor(arr, pts)

    @staticmethod
    def concat(chunks):
        return _NumpyChunkTensor(np.concatenate([np.asarray(c)
                                                 for c in chunks]),
                                 chunks[0].pts)


_TORCH = _TorchImport()


def prefetch():
    """Starts importing torch in the background (once): called when a
    reader's pipeline plays."""
    _TORCH.start()


def make_chunk(arr, pts):
    """The chunk (ChunkTensor) viewing @arr, starting at @pts seconds."""
    impl = _TORCH.impl or _TORCH.resolve()
    return impl.make(arr, pts)


def concat(chunks):
    """One ChunkTensor of @chunks one after the other (a copy)."""
    return _TORCH.resolve().concat(chunks)


def __getattr__(name):
    # ChunkTensor is a torch.Tensor subclass: it exists once torch is in
    if name == "ChunkTensor":
        return _TORCH.resolve().cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
