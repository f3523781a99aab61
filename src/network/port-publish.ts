// Host ports for `-p` and `-P`: explicit ones checked free, ephemeral ones picked from the
// kernel's local port range. CNI portmap only writes DNAT rules and holds no socket, so a
// port is free when neither another endpoint of berth nor any host socket has it: the host
// check binds it for a moment (as dockerd's port allocator plus its docker-proxy bind).

import { createSocket } from "node:dgram";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { ConflictError, InvalidParameterError } from "../errdefs/errors.ts";
import type { PortMapping } from "./cni-config.ts";

export interface PortBinding {
  HostIp?: string;
  HostPort?: string;
}

/** What a container asks to publish: HostConfig.PortBindings, PublishAllPorts, Config.ExposedPorts. */
export interface PublishRequest {
  PortBindings?: Record<string, PortBinding[] | null> | null;
  PublishAllPorts?: boolean;
  ExposedPorts?: Record<string, unknown> | null;
}

interface Wanted {
  containerPort: number;
  protocol: "tcp" | "udp";
  hostIP: string;
  /** Inclusive; [0, 0] for an ephemeral port. */
  range: [number, number];
}

function parseKey(key: string): { port: number; protocol: "tcp" | "udp" } {
  const [p, proto = "tcp"] = key.split("/");
  const port = Number(p);
  if (!Number.isInteger(port) || port < 1 || port > 65535 || (proto !== "tcp" && proto !== "udp")) {
    throw new InvalidParameterError(
      `Cannot publish port ${key}: invalid port or protocol (sctp is not supported)`,
    );
  }
  return { port, protocol: proto };
}

function parseHostPorts(spec: string | undefined, key: string): [number, number] {
  if (!spec) return [0, 0];
  const [a, b = a] = spec.split("-").map(Number);
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < a || b > 65535) {
    throw new InvalidParameterError(`Cannot publish port ${key}: invalid host port ${spec}`);
  }
  return [a, b];
}

/** The ports to publish, before host ports are chosen; validates everything first. */
export function wantedPorts(req: PublishRequest): Wanted[] {
  const out: Wanted[] = [];
  const bindings = req.PortBindings ?? {};
  for (const [key, list] of Object.entries(bindings)) {
    const { port, protocol } = parseKey(key);
    for (const b of list ?? [{}]) {
      out.push({
        containerPort: port,
        protocol,
        hostIP: b.HostIp || "0.0.0.0",
        range: parseHostPorts(b.HostPort, key),
      });
    }
  }
  if (req.PublishAllPorts) {
    for (const key of Object.keys(req.ExposedPorts ?? {})) {
      if (key in bindings) continue;
      const { port, protocol } = parseKey(key);
      out.push({ containerPort: port, protocol, hostIP: "0.0.0.0", range: [0, 0] });
    }
  }
  for (const w of out) {
    if (w.hostIP.includes(":")) {
      throw new InvalidParameterError(
        `Cannot publish port ${w.containerPort}: IPv6 host address ${w.hostIP} is not supported yet`,
      );
    }
  }
  return out;
}

/** Whether a host socket can bind ip:port now (closed again at once). */
export function hostPortFree(ip: string, port: number, protocol: "tcp" | "udp"): Promise<boolean> {
  return new Promise((resolve) => {
    if (protocol === "udp") {
      const s = createSocket("udp4");
      s.once("error", () => resolve(false));
      s.bind({ address: ip, port, exclusive: true }, () => s.close(() => resolve(true)));
      return;
    }
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen({ host: ip, port, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

async function localPortRange(): Promise<[number, number]> {
  try {
    const [a, b] = (await readFile("/proc/sys/net/ipv4/ip_local_port_range", "utf8"))
      .trim()
      .split(/\s+/)
      .map(Number);
    if (a > 0 && b >= a) return [a, b];
  } catch {}
  return [32768, 60999];
}

function clash(a: PortMapping, ip: string, port: number, protocol: string): boolean {
  const aip = a.hostIP || "0.0.0.0";
  return (
    a.hostPort === port && a.protocol === protocol && (aip === ip || aip === "0.0.0.0" || ip === "0.0.0.0")
  );
}

/**
 * Chooses host ports for `wanted`, none of which clashes with `taken` (berth's other
 * endpoints) or a host socket. Throws Docker's "port is already allocated" naming the port.
 */
export async function allocatePorts(wanted: Wanted[], taken: PortMapping[]): Promise<PortMapping[]> {
  const out: PortMapping[] = [];
  const usable = async (ip: string, port: number, protocol: "tcp" | "udp") =>
    ![...taken, ...out].some((t) => clash(t, ip, port, protocol)) && (await hostPortFree(ip, port, protocol));
  for (const w of wanted) {
    let [lo, hi] = w.range;
    const ephemeral = lo === 0;
    if (ephemeral) [lo, hi] = await localPortRange();
    const span = hi - lo + 1;
    // Ephemeral ports start at a random place in the range so that restarts do not collide.
    const start = ephemeral ? Math.floor(Math.random() * span) : 0;
    let chosen = 0;
    for (let i = 0; i < span && !chosen; i++) {
      const port = lo + ((start + i) % span);
      if (await usable(w.hostIP, port, w.protocol)) chosen = port;
    }
    if (!chosen) {
      const what = ephemeral
        ? "no free port in the ephemeral range"
        : `${w.hostIP}:${w.range[0] === w.range[1] ? w.range[0] : `${w.range[0]}-${w.range[1]}`}`;
      throw new ConflictError(
        ephemeral
          ? `Cannot publish port ${w.containerPort}/${w.protocol}: ${what}`
          : `Bind for ${what} failed: port is already allocated`,
      );
    }
    out.push({
      hostPort: chosen,
      containerPort: w.containerPort,
      protocol: w.protocol,
      ...(w.hostIP !== "0.0.0.0" ? { hostIP: w.hostIP } : {}),
    });
  }
  return out;
}
