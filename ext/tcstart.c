/* tensorchunker core: an output's start, the frame its first chunk starts on
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

/*
 * Until an output keeps its first frame (after the open, a seek, or a
 * change of the audio rate), the filtered frames go through here: the
 * frames before an accurate seek's target are dropped; an output added
 * while the source was read starts on the running outputs' grid of
 * chunks; an audio output after an accurate seek starts on the grid of a
 * full decode (tcgrid.c).  The first frame kept says where the output's
 * counters start (TcStartPoint); from then on the output (tcoutput.c)
 * counts alone.
 */

#include "tcprivate.h"

void
tc_start_init (TcStart * s, const TcClock * clock, gint64 origin)
{
  s->clock = clock;
  s->origin = origin;
  s->started = FALSE;
  s->after_seek = FALSE;
  s->skip_until = TC_TIME_NONE;
  s->align = FALSE;
  s->grid_origin = 0;
  s->in_counted = TC_TIME_NONE;
  tc_grid_init (&s->grid, origin);
}

/* An audio stream's frames on the grid of a full decode:
 * tc_grid_set_stream(). */
void
tc_start_set_stream (TcStart * s, const AVStream * st)
{
  tc_grid_set_stream (&s->grid, st);
}

/* After a seek: the first frame kept is the first at or after skip_until
 * (TC_TIME_NONE: the first decoded).  tc_start_plan() set where an
 * accurate seek feeds from. */
void
tc_start_reset (TcStart * s, gint64 skip_until)
{
  s->started = FALSE;
  s->after_seek = TRUE;
  s->skip_until = skip_until;
  s->align = FALSE;
  if (skip_until == TC_TIME_NONE)
    tc_grid_clear (&s->grid);
}

/* Added while the source is read: the first chunk is the first of the grid
 * from grid_origin at or after position. */
void
tc_start_late (TcStart * s, gint64 position, gint64 grid_origin)
{
  s->after_seek = TRUE;
  s->skip_until = position;
  s->grid_origin = grid_origin;
  s->align = TRUE;
}

/* Audio at a new rate: a new sample count, from the next frame. */
void
tc_start_restart (TcStart * s)
{
  s->started = FALSE;
  s->after_seek = TRUE;
}

/* A decoded frame at pts goes into the graph: the count of the stream's
 * samples gives it the time counted (TC_TIME_NONE: none, video). */
void
tc_start_counted (TcStart * s, const AVFrame * frame, gint64 pts,
    gint64 counted)
{
  s->in_counted = pts != TC_TIME_NONE ? counted : TC_TIME_NONE;
  s->in_pts = pts;
  s->in_samples = frame->nb_samples;
  s->in_rate = frame->sample_rate;
}

gboolean
tc_start_started (const TcStart * s)
{
  return s->started;
}

/* The time before which a decoded frame comes before the first kept,
 * TC_TIME_NONE when none does: 1 ms short of the target, so that no
 * rounding of a frame's time drops the first one kept. */
gint64
tc_start_drops_before (const TcStart * s)
{
  if (s->skip_until == TC_TIME_NONE)
    return TC_TIME_NONE;
  return s->skip_until - TC_SECOND / 1000;
}

/* Before an accurate seek to target: where an audio output needs decoded
 * frames from (ns), and the input sample it feeds its graph from. */
gint64
tc_start_plan (TcStart * s, gint64 target, gint in_rate, gint out_rate)
{
  return tc_grid_plan (&s->grid, target, in_rate, out_rate);
}

/* An audio frame decoded after an accurate seek: tc_grid_feed(). */
gboolean
tc_start_feed (TcStart * s, AVRational tb, gint out_rate, AVFrame * frame,
    AVFrame ** fed, GError ** error)
{
  return tc_grid_feed (&s->grid, s->clock, tb, out_rate, frame, fed, error);
}

/* The frame counter of the first frame kept, at pts: from the stream's
 * start after a seek, 0 after the open. */
static guint64
offset_at (TcStart * s, gint64 pts, gint64 rate_n, gint64 rate_d)
{
  guint64 offset = 0;

  if (s->after_seek && pts != TC_TIME_NONE && rate_n > 0)
    offset = MAX (0, av_rescale_rnd (pts - s->origin, rate_n,
            rate_d * TC_SECOND, AV_ROUND_NEAR_INF));
  return offset;
}

/* Whether the frame at pts starts nothing: its frame number from
 * grid_origin is not a multiple of the hop.  The first frame at or after
 * grid_origin is number 0 even when it comes most of a frame later (video
 * starting 23 ms after the audio, the first frame after an accurate
 * seek's target): frames are counted down, 1 ms early so that no rounding
 * of a frame's time counts it one short.  Without a known rate any frame
 * may start. */
static gboolean
off_grid (TcStart * s, gint64 pts, AVRational rate, guint hop)
{
  gboolean off;

  if (pts == TC_TIME_NONE || rate.num <= 0)
    off = FALSE;
  else if (pts < s->grid_origin)
    off = TRUE;
  else
    off = av_rescale_rnd (pts - s->grid_origin + TC_SECOND / 1000, rate.num,
        (gint64) rate.den * TC_SECOND, AV_ROUND_DOWN) % hop != 0;
  return off;
}

/* The first frame kept, the output's state being started. */
static void
set_started (TcStart * s)
{
  s->skip_until = TC_TIME_NONE;
  s->align = FALSE;
  s->started = TRUE;
}

/* Video, not started: FALSE when the filtered frame at pts (rate: the
 * output's frame rate, 0/1 unknown) comes before the first kept; the
 * first kept sets p->offset. */
gboolean
tc_start_video (TcStart * s, gint64 pts, AVRational rate, guint hop,
    TcStartPoint * p)
{
  gboolean kept = (s->skip_until == TC_TIME_NONE || pts == TC_TIME_NONE
      || pts >= s->skip_until) && !(s->align && off_grid (s, pts, rate, hop));

  if (kept) {
    set_started (s);
    p->offset = offset_at (s, pts, rate.num, rate.den);
  }
  return kept;
}

/* Audio after an accurate seek, counted on the grid of a full decode. */
static gboolean
start_on_grid (TcStart * s, const AVFrame * f, AVRational tb, TcStartPoint * p)
{
  TcGridStart gs;
  gboolean kept = tc_grid_start (&s->grid, s->clock, f, tb, s->skip_until,
      &gs);

  if (kept) {
    p->skip = gs.skip;
    p->base = gs.base;
    p->since_base = p->offset = gs.first;
  }
  return kept;
}

/* Where the filtered audio frame f (at pts) starts on the count of the
 * stream's samples (tcsamples.c): where the decoded frame does when f is
 * that frame converted (its samples, within a sample of its time: the
 * graph's time base rounds), as far from its own time as the decoded
 * frame is otherwise (a graph that resamples, or cuts frames anew).
 * Rounding f's own time to a sample number would come a sample short
 * where the decoded frame's time is rounded to the millisecond halfway
 * between two samples. */
static gint64
counted_time (const TcStart * s, const AVFrame * f, gint64 pts)
{
  if (s->in_counted == TC_TIME_NONE)
    return pts;
  if (f->nb_samples == s->in_samples && f->sample_rate == s->in_rate
      && ABS (pts - s->in_pts) <= av_rescale (1, TC_SECOND, f->sample_rate))
    return s->in_counted;
  return pts + (s->in_counted - s->in_pts);
}

/* Audio added late: the first sample at or after both the frame's first
 * one (at pts, at pts0 on the count of the stream's samples) and
 * skip_until that starts a chunk of the grid.  FALSE when the whole frame
 * goes. */
static gboolean
start_aligned (TcStart * s, const AVFrame * f, gint64 pts, guint hop,
    TcStartPoint * p)
{
  gint rate = f->sample_rate;
  gint64 pts0 = counted_time (s, f, pts);
  gint64 at = MAX (MAX (pts0, s->skip_until), s->grid_origin), s0, n;

  /* sample numbers from the grid's origin */
  s0 = av_rescale_rnd (pts0 - s->grid_origin, rate, TC_SECOND,
      AV_ROUND_NEAR_INF);
  n = av_rescale_rnd (at - s->grid_origin, rate, TC_SECOND, AV_ROUND_UP);
  n = (n + hop - 1) / hop * hop;
  if (n - s0 < f->nb_samples) {
    p->skip = MAX (0, n - s0);
    /* counted from the grid's origin, as the outputs that started with it
     * count, so that the times round alike */
    p->base = s->grid_origin;
    p->since_base = n;
    p->offset = offset_at (s, s->grid_origin + av_rescale (n, TC_SECOND,
            rate), rate, 1);
  }
  return n - s0 < f->nb_samples;
}

/* Audio otherwise: the first sample at or after skip_until, on the frame's
 * own sample grid. */
static gboolean
start_on_frame (TcStart * s, const AVFrame * f, gint64 pts, TcStartPoint * p)
{
  gint rate = f->sample_rate;
  gint64 pts0 = pts == TC_TIME_NONE ? s->origin : pts, skip = 0;

  if (s->skip_until != TC_TIME_NONE && s->skip_until > pts0)
    skip = av_rescale_rnd (s->skip_until - pts0, rate, TC_SECOND, AV_ROUND_UP);
  if (skip < f->nb_samples) {
    p->skip = skip;
    p->base = pts0 + av_rescale (skip, TC_SECOND, rate);
    p->since_base = 0;
    p->offset = offset_at (s, p->base, rate, 1);
  }
  return skip < f->nb_samples;
}

/* Audio, not started: FALSE when all of the filtered frame f (at pts, its
 * pts in tb) comes before the first sample kept; the frame that holds it
 * sets p. */
gboolean
tc_start_audio (TcStart * s, const AVFrame * f, AVRational tb, gint64 pts,
    guint hop, TcStartPoint * p)
{
  gboolean kept;

  if (tc_grid_started (&s->grid))
    kept = start_on_grid (s, f, tb, p);
  else if (s->align && pts != TC_TIME_NONE)
    kept = start_aligned (s, f, pts, hop, p);
  else
    kept = start_on_frame (s, f, pts, p);
  if (kept)
    set_started (s);
  return kept;
}
