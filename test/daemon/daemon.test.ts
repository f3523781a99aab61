import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { readAll } from "../../src/client/client.ts";
import { nodeBin, repoRoot, run, startDaemon } from "../helpers/daemon.ts";

const berthd = (args: string[]) =>
  run(nodeBin, ["--disable-warning=ExperimentalWarning", path.join(repoRoot, "src/daemon/main.ts"), ...args]);

test("/_ping and every response carry Docker's headers", async (t) => {
  const d = await startDaemon(t);
  for (const method of ["HEAD", "GET"]) {
    const res = await d.client.request(method, "/_ping");
    const body = (await readAll(res.body)).toString();
    assert.equal(res.status, 200);
    assert.equal(res.headers["api-version"], "1.44");
    assert.equal(res.headers["builder-version"], "1");
    assert.equal(res.headers["docker-experimental"], "false");
    assert.equal(res.headers.ostype, "linux");
    assert.match(String(res.headers.server), /^Berth\/\S+ \(linux\)$/);
    assert.equal(body, method === "GET" ? "OK" : "");
  }
  const res = await d.client.request("GET", "/images/json");
  await readAll(res.body);
  assert.equal(res.headers["api-version"], "1.44");
  assert.equal(res.headers.ostype, "linux");
});

test("API versions 1.24 to 1.44 and unversioned paths are served; others refused as Docker does", async (t) => {
  const d = await startDaemon(t);
  const get = async (p: string) => {
    const res = await d.client.request("GET", p.replace(/^\/v1\.44/, ""));
    return { status: res.status, body: (await readAll(res.body)).toString() };
  };
  const raw = async (p: string) => {
    const http = await import("node:http");
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      http
        .get({ socketPath: d.socket, path: p }, async (res) => {
          resolve({ status: res.statusCode ?? 0, body: (await readAll(res)).toString() });
        })
        .on("error", reject);
    });
  };
  for (const p of ["/v1.24/version", "/v1.40/version", "/v1.44/version", "/version"]) {
    assert.equal((await raw(p)).status, 200, p);
  }
  const old = await raw("/v1.23/version");
  assert.equal(old.status, 400);
  assert.match(old.body, /client version 1.23 is too old. Minimum supported API version is 1.24/);
  const tooNew = await raw("/v1.45/version");
  assert.equal(tooNew.status, 400);
  assert.deepEqual(JSON.parse(tooNew.body), {
    message: "client version 1.45 is too new. Maximum supported API version is 1.44",
  });
  const missing = await raw("/v1.44/no/such/path");
  assert.equal(missing.status, 404);
  assert.deepEqual(JSON.parse(missing.body), { message: "page not found" });
  const notFound = await get("/images/nosuch:tag/json");
  assert.equal(notFound.status, 404);
  assert.deepEqual(JSON.parse(notFound.body), { message: "No such image: nosuch:tag" });
});

test("/info reports real figures", async (t) => {
  const d = await startDaemon(t);
  const info = await d.client.json<Record<string, unknown>>("GET", "/info");
  assert.equal(info.DockerRootDir, d.dataRoot);
  assert.equal(info.Driver, "overlay2");
  assert.equal(info.Images, 0);
  assert.equal(info.NCPU, (await import("node:os")).cpus().length);
  assert.equal(info.MemTotal, (await import("node:os")).totalmem());
  assert.equal(info.CgroupVersion, existsSync("/sys/fs/cgroup/cgroup.controllers") ? "2" : "1");
  assert.equal(info.KernelVersion, (await import("node:os")).release());
});

test("a second berthd on the same data root refuses to start; the socket is 0660", async (t) => {
  const d = await startDaemon(t);
  assert.equal(statSync(d.socket).mode & 0o777, 0o660);
  const second = await berthd([
    "-H",
    `unix://${d.dir}/other.sock`,
    "--data-root",
    d.dataRoot,
    "--exec-root",
    `${d.dir}/run2`,
  ]);
  assert.equal(second.code, 1);
  assert.match(second.stderr, /another berthd is already running on data root/);
  assert.equal(existsSync(`${d.dir}/other.sock`), false);
});

test("tcp hosts are refused until TLS exists, and config-file keys clash with flags as in dockerd", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "berthd-cfg-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const tcp = await berthd([
    "-H",
    "tcp://127.0.0.1:2375",
    "--data-root",
    `${dir}/data`,
    "--exec-root",
    `${dir}/run`,
  ]);
  assert.equal(tcp.code, 1);
  assert.match(tcp.stderr, /Cannot listen on tcp:\/\/127.0.0.1:2375: .*TLS/);
  await writeFile(`${dir}/daemon.json`, JSON.stringify({ "data-root": `${dir}/data` }));
  const clash = await berthd(["--config-file", `${dir}/daemon.json`, "--data-root", `${dir}/other`]);
  assert.equal(clash.code, 1);
  assert.match(clash.stderr, /specified both as a flag and in the configuration file: data-root/);
});

test("SIGTERM shuts down cleanly: socket and pidfile removed, exit 0", async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), "berthd-pid-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const d = await startDaemon(t, ["--pidfile", `${dir}/berthd.pid`]);
  assert.equal(Number(readFileSync(`${dir}/berthd.pid`, "utf8")), d.proc.pid);
  const code = await d.stop("SIGTERM");
  assert.equal(code, 0);
  assert.equal(existsSync(d.socket), false);
  assert.equal(existsSync(`${dir}/berthd.pid`), false);
  assert.match(d.stderr(), /"msg":"shutting down"/);
});
