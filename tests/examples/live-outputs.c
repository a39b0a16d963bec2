/* Adds an output to a running live graph, then removes it.
 * Copyright (C) 2026 The gst-tensorchunker authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   live-outputs [lavfi | x11grab]
 *
 * A live tensorchunker (a lavfi test pattern read in real time, or the X
 * screen of $DISPLAY) runs with one video output, video_0; once it has
 * given 3 chunks a second output, video_1 (gray, 32x24), is requested,
 * set up and linked while PLAYING; after 3 chunks of its own it is
 * released, and video_0 goes on.  Every chunk is printed as
 * "PAD PTS-IN-NS OFFSET DIMS FLAGS", and each step as a line of its own
 * (tests/examples/check_live_outputs.py checks what it prints).
 * Exits 77 (skipped) for x11grab without a $DISPLAY.
 */

#include <gst/gst.h>
#include <gst/app/gstappsink.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  GMutex lock;
  GCond cond;
  guint n[2];                   /* chunks of video_0, video_1 */
} Counts;

static Counts counts;

static GstFlowReturn
on_sample (GstAppSink * sink, gpointer user_data)
{
  guint which = GPOINTER_TO_UINT (user_data);
  GstSample *sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  const GValue *dims = gst_structure_get_value (gst_caps_get_structure
      (gst_sample_get_caps (sample), 0), "dims");
  GString *d = g_string_new ("<");
  guint i;

  for (i = 0; i < gst_value_array_get_size (dims); i++)
    g_string_append_printf (d, "%s%d", i ? ", " : "",
        g_value_get_int (gst_value_array_get_value (dims, i)));
  g_string_append_c (d, '>');

  g_mutex_lock (&counts.lock);
  printf ("video_%u %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %s%s\n",
      which, GST_BUFFER_PTS (buffer), GST_BUFFER_OFFSET (buffer), d->str,
      GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DISCONT) ?
      " discont" : "");
  fflush (stdout);
  counts.n[which]++;
  g_cond_broadcast (&counts.cond);
  g_mutex_unlock (&counts.lock);
  g_string_free (d, TRUE);
  gst_sample_unref (sample);
  return GST_FLOW_OK;
}

/* Waits until output @which has given @n chunks; FALSE after 20 s. */
static gboolean
wait_chunks (guint which, guint n)
{
  gint64 end = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  gboolean ok = TRUE;

  g_mutex_lock (&counts.lock);
  while (ok && counts.n[which] < n)
    ok = g_cond_wait_until (&counts.cond, &counts.lock, end);
  g_mutex_unlock (&counts.lock);
  return ok;
}

/* A sink for output @which, in @pipeline and in its state, linked to
 * @pad: an application adds a branch to a playing pipeline this way. */
static GstElement *
add_sink (GstElement * pipeline, GstPad * pad, guint which)
{
  GstAppSinkCallbacks callbacks = { 0 };
  GstElement *sink = gst_element_factory_make ("appsink", NULL);
  GstPad *sinkpad;

  callbacks.new_sample = on_sample;
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks,
      GUINT_TO_POINTER (which), NULL);
  g_object_set (sink, "sync", FALSE, NULL);
  gst_bin_add (GST_BIN (pipeline), sink);
  gst_element_sync_state_with_parent (sink);
  sinkpad = gst_element_get_static_pad (sink, "sink");
  if (gst_pad_link (pad, sinkpad) != GST_PAD_LINK_OK)
    g_error ("could not link %s", GST_PAD_NAME (pad));
  gst_object_unref (sinkpad);
  return sink;
}

static GstElement *
make_source (const gchar * kind)
{
  GstElement *tc = gst_element_factory_make ("tensorchunker", "t");

  if (tc == NULL)
    g_error ("no tensorchunker element (GST_PLUGIN_PATH?)");
  if (strcmp (kind, "x11grab") == 0) {
    GstStructure *options = gst_structure_new ("options", "video_size",
        G_TYPE_STRING, "160x120", "framerate", G_TYPE_STRING, "10", NULL);

    g_object_set (tc, "format", "x11grab", "location", g_getenv ("DISPLAY"),
        "options", options, NULL);
    gst_structure_free (options);
  } else {
    g_object_set (tc, "format", "lavfi", "location",
        "testsrc2=size=160x120:rate=10", "is-live", TRUE, NULL);
  }
  return tc;
}

int
main (int argc, char **argv)
{
  const gchar *kind = argc > 1 ? argv[1] : "lavfi";
  GstElement *pipeline, *tc, *sink1;
  GstPad *video0, *video1;
  guint n0;
  int ret = 1;

  if (strcmp (kind, "x11grab") == 0 && g_getenv ("DISPLAY") == NULL) {
    printf ("SKIP: no DISPLAY for x11grab\n");
    return g_strcmp0 (g_getenv ("TC_REQUIRE_SERVICES"), "1") == 0 ? 1 : 77;
  }
  gst_init (&argc, &argv);
  g_mutex_init (&counts.lock);
  g_cond_init (&counts.cond);

  pipeline = gst_pipeline_new (NULL);
  tc = make_source (kind);
  gst_bin_add (GST_BIN (pipeline), tc);
  video0 = gst_element_request_pad_simple (tc, "video_%u");
  g_object_set (video0, "frames-per-chunk", 2, NULL);
  add_sink (pipeline, video0, 0);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  if (!wait_chunks (0, 3))
    goto timeout;

  /* the new output: requested, set up, then linked, while PLAYING */
  printf ("adding video_1\n");
  video1 = gst_element_request_pad_simple (tc, "video_%u");
  g_object_set (video1, "format", "gray", "width", 32, "height", 24,
      "frames-per-chunk", 2, NULL);
  sink1 = add_sink (pipeline, video1, 1);
  if (!wait_chunks (1, 3))
    goto timeout;

  printf ("releasing video_1\n");
  fflush (stdout);
  gst_element_release_request_pad (tc, video1);
  gst_object_unref (video1);
  printf ("released video_1\n");
  gst_element_set_locked_state (sink1, TRUE);
  gst_element_set_state (sink1, GST_STATE_NULL);
  gst_bin_remove (GST_BIN (pipeline), sink1);
  g_mutex_lock (&counts.lock);
  n0 = counts.n[0];
  g_mutex_unlock (&counts.lock);
  if (!wait_chunks (0, n0 + 3))
    goto timeout;
  printf ("done\n");
  ret = 0;
  goto out;

timeout:
  printf ("timeout: no chunks for 20 s\n");
out:
  fflush (stdout);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (video0);
  gst_object_unref (pipeline);
  /* the leaks tracer (GST_TRACERS=leaks in the test) reports here */
  gst_deinit ();
  return ret;
}
