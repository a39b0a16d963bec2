/* Replays fuzz inputs through the fuzz target without libFuzzer
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

/*
 * fuzz-driver FILE|DIR...
 *
 * Calls LLVMFuzzerTestOneInput() once per file (a folder's files in name
 * order), so that every input the fuzzer once crashed on stays a test of
 * the ordinary build (tests/fuzz/regressions/, run by meson test), with
 * or without sanitizers.  A crash, an assertion or a sanitizer report
 * fails the test; it prints which input it was on first.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t * data, size_t size);

static gboolean
run_file (const gchar * path, guint * n_run)
{
  GError *err = NULL;
  gchar *data;
  gsize size;
  gint64 start;

  if (!g_file_get_contents (path, &data, &size, &err)) {
    g_printerr ("%s: %s\n", path, err->message);
    g_error_free (err);
    return FALSE;
  }
  g_print ("%s (%" G_GSIZE_FORMAT " bytes)...", path, size);
  start = g_get_monotonic_time ();
  LLVMFuzzerTestOneInput ((const uint8_t *) data, size);
  g_print (" ok, %.2f s\n", (g_get_monotonic_time () - start) / 1e6);
  g_free (data);
  (*n_run)++;
  return TRUE;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const gchar * const *) a, *(const gchar * const *) b);
}

static gboolean
run_dir (const gchar * dir_path, guint * n_run)
{
  GError *err = NULL;
  GDir *dir = g_dir_open (dir_path, 0, &err);
  GPtrArray *paths;
  const gchar *name;
  gboolean ok = TRUE;
  guint i;

  if (dir == NULL) {
    g_printerr ("%s: %s\n", dir_path, err->message);
    g_error_free (err);
    return FALSE;
  }
  paths = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir))) {
    /* the folder's README, and hidden files */
    if (name[0] == '.' || g_str_has_suffix (name, ".md"))
      continue;
    g_ptr_array_add (paths, g_build_filename (dir_path, name, NULL));
  }
  g_dir_close (dir);
  g_ptr_array_sort (paths, compare_names);
  for (i = 0; i < paths->len && ok; i++)
    ok = run_file (g_ptr_array_index (paths, i), n_run);
  g_ptr_array_free (paths, TRUE);
  return ok;
}

int
main (int argc, char **argv)
{
  guint n_run = 0;
  gint i;

  if (argc < 2) {
    g_printerr ("usage: %s FILE|DIR...\n", argv[0]);
    return 2;
  }
  LLVMFuzzerInitialize (&argc, &argv);
  for (i = 1; i < argc; i++) {
    gboolean ok = g_file_test (argv[i], G_FILE_TEST_IS_DIR) ?
        run_dir (argv[i], &n_run) : run_file (argv[i], &n_run);
    if (!ok)
      return 1;
  }
  if (n_run == 0) {
    g_printerr ("no input found\n");
    return 1;
  }
  g_print ("%u inputs replayed\n", n_run);
  return 0;
}
