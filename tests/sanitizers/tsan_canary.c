/* The proof that the ThreadSanitizer run sees GLib's locks (tsan_glib.c):
 *
 *   tsan-canary locked   two threads add to a counter under a GMutex and
 *                        hand over through a GCond: no report, exit 0
 *   tsan-canary race     the same, each first adding once without the
 *                        lock: TSan must report the race (exit 66)
 *
 * Without the interposed GMutex, "locked" is reported too (the futex is
 * invisible); with it, only the injected race is.
 */
#include <string.h>

#include <glib.h>

#define N_ADDS 1000

typedef struct
{
  GMutex lock;
  GCond cond;
  gboolean race;
  guint counter;                /* guarded by lock (but once with race) */
  guint started;                /* threads started, guarded by lock */
} Shared;

/* The forgetful access, in a function of its own so that the report names
 * it (the meson test checks).  Before either thread takes the lock: no
 * happens-before can order the two, however the threads are scheduled. */
static void add_without_lock (Shared * s) __attribute__((noinline));

static void
add_without_lock (Shared * s)
{
  s->counter++;
}

static gpointer
adder (gpointer data)
{
  Shared *s = data;
  guint i;

  if (s->race)
    add_without_lock (s);
  g_mutex_lock (&s->lock);
  s->started++;
  g_cond_signal (&s->cond);
  g_mutex_unlock (&s->lock);
  for (i = 0; i < N_ADDS; i++) {
    g_mutex_lock (&s->lock);
    s->counter++;
    g_mutex_unlock (&s->lock);
  }
  return NULL;
}

int
main (int argc, char **argv)
{
  Shared s;
  GThread *a, *b;
  guint total;

  if (argc != 2 || (strcmp (argv[1], "locked") && strcmp (argv[1], "race")))
    g_error ("usage: tsan-canary locked|race");
  memset (&s, 0, sizeof (s));
  g_mutex_init (&s.lock);
  g_cond_init (&s.cond);
  s.race = strcmp (argv[1], "race") == 0;
  a = g_thread_new ("a", adder, &s);
  b = g_thread_new ("b", adder, &s);
  /* both running, told through the GCond */
  g_mutex_lock (&s.lock);
  while (s.started < 2)
    g_cond_wait (&s.cond, &s.lock);
  g_mutex_unlock (&s.lock);
  g_thread_join (a);
  g_thread_join (b);
  total = s.counter;
  g_mutex_clear (&s.lock);
  g_cond_clear (&s.cond);
  g_print ("%u adds\n", total);
  return 0;
}
