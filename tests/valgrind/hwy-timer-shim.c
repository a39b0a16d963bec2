/* valgrind shim: libhwy's timer resolution without rdtscp
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
 * Debian's FFmpeg links libjxl, which links libhwy (Highway).  libhwy's
 * library initializer measures its timer's resolution,
 * hwy::platform::TimerResolution(), with the rdtscp instruction, which
 * valgrind 3.19 does not emulate: every test dies of SIGILL before main().
 * LD_PRELOADed (tests/valgrind/run.sh does it), this defines that C++
 * function first, without rdtscp, so the initializer never runs the
 * instruction.  Nothing of ours uses the value: JPEG XL decoding only uses
 * the timer for its own profiling.
 */

double _ZN3hwy8platform15TimerResolutionEv (void);

/* hwy::platform::TimerResolution(): seconds per timer tick (1 ns) */
double
_ZN3hwy8platform15TimerResolutionEv (void)
{
  return 1e-9;
}
