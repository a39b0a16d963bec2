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

/* What to open, as the settings say: a snapshot taken under the object
 * lock, for use under the stream lock. */
typedef struct
{
  gchar *location;
  gchar *format;
  gchar **options;              /* with the protocols, for the core */
} GstTensorChunkerWhat;

static void
gst_tensor_chunker_what_get (GstTensorChunkerSrc * self,
    GstTensorChunkerWhat * what)
{
  GST_OBJECT_LOCK (self);
  what->location = g_strdup (self->location);
  what->format = g_strdup (self->format);
  what->options = gst_tensor_chunker_src_core_options (self);
  GST_OBJECT_UNLOCK (self);
}

static void
gst_tensor_chunker_what_clear (GstTensorChunkerWhat * what)
{
  g_free (what->location);
  g_free (what->format);
  g_strfreev (what->options);
}

/* Posts @error (a core error) on the bin.  For a byte stream, says what
 * upstream has to do with it. */
void
gst_tensor_chunker_src_post_error (GstTensorChunkerSrc * self, GError * error)
{
  GstElement *bin;
  gchar *message = NULL, *failure = NULL;

  if (self->byte_stream && g_error_matches (error, TC_ERROR, TC_ERROR_SEEK))
    failure = gst_tensor_chunker_byte_stream_seek_failure (self->bytes);
  if (failure != NULL) {
    message = g_strdup_printf ("%s%s%s: %s (%s)", self->upstream_uri ? "'" :
        "", self->upstream_uri ? self->upstream_uri : "The byte stream",
        self->upstream_uri ? "'" : "", failure, error->message);
    g_free (failure);
  } else if (self->byte_stream && g_error_matches (error, TC_ERROR,
          TC_ERROR_SEEK) && gst_tensor_chunker_byte_stream_get_mode
      (self->bytes) == GST_PAD_MODE_PUSH) {
    const gchar *demuxer = tc_source_format_name (self->source);

    message = g_strdup_printf ("%s%s%s needs a seekable input; upstream only "
        "pushes (the %s%sdemuxer had to seek back in it, as for an MP4 with "
        "its index at the end): give tensorchunker an upstream that seeks "
        "(filesrc, appsrc stream-type=seekable, souphttpsrc with range "
        "requests), or a file that plays as a stream (for MP4: ffmpeg "
        "-movflags +faststart)",
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
  bin = gst_tensor_chunker_src_get_bin (self);
  GST_TENSOR_CHUNKER_POST_ERROR (bin, error);
  gst_object_unref (bin);
}

/* Called with the stream lock, the sink pad active: opens the source from
 * the byte stream (in READY->PAUSED when upstream can be pulled, in the
 * streaming thread when it pushes, where the open waits for the data),
 * then lets the bin configure the outputs. */
gboolean
gst_tensor_chunker_src_open_byte_stream (GstTensorChunkerSrc * self,
    GError ** error)
{
  GstTensorChunkerWhat what;
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

  gst_tensor_chunker_what_get (self, &what);

  GST_DEBUG_OBJECT (self, "opening the byte stream in %s mode, as %s (format "
      "%s)", pull ? "pull" : "push", GST_STR_NULL (name_hint),
      GST_STR_NULL (what.format));
  g_free (self->upstream_uri);
  self->upstream_uri = uri;
  /* pushed, the core seeks only when upstream takes BYTES seeks */
  if (!tc_source_open_io (self->source, gst_tensor_chunker_byte_stream_read,
          gst_tensor_chunker_byte_stream_can_seek (self->bytes) ?
          gst_tensor_chunker_byte_stream_seek : NULL, self->bytes,
          name_hint, what.format, (const gchar * const *) what.options,
          error))
    goto failed;

  gst_tensor_chunker_src_cache_source_info (self);
  gst_tensor_chunker_src_announce (self);
  if (!gst_tensor_chunker_src_configure_outputs (self, error))
    goto failed;

  g_free (name_hint);
  gst_tensor_chunker_what_clear (&what);
  return TRUE;

failed:
  {
    g_free (name_hint);
    gst_tensor_chunker_what_clear (&what);
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

/* Posts the source's stream collection on the bin (a source opened, or an
 * output joined the running ones). */
void
gst_tensor_chunker_src_post_collection (GstTensorChunkerSrc * self)
{
  GstStreamCollection *collection = NULL;
  GstElement *bin;

  GST_OBJECT_LOCK (self);
  if (self->collection)
    collection = gst_object_ref (self->collection);
  GST_OBJECT_UNLOCK (self);

  if (collection != NULL) {
    bin = gst_tensor_chunker_src_get_bin (self);
    gst_element_post_message (bin,
        gst_message_new_stream_collection (GST_OBJECT (bin), collection));
    gst_object_unref (bin);
    gst_object_unref (collection);
  }
}

/* Posts the collection of the source just opened on the bin, and says
 * that source-streams and metadata changed (the bin relays them). */
void
gst_tensor_chunker_src_announce (GstTensorChunkerSrc * self)
{
  gst_tensor_chunker_src_post_collection (self);
  g_object_notify (G_OBJECT (self), "source-streams");
  g_object_notify (G_OBJECT (self), "metadata");
}

/* Whether an upstream element is linked to the sink pad: through the
 * bin's sink pad, which ghosts it, when in a bin. */
static gboolean
gst_tensor_chunker_src_upstream_linked (GstTensorChunkerSrc * self)
{
  GstPad *peer, *ghost = NULL;
  gboolean linked;

  peer = gst_pad_get_peer (self->sinkpad);
  if (peer == NULL)
    return FALSE;
  if (GST_IS_PROXY_PAD (peer))
    ghost = GST_PAD_CAST (gst_proxy_pad_get_internal (GST_PROXY_PAD (peer)));
  linked = !GST_IS_GHOST_PAD (ghost) || gst_pad_is_linked (ghost);
  gst_clear_object (&ghost);
  gst_object_unref (peer);
  return linked;
}

/* Called with the stream lock, the source closed: opens @location, or
 * without one, and upstream linked, makes the next run read upstream's
 * byte stream, which opens at READY->PAUSED or when its data arrives.
 * Posts what went wrong. */
static gboolean
gst_tensor_chunker_src_open_location (GstTensorChunkerSrc * self,
    const GstTensorChunkerWhat * what)
{
  const gchar *location = what->location;
  gboolean upstream = gst_tensor_chunker_src_upstream_linked (self);
  GError *error = NULL;
  GstElement *bin = gst_tensor_chunker_src_get_bin (self);
  gboolean ok = FALSE;

  self->consumed = FALSE;
  self->byte_stream = location == NULL && upstream;
  if (self->byte_stream) {
    GST_DEBUG_OBJECT (self, "no location: reading upstream's byte stream");
    ok = TRUE;
  } else if (location == NULL) {
    GST_ELEMENT_ERROR (bin, RESOURCE, NOT_FOUND, ("No location set"),
        ("set the location property to a file, URL, device or graph, or "
            "link the sink pad to read upstream's bytes"));
  } else if (upstream) {
    GST_ELEMENT_ERROR (bin, RESOURCE, SETTINGS,
        ("Both a location (%s) and an upstream element linked to the sink "
            "pad: tensorchunker reads one source; unset location to read "
            "upstream's bytes, or unlink the sink pad", location), (NULL));
  } else {
    GST_DEBUG_OBJECT (self, "opening %s (format %s)", location,
        GST_STR_NULL (what->format));
    ok = tc_source_open (self->source, location, what->format,
        (const gchar * const *) what->options, &error);
    if (ok)
      gst_tensor_chunker_src_cache_source_info (self);
    else
      GST_TENSOR_CHUNKER_POST_ERROR (bin, error);
  }
  g_clear_error (&error);
  gst_object_unref (bin);
  return ok;
}

/**
 * gst_tensor_chunker_src_open:
 *
 * Opens what the settings say (closing what was open) and caches its
 * streams; posts its errors on the bin.  Called by the bin at NULL->READY,
 * and at READY->PAUSED when the location, format, options or protocols
 * changed in READY.
 */
gboolean
gst_tensor_chunker_src_open (GstTensorChunkerSrc * self)
{
  GstTensorChunkerWhat what;
  gboolean ok;

  GST_OBJECT_LOCK (self);
  self->source_changed = FALSE;
  GST_OBJECT_UNLOCK (self);
  gst_tensor_chunker_what_get (self, &what);

  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  if (tc_source_is_open (self->source))
    gst_tensor_chunker_src_close (self);
  ok = gst_tensor_chunker_src_open_location (self, &what);
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
  /* a byte stream announces itself once it opened */
  if (ok && what.location != NULL)
    gst_tensor_chunker_src_announce (self);

  gst_tensor_chunker_what_clear (&what);
  return ok;
}

void
gst_tensor_chunker_src_close (GstTensorChunkerSrc * self)
{
  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  gst_tensor_chunker_src_unprepare (self);
  tc_source_close (self->source);
  GST_OBJECT_LOCK (self);
  gst_tensor_chunker_src_clear_source_info (self);
  GST_OBJECT_UNLOCK (self);
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
}

/* Called with the stream lock.  Makes the next run start from the
 * beginning if a previous one read from the source, by opening it again:
 * a seek to 0 would not give the same chunks as a fresh open (decoders and
 * filters start from another history, the key frame lands where it
 * lands).  The settings are those it was opened with: a change would have
 * opened it anew. */
static gboolean
gst_tensor_chunker_src_rewind (GstTensorChunkerSrc * self, GError ** error)
{
  GstTensorChunkerWhat what;
  gboolean ok;

  gst_tensor_chunker_what_get (self, &what);
  GST_DEBUG_OBJECT (self, "rewinding: opening %s again", what.location);
  tc_source_close (self->source);
  ok = tc_source_open (self->source, what.location, what.format,
      (const gchar * const *) what.options, error);
  self->consumed = !ok;

  gst_tensor_chunker_what_clear (&what);
  return ok;
}

/* Called with the stream lock, the source open (or a byte stream to come):
 * applies the settings of a run.  A capture device is live whatever
 * is-live says; another source read as live is read in real time.
 * Returns: whether the source runs live. */
static gboolean
gst_tensor_chunker_src_apply_settings (GstTensorChunkerSrc * self)
{
  gboolean device, live;
  guint decode_ahead;

  GST_OBJECT_LOCK (self);
  decode_ahead = self->decode_ahead;
  live = self->is_live;
  GST_OBJECT_UNLOCK (self);

  tc_source_set_decode_ahead (self->source, decode_ahead);
  device = tc_source_is_device (self->source);
  live = live || device;
  self->realtime = live && !device;
  tc_source_set_realtime (self->source, self->realtime);
  GST_OBJECT_LOCK (self);
  self->live = live;
  GST_OBJECT_UNLOCK (self);

  GST_DEBUG_OBJECT (self, "%s%s", live ? "live" : "not live", device ?
      " (a capture device)" : self->realtime ? " (read in real time)" : "");
  return live;
}

/* Called with the stream lock at READY->PAUSED: rewinds, applies the
 * settings, creates the outputs (a byte stream, which opens later, only
 * freezes their settings). */
static gboolean
gst_tensor_chunker_src_prepare_locked (GstTensorChunkerSrc * self,
    gboolean reopened, gboolean * live, GError ** error)
{
  gboolean ok = TRUE;

  /* a byte stream is new on every run */
  if (!reopened && !self->byte_stream && self->consumed)
    ok = gst_tensor_chunker_src_rewind (self, error);
  if (ok)
    *live = gst_tensor_chunker_src_apply_settings (self);
  if (ok && self->byte_stream)
    gst_tensor_chunker_src_freeze_outputs (self);
  else if (ok)
    ok = gst_tensor_chunker_src_configure_outputs (self, error);
  return ok;
}

/**
 * gst_tensor_chunker_src_prepare:
 * @live: (out): whether the source runs live
 *
 * Called by the bin at READY->PAUSED, before the children change state:
 * opens the source again if its settings changed in READY (or rewinds it),
 * applies the run's settings and creates the outputs, freezing their
 * settings.  Posts what went wrong, and then leaves the outputs as they
 * were.
 */
gboolean
gst_tensor_chunker_src_prepare (GstTensorChunkerSrc * self, gboolean * live)
{
  GError *error = NULL;
  GstElement *bin;
  gboolean reopen, ok;

  GST_OBJECT_LOCK (self);
  reopen = self->source_changed;
  GST_OBJECT_UNLOCK (self);

  *live = FALSE;
  ok = !reopen || gst_tensor_chunker_src_open (self);
  if (ok) {
    GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
    ok = gst_tensor_chunker_src_prepare_locked (self, reopen, live, &error);
    GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
    if (!ok) {
      bin = gst_tensor_chunker_src_get_bin (self);
      GST_TENSOR_CHUNKER_POST_ERROR (bin, error);
      gst_object_unref (bin);
      g_clear_error (&error);
    }
  }
  if (!ok)
    gst_tensor_chunker_src_unprepare (self);
  return ok;
}
