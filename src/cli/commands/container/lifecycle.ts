/**
 * `stop`, `kill`, `restart`, `pause` and `unpause`: one request per container, run in
 * parallel, reported per name.
 */
import { type Command, str } from "../../command.ts";
import { cpath, parallelOperation, reportEach } from "./common.ts";

const timeFlag = {
  name: "time",
  short: "t",
  aliases: ["timeout"],
  type: "int" as const,
  description: "Seconds to wait before killing the container",
};

export const stop: Command = {
  name: "stop",
  aliases: ["container stop"],
  usage: "stop [OPTIONS] CONTAINER [CONTAINER...]",
  description: "Stop one or more running containers",
  minArgs: 1,
  flags: [
    { name: "signal", short: "s", type: "string", description: "Signal to send to the container" },
    timeFlag,
  ],
  async run(ctx, flags, args) {
    const query = { signal: str(flags, "signal"), t: flags.time as number | undefined };
    const errs = await parallelOperation(args, (n) => ctx.client.ok("POST", `${cpath(n)}/stop`, { query }));
    return reportEach(ctx, args, errs);
  },
};

export const kill: Command = {
  name: "kill",
  aliases: ["container kill"],
  usage: "kill [OPTIONS] CONTAINER [CONTAINER...]",
  description: "Kill one or more running containers",
  minArgs: 1,
  flags: [{ name: "signal", short: "s", type: "string", description: "Signal to send to the container" }],
  async run(ctx, flags, args) {
    const query = { signal: str(flags, "signal") };
    const errs = await parallelOperation(args, (n) => ctx.client.ok("POST", `${cpath(n)}/kill`, { query }));
    return reportEach(ctx, args, errs);
  },
};

export const restart: Command = {
  name: "restart",
  aliases: ["container restart"],
  usage: "restart [OPTIONS] CONTAINER [CONTAINER...]",
  description: "Restart one or more containers",
  minArgs: 1,
  flags: [
    { name: "signal", short: "s", type: "string", description: "Signal to send to the container" },
    timeFlag,
  ],
  async run(ctx, flags, args) {
    const query = { signal: str(flags, "signal"), t: flags.time as number | undefined };
    const errs: unknown[] = [];
    for (const n of args) {
      errs.push(
        await ctx.client.ok("POST", `${cpath(n)}/restart`, { query }).then(
          () => undefined,
          (e: unknown) => e,
        ),
      );
    }
    return reportEach(ctx, args, errs);
  },
};

export const pause: Command = {
  name: "pause",
  aliases: ["container pause"],
  usage: "pause CONTAINER [CONTAINER...]",
  description: "Pause all processes within one or more containers",
  minArgs: 1,
  flags: [],
  async run(ctx, _flags, args) {
    return reportEach(
      ctx,
      args,
      await parallelOperation(args, (n) => ctx.client.ok("POST", `${cpath(n)}/pause`)),
    );
  },
};

export const unpause: Command = {
  name: "unpause",
  aliases: ["container unpause"],
  usage: "unpause CONTAINER [CONTAINER...]",
  description: "Unpause all processes within one or more containers",
  minArgs: 1,
  flags: [],
  async run(ctx, _flags, args) {
    return reportEach(
      ctx,
      args,
      await parallelOperation(args, (n) => ctx.client.ok("POST", `${cpath(n)}/unpause`)),
    );
  },
};
