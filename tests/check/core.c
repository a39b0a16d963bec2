/* tensorchunker core unit tests: tc_* functions only, no element
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

#include <gst/check/gstcheck.h>

#include <stdio.h>
#include <string.h>

#include "tccore.h"
#include "tccoretest.h"
#include "tctest.h"

#define MS (TC_SECOND / 1000)

static TcOutputConfig
audio_config (guint frames_per_chunk)
{
  return tc_test_output_config (TC_MEDIA_AUDIO, frames_per_chunk, 0);
}

static TcOutputConfig
video_config (guint frames_per_chunk)
{
  return tc_test_output_config (TC_MEDIA_VIDEO, frames_per_chunk, 0);
}

/* Adding this output fails with code, and the message contains each of the
 * NULL-terminated strings. */
static void
check_add_error (TcSource * src, const TcOutputConfig * config,
    TcErrorCode code, ...)
{
  GError *err = NULL;
  const gchar *s;
  va_list args;

  fail_unless_equals_int (tc_source_add_output (src, config, &err), -1);
  fail_unless (err != NULL);
  fail_unless (err->domain == TC_ERROR);
  fail_unless_equals_int (err->code, code);
  va_start (args, code);
  while ((s = va_arg (args, const gchar *)))
      fail_unless (strstr (err->message, s) != NULL, "'%s' not in '%s'", s,
        err->message);
  va_end (args);
  g_error_free (err);
}

static void
check_open_error (const gchar * location, const gchar * format,
    const gchar * const *options, TcErrorCode code, const gchar * needle)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_source_new (&tc_test_collector_callbacks, col);
  GError *err = NULL;

  fail_if (tc_source_open (src, location, format, options, &err));
  fail_unless (err != NULL);
  fail_unless (err->domain == TC_ERROR);
  fail_unless_equals_int (err->code, code);
  fail_unless (strstr (err->message, needle) != NULL, "'%s' not in '%s'",
      needle, err->message);
  fail_if (tc_source_is_open (src));
  g_error_free (err);
  tc_test_collector_free (col, src);
}

/* ------------------------------------------------------------------------ */
/* Open and probe */

GST_START_TEST (test_probe_seed)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, "seed.mp4", NULL, NULL);
  const TcStreamInfo *v, *a;

  fail_unless (tc_source_is_open (src));
  fail_unless_equals_int (tc_source_n_streams (src), 2);
  fail_unless_equals_string (tc_source_format_name (src),
      "mov,mp4,m4a,3gp,3g2,mj2");
  fail_unless (tc_source_is_seekable (src));
  fail_if (tc_source_is_device (src));
  fail_unless (ABS (tc_source_duration (src) - 4004 * MS) < 5 * MS);

  v = tc_source_get_stream_info (src, 0);
  fail_unless_equals_int (v->index, 0);
  fail_unless_equals_int (v->media_type, TC_MEDIA_VIDEO);
  fail_unless_equals_string (v->codec, "h264");
  fail_unless (strstr (v->codec_long_name, "H.264") != NULL);
  fail_unless_equals_string (v->format, "yuv420p");
  fail_unless_equals_int (v->width, 1920);
  fail_unless_equals_int (v->height, 1080);
  fail_unless_equals_int (v->frame_rate_n, 30000);
  fail_unless_equals_int (v->frame_rate_d, 1001);
  fail_unless_equals_int (v->num_frames, 120);
  fail_unless_equals_int (v->bits_per_sample, 8);
  fail_unless (v->bit_rate > 0);
  fail_unless (v->metadata != NULL);
  fail_unless (g_strv_contains ((const gchar * const *) v->metadata,
          "handler_name"));

  a = tc_source_get_stream_info (src, 1);
  fail_unless_equals_int (a->media_type, TC_MEDIA_AUDIO);
  fail_unless_equals_string (a->codec, "aac");
  fail_unless_equals_string (a->format, "fltp");
  fail_unless_equals_int (a->sample_rate, 48000);
  fail_unless_equals_int (a->channels, 2);
  fail_unless_equals_int (a->num_frames, 189);

  fail_unless (tc_source_get_stream_info (src, 2) == NULL);
  fail_unless_equals_int (tc_source_default_stream (src, TC_MEDIA_VIDEO), 0);
  fail_unless_equals_int (tc_source_default_stream (src, TC_MEDIA_AUDIO), 1);
  fail_unless_equals_int (tc_source_default_stream (src, TC_MEDIA_SUBTITLE),
      -1);
  tc_test_collector_free (col, src);
}

GST_END_TEST;

/* What each test medium holds, as make_media.sh made it. */
static const struct
{
  const gchar *media;
  const gchar *format;
  guint n_streams;
  gint default_audio, default_video;
  gint64 duration_ms;           /* -1: not checked */
} media_table[] = {
  {"small.mkv", "matroska,webm", 3, 1, 0, -1},
  {"video_only.mp4", "mov,mp4,m4a,3gp,3g2,mj2", 1, -1, 0, 3000},
  {"tone16k.wav", "wav", 1, 0, -1, 1000},
  {"stereo48k.wav", "wav", 1, 0, -1, 2000},
  {"speech16k.wav", "wav", 1, 0, -1, -1},
  {"tone.mp3", "mp3", 1, 0, -1, -1},
  {"still.jpg", "image2", 1, -1, 0, -1},
  {"still.png", "png_pipe", 1, -1, 0, -1},
  {"clip.ts", "mpegts", 2, 1, 0, -1},
  {"moov_end.mp4", "mov,mp4,m4a,3gp,3g2,mj2", 1, -1, 0, 4000},
  {"moov_front.mp4", "mov,mp4,m4a,3gp,3g2,mj2", 1, -1, 0, 4000},
};

static const struct
{
  const gchar *media;
  guint index;
  const gchar *codec;
  gint sample_rate, channels;
  gint width, height, frame_rate;
} stream_table[] = {
  {"small.mkv", 0, "h264", 0, 0, 320, 240, 25},
  {"small.mkv", 1, "vorbis", 44100, 1, 0, 0, 0},
  {"small.mkv", 2, "ac3", 48000, 6, 0, 0, 0},
  {"video_only.mp4", 0, "h264", 0, 0, 160, 120, 10},
  {"tone16k.wav", 0, "pcm_s16le", 16000, 1, 0, 0, 0},
  {"stereo48k.wav", 0, "pcm_s16le", 48000, 2, 0, 0, 0},
  {"speech16k.wav", 0, "pcm_s16le", 16000, 1, 0, 0, 0},
  {"tone.mp3", 0, "mp3", 44100, 1, 0, 0, 0},
  {"still.jpg", 0, "mjpeg", 0, 0, 640, 480, 25},
  {"still.png", 0, "png", 0, 0, 320, 200, 25},
  {"clip.ts", 0, "h264", 0, 0, 320, 240, 25},
  {"clip.ts", 1, "aac", 48000, 1, 0, 0, 0},
  {"moov_end.mp4", 0, "h264", 0, 0, 320, 240, 30},
  {"moov_front.mp4", 0, "h264", 0, 0, 320, 240, 30},
};

GST_START_TEST (test_probe_media)
{
  TcTestCollector *col = tc_test_collector_new ();
  guint m, i;

  for (m = 0; m < G_N_ELEMENTS (media_table); m++) {
    TcSource *src =
        tc_test_collector_open (col, media_table[m].media, NULL, NULL);

    fail_unless_equals_string (tc_source_format_name (src),
        media_table[m].format);
    fail_unless_equals_int (tc_source_n_streams (src),
        media_table[m].n_streams);
    fail_unless_equals_int (tc_source_default_stream (src, TC_MEDIA_AUDIO),
        media_table[m].default_audio);
    fail_unless_equals_int (tc_source_default_stream (src, TC_MEDIA_VIDEO),
        media_table[m].default_video);
    if (media_table[m].duration_ms >= 0)
      fail_unless (ABS (tc_source_duration (src) -
              media_table[m].duration_ms * MS) < 5 * MS, "%s: %"
          G_GINT64_FORMAT, media_table[m].media, tc_source_duration (src));
    for (i = 0; i < G_N_ELEMENTS (stream_table); i++) {
      const TcStreamInfo *s;

      if (strcmp (stream_table[i].media, media_table[m].media) != 0)
        continue;
      s = tc_source_get_stream_info (src, stream_table[i].index);
      fail_unless_equals_string (s->codec, stream_table[i].codec);
      fail_unless_equals_int (s->media_type, stream_table[i].sample_rate ?
          TC_MEDIA_AUDIO : TC_MEDIA_VIDEO);
      fail_unless_equals_int (s->sample_rate, stream_table[i].sample_rate);
      fail_unless_equals_int (s->channels, stream_table[i].channels);
      fail_unless_equals_int (s->width, stream_table[i].width);
      fail_unless_equals_int (s->height, stream_table[i].height);
      fail_unless_equals_int (s->frame_rate_n, stream_table[i].frame_rate);
      if (s->frame_rate_n)
        fail_unless_equals_int (s->frame_rate_d, 1);
    }
    tc_source_close (src);
    fail_if (tc_source_is_open (src));
    fail_unless_equals_int (tc_source_n_streams (src), 0);
    tc_source_free (src);
  }
  tc_test_collector_free (col, NULL);
}

GST_END_TEST;

GST_START_TEST (test_lavfi)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_source_new (&tc_test_collector_callbacks, col);
  TcOutputConfig c = audio_config (800);
  GError *err = NULL;
  GPtrArray *chunks;

  fail_unless (tc_source_open (src,
          "sine=sample_rate=8000:frequency=360:duration=1", "lavfi", NULL,
          &err));
  fail_unless_equals_string (tc_source_format_name (src), "lavfi");
  /* synthetic, not a capture device, and it cannot seek */
  fail_if (tc_source_is_device (src));
  fail_if (tc_source_is_seekable (src));
  tc_test_add_output (src, &c);
  tc_test_run_to_eos (src);
  chunks = tc_test_chunks_of (col, 0);
  fail_unless_equals_int (chunks->len, 10);
  fail_unless_equals_int64 (tc_test_chunk_at (chunks, 9)->pts, 900 * MS);
  fail_if (tc_source_seek (src, 0, FALSE, NULL, &err));
  fail_unless_equals_int (err->code, TC_ERROR_SEEK);
  g_clear_error (&err);
  g_ptr_array_free (chunks, TRUE);
  tc_test_collector_free (col, src);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* Audio */

GST_START_TEST (test_wav_chunks)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, "tone16k.wav", NULL, NULL);
  TcOutputConfig c = audio_config (1600);
  const TcOutputInfo *info;
  GPtrArray *chunks;
  gfloat peak = 0;
  gint id, i, j;

  id = tc_test_add_output (src, &c);
  fail_unless_equals_int (id, 0);
  info = tc_source_get_output_info (src, id);
  fail_unless_equals_int (info->media_type, TC_MEDIA_AUDIO);
  fail_unless_equals_int (info->source_index, 0);
  fail_unless_equals_string (info->filter_description,
      "aformat=sample_fmts=flt");
  fail_unless_equals_string (info->format, "flt");
  fail_unless_equals_int (info->dtype, TC_DTYPE_FLOAT32);
  fail_unless_equals_int (info->n_dims, 2);
  fail_unless_equals_int64 (info->dims[0], 1600);
  fail_unless_equals_int64 (info->dims[1], 1);
  fail_unless_equals_int (info->frame_size, 4);
  fail_unless_equals_int (info->sample_rate, 16000);
  fail_unless_equals_int (info->channels, 1);

  tc_test_run_to_eos (src);
  chunks = tc_test_chunks_of (col, id);
  fail_unless_equals_int (chunks->len, 10);
  for (i = 0; i < 10; i++) {
    TcTestChunk *k = tc_test_chunk_at (chunks, i);
    const gfloat *s = (const gfloat *) k->data;

    fail_unless_equals_int (k->n_frames, 1600);
    fail_unless_equals_int64 (k->pts, i * 100 * MS);
    fail_unless_equals_int64 (k->duration, 100 * MS);
    fail_unless_equals_uint64 (k->offset, i * 1600);
    fail_unless_equals_int (k->discont, i == 0);
    fail_if (k->last);
    fail_if (k->info_changed);
    for (j = 0; j < 1600; j++)
      peak = MAX (peak, ABS (s[j]));
  }
  /* lavfi's sine: amplitude 1/8 */
  fail_unless (peak > 0.12 && peak < 0.13, "peak %f", peak);
  /* at the end, and again */
  fail_unless_equals_int (tc_source_step (src, NULL), TC_STEP_EOS);
  fail_unless_equals_int (tc_source_step (src, NULL), TC_STEP_EOS);
  g_ptr_array_free (chunks, TRUE);
  tc_test_collector_free (col, src);
}

GST_END_TEST;

GST_START_TEST (test_raw_equals_wav)
{
  const gchar *opts[] = { "sample_rate", "16000", "ch_layout", "mono", NULL };
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, "tone16k.wav", NULL, NULL);
  TcOutputConfig c = audio_config (1600);
  GByteArray *wav, *raw;

  c.sample_format = "s16";
  tc_test_add_output (src, &c);
  tc_test_run_to_eos (src);
  wav = tc_test_frames_of (col, 0);
  tc_source_free (src);
  tc_test_collector_clear (col);

  src = tc_test_collector_open (col, "tone16k.s16", "s16le", opts);
  fail_unless_equals_string (tc_source_format_name (src), "s16le");
  fail_unless_equals_int (tc_source_get_stream_info (src, 0)->sample_rate,
      16000);
  tc_test_add_output (src, &c);
  tc_test_run_to_eos (src);
  raw = tc_test_frames_of (col, 0);
  fail_unless_equals_int (raw->len, 32000);
  fail_unless_equals_int (wav->len, 32000);
  fail_unless (memcmp (wav->data, raw->data, raw->len) == 0);
  g_byte_array_unref (wav);
  g_byte_array_unref (raw);
  tc_test_collector_free (col, src);
}

GST_END_TEST;

GST_START_TEST (test_short_last_chunk)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, "tone16k.wav", NULL, NULL);
  TcOutputConfig c = audio_config (3000);
  GPtrArray *chunks;
  TcTestChunk *k;

  tc_test_add_output (src, &c);
  tc_test_run_to_eos (src);
  chunks = tc_test_chunks_of (col, 0);
  fail_unless_equals_int (chunks->len, 6);
  k = tc_test_chunk_at (chunks, 4);
  fail_unless_equals_int (k->n_frames, 3000);
  fail_if (k->last);
  fail_if (k->end);
  k = tc_test_chunk_at (chunks, 5);
  fail_unless_equals_int (k->n_frames, 1000);
  fail_unless (k->last);
  fail_unless (k->end);
  fail_unless_equals_int64 (k->dims[0], 1000);
  fail_unless_equals_int64 (k->pts, 15000 * TC_SECOND / 16000);
  fail_unless_equals_int64 (k->duration, 1000 * TC_SECOND / 16000);
  fail_unless_equals_uint64 (k->offset, 15000);
  g_ptr_array_free (chunks, TRUE);
  tc_test_collector_free (col, src);
}

GST_END_TEST;

/* Two channels of constant 0.25 and -0.5 in every sample format: the chunk
 * is (N, 2) interleaved whether the format is planar or not. */
GST_START_TEST (test_sample_formats)
{
  static const struct
  {
    const gchar *name;
    TcDType dtype;
    gdouble left, right;
  } formats[] = {
    {"u8", TC_DTYPE_UINT8, 160, 64},
    {"s16", TC_DTYPE_INT16, 8192, -16384},
    {"s32", TC_DTYPE_INT32, 536870912, -1073741824},
    {"s64", TC_DTYPE_INT64, 2305843009213693952.0, -4611686018427387904.0},
    {"flt", TC_DTYPE_FLOAT32, 0.25, -0.5},
    {"dbl", TC_DTYPE_FLOAT64, 0.25, -0.5},
  };
  guint f, planar;

  for (f = 0; f < G_N_ELEMENTS (formats); f++) {
    for (planar = 0; planar < 2; planar++) {
      TcTestCollector *col = tc_test_collector_new ();
      TcSource *src = tc_test_source_new (&tc_test_collector_callbacks, col);
      TcOutputConfig c = audio_config (1000);
      gchar *name = g_strconcat (formats[f].name, planar ? "p" : "", NULL);
      const TcOutputInfo *info;
      GPtrArray *chunks;
      TcTestChunk *k;
      gint i;

      fail_unless (tc_source_open (src,
              "aevalsrc=exprs=0.25|-0.5:sample_rate=8000:duration=0.5",
              "lavfi", NULL, NULL));
      c.sample_format = name;
      tc_test_add_output (src, &c);
      info = tc_source_get_output_info (src, 0);
      fail_unless_equals_string (info->format, name);
      fail_unless_equals_int (info->dtype, formats[f].dtype);
      fail_unless_equals_int64 (info->dims[1], 2);
      fail_unless_equals_int (info->frame_size,
          2 * tc_dtype_size (formats[f].dtype));
      tc_test_run_to_eos (src);
      chunks = tc_test_chunks_of (col, 0);
      fail_unless_equals_int (chunks->len, 4);
      k = tc_test_chunk_at (chunks, 0);
      fail_unless_equals_int64 (k->dims[1], 2);
      for (i = 0; i < 2000; i += 2) {
        gdouble l, r;
        switch (formats[f].dtype) {
          case TC_DTYPE_UINT8:
            l = k->data[i];
            r = k->data[i + 1];
            break;
          case TC_DTYPE_INT16:
            l = ((gint16 *) k->data)[i];
            r = ((gint16 *) k->data)[i + 1];
            break;
          case TC_DTYPE_INT32:
            l = ((gint32 *) k->data)[i];
            r = ((gint32 *) k->data)[i + 1];
            break;
          case TC_DTYPE_INT64:
            l = ((gint64 *) k->data)[i];
            r = ((gint64 *) k->data)[i + 1];
            break;
          case TC_DTYPE_FLOAT32:
            l = ((gfloat *) k->data)[i];
            r = ((gfloat *) k->data)[i + 1];
            break;
          default:
            l = ((gdouble *) k->data)[i];
            r = ((gdouble *) k->data)[i + 1];
            break;
        }
        fail_unless (l == formats[f].left && r == formats[f].right,
            "%s sample %d: %g %g", name, i / 2, l, r);
      }
      g_ptr_array_free (chunks, TRUE);
      g_free (name);
      tc_test_collector_free (col, src);
    }
  }
}

GST_END_TEST;

GST_START_TEST (test_resample_and_remix)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, "tone16k.wav", NULL, NULL);
  TcOutputConfig c = audio_config (800);
  const TcOutputInfo *info;
  GPtrArray *chunks;
  const gfloat *s;
  gint id, i;

  c.sample_rate = 8000;
  c.channels = 2;
  id = tc_test_add_output (src, &c);
  info = tc_source_get_output_info (src, id);
  fail_unless_equals_string (info->filter_description,
      "aresample=8000,aformat=sample_fmts=flt:channel_layouts=stereo");
  fail_unless_equals_int (info->sample_rate, 8000);
  fail_unless_equals_int (info->channels, 2);
  fail_unless_equals_int64 (info->dims[1], 2);
  tc_test_run_to_eos (src);
  chunks = tc_test_chunks_of (col, id);
  fail_unless_equals_int (chunks->len, 10);
  fail_unless_equals_int64 (tc_test_chunk_at (chunks, 9)->pts, 900 * MS);
  fail_unless_equals_int64 (tc_test_chunk_at (chunks, 9)->duration, 100 * MS);
  fail_unless_equals_uint64 (tc_test_chunk_at (chunks, 9)->offset, 7200);
  /* mono to stereo: both sides the same, not silent */
  s = (const gfloat *) tc_test_chunk_at (chunks, 3)->data;
  for (i = 0; i < 800; i++)
    fail_unless (s[2 * i] == s[2 * i + 1]);
  fail_unless (ABS (s[10]) + ABS (s[11]) + ABS (s[12]) > 0.01);
  g_ptr_array_free (chunks, TRUE);
  tc_source_free (src);
  tc_test_collector_clear (col);

  /* 5.1 AC-3 folded down to stereo */
  src = tc_test_collector_open (col, "small.mkv", NULL, NULL);
  c = audio_config (4800);
  c.stream_index = 2;
  c.channels = 2;
  id = tc_test_add_output (src, &c);
  info = tc_source_get_output_info (src, id);
  fail_unless_equals_int (info->source_index, 2);
  fail_unless_equals_int (info->channels, 2);
  fail_unless_equals_int (info->sample_rate, 48000);
  tc_test_run_to_eos (src);
  chunks = tc_test_chunks_of (col, id);
  fail_unless (chunks->len >= 59 && chunks->len <= 61, "%u", chunks->len);
  g_ptr_array_free (chunks, TRUE);
  tc_test_collector_free (col, src);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* Video */

GST_START_TEST (test_video_default)
{
  const gchar *threads[] = { "threads", "1", NULL };
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, "video_only.mp4", NULL, NULL);
  TcOutputConfig c = video_config (1);
  const TcOutputInfo *info;
  GPtrArray *chunks;
  gint i;

  /* the decoder by name, single-threaded */
  c.decoder = "h264";
  c.decoder_options = threads;
  tc_test_add_output (src, &c);
  info = tc_source_get_output_info (src, 0);
  fail_unless_equals_string (info->filter_description, "format=pix_fmts=rgb24");
  fail_unless_equals_string (info->format, "rgb24");
  fail_unless_equals_int (info->dtype, TC_DTYPE_UINT8);
  fail_unless_equals_int (info->n_dims, 4);
  fail_unless_equals_int64 (info->dims[0], 1);
  fail_unless_equals_int64 (info->dims[1], 3);
  fail_unless_equals_int64 (info->dims[2], 120);
  fail_unless_equals_int64 (info->dims[3], 160);
  fail_unless_equals_int (info->frame_size, 3 * 120 * 160);
  fail_unless_equals_int (info->width, 160);
  fail_unless_equals_int (info->height, 120);
  fail_unless_equals_int (info->depth, 3);
  fail_unless_equals_int (info->frame_rate_n, 10);
  fail_unless_equals_int (info->frame_rate_d, 1);
  tc_test_run_to_eos (src);
  chunks = tc_test_chunks_of (col, 0);
  fail_unless_equals_int (chunks->len, 30);
  for (i = 0; i < 30; i++) {
    TcTestChunk *k = tc_test_chunk_at (chunks, i);
    fail_unless_equals_int64 (k->pts, i * 100 * MS);
    fail_unless_equals_int64 (k->duration, 100 * MS);
    fail_unless_equals_uint64 (k->offset, i);
    fail_unless_equals_int (k->discont, i == 0);
  }
  g_ptr_array_free (chunks, TRUE);
  tc_test_collector_free (col, src);
}

GST_END_TEST;

GST_START_TEST (test_video_size_rate_gray)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, "seed.mp4", NULL, NULL);
  TcOutputConfig c = video_config (4);
  const TcOutputInfo *info;
  GPtrArray *chunks;
  guint i, n = 0;

  c.width = 96;
  c.height = 64;
  c.frame_rate_n = 5;
  c.frame_rate_d = 1;
  c.pixel_format = "gray";
  tc_test_add_output (src, &c);
  info = tc_source_get_output_info (src, 0);
  fail_unless_equals_string (info->filter_description,
      "fps=5,scale=width=96:height=64,format=pix_fmts=gray");
  fail_unless_equals_int64 (info->dims[1], 1);
  fail_unless_equals_int64 (info->dims[2], 64);
  fail_unless_equals_int64 (info->dims[3], 96);
  fail_unless_equals_int (info->frame_rate_n, 5);
  fail_unless_equals_int (info->frame_rate_d, 1);
  tc_test_run_to_eos (src);
  chunks = tc_test_chunks_of (col, 0);
  for (i = 0; i < chunks->len; i++) {
    TcTestChunk *k = tc_test_chunk_at (chunks, i);
    fail_unless_equals_int64 (k->pts, i * 800 * MS);
    fail_unless_equals_int64 (k->duration, k->n_frames * 200 * MS);
    n += k->n_frames;
  }
  /* 4 s at 5 fps */
  fail_unless (n >= 20 && n <= 21, "%u frames", n);
  g_ptr_array_free (chunks, TRUE);
  tc_test_collector_free (col, src);
}

GST_END_TEST;

/* Only one side asked: the other is the source's. */
GST_START_TEST (test_video_one_side)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, "video_only.mp4", NULL, NULL);
  TcOutputConfig c = video_config (10);
  const TcOutputInfo *info;
  GPtrArray *chunks;
  gint ids[2];
  guint i;

  c.width = 40;
  ids[0] = tc_test_add_output (src, &c);
  c.width = 0;
  c.height = 30;
  ids[1] = tc_test_add_output (src, &c);
  info = tc_source_get_output_info (src, ids[0]);
  fail_unless_equals_int64 (info->dims[2], 120);
  fail_unless_equals_int64 (info->dims[3], 40);
  info = tc_source_get_output_info (src, ids[1]);
  fail_unless_equals_int64 (info->dims[2], 30);
  fail_unless_equals_int64 (info->dims[3], 160);
  tc_test_run_to_eos (src);
  /* 3 s at 10 fps */
  for (i = 0; i < 2; i++) {
    chunks = tc_test_chunks_of (col, ids[i]);
    fail_unless_equals_int (chunks->len, 3);
    g_ptr_array_free (chunks, TRUE);
  }
  tc_test_collector_free (col, src);
}

GST_END_TEST;

/* NHWC holds the same pixels as NCHW, transposed, in every format. */
GST_START_TEST (test_nchw_nhwc)
{
  static const gchar *formats[] = {
    "rgb24", "bgr24", "rgba", "abgr", "gray", "gray16le", "yuv444p",
    "yuv420p", "nv12", "gbrp"
  };
  guint f;

  for (f = 0; f < G_N_ELEMENTS (formats); f++) {
    TcTestCollector *col = tc_test_collector_new ();
    TcSource *src = tc_test_collector_open (col, "small.mkv", NULL, NULL);
    TcOutputConfig c = video_config (2);
    const TcOutputInfo *a, *b;
    GByteArray *nchw, *nhwc;
    gint64 n, ch, y, x, C, H, W, es;

    c.pixel_format = formats[f];
    c.width = 62;               /* even, so that 4:2:0 output is exact */
    c.height = 46;
    tc_test_add_output (src, &c);
    c.nhwc = TRUE;
    tc_test_add_output (src, &c);
    a = tc_source_get_output_info (src, 0);
    b = tc_source_get_output_info (src, 1);
    C = a->dims[1];
    H = a->dims[2];
    W = a->dims[3];
    fail_unless_equals_int64 (b->dims[1], H);
    fail_unless_equals_int64 (b->dims[2], W);
    fail_unless_equals_int64 (b->dims[3], C);
    fail_unless_equals_int (a->frame_size, b->frame_size);
    fail_unless_equals_int (C, a->depth);
    es = tc_dtype_size (a->dtype);
    fail_unless_equals_int (a->frame_size, C * H * W * es);
    /* a few chunks are enough */
    while (col->chunks->len < 6)
      fail_unless_equals_int (tc_source_step (src, NULL), TC_STEP_OK);
    nchw = tc_test_frames_of (col, 0);
    nhwc = tc_test_frames_of (col, 1);
    fail_unless (nchw->len >= 2 * a->frame_size);
    for (n = 0; n < 2; n++)
      for (ch = 0; ch < C; ch++)
        for (y = 0; y < H; y++)
          for (x = 0; x < W; x++)
            fail_unless (memcmp (nchw->data + (((n * C + ch) * H + y) * W +
                        x) * es, nhwc->data + (((n * H + y) * W + x) * C +
                        ch) * es, es) == 0, "%s: pixel %d,%d,%d,%d differs",
                formats[f], (gint) n, (gint) ch, (gint) y, (gint) x);
    g_byte_array_unref (nchw);
    g_byte_array_unref (nhwc);
    tc_test_collector_free (col, src);
  }
}

GST_END_TEST;

/* The seed's 4:2:0 rule: Y, then U and V repeated 2x2 to full size; NV12
 * gives the same tensor. */
GST_START_TEST (test_yuv420p)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, "small.mkv", NULL, NULL);
  TcOutputConfig c = video_config (1);
  const TcOutputInfo *info;
  GByteArray *yuv, *nv12;
  gint W = 320, H = 240, y, x, p;

  c.pixel_format = "yuv420p";
  tc_test_add_output (src, &c);
  c.pixel_format = "nv12";
  tc_test_add_output (src, &c);
  info = tc_source_get_output_info (src, 0);
  fail_unless_equals_int64 (info->dims[1], 3);
  fail_unless_equals_int64 (info->dims[2], H);
  fail_unless_equals_int64 (info->dims[3], W);
  while (col->chunks->len < 2)
    fail_unless_equals_int (tc_source_step (src, NULL), TC_STEP_OK);
  yuv = tc_test_frames_of (col, 0);
  nv12 = tc_test_frames_of (col, 1);
  fail_unless_equals_int (yuv->len, 3 * W * H);
  fail_unless (memcmp (yuv->data, nv12->data, yuv->len) == 0);
  for (p = 1; p < 3; p++) {
    const guint8 *plane = yuv->data + p * W * H;
    gboolean varies = FALSE;
    for (y = 0; y < H; y++)
      for (x = 0; x < W; x++) {
        fail_unless_equals_int (plane[y * W + x],
            plane[(y & ~1) * W + (x & ~1)]);
        varies |= plane[y * W + x] != plane[0];
      }
    /* testsrc is colourful */
    fail_unless (varies);
  }
  g_byte_array_unref (yuv);
  g_byte_array_unref (nv12);
  tc_test_collector_free (col, src);
}

GST_END_TEST;

GST_START_TEST (test_shared_decoder)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, "seed.mp4", NULL, NULL);
  TcOutputConfig c = video_config (10);
  GPtrArray *a, *b;
  guint i, na = 0, nb = 0;

  c.width = 64;
  c.height = 36;
  tc_test_add_output (src, &c);
  c.pixel_format = "gray";
  c.width = 32;
  c.height = 18;
  tc_test_add_output (src, &c);
  /* one decoder for both, none for the audio nobody reads */
  fail_unless_equals_int (tc_source_n_decoders (src), 1);
  tc_test_run_to_eos (src);
  a = tc_test_chunks_of (col, 0);
  b = tc_test_chunks_of (col, 1);
  for (i = 0; i < a->len; i++)
    na += tc_test_chunk_at (a, i)->n_frames;
  for (i = 0; i < b->len; i++)
    nb += tc_test_chunk_at (b, i)->n_frames;
  fail_unless_equals_int (na, 120);
  fail_unless_equals_int (nb, 120);
  fail_unless_equals_uint64 (tc_source_decoded_frames (src, 0), 120);
  fail_unless_equals_uint64 (tc_source_decoded_frames (src, 1), 0);
  for (i = 0; i < a->len; i++)
    fail_unless_equals_int64 (tc_test_chunk_at (a, i)->pts,
        tc_test_chunk_at (b, i)->pts);

  /* the decoder goes with its last output */
  tc_source_remove_output (src, 0);
  fail_unless_equals_int (tc_source_n_decoders (src), 1);
  fail_unless (tc_source_get_output_info (src, 0) == NULL);
  tc_source_remove_output (src, 1);
  fail_unless_equals_int (tc_source_n_decoders (src), 0);
  g_ptr_array_free (a, TRUE);
  g_ptr_array_free (b, TRUE);
  tc_test_collector_free (col, src);
}

GST_END_TEST;

/* A frame size change mid-stream: the chunk so far is cut short, and the
 * next carries the new info; never two sizes in one chunk. */
GST_START_TEST (test_size_change)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, "video_only.mp4", NULL, NULL);
  TcOutputConfig c = video_config (4);
  GPtrArray *chunks;
  TcTestChunk *k;
  guint i;

  c.filter = "scale=w='if(gte(t,1),80,160)':h='if(gte(t,1),60,120)'"
      ":eval=frame";
  tc_test_add_output (src, &c);
  tc_test_run_to_eos (src);
  chunks = tc_test_chunks_of (col, 0);
  fail_unless_equals_int (chunks->len, 8);
  k = tc_test_chunk_at (chunks, 2);
  fail_unless_equals_int (k->n_frames, 2);
  fail_unless (k->last);
  /* cut by the change, not by the end: last-chunk does not apply */
  fail_if (k->end);
  fail_unless_equals_int64 (k->dims[3], 160);
  k = tc_test_chunk_at (chunks, 3);
  fail_unless (k->info_changed);
  fail_if (k->discont);
  fail_unless_equals_int64 (k->pts, TC_SECOND);
  fail_unless_equals_uint64 (k->offset, 10);
  fail_unless_equals_int64 (k->dims[2], 60);
  fail_unless_equals_int64 (k->dims[3], 80);
  for (i = 4; i < chunks->len; i++)
    fail_if (tc_test_chunk_at (chunks, i)->info_changed);
  fail_unless_equals_int (tc_source_get_output_info (src, 0)->width, 80);
  g_ptr_array_free (chunks, TRUE);
  tc_test_collector_free (col, src);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* Seeking */

GST_START_TEST (test_seek_key)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, "seed.mp4", NULL, NULL);
  TcOutputConfig v = video_config (1), a = audio_config (4800);
  GPtrArray *chunks;
  gint64 landed;
  TcTestChunk *k;

  v.width = 64;
  v.height = 36;
  tc_test_add_output (src, &v);
  tc_test_add_output (src, &a);
  /* read a little first, as a pipeline does before its first seek */
  while (col->chunks->len < 3)
    fail_unless_equals_int (tc_source_step (src, NULL), TC_STEP_OK);
  tc_test_collector_clear (col);

  fail_unless (tc_source_seek (src, 2500 * MS, FALSE, &landed, NULL));
  /* key frames every 30 frames: frame 60 at 2.002 s; the audio starts a
   * little before it */
  fail_unless (landed <= 2002 * MS && landed > 1950 * MS,
      "landed %" G_GINT64_FORMAT, landed);
  tc_test_run_to_eos (src);
  chunks = tc_test_chunks_of (col, 0);
  k = tc_test_chunk_at (chunks, 0);
  fail_unless_equals_int64 (k->pts, 2002 * MS);
  fail_unless_equals_uint64 (k->offset, 60);
  fail_unless (k->discont);
  fail_if (tc_test_chunk_at (chunks, 1)->discont);
  fail_unless_equals_int (chunks->len, 60);
  g_ptr_array_free (chunks, TRUE);
  chunks = tc_test_chunks_of (col, 1);
  k = tc_test_chunk_at (chunks, 0);
  fail_unless_equals_int64 (k->pts, landed);
  fail_unless (k->discont);
  fail_unless_equals_uint64 (k->offset, landed * 48000 / TC_SECOND);
  g_ptr_array_free (chunks, TRUE);
  tc_test_collector_free (col, src);
}

GST_END_TEST;

/* Reads media through once, then seeks accurately to target: the first
 * chunk after the seek starts at frame first_frame, at first_pts, and from
 * there every frame is what the first run gave.  Returns the source, the
 * collector holding the chunks after the seek. */
static TcSource *
seek_accurately (TcTestCollector * col, const gchar * media,
    const TcOutputConfig * c, gint64 target, guint64 first_frame,
    gint64 first_pts)
{
  TcSource *src = tc_test_collector_open (col, media, NULL, NULL);
  GByteArray *all, *after;
  gsize frame_size;
  gint64 landed;
  GPtrArray *chunks;
  TcTestChunk *k;

  tc_test_add_output (src, c);
  frame_size = tc_source_get_output_info (src, 0)->frame_size;
  tc_test_run_to_eos (src);
  all = tc_test_frames_of (col, 0);
  tc_test_collector_clear (col);

  fail_unless (tc_source_seek (src, target, TRUE, &landed, NULL));
  fail_unless_equals_int64 (landed, target);
  tc_test_run_to_eos (src);
  chunks = tc_test_chunks_of (col, 0);
  k = tc_test_chunk_at (chunks, 0);
  fail_unless_equals_int64 (k->pts, first_pts);
  fail_unless_equals_uint64 (k->offset, first_frame);
  fail_unless (k->discont);
  after = tc_test_frames_of (col, 0);
  fail_unless_equals_int (after->len, all->len - first_frame * frame_size);
  fail_unless (memcmp (after->data, all->data + first_frame * frame_size,
          after->len) == 0);
  g_byte_array_unref (all);
  g_byte_array_unref (after);
  g_ptr_array_free (chunks, TRUE);
  return src;
}

GST_START_TEST (test_seek_accurate_video)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcOutputConfig v = video_config (5);
  TcSource *src;

  v.width = 64;
  v.height = 36;
  /* frame 75 at 2.5025 s is the first at or after 2.5 s */
  src = seek_accurately (col, "seed.mp4", &v, 2500 * MS, 75,
      2502500 * G_GINT64_CONSTANT (1000));
  fail_unless_equals_int (col->chunks->len, 9);
  tc_test_collector_free (col, src);
}

GST_END_TEST;

/* MPEG-TS has no index: its seek lands on any packet.  clip.ts's only key
 * frame is its first, so nothing from there on is one: the seek goes back
 * to it (once, the seek stayed there, and the video decoder, waiting for a
 * key frame, gave no frame to the end, accurate or not). */
GST_START_TEST (test_seek_first_key_only)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcOutputConfig v = video_config (5);
  GByteArray *all, *after;
  GPtrArray *chunks;
  TcTestChunk *k;
  TcSource *src;
  gint64 landed;

  v.width = 64;
  v.height = 48;
  src = tc_test_collector_open (col, "clip.ts", NULL, NULL);
  tc_test_add_output (src, &v);
  tc_test_run_to_eos (src);
  all = tc_test_frames_of (col, 0);
  tc_source_free (src);
  tc_test_collector_clear (col);

  /* 25 fps from 21.333 ms (the video starts 1920 ticks of 90 kHz after
   * the audio): frame 50 at 2.021333 s is the first at or after 2 s */
  src = seek_accurately (col, "clip.ts", &v, 2 * TC_SECOND, 50, 2021333333);
  fail_unless_equals_int (col->chunks->len, 5);

  /* a key seek starts at the key frame before the target: the first */
  tc_test_collector_clear (col);
  fail_unless (tc_source_seek (src, 2 * TC_SECOND, FALSE, &landed, NULL));
  fail_unless (landed <= 21333333, "landed at %" G_GINT64_FORMAT, landed);
  tc_test_run_to_eos (src);
  chunks = tc_test_chunks_of (col, 0);
  k = tc_test_chunk_at (chunks, 0);
  fail_unless_equals_int64 (k->pts, 21333333);
  fail_unless_equals_uint64 (k->offset, 0);
  after = tc_test_frames_of (col, 0);
  fail_unless_equals_int (after->len, all->len);
  fail_unless (memcmp (after->data, all->data, all->len) == 0);
  g_byte_array_unref (after);
  g_byte_array_unref (all);
  g_ptr_array_free (chunks, TRUE);
  tc_test_collector_free (col, src);
}

GST_END_TEST;

GST_START_TEST (test_seek_accurate_audio)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcOutputConfig c = audio_config (1600);
  GPtrArray *chunks;
  TcSource *src;
  TcTestChunk *k;

  /* 0.25003 s * 16000 = 4000.48: the first sample kept is 4001 */
  src = seek_accurately (col, "tone16k.wav", &c, 250030 * 1000, 4001,
      4001 * TC_SECOND / 16000);
  chunks = tc_test_chunks_of (col, 0);
  fail_unless_equals_int (chunks->len, 8);
  k = tc_test_chunk_at (chunks, 1);
  fail_unless_equals_int64 (k->pts, 5601 * TC_SECOND / 16000);
  fail_unless_equals_uint64 (k->offset, 5601);
  k = tc_test_chunk_at (chunks, 7);
  fail_unless (k->last);
  fail_unless_equals_int (k->n_frames, 11999 - 7 * 1600);
  g_ptr_array_free (chunks, TRUE);
  tc_test_collector_free (col, src);
}

GST_END_TEST;

GST_START_TEST (test_seek_after_eos)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, "tone16k.wav", NULL, NULL);
  TcOutputConfig c = audio_config (16000);
  GByteArray *before, *again;
  GPtrArray *chunks;
  gint64 landed;
  gint i;

  tc_test_add_output (src, &c);
  tc_test_run_to_eos (src);
  fail_unless_equals_int (tc_source_step (src, NULL), TC_STEP_EOS);
  before = tc_test_frames_of (col, 0);
  tc_test_collector_clear (col);

  /* again from the start, twice: once after end of stream, once with a
   * chunk half filled, which the seek releases */
  for (i = 0; i < 2; i++) {
    fail_unless (tc_source_seek (src, 0, FALSE, &landed, NULL));
    fail_unless_equals_int64 (landed, 0);
  }
  fail_unless_equals_int (tc_source_step (src, NULL), TC_STEP_OK);
  fail_unless_equals_int (col->chunks->len, 0);
  fail_unless_equals_int (col->n_release, 0);
  fail_unless (tc_source_seek (src, 0, FALSE, &landed, NULL));
  fail_unless_equals_int (col->n_release, 1);
  tc_test_run_to_eos (src);
  chunks = tc_test_chunks_of (col, 0);
  fail_unless_equals_int (chunks->len, 1);
  fail_unless (tc_test_chunk_at (chunks, 0)->discont);
  fail_unless_equals_int64 (tc_test_chunk_at (chunks, 0)->pts, 0);
  again = tc_test_frames_of (col, 0);
  fail_unless_equals_int (again->len, before->len);
  fail_unless (memcmp (before->data, again->data, before->len) == 0);
  g_byte_array_unref (before);
  g_byte_array_unref (again);
  g_ptr_array_free (chunks, TRUE);
  tc_test_collector_free (col, src);
}

GST_END_TEST;

/* Back to the start of a stream whose streams start late (MPEG-TS): the
 * same chunks, timestamps and frame counters as after open. */
GST_START_TEST (test_seek_to_start)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, "clip.ts", NULL, NULL);
  TcOutputConfig v = video_config (5), a = audio_config (4800);
  GPtrArray *before, *chunks;
  gint64 landed;
  guint i;

  tc_test_add_output (src, &v);
  tc_test_add_output (src, &a);
  tc_test_run_to_eos (src);
  /* the video starts 21.3 ms after the audio, which starts the file */
  chunks = tc_test_chunks_of (col, 0);
  fail_unless_equals_int64 (tc_test_chunk_at (chunks, 0)->pts, 21333333);
  g_ptr_array_free (chunks, TRUE);
  chunks = tc_test_chunks_of (col, 1);
  fail_unless_equals_int64 (tc_test_chunk_at (chunks, 0)->pts, 0);
  g_ptr_array_free (chunks, TRUE);
  before = tc_test_collector_take (col);
  fail_unless (tc_source_seek (src, 0, FALSE, &landed, NULL));
  fail_unless (landed >= 0 && landed < 40 * MS);
  tc_test_run_to_eos (src);
  fail_unless_equals_int (col->chunks->len, before->len);
  for (i = 0; i < before->len; i++) {
    TcTestChunk *k0 = g_ptr_array_index (before, i);
    TcTestChunk *k1 = g_ptr_array_index (col->chunks, i);

    fail_unless_equals_int (k1->output, k0->output);
    fail_unless_equals_int64 (k1->pts, k0->pts);
    fail_unless_equals_uint64 (k1->offset, k0->offset);
    fail_unless_equals_int (k1->n_frames, k0->n_frames);
    fail_unless_equals_int (k1->discont, k0->discont);
    /* the AAC decoder starts afresh, as after open */
    fail_unless (memcmp (k1->data, k0->data, k0->n_frames * k0->frame_size)
        == 0, "chunk %u differs", i);
  }
  g_ptr_array_free (before, TRUE);
  tc_test_collector_free (col, src);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* Custom input */

typedef struct
{
  FILE *f;
  gint reads;
  /* at read interrupt_at, interrupts src and gives up, as a reader woken
   * by the caller's interrupt does */
  TcSource *src;
  gint interrupt_at;
  /* at read fail_at, fails with fail_with, no interrupt asked */
  gint fail_at;
  gint fail_with;
  gint64 failed_at;             /* the file's position then */
  gint max_read;                /* > 0: reads give at most that */
  gboolean fail_seeks;          /* but the size */
} FileIO;

static gint
file_read (gpointer user_data, guint8 * buf, gint size)
{
  FileIO *io = user_data;
  size_t n;

  if (++io->reads == io->interrupt_at) {
    tc_source_interrupt (io->src, TRUE);
    return -1;
  }
  if (io->reads == io->fail_at) {
    io->failed_at = ftell (io->f);
    return io->fail_with;
  }
  if (io->max_read > 0)
    size = MIN (size, io->max_read);
  n = fread (buf, 1, size, io->f);
  if (n == 0)
    return ferror (io->f) ? -1 : 0;
  return n;
}

static gint64
file_seek (gpointer user_data, gint64 offset, gint whence)
{
  FileIO *io = user_data;

  if (whence == TC_SEEK_SIZE) {
    long pos = ftell (io->f), size;
    fseek (io->f, 0, SEEK_END);
    size = ftell (io->f);
    fseek (io->f, pos, SEEK_SET);
    return size;
  }
  if (io->fail_seeks || fseek (io->f, offset, whence) < 0)
    return -1;
  return ftell (io->f);
}

static FileIO *
file_io_open (const gchar * name)
{
  FileIO *io = g_new0 (FileIO, 1);
  gchar *path = tc_test_media (name);

  io->f = fopen (path, "rb");
  fail_unless (io->f != NULL);
  g_free (path);
  return io;
}

static void
file_io_close (FileIO * io)
{
  fclose (io->f);
  g_free (io);
}

GST_START_TEST (test_custom_io)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, "tone16k.wav", NULL, NULL);
  TcOutputConfig c = audio_config (1600);
  FileIO *io = file_io_open ("tone16k.wav");
  GByteArray *direct, *via_io;
  GError *err = NULL;
  gint64 landed;

  tc_test_add_output (src, &c);
  tc_test_run_to_eos (src);
  direct = tc_test_frames_of (col, 0);
  tc_source_free (src);
  tc_test_collector_clear (col);

  src = tc_test_source_new (&tc_test_collector_callbacks, col);
  fail_unless (tc_source_open_io (src, file_read, file_seek, io,
          "tone16k.wav", NULL, NULL, &err));
  fail_unless_equals_string (tc_source_format_name (src), "wav");
  fail_unless (tc_source_is_seekable (src));
  tc_test_add_output (src, &c);
  tc_test_run_to_eos (src);
  via_io = tc_test_frames_of (col, 0);
  fail_unless (io->reads > 0);
  fail_unless_equals_int (via_io->len, direct->len);
  fail_unless (memcmp (via_io->data, direct->data, direct->len) == 0);
  fail_unless (tc_source_seek (src, 500 * MS, TRUE, &landed, NULL));
  g_byte_array_unref (direct);
  g_byte_array_unref (via_io);
  tc_source_free (src);
  file_io_close (io);

  /* an MP4 with its index at the end needs a seekable input */
  io = file_io_open ("moov_end.mp4");
  src = tc_test_source_new (&tc_test_collector_callbacks, col);
  fail_unless (tc_source_open_io (src, file_read, file_seek, io, NULL, NULL,
          NULL, &err));
  fail_unless_equals_int (tc_source_get_stream_info (src, 0)->width, 320);
  tc_source_free (src);
  file_io_close (io);
  tc_test_collector_free (col, NULL);
}

GST_END_TEST;

/* Steps until a step is interrupted, failing if the input ends first. */
static void
step_until_interrupted (TcSource * src)
{
  GError *err = NULL;
  TcStepResult r;

  while ((r = tc_source_step (src, &err)) == TC_STEP_OK);
  fail_unless_equals_int (r, TC_STEP_ERROR);
  fail_unless_equals_int (err->code, TC_ERROR_INTERRUPTED);
  g_clear_error (&err);
}

/* A read cut by the caller's interrupt: once the interrupt is over, the
 * input goes on from where it was, to its end, with or without a seek
 * (once, FFmpeg's input kept the interrupt's error: the end of the input
 * was "interrupted", and the decode-ahead thread was started again and
 * left, forever). */
GST_START_TEST (test_interrupted_read)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, "stereo48k.wav", NULL, NULL);
  TcOutputConfig c = audio_config (4800);
  GByteArray *direct, *after;
  gboolean seek;

  tc_test_add_output (src, &c);
  tc_test_run_to_eos (src);
  direct = tc_test_frames_of (col, 0);
  tc_source_free (src);

  for (seek = FALSE; seek <= TRUE; seek++) {
    FileIO *io = file_io_open ("stereo48k.wav");

    tc_test_collector_clear (col);
    src = tc_test_source_new (&tc_test_collector_callbacks, col);
    fail_unless (tc_source_open_io (src, file_read, file_seek, io,
            "stereo48k.wav", NULL, NULL, NULL));
    tc_test_add_output (src, &c);
    /* 384 kB read 64 kB at a time: cut the second read after the open */
    io->src = src;
    io->interrupt_at = io->reads + 2;
    step_until_interrupted (src);
    tc_source_interrupt (src, FALSE);
    if (seek) {
      tc_test_collector_clear (col);
      fail_unless (tc_source_seek (src, 0, TRUE, NULL, NULL));
    }
    tc_test_run_to_eos (src);
    after = tc_test_frames_of (col, 0);
    fail_unless_equals_int (after->len, direct->len);
    fail_unless (memcmp (after->data, direct->data, direct->len) == 0);
    g_byte_array_unref (after);
    tc_source_free (src);
    file_io_close (io);
  }
  g_byte_array_unref (direct);
  tc_test_collector_free (col, NULL);
}

GST_END_TEST;

/* FFmpeg's AVERROR_EXIT (FFERRTAG ('E', 'X', 'I', 'T')), what its reads
 * return when interrupted; a caller's read may return it too (the tests
 * see no FFmpeg header). */
#define TEST_AVERROR_EXIT \
    (-(gint) ('E' | ('X' << 8) | ('I' << 16) | ((guint) 'T' << 24)))

/* A read that fails with FFmpeg's own "exit" code while nobody interrupted:
 * the input ends with a read error naming the failure (not an interrupt,
 * which the caller would retry forever, nor a plain end), and what was
 * read before it is all delivered, in short last chunks. */
GST_START_TEST (test_read_fails_with_exit)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, "stereo48k.wav", NULL, NULL);
  TcOutputConfig c = audio_config (4800);
  GByteArray *direct;
  gsize frame_size;
  gint64 header;
  guint i;

  tc_test_add_output (src, &c);
  tc_test_run_to_eos (src);
  direct = tc_test_frames_of (col, 0);
  tc_source_free (src);

  /* 384 kB read 8 kB at a time: fail the first read after the open (the
   * open read 200 kB, delivered before it), then the eighth */
  for (i = 1; i <= 8; i += 7) {
    FileIO *io = file_io_open ("stereo48k.wav");
    GError *err = NULL;
    GPtrArray *chunks;
    GByteArray *got;
    TcStepResult r;

    tc_test_collector_clear (col);
    src = tc_test_source_new (&tc_test_collector_callbacks, col);
    io->max_read = 8192;
    fail_unless (tc_source_open_io (src, file_read, file_seek, io,
            "stereo48k.wav", NULL, NULL, NULL));
    tc_test_add_output (src, &c);
    io->fail_at = io->reads + i;
    io->fail_with = TEST_AVERROR_EXIT;
    while ((r = tc_source_step (src, &err)) == TC_STEP_OK);
    fail_unless_equals_int (r, TC_STEP_ERROR);
    fail_unless (err->domain == TC_ERROR);
    fail_unless_equals_int (err->code, TC_ERROR_OPEN);
    fail_unless (strstr (err->message, "reading stereo48k.wav failed") !=
        NULL, "%s", err->message);
    g_clear_error (&err);
    /* the end: no more steps, no interrupt */
    fail_unless_equals_int (tc_source_step (src, &err), TC_STEP_EOS);
    fail_unless (err == NULL);
    fail_unless_equals_int (io->reads, io->fail_at);

    /* every sample read before the failure, as a full run gave it: the
     * samples (16-bit stereo) are the file's bytes after its header */
    chunks = tc_test_chunks_of (col, 0);
    frame_size = tc_test_chunk_at (chunks, 0)->frame_size;
    fseek (io->f, 0, SEEK_END);
    header = ftell (io->f) - (gint64) (direct->len / frame_size) * 4;
    got = tc_test_frames_of (col, 0);
    fail_unless_equals_int64 ((gint64) (got->len / frame_size),
        (io->failed_at - header) / 4);
    fail_unless (got->len < direct->len);
    fail_unless (memcmp (got->data, direct->data, got->len) == 0);
    if (i > 1)
      fail_unless (chunks->len > 1, "%u chunks", chunks->len);
    fail_unless (tc_test_chunk_at (chunks, chunks->len - 1)->last);
    g_ptr_array_free (chunks, TRUE);
    g_byte_array_unref (got);
    tc_source_free (src);
    file_io_close (io);
  }
  g_byte_array_unref (direct);
  tc_test_collector_free (col, NULL);
}

GST_END_TEST;

/* A seekable custom input whose seek fails when the source seeks (as
 * upstream gave up): the seek fails naming the demuxer's failed byte seek,
 * for a demuxer with an index (Matroska) as for one that searches
 * timestamps (MPEG-TS, which once said "Operation not permitted"). */
GST_START_TEST (test_custom_io_seek_fails)
{
  const gchar *media[][2] = {
    {"small.mkv", "matroska,webm"},
    {"clip.ts", "mpegts"},
  };
  TcTestCollector *col = tc_test_collector_new ();
  TcOutputConfig c = video_config (5);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (media); i++) {
    TcSource *src = tc_test_source_new (&tc_test_collector_callbacks, col);
    FileIO *io = file_io_open (media[i][0]);
    gchar *says = g_strdup_printf ("the %s demuxer had to seek in the byte "
        "stream, and the seek failed", media[i][1]);
    GError *err = NULL;

    fail_unless (tc_source_open_io (src, file_read, file_seek, io, NULL, NULL,
            NULL, &err));
    tc_test_add_output (src, &c);
    tc_test_run_to_eos (src);
    io->fail_seeks = TRUE;
    fail_if (tc_source_seek (src, TC_SECOND, TRUE, NULL, &err));
    fail_unless (err->domain == TC_ERROR);
    fail_unless_equals_int (err->code, TC_ERROR_SEEK);
    fail_unless (strstr (err->message, says) != NULL, "'%s' not in '%s'",
        says, err->message);
    g_clear_error (&err);
    g_free (says);
    tc_source_free (src);
    file_io_close (io);
  }
  tc_test_collector_free (col, NULL);
}

GST_END_TEST;

GST_START_TEST (test_custom_io_unseekable)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_source_new (&tc_test_collector_callbacks, col);
  TcOutputConfig c = video_config (30);
  FileIO *io = file_io_open ("moov_front.mp4");
  GPtrArray *chunks;
  GError *err = NULL;

  fail_unless (tc_source_open_io (src, file_read, NULL, io, NULL, NULL, NULL,
          &err));
  fail_if (tc_source_is_seekable (src));
  tc_test_add_output (src, &c);
  tc_test_run_to_eos (src);
  chunks = tc_test_chunks_of (col, 0);
  fail_unless_equals_int (chunks->len, 4);
  fail_if (tc_source_seek (src, 0, FALSE, NULL, &err));
  fail_unless_equals_int (err->code, TC_ERROR_SEEK);
  g_clear_error (&err);
  g_ptr_array_free (chunks, TRUE);
  tc_source_free (src);
  file_io_close (io);

  /* the data of an MP4 with its index at the end cannot be reached */
  io = file_io_open ("moov_end.mp4");
  src = tc_test_source_new (&tc_test_collector_callbacks, col);
  fail_unless (tc_source_open_io (src, file_read, NULL, io, "moov_end.mp4",
          NULL, NULL, &err));
  tc_test_add_output (src, &c);
  fail_unless_equals_int (tc_source_step (src, &err), TC_STEP_ERROR);
  fail_unless (err->domain == TC_ERROR);
  fail_unless_equals_int (err->code, TC_ERROR_SEEK);
  fail_unless (strstr (err->message, "moov_end.mp4") != NULL);
  fail_unless (strstr (err->message, "needs a seekable input") != NULL);
  g_clear_error (&err);
  tc_test_collector_free (col, src);
  file_io_close (io);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* Interruption */

GST_START_TEST (test_interrupt)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_source_new (&tc_test_collector_callbacks, col);
  TcOutputConfig c = audio_config (1600);
  gchar *path = tc_test_media ("tone16k.wav");
  GError *err = NULL;

  tc_source_interrupt (src, TRUE);
  fail_if (tc_source_open (src, path, NULL, NULL, &err));
  fail_unless_equals_int (err->code, TC_ERROR_INTERRUPTED);
  g_clear_error (&err);
  tc_source_interrupt (src, FALSE);
  fail_unless (tc_source_open (src, path, NULL, NULL, NULL));
  tc_test_add_output (src, &c);
  fail_unless_equals_int (tc_source_step (src, NULL), TC_STEP_OK);

  tc_source_interrupt (src, TRUE);
  fail_unless_equals_int (tc_source_step (src, &err), TC_STEP_ERROR);
  fail_unless_equals_int (err->code, TC_ERROR_INTERRUPTED);
  g_clear_error (&err);
  fail_if (tc_source_seek (src, 0, TRUE, NULL, &err));
  fail_unless_equals_int (err->code, TC_ERROR_INTERRUPTED);
  g_clear_error (&err);

  /* nothing lost: without decoding ahead, the interrupt came between two
   * steps; with it, the thread's read in progress may have been cut, and
   * a seek goes on from a known point (as the element does) */
  tc_source_interrupt (src, FALSE);
  if (tc_test_decode_ahead ()) {
    tc_test_collector_clear (col);
    fail_unless (tc_source_seek (src, 0, TRUE, NULL, NULL));
  }
  tc_test_run_to_eos (src);
  fail_unless_equals_int (col->chunks->len, 10);
  g_free (path);
  tc_test_collector_free (col, src);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* Decoding ahead */

typedef enum
{
  AHEAD_RUN,                    /* to the end */
  AHEAD_SEEK,                   /* 15 steps, an accurate seek to 1.5 s, the end */
  AHEAD_REMOVE,                 /* 15 steps, the last output removed, the end */
  AHEAD_SWITCH,                 /* 15 steps, decoding ahead switched (off, or on), the end */
} AheadScript;

/* Runs @media's outputs (video of every other kind, and audio when @audio)
 * decoding @ahead frames ahead, and returns what they delivered, in order:
 * a description of each chunk and its bytes. */
static GString *
run_ahead (const gchar * media, guint ahead, gboolean audio,
    const gchar * video_filter, AheadScript script)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_source_new (&tc_test_collector_callbacks, col);
  gchar *path = tc_test_media (media);
  TcOutputConfig v = video_config (7), g = video_config (5),
      a = audio_config (3000);
  GString *log = g_string_new (NULL);
  GError *err = NULL;
  gint n_outputs = 2, i;
  TcStepResult r;

  tc_source_set_decode_ahead (src, ahead);
  fail_unless (tc_source_open (src, path, NULL, NULL, NULL));
  v.width = 48;
  v.height = 32;
  v.filter = video_filter;
  tc_test_add_output (src, &v);
  g.pixel_format = "gray";
  g.frame_rate_n = 7;
  g.frame_rate_d = 1;
  tc_test_add_output (src, &g);
  if (audio) {
    a.sample_rate = 11025;
    tc_test_add_output (src, &a);
    n_outputs++;
  }
  for (i = 0; script != AHEAD_RUN && i < 15; i++)
    fail_unless_equals_int (tc_source_step (src, NULL), TC_STEP_OK);
  /* a step filters one packet's frames, or with decoding ahead one frame:
   * what came before the seek, and from the output removed, differs */
  if (script == AHEAD_SEEK) {
    tc_test_collector_clear (col);
    fail_unless (tc_source_seek (src, 1500 * G_GINT64_CONSTANT (1000000),
            TRUE, NULL, NULL));
  } else if (script == AHEAD_REMOVE) {
    tc_source_remove_output (src, --n_outputs);
  } else if (script == AHEAD_SWITCH) {
    tc_source_set_decode_ahead (src, ahead > 0 ? 0 : 2);
  }
  while ((r = tc_source_step (src, &err)) == TC_STEP_OK);
  fail_unless (r == TC_STEP_EOS, "%s", err ? err->message : "");

  for (i = 0; i < (gint) col->chunks->len; i++) {
    TcTestChunk *k = g_ptr_array_index (col->chunks, i);
    gchar *digest;

    if (k->output >= n_outputs)
      continue;

    g_string_append_printf (log, "%d: %u frames %" G_GINT64_FORMAT " +%"
        G_GINT64_FORMAT " #%" G_GUINT64_FORMAT " %d%d%d %" G_GINT64_FORMAT
        "x%" G_GINT64_FORMAT " %s\n", k->output, k->n_frames, k->pts,
        k->duration, k->offset, k->discont, k->last, k->info_changed,
        k->dims[1], k->dims[2], digest = g_compute_checksum_for_data
        (G_CHECKSUM_SHA1, k->data, k->n_frames * k->frame_size));
    g_free (digest);
  }
  g_free (path);
  tc_test_collector_free (col, src);
  return log;
}

/* Decoding ahead changes nothing the outputs get, whatever the queue's
 * size: the same chunks in the same order, with the same bytes and
 * metadata; through a seek, the removal of an output, switching it on or
 * off mid-stream, and a frame size change. */
GST_START_TEST (test_decode_ahead_identical)
{
  static const struct
  {
    const gchar *media;
    gboolean audio;
    const gchar *filter;
    AheadScript script;
  } cases[] = {
    {"seed.mp4", TRUE, NULL, AHEAD_RUN},
    {"seed.mp4", TRUE, NULL, AHEAD_SEEK},
    {"seed.mp4", TRUE, NULL, AHEAD_REMOVE},
    {"seed.mp4", TRUE, NULL, AHEAD_SWITCH},
    {"clip.ts", TRUE, NULL, AHEAD_RUN},
    {"small.mkv", FALSE, NULL, AHEAD_SEEK},
    {"video_only.mp4", FALSE,
          "scale=w='if(gte(t,1),80,160)':h='if(gte(t,1),60,120)':eval=frame",
        AHEAD_RUN},
  };
  static const guint sizes[] = { 1, 8 };
  guint i, j;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    GString *want = run_ahead (cases[i].media, 0, cases[i].audio,
        cases[i].filter, cases[i].script);

    fail_unless (want->len > 0);
    for (j = 0; j < G_N_ELEMENTS (sizes); j++) {
      GString *got = run_ahead (cases[i].media, sizes[j], cases[i].audio,
          cases[i].filter, cases[i].script);

      if (!g_string_equal (want, got)) {
        gsize at = 0, line = 0;

        while (want->str[at] == got->str[at])
          at++;
        while (at > line && want->str[at - line - 1] != '\n')
          line++;
        fail ("%s (case %u), %u frames ahead: chunk \"%.80s\", without: "
            "\"%.80s\"", cases[i].media, i, sizes[j], got->str + at - line,
            want->str + at - line);
      }
      g_string_free (got, TRUE);
    }
    g_string_free (want, TRUE);
  }
}

GST_END_TEST;

/* An interrupt that ends without the seek it announced (the source cannot
 * seek): decoding ahead, the thread left on the interrupt, and the steps
 * after it go on, with no error of an interrupt that is over. */
GST_START_TEST (test_decode_ahead_interrupt_over)
{
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_source_new (&tc_test_collector_callbacks, col);
  TcOutputConfig c = audio_config (800);
  GError *err = NULL;
  guint i;

  tc_source_set_decode_ahead (src, 2);
  /* long enough for the thread to fill the ring and wait for room */
  fail_unless (tc_source_open (src,
          "sine=sample_rate=8000:frequency=360:duration=30", "lavfi", NULL,
          NULL));
  tc_test_add_output (src, &c);
  for (i = 0; i < 5; i++)
    fail_unless_equals_int (tc_source_step (src, NULL), TC_STEP_OK);
  tc_source_interrupt (src, TRUE);
  /* the thread notices, and leaves */
  g_usleep (50 * G_TIME_SPAN_MILLISECOND);
  tc_source_interrupt (src, FALSE);
  fail_if (tc_source_seek (src, 0, FALSE, NULL, &err));
  fail_unless_equals_int (err->code, TC_ERROR_SEEK);
  g_clear_error (&err);
  tc_test_run_to_eos (src);
  fail_unless_equals_int (col->chunks->len, 300);
  tc_test_collector_free (col, src);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* Errors */

GST_START_TEST (test_open_errors)
{
  const gchar *foo[] = { "foo", "bar", NULL };
  const gchar *odd[] = { "sample_rate", NULL };
  gchar *missing = g_build_filename (g_get_tmp_dir (), "no-such-file.mp4",
      NULL);
  gchar *garbage = tc_test_media ("garbage.bin");
  gchar *empty = tc_test_media ("empty.bin");
  gchar *wav = tc_test_media ("tone16k.wav");

  check_open_error (missing, NULL, NULL, TC_ERROR_NOT_FOUND, missing);
  check_open_error (garbage, NULL, NULL, TC_ERROR_FORMAT, garbage);
  check_open_error (empty, NULL, NULL, TC_ERROR_FORMAT, empty);
  check_open_error (wav, "nosuchformat", NULL, TC_ERROR_FORMAT,
      "'nosuchformat'");
  check_open_error (wav, NULL, foo, TC_ERROR_OPTION,
      "option 'foo' was not used by the wav demuxer or the file protocol");
  check_open_error (wav, NULL, odd, TC_ERROR_OPTION, "'sample_rate'");
  check_open_error ("sine=frequency=nope", "lavfi", NULL, TC_ERROR_OPEN,
      "sine=frequency=nope");
  g_free (missing);
  g_free (garbage);
  g_free (empty);
  g_free (wav);
}

GST_END_TEST;

GST_START_TEST (test_output_errors)
{
  const gchar *bad_opt[] = { "nosuchoption", "1", NULL };
  const gchar *threads[] = { "threads", "1", NULL };
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, "small.mkv", NULL, NULL);
  TcSource *closed = tc_test_source_new (&tc_test_collector_callbacks, col);
  TcOutputConfig c;
  GError *err = NULL;

  c = audio_config (1024);
  c.stream_index = 7;
  check_add_error (src, &c, TC_ERROR_STREAM, "stream-index 7",
      "the source has 3 streams, none of them audio at index 7",
      "its audio streams: 1, 2", NULL);
  c.stream_index = 0;
  check_add_error (src, &c, TC_ERROR_STREAM, "stream 0 is video, not audio",
      NULL);
  c = video_config (1);
  c.stream_index = 2;
  check_add_error (src, &c, TC_ERROR_STREAM, "stream 2 is audio, not video",
      "its video streams: 0", NULL);
  c = video_config (0);
  check_add_error (src, &c, TC_ERROR_OPTION, "frames-per-chunk", NULL);

  c = video_config (1);
  c.filter = "nosuchfilter=3";
  check_add_error (src, &c, TC_ERROR_FILTER, "nosuchfilter", NULL);
  c.filter = "scale=w='if(gte(t,1),80,160)':h=60,hflip,nosuch2=a\\,b";
  check_add_error (src, &c, TC_ERROR_FILTER, "no filter 'nosuch2'", NULL);
  c.filter = "scale=nosuchoption=1";
  check_add_error (src, &c, TC_ERROR_FILTER, "scale=nosuchoption=1", NULL);
  c = audio_config (1024);
  c.filter = "volume=2,";
  check_add_error (src, &c, TC_ERROR_FILTER, "volume=2", NULL);

  c = video_config (1);
  c.decoder = "nosuchdecoder";
  check_add_error (src, &c, TC_ERROR_DECODER, "unknown decoder "
      "'nosuchdecoder'", NULL);
  c.decoder = "aac";
  check_add_error (src, &c, TC_ERROR_DECODER, "decoder 'aac' decodes audio",
      "stream 0 is video", NULL);
  c.decoder = NULL;
  c.decoder_options = bad_opt;
  check_add_error (src, &c, TC_ERROR_OPTION, "'nosuchoption'", "h264", NULL);

  c = video_config (1);
  c.pixel_format = "rgb25";
  check_add_error (src, &c, TC_ERROR_FILTER, "unknown pixel format 'rgb25'",
      NULL);
  c.pixel_format = "yuv422p10le";
  check_add_error (src, &c, TC_ERROR_FILTER, "'yuv422p10le'", NULL);
  c.pixel_format = NULL;
  c.width = 20000;
  check_add_error (src, &c, TC_ERROR_FILTER, "width 20000", "16384", NULL);
  c.width = -1;
  check_add_error (src, &c, TC_ERROR_FILTER, "width -1", NULL);
  c.width = 0;
  c.height = 16385;
  check_add_error (src, &c, TC_ERROR_FILTER, "height 16385", NULL);
  c.height = 0;
  c.frame_rate_n = -1;
  c.frame_rate_d = 1;
  check_add_error (src, &c, TC_ERROR_FILTER, "frame-rate -1/1", NULL);
  c.frame_rate_n = 1;
  c.frame_rate_d = 0;
  check_add_error (src, &c, TC_ERROR_FILTER, "frame-rate 1/0", NULL);

  c = audio_config (1024);
  c.sample_format = "s17";
  check_add_error (src, &c, TC_ERROR_FILTER, "unknown sample format 's17'",
      NULL);
  c.sample_format = NULL;
  c.sample_rate = -8000;
  check_add_error (src, &c, TC_ERROR_FILTER, "sample-rate -8000", NULL);
  c.sample_rate = 0;
  c.channels = -2;
  check_add_error (src, &c, TC_ERROR_FILTER, "channels -2", NULL);
  c.channels = 9;
  check_add_error (src, &c, TC_ERROR_FILTER, "channels 9",
      "no standard layout", NULL);

  /* outputs reading one stream share its decoder */
  c = video_config (1);
  tc_test_add_output (src, &c);
  c.decoder_options = threads;
  check_add_error (src, &c, TC_ERROR_DECODER, "stream 0",
      "decoder-options", NULL);
  /* failed outputs left nothing behind */
  fail_unless_equals_int (tc_source_n_decoders (src), 1);

  /* nothing works on a source that is not open */
  c = video_config (1);
  check_add_error (closed, &c, TC_ERROR_FAILED, "not open", NULL);
  fail_unless_equals_int (tc_source_step (closed, &err), TC_STEP_ERROR);
  fail_unless_equals_int (err->code, TC_ERROR_FAILED);
  g_clear_error (&err);
  fail_if (tc_source_seek (closed, 0, FALSE, NULL, &err));
  fail_unless_equals_int (err->code, TC_ERROR_FAILED);
  g_clear_error (&err);
  tc_source_free (closed);
  tc_test_collector_free (col, src);

  /* no audio at all */
  col = tc_test_collector_new ();
  src = tc_test_collector_open (col, "video_only.mp4", NULL, NULL);
  c = audio_config (1024);
  check_add_error (src, &c, TC_ERROR_STREAM, "the source has no audio stream",
      NULL);
  tc_test_collector_free (col, src);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* Outputs added while the source is read */

/* Steps until output @id has delivered @n chunks. */
static void
step_until_chunks (TcSource * src, TcTestCollector * col, gint id, guint n)
{
  GError *err = NULL;
  GPtrArray *chunks;

  do {
    if (tc_source_step (src, &err) != TC_STEP_OK)
      fail ("step: %s", err ? err->message : "early end");
    chunks = tc_test_chunks_of (col, id);
    if (chunks->len >= n) {
      g_ptr_array_free (chunks, TRUE);
      return;
    }
    g_ptr_array_free (chunks, TRUE);
  } while (TRUE);
}

/* The chunk of @chunks at @pts, or NULL. */
static TcTestChunk *
chunk_with_pts (GPtrArray * chunks, gint64 pts)
{
  guint i;

  for (i = 0; i < chunks->len; i++) {
    TcTestChunk *k = g_ptr_array_index (chunks, i);
    if (k->pts == pts)
      return k;
  }
  return NULL;
}

/* Every chunk of @late (an output added late) is the chunk of @full (the
 * same settings from the start) with the same PTS, byte for byte; returns
 * the first one's PTS. */
static gint64
check_late_equals_full (GPtrArray * late, GPtrArray * full)
{
  guint i;

  fail_unless (late->len > 0);
  fail_unless (tc_test_chunk_at (late, 0)->discont);
  for (i = 0; i < late->len; i++) {
    TcTestChunk *k = tc_test_chunk_at (late, i);
    TcTestChunk *ref = chunk_with_pts (full, k->pts);

    fail_unless (ref != NULL, "no chunk at %" G_GINT64_FORMAT " from the "
        "start (which has %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", ...)",
        k->pts, tc_test_chunk_at (full, 0)->pts,
        tc_test_chunk_at (full, 1)->pts);
    fail_unless_equals_int (k->n_frames, ref->n_frames);
    fail_unless_equals_uint64 (k->offset, ref->offset);
    fail_unless (memcmp (k->data, ref->data, k->n_frames * k->frame_size) == 0,
        "chunk %u at %" G_GINT64_FORMAT " differs", i, k->pts);
    fail_unless (i == 0 || !k->discont);
  }
  /* from there to the end, nothing missing */
  fail_unless_equals_int64 (tc_test_chunk_at (late, late->len - 1)->pts,
      tc_test_chunk_at (full, full->len - 1)->pts);
  return tc_test_chunk_at (late, 0)->pts;
}

/* Runs seed.mp4 with an audio output of 1.001 s chunks and @video, added
 * from the start (@late_after 0) or once the audio delivered @late_after
 * chunks; the chunks go to @col. */
static TcSource *
run_with_video (TcTestCollector * col, const TcOutputConfig * video,
    guint late_after, gint64 * position)
{
  TcSource *src = tc_test_collector_open (col, "seed.mp4", NULL, NULL);
  TcOutputConfig a = audio_config (48048);
  gint id;

  fail_unless_equals_int (tc_test_add_output (src, &a), 0);
  if (late_after > 0) {
    step_until_chunks (src, col, 0, late_after);
    /* the audio delivered late_after chunks: the position is past them */
    *position = tc_test_chunk_at (col->chunks, col->chunks->len - 1)->pts;
  }
  id = tc_test_add_output (src, video);
  fail_unless_equals_int (id, 1);
  tc_test_run_to_eos (src);
  return src;
}

/* A video output added while the audio runs, with a decoder of its own:
 * it starts at the first key frame of its chunk grid at or after the
 * position, with the audio's PTS there (1.001 s chunks both), and its
 * chunks are those of a run that had it from the start; the audio goes
 * on without a gap or a discont. */
/* Appends the frames of output's chunks, and each chunk's pts, to out. */
static void
append_output (TcTestCollector * col, gint output, GByteArray * out)
{
  GPtrArray *chunks = tc_test_chunks_of (col, output);
  GByteArray *frames = tc_test_frames_of (col, output);
  guint i;

  for (i = 0; i < chunks->len; i++)
    g_byte_array_append (out,
        (const guint8 *) &tc_test_chunk_at (chunks, i)->pts, sizeof (gint64));
  g_byte_array_append (out, frames->data, frames->len);
  g_byte_array_unref (frames);
  g_ptr_array_free (chunks, TRUE);
}

/* seek_h264.mp4 (x264 with B-frames, 75 frames at 25 fps) to two outputs
 * at 3 and 5/2 fps, and a third at the source's rate when every_frame;
 * to the end, then again after an accurate seek to 1.3 s.  Returns what the
 * two reduced outputs gave (append_output), *decoded the frames decoded
 * before the seek. */
static GByteArray *
run_reduced (gboolean every_frame, guint64 * decoded)
{
  static const gint rates[][2] = { {3, 1}, {5, 2} };
  TcTestCollector *col = tc_test_collector_new ();
  TcSource *src = tc_test_collector_open (col, "seek_h264.mp4", NULL, NULL);
  TcOutputConfig c = video_config (2);
  GByteArray *got = g_byte_array_new ();
  guint i;

  c.width = 80;
  c.height = 60;
  c.pixel_format = "gray";
  for (i = 0; i < G_N_ELEMENTS (rates); i++) {
    c.frame_rate_n = rates[i][0];
    c.frame_rate_d = rates[i][1];
    tc_test_add_output (src, &c);
  }
  c.frame_rate_n = 0;
  if (every_frame)
    tc_test_add_output (src, &c);
  tc_test_run_to_eos (src);
  *decoded = tc_source_decoded_frames (src, 0);
  for (i = 0; i < G_N_ELEMENTS (rates); i++)
    append_output (col, i, got);
  tc_test_collector_clear (col);
  fail_unless (tc_source_seek (src, 1300 * MS, TRUE, NULL, NULL));
  tc_test_run_to_eos (src);
  for (i = 0; i < G_N_ELEMENTS (rates); i++)
    append_output (col, i, got);
  tc_test_collector_free (col, src);
  return got;
}

/* Outputs that all reduce the frame rate leave the frames none of them
 * takes undecoded (tcthin.c), and give what they give when another output
 * needs every frame. */
GST_START_TEST (test_fps_skips_frames)
{
  guint64 decoded_all, decoded_reduced;
  GByteArray *all = run_reduced (TRUE, &decoded_all);
  GByteArray *reduced = run_reduced (FALSE, &decoded_reduced);

  fail_unless_equals_uint64 (decoded_all, 75);
  fail_unless (decoded_reduced < decoded_all, "%" G_GUINT64_FORMAT
      " frames of %" G_GUINT64_FORMAT " decoded", decoded_reduced, decoded_all);
  fail_unless (all->len > 0);
  fail_unless_equals_int (reduced->len, all->len);
  fail_unless (memcmp (reduced->data, all->data, all->len) == 0);
  g_byte_array_unref (all);
  g_byte_array_unref (reduced);
}

GST_END_TEST;

GST_START_TEST (test_add_output_late_new_decoder)
{
  TcTestCollector *full = tc_test_collector_new (), *late =
      tc_test_collector_new ();
  TcOutputConfig v = video_config (30);
  TcSource *src_full, *src_late;
  GPtrArray *vf, *vl, *af, *al;
  gint64 position = 0, start;
  guint i;

  v.width = 64;
  v.height = 36;
  src_full = run_with_video (full, &v, 0, NULL);
  src_late = run_with_video (late, &v, 2, &position);
  fail_unless_equals_int (tc_source_n_decoders (src_late), 2);

  vf = tc_test_chunks_of (full, 1);
  vl = tc_test_chunks_of (late, 1);
  start = check_late_equals_full (vl, vf);
  fail_unless (start > position, "first at %" G_GINT64_FORMAT ", position %"
      G_GINT64_FORMAT, start, position);
  /* seed.mp4's key frames are 1.001 s apart, one at each chunk's start */
  fail_unless_equals_int64 (start % (1001 * MS), 0);

  af = tc_test_chunks_of (full, 0);
  al = tc_test_chunks_of (late, 0);
  fail_unless (chunk_with_pts (al, start) != NULL);
  fail_unless_equals_int (al->len, af->len);
  for (i = 0; i < al->len; i++) {
    TcTestChunk *k = tc_test_chunk_at (al, i), *ref = tc_test_chunk_at (af, i);

    fail_unless_equals_int64 (k->pts, ref->pts);
    fail_unless (k->discont == (i == 0));
    fail_unless (memcmp (k->data, ref->data, k->n_frames * k->frame_size) == 0);
  }
  g_ptr_array_free (vf, TRUE);
  g_ptr_array_free (vl, TRUE);
  g_ptr_array_free (af, TRUE);
  g_ptr_array_free (al, TRUE);
  tc_test_collector_free (full, src_full);
  tc_test_collector_free (late, src_late);
}

GST_END_TEST;

/* Outputs added while their stream is decoded for another: they share
 * its decoder and start at the next frame of their own grid (video, 10
 * frames a chunk) or sample (audio, 1000 samples a chunk), equal to a run
 * that had them from the start. */
GST_START_TEST (test_add_output_late_shared)
{
  TcTestCollector *full = tc_test_collector_new (), *late =
      tc_test_collector_new ();
  TcOutputConfig v = video_config (10), a = audio_config (1000);
  TcSource *src_full, *src_late;
  GPtrArray *f, *l;
  GError *err = NULL;
  gint64 position, start;
  guint i;

  v.width = 32;
  v.height = 18;
  v.pixel_format = "gray";
  src_full = tc_test_collector_open (full, "seed.mp4", NULL, NULL);
  src_late = tc_test_collector_open (late, "seed.mp4", NULL, NULL);
  for (i = 0; i < 2; i++) {
    TcSource *src = i == 0 ? src_full : src_late;
    TcOutputConfig base_v = video_config (7), base_a = audio_config (777);

    base_v.width = 16;
    base_v.height = 16;
    tc_test_add_output (src, &base_v);
    tc_test_add_output (src, &base_a);
  }
  tc_test_add_output (src_full, &v);
  tc_test_add_output (src_full, &a);
  tc_test_run_to_eos (src_full);

  step_until_chunks (src_late, late, 0, 11);
  position = tc_test_chunk_at (late->chunks, late->chunks->len - 1)->pts;
  fail_unless_equals_int (tc_source_add_output (src_late, &v, &err), 2);
  fail_unless_equals_int (tc_source_add_output (src_late, &a, &err), 3);
  fail_unless_equals_int (tc_source_n_decoders (src_late), 2);
  tc_test_run_to_eos (src_late);

  for (i = 2; i < 4; i++) {
    f = tc_test_chunks_of (full, i);
    l = tc_test_chunks_of (late, i);
    start = check_late_equals_full (l, f);
    fail_unless (start >= position);
    fail_unless (tc_test_chunk_at (l, 0)->offset % (i == 2 ? 10 : 1000) == 0);
    g_ptr_array_free (f, TRUE);
    g_ptr_array_free (l, TRUE);
  }
  tc_test_collector_free (full, src_full);
  tc_test_collector_free (late, src_late);
}

GST_END_TEST;

/* Opens seek_h264.mp4 with two outputs at 3 and 5/2 fps, which leave
 * frames undecoded (tcthin.c), the chunks to col. */
static TcSource *
open_reduced (TcTestCollector * col, const TcOutputConfig * v)
{
  TcSource *src = tc_test_collector_open (col, "seek_h264.mp4", NULL, NULL);
  TcOutputConfig base = *v;

  base.frame_rate_n = 3;
  base.frame_rate_d = 1;
  tc_test_add_output (src, &base);
  base.frame_rate_n = 5;
  base.frame_rate_d = 2;
  tc_test_add_output (src, &base);
  return src;
}

/* Outputs added to a stream whose frame-rate outputs had frames left
 * undecoded, one at the source's rate and one at another rate, at each
 * chunk of the first: what they give is what they give from the start. */
GST_START_TEST (test_add_output_late_after_skips)
{
  TcTestCollector *full = tc_test_collector_new ();
  TcOutputConfig v = video_config (1), r;
  TcSource *src_full;
  GError *err = NULL;
  guint i, n;

  v.width = 32;
  v.height = 24;
  v.pixel_format = "gray";
  r = v;
  r.frame_rate_n = 7;
  r.frame_rate_d = 1;
  src_full = open_reduced (full, &v);
  tc_test_add_output (src_full, &v);
  tc_test_add_output (src_full, &r);
  tc_test_run_to_eos (src_full);

  for (n = 1; n <= 8; n++) {
    TcTestCollector *late = tc_test_collector_new ();
    TcSource *src_late = open_reduced (late, &v);

    step_until_chunks (src_late, late, 0, n);
    fail_unless_equals_int (tc_source_add_output (src_late, &v, &err), 2);
    fail_unless_equals_int (tc_source_add_output (src_late, &r, &err), 3);
    tc_test_run_to_eos (src_late);
    for (i = 2; i < 4; i++) {
      GPtrArray *f = tc_test_chunks_of (full, i);
      GPtrArray *l = tc_test_chunks_of (late, i);

      check_late_equals_full (l, f);
      g_ptr_array_free (f, TRUE);
      g_ptr_array_free (l, TRUE);
    }
    tc_test_collector_free (late, src_late);
  }
  tc_test_collector_free (full, src_full);
}

GST_END_TEST;

/* Float audio chunks of an output added late with a decoder of its own:
 * those of @full at the same PTS within the conformance tolerance (1e-4):
 * an AAC decoder started mid-stream rounds the last bit of a few samples
 * otherwise (1e-6) a second later.  Returns the first one's PTS. */
static gint64
check_late_audio_close (GPtrArray * late, GPtrArray * full)
{
  gfloat worst = 0;
  guint i, j;

  fail_unless (late->len > 0);
  fail_unless (tc_test_chunk_at (late, 0)->discont);
  for (i = 0; i < late->len; i++) {
    TcTestChunk *k = tc_test_chunk_at (late, i);
    TcTestChunk *ref = chunk_with_pts (full, k->pts);
    const gfloat *x = (const gfloat *) k->data, *y;

    fail_unless (ref != NULL);
    fail_unless_equals_int (k->n_frames, ref->n_frames);
    fail_unless_equals_uint64 (k->offset, ref->offset);
    y = (const gfloat *) ref->data;
    for (j = 0; j < k->n_frames * k->dims[1]; j++)
      worst = MAX (worst, ABS (x[j] - y[j]));
  }
  fail_unless (worst <= 1e-4, "differs by %g", worst);
  fail_unless_equals_int64 (tc_test_chunk_at (late, late->len - 1)->pts,
      tc_test_chunk_at (full, full->len - 1)->pts);
  return tc_test_chunk_at (late, 0)->pts;
}

/* An audio output added while only the video is read: a decoder of its
 * own, started at the next packet; its first chunk is on its grid at or
 * after the position (1.001 s chunks: on the video's chunk times) and
 * its chunks are those of a run that had it from the start. */
GST_START_TEST (test_add_output_late_audio)
{
  TcTestCollector *full = tc_test_collector_new (), *late =
      tc_test_collector_new ();
  TcOutputConfig v = video_config (30), a = audio_config (48048);
  TcSource *src_full, *src_late;
  GPtrArray *f, *l, *vl;
  gint64 position, start;

  v.width = 16;
  v.height = 16;
  src_full = tc_test_collector_open (full, "seed.mp4", NULL, NULL);
  tc_test_add_output (src_full, &v);
  tc_test_add_output (src_full, &a);
  tc_test_run_to_eos (src_full);

  src_late = tc_test_collector_open (late, "seed.mp4", NULL, NULL);
  tc_test_add_output (src_late, &v);
  step_until_chunks (src_late, late, 0, 2);
  position = tc_test_chunk_at (late->chunks, late->chunks->len - 1)->pts;
  fail_unless_equals_int (tc_test_add_output (src_late, &a), 1);
  tc_test_run_to_eos (src_late);

  f = tc_test_chunks_of (full, 1);
  l = tc_test_chunks_of (late, 1);
  vl = tc_test_chunks_of (late, 0);
  start = check_late_audio_close (l, f);
  fail_unless (start > position);
  fail_unless (chunk_with_pts (vl, start) != NULL);
  g_ptr_array_free (f, TRUE);
  g_ptr_array_free (l, TRUE);
  g_ptr_array_free (vl, TRUE);
  tc_test_collector_free (full, src_full);
  tc_test_collector_free (late, src_late);
}

GST_END_TEST;

/* Runs @name with an audio output of 777-sample chunks and, after it gave
 * @late_after chunks (0: from the start), one of 1000-sample s16 chunks;
 * the chunks go to @col. */
static TcSource *
run_with_late_s16 (TcTestCollector * col, const gchar * name, guint late_after)
{
  TcSource *src = tc_test_collector_open (col, name, NULL, NULL);
  TcOutputConfig a = audio_config (777), s = audio_config (1000);

  s.sample_format = "s16";
  tc_test_add_output (src, &a);
  if (late_after > 0)
    step_until_chunks (src, col, 0, late_after);
  fail_unless_equals_int (tc_test_add_output (src, &s), 1);
  tc_test_run_to_eos (src);
  return src;
}

/* An audio output added late to a stream decoded for another counts its
 * samples as a run that had it from the start does (from the stream's
 * first one), not from the times of the frames it starts in: those are
 * rounded, to 1 ms in Matroska, to 1/90000 s in MPEG-TS (whose demuxer
 * gives the frames after the first of a PES times 1 or 2 ticks off at
 * 44.1 kHz), and the first sample of its first chunk was one sample early
 * (MPEG-TS, 4 starts in 40) or up to 32 samples off (Matroska, every
 * start).  Added at each chunk of the running output, its chunks are
 * those of the full run, byte for byte, at the same times. */
GST_START_TEST (test_add_output_late_audio_rounded_times)
{
  static const gchar *names[] = { "seek_aac.mka", "seek_flac.mka",
    "aac44k.ts"
  };
  guint i, n;

  for (i = 0; i < G_N_ELEMENTS (names); i++) {
    TcTestCollector *full = tc_test_collector_new ();
    TcSource *src_full = run_with_late_s16 (full, names[i], 0);
    GPtrArray *f = tc_test_chunks_of (full, 1);

    for (n = 1; n <= 40; n++) {
      TcTestCollector *late = tc_test_collector_new ();
      TcSource *src_late = run_with_late_s16 (late, names[i], n);
      GPtrArray *l = tc_test_chunks_of (late, 1);

      check_late_equals_full (l, f);
      g_ptr_array_free (l, TRUE);
      tc_test_collector_free (late, src_late);
    }
    g_ptr_array_free (f, TRUE);
    tc_test_collector_free (full, src_full);
  }
}

GST_END_TEST;

static Suite *
core_suite (void)
{
  Suite *s = suite_create ("core");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_probe_seed);
  tcase_add_test (tc, test_probe_media);
  tcase_add_test (tc, test_lavfi);
  tcase_add_test (tc, test_wav_chunks);
  tcase_add_test (tc, test_raw_equals_wav);
  tcase_add_test (tc, test_short_last_chunk);
  tcase_add_test (tc, test_sample_formats);
  tcase_add_test (tc, test_resample_and_remix);
  tcase_add_test (tc, test_video_default);
  tcase_add_test (tc, test_video_size_rate_gray);
  tcase_add_test (tc, test_video_one_side);
  tcase_add_test (tc, test_nchw_nhwc);
  tcase_add_test (tc, test_yuv420p);
  tcase_add_test (tc, test_shared_decoder);
  tcase_add_test (tc, test_fps_skips_frames);
  tcase_add_test (tc, test_add_output_late_new_decoder);
  tcase_add_test (tc, test_add_output_late_shared);
  tcase_add_test (tc, test_add_output_late_after_skips);
  tcase_add_test (tc, test_add_output_late_audio);
  tcase_add_test (tc, test_add_output_late_audio_rounded_times);
  tcase_add_test (tc, test_size_change);
  tcase_add_test (tc, test_seek_key);
  tcase_add_test (tc, test_seek_accurate_video);
  tcase_add_test (tc, test_seek_accurate_audio);
  tcase_add_test (tc, test_seek_first_key_only);
  tcase_add_test (tc, test_seek_after_eos);
  tcase_add_test (tc, test_seek_to_start);
  tcase_add_test (tc, test_custom_io);
  tcase_add_test (tc, test_custom_io_unseekable);
  tcase_add_test (tc, test_custom_io_seek_fails);
  tcase_add_test (tc, test_interrupted_read);
  tcase_add_test (tc, test_read_fails_with_exit);
  tcase_add_test (tc, test_interrupt);
  tcase_add_test (tc, test_decode_ahead_identical);
  tcase_add_test (tc, test_decode_ahead_interrupt_over);
  tcase_add_test (tc, test_open_errors);
  tcase_add_test (tc, test_output_errors);
  return s;
}

TC_TEST_MAIN (core);
