// bin/berth runs the esbuild bundles scripts/setup.sh made (build/cli/): the same CLI as src/,
// including the commands loaded on demand and the template engine.
import assert from "node:assert/strict";
import { existsSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { test } from "node:test";
import { globalFlags } from "../../src/cli/main.ts";
import { berth, nodeBin, repoRoot, run, startDaemon } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

const require = createRequire(import.meta.url);
const { ownBundles } = require("../../src/cli/bundle-training.cjs") as {
  ownBundles: Record<string, string[][]>;
};

test("the bundled CLI answers as the CLI from source does", async (t) => {
  const dir = path.join(repoRoot, "build/cli");
  const bundles = ["berth", ...Object.keys(ownBundles).map((c) => `berth-${c}`)];
  for (const b of bundles) {
    const file = path.join(dir, `${b}.cjs`);
    assert.ok(existsSync(file), `scripts/setup.sh built ${file}`);
    // One non-ASCII byte (esbuild leaves them in regular expressions) and Node decodes the
    // whole bundle into a two-byte string: ~8 ms more at every start on this 2-core machine.
    const bytes = readFileSync(file);
    const at = bytes.findIndex((c) => c >= 0x80);
    assert.equal(
      at,
      -1,
      `${b}.cjs has a non-ASCII byte: …${bytes.subarray(Math.max(0, at - 60), at + 20).toString()}…`,
    );
  }
  // bin/berth is Node itself, started by the launcher's #! line: no shell execs it first.
  const launcher = realpathSync(path.join(repoRoot, "bin/berth"));
  assert.equal(launcher, path.join(dir, "launcher.cjs"));
  assert.equal(readFileSync(launcher, "utf8").split("\n", 1)[0], `#!${nodeBin} --min-semi-space-size=4`);
  // Which bundle the loader starts, and whether its code cache (scripts/build-cli.ts's training
  // run) fits the bundle as built.
  const pick = async (args: string[]) =>
    (await run(path.join(repoRoot, "bin/berth"), args, { env: { BERTH_CLI: "", BERTH_CLI_CACHE: "report" } }))
      .stdout;
  assert.equal(await pick([]), "berth accepted\n");
  assert.equal(await pick(["images"]), "berth accepted\n");
  for (const c of Object.keys(ownBundles)) assert.equal(await pick([c, "--help"]), `berth-${c} accepted\n`);
  assert.equal(await pick(["-H", "unix:///x.sock", "run"]), "berth-run accepted\n");
  assert.equal(await pick(["--context=x", "-D", "ps"]), "berth-ps accepted\n");
  // No global flag's value is taken for the command: the loader skips each as main.ts parses it
  // (or gives up, which only costs time).
  for (const f of globalFlags)
    for (const spelled of [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]) {
      const args = f.type === "bool" ? [spelled, "ps"] : [spelled, "run", "ps"];
      assert.match(await pick(args), /^berth(-ps)? accepted\n$/, args.join(" "));
    }
  const d = await startDaemon(t);
  const composeFile = path.join(d.dir, "compose.yaml");
  writeFileSync(composeFile, 'name: demo\nservices:\n  web:\n    image: busybox\n    command: ["true"]\n');
  const badComposeFile = path.join(d.dir, "bad.yaml");
  writeFileSync(badComposeFile, "name: demo\nservices:\n  web:\n    imagex: busybox\n");
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
    ["inspect", "--format", "{{.Id}} {{.Config.Cmd}}", "busybox"],
    ["exec", "nonexistent", "true"],
    ["nonexistent-command"],
    // npm packages (yaml) and the generated Compose validator beside the bundle, through the
    // require the loader gives it
    ["compose", "-f", composeFile, "config"],
    ["compose", "-f", badComposeFile, "config"],
  ]) {
    const a = await bundled(args);
    const b = await berth(d, args);
    assert.deepEqual(
      { code: a.code, stdout: a.stdout, stderr: a.stderr },
      { code: b.code, stdout: b.stdout, stderr: b.stderr },
      args.join(" "),
    );
  }
  // BERTH_CLI=source: the same launcher starts src/cli/main.ts instead of a bundle.
  for (const args of [
    ["version", "--format", "{{.Client.Version}} {{.Server.Version}}"],
    ["nonexistent-command"],
  ]) {
    const a = await run(path.join(repoRoot, "bin/berth"), ["-H", d.host, ...args], {
      env: { BERTH_CLI: "source" },
    });
    const b = await berth(d, args);
    assert.deepEqual(
      { code: a.code, stdout: a.stdout, stderr: a.stderr },
      { code: b.code, stdout: b.stdout, stderr: b.stderr },
      `BERTH_CLI=source ${args.join(" ")}`,
    );
  }
});
