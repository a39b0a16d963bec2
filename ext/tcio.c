/* tensorchunker core: what a source may open, its custom input, interrupts
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

#include <libavdevice/avdevice.h>
#include <libavutil/avstring.h>

#define IO_BUFFER_SIZE (64 * 1024)

/* What a network source may use underneath its own protocol: HTTP(S)
 * segments, keys and redirects of a playlist, and their transports. */
#define NETWORK_PROTOCOLS "http,https,tls,tcp,crypto"

/* FFmpeg's own io_open, which the core's wraps. */
static int (*default_io_open) (AVFormatContext * s, AVIOContext ** pb,
    const char *url, int flags, AVDictionary ** options);

static gpointer
init_ffmpeg (gpointer data)
{
  AVFormatContext *fmt;

  /* FFmpeg writes nothing on stderr: its messages go through the core */
  tc_log_init ();
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

/* Once, before any source opens. */
void
tc_io_init (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, init_ffmpeg, NULL);
}

/* The caller's interrupt, or a stop of the decode-ahead thread that
 * aborts what it reads. */
gboolean
tc_io_is_interrupted (TcSource * src)
{
  return atomic_load (&src->interrupted) || tc_ahead_aborting (&src->ahead);
}

static int
interrupt_cb (void *opaque)
{
  return tc_io_is_interrupted (opaque);
}

/* A read cut by an interrupt leaves its AVERROR_EXIT in the AVIOContext:
 * its buffer reads nothing more (eof_reached), and at the end of the input
 * av_read_frame() returns that error in place of AVERROR_EOF.  Once the
 * interrupt is over, it is forgotten, and reading starts again where the
 * cut read left off.  TRUE when there was one to forget. */
gboolean
tc_io_forget_interrupt (TcSource * src)
{
  AVIOContext *pb = src->fmt != NULL ? src->fmt->pb : NULL;

  if (pb == NULL || pb->error != AVERROR_EXIT)
    return FALSE;
  TC_LOG ("an interrupted read forgotten");
  pb->error = 0;
  pb->eof_reached = 0;
  return TRUE;
}

/* The caller's interrupt; tc_io_is_interrupted() also tells the
 * decode-ahead thread, and the reads it makes, to leave. */
gboolean
tc_io_check_interrupted (TcSource * src, GError ** error)
{
  if (!atomic_load (&src->interrupted))
    return FALSE;
  g_set_error (error, TC_ERROR, TC_ERROR_INTERRUPTED, "interrupted");
  return TRUE;
}

gboolean
tc_io_check_open (TcSource * src, GError ** error)
{
  if (src->fmt != NULL)
    return TRUE;
  g_set_error (error, TC_ERROR, TC_ERROR_FAILED, "the source is not open");
  return FALSE;
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
    TC_INFO ("refused to open %s: %s not in %s", url, proto,
        s->protocol_whitelist);
    return AVERROR (EPERM);
  }
  return default_io_open (s, pb, url, flags, options);
}

/* Sets the error of a seek a stream could not do, if one was asked for.
 * Only for an operation that failed: demuxers try seeks they can do
 * without (wav, mp3), so a refused seek alone is no error. */
gboolean
tc_io_check_seek_refused (TcSource * src, GError ** error)
{
  const gchar *url = src->fmt && src->fmt->url && src->fmt->url[0] ?
      src->fmt->url : NULL;

  if (!src->seek_refused)
    return FALSE;
  if (src->io_seek != NULL) {
    g_set_error (error, TC_ERROR, TC_ERROR_SEEK, "the %s demuxer had to "
        "seek in %s%s%s, and the seek failed", src->fmt && src->fmt->iformat ?
        src->fmt->iformat->name : "input", url ? "'" : "",
        url ? url : "the byte stream", url ? "'" : "");
    return TRUE;
  }
  g_set_error (error, TC_ERROR, TC_ERROR_SEEK, "%s%s%s needs a seekable "
      "input: the %s demuxer had to seek back in it (as for an MP4 with its "
      "index at the end), and the input cannot seek", url ? "'" : "",
      url ? url : "the byte stream", url ? "'" : "",
      src->fmt && src->fmt->iformat ? src->fmt->iformat->name : "input");
  return TRUE;
}

/* Sets the error of a refused URL, if any. */
gboolean
tc_io_check_refused (TcSource * src, GError ** error)
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
gchar *
tc_io_default_protocols (const gchar * url, const AVInputFormat * ifmt,
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

  if (tc_io_is_interrupted (src))
    return AVERROR_EXIT;
  n = src->io_read (src->io_data, buf, size);
  if (n == 0)
    return AVERROR_EOF;
  /* a read that gave up because the caller interrupted us (waking a
   * reader that waits for data) is the interruption, not an I/O error */
  if (n < 0 && tc_io_is_interrupted (src))
    return AVERROR_EXIT;
  return n < 0 ? AVERROR (EIO) : n;
}

static int64_t
io_seek (void *opaque, int64_t offset, int whence)
{
  TcSource *src = opaque;
  gint64 ret;

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
  ret = src->io_seek (src->io_data, offset, whence & ~AVSEEK_FORCE);
  /* A seek function that fails (upstream refused, or sent nothing after
   * the seek) explains the failure that follows, as for a stream; one that
   * gave up on the interrupt is the interruption. */
  if (ret < 0 && tc_io_is_interrupted (src))
    return AVERROR_EXIT;
  if (ret < 0) {
    TC_LOG ("the seek to %" G_GINT64_FORMAT " failed", (gint64) offset);
    src->seek_refused = TRUE;
    return AVERROR (EIO);
  }
  return ret;
}


/* A custom input reading through read and seek (NULL: a stream). */
gboolean
tc_io_new_custom (TcSource * src, TcReadFunc read, TcSeekFunc seek,
    gpointer io_data, GError ** error)
{
  guint8 *buffer = av_malloc (IO_BUFFER_SIZE);

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
  return TRUE;
}

void
tc_io_free_custom (TcSource * src)
{
  if (src->avio) {
    av_freep (&src->avio->buffer);
    avio_context_free (&src->avio);
  }
  src->io_read = NULL;
  src->io_seek = NULL;
  src->io_data = NULL;
  src->seek_refused = FALSE;
  g_clear_pointer (&src->refused, g_free);
}

/* A format context whose opens go through the core's checks, and whose
 * blocking calls the source's interrupt ends. */
AVFormatContext *
tc_io_new_context (TcSource * src)
{
  AVFormatContext *fmt = avformat_alloc_context ();

  if (fmt == NULL)
    return NULL;
  fmt->interrupt_callback.callback = interrupt_cb;
  fmt->interrupt_callback.opaque = src;
  fmt->io_open = io_open_checked;
  if (src->avio) {
    fmt->pb = src->avio;
    fmt->flags |= AVFMT_FLAG_CUSTOM_IO;
  }
  return fmt;
}

/* Who could have consumed an option: "the wav demuxer or the file
 * protocol", "the lavfi input". */
gchar *
tc_io_option_consumers (TcSource * src, const gchar * url)
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
gboolean
tc_io_opens_underneath (TcSource * src, const gchar * url)
{
  const gchar *proto;

  if (src->avio)
    return FALSE;
  proto = avio_find_protocol_name (url);
  return proto != NULL && av_match_list (proto,
      "async,cache,concat,concatf,crypto,hls,subfile,tee", ',') > 0;
}
