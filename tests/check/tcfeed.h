/* Bytes fed to an appsrc (format=bytes) as an application feeds them:
 * need-data pushes from the offset, seek-data moves it (or refuses).  For
 * the tests and the element's fuzz target alike: GStreamer only, no
 * libcheck. */
#ifndef __TC_FEED_H__
#define __TC_FEED_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* The bytes appsrc serves: written by seek-data, read by need-data, both
 * from appsrc's streaming thread (or the element's pulling one). */
typedef struct
{
  GMutex lock;
  const guint8 *data;           /* not owned */
  guint64 size;
  guint64 pos;
  gboolean refuse_seeks;        /* but the seek to 0 appsrc makes as it starts */
  guint n_seeks;                /* seeks taken, but those to 0 */
  gboolean stall_next_seek;     /* one-shot: the next seek taken (but to 0)
                                 * is answered with nothing, until another */
  gboolean stalled;             /* such a seek was the last taken */
  guint n_stalls;               /* seeks answered with nothing */
} TcFeed;

/* Serves @size bytes at @data (which must outlive the feed). */
void tc_feed_init (TcFeed * feed, const guint8 * data, guint64 size);
void tc_feed_clear (TcFeed * feed);

/* Sets @appsrc's size and format and answers its need-data (as much as it
 * asks, 4096 bytes when it does not say, then end-of-stream) and
 * seek-data. */
void tc_feed_attach (TcFeed * feed, GstElement * appsrc);

G_END_DECLS

#endif
