// Registry credentials in docker's client config (`$DOCKER_CONFIG/config.json`, by default
// `~/.docker/config.json`), read and written as the docker CLI's configfile and
// credentials packages do, so that berth and docker share one login: `auths` entries with
// base64 `user:pass`, and `credsStore` / `credHelpers` delegating to the
// `docker-credential-<name>` programs of the docker-credential-helpers protocol.

import { spawn } from "node:child_process";
import { mkdir, readFile, realpath } from "node:fs/promises";
import path from "node:path";
import { DEFAULT_DOMAIN, type Reference } from "../image/reference.ts";
import { writeFileAtomic } from "../util/atomic-file.ts";
import { configDir } from "./config-dir.ts";

/** Docker Hub's key in `auths` and for credential helpers. */
export const INDEX_SERVER = "https://index.docker.io/v1/";
/** The name `docker login docker.io` means Docker Hub by. */
export const DEFAULT_NAMESPACE = "docker.io";
/** What credential helpers store as the user name of an identity token. */
const TOKEN_USERNAME = "<token>";
const NOT_FOUND = "credentials not found in native keychain";

/** registry.AuthConfig: the fields in the order Go marshals them. */
export interface AuthConfig {
  username?: string;
  password?: string;
  auth?: string;
  email?: string;
  serveraddress?: string;
  identitytoken?: string;
  registrytoken?: string;
}

/** credentials.ConvertToHostname: `https://host:5000/v1/` → `host:5000`. */
export function convertToHostname(url: string): string {
  let stripped = url;
  if (url.startsWith("http://")) stripped = url.slice(7);
  else if (url.startsWith("https://")) stripped = url.slice(8);
  const slash = stripped.indexOf("/");
  return slash >= 0 ? stripped.slice(0, slash) : stripped;
}

/** The config key for a reference's registry (ResolveAuthConfig): Hub's URL or the host. */
export function authKeyFor(ref: Pick<Reference, "domain">): string {
  return ref.domain === DEFAULT_DOMAIN ? INDEX_SERVER : ref.domain;
}

/** registry.EncodeAuthConfig: base64url (padded) of the JSON, omitting empty fields. */
export function encodeAuthConfig(auth: AuthConfig): string {
  const ordered: AuthConfig = {};
  for (const k of [
    "username",
    "password",
    "auth",
    "email",
    "serveraddress",
    "identitytoken",
    "registrytoken",
  ] as const) {
    if (auth[k]) ordered[k] = auth[k];
  }
  return Buffer.from(JSON.stringify(ordered)).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
}

export function decodeAuthConfig(header: string): AuthConfig {
  return JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as AuthConfig;
}

/** A failure of a credential helper, with docker's wording. */
export class CredentialHelperError extends Error {}

function encodeAuth(a: AuthConfig): string {
  if (!a.username && !a.password) return "";
  return Buffer.from(`${a.username ?? ""}:${a.password ?? ""}`).toString("base64");
}

function decodeAuth(auth: string, file: string): { username: string; password: string } {
  const decoded = Buffer.from(auth, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw new Error(`parsing config file (${file}): Invalid auth configuration file`);
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A helper that ran and failed: its exit (`exit status 1`) and what it printed. */
class HelperFailure extends Error {
  readonly out: string;
  constructor(err: string, out: string) {
    super(err);
    this.out = out;
  }
}

/** Runs `docker-credential-<helper> <action>` with `input` on stdin; resolves with stdout. */
function runHelper(helper: string, action: string, input: string): Promise<string> {
  const program = `docker-credential-${helper}`;
  return new Promise((resolve, reject) => {
    const child = spawn(program, [action], { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.resume();
    child.on("error", (err: NodeJS.ErrnoException) => {
      const msg =
        err.code === "ENOENT" ? `exec: "${program}": executable file not found in $PATH` : err.message;
      reject(new HelperFailure(msg, ""));
    });
    child.on("close", (code, signal) => {
      const text = Buffer.concat(out).toString("utf8");
      if (code === 0) resolve(text);
      else reject(new HelperFailure(signal ? `signal: ${signal}` : `exit status ${code}`, text.trim()));
    });
    child.stdin.on("error", () => {});
    child.stdin.end(input);
  });
}

function helperError(action: string, err: unknown): CredentialHelperError {
  const out = err instanceof HelperFailure ? err.out : "";
  return new CredentialHelperError(
    `error ${action} credentials - err: ${(err as Error).message}, out: \`${out}\``,
  );
}

/** docker's config.json, keeping every key berth does not interpret as it found it. */
export class ConfigFile {
  readonly filename: string;
  readonly #raw: Record<string, unknown>;
  /** `auths`, with `auth` decoded into username/password and serveraddress set. */
  readonly auths: Map<string, AuthConfig>;

  private constructor(filename: string, raw: Record<string, unknown>, auths: Map<string, AuthConfig>) {
    this.filename = filename;
    this.#raw = raw;
    this.auths = auths;
  }

  static async load(dir: string = configDir()): Promise<ConfigFile> {
    const filename = path.join(dir, "config.json");
    let text: string | undefined;
    try {
      text = await readFile(filename, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
        throw new Error(`loading config file ${filename}: ${(err as Error).message}`);
      }
    }
    let raw: Record<string, unknown> = {};
    if (text !== undefined && text.trim() !== "") {
      try {
        raw = JSON.parse(text) as Record<string, unknown>;
      } catch (err) {
        throw new Error(`parsing config file (${filename}): ${(err as Error).message}`);
      }
      if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
        throw new Error(`parsing config file (${filename}): not a JSON object`);
      }
    }
    const auths = new Map<string, AuthConfig>();
    const stored = (raw.auths ?? {}) as Record<string, AuthConfig>;
    for (const [addr, entry] of Object.entries(stored)) {
      const ac: AuthConfig = { ...entry };
      if (ac.auth) Object.assign(ac, decodeAuth(ac.auth, filename));
      delete ac.auth;
      ac.serveraddress = addr;
      auths.set(addr, ac);
    }
    return new ConfigFile(filename, raw, auths);
  }

  get credsStore(): string | undefined {
    return typeof this.#raw.credsStore === "string" && this.#raw.credsStore
      ? this.#raw.credsStore
      : undefined;
  }

  get credHelpers(): Record<string, string> {
    return (this.#raw.credHelpers ?? {}) as Record<string, string>;
  }

  /** `context use`'s choice; unset means the default context. */
  get currentContext(): string | undefined {
    const v = this.#raw.currentContext;
    return typeof v === "string" && v ? v : undefined;
  }

  set currentContext(name: string | undefined) {
    if (name) this.#raw.currentContext = name;
    else delete this.#raw.currentContext;
  }

  /** The helper that holds `server`'s credentials, if any (getConfiguredCredentialStore). */
  helperFor(server: string): string | undefined {
    const helper = server ? this.credHelpers[server] : undefined;
    return helper || this.credsStore;
  }

  /** The credentials for a config key; empty when there are none (never an error for that). */
  async get(server: string): Promise<AuthConfig> {
    const helper = this.helperFor(server);
    if (!helper) return this.#fileGet(server);
    let out: string;
    try {
      out = await runHelper(helper, "get", server);
    } catch (err) {
      if (err instanceof HelperFailure && err.out === NOT_FOUND) return {};
      throw helperError("getting", err);
    }
    const creds = JSON.parse(out) as { ServerURL?: string; Username?: string; Secret?: string };
    const ac: AuthConfig =
      creds.Username === TOKEN_USERNAME
        ? { identitytoken: creds.Secret }
        : { username: creds.Username, password: creds.Secret };
    ac.serveraddress = server;
    const email = this.#fileGet(server).email;
    if (email) ac.email = email;
    return ac;
  }

  #fileGet(server: string): AuthConfig {
    const found = this.auths.get(server);
    if (found) return { ...found };
    // Older configs keyed entries by URL ("https://host:5000"); match them by host name.
    for (const [key, ac] of this.auths) if (convertToHostname(key) === server) return { ...ac };
    return {};
  }

  /** Stores credentials under `auth.serveraddress`, in the helper when one is configured. */
  async store(auth: AuthConfig): Promise<void> {
    const server = auth.serveraddress ?? "";
    const helper = this.helperFor(server);
    if (helper) {
      const payload = auth.identitytoken
        ? { ServerURL: server, Username: TOKEN_USERNAME, Secret: auth.identitytoken }
        : { ServerURL: server, Username: auth.username ?? "", Secret: auth.password ?? "" };
      try {
        await runHelper(helper, "store", JSON.stringify(payload));
      } catch (err) {
        throw helperError("storing", err);
      }
      // The file keeps an entry for the server with nothing secret in it, as docker's.
      this.auths.set(server, { serveraddress: server, ...(auth.email ? { email: auth.email } : {}) });
    } else {
      this.auths.set(server, { ...auth });
    }
    await this.save();
  }

  /** Removes `server`'s credentials from the helper (if any) and from the file. */
  async erase(server: string): Promise<void> {
    const helper = this.helperFor(server);
    let failure: Error | undefined;
    if (helper) {
      try {
        await runHelper(helper, "erase", server);
      } catch (err) {
        failure = helperError("erasing", err);
      }
    }
    this.auths.delete(server);
    await this.save();
    if (failure) throw failure;
  }

  /** Writes the file atomically, mode 0600, through a symlink to its target as docker does. */
  async save(): Promise<void> {
    const auths: Record<string, Record<string, string>> = {};
    for (const [addr, ac] of this.auths) {
      const entry: Record<string, string> = {};
      const encoded = encodeAuth(ac);
      if (encoded) entry.auth = encoded;
      if (ac.email) entry.email = ac.email;
      if (ac.identitytoken) entry.identitytoken = ac.identitytoken;
      auths[addr] = entry;
    }
    const out: Record<string, unknown> = { auths, ...this.#raw };
    out.auths = auths;
    let target = this.filename;
    try {
      target = await realpath(this.filename);
    } catch {
      await mkdir(path.dirname(this.filename), { recursive: true, mode: 0o700 });
    }
    await writeFileAtomic(target, JSON.stringify(out, null, "\t"), 0o600);
  }
}

/** The credentials to send for a registry key; credential-helper failures mean none. */
export async function resolveAuthConfig(key: string, dir?: string): Promise<AuthConfig> {
  try {
    return await (await ConfigFile.load(dir)).get(key);
  } catch {
    return {};
  }
}

/** The `X-Registry-Auth` header for a reference's registry (`e30=` without credentials). */
export async function registryAuthHeader(ref: Pick<Reference, "domain">, dir?: string): Promise<string> {
  return encodeAuthConfig(await resolveAuthConfig(authKeyFor(ref), dir));
}
