import assert from "node:assert/strict";
import { rm, utimes, writeFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { test } from "node:test";
import { contextDir, dockerBuild } from "../helpers/build.ts";
import { berth, run, startDaemon, type TestDaemon, waitFor } from "../helpers/daemon.ts";
import { importBusybox, makeTar } from "../helpers/images.ts";

async function inspect(d: TestDaemon, ref: string) {
  return d.client.json<{
    Id: string;
    Author: string;
    Config: Record<string, unknown> & { Env: string[]; Labels: Record<string, string> };
    RootFS: { Layers: string[] };
  }>("GET", `/images/${ref}/json`);
}

async function containerCount(d: TestDaemon): Promise<number> {
  return (await d.client.json<unknown[]>("GET", "/containers/json", { query: { all: "1" } })).length;
}

async function runIn(d: TestDaemon, image: string, cmd: string[], opts: string[] = []): Promise<string> {
  const r = await berth(d, ["run", "--rm", ...opts, image, ...cmd]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

const DOCKERFILE = `# escape=\\
ARG BASE=busybox
FROM \${BASE}
LABEL maintainer.team="builders" version=1
MAINTAINER Berth Tests <tests@example.invalid>
ENV GREETING="hello world" \\
    TARGET=/srv
ARG SUFFIX=default
WORKDIR \${TARGET}/app
COPY greeting.txt ./
COPY --chown=1000:1000 --chmod=0640 data/ /data/
COPY --chown=nobody greeting.txt /owned.txt
RUN echo "\${GREETING} \${SUFFIX}" > made.txt && echo built-in-run
RUN ["/bin/sh", "-c", "echo exec-form > exec.txt"]
SHELL ["/bin/sh", "-ec"]
RUN test "$0" = /bin/sh && echo shell-form-through-SHELL > shell.txt
USER 1000
EXPOSE 8080/tcp 53/udp
VOLUME /cache
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=5s --retries=2 CMD true
ONBUILD RUN echo child
ENTRYPOINT ["/bin/sh", "-c"]
CMD ["cat made.txt"]
`;

test("docker build (legacy builder) of a multi-instruction Dockerfile, the cache, and a failing RUN", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dir = await contextDir(t, {
    Dockerfile: DOCKERFILE,
    "greeting.txt": "hi from the context\n",
    "data/a.txt": "a\n",
    "data/sub/b.txt": "b\n",
    "ignored.log": "never copied\n",
    ".dockerignore": "*.log\n",
  });

  const r = await dockerBuild(d, [
    "-t",
    "built:one",
    "-t",
    "built:two",
    "--build-arg",
    "SUFFIX=from-arg",
    dir,
  ]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /^Step 1\/22 : ARG BASE=busybox$/m);
  assert.match(r.stdout, /^Step 2\/22 : FROM \$\{BASE\}$/m);
  assert.match(r.stdout, / ---> Running in [0-9a-f]{12}/);
  assert.match(r.stdout, /^built-in-run$/m);
  assert.match(r.stdout, /^Removing intermediate container [0-9a-f]{12}$/m);
  assert.match(r.stdout, /^Successfully built [0-9a-f]{12}$/m);
  assert.match(r.stdout, /^Successfully tagged built:one$/m);
  assert.match(r.stdout, /^Successfully tagged built:two$/m);
  assert.equal(await containerCount(d), 0, "no intermediate container is left");

  const img = await inspect(d, "built:one");
  assert.equal((await inspect(d, "built:two")).Id, img.Id);
  const cfg = img.Config;
  assert.equal(img.Author, "Berth Tests <tests@example.invalid>");
  assert.deepEqual(cfg.Labels, { "maintainer.team": "builders", version: "1" });
  assert.ok(cfg.Env.includes("GREETING=hello world"));
  assert.ok(cfg.Env.includes("TARGET=/srv"));
  assert.ok(!cfg.Env.some((e) => e.startsWith("SUFFIX=")), "build args are not ENV");
  assert.equal(cfg.WorkingDir, "/srv/app");
  assert.equal(cfg.User, "1000");
  assert.deepEqual(cfg.ExposedPorts, { "8080/tcp": {}, "53/udp": {} });
  assert.deepEqual(cfg.Volumes, { "/cache": {} });
  assert.equal(cfg.StopSignal, "SIGTERM");
  assert.deepEqual((cfg.Healthcheck as { Test: string[] }).Test, ["CMD-SHELL", "true"]);
  assert.equal((cfg.Healthcheck as { Interval: number }).Interval, 5e9);
  assert.deepEqual(cfg.OnBuild, ["RUN echo child"]);
  assert.deepEqual(cfg.Entrypoint, ["/bin/sh", "-c"]);
  assert.deepEqual(cfg.Cmd, ["cat made.txt"]);
  assert.deepEqual(cfg.Shell, ["/bin/sh", "-ec"]);
  // busybox's layer + COPY ×3 + RUN ×3.
  assert.equal(img.RootFS.Layers.length, 7);
  assert.equal(
    await runIn(d, "built:one", ["stat -c '%u:%g' /owned.txt"]),
    "65534:65534\n",
    "--chown by name",
  );

  assert.equal(await runIn(d, "built:one", []), "hello world from-arg\n");
  assert.equal(
    await runIn(d, "built:one", ["cat greeting.txt exec.txt"]),
    "hi from the context\nexec-form\n",
  );
  assert.equal(await runIn(d, "built:one", ["id -u; pwd"]), "1000\n/srv/app\n");
  assert.equal(
    await runIn(
      d,
      "built:one",
      ["stat -c '%u:%g %a %n' /data/a.txt /data/sub/b.txt; cat /data/sub/b.txt"],
      ["-u", "0"],
    ),
    "1000:1000 640 /data/a.txt\n1000:1000 640 /data/sub/b.txt\nb\n",
  );
  assert.equal(await runIn(d, "built:one", ["ls /srv/app"]), "exec.txt\ngreeting.txt\nmade.txt\nshell.txt\n");
  // Intermediate step images are hidden from `images`, listed by `images -a`.
  const listed = await run("docker", ["-H", d.host, "images", "--format", "{{.Repository}}:{{.Tag}}"]);
  assert.deepEqual(listed.stdout.trim().split("\n").sort(), ["built:one", "built:two", "busybox:latest"]);
  const all = await run("docker", ["-H", d.host, "images", "-a", "-q"]);
  assert.ok(all.stdout.trim().split("\n").length > 10);

  // Rebuild: every step from the cache, same image.
  const again = await dockerBuild(d, ["-t", "built:one", "--build-arg", "SUFFIX=from-arg", dir]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal((again.stdout.match(/ ---> Using cache/g) ?? []).length, 20);
  assert.doesNotMatch(again.stdout, /Running in/);
  assert.equal((await inspect(d, "built:one")).Id, img.Id);

  // Touching a COPY'd file (mtime only) keeps the cache.
  const future = new Date(Date.now() + 3600_000);
  await utimes(path.join(dir, "greeting.txt"), future, future);
  const touched = await dockerBuild(d, ["-t", "built:one", "--build-arg", "SUFFIX=from-arg", dir]);
  assert.equal(touched.code, 0, touched.stderr);
  assert.equal((await inspect(d, "built:one")).Id, img.Id);

  // Changing its content misses from that step on, not before.
  await writeFile(path.join(dir, "greeting.txt"), "changed\n");
  const changed = await dockerBuild(d, ["-t", "built:one", "--build-arg", "SUFFIX=from-arg", dir]);
  assert.equal(changed.code, 0, changed.stderr);
  const steps = changed.stdout.split(/^Step /m);
  const copyStep = steps.findIndex((s) => s.startsWith("8/22 : COPY greeting.txt"));
  assert.ok(copyStep > 0);
  assert.match(steps[copyStep - 1], /Using cache/);
  assert.doesNotMatch(steps[copyStep], /Using cache/);
  assert.doesNotMatch(steps[copyStep + 3], /Using cache/, "the RUN after it runs again");
  assert.notEqual((await inspect(d, "built:one")).Id, img.Id);
  assert.equal(await runIn(d, "built:one", ["cat greeting.txt"]), "changed\n");

  // --no-cache runs everything.
  const nocache = await dockerBuild(d, ["--no-cache", "-q", dir]);
  assert.equal(nocache.code, 0, nocache.stderr);
  assert.match(nocache.stdout.trim(), /^sha256:[0-9a-f]{64}$/);

  // A failing RUN: the command and its code, no container left, nothing tagged.
  const failDir = await contextDir(t, { Dockerfile: "FROM busybox\nRUN echo before\nRUN exit 3\n" });
  const fail = await dockerBuild(d, ["-t", "failed:x", failDir]);
  assert.equal(fail.code, 3, "docker build exits with the RUN's status");
  assert.match(fail.stderr, /The command '\/bin\/sh -c exit 3' returned a non-zero code: 3/);
  const ours = await berth(d, ["build", "-t", "failed:x", failDir]);
  assert.equal(ours.code, 3, "berth build exits with the RUN's status, as docker's");
  assert.equal(ours.stderr, "The command '/bin/sh -c exit 3' returned a non-zero code: 3\n");
  assert.equal(await containerCount(d), 0);
  const tagged = await d.client.call("GET", "/images/failed:x/json").catch((e: Error) => e);
  assert.ok(tagged instanceof Error, "nothing is tagged");
});

test("multi-stage: COPY --from a stage, --target skips the stages it does not need", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dir = await contextDir(t, {
    Dockerfile: `FROM busybox AS tools
RUN echo tool > /tool.txt
FROM busybox AS unused
RUN echo never-run-marker
FROM scratch AS final
LABEL stage=final
COPY --from=tools /tool.txt /out/tool.txt
COPY --from=busybox /bin/busybox /bin/
COPY hello.txt /
FROM busybox AS last
RUN echo last-stage-marker
`,
    "hello.txt": "hello\n",
  });
  const r = await dockerBuild(d, ["--target", "final", "-t", "staged:final", dir]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.doesNotMatch(r.stdout, /never-run-marker|last-stage-marker/);
  assert.doesNotMatch(r.stdout, /FROM busybox AS unused/);
  const img = await inspect(d, "staged:final");
  assert.equal(img.RootFS.Layers.length, 3);
  assert.deepEqual(img.Config.Labels, { stage: "final" });
  // A scratch image has no shell: check its files through export.
  const c = await d.client.json<{ Id: string }>("POST", "/containers/create", {
    body: { Image: "staged:final", Cmd: ["x"] },
  });
  t.after(() => d.client.ok("DELETE", `/containers/${c.Id}`, { query: { force: "1" } }).catch(() => {}));
  const exported = await run("sh", ["-c", `docker -H ${d.host} export ${c.Id} | tar -tf - | sort`]);
  assert.deepEqual(exported.stdout.trim().split("\n"), [
    "bin/",
    "bin/busybox",
    "hello.txt",
    "out/",
    "out/tool.txt",
  ]);
  assert.equal(await containerCount(d), 1);
});

test("berth build: -f outside the context, --label, --iidfile, refusals naming the line", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dir = await contextDir(t, {
    "build/Custom.dockerfile": 'FROM busybox\nCOPY msg.txt /msg.txt\nCMD ["cat", "/msg.txt"]\n',
    "msg.txt": "from berth build\n",
  });
  const iid = path.join(dir, "iid");
  const r = await berth(d, [
    "build",
    "-f",
    path.join(dir, "build/Custom.dockerfile"),
    "--label",
    "a=b",
    "--iidfile",
    iid,
    "-t",
    "bb:1",
    dir,
  ]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /^Step 1\/4 : FROM busybox$/m);
  assert.match(r.stdout, /^Successfully tagged bb:1$/m);
  const img = await inspect(d, "bb:1");
  assert.equal((await import("node:fs")).readFileSync(iid, "utf8"), img.Id);
  assert.deepEqual(img.Config.Labels, { a: "b" });
  assert.equal(await runIn(d, "bb:1", []), "from berth build\n");

  // The cache is kept across a restart of berthd.
  await d.stop();
  await d.restart();
  const cached = await berth(d, [
    "build",
    "-f",
    path.join(dir, "build/Custom.dockerfile"),
    "--label",
    "a=b",
    "-t",
    "bb:1",
    dir,
  ]);
  assert.equal(cached.code, 0, cached.stderr);
  assert.equal((cached.stdout.match(/ ---> Using cache/g) ?? []).length, 3);
  assert.equal((await inspect(d, "bb:1")).Id, img.Id);

  const bad = await contextDir(t, { Dockerfile: "FROM busybox\nRUN --mount=type=ssh true\n" });
  const refused = await berth(d, ["build", bad]);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /line 2: RUN: --mount=type=ssh is not supported/);
  const unknown = await contextDir(t, { Dockerfile: "FROM busybox\nFROBNICATE x\n" });
  const u = await berth(d, ["build", unknown]);
  assert.notEqual(u.code, 0);
  assert.match(u.stderr, /line 2: unknown instruction: FROBNICATE/);
  assert.equal(await containerCount(d), 0);
});

test("ADD extracts a local tar, .dockerignore, a Dockerfile on stdin, a client that goes away", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dir = await contextDir(t, {
    Dockerfile: "FROM busybox\nADD bundle.tar.gz /opt/bundle/\nADD plain.txt /opt/\nCOPY . /ctx/\n",
    ".dockerignore": "*.log\nsub/*\n!sub/keep.txt\n",
    "plain.txt": "plain\n",
    "x.log": "ignored\n",
    "sub/keep.txt": "kept\n",
    "sub/drop.txt": "dropped\n",
    "bundle/inner/file.txt": "inside the archive\n",
  });
  const tarred = await run("tar", [
    "-czf",
    path.join(dir, "bundle.tar.gz"),
    "-C",
    path.join(dir, "bundle"),
    ".",
  ]);
  assert.equal(tarred.code, 0, tarred.stderr);
  await rm(path.join(dir, "bundle"), { recursive: true });
  const r = await berth(d, ["build", "-t", "added:1", dir]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal(
    await runIn(d, "added:1", ["cat", "/opt/bundle/inner/file.txt", "/opt/plain.txt"]),
    "inside the archive\nplain\n",
  );
  assert.equal(
    await runIn(d, "added:1", ["ls", "-A", "/ctx", "/ctx/sub"]),
    "/ctx:\n.dockerignore\nDockerfile\nbundle.tar.gz\nplain.txt\nsub\n\n/ctx/sub:\nkeep.txt\n",
  );

  // A bare Dockerfile on stdin: berth build wraps it in a tar, as docker's CLI does.
  const stdin = await berth(d, ["build", "-t", "stdin:1", "-"], {
    input: "FROM busybox\nENV FROM_STDIN=yes\n",
  });
  assert.equal(stdin.code, 0, stdin.stderr + stdin.stdout);
  assert.ok((await inspect(d, "stdin:1")).Config.Env.includes("FROM_STDIN=yes"));

  // A client that goes away mid-RUN: the RUN is stopped and its container removed.
  const body = await makeTar([
    { name: "Dockerfile", content: "FROM busybox\nRUN echo started; sleep 600\n" },
  ]);
  const req = http.request({
    socketPath: d.socket,
    method: "POST",
    path: "/build?t=gone:1",
    headers: { "Content-Type": "application/x-tar" },
  });
  let seen = "";
  const response = new Promise<void>((resolve) => {
    req.on("response", (res) => {
      res.on("data", (c: Buffer) => {
        seen += c.toString();
      });
      res.on("error", () => resolve());
      res.on("close", () => resolve());
    });
    req.on("error", () => resolve());
  });
  req.end(body);
  // The RUN's own output (a stream message of its own), not the "Step" line that shows it.
  await waitFor("the RUN to start", () => seen.includes('{"stream":"started\\n"}'), 30000);
  assert.equal(await containerCount(d), 1);
  req.destroy();
  await response;
  await waitFor("the intermediate container to go", async () => (await containerCount(d)) === 0, 30000);
  const tagged = await d.client.call("GET", "/images/gone:1/json").catch((e: Error) => e);
  assert.ok(tagged instanceof Error, "nothing is tagged");
});
