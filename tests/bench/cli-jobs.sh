#!/usr/bin/env bash
# The ffmpeg CLI on run.sh's jobs that take many invocations: one ffmpeg
# process per clip or per file, as a shell user does it.
#
#   cli-jobs.sh clips SRC STARTS W H N       N frames WxH rgb24 from each start
#                                            (input seeking with -ss, accurate)
#   cli-jobs.sh many-files LIST W H RATE     each file: video WxH rgb24, audio
#                                            RATE Hz mono float
#
# Prints "output I frames=F bytes=B" per output (the bytes the CLI wrote,
# counted by wc) and "result seconds=S items=K".
set -euo pipefail

ff=(ffmpeg -hide_banner -nostdin -nostats -loglevel error)

clips() {
  local src=$1 starts=$2 w=$3 h=$4 n=$5 t b total=0 k=0 t0
  t0=$(date +%s.%N)
  for t in ${starts//,/ }; do
    b=$("${ff[@]}" -ss "$t" -i "$src" -map 0:v:0 -frames:v "$n" -vf "scale=$w:$h" \
      -pix_fmt rgb24 -f rawvideo - | wc -c)
    total=$((total + b)); k=$((k + 1))
  done
  echo "output 0 frames=$((total / (w * h * 3))) bytes=$total"
  awk -v a="$t0" -v b="$(date +%s.%N)" -v k="$k" 'BEGIN { printf "result seconds=%.4f items=%d\n", b - a, k }'
}

many_files() {
  local list=$1 w=$2 h=$3 rate=$4 f vb=0 ab=0 k=0 t0 d
  d=$(mktemp -d)
  mkfifo "$d/v" "$d/a"
  t0=$(date +%s.%N)
  while read -r f; do
    wc -c <"$d/v" >"$d/vn" &
    wc -c <"$d/a" >"$d/an" &
    "${ff[@]}" -y -i "$f" -map 0:v:0 -vf "scale=$w:$h" -pix_fmt rgb24 -f rawvideo "$d/v" \
      -map 0:a:0 -ar "$rate" -ac 1 -c:a pcm_f32le -f f32le "$d/a"
    wait
    vb=$((vb + $(cat "$d/vn"))); ab=$((ab + $(cat "$d/an"))); k=$((k + 1))
  done <"$list"
  echo "output 0 frames=$((vb / (w * h * 3))) bytes=$vb"
  echo "output 1 frames=$((ab / 4)) bytes=$ab"
  awk -v a="$t0" -v b="$(date +%s.%N)" -v k="$k" 'BEGIN { printf "result seconds=%.4f items=%d\n", b - a, k }'
  rm -rf "$d"
}

case ${1:-} in
  clips) shift; clips "$@" ;;
  many-files) shift; many_files "$@" ;;
  *) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2; exit 2 ;;
esac
