#!/usr/bin/env bash
# Builds berth's native pieces into build/: berth-monitor, the per-container monitor (see the
# comment at the top of native/monitor/berth-monitor.c). Rebuilds only what is out of date, so
# scripts/setup.sh can call it on every run.
set -euo pipefail
cd "$(dirname "$0")/.."

CC="${CC:-gcc}"
CFLAGS="${CFLAGS:--O2 -Wall -Wextra}"
mkdir -p build

src=native/monitor/berth-monitor.c
out=build/berth-monitor
if [ ! -x "$out" ] || [ "$src" -nt "$out" ] || [ "$0" -nt "$out" ]; then
  echo "build-native: compiling $out" >&2
  # Build beside the target and rename: a running monitor's binary is never rewritten in place,
  # and concurrent builds (parallel test files) never see a half-written one.
  tmp="$out.tmp.$$"
  trap 'rm -f "$tmp"' EXIT
  # zlib gzips rotated log files (Docker's log-opt compress).
  $CC $CFLAGS -s -o "$tmp" "$src" -lz
  mv -f "$tmp" "$out"
fi
