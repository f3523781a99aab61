/**
 * `run`/`create` flags to the ContainerCreate body, as docker/cli's container/opts.go builds
 * it: the same fields in Go's field order (so the JSON reads like the docker CLI's), the same
 * defaults (`"Dns":[]`, `"MemorySwappiness":-1`, `"EndpointsConfig":{"default":{…}}`) and the
 * same validation messages.
 */

import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { InvalidParameterError } from "../../errdefs/errors.ts";
import { ramInBytes } from "../../format/units.ts";
import { isIpcNamespacedSysctl } from "../../runtime/oci-spec.ts";
import { parseUlimit } from "../../runtime/rlimits.ts";
import type { FlagSpec, FlagValues } from "../flags.ts";

// ─── Flags ───────────────────────────────────────────────────────────────────────────────────

/** The flags `run` and `create` share (docker's addFlags). */
export const containerFlags: FlagSpec[] = [
  { name: "add-host", type: "list", description: "Add a custom host-to-IP mapping (host:ip)" },
  {
    name: "annotation",
    type: "list",
    description: "Add an annotation to the container (passed through to the OCI runtime)",
  },
  { name: "attach", short: "a", type: "list", description: "Attach to STDIN, STDOUT or STDERR" },
  {
    name: "blkio-weight",
    type: "int",
    description: "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)",
  },
  { name: "blkio-weight-device", type: "list", description: "Block IO weight (relative device weight)" },
  { name: "cap-add", type: "list", description: "Add Linux capabilities" },
  { name: "cap-drop", type: "list", description: "Drop Linux capabilities" },
  { name: "cgroup-parent", type: "string", description: "Optional parent cgroup for the container" },
  { name: "cgroupns", type: "string", description: "Cgroup namespace to use (host|private)" },
  { name: "cidfile", type: "string", description: "Write the container ID to the file" },
  { name: "cpu-period", type: "int", description: "Limit CPU CFS (Completely Fair Scheduler) period" },
  { name: "cpu-quota", type: "int", description: "Limit CPU CFS (Completely Fair Scheduler) quota" },
  { name: "cpu-rt-period", type: "int", description: "Limit CPU real-time period in microseconds" },
  { name: "cpu-rt-runtime", type: "int", description: "Limit CPU real-time runtime in microseconds" },
  { name: "cpu-shares", short: "c", type: "int", description: "CPU shares (relative weight)" },
  { name: "cpus", type: "string", description: "Number of CPUs" },
  { name: "cpuset-cpus", type: "string", description: "CPUs in which to allow execution (0-3, 0,1)" },
  { name: "cpuset-mems", type: "string", description: "MEMs in which to allow execution (0-3, 0,1)" },
  { name: "device", type: "list", description: "Add a host device to the container" },
  { name: "device-cgroup-rule", type: "list", description: "Add a rule to the cgroup allowed devices list" },
  { name: "device-read-bps", type: "list", description: "Limit read rate (bytes per second) from a device" },
  { name: "device-read-iops", type: "list", description: "Limit read rate (IO per second) from a device" },
  { name: "device-write-bps", type: "list", description: "Limit write rate (bytes per second) to a device" },
  { name: "device-write-iops", type: "list", description: "Limit write rate (IO per second) to a device" },
  { name: "dns", type: "list", description: "Set custom DNS servers" },
  { name: "dns-option", aliases: ["dns-opt"], type: "list", description: "Set DNS options" },
  { name: "dns-search", type: "list", description: "Set custom DNS search domains" },
  { name: "domainname", type: "string", description: "Container NIS domain name" },
  { name: "entrypoint", type: "string", description: "Overwrite the default ENTRYPOINT of the image" },
  { name: "env", short: "e", type: "list", description: "Set environment variables" },
  { name: "env-file", type: "list", description: "Read in a file of environment variables" },
  { name: "expose", type: "list", description: "Expose a port or a range of ports" },
  { name: "group-add", type: "list", description: "Add additional groups to join" },
  { name: "health-cmd", type: "string", description: "Command to run to check health" },
  {
    name: "health-interval",
    type: "string",
    description: "Time between running the check (ms|s|m|h) (default 0s)",
  },
  { name: "health-retries", type: "int", description: "Consecutive failures needed to report unhealthy" },
  {
    name: "health-start-interval",
    type: "string",
    description: "Time between running the check during the start period (ms|s|m|h) (default 0s)",
  },
  {
    name: "health-start-period",
    type: "string",
    description:
      "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)",
  },
  {
    name: "health-timeout",
    type: "string",
    description: "Maximum time to allow one check to run (ms|s|m|h) (default 0s)",
  },
  { name: "hostname", short: "h", type: "string", description: "Container host name" },
  // "" stands for "not given": docker only sends Init when the flag was used.
  {
    name: "init",
    type: "bool",
    default: "",
    description: "Run an init inside the container that forwards signals and reaps processes",
  },
  { name: "interactive", short: "i", type: "bool", description: "Keep STDIN open even if not attached" },
  { name: "ip", type: "string", description: "IPv4 address (e.g., 172.30.100.104)" },
  { name: "ip6", type: "string", description: "IPv6 address (e.g., 2001:db8::33)" },
  { name: "ipc", type: "string", description: "IPC mode to use" },
  { name: "isolation", type: "string", description: "Container isolation technology" },
  { name: "label", short: "l", type: "list", description: "Set meta data on a container" },
  { name: "label-file", type: "list", description: "Read in a line delimited file of labels" },
  { name: "link", type: "list", description: "Add link to another container" },
  { name: "link-local-ip", type: "list", description: "Container IPv4/IPv6 link-local addresses" },
  { name: "log-driver", type: "string", description: "Logging driver for the container" },
  { name: "log-opt", type: "list", description: "Log driver options" },
  { name: "mac-address", type: "string", description: "Container MAC address (e.g., 92:d0:c6:0a:29:33)" },
  { name: "memory", short: "m", type: "string", description: "Memory limit" },
  { name: "memory-reservation", type: "string", description: "Memory soft limit" },
  {
    name: "memory-swap",
    type: "string",
    description: "Swap limit equal to memory plus swap: '-1' to enable unlimited swap",
  },
  {
    name: "memory-swappiness",
    type: "int",
    default: -1,
    description: "Tune container memory swappiness (0 to 100)",
  },
  { name: "mount", type: "list", description: "Attach a filesystem mount to the container" },
  { name: "network", aliases: ["net"], type: "list", description: "Connect a container to a network" },
  {
    name: "network-alias",
    aliases: ["net-alias"],
    type: "list",
    description: "Add network-scoped alias for the container",
  },
  { name: "no-healthcheck", type: "bool", description: "Disable any container-specified HEALTHCHECK" },
  { name: "oom-kill-disable", type: "bool", description: "Disable OOM Killer" },
  { name: "oom-score-adj", type: "int", description: "Tune host's OOM preferences (-1000 to 1000)" },
  { name: "pid", type: "string", description: "PID namespace to use" },
  { name: "pids-limit", type: "int", description: "Tune container pids limit (set -1 for unlimited)" },
  { name: "privileged", type: "bool", description: "Give extended privileges to this container" },
  { name: "publish", short: "p", type: "list", description: "Publish a container's port(s) to the host" },
  { name: "publish-all", short: "P", type: "bool", description: "Publish all exposed ports to random ports" },
  { name: "read-only", type: "bool", description: "Mount the container's root filesystem as read only" },
  {
    name: "restart",
    type: "string",
    default: "no",
    description: "Restart policy to apply when a container exits",
  },
  {
    name: "rm",
    type: "bool",
    description: "Automatically remove the container and its associated anonymous volumes when it exits",
  },
  { name: "runtime", type: "string", description: "Runtime to use for this container" },
  { name: "security-opt", type: "list", description: "Security Options" },
  { name: "shm-size", type: "string", description: "Size of /dev/shm" },
  { name: "stop-signal", type: "string", description: "Signal to stop the container" },
  { name: "stop-timeout", type: "int", description: "Timeout (in seconds) to stop a container" },
  { name: "storage-opt", type: "list", description: "Storage driver options for the container" },
  { name: "sysctl", type: "list", description: "Sysctl options" },
  { name: "tmpfs", type: "list", description: "Mount a tmpfs directory" },
  { name: "tty", short: "t", type: "bool", description: "Allocate a pseudo-TTY" },
  { name: "ulimit", type: "list", description: "Ulimit options" },
  {
    name: "user",
    short: "u",
    type: "string",
    description: "Username or UID (format: <name|uid>[:<group|gid>])",
  },
  { name: "userns", type: "string", description: "User namespace to use" },
  { name: "uts", type: "string", description: "UTS namespace to use" },
  { name: "volume", short: "v", type: "list", description: "Bind mount a volume" },
  { name: "volume-driver", type: "string", description: "Optional volume driver for the container" },
  { name: "volumes-from", type: "list", description: "Mount volumes from the specified container(s)" },
  { name: "workdir", short: "w", type: "string", description: "Working directory inside the container" },
];

/** The flags of `create` that are not Config/HostConfig (run has them too). */
export const createOnlyFlags: FlagSpec[] = [
  { name: "name", type: "string", description: "Assign a name to the container" },
  { name: "platform", type: "string", description: "Set platform if server is multi-platform capable" },
  {
    name: "pull",
    type: "string",
    default: "missing",
    description: 'Pull image before creating ("always", "missing", "never")',
  },
  { name: "quiet", short: "q", type: "bool", description: "Suppress the pull output" },
  { name: "disable-content-trust", type: "bool", default: true, description: "Skip image verification" },
];

/** The flags only `run` has. */
export const runOnlyFlags: FlagSpec[] = [
  {
    name: "detach",
    short: "d",
    type: "bool",
    description: "Run container in background and print container ID",
  },
  { name: "detach-keys", type: "string", description: "Override the key sequence for detaching a container" },
  { name: "sig-proxy", type: "bool", default: true, description: "Proxy received signals to the process" },
];

// ─── Shapes ──────────────────────────────────────────────────────────────────────────────────

export interface PortBinding {
  HostIp: string;
  HostPort: string;
}

export interface EndpointSettings {
  IPAMConfig: { IPv4Address?: string; IPv6Address?: string; LinkLocalIPs?: string[] } | null;
  Links: string[] | null;
  Aliases: string[] | null;
  MacAddress: string;
  DriverOpts: Record<string, string> | null;
  GwPriority: number;
  NetworkID: string;
  EndpointID: string;
  Gateway: string;
  IPAddress: string;
  IPPrefixLen: number;
  IPv6Gateway: string;
  GlobalIPv6Address: string;
  GlobalIPv6PrefixLen: number;
  DNSNames: string[] | null;
}

/** The ContainerCreate request: Config's fields, then HostConfig and NetworkingConfig. */
// biome-ignore lint/suspicious/noExplicitAny: the body is a wide Docker document built field by field
export type CreateBody = Record<string, any>;

/** Where parsing reads the environment, files and the working directory (tests replace them). */
export interface OptionsEnv {
  lookupEnv(name: string): string | undefined;
  readFile(file: string): string;
  cwd: string;
}

export const processEnv: OptionsEnv = {
  lookupEnv: (name) => process.env[name],
  readFile: (file) => readFileSync(file, "utf8"),
  get cwd() {
    return process.cwd();
  },
};

const fail = (msg: string): never => {
  throw new InvalidParameterError(msg);
};

/** pflag's message for a value its flag type or validator refused. */
function flagError(spec: string, value: string, msg: string): never {
  throw new InvalidParameterError(`invalid argument "${value}" for "${spec}" flag: ${msg}`);
}

function errMsg(err: unknown): string {
  return (err as Error).message;
}

/** Go's error text for a failed open(2): "open x: no such file or directory". */
export function goOpenError(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const text: Record<string, string> = {
    ENOENT: "no such file or directory",
    EACCES: "permission denied",
    EISDIR: "is a directory",
    ENOTDIR: "not a directory",
  };
  return `open ${file}: ${(code && text[code]) ?? errMsg(err)}`;
}

// ─── Small parsers (docker/cli opts, go-connections, go-units) ───────────────────────────────

const durationUnits: Record<string, number> = {
  ns: 1,
  us: 1e3,
  "\u00b5s": 1e3,
  "\u03bcs": 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Go's time.ParseDuration, in nanoseconds ("1m30s", "1.5h", "300ms"). */
export function parseGoDuration(s: string): number {
  const orig = s;
  const invalid = () => new InvalidParameterError(`time: invalid duration "${orig}"`);
  let neg = false;
  if (s[0] === "-" || s[0] === "+") {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") throw invalid();
  let total = 0;
  while (s !== "") {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const [all, whole, frac] = m;
    if (!whole && !frac) throw invalid();
    s = s.slice(all.length);
    const um = /^[^0-9.]*/.exec(s)![0];
    if (um === "") throw new InvalidParameterError(`time: missing unit in duration "${orig}"`);
    const unit = durationUnits[um];
    if (unit === undefined)
      throw new InvalidParameterError(`time: unknown unit "${um}" in duration "${orig}"`);
    s = s.slice(um.length);
    total += Number(`${whole || "0"}.${frac || "0"}`) * unit;
  }
  return Math.round(neg ? -total : total);
}

/** opts.ParseCPUs: a decimal or a fraction to nano CPUs, exactly. */
export function parseCpus(value: string): number {
  let m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(value);
  if (m && (m[2] || m[3])) {
    const frac = m[3] ?? "";
    if (frac.replace(/0+$/, "").length > 9) throw new InvalidParameterError("value is too precise");
    const n = Number(m[2] || "0") * 1e9 + Number((frac + "000000000").slice(0, 9));
    return m[1] === "-" ? -n : n;
  }
  m = /^([+-]?\d+)\/(\d+)$/.exec(value);
  if (m && Number(m[2]) !== 0) {
    const n = (Number(m[1]) * 1e9) / Number(m[2]);
    if (!Number.isInteger(n)) throw new InvalidParameterError("value is too precise");
    return n;
  }
  throw new InvalidParameterError(`failed to parse ${value} as a rational number`);
}

/** opts.ParseRestartPolicy: "no", "always", "unless-stopped", "on-failure[:N]". */
export function parseRestartPolicy(policy: string): { Name: string; MaximumRetryCount: number } {
  if (policy === "") return { Name: "", MaximumRetryCount: 0 };
  const colon = policy.indexOf(":");
  const name = colon >= 0 ? policy.slice(0, colon) : policy;
  const count = colon >= 0 ? policy.slice(colon + 1) : "";
  if (colon >= 0 && name === "") fail("invalid restart policy format: no policy provided before colon");
  let max = 0;
  if (count !== "") {
    if (!/^[+-]?\d+$/.test(count))
      fail("invalid restart policy format: maximum retry count must be an integer");
    max = Number(count);
  }
  return { Name: name, MaximumRetryCount: max };
}

/** opts.ValidateEnv: "K=V" kept, a bare "K" takes its value from the CLI's environment. */
export function validateEnv(val: string, lookup: (k: string) => string | undefined): string {
  const eq = val.indexOf("=");
  const k = eq >= 0 ? val.slice(0, eq) : val;
  if (k === "") fail(`invalid environment variable: ${val}`);
  if (eq >= 0) return val;
  const v = lookup(k);
  return v !== undefined ? `${k}=${v}` : val;
}

/**
 * opts parseKeyValueFile (--env-file, --label-file): one KEY=VALUE per line, `#` comments and
 * blank lines skipped, leading whitespace trimmed, a bare KEY taken from the environment when
 * `lookup` is given.
 */
export function parseKeyValueFile(
  content: string,
  filename: string,
  lookup?: (k: string) => string | undefined,
): string[] {
  const lines: string[] = [];
  const raw = content.split(/\r?\n/);
  if (raw.length && raw[raw.length - 1] === "") raw.pop();
  raw.forEach((text, i) => {
    if (i === 0) text = text.replace(/^\uFEFF/, "");
    if (text.includes("\uFFFD")) {
      fail(`env file ${filename} contains invalid utf8 bytes at line ${i + 1}`);
    }
    const line = text.replace(/^\s+/, "");
    if (line.length === 0 || line.startsWith("#")) return;
    const eq = line.indexOf("=");
    const variable = (eq >= 0 ? line.slice(0, eq) : line).replace(/^[ \t]+/, "");
    if (/[ \t]/.test(variable))
      fail(`poorly formatted environment: variable '${variable}' contains whitespaces`);
    if (variable.length === 0) fail(`poorly formatted environment: no variable name on line '${line}'`);
    if (eq >= 0) {
      lines.push(`${variable}=${line.slice(eq + 1)}`);
      return;
    }
    const v = lookup?.(line);
    lines.push(v !== undefined ? `${line.trim()}=${v}` : line.trim());
  });
  return lines;
}

function readKVFiles(files: string[], env: OptionsEnv, lookup?: (k: string) => string | undefined): string[] {
  const out: string[] = [];
  for (const f of files) {
    let content: string;
    try {
      content = env.readFile(f);
    } catch (err) {
      throw new InvalidParameterError(goOpenError(f, err));
    }
    out.push(...parseKeyValueFile(content, f, lookup));
  }
  return out;
}

/** opts.ConvertKVStringsToMap. */
function kvMap(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf("=");
    if (eq >= 0) out[v.slice(0, eq)] = v.slice(eq + 1);
    else out[v] = "";
  }
  return out;
}

function validateLabel(value: string): string {
  const eq = value.indexOf("=");
  const key = (eq >= 0 ? value.slice(0, eq) : value).replace(/^[ \t]+/, "");
  if (key === "") fail(`invalid label '${value}': empty name`);
  if (/[ \t]/.test(key)) fail(`label '${key}' contains whitespaces`);
  return value;
}

/** opts.ValidateIPAddress: the address in its canonical form. */
function validateIPAddress(val: string): string {
  const ip = val.trim();
  if (isIP(ip) === 0) fail(`IP address is not correctly formatted: ${val}`);
  return ip.includes(":") ? ip.toLowerCase() : ip;
}

function validateDNSSearch(val: string): string {
  val = val.replace(/^ +| +$/g, "");
  if (val === ".") return val;
  const m =
    /^((?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*)\.?\s*$/.exec(
      val,
    );
  if (!/[a-zA-Z]/.test(val) || !m || m[1].length >= 255) fail(`${val} is not a valid domain`);
  return m![1];
}

function validateExtraHost(val: string): string {
  let sep = val.indexOf("=");
  if (sep < 0) sep = val.indexOf(":");
  const k = sep >= 0 ? val.slice(0, sep) : "";
  let v = sep >= 0 ? val.slice(sep + 1) : "";
  if (sep < 0 || k === "" || k.includes(":")) fail(`bad format for add-host: "${val}"`);
  if (v !== "host-gateway") {
    if (v.length > 2 && v.startsWith("[") && v.endsWith("]")) v = v.slice(1, -1);
    if (isIP(v.trim()) === 0) fail(`invalid IP address in add-host: "${v}"`);
  }
  return `${k}:${v}`;
}

function validateSysctl(val: string): string {
  const eq = val.indexOf("=");
  const k = eq >= 0 ? val.slice(0, eq) : "";
  if (eq < 0 || k === "") fail(`sysctl '${val}' is not allowed`);
  if (isIpcNamespacedSysctl(k) || k.startsWith("net.")) return val;
  return fail(`sysctl '${val}' is not allowed`);
}

function validateLink(val: string): string {
  if (val === "") fail("empty string specified for links");
  if (val.split(":").length > 2) fail(`bad format for links: ${val}`);
  return val;
}

/** net.ParseMAC's accepted forms: 6, 8 or 20 bytes, separated by ':' or '-', or dotted. */
export function isValidMac(s: string): boolean {
  s = s.trim();
  const colon = /^[0-9a-fA-F]{2}(?:([:-])[0-9a-fA-F]{2})+$/.exec(s);
  if (colon) {
    const n = s.split(colon[1]).length;
    return (n === 6 || n === 8 || n === 20) && s.split(colon[1] === ":" ? "-" : ":").length === 1;
  }
  if (/^[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4})+$/.test(s)) {
    const n = s.split(".").length * 2;
    return n === 6 || n === 8 || n === 20;
  }
  return false;
}

/** Go's path.Clean for the absolute container paths of --device. */
function goClean(p: string): string {
  const c = path.posix.normalize(p);
  return c.length > 1 && c.endsWith("/") ? c.slice(0, -1) : c;
}

function validDeviceMode(mode: string): boolean {
  if (mode === "") return false;
  const seen = new Set<string>();
  for (const c of mode) {
    if (!"rwm".includes(c) || seen.has(c)) return false;
    seen.add(c);
  }
  return true;
}

/** validateLinuxPath then parseLinuxDevice: "/dev/sda[:/dev/xvda][:rwm]". */
export function parseDevice(val: string): {
  PathOnHost: string;
  PathInContainer: string;
  CgroupPermissions: string;
} {
  if ((val.match(/:/g) ?? []).length > 2) fail(`bad format for path: ${val}`);
  const split = val.split(":");
  if (split[0] === "") fail(`bad format for path: ${val}`);
  let containerPath: string;
  let normalized: string;
  if (split.length === 1) {
    containerPath = split[0];
    normalized = goClean(containerPath);
  } else if (split.length === 2) {
    if (validDeviceMode(split[1])) {
      containerPath = split[0];
      normalized = `${goClean(containerPath)}:${split[1]}`;
    } else {
      containerPath = split[1];
      normalized = `${split[0]}:${goClean(containerPath)}`;
    }
  } else {
    containerPath = split[1];
    if (!validDeviceMode(split[2])) fail(`bad mode specified: ${split[2]}`);
    normalized = `${split[0]}:${containerPath}:${split[2]}`;
  }
  if (!containerPath.startsWith("/")) fail(`${containerPath} is not an absolute path`);

  const arr = normalized.split(":");
  let src = "";
  let dst = "";
  let permissions = "rwm";
  if (arr.length === 3) permissions = arr[2];
  if (arr.length >= 2) {
    if (validDeviceMode(arr[1])) permissions = arr[1];
    else dst = arr[1];
  }
  src = arr[0];
  return { PathOnHost: src, PathInContainer: dst || src, CgroupPermissions: permissions };
}

function parseThrottle(val: string, iops: boolean): { Path: string; Rate: number } {
  const colon = val.indexOf(":");
  const k = colon >= 0 ? val.slice(0, colon) : "";
  const v = colon >= 0 ? val.slice(colon + 1) : "";
  if (colon < 0 || k === "") fail(`bad format: ${val}`);
  if (!k.startsWith("/dev/")) fail(`bad format for device path: ${val}`);
  if (iops) {
    if (!/^\d+$/.test(v)) {
      fail(
        `invalid rate for device: ${val}. The correct format is <device-path>:<number>. Number must be a positive integer`,
      );
    }
    return { Path: k, Rate: Number(v) };
  }
  let rate: number;
  try {
    rate = ramInBytes(v);
  } catch {
    rate = -1;
  }
  if (rate < 0) {
    fail(
      `invalid rate for device: ${val}. The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb`,
    );
  }
  return { Path: k, Rate: rate };
}

function parseWeightDevice(val: string): { Path: string; Weight: number } {
  const colon = val.indexOf(":");
  const k = colon >= 0 ? val.slice(0, colon) : "";
  const v = colon >= 0 ? val.slice(colon + 1) : "";
  if (colon < 0 || k === "") fail(`bad format: ${val}`);
  if (!k.startsWith("/dev/")) fail(`bad format for device path: ${val}`);
  const w = /^\d+$/.test(v) ? Number(v) : Number.NaN;
  if (!(w >= 0 && w <= 65535)) fail(`invalid weight for device: ${val}`);
  if (w > 0 && (w < 10 || w > 1000)) fail(`invalid weight for device: ${val}`);
  return { Path: k, Weight: w };
}

// ─── Ports (go-connections/nat) ──────────────────────────────────────────────────────────────

export interface PortMapping {
  port: string;
  binding: PortBinding;
}

function parsePortNumber(s: string): number {
  if (!/^\d+$/.test(s) || Number(s) > 65535)
    throw new Error(`strconv.ParseUint: parsing "${s}": invalid syntax`);
  return Number(s);
}

/** nat.ParsePortRange: "80" or "8000-8010". */
export function parsePortRange(ports: string): [number, number] {
  if (ports === "") throw new Error("empty string specified for ports");
  if (!ports.includes("-")) {
    const p = parsePortNumber(ports);
    return [p, p];
  }
  const parts = ports.split("-");
  const start = parsePortNumber(parts[0]);
  const end = parsePortNumber(parts[1]);
  if (end < start) throw new Error(`invalid range specified for port: ${ports}`);
  return [start, end];
}

/** nat.SplitProtoPort: "80/udp" → ["udp", "80"], "80" → ["tcp", "80"]. */
export function splitProtoPort(raw: string): [string, string] {
  const parts = raw.split("/");
  if (raw.length === 0 || parts[0].length === 0) return ["", ""];
  if (parts.length === 1) return ["tcp", raw];
  if (parts[1].length === 0) return ["tcp", parts[0]];
  return [parts[1], parts[0]];
}

/** nat.ParsePortSpec: "[ip:][hostPort:]containerPort[/proto]", ranges allowed on both sides. */
export function parsePortSpec(rawPort: string): PortMapping[] {
  const parts = rawPort.split(":");
  const n = parts.length;
  let ip = "";
  let hostPort = "";
  let containerPort = parts[n - 1];
  if (n === 2) hostPort = parts[0];
  else if (n === 3) [ip, hostPort] = parts;
  else if (n > 3) {
    ip = parts.slice(0, n - 2).join(":");
    hostPort = parts[n - 2];
  }
  let proto: string;
  [proto, containerPort] = splitProtoPort(containerPort);
  if (ip !== "" && ip[0] === "[") {
    if (!ip.endsWith("]"))
      throw new InvalidParameterError(`invalid IP address ${ip}: address ${ip}: missing ']' in address`);
    ip = ip.slice(1, -1);
  }
  if (ip !== "" && isIP(ip) === 0) throw new InvalidParameterError(`invalid IP address: ${ip}`);
  if (containerPort === "") throw new InvalidParameterError(`no port specified: ${rawPort}<empty>`);
  let start: number;
  let end: number;
  try {
    [start, end] = parsePortRange(containerPort);
  } catch {
    throw new InvalidParameterError(`invalid containerPort: ${containerPort}`);
  }
  let hostStart = 0;
  let hostEnd = 0;
  if (hostPort !== "") {
    try {
      [hostStart, hostEnd] = parsePortRange(hostPort);
    } catch {
      throw new InvalidParameterError(`invalid hostPort: ${hostPort}`);
    }
  }
  if (hostPort !== "" && end - start !== hostEnd - hostStart && end !== start) {
    throw new InvalidParameterError(
      `invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}`,
    );
  }
  proto = proto.toLowerCase();
  if (proto !== "tcp" && proto !== "udp" && proto !== "sctp")
    throw new InvalidParameterError(`invalid proto: ${proto}`);
  const out: PortMapping[] = [];
  for (let i = 0; i <= end - start; i++) {
    let hp = hostPort;
    if (hostPort.length > 0) hp = String(hostStart + i);
    // A single container port with a host range: the daemon picks one port from the range.
    if (start === end && hostStart !== hostEnd) hp = `${hp}-${hostEnd}`;
    out.push({ port: `${start + i}/${proto}`, binding: { HostIp: ip, HostPort: hp } });
  }
  return out;
}

/** convertToStandardNotation: the long form "published=8080,target=80,protocol=udp". */
function toStandardNotation(publish: string): string {
  if (!publish.includes("=")) return publish;
  const params: Record<string, string> = { protocol: "tcp" };
  for (const param of publish.split(",")) {
    const eq = param.indexOf("=");
    if (eq <= 0) fail(`invalid publish opts format (should be name=value but got '${param}')`);
    params[param.slice(0, eq)] = param.slice(eq + 1);
  }
  return `${params.published ?? ""}:${params.target ?? ""}/${params.protocol}`;
}

/** nat.ParsePortSpecs over every -p: the exposed ports and the bindings. */
export function parsePortSpecs(specs: string[]): {
  exposed: Record<string, Record<string, never>>;
  bindings: Record<string, PortBinding[]>;
} {
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: Record<string, PortBinding[]> = {};
  for (const raw of specs) {
    for (const m of parsePortSpec(toStandardNotation(raw))) {
      exposed[m.port] ??= {};
      (bindings[m.port] ??= []).push(m.binding);
    }
  }
  return { exposed, bindings };
}

// ─── Volumes and mounts ──────────────────────────────────────────────────────────────────────

export interface VolumeSpec {
  type: "bind" | "volume";
  source: string;
  target: string;
  readOnly: boolean;
}

const propagations = new Set(["private", "rprivate", "shared", "rshared", "slave", "rslave"]);

/** compose loader.ParseVolume: "[source:]target[:options]", Windows drive letters kept whole. */
export function parseVolumeSpec(spec: string): VolumeSpec {
  const vol: VolumeSpec = { type: "volume", source: "", target: "", readOnly: false };
  if (spec.length === 0) fail("invalid empty volume spec");
  if (spec.length <= 2) {
    vol.target = spec;
    return vol;
  }
  const chars = [...spec, "\0"];
  let buffer: string[] = [];
  const populate = (ch: string) => {
    const s = buffer.join("");
    if (buffer.length === 0) throw new Error("empty section between colons");
    if (vol.source === "" && ch === "\0") {
      vol.target = s;
      return;
    }
    if (vol.source === "") {
      vol.source = s;
      return;
    }
    if (vol.target === "") {
      vol.target = s;
      return;
    }
    if (ch === ":") throw new Error("too many colons");
    for (const option of s.split(",")) {
      if (option === "ro") vol.readOnly = true;
      else if (option === "rw") vol.readOnly = false;
      else if (propagations.has(option)) {
        // propagation is kept in the bind string; nothing to record
      }
    }
  };
  for (const ch of chars) {
    if (ch === ":" && buffer.length === 1 && /\p{L}/u.test(buffer[0])) {
      buffer.push(ch);
    } else if (ch === ":" || ch === "\0") {
      try {
        populate(ch);
      } catch (err) {
        fail(`invalid spec: ${spec}: ${errMsg(err)}`);
      }
      buffer = [];
    } else buffer.push(ch);
  }
  if (vol.source !== "") {
    const c = vol.source[0];
    const isPath =
      c === "." ||
      c === "/" ||
      c === "~" ||
      ([...vol.source].length > 1 && (vol.source.startsWith("\\\\") || /^\p{L}:/u.test(vol.source)));
    vol.type = isPath ? "bind" : "volume";
  }
  return vol;
}

/** Go encoding/csv's reading of one record, as --mount's value is read. */
export function readCsvRecord(value: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = "";
    if (value[i] === '"') {
      i++;
      for (;;) {
        if (i >= value.length)
          fail(`parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
        if (value[i] === '"') {
          if (value[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += value[i++];
      }
      if (i < value.length && value[i] !== ",") {
        fail(`parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
      }
    } else {
      const end = value.indexOf(",", i);
      field = value.slice(i, end < 0 ? value.length : end);
      if (field.includes('"'))
        fail(`parse error on line 1, column ${i + field.indexOf('"') + 1}: bare " in non-quoted-field`);
      i = end < 0 ? value.length : end;
    }
    fields.push(field);
    if (i >= value.length) return fields;
    i++; // the comma
  }
}

function parseBool(s: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(s)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(s)) return false;
  return undefined;
}

/** opts.MountOpt.Set: a --mount value to a mount.Mount (fields in Go's order, omitempty). */
export function parseMountSpec(value: string, cwd = process.cwd()): Record<string, unknown> {
  const fields = readCsvRecord(value);
  let type = "volume";
  let source = "";
  let target = "";
  let readOnly = false;
  let consistency = "";
  let bind: Record<string, unknown> | undefined;
  let volume:
    | {
        NoCopy?: boolean;
        Labels: Record<string, string>;
        Subpath?: string;
        DriverConfig: Record<string, unknown>;
      }
    | undefined;
  let image: Record<string, unknown> | undefined;
  let tmpfs: Record<string, unknown> | undefined;
  const volumeOptions = () => {
    volume ??= { Labels: {}, DriverConfig: {} };
    return volume;
  };
  const bindOptions = () => {
    bind ??= {};
    return bind;
  };
  const tmpfsOptions = () => {
    tmpfs ??= {};
    return tmpfs;
  };
  const setOnMap = (target: Record<string, string>, v: string) => {
    const eq = v.indexOf("=");
    const k = eq >= 0 ? v.slice(0, eq) : v;
    if (k !== "") target[k] = eq >= 0 ? v.slice(eq + 1) : "";
  };
  const boolOf = (key: string, val: string, msg = `invalid value for ${key}: ${val}`) => {
    const b = parseBool(val);
    if (b === undefined) fail(msg);
    return b as boolean;
  };
  for (const field of fields) {
    const eq = field.indexOf("=");
    const key = (eq >= 0 ? field.slice(0, eq) : field).toLowerCase();
    const val = eq >= 0 ? field.slice(eq + 1) : "";
    if (eq < 0) {
      if (key === "readonly" || key === "ro") readOnly = true;
      else if (key === "volume-nocopy") volumeOptions().NoCopy = true;
      else if (key === "bind-nonrecursive") bindOptions().NonRecursive = true;
      else fail(`invalid field '${field}' must be a key=value pair`);
      continue;
    }
    switch (key) {
      case "type":
        type = val.toLowerCase();
        break;
      case "source":
      case "src":
        source = val.startsWith("./") || val === "." ? path.resolve(cwd, val) : val;
        break;
      case "target":
      case "dst":
      case "destination":
        target = val;
        break;
      case "readonly":
      case "ro":
        readOnly = boolOf(key, val);
        break;
      case "consistency":
        consistency = val.toLowerCase();
        break;
      case "bind-propagation":
        bindOptions().Propagation = val.toLowerCase();
        break;
      case "bind-nonrecursive":
        bindOptions().NonRecursive = boolOf(key, val);
        break;
      case "bind-create-mountpoint":
        bindOptions().CreateMountpoint = boolOf(key, val);
        break;
      case "bind-recursive":
        if (val === "disabled") bindOptions().NonRecursive = true;
        else if (val === "writable") bindOptions().ReadOnlyNonRecursive = true;
        else if (val === "readonly") bindOptions().ReadOnlyForceRecursive = true;
        else if (val !== "enabled") {
          fail(`invalid value for ${key}: ${val} (must be "enabled", "disabled", "writable", or "readonly")`);
        }
        break;
      case "volume-subpath":
        volumeOptions().Subpath = val;
        break;
      case "volume-nocopy":
        volumeOptions().NoCopy = boolOf(key, val, `invalid value for volume-nocopy: ${val}`);
        break;
      case "volume-label":
        setOnMap(volumeOptions().Labels, val);
        break;
      case "volume-driver":
        volumeOptions().DriverConfig.Name = val;
        break;
      case "volume-opt": {
        const dc = volumeOptions().DriverConfig;
        dc.Options ??= {};
        setOnMap(dc.Options as Record<string, string>, val);
        break;
      }
      case "image-subpath":
        image ??= {};
        image.Subpath = val;
        break;
      case "tmpfs-size":
        try {
          tmpfsOptions().SizeBytes = ramInBytes(val);
        } catch {
          fail(`invalid value for ${key}: ${val}`);
        }
        break;
      case "tmpfs-mode":
        if (!/^[0-7]+$/.test(val) || Number.parseInt(val, 8) > 0xffffffff)
          fail(`invalid value for ${key}: ${val}`);
        tmpfsOptions().Mode = Number.parseInt(val, 8);
        break;
      default:
        fail(`unexpected key '${key}' in '${field}'`);
    }
  }
  if (type === "") fail("type is required");
  if (target === "") fail("target is required");
  if (volume && type !== "volume") fail(`cannot mix 'volume-*' options with mount type '${type}'`);
  if (image && type !== "image") fail(`cannot mix 'image-*' options with mount type '${type}'`);
  if (bind && type !== "bind") fail(`cannot mix 'bind-*' options with mount type '${type}'`);
  if (tmpfs && type !== "tmpfs") fail(`cannot mix 'tmpfs-*' options with mount type '${type}'`);
  if (bind?.ReadOnlyNonRecursive && !readOnly) {
    fail("option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction");
  }
  if (bind?.ReadOnlyForceRecursive) {
    if (!readOnly)
      fail("option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction");
    if (bind.Propagation !== "rprivate") {
      fail(
        "option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction",
      );
    }
  }
  const m: Record<string, unknown> = { Type: type };
  if (source) m.Source = source;
  m.Target = target;
  if (readOnly) m.ReadOnly = true;
  if (consistency) m.Consistency = consistency;
  if (bind)
    m.BindOptions = orderKeys(bind, [
      "Propagation",
      "NonRecursive",
      "CreateMountpoint",
      "ReadOnlyNonRecursive",
      "ReadOnlyForceRecursive",
    ]);
  if (volume) {
    const v: Record<string, unknown> = {};
    if (volume.NoCopy) v.NoCopy = true;
    if (Object.keys(volume.Labels).length) v.Labels = volume.Labels;
    if (volume.Subpath) v.Subpath = volume.Subpath;
    v.DriverConfig = orderKeys(volume.DriverConfig, ["Name", "Options"]);
    m.VolumeOptions = v;
  }
  if (image) m.ImageOptions = image;
  if (tmpfs) m.TmpfsOptions = orderKeys(tmpfs, ["SizeBytes", "Mode", "Options"]);
  return m;
}

/** The keys in Go's field order, leaving out the zero values omitempty drops. */
function orderKeys(o: Record<string, unknown>, order: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) {
    const v = o[k];
    if (v === undefined || v === "" || v === false || v === 0) continue;
    out[k] = v;
  }
  return out;
}

// ─── Networks (opts.NetworkOpt) ──────────────────────────────────────────────────────────────

interface NetworkAttachment {
  target: string;
  aliases: string[];
  ipv4: string;
  ipv6: string;
  mac: string;
  linkLocalIPs: string[];
  driverOpts: Record<string, string>;
  gwPriority: number;
}

function parseNetworkOpt(value: string): NetworkAttachment {
  const n: NetworkAttachment = {
    target: "",
    aliases: [],
    ipv4: "",
    ipv6: "",
    mac: "",
    linkLocalIPs: [],
    driverOpts: {},
    gwPriority: 0,
  };
  if (!/\w+=\w+(,\w+=\w+)*/.test(value)) {
    n.target = value;
    return n;
  }
  for (const field of readCsvRecord(value)) {
    const eq = field.indexOf("=");
    if (eq <= 0) fail(`invalid field ${field}`);
    const key = field.slice(0, eq).trim().toLowerCase();
    const val = field
      .slice(eq + 1)
      .trim()
      .toLowerCase();
    switch (key) {
      case "name":
        n.target = val;
        break;
      case "alias":
        n.aliases.push(val);
        break;
      case "ip":
        n.ipv4 = val;
        break;
      case "ip6":
        n.ipv6 = val;
        break;
      case "mac-address":
        n.mac = val;
        break;
      case "link-local-ip":
        n.linkLocalIPs.push(val);
        break;
      case "driver-opt": {
        const e = val.indexOf("=");
        if (e < 0) fail("invalid key value pair format in driver options");
        n.driverOpts[val.slice(0, e).trim()] = val.slice(e + 1).trim();
        break;
      }
      case "gw-priority":
        if (!/^[+-]?\d+$/.test(val)) fail(`invalid gw-priority: ${val}`);
        n.gwPriority = Number(val);
        break;
      default:
        fail(`invalid field key ${key}`);
    }
    if (n.target.length === 0) fail("network name must be specified");
  }
  return n;
}

/** NetworkMode.IsUserDefined: anything but default, bridge, host, none and container:…. */
function isUserDefined(mode: string): boolean {
  return !["default", "bridge", "host", "none"].includes(mode) && !mode.startsWith("container:");
}

function emptyEndpoint(): EndpointSettings {
  return {
    IPAMConfig: null,
    Links: null,
    Aliases: null,
    MacAddress: "",
    DriverOpts: null,
    GwPriority: 0,
    NetworkID: "",
    EndpointID: "",
    Gateway: "",
    IPAddress: "",
    IPPrefixLen: 0,
    IPv6Gateway: "",
    GlobalIPv6Address: "",
    GlobalIPv6PrefixLen: 0,
    DNSNames: null,
  };
}

function endpointFor(ep: NetworkAttachment): EndpointSettings {
  if (ep.target.trim() === "") fail("no name set for network");
  if (!isUserDefined(ep.target)) {
    if (ep.aliases.length) fail("network-scoped aliases are only supported for user-defined networks");
  }
  const s = emptyEndpoint();
  if (ep.aliases.length) s.Aliases = [...ep.aliases];
  if (Object.keys(ep.driverOpts).length) s.DriverOpts = ep.driverOpts;
  s.GwPriority = ep.gwPriority;
  if (ep.ipv4 || ep.ipv6 || ep.linkLocalIPs.length) {
    const ipam: NonNullable<EndpointSettings["IPAMConfig"]> = {};
    if (ep.ipv4) ipam.IPv4Address = ep.ipv4;
    if (ep.ipv6) ipam.IPv6Address = ep.ipv6;
    if (ep.linkLocalIPs.length) ipam.LinkLocalIPs = ep.linkLocalIPs;
    s.IPAMConfig = ipam;
  }
  if (ep.mac) {
    if (!isValidMac(ep.mac)) fail(`${ep.mac} is not a valid mac address`);
    s.MacAddress = ep.mac;
  }
  return s;
}

function isEmptyEndpoint(s: EndpointSettings): boolean {
  return JSON.stringify(s) === JSON.stringify(emptyEndpoint());
}

// ─── parse ───────────────────────────────────────────────────────────────────────────────────

const str = (flags: FlagValues, name: string) => (flags[name] as string | undefined) ?? "";
const list = (flags: FlagValues, name: string) => (flags[name] as string[] | undefined) ?? [];
const int = (flags: FlagValues, name: string) => (flags[name] as number | undefined) ?? 0;
const bool = (flags: FlagValues, name: string) => flags[name] === true;

/** A --memory-style flag: go-units RAMInBytes, reported as pflag reports a bad value. */
function bytesFlag(flags: FlagValues, name: string, display = `--${name}`): number {
  const v = flags[name] as string | undefined;
  if (v === undefined) return 0;
  try {
    return ramInBytes(v);
  } catch (err) {
    return flagError(display, v, errMsg(err));
  }
}

function durationFlag(flags: FlagValues, name: string): number {
  const v = flags[name] as string | undefined;
  if (v === undefined) return 0;
  try {
    return parseGoDuration(v);
  } catch (err) {
    return flagError(`--${name}`, v, errMsg(err));
  }
}

/** Runs a pflag Value.Set validator over each value of a list flag. */
function validated(flags: FlagValues, name: string, display: string, fn: (v: string) => string): string[] {
  return list(flags, name).map((v) => {
    try {
      return fn(v);
    } catch (err) {
      return flagError(display, v, errMsg(err));
    }
  });
}

/** What `run`/`create` parsed: the request body and the options kept client-side. */
export interface ParsedContainer {
  body: CreateBody;
  /** Whether -a was given (docker refuses -a with -d). */
  attachGiven: boolean;
}

/**
 * parse() of docker/cli's container/opts.go: the flags, the image and the command to the
 * ContainerCreate body. Throws InvalidParameterError with docker's messages.
 */
export function parseContainerOptions(
  flags: FlagValues,
  image: string,
  cmd: string[],
  env: OptionsEnv = processEnv,
): ParsedContainer {
  // Flag-level validation (pflag Value.Set), in flag order.
  const attach = validated(flags, "attach", "-a, --attach", (v) => {
    const s = v.toLowerCase();
    if (!["stdin", "stdout", "stderr"].includes(s)) fail("valid streams are STDIN, STDOUT and STDERR");
    return s;
  });
  const dns = validated(flags, "dns", "--dns", validateIPAddress);
  const dnsSearch = validated(flags, "dns-search", "--dns-search", validateDNSSearch);
  const envList = validated(flags, "env", "-e, --env", (v) => validateEnv(v, env.lookupEnv));
  const extraHosts = validated(flags, "add-host", "--add-host", validateExtraHost);
  const labels = validated(flags, "label", "-l, --label", validateLabel);
  const links = validated(flags, "link", "--link", validateLink);
  const sysctls = validated(flags, "sysctl", "--sysctl", validateSysctl);
  const ulimits = list(flags, "ulimit").map((v) => {
    try {
      return parseUlimit(v);
    } catch (err) {
      return flagError("--ulimit", v, errMsg(err));
    }
  });
  const deviceCgroupRules = validated(flags, "device-cgroup-rule", "--device-cgroup-rule", (v) => {
    if (!/^[acb] ([0-9]+|\*):([0-9]+|\*) [rwm]{1,3}$/.test(v)) fail(`invalid device cgroup format '${v}'`);
    return v;
  });
  const mounts = list(flags, "mount").map((v) => {
    try {
      return parseMountSpec(v, env.cwd);
    } catch (err) {
      return flagError("--mount", v, errMsg(err));
    }
  });
  const throttle = (name: string, iops: boolean) =>
    list(flags, name).map((v) => {
      try {
        return parseThrottle(v, iops);
      } catch (err) {
        return flagError(`--${name}`, v, errMsg(err));
      }
    });
  const blkioWeightDevice = list(flags, "blkio-weight-device").map((v) => {
    try {
      return parseWeightDevice(v);
    } catch (err) {
      return flagError("--blkio-weight-device", v, errMsg(err));
    }
  });
  const readBps = throttle("device-read-bps", false);
  const writeBps = throttle("device-write-bps", false);
  const readIOps = throttle("device-read-iops", true);
  const writeIOps = throttle("device-write-iops", true);
  const memory = bytesFlag(flags, "memory", "-m, --memory");
  const memoryReservation = bytesFlag(flags, "memory-reservation");
  const memorySwap = str(flags, "memory-swap") === "-1" ? -1 : bytesFlag(flags, "memory-swap");
  const shmSize = bytesFlag(flags, "shm-size");
  let nanoCpus = 0;
  if (flags.cpus !== undefined) {
    try {
      nanoCpus = parseCpus(str(flags, "cpus"));
    } catch (err) {
      flagError("--cpus", str(flags, "cpus"), errMsg(err));
    }
  }
  const blkioWeight = int(flags, "blkio-weight");
  if (blkioWeight < 0 || blkioWeight > 65535) {
    flagError(
      "--blkio-weight",
      String(blkioWeight),
      `strconv.ParseUint: parsing "${blkioWeight}": value out of range`,
    );
  }
  const healthInterval = durationFlag(flags, "health-interval");
  const healthTimeout = durationFlag(flags, "health-timeout");
  const healthStartPeriod = durationFlag(flags, "health-start-period");
  const healthStartInterval = durationFlag(flags, "health-start-interval");
  const networks = list(flags, "network").map((v) => {
    try {
      return parseNetworkOpt(v);
    } catch (err) {
      return flagError("--network", v, errMsg(err));
    }
  });
  const annotations = kvMap(list(flags, "annotation"));

  // parse()
  const macAddress = str(flags, "mac-address");
  if (macAddress !== "" && !isValidMac(macAddress)) fail(`${macAddress} is not a valid mac address`);
  const stdin = bool(flags, "interactive");
  let attachStdin = attach.includes("stdin") || stdin;
  let attachStdout = attach.includes("stdout");
  let attachStderr = attach.includes("stderr");
  if (attach.length === 0) {
    attachStdout = true;
    attachStderr = true;
  }
  const swappiness = int(flags, "memory-swappiness");
  if (swappiness !== -1 && (swappiness < 0 || swappiness > 100)) {
    fail(`invalid value: ${swappiness}. Valid memory swappiness range is 0-100`);
  }

  const volumes: Record<string, Record<string, never>> = {};
  let binds: string[] | null = null;
  for (const spec of new Set(list(flags, "volume"))) {
    const parsed = parseVolumeSpec(spec);
    if (parsed.source === "") {
      volumes[spec] = {};
      continue;
    }
    let toBind = spec;
    if (parsed.type === "bind") {
      const colon = spec.indexOf(":");
      if (colon >= 0) {
        let hostPart = spec.slice(0, colon);
        if (!hostPart.startsWith("/") && hostPart.startsWith(".")) hostPart = path.resolve(env.cwd, hostPart);
        toBind = `${hostPart}:${spec.slice(colon + 1)}`;
      }
    }
    (binds ??= []).push(toBind);
  }

  const tmpfs: Record<string, string> = {};
  for (const t of list(flags, "tmpfs")) {
    const colon = t.indexOf(":");
    if (colon >= 0) tmpfs[t.slice(0, colon)] = t.slice(colon + 1);
    else tmpfs[t] = "";
  }

  const runCmd = cmd.length ? cmd : null;
  let entrypoint: string[] | null = null;
  if (flags.entrypoint !== undefined) entrypoint = [str(flags, "entrypoint")];

  const { exposed, bindings } = parsePortSpecs(list(flags, "publish"));
  for (const e of list(flags, "expose")) {
    if (e.includes(":")) fail(`invalid port format for --expose: ${e}`);
    const [proto, port] = splitProtoPort(e);
    let start: number;
    let end: number;
    try {
      [start, end] = parsePortRange(port);
    } catch (err) {
      return fail(`invalid range format for --expose: ${e}, error: ${errMsg(err)}`);
    }
    for (let p = start; p <= end; p++) exposed[`${p}/${proto}`] ??= {};
  }

  const devices = list(flags, "device").map(parseDevice);

  // Environment: -e values (last one of a name wins), after the --env-file ones.
  const envMap = new Map<string, string | undefined>();
  for (const v of envList) {
    const eq = v.indexOf("=");
    if (eq >= 0) envMap.set(v.slice(0, eq), v.slice(eq + 1));
    else envMap.set(v, undefined);
  }
  const envOverrides = [...envMap].map(([k, v]) => (v === undefined ? k : `${k}=${v}`));
  const envFiles = readKVFiles(list(flags, "env-file"), env, env.lookupEnv);
  const envVariables = envFiles.length || envOverrides.length ? [...envFiles, ...envOverrides] : null;

  const labelValues = [...readKVFiles(list(flags, "label-file"), env), ...labels];

  const pidMode = str(flags, "pid");
  if (!(pidMode === "" || pidMode === "host" || (pidMode.startsWith("container:") && pidMode.length > 10))) {
    fail("--pid: invalid PID mode");
  }
  const utsMode = str(flags, "uts");
  if (!(utsMode === "" || utsMode === "host")) fail("--uts: invalid UTS mode");
  const usernsMode = str(flags, "userns");
  if (!(usernsMode === "" || usernsMode === "host")) fail("--userns: invalid USER mode");
  const cgroupnsMode = str(flags, "cgroupns");
  if (!["", "host", "private"].includes(cgroupnsMode)) fail("--cgroupns: invalid CGROUP mode");

  const restartPolicy = parseRestartPolicy(str(flags, "restart"));

  const logDriver = str(flags, "log-driver");
  const logOpts = list(flags, "log-opt");
  if (logDriver === "none" && logOpts.length) fail(`invalid logging opts for driver ${logDriver}`);

  let securityOpts: string[] | null = list(flags, "security-opt").length ? [] : null;
  let maskedPaths: string[] | null = null;
  let readonlyPaths: string[] | null = null;
  for (const opt of list(flags, "security-opt")) {
    let sep = opt.indexOf("=");
    let k = sep >= 0 ? opt.slice(0, sep) : opt;
    if (sep < 0 && k !== "no-new-privileges") {
      sep = opt.indexOf(":");
      k = sep >= 0 ? opt.slice(0, sep) : opt;
    }
    const v = sep >= 0 ? opt.slice(sep + 1) : "";
    if ((sep < 0 || v === "") && k !== "no-new-privileges") fail(`invalid --security-opt: "${opt}"`);
    if (opt === "systempaths=unconfined") {
      maskedPaths = [];
      readonlyPaths = [];
      continue;
    }
    if (k === "seccomp" && v !== "builtin" && v !== "unconfined") {
      let profile: string;
      try {
        profile = env.readFile(v);
      } catch (err) {
        return fail(`opening seccomp profile (${v}) failed: ${goOpenError(v, err)}`);
      }
      try {
        securityOpts!.push(`seccomp=${JSON.stringify(JSON.parse(profile))}`);
      } catch (err) {
        return fail(`compacting json for seccomp profile (${v}) failed: ${errMsg(err)}`);
      }
      continue;
    }
    securityOpts!.push(opt);
  }
  if (securityOpts?.length === 0) securityOpts = null;

  const storageOpts: Record<string, string> = {};
  for (const o of list(flags, "storage-opt")) {
    const eq = o.indexOf("=");
    if (eq < 0) fail("invalid storage option");
    storageOpts[o.slice(0, eq)] = o.slice(eq + 1);
  }

  // Healthcheck
  let healthcheck: Record<string, unknown> | undefined;
  const healthCmd = str(flags, "health-cmd");
  const healthRetries = int(flags, "health-retries");
  const haveHealth =
    healthCmd !== "" ||
    healthInterval !== 0 ||
    healthTimeout !== 0 ||
    healthStartPeriod !== 0 ||
    healthRetries !== 0 ||
    healthStartInterval !== 0;
  if (bool(flags, "no-healthcheck")) {
    if (haveHealth) fail("--no-healthcheck conflicts with --health-* options");
    healthcheck = { Test: ["NONE"] };
  } else if (haveHealth) {
    if (healthInterval < 0) fail("--health-interval cannot be negative");
    if (healthTimeout < 0) fail("--health-timeout cannot be negative");
    if (healthRetries < 0) fail("--health-retries cannot be negative");
    if (healthStartPeriod < 0) fail("--health-start-period cannot be negative");
    if (healthStartInterval < 0) fail("--health-start-interval cannot be negative");
    healthcheck = {};
    if (healthCmd !== "") healthcheck.Test = ["CMD-SHELL", healthCmd];
    if (healthInterval) healthcheck.Interval = healthInterval;
    if (healthTimeout) healthcheck.Timeout = healthTimeout;
    if (healthStartPeriod) healthcheck.StartPeriod = healthStartPeriod;
    if (healthStartInterval) healthcheck.StartInterval = healthStartInterval;
    if (healthRetries) healthcheck.Retries = healthRetries;
  }

  const autoRemove = bool(flags, "rm");
  if (autoRemove && !(restartPolicy.Name === "no" || restartPolicy.Name === "")) {
    fail("conflicting options: cannot specify both --restart and --rm");
  }

  const endpoints = parseNetworkOpts(networks, {
    aliases: list(flags, "network-alias"),
    links,
    ipv4: str(flags, "ip"),
    ipv6: str(flags, "ip6"),
    mac: macAddress,
    linkLocalIPs: list(flags, "link-local-ip"),
  });

  const openStdin = stdin;
  const config: CreateBody = {
    Hostname: str(flags, "hostname"),
    Domainname: str(flags, "domainname"),
    User: str(flags, "user"),
    AttachStdin: attachStdin,
    AttachStdout: attachStdout,
    AttachStderr: attachStderr,
  };
  if (Object.keys(exposed).length) config.ExposedPorts = exposed;
  Object.assign(config, {
    Tty: bool(flags, "tty"),
    OpenStdin: openStdin,
    // When stdin is attached, the daemon closes it when the client disconnects.
    StdinOnce: openStdin && attachStdin,
    Env: envVariables,
    Cmd: runCmd,
  });
  if (healthcheck) config.Healthcheck = healthcheck;
  Object.assign(config, {
    Image: image,
    Volumes: volumes,
    WorkingDir: str(flags, "workdir"),
    Entrypoint: entrypoint,
    OnBuild: null,
    Labels: kvMap(labelValues),
  });
  if (str(flags, "stop-signal")) config.StopSignal = str(flags, "stop-signal");
  if (flags["stop-timeout"] !== undefined) config.StopTimeout = int(flags, "stop-timeout");
  if (!attachStdin) attachStdin = false;

  const hostConfig: CreateBody = {
    Binds: binds,
    ContainerIDFile: str(flags, "cidfile"),
    LogConfig: { Type: logDriver, Config: kvMap(logOpts) },
    NetworkMode: networks.length ? networks[0].target : "default",
    PortBindings: bindings,
    RestartPolicy: restartPolicy,
    AutoRemove: autoRemove,
    VolumeDriver: str(flags, "volume-driver"),
    VolumesFrom: list(flags, "volumes-from").length ? list(flags, "volumes-from") : null,
    ConsoleSize: [0, 0],
  };
  if (Object.keys(annotations).length) hostConfig.Annotations = annotations;
  Object.assign(hostConfig, {
    CapAdd: nullIfEmpty(list(flags, "cap-add")),
    CapDrop: nullIfEmpty(list(flags, "cap-drop")),
    CgroupnsMode: cgroupnsMode,
    Dns: dns,
    DnsOptions: list(flags, "dns-option"),
    DnsSearch: dnsSearch,
    ExtraHosts: nullIfEmpty(extraHosts),
    GroupAdd: nullIfEmpty(list(flags, "group-add")),
    IpcMode: str(flags, "ipc"),
    Cgroup: "",
    Links: nullIfEmpty(links),
    OomScoreAdj: int(flags, "oom-score-adj"),
    PidMode: pidMode,
    Privileged: bool(flags, "privileged"),
    PublishAllPorts: bool(flags, "publish-all"),
    ReadonlyRootfs: bool(flags, "read-only"),
    SecurityOpt: securityOpts,
  });
  if (Object.keys(storageOpts).length) hostConfig.StorageOpt = storageOpts;
  if (Object.keys(tmpfs).length) hostConfig.Tmpfs = tmpfs;
  Object.assign(hostConfig, { UTSMode: utsMode, UsernsMode: usernsMode, ShmSize: shmSize });
  if (sysctls.length) hostConfig.Sysctls = kvMap(sysctls);
  if (str(flags, "runtime")) hostConfig.Runtime = str(flags, "runtime");
  Object.assign(hostConfig, {
    Isolation: str(flags, "isolation"),
    // Resources
    CpuShares: int(flags, "cpu-shares"),
    Memory: memory,
    NanoCpus: nanoCpus,
    CgroupParent: str(flags, "cgroup-parent"),
    BlkioWeight: blkioWeight,
    BlkioWeightDevice: blkioWeightDevice,
    BlkioDeviceReadBps: readBps,
    BlkioDeviceWriteBps: writeBps,
    BlkioDeviceReadIOps: readIOps,
    BlkioDeviceWriteIOps: writeIOps,
    CpuPeriod: int(flags, "cpu-period"),
    CpuQuota: int(flags, "cpu-quota"),
    CpuRealtimePeriod: int(flags, "cpu-rt-period"),
    CpuRealtimeRuntime: int(flags, "cpu-rt-runtime"),
    CpusetCpus: str(flags, "cpuset-cpus"),
    CpusetMems: str(flags, "cpuset-mems"),
    Devices: devices,
    DeviceCgroupRules: nullIfEmpty(deviceCgroupRules),
    DeviceRequests: null,
    MemoryReservation: memoryReservation,
    MemorySwap: memorySwap,
    MemorySwappiness: swappiness,
    OomKillDisable: bool(flags, "oom-kill-disable"),
    PidsLimit: int(flags, "pids-limit"),
    Ulimits: ulimits.sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0)),
    CpuCount: 0,
    CpuPercent: 0,
    IOMaximumIOps: 0,
    IOMaximumBandwidth: 0,
  });
  // Ulimits keep the last value given for a name, as docker's map does.
  hostConfig.Ulimits = [
    ...new Map((hostConfig.Ulimits as { Name: string }[]).map((u) => [u.Name, u])).values(),
  ];
  if (mounts.length) hostConfig.Mounts = mounts;
  hostConfig.MaskedPaths = maskedPaths;
  hostConfig.ReadonlyPaths = readonlyPaths;
  if (flags.init !== "" && flags.init !== undefined) hostConfig.Init = flags.init === true;

  return {
    body: { ...config, HostConfig: hostConfig, NetworkingConfig: { EndpointsConfig: endpoints } },
    attachGiven: attach.length > 0,
  };
}

function nullIfEmpty<T>(a: T[]): T[] | null {
  return a.length ? a : null;
}

interface LegacyNetworkFlags {
  aliases: string[];
  links: string[];
  ipv4: string;
  ipv6: string;
  mac: string;
  linkLocalIPs: string[];
}

/** parseNetworkOpts: --network entries, with --network-alias/--link/--ip/… on the first. */
function parseNetworkOpts(
  networks: NetworkAttachment[],
  legacy: LegacyNetworkFlags,
): Record<string, EndpointSettings> {
  const endpoints: Record<string, EndpointSettings> = {};
  let hasUserDefined = false;
  let hasNonUserDefined = false;
  const apply = (n: NetworkAttachment) => {
    if (n.aliases.length && legacy.aliases.length) {
      fail("conflicting options: cannot specify both --network-alias and per-network alias");
    }
    if (n.ipv4 && legacy.ipv4)
      fail("conflicting options: cannot specify both --ip and per-network IPv4 address");
    if (n.ipv6 && legacy.ipv6)
      fail("conflicting options: cannot specify both --ip6 and per-network IPv6 address");
    if (n.mac && legacy.mac)
      fail("conflicting options: cannot specify both --mac-address and per-network MAC address");
    if (n.linkLocalIPs.length && legacy.linkLocalIPs.length) {
      fail(
        "conflicting options: cannot specify both --link-local-ip and per-network link-local IP addresses",
      );
    }
    if (legacy.aliases.length) n.aliases = [...legacy.aliases];
    if (legacy.ipv4) n.ipv4 = legacy.ipv4;
    if (legacy.ipv6) n.ipv6 = legacy.ipv6;
    if (legacy.mac) n.mac = legacy.mac;
    if (legacy.linkLocalIPs.length) n.linkLocalIPs = [...legacy.linkLocalIPs];
  };
  if (networks.length === 0) {
    const n = parseNetworkOpt("default");
    apply(n);
    endpoints.default = endpointFor(n);
    return endpoints;
  }
  networks.forEach((n, i) => {
    if (isUserDefined(n.target)) hasUserDefined = true;
    else hasNonUserDefined = true;
    if (i === 0) apply(n);
    const ep = endpointFor(n);
    if (isUserDefined(n.target) && i === 0 && legacy.links.length) ep.Links = [...legacy.links];
    if (Object.hasOwn(endpoints, n.target)) fail(`network "${n.target}" is specified multiple times`);
    // A single network without options is left to the daemon, as docker does.
    if (i === 0 && networks.length === 1 && isEmptyEndpoint(ep)) return;
    endpoints[n.target] = ep;
  });
  if (hasUserDefined && hasNonUserDefined) {
    fail("conflicting options: cannot attach both user-defined and non-user-defined network-modes");
  }
  return endpoints;
}
