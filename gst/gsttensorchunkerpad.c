/* GStreamer tensorchunker: the request pads, which forward to their outputs
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
 * The bin's request pads (a GstGhostPad subclass per media) hold no
 * output state: each forwards get/set_property to its output, the
 * internal src pad of GstTensorChunkerSrc that does the work
 * (gsttensorchunkeroutput.c), and relays the output's property
 * notifications, as glvideomixerbin's pads do.  They have the same
 * properties as their output, installed by the same function, so adding
 * an output property needs no change here.
 *
 * Locking: output is set before the pad is published and never changes;
 * the queue is the bin's (its object lock).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gsttensorchunkerpad.h"
#include "gsttensorchunkerutils.h"

#define GST_CAT_DEFAULT gst_tensor_chunker_debug

/**
 * GstTensorChunkerPad:
 *
 * The base class of the request pads of #GstTensorChunker: one output
 * stream each.  Its properties, and those of #GstTensorChunkerAudioPad and
 * #GstTensorChunkerVideoPad, are set on the pad (from code, or from
 * gst-launch as `audio_0::sample-rate=8000`) in the NULL or READY state;
 * the element reads them when it goes to PAUSED.
 *
 * Since: 0.1
 */
G_DEFINE_ABSTRACT_TYPE (GstTensorChunkerPad, gst_tensor_chunker_pad,
    GST_TYPE_GHOST_PAD);

static void
gst_tensor_chunker_pad_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstTensorChunkerPad *pad = GST_TENSOR_CHUNKER_PAD (object);

  if (pad->output != NULL)
    g_object_set_property (G_OBJECT (pad->output), pspec->name, value);
}

static void
gst_tensor_chunker_pad_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstTensorChunkerPad *pad = GST_TENSOR_CHUNKER_PAD (object);

  if (pad->output != NULL)
    g_object_get_property (G_OBJECT (pad->output), pspec->name, value);
  else
    g_param_value_set_default (pspec, value);
}

static void
gst_tensor_chunker_pad_finalize (GObject * object)
{
  GstTensorChunkerPad *pad = GST_TENSOR_CHUNKER_PAD (object);

  gst_clear_object (&pad->output);

  G_OBJECT_CLASS (gst_tensor_chunker_pad_parent_class)->finalize (object);
}

static void
gst_tensor_chunker_pad_class_init (GstTensorChunkerPadClass * klass)
{
  GObjectClass *gobject_class = (GObjectClass *) klass;

  gobject_class->set_property = gst_tensor_chunker_pad_set_property;
  gobject_class->get_property = gst_tensor_chunker_pad_get_property;
  gobject_class->finalize = gst_tensor_chunker_pad_finalize;
  gst_tensor_chunker_output_install_properties (gobject_class,
      TC_MEDIA_UNKNOWN);
}

static void
gst_tensor_chunker_pad_init (GstTensorChunkerPad * pad)
{
}

/* The output's notify::name is the pad's notify::name. */
static void
gst_tensor_chunker_pad_relay_notify (GObject * output, GParamSpec * pspec,
    GstTensorChunkerPad * pad)
{
  GParamSpec *own = g_object_class_find_property (G_OBJECT_GET_CLASS (pad),
      pspec->name);

  if (own != NULL && own->owner_type != GST_TYPE_OBJECT
      && own->owner_type != GST_TYPE_PAD)
    g_object_notify_by_pspec (G_OBJECT (pad), own);
}

/**
 * gst_tensor_chunker_pad_new:
 * @output: (transfer none): the output the pad serves
 *
 * Returns: (transfer floating): a new request pad of @templ, named @name,
 * whose properties are @output's.
 */
GstTensorChunkerPad *
gst_tensor_chunker_pad_new (GstPadTemplate * templ, const gchar * name,
    GstTensorChunkerOutput * output)
{
  GstTensorChunkerPad *pad;

  pad = g_object_new (GST_PAD_TEMPLATE_GTYPE (templ), "name", name,
      "direction", GST_PAD_SRC, "template", templ, NULL);
  pad->output = gst_object_ref (output);
  g_signal_connect_object (output, "notify",
      G_CALLBACK (gst_tensor_chunker_pad_relay_notify), pad, 0);
  return pad;
}

/* GstTensorChunkerAudioPad */

typedef GstTensorChunkerPad GstTensorChunkerAudioPad;
typedef GstTensorChunkerPadClass GstTensorChunkerAudioPadClass;

/**
 * GstTensorChunkerAudioPad:
 *
 * An `audio_%u` pad: chunks of (frames, channels) samples.
 *
 * Since: 0.1
 */
G_DEFINE_TYPE (GstTensorChunkerAudioPad, gst_tensor_chunker_audio_pad,
    GST_TYPE_TENSOR_CHUNKER_PAD);

static void
gst_tensor_chunker_audio_pad_class_init (GstTensorChunkerAudioPadClass * klass)
{
  GObjectClass *gobject_class = (GObjectClass *) klass;

  /* not inherited: GObject resets them for every class */
  gobject_class->set_property = gst_tensor_chunker_pad_set_property;
  gobject_class->get_property = gst_tensor_chunker_pad_get_property;
  klass->media_type = TC_MEDIA_AUDIO;
  gst_tensor_chunker_output_install_properties (gobject_class,
      TC_MEDIA_AUDIO);
}

static void
gst_tensor_chunker_audio_pad_init (GstTensorChunkerAudioPad * pad)
{
}

/* GstTensorChunkerVideoPad */

typedef GstTensorChunkerPad GstTensorChunkerVideoPad;
typedef GstTensorChunkerPadClass GstTensorChunkerVideoPadClass;

/**
 * GstTensorChunkerVideoPad:
 *
 * A `video_%u` pad: chunks of (frames, channels, height, width) pixels, or
 * (frames, height, width, channels) with layout=nhwc.
 *
 * Since: 0.1
 */
G_DEFINE_TYPE (GstTensorChunkerVideoPad, gst_tensor_chunker_video_pad,
    GST_TYPE_TENSOR_CHUNKER_PAD);

static void
gst_tensor_chunker_video_pad_class_init (GstTensorChunkerVideoPadClass * klass)
{
  GObjectClass *gobject_class = (GObjectClass *) klass;

  gobject_class->set_property = gst_tensor_chunker_pad_set_property;
  gobject_class->get_property = gst_tensor_chunker_pad_get_property;
  klass->media_type = TC_MEDIA_VIDEO;
  gst_tensor_chunker_output_install_properties (gobject_class,
      TC_MEDIA_VIDEO);
}

static void
gst_tensor_chunker_video_pad_init (GstTensorChunkerVideoPad * pad)
{
}
