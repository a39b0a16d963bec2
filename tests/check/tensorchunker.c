/* GStreamer tensorchunker element tests
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

#include <math.h>
#include <string.h>

#include <gst/check/gstcheck.h>

#include "tctest.h"

#define TIMEOUT (60 * GST_SECOND)
#define MAX_OUTPUTS 4

typedef struct
{
  GstElement *pipeline;
  GstElement *tc;
  guint n_outputs;
  GstPad *pads[MAX_OUTPUTS];    /* tensorchunker's pads, owned */
  GstElement *sinks[MAX_OUTPUTS];
  TcTestSink *out[MAX_OUTPUTS]; /* what reached each sink */
} Run;

static Run *
run_new (const gchar * media)
{
  Run *run = g_new0 (Run, 1);

  run->pipeline = gst_pipeline_new (NULL);
  run->tc = gst_element_factory_make ("tensorchunker", "tc");
  fail_unless (run->tc != NULL);
  if (media != NULL) {
    gchar *path = tc_test_media (media);

    g_object_set (run->tc, "location", path, NULL);
    g_free (path);
  }
  gst_bin_add (GST_BIN (run->pipeline), run->tc);
  return run;
}

/* Watches @sink, a fakesink already in the pipeline, as output @i. */
static void
run_watch_sink (Run * run, guint i, GstElement * sink)
{
  run->sinks[i] = sink;
  g_object_set (sink, "sync", FALSE, NULL);
  run->out[i] = tc_test_sink_new (sink);
}

/* Requests a pad of @templ ("audio_%u", "video_%u") linked to a new
 * fakesink; returns the pad (owned by the run). */
static GstPad *
run_add_output (Run * run, const gchar * templ)
{
  guint i = run->n_outputs++;
  GstElement *sink;
  GstPad *sinkpad;

  fail_unless (i < MAX_OUTPUTS);
  run->pads[i] = gst_element_request_pad_simple (run->tc, templ);
  fail_unless (run->pads[i] != NULL);
  sink = gst_element_factory_make ("fakesink", NULL);
  gst_bin_add (GST_BIN (run->pipeline), sink);
  sinkpad = gst_element_get_static_pad (sink, "sink");
  fail_unless_equals_int (gst_pad_link (run->pads[i], sinkpad),
      GST_PAD_LINK_OK);
  gst_object_unref (sinkpad);
  run_watch_sink (run, i, sink);
  return run->pads[i];
}

/* Releases output @i: the pad and its sink go. */
static void
run_remove_output (Run * run, guint i)
{
  gst_element_set_state (run->sinks[i], GST_STATE_NULL);
  gst_bin_remove (GST_BIN (run->pipeline), run->sinks[i]);
  run->sinks[i] = NULL;
  gst_element_release_request_pad (run->tc, run->pads[i]);
  gst_clear_object (&run->pads[i]);
}

static void
run_free (Run * run)
{
  guint i;

  gst_element_set_state (run->pipeline, GST_STATE_NULL);
  for (i = 0; i < run->n_outputs; i++) {
    gst_clear_object (&run->pads[i]);
    g_clear_pointer (&run->out[i], tc_test_sink_free);
  }
  /* the bin, its pads, queues and internal source all go with it */
  tc_test_destroy (run->pipeline, run->tc);
  g_free (run);
}

/* Waits for EOS (or fails on an error message). */
static void
run_wait_eos (Run * run)
{
  gst_message_unref (tc_test_pop (run->pipeline, GST_MESSAGE_EOS, TIMEOUT));
}

static void
run_set_state (Run * run, GstState state)
{
  tc_test_set_state (run->pipeline, state, TIMEOUT);
}

/* PLAYING to EOS, then back to NULL. */
static void
run_to_eos (Run * run)
{
  run_set_state (run, GST_STATE_PLAYING);
  run_wait_eos (run);
  run_set_state (run, GST_STATE_NULL);
}

static gboolean
caps_equal_string (GstCaps * caps, const gchar * expected)
{
  GstCaps *want = gst_caps_from_string (expected);
  gchar *a, *b;
  gboolean equal;

  /* Same fields, values and order. */
  a = gst_caps_to_string (caps);
  b = gst_caps_to_string (want);
  equal = strcmp (a, b) == 0;
  if (!equal)
    GST_ERROR ("caps %s, expected %s", a, b);
  g_free (a);
  g_free (b);
  gst_caps_unref (want);
  return equal;
}

/* dims[0] of a sample's caps. */
static gint
sample_frames (GstSample * sample)
{
  const GValue *dims =
      gst_structure_get_value (gst_caps_get_structure (gst_sample_get_caps
          (sample), 0), "dims");

  return g_value_get_int (gst_value_array_get_value (dims, 0));
}

/* product (dims) * size (type) */
static gsize
sample_expected_size (GstSample * sample)
{
  const GstStructure *s = gst_caps_get_structure (gst_sample_get_caps
      (sample), 0);
  const GValue *dims = gst_structure_get_value (s, "dims");
  const gchar *type = gst_structure_get_string (s, "type");
  gsize size = 1;
  guint i;

  for (i = 0; i < gst_value_array_get_size (dims); i++)
    size *= g_value_get_int (gst_value_array_get_value (dims, i));
  if (g_str_equal (type, "float32") || g_str_equal (type, "int32"))
    size *= 4;
  else if (g_str_equal (type, "int16"))
    size *= 2;
  else if (g_str_equal (type, "float64") || g_str_equal (type, "int64"))
    size *= 8;
  return size;
}

static guint
count_events (TcTestSink * out, GstEventType type)
{
  guint i, n = 0;

  for (i = 0; i < out->events->len; i++)
    if (GST_EVENT_TYPE (g_ptr_array_index (out->events, i)) == type)
      n++;
  return n;
}

static GstEvent *
find_event (TcTestSink * out, GstEventType type, guint nth)
{
  guint i;

  for (i = 0; i < out->events->len; i++) {
    GstEvent *event = g_ptr_array_index (out->events, i);

    if (GST_EVENT_TYPE (event) == type && nth-- == 0)
      return event;
  }
  return NULL;
}

/* Element and properties */

GST_START_TEST (test_properties)
{
  GstElement *tc = gst_element_factory_make ("tensorchunker", NULL);
  GstPad *audio, *video, *named;
  GValue streams = G_VALUE_INIT;
  gchar *format = NULL;
  gint last_chunk, stream_index, index;
  guint fpc, chunk_size;
  gboolean is_live;
  GObject *child;

  fail_unless (tc != NULL);
  fail_unless (GST_IS_BIN (tc));
  fail_unless (GST_IS_CHILD_PROXY (tc));

  g_object_get (tc, "format", &format, "is-live", &is_live, "last-chunk",
      &last_chunk, "default-audio-stream", &index, NULL);
  fail_unless (format == NULL);
  fail_if (is_live);
  fail_unless_equals_int (last_chunk, 0);
  fail_unless_equals_int (index, -1);
  g_object_get_property (G_OBJECT (tc), "source-streams", &streams);
  fail_unless_equals_int (gst_value_array_get_size (&streams), 0);
  g_value_unset (&streams);
  gst_util_set_object_arg (G_OBJECT (tc), "last-chunk", "pad");
  g_object_get (tc, "last-chunk", &last_chunk, NULL);
  fail_unless_equals_int (last_chunk, 1);

  audio = gst_element_request_pad_simple (tc, "audio_%u");
  fail_unless (audio != NULL);
  fail_unless_equals_string (GST_PAD_NAME (audio), "audio_0");
  fail_unless (GST_IS_GHOST_PAD (audio));
  fail_unless_equals_string (G_OBJECT_TYPE_NAME (audio),
      "GstTensorChunkerAudioPad");
  g_object_get (audio, "stream-index", &stream_index, "frames-per-chunk",
      &fpc, "buffer-chunk-size", &chunk_size, "format", &format,
      "source-index", &index, NULL);
  fail_unless_equals_int (stream_index, -1);
  fail_unless_equals_int (fpc, 1024);
  fail_unless_equals_int (chunk_size, 3);
  fail_unless_equals_string (format, "flt");
  fail_unless_equals_int (index, -1);
  g_free (format);

  video = gst_element_request_pad_simple (tc, "video_%u");
  fail_unless_equals_string (G_OBJECT_TYPE_NAME (video),
      "GstTensorChunkerVideoPad");
  g_object_get (video, "frames-per-chunk", &fpc, "format", &format, NULL);
  fail_unless_equals_int (fpc, 1);
  fail_unless_equals_string (format, "rgb24");
  g_free (format);

  /* a requested name; one that does not fit the template is refused */
  named = gst_element_request_pad_simple (tc, "video_7");
  fail_unless_equals_string (GST_PAD_NAME (named), "video_7");
  fail_unless (gst_element_request_pad_simple (tc, "audio_x") == NULL);

  /* GstChildProxy: the pads are the children */
  fail_unless_equals_int (gst_child_proxy_get_children_count (GST_CHILD_PROXY
          (tc)), 3);
  child = gst_child_proxy_get_child_by_name (GST_CHILD_PROXY (tc), "audio_0");
  fail_unless (child == G_OBJECT (audio));
  g_object_unref (child);
  gst_child_proxy_set (GST_CHILD_PROXY (tc), "audio_0::sample-rate", 8000,
      "video_0::width", 320, NULL);
  g_object_get (audio, "sample-rate", &index, NULL);
  fail_unless_equals_int (index, 8000);
  g_object_get (video, "width", &index, NULL);
  fail_unless_equals_int (index, 320);
  gst_util_set_object_arg (G_OBJECT (video), "layout", "nhwc");
  gst_util_set_object_arg (G_OBJECT (video), "frame-rate", "30000/1001");

  /* range checks of the paramspecs: the value stays */
  ASSERT_WARNING (g_object_set (audio, "frames-per-chunk", 0, NULL));
  g_object_get (audio, "frames-per-chunk", &fpc, NULL);
  fail_unless_equals_int (fpc, 1024);
  ASSERT_WARNING (g_object_set (video, "height", 16385, NULL));
  g_object_get (video, "height", &index, NULL);
  fail_unless_equals_int (index, 0);

  gst_element_release_request_pad (tc, named);
  gst_object_unref (named);
  fail_unless_equals_int (gst_child_proxy_get_children_count (GST_CHILD_PROXY
          (tc)), 2);

  gst_object_unref (audio);
  gst_object_unref (video);
  tc_test_destroy (tc, NULL);
}

GST_END_TEST;

static const GstStructure *
stream_at (const GValue * streams, guint i)
{
  return gst_value_get_structure (gst_value_array_get_value (streams, i));
}

GST_START_TEST (test_source_streams)
{
  Run *run = run_new ("small.mkv");
  GValue streams = G_VALUE_INIT;
  const GstStructure *s;
  GstStructure *metadata;
  GstStreamCollection *collection;
  GstMessage *msg;
  GstBus *bus;
  gint audio, video, v, n, d;
  gchar *path;

  g_object_get (run->tc, "metadata", &metadata, NULL);
  fail_unless (metadata == NULL);
  run_set_state (run, GST_STATE_READY);
  g_object_get_property (G_OBJECT (run->tc), "source-streams", &streams);
  fail_unless_equals_int (gst_value_array_get_size (&streams), 3);
  /* the container's tags: the muxer that wrote it */
  g_object_get (run->tc, "metadata", &metadata, NULL);
  fail_unless (metadata != NULL);
  fail_unless (g_str_has_prefix (gst_structure_get_string (metadata,
              "ENCODER"), "Lavf"), "metadata %" GST_PTR_FORMAT, metadata);
  gst_structure_free (metadata);

  s = stream_at (&streams, 0);
  fail_unless (gst_structure_get_int (s, "index", &v) && v == 0);
  fail_unless_equals_string (gst_structure_get_string (s, "media-type"),
      "video");
  fail_unless_equals_string (gst_structure_get_string (s, "codec"), "h264");
  fail_unless (gst_structure_get_string (s, "codec-long-name") != NULL);
  fail_unless_equals_string (gst_structure_get_string (s, "format"), "yuv420p");
  fail_unless (gst_structure_get_int (s, "width", &v) && v == 320);
  fail_unless (gst_structure_get_int (s, "height", &v) && v == 240);
  fail_unless (gst_structure_get_fraction (s, "frame-rate", &n, &d));
  fail_unless_equals_int (n, 25);
  fail_unless_equals_int (d, 1);
  fail_unless (gst_structure_has_field_typed (s, "metadata",
          GST_TYPE_STRUCTURE));
  fail_unless (gst_structure_has_field_typed (s, "bit-rate", G_TYPE_INT64));
  fail_unless (gst_structure_has_field_typed (s, "num-frames", G_TYPE_INT64));
  fail_unless (gst_structure_has_field_typed (s, "bits-per-sample",
          G_TYPE_INT));

  s = stream_at (&streams, 1);
  fail_unless_equals_string (gst_structure_get_string (s, "media-type"),
      "audio");
  fail_unless_equals_string (gst_structure_get_string (s, "codec"), "vorbis");
  fail_unless (gst_structure_get_int (s, "sample-rate", &v) && v == 44100);
  fail_unless (gst_structure_get_int (s, "channels", &v) && v == 1);
  fail_if (gst_structure_has_field (s, "width"));

  s = stream_at (&streams, 2);
  fail_unless_equals_string (gst_structure_get_string (s, "codec"), "ac3");
  fail_unless (gst_structure_get_int (s, "sample-rate", &v) && v == 48000);
  fail_unless (gst_structure_get_int (s, "channels", &v) && v == 6);
  g_value_unset (&streams);

  g_object_get (run->tc, "default-audio-stream", &audio,
      "default-video-stream", &video, NULL);
  fail_unless_equals_int (video, 0);
  fail_unless (audio == 1 || audio == 2);

  /* the collection, posted when the source opened */
  bus = gst_element_get_bus (run->pipeline);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_STREAM_COLLECTION);
  fail_unless (msg != NULL);
  fail_unless (GST_MESSAGE_SRC (msg) == GST_OBJECT (run->tc));
  gst_message_parse_stream_collection (msg, &collection);
  fail_unless_equals_int (gst_stream_collection_get_size (collection), 3);
  fail_unless_equals_int (gst_stream_get_stream_type
      (gst_stream_collection_get_stream (collection, 0)),
      GST_STREAM_TYPE_VIDEO);
  fail_unless_equals_int (gst_stream_get_stream_type
      (gst_stream_collection_get_stream (collection, 1)),
      GST_STREAM_TYPE_AUDIO);
  gst_object_unref (collection);
  gst_message_unref (msg);
  gst_object_unref (bus);

  /* closed in NULL */
  run_set_state (run, GST_STATE_NULL);
  g_object_get_property (G_OBJECT (run->tc), "source-streams", &streams);
  fail_unless_equals_int (gst_value_array_get_size (&streams), 0);
  g_value_unset (&streams);
  g_object_get (run->tc, "default-video-stream", &video, NULL);
  fail_unless_equals_int (video, -1);

  /* another source */
  path = tc_test_media ("seed.mp4");
  g_object_set (run->tc, "location", path, NULL);
  g_free (path);
  run_set_state (run, GST_STATE_READY);
  g_object_get_property (G_OBJECT (run->tc), "source-streams", &streams);
  fail_unless_equals_int (gst_value_array_get_size (&streams), 2);
  g_object_get (run->tc, "default-audio-stream", &audio,
      "default-video-stream", &video, NULL);
  s = stream_at (&streams, video);
  fail_unless (gst_structure_get_int (s, "width", &v) && v == 1920);
  fail_unless (gst_structure_get_fraction (s, "frame-rate", &n, &d));
  fail_unless_equals_int (n, 30000);
  fail_unless_equals_int (d, 1001);
  s = stream_at (&streams, audio);
  fail_unless_equals_string (gst_structure_get_string (s, "codec"), "aac");
  fail_unless (gst_structure_get_int (s, "sample-rate", &v) && v == 48000);
  fail_unless (gst_structure_get_int (s, "channels", &v) && v == 2);
  g_value_unset (&streams);

  run_free (run);
}

GST_END_TEST;

/* The seed's example */

#define SEED_AUDIO_CAPS "application/x-tensor, type=(string)float32, " \
  "dims=(int)<8000, 2>, dims-order=(string)row-major, media=(string)audio, " \
  "format=(string)flt, rate=(int)8000, channels=(int)2, framerate=(fraction)1/1"
#define SEED_VIDEO0_CAPS "application/x-tensor, type=(string)uint8, " \
  "dims=(int)<1, 3, 540, 960>, dims-order=(string)row-major, " \
  "media=(string)video, format=(string)rgb24, layout=(string)nchw, " \
  "width=(int)960, height=(int)540, frame-rate=(fraction)1/1, " \
  "framerate=(fraction)1/1"
#define SEED_VIDEO1_CAPS "application/x-tensor, type=(string)uint8, " \
  "dims=(int)<3, 1, 320, 320>, dims-order=(string)row-major, " \
  "media=(string)video, format=(string)gray, layout=(string)nchw, " \
  "width=(int)320, height=(int)320, frame-rate=(fraction)3/1, " \
  "framerate=(fraction)1/1"

/* Checks what the seed's three outputs produced (4 s of source). */
static void
check_seed_outputs (Run * run)
{
  static const gchar *caps[] = { SEED_AUDIO_CAPS, SEED_VIDEO0_CAPS,
    SEED_VIDEO1_CAPS
  };
  static const guint fpc[] = { 8000, 1, 3 };
  guint i, j;

  for (i = 0; i < 3; i++) {
    TcTestSink *out = run->out[i];
    guint64 offset = 0;

    /* 4 s: four full chunks of one second each (audio may end with a
     * short one: the AAC stream is a few ms longer than 4 s) */
    fail_unless (out->samples->len >= 4, "output %u: %u chunks", i,
        out->samples->len);
    for (j = 0; j < out->samples->len; j++) {
      GstSample *sample = tc_test_sink_sample (out, j);
      GstBuffer *buffer = gst_sample_get_buffer (sample);

      if (j < 4) {
        fail_unless (caps_equal_string (gst_sample_get_caps (sample),
                caps[i]), "output %u chunk %u: wrong caps", i, j);
        /* chunks in step: the same fpc / rate ratio gives the same PTS */
        fail_unless_equals_uint64 (GST_BUFFER_PTS (buffer), j * GST_SECOND);
        fail_unless_equals_uint64 (GST_BUFFER_DURATION (buffer), GST_SECOND);
      } else {
        fail_unless (j == out->samples->len - 1 && i == 0,
            "output %u: more than 4 full chunks", i);
        fail_unless (sample_frames (sample) < (gint) fpc[i]);
      }
      fail_unless_equals_int (gst_buffer_get_size (buffer),
          sample_expected_size (sample));
      fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buffer), offset);
      offset += sample_frames (sample);
      fail_unless_equals_uint64 (GST_BUFFER_OFFSET_END (buffer), offset);
      fail_unless_equals_int (GST_BUFFER_FLAG_IS_SET (buffer,
              GST_BUFFER_FLAG_DISCONT), j == 0);
    }
    fail_unless_equals_int (count_events (out, GST_EVENT_EOS), 1);
  }
}

GST_START_TEST (test_seed_example)
{
  Run *run = run_new ("seed.mp4");
  GstPad *audio, *video0, *video1;
  GstEvent *event;
  GstStream *stream;
  GstStreamCollection *collection;
  const GstSegment *segment;
  gint source_index;
  gchar *description;
  guint i;
  GstEventType order[] = { GST_EVENT_STREAM_START, GST_EVENT_CAPS,
    GST_EVENT_SEGMENT, GST_EVENT_STREAM_COLLECTION
  };
  guint group_id[3];

  audio = run_add_output (run, "audio_%u");
  g_object_set (audio, "sample-rate", 8000, "frames-per-chunk", 8000, NULL);
  video0 = run_add_output (run, "video_%u");
  g_object_set (video0, "width", 960, "height", 540, "format", "rgb24",
      "frame-rate", 1, 1, NULL);
  video1 = run_add_output (run, "video_%u");
  g_object_set (video1, "width", 320, "height", 320, "format", "gray",
      "frame-rate", 3, 1, "frames-per-chunk", 3, NULL);

  run_set_state (run, GST_STATE_PAUSED);
  /* resolved when the outputs were made */
  g_object_get (video1, "source-index", &source_index, "filter-description",
      &description, NULL);
  fail_unless_equals_int (source_index, 0);
  fail_unless (description != NULL && strstr (description, "gray") != NULL,
      "filter description %s", description);
  g_free (description);
  g_object_get (audio, "source-index", &source_index, NULL);
  fail_unless_equals_int (source_index, 1);

  run_set_state (run, GST_STATE_PLAYING);
  run_wait_eos (run);
  check_seed_outputs (run);

  for (i = 0; i < 3; i++) {
    TcTestSink *out = run->out[i];
    guint j;

    /* sticky events first, in order, each once (but caps, sent again for
     * a short last chunk) */
    for (j = 0; j < G_N_ELEMENTS (order); j++) {
      if (order[j] != GST_EVENT_CAPS)
        fail_unless_equals_int (count_events (out, order[j]), 1);
      fail_unless_equals_int (GST_EVENT_TYPE (g_ptr_array_index (out->events,
                  j)), order[j]);
    }
    event = find_event (out, GST_EVENT_STREAM_START, 0);
    fail_unless (gst_event_parse_group_id (event, &group_id[i]));
    gst_event_parse_stream (event, &stream);
    fail_unless (stream != NULL);
    fail_unless_equals_int (gst_stream_get_stream_type (stream),
        i == 0 ? GST_STREAM_TYPE_AUDIO : GST_STREAM_TYPE_VIDEO);
    gst_object_unref (stream);
    gst_event_parse_segment (find_event (out, GST_EVENT_SEGMENT, 0), &segment);
    fail_unless_equals_int (segment->format, GST_FORMAT_TIME);
    fail_unless_equals_uint64 (segment->start, 0);
    gst_event_parse_stream_collection (find_event (out,
            GST_EVENT_STREAM_COLLECTION, 0), &collection);
    fail_unless_equals_int (gst_stream_collection_get_size (collection), 2);
    gst_object_unref (collection);
    /* EOS last */
    fail_unless_equals_int (GST_EVENT_TYPE (g_ptr_array_index (out->events,
                out->events->len - 1)), GST_EVENT_EOS);
  }
  /* one group */
  fail_unless_equals_int (group_id[0], group_id[1]);
  fail_unless_equals_int (group_id[0], group_id[2]);

  run_free (run);
}

GST_END_TEST;

GST_START_TEST (test_seed_example_launch)
{
  gchar *path = tc_test_media ("seed.mp4");
  gchar *desc;
  GError *error = NULL;
  GstElement *pipeline;
  GstPad *pad;
  Run *run = g_new0 (Run, 1);
  guint i, rate;

  /* the pads' properties through GstChildProxy, set by gst-launch when it
   * requests the pads for the links */
  desc = g_strdup_printf ("tensorchunker location=\"%s\" name=t "
      "audio_0::sample-rate=8000 audio_0::frames-per-chunk=8000 "
      "video_0::width=960 video_0::height=540 video_0::frame-rate=1/1 "
      "video_1::width=320 video_1::height=320 video_1::format=gray "
      "video_1::frame-rate=3/1 video_1::frames-per-chunk=3 "
      "t.audio_0 ! fakesink name=s0  t.video_0 ! fakesink name=s1 "
      "t.video_1 ! fakesink name=s2", path);
  pipeline = gst_parse_launch (desc, &error);
  g_free (desc);
  g_free (path);
  fail_unless (pipeline != NULL, "%s", error ? error->message : "");

  run->pipeline = pipeline;
  run->tc = gst_bin_get_by_name (GST_BIN (pipeline), "t");
  gst_object_unref (run->tc);
  run->n_outputs = 3;
  for (i = 0; i < 3; i++) {
    gchar *name = g_strdup_printf ("s%u", i);
    GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), name);

    run_watch_sink (run, i, sink);
    gst_object_unref (sink);
    g_free (name);
  }
  pad = gst_element_get_static_pad (run->tc, "audio_0");
  g_object_get (pad, "sample-rate", &rate, NULL);
  fail_unless_equals_int (rate, 8000);
  gst_object_unref (pad);

  run_set_state (run, GST_STATE_PLAYING);
  run_wait_eos (run);
  check_seed_outputs (run);
  run_free (run);
}

GST_END_TEST;

/* Last chunk policies: 16000 frames in chunks of 3000 make five full
 * chunks and one of 1000 frames. */

static Run *
run_tone (const gchar * policy)
{
  Run *run = run_new ("tone16k.wav");
  GstPad *pad;

  gst_util_set_object_arg (G_OBJECT (run->tc), "last-chunk", policy);
  pad = run_add_output (run, "audio_%u");
  g_object_set (pad, "frames-per-chunk", 3000, NULL);
  run_to_eos (run);
  return run;
}

GST_START_TEST (test_last_chunk_short)
{
  Run *run = run_tone ("short");
  TcTestSink *out = run->out[0];
  GstSample *last;
  GstBuffer *buffer;

  fail_unless_equals_int (out->samples->len, 6);
  fail_unless_equals_int (sample_frames (tc_test_sink_sample (out, 4)), 3000);
  fail_unless_equals_int (gst_buffer_get_size (tc_test_sink_buffer (out, 4)),
      3000 * 4);
  last = tc_test_sink_sample (out, 5);
  buffer = gst_sample_get_buffer (last);
  fail_unless (caps_equal_string (gst_sample_get_caps (last),
          "application/x-tensor, type=(string)float32, dims=(int)<1000, 1>, "
          "dims-order=(string)row-major, media=(string)audio, "
          "format=(string)flt, rate=(int)16000, channels=(int)1, "
          "framerate=(fraction)16/3"));
  fail_unless_equals_int (gst_buffer_get_size (buffer), 1000 * 4);
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buffer), 15000);
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET_END (buffer), 16000);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (buffer),
      gst_util_uint64_scale (15000, GST_SECOND, 16000));
  fail_unless_equals_uint64 (GST_BUFFER_DURATION (buffer),
      gst_util_uint64_scale (1000, GST_SECOND, 16000));
  /* one caps event for the full chunks, one for the short */
  fail_unless_equals_int (count_events (out, GST_EVENT_CAPS), 2);
  run_free (run);
}

GST_END_TEST;

GST_START_TEST (test_last_chunk_pad)
{
  Run *run = run_tone ("pad");
  TcTestSink *out = run->out[0];
  GstSample *last;
  GstMapInfo map;
  const gfloat *samples;
  gboolean nonzero = FALSE;
  guint i;

  fail_unless_equals_int (out->samples->len, 6);
  last = tc_test_sink_sample (out, 5);
  fail_unless_equals_int (sample_frames (last), 3000);
  fail_unless_equals_int (count_events (out, GST_EVENT_CAPS), 1);
  fail_unless (gst_buffer_map (gst_sample_get_buffer (last), &map,
          GST_MAP_READ));
  fail_unless_equals_int (map.size, 3000 * 4);
  samples = (const gfloat *) map.data;
  /* the 1000 real frames are a 1 kHz tone, the rest zeros */
  for (i = 0; i < 1000; i++)
    nonzero |= samples[i] != 0.0f;
  fail_unless (nonzero);
  for (i = 1000; i < 3000; i++)
    fail_unless (samples[i] == 0.0f, "sample %u is not zero", i);
  gst_buffer_unmap (gst_sample_get_buffer (last), &map);
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET_END (gst_sample_get_buffer
          (last)), 16000);
  run_free (run);
}

GST_END_TEST;

GST_START_TEST (test_last_chunk_drop)
{
  Run *run = run_tone ("drop");
  TcTestSink *out = run->out[0];

  fail_unless_equals_int (out->samples->len, 5);
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET_END (tc_test_sink_buffer (out,
              4)), 15000);
  fail_unless_equals_int (count_events (out, GST_EVENT_EOS), 1);
  run_free (run);
}

GST_END_TEST;

/* Seeking, on a pipeline with two sinks: the seek reaches the element
 * through both and is handled once. */

static Run *
run_seek (GstSeekFlags flags, GstClockTime target, guint32 * seqnum)
{
  Run *run = run_new ("small.mkv");
  GstPad *audio, *video;
  GstEvent *seek;

  audio = run_add_output (run, "audio_%u");
  g_object_set (audio, "stream-index", 1, "frames-per-chunk", 1024, NULL);
  video = run_add_output (run, "video_%u");
  g_object_set (video, "frames-per-chunk", 5, NULL);

  run_set_state (run, GST_STATE_PAUSED);
  tc_test_sink_clear (run->out[0]);
  tc_test_sink_clear (run->out[1]);

  seek = gst_event_new_seek (1.0, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH | flags,
      GST_SEEK_TYPE_SET, target, GST_SEEK_TYPE_NONE, -1);
  *seqnum = gst_event_get_seqnum (seek);
  fail_unless (gst_element_send_event (run->pipeline, seek));
  run_set_state (run, GST_STATE_PAUSED);
  run_set_state (run, GST_STATE_PLAYING);
  run_wait_eos (run);
  return run;
}

static void
check_seek_events (TcTestSink * out, guint32 seqnum, GstClockTime start)
{
  GstEvent *event;
  const GstSegment *segment;

  /* one flush, one new segment: the seek was handled once */
  fail_unless_equals_int (count_events (out, GST_EVENT_FLUSH_START), 1);
  fail_unless_equals_int (count_events (out, GST_EVENT_FLUSH_STOP), 1);
  fail_unless_equals_int (count_events (out, GST_EVENT_SEGMENT), 1);
  event = find_event (out, GST_EVENT_FLUSH_START, 0);
  fail_unless_equals_int (gst_event_get_seqnum (event), seqnum);
  event = find_event (out, GST_EVENT_SEGMENT, 0);
  fail_unless_equals_int (gst_event_get_seqnum (event), seqnum);
  gst_event_parse_segment (event, &segment);
  fail_unless_equals_uint64 (segment->start, start);
  fail_unless_equals_int (count_events (out, GST_EVENT_EOS), 1);
}

GST_START_TEST (test_seek_accurate)
{
  GstClockTime target = 2500 * GST_MSECOND;
  guint32 seqnum;
  Run *run = run_seek (GST_SEEK_FLAG_ACCURATE, target, &seqnum);
  GstBuffer *audio, *video;

  check_seek_events (run->out[0], seqnum, target);
  check_seek_events (run->out[1], seqnum, target);

  /* audio, sample-exact: 2.5 s is sample 110250 at 44.1 kHz */
  audio = tc_test_sink_buffer (run->out[0], 0);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (audio), target);
  fail_unless (GST_BUFFER_FLAG_IS_SET (audio, GST_BUFFER_FLAG_DISCONT));
  /* video: the first frame at or after 2.5 s is at 2.525 s (25 fps from
   * 0.005 s) */
  video = tc_test_sink_buffer (run->out[1], 0);
  fail_unless (GST_BUFFER_PTS (video) >= target);
  fail_unless (GST_BUFFER_PTS (video) < target + 40 * GST_MSECOND,
      "first video chunk at %" GST_TIME_FORMAT,
      GST_TIME_ARGS (GST_BUFFER_PTS (video)));
  fail_unless (GST_BUFFER_FLAG_IS_SET (video, GST_BUFFER_FLAG_DISCONT));
  /* 6 s of video from 2.525 s: 87 frames, 17 chunks of 5 and one of 2 */
  fail_unless (tc_test_sink_n_samples (run->out[1]) >= 17);
  run_free (run);
}

GST_END_TEST;

/* SPEC "Seek": through the element, after an ACCURATE seek on an MP3 (a
 * lossy codec, decoded from before the target) read at 16 kHz mono
 * (resampled from 44.1 kHz stereo), every chunk is the full run's frames at the same
 * counter, at the full run's time of its first frame. */

/* Output 0's frames, concatenated. */
static GByteArray *
run_frames (Run * run)
{
  GByteArray *all = g_byte_array_new ();
  guint i;

  for (i = 0; i < run->out[0]->samples->len; i++) {
    GstBuffer *b = tc_test_sink_buffer (run->out[0], i);
    GstMapInfo map;

    fail_unless (gst_buffer_map (b, &map, GST_MAP_READ));
    g_byte_array_append (all, map.data, map.size);
    gst_buffer_unmap (b, &map);
  }
  return all;
}

static Run *
run_mp3_16k (void)
{
  Run *run = run_new ("seek.mp3");
  GstPad *pad = run_add_output (run, "audio_%u");

  g_object_set (pad, "sample-rate", 16000, "channels", 1, "frames-per-chunk",
      1000, NULL);
  return run;
}

GST_START_TEST (test_seek_accurate_exact)
{
  GstClockTime target = 1234567 * GST_USECOND;
  Run *full = run_mp3_16k (), *run = run_mp3_16k ();
  GByteArray *all, *after;
  GstBuffer *head;
  guint64 offset;
  GstClockTime pts0;
  const gfloat *a, *b;
  guint i, n;

  run_to_eos (full);
  all = run_frames (full);
  pts0 = GST_BUFFER_PTS (tc_test_sink_buffer (full->out[0], 0));

  run_set_state (run, GST_STATE_PAUSED);
  tc_test_sink_clear (run->out[0]);
  fail_unless (gst_element_seek_simple (run->pipeline, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, target));
  run_set_state (run, GST_STATE_PLAYING);
  run_wait_eos (run);
  after = run_frames (run);

  /* the first sample at or after the target, at its full-run time */
  head = tc_test_sink_buffer (run->out[0], 0);
  offset = GST_BUFFER_OFFSET (head);
  fail_unless_equals_uint64 (offset, gst_util_uint64_scale_ceil (target -
          pts0, 16000, GST_SECOND));
  fail_unless_equals_uint64 (GST_BUFFER_PTS (head), pts0 +
      gst_util_uint64_scale_round (offset, GST_SECOND, 16000));
  fail_unless (GST_BUFFER_FLAG_IS_SET (head, GST_BUFFER_FLAG_DISCONT));
  for (i = 1; i < run->out[0]->samples->len; i++) {
    GstBuffer *buf = tc_test_sink_buffer (run->out[0], i);

    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buf), offset + i * 1000);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (buf), pts0 +
        gst_util_uint64_scale_round (offset + i * 1000, GST_SECOND, 16000));
  }
  /* every sample from there to the end is the full run's */
  n = after->len / sizeof (gfloat);
  fail_unless_equals_int (after->len, all->len - offset * sizeof (gfloat));
  a = (const gfloat *) after->data;
  b = (const gfloat *) all->data + offset;
  for (i = 0; i < n; i++)
    fail_unless (fabsf (a[i] - b[i]) <= 1e-4, "sample %u after the seek: "
        "%f, the full run has %f", i, a[i], b[i]);
  g_byte_array_unref (all);
  g_byte_array_unref (after);
  run_free (run);
  run_free (full);
}

GST_END_TEST;

GST_START_TEST (test_seek_key_unit)
{
  GstClockTime key_frame = 2005 * GST_MSECOND;
  guint32 seqnum;
  Run *run = run_seek (GST_SEEK_FLAG_KEY_UNIT, 2500 * GST_MSECOND, &seqnum);
  GstBuffer *video, *audio;

  /* a key frame every second: the one before 2.5 s is at 2.005 s, and the
   * segments start there */
  check_seek_events (run->out[0], seqnum, key_frame);
  check_seek_events (run->out[1], seqnum, key_frame);
  video = tc_test_sink_buffer (run->out[1], 0);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (video), key_frame);
  /* audio: from the first packet the demuxer reads there */
  audio = tc_test_sink_buffer (run->out[0], 0);
  fail_unless (GST_BUFFER_PTS (audio) >= key_frame &&
      GST_BUFFER_PTS (audio) < 2500 * GST_MSECOND,
      "first audio chunk at %" GST_TIME_FORMAT,
      GST_TIME_ARGS (GST_BUFFER_PTS (audio)));
  run_free (run);
}

GST_END_TEST;

/* After EOS a seek makes the source readable again. */
GST_START_TEST (test_seek_after_eos)
{
  Run *run = run_new ("small.mkv");
  GstPad *video;
  guint n;

  video = run_add_output (run, "video_%u");
  g_object_set (video, "frames-per-chunk", 10, NULL);
  run_set_state (run, GST_STATE_PLAYING);
  run_wait_eos (run);
  fail_unless_equals_int (tc_test_sink_n_samples (run->out[0]), 15);

  tc_test_sink_clear (run->out[0]);
  fail_unless (gst_element_seek_simple (run->pipeline, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, 4 * GST_SECOND));
  run_wait_eos (run);
  /* frames from 4.005 s to the end: 50, in 5 chunks */
  n = tc_test_sink_n_samples (run->out[0]);
  fail_unless_equals_int (n, 5);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (tc_test_sink_buffer (run->out[0],
              0)), 4005 * GST_MSECOND);
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET_END (tc_test_sink_buffer
          (run->out[0], n - 1)) - GST_BUFFER_OFFSET (tc_test_sink_buffer
          (run->out[0], 0)), 50);
  run_free (run);
}

GST_END_TEST;

GST_START_TEST (test_seek_refused)
{
  Run *run = run_new ("small.mkv");
  GstPad *video;

  video = run_add_output (run, "video_%u");
  /* nothing to seek before the outputs exist */
  fail_if (gst_pad_send_event (video, gst_event_new_seek (1.0,
              GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET, 0,
              GST_SEEK_TYPE_NONE, -1)));
  run_set_state (run, GST_STATE_PAUSED);
  /* (non-flushing seeks and other rates: tests/check/seeking.c) */
  fail_if (gst_pad_send_event (video, gst_event_new_seek (1.0,
              GST_FORMAT_BYTES, GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET, 0,
              GST_SEEK_TYPE_NONE, -1)));
  run_free (run);
}

GST_END_TEST;

GST_START_TEST (test_queries)
{
  Run *run = run_new ("small.mkv");
  GstPad *video;
  GstQuery *query;
  gint64 duration, position, start, end;
  gboolean seekable;
  GstFormat format;

  video = run_add_output (run, "video_%u");
  run_set_state (run, GST_STATE_PAUSED);

  fail_unless (gst_pad_query_duration (video, GST_FORMAT_TIME, &duration));
  fail_unless (duration >= 5900 * GST_MSECOND && duration <= 6100 *
      GST_MSECOND, "duration %" GST_TIME_FORMAT, GST_TIME_ARGS (duration));
  fail_unless (gst_element_query_duration (run->pipeline, GST_FORMAT_TIME,
          &duration));

  query = gst_query_new_seeking (GST_FORMAT_TIME);
  fail_unless (gst_pad_query (video, query));
  gst_query_parse_seeking (query, &format, &seekable, &start, &end);
  fail_unless (seekable);
  fail_unless_equals_int64 (start, 0);
  fail_unless_equals_int64 (end, duration);
  gst_query_unref (query);

  fail_unless (gst_pad_query_position (video, GST_FORMAT_TIME, &position));
  fail_unless (position >= 0 && position <= duration);

  run_free (run);
}

GST_END_TEST;

/* A location opens in NULL->READY: the duration is known before any pad
 * is requested (an application plans its seeks from it). */
GST_START_TEST (test_duration_in_ready)
{
  Run *run = run_new ("small.mkv");
  gint64 duration;

  fail_if (gst_element_query_duration (run->tc, GST_FORMAT_TIME, &duration));
  run_set_state (run, GST_STATE_READY);
  fail_unless (gst_element_query_duration (run->tc, GST_FORMAT_TIME,
          &duration));
  fail_unless (duration >= 5900 * GST_MSECOND && duration <= 6100 *
      GST_MSECOND, "duration %" GST_TIME_FORMAT, GST_TIME_ARGS (duration));
  fail_if (gst_element_query_duration (run->tc, GST_FORMAT_BYTES, &duration));
  run_set_state (run, GST_STATE_NULL);
  fail_if (gst_element_query_duration (run->tc, GST_FORMAT_TIME, &duration));

  run_free (run);
}

GST_END_TEST;

/* stream-objects=false: events gdppay can carry (no GstStream in
 * stream-start, no stream-collection event); the bus still gets the
 * collection, and the data is the same. */
GST_START_TEST (test_stream_objects_off)
{
  Run *run = run_new ("small.mkv"), *ref = run_new ("small.mkv");
  GstEvent *event;
  GstStream *stream;
  GstMessage *msg;
  GstBus *bus;
  guint group_id, i;

  g_object_set (run->tc, "stream-objects", FALSE, NULL);
  run_add_output (run, "audio_%u");
  run_add_output (ref, "audio_%u");
  bus = gst_element_get_bus (run->pipeline);
  run_set_state (run, GST_STATE_READY);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_STREAM_COLLECTION);
  fail_unless (msg != NULL);
  gst_message_unref (msg);
  gst_object_unref (bus);
  run_set_state (run, GST_STATE_PLAYING);
  run_wait_eos (run);
  run_set_state (ref, GST_STATE_PLAYING);
  run_wait_eos (ref);

  event = find_event (run->out[0], GST_EVENT_STREAM_START, 0);
  fail_unless (gst_event_parse_group_id (event, &group_id));
  gst_event_parse_stream (event, &stream);
  fail_unless (stream == NULL);
  fail_unless_equals_int (count_events (run->out[0],
          GST_EVENT_STREAM_COLLECTION), 0);
  fail_unless_equals_int (count_events (ref->out[0],
          GST_EVENT_STREAM_COLLECTION), 1);
  fail_unless (run->out[0]->samples->len > 0);
  fail_unless_equals_int (run->out[0]->samples->len, ref->out[0]->samples->len);
  for (i = 0; i < run->out[0]->samples->len; i++) {
    GstBuffer *a = tc_test_sink_buffer (run->out[0], i);
    GstBuffer *b = tc_test_sink_buffer (ref->out[0], i);
    GstMapInfo map;

    fail_unless (gst_buffer_map (b, &map, GST_MAP_READ));
    fail_unless_equals_int (gst_buffer_get_size (a), map.size);
    fail_unless (gst_buffer_memcmp (a, 0, map.data, map.size) == 0);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (a), GST_BUFFER_PTS (b));
    gst_buffer_unmap (b, &map);
  }

  run_free (run);
  run_free (ref);
}

GST_END_TEST;

/* Pad settings are frozen while the outputs run. */
GST_START_TEST (test_pad_properties_frozen)
{
  Run *run = run_new ("small.mkv");
  GstPad *video, *audio;
  guint fpc;

  video = run_add_output (run, "video_%u");
  g_object_set (video, "frames-per-chunk", 5, NULL);
  run_set_state (run, GST_STATE_PAUSED);

  ASSERT_WARNING (g_object_set (video, "frames-per-chunk", 7, NULL));
  g_object_get (video, "frames-per-chunk", &fpc, NULL);
  fail_unless_equals_int (fpc, 5);
  /* a pad requested now is settable until it is linked (dynamic.c) */
  audio = gst_element_request_pad_simple (run->tc, "audio_%u");
  fail_unless (audio != NULL);
  g_object_set (audio, "frames-per-chunk", 7, NULL);
  g_object_get (audio, "frames-per-chunk", &fpc, NULL);
  fail_unless_equals_int (fpc, 7);
  gst_element_release_request_pad (run->tc, audio);
  gst_object_unref (audio);

  run_set_state (run, GST_STATE_READY);
  g_object_set (video, "frames-per-chunk", 7, NULL);
  g_object_get (video, "frames-per-chunk", &fpc, NULL);
  fail_unless_equals_int (fpc, 7);
  run_free (run);
}

GST_END_TEST;

/* The request pads and the element hold no settings of their own, yet
 * they notify like objects that do: once per change, on the object the
 * user watches. */
static void
count_notify (GObject * object, GParamSpec * pspec, guint * n)
{
  (*n)++;
}

GST_START_TEST (test_notifications)
{
  Run *run = run_new ("small.mkv");
  GstPad *video;
  guint n_index = 0, n_description = 0, n_fpc = 0, n_format = 0;
  gint source_index, default_video;
  gchar *description;

  video = run_add_output (run, "video_%u");
  g_signal_connect (video, "notify::source-index", G_CALLBACK (count_notify),
      &n_index);
  g_signal_connect (video, "notify::filter-description",
      G_CALLBACK (count_notify), &n_description);
  g_signal_connect (video, "notify::frames-per-chunk",
      G_CALLBACK (count_notify), &n_fpc);
  g_signal_connect (run->tc, "notify::format", G_CALLBACK (count_notify),
      &n_format);

  g_object_set (video, "frames-per-chunk", 2, NULL);
  fail_unless_equals_int (n_fpc, 1);
  g_object_set (run->tc, "format", "matroska", NULL);
  fail_unless_equals_int (n_format, 1);

  run_set_state (run, GST_STATE_PAUSED);
  fail_unless_equals_int (n_index, 1);
  fail_unless_equals_int (n_description, 1);
  g_object_get (run->tc, "default-video-stream", &default_video, NULL);
  g_object_get (video, "source-index", &source_index, "filter-description",
      &description, NULL);
  fail_unless (default_video >= 0);
  fail_unless_equals_int (source_index, default_video);
  fail_unless (description != NULL && *description != '\0');
  g_free (description);

  run_free (run);
}

GST_END_TEST;

/* Pads released and requested between runs, and state changes in any
 * order: every run starts from the beginning. */
GST_START_TEST (test_release_and_rerun)
{
  Run *run = run_new ("small.mkv");
  GstPad *pad;
  guint n_first;
  GstClockTime pts_first;

  run_add_output (run, "audio_%u");
  run_add_output (run, "video_%u");
  run_to_eos (run);
  n_first = run->out[0]->samples->len;
  pts_first = GST_BUFFER_PTS (tc_test_sink_buffer (run->out[0], 0));
  fail_unless (n_first > 0);
  fail_unless (run->out[1]->samples->len > 0);

  /* the video output goes; audio runs again, from the start */
  run_remove_output (run, 1);
  fail_unless (gst_element_get_static_pad (run->tc, "video_0") == NULL);
  tc_test_sink_clear (run->out[0]);
  run_to_eos (run);
  fail_unless_equals_int (run->out[0]->samples->len, n_first);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (tc_test_sink_buffer (run->out[0],
              0)), pts_first);

  /* a new video output, named as the released one */
  pad = run_add_output (run, "video_%u");
  fail_unless_equals_string (GST_PAD_NAME (pad), "video_0");
  g_object_set (pad, "frames-per-chunk", 25, NULL);
  tc_test_sink_clear (run->out[0]);
  run_to_eos (run);
  fail_unless_equals_int (run->out[0]->samples->len, n_first);
  /* 150 frames */
  fail_unless_equals_int (run->out[2]->samples->len, 6);

  run_free (run);
}

GST_END_TEST;

GST_START_TEST (test_state_changes)
{
  Run *run = run_new ("small.mkv");
  GstClockTime pts;
  GstBuffer *buffer;
  guint i, n;

  run_add_output (run, "audio_%u");

  for (i = 0; i < 3; i++) {
    run_set_state (run, GST_STATE_READY);
    run_set_state (run, GST_STATE_NULL);
    run_set_state (run, GST_STATE_PAUSED);
    run_set_state (run, GST_STATE_READY);
    run_set_state (run, GST_STATE_PLAYING);
    run_set_state (run, GST_STATE_PAUSED);
    run_set_state (run, GST_STATE_NULL);
  }

  /* read to the end; then stopped in the middle, and read to the end
   * again: the same chunks, from the start */
  tc_test_sink_clear (run->out[0]);
  run_to_eos (run);
  n = run->out[0]->samples->len;
  pts = GST_BUFFER_PTS (tc_test_sink_buffer (run->out[0], 0));
  run_set_state (run, GST_STATE_PLAYING);
  run_set_state (run, GST_STATE_READY);
  tc_test_sink_clear (run->out[0]);
  run_to_eos (run);
  fail_unless_equals_int (run->out[0]->samples->len, n);
  buffer = tc_test_sink_buffer (run->out[0], 0);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (buffer), pts);
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buffer), 0);

  /* released while running */
  run_set_state (run, GST_STATE_PLAYING);
  run_remove_output (run, 0);
  run_set_state (run, GST_STATE_NULL);

  run_free (run);
}

GST_END_TEST;

static GstElement *
launch (const gchar * media, const gchar * description)
{
  gchar *path = tc_test_media (media);
  gchar *desc = g_strdup_printf ("tensorchunker location=\"%s\" name=t %s",
      path, description);
  GError *error = NULL;
  GstElement *pipeline = gst_parse_launch (desc, &error);

  fail_unless (pipeline != NULL, "%s", error ? error->message : "");
  g_free (desc);
  g_free (path);
  return pipeline;
}

static guint
pull_to_eos (GstElement * appsink)
{
  GstSample *sample;
  guint n = 0;

  for (;;) {
    g_signal_emit_by_name (appsink, "try-pull-sample", 10 * GST_SECOND,
        &sample);
    if (sample == NULL)
      break;
    gst_sample_unref (sample);
    n++;
  }
  return n;
}

/* A pad released while the streaming thread waits for room in another
 * output's queue: that output goes on to EOS. */
GST_START_TEST (test_release_while_streaming)
{
  GstElement *pipeline, *tc, *asink, *vsink;
  GstPad *video, *sinkpad;
  gboolean eos;

  pipeline = launch ("small.mkv", "audio_0::frames-per-chunk=1024 "
      "t.audio_0 ! appsink name=a sync=false max-buffers=1 "
      "t.video_0 ! appsink name=v sync=false max-buffers=1");
  tc = gst_bin_get_by_name (GST_BIN (pipeline), "t");
  asink = gst_bin_get_by_name (GST_BIN (pipeline), "a");
  vsink = gst_bin_get_by_name (GST_BIN (pipeline), "v");

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  fail_unless_equals_int (gst_element_get_state (pipeline, NULL, NULL,
          10 * GST_SECOND), GST_STATE_CHANGE_SUCCESS);
  /* nobody pulls: the queues fill and the streaming thread waits */
  g_usleep (100 * G_USEC_PER_SEC / 1000);

  video = gst_element_get_static_pad (tc, "video_0");
  sinkpad = gst_pad_get_peer (video);
  gst_pad_unlink (video, sinkpad);
  gst_object_unref (sinkpad);
  gst_element_set_state (vsink, GST_STATE_NULL);
  gst_bin_remove (GST_BIN (pipeline), vsink);
  gst_element_release_request_pad (tc, video);
  gst_object_unref (video);
  fail_unless_equals_int (gst_child_proxy_get_children_count (GST_CHILD_PROXY
          (tc)), 1);

  /* 6 s of 44.1 kHz audio in 1024-frame chunks */
  fail_unless (pull_to_eos (asink) >= 259);
  g_object_get (asink, "eos", &eos, NULL);
  fail_unless (eos);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (asink);
  gst_object_unref (vsink);
  gst_object_unref (tc);
  gst_object_unref (pipeline);
}

GST_END_TEST;

/* Releasing a pad whose sink prerolled (PAUSED): the sink holds the queue's
 * thread in its preroll wait; the release must not wait for it forever, and
 * the other output must go on to EOS. */
GST_START_TEST (test_release_prerolled)
{
  GstElement *pipeline, *tc, *asink, *vsink;
  GstPad *video;
  gboolean eos;

  pipeline = launch ("small.mkv", "audio_0::frames-per-chunk=4410 "
      "t.audio_0 ! appsink name=a sync=false "
      "t.video_0 ! fakesink name=v sync=false");
  tc = gst_bin_get_by_name (GST_BIN (pipeline), "t");
  asink = gst_bin_get_by_name (GST_BIN (pipeline), "a");
  vsink = gst_bin_get_by_name (GST_BIN (pipeline), "v");

  gst_element_set_state (pipeline, GST_STATE_PAUSED);
  fail_unless_equals_int (gst_element_get_state (pipeline, NULL, NULL,
          10 * GST_SECOND), GST_STATE_CHANGE_SUCCESS);

  video = gst_element_get_static_pad (tc, "video_0");
  gst_element_release_request_pad (tc, video);
  gst_object_unref (video);
  fail_unless_equals_int (gst_child_proxy_get_children_count (GST_CHILD_PROXY
          (tc)), 1);
  gst_element_set_state (vsink, GST_STATE_NULL);
  gst_bin_remove (GST_BIN (pipeline), vsink);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  /* 6 s of 44.1 kHz audio in 0.1 s chunks, and a short last one */
  fail_unless (pull_to_eos (asink) >= 60);
  g_object_get (asink, "eos", &eos, NULL);
  fail_unless (eos);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (asink);
  gst_object_unref (vsink);
  gst_object_unref (tc);
  gst_object_unref (pipeline);
}

GST_END_TEST;

/* One streaming thread feeds outputs whose chunks span very different
 * times (23 ms of audio, one second of video): prerolling must not wait
 * forever for room in the audio queue. */
GST_START_TEST (test_unbalanced_chunks)
{
  gchar *path = tc_test_media ("small.mkv");
  GstElement *pipeline, *sinks[2];
  GError *error = NULL;
  gchar *desc;
  guint i, n[2] = { 0, 0 };
  gboolean eos[2] = { FALSE, FALSE };

  desc = g_strdup_printf ("tensorchunker location=\"%s\" name=t "
      "audio_0::frames-per-chunk=1024 audio_0::buffer-chunk-size=1 "
      "video_0::frames-per-chunk=25 "
      "t.audio_0 ! appsink name=a sync=false max-buffers=1 "
      "t.video_0 ! appsink name=v sync=false max-buffers=1", path);
  pipeline = gst_parse_launch (desc, &error);
  fail_unless (pipeline != NULL);
  g_free (desc);
  g_free (path);
  sinks[0] = gst_bin_get_by_name (GST_BIN (pipeline), "a");
  sinks[1] = gst_bin_get_by_name (GST_BIN (pipeline), "v");

  gst_element_set_state (pipeline, GST_STATE_PAUSED);
  fail_unless_equals_int (gst_element_get_state (pipeline, NULL, NULL,
          10 * GST_SECOND), GST_STATE_CHANGE_SUCCESS);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  /* a consumer that takes from the two in turn */
  while (!eos[0] || !eos[1]) {
    for (i = 0; i < 2; i++) {
      GstSample *sample = NULL;

      if (eos[i])
        continue;
      g_signal_emit_by_name (sinks[i], "try-pull-sample", 10 * GST_MSECOND,
          &sample);
      if (sample != NULL) {
        n[i]++;
        gst_sample_unref (sample);
      } else {
        g_object_get (sinks[i], "eos", &eos[i], NULL);
      }
    }
    fail_if (n[0] > 1000 || n[1] > 1000);
  }
  /* 6 s: 259 full chunks of 1024 frames at 44.1 kHz (and a short one);
   * 150 frames in 6 chunks of 25 */
  fail_unless (n[0] >= 259 && n[0] <= 260, "%u audio chunks", n[0]);
  fail_unless_equals_int (n[1], 6);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (sinks[0]);
  gst_object_unref (sinks[1]);
  gst_object_unref (pipeline);
}

GST_END_TEST;

static Suite *
tensorchunker_suite (void)
{
  Suite *s = suite_create ("tensorchunker");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_properties);
  tcase_add_test (tc, test_source_streams);
  tcase_add_test (tc, test_seed_example);
  tcase_add_test (tc, test_seed_example_launch);
  tcase_add_test (tc, test_last_chunk_short);
  tcase_add_test (tc, test_last_chunk_pad);
  tcase_add_test (tc, test_last_chunk_drop);
  tcase_add_test (tc, test_seek_accurate);
  tcase_add_test (tc, test_seek_key_unit);
  tcase_add_test (tc, test_seek_accurate_exact);
  tcase_add_test (tc, test_seek_after_eos);
  tcase_add_test (tc, test_seek_refused);
  tcase_add_test (tc, test_queries);
  tcase_add_test (tc, test_duration_in_ready);
  tcase_add_test (tc, test_stream_objects_off);
  tcase_add_test (tc, test_pad_properties_frozen);
  tcase_add_test (tc, test_notifications);
  tcase_add_test (tc, test_release_and_rerun);
  tcase_add_test (tc, test_state_changes);
  tcase_add_test (tc, test_release_while_streaming);
  tcase_add_test (tc, test_release_prerolled);
  tcase_add_test (tc, test_unbalanced_chunks);
  return s;
}

TC_TEST_MAIN (tensorchunker);
