/* tensorchunker core: decode ahead, a ring of decoded frames and its thread
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

/* A thread runs the caller's read function (read, decode, tc_ahead_put())
 * until the end, a stop or an interrupt; the caller takes the frames with
 * tc_ahead_next().  Who touches what:
 *   - thread, wanted, frame, aborting: the caller's thread only (aborting
 *     is read by the thread, atomically);
 *   - everything else: under lock, from either thread.
 * The caller stops the thread (tc_ahead_stop) before it touches what the
 * read function uses. */

#include "tcprivate.h"

/* The ring holds up to the frames asked for, of the largest size seen; at
 * least AHEAD_MIN_BYTES of smaller ones (an AAC frame is 8 KiB: a ring of
 * 8 of them would hand over each frame on its own), in at most
 * MAX (asked, AHEAD_MIN_SLOTS) frames. */
#define AHEAD_MIN_SLOTS 32
#define AHEAD_MIN_BYTES (2 * 1024 * 1024)
/* A wait for a batch of frames gives up after this long (µs): a thread
 * slowed by its input must not hold back the frames it has decoded. */
#define AHEAD_BATCH_WAIT (2 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  TcAhead *ahead;
  TcAheadRead read;
  gpointer data;
} TcAheadRun;

void
tc_ahead_init (TcAhead * ahead, const atomic_int * interrupted)
{
  memset (ahead, 0, sizeof (*ahead));
  ahead->interrupted = interrupted;
  atomic_init (&ahead->aborting, 0);
  g_mutex_init (&ahead->lock);
  g_cond_init (&ahead->cond);
  g_queue_init (&ahead->overflow);
}

static gboolean
stopping (TcAhead * ahead)
{
  return ahead->stop || atomic_load (ahead->interrupted)
      || atomic_load (&ahead->aborting);
}

static gsize
frame_bytes (const AVFrame * frame)
{
  gsize n = 0;
  gint i;

  for (i = 0; i < AV_NUM_DATA_POINTERS && frame->buf[i]; i++)
    n += frame->buf[i]->size;
  for (i = 0; i < frame->nb_extended_buf; i++)
    n += frame->extended_buf[i]->size;
  return n;
}

/* Called with lock.  Handing over frames one by one would wake the
 * other thread for each (on a VM, an interrupt each: for an hour of AAC,
 * 170000 of them, seconds of CPU), so each side waits for the other to
 * have done some work: the thread, when the ring is full, until it is
 * half empty; a step, when it is empty, until a batch is there. */
static gboolean
full (TcAhead * ahead, gsize more)
{
  return ahead->count > 0 && (ahead->count == ahead->capacity
      || ahead->bytes + more > ahead->budget);
}

static gboolean
half_empty (TcAhead * ahead)
{
  return ahead->count <= ahead->capacity / 2
      && ahead->bytes <= ahead->budget / 2;
}

static gboolean
batch (TcAhead * ahead)
{
  return ahead->count > 0 && (ahead->count >= ahead->capacity / 4
      || ahead->bytes >= ahead->budget / 4);
}

static gboolean
has_frames (TcAhead * ahead)
{
  return ahead->count > 0 || !g_queue_is_empty (&ahead->overflow);
}

static void
free_ring (TcAhead * ahead)
{
  guint i;

  for (i = 0; i < ahead->capacity; i++)
    av_frame_free (&ahead->ring[i].frame);
  g_clear_pointer (&ahead->ring, g_free);
  ahead->capacity = ahead->head = ahead->count = 0;
}

/* The thread stopped: what it decoded and how it ended are dropped (a seek
 * or a close). */
void
tc_ahead_drop (TcAhead * ahead)
{
  TcAheadItem *item;

  g_assert (ahead->thread == NULL);
  while (ahead->count > 0) {
    av_frame_unref (ahead->ring[ahead->head].frame);
    ahead->head = (ahead->head + 1) % ahead->capacity;
    ahead->count--;
  }
  ahead->bytes = 0;
  while ((item = g_queue_pop_head (&ahead->overflow))) {
    av_frame_free (&item->frame);
    g_free (item);
  }
  ahead->ended = FALSE;
  g_clear_error (&ahead->error);
}

void
tc_ahead_clear (TcAhead * ahead)
{
  tc_ahead_stop (ahead, TRUE);
  tc_ahead_drop (ahead);
  free_ring (ahead);
  av_frame_free (&ahead->frame);
  g_mutex_clear (&ahead->lock);
  g_cond_clear (&ahead->cond);
}

/* The ring's size, used when the thread starts next. */
void
tc_ahead_set_wanted (TcAhead * ahead, guint frames)
{
  g_assert (ahead->thread == NULL);
  ahead->wanted = frames;
}

guint
tc_ahead_wanted (TcAhead * ahead)
{
  return ahead->wanted;
}

gboolean
tc_ahead_aborting (TcAhead * ahead)
{
  return atomic_load (&ahead->aborting);
}

/* The interrupt changed: wakes the caller waiting for decoded frames, and
 * the thread waiting for room: it leaves. */
void
tc_ahead_wake (TcAhead * ahead)
{
  g_mutex_lock (&ahead->lock);
  g_cond_broadcast (&ahead->cond);
  g_mutex_unlock (&ahead->lock);
}

/* Called with lock: a frame that does not fit in the ring, after it. */
static void
put_overflow (TcAhead * ahead, gpointer tag, AVFrame * frame)
{
  TcAheadItem *item = g_new (TcAheadItem, 1);

  item->tag = tag;
  item->frame = av_frame_alloc ();
  if (item->frame == NULL) {
    TC_WARNING ("out of memory: a decoded frame dropped");
    av_frame_unref (frame);
    g_free (item);
    return;
  }
  av_frame_move_ref (item->frame, frame);
  g_queue_push_tail (&ahead->overflow, item);
}

/* The thread: queues frame (taking its data), waiting for room in the
 * ring.  A thread asked to stop, or interrupted, keeps what the packet it
 * is decoding still gives in the overflow, after the ring, so that no frame
 * is lost when it is started again. */
void
tc_ahead_put (TcAhead * ahead, gpointer tag, AVFrame * frame)
{
  gsize bytes = frame_bytes (frame);
  TcAheadItem *item;

#ifdef TC_TSAN_INJECT_RACE
  /* Only in tests/sanitizers' test-core-race: the ring read outside its
   * lock, a race the ThreadSanitizer run must report. */
  if (ahead->count == G_MAXUINT)
    g_warning ("a full ring");
#endif
  g_mutex_lock (&ahead->lock);
  if (bytes > ahead->largest) {
    ahead->largest = bytes;
    ahead->budget = MAX (ahead->wanted * bytes, AHEAD_MIN_BYTES);
  }
  if (full (ahead, bytes) && !stopping (ahead)) {
    ahead->producer_waiting = TRUE;
    g_cond_broadcast (&ahead->cond);
    while (full (ahead, bytes) && !stopping (ahead))
      g_cond_wait (&ahead->cond, &ahead->lock);
    ahead->producer_waiting = FALSE;
  }
  if (!full (ahead, bytes) && ahead->count < ahead->capacity
      && g_queue_is_empty (&ahead->overflow)) {
    item = &ahead->ring[(ahead->head + ahead->count) % ahead->capacity];
    item->tag = tag;
    av_frame_move_ref (item->frame, frame);
    ahead->count++;
    ahead->bytes += bytes;
  } else {
    put_overflow (ahead, tag, frame);
  }
  /* the first frame starts the caller's wait for a batch */
  if (ahead->consumer_waiting && (ahead->count == 1 || batch (ahead)
          || !g_queue_is_empty (&ahead->overflow)))
    g_cond_broadcast (&ahead->cond);
  g_mutex_unlock (&ahead->lock);
}

/* Called with lock: moves the oldest queued frame into ahead->frame and
 * returns its tag. */
static gpointer
take (TcAhead * ahead)
{
  TcAheadItem *item;
  gpointer tag;

  if (ahead->count > 0) {
    item = &ahead->ring[ahead->head];
    tag = item->tag;
    ahead->bytes -= MIN (ahead->bytes, frame_bytes (item->frame));
    av_frame_move_ref (ahead->frame, item->frame);
    ahead->head = (ahead->head + 1) % ahead->capacity;
    ahead->count--;
    if (ahead->producer_waiting && half_empty (ahead))
      g_cond_broadcast (&ahead->cond);
    return tag;
  }
  item = g_queue_pop_head (&ahead->overflow);
  tag = item->tag;
  av_frame_move_ref (ahead->frame, item->frame);
  av_frame_free (&item->frame);
  g_free (item);
  return tag;
}

/* Reads and decodes until the end, a stop, or an interrupt: the caller
 * interrupts before it stops or seeks, and the thread must not go on
 * reading (blocking in a network read, say) once the caller has cleared
 * the interrupt to remove an output or to close.  The next step starts it
 * again where it left off, as a step does after an interrupted read. */
static gpointer
thread_func (gpointer data)
{
  TcAheadRun *run = data;
  TcAhead *ahead = run->ahead;
  TcStepResult result = TC_STEP_OK;
  GError *error = NULL;
  gboolean ended = FALSE;

  g_mutex_lock (&ahead->lock);
  while (!stopping (ahead)) {
    g_mutex_unlock (&ahead->lock);
    g_clear_error (&error);
    result = run->read (run->data, &ended, &error);
    g_mutex_lock (&ahead->lock);
    if (ended || result == TC_STEP_ERROR)
      break;
  }
  if (ended) {
    ahead->ended = TRUE;
    ahead->result = result;
    ahead->error = g_steal_pointer (&error);
  }
  ahead->exited = TRUE;
  g_cond_broadcast (&ahead->cond);
  g_mutex_unlock (&ahead->lock);
  g_clear_error (&error);
  g_free (run);
  return NULL;
}

static gboolean
alloc_ring (TcAhead * ahead)
{
  guint i, capacity = MAX (ahead->wanted, AHEAD_MIN_SLOTS);

  if (ahead->capacity != capacity) {
    free_ring (ahead);
    ahead->capacity = capacity;
    ahead->ring = g_new0 (TcAheadItem, capacity);
    for (i = 0; i < capacity; i++) {
      ahead->ring[i].frame = av_frame_alloc ();
      if (ahead->ring[i].frame == NULL)
        goto no_memory;
    }
  }
  if (ahead->frame == NULL && (ahead->frame = av_frame_alloc ()) == NULL)
    goto no_memory;
  return TRUE;

no_memory:
  free_ring (ahead);
  return FALSE;
}

/* Starts a thread running read (data): FALSE when it could not, then the
 * caller reads in its own thread. */
gboolean
tc_ahead_start (TcAhead * ahead, TcAheadRead read, gpointer data)
{
  GError *error = NULL;
  TcAheadRun *run;

  g_assert (ahead->thread == NULL);
  if (!alloc_ring (ahead))
    return FALSE;
  run = g_new (TcAheadRun, 1);
  run->ahead = ahead;
  run->read = read;
  run->data = data;
  ahead->thread = g_thread_try_new ("tc-decode", thread_func, run, &error);
  if (ahead->thread == NULL) {
    TC_WARNING ("no decode-ahead thread, decoding in step: %s", error->message);
    g_clear_error (&error);
    g_free (run);
    return FALSE;
  }
  return TRUE;
}

/* Stops the thread and joins it, keeping what it decoded; with abort,
 * makes its blocking reads give up.  TRUE when a thread was running. */
gboolean
tc_ahead_stop (TcAhead * ahead, gboolean abort)
{
  if (ahead->thread == NULL)
    return FALSE;
  g_mutex_lock (&ahead->lock);
  ahead->stop = TRUE;
  if (abort)
    atomic_store (&ahead->aborting, 1);
  g_cond_broadcast (&ahead->cond);
  g_mutex_unlock (&ahead->lock);

  g_thread_join (ahead->thread);
  ahead->thread = NULL;
  /* the thread is gone: no lock needed, but the fields are the lock's */
  g_mutex_lock (&ahead->lock);
  ahead->stop = FALSE;
  ahead->exited = FALSE;
  g_mutex_unlock (&ahead->lock);
  atomic_store (&ahead->aborting, 0);
  return TRUE;
}

/* Whether the caller may read in its own thread: no thread, and nothing
 * it left (frames, or the end it reached). */
gboolean
tc_ahead_idle (TcAhead * ahead)
{
  gboolean idle;

  if (ahead->thread != NULL)
    return FALSE;
  g_mutex_lock (&ahead->lock);
  idle = !has_frames (ahead) && !ahead->ended;
  g_mutex_unlock (&ahead->lock);
  return idle;
}

/* Called with lock: waits as long as it takes for a first frame, then for
 * a batch, or a little while. */
static void
wait_frames (TcAhead * ahead)
{
  gint64 deadline = 0;

  ahead->consumer_waiting = TRUE;
  while (!ahead->ended && !ahead->exited && !atomic_load (ahead->interrupted)) {
    if (!has_frames (ahead)) {
      g_cond_wait (&ahead->cond, &ahead->lock);
      continue;
    }
    if (batch (ahead) || ahead->producer_waiting || ahead->count == 0)
      break;
    if (deadline == 0)
      deadline = g_get_monotonic_time () + AHEAD_BATCH_WAIT;
    if (!g_cond_wait_until (&ahead->cond, &ahead->lock, deadline))
      break;
  }
  ahead->consumer_waiting = FALSE;
}

/* The next decoded frame, waiting for it: TC_AHEAD_FRAME with *frame (the
 * caller unrefs it) and *tag; or how the thread ended (the caller stops it
 * then, to join it). */
TcAheadNext
tc_ahead_next (TcAhead * ahead, AVFrame ** frame, gpointer * tag,
    TcStepResult * result, GError ** error)
{
  TcAheadNext next = TC_AHEAD_INTERRUPTED;

  g_mutex_lock (&ahead->lock);
  if (!has_frames (ahead))
    wait_frames (ahead);
  if (has_frames (ahead)) {
    *tag = take (ahead);
    *frame = ahead->frame;
    next = TC_AHEAD_FRAME;
  } else if (ahead->ended) {
    *result = ahead->result;
    if (ahead->error != NULL)
      g_propagate_error (error, g_steal_pointer (&ahead->error));
    ahead->ended = FALSE;
    next = TC_AHEAD_ENDED;
  } else if (ahead->exited) {
    next = TC_AHEAD_EXITED;
  }
  g_mutex_unlock (&ahead->lock);
  return next;
}

/* After a stop: the next frame the thread left into *frame (the caller
 * unrefs it), FALSE when none is left. */
gboolean
tc_ahead_pop (TcAhead * ahead, AVFrame ** frame, gpointer * tag)
{
  gboolean any;

  g_assert (ahead->thread == NULL);
  g_mutex_lock (&ahead->lock);
  any = has_frames (ahead);
  if (any) {
    *tag = take (ahead);
    *frame = ahead->frame;
  }
  g_mutex_unlock (&ahead->lock);
  return any;
}

/* After a stop: the frames of tag (a decoder freed) go nowhere. */
void
tc_ahead_forget (TcAhead * ahead, gpointer tag)
{
  GList *l;
  guint i;

  g_assert (ahead->thread == NULL);
  g_mutex_lock (&ahead->lock);
  for (i = 0; i < ahead->count; i++) {
    TcAheadItem *item = &ahead->ring[(ahead->head + i) % ahead->capacity];
    if (item->tag == tag)
      item->tag = NULL;
  }
  for (l = ahead->overflow.head; l != NULL; l = l->next) {
    TcAheadItem *item = l->data;
    if (item->tag == tag)
      item->tag = NULL;
  }
  g_mutex_unlock (&ahead->lock);
}

/* Whether a thread runs (or ran and is not joined yet). */
gboolean
tc_ahead_running (TcAhead * ahead)
{
  return ahead->thread != NULL;
}
