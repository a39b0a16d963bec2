# tensorchunker.ray on a local Ray cluster: a head and a second node, one
# CPU each, started with `ray start` for this module and stopped after it.
#
# Needs Ray (the virtual environment .ci/setup makes: .venv); without it
# the tests skip, or fail when TC_REQUIRE_SERVICES=1 (CI).
import http.server
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

try:
    import ray
    import tensorchunker.ray as tcray
except ImportError as e:  # pragma: no cover - depends on the machine
    if os.environ.get("TC_REQUIRE_SERVICES") == "1":
        raise
    pytest.skip(f"Ray is not installed here ({e}): .ci/setup makes .venv",
                allow_module_level=True)

from tensorchunker import StreamReader

AUDIO = {"type": "audio", "frames_per_chunk": 4000, "sample_rate": 8000}
VIDEO = {"type": "video", "frames_per_chunk": 5, "width": 32, "height": 24}


def ffmpeg(*args):
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", *args], check=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """19 files (audio, video, both) and a damaged one."""
    d = tmp_path_factory.mktemp("corpus")
    for i in range(8):
        ffmpeg("-f", "lavfi", "-i", f"sine=f={200 + 50 * i}:r=16000:d={1 + i % 3}",
               str(d / f"a{i}.wav"))
    for i in range(6):
        ffmpeg("-f", "lavfi", "-i", f"testsrc2=s=64x48:r=10:d={1 + i % 2}",
               "-c:v", "libx264", "-g", "5", str(d / f"v{i}.mp4"))
    for i in range(5):
        ffmpeg("-f", "lavfi", "-i", "testsrc2=s=64x48:r=10:d=2",
               "-f", "lavfi", "-i", f"sine=f={300 + 100 * i}:d=2",
               "-c:v", "libx264", "-g", "5", "-c:a", "aac", "-shortest",
               str(d / f"av{i}.mp4"))
    good = sorted(str(p) for p in d.iterdir())
    damaged = d / "z-damaged.mp4"
    damaged.write_bytes(b"\x00\x00\x00\x18ftypmp42" + os.urandom(4000))
    return good, str(damaged)


@pytest.fixture(scope="module")
def cluster():
    ray_cli = shutil.which("ray", path=os.path.dirname(sys.executable))
    assert ray_cli, "Ray's command is not beside " + sys.executable
    port = free_port()
    common = ["--num-cpus=1", "--disable-usage-stats",
              "--object-store-memory=200000000"]
    subprocess.run([ray_cli, "start", "--head", f"--port={port}",
                    "--include-dashboard=false", *common], check=True,
                   stdout=subprocess.DEVNULL)
    try:
        subprocess.run([ray_cli, "start", f"--address=127.0.0.1:{port}",
                        *common], check=True, stdout=subprocess.DEVNULL)
        ray.init(address=f"127.0.0.1:{port}", log_to_driver=False)
        assert sum(n["Alive"] for n in ray.nodes()) == 2
        ray.data.DataContext.get_current().enable_progress_bars = False
        yield f"127.0.0.1:{port}"
    finally:
        ray.shutdown()
        subprocess.run([ray_cli, "stop", "--force"], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def sequential(path, outputs, start=0.0):
    """The rows of one StreamReader run on this machine: {output: [(pts,
    data)]}, the outputs the file has."""
    r = StreamReader(path)
    index = tcray._add_outputs(r, outputs)
    if start:
        r.seek(start, mode="precise")
    rows = {i: [] for i in index}
    for chunks in r.stream():
        for i, c in zip(index, chunks):
            if c is not None:
                rows[i].append((float(c.pts), np.array(c)))
    r.close()
    return rows


def by_path(rows):
    """{path: rows in pts order}: Ray does not keep the order of units
    unless asked (DataContext.execution_options.preserve_order)."""
    out = {}
    for row in sorted(rows, key=lambda r: (r["output"], r["pts"])):
        out.setdefault(row["path"], []).append(row)
    return out


def assert_rows_equal(got, want):
    """got: the dataset's rows of one path; want: sequential()."""
    for i, chunks in want.items():
        mine = [r for r in got if r["output"] == i]
        assert [r["pts"] for r in mine] == [p for p, _ in chunks]
        for r, (_, data) in zip(mine, chunks):
            np.testing.assert_array_equal(np.asarray(r["data"]), data)
    assert {r["output"] for r in got} == set(want)


def test_corpus_rows_are_those_of_sequential_runs(cluster, corpus):
    good, damaged = corpus
    ds = tcray.read_media(good + [damaged], [AUDIO, VIDEO], on_error="skip")
    rows = by_path(ds.take_all())
    assert set(rows) == set(good) | {damaged}
    for path in good:
        assert all(r["error"] == "" for r in rows[path])
        assert_rows_equal(rows[path], sequential(path, [AUDIO, VIDEO]))
    # the damaged file: no chunk, one error row naming what failed
    (err,) = rows[damaged]
    assert err["output"] == -1 and math.isnan(err["pts"])
    assert "RuntimeError" in err["error"], err["error"]
    assert np.asarray(err["data"]).size == 0


def test_long_file_split_into_ranges_joins_exactly(cluster, tmp_path):
    path = str(tmp_path / "long.wav")
    ffmpeg("-f", "lavfi", "-i", "sine=f=440:r=16000:d=40", "-ac", "1", path)
    out = {"type": "audio", "frames_per_chunk": 16000}
    source = tcray.MediaDatasource([path], [out], split_seconds=10)
    units = source._units()
    assert [(float(a), b and float(b)) for _, a, b in units] == \
        [(0.0, 10.0), (10.0, 20.0), (20.0, 30.0), (30.0, None)]
    # Ray keeps the units' order when asked to (else sort by pts)
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    try:
        rows = tcray.read_media(path, [out], split_seconds=10).take_all()
    finally:
        ctx.execution_options.preserve_order = False
    assert len(rows) == 40
    assert_rows_equal(rows, sequential(path, [out]))


def test_split_is_chunk_aligned_for_every_output(cluster, tmp_path):
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=64x48:r=25:d=13",
           "-f", "lavfi", "-i", "sine=r=16000:d=13", "-c:v", "libx264",
           "-c:a", "pcm_s16le", "-shortest", str(tmp_path / "av.mov"))
    path = str(tmp_path / "av.mov")
    outputs = [{"type": "audio", "frames_per_chunk": 6000},      # 0.375 s
               {"type": "video", "frames_per_chunk": 10}]        # 0.4 s
    units = tcray.MediaDatasource([path], outputs,
                                  split_seconds=2)._units()
    # the grid is lcm(0.375, 0.4) = 6 s (16 and 15 chunks): 2 s rounds up
    # to one grid step
    assert [float(a) for _, a, _ in units] == [0.0, 6.0, 12.0]
    rows = tcray.read_media(path, outputs, split_seconds=2).take_all()
    assert_rows_equal(by_path(rows)[path], sequential(path, outputs))


def test_split_with_conversions_joins_exactly(cluster, tmp_path):
    """A 60 s file in 7 s units: audio resampled 48 -> 16 kHz in 1 s
    chunks, video 25 -> 10 fps in 8-frame chunks (0.8 s): units on the
    4 s grid both share (8 s), each from an exact seek, give the rows of
    the unsplit read."""
    path = str(tmp_path / "long.mov")
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=64x48:r=25:d=60",
           "-f", "lavfi", "-i", "sine=f=440:r=48000:d=60",
           "-c:v", "libx264", "-g", "50", "-c:a", "pcm_s16le", "-shortest",
           path)
    outputs = [{"type": "audio", "frames_per_chunk": 16000,
                "sample_rate": 16000},
               {"type": "video", "frames_per_chunk": 8, "frame_rate": 10}]
    units = tcray.MediaDatasource([path], outputs,
                                  split_seconds=7)._units()
    assert [float(a) for _, a, _ in units] == [0.0, 8.0, 16.0, 24.0, 32.0,
                                                40.0, 48.0, 56.0]
    rows = by_path(tcray.read_media(path, outputs,
                                    split_seconds=7).take_all())[path]
    want = sequential(path, outputs)
    assert [r["pts"] for r in rows if r["output"] == 0] == \
        [p for p, _ in want[0]]
    assert [r["pts"] for r in rows if r["output"] == 1] == \
        [p for p, _ in want[1]]
    # the resampler and fps on the grid of a full decode: bit-exact
    for i, tol in ((0, 0), (1, 0)):
        mine = [np.asarray(r["data"]) for r in rows if r["output"] == i]
        for got, (_, ref) in zip(mine, want[i]):
            assert got.shape == ref.shape
            diff = np.abs(got.astype(np.float64) - ref.astype(np.float64))
            assert diff.max() <= tol, (i, diff.max())


def test_failed_unit_is_retried_without_duplicate_rows(cluster, corpus):
    """An HTTP server that answers the first request for the file with 500:
    the unit fails, Ray runs it again, and its rows come once."""
    good, _ = corpus
    local = [p for p in good if p.endswith("a3.wav")][0]
    hits = []

    class Flaky(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=os.path.dirname(local), **kw)

        def do_GET(self):
            hits.append(self.path)
            if len(hits) == 1:
                self.send_error(500, "first request fails")
                return
            super().do_GET()

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/a3.wav"
        rows = tcray.read_media(url, [AUDIO]).take_all()
    finally:
        server.shutdown()
    assert len(hits) >= 2
    want = sequential(local, [AUDIO])
    assert len(rows) == len(want[0])
    assert_rows_equal(rows, want)


def pid_of_peer(port):
    """The process that owns the local TCP socket bound to @port."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            for line in f.readlines()[1:]:
                cols = line.split()
                if int(cols[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(cols[9])
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    return int(pid)
        except OSError:
            continue
    return None


def test_worker_killed_mid_unit_rows_come_once(cluster, tmp_path):
    """The worker reading a unit is killed (SIGKILL) half-way through the
    file it streams over HTTP: Ray runs the unit again elsewhere, and every
    row comes exactly once."""
    local = str(tmp_path / "slow.wav")
    ffmpeg("-f", "lavfi", "-i", "sine=f=330:r=16000:d=20", "-ac", "1", local)
    data = open(local, "rb").read()
    killed = []

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "audio/wav")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            step = 32768
            for i in range(0, len(data), step):
                if not killed and i >= len(data) // 2:
                    pid = pid_of_peer(self.client_address[1])
                    assert pid is not None and pid != os.getpid()
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                    return
                try:
                    self.wfile.write(data[i:i + step])
                except OSError:
                    return
                if not killed:
                    time.sleep(0.05)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/slow.wav"
        out = {"type": "audio", "frames_per_chunk": 16000}
        rows = tcray.read_media(url, [out]).take_all()
    finally:
        server.shutdown()
    assert len(killed) == 1
    want = sequential(local, [out])
    assert len(rows) == len(want[0]) == 20
    assert_rows_equal(by_path(rows)[url], want)


def test_failed_unit_fails_the_job_by_default(cluster, corpus):
    _, damaged = corpus
    with pytest.raises(Exception, match="z-damaged|RuntimeError"):
        tcray.read_media(damaged, [AUDIO],
                         ray_remote_args={"max_retries": 0}).take_all()


def test_convert_command_writes_parquet(cluster, corpus, tmp_path):
    good, _ = corpus
    audio = [p for p in good if p.endswith(".wav")]
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "tensorchunker.ray", "convert",
         os.path.join(os.path.dirname(audio[0]), "a*.wav"), str(out),
         "--audio", "sample_rate=8000,frames_per_chunk=4000",
         "--address", cluster], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    back = ray.data.read_parquet(str(out)).take_all()
    want = sum(len(sequential(p, [AUDIO])[0]) for p in audio)
    assert len(back) == want
    assert {r["path"] for r in back} == set(audio)
    assert all(np.asarray(r["data"]).shape[1] == 1 for r in back)


def test_bad_arguments_are_refused_before_any_work():
    with pytest.raises(ValueError, match="type"):
        tcray.read_media("x.wav", [{"frames_per_chunk": 5}])
    with pytest.raises(ValueError, match="frames_per_chunk"):
        tcray.read_media("x.wav", [{"type": "audio"}])
    with pytest.raises(FileNotFoundError, match="no file matches"):
        tcray.read_media("/nonexistent/*.wav", [AUDIO])
    with pytest.raises(ValueError, match="on_error"):
        tcray.read_media("x.wav", [AUDIO], on_error="ignore")
