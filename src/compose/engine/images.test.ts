import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { test } from "node:test";
import tar from "tar-stream";
import { ApiError, type EngineClient, type JsonMessage, type RequestOptions } from "../../client/client.ts";
import type { Project, Service } from "../types.ts";
import { buildService, ensureImages } from "./images.ts";

interface Call {
  method: string;
  path: string;
  opts: RequestOptions;
}

/** An EngineClient that records requests; images in `present` exist. */
function fakeClient(present: Set<string>, calls: Call[]): EngineClient {
  return {
    async json(method: string, p: string, opts: RequestOptions = {}) {
      calls.push({ method, path: p, opts });
      const m = /^\/images\/(.+)\/json$/.exec(p);
      if (m && !present.has(decodeURIComponent(m[1]))) throw new ApiError(404, "No such image");
      return { Id: "sha256:x" };
    },
    async jsonStream(method: string, p: string, opts: RequestOptions, on: (m: JsonMessage) => void) {
      calls.push({ method, path: p, opts });
      if (opts.stream)
        for await (const _ of opts.stream) {
        }
      on({ stream: "built\n" });
    },
  } as unknown as EngineClient;
}

async function tarNames(stream: Readable): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const ex = tar.extract();
  ex.on("entry", (h, s, next) => {
    const chunks: Buffer[] = [];
    s.on("data", (c: unknown) => {
      chunks.push(c as Buffer);
    });
    s.on("end", () => {
      out[h.name] = Buffer.concat(chunks).toString();
      next();
    });
  });
  const done = new Promise<void>((r) => ex.on("finish", () => r()));
  stream.pipe(ex);
  await done;
  return out;
}

function svc(name: string, extra: Partial<Service>): Service {
  return {
    name,
    environment: {},
    labels: {},
    ports: [],
    volumes: [],
    depends_on: {},
    networks: {},
    ...extra,
  };
}

function proj(services: Record<string, Service>): Project {
  return {
    name: "p",
    working_dir: "/",
    config_files: [],
    services,
    networks: {},
    volumes: {},
    secrets: {},
    configs: {},
    environment: { FROM_ENV: "e" },
    profiles: [],
  };
}

test("build sends the context as a tar with the service's dockerfile, args, target, labels and tags", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "compose-build-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, "Web.Dockerfile"), "FROM busybox\n");
  await writeFile(path.join(dir, "app.txt"), "app");
  await writeFile(path.join(dir, "secret.key"), "k");
  await writeFile(path.join(dir, ".dockerignore"), "*.key\n");
  const calls: Call[] = [];
  const s = svc("web", {
    build: {
      context: dir,
      dockerfile: "Web.Dockerfile",
      args: { A: "1", FROM_ENV: null },
      target: "prod",
      labels: { l: "v" },
      tags: ["web:extra"],
    },
  });
  let body: Record<string, string> = {};
  const client = fakeClient(new Set(), calls);
  const orig = client.jsonStream.bind(client);
  client.jsonStream = async (m, p, o, on) => {
    if (o.stream) body = await tarNames(o.stream);
    return orig(m, p, { ...o, stream: undefined }, on);
  };
  const out: string[] = [];
  assert.equal(await buildService(client, proj({ web: s }), s, {}, (x) => out.push(x)), "p-web");
  const q = calls[0].opts.query ?? {};
  assert.equal(calls[0].path, "/build");
  assert.equal(q.dockerfile, "Web.Dockerfile");
  assert.deepEqual(q.t, ["p-web", "web:extra"]);
  assert.equal(q.target, "prod");
  assert.deepEqual(JSON.parse(String(q.buildargs)), { A: "1", FROM_ENV: "e" });
  assert.deepEqual(JSON.parse(String(q.labels)), {
    l: "v",
    "com.docker.compose.project": "p",
    "com.docker.compose.service": "web",
  });
  assert.deepEqual(Object.keys(body).sort(), [".dockerignore", "Web.Dockerfile", "app.txt"]);
  assert.deepEqual(out, ["built\n"]);
});

test("build refuses what berth's builder cannot do, by service and field", async () => {
  const client = fakeClient(new Set(), []);
  for (const [build, re] of [
    [{ context: "https://example.com/x.git", dockerfile: "Dockerfile" }, /build\.context \(a URL\)/],
    [{ context: "/x", dockerfile: "Dockerfile", platforms: ["linux/arm64"] }, /build\.platforms/],
    [{ context: "/x", dockerfile: "../Dockerfile" }, /outside the context/],
  ] as const) {
    const s = svc("web", { build: { ...build } as Service["build"] });
    await assert.rejects(
      buildService(client, proj({ web: s }), s, {}, () => {}),
      re,
    );
  }
});

test("images are built when missing or asked, pulled as pull_policy says, never pulled when 'never'", async () => {
  const calls: Call[] = [];
  const services = {
    built: svc("built", {
      build: { context: "/nonexistent", dockerfile: "Dockerfile", dockerfile_inline: "FROM busybox\n" },
    }),
    have: svc("have", { image: "busybox" }),
    fresh: svc("fresh", { image: "alpine:3", pull_policy: "always" }),
    missing: svc("missing", { image: "nginx" }),
  };
  const p = proj(services);
  const client = fakeClient(new Set(["busybox", "alpine:3"]), calls);
  await ensureImages(
    client,
    p,
    Object.keys(services),
    {},
    () => {},
    () => {},
  );
  const acts = calls
    .filter((c) => c.method === "POST")
    .map((c) => `${c.path} ${JSON.stringify(c.opts.query)}`);
  assert.equal(acts.length, 3, acts.join("\n"));
  assert.match(acts[0], /^\/build .*"dockerfile":"\.compose\.Dockerfile"/);
  assert.equal(acts[1], '/images/create {"fromImage":"alpine","tag":"3"}');
  assert.equal(acts[2], '/images/create {"fromImage":"nginx","tag":"latest"}');
  const never = proj({ x: svc("x", { image: "nope", pull_policy: "never" }) });
  await assert.rejects(
    ensureImages(
      client,
      never,
      ["x"],
      {},
      () => {},
      () => {},
    ),
    /No such image: nope \(service "x", pull_policy never\)/,
  );
});
