/** `berth builder prune` (docker/cli's builder/prune.go): the build cache's prune, one total. */
import { humanSize } from "../../format/units.ts";
import { type Command, filtersJson, list, str, writeLine } from "../command.ts";
import { confirm } from "./confirm.ts";

const normalWarning = "WARNING! This will remove all dangling build cache.";
const allCacheWarning = "WARNING! This will remove all build cache.";

export const builderPrune: Command = {
  name: "builder prune",
  usage: "builder prune",
  description: "Remove build cache",
  maxArgs: 0,
  flags: [
    {
      name: "all",
      short: "a",
      type: "bool",
      description: "Remove all unused build cache, not just dangling ones",
    },
    { name: "filter", type: "list", description: 'Provide filter values (e.g. "until=24h")' },
    { name: "force", short: "f", type: "bool", description: "Do not prompt for confirmation" },
    { name: "keep-storage", type: "string", description: "Amount of disk space to keep for cache" },
  ],
  async run(ctx, flags) {
    const all = Boolean(flags.all);
    if (!flags.force && !(await confirm(ctx, all ? allCacheWarning : normalWarning, "Total:\t0B"))) return 0;
    const query: Record<string, string> = {};
    const filters = filtersJson(list(flags, "filter"));
    if (filters) query.filters = filters;
    if (all) query.all = "1";
    const keep = str(flags, "keep-storage");
    if (keep) query["keep-storage"] = keep;
    const report = await ctx.client.json<{ CachesDeleted: string[] | null; SpaceReclaimed: number }>(
      "POST",
      "/build/prune",
      { query },
    );
    if (report.CachesDeleted?.length)
      writeLine(ctx.stdout, `Deleted build cache objects:\n${report.CachesDeleted.join("\n")}\n`);
    writeLine(ctx.stdout, `Total:\t${humanSize(report.SpaceReclaimed)}`);
    return 0;
  },
};
