/* Helpers of the tests of the core: a caller that keeps every chunk
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

#include <string.h>

#include "tccoretest.h"
#include "tctest.h"

static gpointer
collector_alloc (gpointer user_data, gint output, gsize size, gpointer * handle)
{
  TcTestCollector *col = user_data;
  guint8 *mem = g_malloc (size);

  col->n_alloc++;
  /* poison, so that a byte the core forgets to write shows */
  memset (mem, 0xa5, size);
  *handle = mem;
  return mem;
}

static void
collector_chunk (gpointer user_data, const TcChunk * c)
{
  TcTestCollector *col = user_data;
  TcTestChunk *k = g_new0 (TcTestChunk, 1);

  col->n_chunks++;
  fail_unless (c->data == c->handle);
  tc_test_check_chunk (c);
  k->output = c->output;
  k->media_type = c->info->media_type;
  k->sample_rate = c->info->sample_rate;
  k->n_frames = c->n_frames;
  k->pts = c->pts;
  k->duration = c->duration;
  k->offset = c->offset;
  k->discont = c->discont;
  k->last = c->last;
  k->end = c->end;
  k->info_changed = c->info_changed;
  k->capture_time = c->capture_time;
  k->delivered = g_get_real_time () * 1000;
  memcpy (k->dims, c->info->dims, sizeof (k->dims));
  k->dims[0] = c->n_frames;
  k->dtype = c->info->dtype;
  k->frame_size = c->info->frame_size;
  k->data = c->handle;
  g_ptr_array_add (col->chunks, k);
}

static void
collector_release (gpointer user_data, gint output, gpointer handle)
{
  TcTestCollector *col = user_data;

  col->n_release++;
  g_free (handle);
}

const TcCallbacks tc_test_collector_callbacks = {
  collector_alloc, collector_chunk, collector_release
};

static void
chunk_free (gpointer p)
{
  TcTestChunk *k = p;

  g_free (k->data);
  g_free (k);
}

TcTestCollector *
tc_test_collector_new (void)
{
  TcTestCollector *col = g_new0 (TcTestCollector, 1);

  col->chunks = g_ptr_array_new_with_free_func (chunk_free);
  return col;
}

void
tc_test_collector_free (TcTestCollector * col, TcSource * src)
{
  if (src)
    tc_source_free (src);
  fail_unless_equals_int (col->n_alloc, col->n_chunks + col->n_release);
  g_ptr_array_free (col->chunks, TRUE);
  g_free (col);
}

void
tc_test_collector_clear (TcTestCollector * col)
{
  g_ptr_array_set_size (col->chunks, 0);
}

GPtrArray *
tc_test_collector_take (TcTestCollector * col)
{
  GPtrArray *chunks = col->chunks;

  col->chunks = g_ptr_array_new_with_free_func (chunk_free);
  return chunks;
}

TcTestChunk *
tc_test_collector_get (TcTestCollector * col, guint i)
{
  return tc_test_chunk_at (col->chunks, i);
}

GPtrArray *
tc_test_chunks_of (TcTestCollector * col, gint output)
{
  GPtrArray *res = g_ptr_array_new ();
  guint i;

  for (i = 0; i < col->chunks->len; i++) {
    TcTestChunk *k = g_ptr_array_index (col->chunks, i);
    if (k->output == output)
      g_ptr_array_add (res, k);
  }
  return res;
}

TcTestChunk *
tc_test_chunk_at (GPtrArray * chunks, guint i)
{
  fail_unless (i < chunks->len, "chunk %u of %u", i, chunks->len);
  return g_ptr_array_index (chunks, i);
}

GByteArray *
tc_test_frames_of (TcTestCollector * col, gint output)
{
  GPtrArray *chunks = tc_test_chunks_of (col, output);
  GByteArray *all = g_byte_array_new ();
  guint i;

  for (i = 0; i < chunks->len; i++) {
    TcTestChunk *k = g_ptr_array_index (chunks, i);
    g_byte_array_append (all, k->data, k->n_frames * k->frame_size);
  }
  g_ptr_array_free (chunks, TRUE);
  return all;
}

TcSource *
tc_test_collector_open (TcTestCollector * col, const gchar * name,
    const gchar * format, const gchar * const *options)
{
  TcSource *src = tc_test_source_new (&tc_test_collector_callbacks, col);
  gchar *path = tc_test_media (name);
  GError *err = NULL;

  if (!tc_source_open (src, path, format, options, &err))
    fail ("opening %s: %s", path, err->message);
  g_free (path);
  return src;
}

TcOutputConfig
tc_test_output_config (TcMediaType type, guint frames_per_chunk, guint hop)
{
  TcOutputConfig c = { 0 };

  c.media_type = type;
  c.stream_index = -1;
  c.frames_per_chunk = frames_per_chunk;
  c.hop = hop;
  return c;
}

gint
tc_test_add_output (TcSource * src, const TcOutputConfig * config)
{
  GError *err = NULL;
  gint id = tc_source_add_output (src, config, &err);

  if (id < 0)
    fail ("adding an output: %s", err->message);
  return id;
}

void
tc_test_run_to_eos (TcSource * src)
{
  GError *err = NULL;
  TcStepResult r;

  while ((r = tc_source_step (src, &err)) == TC_STEP_OK);
  if (r == TC_STEP_ERROR)
    fail ("step: %s", err->message);
}
