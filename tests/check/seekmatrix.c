/* tensorchunker core: exact ACCURATE seeks, and outputs that add up
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
 */

/* SPEC "Seek": after an ACCURATE seek to t, every output's frames from the
 * first one at or after t are the same positions of a full decode from the
 * start (audio within 1e-4, video mean |difference| <= 0.5 and max <= 4),
 * and the first chunk's PTS is that frame's time.  The reference is a full
 * decode through the same output, as the seed's harness takes it.
 *
 * The length invariant: the chunks of an output concatenate to exactly
 * what the ffmpeg CLI decodes of the same stream, through the same
 * conversion, for every file of the test media. */

#include <gst/check/gstcheck.h>
#include <glib/gstdio.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tccore.h"
#include "tccoretest.h"
#include "tctest.h"

#define MAX_OUTPUTS 4
#define N_TARGETS 20
/* under the sanitizers (tests/sanitizers/run.sh sets TC_TEST_QUICK), 5
 * targets a file: 20 took three minutes there */
#define N_TARGETS_QUICK 5
#define AUDIO_TOLERANCE 1e-4
#define VIDEO_MEAN_TOLERANCE 0.5
#define VIDEO_MAX_TOLERANCE 4

/* ------------------------------------------------------------------------ */
/* What an output gave: its frames, concatenated, and each frame's time and
 * counter */

typedef struct
{
  GByteArray *data;
  GArray *times;                /* gint64, one a frame */
  GArray *offsets;              /* guint64, one a frame */
  gsize frame_size;
  guint n_chunks;
  gboolean first_discont;
  gint64 first_pts;
  guint64 first_offset;
  GArray *chunk_pts;            /* gint64, one a chunk */
  GArray *chunk_offsets;        /* guint64, one a chunk */
  gboolean pts_ok;              /* every chunk's pts is the full decode's */
} Frames;

typedef struct
{
  Frames out[MAX_OUTPUTS];
} Outputs;

static void
frames_init (Frames * f)
{
  memset (f, 0, sizeof (*f));
  f->data = g_byte_array_new ();
  f->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->offsets = g_array_new (FALSE, FALSE, sizeof (guint64));
  f->chunk_pts = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->chunk_offsets = g_array_new (FALSE, FALSE, sizeof (guint64));
  f->pts_ok = TRUE;
}

static void
frames_clear (Frames * f)
{
  g_byte_array_unref (f->data);
  g_array_unref (f->times);
  g_array_unref (f->offsets);
  g_array_unref (f->chunk_pts);
  g_array_unref (f->chunk_offsets);
  memset (f, 0, sizeof (*f));
}

/* Each chunk's PTS and counter are kept for its first frame; the time of
 * frame j of an audio chunk counts samples from the output's first chunk,
 * as the core counts them (av_rescale rounds to the nearest). */
static void
frames_add (Frames * f, const TcTestChunk * c)
{
  guint j;

  if (f->n_chunks == 0) {
    f->first_discont = c->discont;
    f->first_pts = c->pts;
    f->first_offset = c->offset;
  }
  f->n_chunks++;
  g_array_append_val (f->chunk_pts, c->pts);
  g_array_append_val (f->chunk_offsets, c->offset);
  f->frame_size = c->frame_size;
  g_byte_array_append (f->data, c->data, c->n_frames * c->frame_size);
  for (j = 0; j < c->n_frames; j++) {
    gint64 t = c->pts;
    guint64 o = c->offset + j;

    if (c->media_type == TC_MEDIA_AUDIO)
      t = f->first_pts + (gint64) gst_util_uint64_scale_int_round (o -
          f->first_offset, TC_SECOND, c->sample_rate);
    else if (j > 0)
      /* the matrix has one video frame a chunk */
      t = TC_TIME_NONE;
    g_array_append_val (f->times, t);
    g_array_append_val (f->offsets, o);
  }
}

static void
outputs_clear (Outputs * outs)
{
  guint i;

  for (i = 0; i < MAX_OUTPUTS; i++)
    if (outs->out[i].data)
      frames_clear (&outs->out[i]);
}

/* What each output gave since the last call: the chunks @col kept, which
 * it forgets. */
static void
outputs_take (Outputs * outs, TcTestCollector * col)
{
  guint i;

  outputs_clear (outs);
  for (i = 0; i < MAX_OUTPUTS; i++)
    frames_init (&outs->out[i]);
  for (i = 0; i < col->chunks->len; i++) {
    TcTestChunk *c = g_ptr_array_index (col->chunks, i);

    fail_unless (c->output < MAX_OUTPUTS);
    frames_add (&outs->out[c->output], c);
  }
  tc_test_collector_clear (col);
}

/* ------------------------------------------------------------------------ */
/* The matrix */

typedef struct
{
  TcMediaType type;
  gint rate;                    /* audio: sample-rate, 0: the source's */
  gint channels;                /* audio: 0: the source's */
  gint fps;                     /* video: frame-rate, 0: the source's */
} OutputCase;

typedef struct
{
  const gchar *media;
  OutputCase outputs[MAX_OUTPUTS];
  const gchar *decoder_options[3];
} MediaCase;

#define A(r, c) { TC_MEDIA_AUDIO, r, c, 0 }
#define V(fps) { TC_MEDIA_VIDEO, 0, 0, fps }

static const MediaCase cases[] = {
  {"seek.mp3", {A (0, 0), A (16000, 0), A (48000, 1)}, {NULL}},
  {"seek.m4a", {A (0, 0), A (16000, 0), A (22050, 1)}, {NULL}},
  {"seek.opus", {A (0, 0), A (8000, 0), A (22050, 1)}, {NULL}},
  {"seek.ogg", {A (0, 0), A (48000, 0), A (16000, 2)}, {NULL}},
  {"seek.flac", {A (0, 0), A (16000, 0), A (8000, 1)}, {NULL}},
  /* Matroska: frame times rounded to 1 ms */
  {"seek_flac.mka", {A (0, 0), A (16000, 0), A (48000, 1)}, {NULL}},
  {"seek_mp3.mka", {A (0, 0), A (16000, 0), A (22050, 1)}, {NULL}},
  /* encoded without PNS, whose noise differs after a seek (docs/element.md,
   * Seeking) */
  {"seek_aac.mka", {A (0, 0), A (16000, 0), A (48000, 1)}, {NULL}},
  /* Opus: the decoder trims its pre-skip; Vorbis: frames of two lengths */
  {"seek_opus.mka", {A (0, 0), A (16000, 0), A (22050, 1)}, {NULL}},
  {"seek_vorbis.mka", {A (0, 0), A (44100, 0), A (16000, 1)}, {NULL}},
  {"seek16k.wav", {A (0, 0), A (8000, 0), A (22050, 2)}, {NULL}},
  /* AC-3 dithers with noise from a generator seeded when the decoder
   * opens: only the decoder's consistent noise (seeded from each frame)
   * is the same after a seek (docs/element.md, Seeking) */
  {"seek.ac3", {A (0, 0), A (16000, 0), A (22050, 2)},
      {"cons_noisegen", "1", NULL}},
  {"seek_h264.mp4", {V (0), V (10)}, {NULL}},
  {"seek_vp9.webm", {V (0), V (10)}, {NULL}},
  {"seek_mpeg2.mkv", {V (0), V (10)}, {NULL}},
  /* no index: the seek goes back until it lands before a key frame */
  {"seek_mpeg2.ts", {V (0), V (10)}, {NULL}},
};

static guint
n_outputs (const MediaCase * mc)
{
  guint n = 0;

  while (n < MAX_OUTPUTS && mc->outputs[n].type != TC_MEDIA_UNKNOWN)
    n++;
  return n;
}

static gint
add_output (TcSource * src, const MediaCase * mc, const OutputCase * oc)
{
  TcOutputConfig c = { 0 };
  GError *err = NULL;
  gint id;

  c.media_type = oc->type;
  c.stream_index = -1;
  c.frames_per_chunk = oc->type == TC_MEDIA_AUDIO ? 1000 : 1;
  c.sample_rate = oc->rate;
  c.channels = oc->channels;
  c.frame_rate_n = oc->fps;
  c.frame_rate_d = 1;
  c.decoder_options = mc->decoder_options[0] ? mc->decoder_options : NULL;
  id = tc_source_add_output (src, &c, &err);
  if (id < 0)
    fail ("adding an output: %s", err->message);
  return id;
}

/* How far frames a and b differ; FALSE when beyond the tolerances. */
static gboolean
frame_close (TcMediaType type, const guint8 * a, const guint8 * b, gsize size,
    gdouble * worst)
{
  gdouble max = 0, sum = 0;
  gsize i;

  if (type == TC_MEDIA_AUDIO) {
    const gfloat *x = (const gfloat *) a, *y = (const gfloat *) b;

    for (i = 0; i < size / sizeof (gfloat); i++)
      max = MAX (max, fabs (x[i] - y[i]));
    *worst = MAX (*worst, max);
    return max <= AUDIO_TOLERANCE;
  }
  for (i = 0; i < size; i++) {
    gint d = ABS ((gint) a[i] - (gint) b[i]);
    sum += d;
    max = MAX (max, d);
  }
  *worst = MAX (*worst, max);
  return max <= VIDEO_MAX_TOLERANCE && sum / size <= VIDEO_MEAN_TOLERANCE;
}

/* The first frame of the full decode at or after target. */
static guint
first_at (const Frames * full, gint64 target)
{
  guint i;

  for (i = 0; i < full->times->len; i++)
    if (g_array_index (full->times, gint64, i) >= target)
      break;
  return i;
}

/* Whether what an output gave after a seek to target is the full decode
 * from its first frame at or after target on; why not, in why. */
static gboolean
check_after_seek (const OutputCase * oc, const Frames * full,
    const Frames * got, gint64 target, GString * why)
{
  guint first = first_at (full, target), n = got->times->len, i;
  gsize fs = full->frame_size;
  gdouble worst = 0;
  guint bad = 0, first_bad = 0;

  if (n != full->times->len - first) {
    g_string_append_printf (why, "%u frames from frame %" G_GINT64_FORMAT
        ", the full decode has %u from frame %u", n, n ?
        (gint64) g_array_index (got->offsets, guint64, 0) : -1,
        full->times->len - first, first);
    return FALSE;
  }
  if (n == 0)
    return TRUE;
  if (!got->first_discont || !got->pts_ok
      || g_array_index (got->times, gint64, 0) !=
      g_array_index (full->times, gint64, first)
      || g_array_index (got->offsets, guint64, 0) !=
      g_array_index (full->offsets, guint64, first)) {
    g_string_append_printf (why, "first chunk at %" G_GINT64_FORMAT
        " offset %" G_GUINT64_FORMAT ", the full decode's frame %u is at %"
        G_GINT64_FORMAT " offset %" G_GUINT64_FORMAT,
        g_array_index (got->times, gint64, 0),
        g_array_index (got->offsets, guint64, 0), first,
        g_array_index (full->times, gint64, first),
        g_array_index (full->offsets, guint64, first));
    return FALSE;
  }
  for (i = 0; i < n; i++) {
    if (!frame_close (oc->type, got->data->data + i * fs,
            full->data->data + (first + i) * fs, fs, &worst)) {
      if (bad++ == 0)
        first_bad = i;
    }
  }
  if (bad > 0)
    g_string_append_printf (why, "%u of %u frames differ, from frame %u "
        "after the target on (max |difference| %g)", bad, n, first_bad, worst);
  return bad == 0;
}

/* After a seek, every chunk's PTS is the time the full decode gives the
 * frame at its counter. */
static void
check_times (Frames * got, const Frames * full)
{
  guint i;

  for (i = 0; i < got->chunk_pts->len; i++) {
    guint64 o = g_array_index (got->chunk_offsets, guint64, i);

    /* the full decode counts from 0: its frame o is at index o */
    if (o >= full->times->len || g_array_index (full->times, gint64, o) !=
        g_array_index (got->chunk_pts, gint64, i)) {
      got->pts_ok = FALSE;
      return;
    }
  }
}

/* Seeks accurately to each target and compares every output with the
 * full decode; returns the cases that failed, printed. */
static guint
run_media_case (const MediaCase * mc, guint seed, guint * n_cases)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, mc->media, NULL, NULL);
  Outputs got = { 0 }, full = { 0 };
  guint n = n_outputs (mc), i, t, failed = 0;
  guint n_targets = g_getenv ("TC_TEST_QUICK") ? N_TARGETS_QUICK : N_TARGETS;
  GRand *rand = g_rand_new_with_seed (seed);
  gint64 duration;

  for (i = 0; i < n; i++)
    fail_unless_equals_int (add_output (src, mc, &mc->outputs[i]), i);
  tc_test_run_to_eos (src);
  outputs_take (&full, col);
  fail_unless (full.out[0].times->len > 0);
  if (g_getenv ("TC_TEST_DUMP"))
    for (i = 0; i < full.out[0].times->len; i++)
      g_print ("%s %u %" G_GINT64_FORMAT "\n", mc->media, i,
          g_array_index (full.out[0].times, gint64, i));
  /* the last time known (an MPEG-PS's last frame may have none) */
  duration = 0;
  for (i = 0; i < full.out[0].times->len; i++)
    duration = MAX (duration, g_array_index (full.out[0].times, gint64, i));
  fail_unless (duration > TC_SECOND, "%s: %" G_GINT64_FORMAT, mc->media,
      duration);

  for (t = 0; t < n_targets; t++) {
    /* 0 once, the others anywhere up to the last 0.1 s */
    gint64 target = t == 0 ? 0 : g_rand_int_range (rand, 0,
        (gint32) ((duration - TC_SECOND / 10) / 1000)) * (gint64) 1000;
    gint64 landed;

    fail_unless (tc_source_seek (src, target, TRUE, &landed, NULL));
    fail_unless_equals_int64 (landed, target);
    tc_test_run_to_eos (src);
    outputs_take (&got, col);
    for (i = 0; i < n; i++) {
      GString *why = g_string_new (NULL);

      check_times (&got.out[i], &full.out[i]);
      (*n_cases)++;
      if (!check_after_seek (&mc->outputs[i], &full.out[i], &got.out[i],
              target, why)) {
        failed++;
        g_print ("FAIL %s output %u (rate %d channels %d fps %d), seek to "
            "%.6f s: %s\n", mc->media, i, mc->outputs[i].rate,
            mc->outputs[i].channels, mc->outputs[i].fps,
            (gdouble) target / TC_SECOND, why->str);
      }
      g_string_free (why, TRUE);
    }
  }
  outputs_clear (&got);
  outputs_clear (&full);
  g_rand_free (rand);
  tc_test_collector_free (col, src);
  return failed;
}

GST_START_TEST (test_seek_matrix)
{
  guint c, failed = 0, n_cases = 0;

  for (c = 0; c < G_N_ELEMENTS (cases); c++)
    failed += run_media_case (&cases[c], 13 + c, &n_cases);
  g_print ("seek matrix: %u of %u cases differ from the full decode\n",
      failed, n_cases);
  fail_unless_equals_int (failed, 0);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* The length invariant */

/* What the ffmpeg CLI decodes of stream index of path, into dir: audio as
 * interleaved float (as the core's default output), video as 32x32 gray
 * frames, every decoded frame kept (no frame-rate conversion).  NULL when
 * the CLI cannot decode it. */
static GBytes *
cli_decode (const gchar * dir, const gchar * path, gint index, gboolean audio)
{
  gchar *map = g_strdup_printf ("0:%d", index);
  gchar *raw = g_build_filename (dir, "cli.raw", NULL);
  const gchar *audio_args[] = { "ffmpeg", "-nostdin", "-v", "quiet", "-y",
    "-i", path, "-map", map, "-c:a", "pcm_f32le", "-f", "f32le", raw, NULL
  };
  const gchar *video_args[] = { "ffmpeg", "-nostdin", "-v", "quiet", "-y",
    "-i", path, "-map", map, "-fps_mode", "passthrough", "-vf",
    "scale=32:32,format=gray", "-f", "rawvideo", raw, NULL
  };
  gint status = -1;
  GError *err = NULL;
  GBytes *res = NULL;
  gchar *data;
  gsize len;

  if (!g_spawn_sync (NULL, (gchar **) (audio ? audio_args : video_args),
          NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
          G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &err))
    fail ("running ffmpeg: %s", err->message);
  if (g_spawn_check_wait_status (status, NULL)
      && g_file_get_contents (raw, &data, &len, NULL))
    res = g_bytes_new_take (data, len);
  g_unlink (raw);
  g_free (raw);
  g_free (map);
  return res;
}

/* An output of stream index as cli_decode() decodes it, in chunks of 7
 * frames (so that the last one is short); -1 when the core refuses it.
 * Audio keeps the rate and channels the stream starts with, as the CLI's
 * output does when they change. */
static gint
add_plain_output (TcSource * src, gint index, gboolean audio)
{
  const TcStreamInfo *info = tc_source_get_stream_info (src, index);
  TcOutputConfig c = { 0 };

  c.media_type = audio ? TC_MEDIA_AUDIO : TC_MEDIA_VIDEO;
  c.stream_index = index;
  c.frames_per_chunk = audio ? 1000 : 7;
  c.width = audio ? 0 : 32;
  c.height = audio ? 0 : 32;
  c.pixel_format = audio ? NULL : "gray";
  c.sample_rate = audio ? info->sample_rate : 0;
  c.channels = audio ? info->channels : 0;
  return tc_source_add_output (src, &c, NULL);
}

/* Every audio and video stream of path: the core's chunks concatenate to
 * what the CLI decodes; the number of streams compared. */
static guint
check_lengths (const gchar * dir, const gchar * path)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_source_new (&tc_test_collector_callbacks, col);
  Outputs got = { 0 };
  gint ids[MAX_OUTPUTS], index[MAX_OUTPUTS];
  gboolean audio[MAX_OUTPUTS];
  guint n = 0, i, checked = 0;
  gdouble worst = 0;

  if (!tc_source_open (src, path, NULL, NULL, NULL))
    goto done;
  for (i = 0; i < tc_source_n_streams (src) && n < MAX_OUTPUTS; i++) {
    TcMediaType t = tc_source_get_stream_info (src, i)->media_type;

    if (t != TC_MEDIA_AUDIO && t != TC_MEDIA_VIDEO)
      continue;
    audio[n] = t == TC_MEDIA_AUDIO;
    index[n] = i;
    ids[n] = add_plain_output (src, i, audio[n]);
    if (ids[n] >= 0)
      n++;
  }
  tc_test_run_to_eos (src);
  outputs_take (&got, col);
  for (i = 0; i < n; i++) {
    GBytes *cli = cli_decode (dir, path, index[i], audio[i]);
    Frames *f = &got.out[ids[i]];
    gsize len;
    const guint8 *data;

    fail_unless (cli != NULL, "%s stream %d: the CLI decodes nothing", path,
        index[i]);
    data = g_bytes_get_data (cli, &len);
    fail_unless_equals_uint64 (f->data->len, len);
    if (audio[i]) {
      fail_unless (len == 0 || frame_close (TC_MEDIA_AUDIO, f->data->data,
              data, len, &worst), "%s stream %d: max |difference| %g", path,
          index[i], worst);
    }
    g_print ("%s stream %d: %" G_GSIZE_FORMAT " frames, as the CLI\n", path,
        index[i], f->frame_size ? f->data->len / f->frame_size : 0);
    g_bytes_unref (cli);
    checked++;
  }
done:
  outputs_clear (&got);
  tc_test_collector_free (col, src);
  return checked;
}

/* SPEC: with hop = frames-per-chunk and last-chunk=short, an output's
 * chunks are the whole decode, no frame missing or added, for every file
 * of the test media the core opens (garbage and raw PCM without its
 * format it does not). */
GST_START_TEST (test_length_invariant)
{
  gchar *media = tc_test_media (".");
  gchar *tmp = g_dir_make_tmp ("tc-lengths-XXXXXX", NULL);
  GDir *dir = g_dir_open (media, 0, NULL);
  const gchar *name;
  guint n_files = 0, n_streams = 0;

  fail_unless (dir != NULL && tmp != NULL);
  while ((name = g_dir_read_name (dir)) != NULL) {
    gchar *path = g_build_filename (media, name, NULL);
    guint n;

    if (g_file_test (path, G_FILE_TEST_IS_REGULAR) && name[0] != '.') {
      n = check_lengths (tmp, path);
      n_files += n > 0;
      n_streams += n;
    }
    g_free (path);
  }
  g_print ("length invariant: %u streams of %u files\n", n_streams, n_files);
  /* the media of make_media.sh and the seek matrix's at least */
  fail_unless (n_files >= 20);
  g_dir_close (dir);
  g_rmdir (tmp);
  g_free (tmp);
  g_free (media);
}

GST_END_TEST;

static Suite *
seekmatrix_suite (void)
{
  Suite *s = suite_create ("seekmatrix");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_seek_matrix);
  tcase_add_test (tc, test_length_invariant);
  return s;
}

TC_TEST_MAIN (seekmatrix);
