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

/* tclog.c.  Errors travel as GErrors; these lines say what happened. */
void tc_log_init (void);
void tc_log (TcLogLevel level, const gchar * file, gint line,
    const gchar * function, const gchar * format, ...) G_GNUC_PRINTF (5, 6);
#define TC_LOG_AT(level, ...) \
  tc_log ((level), __FILE__, __LINE__, G_STRFUNC, __VA_ARGS__)
#define TC_LOG(...) TC_LOG_AT (TC_LOG_DEBUG, __VA_ARGS__)
#define TC_INFO(...) TC_LOG_AT (TC_LOG_INFO, __VA_ARGS__)
#define TC_WARNING(...) TC_LOG_AT (TC_LOG_WARNING, __VA_ARGS__)

#define TC_NS_BASE ((AVRational) { 1, 1000000000 })

/* Times further than this from the source's start (73 years) are unknown
 * (TC_TIME_NONE): within it, sums and differences of two times cannot
 * overflow, whatever timestamps hostile media carries. */
#define TC_MAX_TIME (G_GINT64_CONSTANT (1) << 61)

typedef struct _TcDecoder TcDecoder;
typedef struct _TcOutput TcOutput;
typedef struct _TcPixelFormat TcPixelFormat;
typedef struct _TcAhead TcAhead;

/* ------------------------------------------------------------------------
 * tcutil.c: names, errors, option dictionaries */

void tc_set_av_error (GError ** error, TcErrorCode code, gint averr,
    const gchar * format, ...) G_GNUC_PRINTF (4, 5);
gboolean tc_dict_from_strv (const gchar * const *kv, const gchar * what,
    AVDictionary ** dict, GError ** error);
gchar *tc_dict_leftover (AVDictionary * dict);
gboolean tc_check_leftover (AVDictionary * dict, const gchar * what,
    const gchar * who, GError ** error);

/* ------------------------------------------------------------------------
 * tcclock.c: the source's timeline, and real-time reading */

/* Written by the caller's thread only (tc_source_set_realtime, open, close)
 * and by the thread that reads packets, which is the caller's whenever
 * realtime or is_device is set: the decode-ahead thread never paces. */
typedef struct
{
  gint64 start_time;            /* ns, 0 when the container does not say */
  gboolean is_device;
  /* real-time reading, for sources that are not devices: the packet the
   * count starts from was read at rt_mono0 (monotonic clock, for the waits)
   * and rt_wall0 (wallclock, for the capture times), and is at rt_pts0 on
   * the source's timeline.  rt_pts0 is TC_TIME_NONE until a packet is
   * read. */
  gboolean realtime;
  gint64 rt_mono0;
  gint64 rt_wall0;
  gint64 rt_pts0;
} TcClock;

gint64 tc_pts_to_ns (const TcClock * clock, gint64 pts, AVRational tb);
gboolean tc_clock_pace (TcClock * clock, gint64 t, gint64 end,
    const atomic_int * stop, GError ** error);
gint64 tc_clock_capture_time (const TcClock * clock, gint64 pts,
    AVRational tb, gint64 offset);
gint64 tc_device_wallclock (gint64 t, gint64 real_now, gint64 mono_now);

/* ------------------------------------------------------------------------
 * tcahead.c: the decode-ahead ring and its thread.  The struct is here
 * only so that a source can hold one; its fields are tcahead.c's. */

/* What the thread runs until it sets *ended or fails. */
typedef TcStepResult (*TcAheadRead) (gpointer data, gboolean * ended,
    GError ** error);

typedef struct
{
  gpointer tag;                 /* the caller's (a decoder), NULL once forgotten */
  AVFrame *frame;
} TcAheadItem;

struct _TcAhead
{
  /* the caller's thread only */
  guint wanted;                 /* frames asked for, 0: none */
  GThread *thread;              /* set while a thread runs, until it is joined */
  AVFrame *frame;               /* the frame being filtered, taken from the ring */
  const atomic_int *interrupted;        /* the source's interrupt */
  /* lets blocking reads of the thread give up (tc_ahead_stop with abort) */
  atomic_int aborting;

  /* lock guards all below; cond signals a change of any of them, or of
   * the interrupt */
  GMutex lock;
  GCond cond;
  TcAheadItem *ring;
  guint capacity, head, count;
  gsize bytes;                  /* the data of the frames in the ring */
  gsize largest;                /* the largest frame seen */
  gsize budget;                 /* bytes the ring may hold */
  gboolean producer_waiting;    /* the thread waits for room */
  gboolean consumer_waiting;    /* tc_ahead_next waits for frames */
  GQueue overflow;              /* TcAheadItem *, decoded while stopping with a full ring */
  gboolean stop;
  gboolean exited;              /* the thread is leaving: join it */
  gboolean ended;               /* the thread reached the end: result, error */
  TcStepResult result;
  GError *error;
};

typedef enum
{
  TC_AHEAD_FRAME,               /* a frame, and its tag */
  TC_AHEAD_ENDED,               /* the thread ended: result and error set */
  TC_AHEAD_EXITED,              /* the thread left on an interrupt */
  TC_AHEAD_INTERRUPTED          /* interrupted while waiting */
} TcAheadNext;

void tc_ahead_init (TcAhead * ahead, const atomic_int * interrupted);
void tc_ahead_clear (TcAhead * ahead);
gboolean tc_ahead_start (TcAhead * ahead, TcAheadRead read, gpointer data);
gboolean tc_ahead_stop (TcAhead * ahead, gboolean abort);
void tc_ahead_drop (TcAhead * ahead);
gboolean tc_ahead_aborting (TcAhead * ahead);
gboolean tc_ahead_running (TcAhead * ahead);
void tc_ahead_wake (TcAhead * ahead);
void tc_ahead_put (TcAhead * ahead, gpointer tag, AVFrame * frame);
gboolean tc_ahead_idle (TcAhead * ahead);
TcAheadNext tc_ahead_next (TcAhead * ahead, AVFrame ** frame,
    gpointer * tag, TcStepResult * result, GError ** error);
gboolean tc_ahead_pop (TcAhead * ahead, AVFrame ** frame, gpointer * tag);
void tc_ahead_set_wanted (TcAhead * ahead, guint frames);
guint tc_ahead_wanted (TcAhead * ahead);
void tc_ahead_forget (TcAhead * ahead, gpointer tag);

/* ------------------------------------------------------------------------
 * tcthin.c: the frames of a video stream that no output's fps filter
 * takes, when every output reading it reduces the frame rate.  The struct
 * is the decoder's; its fields are tcthin.c's, used by the thread that
 * decodes, set while the decode-ahead thread is stopped. */

#define TC_THIN_RECENT 16

typedef struct
{
  AVRational *fps_tb;           /* the fps filters' output time bases */
  guint n_fps_tb;               /* 0: an output takes every frame */
  gint64 recent[TC_THIN_RECENT];        /* pts of the last packets read */
  guint n_recent;
  guint next;                   /* where the next pts goes in recent */
  gboolean frames_out;          /* the decoder gave a frame since the seek */
  gboolean broken;              /* it refused data since the seek */
  /* pts from which every frame is decoded since the seek (the successor
   * bound of the frames left out), AV_NOPTS_VALUE: none left out */
  gint64 complete_from;
} TcThin;

void tc_thin_init (TcThin * thin);
void tc_thin_clear (TcThin * thin);
void tc_thin_set (TcThin * thin, const AVRational * fps_tb, guint n);
void tc_thin_restart (TcThin * thin);
void tc_thin_frame_out (TcThin * thin);
void tc_thin_damaged (TcThin * thin);
gint64 tc_thin_complete_from (const TcThin * thin);
gboolean tc_thin_unneeded (TcThin * thin, const AVCodecContext * ctx,
    AVRational tb, const AVPacket * pkt);

/* ------------------------------------------------------------------------
 * tcsamples.c: a decoded audio stream's samples, counted, as an output
 * that started with the stream counts them.  The struct is the decoder's;
 * its fields are tcsamples.c's, used by the caller's thread (the frames
 * the source delivers). */

typedef struct
{
  gint64 origin;                /* ns, its first sample; TC_TIME_NONE: none */
  guint64 n;                    /* samples counted since */
  gint rate;                    /* their rate */
} TcSamples;

void tc_samples_reset (TcSamples * s);
gint64 tc_samples_count (TcSamples * s, const AVFrame * f, gint64 pts,
    AVRational tb);

/* ------------------------------------------------------------------------
 * tcdecoder.c: one decoder per source stream that at least one output
 * reads, its life and its use */

struct _TcDecoder
{
  gint stream_index;
  AVStream *stream;
  AVCodecContext *ctx;
  gchar *name;                  /* the decoder asked for, NULL: default */
  gchar **options;              /* the decoder options asked for */
  guint n_users;
  atomic_int unused;            /* no users, freed when the decode-ahead thread stops */
  guint64 n_frames;             /* frames delivered since open (by tcread.c, in
                                 * the caller's thread) */
  guint n_failures;             /* packets in a row the decoder refused */
  /* opened for an output added while the source was being read: the
   * packets before the next key frame would decode into garbage or
   * errors, so they are skipped (cleared by the next key frame or seek) */
  gboolean wait_key;
  /* video, after an accurate seek that no output needs the frames before
   * the target of: a packet before discard_before (the stream's time
   * base; AV_NOPTS_VALUE: none) is decoded with AVDISCARD_NONREF, so the
   * frames before it that no other frame refers to are not decoded at
   * all.  Set while the decode-ahead thread is stopped. */
  gint64 discard_before;
  enum AVDiscard skip_frame;    /* what the decoder options asked for */
  TcThin thin;                  /* the frames no fps filter takes */
  TcSamples samples;            /* audio: the samples it delivered */
  /* damaged packets or frames skipped since open; written by the thread
   * that decodes */
  _Atomic guint64 n_skipped;
  /* ns, the longest packet read, 0: none yet; written by the thread that
   * reads, read by tc_source_capture_latency() from any */
  _Atomic gint64 max_packet_duration;
};

/* The source's decoders, by stream.  A decoder the decode-ahead thread may
 * be using is freed only once the thread stops. */
typedef struct
{
  TcDecoder **by_stream;
  guint n_streams;
  TcAhead *ahead;               /* the source's */
  AVFrame *frame;               /* what decoders return into */
} TcDecoders;

/* Where decoded frames go: FALSE with error set stops the decoding. */
typedef gboolean (*TcFrameFunc) (gpointer data, TcDecoder * dec,
    AVFrame * frame, GError ** error);

gboolean tc_decoders_init (TcDecoders * decs, guint n_streams,
    TcAhead * ahead);
void tc_decoders_clear (TcDecoders * decs);
TcDecoder *tc_decoder_get (TcDecoders * decs, AVStream * st,
    const TcOutputConfig * config, GError ** error);
void tc_decoder_unref (TcDecoders * decs, TcDecoder * dec);
gboolean tc_decoders_reopen (TcDecoders * decs, GError ** error);
void tc_decoders_stop_ahead (TcDecoders * decs, gboolean abort);
void tc_decoders_reset_ahead (TcDecoders * decs);
TcDecoder *tc_decoders_for_packet (TcDecoders * decs, const AVPacket * pkt);
gboolean tc_decoder_decode (TcDecoders * decs, TcDecoder * dec,
    AVPacket * pkt, TcFrameFunc func, gpointer data, GError ** error);
gboolean tc_decoders_drain (TcDecoders * decs, TcFrameFunc func,
    gpointer data, GError ** error);
gint64 tc_decoder_latency (TcDecoder * dec, AVFormatContext * fmt,
    gboolean audio, gboolean rate_converted);
gint64 tc_decoder_preroll (TcDecoder * dec);
void tc_decoder_set_discard (TcDecoder * dec, const TcClock * clock,
    gint64 before);
void tc_decoder_set_thinning (TcDecoder * dec, const AVRational * fps_tb,
    guint n);
gint64 tc_decoder_complete_from (TcDecoder * dec, const TcClock * clock);

/* ------------------------------------------------------------------------
 * tcconvert.c: an output's settings, checked and made into the seed's
 * conversions */

/* What an output's settings make of its frames. */
typedef struct
{
  gint format;                  /* AVSampleFormat or AVPixelFormat */
  const gchar *name;            /* its name */
  const TcPixelFormat *pixfmt;  /* video only */
  TcDType dtype;
  gint depth;                   /* video: C */
  gchar *chain;                 /* the conversions, "" when none */
} TcConversion;

gboolean tc_conversion_init (TcConversion * conv,
    const TcOutputConfig * config, GError ** error);
gchar *tc_filter_unknown (const gchar * chain);
void tc_config_copy (TcOutputConfig * dst, const TcOutputConfig * src);
void tc_config_clear (TcOutputConfig * c);

/* ------------------------------------------------------------------------
 * tcwindow.c: an output's open windows (chunks being filled), oldest first */

typedef struct
{
  guint64 start;                /* its first frame, on the grid */
  guint8 *data;                 /* the memory alloc returned */
  gpointer handle;
  guint n_frames;               /* written so far */
  gint64 pts;                   /* time of its first frame */
  guint64 offset;               /* the frame counter at its first frame */
  guint64 since_base;           /* audio: its first frame, from base_pts */
  gint64 capture;               /* capture time of its first frame */
  gint64 duration;              /* video, no known rate: its frames' sum */
} TcWindow;

typedef struct
{
  guint fpc;                    /* frames in a window */
  guint hop;                    /* frames between two windows' first */
  guint64 pos;                  /* the next frame, from the grid's origin */
  TcWindow *ring;               /* cap slots, n open from head */
  guint cap;
  guint head;
  guint n;
} TcWindows;

void tc_windows_init (TcWindows * w, guint fpc, guint hop);
guint tc_windows_max_open (guint fpc, guint hop);
void tc_windows_restart (TcWindows * w);
void tc_windows_clear (TcWindows * w);
TcWindow *tc_windows_nth (TcWindows * w, guint i);
gboolean tc_windows_due (const TcWindows * w);
TcWindow *tc_windows_open (TcWindows * w);
guint tc_windows_run (const TcWindows * w, guint avail);
void tc_windows_advance (TcWindows * w, guint n);
TcWindow *tc_windows_full (TcWindows * w);
void tc_windows_pop (TcWindows * w);

/* ------------------------------------------------------------------------
 * tcgraphin.c: the parameters a filter graph's source was configured
 * with; a decoded frame that differs needs a new graph */

typedef struct
{
  gint format;                  /* AVSampleFormat or AVPixelFormat */
  gint width;
  gint height;
  AVRational sar;
  gint sample_rate;
  AVChannelLayout layout;
} TcGraphInput;

void tc_graph_input_from_codec (TcGraphInput * in,
    const AVCodecContext * ctx, gboolean audio);
void tc_graph_input_from_frame (TcGraphInput * in, const AVFrame * f);
void tc_graph_input_copy (TcGraphInput * dst, const TcGraphInput * src);
void tc_graph_input_clear (TcGraphInput * in);
gboolean tc_graph_input_complete (const TcGraphInput * in, gboolean audio);
gboolean tc_graph_input_equal (const TcGraphInput * a,
    const TcGraphInput * b, gboolean audio);

/* ------------------------------------------------------------------------
 * tcoutput.c: an output's filter graph and chunks */

TcOutput *tc_output_new (gint id, const TcOutputConfig * config,
    AVStream * st, TcDecoders * decs, const TcClock * clock,
    const TcCallbacks * callbacks, gpointer user_data, GError ** error);
void tc_output_free (TcOutput * out);
TcDecoder *tc_output_decoder (TcOutput * out);
const TcOutputInfo *tc_output_info (TcOutput * out);
gboolean tc_output_converts_rate (TcOutput * out);
gboolean tc_output_push_frame (TcOutput * out, AVFrame * frame,
    gint64 counted, GError ** error);
gboolean tc_output_drain (TcOutput * out, GError ** error);
gboolean tc_output_reset (TcOutput * out, gint64 skip_until, GError ** error);
gint64 tc_output_first_time (TcOutput * out, gint64 pts, AVRational tb);
void tc_output_start_at (TcOutput * out, gint64 position, gint64 grid_origin);
gint64 tc_output_plan_seek (TcOutput * out, gint64 target);
gint64 tc_output_unneeded_before (TcOutput * out);
gboolean tc_output_fps_time_base (TcOutput * out, AVRational * tb);

/* ------------------------------------------------------------------------
 * tcgrid.c: an audio output's samples on the grid of a full decode, after
 * an accurate seek.  The struct is the output's; its fields are
 * tcgrid.c's. */

typedef struct
{
  gint64 origin;                /* ns, the stream's start: sample 0 */
  /* the input sample (from origin) the graph is fed from, -1: none */
  gint64 feed_from;
  /* the output sample the next one out of the graph is, -1: unknown */
  gint64 next;
  /* input sample 0's time (s): zero_num / zero_den, from the frame fed
   * first, not from the graph's output: a trimmed frame's pts is rounded
   * to the stream's time base */
  gint64 zero_num;
  gint64 zero_den;
  /* with coarse times: the input samples the decoder trims at the stream's
   * start (Opus's pre-skip), so a full decode's sample 0 is the stream's
   * sample lead; lead_time: its time, as rounded to the time base */
  gint64 lead;
  gint64 lead_time;
  /* with coarse times: the samples every frame starts at a multiple of
   * (Vorbis: frames of varying lengths), 0: the frame's own length */
  gint64 granule;
  /* the next frame is the first of a decoder opened anew for the seek,
   * which trimmed the lead from it */
  gboolean fresh;
} TcGrid;

/* Where an output starts counting after an accurate seek. */
typedef struct
{
  gint64 base;                  /* ns, the time of output sample 0 */
  gint64 first;                 /* the output sample kept first */
  gint skip;                    /* samples of the frame before it */
} TcGridStart;

void tc_grid_init (TcGrid * grid, gint64 origin);
void tc_grid_clear (TcGrid * grid);
void tc_grid_set_stream (TcGrid * grid, const AVStream * st);
gint64 tc_grid_plan (TcGrid * grid, gint64 target, gint in_rate,
    gint out_rate);
gboolean tc_grid_feed (TcGrid * grid, const TcClock * clock, AVRational tb,
    gint out_rate, AVFrame * frame, AVFrame ** fed, GError ** error);
gboolean tc_grid_started (TcGrid * grid);
gboolean tc_grid_start (TcGrid * grid, const TcClock * clock,
    const AVFrame * frame, AVRational tb, gint64 target,
    TcGridStart * start);

/* ------------------------------------------------------------------------
 * tcstart.c: an output's start, the frame its first chunk starts on (after
 * the open, a seek, or a change of the audio rate).  The struct is the
 * output's; its fields are tcstart.c's. */

typedef struct
{
  const TcClock *clock;         /* the source's */
  gint64 origin;                /* ns, the stream's start: frame 0 of the counter */
  gboolean started;             /* a frame was kept since open or seek */
  gboolean after_seek;          /* counted from origin, not from 0 */
  gint64 skip_until;            /* accurate seek target, or TC_TIME_NONE */
  /* added while the source was read: the first chunk starts on a frame of
   * the grid of chunks counted from grid_origin, at or after skip_until */
  gboolean align;
  gint64 grid_origin;
  /* audio: the decoded frame filtered last: the time the count of the
   * stream's samples gives it (tcsamples.c; TC_TIME_NONE: none), its own
   * time, its samples and their rate */
  gint64 in_counted;
  gint64 in_pts;
  gint in_samples;
  gint in_rate;
  TcGrid grid;                  /* audio, after an accurate seek */
} TcStart;

/* Where the output's counters start: its first frame kept. */
typedef struct
{
  gint skip;                    /* audio: samples of the frame before it */
  gint64 base;                  /* audio: the time of the sample counted first */
  guint64 since_base;           /* audio: its sample number from base */
  guint64 offset;               /* its frame counter */
} TcStartPoint;

void tc_start_init (TcStart * s, const TcClock * clock, gint64 origin);
void tc_start_set_stream (TcStart * s, const AVStream * st);
void tc_start_reset (TcStart * s, gint64 skip_until);
void tc_start_late (TcStart * s, gint64 position, gint64 grid_origin);
void tc_start_restart (TcStart * s);
void tc_start_counted (TcStart * s, const AVFrame * frame, gint64 pts,
    gint64 counted);
gboolean tc_start_started (const TcStart * s);
gint64 tc_start_drops_before (const TcStart * s);
gint64 tc_start_plan (TcStart * s, gint64 target, gint in_rate,
    gint out_rate);
gboolean tc_start_feed (TcStart * s, AVRational tb, gint out_rate,
    AVFrame * frame, AVFrame ** fed, GError ** error);
gboolean tc_start_video (TcStart * s, gint64 pts, AVRational rate,
    guint hop, TcStartPoint * p);
gboolean tc_start_audio (TcStart * s, const AVFrame * f, AVRational tb,
    gint64 pts, guint hop, TcStartPoint * p);

/* ------------------------------------------------------------------------
 * The source (tcsource.c: its life and outputs; tcio.c: what it may open,
 * custom input, interrupts; tcopen.c: open, probe, close; tcread.c: the
 * step; tcseek.c: seeking) */

struct _TcSource
{
  TcCallbacks callbacks;
  gpointer user_data;

  AVFormatContext *fmt;
  AVIOContext *avio;            /* custom input, NULL otherwise */
  TcReadFunc io_read;
  TcSeekFunc io_seek;
  gpointer io_data;
  gboolean seek_refused;        /* a byte stream could not do a seek asked */
  gchar *refused;               /* the first URL the protocol whitelist refused */
  atomic_int interrupted;

  TcStreamInfo *streams;
  guint n_streams;
  /* per stream, the time (in its time base) of its first frame since the
   * open (the stream's start) or the last seek (the first its decoder
   * gave), AV_NOPTS_VALUE when not known: where an output added late
   * counts its grid from */
  gint64 *first_pts;
  TcDecoders decoders;
  GPtrArray *outputs;           /* TcOutput * by id, NULL once removed */

  AVPacket *packet;
  GQueue pending;               /* AVPacket * read ahead while seeking */
  gboolean eos;
  TcClock clock;
  /* Where an output added now starts (tc_source_add_output()): position
   * is the latest time of a frame handed to the outputs since open or
   * seek (the target after an accurate seek, TC_TIME_NONE before any),
   * grid_origin where the running outputs' chunk grids start (0 after
   * open, where a seek landed).  The caller's thread only. */
  gint64 position;
  gint64 grid_origin;

  /* Decode ahead (tc_source_set_decode_ahead): a thread reads and decodes
   * into the ring, tc_source_step() takes the frames and runs the filters.
   * While it runs the thread alone reads and decodes (the packet, pending,
   * the decoder contexts, and seek_refused and refused, which the reads
   * set); the caller's thread alone filters; every call
   * that touches the reading side stops the thread first (removing an
   * output leaves its decoder, unused, to the next stop). */
  TcAhead ahead;
};

/* tcio.c */
void tc_io_init (void);
gboolean tc_io_check_open (TcSource * src, GError ** error);
gboolean tc_io_is_interrupted (TcSource * src);
gboolean tc_io_check_interrupted (TcSource * src, GError ** error);
gboolean tc_io_forget_interrupt (TcSource * src);
gboolean tc_io_check_refused (TcSource * src, GError ** error);
gboolean tc_io_check_seek_refused (TcSource * src, GError ** error);
gboolean tc_io_new_custom (TcSource * src, TcReadFunc read, TcSeekFunc seek,
    gpointer io_data, GError ** error);
void tc_io_free_custom (TcSource * src);
gchar *tc_io_default_protocols (const gchar * url,
    const AVInputFormat * ifmt, gboolean custom_io);
gboolean tc_io_opens_underneath (TcSource * src, const gchar * url);
gchar *tc_io_option_consumers (TcSource * src, const gchar * url);
AVFormatContext *tc_io_new_context (TcSource * src);

/* tcread.c */
void tc_read_clear_pending (TcSource * src);


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
