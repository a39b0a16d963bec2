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


#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include "gsttensorchunkerpool.h"

#define GST_CAT_DEFAULT gst_tensor_chunker_debug

/*
 * GstTensorChunkerPool: the buffer pool of an output.  A pool per output
 * recycles the chunk memory: chunks are large (a second of 1080p RGB is
 * 190 MB) and all of one size, so reuse saves the allocation and the page
 * faults of fresh memory.
 *
 * It also which tells the
 * chunks a leaky output queue drops.  GstQueue drops its oldest chunk
 * inside the chain function, that is inside our gst_pad_push(), in the
 * streaming thread, and the chunk goes back to its pool right there, as it
 * held the last reference.  So a chunk that comes back to a pool in the
 * streaming thread while that thread pushes a chunk was dropped by the
 * queue being pushed into.  (The queue's "overrun" signal cannot count
 * them: the queue looks again once the signal returns, and drops nothing
 * when the consumer took a chunk meanwhile.)  While pushing, the thread
 * points its thread-private watch at the output's drop counter
 * (gst_tensor_chunker_pool_watch_drops()); a chunk the push itself refuses
 * (flushing, EOS) comes back too, so drops count only after a push
 * returned OK.
 */
static GPrivate watched_drops;

/* Locking: a pool has no state of its own beyond GstBufferPool's; the
 * counter it writes to is the streaming thread's own (thread-private), so
 * it needs no lock. */

typedef GstBufferPool GstTensorChunkerPool;
typedef GstBufferPoolClass GstTensorChunkerPoolClass;

static GType gst_tensor_chunker_pool_get_type (void);
G_DEFINE_TYPE (GstTensorChunkerPool, gst_tensor_chunker_pool,
    GST_TYPE_BUFFER_POOL);

static void
gst_tensor_chunker_pool_reset_buffer (GstBufferPool * pool, GstBuffer * buffer)
{
  GstTensorChunkerPoolDrops *drops = g_private_get (&watched_drops);

  if (drops != NULL) {
    drops->n_dropped++;
    drops->last_pts = GST_BUFFER_PTS (buffer);
  }
  GST_BUFFER_POOL_CLASS (gst_tensor_chunker_pool_parent_class)->reset_buffer
      (pool, buffer);
}

/* Chunks are tens of megabytes (32 frames of 960x540 RGB: 50 MB), each
 * written once per use.  Backed by 4 KiB pages, the first write of a new
 * chunk takes one page fault per 4 KiB, about 12000 per chunk, in the
 * streaming thread.  Where the kernel offers transparent huge pages on
 * request (madvise mode, Debian's default), asking for them on the chunk
 * memory, before it is first touched, makes that 2 MiB per fault. */
#define HUGE_PAGE_SIZE (2 * 1024 * 1024)

static GstFlowReturn
gst_tensor_chunker_pool_alloc_buffer (GstBufferPool * pool,
    GstBuffer ** buffer, GstBufferPoolAcquireParams * params)
{
  GstFlowReturn ret;

  ret =
      GST_BUFFER_POOL_CLASS (gst_tensor_chunker_pool_parent_class)->alloc_buffer
      (pool, buffer, params);
#if defined (MADV_HUGEPAGE)
  if (ret == GST_FLOW_OK && gst_buffer_get_size (*buffer) >= 2 * HUGE_PAGE_SIZE) {
    GstMapInfo map;

    if (gst_buffer_map (*buffer, &map, GST_MAP_READ)) {
      guintptr start = GPOINTER_TO_SIZE (map.data);
      guintptr first = (start + HUGE_PAGE_SIZE - 1) & ~(guintptr)
          (HUGE_PAGE_SIZE - 1);
      guintptr end = (start + map.size) & ~(guintptr) (HUGE_PAGE_SIZE - 1);

      /* only advice: where the kernel says no, small pages do */
      if (end > first && madvise (GSIZE_TO_POINTER (first), end - first,
              MADV_HUGEPAGE) != 0)
        GST_DEBUG_OBJECT (pool, "no huge pages: %s", g_strerror (errno));
      gst_buffer_unmap (*buffer, &map);
    }
  }
#endif
  return ret;
}

static void
gst_tensor_chunker_pool_class_init (GstTensorChunkerPoolClass * klass)
{
  klass->alloc_buffer = gst_tensor_chunker_pool_alloc_buffer;
  klass->reset_buffer = gst_tensor_chunker_pool_reset_buffer;
}

static void
gst_tensor_chunker_pool_init (GstTensorChunkerPool * pool)
{
}

/* Called by the streaming thread around a push: counts in @drops (NULL:
 * stop counting) the chunks that come back to any pool in this thread. */
void
gst_tensor_chunker_pool_watch_drops (GstTensorChunkerPoolDrops * drops)
{
  if (drops != NULL) {
    drops->n_dropped = 0;
    drops->last_pts = GST_CLOCK_TIME_NONE;
  }
  g_private_set (&watched_drops, drops);
}

/* Returns: (transfer full) (nullable): an active pool of buffers of @size
 * bytes, NULL when it cannot be made (the caller allocates then). */
GstBufferPool *
gst_tensor_chunker_pool_new (gsize size)
{
  GstBufferPool *pool;
  GstStructure *config;

  pool = g_object_new (gst_tensor_chunker_pool_get_type (), NULL);
  gst_object_ref_sink (pool);
  config = gst_buffer_pool_get_config (pool);
  gst_buffer_pool_config_set_params (config, NULL, size, 0, 0);
  if (!gst_buffer_pool_set_config (pool, config)
      || !gst_buffer_pool_set_active (pool, TRUE)) {
    GST_WARNING_OBJECT (pool, "no buffer pool for %" G_GSIZE_FORMAT " bytes",
        size);
    gst_clear_object (&pool);
  }
  return pool;
}

/* Deactivates and drops *@pool; buffers still in the queues are freed when
 * they come back. */
void
gst_tensor_chunker_pool_clear (GstBufferPool ** pool)
{
  if (*pool == NULL)
    return;
  gst_buffer_pool_set_active (*pool, FALSE);
  gst_clear_object (pool);
}
