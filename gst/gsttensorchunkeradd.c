/* GStreamer tensorchunker: outputs added while streaming
 * Copyright (C) 2026 The gst-tensorchunker authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
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
 * A pad requested while PAUSED or PLAYING: its output joins the running
 * source without stopping it.
 *
 * - The bin asks for the output (gst_tensor_chunker_src_add_output()); the
 *   streaming thread may hold the stream lock for as long as a consumer
 *   blocks a full queue, so the output waits in `added` (object lock), and
 *   the thread moves it into `outputs` before its next step.
 * - Its settings can be set until its pad is linked: the bin then calls
 *   gst_tensor_chunker_src_start_output(), which freezes them and marks the
 *   output to start (start_pending, object lock), starting the task when
 *   no output kept it running.
 * - The streaming thread starts it before a step, once the element behind
 *   its queue is active (a branch linked before it is brought to the
 *   pipeline's state would refuse the first chunks and stop the queue):
 *   the core adds it at the position the others reached (tccore.h), and it
 *   owes stream-start (with the run's group id), caps and the running
 *   segment, and the stream collection, which is posted again.
 * - Settings that cannot work (a stream-index out of range) are no reason
 *   to stop the outputs that run: a WARNING names the pad and the reason,
 *   and the output's branch gets EOS.
 */

/* Called with the stream lock, from the streaming thread: the outputs the
 * bin added since the last step join the others. */
void
gst_tensor_chunker_src_take_added (GstTensorChunkerSrc * self)
{
  guint i;

  GST_OBJECT_LOCK (self);
  for (i = 0; i < self->added->len; i++)
    g_ptr_array_add (self->outputs,
        gst_object_ref (g_ptr_array_index (self->added, i)));
  g_ptr_array_set_size (self->added, 0);
  GST_OBJECT_UNLOCK (self);
}

/* Whether the element the output's queue feeds is active: the pad behind
 * the bin's ghost pad (output -> queue -> ghost pad -> downstream). */
static gboolean
gst_tensor_chunker_src_downstream_active (GstTensorChunkerOutput * output)
{
  GstPad *queue_sink, *queue_src = NULL, *proxy = NULL, *ghost = NULL;
  GstPad *peer = NULL;
  GstObject *queue = NULL;
  gboolean active = FALSE;

  queue_sink = gst_pad_get_peer (GST_PAD_CAST (output));
  if (queue_sink != NULL)
    queue = gst_pad_get_parent (queue_sink);
  if (queue != NULL && GST_IS_ELEMENT (queue))
    queue_src = gst_element_get_static_pad (GST_ELEMENT (queue), "src");
  if (queue_src != NULL)
    proxy = gst_pad_get_peer (queue_src);
  if (proxy != NULL && GST_IS_PROXY_PAD (proxy))
    ghost = GST_PAD_CAST (gst_proxy_pad_get_internal (GST_PROXY_PAD (proxy)));
  if (ghost != NULL)
    peer = gst_pad_get_peer (ghost);
  if (peer != NULL)
    active = gst_pad_is_active (peer);

  gst_clear_object (&peer);
  gst_clear_object (&ghost);
  gst_clear_object (&proxy);
  gst_clear_object (&queue_src);
  gst_clear_object (&queue);
  gst_clear_object (&queue_sink);
  return active;
}

/* The segment of the outputs that run, for one that joins them. */
static void
gst_tensor_chunker_src_join_segment (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output)
{
  guint i;

  gst_segment_init (&output->segment, GST_FORMAT_TIME);
  for (i = 0; i < self->outputs->len; i++) {
    GstTensorChunkerOutput *other = g_ptr_array_index (self->outputs, i);

    if (other != output && other->id >= 0) {
      gst_segment_copy_into (&other->segment, &output->segment);
      output->segment_seqnum = other->segment_seqnum;
      break;
    }
  }
  output->need_segment = TRUE;
}

/* A late output that cannot start: the others go on. */
static void
gst_tensor_chunker_src_late_failed (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output, GError * error)
{
  GstElement *bin = gst_tensor_chunker_src_get_bin (self);
  gchar *stream_id;
  GstEvent *event;

  GST_ELEMENT_WARNING (bin, RESOURCE, SETTINGS, ("%s", error->message),
      ("the output could not be added while streaming; the other outputs "
          "go on"));
  gst_object_unref (bin);

  stream_id = gst_pad_create_stream_id (GST_PAD_CAST (output),
      GST_ELEMENT (self), gst_tensor_chunker_output_get_name (output));
  event = gst_event_new_stream_start (stream_id);
  gst_event_set_group_id (event, self->group_id);
  gst_pad_push_event (GST_PAD_CAST (output), event);
  gst_pad_push_event (GST_PAD_CAST (output), gst_event_new_eos ());
  g_free (stream_id);
}

/* Called with the stream lock: starts @output at the stream's position. */
static void
gst_tensor_chunker_src_start_late (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output)
{
  GError *error = NULL;

  /* a byte stream's open may have configured it with the others */
  if (output->id < 0
      && !gst_tensor_chunker_src_configure_output (self, output, &error)) {
    gst_tensor_chunker_src_late_failed (self, output, error);
    g_error_free (error);
    return;
  }
  GST_DEBUG_OBJECT (output, "started while streaming");
  self->consumed = TRUE;
  output->need_stream_start = TRUE;
  output->need_collection = TRUE;
  gst_clear_caps (&output->caps);
  output->short_caps = FALSE;
  output->last_pts = GST_CLOCK_TIME_NONE;
  output->processed = 0;
  output->eos = FALSE;
  gst_tensor_chunker_src_join_segment (self, output);

  GST_OBJECT_LOCK (self);
  output->position = GST_CLOCK_TIME_NONE;
  GST_OBJECT_UNLOCK (self);
  gst_tensor_chunker_src_post_collection (self);
}

/* Called with the stream lock, from the streaming thread before a step:
 * starts the outputs linked since, whose branch is ready. */
void
gst_tensor_chunker_src_start_pending (GstTensorChunkerSrc * self)
{
  guint i;

  /* a pushed byte stream opens in this thread: its outputs start then */
  if (!tc_source_is_open (self->source))
    return;
  for (i = 0; i < self->outputs->len; i++) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);
    gboolean pending;

    GST_OBJECT_LOCK (self);
    pending = output->start_pending && !output->removed;
    GST_OBJECT_UNLOCK (self);
    if (!pending || !gst_tensor_chunker_src_downstream_active (output))
      continue;
    GST_OBJECT_LOCK (self);
    output->start_pending = FALSE;
    GST_OBJECT_UNLOCK (self);
    gst_tensor_chunker_src_start_late (self, output);
  }
}

/**
 * gst_tensor_chunker_src_start_output:
 *
 * The bin's pad of @output was linked: while streaming, its settings are
 * frozen and the streaming thread starts it before its next step (the
 * task is started if no output kept it running: a live source only in
 * PLAYING).  Outside a run, READY->PAUSED starts every output.
 */
void
gst_tensor_chunker_src_start_output (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output)
{
  gboolean streaming;

  GST_OBJECT_LOCK (self);
  streaming = self->streaming;
  GST_OBJECT_UNLOCK (self);
  if (!streaming)
    return;

  gst_tensor_chunker_output_freeze (output);
  GST_OBJECT_LOCK (self);
  if (self->streaming && !output->start_pending) {
    GST_DEBUG_OBJECT (output, "linked while streaming: starting");
    output->start_pending = TRUE;
    self->n_streaming++;
    if (!self->live || self->playing)
      gst_task_start (self->task);
  }
  GST_OBJECT_UNLOCK (self);
}

/* Whether the run is live (set at READY->PAUSED): how the bin configures
 * the queue of an output added while streaming. */
gboolean
gst_tensor_chunker_src_is_live (GstTensorChunkerSrc * self)
{
  gboolean live;

  GST_OBJECT_LOCK (self);
  live = self->live;
  GST_OBJECT_UNLOCK (self);
  return live;
}
