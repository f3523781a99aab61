// pull, push, login, logout and search: docker's registry commands, their flags, requests
// (cli/command/image/pull.go, push.go, cli/command/registry/*.go) and output.

import type { Readable } from "node:stream";
import { ApiError } from "../../client/client.ts";
import {
  familiarName,
  parseNormalizedNamed,
  type Reference,
  referenceString,
  tagNameOnly,
} from "../../image/reference.ts";
import type { SearchResult } from "../../types/registry.ts";
import {
  type AuthConfig,
  ConfigFile,
  convertToHostname,
  DEFAULT_NAMESPACE,
  encodeAuthConfig,
  INDEX_SERVER,
  registryAuthHeader,
} from "../auth-config.ts";
import { type CliContext, CliError, type Command, formatFlag, list, str, writeLine } from "../command.ts";
import { configDir } from "../config-dir.ts";
import { printRows } from "../output.ts";
import { discard, displayJsonMessagesStream } from "../progress.ts";
import { ellipsis } from "./container/formatter.ts";

const contentTrustFlag = {
  name: "disable-content-trust",
  type: "bool" as const,
  default: true,
  description: "Skip image verification",
};

function parseRef(s: string): Reference {
  try {
    return parseNormalizedNamed(s);
  } catch (err) {
    throw new CliError((err as Error).message, 1);
  }
}

/** The reference a pull or push works on: `-a` wants a bare name, otherwise `:latest` is implied. */
function refForTags(ctx: CliContext, remote: string, all: boolean, quiet: boolean): Reference {
  let ref = parseRef(remote);
  const nameOnly = !ref.tag && !ref.digest;
  if (all && !nameOnly) throw new CliError("tag can't be used with --all-tags/-a", 1);
  if (!all && nameOnly) {
    ref = tagNameOnly(ref);
    if (!quiet) writeLine(ctx.stdout, `Using default tag: ${ref.tag}`);
  }
  return ref;
}

function configDirOf(ctx: CliContext): string {
  return configDir(ctx.configDir);
}

async function showProgress(ctx: CliContext, body: Readable, quiet: boolean): Promise<void> {
  await displayJsonMessagesStream(body, quiet ? discard : ctx.stdout);
}

// ─── pull ────────────────────────────────────────────────────────────────────────────────────

const pull: Command = {
  name: "pull",
  aliases: ["image pull"],
  usage: "pull [OPTIONS] NAME[:TAG|@DIGEST]",
  description: "Download an image from a registry",
  minArgs: 1,
  maxArgs: 1,
  flags: [
    {
      name: "all-tags",
      short: "a",
      type: "bool",
      description: "Download all tagged images in the repository",
    },
    contentTrustFlag,
    { name: "platform", type: "string", description: "Set platform if server is multi-platform capable" },
    { name: "quiet", short: "q", type: "bool", description: "Suppress verbose output" },
  ],
  async run(ctx, flags, [remote]) {
    const all = Boolean(flags["all-tags"]);
    const quiet = Boolean(flags.quiet);
    const ref = refForTags(ctx, remote, all, quiet);
    const auth = await registryAuthHeader(ref, configDirOf(ctx));
    // Sorted as Go's url.Values.Encode sorts them.
    const res = await ctx.client.call("POST", "/images/create", {
      query: {
        fromImage: familiarName(ref),
        platform: str(flags, "platform")?.toLowerCase(),
        tag: all ? undefined : (ref.digest ?? ref.tag),
      },
      headers: { "X-Registry-Auth": auth },
    });
    await showProgress(ctx, res.body, quiet);
    writeLine(ctx.stdout, referenceString(ref));
    return 0;
  },
};

// ─── push ────────────────────────────────────────────────────────────────────────────────────

const archAliases: Record<string, [string, string?]> = {
  x86_64: ["amd64"],
  "x86-64": ["amd64"],
  aarch64: ["arm64"],
  armhf: ["arm", "v7"],
  armel: ["arm", "v6"],
  i386: ["386"],
};
const knownOs = new Set(["linux", "windows", "darwin", "freebsd", "netbsd", "openbsd", "solaris", "illumos"]);

/** platforms.Parse + Normalize, as the OCI platform JSON push sends (`{"architecture","os"}`). */
export function platformJson(spec: string): string {
  const parts = spec.toLowerCase().split("/");
  if (parts.length > 3 || parts.some((p) => p === "")) {
    throw new CliError(`"${spec}": unknown operating system or architecture: invalid argument`, 1);
  }
  let os = "linux";
  let arch: string;
  let variant: string | undefined;
  if (parts.length === 1) {
    if (knownOs.has(parts[0])) {
      os = parts[0];
      arch = process.arch === "x64" ? "amd64" : process.arch;
    } else arch = parts[0];
  } else [os, arch, variant] = parts;
  const alias = archAliases[arch];
  if (alias) {
    arch = alias[0];
    variant ??= alias[1];
  }
  if (arch === "arm64" && (variant === "v8" || variant === "8")) variant = undefined;
  if (arch === "arm" && variant && /^\d$/.test(variant)) variant = `v${variant}`;
  return JSON.stringify(variant ? { architecture: arch, os, variant } : { architecture: arch, os });
}

const push: Command = {
  name: "push",
  aliases: ["image push"],
  usage: "push [OPTIONS] NAME[:TAG]",
  description: "Upload an image to a registry",
  minArgs: 1,
  maxArgs: 1,
  flags: [
    {
      name: "all-tags",
      short: "a",
      type: "bool",
      description: "Push all tags of an image to the repository",
    },
    contentTrustFlag,
    {
      name: "platform",
      type: "string",
      description: "Push a platform-specific manifest as a single-platform image to the registry",
    },
    { name: "quiet", short: "q", type: "bool", description: "Suppress verbose output" },
  ],
  async run(ctx, flags, [remote]) {
    const all = Boolean(flags["all-tags"]);
    const quiet = Boolean(flags.quiet);
    const platformSpec = str(flags, "platform");
    const platform = platformSpec ? platformJson(platformSpec) : undefined;
    const ref = refForTags(ctx, remote, all, quiet);
    if (ref.digest) throw new CliError("cannot push a digest reference", 1);
    const auth = await registryAuthHeader(ref, configDirOf(ctx));
    const res = await ctx.client.call("POST", `/images/${familiarName(ref)}/push`, {
      query: { platform, tag: all ? undefined : ref.tag },
      headers: { "X-Registry-Auth": auth },
    });
    await showProgress(ctx, res.body, quiet);
    if (quiet) writeLine(ctx.stdout, referenceString(ref));
    return 0;
  },
};

// ─── login / logout ──────────────────────────────────────────────────────────────────────────

/** Reads one line from a terminal (or what a test feeds in), without the line end. */
function readLine(stdin: Readable, secret: boolean): Promise<string> {
  const tty = stdin as Readable & { isTTY?: boolean; setRawMode?: (on: boolean) => void };
  const raw = secret && tty.isTTY && typeof tty.setRawMode === "function";
  return new Promise((resolve, reject) => {
    let buf = "";
    const done = (err?: Error) => {
      stdin.off("data", onData);
      stdin.off("end", onEnd);
      if (raw) tty.setRawMode?.(false);
      stdin.pause();
      if (err) reject(err);
      else resolve(buf);
    };
    const onData = (chunk: Buffer | string) => {
      for (const c of chunk.toString()) {
        if (c === "\n" || c === "\r") return done();
        if (raw && c === "\x03") return done(new CliError("", 130));
        if (raw && (c === "\x7f" || c === "\b")) buf = buf.slice(0, -1);
        else buf += c;
      }
    };
    const onEnd = () => done();
    if (raw) tty.setRawMode?.(true);
    stdin.on("data", onData);
    stdin.on("end", onEnd);
    stdin.resume();
  });
}

/** The wire form of an AuthConfig (`POST /auth` body), empty fields left out as Go's omitempty. */
function authBody(a: AuthConfig): AuthConfig {
  return JSON.parse(Buffer.from(encodeAuthConfig(a), "base64url").toString("utf8")) as AuthConfig;
}

interface AuthenticateOK {
  Status?: string;
  IdentityToken?: string;
}

async function registryLogin(ctx: CliContext, auth: AuthConfig): Promise<AuthenticateOK> {
  return (await ctx.client.json<AuthenticateOK>("POST", "/auth", { body: authBody(auth) })) ?? {};
}

async function storeCredentials(cfg: ConfigFile, auth: AuthConfig, res: AuthenticateOK): Promise<void> {
  const toStore: AuthConfig = { ...auth };
  if (res.IdentityToken) {
    toStore.password = "";
    toStore.identitytoken = res.IdentityToken;
  }
  try {
    await cfg.store(toStore);
  } catch (err) {
    throw new CliError(`Error saving credentials: ${(err as Error).message}`, 1);
  }
}

const login: Command = {
  name: "login",
  usage: "login [OPTIONS] [SERVER]",
  description: "Authenticate to a registry",
  maxArgs: 1,
  flags: [
    { name: "password", short: "p", type: "string", description: "Password or Personal Access Token (PAT)" },
    {
      name: "password-stdin",
      type: "bool",
      description: "Take the Password or Personal Access Token (PAT) from stdin",
    },
    { name: "username", short: "u", type: "string", description: "Username" },
  ],
  async run(ctx, flags, [server]) {
    const user = str(flags, "username") ?? "";
    let password = str(flags, "password") ?? "";
    if (password) {
      writeLine(ctx.stderr, "WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
      if (flags["password-stdin"])
        throw new CliError("--password and --password-stdin are mutually exclusive", 1);
    }
    if (flags["password-stdin"]) {
      if (!user) throw new CliError("Must provide --username with --password-stdin", 1);
      const chunks: Buffer[] = [];
      for await (const c of ctx.stdin) chunks.push(Buffer.from(c as Buffer));
      password = Buffer.concat(chunks).toString("utf8").replace(/\n$/, "").replace(/\r$/, "");
    }
    const address = server && server !== DEFAULT_NAMESPACE ? server : INDEX_SERVER;
    const isDefault = address === INDEX_SERVER;
    const key = isDefault ? address : convertToHostname(address);
    const cfg = await ConfigFile.load(configDirOf(ctx));

    // Stored credentials are tried first when none are given, as docker does.
    if (!user && !password) {
      let stored: AuthConfig = {};
      try {
        stored = await cfg.get(key);
      } catch {
        stored = {};
      }
      if (stored.username && stored.password) {
        const auth: AuthConfig = { ...stored, serveraddress: key, identitytoken: undefined };
        writeLine(ctx.stderr, `Authenticating with existing credentials... [Username: ${stored.username}]`);
        try {
          const res = await registryLogin(ctx, auth);
          await storeCredentials(cfg, auth, res);
          writeLine(ctx.stderr);
          writeLine(
            ctx.stderr,
            `i Info → To login with a different account, run '${ctx.prog} logout' followed by '${ctx.prog} login'`,
          );
          writeLine(ctx.stderr);
          if (res.Status) writeLine(ctx.stdout, res.Status);
          return 0;
        } catch (err) {
          if (err instanceof ApiError && err.status === 401) {
            writeLine(ctx.stderr, "Stored credentials invalid or expired");
          } else if (err instanceof ApiError) {
            writeLine(ctx.stderr, `Login did not succeed, error: Error response from daemon: ${err.message}`);
          } else throw err;
        }
      }
    }

    let username = user;
    if (!username || !password) {
      if (!ctx.stdin.isTTY) {
        throw new CliError("Error: Cannot perform an interactive login from a non TTY device", 1);
      }
      if (!username) {
        if (isDefault) {
          writeLine(
            ctx.stdout,
            "Log in with your Docker ID or email address to push and pull images from Docker Hub. If you don't have a Docker ID, head over to https://hub.docker.com/ to create one.",
          );
        }
        ctx.stdout.write("Username: ");
        username = (await readLine(ctx.stdin, false)).trim();
        if (!username) throw new CliError("Error: Non-null Username Required", 1);
      }
      if (!password) {
        ctx.stdout.write("Password: ");
        password = await readLine(ctx.stdin, true);
        writeLine(ctx.stdout);
        if (!password) throw new CliError("Error: Password Required", 1);
      }
    }
    const auth: AuthConfig = { username, password, serveraddress: key };
    const res = await registryLogin(ctx, auth);
    await storeCredentials(cfg, auth, res);
    if (res.Status) writeLine(ctx.stdout, res.Status);
    return 0;
  },
};

const logout: Command = {
  name: "logout",
  usage: "logout [SERVER]",
  description: "Log out from a registry",
  maxArgs: 1,
  flags: [],
  async run(ctx, _flags, [server]) {
    const isDefault = !server || server === DEFAULT_NAMESPACE;
    const address = isDefault ? INDEX_SERVER : server;
    const hostname = isDefault ? address : convertToHostname(address);
    // Older docker versions stored a server under any of these spellings.
    const regs = isDefault
      ? [address]
      : [...new Set([address, hostname, `http://${hostname}`, `https://${hostname}`])];
    writeLine(ctx.stdout, `Removing login credentials for ${hostname}`);
    const cfg = await ConfigFile.load(configDirOf(ctx));
    const errs = new Map<string, string>();
    for (const r of regs) {
      try {
        await cfg.erase(r);
      } catch (err) {
        errs.set(r, (err as Error).message);
      }
    }
    if (errs.size === regs.length) {
      writeLine(ctx.stderr, "WARNING: could not erase credentials:");
      for (const [k, v] of errs) writeLine(ctx.stderr, `${k}: ${v}`);
    }
    return 0;
  },
};

// ─── search ──────────────────────────────────────────────────────────────────────────────────

/** The rows `--format` sees: docker's searchContext fields. */
export function searchRows(results: SearchResult[], trunc: boolean) {
  return results.map((r) => {
    let desc = (r.description ?? "").replace(/\n/g, " ").replace(/\r/g, " ");
    if (trunc) desc = ellipsis(desc, 45);
    return {
      Name: r.name,
      Description: desc,
      StarCount: String(r.star_count ?? 0),
      IsOfficial: r.is_official ? "[OK]" : "",
      IsAutomated: r.is_automated ? "[OK]" : "",
    };
  });
}

export const searchHeaders = {
  Name: "NAME",
  Description: "DESCRIPTION",
  StarCount: "STARS",
  IsOfficial: "OFFICIAL",
  IsAutomated: "AUTOMATED",
};

export const defaultSearchFormat = "table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}";

/** The registry a search term addresses (splitReposSearchTerm): a host-like first part, else Hub. */
export function searchIndex(term: string): string {
  const slash = term.indexOf("/");
  if (slash < 0) return DEFAULT_NAMESPACE;
  const first = term.slice(0, slash);
  return first.includes(".") || first.includes(":") || first === "localhost" ? first : DEFAULT_NAMESPACE;
}

/** `--filter k=v` values as docker's filters.ToJSON writes them: `{"k":{"v":true}}`. */
export function searchFiltersJson(filters: string[]): string | undefined {
  if (filters.length === 0) return undefined;
  const out: Record<string, Record<string, boolean>> = {};
  for (const f of filters) {
    const eq = f.indexOf("=");
    if (eq <= 0) throw new CliError("bad format of filter (expected name=value)", 125);
    const k = f.slice(0, eq).trim().toLowerCase();
    (out[k] ??= {})[f.slice(eq + 1).trim()] = true;
  }
  return JSON.stringify(out);
}

const search: Command = {
  name: "search",
  usage: "search [OPTIONS] TERM",
  description: "Search Docker Hub for images",
  minArgs: 1,
  maxArgs: 1,
  flags: [
    { name: "filter", short: "f", type: "list", description: "Filter output based on conditions provided" },
    formatFlag,
    { name: "limit", type: "int", description: "Max number of search results" },
    { name: "no-trunc", type: "bool", description: "Don't truncate output" },
  ],
  async run(ctx, flags, [term]) {
    const filters = list(flags, "filter");
    const filtersArg = searchFiltersJson(filters);
    if (filters.some((f) => f.trim().toLowerCase().startsWith("is-automated"))) {
      writeLine(
        ctx.stderr,
        'WARNING: the "is-automated" filter is deprecated, and searching for "is-automated=true" will not yield any results in future.',
      );
    }
    const limit = flags.limit as number | undefined;
    const auth = await registryAuthHeader({ domain: searchIndex(term) }, configDirOf(ctx));
    const results =
      (await ctx.client.json<SearchResult[] | null>("GET", "/images/search", {
        query: { filters: filtersArg, limit: limit ? limit : undefined, term },
        headers: { "X-Registry-Auth": auth },
      })) ?? [];
    printRows(
      ctx.stdout,
      str(flags, "format"),
      defaultSearchFormat,
      searchRows(results, !flags["no-trunc"]),
      searchHeaders,
    );
    return 0;
  },
};

export const registryCommands: Command[] = [pull, push, login, logout, search];
