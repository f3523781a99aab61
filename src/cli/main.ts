import type { Writable } from "node:stream";
import { ApiError, ConnectError, EngineClient } from "../client/client.ts";
import { type CliContext, CliError, type CliIO, type Command } from "./command.ts";
import { type CommandEntry, commandTable } from "./command-table.ts";
import { configDir } from "./config-dir.ts";
import { hostOfContext, resolveContextName } from "./context-resolve.ts";
import { type FlagSpec, parseFlags, UsageError } from "./flags.ts";

export const globalFlags: FlagSpec[] = [
  { name: "host", short: "H", type: "string", description: "Daemon socket to connect to" },
  { name: "debug", short: "D", type: "bool", description: "Enable debug mode" },
  { name: "log-level", short: "l", type: "string", description: "Set the logging level" },
  { name: "config", type: "string", description: "Location of client config files" },
  {
    name: "context",
    short: "c",
    type: "string",
    description:
      'Name of the context to use to connect to the daemon (overrides DOCKER_HOST env var and default context set with "berth context use")',
  },
  { name: "version", short: "v", type: "bool", description: "Print version information and quit" },
  { name: "help", type: "bool", description: "Print usage" },
];

function findCommand(words: string[]): { entry: CommandEntry; rest: string[] } | undefined {
  for (const n of [2, 1]) {
    const name = words.slice(0, n).join(" ");
    const entry = commandTable.find((c) => c.name === name || c.aliases?.includes(name));
    if (entry && words.length >= n) return { entry, rest: words.slice(n) };
  }
  return undefined;
}

function mainUsage(): string {
  const lines = [
    "Usage:  berth [OPTIONS] COMMAND",
    "",
    "A Docker-compatible container engine",
    "",
    "Commands:",
    ...commandTable.map((c) => `  ${c.name.padEnd(16)}${c.description}`),
    "",
    "Global Options:",
    ...globalFlags.map(
      (f) => `  ${f.short ? `-${f.short}, ` : "    "}--${f.name.padEnd(14)}${f.description ?? ""}`,
    ),
    "",
  ];
  return lines.join("\n");
}

function commandUsage(cmd: Command): string {
  const lines = [`Usage:  berth ${cmd.usage}`, "", cmd.description, ""];
  if (cmd.aliases?.length) lines.push("Aliases:", `  ${[cmd.name, ...cmd.aliases].join(", ")}`, "");
  if (cmd.flags.length) {
    lines.push("Options:");
    for (const f of cmd.flags) {
      const name = `${f.short ? `-${f.short}, ` : "    "}--${f.name}${f.type === "bool" ? "" : ` ${f.type === "list" ? "list" : f.type}`}`;
      lines.push(`  ${name.padEnd(28)}${f.description ?? ""}`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv, globalFlags, { interspersed: false });
  } catch (err) {
    io.stderr.write(`berth: ${(err as Error).message}\n\nSee 'berth --help'.\n`);
    return 125;
  }
  if (parsed.flags.version) {
    io.stdout.write("Berth version 0.1.0\n");
    return 0;
  }
  if (parsed.args.length === 0 || parsed.flags.help) {
    io.stdout.write(mainUsage());
    return 0;
  }
  const found = findCommand(parsed.args);
  if (!found) {
    io.stderr.write(`berth: '${parsed.args[0]}' is not a berth command.\nSee 'berth --help'\n`);
    return 1;
  }
  const { rest } = found;
  const host = (parsed.flags.host as string | undefined) || undefined;
  const dir = configDir(parsed.flags.config as string | undefined);
  let contextName: string;
  try {
    contextName = resolveContextName(
      { context: (parsed.flags.context as string | undefined) || undefined, host, configDir: dir },
      process.env,
    );
  } catch (err) {
    return reportError(io, err);
  }
  const cmd = await found.entry.load();
  let client: EngineClient | undefined;
  const ctx: CliContext = {
    get stdin() {
      return io.stdin;
    },
    stdout: io.stdout,
    stderr: io.stderr,
    // Made on first use: the context commands must work when the current context is broken.
    get client(): EngineClient {
      client ??= new EngineClient(hostOfContext(contextName, dir, host));
      return client;
    },
    prog: "berth",
    configDir: parsed.flags.config as string | undefined,
    contextName,
    host,
  };
  let flags: ReturnType<typeof parseFlags>;
  try {
    flags = parseFlags(rest, [...cmd.flags, { name: "help", type: "bool" }], {
      interspersed: cmd.interspersed,
    });
    if (flags.flags.help) {
      io.stdout.write(commandUsage(cmd));
      return 0;
    }
    const n = flags.args.length;
    if ((cmd.minArgs !== undefined && n < cmd.minArgs) || (cmd.maxArgs !== undefined && n > cmd.maxArgs)) {
      const want =
        cmd.minArgs === cmd.maxArgs
          ? `exactly ${cmd.minArgs} argument${cmd.minArgs === 1 ? "" : "s"}`
          : cmd.maxArgs === undefined
            ? `at least ${cmd.minArgs} argument${cmd.minArgs === 1 ? "" : "s"}`
            : cmd.minArgs
              ? `at least ${cmd.minArgs} and at most ${cmd.maxArgs} arguments`
              : `at most ${cmd.maxArgs} argument${cmd.maxArgs === 1 ? "" : "s"}`;
      throw new UsageError(`"berth ${cmd.name}" requires ${want}.`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(
        `berth: ${err.message}\nSee 'berth ${cmd.name} --help'.\n\nUsage:  berth ${cmd.usage}\n\n${cmd.description}\n`,
      );
      return 125;
    }
    throw err;
  }
  try {
    return (await cmd.run(ctx, flags.flags, flags.args)) ?? 0;
  } catch (err) {
    return reportError(io, err);
  }
}

export function reportError(io: CliIO, err: unknown): number {
  if (err instanceof ApiError) {
    io.stderr.write(`Error response from daemon: ${err.message}\n`);
    return 1;
  }
  if (err instanceof CliError) {
    if (err.message) io.stderr.write(`${err.message}\n`);
    return err.status;
  }
  if (err instanceof ConnectError) {
    io.stderr.write(`${err.message}\n`);
    return 1;
  }
  io.stderr.write(`berth: ${(err as Error)?.message ?? String(err)}\n`);
  return 125;
}

/** The berth command as a process runs it: argv, the process's stdio and exit code. */
export function cliMain(argv: string[]): void {
  // EPIPE on stdout (`berth images | head`) is a normal way for a reader to stop.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
  });
  runCli(argv, {
    // A getter: process.stdin loads ~30 of Node's modules, which most commands never need.
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
  }).then(
    (code) => exitWhenFlushed(code),
    (err) => {
      process.stderr.write(`berth: ${(err as Error).stack ?? err}\n`);
      exitWhenFlushed(125);
    },
  );
}

/**
 * Exits as soon as the output is written, not when the event loop has drained: a natural
 * exit also tears the heap and the environment down (~3 ms of every command here), which an
 * explicit exit skips. A command resolves only when its work is done; output still queued
 * (a pipe whose reader is slow) is waited for, since process.exit() would drop it.
 */
export function exitWhenFlushed(
  code: number,
  streams: Writable[] = [process.stdout, process.stderr],
  exit: (code: number) => void = (c) => process.exit(c),
): void {
  const queued = streams.filter((s) => s.writableLength > 0);
  // An empty write's callback runs once every write before it has been flushed.
  void Promise.all(queued.map((s) => new Promise((done) => s.write("", done)))).then(() => exit(code));
}

// Run as a file (`node src/cli/main.ts`, as the tests do). bin/berth starts it through
// src/cli/bundle-loader.cjs instead: bundled, or as it is with BERTH_CLI=source.
if (import.meta.main) cliMain(process.argv.slice(2));
