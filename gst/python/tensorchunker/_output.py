# tensorchunker: one output of the StreamReader (a request pad + appsink)
# Copyright (C) 2026 The gst-tensorchunker authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""An output: the element's request pad, the appsink it feeds, and the
chunks received and not yet popped.

The appsink hands every chunk over at once (new-sample, in the streaming
thread) to the output's queue.  The queue is bounded by waiting, never by
dropping: when it holds @hold chunks (one, with the output's
buffer_chunk_size in the element's own queue before it, where waiting
takes no GIL) the streaming thread waits in new-sample, unless the
consumer is itself waiting for data (in fill_buffer or process_packet),
which could otherwise wait on an output whose chunks come after the full
one's.  A live source is then held up in the element, whose own queue
drops the oldest chunk and counts it.

Locking: every field below but the constant ones is guarded by the
reader's Shared.cond.
"""
import collections

from ._gst import Gst, make_element

__all__ = ["Shared", "Output"]


class Shared:
    """What the streaming threads and the consumer share: the condition
    (and its lock), the first error, and the wait rules."""

    def __init__(self, cond):
        self.cond = cond
        self.error = None          # the first ERROR message's text
        self.warnings = []         # WARNING messages not yet raised
        self.dropped = 0           # tensorchunker-drop messages seen
        self.consumer_waiting = False
        self.consumer_done = None  # what it waits for; None: unknown
        self.closing = False       # a state change down is under way
        self.arrivals = 0          # chunks received, ever
        self.collections = 0       # stream collections posted, ever


class Output:
    """One output stream.  @kind: "audio" or "video"; @frames_per_chunk as
    the user gave it (-1 allowed); @hold: the chunks the queue takes before
    the streaming thread waits (-1: no limit)."""

    def __init__(self, shared, kind, frames_per_chunk, hold):
        self.shared = shared
        self.kind = kind
        self.frames_per_chunk = frames_per_chunk
        self.cap = hold if hold > 0 else None
        self.queue = collections.deque()
        self.eos = False
        self.flushing = False
        self.removed = False
        self.layout = None          # _CapsLayout of the last chunk popped
        self.next_pts = None        # seconds: where the next chunk starts
        self.format = None          # the format asked for
        self.pad = None
        self.sink = None
        self.ids = []

    def attach(self, pipeline, pad, running=False):
        """Links @pad to a new appsink in @pipeline; when the pipeline is
        @running, the appsink is brought to its state before the link, as
        the element asks of a branch joining it, and does not preroll: an
        asynchronous sink joining would take the pipeline's state away
        until it prerolled."""
        self.pad = pad
        sink = make_element("appsink")
        sink.set_property("sync", False)
        sink.set_property("emit-signals", True)
        sink.set_property("enable-last-sample", False)
        sink.set_property("max-buffers", 0)
        self.ids = [sink.connect("new-sample", self._on_new_sample),
                    sink.connect("eos", self._on_eos)]
        sinkpad = sink.get_static_pad("sink")
        sinkpad.add_probe(Gst.PadProbeType.EVENT_FLUSH, self._on_flush)
        pipeline.add(sink)
        if running:
            sink.set_property("async", False)
            sink.sync_state_with_parent()
        if pad.link(sinkpad) != Gst.PadLinkReturn.OK:
            raise RuntimeError(f"could not link {pad.get_name()}")
        self.sink = sink

    def detach(self, pipeline, element):
        """Releases the pad (which unlinks it) and removes the appsink.
        Until the element has let the output go, what still comes is
        taken and dropped: a FLUSHING or NOT_LINKED answer would stop the
        element's task for every output."""
        with self.shared.cond:
            self.removed = True
            self.queue.clear()
            self.shared.cond.notify_all()
        element.release_request_pad(self.pad)
        self.sink.set_state(Gst.State.NULL)
        for i in self.ids:
            self.sink.disconnect(i)
        pipeline.remove(self.sink)
        self.sink = self.pad = None

    def reset(self):
        """After a state change down: nothing queued, not at the end.
        Called with the lock."""
        self.queue.clear()
        self.eos = False
        self.flushing = False
        self.next_pts = None

    def _full(self):
        # Past the cap only while the waiting consumer does not have what
        # it waits for: it may wait on another output, whose chunks come
        # after this one's.  Once it has it, it wakes and pops; letting
        # more in until it gets the GIL and a core would grow the queue
        # without bound (a 1080p chunk is 6 MiB).
        shared = self.shared
        return (self.cap is not None and len(self.queue) >= self.cap
                and not (shared.consumer_waiting
                         and (shared.consumer_done is None
                              or not shared.consumer_done())))

    # streaming thread
    def _on_new_sample(self, sink):
        sample = sink.pull_sample()
        shared = self.shared
        with shared.cond:
            while (self._full() and not self.flushing and not shared.closing
                   and not self.removed):
                shared.cond.wait()
            if self.removed:
                return Gst.FlowReturn.OK
            if self.flushing or shared.closing:
                return Gst.FlowReturn.FLUSHING
            self.queue.append(sample)
            shared.arrivals += 1
            shared.cond.notify_all()
        return Gst.FlowReturn.OK

    def _on_eos(self, sink):
        with self.shared.cond:
            self.eos = True
            self.shared.cond.notify_all()

    # the thread that flushes (a seek's)
    def _on_flush(self, pad, info):
        event = info.get_event()
        with self.shared.cond:
            if event.type == Gst.EventType.FLUSH_START:
                self.flushing = True
            elif event.type == Gst.EventType.FLUSH_STOP:
                # what came before the flush is not wanted any more
                self.queue.clear()
                self.eos = False
                self.flushing = False
            self.shared.cond.notify_all()
        return Gst.PadProbeReturn.OK


