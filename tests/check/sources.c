/* GStreamer tensorchunker: every local source kind
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
 * Byte streams from upstream (pull and push), headerless raw data, still
 * images and image sequences, synthetic lavfi graphs: each read through
 * tensorchunker, and where a file is the same data, compared with reading
 * the file by its location.
 */

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>

#include <gst/check/gstcheck.h>

#include "tctest.h"
#include "tcrun.h"

#define TIMEOUT (30 * GST_SECOND)

/* Small video outputs: the comparisons are of the same pixels either way. */
#define SMALL_VIDEO "video_0::width=80 video_0::height=60"

/* Reads @media by location and through @upstream (a launch line fragment
 * ending before tensorchunker, with %s for the path), with the same
 * outputs, and checks the chunks are the same bytes.  Without @exact the
 * last chunks may differ: FFmpeg trims an MP3's end padding only where it
 * can seek to its end. */
static void
check_same_as_location (const gchar * media, const gchar * upstream,
    gboolean audio, gboolean video, gboolean exact)
{
  gchar *path = tc_test_media (media);
  gchar *head = g_strdup_printf (upstream, path);
  gchar *outputs = g_strdup_printf ("%s %s%s",
      video ? SMALL_VIDEO " t.video_0 ! fakesink name=out0 sync=false" : "",
      audio ? "t.audio_0 ! fakesink sync=false name=" : "",
      audio ? (video ? "out1" : "out0") : "");
  TcRun *by_location, *by_stream;
  guint i;

  by_location = tc_run_new ("tensorchunker location=%s name=t %s", path,
      outputs);
  tc_run_play_to_eos (by_location, TIMEOUT);
  by_stream = tc_run_new ("%s ! tensorchunker name=t %s", head, outputs);
  tc_run_play_to_eos (by_stream, TIMEOUT);

  for (i = 0; i < by_location->n_sinks; i++) {
    guint n = tc_run_n_samples (by_location, i);

    fail_unless (n > 0);
    if (exact) {
      fail_unless (tc_run_same_data (by_location, i, by_stream, i),
          "%s through '%s': output %u differs from the file's", media,
          upstream, i);
    } else {
      fail_unless_equals_int (tc_run_n_samples (by_stream, i), n);
      fail_unless (tc_run_same_chunks (by_location, i, by_stream, i, n - 1),
          "%s through '%s': output %u differs from the file's", media,
          upstream, i);
    }
  }

  tc_run_free (by_location);
  tc_run_free (by_stream);
  g_free (outputs);
  g_free (head);
  g_free (path);
}

/* Byte streams: pull mode */

GST_START_TEST (test_bytestream_pull)
{
  /* the index at the end: only a seekable input reaches it */
  check_same_as_location ("moov_end.mp4", "filesrc location=%s", FALSE,
      TRUE, TRUE);
  check_same_as_location ("small.mkv", "filesrc location=%s", TRUE, TRUE, TRUE);
}

GST_END_TEST;

static void
on_notify (GObject * object, GParamSpec * pspec, guint * n)
{
  g_atomic_int_inc (n);
}

GST_START_TEST (test_bytestream_pull_info_and_seek)
{
  gchar *path = tc_test_media ("moov_end.mp4");
  TcRun *run = tc_run_new ("filesrc location=%s ! tensorchunker name=t "
      SMALL_VIDEO " t.video_0 ! fakesink name=out0 sync=false", path);
  GValue streams = G_VALUE_INIT;
  const GstStructure *s;
  guint notified = 0;
  gint width = 0;

  g_signal_connect (run->tc, "notify::source-streams", G_CALLBACK (on_notify),
      &notified);

  /* the byte stream opens at READY->PAUSED: nothing to tell before */
  gst_element_set_state (run->pipeline, GST_STATE_READY);
  g_object_get_property (G_OBJECT (run->tc), "source-streams", &streams);
  fail_unless_equals_int (gst_value_array_get_size (&streams), 0);
  g_value_unset (&streams);

  fail_unless_equals_int (gst_element_set_state (run->pipeline,
          GST_STATE_PAUSED), GST_STATE_CHANGE_ASYNC);
  fail_unless_equals_int (gst_element_get_state (run->pipeline, NULL, NULL,
          TIMEOUT), GST_STATE_CHANGE_SUCCESS);
  fail_unless_equals_int (g_atomic_int_get (&notified), 1);
  g_object_get_property (G_OBJECT (run->tc), "source-streams", &streams);
  fail_unless_equals_int (gst_value_array_get_size (&streams), 1);
  s = gst_value_get_structure (gst_value_array_get_value (&streams, 0));
  fail_unless (gst_structure_get_int (s, "width", &width));
  fail_unless_equals_int (width, 320);
  g_value_unset (&streams);

  /* pull mode seeks: 2 s into 4 s at 30 fps */
  fail_unless (gst_element_seek_simple (run->pipeline, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, 2 * GST_SECOND));
  tc_run_play_to_eos (run, TIMEOUT);
  fail_unless_equals_int (tc_run_n_samples (run, 0), 60);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (tc_run_buffer (run, 0, 0)),
      2 * GST_SECOND);

  tc_run_free (run);
  g_free (path);
}

GST_END_TEST;

/* Byte streams: push mode (a queue between makes filesrc push) */

GST_START_TEST (test_bytestream_push)
{
  const gchar *queue = "filesrc location=%s ! queue";

  /* media that plays as a stream: index first, MPEG-TS, WAV, MP3 */
  check_same_as_location ("moov_front.mp4", queue, FALSE, TRUE, TRUE);
  check_same_as_location ("clip.ts", queue, TRUE, TRUE, TRUE);
  check_same_as_location ("tone16k.wav", queue, TRUE, FALSE, TRUE);
  check_same_as_location ("tone.mp3", queue, TRUE, FALSE, FALSE);
}

GST_END_TEST;

typedef struct
{
  gint fd;
  gchar *path;
} PipeWriter;

static gpointer
write_pipe (PipeWriter * w)
{
  gchar *data = NULL;
  gsize size = 0, done = 0;

  g_file_get_contents (w->path, &data, &size, NULL);
  while (done < size) {
    gssize n = write (w->fd, data + done, size - done);

    if (n <= 0)
      break;
    done += n;
  }
  close (w->fd);
  g_free (data);
  return NULL;
}

/* fdsrc on a pipe: upstream that cannot seek at all. */
GST_START_TEST (test_bytestream_fdsrc_pipe)
{
  gchar *path = tc_test_media ("clip.ts");
  PipeWriter w = { -1, path };
  gint fds[2];
  GThread *writer;
  TcRun *by_location, *by_pipe;

  fail_unless (g_unix_open_pipe (fds, FD_CLOEXEC, NULL));
  w.fd = fds[1];
  writer = g_thread_new ("pipe writer", (GThreadFunc) write_pipe, &w);

  by_pipe = tc_run_new ("fdsrc fd=%d ! tensorchunker name=t t.audio_0 ! "
      "fakesink name=out0 sync=false", fds[0]);
  tc_run_play_to_eos (by_pipe, TIMEOUT);
  by_location = tc_run_new ("tensorchunker location=%s name=t t.audio_0 ! "
      "fakesink name=out0 sync=false", path);
  tc_run_play_to_eos (by_location, TIMEOUT);
  fail_unless (tc_run_n_samples (by_pipe, 0) > 100);
  fail_unless (tc_run_same_data (by_location, 0, by_pipe, 0));

  g_thread_join (writer);
  close (fds[0]);
  tc_run_free (by_location);
  tc_run_free (by_pipe);
  g_free (path);
}

GST_END_TEST;

/* An upstream that cannot seek (fdsrc on a pipe) with media that needs
 * it: the error says so.  (Upstreams that push and seek, a filesrc behind a
 * queue included: tests/check/seeking.c.) */
GST_START_TEST (test_bytestream_push_needs_seek)
{
  gchar *path = tc_test_media ("moov_end.mp4");
  PipeWriter w = { -1, path };
  gint fds[2];
  GThread *writer;
  TcRun *run;

  /* the writer's write fails once the reader is gone */
  signal (SIGPIPE, SIG_IGN);
  fail_unless (g_unix_open_pipe (fds, FD_CLOEXEC, NULL));
  w.fd = fds[1];
  writer = g_thread_new ("pipe writer", (GThreadFunc) write_pipe, &w);
  run = tc_run_new ("fdsrc fd=%d ! tensorchunker name=t t.video_0 ! "
      "fakesink name=out0 sync=false", fds[0]);
  tc_run_expect_error (run, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SEEK,
      "needs a seekable input; upstream only pushes", TIMEOUT);
  tc_run_free (run);
  /* the writer ends when the pipe has no reader */
  close (fds[0]);
  g_thread_join (writer);
  g_free (path);
}

GST_END_TEST;

/* The core waits in a read for bytes that do not come: the state change to
 * NULL must still return at once. */
GST_START_TEST (test_bytestream_stop_while_waiting)
{
  gchar *path = tc_test_media ("clip.ts");
  gchar *data = NULL;
  gsize size = 0;
  guint n_bytes[] = { 0, 4096 };
  guint i;

  fail_unless (g_file_get_contents (path, &data, &size, NULL));
  for (i = 0; i < G_N_ELEMENTS (n_bytes); i++) {
    TcRun *run = tc_run_new ("appsrc name=feed stream-type=stream ! "
        "tensorchunker name=t t.video_0 ! fakesink name=out0 sync=false");
    GstElement *src = gst_bin_get_by_name (GST_BIN (run->pipeline), "feed");
    GstFlowReturn flow;
    gint64 start;

    gst_element_set_state (run->pipeline, GST_STATE_PLAYING);
    if (n_bytes[i] > 0) {
      GstBuffer *buffer = gst_buffer_new_memdup (data, n_bytes[i]);

      /* the action signal does not take the buffer */
      g_signal_emit_by_name (src, "push-buffer", buffer, &flow);
      gst_buffer_unref (buffer);
      fail_unless_equals_int (flow, GST_FLOW_OK);
    }
    g_usleep (200 * G_TIME_SPAN_MILLISECOND);
    fail_unless_equals_int (tc_run_n_samples (run, 0), 0);

    start = g_get_monotonic_time ();
    fail_unless_equals_int (gst_element_set_state (run->pipeline,
            GST_STATE_NULL), GST_STATE_CHANGE_SUCCESS);
    fail_unless (g_get_monotonic_time () - start < G_TIME_SPAN_SECOND,
        "stopping took %" G_GINT64_FORMAT " us",
        g_get_monotonic_time () - start);
    gst_object_unref (src);
    tc_run_free (run);
  }
  g_free (data);
  g_free (path);
}

GST_END_TEST;

/* Upstream flushes while the core waits for more of a pushed stream: the
 * demuxer cannot follow a jump, so the run ends with an error saying why,
 * and nothing hangs. */
GST_START_TEST (test_bytestream_upstream_flush)
{
  gchar *path = tc_test_media ("clip.ts");
  TcRun *run = tc_run_new ("appsrc name=feed stream-type=stream ! "
      "tensorchunker name=t t.video_0 ! fakesink name=out0 sync=false");
  GstElement *src = gst_bin_get_by_name (GST_BIN (run->pipeline), "feed");
  GstPad *sinkpad = gst_element_get_static_pad (run->tc, "sink");
  GstBus *bus = gst_element_get_bus (run->pipeline);
  gchar *data = NULL;
  gsize size = 0;
  GstBuffer *buffer;
  GstFlowReturn flow;
  GstMessage *msg;
  GError *err = NULL;

  fail_unless (g_file_get_contents (path, &data, &size, NULL));
  buffer = gst_buffer_new_memdup (data, 4096);
  gst_element_set_state (run->pipeline, GST_STATE_PLAYING);
  g_signal_emit_by_name (src, "push-buffer", buffer, &flow);
  gst_buffer_unref (buffer);
  g_usleep (200 * G_TIME_SPAN_MILLISECOND);

  fail_unless (gst_pad_send_event (sinkpad, gst_event_new_flush_start ()));
  fail_unless (gst_pad_send_event (sinkpad, gst_event_new_flush_stop (TRUE)));
  msg = gst_bus_timed_pop_filtered (bus, TIMEOUT, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "no error after the flush");
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (strstr (err->message, "Upstream flushed the byte stream") !=
      NULL, "%s", err->message);

  g_error_free (err);
  gst_message_unref (msg);
  gst_object_unref (bus);
  gst_object_unref (sinkpad);
  gst_object_unref (src);
  tc_run_free (run);
  g_free (data);
  g_free (path);
}

GST_END_TEST;

/* A stream that ends before it is media is an error, not a hang. */
GST_START_TEST (test_bytestream_truncated)
{
  TcRun *run = tc_run_new ("appsrc name=feed stream-type=stream ! "
      "tensorchunker name=t t.video_0 ! fakesink name=out0 sync=false");
  GstElement *src = gst_bin_get_by_name (GST_BIN (run->pipeline), "feed");
  GstBuffer *buffer = gst_buffer_new_memdup ("not media", 9);
  GstFlowReturn flow;

  gst_element_set_state (run->pipeline, GST_STATE_PLAYING);
  g_signal_emit_by_name (src, "push-buffer", buffer, &flow);
  gst_buffer_unref (buffer);
  g_signal_emit_by_name (src, "end-of-stream", &flow);
  tc_run_expect_error (run, GST_STREAM_ERROR,
      GST_STREAM_ERROR_TYPE_NOT_FOUND, "byte stream", TIMEOUT);
  gst_object_unref (src);
  tc_run_free (run);
}

GST_END_TEST;

GST_START_TEST (test_bytestream_and_location)
{
  gchar *path = tc_test_media ("tone16k.wav");
  TcRun *run = tc_run_new ("filesrc location=%s ! tensorchunker location=%s "
      "name=t t.audio_0 ! fakesink name=out0", path, path);

  tc_run_expect_error (run, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
      "unset location to read upstream's bytes", TIMEOUT);
  tc_run_free (run);
  g_free (path);
}

GST_END_TEST;

/* The default protocols of a local location let FFmpeg's protocols that
 * join local files read them. */
GST_START_TEST (test_local_concat)
{
  gchar *path = tc_test_media ("tone16k.s16");
  const gchar *raw = "format=s16le options=\"options,sample_rate=(string)16000,"
      "ch_layout=(string)mono\" name=t audio_0::frames-per-chunk=1000 "
      "t.audio_0 ! fakesink name=out0 sync=false";
  TcRun *once, *twice;

  once = tc_run_new ("tensorchunker location=%s %s", path, raw);
  tc_run_play_to_eos (once, TIMEOUT);
  twice = tc_run_new ("tensorchunker location=\"concat:%s|%s\" %s", path,
      path, raw);
  tc_run_play_to_eos (twice, TIMEOUT);
  /* 1 s of 16 kHz twice: 32 chunks of 1000 frames, the first 16 those of
   * one file */
  fail_unless_equals_int (tc_run_n_samples (once, 0), 16);
  fail_unless_equals_int (tc_run_n_samples (twice, 0), 32);
  fail_unless (tc_run_same_chunks (once, 0, twice, 0, 16));
  tc_run_free (once);
  tc_run_free (twice);

  /* narrowed to concat alone, it cannot open the files it joins */
  twice = tc_run_new ("tensorchunker location=\"concat:%s|%s\" "
      "protocols=concat %s", path, path, raw);
  tc_run_expect_error (twice, GST_RESOURCE_ERROR,
      GST_RESOURCE_ERROR_OPEN_READ, "not allowed: protocol_whitelist concat",
      TIMEOUT);
  tc_run_free (twice);
  g_free (path);
}

GST_END_TEST;

/* Headerless raw data */

GST_START_TEST (test_raw_s16le)
{
  gchar *wav = tc_test_media ("tone16k.wav");
  gchar *raw = tc_test_media ("tone16k.s16");
  const gchar *options = "options=\"options,sample_rate=(string)16000,"
      "ch_layout=(string)mono\"";
  const gchar *output = "audio_0::frames-per-chunk=1600 t.audio_0 ! "
      "fakesink name=out0 sync=false";
  TcRun *from_wav, *from_raw, *from_stream;
  gchar *dims;

  from_wav = tc_run_new ("tensorchunker location=%s name=t %s", wav, output);
  tc_run_play_to_eos (from_wav, TIMEOUT);
  from_raw = tc_run_new ("tensorchunker location=%s format=s16le %s name=t "
      "%s", raw, options, output);
  tc_run_play_to_eos (from_raw, TIMEOUT);
  /* and the same bytes from upstream */
  from_stream = tc_run_new ("filesrc location=%s ! queue ! tensorchunker "
      "format=s16le %s name=t %s", raw, options, output);
  tc_run_play_to_eos (from_stream, TIMEOUT);

  /* 1 s at 16 kHz: 10 chunks of 1600 frames, mono */
  fail_unless_equals_int (tc_run_n_samples (from_wav, 0), 10);
  fail_unless (tc_run_same_data (from_wav, 0, from_raw, 0));
  fail_unless (tc_run_same_data (from_wav, 0, from_stream, 0));
  dims = tc_run_dims (from_raw, 0, 0);
  fail_unless_equals_string (dims, "1600,1");
  g_free (dims);

  tc_run_free (from_wav);
  tc_run_free (from_raw);
  tc_run_free (from_stream);
  g_free (wav);
  g_free (raw);
}

GST_END_TEST;

/* An option the raw demuxer does not know is named in the error. */
GST_START_TEST (test_raw_unknown_option)
{
  gchar *raw = tc_test_media ("tone16k.s16");
  TcRun *run = tc_run_new ("tensorchunker location=%s format=s16le "
      "options=\"options,sample_rate=(string)16000,samplerate=(string)1\" "
      "name=t t.audio_0 ! fakesink name=out0", raw);

  tc_run_expect_error (run, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
      "'samplerate'", TIMEOUT);
  tc_run_free (run);
  g_free (raw);
}

GST_END_TEST;

/* Still images and image sequences */

GST_START_TEST (test_still_images)
{
  const gchar *images[][2] = {
    {"still.jpg", "1,3,480,640"},
    {"still.png", "1,3,200,320"},
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (images); i++) {
    gchar *path = tc_test_media (images[i][0]);
    TcRun *run = tc_run_new ("tensorchunker location=%s name=t t.video_0 ! "
        "fakesink name=out0 sync=false", path);
    gchar *dims;

    tc_run_play_to_eos (run, TIMEOUT);
    fail_unless_equals_int (tc_run_n_samples (run, 0), 1);
    dims = tc_run_dims (run, 0, 0);
    fail_unless_equals_string (dims, images[i][1]);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (tc_run_buffer (run, 0, 0)), 0);
    g_free (dims);
    tc_run_free (run);
    g_free (path);
  }
}

GST_END_TEST;

GST_START_TEST (test_image_sequence)
{
  gchar *dir = tc_test_media ("seq");
  TcRun *run = tc_run_new ("tensorchunker location=%s/img%%03d.png "
      "options=\"options,framerate=(string)10\" name=t t.video_0 ! "
      "fakesink name=out0 sync=false", dir);
  GstCaps *caps;
  gchar *dims;
  gint n = 0, d = 0;
  guint i;

  tc_run_play_to_eos (run, TIMEOUT);
  fail_unless_equals_int (tc_run_n_samples (run, 0), 10);
  for (i = 0; i < 10; i++)
    fail_unless_equals_uint64 (GST_BUFFER_PTS (tc_run_buffer (run, 0, i)),
        i * 100 * GST_MSECOND);
  dims = tc_run_dims (run, 0, 0);
  fail_unless_equals_string (dims, "1,3,120,160");
  g_free (dims);
  caps = gst_sample_get_caps (tc_run_sample (run, 0, 0));
  fail_unless (gst_structure_get_fraction (gst_caps_get_structure (caps, 0),
          "frame-rate", &n, &d));
  fail_unless_equals_int (n, 10);
  fail_unless_equals_int (d, 1);

  tc_run_free (run);
  g_free (dir);
}

GST_END_TEST;

/* Synthetic lavfi graphs */

GST_START_TEST (test_lavfi_audio)
{
  const gchar *graphs[] = {
    "sine=frequency=440:sample_rate=16000:duration=1",
    "anoisesrc=duration=1:sample_rate=16000:color=pink",
    "aevalsrc=sin(440*2*PI*t):sample_rate=16000:duration=1",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (graphs); i++) {
    TcRun *run = tc_run_new ("tensorchunker format=lavfi location=\"%s\" "
        "name=t audio_0::frames-per-chunk=1600 t.audio_0 ! "
        "fakesink name=out0 sync=false", graphs[i]);
    GstMapInfo map;
    gchar *dims;

    tc_run_play_to_eos (run, TIMEOUT);
    fail_unless_equals_int (tc_run_n_samples (run, 0), 10);
    dims = tc_run_dims (run, 0, 9);
    fail_unless_equals_string (dims, "1600,1");
    g_free (dims);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (tc_run_buffer (run, 0, 5)),
        500 * GST_MSECOND);
    if (i != 1) {
      /* the tones are the tone asked for */
      gst_buffer_map (tc_run_buffer (run, 0, 3), &map, GST_MAP_READ);
      fail_unless_equals_float (tc_dominant_frequency ((gfloat *) map.data,
              1600, 1, 16000), 440.0);
      gst_buffer_unmap (tc_run_buffer (run, 0, 3), &map);
    }
    tc_run_free (run);
  }
}

GST_END_TEST;

GST_START_TEST (test_lavfi_video)
{
  const gchar *graphs[] = {
    "testsrc=size=160x120:rate=10:duration=1",
    "testsrc2=size=160x120:rate=10:duration=1",
    "mandelbrot=size=160x120:rate=10,trim=end_frame=10",
    "life=size=160x120:rate=10:mold=10:ratio=0.5,trim=end_frame=10",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (graphs); i++) {
    TcRun *run = tc_run_new ("tensorchunker format=lavfi location=\"%s\" "
        "name=t t.video_0 ! fakesink name=out0 sync=false", graphs[i]);
    gchar *dims;

    tc_run_play_to_eos (run, TIMEOUT);
    fail_unless_equals_int (tc_run_n_samples (run, 0), 10);
    dims = tc_run_dims (run, 0, 0);
    fail_unless_equals_string (dims, "1,3,120,160");
    fail_unless_equals_uint64 (GST_BUFFER_PTS (tc_run_buffer (run, 0, 9)),
        900 * GST_MSECOND);
    g_free (dims);
    tc_run_free (run);
  }
}

GST_END_TEST;

/* One graph, two outputs: [out0] is stream 0, [out1] stream 1. */
GST_START_TEST (test_lavfi_audio_and_video)
{
  TcRun *run = tc_run_new ("tensorchunker format=lavfi location=\""
      "testsrc2=size=160x120:rate=10:duration=1[out0];"
      "sine=frequency=1000:sample_rate=16000:duration=1[out1]\" name=t "
      "video_0::frames-per-chunk=5 audio_0::frames-per-chunk=8000 "
      "t.video_0 ! fakesink name=out0 sync=false "
      "t.audio_0 ! fakesink name=out1 sync=false");
  GValue streams = G_VALUE_INIT;
  gchar *dims;

  tc_run_play_to_eos (run, TIMEOUT);
  g_object_get_property (G_OBJECT (run->tc), "source-streams", &streams);
  fail_unless_equals_int (gst_value_array_get_size (&streams), 2);
  g_value_unset (&streams);

  /* half a second a chunk on both: synced */
  fail_unless_equals_int (tc_run_n_samples (run, 0), 2);
  fail_unless_equals_int (tc_run_n_samples (run, 1), 2);
  dims = tc_run_dims (run, 0, 0);
  fail_unless_equals_string (dims, "5,3,120,160");
  g_free (dims);
  dims = tc_run_dims (run, 1, 0);
  fail_unless_equals_string (dims, "8000,1");
  g_free (dims);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (tc_run_buffer (run, 0, 1)),
      GST_BUFFER_PTS (tc_run_buffer (run, 1, 1)));

  tc_run_free (run);
}

GST_END_TEST;

static Suite *
sources_suite (void)
{
  Suite *s = suite_create ("sources");
  TCase *bytes = tcase_create ("bytestream");
  TCase *local = tcase_create ("local");

  suite_add_tcase (s, bytes);
  tcase_add_test (bytes, test_bytestream_pull);
  tcase_add_test (bytes, test_bytestream_pull_info_and_seek);
  tcase_add_test (bytes, test_bytestream_push);
  tcase_add_test (bytes, test_bytestream_push_needs_seek);
  tcase_add_test (bytes, test_bytestream_fdsrc_pipe);
  tcase_add_test (bytes, test_bytestream_stop_while_waiting);
  tcase_add_test (bytes, test_bytestream_upstream_flush);
  tcase_add_test (bytes, test_bytestream_truncated);
  tcase_add_test (bytes, test_bytestream_and_location);

  suite_add_tcase (s, local);
  tcase_add_test (local, test_local_concat);
  tcase_add_test (local, test_raw_s16le);
  tcase_add_test (local, test_raw_unknown_option);
  tcase_add_test (local, test_still_images);
  tcase_add_test (local, test_image_sequence);
  tcase_add_test (local, test_lavfi_audio);
  tcase_add_test (local, test_lavfi_video);
  tcase_add_test (local, test_lavfi_audio_and_video);
  return s;
}

TC_RUN_MAIN (sources);
