/* GStreamer tensorchunker: sticky events and EOS
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

#include <string.h>

#include "gsttensorchunkersrcpriv.h"

#define GST_CAT_DEFAULT gst_tensor_chunker_debug

/*
 * The events an output owes downstream, and its segment: the sticky
 * events before data (stream-start, caps, segment, stream-collection), EOS
 * at the end of the input or at a seek's stop, the warning about damaged
 * data at the end, and the flush events a seek sends on every output.
 *
 * Locking: everything here runs with the stream lock, which guards the
 * per-output event state (need_*, segment, caps, eos); the object lock is
 * taken for output->position and the collection, which other threads
 * read.  gst_tensor_chunker_src_push_event_all() alone runs without the
 * stream lock (a seek calls it to unblock the streaming thread).
 */

/* Called with the stream lock, from the streaming thread.  Pushes the
 * sticky events the output owes before data or EOS, in the order they
 * must come: stream-start, caps, segment, stream-collection.  @caps are the
 * caps of the data to come; NULL keeps the current ones (or, before any,
 * those of a full chunk). */
void
gst_tensor_chunker_src_push_pending_events (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output, GstCaps * caps)
{
  GstEvent *event;
  gboolean stream_objects;

  GST_OBJECT_LOCK (self);
  stream_objects = self->stream_objects;
  GST_OBJECT_UNLOCK (self);

  if (output->need_stream_start) {
    event = gst_event_new_stream_start (output->stream_id);
    gst_event_set_group_id (event, self->group_id);
    if (stream_objects)
      gst_event_set_stream (event, output->stream);
    gst_pad_push_event (GST_PAD_CAST (output), event);
    output->need_stream_start = FALSE;
  }

  if (caps == NULL && output->caps == NULL)
    caps = gst_stream_get_caps (output->stream);
  else if (caps != NULL)
    gst_caps_ref (caps);
  if (caps != NULL) {
    if (output->caps == NULL || !gst_caps_is_equal (caps, output->caps)) {
      GST_DEBUG_OBJECT (output, "caps %" GST_PTR_FORMAT, caps);
      gst_pad_push_event (GST_PAD_CAST (output), gst_event_new_caps (caps));
      gst_caps_replace (&output->caps, caps);
    }
    gst_caps_unref (caps);
  }

  if (output->need_segment) {
    GST_DEBUG_OBJECT (output, "segment %" GST_SEGMENT_FORMAT,
        &output->segment);
    event = gst_event_new_segment (&output->segment);
    gst_event_set_seqnum (event, output->segment_seqnum);
    gst_pad_push_event (GST_PAD_CAST (output), event);
    output->need_segment = FALSE;
  }

  if (output->need_collection) {
    GstStreamCollection *collection = NULL;

    GST_OBJECT_LOCK (self);
    if (stream_objects && self->collection != NULL)
      collection = gst_object_ref (self->collection);
    GST_OBJECT_UNLOCK (self);
    if (collection != NULL) {
      gst_pad_push_event (GST_PAD_CAST (output),
          gst_event_new_stream_collection (collection));
      gst_object_unref (collection);
    }
    output->need_collection = FALSE;
  }
}

/* Called with the stream lock. */
void
gst_tensor_chunker_src_push_eos (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output)
{
  if (output->eos || output->id < 0)
    return;

  /* An output nobody links gets no EOS: its queue would answer it with a
   * not-linked error of its own, while not-linked outputs are fine as long
   * as one is linked (and the flow combiner reports it when none is). */
  if (gst_pad_get_last_flow_return (GST_PAD_CAST (output)) ==
      GST_FLOW_NOT_LINKED) {
    GST_DEBUG_OBJECT (output, "not linked, no EOS");
    output->eos = TRUE;
    return;
  }

  gst_tensor_chunker_src_push_pending_events (self, output, NULL);
  GST_DEBUG_OBJECT (output, "pushing EOS");
  gst_pad_push_event (GST_PAD_CAST (output), gst_event_new_eos ());
  output->eos = TRUE;
}

void
gst_tensor_chunker_src_push_eos_all (GstTensorChunkerSrc * self)
{
  guint i;

  for (i = 0; i < self->outputs->len; i++)
    gst_tensor_chunker_src_push_eos (self, g_ptr_array_index (self->outputs,
            i));
}

/* Called with the stream lock: where the segment of @output ended, for
 * segment-done: the seek's stop, or the end of its last chunk. */
static gint64
gst_tensor_chunker_src_segment_end (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output)
{
  gint64 end;

  if (GST_CLOCK_TIME_IS_VALID (output->segment.stop))
    return (gint64) output->segment.stop;
  GST_OBJECT_LOCK (self);
  end = GST_CLOCK_TIME_IS_VALID (output->position) ?
      (gint64) output->position : (gint64) output->segment.start;
  GST_OBJECT_UNLOCK (self);
  return end;
}

/* Called with the stream lock: the normal end of @output, at the end of
 * the input or at the seek's stop.  EOS, or after a SEGMENT seek a
 * segment-done event, which leaves downstream ready for the next segment
 * (an application loops by seeking again when SEGMENT_DONE arrives). */
void
gst_tensor_chunker_src_end_output (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output)
{
  GstEvent *event;

  if (!self->segment_seek) {
    gst_tensor_chunker_src_push_eos (self, output);
    return;
  }
  if (output->eos || output->id < 0)
    return;
  gst_tensor_chunker_src_push_pending_events (self, output, NULL);
  event = gst_event_new_segment_done (GST_FORMAT_TIME,
      gst_tensor_chunker_src_segment_end (self, output));
  gst_event_set_seqnum (event, output->segment_seqnum);
  GST_DEBUG_OBJECT (output, "pushing segment-done");
  gst_pad_push_event (GST_PAD_CAST (output), event);
  output->eos = TRUE;
}

/* Called with the stream lock, the task paused: every output ends; after a
 * SEGMENT seek, SEGMENT_DONE is posted once, after the segment-done
 * events (a seek made in reply finds the task paused, and restarts it). */
void
gst_tensor_chunker_src_end_all (GstTensorChunkerSrc * self)
{
  GstTensorChunkerOutput *last = NULL;
  GstMessage *message;
  GstElement *bin;
  guint i;

  for (i = 0; i < self->outputs->len; i++) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);

    gst_tensor_chunker_src_end_output (self, output);
    if (output->id >= 0)
      last = output;
  }
  if (!self->segment_seek || self->segment_done || last == NULL)
    return;
  self->segment_done = TRUE;
  bin = gst_tensor_chunker_src_get_bin (self);
  message = gst_message_new_segment_done (GST_OBJECT_CAST (bin),
      GST_FORMAT_TIME, gst_tensor_chunker_src_segment_end (self, last));
  gst_message_set_seqnum (message, last->segment_seqnum);
  GST_DEBUG_OBJECT (self, "posting segment-done");
  gst_element_post_message (bin, message);
  gst_object_unref (bin);
}

/* Called with the stream lock, at the end of the input: damaged data the
 * decoders skipped is no error (the decoding goes on at the next packet it
 * can decode), but the user should know, above all when an output got
 * nothing at all. */
void
gst_tensor_chunker_src_warn_skipped (GstTensorChunkerSrc * self)
{
  GstElement *element = gst_tensor_chunker_src_get_bin (self);
  guint i;

  for (i = 0; i < self->outputs->len; i++) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);
    const TcOutputInfo *info;
    const TcStreamInfo *stream;
    const gchar *codec, *name;
    guint64 skipped;

    if (output->id < 0)
      continue;
    info = tc_source_get_output_info (self->source, output->id);
    stream = tc_source_get_stream_info (self->source, info->source_index);
    skipped = tc_source_skipped (self->source, info->source_index);
    if (skipped <= output->skipped_told)
      continue;
    codec = stream->codec ? stream->codec : "unknown";
    /* the user knows the bin's pad: "src_audio_0" is its "audio_0" */
    name = gst_tensor_chunker_output_get_name (output);

    if (output->processed == 0)
      GST_ELEMENT_WARNING (element, STREAM, DECODE,
          ("Pad %s got nothing: the %s decoder of stream %d refused all it "
              "was given as damaged (%" G_GUINT64_FORMAT " packets)",
              name, codec, info->source_index, skipped), (NULL));
    else
      GST_ELEMENT_WARNING (element, STREAM, DECODE,
          ("Pad %s: the %s decoder of stream %d skipped %" G_GUINT64_FORMAT
              " damaged packets; the chunks hold what it could decode",
              name, codec, info->source_index,
              skipped - output->skipped_told), (NULL));
    output->skipped_told = skipped;
  }
  gst_object_unref (element);
}

/* Called with the stream lock: TRUE when every configured output has
 * pushed EOS (the seek's stop was reached on all of them). */
gboolean
gst_tensor_chunker_src_all_eos (GstTensorChunkerSrc * self)
{
  gboolean any = FALSE;
  guint i;

  for (i = 0; i < self->outputs->len; i++) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);

    if (output->id < 0)
      continue;
    if (!output->eos)
      return FALSE;
    any = TRUE;
  }
  return any;
}

/* Called with the stream lock: the state every output starts a run, or a
 * seek, with. */
void
gst_tensor_chunker_src_reset_segments (GstTensorChunkerSrc * self,
    GstClockTime start, GstClockTime stop, guint32 seqnum)
{
  guint i;

  for (i = 0; i < self->outputs->len; i++) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);

    gst_segment_init (&output->segment, GST_FORMAT_TIME);
    output->segment.start = start;
    output->segment.time = start;
    output->segment.position = start;
    output->segment.stop = stop;
    output->segment_seqnum = seqnum;
    output->need_segment = TRUE;
    output->eos = FALSE;

    GST_OBJECT_LOCK (self);
    output->position = start;
    GST_OBJECT_UNLOCK (self);
  }
  gst_flow_combiner_reset (self->combiner);
  /* a SEGMENT seek says so after this */
  self->segment_seek = FALSE;
  self->segment_done = FALSE;
}

/* Seeking */

/* Pushes @event (taking it) on every output still there.  Callable
 * without the stream lock: the pads are taken under the object lock, and
 * pushed to without it, as downstream may call back into us. */
void
gst_tensor_chunker_src_push_event_all (GstTensorChunkerSrc * self,
    GstEvent * event)
{
  GPtrArray *pads = g_ptr_array_new_with_free_func (gst_object_unref);
  guint i;

  GST_OBJECT_LOCK (self);
  for (i = 0; i < self->outputs->len; i++) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);

    if (!output->removed)
      g_ptr_array_add (pads, gst_object_ref (GST_PAD_CAST (output)));
  }
  GST_OBJECT_UNLOCK (self);

  for (i = 0; i < pads->len; i++)
    gst_pad_push_event (g_ptr_array_index (pads, i), gst_event_ref (event));
  gst_event_unref (event);
  g_ptr_array_unref (pads);
}
