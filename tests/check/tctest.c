/* Helpers shared by the tests. */
#include "tctest.h"

#include <stdlib.h>

#include <gst/check/gstcheck.h>

gchar *
tc_test_media (const gchar * name)
{
  const gchar *dir = g_getenv ("TC_TEST_MEDIA");
  gchar *path;

  if (dir == NULL)
    g_error ("TC_TEST_MEDIA is not set: run the tests with meson test");
  path = g_build_filename (dir, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    g_error ("test media %s is missing: make_media.sh did not run", path);
  return path;
}

const gchar *
tc_test_peer (const gchar * var)
{
  const gchar *value = g_getenv (var);

  if (value != NULL && *value != '\0')
    return value;
  fail_if (g_strcmp0 (g_getenv ("TC_REQUIRE_SERVICES"), "1") == 0,
      "%s is not set: run the tests under tests/services/with-services.sh",
      var);
  g_print ("%s is not set: test skipped (run it under "
      "tests/services/with-services.sh)\n", var);
  return NULL;
}

void
tc_test_destroy (gpointer pipeline, gpointer element)
{
  gint i;

  for (i = 0; i < 100; i++) {
    if (GST_OBJECT_REFCOUNT_VALUE (pipeline) <= 1 && (element == NULL
            || GST_OBJECT_REFCOUNT_VALUE (element) <= 1))
      break;
    g_usleep (10 * G_TIME_SPAN_MILLISECOND);
  }
  if (element == NULL || element == pipeline)
    gst_check_object_destroyed_on_unref (pipeline);
  else
    gst_check_objects_destroyed_on_unref (pipeline, element, NULL);
}

guint
tc_open_fds (void)
{
  GDir *dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  fail_unless (dir != NULL);
  while (g_dir_read_name (dir) != NULL)
    n++;
  g_dir_close (dir);
  return n;
}
