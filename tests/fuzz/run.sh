#!/bin/bash
# A bounded libFuzzer run of the core (tests/fuzz/fuzz_core.c), on one core:
#
#   tests/fuzz/run.sh [SECONDS] [libFuzzer options...]     (default 60 s)
#
# Builds $FUZZ_BUILD (default build-fuzz) with clang, libFuzzer, ASan and
# UBSan, makes the seed corpus once (tests/fuzz/make_corpus.sh), and fuzzes
# from the seeds, the regression inputs and what earlier runs found (kept in
# $FUZZ_BUILD/fuzz-corpus).  A crash, a leak, a timeout (10 s a unit) or
# more than 2 GB of memory stops the run with a non-zero exit and leaves the
# input in $FUZZ_BUILD/fuzz-crashes/: replay it with
#   build/tests/fuzz-driver FILE
# and, once fixed, keep it in tests/fuzz/regressions/ (README.md there).
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
ninja -C "$build" tests/fuzz/fuzz_core >/dev/null

seeds=$build/fuzz-seeds
if [ ! -f "$seeds/.complete" ]; then
  rm -rf "$seeds"
  tests/fuzz/make_corpus.sh "$seeds"
  touch "$seeds/.complete"
fi
mkdir -p "$build/fuzz-corpus" "$build/fuzz-crashes"

supp=$PWD/tests/sanitizers/lsan.supp
# allocator_may_return_null: FFmpeg checks its allocations, so a huge one
# it asks for is its business, not a crash.  The fast unwinder stays (the
# whole-stack one of tests/sanitizers/run.sh costs 10 times the executions):
# the leaks lsan.supp is for come from GObject type registration and the
# lavfi device, which this target never reaches.
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export LSAN_OPTIONS=suppressions=$supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
unset GST_DEBUG

# -close_fd_mask=2: FFmpeg's complaints about broken input would drown the
# fuzzer's own output; libFuzzer and the sanitizers still report on a copy
# of stderr.
exec "$build/tests/fuzz/fuzz_core" "$build/fuzz-corpus" "$seeds" \
  tests/fuzz/regressions \
  -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
  -close_fd_mask=2 -print_final_stats=1 \
  -artifact_prefix="$build/fuzz-crashes/" "$@"
