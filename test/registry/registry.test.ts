import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { docker, run, startDaemon, type TestDaemon } from "../helpers/daemon.ts";
import { busyboxEntries, makeTar, sha256, writeLayoutIndex, writeOciLayout } from "../helpers/images.ts";
import { freePort, startRegistry } from "../helpers/registry.ts";

interface Ctx {
  after(fn: () => Promise<void> | void): void;
}

async function skopeoCopy(src: string, dest: string, extra: string[] = []) {
  const r = await run("skopeo", ["copy", "--dest-tls-verify=false", ...extra, src, dest]);
  assert.equal(r.code, 0, r.stderr);
}

interface Msg {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  aux?: { Tag: string; Digest: string; Size: number };
}

async function pull(d: TestDaemon, fromImage: string, tag: string, platform?: string): Promise<Msg[]> {
  const msgs: Msg[] = [];
  await d.client.jsonStream(
    "POST",
    "/images/create",
    { query: { fromImage, tag, ...(platform ? { platform } : {}) } },
    (m) => msgs.push(m as Msg),
  );
  return msgs;
}

async function inspect(d: TestDaemon, name: string) {
  return d.client.json<{ Id: string; RepoDigests: string[]; RepoTags: string[]; Architecture: string }>(
    "GET",
    `/images/${name}/json`,
  );
}

/** The layer store's temporary directories: unpacks in progress or left behind. */
async function tmpLayerDirs(d: TestDaemon): Promise<string[]> {
  return (await readdir(path.join(d.dataRoot, "layers"))).filter((n) => n.startsWith(".tmp-"));
}

/** A proxy in front of the registry that can corrupt or cut one blob's download. */
/** `cut`: the first `cuts` (default 1) GETs of that blob are cut after 300000 bytes. */
async function startProxy(
  t: Ctx,
  upstreamPort: number,
  mode: { tamper?: string; cut?: string; cuts?: number },
) {
  const port = await freePort();
  const seen: { range?: string; sent: number; url: string }[] = [];
  let cutsLeft = mode.cuts ?? 1;
  const srv = http.createServer((req, res) => {
    const up = http.request(
      { host: "127.0.0.1", port: upstreamPort, path: req.url, method: req.method, headers: req.headers },
      (ur) => {
        const isTarget = (d?: string) =>
          d !== undefined && req.method === "GET" && req.url?.endsWith(`/blobs/${d}`);
        const entry = { range: req.headers.range, sent: 0, url: req.url ?? "" };
        if (req.url?.includes("/blobs/")) seen.push(entry);
        res.writeHead(ur.statusCode ?? 500, ur.headers);
        let first = true;
        ur.on("data", (c: Buffer) => {
          let chunk = c;
          if (isTarget(mode.tamper) && first) {
            chunk = Buffer.from(c);
            chunk[chunk.length - 1] ^= 0xff;
          }
          first = false;
          if (isTarget(mode.cut) && cutsLeft > 0 && entry.sent + chunk.length > 300_000) {
            cutsLeft--;
            res.write(chunk.subarray(0, 300_000 - entry.sent));
            entry.sent = 300_000;
            res.socket?.destroy();
            ur.destroy();
            return;
          }
          entry.sent += chunk.length;
          res.write(chunk);
        });
        ur.on("end", () => res.end());
      },
    );
    up.on("error", () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => srv.listen(port, "127.0.0.1", r));
  t.after(() => new Promise<void>((r) => srv.close(() => r())));
  srv.on("connection", (s) => t.after(() => void s.destroy()));
  return { port, seen };
}

test("pull and push against a local docker-registry", { timeout: 300_000 }, async (t) => {
  const reg = await startRegistry(t);
  const d = await startDaemon(t);
  const work = await mkdtemp(path.join(tmpdir(), "berth-regtest-"));
  t.after(() => rm(work, { recursive: true, force: true }));
  const host = `127.0.0.1:${reg.port}`;

  const img = await writeOciLayout(path.join(work, "bb"), [await makeTar(busyboxEntries())], { cmd: ["sh"] });
  await skopeoCopy(`oci:${img.layout}:latest`, `docker://${host}/bb:1`);
  await skopeoCopy(`oci:${img.layout}:latest`, `docker://${host}/bb:2`);

  await t.test("berth pulls what skopeo pushed", async () => {
    const msgs = await pull(d, `${host}/bb`, "1");
    const statuses = msgs.map((m) => m.status);
    assert.equal(statuses[0], "Pulling from bb".replace("bb", `${host}/bb`));
    assert.ok(statuses.includes("Pulling fs layer"), JSON.stringify(statuses));
    assert.ok(statuses.includes("Download complete"));
    assert.ok(statuses.includes("Pull complete"));
    assert.equal(statuses.at(-1), `Status: Downloaded newer image for ${host}/bb:1`);
    const digestMsg = statuses.find((s) => s?.startsWith("Digest: "));
    const info = await inspect(d, `${host}/bb:1`);
    assert.equal(info.Id, img.configDigest);
    assert.deepEqual(info.RepoDigests, [`${host}/bb@${digestMsg?.slice(8)}`]);
  });

  await t.test("a second pull is up to date and downloads nothing", async () => {
    const msgs = await pull(d, `${host}/bb`, "1");
    assert.deepEqual(
      msgs.map((m) => m.status),
      [
        `Pulling from ${host}/bb`,
        "Already exists",
        msgs.find((m) => m.status?.startsWith("Digest"))?.status,
        `Status: Image is up to date for ${host}/bb:1`,
      ],
    );
  });

  await t.test("docker run pulls a missing tag and runs it", async () => {
    const r = await docker(d, ["run", "--rm", `${host}/bb:2`, "echo", "ok"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), "ok");
  });

  await t.test("the docker CLI pulls and pushes through berthd", async () => {
    const p = await docker(d, ["pull", `${host}/bb:1`]);
    assert.equal(p.code, 0, p.stderr);
    assert.match(p.stdout, /Image is up to date/);
    assert.equal((await docker(d, ["tag", `${host}/bb:1`, `${host}/copy:1`])).code, 0);
    const push = await docker(d, ["push", `${host}/copy:1`]);
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stdout, /1: digest: sha256:[a-f0-9]{64} size: \d+/);
    const si = await run("skopeo", ["inspect", "--tls-verify=false", "--raw", `docker://${host}/copy:1`]);
    assert.equal(si.code, 0, si.stderr);
    assert.equal(JSON.parse(si.stdout).config.digest, img.configDigest);
  });

  await t.test("a locally made image with an uncompressed layer is pushed gzip-compressed", async () => {
    const msgs: Msg[] = [];
    const { Readable } = await import("node:stream");
    await d.client.jsonStream(
      "POST",
      "/images/create",
      {
        query: { fromSrc: "-", repo: `${host}/imported`, tag: "1" },
        stream: Readable.from([await makeTar(busyboxEntries())]),
      },
      () => {},
    );
    const send = async () => {
      msgs.length = 0;
      await d.client.jsonStream("POST", `/images/${host}/imported/push`, { query: { tag: "1" } }, (m) =>
        msgs.push(m as Msg),
      );
      return msgs.map((m) => m.status);
    };
    const first = await send();
    assert.ok(first.includes("Pushed"), JSON.stringify(first));
    const aux = msgs.at(-1)?.aux;
    assert.equal(aux?.Tag, "1");
    const raw = await run("skopeo", [
      "inspect",
      "--tls-verify=false",
      "--raw",
      `docker://${host}/imported:1`,
    ]);
    const manifest = JSON.parse(raw.stdout);
    assert.equal(sha256(raw.stdout), aux?.Digest);
    assert.equal(manifest.layers[0].mediaType, "application/vnd.docker.image.rootfs.diff.tar.gzip");
    const second = await send();
    assert.ok(second.includes("Layer already exists"), JSON.stringify(second));
    assert.equal(msgs.at(-1)?.aux?.Digest, aux?.Digest);
  });

  await t.test("an index picks linux/amd64 and never the attestation", async () => {
    const dir = path.join(work, "multi");
    const amd = await writeOciLayout(path.join(work, "amd"), [await makeTar(busyboxEntries())]);
    const armLayer = await makeTar([{ name: "arm", content: "arm64" }]);
    const arm = await writeOciLayout(path.join(work, "arm"), [armLayer]);
    const att = await writeOciLayout(path.join(work, "att"), [
      await makeTar([{ name: "att", content: "x" }]),
    ]);
    const { cp, readFile } = await import("node:fs/promises");
    await cp(path.join(amd.layout, "blobs"), path.join(dir, "blobs"), { recursive: true });
    await cp(path.join(arm.layout, "blobs"), path.join(dir, "blobs"), { recursive: true });
    await cp(path.join(att.layout, "blobs"), path.join(dir, "blobs"), { recursive: true });
    const desc = async (o: typeof amd, platform: object, annotations?: object) => ({
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      digest: o.manifestDigest,
      size: (await readFile(path.join(o.layout, "blobs", "sha256", o.manifestDigest.slice(7)))).length,
      platform,
      ...(annotations ? { annotations } : {}),
    });
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.index.v1+json",
        manifests: [
          await desc(
            att,
            { os: "unknown", architecture: "unknown" },
            {
              "vnd.docker.reference.type": "attestation-manifest",
              "vnd.docker.reference.digest": arm.manifestDigest,
            },
          ),
          await desc(arm, { os: "linux", architecture: "arm64", variant: "v8" }),
          await desc(amd, { os: "linux", architecture: "amd64" }),
        ],
      }),
    );
    const indexDigest = sha256(index);
    await writeFile(path.join(dir, "blobs", "sha256", indexDigest.slice(7)), index);
    await writeLayoutIndex(
      dir,
      { mediaType: "application/vnd.oci.image.index.v1+json", digest: indexDigest, size: index.length },
      "latest",
    );
    await skopeoCopy(`oci:${dir}:latest`, `docker://${host}/multi:1`, ["--all"]);
    await pull(d, `${host}/multi`, "1", "linux/amd64");
    const info = await inspect(d, `${host}/multi:1`);
    assert.equal(info.Id, amd.configDigest);
    const pushed = await run("skopeo", [
      "inspect",
      "--tls-verify=false",
      "--raw",
      `docker://${host}/multi:1`,
    ]);
    assert.equal(JSON.parse(pushed.stdout).manifests.length, 3);
    assert.ok(
      info.RepoDigests.includes(`${host}/multi@${sha256(pushed.stdout)}`),
      JSON.stringify(info.RepoDigests),
    );
    await pull(d, `${host}/multi`, "1", "linux/arm64");
    assert.equal((await inspect(d, `${host}/multi:1`)).Id, arm.configDigest);
  });

  await t.test("a zstd layer pushed by skopeo is pulled and run", async () => {
    const z = await writeOciLayout(path.join(work, "zstd"), [await makeTar(busyboxEntries())], {
      cmd: ["sh"],
      // A config of its own: with the busybox image's, the image ID would be that image's.
      created: "2024-02-02T00:00:00Z",
      zstd: true,
    });
    await skopeoCopy(`oci:${z.layout}:latest`, `docker://${host}/zstd:1`, ["--preserve-digests"]);
    const raw = await run("skopeo", ["inspect", "--tls-verify=false", "--raw", `docker://${host}/zstd:1`]);
    assert.equal(sha256(raw.stdout), z.manifestDigest);
    assert.equal(JSON.parse(raw.stdout).layers[0].mediaType, "application/vnd.oci.image.layer.v1.tar+zstd");
    const msgs = await pull(d, `${host}/zstd`, "1");
    assert.match(msgs.at(-1)?.status ?? "", /Downloaded newer image/);
    const info = await inspect(d, `${host}/zstd:1`);
    assert.equal(info.Id, z.configDigest);
    assert.deepEqual(info.RepoDigests, [`${host}/zstd@${z.manifestDigest}`]);
    const r = await docker(d, ["run", "--rm", `${host}/zstd:1`, "echo", "zstd ok"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), "zstd ok");
    // As Docker: removing the repository's last tag takes its digest reference and the image too.
    const rmi = await d.client.json<{ Untagged?: string; Deleted?: string }[]>(
      "DELETE",
      `/images/${host}/zstd:1`,
    );
    assert.deepEqual(
      rmi.filter((x) => x.Untagged).map((x) => x.Untagged),
      [`${host}/zstd:1`, `${host}/zstd@${z.manifestDigest}`],
    );
    assert.ok(
      rmi.some((x) => x.Deleted === z.configDigest),
      JSON.stringify(rmi),
    );
  });

  await t.test("a name without a tag pulls every tag (pull -a)", async () => {
    const a = await writeOciLayout(path.join(work, "all-a"), [await makeTar([{ name: "a", content: "a" }])]);
    const b = await writeOciLayout(path.join(work, "all-b"), [await makeTar([{ name: "b", content: "b" }])]);
    await skopeoCopy(`oci:${a.layout}:latest`, `docker://${host}/all:a`);
    await skopeoCopy(`oci:${b.layout}:latest`, `docker://${host}/all:b`);
    await skopeoCopy(`oci:${b.layout}:latest`, `docker://${host}/all:b2`);
    const msgs: Msg[] = [];
    await d.client.jsonStream("POST", "/images/create", { query: { fromImage: `${host}/all` } }, (m) =>
      msgs.push(m as Msg),
    );
    const statuses = msgs.map((m) => m.status);
    assert.deepEqual(
      msgs
        .filter((m) => m.status === `Pulling from ${host}/all`)
        .map((m) => m.id)
        .sort(),
      ["a", "b", "b2"],
    );
    assert.equal(statuses.filter((s) => s?.startsWith("Status:")).length, 1, JSON.stringify(statuses));
    assert.equal(statuses.at(-1), `Status: Downloaded newer image for ${host}/all`);
    assert.equal((await inspect(d, `${host}/all:a`)).Id, a.configDigest);
    assert.equal((await inspect(d, `${host}/all:b`)).Id, b.configDigest);
    assert.deepEqual((await inspect(d, `${host}/all:b2`)).RepoTags.sort(), [
      `${host}/all:b`,
      `${host}/all:b2`,
    ]);
    const again = await docker(d, ["pull", "-a", `${host}/all`]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`Status: Image is up to date for ${host}/all\n`));
    await assert.rejects(
      d.client.jsonStream("POST", "/images/create", { query: { fromImage: `${host}/none` } }, () => {}),
      /repository 127\.0\.0\.1:\d+\/none not found/,
    );
  });

  await t.test("errors before the stream are plain HTTP errors", async () => {
    await assert.rejects(pull(d, `${host}/bb`, "nope"), (err: Error & { status?: number }) => {
      assert.equal(err.message, `manifest for ${host}/bb:nope not found: manifest unknown: manifest unknown`);
      return true;
    });
    const closed = await freePort();
    await assert.rejects(pull(d, `127.0.0.1:${closed}/bb`, "1"), /connection refused/);
  });

  // An image with one big random layer, for the proxy cases: over 4 MiB, so that its early
  // unpack runs on a worker thread (src/layer/unpack-pool.ts) and is aborted by a cut.
  const big = randomBytes(6_000_000);
  const bigLayer = await makeTar([{ name: "big.bin", content: big }]);
  const bigImg = await writeOciLayout(path.join(work, "big"), [await makeTar(busyboxEntries()), bigLayer]);
  await skopeoCopy(`oci:${bigImg.layout}:latest`, `docker://${host}/big:1`);
  // skopeo compresses the layer on the way: the registry's manifest names the blob.
  const bigRaw = await run("skopeo", ["inspect", "--tls-verify=false", "--raw", `docker://${host}/big:1`]);
  const bigDesc = (JSON.parse(bigRaw.stdout).layers as { digest: string; size: number }[]).at(-1)!;
  const bigDigest = bigDesc.digest;

  await t.test("a tampered blob fails the pull and stores nothing", async () => {
    const proxy = await startProxy(t, reg.port, { tamper: bigDigest });
    await assert.rejects(
      pull(d, `127.0.0.1:${proxy.port}/big`, "1"),
      new RegExp(`Cannot store blob ${bigDigest}: its content has digest sha256:`),
    );
    assert.equal(existsSync(path.join(d.dataRoot, "content", "blobs", "sha256", bigDigest.slice(7))), false);
    const ls = await d.client.json<{ RepoTags: string[] }[]>("GET", "/images/json");
    assert.ok(!ls.some((i) => i.RepoTags.some((r) => r.includes("/big:"))));
    assert.deepEqual(await readdir(path.join(d.dataRoot, "content", "partial")), []);
    // Nor is the unpack that ran alongside the download left behind.
    assert.deepEqual(await tmpLayerDirs(d), []);
  });

  await t.test("a connection cut mid-layer resumes with a Range request", async () => {
    const proxy = await startProxy(t, reg.port, { cut: bigDigest });
    const msgs = await pull(d, `127.0.0.1:${proxy.port}/big`, "1");
    assert.match(msgs.at(-1)?.status ?? "", /Downloaded newer image/);
    const gets = proxy.seen.filter((s) => s.url.endsWith(bigDigest));
    assert.equal(gets.length, 2, JSON.stringify(gets));
    assert.equal(gets[0].range, undefined);
    // The bytes that reached berthd before the cut (the proxy cut at 300000) are not fetched again.
    const start = Number(/^bytes=(\d+)-$/.exec(gets[1].range ?? "")?.[1]);
    assert.ok(start > 0 && start <= 300_000, String(gets[1].range));
    assert.equal(gets[1].sent, bigDesc.size - start);
    assert.equal((await inspect(d, `127.0.0.1:${proxy.port}/big:1`)).Id, bigImg.configDigest);
    assert.deepEqual(await tmpLayerDirs(d), []);
  });

  await t.test("a second cut is retried after a countdown and resumes where it stopped", async () => {
    // The last test's pull of the same image (under its proxy's name) goes, layers and all.
    await d.client.ok("DELETE", `/images/${bigImg.configDigest}`, { query: { force: "1" } });
    const proxy = await startProxy(t, reg.port, { cut: bigDigest, cuts: 2 });
    const msgs = await pull(d, `127.0.0.1:${proxy.port}/big`, "1");
    assert.match(msgs.at(-1)?.status ?? "", /Downloaded newer image/);
    const retries = msgs.filter((m) => m.status?.startsWith("Retrying in"));
    assert.deepEqual(
      retries.map((m) => [m.status, m.id]),
      [["Retrying in 1 second", bigDigest.slice(7, 19)]],
    );
    const ranges = proxy.seen.filter((s) => s.url.endsWith(bigDigest)).map((s) => s.range);
    assert.equal(ranges.length, 3, JSON.stringify(ranges));
    const starts = ranges.slice(1).map((r) => Number(/^bytes=(\d+)-$/.exec(r ?? "")?.[1]));
    assert.ok(starts[0] > 0 && starts[1] > starts[0], JSON.stringify(ranges));
    assert.equal((await inspect(d, `127.0.0.1:${proxy.port}/big:1`)).Id, bigImg.configDigest);
    assert.deepEqual(await tmpLayerDirs(d), []);
  });
});
