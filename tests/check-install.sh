#!/bin/bash
# Installs the build into a scratch DESTDIR and checks that it is a plugin
# like any other: one file, in PREFIX/LIBDIR/gstreamer-1.0, which with
# --prefix=/usr is the system GStreamer's plugin directory, and which
# GStreamer finds there without GST_PLUGIN_PATH; and, when PYDIR is given,
# the Python module `tensorchunker` in PYDIR, importable from there.
#
# usage: check-install.sh BUILD_DIR PREFIX LIBDIR [PYDIR]
set -euo pipefail
build=$1 prefix=$2 libdir=$3 pydir=${4:-}
pydir=${pydir%/}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

meson install -C "$build" --destdir "$dest" --no-rebuild --quiet

plugindir="$prefix/$libdir/gstreamer-1.0"
files=$(cd "$dest" && find . -type f | sed 's|^\.||' | sort)
echo "installed: $files"
expected="$plugindir/libgsttensorchunker.so"
if [ -n "$pydir" ]; then
  py=$(cd "$(dirname "$0")/../gst/python" && ls tensorchunker/*.py |
    sed "s|^|$pydir/|")
  expected=$(printf '%s\n%s\n' "$expected" "$py" | sort)
fi
if [ "$files" != "$expected" ]; then
  echo "FAIL: expected exactly:"
  echo "$expected"
  exit 1
fi

# The system plugin directory, for --prefix=/usr.
system=$(pkg-config --variable=pluginsdir gstreamer-1.0)
if [ "/usr/$libdir/gstreamer-1.0" != "$system" ]; then
  echo "FAIL: with --prefix=/usr the plugin would go to /usr/$libdir/gstreamer-1.0," \
    "not to the system plugin directory $system"
  exit 1
fi
echo "with --prefix=/usr it goes to $system, the system plugin directory"

# Found as a system plugin: no GST_PLUGIN_PATH, the install dir standing in
# for the system directory, a fresh registry.
out=$(env -u GST_PLUGIN_PATH -u GST_PLUGIN_PATH_1_0 \
  GST_PLUGIN_SYSTEM_PATH_1_0="$dest$plugindir" \
  GST_REGISTRY_1_0="$dest/registry.bin" \
  gst-inspect-1.0 tensorchunker)
echo "$out" | grep -E 'Filename|Version'
echo "$out" | grep -q "Filename *$dest$plugindir/libgsttensorchunker.so" || {
  echo "FAIL: gst-inspect-1.0 did not find the installed plugin"
  exit 1
}
if [ -n "$pydir" ]; then
  # the module, as installed, finds the installed plugin
  env -u GST_PLUGIN_PATH -u GST_PLUGIN_PATH_1_0 -u PYTHONPATH \
    GST_PLUGIN_SYSTEM_PATH_1_0="$dest$plugindir" \
    GST_REGISTRY_1_0="$dest/registry.bin" PYTHONPATH="$dest$pydir" \
    /usr/bin/python3 -c 'import tensorchunker, sys
print("python module:", tensorchunker.__file__)
r = tensorchunker.StreamReader("sine=duration=0.1", format="lavfi")
assert r.num_src_streams == 1, r.num_src_streams' || {
    echo "FAIL: the installed Python module does not work"
    exit 1
  }
fi
echo "ok"
