/* GStreamer tensorchunker: the source settings, owned by the internal source
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

/*
 * The source settings (location, format, options, protocols, is-live,
 * last-chunk, decode-ahead) and the source information (source-streams,
 * default-audio-stream, default-video-stream) are properties of the
 * internal source element, which alone owns them.  The bin installs the
 * same properties with gst_tensor_chunker_src_install_properties() and
 * forwards them by name.
 *
 * Locking: the settings are under the element's object lock.  The source
 * reads them when it opens (NULL->READY, or READY->PAUSED when one
 * changed in READY: source_changed) and when a run starts.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gsttensorchunkersrcpriv.h"

#define GST_CAT_DEFAULT gst_tensor_chunker_debug

#define DEFAULT_LOCATION    NULL
#define DEFAULT_FORMAT      NULL
#define DEFAULT_PROTOCOLS   NULL
#define DEFAULT_IS_LIVE     FALSE
#define DEFAULT_LAST_CHUNK  GST_TENSOR_CHUNKER_LAST_CHUNK_SHORT
#define DEFAULT_DECODE_AHEAD GST_TENSOR_CHUNKER_SRC_DEFAULT_DECODE_AHEAD

/**
 * gst_tensor_chunker_src_install_properties:
 * @klass: the class of the bin or of its source element
 *
 * Installs the source properties with the ids of
 * GstTensorChunkerSrcProperty.
 */
void
gst_tensor_chunker_src_install_properties (GObjectClass * klass)
{
  /**
   * GstTensorChunker:location:
   *
   * What to open: a path, a URL (http, https, hls, rtmp, rtsp...), a device
   * name, or a lavfi graph.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass, GST_TENSOR_CHUNKER_SRC_PROP_LOCATION,
      g_param_spec_string ("location", "Location",
          "What to open: a path, a URL, a device name or a lavfi graph",
          DEFAULT_LOCATION, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstTensorChunker:format:
   *
   * The FFmpeg input format or device, as ffmpeg's -f: s16le, lavfi,
   * x11grab, pulse, alsa, v4l2...  %NULL probes the format.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass, GST_TENSOR_CHUNKER_SRC_PROP_FORMAT,
      g_param_spec_string ("format", "Format",
          "FFmpeg input format or device, as ffmpeg -f (NULL: probe)",
          DEFAULT_FORMAT, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstTensorChunker:options:
   *
   * Options for the format, protocol or device, as ffmpeg's input options,
   * e.g. `options,sample_rate=(string)16000`.  An option nobody consumed is
   * an error that names it.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass, GST_TENSOR_CHUNKER_SRC_PROP_OPTIONS,
      g_param_spec_boxed ("options", "Options",
          "Options for the input format, protocol or device, as ffmpeg's "
          "input options", GST_TYPE_STRUCTURE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstTensorChunker:protocols:
   *
   * The protocols the source may open, comma-separated (FFmpeg's
   * protocol_whitelist), for the location and for every URL it names:
   * playlist variants, segments, keys, redirects.  %NULL: the location's
   * own protocol and http,https,tls,tcp,crypto, plus file only when the
   * location is a local file, so that a playlist fetched over the network
   * cannot make FFmpeg read local files or switch to other protocols.  A
   * URL the list refuses ends in a RESOURCE NOT_AUTHORIZED error naming
   * it.
   */
  g_object_class_install_property (klass, GST_TENSOR_CHUNKER_SRC_PROP_PROTOCOLS,
      g_param_spec_string ("protocols", "Protocols",
          "Protocols the source may open, comma-separated, as FFmpeg's "
          "protocol_whitelist (NULL: the location's own, http,https,tls,tcp,"
          "crypto, and file only for a local location)", DEFAULT_PROTOCOLS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstTensorChunker:is-live:
   *
   * Treat the source as live: a network stream, or a lavfi graph or file
   * to be read in real time.  A capture device is live whatever this says.
   * A live source produces chunks only in PLAYING, timestamped with the
   * running time of their capture, answers latency queries, and drops an
   * output's oldest chunk when buffer-chunk-size chunks wait for the
   * consumer; a source that is not a device is read no faster than real
   * time.  See the live section of the documentation.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass, GST_TENSOR_CHUNKER_SRC_PROP_IS_LIVE,
      g_param_spec_boolean ("is-live", "Is live",
          "Treat the source as live (capture devices always are): read it in "
          "real time, only in PLAYING, and drop the oldest chunk of a full "
          "output", DEFAULT_IS_LIVE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstTensorChunker:last-chunk:
   *
   * What the final chunk of an output becomes when it holds fewer than
   * frames-per-chunk frames.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass,
      GST_TENSOR_CHUNKER_SRC_PROP_LAST_CHUNK,
      g_param_spec_enum ("last-chunk", "Last chunk",
          "What a short final chunk becomes",
          GST_TYPE_TENSOR_CHUNKER_LAST_CHUNK, DEFAULT_LAST_CHUNK,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstTensorChunker:decode-ahead:
   *
   * How many decoded frames a thread of the element may decode ahead of
   * the filters, so that decoding runs beside filtering, copying into
   * chunks and pushing.  The chunks are the same either way; 0 decodes in
   * the streaming thread.  A capture device, or a source read in real time
   * (#GstTensorChunker:is-live), always decodes in the streaming thread:
   * its timing is taken where it is read.  Each frame held costs its
   * decoded size (3 MB for 1080p YUV 4:2:0).
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass,
      GST_TENSOR_CHUNKER_SRC_PROP_DECODE_AHEAD,
      g_param_spec_uint ("decode-ahead", "Decode ahead",
          "Decoded frames a decoding thread may hold ahead of the filters "
          "(0: decode in the streaming thread)", 0, 1024,
          DEFAULT_DECODE_AHEAD,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstTensorChunker:stream-objects:
   *
   * Whether each output's stream-start event carries its #GstStream and the
   * #GstStreamCollection is sent downstream (it is posted on the bus either
   * way).  Set it to %FALSE before a transport that serialises events as
   * text: gdpdepay cannot re-create an event that holds an object, and
   * fails on them (`tensorchunker stream-objects=false ... ! gdppay !
   * tcpserversink`).
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass,
      GST_TENSOR_CHUNKER_SRC_PROP_STREAM_OBJECTS,
      g_param_spec_boolean ("stream-objects", "Stream objects",
          "Put each output's GstStream in its stream-start event and send "
          "the stream collection downstream (FALSE for gdppay, which "
          "cannot carry objects)", TRUE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstTensorChunker:source-streams:
   *
   * One #GstStructure per source stream, valid once the source is open
   * (READY): index, media-type, codec, codec-long-name, format, bit-rate,
   * num-frames, bits-per-sample, metadata (a #GstStructure), and
   * sample-rate and channels, or width, height and frame-rate.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass,
      GST_TENSOR_CHUNKER_SRC_PROP_SOURCE_STREAMS,
      gst_param_spec_array ("source-streams", "Source streams",
          "The streams of the source, once it is open (READY)",
          g_param_spec_boxed ("source-stream", "Source stream",
              "One stream of the source", GST_TYPE_STRUCTURE,
              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS),
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * GstTensorChunker:metadata:
   *
   * The container's metadata (title, artist, encoder, creation_time...) as
   * FFmpeg reads it, one string field per key; valid once the source is
   * open (READY), %NULL before.  Each stream's own metadata is in
   * #GstTensorChunker:source-streams.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass,
      GST_TENSOR_CHUNKER_SRC_PROP_METADATA,
      g_param_spec_boxed ("metadata", "Metadata",
          "The container's metadata, once the source is open (READY)",
          GST_TYPE_STRUCTURE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * GstTensorChunker:default-audio-stream:
   *
   * The index of FFmpeg's best audio stream, valid once the source is open
   * (READY); -1 when it has none.  An `audio_%u` pad whose
   * #GstTensorChunkerPad:stream-index is -1 reads it.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass,
      GST_TENSOR_CHUNKER_SRC_PROP_DEFAULT_AUDIO_STREAM,
      g_param_spec_int ("default-audio-stream", "Default audio stream",
          "Index of FFmpeg's best audio stream, -1 when none (or not open)",
          -1, G_MAXINT, -1, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * GstTensorChunker:default-video-stream:
   *
   * The index of FFmpeg's best video stream, valid once the source is open
   * (READY); -1 when it has none.  A `video_%u` pad whose
   * #GstTensorChunkerPad:stream-index is -1 reads it.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass,
      GST_TENSOR_CHUNKER_SRC_PROP_DEFAULT_VIDEO_STREAM,
      g_param_spec_int ("default-video-stream", "Default video stream",
          "Index of FFmpeg's best video stream, -1 when none (or not open)",
          -1, G_MAXINT, -1, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

}

void
gst_tensor_chunker_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstTensorChunkerSrc *self = GST_TENSOR_CHUNKER_SRC (object);
  gboolean source = TRUE;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case GST_TENSOR_CHUNKER_SRC_PROP_LOCATION:
      g_free (self->location);
      self->location = g_value_dup_string (value);
      break;
    case GST_TENSOR_CHUNKER_SRC_PROP_FORMAT:
      g_free (self->format);
      self->format = g_value_dup_string (value);
      break;
    case GST_TENSOR_CHUNKER_SRC_PROP_OPTIONS:
      if (self->options)
        gst_structure_free (self->options);
      self->options = g_value_dup_boxed (value);
      break;
    case GST_TENSOR_CHUNKER_SRC_PROP_PROTOCOLS:
      g_free (self->protocols);
      self->protocols = g_value_dup_string (value);
      break;
    case GST_TENSOR_CHUNKER_SRC_PROP_IS_LIVE:
      self->is_live = g_value_get_boolean (value);
      source = FALSE;
      break;
    case GST_TENSOR_CHUNKER_SRC_PROP_LAST_CHUNK:
      self->last_chunk = g_value_get_enum (value);
      source = FALSE;
      break;
    case GST_TENSOR_CHUNKER_SRC_PROP_DECODE_AHEAD:
      self->decode_ahead = g_value_get_uint (value);
      source = FALSE;
      break;
    case GST_TENSOR_CHUNKER_SRC_PROP_STREAM_OBJECTS:
      self->stream_objects = g_value_get_boolean (value);
      source = FALSE;
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      source = FALSE;
      break;
  }
  /* what to open changed after it was opened: open it again at
   * READY->PAUSED */
  if (source)
    self->source_changed = GST_STATE (self) == GST_STATE_READY;
  GST_OBJECT_UNLOCK (self);
}

void
gst_tensor_chunker_src_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstTensorChunkerSrc *self = GST_TENSOR_CHUNKER_SRC (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case GST_TENSOR_CHUNKER_SRC_PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case GST_TENSOR_CHUNKER_SRC_PROP_FORMAT:
      g_value_set_string (value, self->format);
      break;
    case GST_TENSOR_CHUNKER_SRC_PROP_OPTIONS:
      g_value_set_boxed (value, self->options);
      break;
    case GST_TENSOR_CHUNKER_SRC_PROP_PROTOCOLS:
      g_value_set_string (value, self->protocols);
      break;
    case GST_TENSOR_CHUNKER_SRC_PROP_IS_LIVE:
      g_value_set_boolean (value, self->is_live);
      break;
    case GST_TENSOR_CHUNKER_SRC_PROP_LAST_CHUNK:
      g_value_set_enum (value, self->last_chunk);
      break;
    case GST_TENSOR_CHUNKER_SRC_PROP_DECODE_AHEAD:
      g_value_set_uint (value, self->decode_ahead);
      break;
    case GST_TENSOR_CHUNKER_SRC_PROP_STREAM_OBJECTS:
      g_value_set_boolean (value, self->stream_objects);
      break;
    case GST_TENSOR_CHUNKER_SRC_PROP_SOURCE_STREAMS:
      g_value_copy (&self->source_streams, value);
      break;
    case GST_TENSOR_CHUNKER_SRC_PROP_DEFAULT_AUDIO_STREAM:
      g_value_set_int (value, self->default_audio);
      break;
    case GST_TENSOR_CHUNKER_SRC_PROP_DEFAULT_VIDEO_STREAM:
      g_value_set_int (value, self->default_video);
      break;
    case GST_TENSOR_CHUNKER_SRC_PROP_METADATA:
      g_value_set_boxed (value, self->metadata);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* Called with the object lock: the options for the core, those of the
 * options property and the protocols as FFmpeg's protocol_whitelist (which
 * the property replaces). */
gchar **
gst_tensor_chunker_src_core_options (GstTensorChunkerSrc * self)
{
  GstStructure *s;
  gchar **options;

  if (self->protocols == NULL)
    return gst_tensor_chunker_structure_to_strv (self->options);

  s = self->options ? gst_structure_copy (self->options) :
      gst_structure_new_empty ("options");
  gst_structure_set (s, "protocol_whitelist", G_TYPE_STRING, self->protocols,
      NULL);
  options = gst_tensor_chunker_structure_to_strv (s);
  gst_structure_free (s);
  return options;
}
