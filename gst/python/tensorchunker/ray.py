# tensorchunker.ray: media to tensors as a Ray Data source
# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A Ray Data source over StreamReader: one row per chunk.

    import tensorchunker.ray
    ds = tensorchunker.ray.read_media(
        "corpus/*.mp4",
        [{"type": "audio", "frames_per_chunk": 16000, "sample_rate": 16000},
         {"type": "video", "frames_per_chunk": 8, "width": 224,
          "height": 224, "frame_rate": 8}],
        split_seconds=60)
    ds.write_parquet("out/")

Rows: ``path`` (str), ``output`` (the index in ``outputs``), ``pts``
(seconds, float), ``data`` (the chunk: audio (N, C), video (N, C, H, W)) and
``error`` ("" for a chunk; see ``on_error``).

Each read task decodes one unit of work with the element: a file, or with
``split_seconds`` a time range of one.  Ranges start at times that are a
whole number of chunks of every output, reached with an exact
(``mode="precise"``) seek, so the rows of the ranges of a file are the rows
of one sequential run, in order.  A unit's rows are made into one block
and returned only when the unit is done, so a unit that Ray retries (a lost
worker, or an error with ``retry_exceptions``) never yields a row twice.

Ray does the rest: scheduling, retries, backpressure, progress, and the
writers (``write_parquet``, ``write_numpy``).  ``python3 -m
tensorchunker.ray convert`` runs the same from the command line.
"""
import argparse
import glob
import logging
import math
import os
import sys
from fractions import Fraction
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

import numpy as np

import ray
import pyarrow
from ray.air.util.object_extensions.arrow import ArrowPythonObjectArray
from ray.air.util.tensor_extensions.arrow import ArrowTensorArray
from ray.data.block import BlockMetadata
from ray.data.datasource import Datasource, ReadTask

__all__ = ["read_media", "MediaDatasource"]

logger = logging.getLogger(__name__)

_ADD = {
    ("audio", False): "add_basic_audio_stream",
    ("video", False): "add_basic_video_stream",
    ("audio", True): "add_audio_stream",
    ("video", True): "add_video_stream",
}


def _check_outputs(outputs: Sequence[Dict[str, Any]]):
    if not outputs:
        raise ValueError("outputs: at least one output is needed")
    for i, o in enumerate(outputs):
        if o.get("type") not in ("audio", "video"):
            raise ValueError(f"outputs[{i}]: 'type' must be 'audio' or "
                             f"'video', not {o.get('type')!r}")
        if "frames_per_chunk" not in o:
            raise ValueError(f"outputs[{i}]: 'frames_per_chunk' is needed")


def _add_outputs(reader, outputs) -> List[int]:
    """Adds the outputs the source can give; returns, per output added, its
    index in `outputs`.  An output without a stream_index on a source
    without a stream of its type (a video output on an audio file) is left
    out: a corpus may mix audio, video and both."""
    added = []
    for i, o in enumerate(outputs):
        default = (reader.default_audio_stream if o["type"] == "audio"
                   else reader.default_video_stream)
        if o.get("stream_index") is None and default is None:
            continue
        kwargs = {k: v for k, v in o.items() if k != "type"}
        getattr(reader, _ADD[(o["type"], "filter_desc" in o)])(**kwargs)
        added.append(i)
    return added


def _output_period(reader, o) -> Optional[Fraction]:
    """The time between the first frames of consecutive chunks of an output,
    or None when its rate is not known before decoding."""
    if o["type"] == "audio":
        rate = o.get("sample_rate")
        index = o.get("stream_index", reader.default_audio_stream)
    else:
        rate = o.get("frame_rate")
        index = o.get("stream_index", reader.default_video_stream)
    if rate is None and index is not None and "filter_desc" not in o:
        info = reader.get_src_stream_info(index)
        rate = (info.sample_rate if o["type"] == "audio"
                else info.frame_rate)
    if not rate:
        return None
    step = o.get("hop") or o["frames_per_chunk"]
    if step <= 0:
        return None
    return Fraction(step) / Fraction(rate).limit_denominator(1001000)


def _lcm(a: Fraction, b: Fraction) -> Fraction:
    # lcm of reduced fractions: lcm of numerators over gcd of denominators
    return Fraction(math.lcm(a.numerator, b.numerator),
                    math.gcd(a.denominator, b.denominator))


def _duration(path) -> float:
    """The source's duration in seconds (0 when unknown): the element
    answers it in READY, before any output is added."""
    from tensorchunker._gst import Gst, make_element
    element = make_element("tensorchunker")
    element.set_property("location", path)
    try:
        if element.set_state(Gst.State.READY) == Gst.StateChangeReturn.FAILURE:
            return 0.0
        ok, duration = element.query_duration(Gst.Format.TIME)
        return duration / Gst.SECOND if ok and duration > 0 else 0.0
    finally:
        element.set_state(Gst.State.NULL)


def _plan(path: str, outputs, split_seconds: Optional[float]):
    """The units of one file: [(path, start, stop)], times in seconds as
    Fractions (stop None: to the end)."""
    if not split_seconds:
        return [(path, Fraction(0), None)]
    from tensorchunker import StreamReader
    reader = StreamReader(path)
    try:
        periods = [_output_period(reader, o) for o in outputs]
    finally:
        reader.close()
    duration = _duration(path)
    if None in periods or duration <= 0:
        logger.warning("%s: not split (an output's rate or the duration is "
                       "unknown before decoding)", path)
        return [(path, Fraction(0), None)]
    grid = periods[0]
    for p in periods[1:]:
        grid = _lcm(grid, p)
    step = max(1, round(Fraction(split_seconds) / grid)) * grid
    starts = []
    t = Fraction(0)
    while t < duration:
        starts.append(t)
        t += step
    stops = starts[1:] + [None]
    return [(path, a, b) for a, b in zip(starts, stops)]


def _read_unit(path, start, stop, outputs) -> Dict[str, list]:
    from tensorchunker import StreamReader
    rows = {"path": [], "output": [], "pts": [], "data": [], "error": []}
    reader = StreamReader(path)
    try:
        index = _add_outputs(reader, outputs)
        if start > 0:
            reader.seek(float(start), mode="precise")
        done = [False] * len(index)
        for chunks in reader.stream():
            for j, c in enumerate(chunks):
                if c is None or done[j]:
                    continue
                pts = float(c.pts)
                # a chunk that starts at the stop is the next unit's first
                if stop is not None and pts >= float(stop) - 1e-6:
                    done[j] = True
                    continue
                rows["path"].append(path)
                rows["output"].append(index[j])
                rows["pts"].append(pts)
                rows["data"].append(np.array(c))
                rows["error"].append("")
            if index and all(done):
                break
    finally:
        reader.close()
    return rows


_AUDIO_DTYPES = {"u8": np.uint8, "s16": np.int16, "s32": np.int32,
                 "s64": np.int64, "flt": np.float32, "dbl": np.float64}


def _empty_chunk(o) -> np.ndarray:
    """A chunk of no frames, of the rank and dtype the output gives, for
    the row of a unit that failed: it joins the output's tensor column."""
    fmt = o.get("format") or ""
    if o["type"] == "audio":
        return np.zeros((0, 0), _AUDIO_DTYPES.get(fmt.rstrip("p"),
                                                  np.float32))
    return np.zeros((0, 0, 0, 0),
                    np.int16 if fmt.startswith("gray16") else np.uint8)


def _error_rows(path, message, outputs) -> Dict[str, list]:
    return {"path": [path], "output": [-1], "pts": [math.nan],
            "data": [_empty_chunk(outputs[0])], "error": [message]}


def _uniform(outputs) -> bool:
    """Whether every output gives tensors of one rank and dtype: then the
    data column is a tensor column; else a column of Python objects (Ray
    cannot put (N, C) and (N, C, H, W) tensors in one tensor column)."""
    kinds = {(o["type"], o.get("format")) for o in outputs}
    return len(kinds) == 1


def _to_block(rows: Dict[str, list], uniform: bool):
    data = rows["data"]
    if uniform and data and all(d.shape == data[0].shape for d in data):
        column = np.stack(data)
    else:
        column = np.empty(len(data), dtype=object)
        column[:] = data
    if not uniform:
        column = ArrowPythonObjectArray.from_objects(list(column))
    return pyarrow.table({
        "path": pyarrow.array(rows["path"], pyarrow.string()),
        "output": pyarrow.array(rows["output"], pyarrow.int64()),
        "pts": pyarrow.array(rows["pts"], pyarrow.float64()),
        "data": column if not uniform else _tensor_array(column),
        "error": pyarrow.array(rows["error"], pyarrow.string()),
    })


def _tensor_array(column):
    # fixed-shape when every chunk has one shape, variable-shaped (a short
    # last chunk) otherwise
    return ArrowTensorArray.from_numpy(column, "data")


class MediaDatasource(Datasource):
    """The Datasource behind read_media (see the module's documentation)."""

    def __init__(self, paths: Union[str, Sequence[str]],
                 outputs: Sequence[Dict[str, Any]], *,
                 split_seconds: Optional[float] = None,
                 on_error: str = "raise"):
        if on_error not in ("raise", "skip"):
            raise ValueError("on_error must be 'raise' or 'skip'")
        _check_outputs(outputs)
        self._paths = _expand(paths)
        self._outputs = [dict(o) for o in outputs]
        self._split_seconds = split_seconds
        self._on_error = on_error

    def estimate_inmemory_data_size(self) -> Optional[int]:
        return None

    def _units(self):
        units = []
        for path in self._paths:
            try:
                units.extend(_plan(path, self._outputs, self._split_seconds))
            except Exception as e:  # noqa: BLE001 - the read task reports it
                logger.warning("%s: not split: %s", path, e)
                units.append((path, Fraction(0), None))
        return units

    def get_read_tasks(self, parallelism: int) -> List[ReadTask]:
        outputs = self._outputs
        on_error = self._on_error
        uniform = _uniform(outputs)

        def make(path, start, stop):
            def read_fn() -> Iterable:
                try:
                    rows = _read_unit(path, start, stop, outputs)
                except Exception as e:  # noqa: BLE001
                    if on_error == "raise":
                        raise
                    logger.error("%s: %s", path, e)
                    rows = _error_rows(path, f"{type(e).__name__}: {e}",
                                       outputs)
                yield _to_block(rows, uniform)
            return read_fn

        tasks = []
        for path, start, stop in self._units():
            meta = BlockMetadata(num_rows=None, size_bytes=None, schema=None,
                                 input_files=[path], exec_stats=None)
            tasks.append(ReadTask(make(path, start, stop), meta))
        return tasks


def _expand(paths) -> List[str]:
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out = []
    for p in map(os.fspath, paths):
        if "://" in p or not glob.has_magic(p):
            out.append(p)
            continue
        matched = sorted(glob.glob(p))
        if not matched:
            raise FileNotFoundError(f"{p}: no file matches")
        out.extend(matched)
    if not out:
        raise ValueError("paths: no path given")
    return out


def read_media(paths: Union[str, Sequence[str]],
               outputs: Sequence[Dict[str, Any]], *,
               split_seconds: Optional[float] = None,
               on_error: str = "raise",
               **ray_options) -> "ray.data.Dataset":
    """A Dataset with one row per chunk of every output of every path.

    paths: a path, URL or glob, or a list of them.
    outputs: one dict per output: ``"type": "audio"`` or ``"video"`` plus
        the keyword arguments of StreamReader's add_basic_audio_stream /
        add_basic_video_stream, or with ``"filter_desc"`` those of
        add_audio_stream / add_video_stream (``hop`` included).
    split_seconds: cut files longer than this into units of about this
        length, at times that are whole chunks of every output.
    on_error: "raise" (default): a unit that fails fails the dataset, after
        Ray's retries; "skip": a unit that fails gives no chunk rows but one
        row with output -1, pts NaN, empty data and ``error`` naming the
        exception and the element's message.
    ray_options: passed to ray.data.read_datasource (``ray_remote_args``,
        ``concurrency``, ``override_num_blocks``...).  By default a read
        task that raises is retried 3 times (``retry_exceptions``).
    """
    source = MediaDatasource(paths, outputs, split_seconds=split_seconds,
                             on_error=on_error)
    remote = {"max_retries": 3, "retry_exceptions": on_error == "raise"}
    remote.update(ray_options.pop("ray_remote_args", None) or {})
    return ray.data.read_datasource(source, ray_remote_args=remote,
                                    **ray_options)


# --- python3 -m tensorchunker.ray convert ----------------------------------

def _parse_value(v: str):
    for kind in (int, float):
        try:
            return kind(v)
        except ValueError:
            pass
    return v


def _parse_output(kind: str, spec: str) -> Dict[str, Any]:
    out: Dict[str, Any] = {"type": kind}
    for item in filter(None, spec.split(",")):
        key, sep, value = item.partition("=")
        if not sep:
            raise argparse.ArgumentTypeError(
                f"--{kind} {spec}: '{item}' is not key=value")
        out[key.strip()] = _parse_value(value.strip())
    out.setdefault("frames_per_chunk", 1024 if kind == "audio" else 1)
    return out


def _convert(args) -> int:
    outputs = [_parse_output("audio", s) for s in args.audio] + \
        [_parse_output("video", s) for s in args.video]
    if not outputs:
        print("convert: give at least one --audio or --video", file=sys.stderr)
        return 2
    ray.init(address=args.address)
    ds = read_media(args.src, outputs, split_seconds=args.split_seconds,
                    on_error="skip" if args.skip_errors else "raise")
    if args.format == "parquet":
        ds.write_parquet(args.out)
    else:
        for i in range(len(outputs)):
            ds.filter(lambda r, i=i: r["output"] == i).write_numpy(
                os.path.join(args.out, f"output_{i}"), column="data")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m tensorchunker.ray",
        description="Media to tensors with Ray Data and tensorchunker.")
    sub = parser.add_subparsers(dest="command", required=True)
    conv = sub.add_parser("convert", help="decode files into Ray's writers")
    conv.add_argument("src", nargs="+", help="paths, URLs or globs")
    conv.add_argument("out", help="output directory")
    conv.add_argument("--audio", action="append", default=[],
                      metavar="K=V,...", help="an audio output, e.g. "
                      "sample_rate=16000,frames_per_chunk=16000")
    conv.add_argument("--video", action="append", default=[],
                      metavar="K=V,...", help="a video output, e.g. "
                      "width=224,height=224,frame_rate=8,frames_per_chunk=8")
    conv.add_argument("--split-seconds", type=float, default=None)
    conv.add_argument("--format", choices=("parquet", "numpy"),
                      default="parquet")
    conv.add_argument("--skip-errors", action="store_true",
                      help="a file that fails gives an error row instead "
                      "of failing the job")
    conv.add_argument("--address", default=None,
                      help="a Ray cluster (ray://host:port or host:port); "
                      "default: a local one")
    args = parser.parse_args(argv)
    return _convert(args)


if __name__ == "__main__":
    sys.exit(main())
