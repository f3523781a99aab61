// `berth compose config`: the normalised model printed as `docker compose config` does (YAML,
// services sorted, short syntaxes in their long forms, paths absolute), or parts of it.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { stringify } from "yaml";
import { loadProjectWith } from "../../../compose/model/load.ts";
import { dependencyOrder } from "../../../compose/model/select.ts";
import type { LoadOptions, Project, Service } from "../../../compose/types.ts";
import type { CliIO } from "../../command.ts";
import { type FlagSpec, parseFlags, UsageError } from "../../flags.ts";

/** docker compose config's flags that berth does not apply: refused when given, not ignored. */
const REFUSED = [
  "resolve-image-digests",
  "lock-image-digests",
  "no-normalize",
  "no-path-resolution",
  "no-consistency",
  "no-env-resolution",
  "hash",
  "variables",
];

const FLAGS: FlagSpec[] = [
  { name: "services", type: "bool", description: "Print the service names, one per line" },
  { name: "volumes", type: "bool", description: "Print the volume names, one per line" },
  { name: "profiles", type: "bool", description: "Print the profile names, one per line" },
  { name: "images", type: "bool", description: "Print the image names, one per line" },
  {
    name: "quiet",
    short: "q",
    type: "bool",
    description: "Only validate the configuration, don't print anything",
  },
  {
    name: "format",
    type: "string",
    default: "yaml",
    description: "Format the output. Values: [yaml | json]",
  },
  { name: "no-interpolate", type: "bool", description: "Don't interpolate environment variables" },
  { name: "output", short: "o", type: "string", description: "Save to file (default to stdout)" },
  { name: "networks", type: "bool", description: "Print the network names, one per line" },
  { name: "models", type: "bool", description: "Print the model names, one per line" },
  { name: "environment", type: "bool", description: "Print environment used for interpolation" },
  ...REFUSED.map((name): FlagSpec => ({ name, type: name === "hash" ? "string" : "bool" })),
];

/**
 * Keys whose values are maps (Go maps, which `docker compose config` prints sorted); the
 * other objects are Go structs, printed in their fields' order, which types.ts follows.
 */
const MAPS = new Set([
  "environment",
  "labels",
  "annotations",
  "depends_on",
  "networks",
  "ulimits",
  "sysctls",
  "args",
  "options",
  "driver_opts",
  "aux_addresses",
]);

function sortMaps(v: unknown, key?: string): unknown {
  if (Array.isArray(v)) return v.map((x) => sortMaps(x));
  if (!v || typeof v !== "object") return v;
  const keys = Object.keys(v);
  if (key !== undefined && MAPS.has(key)) keys.sort();
  return Object.fromEntries(keys.map((k) => [k, sortMaps((v as Record<string, unknown>)[k], k)]));
}

/** compose-go's struct field orders, in which `docker compose config` prints those objects. */
const ORDER = {
  port: ["name", "mode", "host_ip", "target", "published", "protocol", "app_protocol"],
  mount: ["type", "source", "target", "read_only", "consistency", "bind", "volume", "tmpfs"],
  dependency: ["condition", "restart", "required"],
  healthcheck: ["test", "timeout", "interval", "retries", "start_period", "start_interval", "disable"],
  network: [
    "name",
    "driver",
    "driver_opts",
    "ipam",
    "external",
    "internal",
    "attachable",
    "labels",
    "enable_ipv6",
  ],
  volume: ["name", "driver", "driver_opts", "external", "labels"],
};

/** `o` with the keys of `order` first, in that order; false values Go's omitempty leaves out dropped. */
function ordered(o: unknown, order: string[], omitFalse: string[] = []): Record<string, unknown> {
  const src = o as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of [...order, ...Object.keys(src).filter((k) => !order.includes(k))]) {
    if (src[k] === undefined || (src[k] === false && omitFalse.includes(k))) continue;
    out[k] = src[k];
  }
  return out;
}

/** A service as `docker compose config` prints it: keys sorted, its name and empty parts left out. */
function printableService(s: Service): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(s).sort()) {
    // env_file is already merged into environment, which Compose prints instead.
    if (k === "name" || k === "env_file") continue;
    const v = (s as unknown as Record<string, unknown>)[k];
    if (v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = sortMaps(v, k);
  }
  if (Array.isArray(out.ports)) out.ports = out.ports.map((p) => ordered(p, ORDER.port));
  if (Array.isArray(out.volumes))
    out.volumes = out.volumes.map((v) => ordered(v, ORDER.mount, ["read_only"]));
  if (out.healthcheck) out.healthcheck = ordered(out.healthcheck, ORDER.healthcheck);
  if (out.depends_on) {
    const deps = out.depends_on as Record<string, unknown>;
    for (const k of Object.keys(deps)) deps[k] = ordered(deps[k], ORDER.dependency, ["restart"]);
  }
  // With dockerfile_inline, Compose has no dockerfile (the model's default is not used).
  const build = out.build as Record<string, unknown> | undefined;
  if (build?.dockerfile_inline !== undefined) delete build.dockerfile;
  return out;
}

function withoutEmptyLabels<T extends { labels?: Record<string, string> }>(o: T): T {
  if (o.labels && Object.keys(o.labels).length === 0) {
    const { labels: _, ...rest } = o;
    return rest as T;
  }
  return o;
}

/** The printed model: name, services (sorted), networks, volumes, secrets, configs, then x- keys. */
export function printableProject(p: Project): Record<string, unknown> {
  const out: Record<string, unknown> = { name: p.name };
  out.services = Object.fromEntries(
    Object.keys(p.services)
      .sort()
      .map((n) => [n, printableService(p.services[n])]),
  );
  const sorted = <T>(r: Record<string, T>, f: (v: T) => unknown) =>
    Object.fromEntries(
      Object.keys(r)
        .sort()
        .map((k) => [k, f(r[k])]),
    );
  if (Object.keys(p.networks).length)
    out.networks = sorted(p.networks, (v) => ordered(sortMaps(withoutEmptyLabels(v)), ORDER.network));
  if (Object.keys(p.volumes).length) {
    out.volumes = sorted(p.volumes, (v) => ordered(sortMaps(withoutEmptyLabels(v)), ORDER.volume));
  }
  if (Object.keys(p.secrets).length) out.secrets = sorted(p.secrets, (v) => v);
  if (Object.keys(p.configs).length) out.configs = sorted(p.configs, (v) => v);
  for (const k of Object.keys(p).sort()) if (k.startsWith("x-")) out[k] = p[k as `x-${string}`];
  return out;
}

export async function composeConfig(io: CliIO, options: LoadOptions, args: string[]): Promise<number> {
  let flags: ReturnType<typeof parseFlags>["flags"];
  let services: string[];
  try {
    const parsed = parseFlags(args, FLAGS);
    flags = parsed.flags;
    services = parsed.args;
    for (const name of REFUSED) {
      if (flags[name] !== undefined && flags[name] !== false)
        throw new UsageError(`--${name} is not supported by berth`);
    }
    if (flags.format !== "yaml" && flags.format !== "json") {
      throw new UsageError(`unsupported format ${JSON.stringify(flags.format)}: use yaml or json`);
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`${e.message}\n`);
    return 1;
  }
  let project: Project;
  try {
    project = await loadProjectWith(options, {
      interpolate: !flags["no-interpolate"],
      warn: (m) => io.stderr.write(`WARN[0000] ${m}\n`),
      services,
    });
  } catch (e) {
    io.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
  if (flags.quiet) return 0;
  let text: string;
  if (flags.services) text = lines(dependencyOrder(project.services));
  else if (flags.volumes) text = lines(Object.keys(project.volumes).sort());
  else if (flags.networks) text = lines(Object.keys(project.networks).sort());
  else if (flags.models) text = "";
  else if (flags.environment) {
    text = lines(
      Object.keys(project.environment)
        .sort()
        .map((k) => `${k}=${project.environment[k]}`),
    );
  } else if (flags.profiles) {
    const all = new Set<string>();
    for (const s of [...Object.values(project.services), ...Object.values(project.disabled_services ?? {})]) {
      for (const p of s.profiles ?? []) all.add(p);
    }
    text = lines([...all].sort());
  } else if (flags.images) {
    // A service without `image` is built, and Compose names its image <project>-<service>.
    text = lines(Object.values(project.services).map((s) => s.image ?? `${project.name}-${s.name}`));
  } else if (flags.format === "json") text = `${JSON.stringify(printableProject(project), null, 2)}\n`;
  else
    text = stringify(printableProject(project), {
      // 1.1 quotes strings such as "yes" and "on", which YAML 1.1 readers would take for booleans.
      version: "1.1",
      indent: 2,
      lineWidth: 0,
      aliasDuplicateObjects: false,
    });
  // As docker compose: the printed model is itself a Compose file, so a literal `$` (the
  // result of interpolation) is written `$$`, which interpolating it again turns back.
  if (
    !flags["no-interpolate"] &&
    !flags.services &&
    !flags.volumes &&
    !flags.networks &&
    !flags.environment
  ) {
    text = text.replaceAll("$", "$$$$");
  }
  const output = flags.output as string | undefined;
  if (output) {
    try {
      writeFileSync(resolve(options.cwd, output), text);
    } catch (e) {
      io.stderr.write(`writing ${output}: ${(e as Error).message}\n`);
      return 1;
    }
  } else io.stdout.write(text);
  return 0;
}

function lines(items: string[]): string {
  return items.map((i) => `${i}\n`).join("");
}
