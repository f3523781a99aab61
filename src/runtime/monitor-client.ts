// berthd's side of berth-monitor (native/monitor/berth-monitor.c): starting one for a container
// or an exec, attaching to its socket, and reading the exit status it leaves behind.

import { spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { closeSync, openSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { errno, InvalidParameterError, SystemError } from "../errdefs/errors.ts";
import { encodeFrame, encodeResize, FrameDecoder, FrameType } from "./monitor-frame.ts";

export const DEFAULT_MONITOR_BINARY = fileURLToPath(new URL("../../build/berth-monitor", import.meta.url));

export interface MonitorLogOptions {
  /** The log file, appended to; journald's native socket for journald. */
  path: string;
  /**
   * Docker's json-file (JSON lines, the default), local (length-framed protobuf records) or
   * journald (a datagram per entry, `attrs` its fields).
   */
  driver?: "json-file" | "local" | "journald";
  /** Gzip each rotated file (FILE.1.gz, …), as Docker's `compress`. */
  compress?: boolean;
  /** Extra attributes written with every entry (json-file's `attrs`, local's LogAttr). */
  attrs?: [string, string][];
  /** Rotate once the file reaches this many bytes (Docker's max-size); unset: never. */
  maxSize?: number;
  /** Files kept, the live one included (Docker's max-file); default 1. */
  maxFiles?: number;
}

export interface MonitorOptions {
  /** Path of the OCI runtime binary (runc, crun). */
  runtime: string;
  /** The runtime's --root state directory. */
  runtimeRoot: string;
  /** The container's ID in the runtime. */
  id: string;
  /** The OCI bundle; required for a container, unused for an exec. */
  bundle?: string;
  /** The monitor's own directory: monitor.json, error, exit.json, attach.sock. */
  stateDir: string;
  /** Must match process.terminal of the bundle's config.json or of the exec's process file. */
  tty?: boolean;
  /** Give the process a stdin pipe (else /dev/null) that attach clients write to. */
  stdin?: boolean;
  /** Hold the output unread until the first attach client connects (exec, `run -a`). */
  attachWait?: boolean;
  /** Create and start in one runtime call (`run --detach`) instead of leaving it created. */
  start?: boolean;
  log?: MonitorLogOptions;
  /** Run `runtime exec` of this process.json in the running container `id`, instead of create. */
  exec?: { processFile: string };
  /** Global runtime options placed before the subcommand, e.g. ["--systemd-cgroup"]. */
  runtimeArgs?: string[];
  /** The berth-monitor binary; default build/berth-monitor. */
  binary?: string;
}

export interface MonitorStarted {
  monitorPid: number;
  /** The container's init (or the exec'd process) as seen from the host. */
  containerPid: number;
}

export interface MonitorExit {
  /** The status, or 128 + signal, as Docker reports it. */
  exitCode: number;
  signal: number | null;
  finishedAt: string;
  /** Always false from the monitor: berthd knows OOM from the cgroup. */
  oomKilled: boolean;
}

export function monitorArgs(opts: MonitorOptions): string[] {
  const args = ["--runtime", opts.runtime, "--runtime-root", opts.runtimeRoot, "--id", opts.id];
  args.push("--state-dir", opts.stateDir);
  if (opts.bundle !== undefined) args.push("--bundle", opts.bundle);
  if (opts.tty) args.push("--tty");
  if (opts.stdin) args.push("--stdin");
  if (opts.attachWait) args.push("--attach-wait");
  if (opts.start) args.push("--start");
  if (opts.log) {
    args.push("--log-path", opts.log.path);
    if (opts.log.maxSize !== undefined) args.push("--log-max-size", String(opts.log.maxSize));
    if (opts.log.maxFiles !== undefined) args.push("--log-max-files", String(opts.log.maxFiles));
    if (opts.log.driver === "local" || opts.log.driver === "journald")
      args.push("--log-driver", opts.log.driver);
    if (opts.log.compress) args.push("--log-compress");
    for (const [k, v] of opts.log.attrs ?? []) args.push("--log-attr", `${k}=${v}`);
  }
  if (opts.exec) args.push("--exec", "--process", opts.exec.processFile);
  for (const a of opts.runtimeArgs ?? []) args.push("--runtime-arg", a);
  return args;
}

function validate(opts: MonitorOptions): void {
  const what = opts.exec ? `exec in container ${opts.id}` : `container ${opts.id}`;
  if (!opts.id) throw new InvalidParameterError("Cannot start a monitor: the container ID is empty");
  if (!opts.exec && !opts.bundle) throw new InvalidParameterError(`Cannot start ${what}: no bundle given`);
  const positive = (n: number | undefined) => n === undefined || (Number.isSafeInteger(n) && n > 0);
  if (!positive(opts.log?.maxSize)) {
    throw new InvalidParameterError(`Cannot start ${what}: log max-size must be a positive number of bytes`);
  }
  if (!positive(opts.log?.maxFiles) || (opts.log?.maxFiles ?? 1) > 1000) {
    throw new InvalidParameterError(`Cannot start ${what}: log max-file must be between 1 and 1000`);
  }
  for (const [k] of opts.log?.attrs ?? []) {
    if (k === "" || k.includes("=")) {
      throw new InvalidParameterError(
        `Cannot start ${what}: log attribute name ${JSON.stringify(k)} is empty or holds "="`,
      );
    }
  }
  if ((opts.log?.attrs?.length ?? 0) > 64) {
    throw new InvalidParameterError(`Cannot start ${what}: more than 64 log attributes`);
  }
}

/**
 * Starts a monitor and resolves once the runtime's create (or exec) has succeeded; the monitor
 * then lives on its own, past berthd's exit. Rejects with the runtime's own message otherwise.
 */
export async function startMonitor(opts: MonitorOptions): Promise<MonitorStarted> {
  validate(opts);
  // The monitor does not make its state dir (berth-monitor.c says why): it is made here.
  await mkdir(opts.stateDir, { recursive: true, mode: 0o700 });
  const binary = opts.binary ?? DEFAULT_MONITOR_BINARY;
  const step = opts.exec ? "exec" : "create";
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(binary, monitorArgs(opts), { stdio: ["ignore", "ignore", "pipe"] });
    const err: Buffer[] = [];
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => {
      const hint = errno(e) === "ENOENT" ? " (run scripts/build-native.sh)" : "";
      reject(new SystemError(`Cannot start the monitor ${binary}: ${e.message}${hint}`, { cause: e }));
    });
    child.on("close", (c) => resolve({ code: c, stderr: Buffer.concat(err).toString().trim() }));
  });
  if (code === 0) {
    const started = JSON.parse(
      await readFile(path.join(opts.stateDir, "monitor.json"), "utf8"),
    ) as MonitorStarted;
    return { monitorPid: started.monitorPid, containerPid: started.containerPid };
  }
  if (code === 1) {
    let text: string;
    try {
      text = await readFile(path.join(opts.stateDir, "error"), "utf8");
    } catch {
      text = stderr || `the monitor exited with status ${code}`;
    }
    throw runtimeError(`OCI runtime ${step} failed`, runtimeMessage(text));
  }
  throw new SystemError(`Cannot start the monitor for ${opts.id}: ${stderr || `exit status ${code}`}`);
}

/**
 * The runtime's message without its logging dress: runc prints logrus lines
 * (`time="…" level=error msg="…"`) or JSON lines with --log-format json.
 */
export function runtimeMessage(text: string): string {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const parsed = lines.map((line) => {
    const json = line.startsWith("{") ? tryJson(line) : undefined;
    if (json && typeof json.msg === "string") return { level: String(json.level ?? ""), msg: json.msg };
    const m = /^time="[^"]*" level=(\w+) msg="((?:[^"\\]|\\.)*)"/.exec(line);
    if (m) return { level: m[1], msg: unquote(m[2]) };
    return { level: "", msg: line.trim() };
  });
  const errors = parsed.filter((p) => p.level === "error" || p.level === "fatal" || p.level === "");
  return (errors.length > 0 ? errors : parsed).map((p) => p.msg).join("\n");
}

function tryJson(line: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function unquote(s: string): string {
  try {
    return JSON.parse(`"${s}"`) as string;
  } catch {
    return s.replace(/\\"/g, '"');
  }
}

/** As Docker: a command that cannot be found or run is the caller's error (400), not the engine's. */
export function runtimeError(action: string, message: string): Error {
  const full = `${action}: ${message}`;
  if (
    /exec: "[^"]*": .*(executable file not found|no such file or directory|permission denied)/i.test(message)
  ) {
    return new InvalidParameterError(full);
  }
  return new SystemError(full);
}

/** The exit status the monitor left, or undefined while the process still runs. */
export async function readExit(stateDir: string): Promise<MonitorExit | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(stateDir, "exit.json"), "utf8");
  } catch (err) {
    if (errno(err) === "ENOENT") return undefined;
    throw new SystemError(`Cannot read the exit status in ${stateDir}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return JSON.parse(text) as MonitorExit;
}

interface AttachEvents {
  stdout: [Buffer];
  stderr: [Buffer];
  exit: [number];
  close: [];
  error: [Error];
}

const STDIN_CHUNK = 64 * 1024;

/** One client of a monitor's attach socket. The monitor sends output from connection on. */
export class AttachConnection extends EventEmitter<AttachEvents> {
  readonly #socket: net.Socket;
  readonly #decoder = new FrameDecoder();
  #exitCode: number | undefined;
  #closed = false;
  readonly #done: Promise<number>;

  constructor(socket: net.Socket, stateDir: string) {
    super();
    this.#socket = socket;
    let settle!: { resolve: (code: number) => void; reject: (err: Error) => void };
    this.#done = new Promise<number>((resolve, reject) => (settle = { resolve, reject }));
    this.#done.catch(() => {}); // observed through wait(), or not at all
    socket.on("data", (chunk: Buffer) => {
      for (const f of this.#decoder.push(chunk)) {
        if (f.type === FrameType.stdout) this.emit("stdout", f.payload);
        else if (f.type === FrameType.stderr) this.emit("stderr", f.payload);
        else if (f.type === FrameType.exit) {
          this.#exitCode = Number(f.payload.toString());
          this.emit("exit", this.#exitCode);
          settle.resolve(this.#exitCode);
        }
      }
    });
    socket.on("error", (err) => {
      if (this.listenerCount("error") > 0) this.emit("error", err);
    });
    socket.on("close", () => {
      this.#closed = true;
      if (this.#exitCode === undefined) {
        settle.reject(
          new SystemError(
            `Cannot get the exit status from ${stateDir}: the monitor closed the attach socket`,
          ),
        );
      }
      this.emit("close");
    });
  }

  /** Resolves with the exit code once the monitor reports it. */
  wait(): Promise<number> {
    return this.#done;
  }

  get exitCode(): number | undefined {
    return this.#exitCode;
  }

  writeStdin(data: Uint8Array | string): boolean {
    const buf = typeof data === "string" ? Buffer.from(data) : data;
    let flushed = true;
    for (let i = 0; i < buf.length; i += STDIN_CHUNK) {
      flushed = this.#write(encodeFrame(FrameType.stdin, buf.subarray(i, i + STDIN_CHUNK)));
    }
    return flushed;
  }

  closeStdin(): void {
    this.#write(encodeFrame(FrameType.closeStdin));
  }

  resize(rows: number, cols: number): void {
    const u16 = (n: number) => Number.isInteger(n) && n >= 0 && n <= 0xffff;
    if (!u16(rows) || !u16(cols)) throw new InvalidParameterError(`Cannot resize the tty to ${rows}x${cols}`);
    this.#write(encodeResize(rows, cols));
  }

  close(): void {
    this.#socket.destroy();
  }

  /** The socket, for piping and backpressure ('drain'). */
  get socket(): net.Socket {
    return this.#socket;
  }

  #write(frame: Buffer): boolean {
    if (this.#closed) return false;
    return this.#socket.write(frame);
  }
}

// sun_path holds 107 bytes; longer state dirs are reached through a directory fd.
const SUN_PATH_MAX = 107;

/** Connects to the monitor's attach socket in stateDir. */
export async function connectAttach(stateDir: string): Promise<AttachConnection> {
  const direct = path.join(stateDir, "attach.sock");
  let dirFd: number | undefined;
  let target = direct;
  if (Buffer.byteLength(direct) > SUN_PATH_MAX) {
    try {
      dirFd = openSync(stateDir, "r");
    } catch (err) {
      throw new SystemError(`Cannot attach to ${direct}: ${(err as Error).message}`, { cause: err });
    }
    target = `/proc/self/fd/${dirFd}/attach.sock`;
  }
  try {
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect(target);
      s.once("connect", () => {
        s.removeListener("error", reject);
        resolve(s);
      });
      s.once("error", reject);
    });
    return new AttachConnection(socket, stateDir);
  } catch (err) {
    const code = errno(err);
    const cause =
      code === "ENOENT" || code === "ECONNREFUSED" ? "the monitor is not running" : (err as Error).message;
    throw new SystemError(`Cannot attach to ${direct}: ${cause}`, { cause: err });
  } finally {
    if (dirFd !== undefined) closeSync(dirFd);
  }
}

/**
 * The live monitors of container `id` (its own, and its execs'), found by their command
 * line: the ground truth after a crash, when no record may name them yet.
 */
export async function findMonitors(id: string): Promise<{ pid: number; exec: boolean }[]> {
  const out: { pid: number; exec: boolean }[] = [];
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return out;
  }
  // Read synchronously: every `rm` runs this over all of the host's processes, and a
  // cmdline read is a few µs from procfs, where the same reads one by one through the
  // thread pool took 30–600 ms in all on a busy 2-CPU host (bench/network.ts's profile).
  for (const p of pids) {
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${p}/cmdline`, "utf8").split("\0");
    } catch {
      continue;
    }
    if (!argv[0]?.endsWith("berth-monitor")) continue;
    const i = argv.indexOf("--id");
    if (i < 0 || argv[i + 1] !== id) continue;
    out.push({ pid: Number(p), exec: argv.includes("--exec") });
  }
  return out;
}
