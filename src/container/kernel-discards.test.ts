import assert from "node:assert/strict";
import { test } from "node:test";
import type { Resources } from "../types/host-config.ts";
import { discardUnsupported } from "./kernel-discards.ts";

test("what the kernel lacks is cleared with dockerd's warning; what it has is kept", () => {
  const res: Resources = {
    BlkioWeight: 300,
    BlkioWeightDevice: [{ Path: "/dev/vda", Weight: 300 }],
    BlkioDeviceReadBps: [{ Path: "/dev/vda", Rate: 1 }],
  };
  const warnings = discardUnsupported(res, {
    blkioWeight: false,
    blkioWeightDevice: false,
    blkioReadBps: true,
  });
  assert.deepEqual(warnings, [
    "Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.",
    "Your kernel does not support Block I/O weight_device or the cgroup is not mounted. Weight-device discarded.",
  ]);
  assert.equal(res.BlkioWeight, 0);
  assert.deepEqual(res.BlkioWeightDevice, []);
  assert.equal(res.BlkioDeviceReadBps?.length, 1);
});
