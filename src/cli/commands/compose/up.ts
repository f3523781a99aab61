/** `berth compose up`, `create` and `down`. */
import { applyVerb, down as downProject } from "../../../compose/engine/ops.ts";
import { projectContainers, selectServices } from "../../../compose/engine/state.ts";
import { inspect, up as upProject, waitRunning } from "../../../compose/engine/up.ts";
import type { Project } from "../../../compose/types.ts";
import { CliError, list, str } from "../../command.ts";
import type { FlagSpec } from "../../flags.ts";
import { type ComposeCommand, parseScale } from "./common.ts";

const createFlags: FlagSpec[] = [
  { name: "build", type: "bool", description: "Build images before starting containers" },
  { name: "no-build", type: "bool", description: "Don't build an image, even if it's policy" },
  { name: "pull", type: "string", description: 'Pull image before running ("always"|"missing"|"never")' },
  {
    name: "force-recreate",
    type: "bool",
    description: "Recreate containers even if their configuration and image haven't changed",
  },
  { name: "no-recreate", type: "bool", description: "If containers already exist, don't recreate them" },
  {
    name: "remove-orphans",
    type: "bool",
    description: "Remove containers for services not defined in the Compose file",
  },
  {
    name: "scale",
    type: "list",
    description:
      "Scale SERVICE to NUM instances. Overrides the `scale` setting in the Compose file if present",
  },
];

function checkConflicts(flags: Record<string, unknown>) {
  if (flags.build && flags["no-build"]) throw new CliError("--build and --no-build are incompatible", 1);
  if (flags["force-recreate"] && flags["no-recreate"])
    throw new CliError("--force-recreate and --no-recreate are incompatible", 1);
  const pull = flags.pull as string | undefined;
  if (pull && !["always", "missing", "never", "build"].includes(pull))
    throw new CliError(`invalid --pull option "${pull}"`, 1);
}

function withScale(project: Project, scale: Record<string, number>): void {
  for (const s of Object.keys(scale)) if (!project.services[s]) throw new Error(`no such service: ${s}`);
}

export const up: ComposeCommand = {
  name: "up",
  usage: "up [OPTIONS] [SERVICE...]",
  description: "Create and start containers",
  flags: [
    ...createFlags,
    {
      name: "detach",
      short: "d",
      type: "bool",
      description: "Detached mode: Run containers in the background",
    },
    { name: "no-deps", type: "bool", description: "Don't start linked services" },
    { name: "no-start", type: "bool", description: "Don't start the services after creating them" },
    {
      name: "wait",
      type: "bool",
      description: "Wait for services to be running|healthy. Implies detached mode.",
    },
    {
      name: "wait-timeout",
      type: "int",
      description: "Maximum duration to wait for the project to be running|healthy",
    },
    {
      name: "abort-on-container-exit",
      type: "bool",
      description: "Stops all containers if any container was stopped. Incompatible with -d",
    },
    {
      name: "exit-code-from",
      type: "string",
      description:
        "Return the exit code of the selected service container. Implies --abort-on-container-exit",
    },
    { name: "no-color", type: "bool", description: "Produce monochrome output" },
    { name: "no-log-prefix", type: "bool", description: "Don't print prefix in logs" },
    {
      name: "timeout",
      short: "t",
      type: "int",
      description:
        "Use this timeout in seconds for container shutdown when attached or when containers are already running",
    },
  ],
  async run(ctx, env, flags, args) {
    checkConflicts(flags);
    const detach = Boolean(flags.detach) || Boolean(flags.wait);
    const exitCodeFrom = str(flags, "exit-code-from");
    const abort = Boolean(flags["abort-on-container-exit"]) || exitCodeFrom !== undefined;
    if (detach && abort) throw new CliError("--abort-on-container-exit and --detach are incompatible", 1);
    if (flags.wait && flags["no-start"]) throw new CliError("--wait and --no-start are incompatible", 1);
    const project = await env.project();
    // Attached output starts now, as Compose's attach does: not the history of reused containers.
    const since = (Date.now() / 1000).toFixed(9);
    if (exitCodeFrom && !project.services[exitCodeFrom]) throw new Error(`no such service: ${exitCodeFrom}`);
    const scale = parseScale(list(flags, "scale"));
    withScale(project, scale);
    await upProject(
      ctx.client,
      project,
      {
        services: args,
        build: Boolean(flags.build),
        noBuild: Boolean(flags["no-build"]),
        pull: str(flags, "pull"),
        forceRecreate: Boolean(flags["force-recreate"]),
        noRecreate: Boolean(flags["no-recreate"]),
        removeOrphans: Boolean(flags["remove-orphans"]),
        noDeps: Boolean(flags["no-deps"]),
        noStart: Boolean(flags["no-start"]),
        scale,
        timeout: flags.timeout as number | undefined,
      },
      env.progress,
      (t) => ctx.stderr.write(t),
    );
    const services = selectServices(project, args, Boolean(flags["no-deps"]));
    if (flags.wait) {
      const t = flags["wait-timeout"] as number | undefined;
      await waitRunning(ctx.client, project, services, t === undefined ? undefined : t * 1000);
      return 0;
    }
    if (detach || flags["no-start"]) return 0;
    return attached(
      ctx,
      project,
      services,
      {
        abort,
        exitCodeFrom,
        colour: Boolean(ctx.stdout.isTTY) && !flags["no-color"],
        prefix: !flags["no-log-prefix"],
        timeout: flags.timeout as number | undefined,
        since,
      },
      env.progress,
    );
  },
};

/** Attached `up`: every container's log lines until they all stop; Ctrl-C (or an exit with --abort-on-container-exit) stops the project. */
async function attached(
  ctx: Parameters<ComposeCommand["run"]>[0],
  project: Project,
  services: string[],
  opts: {
    abort: boolean;
    exitCodeFrom?: string;
    colour: boolean;
    prefix: boolean;
    timeout?: number;
    since: string;
  },
  progress: Parameters<typeof applyVerb>[5],
): Promise<number> {
  const { logPrefix, printLogs } = await import("./logs.ts");
  const containers = await projectContainers(ctx.client, project.name, { services });
  ctx.stdout.write(`Attaching to ${containers.map((c) => logPrefix(project.name, c)).join(", ")}\n`);
  const exits: Promise<void>[] = [];
  const aborter = new AbortController();
  let stopping: Promise<void> | undefined;
  const stopAll = () => {
    stopping ??= applyVerb(ctx.client, project, services, "stop", { t: opts.timeout }, progress).finally(() =>
      aborter.abort(),
    );
    return stopping;
  };
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) {
      void applyVerb(ctx.client, project, services, "kill", {}, progress).finally(() => aborter.abort());
      return;
    }
    ctx.stderr.write("Gracefully stopping... (press Ctrl+C again to force)\n");
    void stopAll();
  };
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigint);
  let firstExited: string | undefined;
  try {
    await printLogs(
      ctx,
      project.name,
      containers,
      {
        follow: true,
        since: opts.since,
        colour: opts.colour,
        prefix: opts.prefix,
        onEnd: (c) => {
          exits.push(
            inspect(ctx.client, c.id).then(
              (info) => {
                if (!info.State.Running)
                  ctx.stdout.write(`${logPrefix(project.name, c)} exited with code ${info.State.ExitCode}\n`);
              },
              () => undefined,
            ),
          );
          if (opts.abort && !stopping) {
            firstExited ??= c.service;
            ctx.stderr.write(`Aborting on container exit...\n`);
            void stopAll();
          }
        },
      },
      aborter.signal,
    );
    if (stopping) await stopping;
    await Promise.all(exits);
  } finally {
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigint);
  }
  if (opts.exitCodeFrom) {
    const c = containers.find((x) => x.service === opts.exitCodeFrom);
    if (c) return (await inspect(ctx.client, c.id)).State.ExitCode;
  }
  if (interrupts) return 130;
  if (opts.abort && firstExited) {
    const c = containers.find((x) => x.service === firstExited);
    if (c) return (await inspect(ctx.client, c.id)).State.ExitCode;
  }
  return 0;
}

export const create: ComposeCommand = {
  name: "create",
  usage: "create [OPTIONS] [SERVICE...]",
  description: "Creates containers for a service",
  flags: createFlags,
  async run(ctx, env, flags, args) {
    checkConflicts(flags);
    const project = await env.project();
    const scale = parseScale(list(flags, "scale"));
    withScale(project, scale);
    await upProject(
      ctx.client,
      project,
      {
        services: args,
        build: Boolean(flags.build),
        noBuild: Boolean(flags["no-build"]),
        pull: str(flags, "pull"),
        forceRecreate: Boolean(flags["force-recreate"]),
        noRecreate: Boolean(flags["no-recreate"]),
        removeOrphans: Boolean(flags["remove-orphans"]),
        noStart: true,
        scale,
      },
      env.progress,
      (t) => ctx.stderr.write(t),
    );
    return 0;
  },
};

export const down: ComposeCommand = {
  name: "down",
  usage: "down [OPTIONS] [SERVICES]",
  description: "Stop and remove containers, networks",
  flags: [
    {
      name: "volumes",
      short: "v",
      type: "bool",
      description:
        'Remove named volumes declared in the "volumes" section of the Compose file and anonymous volumes attached to containers',
    },
    {
      name: "rmi",
      type: "string",
      description:
        'Remove images used by services. "local" remove only images that don\'t have a custom tag ("local"|"all")',
    },
    {
      name: "remove-orphans",
      type: "bool",
      description: "Remove containers for services not defined in the Compose file",
    },
    { name: "timeout", short: "t", type: "int", description: "Specify a shutdown timeout in seconds" },
  ],
  async run(ctx, env, flags, args) {
    const rmi = str(flags, "rmi");
    if (rmi && rmi !== "local" && rmi !== "all") throw new CliError(`invalid value for --rmi: ${rmi}`, 1);
    if (args.length)
      throw new CliError("berth compose down takes no service names: it removes the whole project", 1);
    // With -p and no compose file, down still works from the labels, as Compose does.
    let project: Project | undefined;
    try {
      project = await env.project();
    } catch (err) {
      if (!env.loadOptions.projectName) throw err;
    }
    const name = env.loadOptions.projectName ?? (project as Project).name;
    await downProject(
      ctx.client,
      name,
      project,
      {
        volumes: Boolean(flags.volumes),
        rmi: rmi as "local" | "all" | undefined,
        removeOrphans: Boolean(flags["remove-orphans"]),
        timeout: flags.timeout as number | undefined,
      },
      env.progress,
    );
    return 0;
  },
};
