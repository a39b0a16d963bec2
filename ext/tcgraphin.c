/* tensorchunker core: the shape of the frames a filter graph is built for
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

/* A graph's buffer/abuffer source is configured once, for frames of one
 * shape; an output (tcoutput.c) keeps the shape it built its graph for and
 * builds a new graph when a decoded frame's differs. */

#include "tcprivate.h"

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

/* What the codec parameters say, before any frame is decoded. */
void
tc_graph_input_from_codec (TcGraphInput * in, const AVCodecContext * ctx,
    gboolean audio)
{
  in->format = audio ? ctx->sample_fmt : ctx->pix_fmt;
  in->width = ctx->width;
  in->height = ctx->height;
  in->sar = ctx->sample_aspect_ratio;
  in->sample_rate = ctx->sample_rate;
  layout_set (&in->layout, &ctx->ch_layout);
}

void
tc_graph_input_from_frame (TcGraphInput * in, const AVFrame * f)
{
  in->format = f->format;
  in->width = f->width;
  in->height = f->height;
  in->sar = f->sample_aspect_ratio;
  in->sample_rate = f->sample_rate;
  layout_set (&in->layout, &f->ch_layout);
}

void
tc_graph_input_copy (TcGraphInput * dst, const TcGraphInput * src)
{
  dst->format = src->format;
  dst->width = src->width;
  dst->height = src->height;
  dst->sar = src->sar;
  dst->sample_rate = src->sample_rate;
  layout_set (&dst->layout, &src->layout);
}

void
tc_graph_input_clear (TcGraphInput * in)
{
  av_channel_layout_uninit (&in->layout);
}

/* Whether in says enough to build a graph. */
gboolean
tc_graph_input_complete (const TcGraphInput * in, gboolean audio)
{
  if (in->format < 0)
    return FALSE;
  if (audio)
    return in->sample_rate > 0 && in->layout.nb_channels > 0;
  return in->width > 0 && in->height > 0;
}

/* Whether a and b agree on the parameters buffersrc cannot change on the
 * fly. */
gboolean
tc_graph_input_equal (const TcGraphInput * a, const TcGraphInput * b,
    gboolean audio)
{
  if (a->format != b->format)
    return FALSE;
  if (audio)
    return a->sample_rate == b->sample_rate
        && av_channel_layout_compare (&a->layout, &b->layout) == 0;
  return a->width == b->width && a->height == b->height;
}
