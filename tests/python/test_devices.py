# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Pt. 2 of the seed's tutorial: devices, from the peers of
tests/services/with-services.sh (an Xvfb display for x11grab, a PulseAudio
null sink's monitor).  Without them the tests skip, or fail when
TC_REQUIRE_SERVICES=1 (CI)."""
import os

import pytest
import torch

from tensorchunker import StreamReader


def _peer(name):
    value = os.environ.get(name)
    if not value or not os.environ.get("TC_SERVICES"):
        if os.environ.get("TC_REQUIRE_SERVICES") == "1":
            pytest.fail(f"{name} is not set: run under tests/services/with-services.sh")
        pytest.skip(f"no {name} (run under tests/services/with-services.sh)")
    return value


def test_screen_capture():
    display = _peer("DISPLAY")
    r = StreamReader(display, format="x11grab",
                     option={"video_size": "160x120", "framerate": "10"})
    assert r.get_src_stream_info(0).media_type == "video"
    r.add_basic_video_stream(2, width=80, height=60)
    chunks = []
    for (c,) in r.stream(timeout=5000):
        chunks.append(c)
        if len(chunks) == 3:
            break
    r.close()
    assert [tuple(c.shape) for c in chunks] == [(2, 3, 60, 80)] * 3
    assert chunks[0].dtype == torch.uint8
    assert chunks[0].pts < chunks[1].pts < chunks[2].pts


def test_microphone():
    _peer("PULSE_SERVER")
    sink = _peer("TC_PULSE_SINK")
    r = StreamReader(f"{sink}.monitor", format="pulse")
    assert r.get_src_stream_info(r.default_audio_stream).media_type == "audio"
    r.add_basic_audio_stream(1600, sample_rate=16000, num_channels=1)
    chunks = []
    for (c,) in r.stream(timeout=5000):
        chunks.append(c)
        if len(chunks) == 2:
            break
    r.close()
    assert [tuple(c.shape) for c in chunks] == [(1600, 1)] * 2
    assert chunks[1].pts > chunks[0].pts
