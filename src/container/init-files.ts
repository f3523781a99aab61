// The init layer as the first resource of the seam: /etc/hostname, /etc/hosts and
// /etc/resolv.conf written into the container's directory and bind-mounted, so that diff
// and commit leave them out (as Docker's).

import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { hostsFile, resolvConf } from "../network/etc-files.ts";
import type { ContainerRecord } from "./container-record.ts";
import type { ContainerResource, SpecContribution } from "./resources.ts";

function readFileSafe(p: string): string | undefined {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return undefined;
  }
}

/** The container's /etc/hosts on the host (bind-mounted): `network connect` adds to it while it runs. */
export function hostsPath(containerDir: string): string {
  return path.join(containerDir, "hosts");
}

/** The container a `container:<ref>` network mode names, as far as the init files need it. */
export type PeerLookup = (ref: string) => Pick<ContainerRecord, "ID" | "Config"> | undefined;

/** The container's /etc/resolv.conf on the host (bind-mounted). */
export function resolvConfPath(containerDir: string): string {
  return path.join(containerDir, "resolv.conf");
}

/**
 * Writes a container's resolv.conf: the host's resolvers (loopback ones replaced) or `--dns`,
 * behind `nameservers` (an embedded resolver of a user network) when there are any. In place,
 * so a running container's bind mount sees the change (`network connect`).
 */
export async function writeResolvConf(
  file: string,
  rec: Pick<ContainerRecord, "HostConfig">,
  nameservers: string[],
): Promise<void> {
  const hc = rec.HostConfig;
  const resolv = resolvConf(
    readFileSafe("/etc/resolv.conf") ?? "",
    { dns: hc.Dns ?? [], search: hc.DnsSearch ?? [], options: hc.DnsOptions ?? [] },
    hc.NetworkMode === "host",
    // An embedded resolver (a user network's) comes first; the container's --dns are its upstreams.
    nameservers,
  );
  await writeFile(file, resolv);
}

export class InitFiles implements ContainerResource {
  readonly name = "init-files";
  private readonly dirOf: (id: string) => string;
  private readonly peer: PeerLookup;

  constructor(dirOf: (id: string) => string, peer: PeerLookup = () => undefined) {
    this.dirOf = dirOf;
    this.peer = peer;
  }

  async prepare(rec: ContainerRecord, sofar: SpecContribution): Promise<SpecContribution> {
    const hc = rec.HostConfig;
    const mode = hc.NetworkMode ?? "";
    if (mode.startsWith("container:")) {
      // As dockerd: a container in another's network namespace has that container's
      // hostname, /etc/hosts and /etc/resolv.conf (the same files, so later changes show).
      const peer = this.peer(mode.slice("container:".length));
      if (peer) {
        const peerDir = this.dirOf(peer.ID);
        return {
          initFiles: {
            hostname: path.join(peerDir, "hostname"),
            hosts: hostsPath(peerDir),
            resolvConf: resolvConfPath(peerDir),
          },
          hostname: peer.Config.Hostname ?? peer.ID.slice(0, 12),
        };
      }
    }
    const dir = this.dirOf(rec.ID);
    const hostname = rec.Config.Hostname ?? rec.ID.slice(0, 12);
    const files = {
      hostname: path.join(dir, "hostname"),
      hosts: hostsPath(dir),
      resolvConf: resolvConfPath(dir),
    };
    await writeFile(files.hostname, `${hostname}\n`);
    const hostNetwork = hc.NetworkMode === "host";
    const hosts = hostsFile(hc.ExtraHosts ?? [], sofar.hostsEntries ?? [], sofar.hostGateway);
    // With the host's network the host's own names apply, as Docker copies its file.
    await writeFile(files.hosts, hostNetwork ? (readFileSafe("/etc/hosts") ?? hosts) : hosts);
    await writeResolvConf(files.resolvConf, rec, sofar.nameservers ?? []);
    return { initFiles: files };
  }

  // The files live in the container's directory: removal takes them, a new start rewrites them.
  async release(): Promise<void> {}

  async adopt(): Promise<void> {}
}
