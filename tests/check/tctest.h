/* Helpers shared by the tests. */
#ifndef __TC_TEST_H__
#define __TC_TEST_H__

#include <glib.h>

G_BEGIN_DECLS

/* Absolute path of a generated test media file (TC_TEST_MEDIA/name).
 * Fails the test if the media folder is not there. Free with g_free(). */
gchar *tc_test_media (const gchar * name);

/* The value of @var, the environment variable that names a peer a test
 * needs (DISPLAY, PULSE_SERVER...: tests/services/with-services.sh sets
 * them).  When it is not set, NULL, and the test should return: it is
 * skipped, unless TC_REQUIRE_SERVICES=1 (CI), where it fails here. */
const gchar *tc_test_peer (const gchar * var);

/* Drops @pipeline and checks that it and @element (a child the pipeline
 * holds the only reference to, or NULL) are finalized.  A streaming thread that
 * just ended may still hold a reference for a moment (posting its
 * stream-status on the way out), so this waits up to a second for the
 * references to settle: a leak is a reference that stays. */
void tc_test_destroy (gpointer pipeline, gpointer element);

/* The number of open file descriptors of this process. */
guint tc_open_fds (void);

G_END_DECLS

#endif
