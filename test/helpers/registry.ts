import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import bcrypt from "bcryptjs";
import { waitFor } from "./daemon.ts";

interface Ctx {
  after(fn: () => Promise<void> | void): void;
}

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    http
      .get(url, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on("error", () => resolve(0));
  });
}

/**
 * Debian's docker-registry on a free loopback port with its own storage, optionally behind
 * htpasswd basic auth; killed and removed after the test.
 */
export async function startRegistry(
  t: Ctx,
  users?: Record<string, string>,
): Promise<{ port: number; dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-registry-"));
  const port = await freePort();
  let auth = "";
  if (users) {
    const lines = Object.entries(users).map(([u, p]) => `${u}:${bcrypt.hashSync(p, 4)}\n`);
    await writeFile(path.join(dir, "htpasswd"), lines.join(""));
    auth = `auth:\n  htpasswd:\n    realm: berth-test\n    path: ${dir}/htpasswd\n`;
  }
  await writeFile(
    path.join(dir, "config.yml"),
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\n${auth}`,
  );
  const proc = spawn("/usr/bin/docker-registry", ["serve", path.join(dir, "config.yml")], {
    stdio: "ignore",
  });
  t.after(async () => {
    if (proc.exitCode === null) {
      const done = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGKILL");
      await done;
    }
    await rm(dir, { recursive: true, force: true });
  });
  const ready = users ? 401 : 200;
  await waitFor(
    "the registry to answer",
    async () => (await httpStatus(`http://127.0.0.1:${port}/v2/`)) === ready,
  );
  return { port, dir };
}
