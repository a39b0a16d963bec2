/* tensorchunker core: names, errors and option dictionaries
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

/* Not G_DEFINE_QUARK: its first call sets a plain static, and the first
 * error may be made in the decode-ahead thread while the caller's thread
 * makes one too (a race ThreadSanitizer reports, in test_interrupted_read).
 * g_once_init_enter() makes the first call the only writer. */
GQuark
tc_error_quark (void)
{
  static gsize quark = 0;

  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark, g_quark_from_static_string ("tc-error-quark"));
  return (GQuark) quark;
}

const gchar *
tc_media_type_name (TcMediaType type)
{
  switch (type) {
    case TC_MEDIA_AUDIO:
      return "audio";
    case TC_MEDIA_VIDEO:
      return "video";
    case TC_MEDIA_SUBTITLE:
      return "subtitle";
    case TC_MEDIA_DATA:
      return "data";
    default:
      return "unknown";
  }
}

const gchar *
tc_dtype_name (TcDType dtype)
{
  static const gchar *const names[] = {
    "uint8", "int16", "int32", "int64", "float32", "float64"
  };

  g_return_val_if_fail ((guint) dtype < G_N_ELEMENTS (names), NULL);
  return names[dtype];
}

gsize
tc_dtype_size (TcDType dtype)
{
  static const gsize sizes[] = { 1, 2, 4, 8, 4, 8 };

  g_return_val_if_fail ((guint) dtype < G_N_ELEMENTS (sizes), 0);
  return sizes[dtype];
}

/* Sets a TC_ERROR with the printf-style message followed by FFmpeg's own
 * description of averr. */
void
tc_set_av_error (GError ** error, TcErrorCode code, gint averr,
    const gchar * format, ...)
{
  gchar reason[AV_ERROR_MAX_STRING_SIZE] = { 0 };
  gchar *msg;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  av_strerror (averr, reason, sizeof (reason));
  TC_LOG ("error %d: %s: %s", code, msg, reason);
  g_set_error (error, TC_ERROR, code, "%s: %s", msg, reason);
  g_free (msg);
}

/* Fills *dict from a NULL-terminated key, value array; what names the
 * options in the error ("option", "decoder option"). */
gboolean
tc_dict_from_strv (const gchar * const *kv, const gchar * what,
    AVDictionary ** dict, GError ** error)
{
  *dict = NULL;
  for (; kv != NULL && kv[0] != NULL; kv += 2) {
    if (kv[1] == NULL) {
      g_set_error (error, TC_ERROR, TC_ERROR_OPTION, "%s '%s' has no value",
          what, kv[0]);
      av_dict_free (dict);
      return FALSE;
    }
    av_dict_set (dict, kv[0], kv[1], 0);
  }
  return TRUE;
}

/* The names of the options left in dict, "'a', 'b'", or NULL when none. */
gchar *
tc_dict_leftover (AVDictionary * dict)
{
  const AVDictionaryEntry *e = NULL;
  GString *names = NULL;

  while ((e = av_dict_get (dict, "", e, AV_DICT_IGNORE_SUFFIX))) {
    if (names == NULL)
      names = g_string_new (NULL);
    else
      g_string_append (names, ", ");
    g_string_append_printf (names, "'%s'", e->key);
  }
  return names ? g_string_free (names, FALSE) : NULL;
}


/* Sets a TC_ERROR_OPTION naming the options left in dict, which who did not
 * use; FALSE when there is one. */
gboolean
tc_check_leftover (AVDictionary * dict, const gchar * what, const gchar * who,
    GError ** error)
{
  gchar *leftover = tc_dict_leftover (dict);
  gboolean several;

  if (leftover == NULL)
    return TRUE;
  several = strchr (leftover, ',') != NULL;
  g_set_error (error, TC_ERROR, TC_ERROR_OPTION, "%s%s %s %s not used by %s",
      what, several ? "s" : "", leftover, several ? "were" : "was", who);
  g_free (leftover);
  return FALSE;
}
