/* GStreamer tensorchunker: network sources against real peers
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
 * HTTP from python3 -m http.server, an HLS VOD playlist with two video
 * variants and an audio rendition made by the ffmpeg CLI, RTMP from nginx
 * with the ffmpeg CLI publishing (all started by
 * tests/services/with-services.sh), and a faulty HTTP server of the
 * test's own that stalls or hangs up half way.  The protocol whitelist:
 * a playlist served over HTTP that names a local file is refused.
 */

#include <string.h>

#include <gio/gio.h>
#include <gst/check/gstcheck.h>

#include "tctest.h"
#include "tcrun.h"

#define TIMEOUT (30 * GST_SECOND)

/* Copies a test medium into the HTTP server's folder; returns its URL. */
static gchar *
serve_media (const gchar * http_root, const gchar * http_url,
    const gchar * name)
{
  gchar *path = tc_test_media (name), *data = NULL, *copy;
  gsize size = 0;

  fail_unless (g_file_get_contents (path, &data, &size, NULL));
  copy = g_build_filename (http_root, name, NULL);
  fail_unless (g_file_set_contents (copy, data, size, NULL));
  g_free (copy);
  g_free (data);
  g_free (path);
  return g_strdup_printf ("%s/%s", http_url, name);
}

/* HTTP */

GST_START_TEST (test_http)
{
  const gchar *root = tc_test_peer ("TC_HTTP_ROOT");
  const gchar *url = tc_test_peer ("TC_HTTP_URL");
  const gchar *media[] = { "clip.ts", "moov_front.mp4" };
  guint i;

  if (root == NULL || url == NULL)
    return;

  for (i = 0; i < G_N_ELEMENTS (media); i++) {
    gchar *remote = serve_media (root, url, media[i]);
    gchar *local = tc_test_media (media[i]);
    const gchar *outputs = "video_0::width=80 video_0::height=60 "
        "t.video_0 ! fakesink name=out0 sync=false";
    TcRun *by_http, *by_file;

    by_http = tc_run_new ("tensorchunker location=%s name=t %s", remote,
        outputs);
    tc_run_play_to_eos (by_http, TIMEOUT);
    by_file = tc_run_new ("tensorchunker location=%s name=t %s", local,
        outputs);
    tc_run_play_to_eos (by_file, TIMEOUT);
    fail_unless (tc_run_n_samples (by_http, 0) >= 75);
    fail_unless (tc_run_same_data (by_http, 0, by_file, 0), "%s", remote);

    tc_run_free (by_http);
    tc_run_free (by_file);
    g_free (remote);
    g_free (local);
  }
}

GST_END_TEST;

/* A missing URL is NOT_FOUND, like a missing file. */
GST_START_TEST (test_http_not_found)
{
  const gchar *url = tc_test_peer ("TC_HTTP_URL");
  TcRun *run;

  if (url == NULL)
    return;
  run = tc_run_new ("tensorchunker location=%s/nosuchfile.ts name=t "
      "t.video_0 ! fakesink name=out0", url);
  tc_run_expect_error (run, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
      "nosuchfile.ts", TIMEOUT);
  tc_run_free (run);
}

GST_END_TEST;

/* A server of the test's own: it answers every request with @data, as
 * the whole of a resource of that size, but sends only the first @send
 * bytes, then closes the connection or stalls until stopped.  It keeps
 * the heads of the requests.  A garbage server answers random bytes: as
 * the body of a 200, or instead of HTTP at all, and sends them for ever
 * (until the peer goes or the server stops) or @send of them, then
 * stalls. */
typedef enum
{
  SERVE_ALL,
  SERVE_THEN_CLOSE,
  SERVE_THEN_STALL,
  SERVE_GARBAGE_BODY,           /* 200, @send random bytes, close */
  SERVE_GARBAGE_BODY_STALL,     /* 200, @send random bytes, stall */
  SERVE_GARBAGE_BODY_ENDLESS,   /* 200 without a length, random for ever */
  SERVE_GARBAGE_RAW_STALL,      /* no HTTP: @send random bytes, stall */
  SERVE_GARBAGE_RAW_ENDLESS,    /* no HTTP: random for ever */
} ServeMode;

typedef struct
{
  GSocket *listener;
  guint16 port;
  GThread *thread;
  GCancellable *cancel;
  ServeMode mode;
  gchar *data;
  gsize size;
  gsize send;

  GMutex lock;
  GCond cond;
  gboolean stopping;            /* lock */
  GString *requests;            /* lock */
} Server;

static gboolean
send_all (GSocket * client, const gchar * data, gsize size,
    GCancellable * cancel)
{
  while (size > 0) {
    gssize n = g_socket_send (client, data, size, cancel, NULL);

    if (n <= 0)
      return FALSE;
    data += n;
    size -= n;
  }
  return TRUE;
}

static void
server_handle (Server * server, GSocket * client)
{
  GString *head = g_string_new (NULL);
  gchar buf[4096], *reply;

  while (strstr (head->str, "\r\n\r\n") == NULL) {
    gssize n = g_socket_receive (client, buf, sizeof (buf), server->cancel,
        NULL);

    if (n <= 0)
      goto done;
    g_string_append_len (head, buf, n);
  }
  g_mutex_lock (&server->lock);
  g_string_append (server->requests, head->str);
  g_mutex_unlock (&server->lock);

  switch (server->mode) {
    case SERVE_GARBAGE_BODY_ENDLESS:
      reply = g_strdup ("HTTP/1.1 200 OK\r\nContent-Type: video/mp2t\r\n"
          "Connection: close\r\n\r\n");
      break;
    case SERVE_GARBAGE_RAW_STALL:
    case SERVE_GARBAGE_RAW_ENDLESS:
      reply = g_strdup ("");
      break;
    case SERVE_GARBAGE_BODY:
      /* a whole resource of garbage */
      reply = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
          "Content-Type: video/mp2t\r\nContent-Length: %" G_GSIZE_FORMAT
          "\r\nConnection: close\r\n\r\n", server->send);
      break;
    default:
      reply = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
          "Content-Type: video/mp2t\r\nContent-Length: %" G_GSIZE_FORMAT
          "\r\nConnection: close\r\n\r\n", server->size);
      break;
  }
  if (send_all (client, reply, strlen (reply), server->cancel)) {
    if (server->mode == SERVE_GARBAGE_BODY_ENDLESS
        || server->mode == SERVE_GARBAGE_RAW_ENDLESS) {
      /* the same random bytes over and over, until the peer closes (the
       * send fails) or the server stops (cancelled) */
      while (send_all (client, server->data, server->size, server->cancel));
    } else {
      send_all (client, server->data, server->send, server->cancel);
    }
  }
  g_free (reply);

  if (server->mode == SERVE_THEN_STALL
      || server->mode == SERVE_GARBAGE_BODY_STALL
      || server->mode == SERVE_GARBAGE_RAW_STALL) {
    g_mutex_lock (&server->lock);
    while (!server->stopping)
      g_cond_wait (&server->cond, &server->lock);
    g_mutex_unlock (&server->lock);
  }

done:
  g_string_free (head, TRUE);
}

static gpointer
server_run (Server * server)
{
  GSocket *client;

  while ((client = g_socket_accept (server->listener, server->cancel,
              NULL)) != NULL) {
    server_handle (server, client);
    g_socket_close (client, NULL);
    g_object_unref (client);
  }
  return NULL;
}

/* @media: a test medium to serve, or NULL for 256 KiB of random bytes
 * (the same every run). */
static Server *
server_start (const gchar * media, ServeMode mode, gdouble fraction)
{
  Server *server = g_new0 (Server, 1);
  GInetAddress *loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  GSocketAddress *address = g_inet_socket_address_new (loopback, 0), *bound;

  if (media != NULL) {
    gchar *path = tc_test_media (media);

    fail_unless (g_file_get_contents (path, &server->data, &server->size,
            NULL));
    g_free (path);
  } else {
    GRand *rand = g_rand_new_with_seed (6);
    gsize i;

    server->size = 256 * 1024;
    server->data = g_malloc (server->size);
    for (i = 0; i < server->size; i++)
      server->data[i] = g_rand_int_range (rand, 0, 256);
    g_rand_free (rand);
  }
  server->mode = mode;
  server->send = server->size * fraction;
  g_mutex_init (&server->lock);
  g_cond_init (&server->cond);
  server->requests = g_string_new (NULL);
  server->cancel = g_cancellable_new ();

  server->listener = g_socket_new (G_SOCKET_FAMILY_IPV4,
      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  fail_unless (server->listener != NULL);
  fail_unless (g_socket_bind (server->listener, address, TRUE, NULL));
  fail_unless (g_socket_listen (server->listener, NULL));
  bound = g_socket_get_local_address (server->listener, NULL);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  server->thread = g_thread_new ("http server", (GThreadFunc) server_run,
      server);

  g_object_unref (bound);
  g_object_unref (address);
  g_object_unref (loopback);
  return server;
}

static void
server_stop (Server * server)
{
  g_mutex_lock (&server->lock);
  server->stopping = TRUE;
  g_cond_broadcast (&server->cond);
  g_mutex_unlock (&server->lock);
  g_cancellable_cancel (server->cancel);
  g_thread_join (server->thread);

  g_socket_close (server->listener, NULL);
  g_object_unref (server->listener);
  g_object_unref (server->cancel);
  g_string_free (server->requests, TRUE);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->cond);
  g_free (server->data);
  g_free (server);
}

/* Network options pass through options: headers, user agent, timeouts. */
GST_START_TEST (test_http_options)
{
  Server *server = server_start ("clip.ts", SERVE_ALL, 1.0);
  TcRun *run = tc_run_new ("tensorchunker location=http://127.0.0.1:%u/clip.ts"
      " name=t t.audio_0 ! fakesink name=out0 sync=false", server->port);
  GstStructure *options = gst_structure_new ("options",
      "headers", G_TYPE_STRING, "X-Tc-Test: 42\r\n",
      "user_agent", G_TYPE_STRING, "tensorchunker-test",
      "timeout", G_TYPE_STRING, "5000000",
      "rw_timeout", G_TYPE_STRING, "5000000",
      "reconnect", G_TYPE_STRING, "1", NULL);

  g_object_set (run->tc, "options", options, NULL);
  gst_structure_free (options);
  tc_run_play_to_eos (run, TIMEOUT);
  fail_unless (tc_run_n_samples (run, 0) > 100);

  g_mutex_lock (&server->lock);
  fail_unless (strstr (server->requests->str, "X-Tc-Test: 42\r\n") != NULL,
      "requests: %s", server->requests->str);
  fail_unless (strstr (server->requests->str,
          "User-Agent: tensorchunker-test\r\n") != NULL);
  g_mutex_unlock (&server->lock);

  tc_run_free (run);
  server_stop (server);
}

GST_END_TEST;

/* A server that goes away half way: the output ends, with an error or EOS,
 * within the timeout asked for, and what was read before is delivered. */
static void
check_fault (ServeMode mode)
{
  Server *server = server_start ("clip.ts", mode, 0.66);
  TcRun *run = tc_run_new ("tensorchunker location=http://127.0.0.1:%u/clip.ts"
      " options=\"options,rw_timeout=(string)1000000\" name=t t.audio_0 ! "
      "fakesink name=out0 sync=false", server->port);
  GstMessage *msg;
  gint64 start = g_get_monotonic_time ();

  msg = tc_run_play (run, 10 * GST_SECOND);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *err = NULL;

    gst_message_parse_error (msg, &err, NULL);
    GST_INFO ("the error: %s", err->message);
    fail_unless (err->domain == GST_RESOURCE_ERROR, "%s", err->message);
    g_error_free (err);
  }
  gst_message_unref (msg);
  /* the stall: 1 s of rw_timeout, and the rest of the clip decoded */
  fail_unless (g_get_monotonic_time () - start < 5 * G_TIME_SPAN_SECOND);
  /* 3 s at 48 kHz is 140 chunks of 1024: at least half of them came */
  fail_unless (tc_run_n_samples (run, 0) > 70, "%u chunks",
      tc_run_n_samples (run, 0));

  tc_run_free (run);
  server_stop (server);
}

GST_START_TEST (test_http_server_stalls)
{
  check_fault (SERVE_THEN_STALL);
}

GST_END_TEST;

GST_START_TEST (test_http_server_hangs_up)
{
  check_fault (SERVE_THEN_CLOSE);
}

GST_END_TEST;

/* A server that answers garbage: random bytes as the body of a 200, or
 * instead of HTTP, a few then a stall, or for ever.  The output ends with a
 * clear error (or EOS) within the timeout asked for, with no chunk, and
 * the connection and everything else freed. */
static void
check_garbage (ServeMode mode)
{
  /* the system clock's timer is an fd of its own, made once */
  GstClock *clock = gst_system_clock_obtain ();
  guint fds = tc_open_fds ();
  Server *server = server_start (NULL, mode, 0.25);
  TcRun *run = tc_run_new ("tensorchunker location=http://127.0.0.1:%u/clip.ts"
      " options=\"options,rw_timeout=(string)1000000\" name=t t.audio_0 ! "
      "fakesink name=out0 sync=false", server->port);
  GstMessage *msg;
  gint64 start = g_get_monotonic_time (), took;

  msg = tc_run_play (run, 20 * GST_SECOND);
  took = g_get_monotonic_time () - start;
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *err = NULL;
    gchar *debug = NULL;

    gst_message_parse_error (msg, &err, &debug);
    GST_INFO ("mode %d: after %" G_GINT64_FORMAT " ms: %s %d: %s (%s)",
        mode, took / 1000, g_quark_to_string (err->domain), err->code,
        err->message, GST_STR_NULL (debug));
    /* a stall is the resource's timeout; garbage that goes on is not
     * media.  FFmpeg's HTTP client takes random bytes for an answer without
     * headers (it reads them as the body), so garbage instead of HTTP is
     * "not media" too. */
    if (mode == SERVE_GARBAGE_BODY_STALL || mode == SERVE_GARBAGE_RAW_STALL)
      fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
              GST_RESOURCE_ERROR_OPEN_READ), "%s", err->message);
    else
      fail_unless (g_error_matches (err, GST_STREAM_ERROR,
              GST_STREAM_ERROR_TYPE_NOT_FOUND), "%s", err->message);
    /* it says what it was opening */
    fail_unless (strstr (err->message, "127.0.0.1") != NULL
        || (debug != NULL && strstr (debug, "127.0.0.1") != NULL),
        "%s (%s)", err->message, GST_STR_NULL (debug));
    g_error_free (err);
    g_free (debug);
  }
  gst_message_unref (msg);
  /* the stalls: 1 s of rw_timeout; the endless: the probe's 5 MB */
  fail_unless (took < 10 * G_TIME_SPAN_SECOND, "%" G_GINT64_FORMAT " ms",
      took / 1000);
  fail_unless_equals_int (tc_run_n_samples (run, 0), 0);

  tc_run_free (run);
  /* the server holds a stalled connection until it stops */
  server_stop (server);
  fail_unless_equals_int (tc_open_fds (), fds);
  gst_object_unref (clock);
}

GST_START_TEST (test_http_garbage_body)
{
  check_garbage (SERVE_GARBAGE_BODY);
}

GST_END_TEST;

GST_START_TEST (test_http_garbage_body_stalls)
{
  check_garbage (SERVE_GARBAGE_BODY_STALL);
}

GST_END_TEST;

GST_START_TEST (test_http_garbage_body_endless)
{
  check_garbage (SERVE_GARBAGE_BODY_ENDLESS);
}

GST_END_TEST;

GST_START_TEST (test_tcp_garbage_stalls)
{
  check_garbage (SERVE_GARBAGE_RAW_STALL);
}

GST_END_TEST;

GST_START_TEST (test_tcp_garbage_endless)
{
  check_garbage (SERVE_GARBAGE_RAW_ENDLESS);
}

GST_END_TEST;

/* Without a timeout the read waits for the stalled server: a state change
 * to NULL interrupts it at once. */
GST_START_TEST (test_http_stop_while_stalled)
{
  Server *server = server_start ("clip.ts", SERVE_THEN_STALL, 0.66);
  TcRun *run = tc_run_new ("tensorchunker location=http://127.0.0.1:%u/clip.ts"
      " name=t t.audio_0 ! fakesink name=out0 sync=false", server->port);
  guint n;
  gint64 start;

  fail_unless (tc_run_wait_samples (run, 10, TIMEOUT));
  /* until the chunks stop: the core waits for the server */
  do {
    n = tc_run_n_samples (run, 0);
    g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  } while (tc_run_n_samples (run, 0) != n);

  start = g_get_monotonic_time ();
  fail_unless_equals_int (gst_element_set_state (run->pipeline,
          GST_STATE_NULL), GST_STATE_CHANGE_SUCCESS);
  fail_unless (g_get_monotonic_time () - start < G_TIME_SPAN_SECOND,
      "stopping took %" G_GINT64_FORMAT " us", g_get_monotonic_time () - start);

  tc_run_free (run);
  server_stop (server);
}

GST_END_TEST;

/* HLS */

/* Makes a 3 s VOD playlist in http_root/hls: two video variants (320x180,
 * 160x90, 10 fps) sharing an audio rendition (16 kHz mono AAC). */
static void
make_hls (const gchar * http_root)
{
  gchar *dir = g_build_filename (http_root, "hls", NULL);
  gchar *segments = g_build_filename (dir, "v%v_%03d.ts", NULL);
  gchar *playlists = g_build_filename (dir, "v%v.m3u8", NULL);
  const gchar *argv[] = {
    "ffmpeg", "-nostdin", "-loglevel", "error", "-y",
    "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=10",
    "-f", "lavfi", "-i", "sine=frequency=500:sample_rate=16000",
    "-t", "3", "-map", "0:v", "-map", "0:v", "-map", "1:a",
    "-c:v", "libx264", "-preset", "ultrafast", "-g", "10",
    "-pix_fmt", "yuv420p", "-s:v:1", "160x90", "-c:a", "aac",
    "-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod",
    "-var_stream_map", "a:0,agroup:aud v:0,agroup:aud v:1,agroup:aud",
    "-master_pl_name", "master.m3u8", "-hls_segment_filename", segments,
    playlists, NULL
  };
  gint status = -1;

  g_mkdir_with_parents (dir, 0755);
  fail_unless (g_spawn_sync (NULL, (gchar **) argv, NULL,
          G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL));
  fail_unless (g_spawn_check_wait_status (status, NULL), "ffmpeg failed");
  g_free (playlists);
  g_free (segments);
  g_free (dir);
}

GST_START_TEST (test_hls)
{
  const gchar *root = tc_test_peer ("TC_HTTP_ROOT");
  const gchar *url = tc_test_peer ("TC_HTTP_URL");
  GValue streams = G_VALUE_INIT;
  gint small = -1, n_video = 0, n_audio = 0;
  TcRun *run;
  guint i;

  if (root == NULL || url == NULL)
    return;
  make_hls (root);

  /* the streams of every variant and of the rendition */
  run = tc_run_new ("tensorchunker location=%s/hls/master.m3u8 name=t", url);
  fail_unless_equals_int (gst_element_set_state (run->pipeline,
          GST_STATE_READY), GST_STATE_CHANGE_SUCCESS);
  g_object_get_property (G_OBJECT (run->tc), "source-streams", &streams);
  for (i = 0; i < gst_value_array_get_size (&streams); i++) {
    const GstStructure *s =
        gst_value_get_structure (gst_value_array_get_value (&streams, i));
    const gchar *type = gst_structure_get_string (s, "media-type");
    gint width = 0;

    if (g_str_equal (type, "video")) {
      n_video++;
      gst_structure_get_int (s, "width", &width);
      if (width == 160)
        gst_structure_get_int (s, "index", &small);
    } else if (g_str_equal (type, "audio")) {
      n_audio++;
    }
  }
  g_value_unset (&streams);
  tc_run_free (run);
  fail_unless (n_video >= 2, "%d video streams", n_video);
  fail_unless (n_audio >= 1, "%d audio streams", n_audio);
  fail_unless (small >= 0, "no 160x90 variant");

  /* the small variant, and the audio */
  run = tc_run_new ("tensorchunker location=%s/hls/master.m3u8 name=t "
      "video_0::stream-index=%d video_0::frames-per-chunk=10 "
      "audio_0::frames-per-chunk=8000 "
      "t.video_0 ! fakesink name=out0 sync=false "
      "t.audio_0 ! fakesink name=out1 sync=false", url, small);
  tc_run_play_to_eos (run, TIMEOUT);
  fail_unless_equals_int (tc_run_n_samples (run, 0), 3);
  {
    gchar *dims = tc_run_dims (run, 0, 0);

    fail_unless_equals_string (dims, "10,3,90,160");
    g_free (dims);
  }
  fail_unless (tc_run_n_samples (run, 1) >= 5);
  tc_run_free (run);
}

GST_END_TEST;

/* The protocol whitelist: a playlist fetched over HTTP that names a local
 * file is refused; the protocols property widens or narrows it. */
GST_START_TEST (test_hls_file_segment_refused)
{
  const gchar *root = tc_test_peer ("TC_HTTP_ROOT");
  const gchar *url = tc_test_peer ("TC_HTTP_URL");
  gchar *segment, *playlist, *path;
  TcRun *run;

  if (root == NULL || url == NULL)
    return;

  /* a real local segment, outside what the server serves */
  segment = tc_test_media ("clip.ts");
  playlist = g_strdup_printf ("#EXTM3U\n#EXT-X-VERSION:3\n"
      "#EXT-X-TARGETDURATION:3\n#EXT-X-PLAYLIST-TYPE:VOD\n"
      "#EXTINF:3.0,\nfile:%s\n#EXT-X-ENDLIST\n", segment);
  path = g_build_filename (root, "local.m3u8", NULL);
  fail_unless (g_file_set_contents (path, playlist, -1, NULL));

  run = tc_run_new ("tensorchunker location=%s/local.m3u8 name=t t.audio_0 ! "
      "fakesink name=out0 sync=false", url);
  tc_run_expect_error (run, GST_RESOURCE_ERROR,
      GST_RESOURCE_ERROR_NOT_AUTHORIZED, "(file) is not among the allowed "
      "protocols (protocol_whitelist http,https,tls,tcp,crypto)", TIMEOUT);
  fail_unless_equals_int (tc_run_n_samples (run, 0), 0);
  tc_run_free (run);

  /* widened: the user trusts this playlist */
  run = tc_run_new ("tensorchunker location=%s/local.m3u8 "
      "protocols=http,tcp,file name=t t.audio_0 ! fakesink name=out0 "
      "sync=false", url);
  tc_run_play_to_eos (run, TIMEOUT);
  fail_unless (tc_run_n_samples (run, 0) > 100);
  tc_run_free (run);

  /* narrowed: not even the location's own protocol */
  run = tc_run_new ("tensorchunker location=%s/local.m3u8 protocols=file "
      "name=t t.audio_0 ! fakesink name=out0", url);
  tc_run_expect_error (run, GST_RESOURCE_ERROR,
      GST_RESOURCE_ERROR_NOT_AUTHORIZED, "(http) is not among the allowed "
      "protocols (protocol_whitelist file)", TIMEOUT);
  tc_run_free (run);

  g_free (path);
  g_free (playlist);
  g_free (segment);
}

GST_END_TEST;

/* RTMP */

GST_START_TEST (test_rtmp)
{
  const gchar *rtmp = tc_test_peer ("TC_RTMP_URL");
  gchar *url;
  GPid publisher;
  TcRun *run;
  GstMapInfo map;
  gdouble freq;
  guint loudest;
  gfloat peak = 0;

  if (rtmp == NULL)
    return;
  url = g_strdup_printf ("%s/tc%u", rtmp, (guint) getpid ());
  {
    /* a reader of a live RTMP stream waits for both audio and video */
    const gchar *argv[] = {
      "ffmpeg", "-nostdin", "-loglevel", "error", "-re",
      "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10",
      "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100",
      "-t", "30", "-c:v", "libx264", "-preset", "ultrafast",
      "-tune", "zerolatency", "-g", "10", "-pix_fmt", "yuv420p",
      "-c:a", "aac", "-f", "flv", url, NULL
    };

    publisher = tc_process_start (argv);
  }
  /* publishing before anyone plays */
  g_usleep (500 * G_TIME_SPAN_MILLISECOND);

  run = tc_run_new ("tensorchunker location=%s name=t "
      "t.video_0 ! fakesink name=out0 sync=false "
      "t.audio_0 ! fakesink name=out1 sync=false", url);
  fail_unless (tc_run_wait_samples (run, 8, TIMEOUT),
      "%u video and %u audio chunks", tc_run_n_samples (run, 0),
      tc_run_n_samples (run, 1));
  {
    gchar *dims = tc_run_dims (run, 0, 0);

    fail_unless_equals_string (dims, "1,3,120,160");
    g_free (dims);
  }
  /* the publisher's tone (its first chunks may be the encoder's
   * priming) */
  loudest = tc_run_loudest (run, 1, 8, &peak);
  gst_buffer_map (tc_run_buffer (run, 1, loudest), &map, GST_MAP_READ);
  freq = tc_dominant_frequency ((gfloat *) map.data, 1024, 1, 44100);
  gst_buffer_unmap (tc_run_buffer (run, 1, loudest), &map);
  fail_unless (ABS (freq - 1000) <= 50, "%f Hz", freq);

  tc_run_free (run);
  tc_process_stop (publisher);
  g_free (url);
}

GST_END_TEST;

static Suite *
network_suite (void)
{
  Suite *s = suite_create ("network");
  TCase *http = tcase_create ("http");
  TCase *hls = tcase_create ("hls");
  TCase *rtmp = tcase_create ("rtmp");

  suite_add_tcase (s, http);
  tcase_add_test (http, test_http);
  tcase_add_test (http, test_http_not_found);
  tcase_add_test (http, test_http_options);
  tcase_add_test (http, test_http_server_stalls);
  tcase_add_test (http, test_http_server_hangs_up);
  tcase_add_test (http, test_http_stop_while_stalled);
  tcase_add_test (http, test_http_garbage_body);
  tcase_add_test (http, test_http_garbage_body_stalls);
  tcase_add_test (http, test_http_garbage_body_endless);
  tcase_add_test (http, test_tcp_garbage_stalls);
  tcase_add_test (http, test_tcp_garbage_endless);

  suite_add_tcase (s, hls);
  tcase_add_test (hls, test_hls);
  tcase_add_test (hls, test_hls_file_segment_refused);

  suite_add_tcase (s, rtmp);
  tcase_add_test (rtmp, test_rtmp);
  return s;
}

TC_TEST_MAIN (network);
