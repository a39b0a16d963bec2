/* gst-count: gst-launch-1.0 for the benchmark, plus an exact count of what
 * reached each sink.
 *
 *   gst-count PIPELINE-DESCRIPTION...
 *
 * Builds the pipeline exactly as gst-launch-1.0 does (gst_parse_launchv), runs
 * it to EOS, and prints one line per top-level sink:
 *
 *   sink NAME buffers=N bytes=B first-pts=NS end=NS caps=CAPS
 *
 * end = PTS + DURATION of the last buffer (-1 when unknown).  The counting is
 * a buffer pad probe on each sink pad: a few nanoseconds per buffer, unlike
 * gst-launch -v, whose last-message notifications cost real time on many small
 * buffers and race between threads (lines get lost or repeated).
 *
 * The counts are printed (and flushed) as soon as the pipeline is done, then
 * the pipeline is set to NULL: "gst-count: stopped" follows when that
 * returns.  If stopping takes longer than 10 s, "gst-count: hung while
 * stopping" is printed and the process exits with status 4.
 *
 * Exit status: 0 at EOS; 1 on an error message; 2 on bad usage; 3 when the
 * description does not parse (e.g. no such element); 4 when the pipeline
 * does not stop.
 *
 * Part of tests/bench (not built by meson): run.sh compiles it on demand.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/gst.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define STOP_TIMEOUT_S 10

static void
stop_timeout (int sig)
{
  static const char msg[] = "gst-count: hung while stopping (state NULL not "
      "reached after 10 s)\n";
  ssize_t r;

  (void) sig;
  r = write (STDOUT_FILENO, msg, sizeof msg - 1);
  (void) r;
  _exit (4);
}

typedef struct
{
  gchar *name;
  GstPad *pad;
  guint64 buffers;
  guint64 bytes;
  GstClockTime first_pts;
  GstClockTime end;
} SinkCount;

static void
count_buffer (SinkCount * c, GstBuffer * buf)
{
  GstClockTime pts = GST_BUFFER_PTS (buf);
  GstClockTime dur = GST_BUFFER_DURATION (buf);

  c->buffers++;
  c->bytes += gst_buffer_get_size (buf);
  if (GST_CLOCK_TIME_IS_VALID (pts)) {
    if (!GST_CLOCK_TIME_IS_VALID (c->first_pts))
      c->first_pts = pts;
    c->end = GST_CLOCK_TIME_IS_VALID (dur) ? pts + dur : pts;
  }
}

static gboolean
count_list_item (GstBuffer ** buf, guint idx, gpointer user_data)
{
  (void) idx;
  count_buffer (user_data, *buf);
  return TRUE;
}

static GstPadProbeReturn
probe_cb (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  SinkCount *c = user_data;

  (void) pad;
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    count_buffer (c, GST_PAD_PROBE_INFO_BUFFER (info));
  else if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    gst_buffer_list_foreach (GST_PAD_PROBE_INFO_BUFFER_LIST (info),
        count_list_item, c);
  return GST_PAD_PROBE_OK;
}

static gint64
as_ns (GstClockTime t)
{
  return GST_CLOCK_TIME_IS_VALID (t) ? (gint64) t : -1;
}

int
main (int argc, char **argv)
{
  GError *err = NULL;
  GstElement *pipeline;
  GstBus *bus;
  GstIterator *it;
  GValue item = G_VALUE_INIT;
  GPtrArray *sinks;
  gboolean done = FALSE;
  int status = 0;
  gint64 t_start = g_get_monotonic_time ();

  gst_init (&argc, &argv);
  if (argc < 2) {
    fprintf (stderr, "usage: %s PIPELINE-DESCRIPTION...\n", argv[0]);
    return 2;
  }

  pipeline = gst_parse_launchv ((const gchar **) &argv[1], &err);
  if (pipeline == NULL || err != NULL) {
    fprintf (stderr, "gst-count: could not build the pipeline: %s\n",
        err ? err->message : "unknown error");
    g_clear_error (&err);
    if (pipeline)
      gst_object_unref (pipeline);
    return 3;
  }
  if (!GST_IS_BIN (pipeline)) {
    fprintf (stderr, "gst-count: the description is a single element\n");
    gst_object_unref (pipeline);
    return 2;
  }

  sinks = g_ptr_array_new ();
  it = gst_bin_iterate_sinks (GST_BIN (pipeline));
  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK) {
    GstElement *sink = g_value_get_object (&item);
    SinkCount *c = g_new0 (SinkCount, 1);

    c->name = gst_element_get_name (sink);
    c->pad = gst_element_get_static_pad (sink, "sink");
    c->first_pts = GST_CLOCK_TIME_NONE;
    c->end = GST_CLOCK_TIME_NONE;
    if (c->pad)
      gst_pad_add_probe (c->pad,
          GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
          probe_cb, c, NULL);
    g_ptr_array_add (sinks, c);
    g_value_reset (&item);
  }
  g_value_unset (&item);
  gst_iterator_free (it);

  bus = gst_element_get_bus (pipeline);
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    /* the error message on the bus says why */
    status = 1;
  }

  while (!done) {
    GstMessage *msg = gst_bus_timed_pop_filtered (bus,
        status ? 0 : GST_CLOCK_TIME_NONE,
        GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_WARNING);

    if (msg == NULL)
      break;
    switch (GST_MESSAGE_TYPE (msg)) {
      case GST_MESSAGE_EOS:
        done = TRUE;
        break;
      case GST_MESSAGE_ERROR:
      case GST_MESSAGE_WARNING:{
        GError *e = NULL;
        gchar *dbg = NULL;
        gboolean is_error = GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR;

        if (is_error)
          gst_message_parse_error (msg, &e, &dbg);
        else
          gst_message_parse_warning (msg, &e, &dbg);
        fprintf (stderr, "gst-count: %s from %s: %s (%s)\n",
            is_error ? "ERROR" : "WARNING", GST_OBJECT_NAME (msg->src),
            e->message, dbg ? dbg : "no details");
        g_clear_error (&e);
        g_free (dbg);
        if (is_error) {
          status = 1;
          done = TRUE;
        }
        break;
      }
      default:
        break;
    }
    gst_message_unref (msg);
  }

  /* the caps go with the pads' sticky events when they deactivate */
  for (guint i = 0; i < sinks->len; i++) {
    SinkCount *c = g_ptr_array_index (sinks, i);
    GstCaps *caps = c->pad ? gst_pad_get_current_caps (c->pad) : NULL;
    gchar *caps_str = caps ? gst_caps_to_string (caps) : g_strdup ("none");

    printf ("sink %s buffers=%" G_GUINT64_FORMAT " bytes=%" G_GUINT64_FORMAT
        " first-pts=%" G_GINT64_FORMAT " end=%" G_GINT64_FORMAT " caps=%s\n",
        c->name, c->buffers, c->bytes, as_ns (c->first_pts), as_ns (c->end),
        caps_str);
    g_free (caps_str);
    if (caps)
      gst_caps_unref (caps);
  }
  printf ("gst-count: %s after %.3f s\n", status ? "FAILED" : "EOS",
      (g_get_monotonic_time () - t_start) / 1e6);
  fflush (stdout);

  signal (SIGALRM, stop_timeout);
  alarm (STOP_TIMEOUT_S);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  alarm (0);
  printf ("gst-count: stopped after %.3f s\n",
      (g_get_monotonic_time () - t_start) / 1e6);

  for (guint i = 0; i < sinks->len; i++) {
    SinkCount *c = g_ptr_array_index (sinks, i);

    if (c->pad)
      gst_object_unref (c->pad);
    g_free (c->name);
    g_free (c);
  }
  g_ptr_array_free (sinks, TRUE);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  return status;
}
