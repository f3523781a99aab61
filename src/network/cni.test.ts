import assert from "node:assert/strict";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { CniRunner, type NetworkConfList } from "./cni.ts";

test("DEL leaves a static IPAM out (nothing to free, one exec less); ADD and other IPAMs keep it", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-cni-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  // A plugin that records what it was given, per command, and answers an empty result.
  for (const type of ["bridge", "other"]) {
    const script = `#!/bin/sh\ncat > "${dir}/${type}-$CNI_COMMAND.json"\necho '{"cniVersion":"1.0.0"}'\n`;
    await writeFile(path.join(dir, type), script);
    await chmod(path.join(dir, type), 0o755);
  }
  const list: NetworkConfList = {
    cniVersion: "1.0.0",
    name: "n",
    plugins: [
      { type: "bridge", bridge: "br-x", ipam: { type: "static", addresses: [{ address: "10.9.0.2/24" }] } },
      { type: "other", ipam: { type: "host-local" } },
    ],
  };
  const runner = new CniRunner(dir);
  const att = { containerId: "c", netns: "/nonexistent", ifName: "eth0" };
  await runner.add(list, att);
  await runner.del(list, att, undefined);
  const read = async (f: string) =>
    JSON.parse(await readFile(path.join(dir, f), "utf8")) as Record<string, unknown>;
  assert.deepEqual((await read("bridge-ADD.json")).ipam, list.plugins[0]?.ipam);
  assert.equal((await read("bridge-DEL.json")).ipam, undefined);
  assert.equal((await read("bridge-DEL.json")).bridge, "br-x");
  assert.deepEqual((await read("other-DEL.json")).ipam, { type: "host-local" });
});
