# tensorchunker: GStreamer through PyGObject, initialised once
# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Imports Gst and GstApp (Debian's python3-gst-1.0) and initialises
GStreamer on first use."""
import ctypes

import gi

# libgstreamer links libunwind, whose _Unwind_Resume, once in the global
# scope, is the one C++ code loaded after it binds to (a library Python
# loads is local: it looks at the global scope first).  torch 1.13 throws
# and catches within libtorch_python, and libunwind's unwinder crashes on
# it (SIGSEGV in __gxx_personality_v0 on `tensor == None`).  GCC's
# unwinder, in the global scope before GStreamer, is found first.
try:
    ctypes.CDLL("libgcc_s.so.1", mode=ctypes.RTLD_GLOBAL)
except OSError:  # not a GNU system: no libgcc_s, nothing to put first
    pass

gi.require_version("Gst", "1.0")
gi.require_version("GstApp", "1.0")
from gi.repository import GObject, Gst, GstApp  # noqa: E402

__all__ = ["GObject", "Gst", "GstApp", "make_element"]

if not Gst.is_initialized():
    Gst.init(None)


def make_element(factory, name=None):
    """The element, or RuntimeError saying which plugin is missing."""
    e = Gst.ElementFactory.make(factory, name)
    if e is None:
        hint = ""
        if factory == "tensorchunker":
            hint = (": install the plugin, or put its build directory on "
                    "GST_PLUGIN_PATH (meson devenv does)")
        raise RuntimeError(f"no GStreamer element '{factory}'{hint}")
    return e
