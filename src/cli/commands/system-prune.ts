/** `berth system prune` (docker/cli's system/prune.go): every prune in docker's order, one total. */
import { humanSize } from "../../format/units.ts";
import type { ContainerPruneResponse } from "../../types/container.ts";
import type { ImagePruneResponse } from "../../types/image.ts";
import type { VolumePruneResponse } from "../../types/volume.ts";
import { CliError, type Command, filtersJson, list, writeLine } from "../command.ts";
import { confirm } from "./confirm.ts";

export const systemPrune: Command = {
  name: "system prune",
  usage: "system prune [OPTIONS]",
  description: "Remove unused data",
  maxArgs: 0,
  flags: [
    { name: "all", short: "a", type: "bool", description: "Remove all unused images not just dangling ones" },
    { name: "filter", type: "list", description: 'Provide filter values (e.g. "label=<key>=<value>")' },
    { name: "force", short: "f", type: "bool", description: "Do not prompt for confirmation" },
    { name: "volumes", type: "bool", description: "Prune anonymous volumes" },
  ],
  async run(ctx, flags) {
    const filters = list(flags, "filter");
    const all = Boolean(flags.all);
    if (flags.volumes && filters.some((f) => f.startsWith("until=")))
      throw new CliError('ERROR: The "until" filter is not supported with "--volumes"', 1);
    const warnings = [
      "all stopped containers",
      "all networks not used by at least one container",
      ...(flags.volumes ? ["all anonymous volumes not used by at least one container"] : []),
      all ? "all images without at least one container associated to them" : "all dangling images",
      all ? "all build cache" : "unused build cache",
    ];
    const shown = filters.filter((f) => /^(label|label!|until)=/.test(f)).sort();
    const filtered = shown.length
      ? `\n\n  Items to be pruned will be filtered with:\n${shown.map((f) => `  - ${f}`).join("\n")}\n`
      : "\n";
    const warning = `WARNING! This will remove:\n${warnings.map((w) => `  - ${w}`).join("\n")}${filtered}`;
    if (!flags.force && !(await confirm(ctx, warning))) return 0;
    const query = (extra: string[] = []) => ({ query: { filters: filtersJson([...filters, ...extra]) } });
    let reclaimed = 0;
    const section = (title: string, lines: string[] | null | undefined) => {
      if (lines?.length) writeLine(ctx.stdout, `${title}:\n${lines.join("\n")}\n`);
    };
    const containers = await ctx.client.json<ContainerPruneResponse>("POST", "/containers/prune", query());
    section("Deleted Containers", containers.ContainersDeleted);
    if (containers.ContainersDeleted?.length) reclaimed += containers.SpaceReclaimed;
    const networks = await ctx.client.json<{ NetworksDeleted: string[] | null }>(
      "POST",
      "/networks/prune",
      query(),
    );
    section("Deleted Networks", networks.NetworksDeleted);
    if (flags.volumes) {
      const volumes = await ctx.client.json<VolumePruneResponse>("POST", "/volumes/prune", query());
      section("Deleted Volumes", volumes.VolumesDeleted);
      if (volumes.VolumesDeleted?.length) reclaimed += volumes.SpaceReclaimed;
    }
    const images = await ctx.client.json<ImagePruneResponse>(
      "POST",
      "/images/prune",
      query([`dangling=${!all}`]),
    );
    section(
      "Deleted Images",
      images.ImagesDeleted?.map((i) => (i.Untagged ? `untagged: ${i.Untagged}` : `deleted: ${i.Deleted}`)),
    );
    if (images.ImagesDeleted?.length) reclaimed += images.SpaceReclaimed;
    const cache = await ctx.client.json<{ CachesDeleted: string[] | null; SpaceReclaimed: number }>(
      "POST",
      "/build/prune",
      { query: { ...query().query, ...(all ? { all: "1" } : {}) } },
    );
    section("Deleted build cache objects", cache.CachesDeleted);
    reclaimed += cache.SpaceReclaimed;
    writeLine(ctx.stdout, `Total reclaimed space: ${humanSize(reclaimed)}`);
    return 0;
  },
};
