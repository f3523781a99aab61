import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { EngineClient } from "../../src/client/client.ts";

export const repoRoot = path.resolve(import.meta.dirname, "../..");
export const nodeBin = process.execPath;

export interface TestDaemon {
  dir: string;
  dataRoot: string;
  execRoot: string;
  socket: string;
  host: string;
  client: EngineClient;
  proc: ChildProcess;
  stderr: () => string;
  /** Stops berthd (SIGTERM, or the given signal) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Starts a new berthd on the same data root after a stop (with other flags, if given). */
  restart(args?: string[]): Promise<void>;
}

interface TestContextLike {
  after(fn: () => Promise<void> | void): void;
}

function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.request({ socketPath: socket, path: "/_ping", method: "GET" }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("error", () => resolve(false));
    req.end();
  });
}

/** Waits for a condition, polling; fails after `timeoutMs`. Not a sleep: it ends as soon as the condition holds. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts a real berthd on its own temporary data root, run root and socket; stopped and removed after the test. */
export async function startDaemon(t: TestContextLike, extraArgs: string[] = []): Promise<TestDaemon> {
  const dir = await mkdtemp(path.join(tmpdir(), "berth-it-"));
  const dataRoot = path.join(dir, "data");
  const execRoot = path.join(dir, "run");
  const socket = path.join(dir, "berth.sock");
  let proc!: ChildProcess;
  let err = "";
  // No default bridge unless the test asks for one: every test daemon would otherwise share
  // one `berth0` device with its own address bookkeeping (see test/network/ for bridges).
  let flags = extraArgs;
  const launch = async () => {
    const bridgeArgs = flags.some((a) => /^--(bridge|bip)\b/.test(a)) ? [] : ["--bridge", "none"];
    err = "";
    proc = spawn(
      nodeBin,
      [
        "--disable-warning=ExperimentalWarning",
        path.join(repoRoot, "src/daemon/main.ts"),
        "-H",
        `unix://${socket}`,
        "--data-root",
        dataRoot,
        "--exec-root",
        execRoot,
        "--config-file",
        path.join(dir, "daemon.json"),
        "--log-level",
        "debug",
        ...bridgeArgs,
        ...flags,
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    proc.stderr?.on("data", (c) => {
      err += c.toString();
    });
    const exited = new Promise<never>((_, reject) =>
      proc.once("exit", (code) => reject(new Error(`berthd exited with ${code}: ${err}`))),
    );
    await Promise.race([waitFor("berthd to answer /_ping", () => ping(socket)), exited]);
  };
  // Missing config file given explicitly is an error, so write an empty one.
  await import("node:fs/promises").then((fs) => fs.writeFile(path.join(dir, "daemon.json"), "{}\n"));
  await launch();
  const d: TestDaemon = {
    dir,
    dataRoot,
    execRoot,
    socket,
    host: `unix://${socket}`,
    client: new EngineClient(`unix://${socket}`),
    get proc() {
      return proc;
    },
    stderr: () => err,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
      const done = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
      proc.kill(signal);
      return done;
    },
    async restart(args?: string[]) {
      if (args) flags = args;
      await launch();
    },
  };
  t.after(async () => {
    await cleanupDaemon(d);
  });
  return d;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(
  cmd: string,
  args: string[],
  opts: { input?: string | Buffer; env?: Record<string, string> } = {},
): Promise<RunResult & { raw: Buffer }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, ...opts.env } });
    const out: Buffer[] = [];
    let err = "";
    p.stdout.on("data", (c: Buffer) => out.push(c));
    p.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    p.on("error", reject);
    p.on("close", (code) => {
      const raw = Buffer.concat(out);
      resolve({ code, stdout: raw.toString(), stderr: err, raw });
    });
    p.stdin.end(opts.input);
  });
}

/** Runs the berth CLI against a test daemon. */
export function berth(d: TestDaemon, args: string[], opts: { input?: string | Buffer } = {}) {
  return run(
    nodeBin,
    ["--disable-warning=ExperimentalWarning", path.join(repoRoot, "src/cli/main.ts"), "-H", d.host, ...args],
    opts,
  );
}

/** Runs the real docker CLI against a test daemon. */
export function docker(d: TestDaemon, args: string[], opts: { input?: string | Buffer } = {}) {
  return run("docker", ["-H", d.host, ...args], {
    ...opts,
    env: { DOCKER_CONFIG: path.join(d.dir, "docker-config") },
  });
}

/**
 * Removes everything a test daemon made, even when the test failed half-way: its
 * containers (through the API while it runs), then anything left behind by hand (runtime
 * state, mounts, cgroups), then its directories.
 */
async function cleanupDaemon(d: TestDaemon): Promise<void> {
  if (d.proc.exitCode === null && d.proc.signalCode === null) {
    try {
      const list = await d.client.json<{ Id: string }[]>("GET", "/containers/json", { query: { all: "1" } });
      await Promise.all(
        list.map((c) =>
          d.client.ok("DELETE", `/containers/${c.Id}`, { query: { force: "1" } }).catch(() => {}),
        ),
      );
    } catch {
      // the daemon is unhealthy: the sweep below still cleans up
    }
  }
  await d.stop();
  const { readdir, readFile: rf, rmdir } = await import("node:fs/promises");
  const runtimeRoot = path.join(d.execRoot, "runtime", "runc");
  const ids: string[] = [];
  try {
    ids.push(...(await readdir(runtimeRoot)));
  } catch {
    // no container ever ran
  }
  for (const id of ids) await run("runc", ["--root", runtimeRoot, "delete", "--force", id]);
  // Monitors left behind: an exec's, waiting for an attach its killed berthd never made.
  const { monitorsOf } = await import("./invariants.ts");
  for (const m of monitorsOf(d.execRoot)) {
    try {
      process.kill(m.pid, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
  const mounts = (await rf("/proc/self/mountinfo", "utf8"))
    .split("\n")
    .map((l) => l.split(" ")[4])
    .filter((m) => m?.startsWith(d.dir))
    .sort((a, b) => b.length - a.length);
  for (const m of mounts) await run("umount", ["-l", m]);
  try {
    for (const id of await readdir(path.join(d.dataRoot, "containers"))) {
      for (const ctrl of await readdir("/sys/fs/cgroup")) {
        await rmdir(path.join("/sys/fs/cgroup", ctrl, "berth", id)).catch(() => {});
      }
    }
  } catch {
    // no containers dir
  }
  await rm(d.dir, { recursive: true, force: true });
}
