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

#ifndef __GST_TENSOR_CHUNKER_PAD_H__
#define __GST_TENSOR_CHUNKER_PAD_H__

#include <gst/gst.h>

#include "gsttensorchunkeroutput.h"

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
 * GstTensorChunkerPad:
 *
 * A request pad of tensorchunker: one output stream.
 */
struct _GstTensorChunkerPad
{
  GstGhostPad parent;

  /*< private > */
  /* The pad holds no output state: its properties are those of @output,
   * the internal src pad that does the work (set when the pad is made,
   * never changed, owned).  The queue between them (whose src pad is this
   * pad's target) is set and cleared under the bin's object lock. */
  GstTensorChunkerOutput *output;
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

GstTensorChunkerPad *gst_tensor_chunker_pad_new (GstPadTemplate * templ,
    const gchar * name, GstTensorChunkerOutput * output);

G_END_DECLS
#endif /* __GST_TENSOR_CHUNKER_PAD_H__ */
