/* GStreamer tensorchunker: opening the source: a location or a byte stream
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
 *
 * You should have received a copy of the GNU Library General Public
 * License along with this library; if not, write to the
 * Free Software Foundation, Inc., 51 Franklin St, Fifth Floor,
 * Boston, MA 02110-1301, USA.
 */


#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gsttensorchunkersrcpriv.h"
#include "gsttensorchunkerbytestream.h"

#define GST_CAT_DEFAULT gst_tensor_chunker_debug

/*
 * Opening the source: a location (at NULL->READY, opened again at
 * READY->PAUSED when a run read from it), or the byte stream of the sink
 * pad (see gsttensorchunkerbytestream.c): opened at READY->PAUSED when
 * upstream can be pulled, or by the streaming thread as the first thing it
 * does when upstream pushes; then the bin's opened function configures the
 * outputs.  Also the source-wide settings the bin hands over at
 * READY->PAUSED (live, decode-ahead, last-chunk), and the errors of the
 * source, posted on the bin.
 *
 * Locking: all of it under the stream lock, which guards the source and
 * the settings it was opened with (location, format, options, byte_stream,
 * consumed, last_chunk, realtime); the object lock for live, which the
 * queries read.
 */

/* Posts @error (a core error) on the bin.  For a byte stream, says what
 * upstream has to do with it. */
void
gst_tensor_chunker_src_post_error (GstTensorChunkerSrc * self, GError * error)
{
  GstElement *element = GST_ELEMENT_PARENT (self) ?
      GST_ELEMENT_PARENT (self) : GST_ELEMENT (self);
  gchar *message = NULL;

  if (self->byte_stream && g_error_matches (error, TC_ERROR, TC_ERROR_SEEK)
      && gst_tensor_chunker_byte_stream_get_mode (self->bytes) ==
      GST_PAD_MODE_PUSH) {
    const gchar *demuxer = tc_source_format_name (self->source);

    message = g_strdup_printf ("%s%s%s needs a seekable input; upstream only "
        "pushes (the %s%sdemuxer had to seek back in it, as for an MP4 with "
        "its index at the end): give tensorchunker an upstream it can pull "
        "from (filesrc, without a queue between), or a file that plays as a "
        "stream (for MP4: ffmpeg -movflags +faststart)",
        self->upstream_uri ? "'" : "", self->upstream_uri ?
        self->upstream_uri : "The byte stream", self->upstream_uri ? "'" : "",
        demuxer ? demuxer : "", demuxer ? " " : "");
  } else if (self->byte_stream &&
      gst_tensor_chunker_byte_stream_upstream_flushed (self->bytes)) {
    message = g_strdup_printf ("Upstream flushed the byte stream, and "
        "tensorchunker cannot go on reading it from where upstream "
        "continues: set the pipeline to READY and back to read it again (%s)",
        error->message);
  }
  if (message != NULL) {
    g_free (error->message);
    error->message = message;
  }
  GST_TENSOR_CHUNKER_POST_ERROR (element, error);
}

/* Called with the stream lock, the sink pad active: opens the source from
 * the byte stream (in READY->PAUSED when upstream can be pulled, in the
 * streaming thread when it pushes, where the open waits for the data),
 * then lets the bin configure the outputs. */
gboolean
gst_tensor_chunker_src_open_byte_stream (GstTensorChunkerSrc * self,
    GError ** error)
{
  gboolean pull;
  gchar *uri, *name_hint = NULL;

  pull = gst_tensor_chunker_byte_stream_get_mode (self->bytes) ==
      GST_PAD_MODE_PULL;
  /* The URI helps FFmpeg probe (by the extension) and is where the URLs a
   * playlist names are resolved against, and which protocols it may use. */
  uri = gst_tensor_chunker_byte_stream_query_uri (self->bytes);
  if (uri != NULL && g_str_has_prefix (uri, "file:"))
    name_hint = g_filename_from_uri (uri, NULL, NULL);
  if (name_hint == NULL)
    name_hint = g_strdup (uri);

  GST_DEBUG_OBJECT (self, "opening the byte stream in %s mode, as %s (format "
      "%s)", pull ? "pull" : "push", GST_STR_NULL (name_hint),
      GST_STR_NULL (self->format));
  g_free (self->upstream_uri);
  self->upstream_uri = uri;
  if (!tc_source_open_io (self->source, gst_tensor_chunker_byte_stream_read,
          pull ? gst_tensor_chunker_byte_stream_seek : NULL, self->bytes,
          name_hint, self->format, (const gchar * const *) self->options,
          error))
    goto failed;

  gst_tensor_chunker_src_cache_source_info (self);
  if (self->opened_func != NULL
      && !self->opened_func (self, self->opened_data, error))
    goto failed;

  g_free (name_hint);
  return TRUE;

failed:
  {
    g_free (name_hint);
    return FALSE;
  }
}

/* At READY->PAUSED: opens a byte stream that upstream lets us pull. */
gboolean
gst_tensor_chunker_src_open_pulled (GstTensorChunkerSrc * self)
{
  GError *error = NULL;
  gboolean ok = TRUE;

  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  if (self->byte_stream && gst_tensor_chunker_byte_stream_get_mode
      (self->bytes) == GST_PAD_MODE_PULL) {
    ok = gst_tensor_chunker_src_open_byte_stream (self, &error);
    if (!ok) {
      gst_tensor_chunker_src_post_error (self, error);
      g_clear_error (&error);
    }
  }
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);

  return ok;
}

/* Public, for the bin */

/**
 * gst_tensor_chunker_src_open:
 *
 * Opens @location (closing what was open), and caches its streams.  Called
 * by the bin at NULL->READY, and again at READY->PAUSED when the location,
 * format or options changed in READY.
 */
gboolean
gst_tensor_chunker_src_open (GstTensorChunkerSrc * self,
    const gchar * location, const gchar * format,
    const gchar * const *options, GError ** error)
{
  gboolean ok;

  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  if (tc_source_is_open (self->source))
    gst_tensor_chunker_src_close (self);

  GST_DEBUG_OBJECT (self, "opening %s (format %s)", location,
      GST_STR_NULL (format));
  self->byte_stream = FALSE;
  ok = tc_source_open (self->source, location, format, options, error);
  if (ok) {
    g_free (self->location);
    self->location = g_strdup (location);
    g_free (self->format);
    self->format = g_strdup (format);
    g_strfreev (self->options);
    self->options = g_strdupv ((gchar **) options);
    self->consumed = FALSE;
    gst_tensor_chunker_src_cache_source_info (self);
  }
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);

  return ok;
}

/**
 * gst_tensor_chunker_src_use_byte_stream:
 * @format: (nullable): the input format, as for a location
 * @options: (nullable): the input options, as for a location
 *
 * Reads the byte stream of the sink pad instead of a location, from the
 * next READY->PAUSED on: the source opens then, or when the data arrives,
 * and the opened function configures the outputs.  Called by the bin at
 * NULL->READY (or READY->PAUSED when the source settings changed in
 * READY).
 */
void
gst_tensor_chunker_src_use_byte_stream (GstTensorChunkerSrc * self,
    const gchar * format, const gchar * const *options)
{
  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  if (tc_source_is_open (self->source))
    gst_tensor_chunker_src_close (self);
  self->byte_stream = TRUE;
  g_clear_pointer (&self->location, g_free);
  g_free (self->format);
  self->format = g_strdup (format);
  g_strfreev (self->options);
  self->options = g_strdupv ((gchar **) options);
  self->consumed = FALSE;
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
}

/**
 * gst_tensor_chunker_src_set_opened_func:
 *
 * Sets the function called, with the stream lock held, when a byte stream
 * has opened: in READY->PAUSED or in the streaming thread.  It configures
 * the outputs; its error is posted.
 */
void
gst_tensor_chunker_src_set_opened_func (GstTensorChunkerSrc * self,
    GstTensorChunkerSrcOpenedFunc func, gpointer user_data)
{
  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  self->opened_func = func;
  self->opened_data = user_data;
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
}

void
gst_tensor_chunker_src_close (GstTensorChunkerSrc * self)
{
  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  gst_tensor_chunker_src_unconfigure_outputs (self);
  tc_source_close (self->source);
  GST_OBJECT_LOCK (self);
  gst_tensor_chunker_src_clear_source_info (self);
  GST_OBJECT_UNLOCK (self);
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
}

/**
 * gst_tensor_chunker_src_rewind:
 *
 * Makes the next run start from the beginning if a previous one read from
 * the source, by opening it again: a seek to 0 would not give the same
 * chunks as a fresh open (decoders and filters start from another
 * history, the key frame lands where it lands).  Called by the bin at
 * READY->PAUSED, before the outputs are configured.
 */
gboolean
gst_tensor_chunker_src_rewind (GstTensorChunkerSrc * self, GError ** error)
{
  gboolean ok = TRUE;

  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  if (self->consumed) {
    GST_DEBUG_OBJECT (self, "rewinding: opening %s again", self->location);
    tc_source_close (self->source);
    ok = tc_source_open (self->source, self->location, self->format,
        (const gchar * const *) self->options, error);
    self->consumed = !ok;
  }
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);

  return ok;
}

/**
 * gst_tensor_chunker_src_set_live:
 * @is_live: the element's is-live property
 *
 * Called by the bin at READY->PAUSED, the source open: a capture device is
 * live whatever @is_live says; another source read as live is read in real
 * time.
 *
 * Returns: whether the source runs live.
 */
gboolean
gst_tensor_chunker_src_set_live (GstTensorChunkerSrc * self, gboolean is_live)
{
  gboolean device, live;

  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  device = tc_source_is_device (self->source);
  live = is_live || device;
  self->realtime = live && !device;
  tc_source_set_realtime (self->source, self->realtime);
  GST_OBJECT_LOCK (self);
  self->live = live;
  GST_OBJECT_UNLOCK (self);
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);

  GST_DEBUG_OBJECT (self, "%s%s", live ? "live" : "not live", device ?
      " (a capture device)" : self->realtime ? " (read in real time)" : "");
  return live;
}

void
gst_tensor_chunker_src_set_decode_ahead (GstTensorChunkerSrc * self,
    guint frames)
{
  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  tc_source_set_decode_ahead (self->source, frames);
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
}

void
gst_tensor_chunker_src_set_last_chunk (GstTensorChunkerSrc * self,
    GstTensorChunkerLastChunk last_chunk)
{
  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  self->last_chunk = last_chunk;
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
}
