#!/bin/bash
# Generates the media the tests read into the folder given (default: ./media).
# Everything is synthetic (FFmpeg's lavfi sources, espeak-ng speech): nothing is
# downloaded.  Idempotent: a file that exists is kept.  A stamp file marks a
# complete run, so parallel test runners can wait for it.
set -eu
out=${1:-media}
mkdir -p "$out"; cd "$out"
ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
# H.264 + AAC MP4 in the shape of the seed's example (1080p 29.97 fps, 48 kHz
# stereo), short enough to keep the suite fast.
[ -f seed.mp4 ] || ff -f lavfi -i "testsrc2=size=1920x1080:rate=30000/1001" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000,aformat=channel_layouts=stereo" \
  -t 4 -c:v libx264 -preset ultrafast -g 30 -pix_fmt yuv420p -c:a aac -b:a 128k -shortest seed.mp4
# The seed's closing figure seeks to 10 s and reads 3 s: 1080p H.264 + AAC
# 48 kHz stereo, 14 s long.  testsrc draws the second on each frame, and
# the audio is a chirp (300 Hz rising by 200 Hz a second, under 4 kHz, the
# Nyquist frequency of the figure's 8 kHz output), so the figure shows
# where it is.  30 fps with a key frame each second: the seed's seek to 10 s
# (to the key frame before) lands on 10 s itself.
[ -f seed14.mp4 ] || ff -f lavfi -i "testsrc=size=1920x1080:rate=30" \
  -f lavfi -i "aevalsrc=0.5*sin(2*PI*(300*t+100*t*t)):sample_rate=48000:channel_layout=stereo" \
  -t 14 -c:v libx264 -preset ultrafast -g 30 -pix_fmt yuv420p -c:a aac -b:a 128k -shortest seed14.mp4
# Small MKV: 320x240 25 fps H.264, Vorbis 44.1 kHz mono, AC-3 5.1 48 kHz.
[ -f small.mkv ] || ff -f lavfi -i "testsrc=size=320x240:rate=25" -f lavfi -i "sine=f=440:sample_rate=44100" \
  -f lavfi -i "sine=f=880:sample_rate=48000,aformat=channel_layouts=5.1" -t 6 -map 0 -map 1 -map 2 \
  -c:v libx264 -preset ultrafast -g 25 -pix_fmt yuv420p -c:a:0 libvorbis -c:a:1 ac3 small.mkv
# Video only, audio only.
[ -f video_only.mp4 ] || ff -f lavfi -i "testsrc=size=160x120:rate=10" -t 3 -c:v libx264 -preset ultrafast -g 10 -pix_fmt yuv420p video_only.mp4
# 1 s of 1 kHz at 16 kHz mono, 16-bit: 16000 frames exactly; and the same headerless.
[ -f tone16k.wav ] || ff -f lavfi -i "sine=f=1000:sample_rate=16000" -t 1 -c:a pcm_s16le tone16k.wav
[ -f tone16k.s16 ] || ff -i tone16k.wav -f s16le -c:a pcm_s16le tone16k.s16
# Sliding windows (hop): 5 s of white noise at 16 kHz mono (every sample
# differs, so a window off by one shows), and 4 s of 64x48 video at 25 fps
# in an intra-only lossless codec (every frame differs and seeks exactly).
[ -f noise16k.wav ] || ff -f lavfi -i "anoisesrc=r=16000:a=0.5:c=white:seed=42" -t 5 -c:a pcm_s16le noise16k.wav
[ -f count.mkv ] || ff -f lavfi -i "testsrc2=size=64x48:rate=25" -t 4 -c:v ffv1 -g 1 -pix_fmt yuv420p count.mkv
[ -f stereo48k.wav ] || ff -f lavfi -i "sine=f=440:sample_rate=48000,aformat=channel_layouts=stereo" -t 2 -c:a pcm_s16le stereo48k.wav
[ -f tone.mp3 ] || ff -f lavfi -i "sine=f=1000:sample_rate=44100" -t 3 -c:a libmp3lame -b:a 128k tone.mp3
if [ ! -f speech16k.wav ]; then
  if command -v espeak-ng >/dev/null; then
    espeak-ng -w speech_raw.wav "The streaming interface decodes media chunk by chunk."
    ff -i speech_raw.wav -ar 16000 -ac 1 -c:a pcm_s16le speech16k.wav
    rm -f speech_raw.wav
  else
    ff -f lavfi -i "sine=f=300:sample_rate=16000" -t 3 -c:a pcm_s16le speech16k.wav
  fi
fi
[ -f still.jpg ] || ff -f lavfi -i "testsrc=size=640x480" -frames:v 1 still.jpg
[ -f still.png ] || ff -f lavfi -i "mandelbrot=size=320x200" -frames:v 1 still.png
[ -f moov_end.mp4 ] || ff -f lavfi -i "testsrc=size=320x240:rate=30" -t 4 -c:v libx264 -preset ultrafast -pix_fmt yuv420p moov_end.mp4
[ -f moov_front.mp4 ] || ff -i moov_end.mp4 -c copy -movflags +faststart moov_front.mp4
[ -f clip.ts ] || ff -f lavfi -i "testsrc=size=320x240:rate=25" -f lavfi -i "sine=f=600:sample_rate=48000" -t 3 \
  -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac clip.ts
# MPEG-TS files one after the other (cat a.ts b.ts), as a broadcast that
# changes programmes.  size_change.ts: frame size, frame rate, sample rate
# and channels change mid-stream, and the timestamps go back to the start;
# back.ts: the same file twice, only the timestamps go back; jump.ts: the
# second copy 100000 s later (the 33-bit clock wraps: about 4557 s later).
if [ ! -f size_change.ts ] || [ ! -f back.ts ] || [ ! -f jump.ts ]; then
  ff -f lavfi -i "testsrc=size=160x120:rate=10" -f lavfi -i "sine=f=500:sample_rate=16000" -t 2 \
    -c:v libx264 -preset ultrafast -g 5 -pix_fmt yuv420p -c:a aac ts_part_a.ts
  ff -f lavfi -i "testsrc2=size=96x64:rate=25" -f lavfi \
    -i "sine=f=700:sample_rate=22050,aformat=channel_layouts=stereo" -t 2 \
    -c:v libx264 -preset ultrafast -g 5 -pix_fmt yuv420p -c:a aac ts_part_b.ts
  ff -i ts_part_a.ts -c copy -output_ts_offset 100000 ts_part_a_late.ts
  cat ts_part_a.ts ts_part_b.ts > size_change.ts
  cat ts_part_a.ts ts_part_a.ts > back.ts
  cat ts_part_a.ts ts_part_a_late.ts > jump.ts
  rm -f ts_part_a.ts ts_part_b.ts ts_part_a_late.ts
fi
# The same change of frame size, then of frame rate, with time going on
# (the second part starts where the first ends): size_step.ts is 160x120
# then 96x64, rate_step.ts 10 fps then 25 fps, 2 s each.
if [ ! -f size_step.ts ] || [ ! -f rate_step.ts ]; then
  ff -f lavfi -i "testsrc=size=160x120:rate=10" -t 2 -c:v libx264 -preset ultrafast -g 5 \
    -pix_fmt yuv420p step_a.ts
  ff -f lavfi -i "testsrc2=size=96x64:rate=10" -t 2 -c:v libx264 -preset ultrafast -g 5 \
    -pix_fmt yuv420p -output_ts_offset 2 step_size.ts
  ff -f lavfi -i "testsrc=size=160x120:rate=25" -t 2 -c:v libx264 -preset ultrafast -g 5 \
    -pix_fmt yuv420p -output_ts_offset 2 step_rate.ts
  cat step_a.ts step_size.ts > size_step.ts
  cat step_a.ts step_rate.ts > rate_step.ts
  rm -f step_a.ts step_size.ts step_rate.ts
fi
# Motion JPEG, every frame a picture of its own: a damaged one is skipped
# alone (20 frames, 160x120, 10 fps).
[ -f mjpeg.avi ] || ff -f lavfi -i "testsrc=size=160x120:rate=10" -t 2 -c:v mjpeg -q:v 5 mjpeg.avi
# The same jump, 0.3 s either side, for reading in real time.
if [ ! -f jump_short.ts ]; then
  ff -f lavfi -i "testsrc=size=64x48:rate=10" -t 0.3 -c:v libx264 -preset ultrafast -g 5 \
    -pix_fmt yuv420p ts_short.ts
  ff -i ts_short.ts -c copy -output_ts_offset 100000 ts_short_late.ts
  cat ts_short.ts ts_short_late.ts > jump_short.ts
  rm -f ts_short.ts ts_short_late.ts
fi
# An MKV whose clock starts 0.15 s before nanoseconds overflow int64.
[ -f huge_ts.mkv ] || ff -f lavfi -i "testsrc=size=32x24:rate=10" -f lavfi -i "sine=sample_rate=8000" -t 0.5 \
  -c:v libx264 -preset ultrafast -c:a pcm_s16le -output_ts_offset 9223372036.7 huge_ts.mkv
# An image sequence (image2 pattern): 10 PNG frames of 160x120.
if [ ! -f seq/img010.png ]; then
  mkdir -p seq
  ff -f lavfi -i "testsrc=size=160x120:rate=10" -frames:v 10 -start_number 1 seq/img%03d.png
fi
# A local HLS playlist (3 s of 500 Hz, 16 kHz mono AAC, 1 s segments):
# FFmpeg's HLS demuxer logs each segment it opens, the logging tests read it.
if [ ! -f hls/audio.m3u8 ]; then
  mkdir -p hls
  ff -f lavfi -i "sine=frequency=500:sample_rate=16000" -t 3 -c:a aac -f hls -hls_time 1 \
    -hls_playlist_type vod -hls_segment_filename hls/audio_%03d.ts hls/audio.m3u8
fi
# The seek matrix (tests/check/seekmatrix.c): 3 s of every codec an
# accurate seek must be exact for.  The audio is a chirp plus a second
# tone, so that a sample off the full decode's shows; the video is testsrc
# (the frame counter is drawn) with B-frames where the codec has them, and
# a key frame every second.
seek_sig() {
  echo "aevalsrc=0.4*sin(2*PI*(200*t+300*t*t))+0.2*sin(2*PI*3100*t):sample_rate=$1:channel_layout=$2"
}
[ -f seek.mp3 ] || ff -f lavfi -i "$(seek_sig 44100 stereo)" -t 3 -c:a libmp3lame -b:a 128k seek.mp3
[ -f seek.m4a ] || ff -f lavfi -i "$(seek_sig 48000 stereo)" -t 3 -c:a aac -b:a 128k seek.m4a
[ -f seek.opus ] || ff -f lavfi -i "$(seek_sig 48000 stereo)" -t 3 -c:a libopus -b:a 96k seek.opus
[ -f seek.ogg ] || ff -f lavfi -i "$(seek_sig 22050 mono)" -t 3 -c:a libvorbis seek.ogg
[ -f seek.flac ] || ff -f lavfi -i "$(seek_sig 44100 stereo)" -t 3 -c:a flac seek.flac
# Matroska's time base is 1 ms: frame times are rounded (4608, 1152 and 1024
# samples at 44.1 kHz are not whole milliseconds)
[ -f seek_flac.mka ] || ff -f lavfi -i "$(seek_sig 44100 stereo)" -t 3 -c:a flac seek_flac.mka
[ -f seek_mp3.mka ] || ff -f lavfi -i "$(seek_sig 44100 stereo)" -t 3 -c:a libmp3lame -b:a 128k seek_mp3.mka
# AAC without noise substitution: the decoder's noise generator is seeded
# at its open, PNS bands differ after a seek (docs/element.md, Seeking)
[ -f seek_aac.mka ] || ff -f lavfi -i "$(seek_sig 44100 stereo)" -t 3 -c:a aac -aac_pns 0 -b:a 128k seek_aac.mka
# AAC at 44.1 kHz in MPEG-TS: a frame (1024 samples) is 2089.8 ticks of
# its 90 kHz clock, and the demuxer gives the frames after the first of a
# PES times 1 or 2 ticks off the samples before them
[ -f aac44k.ts ] || ff -f lavfi -i "$(seek_sig 44100 stereo)" -t 3 -c:a aac -aac_pns 0 -b:a 128k aac44k.ts
# Opus (pre-skip, 80 ms seek pre-roll) and Vorbis (two block sizes: frames
# of varying length) in Matroska, whose 1 ms times are not frame sizes.
# Vorbis at 48 kHz: the muxer shifts its times by a rounded 3 ms for the
# first packet's 128 samples (2.67 ms), 16 samples more than they are.
# Opus in 10 ms frames: the first, less the 312-sample pre-skip, is 168
# samples, whose multiples a frame at 7 ms is also on
[ -f seek_opus.mka ] || ff -f lavfi -i "$(seek_sig 48000 stereo)" -t 3 -c:a libopus -b:a 96k \
  -frame_duration 10 seek_opus.mka
[ -f seek_vorbis.mka ] || ff -f lavfi -i "$(seek_sig 48000 stereo)" -t 3 -c:a libvorbis seek_vorbis.mka
[ -f seek16k.wav ] || ff -f lavfi -i "$(seek_sig 16000 mono)" -t 3 -c:a pcm_s16le seek16k.wav
[ -f seek.ac3 ] || ff -f lavfi -i "$(seek_sig 48000 5.1)" -t 3 -c:a ac3 seek.ac3
[ -f seek_h264.mp4 ] || ff -f lavfi -i "testsrc=size=160x120:rate=25" -t 3 -c:v libx264 -preset veryfast \
  -bf 2 -g 25 -pix_fmt yuv420p seek_h264.mp4
[ -f seek_vp9.webm ] || ff -f lavfi -i "testsrc=size=160x120:rate=30000/1001" -t 3 -c:v libvpx-vp9 \
  -deadline realtime -cpu-used 8 -g 30 -pix_fmt yuv420p seek_vp9.webm
[ -f seek_mpeg2.mkv ] || ff -f lavfi -i "testsrc=size=176x144:rate=30000/1001" -t 3 -c:v mpeg2video \
  -bf 2 -g 15 -q:v 4 seek_mpeg2.mkv
# the same in MPEG-TS, which has no index: seeks search timestamps and
# land anywhere, not on a key frame
[ -f seek_mpeg2.ts ] || ff -i seek_mpeg2.mkv -c copy seek_mpeg2.ts
# Not media at all.
[ -f garbage.bin ] || head -c 65536 /dev/urandom > garbage.bin
: > empty.bin
touch .complete
