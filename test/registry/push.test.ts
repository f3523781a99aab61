import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import http from "node:http";
import type net from "node:net";
import { Readable } from "node:stream";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { startDaemon, type TestDaemon } from "../helpers/daemon.ts";
import { makeTar, sha256 } from "../helpers/images.ts";
import { startRegistry } from "../helpers/registry.ts";

interface Ctx {
  after(fn: () => Promise<void> | void): void;
}

interface Msg {
  status?: string;
  id?: string;
  aux?: { Tag: string; Digest: string; Size: number };
}

interface Exchange {
  method: string;
  url: string;
  contentRange?: string;
  contentLength?: string;
  status?: number;
  location?: string;
  range?: string;
}

const MiB = 1024 * 1024;

/**
 * A reverse proxy in front of the registry that logs every exchange; `hook` may answer a
 * request itself (returning true) or change the registry's answer headers.
 */
async function startProxy(
  t: Ctx,
  upstreamPort: number,
  hook: {
    request?: (req: http.IncomingMessage, res: http.ServerResponse, log: Exchange) => boolean;
    response?: (req: http.IncomingMessage, headers: http.IncomingHttpHeaders, status: number) => void;
  } = {},
) {
  const log: Exchange[] = [];
  const srv = http.createServer((req, res) => {
    const entry: Exchange = {
      method: req.method ?? "",
      url: req.url ?? "",
      contentRange: req.headers["content-range"],
      contentLength: req.headers["content-length"],
    };
    log.push(entry);
    if (hook.request?.(req, res, entry)) return;
    const headers = { ...req.headers };
    delete headers.authorization;
    const up = http.request(
      { host: "127.0.0.1", port: upstreamPort, path: req.url, method: req.method, headers },
      (ur) => {
        const status = ur.statusCode ?? 500;
        hook.response?.(req, ur.headers, status);
        Object.assign(entry, {
          status,
          location: ur.headers.location,
          range: ur.headers.range,
        });
        res.writeHead(status, ur.headers);
        ur.pipe(res);
      },
    );
    up.on("error", () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  srv.on("connection", (s) => t.after(() => void s.destroy()));
  t.after(() => new Promise<void>((r) => srv.close(() => r())));
  return { port: (srv.address() as net.AddressInfo).port, log };
}

/** Imports a one-layer image of `size` random bytes (stored uncompressed) as `name:1`. */
async function importRandom(d: TestDaemon, name: string, size: number): Promise<{ id: string; tar: Buffer }> {
  const tar = await makeTar([{ name: "data", content: randomBytes(size) }]);
  let id = "";
  await d.client.jsonStream(
    "POST",
    "/images/create",
    { query: { fromSrc: "-", repo: name, tag: "1" }, stream: Readable.from([tar]) },
    (m) => {
      if (m.status) id = m.status;
    },
  );
  return { id, tar };
}

async function push(d: TestDaemon, name: string, query: Record<string, string> = {}): Promise<Msg[]> {
  const msgs: Msg[] = [];
  await d.client.jsonStream("POST", `/images/${name}/push`, { query: { tag: "1", ...query } }, (m) =>
    msgs.push(m as Msg),
  );
  return msgs;
}

function get(port: number, p: string, accept?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: p, headers: accept ? { Accept: accept } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          res.statusCode === 200
            ? resolve(Buffer.concat(chunks))
            : reject(new Error(`GET ${p}: HTTP ${res.statusCode}`)),
        );
      })
      .on("error", reject);
  });
}

/**
 * Reads what the registry itself holds for `repo:1`: the manifest, whose config is the
 * image ID, and the one layer, whose digest checks out and which unpacks to the tar sent.
 */
async function assertStored(
  port: number,
  repo: string,
  image: { id: string; tar: Buffer },
  aux?: Msg["aux"],
) {
  const raw = await get(
    port,
    `/v2/${repo}/manifests/1`,
    "application/vnd.docker.distribution.manifest.v2+json",
  );
  assert.equal(sha256(raw), aux?.Digest);
  const m = JSON.parse(raw.toString()) as {
    config: { digest: string };
    layers: { digest: string; size: number }[];
  };
  assert.equal(m.config.digest, image.id);
  assert.equal(m.layers.length, 1);
  const blob = await get(port, `/v2/${repo}/blobs/${m.layers[0].digest}`);
  assert.equal(sha256(blob), m.layers[0].digest);
  assert.equal(blob.length, m.layers[0].size);
  assert.equal(sha256(gunzipSync(blob)), sha256(image.tar));
  return m.layers[0];
}

test(
  "push uploads in chunks, and retries after a refused token or a cut connection",
  { timeout: 300_000 },
  async (t) => {
    const reg = await startRegistry(t);
    const d = await startDaemon(t);

    await t.test(
      "a registry asking for chunks gets PATCHes with Content-Range, each ≥ its minimum",
      async () => {
        const proxy = await startProxy(t, reg.port, {
          response: (req, headers, status) => {
            if (req.method === "POST" && status === 202 && req.url?.includes("/blobs/uploads/")) {
              headers["oci-chunk-min-length"] = String(MiB);
            }
          },
        });
        const name = `127.0.0.1:${proxy.port}/chunked`;
        const image = await importRandom(d, name, 3 * MiB + 12_345);
        const msgs = await push(d, name);
        const layer = await assertStored(reg.port, "chunked", image, msgs.at(-1)?.aux);

        const patches = proxy.log.filter((e) => e.method === "PATCH");
        assert.ok(patches.length >= 3, JSON.stringify(proxy.log));
        const layerPatches = patches.filter((e) => e.contentRange !== undefined);
        assert.equal(layerPatches.length, patches.length, "every PATCH names its range");
        let next = 0;
        for (const [i, p] of layerPatches.entries()) {
          const [start, end] = (p.contentRange ?? "").split("-").map(Number);
          assert.equal(start, next, `chunk ${i} starts where the last ended`);
          assert.equal(Number(p.contentLength), end - start + 1);
          if (i < layerPatches.length - 1)
            assert.ok(end - start + 1 >= MiB, `chunk ${i} is ${end - start + 1} bytes`);
          assert.equal(p.status, 202);
          assert.equal(p.range, `0-${end}`);
          next = end + 1;
        }
        assert.equal(next, layer.size);
        // Each chunk goes to the Location the previous answer gave.
        const post = proxy.log.findLast(
          (e) =>
            e.method === "POST" &&
            e.url.endsWith("/blobs/uploads/") &&
            proxy.log.indexOf(e) < proxy.log.indexOf(layerPatches[0]),
        );
        const chain = [post, ...layerPatches];
        for (let i = 1; i < chain.length; i++) {
          const loc = new URL(chain[i - 1]?.location ?? "", `http://127.0.0.1:${proxy.port}`);
          assert.equal(chain[i]?.url, loc.pathname + loc.search);
        }
        const put = proxy.log.find(
          (e) => e.method === "PUT" && e.url.includes(`digest=${encodeURIComponent(layer.digest)}`),
        );
        const lastLoc = new URL(layerPatches.at(-1)?.location ?? "", `http://127.0.0.1:${proxy.port}`);
        assert.ok(put?.url.startsWith(lastLoc.pathname), JSON.stringify(put));
        assert.equal(put?.status, 201);
      },
    );

    await t.test("a chunk the registry keeps only part of is completed from where it stopped", async () => {
      let trimmed = false;
      const proxy = await startProxy(t, reg.port, {
        request: (req, res, entry) => {
          if (req.method !== "PATCH" || trimmed) return false;
          trimmed = true;
          // The registry takes the first half of the first chunk only, and says so in Range.
          const parts: Buffer[] = [];
          req.on("data", (c: Buffer) => parts.push(c));
          req.on("end", () => {
            const half = Buffer.concat(parts).subarray(0, 300_000);
            const up = http.request(
              {
                host: "127.0.0.1",
                port: reg.port,
                path: req.url,
                method: "PATCH",
                headers: {
                  Host: req.headers.host ?? "",
                  "Content-Type": "application/octet-stream",
                  "Content-Range": `0-${half.length - 1}`,
                  "Content-Length": String(half.length),
                },
              },
              (ur) => {
                Object.assign(entry, {
                  status: ur.statusCode,
                  location: ur.headers.location,
                  range: ur.headers.range,
                });
                res.writeHead(ur.statusCode ?? 500, ur.headers);
                ur.pipe(res);
              },
            );
            up.on("error", () => res.destroy());
            up.end(half);
          });
          return true;
        },
        response: (req, headers, status) => {
          if (req.method === "POST" && status === 202) headers["oci-chunk-min-length"] = String(MiB);
        },
      });
      const name = `127.0.0.1:${proxy.port}/partial`;
      const image = await importRandom(d, name, 2 * MiB);
      const msgs = await push(d, name);
      await assertStored(reg.port, "partial", image, msgs.at(-1)?.aux);
      const patches = proxy.log.filter((e) => e.method === "PATCH");
      assert.equal(patches[0].contentRange, `0-${MiB - 1}`);
      assert.equal(patches[0].range, "0-299999");
      assert.equal(patches[1].contentRange, `300000-${MiB - 1}`);
      assert.equal(patches[1].contentLength, String(MiB - 300_000));
    });

    await t.test(
      "a token refused in the middle of a streamed upload is renewed and the blob sent again",
      async () => {
        const issued = new Set<string>();
        let tokenRequests = 0;
        let refused = 0;
        let realm = "";
        const proxy = await startProxy(t, reg.port, {
          request: (req, res, entry) => {
            if (req.url?.startsWith("/token")) {
              tokenRequests++;
              const token = randomBytes(16).toString("hex");
              issued.add(token);
              res.writeHead(200, { "Content-Type": "application/json" });
              res.end(JSON.stringify({ token, expires_in: 300 }));
              return true;
            }
            const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
            let ok = token !== undefined && issued.has(token);
            // The registry stops accepting the token in the middle of the first layer upload.
            if (ok && req.method === "PATCH" && refused === 0) {
              refused++;
              issued.delete(token as string);
              ok = false;
            }
            if (ok) return false;
            entry.status = 401;
            req.resume();
            res.writeHead(401, {
              "Content-Type": "application/json",
              "WWW-Authenticate": `Bearer realm="${realm}",service="test"`,
            });
            res.end(
              JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] }),
            );
            return true;
          },
        });
        realm = `http://127.0.0.1:${proxy.port}/token`;
        const name = `127.0.0.1:${proxy.port}/renewed`;
        const image = await importRandom(d, name, 2 * MiB);
        const msgs = await push(d, name);
        await assertStored(reg.port, "renewed", image, msgs.at(-1)?.aux);
        assert.equal(refused, 1);
        const patches = proxy.log.filter((e) => e.method === "PATCH");
        assert.deepEqual(
          patches.map((p) => p.status),
          [401, 202],
          JSON.stringify(proxy.log.map((e) => [e.method, e.url, e.status])),
        );
        // The refused token was dropped and a new one fetched (one at the start, one after):
        // no request after the refusal went out with the dropped token.
        assert.equal(tokenRequests, 2);
        const refusedAfterPing = proxy.log.filter((e) => e.status === 401 && e.url !== "/v2/");
        assert.deepEqual(
          refusedAfterPing.map((e) => e.method),
          ["PATCH"],
        );
        assert.ok(msgs.some((m) => m.status === "Pushed"));
      },
    );

    await t.test("a connection cut mid-upload is retried with a new session, saying so", async () => {
      let cut = 0;
      const proxy = await startProxy(t, reg.port, {
        request: (req) => {
          if (req.method !== "PATCH" || cut > 0) return false;
          cut++;
          // Take some of the body, then drop the connection as a failing network would.
          let got = 0;
          req.on("data", (c: Buffer) => {
            got += c.length;
            if (got > 256 * 1024) req.socket.destroy();
          });
          return true;
        },
      });
      const name = `127.0.0.1:${proxy.port}/retried`;
      const image = await importRandom(d, name, 2 * MiB);
      const msgs = await push(d, name);
      const layer = await assertStored(reg.port, "retried", image, msgs.at(-1)?.aux);
      assert.equal(cut, 1);
      const layerId = msgs.find((m) => m.status === "Preparing")?.id;
      const retry = msgs.find((m) => m.status?.startsWith("Retrying in"));
      assert.deepEqual(retry, { status: "Retrying in 1 second", progressDetail: {}, id: layerId });
      const after = msgs.slice(msgs.indexOf(retry as Msg));
      assert.ok(
        after.some((m) => m.status === "Pushed" && m.id === layerId),
        JSON.stringify(msgs),
      );
      // A fresh session: two POSTs for the layer, the second one completed with its digest.
      const posts = proxy.log.filter((e) => e.method === "POST" && e.url.endsWith("/blobs/uploads/"));
      assert.ok(posts.length >= 2);
      assert.ok(
        proxy.log.some((e) => e.method === "PUT" && e.url.includes(encodeURIComponent(layer.digest))),
      );
    });

    await t.test("--platform is accepted for the image's own platform and refused for another", async () => {
      const proxy = await startProxy(t, reg.port);
      const name = `127.0.0.1:${proxy.port}/plat`;
      const image = await importRandom(d, name, 1000);
      const info = await d.client.json<{ Architecture: string; Os: string }>("GET", `/images/${name}:1/json`);
      const other = info.Architecture === "arm64" ? "amd64" : "arm64";
      await assert.rejects(
        push(d, name, { platform: JSON.stringify({ architecture: other, os: "linux" }) }),
        (err: Error & { status?: number }) => {
          assert.equal(err.status, 404);
          assert.equal(
            err.message,
            `image with reference ${name}:1 was found but its platform (${info.Os}/${info.Architecture}) does not match the specified platform (linux/${other}${other === "arm64" ? "/v8" : ""})`,
          );
          return true;
        },
      );
      assert.equal(proxy.log.length, 0, "nothing reached the registry");
      const msgs = await push(d, name, {
        platform: JSON.stringify({ architecture: info.Architecture, os: info.Os }),
      });
      await assertStored(reg.port, "plat", image, msgs.at(-1)?.aux);
    });
  },
);
