/** `berth image inspect` (docker/cli's image/inspect.go). */
import { ApiError } from "../../../client/client.ts";
import type { ImageInspect } from "../../../types/image.ts";
import { type CliContext, type Command, formatFlag, str, writeLine } from "../../command.ts";
import { printInspect } from "../../output.ts";

export const imageInspect: Command = {
  name: "image inspect",
  usage: "image inspect [OPTIONS] IMAGE [IMAGE...]",
  description: "Display detailed information on one or more images",
  minArgs: 1,
  flags: [{ ...formatFlag, short: "f" }],
  async run(ctx, flags, args) {
    return inspectImages(ctx, str(flags, "format"), args);
  },
};

export async function inspectImages(
  ctx: CliContext,
  format: string | undefined,
  names: string[],
): Promise<number> {
  const found: ImageInspect[] = [];
  const errors: string[] = [];
  for (const n of names) {
    try {
      found.push(await ctx.client.json<ImageInspect>("GET", `/images/${encodeURIComponent(n)}/json`));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      errors.push(
        err.status === 404 ? `Error: No such image: ${n}` : `Error response from daemon: ${err.message}`,
      );
    }
  }
  printInspect(ctx.stdout, format, found);
  for (const e of errors) writeLine(ctx.stderr, e);
  return errors.length ? 1 : 0;
}
