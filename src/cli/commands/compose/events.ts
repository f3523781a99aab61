/** `berth compose events`: the engine's container events of the project, in Compose v2's two line formats. */
import { L } from "../../../compose/engine/labels.ts";
import type { ComposeCommand } from "./common.ts";

interface EngineEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes?: Record<string, string> };
  time?: number;
  timeNano?: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** Local time from the event's nanoseconds: `2006-01-02 15:04:05.000000` (text) or RFC 3339 with nanoseconds (JSON), as Go formats them. */
export function eventTimes(ev: { time?: number; timeNano?: number }): { text: string; json: string } {
  // timeNano is beyond a double's exact integers: BigInt keeps the fraction exact.
  const nanos = ev.timeNano ? BigInt(Math.round(ev.timeNano)) : BigInt(ev.time ?? 0) * 1_000_000_000n;
  const d = new Date(Number(nanos / 1_000_000n));
  const frac = pad(Number(nanos % 1_000_000_000n), 9);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const off = -d.getTimezoneOffset();
  const zone =
    off === 0
      ? "Z"
      : `${off > 0 ? "+" : "-"}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  const trimmed = frac.replace(/0+$/, "");
  return {
    text: `${date} ${clock}.${frac.slice(0, 6)}`,
    json: `${date}T${clock}${trimmed ? `.${trimmed}` : ""}${zone}`,
  };
}

export const events: ComposeCommand = {
  name: "events",
  usage: "events [OPTIONS] [SERVICE...]",
  description: "Receive real time events from containers",
  flags: [{ name: "json", type: "bool", description: "Output events as a stream of json objects" }],
  async run(ctx, env, flags, args) {
    const projectName = await env.projectName();
    await ctx.client.jsonStream(
      "GET",
      "/events",
      { query: { filters: JSON.stringify({ label: [`${L.project}=${projectName}`] }) } },
      (msg) => {
        const ev = msg as unknown as EngineEvent;
        // As Compose v2: container events only, one-off containers left out, then the services asked for.
        if (ev.Type !== "container") return;
        const labels = ev.Actor.Attributes ?? {};
        if (labels[L.oneoff] === "True") return;
        const service = labels[L.service] ?? "";
        if (args.length && !args.includes(service)) return;
        const attributes = Object.fromEntries(
          Object.entries(labels).filter(([k]) => !k.startsWith("com.docker.compose.")),
        );
        const t = eventTimes(ev);
        if (flags.json) {
          ctx.stdout.write(
            `${JSON.stringify({ action: ev.Action, attributes, id: ev.Actor.ID, service, time: t.json, type: "container" })}\n`,
          );
          return;
        }
        const attrs = Object.entries(attributes)
          .map(([k, v]) => `${k}=${v}`)
          .join(", ");
        ctx.stdout.write(`${t.text} container ${ev.Action} ${ev.Actor.ID} (${attrs})\n`);
      },
    );
    return 0;
  },
};
