/* GStreamer tensorchunker: one output, the internal src pad that does the work
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
 * GstTensorChunkerOutput is the internal src pad of one output: it owns
 * the output's settings, its results and its streaming state (see
 * gsttensorchunkeroutput.h for which lock guards which).  The bin's
 * request pad (gsttensorchunkerpad.c) holds none of it and forwards its
 * properties here, as glvideomixerbin's pads do: both install the same
 * properties with gst_tensor_chunker_output_install_properties().
 *
 * The settings are read once, when the source element creates the output
 * in the core at READY->PAUSED, and frozen until PAUSED->READY: a value
 * set while the output runs could not take effect, so it is refused rather
 * than silently ignored.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gsttensorchunkeroutput.h"
#include "gsttensorchunkerutils.h"

#define GST_CAT_DEFAULT gst_tensor_chunker_debug

#define DEFAULT_STREAM_INDEX            -1
#define DEFAULT_AUDIO_FRAMES_PER_CHUNK  1024
#define DEFAULT_VIDEO_FRAMES_PER_CHUNK  1
#define DEFAULT_BUFFER_CHUNK_SIZE       3
#define DEFAULT_AUDIO_FORMAT            "flt"
#define DEFAULT_VIDEO_FORMAT            "rgb24"
#define DEFAULT_LAYOUT                  GST_TENSOR_CHUNKER_LAYOUT_NCHW

GType
gst_tensor_chunker_layout_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_TENSOR_CHUNKER_LAYOUT_NCHW, "(frames, channels, height, width)",
        "nchw"},
    {GST_TENSOR_CHUNKER_LAYOUT_NHWC, "(frames, height, width, channels)",
        "nhwc"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstTensorChunkerLayout", values);
    g_once_init_leave (&type, t);
  }
  return type;
}

/* The name the user knows: that of the bin's pad ("src_audio_0" serves
 * "audio_0"). */
const gchar *
gst_tensor_chunker_output_get_name (GstTensorChunkerOutput * output)
{
  const gchar *name = GST_OBJECT_NAME (output);

  return g_str_has_prefix (name, "src_") ? name + strlen ("src_") : name;
}

/* Called with the object lock.  Warns and returns TRUE when the pad's
 * settings are frozen. */
static gboolean
gst_tensor_chunker_output_refuse_change (GstTensorChunkerOutput * pad,
    GParamSpec * pspec)
{
  if (!pad->frozen)
    return FALSE;

  g_warning ("%s: cannot change \"%s\" while the output is running "
      "(PAUSED or PLAYING); set it in the NULL or READY state",
      gst_tensor_chunker_output_get_name (pad), pspec->name);
  return TRUE;
}

/* An empty string means "not set", as NULL does. */
static gchar *
dup_string_or_null (const GValue * value)
{
  const gchar *s = g_value_get_string (value);

  return (s != NULL && *s != '\0') ? g_strdup (s) : NULL;
}

enum
{
  PROP_0,
  /* both */
  PROP_STREAM_INDEX,
  PROP_FRAMES_PER_CHUNK,
  PROP_HOP,
  PROP_BUFFER_CHUNK_SIZE,
  PROP_DECODER,
  PROP_DECODER_OPTIONS,
  PROP_FILTER,
  PROP_FORMAT,
  PROP_SOURCE_INDEX,
  PROP_FILTER_DESCRIPTION,
  PROP_DROPPED,
  /* audio */
  PROP_SAMPLE_RATE,
  PROP_CHANNELS,
  /* video */
  PROP_FRAME_RATE,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_LAYOUT,
};

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | \
    GST_PARAM_MUTABLE_READY)

G_DEFINE_ABSTRACT_TYPE (GstTensorChunkerOutput, gst_tensor_chunker_output,
    GST_TYPE_PAD);

static void
gst_tensor_chunker_output_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstTensorChunkerOutput *pad = GST_TENSOR_CHUNKER_OUTPUT (object);

  GST_OBJECT_LOCK (pad);
  if (gst_tensor_chunker_output_refuse_change (pad, pspec))
    goto done;

  switch (prop_id) {
    case PROP_STREAM_INDEX:
      pad->stream_index = g_value_get_int (value);
      break;
    case PROP_FRAMES_PER_CHUNK:
      pad->frames_per_chunk = g_value_get_uint (value);
      break;
    case PROP_HOP:
      pad->hop = g_value_get_uint (value);
      break;
    case PROP_BUFFER_CHUNK_SIZE:
      pad->buffer_chunk_size = g_value_get_uint (value);
      break;
    case PROP_DECODER:
      g_free (pad->decoder);
      pad->decoder = dup_string_or_null (value);
      break;
    case PROP_DECODER_OPTIONS:
      g_clear_pointer (&pad->decoder_options, gst_structure_free);
      pad->decoder_options = g_value_dup_boxed (value);
      break;
    case PROP_FILTER:
      g_free (pad->filter);
      pad->filter = dup_string_or_null (value);
      break;
    case PROP_FORMAT:
      g_free (pad->format);
      pad->format = dup_string_or_null (value);
      if (pad->format == NULL)
        pad->format = g_strdup (G_PARAM_SPEC_STRING (pspec)->default_value);
      break;
    case PROP_SAMPLE_RATE:
      pad->sample_rate = g_value_get_int (value);
      break;
    case PROP_CHANNELS:
      pad->channels = g_value_get_int (value);
      break;
    case PROP_FRAME_RATE:
      pad->frame_rate_n = gst_value_get_fraction_numerator (value);
      pad->frame_rate_d = gst_value_get_fraction_denominator (value);
      break;
    case PROP_WIDTH:
      pad->width = g_value_get_int (value);
      break;
    case PROP_HEIGHT:
      pad->height = g_value_get_int (value);
      break;
    case PROP_LAYOUT:
      pad->layout = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }

done:
  GST_OBJECT_UNLOCK (pad);
}

static void
gst_tensor_chunker_output_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstTensorChunkerOutput *pad = GST_TENSOR_CHUNKER_OUTPUT (object);

  GST_OBJECT_LOCK (pad);
  switch (prop_id) {
    case PROP_STREAM_INDEX:
      g_value_set_int (value, pad->stream_index);
      break;
    case PROP_FRAMES_PER_CHUNK:
      g_value_set_uint (value, pad->frames_per_chunk);
      break;
    case PROP_HOP:
      g_value_set_uint (value, pad->hop);
      break;
    case PROP_BUFFER_CHUNK_SIZE:
      g_value_set_uint (value, pad->buffer_chunk_size);
      break;
    case PROP_DECODER:
      g_value_set_string (value, pad->decoder);
      break;
    case PROP_DECODER_OPTIONS:
      g_value_set_boxed (value, pad->decoder_options);
      break;
    case PROP_FILTER:
      g_value_set_string (value, pad->filter);
      break;
    case PROP_FORMAT:
      g_value_set_string (value, pad->format);
      break;
    case PROP_SOURCE_INDEX:
      g_value_set_int (value, pad->source_index);
      break;
    case PROP_FILTER_DESCRIPTION:
      g_value_set_string (value, pad->filter_description);
      break;
    case PROP_DROPPED:
      g_value_set_uint64 (value, pad->dropped);
      break;
    case PROP_SAMPLE_RATE:
      g_value_set_int (value, pad->sample_rate);
      break;
    case PROP_CHANNELS:
      g_value_set_int (value, pad->channels);
      break;
    case PROP_FRAME_RATE:
      gst_value_set_fraction (value, pad->frame_rate_n, pad->frame_rate_d);
      break;
    case PROP_WIDTH:
      g_value_set_int (value, pad->width);
      break;
    case PROP_HEIGHT:
      g_value_set_int (value, pad->height);
      break;
    case PROP_LAYOUT:
      g_value_set_enum (value, pad->layout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (pad);
}

static void
gst_tensor_chunker_output_finalize (GObject * object)
{
  GstTensorChunkerOutput *pad = GST_TENSOR_CHUNKER_OUTPUT (object);

  g_free (pad->decoder);
  if (pad->decoder_options)
    gst_structure_free (pad->decoder_options);
  g_free (pad->filter);
  g_free (pad->format);
  g_free (pad->filter_description);
  g_assert (pad->id < 0);

  G_OBJECT_CLASS (gst_tensor_chunker_output_parent_class)->finalize (object);
}

/* The properties of both media; @klass is an output's or a bin pad's
 * base class. */
static void
install_common_properties (GObjectClass * klass)
{
  /**
   * GstTensorChunkerPad:stream-index:
   *
   * The source stream this output reads: an index into
   * #GstTensorChunker:source-streams.  -1 reads FFmpeg's best stream of the
   * pad's media type (#GstTensorChunker:default-audio-stream or
   * #GstTensorChunker:default-video-stream).  A stream of another media type
   * or out of range is an error when the element goes to PAUSED.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass, PROP_STREAM_INDEX,
      g_param_spec_int ("stream-index", "Stream index",
          "Index of the source stream to read (see the element's "
          "source-streams); -1 reads FFmpeg's best stream of the pad's "
          "media type", -1, G_MAXINT, DEFAULT_STREAM_INDEX, PARAM_FLAGS));

  /**
   * GstTensorChunkerPad:hop:
   *
   * Frames between the first frames of two chunks: chunk k holds the
   * frames [k * hop, k * hop + frames-per-chunk) of the output, counted
   * from the stream start or the seek target.  Less than frames-per-chunk
   * overlaps the chunks (sliding windows: a 1 s window every 0.25 s), more
   * skips the frames between them; 0 is frames-per-chunk.  The caps'
   * `framerate` is the rate divided by the hop.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass, PROP_HOP,
      g_param_spec_uint ("hop", "Hop",
          "Frames between the first frames of two chunks; less than "
          "frames-per-chunk overlaps them, more skips frames; 0 is "
          "frames-per-chunk", 0, G_MAXINT, 0, PARAM_FLAGS));

  /**
   * GstTensorChunkerPad:buffer-chunk-size:
   *
   * Chunks held for this output (its queue) before the source waits for
   * the consumer.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass, PROP_BUFFER_CHUNK_SIZE,
      g_param_spec_uint ("buffer-chunk-size", "Buffer chunk size",
          "Chunks held for this output: a non-live source waits for the "
          "consumer when they are all full, a live one drops the oldest", 1,
          G_MAXINT, DEFAULT_BUFFER_CHUNK_SIZE, PARAM_FLAGS));

  /**
   * GstTensorChunkerPad:decoder:
   *
   * An FFmpeg decoder to use instead of the stream's default one.  Outputs
   * that read one source stream share its decoder.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass, PROP_DECODER,
      g_param_spec_string ("decoder", "Decoder",
          "FFmpeg decoder to use instead of the stream's default one "
          "(e.g. h264_cuvid)", NULL, PARAM_FLAGS));

  /**
   * GstTensorChunkerPad:decoder-options:
   *
   * Options of the decoder, as a #GstStructure whose name is ignored, e.g.
   * `options,threads=(string)4`.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass, PROP_DECODER_OPTIONS,
      g_param_spec_boxed ("decoder-options", "Decoder options",
          "Options of the decoder, e.g. \"options,threads=(string)4\"",
          GST_TYPE_STRUCTURE, PARAM_FLAGS));

  /**
   * GstTensorChunkerPad:filter:
   *
   * A libavfilter chain run on the decoded frames before the conversions
   * the other properties ask for, e.g. `hflip` or `crop=iw/2:ih/2`.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass, PROP_FILTER,
      g_param_spec_string ("filter", "Filter",
          "A libavfilter chain run on the decoded frames before the "
          "conversions of this pad (e.g. \"hflip,crop=iw/2:ih/2\")", NULL,
          PARAM_FLAGS));

  /**
   * GstTensorChunkerPad:source-index:
   *
   * The source stream this output reads, once the element is in PAUSED
   * (-1 before): #GstTensorChunkerPad:stream-index resolved.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass, PROP_SOURCE_INDEX,
      g_param_spec_int ("source-index", "Source index",
          "The source stream this output reads, once it is configured "
          "(PAUSED); -1 before", -1, G_MAXINT, -1,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * GstTensorChunkerPad:filter-description:
   *
   * The exact libavfilter chain this output runs, once the element is in
   * PAUSED: the #GstTensorChunkerPad:filter followed by the conversions, as
   * torchaudio's StreamReader writes them (e.g.
   * `fps=3,scale=width=320:height=320,format=pix_fmts=gray`).
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass, PROP_FILTER_DESCRIPTION,
      g_param_spec_string ("filter-description", "Filter description",
          "The exact libavfilter chain this output runs, once it is "
          "configured (PAUSED)", NULL,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * GstTensorChunkerPad:dropped:
   *
   * Chunks of a live source this output dropped since it started
   * (READY->PAUSED): the oldest chunk goes when buffer-chunk-size chunks
   * wait for the consumer and a new one comes.  Notified on every drop,
   * from the streaming thread; a non-live source never drops.
   */
  g_object_class_install_property (klass, PROP_DROPPED,
      g_param_spec_uint64 ("dropped", "Dropped",
          "Chunks of a live source dropped since the output started, "
          "because buffer-chunk-size chunks were waiting for the consumer",
          0, G_MAXUINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

/**
 * GstTensorChunkerAudioPad:frames-per-chunk:
 *
 * Frames in each chunk: the first dimension of the tensor.  1024 for audio.
 *
 * Since: 0.1
 */
/**
 * GstTensorChunkerVideoPad:frames-per-chunk:
 *
 * Frames in each chunk: the first dimension of the tensor.  1 for video.
 *
 * Since: 0.1
 */
/* The two properties both media have, with different defaults. */
static void
install_media_properties (GObjectClass * klass, guint frames_per_chunk,
    const gchar * format, const gchar * format_blurb)
{
  g_object_class_install_property (klass, PROP_FRAMES_PER_CHUNK,
      g_param_spec_uint ("frames-per-chunk", "Frames per chunk",
          "Frames in each chunk (the first dimension of the tensor)",
          1, G_MAXINT, frames_per_chunk, PARAM_FLAGS));

  g_object_class_install_property (klass, PROP_FORMAT,
      g_param_spec_string ("format", "Format", format_blurb, format,
          PARAM_FLAGS));
}

static void
install_audio_properties (GObjectClass * klass)
{
  install_media_properties (klass, DEFAULT_AUDIO_FRAMES_PER_CHUNK,
      DEFAULT_AUDIO_FORMAT, "FFmpeg sample format of the chunk: u8, s16, "
      "s32, s64, flt, dbl or a planar name (u8p ... dblp); the chunk is "
      "(frames, channels) interleaved either way");

  /**
   * GstTensorChunkerAudioPad:sample-rate:
   *
   * Resample to this rate (Hz); 0 keeps the source's.  Sets the `rate` field
   * of the caps.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass, PROP_SAMPLE_RATE,
      g_param_spec_int ("sample-rate", "Sample rate",
          "Resample to this rate (Hz); 0 keeps the source's", 0,
          TC_MAX_SAMPLE_RATE, 0, PARAM_FLAGS));

  /**
   * GstTensorChunkerAudioPad:channels:
   *
   * Remix to this many channels; 0 keeps the source's.  The last dimension
   * of the tensor.
   *
   * Since: 0.1
   */
  /**
   * GstTensorChunkerAudioPad:format:
   *
   * The FFmpeg sample format of the chunk: u8, s16, s32, s64, flt, dbl, or
   * a planar name (u8p ... dblp).  It sets the tensor `type` (flt: float32 in
   * [-1, 1]); the chunk is (frames, channels), interleaved, either way.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass, PROP_CHANNELS,
      g_param_spec_int ("channels", "Channels",
          "Remix to this many channels; 0 keeps the source's", 0,
          TC_MAX_CHANNELS, 0, PARAM_FLAGS));
}

static void
install_video_properties (GObjectClass * klass)
{
  install_media_properties (klass, DEFAULT_VIDEO_FRAMES_PER_CHUNK,
      DEFAULT_VIDEO_FORMAT, "FFmpeg pixel format of the chunk: rgb24, "
      "bgr24, rgba, bgra, argb, abgr, gray, gray16le, yuv444p, yuv420p, "
      "nv12 ...");

  /**
   * GstTensorChunkerVideoPad:frame-rate:
   *
   * The output frame rate: frames are dropped or duplicated, never
   * interpolated.  0/1 keeps the source's.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass, PROP_FRAME_RATE,
      gst_param_spec_fraction ("frame-rate", "Frame rate",
          "Output frame rate: frames are dropped or duplicated, never "
          "interpolated; 0/1 keeps the source's", 0, 1, G_MAXINT, 1, 0, 1,
          PARAM_FLAGS));

  /**
   * GstTensorChunkerVideoPad:width:
   *
   * Scale to this width; 0 keeps the source's.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass, PROP_WIDTH,
      g_param_spec_int ("width", "Width",
          "Scale to this width; 0 keeps the source's", 0, TC_MAX_DIMENSION,
          0, PARAM_FLAGS));

  /**
   * GstTensorChunkerVideoPad:height:
   *
   * Scale to this height; 0 keeps the source's.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass, PROP_HEIGHT,
      g_param_spec_int ("height", "Height",
          "Scale to this height; 0 keeps the source's", 0, TC_MAX_DIMENSION,
          0, PARAM_FLAGS));

  /**
   * GstTensorChunkerVideoPad:format:
   *
   * The FFmpeg pixel format of the chunk: rgb24, bgr24, rgba, bgra, argb,
   * abgr, gray, gray16le, yuv444p, yuv420p, nv12...  It sets the channel
   * dimension (3 for RGB, 1 for gray; planar YUV is upsampled to 3 full-size
   * planes, as the seed does) and the tensor `type`.
   *
   * Since: 0.1
   */
  /**
   * GstTensorChunkerVideoPad:layout:
   *
   * The order of the dimensions of a chunk: (frames, channels, height,
   * width) with nchw, the seed's, or (frames, height, width, channels) with
   * nhwc.
   *
   * Since: 0.1
   */
  g_object_class_install_property (klass, PROP_LAYOUT,
      g_param_spec_enum ("layout", "Layout",
          "Order of the dimensions of a chunk",
          GST_TYPE_TENSOR_CHUNKER_LAYOUT, DEFAULT_LAYOUT, PARAM_FLAGS));
}

/**
 * gst_tensor_chunker_output_install_properties:
 * @klass: the class of an output or of a bin's request pad
 * @media_type: TC_MEDIA_UNKNOWN for the base class (the properties of
 *     both media), or the media of a subclass (its own properties)
 *
 * Installs the output properties, with the same ids on every class that
 * has them, so that a bin pad forwards them by name.
 */
void
gst_tensor_chunker_output_install_properties (GObjectClass * klass,
    TcMediaType media_type)
{
  switch (media_type) {
    case TC_MEDIA_AUDIO:
      install_audio_properties (klass);
      break;
    case TC_MEDIA_VIDEO:
      install_video_properties (klass);
      break;
    default:
      install_common_properties (klass);
      break;
  }
}

static void
gst_tensor_chunker_output_class_init (GstTensorChunkerOutputClass * klass)
{
  GObjectClass *gobject_class = (GObjectClass *) klass;

  gobject_class->set_property = gst_tensor_chunker_output_set_property;
  gobject_class->get_property = gst_tensor_chunker_output_get_property;
  gobject_class->finalize = gst_tensor_chunker_output_finalize;
  gst_tensor_chunker_output_install_properties (gobject_class,
      TC_MEDIA_UNKNOWN);
}

static void
gst_tensor_chunker_output_init (GstTensorChunkerOutput * pad)
{
  pad->stream_index = DEFAULT_STREAM_INDEX;
  pad->buffer_chunk_size = DEFAULT_BUFFER_CHUNK_SIZE;
  pad->frame_rate_d = 1;
  pad->layout = DEFAULT_LAYOUT;
  pad->source_index = -1;

  pad->id = -1;
  pad->position = GST_CLOCK_TIME_NONE;
  pad->last_pts = GST_CLOCK_TIME_NONE;
  pad->capture_latency = GST_CLOCK_TIME_NONE;
  pad->chunk_duration = GST_CLOCK_TIME_NONE;
  pad->chunk_period = GST_CLOCK_TIME_NONE;
  gst_segment_init (&pad->segment, GST_FORMAT_TIME);
}

/* The audio and video outputs: their properties and defaults. */

typedef GstTensorChunkerOutput GstTensorChunkerAudioOutput;
typedef GstTensorChunkerOutputClass GstTensorChunkerAudioOutputClass;
G_DEFINE_TYPE (GstTensorChunkerAudioOutput, gst_tensor_chunker_audio_output,
    GST_TYPE_TENSOR_CHUNKER_OUTPUT);

static void
gst_tensor_chunker_audio_output_class_init (GstTensorChunkerAudioOutputClass
    * klass)
{
  GObjectClass *gobject_class = (GObjectClass *) klass;

  /* not inherited: GObject resets them for every class */
  gobject_class->set_property = gst_tensor_chunker_output_set_property;
  gobject_class->get_property = gst_tensor_chunker_output_get_property;
  klass->media_type = TC_MEDIA_AUDIO;
  gst_tensor_chunker_output_install_properties (gobject_class,
      TC_MEDIA_AUDIO);
}

static void
gst_tensor_chunker_audio_output_init (GstTensorChunkerAudioOutput * pad)
{
  pad->frames_per_chunk = DEFAULT_AUDIO_FRAMES_PER_CHUNK;
  pad->format = g_strdup (DEFAULT_AUDIO_FORMAT);
}

typedef GstTensorChunkerOutput GstTensorChunkerVideoOutput;
typedef GstTensorChunkerOutputClass GstTensorChunkerVideoOutputClass;
G_DEFINE_TYPE (GstTensorChunkerVideoOutput, gst_tensor_chunker_video_output,
    GST_TYPE_TENSOR_CHUNKER_OUTPUT);

static void
gst_tensor_chunker_video_output_class_init (GstTensorChunkerVideoOutputClass
    * klass)
{
  GObjectClass *gobject_class = (GObjectClass *) klass;

  gobject_class->set_property = gst_tensor_chunker_output_set_property;
  gobject_class->get_property = gst_tensor_chunker_output_get_property;
  klass->media_type = TC_MEDIA_VIDEO;
  gst_tensor_chunker_output_install_properties (gobject_class,
      TC_MEDIA_VIDEO);
}

static void
gst_tensor_chunker_video_output_init (GstTensorChunkerVideoOutput * pad)
{
  pad->frames_per_chunk = DEFAULT_VIDEO_FRAMES_PER_CHUNK;
  pad->format = g_strdup (DEFAULT_VIDEO_FORMAT);
}

/* For the source element */

/* Refuses any change of the settings until
 * gst_tensor_chunker_output_thaw(): a new run of the output starts. */
void
gst_tensor_chunker_output_freeze (GstTensorChunkerOutput * output)
{
  GST_OBJECT_LOCK (output);
  output->frozen = TRUE;
  output->dropped = 0;
  GST_OBJECT_UNLOCK (output);
}

void
gst_tensor_chunker_output_thaw (GstTensorChunkerOutput * output)
{
  GST_OBJECT_LOCK (output);
  output->frozen = FALSE;
  GST_OBJECT_UNLOCK (output);
}

void
gst_tensor_chunker_output_config_clear (GstTensorChunkerOutputConfig * c)
{
  g_clear_pointer (&c->decoder, g_free);
  g_clear_pointer (&c->decoder_options, g_strfreev);
  g_clear_pointer (&c->filter, g_free);
  g_clear_pointer (&c->format, g_free);
}

/**
 * gst_tensor_chunker_output_get_config:
 * @c: (out caller-allocates): the core's configuration of the output
 *
 * Clear @c with gst_tensor_chunker_output_config_clear().
 */
void
gst_tensor_chunker_output_get_config (GstTensorChunkerOutput * pad,
    GstTensorChunkerOutputConfig * c)
{
  TcOutputConfig *config = &c->config;

  memset (c, 0, sizeof (*c));

  GST_OBJECT_LOCK (pad);
  config->media_type = GST_TENSOR_CHUNKER_OUTPUT_GET_CLASS (pad)->media_type;
  config->stream_index = pad->stream_index;
  config->frames_per_chunk = pad->frames_per_chunk;
  config->hop = pad->hop;
  c->decoder = g_strdup (pad->decoder);
  c->decoder_options =
      gst_tensor_chunker_structure_to_strv (pad->decoder_options);
  c->filter = g_strdup (pad->filter);
  c->format = g_strdup (pad->format);
  if (config->media_type == TC_MEDIA_AUDIO) {
    config->sample_rate = pad->sample_rate;
    config->channels = pad->channels;
    config->sample_format = c->format;
  } else {
    config->frame_rate_n = pad->frame_rate_n;
    config->frame_rate_d = pad->frame_rate_d;
    config->width = pad->width;
    config->height = pad->height;
    config->pixel_format = c->format;
    config->nhwc = pad->layout == GST_TENSOR_CHUNKER_LAYOUT_NHWC;
  }
  GST_OBJECT_UNLOCK (pad);

  config->decoder = c->decoder;
  config->decoder_options = (const gchar * const *) c->decoder_options;
  config->filter = c->filter;
}

/* What the core made of the settings. */
void
gst_tensor_chunker_output_set_result (GstTensorChunkerOutput * pad,
    gint source_index, const gchar * filter_description)
{
  GST_OBJECT_LOCK (pad);
  pad->source_index = source_index;
  g_free (pad->filter_description);
  pad->filter_description = g_strdup (filter_description);
  GST_OBJECT_UNLOCK (pad);

  g_object_notify (G_OBJECT (pad), "source-index");
  g_object_notify (G_OBJECT (pad), "filter-description");
}

/* Called from the streaming thread when the output's queue dropped @n
 * chunks.  Returns: the chunks dropped since the output started. */
guint64
gst_tensor_chunker_output_add_dropped (GstTensorChunkerOutput * pad, guint n)
{
  guint64 dropped;

  GST_OBJECT_LOCK (pad);
  pad->dropped += n;
  dropped = pad->dropped;
  GST_OBJECT_UNLOCK (pad);

  g_object_notify (G_OBJECT (pad), "dropped");
  return dropped;
}

guint
gst_tensor_chunker_output_get_buffer_chunk_size (GstTensorChunkerOutput * pad)
{
  guint size;

  GST_OBJECT_LOCK (pad);
  size = pad->buffer_chunk_size;
  GST_OBJECT_UNLOCK (pad);

  return size;
}

gboolean
gst_tensor_chunker_output_is_nhwc (GstTensorChunkerOutput * pad)
{
  gboolean nhwc;

  GST_OBJECT_LOCK (pad);
  nhwc = pad->layout == GST_TENSOR_CHUNKER_LAYOUT_NHWC;
  GST_OBJECT_UNLOCK (pad);

  return nhwc;
}
