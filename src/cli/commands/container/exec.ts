/** `berth exec` (docker/cli's container/exec.go). */
import { InvalidParameterError } from "../../../errdefs/errors.ts";
import type { ExecInspect } from "../../../types/container.ts";
import { CliError, type Command, list, str, writeLine } from "../../command.ts";
import type { FlagValues } from "../../flags.ts";
import { checkTty, DetachedError, monitorTtySize, streamHijacked, ttySize } from "../../stream.ts";
import { errorText, runErrorMessage } from "./errors.ts";
import { goOpenError, processEnv } from "./opts-common.ts";
import { parseKeyValueFile, validateEnv } from "./opts-values.ts";
import { inspectContainer, resizer } from "./streams.ts";

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

export const exec: Command = {
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
