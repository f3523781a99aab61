// bin/berth runs the esbuild bundle scripts/setup.sh made (build/cli/): the same CLI as src/,
// including the commands loaded on demand and the template engine.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { berth, repoRoot, run, startDaemon } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

test("the bundled CLI answers as the CLI from source does", async (t) => {
  const bundle = path.join(repoRoot, "build/cli/berth.cjs");
  assert.ok(existsSync(bundle), "scripts/setup.sh built the bundle");
  // One non-ASCII byte (esbuild leaves them in regular expressions) and Node decodes the whole
  // bundle into a two-byte string: ~8 ms more at every start on this 2-core machine.
  const bytes = readFileSync(bundle);
  const at = bytes.findIndex((b) => b >= 0x80);
  assert.equal(
    at,
    -1,
    `the bundle has a non-ASCII byte: …${bytes.subarray(Math.max(0, at - 60), at + 20).toString()}…`,
  );
  // The loader's code cache (scripts/build-cli.sh's training run) fits the bundle as built.
  const cache = await run(path.join(repoRoot, "bin/berth"), [], {
    env: { BERTH_CLI: "", BERTH_CLI_CACHE: "report" },
  });
  assert.equal(cache.stdout, "accepted\n", cache.stderr);
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const bundled = (args: string[]) =>
    run(path.join(repoRoot, "bin/berth"), ["-H", d.host, ...args], { env: { BERTH_CLI: "" } });
  const hello = await bundled(["run", "--rm", "busybox", "echo", "hello from the bundle"]);
  assert.equal(hello.code, 0, hello.stderr);
  assert.equal(hello.stdout, "hello from the bundle\n");
  for (const args of [
    ["version", "--format", "{{.Server.Version}} {{.Server.ApiVersion}}"],
    ["images", "--format", "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.Size}}"],
    ["ps", "-a", "--format", "table {{.Image}}\t{{.Status}}"],
    ["context", "ls", "--format", "{{json .}}"],
    ["nonexistent-command"],
  ]) {
    const a = await bundled(args);
    const b = await berth(d, args);
    assert.deepEqual(
      { code: a.code, stdout: a.stdout, stderr: a.stderr },
      { code: b.code, stdout: b.stdout, stderr: b.stderr },
      args.join(" "),
    );
  }
});
