/* tensorchunker core: a decoded audio stream's samples, counted
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

/* An audio output counts its samples from its first one (tcoutput.c): the
 * time of a chunk is the first sample's plus the samples before it,
 * whatever the times of the frames after the first said.  Those times are
 * rounded by the container: to 1 ms in Matroska, to 1/90000 s in MPEG-TS,
 * where the demuxer gives the frames after the first of a PES the
 * rounded durations of those before (44.1 kHz AAC: 1 or 2 ticks, more
 * than half a sample, off the samples before).  An output added to a
 * stream others decode (tcstart.c) finds the number of the sample it
 * starts on from a frame's time: from the frame's own, it is up to 32
 * samples (Matroska) or one (MPEG-TS) off the number the outputs that
 * started with the stream gave it.  The count gives each decoded frame
 * the time they gave its first sample.
 *
 * The count starts at the first frame after the decoder's open or a
 * seek, and again at a change of rate or where a frame's time is further
 * from it than rounding goes (a gap in the stream, a time that jumped):
 * there the frame's time is the start, as an output started at that frame
 * would count. */

#include "tcprivate.h"

/* Further than this from the count, a frame's time is a gap or a jump,
 * not rounding: 2 ms, or 2 steps of a coarser time base. */
#define SLACK (2 * TC_SECOND / 1000)

void
tc_samples_reset (TcSamples * s)
{
  s->origin = TC_TIME_NONE;
  s->n = 0;
  s->rate = 0;
}

/* Counts the decoded frame f, whose time is pts (ns, TC_TIME_NONE:
 * unknown; tb its stream's time base); returns the time the count gives
 * its first sample (TC_TIME_NONE: unknown). */
gint64
tc_samples_count (TcSamples * s, const AVFrame * f, gint64 pts, AVRational tb)
{
  gint64 slack = MAX (SLACK, 2 * av_rescale_q (1, tb, TC_NS_BASE));
  gint64 counted = TC_TIME_NONE;

  if (f->sample_rate <= 0)
    return pts;
  if (s->origin != TC_TIME_NONE && f->sample_rate == s->rate)
    counted = s->origin + av_rescale (s->n, TC_SECOND, s->rate);
  /* both within TC_MAX_TIME: the difference cannot overflow */
  if (pts != TC_TIME_NONE && (counted == TC_TIME_NONE
          || ABS (pts - counted) > slack)) {
    s->origin = counted = pts;
    s->n = 0;
    s->rate = f->sample_rate;
  }
  if (counted != TC_TIME_NONE)
    s->n += f->nb_samples;
  return counted;
}
