/**
 * `berth run` (docker/cli's container/run.go), with the requests in the order the docker CLI
 * sends them (create, attach, wait, start, resize).
 */
import { CliError, type Command, str, writeLine } from "../../command.ts";
import { checkTty, DetachedError, forwardSignals, monitorTtySize, streamHijacked } from "../../stream.ts";
import { createContainer, createOptions, validatePull } from "./create.ts";
import { errorText, runErrorMessage, startErrorExitCode } from "./errors.ts";
import { parseContainerOptions } from "./opts.ts";
import { processEnv } from "./opts-common.ts";
import { containerFlags, createOnlyFlags, runOnlyFlags } from "./opts-flags.ts";
import { attachQuery, resizer, waitExitOrRemoved } from "./streams.ts";

export const run: Command = {
  name: "run",
  aliases: ["container run"],
  usage: "run [OPTIONS] IMAGE [COMMAND] [ARG...]",
  description: "Create and run a new container from an image",
  interspersed: false,
  minArgs: 1,
  flags: [...runOnlyFlags, ...createOnlyFlags, ...containerFlags],
  async run(ctx, flags, [image, ...cmd]) {
    let parsed: ReturnType<typeof parseContainerOptions>;
    try {
      validatePull(str(flags, "pull") ?? "");
      parsed = parseContainerOptions(flags, image, cmd, processEnv);
    } catch (err) {
      throw new CliError(runErrorMessage("run", errorText(err), true), 125);
    }
    const body = parsed.body;
    const detach = Boolean(flags.detach);
    if (!detach) {
      try {
        // ctx.stdin only when it matters: process.stdin loads ~30 of Node's modules.
        if (body.AttachStdin && body.Tty) checkTty(ctx.stdin, true, true);
      } catch (err) {
        throw new CliError((err as Error).message, 1);
      }
    } else {
      if (parsed.attachGiven) throw new CliError("Conflicting options: -a and -d", 1);
      body.AttachStdin = false;
      body.AttachStdout = false;
      body.AttachStderr = false;
      body.StdinOnce = false;
    }

    let id: string;
    try {
      id = await createContainer(ctx, body, createOptions(flags));
    } catch (err) {
      ctx.stderr.write(`${runErrorMessage("run", errorText(err), true)}\n`);
      return startErrorExitCode(errorText(err));
    }

    const cleanups: (() => void)[] = [];
    const cleanup = () => {
      for (const c of cleanups.reverse()) c();
    };
    try {
      if (flags["sig-proxy"] !== false) {
        cleanups.push(
          forwardSignals((signal) => ctx.client.ok("POST", `/containers/${id}/kill`, { query: { signal } })),
        );
      }
      const tty = Boolean(body.Tty);
      const { AttachStdin: attachStdin, AttachStdout: attachStdout, AttachStderr: attachStderr } = body;
      const detached = !attachStdout && !attachStderr;
      if (detached) writeLine(ctx.stdout, id);

      let stream: Promise<void> | undefined;
      let socket: import("node:stream").Duplex | undefined;
      // The attach and the wait go out together, as the docker CLI sends them before waiting
      // for either: one round trip to berthd instead of two before the start.
      const autoRemove = Boolean(body.HostConfig.AutoRemove);
      const waiting = waitExitOrRemoved(ctx, id, autoRemove ? "removed" : "next-exit");
      if (attachStdin || attachStdout || attachStderr) {
        const hijacked = await ctx.client
          .hijack("POST", `/containers/${id}/attach`, {
            query: attachQuery(
              Boolean(attachStdin),
              Boolean(attachStdout),
              Boolean(attachStderr),
              str(flags, "detach-keys"),
            ),
          })
          .catch(async (err) => {
            (await waiting).abort();
            throw err;
          });
        socket = hijacked.socket;
        const head = hijacked.head;
        cleanups.push(() => hijacked.socket.destroy());
        stream = streamHijacked({
          socket,
          head,
          stdin: attachStdin ? ctx.stdin : undefined,
          stdout: attachStdout ? ctx.stdout : undefined,
          stderr: attachStderr ? (tty ? ctx.stdout : ctx.stderr) : undefined,
          tty,
          detachKeys: str(flags, "detach-keys"),
          warn: (m) => writeLine(ctx.stderr, m),
        });
        stream.catch(() => {});
      }

      const wait = await waiting;
      cleanups.push(() => wait.abort());

      try {
        await ctx.client.ok("POST", `/containers/${id}/start`);
      } catch (err) {
        if (stream) {
          // Stop streaming so the terminal is restored before the error is printed.
          socket?.destroy();
          await stream.catch(() => {});
        }
        ctx.stderr.write(`${runErrorMessage("run", errorText(err), false)}\n`);
        if (autoRemove) await wait.status;
        return startErrorExitCode(errorText(err));
      }

      if (stream && tty && ctx.stdout.isTTY) {
        cleanups.push(monitorTtySize(ctx.stdout, resizer(ctx.client, `/containers/${id}/resize`)));
      }
      if (stream) {
        try {
          await stream;
        } catch (err) {
          if (err instanceof DetachedError) return 0;
          throw err;
        }
      }
      if (detached) return 0;
      return await wait.status;
    } finally {
      cleanup();
    }
  },
};
