/* tensorchunker core: a source's life, its settings and its outputs
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
 */

#include "tcprivate.h"

TcSource *
tc_source_new (const TcCallbacks * callbacks, gpointer user_data)
{
  TcSource *src;

  g_return_val_if_fail (callbacks != NULL, NULL);
  tc_io_init ();

  src = g_new0 (TcSource, 1);
  src->callbacks = *callbacks;
  src->user_data = user_data;
  atomic_init (&src->interrupted, 0);
  src->clock.rt_pts0 = TC_TIME_NONE;
  src->outputs = g_ptr_array_new ();
  g_queue_init (&src->pending);
  tc_ahead_init (&src->ahead, &src->interrupted);
  src->decoders.ahead = &src->ahead;
  return src;
}

void
tc_source_free (TcSource * src)
{
  if (src == NULL)
    return;
  tc_source_close (src);
  tc_ahead_clear (&src->ahead);
  g_ptr_array_free (src->outputs, TRUE);
  g_free (src);
}

void
tc_source_interrupt (TcSource * src, gboolean interrupt)
{
  g_return_if_fail (src != NULL);
  atomic_store (&src->interrupted, interrupt ? 1 : 0);
  tc_ahead_wake (&src->ahead);
}

void
tc_source_set_realtime (TcSource * src, gboolean realtime)
{
  g_return_if_fail (src != NULL);
  /* pacing happens where packets are read: in the caller's thread */
  tc_decoders_stop_ahead (&src->decoders, FALSE);
  src->clock.realtime = realtime;
  /* the next packet read starts the count */
  src->clock.rt_pts0 = TC_TIME_NONE;
}

void
tc_source_set_decode_ahead (TcSource * src, guint frames)
{
  g_return_if_fail (src != NULL);
  if (frames == tc_ahead_wanted (&src->ahead))
    return;
  /* the new size is the ring's when the thread starts again */
  tc_decoders_stop_ahead (&src->decoders, FALSE);
  tc_ahead_set_wanted (&src->ahead, frames);
}

guint
tc_source_n_decoders (TcSource * src)
{
  TcDecoder **decs;
  guint i, n = 0;

  g_return_val_if_fail (src != NULL, 0);
  decs = src->decoders.by_stream;
  for (i = 0; i < src->decoders.n_streams; i++)
    n += decs[i] != NULL && decs[i]->n_users > 0;
  return n;
}

static TcDecoder *
decoder_of (TcSource * src, guint index)
{
  if (index >= src->decoders.n_streams)
    return NULL;
  return src->decoders.by_stream[index];
}

guint64
tc_source_decoded_frames (TcSource * src, guint index)
{
  TcDecoder *dec;

  g_return_val_if_fail (src != NULL, 0);
  dec = decoder_of (src, index);
  return dec ? dec->n_frames : 0;
}

guint64
tc_source_skipped (TcSource * src, guint index)
{
  TcDecoder *dec;

  g_return_val_if_fail (src != NULL, 0);
  dec = decoder_of (src, index);
  return dec ? dec->n_skipped : 0;
}

/* ------------------------------------------------------------------------ */
/* Outputs */

static gchar *
streams_of_type (TcSource * src, TcMediaType type)
{
  GString *s = NULL;
  guint i;

  for (i = 0; i < src->n_streams; i++) {
    if (src->streams[i].media_type != type)
      continue;
    if (s == NULL)
      s = g_string_new (NULL);
    else
      g_string_append (s, ", ");
    g_string_append_printf (s, "%u", i);
  }
  if (s == NULL)
    return g_strdup_printf ("it has no %s stream", tc_media_type_name (type));
  g_string_prepend (s, " streams: ");
  g_string_prepend (s, tc_media_type_name (type));
  g_string_prepend (s, "its ");
  return g_string_free (s, FALSE);
}

static gint
resolve_stream (TcSource * src, const TcOutputConfig * config, GError ** error)
{
  const gchar *type = tc_media_type_name (config->media_type);
  gint index = config->stream_index;
  gchar *which;

  if (index < 0) {
    index = tc_source_default_stream (src, config->media_type);
    if (index < 0)
      g_set_error (error, TC_ERROR, TC_ERROR_STREAM,
          "the source has no %s stream", type);
    return index;
  }
  if ((guint) index < src->n_streams
      && src->streams[index].media_type == config->media_type)
    return index;

  which = streams_of_type (src, config->media_type);
  if ((guint) index >= src->n_streams)
    g_set_error (error, TC_ERROR, TC_ERROR_STREAM,
        "stream-index %d: the source has %u streams, none of them %s at "
        "index %d (%s)", index, src->n_streams, type, index, which);
  else
    g_set_error (error, TC_ERROR, TC_ERROR_STREAM,
        "stream-index %d: stream %d is %s, not %s (%s)", index, index,
        tc_media_type_name (src->streams[index].media_type), type, which);
  g_free (which);
  return -1;
}


static gboolean
check_config (TcSource * src, const TcOutputConfig * config, GError ** error)
{
  if (!tc_io_check_open (src, error))
    return FALSE;
  if (config->media_type != TC_MEDIA_AUDIO
      && config->media_type != TC_MEDIA_VIDEO) {
    g_set_error (error, TC_ERROR, TC_ERROR_STREAM,
        "outputs are audio or video, not %s",
        tc_media_type_name (config->media_type));
    return FALSE;
  }
  if (config->frames_per_chunk < 1) {
    g_set_error (error, TC_ERROR, TC_ERROR_OPTION,
        "frames-per-chunk must be at least 1");
    return FALSE;
  }
  if (config->hop > G_MAXINT) {
    g_set_error (error, TC_ERROR, TC_ERROR_OPTION,
        "hop %u is too large: at most %d frames between chunks",
        config->hop, G_MAXINT);
    return FALSE;
  }
  return TRUE;
}

/* Where an output added late counts its grid from: where the running
 * outputs' chunks start (the open, the last seek), or, when its stream
 * starts later (MPEG-TS video 23 ms after the audio, or 0.6 s after it
 * once a seek landed), where its own first frame was or would have been,
 * as a run that had it from the start counts. */
static gint64
grid_origin (TcSource * src, TcOutput * out)
{
  AVStream *st = tc_output_decoder (out)->stream;
  gint64 first = TC_TIME_NONE;

  if (src->first_pts[st->index] != AV_NOPTS_VALUE)
    first = tc_output_first_time (out, src->first_pts[st->index],
        st->time_base);
  return first != TC_TIME_NONE ? MAX (first, src->grid_origin) :
      src->grid_origin;
}

/* An output added while the source is being read starts where the others
 * are: with a video decoder of its own, at the stream's next key frame (the
 * packets before it would decode into garbage); then, unless the source
 * is live (where the next frame captured is the start), at the first
 * frame of its own chunk grid at or after the position reached, so that
 * its chunks carry the same times as the running outputs' where their
 * spans agree. */
static void
start_late (TcSource * src, TcOutput * out, gboolean decoded)
{
  TcDecoder *dec = tc_output_decoder (out);
  gint64 from = src->position;
  gint64 complete = tc_decoder_complete_from (dec, &src->clock);
  AVRational fps_tb;

  /* audio decoders start at any packet (and not every demuxer marks
   * audio packets as key frames) */
  if (!decoded && dec->stream->codecpar->codec_type == AVMEDIA_TYPE_VIDEO)
    dec->wait_key = TRUE;
  TC_INFO ("output added at %" G_GINT64_FORMAT " (grid from %" G_GINT64_FORMAT
      "), %s decoder", src->position, src->grid_origin,
      decoded ? "shared" : "new");
  /* the frames the running outputs' frame rates left out (tcthin.c), some
   * still in the decoder or the decode-ahead ring, are not there for it:
   * it starts where none is missing, and with a frame rate half an output
   * frame later, where its fps filter's nearest frame is after them */
  if (complete != TC_TIME_NONE && tc_output_fps_time_base (out, &fps_tb))
    complete += av_rescale_q (1, fps_tb, TC_NS_BASE) / 2 + 1;
  if (complete != TC_TIME_NONE && complete > from)
    from = complete;
  if (!src->clock.realtime && !src->clock.is_device)
    tc_output_start_at (out, from, grid_origin (src, out));
}

/* The decoder of out's stream leaves out the frames no output reading the
 * stream takes, when all take their frames through an fps filter
 * (tcthin.c). */
static void
set_thinning (TcSource * src, TcOutput * out)
{
  TcDecoder *dec = tc_output_decoder (out);
  AVRational *tbs = g_new (AVRational, src->outputs->len);
  guint i, n = 0;

  /* a live output starts with the next frame, whatever was left out */
  if (src->clock.realtime || src->clock.is_device)
    goto done;

  for (i = 0; i < src->outputs->len; i++) {
    TcOutput *o = g_ptr_array_index (src->outputs, i);

    if (o == NULL || tc_output_decoder (o) != dec)
      continue;
    if (!tc_output_fps_time_base (o, &tbs[n])) {
      n = 0;
      break;
    }
    n++;
  }
done:
  tc_decoder_set_thinning (dec, tbs, n);
  g_free (tbs);
}

gint
tc_source_add_output (TcSource * src, const TcOutputConfig * config,
    GError ** error)
{
  TcOutput *out;
  gboolean decoded;
  gint index;

  g_return_val_if_fail (src != NULL, -1);
  g_return_val_if_fail (config != NULL, -1);

  /* the decoders and the output table are the reading side's too */
  tc_decoders_stop_ahead (&src->decoders, FALSE);
  if (!check_config (src, config, error))
    return -1;
  index = resolve_stream (src, config, error);
  if (index < 0)
    return -1;
  decoded = src->decoders.by_stream[index] != NULL;
  out = tc_output_new (src->outputs->len, config, src->fmt->streams[index],
      &src->decoders, &src->clock, &src->callbacks, src->user_data, error);
  if (out == NULL)
    return -1;
  /* the decoder may skip what the outputs before it did not need */
  tc_decoder_set_discard (tc_output_decoder (out), &src->clock, TC_TIME_NONE);
  if (src->position != TC_TIME_NONE)
    start_late (src, out, decoded);
  g_ptr_array_add (src->outputs, out);
  set_thinning (src, out);
  return src->outputs->len - 1;
}

static TcOutput *
get_output (TcSource * src, gint output)
{
  if (output < 0 || (guint) output >= src->outputs->len)
    return NULL;
  return g_ptr_array_index (src->outputs, output);
}

void
tc_source_remove_output (TcSource * src, gint output)
{
  TcOutput *out;

  g_return_if_fail (src != NULL);
  out = get_output (src, output);
  if (out == NULL)
    return;
  g_ptr_array_index (src->outputs, output) = NULL;
  tc_output_free (out);
}

gint64
tc_source_capture_latency (TcSource * src, gint output)
{
  TcOutput *out;

  g_return_val_if_fail (src != NULL, TC_TIME_NONE);
  out = get_output (src, output);
  if (out == NULL)
    return TC_TIME_NONE;
  return tc_decoder_latency (tc_output_decoder (out), src->fmt,
      tc_output_info (out)->media_type == TC_MEDIA_AUDIO,
      tc_output_converts_rate (out));
}

const TcOutputInfo *
tc_source_get_output_info (TcSource * src, gint output)
{
  TcOutput *out;

  g_return_val_if_fail (src != NULL, NULL);
  out = get_output (src, output);
  return out ? tc_output_info (out) : NULL;
}
