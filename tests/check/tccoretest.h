/* Helpers of the tests of the core (ext/). */
#ifndef __TC_CORE_TEST_H__
#define __TC_CORE_TEST_H__

#include <stdlib.h>

#include "tccore.h"

/* tc_source_new(), decoding ahead as TC_TEST_DECODE_AHEAD says (frames;
 * unset: not), so that meson runs the core's tests both ways. */
static inline TcSource *
tc_test_source_new (const TcCallbacks * callbacks, gpointer user_data)
{
  TcSource *src = tc_source_new (callbacks, user_data);
  const gchar *ahead = g_getenv ("TC_TEST_DECODE_AHEAD");

  if (ahead != NULL)
    tc_source_set_decode_ahead (src, (guint) atoi (ahead));
  return src;
}

static inline gboolean
tc_test_decode_ahead (void)
{
  const gchar *ahead = g_getenv ("TC_TEST_DECODE_AHEAD");

  return ahead != NULL && atoi (ahead) > 0;
}

#endif
