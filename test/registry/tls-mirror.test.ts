import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { test } from "node:test";
import { startDaemon, type TestDaemon } from "../helpers/daemon.ts";
import { busyboxEntries, makeTar } from "../helpers/images.ts";
import { makeTestCa, startRegistry } from "../helpers/registry.ts";

interface Ctx {
  after(fn: () => Promise<void> | void): void;
}

async function tempDir(t: Ctx, prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A certs.d directory trusting the CA for the given `host:port`s. */
async function certsDir(t: Ctx, caCert: string, hosts: string[]): Promise<string> {
  const dir = await tempDir(t, "berth-certs-");
  for (const h of hosts) {
    await mkdir(path.join(dir, h));
    await copyFile(caCert, path.join(dir, h, "ca.crt"));
  }
  return dir;
}

/** Restarts a test daemon with this daemon.json. */
async function configure(d: TestDaemon, config: object): Promise<void> {
  await d.stop();
  await writeFile(path.join(d.dir, "daemon.json"), JSON.stringify(config));
  await d.restart();
}

/** Imports a busybox image with one extra layer unique to it (so no other image shares its layers) as repo:tag. */
async function makeImage(d: TestDaemon, repo: string, tag: string): Promise<string> {
  const tarball = await makeTar([
    ...busyboxEntries(),
    { name: "unique", content: randomBytes(16).toString("hex") },
  ]);
  let id = "";
  await d.client.jsonStream(
    "POST",
    "/images/create",
    { query: { fromSrc: "-", repo, tag }, stream: Readable.from([tarball]) },
    (m) => {
      if (m.status) id = m.status;
    },
  );
  return id;
}

async function push(d: TestDaemon, repo: string, tag: string): Promise<void> {
  await d.client.jsonStream("POST", `/images/${repo}/push`, { query: { tag } }, () => {});
}

async function pull(d: TestDaemon, repo: string, tag: string): Promise<string[]> {
  const statuses: string[] = [];
  await d.client.jsonStream("POST", "/images/create", { query: { fromImage: repo, tag } }, (m) => {
    if (m.status) statuses.push(m.status);
  });
  return statuses;
}

async function imageId(d: TestDaemon, name: string): Promise<string> {
  return (await d.client.json<{ Id: string }>("GET", `/images/${name}/json`)).Id;
}

async function removeImage(d: TestDaemon, name: string): Promise<void> {
  await d.client.ok("DELETE", `/images/${name}`, { query: { force: "1" } });
}

/** Pushes a new image to repo:1, removes it locally and pulls it back: the pull must download it all. */
async function roundTrip(d: TestDaemon, repo: string): Promise<void> {
  const id = await makeImage(d, repo, "1");
  await push(d, repo, "1");
  await removeImage(d, `${repo}:1`);
  const statuses = await pull(d, repo, "1");
  assert.ok(statuses.includes("Pull complete"), JSON.stringify(statuses));
  assert.equal(await imageId(d, `${repo}:1`), id);
}

test(
  "a TLS registry on [::1] (not insecure) is verified with certs.d's CA",
  { timeout: 120_000 },
  async (t) => {
    const ca = await makeTestCa(t);
    const reg = await startRegistry(t, undefined, { address: "::1", tls: { cert: ca.cert, key: ca.key } });

    await t.test("with its CA in certs.d/<host:port>/ca.crt, push and pull work over HTTPS", async (t) => {
      const d = await startDaemon(t, ["--registry-certs-dir", await certsDir(t, ca.caCert, [reg.host])]);
      // The registry speaks TLS only, so the round trip proves HTTPS.
      await roundTrip(d, `${reg.host}/trusted`);
    });

    await t.test("without it, the pull fails, naming the cause and the fixes", async (t) => {
      const certs = await tempDir(t, "berth-certs-");
      const d = await startDaemon(t, ["--registry-certs-dir", certs]);
      await assert.rejects(pull(d, `${reg.host}/trusted`, "1"), (err: Error) => {
        assert.match(
          err.message,
          new RegExp(`^Get "https://\\[::1\\]:${reg.port}/v2/": tls: failed to verify certificate: `),
        );
        assert.ok(err.message.includes(path.join(certs, reg.host, "ca.crt")), err.message);
        assert.match(err.message, /insecure-registries/);
        return true;
      });
    });

    await t.test("listed in insecure-registries, its certificate is not checked", async (t) => {
      const d = await startDaemon(t, ["--registry-certs-dir", await tempDir(t, "berth-certs-")]);
      await configure(d, { "insecure-registries": [reg.host] });
      await roundTrip(d, `${reg.host}/insecure`);
    });
  },
);

test("a plain-HTTP registry on [::1] needs insecure-registries", { timeout: 120_000 }, async (t) => {
  const reg = await startRegistry(t, undefined, { address: "::1" });
  const d = await startDaemon(t, ["--registry-certs-dir", await tempDir(t, "berth-certs-")]);
  // Secure by default: HTTPS only, which a plain-HTTP server cannot answer.
  await assert.rejects(
    pull(d, `${reg.host}/x`, "1"),
    new RegExp(`Get "https://\\[::1\\]:${reg.port}/v2/": `),
  );
  await configure(d, { "insecure-registries": [reg.host] });
  // HTTPS first, then plain HTTP.
  await roundTrip(d, `${reg.host}/plain`);
});

test("127.0.0.1 is insecure: HTTPS unverified first, then plain HTTP", { timeout: 120_000 }, async (t) => {
  const ca = await makeTestCa(t);
  const tlsReg = await startRegistry(t, undefined, { tls: { cert: ca.cert, key: ca.key } });
  const plainReg = await startRegistry(t);
  // No CA anywhere: only an unverified HTTPS connection reaches the TLS registry.
  const d = await startDaemon(t, ["--registry-certs-dir", await tempDir(t, "berth-certs-")]);
  await roundTrip(d, `${tlsReg.host}/tls`);
  await roundTrip(d, `${plainReg.host}/plain`);
});

test("registry mirrors for any registry, falling back to the origin", { timeout: 180_000 }, async (t) => {
  const origin = await startRegistry(t);
  const mirror = await startRegistry(t);
  const o = origin.host;
  const d = await startDaemon(t);
  await configure(d, { "registry-mirrors": { [o]: [`http://${mirror.host}`] } });

  await t.test("an image only the mirror has is pulled from it, blobs and all", async () => {
    // Push never uses mirrors, so this lands in the mirror only, under the origin's repository name.
    const id = await makeImage(d, `${mirror.host}/only-mirror`, "1");
    await push(d, `${mirror.host}/only-mirror`, "1");
    await removeImage(d, `${mirror.host}/only-mirror:1`);
    const statuses = await pull(d, `${o}/only-mirror`, "1");
    assert.ok(statuses.includes("Pull complete"), JSON.stringify(statuses));
    assert.equal(await imageId(d, `${o}/only-mirror:1`), id);
  });

  await t.test("pushes go to the origin, never the mirror", async () => {
    await makeImage(d, `${o}/pushed`, "1");
    await push(d, `${o}/pushed`, "1");
    await assert.rejects(pull(d, `${mirror.host}/pushed`, "1"), /not found/);
  });

  await t.test("the mirror wins when both have the tag", async () => {
    const fromMirror = await makeImage(d, `${mirror.host}/both`, "1");
    await push(d, `${mirror.host}/both`, "1");
    const fromOrigin = await makeImage(d, `${o}/both`, "1");
    await push(d, `${o}/both`, "1");
    assert.notEqual(fromMirror, fromOrigin);
    await removeImage(d, `${o}/both:1`);
    await pull(d, `${o}/both`, "1");
    assert.equal(await imageId(d, `${o}/both:1`), fromMirror);
  });

  await t.test("an image the mirror lacks comes from the origin", async () => {
    await roundTrip(d, `${o}/only-origin`);
  });

  await t.test("a mirror that is down falls back to the origin", async () => {
    await mirror.stop();
    await roundTrip(d, `${o}/mirror-down`);
  });
});
