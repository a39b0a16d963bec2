/* Helpers shared by the tests. */
#include "tctest.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>

/* libcheck runs each test in a forked child, so a skip is recorded as a
 * line in this file, which the parent counts. */
#define SKIPS_VAR "TC_TEST_SKIPS"

gchar *
tc_test_media (const gchar * name)
{
  const gchar *dir = g_getenv ("TC_TEST_MEDIA");
  gchar *path;

  if (dir == NULL)
    g_error ("TC_TEST_MEDIA is not set: run the tests with meson test");
  path = g_build_filename (dir, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    g_error ("test media %s is missing: make_media.sh did not run", path);
  return path;
}

const gchar *
tc_test_peer (const gchar * var)
{
  const gchar *value = g_getenv (var);
  gchar *why;

  if (value != NULL && *value != '\0')
    return value;
  fail_if (g_strcmp0 (g_getenv ("TC_REQUIRE_SERVICES"), "1") == 0,
      "%s is not set: run the tests under tests/services/with-services.sh",
      var);
  why = g_strdup_printf ("%s is not set (run the test under "
      "tests/services/with-services.sh)", var);
  tc_test_skip (why);
  g_free (why);
  return NULL;
}

void
tc_test_skip (const gchar * why)
{
  const gchar *path = g_getenv (SKIPS_VAR);
  gchar *line = g_strdup_printf ("%s\n", why);
  gint fd;

  g_print ("SKIP: %s\n", why);
  fd = path != NULL ? g_open (path, O_WRONLY | O_APPEND, 0) : -1;
  fail_unless (fd >= 0, "no %s: run the suite with tc_test_run_suite",
      SKIPS_VAR);
  fail_unless (write (fd, line, strlen (line)) == (gssize) strlen (line));
  close (fd);
  g_free (line);
}

/* How many lines tc_test_skip wrote to path. */
static guint
count_skips (const gchar * path)
{
  gchar *text = NULL;
  guint n = 0;
  gchar *p;

  if (g_file_get_contents (path, &text, NULL, NULL))
    for (p = text; (p = strchr (p, '\n')) != NULL; p++)
      n++;
  g_free (text);
  return n;
}

gint
tc_test_run_suite (Suite * suite, const gchar * name, const gchar * fname)
{
  SRunner *sr = srunner_create (suite);
  gchar *path = NULL;
  gint fd = g_file_open_tmp ("tc-skips-XXXXXX", &path, NULL);
  gint n_run, n_failed, status;
  guint n_skipped;

  g_assert (fd >= 0);
  close (fd);
  g_setenv (SKIPS_VAR, path, TRUE);
  srunner_run_all (sr, CK_NORMAL);
  n_run = srunner_ntests_run (sr);
  n_failed = srunner_ntests_failed (sr);
  n_skipped = count_skips (path);
  g_print ("Check suite %s (%s): %d run, %d failed, %u skipped\n", name,
      fname, n_run, n_failed, n_skipped);
  /* One skipped test makes the program a SKIP: the tests that ran are
   * told apart in the log, and meson must not show a partial run as OK. */
  status = n_failed > 0 ? 1 : n_skipped > 0 ? 77 : 0;
  srunner_free (sr);
  g_unlink (path);
  g_free (path);
  return status;
}

void
tc_test_destroy (gpointer pipeline, gpointer element)
{
  gint i;

  for (i = 0; i < 100; i++) {
    if (GST_OBJECT_REFCOUNT_VALUE (pipeline) <= 1 && (element == NULL
            || GST_OBJECT_REFCOUNT_VALUE (element) <= 1))
      break;
    g_usleep (10 * G_TIME_SPAN_MILLISECOND);
  }
  if (element == NULL || element == pipeline)
    gst_check_object_destroyed_on_unref (pipeline);
  else
    gst_check_objects_destroyed_on_unref (pipeline, element, NULL);
}

guint
tc_open_fds (void)
{
  GDir *dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  fail_unless (dir != NULL);
  while (g_dir_read_name (dir) != NULL)
    n++;
  g_dir_close (dir);
  return n;
}

void
tc_test_set_state (GstElement * element, GstState state, GstClockTime timeout)
{
  GstStateChangeReturn ret;

  ret = gst_element_set_state (element, state);
  fail_if (ret == GST_STATE_CHANGE_FAILURE, "%s failed",
      gst_element_state_get_name (state));
  ret = gst_element_get_state (element, NULL, NULL, timeout);
  fail_unless_equals_int (ret, GST_STATE_CHANGE_SUCCESS);
}

void
tc_test_fail_on_error (GstMessage * msg)
{
  GError *err = NULL;
  gchar *debug = NULL;

  if (GST_MESSAGE_TYPE (msg) != GST_MESSAGE_ERROR)
    return;
  gst_message_parse_error (msg, &err, &debug);
  fail ("error from %s: %s (%s)", GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)),
      err->message, GST_STR_NULL (debug));
}

GstMessage *
tc_test_pop (GstElement * element, GstMessageType types, GstClockTime timeout)
{
  GstBus *bus = gst_element_get_bus (element);
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, timeout,
      types | GST_MESSAGE_ERROR);

  gst_object_unref (bus);
  fail_unless (msg != NULL, "no %s message within %" GST_TIME_FORMAT,
      gst_message_type_get_name (types), GST_TIME_ARGS (timeout));
  tc_test_fail_on_error (msg);
  return msg;
}

gboolean
tc_test_same_bytes (GstBuffer * a, GstBuffer * b)
{
  GstMapInfo ma, mb;
  gboolean same;

  gst_buffer_map (a, &ma, GST_MAP_READ);
  gst_buffer_map (b, &mb, GST_MAP_READ);
  same = ma.size == mb.size && memcmp (ma.data, mb.data, ma.size) == 0;
  gst_buffer_unmap (a, &ma);
  gst_buffer_unmap (b, &mb);
  return same;
}

guint
tc_test_pulse_recordings (void)
{
  const gchar *argv[] = { "pactl", "list", "short", "source-outputs", NULL };
  gchar *out = NULL;
  gchar **lines;
  gint status = -1;
  guint n = 0, i;

  fail_unless (g_spawn_sync (NULL, (gchar **) argv, NULL,
          G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
          NULL, &status, NULL), "cannot run pactl");
  fail_unless (g_spawn_check_wait_status (status, NULL), "pactl failed");
  lines = g_strsplit (out, "\n", -1);
  for (i = 0; lines[i] != NULL; i++)
    n += lines[i][0] != '\0';
  g_strfreev (lines);
  g_free (out);
  return n;
}

static void
on_sink_handoff (GstElement * fakesink, GstBuffer * buffer, GstPad * pad,
    TcTestSink * sink)
{
  GstCaps *caps = gst_pad_get_current_caps (pad);
  GstClock *clock = gst_element_get_clock (fakesink);
  GstClockTime time = GST_CLOCK_TIME_NONE;

  if (clock != NULL) {
    time = gst_clock_get_time (clock) - gst_element_get_base_time (fakesink);
    gst_object_unref (clock);
  }
  g_mutex_lock (&sink->lock);
  g_ptr_array_add (sink->samples, gst_sample_new (buffer, caps, NULL, NULL));
  g_array_append_val (sink->times, time);
  g_cond_broadcast (&sink->cond);
  if ((gint) sink->samples->len - 1 == sink->hold_at) {
    sink->holding = TRUE;
    while (sink->hold_at >= 0)
      g_cond_wait (&sink->cond, &sink->lock);
    sink->holding = FALSE;
  }
  g_mutex_unlock (&sink->lock);
  gst_clear_caps (&caps);
  if (sink->sleep_ms > 0)
    g_usleep (sink->sleep_ms * 1000);
}

static void
on_sink_preroll (GstElement * fakesink, GstBuffer * buffer, GstPad * pad,
    TcTestSink * sink)
{
  g_mutex_lock (&sink->lock);
  sink->n_prerolls++;
  sink->preroll_pts = GST_BUFFER_PTS (buffer);
  g_mutex_unlock (&sink->lock);
}

static GstPadProbeReturn
on_sink_event (GstPad * pad, GstPadProbeInfo * info, TcTestSink * sink)
{
  g_mutex_lock (&sink->lock);
  g_ptr_array_add (sink->events,
      gst_event_ref (GST_PAD_PROBE_INFO_EVENT (info)));
  g_array_append_val (sink->event_at, sink->samples->len);
  g_cond_broadcast (&sink->cond);
  g_mutex_unlock (&sink->lock);
  return GST_PAD_PROBE_OK;
}

TcTestSink *
tc_test_sink_new (GstElement * fakesink)
{
  TcTestSink *sink = g_new0 (TcTestSink, 1);
  GstPad *pad = gst_element_get_static_pad (fakesink, "sink");

  g_mutex_init (&sink->lock);
  g_cond_init (&sink->cond);
  sink->sink = gst_object_ref (fakesink);
  sink->samples = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_sample_unref);
  sink->events = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_event_unref);
  sink->event_at = g_array_new (FALSE, FALSE, sizeof (guint));
  sink->times = g_array_new (FALSE, FALSE, sizeof (GstClockTime));
  sink->hold_at = -1;
  sink->preroll_pts = GST_CLOCK_TIME_NONE;
  g_object_set (fakesink, "signal-handoffs", TRUE, NULL);
  g_signal_connect (fakesink, "handoff", G_CALLBACK (on_sink_handoff), sink);
  g_signal_connect (fakesink, "preroll-handoff",
      G_CALLBACK (on_sink_preroll), sink);
  sink->probe = gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM |
      GST_PAD_PROBE_TYPE_EVENT_FLUSH, (GstPadProbeCallback) on_sink_event,
      sink, NULL);
  gst_object_unref (pad);
  return sink;
}

void
tc_test_sink_free (TcTestSink * sink)
{
  GstPad *pad = gst_element_get_static_pad (sink->sink, "sink");

  g_signal_handlers_disconnect_by_data (sink->sink, sink);
  gst_pad_remove_probe (pad, sink->probe);
  gst_object_unref (pad);
  gst_object_unref (sink->sink);
  g_ptr_array_unref (sink->samples);
  g_ptr_array_unref (sink->events);
  g_array_unref (sink->event_at);
  g_array_unref (sink->times);
  g_mutex_clear (&sink->lock);
  g_cond_clear (&sink->cond);
  g_free (sink);
}

void
tc_test_sink_clear (TcTestSink * sink)
{
  g_mutex_lock (&sink->lock);
  g_ptr_array_set_size (sink->samples, 0);
  g_ptr_array_set_size (sink->events, 0);
  g_array_set_size (sink->event_at, 0);
  g_array_set_size (sink->times, 0);
  sink->n_prerolls = 0;
  sink->preroll_pts = GST_CLOCK_TIME_NONE;
  g_mutex_unlock (&sink->lock);
}

guint
tc_test_sink_n_samples (TcTestSink * sink)
{
  guint n;

  g_mutex_lock (&sink->lock);
  n = sink->samples->len;
  g_mutex_unlock (&sink->lock);
  return n;
}

GstSample *
tc_test_sink_sample (TcTestSink * sink, guint i)
{
  GstSample *sample;

  g_mutex_lock (&sink->lock);
  fail_unless (i < sink->samples->len, "%s has %u samples, not %u",
      GST_OBJECT_NAME (sink->sink), sink->samples->len, i + 1);
  sample = g_ptr_array_index (sink->samples, i);
  g_mutex_unlock (&sink->lock);
  return sample;
}

GstBuffer *
tc_test_sink_buffer (TcTestSink * sink, guint i)
{
  return gst_sample_get_buffer (tc_test_sink_sample (sink, i));
}

gboolean
tc_test_sink_wait (TcTestSink * sink, guint n, gint64 end_time)
{
  gboolean done;

  g_mutex_lock (&sink->lock);
  while (sink->samples->len < n
      && g_cond_wait_until (&sink->cond, &sink->lock, end_time));
  done = sink->samples->len >= n;
  g_mutex_unlock (&sink->lock);
  return done;
}

guint
tc_test_sink_n_prerolls (TcTestSink * sink, GstClockTime * pts)
{
  guint n;

  g_mutex_lock (&sink->lock);
  n = sink->n_prerolls;
  if (pts)
    *pts = sink->preroll_pts;
  g_mutex_unlock (&sink->lock);
  return n;
}

/* Not locked: with the lock, or after the run. */
static guint
count_events (TcTestSink * sink, GstEventType type)
{
  guint i, n = 0;

  for (i = 0; i < sink->events->len; i++)
    n += GST_EVENT_TYPE (g_ptr_array_index (sink->events, i)) == type;
  return n;
}

guint
tc_test_sink_n_events (TcTestSink * sink, GstEventType type)
{
  guint n;

  g_mutex_lock (&sink->lock);
  n = count_events (sink, type);
  g_mutex_unlock (&sink->lock);
  return n;
}

gboolean
tc_test_sink_wait_events (TcTestSink * sink, GstEventType type, guint n,
    gint64 end_time)
{
  gboolean done;

  g_mutex_lock (&sink->lock);
  while (count_events (sink, type) < n
      && g_cond_wait_until (&sink->cond, &sink->lock, end_time));
  done = count_events (sink, type) >= n;
  g_mutex_unlock (&sink->lock);
  return done;
}

GPtrArray *
tc_test_sink_buffers_after (TcTestSink * sink, GstEventType type, gint nth,
    GstEvent ** event)
{
  GPtrArray *after = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_buffer_unref);
  guint from = 0, to, i;
  gint seen = -1;

  if (event)
    *event = NULL;
  g_mutex_lock (&sink->lock);
  to = sink->samples->len;
  for (i = 0; i < sink->events->len; i++) {
    GstEvent *e = g_ptr_array_index (sink->events, i);

    if (GST_EVENT_TYPE (e) != type)
      continue;
    if (++seen == nth) {
      from = g_array_index (sink->event_at, guint, i);
      if (event)
        *event = e;
    } else if (seen == nth + 1) {
      to = g_array_index (sink->event_at, guint, i);
      break;
    }
  }
  if (seen < nth)
    from = to;
  for (i = from; i < to; i++)
    g_ptr_array_add (after, gst_buffer_ref (gst_sample_get_buffer
            (g_ptr_array_index (sink->samples, i))));
  g_mutex_unlock (&sink->lock);
  return after;
}

gboolean
tc_test_sink_wait_held (TcTestSink * sink, gint64 end_time)
{
  gboolean held;

  g_mutex_lock (&sink->lock);
  while (!sink->holding
      && g_cond_wait_until (&sink->cond, &sink->lock, end_time));
  held = sink->holding;
  g_mutex_unlock (&sink->lock);
  return held;
}

void
tc_test_sink_release (TcTestSink * sink)
{
  g_mutex_lock (&sink->lock);
  sink->hold_at = -1;
  sink->preroll_pts = GST_CLOCK_TIME_NONE;
  g_cond_broadcast (&sink->cond);
  g_mutex_unlock (&sink->lock);
}
