// Log drivers and their options, as dockerd validates and applies them (daemon/logger: factory.go,
// jsonfilelog, local, journald, loginfo.go's ExtraAttributes, loggerutils.ParseLogTag). berth has
// four drivers: json-file, local and journald, written by berth-monitor, and none. Every option a
// driver takes is applied; anything else is refused at create, never stored and ignored.

import { existsSync } from "node:fs";
import { errorMessage, InvalidParameterError, NotImplementedError } from "../errdefs/errors.ts";
import { parseBytes } from "../format/units.ts";

export type LogDriver = "json-file" | "local" | "journald" | "none";

/**
 * journald's native socket. BERTH_TEST_JOURNALD_SOCKET replaces it for the tests only (a
 * datagram socket the test binds, on hosts without journald); nothing else should set it.
 */
export function journaldSocket(): string {
  return process.env.BERTH_TEST_JOURNALD_SOCKET || "/run/systemd/journal/socket";
}

/** The common attribute options (logger.Attr*), handled by every driver that writes. */
const ATTR_OPTS = ["labels", "labels-regex", "env", "env-regex", "tag"];
const DRIVER_OPTS: Record<Exclude<LogDriver, "none">, string[]> = {
  "json-file": ["max-file", "max-size", "compress", ...ATTR_OPTS],
  local: ["max-file", "max-size", "compress", ...ATTR_OPTS],
  journald: ATTR_OPTS,
};

/** What the monitor needs to write a container's log. */
export interface LogSettings {
  driver: LogDriver;
  maxSize?: number;
  maxFiles?: number;
  compress?: boolean;
  /** Extra attributes (labels, env, tag), sorted by key as dockerd writes them. */
  attrs: [string, string][];
}

/** The container facts the attributes and the tag template read. */
export interface LogInfo {
  id: string;
  name: string;
  imageId: string;
  imageName: string;
  labels: Record<string, string>;
  env: string[];
}

function unknownOpt(driver: LogDriver, key: string): InvalidParameterError {
  return new InvalidParameterError(
    driver === "json-file" || driver === "journald"
      ? `unknown log opt '${key}' for ${driver} log driver`
      : `unknown log opt '${key}' for log driver ${driver}`,
  );
}

/** Go's strconv.ParseBool. */
function parseBool(key: string, v: string): boolean {
  if (["1", "t", "T", "true", "TRUE", "True"].includes(v)) return true;
  if (["0", "f", "F", "false", "FALSE", "False"].includes(v)) return false;
  throw new InvalidParameterError(
    `invalid log option ${key}: strconv.ParseBool: parsing "${v}": invalid syntax`,
  );
}

/** A regular expression option (`labels-regex`, `env-regex`); Go's RE2 syntax is close enough to JS's for these. */
function regexOpt(key: string, v: string): RegExp {
  try {
    return new RegExp(v);
  } catch (err) {
    throw new InvalidParameterError(`invalid log option ${key}: ${errorMessage(err)}`);
  }
}

/** The daemon's `log-driver` and `log-opts` (daemon.json), the defaults of every container. */
export interface DaemonLogConfig {
  driver?: string;
  opts: Record<string, string>;
}

/**
 * The driver and options a container asks for, with the daemon's `log-opts` under them when it
 * uses the daemon's driver (as dockerd: they belong to that driver); throws dockerd's error for
 * what the driver does not take. Returns the settings without the attributes (see `logAttrs`).
 */
export function logSettings(
  type: string | undefined,
  opts: Record<string, string>,
  daemon: DaemonLogConfig = { opts: {} },
): Omit<LogSettings, "attrs"> {
  const daemonDriver = daemon.driver || "json-file";
  const driver = type || daemonDriver;
  const daemonOpts = driver === daemonDriver ? daemon.opts : {};
  if (driver !== "json-file" && driver !== "local" && driver !== "journald" && driver !== "none") {
    throw new InvalidParameterError(`logger: no log driver named '${driver}' is registered`);
  }
  if (driver === "none") {
    const key = Object.keys({ ...daemonOpts, ...opts })[0];
    if (key !== undefined) throw unknownOpt(driver, key);
    return { driver };
  }
  const all = { ...daemonOpts, ...opts };
  // mode and max-buffer-size are every driver's (builtInLogOpts): berth's monitor always
  // blocks the container's output on a slow log, dockerd's default mode.
  const mode = all.mode ?? "";
  if (mode !== "" && mode !== "blocking") {
    throw new InvalidParameterError(
      mode === "non-blocking"
        ? "logger: berth does not support logging mode non-blocking: the container's output always waits for its log (mode=blocking)"
        : `logger: logging mode not supported: ${mode}`,
    );
  }
  if (all["max-buffer-size"] !== undefined) {
    throw new InvalidParameterError(
      "logger: max-buffer-size option is only supported with 'mode=non-blocking'",
    );
  }
  for (const key of Object.keys(all)) {
    if (key !== "mode" && !DRIVER_OPTS[driver].includes(key)) throw unknownOpt(driver, key);
  }
  // dockerd registers journald on every Linux host, checks its options at create, and refuses
  // it where journald's socket is missing (at start there; at create here, before anything exists).
  if (driver === "journald" && !existsSync(journaldSocket())) {
    throw new InvalidParameterError("journald is not enabled on this host");
  }
  let maxSize: number | undefined;
  if (all["max-size"]) {
    try {
      // go-units FromHumanSize, as both of dockerd's drivers: decimal units (1k = 1000).
      maxSize = parseBytes(all["max-size"]);
    } catch (err) {
      throw new InvalidParameterError(`invalid log option max-size: ${errorMessage(err)}`);
    }
    if (maxSize <= 0) throw new InvalidParameterError("max-size must be a positive number");
  }
  let maxFiles: number | undefined;
  if (all["max-file"]) {
    maxFiles = Number(all["max-file"]);
    if (!Number.isInteger(maxFiles) || maxFiles < 1 || maxFiles > 1000) {
      throw new InvalidParameterError(
        `invalid log option max-file: ${all["max-file"]}: must be a whole number from 1 to 1000`,
      );
    }
  }
  let compress: boolean | undefined;
  if (all.compress !== undefined) compress = parseBool("compress", all.compress);
  if (driver === "local") {
    // The local driver's defaults (daemon/logger/local: 20 MiB × 5, compressed).
    maxSize ??= 20 * 1024 * 1024;
    maxFiles ??= 5;
    compress ??= true;
    if (compress && maxFiles <= 1)
      throw new InvalidParameterError("compression cannot be enabled when max file count is 1");
  } else if (compress && ((maxFiles ?? 1) === 1 || maxSize === undefined)) {
    throw new InvalidParameterError(
      "compress cannot be true when max-file is less than 2 or max-size is not set",
    );
  }
  for (const key of ["labels-regex", "env-regex"]) if (all[key]) regexOpt(key, all[key]);
  if (all.tag) expandTag(all.tag, { id: "", name: "", imageId: "", imageName: "", labels: {}, env: [] });
  return {
    driver,
    ...(maxSize !== undefined ? { maxSize } : {}),
    ...(maxFiles !== undefined ? { maxFiles } : {}),
    ...(compress ? { compress } : {}),
  };
}

/**
 * The `tag` option's template (loggerutils.ParseLogTag, whose default is empty here): the
 * fields of logger.Info that identify the container. Other template syntax is refused: berth's
 * Go-template engine lives in the CLI, above the container service.
 */
export function expandTag(template: string, info: LogInfo): string {
  const fields: Record<string, string> = {
    ID: info.id.slice(0, 12),
    FullID: info.id,
    Name: info.name.replace(/^\//, ""),
    ImageID: info.imageId.replace(/^sha256:/, "").slice(0, 12),
    ImageFullID: info.imageId,
    ImageName: info.imageName,
    DaemonName: "docker",
  };
  return template.replace(/\{\{(.*?)\}\}/g, (whole, inner: string) => {
    const m = /^\s*\.(\w+)\s*$/.exec(inner);
    const v = m ? fields[m[1]] : undefined;
    if (v === undefined) {
      throw new InvalidParameterError(
        `invalid log option tag: ${whole} is not supported (berth expands {{.ID}}, {{.FullID}}, {{.Name}}, {{.ImageID}}, {{.ImageFullID}}, {{.ImageName}}, {{.DaemonName}})`,
      );
    }
    return v;
  });
}

/** logger.Info.ExtraAttributes plus the tag, sorted by key. */
export function logAttrs(opts: Record<string, string>, info: LogInfo): [string, string][] {
  const extra = new Map<string, string>();
  for (const l of (opts.labels ?? "").split(",")) if (l && l in info.labels) extra.set(l, info.labels[l]);
  if (opts["labels-regex"]) {
    const re = regexOpt("labels-regex", opts["labels-regex"]);
    for (const [k, v] of Object.entries(info.labels)) if (re.test(k)) extra.set(k, v);
  }
  const env = new Map<string, string>();
  for (const e of info.env) {
    const i = e.indexOf("=");
    if (i >= 0) env.set(e.slice(0, i), e.slice(i + 1));
  }
  for (const k of (opts.env ?? "").split(",")) {
    const v = env.get(k);
    if (k && v !== undefined) extra.set(k, v);
  }
  if (opts["env-regex"]) {
    const re = regexOpt("env-regex", opts["env-regex"]);
    for (const [k, v] of env) if (re.test(k)) extra.set(k, v);
  }
  if (opts.tag) {
    const tag = expandTag(opts.tag, info);
    if (tag) extra.set("tag", tag);
  }
  return [...extra].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** moby's journald sanitizeKeyMod: a label or env name as a journal field name. */
function journalKey(s: string): string {
  let n = "";
  for (const ch of s) {
    let v = ch;
    if (v >= "a" && v <= "z") v = v.toUpperCase();
    else if (!(v >= "A" && v <= "Z") && !(v >= "0" && v <= "9")) v = "_";
    if (!(n === "" && v === "_")) n += v;
  }
  return n;
}

/**
 * The fields moby's journald driver sends with every entry: the container's, the tag (default
 * `{{.ID}}`) as CONTAINER_TAG and SYSLOG_IDENTIFIER, then labels and env as sanitised keys.
 */
export function journalFields(opts: Record<string, string>, info: LogInfo): [string, string][] {
  const tag = expandTag(opts.tag || "{{.ID}}", info);
  const fields = new Map<string, string>([
    ["CONTAINER_ID", info.id.slice(0, 12)],
    ["CONTAINER_ID_FULL", info.id],
    ["CONTAINER_NAME", info.name.replace(/^\//, "")],
    ["CONTAINER_TAG", tag],
    ["IMAGE_NAME", info.imageName],
    ["SYSLOG_IDENTIFIER", tag],
  ]);
  for (const [k, v] of logAttrs({ ...opts, tag: "" }, info)) {
    const key = journalKey(k);
    if (key) fields.set(key, v);
  }
  return [...fields];
}

/** `logs` and attach's replay of a container whose driver keeps nothing (logger.ErrReadLogsNotSupported). */
export function readNotSupported(): NotImplementedError {
  return new NotImplementedError("configured logging driver does not support reading");
}
