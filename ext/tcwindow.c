/* tensorchunker core: an output's windows, the chunks being filled
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
 * Window k of an output holds the frames [k * hop, k * hop + fpc) of its
 * grid, counted from the grid's origin (the first frame kept after the
 * open, a seek or a change that cut the chunks).  With hop < fpc several
 * windows are open at once, each in the chunk memory the caller gave it,
 * and a frame is written into every one of them; with hop > fpc the
 * frames between two windows are skipped before anything is written.
 * Windows open in order and fill in order, so the oldest is always the
 * next to complete: they are kept in a ring, oldest first.
 *
 * This file only counts: the output (tcoutput.c) allocates, writes the
 * frames and delivers.  Its loop, for a run of frames:
 *   if tc_windows_due (): open a window at the current frame;
 *   n = tc_windows_run (): the frames before a window opens or completes;
 *   write them into every open window (none open: skip them);
 *   tc_windows_advance (n); deliver and pop while tc_windows_full ().
 */

#include "tcprivate.h"

#include <string.h>

void
tc_windows_init (TcWindows * w, guint fpc, guint hop)
{
  memset (w, 0, sizeof (*w));
  w->fpc = fpc;
  w->hop = hop > 0 ? hop : fpc;
}

/* The windows an output may hold open at once: ceil (fpc / hop). */
guint
tc_windows_max_open (guint fpc, guint hop)
{
  if (hop == 0 || hop >= fpc)
    return 1;
  return (fpc + hop - 1) / hop;
}

/* The open windows must have been popped or released: the grid starts
 * again at the next frame. */
void
tc_windows_restart (TcWindows * w)
{
  g_assert (w->n == 0);
  w->pos = 0;
  w->head = 0;
}

void
tc_windows_clear (TcWindows * w)
{
  g_free (w->ring);
  w->ring = NULL;
  w->cap = w->n = w->head = 0;
}

TcWindow *
tc_windows_nth (TcWindows * w, guint i)
{
  g_assert (i < w->n);
  return &w->ring[(w->head + i) % w->cap];
}

/* Whether a window starts at the current frame and is not open yet. */
gboolean
tc_windows_due (const TcWindows * w)
{
  if (w->pos % w->hop != 0)
    return FALSE;
  return w->n == 0 || w->ring[(w->head + w->n - 1) % w->cap].start != w->pos;
}

/* A new window at the current frame, newest; the caller fills in its
 * memory and times. */
TcWindow *
tc_windows_open (TcWindows * w)
{
  TcWindow *win;

  if (w->ring == NULL) {
    w->cap = tc_windows_max_open (w->fpc, w->hop);
    w->ring = g_new0 (TcWindow, w->cap);
    w->head = 0;
  }
  g_assert (w->n < w->cap);
  win = &w->ring[(w->head + w->n) % w->cap];
  memset (win, 0, sizeof (*win));
  win->start = w->pos;
  w->n++;
  return win;
}

/* How many of the next @avail frames go the same way: up to the next
 * window's first frame or the oldest window's last one.  Call after
 * opening what tc_windows_due() asked for. */
guint
tc_windows_run (const TcWindows * w, guint avail)
{
  guint64 next = w->pos - w->pos % w->hop + w->hop;
  guint64 run = next - w->pos;

  if (w->n > 0)
    run = MIN (run, w->ring[w->head].start + w->fpc - w->pos);
  return (guint) MIN (run, (guint64) avail);
}

/* @n frames were written into every open window (or skipped when none
 * was open). */
void
tc_windows_advance (TcWindows * w, guint n)
{
  guint i;

  for (i = 0; i < w->n; i++)
    tc_windows_nth (w, i)->n_frames += n;
  w->pos += n;
}

/* The oldest window when it is complete, else NULL. */
TcWindow *
tc_windows_full (TcWindows * w)
{
  if (w->n == 0 || w->ring[w->head].n_frames < w->fpc)
    return NULL;
  return &w->ring[w->head];
}

/* Forgets the oldest window (delivered or released by the caller). */
void
tc_windows_pop (TcWindows * w)
{
  g_assert (w->n > 0);
  w->head = (w->head + 1) % w->cap;
  w->n--;
}
