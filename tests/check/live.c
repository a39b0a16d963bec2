/* GStreamer tensorchunker: live sources
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
 * Capture from the peers of tests/services/with-services.sh: the screen of
 * an Xvfb display through x11grab, and the monitor of a PulseAudio null
 * sink; and lavfi graphs read as live.
 */

#include <gst/check/gstcheck.h>

#include "tcrun.h"
#include "tctest.h"

#define TIMEOUT (10 * GST_SECOND)

/* A sink that syncs and drops what comes late.  Its processing deadline,
 * part of the pipeline's latency, is the time it may take to get a chunk
 * once its time comes, and max-lateness how late a chunk may still be
 * rendered: the tests run beside others on a busy machine, where a thread
 * may wait 100 ms and more for a CPU, so 200 ms and 100 ms rather than 20
 * and 20.  A chunk then reaches a sink within half a second of its PTS.
 * The element's own delay, from capture to push, is checked in capture.c. */
#define SYNC_SINK "fakesink sync=true qos=true max-lateness=100000000 " \
    "processing-deadline=200000000"
#define MAX_LATENESS (100 * GST_MSECOND)

/* x11grab at 10 fps: one frame is the capture latency */
#define X11GRAB "tensorchunker name=t format=x11grab location=\"%s\" " \
    "options=\"options,video_size=(string)160x120,framerate=(string)10\" "

/* What reached one sink, and when. */
typedef struct
{
  GstClockTime pts;
  GstClockTime duration;
  guint64 chunk;                /* OFFSET / frames: the chunk's number */
  gboolean discont;
  GstClockTime arrival;         /* running time at the sink */
} Arrival;

/* Not locked: once the pipeline stopped. */
static Arrival
arrival (TcTestSink * sink, guint i)
{
  GstBuffer *buffer = tc_test_sink_buffer (sink, i);
  Arrival a;

  a.pts = GST_BUFFER_PTS (buffer);
  a.duration = GST_BUFFER_DURATION (buffer);
  a.chunk = GST_BUFFER_OFFSET (buffer) / MAX (GST_BUFFER_OFFSET_END (buffer)
      - GST_BUFFER_OFFSET (buffer), 1);
  a.discont = GST_BUFFER_IS_DISCONT (buffer);
  a.arrival = g_array_index (sink->times, GstClockTime, i);
  return a;
}

static GstStateChangeReturn
live_set_state (TcRun * live, GstState state)
{
  GstStateChangeReturn ret = gst_element_set_state (live->pipeline, state);

  fail_if (ret == GST_STATE_CHANGE_FAILURE);
  ret = gst_element_get_state (live->pipeline, NULL, NULL, TIMEOUT);
  fail_if (ret == GST_STATE_CHANGE_FAILURE || ret == GST_STATE_CHANGE_ASYNC);
  return ret;
}

/* Takes the messages on the bus for @ms, failing on an error message;
 * returns the element messages named @name (and counts QoS messages in
 * @qos, if not NULL). */
static GList *
live_messages (TcRun * live, guint ms, const gchar * name, guint * qos)
{
  GstBus *bus = gst_element_get_bus (live->pipeline);
  gint64 end = g_get_monotonic_time () + ms * 1000;
  GList *found = NULL;
  GstMessage *msg;

  do {
    msg = gst_bus_timed_pop (bus, ms > 0 ? 10 * GST_MSECOND : 0);
    if (msg == NULL)
      continue;
    tc_test_fail_on_error (msg);
    if (qos != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_QOS)
      (*qos)++;
    if (name != NULL && gst_message_has_name (msg, name))
      found = g_list_append (found, gst_message_ref (msg));
    gst_message_unref (msg);
  } while (g_get_monotonic_time () < end || (ms == 0 && msg != NULL));
  gst_object_unref (bus);
  return found;
}

/* Runs in PLAYING for @ms, counting the sinks' QoS messages in @qos. */
static void
live_play_for (TcRun * live, guint ms, guint * qos)
{
  live_set_state (live, GST_STATE_PLAYING);
  live_messages (live, ms, NULL, qos);
}

/* The latency a pad of tensorchunker answers, and the pipeline's: its
 * sinks add their processing deadline to the min. */
static GstClockTime
query_latency (TcRun * live, const gchar * pad_name, GstClockTime * min,
    GstClockTime * max)
{
  GstPad *pad = gst_element_get_static_pad (live->tc, pad_name);
  GstQuery *query = gst_query_new_latency ();
  GstClockTime pipeline_min, pipeline_max;
  gboolean is_live;

  fail_unless (gst_pad_query (pad, query));
  gst_query_parse_latency (query, &is_live, min, max);
  fail_unless (is_live);
  fail_unless (gst_element_query (live->pipeline, query));
  gst_query_parse_latency (query, &is_live, &pipeline_min, &pipeline_max);
  fail_unless (is_live);
  fail_unless (pipeline_min >= *min);
  GST_INFO ("%s: latency %" GST_TIME_FORMAT " to %" GST_TIME_FORMAT
      ", the pipeline's %" GST_TIME_FORMAT " to %" GST_TIME_FORMAT, pad_name,
      GST_TIME_ARGS (*min), GST_TIME_ARGS (*max),
      GST_TIME_ARGS (pipeline_min), GST_TIME_ARGS (pipeline_max));
  gst_query_unref (query);
  gst_object_unref (pad);
  return pipeline_min;
}

/* PTS never go back, and each chunk from the @first on came after its
 * capture and no later than its deadline (PTS + the pipeline's latency)
 * plus @slack. */
static void
check_timestamps (TcTestSink * sink, guint first, GstClockTime latency,
    GstClockTime slack)
{
  guint i;

  fail_unless (sink->samples->len > first);
  for (i = 0; i < sink->samples->len; i++) {
    Arrival a = arrival (sink, i);

    fail_unless (GST_CLOCK_TIME_IS_VALID (a.pts));
    if (i > 0)
      fail_unless (a.pts >= arrival (sink, i - 1).pts, "chunk %u at %"
          GST_TIME_FORMAT " after one at %" GST_TIME_FORMAT, i,
          GST_TIME_ARGS (a.pts), GST_TIME_ARGS (arrival (sink, i - 1).pts));
    if (i < first)
      continue;
    fail_unless (a.arrival + 10 * GST_MSECOND >= a.pts, "chunk %u at %"
        GST_TIME_FORMAT " came at %" GST_TIME_FORMAT ", before it was "
        "captured", i, GST_TIME_ARGS (a.pts), GST_TIME_ARGS (a.arrival));
    fail_unless (a.arrival <= a.pts + latency + slack, "chunk %u at %"
        GST_TIME_FORMAT " came at %" GST_TIME_FORMAT, i,
        GST_TIME_ARGS (a.pts), GST_TIME_ARGS (a.arrival));
  }
}

/* Chunks of two outputs with the same number carry the same PTS (by
 * number, not by order of arrival: a sink may have dropped a late one). */
static void
check_same_pts (TcTestSink * a, TcTestSink * b)
{
  guint i, j, n = 0;

  for (i = 0; i < a->samples->len; i++) {
    for (j = 0; j < b->samples->len; j++) {
      if (arrival (a, i).chunk != arrival (b, j).chunk)
        continue;
      fail_unless_equals_uint64 (arrival (a, i).pts, arrival (b, j).pts);
      n++;
    }
  }
  fail_unless (n >= a->samples->len / 2, "%u chunks in common", n);
}

static guint64
sink_dropped (TcRun * live, const gchar * name)
{
  GstElement *fakesink = gst_bin_get_by_name (GST_BIN (live->pipeline),
      name);
  GstStructure *stats;
  guint64 dropped;

  g_object_get (fakesink, "stats", &stats, NULL);
  fail_unless (gst_structure_get_uint64 (stats, "dropped", &dropped));
  gst_structure_free (stats);
  gst_object_unref (fakesink);
  return dropped;
}

/* Screen capture into sinks that sync: latency = one frame of capture +
 * one chunk, nothing late, timestamps the running time of the capture, and
 * two outputs with chunks of the same span carry the same ones. */
GST_START_TEST (test_x11grab_sync)
{
  const gchar *display = tc_test_peer ("DISPLAY");
  GstClockTime min, max, latency;
  guint n, qos = 0;
  gchar *desc;
  TcRun *live;

  if (display == NULL)
    return;
  desc = g_strdup_printf (X11GRAB "video_1::width=80 video_1::height=60 "
      "t.video_0 ! " SYNC_SINK " name=out0 t.video_1 ! " SYNC_SINK " name=out1",
      display);
  live = tc_run_new ("%s", desc);
  g_free (desc);

  fail_unless_equals_int (live_set_state (live, GST_STATE_PAUSED),
      GST_STATE_CHANGE_NO_PREROLL);
  live_play_for (live, 2000, &qos);
  latency = query_latency (live, "video_0", &min, &max);
  fail_unless_equals_uint64 (min, 200 * GST_MSECOND);
  /* buffer-chunk-size 3: two more chunks may wait */
  fail_unless_equals_uint64 (max, 400 * GST_MSECOND);
  gst_element_set_state (live->pipeline, GST_STATE_NULL);

  fail_unless_equals_int (qos, 0);
  fail_unless_equals_uint64 (sink_dropped (live, "out0"), 0);
  fail_unless_equals_uint64 (sink_dropped (live, "out1"), 0);
  n = live->out[0]->samples->len;
  /* 2 s at 10 fps, less the 400 ms of latency and what a busy machine
   * made late */
  fail_unless (n >= 10, "%u chunks in 2 s at 10 fps", n);
  fail_unless (arrival (live->out[0], 0).discont);
  check_timestamps (live->out[0], 0, latency, MAX_LATENESS);
  check_timestamps (live->out[1], 0, latency, MAX_LATENESS);
  check_same_pts (live->out[0], live->out[1]);
  /* 10 fps: the chunks follow each other */
  fail_unless (arrival (live->out[0], n - 1).pts -
      arrival (live->out[0], 1).pts >= (n - 3) * 100 * GST_MSECOND);

  tc_run_free (live);
}

GST_END_TEST;

static gint
message_dropped (GstMessage * msg, const gchar * pad)
{
  const GstStructure *s = gst_message_get_structure (msg);
  guint64 dropped = 0;

  fail_unless_equals_string (gst_structure_get_string (s, "pad"), pad);
  fail_unless (gst_structure_get_uint64 (s, "dropped", &dropped));
  return (gint) dropped;
}

/* A consumer that takes a second per chunk: the queue keeps the newest
 * buffer-chunk-size chunks, the others are dropped, counted on the pad and
 * in messages, and the chunk after a drop is DISCONT. */
GST_START_TEST (test_x11grab_slow_consumer)
{
  const gchar *display = tc_test_peer ("DISPLAY");
  GstElement *queue;
  GstPad *pad;
  GList *messages, *l;
  guint64 dropped;
  guint level, max_level = 0, i, n_discont = 0;
  gint64 begin, start, seconds;
  gint last = 0;
  gchar *desc;
  TcRun *live;

  if (display == NULL)
    return;
  desc = g_strdup_printf (X11GRAB "video_0::buffer-chunk-size=2 "
      "t.video_0 ! fakesink name=out0 sync=false", display);
  live = tc_run_new ("%s", desc);
  g_free (desc);
  live->out[0]->sleep_ms = 1000;
  pad = gst_element_get_static_pad (live->tc, "video_0");
  queue = gst_bin_get_by_name (GST_BIN (live->tc), "queue_video_0");

  begin = g_get_monotonic_time ();
  live_set_state (live, GST_STATE_PLAYING);
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 4 * G_USEC_PER_SEC) {
    g_object_get (queue, "current-level-buffers", &level, NULL);
    max_level = MAX (max_level, level);
    g_usleep (10 * 1000);
  }
  messages = live_messages (live, 0, "tensorchunker-drop", NULL);
  g_object_get (pad, "dropped", &dropped, NULL);
  gst_element_set_state (live->pipeline, GST_STATE_NULL);
  seconds = (g_get_monotonic_time () - begin) / G_USEC_PER_SEC;

  /* 4 s at 10 fps: 4 or 5 taken, 2 in the queue, the rest dropped */
  GST_INFO ("slow consumer: %" G_GUINT64_FORMAT " chunks dropped, %u "
      "taken, the queue held at most %u", dropped, live->out[0]->samples->len,
      max_level);
  fail_unless (dropped >= 25, "%" G_GUINT64_FORMAT " dropped", dropped);
  fail_unless (max_level <= 2, "the queue held %u chunks", max_level);
  /* one a second, and the one being taken when it stopped */
  fail_unless (live->out[0]->samples->len <= seconds + 2, "%u chunks taken "
      "in %" G_GINT64_FORMAT " s", live->out[0]->samples->len, seconds);
  for (i = 1; i < live->out[0]->samples->len; i++)
    n_discont += arrival (live->out[0], i).discont;
  fail_unless (n_discont >= 2, "%u chunks DISCONT after drops", n_discont);

  /* one message per drop, with the pad and the count so far */
  fail_unless (messages != NULL);
  for (l = messages; l != NULL; l = l->next) {
    gint count = message_dropped (l->data, "video_0");

    fail_unless (count > last);
    last = count;
  }
  fail_unless_equals_int (last, (gint) dropped);
  g_list_free_full (messages, (GDestroyNotify) gst_message_unref);

  gst_object_unref (queue);
  gst_object_unref (pad);
  tc_run_free (live);
}

GST_END_TEST;

/* The same consumer on a file: nothing is dropped, every chunk comes, in
 * order. */
GST_START_TEST (test_file_slow_consumer)
{
  gchar *path = tc_test_media ("tone16k.wav");
  gchar *desc = g_strdup_printf ("tensorchunker name=t location=\"%s\" "
      "audio_0::frames-per-chunk=4000 audio_0::buffer-chunk-size=2 "
      "t.audio_0 ! fakesink name=out0 sync=false", path);
  TcRun *live = tc_run_new ("%s", desc);
  GstBus *bus = gst_element_get_bus (live->pipeline);
  GstMessage *msg;
  GstPad *pad;
  guint64 dropped;
  guint i;

  g_free (path);
  g_free (desc);
  live->out[0]->sleep_ms = 1000;
  pad = gst_element_get_static_pad (live->tc, "audio_0");
  fail_unless_equals_int (live_set_state (live, GST_STATE_PLAYING),
      GST_STATE_CHANGE_SUCCESS);
  msg = gst_bus_timed_pop_filtered (bus, 20 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  g_object_get (pad, "dropped", &dropped, NULL);
  gst_element_set_state (live->pipeline, GST_STATE_NULL);

  fail_unless_equals_uint64 (dropped, 0);
  /* 16000 frames */
  fail_unless_equals_int (live->out[0]->samples->len, 4);
  for (i = 0; i < 4; i++) {
    fail_unless_equals_uint64 (arrival (live->out[0], i).pts,
        i * 250 * GST_MSECOND);
    fail_unless (arrival (live->out[0], i).discont == (i == 0));
  }

  gst_object_unref (bus);
  gst_object_unref (pad);
  tc_run_free (live);
}

GST_END_TEST;

static gchar *
pulse_monitor (void)
{
  const gchar *sink = g_getenv ("TC_PULSE_SINK");

  return g_strdup_printf ("%s.monitor", sink ? sink : "tc_sink");
}

/* A microphone: latency = pulse's 50 ms fragment + one chunk, chunks flow
 * on time; the device is released in NULL and taken again. */
GST_START_TEST (test_pulse)
{
  gchar *monitor, *desc;
  GstClockTime min, max, latency;
  TcRun *live;

  if (tc_test_peer ("PULSE_SERVER") == NULL)
    return;
  monitor = pulse_monitor ();
  desc = g_strdup_printf ("tensorchunker name=t format=pulse location=%s "
      "options=\"options,sample_rate=(string)16000,channels=(string)1\" "
      "audio_0::frames-per-chunk=1600 t.audio_0 ! " SYNC_SINK " name=out0",
      monitor);
  g_free (monitor);
  live = tc_run_new ("%s", desc);
  g_free (desc);

  fail_unless_equals_int (live_set_state (live, GST_STATE_PAUSED),
      GST_STATE_CHANGE_NO_PREROLL);
  fail_unless_equals_int (tc_test_pulse_recordings (), 1);
  live_play_for (live, 1000, NULL);
  latency = query_latency (live, "audio_0", &min, &max);
  fail_unless_equals_uint64 (min, 150 * GST_MSECOND);
  fail_unless_equals_uint64 (max, 350 * GST_MSECOND);

  live_set_state (live, GST_STATE_NULL);
  fail_unless_equals_int (tc_test_pulse_recordings (), 0);
  fail_unless (tc_test_sink_n_samples (live->out[0]) >= 5);
  check_timestamps (live->out[0], 0, latency, MAX_LATENESS);
  fail_unless_equals_uint64 (sink_dropped (live, "out0"), 0);

  /* again, from NULL */
  live_play_for (live, 500, NULL);
  fail_unless_equals_int (tc_test_pulse_recordings (), 1);
  live_set_state (live, GST_STATE_NULL);
  fail_unless (tc_test_sink_n_samples (live->out[0]) >= 7);

  tc_run_free (live);
}

GST_END_TEST;

/* PLAYING -> PAUSED -> PLAYING: nothing comes while PAUSED, timestamps go
 * on rising after it and stay on time; PLAYING -> NULL -> PLAYING starts
 * again from 0. */
GST_START_TEST (test_x11grab_pause)
{
  const gchar *display = tc_test_peer ("DISPLAY");
  GstClockTime min, max, latency;
  guint n, i;
  gchar *desc;
  TcRun *live;

  if (display == NULL)
    return;
  desc =
      g_strdup_printf (X11GRAB "t.video_0 ! " SYNC_SINK " name=out0", display);
  live = tc_run_new ("%s", desc);
  g_free (desc);

  live_play_for (live, 1000, NULL);
  fail_unless_equals_int (live_set_state (live, GST_STATE_PAUSED),
      GST_STATE_CHANGE_NO_PREROLL);
  n = tc_test_sink_n_samples (live->out[0]);
  /* at 10 fps, less the latency, on a machine that may be busy */
  fail_unless (n >= 2, "%u chunks in 1 s", n);
  g_usleep (G_USEC_PER_SEC / 2);
  /* at most the chunk the step in progress finished */
  fail_unless (tc_test_sink_n_samples (live->out[0]) <= n + 1);
  n = tc_test_sink_n_samples (live->out[0]);
  /* 2 s of 10 fps for the 5 chunks asked below: a busy machine may hold the
   * capture back for a while after the resume */
  live_play_for (live, 2000, NULL);
  latency = query_latency (live, "video_0", &min, &max);
  live_set_state (live, GST_STATE_NULL);
  /* first what waited in the queue, then what was captured since, which
   * starts with a DISCONT */
  fail_unless (tc_test_sink_n_samples (live->out[0]) >= n + 5);
  for (i = n; !arrival (live->out[0], i).discont; i++)
    fail_unless (i < n + 4);
  /* what waited in the queue is rendered when the sink resumes */
  check_timestamps (live->out[0], i, latency, MAX_LATENESS);

  tc_test_sink_clear (live->out[0]);
  live_play_for (live, 1000, NULL);
  live_set_state (live, GST_STATE_NULL);
  fail_unless (tc_test_sink_n_samples (live->out[0]) >= 3);
  fail_unless (arrival (live->out[0], 0).pts < 100 * GST_MSECOND);
  check_timestamps (live->out[0], 0, latency, MAX_LATENESS);

  tc_run_free (live);
}

GST_END_TEST;

/* A lavfi graph with is-live: nothing in PAUSED, read in real time in
 * PLAYING, and outputs whose chunks span the same time carry the same
 * timestamps. */
GST_START_TEST (test_lavfi_is_live)
{
  TcRun *live = tc_run_new ("tensorchunker name=t format=lavfi is-live=true "
      "location=\"sine=sample_rate=16000:samples_per_frame=800\" "
      "audio_0::frames-per-chunk=1600 "
      "audio_1::frames-per-chunk=800 audio_1::sample-rate=8000 "
      "t.audio_0 ! " SYNC_SINK " name=out0 t.audio_1 ! " SYNC_SINK
      " name=out1");
  GstClockTime min, max, latency;
  gint64 start;
  guint n;

  fail_unless_equals_int (live_set_state (live, GST_STATE_PAUSED),
      GST_STATE_CHANGE_NO_PREROLL);
  g_usleep (G_USEC_PER_SEC / 4);
  fail_unless_equals_int (tc_test_sink_n_samples (live->out[0]), 0);

  start = g_get_monotonic_time ();
  live_play_for (live, 1000, NULL);
  latency = query_latency (live, "audio_0", &min, &max);
  live_set_state (live, GST_STATE_NULL);
  /* paced: about ten 100 ms chunks in a second, not the graph's speed */
  n = tc_test_sink_n_samples (live->out[0]);
  fail_unless (n >= 7 && n <= 12, "%u chunks in %" G_GINT64_FORMAT " ms",
      n, (g_get_monotonic_time () - start) / 1000);
  /* a 50 ms packet + a 100 ms chunk */
  fail_unless_equals_uint64 (min, 150 * GST_MSECOND);
  check_timestamps (live->out[0], 0, latency, MAX_LATENESS);
  check_same_pts (live->out[0], live->out[1]);
  fail_unless_equals_uint64 (sink_dropped (live, "out0"), 0);

  tc_run_free (live);
}

GST_END_TEST;

/* Chunks shorter than the source's packets (25 ms chunks of 100 ms
 * frames): each chunk's PTS is its own first sample's, several chunks of
 * one packet never share one, and the mapping to running time holds
 * (no DISCONT after the first chunk).  The sink takes chunks as they
 * come: the timestamps are what is checked, not their timing; a packet
 * gives 4 chunks at once, which a queue of 3 may not hold (a drop). */
GST_START_TEST (test_lavfi_is_live_chunks_within_packets)
{
  TcRun *live = tc_run_new ("tensorchunker name=t format=lavfi is-live=true "
      "location=\"sine=sample_rate=16000:samples_per_frame=1600\" "
      "audio_0::frames-per-chunk=400 audio_0::buffer-chunk-size=8 "
      "t.audio_0 ! fakesink sync=false name=out0");
  TcTestSink *sink = live->out[0];
  guint i, n;

  live_play_for (live, 1000, NULL);
  live_set_state (live, GST_STATE_NULL);
  n = sink->samples->len;
  fail_unless (n >= 5, "%u chunks", n);
  for (i = 1; i < n; i++) {
    Arrival a = arrival (sink, i - 1), b = arrival (sink, i);

    fail_if (b.discont, "chunk %u: DISCONT", i);
    fail_unless_equals_uint64 (b.chunk, a.chunk + 1);
    fail_unless_equals_uint64 (b.pts, a.pts + a.duration);
  }

  tc_run_free (live);
}

GST_END_TEST;

static Suite *
live_suite (void)
{
  Suite *s = suite_create ("live");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_x11grab_sync);
  tcase_add_test (tc, test_x11grab_slow_consumer);
  tcase_add_test (tc, test_file_slow_consumer);
  tcase_add_test (tc, test_pulse);
  tcase_add_test (tc, test_x11grab_pause);
  tcase_add_test (tc, test_lavfi_is_live);
  tcase_add_test (tc, test_lavfi_is_live_chunks_within_packets);
  return s;
}

TC_TEST_MAIN (live);
