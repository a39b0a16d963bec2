/* Helpers of the source tests: a pipeline from a launch line whose
 * fakesinks named out0, out1... collect what reaches them, and the peers
 * the tests need (services, child processes, a tone finder). */
#ifndef __TC_RUN_H__
#define __TC_RUN_H__

#include <gst/gst.h>

#include "tctest.h"

G_BEGIN_DECLS

#define TC_RUN_MAX_SINKS 4

typedef struct
{
  GstElement *pipeline;
  GstElement *tc;               /* the element named "t", if any */
  guint n_sinks;
  GstElement *sinks[TC_RUN_MAX_SINKS];
  TcTestSink *out[TC_RUN_MAX_SINKS];    /* what reached each sink */
} TcRun;

/* Parses the launch line (printf-style); fails the test if it does not
 * parse.  Fakesinks must be named out0, out1..., tensorchunker t. */
TcRun *tc_run_new (const gchar * format, ...) G_GNUC_PRINTF (1, 2);
/* Sets NULL, checks that everything is freed. */
void tc_run_free (TcRun * run);

/* Sets PLAYING and waits for EOS or an error; returns that message (free
 * it), failing the test when neither comes within timeout. */
GstMessage *tc_run_play (TcRun * run, GstClockTime timeout);
/* The same, and fails unless it was EOS. */
void tc_run_play_to_eos (TcRun * run, GstClockTime timeout);
/* Sets PLAYING and waits for an error of that domain and code whose
 * message contains says; fails otherwise. */
void tc_run_expect_error (TcRun * run, GQuark domain, gint code,
    const gchar * says, GstClockTime timeout);
/* Waits until every sink holds at least n samples; FALSE on timeout or on
 * an error message (logged). */
gboolean tc_run_wait_samples (TcRun * run, guint n, GstClockTime timeout);

guint tc_run_n_samples (TcRun * run, guint sink);
GstSample *tc_run_sample (TcRun * run, guint sink, guint i);
GstBuffer *tc_run_buffer (TcRun * run, guint sink, guint i);
/* dims of the caps of sample i, as "1,3,240,320" (free it). */
gchar *tc_run_dims (TcRun * run, guint sink, guint i);
/* Whether the buffers of two sinks (of two runs) hold the same bytes, and
 * as many. */
gboolean tc_run_same_data (TcRun * a, guint sink_a, TcRun * b, guint sink_b);
/* Whether their first n buffers hold the same bytes. */
gboolean tc_run_same_chunks (TcRun * a, guint sink_a, TcRun * b,
    guint sink_b, guint n);

/* Spawns argv (NULL-terminated) with stdout and stderr to /dev/null;
 * returns its pid.  tc_process_stop() terminates it and reaps it. */
GPid tc_process_start (const gchar * const *argv);
void tc_process_stop (GPid pid);

/* Which of the first n float chunks of a sink has the largest |sample|,
 * and that *peak. */
guint tc_run_loudest (TcRun * run, guint sink, guint n, gfloat * peak);

/* The strongest frequency in n interleaved float frames of channels at
 * rate, from 20 Hz to 5 kHz in 5 Hz steps (a plain DFT). */
gdouble tc_dominant_frequency (const gfloat * samples, gsize n_frames,
    gint channels, gint rate);

/* The test programs' main() and the peers: tctest.h's. */
#define TC_RUN_MAIN TC_TEST_MAIN
#define tc_service tc_test_peer

G_END_DECLS

#endif
