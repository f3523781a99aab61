/**
 * The container commands that stream: run, create, start, attach, exec and logs, with the
 * requests in the order the docker CLI sends them (create, attach, wait, start, resize).
 */
import { open, unlink } from "node:fs/promises";
import { isIP } from "node:net";
import { ApiError, type EngineClient, readAll } from "../../client/client.ts";
import { InvalidParameterError } from "../../errdefs/errors.ts";
import {
  familiarString,
  looksLikeImageId,
  parseNormalizedNamed,
  type Reference,
  tagNameOnly,
} from "../../image/reference.ts";
import type { ExecInspect } from "../../types/container.ts";
import { configDir, registryAuthHeader } from "../auth-config.ts";
import { type CliContext, CliError, type Command, list, str, writeLine } from "../command.ts";
import type { FlagValues } from "../flags.ts";
import { discard, displayJsonMessagesStream, type ProgressSink } from "../progress.ts";
import {
  checkTty,
  DetachedError,
  forwardSignals,
  monitorTtySize,
  StdcopyDemuxer,
  streamHijacked,
  ttySize,
} from "../stream.ts";
import {
  type CreateBody,
  containerFlags,
  createOnlyFlags,
  goOpenError,
  parseContainerOptions,
  parseGoDuration,
  parseKeyValueFile,
  processEnv,
  runOnlyFlags,
  validateEnv,
} from "./container-opts.ts";

/** The text after "Error response from daemon: " for API errors, the message otherwise. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return `Error response from daemon: ${err.message}`;
  return (err as Error)?.message ?? String(err);
}

/** docker's reportError: "berth: <msg>." and, for usage errors, where to get help. */
export function runErrorMessage(command: string, msg: string, withHelp: boolean): string {
  let s = `${msg.replace(/\.$/, "")}.`;
  if (withHelp) s += `\nSee 'berth ${command} --help'.`;
  return `berth: ${s}`;
}

/**
 * runStartContainerErr: 127 when the command was not found, 126 when it could not be
 * invoked, 125 for any other failure of the daemon.
 */
export function startErrorExitCode(message: string): number {
  const m = message.replace(/^Error response from daemon: /, "");
  if (
    m.includes("executable file not found") ||
    m.includes("no such file or directory") ||
    m.includes("system cannot find the file specified")
  ) {
    return 127;
  }
  if (m.includes("permission denied") || m.includes("is a directory")) return 126;
  return 125;
}

// ─── wait ────────────────────────────────────────────────────────────────────────────────────

interface WaitResult {
  StatusCode: number;
  Error: { Message: string } | null;
}

interface PendingWait {
  /** The exit status as `run` reports it (125 when waiting failed). */
  status: Promise<number>;
  abort(): void;
}

/**
 * `POST /containers/{id}/wait?condition=…`: resolves once the daemon has answered with its
 * headers (it does at once), so a start after it cannot be missed.
 */
async function waitExitOrRemoved(
  ctx: CliContext,
  id: string,
  condition: string | undefined,
): Promise<PendingWait> {
  const ac = new AbortController();
  let aborted = false;
  const report = (msg: string) => {
    if (!aborted) writeLine(ctx.stderr, msg);
    return 125;
  };
  try {
    const res = await ctx.client.call("POST", `/containers/${encodeURIComponent(id)}/wait`, {
      query: { condition },
      signal: ac.signal,
    });
    const status = readAll(res.body).then(
      (buf) => {
        const r = JSON.parse(buf.toString("utf8")) as WaitResult;
        if (r.Error?.Message) return report(`Error waiting for container: ${r.Error.Message}`);
        return r.StatusCode;
      },
      (err) => report(`error waiting for container: ${(err as Error).message}`),
    );
    return {
      status,
      abort: () => {
        aborted = true;
        res.body.destroy();
      },
    };
  } catch (err) {
    return {
      status: Promise.resolve(report(`error waiting for container: ${errorText(err)}`)),
      abort: () => {
        aborted = true;
      },
    };
  }
}

// ─── create ──────────────────────────────────────────────────────────────────────────────────

/**
 * The pull `run` and `create` do for a missing image: docker's output on stderr (bars on a
 * terminal), the stored credentials of the image's registry, and a failure in the stream
 * failing the command with the daemon's text.
 */
async function pullImage(
  ctx: CliContext,
  image: string,
  platform: string | undefined,
  quiet: boolean,
): Promise<void> {
  const ref = parseNormalizedNamed(image);
  const res = await ctx.client.call("POST", "/images/create", {
    query: {
      fromImage: `${ref.domain}/${ref.path}`,
      platform: platform?.toLowerCase(),
      tag: ref.digest ?? ref.tag ?? "latest",
    },
    headers: { "X-Registry-Auth": await registryAuthHeader(ref, configDir(ctx.configDir)) },
  });
  await displayJsonMessagesStream(res.body, quiet ? discard : (ctx.stderr as ProgressSink));
}

interface CreateOptions {
  name?: string;
  platform?: string;
  pull: string;
  quiet: boolean;
}

function isLoopback(ip: string): boolean {
  if (isIP(ip) === 4) return ip.startsWith("127.");
  return isIP(ip) === 6 && /^(0*:)*:?0*1$/.test(ip);
}

/** createContainer: the cidfile, the pull policy, the create request and its warnings. */
export async function createContainer(
  ctx: CliContext,
  body: CreateBody,
  opts: CreateOptions,
): Promise<string> {
  const cidPath: string = body.HostConfig.ContainerIDFile;
  let cid: Awaited<ReturnType<typeof open>> | undefined;
  let written = false;
  if (cidPath) {
    try {
      cid = await open(cidPath, "wx");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST") {
        throw new Error(
          `container ID file found, make sure the other container isn't running or delete ${cidPath}`,
        );
      }
      throw new Error(`failed to create the container ID file: ${goOpenError(cidPath, err)}`);
    }
  }
  try {
    const image: string = body.Image;
    let named: Reference | undefined;
    if (!looksLikeImageId(image)) named = tagNameOnly(parseNormalizedNamed(image));
    if (opts.pull === "always") await pullImage(ctx, image, opts.platform, opts.quiet);
    body.HostConfig.ConsoleSize = ttySize(ctx.stdout);
    const create = () =>
      ctx.client.json<{ Id: string; Warnings: string[] | null }>("POST", "/containers/create", {
        query: { name: opts.name, platform: opts.platform },
        body,
      });
    let res: { Id: string; Warnings: string[] | null };
    try {
      res = await create();
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404 && named && opts.pull === "missing")) throw err;
      if (!opts.quiet) writeLine(ctx.stderr, `Unable to find image '${familiarString(named)}' locally`);
      await pullImage(ctx, image, opts.platform, opts.quiet);
      res = await create();
    }
    const warnings = [...(res.Warnings ?? [])];
    const dns: string[] = body.HostConfig.Dns ?? [];
    const loopback = dns.find(isLoopback);
    if (loopback) warnings.push(`Localhost DNS (${loopback}) may fail in containers.`);
    for (const w of warnings) writeLine(ctx.stderr, `WARNING: ${w}`);
    if (cid) {
      await cid.write(res.Id);
      written = true;
    }
    return res.Id;
  } finally {
    if (cid) {
      await cid.close();
      if (!written) await unlink(cidPath).catch(() => {});
    }
  }
}

function validatePull(pull: string): void {
  if (!["always", "missing", "never", ""].includes(pull)) {
    throw new InvalidParameterError(
      `invalid pull option: '${pull}': must be one of "always", "missing" or "never"`,
    );
  }
}

function createOptions(flags: FlagValues): CreateOptions {
  return {
    name: str(flags, "name"),
    platform: str(flags, "platform"),
    pull: (flags.pull as string | undefined) ?? "missing",
    quiet: Boolean(flags.quiet),
  };
}

const create: Command = {
  name: "create",
  aliases: ["container create"],
  usage: "create [OPTIONS] IMAGE [COMMAND] [ARG...]",
  description: "Create a new container",
  interspersed: false,
  minArgs: 1,
  flags: [...createOnlyFlags, ...containerFlags],
  async run(ctx, flags, [image, ...cmd]) {
    let body: CreateBody;
    try {
      validatePull(str(flags, "pull") ?? "");
      body = parseContainerOptions(flags, image, cmd, processEnv).body;
    } catch (err) {
      throw new CliError(`berth: ${errorText(err)}\n\nRun 'berth create --help' for more information`, 125);
    }
    let id: string;
    try {
      id = await createContainer(ctx, body, createOptions(flags));
    } catch (err) {
      if (err instanceof ApiError || err instanceof CliError) throw err;
      throw new CliError(errorText(err), 1);
    }
    writeLine(ctx.stdout, id);
    return 0;
  },
};

// ─── run ─────────────────────────────────────────────────────────────────────────────────────

function attachQuery(stdin: boolean, stdout: boolean, stderr: boolean, detachKeys?: string) {
  // Sorted as Go's url.Values.Encode sorts them.
  return {
    detachKeys: detachKeys || undefined,
    stderr: stderr ? "1" : undefined,
    stdin: stdin ? "1" : undefined,
    stdout: stdout ? "1" : undefined,
    stream: "1",
  };
}

function resizer(client: EngineClient, path: string) {
  return (h: number, w: number) => client.ok("POST", path, { query: { h, w } });
}

const run: Command = {
  name: "run",
  aliases: ["container run"],
  usage: "run [OPTIONS] IMAGE [COMMAND] [ARG...]",
  description: "Create and run a new container from an image",
  interspersed: false,
  minArgs: 1,
  flags: [...runOnlyFlags, ...createOnlyFlags, ...containerFlags],
  async run(ctx, flags, [image, ...cmd]) {
    let parsed: ReturnType<typeof parseContainerOptions>;
    try {
      validatePull(str(flags, "pull") ?? "");
      parsed = parseContainerOptions(flags, image, cmd, processEnv);
    } catch (err) {
      throw new CliError(runErrorMessage("run", errorText(err), true), 125);
    }
    const body = parsed.body;
    const detach = Boolean(flags.detach);
    if (!detach) {
      try {
        checkTty(ctx.stdin, body.AttachStdin, body.Tty);
      } catch (err) {
        throw new CliError((err as Error).message, 1);
      }
    } else {
      if (parsed.attachGiven) throw new CliError("Conflicting options: -a and -d", 1);
      body.AttachStdin = false;
      body.AttachStdout = false;
      body.AttachStderr = false;
      body.StdinOnce = false;
    }

    let id: string;
    try {
      id = await createContainer(ctx, body, createOptions(flags));
    } catch (err) {
      ctx.stderr.write(`${runErrorMessage("run", errorText(err), true)}\n`);
      return startErrorExitCode(errorText(err));
    }

    const cleanups: (() => void)[] = [];
    const cleanup = () => {
      for (const c of cleanups.reverse()) c();
    };
    try {
      if (flags["sig-proxy"] !== false) {
        cleanups.push(
          forwardSignals((signal) => ctx.client.ok("POST", `/containers/${id}/kill`, { query: { signal } })),
        );
      }
      const tty: boolean = body.Tty;
      const { AttachStdin: attachStdin, AttachStdout: attachStdout, AttachStderr: attachStderr } = body;
      const detached = !attachStdout && !attachStderr;
      if (detached) writeLine(ctx.stdout, id);

      let stream: Promise<void> | undefined;
      let socket: import("node:stream").Duplex | undefined;
      if (attachStdin || attachStdout || attachStderr) {
        const hijacked = await ctx.client.hijack("POST", `/containers/${id}/attach`, {
          query: attachQuery(attachStdin, attachStdout, attachStderr, str(flags, "detach-keys")),
        });
        socket = hijacked.socket;
        const head = hijacked.head;
        cleanups.push(() => hijacked.socket.destroy());
        stream = streamHijacked({
          socket,
          head,
          stdin: attachStdin ? ctx.stdin : undefined,
          stdout: attachStdout ? ctx.stdout : undefined,
          stderr: attachStderr ? (tty ? ctx.stdout : ctx.stderr) : undefined,
          tty,
          detachKeys: str(flags, "detach-keys"),
          warn: (m) => writeLine(ctx.stderr, m),
        });
        stream.catch(() => {});
      }

      const autoRemove: boolean = body.HostConfig.AutoRemove;
      const wait = await waitExitOrRemoved(ctx, id, autoRemove ? "removed" : "next-exit");
      cleanups.push(() => wait.abort());

      try {
        await ctx.client.ok("POST", `/containers/${id}/start`);
      } catch (err) {
        if (stream) {
          // Stop streaming so the terminal is restored before the error is printed.
          socket?.destroy();
          await stream.catch(() => {});
        }
        ctx.stderr.write(`${runErrorMessage("run", errorText(err), false)}\n`);
        if (autoRemove) await wait.status;
        return startErrorExitCode(errorText(err));
      }

      if (stream && tty && ctx.stdout.isTTY) {
        cleanups.push(monitorTtySize(ctx.stdout, resizer(ctx.client, `/containers/${id}/resize`)));
      }
      if (stream) {
        try {
          await stream;
        } catch (err) {
          if (err instanceof DetachedError) return 0;
          throw err;
        }
      }
      if (detached) return 0;
      return await wait.status;
    } finally {
      cleanup();
    }
  },
};

// ─── start ───────────────────────────────────────────────────────────────────────────────────

interface InspectState {
  Id: string;
  State: { Running: boolean; Paused: boolean; Restarting: boolean };
  Config: { Tty: boolean; OpenStdin: boolean };
  HostConfig: { AutoRemove: boolean };
}

function inspectContainer(ctx: CliContext, name: string): Promise<InspectState> {
  return ctx.client.json<InspectState>("GET", `/containers/${encodeURIComponent(name)}/json`);
}

const start: Command = {
  name: "start",
  aliases: ["container start"],
  usage: "start [OPTIONS] CONTAINER [CONTAINER...]",
  description: "Start one or more stopped containers",
  minArgs: 1,
  flags: [
    { name: "attach", short: "a", type: "bool", description: "Attach STDOUT/STDERR and forward signals" },
    {
      name: "detach-keys",
      type: "string",
      description: "Override the key sequence for detaching a container",
    },
    { name: "interactive", short: "i", type: "bool", description: "Attach container's STDIN" },
  ],
  async run(ctx, flags, args) {
    if (!flags.attach && !flags.interactive) {
      const failed: string[] = [];
      for (const name of args) {
        try {
          await ctx.client.ok("POST", `/containers/${encodeURIComponent(name)}/start`);
          writeLine(ctx.stdout, name);
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          writeLine(ctx.stderr, errorText(err));
          failed.push(name);
        }
      }
      if (failed.length) throw new CliError(`Error: failed to start containers: ${failed.join(", ")}`, 1);
      return 0;
    }
    if (args.length > 1) throw new CliError("you cannot start and attach multiple containers at once", 1);
    const c = await inspectContainer(ctx, args[0]);
    const cleanups: (() => void)[] = [];
    try {
      const tty = c.Config.Tty;
      if (!tty) {
        cleanups.push(
          forwardSignals((signal) =>
            ctx.client.ok("POST", `/containers/${c.Id}/kill`, { query: { signal } }),
          ),
        );
      }
      const attachStdin = Boolean(flags.interactive) && c.Config.OpenStdin;
      const { socket, head } = await ctx.client.hijack("POST", `/containers/${c.Id}/attach`, {
        query: attachQuery(attachStdin, true, true, str(flags, "detach-keys")),
      });
      cleanups.push(() => socket.destroy());
      const stream = streamHijacked({
        socket,
        head,
        stdin: attachStdin ? ctx.stdin : undefined,
        stdout: ctx.stdout,
        stderr: ctx.stderr,
        tty,
        detachKeys: str(flags, "detach-keys"),
        warn: (m) => writeLine(ctx.stderr, m),
      });
      stream.catch(() => {});
      const autoRemove = c.HostConfig.AutoRemove;
      const wait = await waitExitOrRemoved(ctx, c.Id, autoRemove ? "removed" : "next-exit");
      cleanups.push(() => wait.abort());
      try {
        await ctx.client.ok("POST", `/containers/${c.Id}/start`);
      } catch (err) {
        socket.destroy();
        await stream.catch(() => {});
        if (autoRemove) await wait.status;
        throw err;
      }
      if (tty && ctx.stdout.isTTY)
        cleanups.push(monitorTtySize(ctx.stdout, resizer(ctx.client, `/containers/${c.Id}/resize`)));
      try {
        await stream;
      } catch (err) {
        if (err instanceof DetachedError) return 0;
        throw err;
      }
      return await wait.status;
    } finally {
      for (const c of cleanups.reverse()) c();
    }
  },
};

// ─── attach ──────────────────────────────────────────────────────────────────────────────────

function checkAttachable(c: InspectState): void {
  if (!c.State.Running) throw new CliError("You cannot attach to a stopped container, start it first", 1);
  if (c.State.Paused) throw new CliError("You cannot attach to a paused container, unpause it first", 1);
  if (c.State.Restarting)
    throw new CliError("You cannot attach to a restarting container, wait until it is running", 1);
}

const attach: Command = {
  name: "attach",
  aliases: ["container attach"],
  usage: "attach [OPTIONS] CONTAINER",
  description: "Attach local standard input, output, and error streams to a running container",
  minArgs: 1,
  maxArgs: 1,
  flags: [
    {
      name: "detach-keys",
      type: "string",
      description: "Override the key sequence for detaching a container",
    },
    { name: "no-stdin", type: "bool", description: "Do not attach STDIN" },
    {
      name: "sig-proxy",
      type: "bool",
      default: true,
      description: "Proxy all received signals to the process",
    },
  ],
  async run(ctx, flags, [name]) {
    const path = `/containers/${encodeURIComponent(name)}`;
    // docker asks for the exit status first, then inspects.
    const waitP = ctx.client.call("POST", `${path}/wait`).then(
      (res) => ({ res }),
      (err: unknown) => ({ err }),
    );
    const cleanups: (() => void)[] = [];
    try {
      const c = await inspectContainer(ctx, name);
      checkAttachable(c);
      const tty = c.Config.Tty;
      try {
        checkTty(ctx.stdin, !flags["no-stdin"], tty);
      } catch (err) {
        throw new CliError((err as Error).message, 1);
      }
      const attachStdin = !flags["no-stdin"] && c.Config.OpenStdin;
      if (flags["sig-proxy"] !== false && !tty) {
        cleanups.push(
          forwardSignals((signal) => ctx.client.ok("POST", `${path}/kill`, { query: { signal } })),
        );
      }
      const { socket, head } = await ctx.client.hijack("POST", `${path}/attach`, {
        query: attachQuery(attachStdin, true, true, str(flags, "detach-keys")),
      });
      cleanups.push(() => socket.destroy());
      try {
        checkAttachable(await inspectContainer(ctx, name));
      } catch (err) {
        socket.destroy();
        throw err;
      }
      if (tty && ctx.stdout.isTTY) {
        const resize = resizer(ctx.client, `${path}/resize`);
        const [h, w] = ttySize(ctx.stdout);
        // A size change makes the shell redraw its prompt for a second attach.
        await resize(h + 1, w + 1).catch(() => {});
        cleanups.push(monitorTtySize(ctx.stdout, resize));
      }
      await streamHijacked({
        socket,
        head,
        stdin: attachStdin ? ctx.stdin : undefined,
        stdout: ctx.stdout,
        stderr: ctx.stderr,
        tty,
        detachKeys: str(flags, "detach-keys"),
        warn: (m) => writeLine(ctx.stderr, m),
      }).catch((err) => {
        throw err instanceof DetachedError ? new CliError(err.message, 1) : err;
      });
      const w = await waitP;
      if ("err" in w) throw w.err;
      cleanups.push(() => w.res.body.destroy());
      const result = JSON.parse((await readAll(w.res.body)).toString("utf8")) as WaitResult;
      if (result.Error?.Message) throw new CliError(result.Error.Message, 1);
      return result.StatusCode;
    } finally {
      for (const c of cleanups.reverse()) c();
      waitP.then((w) => ("res" in w ? w.res.body.destroy() : undefined));
    }
  },
};

// ─── exec ────────────────────────────────────────────────────────────────────────────────────

/** parseExec: the exec-create body, in the docker CLI's field order. */
export function buildExecBody(
  flags: FlagValues,
  cmd: string[],
  consoleSize: [number, number] | undefined,
  env = processEnv,
): Record<string, unknown> {
  const envValues = list(flags, "env").map((v) => {
    try {
      return validateEnv(v, env.lookupEnv);
    } catch (err) {
      throw new InvalidParameterError(
        `invalid argument "${v}" for "-e, --env" flag: ${(err as Error).message}`,
      );
    }
  });
  const fromFiles: string[] = [];
  for (const f of list(flags, "env-file")) {
    let content: string;
    try {
      content = env.readFile(f);
    } catch (err) {
      throw new InvalidParameterError(goOpenError(f, err));
    }
    fromFiles.push(...parseKeyValueFile(content, f, env.lookupEnv));
  }
  const allEnv = [...fromFiles, ...envValues];
  const detach = Boolean(flags.detach);
  const tty = Boolean(flags.tty);
  const body: Record<string, unknown> = {
    User: str(flags, "user") ?? "",
    Privileged: Boolean(flags.privileged),
    Tty: tty,
  };
  if (tty && consoleSize) body.ConsoleSize = consoleSize;
  Object.assign(body, {
    AttachStdin: !detach && Boolean(flags.interactive),
    AttachStderr: !detach,
    AttachStdout: !detach,
    Detach: false,
    DetachKeys: str(flags, "detach-keys") ?? "",
    Env: allEnv.length ? allEnv : null,
    WorkingDir: str(flags, "workdir") ?? "",
    Cmd: cmd,
  });
  return body;
}

const exec: Command = {
  name: "exec",
  aliases: ["container exec"],
  usage: "exec [OPTIONS] CONTAINER COMMAND [ARG...]",
  description: "Execute a command in a running container",
  interspersed: false,
  minArgs: 2,
  flags: [
    { name: "detach", short: "d", type: "bool", description: "Detached mode: run command in the background" },
    {
      name: "detach-keys",
      type: "string",
      description: "Override the key sequence for detaching a container",
    },
    { name: "env", short: "e", type: "list", description: "Set environment variables" },
    { name: "env-file", type: "list", description: "Read in a file of environment variables" },
    { name: "interactive", short: "i", type: "bool", description: "Keep STDIN open even if not attached" },
    { name: "privileged", type: "bool", description: "Give extended privileges to the command" },
    { name: "tty", short: "t", type: "bool", description: "Allocate a pseudo-TTY" },
    {
      name: "user",
      short: "u",
      type: "string",
      description: 'Username or UID (format: "<name|uid>[:<group|gid>]")',
    },
    { name: "workdir", short: "w", type: "string", description: "Working directory inside the container" },
  ],
  async run(ctx, flags, [name, ...cmd]) {
    const tty = Boolean(flags.tty);
    const size = tty ? ttySize(ctx.stdout) : undefined;
    let body: Record<string, unknown>;
    try {
      body = buildExecBody(flags, cmd, size);
    } catch (err) {
      throw new CliError(runErrorMessage("exec", errorText(err), true), 125);
    }
    await inspectContainer(ctx, name);
    const detach = Boolean(flags.detach);
    if (!detach) {
      try {
        checkTty(ctx.stdin, body.AttachStdin as boolean, tty);
      } catch (err) {
        throw new CliError((err as Error).message, 1);
      }
    }
    const { Id: execId } = await ctx.client.json<{ Id: string }>(
      "POST",
      `/containers/${encodeURIComponent(name)}/exec`,
      {
        body,
      },
    );
    if (!execId) throw new CliError("exec ID empty", 1);
    const startBody: Record<string, unknown> = { Detach: detach, Tty: tty };
    if (tty && size) startBody.ConsoleSize = size;
    if (detach) {
      await ctx.client.ok("POST", `/exec/${execId}/start`, { body: startBody });
      return 0;
    }
    const { socket, head } = await ctx.client.hijack("POST", `/exec/${execId}/start`, { body: startBody });
    const cleanups: (() => void)[] = [() => socket.destroy()];
    try {
      const stream = streamHijacked({
        socket,
        head,
        stdin: body.AttachStdin ? ctx.stdin : undefined,
        stdout: ctx.stdout,
        stderr: tty ? ctx.stdout : ctx.stderr,
        tty,
        detachKeys: str(flags, "detach-keys"),
        warn: (m) => writeLine(ctx.stderr, m),
      });
      stream.catch(() => {});
      if (tty && ctx.stdin.isTTY)
        cleanups.push(monitorTtySize(ctx.stdout, resizer(ctx.client, `/exec/${execId}/resize`)));
      try {
        await stream;
      } catch (err) {
        throw err instanceof DetachedError ? new CliError(err.message, 1) : err;
      }
      const inspect = await ctx.client.json<ExecInspect>("GET", `/exec/${execId}/json`);
      return inspect.ExitCode ?? 0;
    } finally {
      for (const c of cleanups.reverse()) c();
    }
  },
};

// ─── logs ────────────────────────────────────────────────────────────────────────────────────

/** A date as GetTimestamp reads it: local time unless a zone is given. */
function parseDateValue(value: string): { ms: number; nanos: string } | undefined {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?(Z|z|[+-]\d{2}:\d{2})?$/.exec(
      value,
    );
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone] = m;
  let ms: number;
  if (zone) {
    const off =
      zone === "Z" || zone === "z"
        ? 0
        : (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4)));
    ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - off * 60_000;
  } else {
    ms = new Date(+y, +mo - 1, +d, +h, +mi, +s).getTime();
  }
  if (Number.isNaN(ms)) return undefined;
  return { ms, nanos: (frac + "000000000").slice(0, 9) };
}

/** api/types/time GetTimestamp: a duration ago, a date, or unix seconds passed through. */
export function getTimestamp(value: string, now = Date.now()): string {
  if (value !== "0") {
    let d: number | undefined;
    try {
      d = parseGoDuration(value);
    } catch {
      d = undefined;
    }
    if (d !== undefined) return String(Math.floor((now - d / 1e6) / 1000));
  }
  const date = parseDateValue(value);
  if (date) return `${Math.floor(date.ms / 1000)}.${date.nanos}`;
  if (value.includes("-")) throw new InvalidParameterError(`parsing time "${value}": invalid timestamp`);
  if (/^\d+(\.\d+)?$/.test(value)) return value;
  throw new InvalidParameterError(`failed to parse value as time or duration: "${value}"`);
}

const logs: Command = {
  name: "logs",
  aliases: ["container logs"],
  usage: "logs [OPTIONS] CONTAINER",
  description: "Fetch the logs of a container",
  minArgs: 1,
  maxArgs: 1,
  flags: [
    { name: "details", type: "bool", description: "Show extra details provided to logs" },
    { name: "follow", short: "f", type: "bool", description: "Follow log output" },
    {
      name: "since",
      type: "string",
      description:
        'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)',
    },
    {
      name: "tail",
      short: "n",
      type: "string",
      default: "all",
      description: "Number of lines to show from the end of the logs",
    },
    { name: "timestamps", short: "t", type: "bool", description: "Show timestamps" },
    {
      name: "until",
      type: "string",
      description:
        'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)',
    },
  ],
  async run(ctx, flags, [name]) {
    const c = await ctx.client.json<{ Id: string; Config: { Tty: boolean } }>(
      "GET",
      `/containers/${encodeURIComponent(name)}/json`,
    );
    const ts = (flag: "since" | "until") => {
      const v = str(flags, flag);
      if (v === undefined) return undefined;
      try {
        return getTimestamp(v);
      } catch (err) {
        throw new CliError(`invalid value for "${flag}": ${(err as Error).message}`, 1);
      }
    };
    const res = await ctx.client.call("GET", `/containers/${c.Id}/logs`, {
      query: {
        details: flags.details ? "1" : undefined,
        follow: flags.follow ? "1" : undefined,
        since: ts("since"),
        stderr: "1",
        stdout: "1",
        tail: (flags.tail as string | undefined) ?? "all",
        timestamps: flags.timestamps ? "1" : undefined,
        until: ts("until"),
      },
    });
    await copyLogStream(res.body, ctx.stdout, ctx.stderr, c.Config.Tty);
    return 0;
  },
};

/** A logs body: raw with a TTY, stdcopy frames otherwise. */
export async function copyLogStream(
  body: AsyncIterable<Buffer | string>,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
  tty: boolean,
): Promise<void> {
  const write = async (w: NodeJS.WritableStream, b: Buffer) => {
    if (!w.write(b)) await new Promise((r) => w.once("drain", r));
  };
  const pending: [NodeJS.WritableStream, Buffer][] = [];
  const demux = new StdcopyDemuxer(
    (b) => pending.push([stdout, b]),
    (b) => pending.push([stderr, b]),
  );
  for await (const chunk of body) {
    const b = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    if (tty) await write(stdout, b);
    else {
      try {
        demux.write(b);
      } catch (err) {
        for (const [w, p] of pending.splice(0)) await write(w, p);
        throw new CliError((err as Error).message, 1);
      }
      for (const [w, p] of pending.splice(0)) await write(w, p);
    }
  }
}

export const streamingCommands: Command[] = [run, create, start, attach, exec, logs];
