/** `berth compose stats`: berth's own `stats` over the project's containers. */
import { projectContainers } from "../../../compose/engine/state.ts";
import { CliError, str } from "../../command.ts";
import { print, stats as statsCommand } from "../container/stats.ts";
import type { ComposeCommand } from "./common.ts";

export const stats: ComposeCommand = {
  name: "stats",
  usage: "stats [OPTIONS] [SERVICE]",
  description: "Display a live stream of container(s) resource usage statistics",
  flags: statsCommand.flags,
  async run(ctx, env, flags, args) {
    if (args.length > 1) throw new CliError('"stats" accepts at most 1 argument', 1);
    const projectName = await env.projectName();
    const containers = (
      await projectContainers(ctx.client, projectName, { all: true, services: args })
    ).filter((c) => flags.all || c.state === "running");
    // No container: the empty table (berth's stats without names would show every container).
    if (containers.length === 0) {
      print(ctx, str(flags, "format"), [], Boolean(flags["no-trunc"]));
      return 0;
    }
    return statsCommand.run(
      ctx,
      flags,
      containers.map((c) => c.name),
    );
  },
};
