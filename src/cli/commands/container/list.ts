/** `berth ps` (docker/cli's container/list.go). */
import type { ContainerSummary } from "../../../types/container.ts";
import { type Command, filtersJson, formatFlag, list, str, writeLine } from "../../command.ts";
import { printRows } from "../../output.ts";
import { ContainerRow, containerHeaders, defaultPsFormat } from "./formatter.ts";

export const ps: Command = {
  name: "ps",
  aliases: ["container ls", "container list", "container ps"],
  usage: "ps [OPTIONS]",
  description: "List containers",
  maxArgs: 0,
  flags: [
    {
      name: "all",
      short: "a",
      type: "bool",
      description: "Show all containers (default shows just running)",
    },
    { name: "filter", short: "f", type: "list", description: "Filter output based on conditions provided" },
    formatFlag,
    {
      name: "last",
      short: "n",
      type: "int",
      default: -1,
      description: "Show n last created containers (includes all states)",
    },
    {
      name: "latest",
      short: "l",
      type: "bool",
      description: "Show the latest created container (includes all states)",
    },
    { name: "no-trunc", type: "bool", description: "Don't truncate output" },
    { name: "quiet", short: "q", type: "bool", description: "Only display container IDs" },
    // "" stands for "not given": a template using .Size asks for sizes unless --size=false.
    { name: "size", short: "s", type: "bool", default: "", description: "Display total file sizes" },
  ],
  async run(ctx, flags) {
    const format = str(flags, "format");
    let limit = flags.last as number;
    if (flags.latest && limit === -1) limit = 1;
    let size = flags.size === true;
    if (format && !flags.quiet && flags.size === "" && /\.Size\b/.test(format)) size = true;
    const containers = await ctx.client.json<ContainerSummary[]>("GET", "/containers/json", {
      query: {
        all: flags.all ? "1" : undefined,
        filters: filtersJson(list(flags, "filter")),
        limit: limit > 0 ? limit : undefined,
        size: size ? "1" : undefined,
      },
    });
    const trunc = !flags["no-trunc"];
    const rows = containers.map((c) => new ContainerRow(c, trunc));
    if (flags.quiet) {
      for (const r of rows) writeLine(ctx.stdout, r.ID);
      return 0;
    }
    printRows(
      ctx.stdout,
      format,
      size ? `${defaultPsFormat}\t{{.Size}}` : defaultPsFormat,
      rows,
      containerHeaders,
    );
    return 0;
  },
};
