/* GStreamer tensorchunker: helpers shared by the element's objects
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

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gsttensorchunkerutils.h"

GType
gst_tensor_chunker_last_chunk_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_TENSOR_CHUNKER_LAST_CHUNK_SHORT,
        "Push it with its real frame count (new dims in the caps)", "short"},
    {GST_TENSOR_CHUNKER_LAST_CHUNK_PAD,
        "Zero-fill it to a full chunk", "pad"},
    {GST_TENSOR_CHUNKER_LAST_CHUNK_DROP, "Drop it", "drop"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstTensorChunkerLastChunk", values);
    g_once_init_leave (&type, t);
  }
  return type;
}

static gboolean
append_field (GQuark field, const GValue * value, gpointer user_data)
{
  GPtrArray *strv = user_data;

  g_ptr_array_add (strv, g_strdup (g_quark_to_string (field)));
  /* A string goes as it is: serialising it would quote it.  Anything else
   * (numbers, booleans, fractions) in GStreamer's serialisation, which is
   * also the syntax FFmpeg's option parser reads for them. */
  if (G_VALUE_HOLDS_STRING (value))
    g_ptr_array_add (strv, g_value_dup_string (value));
  else
    g_ptr_array_add (strv, gst_value_serialize (value));
  return TRUE;
}

/* Turns the fields of @s into the NULL-terminated key, value, key, value...
 * array that the core takes for FFmpeg options.  Returns NULL for a NULL
 * structure.  Free with g_strfreev(). */
gchar **
gst_tensor_chunker_structure_to_strv (const GstStructure * s)
{
  GPtrArray *strv;

  if (s == NULL)
    return NULL;

  strv = g_ptr_array_new ();
  gst_structure_foreach (s, append_field, strv);
  g_ptr_array_add (strv, NULL);
  return (gchar **) g_ptr_array_free (strv, FALSE);
}

void
gst_tensor_chunker_post_error (GstElement * element, const GError * error,
    const gchar * file, const gchar * function, gint line)
{
  GQuark domain = GST_CORE_ERROR;
  gint code = GST_CORE_ERROR_FAILED;

  if (error->domain == TC_ERROR) {
    switch ((TcErrorCode) error->code) {
      case TC_ERROR_NOT_FOUND:
        domain = GST_RESOURCE_ERROR;
        code = GST_RESOURCE_ERROR_NOT_FOUND;
        break;
      case TC_ERROR_OPEN:
        domain = GST_RESOURCE_ERROR;
        code = GST_RESOURCE_ERROR_OPEN_READ;
        break;
      case TC_ERROR_NOT_ALLOWED:
        domain = GST_RESOURCE_ERROR;
        code = GST_RESOURCE_ERROR_NOT_AUTHORIZED;
        break;
      case TC_ERROR_FORMAT:
        domain = GST_STREAM_ERROR;
        code = GST_STREAM_ERROR_TYPE_NOT_FOUND;
        break;
      case TC_ERROR_OPTION:
      case TC_ERROR_STREAM:
      case TC_ERROR_FILTER:
        domain = GST_RESOURCE_ERROR;
        code = GST_RESOURCE_ERROR_SETTINGS;
        break;
      case TC_ERROR_DECODER:
        domain = GST_STREAM_ERROR;
        code = GST_STREAM_ERROR_CODEC_NOT_FOUND;
        break;
      case TC_ERROR_DECODE:
        domain = GST_STREAM_ERROR;
        code = GST_STREAM_ERROR_DECODE;
        break;
      case TC_ERROR_SEEK:
        domain = GST_RESOURCE_ERROR;
        code = GST_RESOURCE_ERROR_SEEK;
        break;
      case TC_ERROR_INTERRUPTED:
      case TC_ERROR_FAILED:
      default:
        break;
    }
  }

  gst_element_message_full (element, GST_MESSAGE_ERROR, domain, code,
      g_strdup (error->message), NULL, file, function, line);
}
