#!/bin/bash
# Regenerates the plugin's documentation cache and compares it with the
# committed one.  usage: check-plugins-cache.sh GENERATOR PLUGIN COMMITTED
set -euo pipefail
gen=$1 plugin=$2 committed=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$gen" "$tmp/gst_plugins_cache.json" "$plugin"
if ! diff -u "$committed" "$tmp/gst_plugins_cache.json"; then
  echo
  echo "docs/gst_plugins_cache.json is out of date: the plugin's elements, pads,"
  echo "properties or types changed.  Update it and commit the result:"
  echo
  echo "    ninja -C build update-plugins-cache"
  exit 1
fi
echo "docs/gst_plugins_cache.json is up to date"
