/* tc-jobs: the tensorchunker side of the benchmark's jobs that are not one
 * pass over one file (run.sh's first100, clips, many-files, first-chunk and
 * live), driven over the element's public interface as an application
 * would: a pipeline "tensorchunker ! appsink", chunks pulled into the
 * application's hands.
 *
 *   tc-jobs first100 SRC                 the first 100 frames, 1920x1080 rgb24
 *   tc-jobs clips SRC STARTS W H N       a clip of N frames at each start
 *                                        (seconds, comma-separated): a
 *                                        flushing ACCURATE seek with a stop
 *   tc-jobs many-files LIST W H RATE     every file of LIST (one path a line)
 *                                        to video WxH rgb24 and audio RATE Hz
 *                                        mono, one pipeline reused: READY,
 *                                        new location, PLAYING
 *   tc-jobs first-chunk SRC W H REPEAT   process start (env BENCH_T0_NS, unix
 *                                        ns) to the first WxH frame; then
 *                                        REPEAT times from a new pipeline
 *   tc-jobs live FORMAT LOCATION OPTIONS SECONDS
 *                                        a live source: capture-to-chunk
 *                                        latency of each 1-frame chunk
 *   tc-jobs rss FORMAT LOCATION SECONDS  1-frame rgb24 chunks pulled and
 *                                        dropped for SECONDS of wall time,
 *                                        the process's RSS sampled each
 *                                        second ("sample t=S chunks=N
 *                                        rss_mib=M" lines)
 *
 * Video is NHWC (layout=nhwc), as every system of these jobs returns it
 * (rss: NCHW, the layout the Python module's chunks have).
 * Prints "output I frames=F bytes=B" per output and one "result K=V ..."
 * line (seconds of the timed work, items; or latencies).  Exit status 0
 * when everything ran, 1 on a pipeline error, 2 on bad usage.
 *
 * Part of tests/bench (run.sh compiles it on demand).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PULL_TIMEOUT (30 * GST_SECOND)

typedef struct
{
  guint64 frames[2];
  guint64 bytes[2];
} Counts;

static gdouble
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static void
die_on_error (GstElement * pipeline)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *m = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  GError *err = NULL;
  gchar *dbg = NULL;

  gst_object_unref (bus);
  if (m == NULL)
    return;
  gst_message_parse_error (m, &err, &dbg);
  fprintf (stderr, "tc-jobs: error: %s (%s)\n", err->message, dbg);
  exit (1);
}

/* TC_JOBS_PROPS: more element or pad properties ("decode-ahead=0
 * video_0::decoder-options=...") for experiments, added to every pipeline */
static GstElement *
launch (const gchar * base)
{
  GError *err = NULL;
  const gchar *extra = g_getenv ("TC_JOBS_PROPS");
  gchar **parts = g_strsplit (base, "tensorchunker name=t ", 2);
  gchar *desc = extra && parts[1] ? g_strdup_printf ("%stensorchunker name=t "
      "%s %s", parts[0], extra, parts[1]) : g_strdup (base);
  GstElement *p = gst_parse_launch (desc, &err);

  g_strfreev (parts);

  if (p == NULL || err != NULL) {
    fprintf (stderr, "tc-jobs: %s: %s\n", desc, err ? err->message : "?");
    exit (2);
  }
  g_free (desc);
  return p;
}

static GstElement *
sink (GstElement * p, const gchar * name)
{
  GstElement *s = gst_bin_get_by_name (GST_BIN (p), name);

  g_assert (s != NULL);
  gst_object_unref (s);         /* the pipeline holds it */
  return s;
}

/* Pulls one chunk: NULL at EOS; exits on an error or a timeout. */
static GstSample *
pull (GstElement * p, GstElement * s)
{
  GstSample *sample = gst_app_sink_try_pull_sample (GST_APP_SINK (s),
      PULL_TIMEOUT);

  if (sample == NULL && !gst_app_sink_is_eos (GST_APP_SINK (s))) {
    die_on_error (p);
    fprintf (stderr, "tc-jobs: no chunk within 30 s\n");
    exit (1);
  }
  return sample;
}

/* Frames in a chunk: its outermost dim. */
static guint
sample_frames (GstSample * sample)
{
  GstStructure *st = gst_caps_get_structure (gst_sample_get_caps (sample), 0);
  const GValue *dims = gst_structure_get_value (st, "dims");

  return g_value_get_int (gst_value_array_get_value (dims, 0));
}

static void
count (Counts * c, guint out, GstSample * sample)
{
  c->frames[out] += sample_frames (sample);
  c->bytes[out] += gst_buffer_get_size (gst_sample_get_buffer (sample));
}

static void
print_counts (const Counts * c, guint n)
{
  guint i;

  for (i = 0; i < n; i++)
    printf ("output %u frames=%" G_GUINT64_FORMAT " bytes=%" G_GUINT64_FORMAT
        "\n", i, c->frames[i], c->bytes[i]);
}

static void
set_state (GstElement * p, GstState state)
{
  if (gst_element_set_state (p, state) == GST_STATE_CHANGE_FAILURE) {
    die_on_error (p);
    fprintf (stderr, "tc-jobs: state change failed\n");
    exit (1);
  }
}

#define VIDEO_PAD "t.video_0 ! appsink name=v sync=false " \
  "max-buffers=0 enable-last-sample=false"

/* Pulls every chunk of sink @s to its EOS, counted as output @out. */
static void
drain (GstElement * p, GstElement * s, guint out, Counts * c)
{
  GstSample *sample;

  while ((sample = pull (p, s)) != NULL) {
    count (c, out, sample);
    gst_sample_unref (sample);
  }
}

/* Plays @p and pulls the first chunk of its sink "v", counted in @c. */
static void
pull_first (GstElement * p, Counts * c)
{
  GstSample *sample;

  set_state (p, GST_STATE_PLAYING);
  sample = pull (p, sink (p, "v"));
  if (sample == NULL) {
    fprintf (stderr, "tc-jobs: EOS before the first chunk\n");
    exit (1);
  }
  count (c, 0, sample);
  gst_sample_unref (sample);
}

/* ------------------------------------------------------------- first100 */
static int
job_first100 (const gchar * src)
{
  Counts c = { {0}, {0} };
  gchar *desc = g_strdup_printf ("tensorchunker name=t location=\"%s\" "
      "video_0::format=rgb24 video_0::layout=nhwc video_0::frames-per-chunk=100 "
      "video_0::buffer-chunk-size=1 " VIDEO_PAD, src);
  gdouble t0 = now_s (), t;
  GstElement *p = launch (desc);

  pull_first (p, &c);
  t = now_s () - t0;
  print_counts (&c, 1);
  printf ("result seconds=%.4f items=1\n", t);
  set_state (p, GST_STATE_NULL);
  gst_object_unref (p);
  g_free (desc);
  return 0;
}

/* ---------------------------------------------------------------- clips */
static void
seek_clip (GstElement * p, gdouble start, guint n, gdouble frame_dur)
{
  /* run.sh's starts are half a frame before the first frame wanted:
   * ACCURATE starts at the first frame at or after it, and the stop n frames
   * later is half a frame before the (n+1)th */
  gint64 s = (gint64) (start * GST_SECOND);
  gint64 e = (gint64) ((start + n * frame_dur) * GST_SECOND);

  if (!gst_element_seek (p, 1.0, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, GST_SEEK_TYPE_SET, s,
          GST_SEEK_TYPE_SET, e)) {
    die_on_error (p);
    fprintf (stderr, "tc-jobs: seek to %.6f refused\n", start);
    exit (1);
  }
}

static int
job_clips (const gchar * src, const gchar * starts, gint w, gint h, guint n)
{
  Counts c = { {0}, {0} };
  gchar **t = g_strsplit (starts, ",", -1);
  gchar *desc = g_strdup_printf ("tensorchunker name=t location=\"%s\" "
      "video_0::format=rgb24 video_0::layout=nhwc video_0::width=%d "
      "video_0::height=%d video_0::frames-per-chunk=%u " VIDEO_PAD,
      src, w, h, n);
  gdouble t0 = now_s (), frame_dur = 1001.0 / 30000;
  GstElement *p = launch (desc), *v = sink (p, "v");
  guint i;

  /* PAUSED prerolls the first chunk of the file: that one is not a clip */
  set_state (p, GST_STATE_PAUSED);
  gst_element_get_state (p, NULL, NULL, GST_CLOCK_TIME_NONE);
  set_state (p, GST_STATE_PLAYING);
  for (i = 0; t[i] != NULL; i++) {
    seek_clip (p, g_ascii_strtod (t[i], NULL), n, frame_dur);
    drain (p, v, 0, &c);
  }
  print_counts (&c, 1);
  printf ("result seconds=%.4f items=%u\n", now_s () - t0, i);
  set_state (p, GST_STATE_NULL);
  gst_object_unref (p);
  g_free (desc);
  g_strfreev (t);
  return 0;
}

/* ----------------------------------------------------------- many-files */
static int
job_many_files (const gchar * list, gint w, gint h, gint rate)
{
  Counts c = { {0}, {0} };
  gchar *text = NULL, **paths;
  gchar *desc = g_strdup_printf ("tensorchunker name=t "
      "video_0::format=rgb24 video_0::layout=nhwc video_0::width=%d "
      "video_0::height=%d video_0::frames-per-chunk=60 "
      "audio_0::sample-rate=%d audio_0::channels=1 "
      "audio_0::frames-per-chunk=%d " VIDEO_PAD
      " t.audio_0 ! appsink name=a sync=false max-buffers=0 "
      "enable-last-sample=false", w, h, rate, 2 * rate);
  GstElement *p, *v, *a, *t;
  gdouble t0;
  guint i;

  if (!g_file_get_contents (list, &text, NULL, NULL))
    return 2;
  paths = g_strsplit (g_strstrip (text), "\n", -1);
  t0 = now_s ();
  p = launch (desc);
  v = sink (p, "v");
  a = sink (p, "a");
  t = sink (p, "t");
  for (i = 0; paths[i] != NULL; i++) {
    g_object_set (t, "location", paths[i], NULL);
    set_state (p, GST_STATE_PLAYING);
    drain (p, v, 0, &c);
    drain (p, a, 1, &c);
    set_state (p, GST_STATE_READY);
    /* appsink (1.22) forgets its EOS only on its way to NULL: the sinks
     * take that trip, the element stays in READY */
    gst_element_set_state (v, GST_STATE_NULL);
    gst_element_set_state (a, GST_STATE_NULL);
  }
  print_counts (&c, 2);
  printf ("result seconds=%.4f items=%u\n", now_s () - t0, i);
  set_state (p, GST_STATE_NULL);
  gst_object_unref (p);
  g_strfreev (paths);
  g_free (text);
  g_free (desc);
  return 0;
}

/* ---------------------------------------------------------- first-chunk */
static gdouble
first_chunk (const gchar * src, gint w, gint h, Counts * c)
{
  gchar *desc = g_strdup_printf ("tensorchunker name=t location=\"%s\" "
      "video_0::format=rgb24 video_0::layout=nhwc video_0::width=%d "
      "video_0::height=%d video_0::buffer-chunk-size=1 " VIDEO_PAD,
      src, w, h);
  gdouble t0 = now_s (), t;
  GstElement *p = launch (desc);

  pull_first (p, c);
  t = now_s () - t0;
  set_state (p, GST_STATE_NULL);
  gst_object_unref (p);
  g_free (desc);
  return t;
}

static int
cmp_double (const void *a, const void *b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;

  return (x > y) - (x < y);
}

static int
job_first_chunk (const gchar * src, gint w, gint h, guint repeat, gdouble t0)
{
  Counts c = { {0}, {0} };
  gdouble *warm = g_new0 (gdouble, repeat + 1);
  gdouble cold;
  guint i;

  first_chunk (src, w, h, &c);
  cold = g_get_real_time () / 1e6 - t0;
  for (i = 0; i < repeat; i++)
    warm[i] = first_chunk (src, w, h, &c);
  qsort (warm, repeat, sizeof *warm, cmp_double);
  print_counts (&c, 1);
  printf ("result first_s=%.4f warm_s=%.4f items=%u\n", cold,
      repeat ? warm[repeat / 2] : 0.0, repeat);
  g_free (warm);
  return 0;
}

/* ----------------------------------------------------------------- live */
static gdouble
percentile (gdouble * v, guint n, gdouble q)
{
  guint i = (guint) (q * (n - 1) + 0.5);

  return n ? v[MIN (i, n - 1)] : 0.0;
}

static int
job_live (const gchar * format, const gchar * location, const gchar * opts,
    gdouble seconds)
{
  Counts c = { {0}, {0} };
  gchar *desc = g_strdup_printf ("tensorchunker name=t is-live=true "
      "format=%s location=\"%s\" %s%s%s video_0::format=rgb24 "
      "video_0::layout=nhwc " VIDEO_PAD, format, location,
      *opts ? "options=\"" : "", opts, *opts ? "\"" : "");
  GstElement *p = launch (desc), *v = sink (p, "v"), *t;
  GArray *lat = g_array_new (FALSE, FALSE, sizeof (gdouble));
  GstClock *clock;
  GstPad *pad;
  gdouble end;
  guint64 dropped = 0;

  set_state (p, GST_STATE_PLAYING);
  end = now_s () + seconds;
  while (now_s () < end) {
    GstSample *s = pull (p, v);
    GstClockTime pts, run;
    gdouble l;

    if (s == NULL)
      break;
    clock = gst_element_get_clock (p);
    run = gst_clock_get_time (clock) - gst_element_get_base_time (p);
    gst_object_unref (clock);
    pts = GST_BUFFER_PTS (gst_sample_get_buffer (s));
    l = ((gdouble) run - (gdouble) pts) / GST_SECOND;
    g_array_append_val (lat, l);
    count (&c, 0, s);
    gst_sample_unref (s);
  }
  t = gst_bin_get_by_name (GST_BIN (p), "t");
  pad = gst_element_get_static_pad (t, "video_0");
  g_object_get (pad, "dropped", &dropped, NULL);
  g_array_sort (lat, cmp_double);
  print_counts (&c, 1);
  printf ("result p50_s=%.4f p99_s=%.4f drops=%" G_GUINT64_FORMAT
      " items=%u\n", percentile ((gdouble *) lat->data, lat->len, 0.5),
      percentile ((gdouble *) lat->data, lat->len, 0.99), dropped, lat->len);
  gst_object_unref (pad);
  gst_object_unref (t);
  set_state (p, GST_STATE_NULL);
  gst_object_unref (p);
  g_array_free (lat, TRUE);
  g_free (desc);
  return 0;
}

/* ------------------------------------------------------------------ rss */
/* VmRSS of this process in MiB, from /proc/self/status; -1 without it. */
static gdouble
rss_mib (void)
{
  gchar *status = NULL, *line;
  gdouble mib = -1.0;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      && (line = strstr (status, "\nVmRSS:")) != NULL)
    mib = g_ascii_strtod (line + strlen ("\nVmRSS:"), NULL) / 1024.0;
  g_free (status);
  return mib;
}

/* The element's half of run.sh's rss-stream job: the same source and
 * chunks as rss_stream.py gives the Python module, the consumer keeping
 * none (each sample unreffed as soon as it is counted), stopped by time. */
static int
job_rss (const gchar * format, const gchar * location, gdouble seconds)
{
  Counts c = { {0}, {0} };
  gchar *desc = g_strdup_printf ("tensorchunker name=t format=%s "
      "location=\"%s\" video_0::format=rgb24 video_0::frames-per-chunk=1 "
      "t.video_0 ! appsink name=v sync=false max-buffers=3 "
      "enable-last-sample=false", format, location);
  GstElement *p = launch (desc), *v = sink (p, "v");
  gdouble start, t, next = 0.0;
  GstSample *s;

  set_state (p, GST_STATE_PLAYING);
  start = now_s ();
  while ((t = now_s () - start) < seconds && (s = pull (p, v)) != NULL) {
    count (&c, 0, s);
    gst_sample_unref (s);
    if (t >= next) {
      printf ("sample t=%.2f chunks=%" G_GUINT64_FORMAT " rss_mib=%.1f\n", t,
          c.frames[0], rss_mib ());
      fflush (stdout);
      next += 1.0;
    }
  }
  print_counts (&c, 1);
  printf ("result seconds=%.2f items=%" G_GUINT64_FORMAT "\n", now_s () - start,
      c.frames[0]);
  set_state (p, GST_STATE_NULL);
  gst_object_unref (p);
  g_free (desc);
  return 0;
}

static int
usage (void)
{
  fprintf (stderr, "usage: tc-jobs first100 SRC | clips SRC STARTS W H N | "
      "many-files LIST W H RATE | first-chunk SRC W H REPEAT | "
      "live FORMAT LOCATION OPTIONS SECONDS | "
      "rss FORMAT LOCATION SECONDS\n");
  return 2;
}

int
main (int argc, char **argv)
{
  const gchar *t0 = g_getenv ("BENCH_T0_NS");
  gdouble start = t0 ? g_ascii_strtod (t0, NULL) / 1e9 :
      g_get_real_time () / 1e6;

  gst_init (&argc, &argv);
  if (argc == 3 && !strcmp (argv[1], "first100"))
    return job_first100 (argv[2]);
  if (argc == 7 && !strcmp (argv[1], "clips"))
    return job_clips (argv[2], argv[3], atoi (argv[4]), atoi (argv[5]),
        atoi (argv[6]));
  if (argc == 6 && !strcmp (argv[1], "many-files"))
    return job_many_files (argv[2], atoi (argv[3]), atoi (argv[4]),
        atoi (argv[5]));
  if (argc == 6 && !strcmp (argv[1], "first-chunk"))
    return job_first_chunk (argv[2], atoi (argv[3]), atoi (argv[4]),
        atoi (argv[5]), start);
  if (argc == 6 && !strcmp (argv[1], "live"))
    return job_live (argv[2], argv[3], argv[4], g_ascii_strtod (argv[5], NULL));
  if (argc == 5 && !strcmp (argv[1], "rss"))
    return job_rss (argv[2], argv[3], g_ascii_strtod (argv[4], NULL));
  return usage ();
}
