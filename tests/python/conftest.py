# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Media for the Python tests, generated once per session with the ffmpeg
CLI (lavfi sources) into a temporary directory."""
import shutil
import subprocess

import pytest

# 4 s: 320x240 at 25 fps (a key frame each second) + a 440 Hz stereo tone
# at 44.1 kHz; H.264 + AAC.  MP4 with its index at the end (ffmpeg's
# default), and the same as MPEG-TS, which plays as a stream.
MEDIA = {
    "av.mp4": ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
               "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
               "-t", "4", "-ac", "2", "-c:v", "libx264", "-preset",
               "ultrafast", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac"],
    # the same, its AAC without perceptual noise substitution, whose noise
    # FFmpeg's decoder draws from a generator seeded when it opens: a
    # decode that starts later differs there (docs/element.md, exact seeks)
    "av-nopns.mp4": ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
                     "-f", "lavfi", "-i",
                     "sine=frequency=440:sample_rate=44100", "-t", "4", "-ac",
                     "2", "-c:v", "libx264", "-preset", "ultrafast", "-g",
                     "25", "-pix_fmt", "yuv420p", "-c:a", "aac", "-aac_pns",
                     "0"],
    "av-10s.ts": ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
                  "-f", "lavfi", "-i",
                  "sine=frequency=440:sample_rate=44100", "-t", "10", "-ac",
                  "2", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25",
                  "-pix_fmt", "yuv420p", "-c:a", "aac"],
    "av.ts": ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
              "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
              "-t", "4", "-ac", "2", "-c:v", "libx264", "-preset",
              "ultrafast", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac"],
    # 10 s of the same, for outputs added well before the end (the element
    # may have decoded far ahead), and with its index first: it plays as a
    # stream
    "av-10s.mp4": ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
                   "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                   "-t", "10", "-ac", "2", "-c:v", "libx264", "-preset",
                   "ultrafast", "-g", "25", "-pix_fmt", "yuv420p", "-c:a",
                   "aac"],
    "av-10s-faststart.mp4": ["-f", "lavfi", "-i",
                             "testsrc2=size=320x240:rate=25", "-f", "lavfi",
                             "-i", "sine=frequency=440:sample_rate=44100",
                             "-t", "10", "-ac", "2", "-c:v", "libx264",
                             "-preset", "ultrafast", "-g", "25", "-pix_fmt",
                             "yuv420p", "-c:a", "aac", "-movflags",
                             "+faststart"],
    # exact frame counts: 1 s of 8 kHz PCM, 25 frames of lossless video
    "tone.wav": ["-f", "lavfi", "-i", "sine=frequency=300:sample_rate=8000",
                 "-t", "1", "-ac", "2", "-c:a", "pcm_s16le"],
    "video.mkv": ["-f", "lavfi", "-i", "testsrc=size=64x48:rate=25",
                  "-t", "1", "-c:v", "ffv1"],
}


@pytest.fixture(scope="session")
def media(tmp_path_factory):
    """A function: name -> path of that generated file."""
    if shutil.which("ffmpeg") is None:
        pytest.skip("no ffmpeg CLI to generate media")
    d = tmp_path_factory.mktemp("media")
    made = {}

    def get(name):
        if name not in made:
            path = str(d / name)
            subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel",
                            "error", "-y"] + MEDIA[name] + [path], check=True)
            made[name] = path
        return made[name]
    return get


@pytest.fixture(scope="session")
def torchaudio_reader():
    """torchaudio 0.13's StreamReader (Debian's python3-torchaudio), or skip."""
    try:
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from torchaudio.io import StreamReader
    except Exception as e:  # noqa: BLE001 -- any import failure skips
        pytest.skip(f"torchaudio's StreamReader does not import: {e}")
    return StreamReader

