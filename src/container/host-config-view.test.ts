import assert from "node:assert/strict";
import { test } from "node:test";
import { hostConfigView } from "./host-config-view.ts";

test("inspect's HostConfig has every field Go writes: zero values where the request set none", () => {
  // what docker-compose 1.29 (docker-py) sends for a plain service
  const hc = hostConfigView(
    { NetworkMode: "p_back", Binds: [], Links: [], PortBindings: {}, Memory: undefined },
    { RestartPolicy: { Name: "no", MaximumRetryCount: 0 }, LogConfig: { Type: "json-file", Config: {} } },
  ) as unknown as Record<string, unknown>;
  assert.equal(hc.NetworkMode, "p_back");
  assert.deepEqual(hc.Binds, []);
  assert.deepEqual(hc.LogConfig, { Type: "json-file", Config: {} });
  assert.equal(hc.Privileged, false);
  assert.equal(hc.AutoRemove, false);
  assert.equal(hc.Memory, 0);
  assert.equal(hc.CapAdd, null);
  assert.equal(hc.PidsLimit, null);
  assert.deepEqual(hc.ConsoleSize, [0, 0]);
  // omitempty fields stay out unless set
  for (const k of ["Init", "Mounts", "Tmpfs", "Sysctls", "StorageOpt", "Annotations", "KernelMemoryTCP"])
    assert.equal(k in hc, false, k);
  assert.equal(hostConfigView({ Init: true }, {}).Init, true);
});
