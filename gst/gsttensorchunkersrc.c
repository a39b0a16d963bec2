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
 * gsttensorchunkeropen.c).  The element owns the source settings (its
 * properties, which the bin forwards to) and its outputs
 * (GstTensorChunkerOutput, internal src pads that own theirs).
 *
 * Locking (taken in this order; never the other way):
 * seek_lock (a GRecMutex): held by a seek from its claim to its end, so
 *   that seeks of several threads take turns.
 * STREAM_LOCK (a GRecMutex, also the GstTask's lock, so it is held during
 *   every iteration of the loop): serialises every call into the core,
 *   which is not thread-safe (tc_source_interrupt() excepted), and guards
 *   the streaming state: source, consumed, byte_stream, upstream_uri,
 *   realtime, the flow combiner, the live mapping, and each output's
 *   events, caps, pool and core id.  The core's callbacks run with it
 *   held.  A seek interrupts the core and pauses the task before taking
 *   it, so it never waits for a whole read or for a full queue.
 * OBJECT_LOCK: guards the settings (location, format, options, protocols,
 *   is_live, last_chunk, decode_ahead, source_changed) and what other
 *   threads read while streaming: the cached source information (streams,
 *   defaults, duration, seekability, collection, URI), streaming,
 *   n_streaming, live, playing_since, resync, seek_seqnum, and each
 *   output's removed flag, position and latency figures.
 * an output's OBJECT_LOCK: its settings and results (see
 *   gsttensorchunkeroutput.h); a leaf, taken with no other object lock
 *   held.
 * outputs (the array, which holds a reference to each): changed only with
 *   both STREAM_LOCK and OBJECT_LOCK held, so it can be read with either.
 *
 * The element is split by concept: gsttensorchunkeropen.c (opening the
 * source), gsttensorchunkertask.c (the streaming loop and the chunks it
 * pushes), gsttensorchunkerevents.c (sticky events, EOS, segments),
 * gsttensorchunkerseek.c, gsttensorchunkerlive.c (live timestamps,
 * latency, drops), gsttensorchunkerstreams.c (caps, stream collection) and
 * gsttensorchunkerpool.c (chunk memory).  This file holds the element and
 * its outputs; gsttensorchunkersrcpriv.h the structures they share.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gsttensorchunkersrcpriv.h"

#define GST_CAT_DEFAULT gst_tensor_chunker_debug

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src_%s",
    GST_PAD_SRC,
    GST_PAD_SOMETIMES,
    GST_STATIC_CAPS ("application/x-tensor"));

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS_ANY);

G_DEFINE_TYPE (GstTensorChunkerSrc, gst_tensor_chunker_src, GST_TYPE_ELEMENT);

/* Returns: (transfer full): the bin this element is in, or itself out of
 * one: where its messages go (the user knows the bin, not its parts). */
GstElement *
gst_tensor_chunker_src_get_bin (GstTensorChunkerSrc * self)
{
  GstObject *parent = gst_object_get_parent (GST_OBJECT (self));

  return parent ? GST_ELEMENT_CAST (parent) : gst_object_ref (self);
}

/* Outputs */

/* Called with the stream lock (the core's callbacks run with it). */
GstTensorChunkerOutput *
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

/* Called with the stream lock.  Takes the output out of the core; the pad
 * stays, ready to be configured again. */
void
gst_tensor_chunker_src_unconfigure_output (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output)
{
  if (output->id < 0)
    return;

  GST_DEBUG_OBJECT (output, "removing core output %d", output->id);
  tc_source_remove_output (self->source, output->id);
  output->id = -1;
  gst_flow_combiner_remove_pad (self->combiner, GST_PAD_CAST (output));
  gst_tensor_chunker_pool_clear (&output->pool);
  output->pool_size = 0;
  gst_clear_caps (&output->caps);
  gst_clear_object (&output->stream);
  g_clear_pointer (&output->stream_id, g_free);
}

/* Called with the stream lock: drops the outputs whose pads were released
 * while the streaming thread was busy.  The array holds a reference to
 * each output, so one released under a push stays valid until here. */
void
gst_tensor_chunker_src_drop_removed_outputs (GstTensorChunkerSrc * self)
{
  GPtrArray *removed = g_ptr_array_new_with_free_func (gst_object_unref);
  guint i;

  GST_OBJECT_LOCK (self);
  for (i = 0; i < self->outputs->len;) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);

    if (output->removed)
      g_ptr_array_add (removed, g_ptr_array_steal_index (self->outputs, i));
    else
      i++;
  }
  GST_OBJECT_UNLOCK (self);

  for (i = 0; i < removed->len; i++)
    gst_tensor_chunker_src_unconfigure_output (self,
        g_ptr_array_index (removed, i));
  g_ptr_array_unref (removed);
}

/* The source's duration, known once it is open: in READY for a location,
 * so an application can plan its seeks before it requests pads. */
static gboolean
gst_tensor_chunker_src_query_duration (GstTensorChunkerSrc * self,
    GstQuery * query)
{
  GstFormat format;
  gboolean res = FALSE;

  gst_query_parse_duration (query, &format, NULL);
  if (format != GST_FORMAT_TIME)
    return FALSE;
  GST_OBJECT_LOCK (self);
  if (GST_CLOCK_TIME_IS_VALID (self->duration)) {
    gst_query_set_duration (query, format, self->duration);
    res = TRUE;
  }
  GST_OBJECT_UNLOCK (self);
  return res;
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
      res = gst_tensor_chunker_src_query_duration (self, query);
      break;
    case GST_QUERY_POSITION:
      gst_query_parse_position (query, &format, NULL);
      if (format != GST_FORMAT_TIME)
        break;
      output = GST_TENSOR_CHUNKER_OUTPUT (pad);
      GST_OBJECT_LOCK (self);
      if (GST_CLOCK_TIME_IS_VALID (output->position)) {
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
  if (GST_QUERY_TYPE (query) == GST_QUERY_DURATION)
    return gst_tensor_chunker_src_query_duration (self, query);
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

/* After the state changed to what @transition says. */
static GstStateChangeReturn
gst_tensor_chunker_src_state_changed (GstTensorChunkerSrc * self,
    GstStateChange transition, gboolean live, GstStateChangeReturn ret)
{
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

  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY)
    gst_tensor_chunker_src_stop (self);
  else if (transition == GST_STATE_CHANGE_PLAYING_TO_PAUSED && live)
    gst_tensor_chunker_src_pause (self);

  ret = GST_ELEMENT_CLASS (gst_tensor_chunker_src_parent_class)->change_state
      (element, transition);
  if (ret != GST_STATE_CHANGE_FAILURE)
    ret = gst_tensor_chunker_src_state_changed (self, transition, live, ret);
  return ret;
}

static void
gst_tensor_chunker_src_finalize (GObject * object)
{
  GstTensorChunkerSrc *self = GST_TENSOR_CHUNKER_SRC (object);
  guint i;

  gst_task_join (self->task);
  gst_object_unref (self->task);

  for (i = 0; i < self->outputs->len; i++)
    gst_tensor_chunker_src_unconfigure_output (self,
        g_ptr_array_index (self->outputs, i));
  g_ptr_array_unref (self->outputs);
  g_ptr_array_unref (self->added);
  tc_source_free (self->source);
  gst_flow_combiner_free (self->combiner);
  gst_tensor_chunker_byte_stream_free (self->bytes);
  g_free (self->upstream_uri);

  g_free (self->location);
  g_free (self->format);
  if (self->options)
    gst_structure_free (self->options);
  g_free (self->protocols);
  g_free (self->uri);
  g_value_unset (&self->source_streams);
  g_clear_pointer (&self->metadata, gst_structure_free);
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

  gobject_class->set_property = gst_tensor_chunker_src_set_property;
  gobject_class->get_property = gst_tensor_chunker_src_get_property;
  gst_tensor_chunker_src_install_properties (gobject_class);

  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_set_static_metadata (element_class,
      "Tensor chunker source", "Source",
      "Reads, decodes, filters and chunks a media source (internal to "
      "tensorchunker)", "The gst-tensorchunker authors");
}

static void
gst_tensor_chunker_src_init (GstTensorChunkerSrc * self)
{
  g_rec_mutex_init (&self->stream_lock);
  g_rec_mutex_init (&self->seek_lock);
  self->task = gst_task_new (gst_tensor_chunker_src_loop, self, NULL);
  gst_task_set_lock (self->task, &self->stream_lock);

  self->source = tc_source_new (&gst_tensor_chunker_src_callbacks, self);
  self->combiner = gst_flow_combiner_new ();
  self->outputs = g_ptr_array_new_with_free_func (gst_object_unref);
  self->added = g_ptr_array_new_with_free_func (gst_object_unref);
  self->last_chunk = GST_TENSOR_CHUNKER_LAST_CHUNK_SHORT;
  self->decode_ahead = GST_TENSOR_CHUNKER_SRC_DEFAULT_DECODE_AHEAD;
  self->stream_objects = TRUE;
  self->seek_seqnum = GST_SEQNUM_INVALID;
  gst_tensor_chunker_src_clear_source_info (self);

  self->sinkpad = gst_pad_new_from_static_template (&sink_template, "sink");
  self->bytes = gst_tensor_chunker_byte_stream_new (self->sinkpad);
  gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);

  GST_OBJECT_FLAG_SET (self, GST_ELEMENT_FLAG_SOURCE);
}

/* Outputs, for the bin */

/**
 * gst_tensor_chunker_src_add_output:
 * @name: the name of the bin's pad it serves, e.g. "audio_0"
 *
 * Returns: (transfer none): a new output, the internal src pad
 * "src_@name".
 */
GstTensorChunkerOutput *
gst_tensor_chunker_src_add_output (GstTensorChunkerSrc * self,
    const gchar * name, TcMediaType media_type)
{
  GstTensorChunkerOutput *output;
  gboolean streaming;
  GstPad *pad;
  gchar *pad_name;

  pad_name = g_strdup_printf ("src_%s", name);
  output = g_object_new (media_type == TC_MEDIA_AUDIO ?
      GST_TYPE_TENSOR_CHUNKER_AUDIO_OUTPUT :
      GST_TYPE_TENSOR_CHUNKER_VIDEO_OUTPUT, "name", pad_name,
      "direction", GST_PAD_SRC, "template",
      gst_static_pad_template_get (&src_template), NULL);
  g_free (pad_name);
  pad = GST_PAD_CAST (output);
  gst_pad_set_event_function (pad, gst_tensor_chunker_src_pad_event);
  gst_pad_set_query_function (pad, gst_tensor_chunker_src_pad_query);
  gst_pad_use_fixed_caps (pad);

  /* While streaming, the streaming thread may hold the stream lock as long
   * as a consumer likes: the output waits in added for it.  The bin's
   * state lock keeps streaming from changing meanwhile. */
  GST_OBJECT_LOCK (self);
  streaming = self->streaming;
  if (streaming)
    g_ptr_array_add (self->added, gst_object_ref (output));
  GST_OBJECT_UNLOCK (self);
  if (!streaming) {
    GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
    GST_OBJECT_LOCK (self);
    g_ptr_array_add (self->outputs, gst_object_ref (output));
    GST_OBJECT_UNLOCK (self);
    GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
  }

  gst_element_add_pad (GST_ELEMENT (self), pad);
  return output;
}

/**
 * gst_tensor_chunker_src_release_output:
 *
 * Marks @output as going away, before the bin stops the queue behind it:
 * the push that stopping interrupts then ends that output only, instead
 * of pausing the streaming thread.  Its chunks are dropped from now on;
 * gst_tensor_chunker_src_remove_output() follows.
 */
void
gst_tensor_chunker_src_release_output (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output)
{
  GST_OBJECT_LOCK (self);
  output->removed = TRUE;
  GST_OBJECT_UNLOCK (self);
}

/**
 * gst_tensor_chunker_src_remove_output:
 *
 * Removes @output's pad, and the output unless the streaming thread holds
 * the stream lock: it may be blocked on another output's full queue, for
 * as long as that consumer likes, so this does not wait for it; the
 * thread drops the output before its next step (and its chunks are
 * dropped meanwhile).  Trying the lock first, rather than looking at the
 * task's state and then taking the lock, leaves no window where the task
 * starts an iteration in between.
 */
void
gst_tensor_chunker_src_remove_output (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output)
{
  gst_tensor_chunker_src_release_output (self, output);
  gst_pad_set_active (GST_PAD_CAST (output), FALSE);
  gst_element_remove_pad (GST_ELEMENT (self), GST_PAD_CAST (output));

  if (g_rec_mutex_trylock (&self->stream_lock)) {
    /* The lock is recursive: a started task may be this very thread (a
     * bus sync handler of a message the streaming thread posts), inside a
     * callback of the core, which must not lose an output under it.  With
     * the lock held, no other iteration runs now. */
    if (gst_task_get_state (self->task) != GST_TASK_STARTED)
      gst_tensor_chunker_src_drop_removed_outputs (self);
    GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
  }
}

/* Called with the stream lock: creates @output in the core, as its
 * settings say.  The error is the core's, prefixed with the pad's name. */
gboolean
gst_tensor_chunker_src_configure_output (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output, GError ** error)
{
  GstTensorChunkerOutputConfig config;
  const TcOutputInfo *info;
  GstCaps *caps;
  gint id;

  gst_tensor_chunker_src_unconfigure_output (self, output);
  gst_tensor_chunker_output_freeze (output);
  gst_tensor_chunker_output_get_config (output, &config);
  id = tc_source_add_output (self->source, &config.config, error);
  gst_tensor_chunker_output_config_clear (&config);
  if (id < 0)
    goto failed;
  info = tc_source_get_output_info (self->source, id);

  output->id = id;
  output->skipped_told = 0;
  GST_OBJECT_LOCK (self);
  output->capture_latency = time_from_tc (tc_source_capture_latency
      (self->source, id));
  output->chunk_duration = gst_tensor_chunker_chunk_duration (info,
      info->frames_per_chunk);
  output->chunk_period = gst_tensor_chunker_chunk_duration (info, info->hop);
  output->latency_answered = FALSE;
  GST_OBJECT_UNLOCK (self);
  caps = gst_tensor_chunker_make_caps (info, info->frames_per_chunk,
      gst_tensor_chunker_output_is_nhwc (output));
  output->stream_id = gst_pad_create_stream_id (GST_PAD_CAST (output),
      GST_ELEMENT (self), gst_tensor_chunker_output_get_name (output));
  output->stream = gst_stream_new (output->stream_id, caps,
      info->media_type == TC_MEDIA_AUDIO ? GST_STREAM_TYPE_AUDIO :
      GST_STREAM_TYPE_VIDEO, GST_STREAM_FLAG_NONE);
  GST_DEBUG_OBJECT (output, "core output %d reads stream %d through \"%s\", "
      "caps %" GST_PTR_FORMAT, id, info->source_index,
      info->filter_description, caps);
  gst_caps_unref (caps);
  gst_flow_combiner_add_pad (self->combiner, GST_PAD_CAST (output));
  gst_tensor_chunker_output_set_result (output, info->source_index,
      info->filter_description);
  return TRUE;

failed:
  /* the core does not know the pad: say which one it was */
  g_prefix_error (error, "Pad %s: ", gst_tensor_chunker_output_get_name
      (output));
  return FALSE;
}

/* Called with the stream lock, at READY->PAUSED or once a byte stream
 * opened: creates every output that is still there in the core. */
gboolean
gst_tensor_chunker_src_configure_outputs (GstTensorChunkerSrc * self,
    GError ** error)
{
  gboolean ok = TRUE;
  guint i;

  gst_tensor_chunker_src_drop_removed_outputs (self);
  for (i = 0; i < self->outputs->len && ok; i++) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);
    gboolean pending;

    /* linked while streaming: started when its branch is ready
     * (gsttensorchunkeradd.c) */
    GST_OBJECT_LOCK (self);
    pending = output->start_pending;
    GST_OBJECT_UNLOCK (self);
    if (!pending)
      ok = gst_tensor_chunker_src_configure_output (self, output, error);
  }
  return ok;
}

/* Called with the stream lock, at READY->PAUSED for a byte stream, which
 * opens later: the settings are fixed from now on all the same. */
void
gst_tensor_chunker_src_freeze_outputs (GstTensorChunkerSrc * self)
{
  guint i;

  for (i = 0; i < self->outputs->len; i++)
    gst_tensor_chunker_output_freeze (g_ptr_array_index (self->outputs, i));
}

/* Removes every output from the core and lets its settings be set again;
 * the pads stay.  Called at PAUSED->READY (with the task stopped), when
 * READY->PAUSED fails, and when the source closes. */
void
gst_tensor_chunker_src_unprepare (GstTensorChunkerSrc * self)
{
  guint i;

  GST_TENSOR_CHUNKER_SRC_STREAM_LOCK (self);
  gst_tensor_chunker_src_take_added (self);
  gst_tensor_chunker_src_drop_removed_outputs (self);
  for (i = 0; i < self->outputs->len; i++) {
    GstTensorChunkerOutput *output = g_ptr_array_index (self->outputs, i);

    gst_tensor_chunker_src_unconfigure_output (self, output);
    gst_tensor_chunker_output_thaw (output);
    GST_OBJECT_LOCK (self);
    output->start_pending = FALSE;
    GST_OBJECT_UNLOCK (self);
  }
  GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK (self);
}
