import { ApiError } from "../../client/client.ts";
import { bytesSize } from "../../format/units.ts";
import { goArch } from "../../oci/platform.ts";
import type { SystemInfo } from "../../types/system.ts";
import { type Command, filtersJson, formatFlag, list, str, writeLine } from "../command.ts";

/**
 * The Go-template engine, loaded by --format only: its lexer, parser and functions cost
 * ~2.5 ms of every `berth version` that prints the plain table.
 */
const templates = () => import("../format/template.ts");

const CLI_VERSION = "0.1.0";

interface VersionResponse {
  Version: string;
  ApiVersion: string;
  MinAPIVersion: string;
  GitCommit: string;
  GoVersion: string;
  Os: string;
  Arch: string;
  KernelVersion: string;
  BuildTime: string;
  Platform: { Name: string };
}

const version: Command = {
  name: "version",
  usage: "version [OPTIONS]",
  description: "Show the berth version information",
  maxArgs: 0,
  flags: [{ ...formatFlag, short: "f" }],
  async run(ctx, flags) {
    const client = {
      Version: CLI_VERSION,
      ApiVersion: ctx.client.version,
      DefaultAPIVersion: ctx.client.version,
      GoVersion: `node${process.versions.node}`,
      GitCommit: "",
      BuildTime: "",
      Os: "linux",
      Arch: goArch(),
      Context: "default",
    };
    let server: VersionResponse | undefined;
    let failure: unknown;
    try {
      server = await ctx.client.json<VersionResponse>("GET", "/version");
    } catch (err) {
      failure = err;
    }
    const format = str(flags, "format");
    if (format) {
      const { renderTemplate, unescapeFormat } = await templates();
      const fmt = unescapeFormat(format);
      writeLine(
        ctx.stdout,
        renderTemplate(fmt === "json" ? "{{json .}}" : fmt, { Client: client, Server: server ?? null }),
      );
    } else {
      const lines = [
        "Client:",
        ` Version:           ${client.Version}`,
        ` API version:       ${client.ApiVersion}`,
        ` Node.js version:   ${process.versions.node}`,
        ` OS/Arch:           ${client.Os}/${client.Arch}`,
        ` Context:           ${client.Context}`,
      ];
      if (server) {
        lines.push(
          "",
          `Server: ${server.Platform?.Name ?? ""}`,
          " Engine:",
          `  Version:          ${server.Version}`,
          `  API version:      ${server.ApiVersion} (minimum version ${server.MinAPIVersion})`,
          `  Node.js version:  ${server.GoVersion.replace(/^node/, "")}`,
          `  OS/Arch:          ${server.Os}/${server.Arch}`,
          `  Kernel version:   ${server.KernelVersion}`,
        );
      }
      writeLine(ctx.stdout, lines.join("\n"));
    }
    if (failure) throw failure;
    return 0;
  },
};

/** Another engine's /info may lack fields berthd sends: every one is optional here. */
type Info = Partial<SystemInfo>;

const info: Command = {
  name: "info",
  aliases: ["system info"],
  usage: "info [OPTIONS]",
  description: "Display system-wide information",
  maxArgs: 0,
  flags: [{ ...formatFlag, short: "f" }],
  async run(ctx, flags) {
    const i = await ctx.client.json<Info>("GET", "/info");
    const format = str(flags, "format");
    if (format) {
      const { renderTemplate, unescapeFormat } = await templates();
      const fmt = unescapeFormat(format);
      writeLine(ctx.stdout, renderTemplate(fmt === "json" ? "{{json .}}" : fmt, i));
      return 0;
    }
    const l: string[] = [
      "Client:",
      ` Version:    ${CLI_VERSION}`,
      " Context:    default",
      ` Debug Mode: false`,
      "",
      "Server:",
      ` Containers: ${i.Containers}`,
      `  Running: ${i.ContainersRunning}`,
      `  Paused: ${i.ContainersPaused}`,
      `  Stopped: ${i.ContainersStopped}`,
      ` Images: ${i.Images}`,
      ` Server Version: ${i.ServerVersion}`,
      ` Storage Driver: ${i.Driver}`,
      ...(i.DriverStatus ?? []).map((p: string[]) => `  ${p[0]}: ${p[1]}`),
      ` Logging Driver: ${i.LoggingDriver}`,
      ` Cgroup Driver: ${i.CgroupDriver}`,
      ` Cgroup Version: ${i.CgroupVersion}`,
      " Plugins:",
      `  Volume: ${(i.Plugins?.Volume ?? []).join(" ")}`,
      `  Network: ${(i.Plugins?.Network ?? []).join(" ")}`,
      `  Log: ${(i.Plugins?.Log ?? []).join(" ")}`,
      ` Runtimes: ${Object.keys(i.Runtimes ?? {}).join(" ")}`,
      ` Default Runtime: ${i.DefaultRuntime}`,
      ` Security Options:`,
      ...(i.SecurityOptions ?? []).map((s: string) => `  ${s.replace(/^name=/, "").split(",")[0]}`),
      ` Kernel Version: ${i.KernelVersion}`,
      ` Operating System: ${i.OperatingSystem}`,
      ` OSType: ${i.OSType}`,
      ` Architecture: ${i.Architecture}`,
      ` CPUs: ${i.NCPU}`,
      ` Total Memory: ${bytesSize(i.MemTotal ?? 0)}`,
      ` Name: ${i.Name}`,
      ` ID: ${i.ID}`,
      ` Docker Root Dir: ${i.DockerRootDir}`,
      ` Debug Mode: ${i.Debug}`,
      ` Experimental: ${i.ExperimentalBuild}`,
      ` Insecure Registries:`,
      ...(i.RegistryConfig?.InsecureRegistryCIDRs ?? []).map((c: string) => `  ${c}`),
      ` Live Restore Enabled: ${i.LiveRestoreEnabled}`,
      "",
    ];
    ctx.stdout.write(l.join("\n"));
    for (const w of i.Warnings ?? []) writeLine(ctx.stderr, w);
    return 0;
  },
};

/** Formats an event timestamp as docker does: RFC 3339 with nine fraction digits, local zone. */
function eventTime(timeNano: number): string {
  const ms = Math.floor(timeNano / 1e6);
  const frac = String(timeNano % 1e9).padStart(9, "0");
  const d = new Date(ms);
  const off = -d.getTimezoneOffset();
  const local = new Date(ms + off * 60000).toISOString().slice(0, 19);
  const zone =
    off === 0
      ? "Z"
      : `${off > 0 ? "+" : "-"}${String(Math.floor(Math.abs(off) / 60)).padStart(2, "0")}:${String(Math.abs(off) % 60).padStart(2, "0")}`;
  return `${local}.${frac}${zone}`;
}

/** `--since`/`--until` as docker takes them: a duration ago ("10m"), unix seconds, or a date. */
function timeArg(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const d = /^(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)$/.exec(v);
  if (d) {
    const mult: Record<string, number> = { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
    return (Date.now() / 1000 - Number(d[1]) * mult[d[2]]).toFixed(9);
  }
  if (/^\d+(\.\d+)?$/.test(v)) return v;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new Error(`failed to parse value as time or duration: "${v}"`);
  return (t / 1000).toFixed(9);
}

const events: Command = {
  name: "events",
  aliases: ["system events"],
  usage: "events [OPTIONS]",
  description: "Get real time events from the server",
  maxArgs: 0,
  flags: [
    { name: "filter", short: "f", type: "list", description: "Filter output based on conditions provided" },
    formatFlag,
    { name: "since", type: "string", description: "Show all events created since timestamp" },
    { name: "until", type: "string", description: "Stream events until this timestamp" },
  ],
  async run(ctx, flags) {
    const format = str(flags, "format");
    const { renderTemplate, unescapeFormat } = await templates();
    const fmt = format ? unescapeFormat(format) : undefined;
    await ctx.client.jsonStream(
      "GET",
      "/events",
      {
        query: {
          since: timeArg(str(flags, "since")),
          until: timeArg(str(flags, "until")),
          filters: filtersJson(list(flags, "filter")),
        },
      },
      (msg) => {
        const ev = msg as unknown as {
          Type: string;
          Action: string;
          Actor: { ID: string; Attributes: Record<string, string> };
          timeNano: number;
        };
        if (fmt) {
          writeLine(ctx.stdout, renderTemplate(fmt === "json" ? "{{json .}}" : fmt, ev));
          return;
        }
        const attrs = Object.entries(ev.Actor.Attributes ?? {})
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([k, v]) => `${k}=${v}`)
          .join(", ");
        writeLine(
          ctx.stdout,
          `${eventTime(ev.timeNano)} ${ev.Type} ${ev.Action} ${ev.Actor.ID}${attrs ? ` (${attrs})` : ""}`,
        );
      },
    );
    return 0;
  },
};

const inspect: Command = {
  name: "inspect",
  usage: "inspect [OPTIONS] NAME|ID [NAME|ID...]",
  description: "Return low-level information on berth objects",
  minArgs: 1,
  flags: [
    { ...formatFlag, short: "f" },
    {
      name: "size",
      short: "s",
      type: "bool",
      description: "Display total file sizes if the type is container",
    },
    { name: "type", type: "string", description: "Return JSON for specified type" },
  ],
  async run(ctx, flags, args) {
    const type = str(flags, "type");
    const found: unknown[] = [];
    const errors: string[] = [];
    for (const name of args) {
      const attempts: [string, string][] = [];
      if (!type || type === "container")
        attempts.push([
          "container",
          `/containers/${encodeURIComponent(name)}/json${flags.size ? "?size=1" : ""}`,
        ]);
      if (!type || type === "image") attempts.push(["image", `/images/${encodeURIComponent(name)}/json`]);
      let ok = false;
      for (const [, path] of attempts) {
        try {
          found.push(await ctx.client.json("GET", path));
          ok = true;
          break;
        } catch (err) {
          if (!(err instanceof ApiError) || err.status !== 404) throw err;
        }
      }
      if (!ok) errors.push(`Error: No such object: ${name}`);
    }
    (await import("../output.ts")).printInspect(ctx.stdout, str(flags, "format"), found);
    for (const e of errors) writeLine(ctx.stderr, e);
    return errors.length ? 1 : 0;
  },
};

export const systemCommands: Command[] = [version, info, events, inspect];
