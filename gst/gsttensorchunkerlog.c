/* GStreamer tensorchunker: the core's and FFmpeg's messages in the debug log
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
 *
 * You should have received a copy of the GNU Library General Public
 * License along with this library; if not, write to the
 * Free Software Foundation, Inc., 51 Franklin St, Fifth Floor,
 * Boston, MA 02110-1301, USA.
 */

/* The core (ext/) and FFmpeg log through tc_log_set_func(); here their
 * messages become GStreamer debug lines, in two categories of their own
 * beside the element's `tensorchunker`:
 *   tensorchunker-core    the core's own lines (file, line and function
 *                         are the core's)
 *   tensorchunker-ffmpeg  FFmpeg's av_log, its levels mapped as in
 *                         tccore.h (gst-libav maps them alike, but logs
 *                         warnings as info)
 * so GST_DEBUG=tensorchunker*:6 shows them all, and nothing reaches
 * stderr without GST_DEBUG. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gsttensorchunkerlog.h"

#include "tccore.h"

GST_DEBUG_CATEGORY_STATIC (tc_core_debug);
GST_DEBUG_CATEGORY_STATIC (tc_ffmpeg_debug);

static GstDebugLevel
gst_level (TcLogLevel level)
{
  switch (level) {
    case TC_LOG_ERROR:
      return GST_LEVEL_ERROR;
    case TC_LOG_WARNING:
      return GST_LEVEL_WARNING;
    case TC_LOG_INFO:
      return GST_LEVEL_INFO;
    case TC_LOG_DEBUG:
      return GST_LEVEL_DEBUG;
    default:
      return GST_LEVEL_TRACE;
  }
}

static GstDebugCategory *
category (gboolean from_ffmpeg)
{
  return from_ffmpeg ? tc_ffmpeg_debug : tc_core_debug;
}

static gboolean
log_enabled (TcLogLevel level, gboolean from_ffmpeg, gpointer user_data)
{
  return gst_debug_category_get_threshold (category (from_ffmpeg)) >=
      gst_level (level);
}

static void
log_message (TcLogLevel level, gboolean from_ffmpeg, const gchar * file,
    gint line, const gchar * function, const gchar * message,
    gpointer user_data)
{
  gst_debug_log (category (from_ffmpeg), gst_level (level), file, function,
      line, NULL, "%s", message);
}

/* Once, from plugin_init. */
void
gst_tensor_chunker_log_init (void)
{
  GST_DEBUG_CATEGORY_INIT (tc_core_debug, "tensorchunker-core", 0,
      "tensorchunker's FFmpeg core (ext/)");
  GST_DEBUG_CATEGORY_INIT (tc_ffmpeg_debug, "tensorchunker-ffmpeg", 0,
      "FFmpeg's own messages (av_log), seen through tensorchunker");
  tc_log_set_func (log_message, log_enabled, NULL);
}
