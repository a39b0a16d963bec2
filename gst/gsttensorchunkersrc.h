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

G_BEGIN_DECLS
#define GST_TYPE_TENSOR_CHUNKER_SRC (gst_tensor_chunker_src_get_type ())
G_DECLARE_FINAL_TYPE (GstTensorChunkerSrc, gst_tensor_chunker_src,
    GST, TENSOR_CHUNKER_SRC, GstElement);

/* Called with the source's stream lock when a byte stream has opened, to
 * configure the outputs. */
typedef gboolean (*GstTensorChunkerSrcOpenedFunc) (GstTensorChunkerSrc * src,
    gpointer user_data, GError ** error);

gboolean gst_tensor_chunker_src_open (GstTensorChunkerSrc * self,
    const gchar * location, const gchar * format,
    const gchar * const *options, GError ** error);
void gst_tensor_chunker_src_use_byte_stream (GstTensorChunkerSrc * self,
    const gchar * format, const gchar * const *options);
void gst_tensor_chunker_src_set_opened_func (GstTensorChunkerSrc * self,
    GstTensorChunkerSrcOpenedFunc func, gpointer user_data);
void gst_tensor_chunker_src_close (GstTensorChunkerSrc * self);
gboolean gst_tensor_chunker_src_rewind (GstTensorChunkerSrc * self,
    GError ** error);

void gst_tensor_chunker_src_get_source_streams (GstTensorChunkerSrc * self,
    GValue * value);
gint gst_tensor_chunker_src_get_default_stream (GstTensorChunkerSrc * self,
    TcMediaType type);
GstStreamCollection *gst_tensor_chunker_src_get_collection (GstTensorChunkerSrc
    * self);

GstPad *gst_tensor_chunker_src_add_pad (GstTensorChunkerSrc * self,
    const gchar * name);
void gst_tensor_chunker_src_release_output (GstTensorChunkerSrc * self,
    GstPad * pad);
void gst_tensor_chunker_src_remove_pad (GstTensorChunkerSrc * self,
    GstPad * pad);

gboolean gst_tensor_chunker_src_configure_output (GstTensorChunkerSrc * self,
    GstPad * pad, const TcOutputConfig * config, guint buffer_chunk_size,
    gint * source_index, gchar ** filter_description, GError ** error);
void gst_tensor_chunker_src_unconfigure_outputs (GstTensorChunkerSrc * self);
void gst_tensor_chunker_src_set_decode_ahead (GstTensorChunkerSrc * self,
    guint frames);
void gst_tensor_chunker_src_set_last_chunk (GstTensorChunkerSrc * self,
    GstTensorChunkerLastChunk last_chunk);
gboolean gst_tensor_chunker_src_set_live (GstTensorChunkerSrc * self,
    gboolean is_live);

G_END_DECLS
#endif /* __GST_TENSOR_CHUNKER_SRC_H__ */
