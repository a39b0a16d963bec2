/* Bytes fed to an appsrc as an application feeds them
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
 */

#include <string.h>

#include "tcfeed.h"

#define BLOCK_SIZE 4096

void
tc_feed_init (TcFeed * feed, const guint8 * data, guint64 size)
{
  memset (feed, 0, sizeof (*feed));
  g_mutex_init (&feed->lock);
  feed->data = data;
  feed->size = size;
}

void
tc_feed_clear (TcFeed * feed)
{
  g_mutex_clear (&feed->lock);
}

static void
on_need_data (GstElement * appsrc, guint length, TcFeed * feed)
{
  GstFlowReturn flow;
  GstBuffer *buffer = NULL;
  guint64 n;

  g_mutex_lock (&feed->lock);
  /* upstream took the seek and went silent: appsrc waits for data */
  if (feed->stalled) {
    g_mutex_unlock (&feed->lock);
    return;
  }
  n = MIN ((guint64) (length > 0 ? length : BLOCK_SIZE),
      feed->size - feed->pos);
  if (n > 0) {
    buffer = gst_buffer_new_memdup (feed->data + feed->pos, n);
    GST_BUFFER_OFFSET (buffer) = feed->pos;
    feed->pos += n;
  }
  g_mutex_unlock (&feed->lock);
  if (buffer != NULL) {
    g_signal_emit_by_name (appsrc, "push-buffer", buffer, &flow);
    gst_buffer_unref (buffer);
  } else {
    g_signal_emit_by_name (appsrc, "end-of-stream", &flow);
  }
}

static gboolean
on_seek_data (GstElement * appsrc, guint64 offset, TcFeed * feed)
{
  gboolean ok;

  g_mutex_lock (&feed->lock);
  ok = (!feed->refuse_seeks || offset == 0) && offset <= feed->size;
  if (ok) {
    feed->pos = offset;
    feed->n_seeks += offset > 0;
    feed->stalled = feed->stall_next_seek && offset > 0;
    if (feed->stalled) {
      feed->stall_next_seek = FALSE;
      feed->n_stalls++;
    }
  }
  g_mutex_unlock (&feed->lock);
  return ok;
}

void
tc_feed_attach (TcFeed * feed, GstElement * appsrc)
{
  g_object_set (appsrc, "size", (gint64) feed->size, "format",
      GST_FORMAT_BYTES, NULL);
  g_signal_connect (appsrc, "need-data", G_CALLBACK (on_need_data), feed);
  g_signal_connect (appsrc, "seek-data", G_CALLBACK (on_seek_data), feed);
}
