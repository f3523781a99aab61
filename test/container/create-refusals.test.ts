// What create would store and ignore is refused (or discarded with dockerd's warning), through
// the docker CLI and the API: --platform of another architecture, --isolation, --gpus,
// --storage-opt, --cpu-rt-*, --userns, QoS fields; annotations reach the runtime spec.

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { docker, startDaemon } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

test("create refuses what berth would not apply, with dockerd's messages, and leaves nothing", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const host = process.arch === "arm64" ? "amd64" : "arm64";
  const other = host === "arm64" ? "linux/arm64/v8" : "linux/amd64";
  const mine = process.arch === "arm64" ? "linux/arm64/v8" : "linux/amd64";
  for (const [flags, message] of [
    [
      ["--platform", `linux/${host}`],
      new RegExp(
        `image with reference busybox was found but its platform \\(${mine}\\) does not match the specified platform \\(${other}\\)`,
      ),
    ],
    [["--isolation", "hyperv"], /invalid isolation \(hyperv\): linux only supports 'default'/],
    [["--gpus", "all"], /could not select device driver "" with capabilities: \[\[gpu\]\]/],
    [
      ["--storage-opt", "size=1G"],
      /--storage-opt is supported only for overlay over xfs with 'pquota' mount option/,
    ],
    [["--cpu-rt-runtime", "950000"], /--cpu-rt-period\/--cpu-rt-runtime is not applied by berth/],
    [["--volume-driver", "nfs"], /volume driver nfs is not available/],
  ] as const) {
    const r = await docker(d, ["run", "--rm", "--pull", "never", ...flags, "busybox", "true"]);
    assert.equal(r.code, 125, `${flags.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message, flags.join(" "));
  }
  // The image's own platform is fine, and so is the default isolation.
  const ok = await docker(d, [
    "run",
    "--rm",
    "--pull",
    "never",
    "--platform",
    mine,
    "--isolation",
    "default",
    "busybox",
    "true",
  ]);
  assert.equal(ok.code, 0, ok.stderr);
  for (const [hostConfig, message] of [
    [
      { IOMaximumBandwidth: 1000 },
      /Invalid QoS settings: linux does not support Maximum IO Bandwidth or Maximum IO IOps/,
    ],
    [{ CpuCount: 2 }, /CpuCount is not applied by berth/],
    [{ Annotations: { "": "x" } }, /the empty string is not permitted as an annotation key/],
    [{ Cgroup: "container:x" }, /HostConfig.Cgroup is not applied/],
    [{ UsernsMode: "private" }, /--userns=private is not applied by berth/],
  ] as const) {
    const res = await d.client.request("POST", "/containers/create", {
      body: { Image: "busybox", HostConfig: hostConfig },
    });
    const body = JSON.parse((await res.body.toArray()).join(""));
    assert.ok(res.status >= 400, JSON.stringify(hostConfig));
    assert.match(body.message, message);
  }
  const disabled = await d.client.request("POST", "/containers/create", {
    body: { Image: "busybox", NetworkDisabled: true },
  });
  disabled.body.resume();
  assert.equal(disabled.status, 501);
  const pct = await d.client.request("POST", "/containers/create", {
    body: { Image: "busybox", HostConfig: { CpuPercent: 50 } },
  });
  const created = JSON.parse((await pct.body.toArray()).join(""));
  assert.equal(pct.status, 201);
  assert.deepEqual(created.Warnings, ["linux does not support CPU percent. Percent discarded."]);
  assert.equal(
    (await docker(d, ["inspect", "-f", "{{.HostConfig.CpuPercent}}", created.Id])).stdout.trim(),
    "0",
  );
  assert.equal((await docker(d, ["rm", created.Id])).code, 0);
  assert.equal((await docker(d, ["ps", "-aq"])).stdout, "");
});

test("--annotation reaches the runtime spec", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const r = await docker(d, ["run", "--name", "ann", "--annotation", "org.example.k=v", "busybox", "true"]);
  assert.equal(r.code, 0, r.stderr);
  const id = (await docker(d, ["inspect", "-f", "{{.Id}}", "ann"])).stdout.trim();
  const spec = JSON.parse(await readFile(path.join(d.dataRoot, "containers", id, "config.json"), "utf8"));
  assert.deepEqual(spec.annotations, { "org.example.k": "v" });
  assert.equal((await docker(d, ["rm", "ann"])).code, 0);
});
