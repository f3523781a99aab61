/** `berth rmi` (docker/cli's image/remove.go). */
import { ApiError } from "../../../client/client.ts";
import type { ImageDeleteResponseItem } from "../../../types/image.ts";
import { type Command, writeLine } from "../../command.ts";

export const rmi: Command = {
  name: "rmi",
  aliases: ["image rm", "image remove"],
  usage: "rmi [OPTIONS] IMAGE [IMAGE...]",
  description: "Remove one or more images",
  minArgs: 1,
  flags: [
    { name: "force", short: "f", type: "bool", description: "Force removal of the image" },
    { name: "no-prune", type: "bool", description: "Do not delete untagged parents" },
  ],
  async run(ctx, flags, args) {
    let failed = false;
    for (const name of args) {
      try {
        const items = await ctx.client.json<ImageDeleteResponseItem[]>(
          "DELETE",
          `/images/${encodeURIComponent(name)}`,
          { query: { force: flags.force ? "1" : undefined, noprune: flags["no-prune"] ? "1" : undefined } },
        );
        for (const i of items) {
          if (i.Untagged) writeLine(ctx.stdout, `Untagged: ${i.Untagged}`);
          if (i.Deleted) writeLine(ctx.stdout, `Deleted: ${i.Deleted}`);
        }
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        ctx.stderr.write(`Error response from daemon: ${err.message}\n`);
        failed = true;
      }
    }
    return failed ? 1 : 0;
  },
};
