/** `berth rename` (docker/cli's container/rename.go). */
import { ApiError } from "../../../client/client.ts";
import { CliError, type Command, writeLine } from "../../command.ts";
import { cpath } from "./common.ts";
import { errorText } from "./errors.ts";

export const rename: Command = {
  name: "rename",
  aliases: ["container rename"],
  usage: "rename CONTAINER NEW_NAME",
  description: "Rename a container",
  minArgs: 2,
  maxArgs: 2,
  flags: [],
  async run(ctx, _flags, [oldName, newName]) {
    const from = oldName.trim();
    const to = newName.trim();
    if (from === "" || to === "") throw new CliError("Error: Neither old nor new names may be empty", 1);
    try {
      await ctx.client.ok("POST", `${cpath(from)}/rename`, { query: { name: to } });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      writeLine(ctx.stderr, errorText(err));
      throw new CliError(`Error: failed to rename container named ${from}`, 1);
    }
    return 0;
  },
};
