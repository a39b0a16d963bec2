#!/usr/bin/env bash
# Benchmark: tensorchunker against the ffmpeg CLI, a GStreamer-native pipeline,
# torchaudio's StreamReader, PyAV and TorchCodec, on the same jobs, side by
# side in one run.
#
#   tests/bench/run.sh [--runs N] [--quick] [--job NAME]... [--system NAME]...
#                      [--build DIR] [--timeout SECONDS] [--wait-idle] [--dry-run]
#                      [--no-plots]
#
# Generates its media (tests/bench/out/media, with the ffmpeg CLI) when missing,
# runs every system on every job N times (round robin: run 1 of each system,
# then run 2 of each ...), measures each run with /usr/bin/time, checks that
# each run delivered the whole output, and prints per job the medians of wall
# time, CPU time (user+sys) and peak RSS, each job's own measure (clips/s,
# files/s, time to the first chunk, latency), the ratios to the ffmpeg CLI and
# to tensorchunker, and a PASS/MISS line per target of issues 5, 14 and 16.  The
# tables go to tests/bench/out/results.md (results-quick.md for --quick), the
# pictures to docs/images/bench-*.png (not for --quick: out/images/), each
# run's log to tests/bench/out/runs/JOB/.  See tests/bench/README.md.
#
# Exit status: 0 when every run of every system checked out; 1 when a run
# failed or delivered too little; 2 on bad usage; 3 when everything else ran
# but the tensorchunker element is not available (not built / not loadable).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${BENCH_OUT:-$HERE/out}
PYTHON=${PYTHON:-/usr/bin/python3}

ALL_JOBS=(av seed4 audio-hour first100 clips many-files first-chunk live live-x11 rss-stream)
ALL_SYSTEMS=(ffmpeg gst torchaudio pyav torchcodec-exact torchcodec-approx tensorchunker tensorchunker-sync python python-startup)

runs=3
runs_set=0
smoke=0
jobs=()
systems=()
build_dir=$ROOT/build
timeout_s=180
dry_run=0
wait_idle=0
plots=1

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
    --quick|--smoke) smoke=1; shift ;;
    --no-plots) plots=0; shift ;;
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
# the module's start-up alone goes with the module: the part of its time a
# C program does not pay
if [[ " ${systems[*]} " == *" python "* ]] && [[ " ${systems[*]} " != *" python-startup "* ]]; then
  systems+=(python-startup)
fi

if [ "$smoke" = 1 ]; then
  [ "$runs_set" = 1 ] || runs=1
  video_dur=2      # seconds of bench.mp4
  audio_dur=60     # seconds of hour.m4a
  media_dir=$OUT/media/smoke
  results=$OUT/results-quick.md
  images=$OUT/images
  [ "$timeout_s" != 180 ] || timeout_s=60
  n_clips=4        # clips of the clips job
  n_files=6        # files of the many-files job
  warm_repeat=2    # warm first chunks of the first-chunk job
  live_s=2         # seconds of each live job
  rss_s=20         # seconds of the rss-stream job, and of its warm-up
  rss_warmup=10
else
  video_dur=20
  audio_dur=3600
  media_dir=$OUT/media
  results=$OUT/results.md
  images=$ROOT/docs/images
  n_clips=64
  n_files=300
  warm_repeat=10
  live_s=10
  rss_s=600
  rss_warmup=60
fi
CLIP_FRAMES=16
CLIP_W=960
CLIP_H=540
FILE_W=224       # many-files: each file to 224x224 rgb24 and 16 kHz mono
FILE_H=224
FILE_RATE=16000
CLIPS_SEED=16

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
    # the jobs below return NHWC video from every system
    first100) echo "v:1920:1080:rgb24:0:100" ;;
    clips) echo "v:$CLIP_W:$CLIP_H:rgb24:0:$CLIP_FRAMES" ;;
    many-files) echo "v:$FILE_W:$FILE_H:rgb24:0:60 a:$FILE_RATE:1:$((2 * FILE_RATE))" ;;
    first-chunk) echo "v:960:540:rgb24:0:1" ;;
    live) echo "v:640:480:rgb24:0:1" ;;
    live-x11) echo "v:1280:720:rgb24:0:1" ;;
    rss-stream) echo "v:1920:1080:rgb24:0:1" ;;
  esac
}
job_media() {
  case $1 in
    av|seed4|first100|clips|first-chunk) echo "$media_dir/bench.mp4" ;;
    audio-hour) echo "$media_dir/hour.m4a" ;;
    many-files) echo "$media_dir/files.txt" ;;
    live) echo "lavfi testsrc2=size=640x480:rate=30 (is-live=true)" ;;
    live-x11) echo "x11grab of Xvfb 1280x720 at 30 fps" ;;
    rss-stream) echo "lavfi testsrc2=size=1920x1080:rate=30 (no end)" ;;
  esac
}
job_duration() {
  case $1 in
    av|seed4|first100|clips|first-chunk) echo "$video_dur" ;;
    audio-hour) echo "$audio_dur" ;;
    many-files) echo 2 ;;
    live|live-x11) echo "$live_s" ;;
    rss-stream) echo "$rss_s" ;;
  esac
}
# stream: one pass over one file, the wall time is the measure;
# items: the driver times its work (clips, files, a batch of frames);
# first: time to the first chunk; live: latency; rss: memory over time.
job_kind() {
  case $1 in
    av|seed4|audio-hour) echo stream ;;
    first100|clips|many-files) echo items ;;
    first-chunk) echo first ;;
    live|live-x11) echo live ;;
    rss-stream) echo rss ;;
  esac
}
# Runs of a job: rss-stream's one long run is its measure; its timeout
# is its length and two minutes.
job_runs() {
  if [ "$(job_kind "$1")" = rss ]; then echo 1; else echo "$runs"; fi
}
job_timeout() {
  if [ "$(job_kind "$1")" = rss ]; then echo $((rss_s + 120)); else echo "$timeout_s"; fi
}
# The systems that can do a job.  The GStreamer-native pipeline and
# decode-ahead=0 stay on the one-pass jobs; torchaudio's AudioDecoder-free
# StreamReader is on every job but live; the CLI has no first chunk to time
# nor a live latency to report.  TorchCodec's seek mode does not exist for
# AudioDecoder: audio-hour has one TorchCodec row.
job_has_system() {
  local job=$1 sys=$2
  case $(job_kind "$job"):$sys in
    live:tensorchunker) return 0 ;;
    live:*) return 1 ;;
    # the module's memory, and the element's alone beside it
    rss:python|rss:tensorchunker) return 0 ;;
    rss:*) return 1 ;;
    first:ffmpeg|first:gst|first:tensorchunker-sync) return 1 ;;
    items:gst|items:tensorchunker-sync) return 1 ;;
    # the module runs the seed's script: one pass over the outputs
    first:python|items:python) return 1 ;;
    first:python-startup|items:python-startup) return 1 ;;
  esac
  # torchaudio 0.13's seek() goes to the key frame only ("precise" came in 2.0)
  [ "$job:$sys" != clips:torchaudio ] || return 1
  [ "$job:$sys" != audio-hour:torchcodec-approx ]
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
    pyav) echo "PyAV" ;;
    torchcodec-exact) echo "TorchCodec exact" ;;
    torchcodec-approx) echo "TorchCodec approximate" ;;
    python) echo "tensorchunker Python module" ;;
    python-startup) echo "Python start-up alone" ;;
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

# frames output INDEX (SPEC) of JOB should deliver from DURATION seconds of source
expected_frames() {
  local job=$1 index=$2 spec=$3 dur=$4
  case $job in
    first100) echo $(( (video_dur * SRC_FPS_NUM / SRC_FPS_DEN) < 100 ? video_dur * SRC_FPS_NUM / SRC_FPS_DEN : 100 )); return ;;
    clips) echo $((n_clips * CLIP_FRAMES)); return ;;
    many-files) [ "$index" = 0 ] && echo $((n_files * 60)) || echo $((n_files * 2 * FILE_RATE)); return ;;
    first-chunk) echo $((1 + warm_repeat)); return ;;
    live|live-x11) echo $((live_s * 30)); return ;;
  esac
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
# need_packages [--optional] PACKAGE...: installs what is missing (as root on
# Debian); without root, a missing package fails the run, or with --optional
# only the systems that need it (they say so in the tables).
need_packages() {
  local missing=() p optional=0
  if [ "$1" = --optional ]; then optional=1; shift; fi
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    [ "$optional" = 0 ] || return 0
    echo "run.sh: missing packages: ${missing[*]} (install them, or run as root on Debian)" >&2
    exit 1
  fi
  echo "== installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

need_packages ffmpeg time gstreamer1.0-tools gstreamer1.0-plugins-base \
  gstreamer1.0-plugins-good gstreamer1.0-libav gcc pkg-config libgstreamer1.0-dev \
  libgstreamer-plugins-base1.0-dev
[[ " ${systems[*]} " != *" pyav "* ]] || need_packages --optional python3-av python3-numpy
[ "$plots" = 0 ] || [ "$dry_run" = 1 ] || need_packages --optional python3-matplotlib

mkdir -p "$OUT" "$media_dir"

# gst-count: gst-launch-1.0 that also counts what reaches each sink (see gst-count.c)
GST_COUNT=$OUT/gst-count
if [ ! -x "$GST_COUNT" ] || [ "$HERE/gst-count.c" -nt "$GST_COUNT" ]; then
  # shellcheck disable=SC2046
  gcc -O2 -std=c11 -Wall -Wextra -o "$GST_COUNT" "$HERE/gst-count.c" \
    $(pkg-config --cflags --libs gstreamer-1.0)
fi
# tc-jobs: the element on the jobs that are not one pass (see tc-jobs.c)
TC_JOBS=$OUT/tc-jobs
if [ ! -x "$TC_JOBS" ] || [ "$HERE/tc-jobs.c" -nt "$TC_JOBS" ]; then
  # shellcheck disable=SC2046
  gcc -O2 -std=c11 -Wall -Wextra -o "$TC_JOBS" "$HERE/tc-jobs.c" \
    $(pkg-config --cflags --libs gstreamer-1.0 gstreamer-app-1.0)
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

pyav_available=0
pyav_reason=
if "$PYTHON" -c 'import av' >/dev/null 2>&1; then
  pyav_available=1
else
  pyav_reason="PyAV is not installed for $PYTHON (apt-get install python3-av)"
fi

# TorchCodec: the release built for the torch that is installed (Debian's
# python3-torch), pinned, in a virtual environment under out/ that sees the
# system's packages, so it never brings a torch or numpy of its own.  A
# TorchCodec links against one libtorch: a release for another torch does not
# load.  Releases and the torch each is built for: TorchCodec's README.
TC_VENV=$OUT/venv-torchcodec
torchcodec_for_torch() {
  case $1 in
    2.4.*) echo 0.0.3 ;; 2.5.*) echo 0.1.1 ;; 2.6.*) echo 0.2.1 ;;
    2.7.*) echo 0.5 ;; 2.8.*) echo 0.7.0 ;; 2.9.*) echo 0.9.1 ;;
    *) return 1 ;;
  esac
}
torchcodec_available=0
torchcodec_reason=
setup_torchcodec() {
  local torch_v tc_v
  if ! torch_v=$("$PYTHON" -c 'import torch; print(torch.__version__)' 2>/dev/null); then
    torchcodec_reason="torch is not installed for $PYTHON (apt-get install python3-torch)"
    return
  fi
  if ! tc_v=$(torchcodec_for_torch "$torch_v"); then
    torchcodec_reason="no TorchCodec release is built for torch $torch_v (Debian's python3-torch; the first, 0.0.3, needs torch 2.4)"
    return
  fi
  if [ ! -x "$TC_VENV/bin/python" ] || ! "$TC_VENV/bin/python" -c 'import torchcodec.decoders' >/dev/null 2>&1; then
    echo "== installing TorchCodec $tc_v (for torch $torch_v) into ${TC_VENV#"$ROOT"/}"
    "$PYTHON" -m venv --system-site-packages "$TC_VENV" &&
      "$TC_VENV/bin/pip" install -q --no-deps "torchcodec==$tc_v" || {
        torchcodec_reason="installing torchcodec==$tc_v into $TC_VENV failed"; return; }
  fi
  if "$TC_VENV/bin/python" -c 'import torchcodec.decoders' >/dev/null 2>&1; then
    torchcodec_available=1
  else
    torchcodec_reason="torchcodec==$tc_v does not import with torch $torch_v"
  fi
}
if [[ " ${systems[*]} " == *" torchcodec"* ]]; then setup_torchcodec; fi

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

# many-files: N_FILES clips of 2 s (640x360 30 fps H.264 with a key frame
# every 2 s, 48 kHz stereo AAC), cut without re-encoding from one encode;
# files.txt lists them, one path a line.
make_files() {
  local dir=$media_dir/files list=$media_dir/files.txt long
  if [ -s "$list" ] && [ "$(wc -l <"$list")" = "$n_files" ] && [ -s "$(tail -n 1 "$list")" ]; then
    return 0
  fi
  echo "== generating $n_files clips of 2 s in $dir (640x360 30 fps H.264 + 48 kHz stereo AAC)"
  rm -rf "$dir" "$list"
  mkdir -p "$dir"
  long=$dir/.long.mp4
  ffmpeg -hide_banner -nostdin -loglevel error -y \
    -f lavfi -i "testsrc2=size=640x360:rate=30:duration=$((2 * n_files))" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$((2 * n_files))" \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p -g 60 -keyint_min 60 -sc_threshold 0 \
    -c:a aac -b:a 96k -ac 2 "$long"
  ffmpeg -hide_banner -nostdin -loglevel error -y -i "$long" -map 0 -c copy \
    -f segment -segment_time 2 -reset_timestamps 1 "$dir/clip%04d.mp4"
  rm -f "$long"
  find "$dir" -name 'clip*.mp4' | sort | head -n "$n_files" >"$list"
}

# clips: N_CLIPS start times in bench.mp4 from a fixed seed, in random order;
# each half a frame before the clip's first frame, so that rounding cannot
# move an exact seek onto the frame before or after.
clip_starts() {
  local frames=$(((video_dur * SRC_FPS_NUM) / SRC_FPS_DEN))
  awk -v n="$n_clips" -v seed="$CLIPS_SEED" -v last=$((frames - CLIP_FRAMES - 1)) \
    -v num="$SRC_FPS_NUM" -v den="$SRC_FPS_DEN" 'BEGIN { srand(seed); s = "";
      for (i = 0; i < n; i++) { f = 1 + int(rand() * last);
        s = s (i ? "," : "") sprintf("%.6f", (f - 0.5) * den / num) } print s }'
}

# Xvfb for live-x11: started before the job, stopped after it.
XVFB_PID=
XVFB_DISPLAY=
start_xvfb() {
  local fifo d
  command -v Xvfb >/dev/null || return 1
  d=$(mktemp -d)
  mkfifo "$d/fd"
  Xvfb -displayfd 3 -screen 0 1280x720x24 -nolisten tcp 3>"$d/fd" >/dev/null 2>&1 &
  XVFB_PID=$!
  read -r -t 10 fifo <"$d/fd" || fifo=
  rm -rf "$d"
  [ -n "$fifo" ] || { stop_xvfb; return 1; }
  XVFB_DISPLAY=:$fifo
}
stop_xvfb() {
  [ -z "$XVFB_PID" ] || { kill "$XVFB_PID" 2>/dev/null; wait "$XVFB_PID" 2>/dev/null || true; }
  XVFB_PID=
}
trap stop_xvfb EXIT

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

# What the module's process pays before any media, which a C program does
# not: the interpreter, `import tensorchunker` (PyGObject, Gst.init, numpy)
# and torch (which the module imports in the background while it streams).
cmd_python_startup() {
  CMD=(env "PYTHONPATH=$HERE/../../gst/python" "$PYTHON" -c
    $'import tensorchunker\ntry:\n    import torch\nexcept ImportError:\n    pass')
}

# The arguments of the jobs that are not one pass, for tc-jobs, peer.py and
# cli-jobs.sh alike (after the job's name and its source).
job_args() {
  case $1 in
    first100) ;;
    clips) echo "$(clip_starts) $CLIP_W $CLIP_H $CLIP_FRAMES" ;;
    many-files) echo "$FILE_W $FILE_H $FILE_RATE" ;;
    first-chunk) echo "960 540 $warm_repeat" ;;
  esac
}

cmd_ffmpeg_job() {
  local job=$1 src=$2 args
  read -r -a args <<<"$(job_args "$job")"
  case $job in
    first100)
      CMD=(ffmpeg -hide_banner -nostdin -nostats -v verbose -i "$src" -map 0:v:0 -frames:v 100
        -pix_fmt rgb24 -c:v rawvideo -f rawvideo -y /dev/null) ;;
    *) CMD=(bash "$HERE/cli-jobs.sh" "$job" "$src" "${args[@]}") ;;
  esac
}

cmd_tc_job() {
  local job=$1 src=$2 args
  read -r -a args <<<"$(job_args "$job")"
  case $job in
    live) CMD=("$TC_JOBS" live lavfi "testsrc2=size=640x480:rate=30" "" "$live_s") ;;
    live-x11) CMD=("$TC_JOBS" live x11grab "$XVFB_DISPLAY" "opts,framerate=30" "$live_s") ;;
    rss-stream) CMD=("$TC_JOBS" rss lavfi "testsrc2=size=1920x1080:rate=30" "$rss_s") ;;
    *) CMD=("$TC_JOBS" "$job" "$src" "${args[@]}") ;;
  esac
}

cmd_peer() {
  local lib=$1 job=$2 src=$3 py=$PYTHON args
  shift 3
  [[ $lib != torchcodec* ]] || py=$TC_VENV/bin/python
  if [ "$(job_kind "$job")" = stream ]; then
    CMD=("$py" "$HERE/peer.py" "$lib" stream "$src" "$@")
  else
    read -r -a args <<<"$(job_args "$job")"
    CMD=("$py" "$HERE/peer.py" "$lib" "$job" "$src" "${args[@]}")
  fi
}

build_cmd() {
  local sys=$1 job=$2
  shift 2
  if [ "$(job_kind "$job")" != stream ]; then
    case $sys in
      ffmpeg) cmd_ffmpeg_job "$job" "$1" ;;
      tensorchunker) cmd_tc_job "$job" "$1" ;;
      python) CMD=(env "PYTHONPATH=$HERE/../../gst/python" "$PYTHON" "$HERE/rss_stream.py"
                "$rss_s" "$rss_warmup") ;;
      *) cmd_peer "$sys" "$job" "$1" ;;
    esac
    return
  fi
  case $sys in
    ffmpeg) cmd_ffmpeg "$@" ;;
    gst) cmd_gst "$@" ;;
    torchaudio) cmd_torchaudio "$@" ;;
    tensorchunker) cmd_tensorchunker "" "$@" ;;
    tensorchunker-sync) cmd_tensorchunker decode-ahead=0 "$@" ;;
    python) cmd_python "$@" ;;
    python-startup) cmd_python_startup ;;
    pyav|torchcodec-*) cmd_peer "$sys" "$job" "$@" ;;
  esac
}

# Bytes each output delivered, one line per output index ("INDEX BYTES"),
# read from the log of one run.
output_bytes() {
  local sys=$1 log=$2
  case $sys in
    ffmpeg) sed -nE 's/^ *Output stream #([0-9]+):0 .*packets muxed \(([0-9]+) bytes\).*/\1 \2/p' "$log"
            sed -nE 's/^output ([0-9]+) frames=[0-9]+ bytes=([0-9]+).*/\1 \2/p' "$log" ;;
    gst|tensorchunker*) sed -nE 's/^sink o([0-9]+) buffers=[0-9]+ bytes=([0-9]+) .*/\1 \2/p' "$log"
                        sed -nE 's/^output ([0-9]+) frames=[0-9]+ bytes=([0-9]+).*/\1 \2/p' "$log" ;;
    *) sed -nE 's/^output ([0-9]+) frames=[0-9]+ bytes=([0-9]+).*/\1 \2/p' "$log" ;;
  esac
}

# Checks one finished run; prints nothing when it is fine, else why not.
check_run() {
  local job=$1 sys=$2 log=$3 rc=$4 dur=$5 i=0 spec got want fb short="" low=0.95
  shift 5
  # a live run counts what arrived in its seconds, less the start
  [ "$(job_kind "$job")" != live ] || low=0.8
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    echo "timed out after $(job_timeout "$job") s"; return
  fi
  if [ "$rc" != 0 ] && [ "$rc" != 4 ]; then
    echo "exit status $rc"; return
  fi
  # no media: nothing to count
  [ "$sys" != python-startup ] || return 0
  if [ "$(job_kind "$job")" = rss ]; then check_rss_run "$log" "$1"; return; fi
  for spec in "$@"; do
    got=$(output_bytes "$sys" "$log" | awk -v i="$i" '$1 == i { print $2; exit }')
    if [ -z "$got" ]; then
      short="output $i ($spec): no count in the log"; break
    fi
    fb=$(frame_bytes "$spec")
    want=$(expected_frames "$job" "$i" "$spec" "$dur")
    if ! awk -v b="$got" -v fb="$fb" -v w="$want" -v low="$low" \
        'BEGIN { f = b / fb; exit !(f >= low * w - 2 && f <= 1.05 * w + 2) }'; then
      short="output $i ($spec): $((got / fb)) frames ($got bytes), expected about $want"; break
    fi
    if [[ $sys == tensorchunker* ]] && [ "$(job_kind "$job")" = stream ] &&
        ! grep -q "^sink o$i .*caps=application/x-tensor" "$log"; then
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
  if [ -z "$short" ] && [ "$(job_kind "$job")" != stream ] && ! grep -q '^result ' "$log"; then
    [ "$sys" = ffmpeg ] || short="no result line in the log"
  fi
  [ -z "$short" ] || echo "$short"
}

# rss-stream streams for a time, not a count: some whole chunks, and RSS
# samples past the warm-up.
check_rss_run() {
  local log=$1 spec=$2 fb got
  fb=$(frame_bytes "$spec")
  got=$(output_bytes tensorchunker "$log" | awk '$1 == 0 { print $2; exit }')
  if [ -z "$got" ] || [ "$got" = 0 ] || [ $((got % fb)) != 0 ]; then
    echo "output 0 ($spec): ${got:-no} bytes, not whole frames of $fb"
  elif ! "$PYTHON" "$HERE/rss_stream.py" --summary "$rss_warmup" <"$log" >/dev/null; then
    echo "no RSS samples past the ${rss_warmup} s warm-up"
  fi
}

# The job's own measures of one run, from its log's "result" line: for
# items jobs "SECONDS ITEMS" (the CLI's first100 has none: its wall time),
# for first-chunk "FIRST WARM", for live "P50 P99 DROPS".
run_measures() {
  local job=$1 log=$2 wall=$3
  case $(job_kind "$job") in
    stream) echo "$wall 1" ;;
    items) grep -q '^result ' "$log" || { echo "$wall 1"; return; }
           sed -nE 's/^result seconds=([0-9.]+) items=([0-9]+).*/\1 \2/p' "$log" ;;
    first) sed -nE 's/^result first_s=([-0-9.]+) warm_s=([0-9.]+).*/\1 \2/p' "$log" ;;
    live) sed -nE 's/^result p50_s=([-0-9.]+) p99_s=([-0-9.]+) drops=([0-9]+).*/\1 \2 \3/p' "$log" ;;
    rss) "$PYTHON" "$HERE/rss_stream.py" --summary "$rss_warmup" <"$log" ;;
  esac
}

# Whether a system can run here; when not, why not on stdout.
system_unavailable() {
  case $1 in
    tensorchunker*) [ "$tc_available" = 1 ] || echo "element not available: $tc_reason" ;;
    torchaudio) [ "$ta_available" = 1 ] || echo "$ta_reason" ;;
    pyav) [ "$pyav_available" = 1 ] || echo "$pyav_reason" ;;
    torchcodec-*) [ "$torchcodec_available" = 1 ] || echo "$torchcodec_reason" ;;
    python|python-startup) [ "$py_available" = 1 ] || echo "$py_reason" ;;
  esac
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

# Warms the page cache with a job's input: no system pays for the first read.
warm_input() {
  case $1 in
    many-files) xargs cat <"$2" >/dev/null ;;
    live|live-x11|rss-stream) ;;
    *) cat "$2" >/dev/null ;;
  esac
}

# One run of one system: its log, /usr/bin/time's line, the check, and a
# line "WALL CPU RSS MEASURES..." appended to SYSTEM.ok when it checks out.
run_one() {
  local job=$1 sys=$2 r=$3 dir=$4 src=$5 dur=$6 log tf rc why m
  shift 6
  build_cmd "$sys" "$job" "$src" "$@"
  [ "$r" != 1 ] || printf '%s\n' "${CMD[*]}" >"$dir/$sys.cmd"
  log=$dir/$sys.$r.log
  tf=$dir/$sys.$r.time
  wait_for_idle
  # BENCH_T0_NS: first-chunk's start, read by the drivers (a few ms early)
  if BENCH_T0_NS=$(date +%s%N) /usr/bin/time -o "$tf" -f '%e %U %S %M' \
      timeout -k 10 "$(job_timeout "$job")" "${CMD[@]}" >"$log" 2>&1; then
    rc=0
  else
    rc=$?
  fi
  why=$(check_run "$job" "$sys" "$log" "$rc" "$dur" "$@")
  read -r wall usr syscpu rss < <(tail -n 1 "$tf")
  m=$(run_measures "$job" "$log" "$wall")
  if [ -z "$why" ] && [ -n "$m" ]; then
    awk -v w="$wall" -v u="$usr" -v s="$syscpu" -v r="$rss" -v m="$m" \
      'BEGIN { printf "%s %.2f %s %s\n", w, u + s, r, m }' >>"$dir/$sys.ok"
    printf '   run %d/%d  %-24s %7.2f s wall %7.2f s CPU %7.1f MiB  [%s]  ok%s\n' "$r" "$(job_runs "$job")" \
      "$(system_label "$sys")" "$wall" "$(awk -v u="$usr" -v s="$syscpu" 'BEGIN{print u+s}')" \
      "$(awk -v m="$rss" 'BEGIN{print m/1024}')" "$m" "$IDLE_NOTE"
  else
    any_failed=1
    printf '   run %d/%d  %-24s FAILED: %s (log: %s)\n' "$r" "$(job_runs "$job")" "$(system_label "$sys")" \
      "${why:-no measure in the log}" "$log"
    tail -n 5 "$log" | sed 's/^/      | /'
  fi
}

run_job() {
  local job=$1 src dur specs sys r dir
  src=$(job_media "$job")
  dur=$(job_duration "$job")
  read -r -a specs <<<"$(job_outputs "$job")"
  dir=$OUT/runs/$job
  rm -rf "$dir"
  mkdir -p "$dir"
  if [ "$job" = live-x11 ] && ! start_xvfb; then
    echo "no Xvfb (apt-get install xvfb) or it did not start" >"$dir/skipped"
    echo "== job $job: skipped: $(cat "$dir/skipped")"
    return
  fi
  warm_input "$job" "$src"
  cut -d' ' -f1-3 /proc/loadavg >"$dir/loadavg"

  echo
  echo "== job $job: $(basename "$src") (${dur} s) -> ${specs[*]}"
  for r in $(seq 1 "$(job_runs "$job")"); do
    for sys in "${systems[@]}"; do
      job_has_system "$job" "$sys" || continue
      [ -z "$(system_unavailable "$sys")" ] || continue
      run_one "$job" "$sys" "$r" "$dir" "$src" "$dur" "${specs[@]}"
    done
  done
  [ "$job" != live-x11 ] || stop_xvfb
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

# The job's measure of a system in seconds (lower is better), from the
# medians of its runs: stream the wall time, items the timed work, first the
# warm time to the first chunk, live the p99 latency.
measure_of() {
  local job=$1 f=$2
  case $(job_kind "$job") in
    stream) median 1 "$f" ;;
    items) median 4 "$f" ;;
    first|live) median 5 "$f" ;;
    rss) median 8 "$f" ;;
  esac
}

# The measure as the table shows it.
measure_text() {
  local job=$1 f=$2
  case $(job_kind "$job") in
    stream) echo "$(median 1 "$f") s" ;;
    items) awk -v s="$(median 4 "$f")" -v n="$(median 5 "$f")" -v u="$(job_unit "$job")" \
             'BEGIN { printf "%.2f %s/s (%.2f s)", n / s, u, s }' ;;
    first) awk -v c="$(median 4 "$f")" -v w="$(median 5 "$f")" \
             'BEGIN { printf "cold %.0f ms, warm %.1f ms", 1000 * c, 1000 * w }' ;;
    live) awk -v a="$(median 4 "$f")" -v b="$(median 5 "$f")" -v d="$(median 6 "$f")" \
             'BEGIN { printf "p50 %.1f ms, p99 %.1f ms, %d drops", 1000 * a, 1000 * b, d }' ;;
    rss) awk '{ printf "RSS after warm-up %.1f → %.1f MiB (max %.1f), slope %.4f MiB/s, %.0f chunks/s",
             $4, $5, $6, $7, $9 }' "$f" ;;
  esac
}
job_unit() {
  case $1 in first100) echo batches ;; clips) echo clips ;; many-files) echo files ;; esac
}

# PASS/MISS lines of issue 16 for one job: throughput against each peer,
# the job's own target, peak RSS against the smallest peer's.
report_targets16() {
  local job=$1 dir=$2 tc_m=$3 tc_rss=$4 sys m min_rss="" min_sys="" factor
  for sys in pyav torchcodec-exact torchcodec-approx; do
    job_has_system "$job" "$sys" || continue
    [[ " ${systems[*]} " == *" $sys "* ]] || continue
    factor=1.2
    [ "$job" != many-files ] || [[ $sys != torchcodec* ]] || factor=1.5
    if [ "$(job_kind "$job")" = first ]; then factor=1.0; fi
    if [ ! -s "$dir/$sys.ok" ]; then
      [ "$sys" = torchcodec-approx ] && [ "$torchcodec_available" != 1 ] ||
        echo "- n/a $( [[ $sys == torchcodec* ]] && echo TorchCodec || system_label "$sys"): not measured ($(system_unavailable "$sys"))"
      continue
    fi
    m=$(measure_of "$job" "$dir/$sys.ok")
    awk -v a="$m" -v b="$tc_m" -v f="$factor" -v l="$(system_label "$sys")" -v k="$(job_kind "$job")" 'BEGIN {
      r = a / b
      if (k == "first")
        printf "- %s warm first chunk ≤ %s: tensorchunker %.1f ms, %.1f ms (ratio %.2f)\n", (b <= a) ? "PASS" : "MISS", l, 1000 * b, 1000 * a, b / a
      else
        printf "- %s throughput ≥ %s × %s: %.2f × (%s by %.0f %%)\n", (r >= f) ? "PASS" : "MISS", f, l, r,
          (r >= f) ? "over" : "short", 100 * ((r >= f) ? r / f - 1 : 1 - r / f) }'
  done
  if [ "$(job_kind "$job")" = live ]; then
    awk -v p="$tc_m" -v d="$(median 6 "$dir/tensorchunker.ok")" 'BEGIN {
      lim = 1 / 30 + 0.05
      printf "- %s p99 latency ≤ one chunk (33.3 ms) + 50 ms: %.1f ms\n", (p <= lim) ? "PASS" : "MISS", 1000 * p
      printf "- %s zero drops: %d\n", (d == 0) ? "PASS" : "MISS", d }'
    return
  fi
  for sys in "${systems[@]}"; do
    [[ $sys != tensorchunker* ]] && [ "$sys" != python-startup ] && [ -s "$dir/$sys.ok" ] || continue
    m=$(median 3 "$dir/$sys.ok")
    if [ -z "$min_rss" ] || [ "$m" -lt "$min_rss" ]; then min_rss=$m; min_sys=$sys; fi
  done
  [ -n "$min_rss" ] || return 0
  awk -v m="$tc_rss" -v b="$min_rss" -v l="$(system_label "$min_sys")" 'BEGIN {
    printf "- %s peak RSS ≤ 1.2 × the smallest peer'"'"'s (%s, %.1f MiB): %.1f MiB (ratio %.2f)\n",
      (m <= 1.2 * b) ? "PASS" : "MISS", l, b / 1024, m / 1024, m / b }'
}

# The Python module's lines (issue 14, on the one-pass jobs): its wall
# within 5 % of the element's from gst-launch and at most half
# torchaudio's; then, not a target, what is left of its wall and CPU time
# without the start-up a C program does not have (Python, PyGObject,
# numpy, torch: the python-startup row, measured alone in the same rounds;
# the module overlaps part of the torch import with decoding, so this
# takes off at most what the start-up cost it).  Last, the fastest the
# module's wall could be on this machine: its CPU time spread over every
# core with none idle, and that floor's ratios to the two targets' bases;
# a floor over a target's limit means no overlap of the start-up with
# decoding can meet it here, only less CPU time or more cores.
report_targets14() {
  local dir=$1 py tc ta st cores
  cores=$(nproc)
  [ -s "$dir/python.ok" ] || return 0
  py="$(median 1 "$dir/python.ok") $(median 2 "$dir/python.ok")"
  [ ! -s "$dir/tensorchunker.ok" ] || tc="$(median 1 "$dir/tensorchunker.ok") $(median 2 "$dir/tensorchunker.ok")"
  [ ! -s "$dir/torchaudio.ok" ] || ta=$(median 1 "$dir/torchaudio.ok")
  [ ! -s "$dir/python-startup.ok" ] || st="$(median 1 "$dir/python-startup.ok") $(median 2 "$dir/python-startup.ok")"
  awk -v py="$py" -v tc="${tc:-}" -v ta="${ta:-}" -v st="${st:-}" -v n="$cores" 'BEGIN {
    split(py, p, " ")
    if (tc == "")
      print "- n/a Python module wall ≤ 1.05 × tensorchunker from gst-launch (issue 14): tensorchunker not measured"
    else {
      split(tc, t, " ")
      printf "- %s Python module wall ≤ 1.05 × tensorchunker from gst-launch (issue 14): %.2f s, %.2f s (ratio %.2f); CPU %.2f s, %.2f s (ratio %.2f)\n",
        (p[1] <= 1.05 * t[1]) ? "PASS" : "MISS", p[1], t[1], p[1] / t[1], p[2], t[2], p[2] / t[2]
    }
    if (ta == "")
      print "- n/a Python module wall ≤ 0.5 × torchaudio (issue 14): torchaudio not measured"
    else
      printf "- %s Python module wall ≤ 0.5 × torchaudio (issue 14): %.2f s, %.2f s (ratio %.2f)\n",
        (p[1] <= 0.5 * ta) ? "PASS" : "MISS", p[1], ta, p[1] / ta
    if (st != "" && tc != "") {
      split(st, s, " ")
      printf "- (not a target) Python start-up alone (interpreter, import tensorchunker and torch, no media): %.2f s wall, %.2f s CPU; the module without it: %.2f s wall (ratio %.2f to tensorchunker), %.2f s CPU (ratio %.2f)\n",
        s[1], s[2], p[1] - s[1], (p[1] - s[1]) / t[1], p[2] - s[2], (p[2] - s[2]) / t[2]
    }
    if (tc != "") {
      floor = p[2] / n
      printf "- (not a target) the module'"'"'s floor here, its CPU time over %d cores: %.2f s, ratio %.2f to tensorchunker (limit 1.05)", n, floor, floor / t[1]
      if (ta != "")
        printf ", %.2f to torchaudio (limit 0.5)", floor / ta
      print ""
    } }'
}

# rss-stream's lines (issue 14): the module's RSS after the warm-up grows
# by at most one chunk over the run (start and end: medians of 5 samples);
# the element alone beside it, on the same bound, not a target.
report_rss() {
  local dir=$1 sys why
  [[ " ${systems[*]} " == *" python "* ]] ||
    echo "- n/a RSS flat (issue 14): the Python module not run (--system python)"
  for sys in python tensorchunker; do
    [[ " ${systems[*]} " == *" $sys "* ]] || continue
    if [ ! -s "$dir/$sys.ok" ]; then
      why=$(system_unavailable "$sys")
      echo "- n/a RSS flat: $(system_label "$sys") not measured (${why:-its run failed})"
      continue
    fi
    awk -v sys="$sys" -v w="$rss_warmup" -v d="$rss_s" -v c="$(frame_bytes v:1920:1080:rgb24)" '{
      x = c / 1048576
      v = ($8 <= x) ? "PASS" : "MISS"
      if (sys == "python")
        printf "- %s RSS flat (issue 14): the Python module'"'"'s growth after the %d s warm-up ≤ %.1f MiB (one 1080p chunk) over %d s:", v, w, x, d
      else
        printf "- (not a target) %s the same for the element alone (tc-jobs):", v
      printf " %.1f → %.1f MiB (growth %.1f MiB, max %.1f), slope %.4f MiB/s (%.1f MiB over the %d s), %.0f chunks/s\n",
        $4, $5, $8, $6, $7, $7 * (d - w), d - w, $9 }' "$dir/$sys.ok"
  done
}

report_job() {
  local job=$1 dir=$OUT/runs/$1 specs sys n base_wall="" base_cpu="" base_rss="" wall cpu rss
  local tc_wall="" tc_rss="" tc_m="" allow target kind why
  kind=$(job_kind "$job")
  read -r -a specs <<<"$(job_outputs "$job")"
  echo
  echo "### $job"
  echo
  if [ -f "$dir/skipped" ]; then
    echo "Skipped: $(cat "$dir/skipped")."
    return
  fi
  if [ -s "$dir/ffmpeg.ok" ]; then
    base_wall=$(median 1 "$dir/ffmpeg.ok")
    base_cpu=$(median 2 "$dir/ffmpeg.ok")
    base_rss=$(median 3 "$dir/ffmpeg.ok")
  fi
  [ ! -s "$dir/tensorchunker.ok" ] || tc_m=$(measure_of "$job" "$dir/tensorchunker.ok")
  echo "Source: \`$(basename "$(job_media "$job")")\` (${dur_label[$job]}); outputs: \`${specs[*]}\`;"
  echo "load average before the job: $(cat "$dir/loadavg" 2>/dev/null || echo '?') (other work on the machine skews every system)."
  echo
  echo "| system | runs ok | measure | wall s | CPU s (user+sys) | peak RSS MiB | wall / CLI | RSS / CLI | tensorchunker speed-up |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for sys in "${systems[@]}"; do
    job_has_system "$job" "$sys" || continue
    why=$(system_unavailable "$sys")
    if [ -n "$why" ]; then
      echo "| $(system_label "$sys") | — | not measured: $why | | | | | | |"
      continue
    fi
    n=0
    [ ! -s "$dir/$sys.ok" ] || n=$(wc -l <"$dir/$sys.ok")
    if [ "$n" = 0 ]; then
      echo "| $(system_label "$sys") | 0/$(job_runs "$job") | FAILED (see out/runs/$job/) | | | | | | |"
      continue
    fi
    wall=$(median 1 "$dir/$sys.ok")
    cpu=$(median 2 "$dir/$sys.ok")
    rss=$(median 3 "$dir/$sys.ok")
    local m su
    m=$(measure_of "$job" "$dir/$sys.ok")
    su=$(awk -v a="$m" -v b="$tc_m" 'BEGIN { if (b == "" || b == 0) print "—"; else printf "%.2f", a / b }')
    [ "$kind" != live ] && [ "$kind" != rss ] && [ "$sys" != python-startup ] || su="—"
    [ "$sys" = python-startup ] || [ "$kind" = rss ] ||
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$job" "$sys" "$(system_label "$sys")" "$m" "$su" \
        "$(awk -v r="$rss" 'BEGIN { printf "%.1f", r / 1024 }')" >>"$OUT/summary.tsv"
    awk -v lbl="$(system_label "$sys")" -v n="$n" -v r="$(job_runs "$job")" -v w="$wall" -v c="$cpu" \
        -v m="$rss" -v bw="$base_wall" -v bc="$base_cpu" -v bm="$base_rss" -v mt="$(measure_text "$job" "$dir/$sys.ok")" \
        -v su="$su" 'BEGIN {
      rw = (bw == "") ? "—" : sprintf("%.2f", w / bw)
      rm = (bm == "") ? "—" : sprintf("%.2f", m / bm)
      printf "| %s | %d/%d | %s | %.2f | %.2f | %.1f | %s | %s | %s |\n", lbl, n, r, mt, w, c, m / 1024, rw, rm, su }'
    if [ "$sys" = tensorchunker ]; then tc_wall=$wall; tc_rss=$rss; fi
  done
  echo
  if [ "$kind" = stream ]; then
    target=$(job_wall_target "$job")
    allow=$(queue_allowance "${specs[@]}")
    if [ "$tc_available" != 1 ]; then
      echo "- MISS wall ≤ $target × ffmpeg CLI: tensorchunker not measured ($tc_reason)"
    elif [ -z "$tc_wall" ] || [ -z "$base_wall" ]; then
      echo "- MISS wall ≤ $target × ffmpeg CLI: no successful run of $( [ -z "$tc_wall" ] && echo tensorchunker || echo 'the ffmpeg CLI')"
    else
      awk -v t="$target" -v w="$tc_wall" -v bw="$base_wall" 'BEGIN {
        printf "- %s wall ≤ %s × ffmpeg CLI: tensorchunker %.2f s, CLI %.2f s, limit %.2f s (ratio %.2f)\n",
          (w <= t * bw) ? "PASS" : "MISS", t, w, bw, t * bw, w / bw }'
      awk -v f="$RSS_FACTOR" -v m="$tc_rss" -v bm="$base_rss" -v a="$allow" 'BEGIN {
        lim = f * bm + a / 1024
        printf "- %s peak RSS ≤ %s × ffmpeg CLI + queued chunks (%.1f MiB, issue 5): tensorchunker %.1f MiB, CLI %.1f MiB, limit %.1f MiB\n",
          (m <= lim) ? "PASS" : "MISS", f, a / 1048576, m / 1024, bm / 1024, lim / 1024 }'
    fi
  fi
  [ "$kind" != stream ] || report_targets14 "$dir"
  if [ "$kind" = rss ]; then
    report_rss "$dir"
  elif [ -n "$tc_m" ]; then
    report_targets16 "$job" "$dir" "$tc_m" "$tc_rss"
  else
    echo "- MISS: tensorchunker has no successful run of $job"
  fi
}

# ---------------------------------------------------------------- main
if [ "$dry_run" = 1 ]; then
  for job in "${jobs[@]}"; do
    read -r -a specs <<<"$(job_outputs "$job")"
    echo "== job $job"
    for sys in "${systems[@]}"; do
      job_has_system "$job" "$sys" || continue
      build_cmd "$sys" "$job" "$(job_media "$job")" "${specs[@]}"
      printf '%s:\n  %s\n' "$(system_label "$sys")" "${CMD[*]}"
    done
  done
  exit 0
fi

declare -A dur_label=()
need_video=0
need_audio=0
need_files=0
for job in "${jobs[@]}"; do
  case $job in
    av|seed4) need_video=1; dur_label[$job]="${video_dur} s 1920x1080 29.97 fps H.264 + 48 kHz stereo AAC" ;;
    first100) need_video=1; dur_label[$job]="its first 100 frames, 1920x1080 rgb24, one batch" ;;
    clips) need_video=1; dur_label[$job]="$n_clips clips of $CLIP_FRAMES frames at seeded random times, exact seeks, ${CLIP_W}x$CLIP_H rgb24" ;;
    first-chunk) need_video=1; dur_label[$job]="one 960x540 rgb24 frame: from process start (cold), then median of $warm_repeat from a new decoder in the same process (warm)" ;;
    audio-hour) need_audio=1; dur_label[$job]="${audio_dur} s 48 kHz stereo AAC" ;;
    many-files) need_files=1; dur_label[$job]="$n_files files of 2 s 640x360 30 fps H.264 + AAC, each to ${FILE_W}x$FILE_H rgb24 and $FILE_RATE Hz mono" ;;
    live) dur_label[$job]="${live_s} s, 1-frame chunks, consumer pulling as they come" ;;
    live-x11) dur_label[$job]="${live_s} s, 1-frame chunks, consumer pulling as they come" ;;
    rss-stream) dur_label[$job]="${rss_s} s of wall time, a source without an end, 1-frame chunks, the consumer keeping none; RSS each second, ${rss_warmup} s of warm-up" ;;
  esac
done
[ "$need_video" = 0 ] || make_bench_mp4
[ "$need_audio" = 0 ] || make_hour_m4a
[ "$need_files" = 0 ] || make_files

# warm what the first timed run would otherwise pay for alone
[ "$ta_available" = 0 ] || "$PYTHON" -c 'import torchaudio.io' >/dev/null 2>&1 || true
gst-inspect-1.0 uridecodebin >/dev/null 2>&1 || true

for sys in "${systems[@]}"; do
  case $sys in
    tensorchunker) [ "$tc_available" = 1 ] || echo "== tensorchunker: element not available: $tc_reason" ;;
    torchaudio) [ "$ta_available" = 1 ] || echo "== torchaudio: skipped: $ta_reason" ;;
    pyav) [ "$pyav_available" = 1 ] || echo "== PyAV: skipped: $pyav_reason" ;;
    torchcodec-exact) [ "$torchcodec_available" = 1 ] || echo "== TorchCodec: skipped: $torchcodec_reason" ;;
    python) [ "$py_available" = 1 ] || echo "== python: skipped: $py_reason" ;;
  esac
done

for job in "${jobs[@]}"; do
  run_job "$job"
done

rm -f "$OUT/summary.tsv"
{
  echo "## tensorchunker benchmark$([ "$smoke" = 1 ] && echo ' (quick: short media, not the targets)')"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)),"
  echo "medians of $runs run(s) each, systems run round robin$([ "$wait_idle" = 1 ] && echo ', each after waiting for an idle machine'). main at $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?');"
  echo "$(ffmpeg -version | head -n 1 | cut -d' ' -f1-3); $(gst-launch-1.0 --version | sed -n 2p)$([ "$ta_available" = 1 ] && echo "; torchaudio $("$PYTHON" -c 'import torchaudio; print(torchaudio.__version__)' 2>/dev/null)")$([ "$pyav_available" = 1 ] && echo "; PyAV $("$PYTHON" -c 'import av; print(av.__version__)' 2>/dev/null)")$([ "$torchcodec_available" = 1 ] && echo "; TorchCodec $("$TC_VENV/bin/python" -c 'import torchcodec; print(torchcodec.__version__)' 2>/dev/null)")."
  [ "$torchcodec_available" = 1 ] || echo "TorchCodec not measured: $torchcodec_reason."
  [ -z "$plugin_built" ] || echo "tensorchunker: the plugin of ${build_dir#"$ROOT"/}/gst built $plugin_built (copied before the first run)."
  echo "Wall and peak RSS from /usr/bin/time; \"wall / CLI\" and \"RSS / CLI\" are to the ffmpeg CLI's medians;"
  echo "\"tensorchunker speed-up\" is the system's measure over tensorchunker's (above 1: tensorchunker is faster)."
  echo "The measure: the wall time of a one-pass job; the driver's own time of the work for the others (after"
  echo "the process and its imports started, except the CLI's first100: its wall time), and its items per second."
  for job in "${jobs[@]}"; do
    report_job "$job"
  done
} >"$results"

echo
cat "$results"
echo
echo "(written to ${results#"$ROOT"/}; logs in ${OUT#"$ROOT"/}/runs/)"
if [ "$plots" = 1 ] && [ -s "$OUT/summary.tsv" ]; then
  if "$PYTHON" -c 'import matplotlib' >/dev/null 2>&1; then
    mkdir -p "$images"
    "$PYTHON" "$HERE/plot.py" "$OUT/summary.tsv" "$images" || any_failed=1
    echo "(pictures: ${images#"$ROOT"/}/bench-*.png)"
  else
    echo "(no pictures: matplotlib is not installed for $PYTHON: apt-get install python3-matplotlib)"
  fi
fi

if [ "$any_failed" = 1 ]; then exit 1; fi
if [[ " ${systems[*]} " == *" tensorchunker "* ]] && [ "$tc_available" != 1 ]; then exit 3; fi
exit 0
