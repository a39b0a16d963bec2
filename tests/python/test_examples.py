# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/examples/seed_tutorial.py, the seed's tutorial with only its
import changed, runs on the generated 14 s 1080p seed14.mp4."""
import os
import re
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "examples", "seed_tutorial.py")


def test_seed_tutorial(tmp_path):
    media = os.environ.get("TC_TEST_MEDIA")
    src = os.path.join(media or "", "seed14.mp4")
    if not media or not os.path.exists(src):
        pytest.skip("no seed14.mp4 (TC_TEST_MEDIA: run through meson test)")
    pytest.importorskip("matplotlib")
    figure = tmp_path / "seed_tutorial.png"
    run = subprocess.run([sys.executable, SCRIPT, src, str(figure)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert out.count("SourceVideoStream(") == 1
    assert out.count("SourceAudioStream(") == 1
    assert out.count("OutputAudioStream(") == 2
    assert out.count("OutputVideoStream(") == 2
    its = re.findall(r"iteration (\d): waveform \((\d+), (\d+)\) torch.float32 "
                     r"pts ([\d.]+), vid1 \(1, 3, 540, 960\) pts ([\d.]+), "
                     r"vid2 \(3, 1, 320, 320\) pts ([\d.]+)", out)
    assert len(its) == 3, out
    for i, (n, frames, channels, pa, pv1, pv2) in enumerate(its):
        assert int(frames) == 8000 and int(channels) == 2
        # the seed's seek(10.0) goes to the key frame at 10 s (one a second)
        assert float(pa) == pytest.approx(10.0 + i)
        assert float(pv1) == pytest.approx(10.0 + i)
        assert float(pv2) == pytest.approx(10.0 + i)
    assert figure.exists() and figure.stat().st_size > 10000
