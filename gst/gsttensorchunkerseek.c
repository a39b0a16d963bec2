/* GStreamer tensorchunker: seeking
 * Copyright (C) 2026 The gst-tensorchunker authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * This library is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
 * Library General Public License for more details.
 *
 * You should have received a copy of the GNU Library General Public
 * License along with this library; if not, write to the
 * Free Software Foundation, Inc., 51 Franklin St, Fifth Floor,
 * Boston, MA 02110-1301, USA.
 */


#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gsttensorchunkersrcpriv.h"

#define GST_CAT_DEFAULT gst_tensor_chunker_debug

/*
 * A TIME seek, in steps: parse and check it; take the seek lock (seeks of
 * several threads take turns) and claim its seqnum (a seek sent to a
 * pipeline reaches us through every sink: only the first copy does the
 * work); unblock the streaming thread (a flushing seek sends flush-start
 * downstream; either way the core is interrupted and the task paused);
 * then, with the stream lock, seek the core, flush-stop (flushing only),
 * reset the segments and restart the task.
 *
 * A non-flushing seek keeps what is queued downstream: the streaming
 * thread finishes the push in progress (waiting for the consumer, as any
 * non-flushing seek does), and the new segment follows the chunks already
 * pushed, its base the running time they reached, so that a SEGMENT seek
 * sent in reply to SEGMENT_DONE loops without a gap.
 *
 * Locking: seek_lock, then STREAM_LOCK, then the object lock, never the
 * other way.  The object lock guards streaming, seekable, live and
 * seek_seqnum; the task is paused or started only under it while
 * streaming, so that a stop (which clears streaming under it) and a seek
 * never leave the task in a state the other does not expect.
 */

typedef struct
{
  guint32 seqnum;
  gint64 start;
  gint64 stop;                  /* -1: none */
  gboolean accurate;
  gboolean flush;
  gboolean segment;             /* ends with segment-done, not EOS */
} GstTensorChunkerSeek;

/* Fills @seek from @event; FALSE for a seek we do not do. */
static gboolean
gst_tensor_chunker_seek_parse (GstTensorChunkerSrc * self, GstEvent * event,
    GstTensorChunkerSeek * seek)
{
  gdouble rate;
  GstFormat format;
  GstSeekFlags flags;
  GstSeekType start_type, stop_type;
  const gchar *refused = NULL;

  gst_event_parse_seek (event, &rate, &format, &flags, &start_type,
      &seek->start, &stop_type, &seek->stop);
  GST_DEBUG_OBJECT (self, "seek %" GST_PTR_FORMAT, event);
  seek->seqnum = gst_event_get_seqnum (event);
  seek->accurate = (flags & GST_SEEK_FLAG_ACCURATE) != 0;
  seek->flush = (flags & GST_SEEK_FLAG_FLUSH) != 0;
  seek->segment = (flags & GST_SEEK_FLAG_SEGMENT) != 0;
  if (stop_type != GST_SEEK_TYPE_SET)
    seek->stop = -1;

  if (format != GST_FORMAT_TIME)
    refused = "not in TIME format";
  else if (rate != 1.0)
    refused = "at a rate other than 1.0";
  else if (start_type != GST_SEEK_TYPE_SET || seek->start < 0)
    refused = "without an absolute start";
  if (refused != NULL)
    GST_DEBUG_OBJECT (self, "refusing seek %s (format %s, rate %f)",
        refused, gst_format_get_name (format), rate);
  return refused == NULL;
}

/* Called with the seek lock.  Claims the seek for this seqnum: FALSE when
 * it cannot be done now, or when it was done already (*@done TRUE). */
static gboolean
gst_tensor_chunker_seek_claim (GstTensorChunkerSrc * self, guint32 seqnum,
    gboolean * done)
{
  gboolean claimed = FALSE;

  *done = FALSE;
  GST_OBJECT_LOCK (self);
  if (!self->streaming || !self->seekable || self->live) {
    GST_DEBUG_OBJECT (self, "not seekable now");
  } else if (seqnum == self->seek_seqnum) {
    GST_DEBUG_OBJECT (self, "seek %u already handled", seqnum);
    *done = TRUE;
  } else {
    self->seek_seqnum = seqnum;
    claimed = TRUE;
  }
  GST_OBJECT_UNLOCK (self);
  return claimed;
}

/* Unblocks the streaming thread: pushes return FLUSHING (a flushing seek
 * only), reads return INTERRUPTED; then it holds the stream lock no more.
 * FALSE when a stop came first. */
static gboolean
gst_tensor_chunker_seek_unblock (GstTensorChunkerSrc * self,
    const GstTensorChunkerSeek * seek)
{
  GstEvent *flush;
  gboolean streaming;

  if (seek->flush) {
    flush = gst_event_new_flush_start ();
    gst_event_set_seqnum (flush, seek->seqnum);
    gst_tensor_chunker_src_push_event_all (self, flush);
  }
  /* Under the object lock, and only while streaming: a stop that set
   * streaming to FALSE since the claim may be joining the task already,
   * and a pause now would take the task from STOPPED back to PAUSED under
   * the join, which then waited forever (tests/check/stress.c,
   * test_stop_during_seeks); our interrupt, after that stop's end, failed
   * the next run's open.  Paused before the stop, the stop's join stops
   * the task again and its end clears the interrupt. */
  GST_OBJECT_LOCK (self);
  streaming = self->streaming;
  if (streaming) {
    tc_source_interrupt (self->source, TRUE);
    /* a read waiting for upstream's bytes */
    gst_tensor_chunker_byte_stream_interrupt (self->bytes, TRUE);
    gst_task_pause (self->task);
  }
  GST_OBJECT_UNLOCK (self);
  if (!streaming)
    GST_DEBUG_OBJECT (self, "stopped before the seek could start");
  return streaming;
}

/* Called with the stream lock, before the segments are reset: the running
 * time the chunks pushed so far reach (the latest of the outputs), where a
 * non-flushing seek's segment goes on from. */
static GstClockTime
gst_tensor_chunker_seek_running_end (GstTensorChunkerSrc * self)
{
  GstClockTime end = 0;
  guint i;

  for (i = 0; i < self->outputs->len; i++) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);
    GstSegment *segment = &output->segment;
    GstClockTime position, running;

    if (output->id < 0)
      continue;
    GST_OBJECT_LOCK (self);
    position = output->position;
    GST_OBJECT_UNLOCK (self);
    if (!GST_CLOCK_TIME_IS_VALID (position))
      continue;
    position = MAX (position, segment->start);
    if (GST_CLOCK_TIME_IS_VALID (segment->stop))
      position = MIN (position, segment->stop);
    running = gst_segment_to_running_time (segment, GST_FORMAT_TIME, position);
    if (GST_CLOCK_TIME_IS_VALID (running))
      end = MAX (end, running);
  }
  return end;
}

/* Called with the stream lock: the segments of the seek that starts at
 * @start, and for a SEGMENT seek, SEGMENT_START on the bus. */
static void
gst_tensor_chunker_seek_set_segments (GstTensorChunkerSrc * self,
    const GstTensorChunkerSeek * seek, GstClockTime start)
{
  GstClockTime base, stop;
  GstElement *bin;
  GstMessage *message;
  guint i;

  base = seek->flush ? 0 : gst_tensor_chunker_seek_running_end (self);
  stop = seek->stop >= 0 ? (GstClockTime) seek->stop : GST_CLOCK_TIME_NONE;
  gst_tensor_chunker_src_reset_segments (self, start, stop, seek->seqnum);
  for (i = 0; i < self->outputs->len; i++) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);

    output->segment.base = base;
    if (seek->segment)
      output->segment.flags |= GST_SEGMENT_FLAG_SEGMENT;
  }
  self->segment_seek = seek->segment;
  GST_DEBUG_OBJECT (self, "new segment from %" GST_TIME_FORMAT " at running "
      "time %" GST_TIME_FORMAT "%s", GST_TIME_ARGS (start),
      GST_TIME_ARGS (base), seek->segment ? ", ending in segment-done" : "");
  if (!seek->segment)
    return;
  bin = gst_tensor_chunker_src_get_bin (self);
  message = gst_message_new_segment_start (GST_OBJECT_CAST (bin),
      GST_FORMAT_TIME, (gint64) start);
  gst_message_set_seqnum (message, seek->seqnum);
  gst_element_post_message (bin, message);
  gst_object_unref (bin);
}

/* Called with the stream lock when the core's seek failed. */
static void
gst_tensor_chunker_seek_failed (GstTensorChunkerSrc * self, GError * error)
{
  if (g_error_matches (error, TC_ERROR, TC_ERROR_INTERRUPTED)) {
    /* Seeks taking turns, only a stop interrupts one: the stop ends the
     * run, this is no error (it was posted as one, with EOS pushed into
     * the outputs being stopped: tests/check/stress.c,
     * test_stop_during_seeks). */
    GST_DEBUG_OBJECT (self, "seek interrupted by a stop");
    return;
  }
  /* with why the byte stream's seek upstream failed, if it did */
  gst_tensor_chunker_src_post_error (self, error);
  gst_tensor_chunker_src_push_eos_all (self);
}

/* Called with the stream lock, the streaming thread unblocked: seeks the
 * core and starts the task again from where it landed. */
static gboolean
gst_tensor_chunker_seek_core (GstTensorChunkerSrc * self,
    const GstTensorChunkerSeek * seek)
{
  gint64 landed = TC_TIME_NONE;
  GError *error = NULL;
  GstEvent *flush;
  gboolean ok;

  tc_source_interrupt (self->source, FALSE);
  gst_tensor_chunker_byte_stream_interrupt (self->bytes, FALSE);
  ok = tc_source_seek (self->source, seek->start, seek->accurate, &landed,
      &error);
  GST_DEBUG_OBJECT (self, "seek to %" GST_TIME_FORMAT " landed at %"
      GST_TIME_FORMAT, GST_TIME_ARGS (seek->start),
      GST_TIME_ARGS (time_from_tc (landed)));

  if (seek->flush) {
    flush = gst_event_new_flush_stop (TRUE);
    gst_event_set_seqnum (flush, seek->seqnum);
    gst_tensor_chunker_src_push_event_all (self, flush);
  }

  if (ok) {
    gst_tensor_chunker_seek_set_segments (self, seek, time_from_tc (landed !=
            TC_TIME_NONE ? landed : seek->start));
    GST_OBJECT_LOCK (self);
    if (self->streaming)
      gst_task_start (self->task);
    GST_OBJECT_UNLOCK (self);
  } else {
    gst_tensor_chunker_seek_failed (self, error);
    g_clear_error (&error);
  }
  return ok;
}

/* Takes the stream lock from the unblocked streaming thread and seeks,
 * unless a stop (PAUSED->READY) took it first: the run is over then, the
 * source may be closed, and the stop clears our interrupt as it ends. */
static gboolean
gst_tensor_chunker_seek_locked (GstTensorChunkerSrc * self,
    const GstTensorChunkerSeek * seek)
{
  gboolean streaming, ok = FALSE;

  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  GST_OBJECT_LOCK (self);
  streaming = self->streaming;
  GST_OBJECT_UNLOCK (self);
  if (streaming)
    ok = gst_tensor_chunker_seek_core (self, seek);
  else
    GST_DEBUG_OBJECT (self, "stopped while seeking");
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
  return ok;
}

gboolean
gst_tensor_chunker_src_handle_seek (GstTensorChunkerSrc * self,
    GstEvent * event)
{
  GstTensorChunkerSeek seek;
  gboolean res = FALSE, done;

  if (!gst_tensor_chunker_seek_parse (self, event, &seek))
    goto refused;

  /* Seeks sent on several pads from several threads (not through the
   * pipeline, whose state lock serialises them) take turns: a second
   * seek's interrupt must not break the first one's seek in the core,
   * which failed then with an "interrupted" error (tests/check/stress.c,
   * test_seek_storm). */
  g_rec_mutex_lock (&self->seek_lock);
  if (gst_tensor_chunker_seek_claim (self, seek.seqnum, &done)) {
    if (gst_tensor_chunker_seek_unblock (self, &seek))
      res = gst_tensor_chunker_seek_locked (self, &seek);
  } else {
    res = done;
  }
  g_rec_mutex_unlock (&self->seek_lock);

refused:
  return res;
}
