/* GStreamer tensorchunker: media to fixed-size tensor chunks
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

/**
 * SECTION:element-tensorchunker
 * @title: tensorchunker
 *
 * tensorchunker opens any media source FFmpeg can open (a file, a URL, a
 * device, a lavfi graph), decodes it, runs each requested output through a
 * libavfilter chain, and pushes fixed-size chunks as tensor buffers: N
 * audio frames as (N, channels), N video frames as (N, C, H, W).  Each
 * request pad (`audio_%u`, `video_%u`) is one output stream with its own
 * settings (the pad's properties: resampling, scaling, frame rate, sample
 * or pixel format, frames per chunk, a custom filter chain).
 *
 * Without a location, the bytes arriving on the always sink pad are the
 * source (the seed's file-like object): pulled at offsets when upstream
 * can be pulled and seeked (filesrc), so every file works and seeks do;
 * read as a stream when upstream only pushes, where media that needs
 * seeking fails with an error saying so.  The #GstTensorChunker:protocols
 * a source may open default to its own and http,https,tls,tcp,crypto (file
 * only for a local location): a playlist from the network cannot read
 * local files.
 *
 * The source opens in the NULL to READY state change, so an application
 * can read #GstTensorChunker:source-streams before it requests pads; the
 * outputs are created in the READY to PAUSED state change, where a bad pad
 * setting (a stream index out of range, an unknown format or filter) is an
 * error.  A #GstStreamCollection describing the source streams is posted on
 * the bus when the source opens and sent downstream on every pad.
 *
 * Chunks of outputs whose frames-per-chunk to rate ratios agree carry the
 * same timestamps.
 *
 * A capture device (x11grab, pulse, alsa, v4l2...), or a source with
 * #GstTensorChunker:is-live, is live: it produces chunks only in PLAYING
 * (READY->PAUSED and PLAYING->PAUSED return NO_PREROLL), timestamped with
 * the running time their first frame was captured at; each output pad
 * answers the latency query with min = the capture latency + one chunk;
 * and an output whose #GstTensorChunkerPad:buffer-chunk-size chunks all
 * wait for the consumer drops the oldest, counts it in the pad's
 * #GstTensorChunkerPad:dropped property and posts a "tensorchunker-drop"
 * element message (pad, processed, dropped, timestamp).  A non-live source
 * never drops: it waits for the consumer.
 *
 * Flushing TIME seeks are supported on sources that are not live; with
 * %GST_SEEK_FLAG_ACCURATE the first chunk starts at the first frame at or
 * after the target, otherwise at the key frame before it.
 *
 * Each buffer is one contiguous, row-major tensor: its caps
 * (`application/x-tensor`) give the element `type` and the shape, `dims`,
 * outermost first.  An application maps the buffer and reads it as an
 * array of that shape without copying it, e.g. with numpy:
 * `np.frombuffer (mapinfo.data, np.float32).reshape (dims)`, valid while
 * the buffer stays mapped.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 tensorchunker location=in.mp4 name=t \
 *     audio_0::sample-rate=8000 audio_0::frames-per-chunk=8000 \
 *     video_0::width=960 video_0::height=540 video_0::frame-rate=1/1 \
 *     video_1::width=320 video_1::height=320 video_1::format=gray \
 *     video_1::frame-rate=3/1 video_1::frames-per-chunk=3 \
 *   t.audio_0 ! fakesink  t.video_0 ! fakesink  t.video_1 ! fakesink
 * ]| Reads one audio and two video outputs from in.mp4: chunks of 8000
 * samples at 8 kHz (dims <8000, 2>), one 960x540 RGB frame a second
 * (dims <1, 3, 540, 960>), and three 320x320 grey frames a second
 * (dims <3, 1, 320, 320>).
 * |[
 * gst-launch-1.0 tensorchunker format=lavfi \
 *     location="sine=frequency=440:sample_rate=16000:duration=5" \
 *     name=t audio_0::frames-per-chunk=1600 t.audio_0 ! fakesink dump=true
 * ]| Chunks a synthetic tone into tenths of a second.
 * |[
 * gst-launch-1.0 tensorchunker location=in.mkv name=t \
 *     video_0::filter="hflip" video_0::layout=nhwc \
 *     t.video_0 ! fakesink
 * ]| Mirrors each frame before chunking it as (1, H, W, 3).
 * |[
 * gst-launch-1.0 tensorchunker format=pulse location=default \
 *     options="options,sample_rate=(string)16000,channels=(string)1" \
 *     audio_0::frames-per-chunk=16000 name=t t.audio_0 ! appsink
 * ]| Captures a microphone in 1 s chunks of 16 kHz mono float32 samples.
 * |[
 * gst-launch-1.0 filesrc location=in.mp4 ! tensorchunker name=t \
 *     video_0::frames-per-chunk=30 t.video_0 ! fakesink
 * ]| Reads the bytes filesrc gives, in pull mode.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gsttensorchunker.h"
#include "gsttensorchunkerpad.h"
#include "gsttensorchunkersrc.h"
#include "gsttensorchunkerlog.h"
#include "gsttensorchunkerutils.h"

GST_DEBUG_CATEGORY (gst_tensor_chunker_debug);
#define GST_CAT_DEFAULT gst_tensor_chunker_debug

#define DEFAULT_LOCATION    NULL
#define DEFAULT_FORMAT      NULL
#define DEFAULT_PROTOCOLS   NULL
#define DEFAULT_IS_LIVE     FALSE
#define DEFAULT_LAST_CHUNK  GST_TENSOR_CHUNKER_LAST_CHUNK_SHORT
#define DEFAULT_DECODE_AHEAD 8

enum
{
  PROP_0,
  PROP_LOCATION,
  PROP_FORMAT,
  PROP_OPTIONS,
  PROP_PROTOCOLS,
  PROP_IS_LIVE,
  PROP_LAST_CHUNK,
  PROP_DECODE_AHEAD,
  PROP_SOURCE_STREAMS,
  PROP_DEFAULT_AUDIO_STREAM,
  PROP_DEFAULT_VIDEO_STREAM,
};

/*
 * Locking: the object lock guards the properties and the list of request
 * pads (and the queue each pad points to).  Requesting and releasing pads
 * and the state changes that create or remove the outputs are serialised
 * by the state lock, so the outputs are never configured while a pad
 * comes or goes.
 */
struct _GstTensorChunker
{
  GstBin parent;

  GstTensorChunkerSrc *src;     /* a child; owned by the bin */
  GstPad *sinkpad;              /* ghost of the source's sink pad */

  /* object lock */
  gchar *location;
  gchar *format;
  GstStructure *options;
  gchar *protocols;
  gboolean is_live;
  GstTensorChunkerLastChunk last_chunk;
  guint decode_ahead;
  gboolean source_changed;      /* location, format or options set in READY */
  gboolean byte_stream;         /* no location: reading upstream's bytes */
  gboolean live;                /* the outputs run live (set at READY->PAUSED) */
  GList *pads;                  /* GstTensorChunkerPad, in request order */
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS_ANY);

static GstStaticPadTemplate audio_template =
GST_STATIC_PAD_TEMPLATE ("audio_%u",
    GST_PAD_SRC,
    GST_PAD_REQUEST,
    GST_STATIC_CAPS ("application/x-tensor, media=(string)audio"));

static GstStaticPadTemplate video_template =
GST_STATIC_PAD_TEMPLATE ("video_%u",
    GST_PAD_SRC,
    GST_PAD_REQUEST,
    GST_STATIC_CAPS ("application/x-tensor, media=(string)video"));

static void gst_tensor_chunker_child_proxy_init (gpointer g_iface,
    gpointer iface_data);

#define gst_tensor_chunker_parent_class parent_class
G_DEFINE_TYPE_WITH_CODE (GstTensorChunker, gst_tensor_chunker, GST_TYPE_BIN,
    G_IMPLEMENT_INTERFACE (GST_TYPE_CHILD_PROXY,
        gst_tensor_chunker_child_proxy_init));
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (tensorchunker, "tensorchunker",
    GST_RANK_NONE, GST_TYPE_TENSOR_CHUNKER,
    GST_DEBUG_CATEGORY_INIT (gst_tensor_chunker_debug, "tensorchunker", 0,
        "media to tensor chunks"));

static void gst_tensor_chunker_release_pad (GstElement * element, GstPad * pad);

/* Output queues */

/* Called with the state lock, at READY->PAUSED: how a full output queue
 * behaves.  A non-live source never drops: the streaming thread waits for
 * the consumer (and the queues grow as below).  A live one cannot wait, the
 * device goes on capturing: the queue drops its oldest chunk (it marks the
 * next one it pushes DISCONT), the source counts the drops, and the queue
 * never grows, so memory stays bounded however slow the consumer. */
static void
gst_tensor_chunker_queue_configure (GstElement * queue, guint size,
    gboolean live)
{
  g_object_set (queue, "max-size-buffers", size, "silent", live, NULL);
  gst_util_set_object_arg (G_OBJECT (queue), "leaky",
      live ? "downstream" : "no");
}

/* A queue, its pad and the pad's buffer-chunk-size, taken under the
 * object lock so that the queue signal handlers can look at the other
 * outputs without holding it. */
typedef struct
{
  GstElement *queue;
  GstPad *pad;
  guint size;
} GstTensorChunkerQueueRef;

static GArray *
gst_tensor_chunker_get_queues (GstTensorChunker * self)
{
  GArray *queues =
      g_array_new (FALSE, FALSE, sizeof (GstTensorChunkerQueueRef));
  GList *l;

  GST_OBJECT_LOCK (self);
  for (l = self->pads; l != NULL; l = l->next) {
    GstTensorChunkerPad *pad = l->data;
    GstTensorChunkerQueueRef ref;

    ref.queue = gst_object_ref (pad->queue);
    ref.pad = gst_object_ref (GST_PAD (pad));
    ref.size = gst_tensor_chunker_pad_get_buffer_chunk_size (pad);
    g_array_append_val (queues, ref);
  }
  GST_OBJECT_UNLOCK (self);

  return queues;
}

static void
gst_tensor_chunker_free_queues (GArray * queues)
{
  guint i;

  for (i = 0; i < queues->len; i++) {
    GstTensorChunkerQueueRef *ref =
        &g_array_index (queues, GstTensorChunkerQueueRef, i);

    gst_object_unref (ref->queue);
    gst_object_unref (ref->pad);
  }
  g_array_free (queues, TRUE);
}

/* Whether the consumer of this output can be waiting for data: its pad is
 * linked and its queue has not had EOS. */
static gboolean
gst_tensor_chunker_queue_wants_data (GstTensorChunkerQueueRef * ref)
{
  GstPad *sinkpad;
  GstEvent *eos;

  if (!gst_pad_is_linked (ref->pad))
    return FALSE;

  sinkpad = gst_element_get_static_pad (ref->queue, "sink");
  eos = gst_pad_get_sticky_event (sinkpad, GST_EVENT_EOS, 0);
  gst_object_unref (sinkpad);
  if (eos != NULL) {
    gst_event_unref (eos);
    return FALSE;
  }
  return TRUE;
}

static void
gst_tensor_chunker_queue_levels (GstElement * queue, guint * level, guint * max)
{
  g_object_get (queue, "current-level-buffers", level, "max-size-buffers",
      max, NULL);
}

/*
 * One streaming thread feeds every queue, so when the outputs' chunks span
 * different times (1024 audio frames are 23 ms, 25 video frames a second)
 * the thread can fill one queue long before it has the data of the next
 * chunk of another.  If it then waited for room, while the other output's
 * consumer waits for data (a sink prerolling, say), neither would move.
 * So, as multiqueue does: a queue that is full while another is empty
 * grows by one chunk (overrun, in the streaming thread), a queue that runs
 * empty lets any full one grow (underrun, in its own thread), and a grown
 * queue shrinks back once it has drained.  The queue checks its fullness
 * again after emitting overrun, and a change of max-size-buffers wakes a
 * thread waiting for room.
 */
static void
gst_tensor_chunker_queue_overrun (GstElement * queue, GstTensorChunker * self)
{
  GArray *queues = gst_tensor_chunker_get_queues (self);
  guint i, level, max;

  for (i = 0; i < queues->len; i++) {
    GstTensorChunkerQueueRef *ref =
        &g_array_index (queues, GstTensorChunkerQueueRef, i);

    if (ref->queue == queue || !gst_tensor_chunker_queue_wants_data (ref))
      continue;
    gst_tensor_chunker_queue_levels (ref->queue, &level, &max);
    if (level == 0) {
      gst_tensor_chunker_queue_levels (queue, &level, &max);
      GST_DEBUG_OBJECT (self, "%s is full (%u) and %s empty: growing the "
          "first", GST_OBJECT_NAME (queue), level, GST_OBJECT_NAME (ref->pad));
      g_object_set (queue, "max-size-buffers", MAX (level, max) + 1, NULL);
      break;
    }
  }
  gst_tensor_chunker_free_queues (queues);
}

static void
gst_tensor_chunker_queue_underrun (GstElement * queue, GstTensorChunker * self)
{
  GArray *queues = gst_tensor_chunker_get_queues (self);
  guint i, level, max;

  for (i = 0; i < queues->len; i++) {
    GstTensorChunkerQueueRef *ref =
        &g_array_index (queues, GstTensorChunkerQueueRef, i);

    gst_tensor_chunker_queue_levels (ref->queue, &level, &max);
    if (ref->queue == queue) {
      if (max > ref->size) {
        GST_DEBUG_OBJECT (self, "%s drained: back to %u chunks",
            GST_OBJECT_NAME (queue), ref->size);
        g_object_set (queue, "max-size-buffers", ref->size, NULL);
      }
    } else if (level >= max && gst_tensor_chunker_queue_wants_data (ref)) {
      GST_DEBUG_OBJECT (self, "%s is empty and %s full (%u): growing the "
          "second", GST_OBJECT_NAME (queue), GST_OBJECT_NAME (ref->queue),
          level);
      g_object_set (ref->queue, "max-size-buffers", level + 1, NULL);
    }
  }
  gst_tensor_chunker_free_queues (queues);
}

/* Source and outputs */

/* Posts the collection of the source just opened, and says that
 * source-streams changed. */
static void
gst_tensor_chunker_announce_source (GstTensorChunker * self)
{
  GstStreamCollection *collection;

  collection = gst_tensor_chunker_src_get_collection (self->src);
  if (collection != NULL) {
    gst_element_post_message (GST_ELEMENT (self),
        gst_message_new_stream_collection (GST_OBJECT (self), collection));
    gst_object_unref (collection);
  }
  g_object_notify (G_OBJECT (self), "source-streams");
}

/* Called with the object lock: the options for the core, those of the
 * options property and the protocols as FFmpeg's protocol_whitelist (which
 * the property replaces). */
static gchar **
gst_tensor_chunker_source_options (GstTensorChunker * self)
{
  GstStructure *s;
  gchar **options;

  if (self->protocols == NULL)
    return gst_tensor_chunker_structure_to_strv (self->options);

  s = self->options ? gst_structure_copy (self->options) :
      gst_structure_new_empty ("options");
  gst_structure_set (s, "protocol_whitelist", G_TYPE_STRING, self->protocols,
      NULL);
  options = gst_tensor_chunker_structure_to_strv (s);
  gst_structure_free (s);
  return options;
}

/* Called with the state lock, at NULL->READY (or READY->PAUSED when the
 * location changed in READY).  Opens the location; without one, a linked
 * sink pad makes the source read upstream's byte stream, which opens at
 * READY->PAUSED or when its data arrives. */
static gboolean
gst_tensor_chunker_open (GstTensorChunker * self)
{
  GError *error = NULL;
  gchar *location, *format, **options;
  gboolean ok, upstream;

  GST_OBJECT_LOCK (self);
  location = g_strdup (self->location);
  format = g_strdup (self->format);
  options = gst_tensor_chunker_source_options (self);
  self->source_changed = FALSE;
  self->byte_stream = FALSE;
  GST_OBJECT_UNLOCK (self);

  upstream = gst_pad_is_linked (self->sinkpad);
  if (location == NULL && upstream) {
    GST_DEBUG_OBJECT (self, "no location: reading upstream's byte stream");
    gst_tensor_chunker_src_use_byte_stream (self->src, format,
        (const gchar * const *) options);
    GST_OBJECT_LOCK (self);
    self->byte_stream = TRUE;
    GST_OBJECT_UNLOCK (self);
    ok = TRUE;
    goto done;
  }
  if (location == NULL)
    goto no_location;
  if (upstream)
    goto location_and_upstream;

  ok = gst_tensor_chunker_src_open (self->src, location, format,
      (const gchar * const *) options, &error);
  if (!ok)
    goto open_failed;
  gst_tensor_chunker_announce_source (self);

done:
  g_free (location);
  g_free (format);
  g_strfreev (options);
  return ok;

no_location:
  {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND, ("No location set"),
        ("set the location property to a file, URL, device or graph, or "
            "link the sink pad to read upstream's bytes"));
    ok = FALSE;
    goto done;
  }
location_and_upstream:
  {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        ("Both a location (%s) and an upstream element linked to the sink "
            "pad: tensorchunker reads one source; unset location to read "
            "upstream's bytes, or unlink the sink pad", location), (NULL));
    ok = FALSE;
    goto done;
  }
open_failed:
  {
    GST_TENSOR_CHUNKER_POST_ERROR (self, error);
    g_clear_error (&error);
    goto done;
  }
}

/* Called with the state lock, at PAUSED->READY or when READY->PAUSED
 * fails: removes the outputs from the core and lets their pads be set
 * again. */
static void
gst_tensor_chunker_stop (GstTensorChunker * self)
{
  GList *l;

  gst_tensor_chunker_src_unconfigure_outputs (self->src);

  GST_OBJECT_LOCK (self);
  for (l = self->pads; l != NULL; l = l->next)
    gst_tensor_chunker_pad_thaw (l->data);
  GST_OBJECT_UNLOCK (self);
}

static gpointer
gst_tensor_chunker_ref_pad (gconstpointer pad, gpointer user_data)
{
  return gst_object_ref ((gpointer) pad);
}

/* Creates an output in the core for every pad, as its properties say,
 * freezing them.  Called with the state lock at READY->PAUSED; for a byte
 * stream, with the source's stream lock once it opened, in READY->PAUSED or
 * in the streaming thread, where a pad may be released meanwhile: the
 * pads' branches are taken under the object lock. */
static gboolean
gst_tensor_chunker_configure_outputs (GstTensorChunker * self, GError ** error)
{
  GstTensorChunkerOutputConfig config;
  gboolean ok = TRUE, live;
  GList *pads, *l;

  GST_OBJECT_LOCK (self);
  pads = g_list_copy_deep (self->pads, gst_tensor_chunker_ref_pad, NULL);
  live = self->live;
  GST_OBJECT_UNLOCK (self);

  for (l = pads; l != NULL && ok; l = l->next) {
    GstTensorChunkerPad *pad = l->data;
    GstElement *queue = NULL;
    GstPad *internal = NULL;
    gint source_index;
    gchar *filter_description;

    GST_OBJECT_LOCK (self);
    if (pad->internal != NULL) {
      internal = gst_object_ref (pad->internal);
      queue = gst_object_ref (pad->queue);
    }
    GST_OBJECT_UNLOCK (self);
    if (internal == NULL)
      continue;

    gst_tensor_chunker_pad_freeze (pad, &config);
    gst_tensor_chunker_queue_configure (queue, config.buffer_chunk_size, live);
    ok = gst_tensor_chunker_src_configure_output (self->src, internal,
        &config.config, config.buffer_chunk_size, &source_index,
        &filter_description, error);
    gst_tensor_chunker_output_config_clear (&config);
    if (ok) {
      gst_tensor_chunker_pad_set_output_info (pad, source_index,
          filter_description);
      g_free (filter_description);
    } else {
      /* the core does not know the pad: say which one it was */
      g_prefix_error (error, "Pad %s: ", GST_OBJECT_NAME (pad));
    }
    gst_object_unref (internal);
    gst_object_unref (queue);
  }

  g_list_free_full (pads, gst_object_unref);
  return ok;
}

/* The source's opened function: a byte stream opened. */
static gboolean
gst_tensor_chunker_byte_stream_opened (GstTensorChunkerSrc * src,
    gpointer user_data, GError ** error)
{
  GstTensorChunker *self = user_data;

  gst_tensor_chunker_announce_source (self);
  return gst_tensor_chunker_configure_outputs (self, error);
}

/* Called with the state lock, at READY->PAUSED: creates the outputs, or
 * for a byte stream, which opens later, freezes their settings. */
static gboolean
gst_tensor_chunker_start (GstTensorChunker * self)
{
  GstTensorChunkerLastChunk last_chunk;
  GError *error = NULL;
  gboolean reopen, is_live, live, byte_stream;
  guint decode_ahead;
  GList *l;

  GST_OBJECT_LOCK (self);
  reopen = self->source_changed;
  last_chunk = self->last_chunk;
  decode_ahead = self->decode_ahead;
  is_live = self->is_live;
  GST_OBJECT_UNLOCK (self);

  if (reopen && !gst_tensor_chunker_open (self))
    goto failed;

  GST_OBJECT_LOCK (self);
  byte_stream = self->byte_stream;
  GST_OBJECT_UNLOCK (self);

  /* a byte stream is new on every run */
  if (!reopen && !byte_stream
      && !gst_tensor_chunker_src_rewind (self->src, &error))
    goto rewind_failed;
  gst_tensor_chunker_src_set_last_chunk (self->src, last_chunk);
  gst_tensor_chunker_src_set_decode_ahead (self->src, decode_ahead);
  /* a byte stream is not open yet: live when is-live says so */
  live = gst_tensor_chunker_src_set_live (self->src, is_live);
  GST_OBJECT_LOCK (self);
  self->live = live;
  GST_OBJECT_UNLOCK (self);

  if (byte_stream) {
    GstTensorChunkerOutputConfig config;

    GST_OBJECT_LOCK (self);
    for (l = self->pads; l != NULL; l = l->next) {
      gst_tensor_chunker_pad_freeze (l->data, &config);
      gst_tensor_chunker_output_config_clear (&config);
    }
    GST_OBJECT_UNLOCK (self);
    return TRUE;
  }

  if (!gst_tensor_chunker_configure_outputs (self, &error))
    goto output_failed;
  return TRUE;

rewind_failed:
output_failed:
  {
    GST_TENSOR_CHUNKER_POST_ERROR (self, error);
    g_clear_error (&error);
    goto failed;
  }
failed:
  {
    gst_tensor_chunker_stop (self);
    return FALSE;
  }
}

static GstStateChangeReturn
gst_tensor_chunker_change_state (GstElement * element,
    GstStateChange transition)
{
  GstTensorChunker *self = GST_TENSOR_CHUNKER (element);
  GstStateChangeReturn ret;

  switch (transition) {
    case GST_STATE_CHANGE_NULL_TO_READY:
      if (!gst_tensor_chunker_open (self))
        return GST_STATE_CHANGE_FAILURE;
      break;
    case GST_STATE_CHANGE_READY_TO_PAUSED:
      /* before the internal source starts streaming in its own
       * READY->PAUSED */
      if (!gst_tensor_chunker_start (self))
        return GST_STATE_CHANGE_FAILURE;
      break;
    default:
      break;
  }

  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);

  if (ret == GST_STATE_CHANGE_FAILURE) {
    if (transition == GST_STATE_CHANGE_READY_TO_PAUSED)
      gst_tensor_chunker_stop (self);
    else if (transition == GST_STATE_CHANGE_NULL_TO_READY)
      gst_tensor_chunker_src_close (self->src);
    return ret;
  }

  switch (transition) {
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      /* the streaming thread stopped in the source's PAUSED->READY */
      gst_tensor_chunker_stop (self);
      break;
    case GST_STATE_CHANGE_READY_TO_NULL:
      gst_tensor_chunker_src_close (self->src);
      break;
    default:
      break;
  }

  return ret;
}

/* Live outputs */

/* The queue answers a latency query with an unbounded max, as it has no
 * time limit; the bound is known here, buffer-chunk-size chunks, so the
 * pad asks the internal source, which knows the chunks' duration. */
static gboolean
gst_tensor_chunker_pad_query (GstPad * pad, GstObject * parent,
    GstQuery * query)
{
  GstTensorChunker *self = GST_TENSOR_CHUNKER (parent);
  GstPad *to = NULL;
  gboolean res;

  if (GST_QUERY_TYPE (query) == GST_QUERY_LATENCY) {
    GST_OBJECT_LOCK (self);
    if (GST_TENSOR_CHUNKER_PAD (pad)->internal != NULL)
      to = gst_object_ref (GST_TENSOR_CHUNKER_PAD (pad)->internal);
    GST_OBJECT_UNLOCK (self);
  } else {
    /* what a ghost pad does with a query */
    to = gst_ghost_pad_get_target (GST_GHOST_PAD (pad));
  }
  if (to == NULL)
    return FALSE;

  res = gst_pad_query (to, query);
  gst_object_unref (to);
  return res;
}

/* The internal source's queue for @internal dropped chunks: called in the
 * streaming thread.  Updates the pad's dropped property and tells the
 * application. */
static void
gst_tensor_chunker_on_dropped (GstTensorChunkerSrc * src, GstPad * internal,
    guint64 processed, guint64 dropped, GstClockTime timestamp,
    GstTensorChunker * self)
{
  GstTensorChunkerPad *pad = NULL;
  GstStructure *s;
  GList *l;

  GST_OBJECT_LOCK (self);
  for (l = self->pads; l != NULL; l = l->next) {
    if (GST_TENSOR_CHUNKER_PAD (l->data)->internal == internal) {
      pad = gst_object_ref (l->data);
      break;
    }
  }
  GST_OBJECT_UNLOCK (self);
  if (pad == NULL)
    return;

  GST_INFO_OBJECT (pad, "%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
      " chunks dropped, the last at %" GST_TIME_FORMAT, dropped, processed,
      GST_TIME_ARGS (timestamp));
  gst_tensor_chunker_pad_set_dropped (pad, dropped);
  s = gst_structure_new ("tensorchunker-drop",
      "pad", G_TYPE_STRING, GST_OBJECT_NAME (pad),
      "processed", G_TYPE_UINT64, processed,
      "dropped", G_TYPE_UINT64, dropped,
      "timestamp", G_TYPE_UINT64, timestamp, NULL);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self), s));
  gst_object_unref (pad);
}

/* Request pads */

/* Returns the name of a new pad of @templ: @req_name when it fits the
 * template and is free, else the lowest free one; NULL when @req_name does
 * not fit or is taken. */
static gchar *
gst_tensor_chunker_new_pad_name (GstTensorChunker * self,
    GstPadTemplate * templ, const gchar * req_name)
{
  const gchar *name_template = GST_PAD_TEMPLATE_NAME_TEMPLATE (templ);
  gsize prefix_len = strchr (name_template, '%') - name_template;
  GstPad *existing;
  gchar *name;
  guint64 n;

  if (req_name != NULL) {
    if (strncmp (req_name, name_template, prefix_len) != 0 ||
        !g_ascii_string_to_unsigned (req_name + prefix_len, 10, 0, G_MAXINT,
            &n, NULL))
      return NULL;
    existing = gst_element_get_static_pad (GST_ELEMENT (self), req_name);
    if (existing != NULL) {
      gst_object_unref (existing);
      return NULL;
    }
    return g_strdup (req_name);
  }

  for (n = 0;; n++) {
    name = g_strdup_printf ("%.*s%" G_GUINT64_FORMAT, (gint) prefix_len,
        name_template, n);
    existing = gst_element_get_static_pad (GST_ELEMENT (self), name);
    if (existing == NULL)
      return name;
    gst_object_unref (existing);
    g_free (name);
  }
}

static GstPad *
gst_tensor_chunker_request_new_pad (GstElement * element,
    GstPadTemplate * templ, const gchar * req_name, const GstCaps * caps)
{
  GstTensorChunker *self = GST_TENSOR_CHUNKER (element);
  GstTensorChunkerPad *pad = NULL;
  GstElement *queue;
  GstPad *internal, *sinkpad, *srcpad;
  gchar *name = NULL, *queue_name;

  GST_STATE_LOCK (self);
  /* The outputs are made at READY->PAUSED: one requested later would
   * never run. */
  if (GST_STATE (self) > GST_STATE_READY)
    goto running;

  name = gst_tensor_chunker_new_pad_name (self, templ, req_name);
  if (name == NULL)
    goto bad_name;

  queue_name = g_strdup_printf ("queue_%s", name);
  queue = gst_element_factory_make ("queue", queue_name);
  g_free (queue_name);
  if (queue == NULL)
    goto no_queue;

  g_object_set (queue, "max-size-bytes", 0, "max-size-time",
      G_GUINT64_CONSTANT (0), NULL);
  g_signal_connect (queue, "overrun",
      G_CALLBACK (gst_tensor_chunker_queue_overrun), self);
  g_signal_connect (queue, "underrun",
      G_CALLBACK (gst_tensor_chunker_queue_underrun), self);
  gst_bin_add (GST_BIN (self), queue);

  internal = gst_tensor_chunker_src_add_pad (self->src, name);
  sinkpad = gst_element_get_static_pad (queue, "sink");
  gst_pad_link (internal, sinkpad);
  gst_object_unref (sinkpad);

  pad = g_object_new (GST_PAD_TEMPLATE_GTYPE (templ), "name", name,
      "direction", GST_PAD_SRC, "template", templ, NULL);
  gst_pad_set_query_function (GST_PAD (pad), gst_tensor_chunker_pad_query);
  srcpad = gst_element_get_static_pad (queue, "src");
  gst_ghost_pad_set_target (GST_GHOST_PAD (pad), srcpad);
  gst_object_unref (srcpad);
  gst_element_sync_state_with_parent (queue);

  GST_OBJECT_LOCK (self);
  pad->queue = gst_object_ref (queue);
  pad->internal = internal;
  self->pads = g_list_append (self->pads, pad);
  GST_OBJECT_UNLOCK (self);

  gst_element_add_pad (element, GST_PAD (pad));
  GST_STATE_UNLOCK (self);

  /* gst-launch sets "audio_0::sample-rate=..." now that audio_0 exists */
  gst_child_proxy_child_added (GST_CHILD_PROXY (self), G_OBJECT (pad), name);
  GST_DEBUG_OBJECT (self, "new pad %s", name);
  g_free (name);

  return GST_PAD (pad);

running:
  GST_STATE_UNLOCK (self);
  GST_WARNING_OBJECT (self, "cannot add an output in the PAUSED or PLAYING "
      "state: request pads in NULL or READY");
  return NULL;
bad_name:
  GST_STATE_UNLOCK (self);
  GST_WARNING_OBJECT (self, "pad name %s does not fit %s or is taken",
      req_name, GST_PAD_TEMPLATE_NAME_TEMPLATE (templ));
  return NULL;
no_queue:
  GST_STATE_UNLOCK (self);
  g_free (name);
  GST_ELEMENT_ERROR (self, CORE, MISSING_PLUGIN, (NULL),
      ("no queue element: the coreelements plugin is missing"));
  return NULL;
}

static void
gst_tensor_chunker_release_pad (GstElement * element, GstPad * gpad)
{
  GstTensorChunker *self = GST_TENSOR_CHUNKER (element);
  GstTensorChunkerPad *pad = GST_TENSOR_CHUNKER_PAD (gpad);
  GstElement *queue;
  GstPad *internal;
  GList *link;
  gchar *name;

  GST_STATE_LOCK (self);
  GST_OBJECT_LOCK (self);
  link = g_list_find (self->pads, pad);
  if (link == NULL) {
    GST_OBJECT_UNLOCK (self);
    GST_STATE_UNLOCK (self);
    return;
  }
  self->pads = g_list_delete_link (self->pads, link);
  queue = pad->queue;
  pad->queue = NULL;
  internal = pad->internal;
  pad->internal = NULL;
  GST_OBJECT_UNLOCK (self);

  name = gst_pad_get_name (gpad);
  GST_DEBUG_OBJECT (self, "releasing pad %s", name);
  gst_child_proxy_child_removed (GST_CHILD_PROXY (self), G_OBJECT (pad), name);
  g_free (name);

  /* The output goes first, so that the push interrupted below ends only
   * this output. */
  gst_tensor_chunker_src_release_output (self->src, internal);
  /* Downstream next: a sink that prerolled holds the queue's thread in its
   * preroll wait, and stopping the queue needs that thread back.  Flushing
   * the sink lets it go; the flush-stop after leaves the sink usable. */
  gst_pad_push_event (gpad, gst_event_new_flush_start ());
  /* Then the queue: stopping it unblocks a push waiting for room in it. */
  gst_element_set_locked_state (queue, TRUE);
  gst_element_set_state (queue, GST_STATE_NULL);
  gst_pad_push_event (gpad, gst_event_new_flush_stop (FALSE));
  gst_tensor_chunker_src_remove_pad (self->src, internal);
  gst_ghost_pad_set_target (GST_GHOST_PAD (pad), NULL);
  gst_bin_remove (GST_BIN (self), queue);
  gst_object_unref (queue);

  gst_pad_set_active (gpad, FALSE);
  gst_element_remove_pad (element, gpad);
  GST_STATE_UNLOCK (self);
}

/* GstChildProxy: the children are the request pads, so that
 * "audio_0::sample-rate" names a pad property. */

static GObject *
gst_tensor_chunker_child_proxy_get_child_by_index (GstChildProxy * proxy,
    guint index)
{
  GstTensorChunker *self = GST_TENSOR_CHUNKER (proxy);
  GObject *child;

  GST_OBJECT_LOCK (self);
  child = g_list_nth_data (self->pads, index);
  if (child != NULL)
    gst_object_ref (child);
  GST_OBJECT_UNLOCK (self);

  return child;
}

static guint
gst_tensor_chunker_child_proxy_get_children_count (GstChildProxy * proxy)
{
  GstTensorChunker *self = GST_TENSOR_CHUNKER (proxy);
  guint count;

  GST_OBJECT_LOCK (self);
  count = g_list_length (self->pads);
  GST_OBJECT_UNLOCK (self);

  return count;
}

static void
gst_tensor_chunker_child_proxy_init (gpointer g_iface, gpointer iface_data)
{
  GstChildProxyInterface *iface = g_iface;

  iface->get_child_by_index = gst_tensor_chunker_child_proxy_get_child_by_index;
  iface->get_children_count = gst_tensor_chunker_child_proxy_get_children_count;
}

/* GObject */

static void
gst_tensor_chunker_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstTensorChunker *self = GST_TENSOR_CHUNKER (object);

  GST_OBJECT_LOCK (self);
  if (GST_STATE (self) > GST_STATE_READY) {
    g_warning ("%s: cannot change \"%s\" in the PAUSED or PLAYING state",
        GST_OBJECT_NAME (self), pspec->name);
    goto done;
  }

  switch (prop_id) {
    case PROP_LOCATION:
      g_free (self->location);
      self->location = g_value_dup_string (value);
      self->source_changed = GST_STATE (self) == GST_STATE_READY;
      break;
    case PROP_FORMAT:
      g_free (self->format);
      self->format = g_value_dup_string (value);
      self->source_changed = GST_STATE (self) == GST_STATE_READY;
      break;
    case PROP_OPTIONS:
      if (self->options)
        gst_structure_free (self->options);
      self->options = g_value_dup_boxed (value);
      self->source_changed = GST_STATE (self) == GST_STATE_READY;
      break;
    case PROP_PROTOCOLS:
      g_free (self->protocols);
      self->protocols = g_value_dup_string (value);
      self->source_changed = GST_STATE (self) == GST_STATE_READY;
      break;
    case PROP_IS_LIVE:
      self->is_live = g_value_get_boolean (value);
      break;
    case PROP_LAST_CHUNK:
      self->last_chunk = g_value_get_enum (value);
      break;
    case PROP_DECODE_AHEAD:
      self->decode_ahead = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }

done:
  GST_OBJECT_UNLOCK (self);
}

static void
gst_tensor_chunker_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstTensorChunker *self = GST_TENSOR_CHUNKER (object);

  switch (prop_id) {
    case PROP_LOCATION:
      GST_OBJECT_LOCK (self);
      g_value_set_string (value, self->location);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_FORMAT:
      GST_OBJECT_LOCK (self);
      g_value_set_string (value, self->format);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_OPTIONS:
      GST_OBJECT_LOCK (self);
      g_value_set_boxed (value, self->options);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_PROTOCOLS:
      GST_OBJECT_LOCK (self);
      g_value_set_string (value, self->protocols);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_IS_LIVE:
      GST_OBJECT_LOCK (self);
      g_value_set_boolean (value, self->is_live);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_LAST_CHUNK:
      GST_OBJECT_LOCK (self);
      g_value_set_enum (value, self->last_chunk);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_DECODE_AHEAD:
      GST_OBJECT_LOCK (self);
      g_value_set_uint (value, self->decode_ahead);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_SOURCE_STREAMS:
    {
      GValue streams = G_VALUE_INIT;

      gst_tensor_chunker_src_get_source_streams (self->src, &streams);
      g_value_copy (&streams, value);
      g_value_unset (&streams);
      break;
    }
    case PROP_DEFAULT_AUDIO_STREAM:
      g_value_set_int (value,
          gst_tensor_chunker_src_get_default_stream (self->src,
              TC_MEDIA_AUDIO));
      break;
    case PROP_DEFAULT_VIDEO_STREAM:
      g_value_set_int (value,
          gst_tensor_chunker_src_get_default_stream (self->src,
              TC_MEDIA_VIDEO));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_tensor_chunker_dispose (GObject * object)
{
  GstTensorChunker *self = GST_TENSOR_CHUNKER (object);

  /* Release the pads while their queues and the internal source are still
   * children: GstElement's dispose would release them only after GstBin's
   * removed the children. */
  while (self->pads != NULL)
    gst_tensor_chunker_release_pad (GST_ELEMENT (self), self->pads->data);

  G_OBJECT_CLASS (parent_class)->dispose (object);
  self->src = NULL;
}

static void
gst_tensor_chunker_finalize (GObject * object)
{
  GstTensorChunker *self = GST_TENSOR_CHUNKER (object);

  g_free (self->location);
  g_free (self->format);
  if (self->options)
    gst_structure_free (self->options);
  g_free (self->protocols);

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_tensor_chunker_class_init (GstTensorChunkerClass * klass)
{
  GObjectClass *gobject_class = (GObjectClass *) klass;
  GstElementClass *element_class = (GstElementClass *) klass;

  gobject_class->set_property = gst_tensor_chunker_set_property;
  gobject_class->get_property = gst_tensor_chunker_get_property;
  gobject_class->dispose = gst_tensor_chunker_dispose;
  gobject_class->finalize = gst_tensor_chunker_finalize;

  element_class->change_state =
      GST_DEBUG_FUNCPTR (gst_tensor_chunker_change_state);
  element_class->request_new_pad =
      GST_DEBUG_FUNCPTR (gst_tensor_chunker_request_new_pad);
  element_class->release_pad =
      GST_DEBUG_FUNCPTR (gst_tensor_chunker_release_pad);

  /**
   * GstTensorChunker:location:
   *
   * What to open: a path, a URL (http, https, hls, rtmp, rtsp...), a device
   * name, or a lavfi graph.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_LOCATION,
      g_param_spec_string ("location", "Location",
          "What to open: a path, a URL, a device name or a lavfi graph",
          DEFAULT_LOCATION, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstTensorChunker:format:
   *
   * The FFmpeg input format or device, as ffmpeg's -f: s16le, lavfi,
   * x11grab, pulse, alsa, v4l2...  %NULL probes the format.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_FORMAT,
      g_param_spec_string ("format", "Format",
          "FFmpeg input format or device, as ffmpeg -f (NULL: probe)",
          DEFAULT_FORMAT, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstTensorChunker:options:
   *
   * Options for the format, protocol or device, as ffmpeg's input options,
   * e.g. `options,sample_rate=(string)16000`.  An option nobody consumed is
   * an error that names it.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_OPTIONS,
      g_param_spec_boxed ("options", "Options",
          "Options for the input format, protocol or device, as ffmpeg's "
          "input options", GST_TYPE_STRUCTURE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstTensorChunker:protocols:
   *
   * The protocols the source may open, comma-separated (FFmpeg's
   * protocol_whitelist), for the location and for every URL it names:
   * playlist variants, segments, keys, redirects.  %NULL: the location's
   * own protocol and http,https,tls,tcp,crypto, plus file only when the
   * location is a local file, so that a playlist fetched over the network
   * cannot make FFmpeg read local files or switch to other protocols.  A
   * URL the list refuses ends in a RESOURCE NOT_AUTHORIZED error naming
   * it.
   */
  g_object_class_install_property (gobject_class, PROP_PROTOCOLS,
      g_param_spec_string ("protocols", "Protocols",
          "Protocols the source may open, comma-separated, as FFmpeg's "
          "protocol_whitelist (NULL: the location's own, http,https,tls,tcp,"
          "crypto, and file only for a local location)", DEFAULT_PROTOCOLS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstTensorChunker:is-live:
   *
   * Treat the source as live: a network stream, or a lavfi graph or file
   * to be read in real time.  A capture device is live whatever this says.
   * A live source produces chunks only in PLAYING, timestamped with the
   * running time of their capture, answers latency queries, and drops an
   * output's oldest chunk when buffer-chunk-size chunks wait for the
   * consumer; a source that is not a device is read no faster than real
   * time.  See the live section of the documentation.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_IS_LIVE,
      g_param_spec_boolean ("is-live", "Is live",
          "Treat the source as live (capture devices always are): read it in "
          "real time, only in PLAYING, and drop the oldest chunk of a full "
          "output", DEFAULT_IS_LIVE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstTensorChunker:last-chunk:
   *
   * What the final chunk of an output becomes when it holds fewer than
   * frames-per-chunk frames.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_LAST_CHUNK,
      g_param_spec_enum ("last-chunk", "Last chunk",
          "What a short final chunk becomes",
          GST_TYPE_TENSOR_CHUNKER_LAST_CHUNK, DEFAULT_LAST_CHUNK,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstTensorChunker:decode-ahead:
   *
   * How many decoded frames a thread of the element may decode ahead of
   * the filters, so that decoding runs beside filtering, copying into
   * chunks and pushing.  The chunks are the same either way; 0 decodes in
   * the streaming thread.  A capture device, or a source read in real time
   * (#GstTensorChunker:is-live), always decodes in the streaming thread:
   * its timing is taken where it is read.  Each frame held costs its
   * decoded size (3 MB for 1080p YUV 4:2:0).
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_DECODE_AHEAD,
      g_param_spec_uint ("decode-ahead", "Decode ahead",
          "Decoded frames a decoding thread may hold ahead of the filters "
          "(0: decode in the streaming thread)", 0, 1024,
          DEFAULT_DECODE_AHEAD,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstTensorChunker:source-streams:
   *
   * One #GstStructure per source stream, valid once the source is open
   * (READY): index, media-type, codec, codec-long-name, format, bit-rate,
   * num-frames, bits-per-sample, metadata (a #GstStructure), and
   * sample-rate and channels, or width, height and frame-rate.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_SOURCE_STREAMS,
      gst_param_spec_array ("source-streams", "Source streams",
          "The streams of the source, once it is open (READY)",
          g_param_spec_boxed ("source-stream", "Source stream",
              "One stream of the source", GST_TYPE_STRUCTURE,
              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS),
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * GstTensorChunker:default-audio-stream:
   *
   * The index of FFmpeg's best audio stream, valid once the source is open
   * (READY); -1 when it has none.  An `audio_%u` pad whose
   * #GstTensorChunkerPad:stream-index is -1 reads it.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_DEFAULT_AUDIO_STREAM,
      g_param_spec_int ("default-audio-stream", "Default audio stream",
          "Index of FFmpeg's best audio stream, -1 when none (or not open)",
          -1, G_MAXINT, -1, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * GstTensorChunker:default-video-stream:
   *
   * The index of FFmpeg's best video stream, valid once the source is open
   * (READY); -1 when it has none.  A `video_%u` pad whose
   * #GstTensorChunkerPad:stream-index is -1 reads it.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_DEFAULT_VIDEO_STREAM,
      g_param_spec_int ("default-video-stream", "Default video stream",
          "Index of FFmpeg's best video stream, -1 when none (or not open)",
          -1, G_MAXINT, -1, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &audio_template, GST_TYPE_TENSOR_CHUNKER_AUDIO_PAD);
  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &video_template, GST_TYPE_TENSOR_CHUNKER_VIDEO_PAD);

  gst_element_class_set_static_metadata (element_class, "Tensor chunker",
      "Source/Audio/Video",
      "Decodes and filters any FFmpeg source into fixed-size tensor chunks",
      "The gst-tensorchunker authors");

  gst_type_mark_as_plugin_api (GST_TYPE_TENSOR_CHUNKER_PAD, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_TENSOR_CHUNKER_AUDIO_PAD, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_TENSOR_CHUNKER_VIDEO_PAD, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_TENSOR_CHUNKER_LAST_CHUNK, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_TENSOR_CHUNKER_LAYOUT, 0);
}

static void
gst_tensor_chunker_init (GstTensorChunker * self)
{
  GstPad *target;

  self->last_chunk = DEFAULT_LAST_CHUNK;
  self->decode_ahead = DEFAULT_DECODE_AHEAD;
  self->is_live = DEFAULT_IS_LIVE;

  self->src = g_object_new (GST_TYPE_TENSOR_CHUNKER_SRC, "name", "src", NULL);
  g_signal_connect (self->src, "dropped",
      G_CALLBACK (gst_tensor_chunker_on_dropped), self);
  gst_bin_add (GST_BIN (self), GST_ELEMENT (self->src));
  gst_tensor_chunker_src_set_opened_func (self->src,
      gst_tensor_chunker_byte_stream_opened, self);

  /* upstream's bytes, read when no location is set */
  target = gst_element_get_static_pad (GST_ELEMENT (self->src), "sink");
  self->sinkpad = gst_ghost_pad_new_from_template ("sink", target,
      gst_element_class_get_pad_template (GST_ELEMENT_GET_CLASS (self),
          "sink"));
  gst_object_unref (target);
  gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);
}

static gboolean
plugin_init (GstPlugin * plugin)
{
  gst_tensor_chunker_log_init ();
  return GST_ELEMENT_REGISTER (tensorchunker, plugin);
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR,
    GST_VERSION_MINOR,
    tensorchunker,
    "Media to fixed-size tensor chunks, through FFmpeg",
    plugin_init, VERSION, GST_LICENSE, GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
