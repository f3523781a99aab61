/** `berth attach` (docker/cli's container/attach.go). */
import { readAll } from "../../../client/client.ts";
import { CliError, type Command, str, writeLine } from "../../command.ts";
import {
  checkTty,
  DetachedError,
  forwardSignals,
  monitorTtySize,
  streamHijacked,
  ttySize,
} from "../../stream.ts";
import { attachQuery, checkAttachable, inspectContainer, resizer, type WaitResult } from "./streams.ts";

export const attach: Command = {
  name: "attach",
  aliases: ["container attach"],
  usage: "attach [OPTIONS] CONTAINER",
  description: "Attach local standard input, output, and error streams to a running container",
  minArgs: 1,
  maxArgs: 1,
  flags: [
    {
      name: "detach-keys",
      type: "string",
      description: "Override the key sequence for detaching a container",
    },
    { name: "no-stdin", type: "bool", description: "Do not attach STDIN" },
    {
      name: "sig-proxy",
      type: "bool",
      default: true,
      description: "Proxy all received signals to the process",
    },
  ],
  async run(ctx, flags, [name]) {
    const path = `/containers/${encodeURIComponent(name)}`;
    // docker asks for the exit status first, then inspects.
    const waitP = ctx.client.call("POST", `${path}/wait`).then(
      (res) => ({ res }),
      (err: unknown) => ({ err }),
    );
    const cleanups: (() => void)[] = [];
    try {
      const c = await inspectContainer(ctx, name);
      checkAttachable(c);
      const tty = c.Config.Tty;
      try {
        checkTty(ctx.stdin, !flags["no-stdin"], tty);
      } catch (err) {
        throw new CliError((err as Error).message, 1);
      }
      const attachStdin = !flags["no-stdin"] && c.Config.OpenStdin;
      if (flags["sig-proxy"] !== false && !tty) {
        cleanups.push(
          forwardSignals((signal) => ctx.client.ok("POST", `${path}/kill`, { query: { signal } })),
        );
      }
      const { socket, head } = await ctx.client.hijack("POST", `${path}/attach`, {
        query: attachQuery(attachStdin, true, true, str(flags, "detach-keys")),
      });
      cleanups.push(() => socket.destroy());
      try {
        checkAttachable(await inspectContainer(ctx, name));
      } catch (err) {
        socket.destroy();
        throw err;
      }
      if (tty && ctx.stdout.isTTY) {
        const resize = resizer(ctx.client, `${path}/resize`);
        const [h, w] = ttySize(ctx.stdout);
        // A size change makes the shell redraw its prompt for a second attach.
        await resize(h + 1, w + 1).catch(() => {});
        cleanups.push(monitorTtySize(ctx.stdout, resize));
      }
      await streamHijacked({
        socket,
        head,
        stdin: attachStdin ? ctx.stdin : undefined,
        stdout: ctx.stdout,
        stderr: ctx.stderr,
        tty,
        detachKeys: str(flags, "detach-keys"),
        warn: (m) => writeLine(ctx.stderr, m),
      }).catch((err) => {
        throw err instanceof DetachedError ? new CliError(err.message, 1) : err;
      });
      const w = await waitP;
      if ("err" in w) throw w.err;
      cleanups.push(() => w.res.body.destroy());
      const result = JSON.parse((await readAll(w.res.body)).toString("utf8")) as WaitResult;
      if (result.Error?.Message) throw new CliError(result.Error.Message, 1);
      return result.StatusCode;
    } finally {
      for (const c of cleanups.reverse()) c();
      waitP.then((w) => ("res" in w ? w.res.body.destroy() : undefined));
    }
  },
};
