/* tensorchunker core: FFmpeg source, decode, filter and chunk
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

/*
 * This is the only interface between the GStreamer plugin (gst/) and FFmpeg
 * (ext/).  It includes no FFmpeg and no GStreamer header: GLib only.
 *
 * Model
 * -----
 * A TcSource is one opened input (avformat context).  Outputs are added to it;
 * each output reads one source stream, runs it through a libavfilter chain
 * (the user's custom chain first, then the conversions), and cuts the result
 * into chunks of frames_per_chunk frames.  Source streams are decoded once,
 * however many outputs read them.
 *
 * Chunk memory belongs to the caller: when an output starts a new chunk the
 * core calls TcCallbacks.alloc for (frames_per_chunk * frame_size) bytes and
 * writes the filter output straight into it, once.  When the chunk is full
 * (or the stream ends, or the output's frame size changes) the core hands it
 * back through TcCallbacks.chunk; a chunk the core gives up on (seek, remove,
 * free) goes back through TcCallbacks.release.
 *
 * Threading: a TcSource is not thread-safe; the caller serialises every call
 * except tc_source_interrupt(), which may be called from any thread at any
 * time.  Callbacks run in the thread that called tc_source_step(),
 * tc_source_seek(), tc_source_remove_output(), tc_source_close() or
 * tc_source_free().  With decoding ahead (tc_source_set_decode_ahead())
 * the source reads and decodes in a thread of its own, and still calls back
 * only from those; the log function (tc_log_set_func()) is the exception:
 * it is called from any thread the core or FFmpeg runs in.
 *
 * Time: all times are nanoseconds on the source's timeline, where 0 is the
 * container's start time (so the first frame of a file is at or near 0).
 * TC_TIME_NONE means unknown.
 *
 * Live sources
 * ------------
 * A capture device (tc_source_is_device()) delivers frames as it captures
 * them.  Any other source is read as fast as it goes, unless it is read in
 * real time (tc_source_set_realtime()), the way ffmpeg -re reads it.  For
 * both, every chunk carries the wallclock time its first frame was
 * captured (TcChunk.capture_time), and tc_source_capture_latency() says how
 * long after its capture a frame can be delivered.
 */

#ifndef __TC_CORE_H__
#define __TC_CORE_H__

#include <glib.h>

G_BEGIN_DECLS

#define TC_TIME_NONE G_MININT64
#define TC_SECOND G_GINT64_CONSTANT (1000000000)

#define TC_ERROR (tc_error_quark ())
GQuark tc_error_quark (void);

/* Error codes of the TC_ERROR domain.  The GStreamer layer maps them onto
 * GST_RESOURCE_ERROR / GST_STREAM_ERROR / GST_CORE_ERROR codes; the message
 * of every GError is written for a user: what was asked, what was found. */
typedef enum
{
  TC_ERROR_NOT_FOUND,           /* file or URL does not exist (ENOENT, 404) */
  TC_ERROR_OPEN,                /* could not open or read the resource (permission, network) */
  TC_ERROR_NOT_ALLOWED,         /* the source named a URL whose protocol is not allowed */
  TC_ERROR_FORMAT,              /* unknown input format, or data that is not media */
  TC_ERROR_OPTION,              /* an option nobody consumed, or a bad option value */
  TC_ERROR_STREAM,              /* stream index out of range / wrong media type / no stream */
  TC_ERROR_DECODER,             /* unknown decoder, or decoder failed to open */
  TC_ERROR_FILTER,              /* invalid filter chain, unknown sample/pixel format, impossible conversion */
  TC_ERROR_DECODE,              /* fatal decoding or demuxing failure while streaming */
  TC_ERROR_SEEK,                /* source cannot seek, or seek failed */
  TC_ERROR_INTERRUPTED,         /* tc_source_interrupt() was called */
  TC_ERROR_FAILED               /* anything else (out of memory, internal) */
} TcErrorCode;

typedef enum
{
  TC_MEDIA_UNKNOWN = 0,
  TC_MEDIA_AUDIO,
  TC_MEDIA_VIDEO,
  TC_MEDIA_SUBTITLE,
  TC_MEDIA_DATA
} TcMediaType;

const gchar *tc_media_type_name (TcMediaType type);     /* "audio", "video", ... */

/* Element types of a chunk, named as GStreamer's tensor caps name them. */
typedef enum
{
  TC_DTYPE_UINT8,
  TC_DTYPE_INT16,
  TC_DTYPE_INT32,
  TC_DTYPE_INT64,
  TC_DTYPE_FLOAT32,
  TC_DTYPE_FLOAT64
} TcDType;

const gchar *tc_dtype_name (TcDType dtype);     /* "uint8", "float32", ... */
gsize tc_dtype_size (TcDType dtype);

/* One source stream, with every field of the seed's SourceStream /
 * SourceAudioStream / SourceVideoStream. */
typedef struct
{
  gint index;
  TcMediaType media_type;
  gchar *codec;                 /* short name, e.g. "h264"; NULL if unknown */
  gchar *codec_long_name;       /* NULL if unknown */
  gchar *format;                /* sample or pixel format name, NULL if none */
  gint64 bit_rate;              /* 0 if unknown */
  gint64 num_frames;            /* 0 if unknown */
  gint bits_per_sample;         /* 0 if unknown */
  gchar **metadata;             /* NULL-terminated key, value, key, value, ... */
  /* audio */
  gint sample_rate;
  gint channels;
  /* video */
  gint width;
  gint height;
  gint frame_rate_n;            /* avg_frame_rate; 0/1 when unknown */
  gint frame_rate_d;
} TcStreamInfo;

/* What an output asks for.  Strings and arrays are copied by
 * tc_source_add_output(). */
typedef struct
{
  TcMediaType media_type;       /* TC_MEDIA_AUDIO or TC_MEDIA_VIDEO */
  gint stream_index;            /* -1: the best stream of media_type */
  guint frames_per_chunk;       /* >= 1 */
  guint hop;                    /* frames between the first frames of two
                                 * chunks, 0: frames_per_chunk; see below */
  const gchar *decoder;         /* NULL: the stream's default decoder */
  const gchar *const *decoder_options;  /* NULL-terminated key, value, ...; NULL for none */
  const gchar *filter;          /* custom libavfilter chain run first; NULL for none */
  /* audio */
  gint sample_rate;             /* 0: source rate */
  gint channels;                /* 0: source channels */
  const gchar *sample_format;   /* NULL: "flt" */
  /* video */
  gint frame_rate_n;            /* 0: source frame rate */
  gint frame_rate_d;
  gint width;                   /* 0: source width */
  gint height;                  /* 0: source height */
  const gchar *pixel_format;    /* NULL: "rgb24"; formats: see below */
  gboolean nhwc;                /* FALSE: (N, C, H, W); TRUE: (N, H, W, C) */
} TcOutputConfig;

/* Output formats and their chunks:
 *   audio: any sample format (u8 s16 s32 s64 flt dbl, or planar u8p ... dblp)
 *     gives (N, channels), interleaved, dtype uint8 / int16 / int32 / int64 /
 *     float32 / float64.
 *   video: rgb24 bgr24 yuv444p gbrp yuv420p nv12 give C = 3 (yuv420p and
 *     nv12 chroma repeated 2x2 to full size, the seed's rule; gbrp planes in
 *     G, B, R order); rgba bgra argb abgr give C = 4; gray gives C = 1;
 *     all uint8.  gray16le gives C = 1 of dtype int16 holding the bits of the
 *     unsigned 16-bit sample (the tensor types have no uint16): read the
 *     chunk as uint16.
 * Sizes outside 1..16384, negative rates, a channel count FFmpeg has no
 * standard layout for (9, say) and unknown formats make
 * tc_source_add_output() fail with TC_ERROR_FILTER; frames_per_chunk 0 with
 * TC_ERROR_OPTION.  Decoded frames wider or taller than 16384 are refused
 * with TC_ERROR_FILTER too (by tc_source_add_output() when the stream says
 * its size, else at the step that decodes one): swscale's set-up grows with
 * the size, not the pixel count (a 1x1000000 picture, a 60-byte header:
 * 13 s before the first frame). */

/* Sliding windows: chunk k holds the output frames [k * hop, k * hop +
 * frames_per_chunk), counted from the first frame after the open, a seek
 * (its target), or a change that cut the chunks short (the grid starts
 * again there).  hop < frames_per_chunk overlaps the chunks: up to
 * ceil (frames_per_chunk / hop) are filled at once, each in its own memory,
 * and a frame is written into every chunk that holds it; hop >
 * frames_per_chunk skips the frames between chunks, unwritten.  Each chunk
 * has the pts, duration and offset of its own first frame.  When the input
 * ends (or a change cuts the chunks), only the oldest unfinished chunk is
 * delivered, short (last = TRUE); the later ones, which hold only frames it
 * holds too, are released.  hop above G_MAXINT fails tc_source_add_output()
 * with TC_ERROR_OPTION; the chunks held open at once count against
 * TC_MAX_CHUNK_SIZE together (below). */

/* The largest chunk the core asks the caller's memory for: 1 GiB (36 s of
 * 7.1 float audio at 96 kHz; 43 frames of 4K RGB).  An output whose full
 * chunk (frames_per_chunk x the frame size) would be larger is refused by
 * tc_source_add_output() with TC_ERROR_FILTER when the source's frame size
 * is known then; when decoded frames grow past it mid-stream, the step fails
 * with TC_ERROR_FILTER.  A header claiming a huge picture must not make the
 * caller allocate without bound. */
#define TC_MAX_CHUNK_SIZE ((gsize) 1 << 30)
/* With overlapping windows (hop < frames_per_chunk) the limit is on the
 * memory of the chunks an output holds open at once: ceil
 * (frames_per_chunk / hop) full chunks. */

/* Resampling is refused with TC_ERROR_FILTER from or to a rate above
 * TC_MAX_SAMPLE_RATE, or between rates more than TC_MAX_RESAMPLE_RATIO
 * apart: swresample's set-up grows with both (a WAV header claiming
 * 738 MHz, read at 96 kHz: 12 s before the first sample; 7 Hz to
 * 1.536 MHz: 33 s and 2.2 GB).  A requested sample_rate above the limit
 * fails tc_source_add_output(); a source rate beyond them fails it too, or
 * the step where the decoded rate changes to one.  Without resampling
 * (sample_rate 0) any rate the decoder gives is taken as it is. */
#define TC_MAX_SAMPLE_RATE 1536000
/* Channels an output may remix to (beyond FFmpeg's own limit for
 * interleaved audio, SWR_CH_MAX), and the largest width or height a frame
 * may have (see above: swscale's set-up grows with the sides); both small
 * enough that a frame's byte size cannot overflow.  The element's pad
 * properties take their ranges from these and TC_MAX_SAMPLE_RATE. */
#define TC_MAX_CHANNELS 64
#define TC_MAX_DIMENSION 16384
#define TC_MAX_RESAMPLE_RATIO 256

/* Video timestamps that jump are a new timeline: when the decoded frames'
 * time jumps forward by more than 60 s or back by more than 1 s (two
 * streams concatenated, a broken or reset clock), the chunk so far ends
 * short (last = TRUE), the filter chain starts anew at the new time, and
 * the next chunk is discont.  A frame-rate conversion would otherwise fill a
 * forward jump with copies of the last frame (a few KB of MPEG-TS whose clock
 * jumps 26 hours makes 2.4 million frames at 25 fps), and drop every frame
 * after a backward jump until the clock caught up again. */
#define TC_MAX_FORWARD_JUMP (60 * TC_SECOND)
#define TC_MAX_BACKWARD_JUMP (TC_SECOND)

/* What an output produces, known once it is added (the filter graph is
 * configured from the codec parameters) and updated when the decoded frame
 * size changes mid-stream. */
typedef struct
{
  TcMediaType media_type;
  gint source_index;            /* the source stream resolved */
  gchar *filter_description;    /* the exact libavfilter chain that runs */
  const gchar *format;          /* sample or pixel format name of the output, as asked */
  TcDType dtype;
  guint frames_per_chunk;
  guint hop;                    /* frames between chunks' first frames (never 0) */
  guint n_dims;                 /* 2 for audio (N, C), 4 for video */
  gint64 dims[4];               /* of a full chunk; dims[0] == frames_per_chunk */
  gsize frame_size;             /* bytes of one frame: product (dims[1..]) * dtype size */
  /* audio */
  gint sample_rate;
  gint channels;
  /* video */
  gint width;
  gint height;
  gint depth;                   /* C */
  gint frame_rate_n;            /* output frame rate; 0/1 when variable or unknown */
  gint frame_rate_d;
} TcOutputInfo;

/* A finished chunk, handed to TcCallbacks.chunk. */
typedef struct
{
  gint output;                  /* output id */
  gpointer data;                /* the memory alloc returned */
  gpointer handle;              /* the handle alloc set; ownership passes to the callee */
  guint n_frames;               /* frames in it: frames_per_chunk, or fewer for the last */
  gsize size;                   /* bytes written: n_frames * info->frame_size */
  gint64 pts;                   /* time of the first frame */
  gint64 duration;              /* n_frames / rate; TC_TIME_NONE when the rate is unknown */
  guint64 offset;               /* the output's frame counter at the first frame */
  gboolean discont;             /* first chunk after open, seek, or a gap or jump */
  gboolean last;                /* a short chunk cut at end of stream, at a format
                                 * change or at a time jump */
  gboolean end;                 /* the output's last chunk of the input: delivered
                                 * when the input ended (or failed for good); a
                                 * chunk cut by a change or a jump is not */
  gboolean info_changed;        /* info differs from the previous chunk's (caps must be re-sent) */
  const TcOutputInfo *info;     /* the output's info as of this chunk */
  gint64 capture_time;          /* live sources: when the first frame was captured,
                                 * in ns of g_get_real_time()'s clock; TC_TIME_NONE
                                 * for a source neither a device nor read in real
                                 * time.  See below. */
} TcChunk;

/* TcChunk.capture_time, as the core finds it:
 *   - devices: the frame's own timestamp when it reads as the wallclock
 *     (x11grab stamps a frame with the wallclock as it grabs it; pulse with
 *     the wallclock less the latency PulseAudio reports for the stream, so
 *     its capture; alsa likewise) or as the monotonic clock (v4l2's default
 *     timestamps), converted to the wallclock; a timestamp that reads as
 *     neither (more than an hour behind both clocks, or more than a second
 *     ahead) gives the time the frame came out of the filters.
 *   - sources read in real time: the time the frame was due, the wallclock
 *     at which the first packet was read plus the frame's distance from it
 *     on the source's timeline.
 * Frames a filter holds back (frame-rate conversion) keep their own
 * timestamps, so the capture time of a chunk is that of its first frame,
 * not the time it was delivered.  It may be long past: a device that
 * buffered while nobody read it delivers what it captured then. */

typedef struct
{
  /* Returns writable memory of at least size bytes for a new chunk of
   * output, and sets *handle (opaque to the core).  NULL is out of memory:
   * the step fails with TC_ERROR_FAILED. */
  gpointer (*alloc) (gpointer user_data, gint output, gsize size,
      gpointer * handle);
  /* A chunk is finished; the callee owns chunk->handle from now on. */
  void (*chunk) (gpointer user_data, const TcChunk * chunk);
  /* A chunk the core abandons (seek, removal, free): free the handle. */
  void (*release) (gpointer user_data, gint output, gpointer handle);
} TcCallbacks;

/* Custom input (byte streams).  read returns the bytes read (> 0), 0 at end
 * of stream, or < 0 on error.  seek follows lseek's whence (SEEK_SET,
 * SEEK_CUR, SEEK_END), plus TC_SEEK_SIZE which asks for the total size
 * (< 0 when unknown); it returns the new position or < 0.  A NULL seek makes
 * the input non-seekable. */
#define TC_SEEK_SIZE 0x10000
typedef gint (*TcReadFunc) (gpointer user_data, guint8 * buf, gint size);
typedef gint64 (*TcSeekFunc) (gpointer user_data, gint64 offset, gint whence);

typedef struct _TcSource TcSource;

TcSource *tc_source_new (const TcCallbacks * callbacks, gpointer user_data);
void tc_source_free (TcSource * src);

/* Opens location (a path, a URL, a device name, a lavfi graph) with an
 * optional input format (as ffmpeg -f) and options (NULL-terminated key,
 * value, ...; as ffmpeg's input options).  Options that neither the format,
 * the protocol nor the device consumed are an error naming them.
 *
 * Protocols: the "protocol_whitelist" option is FFmpeg's: the protocols the
 * source may open, comma-separated, for the location itself and for every
 * URL it names (playlist segments, keys, redirects).  Without it the core
 * allows the location's own protocol plus http,https,tls,tcp,crypto, and
 * the file protocol only when the location is local (a file, a pipe, local
 * files joined or cut by concat: or subfile:; async: and cache: follow
 * what they wrap), rtp and udp for rtp and udp locations, so that a
 * playlist fetched from the network cannot make FFmpeg read local files or
 * switch to other protocols.  Inputs that open no URL (devices, lavfi) get
 * no whitelist.  A URL the whitelist refuses fails the open, or the step
 * that met it, with TC_ERROR_NOT_ALLOWED naming the URL and the protocols
 * allowed; a protocol refused underneath another (concat: opening file:)
 * is known only to FFmpeg, and the open fails with TC_ERROR_OPEN saying it
 * may be why. */
gboolean tc_source_open (TcSource * src, const gchar * location,
    const gchar * format, const gchar * const *options, GError ** error);

/* The same, reading bytes through callbacks; name_hint (may be NULL) is the
 * URI or file name that helps FFmpeg probe, and against which the URLs a
 * playlist names are resolved.  The default protocol whitelist follows the
 * name hint (file only when it is a local path; without one, no file).
 * With a NULL seek the input is a stream: demuxers read it forward, and
 * when one has to seek back anyway (an MP4 with its index at the end), the
 * open or the step fails with TC_ERROR_SEEK saying the input needs to be
 * seekable. */
gboolean tc_source_open_io (TcSource * src, TcReadFunc read, TcSeekFunc seek,
    gpointer io_data, const gchar * name_hint, const gchar * format,
    const gchar * const *options, GError ** error);

gboolean tc_source_is_open (TcSource * src);
/* Closes the input and removes every output (releasing their chunks). */
void tc_source_close (TcSource * src);

/* Makes any blocking call (open, step, seek) return promptly with
 * TC_ERROR_INTERRUPTED while set.  Callable from any thread.  A read it
 * cuts short may lose data: a step after it goes on from wherever the read
 * stopped.  Decoding ahead, the source's thread may be reading whenever the
 * interrupt comes, so follow an interrupt with a seek (or a close), as a
 * flushing seek does, to go on from a known point. */
void tc_source_interrupt (TcSource * src, gboolean interrupt);

guint tc_source_n_streams (TcSource * src);
const TcStreamInfo *tc_source_get_stream_info (TcSource * src, guint index);
/* FFmpeg's best stream of that type (av_find_best_stream), -1 when none. */
gint tc_source_default_stream (TcSource * src, TcMediaType type);
gint64 tc_source_duration (TcSource * src);     /* TC_TIME_NONE when unknown */
/* The container's metadata (title, encoder, creation_time...): key, value,
 * key, value, ... NULL; free with g_strfreev().  NULL when not open. */
gchar **tc_source_metadata (TcSource * src);
gboolean tc_source_is_seekable (TcSource * src);
/* TRUE for capture devices (their format is an avdevice input). */
gboolean tc_source_is_device (TcSource * src);
/* Reads a source that is not a device no faster than real time, as ffmpeg
 * -re does: tc_source_step() holds each packet until the wallclock reaches
 * its time, counting from the first packet read after this call (so,
 * called again after a pause, the source goes on from where it stopped
 * without catching up).  A packet that comes more than a second late (a
 * network stall) starts the count again from itself, so that the packets
 * after it are not rushed; so does one more than TC_MAX_FORWARD_JUMP ahead
 * (a clock that jumps, as in two streams one after the other), which would
 * otherwise be waited for.  The wait returns early on
 * tc_source_interrupt().  Devices pace themselves: no effect on them.
 * Callable before or after open; close keeps the setting. */
void tc_source_set_realtime (TcSource * src, gboolean realtime);

/* Decoding ahead: with @frames > 0, a thread of the source reads and
 * decodes into a queue of up to that many decoded frames while
 * tc_source_step() filters and chunks the oldest, so that decoding runs
 * beside filtering, copying and the caller's own work.  What the outputs
 * get is the same as without it, frame for frame (the same frames, in the
 * same order, the same errors after the same frames); the steps differ
 * only in that each filters one decoded frame rather than one packet's.
 * Real-time reading and devices, whose timing is taken where packets are
 * read, decode in tc_source_step() whatever this says.  0 (the default)
 * decodes in tc_source_step().  tc_source_interrupt() wakes a step that
 * waits for a frame; seeking, closing, adding or removing an output stop
 * the thread (it starts again at the next step).  Callable at any time;
 * close keeps the setting. */
void tc_source_set_decode_ahead (TcSource * src, guint frames);
/* The input format's name as FFmpeg detected it, e.g. "mov,mp4,m4a,3gp,3g2,mj2". */
const gchar *tc_source_format_name (TcSource * src);
/* How many source streams are being decoded: each stream read by at least
 * one output has one decoder, however many outputs read it. */
guint tc_source_n_decoders (TcSource * src);
/* Frames decoded from a source stream and handed to its outputs since open
 * (0 when not decoded). */
guint64 tc_source_decoded_frames (TcSource * src, guint index);
/* Packets (or frames) of a source stream that its decoder refused as
 * damaged and skipped since open: the decoding went on at the next one it
 * could decode.  0 for a stream nobody decodes. */
guint64 tc_source_skipped (TcSource * src, guint index);

/* Adds an output; returns its id (>= 0) or -1 with error set (stream index
 * out of range or of the wrong type, unknown decoder, bad filter, unknown
 * format, impossible size).  The decoder and the filter graph are set up
 * here, so the error comes before any data flows.  Outputs reading the same
 * source stream share its decoder, so they must ask for the same decoder and
 * decoder_options (TC_ERROR_DECODER otherwise). */
gint tc_source_add_output (TcSource * src, const TcOutputConfig * config,
    GError ** error);
/* Removes an output, releasing its unfinished chunk. */
void tc_source_remove_output (TcSource * src, gint output);
const TcOutputInfo *tc_source_get_output_info (TcSource * src, gint output);
/* Live sources: how long after a frame is captured the core may deliver
 * it, not counting the frames a chunk waits for.  A device or a network
 * stream delivers a packet once it is whole, so this is the longest packet
 * of the output's stream read so far or, before any: one frame at the
 * stream's frame rate for video, for audio the packet size the device will
 * use (the stream's frame size; pulse's fragment_size option; 50 ms,
 * pulse's default fragment, when nothing tells).  Video adds the frames
 * the decoder holds back (reordering, frame threads), and one source frame
 * when the output converts the frame rate (the fps filter holds a frame
 * until it sees the next).  It never decreases while the output exists.
 * TC_TIME_NONE for an unknown output. */
gint64 tc_source_capture_latency (TcSource * src, gint output);

typedef enum
{
  TC_STEP_OK,                   /* a packet was processed; call again */
  TC_STEP_EOS,                  /* end of stream: every output drained, last chunks delivered */
  TC_STEP_ERROR                 /* error set */
} TcStepResult;

/* Reads one packet, decodes it, filters the frames and delivers every chunk
 * that fills.  At end of input it drains decoders and filters, delivers each
 * output's short last chunk (last = TRUE), and returns TC_STEP_EOS (and again
 * on every later call, until a seek).  A packet of a stream no output reads
 * costs nothing but the read. */
TcStepResult tc_source_step (TcSource * src, GError ** error);

/* Seeks to target (ns, source timeline).  Unfinished chunks are released;
 * decoders and filter graphs are flushed and rebuilt.  Without accurate the
 * first chunk starts at the key frame at or before target (as the seed
 * does); with accurate, every output's first chunk starts at its first
 * frame whose time is >= target (earlier frames are decoded and filtered,
 * then discarded, sample-exactly for audio).  *landed is the time the first
 * chunks will start at (target when accurate; the key frame's time
 * otherwise; TC_TIME_NONE when unknown).  The next chunk of each output is
 * discont.  After TC_STEP_EOS a seek makes the source readable again. */
gboolean tc_source_seek (TcSource * src, gint64 target, gboolean accurate,
    gint64 * landed, GError ** error);

/* Logging.  The core writes nothing on stderr, and keeps FFmpeg from
 * writing there (its av_log goes through the core from the first
 * tc_source_new() or tc_log_set_func() on, for the whole process).  Its own
 * messages and FFmpeg's go to the function set here, when one is; errors
 * still travel as GErrors, a log line is never the only report.
 * FFmpeg's levels: panic, fatal, error: TC_LOG_ERROR; warning:
 * TC_LOG_WARNING; info: TC_LOG_INFO; verbose, debug: TC_LOG_DEBUG; trace:
 * TC_LOG_TRACE; quiet: dropped. */
typedef enum
{
  TC_LOG_ERROR,
  TC_LOG_WARNING,
  TC_LOG_INFO,
  TC_LOG_DEBUG,
  TC_LOG_TRACE
} TcLogLevel;

/* A message: from_ffmpeg says whether FFmpeg or the core wrote it (file,
 * line and function are the core's, or "", 0, "" for FFmpeg's); message
 * is one line without its newline.  Called from any thread the core or
 * FFmpeg runs in. */
typedef void (*TcLogFunc) (TcLogLevel level, gboolean from_ffmpeg,
    const gchar * file, gint line, const gchar * function,
    const gchar * message, gpointer user_data);

/* Whether messages of level are wanted: asked before a message is
 * formatted (FFmpeg's trace messages come per packet).  NULL: all are. */
typedef gboolean (*TcLogEnabledFunc) (TcLogLevel level, gboolean from_ffmpeg,
    gpointer user_data);

/* Sets where messages go; NULL func: nowhere.  Meant to be called once,
 * before the first source (a plugin's init). */
void tc_log_set_func (TcLogFunc func, TcLogEnabledFunc enabled,
    gpointer user_data);

G_END_DECLS

#endif /* __TC_CORE_H__ */
