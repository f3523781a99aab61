/** `berth compose attach`: the service's container (`--index`, else the first) handed to berth's own `attach`. */
import { projectContainers } from "../../../compose/engine/state.ts";
import { CliError } from "../../command.ts";
import { attach as attachCommand } from "../container/attach.ts";
import type { ComposeCommand } from "./common.ts";

export const attach: ComposeCommand = {
  name: "attach",
  usage: "attach [OPTIONS] SERVICE",
  description: "Attach local standard input, output, and error streams to a service's running container",
  flags: [
    ...attachCommand.flags,
    { name: "index", type: "int", description: "index of the container if service has multiple replicas." },
  ],
  async run(ctx, env, flags, args) {
    if (args.length !== 1) throw new CliError('"attach" requires exactly 1 argument', 1);
    const [service] = args;
    const index = (flags.index as number | undefined) ?? 1;
    const projectName = await env.projectName();
    const c = (await projectContainers(ctx.client, projectName, { all: false, services: [service] })).find(
      (x) => x.number === index,
    );
    if (!c) throw new CliError(`service "${service}" is not running container #${index}`, 1);
    const { index: _, ...rest } = flags;
    return attachCommand.run(ctx, rest, [c.name]);
  },
};
