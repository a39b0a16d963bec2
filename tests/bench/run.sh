#!/usr/bin/env bash
# Benchmark: tensorchunker against the ffmpeg CLI, a GStreamer-native pipeline
# and torchaudio's StreamReader, on the same jobs, side by side in one run.
#
#   tests/bench/run.sh [--runs N] [--smoke] [--job NAME]... [--system NAME]...
#                      [--build DIR] [--timeout SECONDS] [--wait-idle] [--dry-run]
#
# Generates its media (tests/bench/out/media, with the ffmpeg CLI) when missing,
# runs every system on every job N times (round robin: run 1 of each system,
# then run 2 of each ...), measures each run with /usr/bin/time, checks that
# each run delivered the whole output, and prints per job the medians of wall
# time, CPU time (user+sys) and peak RSS, the ratios to the ffmpeg CLI and a
# PASS/MISS line per target of issue 5.  The tables go to
# tests/bench/out/results.md (results-smoke.md for --smoke); each run's log to
# tests/bench/out/runs/JOB/.  See tests/bench/README.md.
#
# Exit status: 0 when every run of every system checked out; 1 when a run
# failed or delivered too little; 2 on bad usage; 3 when everything else ran
# but the tensorchunker element is not available (not built / not loadable).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$HERE/out
PYTHON=${PYTHON:-/usr/bin/python3}

ALL_JOBS=(av seed4 audio-hour)
ALL_SYSTEMS=(ffmpeg gst torchaudio tensorchunker tensorchunker-sync python)

runs=3
runs_set=0
smoke=0
jobs=()
systems=()
build_dir=$ROOT/build
timeout_s=180
dry_run=0
wait_idle=0

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
  echo "Jobs: ${ALL_JOBS[*]}   Systems: ${ALL_SYSTEMS[*]}"
}

die() { echo "run.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case $1 in
    --runs) [ $# -ge 2 ] || die "--runs needs a number"
            [[ $2 =~ ^[1-9][0-9]*$ ]] || die "--runs: not a positive number: $2"
            runs=$2; runs_set=1; shift 2 ;;
    --smoke) smoke=1; shift ;;
    --job) [ $# -ge 2 ] || die "--job needs a name"
           [[ " ${ALL_JOBS[*]} " == *" $2 "* ]] || die "--job: unknown job '$2' (jobs: ${ALL_JOBS[*]})"
           jobs+=("$2"); shift 2 ;;
    --system) [ $# -ge 2 ] || die "--system needs a name"
              [[ " ${ALL_SYSTEMS[*]} " == *" $2 "* ]] || die "--system: unknown system '$2' (systems: ${ALL_SYSTEMS[*]})"
              systems+=("$2"); shift 2 ;;
    --build) [ $# -ge 2 ] || die "--build needs a directory"
             build_dir=$(cd "$2" 2>/dev/null && pwd) || die "--build: no such directory: $2"
             shift 2 ;;
    --timeout) [ $# -ge 2 ] || die "--timeout needs seconds"
               [[ $2 =~ ^[1-9][0-9]*$ ]] || die "--timeout: not a positive number: $2"
               timeout_s=$2; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    --wait-idle) wait_idle=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
[ ${#jobs[@]} -gt 0 ] || jobs=("${ALL_JOBS[@]}")
[ ${#systems[@]} -gt 0 ] || systems=("${ALL_SYSTEMS[@]}")

if [ "$smoke" = 1 ]; then
  [ "$runs_set" = 1 ] || runs=1
  video_dur=2      # seconds of bench.mp4
  audio_dur=60     # seconds of hour.m4a
  media_dir=$OUT/media/smoke
  results=$OUT/results-smoke.md
  [ "$timeout_s" != 180 ] || timeout_s=60
else
  video_dur=20
  audio_dur=3600
  media_dir=$OUT/media
  results=$OUT/results.md
fi

# Fixed properties of the generated media, used for the expected output sizes.
SRC_FPS_NUM=30000
SRC_FPS_DEN=1001
SRC_CHANNELS=2
# Chunks each tensorchunker output holds (its pads' default buffer-chunk-size).
BUFFER_CHUNKS=3

# ---------------------------------------------------------------- jobs
# An output is   a:RATE:CHANNELS:FRAMES_PER_CHUNK               (CHANNELS 0 = source's)
#           or   v:WIDTH:HEIGHT:FORMAT:FRAME_RATE:FRAMES_PER_CHUNK  (FRAME_RATE 0 = source's)
# Every system is given the same outputs.  Audio is always float32 (interleaved
# for the CLI and GStreamer; torchaudio and tensorchunker return (N, C) tensors).
job_outputs() {
  case $1 in
    # video 960x540 rgb24 at the source rate in chunks of 32 frames; audio 16 kHz
    # float, source channels, chunks of 1 s
    av) echo "v:960:540:rgb24:0:32 a:16000:0:16000" ;;
    # the seed's example plus a second audio rate, all from one decode: every
    # output carries 1 s chunks (8000 frames at 8 kHz, 16000 at 16 kHz, 1 frame
    # at 1 fps, 3 frames at 3 fps), as the seed's conformance case does
    seed4) echo "a:8000:0:8000 a:16000:0:16000 v:960:540:rgb24:1:1 v:320:320:gray:3:3" ;;
    # one hour of 48 kHz stereo AAC to 16 kHz mono float, chunks of 1 s
    audio-hour) echo "a:16000:1:16000" ;;
  esac
}
job_media() {
  case $1 in
    av|seed4) echo "$media_dir/bench.mp4" ;;
    audio-hour) echo "$media_dir/hour.m4a" ;;
  esac
}
job_duration() {
  case $1 in
    av|seed4) echo "$video_dur" ;;
    audio-hour) echo "$audio_dur" ;;
  esac
}
# Target of issue 5 on each job: tensorchunker wall <= FACTOR x the ffmpeg CLI's.
job_wall_target() {
  case $1 in
    av|seed4) echo 0.9 ;;
    audio-hour) echo 1.0 ;;
  esac
}
RSS_FACTOR=1.2

system_label() {
  case $1 in
    ffmpeg) echo "ffmpeg CLI" ;;
    gst) echo "GStreamer native" ;;
    torchaudio) echo "torchaudio StreamReader" ;;
    tensorchunker) echo "tensorchunker" ;;
    tensorchunker-sync) echo "tensorchunker decode-ahead=0" ;;
    python) echo "tensorchunker Python module" ;;
  esac
}

# bytes one frame of an output takes (an audio frame: all channels' samples)
frame_bytes() {
  local IFS=:
  # shellcheck disable=SC2086
  set -- $1
  if [ "$1" = a ]; then
    local ch=$3
    [ "$ch" != 0 ] || ch=$SRC_CHANNELS
    echo $((4 * ch))
  else
    local c=3
    case $4 in gray) c=1 ;; rgba|bgra|argb|abgr) c=4 ;; esac
    echo $(($2 * $3 * c))
  fi
}

# frames an output should deliver from DURATION seconds of source
expected_frames() {
  local spec=$1 dur=$2
  local IFS=:
  # shellcheck disable=SC2086
  set -- $spec
  if [ "$1" = a ]; then
    echo $(($2 * dur))
  elif [ "$5" = 0 ]; then
    echo $(((dur * SRC_FPS_NUM + SRC_FPS_DEN - 1) / SRC_FPS_DEN))
  else
    echo $(($5 * dur))
  fi
}

# ---------------------------------------------------------------- setup
need_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "run.sh: missing packages: ${missing[*]} (install them, or run as root on Debian)" >&2
    exit 1
  fi
  echo "== installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

need_packages ffmpeg time gstreamer1.0-tools gstreamer1.0-plugins-base \
  gstreamer1.0-plugins-good gstreamer1.0-libav gcc pkg-config libgstreamer1.0-dev

mkdir -p "$OUT" "$media_dir"

# gst-count: gst-launch-1.0 that also counts what reaches each sink (see gst-count.c)
GST_COUNT=$OUT/gst-count
if [ ! -x "$GST_COUNT" ] || [ "$HERE/gst-count.c" -nt "$GST_COUNT" ]; then
  # shellcheck disable=SC2046
  gcc -O2 -std=c11 -Wall -Wextra -o "$GST_COUNT" "$HERE/gst-count.c" \
    $(pkg-config --cflags --libs gstreamer-1.0)
fi

# Both GStreamer systems run with the same environment: a private registry,
# warmed before anything is timed, and a copy of the build's plugin taken now,
# so that a rebuild while the benchmark runs cannot mix two builds in one table.
plugin_dir=$OUT/plugin
rm -rf "$plugin_dir"
mkdir -p "$plugin_dir"
plugin_built=
if compgen -G "$build_dir/gst/*.so" >/dev/null; then
  cp "$build_dir"/gst/*.so "$plugin_dir"/
  plugin_built=$(date -u -r "$(compgen -G "$build_dir/gst/*.so" | head -n 1)" '+%Y-%m-%d %H:%M:%S UTC')
fi
export GST_REGISTRY_1_0=$OUT/registry.dat
export GST_PLUGIN_PATH_1_0=$plugin_dir
unset GST_PLUGIN_PATH
export GST_DEBUG=${GST_DEBUG:-*:1}

tc_available=0
tc_reason=
check_element() {
  local err
  if err=$(gst-inspect-1.0 tensorchunker 2>&1 >/dev/null) && gst-inspect-1.0 tensorchunker >/dev/null 2>&1; then
    tc_available=1
  elif ! compgen -G "$build_dir/gst/*.so" >/dev/null; then
    tc_reason="no plugin built in $build_dir/gst (build it: meson setup build && ninja -C build; or pass --build DIR)"
  else
    tc_reason="$build_dir/gst has a plugin, but GStreamer finds no element 'tensorchunker'${err:+: $err}"
  fi
}
check_element

ta_available=0
ta_reason=
if "$PYTHON" -c 'import torchaudio.io' >/dev/null 2>&1; then
  ta_available=1
else
  ta_reason="torchaudio is not installed for $PYTHON (apt-get install python3-torchaudio)"
fi

# the Python module (gst/python): ta_stream.py with its import changed
py_available=0
py_reason=
if [ "$tc_available" != 1 ]; then
  py_reason="element not available"
elif PYTHONPATH="$HERE/../../gst/python" "$PYTHON" -c 'import tensorchunker' >/dev/null 2>&1; then
  py_available=1
else
  py_reason="the tensorchunker module does not import for $PYTHON (apt-get install python3-gst-1.0)"
fi

# ---------------------------------------------------------------- media
probe_duration() {
  ffprobe -v error -show_entries format=duration -of csv=p=0 "$1" 2>/dev/null | cut -d. -f1
}

media_ok() {
  local d
  [ -s "$1" ] || return 1
  d=$(probe_duration "$1") || return 1
  [ -n "$d" ] && [ "$d" -ge "$2" ] && [ "$d" -le $(($2 + 1)) ]
}

make_bench_mp4() {
  local f=$media_dir/bench.mp4 tmp
  media_ok "$f" "$video_dur" && return 0
  echo "== generating $f (${video_dur} s 1920x1080 30000/1001 H.264 + 48 kHz stereo AAC)"
  tmp=$media_dir/.bench.tmp.mp4
  ffmpeg -hide_banner -nostdin -loglevel error -y \
    -f lavfi -i "testsrc2=size=1920x1080:rate=$SRC_FPS_NUM/$SRC_FPS_DEN:duration=$video_dur" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$video_dur" \
    -f lavfi -i "anoisesrc=color=pink:sample_rate=48000:amplitude=0.1:duration=$video_dur" \
    -filter_complex "[1:a][2:a]amerge=inputs=2[a]" -map 0:v -map "[a]" \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p \
    -c:a aac -b:a 128k -ar 48000 -ac 2 -movflags +faststart "$tmp"
  mv "$tmp" "$f"
}

make_hour_m4a() {
  local f=$media_dir/hour.m4a seg tmp loops
  media_ok "$f" "$audio_dur" && return 0
  echo "== generating $f (${audio_dur} s 48 kHz stereo AAC: a 60 s segment, stream-copied in a loop)"
  seg=$media_dir/.segment.m4a
  tmp=$media_dir/.hour.tmp.m4a
  ffmpeg -hide_banner -nostdin -loglevel error -y \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=60" \
    -f lavfi -i "anoisesrc=color=pink:sample_rate=48000:amplitude=0.1:duration=60" \
    -filter_complex "[0:a][1:a]amerge=inputs=2[a]" -map "[a]" \
    -c:a aac -b:a 128k -ar 48000 -ac 2 "$seg"
  loops=$(((audio_dur + 59) / 60 - 1))
  ffmpeg -hide_banner -nostdin -loglevel error -y -stream_loop "$loops" -i "$seg" \
    -map 0:a -c copy -t "$audio_dur" "$tmp"
  rm -f "$seg"
  mv "$tmp" "$f"
}

# ---------------------------------------------------------------- commands
# Each builder fills CMD with the command line of one system on one job.
CMD=()

cmd_ffmpeg() {
  local src=$1 spec i=0
  shift
  CMD=(ffmpeg -hide_banner -nostdin -nostats -v verbose -i "$src")
  for spec in "$@"; do
    local IFS=:
    # shellcheck disable=SC2086
    set -- $spec
    unset IFS
    if [ "$1" = a ]; then
      CMD+=(-map 0:a:0 -af "aresample=$2" -ar "$2")
      [ "$3" = 0 ] || CMD+=(-ac "$3")
      CMD+=(-c:a pcm_f32le -f f32le -y /dev/null)
    else
      local vf="scale=$2:$3"
      [ "$5" = 0 ] || vf="fps=$5,$vf"
      CMD+=(-map 0:v:0 -vf "$vf" -pix_fmt "$4" -c:v rawvideo -f rawvideo -y /dev/null)
    fi
    i=$((i + 1))
  done
}

gst_video_format() {
  case $1 in
    rgb24) echo RGB ;; bgr24) echo BGR ;; gray) echo GRAY8 ;;
    rgba) echo RGBA ;; bgra) echo BGRA ;; argb) echo ARGB ;; abgr) echo ABGR ;;
    *) echo "run.sh: no GStreamer format for $1" >&2; exit 2 ;;
  esac
}

cmd_gst() {
  local src=$1 spec i=0 na=0 nv=0 d=() p
  shift
  for spec in "$@"; do
    case $spec in a:*) na=$((na + 1)) ;; v:*) nv=$((nv + 1)) ;; esac
  done
  d=(uridecodebin "uri=file://$src" name=d)
  # one branch per media type straight from decodebin (its multiqueue gives
  # each its own thread); a tee with a queue per output when a type has several
  if [ "$nv" -gt 1 ]; then d+=(d. ! video/x-raw ! tee name=vt); fi
  if [ "$na" -gt 1 ]; then d+=(d. ! audio/x-raw ! tee name=at); fi
  for spec in "$@"; do
    local IFS=:
    # shellcheck disable=SC2086
    set -- $spec
    unset IFS
    if [ "$1" = a ]; then
      if [ "$na" -gt 1 ]; then p=(at. ! queue !); else p=(d. ! audio/x-raw !); fi
      local caps="audio/x-raw,format=F32LE,layout=interleaved,rate=$2"
      [ "$3" = 0 ] || caps+=",channels=$3"
      d+=("${p[@]}" audioconvert ! audioresample ! "$caps")
    else
      if [ "$nv" -gt 1 ]; then p=(vt. ! queue !); else p=(d. ! video/x-raw !); fi
      local caps
      caps="video/x-raw,format=$(gst_video_format "$4"),width=$2,height=$3"
      if [ "$5" = 0 ]; then
        d+=("${p[@]}" videoscale ! videoconvert ! "$caps")
      else
        d+=("${p[@]}" videorate ! videoscale ! videoconvert ! "$caps,framerate=$5/1")
      fi
    fi
    d+=(! fakesink "name=o$i" sync=false)
    i=$((i + 1))
  done
  CMD=("$GST_COUNT" "${d[@]}")
}

# tensorchunker-sync: the same, decoding in the streaming thread
# (decode-ahead=0), to show what decoding ahead brings, in the same run.
cmd_tensorchunker() {
  local extra=$1 src=$2 spec i=0 na=0 nv=0 pad props=() links=()
  shift 2
  [ -z "$extra" ] || props+=("$extra")
  for spec in "$@"; do
    local IFS=:
    # shellcheck disable=SC2086
    set -- $spec
    unset IFS
    if [ "$1" = a ]; then
      pad=audio_$na; na=$((na + 1))
      props+=("$pad::sample-rate=$2" "$pad::frames-per-chunk=$4")
      [ "$3" = 0 ] || props+=("$pad::channels=$3")
    else
      pad=video_$nv; nv=$((nv + 1))
      props+=("$pad::width=$2" "$pad::height=$3" "$pad::format=$4" "$pad::frames-per-chunk=$6")
      [ "$5" = 0 ] || props+=("$pad::frame-rate=$5/1")
    fi
    links+=("t.$pad" ! fakesink "name=o$i" sync=false)
    i=$((i + 1))
  done
  CMD=("$GST_COUNT" tensorchunker "location=$src" name=t "${props[@]}" "${links[@]}")
}

cmd_torchaudio() {
  local src=$1
  shift
  CMD=("$PYTHON" "$HERE/ta_stream.py" "$src" "$@")
}

cmd_python() {
  local src=$1
  shift
  CMD=(env "PYTHONPATH=$HERE/../../gst/python" "$PYTHON" "$HERE/ta_stream.py"
    --tensorchunker "$src" "$@")
}

build_cmd() {
  local sys=$1
  shift
  case $sys in
    ffmpeg) cmd_ffmpeg "$@" ;;
    gst) cmd_gst "$@" ;;
    torchaudio) cmd_torchaudio "$@" ;;
    tensorchunker) cmd_tensorchunker "" "$@" ;;
    tensorchunker-sync) cmd_tensorchunker decode-ahead=0 "$@" ;;
    python) cmd_python "$@" ;;
  esac
}

# Bytes each output delivered, one line per output index ("INDEX BYTES"),
# read from the log of one run.
output_bytes() {
  local sys=$1 log=$2
  case $sys in
    ffmpeg) sed -nE 's/^ *Output stream #([0-9]+):0 .*packets muxed \(([0-9]+) bytes\).*/\1 \2/p' "$log" ;;
    gst|tensorchunker*) sed -nE 's/^sink o([0-9]+) buffers=[0-9]+ bytes=([0-9]+) .*/\1 \2/p' "$log" ;;
    torchaudio|python) sed -nE 's/^output ([0-9]+) frames=[0-9]+ bytes=([0-9]+) .*/\1 \2/p' "$log" ;;
  esac
}

# Checks one finished run; prints nothing when it is fine, else why not.
check_run() {
  local sys=$1 log=$2 rc=$3 dur=$4 i=0 spec got want fb short=""
  shift 4
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    echo "timed out after ${timeout_s} s"; return
  fi
  if [ "$rc" != 0 ] && [ "$rc" != 4 ]; then
    echo "exit status $rc"; return
  fi
  for spec in "$@"; do
    got=$(output_bytes "$sys" "$log" | awk -v i="$i" '$1 == i { print $2; exit }')
    if [ -z "$got" ]; then
      short="output $i ($spec): no count in the log"; break
    fi
    fb=$(frame_bytes "$spec")
    want=$(expected_frames "$spec" "$dur")
    if ! awk -v b="$got" -v fb="$fb" -v w="$want" \
        'BEGIN { f = b / fb; exit !(f >= 0.95 * w - 2 && f <= 1.05 * w + 2) }'; then
      short="output $i ($spec): $((got / fb)) frames ($got bytes), expected about $want"; break
    fi
    if [[ $sys == tensorchunker* ]] && ! grep -q "^sink o$i .*caps=application/x-tensor" "$log"; then
      short="output $i ($spec): caps are not application/x-tensor"; break
    fi
    i=$((i + 1))
  done
  if [ "$rc" = 4 ]; then
    # gst-count: the pipeline did not reach NULL within 10 s of its end
    printf '%s, then hung while stopping (set to NULL, no return in 10 s; killed)\n' \
      "$(sed -n 's/^gst-count: EOS after \(.*\)/reached EOS after \1/p' "$log" | head -n 1)${short:+ ($short)}${short:- with all output}"
    return
  fi
  [ -z "$short" ] || echo "$short"
}

# ---------------------------------------------------------------- running
any_failed=0

# Percentage of the machine's CPU time that was idle over one second.
idle_percent() {
  local a b
  a=$(awk '/^cpu / { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
  sleep 1
  b=$(awk '/^cpu / { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " ");
    t = y[2] - x[2]; printf "%d\n", (t > 0) ? 100 * (y[1] - x[1]) / t : 100 }'
}

# --wait-idle: before a run, wait (up to 5 minutes) until the machine is at
# least 90 % idle over a second, so other work does not land in the numbers.
IDLE_NOTE=
wait_for_idle() {
  local idle waited=0
  IDLE_NOTE=
  [ "$wait_idle" = 1 ] || return 0
  while idle=$(idle_percent); [ "$idle" -lt 90 ] && [ "$waited" -lt 300 ]; do
    sleep 4
    waited=$((waited + 5))
  done
  IDLE_NOTE=" (idle ${idle} % before"
  [ "$waited" = 0 ] || IDLE_NOTE+=", waited ${waited} s"
  IDLE_NOTE+=")"
}

median() {  # median of column $1 of file $2
  sort -g -k"$1","$1" "$2" | awk -v c="$1" '{ v[NR] = $c }
    END { if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

run_job() {
  local job=$1 src dur specs sys r dir tf log rc why
  src=$(job_media "$job")
  dur=$(job_duration "$job")
  read -r -a specs <<<"$(job_outputs "$job")"
  dir=$OUT/runs/$job
  rm -rf "$dir"
  mkdir -p "$dir"
  cat "$src" >/dev/null   # page cache: no system pays for the first read
  cut -d' ' -f1-3 /proc/loadavg >"$dir/loadavg"

  echo
  echo "== job $job: $(basename "$src") (${dur} s) -> ${specs[*]}"
  for r in $(seq 1 "$runs"); do
    for sys in "${systems[@]}"; do
      case $sys in
        tensorchunker*) [ "$tc_available" = 1 ] || continue ;;
        torchaudio) [ "$ta_available" = 1 ] || continue ;;
        python) [ "$py_available" = 1 ] || continue ;;
      esac
      build_cmd "$sys" "$src" "${specs[@]}"
      [ "$r" != 1 ] || printf '%s\n' "${CMD[*]}" >"$dir/$sys.cmd"
      log=$dir/$sys.$r.log
      tf=$dir/$sys.$r.time
      wait_for_idle
      if /usr/bin/time -o "$tf" -f '%e %U %S %M' \
          timeout -k 10 "$timeout_s" "${CMD[@]}" >"$log" 2>&1; then
        rc=0
      else
        rc=$?
      fi
      why=$(check_run "$sys" "$log" "$rc" "$dur" "${specs[@]}")
      read -r wall usr syscpu rss < <(tail -n 1 "$tf")
      if [ -z "$why" ]; then
        awk -v w="$wall" -v u="$usr" -v s="$syscpu" -v m="$rss" \
          'BEGIN { printf "%s %.2f %s\n", w, u + s, m }' >>"$dir/$sys.ok"
        printf '   run %d/%d  %-24s %7.2f s wall %7.2f s CPU %7.1f MiB  ok%s\n' "$r" "$runs" \
          "$(system_label "$sys")" "$wall" "$(awk -v u="$usr" -v s="$syscpu" 'BEGIN{print u+s}')" \
          "$(awk -v m="$rss" 'BEGIN{print m/1024}')" "$IDLE_NOTE"
      else
        any_failed=1
        printf '   run %d/%d  %-24s FAILED: %s (log: %s)\n' "$r" "$runs" "$(system_label "$sys")" "$why" "$log"
        tail -n 5 "$log" | sed 's/^/      | /'
      fi
    done
  done
}

# queued-chunk allowance of the RSS target, in bytes: each output's
# buffer-chunk-size chunks
queue_allowance() {
  local spec fpc total=0
  for spec in "$@"; do
    case $spec in a:*) fpc=${spec##*:} ;; v:*) fpc=${spec##*:} ;; esac
    total=$((total + BUFFER_CHUNKS * fpc * $(frame_bytes "$spec")))
  done
  echo "$total"
}

report_job() {
  local job=$1 dir=$OUT/runs/$1 specs sys n base_wall="" base_cpu="" base_rss="" wall cpu rss
  local tc_wall="" tc_rss="" allow target
  read -r -a specs <<<"$(job_outputs "$job")"
  if [ -s "$dir/ffmpeg.ok" ]; then
    base_wall=$(median 1 "$dir/ffmpeg.ok")
    base_cpu=$(median 2 "$dir/ffmpeg.ok")
    base_rss=$(median 3 "$dir/ffmpeg.ok")
  fi
  echo
  echo "### $job"
  echo
  echo "Source: \`$(basename "$(job_media "$job")")\` (${dur_label[$job]}); outputs: \`${specs[*]}\`;"
  echo "load average before the job: $(cat "$dir/loadavg" 2>/dev/null || echo '?') (other work on the machine skews every system)."
  echo
  echo "| system | runs ok | wall s | CPU s (user+sys) | peak RSS MiB | wall / CLI | CPU / CLI | RSS / CLI |"
  echo "|---|---|---|---|---|---|---|---|"
  for sys in "${systems[@]}"; do
    if [[ $sys == tensorchunker* ]] && [ "$tc_available" != 1 ]; then
      echo "| $(system_label "$sys") | — | not measured: element not available | | | | | |"
      continue
    fi
    if [ "$sys" = torchaudio ] && [ "$ta_available" != 1 ]; then
      echo "| $(system_label "$sys") | — | not measured: torchaudio not installed | | | | | |"
      continue
    fi
    if [ "$sys" = python ] && [ "$py_available" != 1 ]; then
      echo "| $(system_label "$sys") | — | not measured: $py_reason | | | | | |"
      continue
    fi
    n=0
    [ ! -s "$dir/$sys.ok" ] || n=$(wc -l <"$dir/$sys.ok")
    if [ "$n" = 0 ]; then
      echo "| $(system_label "$sys") | 0/$runs | FAILED (see out/runs/$job/) | | | | | |"
      continue
    fi
    wall=$(median 1 "$dir/$sys.ok")
    cpu=$(median 2 "$dir/$sys.ok")
    rss=$(median 3 "$dir/$sys.ok")
    awk -v lbl="$(system_label "$sys")" -v n="$n" -v r="$runs" -v w="$wall" -v c="$cpu" \
        -v m="$rss" -v bw="$base_wall" -v bc="$base_cpu" -v bm="$base_rss" 'BEGIN {
      rw = (bw == "") ? "—" : sprintf("%.2f", w / bw)
      rc = (bc == "") ? "—" : sprintf("%.2f", c / bc)
      rm = (bm == "") ? "—" : sprintf("%.2f", m / bm)
      printf "| %s | %d/%d | %.2f | %.2f | %.1f | %s | %s | %s |\n", lbl, n, r, w, c, m / 1024, rw, rc, rm }'
    if [ "$sys" = tensorchunker ]; then tc_wall=$wall; tc_rss=$rss; fi
  done
  echo
  target=$(job_wall_target "$job")
  allow=$(queue_allowance "${specs[@]}")
  if [ "$tc_available" != 1 ]; then
    echo "- MISS wall ≤ $target × ffmpeg CLI: tensorchunker not measured ($tc_reason)"
    echo "- MISS peak RSS ≤ $RSS_FACTOR × ffmpeg CLI + queued chunks: tensorchunker not measured"
  elif [ -z "$tc_wall" ] || [ -z "$base_wall" ]; then
    echo "- MISS wall ≤ $target × ffmpeg CLI: no successful run of $( [ -z "$tc_wall" ] && echo tensorchunker || echo 'the ffmpeg CLI')"
    echo "- MISS peak RSS ≤ $RSS_FACTOR × ffmpeg CLI + queued chunks: not measured"
  else
    awk -v t="$target" -v w="$tc_wall" -v bw="$base_wall" 'BEGIN {
      printf "- %s wall ≤ %s × ffmpeg CLI: tensorchunker %.2f s, CLI %.2f s, limit %.2f s (ratio %.2f)\n",
        (w <= t * bw) ? "PASS" : "MISS", t, w, bw, t * bw, w / bw }'
    awk -v f="$RSS_FACTOR" -v m="$tc_rss" -v bm="$base_rss" -v a="$allow" 'BEGIN {
      lim = f * bm + a / 1024
      printf "- %s peak RSS ≤ %s × ffmpeg CLI + queued chunks (%.1f MiB): tensorchunker %.1f MiB, CLI %.1f MiB, limit %.1f MiB\n",
        (m <= lim) ? "PASS" : "MISS", f, a / 1048576, m / 1024, bm / 1024, lim / 1024 }'
  fi
}

# ---------------------------------------------------------------- main
if [ "$dry_run" = 1 ]; then
  for job in "${jobs[@]}"; do
    read -r -a specs <<<"$(job_outputs "$job")"
    echo "== job $job"
    for sys in "${systems[@]}"; do
      build_cmd "$sys" "$(job_media "$job")" "${specs[@]}"
      printf '%s:\n  %s\n' "$(system_label "$sys")" "${CMD[*]}"
    done
  done
  exit 0
fi

declare -A dur_label=()
need_video=0
need_audio=0
for job in "${jobs[@]}"; do
  case $job in
    av|seed4) need_video=1; dur_label[$job]="${video_dur} s 1920x1080 29.97 fps H.264 + 48 kHz stereo AAC" ;;
    audio-hour) need_audio=1; dur_label[$job]="${audio_dur} s 48 kHz stereo AAC" ;;
  esac
done
[ "$need_video" = 0 ] || make_bench_mp4
[ "$need_audio" = 0 ] || make_hour_m4a

# warm what the first timed run would otherwise pay for alone
[ "$ta_available" = 0 ] || "$PYTHON" -c 'import torchaudio.io' >/dev/null 2>&1 || true
gst-inspect-1.0 uridecodebin >/dev/null 2>&1 || true

for sys in "${systems[@]}"; do
  case $sys in
    tensorchunker) [ "$tc_available" = 1 ] || echo "== tensorchunker: element not available: $tc_reason" ;;
    torchaudio) [ "$ta_available" = 1 ] || echo "== torchaudio: skipped: $ta_reason" ;;
    python) [ "$py_available" = 1 ] || echo "== python: skipped: $py_reason" ;;
  esac
done

for job in "${jobs[@]}"; do
  run_job "$job"
done

{
  echo "## tensorchunker benchmark$([ "$smoke" = 1 ] && echo ' (smoke: short media, not the targets)')"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)),"
  echo "medians of $runs run(s) each, systems run round robin$([ "$wait_idle" = 1 ] && echo ', each after waiting for an idle machine'). main at $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?');"
  echo "$(ffmpeg -version | head -n 1 | cut -d' ' -f1-3); $(gst-launch-1.0 --version | sed -n 2p)$([ "$ta_available" = 1 ] && echo "; torchaudio $("$PYTHON" -c 'import torchaudio; print(torchaudio.__version__)' 2>/dev/null)")."
  [ -z "$plugin_built" ] || echo "tensorchunker: the plugin of ${build_dir#"$ROOT"/}/gst built $plugin_built (copied before the first run)."
  echo "Wall and peak RSS from /usr/bin/time; ratios are to the ffmpeg CLI's medians."
  for job in "${jobs[@]}"; do
    report_job "$job"
  done
} >"$results"

echo
cat "$results"
echo
echo "(written to ${results#"$ROOT"/}; logs in ${OUT#"$ROOT"/}/runs/)"

if [ "$any_failed" = 1 ]; then exit 1; fi
if [[ " ${systems[*]} " == *" tensorchunker "* ]] && [ "$tc_available" != 1 ]; then exit 3; fi
exit 0
