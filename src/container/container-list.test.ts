import assert from "node:assert/strict";
import { test } from "node:test";
import { NotFoundError } from "../errdefs/errors.ts";
import { type ContainerListSource, listContainers, statusString } from "./container-list.ts";
import type { ContainerRecord } from "./container-record.ts";
import { fakeContainer } from "./test-records.ts";

const running = { Status: "running" as const, Running: true, Pid: 5, StartedAt: "2026-01-01T00:00:00Z" };
const exited = (code: number) => ({
  Status: "exited" as const,
  ExitCode: code,
  StartedAt: "2026-01-01T00:00:00Z",
  FinishedAt: "2026-01-01T00:00:10Z",
});

function source(recs: ContainerRecord[], images: Record<string, string> = {}): ContainerListSource {
  return {
    list: () => [...recs],
    get: (ref) => {
      const r = recs.find((c) => c.ID.startsWith(ref) || c.Name === `/${ref}`);
      if (!r) throw new NotFoundError(`No such container: ${ref}`);
      return r;
    },
    imageId: (ref) => images[ref],
    sizes: async (rec) => ({ SizeRw: rec.Name.length, SizeRootFs: 100 }),
  };
}

const list = (src: ContainerListSource, f: Record<string, string[]> = {}, o = {}) =>
  listContainers(src, { all: false, limit: -1, size: false, filters: new Map(Object.entries(f)), ...o });

test("ps shows running and paused containers, newest first; -a shows all", async () => {
  const a = fakeContainer({ Name: "/a", Created: "2026-01-01T00:00:01Z" }, running);
  const b = fakeContainer({ Name: "/b", Created: "2026-01-01T00:00:02Z" }, exited(0));
  const c = fakeContainer({ Name: "/c", Created: "2026-01-01T00:00:03Z" }, { ...running, Paused: true });
  const src = source([a, b, c]);
  assert.deepEqual(
    (await list(src)).map((s) => s.Names),
    [["/c"], ["/a"]],
  );
  assert.deepEqual(
    (await list(src, {}, { all: true })).map((s) => [s.Names?.[0], s.State]),
    [
      ["/c", "paused"],
      ["/b", "exited"],
      ["/a", "running"],
    ],
  );
  assert.equal((await list(src, {}, { all: true, limit: 1 })).length, 1);
});

test("the summary has Docker's fields in Docker's order, sizes after Ports", async () => {
  const c = fakeContainer(
    { Name: "/web", Config: { Image: "busybox", Labels: { a: "1" } }, Created: "2026-01-01T00:00:07.9Z" },
    running,
  );
  const [s] = await list(source([c]), {}, { size: true, now: Date.parse("2026-01-01T00:00:03Z") });
  assert.deepEqual(Object.keys(s), [
    "Id",
    "Names",
    "Image",
    "ImageID",
    "Command",
    "Created",
    "Ports",
    "SizeRw",
    "SizeRootFs",
    "Labels",
    "State",
    "Status",
    "HostConfig",
    "NetworkSettings",
    "Mounts",
  ]);
  assert.equal(s.Command, "sh -c true");
  assert.equal(s.Created, Math.floor(Date.parse("2026-01-01T00:00:07Z") / 1000));
  assert.equal(s.SizeRw, 4);
  assert.equal(s.Status, "Up 3 seconds");
  assert.deepEqual(s.HostConfig, { NetworkMode: "default" });
});

test("filters: status, id, name regexp, label, exited, ancestor, before/since", async () => {
  const a = fakeContainer(
    { ID: `aa${"0".repeat(62)}`, Name: "/web-1", Config: { Image: "nginx", Labels: { env: "prod" } } },
    running,
  );
  const b = fakeContainer({ ID: `bb${"0".repeat(62)}`, Name: "/db", Image: "sha256:pg" }, exited(3));
  const c = fakeContainer({ ID: `cc${"0".repeat(62)}`, Name: "/new" });
  const src = source([a, b, c], { postgres: "sha256:pg" });
  const names = async (f: Record<string, string[]>) =>
    (await list(src, f, { all: true })).map((s) => s.Names?.[0]);
  assert.deepEqual(await names({ status: ["exited"] }), ["/db"]);
  assert.deepEqual(await names({ status: ["created"] }), ["/new"]);
  assert.deepEqual(await names({ id: ["aa"] }), ["/web-1"]);
  assert.deepEqual(await names({ name: ["^web-\\d$"] }), ["/web-1"]);
  assert.deepEqual(await names({ label: ["env=prod"] }), ["/web-1"]);
  assert.deepEqual(await names({ label: ["env=dev"] }), []);
  assert.deepEqual(await names({ exited: ["3"] }), ["/db"]);
  assert.deepEqual(await names({ exited: ["0"] }), []);
  assert.deepEqual(await names({ ancestor: ["postgres"] }), ["/db"]);
  assert.deepEqual(await names({ ancestor: ["nginx"] }), ["/web-1"]);
  assert.deepEqual(await names({ before: ["new"] }), ["/db", "/web-1"]);
  assert.deepEqual(await names({ since: ["db"] }), ["/new"]);
  // Without -a, a status filter still shows stopped containers, as Docker's.
  assert.deepEqual((await list(src, { status: ["exited"] })).length, 1);
});

test("bad filters fail with Docker's messages", async () => {
  const src = source([fakeContainer()]);
  await assert.rejects(list(src, { status: ["sleeping"] }), {
    code: "INVALID_PARAMETER",
    message: "invalid filter 'status=sleeping'",
  });
  await assert.rejects(list(src, { name: ["("] }, { all: true }), {
    code: "INVALID_PARAMETER",
    message: /^invalid filter 'name=\(': /,
  });
  await assert.rejects(list(src, { before: ["nope"] }), { code: "NOT_FOUND" });
});

test("status words as docker ps prints them", () => {
  const now = Date.parse("2026-01-01T01:00:10Z");
  assert.equal(statusString(fakeContainer(), now), "Created");
  assert.equal(statusString(fakeContainer({}, exited(2)), now), "Exited (2) About an hour ago");
  assert.equal(
    statusString(fakeContainer({}, { ...running, Paused: true, StartedAt: "2026-01-01T01:00:00Z" }), now),
    "Up 10 seconds (Paused)",
  );
  assert.equal(
    statusString(
      fakeContainer({}, { Restarting: true, ExitCode: 1, FinishedAt: "2026-01-01T01:00:09Z" }),
      now,
    ),
    "Restarting (1) 1 second ago",
  );
  assert.equal(statusString(fakeContainer({}, { Status: "removing" }), now), "Removal In Progress");
  assert.equal(statusString(fakeContainer({}, { Dead: true }), now), "Dead");
});
