/* tensorchunker element fuzz target: arbitrary bytes through the sink pad
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
 * One input is a 1-byte mode followed by the media bytes, fed by an appsrc
 * (format=bytes) into tensorchunker's sink pad:
 *
 *   byte 0 % 3 == 0  pull mode: stream-type=random-access, every range the
 *                    element pulls answered from the input (seek-data);
 *              == 1  push mode that seeks: stream-type=seekable, the BYTES
 *                    seeks the element sends upstream answered likewise;
 *              == 2  plain push: stream-type=stream, all bytes queued, EOS.
 *
 * The element has an audio output (8000 Hz) and a video output (64x64)
 * into fakesinks.  A run ends at EOS or ERROR, or after RUN_TIMEOUT of
 * wall time (the run is then stopped: an input that stalls the element is
 * not a crash by itself, only one that hangs the state change to NULL is,
 * which libFuzzer's -timeout catches).  Then everything is set to NULL
 * and freed, so the leak checker sees what one run leaves behind.
 *
 * The plugin is loaded from the file TC_FUZZ_PLUGIN names (meson passes
 * the fuzz build's instrumented module, or the ordinary build's plugin for
 * the replay driver), not found in the registry.  GLib criticals and
 * warnings abort: a g_return_if_fail() the element hits is a bug.
 */

#include <stdint.h>

#include <gst/gst.h>

#include "tcfeed.h"

#define RUN_TIMEOUT (5 * GST_SECOND)
#define BLOCK_SIZE 4096

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t * data, size_t size);

static void
queue_all (GstElement * appsrc, TcFeed * in)
{
  GstFlowReturn ret;
  guint64 off;

  /* appsrc holds them all before the run starts */
  g_object_set (appsrc, "max-bytes", in->size + 1, NULL);
  for (off = 0; off < in->size; off += BLOCK_SIZE) {
    GstBuffer *buf = gst_buffer_new_memdup (in->data + off,
        MIN (BLOCK_SIZE, in->size - off));

    g_signal_emit_by_name (appsrc, "push-buffer", buf, &ret);
    gst_buffer_unref (buf);
  }
  g_signal_emit_by_name (appsrc, "end-of-stream", &ret);
}

static GstElement *
make_feed (guint mode, TcFeed * in)
{
  static const gint stream_types[] = { 2 /* random-access */ ,
    1 /* seekable */ , 0        /* stream */
  };
  GstElement *appsrc = gst_element_factory_make ("appsrc", "feed");

  g_assert (appsrc != NULL);
  g_object_set (appsrc, "stream-type", stream_types[mode], "format",
      GST_FORMAT_BYTES, "size", (gint64) in->size, NULL);
  if (mode == 2) {
    queue_all (appsrc, in);
  } else {
    tc_feed_attach (in, appsrc);
  }
  return appsrc;
}

/* Requests @templ on @tc, sets @prop to @value on it, links it to a new
 * fakesink in @pipeline; returns the pad (the caller releases it). */
static GstPad *
add_output (GstElement * pipeline, GstElement * tc, const gchar * templ,
    const gchar * prop, gint value, const gchar * prop2)
{
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  GstPad *src = gst_element_request_pad_simple (tc, templ);
  GstPad *sinkpad;

  g_assert (sink != NULL && src != NULL);
  g_object_set (sink, "sync", FALSE, NULL);
  g_object_set (src, prop, value, NULL);
  if (prop2 != NULL)
    g_object_set (src, prop2, value, NULL);
  gst_bin_add (GST_BIN (pipeline), sink);
  sinkpad = gst_element_get_static_pad (sink, "sink");
  g_assert (gst_pad_link (src, sinkpad) == GST_PAD_LINK_OK);
  gst_object_unref (sinkpad);
  return src;
}

static void
run (GstElement * pipeline)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, RUN_TIMEOUT,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  GST_INFO ("run ended with %" GST_PTR_FORMAT, msg);
  if (msg != NULL)
    gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_bus_set_flushing (bus, TRUE);
  gst_object_unref (bus);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  const gchar *path = g_getenv ("TC_FUZZ_PLUGIN");
  GstPlugin *plugin;
  GError *err = NULL;

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  gst_init (argc, argv);
  if (path == NULL)
    path = TC_FUZZ_PLUGIN;
  plugin = gst_plugin_load_file (path, &err);
  if (plugin == NULL)
    g_error ("cannot load %s: %s", path, err->message);
  gst_object_unref (plugin);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  GstElement *pipeline, *tc, *feed;
  GstPad *audio, *video;
  TcFeed in;

  if (size < 1)
    return 0;
  tc_feed_init (&in, data + 1, size - 1);

  pipeline = gst_pipeline_new (NULL);
  tc = gst_element_factory_make ("tensorchunker", "tc");
  g_assert (tc != NULL);
  feed = make_feed (data[0] % 3, &in);
  gst_bin_add_many (GST_BIN (pipeline), feed, tc, NULL);
  g_assert (gst_element_link (feed, tc));
  audio = add_output (pipeline, tc, "audio_%u", "sample-rate", 8000, NULL);
  video = add_output (pipeline, tc, "video_%u", "width", 64, "height");

  run (pipeline);

  gst_element_release_request_pad (tc, audio);
  gst_element_release_request_pad (tc, video);
  gst_object_unref (audio);
  gst_object_unref (video);
  gst_object_unref (pipeline);
  tc_feed_clear (&in);
  return 0;
}
