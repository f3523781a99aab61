/** `berth compose scale` and `wait`. */
import { down as downProject } from "../../../compose/engine/ops.ts";
import { projectContainers } from "../../../compose/engine/state.ts";
import { up as upProject } from "../../../compose/engine/up.ts";
import { CliError } from "../../command.ts";
import type { ComposeCommand } from "./common.ts";

/** Compose v2's scale arguments, with its error texts. */
export function parseReplicas(args: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const arg of args) {
    const i = arg.indexOf("=");
    if (i <= 0) throw new CliError(`invalid scale specifier: ${arg}`, 1);
    const n = arg.slice(i + 1);
    if (!/^\d+$/.test(n))
      throw new CliError(`invalid scale specifier: can't parse replica value as int: ${arg}`, 1);
    out[arg.slice(0, i)] = Number(n);
  }
  return out;
}

export const scale: ComposeCommand = {
  name: "scale",
  usage: "scale [SERVICE=REPLICAS...]",
  description: "Scale services ",
  flags: [{ name: "no-deps", type: "bool", description: "Don't start linked services" }],
  async run(ctx, env, flags, args) {
    const replicas = parseReplicas(args);
    const services = Object.keys(replicas);
    if (services.length === 0) throw new CliError('"scale" requires at least 1 argument', 1);
    const project = await env.project();
    for (const s of services) if (!project.services[s]) throw new Error(`no such service: ${s}`);
    // As Compose's Scale: converge only the named services (and their dependencies unless
    // --no-deps) with the new replica counts; other services are not looked at.
    await upProject(
      ctx.client,
      project,
      { services, noDeps: Boolean(flags["no-deps"]), scale: replicas },
      env.progress,
      (t) => ctx.stderr.write(t),
    );
    return 0;
  },
};

export const wait: ComposeCommand = {
  name: "wait",
  usage: "wait SERVICE [SERVICE...] [OPTIONS]",
  description: "Block until containers of all (or specified) services stop.",
  flags: [
    { name: "down-project", type: "bool", description: "Drops project when the first container stops" },
  ],
  async run(ctx, env, flags, args) {
    if (args.length === 0) throw new CliError('"wait" requires at least 1 argument', 1);
    const projectName = await env.projectName();
    const containers = await projectContainers(ctx.client, projectName, { services: args, oneoff: true });
    if (containers.length === 0) throw new CliError(`no containers for project "${projectName}"`, 1);
    let first: number | undefined;
    let downing: Promise<void> | undefined;
    await Promise.all(
      containers.map(async (c) => {
        let r: { StatusCode: number };
        try {
          r = await ctx.client.json<{ StatusCode: number }>(
            "POST",
            `/containers/${encodeURIComponent(c.id)}/wait`,
          );
        } catch (err) {
          // A container that --down-project removed under the wait is not a failure of the wait.
          if (downing) return;
          throw err;
        }
        ctx.stdout.write(`container "${c.id}" exited with status code ${r.StatusCode}\n`);
        first ??= r.StatusCode;
        // --down-project: the first exit takes the whole project down, which ends the other waits.
        if (flags["down-project"])
          downing ??= downProject(ctx.client, projectName, undefined, { removeOrphans: true }, env.progress);
      }),
    );
    if (downing) await downing;
    return first ?? 0;
  },
};
