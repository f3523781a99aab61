// BuildKit-era Dockerfile features through the legacy /build API: heredocs, RUN --mount
// (cache, bind, tmpfs, secret), RUN --network, ONBUILD triggers, ADD of URLs and of
// bzip2/xz/zstd archives. Images only from the local busybox; URLs only on 127.0.0.1.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { test } from "node:test";
import { contextDir, dockerBuild } from "../helpers/build.ts";
import { berth, run, startDaemon, type TestDaemon } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

async function runIn(d: TestDaemon, image: string, script: string, opts: string[] = []): Promise<string> {
  const r = await berth(d, ["run", "--rm", ...opts, image, "sh", "-c", script]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

async function containerCount(d: TestDaemon): Promise<number> {
  return (await d.client.json<unknown[]>("GET", "/containers/json", { query: { all: "1" } })).length;
}

test("heredocs: RUN <<EOF (script, #!, <<-, shell-read, quoted) and COPY <<EOF, with the docker CLI", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dir = await contextDir(t, {
    Dockerfile: `FROM busybox
ARG NAME=world
RUN <<EOF
echo "lone $NAME" > /lone.txt
echo second-line >> /lone.txt
EOF
RUN <<EOF
#!/bin/sh
echo "shebang $0" > /shebang.txt
EOF
RUN <<-EOF sh -e
\techo tabbed > /tabbed.txt
\tEOF
RUN cat <<'A' > /quoted.txt && cat <<B > /unquoted.txt
$NAME
A
$NAME
B
COPY <<EOF /copied.txt
hello $NAME "quotes kept"
EOF
COPY --chmod=0755 <<A <<"B" /dir/
a $NAME
A
b $NAME
B
`,
  });
  const r = await dockerBuild(d, ["-t", "heredoc:1", dir]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal(await containerCount(d), 0);
  assert.equal(
    await runIn(d, "heredoc:1", "cat /lone.txt /shebang.txt /tabbed.txt /quoted.txt /unquoted.txt"),
    "lone world\nsecond-line\nshebang /dev/pipes/EOF\ntabbed\n$NAME\nworld\n",
  );
  assert.equal(
    await runIn(d, "heredoc:1", "cat /copied.txt /dir/A /dir/B; stat -c '%a %n' /copied.txt /dir/A /dir/B"),
    'hello world "quotes kept"\na world\nb $NAME\n644 /copied.txt\n755 /dir/A\n755 /dir/B\n',
  );
  // The same build again is all cached; a changed document misses from its step on.
  const again = await dockerBuild(d, ["-t", "heredoc:1", dir]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal((again.stdout.match(/ ---> Using cache/g) ?? []).length, 7);
  const df = await readFile(path.join(dir, "Dockerfile"), "utf8");
  await writeFile(path.join(dir, "Dockerfile"), df.replace("#!/bin/sh\n", "#!/bin/sh\necho changed\n"));
  const changed = await berth(d, ["build", "-t", "heredoc:1", dir]);
  assert.equal(changed.code, 0, changed.stderr);
  assert.equal((changed.stdout.match(/ ---> Using cache/g) ?? []).length, 2);
  assert.match(changed.stdout, /^changed$/m);
});

test("RUN --mount cache/bind/tmpfs/secret and --network, with berth build", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const secret = "s3cr3t-value-never-stored";
  const dir = await contextDir(t, {
    Dockerfile: `FROM busybox
RUN --mount=type=cache,target=/cache,id=c1,sharing=locked echo run >> /cache/log && wc -l < /cache/log > /count.txt
RUN --mount=type=cache,target=/owned,uid=1000,gid=1000,mode=0700 stat -c '%u:%g %a' /owned > /owned.txt
RUN --mount=type=bind,target=/ctx cat /ctx/data.txt > /bound.txt && ! touch /ctx/new 2>/dev/null
RUN --mount=type=bind,target=/ctx,source=sub,rw touch /ctx/written && ls /ctx > /rw.txt
RUN --mount=type=tmpfs,target=/scratch,size=1m df -k /scratch | tail -1 | awk '{print $2}' > /tmpfs.txt && echo x > /scratch/f
RUN --mount=type=secret,id=tok,required=true,mode=0440 wc -c < /run/secrets/tok > /secret.txt && stat -c %a /run/secrets/tok >> /secret.txt
RUN --mount=type=secret,id=absent test ! -e /run/secrets/absent && echo absent > /absent.txt
RUN --mount=type=secret,id=tok,env=TOKEN test ! -e /run/secrets/tok && printf %s "$TOKEN" | sha256sum > /env.txt
RUN --network=none wc -l < /proc/net/dev > /net-none.txt
RUN --network=host wc -l < /proc/net/dev > /net-host.txt
`,
    "data.txt": "from the context\n",
    "sub/inner.txt": "inner\n",
  });
  const secretFile = path.join(dir, "..", `${path.basename(dir)}.secret`);
  await writeFile(secretFile, secret);
  t.after(() => rm(secretFile, { force: true }));
  const r = await berth(d, ["build", "--secret", `id=tok,src=${secretFile}`, "-t", "mounts:1", dir]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal(await containerCount(d), 0);
  assert.equal(
    await runIn(
      d,
      "mounts:1",
      "cat /count.txt /owned.txt /bound.txt /rw.txt /tmpfs.txt /secret.txt /absent.txt /env.txt /net-none.txt",
    ),
    `1\n1000:1000 700\nfrom the context\ninner.txt\nwritten\n1024\n${secret.length}\n440\nabsent\n${createHash("sha256").update(secret).digest("hex")}  -\n3\n`,
  );
  assert.ok(Number(await runIn(d, "mounts:1", "cat /net-host.txt")) > 3, "the host's interfaces");
  // Nothing of the mounts is in the image.
  assert.equal(
    await runIn(
      d,
      "mounts:1",
      "ls -A /cache /owned /ctx /scratch /run/secrets 2>&1 | grep -c 'No such file'",
    ),
    "5\n",
  );
  assert.ok(!(await readdir(dir)).includes("new"));
  assert.ok(!(await readdir(path.join(dir, "sub"))).includes("written"), "rw bind writes are discarded");
  // The cache dir, one per id, kept across builds (the RUNs run again with --no-cache).
  const cacheRoot = path.join(d.dataRoot, "build", "cache-mounts");
  const ids = await readdir(cacheRoot);
  assert.equal(ids.length, 2);
  const again = await berth(d, [
    "build",
    "--no-cache",
    "--secret",
    `id=tok,src=${secretFile}`,
    "-t",
    "mounts:2",
    dir,
  ]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(await runIn(d, "mounts:2", "cat /count.txt"), "2\n");
  assert.deepEqual((await readdir(cacheRoot)).sort(), ids.sort());
  // Cached: the same mounts hit; the secret's value is not part of the key.
  const cached = await berth(d, ["build", "--secret", `id=tok,src=${dir}/data.txt`, "-t", "mounts:3", dir]);
  assert.equal(cached.code, 0, cached.stderr);
  assert.equal((cached.stdout.match(/ ---> Using cache/g) ?? []).length, 10);
  const env = await d.client.json<{ Config: { Env: string[] | null } }>("GET", "/images/mounts:1/json");
  assert.ok(
    !(env.Config.Env ?? []).some((e) => e.startsWith("TOKEN=")),
    "a secret's variable is not the image's",
  );

  // The secret is in no layer, no history, no cache index.
  const saved = path.join(d.dir, "mounts.tar");
  const save = await run("sh", ["-c", `docker -H ${d.host} save -o ${saved} mounts:1 mounts:2`]);
  assert.equal(save.code, 0, save.stderr);
  const grep = await run("sh", ["-c", `tar -xOf ${saved} | grep -c ${secret} || true`]);
  assert.equal(grep.stdout.trim(), "0");
  const hist = await run("docker", ["-H", d.host, "history", "--no-trunc", "mounts:1"]);
  assert.doesNotMatch(hist.stdout, new RegExp(secret));
  assert.doesNotMatch(
    await readFile(path.join(d.dataRoot, "build", "cache.json"), "utf8"),
    new RegExp(secret),
  );
  // The secret's file went with the build's scratch directory.
  const left = await readdir(path.join(d.dataRoot, "tmp")).catch(() => [] as string[]);
  assert.deepEqual(
    left.filter((n) => n.startsWith("build-")),
    [],
  );

  // The docker CLI's legacy path has no secrets: a required one fails as BuildKit's.
  const docker = await dockerBuild(d, ["--no-cache", dir]);
  assert.notEqual(docker.code, 0);
  assert.match(docker.stderr, /secret tok: not found/);
  assert.equal(await containerCount(d), 0);
});

test("ONBUILD triggers run when the image is a base; refused triggers", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const base = await contextDir(t, {
    Dockerfile: "FROM busybox\nONBUILD RUN echo triggered > /trig.txt\nONBUILD COPY hello.txt /hello.txt\n",
  });
  const b = await dockerBuild(d, ["-t", "onbase:1", base]);
  assert.equal(b.code, 0, b.stderr + b.stdout);
  const child = await contextDir(t, {
    Dockerfile: "FROM onbase:1\nRUN cat /trig.txt /hello.txt\n",
    "hello.txt": "hi\n",
  });
  const c = await dockerBuild(d, ["-t", "onchild:1", child]);
  assert.equal(c.code, 0, c.stderr + c.stdout);
  assert.match(c.stdout, /^# Executing 2 build triggers$/m);
  assert.match(c.stdout, /^triggered\nhi$/m);
  const img = await d.client.json<{ Config: { OnBuild: string[] | null } }>("GET", "/images/onchild:1/json");
  assert.deepEqual(img.Config.OnBuild ?? [], []);
  assert.equal(await runIn(d, "onchild:1", "cat /trig.txt"), "triggered\n");

  for (const [df, msg] of [
    ["FROM busybox\nONBUILD ONBUILD RUN true\n", /Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed/],
    ["FROM busybox\nONBUILD FROM busybox\n", /FROM isn't allowed as an ONBUILD trigger/],
    ["FROM busybox\nONBUILD MAINTAINER me\n", /MAINTAINER isn't allowed as an ONBUILD trigger/],
  ] as const) {
    const r = await berth(d, ["build", await contextDir(t, { Dockerfile: df })]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, msg);
  }
});

test("ADD of an http URL (name, mode, Last-Modified, --checksum, not extracted) and of bzip2/xz/zstd archives", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const payload = "downloaded content\n";
  const lastModified = new Date("2021-03-04T05:06:07Z");
  const dir = await contextDir(t, { "tree/a/file.txt": "in the archive\n" });
  const tarGz = path.join(dir, "served.tar.gz");
  assert.equal((await run("tar", ["-czf", tarGz, "-C", path.join(dir, "tree"), "."])).code, 0);
  const served = await readFile(tarGz);
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    if (req.url === "/files/pkg.txt") {
      res.writeHead(200, { "Last-Modified": lastModified.toUTCString() });
      res.end(payload);
    } else if (req.url === "/files/served.tar.gz") {
      res.writeHead(200);
      res.end(served);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/files`;
  for (const [flag, ext] of [
    ["-j", "tar.bz2"],
    ["-J", "tar.xz"],
    ["--zstd", "tar.zst"],
  ]) {
    const out = await run("tar", [
      flag,
      "-cf",
      path.join(dir, `local.${ext}`),
      "-C",
      path.join(dir, "tree"),
      ".",
    ]);
    assert.equal(out.code, 0, out.stderr);
  }
  const sum = createHash("sha256").update(payload).digest("hex");
  await writeFile(
    path.join(dir, "Dockerfile"),
    `FROM busybox
ADD ${base}/pkg.txt /opt/
ADD --checksum=sha256:${sum} ${base}/pkg.txt /checked.txt
ADD ${base}/served.tar.gz /srv/
ADD local.tar.bz2 /bz/
ADD local.tar.xz /xz/
ADD local.tar.zst /zst/
`,
  );
  const r = await dockerBuild(d, ["-t", "added:1", dir]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal(
    await runIn(d, "added:1", "cat /opt/pkg.txt /checked.txt; stat -c '%a %Y' /opt/pkg.txt; ls /srv"),
    `${payload}${payload}600 ${lastModified.getTime() / 1000}\nserved.tar.gz\n`,
  );
  assert.equal(
    await runIn(d, "added:1", "cat /bz/a/file.txt /xz/a/file.txt /zst/a/file.txt"),
    "in the archive\n".repeat(3),
  );
  assert.ok(hits >= 3);

  const bad = await contextDir(t, {
    Dockerfile: `FROM busybox\nADD --checksum=sha256:${"0".repeat(64)} ${base}/pkg.txt /x\n`,
  });
  const mismatch = await berth(d, ["build", bad]);
  assert.notEqual(mismatch.code, 0);
  assert.match(
    mismatch.stderr,
    /line 2: ADD .*checksum mismatch: expected sha256:0{64}, got sha256:[0-9a-f]{64}/,
  );
  const missing = await berth(d, [
    "build",
    await contextDir(t, { Dockerfile: `FROM busybox\nADD ${base}/nothing.txt /x\n` }),
  ]);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /failed to GET .*nothing\.txt with status 404/);
  assert.equal(await containerCount(d), 0);
});

test("RUN --mount from= a stage or an image, a seeded cache, and the mount spec in the cache key", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const dockerfile = (size: string) => `FROM busybox AS tools
RUN mkdir -p /seed && echo seeded > /seed/s.txt && echo tool > /tool.txt
FROM busybox
RUN --mount=type=bind,from=tools,source=/tool.txt,target=/t.txt cat /t.txt > /fromstage.txt
RUN --mount=type=bind,from=busybox,target=/img ls /img/bin/busybox > /fromimage.txt
RUN --mount=type=cache,target=/c,from=tools,source=/seed cat /c/s.txt > /seeded.txt
RUN --mount=type=tmpfs,target=/t,size=${size} echo tmpfs-step
`;
  const dir = await contextDir(t, { Dockerfile: dockerfile("1m") });
  const r = await dockerBuild(d, ["-t", "from:1", dir]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal(
    await runIn(
      d,
      "from:1",
      "cat /fromstage.txt /fromimage.txt /seeded.txt; ls /tool.txt 2>&1 | grep -c 'No such'",
    ),
    "tool\n/img/bin/busybox\nseeded\n1\n",
  );
  await writeFile(path.join(dir, "Dockerfile"), dockerfile("2m"));
  const changed = await dockerBuild(d, ["-t", "from:1", dir]);
  assert.equal(changed.code, 0, changed.stderr);
  const steps = changed.stdout.split(/^Step /m);
  const last = steps.findIndex((s) => s.includes("RUN --mount=type=tmpfs"));
  assert.ok(last > 0);
  assert.match(steps[last - 1], /Using cache/);
  assert.doesNotMatch(steps[last], /Using cache/, "a changed mount spec misses");
  assert.match(steps[last], /^tmpfs-step$/m);
  assert.equal(await containerCount(d), 0);
});
