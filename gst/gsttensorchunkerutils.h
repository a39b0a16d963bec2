/* GStreamer tensorchunker: helpers shared by the element's objects
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

#ifndef __GST_TENSOR_CHUNKER_UTILS_H__
#define __GST_TENSOR_CHUNKER_UTILS_H__

#include <gst/gst.h>

#include "tccore.h"

G_BEGIN_DECLS

/* The element's one debug category, shared by the bin, its pads and its
 * internal source element. */
GST_DEBUG_CATEGORY_EXTERN (gst_tensor_chunker_debug);
/* One line per chunk pushed (LOG): apart, so that following the data does
 * not mean reading everything else. */
GST_DEBUG_CATEGORY_EXTERN (gst_tensor_chunker_dataflow_debug);

/**
 * GstTensorChunkerLastChunk:
 * @GST_TENSOR_CHUNKER_LAST_CHUNK_SHORT: push the short chunk with its real
 *     frame count, after a caps event with the short dims
 * @GST_TENSOR_CHUNKER_LAST_CHUNK_PAD: zero-fill it to a full chunk
 * @GST_TENSOR_CHUNKER_LAST_CHUNK_DROP: drop it
 *
 * What becomes of the final chunk of an output when it holds fewer than
 * frames-per-chunk frames.
 */
typedef enum
{
  GST_TENSOR_CHUNKER_LAST_CHUNK_SHORT,
  GST_TENSOR_CHUNKER_LAST_CHUNK_PAD,
  GST_TENSOR_CHUNKER_LAST_CHUNK_DROP,
} GstTensorChunkerLastChunk;

#define GST_TYPE_TENSOR_CHUNKER_LAST_CHUNK \
    (gst_tensor_chunker_last_chunk_get_type ())
GType gst_tensor_chunker_last_chunk_get_type (void);

gchar **gst_tensor_chunker_structure_to_strv (const GstStructure * s);

void gst_tensor_chunker_post_error (GstElement * element,
    const GError * error, const gchar * file, const gchar * function,
    gint line);

/* Posts @error (a TC_ERROR) as an error message of @element, in the
 * GStreamer error domain and code that matches its TcErrorCode. */
#define GST_TENSOR_CHUNKER_POST_ERROR(element, error) \
    gst_tensor_chunker_post_error (GST_ELEMENT_CAST (element), error, \
        __FILE__, GST_FUNCTION, __LINE__)

G_END_DECLS

#endif /* __GST_TENSOR_CHUNKER_UTILS_H__ */
