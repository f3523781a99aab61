/** `berth tag` (docker/cli's image/tag.go). */
import { parseNormalizedNamed } from "../../../image/reference.ts";
import { CliError, type Command } from "../../command.ts";

export const tag: Command = {
  name: "tag",
  aliases: ["image tag"],
  usage: "tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
  description: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
  minArgs: 2,
  maxArgs: 2,
  flags: [],
  async run(ctx, _flags, [source, target]) {
    let ref: ReturnType<typeof parseNormalizedNamed>;
    try {
      ref = parseNormalizedNamed(target);
    } catch (err) {
      throw new CliError(
        `Error parsing reference: "${target}" is not a valid repository/tag: ${(err as Error).message}`,
        1,
      );
    }
    if (ref.digest) throw new CliError("refusing to create a tag with a digest reference", 1);
    await ctx.client.ok("POST", `/images/${encodeURIComponent(source)}/tag`, {
      query: { repo: `${ref.domain}/${ref.path}`, tag: ref.tag ?? "latest" },
    });
    return 0;
  },
};
