/* GStreamer tensorchunker: the internal source element, shared by its files
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

#ifndef __GST_TENSOR_CHUNKER_SRC_PRIV_H__
#define __GST_TENSOR_CHUNKER_SRC_PRIV_H__

#include <gst/base/gstflowcombiner.h>

#include "gsttensorchunkersrc.h"
#include "gsttensorchunkerbytestream.h"
#include "gsttensorchunkerpool.h"

G_BEGIN_DECLS

#define GST_TENSOR_CHUNKER_SRC_STREAM_LOCK(s) g_rec_mutex_lock (&(s)->stream_lock)
#define GST_TENSOR_CHUNKER_SRC_STREAM_UNLOCK(s) g_rec_mutex_unlock (&(s)->stream_lock)

/* The handle the core keeps for a chunk in progress: the buffer, mapped
 * writable, that the core writes the frames into. */
typedef struct
{
  GstBuffer *buffer;
  GstMapInfo map;
} GstTensorChunkerChunk;

/* The lock named above each group of fields guards them; the order the
 * locks are taken in is written at the top of gsttensorchunkersrc.c. */
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
  gboolean consumed;            /* read from since opened or rewound */
  GstFlowCombiner *combiner;
  GstFlowReturn flow;           /* combined flow of the chunks pushed in one step */
  guint group_id;
  gboolean realtime;            /* live, not a device: the core paces it */
  gboolean live_synced;         /* live_offset is set */
  GstClockTimeDiff live_offset; /* running time - time on the core's timeline */
  gboolean warned_capture;      /* a capture time was not believed */
  gboolean byte_stream;         /* reading the sink pad, not a location */
  gboolean segment_seek;        /* the last seek was a SEGMENT seek: the end
                                 * is segment-done, not EOS */
  gboolean segment_done;        /* SEGMENT_DONE posted for it */
  gchar *upstream_uri;          /* what upstream said it reads */

  GstPad *sinkpad;
  GstTensorChunkerByteStream *bytes;

  /* both locks to change, either to read */
  GPtrArray *outputs;           /* GstTensorChunkerOutput */

  /* object lock: the settings (gsttensorchunkersettings.c) */
  gchar *location;
  gchar *format;
  GstStructure *options;
  gchar *protocols;
  gboolean is_live;
  GstTensorChunkerLastChunk last_chunk;
  guint decode_ahead;
  gboolean stream_objects;
  gboolean source_changed;      /* location, format, options or protocols
                                 * set in READY, after the source opened */

  /* object lock */
  gchar *uri;
  GValue source_streams;
  gint default_audio;
  gint default_video;
  GstStructure *metadata;
  GstClockTime duration;
  gboolean seekable;
  GstStreamCollection *collection;
  gboolean streaming;           /* between start and stop: seeks are welcome */
  guint32 seek_seqnum;          /* the last seek handled */
  gboolean live;                /* set at READY->PAUSED */
  guint n_streaming;            /* outputs configured at start */
  gint64 playing_since;         /* wallclock (ns) of the last PAUSED->PLAYING */
  gboolean playing;             /* live: between PAUSED->PLAYING and back */
  GPtrArray *added;             /* outputs added while streaming, not yet
                                 * in outputs (gsttensorchunkeradd.c) */
  gboolean resync;              /* PLAYING again: the loop starts afresh */
};

#define GST_TENSOR_CHUNKER_SRC_DEFAULT_DECODE_AHEAD 8

/* The properties of the source, the bin's too. */
typedef enum
{
  GST_TENSOR_CHUNKER_SRC_PROP_0,
  GST_TENSOR_CHUNKER_SRC_PROP_LOCATION,
  GST_TENSOR_CHUNKER_SRC_PROP_FORMAT,
  GST_TENSOR_CHUNKER_SRC_PROP_OPTIONS,
  GST_TENSOR_CHUNKER_SRC_PROP_PROTOCOLS,
  GST_TENSOR_CHUNKER_SRC_PROP_IS_LIVE,
  GST_TENSOR_CHUNKER_SRC_PROP_LAST_CHUNK,
  GST_TENSOR_CHUNKER_SRC_PROP_DECODE_AHEAD,
  GST_TENSOR_CHUNKER_SRC_PROP_STREAM_OBJECTS,
  GST_TENSOR_CHUNKER_SRC_PROP_SOURCE_STREAMS,
  GST_TENSOR_CHUNKER_SRC_PROP_DEFAULT_AUDIO_STREAM,
  GST_TENSOR_CHUNKER_SRC_PROP_DEFAULT_VIDEO_STREAM,
  GST_TENSOR_CHUNKER_SRC_PROP_METADATA,
} GstTensorChunkerSrcProperty;

static inline GstClockTime
gst_tensor_chunker_time_from_tc (gint64 t)
{
  if (t == TC_TIME_NONE)
    return GST_CLOCK_TIME_NONE;
  /* The core's timeline starts at the container's start time, so a frame
   * before it is at most a few priming samples early: it starts at 0. */
  return t < 0 ? 0 : (GstClockTime) t;
}

#define time_from_tc gst_tensor_chunker_time_from_tc

/* gsttensorchunkersrc.c: the element and its outputs */
GstTensorChunkerOutput *gst_tensor_chunker_src_find_output (GstTensorChunkerSrc
    * self, gint id);
void gst_tensor_chunker_src_unconfigure_output (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output);
void gst_tensor_chunker_src_drop_removed_outputs (GstTensorChunkerSrc * self);
GstElement *gst_tensor_chunker_src_get_bin (GstTensorChunkerSrc * self);

gboolean gst_tensor_chunker_src_configure_outputs (GstTensorChunkerSrc * self,
    GError ** error);
void gst_tensor_chunker_src_freeze_outputs (GstTensorChunkerSrc * self);
gboolean gst_tensor_chunker_src_configure_output (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output, GError ** error);

/* gsttensorchunkeradd.c */
void gst_tensor_chunker_src_take_added (GstTensorChunkerSrc * self);
void gst_tensor_chunker_src_start_pending (GstTensorChunkerSrc * self);

/* gsttensorchunkersettings.c */
void gst_tensor_chunker_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
void gst_tensor_chunker_src_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
gchar **gst_tensor_chunker_src_core_options (GstTensorChunkerSrc * self);

/* gsttensorchunkerstreams.c */
GstCaps *gst_tensor_chunker_make_caps (const TcOutputInfo * info,
    guint n_frames, gboolean nhwc);
void gst_tensor_chunker_src_cache_source_info (GstTensorChunkerSrc * self);
void gst_tensor_chunker_src_clear_source_info (GstTensorChunkerSrc * self);

/* gsttensorchunkerevents.c */
void gst_tensor_chunker_src_push_pending_events (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output, GstCaps * caps);
void gst_tensor_chunker_src_push_eos (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output);
void gst_tensor_chunker_src_push_eos_all (GstTensorChunkerSrc * self);
void gst_tensor_chunker_src_end_output (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output);
void gst_tensor_chunker_src_end_all (GstTensorChunkerSrc * self);
void gst_tensor_chunker_src_warn_skipped (GstTensorChunkerSrc * self);
gboolean gst_tensor_chunker_src_all_eos (GstTensorChunkerSrc * self);
void gst_tensor_chunker_src_reset_segments (GstTensorChunkerSrc * self,
    GstClockTime start, GstClockTime stop, guint32 seqnum);
void gst_tensor_chunker_src_push_event_all (GstTensorChunkerSrc * self,
    GstEvent * event);

/* gsttensorchunkerlive.c */
GstClockTime gst_tensor_chunker_src_live_pts (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output, const TcChunk * chunk,
    gboolean * discont);
GstClockTime gst_tensor_chunker_chunk_duration (const TcOutputInfo * info,
    guint n_frames);
void gst_tensor_chunker_src_update_latency (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output, const TcOutputInfo * info);
void gst_tensor_chunker_src_count_drops (GstTensorChunkerSrc * self,
    GstTensorChunkerOutput * output, const GstTensorChunkerPoolDrops * drops);
gboolean gst_tensor_chunker_src_query_latency (GstTensorChunkerSrc * self,
    GstPad * pad, GstQuery * query);

/* gsttensorchunkeropen.c */
void gst_tensor_chunker_src_post_error (GstTensorChunkerSrc * self,
    GError * error);
gboolean gst_tensor_chunker_src_open_byte_stream (GstTensorChunkerSrc * self,
    GError ** error);
gboolean gst_tensor_chunker_src_open_pulled (GstTensorChunkerSrc * self);
void gst_tensor_chunker_src_announce (GstTensorChunkerSrc * self);
void gst_tensor_chunker_src_post_collection (GstTensorChunkerSrc * self);

/* gsttensorchunkertask.c */
extern const TcCallbacks gst_tensor_chunker_src_callbacks;
void gst_tensor_chunker_src_loop (gpointer user_data);
void gst_tensor_chunker_src_start (GstTensorChunkerSrc * self);
void gst_tensor_chunker_src_play (GstTensorChunkerSrc * self);
void gst_tensor_chunker_src_pause (GstTensorChunkerSrc * self);
void gst_tensor_chunker_src_stop (GstTensorChunkerSrc * self);

/* gsttensorchunkerseek.c */
gboolean gst_tensor_chunker_src_handle_seek (GstTensorChunkerSrc * self,
    GstEvent * event);

G_END_DECLS
#endif /* __GST_TENSOR_CHUNKER_SRC_PRIV_H__ */
