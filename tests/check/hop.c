/* tensorchunker core: sliding windows (hop)
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

/* Every window must be the matching slice of the full decode: the
 * reference is the same output read one frame a chunk (frames-per-chunk 1,
 * no hop), which gives each frame with its own time and offset. */

#include <gst/check/gstcheck.h>

#include <string.h>

#include "tccore.h"
#include "tccoretest.h"
#include "tctest.h"

#define MS (TC_SECOND / 1000)

static TcOutputConfig
audio_config (guint fpc, guint hop)
{
  return tc_test_output_config (TC_MEDIA_AUDIO, fpc, hop);
}

static TcOutputConfig
video_config (guint fpc, guint hop)
{
  return tc_test_output_config (TC_MEDIA_VIDEO, fpc, hop);
}

/* Reads @media with one output of @config, from @seek_to (ns; accurate)
 * when it is not TC_TIME_NONE, to the end. */
static TcTestCollector *
run (const gchar * media, const TcOutputConfig * config, gint64 seek_to)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, media, NULL, NULL);
  GError *err = NULL;
  gint64 landed;

  fail_unless_equals_int (tc_test_add_output (src, config), 0);
  if (seek_to != TC_TIME_NONE)
    fail_unless (tc_source_seek (src, seek_to, TRUE, &landed, &err),
        "%s", err ? err->message : "");
  tc_test_run_to_eos (src);
  tc_source_free (src);
  return col;
}

/* The frames of a run with one frame a chunk. */
typedef struct
{
  TcTestCollector *col;
  guint n;                      /* frames */
  gsize frame_size;
} Reference;

static Reference
reference (const gchar * media, TcOutputConfig config, gint64 seek_to)
{
  Reference ref;

  config.frames_per_chunk = 1;
  config.hop = 0;
  ref.col = run (media, &config, seek_to);
  ref.n = ref.col->chunks->len;
  fail_unless (ref.n > 0);
  ref.frame_size = tc_test_collector_get (ref.col, ref.n - 1)->frame_size;
  return ref;
}

/* Every window of @col is frames [k * hop, k * hop + fpc) of @ref: data,
 * pts, offset, duration; full windows while the reference has the frames,
 * then one last short window (when frames are left that no full window
 * started at), which is the end.  Returns the number of windows. */
static guint
check_windows (TcTestCollector * col, Reference * ref, guint fpc, guint hop)
{
  guint n_full = ref->n >= fpc ? (ref->n - fpc) / hop + 1 : 0;
  guint expected = n_full + ((guint64) n_full * hop < ref->n ? 1 : 0);
  guint k, i;

  fail_unless_equals_int (col->chunks->len, expected);
  for (k = 0; k < col->chunks->len; k++) {
    TcTestChunk *w = tc_test_collector_get (col, k);
    guint start = k * hop;
    guint n = MIN (fpc, ref->n - start);
    TcTestChunk *r0 = tc_test_collector_get (ref->col, start);
    TcTestChunk *rn = tc_test_collector_get (ref->col, start + n - 1);

    fail_unless_equals_int (w->n_frames, n);
    fail_unless_equals_int (w->last, k >= n_full);
    fail_unless_equals_int (w->end, k >= n_full);
    fail_unless_equals_int (w->discont, k == 0);
    fail_unless_equals_int64 (w->pts, r0->pts);
    fail_unless_equals_uint64 (w->offset, r0->offset);
    /* the window ends where its last frame does */
    fail_unless_equals_int64 (w->pts + w->duration, rn->pts + rn->duration);
    for (i = 0; i < n; i++)
      fail_unless (memcmp (w->data + i * ref->frame_size,
              tc_test_collector_get (ref->col, start + i)->data,
              ref->frame_size) == 0,
          "window %u, frame %u differs from frame %u of the full decode", k, i,
          start + i);
  }
  return col->chunks->len;
}

static void
check_hop (const gchar * media, TcOutputConfig config, gint64 seek_to)
{
  Reference ref = reference (media, config, seek_to);
  TcTestCollector *col = run (media, &config, seek_to);

  check_windows (col, &ref, config.frames_per_chunk,
      config.hop ? config.hop : config.frames_per_chunk);
  tc_test_collector_free (col, NULL);
  tc_test_collector_free (ref.col, NULL);
}

/* 1 s windows every 0.25 s on 16 kHz audio (keyword spotting). */
GST_START_TEST (test_hop_audio_overlap)
{
  Reference ref = reference ("noise16k.wav", audio_config (1, 0),
      TC_TIME_NONE);
  TcOutputConfig config = audio_config (16000, 4000);
  TcTestCollector *col = run ("noise16k.wav", &config, TC_TIME_NONE);

  /* 5 s: windows at 0, 0.25 ... 4 s are full, then the one at 4.25 s */
  fail_unless_equals_int (ref.n, 80000);
  fail_unless_equals_int (check_windows (col, &ref, 16000, 4000), 18);
  fail_unless_equals_int64 (tc_test_collector_get (col, 1)->pts, 250 * MS);
  fail_unless_equals_int64 (tc_test_collector_get (col, 1)->duration,
      TC_SECOND);
  fail_unless_equals_int64 (tc_test_collector_get (col, 17)->pts, 4250 * MS);
  fail_unless_equals_int (tc_test_collector_get (col, 17)->n_frames, 12000);
  /* the windows at 4.5 and 4.75 s hold nothing the last one does not */
  fail_unless_equals_int (col->n_release, 2);
  tc_test_collector_free (col, NULL);
  tc_test_collector_free (ref.col, NULL);
}

GST_END_TEST;

/* A hop that does not divide the window, and audio frames (packets) of
 * another size than either. */
GST_START_TEST (test_hop_audio_uneven)
{
  check_hop ("noise16k.wav", audio_config (1000, 333), TC_TIME_NONE);
}

GST_END_TEST;

/* 16-frame windows every 4 frames on video. */
GST_START_TEST (test_hop_video_overlap)
{
  Reference ref = reference ("count.mkv", video_config (1, 0), TC_TIME_NONE);
  TcOutputConfig config = video_config (16, 4);
  TcTestCollector *col = run ("count.mkv", &config, TC_TIME_NONE);

  /* 4 s at 25 fps: windows at 0, 4 ... 84 are full, then the one at 88 */
  fail_unless_equals_int (ref.n, 100);
  fail_unless_equals_int (check_windows (col, &ref, 16, 4), 23);
  fail_unless_equals_int64 (tc_test_collector_get (col, 1)->pts, 160 * MS);
  fail_unless_equals_int64 (tc_test_collector_get (col, 1)->duration, 640 * MS);
  fail_unless_equals_uint64 (tc_test_collector_get (col, 22)->offset, 88);
  tc_test_collector_free (col, NULL);
  tc_test_collector_free (ref.col, NULL);
}

GST_END_TEST;

/* hop > frames-per-chunk skips the frames between windows: nothing is
 * allocated for them. */
GST_START_TEST (test_hop_skips)
{
  TcOutputConfig config = video_config (2, 5);
  Reference ref = reference ("count.mkv", config, TC_TIME_NONE);
  TcTestCollector *col = run ("count.mkv", &config, TC_TIME_NONE);

  /* windows at 0, 5 ... 95: 20, each full */
  fail_unless_equals_int (check_windows (col, &ref, 2, 5), 20);
  fail_unless_equals_int (col->n_alloc, 20);
  fail_unless_equals_int (col->n_release, 0);
  tc_test_collector_free (col, NULL);
  tc_test_collector_free (ref.col, NULL);

  /* audio: 0.1 s every 0.35 s; the last window is short (4.9 s) */
  check_hop ("noise16k.wav", audio_config (1600, 5600), TC_TIME_NONE);
}

GST_END_TEST;

/* After an accurate seek the windows start again at the target: window k
 * holds the frames [k * hop, k * hop + fpc) counted from the first frame at
 * or after it. */
GST_START_TEST (test_hop_seek)
{
  TcOutputConfig config = audio_config (16000, 4000);
  Reference ref = reference ("noise16k.wav", config, 1234 * MS);
  TcTestCollector *col = run ("noise16k.wav", &config, 1234 * MS);

  /* the first frame at or after 1.234 s: 19744 */
  fail_unless_equals_uint64 (tc_test_collector_get (ref.col, 0)->offset, 19744);
  check_windows (col, &ref, 16000, 4000);
  fail_unless_equals_uint64 (tc_test_collector_get (col, 1)->offset,
      19744 + 4000);
  fail_unless_equals_int64 (tc_test_collector_get (col, 1)->pts, 1484 * MS);
  tc_test_collector_free (col, NULL);
  tc_test_collector_free (ref.col, NULL);

  check_hop ("count.mkv", video_config (16, 4), 1010 * MS);
  check_hop ("count.mkv", video_config (3, 7), 2000 * MS);
}

GST_END_TEST;

/* hop = frames-per-chunk, or 0, is the plain chunking. */
GST_START_TEST (test_hop_equal)
{
  check_hop ("noise16k.wav", audio_config (3000, 3000), TC_TIME_NONE);
  check_hop ("count.mkv", video_config (7, 0), TC_TIME_NONE);
}

GST_END_TEST;

/* A change of frame size mid-stream cuts the windows: the oldest open one
 * goes out short (not the end), the others are released, and the windows
 * start again at the first frame of the new size. */
GST_START_TEST (test_hop_size_change)
{
  Reference ref = reference ("size_step.ts", video_config (1, 0),
      TC_TIME_NONE);
  TcOutputConfig config = video_config (8, 3);
  TcTestCollector *col = run ("size_step.ts", &config, TC_TIME_NONE);
  guint k, i, cut = 0, change = 0, n_cut = 0;
  TcTestChunk *ref0;
  guint64 origin;

  /* the reference's first frame of the new size */
  ref0 = tc_test_collector_get (ref.col, 0);
  while (change < ref.n
      && tc_test_collector_get (ref.col, change)->frame_size ==
      ref0->frame_size)
    change++;
  fail_unless (change > 0 && change < ref.n);
  origin = tc_test_collector_get (ref.col, 0)->offset;
  for (k = 0; k < col->chunks->len; k++) {
    TcTestChunk *w = tc_test_collector_get (col, k);
    guint at = (guint) (w->offset - origin);

    if (w->last && !w->end) {
      n_cut++;
      cut = k;
    }
    /* windows start every 3 frames from the start, then from the change */
    fail_unless_equals_int ((at < change ? at : at - change) % 3, 0);
    for (i = 0; i < w->n_frames; i++) {
      TcTestChunk *r = tc_test_collector_get (ref.col, at + i);

      fail_unless_equals_uint64 (r->offset, w->offset + i);
      fail_unless_equals_uint64 (r->frame_size, w->frame_size);
      fail_unless (memcmp (w->data + i * w->frame_size, r->data,
              w->frame_size) == 0, "window %u, frame %u", k, i);
    }
  }
  fail_unless_equals_int (n_cut, 1);
  /* the cut window ends at the change, the next starts there */
  fail_unless_equals_uint64 (tc_test_collector_get (col, cut)->offset +
      tc_test_collector_get (col, cut)->n_frames,
      tc_test_collector_get (ref.col, change)->offset);
  fail_unless_equals_uint64 (tc_test_collector_get (col, cut + 1)->offset,
      tc_test_collector_get (ref.col, change)->offset);
  tc_test_collector_free (col, NULL);
  tc_test_collector_free (ref.col, NULL);
}

GST_END_TEST;

static void
expect_refused (const TcOutputConfig * config, gint code, const gchar * says)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, "noise16k.wav", NULL, NULL);
  GError *err = NULL;

  fail_unless_equals_int (tc_source_add_output (src, config, &err), -1);
  fail_unless (g_error_matches (err, TC_ERROR, code), "%s",
      err ? err->message : "no error");
  fail_unless (strstr (err->message, says) != NULL, "%s", err->message);
  g_error_free (err);
  tc_test_collector_free (col, src);
}

/* A hop beyond 2^31 frames, and windows that would hold more memory open
 * than a chunk may take, are refused when the output is added. */
GST_START_TEST (test_hop_bad)
{
  TcOutputConfig config = audio_config (1024, (guint) G_MAXINT + 1);

  expect_refused (&config, TC_ERROR_OPTION, "hop 2147483648 is too large");
  /* 1 s of stereo float every sample: 16000 windows of 128000 bytes */
  config = audio_config (16000, 1);
  config.channels = 2;
  expect_refused (&config, TC_ERROR_FILTER, "every 1 frames keep 16000 "
      "chunks open at once");
  /* the same windows a hop of 2 apart fit */
  config.hop = 2;
  {
    TcTestCollector *col = tc_test_collector_new ();
    TcSource *src = tc_test_collector_open (col, "noise16k.wav", NULL, NULL);

    fail_unless_equals_int (tc_test_add_output (src, &config), 0);
    fail_unless_equals_int (tc_source_get_output_info (src, 0)->hop, 2);
    tc_test_collector_free (col, src);
  }
}

GST_END_TEST;

static Suite *
hop_suite (void)
{
  Suite *s = suite_create ("hop");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 120);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_hop_audio_overlap);
  tcase_add_test (tc, test_hop_audio_uneven);
  tcase_add_test (tc, test_hop_video_overlap);
  tcase_add_test (tc, test_hop_skips);
  tcase_add_test (tc, test_hop_seek);
  tcase_add_test (tc, test_hop_equal);
  tcase_add_test (tc, test_hop_size_change);
  tcase_add_test (tc, test_hop_bad);
  return s;
}

TC_TEST_MAIN (hop);
