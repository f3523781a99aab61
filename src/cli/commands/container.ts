/**
 * The container commands: ps and the lifecycle, inspection and housekeeping commands, with
 * docker's flags, output and exit codes. The streaming ones live in container-run.ts.
 */
import { ApiError } from "../../client/client.ts";
import { humanSize, ramInBytes, shortId, timeAgo } from "../../format/units.ts";
import { familiarString, parseNormalizedNamed } from "../../image/reference.ts";
import type {
  ContainerInspect,
  ContainerPruneResponse,
  ContainerSummary,
  PortSummary,
} from "../../types/container.ts";
import {
  type CliContext,
  CliError,
  type Command,
  filtersJson,
  formatFlag,
  list,
  str,
  writeLine,
} from "../command.ts";
import type { FlagValues } from "../flags.ts";
import { stringWidth, TabWriter } from "../format/template.ts";
import { printInspect, printRows } from "../output.ts";
import { parseCpus, parseRestartPolicy } from "./container-opts.ts";
import { errorText, streamingCommands } from "./container-run.ts";
import { confirm, goTimeString } from "./image.ts";

// ─── ps formatting (cli/command/formatter/container.go) ──────────────────────────────────────

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

function joinHostPort(host: string, port: string | number): string {
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

const ps: Command = {
  name: "ps",
  aliases: ["container ls", "container list", "container ps"],
  usage: "ps [OPTIONS]",
  description: "List containers",
  maxArgs: 0,
  flags: [
    {
      name: "all",
      short: "a",
      type: "bool",
      description: "Show all containers (default shows just running)",
    },
    { name: "filter", short: "f", type: "list", description: "Filter output based on conditions provided" },
    formatFlag,
    {
      name: "last",
      short: "n",
      type: "int",
      default: -1,
      description: "Show n last created containers (includes all states)",
    },
    {
      name: "latest",
      short: "l",
      type: "bool",
      description: "Show the latest created container (includes all states)",
    },
    { name: "no-trunc", type: "bool", description: "Don't truncate output" },
    { name: "quiet", short: "q", type: "bool", description: "Only display container IDs" },
    // "" stands for "not given": a template using .Size asks for sizes unless --size=false.
    { name: "size", short: "s", type: "bool", default: "", description: "Display total file sizes" },
  ],
  async run(ctx, flags) {
    const format = str(flags, "format");
    let limit = flags.last as number;
    if (flags.latest && limit === -1) limit = 1;
    let size = flags.size === true;
    if (format && !flags.quiet && flags.size === "" && /\.Size\b/.test(format)) size = true;
    const containers = await ctx.client.json<ContainerSummary[]>("GET", "/containers/json", {
      query: {
        all: flags.all ? "1" : undefined,
        filters: filtersJson(list(flags, "filter")),
        limit: limit > 0 ? limit : undefined,
        size: size ? "1" : undefined,
      },
    });
    const trunc = !flags["no-trunc"];
    const rows = containers.map((c) => new ContainerRow(c, trunc));
    if (flags.quiet) {
      for (const r of rows) writeLine(ctx.stdout, r.ID);
      return 0;
    }
    printRows(
      ctx.stdout,
      format,
      size ? `${defaultPsFormat}\t{{.Size}}` : defaultPsFormat,
      rows,
      containerHeaders,
    );
    return 0;
  },
};

// ─── Lifecycle ───────────────────────────────────────────────────────────────────────────────

const cpath = (name: string) => `/containers/${encodeURIComponent(name)}`;

/**
 * parallelOperation: the requests run concurrently (at most 50 at once), the results are
 * reported in the order the containers were given.
 */
export async function parallelOperation(
  names: string[],
  op: (name: string) => Promise<unknown>,
  limit = 50,
): Promise<(unknown | undefined)[]> {
  const results: Promise<unknown>[] = [];
  let active = 0;
  const queue: (() => void)[] = [];
  for (const name of names) {
    results.push(
      (async () => {
        if (active >= limit) await new Promise<void>((r) => queue.push(r));
        active++;
        try {
          await op(name);
          return undefined;
        } catch (err) {
          return err ?? new Error("failed");
        } finally {
          active--;
          queue.shift()?.();
        }
      })(),
    );
  }
  return Promise.all(results);
}

/** Prints each name that succeeded, collects the errors, and fails with all of them. */
function reportEach(ctx: CliContext, names: string[], errors: (unknown | undefined)[]): number {
  const failed: string[] = [];
  names.forEach((name, i) => {
    const err = errors[i];
    if (err === undefined) writeLine(ctx.stdout, name);
    else if (err instanceof ApiError || err instanceof CliError) failed.push(errorText(err));
    else throw err;
  });
  if (failed.length) throw new CliError(failed.join("\n"), 1);
  return 0;
}

const timeFlag = {
  name: "time",
  short: "t",
  aliases: ["timeout"],
  type: "int" as const,
  description: "Seconds to wait before killing the container",
};

const stop: Command = {
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

const kill: Command = {
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

const restart: Command = {
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

const pause: Command = {
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

const unpause: Command = {
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

const rm: Command = {
  name: "rm",
  aliases: ["container rm", "container remove"],
  usage: "rm [OPTIONS] CONTAINER [CONTAINER...]",
  description: "Remove one or more containers",
  minArgs: 1,
  flags: [
    {
      name: "force",
      short: "f",
      type: "bool",
      description: "Force the removal of a running container (uses SIGKILL)",
    },
    { name: "link", short: "l", type: "bool", description: "Remove the specified link" },
    {
      name: "volumes",
      short: "v",
      type: "bool",
      description: "Remove anonymous volumes associated with the container",
    },
  ],
  async run(ctx, flags, args) {
    const query = {
      force: flags.force ? "1" : undefined,
      link: flags.link ? "1" : undefined,
      v: flags.volumes ? "1" : undefined,
    };
    const errs = await parallelOperation(args, (name) => {
      const id = name.replace(/^\/+|\/+$/g, "");
      if (id === "") return Promise.reject(new CliError("Container name cannot be empty", 1));
      return ctx.client.ok("DELETE", cpath(id), { query });
    });
    const failed: string[] = [];
    args.forEach((name, i) => {
      const err = errs[i];
      if (err === undefined) {
        writeLine(ctx.stdout, name);
        return;
      }
      if (!(err instanceof ApiError || err instanceof CliError)) throw err;
      // With -f, a container that is already gone is not a failure.
      if (flags.force && err instanceof ApiError && err.status === 404) writeLine(ctx.stderr, errorText(err));
      else failed.push(errorText(err));
    });
    if (failed.length) throw new CliError(failed.join("\n"), 1);
    return 0;
  },
};

const rename: Command = {
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

const wait: Command = {
  name: "wait",
  aliases: ["container wait"],
  usage: "wait CONTAINER [CONTAINER...]",
  description: "Block until one or more containers stop, then print their exit codes",
  minArgs: 1,
  flags: [],
  async run(ctx, _flags, args) {
    const errs: string[] = [];
    for (const name of args) {
      try {
        const r = await ctx.client.json<{ StatusCode: number }>("POST", `${cpath(name)}/wait`);
        writeLine(ctx.stdout, String(r.StatusCode));
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        errs.push(errorText(err));
      }
    }
    if (errs.length) throw new CliError(errs.join("\n"), 1);
    return 0;
  },
};

// ─── Inspection ──────────────────────────────────────────────────────────────────────────────

/** `docker top`'s table: tabwriter.NewWriter(out, 20, 1, 3, ' ', 0). */
export function formatTop(titles: string[], processes: string[][]): string {
  const tw = new TabWriter(20, 1, 3, " ");
  tw.write(`${titles.join("\t")}\n`);
  for (const p of processes) tw.write(`${p.join("\t")}\n`);
  return tw.flush();
}

const top: Command = {
  name: "top",
  aliases: ["container top"],
  usage: "top CONTAINER [ps OPTIONS]",
  description: "Display the running processes of a container",
  interspersed: false,
  minArgs: 1,
  flags: [],
  async run(ctx, _flags, [name, ...psArgs]) {
    const r = await ctx.client.json<{ Titles: string[]; Processes: string[][] | null }>(
      "GET",
      `${cpath(name)}/top`,
      {
        query: { ps_args: psArgs.length ? psArgs.join(" ") : undefined },
      },
    );
    ctx.stdout.write(formatTop(r.Titles ?? [], r.Processes ?? []));
    return 0;
  },
};

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

const port: Command = {
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

/** The UpdateConfig body: Resources in Go's field order, then RestartPolicy. */
export function buildUpdateBody(flags: FlagValues): Record<string, unknown> {
  const bytes = (name: string) => {
    const v = flags[name] as string | undefined;
    if (v === undefined) return 0;
    if (name === "memory-swap" && v === "-1") return -1;
    try {
      return ramInBytes(v);
    } catch (err) {
      throw new CliError(
        `berth: invalid argument "${v}" for "${name === "memory" ? "-m, --memory" : `--${name}`}" flag: ${(err as Error).message}\nSee 'berth update --help'.`,
        125,
      );
    }
  };
  const int = (name: string) => (flags[name] as number | undefined) ?? 0;
  let nanoCpus = 0;
  if (flags.cpus !== undefined) {
    try {
      nanoCpus = parseCpus(flags.cpus as string);
    } catch (err) {
      throw new CliError(
        `berth: invalid argument "${flags.cpus}" for "--cpus" flag: ${(err as Error).message}\nSee 'berth update --help'.`,
        125,
      );
    }
  }
  const body: Record<string, unknown> = {
    CpuShares: int("cpu-shares"),
    Memory: bytes("memory"),
    NanoCpus: nanoCpus,
    CgroupParent: "",
    BlkioWeight: int("blkio-weight"),
    BlkioWeightDevice: null,
    BlkioDeviceReadBps: null,
    BlkioDeviceWriteBps: null,
    BlkioDeviceReadIOps: null,
    BlkioDeviceWriteIOps: null,
    CpuPeriod: int("cpu-period"),
    CpuQuota: int("cpu-quota"),
    CpuRealtimePeriod: int("cpu-rt-period"),
    CpuRealtimeRuntime: int("cpu-rt-runtime"),
    CpusetCpus: (flags["cpuset-cpus"] as string | undefined) ?? "",
    CpusetMems: (flags["cpuset-mems"] as string | undefined) ?? "",
    Devices: null,
    DeviceCgroupRules: null,
    DeviceRequests: null,
  };
  const kernelMemory = bytes("kernel-memory");
  if (kernelMemory) body.KernelMemory = kernelMemory;
  Object.assign(body, {
    MemoryReservation: bytes("memory-reservation"),
    MemorySwap: bytes("memory-swap"),
    MemorySwappiness: null,
    OomKillDisable: null,
    PidsLimit: int("pids-limit") !== 0 ? int("pids-limit") : null,
    Ulimits: null,
    CpuCount: 0,
    CpuPercent: 0,
    IOMaximumIOps: 0,
    IOMaximumBandwidth: 0,
  });
  const restartFlag = flags.restart as string | undefined;
  body.RestartPolicy = restartFlag ? parseRestartPolicy(restartFlag) : { Name: "", MaximumRetryCount: 0 };
  return body;
}

const update: Command = {
  name: "update",
  aliases: ["container update"],
  usage: "update [OPTIONS] CONTAINER [CONTAINER...]",
  description: "Update configuration of one or more containers",
  minArgs: 1,
  flags: [
    {
      name: "blkio-weight",
      type: "int",
      description: "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)",
    },
    { name: "cpu-period", type: "int", description: "Limit CPU CFS (Completely Fair Scheduler) period" },
    { name: "cpu-quota", type: "int", description: "Limit CPU CFS (Completely Fair Scheduler) quota" },
    { name: "cpu-rt-period", type: "int", description: "Limit the CPU real-time period in microseconds" },
    { name: "cpu-rt-runtime", type: "int", description: "Limit the CPU real-time runtime in microseconds" },
    { name: "cpu-shares", short: "c", type: "int", description: "CPU shares (relative weight)" },
    { name: "cpus", type: "string", description: "Number of CPUs" },
    { name: "cpuset-cpus", type: "string", description: "CPUs in which to allow execution (0-3, 0,1)" },
    { name: "cpuset-mems", type: "string", description: "MEMs in which to allow execution (0-3, 0,1)" },
    { name: "kernel-memory", type: "string", description: "Kernel memory limit (deprecated)" },
    { name: "memory", short: "m", type: "string", description: "Memory limit" },
    { name: "memory-reservation", type: "string", description: "Memory soft limit" },
    {
      name: "memory-swap",
      type: "string",
      description: "Swap limit equal to memory plus swap: -1 to enable unlimited swap",
    },
    { name: "pids-limit", type: "int", description: "Tune container pids limit (set -1 for unlimited)" },
    { name: "restart", type: "string", description: "Restart policy to apply when a container exits" },
  ],
  async run(ctx, flags, args) {
    const given = Object.entries(flags).filter(([k, v]) => k !== "help" && v !== undefined && v !== false);
    if (given.length === 0)
      throw new CliError("you must provide one or more flags when using this command", 1);
    let body: Record<string, unknown>;
    try {
      body = buildUpdateBody(flags);
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw new CliError((err as Error).message, 1);
    }
    const warnings: string[] = [];
    const errs: string[] = [];
    for (const name of args) {
      try {
        const r = await ctx.client.json<{ Warnings: string[] | null }>("POST", `${cpath(name)}/update`, {
          body,
        });
        writeLine(ctx.stdout, name);
        warnings.push(...(r?.Warnings ?? []));
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        errs.push(errorText(err));
      }
    }
    if (warnings.length) writeLine(ctx.stdout, warnings.join("\n"));
    if (errs.length) throw new CliError(errs.join("\n"), 1);
    return 0;
  },
};

/** `container inspect`: the documents found, then one error line per name that was not. */
export async function inspectContainers(
  ctx: CliContext,
  format: string | undefined,
  names: string[],
  size: boolean,
): Promise<number> {
  const found: ContainerInspect[] = [];
  const errors: string[] = [];
  for (const n of names) {
    try {
      found.push(
        await ctx.client.json<ContainerInspect>("GET", `${cpath(n)}/json`, {
          query: { size: size ? "1" : undefined },
        }),
      );
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      errors.push(err.status === 404 ? `Error: No such container: ${n}` : errorText(err));
    }
  }
  printInspect(ctx.stdout, format, found);
  for (const e of errors) writeLine(ctx.stderr, e);
  return errors.length ? 1 : 0;
}

const containerInspect: Command = {
  name: "container inspect",
  usage: "container inspect [OPTIONS] CONTAINER [CONTAINER...]",
  description: "Display detailed information on one or more containers",
  minArgs: 1,
  flags: [
    { ...formatFlag, short: "f" },
    { name: "size", short: "s", type: "bool", description: "Display total file sizes" },
  ],
  async run(ctx, flags, args) {
    return inspectContainers(ctx, str(flags, "format"), args, Boolean(flags.size));
  },
};

const containerPrune: Command = {
  name: "container prune",
  usage: "container prune [OPTIONS]",
  description: "Remove all stopped containers",
  maxArgs: 0,
  flags: [
    { name: "filter", type: "list", description: 'Provide filter values (e.g. "until=<timestamp>")' },
    { name: "force", short: "f", type: "bool", description: "Do not prompt for confirmation" },
  ],
  async run(ctx, flags) {
    if (!flags.force && !(await confirm(ctx, "WARNING! This will remove all stopped containers."))) return 0;
    const res = await ctx.client.json<ContainerPruneResponse>("POST", "/containers/prune", {
      query: { filters: filtersJson(list(flags, "filter")) },
    });
    let reclaimed = 0;
    if (res.ContainersDeleted?.length) {
      writeLine(ctx.stdout, `Deleted Containers:\n${res.ContainersDeleted.join("\n")}\n`);
      reclaimed = res.SpaceReclaimed;
    }
    writeLine(ctx.stdout, `Total reclaimed space: ${humanSize(reclaimed)}`);
    return 0;
  },
};

export const containerCommands: Command[] = [
  ...streamingCommands,
  ps,
  stop,
  kill,
  restart,
  rm,
  pause,
  unpause,
  rename,
  wait,
  top,
  port,
  update,
  containerInspect,
  containerPrune,
];
