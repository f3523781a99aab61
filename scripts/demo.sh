#!/usr/bin/env bash
# berth's main job, from a fresh machine: set up, start berthd, make a busybox image
# offline from Debian's busybox-static, import it, and run containers from it.
# Uses its own data root under /tmp unless BERTH_DATA_ROOT is set; leaves berthd running
# and prints how to talk to it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

state=${BERTH_STATE:-/tmp/berth-demo}
data_root=${BERTH_DATA_ROOT:-$state/data}
exec_root=$state/run
sock=$state/berth.sock
mkdir -p "$state"
export BERTH_HOST="unix://$sock"

if ! bin/berth version >/dev/null 2>&1; then
  bin/berthd -H "$BERTH_HOST" --data-root "$data_root" --exec-root "$exec_root" >"$state/berthd.log" 2>&1 &
  for _ in $(seq 1 200); do bin/berth version >/dev/null 2>&1 && break; sleep 0.05; done
fi

if ! bin/berth image inspect busybox:latest >/dev/null 2>&1; then
  rootfs=$(mktemp -d)
  mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/root"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  tar -C "$rootfs" -c . | bin/berth import -c 'CMD ["sh"]' -m "busybox from Debian's busybox-static" - busybox:latest
  rm -rf "$rootfs"
fi

bin/berth images
echo
bin/berth run --rm busybox echo "hello world!"
bin/berth run --name demo-$$ busybox sh -c 'echo "hostname $(hostname), pid $$, uid $(id -u)"'
bin/berth ps -a --filter name=demo-$$
bin/berth rm demo-$$ >/dev/null
echo
echo "berthd is running (log: $state/berthd.log). Try:"
echo "  export BERTH_HOST=$BERTH_HOST"
echo "  bin/berth run -it busybox sh"
echo "  docker -H \$BERTH_HOST run --rm busybox uname -a"
