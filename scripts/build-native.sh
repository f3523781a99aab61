#!/usr/bin/env bash
# Builds berth's native pieces into build/: berth-monitor, the per-container monitor (see the
# comment at the top of native/monitor/berth-monitor.c), and berth-nsbind (cp's way into a
# running container's tmpfs mounts, native/nsbind/berth-nsbind.c). Rebuilds only what is out
# of date, so scripts/setup.sh can call it on every run.
set -euo pipefail
cd "$(dirname "$0")/.."

CC="${CC:-gcc}"
CFLAGS="${CFLAGS:--O2 -Wall -Wextra}"
mkdir -p build

# build SRC OUT [LIBS...]: compiles when OUT is missing or older than SRC or this script.
build() {
  local src=$1 out=$2
  shift 2
  if [ ! -x "$out" ] || [ "$src" -nt "$out" ] || [ "$0" -nt "$out" ]; then
    echo "build-native: compiling $out" >&2
    # Build beside the target and rename: a running monitor's binary is never rewritten in place,
    # and concurrent builds (parallel test files) never see a half-written one.
    local tmp="$out.tmp.$$"
    trap 'rm -f "'"$tmp"'"' EXIT
    $CC $CFLAGS -s -o "$tmp" "$src" "$@"
    mv -f "$tmp" "$out"
    trap - EXIT
  fi
}

# zlib gzips rotated log files (Docker's log-opt compress).
build native/monitor/berth-monitor.c build/berth-monitor -lz
# cp into a running container's tmpfs (native/nsbind/berth-nsbind.c says why it is C).
build native/nsbind/berth-nsbind.c build/berth-nsbind
