#!/bin/sh
# GStreamer's gst-plugin-scanner with the sanitizer runtimes preloaded, for
# tests/sanitizers/run.sh (GST_PLUGIN_SCANNER).  The scanner loads every
# plugin to register it; ours is built with ASan and UBSan and cannot be
# loaded by a program without their runtimes.  Scanning in a process of its
# own keeps the system plugins' own leaks at load time (fontconfig through
# pango, OpenNI2...) out of the tests, so no leak checks here.
exec env LD_PRELOAD="$TC_SANITIZER_RUNTIMES" ASAN_OPTIONS=detect_leaks=0 \
  "$TC_REAL_PLUGIN_SCANNER" "$@"
