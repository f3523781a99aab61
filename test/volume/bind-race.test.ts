// A bind source or a volume subpath cannot be redirected by a symlink: the source swapped
// with a link to a secret directory while containers start never shows them the secret,
// and a link inside a volume never leads a subpath out of it.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { docker, repoRoot, startDaemon, waitFor } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";
import { mountsUnder, dockerOk as ok } from "../helpers/volumes.ts";

test("a bind source swapped with a symlink while containers start never shows them the link's target", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  const host = await mkdtemp(path.join(tmpdir(), "berth-race-"));
  t.after(() => rm(host, { recursive: true, force: true }));
  const src = path.join(host, "src");
  const secret = path.join(host, "secret");
  const link = path.join(host, "link");
  await mkdir(src);
  await writeFile(path.join(src, "which"), "ok\n");
  await mkdir(secret);
  await writeFile(path.join(secret, "which"), "secret\n");
  await symlink(secret, link);

  // Made while the source is the real directory: that is what they were given.
  const names: string[] = [];
  for (let i = 0; i < 24; i++) {
    const name = `race${i}`;
    const bind = i % 2 === 0 ? ["-v", `${src}:/x`] : ["--mount", `type=bind,src=${src},dst=/x`];
    await ok(d, ["create", "--name", name, ...bind, "busybox", "cat", "/x/which"]);
    names.push(name);
  }
  t.after(async () => {
    await docker(d, ["rm", "-f", ...names]);
  });

  // `src` and `link` trade places as fast as they can: half the time `src` is a symlink to
  // the secret directory.
  const swapper = spawn(process.execPath, [path.join(repoRoot, "test/helpers/swap-loop.ts"), src, link], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  t.after(() => {
    swapper.kill("SIGKILL");
  });
  let swapOut = "";
  swapper.stdout.on("data", (c: Buffer) => {
    swapOut += c.toString();
  });
  await waitFor("the swapper to run", () => swapOut.includes("swapping"));

  const seen: string[] = [];
  let refused = 0;
  for (const name of names) {
    const r = await docker(d, ["start", "-a", name]);
    if (r.code === 0) seen.push(r.stdout.trim());
    else {
      // The only failure allowed is berthd's refusal of the swapped source.
      assert.match(r.stderr, /a symbolic link replaced a directory of .* after the container was created/);
      refused++;
    }
  }
  swapper.kill("SIGKILL");
  assert.ok(!seen.includes("secret"), `a container saw the secret: ${seen.join(",")}`);
  assert.ok(
    seen.every((s) => s === "ok"),
    seen.join(","),
  );
  // Both happened: the swap was live while the containers started.
  assert.ok(seen.length > 0 && refused > 0, `${seen.length} started, ${refused} refused`);
  assert.deepEqual(await mountsUnder(d.execRoot), []);
});

test("a volume-subpath that is a symlink inside the volume stays inside the volume", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  t.after(async () => {
    await docker(d, ["rm", "-f", "sub"]);
  });
  // A container plants links in the volume: an absolute one to /etc and one climbing out.
  await ok(d, [
    "run",
    "--rm",
    "-v",
    "planted:/v",
    "busybox",
    "sh",
    "-c",
    "mkdir -p /v/etc && echo inside > /v/etc/marker && ln -s /etc /v/abs && ln -s ../../../../../etc /v/up",
  ]);
  for (const sub of ["abs", "up"]) {
    // Resolved with the volume as its root, both links lead to the volume's own etc.
    assert.equal(
      await ok(d, [
        "run",
        "--rm",
        "--mount",
        `src=planted,dst=/s,volume-subpath=${sub}`,
        "busybox",
        "sh",
        "-c",
        "cat /s/marker; ls /s",
      ]),
      "inside\nmarker\n",
    );
  }
  const missing = await docker(d, [
    "run",
    "--rm",
    "--mount",
    "src=planted,dst=/s,volume-subpath=nosuch",
    "busybox",
    "true",
  ]);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /subpath nosuch does not exist in the volume/);
  assert.deepEqual(await mountsUnder(d.execRoot), []);
  assert.deepEqual(await mountsUnder(d.dataRoot), []);
});
