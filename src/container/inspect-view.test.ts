import assert from "node:assert/strict";
import { test } from "node:test";
import { type InspectSource, inspectContainer } from "./inspect-view.ts";
import { fakeContainer } from "./test-records.ts";

const src: InspectSource = {
  dir: (id) => `/data/containers/${id}`,
  logPath: (rec) => `/data/containers/${rec.ID}/log.json`,
  runningExecs: (id) => (id === "c1" ? ["e1"] : []),
  imageLayerDirs: (image) => (image === "sha256:img" ? ["/l/base", "/l/top"] : []),
  sizes: async () => ({ SizeRw: 7, SizeRootFs: 70 }),
};

test("inspect: paths under the container dir, lowers top first, Docker's HostConfig defaults", async () => {
  const rec = fakeContainer({
    ID: "c1",
    HostConfig: { RestartPolicy: { Name: "always", MaximumRetryCount: 0 } },
  });
  const doc = await inspectContainer(src, rec, false);
  assert.equal(doc.Id, "c1");
  assert.equal(doc.HostsPath, "/data/containers/c1/hosts");
  assert.equal(doc.LogPath, "/data/containers/c1/log.json");
  assert.deepEqual(doc.ExecIDs, ["e1"]);
  assert.deepEqual(doc.GraphDriver.Data, {
    LowerDir: "/l/top:/l/base",
    MergedDir: "/data/containers/c1/rootfs",
    UpperDir: "/data/containers/c1/upper",
    WorkDir: "/data/containers/c1/work",
  });
  const { NetworkMode, RestartPolicy, LogConfig, Privileged } = doc.HostConfig;
  assert.deepEqual(
    { NetworkMode, RestartPolicy, LogConfig, Privileged },
    {
      NetworkMode: "default",
      RestartPolicy: { Name: "always", MaximumRetryCount: 0 },
      LogConfig: { Type: "json-file", Config: {} },
      Privileged: false,
    },
  );
  assert.equal("SizeRw" in doc, false);
  assert.deepEqual(doc.NetworkSettings.Networks, {});
  // A copy: the view never hands out the live record's state.
  assert.notEqual(doc.State, rec.State);
});

test("inspect --size adds the sizes last; a removed image leaves LowerDir empty", async () => {
  const doc = await inspectContainer(src, fakeContainer({ ID: "c2", Image: "sha256:gone" }), true);
  assert.deepEqual(Object.keys(doc).slice(-2), ["SizeRw", "SizeRootFs"]);
  assert.equal(doc.SizeRootFs, 70);
  assert.equal(doc.GraphDriver.Data.LowerDir, "");
  assert.deepEqual(doc.ExecIDs, []);
});
