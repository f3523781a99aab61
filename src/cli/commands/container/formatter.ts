/** `ps`'s columns as docker/cli's formatter/container.go renders them. */
import { humanSize, shortId, timeAgo } from "../../../format/units.ts";
import { familiarString, parseNormalizedNamed } from "../../../image/reference.ts";
import type { ContainerSummary, PortSummary } from "../../../types/container.ts";
import { goTimeString } from "../../format/go-time.ts";
import { stringWidth } from "../../format/template.ts";

export type { ContainerSummary, PortSummary };

/** formatter.Ellipsis: at most `max` display columns, the last one "…" when cut. */
export function ellipsis(s: string, max: number): string {
  if (max <= 0) return "";
  const runes = [...s];
  if (max === 1) return runes[0] ?? "";
  let width = 0;
  const widths: number[] = [];
  for (const r of runes) {
    width += stringWidth(r);
    widths.push(width);
  }
  if (width <= max) return s;
  let n = 0;
  while (n < runes.length && widths[n] <= max - 1) n++;
  return `${runes.slice(0, n).join("")}…`;
}

/** Go's strconv.Quote: printable characters as they are, the rest escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case "\\":
        out += "\\\\";
        continue;
      case "\x07":
        out += "\\a";
        continue;
      case "\b":
        out += "\\b";
        continue;
      case "\f":
        out += "\\f";
        continue;
      case "\n":
        out += "\\n";
        continue;
      case "\r":
        out += "\\r";
        continue;
      case "\t":
        out += "\\t";
        continue;
      case "\v":
        out += "\\v";
        continue;
    }
    if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else if (ch === " " || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch)) out += ch;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, "0")}`;
    else out += `\\U${cp.toString(16).padStart(8, "0")}`;
  }
  return `${out}"`;
}

/** The COMMAND column: quoted, and cut to 20 columns unless --no-trunc. */
export function formatCommand(command: string, trunc: boolean): string {
  return goQuote(trunc ? ellipsis(command, 20) : command);
}

export function joinHostPort(host: string, port: string | number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

function comparePorts(a: PortSummary, b: PortSummary): number {
  if (a.PrivatePort !== b.PrivatePort) return a.PrivatePort - b.PrivatePort;
  const ai = a.IP ?? "";
  const bi = b.IP ?? "";
  if (ai !== bi) return ai < bi ? -1 : 1;
  if ((a.PublicPort ?? 0) !== (b.PublicPort ?? 0)) return (a.PublicPort ?? 0) - (b.PublicPort ?? 0);
  return a.Type < b.Type ? -1 : a.Type > b.Type ? 1 : 0;
}

function formGroup(key: string, start: number, last: number): string {
  const slash = key.lastIndexOf("/");
  const ip = slash >= 0 ? key.slice(0, slash) : "";
  const type = slash >= 0 ? key.slice(slash + 1) : key;
  let group = String(start);
  if (start !== last) group = `${group}-${last}`;
  if (ip !== "") group = `${joinHostPort(ip, group)}->${group}`;
  return `${group}/${type}`;
}

/**
 * DisplayablePorts: "0.0.0.0:8080->80/tcp, 9000-9002/tcp" — consecutive ports grouped into
 * ranges, mappings to another host port listed after the groups.
 */
export function displayablePorts(ports: PortSummary[]): string {
  const sorted = [...ports].sort(comparePorts);
  const groups = new Map<string, { first: number; last: number }>();
  const result: string[] = [];
  const hostMappings: string[] = [];
  for (const p of sorted) {
    const current = p.PrivatePort;
    let key = p.Type;
    if (p.IP) {
      if ((p.PublicPort ?? 0) !== current) {
        hostMappings.push(`${joinHostPort(p.IP, p.PublicPort ?? 0)}->${current}/${p.Type}`);
        continue;
      }
      key = `${p.IP}/${p.Type}`;
    }
    const g = groups.get(key);
    if (!g) {
      groups.set(key, { first: current, last: current });
      continue;
    }
    if (current === g.last + 1) {
      g.last = current;
      continue;
    }
    result.push(formGroup(key, g.first, g.last));
    groups.set(key, { first: current, last: current });
  }
  for (const [key, g] of groups) result.push(formGroup(key, g.first, g.last));
  result.push(...hostMappings);
  return result.join(", ");
}

/** One `ps` row: docker's ContainerContext, whose methods templates call as fields. */
export class ContainerRow {
  readonly #c: ContainerSummary;
  readonly #trunc: boolean;

  constructor(c: ContainerSummary, trunc: boolean) {
    this.#c = c;
    this.#trunc = trunc;
  }

  get ID(): string {
    return this.#trunc ? shortId(this.#c.Id) : this.#c.Id;
  }

  get Names(): string {
    const names = (this.#c.Names ?? []).map((n) => n.replace(/^\//, ""));
    if (this.#trunc) return names.find((n) => !n.includes("/")) ?? "";
    return names.join(",");
  }

  get Image(): string {
    const c = this.#c;
    if (!c.Image) return "<no image>";
    if (!this.#trunc) return c.Image;
    if (shortId(c.ImageID ?? "") === shortId(c.Image)) return shortId(c.Image);
    try {
      const ref = parseNormalizedNamed(c.Image);
      return familiarString({ domain: ref.domain, path: ref.path, tag: ref.tag, digest: undefined });
    } catch {
      return c.Image;
    }
  }

  get Command(): string {
    return formatCommand(this.#c.Command ?? "", this.#trunc);
  }

  get CreatedAt(): string {
    return goTimeString(new Date(this.#c.Created * 1000));
  }

  get RunningFor(): string {
    return timeAgo(this.#c.Created * 1000);
  }

  get Ports(): string {
    return displayablePorts(this.#c.Ports ?? []);
  }

  get State(): string {
    return this.#c.State;
  }

  get Status(): string {
    return this.#c.Status;
  }

  get Size(): string {
    const rw = humanSize(this.#c.SizeRw ?? 0);
    const root = this.#c.SizeRootFs ?? 0;
    return root > 0 ? `${rw} (virtual ${humanSize(root)})` : rw;
  }

  get Labels(): string {
    if (!this.#c.Labels) return "";
    return Object.entries(this.#c.Labels)
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join(",");
  }

  Label(name: string): string {
    return this.#c.Labels?.[name] ?? "";
  }

  get Mounts(): string {
    return (this.#c.Mounts ?? [])
      .map((m) => {
        const name = m.Name || m.Source;
        return this.#trunc ? ellipsis(name, 15) : name;
      })
      .join(",");
  }

  get LocalVolumes(): string {
    return String((this.#c.Mounts ?? []).filter((m) => m.Driver === "local").length);
  }

  get Networks(): string {
    return Object.keys(this.#c.NetworkSettings?.Networks ?? {})
      .sort()
      .join(",");
  }

  /** `{{json .}}`: every field, sorted by name, as docker's MarshalJSON writes them. */
  toJSON(): Record<string, string> {
    return {
      Command: this.Command,
      CreatedAt: this.CreatedAt,
      ID: this.ID,
      Image: this.Image,
      Labels: this.Labels,
      LocalVolumes: this.LocalVolumes,
      Mounts: this.Mounts,
      Names: this.Names,
      Networks: this.Networks,
      Ports: this.Ports,
      RunningFor: this.RunningFor,
      Size: this.Size,
      State: this.State,
      Status: this.Status,
    };
  }
}

export const containerHeaders: Record<string, string> = {
  ID: "CONTAINER ID",
  Names: "NAMES",
  Image: "IMAGE",
  Command: "COMMAND",
  CreatedAt: "CREATED AT",
  RunningFor: "CREATED",
  Ports: "PORTS",
  State: "STATE",
  Status: "STATUS",
  Size: "SIZE",
  Labels: "LABELS",
  Mounts: "MOUNTS",
  LocalVolumes: "LOCAL VOLUMES",
  Networks: "NETWORKS",
};

export const defaultPsFormat =
  "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
