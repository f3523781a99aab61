import assert from "node:assert/strict";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import http from "node:http";
import { test } from "node:test";
import { berth, startDaemon, type TestDaemon, waitFor } from "../helpers/daemon.ts";
import { importBusybox } from "../helpers/images.ts";

async function ok(d: TestDaemon, args: string[]): Promise<string> {
  const r = await berth(d, args);
  assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

/** berthd's open files under `dir`. */
function fdsUnder(d: TestDaemon, dir: string): string[] {
  const fdDir = `/proc/${d.proc.pid}/fd`;
  const out: string[] = [];
  for (const fd of readdirSync(fdDir)) {
    try {
      const target = readlinkSync(`${fdDir}/${fd}`);
      if (target.startsWith(dir)) out.push(target);
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

function mountsUnder(dir: string): string[] {
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .filter((l) => l.split(" ")[4]?.startsWith(dir));
}

/** Starts a GET of the archive, reads its first bytes, and drops the connection. */
function abandonArchive(d: TestDaemon, container: string, p: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { socketPath: d.socket, path: `/containers/${container}/archive?path=${encodeURIComponent(p)}` },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`GET archive: ${res.statusCode}`));
        res.once("data", () => {
          req.destroy();
          resolve();
        });
      },
    );
    req.on("error", (err) => reject(new Error(`GET archive: ${err.message}: ${d.stderr().slice(-3000)}`)));
    req.end();
  });
}

test("cp: an abandoned GET archive closes its files, and rm leaves no mount", async (t) => {
  const d = await startDaemon(t);
  await importBusybox(d.client);
  await ok(d, [
    "run",
    "--name",
    "big",
    "busybox",
    "sh",
    "-c",
    "mkdir /d && dd if=/dev/zero of=/d/big bs=1M count=8 2>/dev/null && echo x > /d/z",
  ]);
  await ok(d, [
    "run",
    "-d",
    "--name",
    "live",
    "busybox",
    "sh",
    "-c",
    "dd if=/dev/zero of=/big bs=1M count=8 2>/dev/null; sleep 1000",
  ]);
  t.after(() => berth(d, ["rm", "-f", "big", "live"]));
  const ids = {
    big: await ok(d, ["inspect", "-f", "{{.Id}}", "big"]),
    live: await ok(d, ["inspect", "-f", "{{.Id}}", "live"]),
  };
  await waitFor(
    "the live container's file",
    async () => (await berth(d, ["exec", "live", "ls", "/big"])).code === 0,
  );
  for (const [name, id] of Object.entries(ids)) {
    const dir = `${d.dataRoot}/containers/${id}`;
    for (const p of ["/d", "/d/big", "/big"]) {
      if ((name === "live") !== (p === "/big")) continue;
      for (let i = 0; i < 3; i++) await abandonArchive(d, name, p);
    }
    await waitFor(`berthd to close every file of ${name}`, () => fdsUnder(d, dir).length === 0);
    // The container's rootfs is free again: a full copy still works, then rm leaves nothing.
    const full = await berth(d, ["cp", `${name}:${name === "live" ? "/big" : "/d"}`, "-"]);
    assert.equal(full.code, 0, full.stderr);
    assert.ok(full.raw.length > 8 * 1024 * 1024);
    await ok(d, ["rm", "-f", name]);
    assert.deepEqual(fdsUnder(d, dir), []);
    assert.deepEqual(mountsUnder(dir), []);
  }
});
