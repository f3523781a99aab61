// Running a whole benchmark inside a network namespace of its own, so that the engines it
// starts (dockerd's docker0, its DOCKER chains and docker-proxy; berth's bridge, portmap and
// masquerade rules) never touch the host's links and rules, which other people's tests on the
// same machine compare before and after.
//
// The script re-runs itself under `nsenter --net` rather than `ip netns exec`: the latter
// also gives the process a mount namespace with a fresh /sys, which hides /sys/fs/cgroup from
// runc and dockerd, and keeps the engines' mounts out of the sweep that unmounts them.
import { spawn } from "node:child_process";
import { run } from "./proc.ts";

const ENV = "BERTH_BENCH_NETNS";

/** The netns this process runs in when it is the re-run inside one, else undefined. */
export function benchNetns(): string | undefined {
  return process.env[ENV];
}

/**
 * In the outer process: makes netns `<prefix>-<pid>` (loopback up), runs this same script
 * inside it, then kills whatever is still in the netns, deletes it and exits with the inner
 * run's status. In the inner process: returns at once.
 */
export async function reexecInNetns(prefix: string): Promise<void> {
  if (benchNetns()) return;
  if (process.getuid?.() !== 0)
    throw new Error("Cannot run the benchmark: it starts container engines in a netns, run it as root");
  const name = `${prefix}-${process.pid}`;
  const add = await run("ip", ["netns", "add", name]);
  if (add.code !== 0) throw new Error(`Cannot create netns ${name}: ${add.stderr.trim()}`);
  let code = 1;
  try {
    const up = await run("ip", ["-n", name, "link", "set", "lo", "up"]);
    if (up.code !== 0) throw new Error(`Cannot bring lo up in netns ${name}: ${up.stderr.trim()}`);
    console.error(`running in netns ${name}`);
    const child = spawn(
      "nsenter",
      [`--net=/run/netns/${name}`, "--", process.execPath, ...process.execArgv, ...process.argv.slice(1)],
      { stdio: "inherit", env: { ...process.env, [ENV]: name } },
    );
    // A terminal's Ctrl-C reaches the inner run too (same process group): it cleans up and
    // exits, and this process waits for it. A signal sent to this process alone is passed on.
    const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
    for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, forward(sig));
    code = await new Promise<number>((resolve) =>
      child.on("exit", (c, sig) => resolve(c ?? (sig ? 128 + 15 : 1))),
    );
  } finally {
    await removeNetns(name);
  }
  process.exit(code);
}

/** SIGKILLs what is left in the netns (only this benchmark's processes can be in it), deletes it. */
async function removeNetns(name: string): Promise<void> {
  const pids = (await run("ip", ["netns", "pids", name])).stdout.split(/\s+/).filter(Boolean).map(Number);
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  if (pids.length) console.error(`netns ${name}: killed processes left in it: ${pids.join(" ")}`);
  const del = await run("ip", ["netns", "del", name]);
  if (del.code !== 0) console.error(`cleanup: ip netns del ${name} failed: ${del.stderr.trim()}`);
  // The engines must not have reached the host: say so if a docker0 or DOCKER chain is there.
  const link = await run("ip", ["link", "show", "docker0"]);
  if (link.code === 0) console.error("warning: a docker0 link exists in the host's netns");
  const rules = await run("iptables-save", []);
  if (/^:DOCKER/m.test(rules.stdout)) console.error("warning: DOCKER chains exist in the host's iptables");
}
