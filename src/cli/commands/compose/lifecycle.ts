/** `berth compose start|stop|restart|kill|pause|unpause|rm`. */
import { applyVerb, removeStopped, type Verb } from "../../../compose/engine/ops.ts";
import { dependenciesOf } from "../../../compose/engine/state.ts";
import type { Project } from "../../../compose/types.ts";
import { str } from "../../command.ts";
import type { FlagSpec } from "../../flags.ts";
import type { ComposeCommand } from "./common.ts";

function verbCommand(
  verb: Verb,
  description: string,
  flags: FlagSpec[],
  query: (f: Record<string, unknown>) => Record<string, string | number | undefined>,
): ComposeCommand {
  return {
    name: verb,
    usage: `${verb} [OPTIONS] [SERVICE...]`,
    description,
    flags,
    async run(ctx, env, f, args) {
      const project = await env.project();
      await applyVerb(ctx.client, project, args, verb, query(f), env.progress);
      return 0;
    },
  };
}

const timeoutFlag: FlagSpec = {
  name: "timeout",
  short: "t",
  type: "int",
  description: "Specify a shutdown timeout in seconds",
};

export const start = verbCommand("start", "Start services", [], () => ({}));
export const stop = verbCommand("stop", "Stop services", [timeoutFlag], (f) => ({
  t: f.timeout as number | undefined,
}));
export const restart: ComposeCommand = {
  name: "restart",
  usage: "restart [OPTIONS] [SERVICE...]",
  description: "Restart service containers",
  flags: [timeoutFlag, { name: "no-deps", type: "bool", description: "Don't restart dependent services" }],
  async run(ctx, env, f, args) {
    const project = await env.project();
    // Compose restarts the services that depend on the named ones too, unless --no-deps.
    const services = args.length && !f["no-deps"] ? withDependents(project, args) : args;
    await applyVerb(
      ctx.client,
      project,
      services,
      "restart",
      { t: f.timeout as number | undefined },
      env.progress,
    );
    return 0;
  },
};

function withDependents(project: Project, names: string[]): string[] {
  const out = new Set(names);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, s] of Object.entries(project.services)) {
      if (out.has(name)) continue;
      if (Object.keys(dependenciesOf(s)).some((d) => out.has(d))) {
        out.add(name);
        grew = true;
      }
    }
  }
  return [...out];
}
export const kill = verbCommand(
  "kill",
  "Force stop service containers",
  [
    {
      name: "signal",
      short: "s",
      type: "string",
      default: "SIGKILL",
      description: "SIGNAL to send to the container",
    },
    {
      name: "remove-orphans",
      type: "bool",
      description: "Remove containers for services not defined in the Compose file",
    },
  ],
  (f) => ({ signal: str(f as never, "signal") }),
);
export const pause = verbCommand("pause", "Pause services", [], () => ({}));
export const unpause = verbCommand("unpause", "Unpause services", [], () => ({}));

export const rm: ComposeCommand = {
  name: "rm",
  usage: "rm [OPTIONS] [SERVICE...]",
  description: "Removes stopped service containers",
  flags: [
    { name: "force", short: "f", type: "bool", description: "Don't ask to confirm removal" },
    {
      name: "stop",
      short: "s",
      type: "bool",
      description: "Stop the containers, if required, before removing",
    },
    {
      name: "volumes",
      short: "v",
      type: "bool",
      description: "Remove any anonymous volumes attached to containers",
    },
  ],
  async run(ctx, env, flags, args) {
    const project = await env.project();
    // Compose asks for confirmation without -f; berth removes without asking, as `-f` would, and says so in the README.
    const removed = await removeStopped(
      ctx.client,
      project,
      args,
      { stop: Boolean(flags.stop), volumes: Boolean(flags.volumes) },
      env.progress,
    );
    if (removed.length === 0) ctx.stderr.write("No stopped containers\n");
    return 0;
  },
};
