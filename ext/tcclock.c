/* tensorchunker core: the source's timeline and real-time reading
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

/* Real-time reading: a packet this late starts the count again, and a wait
 * checks for an interrupt at least this often. */
#define REALTIME_LATE TC_SECOND
#define REALTIME_POLL (10 * TC_SECOND / 1000)

/* Device timestamps within this much of a clock read as that clock's. */
#define DEVICE_CLOCK_PAST (3600 * TC_SECOND)
#define DEVICE_CLOCK_AHEAD TC_SECOND

/* The time of pts (in tb) on the source's timeline, within +-TC_MAX_TIME,
 * or TC_TIME_NONE. */
gint64
tc_pts_to_ns (const TcClock * clock, gint64 pts, AVRational tb)
{
  gint64 ns;

  if (pts == AV_NOPTS_VALUE)
    return TC_TIME_NONE;
  /* av_rescale_q gives INT64_MIN when the result does not fit */
  ns = av_rescale_q (pts, tb, TC_NS_BASE);
  if (ns < -2 * TC_MAX_TIME || ns > 2 * TC_MAX_TIME)
    return TC_TIME_NONE;
  /* start_time is within +-TC_MAX_TIME: no overflow */
  ns -= clock->start_time;
  if (ns < -TC_MAX_TIME || ns > TC_MAX_TIME)
    return TC_TIME_NONE;
  return ns;
}

/* The wallclock time (ns) of a device's timestamp t (ns): devices stamp
 * frames with the wallclock (x11grab, pulse, alsa) or with the monotonic
 * clock (v4l2, unless told otherwise), and which one shows in how close t
 * is to each clock now.  A timestamp that reads as neither tells nothing:
 * the frame is taken as captured now. */
gint64
tc_device_wallclock (gint64 t, gint64 real_now, gint64 mono_now)
{
  if (t >= real_now - DEVICE_CLOCK_PAST && t <= real_now + DEVICE_CLOCK_AHEAD)
    return MIN (t, real_now);
  if (t >= mono_now - DEVICE_CLOCK_PAST && t <= mono_now + DEVICE_CLOCK_AHEAD)
    return MIN (t, mono_now) + (real_now - mono_now);
  return real_now;
}

/* Real-time reading: waits until the wallclock reaches @end, the end of a
 * packet that starts at @t (ns), counted from the start of the first
 * packet read since real-time reading was set: as a capture device, which
 * hands over what it captured only once it has it all, so every sample of
 * a packet is in the past when it comes (TcChunk.capture_time), also those
 * of a chunk that starts within the packet.  Packets are paced by their
 * decoding times, which never go back (ffmpeg -re does the same, by their
 * starts).  FALSE with error set when *stop is set. */
gboolean
tc_clock_pace (TcClock * clock, gint64 t, gint64 end,
    const atomic_int * stop, GError ** error)
{
  gint64 due, now = g_get_monotonic_time () * 1000;

  if (clock->rt_pts0 != TC_TIME_NONE) {
    due = clock->rt_mono0 + (t - clock->rt_pts0);
    /* neither late, nor so far ahead that the clock jumped (tccore.h) */
    if (now - due > REALTIME_LATE || due - now > TC_MAX_FORWARD_JUMP) {
      TC_LOG ("packet at %" G_GINT64_FORMAT " came %" G_GINT64_FORMAT
          " ns late (negative: early): counting from it", t, now - due);
      clock->rt_pts0 = TC_TIME_NONE;
    }
  }
  if (clock->rt_pts0 == TC_TIME_NONE) {
    clock->rt_mono0 = now;
    clock->rt_wall0 = g_get_real_time () * 1000;
    clock->rt_pts0 = t;
  }
  if (end < t || end - t > TC_MAX_FORWARD_JUMP)
    end = t;
  due = clock->rt_mono0 + (end - clock->rt_pts0);
  while (now < due) {
    if (atomic_load (stop)) {
      g_set_error (error, TC_ERROR, TC_ERROR_INTERRUPTED, "interrupted");
      return FALSE;
    }
    g_usleep (MIN (due - now, REALTIME_POLL) / 1000);
    now = g_get_monotonic_time () * 1000;
  }
  return TRUE;
}

/* Live sources: the wallclock time (ns) a frame at pts (in tb) was
 * captured, offset ns after the frame's own time (the first sample kept of
 * an audio frame).  See TcChunk.capture_time. */
gint64
tc_clock_capture_time (const TcClock * clock, gint64 pts, AVRational tb,
    gint64 offset)
{
  gint64 real;

  if (clock->is_device) {
    real = g_get_real_time () * 1000;
    if (pts == AV_NOPTS_VALUE)
      return real;
    /* the device's own timestamp, not moved to the container's start */
    return tc_device_wallclock (av_rescale_q (pts, tb, TC_NS_BASE) + offset,
        real, g_get_monotonic_time () * 1000);
  }
  if (clock->realtime && clock->rt_pts0 != TC_TIME_NONE
      && pts != AV_NOPTS_VALUE)
    return clock->rt_wall0 + (tc_pts_to_ns (clock, pts, tb) + offset -
        clock->rt_pts0);
  return TC_TIME_NONE;
}
