/* tensorchunker core: private structures shared by the ext/ sources
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

#ifndef __TC_PRIVATE_H__
#define __TC_PRIVATE_H__

#include "tccore.h"

#include <stdatomic.h>

#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavformat/avformat.h>

G_BEGIN_DECLS

/* Debug logging only: errors travel as GErrors, never as log lines. */
#define TC_LOG(...) g_debug (__VA_ARGS__)

#define TC_NS_BASE ((AVRational) { 1, 1000000000 })

/* Times further than this from the source's start (73 years) are unknown
 * (TC_TIME_NONE): within it, sums and differences of two times cannot
 * overflow, whatever timestamps hostile media carries. */
#define TC_MAX_TIME (G_GINT64_CONSTANT (1) << 61)

typedef struct _TcDecoder TcDecoder;
typedef struct _TcOutput TcOutput;
typedef struct _TcPixelFormat TcPixelFormat;

/* One decoder per source stream that at least one output reads. */
struct _TcDecoder
{
  gint stream_index;
  AVStream *stream;
  AVCodecContext *ctx;
  gchar *name;                  /* the decoder asked for, NULL: default */
  gchar **options;              /* the decoder options asked for */
  guint n_users;
  atomic_int unused;            /* no users, freed when the decode-ahead thread stops */
  guint64 n_frames;             /* frames delivered since open */
  guint n_failures;             /* packets in a row the decoder refused */
  /* damaged packets or frames skipped since open; written by the thread
   * that decodes */
  _Atomic guint64 n_skipped;
  /* ns, the longest packet read, 0: none yet; written by the thread that
   * reads, read by tc_source_capture_latency() from any */
  _Atomic gint64 max_packet_duration;
};

/* A decoded frame on its way from the decode-ahead thread to the outputs;
 * dec is NULL once its decoder is gone. */
typedef struct
{
  TcDecoder *dec;
  AVFrame *frame;
} TcAheadItem;

/* The parameters a filter graph's source was configured with; a decoded
 * frame that differs needs a new graph. */
typedef struct
{
  gint format;
  gint width;
  gint height;
  AVRational sar;
  gint sample_rate;
  AVChannelLayout layout;
} TcGraphInput;

struct _TcOutput
{
  gint id;
  TcSource *src;
  TcDecoder *dec;

  /* what was asked, owned copies */
  TcOutputConfig config;
  gchar *user_filter;
  gchar *conversions;

  TcOutputInfo info;
  gint out_format;              /* AVSampleFormat or AVPixelFormat */
  const TcPixelFormat *pixfmt;  /* video only */

  AVFilterGraph *graph;
  AVFilterContext *buffersrc;
  AVFilterContext *buffersink;
  TcGraphInput graph_in;
  gboolean have_graph_in;
  gboolean graph_eof;
  gint64 last_in_pts;           /* video: time of the last frame into the graph */
  AVFrame *filtered;

  /* the chunk being filled */
  guint8 *chunk_data;
  gpointer chunk_handle;
  guint chunk_frames;
  gint64 chunk_pts;
  guint64 chunk_offset;
  gint64 chunk_capture;
  gint64 chunk_duration;        /* no known rate: sum of frame durations */

  /* timeline since open or seek */
  gboolean started;             /* a frame was kept since open or seek */
  gboolean after_seek;
  gint64 skip_until;            /* accurate seek target, or TC_TIME_NONE */
  gint64 base_pts;              /* audio: time of the sample counted first */
  guint64 n_since_base;         /* audio: samples kept since base_pts */
  guint64 next_offset;          /* frame counter of the next frame */
  gint64 origin;                /* the stream's start: frame 0 of the counter */
  gboolean discont;
  gboolean info_changed;
};

struct _TcSource
{
  TcCallbacks callbacks;
  gpointer user_data;

  AVFormatContext *fmt;
  AVIOContext *avio;            /* custom input, NULL otherwise */
  TcReadFunc io_read;
  TcSeekFunc io_seek;
  gpointer io_data;
  gboolean seek_refused;        /* a non-seekable byte stream was asked to seek */
  gchar *refused;               /* the first URL the protocol whitelist refused */
  atomic_int interrupted;
  /* set to abort a blocking read of the decode-ahead thread (a seek or a
   * close drops what it would read) */
  atomic_int aborting;

  TcStreamInfo *streams;
  guint n_streams;
  TcDecoder **decoders;         /* n_streams entries, NULL where nobody reads */
  GPtrArray *outputs;           /* TcOutput * by id, NULL once removed */

  AVPacket *packet;
  AVFrame *frame;
  GQueue pending;               /* AVPacket * read ahead while seeking */
  gint64 start_time;            /* ns, 0 when the container does not say */
  gboolean eos;
  gboolean is_device;

  /* real-time reading (tc_source_set_realtime), for sources that are not
   * devices: the packet the count starts from was read at rt_mono0
   * (monotonic clock, for the waits) and rt_wall0 (wallclock, for the
   * capture times), and is at rt_pts0 on the source's timeline.
   * rt_pts0 is TC_TIME_NONE until a packet is read. */
  gboolean realtime;
  gint64 rt_mono0;
  gint64 rt_wall0;
  gint64 rt_pts0;

  /* Decode ahead (tc_source_set_decode_ahead): a thread reads and decodes
   * into a ring of ahead_capacity frames, tc_source_step() takes them and
   * runs the filters.  ahead_lock guards the ring, the overflow, ahead_stop
   * and the end fields, and ahead_cond signals a change of any of them or
   * of the interrupt.  While ahead_running, the thread alone reads and
   * decodes (the packet, frame, pending, decoder contexts); the caller's
   * thread alone filters; every call that touches the reading side stops
   * the thread first (removing an output leaves its decoder, unused, to the
   * next stop). */
  guint ahead_wanted;           /* frames asked for, 0: decode in step */
  GThread *ahead_thread;
  gboolean ahead_running;       /* set before the thread starts, cleared after the join */
  GMutex ahead_lock;
  GCond ahead_cond;
  TcAheadItem *ahead_ring;
  guint ahead_capacity, ahead_head, ahead_count;
  gsize ahead_bytes;            /* the data of the frames in the ring */
  gsize ahead_largest;          /* the largest frame seen */
  gsize ahead_budget;           /* bytes the ring may hold */
  gboolean ahead_producer_waiting;      /* the thread waits for room */
  gboolean ahead_consumer_waiting;      /* a step waits for frames */
  GQueue ahead_overflow;        /* TcAheadItem *, decoded while stopping with a full ring */
  gboolean ahead_stop;
  gboolean ahead_exited;        /* the thread is leaving: join it */
  gboolean ahead_ended;         /* the thread reached the end: ahead_result, ahead_error */
  TcStepResult ahead_result;
  GError *ahead_error;
  AVFrame *ahead_frame;         /* the frame being filtered, taken from the ring */
};

/* tcsource.c */
void tc_set_av_error (GError ** error, TcErrorCode code, gint averr,
    const gchar * format, ...) G_GNUC_PRINTF (4, 5);
gboolean tc_dict_from_strv (const gchar * const *kv, const gchar * what,
    AVDictionary ** dict, GError ** error);
gchar *tc_dict_leftover (AVDictionary * dict);
gint64 tc_pts_to_ns (TcSource * src, gint64 pts, AVRational tb);
gint64 tc_device_wallclock (gint64 t, gint64 real_now, gint64 mono_now);
void tc_source_ahead_stop (TcSource * src, gboolean abort);
void tc_source_ahead_forget (TcSource * src, TcDecoder * dec);
void tc_source_free_unused_decoders (TcSource * src);

/* tcoutput.c */
gboolean tc_decoder_reopen (TcDecoder * dec, GError ** error);
void tc_output_free (TcOutput * out);
gboolean tc_output_push_frame (TcOutput * out, AVFrame * frame,
    GError ** error);
gboolean tc_output_drain (TcOutput * out, GError ** error);
gboolean tc_output_reset (TcOutput * out, gint64 skip_until, GError ** error);
gint64 tc_output_first_time (TcOutput * out, gint64 pts, AVRational tb);

/* tccopy.c: writing filtered frames into chunk memory */
struct _TcPixelFormat
{
  const gchar *name;
  enum AVPixelFormat format;
  TcDType dtype;
  gint depth;                   /* C */
  gint kind;                    /* TC_PIXEL_* */
};

enum
{
  TC_PIXEL_PACKED,              /* one plane, depth interleaved components */
  TC_PIXEL_PLANAR,              /* depth full-size planes */
  TC_PIXEL_YUV420,              /* Y, U, V planes, chroma halved both ways */
  TC_PIXEL_NV12                 /* Y plane, interleaved UV plane halved */
};

const TcPixelFormat *tc_pixel_format_find (const gchar * name);
gchar *tc_pixel_format_list (void);
gboolean tc_sample_format_dtype (enum AVSampleFormat format,
    TcDType * dtype);
void tc_copy_video (const TcPixelFormat * pf, gboolean nhwc,
    const AVFrame * frame, guint8 * dst);
void tc_copy_audio (const AVFrame * frame, gint first, gint n, guint8 * dst);

G_END_DECLS

#endif /* __TC_PRIVATE_H__ */
