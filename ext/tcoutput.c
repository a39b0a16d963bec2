/* tensorchunker core: an output: its filter graph and its chunks
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


/* All of it is the output's; the source owns the output, the decoders and
 * the clock. */
struct _TcOutput
{
  gint id;
  TcDecoders *decs;             /* the source's */
  TcDecoder *dec;               /* a reference, from decs */
  const TcClock *clock;         /* the source's timeline */
  TcCallbacks callbacks;
  gpointer user_data;

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

  /* the chunks being filled */
  TcWindows windows;

  /* timeline since open or seek: where it starts, then the counters */
  TcStart start;
  gint64 base_pts;              /* audio: time of the sample counted first */
  guint64 n_since_base;         /* audio: samples kept since base_pts */
  guint64 next_offset;          /* frame counter of the next frame */
  gboolean discont;
  gboolean info_changed;
};

/* ------------------------------------------------------------------------ */
/* Filter graphs */

static gboolean
is_audio (TcOutput * out)
{
  return out->config.media_type == TC_MEDIA_AUDIO;
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

/* The frames a graph may be built for: tccore.h says why not others. */
static gboolean
check_input (TcOutput * out, const TcGraphInput * in, GError ** error)
{
  if (!check_resampling (out, in->sample_rate, error))
    return FALSE;
  if (!is_audio (out) && (in->width > TC_MAX_DIMENSION
          || in->height > TC_MAX_DIMENSION)) {
    g_set_error (error, TC_ERROR, TC_ERROR_FILTER,
        "stream %d has frames of %dx%d: frames wider or taller than %d are "
        "refused", out->dec->stream_index, in->width, in->height,
        TC_MAX_DIMENSION);
    return FALSE;
  }
  return TRUE;
}

/* The graph's source (fed with args) and sink. */
static gboolean
create_ends (TcOutput * out, const gchar * args, GError ** error)
{
  gint ret;

  ret = avfilter_graph_create_filter (&out->buffersrc,
      avfilter_get_by_name (is_audio (out) ? "abuffer" : "buffer"), "in",
      args, NULL, out->graph);
  if (ret < 0) {
    tc_set_av_error (error, TC_ERROR_FILTER, ret,
        "could not feed stream %d (%s) to a filter graph",
        out->dec->stream_index, args);
    return FALSE;
  }
  ret = avfilter_graph_create_filter (&out->buffersink,
      avfilter_get_by_name (is_audio (out) ? "abuffersink" : "buffersink"),
      "out", NULL, NULL, out->graph);
  if (ret < 0) {
    tc_set_av_error (error, TC_ERROR_FILTER, ret,
        "could not create a filter graph sink");
    return FALSE;
  }
  return TRUE;
}

/* The error of a chain libavfilter could not parse: the user's filter
 * named when it is the culprit. */
static void
parse_failed (TcOutput * out, gint ret, GError ** error)
{
  gchar *unknown =
      out->user_filter ? tc_filter_unknown (out->user_filter) : NULL;

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
        "invalid filter chain '%s'", out->info.filter_description);
  g_free (unknown);
}

/* The chain between the graph's ends. */
static gboolean
parse_chain (TcOutput * out, GError ** error)
{
  AVFilterInOut *outputs = avfilter_inout_alloc ();
  AVFilterInOut *inputs = avfilter_inout_alloc ();
  gboolean ok = FALSE;
  gint ret;

  if (outputs == NULL || inputs == NULL) {
    g_set_error (error, TC_ERROR, TC_ERROR_FAILED, "out of memory");
    goto done;
  }
  outputs->name = av_strdup ("in");
  outputs->filter_ctx = out->buffersrc;
  inputs->name = av_strdup ("out");
  inputs->filter_ctx = out->buffersink;
  ret = avfilter_graph_parse_ptr (out->graph, out->info.filter_description,
      &inputs, &outputs, NULL);
  if (ret < 0) {
    parse_failed (out, ret, error);
    goto done;
  }
  ok = TRUE;
done:
  avfilter_inout_free (&inputs);
  avfilter_inout_free (&outputs);
  return ok;
}

/* buffer/abuffer -> the output's chain -> buffersink/abuffersink, for frames
 * shaped as in. */
static gboolean
build_graph (TcOutput * out, const TcGraphInput * in, GError ** error)
{
  const gchar *desc = out->info.filter_description;
  gchar *args = NULL;
  gboolean ok = FALSE;
  gint ret;

  free_graph (out);
  if (!check_input (out, in, error))
    goto done;
  args = buffersrc_args (out, in);
  out->graph = avfilter_graph_alloc ();
  if (out->graph == NULL) {
    g_set_error (error, TC_ERROR, TC_ERROR_FAILED, "out of memory");
    goto done;
  }
  if (!create_ends (out, args, error) || !parse_chain (out, error))
    goto done;
  ret = avfilter_graph_config (out->graph, NULL);
  if (ret < 0) {
    tc_set_av_error (error, TC_ERROR_FILTER, ret,
        "the filter chain '%s' does not accept stream %d as it is (%s)",
        desc, out->dec->stream_index, args);
    goto done;
  }
  if (in != &out->graph_in)
    tc_graph_input_copy (&out->graph_in, in);
  out->have_graph_in = TRUE;
  TC_LOG ("output %d: graph '%s' from %s", out->id, desc, args);
  ok = TRUE;
done:
  if (!ok)
    free_graph (out);
  g_free (args);
  return ok;
}

static void
info_set_dims (TcOutput * out)
{
  TcOutputInfo *info = &out->info;

  info->frames_per_chunk = out->config.frames_per_chunk;
  info->hop = out->windows.hop;
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

/* Gives up every open window (seek, removal, free, or the later windows of
 * a cut): their memory goes back to the caller. */
static void
release_windows (TcOutput * out)
{
  TcWindows *w = &out->windows;

  while (w->n > 0) {
    TcWindow *win = tc_windows_nth (w, 0);

    out->callbacks.release (out->user_data, out->id, win->handle);
    tc_windows_pop (w);
  }
}

/* Audio: the time of the sample @n after base_pts. */
static gint64
audio_time_at (TcOutput * out, guint64 n)
{
  return out->base_pts + av_rescale (n, TC_SECOND, out->info.sample_rate);
}

/* Audio: the time of the sample after the last one counted. */
static gint64
audio_time (TcOutput * out)
{
  return audio_time_at (out, out->n_since_base);
}

static gint64
window_duration (TcOutput * out, const TcWindow * win)
{
  TcOutputInfo *info = &out->info;

  if (is_audio (out))
    return audio_time_at (out, win->since_base + win->n_frames) - win->pts;
  if (info->frame_rate_n > 0)
    return av_rescale ((gint64) win->n_frames * info->frame_rate_d,
        TC_SECOND, info->frame_rate_n);
  return win->duration;
}

/* Hands the oldest window to the caller: full, or cut short (last) by a
 * change, a jump or the end of the input (end). */
static void
deliver (TcOutput * out, gboolean last, gboolean end)
{
  TcOutputInfo *info = &out->info;
  TcWindow *win = tc_windows_nth (&out->windows, 0);
  TcChunk chunk = { 0 };

  chunk.output = out->id;
  chunk.data = win->data;
  chunk.handle = win->handle;
  chunk.n_frames = win->n_frames;
  chunk.size = win->n_frames * info->frame_size;
  chunk.pts = win->pts;
  chunk.duration = window_duration (out, win);
  chunk.offset = win->offset;
  chunk.discont = out->discont;
  chunk.last = last;
  chunk.end = end;
  chunk.info_changed = out->info_changed;
  chunk.info = info;
  chunk.capture_time = win->capture;

  out->discont = FALSE;
  out->info_changed = FALSE;
  tc_windows_pop (&out->windows);
  out->callbacks.chunk (out->user_data, &chunk);
}

/* The chunks end here (the input ended, or a change or a jump cuts them):
 * the oldest open window goes out short, the later ones hold nothing it
 * does not hold and are released, and the grid starts again at the next
 * frame. */
static void
cut_windows (TcOutput * out, gboolean end)
{
  if (out->windows.n > 0 && tc_windows_nth (&out->windows, 0)->n_frames > 0)
    deliver (out, TRUE, end);
  release_windows (out);
  tc_windows_restart (&out->windows);
}

/* Delivers the windows the last frames completed. */
static void
deliver_full (TcOutput * out)
{
  while (tc_windows_full (&out->windows))
    deliver (out, FALSE, FALSE);
}

/* Live sources: when a filtered frame was captured, @offset after its own
 * time (tc_clock_capture_time). */
static gint64
capture_time (TcOutput * out, const AVFrame * f, gint64 offset)
{
  return tc_clock_capture_time (out->clock, f->pts,
      av_buffersink_get_time_base (out->buffersink), offset);
}

/* The bytes of a full chunk; FALSE with error set beyond TC_MAX_CHUNK_SIZE
 * (tccore.h says why). */
static gboolean
chunk_size (TcOutput * out, gsize * size, GError ** error)
{
  const TcOutputInfo *info = &out->info;
  guint open = tc_windows_max_open (out->config.frames_per_chunk,
      out->windows.hop);
  gsize total;
  gchar *frame;

  if (g_size_checked_mul (size, info->frame_size, out->config.frames_per_chunk)
      && g_size_checked_mul (&total, *size, open)
      && total <= TC_MAX_CHUNK_SIZE)
    return TRUE;
  if (is_audio (out))
    frame = g_strdup_printf ("%d channels of %s", info->channels,
        tc_dtype_name (info->dtype));
  else
    frame = g_strdup_printf ("%dx%d %s", info->width, info->height,
        info->format);
  if (open > 1)
    g_set_error (error, TC_ERROR, TC_ERROR_FILTER,
        "windows of %u frames of %s (%" G_GSIZE_FORMAT " bytes a frame) "
        "every %u frames keep %u chunks open at once: more than the %u MiB "
        "they may take: ask for a larger hop or fewer frames per chunk",
        out->config.frames_per_chunk, frame, info->frame_size,
        out->windows.hop, open, (guint) (TC_MAX_CHUNK_SIZE >> 20));
  else
    g_set_error (error, TC_ERROR, TC_ERROR_FILTER,
        "chunks of %u frames of %s (%" G_GSIZE_FORMAT " bytes a frame) would "
        "exceed the %u MiB a chunk may take: ask for fewer frames per "
        "chunk%s", out->config.frames_per_chunk, frame, info->frame_size,
        (guint) (TC_MAX_CHUNK_SIZE >> 20), is_audio (out) ? " or fewer "
        "channels" : " or a smaller size");
  g_free (frame);
  return FALSE;
}

/* Opens the window that starts at the current frame, in new chunk memory. */
static gboolean
open_window (TcOutput * out, gint64 pts, gint64 capture, GError ** error)
{
  TcWindow *win;
  gpointer handle = NULL;
  guint8 *data;
  gsize size;

  if (!chunk_size (out, &size, error))
    return FALSE;
  data = out->callbacks.alloc (out->user_data, out->id, size, &handle);
  if (data == NULL) {
    g_set_error (error, TC_ERROR, TC_ERROR_FAILED,
        "out of memory: no chunk of %" G_GSIZE_FORMAT " bytes", size);
    return FALSE;
  }
  win = tc_windows_open (&out->windows);
  win->data = data;
  win->handle = handle;
  win->pts = pts;
  win->offset = out->next_offset;
  win->since_base = out->n_since_base;
  win->capture = capture;
  return TRUE;
}

/* A filtered frame whose shape differs from the output's: the chunk so far
 * ends short, and the next one carries the new info. */
static void
change_info (TcOutput * out, const AVFrame * f)
{
  TcOutputInfo *info = &out->info;

  cut_windows (out, FALSE);
  if (is_audio (out)) {
    info->sample_rate = f->sample_rate;
    info->channels = f->ch_layout.nb_channels;
    /* a new rate starts a new sample count */
    tc_start_restart (&out->start);
  } else {
    info->width = f->width;
    info->height = f->height;
  }
  info_set_dims (out);
  out->info_changed = TRUE;
  TC_INFO ("output %d: frames are now %" G_GINT64_FORMAT "x%" G_GINT64_FORMAT
      "x%" G_GINT64_FORMAT, out->id, info->dims[1], info->dims[2],
      info->dims[3]);
}

/* A window's duration without a known rate: the sum of its frames', unknown
 * (TC_TIME_NONE) once one is. */
static gint64
add_duration (gint64 sum, gint64 d)
{
  /* a hostile duration must not overflow the sum */
  if (sum == TC_TIME_NONE || d <= 0 || d > TC_MAX_TIME || sum > TC_MAX_TIME)
    return TC_TIME_NONE;
  return sum + d;
}

/* Video: whether the filtered frame at pts is kept (tcstart.c says until
 * the first is); the first kept starts the frame counter. */
static gboolean
keeps_video (TcOutput * out, gint64 pts)
{
  AVRational rate = { out->info.frame_rate_n, out->info.frame_rate_d };
  gboolean kept = tc_start_started (&out->start);
  TcStartPoint p;

  if (!kept && tc_start_video (&out->start, pts, rate, out->windows.hop, &p)) {
    out->next_offset = p.offset;
    kept = TRUE;
  }
  return kept;
}

/* Audio: how many of f's samples come before the first kept (all of them:
 * n), tcstart.c says until the first is; the first kept starts the
 * counters. */
static gint
audio_skip (TcOutput * out, const AVFrame * f, gint64 pts)
{
  gint skip = 0;
  TcStartPoint p;

  if (tc_start_started (&out->start)) {
    /* counting */
  } else if (tc_start_audio (&out->start, f,
          av_buffersink_get_time_base (out->buffersink), pts,
          out->windows.hop, &p)) {
    skip = p.skip;
    out->base_pts = p.base;
    out->n_since_base = p.since_base;
    out->next_offset = p.offset;
  } else {
    skip = f->nb_samples;
  }
  return skip;
}

/* A kept video frame: once into every window that holds it, none between
 * windows. */
static void
take_video_frame (TcOutput * out, const AVFrame * f, gint64 d)
{
  guint i;

  for (i = 0; i < out->windows.n; i++) {
    TcWindow *win = tc_windows_nth (&out->windows, i);

    tc_copy_video (out->pixfmt, out->config.nhwc, f,
        win->data + win->n_frames * out->info.frame_size);
    win->duration = add_duration (win->duration, d);
  }
  tc_windows_advance (&out->windows, 1);
  out->next_offset++;
  deliver_full (out);
}

static gboolean
take_video (TcOutput * out, const AVFrame * f, gint64 pts, GError ** error)
{
  AVRational tb = av_buffersink_get_time_base (out->buffersink);
  gint64 d = f->pkt_duration > 0 ?
      av_rescale_q (f->pkt_duration, tb, TC_NS_BASE) : TC_TIME_NONE;
  gboolean ok = TRUE;

  if (keeps_video (out, pts)) {
    ok = !tc_windows_due (&out->windows)
        || open_window (out, pts, capture_time (out, f, 0), error);
    if (ok)
      take_video_frame (out, f, d);
  }
  return ok;
}

/* Samples [first, first + avail) of f as far as they go the same way:
 * into every open window, or, between windows, nowhere.  Returns how many
 * it took. */
static guint
take_audio_run (TcOutput * out, const AVFrame * f, gint first, guint avail)
{
  guint take = tc_windows_run (&out->windows, avail), i;

  for (i = 0; i < out->windows.n; i++) {
    TcWindow *win = tc_windows_nth (&out->windows, i);

    tc_copy_audio (f, first, take,
        win->data + win->n_frames * out->info.frame_size);
  }
  tc_windows_advance (&out->windows, take);
  out->n_since_base += take;
  out->next_offset += take;
  return take;
}

static gboolean
take_audio (TcOutput * out, const AVFrame * f, gint64 pts, GError ** error)
{
  gint rate = out->info.sample_rate;
  gint n = f->nb_samples, first = audio_skip (out, f, pts);
  gboolean ok = TRUE;

  while (ok && first < n) {
    ok = !tc_windows_due (&out->windows) || open_window (out,
        audio_time (out), capture_time (out, f, av_rescale (first,
                TC_SECOND, rate)), error);
    if (ok) {
      first += take_audio_run (out, f, first, n - first);
      deliver_full (out);
    }
  }
  return ok;
}

/* One frame out of the filter graph: into the chunks. */
static gboolean
take_frame (TcOutput * out, const AVFrame * f, GError ** error)
{
  gint64 pts = tc_pts_to_ns (out->clock, f->pts,
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

static gboolean
push_frame (TcOutput * out, AVFrame * frame, GError ** error)
{
  TcGraphInput in = { 0 };
  gint64 pts =
      tc_pts_to_ns (out->clock, frame->pts, out->dec->stream->time_base);
  gboolean jump = time_jumps (out, pts);
  gboolean ok = TRUE;
  gint ret;

  tc_graph_input_from_frame (&in, frame);
  if (out->graph == NULL || out->graph_eof || jump
      || !tc_graph_input_equal (&out->graph_in, &in, is_audio (out))) {
    TC_LOG ("output %d: new filter graph for the decoded frames%s", out->id,
        jump ? " (their time jumped)" : "");
    /* frames the old graph holds come before this one */
    ok = flush_graph (out, error);
    if (ok && jump) {
      cut_windows (out, FALSE);
      out->discont = TRUE;
    }
    ok = ok && build_graph (out, &in, error);
  }
  tc_graph_input_clear (&in);
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

/* Video after an accurate seek (or added late): the time before which a
 * decoded frame comes before the first one kept and is dropped without
 * filtering it, when nothing in the graph looks at other frames than the
 * one it converts (no frame-rate conversion, no filter of the user's):
 * scaling and converting frames only to drop them was half the time of
 * reading clips at random (tests/bench, job clips).  TC_TIME_NONE when
 * the output may need any frame. */
gint64
tc_output_unneeded_before (TcOutput * out)
{
  if (is_audio (out) || out->user_filter != NULL
      || out->config.frame_rate_n > 0)
    return TC_TIME_NONE;
  return tc_start_drops_before (&out->start);
}

/* Whether the output takes its frames only through its fps filter (a
 * frame-rate, no filter of the user's), and the filter's output time base
 * then: what libavfilter's fps makes of the rate it is given, parsed as a
 * number (tcconvert.c writes "fps=N" or "fps=N/D"). */
gboolean
tc_output_fps_time_base (TcOutput * out, AVRational * tb)
{
  const TcOutputConfig *c = &out->config;

  if (is_audio (out) || out->user_filter != NULL || c->frame_rate_n <= 0
      || c->frame_rate_d <= 0)
    return FALSE;
  *tb = av_inv_q (av_d2q ((gdouble) c->frame_rate_n / c->frame_rate_d,
          G_MAXINT));
  return TRUE;
}

static gboolean
skips_unfiltered (TcOutput * out, const AVFrame * frame)
{
  gint64 before = tc_output_unneeded_before (out);
  gint64 pts;

  if (before == TC_TIME_NONE)
    return FALSE;
  pts = tc_pts_to_ns (out->clock, frame->pts, out->dec->stream->time_base);
  return pts != TC_TIME_NONE && pts < before;
}

/* counted: the time the count of the stream's samples gives the audio
 * frame (tcsamples.c), TC_TIME_NONE for video. */
gboolean
tc_output_push_frame (TcOutput * out, AVFrame * frame, gint64 counted,
    GError ** error)
{
  AVFrame *fed = frame;
  gboolean ok;

  if (skips_unfiltered (out, frame))
    return TRUE;
  tc_start_counted (&out->start, frame, tc_pts_to_ns (out->clock,
          frame->pts, out->dec->stream->time_base), counted);

  /* after an accurate seek, from the grid of a full decode on */
  if (is_audio (out) && !tc_start_feed (&out->start,
          out->dec->stream->time_base, out->info.sample_rate, frame, &fed,
          error))
    return FALSE;
  if (fed == NULL)
    return TRUE;
  ok = push_frame (out, fed, error);
  if (fed != frame)
    av_frame_free (&fed);
  return ok;
}

gboolean
tc_output_drain (TcOutput * out, GError ** error)
{
  if (!flush_graph (out, error))
    return FALSE;
  cut_windows (out, TRUE);
  return TRUE;
}

gboolean
tc_output_reset (TcOutput * out, gint64 skip_until, GError ** error)
{
  release_windows (out);
  tc_windows_restart (&out->windows);
  free_graph (out);
  tc_start_reset (&out->start, skip_until);
  out->discont = TRUE;
  out->n_since_base = 0;
  out->last_in_pts = TC_TIME_NONE;
  /* a fresh graph now, so that a broken one is reported by the seek */
  if (out->have_graph_in)
    return build_graph (out, &out->graph_in, error);
  return TRUE;
}

/* Added while the source is read: the output's first chunk is the first of
 * the grid from grid_origin at or after position (see take_video,
 * take_audio). */
void
tc_output_start_at (TcOutput * out, gint64 position, gint64 grid_origin)
{
  tc_start_late (&out->start, position, grid_origin);
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
    return tc_pts_to_ns (out->clock, r, otb);
  }
  return tc_pts_to_ns (out->clock, pts, tb);
}

/* Before an accurate seek to target: where the output needs decoded frames
 * from (ns), and, for audio, the input sample it feeds its graph from
 * (tcgrid.c). */
gint64
tc_output_plan_seek (TcOutput * out, gint64 target)
{
  if (!is_audio (out))
    return target;
  return tc_start_plan (&out->start, target, out->dec->ctx->sample_rate,
      out->info.sample_rate);
}

void
tc_output_free (TcOutput * out)
{
  release_windows (out);
  tc_windows_clear (&out->windows);
  free_graph (out);
  tc_graph_input_clear (&out->graph_in);
  av_frame_free (&out->filtered);
  g_free (out->info.filter_description);
  g_free (out->user_filter);
  g_free (out->conversions);
  tc_config_clear (&out->config);
  if (out->dec)
    tc_decoder_unref (out->decs, out->dec);
  g_free (out);
}

/* The chain: the user's filter, then the conversions to what was asked. */
static gboolean
set_filter_description (TcOutput * out, GError ** error)
{
  TcConversion conv;

  if (!tc_conversion_init (&conv, &out->config, error)) {
    g_free (conv.chain);
    return FALSE;
  }
  out->conversions = conv.chain;
  out->out_format = conv.format;
  out->pixfmt = conv.pixfmt;
  out->info.format = conv.name;
  out->info.dtype = conv.dtype;
  out->info.depth = conv.depth;
  if (out->config.filter != NULL) {
    out->user_filter = g_strstrip (g_strdup (out->config.filter));
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
  return TRUE;
}

/* Configures the graph now from the codec parameters, so that errors come
 * before any data flows; a stream that does not tell its shape yet gets its
 * graph with its first frame. */
static gboolean
configure_early (TcOutput * out, GError ** error)
{
  TcGraphInput in = { 0 };
  gboolean ok = TRUE;
  gsize size;

  tc_graph_input_from_codec (&in, out->dec->ctx, is_audio (out));
  if (tc_graph_input_complete (&in, is_audio (out))) {
    ok = build_graph (out, &in, error);
    if (ok)
      info_from_sink (out);
    /* refused now rather than at the first chunk */
    ok = ok && chunk_size (out, &size, error);
  } else {
    info_set_dims (out);
  }
  tc_graph_input_clear (&in);
  return ok;
}

/* An output of stream st, its config checked; it reads st with a decoder
 * of decs. */
TcOutput *
tc_output_new (gint id, const TcOutputConfig * config, AVStream * st,
    TcDecoders * decs, const TcClock * clock, const TcCallbacks * callbacks,
    gpointer user_data, GError ** error)
{
  TcOutput *out = g_new0 (TcOutput, 1);
  gint64 origin;

  out->id = id;
  out->decs = decs;
  out->clock = clock;
  out->callbacks = *callbacks;
  out->user_data = user_data;
  tc_config_copy (&out->config, config);
  tc_windows_init (&out->windows, config->frames_per_chunk, config->hop);
  out->config.stream_index = st->index;
  out->info.media_type = config->media_type;
  out->info.source_index = st->index;
  out->info.frame_rate_d = 1;
  origin = tc_pts_to_ns (clock, st->start_time, st->time_base);
  tc_start_init (&out->start, clock, origin == TC_TIME_NONE ? 0 : origin);
  if (config->media_type == TC_MEDIA_AUDIO)
    tc_start_set_stream (&out->start, st);
  out->last_in_pts = TC_TIME_NONE;
  out->discont = TRUE;
  if (!set_filter_description (out, error))
    goto fail;
  out->dec = tc_decoder_get (decs, st, &out->config, error);
  if (out->dec == NULL)
    goto fail;
  out->filtered = av_frame_alloc ();
  if (out->filtered == NULL) {
    g_set_error (error, TC_ERROR, TC_ERROR_FAILED, "out of memory");
    goto fail;
  }
  if (!configure_early (out, error))
    goto fail;
  TC_INFO ("output %d: stream %d, '%s'", out->id, st->index,
      out->info.filter_description);
  return out;

fail:
  tc_output_free (out);
  return NULL;
}

TcDecoder *
tc_output_decoder (TcOutput * out)
{
  return out->dec;
}

const TcOutputInfo *
tc_output_info (TcOutput * out)
{
  return &out->info;
}

/* Whether the output converts the frame rate (fps holds a frame back). */
gboolean
tc_output_converts_rate (TcOutput * out)
{
  return out->config.frame_rate_n > 0;
}
