// The engines under test, each started on the benchmark's own temporary directories and
// stopped and removed again by the Cleanup it is given: berthd; Debian's dockerd with a
// containerd of its own; podman's storage and flags; a bare runc bundle.

import { createReadStream, existsSync, readdirSync } from "node:fs";
import { chmod, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { EngineClient } from "../../src/client/client.ts";
import {
  convertSeccompProfile,
  DEFAULT_CAPABILITIES,
  hostSeccompArch,
  loadDefaultSeccompProfile,
} from "../../src/runtime/oci-spec.ts";
import { readHostRlimits } from "../../src/runtime/rlimits.ts";
import type { Cleanup } from "./cleanup.ts";
import { alive, basename, mustRun, pidsWhere, run, spawnDaemon, stopProcess, waitFor } from "./proc.ts";

export const repoRoot = path.resolve(import.meta.dirname, "../..");

/** A busybox rootfs from Debian's busybox-static, as a directory and as a tar of it. */
export async function makeBusybox(dir: string): Promise<{ rootfs: string; tar: string }> {
  const rootfs = path.join(dir, "rootfs");
  for (const d of ["bin", "etc", "tmp", "root"]) await mkdir(path.join(rootfs, d), { recursive: true });
  await chmod(path.join(rootfs, "tmp"), 0o1777);
  await writeFile(path.join(rootfs, "bin/busybox"), await readFile("/bin/busybox"), { mode: 0o755 });
  const applets = (await mustRun("/bin/busybox", ["--list"])).stdout.split("\n").filter(Boolean);
  for (const a of applets) if (a !== "busybox") await symlink("busybox", path.join(rootfs, "bin", a));
  await writeFile(path.join(rootfs, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
  await writeFile(path.join(rootfs, "etc/group"), "root:x:0:\n");
  const tar = path.join(dir, "busybox.tar");
  await mustRun("tar", ["-C", rootfs, "--numeric-owner", "-cf", tar, "."]);
  return { rootfs, tar };
}

/** `docker import` through the Engine API: the same request for berthd and dockerd. */
export async function importImage(
  client: EngineClient,
  tar: string,
  name = "busybox:latest",
  changes: string[] = ['CMD ["sh"]'],
): Promise<string> {
  const [repo, tag] = name.split(":");
  let id = "";
  await client.jsonStream(
    "POST",
    "/images/create",
    { query: { fromSrc: "-", repo, tag, changes }, stream: createReadStream(tar) },
    (m) => {
      if (m.status) id = m.status.trim();
    },
  );
  return id;
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

/** Force-removes every container an engine still lists, through its API. */
async function removeAllContainers(client: EngineClient): Promise<void> {
  const list = await client.json<{ Id: string }[]>("GET", "/containers/json", { query: { all: true } });
  await Promise.all(list.map((c) => client.ok("DELETE", `/containers/${c.Id}`, { query: { force: true } })));
}

/** `runc delete --force` of what is left in a runtime root (only `ids` when given). */
export async function forceDeleteRuncContainers(root: string, ids?: Set<string>): Promise<void> {
  if (!existsSync(root)) return;
  for (const id of readdirSync(root)) {
    if (!ids || ids.has(id)) await run("runc", ["--root", root, "delete", "--force", id]);
  }
}

export interface Daemon {
  name: string;
  host: string;
  socket: string;
  client: EngineClient;
  /** The daemon's own processes (berthd; dockerd + containerd). */
  daemonPids(): number[];
  /** The per-container processes (berth-monitor; containerd-shim). */
  monitorPids(): number[];
  log: string;
}

async function waitForSocket(
  name: string,
  socket: string,
  proc: import("node:child_process").ChildProcess,
  log: string,
) {
  const exited = new Promise<never>((_, reject) =>
    proc.once("exit", async (code) =>
      reject(
        new Error(
          `${name} exited with ${code} during start-up: ${(await readFile(log, "utf8")).trim().split("\n").slice(-3).join(" | ")}`,
        ),
      ),
    ),
  );
  exited.catch(() => {});
  await Promise.race([waitFor(`${name} to answer /_ping on ${socket}`, () => ping(socket), 60_000), exited]);
}

/**
 * berthd on `dir`/data, `dir`/run, `dir`/berthd.sock. `networkArgs` replace the default
 * `--bridge=none` (e.g. `--bip` for a default bridge inside a benchmark's own netns).
 */
export async function startBerthd(
  dir: string,
  cleanup: Cleanup,
  networkArgs: string[] = ["--bridge=none"],
): Promise<Daemon> {
  const dataRoot = path.join(dir, "data");
  const execRoot = path.join(dir, "run");
  const socket = path.join(dir, "berthd.sock");
  const log = path.join(dir, "berthd.log");
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "daemon.json"), "{}\n");
  const proc = spawnDaemon(
    path.join(repoRoot, "bin/berthd"),
    [
      "-H",
      `unix://${socket}`,
      "--data-root",
      dataRoot,
      "--exec-root",
      execRoot,
      "--config-file",
      path.join(dir, "daemon.json"),
      // By default as the reference dockerd here: no default bridge, so both give a container
      // a loopback-only namespace (bench/network.ts passes bridges, inside a netns of its own).
      ...networkArgs,
    ],
    log,
  );
  const client = new EngineClient(`unix://${socket}`);
  cleanup.add("stop berthd", async () => {
    await stopProcess(proc);
    await forceDeleteRuncContainers(path.join(execRoot, "runtime", "runc"));
  });
  cleanup.add("remove berth's containers", async () => {
    if (alive(proc)) await removeAllContainers(client);
  });
  await waitForSocket("berthd", socket, proc, log);
  return {
    name: "berthd",
    host: `unix://${socket}`,
    socket,
    client,
    log,
    daemonPids: () => (alive(proc) && proc.pid ? [proc.pid] : []),
    monitorPids: () =>
      pidsWhere((argv) => basename(argv[0]) === "berth-monitor" && argv.some((a) => a.startsWith(execRoot))),
  };
}

/**
 * Debian's dockerd with a containerd of its own (config, root, state and socket under `dir`),
 * by default no bridge and no iptables rules: nothing on the host's network changes. Other
 * `networkArgs` (a bridge, iptables, docker-proxy) are for a process inside its own netns
 * (bench/lib/netns.ts) only.
 */
export async function startDockerd(
  dir: string,
  cleanup: Cleanup,
  networkArgs: string[] = ["--bridge=none", "--iptables=false", "--ip6tables=false"],
): Promise<Daemon> {
  const ctrDir = path.join(dir, "containerd");
  const ctrSocket = path.join(ctrDir, "containerd.sock");
  const dataRoot = path.join(dir, "data");
  const execRoot = path.join(dir, "run");
  const socket = path.join(dir, "docker.sock");
  await mkdir(ctrDir, { recursive: true });
  // As dockerd's own supervised containerd: no CRI plugin. The opt plugin would use /opt/containerd.
  await writeFile(
    path.join(ctrDir, "config.toml"),
    [
      "version = 2",
      `root = ${JSON.stringify(path.join(ctrDir, "root"))}`,
      `state = ${JSON.stringify(path.join(ctrDir, "state"))}`,
      'disabled_plugins = ["io.containerd.grpc.v1.cri"]',
      "[grpc]",
      `  address = ${JSON.stringify(ctrSocket)}`,
      "[ttrpc]",
      `  address = ${JSON.stringify(`${ctrSocket}.ttrpc`)}`,
      '[plugins."io.containerd.internal.v1.opt"]',
      `  path = ${JSON.stringify(path.join(ctrDir, "opt"))}`,
      "",
    ].join("\n"),
  );
  const ctrLog = path.join(dir, "containerd.log");
  const containerd = spawnDaemon("containerd", ["--config", path.join(ctrDir, "config.toml")], ctrLog);
  cleanup.add("stop containerd", async () => {
    await stopProcess(containerd);
    await forceDeleteRuncContainers(path.join(execRoot, "runtime-runc", "moby"));
  });
  await waitFor("containerd's socket", () => existsSync(ctrSocket) || !alive(containerd), 60_000);
  if (!alive(containerd)) throw new Error(`containerd exited during start-up; see ${ctrLog}`);

  // The daemon.json keeps dockerd off /etc/docker/daemon.json and its trust key off /etc/docker.
  await writeFile(
    path.join(dir, "daemon.json"),
    `${JSON.stringify({ "deprecated-key-path": path.join(dir, "key.json") })}\n`,
  );
  const log = path.join(dir, "dockerd.log");
  const proc = spawnDaemon(
    "dockerd",
    [
      "-H",
      `unix://${socket}`,
      "--data-root",
      dataRoot,
      "--exec-root",
      execRoot,
      "--pidfile",
      path.join(dir, "dockerd.pid"),
      "--config-file",
      path.join(dir, "daemon.json"),
      "--containerd",
      ctrSocket,
      ...networkArgs,
    ],
    log,
  );
  // dockerd 20.10 speaks API 1.41 at most.
  const client = new EngineClient(`unix://${socket}`, "1.41");
  cleanup.add("stop dockerd", () => stopProcess(proc));
  cleanup.add("remove docker's containers", async () => {
    if (alive(proc)) await removeAllContainers(client);
  });
  await waitForSocket("dockerd", socket, proc, log);
  return {
    name: "dockerd",
    host: `unix://${socket}`,
    socket,
    client,
    log,
    daemonPids: () => [proc, containerd].filter(alive).map((p) => p.pid!),
    monitorPids: () =>
      pidsWhere((argv) => basename(argv[0]).startsWith("containerd-shim") && argv.includes(ctrSocket)),
  };
}

/** podman's global flags: storage, run state, temp files and network config all under `dir`. */
export function podmanGlobalArgs(dir: string): string[] {
  return [
    "--root",
    path.join(dir, "root"),
    "--runroot",
    path.join(dir, "runroot"),
    "--tmpdir",
    path.join(dir, "tmp"),
    "--network-config-dir",
    path.join(dir, "net"),
    "--storage-driver",
    "overlay",
    // no systemd here; crun refuses this machine's hybrid cgroups (DESIGN.md, Known traps)
    "--cgroup-manager",
    "cgroupfs",
    "--events-backend",
    "file",
    "--runtime",
    "runc",
  ];
}

/** podman keeps its runc state in runc's default root; its container IDs name the entries. */
export async function cleanupPodman(dir: string): Promise<void> {
  await run("podman", [...podmanGlobalArgs(dir), "rm", "--all", "--force", "--time", "0"]);
  const containers = path.join(dir, "root", "overlay-containers");
  if (existsSync(containers)) await forceDeleteRuncContainers("/run/runc", new Set(readdirSync(containers)));
}

/** The conmon processes of the podman storage under `dir`. */
export function conmonPids(dir: string): number[] {
  return pidsWhere((argv) => basename(argv[0]) === "conmon" && argv.some((a) => a.startsWith(dir)));
}

/**
 * An OCI bundle from `runc spec`, edited: no terminal, `true`, the shared rootfs, no rlimit
 * above the host's hard limit. Its namespaces (network included) stay as runc makes them.
 */
export async function makeRuncBundle(
  dir: string,
  rootfs: string,
  opts: { seccomp?: boolean } = {},
): Promise<string> {
  await mkdir(dir, { recursive: true });
  await mustRun("runc", ["spec", "--bundle", dir]);
  const file = path.join(dir, "config.json");
  const spec = JSON.parse(await readFile(file, "utf8"));
  const host = await readHostRlimits();
  spec.process.terminal = false;
  spec.process.args = ["true"];
  spec.root = { path: rootfs, readonly: true };
  spec.process.rlimits = (spec.process.rlimits ?? []).filter(
    (r: { type: string; hard: number; soft: number }) =>
      !host[r.type] || (r.hard <= host[r.type]!.hard && r.soft <= host[r.type]!.hard),
  );
  if (opts.seccomp) {
    // Docker's default profile, as every berth and docker container gets it: compiling it
    // is part of every start, so the fair floor for an engine includes it.
    spec.linux.seccomp = convertSeccompProfile(loadDefaultSeccompProfile(), {
      capabilities: DEFAULT_CAPABILITIES,
      arch: hostSeccompArch(),
      kernelVersion: os.release(),
    });
  }
  await writeFile(file, `${JSON.stringify(spec, null, 2)}\n`);
  return dir;
}
