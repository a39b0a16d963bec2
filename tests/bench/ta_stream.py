#!/usr/bin/python3
"""torchaudio's StreamReader on one benchmark job (run.sh's "torchaudio" system).

    ta_stream.py [--tensorchunker] SRC OUTPUT...

With --tensorchunker the same code runs on tensorchunker's Python module
(run.sh's "python" system): the import is the only difference.

OUTPUT is run.sh's output spec, one per output stream:
    a:RATE:CHANNELS:FRAMES_PER_CHUNK               (CHANNELS 0 = the source's)
    v:WIDTH:HEIGHT:FORMAT:FRAME_RATE:FRAMES_PER_CHUNK  (FRAME_RATE 0 = the source's)

Reads the whole source with stream() and prints, per output,
    output N frames=F bytes=B chunks=C shape=LAST_CHUNK_SHAPE
then "torchaudio: EOS".  Exit status 0 when every output produced data.
"""
import sys

if len(sys.argv) > 1 and sys.argv[1] == "--tensorchunker":
    del sys.argv[1]
    from tensorchunker import StreamReader
else:
    from torchaudio.io import StreamReader


def add_output(reader, spec):
    kind, *f = spec.split(":")
    if kind == "a":
        rate, channels, fpc = (int(x) for x in f)
        if channels:
            # add_basic_audio_stream cannot remix: the same chain it builds, plus the layout
            layout = {1: "mono", 2: "stereo"}[channels]
            reader.add_audio_stream(
                fpc, filter_desc=f"aresample={rate},aformat=sample_fmts=fltp:channel_layouts={layout}")
        else:
            reader.add_basic_audio_stream(fpc, sample_rate=rate)
    elif kind == "v":
        width, height, fmt, fps, fpc = int(f[0]), int(f[1]), f[2], int(f[3]), int(f[4])
        reader.add_basic_video_stream(fpc, frame_rate=fps or None, width=width, height=height,
                                      format=fmt)
    else:
        raise SystemExit(f"ta_stream.py: bad output spec {spec!r}")


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    reader = StreamReader(sys.argv[1])
    specs = sys.argv[2:]
    for spec in specs:
        add_output(reader, spec)
    frames = [0] * len(specs)
    nbytes = [0] * len(specs)
    chunks = [0] * len(specs)
    shapes = [None] * len(specs)
    for cs in reader.stream():
        for i, c in enumerate(cs):
            if c is not None:
                frames[i] += c.shape[0]
                nbytes[i] += c.numel() * c.element_size()
                chunks[i] += 1
                shapes[i] = tuple(c.shape)
    for i in range(len(specs)):
        print(f"output {i} frames={frames[i]} bytes={nbytes[i]} chunks={chunks[i]} shape={shapes[i]}")
    print("torchaudio: EOS")
    return 0 if all(frames) else 1


if __name__ == "__main__":
    sys.exit(main())
