/**
 * Small value parsers and validators of docker/cli's opts package, go-connections and
 * go-units: durations, CPUs, restart policies, env and label files, addresses, sysctls,
 * devices and blkio throttles, with docker's messages.
 */
import { isIP } from "node:net";
import path from "node:path";
import { InvalidParameterError } from "../../../errdefs/errors.ts";
import { ramInBytes } from "../../../format/units.ts";
import { isIpcNamespacedSysctl } from "../../../runtime/spec/sysctls.ts";
import type { RestartPolicy } from "../../../types/host-config.ts";
import { fail, goOpenError, type OptionsEnv } from "./opts-common.ts";

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
export function parseRestartPolicy(policy: string): Required<RestartPolicy> {
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

export function readKVFiles(
  files: string[],
  env: OptionsEnv,
  lookup?: (k: string) => string | undefined,
): string[] {
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
export function kvMap(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf("=");
    if (eq >= 0) out[v.slice(0, eq)] = v.slice(eq + 1);
    else out[v] = "";
  }
  return out;
}

export function validateLabel(value: string): string {
  const eq = value.indexOf("=");
  const key = (eq >= 0 ? value.slice(0, eq) : value).replace(/^[ \t]+/, "");
  if (key === "") fail(`invalid label '${value}': empty name`);
  if (/[ \t]/.test(key)) fail(`label '${key}' contains whitespaces`);
  return value;
}

/** opts.ValidateIPAddress: the address in its canonical form. */
export function validateIPAddress(val: string): string {
  const ip = val.trim();
  if (isIP(ip) === 0) fail(`IP address is not correctly formatted: ${val}`);
  return ip.includes(":") ? ip.toLowerCase() : ip;
}

export function validateDNSSearch(val: string): string {
  val = val.replace(/^ +| +$/g, "");
  if (val === ".") return val;
  const m =
    /^((?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*)\.?\s*$/.exec(
      val,
    );
  if (!/[a-zA-Z]/.test(val) || !m || m[1].length >= 255) fail(`${val} is not a valid domain`);
  return m![1];
}

export function validateExtraHost(val: string): string {
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

export function validateSysctl(val: string): string {
  const eq = val.indexOf("=");
  const k = eq >= 0 ? val.slice(0, eq) : "";
  if (eq < 0 || k === "") fail(`sysctl '${val}' is not allowed`);
  if (isIpcNamespacedSysctl(k) || k.startsWith("net.")) return val;
  return fail(`sysctl '${val}' is not allowed`);
}

export function validateLink(val: string): string {
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

export function parseThrottle(val: string, iops: boolean): { Path: string; Rate: number } {
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

export function parseWeightDevice(val: string): { Path: string; Weight: number } {
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
