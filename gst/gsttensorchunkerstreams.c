/* GStreamer tensorchunker: caps, source streams and the stream collection
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

#define GST_CAT_DEFAULT gst_tensor_chunker_debug

/*
 * What the source and the outputs look like to GStreamer: the caps of a
 * chunk, the source-streams structures, the GstStreamCollection of the
 * source streams and the URI that stream ids derive from.  Cached when the
 * source opens (under the stream lock, with the source), so that property
 * reads and queries from any thread never touch the core.
 *
 * Locking: the cache (source_streams, default_audio/video, duration,
 * seekable, collection, uri) is under the object lock.
 */

/* Caps */

GstCaps *
gst_tensor_chunker_make_caps (const TcOutputInfo * info, guint n_frames,
    gboolean nhwc)
{
  GstStructure *s;
  GValue dims = G_VALUE_INIT;
  gint fps_n = 0, fps_d = 1;
  guint i;

  gst_value_array_init (&dims, info->n_dims);
  for (i = 0; i < info->n_dims; i++) {
    GValue dim = G_VALUE_INIT;

    g_value_init (&dim, G_TYPE_INT);
    g_value_set_int (&dim, i == 0 ? (gint) n_frames : (gint) info->dims[i]);
    gst_value_array_append_and_take_value (&dims, &dim);
  }

  s = gst_structure_new ("application/x-tensor",
      "type", G_TYPE_STRING, tc_dtype_name (info->dtype), NULL);
  gst_structure_take_value (s, "dims", &dims);
  gst_structure_set (s, "dims-order", G_TYPE_STRING, "row-major", NULL);

  /* framerate is the rate of the chunks, the rate of the frames inside
   * divided by the hop (frames-per-chunk unless the chunks overlap or skip
   * frames); it stays the nominal one for a short chunk. */
  if (info->media_type == TC_MEDIA_AUDIO) {
    if (info->sample_rate > 0)
      gst_util_fraction_multiply (info->sample_rate, 1, 1, info->hop,
          &fps_n, &fps_d);
    gst_structure_set (s, "media", G_TYPE_STRING, "audio",
        "format", G_TYPE_STRING, info->format,
        "rate", G_TYPE_INT, info->sample_rate,
        "channels", G_TYPE_INT, info->channels,
        "framerate", GST_TYPE_FRACTION, fps_n, fps_d, NULL);
  } else {
    gint rate_n = 0, rate_d = 1;

    if (info->frame_rate_n > 0 && info->frame_rate_d > 0) {
      rate_n = info->frame_rate_n;
      rate_d = info->frame_rate_d;
      gst_util_fraction_multiply (rate_n, rate_d, 1, info->hop, &fps_n,
          &fps_d);
    }
    gst_structure_set (s, "media", G_TYPE_STRING, "video",
        "format", G_TYPE_STRING, info->format,
        "layout", G_TYPE_STRING, nhwc ? "nhwc" : "nchw",
        "width", G_TYPE_INT, info->width,
        "height", G_TYPE_INT, info->height,
        "frame-rate", GST_TYPE_FRACTION, rate_n, rate_d,
        "framerate", GST_TYPE_FRACTION, fps_n, fps_d, NULL);
  }

  return gst_caps_new_full (s, NULL);
}


void
gst_tensor_chunker_src_clear_source_info (GstTensorChunkerSrc * self)
{
  if (G_IS_VALUE (&self->source_streams))
    g_value_unset (&self->source_streams);
  gst_value_array_init (&self->source_streams, 0);
  self->default_audio = -1;
  self->default_video = -1;
  g_clear_pointer (&self->metadata, gst_structure_free);
  self->duration = GST_CLOCK_TIME_NONE;
  self->seekable = FALSE;
  gst_clear_object (&self->collection);
  g_clear_pointer (&self->uri, g_free);
}

/* Source information, cached when the source opens so that property reads
 * from any thread never touch the core. */

/* @kv: key, value, ... NULL, as the core gives metadata */
static GstStructure *
gst_tensor_chunker_metadata_structure (const gchar * const *kv)
{
  GstStructure *metadata = gst_structure_new_empty ("metadata");
  guint i;

  for (i = 0; kv && kv[i] && kv[i + 1]; i += 2)
    gst_structure_set (metadata, kv[i], G_TYPE_STRING, kv[i + 1], NULL);
  return metadata;
}

static GstStructure *
gst_tensor_chunker_stream_structure (const TcStreamInfo * info)
{
  GstStructure *s, *metadata;

  metadata = gst_tensor_chunker_metadata_structure ((const gchar * const *)
      info->metadata);

  s = gst_structure_new ("source-stream",
      "index", G_TYPE_INT, info->index,
      "media-type", G_TYPE_STRING, tc_media_type_name (info->media_type),
      "codec", G_TYPE_STRING, info->codec,
      "codec-long-name", G_TYPE_STRING, info->codec_long_name,
      "format", G_TYPE_STRING, info->format,
      "bit-rate", G_TYPE_INT64, info->bit_rate,
      "num-frames", G_TYPE_INT64, info->num_frames,
      "bits-per-sample", G_TYPE_INT, info->bits_per_sample,
      "metadata", GST_TYPE_STRUCTURE, metadata, NULL);
  gst_structure_free (metadata);

  if (info->media_type == TC_MEDIA_AUDIO) {
    gst_structure_set (s, "sample-rate", G_TYPE_INT, info->sample_rate,
        "channels", G_TYPE_INT, info->channels, NULL);
  } else if (info->media_type == TC_MEDIA_VIDEO) {
    gst_structure_set (s, "width", G_TYPE_INT, info->width,
        "height", G_TYPE_INT, info->height,
        "frame-rate", GST_TYPE_FRACTION, info->frame_rate_n,
        info->frame_rate_d > 0 ? info->frame_rate_d : 1, NULL);
  }

  return s;
}

static GstStream *
gst_tensor_chunker_source_stream_new (const gchar * upstream_id,
    const TcStreamInfo * info)
{
  GstStreamType type = GST_STREAM_TYPE_UNKNOWN;
  GstTagList *tags;
  GstStream *stream;
  const gchar *codec;
  gchar *stream_id;

  switch (info->media_type) {
    case TC_MEDIA_AUDIO:
      type = GST_STREAM_TYPE_AUDIO;
      break;
    case TC_MEDIA_VIDEO:
      type = GST_STREAM_TYPE_VIDEO;
      break;
    case TC_MEDIA_SUBTITLE:
      type = GST_STREAM_TYPE_TEXT;
      break;
    default:
      break;
  }

  stream_id = upstream_id ? g_strdup_printf ("%s/source_%d", upstream_id,
      info->index) : g_strdup_printf ("source_%d", info->index);
  stream = gst_stream_new (stream_id, NULL, type, GST_STREAM_FLAG_NONE);
  g_free (stream_id);

  tags = gst_tag_list_new_empty ();
  codec = info->codec_long_name ? info->codec_long_name : info->codec;
  if (codec != NULL) {
    gst_tag_list_add (tags, GST_TAG_MERGE_REPLACE,
        type == GST_STREAM_TYPE_AUDIO ? GST_TAG_AUDIO_CODEC :
        type == GST_STREAM_TYPE_VIDEO ? GST_TAG_VIDEO_CODEC : GST_TAG_CODEC,
        codec, NULL);
  }
  if (info->bit_rate > 0 && info->bit_rate <= G_MAXUINT)
    gst_tag_list_add (tags, GST_TAG_MERGE_REPLACE, GST_TAG_BITRATE,
        (guint) info->bit_rate, NULL);
  gst_stream_set_tags (stream, tags);
  gst_tag_list_unref (tags);

  return stream;
}

static gchar *
gst_tensor_chunker_location_to_uri (const gchar * location)
{
  if (gst_uri_is_valid (location))
    return g_strdup (location);
  if (g_file_test (location, G_FILE_TEST_EXISTS))
    return gst_filename_to_uri (location, NULL);
  /* a device name or a lavfi graph: no URI to give */
  return NULL;
}

/* Called with the stream lock, the source open. */
void
gst_tensor_chunker_src_cache_source_info (GstTensorChunkerSrc * self)
{
  GValue streams = G_VALUE_INIT;
  GstStreamCollection *collection;
  GstStructure *metadata;
  gchar *uri, *upstream_id = NULL;
  gchar **kv;
  gint64 duration;
  guint i, n;

  if (self->byte_stream)
    uri = g_strdup (self->upstream_uri);
  else
    uri = gst_tensor_chunker_location_to_uri (self->location);
  if (uri != NULL)
    upstream_id = g_compute_checksum_for_string (G_CHECKSUM_SHA256, uri, -1);

  n = tc_source_n_streams (self->source);
  gst_value_array_init (&streams, n);
  collection = gst_stream_collection_new (upstream_id);
  for (i = 0; i < n; i++) {
    const TcStreamInfo *info = tc_source_get_stream_info (self->source, i);
    GValue v = G_VALUE_INIT;

    g_value_init (&v, GST_TYPE_STRUCTURE);
    g_value_take_boxed (&v, gst_tensor_chunker_stream_structure (info));
    gst_value_array_append_and_take_value (&streams, &v);
    gst_stream_collection_add_stream (collection,
        gst_tensor_chunker_source_stream_new (upstream_id, info));
  }
  g_free (upstream_id);
  duration = tc_source_duration (self->source);
  kv = tc_source_metadata (self->source);
  metadata = gst_tensor_chunker_metadata_structure ((const gchar * const *) kv);
  g_strfreev (kv);

  GST_OBJECT_LOCK (self);
  gst_tensor_chunker_src_clear_source_info (self);
  g_value_unset (&self->source_streams);
  self->source_streams = streams;
  self->default_audio = tc_source_default_stream (self->source, TC_MEDIA_AUDIO);
  self->default_video = tc_source_default_stream (self->source, TC_MEDIA_VIDEO);
  self->metadata = metadata;
  self->duration = duration != TC_TIME_NONE ? time_from_tc (duration) :
      GST_CLOCK_TIME_NONE;
  self->seekable = tc_source_is_seekable (self->source);
  self->collection = collection;
  self->uri = uri;
  GST_OBJECT_UNLOCK (self);
}
