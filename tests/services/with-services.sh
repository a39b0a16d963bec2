#!/bin/bash
# Runs a command with the peers the tests talk to, all on this machine, and
# stops them afterwards whatever the command did:
#
#   TC_HTTP_ROOT  TC_HTTP_URL    python3 -m http.server on 127.0.0.1 serving
#                                a fresh folder (tests copy media into it)
#   TC_HTTP_RANGE_URL            nginx serving the same folder, with range
#                                requests (python's server answers none)
#   TC_RTMP_URL                  nginx + libnginx-mod-rtmp on 127.0.0.1
#                                (application "live": rtmp://127.0.0.1:PORT/live)
#   DISPLAY                      Xvfb, 640x480x24
#   PULSE_SERVER  TC_PULSE_SINK  a PulseAudio daemon with a null sink, whose
#                                monitor source is "TC_PULSE_SINK.monitor"
#
# TC_SERVICES=1 is exported too: tests that need a peer fail without it
# rather than skip, when TC_REQUIRE_SERVICES=1 (CI sets it).
#
# usage: with-services.sh COMMAND [ARGS...]
set -uo pipefail

work=$(mktemp -d /tmp/tc-services.XXXXXX)
pids=()

cleanup () {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# A free TCP port on 127.0.0.1.
free_port () {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Waits up to 10 s for a TCP port to accept connections.
wait_port () {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "with-services: nothing listens on port $1" >&2
  return 1
}

# --- HTTP -------------------------------------------------------------------
mkdir -p "$work/http"
http_port=$(free_port)
python3 -m http.server "$http_port" --bind 127.0.0.1 --directory "$work/http" \
  >"$work/http.log" 2>&1 &
pids+=($!)
wait_port "$http_port" || exit 1
export TC_HTTP_ROOT="$work/http" TC_HTTP_URL="http://127.0.0.1:$http_port"

# --- nginx: HTTP with range requests, and RTMP ------------------------------
# python's http.server answers no Range request: an HTTP source that seeks
# (souphttpsrc in push mode) needs a server that does.  nginx serves the same
# folder as TC_HTTP_URL at TC_HTTP_RANGE_URL and, with libnginx-mod-rtmp,
# is the RTMP server too.
if command -v nginx >/dev/null; then
  range_port=$(free_port)
  mkdir -p "$work/nginx"
  # nginx's workers (nobody, under root) read what the tests put there
  chmod a+rx "$work" "$work/http"
  rtmp_load="" rtmp_conf=""
  if [ -f /usr/lib/nginx/modules/ngx_rtmp_module.so ]; then
    rtmp_port=$(free_port)
    rtmp_load="load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;"
    rtmp_conf="rtmp {
  server {
    listen 127.0.0.1:$rtmp_port;
    application live { live on; record off; }
  }
}"
  fi
  cat >"$work/nginx.conf" <<EOF
$rtmp_load
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 64; }
http {
  access_log off;
  default_type application/octet-stream;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$range_port;
    root $work/http;
  }
}
$rtmp_conf
EOF
  nginx -c "$work/nginx.conf" -p "$work/nginx" >"$work/nginx.log" 2>&1 &
  pids+=($!)
  wait_port "$range_port" || exit 1
  export TC_HTTP_RANGE_URL="http://127.0.0.1:$range_port"
  if [ -n "$rtmp_conf" ]; then
    wait_port "$rtmp_port" || exit 1
    export TC_RTMP_URL="rtmp://127.0.0.1:$rtmp_port/live"
  fi
fi

# --- X display ----------------------------------------------------------------
if command -v Xvfb >/dev/null; then
  for n in $(seq 90 120); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || break
  done
  # -noreset: an X server resets when its last client leaves, and refuses
  # connections meanwhile; a test that reopens the display would fail
  Xvfb ":$n" -screen 0 640x480x24 -nolisten tcp -noreset >"$work/xvfb.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    [ -e "/tmp/.X11-unix/X$n" ] && break
    sleep 0.1
  done
  export DISPLAY=":$n"
fi

# --- PulseAudio ---------------------------------------------------------------
if command -v pulseaudio >/dev/null; then
  mkdir -p "$work/pulse"
  export PULSE_RUNTIME_PATH="$work/pulse" PULSE_STATE_PATH="$work/pulse"
  export XDG_RUNTIME_DIR="$work/pulse"
  cat >"$work/pulse.pa" <<EOF
load-module module-native-protocol-unix auth-anonymous=1 socket=$work/pulse/native
load-module module-null-sink sink_name=tc_sink rate=48000 channels=2
set-default-sink tc_sink
set-default-source tc_sink.monitor
EOF
  # Root may run a per-user daemon only when told so explicitly.
  pulseaudio --daemonize=no --exit-idle-time=-1 --disallow-exit -n \
    --use-pid-file=no --system=false -F "$work/pulse.pa" \
    >"$work/pulse.log" 2>&1 &
  pids+=($!)
  export PULSE_SERVER="unix:$work/pulse/native" TC_PULSE_SINK=tc_sink
  for _ in $(seq 100); do
    pactl info >/dev/null 2>&1 && break
    sleep 0.1
  done
fi

export TC_SERVICES=1
"$@"
