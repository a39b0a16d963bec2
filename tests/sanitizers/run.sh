#!/bin/bash
# The whole test suite under AddressSanitizer (with LeakSanitizer) and
# UndefinedBehaviorSanitizer:
#
#   tests/sanitizers/run.sh [meson test arguments...]    e.g. --suite core
#
# Configures $SAN_BUILD (default build-asan) with meson's own
# -Db_sanitize=address,undefined, builds it, and runs meson test in it.  Any
# sanitizer report fails the test it came from.  What is suppressed, and
# why, is in lsan.supp beside this script (third-party libraries only).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

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
# scanner cannot load it: load plugins in the (instrumented) test process.
export GST_REGISTRY_FORK=no

# Everything runs several times slower under ASan.
exec meson test -C "$build" --print-errorlogs --num-processes 2 \
  --timeout-multiplier 3 "$@"
