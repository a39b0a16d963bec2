/* tensorchunker core tests: hostile media
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

/*
 * Broken, lying and strange media, made at test time from the test media:
 * truncated, bytes flipped, empty, random, headers claiming huge pictures
 * or absurd audio, streams that change size, rate and clock mid-stream.
 * Each must decode what it can and end with EOS or a TC_ERROR with a
 * message: never crash, hang (every run is bounded in steps), ask for
 * unbounded memory (every chunk the core asks for is checked against
 * TC_MAX_CHUNK_SIZE) or lose a chunk (every chunk allocated is delivered or
 * released).
 */

#include <gst/check/gstcheck.h>
#include <glib/gstdio.h>

#include <stdio.h>
#include <string.h>

#include "tccore.h"
#include "tccoretest.h"
#include "tctest.h"

/* Far more packets than any test medium has: reaching it is a hang. */
#define MAX_STEPS 20000

/* ------------------------------------------------------------------------ */
/* The bytes, in memory, read through the byte-stream input */

typedef struct
{
  const guint8 *data;
  gsize size;
  gsize pos;
} Mem;

static gint
mem_read (gpointer user_data, guint8 * buf, gint size)
{
  Mem *m = user_data;
  gsize n = MIN ((gsize) size, m->size - m->pos);

  memcpy (buf, m->data + m->pos, n);
  m->pos += n;
  return n;
}

static gint64
mem_seek (gpointer user_data, gint64 offset, gint whence)
{
  Mem *m = user_data;
  gint64 pos;

  if (whence == TC_SEEK_SIZE)
    return m->size;
  if (whence == SEEK_SET)
    pos = offset;
  else if (whence == SEEK_CUR)
    pos = m->pos + offset;
  else if (whence == SEEK_END)
    pos = m->size + offset;
  else
    return -1;
  if (pos < 0 || pos > (gint64) m->size)
    return -1;
  m->pos = pos;
  return pos;
}

/* ------------------------------------------------------------------------ */
/* A caller that checks every chunk and counts the frames */

/* Not tccoretest.c's collector: a tally by media kind that keeps no chunk,
 * as these runs only compare how many frames came. */
typedef struct
{
  guint n_alloc;
  guint n_chunks;
  guint n_release;
  /* by media: [0] audio, [1] video */
  guint64 frames[2];
  guint n_info_changed[2];
  guint n_discont[2];
  gsize max_size;
} Counts;

static gpointer
counts_alloc (gpointer user_data, gint output, gsize size, gpointer * handle)
{
  Counts *c = user_data;

  fail_unless (size > 0 && size <= TC_MAX_CHUNK_SIZE,
      "a chunk of %" G_GSIZE_FORMAT " bytes", size);
  c->n_alloc++;
  c->max_size = MAX (c->max_size, size);
  *handle = g_malloc (size);
  return *handle;
}

static void
counts_chunk (gpointer user_data, const TcChunk * k)
{
  Counts *c = user_data;
  gint m = k->info->media_type == TC_MEDIA_VIDEO;

  tc_test_check_chunk (k);
  c->n_chunks++;
  c->frames[m] += k->n_frames;
  c->n_info_changed[m] += k->info_changed;
  c->n_discont[m] += k->discont;
  g_free (k->handle);
}

static void
counts_release (gpointer user_data, gint output, gpointer handle)
{
  Counts *c = user_data;

  c->n_release++;
  g_free (handle);
}

static const TcCallbacks callbacks = {
  counts_alloc, counts_chunk, counts_release
};

/* ------------------------------------------------------------------------ */
/* One run: open, an audio and a video output where there are such streams,
 * step to the end, seek back to the start and step to the end again. */

typedef struct
{
  gboolean opened;
  guint n_outputs;
  gboolean eos;                 /* the first run ended with EOS, else an error */
  Counts counts;
} Outcome;

static void
check_error (const gchar * what, const gchar * step, GError * err)
{
  fail_unless (err != NULL, "%s: %s failed without an error", what, step);
  fail_unless (err->domain == TC_ERROR, "%s: %s: error of domain %s", what,
      step, g_quark_to_string (err->domain));
  fail_unless (err->message != NULL && err->message[0] != '\0',
      "%s: %s: an empty message", what, step);
}

/* Steps to EOS or an error; TRUE for EOS. */
static gboolean
step_to_end (TcSource * src, const gchar * what)
{
  GError *err = NULL;
  guint i;

  for (i = 0; i < MAX_STEPS; i++) {
    TcStepResult r = tc_source_step (src, &err);

    if (r == TC_STEP_EOS) {
      /* and it stays at the end */
      fail_unless_equals_int (tc_source_step (src, NULL), TC_STEP_EOS);
      return TRUE;
    }
    if (r == TC_STEP_ERROR) {
      check_error (what, "a step", err);
      GST_INFO ("%s: %s", what, err->message);
      g_error_free (err);
      return FALSE;
    }
  }
  fail ("%s: no end after %u steps", what, MAX_STEPS);
  return FALSE;
}

static Outcome
run_source (TcSource * src, const gchar * what, Counts * counts,
    const TcOutputConfig * audio, const TcOutputConfig * video)
{
  Outcome o = { 0 };
  GError *err = NULL;
  guint i;

  o.opened = TRUE;
  /* the source's description is there whatever the media says */
  for (i = 0; i < tc_source_n_streams (src); i++)
    fail_unless (tc_source_get_stream_info (src, i) != NULL);
  tc_source_duration (src);

  if (tc_source_add_output (src, audio, &err) >= 0)
    o.n_outputs++;
  else
    g_clear_error (&err);
  if (tc_source_add_output (src, video, &err) >= 0)
    o.n_outputs++;
  else
    g_clear_error (&err);

  o.eos = step_to_end (src, what);
  if (tc_source_is_seekable (src)) {
    if (tc_source_seek (src, 0, FALSE, NULL, &err))
      step_to_end (src, what);
    else {
      check_error (what, "a seek", err);
      g_clear_error (&err);
    }
  }
  return o;
}

static TcOutputConfig
default_config (TcMediaType type)
{
  TcOutputConfig c = { 0 };

  c.media_type = type;
  c.stream_index = -1;
  c.frames_per_chunk = type == TC_MEDIA_AUDIO ? 1024 : 4;
  return c;
}

/* Runs bytes through the byte-stream input, seekable or not, with the
 * default outputs or the ones given. */
static Outcome
run_bytes_with (const gchar * what, const guint8 * data, gsize size,
    gboolean seekable, const TcOutputConfig * audio,
    const TcOutputConfig * video)
{
  Counts counts = { 0 };
  TcSource *src = tc_test_source_new (&callbacks, &counts);
  Mem mem = { data, size, 0 };
  GError *err = NULL;
  Outcome o = { 0 };

  if (tc_source_open_io (src, mem_read, seekable ? mem_seek : NULL, &mem,
          NULL, NULL, NULL, &err))
    o = run_source (src, what, &counts, audio, video);
  else {
    check_error (what, "opening", err);
    GST_INFO ("%s: %s", what, err->message);
    g_error_free (err);
  }
  tc_source_free (src);
  fail_unless_equals_int (counts.n_alloc, counts.n_chunks + counts.n_release);
  o.counts = counts;
  GST_INFO ("%s: %s, %u outputs, %u chunks, %" G_GUINT64_FORMAT " audio and %"
      G_GUINT64_FORMAT " video frames, %s", what, o.opened ? "opened" :
      "not opened", o.n_outputs, counts.n_chunks, counts.frames[0],
      counts.frames[1], o.eos ? "EOS" : "error");
  return o;
}

static Outcome
run_bytes (const gchar * what, const guint8 * data, gsize size,
    gboolean seekable)
{
  TcOutputConfig a = default_config (TC_MEDIA_AUDIO);
  TcOutputConfig v = default_config (TC_MEDIA_VIDEO);

  return run_bytes_with (what, data, size, seekable, &a, &v);
}

/* The same through a file (FFmpeg's own file protocol). */
static Outcome
run_file (const gchar * what, const gchar * path)
{
  TcOutputConfig a = default_config (TC_MEDIA_AUDIO);
  TcOutputConfig v = default_config (TC_MEDIA_VIDEO);
  Counts counts = { 0 };
  TcSource *src = tc_test_source_new (&callbacks, &counts);
  GError *err = NULL;
  Outcome o = { 0 };

  if (tc_source_open (src, path, NULL, NULL, &err))
    o = run_source (src, what, &counts, &a, &v);
  else {
    check_error (what, "opening", err);
    g_error_free (err);
  }
  tc_source_free (src);
  fail_unless_equals_int (counts.n_alloc, counts.n_chunks + counts.n_release);
  o.counts = counts;
  return o;
}

static GBytes *
media_bytes (const gchar * name)
{
  gchar *path = tc_test_media (name);
  GError *err = NULL;
  gchar *data;
  gsize size;

  if (!g_file_get_contents (path, &data, &size, &err))
    fail ("reading %s: %s", path, err->message);
  g_free (path);
  return g_bytes_new_take (data, size);
}

/* What a user of damaged media @o sees, against the same media whole, @c:
 * a run that opens ends with EOS (damage is skipped, not an error), and
 * gives no frame the whole media does not have; with @at_least > 0, at least
 * that fraction of each kind of frame the whole media has. */
static void
check_damaged (const gchar * what, const Outcome * o, const Outcome * c,
    gdouble at_least)
{
  guint m;

  fail_unless (c->opened && c->eos, "%s: the media whole does not play", what);
  if (o->opened)
    fail_unless (o->eos, "%s: ended with an error", what);
  for (m = 0; m < 2; m++) {
    fail_unless (o->counts.frames[m] <= c->counts.frames[m], "%s: %"
        G_GUINT64_FORMAT " %s frames, more than the %" G_GUINT64_FORMAT
        " of the media whole", what, o->counts.frames[m],
        m ? "video" : "audio", c->counts.frames[m]);
    fail_unless (o->counts.frames[m] >= at_least * c->counts.frames[m],
        "%s: %" G_GUINT64_FORMAT " of the %" G_GUINT64_FORMAT " %s frames",
        what, o->counts.frames[m], c->counts.frames[m], m ? "video" : "audio");
  }
}

/* Whether @name is an MP4 with its index at the end (make_media.sh), which
 * no longer opens when its end is cut off. */
static gboolean
index_at_end (const gchar * name)
{
  return g_str_equal (name, "moov_end.mp4")
      || g_str_equal (name, "video_only.mp4");
}

/* ------------------------------------------------------------------------ */
/* Truncated */

static const gchar *const some_media[] = {
  "small.mkv", "video_only.mp4", "moov_front.mp4", "moov_end.mp4",
  "tone16k.wav", "tone.mp3", "clip.ts", "still.png", "still.jpg",
};

GST_START_TEST (test_truncated)
{
  static const gdouble fractions[] = { 0.001, 0.02, 0.1, 0.33, 0.5, 0.9,
    0.999
  };
  guint i, j;

  for (i = 0; i < G_N_ELEMENTS (some_media); i++) {
    GBytes *bytes = media_bytes (some_media[i]);
    gsize size;
    const guint8 *data = g_bytes_get_data (bytes, &size);

    for (j = 0; j < G_N_ELEMENTS (fractions); j++) {
      gsize cut = size * fractions[j];
      gchar *what = g_strdup_printf ("%s cut at %" G_GSIZE_FORMAT " of %"
          G_GSIZE_FORMAT " bytes", some_media[i], cut, size);
      Outcome o = run_bytes (what, data, cut, j % 2 == 0);

      /* a cut is the end of the stream, not an error: the decoders give
       * what they hold of the last packets, and a damaged last packet is
       * skipped */
      if (o.opened)
        fail_unless (o.eos, "%s: ended with an error", what);
      /* decode what it can: the samples of a WAV up to the cut */
      if (g_str_equal (some_media[i], "tone16k.wav") && fractions[j] >= 0.1) {
        guint64 expected = (cut - 78) / 2;      /* its header: 78 bytes */

        fail_unless (o.opened, "%s did not open", what);
        fail_unless (o.counts.frames[0] + 1024 >= expected,
            "%s: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " samples",
            what, o.counts.frames[0], expected);
      }
      /* and what comes before the cut of other streams */
      if ((g_str_equal (some_media[i], "small.mkv")
              || g_str_equal (some_media[i], "clip.ts"))
          && fractions[j] >= 0.5)
        fail_unless (o.counts.frames[0] > 0 && o.counts.frames[1] > 0,
            "%s: nothing decoded", what);
      /* an MP4 whose index is at the end has no index when cut well
       * before the end */
      if (g_str_equal (some_media[i], "moov_end.mp4") && fractions[j] <= 0.9)
        fail_if (o.opened, "%s opened", what);
      g_free (what);
    }
    g_bytes_unref (bytes);
  }
}

GST_END_TEST;

/* The same through the file protocol, where FFmpeg knows the size and reads
 * ahead on its own. */
GST_START_TEST (test_truncated_file)
{
  gchar *dir = g_dir_make_tmp ("tc-hostile-XXXXXX", NULL);
  guint i;

  fail_unless (dir != NULL);
  for (i = 0; i < G_N_ELEMENTS (some_media); i++) {
    GBytes *bytes = media_bytes (some_media[i]);
    gsize size;
    const guint8 *data = g_bytes_get_data (bytes, &size);
    gchar *path = g_build_filename (dir, some_media[i], NULL);

    gchar *whole = tc_test_media (some_media[i]);
    Outcome c = run_file (whole, whole), o;

    fail_unless (g_file_set_contents (path, (const gchar *) data, size * 2 / 3,
            NULL));
    o = run_file (path, path);
    /* what comes before the cut: about 2/3 of the frames, but for an image
     * (nothing of a PNG cut short decodes) and a file without its index */
    check_damaged (path, &o, &c, g_str_has_prefix (some_media[i], "still.")
        || index_at_end (some_media[i]) ? 0.0 : 0.5);
    fail_unless (o.opened != index_at_end (some_media[i]), "%s: %s", path,
        o.opened ? "opened without its index" : "did not open");
    g_free (whole);
    g_unlink (path);
    g_free (path);
    g_bytes_unref (bytes);
  }
  g_rmdir (dir);
  g_free (dir);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* Flipped bytes, empty, random */

GST_START_TEST (test_flipped_bytes)
{
  static const gchar *const media[] = {
    "small.mkv", "video_only.mp4", "moov_front.mp4", "tone16k.wav",
    "tone.mp3", "clip.ts", "still.png", "still.jpg",
  };
  /* formats that lose little to sparse damage: no header or index read
   * from the middle of the file */
  static const gchar *const resilient_media[] = {
    "tone16k.wav", "tone.mp3", "clip.ts", "moov_front.mp4", "still.jpg", NULL
  };
  guint i, seed;

  for (i = 0; i < G_N_ELEMENTS (media); i++) {
    GBytes *bytes = media_bytes (media[i]);
    gsize size, k;
    const guint8 *orig = g_bytes_get_data (bytes, &size);
    /* the media whole, read without and with seeking (the run with seeking
     * plays it twice) */
    Outcome whole[2] = { run_bytes (media[i], orig, size, FALSE),
      run_bytes (media[i], orig, size, TRUE)
    };
    gboolean resilient = g_strv_contains (resilient_media, media[i]);

    for (seed = 1; seed <= 4; seed++) {
      /* deterministic: a failure names the seed that made it */
      GRand *rand = g_rand_new_with_seed (seed * 7919 + i);
      guint8 *data = g_memdup2 (orig, size);
      /* from 1 byte in 1000 to 1 in 20 */
      guint every = seed == 4 ? 20 : 1000 / seed;
      gchar *what;
      Outcome o;

      for (k = 0; k < size / every; k++)
        data[g_rand_int_range (rand, 0, size)] ^= g_rand_int_range (rand, 1,
            256);
      what = g_strdup_printf ("%s with 1 byte in %u flipped (seed %u)",
          media[i], every, seed);
      o = run_bytes (what, data, size, seed % 2 == 1);
      /* 1 byte in 1000 costs these formats a few packets at most */
      check_damaged (what, &o, &whole[seed % 2], seed == 1 && resilient ?
          0.8 : 0.0);
      g_free (what);
      g_free (data);
      g_rand_free (rand);
    }
    g_bytes_unref (bytes);
  }
}

GST_END_TEST;

GST_START_TEST (test_empty_and_random)
{
  /* the start of a known format, then noise: the probe says yes, the
   * demuxer and the decoders get garbage */
  static const struct
  {
    const gchar *name;
    const gchar *magic;
    gsize len;
  } starts[] = {
    {"nothing", "", 0},
    {"RIFF/WAVE", "RIFF\xff\xff\xff\xffWAVEfmt ", 16},
    {"EBML", "\x1a\x45\xdf\xa3", 4},
    {"ftyp", "\0\0\0\x18" "ftypisom\0\0\x02\0isomiso2", 24},
    {"MPEG-TS", "G@\x00\x10", 4},
    {"ID3", "ID3\x04\0\0\0\0\0\0", 10},
    {"Ogg", "OggS\0\x02", 6},
    {"fLaC", "fLaC", 4},
    {"PNG", "\x89PNG\r\n\x1a\n", 8},
    {"FLV", "FLV\x01\x05\0\0\0\x09", 9},
    {"y4m", "YUV4MPEG2 W16 H16 F25:1\nFRAME\n", 30},
  };
  GRand *rand = g_rand_new_with_seed (42);
  guint8 *data = g_malloc (65536);
  Outcome o;
  guint i, k;

  /* nothing at all, and one byte */
  o = run_bytes ("0 bytes", data, 0, TRUE);
  fail_if (o.opened);
  o = run_bytes ("1 byte", (const guint8 *) "G", 1, FALSE);
  fail_if (o.opened);

  for (i = 0; i < G_N_ELEMENTS (starts); i++) {
    gchar *what = g_strdup_printf ("%s then 64 KB of noise", starts[i].name);

    for (k = 0; k < 65536 / 4; k++)
      ((guint32 *) data)[k] = g_rand_int (rand);
    memcpy (data, starts[i].magic, starts[i].len);
    run_bytes (what, data, 65536, i % 2 == 0);
    g_free (what);
  }
  g_free (data);
  g_rand_free (rand);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* Headers that lie about the picture */

static void
put_le32 (guint8 * p, guint32 v)
{
  p[0] = v;
  p[1] = v >> 8;
  p[2] = v >> 16;
  p[3] = v >> 24;
}

static void
put_be32 (guint8 * p, guint32 v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

static guint32
crc32 (const guint8 * p, gsize n)
{
  guint32 crc = 0xffffffff;
  gint k;

  while (n--) {
    crc ^= *p++;
    for (k = 0; k < 8; k++)
      crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc;
}

/* A PNG of w x h: signature, IHDR with a good CRC, one IDAT of noise. */
static guint8 *
make_png (guint32 w, guint32 h, gsize * size)
{
  guint8 *png = g_malloc0 (8 + 25 + 12 + 1000 + 12);
  guint8 *p = png;
  guint i;

  memcpy (p, "\x89PNG\r\n\x1a\n", 8);
  p += 8;
  put_be32 (p, 13);
  memcpy (p + 4, "IHDR", 4);
  put_be32 (p + 8, w);
  put_be32 (p + 12, h);
  p[16] = 8;                    /* bit depth */
  p[17] = 2;                    /* RGB */
  put_be32 (p + 21, crc32 (p + 4, 17));
  p += 25;
  put_be32 (p, 1000);
  memcpy (p + 4, "IDAT", 4);
  for (i = 0; i < 1000; i++)
    p[8 + i] = i * 37;
  put_be32 (p + 1008, crc32 (p + 4, 1004));
  p += 1012;
  memcpy (p + 4, "IEND", 4);
  put_be32 (p + 8, crc32 (p + 4, 4));
  *size = p + 12 - png;
  return png;
}

/* A 24-bit BMP of w x h with 1000 bytes of pixels. */
static guint8 *
make_bmp (gint32 w, gint32 h, gsize * size)
{
  guint8 *bmp = g_malloc0 (54 + 1000);

  memcpy (bmp, "BM", 2);
  put_le32 (bmp + 2, 54 + 1000);
  put_le32 (bmp + 10, 54);
  put_le32 (bmp + 14, 40);
  put_le32 (bmp + 18, w);
  put_le32 (bmp + 22, h);
  bmp[26] = 1;                  /* planes */
  bmp[28] = 24;                 /* bits per pixel */
  memset (bmp + 54, 0x80, 1000);
  *size = 54 + 1000;
  return bmp;
}

/* A y4m header alone, of size ("W1 H2"): adding the video output v is
 * refused with TC_ERROR_FILTER, before any memory is asked for, with a
 * message naming each of the NULL-terminated strings; then, when
 * allowed_fpc is not 0, the same output of that many frames a chunk is
 * allowed. */
static void
check_y4m_refused (const gchar * size, const TcOutputConfig * v,
    guint allowed_fpc, ...)
{
  gchar *header = g_strdup_printf ("YUV4MPEG2 %s F25:1 Ip A1:1 C420jpeg\n",
      size);
  Counts counts = { 0 };
  TcSource *src = tc_test_source_new (&callbacks, &counts);
  Mem mem = { (const guint8 *) header, strlen (header), 0 };
  TcOutputConfig c = *v;
  GError *err = NULL;
  const gchar *want;
  va_list args;

  if (!tc_source_open_io (src, mem_read, mem_seek, &mem, NULL, NULL, NULL,
          &err))
    fail ("%s: %s", header, err->message);
  fail_unless_equals_int (tc_source_add_output (src, &c, &err), -1);
  fail_unless (err->domain == TC_ERROR);
  fail_unless_equals_int (err->code, TC_ERROR_FILTER);
  va_start (args, allowed_fpc);
  while ((want = va_arg (args, const gchar *)))
      fail_unless (strstr (err->message, want) != NULL, "'%s' not in '%s'",
        want, err->message);
  va_end (args);
  g_clear_error (&err);
  if (allowed_fpc > 0) {
    c.frames_per_chunk = allowed_fpc;
    fail_unless_equals_int (tc_source_add_output (src, &c, &err), 0);
  }
  tc_source_free (src);
  fail_unless_equals_int (counts.n_alloc, 0);
  g_free (header);
}

GST_START_TEST (test_huge_picture)
{
  static const guint32 sizes[][2] = {
    {100000, 100000}, {16384, 16384}, {1, 300000}, {300000, 1},
    {0x7fffffff, 2}, {0, 0}
  };
  TcOutputConfig v = default_config (TC_MEDIA_VIDEO);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (sizes); i++) {
    guint32 w = sizes[i][0], h = sizes[i][1];
    gchar *header = g_strdup_printf ("YUV4MPEG2 W%u H%u F25:1 Ip A1:1 "
        "C420jpeg\nFRAME\n", w, h);
    gsize hlen = strlen (header), size;
    guint8 *data = g_malloc0 (hlen + 5000);
    gchar *what;

    memcpy (data, header, hlen);
    what = g_strdup_printf ("a y4m header of %ux%u", w, h);
    run_bytes (what, data, hlen + 5000, TRUE);
    g_free (what);
    g_free (data);
    g_free (header);

    data = make_png (w, h, &size);
    what = g_strdup_printf ("a PNG header of %ux%u", w, h);
    run_bytes (what, data, size, TRUE);
    g_free (what);
    g_free (data);

    data = make_bmp (w, h, &size);
    what = g_strdup_printf ("a BMP header of %ux%u", w, h);
    run_bytes (what, data, size, FALSE);
    g_free (what);
    g_free (data);
  }

  /* a legal picture, but one swscale takes seconds to set up for: refused
   * when the output is added */
  check_y4m_refused ("W1 H1000000", &v, 0, "1x1000000", NULL);

  /* upside down, and negative */
  {
    gsize size;
    guint8 *data = make_bmp (-100000, -100000, &size);

    run_bytes ("a BMP header of -100000x-100000", data, size, TRUE);
    g_free (data);
  }

  /* a picture FFmpeg accepts (its limit is about 16000x16000), but whose
   * chunks would be too large: refused when the output is added, before
   * any memory is asked for; one frame a chunk, just under 1 GiB, is not */
  v.pixel_format = "rgba";
  v.frames_per_chunk = 8;
  check_y4m_refused ("W16000 H16000", &v, 1, "1024 MiB", "16000x16000", NULL);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* Audio headers that lie */

GST_START_TEST (test_absurd_audio)
{
  static const struct
  {
    const gchar *name;
    guint offset;               /* in the WAV header */
    guint size;                 /* 2 or 4 bytes, little endian */
    guint32 value;
  } patches[] = {
    {"2^31 Hz", 24, 4, 0x80000000},
    {"4294967295 Hz", 24, 4, 0xffffffff},
    {"738205504 Hz", 24, 4, 738205504},
    {"7 Hz", 24, 4, 7},
    {"1 Hz", 24, 4, 1},
    {"0 Hz", 24, 4, 0},
    {"65535 channels", 22, 2, 65535},
    {"64 channels", 22, 2, 64},
    {"0 channels", 22, 2, 0},
    {"0 bits", 34, 2, 0},
    {"255 bits", 34, 2, 255},
    {"block align 0", 32, 2, 0},
    {"block align 65535", 32, 2, 65535},
    {"byte rate 0", 28, 4, 0},
    {"format 0xffff", 20, 2, 0xffff},
    {"fmt size 2^31", 16, 4, 0x80000000},
    {"data size 2^32-1", 74, 4, 0xffffffff},
  };
  GBytes *bytes = media_bytes ("tone16k.wav");
  gsize size;
  const guint8 *orig = g_bytes_get_data (bytes, &size);
  TcOutputConfig a = default_config (TC_MEDIA_AUDIO);
  TcOutputConfig v = default_config (TC_MEDIA_VIDEO);
  guint i;

  /* where the patches go: a canonical header, its data chunk at 70 */
  fail_unless (memcmp (orig + 12, "fmt ", 4) == 0);
  fail_unless (memcmp (orig + 70, "data", 4) == 0);

  for (i = 0; i < G_N_ELEMENTS (patches); i++) {
    guint8 *data = g_memdup2 (orig, size);
    gchar *what = g_strdup_printf ("a WAV header saying %s", patches[i].name);

    if (patches[i].size == 2) {
      data[patches[i].offset] = patches[i].value;
      data[patches[i].offset + 1] = patches[i].value >> 8;
    } else {
      put_le32 (data + patches[i].offset, patches[i].value);
    }
    run_bytes (what, data, size, TRUE);
    /* and with a conversion on top */
    a.sample_rate = 8000;
    a.channels = 2;
    a.sample_format = "s16p";
    run_bytes_with (what, data, size, FALSE, &a, &v);
    a = default_config (TC_MEDIA_AUDIO);
    g_free (what);
    g_free (data);
  }

  /* resampling a rate swresample would take seconds and gigabytes to set
   * up for is refused, however the rate came */
  {
    guint8 *data = g_memdup2 (orig, size);
    Counts counts = { 0 };
    TcSource *src = tc_test_source_new (&callbacks, &counts);
    Mem mem = { data, size, 0 };
    GError *err = NULL;
    gint64 start = g_get_monotonic_time ();

    put_le32 (data + 24, 738205504);
    if (!tc_source_open_io (src, mem_read, mem_seek, &mem, NULL, NULL, NULL,
            &err))
      fail ("%s", err->message);
    a.sample_rate = 96000;
    fail_unless_equals_int (tc_source_add_output (src, &a, &err), -1);
    fail_unless_equals_int (err->code, TC_ERROR_FILTER);
    fail_unless (strstr (err->message, "738205504 Hz") != NULL, "%s",
        err->message);
    g_clear_error (&err);
    /* asked for directly */
    a.sample_rate = TC_MAX_SAMPLE_RATE + 1;
    fail_unless_equals_int (tc_source_add_output (src, &a, &err), -1);
    fail_unless_equals_int (err->code, TC_ERROR_FILTER);
    g_clear_error (&err);
    /* without resampling, the rate is what it is */
    a.sample_rate = 0;
    fail_unless_equals_int (tc_source_add_output (src, &a, NULL), 0);
    fail_unless (step_to_end (src, "738 MHz"));
    fail_unless (g_get_monotonic_time () - start < 10 * G_USEC_PER_SEC);
    tc_source_free (src);
    fail_unless (counts.frames[0] > 0);
    g_free (data);
    a = default_config (TC_MEDIA_AUDIO);
  }

  /* chunks too large for the limit, whatever the media */
  {
    Counts counts = { 0 };
    TcSource *src = tc_test_source_new (&callbacks, &counts);
    gchar *path = tc_test_media ("tone16k.wav");
    GError *err = NULL;

    fail_unless (tc_source_open (src, path, NULL, NULL, NULL));
    a.frames_per_chunk = G_MAXUINT;
    a.sample_format = "dbl";
    fail_unless_equals_int (tc_source_add_output (src, &a, &err), -1);
    fail_unless_equals_int (err->code, TC_ERROR_FILTER);
    fail_unless (strstr (err->message, "1024 MiB") != NULL, "%s", err->message);
    g_clear_error (&err);
    tc_source_free (src);
    g_free (path);
  }
  g_bytes_unref (bytes);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* Streams that change mid-stream */

/* size_change.ts: 2 s of 160x120 at 10 fps with 16 kHz mono, then 2 s of
 * 96x64 at 25 fps with 22.05 kHz stereo, the clock back at the start. */
GST_START_TEST (test_size_and_rate_change)
{
  TcOutputConfig a = default_config (TC_MEDIA_AUDIO);
  TcOutputConfig v = default_config (TC_MEDIA_VIDEO);
  GBytes *bytes = media_bytes ("size_change.ts");
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  Outcome o;

  o = run_bytes_with ("size_change.ts", data, size, FALSE, &a, &v);
  fail_unless (o.eos);
  fail_unless_equals_int (o.n_outputs, 2);
  /* both halves: 20 + 50 frames; 32000 + 44100 samples (AAC's priming
   * and padding give or take a frame) */
  fail_unless (o.counts.frames[1] >= 65 && o.counts.frames[1] <= 72,
      "%" G_GUINT64_FORMAT " frames", o.counts.frames[1]);
  fail_unless (o.counts.frames[0] >= 74000 && o.counts.frames[0] <= 80000,
      "%" G_GUINT64_FORMAT " samples", o.counts.frames[0]);
  fail_unless (o.counts.n_info_changed[0] >= 1);
  fail_unless (o.counts.n_info_changed[1] >= 1);

  /* with conversions: one shape and rate out, whatever comes in */
  a.sample_rate = 8000;
  a.channels = 1;
  v.width = 32;
  v.height = 32;
  v.frame_rate_n = 5;
  v.frame_rate_d = 1;
  o = run_bytes_with ("size_change.ts converted", data, size, FALSE, &a, &v);
  fail_unless (o.eos);
  /* 2 x 2 s at 5 fps, and 2 x 2 s at 8 kHz: the second half is not
   * dropped for its timestamps going back */
  fail_unless (o.counts.frames[1] >= 18 && o.counts.frames[1] <= 22,
      "%" G_GUINT64_FORMAT " frames", o.counts.frames[1]);
  fail_unless (o.counts.frames[0] >= 30000 && o.counts.frames[0] <= 34000,
      "%" G_GUINT64_FORMAT " samples", o.counts.frames[0]);
  g_bytes_unref (bytes);
}

GST_END_TEST;

/* Read in real time, a clock that jumps 4557 s ahead is not waited for. */
GST_START_TEST (test_realtime_jump)
{
  TcOutputConfig v = default_config (TC_MEDIA_VIDEO);
  Counts counts = { 0 };
  TcSource *src = tc_test_source_new (&callbacks, &counts);
  gchar *path = tc_test_media ("jump_short.ts");
  gint64 start = g_get_monotonic_time ();

  tc_source_set_realtime (src, TRUE);
  fail_unless (tc_source_open (src, path, NULL, NULL, NULL));
  fail_unless_equals_int (tc_source_add_output (src, &v, NULL), 0);
  fail_unless (step_to_end (src, "jump_short.ts in real time"));
  /* 2 x 0.3 s of frames, in about that long */
  fail_unless (g_get_monotonic_time () - start < 10 * G_USEC_PER_SEC);
  fail_unless_equals_uint64 (counts.frames[1], 6);
  tc_source_free (src);
  g_free (path);
}

GST_END_TEST;

/* huge_ts.mkv: a clock that starts 0.15 s before nanoseconds overflow. */
GST_START_TEST (test_huge_timestamps)
{
  GBytes *bytes = media_bytes ("huge_ts.mkv");
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  TcOutputConfig a = default_config (TC_MEDIA_AUDIO);
  TcOutputConfig v = default_config (TC_MEDIA_VIDEO);
  Outcome o;

  o = run_bytes_with ("huge_ts.mkv", data, size, TRUE, &a, &v);
  fail_unless (o.eos);
  /* all of it, twice (the seek back): 5 frames, 4000 samples */
  fail_unless_equals_uint64 (o.counts.frames[1], 2 * 5);
  fail_unless_equals_uint64 (o.counts.frames[0], 2 * 4000);
  v.frame_rate_n = 25;
  v.frame_rate_d = 1;
  a.sample_rate = 16000;
  o = run_bytes_with ("huge_ts.mkv converted", data, size, FALSE, &a, &v);
  fail_unless (o.eos);
  g_bytes_unref (bytes);
}

GST_END_TEST;

/* back.ts: the same 2 s twice, the clock going back 2 s in the middle;
 * jump.ts: the second copy 4557 s later. */
GST_START_TEST (test_time_jumps)
{
  static const gchar *const media[] = { "back.ts", "jump.ts" };
  guint i, fps;

  for (i = 0; i < G_N_ELEMENTS (media); i++) {
    GBytes *bytes = media_bytes (media[i]);
    gsize size;
    const guint8 *data = g_bytes_get_data (bytes, &size);

    for (fps = 0; fps <= 25; fps += 25) {
      TcOutputConfig a = default_config (TC_MEDIA_AUDIO);
      TcOutputConfig v = default_config (TC_MEDIA_VIDEO);
      gchar *what = g_strdup_printf ("%s at %u fps", media[i], fps);
      guint64 expected = fps ? 2 * 2 * fps : 2 * 2 * 10;
      Outcome o;

      v.frame_rate_n = fps;
      v.frame_rate_d = 1;
      o = run_bytes_with (what, data, size, TRUE, &a, &v);
      fail_unless (o.eos);
      /* both copies, and no more: not 4557 s of copies of the last frame
       * for the jump, nor the second copy dropped for going back; twice
       * over, for the seek back to the start */
      fail_unless (o.counts.frames[1] >= 2 * (expected - 8)
          && o.counts.frames[1] <= 2 * (expected + 8),
          "%s: %" G_GUINT64_FORMAT " frames", what, o.counts.frames[1]);
      /* the jump is a discontinuity: after open, at the jump, after the
       * seek, at the jump again */
      fail_unless_equals_int (o.counts.n_discont[1], 4);
      g_free (what);
    }
    g_bytes_unref (bytes);
  }
}

GST_END_TEST;

static Suite *
hostile_suite (void)
{
  Suite *s = suite_create ("hostile");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_truncated);
  tcase_add_test (tc, test_truncated_file);
  tcase_add_test (tc, test_flipped_bytes);
  tcase_add_test (tc, test_empty_and_random);
  tcase_add_test (tc, test_huge_picture);
  tcase_add_test (tc, test_absurd_audio);
  tcase_add_test (tc, test_size_and_rate_change);
  tcase_add_test (tc, test_time_jumps);
  tcase_add_test (tc, test_huge_timestamps);
  tcase_add_test (tc, test_realtime_jump);
  return s;
}

TC_TEST_MAIN (hostile);
