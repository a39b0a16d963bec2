/* GStreamer tensorchunker: the seeks a player makes
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
 * SEGMENT seeks looped as gst-play loops, non-flushing seeks, refused
 * rates; and byte streams that upstream pushes but can seek (appsrc
 * stream-type=seekable, souphttpsrc against a server with range requests)
 * for an MP4 with its index at the end.
 */

#include <string.h>

#include <gst/check/gstcheck.h>

#include "tcfeed.h"
#include "tcrun.h"
#include "tctest.h"

#define TIMEOUT (30 * GST_SECOND)

static gboolean
same_buffer (GstBuffer * x, GstBuffer * y)
{
  return GST_BUFFER_PTS (x) == GST_BUFFER_PTS (y)
      && tc_test_same_bytes (x, y);
}

/* Whether n buffers of a from a_from and of b from b_from are the same
 * bytes at the same times. */
static gboolean
same_buffers (GPtrArray * a, guint a_from, GPtrArray * b, guint b_from, guint n)
{
  guint i;

  if (a->len < a_from + n || b->len < b_from + n)
    return FALSE;
  for (i = 0; i < n; i++)
    if (!same_buffer (g_ptr_array_index (a, a_from + i),
            g_ptr_array_index (b, b_from + i)))
      return FALSE;
  return TRUE;
}

static GstEvent *
time_seek (GstSeekFlags flags, GstClockTime start, GstClockTime stop)
{
  return gst_event_new_seek (1.0, GST_FORMAT_TIME, flags, GST_SEEK_TYPE_SET,
      start, GST_CLOCK_TIME_IS_VALID (stop) ? GST_SEEK_TYPE_SET :
      GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_IS_VALID (stop) ? (gint64) stop : -1);
}

static void
set_state (TcRun * run, GstState state)
{
  tc_test_set_state (run->pipeline, state, TIMEOUT);
}

static GstMessage *
pop (TcRun * run, GstMessageType types)
{
  return tc_test_pop (run->pipeline, types, TIMEOUT);
}

/* Waits until sink @i of @run got @n events of @type. */
static void
wait_events (TcRun * run, guint i, GstEventType type, guint n)
{
  fail_unless (tc_test_sink_wait_events (run->out[i], type, n,
          g_get_monotonic_time () + TIMEOUT / GST_USECOND),
      "sink %u got %u %s events, not %u", i,
      tc_test_sink_n_events (run->out[i], type),
      gst_event_type_get_name (type), n);
}

/* small.mkv: video 25 fps from 0.005 s (5-frame chunks, 0.2 s), audio
 * 44.1 kHz (4410-frame chunks, 0.1 s). */
#define SMALL_OUTPUTS \
    "video_0::frames-per-chunk=5 video_0::width=80 video_0::height=60 " \
    "audio_0::stream-index=1 audio_0::frames-per-chunk=4410 " \
    "t.video_0 ! fakesink name=out0 sync=false " \
    "t.audio_0 ! fakesink name=out1 sync=false"

/* SEGMENT seeks: [1 s, 2 s) played 5 times, each seek sent in reply to
 * SEGMENT_DONE, as gst-play loops. */
GST_START_TEST (test_segment_loop)
{
  gchar *path = tc_test_media ("small.mkv");
  TcRun *run = tc_run_new ("tensorchunker name=t location=%s " SMALL_OUTPUTS,
      path);
  GstSeekFlags flags = GST_SEEK_FLAG_SEGMENT | GST_SEEK_FLAG_ACCURATE;
  gint64 duration, position;
  GstPad *video;
  guint i, k, done = 0;

  video = gst_element_get_static_pad (run->tc, "video_0");
  set_state (run, GST_STATE_PAUSED);
  fail_unless (gst_element_send_event (run->pipeline, time_seek (flags |
              GST_SEEK_FLAG_FLUSH, GST_SECOND, 2 * GST_SECOND)));
  gst_element_set_state (run->pipeline, GST_STATE_PLAYING);

  while (done < 5) {
    GstMessage *msg = pop (run, GST_MESSAGE_SEGMENT_DONE | GST_MESSAGE_EOS);

    fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_SEGMENT_DONE);
    gst_message_unref (msg);
    done++;
    /* the message comes once the events are in the queues, before the
     * sinks have them (and the queue answers the position of what left it) */
    for (i = 0; i < 2; i++)
      wait_events (run, i, GST_EVENT_SEGMENT_DONE, done);
    /* the queries stay right: the video reached the stop, no further than
     * one chunk beyond */
    fail_unless (gst_pad_query_position (video, GST_FORMAT_TIME, &position));
    fail_unless (position >= 2 * GST_SECOND && position <= 2200 *
        GST_MSECOND, "position %" GST_TIME_FORMAT, GST_TIME_ARGS (position));
    fail_unless (gst_element_query_duration (run->pipeline, GST_FORMAT_TIME,
            &duration));
    fail_unless (duration >= 5900 * GST_MSECOND && duration <= 6100 *
        GST_MSECOND);
    if (done < 5)
      fail_unless (gst_element_send_event (run->pipeline, time_seek (flags,
                  GST_SECOND, 2 * GST_SECOND)));
  }
  gst_element_set_state (run->pipeline, GST_STATE_NULL);

  for (i = 0; i < 2; i++) {
    GPtrArray *loop1 = NULL;

    TcTestSink *out = run->out[i];

    fail_unless_equals_int (tc_test_sink_n_events (out,
            GST_EVENT_SEGMENT_DONE), 5);
    fail_unless_equals_int (tc_test_sink_n_events (out, GST_EVENT_EOS), 0);
    fail_unless_equals_int (tc_test_sink_n_events (out, GST_EVENT_FLUSH_STOP),
        1);
    /* segments: the start's, the flushing seek's, then one per loop */
    fail_unless_equals_int (tc_test_sink_n_events (out, GST_EVENT_SEGMENT), 6);
    for (k = 1; k <= 5; k++) {
      GstEvent *event;
      const GstSegment *segment;
      GPtrArray *iteration = tc_test_sink_buffers_after (out,
          GST_EVENT_SEGMENT, k, &event);
      GstBuffer *buffer;

      gst_event_parse_segment (event, &segment);
      fail_unless (segment->flags & GST_SEGMENT_FLAG_SEGMENT);
      fail_unless_equals_uint64 (segment->stop, 2 * GST_SECOND);
      /* seamless: each loop's running time starts where the last ended */
      fail_unless_equals_uint64 (segment->base, (k - 1) * GST_SECOND);
      fail_unless (iteration->len > 0);
      buffer = g_ptr_array_index (iteration, 0);
      fail_unless (GST_BUFFER_PTS (buffer) >= GST_SECOND);
      fail_unless (GST_BUFFER_PTS (buffer) < GST_SECOND + 40 * GST_MSECOND);
      buffer = g_ptr_array_index (iteration, iteration->len - 1);
      fail_unless (GST_BUFFER_PTS (buffer) < 2 * GST_SECOND);
      if (loop1 == NULL) {
        loop1 = iteration;
        continue;
      }
      fail_unless_equals_int (iteration->len, loop1->len);
      fail_unless (same_buffers (loop1, 0, iteration, 0, loop1->len),
          "output %u: loop %u differs from the first", i, k);
      g_ptr_array_unref (iteration);
    }
    /* audio: 10 chunks of 0.1 s from 1 s */
    if (i == 1)
      fail_unless_equals_int (loop1->len, 10);
    g_ptr_array_unref (loop1);
  }
  gst_object_unref (video);
  tc_run_free (run);
  g_free (path);
}

GST_END_TEST;

/* Plays @run to its EOS, from the start or after a flushing accurate seek
 * to @target in PAUSED: the buffers of its first sink after the last flush
 * (or from the start), which outlive the run. */
static GPtrArray *
play_traced (TcRun * run, GstClockTime target)
{
  GstMessage *msg;

  set_state (run, GST_STATE_PAUSED);
  if (GST_CLOCK_TIME_IS_VALID (target))
    fail_unless (gst_element_send_event (run->pipeline,
            time_seek (GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, target,
                GST_CLOCK_TIME_NONE)));
  gst_element_set_state (run->pipeline, GST_STATE_PLAYING);
  msg = pop (run, GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (run->pipeline, GST_STATE_NULL);

  return tc_test_sink_buffers_after (run->out[0], GST_EVENT_FLUSH_STOP,
      GST_CLOCK_TIME_IS_VALID (target) ? 0 : -1, NULL);
}

/* The chunks of the first output of a run of @media by its location, read
 * by @outputs, from the start or after a flushing seek to @target in
 * PAUSED. */
static GPtrArray *
reference_run_of (const gchar * media, const gchar * outputs,
    GstClockTime target)
{
  gchar *path = tc_test_media (media);
  TcRun *run = tc_run_new ("tensorchunker name=t location=%s %s", path,
      outputs);
  GPtrArray *items = play_traced (run, target);

  tc_run_free (run);
  g_free (path);
  return items;
}

/* The same of small.mkv's video output. */
static GPtrArray *
reference_run (GstClockTime target)
{
  return reference_run_of ("small.mkv", SMALL_OUTPUTS, target);
}

typedef struct
{
  GstElement *pipeline;
  GstEvent *seek;
} SeekJob;

static gpointer
send_seek (SeekJob * job)
{
  return GINT_TO_POINTER (gst_element_send_event (job->pipeline, job->seek));
}

/* A non-flushing seek while playing: what was queued plays out, then the
 * chunks from the target follow, nothing lost, nothing repeated. */
GST_START_TEST (test_seek_non_flushing)
{
  GstClockTime target = 3 * GST_SECOND;
  GPtrArray *whole = reference_run (GST_CLOCK_TIME_NONE);
  GPtrArray *sought = reference_run (target);
  gchar *path = tc_test_media ("small.mkv");
  TcRun *run = tc_run_new ("tensorchunker name=t location=%s " SMALL_OUTPUTS,
      path);
  TcTestSink *video = run->out[0];
  GPtrArray *before, *after, *audio_before;
  GstEvent *segment_event;
  const GstSegment *segment;
  GstBuffer *last;
  GstClockTime end;
  GstMessage *msg;
  SeekJob job;
  GThread *thread;
  guint32 seqnum;

  /* the video sink holds its 3rd chunk: the seek comes while the
   * streaming thread waits for room in the full queue */
  video->hold_at = 2;
  gst_element_set_state (run->pipeline, GST_STATE_PLAYING);
  fail_unless (tc_test_sink_wait_held (video, g_get_monotonic_time () +
          TIMEOUT / GST_USECOND), "the sink never got its buffer");
  job.pipeline = run->pipeline;
  job.seek = time_seek (GST_SEEK_FLAG_ACCURATE, target, GST_CLOCK_TIME_NONE);
  seqnum = gst_event_get_seqnum (job.seek);
  thread = g_thread_new ("seek", (GThreadFunc) send_seek, &job);
  /* not a timing assertion: only so that the seek waits for the stream
   * lock before the stream goes on */
  g_usleep (100 * G_TIME_SPAN_MILLISECOND);
  tc_test_sink_release (video);
  fail_unless (GPOINTER_TO_INT (g_thread_join (thread)));
  msg = pop (run, GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (run->pipeline, GST_STATE_NULL);

  fail_unless_equals_int (tc_test_sink_n_events (video, GST_EVENT_FLUSH_START),
      0);
  fail_unless_equals_int (tc_test_sink_n_events (video, GST_EVENT_FLUSH_STOP),
      0);
  fail_unless_equals_int (tc_test_sink_n_events (video, GST_EVENT_SEGMENT), 2);
  fail_unless_equals_int (tc_test_sink_n_events (video, GST_EVENT_EOS), 1);

  /* before: the first chunks of a whole run, all of them up to the seek */
  before = tc_test_sink_buffers_after (video, GST_EVENT_SEGMENT, 0, NULL);
  fail_unless (before->len >= 3 && before->len < whole->len);
  fail_unless (same_buffers (whole, 0, before, 0, before->len));
  /* after: exactly what a flushing seek to the target gives */
  after = tc_test_sink_buffers_after (video, GST_EVENT_SEGMENT, 1,
      &segment_event);
  fail_unless_equals_int (gst_event_get_seqnum (segment_event), seqnum);
  fail_unless_equals_int (after->len, sought->len);
  fail_unless (same_buffers (sought, 0, after, 0, after->len));
  fail_unless (GST_BUFFER_PTS (g_ptr_array_index (after, 0)) >= target);
  fail_unless (GST_BUFFER_FLAG_IS_SET (g_ptr_array_index (after, 0),
          GST_BUFFER_FLAG_DISCONT));
  /* the new segment's running time follows the chunks queued before it,
   * on both outputs */
  gst_event_parse_segment (segment_event, &segment);
  audio_before = tc_test_sink_buffers_after (run->out[1], GST_EVENT_SEGMENT,
      0, NULL);
  last = g_ptr_array_index (before, before->len - 1);
  end = GST_BUFFER_PTS (last) + GST_BUFFER_DURATION (last);
  last = g_ptr_array_index (audio_before, audio_before->len - 1);
  end = MAX (end, GST_BUFFER_PTS (last) + GST_BUFFER_DURATION (last));
  fail_unless_equals_uint64 (segment->base, end);
  g_ptr_array_unref (audio_before);

  g_ptr_array_unref (before);
  g_ptr_array_unref (after);
  g_ptr_array_unref (whole);
  g_ptr_array_unref (sought);
  tc_run_free (run);
  g_free (path);
}

GST_END_TEST;

/* Rates other than 1.0: refused, said in the debug log, no error. */
GST_START_TEST (test_seek_rate_refused)
{
  gchar *path = tc_test_media ("small.mkv");
  TcRun *run = tc_run_new ("tensorchunker name=t location=%s " SMALL_OUTPUTS,
      path);
  gdouble rates[] = { 2.0, 0.5, -1.0 };
  GstBus *bus = gst_element_get_bus (run->pipeline);
  GstMessage *msg;
  guint i;

  set_state (run, GST_STATE_PAUSED);
  for (i = 0; i < G_N_ELEMENTS (rates); i++)
    fail_if (gst_element_send_event (run->pipeline, gst_event_new_seek
            (rates[i], GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH,
                GST_SEEK_TYPE_SET, GST_SECOND, GST_SEEK_TYPE_NONE, -1)));
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR | GST_MESSAGE_WARNING);
  fail_unless (msg == NULL, "a refused seek posted %" GST_PTR_FORMAT, msg);
  /* and the run goes on from where it was */
  tc_run_play_to_eos (run, TIMEOUT);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (tc_run_buffer (run, 0, 0)),
      5 * GST_MSECOND);
  gst_object_unref (bus);
  tc_run_free (run);
  g_free (path);
}

GST_END_TEST;

/* Push mode that seeks */

/* A file fed to an appsrc as an application does (tcfeed.h). */
typedef struct
{
  TcFeed feed;
  gchar *contents;
} Feeder;

static Feeder *
feeder_new (const gchar * media)
{
  Feeder *feeder = g_new0 (Feeder, 1);
  gchar *path = tc_test_media (media);
  gsize size;

  fail_unless (g_file_get_contents (path, &feeder->contents, &size, NULL));
  tc_feed_init (&feeder->feed, (const guint8 *) feeder->contents, size);
  g_free (path);
  return feeder;
}

static void
feeder_free (Feeder * feeder)
{
  tc_feed_clear (&feeder->feed);
  g_free (feeder->contents);
  g_free (feeder);
}

static void
feeder_attach (Feeder * feeder, TcRun * run)
{
  GstElement *appsrc = gst_bin_get_by_name (GST_BIN (run->pipeline), "feed");

  fail_unless (appsrc != NULL);
  tc_feed_attach (&feeder->feed, appsrc);
  gst_object_unref (appsrc);
}

/* souphttpsrc's session (a GObject, shared in a context the pipeline
 * keeps) leaks 32 bytes inside GLib when it is finalized, under
 * LeakSanitizer, with no frame of a library of its own to suppress: it is
 * kept for the life of the process instead (tests/sanitizers/lsan.supp
 * takes no suppression for tests/). */
static void
keep_soup_session (TcRun * run)
{
  static GPtrArray *kept;
  GstContext *context = gst_element_get_context (run->pipeline,
      "gst.soup.session");
  const GstStructure *s;
  const GValue *value;
  GObject *session = NULL;

  if (context == NULL)
    return;
  s = gst_context_get_structure (context);
  value = gst_structure_get_value (s, "session");
  if (value != NULL && G_VALUE_HOLDS_OBJECT (value))
    session = g_value_dup_object (value);
  if (session != NULL) {
    if (kept == NULL)
      kept = g_ptr_array_new ();
    g_ptr_array_add (kept, session);
  }
  gst_context_unref (context);
}

#define MOOV_OUTPUT "video_0::width=80 video_0::height=60 " \
    "t.video_0 ! fakesink name=out0 sync=false"

/* moov_end.mp4 (4 s at 30 fps, its index at the end) read through
 * @upstream (a launch line fragment before tensorchunker, with %s for the
 * media's path; NULL: by its location), from the start, or after an accurate seek to @target in
 * PAUSED: the chunks that follow. */
static GPtrArray *
moov_end_run (const gchar * upstream, Feeder * feeder, GstClockTime target)
{
  gchar *path = tc_test_media ("moov_end.mp4");
  gchar *head = upstream ? g_strdup_printf (upstream, path) : NULL;
  TcRun *run = upstream ? tc_run_new ("%s ! tensorchunker name=t "
      MOOV_OUTPUT, head) : tc_run_new ("tensorchunker name=t location=%s "
      MOOV_OUTPUT, path);
  GPtrArray *items;

  if (feeder != NULL)
    feeder_attach (feeder, run);
  items = play_traced (run, target);
  keep_soup_session (run);
  tc_run_free (run);
  g_free (head);
  g_free (path);
  return items;
}

/* Reads moov_end.mp4 through @upstream from the start and after a seek to
 * 2 s, and checks both against reading it by its location. */
static void
check_moov_end (const gchar * upstream, gboolean appsrc)
{
  GstClockTime target = 2 * GST_SECOND;
  GPtrArray *by_location[2], *by_upstream[2];
  Feeder *feeder = NULL;
  guint i;

  for (i = 0; i < 2; i++) {
    GstClockTime at = i ? target : GST_CLOCK_TIME_NONE;

    by_location[i] = moov_end_run (NULL, NULL, at);
    if (appsrc)
      feeder = feeder_new ("moov_end.mp4");
    by_upstream[i] = moov_end_run (upstream, feeder, at);
    if (feeder != NULL) {
      /* the index at the end: back to the data after it at least (the
       * jump to the index may be within the bytes queued) */
      fail_unless (feeder->feed.n_seeks >= 1, "%u seeks", feeder->feed.n_seeks);
      feeder_free (feeder);
    }
    fail_unless_equals_int (by_upstream[i]->len, by_location[i]->len);
    fail_unless (same_buffers (by_location[i], 0, by_upstream[i], 0,
            by_location[i]->len), "through %s: %s differs", upstream,
        i ? "the seek" : "the run");
  }
  /* 4 s at 30 fps; from 2 s, 60 frames */
  fail_unless_equals_int (by_location[0]->len, 120);
  fail_unless_equals_int (by_location[1]->len, 60);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (g_ptr_array_index
          (by_upstream[1], 0)), target);
  for (i = 0; i < 2; i++) {
    g_ptr_array_unref (by_location[i]);
    g_ptr_array_unref (by_upstream[i]);
  }
}

GST_START_TEST (test_push_seek_appsrc)
{
  check_moov_end ("appsrc name=feed stream-type=seekable", TRUE);
  /* a queue between: filesrc pushes, and seeks */
  check_moov_end ("filesrc location=%s ! queue", FALSE);
}

GST_END_TEST;

/* An appsrc that cannot seek: the error says what is needed. */
GST_START_TEST (test_push_seek_appsrc_stream)
{
  Feeder *feeder = feeder_new ("moov_end.mp4");
  TcRun *run = tc_run_new ("appsrc name=feed stream-type=stream ! "
      "tensorchunker name=t " MOOV_OUTPUT);

  feeder_attach (feeder, run);
  tc_run_expect_error (run, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SEEK,
      "needs a seekable input; upstream only pushes", TIMEOUT);
  fail_unless_equals_int (feeder->feed.n_seeks, 0);
  tc_run_free (run);
  feeder_free (feeder);
}

GST_END_TEST;

/* An appsrc that says it can seek and refuses the seek: the error says
 * upstream refused it. */
GST_START_TEST (test_push_seek_refused)
{
  Feeder *feeder = feeder_new ("moov_end.mp4");
  TcRun *run = tc_run_new ("appsrc name=feed stream-type=seekable ! "
      "tensorchunker name=t " MOOV_OUTPUT);

  /* appsrc itself, its seek refused after it flushed, pushes without a
   * new segment: its complaint is not ours */
  gst_check_add_log_filter ("GStreamer", G_LOG_LEVEL_WARNING,
      g_regex_new ("Got data flow before segment event", 0, 0, NULL), NULL,
      NULL, NULL);
  feeder->feed.refuse_seeks = TRUE;
  feeder_attach (feeder, run);
  tc_run_expect_error (run, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SEEK,
      "upstream refused a seek to byte", TIMEOUT);
  tc_run_free (run);
  feeder_free (feeder);
  gst_check_clear_log_filter ();
}

GST_END_TEST;

static GstPadProbeReturn
drop_seeks (GstPad * pad, GstPadProbeInfo * info, gpointer unused)
{
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  gint64 start = 0;

  if (GST_EVENT_TYPE (event) != GST_EVENT_SEEK)
    return GST_PAD_PROBE_OK;
  gst_event_parse_seek (event, NULL, NULL, NULL, NULL, &start, NULL, NULL);
  return start > 0 ? GST_PAD_PROBE_DROP : GST_PAD_PROBE_OK;
}

/* An upstream that takes the seek and sends nothing from there: the read
 * gives up after 10 s, with an error that says so, rather than hang. */
GST_START_TEST (test_push_seek_timeout)
{
  Feeder *feeder = feeder_new ("moov_end.mp4");
  TcRun *run = tc_run_new ("appsrc name=feed stream-type=seekable ! "
      "tensorchunker name=t " MOOV_OUTPUT);
  GstElement *appsrc = gst_bin_get_by_name (GST_BIN (run->pipeline), "feed");
  GstPad *pad = gst_element_get_static_pad (appsrc, "src");

  /* the seek event vanishes on its way: taken, never done */
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_UPSTREAM,
      (GstPadProbeCallback) drop_seeks, NULL, NULL);
  feeder_attach (feeder, run);
  tc_run_expect_error (run, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SEEK,
      "but sent nothing from there within 10 s", TIMEOUT);
  gst_object_unref (pad);
  gst_object_unref (appsrc);
  tc_run_free (run);
  feeder_free (feeder);
}

GST_END_TEST;

/* Waits until @feed answered a seek with nothing, or the monotonic time is
 * @end_time; whether it did. */
static gboolean
wait_stalled (TcFeed * feed, gint64 end_time)
{
  gboolean stalled;

  for (;;) {
    g_mutex_lock (&feed->lock);
    stalled = feed->n_stalls > 0;
    g_mutex_unlock (&feed->lock);
    if (stalled || g_get_monotonic_time () >= end_time)
      return stalled;
    g_usleep (10 * G_TIME_SPAN_MILLISECOND);
  }
}

/* clip.ts: video 25 fps (5-frame chunks), audio 48 kHz (4800-frame
 * chunks). */
#define CLIP_OUTPUTS \
    "video_0::frames-per-chunk=5 video_0::width=80 video_0::height=60 " \
    "audio_0::stream-index=1 audio_0::frames-per-chunk=4800 " \
    "t.video_0 ! fakesink name=out0 sync=false " \
    "t.audio_0 ! fakesink name=out1 sync=false"

/* The application seeks again while the element waits for the BYTES seek
 * of its earlier seek, which upstream took and answers with nothing.  The
 * second seek cannot reach the element before the first ends (the
 * pipeline's seeks wait for its state lock, and the first seek's flush
 * makes every pad between discard events), so the first ends when upstream
 * is given up: the error says so, and nothing hangs (the read FFmpeg makes
 * after the failed seek waited for those bytes, forever, holding the
 * pipeline's state lock, so that neither the second seek nor a stop could
 * go on).  The second seek, which upstream would answer, fails at once
 * without asking it: upstream is given up on for the rest of the run (a
 * stop waits for the seek in progress: not 10 s more for each seek queued
 * before it).  The run after a stop reads again, and its seek gives what a
 * fresh run's does.  @media fed through appsrc, read by @outputs: the
 * error names the stall and the @demuxer whose byte seek failed. */
static void
check_stalled_then_seek (const gchar * media, const gchar * demuxer,
    const gchar * outputs)
{
  GstClockTime target = 2 * GST_SECOND;
  GPtrArray *sought = reference_run_of (media, outputs, target);
  Feeder *feeder = feeder_new (media);
  TcRun *run = tc_run_new ("appsrc name=feed stream-type=seekable ! "
      "tensorchunker name=t %s", outputs);
  GstSeekFlags flags = GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE;
  GstBus *bus = gst_element_get_bus (run->pipeline);
  gchar *says = g_strdup_printf ("(the %s demuxer had to seek in the byte "
      "stream, and the seek failed)", demuxer);
  GError *error = NULL;
  GPtrArray *after;
  GstMessage *msg;
  GThread *thread;
  guint i, n_seeks, n_errors = 0;
  SeekJob job;

  feeder_attach (feeder, run);
  /* played to its end: the core read the whole file, the target's bytes
   * are behind it, beyond what FFmpeg keeps */
  gst_element_set_state (run->pipeline, GST_STATE_PLAYING);
  msg = pop (run, GST_MESSAGE_EOS);
  gst_message_unref (msg);

  g_mutex_lock (&feeder->feed.lock);
  feeder->feed.stall_next_seek = TRUE;
  g_mutex_unlock (&feeder->feed.lock);
  job.pipeline = run->pipeline;
  job.seek = time_seek (flags, GST_SECOND, GST_CLOCK_TIME_NONE);
  thread = g_thread_new ("seek", (GThreadFunc) send_seek, &job);
  fail_unless (wait_stalled (&feeder->feed, g_get_monotonic_time () +
          TIMEOUT / GST_USECOND), "the first seek never reached upstream");
  g_mutex_lock (&feeder->feed.lock);
  n_seeks = feeder->feed.n_seeks;
  g_mutex_unlock (&feeder->feed.lock);
  /* each seek says it failed: the first gave up, the second finds the
   * byte stream given up on */
  fail_if (gst_element_send_event (run->pipeline, time_seek (flags, target,
              GST_CLOCK_TIME_NONE)));
  fail_if (GPOINTER_TO_INT (g_thread_join (thread)));
  fail_unless_equals_int (feeder->feed.n_seeks, n_seeks);
  fail_unless_equals_int (feeder->feed.n_stalls, 1);

  while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR)) != NULL) {
    gst_message_parse_error (msg, &error, NULL);
    fail_unless (g_error_matches (error, GST_RESOURCE_ERROR,
            GST_RESOURCE_ERROR_SEEK), "%s", error->message);
    fail_unless (strstr (error->message, "upstream took a seek to byte ") !=
        NULL, "%s", error->message);
    fail_unless (strstr (error->message, " but sent nothing from there "
            "within 10 s") != NULL, "%s", error->message);
    fail_unless (strstr (error->message, says) != NULL, "'%s' not in '%s'",
        says, error->message);
    g_clear_error (&error);
    gst_message_unref (msg);
    n_errors++;
  }
  fail_unless (n_errors > 0, "no error for the seek given up");
  /* and it stops */
  set_state (run, GST_STATE_NULL);

  /* the next run asks upstream again, which answers */
  for (i = 0; i < run->n_sinks; i++)
    tc_test_sink_clear (run->out[i]);
  after = play_traced (run, target);
  fail_unless (feeder->feed.n_seeks > n_seeks);
  fail_unless (sought->len > 0);
  fail_unless_equals_int (after->len, sought->len);
  fail_unless (same_buffers (sought, 0, after, 0, sought->len));
  fail_unless (GST_BUFFER_PTS (g_ptr_array_index (after, 0)) >= target);

  g_ptr_array_unref (after);
  g_ptr_array_unref (sought);
  gst_object_unref (bus);
  tc_run_free (run);
  feeder_free (feeder);
  g_free (says);
}

GST_START_TEST (test_push_seek_stalled_then_seek)
{
  check_stalled_then_seek ("small.mkv", "matroska,webm", SMALL_OUTPUTS);
}

GST_END_TEST;

/* The same in MPEG-TS, which has no index: the demuxer's seek is FFmpeg's
 * search of the timestamps at byte offsets, which reads the start, then
 * stalls near the end, and fails with -1 (once, the error said "Operation
 * not permitted" there, where the Matroska one names the failed byte
 * seek); and the seek of the run after must go back to clip.ts' only key
 * frame, its first (once, no video came after a seek). */
GST_START_TEST (test_push_seek_stalled_then_seek_ts)
{
  check_stalled_then_seek ("clip.ts", "mpegts", CLIP_OUTPUTS);
}

GST_END_TEST;

/* souphttpsrc against a server with range requests (nginx): it pushes,
 * and takes BYTES seeks. */
GST_START_TEST (test_push_seek_souphttpsrc)
{
  const gchar *root = tc_service ("TC_HTTP_ROOT");
  const gchar *url = tc_service ("TC_HTTP_RANGE_URL");
  gchar *path, *data = NULL, *copy, *upstream;
  gsize size = 0;

  if (root == NULL || url == NULL)
    return;
  /* a name of this test's own: other tests share the folder */
  path = tc_test_media ("moov_end.mp4");
  fail_unless (g_file_get_contents (path, &data, &size, NULL));
  copy = g_build_filename (root, "seeking_moov_end.mp4", NULL);
  fail_unless (g_file_set_contents (copy, data, size, NULL));
  upstream = g_strdup_printf ("souphttpsrc location=%s/seeking_moov_end.mp4",
      url);
  check_moov_end (upstream, FALSE);
  g_free (upstream);
  g_free (copy);
  g_free (data);
  g_free (path);
}

GST_END_TEST;

static Suite *
seeking_suite (void)
{
  Suite *s = suite_create ("seeking");
  TCase *seeks = tcase_create ("seeks");

  tcase_set_timeout (seeks, 120);
  suite_add_tcase (s, seeks);
  tcase_add_test (seeks, test_segment_loop);
  tcase_add_test (seeks, test_seek_non_flushing);
  tcase_add_test (seeks, test_seek_rate_refused);

  {
    TCase *push = tcase_create ("push");

    tcase_set_timeout (push, 120);
    suite_add_tcase (s, push);
    tcase_add_test (push, test_push_seek_appsrc);
    tcase_add_test (push, test_push_seek_appsrc_stream);
    tcase_add_test (push, test_push_seek_refused);
    tcase_add_test (push, test_push_seek_souphttpsrc);
    tcase_add_test (push, test_push_seek_timeout);
    tcase_add_test (push, test_push_seek_stalled_then_seek);
    tcase_add_test (push, test_push_seek_stalled_then_seek_ts);
  }
  return s;
}

TC_RUN_MAIN (seeking);
