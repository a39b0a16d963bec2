/* GStreamer tensorchunker: the internal source element
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

#ifndef __GST_TENSOR_CHUNKER_SRC_H__
#define __GST_TENSOR_CHUNKER_SRC_H__

#include <gst/gst.h>

#include "tccore.h"
#include "gsttensorchunkerutils.h"
#include "gsttensorchunkeroutput.h"

G_BEGIN_DECLS
#define GST_TYPE_TENSOR_CHUNKER_SRC (gst_tensor_chunker_src_get_type ())
G_DECLARE_FINAL_TYPE (GstTensorChunkerSrc, gst_tensor_chunker_src,
    GST, TENSOR_CHUNKER_SRC, GstElement);

/* What the bin needs from its source element, around its own state
 * changes and pad requests.  Everything else (the source settings and
 * information, the output settings and results, the drops) the bin reaches
 * through the properties of the source and of its outputs. */
void gst_tensor_chunker_src_install_properties (GObjectClass * klass);

gboolean gst_tensor_chunker_src_open (GstTensorChunkerSrc * self);
void gst_tensor_chunker_src_close (GstTensorChunkerSrc * self);
gboolean gst_tensor_chunker_src_prepare (GstTensorChunkerSrc * self,
    gboolean * live);
void gst_tensor_chunker_src_unprepare (GstTensorChunkerSrc * self);

GstTensorChunkerOutput *gst_tensor_chunker_src_add_output (GstTensorChunkerSrc
    * self, const gchar * name, TcMediaType media_type);
void gst_tensor_chunker_src_start_output (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output);
gboolean gst_tensor_chunker_src_is_live (GstTensorChunkerSrc * self);
void gst_tensor_chunker_src_release_output (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output);
void gst_tensor_chunker_src_remove_output (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output);

G_END_DECLS
#endif /* __GST_TENSOR_CHUNKER_SRC_H__ */
