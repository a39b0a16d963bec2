/* Helpers shared by the tests. */
#ifndef __TC_TEST_H__
#define __TC_TEST_H__

#include <glib.h>
#include <gst/check/gstcheck.h>

G_BEGIN_DECLS

/* Absolute path of a generated test media file (TC_TEST_MEDIA/name).
 * Fails the test if the media folder is not there. Free with g_free(). */
gchar *tc_test_media (const gchar * name);

/* The value of @var, the environment variable that names a peer a test
 * needs (DISPLAY, PULSE_SERVER...: tests/services/with-services.sh sets
 * them).  When it is not set, NULL, and the test should return: it is
 * recorded as skipped (tc_test_skip), unless TC_REQUIRE_SERVICES=1 (CI),
 * where it fails here. */
const gchar *tc_test_peer (const gchar * var);

/* Records that the running test is skipped (the test should return), for
 * tc_test_run_suite(): libcheck has no skipped state of its own. */
void tc_test_skip (const gchar * why);

/* gst_check_run_suite(), and meson's skip code 77 when a test was skipped
 * (tc_test_skip) and none failed, so that a test program whose peers are
 * missing shows SKIP, never a silent pass.  Returns main()'s status. */
gint tc_test_run_suite (Suite * suite, const gchar * name,
    const gchar * fname);

/* The main() of a test program: the suite made by name##_suite(), with the
 * leaks tracer on unless GST_TRACERS says otherwise (any object or buffer
 * alive when a test's process exits fails the test). */
#define TC_TEST_MAIN(name)                                              \
int                                                                     \
main (int argc, char **argv)                                            \
{                                                                       \
  g_setenv ("GST_TRACERS", "leaks", FALSE);                             \
  gst_check_init (&argc, &argv);                                        \
  return tc_test_run_suite (name##_suite (), #name, __FILE__);          \
}

/* Drops @pipeline and checks that it and @element (a child the pipeline
 * holds the only reference to, or NULL) are finalized.  A streaming thread that
 * just ended may still hold a reference for a moment (posting its
 * stream-status on the way out), so this waits up to a second for the
 * references to settle: a leak is a reference that stays. */
void tc_test_destroy (gpointer pipeline, gpointer element);

/* The number of open file descriptors of this process. */
guint tc_open_fds (void);

/* What reached a fakesink, in order: each buffer rendered with the caps
 * of its pad, and every event (flushes included), with where each event
 * came among the buffers.  samples, events and event_at are guarded by
 * lock; read them without it only after the run. */
typedef struct
{
  GstElement *sink;
  GMutex lock;
  GCond cond;                   /* signalled on each buffer and event */
  GPtrArray *samples;           /* GstSample */
  GPtrArray *events;            /* GstEvent */
  GArray *event_at;             /* guint, an event: the samples before it */
  GArray *times;                /* GstClockTime, a sample: the running time
                                 * at which it came (NONE without a clock) */
  guint sleep_ms;               /* a consumer this slow: set before PLAYING */
  gint hold_at;                 /* the sample at which the streaming thread
                                 * waits for tc_test_sink_release (-1:
                                 * never): set before PLAYING */
  gboolean holding;
  guint n_prerolls;             /* buffers prerolled */
  GstClockTime preroll_pts;     /* the last prerolled buffer's */
  gulong probe;
} TcTestSink;

/* Watches @fakesink (turns its handoffs on). */
TcTestSink *tc_test_sink_new (GstElement * fakesink);
void tc_test_sink_free (TcTestSink * sink);
/* Forgets what came so far. */
void tc_test_sink_clear (TcTestSink * sink);
guint tc_test_sink_n_samples (TcTestSink * sink);
/* Sample @i, failing the test when there are not that many. */
GstSample *tc_test_sink_sample (TcTestSink * sink, guint i);
GstBuffer *tc_test_sink_buffer (TcTestSink * sink, guint i);
/* Waits until @sink holds @n samples or the monotonic time is @end_time;
 * whether it holds them. */
gboolean tc_test_sink_wait (TcTestSink * sink, guint n, gint64 end_time);
/* The buffers prerolled, and the last one's PTS in @pts if not NULL. */
guint tc_test_sink_n_prerolls (TcTestSink * sink, GstClockTime * pts);
/* The events of @type that came. */
guint tc_test_sink_n_events (TcTestSink * sink, GstEventType type);
/* Waits until @sink got @n events of @type or the monotonic time is
 * @end_time; whether it got them. */
gboolean tc_test_sink_wait_events (TcTestSink * sink, GstEventType type,
    guint n, gint64 end_time);
/* The buffers that came between the @nth event of @type (from 0; -1: the
 * start) and the next event of that type (free the array); that event in
 * @event (borrowed) if not NULL. */
GPtrArray *tc_test_sink_buffers_after (TcTestSink * sink, GstEventType type,
    gint nth, GstEvent ** event);
/* Waits until the streaming thread holds at sample hold_at, or the
 * monotonic time is @end_time; whether it holds. */
gboolean tc_test_sink_wait_held (TcTestSink * sink, gint64 end_time);
/* Lets the streaming thread go on. */
void tc_test_sink_release (TcTestSink * sink);

/* Sets @element to @state and waits up to @timeout until it is there;
 * fails the test when the change fails or does not complete. */
void tc_test_set_state (GstElement * element, GstState state,
    GstClockTime timeout);

/* Fails the test when @msg is an error, naming its source, message and
 * debug string. */
void tc_test_fail_on_error (GstMessage * msg);

/* The next message of @types from @element's bus within @timeout (free
 * it); fails the test on an error message before it, or on the timeout. */
GstMessage *tc_test_pop (GstElement * element, GstMessageType types,
    GstClockTime timeout);

/* Whether two buffers hold the same bytes, and as many. */
gboolean tc_test_same_bytes (GstBuffer * a, GstBuffer * b);

/* The recording streams PulseAudio has (the lines of pactl list short
 * source-outputs). */
guint tc_test_pulse_recordings (void);

G_END_DECLS

#endif
