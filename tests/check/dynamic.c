/* Tests of tensorchunker: outputs added and released while streaming
 * Copyright (C) 2026 The gst-tensorchunker authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * This library is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
 * Library General Public License for more details.
 */

#include <gst/check/gstcheck.h>

#include <string.h>

#include "tctest.h"

#define SECOND GST_SECOND

/* ------------------------------------------------------------------------ */
/* A branch: a request pad of the element and the fakesink behind it, whose
 * TcTestSink keeps every buffer and event. */
typedef struct
{
  GstElement *sink;             /* out's: alive until branch_free */
  GstPad *pad;                  /* the element's request pad */
  TcTestSink *out;
} Branch;

#define END_TIME() (g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND)

/* Requests @templ's pad of @tc with @fields set ("frames-per-chunk", 30,
 * ..., NULL), then brings the sink to the pipeline's state and links it,
 * the order an application adding a branch while playing follows. */
static Branch *
branch_add (GstElement * pipeline, GstElement * tc, const gchar * templ,
    gboolean sync, const gchar * field, ...)
{
  Branch *b = g_new0 (Branch, 1);
  GstPad *sinkpad;
  va_list args;

  b->sink = gst_element_factory_make ("fakesink", NULL);
  g_object_set (b->sink, "sync", sync, NULL);
  b->out = tc_test_sink_new (b->sink);
  gst_bin_add (GST_BIN (pipeline), b->sink);
  b->pad = gst_element_request_pad_simple (tc, templ);
  fail_unless (b->pad != NULL, "no pad %s", templ);
  va_start (args, field);
  if (field)
    g_object_set_valist (G_OBJECT (b->pad), field, args);
  va_end (args);
  fail_unless (gst_element_sync_state_with_parent (b->sink));
  sinkpad = gst_element_get_static_pad (b->sink, "sink");
  fail_unless_equals_int (gst_pad_link (b->pad, sinkpad), GST_PAD_LINK_OK);
  gst_object_unref (sinkpad);
  return b;
}

/* Releases the request pad and takes the sink out of the pipeline. */
static void
branch_remove (Branch * b, GstElement * pipeline, GstElement * tc)
{
  gst_element_release_request_pad (tc, b->pad);
  gst_clear_object (&b->pad);
  /* out of the pipeline's hands: an async state change of the pipeline
   * would otherwise bring it back up */
  gst_element_set_locked_state (b->sink, TRUE);
  gst_element_set_state (b->sink, GST_STATE_NULL);
  gst_bin_remove (GST_BIN (pipeline), b->sink);
}

static void
branch_free (Branch * b)
{
  gst_clear_object (&b->pad);
  tc_test_sink_free (b->out);
  g_free (b);
}

static guint
branch_n (Branch * b)
{
  return tc_test_sink_n_samples (b->out);
}

static GstBuffer *
branch_buffer (Branch * b, guint i)
{
  return tc_test_sink_buffer (b->out, i);
}

/* Waits (30 s at most) for EOS on @b. */
static void
branch_wait_eos (Branch * b)
{
  fail_unless (tc_test_sink_wait_events (b->out, GST_EVENT_EOS, 1,
          END_TIME ()), "no EOS");
}

/* Waits (30 s at most) for @n buffers on @b. */
static void
branch_wait_n (Branch * b, guint n)
{
  fail_unless (tc_test_sink_wait (b->out, n, END_TIME ()), "%u buffers of %u",
      branch_n (b), n);
}

/* The buffers of @b follow each other: no DISCONT after the first, each
 * PTS the previous one's end, each OFFSET the previous OFFSET_END. */
static void
check_no_gap_from (Branch * b, guint from)
{
  guint i;

  fail_unless (branch_n (b) > from);
  for (i = from + 1; i < branch_n (b); i++) {
    GstBuffer *prev = branch_buffer (b, i - 1), *buf = branch_buffer (b, i);

    fail_if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DISCONT),
        "DISCONT at %u", i);
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buf),
        GST_BUFFER_OFFSET_END (prev));
    /* times rounded to the ns: within one */
    fail_unless (ABS ((gint64) GST_BUFFER_PTS (buf) -
            (gint64) (GST_BUFFER_PTS (prev) + GST_BUFFER_DURATION (prev))) <=
        1, "gap before buffer %u", i);
  }
}

static void
check_no_gap (Branch * b)
{
  check_no_gap_from (b, 0);
}

/* The buffer of @b with PTS @pts, or NULL. */
static GstBuffer *
branch_find (Branch * b, GstClockTime pts)
{
  guint i;

  for (i = 0; i < branch_n (b); i++)
    if (GST_BUFFER_PTS (branch_buffer (b, i)) == pts)
      return branch_buffer (b, i);
  return NULL;
}

static GstElement *
pipeline_new (GstElement ** tc, const gchar * field, ...)
{
  GstElement *pipeline = gst_pipeline_new (NULL);
  va_list args;

  *tc = gst_element_factory_make ("tensorchunker", "t");
  fail_unless (*tc != NULL);
  va_start (args, field);
  g_object_set_valist (G_OBJECT (*tc), field, args);
  va_end (args);
  gst_bin_add (GST_BIN (pipeline), *tc);
  return pipeline;
}

/* ------------------------------------------------------------------------ */
/* A video output added at 3 s into a file */

/* The audio consumer's hook: at the first chunk at 3 s or later, it hands
 * over to the test and waits until the video output is added. */
typedef struct
{
  GMutex lock;
  GCond cond;
  gboolean reached, added;
  GstClockTime at;
} Gate;

static void
gate_on_buffer (GstElement * sink, GstBuffer * buffer, GstPad * pad, Gate * g)
{
  g_mutex_lock (&g->lock);
  if (!g->reached && GST_BUFFER_PTS (buffer) >= 3 * SECOND) {
    g->reached = TRUE;
    g->at = GST_BUFFER_PTS (buffer);
    g_cond_broadcast (&g->cond);
    while (!g->added)
      g_cond_wait (&g->cond, &g->lock);
  }
  g_mutex_unlock (&g->lock);
}

#define VIDEO_FIELDS "frames-per-chunk", 30, "width", 64, "height", 36

/* seed14.mp4 (30 fps, a key frame each second, 48 kHz audio), 1 s chunks
 * on both outputs; the video output from the start (@late FALSE) or added
 * at 3 s.  Returns the audio and video branches. */
static guint
count_collections (GstElement * pipeline)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;
  guint n = 0;

  while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_STREAM_COLLECTION))) {
    n++;
    gst_message_unref (msg);
  }
  gst_object_unref (bus);
  return n;
}

static guint
run_seed14 (gboolean late, Branch ** audio, Branch ** video)
{
  guint n_collections;
  Gate gate = { 0 };
  GstElement *pipeline, *tc;
  gchar *path = tc_test_media ("seed14.mp4");

  pipeline = pipeline_new (&tc, "location", path, NULL);
  *audio = branch_add (pipeline, tc, "audio_%u", FALSE, "frames-per-chunk",
      48000, NULL);
  if (!late)
    *video = branch_add (pipeline, tc, "video_%u", FALSE, VIDEO_FIELDS, NULL);
  g_mutex_init (&gate.lock);
  g_cond_init (&gate.cond);
  /* after the TcTestSink's handler: the buffer is kept first */
  g_signal_connect ((*audio)->sink, "handoff", G_CALLBACK (gate_on_buffer),
      &gate);
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);

  g_mutex_lock (&gate.lock);
  while (!gate.reached)
    g_cond_wait (&gate.cond, &gate.lock);
  g_mutex_unlock (&gate.lock);
  if (late)
    *video = branch_add (pipeline, tc, "video_%u", FALSE, VIDEO_FIELDS, NULL);
  g_mutex_lock (&gate.lock);
  gate.added = TRUE;
  g_cond_broadcast (&gate.cond);
  g_mutex_unlock (&gate.lock);

  branch_wait_eos (*audio);
  branch_wait_eos (*video);
  g_signal_handlers_disconnect_by_data ((*audio)->sink, &gate);
  n_collections = count_collections (pipeline);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  g_mutex_clear (&gate.lock);
  g_cond_clear (&gate.cond);
  g_free (path);
  return n_collections;
}

GST_START_TEST (test_add_video_at_3s)
{
  Branch *audio_full, *video_full, *audio, *video;
  GstBuffer *start, *ref;
  guint i;

  guint n_full, n_late;

  n_full = run_seed14 (FALSE, &audio_full, &video_full);
  n_late = run_seed14 (TRUE, &audio, &video);
  /* the collection is posted again for the new output */
  fail_unless (n_full >= 1);
  fail_unless_equals_int (n_late, n_full + 1);

  /* the new output starts on the audio's chunk grid, at or after 3 s */
  fail_unless (branch_n (video) > 0);
  start = branch_buffer (video, 0);
  fail_unless (GST_BUFFER_PTS (start) >= 3 * SECOND);
  fail_unless (branch_find (audio, GST_BUFFER_PTS (start)) != NULL,
      "no audio chunk at %" GST_TIME_FORMAT,
      GST_TIME_ARGS (GST_BUFFER_PTS (start)));
  fail_unless (GST_BUFFER_FLAG_IS_SET (start, GST_BUFFER_FLAG_DISCONT));
  check_no_gap (video);
  /* the same frames as a run that had it from the start */
  for (i = 0; i < branch_n (video); i++) {
    GstBuffer *buf = branch_buffer (video, i);

    ref = branch_find (video_full, GST_BUFFER_PTS (buf));
    fail_unless (ref != NULL);
    fail_unless (tc_test_same_bytes (buf, ref), "video chunk %u differs", i);
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buf),
        GST_BUFFER_OFFSET (ref));
  }
  fail_unless_equals_uint64 (GST_BUFFER_PTS (branch_buffer (video,
              branch_n (video) - 1)),
      GST_BUFFER_PTS (branch_buffer (video_full, branch_n (video_full) - 1)));
  /* the audio went on as if nothing happened */
  check_no_gap (audio);
  fail_unless_equals_int (branch_n (audio), branch_n (audio_full));
  for (i = 0; i < branch_n (audio); i++)
    fail_unless (tc_test_same_bytes (branch_buffer (audio, i),
            branch_buffer (audio_full, i)), "audio chunk %u differs", i);

  branch_free (audio_full);
  branch_free (video_full);
  branch_free (audio);
  branch_free (video);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* A bad request while playing */

/* The first WARNING or ERROR on the bus within 30 s (NULL for none). */
static GstMessage *
wait_warning_or_error (GstElement * pipeline)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
      GST_MESSAGE_WARNING | GST_MESSAGE_ERROR);

  gst_object_unref (bus);
  return msg;
}

GST_START_TEST (test_bad_request_while_playing)
{
  GstElement *pipeline, *tc;
  gchar *path = tc_test_media ("seed.mp4");
  Branch *audio, *bad;
  GstMessage *msg;
  GError *err = NULL;
  gchar *name;

  pipeline = pipeline_new (&tc, "location", path, NULL);
  audio = branch_add (pipeline, tc, "audio_%u", TRUE, NULL);
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  branch_wait_n (audio, 10);

  bad = branch_add (pipeline, tc, "video_%u", FALSE, "stream-index", 7, NULL);
  name = gst_pad_get_name (bad->pad);
  msg = wait_warning_or_error (pipeline);
  fail_unless (msg != NULL);
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_WARNING);
  gst_message_parse_warning (msg, &err, NULL);
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_SETTINGS));
  fail_unless (strstr (err->message, name) != NULL, "%s", err->message);
  fail_unless (strstr (err->message, "stream-index 7") != NULL, "%s",
      err->message);
  g_clear_error (&err);
  gst_message_unref (msg);
  /* its branch ends; the audio goes on to the end, whole */
  branch_wait_eos (bad);
  fail_unless_equals_int (branch_n (bad), 0);
  branch_wait_eos (audio);
  check_no_gap (audio);
  /* seed.mp4 has 4 s of audio */
  fail_unless (GST_BUFFER_OFFSET_END (branch_buffer (audio,
              branch_n (audio) - 1)) >= 4 * 48000);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  branch_free (audio);
  branch_free (bad);
  g_free (name);
  g_free (path);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* Many outputs added and released while playing */

GST_START_TEST (test_add_release_200)
{
  GstElement *pipeline, *tc;
  Branch *base;
  GRand *rand = g_rand_new_with_seed (12);
  guint i, j, n_added = 0, n_waited = 0;

  pipeline = pipeline_new (&tc, "location",
      "testsrc=size=64x48:rate=100[out0];sine=sample_rate=8000[out1]",
      "format", "lavfi", NULL);
  /* paced by its clock: the outputs come and go while it plays */
  base = branch_add (pipeline, tc, "audio_%u", TRUE, "frames-per-chunk", 80,
      NULL);
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  branch_wait_n (base, 2);

  for (i = 0; i < 200; i++) {
    gboolean video = g_rand_boolean (rand);
    Branch *b = branch_add (pipeline, tc, video ? "video_%u" : "audio_%u",
        FALSE, "frames-per-chunk", g_rand_int_range (rand, 1, 5) *
        (video ? 1 : 40), NULL);

    /* half of them live until their first chunk, the others go at any
     * moment, before they start or after */
    if (g_rand_boolean (rand)) {
      branch_wait_n (b, 1);
      n_waited++;
    } else {
      g_usleep (g_rand_int_range (rand, 0, 20000));
    }
    branch_remove (b, pipeline, tc);
    /* what it got, it got whole and in order */
    for (j = 1; j < branch_n (b); j++)
      fail_unless_equals_uint64 (GST_BUFFER_OFFSET (branch_buffer (b, j)),
          GST_BUFFER_OFFSET_END (branch_buffer (b, j - 1)));
    n_added += branch_n (b) > 0;
    branch_free (b);
  }
  fail_unless (n_added >= n_waited, "%u of 200 got chunks, %u waited for "
      "one", n_added, n_waited);
  fail_unless (GST_PAD_IS_SRC (base->pad));

  gst_element_set_state (pipeline, GST_STATE_NULL);
  check_no_gap (base);
  gst_object_unref (pipeline);
  branch_free (base);
  g_rand_free (rand);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* A live source */

static GstEvent *
sticky (Branch * b, GstEventType type)
{
  GstPad *pad = gst_element_get_static_pad (b->sink, "sink");
  GstEvent *event = gst_pad_get_sticky_event (pad, type, 0);

  gst_object_unref (pad);
  fail_unless (event != NULL, "no %s event", gst_event_type_get_name (type));
  return event;
}

/* The added output's sticky events: a stream-start with a stream of its
 * own in the running output's group, and the running output's segment. */
static void
check_sticky_events (Branch * running, Branch * added)
{
  GstEvent *start_r = sticky (running, GST_EVENT_STREAM_START);
  GstEvent *start_a = sticky (added, GST_EVENT_STREAM_START);
  GstEvent *seg_r = sticky (running, GST_EVENT_SEGMENT);
  GstEvent *seg_a = sticky (added, GST_EVENT_SEGMENT);
  const GstSegment *sr, *sa;
  guint group_r, group_a;
  GstStream *stream_r, *stream_a;
  GstCaps *caps;

  fail_unless (gst_event_parse_group_id (start_r, &group_r));
  fail_unless (gst_event_parse_group_id (start_a, &group_a));
  fail_unless_equals_int (group_a, group_r);
  gst_event_parse_stream (start_r, &stream_r);
  gst_event_parse_stream (start_a, &stream_a);
  fail_unless (stream_r != NULL && stream_a != NULL);
  fail_unless_equals_int (gst_stream_get_stream_type (stream_a),
      GST_STREAM_TYPE_VIDEO);
  fail_if (g_strcmp0 (gst_stream_get_stream_id (stream_a),
          gst_stream_get_stream_id (stream_r)) == 0);
  gst_object_unref (stream_r);
  gst_object_unref (stream_a);
  gst_event_parse_segment (seg_r, &sr);
  gst_event_parse_segment (seg_a, &sa);
  fail_unless_equals_uint64 (sa->start, sr->start);
  fail_unless_equals_uint64 (sa->time, sr->time);
  fail_unless_equals_uint64 (sa->stop, sr->stop);
  caps = gst_pad_get_current_caps (added->pad);
  fail_unless (caps != NULL);
  gst_caps_unref (caps);
  gst_event_unref (start_r);
  gst_event_unref (start_a);
  gst_event_unref (seg_r);
  gst_event_unref (seg_a);
}

GST_START_TEST (test_add_live_next_frame)
{
  GstElement *pipeline, *tc;
  Branch *running, *added;
  GstClockTime before;
  guint i, k, n_before, missed = 0;
  guint64 dropped;

  pipeline = pipeline_new (&tc, "location", "testsrc=size=32x24:rate=25",
      "format", "lavfi", "is-live", TRUE, NULL);
  running = branch_add (pipeline, tc, "video_%u", FALSE, NULL);
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  branch_wait_n (running, 5);
  n_before = branch_n (running);
  before = GST_BUFFER_PTS (branch_buffer (running, n_before - 1));

  added = branch_add (pipeline, tc, "video_%u", FALSE, "format", "gray", NULL);
  /* linked: its settings are those it runs with */
  ASSERT_WARNING (g_object_set (added->pad, "format", "rgb24", NULL));
  branch_wait_n (added, 10);
  check_sticky_events (running, added);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_object_get (added->pad, "dropped", &dropped, NULL);

  /* it starts on a frame the running output got after the request, and
   * misses none from there but the chunks it counted as dropped (a live
   * output whose consumer falls behind drops its oldest: on a loaded
   * machine, the new branch's sink may) */
  fail_unless (GST_BUFFER_PTS (branch_buffer (added, 0)) > before);
  for (k = 0; k < branch_n (running); k++)
    if (GST_BUFFER_PTS (branch_buffer (running, k)) ==
        GST_BUFFER_PTS (branch_buffer (added, 0)))
      break;
  fail_unless (k < branch_n (running), "not a frame of the running output");
  for (i = 0; i < branch_n (added) && k + i + missed <
      branch_n (running); i++) {
    GstClockTime pts = GST_BUFFER_PTS (branch_buffer (added, i));

    while (k + i + missed < branch_n (running) &&
        GST_BUFFER_PTS (branch_buffer (running, k + i + missed)) < pts)
      missed++;
    if (k + i + missed < branch_n (running))
      fail_unless_equals_uint64 (pts,
          GST_BUFFER_PTS (branch_buffer (running, k + i + missed)));
  }
  fail_unless (missed <= dropped, "%u frames missed, %" G_GUINT64_FORMAT
      " dropped", missed, dropped);
  /* from the request on, the running output goes on as before (a live
   * source may resync at its start on a loaded machine: not checked) */
  check_no_gap_from (running, n_before - 1);

  gst_object_unref (pipeline);
  branch_free (running);
  branch_free (added);
}

GST_END_TEST;

static Suite *
dynamic_suite (void)
{
  Suite *s = suite_create ("dynamic");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 120);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_add_video_at_3s);
  tcase_add_test (tc, test_bad_request_while_playing);
  tcase_add_test (tc, test_add_release_200);
  tcase_add_test (tc, test_add_live_next_frame);
  return s;
}

TC_TEST_MAIN (dynamic);
