/* tensorchunker core: the frames a frame-rate reduction does not take
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

/* An output with a frame-rate picks its frames with libavfilter's fps
 * filter (FFmpeg 5.1, vf_fps.c, default rounding "near"): each input frame
 * gets the output time q = its pts in the output's time base, rounded to
 * the nearest (halves away from zero), and the output frame at time n is
 * the last input frame with q <= n: a frame is dropped when the frame
 * after it has a q no larger than the output time due next, which is at
 * least its own q.  So a frame whose successor (the next frame in
 * presentation order) has the same q is taken by no output frame, and
 * leaving it out changes nothing: the frames before it and after it meet
 * the same output times, and the last frame of the stream, which the
 * filter's end of stream depends on, has no successor.
 *
 * Before a packet is decoded its successor is not known for certain, but
 * a packet read before it is a bound: the least pts above its own among
 * the packets read since the seek is the successor's pts or later, and q
 * only grows with pts, so when that packet's q equals the frame's, the
 * successor's does too.  x264's non-reference B-frames come after both
 * neighbours in decode order, so their successor is always known; the
 * decoder drops only those (AVDISCARD_NONREF), never a frame others refer
 * to.  tests/bench's seed4 (1 fps and 3 fps of a 29.97 fps stream) decodes
 * about half of the frames. */

#include "tcprivate.h"

void
tc_thin_init (TcThin * thin)
{
  memset (thin, 0, sizeof (*thin));
  thin->complete_from = AV_NOPTS_VALUE;
}

void
tc_thin_clear (TcThin * thin)
{
  g_clear_pointer (&thin->fps_tb, g_free);
  thin->n_fps_tb = 0;
}

/* The output time bases of the fps filters of every output reading the
 * stream (n 0: an output takes every frame, none is left out). */
void
tc_thin_set (TcThin * thin, const AVRational * fps_tb, guint n)
{
  tc_thin_clear (thin);
  if (n > 0)
    thin->fps_tb = g_memdup2 (fps_tb, n * sizeof (AVRational));
  thin->n_fps_tb = n;
}

/* After a seek or an open: the packets read before are no bound, and the
 * frames up to the decoder's first are taken (those it drops itself
 * after a seek, such as the leading frames of an open GOP, are nobody's
 * successor). */
void
tc_thin_restart (TcThin * thin)
{
  thin->n_recent = 0;
  thin->next = 0;
  thin->frames_out = FALSE;
  thin->broken = FALSE;
  thin->complete_from = AV_NOPTS_VALUE;
}

/* A frame came out of the decoder. */
void
tc_thin_frame_out (TcThin * thin)
{
  thin->frames_out = TRUE;
}

/* The decoder refused a packet or a frame: a frame read may never come
 * out, and what it bounded is no longer certain, until the next seek. */
void
tc_thin_damaged (TcThin * thin)
{
  thin->broken = TRUE;
}

/* The pts from which no frame was left out since the seek (AV_NOPTS_VALUE:
 * none was): the successor of the latest frame left out is at or before
 * it, so every frame after the latest left out, and at it, is decoded. */
gint64
tc_thin_complete_from (const TcThin * thin)
{
  return thin->complete_from;
}

/* The least pts above pts among the packets read, or AV_NOPTS_VALUE. */
static gint64
successor_bound (const TcThin * thin, gint64 pts)
{
  gint64 best = AV_NOPTS_VALUE;
  guint i;

  for (i = 0; i < thin->n_recent; i++) {
    gint64 p = thin->recent[i];

    if (p > pts && (best == AV_NOPTS_VALUE || p < best))
      best = p;
  }
  return best;
}

/* Whether every fps filter gives pts and next the same output time. */
static gboolean
same_output_time (const TcThin * thin, AVRational tb, gint64 pts, gint64 next)
{
  const enum AVRounding rnd = AV_ROUND_NEAR_INF | AV_ROUND_PASS_MINMAX;
  guint i;

  for (i = 0; i < thin->n_fps_tb; i++) {
    if (av_rescale_q_rnd (pts, tb, thin->fps_tb[i], rnd) !=
        av_rescale_q_rnd (next, tb, thin->fps_tb[i], rnd))
      return FALSE;
  }
  return TRUE;
}

static void
remember (TcThin * thin, gint64 pts)
{
  thin->recent[thin->next] = pts;
  thin->next = (thin->next + 1) % TC_THIN_RECENT;
  thin->n_recent = MIN (thin->n_recent + 1, TC_THIN_RECENT);
}

/* A packet of the stream (time base tb) is about to be decoded: TRUE when
 * no output takes its frame.  ctx is the decoder: a frame's time is its
 * best_effort_timestamp, the packet's pts only while it has found no pts
 * out of order. */
gboolean
tc_thin_unneeded (TcThin * thin, const AVCodecContext * ctx, AVRational tb,
    const AVPacket * pkt)
{
  gboolean unneeded = FALSE;
  gint64 next;

  if (thin->n_fps_tb == 0 || pkt->pts == AV_NOPTS_VALUE)
    return FALSE;
  if (thin->frames_out && !thin->broken
      && ctx->pts_correction_num_faulty_pts == 0) {
    next = successor_bound (thin, pkt->pts);
    unneeded = next != AV_NOPTS_VALUE
        && same_output_time (thin, tb, pkt->pts, next);
  }
  remember (thin, pkt->pts);
  if (unneeded && (thin->complete_from == AV_NOPTS_VALUE
          || next > thin->complete_from))
    thin->complete_from = next;
  return unneeded;
}
