#!/bin/bash
# The whole test suite under AddressSanitizer (with LeakSanitizer) and
# UndefinedBehaviorSanitizer:
#
#   tests/sanitizers/run.sh [meson test arguments...]    e.g. --suite core
#
# or, with --tsan first, the suites that run threads under ThreadSanitizer
# (tsan() below).
#
# Without arguments: every test whose program is built here (the C tests
# and the demo; the Python and shell ones are listed as left out).
# Configures $SAN_BUILD (default build-asan) with meson's own
# -Db_sanitize=address,undefined, builds it, and runs meson test in it.  Any
# sanitizer report fails the test it came from.  What is suppressed, and
# why, is in lsan.supp beside this script (third-party libraries only).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

# ThreadSanitizer, in $TSAN_BUILD (default build-tsan): the core and the
# plugin built with -fsanitize=thread, GLib's GMutex/GCond made visible by
# tsan_glib.c (preloaded by the tests' environment, tests/meson.build), and
# the tests that run threads: the core decoding ahead, and the element's
# stress and live tests (with their peers).  First the canaries
# (tests/sanitizers/meson.build): a guarded counter is clean, an injected
# race is reported, and the same guarded counter without tsan_glib.c is
# reported too (what an uninstrumented GMutex would do to every test); and
# the core built with a read of its decode-ahead ring outside the ring's
# lock, whose race must be reported.
# Third-party noise is suppressed in tsan.supp, each with why.
tsan () {
  local build=${TSAN_BUILD:-build-tsan} plugins
  if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" -Db_sanitize=thread -Db_lundef=false >/dev/null
  fi
  # the media the main build made already (make_media.sh keeps what is
  # there): generating it again under TSan's build takes minutes
  if [ -d "${BUILD:-build}/tests/media" ] && [ ! -d "$build/tests/media" ]; then
    mkdir -p "$build/tests"
    cp -r "${BUILD:-build}/tests/media" "$build/tests/"
  fi
  ninja -C "$build" gst/libgsttensorchunker.so tests/check/test-core \
    tests/check/test-stress tests/check/test-live \
    tests/sanitizers/libtctsanglib.so tests/sanitizers/tsan-canary \
    tests/sanitizers/test-core-race \
    tests/media.stamp
  # the system plugins the tests use: elements, appsrc/appsink, the leaks
  # tracer
  plugins=$(pkg-config --variable=pluginsdir gstreamer-1.0)
  mkdir -p "$build/tsan-plugins"
  for p in coreelements app coretracers; do
    ln -sf "$plugins/libgst$p.so" "$build/tsan-plugins/"
  done
  # exitcode: a report fails the test whose process made it (gst-check
  # forks one per test case); halt_on_error=0 so that one run shows all.
  # ignore_noninstrumented_modules: the memory GLib, GStreamer and FFmpeg
  # touch through intercepted calls (malloc, free, memcpy from their own
  # code) is not checked, because their synchronisation is mostly atomics
  # TSan cannot see (a GstMessage the test read and a streaming thread then
  # frees, after a reference count reached 0 inside libgstreamer); their
  # locks are still seen, and so is every access of our code.
  export TSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/tsan.supp:halt_on_error=0:exitcode=66:second_deadlock_stack=1:ignore_noninstrumented_modules=1"
  exec tests/services/with-services.sh \
    meson test -C "$build" --no-rebuild --print-errorlogs --num-processes 2 \
    --timeout-multiplier 4 "$@" tsan-canary-locked tsan-canary-race \
    tsan-canary-unseen-lock tsan-core-race core-decode-ahead stress live \
    live-peers
}
if [ "${1:-}" = --tsan ]; then
  shift
  tsan "$@"
fi

build=${SAN_BUILD:-build-asan}
if [ ! -f "$build/build.ninja" ]; then
  # b_lundef=false: the sanitizer runtime is linked into executables only,
  # the plugin's undefined __asan_* symbols are resolved from them
  meson setup "$build" -Db_sanitize=address,undefined -Db_lundef=false \
    >/dev/null
fi
ninja -C "$build"

# detect_leaks: LeakSanitizer at every process exit; gst-check forks one
# process per test, so a leak fails the test that leaked.
# fast_unwind_on_malloc=0: the system libraries have no frame pointers, the
# fast unwinder stops at the first of them (g_malloc), and suppressions,
# matched against the whole stack, would never match.
export ASAN_OPTIONS=detect_leaks=1:check_initialization_order=1:fast_unwind_on_malloc=0
export LSAN_OPTIONS=suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0
# halt_on_error: GCC's UBSan only prints and goes on by default.
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The plugin is built with ASan and gst-plugin-scanner is not, so the
# scanner is run with the runtimes preloaded (plugin-scanner.sh).
export TC_SANITIZER_RUNTIMES="$(${CC:-cc} -print-file-name=libasan.so) $(${CC:-cc} -print-file-name=libubsan.so)"
export TC_REAL_PLUGIN_SCANNER="$(pkg-config --variable=pluginscannerdir gstreamer-1.0)/gst-plugin-scanner"
export GST_PLUGIN_SCANNER=$PWD/tests/sanitizers/plugin-scanner.sh
# Tests that repeat one check many times (the seek matrix) do fewer.
export TC_TEST_QUICK=1

# By default, every test whose program is one of ours (built here): a test
# run by python3 or sh would load the plugin into a program without the
# sanitizer runtimes, which cannot load it.
if [ $# -eq 0 ]; then
  mapfile -t tests < <(meson introspect "$build" --tests | python3 -c '
import json, os, sys
build = os.path.realpath(sys.argv[1])
for t in json.load(sys.stdin):
    if os.path.realpath(t["cmd"][0]).startswith(build + os.sep):
        print(t["name"])
    else:
        print("(not under the sanitizers: %s, run by %s)"
              % (t["name"], os.path.basename(t["cmd"][0])), file=sys.stderr)
' "$build")
  set -- "${tests[@]}"
fi

# Everything runs several times slower under ASan.  The live tests talk to
# local peers (tests/services/with-services.sh), as in .ci/test.
exec tests/services/with-services.sh \
  meson test -C "$build" --print-errorlogs --num-processes 2 \
  --timeout-multiplier 3 "$@"
