/* GStreamer tensorchunker: the streaming task and the chunks it pushes
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
#include "gsttensorchunkerbytestream.h"
#include "gsttensorchunkerpool.h"

#define GST_CAT_DEFAULT gst_tensor_chunker_debug

/*
 * The streaming task runs gst_tensor_chunker_src_loop(): one step of the
 * core per iteration, with the stream lock held (it is the task's lock).
 * The core calls back from that step: on_alloc for the memory of a new
 * chunk (a buffer of the output's pool, mapped), on_chunk when a chunk is
 * complete (stamped and pushed on the output's internal src pad),
 * on_release for a chunk it abandons.
 *
 * Locking: every function here runs with the stream lock; the object lock
 * is taken only for the fields other threads read (see
 * gsttensorchunkersrcpriv.h).
 */

/* The handle the core keeps for a chunk in progress. */
static GstTensorChunkerChunk *
gst_tensor_chunker_chunk_new (GstBuffer * buffer)
{
  GstTensorChunkerChunk *chunk = g_new (GstTensorChunkerChunk, 1);

  if (!gst_buffer_map (buffer, &chunk->map, GST_MAP_WRITE)) {
    gst_buffer_unref (buffer);
    g_free (chunk);
    return NULL;
  }
  chunk->buffer = buffer;
  return chunk;
}

static GstBuffer *
gst_tensor_chunker_chunk_finish (GstTensorChunkerChunk * chunk)
{
  GstBuffer *buffer = chunk->buffer;

  gst_buffer_unmap (buffer, &chunk->map);
  g_free (chunk);
  return buffer;
}

static void
gst_tensor_chunker_chunk_discard (GstTensorChunkerChunk * chunk)
{
  gst_buffer_unref (gst_tensor_chunker_chunk_finish (chunk));
}

/* A buffer of @size bytes from the output's pool, made anew when the size
 * changed. */
static GstBuffer *
gst_tensor_chunker_output_acquire (GstTensorChunkerOutput * output,
    gsize size)
{
  GstBuffer *buffer = NULL;

  if (output->pool == NULL || output->pool_size != size) {
    gst_tensor_chunker_pool_clear (&output->pool);
    output->pool = gst_tensor_chunker_pool_new (size);
    output->pool_size = output->pool ? size : 0;
  }
  if (output->pool != NULL)
    gst_buffer_pool_acquire_buffer (output->pool, &buffer, NULL);
  return buffer;
}

static gpointer
gst_tensor_chunker_src_on_alloc (gpointer user_data, gint id, gsize size,
    gpointer * handle)
{
  GstTensorChunkerSrc *self = user_data;
  GstTensorChunkerOutput *output;
  GstTensorChunkerChunk *chunk;
  GstBuffer *buffer = NULL;

  output = gst_tensor_chunker_src_find_output (self, id);
  if (output != NULL)
    buffer = gst_tensor_chunker_output_acquire (output, size);
  if (buffer == NULL)
    buffer = gst_buffer_new_allocate (NULL, size, NULL);
  if (buffer == NULL)
    return NULL;

  chunk = gst_tensor_chunker_chunk_new (buffer);
  if (chunk == NULL)
    return NULL;
  *handle = chunk;
  return chunk->map.data;
}

static void
gst_tensor_chunker_src_on_release (gpointer user_data, gint id, gpointer handle)
{
  gst_tensor_chunker_chunk_discard (handle);
}

/* The output a finished chunk goes to, NULL when it goes nowhere (the
 * output was released, or already ended). */
static GstTensorChunkerOutput *
gst_tensor_chunker_src_chunk_output (GstTensorChunkerSrc * self,
    const TcChunk * chunk)
{
  GstTensorChunkerOutput *output;
  gboolean removed;

  output = gst_tensor_chunker_src_find_output (self, chunk->output);
  if (output == NULL)
    return NULL;
  GST_OBJECT_LOCK (self);
  removed = output->removed;
  GST_OBJECT_UNLOCK (self);
  return (removed || output->eos) ? NULL : output;
}

/* The PTS of @chunk and whether it is DISCONT.  FALSE when a live chunk
 * is not to be pushed (captured before PLAYING). */
static gboolean
gst_tensor_chunker_src_stamp (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output, const TcChunk * chunk, gboolean live,
    GstClockTime * pts, gboolean * discont)
{
  gboolean resynced = FALSE;

  *discont = chunk->discont;
  if (!live) {
    *pts = time_from_tc (chunk->pts);
    return TRUE;
  }

  *pts = gst_tensor_chunker_src_live_pts (self, output, chunk, &resynced);
  if (!GST_CLOCK_TIME_IS_VALID (*pts))
    return FALSE;
  *discont |= resynced;
  gst_tensor_chunker_src_update_latency (self, output, chunk->info);
  return TRUE;
}

/* Finishes the buffer of @chunk as last-chunk says for a short one, and
 * sets *@caps to the caps it needs before it (NULL: the current ones).
 * NULL when the chunk is dropped. */
static GstBuffer *
gst_tensor_chunker_src_finish_chunk (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output, const TcChunk * chunk, GstCaps ** caps)
{
  GstTensorChunkerChunk *handle = chunk->handle;
  GstTensorChunkerLastChunk last_chunk;
  GstBuffer *buffer;
  gboolean is_short = chunk->n_frames < chunk->info->frames_per_chunk;

  /* last-chunk is for the end of the stream: a chunk cut short mid-stream
   * (a size or format change, a time jump) is pushed as it is */
  GST_OBJECT_LOCK (self);
  last_chunk = chunk->end ? self->last_chunk :
      GST_TENSOR_CHUNKER_LAST_CHUNK_SHORT;
  GST_OBJECT_UNLOCK (self);
  *caps = NULL;
  if (is_short) {
    GST_DEBUG_OBJECT (output, "short chunk of %u frames, policy %d",
        chunk->n_frames, last_chunk);
    if (last_chunk == GST_TENSOR_CHUNKER_LAST_CHUNK_DROP) {
      gst_tensor_chunker_chunk_discard (handle);
      return NULL;
    }
    if (last_chunk == GST_TENSOR_CHUNKER_LAST_CHUNK_PAD)
      memset (handle->map.data + chunk->size, 0,
          handle->map.size - chunk->size);
  }
  buffer = gst_tensor_chunker_chunk_finish (handle);

  if (is_short && last_chunk == GST_TENSOR_CHUNKER_LAST_CHUNK_SHORT) {
    *caps = gst_tensor_chunker_make_caps (chunk->info, chunk->n_frames,
        gst_tensor_chunker_output_is_nhwc (output));
    gst_buffer_set_size (buffer, chunk->size);
    output->short_caps = TRUE;
  } else if (chunk->info_changed || output->caps == NULL || output->short_caps) {
    *caps = gst_tensor_chunker_make_caps (chunk->info,
        chunk->info->frames_per_chunk,
        gst_tensor_chunker_output_is_nhwc (output));
    output->short_caps = FALSE;
  }
  return buffer;
}

static void
gst_tensor_chunker_chunk_set_meta (GstBuffer * buffer, const TcChunk * chunk,
    GstClockTime pts, gboolean discont)
{
  GST_BUFFER_PTS (buffer) = pts;
  GST_BUFFER_DURATION (buffer) = time_from_tc (chunk->duration);
  GST_BUFFER_OFFSET (buffer) = chunk->offset;
  GST_BUFFER_OFFSET_END (buffer) = chunk->offset + chunk->n_frames;
  if (discont)
    GST_BUFFER_FLAG_SET (buffer, GST_BUFFER_FLAG_DISCONT);
}

/* Pushes @buffer after the events it needs, counting what the output's
 * queue dropped to make room for it (live only). */
static GstFlowReturn
gst_tensor_chunker_src_push_chunk (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output, GstBuffer * buffer, GstCaps * caps,
    gboolean live)
{
  GstTensorChunkerPoolDrops drops;
  GstFlowReturn ret;

  gst_tensor_chunker_src_push_pending_events (self, output, caps);

  GST_CAT_LOG_OBJECT (gst_tensor_chunker_dataflow_debug, output,
      "chunk pts %" GST_TIME_FORMAT ", %" G_GUINT64_FORMAT " frames, offset %"
      G_GUINT64_FORMAT "%s", GST_TIME_ARGS (GST_BUFFER_PTS (buffer)),
      GST_BUFFER_OFFSET_END (buffer) - GST_BUFFER_OFFSET (buffer),
      GST_BUFFER_OFFSET (buffer),
      GST_BUFFER_IS_DISCONT (buffer) ? ", discont" : "");
  gst_tensor_chunker_pool_watch_drops (&drops);
  ret = gst_pad_push (GST_PAD_CAST (output), buffer);
  gst_tensor_chunker_pool_watch_drops (NULL);
  if (ret != GST_FLOW_OK)
    GST_DEBUG_OBJECT (output, "push returned %s", gst_flow_get_name (ret));
  else
    output->processed++;
  if (live && ret == GST_FLOW_OK)
    gst_tensor_chunker_src_count_drops (self, output, &drops);
  if (ret == GST_FLOW_FLUSHING) {
    /* A pad being released stops its queue under this push: that is the
     * end of this output, not a flush of the source. */
    GST_OBJECT_LOCK (self);
    if (output->removed)
      ret = GST_FLOW_OK;
    GST_OBJECT_UNLOCK (self);
  }
  return ret;
}

/* The output's position (what the position query answers) after a chunk
 * at @pts. */
static void
gst_tensor_chunker_src_advance (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output, GstClockTime pts, const TcChunk * chunk)
{
  if (!GST_CLOCK_TIME_IS_VALID (pts))
    return;
  GST_OBJECT_LOCK (self);
  output->position = pts;
  if (chunk->duration != TC_TIME_NONE)
    output->position += chunk->duration;
  GST_OBJECT_UNLOCK (self);
}

static void
gst_tensor_chunker_src_on_chunk (gpointer user_data, const TcChunk * chunk)
{
  GstTensorChunkerSrc *self = user_data;
  GstTensorChunkerOutput *output;
  GstBuffer *buffer;
  GstCaps *caps;
  GstClockTime pts;
  gboolean live, discont;
  GstFlowReturn ret;

  output = gst_tensor_chunker_src_chunk_output (self, chunk);
  if (output == NULL)
    goto discard;

  GST_OBJECT_LOCK (self);
  live = self->live;
  GST_OBJECT_UNLOCK (self);
  if (!gst_tensor_chunker_src_stamp (self, output, chunk, live, &pts,
          &discont))
    goto discard;

  buffer = gst_tensor_chunker_src_finish_chunk (self, output, chunk, &caps);
  if (buffer == NULL)
    return;
  gst_tensor_chunker_chunk_set_meta (buffer, chunk, pts, discont);

  /* The seek's stop: the first chunk at or after it ends the output. */
  if (GST_CLOCK_TIME_IS_VALID (output->segment.stop) &&
      GST_CLOCK_TIME_IS_VALID (pts) && pts >= output->segment.stop) {
    GST_DEBUG_OBJECT (output, "chunk at %" GST_TIME_FORMAT
        " reached the segment stop", GST_TIME_ARGS (pts));
    gst_buffer_unref (buffer);
    gst_clear_caps (&caps);
    gst_tensor_chunker_src_end_output (self, output);
    ret = GST_FLOW_EOS;
  } else {
    ret = gst_tensor_chunker_src_push_chunk (self, output, buffer, caps, live);
    gst_clear_caps (&caps);
    gst_tensor_chunker_src_advance (self, output, pts, chunk);
  }
  self->flow = gst_flow_combiner_update_pad_flow (self->combiner,
      GST_PAD_CAST (output), ret);
  return;

discard:
  gst_tensor_chunker_chunk_discard (chunk->handle);
}

const TcCallbacks gst_tensor_chunker_src_callbacks = {
  gst_tensor_chunker_src_on_alloc,
  gst_tensor_chunker_src_on_chunk,
  gst_tensor_chunker_src_on_release,
};

/* Streaming: the loop */

/* PLAYING again: the running time stood still while the source's
 * timeline went on, map them afresh; a paced source goes on from where it
 * stopped rather than catching up. */
static void
gst_tensor_chunker_src_loop_resync (GstTensorChunkerSrc * self)
{
  gboolean resync;

  GST_OBJECT_LOCK (self);
  resync = self->resync;
  self->resync = FALSE;
  GST_OBJECT_UNLOCK (self);
  if (resync) {
    self->live_synced = FALSE;
    if (self->realtime)
      tc_source_set_realtime (self->source, TRUE);
  }
}

/* The step failed: @flow is what the pushes of the step returned. */
static void
gst_tensor_chunker_src_step_error (GstTensorChunkerSrc * self,
    GError * error, GstFlowReturn flow)
{
  if (g_error_matches (error, TC_ERROR, TC_ERROR_INTERRUPTED)) {
    /* a seek or a stop is taking over */
    GST_DEBUG_OBJECT (self, "interrupted, pausing");
  } else if (flow == GST_FLOW_FLUSHING) {
    GST_DEBUG_OBJECT (self, "flushing, ignoring error: %s", error->message);
  } else {
    gst_tensor_chunker_src_post_error (self, error);
    gst_tensor_chunker_src_push_eos_all (self);
  }
  gst_task_pause (self->task);
}

/* A push of the step returned @flow, not OK. */
static void
gst_tensor_chunker_src_flow_pause (GstTensorChunkerSrc * self,
    GstFlowReturn flow)
{
  GstElement *bin;

  GST_INFO_OBJECT (self, "pausing task, reason %s", gst_flow_get_name (flow));
  gst_task_pause (self->task);
  if (flow == GST_FLOW_EOS) {
    /* every output is EOS downstream, or reached the segment stop */
    gst_tensor_chunker_src_end_all (self);
  } else if (flow == GST_FLOW_NOT_LINKED || flow < GST_FLOW_EOS) {
    bin = gst_tensor_chunker_src_get_bin (self);
    GST_ELEMENT_FLOW_ERROR (bin, flow);
    gst_object_unref (bin);
    gst_tensor_chunker_src_push_eos_all (self);
  }
}

/* One step: the byte stream's open first, then the core's steps. */
void
gst_tensor_chunker_src_loop (gpointer user_data)
{
  GstTensorChunkerSrc *self = user_data;
  GError *error = NULL;
  TcStepResult result;
  GstFlowReturn flow;

  gst_tensor_chunker_src_take_added (self);
  gst_tensor_chunker_src_drop_removed_outputs (self);
  gst_tensor_chunker_src_start_pending (self);
  gst_tensor_chunker_src_loop_resync (self);

  self->flow = GST_FLOW_OK;
  if (G_UNLIKELY (self->byte_stream && !tc_source_is_open (self->source)))
    result = gst_tensor_chunker_src_open_byte_stream (self, &error) ?
        TC_STEP_OK : TC_STEP_ERROR;
  else
    result = tc_source_step (self->source, &error);
  flow = self->flow;

  if (result == TC_STEP_ERROR) {
    gst_tensor_chunker_src_step_error (self, error, flow);
  } else if (flow != GST_FLOW_OK) {
    gst_tensor_chunker_src_flow_pause (self, flow);
  } else if (result == TC_STEP_EOS) {
    GST_DEBUG_OBJECT (self, "end of stream");
    gst_tensor_chunker_src_warn_skipped (self);
    /* paused first: a seek made in reply to SEGMENT_DONE (from a sync bus
     * handler too) restarts the task after this */
    gst_task_pause (self->task);
    gst_tensor_chunker_src_end_all (self);
  } else if (gst_tensor_chunker_src_all_eos (self)) {
    GST_DEBUG_OBJECT (self, "every output reached the segment stop");
    gst_task_pause (self->task);
    gst_tensor_chunker_src_end_all (self);
  }
  g_clear_error (&error);
}

/* Prepares every configured output for a new run and starts the task. */
void
gst_tensor_chunker_src_start (GstTensorChunkerSrc * self)
{
  guint i, n_outputs = 0;
  gboolean pending;

  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  /* A pushed byte stream opens in the streaming thread, which configures
   * the outputs then. */
  pending = self->byte_stream && !tc_source_is_open (self->source);
  self->group_id = gst_util_group_id_next ();
  gst_tensor_chunker_src_reset_segments (self, 0, GST_CLOCK_TIME_NONE,
      gst_util_seqnum_next ());
  for (i = 0; i < self->outputs->len; i++) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);

    if (output->id < 0 && !pending)
      continue;
    output->need_stream_start = TRUE;
    output->need_collection = TRUE;
    gst_clear_caps (&output->caps);
    output->short_caps = FALSE;
    output->last_pts = GST_CLOCK_TIME_NONE;
    output->processed = 0;
    n_outputs++;
  }
  self->live_synced = FALSE;
  self->warned_capture = FALSE;

  GST_OBJECT_LOCK (self);
  self->streaming = TRUE;
  self->seek_seqnum = GST_SEQNUM_INVALID;
  self->n_streaming = n_outputs;
  /* Without outputs there is nothing to read the source for; a live one
   * is read from PAUSED->PLAYING on. */
  if (n_outputs > 0) {
    self->consumed = TRUE;
    if (!self->live) {
      GST_DEBUG_OBJECT (self, "starting streaming of %u outputs", n_outputs);
      gst_task_start (self->task);
    }
  }
  GST_OBJECT_UNLOCK (self);
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
}

/* A live source at PAUSED->PLAYING: reading starts, or starts again, and
 * what was captured before now is not produced. */
void
gst_tensor_chunker_src_play (GstTensorChunkerSrc * self)
{
  GST_OBJECT_LOCK (self);
  self->playing_since = g_get_real_time () * 1000;
  self->playing = TRUE;
  self->resync = TRUE;
  if (self->streaming && self->n_streaming > 0) {
    GST_DEBUG_OBJECT (self, "live: reading %u outputs", self->n_streaming);
    gst_task_start (self->task);
  }
  GST_OBJECT_UNLOCK (self);
}

/* A live source at PLAYING->PAUSED: reading stops after the step in
 * progress, without waiting for it (a device's read takes up to a frame, a
 * network stream's as long as the network likes).  The device stays open
 * and goes on capturing: what it keeps meanwhile is not produced. */
void
gst_tensor_chunker_src_pause (GstTensorChunkerSrc * self)
{
  GST_OBJECT_LOCK (self);
  self->playing = FALSE;
  if (self->streaming && self->n_streaming > 0) {
    GST_DEBUG_OBJECT (self, "live: pausing");
    gst_task_pause (self->task);
  }
  GST_OBJECT_UNLOCK (self);
}

void
gst_tensor_chunker_src_stop (GstTensorChunkerSrc * self)
{
  /* Under the object lock so that a seek running now either restarts the
   * task before this (and the join below stops it again) or not at all. */
  GST_OBJECT_LOCK (self);
  self->streaming = FALSE;
  self->playing = FALSE;
  GST_OBJECT_UNLOCK (self);

  /* The queues went to READY before us (the bin changes downstream
   * elements first), so a push blocked in one returns FLUSHING; a read
   * blocked in the core returns on the interrupt, and one waiting for
   * upstream's bytes when the byte stream stops (after the interrupt, so
   * the core takes the failed read for the interruption). */
  tc_source_interrupt (self->source, TRUE);
  gst_tensor_chunker_byte_stream_stop (self->bytes);
  gst_task_stop (self->task);
  /* Wait for the iteration in progress: it may pause the task as it ends
   * (flushing), and only a join after that leaves it stopped. */
  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
  gst_task_join (self->task);
  tc_source_interrupt (self->source, FALSE);
  GST_DEBUG_OBJECT (self, "streaming stopped");
}

