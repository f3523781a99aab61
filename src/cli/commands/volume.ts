/** `berth volume create|ls|inspect|rm|prune` (docker/cli's cli/command/volume). */
import { humanSizeWithPrecision } from "../../format/units.ts";
import type { Volume, VolumeListResponse, VolumePruneResponse } from "../../types/volume.ts";
import { CliError, type Command, filtersJson, formatFlag, list, str, writeLine } from "../command.ts";
import { printInspect, printRows } from "../output.ts";
import { apiFailure } from "./api-failure.ts";
import { confirm } from "./confirm.ts";
import { kvMap } from "./container/opts-values.ts";

const create: Command = {
  name: "volume create",
  usage: "volume create [OPTIONS] [VOLUME]",
  description: "Create a volume",
  maxArgs: 1,
  flags: [
    {
      name: "driver",
      short: "d",
      type: "string",
      description: 'Specify volume driver name (default "local")',
    },
    { name: "label", type: "list", description: "Set metadata for a volume" },
    { name: "name", type: "string", description: "Specify volume name" },
    { name: "opt", short: "o", type: "list", description: "Set driver specific options" },
  ],
  async run(ctx, flags, args) {
    const flagName = str(flags, "name");
    if (flagName && args[0] && flagName !== args[0]) {
      throw new CliError(`conflicting options: either specify --name or provide positional arg, not both`, 1);
    }
    try {
      const vol = await ctx.client.json<Volume>("POST", "/volumes/create", {
        body: {
          Name: args[0] ?? flagName ?? "",
          Driver: str(flags, "driver") ?? "local",
          DriverOpts: kvMap(list(flags, "opt")),
          Labels: kvMap(list(flags, "label")),
        },
      });
      writeLine(ctx.stdout, vol.Name);
      return 0;
    } catch (err) {
      writeLine(ctx.stderr, apiFailure(err));
      return 1;
    }
  },
};

const ls: Command = {
  name: "volume ls",
  aliases: ["volume list"],
  usage: "volume ls [OPTIONS]",
  description: "List volumes",
  maxArgs: 0,
  flags: [
    { name: "filter", short: "f", type: "list", description: 'Provide filter values (e.g. "dangling=true")' },
    formatFlag,
    { name: "quiet", short: "q", type: "bool", description: "Only display volume names" },
  ],
  async run(ctx, flags) {
    const res = await ctx.client.json<VolumeListResponse>("GET", "/volumes", {
      query: { filters: filtersJson(list(flags, "filter")) },
    });
    const vols = [...(res.Volumes ?? [])].sort((a, b) => a.Name.localeCompare(b.Name));
    for (const w of res.Warnings ?? []) writeLine(ctx.stderr, w);
    if (flags.quiet) {
      for (const v of vols) writeLine(ctx.stdout, v.Name);
      return 0;
    }
    // docker's volumeContext fields, in the sorted order its `{{json .}}` prints.
    const rows = vols.map((v) => ({
      Availability: "N/A",
      Driver: v.Driver,
      Group: "N/A",
      Labels: Object.entries(v.Labels ?? {})
        .map(([k, val]) => `${k}=${val}`)
        .join(","),
      Links: v.UsageData ? String(v.UsageData.RefCount) : "N/A",
      Mountpoint: v.Mountpoint,
      Name: v.Name,
      Scope: v.Scope,
      Size: v.UsageData && v.UsageData.Size >= 0 ? humanSizeWithPrecision(v.UsageData.Size, 4) : "N/A",
      Status: "N/A",
    }));
    printRows(ctx.stdout, str(flags, "format"), "table {{.Driver}}\t{{.Name}}", rows, {
      Driver: "DRIVER",
      Name: "VOLUME NAME",
      Scope: "SCOPE",
      Mountpoint: "MOUNTPOINT",
      Labels: "LABELS",
      Links: "LINKS",
      Size: "SIZE",
      Group: "GROUP",
      Availability: "AVAILABILITY",
      Status: "STATUS",
    });
    return 0;
  },
};

const inspect: Command = {
  name: "volume inspect",
  usage: "volume inspect [OPTIONS] VOLUME [VOLUME...]",
  description: "Display detailed information on one or more volumes",
  minArgs: 1,
  flags: [{ ...formatFlag, short: "f" }],
  async run(ctx, flags, args) {
    const found: unknown[] = [];
    const errors: string[] = [];
    for (const n of args) {
      try {
        found.push(await ctx.client.json("GET", `/volumes/${encodeURIComponent(n)}`));
      } catch (err) {
        errors.push(apiFailure(err));
      }
    }
    printInspect(ctx.stdout, str(flags, "format"), found);
    for (const e of errors) writeLine(ctx.stderr, e);
    return errors.length ? 1 : 0;
  },
};

const rm: Command = {
  name: "volume rm",
  aliases: ["volume remove"],
  usage: "volume rm [OPTIONS] VOLUME [VOLUME...]",
  description: "Remove one or more volumes",
  minArgs: 1,
  flags: [
    { name: "force", short: "f", type: "bool", description: "Force the removal of one or more volumes" },
  ],
  async run(ctx, flags, args) {
    let failed = false;
    for (const n of args) {
      try {
        await ctx.client.ok("DELETE", `/volumes/${encodeURIComponent(n)}`, {
          query: flags.force ? { force: "1" } : {},
        });
        writeLine(ctx.stdout, n);
      } catch (err) {
        writeLine(ctx.stderr, apiFailure(err));
        failed = true;
      }
    }
    return failed ? 1 : 0;
  },
};

const prune: Command = {
  name: "volume prune",
  usage: "volume prune [OPTIONS]",
  description: "Remove unused local volumes",
  maxArgs: 0,
  flags: [
    {
      name: "all",
      short: "a",
      type: "bool",
      description: "Remove all unused volumes, not just anonymous ones",
    },
    { name: "filter", type: "list", description: 'Provide filter values (e.g. "label=<label>")' },
    { name: "force", short: "f", type: "bool", description: "Do not prompt for confirmation" },
  ],
  async run(ctx, flags) {
    const filters = list(flags, "filter");
    if (flags.all) {
      if (filters.some((f) => f.startsWith("all="))) {
        throw new CliError("conflicting options: cannot specify both --all and --filter all=1", 1);
      }
      filters.push("all=true");
    }
    const warning = flags.all
      ? "WARNING! This will remove all local volumes not used by at least one container."
      : "WARNING! This will remove anonymous local volumes not used by at least one container.";
    if (!flags.force && !(await confirm(ctx, warning))) return 0;
    const res = await ctx.client.json<VolumePruneResponse>("POST", "/volumes/prune", {
      query: { filters: filtersJson(filters) },
    });
    if (res.VolumesDeleted?.length) {
      writeLine(ctx.stdout, "Deleted Volumes:");
      for (const v of res.VolumesDeleted) writeLine(ctx.stdout, v);
      writeLine(ctx.stdout);
    }
    // docker/cli prints go-units' HumanSize here: 4 significant digits.
    writeLine(ctx.stdout, `Total reclaimed space: ${humanSizeWithPrecision(res.SpaceReclaimed, 4)}`);
    return 0;
  },
};

export const volumeCommands: Command[] = [create, ls, inspect, rm, prune];
