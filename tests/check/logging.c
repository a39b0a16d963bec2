/* tensorchunker: the core's and FFmpeg's messages reach GStreamer's debug
 * log, in categories of their own, and every chunk pushed has its line in
 * tensorchunker-dataflow (SPEC "Logging", docs/element.md)
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

#include <string.h>

#include <gst/check/gstcheck.h>

#include "tctest.h"

typedef struct
{
  GMutex lock;
  guint core, ffmpeg;
  gboolean ffmpeg_named_segment;        /* "Opening '...audio_001.ts'" */
  gboolean newline;             /* a message ended with a newline */
} Seen;

static void
collect (GstDebugCategory * category, GstDebugLevel level, const gchar * file,
    const gchar * function, gint line, GObject * object,
    GstDebugMessage * message, gpointer user_data)
{
  Seen *seen = user_data;
  const gchar *name = gst_debug_category_get_name (category);
  const gchar *text = gst_debug_message_get (message);

  g_mutex_lock (&seen->lock);
  if (g_str_has_suffix (text, "\n"))
    seen->newline = TRUE;
  if (strcmp (name, "tensorchunker-core") == 0) {
    seen->core++;
  } else if (strcmp (name, "tensorchunker-ffmpeg") == 0) {
    seen->ffmpeg++;
    if (strstr (text, "audio_001.ts") != NULL)
      seen->ffmpeg_named_segment = TRUE;
  }
  g_mutex_unlock (&seen->lock);
}

/* Plays the local HLS playlist to EOS, collecting into seen what reaches
 * the debug log with the tensorchunker-* categories at threshold.  FFmpeg
 * logs (at info level) each segment it opens, the core what it opened and
 * the outputs it made. */
static void
play_playlist (Seen * seen, GstDebugLevel threshold)
{
  gchar *playlist = tc_test_media ("hls/audio.m3u8");
  gchar *desc = g_strdup_printf ("tensorchunker location=%s ! fakesink",
      playlist);
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GstMessage *msg;

  fail_unless (pipeline != NULL);
  g_mutex_init (&seen->lock);
  gst_debug_set_threshold_for_name ("tensorchunker-*", threshold);
  gst_debug_add_log_function (collect, seen, NULL);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (pipeline),
      30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_debug_remove_log_function (collect);

  tc_test_destroy (pipeline, NULL);
  g_free (desc);
  g_free (playlist);
}

GST_START_TEST (test_log_categories)
{
  Seen seen = { 0 };

  play_playlist (&seen, GST_LEVEL_DEBUG);
  fail_unless (seen.core > 0, "no line in tensorchunker-core");
  fail_unless (seen.ffmpeg > 0, "no line in tensorchunker-ffmpeg");
  fail_unless (seen.ffmpeg_named_segment,
      "FFmpeg's HLS demuxer did not say it opened the second segment");
  fail_if (seen.newline, "a message kept FFmpeg's newline");
  g_mutex_clear (&seen.lock);
}

GST_END_TEST;

/* Below the threshold nothing is logged. */
GST_START_TEST (test_log_threshold)
{
  Seen seen = { 0 };

  play_playlist (&seen, GST_LEVEL_NONE);
  fail_unless_equals_int (seen.core + seen.ffmpeg, 0);
  g_mutex_clear (&seen.lock);
}

GST_END_TEST;

/* What tensorchunker-dataflow says, and what reached the sink. */
typedef struct
{
  GMutex lock;
  GString *lines;               /* one a chunk */
  guint n_lines;
  GString *buffers;             /* the same, from the buffers at the sink */
} Flow;

static void
collect_flow (GstDebugCategory * category, GstDebugLevel level,
    const gchar * file, const gchar * function, gint line, GObject * object,
    GstDebugMessage * message, gpointer user_data)
{
  Flow *flow = user_data;

  if (strcmp (gst_debug_category_get_name (category),
          "tensorchunker-dataflow") != 0)
    return;
  g_mutex_lock (&flow->lock);
  g_string_append_printf (flow->lines, "%s: %s\n", object ?
      GST_OBJECT_NAME (object) : "?", gst_debug_message_get (message));
  flow->n_lines++;
  g_mutex_unlock (&flow->lock);
}

/* The line the element should have written for each buffer (the object
 * of the line is the internal source pad behind the bin's audio_0). */
static GstPadProbeReturn
on_buffer (GstPad * pad, GstPadProbeInfo * info, Flow * flow)
{
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);

  g_mutex_lock (&flow->lock);
  g_string_append_printf (flow->buffers, "src_audio_0: chunk pts %"
      GST_TIME_FORMAT ", %" G_GUINT64_FORMAT " frames, offset %"
      G_GUINT64_FORMAT "%s\n", GST_TIME_ARGS (GST_BUFFER_PTS (buf)),
      GST_BUFFER_OFFSET_END (buf) - GST_BUFFER_OFFSET (buf),
      GST_BUFFER_OFFSET (buf), GST_BUFFER_IS_DISCONT (buf) ? ", discont" : "");
  g_mutex_unlock (&flow->lock);
  return GST_PAD_PROBE_OK;
}

/* One line per chunk pushed: its pad, PTS, frames and offset, as the
 * buffer that reached the sink has them. */
GST_START_TEST (test_log_dataflow)
{
  gchar *wav = tc_test_media ("tone16k.wav");
  gchar *desc = g_strdup_printf ("tensorchunker location=%s name=t "
      "t.audio_0 ! fakesink name=s", wav);
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GstElement *sink;
  GstPad *pad;
  GstMessage *msg;
  Flow flow = { {0}, g_string_new (NULL), 0, g_string_new (NULL) };

  fail_unless (pipeline != NULL);
  g_mutex_init (&flow.lock);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "s");
  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER,
      (GstPadProbeCallback) on_buffer, &flow, NULL);
  gst_object_unref (pad);
  gst_object_unref (sink);
  gst_debug_set_threshold_for_name ("tensorchunker-dataflow", GST_LEVEL_LOG);
  gst_debug_add_log_function (collect_flow, &flow, NULL);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (pipeline),
      30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_debug_remove_log_function (collect_flow);
  gst_debug_set_threshold_for_name ("tensorchunker-dataflow", GST_LEVEL_NONE);

  /* 1 s at 16 kHz in chunks of 1024: 16, the last short */
  fail_unless_equals_int (flow.n_lines, 16);
  fail_unless_equals_string (flow.lines->str, flow.buffers->str);
  fail_unless (strstr (flow.lines->str, "src_audio_0: chunk pts 0:00:00.0"
          "00000000, 1024 frames, offset 0, discont\n") != NULL, "%s",
      flow.lines->str);

  tc_test_destroy (pipeline, NULL);
  g_string_free (flow.lines, TRUE);
  g_string_free (flow.buffers, TRUE);
  g_mutex_clear (&flow.lock);
  g_free (desc);
  g_free (wav);
}

GST_END_TEST;

static Suite *
logging_suite (void)
{
  Suite *s = suite_create ("logging");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_log_categories);
  tcase_add_test (tc, test_log_threshold);
  tcase_add_test (tc, test_log_dataflow);
  return s;
}

TC_TEST_MAIN (logging);
