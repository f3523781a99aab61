import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { type ContainerRecord, initialState } from "./container-record.ts";
import { InitFiles } from "./init-files.ts";
import { type ContainerResource, prepareAll, releaseAll, type SpecContribution } from "./resources.ts";

const rec = (hc: Record<string, unknown> = {}): ContainerRecord => ({
  ID: "f".repeat(64),
  Created: "",
  Path: "sh",
  Args: [],
  Config: { Image: "bb", Hostname: "box" },
  HostConfig: hc,
  Image: "sha256:x",
  Name: "/c",
  RestartCount: 0,
  State: initialState(),
  Runtime: "runc",
  CgroupsPath: "/berth/x",
});

function recording(
  name: string,
  log: string[],
  give: SpecContribution,
  fail?: "prepare" | "release",
): ContainerResource {
  return {
    name,
    async prepare(_rec, sofar) {
      log.push(`prepare ${name} ${JSON.stringify(sofar.hostsEntries ?? [])}`);
      if (fail === "prepare") throw new Error(`${name} failed`);
      return give;
    },
    async release(_rec, why) {
      log.push(`release ${name} ${why}`);
      if (fail === "release") throw new Error(`${name} release failed`);
    },
    async adopt() {
      log.push(`adopt ${name}`);
    },
  };
}

test("prepare runs in order and each sees what the earlier ones contributed; contributions merge", async () => {
  const log: string[] = [];
  const out = await prepareAll(
    [
      recording("net", log, { netnsPath: "/run/netns/x", hostsEntries: ["10.0.0.2\tc"], env: ["A=1"] }),
      recording("vol", log, { mounts: [{ type: "bind", source: "/s", destination: "/d", readonly: false }] }),
      recording("init", log, { initFiles: { hosts: "/h" } }),
    ],
    rec(),
  );
  assert.deepEqual(log, ["prepare net []", 'prepare vol ["10.0.0.2\\tc"]', 'prepare init ["10.0.0.2\\tc"]']);
  assert.deepEqual(out, {
    netnsPath: "/run/netns/x",
    hostsEntries: ["10.0.0.2\tc"],
    env: ["A=1"],
    mounts: [{ type: "bind", source: "/s", destination: "/d", readonly: false }],
    initFiles: { hosts: "/h" },
  });
});

test("a failed prepare releases what was prepared before it; release goes on past a failure", async () => {
  const log: string[] = [];
  await assert.rejects(
    prepareAll([recording("a", log, {}), recording("b", log, {}), recording("c", log, {}, "prepare")], rec()),
    /c failed/,
  );
  assert.deepEqual(log.slice(3), ["release b exit", "release a exit"]);
  log.length = 0;
  await assert.rejects(
    releaseAll([recording("a", log, {}), recording("b", log, {}, "release")], rec(), "remove"),
    /b release failed/,
  );
  assert.deepEqual(log, ["release b remove", "release a remove"]);
});

test("the init files: hostname, hosts with the endpoint's entries and --add-host, resolv.conf from --dns", async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "berth-init-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const init = new InitFiles(() => dir);
  const out = await init.prepare(
    rec({ ExtraHosts: ["db:10.1.1.1"], Dns: ["9.9.9.9"], DnsSearch: ["example.org"] }),
    { hostsEntries: ["172.17.0.2\tbox"] },
  );
  assert.deepEqual(out.initFiles, {
    hostname: path.join(dir, "hostname"),
    hosts: path.join(dir, "hosts"),
    resolvConf: path.join(dir, "resolv.conf"),
  });
  assert.equal(await readFile(path.join(dir, "hostname"), "utf8"), "box\n");
  const hosts = await readFile(path.join(dir, "hosts"), "utf8");
  assert.match(hosts, /^127\.0\.0\.1\tlocalhost\n/);
  // As moby: --add-host entries, then the container's own line last.
  assert.match(hosts, /\n10\.1\.1\.1\tdb\n172\.17\.0\.2\tbox\n$/);
  assert.equal(
    await readFile(path.join(dir, "resolv.conf"), "utf8"),
    "nameserver 9.9.9.9\nsearch example.org\n",
  );
});
