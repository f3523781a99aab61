/** `berth history` (docker/cli's image/history.go). */
import { humanSize, shortId, timeAgo } from "../../../format/units.ts";
import type { HistoryResponseItem } from "../../../types/image.ts";
import { type Command, formatFlag, str, writeLine } from "../../command.ts";
import { printRows } from "../../output.ts";

export const history: Command = {
  name: "history",
  aliases: ["image history"],
  usage: "history [OPTIONS] IMAGE",
  description: "Show the history of an image",
  minArgs: 1,
  maxArgs: 1,
  flags: [
    formatFlag,
    {
      name: "human",
      short: "H",
      type: "bool",
      default: true,
      description: "Print sizes and dates in human readable format",
    },
    { name: "no-trunc", type: "bool", description: "Don't truncate output" },
    { name: "quiet", short: "q", type: "bool", description: "Only show image IDs" },
  ],
  async run(ctx, flags, [name]) {
    const rows = await ctx.client.json<HistoryResponseItem[]>(
      "GET",
      `/images/${encodeURIComponent(name)}/history`,
    );
    const noTrunc = Boolean(flags["no-trunc"]);
    const human = flags.human !== false;
    const id = (i: string) => (i === "<missing>" || noTrunc ? i : shortId(i));
    if (flags.quiet) {
      for (const r of rows) writeLine(ctx.stdout, id(r.Id));
      return 0;
    }
    const out = rows.map((r) => {
      const createdBy = r.CreatedBy.replace(/\t/g, " ");
      return {
        ID: id(r.Id),
        CreatedSince: human
          ? timeAgo(new Date(r.Created * 1000))
          : new Date(r.Created * 1000).toISOString().replace(/\.\d+Z$/, "Z"),
        CreatedAt: new Date(r.Created * 1000).toISOString().replace(/\.\d+Z$/, "Z"),
        CreatedBy:
          noTrunc || [...createdBy].length <= 45 ? createdBy : `${[...createdBy].slice(0, 44).join("")}…`,
        Size: human ? humanSize(r.Size) : String(r.Size),
        Comment: r.Comment,
      };
    });
    printRows(
      ctx.stdout,
      str(flags, "format"),
      "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}",
      out,
      {
        ID: "IMAGE",
        CreatedSince: "CREATED",
        CreatedAt: "CREATED AT",
        CreatedBy: "CREATED BY",
        Size: "SIZE",
        Comment: "COMMENT",
      },
    );
    return 0;
  },
};
