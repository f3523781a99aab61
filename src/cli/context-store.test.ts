import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { CliError } from "./command.ts";
import { hostOfContext, resolveContextName } from "./context-resolve.ts";
import { ContextStore, checkContextName } from "./context-store.ts";

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-ctx-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test("the context is chosen as docker's resolveContextName chooses it", async (t) => {
  const dir = await tempDir(t);
  await writeFile(path.join(dir, "config.json"), JSON.stringify({ currentContext: "saved" }));
  const r = (opts: { context?: string; host?: string }, env: Record<string, string> = {}) =>
    resolveContextName({ ...opts, configDir: dir }, env);
  assert.equal(r({}), "saved");
  assert.equal(r({}, { DOCKER_CONTEXT: "env" }), "env");
  assert.equal(r({}, { BERTH_CONTEXT: "b", DOCKER_CONTEXT: "env" }), "b");
  assert.equal(r({}, { DOCKER_HOST: "unix:///x" }), "default");
  assert.equal(r({}, { BERTH_HOST: "unix:///x", DOCKER_CONTEXT: "env" }), "default");
  assert.equal(r({ host: "unix:///x" }), "default");
  assert.equal(r({ context: "flag" }, { DOCKER_HOST: "unix:///x" }), "flag");
  assert.throws(() => r({ context: "a", host: "unix:///x" }), /cannot specify both --host and --context/);
  assert.equal(resolveContextName({ configDir: path.join(dir, "none") }, {}), "default");
});

test("context names follow docker's rule and default is reserved", () => {
  checkContextName("my-ctx_1.2+x");
  assert.throws(() => checkContextName("default"), /"default" is a reserved context name/);
  assert.throws(() => checkContextName("bad name"), /context name "bad name" is invalid/);
  assert.throws(() => checkContextName("-x"), CliError);
});

test("a stored context is found by the sha256 of its name; a missing one is docker's error", async (t) => {
  const dir = await tempDir(t);
  const store = new ContextStore(dir);
  await store.write(
    {
      Name: "remote",
      Metadata: {},
      Endpoints: { docker: { Host: "unix:///run/r.sock", SkipTLSVerify: false } },
    },
    { "ca.pem": Buffer.from("ca") },
  );
  // The directory docker 28 made for a context named "my".
  assert.equal(
    store.metaDir("my"),
    path.join(dir, "contexts/meta/038468518ad8122e13112743f890c7ba96ac5665b71de548eceb23e9ef237805"),
  );
  assert.equal(hostOfContext("remote", dir, undefined), "unix:///run/r.sock");
  assert.deepEqual(await store.tlsMaterial("remote"), { docker: ["ca.pem"] });
  assert.throws(
    () => hostOfContext("gone", dir, undefined),
    /context "gone": context not found: open .*meta\.json/,
  );
  assert.equal(hostOfContext("default", dir, "unix:///flag.sock"), "unix:///flag.sock");
  await store.remove("remote");
  assert.deepEqual(await store.list(), []);
});
