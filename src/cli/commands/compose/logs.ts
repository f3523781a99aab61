/** `berth compose logs`, and the prefixed, coloured log lines `up` prints when attached. */
import type { ProjectContainer } from "../../../compose/engine/state.ts";
import { projectContainers } from "../../../compose/engine/state.ts";
import type { ContainerInspect } from "../../../types/container.ts";
import type { CliContext } from "../../command.ts";
import { StdcopyDemuxer } from "../../stream.ts";
import type { ComposeCommand } from "./common.ts";

// Compose v2's rainbow: the ANSI colours it cycles through, one per container.
const COLOURS = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];

export interface LogOptions {
  follow: boolean;
  tail?: string;
  timestamps?: boolean;
  colour: boolean;
  prefix: boolean;
  since?: string;
  /** Called when a container's stream ends (with --follow: the container stopped). */
  onEnd?: (c: ProjectContainer) => void;
}

/** `web-1`: the prefix Compose v2 prints (the container name without the project). */
export function logPrefix(projectName: string, c: ProjectContainer): string {
  return c.name.startsWith(`${projectName}-`) ? c.name.slice(projectName.length + 1) : c.name;
}

/** Streams the containers' logs line by line with `name  | ` prefixes; resolves when every stream ends. */
export async function printLogs(
  ctx: CliContext,
  projectName: string,
  containers: ProjectContainer[],
  opts: LogOptions,
  signal?: AbortSignal,
): Promise<void> {
  const width = Math.max(0, ...containers.map((c) => logPrefix(projectName, c).length));
  await Promise.all(
    containers.map(async (c, i) => {
      const name = logPrefix(projectName, c).padEnd(width);
      const prefix = !opts.prefix
        ? ""
        : opts.colour
          ? `\x1b[${COLOURS[i % COLOURS.length]}m${name}  |\x1b[0m `
          : `${name}  | `;
      const info = await ctx.client.json<ContainerInspect>("GET", `/containers/${c.id}/json`);
      let res: Awaited<ReturnType<typeof ctx.client.call>>;
      try {
        res = await ctx.client.call("GET", `/containers/${c.id}/logs`, {
          query: {
            stdout: true,
            stderr: true,
            follow: opts.follow,
            tail: opts.tail ?? "all",
            timestamps: opts.timestamps,
            since: opts.since,
          },
          signal,
        });
      } catch (err) {
        if (signal?.aborted) return;
        throw err;
      }
      const partial = { out: "", err: "" };
      const emit = (which: "out" | "err", b: Buffer) => {
        const text = partial[which] + b.toString("utf8");
        const lines = text.split("\n");
        partial[which] = lines.pop() ?? "";
        const w = which === "out" ? ctx.stdout : ctx.stderr;
        for (const l of lines) w.write(`${prefix}${l}\n`);
      };
      const demux = new StdcopyDemuxer(
        (b) => emit("out", b),
        (b) => emit("out", b),
      );
      try {
        for await (const chunk of res.body) {
          if (info.Config.Tty) emit("out", chunk as Buffer);
          else demux.write(chunk as Buffer);
        }
      } catch (err) {
        if (!signal?.aborted) throw err;
      }
      for (const k of ["out", "err"] as const) if (partial[k]) ctx.stdout.write(`${prefix}${partial[k]}\n`);
      opts.onEnd?.(c);
    }),
  );
}

export const logs: ComposeCommand = {
  name: "logs",
  usage: "logs [OPTIONS] [SERVICE...]",
  description: "View output from containers",
  flags: [
    { name: "follow", short: "f", type: "bool", description: "Follow log output" },
    {
      name: "tail",
      short: "n",
      type: "string",
      description: 'Number of lines to show from the end of the logs for each container or "all"',
    },
    { name: "timestamps", short: "t", type: "bool", description: "Show timestamps" },
    { name: "no-color", type: "bool", description: "Produce monochrome output" },
    { name: "no-log-prefix", type: "bool", description: "Don't print prefix in logs" },
    {
      name: "since",
      type: "string",
      description:
        "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)",
    },
    { name: "index", type: "int", description: "index of the container if service has multiple replicas" },
  ],
  async run(ctx, env, flags, args) {
    const name = await env.projectName();
    if (args.length) {
      const project = await env.project();
      for (const s of args) if (!project.services[s]) throw new Error(`no such service: ${s}`);
    }
    let containers = await projectContainers(ctx.client, name, { all: true, services: args, oneoff: false });
    if (flags.index !== undefined) containers = containers.filter((c) => c.number === flags.index);
    await printLogs(ctx, name, containers, {
      follow: Boolean(flags.follow),
      tail: flags.tail as string | undefined,
      timestamps: Boolean(flags.timestamps),
      colour: Boolean(ctx.stdout.isTTY) && !flags["no-color"],
      prefix: !flags["no-log-prefix"],
      since: flags.since as string | undefined,
    });
    return 0;
  },
};
