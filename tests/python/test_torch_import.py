# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""When torch is imported: not by `import tensorchunker` (a program that
only inspects a source never pays for it), in the background once a
reader streams, and the chunks are torch tensors with pts all the same.
Each case runs in a fresh interpreter, where torch is not imported yet."""
import os
import subprocess
import sys

import pytest

pytest.importorskip("torch")


def run(code):
    p = subprocess.run([sys.executable, "-c", code], capture_output=True,
                       text=True, env=os.environ, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    return p.stdout


def test_streaming_imports_torch_in_the_background(media):
    out = run(
        "import sys, threading\n"
        "from tensorchunker import StreamReader\n"
        "assert 'torch' not in sys.modules, 'imported with the module'\n"
        f"r = StreamReader({media('av.mp4')!r})\n"
        "assert r.get_src_stream_info(0).media_type == 'video'\n"
        "r.add_basic_video_stream(5)\n"
        "r.add_basic_audio_stream(4410)\n"
        "assert 'torch' not in sys.modules, 'imported before streaming'\n"
        "it = r.stream()\n"
        "v, a = next(it)\n"
        "import torch\n"
        "import tensorchunker\n"
        "for c, shape in ((v, (5, 3, 240, 320)), (a, (4410, 2))):\n"
        "    assert isinstance(c, torch.Tensor), type(c)\n"
        "    assert isinstance(c, tensorchunker.ChunkTensor)\n"
        "    assert tuple(c.shape) == shape and c.pts == 0.0\n"
        "v, a = next(it)\n"
        "assert abs(v.pts - 0.2) < 1e-9 and abs(a.pts - 0.1) < 1e-9, (v.pts, a.pts)\n"
        "names = [t.name for t in threading.enumerate()]\n"
        "assert 'tensorchunker-import-torch' not in names, names\n"
        "print('ok', type(v).__name__, v.dtype)\n")
    assert out.split() == ["ok", "ChunkTensor", "torch.uint8"]


def test_chunk_tensor_asked_for_before_streaming(media):
    """tensorchunker.ChunkTensor before any chunk: the torch subclass
    (imported then), the class of the chunks that come later."""
    run(
        "import sys\n"
        "from tensorchunker import ChunkTensor, StreamReader\n"
        "import torch\n"
        "assert issubclass(ChunkTensor, torch.Tensor)\n"
        f"r = StreamReader({media('tone.wav')!r})\n"
        "r.add_basic_audio_stream(2000)\n"
        "(c,) = next(r.stream())\n"
        "assert type(c) is ChunkTensor and c.pts == 0.0\n"
        "assert c.shape == (2000, 2) and c.dtype == torch.float32\n")


def test_fork_while_torch_imports(media):
    """A fork as the background import starts: the child, which has no
    such thread, can import torch (the fork waited for the import)."""
    run(
        "import os\n"
        "from tensorchunker import _chunk\n"
        "_chunk.prefetch()\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    import signal\n"
        "    signal.alarm(60)  # a child stuck in the import dies\n"
        "    import torch\n"
        "    os._exit(0 if torch.zeros(2).sum() == 0 else 3)\n"
        "_, status = os.waitpid(pid, 0)\n"
        "assert os.waitstatus_to_exitcode(status) == 0, status\n")
