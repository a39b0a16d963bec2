/* GStreamer tensorchunker stress tests: state changes, pads requested and
 * released between runs, seeks in quick succession and from several
 * threads, and state changes racing seeks and the streaming threads.
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

/* Every wait has a timeout, so a deadlock fails the test rather than
 * hanging it.  The timeouts are loose (the machine may be busy, and the
 * sanitizer build runs several times slower): they catch a hang, not a
 * slow run. */

#include <string.h>

#include <gst/check/gstcheck.h>

#include "tctest.h"

#define TIMEOUT (30 * GST_SECOND)
#define MAX_SINKS 6

/* A short synthetic source, cheap to open and to read: 0.25 s of 8 kHz
 * sine (2000 samples: 4 chunks of 500) and of 32x24 video at 20 fps (5
 * frames, one a chunk). */
#define SHORT_GRAPH "sine=frequency=440:sample_rate=8000:duration=0.25[out0];" \
  "testsrc=size=32x24:rate=20:duration=0.25[out1]"
#define SHORT_AUDIO_CHUNKS 4
#define SHORT_VIDEO_CHUNKS 5
/* The same without an end. */
#define ENDLESS_GRAPH "sine=frequency=440:sample_rate=8000[out0];" \
  "testsrc=size=32x24:rate=20[out1]"

/* A pipeline built by hand rather than a TcRun: its pads are requested
 * and released and its sinks added and removed between runs.  Each sink's
 * buffers must match its expected caps and size.  The errors are counted
 * in the bus's sync handler, so an error posted while the pipeline goes to
 * NULL (which flushes the bus) is counted too. */
typedef struct
{
  GstElement *pipeline;
  GstElement *tc;
  GstElement *sinks[MAX_SINKS];
  TcTestSink *out[MAX_SINKS];
  GstCaps *expect[MAX_SINKS];   /* each buffer's caps must be a subset */
  gsize expect_size[MAX_SINKS]; /* and its size this, when not 0 */

  GMutex lock;
  guint n_errors;
  gchar *first_error;
} Stress;

static void
sink_expect (Stress * s, guint i, const gchar * caps, gsize size)
{
  gst_clear_caps (&s->expect[i]);
  s->expect[i] = caps ? gst_caps_from_string (caps) : NULL;
  fail_unless (caps == NULL || s->expect[i] != NULL, "bad caps %s", caps);
  s->expect_size[i] = size;
}

/* Waits until sink @i rendered @n buffers; FALSE on timeout. */
static gboolean
sink_wait (Stress * s, guint i, guint n)
{
  return tc_test_sink_wait (s->out[i], n, g_get_monotonic_time () +
      TIMEOUT / GST_USECOND);
}

static guint
sink_count (Stress * s, guint i)
{
  return tc_test_sink_n_samples (s->out[i]);
}

static GstClockTime
sink_first_pts (Stress * s, guint i)
{
  return GST_BUFFER_PTS (tc_test_sink_buffer (s->out[i], 0));
}

/* Every buffer sink @i rendered matches its expected caps and size. */
static void
sink_check (Stress * s, guint i, const gchar * what)
{
  guint k, n = sink_count (s, i);

  for (k = 0; s->expect[i] != NULL && k < n; k++) {
    GstSample *sample = tc_test_sink_sample (s->out[i], k);
    GstCaps *caps = gst_sample_get_caps (sample);
    gsize size = gst_buffer_get_size (gst_sample_get_buffer (sample));
    gchar *str;

    if (caps != NULL && gst_caps_is_subset (caps, s->expect[i])
        && (s->expect_size[i] == 0 || size == s->expect_size[i]))
      continue;
    str = caps ? gst_caps_to_string (caps) : g_strdup ("none");
    fail ("%s: buffer %u of %" G_GSIZE_FORMAT " bytes with caps %s", what,
        k, size, str);
    g_free (str);
  }
}

static GstBusSyncReply
on_bus_sync (GstBus * bus, GstMessage * msg, Stress * s)
{
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *err = NULL;
    gchar *debug = NULL;

    gst_message_parse_error (msg, &err, &debug);
    g_mutex_lock (&s->lock);
    if (s->n_errors++ == 0)
      s->first_error = g_strdup_printf ("%s: %s (%s)",
          GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)), err->message,
          GST_STR_NULL (debug));
    g_mutex_unlock (&s->lock);
    g_error_free (err);
    g_free (debug);
  }
  return GST_BUS_PASS;
}

static void
stress_check_no_error (Stress * s, const gchar * when)
{
  g_mutex_lock (&s->lock);
  fail_unless (s->n_errors == 0, "%s: %u errors, the first: %s", when,
      s->n_errors, s->first_error);
  g_mutex_unlock (&s->lock);
}

static Stress *
stress_new (void)
{
  Stress *s = g_new0 (Stress, 1);
  GstBus *bus;

  g_mutex_init (&s->lock);
  s->pipeline = gst_pipeline_new (NULL);
  s->tc = gst_element_factory_make ("tensorchunker", "tc");
  fail_unless (s->tc != NULL);
  gst_bin_add (GST_BIN (s->pipeline), s->tc);
  bus = gst_element_get_bus (s->pipeline);
  gst_bus_set_sync_handler (bus, (GstBusSyncHandler) on_bus_sync, s, NULL);
  gst_object_unref (bus);
  return s;
}

static void
stress_set_media (Stress * s, const gchar * media)
{
  gchar *path = tc_test_media (media);

  g_object_set (s->tc, "location", path, NULL);
  g_free (path);
}

/* A new fakesink (slot @i), in the pipeline, not linked. */
static GstElement *
stress_add_sink (Stress * s, guint i, gboolean sync)
{
  fail_unless (i < MAX_SINKS && s->sinks[i] == NULL);
  s->sinks[i] = gst_element_factory_make ("fakesink", NULL);
  g_object_set (s->sinks[i], "sync", sync, NULL);
  s->out[i] = tc_test_sink_new (s->sinks[i]);
  gst_bin_add (GST_BIN (s->pipeline), s->sinks[i]);
  return s->sinks[i];
}

static void
stress_link (Stress * s, GstPad * pad, guint i)
{
  GstPad *sinkpad = gst_element_get_static_pad (s->sinks[i], "sink");

  fail_unless_equals_int (gst_pad_link (pad, sinkpad), GST_PAD_LINK_OK);
  gst_object_unref (sinkpad);
}

/* Requests a pad of @templ and links it to a new sink in slot @i; returns
 * the pad (a reference the caller owns). */
static GstPad *
stress_add_output (Stress * s, const gchar * templ, guint i, gboolean sync)
{
  GstPad *pad = gst_element_request_pad_simple (s->tc, templ);

  fail_unless (pad != NULL, "no pad of %s", templ);
  stress_add_sink (s, i, sync);
  stress_link (s, pad, i);
  return pad;
}

static void
stress_remove_sink (Stress * s, guint i)
{
  gst_element_set_state (s->sinks[i], GST_STATE_NULL);
  gst_bin_remove (GST_BIN (s->pipeline), s->sinks[i]);
  s->sinks[i] = NULL;
  g_clear_pointer (&s->out[i], tc_test_sink_free);
}

static void
stress_set_state (Stress * s, GstState state)
{
  GstStateChangeReturn ret;
  GstState current;

  ret = gst_element_set_state (s->pipeline, state);
  fail_if (ret == GST_STATE_CHANGE_FAILURE, "%s failed: %s",
      gst_element_state_get_name (state), s->first_error);
  ret = gst_element_get_state (s->pipeline, &current, NULL, TIMEOUT);
  fail_unless_equals_int (ret, GST_STATE_CHANGE_SUCCESS);
  fail_unless_equals_int (current, state);
}

/* Waits for EOS; fails on an error or on a timeout. */
static void
stress_wait_eos (Stress * s, const gchar * when)
{
  GstBus *bus = gst_element_get_bus (s->pipeline);
  GstMessage *msg;

  msg = gst_bus_timed_pop_filtered (bus, TIMEOUT,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_object_unref (bus);
  fail_unless (msg != NULL, "%s: no EOS within %" GST_TIME_FORMAT, when,
      GST_TIME_ARGS (TIMEOUT));
  stress_check_no_error (s, when);
  gst_message_unref (msg);
}

/* Sets NULL, checks nothing failed, and that the pipeline and the element
 * are finalized. */
static void
stress_free (Stress * s)
{
  guint i;

  gst_element_set_state (s->pipeline, GST_STATE_NULL);
  stress_check_no_error (s, "at the end");
  for (i = 0; i < MAX_SINKS; i++) {
    g_clear_pointer (&s->out[i], tc_test_sink_free);
    gst_clear_caps (&s->expect[i]);
  }
  tc_test_destroy (s->pipeline, s->tc);
  g_free (s->first_error);
  g_mutex_clear (&s->lock);
  g_free (s);
}

/* Drops the last reference to a released pad, checking it is finalized.
 * Released while streaming, another thread may hold it for a moment (a
 * query of the pipeline, e.g. the latency after the branch's sink lost its
 * state, goes through the sinks' peers): a leak is a reference that stays
 * (seen to settle within 1 ms). */
static void
check_pad_destroyed (GstPad * pad)
{
  guint i;

  for (i = 0; i < 1000 && GST_OBJECT_REFCOUNT_VALUE (pad) > 1; i++)
    g_usleep (1000);
  gst_check_object_destroyed_on_unref (pad);
}

/* The number of threads of this process. */
static guint
n_threads (void)
{
  gchar *status = NULL, *line;
  guint n = 0;

  fail_unless (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "\nThreads:");
  fail_unless (line != NULL);
  n = (guint) g_ascii_strtoull (line + strlen ("\nThreads:"), NULL, 10);
  g_free (status);
  return n;
}

/* 1. NULL -> PLAYING -> NULL, 500 times, on a source that takes a few
 * milliseconds to read.  Even cycles read it to EOS and count every
 * chunk; odd cycles read an endless graph and go to NULL while the
 * streaming thread is busy (after a few chunks reached each sink). */
#define N_CYCLES 500

GST_START_TEST (test_state_cycles)
{
  Stress *s = stress_new ();
  GstPad *audio, *video;
  guint i, fds = 0, threads = 0;
  gint64 start = g_get_monotonic_time ();

  g_object_set (s->tc, "format", "lavfi", NULL);
  audio = stress_add_output (s, "audio_%u", 0, FALSE);
  g_object_set (audio, "frames-per-chunk", 500, NULL);
  video = stress_add_output (s, "video_%u", 1, FALSE);
  sink_expect (s, 0, "application/x-tensor, type=float32, "
      "dims=<500, 1>, rate=8000, channels=1", 500 * 4);
  sink_expect (s, 1, "application/x-tensor, type=uint8, "
      "dims=<1, 3, 24, 32>, width=32, height=24", 3 * 24 * 32);

  for (i = 0; i < N_CYCLES; i++) {
    gboolean to_eos = i % 2 == 0;
    gchar *when = g_strdup_printf ("cycle %u", i);

    g_object_set (s->tc, "location", to_eos ? SHORT_GRAPH : ENDLESS_GRAPH,
        NULL);
    tc_test_sink_clear (s->out[0]);
    tc_test_sink_clear (s->out[1]);

    stress_set_state (s, GST_STATE_PLAYING);
    if (to_eos) {
      stress_wait_eos (s, when);
      fail_unless_equals_int (sink_count (s, 0), SHORT_AUDIO_CHUNKS);
      fail_unless_equals_int (sink_count (s, 1), SHORT_VIDEO_CHUNKS);
    } else {
      fail_unless (sink_wait (s, 0, 2), "%s: %u audio chunks",
          when, sink_count (s, 0));
      fail_unless (sink_wait (s, 1, 2), "%s: %u video chunks",
          when, sink_count (s, 1));
    }
    /* every run reads from the start */
    fail_unless_equals_uint64 (sink_first_pts (s, 0), 0);
    fail_unless_equals_uint64 (sink_first_pts (s, 1), 0);
    sink_check (s, 0, when);
    sink_check (s, 1, when);

    stress_set_state (s, GST_STATE_NULL);
    stress_check_no_error (s, when);
    g_free (when);

    /* what one run opens it closes: the descriptors and threads after the
     * first two cycles (a thread pool keeps a few idle threads) are all
     * there is */
    if (i == 1) {
      fds = tc_open_fds ();
      threads = n_threads ();
    } else if (i > 1 && i % 50 == 1) {
      fail_unless (tc_open_fds () <= fds,
          "cycle %u: %u open files, %u at first", i, tc_open_fds (), fds);
      fail_unless (n_threads () <= threads + 4,
          "cycle %u: %u threads, %u at first", i, n_threads (), threads);
    }
  }
  GST_INFO ("%u cycles in %.1f s", N_CYCLES,
      (g_get_monotonic_time () - start) / 1e6);

  gst_object_unref (audio);
  gst_object_unref (video);
  stress_free (s);
}

GST_END_TEST;

/* 2. Pads requested and released between runs.  Each run has a few
 * outputs of random settings (a fixed seed: every run of the test is the
 * same); between runs the pipeline goes to READY or NULL, some outputs are
 * released (and must be finalized then) and new ones requested, some by
 * name.  Every chunk of every output must have the shape its pad asked
 * for (last-chunk=pad: the last one too), and as many chunks as the
 * source's frames fill. */
#define PAD_RUNS 30
#define MAX_OUTPUTS 5

typedef struct
{
  GstPad *pad;                  /* owned */
  gboolean video;
  guint expect_chunks;
} Output;

/* The pad graph: 1 s of 64x48 video at 10 fps (10 frames) and of 16 kHz
 * mono sine. */
#define PAD_GRAPH "testsrc=size=64x48:rate=10:duration=1[out0];" \
  "sine=frequency=300:sample_rate=16000:duration=1[out1]"

static void
output_configure (Stress * s, Output * o, guint slot, GRand * rand)
{
  gchar *caps;
  gsize size;

  if (o->video) {
    static const struct
    {
      const gchar *name;
      guint c;
    } formats[] = { {"rgb24", 3}, {"gray", 1}, {"rgba", 4}, {"bgr24", 3} };
    static const guint fpcs[] = { 1, 2, 3, 5 };
    static const gint sides[] = { 0, 16, 40 };
    guint f = g_rand_int_range (rand, 0, G_N_ELEMENTS (formats));
    guint fpc = fpcs[g_rand_int_range (rand, 0, G_N_ELEMENTS (fpcs))];
    gint width = sides[g_rand_int_range (rand, 0, G_N_ELEMENTS (sides))];
    gint height = sides[g_rand_int_range (rand, 0, G_N_ELEMENTS (sides))];
    gboolean nhwc = g_rand_boolean (rand);
    gboolean half_rate = g_rand_boolean (rand);
    guint frames = half_rate ? 5 : 10;
    gint w = width ? width : 64, h = height ? height : 48;
    gchar *name = gst_pad_get_name (o->pad);
    gchar *prop = g_strdup_printf ("%s::frames-per-chunk", name);

    /* one through the child proxy, as gst-launch sets them */
    gst_child_proxy_set (GST_CHILD_PROXY (s->tc), prop, fpc, NULL);
    g_free (prop);
    g_free (name);
    g_object_set (o->pad, "format", formats[f].name, "width", width,
        "height", height, "layout", nhwc ? 1 : 0, "frame-rate",
        half_rate ? 5 : 0, 1, NULL);
    if (nhwc)
      caps = g_strdup_printf ("application/x-tensor, type=uint8, "
          "dims=<%u, %d, %d, %u>, format=%s, layout=nhwc, width=%d, "
          "height=%d", fpc, h, w, formats[f].c, formats[f].name, w, h);
    else
      caps = g_strdup_printf ("application/x-tensor, type=uint8, "
          "dims=<%u, %u, %d, %d>, format=%s, layout=nchw, width=%d, "
          "height=%d", fpc, formats[f].c, h, w, formats[f].name, w, h);
    size = fpc * formats[f].c * w * h;
    o->expect_chunks = (frames + fpc - 1) / fpc;
  } else {
    static const guint fpcs[] = { 400, 1000, 1600, 4000 };
    guint fpc = fpcs[g_rand_int_range (rand, 0, G_N_ELEMENTS (fpcs))];
    gboolean resample = g_rand_boolean (rand);
    guint channels = g_rand_int_range (rand, 1, 3);
    gboolean s16 = g_rand_boolean (rand);
    guint frames = resample ? 8000 : 16000;

    g_object_set (o->pad, "frames-per-chunk", fpc, "sample-rate",
        resample ? 8000 : 0, "channels", channels, "format",
        s16 ? "s16" : "flt", NULL);
    caps = g_strdup_printf ("application/x-tensor, type=%s, dims=<%u, %u>, "
        "format=%s, rate=%d, channels=%u", s16 ? "int16" : "float32", fpc,
        channels, s16 ? "s16" : "flt", resample ? 8000 : 16000, channels);
    size = fpc * channels * (s16 ? 2 : 4);
    o->expect_chunks = (frames + fpc - 1) / fpc;
  }
  sink_expect (s, slot, caps, size);
  GST_DEBUG ("%s:%s expects %u chunks of %s", GST_DEBUG_PAD_NAME (o->pad),
      o->expect_chunks, caps);
  g_free (caps);
}

GST_START_TEST (test_pads_between_runs)
{
  Stress *s = stress_new ();
  Output outputs[MAX_OUTPUTS] = { {NULL,}, };
  GRand *rand = g_rand_new_with_seed (6);
  guint run, i;

  g_object_set (s->tc, "format", "lavfi", "location", PAD_GRAPH,
      "last-chunk", 1 /* pad */ , NULL);

  for (run = 0; run < PAD_RUNS; run++) {
    guint n_outputs = 0;
    gchar *when;

    /* release some: never all of them in a row, so that names are reused
     * and new ones are taken */
    for (i = 0; i < MAX_OUTPUTS; i++) {
      GstPad *pad = outputs[i].pad;

      if (pad == NULL || g_rand_int_range (rand, 0, 3) != 0)
        continue;
      outputs[i].pad = NULL;
      gst_element_release_request_pad (s->tc, pad);
      fail_unless (GST_OBJECT_PARENT (pad) == NULL);
      stress_remove_sink (s, i);
      /* ours is the last reference: the release let go of the pad */
      check_pad_destroyed (pad);
    }
    /* request new ones in the free slots */
    for (i = 0; i < MAX_OUTPUTS; i++) {
      if (outputs[i].pad != NULL || g_rand_int_range (rand, 0, 2) != 0)
        continue;
      outputs[i].video = g_rand_boolean (rand);
      if (g_rand_int_range (rand, 0, 3) == 0) {
        /* by name, a free one */
        GstElementClass *klass = GST_ELEMENT_GET_CLASS (s->tc);
        const gchar *templ = outputs[i].video ? "video_%u" : "audio_%u";
        gchar *name = g_strdup_printf ("%s_%u", outputs[i].video ? "video" :
            "audio", 10 + run * MAX_OUTPUTS + i);

        outputs[i].pad = gst_element_request_pad (s->tc,
            gst_element_class_get_pad_template (klass, templ), name, NULL);
        fail_unless (outputs[i].pad != NULL);
        fail_unless_equals_string (GST_PAD_NAME (outputs[i].pad), name);
        g_free (name);
        stress_add_sink (s, i, FALSE);
        stress_link (s, outputs[i].pad, i);
      } else {
        outputs[i].pad = stress_add_output (s, outputs[i].video ?
            "video_%u" : "audio_%u", i, FALSE);
      }
    }
    /* the settings of every output change from run to run */
    for (i = 0; i < MAX_OUTPUTS; i++) {
      if (outputs[i].pad == NULL)
        continue;
      output_configure (s, &outputs[i], i, rand);
      tc_test_sink_clear (s->out[i]);
      n_outputs++;
    }
    if (n_outputs == 0) {
      /* nothing would be read: one output at least */
      outputs[0].video = TRUE;
      outputs[0].pad = stress_add_output (s, "video_%u", 0, FALSE);
      output_configure (s, &outputs[0], 0, rand);
      n_outputs++;
    }

    fail_unless_equals_int (gst_child_proxy_get_children_count
        (GST_CHILD_PROXY (s->tc)), n_outputs);
    for (i = 0; i < MAX_OUTPUTS; i++) {
      GObject *child;

      if (outputs[i].pad == NULL)
        continue;
      child = gst_child_proxy_get_child_by_name (GST_CHILD_PROXY (s->tc),
          GST_PAD_NAME (outputs[i].pad));
      fail_unless (child == G_OBJECT (outputs[i].pad));
      g_object_unref (child);
    }

    when = g_strdup_printf ("run %u", run);
    stress_set_state (s, GST_STATE_PLAYING);
    stress_wait_eos (s, when);
    for (i = 0; i < MAX_OUTPUTS; i++) {
      if (outputs[i].pad == NULL)
        continue;
      sink_check (s, i, when);
      fail_unless_equals_int (sink_count (s, i), outputs[i].expect_chunks);
    }
    g_free (when);
    /* the pads can be released in READY and in NULL */
    stress_set_state (s, g_rand_boolean (rand) ? GST_STATE_READY :
        GST_STATE_NULL);
  }

  for (i = 0; i < MAX_OUTPUTS; i++)
    gst_clear_object (&outputs[i].pad);
  g_rand_free (rand);
  stress_free (s);
}

GST_END_TEST;

/* 3. Flushing seeks in quick succession while playing (the sinks sync to
 * the clock, so the file plays in real time): back to back from the
 * application, then from three threads at once (the pipeline, and each
 * output's pad directly, so that seeks of different seqnums meet inside
 * the element).  After a last accurate seek, the first chunk of each
 * output after that seek's flush must be at its target, after a segment
 * of that seek, and both outputs must reach EOS. */
#define N_SEEKS 50
#define FINAL_TARGET (4500 * GST_MSECOND)

/* What an output got after the flush of the seek of @seqnum: the segment
 * before the first buffer after that flush, that buffer's PTS, and whether
 * EOS followed. */
typedef struct
{
  gboolean flushed;
  GstSegment segment;
  guint32 segment_seqnum;
  GstClockTime first_pts;
  gboolean eos;
} AfterSeek;

static void
after_seek (TcTestSink * out, guint32 seqnum, AfterSeek * a)
{
  guint e, first = G_MAXUINT;

  memset (a, 0, sizeof (*a));
  a->first_pts = GST_CLOCK_TIME_NONE;
  g_mutex_lock (&out->lock);
  for (e = 0; e < out->events->len; e++) {
    GstEvent *event = g_ptr_array_index (out->events, e);
    guint at = g_array_index (out->event_at, guint, e);
    const GstSegment *segment;

    if (GST_EVENT_TYPE (event) == GST_EVENT_FLUSH_STOP
        && gst_event_get_seqnum (event) == seqnum) {
      a->flushed = TRUE;
      first = at;
    } else if (first == G_MAXUINT) {
      continue;
    } else if (GST_EVENT_TYPE (event) == GST_EVENT_SEGMENT && at == first) {
      gst_event_parse_segment (event, &segment);
      gst_segment_copy_into (segment, &a->segment);
      a->segment_seqnum = gst_event_get_seqnum (event);
    } else if (GST_EVENT_TYPE (event) == GST_EVENT_EOS) {
      a->eos = TRUE;
    }
  }
  if (first < out->samples->len)
    a->first_pts = GST_BUFFER_PTS (gst_sample_get_buffer (g_ptr_array_index
            (out->samples, first)));
  g_mutex_unlock (&out->lock);
}

static GstEvent *
random_seek (GRand * rand)
{
  static const GstSeekFlags flags[] = { 0, GST_SEEK_FLAG_KEY_UNIT,
    GST_SEEK_FLAG_ACCURATE
  };

  return gst_event_new_seek (1.0, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH |
      flags[g_rand_int_range (rand, 0, G_N_ELEMENTS (flags))],
      GST_SEEK_TYPE_SET, g_rand_int_range (rand, 0, 5800) * GST_MSECOND,
      GST_SEEK_TYPE_NONE, -1);
}

typedef struct
{
  GstElement *pipeline;         /* or */
  GstPad *pad;                  /* where to send them */
  guint n;
  guint seed;
  guint n_refused;
  gint stop;                    /* atomic: stop before n */
  GThread *thread;
} Seeker;

static gpointer
seeker_run (Seeker * seeker)
{
  GRand *rand = g_rand_new_with_seed (seeker->seed);
  guint i;

  for (i = 0; i < seeker->n && !g_atomic_int_get (&seeker->stop); i++) {
    GstEvent *seek = random_seek (rand);
    gboolean ok = seeker->pad ? gst_pad_send_event (seeker->pad, seek) :
        gst_element_send_event (seeker->pipeline, seek);

    if (!ok)
      seeker->n_refused++;
    if (g_rand_boolean (rand))
      g_usleep (g_rand_int_range (rand, 0, 10000));
  }
  g_rand_free (rand);
  return NULL;
}

static void
seeker_start (Seeker * seeker, GstElement * pipeline, GstPad * pad, guint n,
    guint seed)
{
  seeker->pipeline = pipeline;
  seeker->pad = pad;
  seeker->n = n;
  seeker->seed = seed;
  seeker->n_refused = 0;
  seeker->stop = 0;
  seeker->thread = g_thread_new ("seeker", (GThreadFunc) seeker_run, seeker);
}

static guint
seeker_join (Seeker * seeker)
{
  g_thread_join (seeker->thread);
  return seeker->n_refused;
}

GST_START_TEST (test_seek_storm)
{
  Stress *s = stress_new ();
  AfterSeek a[2];
  GstPad *pads[2];
  GRand *rand = g_rand_new_with_seed (3);
  Seeker seekers[3];
  GstEvent *seek;
  guint32 seqnum;
  guint i, n = 0, refused = 0;

  stress_set_media (s, "small.mkv");
  pads[0] = stress_add_output (s, "audio_%u", 0, TRUE);
  g_object_set (pads[0], "stream-index", 1, "frames-per-chunk", 1024, NULL);
  pads[1] = stress_add_output (s, "video_%u", 1, TRUE);
  g_object_set (pads[1], "frames-per-chunk", 5, NULL);

  stress_set_state (s, GST_STATE_PLAYING);
  fail_unless (sink_wait (s, 0, 1));
  fail_unless (sink_wait (s, 1, 1));

  /* back to back, as fast as the application can send them: a pipeline
   * seek returns when the element restarted its streaming thread */
  for (i = 0; i < N_SEEKS / 2; i++, n++)
    fail_unless (gst_element_send_event (s->pipeline, random_seek (rand)),
        "seek %u refused", n);

  /* from three threads at once */
  seeker_start (&seekers[0], s->pipeline, NULL, N_SEEKS / 6, 10);
  seeker_start (&seekers[1], NULL, pads[0], N_SEEKS / 6, 11);
  seeker_start (&seekers[2], NULL, pads[1], N_SEEKS / 6, 12);
  /* A seek that meets the flush of another thread's seek is refused by
   * the pad it is sent to (GStreamer discards events on a flushing pad),
   * so only some go through: the first, at least. */
  for (i = 0; i < 3; i++) {
    refused += seeker_join (&seekers[i]);
    n += N_SEEKS / 6;
  }
  stress_check_no_error (s, "the seeks from three threads");
  GST_INFO ("%u of %u seeks from three threads refused", refused,
      3 * (N_SEEKS / 6));
  fail_unless (refused < 3 * (N_SEEKS / 6));
  /* and while the last of them is still being flushed out downstream */
  for (; n < N_SEEKS - 1; n++)
    fail_unless (gst_element_send_event (s->pipeline, random_seek (rand)));
  stress_check_no_error (s, "the seeks");

  /* the last one */
  seek = gst_event_new_seek (1.0, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH |
      GST_SEEK_FLAG_ACCURATE, GST_SEEK_TYPE_SET, FINAL_TARGET,
      GST_SEEK_TYPE_NONE, -1);
  seqnum = gst_event_get_seqnum (seek);
  fail_unless (gst_element_send_event (s->pipeline, seek));
  stress_wait_eos (s, "after the seeks");

  for (i = 0; i < 2; i++) {
    after_seek (s->out[i], seqnum, &a[i]);
    fail_unless (a[i].flushed, "output %u: no flush of the last seek", i);
    fail_unless (a[i].eos, "output %u: no EOS after the last seek", i);
    fail_unless_equals_int (a[i].segment_seqnum, seqnum);
    fail_unless_equals_uint64 (a[i].segment.start, FINAL_TARGET);
    fail_unless_equals_int (a[i].segment.format, GST_FORMAT_TIME);
    fail_unless_equals_float (a[i].segment.rate, 1.0);
  }
  /* audio, sample-exact; video: the first frame at or after the target,
   * 25 fps from 0.005 s */
  fail_unless_equals_uint64 (a[0].first_pts, FINAL_TARGET);
  fail_unless (a[1].first_pts >= FINAL_TARGET &&
      a[1].first_pts < FINAL_TARGET + 40 * GST_MSECOND,
      "first video chunk at %" GST_TIME_FORMAT, GST_TIME_ARGS (a[1].first_pts));
  sink_check (s, 0, "audio");
  sink_check (s, 1, "video");

  g_rand_free (rand);
  gst_object_unref (pads[0]);
  gst_object_unref (pads[1]);
  stress_free (s);
}

GST_END_TEST;

/* 4. The state goes to READY or NULL while a seek sent on an output pad
 * (not through the pipeline, whose state lock would wait for the state
 * change) is in flight: the seek may be refused, but nothing may fail,
 * hang or leak.
 *
 * The sinks do not change state asynchronously: an async basesink that
 * receives a flush-start while it goes from PAUSED to READY "loses" its
 * READY state (gst_element_lost_state() in its flush-start, GStreamer
 * 1.22), and its next READY->PAUSED waits forever for a preroll it never
 * starts.  That race is basesink's with any flushing seek sent beside the
 * pipeline's state change, not the element's. */
GST_START_TEST (test_stop_during_seeks)
{
  Stress *s = stress_new ();
  GstPad *pads[2];
  Seeker seekers[2];
  guint i;

  stress_set_media (s, "small.mkv");
  pads[0] = stress_add_output (s, "audio_%u", 0, FALSE);
  pads[1] = stress_add_output (s, "video_%u", 1, FALSE);
  g_object_set (s->sinks[0], "async", FALSE, NULL);
  g_object_set (s->sinks[1], "async", FALSE, NULL);

  for (i = 0; i < 20; i++) {
    gchar *when = g_strdup_printf ("round %u", i);

    tc_test_sink_clear (s->out[0]);
    tc_test_sink_clear (s->out[1]);
    stress_set_state (s, GST_STATE_PLAYING);
    fail_unless (sink_wait (s, 1, 1));
    seeker_start (&seekers[0], NULL, pads[0], 1000, 20 + i);
    seeker_start (&seekers[1], NULL, pads[1], 1000, 40 + i);
    g_usleep (1000 * (i % 10));
    stress_set_state (s, i % 2 ? GST_STATE_NULL : GST_STATE_READY);
    g_atomic_int_set (&seekers[0].stop, 1);
    g_atomic_int_set (&seekers[1].stop, 1);
    seeker_join (&seekers[0]);
    seeker_join (&seekers[1]);
    stress_check_no_error (s, when);
    g_free (when);
  }

  gst_object_unref (pads[0]);
  gst_object_unref (pads[1]);
  stress_free (s);
}

GST_END_TEST;

/* 5. The application stops the pipeline when a streaming thread tells it
 * to (a probe on a sink, the third chunk): from an idle callback in the
 * main loop, or with gst_element_call_async() from the streaming thread
 * itself.  The state change must complete, every time. */
typedef struct
{
  Stress *s;
  GMainLoop *loop;
  gboolean use_call_async;
  gint fired;                   /* atomic */
} StopWatch;

static gboolean
stop_from_idle (StopWatch * w)
{
  gst_element_set_state (w->s->pipeline, GST_STATE_NULL);
  g_main_loop_quit (w->loop);
  return G_SOURCE_REMOVE;
}

static void
stop_async (GstElement * pipeline, StopWatch * w)
{
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_main_loop_quit (w->loop);
}

static GstPadProbeReturn
on_third_chunk (GstPad * pad, GstPadProbeInfo * info, StopWatch * w)
{
  static const gint third = 3;

  if (g_atomic_int_add (&w->fired, 1) + 1 != third)
    return GST_PAD_PROBE_OK;
  if (w->use_call_async)
    gst_element_call_async (w->s->pipeline, (GstElementCallAsyncFunc)
        stop_async, w, NULL);
  else
    g_idle_add ((GSourceFunc) stop_from_idle, w);
  return GST_PAD_PROBE_OK;
}

/* Started from the running main loop: a stop that came before
 * g_main_loop_run() would quit a loop not yet running, which then runs on. */
static gboolean
start_from_idle (StopWatch * w)
{
  fail_if (gst_element_set_state (w->s->pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  return G_SOURCE_REMOVE;
}

static gboolean
stop_timeout (StopWatch * w)
{
  fail ("the pipeline was not stopped within the timeout");
  return G_SOURCE_REMOVE;
}

GST_START_TEST (test_stop_from_streaming_thread)
{
  Stress *s = stress_new ();
  StopWatch w = { s, g_main_loop_new (NULL, FALSE), FALSE, 0 };
  GstPad *pads[2], *sinkpad;
  guint i;

  g_object_set (s->tc, "format", "lavfi", "location", ENDLESS_GRAPH, NULL);
  pads[0] = stress_add_output (s, "audio_%u", 0, FALSE);
  g_object_set (pads[0], "frames-per-chunk", 100, NULL);
  pads[1] = stress_add_output (s, "video_%u", 1, FALSE);
  sinkpad = gst_element_get_static_pad (s->sinks[0], "sink");
  gst_pad_add_probe (sinkpad, GST_PAD_PROBE_TYPE_BUFFER,
      (GstPadProbeCallback) on_third_chunk, &w, NULL);
  gst_object_unref (sinkpad);

  for (i = 0; i < 40; i++) {
    GstState state;
    guint id;

    w.use_call_async = i % 2;
    g_atomic_int_set (&w.fired, 0);
    g_idle_add ((GSourceFunc) start_from_idle, &w);
    id = g_timeout_add_seconds (30, (GSourceFunc) stop_timeout, &w);
    g_main_loop_run (w.loop);
    g_source_remove (id);
    fail_unless_equals_int (gst_element_get_state (s->pipeline, &state, NULL,
            TIMEOUT), GST_STATE_CHANGE_SUCCESS);
    fail_unless_equals_int (state, GST_STATE_NULL);
    fail_unless (g_atomic_int_get (&w.fired) >= 3);
    stress_check_no_error (s, "a stop");
  }

  gst_object_unref (pads[0]);
  gst_object_unref (pads[1]);
  stress_free (s);
  g_main_loop_unref (w.loop);
}

GST_END_TEST;

/* 6. READY <-> PAUSED, and sometimes on to PLAYING and back: each preroll
 * is the first chunk of the source again, one on each sink. */
GST_START_TEST (test_ready_paused_cycles)
{
  Stress *s = stress_new ();
  GstPad *pads[2];
  GstClockTime first_pts[2];
  guint i;

  stress_set_media (s, "clip.ts");
  pads[0] = stress_add_output (s, "audio_%u", 0, FALSE);
  pads[1] = stress_add_output (s, "video_%u", 1, FALSE);
  g_object_set (pads[1], "width", 32, "height", 24, NULL);
  sink_expect (s, 1, "application/x-tensor, dims=<1, 3, 24, 32>", 3 * 24 * 32);
  stress_set_state (s, GST_STATE_READY);

  for (i = 0; i < 100; i++) {
    gchar *when = g_strdup_printf ("cycle %u", i);
    guint j;

    tc_test_sink_clear (s->out[0]);
    tc_test_sink_clear (s->out[1]);
    stress_set_state (s, GST_STATE_PAUSED);
    for (j = 0; j < 2; j++) {
      GstClockTime pts;

      fail_unless_equals_int (tc_test_sink_n_prerolls (s->out[j], &pts), 1);
      /* every run reads from the start */
      if (i == 0)
        first_pts[j] = pts;
      fail_unless_equals_uint64 (pts, first_pts[j]);
    }
    if (i % 3 == 0) {
      stress_set_state (s, GST_STATE_PLAYING);
      fail_unless (sink_wait (s, 0, 2), "%s", when);
      fail_unless (sink_wait (s, 1, 2), "%s", when);
      /* the prerolled chunk is the first one rendered */
      for (j = 0; j < 2; j++)
        fail_unless_equals_uint64 (sink_first_pts (s, j), first_pts[j]);
      if (i % 2 == 0)
        stress_set_state (s, GST_STATE_PAUSED);
    }
    stress_set_state (s, GST_STATE_READY);
    sink_check (s, 1, when);
    stress_check_no_error (s, when);
    g_free (when);
  }

  gst_object_unref (pads[0]);
  gst_object_unref (pads[1]);
  stress_free (s);
}

GST_END_TEST;

/* 7. Flushing seeks in PAUSED, back to back: each ends with a new preroll
 * at its target. */
GST_START_TEST (test_paused_seeks)
{
  Stress *s = stress_new ();
  GRand *rand = g_rand_new_with_seed (7);
  GstPad *pad;
  guint i;

  stress_set_media (s, "small.mkv");
  pad = stress_add_output (s, "audio_%u", 0, FALSE);
  g_object_set (pad, "stream-index", 1, "frames-per-chunk", 441, NULL);
  stress_set_state (s, GST_STATE_PAUSED);

  for (i = 0; i < 40; i++) {
    GstClockTime target = g_rand_int_range (rand, 0, 5900) * GST_MSECOND;
    GstClockTime pts;

    tc_test_sink_clear (s->out[0]);
    fail_unless (gst_element_seek_simple (s->pipeline, GST_FORMAT_TIME,
            GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, target));
    fail_unless_equals_int (gst_element_get_state (s->pipeline, NULL, NULL,
            TIMEOUT), GST_STATE_CHANGE_SUCCESS);
    fail_unless_equals_int (tc_test_sink_n_prerolls (s->out[0], &pts), 1);
    /* accurate: the sample at the target, at 44.1 kHz */
    fail_unless (pts + 23 * GST_USECOND > target
        && pts < target + 23 * GST_USECOND, "seek to %" GST_TIME_FORMAT
        " prerolled at %" GST_TIME_FORMAT, GST_TIME_ARGS (target),
        GST_TIME_ARGS (pts));
  }
  stress_check_no_error (s, "the seeks");

  g_rand_free (rand);
  gst_object_unref (pad);
  stress_free (s);
}

GST_END_TEST;

/* 8. Outputs released while the others stream, the way an application
 * takes a branch away: either released first (the element flushes the
 * branch's sink itself) and its sink removed after, or unlinked, its sink
 * removed, then released.  The other outputs go on; every released pad is
 * finalized. */
GST_START_TEST (test_release_while_playing)
{
  Stress *s = stress_new ();
  static const gchar *templs[] = { "audio_%u", "video_%u", "video_%u" };
  GstPad *pads[3];
  guint i, j;

  g_object_set (s->tc, "format", "lavfi", "location", ENDLESS_GRAPH, NULL);

  for (i = 0; i < 30; i++) {
    gchar *when = g_strdup_printf ("cycle %u", i);
    guint gone = i % 3, n[3];

    for (j = 0; j < 3; j++) {
      pads[j] = stress_add_output (s, templs[j], j, FALSE);
      if (j == 0)
        g_object_set (pads[j], "frames-per-chunk", 200, NULL);
      else if (j == 2)
        g_object_set (pads[j], "format", "gray", "width", 16, NULL);
    }
    stress_set_state (s, GST_STATE_PLAYING);
    for (j = 0; j < 3; j++)
      fail_unless (sink_wait (s, j, 2), "%s: output %u", when, j);

    if (i % 2 == 0) {
      gst_element_release_request_pad (s->tc, pads[gone]);
      stress_remove_sink (s, gone);
    } else {
      GstPad *sinkpad = gst_element_get_static_pad (s->sinks[gone], "sink");

      fail_unless (gst_pad_unlink (pads[gone], sinkpad));
      gst_object_unref (sinkpad);
      stress_remove_sink (s, gone);
      gst_element_release_request_pad (s->tc, pads[gone]);
    }
    check_pad_destroyed (pads[gone]);
    pads[gone] = NULL;
    fail_unless_equals_int (gst_child_proxy_get_children_count
        (GST_CHILD_PROXY (s->tc)), 2);

    /* the others go on */
    for (j = 0; j < 3; j++)
      if (j != gone)
        n[j] = sink_count (s, j);
    for (j = 0; j < 3; j++)
      if (j != gone)
        fail_unless (sink_wait (s, j, n[j] + 2),
            "%s: output %u stopped after output %u went", when, j, gone);
    stress_check_no_error (s, when);

    stress_set_state (s, i % 4 < 2 ? GST_STATE_READY : GST_STATE_NULL);
    for (j = 0; j < 3; j++) {
      if (j == gone)
        continue;
      gst_element_release_request_pad (s->tc, pads[j]);
      stress_remove_sink (s, j);
      check_pad_destroyed (pads[j]);
    }
    fail_unless_equals_int (gst_child_proxy_get_children_count
        (GST_CHILD_PROXY (s->tc)), 0);
    g_free (when);
  }

  stress_free (s);
}

GST_END_TEST;

static Suite *
stress_suite (void)
{
  Suite *s = suite_create ("stress");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  /* the sanitizer build is several times slower */
  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_state_cycles);
  tcase_add_test (tc, test_pads_between_runs);
  tcase_add_test (tc, test_seek_storm);
  tcase_add_test (tc, test_stop_during_seeks);
  tcase_add_test (tc, test_stop_from_streaming_thread);
  tcase_add_test (tc, test_ready_paused_cycles);
  tcase_add_test (tc, test_paused_seeks);
  tcase_add_test (tc, test_release_while_playing);
  return s;
}

TC_TEST_MAIN (stress);
