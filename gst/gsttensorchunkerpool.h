/* GStreamer tensorchunker: the buffer pool of an output
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

#ifndef __GST_TENSOR_CHUNKER_POOL_H__
#define __GST_TENSOR_CHUNKER_POOL_H__

#include <gst/gst.h>

#include "gsttensorchunkerutils.h"

G_BEGIN_DECLS

/* The chunks a leaky queue dropped during one push. */
typedef struct
{
  guint n_dropped;
  GstClockTime last_pts;        /* of the last one dropped */
} GstTensorChunkerPoolDrops;

GstBufferPool *gst_tensor_chunker_pool_new (gsize size);
void gst_tensor_chunker_pool_clear (GstBufferPool ** pool);
void gst_tensor_chunker_pool_watch_drops (GstTensorChunkerPoolDrops * drops);

G_END_DECLS
#endif /* __GST_TENSOR_CHUNKER_POOL_H__ */
