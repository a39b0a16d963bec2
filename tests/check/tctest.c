/* Helpers shared by the tests. */
#include "tctest.h"

#include <stdlib.h>

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
