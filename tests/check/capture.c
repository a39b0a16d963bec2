/* tensorchunker core tests: live sources (capture times, real-time reading,
 * capture latency)
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
 * The devices are the test peers of tests/services/with-services.sh: an X
 * display (Xvfb) for x11grab and a PulseAudio daemon whose null sink's
 * monitor is a capture source.
 */

#include <gst/check/gstcheck.h>

#include "tccore.h"
#include "tccoretest.h"
#include "tctest.h"

#define MS (TC_SECOND / 1000)

static TcSource *
open_live (TcTestCollector * col, const gchar * location,
    const gchar * format, const gchar * const *options)
{
  TcSource *src = tc_source_new (&tc_test_collector_callbacks, col);
  GError *err = NULL;

  if (!tc_source_open (src, location, format, options, &err))
    fail ("opening %s as %s: %s", location, format, err->message);
  return src;
}

static gint
add_output (TcSource * src, TcMediaType type, guint frames_per_chunk)
{
  TcOutputConfig c = tc_test_output_config (type, frames_per_chunk, 0);

  return tc_test_add_output (src, &c);
}

/* Steps until @n chunks came (or the input ended). */
static void
step_until (TcSource * src, TcTestCollector * col, guint n)
{
  GError *err = NULL;
  TcStepResult r = TC_STEP_OK;

  while (col->chunks->len < n && r == TC_STEP_OK)
    r = tc_source_step (src, &err);
  if (r == TC_STEP_ERROR)
    fail ("step: %s", err->message);
}

/* x11grab stamps each frame with the wallclock as it grabs it: the capture
 * time is that stamp, a moment before the delivery, and the chunks' times
 * on the source's timeline move with it. */
GST_START_TEST (test_x11grab)
{
  const gchar *display = tc_test_peer ("DISPLAY");
  const gchar *options[] = { "video_size", "160x120", "framerate", "10",
    NULL
  };
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src;
  gint64 age, max_age = 0;
  guint i;

  if (display == NULL)
    return;
  src = open_live (col, display, "x11grab", options);
  fail_unless (tc_source_is_device (src));
  add_output (src, TC_MEDIA_VIDEO, 1);
  /* one frame at 10 fps */
  fail_unless_equals_int64 (tc_source_capture_latency (src, 0), 100 * MS);

  step_until (src, col, 12);
  for (i = 0; i < col->chunks->len; i++) {
    TcTestChunk *d = tc_test_collector_get (col, i);

    fail_unless (d->capture_time != TC_TIME_NONE);
    age = d->delivered - d->capture_time;
    fail_unless (age >= 0, "chunk %u captured %" G_GINT64_FORMAT
        " ns after its delivery", i, -age);
    fail_unless_equals_int64 (d->capture_time - tc_test_collector_get (col,
            0)->capture_time, d->pts - tc_test_collector_get (col, 0)->pts);
    /* the frames read while probing wait for the first step */
    if (i >= 4)
      max_age = MAX (max_age, age);
  }
  GST_INFO ("x11grab: frames delivered at most %" G_GINT64_FORMAT
      " ms after their capture", max_age / MS);
  /* What this guards against is frames held back by the open's probing,
   * which came out 2 s stale; a bound of 1 s catches that and still holds
   * when a busy machine keeps the reading thread from a CPU for a while. */
  fail_unless (max_age < 1000 * MS, "a frame delivered %" G_GINT64_FORMAT
      " ms after its capture", max_age / MS);
  fail_unless_equals_int64 (tc_source_capture_latency (src, 0), 100 * MS);

  tc_test_collector_free (col, src);
}

GST_END_TEST;

/* pulse stamps a packet with the wallclock less the stream's latency: the
 * capture time of a chunk is before its delivery by its own duration and
 * at most a fragment more; the latency is pulse's 50 ms fragment. */
GST_START_TEST (test_pulse)
{
  const gchar *server = tc_test_peer ("PULSE_SERVER");
  const gchar *options[] = { "sample_rate", "16000", "channels", "1", NULL };
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src;
  gint64 lag, max_lag = G_MININT64, min_lag = G_MAXINT64;
  gchar *monitor;
  guint i;

  if (server == NULL)
    return;
  monitor = g_strdup_printf ("%s.monitor", g_getenv ("TC_PULSE_SINK"));
  src = open_live (col, monitor, "pulse", options);
  g_free (monitor);
  fail_unless (tc_source_is_device (src));
  add_output (src, TC_MEDIA_AUDIO, 1600);
  fail_unless_equals_int64 (tc_source_capture_latency (src, 0), 50 * MS);

  /* what was captured while probing, then 1 s */
  step_until (src, col, 14);
  for (i = 0; i < col->chunks->len; i++) {
    TcTestChunk *d = tc_test_collector_get (col, i);

    fail_unless (d->capture_time != TC_TIME_NONE);
    fail_unless_equals_int64 (d->duration, 100 * MS);
    /* how long after its last sample was captured it came */
    lag = d->delivered - (d->capture_time + d->duration);
    if (i >= 4) {
      max_lag = MAX (max_lag, lag);
      min_lag = MIN (min_lag, lag);
    }
  }
  GST_INFO ("pulse: chunks delivered %" G_GINT64_FORMAT " to %"
      G_GINT64_FORMAT " ms after their last sample's capture", min_lag / MS,
      max_lag / MS);
  /* pulse's own timestamps jitter by a few ms around the truth */
  fail_unless (min_lag > -20 * MS, "a chunk came %" G_GINT64_FORMAT
      " ms before its last sample was captured", -min_lag / MS);
  /* a fragment, and what a busy machine adds */
  fail_unless (max_lag < 500 * MS, "a chunk came %" G_GINT64_FORMAT
      " ms after its last sample was captured", max_lag / MS);
  fail_unless_equals_int64 (tc_source_capture_latency (src, 0), 50 * MS);

  tc_test_collector_free (col, src);
}

GST_END_TEST;

/* A lavfi graph read in real time: each chunk comes when its last packet
 * is due, its capture time is when its first frame was due, and a pause
 * does not make the reading catch up. */
GST_START_TEST (test_realtime)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src;
  gint64 start, elapsed, d0;
  guint i;

  src = open_live (col,
      "sine=sample_rate=16000:samples_per_frame=800:duration=1", "lavfi", NULL);
  fail_if (tc_source_is_device (src));
  tc_source_set_realtime (src, TRUE);
  add_output (src, TC_MEDIA_AUDIO, 1600);

  /* Timed from before the first read, which is where the pacing starts: the
   * 10th 50 ms packet, the last of chunk 4, is due 450 ms after it, and no
   * load can make it come sooner (a later bound would only say how busy the
   * machine is). */
  start = g_get_monotonic_time () * 1000;
  /* one 800-sample packet */
  step_until (src, col, 1);
  fail_unless_equals_int64 (tc_source_capture_latency (src, 0), 50 * MS);
  step_until (src, col, 5);
  elapsed = g_get_monotonic_time () * 1000 - start;
  fail_unless (elapsed >= 440 * MS && elapsed < 3000 * MS,
      "5 chunks of 100 ms took %" G_GINT64_FORMAT " ms", elapsed / MS);
  for (i = 0; i < col->chunks->len; i++) {
    TcTestChunk *d = tc_test_collector_get (col, i);

    fail_unless_equals_int64 (d->capture_time - tc_test_collector_get (col,
            0)->capture_time, d->pts);
    fail_unless (d->delivered >= d->capture_time + 50 * MS - 5 * MS);
  }

  /* paused for 300 ms, then read on: no burst */
  g_usleep (300 * G_USEC_PER_SEC / 1000);
  tc_source_set_realtime (src, TRUE);
  start = g_get_monotonic_time () * 1000;
  step_until (src, col, 10);
  elapsed = g_get_monotonic_time () * 1000 - start;
  fail_unless (elapsed >= 400 * MS, "5 chunks after a pause took %"
      G_GINT64_FORMAT " ms", elapsed / MS);
  /* capture times start again from the moment reading resumed */
  d0 = tc_test_collector_get (col, 5)->capture_time -
      tc_test_collector_get (col, 4)->capture_time;
  fail_unless (d0 >= 300 * MS, "%" G_GINT64_FORMAT " ms between the "
      "capture times around the pause", d0 / MS);

  tc_test_collector_free (col, src);
}

GST_END_TEST;

static gpointer
interrupt_later (gpointer src)
{
  g_usleep (100 * G_USEC_PER_SEC / 1000);
  tc_source_interrupt (src, TRUE);
  return NULL;
}

/* An interrupt ends a wait for a packet's time at once, and the packet is
 * read by the next step. */
GST_START_TEST (test_realtime_interrupt)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src;
  GError *err = NULL;
  GThread *thread;
  gint64 start;

  src = open_live (col, "sine=sample_rate=16000:samples_per_frame=16000",
      "lavfi", NULL);
  tc_source_set_realtime (src, TRUE);
  add_output (src, TC_MEDIA_AUDIO, 16000);
  /* the first packet is due at once, the second a second later */
  step_until (src, col, 1);

  start = g_get_monotonic_time ();
  thread = g_thread_new ("interrupt", interrupt_later, src);
  fail_unless_equals_int (tc_source_step (src, &err), TC_STEP_ERROR);
  fail_unless_equals_int (err->code, TC_ERROR_INTERRUPTED);
  g_clear_error (&err);
  fail_unless (g_get_monotonic_time () - start < 300 * 1000);
  g_thread_join (thread);

  tc_source_interrupt (src, FALSE);
  step_until (src, col, 2);
  fail_unless_equals_int64 (tc_test_collector_get (col, 1)->pts, TC_SECOND);
  fail_unless (g_get_monotonic_time () - start >= 900 * 1000);

  tc_test_collector_free (col, src);
}

GST_END_TEST;

/* A file is neither a device nor read in real time: no capture times, and
 * it is read as fast as it goes. */
GST_START_TEST (test_not_live)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src;
  gchar *path = tc_test_media ("tone16k.wav");
  gint64 start;

  src = open_live (col, path, NULL, NULL);
  g_free (path);
  fail_if (tc_source_is_device (src));
  add_output (src, TC_MEDIA_AUDIO, 1600);
  start = g_get_monotonic_time ();
  step_until (src, col, 10);
  fail_unless (g_get_monotonic_time () - start < 500 * 1000);
  fail_unless_equals_int64 (tc_test_collector_get (col, 0)->capture_time,
      TC_TIME_NONE);

  tc_test_collector_free (col, src);
}

GST_END_TEST;

static Suite *
capture_suite (void)
{
  Suite *s = suite_create ("capture");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_x11grab);
  tcase_add_test (tc, test_pulse);
  tcase_add_test (tc, test_realtime);
  tcase_add_test (tc, test_realtime_interrupt);
  tcase_add_test (tc, test_not_live);
  return s;
}

TC_TEST_MAIN (capture);
