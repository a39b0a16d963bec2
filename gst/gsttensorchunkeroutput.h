/* GStreamer tensorchunker: one output, the internal src pad that does the work
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

#ifndef __GST_TENSOR_CHUNKER_OUTPUT_H__
#define __GST_TENSOR_CHUNKER_OUTPUT_H__

#include <gst/gst.h>

#include "tccore.h"

G_BEGIN_DECLS

/**
 * GstTensorChunkerLayout:
 * @GST_TENSOR_CHUNKER_LAYOUT_NCHW: (frames, channels, height, width)
 * @GST_TENSOR_CHUNKER_LAYOUT_NHWC: (frames, height, width, channels)
 *
 * The order of the dimensions of a video chunk.
 */
typedef enum
{
  GST_TENSOR_CHUNKER_LAYOUT_NCHW,
  GST_TENSOR_CHUNKER_LAYOUT_NHWC,
} GstTensorChunkerLayout;

#define GST_TYPE_TENSOR_CHUNKER_LAYOUT (gst_tensor_chunker_layout_get_type ())
GType gst_tensor_chunker_layout_get_type (void);

#define GST_TYPE_TENSOR_CHUNKER_OUTPUT (gst_tensor_chunker_output_get_type ())
#define GST_TENSOR_CHUNKER_OUTPUT(obj) \
    (G_TYPE_CHECK_INSTANCE_CAST ((obj), GST_TYPE_TENSOR_CHUNKER_OUTPUT, \
        GstTensorChunkerOutput))
#define GST_TENSOR_CHUNKER_OUTPUT_GET_CLASS(obj) \
    (G_TYPE_INSTANCE_GET_CLASS ((obj), GST_TYPE_TENSOR_CHUNKER_OUTPUT, \
        GstTensorChunkerOutputClass))
#define GST_TYPE_TENSOR_CHUNKER_AUDIO_OUTPUT \
    (gst_tensor_chunker_audio_output_get_type ())
#define GST_TYPE_TENSOR_CHUNKER_VIDEO_OUTPUT \
    (gst_tensor_chunker_video_output_get_type ())

typedef struct _GstTensorChunkerOutput GstTensorChunkerOutput;
typedef struct _GstTensorChunkerOutputClass GstTensorChunkerOutputClass;

/*
 * GstTensorChunkerOutput: one output stream, an internal src pad of
 * GstTensorChunkerSrc.  It owns the output's settings (its properties,
 * which the bin's request pad forwards to) and results (source-index,
 * filter-description, dropped), and the streaming state of the output.
 *
 * Locking:
 * - the pad's OBJECT_LOCK guards the settings, frozen, and the results;
 * - the source element's OBJECT_LOCK guards removed, position and what
 *   the latency query reads (capture_latency, chunk_duration, chunk_period,
 *   latency_answered), as today's other threads read them with the
 *   element's other state;
 * - the source element's STREAM_LOCK guards the rest (the core output,
 *   its events, caps, pool and live timing).
 */
struct _GstTensorChunkerOutput
{
  GstPad parent;

  /*< private > */
  /* settings: pad object lock; refused while frozen (READY->PAUSED until
   * PAUSED->READY), when the core output exists with the values it was
   * made with.  The audio fields serve audio outputs, the video ones video
   * outputs. */
  gint stream_index;
  guint frames_per_chunk;
  guint hop;
  guint buffer_chunk_size;
  gchar *decoder;
  GstStructure *decoder_options;
  gchar *filter;
  gchar *format;
  gint sample_rate;
  gint channels;
  gint frame_rate_n;
  gint frame_rate_d;
  gint width;
  gint height;
  GstTensorChunkerLayout layout;
  gboolean frozen;
  /* results: pad object lock */
  gint source_index;
  gchar *filter_description;
  guint64 dropped;              /* chunks dropped since the output started */

  /* source element's object lock */
  gboolean removed;             /* released: its chunks go nowhere */
  gboolean start_pending;       /* linked while streaming: to start */
  GstClockTime position;        /* end of the last chunk */
  GstClockTime capture_latency; /* live: what the latency query answers */
  GstClockTime chunk_duration;  /* a full chunk's frames */
  GstClockTime chunk_period;    /* hop frames: one chunk to the next */
  gboolean latency_answered;    /* a latency query was answered */

  /* source element's stream lock */
  gint id;                      /* core output id, -1 when not configured */
  gchar *stream_id;
  GstStream *stream;            /* carries the caps of a full chunk */
  gboolean need_stream_start;
  gboolean need_collection;
  gboolean need_segment;
  GstSegment segment;
  guint32 segment_seqnum;
  GstCaps *caps;                /* the caps last pushed, NULL for none */
  gboolean short_caps;          /* they are those of a short chunk */
  gboolean eos;                 /* EOS was pushed */
  guint64 processed;            /* chunks pushed since the run or seek */
  guint64 skipped_told;         /* damaged packets last warned of */
  GstBufferPool *pool;          /* recycles chunk memory of one size */
  gsize pool_size;
  GstClockTime last_pts;        /* live: of the last chunk pushed */
  gboolean resynced;            /* live: the mapping to running time changed */
};

struct _GstTensorChunkerOutputClass
{
  GstPadClass parent_class;

  TcMediaType media_type;
};

GType gst_tensor_chunker_output_get_type (void);
GType gst_tensor_chunker_audio_output_get_type (void);
GType gst_tensor_chunker_video_output_get_type (void);

/* A TcOutputConfig together with the strings it points into. */
typedef struct
{
  TcOutputConfig config;

  gchar *decoder;
  gchar **decoder_options;
  gchar *filter;
  gchar *format;
} GstTensorChunkerOutputConfig;

void gst_tensor_chunker_output_install_properties (GObjectClass * klass,
    TcMediaType media_type);
const gchar *gst_tensor_chunker_output_get_name (GstTensorChunkerOutput * o);

void gst_tensor_chunker_output_freeze (GstTensorChunkerOutput * output);
void gst_tensor_chunker_output_thaw (GstTensorChunkerOutput * output);
void gst_tensor_chunker_output_get_config (GstTensorChunkerOutput * output,
    GstTensorChunkerOutputConfig * c);
void gst_tensor_chunker_output_config_clear (GstTensorChunkerOutputConfig * c);
void gst_tensor_chunker_output_set_result (GstTensorChunkerOutput * output,
    gint source_index, const gchar * filter_description);
guint64 gst_tensor_chunker_output_add_dropped (GstTensorChunkerOutput * output,
    guint n);
guint gst_tensor_chunker_output_get_buffer_chunk_size (GstTensorChunkerOutput
    * output);
gboolean gst_tensor_chunker_output_is_nhwc (GstTensorChunkerOutput * output);

G_END_DECLS
#endif /* __GST_TENSOR_CHUNKER_OUTPUT_H__ */
