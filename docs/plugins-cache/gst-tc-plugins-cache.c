/* gst-tc-plugins-cache: writes a plugin's gst_plugins_cache.json
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

/*
 * Debian 12 ships neither hotdoc nor GStreamer's own plugin scanner, so this
 * small program stands in for them: it loads plugins from their files and
 * writes what they register in the schema of GStreamer's
 * gst_plugins_cache.json (the file hotdoc's GStreamer extension reads):
 *
 *   { PLUGIN: { description, filename, license, package, source, url,
 *               elements: { NAME: { author, description, klass, long-name,
 *                                   rank, hierarchy, interfaces,
 *                                   pad-templates, properties, signals } },
 *               other-types: { enums, flags, and objects such as pad
 *                              classes marked as plugin API },
 *               tracers: {} } }
 *
 * The output is deterministic, so that it can be committed and checked:
 * keys are sorted, indented by four spaces (as Python's json.dump with
 * sort_keys and indent=4 writes the real cache), and a plugin's filename is
 * its basename without "lib" and the extension.  The program reads no
 * registry and scans no plugin path: only the files named are loaded.
 *
 *   usage: gst-tc-plugins-cache OUTPUT.json PLUGIN.so [PLUGIN.so ...]
 */

#include <gst/gst.h>
#include <glib/gstdio.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

/* A JSON value: an object (sorted keys), an array, a string or a boolean;
 * the cache holds no other kind (numbers are strings in it). */
typedef enum
{
  JSON_OBJECT,
  JSON_ARRAY,
  JSON_STRING,
  JSON_BOOLEAN,
} JsonKind;

typedef struct
{
  JsonKind kind;
  gchar *string;
  gboolean boolean;
  GTree *members;               /* JSON_OBJECT: gchar * -> Json * */
  GPtrArray *items;             /* JSON_ARRAY: Json * */
} Json;

static void json_free (Json * j);

/* Keys sort by their bytes: for UTF-8 that is the order of code points, the
 * order Python's json.dump (sort_keys) writes. */
static gint
json_compare_keys (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return strcmp (a, b);
}

static Json *
json_new (JsonKind kind)
{
  Json *j = g_new0 (Json, 1);

  j->kind = kind;
  if (kind == JSON_OBJECT)
    j->members = g_tree_new_full (json_compare_keys, NULL, g_free,
        (GDestroyNotify) json_free);
  else if (kind == JSON_ARRAY)
    j->items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_free);
  return j;
}

static void
json_free (Json * j)
{
  if (j->members)
    g_tree_unref (j->members);
  if (j->items)
    g_ptr_array_unref (j->items);
  g_free (j->string);
  g_free (j);
}

/* Takes @value. */
static Json *
json_set (Json * object, const gchar * key, Json * value)
{
  g_tree_replace (object->members, g_strdup (key), value);
  return value;
}

static Json *
json_set_object (Json * object, const gchar * key)
{
  return json_set (object, key, json_new (JSON_OBJECT));
}

/* A %NULL string is written as "NULL", as GStreamer's scanner does. */
static void
json_set_string (Json * object, const gchar * key, const gchar * value)
{
  Json *s = json_new (JSON_STRING);

  s->string = g_strdup (value ? value : "NULL");
  json_set (object, key, s);
}

static void
json_set_string_take (Json * object, const gchar * key, gchar * value)
{
  json_set_string (object, key, value);
  g_free (value);
}

static void
json_set_boolean (Json * object, const gchar * key, gboolean value)
{
  Json *b = json_new (JSON_BOOLEAN);

  b->boolean = !!value;
  json_set (object, key, b);
}

static void
json_append_string (Json * array, const gchar * value)
{
  Json *s = json_new (JSON_STRING);

  s->string = g_strdup (value);
  g_ptr_array_add (array->items, s);
}

static void
json_write_string (GString * out, const gchar * s)
{
  const guchar *p;

  g_string_append_c (out, '"');
  for (p = (const guchar *) s; *p; p++) {
    switch (*p) {
      case '"':
        g_string_append (out, "\\\"");
        break;
      case '\\':
        g_string_append (out, "\\\\");
        break;
      case '\n':
        g_string_append (out, "\\n");
        break;
      case '\r':
        g_string_append (out, "\\r");
        break;
      case '\t':
        g_string_append (out, "\\t");
        break;
      case '\b':
        g_string_append (out, "\\b");
        break;
      case '\f':
        g_string_append (out, "\\f");
        break;
      default:
        if (*p < 0x20)
          g_string_append_printf (out, "\\u%04x", *p);
        else
          g_string_append_c (out, *p);  /* UTF-8 is written as is */
        break;
    }
  }
  g_string_append_c (out, '"');
}

static void json_write (GString * out, const Json * j, guint depth);

typedef struct
{
  GString *out;
  guint depth;
  gboolean first;
} JsonWriteMember;

static gboolean
json_write_member (gpointer key, gpointer value, gpointer user_data)
{
  JsonWriteMember *w = user_data;

  g_string_append (w->out, w->first ? "\n" : ",\n");
  w->first = FALSE;
  g_string_append_printf (w->out, "%*s", (int) (4 * w->depth), "");
  json_write_string (w->out, key);
  g_string_append (w->out, ": ");
  json_write (w->out, value, w->depth);
  return FALSE;
}

static void
json_write (GString * out, const Json * j, guint depth)
{
  guint i;

  switch (j->kind) {
    case JSON_STRING:
      json_write_string (out, j->string);
      break;
    case JSON_BOOLEAN:
      g_string_append (out, j->boolean ? "true" : "false");
      break;
    case JSON_OBJECT:
      if (g_tree_nnodes (j->members) == 0) {
        g_string_append (out, "{}");
      } else {
        JsonWriteMember w = { out, depth + 1, TRUE };

        g_string_append_c (out, '{');
        g_tree_foreach (j->members, json_write_member, &w);
        g_string_append_printf (out, "\n%*s}", (int) (4 * depth), "");
      }
      break;
    case JSON_ARRAY:
      if (j->items->len == 0) {
        g_string_append (out, "[]");
        break;
      }
      g_string_append_c (out, '[');
      for (i = 0; i < j->items->len; i++) {
        g_string_append_printf (out, "%s\n%*s", i ? "," : "",
            (int) (4 * (depth + 1)), "");
        json_write (out, g_ptr_array_index (j->items, i), depth + 1);
      }
      g_string_append_printf (out, "\n%*s]", (int) (4 * depth), "");
      break;
  }
}

/* The cache */

static void add_object_details (Json * json, Json * other_types, GType type,
    GObject * instance);

static void
add_enum_type (Json * other_types, GType type, GstPluginAPIFlags api_flags)
{
  Json *t = json_set_object (other_types, g_type_name (type));
  GEnumClass *klass;
  Json *values;
  guint i;

  json_set_string (t, "kind", "enum");
  if (api_flags & GST_PLUGIN_API_FLAG_IGNORE_ENUM_MEMBERS) {
    json_set_boolean (t, "ignore-enum-members", TRUE);
    return;
  }

  klass = g_type_class_ref (type);
  values = json_set (t, "values", json_new (JSON_ARRAY));
  for (i = 0; i < klass->n_values; i++) {
    Json *v = json_new (JSON_OBJECT);

    json_set_string (v, "name", klass->values[i].value_nick);
    json_set_string (v, "desc", klass->values[i].value_name);
    json_set_string_take (v, "value",
        g_strdup_printf ("%d", klass->values[i].value));
    g_ptr_array_add (values->items, v);
  }
  g_type_class_unref (klass);
}

static void
add_flags_type (Json * other_types, GType type)
{
  Json *t = json_set_object (other_types, g_type_name (type));
  GFlagsClass *klass = g_type_class_ref (type);
  Json *values;
  guint i;

  json_set_string (t, "kind", "flags");
  values = json_set (t, "values", json_new (JSON_ARRAY));
  for (i = 0; i < klass->n_values; i++) {
    Json *v = json_new (JSON_OBJECT);

    json_set_string (v, "name", klass->values[i].value_nick);
    json_set_string (v, "desc", klass->values[i].value_name);
    json_set_string_take (v, "value",
        g_strdup_printf ("0x%08x", klass->values[i].value));
    g_ptr_array_add (values->items, v);
  }
  g_type_class_unref (klass);
}

/* An object type of the plugin's API (a pad class, a base class): its own
 * properties and signals, read on @instance (an instance of it or of a
 * subclass: a base class may be abstract). */
static void
add_object_type (Json * other_types, GType type, GObject * instance)
{
  Json *t = json_set_object (other_types, g_type_name (type));

  json_set_string (t, "kind", G_TYPE_IS_INTERFACE (type) ? "interface" :
      "object");
  add_object_details (t, other_types, type, instance);
}

/* Adds @type to other-types once, when the plugin marked it as API. */
static void
add_other_type (Json * other_types, GType type, GObject * instance)
{
  GstPluginAPIFlags api_flags = 0;

  if (type == G_TYPE_NONE || !gst_type_is_plugin_api (type, &api_flags) ||
      g_tree_lookup (other_types->members, g_type_name (type)))
    return;

  if (G_TYPE_IS_ENUM (type))
    add_enum_type (other_types, type, api_flags);
  else if (G_TYPE_IS_FLAGS (type))
    add_flags_type (other_types, type);
  else if (instance != NULL && G_TYPE_CHECK_INSTANCE_TYPE (instance, type))
    add_object_type (other_types, type, instance);
  else if (G_TYPE_IS_OBJECT (type) && !G_TYPE_IS_ABSTRACT (type)) {
    GObject *obj = g_object_new (type, NULL);

    g_object_ref_sink (obj);
    add_object_type (other_types, type, obj);
    g_object_unref (obj);
  }
}

static gchar *
flags_to_string (GType type, guint flags)
{
  GFlagsClass *klass = g_type_class_ref (type);
  GString *s = g_string_new (NULL);
  guint i;

  for (i = 0; i < klass->n_values; i++) {
    if (klass->values[i].value == flags) {
      g_string_assign (s, klass->values[i].value_nick);
      goto done;
    }
  }
  for (i = klass->n_values; i > 0 && flags != 0; i--) {
    guint v = klass->values[i - 1].value;

    if (v != 0 && (flags & v) == v) {
      g_string_append_printf (s, "%s%s", s->len ? "+" : "",
          klass->values[i - 1].value_nick);
      flags &= ~v;
    }
  }
  if (s->len == 0)
    g_string_assign (s, "(none)");

done:
  g_type_class_unref (klass);
  return g_string_free (s, FALSE);
}

#define SET_RANGE(fmt, def, min, max) G_STMT_START {                        \
    json_set_string_take (p, "default", g_strdup_printf (fmt, def));         \
    json_set_string_take (p, "min", g_strdup_printf (fmt, min));             \
    json_set_string_take (p, "max", g_strdup_printf (fmt, max));             \
  } G_STMT_END

/* The default of @spec as the cache writes it: the value read on the
 * instance (a subclass may change it), with its range for numbers. */
static void
add_property_default (Json * p, GParamSpec * spec, const GValue * value)
{
  GType type = G_VALUE_TYPE (value);

  switch (G_TYPE_FUNDAMENTAL (type)) {
    case G_TYPE_STRING:
      json_set_string (p, "default", g_value_get_string (value));
      return;
    case G_TYPE_BOOLEAN:
      json_set_string (p, "default", g_value_get_boolean (value) ? "true" :
          "false");
      return;
    case G_TYPE_INT:{
      GParamSpecInt *s = G_PARAM_SPEC_INT (spec);

      SET_RANGE ("%d", g_value_get_int (value), s->minimum, s->maximum);
      return;
    }
    case G_TYPE_UINT:{
      GParamSpecUInt *s = G_PARAM_SPEC_UINT (spec);

      SET_RANGE ("%u", g_value_get_uint (value), s->minimum, s->maximum);
      return;
    }
    case G_TYPE_INT64:{
      GParamSpecInt64 *s = G_PARAM_SPEC_INT64 (spec);

      SET_RANGE ("%" G_GINT64_FORMAT, g_value_get_int64 (value), s->minimum,
          s->maximum);
      return;
    }
    case G_TYPE_UINT64:{
      GParamSpecUInt64 *s = G_PARAM_SPEC_UINT64 (spec);

      SET_RANGE ("%" G_GUINT64_FORMAT, g_value_get_uint64 (value),
          s->minimum, s->maximum);
      return;
    }
    case G_TYPE_FLOAT:{
      GParamSpecFloat *s = G_PARAM_SPEC_FLOAT (spec);

      SET_RANGE ("%g", g_value_get_float (value), s->minimum, s->maximum);
      return;
    }
    case G_TYPE_DOUBLE:{
      GParamSpecDouble *s = G_PARAM_SPEC_DOUBLE (spec);

      SET_RANGE ("%g", g_value_get_double (value), s->minimum, s->maximum);
      return;
    }
    case G_TYPE_ENUM:{
      GEnumClass *klass = g_type_class_ref (type);
      GEnumValue *v = g_enum_get_value (klass, g_value_get_enum (value));

      json_set_string_take (p, "default", g_strdup_printf ("%s (%d)",
              v ? v->value_nick : "", g_value_get_enum (value)));
      g_type_class_unref (klass);
      return;
    }
    case G_TYPE_FLAGS:
      json_set_string_take (p, "default", flags_to_string (type,
              g_value_get_flags (value)));
      return;
    default:
      break;
  }

  if (type == GST_TYPE_CAPS) {
    const GstCaps *caps = gst_value_get_caps (value);

    if (caps)
      json_set_string_take (p, "default", gst_caps_to_string (caps));
  } else if (type == GST_TYPE_STRUCTURE) {
    const GstStructure *s = gst_value_get_structure (value);

    if (s)
      json_set_string_take (p, "default", gst_structure_to_string (s));
  } else if (GST_IS_PARAM_SPEC_FRACTION (spec)) {
    GstParamSpecFraction *f = GST_PARAM_SPEC_FRACTION (spec);

    json_set_string_take (p, "default", g_strdup_printf ("%d/%d",
            gst_value_get_fraction_numerator (value),
            gst_value_get_fraction_denominator (value)));
    json_set_string_take (p, "min", g_strdup_printf ("%d/%d", f->min_num,
            f->min_den));
    json_set_string_take (p, "max", g_strdup_printf ("%d/%d", f->max_num,
            f->max_den));
  }
  /* Other types (a GstValueArray, an object) have no default here, as in
   * GStreamer's cache. */
}

static const gchar *
mutable_in (GParamFlags flags)
{
  if (flags & GST_PARAM_MUTABLE_PLAYING)
    return "playing";
  if (flags & GST_PARAM_MUTABLE_PAUSED)
    return "paused";
  if (flags & GST_PARAM_MUTABLE_READY)
    return "ready";
  return "null";
}

/* The properties that @type itself installs (not those it inherits). */
static void
add_properties (Json * json, Json * other_types, GType type, GObject * instance)
{
  GParamSpec **specs;
  guint i, n;
  Json *props = NULL;

  specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (instance), &n);
  for (i = 0; i < n; i++) {
    GParamSpec *spec = specs[i];
    GValue value = G_VALUE_INIT;
    Json *p;

    if (spec->owner_type != type)
      continue;
    if (props == NULL)
      props = json_set_object (json, "properties");

    p = json_set_object (props, spec->name);
    json_set_string (p, "blurb", g_param_spec_get_blurb (spec));
    json_set_boolean (p, "conditionally-available",
        spec->flags & GST_PARAM_CONDITIONALLY_AVAILABLE);
    json_set_boolean (p, "construct", spec->flags & G_PARAM_CONSTRUCT);
    json_set_boolean (p, "construct-only",
        spec->flags & G_PARAM_CONSTRUCT_ONLY);
    json_set_boolean (p, "controllable", spec->flags & GST_PARAM_CONTROLLABLE);
    json_set_string (p, "mutable", mutable_in (spec->flags));
    json_set_boolean (p, "readable", spec->flags & G_PARAM_READABLE);
    json_set_boolean (p, "writable", spec->flags & G_PARAM_WRITABLE);
    json_set_string (p, "type", g_type_name (spec->value_type));

    g_value_init (&value, spec->value_type);
    if ((spec->flags & G_PARAM_READABLE) &&
        !(spec->flags & GST_PARAM_DOC_SHOW_DEFAULT))
      g_object_get_property (instance, spec->name, &value);
    else
      g_param_value_set_default (spec, &value);
    add_property_default (p, spec, &value);
    g_value_unset (&value);

    add_other_type (other_types, spec->value_type, NULL);
  }
  g_free (specs);
}

/* The signals that @type itself defines. */
static void
add_signals (Json * json, Json * other_types, GType type)
{
  guint *ids, n, i, j;
  Json *signals = NULL;

  ids = g_signal_list_ids (type, &n);
  for (i = 0; i < n; i++) {
    GSignalQuery q;
    Json *s, *args;

    g_signal_query (ids[i], &q);
    if (signals == NULL)
      signals = json_set_object (json, "signals");
    s = json_set_object (signals, q.signal_name);
    args = json_set (s, "args", json_new (JSON_ARRAY));
    for (j = 0; j < q.n_params; j++) {
      GType t = q.param_types[j] & ~G_SIGNAL_TYPE_STATIC_SCOPE;
      Json *a = json_new (JSON_OBJECT);

      json_set_string_take (a, "name", g_strdup_printf ("arg%u", j));
      json_set_string (a, "type", g_type_name (t));
      g_ptr_array_add (args->items, a);
      add_other_type (other_types, t, NULL);
    }
    json_set_string (s, "return-type", g_type_name (q.return_type));
    add_other_type (other_types, q.return_type, NULL);

    if (q.signal_flags & G_SIGNAL_RUN_FIRST)
      json_set_string (s, "when", "first");
    else if (q.signal_flags & G_SIGNAL_RUN_LAST)
      json_set_string (s, "when", "last");
    else if (q.signal_flags & G_SIGNAL_RUN_CLEANUP)
      json_set_string (s, "when", "cleanup");
    if (q.signal_flags & G_SIGNAL_NO_RECURSE)
      json_set_boolean (s, "no-recurse", TRUE);
    if (q.signal_flags & G_SIGNAL_DETAILED)
      json_set_boolean (s, "detailed", TRUE);
    if (q.signal_flags & G_SIGNAL_ACTION)
      json_set_boolean (s, "action", TRUE);
    if (q.signal_flags & G_SIGNAL_NO_HOOKS)
      json_set_boolean (s, "no-hooks", TRUE);
  }
  g_free (ids);
}

static void
add_object_details (Json * json, Json * other_types, GType type,
    GObject * instance)
{
  Json *hierarchy = json_set (json, "hierarchy", json_new (JSON_ARRAY));
  GType *ifaces;
  guint n_ifaces, i;
  GType t;

  for (t = type; t != 0; t = g_type_parent (t)) {
    json_append_string (hierarchy, g_type_name (t));
    if (t != type)
      add_other_type (other_types, t, instance);
  }

  ifaces = g_type_interfaces (type, &n_ifaces);
  if (n_ifaces > 0) {
    Json *interfaces = json_set (json, "interfaces", json_new (JSON_ARRAY));

    for (i = 0; i < n_ifaces; i++) {
      json_append_string (interfaces, g_type_name (ifaces[i]));
      add_other_type (other_types, ifaces[i], instance);
    }
  }
  g_free (ifaces);

  add_properties (json, other_types, type, instance);
  add_signals (json, other_types, type);
}

static gboolean
append_caps_field (GQuark field, const GValue * value, gpointer user_data)
{
  GString *s = user_data;
  gchar *v = gst_value_serialize (value);

  g_string_append_printf (s, "%15s: %s\n", g_quark_to_string (field), v);
  g_free (v);
  return TRUE;
}

/* Caps as the cache shows them: one "name:" line per structure, then one
 * right-aligned "field: value" line per field. */
static gchar *
caps_to_cache_string (const GstCaps * caps)
{
  GString *s;
  guint i;

  if (gst_caps_is_any (caps))
    return g_strdup ("ANY");
  if (gst_caps_is_empty (caps))
    return g_strdup ("EMPTY");

  s = g_string_new (NULL);
  for (i = 0; i < gst_caps_get_size (caps); i++) {
    GstStructure *st = gst_caps_get_structure (caps, i);
    GstCapsFeatures *f = gst_caps_get_features (caps, i);

    if (i > 0)
      g_string_append_c (s, '\n');
    if (f && (gst_caps_features_is_any (f) ||
            !gst_caps_features_is_equal (f,
                GST_CAPS_FEATURES_MEMORY_SYSTEM_MEMORY))) {
      gchar *fs = gst_caps_features_to_string (f);

      g_string_append_printf (s, "%s(%s):\n", gst_structure_get_name (st), fs);
      g_free (fs);
    } else {
      g_string_append_printf (s, "%s:\n", gst_structure_get_name (st));
    }
    gst_structure_foreach (st, append_caps_field, s);
  }
  return g_string_free (s, FALSE);
}

static void
add_pad_templates (Json * json, Json * other_types, GstElement * element,
    GstElementFactory * factory)
{
  const GList *l;
  Json *templates = NULL;

  for (l = gst_element_factory_get_static_pad_templates (factory); l;
      l = l->next) {
    GstStaticPadTemplate *st = l->data;
    GstPadTemplate *tmpl =
        gst_element_class_get_pad_template (GST_ELEMENT_GET_CLASS (element),
        st->name_template);
    GstCaps *caps = gst_pad_template_get_documentation_caps (tmpl);
    gchar **parts;
    gchar *name;
    Json *t;
    GType pad_type;

    if (templates == NULL)
      templates = json_set_object (json, "pad-templates");

    /* The cache doubles the '%' of template names ("src_%%u"). */
    parts = g_strsplit (st->name_template, "%", -1);
    name = g_strjoinv ("%%", parts);
    g_strfreev (parts);
    t = json_set_object (templates, name);
    g_free (name);

    json_set_string_take (t, "caps", caps_to_cache_string (caps));
    gst_caps_unref (caps);
    json_set_string (t, "direction", st->direction == GST_PAD_SRC ? "src" :
        st->direction == GST_PAD_SINK ? "sink" : "unknown");
    json_set_string (t, "presence", st->presence == GST_PAD_ALWAYS ?
        "always" : st->presence == GST_PAD_SOMETIMES ? "sometimes" :
        st->presence == GST_PAD_REQUEST ? "request" : "unknown");

    pad_type = GST_PAD_TEMPLATE_GTYPE (tmpl);
    if (pad_type != G_TYPE_NONE && pad_type != GST_TYPE_PAD) {
      json_set_string (t, "type", g_type_name (pad_type));
      if (gst_type_is_plugin_api (pad_type, NULL) &&
          !g_tree_lookup (other_types->members, g_type_name (pad_type))) {
        /* A pad needs its direction to be constructed (a ghost pad makes
         * its internal pad then). */
        GObject *pad = g_object_new (pad_type, "name", "doc",
            "direction", st->direction, NULL);

        g_object_ref_sink (pad);
        add_object_type (other_types, pad_type, pad);
        g_object_unref (pad);
      }
    }
  }
}

static const gchar *
rank_name (gint rank, gchar * buf, gsize size)
{
  static const struct
  {
    gint rank;
    const gchar *name;
  } ranks[] = {
    {GST_RANK_NONE, "none"},
    {GST_RANK_MARGINAL, "marginal"},
    {GST_RANK_SECONDARY, "secondary"},
    {GST_RANK_PRIMARY, "primary"},
  };
  guint i, best = 0;

  for (i = 0; i < G_N_ELEMENTS (ranks); i++) {
    if (rank == ranks[i].rank)
      return ranks[i].name;
    if (ABS (rank - ranks[i].rank) < ABS (rank - ranks[best].rank))
      best = i;
  }
  g_snprintf (buf, size, "%s %c %d", ranks[best].name,
      rank > ranks[best].rank ? '+' : '-', ABS (rank - ranks[best].rank));
  return buf;
}

static gboolean
add_element (Json * elements, Json * other_types, GstElementFactory * factory)
{
  GstElement *element = gst_element_factory_create (factory, NULL);
  Json *e;
  gchar **keys, **k;
  gchar buf[32];

  if (element == NULL) {
    g_printerr ("Could not create a %s element\n", GST_OBJECT_NAME (factory));
    return FALSE;
  }
  gst_object_ref_sink (element);

  e = json_set_object (elements, GST_OBJECT_NAME (factory));
  json_set_string (e, "rank", rank_name (gst_plugin_feature_get_rank
          (GST_PLUGIN_FEATURE (factory)), buf, sizeof (buf)));
  keys = gst_element_factory_get_metadata_keys (factory);
  for (k = keys; k && *k; k++)
    json_set_string (e, *k, gst_element_factory_get_metadata (factory, *k));
  g_strfreev (keys);

  add_object_details (e, other_types, G_OBJECT_TYPE (element),
      G_OBJECT (element));
  add_pad_templates (e, other_types, element, factory);

  gst_object_unref (element);
  return TRUE;
}

static gint
compare_feature_names (gconstpointer a, gconstpointer b)
{
  return strcmp (GST_OBJECT_NAME (a), GST_OBJECT_NAME (b));
}

static gboolean
add_plugin (Json * cache, const gchar * path)
{
  GError *err = NULL;
  GstPlugin *plugin = gst_plugin_load_file (path, &err);
  GList *features, *l;
  gchar *base, *dot, *filename;
  Json *p, *elements, *other_types, *tracers;
  gboolean ok = TRUE;

  if (plugin == NULL) {
    g_printerr ("%s could not be loaded as a GStreamer plugin: %s\n", path,
        err ? err->message : "no reason given");
    g_clear_error (&err);
    return FALSE;
  }

  base = g_path_get_basename (path);
  dot = strchr (base, '.');
  if (dot)
    *dot = '\0';
  filename = g_str_has_prefix (base, "lib") ? base + 3 : base;

  p = json_set_object (cache, gst_plugin_get_name (plugin));
  json_set_string (p, "description", gst_plugin_get_description (plugin));
  json_set_string (p, "filename", filename);
  json_set_string (p, "license", gst_plugin_get_license (plugin));
  json_set_string (p, "package", gst_plugin_get_package (plugin));
  json_set_string (p, "source", gst_plugin_get_source (plugin));
  json_set_string (p, "url", gst_plugin_get_origin (plugin));
  elements = json_set_object (p, "elements");
  other_types = json_set_object (p, "other-types");
  tracers = json_set_object (p, "tracers");
  g_free (base);

  features = gst_registry_get_feature_list_by_plugin (gst_registry_get (),
      gst_plugin_get_name (plugin));
  features = g_list_sort (features, compare_feature_names);
  for (l = features; l; l = l->next) {
    GstPluginFeature *feature = l->data;

    if (GST_IS_ELEMENT_FACTORY (feature)) {
      GstElementFactory *factory = GST_ELEMENT_FACTORY (feature);

      if (!gst_element_factory_get_skip_documentation (factory))
        ok &= add_element (elements, other_types, factory);
    } else if (GST_IS_TRACER_FACTORY (feature)) {
      json_set_object (tracers, GST_OBJECT_NAME (feature));
    }
  }
  gst_plugin_feature_list_free (features);
  gst_object_unref (plugin);

  return ok;
}

int
main (int argc, char **argv)
{
  GError *err = NULL;
  gchar *registry;
  gint fd, i;
  Json *cache;
  GString *out;
  gboolean ok = TRUE;

  if (argc < 3) {
    g_printerr ("usage: %s OUTPUT.json PLUGIN.so [PLUGIN.so ...]\n", argv[0]);
    return 2;
  }

  setlocale (LC_ALL, "C");

  /* Only the files named: no plugin path scanned, no registry read or
   * kept (a throw-away one, as an installed copy of the plugin must not
   * stand in for the one being documented). */
  fd = g_file_open_tmp ("gst-tc-plugins-cache-XXXXXX.bin", &registry, &err);
  if (fd < 0) {
    g_printerr ("Could not make a temporary registry: %s\n", err->message);
    g_clear_error (&err);
    return 1;
  }
  g_close (fd, NULL);
  g_unlink (registry);
  g_setenv ("GST_REGISTRY_1_0", registry, TRUE);
  g_setenv ("GST_PLUGIN_PATH_1_0", "", TRUE);
  g_setenv ("GST_PLUGIN_SYSTEM_PATH_1_0", "", TRUE);
  g_setenv ("GST_REGISTRY_FORK", "no", TRUE);
  gst_init (NULL, NULL);

  cache = json_new (JSON_OBJECT);
  for (i = 2; i < argc; i++)
    ok &= add_plugin (cache, argv[i]);

  out = g_string_new (NULL);
  json_write (out, cache, 0);
  g_string_append_c (out, '\n');
  json_free (cache);

  if (ok && !g_file_set_contents (argv[1], out->str, out->len, &err)) {
    g_printerr ("Could not write %s: %s\n", argv[1], err->message);
    g_clear_error (&err);
    ok = FALSE;
  }
  g_string_free (out, TRUE);

  gst_deinit ();
  g_unlink (registry);
  g_free (registry);
  return ok ? 0 : 1;
}
