/* Helpers of the tests of the core (ext/), and of its fuzz target. */
#ifndef __TC_CORE_TEST_H__
#define __TC_CORE_TEST_H__

#include <stdlib.h>

#include <glib.h>

#include "tccore.h"

G_BEGIN_DECLS

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

/* ------------------------------------------------------------------------ */
/* A caller of the core that keeps every chunk (tccoretest.c), for the
 * tests of the core: each chunk checked (tc_test_check_chunk) and copied
 * as it comes, its memory poisoned when allocated so that a byte the core
 * forgets to write shows. */

typedef struct
{
  gint output;
  TcMediaType media_type;
  gint sample_rate;
  guint n_frames;
  gint64 pts;
  gint64 duration;
  guint64 offset;
  gboolean discont;
  gboolean last;
  gboolean end;
  gboolean info_changed;
  gint64 capture_time;
  gint64 delivered;             /* the wallclock (ns) at its delivery */
  gint64 dims[4];               /* dims[0]: n_frames */
  TcDType dtype;
  gsize frame_size;
  guint8 *data;                 /* the chunk's memory, now the test's */
} TcTestChunk;

typedef struct
{
  GPtrArray *chunks;            /* TcTestChunk, as they came */
  guint n_alloc;
  guint n_chunks;
  guint n_release;
} TcTestCollector;

/* The callbacks; their user_data is the TcTestCollector. */
extern const TcCallbacks tc_test_collector_callbacks;

TcTestCollector *tc_test_collector_new (void);
/* Frees @src too, when not NULL, then checks that every chunk allocated
 * was delivered or released. */
void tc_test_collector_free (TcTestCollector * col, TcSource * src);
/* Forgets the chunks kept so far (the counters stay). */
void tc_test_collector_clear (TcTestCollector * col);
/* The chunks kept so far, which @col forgets (unref the array). */
GPtrArray *tc_test_collector_take (TcTestCollector * col);
/* Chunk @i of all, failing the test when there are not that many. */
TcTestChunk *tc_test_collector_get (TcTestCollector * col, guint i);
/* The chunks of one output, in order (free the array: not its chunks). */
GPtrArray *tc_test_chunks_of (TcTestCollector * col, gint output);
/* Chunk @i of @chunks, failing the test when there are not that many. */
TcTestChunk *tc_test_chunk_at (GPtrArray * chunks, guint i);
/* The frames of an output, concatenated. */
GByteArray *tc_test_frames_of (TcTestCollector * col, gint output);

/* A source (tc_test_source_new) delivering to @col, opened on the test
 * media @name; fails the test when it does not open. */
TcSource *tc_test_collector_open (TcTestCollector * col, const gchar * name,
    const gchar * format, const gchar * const *options);
/* An output of @type, @frames_per_chunk a chunk, a window every @hop
 * frames (0: as many as a chunk), the rest as the source gives it. */
TcOutputConfig tc_test_output_config (TcMediaType type,
    guint frames_per_chunk, guint hop);
/* tc_source_add_output(), failing the test on an error; returns the id. */
gint tc_test_add_output (TcSource * src, const TcOutputConfig * config);
/* Steps @src to its end, failing the test on an error. */
void tc_test_run_to_eos (TcSource * src);

G_END_DECLS

#endif
