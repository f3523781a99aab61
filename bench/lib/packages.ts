// What a benchmark needs installed: commands found on PATH, Debian packages added when
// missing, without letting their services start.
import { existsSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { mustRun, run } from "./proc.ts";

export async function which(cmd: string): Promise<string | undefined> {
  const r = await run("sh", ["-c", `command -v ${cmd}`]);
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/** The docker CLI (a client only on this machine's kind), wherever it is installed. */
export async function dockerCliPath(): Promise<string> {
  return (await which("/usr/local/bin/docker")) ?? (await which("docker")) ?? "docker";
}

/**
 * Installs the Debian packages whose command is missing ([command, package] pairs) and the
 * `packages` that are not installed, without letting their services start: docker.io's
 * postinst would start a system dockerd, which sets up docker0 and iptables rules on the host.
 */
export async function ensurePackages(wanted: [string, string][], packages: string[] = []): Promise<void> {
  const missing = new Set<string>();
  for (const [bin, pkg] of wanted) if (!(await which(bin))) missing.add(pkg);
  for (const pkg of packages) {
    const st = await run("dpkg-query", ["--status", pkg]);
    if (!st.stdout.includes("install ok installed")) missing.add(pkg);
  }
  if (!missing.size) return;
  console.error(`installing: ${[...missing].join(" ")}`);
  const policy = "/usr/sbin/policy-rc.d";
  const ownPolicy = !existsSync(policy);
  if (ownPolicy) await writeFile(policy, "#!/bin/sh\nexit 101\n", { mode: 0o755 });
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    await mustRun("apt-get", ["update", "-qq"], { env, timeoutMs: 600_000 });
    await mustRun("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], {
      env,
      timeoutMs: 900_000,
    });
  } finally {
    if (ownPolicy) await rm(policy, { force: true });
  }
  const pg = await run("pgrep", ["-x", "dockerd"]);
  if (pg.code === 0)
    console.error(`warning: a dockerd is running (pid ${pg.stdout.trim()}): the package started one`);
}
