/* tensorchunker core: logging, the core's and FFmpeg's
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

#include <stdarg.h>

/* A line FFmpeg formats is cut at this length. */
#define LINE_SIZE 1024

/* What tc_log_set_func() set, swapped whole so that a thread logging while
 * it is set sees one or the other; the old one is kept (it is set once). */
typedef struct
{
  TcLogFunc func;
  TcLogEnabledFunc enabled;
  gpointer user_data;
} TcLogSink;

static TcLogSink *sink;

static gboolean
wanted (const TcLogSink * s, TcLogLevel level, gboolean from_ffmpeg)
{
  return s != NULL && s->func != NULL && (s->enabled == NULL
      || s->enabled (level, from_ffmpeg, s->user_data));
}

static TcLogLevel
level_from_av (gint level)
{
  if (level <= AV_LOG_ERROR)
    return TC_LOG_ERROR;
  if (level <= AV_LOG_WARNING)
    return TC_LOG_WARNING;
  if (level <= AV_LOG_INFO)
    return TC_LOG_INFO;
  if (level <= AV_LOG_DEBUG)
    return TC_LOG_DEBUG;
  return TC_LOG_TRACE;
}

/* FFmpeg's av_log: one line each call (FFmpeg writes some lines in pieces;
 * each piece is a message), with FFmpeg's "[name @ 0x...]" prefix at the
 * start of a line. */
static void
av_log_cb (void *avcl, gint av_level, const char *format, va_list args)
{
  /* whether the next piece this thread writes starts a line */
  static _Thread_local gint print_prefix = 1;
  const TcLogSink *s = g_atomic_pointer_get (&sink);
  TcLogLevel level = level_from_av (av_level);
  gchar line[LINE_SIZE];
  gsize len;

  if (av_level <= AV_LOG_QUIET || !wanted (s, level, TRUE))
    return;
  av_log_format_line2 (avcl, av_level, format, args, line, sizeof (line),
      &print_prefix);
  len = strlen (line);
  while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
    line[--len] = '\0';
  if (len > 0)
    s->func (level, TRUE, "", 0, "", line, s->user_data);
}

static gpointer
install (gpointer data)
{
  av_log_set_callback (av_log_cb);
  return NULL;
}

/* FFmpeg's messages through the core from now on: none on stderr. */
void
tc_log_init (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, install, NULL);
}

void
tc_log_set_func (TcLogFunc func, TcLogEnabledFunc enabled, gpointer user_data)
{
  TcLogSink *s = g_new (TcLogSink, 1);

  s->func = func;
  s->enabled = enabled;
  s->user_data = user_data;
  g_atomic_pointer_set (&sink, s);
  tc_log_init ();
}

void
tc_log (TcLogLevel level, const gchar * file, gint line,
    const gchar * function, const gchar * format, ...)
{
  const TcLogSink *s = g_atomic_pointer_get (&sink);
  gchar *message;
  va_list args;

  if (!wanted (s, level, FALSE))
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  s->func (level, FALSE, file, line, function, message, s->user_data);
  g_free (message);
}
