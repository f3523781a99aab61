/** `berth logs` (docker/cli's container/logs.go). */
import { InvalidParameterError } from "../../../errdefs/errors.ts";
import { CliError, type Command, str } from "../../command.ts";
import { StdcopyDemuxer } from "../../stream.ts";
import { parseGoDuration } from "./opts-values.ts";

/** A date as GetTimestamp reads it: local time unless a zone is given. */
function parseDateValue(value: string): { ms: number; nanos: string } | undefined {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?(Z|z|[+-]\d{2}:\d{2})?$/.exec(
      value,
    );
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone] = m;
  let ms: number;
  if (zone) {
    const off =
      zone === "Z" || zone === "z"
        ? 0
        : (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4)));
    ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - off * 60_000;
  } else {
    ms = new Date(+y, +mo - 1, +d, +h, +mi, +s).getTime();
  }
  if (Number.isNaN(ms)) return undefined;
  return { ms, nanos: (frac + "000000000").slice(0, 9) };
}

/** api/types/time GetTimestamp: a duration ago, a date, or unix seconds passed through. */
export function getTimestamp(value: string, now = Date.now()): string {
  if (value !== "0") {
    let d: number | undefined;
    try {
      d = parseGoDuration(value);
    } catch {
      d = undefined;
    }
    if (d !== undefined) return String(Math.floor((now - d / 1e6) / 1000));
  }
  const date = parseDateValue(value);
  if (date) return `${Math.floor(date.ms / 1000)}.${date.nanos}`;
  if (value.includes("-")) throw new InvalidParameterError(`parsing time "${value}": invalid timestamp`);
  if (/^\d+(\.\d+)?$/.test(value)) return value;
  throw new InvalidParameterError(`failed to parse value as time or duration: "${value}"`);
}

export const logs: Command = {
  name: "logs",
  aliases: ["container logs"],
  usage: "logs [OPTIONS] CONTAINER",
  description: "Fetch the logs of a container",
  minArgs: 1,
  maxArgs: 1,
  flags: [
    { name: "details", type: "bool", description: "Show extra details provided to logs" },
    { name: "follow", short: "f", type: "bool", description: "Follow log output" },
    {
      name: "since",
      type: "string",
      description:
        'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)',
    },
    {
      name: "tail",
      short: "n",
      type: "string",
      default: "all",
      description: "Number of lines to show from the end of the logs",
    },
    { name: "timestamps", short: "t", type: "bool", description: "Show timestamps" },
    {
      name: "until",
      type: "string",
      description:
        'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)',
    },
  ],
  async run(ctx, flags, [name]) {
    const c = await ctx.client.json<{ Id: string; Config: { Tty: boolean } }>(
      "GET",
      `/containers/${encodeURIComponent(name)}/json`,
    );
    const ts = (flag: "since" | "until") => {
      const v = str(flags, flag);
      if (v === undefined) return undefined;
      try {
        return getTimestamp(v);
      } catch (err) {
        throw new CliError(`invalid value for "${flag}": ${(err as Error).message}`, 1);
      }
    };
    const res = await ctx.client.call("GET", `/containers/${c.Id}/logs`, {
      query: {
        details: flags.details ? "1" : undefined,
        follow: flags.follow ? "1" : undefined,
        since: ts("since"),
        stderr: "1",
        stdout: "1",
        tail: (flags.tail as string | undefined) ?? "all",
        timestamps: flags.timestamps ? "1" : undefined,
        until: ts("until"),
      },
    });
    await copyLogStream(res.body, ctx.stdout, ctx.stderr, c.Config.Tty);
    return 0;
  },
};

/** A logs body: raw with a TTY, stdcopy frames otherwise. */
export async function copyLogStream(
  body: AsyncIterable<Buffer | string>,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
  tty: boolean,
): Promise<void> {
  const write = async (w: NodeJS.WritableStream, b: Buffer) => {
    if (!w.write(b)) await new Promise((r) => w.once("drain", r));
  };
  const pending: [NodeJS.WritableStream, Buffer][] = [];
  const demux = new StdcopyDemuxer(
    (b) => pending.push([stdout, b]),
    (b) => pending.push([stderr, b]),
  );
  for await (const chunk of body) {
    const b = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    if (tty) await write(stdout, b);
    else {
      try {
        demux.write(b);
      } catch (err) {
        for (const [w, p] of pending.splice(0)) await write(w, p);
        throw new CliError((err as Error).message, 1);
      }
      for (const [w, p] of pending.splice(0)) await write(w, p);
    }
  }
}
