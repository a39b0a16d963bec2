/* tensorchunker core: decoders, one per source stream read, shared by its outputs
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

#include <libavutil/opt.h>

/* A decoder that refuses this many packets in a row is broken, not just
 * seeing a damaged packet or a cut after a seek. */
#define MAX_DECODE_FAILURES 50

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
  tc_thin_clear (&dec->thin);
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

/* After a seek: a decoder in the state of a new one.  For audio,
 * avcodec_flush_buffers() is not enough to decode what the seed decodes,
 * whose decoder has only ever seen the new position: a flushed AAC decoder
 * keeps state from before the seek, and its first frame after it differed
 * from the seed's by up to 0.07 (seed.mp4-like input, seek to 10 s after
 * reading a few packets): it is opened anew.  A video decoder starts again
 * at a key frame, which refers to nothing before it; flushing drops the
 * frames and references it holds and keeps its threads and frame pools,
 * which a new H.264 decoder set up again for every clip of tests/bench's
 * clips job. */
static gboolean
decoder_reopen (TcDecoder * dec, GError ** error)
{
  const AVCodec *codec = dec->ctx->codec;
  AVDictionary *opts = NULL;
  AVCodecContext *ctx = NULL;
  gboolean ok = FALSE;

  if (codec->type == AVMEDIA_TYPE_VIDEO) {
    avcodec_flush_buffers (dec->ctx);
  } else {
    if (!tc_dict_from_strv ((const gchar * const *) dec->options,
            "decoder option", &opts, error))
      goto done;
    ctx = open_context (dec, codec, &opts, error);
    if (ctx == NULL)
      goto done;
    avcodec_free_context (&dec->ctx);
    dec->ctx = ctx;
  }
  dec->discard_before = AV_NOPTS_VALUE;
  dec->ctx->skip_frame = dec->skip_frame;
  tc_thin_restart (&dec->thin);
  tc_samples_reset (&dec->samples);
  dec->n_failures = 0;
  /* a seek lands on a key frame */
  dec->wait_key = FALSE;
  ok = TRUE;
done:
  av_dict_free (&opts);
  return ok;
}

static const AVCodec *
find_codec (AVStream * st, const gchar * name, GError ** error)
{
  const AVCodec *codec;

  if (name == NULL) {
    codec = avcodec_find_decoder (st->codecpar->codec_id);
    if (codec == NULL)
      g_set_error (error, TC_ERROR, TC_ERROR_DECODER,
          "no decoder for stream %d (codec %s)", st->index,
          avcodec_get_name (st->codecpar->codec_id));
    return codec;
  }
  codec = avcodec_find_decoder_by_name (name);
  if (codec == NULL) {
    g_set_error (error, TC_ERROR, TC_ERROR_DECODER,
        "unknown decoder '%s' (ffmpeg -decoders lists them)", name);
  } else if (codec->type != st->codecpar->codec_type) {
    g_set_error (error, TC_ERROR, TC_ERROR_DECODER,
        "decoder '%s' decodes %s, but stream %d is %s", name,
        av_get_media_type_string (codec->type), st->index,
        av_get_media_type_string (st->codecpar->codec_type));
    codec = NULL;
  }
  return codec;
}

static TcDecoder *
decoder_open (AVStream * st, const gchar * name,
    const gchar * const *options, GError ** error)
{
  const AVCodec *codec;
  AVDictionary *opts = NULL;
  TcDecoder *dec = NULL;
  gchar *who;

  codec = find_codec (st, name, error);
  if (codec == NULL || !tc_dict_from_strv (options, "decoder option", &opts,
          error))
    goto fail;

  dec = g_new0 (TcDecoder, 1);
  dec->stream_index = st->index;
  dec->stream = st;
  dec->name = g_strdup (name);
  dec->options = g_strdupv ((gchar **) options);
  dec->ctx = open_context (dec, codec, &opts, error);
  if (dec->ctx == NULL)
    goto fail;
  who = g_strdup_printf ("the %s decoder", codec->name);
  if (!tc_check_leftover (opts, "decoder option", who, error)) {
    g_free (who);
    goto fail;
  }
  g_free (who);
  dec->skip_frame = dec->ctx->skip_frame;
  dec->discard_before = AV_NOPTS_VALUE;
  tc_thin_init (&dec->thin);
  tc_samples_reset (&dec->samples);
  av_dict_free (&opts);
  TC_INFO ("stream %d: %s decoder, %d threads", st->index, codec->name,
      dec->ctx->thread_count);
  return dec;

fail:
  av_dict_free (&opts);
  if (dec)
    decoder_free (dec);
  return NULL;
}

gboolean
tc_decoders_init (TcDecoders * decs, guint n_streams, TcAhead * ahead)
{
  decs->by_stream = g_new0 (TcDecoder *, n_streams);
  decs->n_streams = n_streams;
  decs->ahead = ahead;
  decs->frame = av_frame_alloc ();
  return decs->frame != NULL;
}

/* Once the outputs are gone. */
void
tc_decoders_clear (TcDecoders * decs)
{
  g_clear_pointer (&decs->by_stream, g_free);
  decs->n_streams = 0;
  av_frame_free (&decs->frame);
}

/* The decoder of st for an output configured so, shared with the outputs
 * already reading st. */
TcDecoder *
tc_decoder_get (TcDecoders * decs, AVStream * st,
    const TcOutputConfig * config, GError ** error)
{
  TcDecoder *dec = decs->by_stream[st->index];

  if (dec == NULL) {
    dec = decoder_open (st, config->decoder, config->decoder_options, error);
    if (dec == NULL)
      return NULL;
    decs->by_stream[st->index] = dec;
  } else if (g_strcmp0 (dec->name, config->decoder) != 0
      || !options_equal (dec->options, config->decoder_options)) {
    g_set_error (error, TC_ERROR, TC_ERROR_DECODER,
        "stream %d is already decoded by the %s decoder with other "
        "decoder options for another output: outputs reading one stream "
        "share its decoder, give them the same decoder and decoder-options",
        st->index, dec->ctx->codec->name);
    return NULL;
  }
  dec->n_users++;
  return dec;
}

static void
forget (TcDecoders * decs, TcDecoder * dec)
{
  tc_ahead_forget (decs->ahead, dec);
  decs->by_stream[dec->stream_index] = NULL;
  decoder_free (dec);
}

void
tc_decoder_unref (TcDecoders * decs, TcDecoder * dec)
{
  if (--dec->n_users > 0)
    return;
  if (tc_ahead_running (decs->ahead)) {
    /* the decode-ahead thread may be decoding with it right now */
    atomic_store (&dec->unused, 1);
    return;
  }
  forget (decs, dec);
}

/* Stops the decode-ahead thread (tc_ahead_stop), and frees the decoders of
 * removed outputs it was still using. */
void
tc_decoders_stop_ahead (TcDecoders * decs, gboolean abort)
{
  guint i;

  tc_ahead_stop (decs->ahead, abort);
  for (i = 0; i < decs->n_streams; i++) {
    TcDecoder *dec = decs->by_stream[i];

    if (dec != NULL && dec->n_users == 0)
      forget (decs, dec);
  }
}

/* Stops the thread, dropping what it decoded (a seek or a close). */
void
tc_decoders_reset_ahead (TcDecoders * decs)
{
  tc_decoders_stop_ahead (decs, TRUE);
  tc_ahead_drop (decs->ahead);
}

/* After a seek: every decoder as new. */
gboolean
tc_decoders_reopen (TcDecoders * decs, GError ** error)
{
  guint i;

  for (i = 0; i < decs->n_streams; i++) {
    if (decs->by_stream[i] && !decoder_reopen (decs->by_stream[i], error))
      return FALSE;
  }
  return TRUE;
}

/* The decoder that reads pkt, NULL when none does.  Notes the packet's
 * duration (the capture latency). */
TcDecoder *
tc_decoders_for_packet (TcDecoders * decs, const AVPacket * pkt)
{
  TcDecoder *dec = NULL;

  /* streams that appear mid-stream (mpegts) are not in the table: unread */
  if ((guint) pkt->stream_index < decs->n_streams)
    dec = decs->by_stream[pkt->stream_index];
  if (dec != NULL && pkt->duration > 0)
    dec->max_packet_duration = MAX (dec->max_packet_duration,
        av_rescale_q (pkt->duration, dec->stream->time_base, TC_NS_BASE));
  /* a decoder whose outputs were all removed while the decode-ahead thread
   * ran waits for it to stop to be freed: it decodes no more */
  if (dec != NULL && atomic_load (&dec->unused))
    dec = NULL;
  return dec;
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
    tc_thin_damaged (&dec->thin);
    TC_WARNING ("%s decoder skipped damaged data of stream %d (%d)", name,
        dec->stream_index, averr);
    return TRUE;
  }
  tc_set_av_error (error, averr == AVERROR_EXIT ? TC_ERROR_INTERRUPTED :
      TC_ERROR_DECODE, averr, "the %s decoder failed on stream %d", name,
      dec->stream_index);
  return FALSE;
}

/* What of pkt the decoder decodes (tc_decoder_set_discard,
 * tc_decoder_set_thinning). */
static enum AVDiscard
packet_discard (TcDecoder * dec, const AVPacket * pkt)
{
  gboolean unneeded = tc_thin_unneeded (&dec->thin, dec->ctx,
      dec->stream->time_base, pkt);

  if (unneeded || (pkt->pts != AV_NOPTS_VALUE
          && pkt->pts < dec->discard_before))
    return MAX (dec->skip_frame, AVDISCARD_NONREF);
  return dec->skip_frame;
}

/* Feeds one packet (NULL: drain) to a decoder and every frame it returns to
 * func, which takes the frame's data or leaves it to be unreffed. */
gboolean
tc_decoder_decode (TcDecoders * decs, TcDecoder * dec, AVPacket * pkt,
    TcFrameFunc func, gpointer data, GError ** error)
{
  AVFrame *frame = decs->frame;
  gboolean ok;
  gint ret;

  if (pkt != NULL && dec->wait_key) {
    if (!(pkt->flags & AV_PKT_FLAG_KEY))
      return TRUE;
    TC_LOG ("stream %d: first key frame for a decoder opened while reading",
        dec->stream_index);
    dec->wait_key = FALSE;
  }
  if (pkt != NULL)
    dec->ctx->skip_frame = packet_discard (dec, pkt);
  ret = avcodec_send_packet (dec->ctx, pkt);
  if (ret < 0 && ret != AVERROR_EOF && !decoder_error (dec, ret, error))
    return FALSE;

  /* even when the packet was refused: frames of earlier ones may be ready */
  while (TRUE) {
    ret = avcodec_receive_frame (dec->ctx, frame);
    if (ret == AVERROR (EAGAIN) || ret == AVERROR_EOF)
      break;
    if (ret < 0) {
      if (!decoder_error (dec, ret, error))
        return FALSE;
      continue;
    }
    dec->n_failures = 0;
    tc_thin_frame_out (&dec->thin);
    /* what the seed's filters see, and correct when the container's pts
     * are missing or out of order */
    frame->pts = frame->best_effort_timestamp;
    ok = func (data, dec, frame, error);
    av_frame_unref (frame);
    if (!ok)
      return FALSE;
  }
  return TRUE;
}

/* End of input: every decoder gives what it holds.  One that fails does
 * not keep the others from giving theirs: the first error is returned. */
gboolean
tc_decoders_drain (TcDecoders * decs, TcFrameFunc func, gpointer data,
    GError ** error)
{
  GError *first = NULL;
  guint i;

  for (i = 0; i < decs->n_streams; i++) {
    if (decs->by_stream[i])
      tc_decoder_decode (decs, decs->by_stream[i], NULL, func, data,
          first ? NULL : &first);
  }
  if (first == NULL)
    return TRUE;
  g_propagate_error (error, first);
  return FALSE;
}

/* Before a device's first packet: how long the packets of an audio stream
 * will be.  pulse reads fragment_size bytes at a time, 50 ms of audio
 * unless the option says otherwise; 50 ms is assumed for the others. */
static gint64
audio_packet_guess (AVFormatContext * fmt, const AVCodecParameters * par)
{
  gint frame_bytes = av_get_bits_per_sample (par->codec_id) / 8 *
      par->ch_layout.nb_channels;
  gint64 bytes = 0;

  if (par->sample_rate <= 0)
    return 50 * TC_SECOND / 1000;
  if (par->frame_size > 0)
    return av_rescale (par->frame_size, TC_SECOND, par->sample_rate);
  /* priv_data starts with an AVClass only for formats that have options */
  if (fmt->iformat->priv_class != NULL && frame_bytes > 0
      && av_opt_get_int (fmt->priv_data, "fragment_size", 0,
          &bytes) >= 0 && bytes > 0)
    return av_rescale (bytes / frame_bytes, TC_SECOND, par->sample_rate);
  return 50 * TC_SECOND / 1000;
}

/* How long after its capture a frame of dec's stream comes out of an
 * output: a packet, the frames the decoder holds back, and one more frame
 * when the output converts the frame rate. */
gint64
tc_decoder_latency (TcDecoder * dec, AVFormatContext * fmt, gboolean audio,
    gboolean rate_converted)
{
  AVStream *st = dec->stream;
  AVCodecContext *ctx = dec->ctx;
  AVRational rate;
  gint64 latency = dec->max_packet_duration, frame = 0;
  gint held;

  if (audio)
    return latency > 0 ? latency : audio_packet_guess (fmt, st->codecpar);

  rate = st->avg_frame_rate.num > 0 && st->avg_frame_rate.den > 0 ?
      st->avg_frame_rate : st->r_frame_rate;
  if (rate.num > 0 && rate.den > 0)
    frame = av_rescale (TC_SECOND, rate.den, rate.num);
  latency = MAX (latency, frame);
  held = ctx->has_b_frames;
  if (ctx->active_thread_type & FF_THREAD_FRAME)
    held += ctx->thread_count - 1;
  latency += held * frame;
  if (rate_converted)
    latency += frame;
  return latency;
}

/* Samples of a lossy audio codec's frame: the codec parameters' frame
 * size, the decoder's, or, when neither says (Vorbis: blocks of 64 to 8192
 * samples, told only in its setup header), the longest packet read so far
 * and at least the largest block any of FFmpeg's MDCT decoders uses. */
static gint64
audio_frame_samples (TcDecoder * dec)
{
  const AVCodecParameters *par = dec->stream->codecpar;
  gint64 longest;

  if (par->frame_size > 0)
    return par->frame_size;
  if (dec->ctx->frame_size > 0)
    return dec->ctx->frame_size;
  longest = av_rescale (dec->max_packet_duration, par->sample_rate, TC_SECOND);
  return MAX (longest, 8192);
}

/* How long before the first frame it must give exactly, as a full decode
 * does, a decoder must start (ns), from FFmpeg's codec parameters:
 *   - lossy audio: the codec's own seek pre-roll (Opus: 80 ms), the
 *     overlap of its transform with the frame before (one frame, or the
 *     encoder's delay when longer) and two frames more, for the data a
 *     frame may take from the frames before it (MP3's bit reservoir: up to
 *     511 bytes back) and for the packet the demuxer lands on, which may
 *     start up to a frame early.  Lossless audio decodes each packet on its
 *     own: the seek pre-roll only.
 *   - video: decoding starts at a key frame anyway; the frames the decoder
 *     holds back for reordering (has_b_frames, video_delay), and one more,
 *     so that a frame-rate conversion sees the frame before the target. */
gint64
tc_decoder_preroll (TcDecoder * dec)
{
  const AVCodecParameters *par = dec->stream->codecpar;
  const AVCodecDescriptor *desc = avcodec_descriptor_get (par->codec_id);
  gboolean lossy = desc == NULL || (desc->props & AV_CODEC_PROP_LOSSY)
      || !(desc->props & AV_CODEC_PROP_LOSSLESS);
  AVRational rate;
  gint64 samples, frames;

  if (par->codec_type == AVMEDIA_TYPE_AUDIO) {
    if (par->sample_rate <= 0)
      return 0;
    samples = par->seek_preroll;
    if (lossy) {
      gint64 frame = audio_frame_samples (dec);
      samples += MAX (frame, par->initial_padding) + 2 * frame;
    }
    return av_rescale (samples, TC_SECOND, par->sample_rate);
  }
  rate = dec->stream->avg_frame_rate.num > 0 ? dec->stream->avg_frame_rate :
      dec->stream->r_frame_rate;
  if (rate.num <= 0 || rate.den <= 0)
    return 0;
  frames = MAX (dec->ctx->has_b_frames, par->video_delay) + 1;
  return av_rescale (frames * rate.den, TC_SECOND, rate.num);
}

/* After an accurate seek: a video packet before before (ns, TC_TIME_NONE:
 * none) is a frame no output needs (tc_output_unneeded_before): when no
 * other frame refers to it, it is not decoded (x264's B-frames, most of
 * the pre-roll from the key frame to the target).  The packet's time
 * decides, rounded down so that a packet skipped is before before. */
void
tc_decoder_set_discard (TcDecoder * dec, const TcClock * clock, gint64 before)
{
  dec->discard_before = AV_NOPTS_VALUE;
  dec->ctx->skip_frame = dec->skip_frame;
  if (before != TC_TIME_NONE && dec->ctx->codec_type == AVMEDIA_TYPE_VIDEO) {
    dec->discard_before = av_rescale_q_rnd (before + clock->start_time,
        TC_NS_BASE, dec->stream->time_base, AV_ROUND_DOWN);
    TC_LOG ("stream %d: frames before %" G_GINT64_FORMAT " that nothing "
        "refers to are not decoded", dec->stream_index, before);
  }
}

/* The outputs reading the stream all take their frames through an fps
 * filter, with these output time bases (n 0: an output takes every
 * frame): a non-reference frame none of them takes is not decoded
 * (tcthin.c).  Only for progressive video that the decoder options do
 * not already thin: a field packet is half a frame, and the frames the
 * options skip would be missing from tcthin.c's reasoning.  Set while
 * the decode-ahead thread is stopped. */
void
tc_decoder_set_thinning (TcDecoder * dec, const AVRational * fps_tb, guint n)
{
  if (dec->ctx->codec_type != AVMEDIA_TYPE_VIDEO
      || dec->stream->codecpar->field_order != AV_FIELD_PROGRESSIVE
      || dec->skip_frame != AVDISCARD_DEFAULT)
    n = 0;
  tc_thin_set (&dec->thin, fps_tb, n);
  if (n > 0)
    TC_LOG ("stream %d: frames no output's frame rate takes are not decoded "
        "when nothing refers to them", dec->stream_index);
}

/* ns, from where the decoder left no frame out since the seek
 * (tc_decoder_set_thinning, tc_thin_complete_from), TC_TIME_NONE: it left
 * none out. */
gint64
tc_decoder_complete_from (TcDecoder * dec, const TcClock * clock)
{
  gint64 pts = tc_thin_complete_from (&dec->thin);

  if (pts == AV_NOPTS_VALUE)
    return TC_TIME_NONE;
  return tc_pts_to_ns (clock, pts, dec->stream->time_base);
}
