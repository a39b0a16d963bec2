/* tutorial: the seed's StreamReader tutorial, Pt. 1, with tensorchunker
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
 * The program that docs/tutorial.md walks through, step by step: opening
 * sources, checking their streams, the default streams, configuring,
 * checking and removing outputs, seeking, streaming.  The tutorial quotes
 * its functions and its output; a test checks that the quotes are current.
 *
 *   tutorial [MEDIA_DIR]
 *
 * MEDIA_DIR (default: $TC_TEST_MEDIA) holds the files that
 * tests/media/make_media.sh generates: seed14.mp4 (14 s of 1080p H.264 and
 * AAC 48 kHz stereo) and tone16k.s16 (headerless 16-bit PCM).
 */

#include <gst/gst.h>
#include <gst/app/gstappsink.h>

#include <stdlib.h>

#define TIMEOUT (60 * GST_SECOND)

/* Prints what the bus says went wrong, if anything. */
static gboolean
print_error (GstElement * pipeline)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  GError *err = NULL;

  gst_object_unref (bus);
  if (msg == NULL)
    return FALSE;
  gst_message_parse_error (msg, &err, NULL);
  g_printerr ("ERROR from %s: %s\n", GST_OBJECT_NAME (msg->src),
      err->message);
  g_clear_error (&err);
  gst_message_unref (msg);
  return TRUE;
}

/* Step 1: opening the source.  @format and @options are optional: FFmpeg
 * probes the format when it is not given.  The source opens in the NULL
 * to READY state change. */
static GstElement *
open_source (const gchar * location, const gchar * format,
    const gchar * options, GstElement ** pipeline)
{
  GstElement *tc = gst_element_factory_make ("tensorchunker", "tc");

  g_object_set (tc, "location", location, NULL);
  if (format != NULL)
    g_object_set (tc, "format", format, NULL);
  if (options != NULL) {
    GstStructure *s = gst_structure_from_string (options, NULL);

    g_object_set (tc, "options", s, NULL);
    gst_structure_free (s);
  }

  *pipeline = gst_pipeline_new (NULL);
  gst_bin_add (GST_BIN (*pipeline), tc);
  if (gst_element_set_state (*pipeline,
          GST_STATE_READY) == GST_STATE_CHANGE_FAILURE) {
    print_error (*pipeline);
    gst_object_unref (*pipeline);
    *pipeline = NULL;
    return NULL;
  }
  return tc;
}

/* One field of a source stream, as "name: value"; strings unquoted, the
 * metadata structure as "key=value, ...". */
static gboolean
print_field (GQuark field, const GValue * value, gpointer user_data)
{
  gchar *s;

  if (G_VALUE_HOLDS_STRING (value)) {
    s = g_value_dup_string (value);
  } else if (GST_VALUE_HOLDS_STRUCTURE (value)) {
    const GstStructure *md = gst_value_get_structure (value);
    GString *str = g_string_new (NULL);
    guint i;

    for (i = 0; i < (guint) gst_structure_n_fields (md); i++) {
      const gchar *key = gst_structure_nth_field_name (md, i);
      const gchar *v = gst_structure_get_string (md, key);

      g_string_append_printf (str, "%s%s=%s", i ? ", " : "", key,
          v ? v : "?");
    }
    s = g_string_free (str, FALSE);
  } else {
    s = gst_value_serialize (value);
  }
  g_print ("  %16s: %s\n", g_quark_to_string (field), s);
  g_free (s);
  return TRUE;
}

/* Step 2: checking the source streams.  source-streams holds one
 * GstStructure per stream of the source, once it is open. */
static void
print_source_streams (GstElement * tc)
{
  GValue streams = G_VALUE_INIT;
  guint i, n;

  g_value_init (&streams, GST_TYPE_ARRAY);
  g_object_get_property (G_OBJECT (tc), "source-streams", &streams);
  n = gst_value_array_get_size (&streams);
  g_print ("%u source streams\n", n);
  for (i = 0; i < n; i++) {
    const GstStructure *s =
        gst_value_get_structure (gst_value_array_get_value (&streams, i));

    g_print ("source stream %u:\n", i);
    gst_structure_foreach (s, print_field, NULL);
  }
  g_value_unset (&streams);
}

/* Step 3: the default streams: FFmpeg's best audio and video streams, -1
 * when the source has none.  A pad whose stream-index is -1 reads them. */
static void
print_default_streams (GstElement * tc)
{
  gint audio, video;

  g_object_get (tc, "default-audio-stream", &audio,
      "default-video-stream", &video, NULL);
  g_print ("default audio stream: %d\ndefault video stream: %d\n", audio,
      video);
}

/* Opens a source, prints its streams and default streams, closes it. */
static gboolean
show_source (const gchar * location, const gchar * format,
    const gchar * options)
{
  GstElement *pipeline, *tc;

  g_print ("\n== %s%s%s\n", location, format ? ", format " : "",
      format ? format : "");
  tc = open_source (location, format, options, &pipeline);
  if (tc == NULL)
    return FALSE;
  print_source_streams (tc);
  print_default_streams (tc);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  return TRUE;
}

/* Step 4: configuring an output stream: request a pad of the media type,
 * set its properties, link it to an appsink. */
static GstPad *
add_output (GstElement * pipeline, GstElement * tc, const gchar * templ,
    const gchar * first_property, ...)
{
  GstPad *pad = gst_element_request_pad_simple (tc, templ);
  GstElement *sink = gst_element_factory_make ("appsink", NULL);
  GstPad *sinkpad = gst_element_get_static_pad (sink, "sink");
  va_list args;

  va_start (args, first_property);
  g_object_set_valist (G_OBJECT (pad), first_property, args);
  va_end (args);

  g_object_set (sink, "sync", FALSE, "max-buffers", 3, NULL);
  gst_bin_add (GST_BIN (pipeline), sink);
  gst_pad_link (pad, sinkpad);
  gst_object_unref (sinkpad);
  return pad;
}

/* Step 5: checking the output streams.  Once the pipeline is PAUSED each
 * pad tells the source stream it reads, the exact libavfilter chain, and
 * its caps: the tensor's type and shape. */
static void
print_output (GstPad * pad)
{
  gint source_index;
  gchar *filter, *caps_str;
  GstCaps *caps = gst_pad_get_current_caps (pad);

  g_object_get (pad, "source-index", &source_index, "filter-description",
      &filter, NULL);
  caps_str = gst_caps_to_string (caps);
  g_print ("%s: source-index %d, filter-description \"%s\"\n  caps %s\n",
      GST_PAD_NAME (pad), source_index, filter, caps_str);
  g_free (caps_str);
  g_free (filter);
  gst_caps_unref (caps);
}

/* Step 6: removing an output stream: release its pad.  Stop the sink it
 * feeds first: in PAUSED a prerolled sink holds the output's streaming
 * thread, which the release waits for. */
static void
remove_output (GstElement * tc, GstPad * pad)
{
  GstPad *peer = gst_pad_get_peer (pad);
  GstElement *sink = gst_pad_get_parent_element (peer);

  gst_element_set_state (sink, GST_STATE_NULL);
  gst_element_release_request_pad (tc, pad);
  gst_object_unref (pad);
  gst_bin_remove (GST_BIN (GST_ELEMENT_PARENT (sink)), sink);
  gst_object_unref (sink);
  gst_object_unref (peer);
}

/* Step 7: seeking, like the seed's streamer.seek(10.0): a flushing TIME
 * seek, to the key frame at or before the target (add
 * GST_SEEK_FLAG_ACCURATE to start at the target itself). */
static gboolean
seek_to (GstElement * pipeline, gdouble seconds)
{
  if (!gst_element_seek_simple (pipeline, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_KEY_UNIT,
          (GstClockTime) (seconds * GST_SECOND)))
    return FALSE;
  /* The flushing seek prerolls again: wait for it. */
  return gst_element_get_state (pipeline, NULL, NULL,
      TIMEOUT) == GST_STATE_CHANGE_SUCCESS;
}

/* Step 8: streaming.  Each iteration takes one chunk of each output, as the
 * seed's stream() does, and prints its shape, type and time. */
static gboolean
stream (GstElement * pipeline, GstPad ** pads, guint n_pads,
    guint iterations)
{
  guint i, p, d;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  for (i = 0; i < iterations; i++) {
    g_print ("iteration %u:\n", i);
    for (p = 0; p < n_pads; p++) {
      GstPad *peer = gst_pad_get_peer (pads[p]);
      GstAppSink *sink = GST_APP_SINK (GST_OBJECT_PARENT (peer));
      GstSample *sample = gst_app_sink_try_pull_sample (sink, TIMEOUT);
      const GstStructure *s;
      const GValue *dims;
      GstBuffer *buf;

      gst_object_unref (peer);
      if (sample == NULL)
        return FALSE;
      s = gst_caps_get_structure (gst_sample_get_caps (sample), 0);
      dims = gst_structure_get_value (s, "dims");
      buf = gst_sample_get_buffer (sample);
      g_print ("  %s: (", GST_PAD_NAME (pads[p]));
      for (d = 0; d < gst_value_array_get_size (dims); d++)
        g_print ("%s%d", d ? ", " : "",
            g_value_get_int (gst_value_array_get_value (dims, d)));
      g_print (") %s, %" G_GSIZE_FORMAT " bytes, pts %.3f s\n",
          gst_structure_get_string (s, "type"), gst_buffer_get_size (buf),
          (gdouble) GST_BUFFER_PTS (buf) / GST_SECOND);
      gst_sample_unref (sample);
    }
  }
  return TRUE;
}

int
main (int argc, char **argv)
{
  const gchar *media;
  gchar *seed, *raw;
  GstElement *pipeline = NULL, *tc = NULL;
  GstPad *pads[3], *extra;
  guint i;
  int ret = EXIT_FAILURE;

  gst_init (&argc, &argv);
  media = argc > 1 ? argv[1] : g_getenv ("TC_TEST_MEDIA");
  if (media == NULL) {
    g_printerr ("usage: %s MEDIA_DIR (or set TC_TEST_MEDIA)\n", argv[0]);
    return EXIT_FAILURE;
  }
  {
    GstElementFactory *f = gst_element_factory_find ("tensorchunker");

    if (f == NULL) {
      g_printerr ("No tensorchunker element: install the plugin, or put its "
          "build directory on GST_PLUGIN_PATH\n");
      return EXIT_FAILURE;
    }
    gst_object_unref (f);
  }
  seed = g_build_filename (media, "seed14.mp4", NULL);
  raw = g_build_filename (media, "tone16k.s16", NULL);

  g_print ("# Steps 1-3: sources, their streams, their default streams\n");
  if (!show_source (seed, NULL, NULL) ||
      !show_source ("sine=frequency=440:sample_rate=8000:duration=2",
          "lavfi", NULL) ||
      !show_source (raw, "s16le", "options, sample_rate=(string)16000"))
    goto done;

  g_print ("\n# Step 4: the seed's three outputs, and a fourth\n");
  tc = open_source (seed, NULL, NULL, &pipeline);
  if (tc == NULL)
    goto done;
  pads[0] = add_output (pipeline, tc, "audio_%u", "frames-per-chunk", 8000,
      "sample-rate", 8000, NULL);
  pads[1] = add_output (pipeline, tc, "video_%u", "frames-per-chunk", 1,
      "frame-rate", 1, 1, "width", 960, "height", 540, "format", "rgb24",
      NULL);
  pads[2] = add_output (pipeline, tc, "video_%u", "frames-per-chunk", 3,
      "frame-rate", 3, 1, "width", 320, "height", 320, "format", "gray",
      NULL);
  extra = add_output (pipeline, tc, "audio_%u", "sample-rate", 16000, NULL);

  g_print ("\n# Step 5: checking the outputs (in PAUSED)\n");
  gst_element_set_state (pipeline, GST_STATE_PAUSED);
  if (gst_element_get_state (pipeline, NULL, NULL,
          TIMEOUT) != GST_STATE_CHANGE_SUCCESS)
    goto error;
  g_print ("outputs: %d\n", tc->numsrcpads);
  for (i = 0; i < G_N_ELEMENTS (pads); i++)
    print_output (pads[i]);
  print_output (extra);

  g_print ("\n# Step 6: removing the fourth\n");
  remove_output (tc, extra);
  g_print ("outputs: %d\n", tc->numsrcpads);

  g_print ("\n# Steps 7-8: seek to 10 s, stream 3 iterations\n");
  if (!seek_to (pipeline, 10.0) ||
      !stream (pipeline, pads, G_N_ELEMENTS (pads), 3))
    goto error;
  ret = EXIT_SUCCESS;
  goto done;

error:
  if (!print_error (pipeline))
    g_printerr ("the pipeline did not answer within %d s\n",
        (int) (TIMEOUT / GST_SECOND));
done:
  if (pipeline) {
    gst_element_set_state (pipeline, GST_STATE_NULL);
    for (i = 0; i < G_N_ELEMENTS (pads); i++) {
      gst_element_release_request_pad (tc, pads[i]);
      gst_object_unref (pads[i]);
    }
    gst_object_unref (pipeline);
  }
  g_free (seed);
  g_free (raw);
  /* everything is freed: with GST_TRACERS=leaks an object still alive is
   * reported here (the examples' tests make that fatal) */
  gst_deinit ();
  return ret;
}
