/* tensorchunker core fuzz target: arbitrary bytes through the byte-stream input
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
 * One input is a 4-byte settings header followed by the media bytes:
 *
 *   byte 0  bit 0: no audio output, bit 1: no video output (both set: both
 *           outputs anyway), bit 2: the input cannot seek, bit 3: the seek
 *           is accurate, bit 4: video as NHWC, bit 5: a user filter,
 *           bits 6-7: where to seek, in quarters of the duration
 *   byte 1  audio: bits 0-2 sample rate, bits 3-4 channels, bits 5-7 format
 *   byte 2  video: bits 0-3 pixel format, bits 4-5 size, bits 6-7 rate
 *   byte 3  frames per chunk (audio: 1 + 31 * b, video: 1 + b % 8), and
 *           the hop (hop_of (): audio bits 0-1, video bits 3-4)
 *
 * An all-zero header is both outputs with the source's settings, as
 * tests/fuzz/make_corpus.sh writes most seeds.
 *
 * The source is opened through tc_source_open_io() with read and seek
 * callbacks over the bytes, as the element opens an upstream byte stream.
 * Every step is bounded, so that the fuzzer finds bugs rather than slow
 * units on media that is legitimately large:
 * - probesize and analyzeduration are small: the inputs are small too;
 * - decoders refuse frames above MAX_PIXELS (FFmpeg's max_pixels), and the
 *   chunk allocator refuses chunks above MAX_CHUNK_BYTES (the core must
 *   turn that into an error, not a crash);
 * - at most MAX_STEPS steps, a seek, then MAX_STEPS_AFTER_SEEK more;
 * - protocol_whitelist=none: demuxers that open other resources (HLS,
 *   concat, dash) must not reach files or the network from a fuzz input.
 *
 * GLib criticals and warnings abort: a g_return_if_fail() the core hits on
 * hostile input is a bug.
 *
 * The same file is linked into tests/fuzz/fuzz_driver.c for the ordinary
 * build, which replays tests/fuzz/regressions/ without libFuzzer.
 */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tccore.h"
#include "../check/tccoretest.h"

#define HEADER_SIZE 4
#define MAX_STEPS 2000
#define MAX_STEPS_AFTER_SEEK 500
#define MAX_PIXELS "1048576"
#define MAX_CHUNK_BYTES (64 * 1024 * 1024)

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t * data, size_t size);

typedef struct
{
  const guint8 *data;
  gint64 size;
  gint64 pos;
} Input;

static gint
input_read (gpointer user_data, guint8 * buf, gint size)
{
  Input *in = user_data;
  gint64 n = MIN ((gint64) size, in->size - in->pos);

  if (n <= 0)
    return 0;
  memcpy (buf, in->data + in->pos, n);
  in->pos += n;
  return n;
}

static gint64
input_seek (gpointer user_data, gint64 offset, gint whence)
{
  Input *in = user_data;
  gint64 pos;

  switch (whence) {
    case TC_SEEK_SIZE:
      return in->size;
    case SEEK_SET:
      pos = offset;
      break;
    case SEEK_CUR:
      pos = in->pos + offset;
      break;
    case SEEK_END:
      pos = in->size + offset;
      break;
    default:
      return -1;
  }
  if (pos < 0 || pos > in->size)
    return -1;
  in->pos = pos;
  return pos;
}

typedef struct
{
  guint n_alloc;
  guint n_done;
} Chunks;

static gpointer
chunk_alloc (gpointer user_data, gint output, gsize size, gpointer * handle)
{
  Chunks *chunks = user_data;
  guint8 *mem;

  /* the caller's memory may run out: the core must say so, not crash */
  if (size == 0 || size > MAX_CHUNK_BYTES)
    return NULL;
  mem = g_malloc (size);
  chunks->n_alloc++;
  *handle = mem;
  return mem;
}

static void
chunk_done (gpointer user_data, const TcChunk * chunk)
{
  Chunks *chunks = user_data;

  gchar *why = tc_test_chunk_problem (chunk);

  /* g_error aborts: the fuzzer keeps the input */
  if (why != NULL)
    g_error ("chunk %" G_GUINT64_FORMAT " of output %d: %s", chunk->offset,
        chunk->output, why);
  chunks->n_done++;
  g_free (chunk->handle);
}

static void
chunk_release (gpointer user_data, gint output, gpointer handle)
{
  Chunks *chunks = user_data;

  chunks->n_done++;
  g_free (handle);
}

static const TcCallbacks callbacks = {
  chunk_alloc, chunk_done, chunk_release
};

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

/* Runs the source until EOS, an error or max_steps. */
static void
run (TcSource * src, guint max_steps)
{
  GError *err = NULL;
  guint i;

  for (i = 0; i < max_steps; i++) {
    TcStepResult r = tc_source_step (src, &err);

    if (r == TC_STEP_OK)
      continue;
    if (r == TC_STEP_ERROR) {
      g_assert (err != NULL && err->domain == TC_ERROR);
      g_clear_error (&err);
    }
    break;
  }
}


/* Sliding windows three times in four: overlapping (an eighth or a
 * quarter of the chunk: at most 8 windows open, so that an input cannot
 * make every sample be written thousands of times) or skipping frames. */
static guint
hop_of (guint fpc, guint bits)
{
  switch (bits & 3) {
    case 1:
      return MAX (fpc / 4, 1);
    case 2:
      return fpc * 2 + 1;
    case 3:
      return MAX (fpc / 8, 1);
    default:
      return 0;
  }
}

static void
add_outputs (TcSource * src, const guint8 * h)
{
  static const gint rates[] = { 0, 8000, 16000, 22050, 44100, 48000, 11025,
    96000
  };
  static const gint channels[] = { 0, 1, 2, 6 };
  static const gchar *sample_formats[] = { NULL, "s16", "u8", "s32", "dbl",
    "fltp", "s16p", "s64"
  };
  static const gchar *pixel_formats[] = { NULL, "bgr24", "rgba", "bgra",
    "argb", "abgr", "gray", "gray16le", "yuv444p", "gbrp", "yuv420p", "nv12",
    "rgb24", "gray", "yuv420p", NULL
  };
  static const gint sizes[][2] = { {0, 0}, {32, 24}, {64, 0}, {0, 48} };
  static const gint frame_rates[][2] = { {0, 0}, {5, 1}, {25, 1},
  {30000, 1001}
  };
  /* decoders: one thread (deterministic, and no thread pool per input),
   * and no frame larger than MAX_PIXELS */
  const gchar *dec_options[] = { "threads", "1", "max_pixels", MAX_PIXELS,
    NULL
  };
  gboolean audio = !(h[0] & 1), video = !(h[0] & 2);
  TcOutputConfig c;
  GError *err = NULL;

  if (!audio && !video)
    audio = video = TRUE;

  if (audio) {
    memset (&c, 0, sizeof (c));
    c.media_type = TC_MEDIA_AUDIO;
    c.stream_index = -1;
    c.frames_per_chunk = 1 + 31 * h[3];
    c.hop = hop_of (c.frames_per_chunk, h[3]);
    c.decoder_options = dec_options;
    c.filter = (h[0] & 32) ? "volume=0.5" : NULL;
    c.sample_rate = rates[h[1] & 7];
    c.channels = channels[(h[1] >> 3) & 3];
    c.sample_format = sample_formats[h[1] >> 5];
    if (tc_source_add_output (src, &c, &err) < 0)
      g_clear_error (&err);
  }
  if (video) {
    memset (&c, 0, sizeof (c));
    c.media_type = TC_MEDIA_VIDEO;
    c.stream_index = -1;
    c.frames_per_chunk = 1 + h[3] % 8;
    c.hop = hop_of (c.frames_per_chunk, h[3] >> 3);
    c.decoder_options = dec_options;
    c.filter = (h[0] & 32) ? "hflip" : NULL;
    c.pixel_format = pixel_formats[h[2] & 15];
    c.width = sizes[(h[2] >> 4) & 3][0];
    c.height = sizes[(h[2] >> 4) & 3][1];
    c.frame_rate_n = frame_rates[h[2] >> 6][0];
    c.frame_rate_d = frame_rates[h[2] >> 6][1];
    c.nhwc = (h[0] & 16) != 0;
    if (tc_source_add_output (src, &c, &err) < 0)
      g_clear_error (&err);
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  /* small inputs need little probing; nothing outside the input is read */
  const gchar *options[] = { "probesize", "65536", "analyzeduration",
    "1000000", "protocol_whitelist", "none", NULL
  };
  guint8 h[HEADER_SIZE] = { 0 };
  Chunks chunks = { 0 };
  Input in = { 0 };
  TcSource *src;
  GError *err = NULL;
  gint64 duration, target, landed;
  guint i;

  if (size >= HEADER_SIZE) {
    memcpy (h, data, HEADER_SIZE);
    data += HEADER_SIZE;
    size -= HEADER_SIZE;
  }
  in.data = data;
  in.size = size;

  src = tc_source_new (&callbacks, &chunks);
  /* decoding ahead or not, and how far, without spending a header byte
   * (the corpus keeps its meaning): from the size of the input */
  tc_source_set_decode_ahead (src, size & 3);
  if (!tc_source_open_io (src, input_read, (h[0] & 4) ? NULL : input_seek,
          &in, NULL, NULL, options, &err)) {
    g_assert (err != NULL && err->domain == TC_ERROR);
    g_clear_error (&err);
    goto done;
  }

  /* what the element reads after opening */
  for (i = 0; i < tc_source_n_streams (src); i++)
    g_assert (tc_source_get_stream_info (src, i) != NULL);
  tc_source_default_stream (src, TC_MEDIA_AUDIO);
  tc_source_default_stream (src, TC_MEDIA_VIDEO);
  duration = tc_source_duration (src);

  add_outputs (src, h);
  run (src, MAX_STEPS);

  /* a seek, then some more */
  target = duration != TC_TIME_NONE ? duration / 4 * (h[0] >> 6) :
      (gint64) (h[0] >> 6) * TC_SECOND / 2;
  if (tc_source_seek (src, target, (h[0] & 8) != 0, &landed, &err))
    run (src, MAX_STEPS_AFTER_SEEK);
  else
    g_clear_error (&err);

done:
  tc_source_free (src);
  /* every chunk the core asked for came back, delivered or released */
  g_assert (chunks.n_done == chunks.n_alloc);
  return 0;
}
