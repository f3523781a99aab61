/** `berth port` (docker/cli's container/port.go). */
import { CliError, type Command, writeLine } from "../../command.ts";
import { cpath } from "./common.ts";
import { joinHostPort } from "./formatter.ts";

/** sortorder.NaturalLess: digit runs compare as numbers. */
export function naturalLess(a: string, b: string): boolean {
  const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (isDigit(a[i]) && isDigit(b[j])) {
      let si = i;
      while (a[si] === "0") si++;
      let sj = j;
      while (b[sj] === "0") sj++;
      let ei = si;
      while (isDigit(a[ei])) ei++;
      let ej = sj;
      while (isDigit(b[ej])) ej++;
      const na = a.slice(si, ei);
      const nb = b.slice(sj, ej);
      if (na.length !== nb.length) return na.length < nb.length;
      if (na !== nb) return na < nb;
      if (ei - i !== ej - j) return ei - i < ej - j;
      i = ei;
      j = ej;
      continue;
    }
    if (a[i] !== b[j]) return a[i] < b[j];
    i++;
    j++;
  }
  return a.length - i < b.length - j;
}

type PortMap = Record<string, { HostIp: string; HostPort: string }[] | null>;

/** `docker port`'s lines: "80/tcp -> 0.0.0.0:8080", or the host addresses of one port. */
export function portLines(ports: PortMap, container: string, port?: string): string[] {
  const out: string[] = [];
  if (port !== undefined) {
    const slash = port.indexOf("/");
    const num = slash >= 0 ? port.slice(0, slash) : port;
    const proto = (slash >= 0 ? port.slice(slash + 1) : "") || "tcp";
    if (!/^\d+$/.test(num) || Number(num) > 65535) {
      throw new CliError(
        `Error: invalid port (${num}): strconv.ParseUint: parsing "${num}": invalid syntax`,
        1,
      );
    }
    const frontends = ports[`${num}/${proto}`];
    if (!frontends) throw new CliError(`Error: No public port '${port}' published for ${container}`, 1);
    for (const f of frontends) out.push(joinHostPort(f.HostIp, f.HostPort));
  } else {
    for (const [from, frontends] of Object.entries(ports)) {
      for (const f of frontends ?? []) out.push(`${from} -> ${joinHostPort(f.HostIp, f.HostPort)}`);
    }
  }
  return out.sort((x, y) => (naturalLess(x, y) ? -1 : naturalLess(y, x) ? 1 : 0));
}

export const port: Command = {
  name: "port",
  aliases: ["container port"],
  usage: "port CONTAINER [PRIVATE_PORT[/PROTO]]",
  description: "List port mappings or a specific mapping for the container",
  minArgs: 1,
  maxArgs: 2,
  flags: [],
  async run(ctx, _flags, [name, p]) {
    const c = await ctx.client.json<{ NetworkSettings: { Ports: PortMap | null } }>(
      "GET",
      `${cpath(name)}/json`,
    );
    const lines = portLines(c.NetworkSettings?.Ports ?? {}, name, p);
    if (lines.length) writeLine(ctx.stdout, lines.join("\n"));
    return 0;
  },
};
