/* tensorchunker core: an output's frames on the grid of a full decode
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

/* After an accurate seek, an output must give what a full decode gives at
 * the same positions.  A resampler started anywhere computes its output
 * samples at other positions of the input than the full decode's (its
 * phase is off), and its first samples lack the input before them.  So the
 * output feeds its resampler from an input sample that the full decode's
 * resampler also had an output sample on (a multiple of the period below,
 * counted from the stream's start), far enough before the target that the
 * filter has all the input it reads (its length below): from there on, its
 * samples are the full decode's, bit for bit. */

#include "tcprivate.h"

#include <libavutil/opt.h>
#include <libswresample/swresample.h>
#include <string.h>

/* An option's default in swresample (what aresample runs with unless its
 * options say otherwise). */
static gdouble
swr_default (const gchar * name, gdouble fallback)
{
  const AVClass *class = swr_get_class ();
  const AVOption *o = av_opt_find (&class, name, NULL, 0,
      AV_OPT_SEARCH_FAKE_OBJ);

  if (o == NULL)
    return fallback;
  if (o->type == AV_OPT_TYPE_DOUBLE || o->type == AV_OPT_TYPE_FLOAT)
    return o->default_val.dbl;
  return (gdouble) o->default_val.i64;
}

/* Input samples swresample's filter reads around a position, resampling
 * in_rate to out_rate: its filter_size taps, stretched by the rate ratio
 * when it low-passes (as swresample's resample_init() computes it). */
static gint64
tc_grid_resampler_length (gint in_rate, gint out_rate)
{
  gdouble size = swr_default ("filter_size", 32);
  gdouble cutoff = swr_default ("cutoff", 0);
  gdouble factor, taps;
  gint64 length;

  if (in_rate <= 0 || out_rate <= 0 || in_rate == out_rate)
    return 0;
  /* 0 is swresample's "the resampler's own": 0.97 for its own */
  if (cutoff <= 0)
    cutoff = 0.97;
  factor = MIN (out_rate * cutoff / in_rate, 1.0);
  taps = size / factor;
  /* rounded up, as swresample does */
  length = (gint64) taps;
  if (length < taps)
    length++;
  return length + 1;
}

/* The input samples between two positions where an input sample and an
 * output sample coincide. */
static gint64
tc_grid_period (gint in_rate, gint out_rate)
{
  gint64 a = in_rate, b = out_rate;

  if (in_rate <= 0 || out_rate <= 0)
    return 1;
  while (b != 0) {
    gint64 r = a % b;
    a = b;
    b = r;
  }
  return in_rate / a;
}

/* Whether pts in tb do not tell input samples apart (Matroska's 1 ms):
 * the muxer rounded them, a frame's time is up to about a tick off its
 * first sample's. */
static gboolean
tc_grid_coarse (AVRational tb, gint in_rate)
{
  return (gint64) tb.num * in_rate > tb.den;
}

/* A frame's first sample as a full decode counts it, from its rounded time
 * (since: ns from the stream's start): a few samples off the count of a
 * full decode, which puts the resampler off its phase and the counter off
 * the full decode's.
 *   - Frames of varying lengths (granule set): they start at multiples of
 *     the granule from the full decode's first sample, whose time the
 *     muxer rounded alike (a stream shifted to start at 0 is shifted by
 *     whole ticks): the multiple within half a tick.
 *   - Otherwise the frames before it had its size (a codec's frames do,
 *     but for the last), from the stream's start: the multiple of it
 *     within a tick, less the lead.  The first frame of a decoder opened
 *     anew for the seek (fresh), which it trimmed the lead from (Opus's
 *     pre-skip), is a frame of size + lead less its first lead samples:
 *     lead past a multiple of size + lead. */
static gint64
tc_grid_snap (const TcGrid * grid, gint64 since, gint size, AVRational tb,
    gint in_rate, gboolean fresh)
{
  gint64 slack, snapped, lead = grid->lead, first;

  slack = av_rescale_rnd (tb.num, in_rate, tb.den, AV_ROUND_UP);
  if (grid->granule > slack) {
    first = av_rescale (since - grid->lead_time, in_rate, TC_SECOND);
    return av_rescale_rnd (first, 1, grid->granule, AV_ROUND_NEAR_INF) *
        grid->granule;
  }
  first = av_rescale (since, in_rate, TC_SECOND);
  if (fresh && lead > 0)
    snapped = av_rescale_rnd (first - lead, 1, size + lead,
        AV_ROUND_NEAR_INF) * (size + lead) + lead;
  else if (size > 2 * slack)
    snapped = av_rescale_rnd (first, 1, size, AV_ROUND_NEAR_INF) * size;
  else
    snapped = first;
  if (ABS (snapped - first) > slack)
    snapped = first;
  return snapped - lead;
}

/* Input sample 0's time, from the frame fed first: its pts less the
 * samples before it, exactly; with coarse pts, the stream's start, which
 * the count is from. */
static void
tc_grid_set_zero (TcGrid * grid, const TcClock * clock, AVRational tb,
    gint64 pts, gint64 first, gint in_rate)
{
  if (tc_grid_coarse (tb, in_rate)) {
    grid->zero_num = grid->origin + grid->lead_time + clock->start_time;
    grid->zero_den = TC_SECOND;
  } else {
    grid->zero_num = pts * tb.num * in_rate - first * tb.den;
    grid->zero_den = (gint64) tb.den * in_rate;
  }
}

/* A new frame with frame's samples from skip on (its pts is the caller's
 * to move), NULL when out of memory. */
static AVFrame *
tc_grid_trim_audio (const AVFrame * frame, gint skip)
{
  AVFrame *t = av_frame_alloc ();

  if (t == NULL)
    return NULL;
  t->format = frame->format;
  t->sample_rate = frame->sample_rate;
  t->nb_samples = frame->nb_samples - skip;
  if (av_channel_layout_copy (&t->ch_layout, &frame->ch_layout) < 0
      || av_frame_get_buffer (t, 0) < 0 || av_frame_copy_props (t, frame) < 0)
    goto fail;
  av_samples_copy (t->extended_data, frame->extended_data, 0, skip,
      t->nb_samples, frame->ch_layout.nb_channels, frame->format);
  return t;

fail:
  av_frame_free (&t);
  return NULL;
}

void
tc_grid_init (TcGrid * grid, gint64 origin)
{
  grid->origin = origin;
  grid->lead = 0;
  grid->lead_time = 0;
  grid->granule = 0;
  tc_grid_clear (grid);
}

/* Vorbis's short block size (its identification header, in the Xiph-laced
 * headers of extradata: "\x01vorbis", then the two block sizes' exponents
 * at byte 28), 0 when not found. */
static gint64
tc_grid_vorbis_short_block (const AVCodecParameters * par)
{
  static const guint8 id[] = { 1, 'v', 'o', 'r', 'b', 'i', 's' };
  gint64 size = 0;
  gint i;

  for (i = 0; par->extradata && i + 30 <= par->extradata_size; i++) {
    if (memcmp (par->extradata + i, id, sizeof (id)) == 0) {
      size = G_GINT64_CONSTANT (1) << (par->extradata[i + 28] & 0x0f);
      break;
    }
  }
  return size;
}

/* With coarse times, what a frame's rounded time does not tell: where a
 * full decode counts from, and the multiple a frame starts at.
 *   - A decoder that trims padding samples at the stream's start (Opus's
 *     pre-skip; FFmpeg's initial_padding): a full decode counts from the
 *     sample after them, at the time the decoder gives its first frame
 *     (the stream's start moved by padding samples, rounded to tb).
 *   - Vorbis: a packet's samples are a quarter of the block before and of
 *     its own (short or long), so frames start at multiples of a quarter
 *     short block, which is more than a tick (64 samples at 44.1 kHz);
 *     FFmpeg's decoder gives nothing for the first packet, which a
 *     stream starts with a short block in (libvorbis does), half a
 *     short block: the full decode's count starts after it.
 * With fine times the frame times tell it all. */
void
tc_grid_set_stream (TcGrid * grid, const AVStream * st)
{
  const AVCodecParameters *par = st->codecpar;
  gint rate = par->sample_rate;
  gint64 lead = MAX (par->initial_padding, 0), block;

  if (rate <= 0 || !tc_grid_coarse (st->time_base, rate))
    return;
  if (par->codec_id == AV_CODEC_ID_VORBIS
      && (block = tc_grid_vorbis_short_block (par)) >= 4) {
    grid->granule = block / 4;
    lead += block / 2;
  }
  grid->lead = lead;
  grid->lead_time = av_rescale_q (av_rescale_q (lead, av_make_q (1, rate),
          st->time_base), st->time_base, TC_NS_BASE);
}

/* Off the grid: what comes next is not after an accurate seek. */
void
tc_grid_clear (TcGrid * grid)
{
  grid->feed_from = -1;
  grid->next = -1;
  grid->fresh = FALSE;
}

/* Before an accurate seek to target: the input sample to feed the graph
 * from, and the time from which the output needs decoded frames (ns). */
gint64
tc_grid_plan (TcGrid * grid, gint64 target, gint in_rate, gint out_rate)
{
  gint64 period, first;

  tc_grid_clear (grid);
  if (in_rate <= 0 || out_rate <= 0)
    return target;
  period = tc_grid_period (in_rate, out_rate);
  /* counted as a full decode counts, from its first sample's time */
  first = av_rescale_rnd (MAX (target - grid->origin - grid->lead_time, 0),
      in_rate, TC_SECOND, AV_ROUND_DOWN);
  first -= tc_grid_resampler_length (in_rate, out_rate);
  grid->feed_from = MAX (first, 0) / period * period;
  grid->fresh = TRUE;
  return grid->origin + grid->lead_time + av_rescale (grid->feed_from,
      TC_SECOND, in_rate);
}

/* A decoded frame (its pts in tb) after an accurate seek: *fed is the
 * frame, or its part from the input sample feed_from on (a new frame,
 * the caller's), NULL when all of it comes before.  Once fed, the grid
 * knows the output sample the graph's next one is. */
gboolean
tc_grid_feed (TcGrid * grid, const TcClock * clock, AVRational tb,
    gint out_rate, AVFrame * frame, AVFrame ** fed, GError ** error)
{
  gint64 pts = tc_pts_to_ns (clock, frame->pts, tb), first, period;
  gint in = frame->sample_rate;
  gboolean fresh;

  *fed = frame;
  if (grid->feed_from < 0)
    return TRUE;
  fresh = grid->fresh;
  grid->fresh = FALSE;
  if (pts == TC_TIME_NONE || in <= 0) {
    /* nowhere on the grid: as without it */
    tc_grid_clear (grid);
    return TRUE;
  }
  out_rate = out_rate > 0 ? out_rate : in;
  if (tc_grid_coarse (tb, in))
    first = tc_grid_snap (grid, pts - grid->origin, frame->nb_samples, tb, in,
        fresh);
  else
    first = av_rescale (pts - grid->origin, in, TC_SECOND);
  if (first > grid->feed_from) {
    /* decoding starts later than asked (at the stream's start): from the
     * next sample on the grid */
    period = tc_grid_period (in, out_rate);
    grid->feed_from = (MAX (first, 0) + period - 1) / period * period;
  }
  if (first + frame->nb_samples <= grid->feed_from) {
    *fed = NULL;
    return TRUE;
  }
  grid->next = av_rescale (grid->feed_from, out_rate, in);
  tc_grid_set_zero (grid, clock, tb, frame->pts, first, in);
  if (grid->feed_from > first) {
    *fed = tc_grid_trim_audio (frame, grid->feed_from - first);
    if (*fed == NULL) {
      g_set_error (error, TC_ERROR, TC_ERROR_FAILED, "out of memory");
      return FALSE;
    }
    (*fed)->pts = frame->pts + av_rescale_q (grid->feed_from - first,
        av_make_q (1, in), tb);
  }
  grid->feed_from = -1;
  return TRUE;
}

/* Whether the graph's next samples have a known place on the grid. */
gboolean
tc_grid_started (TcGrid * grid)
{
  return grid->next >= 0;
}

/* A filtered frame (its pts in the sink's tb) whose place on the grid is
 * known: the time of output sample 0 is what the full decode's first
 * frame had (in tb, so exactly); the first kept is the first at or after
 * target.  FALSE when all of the frame comes before it. */
gboolean
tc_grid_start (TcGrid * grid, const TcClock * clock, const AVFrame * frame,
    AVRational tb, gint64 target, TcGridStart * start)
{
  gint rate = frame->sample_rate, n = frame->nb_samples;
  gint64 idx = grid->next, want = idx, base;

  grid->next += n;
  base = frame->pts == AV_NOPTS_VALUE ? TC_TIME_NONE :
      tc_pts_to_ns (clock, av_rescale (grid->zero_num, tb.den,
          grid->zero_den * tb.num), tb);
  if (base == TC_TIME_NONE)
    base = grid->origin;
  if (target != TC_TIME_NONE)
    want = MAX (idx, av_rescale_rnd (target - base, rate, TC_SECOND,
            AV_ROUND_UP));
  if (want >= idx + n)
    return FALSE;
  grid->next = -1;
  start->base = base;
  start->first = want;
  start->skip = want - idx;
  return TRUE;
}
