/* tensorchunker core: seeking
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

/* Bounds of the read-ahead that finds where a non-accurate seek landed: a
 * stream that has ended never produces its packet. */
#define PEEK_MAX_PACKETS 1024
#define PEEK_MAX_BYTES (64 * 1024 * 1024)

/* Reads ahead until every decoded stream shows its first packet (or the
 * input ends, or the bounds are reached), keeping the packets for the next
 * steps; first[i] is stream i's first time (in its time base). */
static void
peek_first_packets (TcSource * src, gint64 * first, GError ** error)
{
  TcDecoder **decs = src->decoders.by_stream;
  guint i, waiting = 0, n_packets = 0;
  gsize bytes = 0;

  for (i = 0; i < src->n_streams; i++) {
    first[i] = AV_NOPTS_VALUE;
    waiting += decs[i] != NULL;
  }
  while (waiting > 0 && n_packets < PEEK_MAX_PACKETS && bytes < PEEK_MAX_BYTES) {
    AVPacket *pkt;
    gint64 ts;
    gint ret = av_read_frame (src->fmt, src->packet);

    if (ret == AVERROR (EAGAIN))
      continue;
    if (ret < 0) {
      if (ret == AVERROR_EXIT)
        g_set_error (error, TC_ERROR, TC_ERROR_INTERRUPTED, "interrupted");
      /* other errors come again at the next step */
      break;
    }
    i = src->packet->stream_index;
    if (i >= src->n_streams || decs[i] == NULL) {
      av_packet_unref (src->packet);
      continue;
    }
    ts = src->packet->pts != AV_NOPTS_VALUE ? src->packet->pts :
        src->packet->dts;
    if (first[i] == AV_NOPTS_VALUE && ts != AV_NOPTS_VALUE) {
      first[i] = ts;
      waiting--;
    }
    n_packets++;
    bytes += src->packet->size;
    pkt = av_packet_alloc ();
    av_packet_move_ref (pkt, src->packet);
    g_queue_push_tail (&src->pending, pkt);
  }
  TC_LOG ("peeked %u packets", n_packets);
}

/* The time the outputs' first chunks will start at after a seek to a key
 * frame, from the first packets of the streams they read. */
static gint64
peek_landed (TcSource * src, GError ** error)
{
  gint64 *first = g_new (gint64, src->n_streams);
  gint64 landed = TC_TIME_NONE;
  guint i;

  peek_first_packets (src, first, error);
  for (i = 0; i < src->outputs->len; i++) {
    TcOutput *out = g_ptr_array_index (src->outputs, i);
    TcDecoder *dec;
    gint64 t;

    if (out == NULL)
      continue;
    dec = tc_output_decoder (out);
    if (first[dec->stream_index] == AV_NOPTS_VALUE)
      continue;
    t = tc_output_first_time (out, first[dec->stream_index],
        dec->stream->time_base);
    if (landed == TC_TIME_NONE || t < landed)
      landed = t;
  }
  TC_LOG ("landed at %" G_GINT64_FORMAT, landed);
  g_free (first);
  return landed;
}

static gboolean
check_seekable (TcSource * src, GError ** error)
{
  if (tc_source_is_seekable (src))
    return TRUE;
  g_set_error (error, TC_ERROR, TC_ERROR_SEEK,
      "cannot seek in this source (%s%s)", src->fmt->iformat->name,
      src->clock.is_device ? ", a capture device" : src->fmt->pb ?
      ", a stream that cannot seek" : "");
  return FALSE;
}

/* The seed's seek: the key frame at or before the target, on the default
 * stream; other streams follow the demuxer. */
static gboolean
seek_file (TcSource * src, gint64 target, GError ** error)
{
  gint64 ts = av_rescale_q (target + src->clock.start_time, TC_NS_BASE,
      AV_TIME_BASE_Q);
  gint ret = avformat_seek_file (src->fmt, -1, G_MININT64, ts, ts, 0);

  if (ret < 0 && ret != AVERROR_EXIT) {
    /* no key frame before ts (the first one is late): the seed's range
     * accepts the one after */
    ret = avformat_seek_file (src->fmt, -1, G_MININT64, ts, G_MAXINT64, 0);
  }
  if (ret >= 0)
    return TRUE;
  tc_set_av_error (error, ret == AVERROR_EXIT ? TC_ERROR_INTERRUPTED :
      TC_ERROR_SEEK, ret, "seeking to %.3f s failed",
      (gdouble) target / TC_SECOND);
  return FALSE;
}

/* After the demuxer moved: decoders as new, outputs started anew. */
static gboolean
restart (TcSource * src, gint64 skip_until, GError ** error)
{
  guint i;

  tc_read_clear_pending (src);
  if (!tc_decoders_reopen (&src->decoders, error))
    return FALSE;
  for (i = 0; i < src->outputs->len; i++) {
    TcOutput *out = g_ptr_array_index (src->outputs, i);
    if (out && !tc_output_reset (out, skip_until, error))
      return FALSE;
  }
  src->eos = FALSE;
  return TRUE;
}

gboolean
tc_source_seek (TcSource * src, gint64 target, gboolean accurate,
    gint64 * landed, GError ** error)
{
  GError *peek_error = NULL;
  gint64 where = TC_TIME_NONE;
  gboolean ok = FALSE;

  g_return_val_if_fail (src != NULL, FALSE);

  if (!tc_io_check_open (src, error) || tc_io_check_interrupted (src, error)
      || !check_seekable (src, error))
    goto done;
  target = CLAMP (target, 0, TC_MAX_TIME);
  /* what the decode-ahead thread read is from before the seek */
  tc_decoders_reset_ahead (&src->decoders);
  if (!seek_file (src, target, error)
      || !restart (src, accurate ? target : TC_TIME_NONE, error))
    goto done;
  where = accurate ? target : peek_landed (src, &peek_error);
  if (peek_error) {
    g_propagate_error (error, peek_error);
    where = TC_TIME_NONE;
    goto done;
  }
  /* the outputs' chunks start again from there; an output added before
   * the first frame starts with them */
  src->grid_origin = where != TC_TIME_NONE ? where : target;
  src->position = accurate ? target : TC_TIME_NONE;
  TC_INFO ("seek to %" G_GINT64_FORMAT " (%s) landed at %" G_GINT64_FORMAT,
      target, accurate ? "accurate" : "key", where);
  ok = TRUE;
done:
  if (landed)
    *landed = where;
  return ok;
}
