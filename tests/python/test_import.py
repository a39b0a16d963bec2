# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Importing the module in the orders a user's program may."""
import subprocess
import sys

import pytest

# matplotlib first (as the seed's tutorial does), then the module (it loads
# GStreamer, which links libunwind), then torch: a C++ exception thrown and
# caught inside libtorch_python (comparing with None) must not go through
# libunwind's unwinder, which crashes on it.
PROGRAM = """
import matplotlib
import tensorchunker
import torch
assert (torch.zeros(8000, 2) == None) is False
print("compared")
"""


@pytest.mark.parametrize("first", ["matplotlib", "matplotlib.pyplot"])
def test_torch_after_gstreamer(first):
    pytest.importorskip("torch")
    pytest.importorskip(first)
    run = subprocess.run([sys.executable, "-c",
                          PROGRAM.replace("import matplotlib\n",
                                          f"import {first}\n")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "compared"
