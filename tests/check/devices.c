/* GStreamer tensorchunker: capture devices against real peers
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
 *
 * You should have received a copy of the GNU Library General Public
 * License along with this library; if not, write to the
 * Free Software Foundation, Inc., 51 Franklin St, Fifth Floor,
 * Boston, MA 02110-1301, USA.
 */

/*
 * A screen (x11grab on the Xvfb display of tests/services/with-services.sh,
 * with a known colour painted on it) and a microphone (the monitor of the
 * PulseAudio null sink, with a known tone played into it): the chunks hold
 * what was shown and played, and the device is let go in NULL.  Their
 * timing as live sources is not tested here.
 */

#include <string.h>

#include <gst/check/gstcheck.h>

#include "tctest.h"
#include "tcrun.h"

#define TIMEOUT (20 * GST_SECOND)

static gchar *
run_command (const gchar * const *argv)
{
  gchar *out = NULL;
  gint status = -1;

  fail_unless (g_spawn_sync (NULL, (gchar **) argv, NULL,
          G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
          NULL, &status, NULL), "cannot run %s", argv[0]);
  fail_unless (g_spawn_check_wait_status (status, NULL), "%s failed", argv[0]);
  return out;
}

/* Paints the root window of @display in @colour ("#ff0000"). */
static void
paint_screen (const gchar * display, const gchar * colour)
{
  const gchar *argv[] = { "xsetroot", "-display", display, "-solid", colour,
    NULL
  };

  g_free (run_command (argv));
}

/* Whether chunk @i of the run is all @rgb (nearly: 2 levels). */
static gboolean
chunk_is (TcRun * run, guint i, const guint8 * rgb)
{
  GstBuffer *buffer = tc_run_buffer (run, 0, i);
  gboolean same = TRUE;
  GstMapInfo map;
  guint c, j;

  /* (1, C, H, W): a plane of each colour */
  gst_buffer_map (buffer, &map, GST_MAP_READ);
  fail_unless_equals_int (map.size, 3 * 48 * 64);
  for (c = 0; c < 3 && same; c++) {
    for (j = 0; j < 64 * 48 && same; j++)
      same = ABS ((gint) map.data[c * 64 * 48 + j] - rgb[c]) <= 2;
  }
  gst_buffer_unmap (buffer, &map);
  return same;
}

/* Captures a 64x48 corner of the screen, paints it @colour, and checks
 * that the chunks captured after become all @r, @g, @b.  Painted while
 * capturing, so that it holds whether or not the X server resets (clears
 * the screen) when its last client leaves: the capture is a client.  Chunks captured
 * before the paint may still be on their way: the colour must show within
 * 30 chunks (3 s at 10 fps). */
static void
check_screen (const gchar * display, const gchar * colour, guint8 r,
    guint8 g, guint8 b)
{
  TcRun *run = tc_run_new ("tensorchunker format=x11grab location=%s "
      "options=\"options,video_size=(string)64x48,framerate=(string)10\" "
      "name=t t.video_0 ! fakesink name=out0 sync=false", display);
  const guint8 rgb[3] = { r, g, b };
  gboolean shown = FALSE;
  gchar *dims;
  guint i, n;

  fail_unless (tc_run_wait_samples (run, 2, TIMEOUT));
  dims = tc_run_dims (run, 0, 0);
  fail_unless_equals_string (dims, "1,3,48,64");
  g_free (dims);
  fail_if (chunk_is (run, 1, rgb), "%s before it was painted", colour);

  paint_screen (display, colour);
  n = tc_run_n_samples (run, 0);
  for (i = n; i < n + 30 && !shown; i++) {
    fail_unless (tc_run_wait_samples (run, i + 1, TIMEOUT));
    shown = chunk_is (run, i, rgb);
  }
  fail_unless (shown, "the screen never showed %s", colour);
  tc_run_free (run);
}

GST_START_TEST (test_x11grab)
{
  const gchar *display = tc_test_peer ("DISPLAY");
  guint fds;

  if (display == NULL)
    return;

  check_screen (display, "#ff0000", 255, 0, 0);

  /* captured again: the device was let go and is taken anew, and nothing
   * of it stays open */
  fds = tc_open_fds ();
  check_screen (display, "#00ff00", 0, 255, 0);
  fail_unless_equals_int (tc_open_fds (), fds);
}

GST_END_TEST;

GST_START_TEST (test_pulse)
{
  const gchar *server = tc_test_peer ("PULSE_SERVER");
  const gchar *sink = tc_test_peer ("TC_PULSE_SINK");
  const gchar *player[] = {
    "ffmpeg", "-nostdin", "-loglevel", "error", "-re",
    "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
    "-t", "10", "-f", "pulse", "-buffer_duration", "100", "-device", NULL,
    "tc-test-tone", NULL
  };
  TcRun *run;
  GPid pid;
  GstMapInfo map;
  gdouble freq;
  gfloat peak = 0;
  guint loudest;

  if (server == NULL || sink == NULL)
    return;
  fail_unless_equals_int (tc_test_pulse_recordings (), 0);

  /* a tone into the null sink, whose monitor is the microphone; a short
   * buffer, or PulseAudio waits for seconds of it before playing */
  player[16] = sink;
  pid = tc_process_start (player);
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);

  run = tc_run_new ("tensorchunker format=pulse location=%s.monitor "
      "options=\"options,sample_rate=(string)48000,channels=(string)2\" "
      "name=t audio_0::frames-per-chunk=4800 t.audio_0 ! "
      "fakesink name=out0 sync=false", sink);
  fail_unless (tc_run_wait_samples (run, 8, TIMEOUT), "%u chunks",
      tc_run_n_samples (run, 0));
  fail_unless_equals_int (tc_test_pulse_recordings (), 1);

  /* the loudest chunk: the tone, not the silence before it started */
  loudest = tc_run_loudest (run, 0, tc_run_n_samples (run, 0), &peak);
  fail_unless (peak > 0.1, "only silence (peak %f)", peak);
  gst_buffer_map (tc_run_buffer (run, 0, loudest), &map, GST_MAP_READ);
  fail_unless_equals_int (map.size, 4800 * 2 * sizeof (gfloat));
  freq = tc_dominant_frequency ((gfloat *) map.data, 4800, 2, 48000);
  gst_buffer_unmap (tc_run_buffer (run, 0, loudest), &map);
  fail_unless (ABS (freq - 1000) <= 50, "the loudest frequency is %f Hz", freq);

  /* NULL lets the device go */
  tc_run_free (run);
  fail_unless_equals_int (tc_test_pulse_recordings (), 0);
  tc_process_stop (pid);
}

GST_END_TEST;

static Suite *
devices_suite (void)
{
  Suite *s = suite_create ("devices");
  TCase *tc = tcase_create ("capture");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_x11grab);
  tcase_add_test (tc, test_pulse);
  return s;
}

TC_TEST_MAIN (devices);
