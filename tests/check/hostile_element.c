/* GStreamer tensorchunker: hostile media through the element
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
 * What tests/check/hostile.c asks of the core, asked of the element: a
 * source whose frame size or frame rate changes mid-stream, or whose time
 * goes back, played through tensorchunker with a video output that
 * follows the source (no width, height or frame-rate set).  docs/caps.md
 * and docs/design.md: caps are re-sent when the chunk shape changes, a
 * chunk never mixes sizes (the chunk in progress goes out short at the
 * change), and each buffer holds exactly product(dims) bytes of uint8.
 * A probe on the sink checks every buffer against the caps in force when
 * it arrived.
 *
 * Then damaged bytes through the element's sink pad, pushed by appsrc and
 * pulled by filesrc (tcase "bytestream"): the fuzz regressions of the
 * core, test media with bits flipped, noise written over, cut short or
 * joined to another, and noise alone.  Each run ends with EOS or a stream
 * or resource error within the timeout, every buffer matches its caps, and
 * everything is freed (the leaks tracer, tc_test_destroy()).
 */

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>

#include "tcrun.h"
#include "tctest.h"

#define TIMEOUT (60 * GST_SECOND)

/* What reached the sink, checked after the run in the order it came (a
 * checker over what the run's TcTestSink kept, not a recorder). */
typedef struct
{
  /* the caps in force */
  gint width, height, frames, frame_rate_n, frame_rate_d;
  gsize expected;
  guint n_caps;                 /* caps events */
  guint n_buffers;
  guint n_short;                /* buffers of fewer frames than asked */
  guint64 frames_total;
  GstClockTime last_pts;
  gboolean backwards;           /* a PTS at or before the one before */
  gboolean eos;
  GString *sizes;               /* "160x120 20, 96x64 20": frames per size */
  gint size_frames;             /* frames of the size in force */
  GString *problems;            /* what did not match, one per line */
  guint per_chunk;              /* frames-per-chunk asked */
} Watch;

static void
watch_close_size (Watch * w)
{
  if (w->width > 0)
    g_string_append_printf (w->sizes, "%s%dx%d %d", w->sizes->len ? ", " :
        "", w->width, w->height, w->size_frames);
  w->size_frames = 0;
}

static void
watch_caps (Watch * w, GstCaps * caps)
{
  const GstStructure *s = gst_caps_get_structure (caps, 0);
  const GValue *dims = gst_structure_get_value (s, "dims");
  gint width = 0, height = 0, n;
  gsize size = 1;
  guint i;

  w->n_caps++;
  fail_unless (gst_caps_is_fixed (caps));
  fail_unless_equals_string (gst_structure_get_string (s, "type"), "uint8");
  fail_unless (dims != NULL && GST_VALUE_HOLDS_ARRAY (dims));
  fail_unless_equals_int (gst_value_array_get_size (dims), 4);
  for (i = 0; i < 4; i++)
    size *= g_value_get_int (gst_value_array_get_value (dims, i));
  n = g_value_get_int (gst_value_array_get_value (dims, 0));
  fail_unless (gst_structure_get_int (s, "width", &width));
  fail_unless (gst_structure_get_int (s, "height", &height));
  /* nchw, rgb24: (N, 3, H, W) */
  fail_unless_equals_int (g_value_get_int (gst_value_array_get_value (dims,
              1)), 3);
  fail_unless_equals_int (g_value_get_int (gst_value_array_get_value (dims,
              2)), height);
  fail_unless_equals_int (g_value_get_int (gst_value_array_get_value (dims,
              3)), width);
  if (width != w->width || height != w->height) {
    watch_close_size (w);
    w->width = width;
    w->height = height;
  }
  w->frames = n;
  w->expected = size;
  fail_unless (gst_structure_get_fraction (s, "frame-rate", &w->frame_rate_n,
          &w->frame_rate_d));
}

static void
watch_buffer (Watch * w, GstBuffer * buf)
{
  gsize size = gst_buffer_get_size (buf);
  GstClockTime pts = GST_BUFFER_PTS (buf);
  guint64 n = GST_BUFFER_OFFSET_END (buf) - GST_BUFFER_OFFSET (buf);

  w->n_buffers++;
  if (w->expected == 0) {
    g_string_append_printf (w->problems, "buffer %u before caps\n",
        w->n_buffers);
    return;
  }
  if (size != w->expected)
    g_string_append_printf (w->problems, "buffer %u: %" G_GSIZE_FORMAT
        " bytes, the caps (%dx%d, %d frames) say %" G_GSIZE_FORMAT "\n",
        w->n_buffers, size, w->width, w->height, w->frames, w->expected);
  if (n != (guint64) w->frames)
    g_string_append_printf (w->problems, "buffer %u: offsets %" G_GUINT64_FORMAT
        "..%" G_GUINT64_FORMAT " for %d frames\n", w->n_buffers,
        GST_BUFFER_OFFSET (buf), GST_BUFFER_OFFSET_END (buf), w->frames);
  if ((guint) w->frames < w->per_chunk)
    w->n_short++;
  if (!GST_CLOCK_TIME_IS_VALID (pts)) {
    g_string_append_printf (w->problems, "buffer %u: no PTS\n", w->n_buffers);
  } else {
    if (GST_CLOCK_TIME_IS_VALID (w->last_pts) && pts <= w->last_pts)
      w->backwards = TRUE;
    w->last_pts = pts;
  }
  /* DURATION = frames / the frame rate of the caps */
  if (w->frame_rate_n > 0 && GST_BUFFER_DURATION_IS_VALID (buf)) {
    GstClockTime duration = gst_util_uint64_scale (w->frames,
        GST_SECOND * w->frame_rate_d, w->frame_rate_n);

    if (GST_BUFFER_DURATION (buf) > duration + 1
        || GST_BUFFER_DURATION (buf) + 1 < duration)
      g_string_append_printf (w->problems, "buffer %u: duration %"
          GST_TIME_FORMAT ", frame-rate %d/%d and %d frames say %"
          GST_TIME_FORMAT "\n", w->n_buffers,
          GST_TIME_ARGS (GST_BUFFER_DURATION (buf)), w->frame_rate_n,
          w->frame_rate_d, w->frames, GST_TIME_ARGS (duration));
  }
  w->frames_total += w->frames;
  w->size_frames += w->frames;
}

static void
watch_event (Watch * w, GstEvent * event)
{
  GstCaps *caps;

  if (GST_EVENT_TYPE (event) == GST_EVENT_CAPS) {
    gst_event_parse_caps (event, &caps);
    watch_caps (w, caps);
  } else if (GST_EVENT_TYPE (event) == GST_EVENT_EOS) {
    w->eos = TRUE;
  }
}

/* Checks what @out kept, events and buffers in the order they came. */
static void
watch_sink (Watch * w, TcTestSink * out)
{
  guint e = 0, k;

  for (k = 0; k <= out->samples->len; k++) {
    for (; e < out->events->len
        && g_array_index (out->event_at, guint, e) <= k; e++)
      watch_event (w, g_ptr_array_index (out->events, e));
    if (k < out->samples->len)
      watch_buffer (w, gst_sample_get_buffer (g_ptr_array_index
              (out->samples, k)));
  }
}

static void
watch_init (Watch * w, guint per_chunk)
{
  memset (w, 0, sizeof (*w));
  w->last_pts = GST_CLOCK_TIME_NONE;
  w->sizes = g_string_new (NULL);
  w->problems = g_string_new (NULL);
  w->per_chunk = per_chunk;
}

static void
watch_clear (Watch * w)
{
  g_string_free (w->sizes, TRUE);
  g_string_free (w->problems, TRUE);
}

/* How the source reaches the element. */
typedef enum
{
  BY_LOCATION,
  BY_PULL,                      /* filesrc answers pull and seekable */
  BY_PUSH,                      /* a queue in between: pushed bytes */
} Source;

static gchar *
launch_line (Source source, const gchar * path, guint per_chunk,
    const gchar * props)
{
  switch (source) {
    case BY_LOCATION:
      return g_strdup_printf ("tensorchunker location=%s name=t "
          "video_0::frames-per-chunk=%u %s t.video_0 ! fakesink name=out0",
          path, per_chunk, props);
    case BY_PULL:
      return g_strdup_printf ("filesrc location=%s ! tensorchunker name=t "
          "video_0::frames-per-chunk=%u %s t.video_0 ! fakesink name=out0",
          path, per_chunk, props);
    case BY_PUSH:
      return g_strdup_printf ("filesrc location=%s ! queue ! tensorchunker "
          "name=t video_0::frames-per-chunk=%u %s t.video_0 ! "
          "fakesink name=out0", path, per_chunk, props);
  }
  g_assert_not_reached ();
  return NULL;
}

/* Plays the media from @source to EOS or an error, watching the sink in
 * @w; returns NULL at EOS, else the error, failing when neither comes
 * within the timeout.  Every object is freed after (the message holds its
 * source: it goes first). */
static GError *
play_with (Watch * w, Source source, const gchar * media, const gchar * props)
{
  GError *result = NULL;
  GstMessage *msg;
  gchar *line, *path = tc_test_media (media);
  TcRun *run;

  line = launch_line (source, path, w->per_chunk, props);
  g_free (path);
  run = tc_run_new ("%s", line);
  fail_unless (run->n_sinks == 1 && run->tc != NULL);
  g_object_set (run->sinks[0], "sync", FALSE, NULL);

  msg = tc_run_play (run, TIMEOUT);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    gchar *debug = NULL;

    gst_message_parse_error (msg, &result, &debug);
    GST_INFO ("%s: error %s (%s)", line, result->message, GST_STR_NULL (debug));
    g_free (debug);
  }
  gst_message_unref (msg);
  /* stopped: nothing more comes */
  gst_element_set_state (run->pipeline, GST_STATE_NULL);
  watch_sink (w, run->out[0]);
  tc_run_free (run);
  g_free (line);
  GST_INFO ("%u caps, %u buffers, %" G_GUINT64_FORMAT " frames (%s), "
      "%u short", w->n_caps, w->n_buffers, w->frames_total, w->sizes->str,
      w->n_short);
  return result;
}

/* The output follows the source: no pad setting but frames-per-chunk. */
static GError *
play (Watch * w, Source source, const gchar * media)
{
  return play_with (w, source, media, "");
}

static void
expect_eos (GError * err)
{
  fail_unless (err == NULL, "error instead of EOS: %s", err ? err->message :
      "");
}

/* A frame size change: 2 s of 160x120 at 10 fps, then 2 s of 96x64, time
 * going on.  With 1 frame a chunk and with 3 (20 is not a multiple: the
 * last chunk of 160x120 is short, 2 frames). */
static void
check_size_step (Source source, guint per_chunk)
{
  Watch w;

  watch_init (&w, per_chunk);
  expect_eos (play (&w, source, "size_step.ts"));
  watch_close_size (&w);
  fail_unless (w.problems->len == 0, "%s", w.problems->str);
  fail_unless (w.eos);
  fail_if (w.backwards, "the PTS went back");
  fail_unless_equals_string (w.sizes->str, "160x120 20, 96x64 20");
  /* when 20 is not a multiple of frames-per-chunk: one short chunk at the
   * change, one at the end */
  fail_unless_equals_int (w.n_short, 20 % per_chunk ? 2 : 0);
  /* a caps event per shape: the first, the short, the new size, its short */
  fail_unless (w.n_caps >= 2 && w.n_caps <= 4, "%u caps", w.n_caps);
  watch_clear (&w);
}

GST_START_TEST (test_size_change)
{
  check_size_step (BY_LOCATION, 1);
  check_size_step (BY_LOCATION, 3);
  check_size_step (BY_LOCATION, 4);
}

GST_END_TEST;

GST_START_TEST (test_size_change_byte_stream)
{
  check_size_step (BY_PULL, 3);
  check_size_step (BY_PUSH, 3);
}

GST_END_TEST;

/* A frame rate change: 2 s at 10 fps, then 2 s at 25 fps, 160x120, time
 * going on.  The output follows the source's rate: every frame comes out,
 * each at its own PTS, and the DURATION of a chunk is its frames at the
 * rate of its caps.  That rate is the stream's average as FFmpeg probed it
 * (25/1 here) and does not follow the change: for the 10 fps part the
 * DURATION (40 ms) is shorter than the PTS steps (100 ms).  Known, not
 * checked here (issue #6). */
static void
check_rate_step (Source source, guint per_chunk)
{
  Watch w;

  watch_init (&w, per_chunk);
  expect_eos (play (&w, source, "rate_step.ts"));
  watch_close_size (&w);
  fail_unless (w.problems->len == 0, "%s", w.problems->str);
  fail_unless (w.eos);
  fail_if (w.backwards, "the PTS went back");
  fail_unless_equals_string (w.sizes->str, "160x120 70");
  watch_clear (&w);
}

GST_START_TEST (test_rate_change)
{
  check_rate_step (BY_LOCATION, 1);
  check_rate_step (BY_LOCATION, 4);
}

GST_END_TEST;

/* Time that goes back: back.ts is the same 2 s twice; size_change.ts is
 * 160x120 at 10 fps then 96x64 at 25 fps, both starting at the same time.
 * Every frame is decoded, every buffer matches its caps, the stream ends
 * with EOS (the output starts anew at the jump, docs/design.md). */
static void
check_back (Source source, const gchar * media, guint per_chunk,
    const gchar * sizes)
{
  Watch w;

  watch_init (&w, per_chunk);
  expect_eos (play (&w, source, media));
  watch_close_size (&w);
  fail_unless (w.problems->len == 0, "%s: %s", media, w.problems->str);
  fail_unless (w.eos);
  fail_unless_equals_string (w.sizes->str, sizes);
  watch_clear (&w);
}

GST_START_TEST (test_time_goes_back)
{
  check_back (BY_LOCATION, "back.ts", 1, "160x120 40");
  check_back (BY_LOCATION, "back.ts", 3, "160x120 40");
  check_back (BY_PUSH, "back.ts", 3, "160x120 40");
  check_back (BY_LOCATION, "size_change.ts", 1, "160x120 20, 96x64 50");
  check_back (BY_LOCATION, "size_change.ts", 4, "160x120 20, 96x64 50");
  check_back (BY_PUSH, "size_change.ts", 4, "160x120 20, 96x64 50");
}

GST_END_TEST;

/* Time that jumps 4557 s forward (jump.ts: the 33-bit clock wraps): the
 * output starts anew, nothing fills the gap. */
GST_START_TEST (test_time_jumps)
{
  check_back (BY_LOCATION, "jump.ts", 1, "160x120 40");
  check_back (BY_PUSH, "jump.ts", 3, "160x120 40");
}

GST_END_TEST;

/* A size the output asks for: the scale follows the source's change, the
 * chunks go on across it (one shape, no short chunk but the last). */
GST_START_TEST (test_size_change_scaled)
{
  Watch w;

  watch_init (&w, 3);
  expect_eos (play_with (&w, BY_LOCATION, "size_step.ts",
          "video_0::width=80 video_0::height=60"));
  watch_close_size (&w);
  fail_unless (w.problems->len == 0, "%s", w.problems->str);
  fail_unless (w.eos);
  fail_if (w.backwards, "the PTS went back");
  fail_unless_equals_string (w.sizes->str, "80x60 40");
  fail_unless_equals_int (w.n_short, 1);
  fail_unless_equals_int (w.n_buffers, 14);
  watch_clear (&w);
}

GST_END_TEST;

/* last-chunk is for the end of the stream: the chunk cut short by the size
 * change (20 frames of 160x120 in chunks of 3: 2 left) is pushed with
 * last-chunk=drop as without it; only the stream's last short chunk (20
 * frames of 96x64: 2 left) is dropped. */
GST_START_TEST (test_size_change_last_chunk)
{
  Watch w;

  watch_init (&w, 3);
  expect_eos (play_with (&w, BY_LOCATION, "size_step.ts", "last-chunk=drop"));
  watch_close_size (&w);
  fail_unless (w.problems->len == 0, "%s", w.problems->str);
  fail_unless (w.eos);
  /* 6 chunks of 3 and the short one of 2 (its caps say 2 frames, and the
   * frames per size count them), then 6 of 3 */
  fail_unless_equals_string (w.sizes->str, "160x120 20, 96x64 18");
  fail_unless_equals_int (w.n_short, 1);
  fail_unless_equals_int (w.n_buffers, 13);
  watch_clear (&w);
}

GST_END_TEST;

/* A rate the output asks for: 5 fps over both parts of rate_step.ts
 * (10 then 25 fps), 4 s: 20 frames, each chunk's DURATION what its caps
 * say, the PTS 200 ms apart. */
GST_START_TEST (test_rate_change_converted)
{
  Watch w;

  watch_init (&w, 1);
  expect_eos (play_with (&w, BY_LOCATION, "rate_step.ts",
          "video_0::frame-rate=5/1"));
  watch_close_size (&w);
  fail_unless (w.problems->len == 0, "%s", w.problems->str);
  fail_unless (w.eos);
  fail_if (w.backwards, "the PTS went back");
  fail_unless_equals_int (w.frame_rate_n, 5);
  fail_unless_equals_int (w.frame_rate_d, 1);
  /* fps may round the last frame either way */
  fail_unless (w.frames_total >= 19 && w.frames_total <= 21, "%"
      G_GUINT64_FORMAT " frames", w.frames_total);
  fail_unless (w.last_pts >= 3600 * GST_MSECOND
      && w.last_pts <= 4000 * GST_MSECOND, "last PTS %" GST_TIME_FORMAT,
      GST_TIME_ARGS (w.last_pts));
  watch_clear (&w);
}

GST_END_TEST;

/* Random and damaged bytes through the sink pad */

/* A sink's caps and buffers, checked generically: each buffer holds
 * product(dims) elements of the caps' type. */
typedef struct
{
  GMutex lock;
  gsize expected;
  guint n_buffers;
  GString *problems;
  GString *audio;               /* "16000/1, 22050/2": rate/channels seen */
  gint rate, channels;
  GstClockTime last_pts;
  gboolean eos;
} Bytes;

static gsize
type_size (const gchar * type)
{
  const gchar *names[] = { "uint8", "int16", "int32", "int64", "float32",
    "float64"
  };
  const gsize sizes[] = { 1, 2, 4, 8, 4, 8 };
  guint i;

  for (i = 0; type != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (type, names[i]))
      return sizes[i];
  return 0;
}

static GstPadProbeReturn
on_bytes (GstPad * pad, GstPadProbeInfo * info, Bytes * b)
{
  g_mutex_lock (&b->lock);
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER) {
    gsize size = gst_buffer_get_size (GST_PAD_PROBE_INFO_BUFFER (info));

    b->n_buffers++;
    b->last_pts = GST_BUFFER_PTS (GST_PAD_PROBE_INFO_BUFFER (info));
    if (size != b->expected)
      g_string_append_printf (b->problems, "buffer %u: %" G_GSIZE_FORMAT
          " bytes, the caps say %" G_GSIZE_FORMAT "\n", b->n_buffers, size,
          b->expected);
  } else if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_CAPS) {
    const GstStructure *s;
    const GValue *dims;
    GstCaps *caps;
    guint i;

    gst_event_parse_caps (GST_PAD_PROBE_INFO_EVENT (info), &caps);
    s = gst_caps_get_structure (caps, 0);
    dims = gst_structure_get_value (s, "dims");
    b->expected = type_size (gst_structure_get_string (s, "type"));
    if (b->expected == 0 || dims == NULL || !GST_VALUE_HOLDS_ARRAY (dims))
      g_string_append_printf (b->problems, "caps without a type or dims: "
          "%" GST_PTR_FORMAT "\n", caps);
    for (i = 0; dims != NULL && i < gst_value_array_get_size (dims); i++)
      b->expected *= g_value_get_int (gst_value_array_get_value (dims, i));
    if (b->audio != NULL) {
      gint rate = 0, channels = 0;

      gst_structure_get_int (s, "rate", &rate);
      gst_structure_get_int (s, "channels", &channels);
      if (rate != b->rate || channels != b->channels)
        g_string_append_printf (b->audio, "%s%d/%d", b->audio->len ? ", " :
            "", rate, channels);
      b->rate = rate;
      b->channels = channels;
    }
  } else if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_EOS) {
    b->eos = TRUE;
  }
  g_mutex_unlock (&b->lock);
  return GST_PAD_PROBE_OK;
}

/* What a run of damaged bytes may end with: EOS (NULL), or an error of
 * the element's (a stream or resource error, with a message), returned. */
static GError *
check_end (GstMessage * msg, const gchar * what)
{
  GError *err = NULL;
  gchar *debug = NULL;

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS)
    return NULL;
  gst_message_parse_error (msg, &err, &debug);
  GST_INFO ("%s: %s (%s)", what, err->message, GST_STR_NULL (debug));
  fail_unless (err->domain == GST_STREAM_ERROR
      || err->domain == GST_RESOURCE_ERROR, "%s: error of domain %s: %s",
      what, g_quark_to_string (err->domain), err->message);
  fail_unless (err->message != NULL && strlen (err->message) > 10, "%s", what);
  /* the hint of a location that opens protocols underneath (concat:) is
   * no explanation of bytes that fail */
  fail_if (strstr (err->message, "perhaps a protocol") != NULL, "%s: %s",
      what, err->message);
  g_free (debug);
  return err;
}

/* Feeds @data to tensorchunker's sink pad, pushed by an appsrc (push mode)
 * or pulled from a file by filesrc (pull mode), with one output of
 * @templ; the run must end with EOS or an error within the timeout, every
 * buffer matching its caps, everything freed.  Returns the error (NULL at
 * EOS) and, in @n_buffers if not NULL, the buffers that reached the sink. */
static GError *
feed (const gchar * what, const guint8 * data, gsize size,
    const gchar * templ, gboolean pull, guint * n_buffers)
{
  GError *result;
  GstElement *pipeline, *tc, *sink;
  GstPad *pad, *src;
  GstBus *bus;
  GstMessage *msg;
  gchar *file = NULL;
  Bytes b;

  memset (&b, 0, sizeof (b));
  g_mutex_init (&b.lock);
  b.problems = g_string_new (NULL);

  pipeline = gst_pipeline_new (NULL);
  tc = gst_element_factory_make ("tensorchunker", "t");
  sink = gst_element_factory_make ("fakesink", "out");
  fail_unless (tc != NULL && sink != NULL);
  g_object_set (sink, "sync", FALSE, NULL);
  if (pull) {
    GstElement *filesrc = gst_element_factory_make ("filesrc", NULL);
    gint fd = g_file_open_tmp ("tc-feed-XXXXXX", &file, NULL);

    fail_unless (fd >= 0);
    close (fd);
    fail_unless (g_file_set_contents (file, (const gchar *) data, size, NULL));
    g_object_set (filesrc, "location", file, NULL);
    gst_bin_add_many (GST_BIN (pipeline), filesrc, tc, sink, NULL);
    fail_unless (gst_element_link (filesrc, tc));
  } else {
    GstElement *appsrc = gst_element_factory_make ("appsrc", "feed");
    GstFlowReturn ret;
    gsize off;

    fail_unless (appsrc != NULL);
    g_object_set (appsrc, "stream-type", 0 /* stream */ , "format",
        GST_FORMAT_BYTES, "max-bytes", (guint64) size + 1, NULL);
    gst_bin_add_many (GST_BIN (pipeline), appsrc, tc, sink, NULL);
    fail_unless (gst_element_link (appsrc, tc));
    /* queued in the appsrc (it holds them all) before the run starts */
    for (off = 0; off < size; off += 4096) {
      GstBuffer *buf = gst_buffer_new_memdup (data + off, MIN (4096,
              size - off));

      g_signal_emit_by_name (appsrc, "push-buffer", buf, &ret);
      gst_buffer_unref (buf);
      fail_unless_equals_int (ret, GST_FLOW_OK);
    }
    g_signal_emit_by_name (appsrc, "end-of-stream", &ret);
  }
  src = gst_element_request_pad_simple (tc, templ);
  fail_unless (src != NULL);
  pad = gst_element_get_static_pad (sink, "sink");
  fail_unless_equals_int (gst_pad_link (src, pad), GST_PAD_LINK_OK);
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER |
      GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, (GstPadProbeCallback) on_bytes,
      &b, NULL);
  gst_object_unref (pad);

  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, TIMEOUT,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "%s (%s, %s): no EOS and no error within %"
      GST_TIME_FORMAT, what, templ, pull ? "pull" : "push",
      GST_TIME_ARGS (TIMEOUT));
  result = check_end (msg, what);
  gst_message_unref (msg);
  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_NULL),
      GST_STATE_CHANGE_SUCCESS);
  gst_object_unref (bus);
  gst_element_release_request_pad (tc, src);
  gst_object_unref (src);
  tc_test_destroy (pipeline, tc);

  fail_unless (b.problems->len == 0, "%s: %s", what, b.problems->str);
  GST_INFO ("%s (%s, %s): %u buffers", what, templ, pull ? "pull" : "push",
      b.n_buffers);
  if (n_buffers != NULL)
    *n_buffers = b.n_buffers;
  g_string_free (b.problems, TRUE);
  g_mutex_clear (&b.lock);
  if (file != NULL) {
    g_unlink (file);
    g_free (file);
  }
  return result;
}

static void
feed_all_ways (const gchar * what, const guint8 * data, gsize size,
    const gchar * templ)
{
  GError *result = feed (what, data, size, templ, FALSE, NULL);

  g_clear_error (&result);
  result = feed (what, data, size, templ, TRUE, NULL);
  g_clear_error (&result);
}

/* Every input that once broke the core (tests/fuzz/regressions: a 4-byte
 * settings header, then the media), with and without the header, to an
 * audio and to a video output. */
GST_START_TEST (test_fuzz_regressions)
{
  const gchar *dirname = g_getenv ("TC_FUZZ_REGRESSIONS");
  GError *err = NULL;
  const gchar *name;
  GDir *dir;
  guint n = 0;

  fail_unless (dirname != NULL, "TC_FUZZ_REGRESSIONS is not set");
  dir = g_dir_open (dirname, 0, NULL);
  fail_unless (dir != NULL, "%s", dirname);
  while ((name = g_dir_read_name (dir)) != NULL) {
    gchar *path, *data = NULL;
    gsize size = 0;

    if (!g_str_has_suffix (name, ".bin"))
      continue;
    path = g_build_filename (dirname, name, NULL);
    fail_unless (g_file_get_contents (path, &data, &size, NULL));
    fail_unless (size > 4);
    feed_all_ways (name, (guint8 *) data + 4, size - 4, "audio_%u");
    feed_all_ways (name, (guint8 *) data + 4, size - 4, "video_%u");
    g_clear_error (&err);
    err = feed (name, (guint8 *) data, size, "video_%u", FALSE, NULL);
    g_clear_error (&err);
    g_free (data);
    g_free (path);
    n++;
  }
  g_dir_close (dir);
  fail_unless (n >= 5, "%u inputs", n);
}

GST_END_TEST;

/* Test media damaged four ways, the same every run: bytes flipped here
 * and there, a block overwritten with noise, cut short, and one file's
 * head on another's tail. */
static void
check_mutations (const gchar * media, const gchar * other,
    const gchar * templ, guint32 seed)
{
  gchar *path = tc_test_media (media), *path2 = tc_test_media (other);
  gchar *data = NULL, *data2 = NULL;
  gsize size = 0, size2 = 0, i;
  GRand *rand = g_rand_new_with_seed (seed);
  guint8 *copy;
  gchar *what;
  gsize at, n;

  fail_unless (g_file_get_contents (path, &data, &size, NULL));
  fail_unless (g_file_get_contents (path2, &data2, &size2, NULL));
  copy = g_malloc (size + size2);

  /* 1 byte in 500 flipped, past the first 512 (the header mostly holds) */
  memcpy (copy, data, size);
  for (i = 512; i < size; i++)
    if (g_rand_int_range (rand, 0, 500) == 0)
      copy[i] ^= 1 << g_rand_int_range (rand, 0, 8);
  what = g_strdup_printf ("%s, flipped bits (seed %u)", media, seed);
  feed_all_ways (what, copy, size, templ);
  g_free (what);

  /* 4 KiB of noise somewhere */
  memcpy (copy, data, size);
  n = MIN (4096, size / 2);
  at = g_rand_int_range (rand, 0, size - n);
  for (i = 0; i < n; i++)
    copy[at + i] = g_rand_int_range (rand, 0, 256);
  what = g_strdup_printf ("%s, noise at %" G_GSIZE_FORMAT, media, at);
  feed_all_ways (what, copy, size, templ);
  g_free (what);

  /* cut */
  at = g_rand_int_range (rand, 16, size);
  what = g_strdup_printf ("%s, cut at %" G_GSIZE_FORMAT, media, at);
  feed_all_ways (what, (guint8 *) data, at, templ);
  g_free (what);

  /* head of one, tail of the other */
  memcpy (copy, data, size / 2);
  memcpy (copy + size / 2, data2 + size2 / 2, size2 - size2 / 2);
  what = g_strdup_printf ("%s then %s", media, other);
  feed_all_ways (what, copy, size / 2 + size2 - size2 / 2, templ);
  g_free (what);

  g_rand_free (rand);
  g_free (copy);
  g_free (data);
  g_free (data2);
  g_free (path);
  g_free (path2);
}

GST_START_TEST (test_damaged_video)
{
  check_mutations ("clip.ts", "size_change.ts", "video_%u", 1);
  check_mutations ("moov_front.mp4", "clip.ts", "video_%u", 2);
  check_mutations ("small.mkv", "moov_front.mp4", "video_%u", 3);
  check_mutations ("still.png", "still.jpg", "video_%u", 4);
}

GST_END_TEST;

GST_START_TEST (test_damaged_audio)
{
  check_mutations ("clip.ts", "back.ts", "audio_%u", 5);
  check_mutations ("tone.mp3", "clip.ts", "audio_%u", 6);
  check_mutations ("stereo48k.wav", "tone16k.wav", "audio_%u", 7);
  check_mutations ("small.mkv", "tone.mp3", "audio_%u", 8);
}

GST_END_TEST;

/* Noise alone, of a few sizes, pushed and pulled: what a user sees is a
 * stream error that says it is not media, and no chunk. */
GST_START_TEST (test_noise)
{
  GRand *rand = g_rand_new_with_seed (9);
  gsize sizes[] = { 1, 100, 4096, 200000 };
  guint i, j, pull;

  for (i = 0; i < G_N_ELEMENTS (sizes); i++) {
    guint8 *data = g_malloc (sizes[i]);
    gchar *what = g_strdup_printf ("%" G_GSIZE_FORMAT " random bytes",
        sizes[i]);

    for (j = 0; j < sizes[i]; j++)
      data[j] = g_rand_int_range (rand, 0, 256);
    for (pull = 0; pull < 2; pull++) {
      guint n_buffers = G_MAXUINT;
      GError *err = feed (what, data, sizes[i], "video_%u", pull, &n_buffers);

      fail_unless (err != NULL, "%s: EOS", what);
      /* FFmpeg's probe says "invalid data"; for some sizes a demuxer that
       * took the noise for its own refuses it with EINVAL at open */
      fail_unless (g_error_matches (err, GST_STREAM_ERROR,
              GST_STREAM_ERROR_TYPE_NOT_FOUND) || g_error_matches (err,
              GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ),
          "%s: %s", what, err->message);
      fail_unless (g_str_has_prefix (err->message, "could not open '"),
          "%s: %s", what, err->message);
      fail_unless_equals_int (n_buffers, 0);
      g_error_free (err);
    }
    g_free (what);
    g_free (data);
  }
  g_rand_free (rand);
}

GST_END_TEST;

/* Noise without end, pushed as it comes (an appsrc that blocks when 64 KB
 * wait): the probe gives up (FFmpeg reads at most 5 MB), the element says
 * it is not media, and the pushing thread is let go at NULL. */
typedef struct
{
  GstElement *appsrc;
  gint stop;
  guint64 pushed;
} Pusher;

static gpointer
push_noise (Pusher * p)
{
  GRand *rand = g_rand_new_with_seed (10);

  while (!g_atomic_int_get (&p->stop)) {
    GstBuffer *buf = gst_buffer_new_allocate (NULL, 4096, NULL);
    GstFlowReturn ret;
    GstMapInfo map;
    guint i;

    gst_buffer_map (buf, &map, GST_MAP_WRITE);
    for (i = 0; i < map.size; i += 4)
      GST_WRITE_UINT32_LE (map.data + i, g_rand_int (rand));
    gst_buffer_unmap (buf, &map);
    g_signal_emit_by_name (p->appsrc, "push-buffer", buf, &ret);
    gst_buffer_unref (buf);
    if (ret != GST_FLOW_OK)
      break;
    p->pushed += 4096;
  }
  g_rand_free (rand);
  return NULL;
}

GST_START_TEST (test_noise_endless)
{
  GstElement *pipeline = gst_parse_launch ("appsrc name=feed is-live=false "
      "stream-type=stream format=bytes block=true max-bytes=65536 ! "
      "tensorchunker name=t t.video_0 ! fakesink name=out sync=false", NULL);
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;
  GError *err = NULL;
  GThread *thread;
  Pusher p = { NULL, 0, 0 };
  gint64 start = g_get_monotonic_time ();

  fail_unless (pipeline != NULL);
  p.appsrc = gst_bin_get_by_name (GST_BIN (pipeline), "feed");
  thread = g_thread_new ("noise", (GThreadFunc) push_noise, &p);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, TIMEOUT,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "no error within the timeout (%" G_GUINT64_FORMAT
      " bytes pushed)", p.pushed);
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_ERROR);
  gst_message_parse_error (msg, &err, NULL);
  GST_INFO ("after %" G_GUINT64_FORMAT " bytes, %" G_GINT64_FORMAT " ms: %s",
      p.pushed, (g_get_monotonic_time () - start) / 1000, err->message);
  fail_unless (g_error_matches (err, GST_STREAM_ERROR,
          GST_STREAM_ERROR_TYPE_NOT_FOUND), "%s", err->message);
  g_error_free (err);
  gst_message_unref (msg);

  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_NULL),
      GST_STATE_CHANGE_SUCCESS);
  g_atomic_int_set (&p.stop, 1);
  g_thread_join (thread);
  gst_object_unref (p.appsrc);
  gst_object_unref (bus);
  tc_test_destroy (pipeline, NULL);
}

GST_END_TEST;

/* Audio whose rate and channels change mid-stream (size_change.ts: 16 kHz
 * mono, then 22.05 kHz stereo, the time going back to the start): the
 * output follows, with new caps; every buffer matches its caps; EOS. */
GST_START_TEST (test_audio_change)
{
  gchar *path = tc_test_media ("size_change.ts");
  TcRun *run = tc_run_new ("tensorchunker location=%s name=t "
      "t.audio_0 ! fakesink name=out0 sync=false", path);
  GstPad *pad;
  Bytes b;

  memset (&b, 0, sizeof (b));
  g_mutex_init (&b.lock);
  b.problems = g_string_new (NULL);
  b.audio = g_string_new (NULL);
  pad = gst_element_get_static_pad (run->sinks[0], "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER |
      GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, (GstPadProbeCallback) on_bytes,
      &b, NULL);
  gst_object_unref (pad);
  tc_run_play_to_eos (run, TIMEOUT);
  tc_run_free (run);

  fail_unless (b.problems->len == 0, "%s", b.problems->str);
  fail_unless (b.eos);
  fail_unless_equals_string (b.audio->str, "16000/1, 22050/2");
  /* 2 s of each, in chunks of 1024 */
  fail_unless (b.n_buffers >= 31 + 43, "%u buffers", b.n_buffers);
  g_string_free (b.problems, TRUE);
  g_string_free (b.audio, TRUE);
  g_mutex_clear (&b.lock);
  g_free (path);
}

GST_END_TEST;

/* Zeroes the @index-th JPEG picture of @data (from its start marker to
 * the next one's). */
static void
wipe_jpeg (gchar * data, gsize size, guint index)
{
  static const guchar soi[] = { 0xff, 0xd8, 0xff };
  gsize i, start = 0;
  guint n = 0;

  for (i = 0; i + 3 <= size; i++) {
    if (memcmp (data + i, soi, 3) != 0)
      continue;
    if (n == index)
      start = i + 2;
    else if (n == index + 1)
      break;
    n++;
  }
  fail_unless (start > 0 && i + 3 <= size, "no picture %u", index);
  memset (data + start, 0, i - 2 - start);
}

/* Plays @path (one video output) to its end, and returns the message of
 * the warning posted on the way, NULL for none. */
static gchar *
play_for_warning (const gchar * path, guint * n_buffers)
{
  TcRun *run = tc_run_new ("tensorchunker location=\"%s\" name=t "
      "t.video_0 ! fakesink name=out0", path);
  GstBus *bus = gst_element_get_bus (run->pipeline);
  GstMessage *msg;
  gchar *warning = NULL;

  gst_element_set_state (run->pipeline, GST_STATE_PLAYING);
  while ((msg = gst_bus_timed_pop_filtered (bus, TIMEOUT, GST_MESSAGE_EOS |
              GST_MESSAGE_ERROR | GST_MESSAGE_WARNING)) != NULL
      && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_WARNING) {
    GError *err = NULL;

    gst_message_parse_warning (msg, &err, NULL);
    fail_unless (warning == NULL, "a second warning: %s", err->message);
    fail_unless (err->domain == GST_STREAM_ERROR);
    fail_unless_equals_int (err->code, GST_STREAM_ERROR_DECODE);
    warning = g_strdup (err->message);
    g_error_free (err);
    gst_message_unref (msg);
  }
  fail_unless (msg != NULL, "%s: no EOS within the timeout", path);
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_EOS);
  gst_message_unref (msg);
  *n_buffers = tc_run_n_samples (run, 0);
  gst_object_unref (bus);
  tc_run_free (run);
  return warning;
}

/* Damaged data a decoder skips is no error, but the user is told: at the
 * end, a warning names the pad, the decoder and how much it skipped; when
 * an output got nothing at all, it says so.  Clean media: no warning. */
GST_START_TEST (test_damaged_warned)
{
  gchar *path = tc_test_media ("still.png"), *data = NULL, *copy;
  gchar *warning;
  gsize size = 0, i;
  guint n;

  warning = play_for_warning (path, &n);
  fail_unless (warning == NULL, "%s", warning);
  fail_unless_equals_int (n, 1);

  /* the signature and the header chunk hold, the image data does not */
  fail_unless (g_file_get_contents (path, &data, &size, NULL));
  for (i = 64; i < size - 12; i++)
    data[i] ^= 0x5a;
  copy = g_build_filename (g_get_tmp_dir (), "tc-damaged.png", NULL);
  fail_unless (g_file_set_contents (copy, data, size, NULL));
  warning = play_for_warning (copy, &n);
  fail_unless_equals_int (n, 0);
  fail_unless (warning != NULL, "no warning");
  fail_unless (strstr (warning, "Pad video_0 got nothing") != NULL, "%s",
      warning);
  fail_unless (strstr (warning, "png decoder") != NULL, "%s", warning);
  g_free (warning);

  g_unlink (copy);
  g_free (copy);
  g_free (data);
  g_free (path);

  /* one picture of a motion JPEG wiped: it alone is skipped, the other 19
   * come, and the warning counts the one */
  path = tc_test_media ("mjpeg.avi");
  fail_unless (g_file_get_contents (path, &data, &size, NULL));
  wipe_jpeg (data, size, 5);
  copy = g_build_filename (g_get_tmp_dir (), "tc-damaged.avi", NULL);
  fail_unless (g_file_set_contents (copy, data, size, NULL));
  warning = play_for_warning (copy, &n);
  fail_unless (n > 0);
  fail_unless (warning != NULL, "no warning");
  fail_unless (strstr (warning, "Pad video_0: the mjpeg decoder of stream 0 "
          "skipped 1 damaged packets") != NULL, "%s", warning);
  g_free (warning);
  g_unlink (copy);
  g_free (copy);
  g_free (data);
  g_free (path);
}

GST_END_TEST;

static Suite *
hostile_element_suite (void)
{
  Suite *s = suite_create ("hostile_element");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_size_change);
  tcase_add_test (tc, test_size_change_byte_stream);
  tcase_add_test (tc, test_rate_change);
  tcase_add_test (tc, test_time_goes_back);
  tcase_add_test (tc, test_time_jumps);
  tcase_add_test (tc, test_size_change_scaled);
  tcase_add_test (tc, test_size_change_last_chunk);
  tcase_add_test (tc, test_rate_change_converted);
  tcase_add_test (tc, test_audio_change);
  tcase_add_test (tc, test_damaged_warned);

  tc = tcase_create ("bytestream");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_fuzz_regressions);
  tcase_add_test (tc, test_damaged_video);
  tcase_add_test (tc, test_damaged_audio);
  tcase_add_test (tc, test_noise);
  tcase_add_test (tc, test_noise_endless);
  return s;
}

TC_TEST_MAIN (hostile_element);
