/* GStreamer tensorchunker: bad input must end in an error a user can act on
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

#include <string.h>

#include <gst/check/gstcheck.h>

#include "tctest.h"

typedef struct
{
  const gchar *name;
  const gchar *media;           /* a test media file, or NULL */
  const gchar *location;        /* the location when media is NULL */
  const gchar *format;
  const gchar *options;         /* serialised GstStructure */
  const gchar *templ;           /* the one output */
  const gchar *pad_property;    /* one pad setting, or NULL */
  const gchar *pad_value;
    GQuark (*domain) (void);
  gint code;
  const gchar *says;            /* the message names the problem */
} BadInput;

static const BadInput bad_inputs[] = {
  {"missing file", NULL, "/nonexistent/in.mp4", NULL, NULL, "audio_%u",
        NULL, NULL, gst_resource_error_quark, GST_RESOURCE_ERROR_NOT_FOUND,
      "/nonexistent/in.mp4"},
  {"garbage file", "garbage.bin", NULL, NULL, NULL, "audio_%u", NULL, NULL,
      gst_stream_error_quark, GST_STREAM_ERROR_TYPE_NOT_FOUND, "garbage.bin"},
  {"empty file", "empty.bin", NULL, NULL, NULL, "audio_%u", NULL, NULL,
      gst_stream_error_quark, GST_STREAM_ERROR_TYPE_NOT_FOUND, "empty.bin"},
  {"unknown format", "small.mkv", NULL, "nosuchformat", NULL, "audio_%u",
        NULL, NULL, gst_stream_error_quark, GST_STREAM_ERROR_TYPE_NOT_FOUND,
      "nosuchformat"},
  {"unknown option", "small.mkv", NULL, NULL, "options,foo=(string)1",
        "audio_%u", NULL, NULL, gst_resource_error_quark,
      GST_RESOURCE_ERROR_SETTINGS, "'foo'"},
  {"stream index out of range", "small.mkv", NULL, NULL, NULL, "audio_%u",
        "stream-index", "7", gst_resource_error_quark,
      GST_RESOURCE_ERROR_SETTINGS, "audio_0: stream-index 7"},
  {"stream index of another media type", "small.mkv", NULL, NULL, NULL,
        "audio_%u", "stream-index", "0", gst_resource_error_quark,
      GST_RESOURCE_ERROR_SETTINGS, "stream 0 is video"},
  {"audio output on a video-only source", "video_only.mp4", NULL, NULL, NULL,
        "audio_%u", NULL, NULL, gst_resource_error_quark,
      GST_RESOURCE_ERROR_SETTINGS, "no audio stream"},
  {"invalid filter chain", "small.mkv", NULL, NULL, NULL, "video_%u",
        "filter", "nosuchfilter=1", gst_resource_error_quark,
      GST_RESOURCE_ERROR_SETTINGS, "nosuchfilter"},
  {"unknown decoder", "small.mkv", NULL, NULL, NULL, "video_%u", "decoder",
        "nosuchdecoder", gst_stream_error_quark,
      GST_STREAM_ERROR_CODEC_NOT_FOUND, "nosuchdecoder"},
  {"decoder of another media type", "small.mkv", NULL, NULL, NULL,
        "video_%u", "decoder", "vorbis", gst_stream_error_quark,
      GST_STREAM_ERROR_CODEC_NOT_FOUND, "vorbis"},
  {"unknown sample format", "small.mkv", NULL, NULL, NULL, "audio_%u",
        "format", "s17", gst_resource_error_quark,
      GST_RESOURCE_ERROR_SETTINGS, "s17"},
  {"unknown pixel format", "small.mkv", NULL, NULL, NULL, "video_%u",
        "format", "rgb99", gst_resource_error_quark,
      GST_RESOURCE_ERROR_SETTINGS, "rgb99"},
  {"no location", NULL, NULL, NULL, NULL, "video_%u", NULL, NULL,
      gst_resource_error_quark, GST_RESOURCE_ERROR_NOT_FOUND, "No location"},
};

/* A pipeline of tensorchunker and one fakesink; returns the pad. */
static GstPad *
make_pipeline (const BadInput * bad, GstElement ** pipeline, GstElement ** tc)
{
  GstElement *sink;
  GstPad *pad, *sinkpad;

  *pipeline = gst_pipeline_new (NULL);
  *tc = gst_element_factory_make ("tensorchunker", NULL);
  sink = gst_element_factory_make ("fakesink", NULL);
  gst_bin_add_many (GST_BIN (*pipeline), *tc, sink, NULL);

  if (bad->media != NULL) {
    gchar *path = tc_test_media (bad->media);

    g_object_set (*tc, "location", path, NULL);
    g_free (path);
  } else {
    g_object_set (*tc, "location", bad->location, NULL);
  }
  g_object_set (*tc, "format", bad->format, NULL);
  if (bad->options != NULL)
    gst_util_set_object_arg (G_OBJECT (*tc), "options", bad->options);

  pad = gst_element_request_pad_simple (*tc, bad->templ);
  if (bad->pad_property != NULL)
    gst_util_set_object_arg (G_OBJECT (pad), bad->pad_property, bad->pad_value);
  sinkpad = gst_element_get_static_pad (sink, "sink");
  fail_unless_equals_int (gst_pad_link (pad, sinkpad), GST_PAD_LINK_OK);
  gst_object_unref (sinkpad);

  return pad;
}

/* The error must come when the state changes, before any data: the state
 * change fails, one error message says what is wrong. */
static void
expect_error (GstElement * pipeline, const BadInput * bad)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;
  GError *err = NULL;
  gchar *debug = NULL;

  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_PLAYING),
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "%s: no error message", bad->name);
  gst_message_parse_error (msg, &err, &debug);
  GST_INFO ("%s: %s", bad->name, err->message);
  fail_unless (err->domain == bad->domain (), "%s: error in %s",
      bad->name, g_quark_to_string (err->domain));
  fail_unless_equals_int (err->code, bad->code);
  fail_unless (strstr (err->message, bad->says) != NULL,
      "%s: \"%s\" does not say \"%s\"", bad->name, err->message, bad->says);
  g_clear_error (&err);
  g_free (debug);
  gst_message_unref (msg);
  /* and only one */
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg == NULL, "%s: more than one error", bad->name);
  gst_object_unref (bus);
}

GST_START_TEST (test_bad_input)
{
  const BadInput *bad = &bad_inputs[__i__];
  GstElement *pipeline, *tc;
  GstPad *pad;

  pad = make_pipeline (bad, &pipeline, &tc);
  expect_error (pipeline, bad);

  /* again, from READY when the source opened */
  expect_error (pipeline, bad);

  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_NULL),
      GST_STATE_CHANGE_SUCCESS);
  gst_object_unref (pad);
  tc_test_destroy (pipeline, tc);
}

GST_END_TEST;

/* After an error, a corrected setting runs. */
GST_START_TEST (test_recover)
{
  const BadInput *bad = &bad_inputs[5]; /* stream index out of range */
  GstElement *pipeline, *tc;
  GstMessage *msg;
  GstBus *bus;
  GstPad *pad;

  pad = make_pipeline (bad, &pipeline, &tc);
  expect_error (pipeline, bad);

  gst_element_set_state (pipeline, GST_STATE_READY);
  g_object_set (pad, "stream-index", 2, NULL);
  fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  bus = gst_element_get_bus (pipeline);
  msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_object_unref (bus);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pad);
  tc_test_destroy (pipeline, tc);
}

GST_END_TEST;

/* An output nobody links is no error while another is linked; with no
 * output linked, streaming stops with a not-linked flow error. */
GST_START_TEST (test_not_linked)
{
  gchar *path = tc_test_media ("small.mkv");
  GstElement *pipeline, *tc, *sink;
  GstPad *audio, *video, *sinkpad;
  GstMessage *msg;
  GError *err = NULL;
  gchar *debug = NULL;
  GstBus *bus;

  pipeline = gst_pipeline_new (NULL);
  tc = gst_element_factory_make ("tensorchunker", NULL);
  sink = gst_element_factory_make ("fakesink", NULL);
  g_object_set (tc, "location", path, NULL);
  g_free (path);
  gst_bin_add_many (GST_BIN (pipeline), tc, sink, NULL);
  audio = gst_element_request_pad_simple (tc, "audio_%u");
  video = gst_element_request_pad_simple (tc, "video_%u");
  sinkpad = gst_element_get_static_pad (sink, "sink");
  fail_unless_equals_int (gst_pad_link (video, sinkpad), GST_PAD_LINK_OK);
  bus = gst_element_get_bus (pipeline);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  gst_pad_unlink (video, sinkpad);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR);
  gst_message_parse_error (msg, &err, &debug);
  fail_unless (err->domain == GST_STREAM_ERROR);
  fail_unless_equals_int (err->code, GST_STREAM_ERROR_FAILED);
  fail_unless (debug != NULL && strstr (debug, "not-linked") != NULL);
  g_clear_error (&err);
  g_free (debug);
  gst_message_unref (msg);
  /* and only one */
  fail_unless (gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR) == NULL);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  gst_object_unref (bus);
  gst_object_unref (sinkpad);
  gst_object_unref (audio);
  gst_object_unref (video);
  tc_test_destroy (pipeline, tc);
}

GST_END_TEST;

/* Values a GParamSpec range can refuse are refused when set: a warning,
 * and the value stays. */
static void
check_refused (GObject * object, const gchar * property, gboolean above)
{
  GParamSpec *pspec =
      g_object_class_find_property (G_OBJECT_GET_CLASS (object), property);
  GValue before = G_VALUE_INIT, after = G_VALUE_INIT, bad = G_VALUE_INIT;

  fail_unless (pspec != NULL, "no property %s", property);
  g_value_init (&before, pspec->value_type);
  g_value_init (&after, pspec->value_type);
  g_value_init (&bad, G_TYPE_INT64);
  g_object_get_property (object, property, &before);

  /* just outside the paramspec's range */
  if (G_IS_PARAM_SPEC_INT (pspec))
    g_value_set_int64 (&bad, above ? (gint64) G_PARAM_SPEC_INT (pspec)->maximum
        + 1 : (gint64) G_PARAM_SPEC_INT (pspec)->minimum - 1);
  else
    g_value_set_int64 (&bad, above ? (gint64) G_PARAM_SPEC_UINT
        (pspec)->maximum + 1 : (gint64) G_PARAM_SPEC_UINT (pspec)->minimum - 1);
  ASSERT_WARNING (g_object_set_property (object, property, &bad));

  g_object_get_property (object, property, &after);
  fail_unless (gst_value_compare (&before, &after) == GST_VALUE_EQUAL,
      "%s changed", property);
  g_value_unset (&before);
  g_value_unset (&after);
  g_value_unset (&bad);
}

GST_START_TEST (test_refused_values)
{
  GstElement *tc = gst_element_factory_make ("tensorchunker", NULL);
  GstPad *audio = gst_element_request_pad_simple (tc, "audio_%u");
  GstPad *video = gst_element_request_pad_simple (tc, "video_%u");

  check_refused (G_OBJECT (video), "width", TRUE);
  check_refused (G_OBJECT (video), "height", TRUE);
  check_refused (G_OBJECT (video), "width", FALSE);
  check_refused (G_OBJECT (video), "frames-per-chunk", FALSE);
  check_refused (G_OBJECT (audio), "frames-per-chunk", FALSE);
  check_refused (G_OBJECT (audio), "buffer-chunk-size", FALSE);
  check_refused (G_OBJECT (audio), "sample-rate", FALSE);
  /* the core's TC_MAX_SAMPLE_RATE, refused when set */
  check_refused (G_OBJECT (audio), "sample-rate", TRUE);
  check_refused (G_OBJECT (audio), "channels", TRUE);
  check_refused (G_OBJECT (audio), "stream-index", FALSE);

  gst_object_unref (audio);
  gst_object_unref (video);
  tc_test_destroy (tc, NULL);
}

GST_END_TEST;

static Suite *
errors_suite (void)
{
  Suite *s = suite_create ("tensorchunker-errors");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_bad_input, 0, G_N_ELEMENTS (bad_inputs));
  tcase_add_test (tc, test_recover);
  tcase_add_test (tc, test_not_linked);
  tcase_add_test (tc, test_refused_values);
  return s;
}

TC_TEST_MAIN (errors);
