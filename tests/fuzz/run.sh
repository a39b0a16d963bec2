#!/bin/bash
# A bounded libFuzzer run of the core (tests/fuzz/fuzz_core.c) and of the
# element's byte-stream path (tests/fuzz/fuzz_element.c), one after the
# other on one core, the core getting 2/3 of the time:
#
#   tests/fuzz/run.sh [SECONDS] [libFuzzer options...]     (default 60 s)
#
# Both run even when the first fails; the exit is non-zero if either did.
# Builds $FUZZ_BUILD (default build-fuzz) with clang, libFuzzer, ASan and
# UBSan, makes the seed corpus once (tests/fuzz/make_corpus.sh), and fuzzes
# from the seeds, the regression inputs and what earlier runs found (kept in
# $FUZZ_BUILD/fuzz-corpus).  A crash, a leak, a timeout (10 s a unit) or
# more than 2 GB of memory stops the run with a non-zero exit and leaves the
# input in $FUZZ_BUILD/fuzz-crashes/: replay it with
#   build/tests/fuzz-driver FILE            (fuzz_core-crash-*)
#   build/tests/fuzz-element-driver FILE    (fuzz_element-crash-*)
# and, once fixed, keep it in tests/fuzz/regressions/ or
# tests/fuzz/regressions-element/ (README.md there).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

seconds=${1:-60}
shift || true
build=${FUZZ_BUILD:-build-fuzz}

if ! command -v clang >/dev/null; then
  echo "tests/fuzz/run.sh needs clang (apt-get install clang)" >&2
  exit 2
fi
if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" -Dfuzzing=true -Dtests=disabled \
    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
ninja -C "$build" tests/fuzz/fuzz_core tests/fuzz/fuzz_element \
  tests/fuzz/libgsttensorchunker.so >/dev/null

seeds=$build/fuzz-seeds
if [ ! -f "$seeds/.complete" ]; then
  rm -rf "$seeds"
  tests/fuzz/make_corpus.sh "$seeds"
  touch "$seeds/.complete"
fi
# The element's seeds are the core's media (those with the all-zero
# settings header), behind its 1-byte mode, the modes taken in turn:
# pull, push that seeks, plain push.
seeds_element=$build/fuzz-seeds-element
if [ ! -f "$seeds_element/.complete" ]; then
  rm -rf "$seeds_element"
  mkdir -p "$seeds_element"
  mode=0
  for f in "$seeds"/00000000-*; do
    { printf "\\x0$mode"; tail -c +5 "$f"; } \
      >"$seeds_element/$mode-${f##*/00000000-}"
    mode=$(((mode + 1) % 3))
  done
  touch "$seeds_element/.complete"
fi
mkdir -p "$build/fuzz-corpus" "$build/fuzz-corpus-element" \
  "$build/fuzz-crashes"

supp=$PWD/tests/sanitizers/lsan.supp
# allocator_may_return_null: FFmpeg checks its allocations, so a huge one
# it asks for is its business, not a crash.  For the core, the fast
# unwinder stays (the
# whole-stack one of tests/sanitizers/run.sh costs 10 times the executions):
# the leaks lsan.supp is for come from GObject type registration and the
# lavfi device, which this target never reaches.
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export LSAN_OPTIONS=suppressions=$supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
unset GST_DEBUG

element_seconds=$((seconds / 3))
core_seconds=$((seconds - element_seconds))

# -close_fd_mask=2: FFmpeg's complaints about broken input would drown the
# fuzzer's own output; libFuzzer and the sanitizers still report on a copy
# of stderr.
status=0
"$build/tests/fuzz/fuzz_core" "$build/fuzz-corpus" "$seeds" \
  tests/fuzz/regressions \
  -max_total_time="$core_seconds" -rss_limit_mb=2048 -timeout=10 \
  -close_fd_mask=2 -print_final_stats=1 \
  -artifact_prefix="$build/fuzz-crashes/fuzz_core-" "$@" || status=1

# The element's plugin is loaded by file name (fuzz_element.c); a private
# registry keeps the scan of the system's plugins out of other builds'.
export TC_FUZZ_PLUGIN=$PWD/$build/tests/fuzz/libgsttensorchunker.so
export GST_REGISTRY_1_0=$PWD/$build/registry-fuzz.dat
# The whole-stack unwinder here: with the fast one, the first units
# reported a 16 KB g_malloc leak whose stack stopped after two frames
# (it cannot walk GLib's), which lsan.supp cannot match; with the whole
# stack that report is gone.  A unit of this target is a whole pipeline:
# the unwinder's cost is small beside it.
ASAN_OPTIONS=$ASAN_OPTIONS:fast_unwind_on_malloc=0 \
"$build/tests/fuzz/fuzz_element" "$build/fuzz-corpus-element" \
  "$seeds_element" tests/fuzz/regressions-element \
  -max_total_time="$element_seconds" -rss_limit_mb=2048 -timeout=20 \
  -close_fd_mask=2 -print_final_stats=1 \
  -artifact_prefix="$build/fuzz-crashes/fuzz_element-" "$@" || status=1
exit $status
