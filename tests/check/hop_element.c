/* tensorchunker: sliding windows (the hop pad property) through the element
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

/* What a user of the hop property checks: each window is the slice of
 * the full decode its OFFSET names (the full decode: a run without hop,
 * its chunks put end to end), its PTS, DURATION and OFFSET_END follow, the
 * caps' framerate is the rate divided by the hop, last-chunk applies to
 * the final window, a seek restarts the windows at the target, and a live
 * source's latency counts the window. */

#include <gst/check/gstcheck.h>

#include <string.h>

#include "tcrun.h"
#include "tctest.h"

#define MS (GST_SECOND / 1000)
#define TIMEOUT (60 * GST_SECOND)

/* The frames of an output read without hop, end to end. */
typedef struct
{
  GByteArray *bytes;
  gsize frame_size;
  guint n;
} Full;

static Full
full_decode (const gchar * media, const gchar * pad, const gchar * props)
{
  gchar *path = tc_test_media (media);
  TcRun *run = tc_run_new ("tensorchunker location=%s name=t %s "
      "last-chunk=short t.%s ! fakesink name=out0", path, props, pad);
  Full full = { g_byte_array_new (), 0, 0 };
  guint i;

  tc_run_play_to_eos (run, TIMEOUT);
  for (i = 0; i < tc_run_n_samples (run, 0); i++) {
    GstBuffer *buf = tc_run_buffer (run, 0, i);
    GstMapInfo map;

    gst_buffer_map (buf, &map, GST_MAP_READ);
    g_byte_array_append (full.bytes, map.data, map.size);
    full.frame_size = map.size / (GST_BUFFER_OFFSET_END (buf) -
        GST_BUFFER_OFFSET (buf));
    full.n = GST_BUFFER_OFFSET_END (buf);
    gst_buffer_unmap (buf, &map);
  }
  tc_run_free (run);
  g_free (path);
  fail_unless (full.n > 0);
  fail_unless_equals_uint64 (full.bytes->len, full.n * full.frame_size);
  return full;
}

static void
check_framerate (GstSample * sample, gint n, gint d)
{
  GstStructure *s = gst_caps_get_structure (gst_sample_get_caps (sample), 0);
  gint fn = 0, fd = 0;

  fail_unless (gst_structure_get_fraction (s, "framerate", &fn, &fd));
  fail_unless (fn == n && fd == d, "framerate %d/%d, not %d/%d", fn, fd, n, d);
}

/* The first @n_frames frames of window @k of @run are those of the full
 * decode from @start on. */
static void
check_window_data (TcRun * run, guint k, const Full * full, guint64 start,
    guint n_frames)
{
  GstBuffer *buf = tc_run_buffer (run, 0, k);
  GstMapInfo map;

  fail_unless (start + n_frames <= full->n);
  gst_buffer_map (buf, &map, GST_MAP_READ);
  fail_unless (map.size >= n_frames * full->frame_size);
  fail_unless (memcmp (map.data, full->bytes->data + start * full->frame_size,
          n_frames * full->frame_size) == 0, "window %u differs from "
      "frames %" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT " of the full "
      "decode", k, start, start + n_frames);
  gst_buffer_unmap (buf, &map);
}

/* Window @k of @run: its first frame is @start; it has @n_frames frames
 * of the full decode (then zeros up to @size frames, padded); rate: frames
 * per second as a fraction. */
static void
check_window (TcRun * run, guint k, const Full * full, guint64 start,
    guint n_frames, guint size, gint rate_n, gint rate_d, gboolean discont)
{
  GstBuffer *buf = tc_run_buffer (run, 0, k);
  gchar *dims, *prefix;
  GstMapInfo map;
  guint i;

  fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buf), start);
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET_END (buf), start + n_frames);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (buf),
      gst_util_uint64_scale (start, GST_SECOND * rate_d, rate_n));
  fail_unless_equals_uint64 (GST_BUFFER_DURATION (buf),
      gst_util_uint64_scale (start + n_frames, GST_SECOND * rate_d, rate_n)
      - gst_util_uint64_scale (start, GST_SECOND * rate_d, rate_n));
  fail_unless_equals_int (GST_BUFFER_FLAG_IS_SET (buf,
          GST_BUFFER_FLAG_DISCONT), discont);
  dims = tc_run_dims (run, 0, k);
  prefix = g_strdup_printf ("%u,", size);
  fail_unless (g_str_has_prefix (dims, prefix), "window %u has dims %s", k,
      dims);
  g_free (dims);
  g_free (prefix);
  gst_buffer_map (buf, &map, GST_MAP_READ);
  fail_unless_equals_uint64 (map.size, (gsize) size * full->frame_size);
  for (i = n_frames * full->frame_size; i < map.size; i++)
    fail_unless (map.data[i] == 0, "padding not zero at byte %u", i);
  gst_buffer_unmap (buf, &map);
  check_window_data (run, k, full, start, n_frames);
}

static void
full_free (Full * full)
{
  g_byte_array_unref (full->bytes);
}

static TcRun *
run_windows (const gchar * media, const gchar * pad, const gchar * props,
    const gchar * last_chunk)
{
  gchar *path = tc_test_media (media);
  TcRun *run = tc_run_new ("tensorchunker location=%s name=t %s "
      "last-chunk=%s t.%s ! fakesink name=out0", path, props, last_chunk,
      pad);

  g_free (path);
  return run;
}

/* Windows of @fpc frames every @hop on the whole of @full: every window
 * checked, the final one as @last_chunk says.  Returns the windows. */
static guint
check_all (TcRun * run, const Full * full, guint fpc, guint hop,
    const gchar * last_chunk, gint rate_n, gint rate_d)
{
  guint n_full = (full->n - fpc) / hop + 1;
  gboolean tail = (guint64) n_full * hop < full->n;
  guint n = n_full + (tail && strcmp (last_chunk, "drop") != 0 ? 1 : 0);
  guint k;

  fail_unless_equals_int (tc_run_n_samples (run, 0), n);
  for (k = 0; k < n; k++) {
    guint frames = MIN (fpc, full->n - k * hop);

    check_window (run, k, full, (guint64) k * hop, frames,
        strcmp (last_chunk, "short") == 0 ? frames : fpc, rate_n, rate_d,
        k == 0);
  }
  return n;
}

/* 1 s windows every 0.25 s on 16 kHz audio: 5 s give 17 full windows and
 * a final one of 0.75 s, short, padded or dropped. */
GST_START_TEST (test_audio_windows)
{
  Full full = full_decode ("noise16k.wav", "audio_0",
      "audio_0::frames-per-chunk=4000");
  const gchar *policies[] = { "short", "pad", "drop" };
  guint i;

  fail_unless_equals_int (full.n, 80000);
  for (i = 0; i < G_N_ELEMENTS (policies); i++) {
    TcRun *run = run_windows ("noise16k.wav", "audio_0",
        "audio_0::frames-per-chunk=16000 audio_0::hop=4000", policies[i]);

    tc_run_play_to_eos (run, TIMEOUT);
    fail_unless_equals_int (check_all (run, &full, 16000, 4000, policies[i],
            16000, 1), i == 2 ? 17 : 18);
    /* four windows a second */
    check_framerate (tc_run_sample (run, 0, 0), 4, 1);
    tc_run_free (run);
  }
  full_free (&full);
}

GST_END_TEST;

/* 16-frame windows every 4 frames of 25 fps video: 25/4 windows a second. */
GST_START_TEST (test_video_windows)
{
  Full full = full_decode ("count.mkv", "video_0",
      "video_0::frames-per-chunk=4");
  TcRun *run = run_windows ("count.mkv", "video_0",
      "video_0::frames-per-chunk=16 video_0::hop=4", "short");

  fail_unless_equals_int (full.n, 100);
  tc_run_play_to_eos (run, TIMEOUT);
  fail_unless_equals_int (check_all (run, &full, 16, 4, "short", 25, 1), 23);
  check_framerate (tc_run_sample (run, 0, 0), 25, 4);
  tc_run_free (run);
  full_free (&full);
}

GST_END_TEST;

/* A hop larger than the window skips frames: 2 frames every 5. */
GST_START_TEST (test_skipping_windows)
{
  Full full = full_decode ("count.mkv", "video_0", "");
  TcRun *run = run_windows ("count.mkv", "video_0",
      "video_0::frames-per-chunk=2 video_0::hop=5", "short");

  tc_run_play_to_eos (run, TIMEOUT);
  fail_unless_equals_int (check_all (run, &full, 2, 5, "short", 25, 1), 20);
  check_framerate (tc_run_sample (run, 0, 0), 5, 1);
  tc_run_free (run);
  full_free (&full);
}

GST_END_TEST;

/* An accurate seek to 1.234 s restarts the windows there: window k starts
 * at sample 19744 + 4000 k (1.234 s + k / 4 s). */
GST_START_TEST (test_windows_after_seek)
{
  Full full = full_decode ("noise16k.wav", "audio_0",
      "audio_0::frames-per-chunk=4000");
  TcRun *run = run_windows ("noise16k.wav", "audio_0",
      "audio_0::frames-per-chunk=16000 audio_0::hop=4000", "short");
  guint n, k;

  gst_element_set_state (run->pipeline, GST_STATE_PAUSED);
  fail_unless_equals_int (gst_element_get_state (run->pipeline, NULL, NULL,
          GST_CLOCK_TIME_NONE), GST_STATE_CHANGE_SUCCESS);
  fail_unless (gst_element_seek_simple (run->pipeline, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, 1234 * MS));
  tc_run_play_to_eos (run, TIMEOUT);

  /* (80000 - 19744 - 16000) / 4000 + 1 = 12 full windows, then one */
  n = tc_run_n_samples (run, 0);
  fail_unless_equals_int (n, 13);
  for (k = 0; k < n; k++) {
    guint64 start = 19744 + (guint64) k * 4000;
    guint frames = MIN (16000, 80000 - start);

    check_window (run, k, &full, start, frames, frames, 16000, 1, k == 0);
  }
  tc_run_free (run);
  full_free (&full);
}

GST_END_TEST;

static void
live_latency (guint hop, GstClockTime * min, GstClockTime * max)
{
  gchar *path = tc_test_media ("noise16k.wav");
  TcRun *run = tc_run_new ("tensorchunker location=%s is-live=true name=t "
      "audio_0::frames-per-chunk=16000 audio_0::hop=%u "
      "audio_0::buffer-chunk-size=3 t.audio_0 ! fakesink name=out0", path,
      hop);
  GstPad *pad = gst_element_get_static_pad (run->tc, "audio_0");
  GstQuery *query = gst_query_new_latency ();
  gboolean live = FALSE;

  fail_unless (tc_run_wait_samples (run, 1, TIMEOUT));
  fail_unless (gst_pad_query (pad, query));
  gst_query_parse_latency (query, &live, min, max);
  fail_unless (live);
  gst_query_unref (query);
  gst_object_unref (pad);
  tc_run_free (run);
  g_free (path);
}

/* Live: a window is complete a window after its start frame, whatever the
 * hop (min); the queue's three windows come a hop apart (max). */
GST_START_TEST (test_live_latency)
{
  GstClockTime min, max, min_plain, max_plain;

  live_latency (4000, &min, &max);
  live_latency (0, &min_plain, &max_plain);
  fail_unless (min >= GST_SECOND, "min %" GST_TIME_FORMAT, GST_TIME_ARGS (min));
  fail_unless_equals_uint64 (max - min, 2 * 250 * MS);
  fail_unless_equals_uint64 (max_plain - min_plain, 2 * GST_SECOND);
}

GST_END_TEST;

/* Live, a consumer slower than the windows: the queue's buffer-chunk-size
 * counts windows, and every window is either taken (equal to its slice
 * of the full decode) or counted as dropped. */
GST_START_TEST (test_live_drops_windows)
{
  Full full = full_decode ("noise16k.wav", "audio_0",
      "audio_0::frames-per-chunk=400");
  gchar *path = tc_test_media ("noise16k.wav");
  /* 0.1 s every 25 ms: 197 full windows in 5 s, then a short one */
  TcRun *run = tc_run_new ("tensorchunker location=%s is-live=true name=t "
      "audio_0::frames-per-chunk=1600 audio_0::hop=400 "
      "audio_0::buffer-chunk-size=2 t.audio_0 ! identity sleep-time=200000 "
      "! fakesink name=out0", path);
  GstPad *pad = gst_element_get_static_pad (run->tc, "audio_0");
  guint64 dropped;
  guint n, k, n_discont = 0;

  tc_run_play_to_eos (run, TIMEOUT);
  g_object_get (pad, "dropped", &dropped, NULL);
  n = tc_run_n_samples (run, 0);
  GST_INFO ("%u windows taken, %" G_GUINT64_FORMAT " dropped", n, dropped);
  fail_unless (dropped > 0);
  fail_unless_equals_uint64 (n + dropped, 198);
  for (k = 0; k < n; k++) {
    GstBuffer *buf = tc_run_buffer (run, 0, k);
    guint64 start = GST_BUFFER_OFFSET (buf);
    guint frames = GST_BUFFER_OFFSET_END (buf) - start;

    fail_unless_equals_int (start % 400, 0);
    fail_unless_equals_int (frames, MIN (1600, 80000 - start));
    n_discont += k > 0 && GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DISCONT);
    check_window_data (run, k, &full, start, frames);
  }
  fail_unless (n_discont > 0);
  gst_object_unref (pad);
  tc_run_free (run);
  g_free (path);
  full_free (&full);
}

GST_END_TEST;

/* A hop of 2^31 frames or more is refused when set; windows that would
 * keep more than 1 GiB open fail READY->PAUSED, naming the pad. */
GST_START_TEST (test_bad_hop)
{
  GstElement *tc = gst_element_factory_make ("tensorchunker", NULL);
  GstPad *audio = gst_element_request_pad_simple (tc, "audio_%u");
  gchar *path = tc_test_media ("noise16k.wav");
  TcRun *run;
  guint hop = 7;

  g_object_set (audio, "hop", hop, NULL);
  ASSERT_WARNING (g_object_set (audio, "hop", (guint) G_MAXINT + 1, NULL));
  g_object_get (audio, "hop", &hop, NULL);
  fail_unless_equals_int (hop, 7);
  g_object_set (audio, "hop", (guint) G_MAXINT, NULL);
  gst_object_unref (audio);
  tc_test_destroy (tc, NULL);

  /* 1 s of stereo float every sample: 16000 windows of 128000 bytes */
  run = tc_run_new ("tensorchunker location=%s name=t audio_0::channels=2 "
      "audio_0::frames-per-chunk=16000 audio_0::hop=1 t.audio_0 ! "
      "fakesink name=out0", path);
  tc_run_expect_error (run, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
      "Pad audio_0: windows of 16000 frames of 2 channels of float32 "
      "(8 bytes a frame) every 1 frames keep 16000 chunks open at once",
      TIMEOUT);
  tc_run_free (run);
  g_free (path);
}

GST_END_TEST;

static Suite *
hop_element_suite (void)
{
  Suite *s = suite_create ("hop_element");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 120);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_audio_windows);
  tcase_add_test (tc, test_video_windows);
  tcase_add_test (tc, test_skipping_windows);
  tcase_add_test (tc, test_windows_after_seek);
  tcase_add_test (tc, test_live_latency);
  tcase_add_test (tc, test_live_drops_windows);
  tcase_add_test (tc, test_bad_hop);
  return s;
}

TC_RUN_MAIN (hop_element);
