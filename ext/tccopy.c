/* tensorchunker core: writing filtered frames into chunk memory
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
 * Every byte of a chunk is written once, here, straight from the frame the
 * filter graph produced.  The layouts are the seed's (torchaudio 0.13):
 * audio (N, C) interleaved whatever the sample format's planarity; video
 * (N, C, H, W), or (N, H, W, C) when asked, with 4:2:0 chroma repeated 2x2
 * up to full size.
 *
 * NCHW RGB is deinterleaved here from the packed format rather than asked
 * from the graph as planar gbrp: swscale forces full horizontal chroma
 * interpolation for planar RGB output and not for packed RGB, so gbrp
 * pixels differ from the seed's rgb24 pixels at every colour edge: over the
 * 120 frames of the test seed.mp4, mean |difference| 1.7 and max 223 levels
 * at 960x540, 3.2 and 201 at 320x240, where conformance allows 0.5 and 4.
 */

#include "tcprivate.h"

#include <string.h>

static const TcPixelFormat pixel_formats[] = {
  {"rgb24", AV_PIX_FMT_RGB24, TC_DTYPE_UINT8, 3, TC_PIXEL_PACKED},
  {"bgr24", AV_PIX_FMT_BGR24, TC_DTYPE_UINT8, 3, TC_PIXEL_PACKED},
  {"rgba", AV_PIX_FMT_RGBA, TC_DTYPE_UINT8, 4, TC_PIXEL_PACKED},
  {"bgra", AV_PIX_FMT_BGRA, TC_DTYPE_UINT8, 4, TC_PIXEL_PACKED},
  {"argb", AV_PIX_FMT_ARGB, TC_DTYPE_UINT8, 4, TC_PIXEL_PACKED},
  {"abgr", AV_PIX_FMT_ABGR, TC_DTYPE_UINT8, 4, TC_PIXEL_PACKED},
  {"gray", AV_PIX_FMT_GRAY8, TC_DTYPE_UINT8, 1, TC_PIXEL_PACKED},
  /* int16 holding the bits of the unsigned 16-bit sample (see tccore.h) */
  {"gray16le", AV_PIX_FMT_GRAY16LE, TC_DTYPE_INT16, 1, TC_PIXEL_PACKED},
  {"yuv444p", AV_PIX_FMT_YUV444P, TC_DTYPE_UINT8, 3, TC_PIXEL_PLANAR},
  {"gbrp", AV_PIX_FMT_GBRP, TC_DTYPE_UINT8, 3, TC_PIXEL_PLANAR},
  {"yuv420p", AV_PIX_FMT_YUV420P, TC_DTYPE_UINT8, 3, TC_PIXEL_YUV420},
  {"nv12", AV_PIX_FMT_NV12, TC_DTYPE_UINT8, 3, TC_PIXEL_NV12},
};

const TcPixelFormat *
tc_pixel_format_find (const gchar * name)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (pixel_formats); i++) {
    if (g_strcmp0 (pixel_formats[i].name, name) == 0)
      return &pixel_formats[i];
  }
  return NULL;
}

/* "rgb24, bgr24, ..." for error messages. */
gchar *
tc_pixel_format_list (void)
{
  GString *s = g_string_new (NULL);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (pixel_formats); i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", pixel_formats[i].name);
  return g_string_free (s, FALSE);
}

/* The tensor type of a sample format, planar or not; FALSE for none. */
gboolean
tc_sample_format_dtype (enum AVSampleFormat format, TcDType * dtype)
{
  static const struct
  {
    enum AVSampleFormat format;
    TcDType dtype;
  } types[] = {
    {AV_SAMPLE_FMT_U8, TC_DTYPE_UINT8},
    {AV_SAMPLE_FMT_S16, TC_DTYPE_INT16},
    {AV_SAMPLE_FMT_S32, TC_DTYPE_INT32},
    {AV_SAMPLE_FMT_S64, TC_DTYPE_INT64},
    {AV_SAMPLE_FMT_FLT, TC_DTYPE_FLOAT32},
    {AV_SAMPLE_FMT_DBL, TC_DTYPE_FLOAT64},
  };
  enum AVSampleFormat packed = av_get_packed_sample_fmt (format);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (types); i++) {
    if (types[i].format == packed) {
      *dtype = types[i].dtype;
      return TRUE;
    }
  }
  return FALSE;
}

static void
copy_rows (guint8 * dst, const guint8 * src, gint linesize, gsize row,
    gint rows)
{
  gint y;

  for (y = 0; y < rows; y++) {
    memcpy (dst, src, row);
    dst += row;
    src += linesize;
  }
}

/* GCC's -O2 leaves the strided loads of the deinterleave scalar, one byte
 * at a time; at -O3 for SSSE3 or AVX2 they become byte shuffles, 2.5-2.8x
 * faster (960x540 rgb24: 0.5 ms a frame to 0.2).  target_clones picks the
 * version for the CPU once, at load time (an ifunc, so glibc only; not
 * under ThreadSanitizer, whose instrumented resolver would run before its
 * runtime is up, and crash the program as it loads). */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) \
    && defined(__linux__) && defined(__GLIBC__) \
    && !defined(__SANITIZE_THREAD__)
#define TC_VECTOR_CLONES \
  __attribute__ ((target_clones ("avx2", "ssse3", "default"), \
        optimize ("O3")))
#else
#define TC_VECTOR_CLONES
#endif

/* One row of packed 8-bit pixels to 3 or 4 planes: the per-pixel loops,
 * kept tight, with restrict pointers, so the compiler vectorises them. */
TC_VECTOR_CLONES static void
deinterleave_row3 (const guint8 * restrict s, guint8 * restrict d0,
    guint8 * restrict d1, guint8 * restrict d2, gint w)
{
  gint x;

  for (x = 0; x < w; x++) {
    d0[x] = s[3 * x];
    d1[x] = s[3 * x + 1];
    d2[x] = s[3 * x + 2];
  }
}

TC_VECTOR_CLONES static void
deinterleave_row4 (const guint8 * restrict s, guint8 * restrict d0,
    guint8 * restrict d1, guint8 * restrict d2, guint8 * restrict d3, gint w)
{
  gint x;

  for (x = 0; x < w; x++) {
    d0[x] = s[4 * x];
    d1[x] = s[4 * x + 1];
    d2[x] = s[4 * x + 2];
    d3[x] = s[4 * x + 3];
  }
}

/* Packed 8-bit pixels to depth planes. */
static void
deinterleave (const AVFrame * f, gint depth, guint8 * dst)
{
  gint w = f->width, h = f->height, x, y, c;
  gsize plane = (gsize) w * h;

  for (y = 0; y < h; y++) {
    const guint8 *s = f->data[0] + (gsize) y * f->linesize[0];
    guint8 *d = dst + (gsize) y * w;

    if (depth == 3) {
      deinterleave_row3 (s, d, d + plane, d + 2 * plane, w);
    } else if (depth == 4) {
      deinterleave_row4 (s, d, d + plane, d + 2 * plane, d + 3 * plane, w);
    } else {
      for (c = 0; c < depth; c++)
        for (x = 0; x < w; x++)
          d[c * plane + x] = s[depth * x + c];
    }
  }
}

/* Full-size planes to packed pixels (NHWC from planar formats). */
static void
interleave_planes (const AVFrame * f, gint depth, guint8 * dst)
{
  gint w = f->width, h = f->height, x, y, c;

  for (y = 0; y < h; y++) {
    guint8 *d = dst + (gsize) y * w * depth;
    for (c = 0; c < depth; c++) {
      const guint8 *s = f->data[c] + (gsize) y * f->linesize[c];
      for (x = 0; x < w; x++)
        d[x * depth + c] = s[x];
    }
  }
}

/* One output row of a chroma component upsampled 2x horizontally; step is
 * 1 for a U or V plane, 2 for NV12's interleaved UV. */
static inline void
upsample_row (guint8 * d, gint d_step, const guint8 * s, gint s_step, gint w)
{
  gint x;

  for (x = 0; x < w; x++)
    d[x * d_step] = s[(x >> 1) * s_step];
}

/* 4:2:0 to 3 full-size components, the seed's rule: each chroma sample
 * repeated 2x2. */
static void
copy_420 (const AVFrame * f, gboolean nv12, gboolean nhwc, guint8 * dst)
{
  gint w = f->width, h = f->height, y, c;
  gsize plane = (gsize) w * h;

  for (y = 0; y < h; y++) {
    const guint8 *luma = f->data[0] + (gsize) y * f->linesize[0];
    for (c = 1; c < 3; c++) {
      const guint8 *s;
      gint s_step;

      if (nv12) {
        s = f->data[1] + (gsize) (y >> 1) * f->linesize[1] + (c - 1);
        s_step = 2;
      } else {
        s = f->data[c] + (gsize) (y >> 1) * f->linesize[c];
        s_step = 1;
      }
      if (nhwc)
        upsample_row (dst + (gsize) y * w * 3 + c, 3, s, s_step, w);
      else
        upsample_row (dst + c * plane + (gsize) y * w, 1, s, s_step, w);
    }
    if (nhwc) {
      guint8 *d = dst + (gsize) y * w * 3;
      gint x;
      for (x = 0; x < w; x++)
        d[3 * x] = luma[x];
    } else {
      memcpy (dst + (gsize) y * w, luma, w);
    }
  }
}

void
tc_copy_video (const TcPixelFormat * pf, gboolean nhwc, const AVFrame * f,
    guint8 * dst)
{
  gint w = f->width, h = f->height, c;
  gsize plane = (gsize) w * h;

  switch (pf->kind) {
    case TC_PIXEL_PACKED:
      if (nhwc || pf->depth == 1)
        copy_rows (dst, f->data[0], f->linesize[0],
            (gsize) w * pf->depth * tc_dtype_size (pf->dtype), h);
      else
        deinterleave (f, pf->depth, dst);
      break;
    case TC_PIXEL_PLANAR:
      if (nhwc) {
        interleave_planes (f, pf->depth, dst);
      } else {
        for (c = 0; c < pf->depth; c++)
          copy_rows (dst + c * plane, f->data[c], f->linesize[c], w, h);
      }
      break;
    case TC_PIXEL_YUV420:
      copy_420 (f, FALSE, nhwc, dst);
      break;
    case TC_PIXEL_NV12:
      copy_420 (f, TRUE, nhwc, dst);
      break;
    default:
      g_assert_not_reached ();
  }
}

#define INTERLEAVE_SAMPLES(type) G_STMT_START {                          \
  type *d = (type *) dst;                                               \
  for (c = 0; c < channels; c++) {                                      \
    const type *s = (const type *) f->extended_data[c] + first;         \
    for (i = 0; i < n; i++)                                             \
      d[i * channels + c] = s[i];                                       \
  }                                                                     \
} G_STMT_END

/* Samples [first, first + n) of an audio frame as (n, channels). */
void
tc_copy_audio (const AVFrame * f, gint first, gint n, guint8 * dst)
{
  enum AVSampleFormat format = f->format;
  gint channels = f->ch_layout.nb_channels;
  gint bps = av_get_bytes_per_sample (format);
  gint c, i;

  if (!av_sample_fmt_is_planar (format) || channels == 1) {
    memcpy (dst, f->extended_data[0] + (gsize) first * channels * bps,
        (gsize) n * channels * bps);
    return;
  }
  switch (bps) {
    case 1:
      INTERLEAVE_SAMPLES (guint8);
      break;
    case 2:
      INTERLEAVE_SAMPLES (guint16);
      break;
    case 4:
      INTERLEAVE_SAMPLES (guint32);
      break;
    case 8:
      INTERLEAVE_SAMPLES (guint64);
      break;
    default:
      g_assert_not_reached ();
  }
}
