/* Helpers of the source tests. */
#include "tcrun.h"

#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <gst/check/gstcheck.h>

#include "tctest.h"

TcRun *
tc_run_new (const gchar * format, ...)
{
  TcRun *run = g_new0 (TcRun, 1);
  GError *err = NULL;
  va_list args;
  gchar *line;
  guint i;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);

  GST_INFO ("pipeline: %s", line);
  run->pipeline = gst_parse_launch_full (line, NULL,
      GST_PARSE_FLAG_FATAL_ERRORS, &err);
  fail_unless (run->pipeline != NULL && err == NULL, "%s: %s", line,
      err ? err->message : "no pipeline");
  g_free (line);
  /* a single element comes as it is */
  if (!GST_IS_PIPELINE (run->pipeline)) {
    GstElement *element = run->pipeline;

    run->pipeline = gst_pipeline_new (NULL);
    gst_bin_add (GST_BIN (run->pipeline), element);
  }

  run->tc = gst_bin_get_by_name (GST_BIN (run->pipeline), "t");
  for (i = 0; i < TC_RUN_MAX_SINKS; i++) {
    gchar *name = g_strdup_printf ("out%u", i);
    GstElement *sink = gst_bin_get_by_name (GST_BIN (run->pipeline), name);

    g_free (name);
    if (sink == NULL)
      break;
    run->sinks[i] = sink;
    run->out[i] = tc_test_sink_new (sink);
    run->n_sinks++;
  }
  return run;
}

void
tc_run_free (TcRun * run)
{
  guint i;

  fail_unless_equals_int (gst_element_set_state (run->pipeline,
          GST_STATE_NULL), GST_STATE_CHANGE_SUCCESS);
  for (i = 0; i < run->n_sinks; i++) {
    tc_test_sink_free (run->out[i]);
    gst_object_unref (run->sinks[i]);
  }
  /* the pipeline's reference to the element stays: both must go */
  if (run->tc != NULL)
    gst_object_unref (run->tc);
  tc_test_destroy (run->pipeline, run->tc);
  g_free (run);
}

GstMessage *
tc_run_play (TcRun * run, GstClockTime timeout)
{
  GstBus *bus = gst_element_get_bus (run->pipeline);
  GstMessage *msg;

  gst_element_set_state (run->pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, timeout,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_object_unref (bus);
  fail_unless (msg != NULL, "neither EOS nor an error within %"
      GST_TIME_FORMAT, GST_TIME_ARGS (timeout));
  return msg;
}

void
tc_run_play_to_eos (TcRun * run, GstClockTime timeout)
{
  GstMessage *msg = tc_run_play (run, timeout);

  tc_test_fail_on_error (msg);
  gst_message_unref (msg);
}

void
tc_run_expect_error (TcRun * run, GQuark domain, gint code,
    const gchar * says, GstClockTime timeout)
{
  GstMessage *msg = tc_run_play (run, timeout);
  GError *err = NULL;
  gchar *debug = NULL;

  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_ERROR);
  gst_message_parse_error (msg, &err, &debug);
  GST_INFO ("error: %s", err->message);
  fail_unless (err->domain == domain, "error %s (%s) of domain %s",
      err->message, GST_STR_NULL (debug), g_quark_to_string (err->domain));
  fail_unless (err->code == code, "error %s of code %d, not %d",
      err->message, err->code, code);
  fail_unless (says == NULL || strstr (err->message, says) != NULL,
      "error '%s' does not say '%s'", err->message, says);
  g_error_free (err);
  g_free (debug);
  gst_message_unref (msg);
}

gboolean
tc_run_wait_samples (TcRun * run, guint n, GstClockTime timeout)
{
  gint64 deadline = g_get_monotonic_time () + timeout / GST_USECOND;
  GstBus *bus = gst_element_get_bus (run->pipeline);
  gboolean done = FALSE;

  gst_element_set_state (run->pipeline, GST_STATE_PLAYING);
  while (!done && g_get_monotonic_time () < deadline) {
    GstMessage *msg;
    guint i;

    msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    if (msg != NULL) {
      GError *err = NULL;

      gst_message_parse_error (msg, &err, NULL);
      GST_WARNING ("error while waiting for samples: %s", err->message);
      g_error_free (err);
      gst_message_unref (msg);
      break;
    }

    /* a while on each sink short of them, then the bus again */
    done = TRUE;
    for (i = 0; i < run->n_sinks; i++)
      done = tc_test_sink_wait (run->out[i], n, MIN (deadline,
              g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND))
          && done;
  }
  gst_object_unref (bus);
  return done;
}

guint
tc_run_n_samples (TcRun * run, guint sink)
{
  return tc_test_sink_n_samples (run->out[sink]);
}

GstSample *
tc_run_sample (TcRun * run, guint sink, guint i)
{
  return tc_test_sink_sample (run->out[sink], i);
}

GstBuffer *
tc_run_buffer (TcRun * run, guint sink, guint i)
{
  return tc_test_sink_buffer (run->out[sink], i);
}

gchar *
tc_run_dims (TcRun * run, guint sink, guint i)
{
  GstCaps *caps = gst_sample_get_caps (tc_run_sample (run, sink, i));
  const GValue *dims =
      gst_structure_get_value (gst_caps_get_structure (caps, 0), "dims");
  GString *s = g_string_new (NULL);
  guint j;

  for (j = 0; j < gst_value_array_get_size (dims); j++)
    g_string_append_printf (s, "%s%d", j ? "," : "",
        g_value_get_int (gst_value_array_get_value (dims, j)));
  return g_string_free (s, FALSE);
}

gboolean
tc_run_same_data (TcRun * a, guint sink_a, TcRun * b, guint sink_b)
{
  guint n = tc_run_n_samples (a, sink_a);

  if (n != tc_run_n_samples (b, sink_b)) {
    GST_WARNING ("%u chunks against %u", n, tc_run_n_samples (b, sink_b));
    return FALSE;
  }
  return tc_run_same_chunks (a, sink_a, b, sink_b, n);
}

gboolean
tc_run_same_chunks (TcRun * a, guint sink_a, TcRun * b, guint sink_b, guint n)
{
  guint i;

  for (i = 0; i < n; i++) {
    if (!tc_test_same_bytes (tc_run_buffer (a, sink_a, i),
            tc_run_buffer (b, sink_b, i))) {
      GST_WARNING ("chunk %u differs", i);
      return FALSE;
    }
  }
  return TRUE;
}

GPid
tc_process_start (const gchar * const *argv)
{
  GError *err = NULL;
  GPid pid = 0;

  fail_unless (g_spawn_async (NULL, (gchar **) argv, NULL,
          G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
          G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
          NULL, &pid, &err), "cannot run %s: %s", argv[0],
      err ? err->message : "?");
  return pid;
}

void
tc_process_stop (GPid pid)
{
  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
}

guint
tc_run_loudest (TcRun * run, guint sink, guint n, gfloat * peak)
{
  guint i, loudest = 0;

  *peak = -1;
  for (i = 0; i < n; i++) {
    GstBuffer *buffer = tc_run_buffer (run, sink, i);
    const gfloat *samples;
    gfloat max = 0;
    GstMapInfo map;
    gsize j;

    gst_buffer_map (buffer, &map, GST_MAP_READ);
    samples = (const gfloat *) map.data;
    for (j = 0; j < map.size / sizeof (gfloat); j++)
      max = MAX (max, ABS (samples[j]));
    gst_buffer_unmap (buffer, &map);
    if (max > *peak) {
      *peak = max;
      loudest = i;
    }
  }
  return loudest;
}

gdouble
tc_dominant_frequency (const gfloat * samples, gsize n_frames,
    gint channels, gint rate)
{
  gdouble best = 0.0, best_power = -1.0, f;

  for (f = 20.0; f < MIN (rate / 2.0, 5000.0); f += 5.0) {
    gdouble re = 0.0, im = 0.0, w = 2.0 * G_PI * f / rate;
    gsize i;

    /* the first channel is enough */
    for (i = 0; i < n_frames; i++) {
      re += samples[i * channels] * cos (w * i);
      im -= samples[i * channels] * sin (w * i);
    }
    if (re * re + im * im > best_power) {
      best_power = re * re + im * im;
      best = f;
    }
  }
  return best;
}
