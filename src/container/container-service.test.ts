// The operations' rules through the façade, over a fake runtime: no root, no runc.

import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type TestContext, test } from "node:test";
import type { ImageRecord } from "../image/image-store.ts";
import type { ContainerCreateRequest } from "../types/container-create.ts";
import { EventBus } from "../util/events.ts";
import { createLogger } from "../util/logger.ts";
import { ContainerService } from "./container-service.ts";
import { FakeRuntime } from "./fake-runtime.ts";
import type { ContainerResource } from "./resources.ts";

const image: ImageRecord = { id: `sha256:${"a".repeat(64)}`, manifest: "", layers: [], storedAt: "" };

async function setup(
  t: TestContext,
  opts: { resources?: ContainerResource[]; root?: string; rt?: FakeRuntime } = {},
) {
  const root = opts.root ?? (await mkdtemp(path.join(os.tmpdir(), "berth-containers-")));
  const rt = opts.rt ?? new FakeRuntime();
  const events = new EventBus();
  const svc = new ContainerService({
    images: {
      tryResolve: (ref) => (ref === "bb" || ref === image.id ? image : undefined),
      config: async () => ({ config: { Cmd: ["sh"], Volumes: { "/data": {} } } }),
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
    resources: opts.resources ?? [],
    runtime: rt,
    host: { cgroups: "1", kernelSupport: { blkioWeight: true }, rlimits: {} },
  });
  await svc.store.init();
  t.after(async () => {
    svc.close();
    await rm(root, { recursive: true, force: true });
  });
  const actions: string[] = [];
  events.subscribe((ev) => actions.push(ev.Action));
  const run = async (req: Partial<ContainerCreateRequest> = {}) => {
    const { Id } = await svc.create({ Image: "bb", ...req });
    await svc.start(Id);
    return Id;
  };
  return { svc, rt, actions, run, root };
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test("create refuses bad mounts, links and IPv6 addresses, and leaves no container", async (t) => {
  const { svc } = await setup(t);
  const notYet = (re: RegExp) => ({ name: "NotImplementedError", message: re });
  const refused: [Partial<ContainerCreateRequest>, object][] = [
    [
      { HostConfig: { Binds: ["/x:rel"] } },
      { name: "InvalidParameterError", message: /invalid mount path: 'rel' mount path must be absolute$/ },
    ],
    [{ HostConfig: { Links: ["a:b"] } }, notYet(/links are not supported yet$/)],
    [
      { NetworkingConfig: { EndpointsConfig: { bridge: { IPAMConfig: { IPv6Address: "fd00::9" } } } } },
      notYet(/IPv6 addresses are not supported yet$/),
    ],
    [{ WorkingDir: "rel" }, { name: "InvalidParameterError", message: /needs to be an absolute path/ }],
    [
      { HostConfig: { AutoRemove: true, RestartPolicy: { Name: "always" } } },
      { message: "can't create 'AutoRemove' container with restart policy" },
    ],
    [{ StopSignal: "SIGBOGUS" }, { message: "Invalid signal: SIGBOGUS" }],
    [{ Image: "nope" }, { name: "NotFoundError", message: "No such image: nope:latest" }],
  ];
  for (const [req, err] of refused) {
    await assert.rejects(
      svc.create({ Image: "bb", ...req } as ContainerCreateRequest),
      err,
      JSON.stringify(req),
    );
  }
  assert.equal(svc.store.list().length, 0);
  // What the docker CLI always sends, and the image's own VOLUME, are fine.
  await svc.create({
    Image: "bb",
    Volumes: { "/data": {} },
    HostConfig: {
      Binds: null,
      PortBindings: {},
      Links: null,
      NetworkMode: "default",
      PublishAllPorts: false,
    },
    NetworkingConfig: { EndpointsConfig: { default: {} } },
  } as ContainerCreateRequest);
  for (const NetworkMode of ["bridge", "none", "host"])
    await svc.create({ Image: "bb", HostConfig: { NetworkMode } });
  assert.equal(svc.store.list().length, 4);
});

test("remove: a running container needs force; a second removal under way conflicts", async (t) => {
  const { svc, rt, actions, run } = await setup(t);
  const id = await run();
  await assert.rejects(svc.remove(id), {
    name: "ConflictError",
    message: /container is running: stop the container before removing or force remove/,
  });
  assert.ok(svc.store.find(id));
  const removed = svc.wait(id, "removed", new AbortController().signal);
  const first = svc.remove(id, { force: true });
  await assert.rejects(svc.remove(id, { force: true }), {
    name: "ConflictError",
    message: `removal of container ${id} is already in progress`,
  });
  await first;
  assert.equal(svc.store.find(id), undefined);
  assert.deepEqual(await removed, { StatusCode: 137, Error: null });
  assert.ok(rt.calls.includes(`kill ${id.slice(0, 12)} 9`));
  assert.ok(rt.calls.includes(`teardown ${id.slice(0, 12)}`));
  assert.deepEqual(actions.slice(-3), ["kill", "die", "destroy"]);
  // The exit that removal caused is not followed by a restart or a second removal.
  assert.equal(rt.calls.filter((c) => c.startsWith("start")).length, 1);
});

test("--rm removes the container at its exit, and a --rm container that cannot start", async (t) => {
  const { svc, rt, run } = await setup(t);
  const id = await run({ HostConfig: { AutoRemove: true } });
  const removed = svc.wait(id, "removed", new AbortController().signal);
  await rt.exit(id, 3);
  assert.deepEqual(await removed, { StatusCode: 3, Error: null });
  assert.equal(svc.store.find(id), undefined);

  const { Id } = await svc.create({ Image: "bb", HostConfig: { AutoRemove: true } });
  rt.failNextStart = 'exec: "nope": executable file not found in $PATH';
  await assert.rejects(svc.start(Id), /executable file not found/);
  assert.equal(svc.store.find(Id), undefined);
});

test("a start that fails records Docker's exit code and stays created", async (t) => {
  const { svc, rt } = await setup(t);
  const { Id } = await svc.create({ Image: "bb" });
  rt.failNextStart = "exec: permission denied";
  await assert.rejects(svc.start(Id));
  const s = svc.get(Id).State;
  assert.deepEqual(
    [s.Status, s.Running, s.ExitCode, s.Error],
    ["created", false, 126, "exec: permission denied"],
  );
  assert.deepEqual(await svc.wait(Id, "not-running", new AbortController().signal), {
    StatusCode: 126,
    Error: null,
  });
});

test("kill -9 and stop of a paused container thaw it, and it no longer says paused", async (t) => {
  const { svc, rt, run } = await setup(t);
  rt.immortal = true;
  const id = await run();
  await svc.pause(id);
  assert.equal(svc.get(id).State.Status, "paused");
  await svc.kill(id, "KILL");
  assert.deepEqual([svc.get(id).State.Paused, svc.get(id).State.Status], [false, "running"]);
  assert.equal(rt.status(id), "running");
  await svc.pause(id);
  const stopping = svc.stop(id, { timeout: -1 });
  await until(() => rt.calls.includes(`kill ${id.slice(0, 12)} 15`), "the stop signal");
  assert.deepEqual([svc.get(id).State.Paused, svc.get(id).State.Status], [false, "running"]);
  await rt.exit(id, 143);
  await stopping;
  assert.deepEqual([svc.get(id).State.Status, svc.get(id).State.ExitCode], ["exited", 143]);
});

test("restart policy: back-off restarts, on-failure stops at success, a stop cancels the back-off", async (t) => {
  const { svc, rt, actions, run } = await setup(t);
  const id = await run({ HostConfig: { RestartPolicy: { Name: "on-failure" } } });
  await rt.exit(id, 1);
  await until(() => actions.includes("restart"), "the first restart");
  assert.deepEqual([svc.get(id).RestartCount, svc.get(id).State.Status], [1, "running"]);
  await rt.exit(id, 0);
  await until(() => !svc.get(id).State.Running, "the exit");
  await svc.drain();
  assert.deepEqual([svc.get(id).State.Status, svc.get(id).State.Restarting], ["exited", false]);

  const a = await run({ HostConfig: { RestartPolicy: { Name: "always" } } });
  await rt.exit(a, 0);
  await until(() => svc.get(a).RestartCount === 1 && svc.get(a).State.Running, "a restart of always");
  // The second back-off is 200 ms: stop during it.
  await rt.exit(a, 0);
  await until(() => svc.get(a).State.Restarting, "the back-off");
  assert.equal(svc.get(a).State.Status, "restarting");
  await svc.stop(a);
  const s = svc.get(a);
  assert.deepEqual([s.State.Status, s.State.Restarting, s.ManuallyStopped], ["exited", false, true]);
  await assert.rejects(svc.stop(a), { name: "NotModifiedError" });
});

test("wait: not-running at once when stopped, next-exit at the next exit", async (t) => {
  const { svc, rt, run } = await setup(t);
  const { Id } = await svc.create({ Image: "bb" });
  assert.deepEqual(await svc.wait(Id, "", new AbortController().signal), { StatusCode: 0, Error: null });
  assert.throws(() => svc.wait(Id, "later", new AbortController().signal), { name: "InvalidParameterError" });
  const id = await run();
  const next = svc.wait(id, "next-exit", new AbortController().signal);
  await rt.exit(id, 5);
  assert.deepEqual(await next, { StatusCode: 5, Error: null });
  assert.deepEqual(svc.counts(), { total: 2, running: 0, paused: 0, stopped: 2 });
});

function recorder(log: string[]): ContainerResource {
  return {
    name: "rec",
    async prepare(rec) {
      log.push(`prepare ${rec.Name}`);
      return {
        env: ["FROM_RESOURCE=1"],
        mounts: [{ type: "bind", source: "/srv/x", destination: "/x", readonly: true }],
      };
    },
    async release(rec, why) {
      log.push(`release ${rec.Name} ${why}`);
    },
    async adopt(rec) {
      log.push(`adopt ${rec.Name}`);
    },
  };
}

test("resources: prepared at start into the spec, released at exit and at removal, adopted after a restart", async (t) => {
  const log: string[] = [];
  const { svc, rt, root } = await setup(t, { resources: [recorder(log)] });
  const { Id } = await svc.create({ Image: "bb", name: "r1" } as ContainerCreateRequest, "r1");
  await svc.start(Id);
  const spec = JSON.parse(await readFile(path.join(svc.store.dir(Id), "config.json"), "utf8"));
  assert.ok(spec.process.env.includes("FROM_RESOURCE=1"));
  assert.ok(
    spec.mounts.some(
      (m: { destination: string; source: string }) => m.destination === "/x" && m.source === "/srv/x",
    ),
  );
  await rt.exit(Id, 0);
  await until(() => log.includes("release /r1 exit"), "the release at exit");
  await svc.start(Id);
  // A second berthd over the same data root, as after a restart: the running one is adopted.
  const again = await setup(t, { resources: [recorder(log)], root, rt });
  svc.close();
  await again.svc.restore();
  assert.ok(log.includes("adopt /r1"));
  await again.svc.remove(Id, { force: true });
  assert.deepEqual(log.slice(-2), ["release /r1 exit", "release /r1 remove"]);
});

test("restore: restart policies at daemon start (always after a manual stop, not unless-stopped)", async (t) => {
  const { svc, root, run } = await setup(t);
  const always = await run({ HostConfig: { RestartPolicy: { Name: "always" } } });
  const unless = await run({ HostConfig: { RestartPolicy: { Name: "unless-stopped" } } });
  const none = await run();
  for (const id of [always, unless, none]) await svc.stop(id);
  svc.close();
  const rt = new FakeRuntime();
  const again = await setup(t, { root, rt });
  await again.svc.restore();
  await until(() => again.svc.get(always).State.Running, "always to come back");
  await again.svc.drain();
  assert.equal(again.svc.get(unless).State.Running, false);
  assert.equal(again.svc.get(none).State.Running, false);
  assert.deepEqual(
    rt.calls.filter((c) => c.startsWith("start")),
    [`start ${always.slice(0, 12)}`],
  );
});

test("update changes what it can and refuses a field it cannot change, the CLI's zero values aside", async (t) => {
  const { svc } = await setup(t);
  const { Id } = await svc.create({ Image: "bb" });
  const zeros = { BlkioWeightDevice: [], Devices: null, KernelMemoryTCP: 0, CpuCount: 0, Ulimits: null };
  assert.deepEqual(await svc.update(Id, { ...zeros, Memory: 64 * 1024 * 1024 }), []);
  assert.equal(svc.get(Id).HostConfig.Memory, 64 * 1024 * 1024);
  await assert.rejects(
    svc.update(Id, { Ulimits: [{ Name: "nofile", Soft: 10, Hard: 10 }] }),
    /Ulimits cannot be changed on an existing container/,
  );
  await assert.rejects(
    svc.update(Id, {
      Devices: [{ PathOnHost: "/dev/null", PathInContainer: "/dev/n", CgroupPermissions: "rwm" }],
    }),
    /Devices cannot be changed/,
  );
});
