/**
 * `berth compose`: the global flags (-f, -p, --profile, --env-file, --project-directory and
 * their COMPOSE_* variables) become LoadOptions, then the subcommand's own flags are parsed and
 * it runs. Each subcommand module is loaded only when it runs, as berth's command table does.
 */
import process from "node:process";
import { ApiError, ConnectError } from "../../../client/client.ts";
import { CliError, type Command } from "../../command.ts";
import { parseFlags, UsageError } from "../../flags.ts";
import { type ComposeCommand, composeGlobalFlags, loadOptionsFrom, makeEnv } from "./common.ts";

const subcommands: Record<string, { description: string; load(): Promise<ComposeCommand> }> = {
  attach: {
    description: "Attach local standard input, output, and error streams to a service's running container",
    load: () => import("./attach.ts").then((m) => m.attach),
  },
  build: { description: "Build or rebuild services", load: () => import("./images.ts").then((m) => m.build) },
  config: {
    description: "Parse, resolve and render compose file in canonical format",
    load: () => import("./config-cmd.ts").then((m) => m.config),
  },
  cp: {
    description: "Copy files/folders between a service container and the local filesystem",
    load: () => import("./cp.ts").then((m) => m.cp),
  },
  create: {
    description: "Creates containers for a service",
    load: () => import("./up.ts").then((m) => m.create),
  },
  down: {
    description: "Stop and remove containers, networks",
    load: () => import("./up.ts").then((m) => m.down),
  },
  events: {
    description: "Receive real time events from containers",
    load: () => import("./events.ts").then((m) => m.events),
  },
  exec: {
    description: "Execute a command in a running container",
    load: () => import("./exec-run.ts").then((m) => m.exec),
  },
  images: {
    description: "List images used by the created containers",
    load: () => import("./images.ts").then((m) => m.images),
  },
  kill: {
    description: "Force stop service containers",
    load: () => import("./lifecycle.ts").then((m) => m.kill),
  },
  logs: { description: "View output from containers", load: () => import("./logs.ts").then((m) => m.logs) },
  ls: { description: "List running compose projects", load: () => import("./list.ts").then((m) => m.ls) },
  pause: { description: "Pause services", load: () => import("./lifecycle.ts").then((m) => m.pause) },
  port: {
    description: "Print the public port for a port binding",
    load: () => import("./list.ts").then((m) => m.port),
  },
  ps: { description: "List containers", load: () => import("./list.ts").then((m) => m.ps) },
  pull: { description: "Pull service images", load: () => import("./images.ts").then((m) => m.pull) },
  push: { description: "Push service images", load: () => import("./images.ts").then((m) => m.push) },
  restart: {
    description: "Restart service containers",
    load: () => import("./lifecycle.ts").then((m) => m.restart),
  },
  rm: {
    description: "Removes stopped service containers",
    load: () => import("./lifecycle.ts").then((m) => m.rm),
  },
  run: {
    description: "Run a one-off command on a service",
    load: () => import("./exec-run.ts").then((m) => m.run),
  },
  scale: { description: "Scale services ", load: () => import("./more.ts").then((m) => m.scale) },
  start: { description: "Start services", load: () => import("./lifecycle.ts").then((m) => m.start) },
  stats: {
    description: "Display a live stream of container(s) resource usage statistics",
    load: () => import("./stats.ts").then((m) => m.stats),
  },
  stop: { description: "Stop services", load: () => import("./lifecycle.ts").then((m) => m.stop) },
  top: { description: "Display the running processes", load: () => import("./list.ts").then((m) => m.top) },
  unpause: { description: "Unpause services", load: () => import("./lifecycle.ts").then((m) => m.unpause) },
  up: { description: "Create and start containers", load: () => import("./up.ts").then((m) => m.up) },
  wait: {
    description: "Block until containers of all (or specified) services stop.",
    load: () => import("./more.ts").then((m) => m.wait),
  },
  version: {
    description: "Show the Docker Compose version information",
    load: () => import("./list.ts").then((m) => m.version),
  },
};

function usage(): string {
  return [
    "Usage:  berth compose [OPTIONS] COMMAND",
    "",
    "Define and run multi-container applications with berth",
    "",
    "Options:",
    ...composeGlobalFlags.map(
      (f) => `  ${f.short ? `-${f.short}, ` : "    "}--${f.name.padEnd(20)}${f.description ?? ""}`,
    ),
    "",
    "Commands:",
    ...Object.entries(subcommands).map(([n, s]) => `  ${n.padEnd(12)}${s.description}`),
    "",
  ].join("\n");
}

function subUsage(cmd: ComposeCommand): string {
  const lines = [`Usage:  berth compose ${cmd.usage}`, "", cmd.description, ""];
  if (cmd.flags.length) {
    lines.push("Options:");
    for (const f of cmd.flags)
      lines.push(
        `  ${`${f.short ? `-${f.short}, ` : "    "}--${f.name}${f.type === "bool" ? "" : ` ${f.type}`}`.padEnd(30)}${f.description ?? ""}`,
      );
  }
  return `${lines.join("\n")}\n`;
}

export const compose: Command = {
  name: "compose",
  usage: "compose [OPTIONS] COMMAND",
  description: "Docker Compose",
  interspersed: false,
  flags: composeGlobalFlags,
  async run(ctx, flags, args) {
    const [name, ...rest] = args;
    if (!name) {
      ctx.stdout.write(usage());
      return 0;
    }
    const entry = subcommands[name];
    if (!entry) throw new CliError(`unknown docker command: "compose ${name}"`, 1);
    const cmd = await entry.load();
    let parsed: ReturnType<typeof parseFlags>;
    try {
      parsed = cmd.passThrough
        ? { flags: {}, args: rest }
        : parseFlags(rest, [...cmd.flags, { name: "help", type: "bool" }], {
            interspersed: cmd.interspersed,
          });
    } catch (err) {
      if (err instanceof UsageError) throw new CliError(`${err.message}\n\n${subUsage(cmd)}`, 1);
      throw err;
    }
    if (parsed.flags.help) {
      ctx.stdout.write(subUsage(cmd));
      return 0;
    }
    const env = makeEnv(ctx, loadOptionsFrom(flags, process.env, process.cwd()));
    try {
      return await cmd.run(ctx, env, parsed.flags, parsed.args);
    } catch (err) {
      if (err instanceof CliError || err instanceof ApiError || err instanceof ConnectError) throw err;
      if (err instanceof Error && !(err instanceof TypeError || err instanceof ReferenceError))
        throw new CliError(err.message, 1);
      throw err;
    }
  },
};
