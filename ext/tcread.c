/* tensorchunker core: the step: read, decode, filter, with or without decode-ahead
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

void
tc_read_clear_pending (TcSource * src)
{
  AVPacket *pkt;

  while ((pkt = g_queue_pop_head (&src->pending)))
    av_packet_free (&pkt);
}

/* TcFrameFunc: hands a decoded frame to the outputs reading its stream. */
static gboolean
deliver_frame (gpointer data, TcDecoder * dec, AVFrame * frame, GError ** error)
{
  TcSource *src = data;
  gint64 t = tc_pts_to_ns (&src->clock, frame->pts, dec->stream->time_base);
  gint64 counted = TC_TIME_NONE;
  guint i;

  dec->n_frames++;
  if (src->first_pts[dec->stream_index] == AV_NOPTS_VALUE)
    src->first_pts[dec->stream_index] = frame->pts;
  if (t != TC_TIME_NONE && (src->position == TC_TIME_NONE || t > src->position))
    src->position = t;
  if (dec->stream->codecpar->codec_type == AVMEDIA_TYPE_AUDIO)
    counted = tc_samples_count (&dec->samples, frame, t,
        dec->stream->time_base);
  for (i = 0; i < src->outputs->len; i++) {
    TcOutput *out = g_ptr_array_index (src->outputs, i);
    if (out == NULL || tc_output_decoder (out) != dec)
      continue;
    if (!tc_output_push_frame (out, frame, counted, error))
      return FALSE;
  }
  return TRUE;
}

/* TcFrameFunc of the decode-ahead thread: into the ring. */
static gboolean
queue_frame (gpointer data, TcDecoder * dec, AVFrame * frame, GError ** error)
{
  TcSource *src = data;

  tc_ahead_put (&src->ahead, dec, frame);
  return TRUE;
}

/* The filter graphs give what they hold, the outputs their short last
 * chunks.  One that fails does not keep the others from delivering theirs:
 * the first error is returned. */
static gboolean
drain_outputs (TcSource * src, GError ** error)
{
  GError *first = NULL;
  guint i;

  for (i = 0; i < src->outputs->len; i++) {
    TcOutput *out = g_ptr_array_index (src->outputs, i);
    if (out)
      tc_output_drain (out, first ? NULL : &first);
  }
  if (first == NULL)
    return TRUE;
  g_propagate_error (error, first);
  return FALSE;
}

/* The next packet: one read ahead by a seek, or a new one. */
static gint
next_packet (TcSource * src)
{
  AVPacket *pkt = g_queue_pop_head (&src->pending);

  if (pkt == NULL)
    return av_read_frame (src->fmt, src->packet);
  av_packet_move_ref (src->packet, pkt);
  av_packet_free (&pkt);
  return 0;
}

/* The next packet, unless interrupted.  A read an interrupt cut, once the
 * interrupt is over, is read again (tc_io_forget_interrupt()). */
static gint
read_packet (TcSource * src)
{
  gint ret;

  if (tc_io_is_interrupted (src))
    return AVERROR_EXIT;
  ret = next_packet (src);
  if (ret == AVERROR_EXIT && !tc_io_is_interrupted (src)
      && tc_io_forget_interrupt (src))
    ret = next_packet (src);
  return ret;
}

/* Real-time reading: waits for the end of the packet's time.  When
 * interrupted, the packet is kept for the next step. */
static gboolean
pace (TcSource * src, GError ** error)
{
  AVPacket *pkt = src->packet;
  AVStream *st = src->fmt->streams[pkt->stream_index];
  gint64 ts = pkt->dts != AV_NOPTS_VALUE ? pkt->dts : pkt->pts;
  gint64 t = tc_pts_to_ns (&src->clock, ts, st->time_base);
  gint64 end = t;

  if (t != TC_TIME_NONE && pkt->duration > 0)
    end = tc_pts_to_ns (&src->clock, ts + pkt->duration, st->time_base);
  if (t == TC_TIME_NONE || end == TC_TIME_NONE
      || tc_clock_pace (&src->clock, t, end, &src->interrupted, error))
    return TRUE;
  pkt = av_packet_alloc ();
  if (pkt != NULL) {
    av_packet_move_ref (pkt, src->packet);
    g_queue_push_head (&src->pending, pkt);
  } else {
    av_packet_unref (src->packet);
  }
  return FALSE;
}

/* A read failed (ret < 0), or a URL was refused: what was decoded is
 * delivered as the end of the stream, then the read error is reported. */
static TcStepResult
read_failed (TcSource * src, gint ret, TcFrameFunc func, GError ** error)
{
  /* damaged data is the stream's fault; anything else (a timeout, a
   * connection lost, a device gone) the resource's */
  if (!tc_io_check_refused (src, error)
      && !(ret < 0 && tc_io_check_seek_refused (src, error)))
    tc_set_av_error (error, ret == AVERROR_INVALIDDATA ? TC_ERROR_DECODE :
        TC_ERROR_OPEN, ret, "reading %s failed",
        src->fmt->url[0] ? src->fmt->url : "the input");
  av_packet_unref (src->packet);
  tc_decoders_drain (&src->decoders, func, src, NULL);
  return TC_STEP_ERROR;
}

/* Reads one packet and decodes it, its frames going to the outputs (or,
 * in the decode-ahead thread, to the ring).  At the end of the input, or
 * on an error that ends it, the decoders give what they hold and *ended is
 * set: the outputs are drained by the caller (end_outputs()).  The other
 * error is TC_ERROR_INTERRUPTED, after which reading can go on. */
static TcStepResult
read_step (TcSource * src, gboolean in_thread, gboolean * ended,
    GError ** error)
{
  TcFrameFunc func = in_thread ? queue_frame : deliver_frame;
  TcStepResult result = TC_STEP_OK;
  TcDecoder *dec;
  gint ret;

  *ended = FALSE;
  src->seek_refused = FALSE;
  ret = read_packet (src);
  if (ret == AVERROR (EAGAIN))
    goto done;
  /* an AVERROR_EXIT with no interrupt is an error that ends the input:
   * taken for an interrupt, the decode-ahead thread would leave, be
   * started again, and leave, forever */
  if (ret == AVERROR_EXIT && tc_io_is_interrupted (src)) {
    g_set_error (error, TC_ERROR, TC_ERROR_INTERRUPTED, "interrupted");
    result = TC_STEP_ERROR;
  } else if (ret == AVERROR_EOF) {
    TC_LOG ("end of input");
    *ended = TRUE;
    result = tc_decoders_drain (&src->decoders, func, src, error) ?
        TC_STEP_EOS : TC_STEP_ERROR;
  } else if (ret < 0 || src->refused != NULL) {
    *ended = TRUE;
    result = read_failed (src, ret, func, error);
  } else if (src->clock.realtime && !src->clock.is_device && !pace (src, error)) {
    result = TC_STEP_ERROR;
  } else {
    dec = tc_decoders_for_packet (&src->decoders, src->packet);
    if (dec != NULL && !tc_decoder_decode (&src->decoders, dec, src->packet,
            func, src, error)) {
      /* as after a read error: what was decoded is delivered, then the
       * error is reported */
      tc_decoders_drain (&src->decoders, func, src, NULL);
      *ended = TRUE;
      result = TC_STEP_ERROR;
    }
    av_packet_unref (src->packet);
  }
done:
  return result;
}

/* TcAheadRead */
static TcStepResult
read_ahead (gpointer data, gboolean * ended, GError ** error)
{
  return read_step (data, TRUE, ended, error);
}

/* The input ended (result EOS) or failed for good (ERROR, error set): the
 * filter graphs give what they hold, the outputs their last chunks. */
static TcStepResult
end_outputs (TcSource * src, TcStepResult result, GError ** error)
{
  src->eos = TRUE;
  if (result == TC_STEP_EOS)
    return drain_outputs (src, error) ? TC_STEP_EOS : TC_STEP_ERROR;
  drain_outputs (src, NULL);
  return TC_STEP_ERROR;
}

/* A step in this thread. */
static TcStepResult
step_here (TcSource * src, GError ** error)
{
  gboolean ended;
  TcStepResult result = read_step (src, FALSE, &ended, error);

  return ended ? end_outputs (src, result, error) : result;
}

/* An output failed on a frame from the decode-ahead thread: as without the
 * thread, what was decoded is delivered, then the error is reported. */
static TcStepResult
ahead_output_failed (TcSource * src)
{
  AVFrame *frame;
  gpointer dec;

  tc_decoders_stop_ahead (&src->decoders, FALSE);
  while (tc_ahead_pop (&src->ahead, &frame, &dec)) {
    if (dec != NULL)
      deliver_frame (src, dec, frame, NULL);
    av_frame_unref (frame);
  }
  tc_ahead_drop (&src->ahead);
  tc_decoders_drain (&src->decoders, deliver_frame, src, NULL);
  return end_outputs (src, TC_STEP_ERROR, NULL);
}

/* A step with decode ahead, or with frames it left: filters the next
 * decoded frame, waiting for one. */
static TcStepResult
ahead_step (TcSource * src, gboolean wanted, GError ** error)
{
  TcStepResult result = TC_STEP_OK;
  AVFrame *frame = NULL;
  gpointer dec = NULL;

  /* what the thread left is taken first, even when no longer wanted */
  if (tc_ahead_idle (&src->ahead) && (!wanted
          || !tc_ahead_start (&src->ahead, read_ahead, src)))
    return step_here (src, error);

  switch (tc_ahead_next (&src->ahead, &frame, &dec, &result, error)) {
    case TC_AHEAD_FRAME:
      if (dec == NULL || deliver_frame (src, dec, frame, error)) {
        av_frame_unref (frame);
        break;
      }
      av_frame_unref (frame);
      result = ahead_output_failed (src);
      break;
    case TC_AHEAD_ENDED:
      tc_decoders_stop_ahead (&src->decoders, FALSE);
      result = end_outputs (src, result, error);
      break;
    case TC_AHEAD_EXITED:
      /* The thread left on an interrupt: it starts again at the next step.
       * Once the interrupt is over (a seek that was refused, say), that is
       * no error: the caller would take it for one more interrupt. */
      tc_decoders_stop_ahead (&src->decoders, FALSE);
      if (!atomic_load (&src->interrupted))
        break;
      /* fall through */
    case TC_AHEAD_INTERRUPTED:
      g_set_error (error, TC_ERROR, TC_ERROR_INTERRUPTED, "interrupted");
      result = TC_STEP_ERROR;
      break;
  }
  return result;
}

TcStepResult
tc_source_step (TcSource * src, GError ** error)
{
  gboolean wanted;

  g_return_val_if_fail (src != NULL, TC_STEP_ERROR);

  if (!tc_io_check_open (src, error))
    return TC_STEP_ERROR;
  if (src->eos)
    return TC_STEP_EOS;
  if (tc_io_check_interrupted (src, error))
    return TC_STEP_ERROR;

  /* Pacing and capture times are taken where packets are read: real-time
   * reading and devices decode in this thread. */
  wanted = tc_ahead_wanted (&src->ahead) > 0 && !src->clock.realtime
      && !src->clock.is_device;
  if (wanted || !tc_ahead_idle (&src->ahead))
    return ahead_step (src, wanted, error);
  return step_here (src, error);
}
