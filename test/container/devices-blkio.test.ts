// --device and the block I/O limits are applied, not stored and dropped: the device node
// appears in the container and the container's own blkio cgroup holds the limit.

import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { stat } from "node:fs/promises";
import { test } from "node:test";
import { docker, startDaemon } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

/** A block device of this host, with its numbers (limits may name any block device). */
async function someBlockDevice(): Promise<{ path: string; numbers: string }> {
  for (const name of readdirSync("/sys/block").sort()) {
    const p = `/dev/${name}`;
    if (!existsSync(p)) continue;
    const st = await stat(p, { bigint: true });
    if (!st.isBlockDevice()) continue;
    const rdev = Number(st.rdev);
    return { path: p, numbers: `${(rdev >> 8) & 0xfff}:${(rdev & 0xff) | ((rdev >> 12) & 0xfff00)}` };
  }
  throw new Error("this host has no block device under /sys/block");
}

test("--device makes the node appear at its path in the container, with the host's numbers", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const r = await docker(d, [
    "run",
    "--rm",
    "--device",
    "/dev/null:/dev/mynull",
    "--device",
    "/dev/zero:/dev/myzero:r",
    "busybox",
    "sh",
    "-c",
    "stat -c '%F %t:%T %a' /dev/mynull /dev/myzero && echo x > /dev/mynull && echo written",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "character special file 1:3 666\ncharacter special file 1:5 666\nwritten\n");
  // The cgroup rule takes the mode (kmsg is outside the default rules; nothing is written to it).
  const ro = await docker(d, [
    "run",
    "--rm",
    "--device",
    "/dev/kmsg:/dev/mykmsg:r",
    "busybox",
    "sh",
    "-c",
    "ls -l /dev/mykmsg; cat /sys/fs/cgroup/devices/devices.list 2>/dev/null || true",
  ]);
  assert.equal(ro.code, 0, ro.stderr);
  assert.match(ro.stdout, /^cr.* 1, +11 .*\/dev\/mykmsg$/m);
  if (existsSync("/sys/fs/cgroup/devices/devices.list")) {
    assert.match(ro.stdout, /^c 1:11 r$/m);
    assert.doesNotMatch(ro.stdout, /^c 1:11 rw/m);
  }
  // A directory of devices: every node below it, under the container path.
  const dir = await docker(d, [
    "run",
    "--rm",
    "--device",
    "/dev/net:/dev/mynet",
    "busybox",
    "ls",
    "/dev/mynet",
  ]);
  if (existsSync("/dev/net/tun")) {
    assert.equal(dir.code, 0, dir.stderr);
    assert.equal(dir.stdout, "tun\n");
  }
});

test("--device of a missing host path fails the start with dockerd's error and leaves the container created", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const r = await docker(d, ["run", "--name", "nodev", "--device", "/dev/nope", "busybox", "true"]);
  // The docker CLI's exit code for a start error that says "no such file or directory".
  assert.equal(r.code, 127, r.stderr);
  assert.match(
    r.stderr,
    /error gathering device information while adding custom device "\/dev\/nope": no such file or directory/,
  );
  const state = await docker(d, ["inspect", "-f", "{{.State.Status}}", "nodev"]);
  assert.equal(state.stdout.trim(), "created");
  const plain = await docker(d, ["run", "--rm", "--device", "/etc/hostname", "busybox", "true"]);
  assert.match(plain.stderr, /adding custom device "\/etc\/hostname": not a device node/);
  assert.equal((await docker(d, ["rm", "-f", "nodev"])).code, 0);
});

test("--device-read-bps/-write-bps/-read-iops/-write-iops land in the container's blkio cgroup", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dev = await someBlockDevice();
  const v1 = existsSync("/sys/fs/cgroup/blkio/blkio.throttle.read_bps_device");
  const r = await docker(d, [
    "run",
    "--rm",
    "--device-read-bps",
    `${dev.path}:1mb`,
    "--device-write-bps",
    `${dev.path}:2mb`,
    "--device-read-iops",
    `${dev.path}:300`,
    "--device-write-iops",
    `${dev.path}:400`,
    "busybox",
    "sh",
    "-c",
    v1
      ? "cd /sys/fs/cgroup/blkio && cat blkio.throttle.read_bps_device blkio.throttle.write_bps_device blkio.throttle.read_iops_device blkio.throttle.write_iops_device"
      : "cat /sys/fs/cgroup/io.max",
  ]);
  assert.equal(r.code, 0, r.stderr);
  if (v1) {
    assert.equal(
      r.stdout,
      `${dev.numbers} 1048576\n${dev.numbers} 2097152\n${dev.numbers} 300\n${dev.numbers} 400\n`,
    );
  } else {
    assert.match(r.stdout, new RegExp(`${dev.numbers} rbps=1048576 wbps=2097152 riops=300 wiops=400`));
  }
  const inspect = await docker(d, ["create", "--device-read-bps", `${dev.path}:1mb`, "busybox"]);
  assert.equal(inspect.code, 0, inspect.stderr);
  const stored = await docker(d, [
    "inspect",
    "-f",
    "{{json .HostConfig.BlkioDeviceReadBps}}",
    inspect.stdout.trim(),
  ]);
  assert.equal(stored.stdout.trim(), `[{"Path":"${dev.path}","Rate":1048576}]`);
  await docker(d, ["rm", "-f", inspect.stdout.trim()]);
});

test("--blkio-weight-device is applied, or discarded with dockerd's warning where the kernel lacks it", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dev = await someBlockDevice();
  const supported = existsSync("/sys/fs/cgroup/blkio/blkio.weight_device");
  const r = await docker(d, [
    "create",
    "--name",
    "wd",
    "--blkio-weight-device",
    `${dev.path}:300`,
    "busybox",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const stored = await docker(d, ["inspect", "-f", "{{json .HostConfig.BlkioWeightDevice}}", "wd"]);
  if (supported) {
    assert.doesNotMatch(r.stderr, /weight_device/);
    assert.match(stored.stdout, /"Weight":300/);
  } else {
    assert.match(
      r.stderr,
      /WARNING: Your kernel does not support Block I\/O weight_device or the cgroup is not mounted\. Weight-device discarded\./,
    );
    assert.equal(stored.stdout.trim(), "[]");
  }
  await docker(d, ["rm", "-f", "wd"]);
});
