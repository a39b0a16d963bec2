#!/usr/bin/python3
"""The Python peers of the benchmark (run.sh's "pyav", "torchcodec-exact",
"torchcodec-approx" and, for the jobs ta_stream.py does not cover,
"torchaudio"), each used the way its documentation shows.

    peer.py LIB stream SRC OUTPUT...        one pass over SRC (OUTPUT: run.sh's specs)
    peer.py LIB first100 SRC                the first 100 frames, source size, rgb24
    peer.py LIB clips SRC STARTS W H N      a clip of N frames at each start (seconds,
                                            comma-separated), frame-accurate, WxH rgb24
    peer.py LIB many-files LIST W H RATE    every file of LIST: video WxH rgb24, audio
                                            RATE Hz mono float
    peer.py LIB first-chunk SRC W H REPEAT  process start (env BENCH_T0_NS) to the first
                                            WxH frame; then REPEAT more from a new decoder

LIB: pyav, torchcodec-exact, torchcodec-approx (seek_mode), torchaudio.  Video
comes out (N, H, W, 3) uint8 (TorchCodec's NCHW is a permuted view of that;
torchaudio's is NCHW), audio (N, C) or (C, N) float32.  Prints "output I
frames=F bytes=B" per output, then "result K=V ...": the seconds of the
timed work (after the imports) and the items done.
"""
import os
import sys
import time

import numpy as np

LIB = None


def now():
    return time.perf_counter()


def out_line(i, frames, nbytes):
    print(f"output {i} frames={frames} bytes={nbytes}")


# ------------------------------------------------------------------ PyAV
def av_open(src):
    import av
    c = av.open(src)
    for s in c.streams.video:
        s.thread_type = "AUTO"   # frame + slice threads, as the CLI and the element
    return c


def av_video(frame, w, h):
    return frame.reformat(width=w, height=h, format="rgb24").to_ndarray()


class FpsPicker:
    """The frames of an output at RATE fps, as FFmpeg's fps filter picks them:
    output frame k is the last input frame whose time rounds to <= k."""

    def __init__(self, rate):
        self.rate, self.next, self.last = rate, 0, None

    def push(self, t, item):
        n = int(round(t * self.rate))
        out = []
        while self.next < n and self.last is not None:
            out.append(self.last)
            self.next += 1
        self.next = max(self.next, n)
        self.last = item
        return out

    def flush(self):
        if self.last is None:
            return []
        self.next += 1
        return [self.last]


class Chunker:
    """Collects one output's frames into chunks of fpc frames: video frames
    stacked, (n, C) audio blocks concatenated."""

    def __init__(self, fpc, audio=False):
        self.fpc, self.audio = fpc, audio
        self.items, self.pending, self.frames, self.bytes = [], 0, 0, 0

    def add(self, arr, n=1):
        self.items.append(arr)
        self.pending += n
        self.frames += n
        if self.pending >= self.fpc:
            self.emit()

    def emit(self):
        if not self.items:
            return
        chunk = np.concatenate(self.items) if self.audio else np.stack(self.items)
        self.bytes += chunk.nbytes
        self.items, self.pending = [], 0


def av_stream(src, specs):
    import av
    c = av_open(src)
    vouts, aouts = [], []
    for i, spec in enumerate(specs):
        kind, *f = spec.split(":")
        if kind == "v":
            w, h, fmt, fps, fpc = int(f[0]), int(f[1]), f[2], int(f[3]), int(f[4])
            vouts.append((i, w, h, fmt, FpsPicker(fps) if fps else None, Chunker(fpc)))
        else:
            rate, ch, fpc = (int(x) for x in f)
            layout = {0: c.streams.audio[0].layout.name, 1: "mono", 2: "stereo"}[ch]
            rs = av.AudioResampler(format="flt", layout=layout, rate=rate)
            aouts.append((i, rs, Chunker(fpc, audio=True)))
    streams = ([c.streams.video[0]] if vouts else []) + ([c.streams.audio[0]] if aouts else [])
    for frame in c.decode(*streams):
        if isinstance(frame, av.VideoFrame):
            for (_, w, h, fmt, pick, ch) in vouts:
                if pick is None:
                    ch.add(frame.reformat(width=w, height=h, format=fmt).to_ndarray())
                else:
                    for fr in pick.push(frame.time, frame):
                        ch.add(fr.reformat(width=w, height=h, format=fmt).to_ndarray())
        else:
            for (_, rs, ch) in aouts:
                for o in rs.resample(frame):
                    a = o.to_ndarray().reshape(o.samples, -1)
                    ch.add(a, o.samples)
    for (_, w, h, fmt, pick, ch) in vouts:
        if pick is not None:
            for fr in pick.flush():
                ch.add(fr.reformat(width=w, height=h, format=fmt).to_ndarray())
        ch.emit()
    for (_, rs, ch) in aouts:
        for o in rs.resample(None):
            ch.add(o.to_ndarray().reshape(o.samples, -1), o.samples)
        ch.emit()
    res = {o[0]: o[-1] for o in vouts + aouts}
    for i in range(len(specs)):
        out_line(i, res[i].frames, res[i].bytes)


def av_first_frames(src, n, w=None, h=None):
    c = av_open(src)
    frames = []
    for frame in c.decode(video=0):
        frames.append(frame.reformat(width=w, height=h, format="rgb24").to_ndarray()
                      if w else frame.to_ndarray(format="rgb24"))
        if len(frames) == n:
            break
    c.close()
    return np.stack(frames)


def av_clip(c, vs, start, n, w, h):
    """n frames from the first at or after start: seek to the key frame
    before, decode up to start, as PyAV's documentation shows."""
    target = int(start / vs.time_base)
    c.seek(target, stream=vs, backward=True, any_frame=False)
    out = []
    for frame in c.decode(vs):
        if frame.pts is None or frame.pts < target:
            continue
        out.append(av_video(frame, w, h))
        if len(out) == n:
            break
    return np.stack(out)


def av_clips(src, starts, w, h, n):
    c = av_open(src)
    vs = c.streams.video[0]
    for s in starts:
        yield av_clip(c, vs, s, n, w, h)


def av_file(path, w, h, rate):
    import av
    c = av_open(path)
    rs = av.AudioResampler(format="flt", layout="mono", rate=rate)
    video, audio = [], []
    for frame in c.decode(c.streams.video[0], c.streams.audio[0]):
        if isinstance(frame, av.VideoFrame):
            video.append(av_video(frame, w, h))
        else:
            audio += [o.to_ndarray().reshape(-1, 1) for o in rs.resample(frame)]
    audio += [o.to_ndarray().reshape(-1, 1) for o in rs.resample(None)]
    c.close()
    return np.stack(video), np.concatenate(audio)


# ------------------------------------------------------------ TorchCodec
def tcodec_mode():
    return "exact" if LIB == "torchcodec-exact" else "approximate"


def tcodec_video(src, w=None, h=None):
    """A VideoDecoder on the CPU with FFmpeg's automatic thread count, and
    the resize done in the decoder (its transforms=) where this TorchCodec
    has it: the fair match of the element's libavfilter scale."""
    import inspect
    from torchcodec.decoders import VideoDecoder
    kw = dict(seek_mode=tcodec_mode(), num_ffmpeg_threads=0, device="cpu",
              dimension_order="NHWC")
    if w:
        if "transforms" not in inspect.signature(VideoDecoder).parameters:
            raise SystemExit("peer.py: this TorchCodec has no decoder-side resize "
                             "(VideoDecoder transforms=)")
        from torchvision.transforms import v2
        kw["transforms"] = [v2.Resize(size=(h, w))]
    return VideoDecoder(src, **kw)


def tcodec_audio(src, rate, channels=None):
    from torchcodec.decoders import AudioDecoder
    return AudioDecoder(src, sample_rate=rate, num_channels=channels or None)


def tcodec_stream(src, specs):
    for i, spec in enumerate(specs):
        kind, *f = spec.split(":")
        if kind == "a":
            rate, ch, fpc = (int(x) for x in f)
            s = tcodec_audio(src, rate, ch).get_all_samples().data   # (C, N)
            out_line(i, s.shape[1], s.numel() * s.element_size())
            continue
        w, h, fmt, fps, fpc = int(f[0]), int(f[1]), f[2], int(f[3]), int(f[4])
        if fmt != "rgb24":
            raise SystemExit(f"peer.py: TorchCodec decodes to rgb24 only, not {fmt}")
        d = tcodec_video(src, w, h)
        frames = nbytes = 0
        if fps:   # the frames at k / fps, as the fps filter picks them
            dur = d.metadata.duration_seconds
            times = [k / fps for k in range(int(dur * fps))]
            for k in range(0, len(times), fpc):
                b = d.get_frames_played_at(times[k:k + fpc]).data
                frames += b.shape[0]
                nbytes += b.numel()
        else:
            total = d.metadata.num_frames
            for k in range(0, total, fpc):
                b = d.get_frames_in_range(k, min(k + fpc, total)).data
                frames += b.shape[0]
                nbytes += b.numel()
        out_line(i, frames, nbytes)


def tcodec_clips(src, starts, w, h, n):
    d = tcodec_video(src, w, h)
    fps = d.metadata.average_fps
    for s in starts:
        first = int(np.ceil(s * fps - 1e-6))
        yield d.get_frames_in_range(first, first + n).data


def tcodec_file(path, w, h, rate):
    v = tcodec_video(path, w, h)
    video = v.get_frames_in_range(0, v.metadata.num_frames).data
    audio = tcodec_audio(path, rate, 1).get_all_samples().data
    return video, audio.T


# ------------------------------------------------------------- torchaudio
def ta_reader(src, w, h, fpc, rate=None):
    from torchaudio.io import StreamReader
    r = StreamReader(src)
    r.add_basic_video_stream(fpc, width=w, height=h, format="rgb24")
    if rate:
        r.add_audio_stream(2 * rate, filter_desc=f"aresample={rate},"
                           "aformat=sample_fmts=fltp:channel_layouts=mono")
    return r


def ta_first_frames(src, n, w=None, h=None):
    r = ta_reader(src, w, h, n)
    for (v,) in r.stream():
        return v


def ta_clips(src, starts, w, h, n):
    r = ta_reader(src, w, h, n)
    for s in starts:
        r.seek(s, "precise")      # torchaudio 2.x; 0.13 has no exact seek
        r.fill_buffer()
        yield r.pop_chunks()[0]


def ta_file(path, w, h, rate):
    r = ta_reader(path, w, h, 60, rate)
    video, audio = [], []
    for v, a in r.stream():
        if v is not None:
            video.append(v)
        if a is not None:
            audio.append(a)
    import torch
    return torch.cat(video), torch.cat(audio)


# ---------------------------------------------------------------- jobs
def first_frames(src, n, w=None, h=None):
    if LIB == "pyav":
        return av_first_frames(src, n, w, h)
    if LIB == "torchaudio":
        return ta_first_frames(src, n, w, h)
    d = tcodec_video(src, w, h)
    return d.get_frames_in_range(0, n).data


def nbytes(t):
    return t.nbytes if isinstance(t, np.ndarray) else t.numel() * t.element_size()


def job_first100(src):
    t0 = now()
    v = first_frames(src, 100)
    t = now() - t0
    out_line(0, v.shape[0], nbytes(v))
    print(f"result seconds={t:.4f} items=1")


def job_clips(src, starts, w, h, n):
    starts = [float(x) for x in starts.split(",")]
    fn = {"pyav": av_clips, "torchaudio": ta_clips}.get(LIB, tcodec_clips)
    frames = nb = k = 0
    t0 = now()
    # each clip is consumed and let go, as a data loader does
    for c in fn(src, starts, w, h, n):
        frames, nb, k = frames + c.shape[0], nb + nbytes(c), k + 1
    t = now() - t0
    out_line(0, frames, nb)
    print(f"result seconds={t:.4f} items={k}")


def job_many_files(listfile, w, h, rate):
    paths = open(listfile).read().split()
    fn = {"pyav": av_file, "torchaudio": ta_file}.get(LIB, tcodec_file)
    frames, nb = [0, 0], [0, 0]
    t0 = now()
    for p in paths:
        for i, t in enumerate(fn(p, w, h, rate)):
            frames[i] += t.shape[0]
            nb[i] += nbytes(t)
    t = now() - t0
    out_line(0, frames[0], nb[0])
    out_line(1, frames[1], nb[1])
    print(f"result seconds={t:.4f} items={len(paths)}")


def job_first_chunk(src, w, h, repeat):
    v = first_frames(src, 1, w, h)
    cold = time.time() - int(os.environ.get("BENCH_T0_NS", time.time_ns())) / 1e9
    warm, frames, nb = [], v.shape[0], nbytes(v)
    for _ in range(repeat):
        t0 = now()
        v = first_frames(src, 1, w, h)
        warm.append(now() - t0)
        frames += v.shape[0]
        nb += nbytes(v)
    warm.sort()
    out_line(0, frames, nb)
    print(f"result first_s={cold:.4f} warm_s={warm[len(warm) // 2] if warm else 0:.4f} items={repeat}")


def main(argv):
    global LIB
    if len(argv) < 4:
        raise SystemExit(__doc__)
    LIB, job, args = argv[1], argv[2], argv[3:]
    # imported before the timed work, as a program that uses it has done
    if LIB == "pyav":
        import av  # noqa: F401
    elif LIB == "torchaudio":
        import torchaudio.io  # noqa: F401
    else:
        import torchcodec.decoders  # noqa: F401
    if job == "stream":
        if LIB != "pyav" and not LIB.startswith("torchcodec"):
            raise SystemExit("peer.py: stream is ta_stream.py's for torchaudio")
        (av_stream if LIB == "pyav" else tcodec_stream)(args[0], args[1:])
    elif job == "first100":
        job_first100(args[0])
    elif job == "clips":
        job_clips(args[0], args[1], int(args[2]), int(args[3]), int(args[4]))
    elif job == "many-files":
        job_many_files(args[0], int(args[1]), int(args[2]), int(args[3]))
    elif job == "first-chunk":
        job_first_chunk(args[0], int(args[1]), int(args[2]), int(args[3]))
    else:
        raise SystemExit(f"peer.py: unknown job {job}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
