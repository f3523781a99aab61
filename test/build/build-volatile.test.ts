// The builder's intermediate containers have a volatile overlay (no syncfs of the data
// root's filesystem at each step's unmount), containers from `run` do not: crash safety of
// a user's container is never traded for build speed. One left by a killed berthd goes at
// the next start. (COPY's step layers, mounted without a container, are volatile too:
// src/build/step-layer.test.ts.)

import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { berth, run, startDaemon } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

// The root overlay's line of the container's own mountinfo (mount point "/").
const ROOT_OPTS = "awk '$5 == \"/\" && $0 ~ / - overlay / {print $NF}' /proc/self/mountinfo";

test("RUN containers mount their overlay volatile, run's containers do not", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dir = await mkdtemp(path.join(tmpdir(), "berth-build-volatile-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, "f.txt"), "copied\n");
  await writeFile(
    path.join(dir, "Dockerfile"),
    `FROM busybox\nCOPY f.txt /f.txt\nRUN ${ROOT_OPTS} > /root-opts\n`,
  );
  const b = await run("docker", ["-H", d.host, "build", "-q", "-t", "vol:1", dir], {
    env: { DOCKER_CONFIG: path.join(d.dir, "docker-config"), DOCKER_BUILDKIT: "0" },
  });
  assert.equal(b.code, 0, b.stderr);
  const built = await berth(d, ["run", "--rm", "vol:1", "sh", "-c", "cat /root-opts; echo ---; cat /f.txt"]);
  assert.equal(built.code, 0, built.stderr);
  const [buildOpts, rest] = built.stdout.split("---\n");
  // Newer kernels show the option as fsync=volatile.
  assert.match(buildOpts, /(^|,)(fsync=)?volatile(,|$)/m, `the RUN's root overlay options: ${buildOpts}`);
  assert.equal(rest, "copied\n");
  const plain = await berth(d, ["run", "--rm", "busybox", "sh", "-c", ROOT_OPTS]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /upperdir=/, `run's root overlay options: ${plain.stdout}`);
  assert.doesNotMatch(plain.stdout, /volatile/);
  // The intermediate containers are gone, as after every build.
  const all = await d.client.json<unknown[]>("GET", "/containers/json", { query: { all: "1" } });
  assert.equal(all.length, 0);
});

test("an intermediate container left by a berthd killed mid-build is removed at the next start", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dir = await mkdtemp(path.join(tmpdir(), "berth-build-volatile-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, "Dockerfile"), "FROM busybox\nRUN sleep 60\n");
  const build = run("docker", ["-H", d.host, "build", dir], {
    env: { DOCKER_CONFIG: path.join(d.dir, "docker-config"), DOCKER_BUILDKIT: "0" },
  });
  const running = async () =>
    (await d.client.json<{ State: string }[]>("GET", "/containers/json", { query: { all: "1" } })).filter(
      (c) => c.State === "running",
    ).length;
  const deadline = Date.now() + 30_000;
  while ((await running()) === 0) {
    assert.ok(Date.now() < deadline, "the RUN's container never ran");
    await new Promise((r) => setTimeout(r, 50));
  }
  await d.stop("SIGKILL");
  await build;
  await d.restart();
  const left = await d.client.json<unknown[]>("GET", "/containers/json", { query: { all: "1" } });
  assert.deepEqual(left, []);
});
