#!/bin/bash
# Writes the seed corpus of the core fuzz target (tests/fuzz/fuzz_core.c)
# into the folder given (default: ./corpus): many containers and codecs, each
# tiny (under 20 KB: the fuzzer mutates small inputs fast), made by the
# ffmpeg CLI from lavfi sources, so nothing is downloaded.  Each seed is the
# target's 4-byte settings header followed by the media; most get the
# all-zero header (both outputs, the source's settings), some a few others so
# that every conversion path is in the corpus from the start.
#
# A format this ffmpeg cannot write is skipped with a note, not an error.
set -u
out=${1:-corpus}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }

# Video and audio sources: small, short, and not all flat (testsrc has
# edges and motion, the tone changes pitch).
V="testsrc=size=64x48:rate=10"
V2="testsrc2=size=48x32:rate=8"
A="sine=frequency=440:beep_factor=4:sample_rate=8000"
A16="sine=frequency=440:beep_factor=4:sample_rate=16000"

n_ok=0
n_skip=0

# seed NAME HEADER_HEX: prefixes $tmp/NAME with the header into the corpus.
seed() {
  local name=$1 header=$2 src="$tmp/$1"
  if [ ! -s "$src" ]; then
    return
  fi
  printf "$(echo "$header" | sed 's/../\\x&/g')" > "$out/$header-$name"
  cat "$src" >> "$out/$header-$name"
}

# mk NAME [ffmpeg arguments...]: writes $tmp/NAME, seeds it with the zero
# header, and skips it when ffmpeg fails or the file is too large.
mk() {
  local name=$1
  shift
  if ! ff "$@" "$tmp/$name" 2>"$tmp/err"; then
    echo "skipped $name: $(head -c 200 "$tmp/err")" >&2
    n_skip=$((n_skip + 1))
    return
  fi
  if [ "$(stat -c %s "$tmp/$name")" -ge 20480 ]; then
    echo "skipped $name: $(stat -c %s "$tmp/$name") bytes, over 20 KB" >&2
    rm -f "$tmp/$name"
    n_skip=$((n_skip + 1))
    return
  fi
  seed "$name" 00000000
  n_ok=$((n_ok + 1))
}

av() { echo -f lavfi -i "$V" -f lavfi -i "$A" -t 0.5; }
vo() { echo -f lavfi -i "$V" -t 0.5; }
ao() { echo -f lavfi -i "$A" -t 0.3; }

# shellcheck disable=SC2046  # the helpers' words are meant to split
{
# audio: PCM and friends
mk a.wav $(ao) -c:a pcm_s16le
mk u8.wav $(ao) -c:a pcm_u8 -ac 2
mk f32.wav $(ao) -c:a pcm_f32le
mk adpcm.wav $(ao) -c:a adpcm_ms
mk ima.wav $(ao) -c:a adpcm_ima_wav
mk mulaw.wav $(ao) -c:a pcm_mulaw
mk w64.w64 $(ao) -c:a pcm_s24le
mk a.au $(ao) -c:a pcm_s16be
mk a.aiff $(ao) -c:a pcm_s16be
mk a.caf $(ao) -c:a pcm_s16le
mk alac.caf $(ao) -c:a alac
mk a.voc $(ao) -c:a pcm_u8
mk a.rso $(ao) -c:a pcm_u8
mk a.sox $(ao)
mk a.ircam $(ao)
mk a.mmf -f lavfi -i "$A" -t 0.3 -c:a adpcm_yamaha
mk a.wv $(ao) -c:a wavpack
mk a.tta $(ao) -c:a tta
mk a.flac $(ao) -c:a flac
mk a.mp3 $(ao) -c:a libmp3lame -b:a 32k
mk a.mp2 -f lavfi -i "$A16" -t 0.3 -c:a mp2 -b:a 32k
mk vorbis.ogg -f lavfi -i "$A16" -t 0.3 -c:a libvorbis -q:a 0
mk a.opus -f lavfi -i "$A16" -t 0.3 -c:a libopus -b:a 16k
mk speex.spx -f lavfi -i "$A16" -t 0.3 -c:a libspeex
mk flac.oga $(ao) -c:a flac
mk a.aac $(ao) -c:a aac -b:a 24k -f adts
mk a.m4a $(ao) -c:a aac -b:a 24k
mk alac.m4a $(ao) -c:a alac
mk latm.latm $(ao) -c:a aac -b:a 24k -f latm
mk a.ac3 -f lavfi -i "$A16" -t 0.2 -c:a ac3 -b:a 32k
mk a.eac3 -f lavfi -i "$A16" -t 0.2 -c:a eac3 -b:a 32k
mk a.dts -f lavfi -i "sine=sample_rate=48000" -t 0.1 -strict -2 -c:a dca
mk a.wma $(ao) -c:a wmav2 -b:a 24k -f asf
mk a.gsm $(ao) -c:a libgsm -ar 8000 -f gsm
mk a.g722 -f lavfi -i "$A16" -t 0.3 -c:a g722 -f g722
mk a.g726 $(ao) -c:a g726 -f g726
mk a.adx $(ao) -c:a adpcm_adx -f adx
mk a.sbc -f lavfi -i "$A16" -t 0.3 -c:a sbc -f sbc
mk a.aptx -f lavfi -i "sine=sample_rate=48000" -t 0.2 -ac 2 -c:a aptx -f aptx
mk a.mlp -f lavfi -i "sine=sample_rate=48000" -t 0.1 -strict -2 -c:a mlp -f mlp
mk a.nut $(ao) -c:a pcm_s16le
mk s16le.raw $(ao) -f s16le
mk a.dfpwm -f lavfi -i "sine=sample_rate=48000" -t 0.2 -c:a dfpwm -f dfpwm
mk a.ast $(ao) -c:a pcm_s16be_planar -f ast
mk a.wsaud $(ao) -c:a adpcm_ima_ws -f wsaud
mk a.kvag $(ao) -c:a adpcm_ima_ssi -f kvag
mk 51.wav -f lavfi -i "sine=sample_rate=8000,aformat=channel_layouts=5.1" -t 0.1 -c:a pcm_s16le

# video (and audio and video) in containers
mk h264.mp4 $(av) -c:v libx264 -preset ultrafast -g 3 -pix_fmt yuv420p -c:a aac -b:a 16k
mk h264.mov $(vo) -c:v libx264 -preset ultrafast -g 3 -pix_fmt yuv420p
mk frag.mp4 $(vo) -c:v libx264 -preset ultrafast -g 3 -movflags frag_keyframe+empty_moov
mk h264.mkv $(av) -c:v libx264 -preset ultrafast -g 3 -c:a libvorbis -q:a 0
mk h264.ts $(vo) -c:v libx264 -preset ultrafast -g 3
mk av.ts -f lavfi -i "$V" -f lavfi -i "$A16" -t 0.3 -c:v mpeg2video -c:a mp2 -b:a 32k
mk h264.h264 $(vo) -c:v libx264 -preset ultrafast -g 3 -f h264
mk hevc.mkv $(vo) -c:v libx265 -preset ultrafast -x265-params log-level=none
mk hevc.hevc $(vo) -c:v libx265 -preset ultrafast -x265-params log-level=none -f hevc
mk vp8.webm $(av) -c:v libvpx -b:v 50k -c:a libvorbis -q:a 0
mk vp9.webm $(vo) -c:v libvpx-vp9 -b:v 50k -deadline realtime
mk av1.mkv $(vo) -c:v libaom-av1 -cpu-used 8 -b:v 50k
mk vp8.ivf $(vo) -c:v libvpx -b:v 50k -f ivf
mk mjpeg.avi -f lavfi -i "$V" -f lavfi -i "$A" -t 0.3 -c:v mjpeg -q:v 20 -c:a pcm_u8
mk huffyuv.avi -f lavfi -i "$V2" -t 0.2 -c:v huffyuv
mk msmpeg4.avi $(vo) -c:v msmpeg4 -q:v 20
mk mpeg4.avi $(vo) -c:v mpeg4 -q:v 20
mk xvid.avi $(vo) -c:v libxvid -q:v 20
mk mpeg1.mpg -f lavfi -i "testsrc=size=64x48:rate=25" -f lavfi -i "$A" -t 0.3 -c:v mpeg1video -q:v 20 -c:a mp2 -b:a 32k -ar 16000 -f mpeg
mk mpeg2.vob -f lavfi -i "$V" -f lavfi -i "sine=sample_rate=48000" -t 0.2 -c:v mpeg2video -q:v 20 -c:a ac3 -b:a 64k -f vob
mk m2v.m2v $(vo) -c:v mpeg2video -q:v 20 -f mpeg2video
mk a.m4v $(vo) -c:v mpeg4 -q:v 20 -f m4v
mk a.flv $(av) -c:v flv1 -q:v 20 -c:a libmp3lame -ar 11025 -b:a 16k
mk h264.flv $(vo) -c:v libx264 -preset ultrafast -g 3
mk wmv.asf $(av) -c:v wmv2 -q:v 20 -c:a wmav2 -b:a 24k
mk theora.ogv $(vo) -c:v libtheora -q:v 1
mk a.nut $(vo) -c:v ffv1
mk raw.nut -f lavfi -i "testsrc=size=16x12:rate=5" -t 0.4 -c:v rawvideo -pix_fmt yuv420p
mk a.y4m -f lavfi -i "testsrc=size=32x24:rate=5" -t 0.6 -pix_fmt yuv420p
mk prores.mov -f lavfi -i "testsrc=size=32x24:rate=5" -t 0.2 -c:v prores
mk qtrle.mov -f lavfi -i "$V2" -t 0.2 -c:v qtrle
mk h263.3gp -f lavfi -i "testsrc=size=128x96:rate=10" -t 0.3 -c:v h263 -q:v 20
mk mxf.mxf -f lavfi -i "testsrc=size=64x48:rate=25" -t 0.1 -c:v mpeg2video -q:v 20
mk a.rm $(vo) -c:v rv10 -q:v 20
mk a.swf -f lavfi -i "$V2" -t 0.3 -c:v flv1 -q:v 20
mk a.roq -f lavfi -i "testsrc=size=32x32:rate=30" -t 0.1 -c:v roqvideo
mk smjpeg.mjpg -f lavfi -i "$V2" -t 0.2 -c:v mjpeg -f smjpeg
mk mjpeg.mjpeg $(vo) -c:v mjpeg -q:v 15 -f mjpeg
mk cinepak.avi -f lavfi -i "$V2" -t 0.2 -c:v cinepak
mk a.gif -f lavfi -i "$V2" -t 0.4
mk a.apng -f lavfi -i "testsrc=size=16x12:rate=5" -t 0.4 -f apng
mk anim.webp -f lavfi -i "testsrc=size=16x12:rate=5" -t 0.4 -c:v libwebp_anim -f webp

# still images (single frames; image2pipe demuxers)
mk a.png -f lavfi -i "$V2" -frames:v 1
mk a.jpg -f lavfi -i "$V" -frames:v 1 -q:v 10
mk a.bmp -f lavfi -i "testsrc=size=32x24" -frames:v 1
mk a.tiff -f lavfi -i "testsrc=size=32x24" -frames:v 1
mk a.webp -f lavfi -i "$V2" -frames:v 1
mk a.tga -f lavfi -i "testsrc=size=16x12" -frames:v 1
mk a.pcx -f lavfi -i "testsrc=size=16x12" -frames:v 1
mk a.sgi -f lavfi -i "testsrc=size=16x12" -frames:v 1
mk a.ppm -f lavfi -i "testsrc=size=16x12" -frames:v 1
mk a.pgm -f lavfi -i "testsrc=size=16x12" -frames:v 1 -pix_fmt gray
mk a.xwd -f lavfi -i "testsrc=size=16x12" -frames:v 1
mk a.qoi -f lavfi -i "testsrc=size=16x12" -frames:v 1
mk a.dpx -f lavfi -i "testsrc=size=16x12" -frames:v 1
mk a.exr -f lavfi -i "testsrc=size=16x12" -frames:v 1 -pix_fmt gbrpf32le
mk a.jxl -f lavfi -i "testsrc=size=16x12" -frames:v 1 -c:v libjxl -f image2
mk a.j2k -f lavfi -i "testsrc=size=16x12" -frames:v 1 -c:v jpeg2000 -f image2
mk a.ras -f lavfi -i "testsrc=size=16x12" -frames:v 1 -c:v sunrast -f image2
mk a.xbm -f lavfi -i "testsrc=size=16x12" -frames:v 1 -pix_fmt monow -c:v xbm -f image2
mk a.fits -f lavfi -i "testsrc=size=16x12" -frames:v 1 -pix_fmt gray -f fits
mk a.ico -f lavfi -i "testsrc=size=16x16" -frames:v 1 -c:v bmp -f ico
}

# The same media with other settings (header bytes: see fuzz_core.c), so
# that every conversion path is in the corpus from the start.
seed h264.mp4 28125103   # accurate, filters; 16 kHz stereo; bgr24 32x24 5 fps
seed h264.mp4 84000000   # non-seekable input, seek at 2/4
seed h264.mkv 5100aa02   # video only, NHWC, seek 1/4; yuv420p 64 wide, 25 fps
seed h264.mkv 09000707   # video only, accurate; gray16le, 8 frames a chunk
seed mjpeg.avi 087a3b07  # accurate; 16 kHz 5.1 s32; nv12 48 high
seed a.wav 02b70020      # audio only; 96 kHz stereo fltp, 993 frames a chunk
seed a.wav cac90001      # audio only, accurate, seek 3/4; 8 kHz mono s16p
seed vorbis.ogg c2840010 # audio only, seek 3/4; 44.1 kHz dbl
seed a.mp3 64e60007      # non-seekable, filters, seek 1/4; 11025 Hz s64
seed vp9.webm 11000800   # video only, NHWC; yuv444p
seed a.gif 1d004902      # video only, non-seekable, accurate, NHWC; gbrp 5 fps
seed a.y4m 0800d804      # accurate; yuv444p 32x24 30000/1001 fps
seed h264.ts 6000cc01    # filters, seek 1/4; rgb24 30000/1001 fps
seed 51.wav 02100000     # audio only; 5.1 mixed down to stereo

# Not media: the probe must say no
mk noise.bin -f lavfi -i "anoisesrc=seed=1:sample_rate=8000" -t 0.5 -f u8 -c:a pcm_u8
printf '\0\0\0\0' > "$out/00000000-empty"

echo "corpus: $n_ok media made, $n_skip skipped, $(ls "$out" | wc -l) seeds in $out" \
  "($(du -sk "$out" | cut -f1) KB)"
