/* tensorchunker core: outputs (decoders, filter graphs, chunks)
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

#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>

#define MAX_SIZE 16384
#define MAX_CHANNELS 64

/* ------------------------------------------------------------------------ */
/* Decoders: one per source stream, shared by the outputs reading it */

static gboolean
options_equal (gchar ** a, const gchar * const *b)
{
  guint na = a ? g_strv_length (a) : 0;
  guint nb = b ? g_strv_length ((gchar **) b) : 0;
  guint i;

  if (na != nb)
    return FALSE;
  for (i = 0; i < na; i++) {
    if (g_strcmp0 (a[i], b[i]) != 0)
      return FALSE;
  }
  return TRUE;
}

static void
decoder_free (TcDecoder * dec)
{
  avcodec_free_context (&dec->ctx);
  g_free (dec->name);
  g_strfreev (dec->options);
  g_free (dec);
}

static AVCodecContext *
open_context (TcDecoder * dec, const AVCodec * codec, AVDictionary ** opts,
    GError ** error)
{
  AVCodecContext *ctx = avcodec_alloc_context3 (codec);
  gint ret;

  if (ctx == NULL) {
    g_set_error (error, TC_ERROR, TC_ERROR_FAILED, "out of memory");
    return NULL;
  }
  ret = avcodec_parameters_to_context (ctx, dec->stream->codecpar);
  if (ret < 0) {
    tc_set_av_error (error, TC_ERROR_DECODER, ret,
        "could not set up the %s decoder for stream %d", codec->name,
        dec->stream_index);
    goto fail;
  }
  ctx->pkt_timebase = dec->stream->time_base;
  /* as many threads as cores, frame and slice threading; a "threads"
   * decoder option overrides the count */
  ctx->thread_count = 0;
  ctx->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
  ret = avcodec_open2 (ctx, codec, opts);
  if (ret < 0) {
    tc_set_av_error (error, TC_ERROR_DECODER, ret,
        "could not open the %s decoder for stream %d", codec->name,
        dec->stream_index);
    goto fail;
  }
  return ctx;

fail:
  avcodec_free_context (&ctx);
  return NULL;
}

/* After a seek: a decoder in the state of a new one.  avcodec_flush_buffers()
 * is not enough to decode what the seed decodes, whose decoder has only ever
 * seen the new position: a flushed AAC decoder keeps state from before the
 * seek, and its first frame after it differed from the seed's by up to 0.07
 * (seed.mp4-like input, seek to 10 s after reading a few packets). */
gboolean
tc_decoder_reopen (TcDecoder * dec, GError ** error)
{
  const AVCodec *codec = dec->ctx->codec;
  AVDictionary *opts = NULL;
  AVCodecContext *ctx;

  if (!tc_dict_from_strv ((const gchar * const *) dec->options,
          "decoder option", &opts, error))
    return FALSE;
  ctx = open_context (dec, codec, &opts, error);
  av_dict_free (&opts);
  if (ctx == NULL)
    return FALSE;
  avcodec_free_context (&dec->ctx);
  dec->ctx = ctx;
  dec->n_failures = 0;
  return TRUE;
}

static TcDecoder *
decoder_open (TcSource * src, gint index, const gchar * name,
    const gchar * const *options, GError ** error)
{
  AVStream *st = src->fmt->streams[index];
  const AVCodec *codec;
  AVDictionary *opts = NULL;
  TcDecoder *dec = NULL;
  gchar *leftover;

  if (name != NULL) {
    codec = avcodec_find_decoder_by_name (name);
    if (codec == NULL) {
      g_set_error (error, TC_ERROR, TC_ERROR_DECODER,
          "unknown decoder '%s' (ffmpeg -decoders lists them)", name);
      goto fail;
    }
    if (codec->type != st->codecpar->codec_type) {
      g_set_error (error, TC_ERROR, TC_ERROR_DECODER,
          "decoder '%s' decodes %s, but stream %d is %s", name,
          av_get_media_type_string (codec->type), index,
          av_get_media_type_string (st->codecpar->codec_type));
      goto fail;
    }
  } else {
    codec = avcodec_find_decoder (st->codecpar->codec_id);
    if (codec == NULL) {
      g_set_error (error, TC_ERROR, TC_ERROR_DECODER,
          "no decoder for stream %d (codec %s)", index,
          avcodec_get_name (st->codecpar->codec_id));
      goto fail;
    }
  }
  if (!tc_dict_from_strv (options, "decoder option", &opts, error))
    goto fail;

  dec = g_new0 (TcDecoder, 1);
  dec->stream_index = index;
  dec->stream = st;
  dec->name = g_strdup (name);
  dec->options = g_strdupv ((gchar **) options);
  dec->ctx = open_context (dec, codec, &opts, error);
  if (dec->ctx == NULL)
    goto fail;
  leftover = tc_dict_leftover (opts);
  if (leftover != NULL) {
    g_set_error (error, TC_ERROR, TC_ERROR_OPTION,
        "decoder %s %s not used by the %s decoder",
        strchr (leftover, ',') ? "options" : "option", leftover, codec->name);
    g_free (leftover);
    goto fail;
  }
  av_dict_free (&opts);
  TC_LOG ("stream %d: %s decoder, %d threads", index, codec->name,
      dec->ctx->thread_count);
  return dec;

fail:
  av_dict_free (&opts);
  if (dec)
    decoder_free (dec);
  return NULL;
}

static TcDecoder *
decoder_get (TcSource * src, gint index, const TcOutputConfig * config,
    GError ** error)
{
  TcDecoder *dec = src->decoders[index];

  if (dec == NULL) {
    dec = decoder_open (src, index, config->decoder, config->decoder_options,
        error);
    if (dec == NULL)
      return NULL;
    src->decoders[index] = dec;
  } else if (g_strcmp0 (dec->name, config->decoder) != 0
      || !options_equal (dec->options, config->decoder_options)) {
    g_set_error (error, TC_ERROR, TC_ERROR_DECODER,
        "stream %d is already decoded by the %s decoder with other "
        "decoder options for another output: outputs reading one stream "
        "share its decoder, give them the same decoder and decoder-options",
        index, dec->ctx->codec->name);
    return NULL;
  }
  dec->n_users++;
  return dec;
}

static void
decoder_unref (TcSource * src, TcDecoder * dec)
{
  if (--dec->n_users > 0)
    return;
  if (src->ahead_thread != NULL) {
    /* the decode-ahead thread may be decoding with it right now */
    atomic_store (&dec->unused, 1);
    return;
  }
  tc_source_ahead_forget (src, dec);
  src->decoders[dec->stream_index] = NULL;
  decoder_free (dec);
}

void
tc_source_free_unused_decoders (TcSource * src)
{
  guint i;

  for (i = 0; i < src->n_streams; i++) {
    TcDecoder *dec = src->decoders[i];

    if (dec != NULL && dec->n_users == 0) {
      tc_source_ahead_forget (src, dec);
      src->decoders[i] = NULL;
      decoder_free (dec);
    }
  }
}

/* ------------------------------------------------------------------------ */
/* Configuration */

static gchar *
streams_of_type (TcSource * src, TcMediaType type)
{
  GString *s = NULL;
  guint i;

  for (i = 0; i < src->n_streams; i++) {
    if (src->streams[i].media_type != type)
      continue;
    if (s == NULL)
      s = g_string_new (NULL);
    else
      g_string_append (s, ", ");
    g_string_append_printf (s, "%u", i);
  }
  if (s == NULL)
    return g_strdup_printf ("it has no %s stream", tc_media_type_name (type));
  g_string_prepend (s, " streams: ");
  g_string_prepend (s, tc_media_type_name (type));
  g_string_prepend (s, "its ");
  return g_string_free (s, FALSE);
}

static gint
resolve_stream (TcSource * src, const TcOutputConfig * config, GError ** error)
{
  const gchar *type = tc_media_type_name (config->media_type);
  gint index = config->stream_index;
  gchar *which;

  if (index < 0) {
    index = tc_source_default_stream (src, config->media_type);
    if (index < 0)
      g_set_error (error, TC_ERROR, TC_ERROR_STREAM,
          "the source has no %s stream", type);
    return index;
  }
  if ((guint) index < src->n_streams
      && src->streams[index].media_type == config->media_type)
    return index;

  which = streams_of_type (src, config->media_type);
  if ((guint) index >= src->n_streams)
    g_set_error (error, TC_ERROR, TC_ERROR_STREAM,
        "stream-index %d: the source has %u streams, none of them %s at "
        "index %d (%s)", index, src->n_streams, type, index, which);
  else
    g_set_error (error, TC_ERROR, TC_ERROR_STREAM,
        "stream-index %d: stream %d is %s, not %s (%s)", index, index,
        tc_media_type_name (src->streams[index].media_type), type, which);
  g_free (which);
  return -1;
}

static gboolean
check_size (const gchar * what, gint value, GError ** error)
{
  if (value >= 0 && value <= MAX_SIZE)
    return TRUE;
  g_set_error (error, TC_ERROR, TC_ERROR_FILTER,
      "%s %d is out of range: it must be 1 to %d (0 keeps the source's)",
      what, value, MAX_SIZE);
  return FALSE;
}

/* Validates the audio settings and writes the seed's conversion chain. */
static gboolean
audio_conversions (TcOutput * out, GString * chain, GError ** error)
{
  const TcOutputConfig *c = &out->config;
  const gchar *name = c->sample_format ? c->sample_format : "flt";
  enum AVSampleFormat format = av_get_sample_fmt (name);

  if (c->sample_rate < 0 || c->sample_rate > TC_MAX_SAMPLE_RATE) {
    g_set_error (error, TC_ERROR, TC_ERROR_FILTER,
        "sample-rate %d is out of range: it must be 1 to %d (0 keeps the "
        "source's)", c->sample_rate, TC_MAX_SAMPLE_RATE);
    return FALSE;
  }
  if (c->channels < 0 || c->channels > MAX_CHANNELS) {
    g_set_error (error, TC_ERROR, TC_ERROR_FILTER,
        "channels %d is out of range: it must be 1 to %d (0 keeps the "
        "source's)", c->channels, MAX_CHANNELS);
    return FALSE;
  }
  if (format == AV_SAMPLE_FMT_NONE
      || !tc_sample_format_dtype (format, &out->info.dtype)) {
    g_set_error (error, TC_ERROR, TC_ERROR_FILTER,
        "unknown sample format '%s': use u8, s16, s32, s64, flt, dbl or "
        "their planar forms u8p, s16p, s32p, s64p, fltp, dblp", name);
    return FALSE;
  }
  out->out_format = format;
  out->info.format = av_get_sample_fmt_name (format);

  if (c->sample_rate > 0)
    g_string_append_printf (chain, "aresample=%d,", c->sample_rate);
  g_string_append_printf (chain, "aformat=sample_fmts=%s", out->info.format);
  if (c->channels > 0) {
    AVChannelLayout layout;
    gchar desc[128];
    gboolean native;

    av_channel_layout_default (&layout, c->channels);
    av_channel_layout_describe (&layout, desc, sizeof (desc));
    /* remixing needs a layout: an unordered one cannot be mixed to */
    native = layout.order == AV_CHANNEL_ORDER_NATIVE;
    av_channel_layout_uninit (&layout);
    if (!native)
      goto no_layout;
    g_string_append_printf (chain, ":channel_layouts=%s", desc);
  }
  return TRUE;

no_layout:
  {
    GString *counts = g_string_new (NULL);
    gint n;

    for (n = 1; n <= MAX_CHANNELS; n++) {
      AVChannelLayout layout;

      av_channel_layout_default (&layout, n);
      if (layout.order == AV_CHANNEL_ORDER_NATIVE)
        g_string_append_printf (counts, "%s%d", counts->len ? ", " : "", n);
      av_channel_layout_uninit (&layout);
    }
    g_set_error (error, TC_ERROR, TC_ERROR_FILTER,
        "channels %d: FFmpeg has no standard layout of %d channels to mix "
        "to; it has layouts of %s channels", c->channels, c->channels,
        counts->str);
    g_string_free (counts, TRUE);
    return FALSE;
  }
}

/* Validates the video settings and writes the seed's conversion chain. */
static gboolean
video_conversions (TcOutput * out, GString * chain, GError ** error)
{
  const TcOutputConfig *c = &out->config;
  const gchar *name = c->pixel_format ? c->pixel_format : "rgb24";

  if (c->frame_rate_n < 0 || c->frame_rate_d < 0
      || (c->frame_rate_n > 0 && c->frame_rate_d == 0)) {
    g_set_error (error, TC_ERROR, TC_ERROR_FILTER,
        "frame-rate %d/%d is out of range: it must be positive (0 keeps the "
        "source's)", c->frame_rate_n, c->frame_rate_d);
    return FALSE;
  }
  if (!check_size ("width", c->width, error)
      || !check_size ("height", c->height, error))
    return FALSE;
  out->pixfmt = tc_pixel_format_find (name);
  if (out->pixfmt == NULL) {
    gchar *list = tc_pixel_format_list ();

    if (av_get_pix_fmt (name) == AV_PIX_FMT_NONE)
      g_set_error (error, TC_ERROR, TC_ERROR_FILTER,
          "unknown pixel format '%s': use one of %s", name, list);
    else
      g_set_error (error, TC_ERROR, TC_ERROR_FILTER,
          "pixel format '%s' cannot be made into a tensor: use one of %s",
          name, list);
    g_free (list);
    return FALSE;
  }
  out->out_format = out->pixfmt->format;
  out->info.format = out->pixfmt->name;
  out->info.dtype = out->pixfmt->dtype;
  out->info.depth = out->pixfmt->depth;

  if (c->frame_rate_n > 0 && c->frame_rate_d == 1)
    g_string_append_printf (chain, "fps=%d,", c->frame_rate_n);
  else if (c->frame_rate_n > 0)
    g_string_append_printf (chain, "fps=%d/%d,", c->frame_rate_n,
        c->frame_rate_d);
  if (c->width > 0 && c->height > 0)
    g_string_append_printf (chain, "scale=width=%d:height=%d,", c->width,
        c->height);
  else if (c->width > 0)
    /* the height said too: scale takes a lone width for a size ("16" is
     * not one, and the chain failed) */
    g_string_append_printf (chain, "scale=width=%d:height=ih,", c->width);
  else if (c->height > 0)
    g_string_append_printf (chain, "scale=height=%d,", c->height);
  g_string_append_printf (chain, "format=pix_fmts=%s",
      av_get_pix_fmt_name (out->pixfmt->format));
  return TRUE;
}

static void
config_copy (TcOutputConfig * dst, const TcOutputConfig * src)
{
  *dst = *src;
  dst->decoder = g_strdup (src->decoder);
  dst->decoder_options = (const gchar * const *)
      g_strdupv ((gchar **) src->decoder_options);
  dst->filter = g_strdup (src->filter);
  dst->sample_format = g_strdup (src->sample_format);
  dst->pixel_format = g_strdup (src->pixel_format);
}

static void
config_clear (TcOutputConfig * c)
{
  g_free ((gchar *) c->decoder);
  g_strfreev ((gchar **) c->decoder_options);
  g_free ((gchar *) c->filter);
  g_free ((gchar *) c->sample_format);
  g_free ((gchar *) c->pixel_format);
}

/* ------------------------------------------------------------------------ */
/* Filter graphs */

static gboolean
is_audio (TcOutput * out)
{
  return out->config.media_type == TC_MEDIA_AUDIO;
}

/* abuffer needs a layout it can name: an unordered one becomes the default
 * layout of that many channels, as the seed does. */
static void
layout_set (AVChannelLayout * dst, const AVChannelLayout * src)
{
  av_channel_layout_uninit (dst);
  if (src->order == AV_CHANNEL_ORDER_UNSPEC || src->nb_channels == 0)
    av_channel_layout_default (dst, src->nb_channels ? src->nb_channels : 1);
  else
    av_channel_layout_copy (dst, src);
}

static void
input_from_codec (TcOutput * out, TcGraphInput * in)
{
  AVCodecContext *ctx = out->dec->ctx;

  in->format = is_audio (out) ? ctx->sample_fmt : ctx->pix_fmt;
  in->width = ctx->width;
  in->height = ctx->height;
  in->sar = ctx->sample_aspect_ratio;
  in->sample_rate = ctx->sample_rate;
  layout_set (&in->layout, &ctx->ch_layout);
}

static void
input_from_frame (TcOutput * out, const AVFrame * f, TcGraphInput * in)
{
  in->format = f->format;
  in->width = f->width;
  in->height = f->height;
  in->sar = f->sample_aspect_ratio;
  in->sample_rate = f->sample_rate;
  layout_set (&in->layout, &f->ch_layout);
}

static gboolean
input_complete (TcOutput * out, const TcGraphInput * in)
{
  if (in->format < 0)
    return FALSE;
  if (is_audio (out))
    return in->sample_rate > 0 && in->layout.nb_channels > 0;
  return in->width > 0 && in->height > 0;
}

/* The parameters buffersrc cannot change on the fly. */
static gboolean
input_equal (TcOutput * out, const TcGraphInput * a, const TcGraphInput * b)
{
  if (a->format != b->format)
    return FALSE;
  if (is_audio (out))
    return a->sample_rate == b->sample_rate
        && av_channel_layout_compare (&a->layout, &b->layout) == 0;
  return a->width == b->width && a->height == b->height;
}

static void
free_graph (TcOutput * out)
{
  avfilter_graph_free (&out->graph);
  out->buffersrc = NULL;
  out->buffersink = NULL;
  out->graph_eof = FALSE;
}

static gchar *
buffersrc_args (TcOutput * out, const TcGraphInput * in)
{
  AVStream *st = out->dec->stream;
  AVRational tb = st->time_base;
  gchar layout[256];

  if (is_audio (out)) {
    av_channel_layout_describe (&in->layout, layout, sizeof (layout));
    return g_strdup_printf ("time_base=%d/%d:sample_rate=%d:sample_fmt=%s:"
        "channel_layout=%s", tb.num, tb.den, in->sample_rate,
        av_get_sample_fmt_name (in->format), layout);
  }
  /* the seed's arguments, plus the frame rate so that the output's rate is
   * known without an fps filter */
  return g_strdup_printf ("video_size=%dx%d:pix_fmt=%d:time_base=%d/%d:"
      "pixel_aspect=%d/%d:frame_rate=%d/%d", in->width, in->height,
      in->format, tb.num, tb.den, in->sar.num, in->sar.den > 0 ? in->sar.den :
      1, st->avg_frame_rate.den > 0 ? st->avg_frame_rate.num : 0,
      st->avg_frame_rate.den > 0 ? st->avg_frame_rate.den : 1);
}

/* The first filter name in chain that libavfilter does not know, or NULL.
 * FFmpeg only logs the name ("No such filter") and returns EINVAL, so the
 * chain's filter names are looked up here for a message a user can act on:
 * filters are separated by ',' or ';' outside quotes, escapes and [labels]. */
static gchar *
unknown_filter (const gchar * chain)
{
  const gchar *p = chain;

  while (*p) {
    const gchar *name;
    gchar quote = 0;

    while (g_ascii_isspace (*p) || *p == '[') {
      if (*p == '[')
        while (*p && *p != ']')
          p++;
      if (*p)
        p++;
    }
    name = p;
    while (*p && (g_ascii_isalnum (*p) || *p == '_'))
      p++;
    if (p > name) {
      gchar *n = g_strndup (name, p - name);
      if (avfilter_get_by_name (n) == NULL)
        return n;
      g_free (n);
    }
    /* skip the filter's options */
    for (; *p; p++) {
      if (*p == '\\' && p[1])
        p++;
      else if (*p == '\'')
        quote = !quote;
      else if (!quote && (*p == ',' || *p == ';'))
        break;
    }
    if (*p)
      p++;
  }
  return NULL;
}

/* Whether resampling the decoded rate to the asked one stays within
 * TC_MAX_SAMPLE_RATE and TC_MAX_RESAMPLE_RATIO (tccore.h says why). */
static gboolean
check_resampling (TcOutput * out, gint in_rate, GError ** error)
{
  gint64 from = in_rate, to = out->config.sample_rate;

  if (!is_audio (out) || to <= 0 || from == to)
    return TRUE;
  if (from > 0 && from <= TC_MAX_SAMPLE_RATE
      && from * TC_MAX_RESAMPLE_RATIO >= to
      && to * TC_MAX_RESAMPLE_RATIO >= from)
    return TRUE;
  g_set_error (error, TC_ERROR, TC_ERROR_FILTER,
      "stream %d is at %" G_GINT64_FORMAT " Hz: resampling it to %"
      G_GINT64_FORMAT " Hz is refused (rates up to %d Hz, at most %d times "
      "apart)", out->dec->stream_index, from, to, TC_MAX_SAMPLE_RATE,
      TC_MAX_RESAMPLE_RATIO);
  return FALSE;
}

/* buffer/abuffer -> the output's chain -> buffersink/abuffersink, for frames
 * shaped as in. */
static gboolean
build_graph (TcOutput * out, const TcGraphInput * in, GError ** error)
{
  const gchar *desc = out->info.filter_description;
  AVFilterInOut *outputs = NULL;
  AVFilterInOut *inputs = NULL;
  gchar *args = NULL;
  gint ret;

  free_graph (out);
  if (!check_resampling (out, in->sample_rate, error))
    return FALSE;
  if (!is_audio (out) && (in->width > MAX_SIZE || in->height > MAX_SIZE)) {
    g_set_error (error, TC_ERROR, TC_ERROR_FILTER,
        "stream %d has frames of %dx%d: frames wider or taller than %d are "
        "refused", out->dec->stream_index, in->width, in->height, MAX_SIZE);
    return FALSE;
  }
  outputs = avfilter_inout_alloc ();
  inputs = avfilter_inout_alloc ();
  args = buffersrc_args (out, in);
  out->graph = avfilter_graph_alloc ();
  if (out->graph == NULL || outputs == NULL || inputs == NULL) {
    g_set_error (error, TC_ERROR, TC_ERROR_FAILED, "out of memory");
    goto fail;
  }
  ret = avfilter_graph_create_filter (&out->buffersrc,
      avfilter_get_by_name (is_audio (out) ? "abuffer" : "buffer"), "in",
      args, NULL, out->graph);
  if (ret < 0) {
    tc_set_av_error (error, TC_ERROR_FILTER, ret,
        "could not feed stream %d (%s) to a filter graph",
        out->dec->stream_index, args);
    goto fail;
  }
  ret = avfilter_graph_create_filter (&out->buffersink,
      avfilter_get_by_name (is_audio (out) ? "abuffersink" : "buffersink"),
      "out", NULL, NULL, out->graph);
  if (ret < 0) {
    tc_set_av_error (error, TC_ERROR_FILTER, ret,
        "could not create a filter graph sink");
    goto fail;
  }

  outputs->name = av_strdup ("in");
  outputs->filter_ctx = out->buffersrc;
  inputs->name = av_strdup ("out");
  inputs->filter_ctx = out->buffersink;
  ret = avfilter_graph_parse_ptr (out->graph, desc, &inputs, &outputs, NULL);
  if (ret < 0) {
    gchar *unknown = out->user_filter ? unknown_filter (out->user_filter) :
        NULL;

    if (unknown)
      g_set_error (error, TC_ERROR, TC_ERROR_FILTER, "invalid filter '%s': "
          "there is no filter '%s' (ffmpeg -filters lists them)",
          out->user_filter, unknown);
    else if (out->user_filter)
      tc_set_av_error (error, TC_ERROR_FILTER, ret,
          "invalid filter '%s' (ffmpeg -h filter=NAME lists a filter's "
          "options)", out->user_filter);
    else
      tc_set_av_error (error, TC_ERROR_FILTER, ret,
          "invalid filter chain '%s'", desc);
    g_free (unknown);
    goto fail;
  }
  ret = avfilter_graph_config (out->graph, NULL);
  if (ret < 0) {
    tc_set_av_error (error, TC_ERROR_FILTER, ret,
        "the filter chain '%s' does not accept stream %d as it is (%s)",
        desc, out->dec->stream_index, args);
    goto fail;
  }

  out->graph_in.format = in->format;
  out->graph_in.width = in->width;
  out->graph_in.height = in->height;
  out->graph_in.sar = in->sar;
  out->graph_in.sample_rate = in->sample_rate;
  layout_set (&out->graph_in.layout, &in->layout);
  out->have_graph_in = TRUE;
  TC_LOG ("output %d: graph '%s' from %s", out->id, desc, args);
  avfilter_inout_free (&inputs);
  avfilter_inout_free (&outputs);
  g_free (args);
  return TRUE;

fail:
  avfilter_inout_free (&inputs);
  avfilter_inout_free (&outputs);
  g_free (args);
  free_graph (out);
  return FALSE;
}

static void
info_set_dims (TcOutput * out)
{
  TcOutputInfo *info = &out->info;

  info->frames_per_chunk = out->config.frames_per_chunk;
  info->dims[0] = info->frames_per_chunk;
  if (is_audio (out)) {
    info->n_dims = 2;
    info->dims[1] = info->channels;
    info->dims[2] = info->dims[3] = 0;
  } else if (out->config.nhwc) {
    info->n_dims = 4;
    info->dims[1] = info->height;
    info->dims[2] = info->width;
    info->dims[3] = info->depth;
  } else {
    info->n_dims = 4;
    info->dims[1] = info->depth;
    info->dims[2] = info->height;
    info->dims[3] = info->width;
  }
  info->frame_size = tc_dtype_size (info->dtype) * info->dims[1];
  if (info->n_dims == 4)
    info->frame_size *= info->dims[2] * info->dims[3];
}

/* What the configured graph says the output is. */
static void
info_from_sink (TcOutput * out)
{
  TcOutputInfo *info = &out->info;
  AVRational rate;

  if (is_audio (out)) {
    AVChannelLayout layout = { 0 };

    info->sample_rate = av_buffersink_get_sample_rate (out->buffersink);
    av_buffersink_get_ch_layout (out->buffersink, &layout);
    info->channels = layout.nb_channels;
    av_channel_layout_uninit (&layout);
  } else {
    info->width = av_buffersink_get_w (out->buffersink);
    info->height = av_buffersink_get_h (out->buffersink);
    rate = av_buffersink_get_frame_rate (out->buffersink);
    info->frame_rate_n = rate.num > 0 && rate.den > 0 ? rate.num : 0;
    info->frame_rate_d = rate.num > 0 && rate.den > 0 ? rate.den : 1;
  }
  info_set_dims (out);
}

/* ------------------------------------------------------------------------ */
/* Chunks */

static void
release_chunk (TcOutput * out)
{
  if (out->chunk_data == NULL)
    return;
  out->src->callbacks.release (out->src->user_data, out->id, out->chunk_handle);
  out->chunk_data = NULL;
  out->chunk_handle = NULL;
  out->chunk_frames = 0;
}

/* Audio: the time of the sample after the last one counted. */
static gint64
audio_time (TcOutput * out)
{
  return out->base_pts + av_rescale (out->n_since_base, TC_SECOND,
      out->info.sample_rate);
}

static void
deliver (TcOutput * out, gboolean last)
{
  TcOutputInfo *info = &out->info;
  TcChunk chunk = { 0 };

  chunk.output = out->id;
  chunk.data = out->chunk_data;
  chunk.handle = out->chunk_handle;
  chunk.n_frames = out->chunk_frames;
  chunk.size = out->chunk_frames * info->frame_size;
  chunk.pts = out->chunk_pts;
  if (is_audio (out))
    chunk.duration = audio_time (out) - out->chunk_pts;
  else if (info->frame_rate_n > 0)
    chunk.duration = av_rescale ((gint64) chunk.n_frames * info->frame_rate_d,
        TC_SECOND, info->frame_rate_n);
  else
    chunk.duration = out->chunk_duration;
  chunk.offset = out->chunk_offset;
  chunk.discont = out->discont;
  chunk.last = last;
  chunk.info_changed = out->info_changed;
  chunk.info = info;
  chunk.capture_time = out->chunk_capture;

  out->discont = FALSE;
  out->info_changed = FALSE;
  out->chunk_data = NULL;
  out->chunk_handle = NULL;
  out->chunk_frames = 0;
  out->src->callbacks.chunk (out->src->user_data, &chunk);
}

/* Live sources: the wallclock time (ns) a frame was captured, @offset
 * after the frame's own time (the first sample kept of an audio frame).
 * See TcChunk.capture_time. */
static gint64
capture_time (TcOutput * out, const AVFrame * f, gint64 offset)
{
  TcSource *src = out->src;
  AVRational tb = av_buffersink_get_time_base (out->buffersink);
  gint64 real;

  if (src->is_device) {
    real = g_get_real_time () * 1000;
    if (f->pts == AV_NOPTS_VALUE)
      return real;
    /* the device's own timestamp, not moved to the container's start */
    return tc_device_wallclock (av_rescale_q (f->pts, tb, TC_NS_BASE) +
        offset, real, g_get_monotonic_time () * 1000);
  }
  if (src->realtime && src->rt_pts0 != TC_TIME_NONE && f->pts != AV_NOPTS_VALUE)
    return src->rt_wall0 + (tc_pts_to_ns (src, f->pts, tb) + offset -
        src->rt_pts0);
  return TC_TIME_NONE;
}

/* The bytes of a full chunk; FALSE with error set beyond TC_MAX_CHUNK_SIZE
 * (tccore.h says why). */
static gboolean
chunk_size (TcOutput * out, gsize * size, GError ** error)
{
  const TcOutputInfo *info = &out->info;
  gchar *frame;

  if (g_size_checked_mul (size, info->frame_size, out->config.frames_per_chunk)
      && *size <= TC_MAX_CHUNK_SIZE)
    return TRUE;
  if (is_audio (out))
    frame = g_strdup_printf ("%d channels of %s", info->channels,
        tc_dtype_name (info->dtype));
  else
    frame = g_strdup_printf ("%dx%d %s", info->width, info->height,
        info->format);
  g_set_error (error, TC_ERROR, TC_ERROR_FILTER,
      "chunks of %u frames of %s (%" G_GSIZE_FORMAT " bytes a frame) would "
      "exceed the %u MiB a chunk may take: ask for fewer frames per chunk%s",
      out->config.frames_per_chunk, frame, info->frame_size,
      (guint) (TC_MAX_CHUNK_SIZE >> 20), is_audio (out) ? " or fewer "
      "channels" : " or a smaller size");
  g_free (frame);
  return FALSE;
}

static gboolean
start_chunk (TcOutput * out, gint64 pts, gint64 capture, GError ** error)
{
  gsize size;

  if (!chunk_size (out, &size, error))
    return FALSE;
  out->chunk_data = out->src->callbacks.alloc (out->src->user_data, out->id,
      size, &out->chunk_handle);
  if (out->chunk_data == NULL) {
    g_set_error (error, TC_ERROR, TC_ERROR_FAILED,
        "out of memory: no chunk of %" G_GSIZE_FORMAT " bytes", size);
    return FALSE;
  }
  out->chunk_frames = 0;
  out->chunk_pts = pts;
  out->chunk_offset = out->next_offset;
  out->chunk_capture = capture;
  out->chunk_duration = 0;
  return TRUE;
}

/* A filtered frame whose shape differs from the output's: the chunk so far
 * ends short, and the next one carries the new info. */
static void
change_info (TcOutput * out, const AVFrame * f)
{
  TcOutputInfo *info = &out->info;

  if (out->chunk_frames > 0)
    deliver (out, TRUE);
  if (is_audio (out)) {
    info->sample_rate = f->sample_rate;
    info->channels = f->ch_layout.nb_channels;
    /* a new rate starts a new sample count */
    out->started = FALSE;
    out->after_seek = TRUE;
  } else {
    info->width = f->width;
    info->height = f->height;
  }
  info_set_dims (out);
  out->info_changed = TRUE;
  TC_LOG ("output %d: frames are now %" G_GINT64_FORMAT "x%" G_GINT64_FORMAT
      "x%" G_GINT64_FORMAT, out->id, info->dims[1], info->dims[2],
      info->dims[3]);
}

static gboolean
take_video (TcOutput * out, const AVFrame * f, gint64 pts, GError ** error)
{
  TcOutputInfo *info = &out->info;
  AVRational tb = av_buffersink_get_time_base (out->buffersink);

  if (out->skip_until != TC_TIME_NONE && pts != TC_TIME_NONE
      && pts < out->skip_until)
    return TRUE;
  out->skip_until = TC_TIME_NONE;
  if (!out->started) {
    out->started = TRUE;
    out->next_offset = 0;
    if (out->after_seek && pts != TC_TIME_NONE && info->frame_rate_n > 0)
      out->next_offset = MAX (0, av_rescale_rnd (pts - out->origin,
              info->frame_rate_n, (gint64) info->frame_rate_d * TC_SECOND,
              AV_ROUND_NEAR_INF));
  }
  if (out->chunk_data == NULL
      && !start_chunk (out, pts, capture_time (out, f, 0), error))
    return FALSE;

  tc_copy_video (out->pixfmt, out->config.nhwc, f,
      out->chunk_data + out->chunk_frames * info->frame_size);
  if (f->pkt_duration > 0 && out->chunk_duration != TC_TIME_NONE) {
    gint64 d = av_rescale_q (f->pkt_duration, tb, TC_NS_BASE);

    /* a hostile duration must not overflow the sum */
    if (d > 0 && d <= TC_MAX_TIME && out->chunk_duration <= TC_MAX_TIME)
      out->chunk_duration += d;
    else
      out->chunk_duration = TC_TIME_NONE;
  } else {
    out->chunk_duration = TC_TIME_NONE;
  }
  out->chunk_frames++;
  out->next_offset++;
  if (out->chunk_frames == out->config.frames_per_chunk)
    deliver (out, FALSE);
  return TRUE;
}

static gboolean
take_audio (TcOutput * out, const AVFrame * f, gint64 pts, GError ** error)
{
  gint rate = out->info.sample_rate;
  gint n = f->nb_samples, first = 0;

  if (!out->started) {
    gint64 pts0 = pts == TC_TIME_NONE ? out->origin : pts;

    if (out->skip_until != TC_TIME_NONE && out->skip_until > pts0) {
      /* the first sample kept is the first at or after the target, on
       * the frame's own sample grid */
      gint64 skip = av_rescale_rnd (out->skip_until - pts0, rate, TC_SECOND,
          AV_ROUND_UP);
      if (skip >= n)
        return TRUE;
      first = skip;
      pts0 += av_rescale (skip, TC_SECOND, rate);
    }
    out->skip_until = TC_TIME_NONE;
    out->started = TRUE;
    out->base_pts = pts0;
    out->n_since_base = 0;
    if (out->after_seek)
      out->next_offset = MAX (0, av_rescale_rnd (pts0 - out->origin, rate,
              TC_SECOND, AV_ROUND_NEAR_INF));
  }

  while (first < n) {
    gint take;

    if (out->chunk_data == NULL && !start_chunk (out, audio_time (out),
            capture_time (out, f, av_rescale (first, TC_SECOND, rate)), error))
      return FALSE;
    take = MIN ((guint) (n - first),
        out->config.frames_per_chunk - out->chunk_frames);
    tc_copy_audio (f, first, take,
        out->chunk_data + out->chunk_frames * out->info.frame_size);
    first += take;
    out->chunk_frames += take;
    out->n_since_base += take;
    out->next_offset += take;
    if (out->chunk_frames == out->config.frames_per_chunk)
      deliver (out, FALSE);
  }
  return TRUE;
}

/* One frame out of the filter graph: into the chunks. */
static gboolean
take_frame (TcOutput * out, const AVFrame * f, GError ** error)
{
  gint64 pts = tc_pts_to_ns (out->src, f->pts,
      av_buffersink_get_time_base (out->buffersink));

  if (is_audio (out)) {
    if (f->sample_rate != out->info.sample_rate
        || f->ch_layout.nb_channels != out->info.channels)
      change_info (out, f);
    return take_audio (out, f, pts, error);
  }
  if (f->width != out->info.width || f->height != out->info.height)
    change_info (out, f);
  return take_video (out, f, pts, error);
}

static gboolean
pull_frames (TcOutput * out, GError ** error)
{
  gboolean ok;
  gint ret;

  while (TRUE) {
    ret = av_buffersink_get_frame (out->buffersink, out->filtered);
    if (ret == AVERROR (EAGAIN) || ret == AVERROR_EOF)
      return TRUE;
    if (ret < 0) {
      tc_set_av_error (error, TC_ERROR_FILTER, ret,
          "filtering stream %d through '%s' failed", out->dec->stream_index,
          out->info.filter_description);
      return FALSE;
    }
    ok = take_frame (out, out->filtered, error);
    av_frame_unref (out->filtered);
    if (!ok)
      return FALSE;
  }
}

/* Sends end of stream into the graph and takes what it still holds. */
static gboolean
flush_graph (TcOutput * out, GError ** error)
{
  gint ret;

  if (out->graph == NULL || out->graph_eof)
    return TRUE;
  out->graph_eof = TRUE;
  ret = av_buffersrc_add_frame_flags (out->buffersrc, NULL, 0);
  if (ret < 0) {
    tc_set_av_error (error, TC_ERROR_FILTER, ret,
        "could not drain the filter chain '%s'", out->info.filter_description);
    return FALSE;
  }
  return pull_frames (out, error);
}

/* Whether a video frame at pts starts a new timeline (tccore.h,
 * TC_MAX_FORWARD_JUMP).  Hostile times can be anywhere in gint64: the
 * distance is taken unsigned, where it cannot overflow. */
static gboolean
time_jumps (TcOutput * out, gint64 pts)
{
  gint64 last = out->last_in_pts;

  if (is_audio (out) || pts == TC_TIME_NONE || last == TC_TIME_NONE)
    return FALSE;
  if (pts > last)
    return (guint64) pts - (guint64) last > (guint64) TC_MAX_FORWARD_JUMP;
  return (guint64) last - (guint64) pts > (guint64) TC_MAX_BACKWARD_JUMP;
}

gboolean
tc_output_push_frame (TcOutput * out, AVFrame * frame, GError ** error)
{
  TcGraphInput in = { 0 };
  gint64 pts = tc_pts_to_ns (out->src, frame->pts, out->dec->stream->time_base);
  gboolean jump = time_jumps (out, pts);
  gboolean ok = TRUE;
  gint ret;

  input_from_frame (out, frame, &in);
  if (out->graph == NULL || out->graph_eof || jump
      || !input_equal (out, &out->graph_in, &in)) {
    TC_LOG ("output %d: new filter graph for the decoded frames%s", out->id,
        jump ? " (their time jumped)" : "");
    /* frames the old graph holds come before this one */
    ok = flush_graph (out, error);
    if (ok && jump) {
      if (out->chunk_frames > 0)
        deliver (out, TRUE);
      out->discont = TRUE;
    }
    ok = ok && build_graph (out, &in, error);
  }
  av_channel_layout_uninit (&in.layout);
  if (!ok)
    return FALSE;
  if (pts != TC_TIME_NONE)
    out->last_in_pts = pts;

  /* several outputs may filter the same decoded frame */
  ret = av_buffersrc_add_frame_flags (out->buffersrc, frame,
      AV_BUFFERSRC_FLAG_KEEP_REF);
  if (ret < 0) {
    tc_set_av_error (error, TC_ERROR_FILTER, ret,
        "could not filter a frame of stream %d", out->dec->stream_index);
    return FALSE;
  }
  return pull_frames (out, error);
}

gboolean
tc_output_drain (TcOutput * out, GError ** error)
{
  if (!flush_graph (out, error))
    return FALSE;
  if (out->chunk_frames > 0)
    deliver (out, TRUE);
  return TRUE;
}

gboolean
tc_output_reset (TcOutput * out, gint64 skip_until, GError ** error)
{
  release_chunk (out);
  free_graph (out);
  out->started = FALSE;
  out->after_seek = TRUE;
  out->skip_until = skip_until;
  out->discont = TRUE;
  out->n_since_base = 0;
  out->last_in_pts = TC_TIME_NONE;
  /* a fresh graph now, so that a broken one is reported by the seek */
  if (out->have_graph_in)
    return build_graph (out, &out->graph_in, error);
  return TRUE;
}

gint64
tc_output_first_time (TcOutput * out, gint64 pts, AVRational tb)
{
  const TcOutputConfig *c = &out->config;

  /* the fps filter starts at the input's first time rounded to the
   * nearest output frame */
  if (!is_audio (out) && c->frame_rate_n > 0) {
    AVRational otb = { c->frame_rate_d, c->frame_rate_n };
    gint64 r = av_rescale_q_rnd (pts, tb, otb,
        AV_ROUND_NEAR_INF | AV_ROUND_PASS_MINMAX);
    return tc_pts_to_ns (out->src, r, otb);
  }
  return tc_pts_to_ns (out->src, pts, tb);
}

void
tc_output_free (TcOutput * out)
{
  release_chunk (out);
  free_graph (out);
  av_channel_layout_uninit (&out->graph_in.layout);
  av_frame_free (&out->filtered);
  if (out->dec)
    decoder_unref (out->src, out->dec);
  g_free (out->info.filter_description);
  g_free (out->user_filter);
  g_free (out->conversions);
  config_clear (&out->config);
  g_free (out);
}

/* ------------------------------------------------------------------------ */
/* API */

gint
tc_source_add_output (TcSource * src, const TcOutputConfig * config,
    GError ** error)
{
  TcOutput *out = NULL;
  TcGraphInput in = { 0 };
  GString *chain;
  gint index;
  gboolean ok;

  g_return_val_if_fail (src != NULL, -1);
  g_return_val_if_fail (config != NULL, -1);

  /* the decoders and the output table are the reading side's too */
  tc_source_ahead_stop (src, FALSE);
  if (src->fmt == NULL) {
    g_set_error (error, TC_ERROR, TC_ERROR_FAILED, "the source is not open");
    return -1;
  }
  if (config->media_type != TC_MEDIA_AUDIO
      && config->media_type != TC_MEDIA_VIDEO) {
    g_set_error (error, TC_ERROR, TC_ERROR_STREAM,
        "outputs are audio or video, not %s",
        tc_media_type_name (config->media_type));
    return -1;
  }
  if (config->frames_per_chunk < 1) {
    g_set_error (error, TC_ERROR, TC_ERROR_OPTION,
        "frames-per-chunk must be at least 1");
    return -1;
  }
  index = resolve_stream (src, config, error);
  if (index < 0)
    return -1;

  out = g_new0 (TcOutput, 1);
  out->src = src;
  out->id = src->outputs->len;
  config_copy (&out->config, config);
  out->config.stream_index = index;
  out->info.media_type = config->media_type;
  out->info.source_index = index;
  out->info.frame_rate_d = 1;
  out->origin = tc_pts_to_ns (src, src->fmt->streams[index]->start_time,
      src->fmt->streams[index]->time_base);
  if (out->origin == TC_TIME_NONE)
    out->origin = 0;
  out->skip_until = TC_TIME_NONE;
  out->last_in_pts = TC_TIME_NONE;
  out->discont = TRUE;

  chain = g_string_new (NULL);
  ok = is_audio (out) ? audio_conversions (out, chain, error) :
      video_conversions (out, chain, error);
  out->conversions = g_string_free (chain, FALSE);
  if (!ok)
    goto fail;
  if (config->filter != NULL) {
    out->user_filter = g_strstrip (g_strdup (config->filter));
    if (out->user_filter[0] == '\0')
      g_clear_pointer (&out->user_filter, g_free);
  }
  if (out->user_filter && out->conversions[0])
    out->info.filter_description = g_strdup_printf ("%s,%s",
        out->user_filter, out->conversions);
  else if (out->user_filter || out->conversions[0])
    out->info.filter_description = g_strdup (out->user_filter ?
        out->user_filter : out->conversions);
  else
    out->info.filter_description = g_strdup (is_audio (out) ? "anull" : "null");

  out->dec = decoder_get (src, index, &out->config, error);
  if (out->dec == NULL)
    goto fail;
  out->filtered = av_frame_alloc ();
  if (out->filtered == NULL) {
    g_set_error (error, TC_ERROR, TC_ERROR_FAILED, "out of memory");
    goto fail;
  }

  /* configure now from the codec parameters so that errors come before any
   * data flows; a stream that does not tell its shape yet gets its graph
   * with its first frame */
  input_from_codec (out, &in);
  if (input_complete (out, &in)) {
    gsize size;

    if (!build_graph (out, &in, error))
      goto fail;
    info_from_sink (out);
    /* refused now rather than at the first chunk */
    if (!chunk_size (out, &size, error))
      goto fail;
  } else {
    info_set_dims (out);
  }
  av_channel_layout_uninit (&in.layout);

  g_ptr_array_add (src->outputs, out);
  TC_LOG ("output %d: stream %d, '%s'", out->id, index,
      out->info.filter_description);
  return out->id;

fail:
  av_channel_layout_uninit (&in.layout);
  tc_output_free (out);
  return -1;
}

static TcOutput *
get_output (TcSource * src, gint output)
{
  if (output < 0 || (guint) output >= src->outputs->len)
    return NULL;
  return g_ptr_array_index (src->outputs, output);
}

void
tc_source_remove_output (TcSource * src, gint output)
{
  TcOutput *out;

  g_return_if_fail (src != NULL);
  out = get_output (src, output);
  if (out == NULL)
    return;
  g_ptr_array_index (src->outputs, output) = NULL;
  tc_output_free (out);
}

/* Before a device's first packet: how long the packets of an audio stream
 * will be.  pulse reads fragment_size bytes at a time, 50 ms of audio
 * unless the option says otherwise; 50 ms is assumed for the others. */
static gint64
audio_packet_guess (TcSource * src, const AVCodecParameters * par)
{
  gint frame_bytes = av_get_bits_per_sample (par->codec_id) / 8 *
      par->ch_layout.nb_channels;
  gint64 bytes = 0;

  if (par->sample_rate <= 0)
    return 50 * TC_SECOND / 1000;
  if (par->frame_size > 0)
    return av_rescale (par->frame_size, TC_SECOND, par->sample_rate);
  /* priv_data starts with an AVClass only for formats that have options */
  if (src->fmt->iformat->priv_class != NULL && frame_bytes > 0
      && av_opt_get_int (src->fmt->priv_data, "fragment_size", 0,
          &bytes) >= 0 && bytes > 0)
    return av_rescale (bytes / frame_bytes, TC_SECOND, par->sample_rate);
  return 50 * TC_SECOND / 1000;
}

gint64
tc_source_capture_latency (TcSource * src, gint output)
{
  TcOutput *out;
  AVStream *st;
  AVCodecContext *ctx;
  AVRational rate;
  gint64 latency, frame = 0;
  gint held;

  g_return_val_if_fail (src != NULL, TC_TIME_NONE);
  out = get_output (src, output);
  if (out == NULL)
    return TC_TIME_NONE;

  st = out->dec->stream;
  latency = out->dec->max_packet_duration;
  if (is_audio (out))
    return latency > 0 ? latency : audio_packet_guess (src, st->codecpar);

  rate = st->avg_frame_rate.num > 0 && st->avg_frame_rate.den > 0 ?
      st->avg_frame_rate : st->r_frame_rate;
  if (rate.num > 0 && rate.den > 0)
    frame = av_rescale (TC_SECOND, rate.den, rate.num);
  latency = MAX (latency, frame);
  ctx = out->dec->ctx;
  held = ctx->has_b_frames;
  if (ctx->active_thread_type & FF_THREAD_FRAME)
    held += ctx->thread_count - 1;
  latency += held * frame;
  if (out->config.frame_rate_n > 0)
    latency += frame;
  return latency;
}

const TcOutputInfo *
tc_source_get_output_info (TcSource * src, gint output)
{
  TcOutput *out;

  g_return_val_if_fail (src != NULL, NULL);
  out = get_output (src, output);
  return out ? &out->info : NULL;
}
