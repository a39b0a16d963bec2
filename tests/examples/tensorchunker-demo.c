/* tensorchunker-demo: turn a media source into tensor chunks and print them
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
 * The README's main job.  Without arguments it reads a synthetic lavfi graph
 * (a test pattern and a tone), so no media file is needed:
 *
 *   tensorchunker-demo
 *   tensorchunker-demo --location in.mp4 --audio-rate 8000 --audio-frames 8000
 *
 * Each chunk is printed as "pad  dims  type  pts".  The pipeline is
 *
 *   tensorchunker ─audio_0─▶ appsink
 *                 └video_0─▶ appsink
 */

#include <gst/gst.h>
#include <gst/app/gstappsink.h>

#include <stdlib.h>

#define DEFAULT_LOCATION \
  "testsrc2=size=320x240:rate=25:duration=2[out0];" \
  "sine=frequency=440:sample_rate=16000:duration=2[out1]"

typedef struct
{
  GMainLoop *loop;
  gint running;                 /* sinks that have not reached EOS */
  guint chunks;
} Demo;

static gchar *
dims_to_string (const GstStructure * s)
{
  const GValue *dims = gst_structure_get_value (s, "dims");
  GString *str = g_string_new ("(");
  guint i, n = dims ? gst_value_array_get_size (dims) : 0;

  for (i = 0; i < n; i++)
    g_string_append_printf (str, "%s%d", i ? ", " : "",
        g_value_get_int (gst_value_array_get_value (dims, i)));
  g_string_append_c (str, ')');
  return g_string_free (str, FALSE);
}

static GstFlowReturn
on_new_sample (GstAppSink * sink, gpointer user_data)
{
  Demo *demo = user_data;
  GstSample *sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buf;
  const GstStructure *s;
  gchar *dims;

  if (sample == NULL)
    return GST_FLOW_EOS;
  buf = gst_sample_get_buffer (sample);
  s = gst_caps_get_structure (gst_sample_get_caps (sample), 0);
  dims = dims_to_string (s);
  g_print ("%-8s %-22s %-8s pts %" GST_TIME_FORMAT "\n",
      GST_ELEMENT_NAME (sink), dims, gst_structure_get_string (s, "type"),
      GST_TIME_ARGS (GST_BUFFER_PTS (buf)));
  g_free (dims);
  g_atomic_int_inc ((gint *) & demo->chunks);
  gst_sample_unref (sample);
  return GST_FLOW_OK;
}

static void
on_eos (GstAppSink * sink, gpointer user_data)
{
  Demo *demo = user_data;

  if (g_atomic_int_dec_and_test (&demo->running))
    g_main_loop_quit (demo->loop);
}

static gboolean
on_bus_message (GstBus * bus, GstMessage * msg, gpointer user_data)
{
  Demo *demo = user_data;

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *err = NULL;
    gchar *dbg = NULL;

    gst_message_parse_error (msg, &err, &dbg);
    g_printerr ("ERROR from %s: %s\n%s\n", GST_OBJECT_NAME (msg->src),
        err->message, dbg ? dbg : "");
    g_clear_error (&err);
    g_free (dbg);
    demo->running = -1;
    if (demo->loop)
      g_main_loop_quit (demo->loop);
  }
  return TRUE;
}

/* Requests a pad of the given template, names the sink after it, links. */
static gboolean
add_output (GstElement * pipeline, GstElement * tc, const gchar * templ,
    Demo * demo, GstPad ** out_pad)
{
  GstAppSinkCallbacks callbacks = {
    .eos = on_eos,
    .new_sample = on_new_sample,
  };
  GstPad *pad, *sinkpad;
  GstElement *sink;

  pad = gst_element_request_pad_simple (tc, templ);
  if (pad == NULL)
    return FALSE;
  sink = gst_element_factory_make ("appsink", GST_PAD_NAME (pad));
  g_object_set (sink, "sync", FALSE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, demo, NULL);
  gst_bin_add (GST_BIN (pipeline), sink);
  sinkpad = gst_element_get_static_pad (sink, "sink");
  gst_pad_link (pad, sinkpad);
  gst_object_unref (sinkpad);
  demo->running++;
  *out_pad = pad;
  return TRUE;
}

int
main (int argc, char **argv)
{
  gchar *location = NULL, *format = NULL;
  gint audio_rate = 16000, audio_frames = 16000;
  gint video_frames = 25, width = 0, height = 0;
  gboolean no_audio = FALSE, no_video = FALSE;
  GOptionEntry entries[] = {
    {"location", 'l', 0, G_OPTION_ARG_STRING, &location,
        "What to open (default: a lavfi test pattern and tone)", "URI"},
    {"format", 'f', 0, G_OPTION_ARG_STRING, &format,
        "Input format, as ffmpeg -f (default: lavfi with the default source)",
        "FMT"},
    {"audio-rate", 0, 0, G_OPTION_ARG_INT, &audio_rate,
        "Audio sample rate (0: the source's)", "HZ"},
    {"audio-frames", 0, 0, G_OPTION_ARG_INT, &audio_frames,
        "Audio frames per chunk", "N"},
    {"video-frames", 0, 0, G_OPTION_ARG_INT, &video_frames,
        "Video frames per chunk", "N"},
    {"width", 0, 0, G_OPTION_ARG_INT, &width, "Video width (0: source)", "W"},
    {"height", 0, 0, G_OPTION_ARG_INT, &height, "Video height (0: source)",
        "H"},
    {"no-audio", 0, 0, G_OPTION_ARG_NONE, &no_audio, "No audio output", NULL},
    {"no-video", 0, 0, G_OPTION_ARG_NONE, &no_video, "No video output", NULL},
    {NULL}
  };
  GOptionContext *ctx;
  GError *err = NULL;
  GstElement *pipeline, *tc;
  GstPad *apad = NULL, *vpad = NULL;
  GstBus *bus;
  guint watch = 0;
  Demo demo = { NULL, 0, 0 };
  int ret = EXIT_FAILURE;

  ctx = g_option_context_new ("- print the tensor chunks of a media source");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, &err)) {
    g_printerr ("%s\n", err->message);
    g_clear_error (&err);
    g_option_context_free (ctx);
    return EXIT_FAILURE;
  }
  g_option_context_free (ctx);

  if (location == NULL) {
    location = g_strdup (DEFAULT_LOCATION);
    if (format == NULL)
      format = g_strdup ("lavfi");
  }

  pipeline = gst_pipeline_new ("demo");
  tc = gst_element_factory_make ("tensorchunker", "tc");
  if (tc == NULL) {
    g_printerr ("No tensorchunker element: is the plugin on "
        "GST_PLUGIN_PATH?\n");
    goto done;
  }
  g_object_set (tc, "location", location, NULL);
  if (format)
    g_object_set (tc, "format", format, NULL);
  gst_bin_add (GST_BIN (pipeline), tc);

  /* The source opens in READY: its streams can be looked at before any
   * output is asked for. */
  if (gst_element_set_state (pipeline,
          GST_STATE_READY) == GST_STATE_CHANGE_FAILURE) {
    g_printerr ("Could not open %s\n", location);
    goto print_error;
  }
  {
    gint a = -1, v = -1;

    g_object_get (tc, "default-audio-stream", &a, "default-video-stream",
        &v, NULL);
    g_print ("source: %s\ndefault audio stream %d, video stream %d\n",
        location, a, v);
    no_audio |= a < 0;
    no_video |= v < 0;
  }

  demo.loop = g_main_loop_new (NULL, FALSE);
  if (!no_audio) {
    if (!add_output (pipeline, tc, "audio_%u", &demo, &apad))
      goto done;
    g_object_set (apad, "sample-rate", audio_rate, "frames-per-chunk",
        audio_frames, NULL);
  }
  if (!no_video) {
    if (!add_output (pipeline, tc, "video_%u", &demo, &vpad))
      goto done;
    g_object_set (vpad, "frames-per-chunk", video_frames, "width", width,
        "height", height, NULL);
  }
  if (demo.running == 0) {
    g_printerr ("The source has neither audio nor video\n");
    goto done;
  }

  bus = gst_element_get_bus (pipeline);
  watch = gst_bus_add_watch (bus, on_bus_message, &demo);
  gst_object_unref (bus);

  g_print ("%-8s %-22s %-8s %s\n", "pad", "dims", "type", "pts");
  if (gst_element_set_state (pipeline,
          GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    goto print_error;
  g_main_loop_run (demo.loop);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (demo.running == 0) {
    g_print ("%u chunks\n", demo.chunks);
    /* A source that ends without a single chunk is a failure of the job. */
    if (demo.chunks > 0)
      ret = EXIT_SUCCESS;
  }
  goto done;

print_error:
  bus = gst_element_get_bus (pipeline);
  {
    GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

    if (msg) {
      on_bus_message (bus, msg, &demo);
      gst_message_unref (msg);
    }
  }
  gst_object_unref (bus);

done:
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (apad) {
    gst_element_release_request_pad (tc, apad);
    gst_object_unref (apad);
  }
  if (vpad) {
    gst_element_release_request_pad (tc, vpad);
    gst_object_unref (vpad);
  }
  /* the watch is a source of the default main context, which outlives
   * the loop: it holds the bus until removed */
  if (watch)
    g_source_remove (watch);
  gst_object_unref (pipeline);
  if (demo.loop)
    g_main_loop_unref (demo.loop);
  g_free (location);
  g_free (format);
  /* everything is freed: with GST_TRACERS=leaks an object still alive is
   * reported here (the examples' tests make that fatal) */
  gst_deinit ();
  return ret;
}
