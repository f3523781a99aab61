/** `berth start` (docker/cli's container/start.go). */
import { ApiError } from "../../../client/client.ts";
import { CliError, type Command, str, writeLine } from "../../command.ts";
import { DetachedError, forwardSignals, monitorTtySize, streamHijacked } from "../../stream.ts";
import { errorText } from "./errors.ts";
import { attachQuery, inspectContainer, resizer, waitExitOrRemoved } from "./streams.ts";

export const start: Command = {
  name: "start",
  aliases: ["container start"],
  usage: "start [OPTIONS] CONTAINER [CONTAINER...]",
  description: "Start one or more stopped containers",
  minArgs: 1,
  flags: [
    { name: "attach", short: "a", type: "bool", description: "Attach STDOUT/STDERR and forward signals" },
    {
      name: "detach-keys",
      type: "string",
      description: "Override the key sequence for detaching a container",
    },
    { name: "interactive", short: "i", type: "bool", description: "Attach container's STDIN" },
  ],
  async run(ctx, flags, args) {
    if (!flags.attach && !flags.interactive) {
      const failed: string[] = [];
      for (const name of args) {
        try {
          await ctx.client.ok("POST", `/containers/${encodeURIComponent(name)}/start`);
          writeLine(ctx.stdout, name);
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          writeLine(ctx.stderr, errorText(err));
          failed.push(name);
        }
      }
      if (failed.length) throw new CliError(`Error: failed to start containers: ${failed.join(", ")}`, 1);
      return 0;
    }
    if (args.length > 1) throw new CliError("you cannot start and attach multiple containers at once", 1);
    const c = await inspectContainer(ctx, args[0]);
    const cleanups: (() => void)[] = [];
    try {
      const tty = c.Config.Tty;
      if (!tty) {
        cleanups.push(
          forwardSignals((signal) =>
            ctx.client.ok("POST", `/containers/${c.Id}/kill`, { query: { signal } }),
          ),
        );
      }
      const attachStdin = Boolean(flags.interactive) && c.Config.OpenStdin;
      const { socket, head } = await ctx.client.hijack("POST", `/containers/${c.Id}/attach`, {
        query: attachQuery(attachStdin, true, true, str(flags, "detach-keys")),
      });
      cleanups.push(() => socket.destroy());
      const stream = streamHijacked({
        socket,
        head,
        stdin: attachStdin ? ctx.stdin : undefined,
        stdout: ctx.stdout,
        stderr: ctx.stderr,
        tty,
        detachKeys: str(flags, "detach-keys"),
        warn: (m) => writeLine(ctx.stderr, m),
      });
      stream.catch(() => {});
      const autoRemove = c.HostConfig.AutoRemove;
      const wait = await waitExitOrRemoved(ctx, c.Id, autoRemove ? "removed" : "next-exit");
      cleanups.push(() => wait.abort());
      try {
        await ctx.client.ok("POST", `/containers/${c.Id}/start`);
      } catch (err) {
        socket.destroy();
        await stream.catch(() => {});
        if (autoRemove) await wait.status;
        throw err;
      }
      if (tty && ctx.stdout.isTTY)
        cleanups.push(monitorTtySize(ctx.stdout, resizer(ctx.client, `/containers/${c.Id}/resize`)));
      try {
        await stream;
      } catch (err) {
        if (err instanceof DetachedError) return 0;
        throw err;
      }
      return await wait.status;
    } finally {
      for (const c of cleanups.reverse()) c();
    }
  },
};
