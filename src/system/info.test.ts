import assert from "node:assert/strict";
import { test } from "node:test";
import { type HostFacts, type InfoSource, systemInfo } from "./info.ts";

const engine: InfoSource = {
  id: "engine-1",
  dataRoot: "/var/lib/berth",
  debug: true,
  serverVersion: "9.9.9",
  containerCounts: () => ({ total: 5, running: 2, paused: 1, stopped: 2 }),
  imageCount: () => 3,
  runtimes: () => ({ runc: { path: "runc" }, crun: { path: "crun" } }),
  defaultRuntime: () => "runc",
};

const host: HostFacts = {
  backingFilesystem: async (dir) => (dir === "/var/lib/berth" ? "extfs" : "other"),
  operatingSystem: async () => "Debian GNU/Linux 12 (bookworm)",
  hostName: () => "box",
  cgroupVersion: () => "1",
};

test("/info: the engine's counts, runtimes and the host's facts in Docker's fields", async () => {
  const i = await systemInfo(engine, host);
  assert.equal(i.ID, "engine-1");
  assert.deepEqual(
    [i.Containers, i.ContainersRunning, i.ContainersPaused, i.ContainersStopped, i.Images],
    [5, 2, 1, 2, 3],
  );
  assert.deepEqual(i.DriverStatus[0], ["Backing Filesystem", "extfs"]);
  assert.equal(i.OperatingSystem, "Debian GNU/Linux 12 (bookworm)");
  assert.equal(i.Name, "box");
  assert.equal(i.CgroupVersion, "1");
  assert.equal(i.Debug, true);
  assert.equal(i.ServerVersion, "9.9.9");
  assert.equal(i.DockerRootDir, "/var/lib/berth");
  assert.deepEqual(Object.keys(i.Runtimes), ["runc", "crun"]);
  assert.equal(i.DefaultRuntime, "runc");
  assert.deepEqual(i.Warnings, []);
});
