#!/usr/bin/python3
# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Runs the Python module's pytest suite for meson test: exits 77 (SKIP)
when pytest, PyGObject or the element is missing, never passes then."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77


def main():
    try:
        import pytest
    except ImportError:
        print("SKIP: pytest is not installed (apt install python3-pytest)")
        return SKIP
    try:
        import tensorchunker  # noqa: F401
        from tensorchunker._gst import Gst
    except ImportError as e:
        print(f"SKIP: the tensorchunker module does not import: {e}")
        return SKIP
    if Gst.ElementFactory.find("tensorchunker") is None:
        print("FAIL: no tensorchunker element on GST_PLUGIN_PATH")
        return 1
    args = ["-v", "-p", "no:cacheprovider", "-o", "console_output_style=classic",
            "--rootdir", HERE] + (sys.argv[1:] or [HERE])
    return pytest.main(args)


if __name__ == "__main__":
    sys.exit(main())
