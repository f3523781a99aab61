import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { contextDir, dockerBuild } from "../helpers/build.ts";
import { berth, nodeBin, repoRoot, run, startDaemon, type TestDaemon, waitFor } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";
import { startRegistry } from "../helpers/registry.ts";

interface Running {
  Id: string;
  Command: string;
}

// Each stage's RUN waits for /go, which the test creates only once it has seen both RUN
// containers running at the same time: a builder that ran the stages one after the other
// would never show two, and the wait below would time out.
const PARALLEL = `FROM busybox AS a
RUN echo a-start; while [ ! -f /go ]; do sleep 0.05; done; echo from-a > /a.txt
FROM busybox AS unused
RUN echo never-run-marker
FROM busybox AS b
RUN echo b-start; while [ ! -f /go ]; do sleep 0.05; done; echo from-b > /b.txt
FROM busybox
COPY --from=a /a.txt /
COPY --from=b /b.txt /
CMD ["cat", "/a.txt", "/b.txt"]
`;

async function releaseBoth(d: TestDaemon): Promise<void> {
  const both = await waitFor(
    "both stages' RUN containers running at once",
    async () => {
      const list = await d.client.json<Running[]>("GET", "/containers/json");
      const waiting = list.filter((c) => c.Command.includes("while [ ! -f /go ]"));
      return waiting.length === 2 ? waiting : undefined;
    },
    60_000,
  );
  for (const c of both) {
    const r = await berth(d, ["exec", c.Id, "touch", "/go"]);
    assert.equal(r.code, 0, r.stderr);
  }
}

test("independent stages build at the same time; the stream stays in file order", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dir = await contextDir(t, { Dockerfile: PARALLEL });

  const building = dockerBuild(d, ["-t", "par:1", dir]);
  await releaseBoth(d);
  const r = await building;
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.doesNotMatch(r.stdout, /never-run-marker/);
  // Numbered as the sequential classic builder numbers the needed stages' steps, in file order.
  const steps = [...r.stdout.matchAll(/^Step (\d+)\/(\d+) : (.*)$/gm)].map((m) => `${m[1]}/${m[2]} ${m[3]}`);
  assert.deepEqual(steps, [
    "1/8 FROM busybox AS a",
    "2/8 RUN echo a-start; while [ ! -f /go ]; do sleep 0.05; done; echo from-a > /a.txt",
    "3/8 FROM busybox AS b",
    "4/8 RUN echo b-start; while [ ! -f /go ]; do sleep 0.05; done; echo from-b > /b.txt",
    "5/8 FROM busybox",
    "6/8 COPY --from=a /a.txt /",
    "7/8 COPY --from=b /b.txt /",
    '8/8 CMD ["cat", "/a.txt", "/b.txt"]',
  ]);
  // Stage b's output was held until stage a finished: nothing of b comes between a's lines.
  const out = r.stdout;
  assert.ok(out.indexOf("a-start") < out.indexOf("Step 3/8"), out);
  assert.ok(out.indexOf("Step 3/8") < out.indexOf("b-start"), out);
  assert.ok(out.indexOf("b-start") < out.indexOf("Step 5/8"), out);
  const ran = await berth(d, ["run", "--rm", "par:1"]);
  assert.equal(ran.stdout, "from-a\nfrom-b\n");
  assert.equal(
    (await d.client.json<unknown[]>("GET", "/containers/json", { query: { all: "1" } })).length,
    0,
  );

  // berth build too, and a failure in one stage stops the other and leaves no container.
  const failing = await contextDir(t, {
    Dockerfile: `FROM busybox AS slow
RUN while [ ! -f /go ]; do sleep 0.05; done
FROM busybox AS broken
RUN exit 7
FROM busybox
COPY --from=slow /etc/hostname /x
COPY --from=broken /etc/hostname /y
`,
  });
  const f = await berth(d, ["build", "-t", "par:broken", failing]);
  assert.equal(f.code, 7, f.stdout + f.stderr);
  assert.match(f.stderr, /The command '\/bin\/sh -c exit 7' returned a non-zero code: 7/);
  assert.equal(
    (await d.client.json<unknown[]>("GET", "/containers/json", { query: { all: "1" } })).length,
    0,
  );
  const tagged = await d.client.call("GET", "/images/par:broken/json").catch((e: { status: number }) => e);
  assert.equal(tagged.status, 404);
});

test("--pull, a missing FROM image pulled, --cache-from, FROM --platform", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const reg = await startRegistry(t);
  const base = `${reg.host}/build/base:1`;
  // The registry's base has a marker file; the local image of the same name does not.
  const mk = await contextDir(t, { Dockerfile: "FROM busybox\nRUN echo remote > /marker\n" });
  assert.equal((await berth(d, ["build", "-q", "-t", base, mk])).code, 0);
  const pushed = await berth(d, ["push", base]);
  assert.equal(pushed.code, 0, pushed.stderr);
  assert.equal((await berth(d, ["tag", "busybox", base])).code, 0);

  const dir = await contextDir(t, {
    Dockerfile: `FROM ${base}\nRUN cat /marker 2>/dev/null || echo no-marker\n`,
  });
  const local = await dockerBuild(d, ["--no-cache", dir]);
  assert.equal(local.code, 0, local.stderr);
  assert.match(local.stdout, /^no-marker$/m);
  const pulled = await dockerBuild(d, ["--pull", "--no-cache", dir]);
  assert.equal(pulled.code, 0, pulled.stderr + pulled.stdout);
  assert.match(pulled.stdout, /Pulling from .*build\/base/);
  assert.match(pulled.stdout, /^remote$/m);

  // A FROM image that is not here is pulled, as the classic builder does.
  assert.equal((await berth(d, ["rmi", "-f", base])).code, 0);
  const missing = await berth(d, ["build", "--no-cache", dir]);
  assert.equal(missing.code, 0, missing.stderr);
  assert.match(missing.stdout, /^remote$/m);

  // --cache-from: a built image, pushed, its local build state gone, pulled back and used as cache.
  const app = await contextDir(t, {
    Dockerfile: `FROM ${base}\nCOPY app.txt /app.txt\nRUN echo expensive-step > /out\nENV APP=1\n`,
    "app.txt": "app\n",
  });
  const img = `${reg.host}/build/app:1`;
  const first = await berth(d, ["build", "-t", img, app]);
  assert.equal(first.code, 0, first.stderr);
  assert.equal((await berth(d, ["push", img])).code, 0);
  const fresh2 = await startDaemon(t);
  assert.equal((await berth(fresh2, ["pull", img])).code, 0);
  const withSource = await dockerBuild(fresh2, ["--cache-from", img, "-t", "app:cached", app]);
  assert.equal(withSource.code, 0, withSource.stderr + withSource.stdout);
  assert.equal((withSource.stdout.match(/ ---> Using cache/g) ?? []).length, 3, withSource.stdout);
  assert.doesNotMatch(withSource.stdout, /Running in/);
  const a = await fresh2.client.json<{ Id: string }>("GET", `/images/${encodeURIComponent(img)}/json`);
  const b = await fresh2.client.json<{ Id: string }>("GET", "/images/app:cached/json");
  assert.equal(b.Id, a.Id, "the restored image is the cache source's");

  // FROM --platform with the platform ARGs; another platform is refused, not built wrongly.
  const plat = await contextDir(t, {
    Dockerfile: `FROM --platform=$BUILDPLATFORM busybox\nARG TARGETARCH\nRUN echo "arch=$TARGETARCH"\n`,
  });
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const pl = await berth(d, ["build", "--no-cache", plat]);
  assert.equal(pl.code, 0, pl.stderr);
  assert.match(pl.stdout, new RegExp(`^arch=${arch}$`, "m"));
  const other = arch === "arm64" ? "linux/amd64" : "linux/arm64";
  const foreign = await contextDir(t, { Dockerfile: `FROM --platform=${other} busybox\nRUN true\n` });
  const refused = await berth(d, ["build", foreign]);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, new RegExp(`line 1: cannot build for ${other}(/v8)?: .*no emulation`));
  const refusedFlag = await dockerBuild(d, ["--platform", other, plat]);
  assert.notEqual(refusedFlag.code, 0);
  assert.match(refusedFlag.stderr, /berth builds for this host's platform only/);
});

interface Df {
  LayersSize: number;
  Images: { Id: string }[];
  BuildCache: { ID: string; Type: string; Size: number; Shared: boolean; InUse: boolean }[];
}

test("builder prune, system df's build cache, system prune's build-cache part", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const kept = await contextDir(t, {
    Dockerfile: "FROM busybox\nRUN head -c 100000 /dev/urandom > /kept\nENV K=1\n",
  });
  const junk = await contextDir(t, {
    Dockerfile: "FROM busybox\nRUN head -c 300000 /dev/urandom > /junk\nRUN echo more > /more\n",
  });
  assert.equal((await berth(d, ["build", "-t", "keep:1", kept])).code, 0);
  const j = await berth(d, ["build", "-q", junk]);
  assert.equal(j.code, 0, j.stderr);
  const junkId = j.stdout.trim();
  // A container of one of junk's intermediate images holds that image (and its ancestors).
  const history = await d.client.json<{ Id: string }[]>("GET", `/images/${junkId}/history`);
  const held = history[1].Id;
  const c = await d.client.json<{ Id: string }>("POST", "/containers/create", {
    body: { Image: held, Cmd: ["true"] },
  });
  t.after(() => d.client.ok("DELETE", `/containers/${c.Id}`, { query: { force: "1" } }).catch(() => {}));
  // A cache mount dir, as RUN --mount=type=cache leaves one.
  const mountDir = path.join(d.dataRoot, "build", "cache-mounts", "gocache");
  await mkdir(mountDir, { recursive: true });
  await writeFile(path.join(mountDir, "blob"), Buffer.alloc(50_000, 1));

  const df = await d.client.json<Df>("GET", "/system/df");
  const regular = df.BuildCache.filter((b) => b.Type === "regular");
  assert.equal(regular.length, 4, JSON.stringify(df.BuildCache));
  assert.equal(regular.filter((b) => b.Shared).length, 3, "keep:1's steps and the held image are shared");
  const unshared = regular.filter((b) => !b.Shared);
  assert.equal(unshared.length, 1);
  assert.ok(
    unshared[0].Size > 0 && unshared[0].Size < 1000,
    `only the last step's small layer: ${unshared[0].Size}`,
  );
  assert.ok(
    regular.filter((b) => b.Shared).every((b) => b.Size === 0),
    "shared records are not counted twice",
  );
  const mount = df.BuildCache.find((b) => b.Type === "exec.cachemount");
  assert.equal(mount?.Size, 50_000);
  assert.ok(!df.Images.some((i) => i.Id === junkId), "a cache-only image is the build cache's, not an image");
  const dockerDf = await run("docker", ["-H", d.host, "system", "df"]);
  assert.equal(dockerDf.code, 0, dockerDf.stderr);
  assert.match(dockerDf.stdout, /^Build Cache\s+5\s+1\s+50(\.\d+)?kB\s+50(\.\d+)?kB$/m);
  const verbose = await berth(d, ["system", "df", "-v"]);
  assert.match(verbose.stdout, /Build cache usage: 50(\.\d+)?kB/);
  assert.match(verbose.stdout, /^cache-mount-\s+exec\.cachemount\s+50kB\s/m);

  // until= keeps records used since.
  const young = await berth(d, ["builder", "prune", "-f", "--filter", "until=1h"]);
  assert.equal(young.code, 0, young.stderr);
  assert.equal(young.stdout, "Total:\t0B\n");

  const pruned = await run("docker", ["-H", d.host, "builder", "prune", "-f"]);
  assert.equal(pruned.code, 0, pruned.stderr);
  assert.match(pruned.stdout, /^Deleted build cache objects:\n/);
  assert.match(pruned.stdout, /^cache-mount-gocache$/m);
  const after = await d.client.json<Df>("GET", "/system/df");
  assert.equal(after.BuildCache.filter((b) => b.Type === "regular").length, 3);
  assert.ok(after.BuildCache.every((b) => b.Type !== "exec.cachemount"));
  await assert.rejects(d.client.json("GET", `/images/${junkId}/json`), /No such image/);
  assert.equal((await d.client.json<{ Id: string }>("GET", `/images/${held}/json`)).Id, held);
  assert.equal((await d.client.json<{ Id: string }>("GET", "/images/keep:1/json")).Id.length, 71);
  // keep:1's entries are still the cache: a rebuild hits.
  const again = await berth(d, ["build", "-t", "keep:1", kept]);
  assert.equal((again.stdout.match(/ ---> Using cache/g) ?? []).length, 2, again.stdout);

  // -a drops the entries of shared records too; their images stay (tagged, used).
  const all = await berth(d, ["builder", "prune", "-a", "-f"]);
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stdout, /^Deleted build cache objects:\n([0-9a-f]{25}\n){3}\nTotal:\t0B\n$/);
  assert.equal((await d.client.json<Df>("GET", "/system/df")).BuildCache.length, 0);
  assert.equal((await d.client.json<{ Id: string }>("GET", "/images/keep:1/json")).Id.length, 71);
  const rebuilt = await berth(d, ["build", "-t", "keep:1", kept]);
  assert.doesNotMatch(rebuilt.stdout, /Using cache/);

  // system prune's build-cache part is the same prune (after its image prune, which already
  // took the dangling build's images).
  await mkdir(mountDir, { recursive: true });
  await writeFile(path.join(mountDir, "blob"), Buffer.alloc(20_000, 1));
  const sp = await berth(d, ["system", "prune", "-f"]);
  assert.equal(sp.code, 0, sp.stderr);
  assert.match(sp.stdout, /Deleted build cache objects:\ncache-mount-gocache\n/);
  const left = (await d.client.json<Df>("GET", "/system/df")).BuildCache;
  assert.deepEqual(
    left.map((b) => [b.Type, b.Shared]),
    [
      ["regular", true],
      ["regular", true],
    ],
    "keep:1's steps stay without -a",
  );
});

test("berth build on a terminal draws the stages' steps with their times", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dir = await contextDir(t, {
    Dockerfile: `FROM busybox AS a
RUN echo built-a > /a
FROM busybox AS b
RUN echo built-b > /b
FROM busybox
COPY --from=a /a /a
COPY --from=b /b /b
`,
  });
  // script(1) gives the CLI a pseudo-terminal, as a user's shell would.
  const cli = [nodeBin, "--disable-warning=ExperimentalWarning", path.join(repoRoot, "src/cli/main.ts")];
  const cmd = [...cli, "-H", d.host, "build", "-t", "tty:1", dir].map((a) => `'${a}'`).join(" ");
  const first = await run("script", ["-qefc", cmd, "/dev/null"]);
  assert.equal(first.code, 0, first.stdout + first.stderr);
  assert.match(first.stdout, /\[a\] Step 2\/7 : RUN echo built-a > \/a {2}\d+\.\ds/);
  assert.match(first.stdout, /\[b\] Step 4\/7 : RUN echo built-b > \/b {2}\d+\.\ds/);
  assert.match(first.stdout, /\x1b\[2K/, "lines are redrawn in place");
  assert.match(first.stdout, /Successfully tagged tty:1/);
  const again = await run("script", ["-qefc", cmd, "/dev/null"]);
  assert.match(again.stdout, /\[a\] Step 2\/7 : RUN echo built-a > \/a {2}\d+\.\ds CACHED/);
  // Off a terminal: the classic stream, unchanged.
  const plain = await berth(d, ["build", dir]);
  assert.match(plain.stdout, /^Step 2\/7 : RUN echo built-a > \/a\n ---> Using cache$/m);
  assert.doesNotMatch(plain.stdout, /\[a\]|\x1b/);
});
