/** `berth context create|ls|use|show|inspect|update|rm|export|import` (docker/cli's cli/command/context). */

import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { finished } from "node:stream/promises";
import tar from "tar-stream";
import { resolveHost } from "../../client/client.ts";
import { ConfigFile } from "../auth-config.ts";
import { type CliContext, CliError, type Command, formatFlag, str, writeLine } from "../command.ts";
import { configDir } from "../config-dir.ts";
import { DEFAULT_CONTEXT, hostOverride } from "../context-resolve.ts";
import {
  type ContextMeta,
  ContextStore,
  checkContextName,
  DEFAULT_DESCRIPTION,
  type DockerEndpoint,
  TLS_FILES,
} from "../context-store.ts";
import { printInspect, printRows } from "../output.ts";

const storeOf = (ctx: CliContext) => new ContextStore(configDir(ctx.configDir));

/** The implicit default context, as docker shows it. */
function defaultContext(ctx: CliContext): ContextMeta {
  return {
    Name: DEFAULT_CONTEXT,
    Metadata: {},
    Endpoints: { docker: { Host: resolveHost(ctx.host), SkipTLSVerify: false } },
  };
}

async function load(ctx: CliContext, name: string): Promise<ContextMeta> {
  return name === DEFAULT_CONTEXT ? defaultContext(ctx) : storeOf(ctx).get(name);
}

const DOCKER_KEYS = new Set(["from", "host", "ca", "cert", "key", "skip-tls-verify"]);

/** `--docker host=…,ca=…`: docker's stringToString flag, comma-separated key=value pairs. */
function parseDockerFlag(value: string | undefined): Map<string, string> | undefined {
  if (value === undefined) return undefined;
  const out = new Map<string, string>();
  for (const part of value.split(",")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    if (eq < 0)
      throw new CliError(
        `invalid argument "${value}" for "--docker" flag: ${part} must be formatted as key=value`,
      );
    const k = part.slice(0, eq).trim();
    if (!DOCKER_KEYS.has(k)) {
      throw new CliError(`unable to create docker endpoint config: unrecognized config key: ${k}`);
    }
    out.set(k, part.slice(eq + 1));
  }
  return out;
}

const expandHome = (p: string) =>
  p.startsWith("~/") ? path.join(process.env.HOME || homedir(), p.slice(2)) : p;

/**
 * The docker endpoint and TLS files a create or update asks for: `--docker from=X` or the
 * given keys, where an update keeps what it does not name.
 */
async function endpointFrom(
  ctx: CliContext,
  spec: Map<string, string>,
  base?: { ep: DockerEndpoint; tls: Record<string, Buffer> },
): Promise<{ ep: DockerEndpoint; tls: Record<string, Buffer> }> {
  const from = spec.get("from");
  if (from) return copyEndpoint(ctx, from);
  const ep: DockerEndpoint = base ? { ...base.ep } : { Host: "", SkipTLSVerify: false };
  const tls = base ? { ...base.tls } : {};
  const host = spec.get("host");
  if (host !== undefined) ep.Host = host;
  if (!ep.Host) ep.Host = resolveHost(undefined);
  const skip = spec.get("skip-tls-verify");
  if (skip !== undefined) {
    if (!/^(true|false|1|0)$/i.test(skip)) {
      throw new CliError(
        `unable to create docker endpoint config: invalid value for skip-tls-verify: ${skip}`,
      );
    }
    ep.SkipTLSVerify = /^(true|1)$/i.test(skip);
  }
  for (const [key, file] of [
    ["ca", "ca.pem"],
    ["cert", "cert.pem"],
    ["key", "key.pem"],
  ] as const) {
    const src = spec.get(key);
    if (!src) continue;
    try {
      tls[file] = await readFile(expandHome(src));
    } catch (err) {
      throw new CliError(`unable to create docker endpoint config: open ${src}: ${(err as Error).message}`);
    }
  }
  return { ep, tls };
}

async function copyEndpoint(
  ctx: CliContext,
  name: string,
): Promise<{ ep: DockerEndpoint; tls: Record<string, Buffer> }> {
  const meta = await load(ctx, name);
  const ep = meta.Endpoints.docker;
  if (!ep) throw new CliError(`context "${name}" has no docker endpoint`);
  return { ep: { ...ep }, tls: name === DEFAULT_CONTEXT ? {} : await storeOf(ctx).readTls(name) };
}

const create: Command = {
  name: "context create",
  usage: "context create [OPTIONS] CONTEXT",
  description: "Create a context",
  minArgs: 1,
  maxArgs: 1,
  flags: [
    { name: "description", type: "string", description: "Description of the context" },
    { name: "docker", type: "string", description: "set the docker endpoint (default [])" },
    { name: "from", type: "string", description: "create context from a named context" },
  ],
  async run(ctx, flags, args) {
    const name = args[0] ?? "";
    checkContextName(name);
    const store = storeOf(ctx);
    if (await store.exists(name)) throw new CliError(`context "${name}" already exists`);
    const spec = parseDockerFlag(str(flags, "docker"));
    let description = str(flags, "description");
    let endpoint: { ep: DockerEndpoint; tls: Record<string, Buffer> };
    if (spec && str(flags, "from"))
      throw new CliError("conflicting options: cannot specify both --docker and --from");
    if (spec) endpoint = await endpointFrom(ctx, spec);
    else {
      // Without --docker, docker copies the endpoint (and description) of --from or the current context.
      const source = str(flags, "from") ?? ctx.contextName;
      endpoint = await copyEndpoint(ctx, source);
      description ??=
        source === DEFAULT_CONTEXT ? DEFAULT_DESCRIPTION : (await load(ctx, source)).Metadata.Description;
    }
    await store.write(
      {
        Name: name,
        Metadata: description ? { Description: description } : {},
        Endpoints: { docker: endpoint.ep },
      },
      endpoint.tls,
    );
    writeLine(ctx.stdout, name);
    writeLine(ctx.stderr, `Successfully created context "${name}"`);
    return 0;
  },
};

const update: Command = {
  name: "context update",
  usage: "context update [OPTIONS] CONTEXT",
  description: "Update a context",
  minArgs: 1,
  maxArgs: 1,
  flags: [
    { name: "description", type: "string", description: "Description of the context" },
    { name: "docker", type: "string", description: "set the docker endpoint (default [])" },
  ],
  async run(ctx, flags, args) {
    const name = args[0] ?? "";
    checkContextName(name);
    const store = storeOf(ctx);
    const meta = await store.get(name);
    const description = flags.description;
    if (typeof description === "string") {
      if (description) meta.Metadata.Description = description;
      else delete meta.Metadata.Description;
    }
    const spec = parseDockerFlag(str(flags, "docker"));
    let tls: Record<string, Buffer> = {};
    if (spec) {
      const current = meta.Endpoints.docker ?? { Host: "", SkipTLSVerify: false };
      const next = await endpointFrom(ctx, spec, { ep: current, tls: await store.readTls(name) });
      meta.Endpoints.docker = next.ep;
      tls = next.tls;
    }
    await store.write(meta, tls);
    writeLine(ctx.stdout, name);
    writeLine(ctx.stderr, `Successfully updated context "${name}"`);
    return 0;
  },
};

function warnHostOverride(ctx: CliContext, name?: string): void {
  const env = hostOverride(process.env);
  if (!env) return;
  const target = name ? `use "${name}"` : "use a context";
  writeLine(
    ctx.stderr,
    `Warning: ${env} environment variable overrides the active context. To ${target}, either set the global --context flag, or unset ${env} environment variable.`,
  );
}

const ls: Command = {
  name: "context ls",
  aliases: ["context list"],
  usage: "context ls [OPTIONS]",
  description: "List contexts",
  maxArgs: 0,
  flags: [formatFlag, { name: "quiet", short: "q", type: "bool", description: "Only show context names" }],
  async run(ctx, flags) {
    const all = [defaultContext(ctx), ...(await storeOf(ctx).list())].sort((a, b) =>
      a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0,
    );
    if (flags.quiet) {
      for (const c of all) writeLine(ctx.stdout, c.Name);
      return 0;
    }
    // docker's ClientContext fields, in the order its `{{json .}}` prints them.
    const rows = all.map((c) => ({
      Current: c.Name === ctx.contextName,
      Description: c.Name === DEFAULT_CONTEXT ? DEFAULT_DESCRIPTION : (c.Metadata?.Description ?? ""),
      DockerEndpoint: c.Endpoints?.docker?.Host ?? "",
      Error: "",
      Name: c.Name,
    }));
    printRows(
      ctx.stdout,
      str(flags, "format"),
      "table {{.Name}}{{if .Current}} *{{end}}\t{{.Description}}\t{{.DockerEndpoint}}\t{{.Error}}",
      rows,
      { Name: "NAME", Description: "DESCRIPTION", DockerEndpoint: "DOCKER ENDPOINT", Error: "ERROR" },
    );
    warnHostOverride(ctx);
    return 0;
  },
};

const use: Command = {
  name: "context use",
  usage: "context use CONTEXT",
  description: "Set the current docker context",
  minArgs: 1,
  maxArgs: 1,
  flags: [],
  async run(ctx, _flags, args) {
    const name = args[0] ?? "";
    if (name !== DEFAULT_CONTEXT) await storeOf(ctx).get(name);
    const config = await ConfigFile.load(configDir(ctx.configDir));
    config.currentContext = name === DEFAULT_CONTEXT ? undefined : name;
    await config.save();
    writeLine(ctx.stdout, name);
    writeLine(ctx.stderr, `Current context is now "${name}"`);
    if (name !== DEFAULT_CONTEXT) warnHostOverride(ctx, name);
    return 0;
  },
};

const show: Command = {
  name: "context show",
  usage: "context show",
  description: "Print the name of the current context",
  maxArgs: 0,
  flags: [],
  async run(ctx) {
    writeLine(ctx.stdout, ctx.contextName);
    return 0;
  },
};

const inspect: Command = {
  name: "context inspect",
  usage: "context inspect [OPTIONS] [CONTEXT] [CONTEXT...]",
  description: "Display detailed information on one or more contexts",
  flags: [{ ...formatFlag, short: "f" }],
  async run(ctx, flags, args) {
    const store = storeOf(ctx);
    const found: unknown[] = [];
    const errors: string[] = [];
    for (const name of args.length ? args : [ctx.contextName]) {
      try {
        const meta = await load(ctx, name);
        const stored = name !== DEFAULT_CONTEXT;
        found.push({
          ...meta,
          TLSMaterial: stored ? await store.tlsMaterial(name) : {},
          Storage: {
            MetadataPath: stored ? store.metaDir(name) : "<IN MEMORY>",
            TLSPath: stored ? store.tlsDir(name) : "<IN MEMORY>",
          },
        });
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
    const format = str(flags, "format");
    if (format) printInspect(ctx.stdout, format, found);
    // Go's encoding/json escapes <, > and & inside strings; they appear nowhere else in JSON.
    else ctx.stdout.write(`${JSON.stringify(found, null, 4).replace(/[<>&]/g, goEscape)}\n`);
    for (const e of errors) writeLine(ctx.stderr, e);
    return errors.length ? 1 : 0;
  },
};

const goEscape = (c: string) => `\\u00${c.charCodeAt(0).toString(16)}`;

const rm: Command = {
  name: "context rm",
  aliases: ["context remove"],
  usage: "context rm CONTEXT [CONTEXT...]",
  description: "Remove one or more contexts",
  minArgs: 1,
  flags: [{ name: "force", short: "f", type: "bool", description: "Force the removal of a context in use" }],
  async run(ctx, flags, args) {
    const store = storeOf(ctx);
    const dir = configDir(ctx.configDir);
    const errors: string[] = [];
    for (const name of args) {
      if (name === DEFAULT_CONTEXT) {
        errors.push(`default: context "default" cannot be removed`);
        continue;
      }
      if (!(await store.exists(name))) {
        if (!flags.force) errors.push(`context "${name}" does not exist`);
        else writeLine(ctx.stdout, name);
        continue;
      }
      const config = await ConfigFile.load(dir);
      if (config.currentContext === name) {
        if (!flags.force) {
          errors.push(`context "${name}" is in use, set -f flag to force remove`);
          continue;
        }
        config.currentContext = undefined;
        await config.save();
      }
      await store.remove(name);
      writeLine(ctx.stdout, name);
    }
    for (const e of errors) writeLine(ctx.stderr, e);
    return errors.length ? 1 : 0;
  },
};

const exportCmd: Command = {
  name: "context export",
  usage: "context export [OPTIONS] CONTEXT [FILE|-]",
  description: "Export a context to a tar archive FILE or a tar stream on STDOUT.",
  minArgs: 1,
  maxArgs: 2,
  flags: [],
  async run(ctx, _flags, args) {
    const name = args[0] ?? "";
    checkContextName(name);
    const store = storeOf(ctx);
    const meta = await store.get(name);
    const tls = await store.readTls(name);
    const pack = tar.pack();
    // The layout `docker context export` writes: meta.json, then tls/<endpoint>/<file>.
    const entry = { uid: 0, gid: 0, mtime: new Date(0) };
    pack.entry({ ...entry, name: "meta.json", mode: 0o644 }, JSON.stringify(meta));
    if (Object.keys(tls).length) {
      pack.entry({ ...entry, name: "tls", type: "directory", mode: 0o700 });
      pack.entry({ ...entry, name: "tls/docker", type: "directory", mode: 0o700 });
      for (const f of TLS_FILES) {
        const data = tls[f];
        if (data) pack.entry({ ...entry, name: `tls/docker/${f}`, mode: 0o600 }, data);
      }
    }
    pack.finalize();
    const dest = args[1] ?? `${name}.dockercontext`;
    const out: Writable = dest === "-" ? ctx.stdout : createWriteStream(dest, { mode: 0o600 });
    for await (const chunk of pack) {
      if (!out.write(chunk as Buffer)) await once(out, "drain");
    }
    if (dest === "-") return 0;
    out.end();
    await finished(out);
    writeLine(ctx.stderr, `Written file "${dest}"`);
    return 0;
  },
};

const importCmd: Command = {
  name: "context import",
  usage: "context import [OPTIONS] CONTEXT FILE|-",
  description: "Import a context from a tar or zip file",
  minArgs: 2,
  maxArgs: 2,
  flags: [],
  async run(ctx, _flags, args) {
    const [name = "", file = ""] = args;
    checkContextName(name);
    const store = storeOf(ctx);
    if (await store.exists(name)) throw new CliError(`context "${name}" already exists`);
    const input: Readable = file === "-" ? ctx.stdin : createReadStream(file);
    const { meta, tls } = await readContextTar(input);
    meta.Name = name;
    await store.write(meta, tls);
    writeLine(ctx.stdout, name);
    writeLine(ctx.stderr, `Successfully imported context "${name}"`);
    return 0;
  },
};

/** Reads an exported context. Only docker's tar layout: its zip form (a kubeconfig inside) has no docker endpoint berth could use. */
async function readContextTar(input: Readable): Promise<{ meta: ContextMeta; tls: Record<string, Buffer> }> {
  const extract = tar.extract();
  let meta: ContextMeta | undefined;
  const tls: Record<string, Buffer> = {};
  input.on("error", (err) => extract.destroy(err));
  input.pipe(extract);
  try {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      const data = Buffer.concat(chunks);
      const { name, type } = entry.header;
      if (type === "file" && name === "meta.json") {
        try {
          meta = JSON.parse(data.toString("utf8")) as ContextMeta;
        } catch (err) {
          throw new CliError(`invalid context: meta.json: ${(err as Error).message}`);
        }
      } else if (type === "file" && /^tls\/docker\/(ca|cert|key)\.pem$/.test(name)) {
        tls[name.slice("tls/docker/".length)] = data;
      }
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`invalid context: ${(err as Error).message}`);
  }
  if (!meta || typeof meta !== "object" || !meta.Endpoints)
    throw new CliError("invalid context: no metadata found");
  meta.Metadata ??= {};
  return { meta, tls };
}

export const contextCommands: Command[] = [create, ls, use, show, inspect, update, rm, exportCmd, importCmd];
