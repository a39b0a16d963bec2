/* tensorchunker core: opening a source, its streams, closing it
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

#include <libavutil/pixdesc.h>

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

/* The input format asked for, NULL (with error set when the name is
 * unknown) when none. */
static gboolean
find_format (const gchar * format, const AVInputFormat ** ifmt, GError ** error)
{
  *ifmt = NULL;
  if (format == NULL || format[0] == '\0')
    return TRUE;
  *ifmt = av_find_input_format (format);
  if (*ifmt != NULL)
    return TRUE;
  g_set_error (error, TC_ERROR, TC_ERROR_FORMAT,
      "unknown input format '%s' (ffmpeg -formats and ffmpeg -devices "
      "list the names)", format);
  return FALSE;
}

/* The options of the open: the caller's, the protocols allowed when the
 * caller does not say (tc_io_default_protocols), and what devices need.
 * *allowed: the protocol whitelist, for the messages. */
static gboolean
open_options (TcSource * src, const gchar * url, const AVInputFormat * ifmt,
    const gchar * const *options, AVDictionary ** opts, gchar ** allowed,
    GError ** error)
{
  const AVDictionaryEntry *whitelist;
  gchar *protocols;

  if (!tc_dict_from_strv (options, "option", opts, error))
    return FALSE;
  if (av_dict_get (*opts, "protocol_whitelist", NULL, 0) == NULL) {
    protocols = tc_io_default_protocols (url, ifmt, src->avio != NULL);
    if (protocols != NULL) {
      TC_LOG ("protocols allowed for %s: %s", url, protocols);
      av_dict_set (opts, "protocol_whitelist", protocols,
          AV_DICT_DONT_STRDUP_VAL);
    }
  }
  whitelist = av_dict_get (*opts, "protocol_whitelist", NULL, 0);
  *allowed = whitelist ? g_strdup (whitelist->value) : NULL;
  /* Devices state their frame rate.  Measuring it, as the probe does for
   * streams with a fine time base, would capture 20 frames (2 s at 10 fps)
   * before the open returns, frames delivered stale afterwards. */
  if (ifmt != NULL && format_is_device (ifmt)
      && av_dict_get (*opts, "fpsprobesize", NULL, 0) == NULL)
    av_dict_set (opts, "fpsprobesize", "0", 0);
  return TRUE;
}

/* The error of a failed avformat_open_input(). */
static void
open_failed (TcSource * src, const gchar * url, const gchar * name,
    const AVInputFormat * ifmt, gint ret, const gchar * allowed,
    GError ** error)
{
  gchar *message;

  if (tc_io_check_refused (src, error) || tc_io_check_seek_refused (src, error))
    return;
  if (ifmt)
    tc_set_av_error (error, open_error_code (ret), ret,
        "could not open '%s' as %s", name, ifmt->name);
  else
    tc_set_av_error (error, open_error_code (ret), ret,
        "could not open '%s'", name);
  /* a protocol refused underneath another (concat: opening file:) fails in
   * FFmpeg with EINVAL, past the core's io_open.  Only such a location gets
   * the hint: a demuxer fails with EINVAL too (the mp3 demuxer misdetecting
   * noise), and a byte stream opens no protocol. */
  if (ret == AVERROR (EINVAL) && allowed != NULL && error && *error
      && tc_io_opens_underneath (src, url)) {
    message = g_strdup_printf ("%s (perhaps a protocol it opens underneath "
        "is not allowed: protocol_whitelist %s)", (*error)->message, allowed);
    g_free ((*error)->message);
    (*error)->message = message;
  }
}

/* Opens the input and checks that every option was used. */
static gboolean
open_input (TcSource * src, const gchar * url, const gchar * name,
    const AVInputFormat * ifmt, AVDictionary ** opts, const gchar * allowed,
    GError ** error)
{
  gchar *who;
  gboolean ok;
  gint ret;

  src->fmt = tc_io_new_context (src);
  if (src->fmt == NULL) {
    g_set_error (error, TC_ERROR, TC_ERROR_FAILED, "out of memory");
    return FALSE;
  }
  /* frees the context on failure */
  ret = avformat_open_input (&src->fmt, url, ifmt, opts);
  if (ret < 0 || src->refused != NULL) {
    open_failed (src, url, name, ifmt, ret, allowed, error);
    return FALSE;
  }
  TC_INFO ("opened '%s' as %s", url, src->fmt->iformat->name);
  who = tc_io_option_consumers (src, url);
  ok = tc_check_leftover (*opts, "option", who, error);
  g_free (who);
  return ok;
}

static gboolean
find_streams (TcSource * src, const gchar * name, GError ** error)
{
  gint ret = avformat_find_stream_info (src->fmt, NULL);

  if (tc_io_check_refused (src, error))
    return FALSE;
  if (ret < 0 && tc_io_check_seek_refused (src, error))
    return FALSE;
  if (ret < 0) {
    tc_set_av_error (error, ret == AVERROR_EXIT ? TC_ERROR_INTERRUPTED :
        TC_ERROR_FORMAT, ret, "could not find the streams of '%s' (%s)",
        name, src->fmt->iformat->name);
    return FALSE;
  }
  if (src->fmt->nb_streams == 0) {
    g_set_error (error, TC_ERROR, TC_ERROR_FORMAT,
        "'%s' has no streams (read as %s)", name, src->fmt->iformat->name);
    return FALSE;
  }
  return TRUE;
}

/* The stream table, the timeline, and what reading needs. */
static gboolean
init_streams (TcSource * src, GError ** error)
{
  guint i;

  src->clock.is_device = format_is_device (src->fmt->iformat);
  src->clock.start_time = 0;
  if (src->fmt->start_time != AV_NOPTS_VALUE) {
    gint64 t = av_rescale_q (src->fmt->start_time, AV_TIME_BASE_Q,
        TC_NS_BASE);

    /* a start beyond TC_MAX_TIME is not one times could be counted from */
    if (t >= -TC_MAX_TIME && t <= TC_MAX_TIME)
      src->clock.start_time = t;
  }
  src->n_streams = src->fmt->nb_streams;
  src->streams = g_new0 (TcStreamInfo, src->n_streams);
  src->first_pts = g_new (gint64, src->n_streams);
  for (i = 0; i < src->n_streams; i++) {
    stream_info_init (&src->streams[i], src->fmt->streams[i]);
    src->first_pts[i] = src->fmt->streams[i]->start_time;
  }
  src->packet = av_packet_alloc ();
  if (!tc_decoders_init (&src->decoders, src->n_streams, &src->ahead)
      || src->packet == NULL) {
    g_set_error (error, TC_ERROR, TC_ERROR_FAILED, "out of memory");
    return FALSE;
  }
  src->eos = FALSE;
  src->position = TC_TIME_NONE;
  src->grid_origin = 0;
  return TRUE;
}

static gboolean
open_common (TcSource * src, const gchar * url, const gchar * format,
    const gchar * const *options, GError ** error)
{
  /* what the messages call the input */
  const gchar *name = src->avio && url[0] == '\0' ? "the byte stream" : url;
  const AVInputFormat *ifmt = NULL;
  AVDictionary *opts = NULL;
  gchar *allowed = NULL;
  gboolean ok = FALSE;

  if (src->fmt != NULL) {
    g_set_error (error, TC_ERROR, TC_ERROR_FAILED,
        "the source is already open: close it first");
    goto done;
  }
  if (!find_format (format, &ifmt, error)
      || !open_options (src, url, ifmt, options, &opts, &allowed, error)
      || tc_io_check_interrupted (src, error)
      || !open_input (src, url, name, ifmt, &opts, allowed, error)
      || !find_streams (src, name, error) || !init_streams (src, error))
    goto done;
  ok = TRUE;
done:
  g_free (allowed);
  av_dict_free (&opts);
  if (!ok)
    tc_source_close (src);
  return ok;
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
  g_return_val_if_fail (src != NULL, FALSE);
  g_return_val_if_fail (read != NULL, FALSE);

  if (src->fmt != NULL) {
    g_set_error (error, TC_ERROR, TC_ERROR_FAILED,
        "the source is already open: close it first");
    return FALSE;
  }
  if (!tc_io_new_custom (src, read, seek, io_data, error))
    return FALSE;
  return open_common (src, name_hint ? name_hint : "", format, options, error);
}

gboolean
tc_source_is_open (TcSource * src)
{
  g_return_val_if_fail (src != NULL, FALSE);
  return src->fmt != NULL;
}

void
tc_source_close (TcSource * src)
{
  guint i;

  g_return_if_fail (src != NULL);

  tc_decoders_reset_ahead (&src->decoders);
  for (i = 0; i < src->outputs->len; i++) {
    TcOutput *out = g_ptr_array_index (src->outputs, i);
    if (out)
      tc_output_free (out);
  }
  g_ptr_array_set_size (src->outputs, 0);
  tc_read_clear_pending (src);
  tc_decoders_clear (&src->decoders);
  for (i = 0; i < src->n_streams; i++)
    stream_info_clear (&src->streams[i]);
  g_clear_pointer (&src->streams, g_free);
  g_clear_pointer (&src->first_pts, g_free);
  src->n_streams = 0;
  av_packet_free (&src->packet);
  avformat_close_input (&src->fmt);
  tc_io_free_custom (src);
  src->eos = FALSE;
  src->clock.is_device = FALSE;
  src->clock.start_time = 0;
  src->clock.rt_pts0 = TC_TIME_NONE;
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

gchar **
tc_source_metadata (TcSource * src)
{
  g_return_val_if_fail (src != NULL, NULL);
  if (src->fmt == NULL)
    return NULL;
  return strv_from_dict (src->fmt->metadata);
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
  if (src->fmt == NULL || src->clock.is_device)
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
  return src->clock.is_device;
}

const gchar *
tc_source_format_name (TcSource * src)
{
  g_return_val_if_fail (src != NULL, NULL);
  return src->fmt ? src->fmt->iformat->name : NULL;
}
