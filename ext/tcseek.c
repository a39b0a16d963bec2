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

/* Whether peek_first_packets() waits for a packet of stream i: every
 * decoded stream's first, or with keys, a decoded video stream's first key
 * frame. */
static gboolean
peek_waits (TcSource * src, guint i, gboolean keys)
{
  TcDecoder *dec = src->decoders.by_stream[i];

  return dec != NULL && (!keys
      || dec->stream->codecpar->codec_type == AVMEDIA_TYPE_VIDEO);
}

/* Whether @pkt is the first packet peek_first_packets() waits for of its
 * stream: then first[] has its time, and one stream fewer is waited for. */
static gboolean
peek_first_of (TcSource * src, const AVPacket * pkt, gint64 * first,
    gboolean keys)
{
  guint i = pkt->stream_index;
  gint64 ts = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;

  if (first[i] != AV_NOPTS_VALUE || ts == AV_NOPTS_VALUE
      || !peek_waits (src, i, keys) || (keys
          && !(pkt->flags & AV_PKT_FLAG_KEY)))
    return FALSE;
  first[i] = ts;
  return TRUE;
}

/* Reads ahead until every decoded stream shows its first packet (with
 * keys: every decoded video stream its first key frame), or the input
 * ends, or the bounds are reached, keeping the packets for the next steps
 * (those kept already come first); first[i] is that packet's time (in
 * stream i's time base). */
static void
peek_first_packets (TcSource * src, gint64 * first, gboolean keys,
    GError ** error)
{
  TcDecoder **decs = src->decoders.by_stream;
  guint i, waiting = 0, n_packets = 0;
  gsize bytes = 0;
  GList *l;

  for (i = 0; i < src->n_streams; i++) {
    first[i] = AV_NOPTS_VALUE;
    waiting += peek_waits (src, i, keys);
  }
  for (l = src->pending.head; l != NULL && waiting > 0; l = l->next)
    waiting -= peek_first_of (src, l->data, first, keys);
  while (waiting > 0 && n_packets < PEEK_MAX_PACKETS && bytes < PEEK_MAX_BYTES) {
    AVPacket *pkt;
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
    waiting -= peek_first_of (src, src->packet, first, keys);
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

  peek_first_packets (src, first, FALSE, error);
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

/* After a seek, a stream's first frame is the first its decoder gives
 * (deliver_frame()). */
static void
forget_first_pts (TcSource * src)
{
  guint i;

  for (i = 0; i < src->n_streams; i++)
    src->first_pts[i] = AV_NOPTS_VALUE;
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
  gint ret;

  src->seek_refused = FALSE;
  ret = avformat_seek_file (src->fmt, -1, G_MININT64, ts, ts, 0);
  if (ret < 0 && ret != AVERROR_EXIT) {
    /* no key frame before ts (the first one is late): the seed's range
     * accepts the one after */
    ret = avformat_seek_file (src->fmt, -1, G_MININT64, ts, G_MAXINT64, 0);
  }
  /* a demuxer whose byte seek failed (upstream gave up) may say it
   * seeked, and end at once, as if at the end of the input; or fail with
   * a code that says less than the failed byte seek (MPEG-TS' search of
   * timestamps: -1, "Operation not permitted") */
  if (ret != AVERROR_EXIT && tc_io_check_seek_refused (src, error))
    return FALSE;
  if (ret >= 0)
    return TRUE;
  tc_set_av_error (error, ret == AVERROR_EXIT ? TC_ERROR_INTERRUPTED :
      TC_ERROR_SEEK, ret, "seeking to %.3f s failed",
      (gdouble) target / TC_SECOND);
  return FALSE;
}

/* After the outputs were reset: each video decoder skips the frames
 * before the target that none of its outputs needs and no other frame
 * refers to (tc_decoder_set_discard). */
static void
set_discards (TcSource * src)
{
  TcDecoders *decs = &src->decoders;
  gint64 *before = g_new (gint64, decs->n_streams);
  guint i;

  for (i = 0; i < decs->n_streams; i++)
    before[i] = G_MAXINT64;
  for (i = 0; i < src->outputs->len; i++) {
    TcOutput *out = g_ptr_array_index (src->outputs, i);
    gint s;

    if (out == NULL)
      continue;
    s = tc_output_decoder (out)->stream_index;
    /* TC_TIME_NONE, the least gint64: an output needs every frame */
    before[s] = MIN (before[s], tc_output_unneeded_before (out));
  }
  for (i = 0; i < decs->n_streams; i++) {
    if (decs->by_stream[i])
      tc_decoder_set_discard (decs->by_stream[i], &src->clock,
          before[i] == G_MAXINT64 ? TC_TIME_NONE : before[i]);
  }
  g_free (before);
}

/* After the demuxer moved: decoders as new, outputs started anew. */
static gboolean
restart (TcSource * src, gint64 skip_until, GError ** error)
{
  guint i;

  if (!tc_decoders_reopen (&src->decoders, error))
    return FALSE;
  for (i = 0; i < src->outputs->len; i++) {
    TcOutput *out = g_ptr_array_index (src->outputs, i);
    if (out && !tc_output_reset (out, skip_until, error))
      return FALSE;
  }
  set_discards (src);
  src->eos = FALSE;
  return TRUE;
}

/* Where an accurate seek to target starts decoding: early enough for
 * every decoder's pre-roll, before where every output needs frames from
 * to stay on the grid of a full decode.  Within a few seconds of target,
 * which is within TC_MAX_TIME: no overflow. */
static gint64
accurate_start (TcSource * src, gint64 target)
{
  gint64 start = target;
  guint i;

  for (i = 0; i < src->outputs->len; i++) {
    TcOutput *out = g_ptr_array_index (src->outputs, i);

    if (out == NULL)
      continue;
    start = MIN (start, tc_output_plan_seek (out, target) -
        tc_decoder_preroll (tc_output_decoder (out)));
  }
  TC_LOG ("accurate seek to %" G_GINT64_FORMAT " decodes from %"
      G_GINT64_FORMAT, target, start);
  /* not clamped at 0: a stream may start with a packet before 0 (an AAC
   * encoder's priming), which the frames at 0 need */
  return start;
}

/* The latest time (ns) at which a decoded video stream shows its first
 * key frame after the demuxer moved, reading ahead (the packets are kept);
 * G_MAXINT64 when one shows none before the input ends or the read-ahead
 * stops (its key frame is behind: a stream whose only key frame is its
 * first); TC_TIME_NONE when no video stream is decoded. */
static gint64
peek_keys (TcSource * src, GError ** error)
{
  gint64 *first = g_new (gint64, src->n_streams);
  gint64 latest = TC_TIME_NONE, t;
  guint i;

  peek_first_packets (src, first, TRUE, error);
  for (i = 0; i < src->n_streams; i++) {
    if (first[i] == AV_NOPTS_VALUE) {
      if (peek_waits (src, i, TRUE))
        latest = G_MAXINT64;
      continue;
    }
    t = tc_pts_to_ns (&src->clock, first[i],
        src->decoders.by_stream[i]->stream->time_base);
    if (t != TC_TIME_NONE && (latest == TC_TIME_NONE || t > latest))
      latest = t;
  }
  g_free (first);
  return latest;
}

/* The demuxer seek to a key frame at or before start.  A demuxer without
 * an index (MPEG-PS, MPEG-TS) searches timestamps and lands on any packet
 * before the time asked, not on a key frame: the video decoders then drop
 * what comes before the next one, which may be after the target, or never
 * come.  So while the first key frame read is after start, or none is
 * read, the seek goes back further (1 s, then 2, 4, 8), until the first
 * key frame read from where it lands is at or before start. */
static gboolean
seek_to_key (TcSource * src, gint64 start, GError ** error)
{
  gint64 step = TC_SECOND, key, from = start;
  guint tries;

  for (tries = 0;; tries++) {
    if (!seek_file (src, from, error))
      return FALSE;
    key = peek_keys (src, error);
    if (error && *error)
      return FALSE;
    if (key == TC_TIME_NONE || key <= start || tries == 4)
      return TRUE;
    TC_LOG ("key frame at %" G_GINT64_FORMAT " after %" G_GINT64_FORMAT
        " (seeking to %" G_GINT64_FORMAT "): seeking further back", key,
        start, from);
    tc_read_clear_pending (src);
    from -= step;
    step *= 2;
  }
}

/* An accurate seek's demuxer seek: to a key frame at or before where
 * decoding must start. */
static gboolean
seek_accurate (TcSource * src, gint64 target, GError ** error)
{
  return seek_to_key (src, accurate_start (src, target), error);
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
  tc_read_clear_pending (src);
  tc_io_forget_interrupt (src);
  if (!(accurate ? seek_accurate (src, target, error) : seek_to_key (src,
              target, error))
      || !restart (src, accurate ? target : TC_TIME_NONE, error))
    goto done;
  forget_first_pts (src);
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
