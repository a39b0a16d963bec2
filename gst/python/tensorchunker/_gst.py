# tensorchunker: GStreamer through PyGObject, initialised once
# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Imports Gst and GstApp (Debian's python3-gst-1.0) and initialises
GStreamer on first use."""
import gi

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
