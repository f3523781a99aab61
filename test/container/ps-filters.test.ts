// `docker ps --filter network|volume|expose|is-task` select containers as dockerd does
// (they matched every container before). publish needs a bridge: see the unit tests.

import assert from "node:assert/strict";
import { test } from "node:test";
import { docker, startDaemon } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

test("ps filters network, volume, expose and is-task select as dockerd's", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const mk = async (name: string, ...flags: string[]) => {
    const r = await docker(d, ["create", "--name", name, ...flags, "busybox"]);
    assert.equal(r.code, 0, r.stderr);
  };
  await mk("withvol", "-v", "psvol:/data");
  await mk("withbind", "-v", `${d.dir}:/mnt/host`);
  await mk("exposed", "--expose", "8080", "--expose", "53/udp", "--network", "none");
  await mk("hostnet", "--network", "host");
  const ps = async (...filters: string[]) => {
    const r = await docker(d, [
      "ps",
      "-a",
      "--format",
      "{{.Names}}",
      ...filters.flatMap((f) => ["--filter", f]),
    ]);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.split("\n").filter(Boolean).sort();
  };
  assert.deepEqual(await ps("volume=psvol"), ["withvol"]);
  assert.deepEqual(await ps("volume=/data"), ["withvol"]);
  assert.deepEqual(await ps("volume=/mnt/host"), ["withbind"]);
  assert.deepEqual(await ps(`volume=${d.dir}`), ["withbind"]);
  assert.deepEqual(await ps("volume=nope"), []);
  assert.deepEqual(await ps("network=host"), ["hostnet"]);
  assert.deepEqual(await ps("network=none"), ["exposed"]);
  assert.deepEqual(await ps("expose=8080"), ["exposed"]);
  assert.deepEqual(await ps("expose=8000-8100/tcp"), ["exposed"]);
  assert.deepEqual(await ps("expose=53/udp"), ["exposed"]);
  assert.deepEqual(await ps("expose=53"), []);
  assert.deepEqual(await ps("is-task=true"), []);
  assert.deepEqual(await ps("is-task=false"), ["exposed", "hostnet", "withbind", "withvol"]);
  const bad = await docker(d, ["ps", "--filter", "expose=1:2"]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /filter for 'expose' should not contain ':': 1:2/);
  const badTask = await docker(d, ["ps", "--filter", "is-task=maybe"]);
  assert.match(badTask.stderr, /invalid filter 'is-task=\[maybe\]'/);
  assert.equal((await docker(d, ["rm", "-f", "withvol", "withbind", "exposed", "hostnet"])).code, 0);
});
