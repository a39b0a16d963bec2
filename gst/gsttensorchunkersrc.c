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

/*
 * GstTensorChunkerSrc is the element inside the tensorchunker bin that owns
 * the core's TcSource and the one streaming thread reading it, like a
 * demuxer does: the thread calls tc_source_step() in a loop and pushes every
 * chunk the core finishes on the internal src pad of its output, from the
 * core's chunk callback (with decode-ahead, the core reads and decodes in
 * a thread of its own, and the steps filter what it decoded: the callbacks
 * still come from this thread).  It is not registered as a feature: only the bin
 * makes it, and the bin drives it (opens the source, creates and removes
 * the outputs around the state changes).
 *
 * Without a location it reads the byte stream of its sink pad (see
 * gsttensorchunkerbytestream.c): opened at READY->PAUSED when upstream can
 * be pulled, or by the streaming thread as the first thing it does when
 * upstream pushes; then the bin's opened function configures the outputs.
 *
 * Locking
 * -------
 * STREAM_LOCK (a GRecMutex, also the GstTask's lock, so it is held during
 *   every iteration of the loop): serialises every call into the core,
 *   which is not thread-safe (tc_source_interrupt() excepted), and guards
 *   the streaming state: the flow combiner, the per-output event and caps
 *   state, last_chunk, consumed.  The core's callbacks run with it held.
 *   A seek interrupts the core and pauses the task before taking it, so it
 *   never waits for a whole read or for a full queue.
 * seek_lock (a GRecMutex): held by a seek from its checks to its end, so
 *   that seeks of several threads take turns; taken before STREAM_LOCK.
 * OBJECT_LOCK: guards what other threads read while streaming: the cached
 *   source information (streams, defaults, duration, seekability, URI), the
 *   output positions, the removed flags, streaming and seek_seqnum.
 * outputs: changed only with both locks held, so it can be read with
 *   either.
 *
 * Live sources
 * ------------
 * A live source (a capture device, or is-live) reads only in PLAYING: the
 * task starts at PAUSED->PLAYING and pauses at PLAYING->PAUSED, where the
 * element returns NO_PREROLL.  Each chunk is stamped with the running time
 * its first frame was captured at, through one mapping from the core's
 * timeline to the running time shared by every output (so outputs whose
 * chunks line up on the source keep the same timestamps), checked against
 * the capture time of every chunk and set again when they drift apart.
 * The output queues leak their oldest chunk when full; the pools the
 * chunks come from count the drops (see GstTensorChunkerPool).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include <gst/base/gstflowcombiner.h>

#include "gsttensorchunkersrc.h"
#include "gsttensorchunkerbytestream.h"

#define GST_CAT_DEFAULT gst_tensor_chunker_debug

#define GST_TENSOR_CHUNKER_SRC_STREAM_LOCK(s) g_rec_mutex_lock (&(s)->stream_lock)
#define GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK(s) g_rec_mutex_unlock (&(s)->stream_lock)

/* Live sources: a chunk whose capture time and place on the source's
 * timeline disagree with the mapping by more than this sets the mapping
 * again (audiobasesrc's alignment threshold has the same default). */
#define LIVE_RESYNC_THRESHOLD (40 * GST_MSECOND)
/* A capture time more than this ahead of the wallclock, or older than the
 * chunk's own duration by more than LIVE_MAX_AGE, is not believed. */
#define LIVE_MAX_AHEAD (20 * GST_MSECOND)
#define LIVE_MAX_AGE GST_SECOND

/* One output: an internal src pad and, between READY->PAUSED and
 * PAUSED->READY, the core output feeding it. */
typedef struct
{
  GstPad *pad;                  /* owned */
  gint id;                      /* core output id, -1 when not configured */
  gboolean removed;             /* object lock: released while streaming */
  GstClockTime position;        /* object lock: end of the last chunk */

  /* set when configured, constant while streaming */
  guint frames_per_chunk;
  gboolean nhwc;
  gchar *stream_id;
  GstStream *stream;            /* carries the caps of a full chunk */

  /* stream lock */
  gboolean need_stream_start;
  gboolean need_collection;
  gboolean need_segment;
  GstSegment segment;
  guint32 segment_seqnum;
  GstCaps *caps;                /* the caps last pushed, NULL for none */
  gboolean short_caps;          /* they are those of a short chunk */
  gboolean eos;                 /* EOS was pushed */
  guint64 processed;            /* chunks pushed since the run or seek started */
  guint64 skipped_told;         /* the decoder's skipped packets last warned of */
  GstBufferPool *pool;          /* recycles chunk memory of one size */
  gsize pool_size;

  /* live sources, stream lock */
  guint buffer_chunk_size;      /* the chunks the output queue holds */
  GstClockTime last_pts;        /* of the last chunk pushed */
  gboolean resynced;            /* the mapping to running time changed */
  guint64 dropped;              /* of them, dropped by the queue */
  guint n_leaked;               /* dropped while pushing the current chunk */
  GstClockTime leaked_pts;      /* running time of the last one dropped */

  /* live sources, object lock: what the latency query answers */
  GstClockTime capture_latency;
  GstClockTime chunk_duration;
  gboolean latency_answered;    /* a latency query was answered */
} GstTensorChunkerOutput;

/* The handle the core keeps for a chunk in progress: the buffer, mapped
 * writable, that the core writes the frames into. */
typedef struct
{
  GstBuffer *buffer;
  GstMapInfo map;
} GstTensorChunkerChunk;

struct _GstTensorChunkerSrc
{
  GstElement parent;

  GRecMutex stream_lock;
  GstTask *task;
  /* held by a seek from start to end: seeks one at a time (recursive: a
   * seek sent from what the seek itself calls, a flush probe or a bus sync
   * handler, nests as before, rather than deadlocking) */
  GRecMutex seek_lock;

  /* stream lock */
  TcSource *source;
  gchar *location;
  gchar *format;
  gchar **options;
  gboolean consumed;            /* read from since opened or rewound */
  GstFlowCombiner *combiner;
  GstFlowReturn flow;           /* combined flow of the chunks pushed in one step */
  GstTensorChunkerLastChunk last_chunk;
  guint group_id;
  gboolean realtime;            /* live, not a device: the core paces it */
  gboolean live_synced;         /* live_offset is set */
  GstClockTimeDiff live_offset; /* running time - time on the core's timeline */
  gboolean warned_capture;      /* a capture time was not believed */
  gboolean byte_stream;         /* reading the sink pad, not a location */
  gchar *upstream_uri;          /* what upstream said it reads */
  GstTensorChunkerSrcOpenedFunc opened_func;
  gpointer opened_data;

  GstPad *sinkpad;
  GstTensorChunkerByteStream *bytes;

  /* both locks to change, either to read */
  GPtrArray *outputs;           /* GstTensorChunkerOutput */

  /* object lock */
  gchar *uri;
  GValue source_streams;
  gint default_audio;
  gint default_video;
  GstClockTime duration;
  gboolean seekable;
  GstStreamCollection *collection;
  gboolean streaming;           /* between start and stop: seeks are welcome */
  guint32 seek_seqnum;          /* the last seek handled */
  gboolean live;                /* set at READY->PAUSED */
  guint n_streaming;            /* outputs configured at start */
  gint64 playing_since;         /* wallclock (ns) of the last PAUSED->PLAYING */
  gboolean resync;              /* PLAYING again: the loop starts afresh */
};

enum
{
  SIGNAL_DROPPED,
  LAST_SIGNAL
};

static guint gst_tensor_chunker_src_signals[LAST_SIGNAL];

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src_%s",
    GST_PAD_SRC,
    GST_PAD_SOMETIMES,
    GST_STATIC_CAPS ("application/x-tensor"));

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS_ANY);

G_DEFINE_TYPE (GstTensorChunkerSrc, gst_tensor_chunker_src, GST_TYPE_ELEMENT);

static gpointer gst_tensor_chunker_src_on_alloc (gpointer user_data,
    gint output, gsize size, gpointer * handle);
static void gst_tensor_chunker_src_on_chunk (gpointer user_data,
    const TcChunk * chunk);
static void gst_tensor_chunker_src_on_release (gpointer user_data,
    gint output, gpointer handle);

static const TcCallbacks callbacks = {
  gst_tensor_chunker_src_on_alloc,
  gst_tensor_chunker_src_on_chunk,
  gst_tensor_chunker_src_on_release,
};

static GstClockTime
time_from_tc (gint64 t)
{
  if (t == TC_TIME_NONE)
    return GST_CLOCK_TIME_NONE;
  /* The core's timeline starts at the container's start time, so a frame
   * before it is at most a few priming samples early: it starts at 0. */
  return t < 0 ? 0 : (GstClockTime) t;
}

/* Outputs */

/* Called with the stream lock (the core's callbacks run with it). */
static GstTensorChunkerOutput *
gst_tensor_chunker_src_find_output (GstTensorChunkerSrc * self, gint id)
{
  guint i;

  for (i = 0; i < self->outputs->len; i++) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);

    if (output->id == id)
      return output;
  }
  return NULL;
}

static void
gst_tensor_chunker_output_clear_pool (GstTensorChunkerOutput * output)
{
  if (output->pool == NULL)
    return;

  /* Buffers still in the queues are freed when they come back. */
  gst_buffer_pool_set_active (output->pool, FALSE);
  gst_clear_object (&output->pool);
  output->pool_size = 0;
}

/* Called with the stream lock.  Takes the output out of the core; the pad
 * stays, ready to be configured again. */
static void
gst_tensor_chunker_src_unconfigure_output (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output)
{
  if (output->id < 0)
    return;

  GST_DEBUG_OBJECT (output->pad, "removing core output %d", output->id);
  tc_source_remove_output (self->source, output->id);
  output->id = -1;
  gst_flow_combiner_remove_pad (self->combiner, output->pad);
  gst_tensor_chunker_output_clear_pool (output);
  gst_clear_caps (&output->caps);
  gst_clear_object (&output->stream);
  g_clear_pointer (&output->stream_id, g_free);
}

static void
gst_tensor_chunker_output_free (GstTensorChunkerOutput * output)
{
  g_assert (output->id < 0);
  gst_object_unref (output->pad);
  g_free (output);
}

/* Called with the stream lock: drops the outputs whose pads were released
 * while the streaming thread was busy. */
static void
gst_tensor_chunker_src_drop_removed_outputs (GstTensorChunkerSrc * self)
{
  GPtrArray *removed = NULL;
  guint i;

  GST_OBJECT_LOCK (self);
  for (i = 0; i < self->outputs->len;) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);

    if (!output->removed) {
      i++;
      continue;
    }
    if (removed == NULL)
      removed = g_ptr_array_new ();
    g_ptr_array_add (removed, output);
    g_ptr_array_remove_index (self->outputs, i);
    /* Freed below, while the pad may still be there: a pad marked by
     * gst_tensor_chunker_src_release_output() is removed after, and
     * gst_tensor_chunker_src_remove_pad() wrote to the freed output (ASan,
     * tests/check/stress.c, test_release_while_playing). */
    gst_pad_set_element_private (output->pad, NULL);
  }
  GST_OBJECT_UNLOCK (self);

  if (removed == NULL)
    return;

  for (i = 0; i < removed->len; i++) {
    GstTensorChunkerOutput *output = g_ptr_array_index (removed, i);

    gst_tensor_chunker_src_unconfigure_output (self, output);
    gst_tensor_chunker_output_free (output);
  }
  g_ptr_array_free (removed, TRUE);
}

/* Caps */

static GstCaps *
gst_tensor_chunker_make_caps (const TcOutputInfo * info, guint n_frames,
    gboolean nhwc)
{
  GstStructure *s;
  GValue dims = G_VALUE_INIT;
  gint fps_n = 0, fps_d = 1;
  guint i;

  gst_value_array_init (&dims, info->n_dims);
  for (i = 0; i < info->n_dims; i++) {
    GValue dim = G_VALUE_INIT;

    g_value_init (&dim, G_TYPE_INT);
    g_value_set_int (&dim, i == 0 ? (gint) n_frames : (gint) info->dims[i]);
    gst_value_array_append_and_take_value (&dims, &dim);
  }

  s = gst_structure_new ("application/x-tensor",
      "type", G_TYPE_STRING, tc_dtype_name (info->dtype), NULL);
  gst_structure_take_value (s, "dims", &dims);
  gst_structure_set (s, "dims-order", G_TYPE_STRING, "row-major", NULL);

  /* framerate is the rate of the chunks, the rate of the frames inside
   * divided by frames-per-chunk; it stays the nominal one for a short
   * chunk. */
  if (info->media_type == TC_MEDIA_AUDIO) {
    if (info->sample_rate > 0)
      gst_util_fraction_multiply (info->sample_rate, 1, 1,
          info->frames_per_chunk, &fps_n, &fps_d);
    gst_structure_set (s, "media", G_TYPE_STRING, "audio",
        "format", G_TYPE_STRING, info->format,
        "rate", G_TYPE_INT, info->sample_rate,
        "channels", G_TYPE_INT, info->channels,
        "framerate", GST_TYPE_FRACTION, fps_n, fps_d, NULL);
  } else {
    gint rate_n = 0, rate_d = 1;

    if (info->frame_rate_n > 0 && info->frame_rate_d > 0) {
      rate_n = info->frame_rate_n;
      rate_d = info->frame_rate_d;
      gst_util_fraction_multiply (rate_n, rate_d, 1, info->frames_per_chunk,
          &fps_n, &fps_d);
    }
    gst_structure_set (s, "media", G_TYPE_STRING, "video",
        "format", G_TYPE_STRING, info->format,
        "layout", G_TYPE_STRING, nhwc ? "nhwc" : "nchw",
        "width", G_TYPE_INT, info->width,
        "height", G_TYPE_INT, info->height,
        "frame-rate", GST_TYPE_FRACTION, rate_n, rate_d,
        "framerate", GST_TYPE_FRACTION, fps_n, fps_d, NULL);
  }

  return gst_caps_new_full (s, NULL);
}

/* Streaming: events */

/* Called with the stream lock, from the streaming thread.  Pushes the
 * sticky events the output owes before data or EOS, in the order they
 * must come: stream-start, caps, segment, stream-collection.  @caps are the
 * caps of the data to come; NULL keeps the current ones (or, before any,
 * those of a full chunk). */
static void
gst_tensor_chunker_src_push_pending_events (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output, GstCaps * caps)
{
  GstEvent *event;

  if (output->need_stream_start) {
    event = gst_event_new_stream_start (output->stream_id);
    gst_event_set_group_id (event, self->group_id);
    gst_event_set_stream (event, output->stream);
    gst_pad_push_event (output->pad, event);
    output->need_stream_start = FALSE;
  }

  if (caps == NULL && output->caps == NULL)
    caps = gst_stream_get_caps (output->stream);
  else if (caps != NULL)
    gst_caps_ref (caps);
  if (caps != NULL) {
    if (output->caps == NULL || !gst_caps_is_equal (caps, output->caps)) {
      GST_DEBUG_OBJECT (output->pad, "caps %" GST_PTR_FORMAT, caps);
      gst_pad_push_event (output->pad, gst_event_new_caps (caps));
      gst_caps_replace (&output->caps, caps);
    }
    gst_caps_unref (caps);
  }

  if (output->need_segment) {
    GST_DEBUG_OBJECT (output->pad, "segment %" GST_SEGMENT_FORMAT,
        &output->segment);
    event = gst_event_new_segment (&output->segment);
    gst_event_set_seqnum (event, output->segment_seqnum);
    gst_pad_push_event (output->pad, event);
    output->need_segment = FALSE;
  }

  if (output->need_collection) {
    GstStreamCollection *collection;

    GST_OBJECT_LOCK (self);
    collection = self->collection ? gst_object_ref (self->collection) : NULL;
    GST_OBJECT_UNLOCK (self);
    if (collection != NULL) {
      gst_pad_push_event (output->pad,
          gst_event_new_stream_collection (collection));
      gst_object_unref (collection);
    }
    output->need_collection = FALSE;
  }
}

/* Called with the stream lock. */
static void
gst_tensor_chunker_src_push_eos (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output)
{
  if (output->eos || output->id < 0)
    return;

  /* An output nobody links gets no EOS: its queue would answer it with a
   * not-linked error of its own, while not-linked outputs are fine as long
   * as one is linked (and the flow combiner reports it when none is). */
  if (gst_pad_get_last_flow_return (output->pad) == GST_FLOW_NOT_LINKED) {
    GST_DEBUG_OBJECT (output->pad, "not linked, no EOS");
    output->eos = TRUE;
    return;
  }

  gst_tensor_chunker_src_push_pending_events (self, output, NULL);
  GST_DEBUG_OBJECT (output->pad, "pushing EOS");
  gst_pad_push_event (output->pad, gst_event_new_eos ());
  output->eos = TRUE;
}

static void
gst_tensor_chunker_src_push_eos_all (GstTensorChunkerSrc * self)
{
  guint i;

  for (i = 0; i < self->outputs->len; i++)
    gst_tensor_chunker_src_push_eos (self, g_ptr_array_index (self->outputs,
            i));
}

/* Called with the stream lock, at the end of the input: damaged data the
 * decoders skipped is no error (the decoding goes on at the next packet it
 * can decode), but the user should know, above all when an output got
 * nothing at all. */
static void
gst_tensor_chunker_src_warn_skipped (GstTensorChunkerSrc * self)
{
  GstElement *element = GST_ELEMENT_PARENT (self) ?
      GST_ELEMENT_PARENT (self) : GST_ELEMENT (self);
  guint i;

  for (i = 0; i < self->outputs->len; i++) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);
    const TcOutputInfo *info;
    const TcStreamInfo *stream;
    const gchar *codec, *name;
    guint64 skipped;

    if (output->id < 0)
      continue;
    info = tc_source_get_output_info (self->source, output->id);
    stream = tc_source_get_stream_info (self->source, info->source_index);
    skipped = tc_source_skipped (self->source, info->source_index);
    if (skipped <= output->skipped_told)
      continue;
    codec = stream->codec ? stream->codec : "unknown";
    /* the user knows the bin's pad: "src_audio_0" is its "audio_0" */
    name = GST_PAD_NAME (output->pad) + strlen ("src_");

    if (output->processed == 0)
      GST_ELEMENT_WARNING (element, STREAM, DECODE,
          ("Pad %s got nothing: the %s decoder of stream %d refused all it "
              "was given as damaged (%" G_GUINT64_FORMAT " packets)",
              name, codec, info->source_index, skipped), (NULL));
    else
      GST_ELEMENT_WARNING (element, STREAM, DECODE,
          ("Pad %s: the %s decoder of stream %d skipped %" G_GUINT64_FORMAT
              " damaged packets; the chunks hold what it could decode",
              name, codec, info->source_index,
              skipped - output->skipped_told), (NULL));
    output->skipped_told = skipped;
  }
}

/* Called with the stream lock: TRUE when every configured output has
 * pushed EOS (the seek's stop was reached on all of them). */
static gboolean
gst_tensor_chunker_src_all_eos (GstTensorChunkerSrc * self)
{
  gboolean any = FALSE;
  guint i;

  for (i = 0; i < self->outputs->len; i++) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);

    if (output->id < 0)
      continue;
    if (!output->eos)
      return FALSE;
    any = TRUE;
  }
  return any;
}

/* Called with the stream lock: the state every output starts a run, or a
 * seek, with. */
static void
gst_tensor_chunker_src_reset_segments (GstTensorChunkerSrc * self,
    GstClockTime start, GstClockTime stop, guint32 seqnum)
{
  guint i;

  for (i = 0; i < self->outputs->len; i++) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);

    gst_segment_init (&output->segment, GST_FORMAT_TIME);
    output->segment.start = start;
    output->segment.time = start;
    output->segment.position = start;
    output->segment.stop = stop;
    output->segment_seqnum = seqnum;
    output->need_segment = TRUE;
    output->eos = FALSE;

    GST_OBJECT_LOCK (self);
    output->position = start;
    GST_OBJECT_UNLOCK (self);
  }
  gst_flow_combiner_reset (self->combiner);
}

/* Streaming: the core's callbacks */

/*
 * GstTensorChunkerPool: the buffer pool of an output, which tells the
 * chunks a leaky output queue drops.  GstQueue drops its oldest chunk
 * inside the chain function, that is inside our gst_pad_push(), in the
 * streaming thread, and the chunk goes back to its pool right there, as it
 * held the last reference.  So a chunk that comes back to a pool in the
 * streaming thread while that thread pushes a chunk was dropped by the
 * queue being pushed into.  (The queue's "overrun" signal cannot count
 * them: the queue looks again once the signal returns, and drops nothing
 * when the consumer took a chunk meanwhile.)  While pushing, the thread
 * points pushing_output at the output; a chunk the push itself refuses
 * (flushing, EOS) comes back too, so drops count only after a push
 * returned OK.
 */
static GPrivate pushing_output;

typedef GstBufferPool GstTensorChunkerPool;
typedef GstBufferPoolClass GstTensorChunkerPoolClass;

static GType gst_tensor_chunker_pool_get_type (void);
G_DEFINE_TYPE (GstTensorChunkerPool, gst_tensor_chunker_pool,
    GST_TYPE_BUFFER_POOL);

static void
gst_tensor_chunker_pool_reset_buffer (GstBufferPool * pool, GstBuffer * buffer)
{
  GstTensorChunkerOutput *output = g_private_get (&pushing_output);

  if (output != NULL) {
    output->n_leaked++;
    output->leaked_pts = GST_BUFFER_PTS (buffer);
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

static gpointer
gst_tensor_chunker_src_on_alloc (gpointer user_data, gint id, gsize size,
    gpointer * handle)
{
  GstTensorChunkerSrc *self = user_data;
  GstTensorChunkerOutput *output;
  GstTensorChunkerChunk *chunk;
  GstBuffer *buffer = NULL;

  output = gst_tensor_chunker_src_find_output (self, id);
  if (output != NULL) {
    /* A pool per output recycles the chunk memory: chunks are large (a
     * second of 1080p RGB is 190 MB) and all of one size, so reuse saves
     * the allocation and the page faults of fresh memory. */
    if (output->pool == NULL || output->pool_size != size) {
      GstStructure *config;

      gst_tensor_chunker_output_clear_pool (output);
      output->pool = g_object_new (gst_tensor_chunker_pool_get_type (), NULL);
      gst_object_ref_sink (output->pool);
      config = gst_buffer_pool_get_config (output->pool);
      gst_buffer_pool_config_set_params (config, NULL, size, 0, 0);
      if (gst_buffer_pool_set_config (output->pool, config) &&
          gst_buffer_pool_set_active (output->pool, TRUE)) {
        output->pool_size = size;
      } else {
        GST_WARNING_OBJECT (output->pad, "no buffer pool for %"
            G_GSIZE_FORMAT " bytes", size);
        gst_clear_object (&output->pool);
      }
    }
    if (output->pool != NULL)
      gst_buffer_pool_acquire_buffer (output->pool, &buffer, NULL);
  }
  if (buffer == NULL)
    buffer = gst_buffer_new_allocate (NULL, size, NULL);
  if (buffer == NULL)
    return NULL;

  chunk = g_new (GstTensorChunkerChunk, 1);
  if (!gst_buffer_map (buffer, &chunk->map, GST_MAP_WRITE)) {
    gst_buffer_unref (buffer);
    g_free (chunk);
    return NULL;
  }
  chunk->buffer = buffer;
  *handle = chunk;

  return chunk->map.data;
}

static GstBuffer *
gst_tensor_chunker_chunk_finish (GstTensorChunkerChunk * chunk)
{
  GstBuffer *buffer = chunk->buffer;

  gst_buffer_unmap (buffer, &chunk->map);
  g_free (chunk);
  return buffer;
}

static void
gst_tensor_chunker_src_on_release (gpointer user_data, gint id, gpointer handle)
{
  gst_buffer_unref (gst_tensor_chunker_chunk_finish (handle));
}

/* Called with the stream lock: the next chunk of every output carries
 * DISCONT, as the mapping to running time changed. */
static void
gst_tensor_chunker_src_mark_resynced (GstTensorChunkerSrc * self)
{
  guint i;

  for (i = 0; i < self->outputs->len; i++) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);

    output->resynced = TRUE;
  }
}

/* The running time at which the wallclock was @capture (ns of
 * g_get_real_time()), in a chunk of @duration: the clock now, less the
 * time since the capture.  Sets *@age to the time since the capture and
 * returns FALSE when @capture is not to be believed: absent, ahead of the
 * wallclock, or much older than the chunk (a device's timestamps that are
 * not what they seem); the running time is then that of now less the
 * chunk's duration, as if the chunk had just been captured. */
static gboolean
gst_tensor_chunker_src_capture_running_time (GstClockTime now,
    gint64 capture, GstClockTime duration, GstClockTimeDiff * running_time)
{
  GstClockTimeDiff age = (GstClockTimeDiff) duration;
  gboolean believed = FALSE;

  if (capture != TC_TIME_NONE) {
    GstClockTimeDiff real_age = g_get_real_time () * 1000 - capture;

    if (real_age >= -(GstClockTimeDiff) LIVE_MAX_AHEAD
        && real_age <= (GstClockTimeDiff) (duration + LIVE_MAX_AGE)) {
      age = MAX (real_age, 0);
      believed = TRUE;
    }
  }
  *running_time = (GstClockTimeDiff) now - age;
  return believed;
}

/* Called with the stream lock, for a live source: the running time of the
 * chunk's first frame, and whether it follows the output's previous chunk
 * (*@discont FALSE) or the mapping to running time changed.
 * GST_CLOCK_TIME_NONE for a chunk captured before the element last went to
 * PLAYING: nothing was playing then, and a device that buffered while it
 * was not read delivers what it captured then. */
static GstClockTime
gst_tensor_chunker_src_live_pts (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output, const TcChunk * chunk, gboolean * discont)
{
  GstClock *clock;
  GstClockTime base_time, now, duration;
  GstClockTimeDiff capture_rt, source_time, drift, pts;
  gint64 playing_since;

  duration = chunk->duration != TC_TIME_NONE ? time_from_tc (chunk->duration)
      : 0;
  GST_OBJECT_LOCK (self);
  clock = GST_ELEMENT_CLOCK (self) ? gst_object_ref (GST_ELEMENT_CLOCK (self))
      : NULL;
  base_time = GST_ELEMENT_CAST (self)->base_time;
  playing_since = self->playing_since;
  GST_OBJECT_UNLOCK (self);

  if (chunk->capture_time != TC_TIME_NONE
      && chunk->capture_time + (gint64) duration < playing_since) {
    GST_DEBUG_OBJECT (output->pad, "dropping a chunk captured %"
        G_GINT64_FORMAT " ms before PLAYING", (playing_since -
            chunk->capture_time) / 1000000);
    gst_clear_object (&clock);
    return GST_CLOCK_TIME_NONE;
  }

  if (clock != NULL) {
    now = gst_clock_get_time (clock);
    now = now > base_time ? now - base_time : 0;
    gst_object_unref (clock);
  } else {
    /* out of a pipeline, or leaving PLAYING: no running time to map to */
    now = 0;
  }
  if (!gst_tensor_chunker_src_capture_running_time (now, chunk->capture_time,
          duration, &capture_rt) && !self->warned_capture) {
    GST_WARNING_OBJECT (output->pad, "the source's capture times are absent "
        "or implausible: timestamping chunks as captured when delivered");
    self->warned_capture = TRUE;
  }

  source_time = chunk->pts != TC_TIME_NONE ? chunk->pts : 0;
  if (!self->live_synced) {
    self->live_offset = capture_rt - source_time;
    self->live_synced = TRUE;
    gst_tensor_chunker_src_mark_resynced (self);
    GST_DEBUG_OBJECT (output->pad, "running time = source time + %"
        GST_STIME_FORMAT, GST_STIME_ARGS (self->live_offset));
  } else {
    drift = capture_rt - (source_time + self->live_offset);
    if (ABS (drift) > (GstClockTimeDiff) LIVE_RESYNC_THRESHOLD) {
      GST_DEBUG_OBJECT (output->pad, "captured %" GST_STIME_FORMAT " from "
          "where the source's timeline puts it: mapping again", GST_STIME_ARGS
          (drift));
      self->live_offset = capture_rt - source_time;
      gst_tensor_chunker_src_mark_resynced (self);
    }
  }

  /* never before the previous chunk, and never negative: a chunk that
   * straddles the start of PLAYING starts at 0 */
  pts = MAX (source_time + self->live_offset, 0);
  if (GST_CLOCK_TIME_IS_VALID (output->last_pts))
    pts = MAX (pts, (GstClockTimeDiff) output->last_pts);
  output->last_pts = pts;
  *discont = output->resynced;
  output->resynced = FALSE;
  GST_LOG_OBJECT (output->pad, "captured at %" GST_STIME_FORMAT ", pts %"
      GST_TIME_FORMAT ", now %" GST_TIME_FORMAT, GST_STIME_ARGS (capture_rt),
      GST_TIME_ARGS (pts), GST_TIME_ARGS (now));
  return pts;
}

/* Called with the stream lock.  The duration of a full chunk of @info,
 * GST_CLOCK_TIME_NONE when its rate is unknown. */
static GstClockTime
gst_tensor_chunker_chunk_duration (const TcOutputInfo * info)
{
  if (info->media_type == TC_MEDIA_AUDIO && info->sample_rate > 0)
    return gst_util_uint64_scale_int (info->frames_per_chunk, GST_SECOND,
        info->sample_rate);
  if (info->media_type == TC_MEDIA_VIDEO && info->frame_rate_n > 0)
    return gst_util_uint64_scale_int (info->frames_per_chunk * GST_SECOND,
        info->frame_rate_d, info->frame_rate_n);
  return GST_CLOCK_TIME_NONE;
}

/* Called with the stream lock, for a live source: keeps what the latency
 * query answers up to date, and tells the pipeline when it changed after
 * it was asked (the core learns the device's packet size as it reads). */
static void
gst_tensor_chunker_src_update_latency (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output, const TcOutputInfo * info)
{
  gint64 capture = tc_source_capture_latency (self->source, output->id);
  GstClockTime capture_latency = time_from_tc (capture);
  GstClockTime chunk_duration = gst_tensor_chunker_chunk_duration (info);
  gboolean changed;

  GST_OBJECT_LOCK (self);
  changed = capture_latency != output->capture_latency
      || chunk_duration != output->chunk_duration;
  output->capture_latency = capture_latency;
  output->chunk_duration = chunk_duration;
  changed = changed && output->latency_answered;
  GST_OBJECT_UNLOCK (self);

  if (changed) {
    GstElement *parent = GST_ELEMENT_PARENT (self);

    GST_INFO_OBJECT (output->pad, "capture latency now %" GST_TIME_FORMAT
        ", chunks of %" GST_TIME_FORMAT, GST_TIME_ARGS (capture_latency),
        GST_TIME_ARGS (chunk_duration));
    gst_element_post_message (parent ? parent : GST_ELEMENT (self),
        gst_message_new_latency (GST_OBJECT (parent ? parent :
                GST_ELEMENT (self))));
  }
}

/* Called with the stream lock, after a push: counts the chunks the output
 * queue dropped to make room for it, and tells the bin. */
static void
gst_tensor_chunker_src_count_drops (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output, GstFlowReturn ret)
{
  if (ret != GST_FLOW_OK || output->n_leaked == 0)
    return;

  output->dropped += output->n_leaked;
  GST_DEBUG_OBJECT (output->pad, "the queue dropped %u chunks (%"
      G_GUINT64_FORMAT " in all), the last at %" GST_TIME_FORMAT,
      output->n_leaked, output->dropped, GST_TIME_ARGS (output->leaked_pts));
  g_signal_emit (self, gst_tensor_chunker_src_signals[SIGNAL_DROPPED], 0,
      output->pad, output->processed, output->dropped, output->leaked_pts);
}

static void
gst_tensor_chunker_src_on_chunk (gpointer user_data, const TcChunk * chunk)
{
  GstTensorChunkerSrc *self = user_data;
  GstTensorChunkerChunk *handle = chunk->handle;
  GstTensorChunkerOutput *output;
  GstBuffer *buffer;
  GstCaps *caps = NULL;
  GstClockTime pts;
  gboolean removed = TRUE, is_short, live, discont = chunk->discont;
  GstFlowReturn ret;

  output = gst_tensor_chunker_src_find_output (self, chunk->output);
  if (output != NULL) {
    GST_OBJECT_LOCK (self);
    removed = output->removed;
    GST_OBJECT_UNLOCK (self);
  }
  if (removed || output->eos) {
    gst_buffer_unref (gst_tensor_chunker_chunk_finish (handle));
    return;
  }

  GST_OBJECT_LOCK (self);
  live = self->live;
  GST_OBJECT_UNLOCK (self);
  if (live) {
    gboolean resynced;

    pts = gst_tensor_chunker_src_live_pts (self, output, chunk, &resynced);
    if (!GST_CLOCK_TIME_IS_VALID (pts)) {
      gst_buffer_unref (gst_tensor_chunker_chunk_finish (handle));
      return;
    }
    discont |= resynced;
    gst_tensor_chunker_src_update_latency (self, output, chunk->info);
  } else {
    pts = time_from_tc (chunk->pts);
  }

  is_short = chunk->n_frames < output->frames_per_chunk;
  if (is_short) {
    /* last-chunk is for the end of the stream: a chunk cut short
     * mid-stream (a size or format change, a time jump) is pushed as it is */
    GstTensorChunkerLastChunk policy = chunk->end ? self->last_chunk :
        GST_TENSOR_CHUNKER_LAST_CHUNK_SHORT;

    GST_DEBUG_OBJECT (output->pad, "short chunk of %u frames, policy %d",
        chunk->n_frames, policy);
    switch (policy) {
      case GST_TENSOR_CHUNKER_LAST_CHUNK_DROP:
        gst_buffer_unref (gst_tensor_chunker_chunk_finish (handle));
        return;
      case GST_TENSOR_CHUNKER_LAST_CHUNK_PAD:
        memset (handle->map.data + chunk->size, 0,
            handle->map.size - chunk->size);
        break;
      case GST_TENSOR_CHUNKER_LAST_CHUNK_SHORT:
        caps = gst_tensor_chunker_make_caps (chunk->info, chunk->n_frames,
            output->nhwc);
        break;
    }
  }
  buffer = gst_tensor_chunker_chunk_finish (handle);

  if (caps != NULL) {
    gst_buffer_set_size (buffer, chunk->size);
    output->short_caps = TRUE;
  } else if (chunk->info_changed || output->caps == NULL || output->short_caps) {
    caps = gst_tensor_chunker_make_caps (chunk->info,
        chunk->info->frames_per_chunk, output->nhwc);
    output->short_caps = FALSE;
  }

  GST_BUFFER_PTS (buffer) = pts;
  GST_BUFFER_DURATION (buffer) = time_from_tc (chunk->duration);
  GST_BUFFER_OFFSET (buffer) = chunk->offset;
  GST_BUFFER_OFFSET_END (buffer) = chunk->offset + chunk->n_frames;
  if (discont)
    GST_BUFFER_FLAG_SET (buffer, GST_BUFFER_FLAG_DISCONT);

  /* The seek's stop: the first chunk at or after it ends the output. */
  if (GST_CLOCK_TIME_IS_VALID (output->segment.stop) &&
      GST_CLOCK_TIME_IS_VALID (pts) && pts >= output->segment.stop) {
    GST_DEBUG_OBJECT (output->pad, "chunk at %" GST_TIME_FORMAT
        " reached the segment stop", GST_TIME_ARGS (pts));
    gst_buffer_unref (buffer);
    gst_clear_caps (&caps);
    gst_tensor_chunker_src_push_eos (self, output);
    self->flow = gst_flow_combiner_update_pad_flow (self->combiner,
        output->pad, GST_FLOW_EOS);
    return;
  }

  gst_tensor_chunker_src_push_pending_events (self, output, caps);
  gst_clear_caps (&caps);

  GST_LOG_OBJECT (output->pad, "pushing chunk %" GST_PTR_FORMAT, buffer);
  output->n_leaked = 0;
  g_private_set (&pushing_output, output);
  ret = gst_pad_push (output->pad, buffer);
  g_private_set (&pushing_output, NULL);
  if (ret != GST_FLOW_OK)
    GST_DEBUG_OBJECT (output->pad, "push returned %s", gst_flow_get_name (ret));
  else
    output->processed++;
  if (live)
    gst_tensor_chunker_src_count_drops (self, output, ret);
  if (ret == GST_FLOW_FLUSHING) {
    /* A pad being released stops its queue under this push: that is the
     * end of this output, not a flush of the source. */
    GST_OBJECT_LOCK (self);
    if (output->removed)
      ret = GST_FLOW_OK;
    GST_OBJECT_UNLOCK (self);
  }

  if (GST_CLOCK_TIME_IS_VALID (pts)) {
    GST_OBJECT_LOCK (self);
    output->position = pts;
    if (chunk->duration != TC_TIME_NONE)
      output->position += chunk->duration;
    GST_OBJECT_UNLOCK (self);
  }

  self->flow = gst_flow_combiner_update_pad_flow (self->combiner,
      output->pad, ret);
}

/* Byte streams */

static void gst_tensor_chunker_src_cache_source_info (GstTensorChunkerSrc *
    self);

/* Posts @error (a core error) on the bin.  For a byte stream, says what
 * upstream has to do with it. */
static void
gst_tensor_chunker_src_post_error (GstTensorChunkerSrc * self, GError * error)
{
  GstElement *element = GST_ELEMENT_PARENT (self) ?
      GST_ELEMENT_PARENT (self) : GST_ELEMENT (self);
  gchar *message = NULL;

  if (self->byte_stream && g_error_matches (error, TC_ERROR, TC_ERROR_SEEK)
      && gst_tensor_chunker_byte_stream_get_mode (self->bytes) ==
      GST_PAD_MODE_PUSH) {
    const gchar *demuxer = tc_source_format_name (self->source);

    message = g_strdup_printf ("%s%s%s needs a seekable input; upstream only "
        "pushes (the %s%sdemuxer had to seek back in it, as for an MP4 with "
        "its index at the end): give tensorchunker an upstream it can pull "
        "from (filesrc, without a queue between), or a file that plays as a "
        "stream (for MP4: ffmpeg -movflags +faststart)",
        self->upstream_uri ? "'" : "", self->upstream_uri ?
        self->upstream_uri : "The byte stream", self->upstream_uri ? "'" : "",
        demuxer ? demuxer : "", demuxer ? " " : "");
  } else if (self->byte_stream &&
      gst_tensor_chunker_byte_stream_upstream_flushed (self->bytes)) {
    message = g_strdup_printf ("Upstream flushed the byte stream, and "
        "tensorchunker cannot go on reading it from where upstream "
        "continues: set the pipeline to READY and back to read it again (%s)",
        error->message);
  }
  if (message != NULL) {
    g_free (error->message);
    error->message = message;
  }
  GST_TENSOR_CHUNKER_POST_ERROR (element, error);
}

/* Called with the stream lock, the sink pad active: opens the source from
 * the byte stream (in READY->PAUSED when upstream can be pulled, in the
 * streaming thread when it pushes, where the open waits for the data),
 * then lets the bin configure the outputs. */
static gboolean
gst_tensor_chunker_src_open_byte_stream (GstTensorChunkerSrc * self,
    GError ** error)
{
  gboolean pull;
  gchar *uri, *name_hint = NULL;

  pull = gst_tensor_chunker_byte_stream_get_mode (self->bytes) ==
      GST_PAD_MODE_PULL;
  /* The URI helps FFmpeg probe (by the extension) and is where the URLs a
   * playlist names are resolved against, and which protocols it may use. */
  uri = gst_tensor_chunker_byte_stream_query_uri (self->bytes);
  if (uri != NULL && g_str_has_prefix (uri, "file:"))
    name_hint = g_filename_from_uri (uri, NULL, NULL);
  if (name_hint == NULL)
    name_hint = g_strdup (uri);

  GST_DEBUG_OBJECT (self, "opening the byte stream in %s mode, as %s (format "
      "%s)", pull ? "pull" : "push", GST_STR_NULL (name_hint),
      GST_STR_NULL (self->format));
  g_free (self->upstream_uri);
  self->upstream_uri = uri;
  if (!tc_source_open_io (self->source, gst_tensor_chunker_byte_stream_read,
          pull ? gst_tensor_chunker_byte_stream_seek : NULL, self->bytes,
          name_hint, self->format, (const gchar * const *) self->options,
          error))
    goto failed;

  gst_tensor_chunker_src_cache_source_info (self);
  if (self->opened_func != NULL
      && !self->opened_func (self, self->opened_data, error))
    goto failed;

  g_free (name_hint);
  return TRUE;

failed:
  {
    g_free (name_hint);
    return FALSE;
  }
}

/* Streaming: the loop */

static void
gst_tensor_chunker_src_loop (gpointer user_data)
{
  GstTensorChunkerSrc *self = user_data;
  GError *error = NULL;
  TcStepResult result;
  GstFlowReturn flow;
  gboolean resync;

  gst_tensor_chunker_src_drop_removed_outputs (self);

  GST_OBJECT_LOCK (self);
  resync = self->resync;
  self->resync = FALSE;
  GST_OBJECT_UNLOCK (self);
  if (resync) {
    /* PLAYING again: the running time stood still while the source's
     * timeline went on, map them afresh; a paced source goes on from
     * where it stopped rather than catching up */
    self->live_synced = FALSE;
    if (self->realtime)
      tc_source_set_realtime (self->source, TRUE);
  }

  self->flow = GST_FLOW_OK;
  if (G_UNLIKELY (self->byte_stream && !tc_source_is_open (self->source)))
    result = gst_tensor_chunker_src_open_byte_stream (self, &error) ?
        TC_STEP_OK : TC_STEP_ERROR;
  else
    result = tc_source_step (self->source, &error);
  flow = self->flow;

  if (result == TC_STEP_ERROR)
    goto step_error;
  if (flow != GST_FLOW_OK)
    goto pause;
  if (result == TC_STEP_EOS) {
    GST_DEBUG_OBJECT (self, "end of stream");
    gst_tensor_chunker_src_warn_skipped (self);
    gst_tensor_chunker_src_push_eos_all (self);
    gst_task_pause (self->task);
    return;
  }
  if (gst_tensor_chunker_src_all_eos (self)) {
    GST_DEBUG_OBJECT (self, "every output reached the segment stop");
    gst_task_pause (self->task);
  }
  return;

step_error:
  {
    if (g_error_matches (error, TC_ERROR, TC_ERROR_INTERRUPTED)) {
      /* a seek or a stop is taking over */
      GST_DEBUG_OBJECT (self, "interrupted, pausing");
      gst_task_pause (self->task);
    } else if (flow == GST_FLOW_FLUSHING) {
      GST_DEBUG_OBJECT (self, "flushing, ignoring error: %s", error->message);
      gst_task_pause (self->task);
    } else {
      gst_tensor_chunker_src_post_error (self, error);
      gst_tensor_chunker_src_push_eos_all (self);
      gst_task_pause (self->task);
    }
    g_clear_error (&error);
    return;
  }
pause:
  {
    GST_INFO_OBJECT (self, "pausing task, reason %s", gst_flow_get_name (flow));
    gst_task_pause (self->task);
    if (flow == GST_FLOW_EOS) {
      /* every output is EOS downstream, or reached the segment stop */
      gst_tensor_chunker_src_push_eos_all (self);
    } else if (flow == GST_FLOW_NOT_LINKED || flow < GST_FLOW_EOS) {
      GST_ELEMENT_FLOW_ERROR (GST_ELEMENT_PARENT (self) ?
          GST_ELEMENT_PARENT (self) : GST_ELEMENT (self), flow);
      gst_tensor_chunker_src_push_eos_all (self);
    }
    return;
  }
}

/* Prepares every configured output for a new run and starts the task. */
static void
gst_tensor_chunker_src_start (GstTensorChunkerSrc * self)
{
  guint i, n_outputs = 0;
  gboolean pending;

  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  /* A pushed byte stream opens in the streaming thread, which configures
   * the outputs then. */
  pending = self->byte_stream && !tc_source_is_open (self->source);
  self->group_id = gst_util_group_id_next ();
  gst_tensor_chunker_src_reset_segments (self, 0, GST_CLOCK_TIME_NONE,
      gst_util_seqnum_next ());
  for (i = 0; i < self->outputs->len; i++) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);

    if (output->id < 0 && !pending)
      continue;
    output->need_stream_start = TRUE;
    output->need_collection = TRUE;
    gst_clear_caps (&output->caps);
    output->short_caps = FALSE;
    output->last_pts = GST_CLOCK_TIME_NONE;
    output->processed = 0;
    output->dropped = 0;
    n_outputs++;
  }
  self->live_synced = FALSE;
  self->warned_capture = FALSE;

  GST_OBJECT_LOCK (self);
  self->streaming = TRUE;
  self->seek_seqnum = GST_SEQNUM_INVALID;
  self->n_streaming = n_outputs;
  /* Without outputs there is nothing to read the source for; a live one
   * is read from PAUSED->PLAYING on. */
  if (n_outputs > 0) {
    self->consumed = TRUE;
    if (!self->live) {
      GST_DEBUG_OBJECT (self, "starting streaming of %u outputs", n_outputs);
      gst_task_start (self->task);
    }
  }
  GST_OBJECT_UNLOCK (self);
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
}

/* A live source at PAUSED->PLAYING: reading starts, or starts again, and
 * what was captured before now is not produced. */
static void
gst_tensor_chunker_src_play (GstTensorChunkerSrc * self)
{
  GST_OBJECT_LOCK (self);
  self->playing_since = g_get_real_time () * 1000;
  self->resync = TRUE;
  if (self->streaming && self->n_streaming > 0) {
    GST_DEBUG_OBJECT (self, "live: reading %u outputs", self->n_streaming);
    gst_task_start (self->task);
  }
  GST_OBJECT_UNLOCK (self);
}

/* A live source at PLAYING->PAUSED: reading stops after the step in
 * progress, without waiting for it (a device's read takes up to a frame, a
 * network stream's as long as the network likes).  The device stays open
 * and goes on capturing: what it keeps meanwhile is not produced. */
static void
gst_tensor_chunker_src_pause (GstTensorChunkerSrc * self)
{
  GST_OBJECT_LOCK (self);
  if (self->streaming && self->n_streaming > 0) {
    GST_DEBUG_OBJECT (self, "live: pausing");
    gst_task_pause (self->task);
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_tensor_chunker_src_stop (GstTensorChunkerSrc * self)
{
  /* Under the object lock so that a seek running now either restarts the
   * task before this (and the join below stops it again) or not at all. */
  GST_OBJECT_LOCK (self);
  self->streaming = FALSE;
  GST_OBJECT_UNLOCK (self);

  /* The queues went to READY before us (the bin changes downstream
   * elements first), so a push blocked in one returns FLUSHING; a read
   * blocked in the core returns on the interrupt, and one waiting for
   * upstream's bytes when the byte stream stops (after the interrupt, so
   * the core takes the failed read for the interruption). */
  tc_source_interrupt (self->source, TRUE);
  gst_tensor_chunker_byte_stream_stop (self->bytes);
  gst_task_stop (self->task);
  /* Wait for the iteration in progress: it may pause the task as it ends
   * (flushing), and only a join after that leaves it stopped. */
  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
  gst_task_join (self->task);
  tc_source_interrupt (self->source, FALSE);
  GST_DEBUG_OBJECT (self, "streaming stopped");
}

/* Seeking */

/* Pushes @event (taking it) on every output still there.  Callable
 * without the stream lock: the pads are taken under the object lock, and
 * pushed to without it, as downstream may call back into us. */
static void
gst_tensor_chunker_src_push_event_all (GstTensorChunkerSrc * self,
    GstEvent * event)
{
  GPtrArray *pads = g_ptr_array_new_with_free_func (gst_object_unref);
  guint i;

  GST_OBJECT_LOCK (self);
  for (i = 0; i < self->outputs->len; i++) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);

    if (!output->removed)
      g_ptr_array_add (pads, gst_object_ref (output->pad));
  }
  GST_OBJECT_UNLOCK (self);

  for (i = 0; i < pads->len; i++)
    gst_pad_push_event (g_ptr_array_index (pads, i), gst_event_ref (event));
  gst_event_unref (event);
  g_ptr_array_unref (pads);
}

static gboolean
gst_tensor_chunker_src_handle_seek (GstTensorChunkerSrc * self,
    GstEvent * event)
{
  gdouble rate;
  GstFormat format;
  GstSeekFlags flags;
  GstSeekType start_type, stop_type;
  gint64 start, stop, landed = TC_TIME_NONE;
  guint32 seqnum = gst_event_get_seqnum (event);
  GstClockTime segment_start;
  GstEvent *flush;
  GError *error = NULL;
  gboolean ok, streaming;

  gst_event_parse_seek (event, &rate, &format, &flags, &start_type, &start,
      &stop_type, &stop);
  GST_DEBUG_OBJECT (self, "seek %" GST_PTR_FORMAT, event);

  if (format != GST_FORMAT_TIME)
    goto wrong_format;
  if (!(flags & GST_SEEK_FLAG_FLUSH))
    goto not_flushing;
  if (rate != 1.0)
    goto wrong_rate;
  if (start_type != GST_SEEK_TYPE_SET || start < 0)
    goto wrong_start;
  if (stop_type != GST_SEEK_TYPE_SET)
    stop = -1;

  /* Seeks sent on several pads from several threads (not through the
   * pipeline, whose state lock serialises them) take turns: a second
   * seek's interrupt must not break the first one's seek in the core,
   * which failed then with an "interrupted" error (tests/check/stress.c,
   * test_seek_storm). */
  g_rec_mutex_lock (&self->seek_lock);

  /* A seek sent to a pipeline reaches us through every sink: only the
   * first copy does the work. */
  GST_OBJECT_LOCK (self);
  if (!self->streaming || !self->seekable || self->live) {
    GST_OBJECT_UNLOCK (self);
    g_rec_mutex_unlock (&self->seek_lock);
    goto not_seekable;
  }
  if (seqnum == self->seek_seqnum) {
    GST_OBJECT_UNLOCK (self);
    g_rec_mutex_unlock (&self->seek_lock);
    GST_DEBUG_OBJECT (self, "seek %u already handled", seqnum);
    return TRUE;
  }
  self->seek_seqnum = seqnum;
  GST_OBJECT_UNLOCK (self);

  /* Unblock the streaming thread: pushes return FLUSHING, reads return
   * INTERRUPTED; then it holds the stream lock no more. */
  flush = gst_event_new_flush_start ();
  gst_event_set_seqnum (flush, seqnum);
  gst_tensor_chunker_src_push_event_all (self, flush);
  /* Under the object lock, and only while streaming: a stop that set
   * streaming to FALSE since our check above may be joining the task
   * already, and a pause now would take the task from STOPPED back to
   * PAUSED under the join, which then waited forever
   * (tests/check/stress.c, test_stop_during_seeks); our interrupt, after
   * that stop's end, failed the next run's open.  Paused before the stop,
   * the stop's join stops the task again and its end clears the
   * interrupt. */
  GST_OBJECT_LOCK (self);
  streaming = self->streaming;
  if (streaming) {
    tc_source_interrupt (self->source, TRUE);
    gst_task_pause (self->task);
  }
  GST_OBJECT_UNLOCK (self);
  if (!streaming) {
    g_rec_mutex_unlock (&self->seek_lock);
    goto not_seekable;
  }

  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  /* A stop (PAUSED->READY) that came meanwhile took the stream lock
   * first: the run is over, and the source may be closed. */
  GST_OBJECT_LOCK (self);
  streaming = self->streaming;
  GST_OBJECT_UNLOCK (self);
  if (!streaming)
    goto stopped;
  tc_source_interrupt (self->source, FALSE);

  ok = tc_source_seek (self->source, start,
      (flags & GST_SEEK_FLAG_ACCURATE) != 0, &landed, &error);
  GST_DEBUG_OBJECT (self, "seek to %" GST_TIME_FORMAT " landed at %"
      GST_TIME_FORMAT, GST_TIME_ARGS (start),
      GST_TIME_ARGS (time_from_tc (landed)));

  flush = gst_event_new_flush_stop (TRUE);
  gst_event_set_seqnum (flush, seqnum);
  gst_tensor_chunker_src_push_event_all (self, flush);

  if (!ok)
    goto seek_failed;

  segment_start = time_from_tc (landed != TC_TIME_NONE ? landed : start);
  gst_tensor_chunker_src_reset_segments (self, segment_start,
      stop >= 0 ? (GstClockTime) stop : GST_CLOCK_TIME_NONE, seqnum);

  GST_OBJECT_LOCK (self);
  if (self->streaming)
    gst_task_start (self->task);
  GST_OBJECT_UNLOCK (self);
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
  g_rec_mutex_unlock (&self->seek_lock);

  return TRUE;

wrong_format:
  GST_DEBUG_OBJECT (self, "refusing seek in %s format",
      gst_format_get_name (format));
  return FALSE;
not_flushing:
  GST_DEBUG_OBJECT (self, "refusing non-flushing seek");
  return FALSE;
wrong_rate:
  GST_DEBUG_OBJECT (self, "refusing seek at rate %f", rate);
  return FALSE;
wrong_start:
  GST_DEBUG_OBJECT (self, "refusing seek without an absolute start");
  return FALSE;
not_seekable:
  GST_DEBUG_OBJECT (self, "not seekable now");
  return FALSE;
stopped:
  {
    /* the stop clears our interrupt as it ends */
    GST_DEBUG_OBJECT (self, "stopped while seeking");
    GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
    g_rec_mutex_unlock (&self->seek_lock);
    return FALSE;
  }
seek_failed:
  if (g_error_matches (error, TC_ERROR, TC_ERROR_INTERRUPTED)) {
    /* Seeks taking turns, only a stop interrupts one: the stop ends the
     * run, this is no error (it was posted as one, with EOS pushed into
     * the outputs being stopped: tests/check/stress.c,
     * test_stop_during_seeks). */
    GST_DEBUG_OBJECT (self, "seek interrupted by a stop");
    g_clear_error (&error);
    GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
    g_rec_mutex_unlock (&self->seek_lock);
    return FALSE;
  }
  {
    GST_TENSOR_CHUNKER_POST_ERROR (GST_ELEMENT_PARENT (self) ?
        GST_ELEMENT_PARENT (self) : GST_ELEMENT (self), error);
    g_clear_error (&error);
    gst_tensor_chunker_src_push_eos_all (self);
    GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
    g_rec_mutex_unlock (&self->seek_lock);
    return FALSE;
  }
}

/* Pad functions */

/* A live source's chunk is complete when its last frame is captured and
 * delivered: min = the capture latency (how long after its capture the
 * core may deliver a frame) + one chunk.  The output queue holds
 * buffer-chunk-size chunks before it drops the oldest, so a chunk can wait
 * for buffer-chunk-size - 1 more: that is the max.  Non-live: chunks are
 * not bound to a clock. */
static gboolean
gst_tensor_chunker_src_query_latency (GstTensorChunkerSrc * self,
    GstPad * pad, GstQuery * query)
{
  GstTensorChunkerOutput *output;
  GstClockTime min, max = GST_CLOCK_TIME_NONE;

  GST_OBJECT_LOCK (self);
  output = gst_pad_get_element_private (pad);
  if (!self->live || output == NULL) {
    GST_OBJECT_UNLOCK (self);
    gst_query_set_latency (query, FALSE, 0, GST_CLOCK_TIME_NONE);
    return TRUE;
  }
  min = GST_CLOCK_TIME_IS_VALID (output->capture_latency) ?
      output->capture_latency : 0;
  if (GST_CLOCK_TIME_IS_VALID (output->chunk_duration)) {
    min += output->chunk_duration;
    max = min + (output->buffer_chunk_size - 1) * output->chunk_duration;
  }
  output->latency_answered = TRUE;
  GST_OBJECT_UNLOCK (self);

  GST_DEBUG_OBJECT (pad, "latency: live, min %" GST_TIME_FORMAT ", max %"
      GST_TIME_FORMAT, GST_TIME_ARGS (min), GST_TIME_ARGS (max));
  gst_query_set_latency (query, TRUE, min, max);
  return TRUE;
}

static gboolean
gst_tensor_chunker_src_pad_event (GstPad * pad, GstObject * parent,
    GstEvent * event)
{
  GstTensorChunkerSrc *self = GST_TENSOR_CHUNKER_SRC (parent);
  gboolean res;

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_SEEK:
      res = gst_tensor_chunker_src_handle_seek (self, event);
      gst_event_unref (event);
      break;
    default:
      res = gst_pad_event_default (pad, parent, event);
      break;
  }
  return res;
}

static gboolean
gst_tensor_chunker_src_pad_query (GstPad * pad, GstObject * parent,
    GstQuery * query)
{
  GstTensorChunkerSrc *self = GST_TENSOR_CHUNKER_SRC (parent);
  GstTensorChunkerOutput *output;
  GstFormat format;
  gboolean res = FALSE;

  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_DURATION:
      gst_query_parse_duration (query, &format, NULL);
      if (format != GST_FORMAT_TIME)
        break;
      GST_OBJECT_LOCK (self);
      if (GST_CLOCK_TIME_IS_VALID (self->duration)) {
        gst_query_set_duration (query, format, self->duration);
        res = TRUE;
      }
      GST_OBJECT_UNLOCK (self);
      break;
    case GST_QUERY_POSITION:
      gst_query_parse_position (query, &format, NULL);
      if (format != GST_FORMAT_TIME)
        break;
      GST_OBJECT_LOCK (self);
      output = gst_pad_get_element_private (pad);
      if (output != NULL && GST_CLOCK_TIME_IS_VALID (output->position)) {
        gst_query_set_position (query, format, output->position);
        res = TRUE;
      }
      GST_OBJECT_UNLOCK (self);
      break;
    case GST_QUERY_SEEKING:
      gst_query_parse_seeking (query, &format, NULL, NULL, NULL);
      GST_OBJECT_LOCK (self);
      if (format == GST_FORMAT_TIME)
        gst_query_set_seeking (query, format, self->seekable && !self->live, 0,
            GST_CLOCK_TIME_IS_VALID (self->duration) ? (gint64) self->duration
            : -1);
      else
        gst_query_set_seeking (query, format, FALSE, -1, -1);
      GST_OBJECT_UNLOCK (self);
      res = TRUE;
      break;
    case GST_QUERY_LATENCY:
      res = gst_tensor_chunker_src_query_latency (self, pad, query);
      break;
    default:
      res = gst_pad_query_default (pad, parent, query);
      break;
  }
  return res;
}

/* The element */

static gboolean
gst_tensor_chunker_src_query (GstElement * element, GstQuery * query)
{
  GstTensorChunkerSrc *self = GST_TENSOR_CHUNKER_SRC (element);

  /* gst_pad_create_stream_id() asks for it: the same source gives the same
   * stream ids. */
  if (GST_QUERY_TYPE (query) == GST_QUERY_URI) {
    gboolean res = FALSE;

    GST_OBJECT_LOCK (self);
    if (self->uri != NULL) {
      gst_query_set_uri (query, self->uri);
      res = TRUE;
    }
    GST_OBJECT_UNLOCK (self);
    return res;
  }

  return GST_ELEMENT_CLASS (gst_tensor_chunker_src_parent_class)->query
      (element, query);
}

/* At READY->PAUSED: opens a byte stream that upstream lets us pull. */
static gboolean
gst_tensor_chunker_src_open_pulled (GstTensorChunkerSrc * self)
{
  GError *error = NULL;
  gboolean ok = TRUE;

  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  if (self->byte_stream && gst_tensor_chunker_byte_stream_get_mode
      (self->bytes) == GST_PAD_MODE_PULL) {
    ok = gst_tensor_chunker_src_open_byte_stream (self, &error);
    if (!ok) {
      gst_tensor_chunker_src_post_error (self, error);
      g_clear_error (&error);
    }
  }
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);

  return ok;
}

static GstStateChangeReturn
gst_tensor_chunker_src_change_state (GstElement * element,
    GstStateChange transition)
{
  GstTensorChunkerSrc *self = GST_TENSOR_CHUNKER_SRC (element);
  GstStateChangeReturn ret;

  gboolean live;

  GST_OBJECT_LOCK (self);
  live = self->live;
  GST_OBJECT_UNLOCK (self);

  switch (transition) {
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      gst_tensor_chunker_src_stop (self);
      break;
    case GST_STATE_CHANGE_PLAYING_TO_PAUSED:
      if (live)
        gst_tensor_chunker_src_pause (self);
      break;
    default:
      break;
  }

  ret = GST_ELEMENT_CLASS (gst_tensor_chunker_src_parent_class)->change_state
      (element, transition);
  if (ret == GST_STATE_CHANGE_FAILURE)
    return ret;

  switch (transition) {
    case GST_STATE_CHANGE_READY_TO_PAUSED:
      /* after the pads are active: a byte stream that can be pulled can be
       * read now */
      if (!gst_tensor_chunker_src_open_pulled (self))
        return GST_STATE_CHANGE_FAILURE;
      gst_tensor_chunker_src_start (self);
      /* a live source produces nothing in PAUSED: nothing to preroll */
      if (live)
        ret = GST_STATE_CHANGE_NO_PREROLL;
      break;
    case GST_STATE_CHANGE_PAUSED_TO_PLAYING:
      if (live)
        gst_tensor_chunker_src_play (self);
      break;
    case GST_STATE_CHANGE_PLAYING_TO_PAUSED:
      if (live)
        ret = GST_STATE_CHANGE_NO_PREROLL;
      break;
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      /* the byte stream went with the sink pad's activation: the next run
       * reads a new one */
      GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
      if (self->byte_stream)
        gst_tensor_chunker_src_close (self);
      GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
      break;
    default:
      break;
  }

  return ret;
}

static void
gst_tensor_chunker_src_finalize (GObject * object)
{
  GstTensorChunkerSrc *self = GST_TENSOR_CHUNKER_SRC (object);
  guint i;

  gst_task_join (self->task);
  gst_object_unref (self->task);

  for (i = 0; i < self->outputs->len; i++) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);

    gst_tensor_chunker_src_unconfigure_output (self, output);
    gst_tensor_chunker_output_free (output);
  }
  g_ptr_array_free (self->outputs, TRUE);
  tc_source_free (self->source);
  gst_flow_combiner_free (self->combiner);
  gst_tensor_chunker_byte_stream_free (self->bytes);
  g_free (self->upstream_uri);

  g_free (self->location);
  g_free (self->format);
  g_strfreev (self->options);
  g_free (self->uri);
  g_value_unset (&self->source_streams);
  gst_clear_object (&self->collection);
  g_rec_mutex_clear (&self->stream_lock);
  g_rec_mutex_clear (&self->seek_lock);

  G_OBJECT_CLASS (gst_tensor_chunker_src_parent_class)->finalize (object);
}

static void
gst_tensor_chunker_src_class_init (GstTensorChunkerSrcClass * klass)
{
  GObjectClass *gobject_class = (GObjectClass *) klass;
  GstElementClass *element_class = (GstElementClass *) klass;

  gobject_class->finalize = gst_tensor_chunker_src_finalize;

  element_class->change_state = gst_tensor_chunker_src_change_state;
  element_class->query = gst_tensor_chunker_src_query;

  /* GstTensorChunkerSrc::dropped:
   * @pad: the internal src pad of the output
   * @processed: chunks pushed on it since it started
   * @dropped: of them, chunks its queue dropped
   * @timestamp: the running time of the last chunk dropped
   *
   * A live output's queue dropped chunks; emitted from the streaming
   * thread once the push that made it drop them returned. */
  gst_tensor_chunker_src_signals[SIGNAL_DROPPED] =
      g_signal_new ("dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
      0, NULL, NULL, NULL, G_TYPE_NONE, 4, GST_TYPE_PAD, G_TYPE_UINT64,
      G_TYPE_UINT64, G_TYPE_UINT64);

  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_set_static_metadata (element_class,
      "Tensor chunker source", "Source",
      "Reads, decodes, filters and chunks a media source (internal to "
      "tensorchunker)", "The gst-tensorchunker authors");
}

static void
gst_tensor_chunker_src_clear_source_info (GstTensorChunkerSrc * self)
{
  if (G_IS_VALUE (&self->source_streams))
    g_value_unset (&self->source_streams);
  gst_value_array_init (&self->source_streams, 0);
  self->default_audio = -1;
  self->default_video = -1;
  self->duration = GST_CLOCK_TIME_NONE;
  self->seekable = FALSE;
  gst_clear_object (&self->collection);
  g_clear_pointer (&self->uri, g_free);
}

static void
gst_tensor_chunker_src_init (GstTensorChunkerSrc * self)
{
  g_rec_mutex_init (&self->stream_lock);
  g_rec_mutex_init (&self->seek_lock);
  self->task = gst_task_new (gst_tensor_chunker_src_loop, self, NULL);
  gst_task_set_lock (self->task, &self->stream_lock);

  self->source = tc_source_new (&callbacks, self);
  self->combiner = gst_flow_combiner_new ();
  self->outputs = g_ptr_array_new ();
  self->last_chunk = GST_TENSOR_CHUNKER_LAST_CHUNK_SHORT;
  self->seek_seqnum = GST_SEQNUM_INVALID;
  gst_tensor_chunker_src_clear_source_info (self);

  self->sinkpad = gst_pad_new_from_static_template (&sink_template, "sink");
  self->bytes = gst_tensor_chunker_byte_stream_new (self->sinkpad);
  gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);

  GST_OBJECT_FLAG_SET (self, GST_ELEMENT_FLAG_SOURCE);
}

/* Source information, cached when the source opens so that property reads
 * from any thread never touch the core. */

static GstStructure *
gst_tensor_chunker_stream_structure (const TcStreamInfo * info)
{
  GstStructure *s, *metadata;
  guint i;

  metadata = gst_structure_new_empty ("metadata");
  for (i = 0; info->metadata && info->metadata[i] && info->metadata[i + 1];
      i += 2)
    gst_structure_set (metadata, info->metadata[i], G_TYPE_STRING,
        info->metadata[i + 1], NULL);

  s = gst_structure_new ("source-stream",
      "index", G_TYPE_INT, info->index,
      "media-type", G_TYPE_STRING, tc_media_type_name (info->media_type),
      "codec", G_TYPE_STRING, info->codec,
      "codec-long-name", G_TYPE_STRING, info->codec_long_name,
      "format", G_TYPE_STRING, info->format,
      "bit-rate", G_TYPE_INT64, info->bit_rate,
      "num-frames", G_TYPE_INT64, info->num_frames,
      "bits-per-sample", G_TYPE_INT, info->bits_per_sample,
      "metadata", GST_TYPE_STRUCTURE, metadata, NULL);
  gst_structure_free (metadata);

  if (info->media_type == TC_MEDIA_AUDIO) {
    gst_structure_set (s, "sample-rate", G_TYPE_INT, info->sample_rate,
        "channels", G_TYPE_INT, info->channels, NULL);
  } else if (info->media_type == TC_MEDIA_VIDEO) {
    gst_structure_set (s, "width", G_TYPE_INT, info->width,
        "height", G_TYPE_INT, info->height,
        "frame-rate", GST_TYPE_FRACTION, info->frame_rate_n,
        info->frame_rate_d > 0 ? info->frame_rate_d : 1, NULL);
  }

  return s;
}

static GstStream *
gst_tensor_chunker_source_stream_new (const gchar * upstream_id,
    const TcStreamInfo * info)
{
  GstStreamType type = GST_STREAM_TYPE_UNKNOWN;
  GstTagList *tags;
  GstStream *stream;
  const gchar *codec;
  gchar *stream_id;

  switch (info->media_type) {
    case TC_MEDIA_AUDIO:
      type = GST_STREAM_TYPE_AUDIO;
      break;
    case TC_MEDIA_VIDEO:
      type = GST_STREAM_TYPE_VIDEO;
      break;
    case TC_MEDIA_SUBTITLE:
      type = GST_STREAM_TYPE_TEXT;
      break;
    default:
      break;
  }

  stream_id = upstream_id ? g_strdup_printf ("%s/source_%d", upstream_id,
      info->index) : g_strdup_printf ("source_%d", info->index);
  stream = gst_stream_new (stream_id, NULL, type, GST_STREAM_FLAG_NONE);
  g_free (stream_id);

  tags = gst_tag_list_new_empty ();
  codec = info->codec_long_name ? info->codec_long_name : info->codec;
  if (codec != NULL) {
    gst_tag_list_add (tags, GST_TAG_MERGE_REPLACE,
        type == GST_STREAM_TYPE_AUDIO ? GST_TAG_AUDIO_CODEC :
        type == GST_STREAM_TYPE_VIDEO ? GST_TAG_VIDEO_CODEC : GST_TAG_CODEC,
        codec, NULL);
  }
  if (info->bit_rate > 0 && info->bit_rate <= G_MAXUINT)
    gst_tag_list_add (tags, GST_TAG_MERGE_REPLACE, GST_TAG_BITRATE,
        (guint) info->bit_rate, NULL);
  gst_stream_set_tags (stream, tags);
  gst_tag_list_unref (tags);

  return stream;
}

static gchar *
gst_tensor_chunker_location_to_uri (const gchar * location)
{
  if (gst_uri_is_valid (location))
    return g_strdup (location);
  if (g_file_test (location, G_FILE_TEST_EXISTS))
    return gst_filename_to_uri (location, NULL);
  /* a device name or a lavfi graph: no URI to give */
  return NULL;
}

/* Called with the stream lock, the source open. */
static void
gst_tensor_chunker_src_cache_source_info (GstTensorChunkerSrc * self)
{
  GValue streams = G_VALUE_INIT;
  GstStreamCollection *collection;
  gchar *uri, *upstream_id = NULL;
  gint64 duration;
  guint i, n;

  if (self->byte_stream)
    uri = g_strdup (self->upstream_uri);
  else
    uri = gst_tensor_chunker_location_to_uri (self->location);
  if (uri != NULL)
    upstream_id = g_compute_checksum_for_string (G_CHECKSUM_SHA256, uri, -1);

  n = tc_source_n_streams (self->source);
  gst_value_array_init (&streams, n);
  collection = gst_stream_collection_new (upstream_id);
  for (i = 0; i < n; i++) {
    const TcStreamInfo *info = tc_source_get_stream_info (self->source, i);
    GValue v = G_VALUE_INIT;

    g_value_init (&v, GST_TYPE_STRUCTURE);
    g_value_take_boxed (&v, gst_tensor_chunker_stream_structure (info));
    gst_value_array_append_and_take_value (&streams, &v);
    gst_stream_collection_add_stream (collection,
        gst_tensor_chunker_source_stream_new (upstream_id, info));
  }
  g_free (upstream_id);
  duration = tc_source_duration (self->source);

  GST_OBJECT_LOCK (self);
  gst_tensor_chunker_src_clear_source_info (self);
  g_value_unset (&self->source_streams);
  self->source_streams = streams;
  self->default_audio = tc_source_default_stream (self->source, TC_MEDIA_AUDIO);
  self->default_video = tc_source_default_stream (self->source, TC_MEDIA_VIDEO);
  self->duration = duration != TC_TIME_NONE ? time_from_tc (duration) :
      GST_CLOCK_TIME_NONE;
  self->seekable = tc_source_is_seekable (self->source);
  self->collection = collection;
  self->uri = uri;
  GST_OBJECT_UNLOCK (self);
}

/* Public, for the bin */

/**
 * gst_tensor_chunker_src_open:
 *
 * Opens @location (closing what was open), and caches its streams.  Called
 * by the bin at NULL->READY, and again at READY->PAUSED when the location,
 * format or options changed in READY.
 */
gboolean
gst_tensor_chunker_src_open (GstTensorChunkerSrc * self,
    const gchar * location, const gchar * format,
    const gchar * const *options, GError ** error)
{
  gboolean ok;

  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  if (tc_source_is_open (self->source))
    gst_tensor_chunker_src_close (self);

  GST_DEBUG_OBJECT (self, "opening %s (format %s)", location,
      GST_STR_NULL (format));
  self->byte_stream = FALSE;
  ok = tc_source_open (self->source, location, format, options, error);
  if (ok) {
    g_free (self->location);
    self->location = g_strdup (location);
    g_free (self->format);
    self->format = g_strdup (format);
    g_strfreev (self->options);
    self->options = g_strdupv ((gchar **) options);
    self->consumed = FALSE;
    gst_tensor_chunker_src_cache_source_info (self);
  }
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);

  return ok;
}

/**
 * gst_tensor_chunker_src_use_byte_stream:
 * @format: (nullable): the input format, as for a location
 * @options: (nullable): the input options, as for a location
 *
 * Reads the byte stream of the sink pad instead of a location, from the
 * next READY->PAUSED on: the source opens then, or when the data arrives,
 * and the opened function configures the outputs.  Called by the bin at
 * NULL->READY (or READY->PAUSED when the source settings changed in
 * READY).
 */
void
gst_tensor_chunker_src_use_byte_stream (GstTensorChunkerSrc * self,
    const gchar * format, const gchar * const *options)
{
  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  if (tc_source_is_open (self->source))
    gst_tensor_chunker_src_close (self);
  self->byte_stream = TRUE;
  g_clear_pointer (&self->location, g_free);
  g_free (self->format);
  self->format = g_strdup (format);
  g_strfreev (self->options);
  self->options = g_strdupv ((gchar **) options);
  self->consumed = FALSE;
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
}

/**
 * gst_tensor_chunker_src_set_opened_func:
 *
 * Sets the function called, with the stream lock held, when a byte stream
 * has opened: in READY->PAUSED or in the streaming thread.  It configures
 * the outputs; its error is posted.
 */
void
gst_tensor_chunker_src_set_opened_func (GstTensorChunkerSrc * self,
    GstTensorChunkerSrcOpenedFunc func, gpointer user_data)
{
  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  self->opened_func = func;
  self->opened_data = user_data;
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
}

void
gst_tensor_chunker_src_close (GstTensorChunkerSrc * self)
{
  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  gst_tensor_chunker_src_unconfigure_outputs (self);
  tc_source_close (self->source);
  GST_OBJECT_LOCK (self);
  gst_tensor_chunker_src_clear_source_info (self);
  GST_OBJECT_UNLOCK (self);
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
}

/**
 * gst_tensor_chunker_src_rewind:
 *
 * Makes the next run start from the beginning if a previous one read from
 * the source, by opening it again: a seek to 0 would not give the same
 * chunks as a fresh open (decoders and filters start from another
 * history, the key frame lands where it lands).  Called by the bin at
 * READY->PAUSED, before the outputs are configured.
 */
gboolean
gst_tensor_chunker_src_rewind (GstTensorChunkerSrc * self, GError ** error)
{
  gboolean ok = TRUE;

  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  if (self->consumed) {
    GST_DEBUG_OBJECT (self, "rewinding: opening %s again", self->location);
    tc_source_close (self->source);
    ok = tc_source_open (self->source, self->location, self->format,
        (const gchar * const *) self->options, error);
    self->consumed = !ok;
  }
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);

  return ok;
}

/* Fills @value (uninitialised) with a copy of the source-streams array. */
void
gst_tensor_chunker_src_get_source_streams (GstTensorChunkerSrc * self,
    GValue * value)
{
  g_value_init (value, GST_TYPE_ARRAY);
  GST_OBJECT_LOCK (self);
  g_value_copy (&self->source_streams, value);
  GST_OBJECT_UNLOCK (self);
}

gint
gst_tensor_chunker_src_get_default_stream (GstTensorChunkerSrc * self,
    TcMediaType type)
{
  gint index;

  GST_OBJECT_LOCK (self);
  index = type == TC_MEDIA_AUDIO ? self->default_audio : self->default_video;
  GST_OBJECT_UNLOCK (self);

  return index;
}

/* Returns: (transfer full) (nullable): the collection of the source
 * streams, NULL when closed. */
GstStreamCollection *
gst_tensor_chunker_src_get_collection (GstTensorChunkerSrc * self)
{
  GstStreamCollection *collection = NULL;

  GST_OBJECT_LOCK (self);
  if (self->collection)
    collection = gst_object_ref (self->collection);
  GST_OBJECT_UNLOCK (self);

  return collection;
}

/**
 * gst_tensor_chunker_src_add_pad:
 * @name: the name of the bin's pad it serves, e.g. "audio_0"
 *
 * Returns: (transfer none): a new internal src pad "src_@name".
 */
GstPad *
gst_tensor_chunker_src_add_pad (GstTensorChunkerSrc * self, const gchar * name)
{
  GstTensorChunkerOutput *output;
  GstPad *pad;
  gchar *pad_name;

  pad_name = g_strdup_printf ("src_%s", name);
  pad = gst_pad_new_from_static_template (&src_template, pad_name);
  g_free (pad_name);
  gst_pad_set_event_function (pad, gst_tensor_chunker_src_pad_event);
  gst_pad_set_query_function (pad, gst_tensor_chunker_src_pad_query);
  gst_pad_use_fixed_caps (pad);

  output = g_new0 (GstTensorChunkerOutput, 1);
  output->pad = gst_object_ref (pad);
  output->id = -1;
  output->position = GST_CLOCK_TIME_NONE;
  output->last_pts = GST_CLOCK_TIME_NONE;
  output->capture_latency = GST_CLOCK_TIME_NONE;
  output->chunk_duration = GST_CLOCK_TIME_NONE;
  gst_segment_init (&output->segment, GST_FORMAT_TIME);
  gst_pad_set_element_private (pad, output);

  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  GST_OBJECT_LOCK (self);
  g_ptr_array_add (self->outputs, output);
  GST_OBJECT_UNLOCK (self);
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);

  gst_element_add_pad (GST_ELEMENT (self), pad);
  return pad;
}

/**
 * gst_tensor_chunker_src_release_output:
 *
 * Marks the output of an internal src pad as going away, before the bin
 * stops the queue behind it: the push that stopping interrupts then ends
 * that output only, instead of pausing the streaming thread.  Its chunks
 * are dropped from now on; gst_tensor_chunker_src_remove_pad() follows.
 */
void
gst_tensor_chunker_src_release_output (GstTensorChunkerSrc * self, GstPad * pad)
{
  GstTensorChunkerOutput *output;

  GST_OBJECT_LOCK (self);
  output = gst_pad_get_element_private (pad);
  if (output != NULL)
    output->removed = TRUE;
  GST_OBJECT_UNLOCK (self);
}

/**
 * gst_tensor_chunker_src_remove_pad:
 *
 * Removes an internal src pad and its output.  While streaming, the
 * streaming thread may be pushing: the output is only marked and the
 * thread drops it before its next step (its chunks are dropped meanwhile);
 * the pad goes now.
 */
void
gst_tensor_chunker_src_remove_pad (GstTensorChunkerSrc * self, GstPad * pad)
{
  GstTensorChunkerOutput *output;

  GST_OBJECT_LOCK (self);
  output = gst_pad_get_element_private (pad);
  /* NULL: the streaming thread dropped it already */
  if (output != NULL)
    output->removed = TRUE;
  gst_pad_set_element_private (pad, NULL);
  GST_OBJECT_UNLOCK (self);

  gst_pad_set_active (pad, FALSE);
  gst_element_remove_pad (GST_ELEMENT (self), pad);

  /* Not waiting for a running task: it may be blocked on another output's
   * full queue, for as long as that consumer likes. */
  if (gst_task_get_state (self->task) != GST_TASK_STARTED) {
    GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
    gst_tensor_chunker_src_drop_removed_outputs (self);
    GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
  }
}

/**
 * gst_tensor_chunker_src_configure_output:
 * @pad: an internal src pad from gst_tensor_chunker_src_add_pad()
 * @buffer_chunk_size: the chunks the output's queue holds
 * @source_index: (out): the source stream the output reads
 * @filter_description: (out) (transfer full): its filter chain
 *
 * Creates the output of @pad in the core, as @config says.  Called by the
 * bin at READY->PAUSED; the error is the core's.
 */
gboolean
gst_tensor_chunker_src_configure_output (GstTensorChunkerSrc * self,
    GstPad * pad, const TcOutputConfig * config, guint buffer_chunk_size,
    gint * source_index, gchar ** filter_description, GError ** error)
{
  GstTensorChunkerOutput *output;
  const TcOutputInfo *info;
  GstCaps *caps;
  gint id;

  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  GST_OBJECT_LOCK (self);
  output = gst_pad_get_element_private (pad);
  GST_OBJECT_UNLOCK (self);
  /* Released while a byte stream was opening in the streaming thread. */
  if (output == NULL) {
    GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
    *source_index = -1;
    *filter_description = NULL;
    return TRUE;
  }
  gst_tensor_chunker_src_unconfigure_output (self, output);

  id = tc_source_add_output (self->source, config, error);
  if (id < 0) {
    GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
    return FALSE;
  }
  info = tc_source_get_output_info (self->source, id);

  output->id = id;
  output->skipped_told = 0;
  output->frames_per_chunk = config->frames_per_chunk;
  output->nhwc = config->nhwc;
  output->buffer_chunk_size = buffer_chunk_size;
  GST_OBJECT_LOCK (self);
  output->capture_latency = time_from_tc (tc_source_capture_latency
      (self->source, id));
  output->chunk_duration = gst_tensor_chunker_chunk_duration (info);
  output->latency_answered = FALSE;
  GST_OBJECT_UNLOCK (self);
  caps = gst_tensor_chunker_make_caps (info, info->frames_per_chunk,
      output->nhwc);
  output->stream_id = gst_pad_create_stream_id (pad, GST_ELEMENT (self),
      GST_OBJECT_NAME (pad) + strlen ("src_"));
  output->stream = gst_stream_new (output->stream_id, caps,
      info->media_type == TC_MEDIA_AUDIO ? GST_STREAM_TYPE_AUDIO :
      GST_STREAM_TYPE_VIDEO, GST_STREAM_FLAG_NONE);
  GST_DEBUG_OBJECT (pad, "core output %d reads stream %d through \"%s\", "
      "caps %" GST_PTR_FORMAT, id, info->source_index,
      info->filter_description, caps);
  gst_caps_unref (caps);
  gst_flow_combiner_add_pad (self->combiner, pad);

  *source_index = info->source_index;
  *filter_description = g_strdup (info->filter_description);
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);

  return TRUE;
}

/* Removes every output from the core; the pads stay.  Called by the bin at
 * PAUSED->READY, with the task stopped. */
void
gst_tensor_chunker_src_unconfigure_outputs (GstTensorChunkerSrc * self)
{
  guint i;

  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  gst_tensor_chunker_src_drop_removed_outputs (self);
  for (i = 0; i < self->outputs->len; i++)
    gst_tensor_chunker_src_unconfigure_output (self,
        g_ptr_array_index (self->outputs, i));
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
}

/**
 * gst_tensor_chunker_src_set_live:
 * @is_live: the element's is-live property
 *
 * Called by the bin at READY->PAUSED, the source open: a capture device is
 * live whatever @is_live says; another source read as live is read in real
 * time.
 *
 * Returns: whether the source runs live.
 */
gboolean
gst_tensor_chunker_src_set_live (GstTensorChunkerSrc * self, gboolean is_live)
{
  gboolean device, live;

  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  device = tc_source_is_device (self->source);
  live = is_live || device;
  self->realtime = live && !device;
  tc_source_set_realtime (self->source, self->realtime);
  GST_OBJECT_LOCK (self);
  self->live = live;
  GST_OBJECT_UNLOCK (self);
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);

  GST_DEBUG_OBJECT (self, "%s%s", live ? "live" : "not live", device ?
      " (a capture device)" : self->realtime ? " (read in real time)" : "");
  return live;
}

void
gst_tensor_chunker_src_set_decode_ahead (GstTensorChunkerSrc * self,
    guint frames)
{
  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  tc_source_set_decode_ahead (self->source, frames);
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
}

void
gst_tensor_chunker_src_set_last_chunk (GstTensorChunkerSrc * self,
    GstTensorChunkerLastChunk last_chunk)
{
  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  self->last_chunk = last_chunk;
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
}
