/** `berth image prune` (docker/cli's image/prune.go). */
import { humanSize } from "../../../format/units.ts";
import type { ImagePruneResponse } from "../../../types/image.ts";
import { type Command, filtersJson, list, writeLine } from "../../command.ts";
import { confirm } from "../confirm.ts";

export const imagePrune: Command = {
  name: "image prune",
  usage: "image prune [OPTIONS]",
  description: "Remove unused images",
  maxArgs: 0,
  flags: [
    {
      name: "all",
      short: "a",
      type: "bool",
      description: "Remove all unused images, not just dangling ones",
    },
    { name: "filter", type: "list", description: 'Provide filter values (e.g. "until=<timestamp>")' },
    { name: "force", short: "f", type: "bool", description: "Do not prompt for confirmation" },
  ],
  async run(ctx, flags) {
    const warning = flags.all
      ? "WARNING! This will remove all images without at least one container associated to them."
      : "WARNING! This will remove all dangling images.";
    if (!flags.force && !(await confirm(ctx, warning))) return 0;
    const filters = list(flags, "filter");
    if (flags.all) filters.push("dangling=false");
    const res = await ctx.client.json<ImagePruneResponse>("POST", "/images/prune", {
      query: { filters: filtersJson(filters) },
    });
    if (res.ImagesDeleted?.length) {
      writeLine(ctx.stdout, "Deleted Images:");
      for (const i of res.ImagesDeleted) {
        if (i.Untagged) writeLine(ctx.stdout, `untagged: ${i.Untagged}`);
        if (i.Deleted) writeLine(ctx.stdout, `deleted: ${i.Deleted}`);
      }
      writeLine(ctx.stdout);
    }
    writeLine(ctx.stdout, `Total reclaimed space: ${humanSize(res.SpaceReclaimed)}`);
    return 0;
  },
};
