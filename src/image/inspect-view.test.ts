import assert from "node:assert/strict";
import { test } from "node:test";
import type { ContainerConfig } from "../types/container-config.ts";
import { dockerContainerConfig } from "./config-json.ts";
import { inspectImage } from "./inspect-view.ts";
import { chainOf, fakeCatalog } from "./test-catalog.ts";

const L1 = `sha256:${"1".repeat(64)}`;
const L2 = `sha256:${"2".repeat(64)}`;
const L3 = `sha256:${"3".repeat(64)}`;

test("image inspect: Docker's fields, layer dirs as overlay2's, legacy fields last", async () => {
  const cat = fakeCatalog(
    [
      {
        id: "sha256:app",
        refs: ["app:1"],
        parent: "sha256:base",
        diffIds: [L1, L2],
        config: { created: "2026-01-03T00:00:00Z", variant: "v8", config: { Cmd: ["sh"] } },
      },
    ],
    { [chainOf(L1)]: 10, [chainOf(L1, L2)]: 5 },
  );
  const doc = await inspectImage(cat, "app:1");
  assert.equal(doc.Id, "sha256:app");
  assert.equal(doc.Parent, "sha256:base");
  assert.equal(doc.Variant, "v8");
  assert.equal("OsVersion" in doc, false);
  assert.equal(doc.Size, 15);
  assert.deepEqual(doc.Config, {
    Hostname: "",
    Domainname: "",
    User: "",
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: null,
    Cmd: ["sh"],
    Image: "",
    Volumes: null,
    WorkingDir: "",
    Entrypoint: null,
    OnBuild: null,
    Labels: null,
  });
  assert.deepEqual(doc.ContainerConfig, { ...doc.Config, Cmd: null }, "an image without one: zero values");
  assert.deepEqual(doc.GraphDriver, {
    Name: "overlay2",
    Data: {
      LowerDir: `/layers/${chainOf(L1).slice(7, 11)}`,
      UpperDir: `/layers/${chainOf(L1, L2).slice(7, 11)}`,
    },
  });
  assert.deepEqual(doc.RootFS, { Type: "layers", Layers: [L1, L2] });
  assert.deepEqual(Object.keys(doc).slice(-4), ["RootFS", "Metadata", "Container", "ContainerConfig"]);
  await assert.rejects(inspectImage(cat, "nope"), { code: "NOT_FOUND", message: "No such image: nope" });
});

test("image inspect: LowerDir lists the lower layers top first, as overlay's lowerdir", async () => {
  const cat = fakeCatalog([{ id: "sha256:three", diffIds: [L1, L2, L3] }]);
  const doc = await inspectImage(cat, "sha256:three");
  const dir = (...d: string[]) => `/layers/${chainOf(...d).slice(7, 11)}`;
  assert.deepEqual(doc.GraphDriver.Data, {
    LowerDir: `${dir(L1, L2)}:${dir(L1)}`,
    UpperDir: dir(L1, L2, L3),
  });
});

test("image inspect of a one-layer image has no LowerDir", async () => {
  const cat = fakeCatalog([{ id: "sha256:one", diffIds: [L1] }]);
  const doc = await inspectImage(cat, "sha256:one");
  assert.deepEqual(Object.keys(doc.GraphDriver.Data), ["UpperDir"]);
  assert.equal(doc.Config, null);
});

test("Config as Go marshals container.Config: omitempty fields only when set, unknown keys dropped", () => {
  const cfg = dockerContainerConfig({
    User: "1000",
    ExposedPorts: { "80/tcp": {} },
    Env: ["A=1"],
    Cmd: [],
    Healthcheck: {},
    ArgsEscaped: true,
    Labels: {},
    StopSignal: "SIGINT",
    StopTimeout: 0,
    Shell: [],
    Memory: 5,
  } as ContainerConfig);
  assert.deepEqual(Object.keys(cfg), [
    "Hostname",
    "Domainname",
    "User",
    "AttachStdin",
    "AttachStdout",
    "AttachStderr",
    "ExposedPorts",
    "Tty",
    "OpenStdin",
    "StdinOnce",
    "Env",
    "Cmd",
    "Healthcheck",
    "ArgsEscaped",
    "Image",
    "Volumes",
    "WorkingDir",
    "Entrypoint",
    "OnBuild",
    "Labels",
    "StopSignal",
    "StopTimeout",
  ]);
  assert.deepEqual(cfg.Cmd, []);
  assert.deepEqual(cfg.Labels, {});
  assert.equal("ExposedPorts" in dockerContainerConfig({ ExposedPorts: {} }), false);
});
