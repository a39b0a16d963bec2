/* GStreamer tensorchunker: the request pads and their output properties
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

#ifndef __GST_TENSOR_CHUNKER_PAD_H__
#define __GST_TENSOR_CHUNKER_PAD_H__

#include <gst/gst.h>

#include "tccore.h"

G_BEGIN_DECLS
#define GST_TYPE_TENSOR_CHUNKER_PAD (gst_tensor_chunker_pad_get_type ())
#define GST_TENSOR_CHUNKER_PAD(obj) \
    (G_TYPE_CHECK_INSTANCE_CAST ((obj), GST_TYPE_TENSOR_CHUNKER_PAD, GstTensorChunkerPad))
#define GST_TENSOR_CHUNKER_PAD_CLASS(klass) \
    (G_TYPE_CHECK_CLASS_CAST ((klass), GST_TYPE_TENSOR_CHUNKER_PAD, GstTensorChunkerPadClass))
#define GST_TENSOR_CHUNKER_PAD_GET_CLASS(obj) \
    (G_TYPE_INSTANCE_GET_CLASS ((obj), GST_TYPE_TENSOR_CHUNKER_PAD, GstTensorChunkerPadClass))
#define GST_IS_TENSOR_CHUNKER_PAD(obj) \
    (G_TYPE_CHECK_INSTANCE_TYPE ((obj), GST_TYPE_TENSOR_CHUNKER_PAD))
#define GST_TYPE_TENSOR_CHUNKER_AUDIO_PAD (gst_tensor_chunker_audio_pad_get_type ())
#define GST_TYPE_TENSOR_CHUNKER_VIDEO_PAD (gst_tensor_chunker_video_pad_get_type ())
typedef struct _GstTensorChunkerPad GstTensorChunkerPad;
typedef struct _GstTensorChunkerPadClass GstTensorChunkerPadClass;

/**
 * GstTensorChunkerLayout:
 * @GST_TENSOR_CHUNKER_LAYOUT_NCHW: (frames, channels, height, width)
 * @GST_TENSOR_CHUNKER_LAYOUT_NHWC: (frames, height, width, channels)
 *
 * The order of the dimensions of a video chunk.
 */
typedef enum
{
  GST_TENSOR_CHUNKER_LAYOUT_NCHW,
  GST_TENSOR_CHUNKER_LAYOUT_NHWC,
} GstTensorChunkerLayout;

#define GST_TYPE_TENSOR_CHUNKER_LAYOUT (gst_tensor_chunker_layout_get_type ())
GType gst_tensor_chunker_layout_get_type (void);

/* A TcOutputConfig together with the strings it points into, so that it
 * stays valid after the pad's object lock is released. */
typedef struct
{
  TcOutputConfig config;
  guint buffer_chunk_size;

  gchar *decoder;
  gchar **decoder_options;
  gchar *filter;
  gchar *format;
} GstTensorChunkerOutputConfig;

void gst_tensor_chunker_output_config_clear (GstTensorChunkerOutputConfig * c);

/**
 * GstTensorChunkerPad:
 *
 * A request pad of tensorchunker: one output stream.
 */
struct _GstTensorChunkerPad
{
  GstGhostPad parent;

  /*< private > */
  /* Properties, protected by the object lock.  While @frozen they are
   * refused: the output exists in the core with the values it was made
   * with.  The audio fields serve audio pads, the video ones video
   * pads. */
  gint stream_index;
  guint frames_per_chunk;
  guint buffer_chunk_size;
  gchar *decoder;
  GstStructure *decoder_options;
  gchar *filter;
  gchar *format;
  gint sample_rate;
  gint channels;
  gint frame_rate_n;
  gint frame_rate_d;
  gint width;
  gint height;
  GstTensorChunkerLayout layout;
  gint source_index;
  gchar *filter_description;
  gboolean frozen;
  guint64 dropped;              /* chunks dropped since the output started */

  /* The output's branch inside the bin: the internal source pad of
   * GstTensorChunkerSrc and the queue whose src pad is this pad's target.
   * Set when the pad is made and cleared when it is released, both under
   * the bin's state lock. */
  GstPad *internal;
  GstElement *queue;
};

struct _GstTensorChunkerPadClass
{
  GstGhostPadClass parent_class;

  TcMediaType media_type;
};

GType gst_tensor_chunker_pad_get_type (void);
GType gst_tensor_chunker_audio_pad_get_type (void);
GType gst_tensor_chunker_video_pad_get_type (void);

void gst_tensor_chunker_pad_freeze (GstTensorChunkerPad * pad,
    GstTensorChunkerOutputConfig * c);
void gst_tensor_chunker_pad_thaw (GstTensorChunkerPad * pad);
void gst_tensor_chunker_pad_set_output_info (GstTensorChunkerPad * pad,
    gint source_index, const gchar * filter_description);
guint gst_tensor_chunker_pad_get_buffer_chunk_size (GstTensorChunkerPad * pad);
void gst_tensor_chunker_pad_set_dropped (GstTensorChunkerPad * pad,
    guint64 dropped);

G_END_DECLS
#endif /* __GST_TENSOR_CHUNKER_PAD_H__ */
