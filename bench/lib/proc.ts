// Processes for the benchmarks: running a command and timing it, starting a daemon in its own
// session, finding processes by their command line, and reading their memory from /proc.
import { type ChildProcess, spawn } from "node:child_process";
import { openSync, readdirSync, readFileSync } from "node:fs";

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to the process's exit with its output closed. */
  ms: number;
}

/** Runs a command to its end, capturing its output; never rejects for a non-zero exit. */
export function run(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const p = spawn(cmd, args, {
      stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      env: opts.env ?? process.env,
      timeout: opts.timeoutMs ?? 120_000,
    });
    let stdout = "";
    let stderr = "";
    p.stdout?.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    p.stderr?.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    p.on("error", reject);
    p.on("close", (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - start }));
    if (opts.input !== undefined) p.stdin?.end(opts.input);
  });
}

/** Like `run`, but a non-zero exit is an error that carries the command's last words. */
export async function mustRun(cmd: string, args: string[], opts: Parameters<typeof run>[2] = {}) {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${exitText(r)}): ${lastLine(r)}`);
  return r;
}

export function exitText(r: RunResult): string {
  return r.signal ? `signal ${r.signal}` : `exit ${r.code}`;
}

/** The most telling line of a failed command: its last non-empty line of stderr, else stdout. */
export function lastLine(r: { stdout: string; stderr: string }): string {
  const lines = (r.stderr.trim() || r.stdout.trim()).split("\n").filter((l) => l.trim());
  return lines.at(-1)?.trim() ?? "(no output)";
}

/**
 * Starts a daemon in its own session, so that a Ctrl-C in the terminal reaches only the
 * benchmark, which then removes the daemon's containers through it before stopping it.
 */
export function spawnDaemon(
  cmd: string,
  args: string[],
  logFile: string,
  env?: NodeJS.ProcessEnv,
): ChildProcess {
  const log = openSync(logFile, "a");
  const p = spawn(cmd, args, { detached: true, stdio: ["ignore", log, log], env: env ?? process.env });
  p.unref();
  return p;
}

export function alive(p: ChildProcess): boolean {
  return p.exitCode === null && p.signalCode === null;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
export async function stopProcess(p: ChildProcess, graceMs = 15_000): Promise<void> {
  if (!alive(p)) return;
  const exited = new Promise<void>((resolve) => p.once("exit", () => resolve()));
  p.kill("SIGTERM");
  const timer = setTimeout(() => p.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Polls until `fn` yields a truthy value; fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The pids whose argv matches `pred` (argv[0] as the process gave it). */
export function pidsWhere(pred: (argv: string[]) => boolean): number[] {
  const out: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
      if (argv.length && pred(argv)) out.push(pid);
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

export function basename(p: string | undefined): string {
  return (p ?? "").split("/").at(-1) ?? "";
}

function kbField(file: string, field: string): number {
  const m = readFileSync(file, "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
  return m ? Number(m[1]) : 0;
}

export interface Memory {
  /** Sum of VmRSS, kB: shared pages count once per process. */
  rssKb: number;
  /** Sum of Pss, kB: shared pages split between the processes that map them. */
  pssKb: number;
  pids: number[];
}

/** The memory of a set of processes, from /proc/<pid>/status and smaps_rollup. */
export function memoryOf(pids: number[]): Memory {
  let rssKb = 0;
  let pssKb = 0;
  const seen: number[] = [];
  for (const pid of pids) {
    try {
      rssKb += kbField(`/proc/${pid}/status`, "VmRSS");
      pssKb += kbField(`/proc/${pid}/smaps_rollup`, "Pss");
      seen.push(pid);
    } catch {
      // the process ended while we looked
    }
  }
  return { rssKb, pssKb, pids: seen };
}
