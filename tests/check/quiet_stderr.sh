#!/bin/sh
# SPEC "Logging": nothing on stderr.  gst-launch-1.0 -q on a local HLS
# playlist (FFmpeg's HLS demuxer logs every segment it opens, at info level,
# to stderr unless the core takes its messages) must print nothing; with
# GST_DEBUG naming the categories, those lines are there (so this test can
# fail, and the categories work from the command line).
#   quiet_stderr.sh MEDIA_DIR
set -u
playlist="$1/hls/audio.m3u8"
[ -f "$playlist" ] || { echo "no $playlist"; exit 1; }
err=$(mktemp)
trap 'rm -f "$err"' EXIT

unset GST_DEBUG
if ! gst-launch-1.0 -q tensorchunker location="$playlist" ! fakesink 2>"$err"; then
  echo "gst-launch-1.0 failed:"; cat "$err"; exit 1
fi
if [ -s "$err" ]; then
  echo "stderr was not empty:"; cat "$err"; exit 1
fi

GST_DEBUG='tensorchunker-ffmpeg:5,tensorchunker-core:5' GST_DEBUG_NO_COLOR=1 \
  gst-launch-1.0 -q tensorchunker location="$playlist" ! fakesink 2>"$err"
for want in "tensorchunker-ffmpeg.*audio_001.ts" "tensorchunker-core.*opened"; do
  if ! grep -q "$want" "$err"; then
    echo "GST_DEBUG shows no line matching '$want':"; cat "$err"; exit 1
  fi
done
echo "stderr empty; GST_DEBUG shows the core's and FFmpeg's lines"
