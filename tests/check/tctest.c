/* Helpers shared by the tests. */
#include "tctest.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>

/* libcheck runs each test in a forked child, so a skip is recorded as a
 * line in this file, which the parent counts. */
#define SKIPS_VAR "TC_TEST_SKIPS"

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
  gchar *why;

  if (value != NULL && *value != '\0')
    return value;
  fail_if (g_strcmp0 (g_getenv ("TC_REQUIRE_SERVICES"), "1") == 0,
      "%s is not set: run the tests under tests/services/with-services.sh",
      var);
  why = g_strdup_printf ("%s is not set (run the test under "
      "tests/services/with-services.sh)", var);
  tc_test_skip (why);
  g_free (why);
  return NULL;
}

void
tc_test_skip (const gchar * why)
{
  const gchar *path = g_getenv (SKIPS_VAR);
  gchar *line = g_strdup_printf ("%s\n", why);
  gint fd;

  g_print ("SKIP: %s\n", why);
  fd = path != NULL ? g_open (path, O_WRONLY | O_APPEND, 0) : -1;
  fail_unless (fd >= 0, "no %s: run the suite with tc_test_run_suite",
      SKIPS_VAR);
  fail_unless (write (fd, line, strlen (line)) == (gssize) strlen (line));
  close (fd);
  g_free (line);
}

/* How many lines tc_test_skip wrote to path. */
static guint
count_skips (const gchar * path)
{
  gchar *text = NULL;
  guint n = 0;
  gchar *p;

  if (g_file_get_contents (path, &text, NULL, NULL))
    for (p = text; (p = strchr (p, '\n')) != NULL; p++)
      n++;
  g_free (text);
  return n;
}

gint
tc_test_run_suite (Suite * suite, const gchar * name, const gchar * fname)
{
  SRunner *sr = srunner_create (suite);
  gchar *path = NULL;
  gint fd = g_file_open_tmp ("tc-skips-XXXXXX", &path, NULL);
  gint n_run, n_failed, status;
  guint n_skipped;

  g_assert (fd >= 0);
  close (fd);
  g_setenv (SKIPS_VAR, path, TRUE);
  srunner_run_all (sr, CK_NORMAL);
  n_run = srunner_ntests_run (sr);
  n_failed = srunner_ntests_failed (sr);
  n_skipped = count_skips (path);
  g_print ("Check suite %s (%s): %d run, %d failed, %u skipped\n", name,
      fname, n_run, n_failed, n_skipped);
  /* One skipped test makes the program a SKIP: the tests that ran are
   * told apart in the log, and meson must not show a partial run as OK. */
  status = n_failed > 0 ? 1 : n_skipped > 0 ? 77 : 0;
  srunner_free (sr);
  g_unlink (path);
  g_free (path);
  return status;
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
