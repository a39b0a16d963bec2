#!/bin/bash
# expect_race.sh FUNCTION PRELOAD PROGRAM ARGS...: runs PROGRAM (built with
# -fsanitize=thread) with PRELOAD (or nothing) as LD_PRELOAD, and passes only
# when ThreadSanitizer reports a data race in FUNCTION and the program exits
# with TSan's exit code: the run must catch the race that is there.
set -uo pipefail
func=$1 preload=$2
shift 2
out=$(LD_PRELOAD=$preload TSAN_OPTIONS="${TSAN_OPTIONS:+$TSAN_OPTIONS:}exitcode=66" \
  "$@" 2>&1)
rc=$?
echo "$out"
if [ "$rc" -ne 66 ]; then
  echo "FAIL: exit $rc, not TSan's 66: the race went unseen"
  exit 1
fi
if ! grep -q "WARNING: ThreadSanitizer: data race" <<<"$out" ||
    ! grep -qE "^SUMMARY: ThreadSanitizer: data race .* in $func\$" <<<"$out"
then
  echo "FAIL: no data race reported in $func"
  exit 1
fi
echo "ok: the data race in $func was reported"
