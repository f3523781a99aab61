import assert from "node:assert/strict";
import { test } from "node:test";
import { blockIODevicePaths, resources } from "./resources.ts";

const hc = {
  BlkioWeightDevice: [{ Path: "/dev/vda", Weight: 300 }],
  BlkioDeviceReadBps: [{ Path: "/dev/vda", Rate: 1048576 }],
  BlkioDeviceWriteIOps: [{ Path: "/dev/vdb", Rate: 40 }],
};

test("block I/O limits become blockIO entries with the devices' numbers", () => {
  assert.deepEqual(blockIODevicePaths(hc), ["/dev/vda", "/dev/vdb"]);
  const r = resources(
    {
      cgroupVersion: "1",
      blockDevices: { "/dev/vda": { major: 254, minor: 0 }, "/dev/vdb": { major: 254, minor: 16 } },
    },
    hc,
  );
  assert.deepEqual(r.blockIO, {
    weightDevice: [{ major: 254, minor: 0, weight: 300 }],
    throttleReadBpsDevice: [{ major: 254, minor: 0, rate: 1048576 }],
    throttleWriteIOPSDevice: [{ major: 254, minor: 16, rate: 40 }],
  });
});

test("without device numbers (create's check) only the values are checked; a device left unresolved is an error", () => {
  assert.equal(resources({ cgroupVersion: "1" }, hc).blockIO, undefined);
  assert.throws(
    () => resources({ cgroupVersion: "1" }, { BlkioWeightDevice: [{ Path: "/dev/vda", Weight: 5 }] }),
    /invalid weight for device: \/dev\/vda:5/,
  );
  assert.throws(
    () => resources({ cgroupVersion: "1", blockDevices: {} }, hc),
    /device \/dev\/vda was not resolved/,
  );
});
