/** `berth container prune` (docker/cli's container/prune.go). */
import { humanSize } from "../../../format/units.ts";
import type { ContainerPruneResponse } from "../../../types/container.ts";
import { type Command, filtersJson, list, writeLine } from "../../command.ts";
import { confirm } from "../confirm.ts";

export const containerPrune: Command = {
  name: "container prune",
  usage: "container prune [OPTIONS]",
  description: "Remove all stopped containers",
  maxArgs: 0,
  flags: [
    { name: "filter", type: "list", description: 'Provide filter values (e.g. "until=<timestamp>")' },
    { name: "force", short: "f", type: "bool", description: "Do not prompt for confirmation" },
  ],
  async run(ctx, flags) {
    if (!flags.force && !(await confirm(ctx, "WARNING! This will remove all stopped containers."))) return 0;
    const res = await ctx.client.json<ContainerPruneResponse>("POST", "/containers/prune", {
      query: { filters: filtersJson(list(flags, "filter")) },
    });
    let reclaimed = 0;
    if (res.ContainersDeleted?.length) {
      writeLine(ctx.stdout, `Deleted Containers:\n${res.ContainersDeleted.join("\n")}\n`);
      reclaimed = res.SpaceReclaimed;
    }
    writeLine(ctx.stdout, `Total reclaimed space: ${humanSize(reclaimed)}`);
    return 0;
  },
};
