/* GStreamer tensorchunker: the byte stream read from upstream
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

#ifndef __GST_TENSOR_CHUNKER_BYTE_STREAM_H__
#define __GST_TENSOR_CHUNKER_BYTE_STREAM_H__

#include <gst/gst.h>

G_BEGIN_DECLS

typedef struct _GstTensorChunkerByteStream GstTensorChunkerByteStream;

GstTensorChunkerByteStream *gst_tensor_chunker_byte_stream_new (GstPad *
    sinkpad);
void gst_tensor_chunker_byte_stream_free (GstTensorChunkerByteStream * bs);

GstPadMode gst_tensor_chunker_byte_stream_get_mode (GstTensorChunkerByteStream
    * bs);
gchar *gst_tensor_chunker_byte_stream_query_uri (GstTensorChunkerByteStream *
    bs);
void gst_tensor_chunker_byte_stream_stop (GstTensorChunkerByteStream * bs);
gboolean gst_tensor_chunker_byte_stream_upstream_flushed
    (GstTensorChunkerByteStream * bs);

gboolean gst_tensor_chunker_byte_stream_can_seek (GstTensorChunkerByteStream *
    bs);
void gst_tensor_chunker_byte_stream_interrupt (GstTensorChunkerByteStream *
    bs, gboolean interrupted);
gchar *gst_tensor_chunker_byte_stream_seek_failure (GstTensorChunkerByteStream
    * bs);

/* The core's TcReadFunc and TcSeekFunc (seek: when can_seek says so). */
gint gst_tensor_chunker_byte_stream_read (gpointer bs, guint8 * data,
    gint size);
gint64 gst_tensor_chunker_byte_stream_seek (gpointer bs, gint64 offset,
    gint whence);

G_END_DECLS

#endif /* __GST_TENSOR_CHUNKER_BYTE_STREAM_H__ */
