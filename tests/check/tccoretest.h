/* Helpers of the tests of the core (ext/), and of its fuzz target. */
#ifndef __TC_CORE_TEST_H__
#define __TC_CORE_TEST_H__

#include <stdlib.h>

#include "tccore.h"

/* tc_source_new(), decoding ahead as TC_TEST_DECODE_AHEAD says (frames;
 * unset: not), so that meson runs the core's tests both ways. */
static inline TcSource *
tc_test_source_new (const TcCallbacks * callbacks, gpointer user_data)
{
  TcSource *src = tc_source_new (callbacks, user_data);
  const gchar *ahead = g_getenv ("TC_TEST_DECODE_AHEAD");

  if (ahead != NULL)
    tc_source_set_decode_ahead (src, (guint) atoi (ahead));
  return src;
}

/* What every chunk the core delivers keeps (tccore.h's TcChunk), checked
 * by every caller of the core in the tests and the fuzz target: NULL when
 * @c keeps it all, else what it breaks (free it). */
static inline gchar *
tc_test_chunk_problem (const TcChunk * c)
{
  /* times beyond this (292 years / 2) are times that overflowed */
  const gint64 limit = G_MAXINT64 / 2;
  const TcOutputInfo *info = c->info;

  if (c->size != c->n_frames * info->frame_size)
    return g_strdup_printf ("%" G_GSIZE_FORMAT " bytes for %u frames of %"
        G_GSIZE_FORMAT, c->size, c->n_frames, info->frame_size);
  if (c->n_frames < 1 || c->n_frames > info->frames_per_chunk)
    return g_strdup_printf ("%u frames, %u a chunk", c->n_frames,
        info->frames_per_chunk);
  if (!c->last && c->n_frames != info->frames_per_chunk)
    return g_strdup_printf ("a short chunk (%u frames) not marked last",
        c->n_frames);
  /* the end of the input is where the last chunk is cut */
  if (c->end && !c->last)
    return g_strdup ("the end of the input on a chunk not marked last");
  if (info->dims[0] != (gint64) info->frames_per_chunk)
    return g_strdup_printf ("dims[0] %" G_GINT64_FORMAT ", %u a chunk",
        info->dims[0], info->frames_per_chunk);
  /* whatever the media's timestamps said, times are sane or unknown */
  if (c->pts != TC_TIME_NONE && ABS (c->pts) >= limit)
    return g_strdup_printf ("pts %" G_GINT64_FORMAT, c->pts);
  if (c->duration != TC_TIME_NONE && (c->duration < 0 || c->duration >= limit))
    return g_strdup_printf ("duration %" G_GINT64_FORMAT, c->duration);
  return NULL;
}

/* Fails the test (libcheck) when @c breaks what every chunk keeps. */
#define tc_test_check_chunk(c)                                          \
  G_STMT_START {                                                        \
    gchar *tc_why_ = tc_test_chunk_problem (c);                         \
    fail_if (tc_why_ != NULL, "chunk %" G_GUINT64_FORMAT " of output %d: %s", \
        (c)->offset, (c)->output, tc_why_);                             \
  } G_STMT_END

static inline gboolean
tc_test_decode_ahead (void)
{
  const gchar *ahead = g_getenv ("TC_TEST_DECODE_AHEAD");

  return ahead != NULL && atoi (ahead) > 0;
}

#endif
