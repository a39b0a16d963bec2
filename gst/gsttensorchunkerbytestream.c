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

/*
 * The sink pad of GstTensorChunkerSrc, and the bytes the core reads from
 * it when tensorchunker has no location but an upstream element: the
 * seed's file-like object.
 *
 * Pull mode, when upstream can be pulled and seeked (filesrc): the core's
 * read pulls a range at the current offset and its seek moves the offset,
 * so every file FFmpeg can read from a path can be read this way (an MP4
 * with its index at the end included), and TIME seeks work.  The reads
 * and seeks run in the one thread the core reads in at a time (the
 * streaming thread, or the core's decode-ahead thread, which the core
 * stops before it reads or seeks anywhere else), so the offset needs no
 * lock of its own.
 *
 * Push mode, when upstream only pushes (fdsrc, a network source, appsrc
 * stream-type=stream, anything behind a queue): the chain function
 * appends to an adapter, and the core's read (in the streaming thread of
 * GstTensorChunkerSrc, or the core's decode-ahead thread) takes from it.
 * When upstream answers the SEEKING query in BYTES as seekable, with a
 * known size (appsrc stream-type=seekable, souphttpsrc against a server
 * with range requests, a filesrc behind a queue), the core's seek sends a
 * flushing BYTES seek upstream, as qtdemux does, and waits (up to
 * SEEK_TIMEOUT) for the segment that starts at the offset asked: what
 * comes before it is from before the seek.  A seek within the bytes
 * queued only skips them.  Otherwise the input is a stream (no seek
 * function): media FFmpeg can read forward works, media that needs to
 * seek fails with an error that says so.
 *
 * Locking (push mode): lock guards the adapter and the flags; cond is
 * signalled whenever data, room, EOS, a flush or the stop arrives.  The
 * reader waits for data (or EOS), the chain function for room; neither
 * waits once stopping or broken is set, and the chain function not while
 * flushing.  The source's own stop (PAUSED->READY, with the core
 * interrupted first) sets stopping, until the pad is activated again, so
 * an upstream flush-stop cannot undo it while the streaming thread is
 * being joined.
 *
 * Upstream flushes: the flush of a seek we asked for is expected.  Else,
 * before the core took any byte, a flush only drops what
 * was queued, and the reader goes on waiting for what comes after it.
 * Once it has read some, a demuxer in the middle of a stream cannot follow
 * a jump: the stream is broken, the read fails (the source's error says
 * upstream flushed) and the chain function answers EOS from then on, until
 * the pad is activated again.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>

#include <gst/base/gstadapter.h>

#include "gsttensorchunkerbytestream.h"
#include "gsttensorchunkerutils.h"

#define GST_CAT_DEFAULT gst_tensor_chunker_debug

/* Bytes held for the reader before the chain function waits: enough for
 * FFmpeg's probe and read-ahead, small enough not to hold a whole file. */
#define MAX_QUEUED (1024 * 1024)

/* Push mode, after a seek upstream failed. */
#define OFFSET_UNKNOWN G_MAXUINT64

/* How long upstream may take to send the data a seek asked for. */
#define SEEK_TIMEOUT (10 * G_TIME_SPAN_SECOND)

#define BYTE_STREAM_LOCK(bs) g_mutex_lock (&(bs)->lock)
#define BYTE_STREAM_UNLOCK(bs) g_mutex_unlock (&(bs)->lock)
#define BYTE_STREAM_WAIT(bs) g_cond_wait (&(bs)->cond, &(bs)->lock)
#define BYTE_STREAM_BROADCAST(bs) g_cond_broadcast (&(bs)->cond)

struct _GstTensorChunkerByteStream
{
  GstPad *pad;                  /* the sink pad, not owned */

  /* pull mode: the core's reading thread; push mode: lock */
  guint64 offset;

  GMutex lock;
  GCond cond;
  /* lock */
  GstPadMode mode;              /* set when the pad is activated */
  GstAdapter *adapter;
  gboolean eos;                 /* upstream sent EOS */
  gboolean flushing;            /* an upstream flush is in progress */
  guint64 taken;                /* bytes the reader took since activation */
  gboolean broken;              /* upstream flushed after bytes were taken */
  gboolean stopping;            /* the source stops reading */
  gboolean interrupted;         /* a seek of the source takes over */
  gboolean seekable;            /* push mode: upstream takes BYTES seeks */
  gboolean seek_pending;        /* a BYTES seek sent, its segment not come */
  guint64 seek_target;
  gchar *seek_failure;          /* why the last upstream seek failed */
};

/* Reads @size bytes at the offset, pulling from upstream.  Returns the
 * bytes read, 0 at the end, -1 on error or flushing. */
static gint
gst_tensor_chunker_byte_stream_pull (GstTensorChunkerByteStream * bs,
    guint8 * data, gint size)
{
  GstBuffer *buffer = NULL;
  GstFlowReturn ret;
  gsize n;

  ret = gst_pad_pull_range (bs->pad, bs->offset, size, &buffer);
  if (ret == GST_FLOW_EOS)
    return 0;
  if (ret != GST_FLOW_OK) {
    GST_DEBUG_OBJECT (bs->pad, "pull of %d bytes at %" G_GUINT64_FORMAT
        " returned %s", size, bs->offset, gst_flow_get_name (ret));
    return -1;
  }

  n = gst_buffer_extract (buffer, 0, data, size);
  gst_buffer_unref (buffer);
  bs->offset += n;
  return (gint) n;
}

/* Takes up to @size bytes from the adapter, waiting for them.  Returns the
 * bytes read, 0 at EOS, -1 when flushing or stopping. */
static gint
gst_tensor_chunker_byte_stream_take (GstTensorChunkerByteStream * bs,
    guint8 * data, gint size)
{
  gsize available;
  gint n = -1;

  BYTE_STREAM_LOCK (bs);
  /* after a failed seek upstream: what comes is from nowhere known, and
   * may never come (upstream took the seek and went silent) */
  if (bs->offset == OFFSET_UNKNOWN) {
    GST_DEBUG_OBJECT (bs->pad, "read refused: position unknown");
    goto done;
  }
  /* through a flush too: what comes after it is the data to read */
  while (!bs->stopping && !bs->broken && !bs->interrupted && (bs->flushing
          || (!bs->eos && gst_adapter_available (bs->adapter) == 0))) {
    GST_LOG_OBJECT (bs->pad, "waiting for data");
    BYTE_STREAM_WAIT (bs);
  }
  if (bs->stopping || bs->broken || bs->interrupted) {
    GST_DEBUG_OBJECT (bs->pad, "read refused: %s",
        bs->stopping ? "stopping" : bs->broken ? "upstream flushed" :
        "interrupted");
    goto done;
  }

  available = gst_adapter_available (bs->adapter);
  n = (gint) MIN (available, (gsize) size);
  if (n > 0) {
    gst_adapter_copy (bs->adapter, data, 0, n);
    gst_adapter_flush (bs->adapter, n);
    bs->taken += n;
    if (bs->offset != OFFSET_UNKNOWN)
      bs->offset += n;
    /* room for the chain function */
    BYTE_STREAM_BROADCAST (bs);
  }

done:
  BYTE_STREAM_UNLOCK (bs);
  return n;
}

/**
 * gst_tensor_chunker_byte_stream_read:
 *
 * The core's read function: from upstream, in the mode the pad was
 * activated in.
 */
gint
gst_tensor_chunker_byte_stream_read (gpointer user_data, guint8 * data,
    gint size)
{
  GstTensorChunkerByteStream *bs = user_data;
  GstPadMode mode;

  BYTE_STREAM_LOCK (bs);
  mode = bs->mode;
  BYTE_STREAM_UNLOCK (bs);

  if (mode == GST_PAD_MODE_PULL)
    return gst_tensor_chunker_byte_stream_pull (bs, data, size);
  if (mode == GST_PAD_MODE_PUSH)
    return gst_tensor_chunker_byte_stream_take (bs, data, size);
  return -1;
}

/* Upstream's size in bytes, -1 when unknown. */
static gint64
gst_tensor_chunker_byte_stream_size (GstTensorChunkerByteStream * bs)
{
  gint64 size = -1;

  if (!gst_pad_peer_query_duration (bs->pad, GST_FORMAT_BYTES, &size))
    return -1;
  return size;
}

/* Called with the lock, in push mode: sends a flushing BYTES seek to
 * @position upstream and waits for its segment.  FALSE, with the reason
 * in seek_failure, when upstream refuses it or sends nothing in time. */
static gboolean
gst_tensor_chunker_byte_stream_seek_upstream (GstTensorChunkerByteStream * bs,
    guint64 position)
{
  gint64 deadline = g_get_monotonic_time () + SEEK_TIMEOUT;
  GstEvent *seek;
  gboolean ok;

  g_clear_pointer (&bs->seek_failure, g_free);
  bs->seek_pending = TRUE;
  bs->seek_target = position;
  gst_adapter_clear (bs->adapter);
  BYTE_STREAM_UNLOCK (bs);
  GST_DEBUG_OBJECT (bs->pad, "seeking upstream to byte %" G_GUINT64_FORMAT,
      position);
  seek = gst_event_new_seek (1.0, GST_FORMAT_BYTES, GST_SEEK_FLAG_FLUSH |
      GST_SEEK_FLAG_ACCURATE, GST_SEEK_TYPE_SET, (gint64) position,
      GST_SEEK_TYPE_NONE, -1);
  ok = gst_pad_push_event (bs->pad, seek);
  BYTE_STREAM_LOCK (bs);

  if (!ok)
    bs->seek_failure = g_strdup_printf ("upstream refused a seek to byte %"
        G_GUINT64_FORMAT, position);
  while (ok && bs->seek_pending && !bs->stopping && !bs->interrupted) {
    if (!g_cond_wait_until (&bs->cond, &bs->lock, deadline) &&
        bs->seek_pending) {
      bs->seek_failure = g_strdup_printf ("upstream took a seek to byte %"
          G_GUINT64_FORMAT " but sent nothing from there within %d s",
          position, (gint) (SEEK_TIMEOUT / G_TIME_SPAN_SECOND));
      /* a demuxer tries again elsewhere: not another 10 s each time */
      bs->seekable = FALSE;
      ok = FALSE;
    }
  }
  ok = ok && !bs->seek_pending && bs->seek_failure == NULL;
  bs->seek_pending = FALSE;
  /* failed, where upstream is (and what it sends) is unknown: the next
   * seek goes upstream again */
  bs->offset = ok ? position : OFFSET_UNKNOWN;
  if (!ok)
    GST_DEBUG_OBJECT (bs->pad, "seek to byte %" G_GUINT64_FORMAT " failed: %s",
        position, bs->seek_failure ? bs->seek_failure : "interrupted");
  return ok;
}

/* In push mode: moves to @position, skipping queued bytes when it is among
 * them, else seeking upstream.  Returns the position or -1. */
static gint64
gst_tensor_chunker_byte_stream_push_seek (GstTensorChunkerByteStream * bs,
    gint64 position)
{
  gint64 ret = -1;
  gsize available;

  BYTE_STREAM_LOCK (bs);
  if (!bs->seekable || bs->stopping || bs->broken || bs->interrupted)
    goto done;
  available = gst_adapter_available (bs->adapter);
  if (bs->offset != OFFSET_UNKNOWN && (guint64) position >= bs->offset &&
      (guint64) position - bs->offset <= available) {
    gst_adapter_flush (bs->adapter, position - bs->offset);
    bs->offset = position;
    BYTE_STREAM_BROADCAST (bs);
    ret = position;
  } else if (gst_tensor_chunker_byte_stream_seek_upstream (bs, position)) {
    ret = position;
  }
done:
  BYTE_STREAM_UNLOCK (bs);
  return ret;
}

/**
 * gst_tensor_chunker_byte_stream_seek:
 *
 * The core's seek function: in pull mode it moves the offset the next pull
 * starts at, in push mode it seeks upstream; the size is upstream's BYTES
 * duration.
 */
gint64
gst_tensor_chunker_byte_stream_seek (gpointer user_data, gint64 offset,
    gint whence)
{
  GstTensorChunkerByteStream *bs = user_data;
  gint64 size, position, current;
  gboolean push;

  BYTE_STREAM_LOCK (bs);
  push = bs->mode == GST_PAD_MODE_PUSH;
  current = (gint64) bs->offset;
  BYTE_STREAM_UNLOCK (bs);

  switch (whence) {
    case SEEK_SET:
      position = offset;
      break;
    case SEEK_CUR:
      if ((guint64) current == OFFSET_UNKNOWN)
        return -1;
      position = current + offset;
      break;
    case SEEK_END:
      size = gst_tensor_chunker_byte_stream_size (bs);
      if (size < 0)
        return -1;
      position = size + offset;
      break;
    case TC_SEEK_SIZE:
      return gst_tensor_chunker_byte_stream_size (bs);
    default:
      return -1;
  }
  if (position < 0)
    return -1;

  GST_LOG_OBJECT (bs->pad, "seek to %" G_GINT64_FORMAT, position);
  if (push) {
    /* past upstream's end nothing would come (appsrc clamps such a seek),
     * and waiting for it would take SEEK_TIMEOUT: a damaged index asks
     * for such offsets */
    size = gst_tensor_chunker_byte_stream_size (bs);
    if (size >= 0 && position > size) {
      GST_DEBUG_OBJECT (bs->pad, "seek to %" G_GINT64_FORMAT " refused: "
          "upstream has %" G_GINT64_FORMAT " bytes", position, size);
      return -1;
    }
    return gst_tensor_chunker_byte_stream_push_seek (bs, position);
  }
  bs->offset = position;
  return position;
}

/* Pad functions */

static GstFlowReturn
gst_tensor_chunker_byte_stream_chain (GstPad * pad, GstObject * parent,
    GstBuffer * buffer)
{
  GstTensorChunkerByteStream *bs = gst_pad_get_element_private (pad);
  GstFlowReturn ret = GST_FLOW_OK;

  BYTE_STREAM_LOCK (bs);
  /* Wait for the reader to make room: upstream goes at the pace FFmpeg
   * reads. */
  while (!bs->flushing && !bs->stopping && !bs->broken && !bs->eos &&
      gst_adapter_available (bs->adapter) >= MAX_QUEUED) {
    GST_LOG_OBJECT (pad, "waiting for room");
    BYTE_STREAM_WAIT (bs);
  }
  if (bs->flushing || bs->stopping) {
    ret = GST_FLOW_FLUSHING;
    goto refused;
  }
  /* after EOS, or nobody reads any more: upstream can stop */
  if (bs->eos || bs->broken) {
    ret = GST_FLOW_EOS;
    goto refused;
  }

  /* sent before upstream took our seek: from before it */
  if (bs->seek_pending) {
    BYTE_STREAM_UNLOCK (bs);
    GST_LOG_OBJECT (pad, "dropping a buffer from before the seek");
    gst_buffer_unref (buffer);
    return GST_FLOW_OK;
  }
  gst_adapter_push (bs->adapter, buffer);
  BYTE_STREAM_BROADCAST (bs);
  BYTE_STREAM_UNLOCK (bs);
  return GST_FLOW_OK;

refused:
  {
    BYTE_STREAM_UNLOCK (bs);
    GST_DEBUG_OBJECT (pad, "refusing buffer: %s", gst_flow_get_name (ret));
    gst_buffer_unref (buffer);
    return ret;
  }
}

/* The segment that answers our seek: the data from the offset asked
 * follows it (anything queued is from before).  Other segments say
 * nothing the core needs. */
static void
gst_tensor_chunker_byte_stream_segment (GstTensorChunkerByteStream * bs,
    GstEvent * event)
{
  const GstSegment *segment;

  gst_event_parse_segment (event, &segment);
  BYTE_STREAM_LOCK (bs);
  if (bs->seek_pending && segment->format == GST_FORMAT_BYTES) {
    if (segment->start != bs->seek_target)
      bs->seek_failure = g_strdup_printf ("upstream was asked to seek to "
          "byte %" G_GUINT64_FORMAT " and went to byte %" G_GUINT64_FORMAT,
          bs->seek_target, segment->start);
    GST_DEBUG_OBJECT (bs->pad, "segment from byte %" G_GUINT64_FORMAT
        " after our seek", segment->start);
    gst_adapter_clear (bs->adapter);
    bs->eos = FALSE;
    bs->seek_pending = FALSE;
    BYTE_STREAM_BROADCAST (bs);
  }
  BYTE_STREAM_UNLOCK (bs);
}

static gboolean
gst_tensor_chunker_byte_stream_event (GstPad * pad, GstObject * parent,
    GstEvent * event)
{
  GstTensorChunkerByteStream *bs = gst_pad_get_element_private (pad);

  GST_LOG_OBJECT (pad, "event %" GST_PTR_FORMAT, event);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_EOS:
      BYTE_STREAM_LOCK (bs);
      bs->eos = TRUE;
      BYTE_STREAM_BROADCAST (bs);
      BYTE_STREAM_UNLOCK (bs);
      break;
    case GST_EVENT_FLUSH_START:
      BYTE_STREAM_LOCK (bs);
      bs->flushing = TRUE;
      if (bs->taken > 0 && !bs->seek_pending) {
        GST_DEBUG_OBJECT (pad, "flushed after %" G_GUINT64_FORMAT " bytes "
            "were read: the stream is broken", bs->taken);
        bs->broken = TRUE;
      }
      BYTE_STREAM_BROADCAST (bs);
      BYTE_STREAM_UNLOCK (bs);
      break;
    case GST_EVENT_FLUSH_STOP:
      BYTE_STREAM_LOCK (bs);
      bs->flushing = FALSE;
      bs->eos = FALSE;
      gst_adapter_clear (bs->adapter);
      BYTE_STREAM_BROADCAST (bs);
      BYTE_STREAM_UNLOCK (bs);
      break;
    case GST_EVENT_SEGMENT:
      gst_tensor_chunker_byte_stream_segment (bs, event);
      break;
    default:
      /* Caps, tags: the bytes are all the core needs; the outputs make
       * their own events. */
      break;
  }

  gst_event_unref (event);
  return TRUE;
}

static gboolean
gst_tensor_chunker_byte_stream_activate (GstPad * pad, GstObject * parent)
{
  GstQuery *query = gst_query_new_scheduling ();
  gboolean pull = FALSE;

  /* Pull only from an upstream that can also seek: FFmpeg reads at
   * offsets. */
  if (gst_pad_peer_query (pad, query))
    pull = gst_query_has_scheduling_mode_with_flags (query,
        GST_PAD_MODE_PULL, GST_SCHEDULING_FLAG_SEEKABLE);
  gst_query_unref (query);

  GST_DEBUG_OBJECT (pad, "activating in %s mode", pull ? "pull" : "push");
  return gst_pad_activate_mode (pad, pull ? GST_PAD_MODE_PULL :
      GST_PAD_MODE_PUSH, TRUE);
}

static gboolean
gst_tensor_chunker_byte_stream_activate_mode (GstPad * pad, GstObject * parent,
    GstPadMode mode, gboolean active)
{
  GstTensorChunkerByteStream *bs = gst_pad_get_element_private (pad);

  BYTE_STREAM_LOCK (bs);
  gst_adapter_clear (bs->adapter);
  bs->eos = FALSE;
  bs->flushing = FALSE;
  bs->taken = 0;
  bs->broken = FALSE;
  bs->seekable = FALSE;
  bs->seek_pending = FALSE;
  bs->interrupted = FALSE;
  g_clear_pointer (&bs->seek_failure, g_free);
  if (active) {
    bs->mode = mode;
    bs->stopping = FALSE;
    bs->offset = 0;
  } else {
    bs->mode = GST_PAD_MODE_NONE;
    bs->stopping = TRUE;
    BYTE_STREAM_BROADCAST (bs);
  }
  BYTE_STREAM_UNLOCK (bs);

  return TRUE;
}

/* Public */

/**
 * gst_tensor_chunker_byte_stream_new:
 * @sinkpad: the sink pad to read; its functions are set here
 */
GstTensorChunkerByteStream *
gst_tensor_chunker_byte_stream_new (GstPad * sinkpad)
{
  GstTensorChunkerByteStream *bs = g_new0 (GstTensorChunkerByteStream, 1);

  bs->pad = sinkpad;
  g_mutex_init (&bs->lock);
  g_cond_init (&bs->cond);
  bs->adapter = gst_adapter_new ();
  bs->mode = GST_PAD_MODE_NONE;
  bs->stopping = TRUE;

  gst_pad_set_element_private (sinkpad, bs);
  gst_pad_set_activate_function (sinkpad,
      gst_tensor_chunker_byte_stream_activate);
  gst_pad_set_activatemode_function (sinkpad,
      gst_tensor_chunker_byte_stream_activate_mode);
  gst_pad_set_chain_function (sinkpad, gst_tensor_chunker_byte_stream_chain);
  gst_pad_set_event_function (sinkpad, gst_tensor_chunker_byte_stream_event);

  return bs;
}

void
gst_tensor_chunker_byte_stream_free (GstTensorChunkerByteStream * bs)
{
  g_object_unref (bs->adapter);
  g_free (bs->seek_failure);
  g_mutex_clear (&bs->lock);
  g_cond_clear (&bs->cond);
  g_free (bs);
}

/* GST_PAD_MODE_NONE while the pad is inactive. */
GstPadMode
gst_tensor_chunker_byte_stream_get_mode (GstTensorChunkerByteStream * bs)
{
  GstPadMode mode;

  BYTE_STREAM_LOCK (bs);
  mode = bs->mode;
  BYTE_STREAM_UNLOCK (bs);

  return mode;
}

/**
 * gst_tensor_chunker_byte_stream_query_uri:
 *
 * Returns: (transfer full) (nullable): upstream's URI (where a redirection
 * led, if it says), for FFmpeg's name hint.
 */
gchar *
gst_tensor_chunker_byte_stream_query_uri (GstTensorChunkerByteStream * bs)
{
  GstQuery *query = gst_query_new_uri ();
  gchar *uri = NULL, *redirect = NULL;

  if (gst_pad_peer_query (bs->pad, query)) {
    gst_query_parse_uri (query, &uri);
    gst_query_parse_uri_redirection (query, &redirect);
  }
  gst_query_unref (query);

  if (redirect != NULL) {
    g_free (uri);
    uri = redirect;
  }
  GST_DEBUG_OBJECT (bs->pad, "upstream URI: %s", GST_STR_NULL (uri));
  return uri;
}

/**
 * gst_tensor_chunker_byte_stream_stop:
 *
 * Makes a read or a chain function waiting return now, and every later one
 * until the pad is activated again.  Interrupt the core first, so that the
 * failed read is taken for the interruption it is.
 */
void
gst_tensor_chunker_byte_stream_stop (GstTensorChunkerByteStream * bs)
{
  BYTE_STREAM_LOCK (bs);
  bs->stopping = TRUE;
  BYTE_STREAM_BROADCAST (bs);
  BYTE_STREAM_UNLOCK (bs);
}

/* Whether upstream flushed in the middle of the stream since the pad was
 * activated: reads fail for that reason, not for an error of their own. */
gboolean
gst_tensor_chunker_byte_stream_upstream_flushed (GstTensorChunkerByteStream *
    bs)
{
  gboolean broken;

  BYTE_STREAM_LOCK (bs);
  broken = bs->broken;
  BYTE_STREAM_UNLOCK (bs);

  return broken;
}

/**
 * gst_tensor_chunker_byte_stream_can_seek:
 *
 * Whether the core can seek in the byte stream: in pull mode always; in
 * push mode when upstream answers the SEEKING query in BYTES as seekable
 * from 0 to a known size (as qtdemux asks: without a size, seeking is not
 * worth trying).  Asked when the source opens, once upstream's first
 * bytes came (souphttpsrc knows whether the server takes ranges by then).
 */
gboolean
gst_tensor_chunker_byte_stream_can_seek (GstTensorChunkerByteStream * bs)
{
  GstQuery *query;
  gboolean seekable = FALSE;
  gint64 start = -1, stop = -1;

  if (gst_tensor_chunker_byte_stream_get_mode (bs) == GST_PAD_MODE_PULL)
    return TRUE;
  /* upstream knows once it sent something (a source that has not started
   * does not know its size) */
  BYTE_STREAM_LOCK (bs);
  while (!bs->stopping && !bs->broken && !bs->interrupted && !bs->eos &&
      gst_adapter_available (bs->adapter) == 0)
    BYTE_STREAM_WAIT (bs);
  BYTE_STREAM_UNLOCK (bs);
  query = gst_query_new_seeking (GST_FORMAT_BYTES);
  if (gst_pad_peer_query (bs->pad, query))
    gst_query_parse_seeking (query, NULL, &seekable, &start, &stop);
  gst_query_unref (query);
  if (seekable && stop <= 0)
    stop = gst_tensor_chunker_byte_stream_size (bs);
  seekable = seekable && start == 0 && stop > 0;
  GST_DEBUG_OBJECT (bs->pad, "upstream %s seek (bytes %" G_GINT64_FORMAT
      " to %" G_GINT64_FORMAT ")", seekable ? "can" : "cannot", start, stop);

  BYTE_STREAM_LOCK (bs);
  bs->seekable = seekable;
  BYTE_STREAM_UNLOCK (bs);
  return seekable;
}

/**
 * gst_tensor_chunker_byte_stream_interrupt:
 *
 * While @interrupted, a read or a seek waiting for upstream returns now
 * (a seek of the source interrupts the core, then this).
 */
void
gst_tensor_chunker_byte_stream_interrupt (GstTensorChunkerByteStream * bs,
    gboolean interrupted)
{
  BYTE_STREAM_LOCK (bs);
  bs->interrupted = interrupted;
  BYTE_STREAM_BROADCAST (bs);
  BYTE_STREAM_UNLOCK (bs);
}

/**
 * gst_tensor_chunker_byte_stream_seek_failure:
 *
 * Returns: (transfer full) (nullable): why the last seek upstream failed.
 */
gchar *
gst_tensor_chunker_byte_stream_seek_failure (GstTensorChunkerByteStream * bs)
{
  gchar *failure;

  BYTE_STREAM_LOCK (bs);
  failure = g_strdup (bs->seek_failure);
  BYTE_STREAM_UNLOCK (bs);
  return failure;
}
