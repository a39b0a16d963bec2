/* Helpers shared by the tests. */
#ifndef __TC_TEST_H__
#define __TC_TEST_H__

#include <glib.h>

G_BEGIN_DECLS

/* Absolute path of a generated test media file (TC_TEST_MEDIA/name).
 * Fails the test if the media folder is not there. Free with g_free(). */
gchar *tc_test_media (const gchar * name);

G_END_DECLS

#endif
