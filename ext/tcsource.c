/* tensorchunker core: the source (open, probe, read, decode, seek)
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

#include "tcprivate.h"

#include <stdarg.h>

#include <libavdevice/avdevice.h>
#include <libavutil/avstring.h>
#include <libavutil/pixdesc.h>

/* A decoder that refuses this many packets in a row is broken, not just
 * seeing a damaged packet or a cut after a seek. */
#define MAX_DECODE_FAILURES 50

/* Bounds of the read-ahead that finds where a non-accurate seek landed: a
 * stream that has ended never produces its packet. */
#define PEEK_MAX_PACKETS 1024
#define PEEK_MAX_BYTES (64 * 1024 * 1024)

#define IO_BUFFER_SIZE (64 * 1024)

/* Real-time reading: a packet this late starts the count again, and a wait
 * checks for an interrupt at least this often. */
#define REALTIME_LATE TC_SECOND
#define REALTIME_POLL (10 * TC_SECOND / 1000)

/* Device timestamps within this much of a clock read as that clock's. */
#define DEVICE_CLOCK_PAST (3600 * TC_SECOND)
#define DEVICE_CLOCK_AHEAD TC_SECOND

/* What a network source may use underneath its own protocol: HTTP(S)
 * segments, keys and redirects of a playlist, and their transports. */
#define NETWORK_PROTOCOLS "http,https,tls,tcp,crypto"

/* FFmpeg's own io_open, which the core's wraps. */
static int (*default_io_open) (AVFormatContext * s, AVIOContext ** pb,
    const char *url, int flags, AVDictionary ** options);

G_DEFINE_QUARK (tc - error - quark, tc_error);

static void ahead_put (TcSource * src, TcDecoder * dec, AVFrame * frame);
static void ahead_reset (TcSource * src);
static void ahead_free_ring (TcSource * src);

const gchar *
tc_media_type_name (TcMediaType type)
{
  switch (type) {
    case TC_MEDIA_AUDIO:
      return "audio";
    case TC_MEDIA_VIDEO:
      return "video";
    case TC_MEDIA_SUBTITLE:
      return "subtitle";
    case TC_MEDIA_DATA:
      return "data";
    default:
      return "unknown";
  }
}

const gchar *
tc_dtype_name (TcDType dtype)
{
  static const gchar *const names[] = {
    "uint8", "int16", "int32", "int64", "float32", "float64"
  };

  g_return_val_if_fail ((guint) dtype < G_N_ELEMENTS (names), NULL);
  return names[dtype];
}

gsize
tc_dtype_size (TcDType dtype)
{
  static const gsize sizes[] = { 1, 2, 4, 8, 4, 8 };

  g_return_val_if_fail ((guint) dtype < G_N_ELEMENTS (sizes), 0);
  return sizes[dtype];
}

/* Sets a TC_ERROR with the printf-style message followed by FFmpeg's own
 * description of averr. */
void
tc_set_av_error (GError ** error, TcErrorCode code, gint averr,
    const gchar * format, ...)
{
  gchar reason[AV_ERROR_MAX_STRING_SIZE] = { 0 };
  gchar *msg;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  av_strerror (averr, reason, sizeof (reason));
  TC_LOG ("error %d: %s: %s", code, msg, reason);
  g_set_error (error, TC_ERROR, code, "%s: %s", msg, reason);
  g_free (msg);
}

/* Fills *dict from a NULL-terminated key, value array; what names the
 * options in the error ("option", "decoder option"). */
gboolean
tc_dict_from_strv (const gchar * const *kv, const gchar * what,
    AVDictionary ** dict, GError ** error)
{
  *dict = NULL;
  for (; kv != NULL && kv[0] != NULL; kv += 2) {
    if (kv[1] == NULL) {
      g_set_error (error, TC_ERROR, TC_ERROR_OPTION, "%s '%s' has no value",
          what, kv[0]);
      av_dict_free (dict);
      return FALSE;
    }
    av_dict_set (dict, kv[0], kv[1], 0);
  }
  return TRUE;
}

/* The names of the options left in dict, "'a', 'b'", or NULL when none. */
gchar *
tc_dict_leftover (AVDictionary * dict)
{
  const AVDictionaryEntry *e = NULL;
  GString *names = NULL;

  while ((e = av_dict_get (dict, "", e, AV_DICT_IGNORE_SUFFIX))) {
    if (names == NULL)
      names = g_string_new (NULL);
    else
      g_string_append (names, ", ");
    g_string_append_printf (names, "'%s'", e->key);
  }
  return names ? g_string_free (names, FALSE) : NULL;
}

/* The time of pts (in tb) on the source's timeline, within +-TC_MAX_TIME,
 * or TC_TIME_NONE. */
gint64
tc_pts_to_ns (TcSource * src, gint64 pts, AVRational tb)
{
  gint64 ns;

  if (pts == AV_NOPTS_VALUE)
    return TC_TIME_NONE;
  /* av_rescale_q gives INT64_MIN when the result does not fit */
  ns = av_rescale_q (pts, tb, TC_NS_BASE);
  if (ns < -2 * TC_MAX_TIME || ns > 2 * TC_MAX_TIME)
    return TC_TIME_NONE;
  /* start_time is within +-TC_MAX_TIME: no overflow */
  ns -= src->start_time;
  if (ns < -TC_MAX_TIME || ns > TC_MAX_TIME)
    return TC_TIME_NONE;
  return ns;
}

/* The wallclock time (ns) of a device's timestamp t (ns): devices stamp
 * frames with the wallclock (x11grab, pulse, alsa) or with the monotonic
 * clock (v4l2, unless told otherwise), and which one shows in how close t
 * is to each clock now.  A timestamp that reads as neither tells nothing:
 * the frame is taken as captured now. */
gint64
tc_device_wallclock (gint64 t, gint64 real_now, gint64 mono_now)
{
  if (t >= real_now - DEVICE_CLOCK_PAST && t <= real_now + DEVICE_CLOCK_AHEAD)
    return MIN (t, real_now);
  if (t >= mono_now - DEVICE_CLOCK_PAST && t <= mono_now + DEVICE_CLOCK_AHEAD)
    return MIN (t, mono_now) + (real_now - mono_now);
  return real_now;
}

static gpointer
init_ffmpeg (gpointer data)
{
  AVFormatContext *fmt;

  /* device formats (lavfi, x11grab, pulse, v4l2...) are only known to
   * av_find_input_format once registered */
  avdevice_register_all ();

  /* the same for every context: take it from a fresh one */
  fmt = avformat_alloc_context ();
  g_assert (fmt != NULL);
  default_io_open = fmt->io_open;
  avformat_free_context (fmt);
  return NULL;
}

TcSource *
tc_source_new (const TcCallbacks * callbacks, gpointer user_data)
{
  static GOnce once = G_ONCE_INIT;
  TcSource *src;

  g_return_val_if_fail (callbacks != NULL, NULL);
  g_once (&once, init_ffmpeg, NULL);

  src = g_new0 (TcSource, 1);
  src->callbacks = *callbacks;
  src->user_data = user_data;
  atomic_init (&src->interrupted, 0);
  atomic_init (&src->aborting, 0);
  src->rt_pts0 = TC_TIME_NONE;
  src->outputs = g_ptr_array_new ();
  g_queue_init (&src->pending);
  g_mutex_init (&src->ahead_lock);
  g_cond_init (&src->ahead_cond);
  g_queue_init (&src->ahead_overflow);
  return src;
}

void
tc_source_free (TcSource * src)
{
  if (src == NULL)
    return;
  tc_source_close (src);
  ahead_free_ring (src);
  av_frame_free (&src->ahead_frame);
  g_mutex_clear (&src->ahead_lock);
  g_cond_clear (&src->ahead_cond);
  g_ptr_array_free (src->outputs, TRUE);
  g_free (src);
}

void
tc_source_interrupt (TcSource * src, gboolean interrupt)
{
  g_return_if_fail (src != NULL);
  atomic_store (&src->interrupted, interrupt ? 1 : 0);
  /* wakes a step waiting for decoded frames, and the decode-ahead thread
   * waiting for room: it leaves */
  g_mutex_lock (&src->ahead_lock);
  g_cond_broadcast (&src->ahead_cond);
  g_mutex_unlock (&src->ahead_lock);
}

static gboolean
is_interrupted (TcSource * src)
{
  return atomic_load (&src->interrupted) || atomic_load (&src->aborting);
}

static int
interrupt_cb (void *opaque)
{
  return is_interrupted (opaque);
}

/* The caller's interrupt; is_interrupted() also tells the decode-ahead
 * thread, and the reads it makes, to leave. */
static gboolean
check_interrupted (TcSource * src, GError ** error)
{
  if (!atomic_load (&src->interrupted))
    return FALSE;
  g_set_error (error, TC_ERROR, TC_ERROR_INTERRUPTED, "interrupted");
  return TRUE;
}

/* Every URL a demuxer opens goes through here: the location itself, and the
 * segments, keys and variants a playlist names.  FFmpeg's whitelist check
 * would refuse a protocol too, but deep in a demuxer that logs it and goes
 * on with the next segment: here the core remembers the refusal, so that
 * the open or the step fails saying what was refused. */
static int
io_open_checked (AVFormatContext * s, AVIOContext ** pb, const char *url,
    int flags, AVDictionary ** options)
{
  const gchar *proto;

  proto = avio_find_protocol_name (url);
  if (proto != NULL && s->protocol_whitelist != NULL
      && av_match_list (proto, s->protocol_whitelist, ',') <= 0) {
    /* nested contexts may copy io_open without the interrupt callback:
     * only the source's own context leads back to the source */
    if (s->interrupt_callback.callback == interrupt_cb) {
      TcSource *src = s->interrupt_callback.opaque;

      if (src->refused == NULL) {
        if (s->url != NULL && s->url[0] != '\0' && strcmp (s->url, url) != 0)
          src->refused = g_strdup_printf ("'%s' named '%s', whose protocol "
              "(%s) is not among the allowed protocols (protocol_whitelist "
              "%s)", s->url, url, proto, s->protocol_whitelist);
        else
          src->refused = g_strdup_printf ("the protocol of '%s' (%s) is not "
              "among the allowed protocols (protocol_whitelist %s)", url,
              proto, s->protocol_whitelist);
      }
    }
    TC_LOG ("refused to open %s: %s not in %s", url, proto,
        s->protocol_whitelist);
    return AVERROR (EPERM);
  }
  return default_io_open (s, pb, url, flags, options);
}

/* Sets the error of a seek a stream could not do, if one was asked for.
 * Only for an operation that failed: demuxers try seeks they can do
 * without (wav, mp3), so a refused seek alone is no error. */
static gboolean
check_seek_refused (TcSource * src, GError ** error)
{
  const gchar *url = src->fmt && src->fmt->url && src->fmt->url[0] ?
      src->fmt->url : NULL;

  if (!src->seek_refused)
    return FALSE;
  g_set_error (error, TC_ERROR, TC_ERROR_SEEK, "%s%s%s needs a seekable "
      "input: the %s demuxer had to seek back in it (as for an MP4 with its "
      "index at the end), and the input cannot seek", url ? "'" : "",
      url ? url : "the byte stream", url ? "'" : "",
      src->fmt && src->fmt->iformat ? src->fmt->iformat->name : "input");
  return TRUE;
}

/* Sets the error of a refused URL, if any. */
static gboolean
check_refused (TcSource * src, GError ** error)
{
  if (src->refused == NULL)
    return FALSE;
  g_set_error (error, TC_ERROR, TC_ERROR_NOT_ALLOWED, "refused to open a "
      "URL: %s", src->refused);
  return TRUE;
}

/* The protocols a source may open when the caller does not say: its own,
 * and what a network source needs underneath.  File only for a local
 * location (a file, a pipe, or local files joined or cut: concat,
 * subfile): a playlist fetched from the network must not read local files.
 * A wrapper (async:, cache:) is allowed with what it wraps, which decides.
 * NULL (FFmpeg's default) for inputs that open no URL. */
static gchar *
default_protocols (const gchar * url, const AVInputFormat * ifmt,
    gboolean custom_io)
{
  GString *list;
  const gchar *proto;

  if (ifmt != NULL && (ifmt->flags & AVFMT_NOFILE))
    return NULL;
  /* a byte stream without a name has no place of its own */
  if (custom_io && url[0] == '\0')
    return g_strdup (NETWORK_PROTOCOLS);
  proto = avio_find_protocol_name (url);
  /* an unknown protocol fails in FFmpeg, which says so */
  if (proto == NULL)
    return NULL;

  list = g_string_new (NULL);
  while (proto != NULL && av_match_list (proto, "async,cache", ',') > 0) {
    g_string_append_printf (list, "%s,", proto);
    url += strlen (proto) + 1;
    proto = avio_find_protocol_name (url);
  }
  if (proto == NULL);
  else if (av_match_list (proto, "file,pipe,fd,concat,concatf,subfile",
          ',') > 0) {
    g_string_append_printf (list, "%s,", proto);
    /* once: error messages quote the list */
    if (strcmp (proto, "file") != 0)
      g_string_append (list, "file,");
  }
  /* streams over RTP (rtp:, srtp:, udp:) open their RTP and UDP sockets */
  else if (av_match_list (proto, "rtp,srtp,udp", ',') > 0)
    g_string_append_printf (list, "%s,rtp,udp,", proto);
  else if (av_match_list (proto, NETWORK_PROTOCOLS, ',') <= 0)
    g_string_append_printf (list, "%s,", proto);
  g_string_append (list, NETWORK_PROTOCOLS);
  return g_string_free (list, FALSE);
}

static int
io_read (void *opaque, uint8_t * buf, int size)
{
  TcSource *src = opaque;
  gint n;

  if (is_interrupted (src))
    return AVERROR_EXIT;
  n = src->io_read (src->io_data, buf, size);
  if (n == 0)
    return AVERROR_EOF;
  /* a read that gave up because the caller interrupted us (waking a
   * reader that waits for data) is the interruption, not an I/O error */
  if (n < 0 && is_interrupted (src))
    return AVERROR_EXIT;
  return n < 0 ? AVERROR (EIO) : n;
}

static int64_t
io_seek (void *opaque, int64_t offset, int whence)
{
  TcSource *src = opaque;

  if (src->io_seek == NULL) {
    /* A stream: avio asks only when a demuxer has to seek back anyway. */
    if (whence & AVSEEK_SIZE)
      return AVERROR (ENOSYS);
    TC_LOG ("a seek to %" G_GINT64_FORMAT " in a stream", (gint64) offset);
    src->seek_refused = TRUE;
    return AVERROR (ESPIPE);
  }
  if (whence & AVSEEK_SIZE)
    return src->io_seek (src->io_data, 0, TC_SEEK_SIZE);
  return src->io_seek (src->io_data, offset, whence & ~AVSEEK_FORCE);
}

static gchar **
strv_from_dict (AVDictionary * dict)
{
  GPtrArray *kv = g_ptr_array_new ();
  const AVDictionaryEntry *e = NULL;

  while ((e = av_dict_get (dict, "", e, AV_DICT_IGNORE_SUFFIX))) {
    g_ptr_array_add (kv, g_strdup (e->key));
    g_ptr_array_add (kv, g_strdup (e->value));
  }
  g_ptr_array_add (kv, NULL);
  return (gchar **) g_ptr_array_free (kv, FALSE);
}

/* The seed's SourceStream fields. */
static void
stream_info_init (TcStreamInfo * info, AVStream * st)
{
  const AVCodecParameters *par = st->codecpar;
  const AVCodecDescriptor *desc = avcodec_descriptor_get (par->codec_id);

  info->index = st->index;
  info->codec = desc ? g_strdup (desc->name) : NULL;
  info->codec_long_name = desc ? g_strdup (desc->long_name) : NULL;
  info->bit_rate = par->bit_rate;
  info->num_frames = st->nb_frames;
  info->bits_per_sample = par->bits_per_raw_sample;
  info->metadata = strv_from_dict (st->metadata);
  info->frame_rate_d = 1;
  switch (par->codec_type) {
    case AVMEDIA_TYPE_AUDIO:
      info->media_type = TC_MEDIA_AUDIO;
      info->format = g_strdup (av_get_sample_fmt_name (par->format));
      info->sample_rate = par->sample_rate;
      info->channels = par->ch_layout.nb_channels;
      break;
    case AVMEDIA_TYPE_VIDEO:
      info->media_type = TC_MEDIA_VIDEO;
      info->format = g_strdup (av_get_pix_fmt_name (par->format));
      info->width = par->width;
      info->height = par->height;
      if (st->avg_frame_rate.den > 0 && st->avg_frame_rate.num > 0) {
        info->frame_rate_n = st->avg_frame_rate.num;
        info->frame_rate_d = st->avg_frame_rate.den;
      }
      break;
    case AVMEDIA_TYPE_SUBTITLE:
      info->media_type = TC_MEDIA_SUBTITLE;
      break;
    case AVMEDIA_TYPE_DATA:
      info->media_type = TC_MEDIA_DATA;
      break;
    default:
      info->media_type = TC_MEDIA_UNKNOWN;
      break;
  }
}

static void
stream_info_clear (TcStreamInfo * info)
{
  g_free (info->codec);
  g_free (info->codec_long_name);
  g_free (info->format);
  g_strfreev (info->metadata);
}

static gboolean
format_is_device (const AVInputFormat * ifmt)
{
  /* lavfi is registered as a device but synthesises data on demand: it is
   * neither live nor a capture */
  if (g_strcmp0 (ifmt->name, "lavfi") == 0)
    return FALSE;
  return ifmt->priv_class != NULL
      && AV_IS_INPUT_DEVICE (ifmt->priv_class->category);
}

static TcErrorCode
open_error_code (gint averr)
{
  switch (averr) {
    case AVERROR (ENOENT):
    case AVERROR_HTTP_NOT_FOUND:
      return TC_ERROR_NOT_FOUND;
    case AVERROR_EXIT:
      return TC_ERROR_INTERRUPTED;
    case AVERROR_INVALIDDATA:
    case AVERROR_EOF:
    case AVERROR_DEMUXER_NOT_FOUND:
      return TC_ERROR_FORMAT;
    default:
      return TC_ERROR_OPEN;
  }
}

/* Who could have consumed an option: "the wav demuxer or the file
 * protocol", "the lavfi input". */
static gchar *
option_consumers (TcSource * src, const gchar * url)
{
  const AVInputFormat *ifmt = src->fmt->iformat;
  const gchar *proto;

  if (src->avio)
    return g_strdup_printf ("the %s demuxer or the byte stream", ifmt->name);
  if (ifmt->flags & AVFMT_NOFILE)
    return g_strdup_printf ("the %s input", ifmt->name);
  proto = avio_find_protocol_name (url);
  return g_strdup_printf ("the %s demuxer or the %s protocol", ifmt->name,
      proto ? proto : "file");
}

/* Whether the location's protocol opens other protocols itself, through
 * FFmpeg rather than the core's io_open: concat:a|b opens file:. */
static gboolean
opens_underneath (TcSource * src, const gchar * url)
{
  const gchar *proto;

  if (src->avio)
    return FALSE;
  proto = avio_find_protocol_name (url);
  return proto != NULL && av_match_list (proto,
      "async,cache,concat,concatf,crypto,hls,subfile,tee", ',') > 0;
}

static gboolean
open_common (TcSource * src, const gchar * url, const gchar * format,
    const gchar * const *options, GError ** error)
{
  /* what the messages call the input */
  const gchar *name = src->avio && url[0] == '\0' ? "the byte stream" : url;
  const AVInputFormat *ifmt = NULL;
  AVDictionary *opts = NULL;
  const AVDictionaryEntry *whitelist;
  gchar *leftover, *who, *protocols, *allowed = NULL;
  guint i;
  gint ret;

  if (src->fmt != NULL) {
    g_set_error (error, TC_ERROR, TC_ERROR_FAILED,
        "the source is already open: close it first");
    goto fail;
  }
  if (format != NULL && format[0] != '\0') {
    ifmt = av_find_input_format (format);
    if (ifmt == NULL) {
      g_set_error (error, TC_ERROR, TC_ERROR_FORMAT,
          "unknown input format '%s' (ffmpeg -formats and ffmpeg -devices "
          "list the names)", format);
      goto fail;
    }
  }
  if (!tc_dict_from_strv (options, "option", &opts, error))
    goto fail;
  if (av_dict_get (opts, "protocol_whitelist", NULL, 0) == NULL) {
    protocols = default_protocols (url, ifmt, src->avio != NULL);
    if (protocols != NULL) {
      TC_LOG ("protocols allowed for %s: %s", url, protocols);
      av_dict_set (&opts, "protocol_whitelist", protocols,
          AV_DICT_DONT_STRDUP_VAL);
    }
  }
  whitelist = av_dict_get (opts, "protocol_whitelist", NULL, 0);
  allowed = whitelist ? g_strdup (whitelist->value) : NULL;
  if (check_interrupted (src, error))
    goto fail;
  /* Devices state their frame rate.  Measuring it, as the probe does for
   * streams with a fine time base, would capture 20 frames (2 s at 10 fps)
   * before the open returns, frames delivered stale afterwards. */
  if (ifmt != NULL && format_is_device (ifmt)
      && av_dict_get (opts, "fpsprobesize", NULL, 0) == NULL)
    av_dict_set (&opts, "fpsprobesize", "0", 0);

  src->fmt = avformat_alloc_context ();
  if (src->fmt == NULL) {
    g_set_error (error, TC_ERROR, TC_ERROR_FAILED, "out of memory");
    goto fail;
  }
  src->fmt->interrupt_callback.callback = interrupt_cb;
  src->fmt->interrupt_callback.opaque = src;
  src->fmt->io_open = io_open_checked;
  if (src->avio) {
    src->fmt->pb = src->avio;
    src->fmt->flags |= AVFMT_FLAG_CUSTOM_IO;
  }
  /* frees the context on failure */
  ret = avformat_open_input (&src->fmt, url, ifmt, &opts);
  if (check_refused (src, error))
    goto fail;
  if (ret < 0 && check_seek_refused (src, error))
    goto fail;
  if (ret < 0) {
    if (ifmt)
      tc_set_av_error (error, open_error_code (ret), ret,
          "could not open '%s' as %s", name, ifmt->name);
    else
      tc_set_av_error (error, open_error_code (ret), ret,
          "could not open '%s'", name);
    /* a protocol refused underneath another (concat: opening file:)
     * fails in FFmpeg with EINVAL, past the core's io_open.  Only such a
     * location gets the hint: a demuxer fails with EINVAL too (the mp3
     * demuxer misdetecting noise), and a byte stream opens no protocol. */
    if (ret == AVERROR (EINVAL) && allowed != NULL && error && *error
        && opens_underneath (src, url)) {
      gchar *message = g_strdup_printf ("%s (perhaps a protocol it opens "
          "underneath is not allowed: protocol_whitelist %s)",
          (*error)->message, allowed);

      g_free ((*error)->message);
      (*error)->message = message;
    }
    goto fail;
  }
  TC_LOG ("opened '%s' as %s", url, src->fmt->iformat->name);

  leftover = tc_dict_leftover (opts);
  if (leftover != NULL) {
    who = option_consumers (src, url);
    g_set_error (error, TC_ERROR, TC_ERROR_OPTION,
        "%s %s %s not used by %s", strchr (leftover, ',') ? "options" :
        "option", leftover, strchr (leftover, ',') ? "were" : "was", who);
    g_free (who);
    g_free (leftover);
    goto fail;
  }

  ret = avformat_find_stream_info (src->fmt, NULL);
  if (check_refused (src, error))
    goto fail;
  if (ret < 0 && check_seek_refused (src, error))
    goto fail;
  if (ret < 0) {
    tc_set_av_error (error, ret == AVERROR_EXIT ? TC_ERROR_INTERRUPTED :
        TC_ERROR_FORMAT, ret, "could not find the streams of '%s' (%s)",
        name, src->fmt->iformat->name);
    goto fail;
  }
  if (src->fmt->nb_streams == 0) {
    g_set_error (error, TC_ERROR, TC_ERROR_FORMAT,
        "'%s' has no streams (read as %s)", name, src->fmt->iformat->name);
    goto fail;
  }

  src->is_device = format_is_device (src->fmt->iformat);
  src->start_time = 0;
  if (src->fmt->start_time != AV_NOPTS_VALUE) {
    gint64 t = av_rescale_q (src->fmt->start_time, AV_TIME_BASE_Q,
        TC_NS_BASE);

    /* a start beyond TC_MAX_TIME is not one times could be counted from */
    if (t >= -TC_MAX_TIME && t <= TC_MAX_TIME)
      src->start_time = t;
  }
  src->n_streams = src->fmt->nb_streams;
  src->streams = g_new0 (TcStreamInfo, src->n_streams);
  src->decoders = g_new0 (TcDecoder *, src->n_streams);
  for (i = 0; i < src->n_streams; i++)
    stream_info_init (&src->streams[i], src->fmt->streams[i]);
  src->packet = av_packet_alloc ();
  src->frame = av_frame_alloc ();
  if (src->packet == NULL || src->frame == NULL) {
    g_set_error (error, TC_ERROR, TC_ERROR_FAILED, "out of memory");
    goto fail;
  }
  src->eos = FALSE;
  g_free (allowed);
  av_dict_free (&opts);
  return TRUE;

fail:
  g_free (allowed);
  av_dict_free (&opts);
  tc_source_close (src);
  return FALSE;
}

gboolean
tc_source_open (TcSource * src, const gchar * location, const gchar * format,
    const gchar * const *options, GError ** error)
{
  g_return_val_if_fail (src != NULL, FALSE);
  g_return_val_if_fail (location != NULL, FALSE);

  return open_common (src, location, format, options, error);
}

gboolean
tc_source_open_io (TcSource * src, TcReadFunc read, TcSeekFunc seek,
    gpointer io_data, const gchar * name_hint, const gchar * format,
    const gchar * const *options, GError ** error)
{
  guint8 *buffer;

  g_return_val_if_fail (src != NULL, FALSE);
  g_return_val_if_fail (read != NULL, FALSE);

  if (src->fmt != NULL) {
    g_set_error (error, TC_ERROR, TC_ERROR_FAILED,
        "the source is already open: close it first");
    return FALSE;
  }
  buffer = av_malloc (IO_BUFFER_SIZE);
  if (buffer)
    src->avio = avio_alloc_context (buffer, IO_BUFFER_SIZE, 0, src, io_read,
        NULL, io_seek);
  if (src->avio == NULL) {
    av_free (buffer);
    g_set_error (error, TC_ERROR, TC_ERROR_FAILED, "out of memory");
    return FALSE;
  }
  /* without a seek, a stream: io_seek still answers the seeks a demuxer
   * insists on, so that the error can say why it failed */
  if (seek == NULL)
    src->avio->seekable = 0;
  src->io_read = read;
  src->io_seek = seek;
  src->io_data = io_data;

  return open_common (src, name_hint ? name_hint : "", format, options, error);
}

gboolean
tc_source_is_open (TcSource * src)
{
  g_return_val_if_fail (src != NULL, FALSE);
  return src->fmt != NULL;
}

static void
clear_pending (TcSource * src)
{
  AVPacket *pkt;

  while ((pkt = g_queue_pop_head (&src->pending)))
    av_packet_free (&pkt);
}

void
tc_source_close (TcSource * src)
{
  guint i;

  g_return_if_fail (src != NULL);

  ahead_reset (src);
  for (i = 0; i < src->outputs->len; i++) {
    TcOutput *out = g_ptr_array_index (src->outputs, i);
    if (out)
      tc_output_free (out);
  }
  g_ptr_array_set_size (src->outputs, 0);
  clear_pending (src);
  for (i = 0; i < src->n_streams; i++)
    stream_info_clear (&src->streams[i]);
  g_clear_pointer (&src->streams, g_free);
  g_clear_pointer (&src->decoders, g_free);
  src->n_streams = 0;
  av_packet_free (&src->packet);
  av_frame_free (&src->frame);
  avformat_close_input (&src->fmt);
  if (src->avio) {
    av_freep (&src->avio->buffer);
    avio_context_free (&src->avio);
  }
  src->io_read = NULL;
  src->io_seek = NULL;
  src->io_data = NULL;
  src->seek_refused = FALSE;
  g_clear_pointer (&src->refused, g_free);
  src->eos = FALSE;
  src->is_device = FALSE;
  src->start_time = 0;
  src->rt_pts0 = TC_TIME_NONE;
}

void
tc_source_set_realtime (TcSource * src, gboolean realtime)
{
  g_return_if_fail (src != NULL);
  /* pacing happens where packets are read: in the caller's thread */
  tc_source_ahead_stop (src, FALSE);
  src->realtime = realtime;
  /* the next packet read starts the count */
  src->rt_pts0 = TC_TIME_NONE;
}

guint
tc_source_n_streams (TcSource * src)
{
  g_return_val_if_fail (src != NULL, 0);
  return src->n_streams;
}

const TcStreamInfo *
tc_source_get_stream_info (TcSource * src, guint index)
{
  g_return_val_if_fail (src != NULL, NULL);
  if (index >= src->n_streams)
    return NULL;
  return &src->streams[index];
}

gint
tc_source_default_stream (TcSource * src, TcMediaType type)
{
  enum AVMediaType av_type;
  gint ret;

  g_return_val_if_fail (src != NULL, -1);
  if (src->fmt == NULL)
    return -1;
  switch (type) {
    case TC_MEDIA_AUDIO:
      av_type = AVMEDIA_TYPE_AUDIO;
      break;
    case TC_MEDIA_VIDEO:
      av_type = AVMEDIA_TYPE_VIDEO;
      break;
    case TC_MEDIA_SUBTITLE:
      av_type = AVMEDIA_TYPE_SUBTITLE;
      break;
    default:
      return -1;
  }
  ret = av_find_best_stream (src->fmt, av_type, -1, -1, NULL, 0);
  return ret >= 0 ? ret : -1;
}

gint64
tc_source_duration (TcSource * src)
{
  gint64 ns;

  g_return_val_if_fail (src != NULL, TC_TIME_NONE);
  if (src->fmt == NULL || src->fmt->duration == AV_NOPTS_VALUE
      || src->fmt->duration <= 0)
    return TC_TIME_NONE;
  ns = av_rescale_q (src->fmt->duration, AV_TIME_BASE_Q, TC_NS_BASE);
  /* a header may claim anything: beyond TC_MAX_TIME (or beyond what
   * nanoseconds hold, INT64_MIN) it is unknown */
  return ns > 0 && ns <= TC_MAX_TIME ? ns : TC_TIME_NONE;
}

gboolean
tc_source_is_seekable (TcSource * src)
{
  g_return_val_if_fail (src != NULL, FALSE);
  if (src->fmt == NULL || src->is_device)
    return FALSE;
  /* lavfi graphs only run forward */
  if (g_strcmp0 (src->fmt->iformat->name, "lavfi") == 0)
    return FALSE;
  /* inputs that open their own files or connections (image2, rtsp) have no
   * pb and seek in their demuxer */
  if (src->fmt->pb == NULL)
    return TRUE;
  return (src->fmt->pb->seekable & AVIO_SEEKABLE_NORMAL) != 0;
}

gboolean
tc_source_is_device (TcSource * src)
{
  g_return_val_if_fail (src != NULL, FALSE);
  return src->is_device;
}

const gchar *
tc_source_format_name (TcSource * src)
{
  g_return_val_if_fail (src != NULL, NULL);
  return src->fmt ? src->fmt->iformat->name : NULL;
}

guint
tc_source_n_decoders (TcSource * src)
{
  guint i, n = 0;

  g_return_val_if_fail (src != NULL, 0);
  for (i = 0; i < src->n_streams; i++)
    n += src->decoders[i] != NULL && src->decoders[i]->n_users > 0;
  return n;
}

guint64
tc_source_decoded_frames (TcSource * src, guint index)
{
  g_return_val_if_fail (src != NULL, 0);
  if (index >= src->n_streams || src->decoders[index] == NULL)
    return 0;
  return src->decoders[index]->n_frames;
}

guint64
tc_source_skipped (TcSource * src, guint index)
{
  g_return_val_if_fail (src != NULL, 0);
  if (index >= src->n_streams || src->decoders[index] == NULL)
    return 0;
  return src->decoders[index]->n_skipped;
}

/* Hands a decoded frame to the outputs reading its stream. */
static gboolean
deliver_frame (TcSource * src, TcDecoder * dec, AVFrame * frame,
    GError ** error)
{
  guint i;

  dec->n_frames++;
  for (i = 0; i < src->outputs->len; i++) {
    TcOutput *out = g_ptr_array_index (src->outputs, i);
    if (out == NULL || out->dec != dec)
      continue;
    if (!tc_output_push_frame (out, frame, error))
      return FALSE;
  }
  return TRUE;
}

/* A decoder refused a packet or a frame.  Errors of the data (a damaged
 * packet, references missing right after a seek, a last packet cut short)
 * are skipped: the decoder recovers at the next key frame, and frame
 * threads still hold the frames of other packets.  Running out of memory,
 * an interruption, FFmpeg's own bugs, or MAX_DECODE_FAILURES errors in a
 * row are the end: FALSE with error set. */
static gboolean
decoder_error (TcDecoder * dec, gint averr, GError ** error)
{
  const gchar *name = dec->ctx->codec->name;

  if (averr != AVERROR (ENOMEM) && averr != AVERROR_EXIT
      && averr != AVERROR_BUG && averr != AVERROR_BUG2
      && ++dec->n_failures < MAX_DECODE_FAILURES) {
    dec->n_skipped++;
    TC_LOG ("%s decoder skipped damaged data of stream %d (%d)", name,
        dec->stream_index, averr);
    return TRUE;
  }
  tc_set_av_error (error, averr == AVERROR_EXIT ? TC_ERROR_INTERRUPTED :
      TC_ERROR_DECODE, averr, "the %s decoder failed on stream %d", name,
      dec->stream_index);
  return FALSE;
}

/* Feeds one packet (NULL: drain) to a decoder and every frame it returns to
 * the outputs reading its stream. */
static gboolean
decode_packet (TcSource * src, TcDecoder * dec, AVPacket * pkt, GError ** error)
{
  gboolean ok;
  gint ret;

  ret = avcodec_send_packet (dec->ctx, pkt);
  if (ret < 0 && ret != AVERROR_EOF && !decoder_error (dec, ret, error))
    return FALSE;

  /* even when the packet was refused: frames of earlier ones may be ready */
  while (TRUE) {
    ret = avcodec_receive_frame (dec->ctx, src->frame);
    if (ret == AVERROR (EAGAIN) || ret == AVERROR_EOF)
      break;
    if (ret < 0) {
      if (!decoder_error (dec, ret, error))
        return FALSE;
      continue;
    }
    dec->n_failures = 0;
    /* what the seed's filters see, and correct when the container's pts
     * are missing or out of order */
    src->frame->pts = src->frame->best_effort_timestamp;
    if (src->ahead_running) {
      ahead_put (src, dec, src->frame);
      continue;
    }
    ok = deliver_frame (src, dec, src->frame, error);
    av_frame_unref (src->frame);
    if (!ok)
      return FALSE;
  }
  return TRUE;
}

/* End of input: decoders, then filter graphs, give what they hold; the
 * outputs deliver their short last chunks.  One that fails does not keep
 * the others from delivering theirs: the first error is returned. */
static gboolean
drain_decoders (TcSource * src, GError ** error)
{
  GError *first = NULL;
  guint i;

  for (i = 0; i < src->n_streams; i++) {
    if (src->decoders[i])
      decode_packet (src, src->decoders[i], NULL, first ? NULL : &first);
  }
  if (first == NULL)
    return TRUE;
  g_propagate_error (error, first);
  return FALSE;
}

static gboolean
drain_outputs (TcSource * src, GError ** error)
{
  GError *first = NULL;
  guint i;

  for (i = 0; i < src->outputs->len; i++) {
    TcOutput *out = g_ptr_array_index (src->outputs, i);
    if (out)
      tc_output_drain (out, first ? NULL : &first);
  }
  if (first == NULL)
    return TRUE;
  g_propagate_error (error, first);
  return FALSE;
}

static gboolean
check_open (TcSource * src, GError ** error)
{
  if (src->fmt != NULL)
    return TRUE;
  g_set_error (error, TC_ERROR, TC_ERROR_FAILED, "the source is not open");
  return FALSE;
}

/* Real-time reading: waits until the wallclock reaches the packet's time,
 * counted from the first packet read since tc_source_set_realtime().
 * Packets are paced by their decoding times, which never go back (ffmpeg
 * -re does the same).  FALSE when interrupted. */
static gboolean
pace (TcSource * src, const AVPacket * pkt, GError ** error)
{
  AVStream *st = src->fmt->streams[pkt->stream_index];
  gint64 t, due, now;

  t = tc_pts_to_ns (src, pkt->dts != AV_NOPTS_VALUE ? pkt->dts : pkt->pts,
      st->time_base);
  if (t == TC_TIME_NONE)
    return TRUE;

  now = g_get_monotonic_time () * 1000;
  if (src->rt_pts0 != TC_TIME_NONE) {
    due = src->rt_mono0 + (t - src->rt_pts0);
    /* neither late, nor so far ahead that the clock jumped (tccore.h) */
    if (now - due <= REALTIME_LATE && due - now <= TC_MAX_FORWARD_JUMP) {
      while (now < due) {
        if (check_interrupted (src, error))
          return FALSE;
        g_usleep (MIN (due - now, REALTIME_POLL) / 1000);
        now = g_get_monotonic_time () * 1000;
      }
      return TRUE;
    }
    TC_LOG ("packet at %" G_GINT64_FORMAT " came %" G_GINT64_FORMAT
        " ns late (negative: early): counting from it", t, now - due);
  }
  src->rt_mono0 = now;
  src->rt_wall0 = g_get_real_time () * 1000;
  src->rt_pts0 = t;
  return TRUE;
}

/* The next packet: one read ahead by a seek, or a new one. */
static gint
next_packet (TcSource * src)
{
  AVPacket *pkt = g_queue_pop_head (&src->pending);

  if (pkt == NULL)
    return av_read_frame (src->fmt, src->packet);
  av_packet_move_ref (src->packet, pkt);
  av_packet_free (&pkt);
  return 0;
}

/* Reads one packet and decodes it, its frames going to the outputs (or,
 * in the decode-ahead thread, to the ring).  At the end of the input, or
 * on an error that ends it, the decoders give what they hold and *ended is
 * set: the outputs are drained by the caller (end_outputs()).  The other
 * error is TC_ERROR_INTERRUPTED, after which reading can go on. */
static TcStepResult
read_step (TcSource * src, gboolean * ended, GError ** error)
{
  TcDecoder *dec = NULL;
  gboolean ok;
  gint ret;

  *ended = FALSE;
  if (is_interrupted (src)) {
    g_set_error (error, TC_ERROR, TC_ERROR_INTERRUPTED, "interrupted");
    return TC_STEP_ERROR;
  }

  src->seek_refused = FALSE;
  ret = next_packet (src);
  if (ret == AVERROR (EAGAIN))
    return TC_STEP_OK;
  if (ret == AVERROR_EXIT) {
    g_set_error (error, TC_ERROR, TC_ERROR_INTERRUPTED, "interrupted");
    return TC_STEP_ERROR;
  }
  if (ret == AVERROR_EOF) {
    TC_LOG ("end of input");
    *ended = TRUE;
    return drain_decoders (src, error) ? TC_STEP_EOS : TC_STEP_ERROR;
  }
  if (ret < 0 || src->refused != NULL) {
    /* keep what was decoded: deliver it as the end of the stream, then
     * report the read error */
    /* damaged data is the stream's fault; anything else (a timeout, a
     * connection lost, a device gone) the resource's */
    if (!check_refused (src, error)
        && !(ret < 0 && check_seek_refused (src, error)))
      tc_set_av_error (error, ret == AVERROR_INVALIDDATA ? TC_ERROR_DECODE :
          TC_ERROR_OPEN, ret, "reading %s failed",
          src->fmt->url[0] ? src->fmt->url : "the input");
    av_packet_unref (src->packet);
    drain_decoders (src, NULL);
    *ended = TRUE;
    return TC_STEP_ERROR;
  }

  if (src->realtime && !src->is_device && !pace (src, src->packet, error)) {
    /* the packet was read: keep it for the next step */
    AVPacket *pkt = av_packet_alloc ();

    if (pkt != NULL) {
      av_packet_move_ref (pkt, src->packet);
      g_queue_push_head (&src->pending, pkt);
    } else {
      av_packet_unref (src->packet);
    }
    return TC_STEP_ERROR;
  }

  /* streams that appear mid-stream (mpegts) are not in the table: unread */
  if ((guint) src->packet->stream_index < src->n_streams)
    dec = src->decoders[src->packet->stream_index];
  if (dec != NULL && src->packet->duration > 0)
    dec->max_packet_duration = MAX (dec->max_packet_duration,
        av_rescale_q (src->packet->duration, dec->stream->time_base,
            TC_NS_BASE));
  /* a decoder whose outputs were all removed while the decode-ahead thread
   * ran waits for it to stop to be freed: it decodes no more */
  if (dec != NULL && atomic_load (&dec->unused))
    dec = NULL;
  ok = dec == NULL || decode_packet (src, dec, src->packet, error);
  av_packet_unref (src->packet);
  if (!ok) {
    /* as after a read error: what was decoded is delivered, then the
     * error is reported */
    drain_decoders (src, NULL);
    *ended = TRUE;
    return TC_STEP_ERROR;
  }
  return TC_STEP_OK;
}

/* The input ended (result EOS) or failed for good (ERROR, error set): the
 * filter graphs give what they hold, the outputs their last chunks. */
static TcStepResult
end_outputs (TcSource * src, TcStepResult result, GError ** error)
{
  src->eos = TRUE;
  if (result == TC_STEP_EOS)
    return drain_outputs (src, error) ? TC_STEP_EOS : TC_STEP_ERROR;
  drain_outputs (src, NULL);
  return TC_STEP_ERROR;
}

/* ------------------------------------------------------------------------ */
/* Decode ahead */

/* The ring holds up to the frames asked for, of the largest size seen; at
 * least AHEAD_MIN_BYTES of smaller ones (an AAC frame is 8 KiB: a ring of
 * 8 of them would hand over each frame on its own), in at most
 * MAX (asked, AHEAD_MIN_SLOTS) frames. */
#define AHEAD_MIN_SLOTS 32
#define AHEAD_MIN_BYTES (2 * 1024 * 1024)
/* A wait for a batch of frames gives up after this long (µs): a thread
 * slowed by its input must not hold back the frames it has decoded. */
#define AHEAD_BATCH_WAIT (2 * G_TIME_SPAN_MILLISECOND)

static gsize
frame_bytes (const AVFrame * frame)
{
  gsize n = 0;
  gint i;

  for (i = 0; i < AV_NUM_DATA_POINTERS && frame->buf[i]; i++)
    n += frame->buf[i]->size;
  for (i = 0; i < frame->nb_extended_buf; i++)
    n += frame->extended_buf[i]->size;
  return n;
}

/* Called with ahead_lock.  Handing over frames one by one would wake the
 * other thread for each (on a VM, an interrupt each: for an hour of AAC,
 * 170000 of them, seconds of CPU), so each side waits for the other to
 * have done some work: the thread, when the ring is full, until it is
 * half empty; a step, when it is empty, until a batch is there. */
static gboolean
ahead_full (TcSource * src, gsize more)
{
  return src->ahead_count > 0 && (src->ahead_count == src->ahead_capacity
      || src->ahead_bytes + more > src->ahead_budget);
}

static gboolean
ahead_half_empty (TcSource * src)
{
  return src->ahead_count <= src->ahead_capacity / 2
      && src->ahead_bytes <= src->ahead_budget / 2;
}

static gboolean
ahead_batch (TcSource * src)
{
  return src->ahead_count > 0 && (src->ahead_count >= src->ahead_capacity / 4
      || src->ahead_bytes >= src->ahead_budget / 4);
}

static void
ahead_free_ring (TcSource * src)
{
  guint i;

  for (i = 0; i < src->ahead_capacity; i++)
    av_frame_free (&src->ahead_ring[i].frame);
  g_clear_pointer (&src->ahead_ring, g_free);
  src->ahead_capacity = src->ahead_head = src->ahead_count = 0;
}

static gboolean
ahead_has_frames (TcSource * src)
{
  return src->ahead_count > 0 || !g_queue_is_empty (&src->ahead_overflow);
}

/* The decode-ahead thread: queues @frame (taking its data), waiting for
 * room in the ring.  A thread asked to stop, or interrupted, keeps what
 * the packet it is decoding still gives in the overflow, after the ring, so
 * that no frame is lost when it is started again. */
static void
ahead_put (TcSource * src, TcDecoder * dec, AVFrame * frame)
{
  gsize bytes = frame_bytes (frame);
  TcAheadItem *item;

  g_mutex_lock (&src->ahead_lock);
  if (bytes > src->ahead_largest) {
    src->ahead_largest = bytes;
    src->ahead_budget = MAX (src->ahead_wanted * bytes, AHEAD_MIN_BYTES);
  }
  if (ahead_full (src, bytes) && !src->ahead_stop && !is_interrupted (src)) {
    src->ahead_producer_waiting = TRUE;
    g_cond_broadcast (&src->ahead_cond);
    while (ahead_full (src, bytes) && !src->ahead_stop && !is_interrupted (src))
      g_cond_wait (&src->ahead_cond, &src->ahead_lock);
    src->ahead_producer_waiting = FALSE;
  }
  if (!ahead_full (src, bytes) && src->ahead_count < src->ahead_capacity
      && g_queue_is_empty (&src->ahead_overflow)) {
    item = &src->ahead_ring[(src->ahead_head + src->ahead_count) %
        src->ahead_capacity];
    item->dec = dec;
    av_frame_move_ref (item->frame, frame);
    src->ahead_count++;
    src->ahead_bytes += bytes;
  } else {
    item = g_new (TcAheadItem, 1);
    item->dec = dec;
    item->frame = av_frame_alloc ();
    if (item->frame != NULL) {
      av_frame_move_ref (item->frame, frame);
      g_queue_push_tail (&src->ahead_overflow, item);
    } else {
      TC_LOG ("out of memory: a frame of stream %d dropped", dec->stream_index);
      av_frame_unref (frame);
      g_free (item);
    }
  }
  /* the first frame starts the step's wait for a batch */
  if (src->ahead_consumer_waiting && (src->ahead_count == 1
          || ahead_batch (src) || !g_queue_is_empty (&src->ahead_overflow)))
    g_cond_broadcast (&src->ahead_cond);
  g_mutex_unlock (&src->ahead_lock);
}

/* Called with ahead_lock: moves the oldest queued frame into
 * src->ahead_frame and returns its decoder (NULL: a decoder now gone). */
static TcDecoder *
ahead_take (TcSource * src)
{
  TcAheadItem *item;
  TcDecoder *dec;

  if (src->ahead_count > 0) {
    item = &src->ahead_ring[src->ahead_head];
    dec = item->dec;
    src->ahead_bytes -= MIN (src->ahead_bytes, frame_bytes (item->frame));
    av_frame_move_ref (src->ahead_frame, item->frame);
    src->ahead_head = (src->ahead_head + 1) % src->ahead_capacity;
    src->ahead_count--;
    if (src->ahead_producer_waiting && ahead_half_empty (src))
      g_cond_broadcast (&src->ahead_cond);
    return dec;
  }
  item = g_queue_pop_head (&src->ahead_overflow);
  dec = item->dec;
  av_frame_move_ref (src->ahead_frame, item->frame);
  av_frame_free (&item->frame);
  g_free (item);
  return dec;
}

/* Reads and decodes until the end, a stop, or an interrupt: the caller
 * interrupts before it stops or seeks, and the thread must not go on
 * reading (blocking in a network read, say) once the caller has cleared
 * the interrupt to remove an output or to close.  The next step starts it
 * again where it left off, as a step does after an interrupted read. */
static gpointer
ahead_thread_func (gpointer data)
{
  TcSource *src = data;
  TcStepResult result = TC_STEP_OK;
  GError *error = NULL;
  gboolean ended = FALSE;

  g_mutex_lock (&src->ahead_lock);
  while (!src->ahead_stop && !is_interrupted (src)) {
    g_mutex_unlock (&src->ahead_lock);
    g_clear_error (&error);
    result = read_step (src, &ended, &error);
    g_mutex_lock (&src->ahead_lock);
    if (ended || result == TC_STEP_ERROR)
      break;
  }
  if (ended) {
    src->ahead_ended = TRUE;
    src->ahead_result = result;
    src->ahead_error = g_steal_pointer (&error);
  }
  src->ahead_exited = TRUE;
  g_cond_broadcast (&src->ahead_cond);
  g_mutex_unlock (&src->ahead_lock);
  g_clear_error (&error);
  return NULL;
}

static gboolean
ahead_start (TcSource * src)
{
  GError *error = NULL;
  guint i;

  if (src->ahead_capacity != MAX (src->ahead_wanted, AHEAD_MIN_SLOTS)) {
    ahead_free_ring (src);
    src->ahead_capacity = MAX (src->ahead_wanted, AHEAD_MIN_SLOTS);
    src->ahead_ring = g_new0 (TcAheadItem, src->ahead_capacity);
    for (i = 0; i < src->ahead_capacity; i++) {
      src->ahead_ring[i].frame = av_frame_alloc ();
      if (src->ahead_ring[i].frame == NULL)
        goto no_memory;
    }
  }
  if (src->ahead_frame == NULL
      && (src->ahead_frame = av_frame_alloc ()) == NULL)
    goto no_memory;

  src->ahead_running = TRUE;
  src->ahead_thread = g_thread_try_new ("tc-decode", ahead_thread_func, src,
      &error);
  if (src->ahead_thread == NULL) {
    TC_LOG ("no decode-ahead thread, decoding in step: %s", error->message);
    g_clear_error (&error);
    src->ahead_running = FALSE;
    return FALSE;
  }
  return TRUE;

no_memory:
  ahead_free_ring (src);
  return FALSE;
}

void
tc_source_ahead_stop (TcSource * src, gboolean abort)
{
  if (src->ahead_thread == NULL)
    return;
  g_mutex_lock (&src->ahead_lock);
  src->ahead_stop = TRUE;
  if (abort)
    atomic_store (&src->aborting, 1);
  g_cond_broadcast (&src->ahead_cond);
  g_mutex_unlock (&src->ahead_lock);

  g_thread_join (src->ahead_thread);
  src->ahead_thread = NULL;
  src->ahead_running = FALSE;
  src->ahead_stop = FALSE;
  src->ahead_exited = FALSE;
  atomic_store (&src->aborting, 0);
  /* the decoders of removed outputs the thread was still using */
  tc_source_free_unused_decoders (src);
}

/* A decoder is freed: its frames still queued go nowhere. */
void
tc_source_ahead_forget (TcSource * src, TcDecoder * dec)
{
  GList *l;
  guint i;

  g_assert (src->ahead_thread == NULL);
  for (i = 0; i < src->ahead_count; i++) {
    TcAheadItem *item = &src->ahead_ring[(src->ahead_head + i) %
        src->ahead_capacity];
    if (item->dec == dec)
      item->dec = NULL;
  }
  for (l = src->ahead_overflow.head; l != NULL; l = l->next) {
    TcAheadItem *item = l->data;
    if (item->dec == dec)
      item->dec = NULL;
  }
}

/* Stops the thread, dropping what it read (a seek or a close). */
static void
ahead_reset (TcSource * src)
{
  TcAheadItem *item;

  tc_source_ahead_stop (src, TRUE);
  while (src->ahead_count > 0) {
    av_frame_unref (src->ahead_ring[src->ahead_head].frame);
    src->ahead_head = (src->ahead_head + 1) % src->ahead_capacity;
    src->ahead_count--;
  }
  src->ahead_bytes = 0;
  while ((item = g_queue_pop_head (&src->ahead_overflow))) {
    av_frame_free (&item->frame);
    g_free (item);
  }
  src->ahead_ended = FALSE;
  g_clear_error (&src->ahead_error);
}

/* A step with decode ahead, or with frames it left: filters the next
 * decoded frame, waiting for one. */
static TcStepResult
ahead_step (TcSource * src, gboolean wanted, GError ** error)
{
  TcStepResult result;
  TcDecoder *dec;
  GError *ahead_error;

  /* what the thread left is taken first, even when no longer wanted */
  if (src->ahead_thread == NULL && !ahead_has_frames (src)
      && !src->ahead_ended && (!wanted || !ahead_start (src))) {
    gboolean ended;

    result = read_step (src, &ended, error);
    return ended ? end_outputs (src, result, error) : result;
  }

  g_mutex_lock (&src->ahead_lock);
  if (!ahead_has_frames (src)) {
    gint64 deadline = 0;

    /* as long as it takes for a first frame, then for a batch, or a
     * little while */
    src->ahead_consumer_waiting = TRUE;
    while (!src->ahead_ended && !src->ahead_exited
        && !atomic_load (&src->interrupted)) {
      if (!ahead_has_frames (src)) {
        g_cond_wait (&src->ahead_cond, &src->ahead_lock);
        continue;
      }
      if (ahead_batch (src) || src->ahead_producer_waiting
          || src->ahead_count == 0)
        break;
      if (deadline == 0)
        deadline = g_get_monotonic_time () + AHEAD_BATCH_WAIT;
      if (!g_cond_wait_until (&src->ahead_cond, &src->ahead_lock, deadline))
        break;
    }
    src->ahead_consumer_waiting = FALSE;
  }

  if (ahead_has_frames (src)) {
    dec = ahead_take (src);
    g_mutex_unlock (&src->ahead_lock);
    if (dec == NULL || deliver_frame (src, dec, src->ahead_frame, error)) {
      av_frame_unref (src->ahead_frame);
      return TC_STEP_OK;
    }
    av_frame_unref (src->ahead_frame);
    goto output_error;
  }

  if (src->ahead_ended) {
    result = src->ahead_result;
    ahead_error = g_steal_pointer (&src->ahead_error);
    src->ahead_ended = FALSE;
    g_mutex_unlock (&src->ahead_lock);
    tc_source_ahead_stop (src, FALSE);
    if (ahead_error != NULL)
      g_propagate_error (error, ahead_error);
    return end_outputs (src, result, error);
  }

  g_mutex_unlock (&src->ahead_lock);
  /* The thread left on an interrupt: it starts again at the next step.
   * Once the interrupt is over (a seek that was refused, say), that is no
   * error: the caller would take it for one more interrupt. */
  if (src->ahead_exited) {
    tc_source_ahead_stop (src, FALSE);
    if (!atomic_load (&src->interrupted))
      return TC_STEP_OK;
  }
  g_set_error (error, TC_ERROR, TC_ERROR_INTERRUPTED, "interrupted");
  return TC_STEP_ERROR;

output_error:
  /* as without the thread: what was decoded is delivered, then the
   * error is reported */
  tc_source_ahead_stop (src, FALSE);
  while (ahead_has_frames (src)) {
    dec = ahead_take (src);
    if (dec != NULL)
      deliver_frame (src, dec, src->ahead_frame, NULL);
    av_frame_unref (src->ahead_frame);
  }
  src->ahead_ended = FALSE;
  g_clear_error (&src->ahead_error);
  drain_decoders (src, NULL);
  return end_outputs (src, TC_STEP_ERROR, NULL);
}

void
tc_source_set_decode_ahead (TcSource * src, guint frames)
{
  g_return_if_fail (src != NULL);
  if (frames == src->ahead_wanted)
    return;
  /* the new size is the ring's when the thread starts again */
  tc_source_ahead_stop (src, FALSE);
  src->ahead_wanted = frames;
}

TcStepResult
tc_source_step (TcSource * src, GError ** error)
{
  TcStepResult result;
  gboolean ended, wanted;

  g_return_val_if_fail (src != NULL, TC_STEP_ERROR);

  if (!check_open (src, error))
    return TC_STEP_ERROR;
  if (src->eos)
    return TC_STEP_EOS;
  if (check_interrupted (src, error))
    return TC_STEP_ERROR;

  /* Pacing and capture times are taken where packets are read: real-time
   * reading and devices decode in this thread. */
  wanted = src->ahead_wanted > 0 && !src->realtime && !src->is_device;
  if (wanted || ahead_has_frames (src) || src->ahead_ended
      || src->ahead_thread != NULL)
    return ahead_step (src, wanted, error);

  result = read_step (src, &ended, error);
  return ended ? end_outputs (src, result, error) : result;
}

/* Reads ahead until every decoded stream shows its first packet (or the
 * input ends), keeping the packets for the next steps, and returns the
 * time the outputs' first chunks will start at. */
static gint64
peek_landed (TcSource * src, GError ** error)
{
  gint64 *first = g_new (gint64, src->n_streams);
  guint i, waiting = 0, n_packets = 0;
  gsize bytes = 0;
  gint64 landed = TC_TIME_NONE;

  for (i = 0; i < src->n_streams; i++) {
    first[i] = AV_NOPTS_VALUE;
    waiting += src->decoders[i] != NULL;
  }
  while (waiting > 0 && n_packets < PEEK_MAX_PACKETS && bytes < PEEK_MAX_BYTES) {
    AVPacket *pkt;
    gint64 ts;
    gint ret = av_read_frame (src->fmt, src->packet);

    if (ret == AVERROR (EAGAIN))
      continue;
    if (ret < 0) {
      if (ret == AVERROR_EXIT)
        g_set_error (error, TC_ERROR, TC_ERROR_INTERRUPTED, "interrupted");
      /* other errors come again at the next step */
      break;
    }
    i = src->packet->stream_index;
    if (i >= src->n_streams || src->decoders[i] == NULL) {
      av_packet_unref (src->packet);
      continue;
    }
    ts = src->packet->pts != AV_NOPTS_VALUE ? src->packet->pts :
        src->packet->dts;
    if (first[i] == AV_NOPTS_VALUE && ts != AV_NOPTS_VALUE) {
      first[i] = ts;
      waiting--;
    }
    n_packets++;
    bytes += src->packet->size;
    pkt = av_packet_alloc ();
    av_packet_move_ref (pkt, src->packet);
    g_queue_push_tail (&src->pending, pkt);
  }

  for (i = 0; i < src->outputs->len; i++) {
    TcOutput *out = g_ptr_array_index (src->outputs, i);
    gint64 t;

    if (out == NULL || first[out->dec->stream_index] == AV_NOPTS_VALUE)
      continue;
    t = tc_output_first_time (out, first[out->dec->stream_index],
        out->dec->stream->time_base);
    if (landed == TC_TIME_NONE || t < landed)
      landed = t;
  }
  TC_LOG ("peeked %u packets, landed at %" G_GINT64_FORMAT, n_packets, landed);
  g_free (first);
  return landed;
}

gboolean
tc_source_seek (TcSource * src, gint64 target, gboolean accurate,
    gint64 * landed, GError ** error)
{
  GError *peek_error = NULL;
  gint64 ts, where;
  guint i;
  gint ret;

  g_return_val_if_fail (src != NULL, FALSE);

  if (landed)
    *landed = TC_TIME_NONE;
  if (!check_open (src, error) || check_interrupted (src, error))
    return FALSE;
  if (!tc_source_is_seekable (src)) {
    g_set_error (error, TC_ERROR, TC_ERROR_SEEK,
        "cannot seek in this source (%s%s)", src->fmt->iformat->name,
        src->is_device ? ", a capture device" : src->fmt->pb ?
        ", a stream that cannot seek" : "");
    return FALSE;
  }
  target = CLAMP (target, 0, TC_MAX_TIME);
  /* what the decode-ahead thread read is from before the seek */
  ahead_reset (src);

  /* the seed's seek: the key frame at or before the target, on the
   * default stream; other streams follow the demuxer */
  ts = av_rescale_q (target + src->start_time, TC_NS_BASE, AV_TIME_BASE_Q);
  ret = avformat_seek_file (src->fmt, -1, G_MININT64, ts, ts, 0);
  if (ret < 0 && ret != AVERROR_EXIT) {
    /* no key frame before ts (the first one is late): the seed's range
     * accepts the one after */
    ret = avformat_seek_file (src->fmt, -1, G_MININT64, ts, G_MAXINT64, 0);
  }
  if (ret < 0) {
    tc_set_av_error (error, ret == AVERROR_EXIT ? TC_ERROR_INTERRUPTED :
        TC_ERROR_SEEK, ret, "seeking to %.3f s failed",
        (gdouble) target / TC_SECOND);
    return FALSE;
  }

  clear_pending (src);
  for (i = 0; i < src->n_streams; i++) {
    if (src->decoders[i] && !tc_decoder_reopen (src->decoders[i], error))
      return FALSE;
  }
  for (i = 0; i < src->outputs->len; i++) {
    TcOutput *out = g_ptr_array_index (src->outputs, i);
    if (out && !tc_output_reset (out, accurate ? target : TC_TIME_NONE, error))
      return FALSE;
  }
  src->eos = FALSE;

  where = accurate ? target : peek_landed (src, &peek_error);
  if (peek_error) {
    g_propagate_error (error, peek_error);
    return FALSE;
  }
  TC_LOG ("seek to %" G_GINT64_FORMAT " (%s) landed at %" G_GINT64_FORMAT,
      target, accurate ? "accurate" : "key", where);
  if (landed)
    *landed = where;
  return TRUE;
}
