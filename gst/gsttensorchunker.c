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
GST_DEBUG_CATEGORY (gst_tensor_chunker_dataflow_debug);
#define GST_CAT_DEFAULT gst_tensor_chunker_debug

/*
 * The bin holds no settings: its properties are those of its source
 * element, which owns them (forwarded by name), and its request pads'
 * are those of their outputs (see gsttensorchunkerpad.c).
 *
 * Locking: the object lock guards the list of request pads and the queue
 * each pad points to.  Requesting and releasing pads and the state
 * changes that create or remove the outputs are serialised by the state
 * lock, so the outputs are never configured while a pad comes or goes.
 */
struct _GstTensorChunker
{
  GstBin parent;

  GstTensorChunkerSrc *src;     /* a child; owned by the bin */
  GstPad *sinkpad;              /* ghost of the source's sink pad */

  /* object lock */
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
        "media to tensor chunks");
    GST_DEBUG_CATEGORY_INIT (gst_tensor_chunker_dataflow_debug,
        "tensorchunker-dataflow", 0, "every chunk pushed"));

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
    ref.size = gst_tensor_chunker_output_get_buffer_chunk_size (pad->output);
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

/* Outputs */

/* Called with the state lock, at READY->PAUSED: the source creates the
 * outputs, then each queue gets its output's size. */
static gboolean
gst_tensor_chunker_start (GstTensorChunker * self)
{
  GArray *queues;
  gboolean live;
  guint i;

  if (!gst_tensor_chunker_src_prepare (self->src, &live))
    return FALSE;

  queues = gst_tensor_chunker_get_queues (self);
  for (i = 0; i < queues->len; i++) {
    GstTensorChunkerQueueRef *ref =
        &g_array_index (queues, GstTensorChunkerQueueRef, i);

    gst_tensor_chunker_queue_configure (ref->queue, ref->size, live);
  }
  gst_tensor_chunker_free_queues (queues);
  return TRUE;
}

static GstStateChangeReturn
gst_tensor_chunker_change_state (GstElement * element,
    GstStateChange transition)
{
  GstTensorChunker *self = GST_TENSOR_CHUNKER (element);
  GstStateChangeReturn ret;

  switch (transition) {
    case GST_STATE_CHANGE_NULL_TO_READY:
      if (!gst_tensor_chunker_src_open (self->src))
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
      gst_tensor_chunker_src_unprepare (self->src);
    else if (transition == GST_STATE_CHANGE_NULL_TO_READY)
      gst_tensor_chunker_src_close (self->src);
    return ret;
  }

  switch (transition) {
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      /* the streaming thread stopped in the source's PAUSED->READY */
      gst_tensor_chunker_src_unprepare (self->src);
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
 * pad asks its output, which knows the chunks' duration. */
static gboolean
gst_tensor_chunker_pad_query (GstPad * pad, GstObject * parent,
    GstQuery * query)
{
  GstPad *to;
  gboolean res = FALSE;

  if (GST_QUERY_TYPE (query) == GST_QUERY_LATENCY)
    to = gst_object_ref (GST_TENSOR_CHUNKER_PAD (pad)->output);
  else                          /* what a ghost pad does with a query */
    to = gst_ghost_pad_get_target (GST_GHOST_PAD (pad));
  if (to != NULL) {
    res = gst_pad_query (to, query);
    gst_object_unref (to);
  }
  return res;
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

/* Called with the state lock: the queue of a new output, in the bin, or
 * NULL when there is no queue element. */
static GstElement *
gst_tensor_chunker_add_queue (GstTensorChunker * self, const gchar * name)
{
  gchar *queue_name = g_strdup_printf ("queue_%s", name);
  GstElement *queue = gst_element_factory_make ("queue", queue_name);

  g_free (queue_name);
  if (queue == NULL)
    return NULL;
  g_object_set (queue, "max-size-bytes", 0, "max-size-time",
      G_GUINT64_CONSTANT (0), NULL);
  g_signal_connect (queue, "overrun",
      G_CALLBACK (gst_tensor_chunker_queue_overrun), self);
  g_signal_connect (queue, "underrun",
      G_CALLBACK (gst_tensor_chunker_queue_underrun), self);
  gst_bin_add (GST_BIN (self), queue);
  return queue;
}

/* A pad requested while PAUSED or PLAYING starts once linked (its
 * settings can be set until then): its queue is configured as READY->PAUSED
 * configures the others, and the source starts the output.  Outside a
 * run this does nothing: READY->PAUSED starts every output. */
static void
gst_tensor_chunker_pad_linked (GstPad * gpad, GstPad * peer,
    GstTensorChunker * self)
{
  GstTensorChunkerPad *pad = GST_TENSOR_CHUNKER_PAD (gpad);
  GstElement *queue = NULL;

  GST_OBJECT_LOCK (self);
  if (GST_STATE (self) > GST_STATE_READY && pad->queue != NULL)
    queue = gst_object_ref (pad->queue);
  GST_OBJECT_UNLOCK (self);
  if (queue == NULL)
    return;
  gst_tensor_chunker_queue_configure (queue,
      gst_tensor_chunker_output_get_buffer_chunk_size (pad->output),
      gst_tensor_chunker_src_is_live (self->src));
  gst_object_unref (queue);
  gst_tensor_chunker_src_start_output (self->src, pad->output);
}

/* Called with the state lock: the branch of a new output, from the
 * source's output pad through @queue to a new request pad, which it
 * returns. */
static GstTensorChunkerPad *
gst_tensor_chunker_add_branch (GstTensorChunker * self, GstPadTemplate * templ,
    const gchar * name, GstElement * queue)
{
  GstTensorChunkerOutput *output;
  GstTensorChunkerPad *pad;
  GstPad *sinkpad, *srcpad;

  output = gst_tensor_chunker_src_add_output (self->src, name,
      g_type_is_a (GST_PAD_TEMPLATE_GTYPE (templ),
          GST_TYPE_TENSOR_CHUNKER_AUDIO_PAD) ? TC_MEDIA_AUDIO :
      TC_MEDIA_VIDEO);
  sinkpad = gst_element_get_static_pad (queue, "sink");
  gst_pad_link (GST_PAD_CAST (output), sinkpad);
  gst_object_unref (sinkpad);

  pad = gst_tensor_chunker_pad_new (templ, name, output);
  gst_pad_set_query_function (GST_PAD (pad), gst_tensor_chunker_pad_query);
  g_signal_connect (pad, "linked", G_CALLBACK (gst_tensor_chunker_pad_linked),
      self);
  srcpad = gst_element_get_static_pad (queue, "src");
  gst_ghost_pad_set_target (GST_GHOST_PAD (pad), srcpad);
  gst_object_unref (srcpad);
  gst_element_sync_state_with_parent (queue);

  GST_OBJECT_LOCK (self);
  pad->queue = gst_object_ref (queue);
  self->pads = g_list_append (self->pads, pad);
  GST_OBJECT_UNLOCK (self);
  return pad;
}

static GstPad *
gst_tensor_chunker_request_new_pad (GstElement * element,
    GstPadTemplate * templ, const gchar * req_name, const GstCaps * caps)
{
  GstTensorChunker *self = GST_TENSOR_CHUNKER (element);
  GstTensorChunkerPad *pad = NULL;
  GstElement *queue;
  gchar *name = NULL;

  GST_STATE_LOCK (self);
  name = gst_tensor_chunker_new_pad_name (self, templ, req_name);
  if (name == NULL)
    goto bad_name;
  queue = gst_tensor_chunker_add_queue (self, name);
  if (queue == NULL)
    goto no_queue;

  pad = gst_tensor_chunker_add_branch (self, templ, name, queue);
  gst_element_add_pad (element, GST_PAD (pad));
  GST_STATE_UNLOCK (self);

  /* gst-launch sets "audio_0::sample-rate=..." now that audio_0 exists */
  gst_child_proxy_child_added (GST_CHILD_PROXY (self), G_OBJECT (pad), name);
  GST_DEBUG_OBJECT (self, "new pad %s", name);
  goto done;

bad_name:
  GST_STATE_UNLOCK (self);
  GST_WARNING_OBJECT (self, "pad name %s does not fit %s or is taken",
      req_name, GST_PAD_TEMPLATE_NAME_TEMPLATE (templ));
  goto done;
no_queue:
  GST_STATE_UNLOCK (self);
  GST_ELEMENT_ERROR (self, CORE, MISSING_PLUGIN, (NULL),
      ("no queue element: the coreelements plugin is missing"));
done:
  g_free (name);
  return GST_PAD_CAST (pad);
}

static void
gst_tensor_chunker_release_pad (GstElement * element, GstPad * gpad)
{
  GstTensorChunker *self = GST_TENSOR_CHUNKER (element);
  GstTensorChunkerPad *pad = GST_TENSOR_CHUNKER_PAD (gpad);
  GstElement *queue;
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
  GST_OBJECT_UNLOCK (self);

  name = gst_pad_get_name (gpad);
  GST_DEBUG_OBJECT (self, "releasing pad %s", name);
  gst_child_proxy_child_removed (GST_CHILD_PROXY (self), G_OBJECT (pad), name);
  g_free (name);

  /* The output goes first, so that the push interrupted below ends only
   * this output. */
  gst_tensor_chunker_src_release_output (self->src, pad->output);
  /* Downstream next: a sink that prerolled holds the queue's thread in its
   * preroll wait, and stopping the queue needs that thread back.  Flushing
   * the sink lets it go; the flush-stop after leaves the sink usable. */
  gst_pad_push_event (gpad, gst_event_new_flush_start ());
  /* Then the queue: stopping it unblocks a push waiting for room in it. */
  gst_element_set_locked_state (queue, TRUE);
  gst_element_set_state (queue, GST_STATE_NULL);
  gst_pad_push_event (gpad, gst_event_new_flush_stop (FALSE));
  gst_tensor_chunker_src_remove_output (self->src, pad->output);
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

/* The properties are the source's: forwarded by name. */
static void
gst_tensor_chunker_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstTensorChunker *self = GST_TENSOR_CHUNKER (object);
  gboolean running;

  GST_OBJECT_LOCK (self);
  running = GST_STATE (self) > GST_STATE_READY;
  GST_OBJECT_UNLOCK (self);

  if (running)
    g_warning ("%s: cannot change \"%s\" in the PAUSED or PLAYING state",
        GST_OBJECT_NAME (self), pspec->name);
  else
    g_object_set_property (G_OBJECT (self->src), pspec->name, value);
}

static void
gst_tensor_chunker_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstTensorChunker *self = GST_TENSOR_CHUNKER (object);

  g_object_get_property (G_OBJECT (self->src), pspec->name, value);
}

/* GstBin asks its sinks, and this bin has none: without a pipeline
 * downstream to ask, the duration is the source's. */
static gboolean
gst_tensor_chunker_query (GstElement * element, GstQuery * query)
{
  GstTensorChunker *self = GST_TENSOR_CHUNKER (element);

  if (GST_ELEMENT_CLASS (parent_class)->query (element, query))
    return TRUE;
  if (GST_QUERY_TYPE (query) != GST_QUERY_DURATION)
    return FALSE;
  return gst_element_query (GST_ELEMENT (self->src), query);
}

/* The source's notify::name is the bin's (source-streams, when a source
 * opened). */
static void
gst_tensor_chunker_relay_notify (GObject * src, GParamSpec * pspec,
    GstTensorChunker * self)
{
  GParamSpec *own = g_object_class_find_property (G_OBJECT_GET_CLASS (self),
      pspec->name);

  if (own != NULL && own->owner_type == GST_TYPE_TENSOR_CHUNKER)
    g_object_notify_by_pspec (G_OBJECT (self), own);
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
gst_tensor_chunker_class_init (GstTensorChunkerClass * klass)
{
  GObjectClass *gobject_class = (GObjectClass *) klass;
  GstElementClass *element_class = (GstElementClass *) klass;

  gobject_class->set_property = gst_tensor_chunker_set_property;
  gobject_class->get_property = gst_tensor_chunker_get_property;
  gobject_class->dispose = gst_tensor_chunker_dispose;

  element_class->change_state =
      GST_DEBUG_FUNCPTR (gst_tensor_chunker_change_state);
  element_class->request_new_pad =
      GST_DEBUG_FUNCPTR (gst_tensor_chunker_request_new_pad);
  element_class->release_pad =
      GST_DEBUG_FUNCPTR (gst_tensor_chunker_release_pad);
  element_class->query = GST_DEBUG_FUNCPTR (gst_tensor_chunker_query);

  gst_tensor_chunker_src_install_properties (gobject_class);

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

  self->src = g_object_new (GST_TYPE_TENSOR_CHUNKER_SRC, "name", "src", NULL);
  g_signal_connect (self->src, "notify",
      G_CALLBACK (gst_tensor_chunker_relay_notify), self);
  gst_bin_add (GST_BIN (self), GST_ELEMENT (self->src));

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
