/* GMutex and GCond made visible to ThreadSanitizer.
 *
 * On Linux GLib implements GMutex and GCond with futexes, which TSan does
 * not see: with an uninstrumented GLib, every access a GMutex guards looks
 * like a race (or, worse, suppressing those hides the real ones).  This
 * library, preloaded (LD_PRELOAD) into the test programs of a
 * -Db_sanitize=thread build, stands in for GLib's g_mutex_* and g_cond_wait*
 * and tells TSan about each lock and unlock with the annotations of
 * <sanitizer/tsan_interface.h>, calling GLib's own functions to do the work.
 * Every call through the PLT is seen: ours, GStreamer's (GST_OBJECT_LOCK,
 * GstBus, GstTask...) and FFmpeg's none (it uses pthreads, which TSan
 * intercepts, as GRecMutex and GRWLock do).  Calls inside GLib itself may
 * bind locally and stay invisible: tsan.supp names what that leaves.
 *
 * Two more hand-overs happen inside uninstrumented code and are told to TSan
 * here as happens-before edges: a GThreadPool's work item (how GstTask
 * starts a streaming thread) from g_thread_pool_push to the worker that runs
 * it, and the last reference of a GObject or GstMiniObject (atomics in
 * GLib and GStreamer): every unref is a release and an acquire on the
 * object, so the thread that frees it comes after every other that dropped
 * a reference.
 */
#define _GNU_SOURCE
#include <dlfcn.h>

#include <glib.h>
#include <sanitizer/tsan_interface.h>

/* GLib's own function @name, looked up at its first use (RTLD_NEXT: the
 * next library in the search order after this one), by any thread: an
 * atomic pointer, which TSan knows. */
#define REAL(type, name)                                                \
  static type real_ptr_ = NULL;                                         \
  type real_ = __atomic_load_n (&real_ptr_, __ATOMIC_ACQUIRE);          \
  if (G_UNLIKELY (real_ == NULL)) {                                     \
    real_ = (type) dlsym (RTLD_NEXT, name);                             \
    __atomic_store_n (&real_ptr_, real_, __ATOMIC_RELEASE);             \
  }

/* The dynamic annotations of TSan's runtime (tsan_interface_ann.cpp). */
void AnnotateHappensBefore (const char *file, int line,
    const volatile void *addr);
void AnnotateHappensAfter (const char *file, int line,
    const volatile void *addr);

typedef void (*MutexFunc) (GMutex * mutex);
typedef void (*UnrefFunc) (gpointer object);
typedef GThreadPool *(*PoolNewFunc) (GFunc func, gpointer user_data,
    gint max_threads, gboolean exclusive, GError ** error);
typedef gboolean (*PoolPushFunc) (GThreadPool * pool, gpointer data,
    GError ** error);
typedef gboolean (*TryFunc) (GMutex * mutex);
typedef void (*WaitFunc) (GCond * cond, GMutex * mutex);
typedef gboolean (*WaitUntilFunc) (GCond * cond, GMutex * mutex,
    gint64 end_time);

void
g_mutex_lock (GMutex * mutex)
{
  REAL (MutexFunc, "g_mutex_lock");
  __tsan_mutex_pre_lock (mutex, 0);
  real_ (mutex);
  __tsan_mutex_post_lock (mutex, 0, 0);
}

gboolean
g_mutex_trylock (GMutex * mutex)
{
  gboolean locked;

  REAL (TryFunc, "g_mutex_trylock");
  __tsan_mutex_pre_lock (mutex, __tsan_mutex_try_lock);
  locked = real_ (mutex);
  __tsan_mutex_post_lock (mutex, __tsan_mutex_try_lock | (locked ? 0 :
          __tsan_mutex_try_lock_failed), 0);
  return locked;
}

void
g_mutex_unlock (GMutex * mutex)
{
  REAL (MutexFunc, "g_mutex_unlock");
  __tsan_mutex_pre_unlock (mutex, 0);
  real_ (mutex);
  __tsan_mutex_post_unlock (mutex, 0);
}

/* A wait releases the mutex and takes it again: told to TSan as an unlock
 * before the wait and a lock after it (the release seen early and the
 * acquisition late: never a happens-before that is not there). */
void
g_cond_wait (GCond * cond, GMutex * mutex)
{
  REAL (WaitFunc, "g_cond_wait");
  __tsan_mutex_pre_unlock (mutex, 0);
  __tsan_mutex_post_unlock (mutex, 0);
  real_ (cond, mutex);
  __tsan_mutex_pre_lock (mutex, 0);
  __tsan_mutex_post_lock (mutex, 0, 0);
}

gboolean
g_cond_wait_until (GCond * cond, GMutex * mutex, gint64 end_time)
{
  gboolean signalled;

  REAL (WaitUntilFunc, "g_cond_wait_until");
  __tsan_mutex_pre_unlock (mutex, 0);
  __tsan_mutex_post_unlock (mutex, 0);
  signalled = real_ (cond, mutex, end_time);
  __tsan_mutex_pre_lock (mutex, 0);
  __tsan_mutex_post_lock (mutex, 0, 0);
  return signalled;
}

/* A pool's function and data, for the trampoline below. */
typedef struct
{
  GFunc func;
  gpointer user_data;
} PoolFunc;

static void
run_work (gpointer data, gpointer pool_func)
{
  PoolFunc *pf = pool_func;

  AnnotateHappensAfter (__FILE__, __LINE__, data);
  pf->func (data, pf->user_data);
}

/* The PoolFunc lives as long as the process: pools are few. */
GThreadPool *
g_thread_pool_new (GFunc func, gpointer user_data, gint max_threads,
    gboolean exclusive, GError ** error)
{
  PoolFunc *pf = g_new (PoolFunc, 1);

  REAL (PoolNewFunc, "g_thread_pool_new");
  pf->func = func;
  pf->user_data = user_data;
  return real_ (run_work, pf, max_threads, exclusive, error);
}

gboolean
g_thread_pool_push (GThreadPool * pool, gpointer data, GError ** error)
{
  REAL (PoolPushFunc, "g_thread_pool_push");
  AnnotateHappensBefore (__FILE__, __LINE__, data);
  return real_ (pool, data, error);
}

/* Not declared here: no GObject or GStreamer headers for two functions. */
void g_object_unref (gpointer object);
void gst_mini_object_unref (gpointer object);

void
g_object_unref (gpointer object)
{
  REAL (UnrefFunc, "g_object_unref");
  AnnotateHappensBefore (__FILE__, __LINE__, object);
  AnnotateHappensAfter (__FILE__, __LINE__, object);
  real_ (object);
}

void
gst_mini_object_unref (gpointer object)
{
  REAL (UnrefFunc, "gst_mini_object_unref");
  AnnotateHappensBefore (__FILE__, __LINE__, object);
  AnnotateHappensAfter (__FILE__, __LINE__, object);
  real_ (object);
}
