// The lifecycle arms and disarms the checks: start, pause, unpause, exit, restart, over the
// fake runtime, a fake prober and a fake clock (no root, no timers of real time).

import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type TestContext, test } from "node:test";
import type { ImageRecord } from "../../image/image-store.ts";
import { EventBus } from "../../util/events.ts";
import { createLogger } from "../../util/logger.ts";
import { ContainerService } from "../container-service.ts";
import { FakeRuntime } from "../fake-runtime.ts";
import { FakeClock } from "./fake-clock.ts";
import type { Prober } from "./health-checks.ts";

/** Polls `cond` until it holds, failing after a deadline (file writes are real here). */
async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const image: ImageRecord = { id: `sha256:${"b".repeat(64)}`, manifest: "", layers: [], storedAt: "" };

async function setup(t: TestContext) {
  const root = await mkdtemp(path.join(os.tmpdir(), "berth-health-"));
  const rt = new FakeRuntime();
  const clock = new FakeClock();
  const probes: string[] = [];
  let exitCode = 0;
  const prober: Prober = {
    run: async (rec, cmd) => {
      probes.push(`${rec.Name} ${cmd.join(" ")}`);
      return { exitCode, output: "" };
    },
  };
  const events = new EventBus();
  const svc = new ContainerService({
    images: {
      tryResolve: (ref) => (ref === "hc" ? image : undefined),
      config: async () => ({
        config: { Cmd: ["sh"], Healthcheck: { Test: ["CMD-SHELL", "probe"], Interval: 1e9, Retries: 1 } },
      }),
      store: { get: (id) => (id === image.id ? image : undefined) },
      layerDirs: () => [],
    },
    events,
    log: createLogger("fatal"),
    opts: {
      dataRoot: root,
      execRoot: path.join(root, "run"),
      defaultRuntime: "runc",
      runtimes: {},
      logOpts: {},
    },
    resources: [],
    runtime: rt,
    host: { cgroups: "1", kernelSupport: { blkioWeight: true }, rlimits: {} },
    health: { prober, clock },
  });
  await svc.store.init();
  t.after(async () => {
    svc.close();
    await rm(root, { recursive: true, force: true });
  });
  const actions: string[] = [];
  events.subscribe((ev) => actions.push(ev.Action));
  return { svc, rt, clock, probes, actions, setExit: (c: number) => (exitCode = c) };
}

test("start arms the image's check; pause and exit disarm it; unpause and a new start arm it again", async (t) => {
  const { svc, rt, clock, probes, actions, setExit } = await setup(t);
  const { Id } = await svc.create({ Image: "hc" }, "web");
  await svc.start(Id);
  const rec = svc.get(Id);
  assert.equal(rec.State.Health?.Status, "starting");
  assert.equal(clock.timers.length, 1);
  assert.equal(await clock.fireNext(), 1000);
  assert.deepEqual(probes, ["/web /bin/sh -c probe"]);
  assert.equal(rec.State.Health?.Status, "healthy");
  // the event follows the record's write (real files here)
  await until(() => actions.includes("health_status: healthy"), "the health_status event");

  await svc.pause(Id);
  assert.equal(clock.timers.length, 0, "no probe is scheduled while paused");
  await svc.unpause(Id);
  assert.equal(clock.timers.length, 1);
  assert.equal(rec.State.Health?.Status, "healthy", "an unpause keeps the status");

  setExit(1);
  await clock.fireNext();
  assert.equal(rec.State.Health?.Status, "unhealthy");
  await until(() => actions.includes("health_status: unhealthy"), "the unhealthy event");

  await rt.exit(Id, 0);
  await until(() => !svc.get(Id).State.Running, "the exit to be recorded");
  assert.equal(rec.State.Running, false);
  assert.equal(clock.timers.length, 0, "no probe after the exit");
  assert.equal(rec.State.Health?.Status, "unhealthy", "a stopped container keeps its last health");

  await svc.start(Id);
  assert.equal(rec.State.Health?.Status, "starting", "a new start resets the status");
  assert.equal(rec.State.Health?.Log?.length, 2, "and keeps the log");
  assert.equal(clock.timers.length, 1);
});

test("--no-healthcheck over the image's check: no health, no timer", async (t) => {
  const { svc, clock } = await setup(t);
  const { Id } = await svc.create({ Image: "hc", Healthcheck: { Test: ["NONE"] } });
  await svc.start(Id);
  assert.equal(svc.get(Id).State.Health, undefined);
  assert.equal(clock.timers.length, 0);
});

test("create refuses a check dockerd refuses, and leaves no container", async (t) => {
  const { svc } = await setup(t);
  await assert.rejects(svc.create({ Image: "hc", Healthcheck: { Interval: 5 } }), {
    name: "InvalidParameterError",
    message: "Interval in Healthcheck cannot be less than 1ms",
  });
  assert.equal(svc.store.list().length, 0);
});
