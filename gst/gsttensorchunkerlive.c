/* GStreamer tensorchunker: live timestamping and latency
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
 * Live sources.  A live source (a capture device, or is-live) reads only
 * in PLAYING.  Each chunk is stamped with the running time its first
 * frame was captured at, through one mapping from the core's timeline to
 * the running time shared by every output (so outputs whose chunks line up
 * on the source keep the same timestamps), checked against the capture
 * time of every chunk and set again when they drift apart.  The output
 * queues leak their oldest chunk when full; the pools the chunks come from
 * count the drops (gsttensorchunkerpool.c), counted here per output.
 *
 * Locking: the mapping (live_synced, live_offset, warned_capture) and the
 * per-output last_pts and resynced are the streaming thread's,
 * under the stream lock; what the latency query reads (capture_latency,
 * chunk_duration, latency_answered) is under the object
 * lock, as the query comes from any thread; buffer-chunk-size is the
 * output's setting, under the output's lock.
 */

/* Live sources: a chunk whose capture time and place on the source's
 * timeline disagree with the mapping by more than this sets the mapping
 * again (audiobasesrc's alignment threshold has the same default). */
#define LIVE_RESYNC_THRESHOLD (40 * GST_MSECOND)
/* A capture time more than this ahead of the wallclock, or older than the
 * chunk's own duration by more than LIVE_MAX_AGE, is not believed. */
#define LIVE_MAX_AHEAD (20 * GST_MSECOND)
#define LIVE_MAX_AGE GST_SECOND


/* Called with the stream lock: the next chunk of every output carries
 * DISCONT, as the mapping to running time changed. */
static void
gst_tensor_chunker_src_mark_resynced (GstTensorChunkerSrc * self)
{
  guint i;

  for (i = 0; i < self->outputs->len; i++) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);

    output->resynced = TRUE;
  }
}

/* The running time at which the wallclock was @capture (ns of
 * g_get_real_time()), in a chunk of @duration: the clock now, less the
 * time since the capture.  Sets *@age to the time since the capture and
 * returns FALSE when @capture is not to be believed: absent, ahead of the
 * wallclock, or much older than the chunk (a device's timestamps that are
 * not what they seem); the running time is then that of now less the
 * chunk's duration, as if the chunk had just been captured. */
static gboolean
gst_tensor_chunker_src_capture_running_time (GstClockTime now,
    gint64 capture, GstClockTime duration, GstClockTimeDiff * running_time)
{
  GstClockTimeDiff age = (GstClockTimeDiff) duration;
  gboolean believed = FALSE;

  if (capture != TC_TIME_NONE) {
    GstClockTimeDiff real_age = g_get_real_time () * 1000 - capture;

    if (real_age >= -(GstClockTimeDiff) LIVE_MAX_AHEAD
        && real_age <= (GstClockTimeDiff) (duration + LIVE_MAX_AGE)) {
      age = MAX (real_age, 0);
      believed = TRUE;
    }
  }
  *running_time = (GstClockTimeDiff) now - age;
  return believed;
}

/* Called with the stream lock, for a live source: the running time of the
 * chunk's first frame, and whether it follows the output's previous chunk
 * (*@discont FALSE) or the mapping to running time changed.
 * GST_CLOCK_TIME_NONE for a chunk captured before the element last went to
 * PLAYING: nothing was playing then, and a device that buffered while it
 * was not read delivers what it captured then. */
/* The running time now (0 out of a pipeline, or leaving PLAYING: no
 * running time to map to), and the wallclock of the last PAUSED->PLAYING. */
static GstClockTime
gst_tensor_chunker_src_running_time (GstTensorChunkerSrc * self,
    gint64 * playing_since)
{
  GstClock *clock;
  GstClockTime base_time, now = 0;

  GST_OBJECT_LOCK (self);
  clock = GST_ELEMENT_CLOCK (self) ? gst_object_ref (GST_ELEMENT_CLOCK (self))
      : NULL;
  base_time = GST_ELEMENT_CAST (self)->base_time;
  *playing_since = self->playing_since;
  GST_OBJECT_UNLOCK (self);

  if (clock != NULL) {
    now = gst_clock_get_time (clock);
    now = now > base_time ? now - base_time : 0;
    gst_object_unref (clock);
  }
  return now;
}

/* Called with the stream lock: sets the mapping from the core's timeline
 * to running time from a chunk at @source_time captured at @capture_rt,
 * when there is none yet or the chunk drifted too far from it. */
static void
gst_tensor_chunker_src_map_live (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output, GstClockTimeDiff capture_rt,
    GstClockTimeDiff source_time)
{
  GstClockTimeDiff drift;

  if (!self->live_synced) {
    self->live_offset = capture_rt - source_time;
    self->live_synced = TRUE;
    gst_tensor_chunker_src_mark_resynced (self);
    GST_DEBUG_OBJECT (output, "running time = source time + %"
        GST_STIME_FORMAT, GST_STIME_ARGS (self->live_offset));
    return;
  }
  drift = capture_rt - (source_time + self->live_offset);
  if (ABS (drift) > (GstClockTimeDiff) LIVE_RESYNC_THRESHOLD) {
    GST_DEBUG_OBJECT (output, "captured %" GST_STIME_FORMAT " from where the "
        "source's timeline puts it: mapping again", GST_STIME_ARGS (drift));
    self->live_offset = capture_rt - source_time;
    gst_tensor_chunker_src_mark_resynced (self);
  }
}

GstClockTime
gst_tensor_chunker_src_live_pts (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output, const TcChunk * chunk, gboolean * discont)
{
  GstClockTime now, duration;
  GstClockTimeDiff capture_rt, source_time, pts;
  gint64 playing_since;

  duration = chunk->duration != TC_TIME_NONE ? time_from_tc (chunk->duration)
      : 0;
  now = gst_tensor_chunker_src_running_time (self, &playing_since);
  if (chunk->capture_time != TC_TIME_NONE
      && chunk->capture_time + (gint64) duration < playing_since) {
    GST_DEBUG_OBJECT (output, "dropping a chunk captured %"
        G_GINT64_FORMAT " ms before PLAYING", (playing_since -
            chunk->capture_time) / 1000000);
    return GST_CLOCK_TIME_NONE;
  }

  if (!gst_tensor_chunker_src_capture_running_time (now, chunk->capture_time,
          duration, &capture_rt) && !self->warned_capture) {
    GST_WARNING_OBJECT (output, "the source's capture times are absent "
        "or implausible: timestamping chunks as captured when delivered");
    self->warned_capture = TRUE;
  }
  source_time = chunk->pts != TC_TIME_NONE ? chunk->pts : 0;
  gst_tensor_chunker_src_map_live (self, output, capture_rt, source_time);

  /* never before the previous chunk, and never negative: a chunk that
   * straddles the start of PLAYING starts at 0 */
  pts = MAX (source_time + self->live_offset, 0);
  if (GST_CLOCK_TIME_IS_VALID (output->last_pts))
    pts = MAX (pts, (GstClockTimeDiff) output->last_pts);
  output->last_pts = pts;
  *discont = output->resynced;
  output->resynced = FALSE;
  GST_LOG_OBJECT (output, "captured at %" GST_STIME_FORMAT ", pts %"
      GST_TIME_FORMAT ", now %" GST_TIME_FORMAT, GST_STIME_ARGS (capture_rt),
      GST_TIME_ARGS (pts), GST_TIME_ARGS (now));
  return pts;
}

/* Called with the stream lock.  The duration of @n_frames frames of
 * @info (a full chunk: frames-per-chunk; from one chunk to the next: the
 * hop), GST_CLOCK_TIME_NONE when its rate is unknown. */
GstClockTime
gst_tensor_chunker_chunk_duration (const TcOutputInfo * info, guint n_frames)
{
  if (info->media_type == TC_MEDIA_AUDIO && info->sample_rate > 0)
    return gst_util_uint64_scale_int (n_frames, GST_SECOND,
        info->sample_rate);
  if (info->media_type == TC_MEDIA_VIDEO && info->frame_rate_n > 0)
    return gst_util_uint64_scale (n_frames, GST_SECOND *
        (guint64) info->frame_rate_d, info->frame_rate_n);
  return GST_CLOCK_TIME_NONE;
}

/* Called with the stream lock, for a live source: keeps what the latency
 * query answers up to date, and tells the pipeline when it changed after
 * it was asked (the core learns the device's packet size as it reads). */
void
gst_tensor_chunker_src_update_latency (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output, const TcOutputInfo * info)
{
  gint64 capture = tc_source_capture_latency (self->source, output->id);
  GstClockTime capture_latency = time_from_tc (capture);
  GstClockTime chunk_duration = gst_tensor_chunker_chunk_duration (info,
      info->frames_per_chunk);
  GstClockTime chunk_period = gst_tensor_chunker_chunk_duration (info,
      info->hop);
  gboolean changed;

  GST_OBJECT_LOCK (self);
  changed = capture_latency != output->capture_latency
      || chunk_duration != output->chunk_duration
      || chunk_period != output->chunk_period;
  output->capture_latency = capture_latency;
  output->chunk_duration = chunk_duration;
  output->chunk_period = chunk_period;
  changed = changed && output->latency_answered;
  GST_OBJECT_UNLOCK (self);

  if (changed) {
    GstElement *bin = gst_tensor_chunker_src_get_bin (self);

    GST_INFO_OBJECT (output, "capture latency now %" GST_TIME_FORMAT
        ", chunks of %" GST_TIME_FORMAT, GST_TIME_ARGS (capture_latency),
        GST_TIME_ARGS (chunk_duration));
    gst_element_post_message (bin, gst_message_new_latency (GST_OBJECT
            (bin)));
    gst_object_unref (bin);
  }
}

/* Called with the stream lock, after a push that returned OK: counts the
 * chunks the output queue dropped to make room for it in the output's
 * dropped property, and tells the application. */
void
gst_tensor_chunker_src_count_drops (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output, const GstTensorChunkerPoolDrops * drops)
{
  GstElement *bin;
  GstStructure *s;
  guint64 dropped;

  if (drops->n_dropped == 0)
    return;

  dropped = gst_tensor_chunker_output_add_dropped (output, drops->n_dropped);
  GST_INFO_OBJECT (output, "the queue dropped %u chunks (%" G_GUINT64_FORMAT
      " of %" G_GUINT64_FORMAT " in all), the last at %" GST_TIME_FORMAT,
      drops->n_dropped, dropped, output->processed,
      GST_TIME_ARGS (drops->last_pts));
  s = gst_structure_new ("tensorchunker-drop",
      "pad", G_TYPE_STRING, gst_tensor_chunker_output_get_name (output),
      "processed", G_TYPE_UINT64, output->processed,
      "dropped", G_TYPE_UINT64, dropped,
      "timestamp", G_TYPE_UINT64, drops->last_pts, NULL);
  bin = gst_tensor_chunker_src_get_bin (self);
  gst_element_post_message (bin, gst_message_new_element (GST_OBJECT (bin),
          s));
  gst_object_unref (bin);
}

/* A live source's chunk is complete when its last frame is captured and
 * delivered: min = the capture latency (how long after its capture the
 * core may deliver a frame) + one chunk (a window of frames-per-chunk
 * frames, whatever the hop).  The output queue holds buffer-chunk-size
 * chunks before it drops the oldest, so a chunk can wait for
 * buffer-chunk-size - 1 more, which come a hop apart: that is the max.
 * Non-live: chunks are not bound to a clock. */
gboolean
gst_tensor_chunker_src_query_latency (GstTensorChunkerSrc * self,
    GstPad * pad, GstQuery * query)
{
  GstTensorChunkerOutput *output = GST_TENSOR_CHUNKER_OUTPUT (pad);
  GstClockTime min, max = GST_CLOCK_TIME_NONE;
  guint size = gst_tensor_chunker_output_get_buffer_chunk_size (output);

  GST_OBJECT_LOCK (self);
  if (!self->live) {
    GST_OBJECT_UNLOCK (self);
    gst_query_set_latency (query, FALSE, 0, GST_CLOCK_TIME_NONE);
    return TRUE;
  }
  min = GST_CLOCK_TIME_IS_VALID (output->capture_latency) ?
      output->capture_latency : 0;
  if (GST_CLOCK_TIME_IS_VALID (output->chunk_duration)) {
    min += output->chunk_duration;
    if (GST_CLOCK_TIME_IS_VALID (output->chunk_period))
      max = min + (size - 1) * output->chunk_period;
  }
  output->latency_answered = TRUE;
  GST_OBJECT_UNLOCK (self);

  GST_DEBUG_OBJECT (pad, "latency: live, min %" GST_TIME_FORMAT ", max %"
      GST_TIME_FORMAT, GST_TIME_ARGS (min), GST_TIME_ARGS (max));
  gst_query_set_latency (query, TRUE, min, max);
  return TRUE;
}

