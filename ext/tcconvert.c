/* tensorchunker core: an output's settings, checked and made into the seed's conversions
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

#include <libavutil/channel_layout.h>
#include <libavutil/pixdesc.h>

static gboolean
check_size (const gchar * what, gint value, GError ** error)
{
  if (value >= 0 && value <= TC_MAX_DIMENSION)
    return TRUE;
  g_set_error (error, TC_ERROR, TC_ERROR_FILTER,
      "%s %d is out of range: it must be 1 to %d (0 keeps the source's)",
      what, value, TC_MAX_DIMENSION);
  return FALSE;
}

/* The channel counts FFmpeg has a standard layout for, "1, 2, 3...". */
static gchar *
standard_channel_counts (void)
{
  GString *counts = g_string_new (NULL);
  gint n;

  for (n = 1; n <= TC_MAX_CHANNELS; n++) {
    AVChannelLayout layout;

    av_channel_layout_default (&layout, n);
    if (layout.order == AV_CHANNEL_ORDER_NATIVE)
      g_string_append_printf (counts, "%s%d", counts->len ? ", " : "", n);
    av_channel_layout_uninit (&layout);
  }
  return g_string_free (counts, FALSE);
}

/* Appends the remix to channels, which needs a standard layout: an
 * unordered one cannot be mixed to. */
static gboolean
append_layout (GString * chain, gint channels, GError ** error)
{
  AVChannelLayout layout;
  gchar desc[128];
  gchar *counts;
  gboolean native;

  av_channel_layout_default (&layout, channels);
  av_channel_layout_describe (&layout, desc, sizeof (desc));
  native = layout.order == AV_CHANNEL_ORDER_NATIVE;
  av_channel_layout_uninit (&layout);
  if (native) {
    g_string_append_printf (chain, ":channel_layouts=%s", desc);
    return TRUE;
  }
  counts = standard_channel_counts ();
  g_set_error (error, TC_ERROR, TC_ERROR_FILTER,
      "channels %d: FFmpeg has no standard layout of %d channels to mix "
      "to; it has layouts of %s channels", channels, channels, counts);
  g_free (counts);
  return FALSE;
}

/* Validates the audio settings and writes the seed's conversion chain. */
static gboolean
audio_conversions (const TcOutputConfig * c, TcConversion * conv,
    GString * chain, GError ** error)
{
  const gchar *name = c->sample_format ? c->sample_format : "flt";
  enum AVSampleFormat format = av_get_sample_fmt (name);

  if (c->sample_rate < 0 || c->sample_rate > TC_MAX_SAMPLE_RATE) {
    g_set_error (error, TC_ERROR, TC_ERROR_FILTER,
        "sample-rate %d is out of range: it must be 1 to %d (0 keeps the "
        "source's)", c->sample_rate, TC_MAX_SAMPLE_RATE);
    return FALSE;
  }
  if (c->channels < 0 || c->channels > TC_MAX_CHANNELS) {
    g_set_error (error, TC_ERROR, TC_ERROR_FILTER,
        "channels %d is out of range: it must be 1 to %d (0 keeps the "
        "source's)", c->channels, TC_MAX_CHANNELS);
    return FALSE;
  }
  if (format == AV_SAMPLE_FMT_NONE
      || !tc_sample_format_dtype (format, &conv->dtype)) {
    g_set_error (error, TC_ERROR, TC_ERROR_FILTER,
        "unknown sample format '%s': use u8, s16, s32, s64, flt, dbl or "
        "their planar forms u8p, s16p, s32p, s64p, fltp, dblp", name);
    return FALSE;
  }
  conv->format = format;
  conv->name = av_get_sample_fmt_name (format);

  if (c->sample_rate > 0)
    g_string_append_printf (chain, "aresample=%d,", c->sample_rate);
  g_string_append_printf (chain, "aformat=sample_fmts=%s", conv->name);
  return c->channels == 0 || append_layout (chain, c->channels, error);
}

/* Validates the video settings and writes the seed's conversion chain. */
static gboolean
video_conversions (const TcOutputConfig * c, TcConversion * conv,
    GString * chain, GError ** error)
{
  const gchar *name = c->pixel_format ? c->pixel_format : "rgb24";
  const TcPixelFormat *pf;

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
  pf = tc_pixel_format_find (name);
  if (pf == NULL) {
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
  conv->pixfmt = pf;
  conv->format = pf->format;
  conv->name = pf->name;
  conv->dtype = pf->dtype;
  conv->depth = pf->depth;

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
      av_get_pix_fmt_name (pf->format));
  return TRUE;
}

/* Checks config and fills conv (its chain, "" when no conversion is
 * needed, is the caller's to free). */
gboolean
tc_conversion_init (TcConversion * conv, const TcOutputConfig * config,
    GError ** error)
{
  GString *chain = g_string_new (NULL);
  gboolean ok;

  memset (conv, 0, sizeof (*conv));
  ok = config->media_type == TC_MEDIA_AUDIO ?
      audio_conversions (config, conv, chain, error) :
      video_conversions (config, conv, chain, error);
  conv->chain = g_string_free (chain, FALSE);
  return ok;
}

/* The first filter name in chain that libavfilter does not know, or NULL.
 * FFmpeg only logs the name ("No such filter") and returns EINVAL, so the
 * chain's filter names are looked up here for a message a user can act on:
 * filters are separated by ',' or ';' outside quotes, escapes and [labels]. */
gchar *
tc_filter_unknown (const gchar * chain)
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

/* An owned copy of src. */
void
tc_config_copy (TcOutputConfig * dst, const TcOutputConfig * src)
{
  *dst = *src;
  dst->decoder = g_strdup (src->decoder);
  dst->decoder_options = (const gchar * const *)
      g_strdupv ((gchar **) src->decoder_options);
  dst->filter = g_strdup (src->filter);
  dst->sample_format = g_strdup (src->sample_format);
  dst->pixel_format = g_strdup (src->pixel_format);
}

void
tc_config_clear (TcOutputConfig * c)
{
  g_free ((gchar *) c->decoder);
  g_strfreev ((gchar **) c->decoder_options);
  g_free ((gchar *) c->filter);
  g_free ((gchar *) c->sample_format);
  g_free ((gchar *) c->pixel_format);
}
