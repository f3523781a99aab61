/** `-p`/`--publish` and `--expose` as go-connections/nat parses them. */
import { isIP } from "node:net";
import { InvalidParameterError } from "../../../errdefs/errors.ts";
import { fail, type PortBinding } from "./opts-common.ts";

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
