import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { errno } from "../errdefs/errors.ts";
import { writeJsonAtomic } from "../util/atomic-file.ts";
import type { CniResult, NetworkConfList } from "./cni.ts";
import type { PortMapping } from "./cni-config.ts";
import type { NetworkRecord } from "./network-record.ts";

/** A container's place on a network, and the CNI ADD result DEL needs (libcni's cache). */
export interface EndpointRecord {
  EndpointID: string;
  ContainerID: string;
  NetworkID: string;
  IPAddress: string;
  IPPrefixLen: number;
  Gateway: string;
  MacAddress: string;
  Aliases: string[];
  IfName: string;
  Netns: string;
  Ports: PortMapping[];
  /** The plugin list the ADD ran with: DEL must run the same list. */
  Conf: NetworkConfList;
  /** Absent while ADD is under way: a crash then leaves a record adoption will DEL. */
  Result?: CniResult;
}

async function readJsonDir<T>(dir: string): Promise<T[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if (errno(err) === "ENOENT") return [];
    throw err;
  }
  const out: T[] = [];
  for (const n of names) {
    if (!n.endsWith(".json") || n.startsWith(".")) continue;
    out.push(JSON.parse(await readFile(path.join(dir, n), "utf8")) as T);
  }
  return out;
}

/**
 * `<data-root>/network/`: `networks/<id>.json`, `endpoints/<network id>/<container id>.json`
 * and `ipam/<network id>.json`, each written atomically (temp, fsync, rename).
 */
export class NetworkStore {
  readonly root: string;

  constructor(dataRoot: string) {
    this.root = path.join(dataRoot, "network");
  }

  get ipamDir(): string {
    return path.join(this.root, "ipam");
  }

  async init(): Promise<void> {
    for (const d of ["networks", "endpoints", "ipam"]) {
      await mkdir(path.join(this.root, d), { recursive: true, mode: 0o700 });
    }
  }

  loadNetworks(): Promise<NetworkRecord[]> {
    return readJsonDir<NetworkRecord>(path.join(this.root, "networks"));
  }

  saveNetwork(rec: NetworkRecord): Promise<void> {
    return writeJsonAtomic(path.join(this.root, "networks", `${rec.Id}.json`), rec);
  }

  async removeNetwork(id: string): Promise<void> {
    await rm(path.join(this.root, "endpoints", id), { recursive: true, force: true });
    await rm(path.join(this.root, "networks", `${id}.json`), { force: true });
  }

  async loadEndpoints(): Promise<EndpointRecord[]> {
    let dirs: string[] = [];
    try {
      dirs = await readdir(path.join(this.root, "endpoints"));
    } catch (err) {
      if (errno(err) !== "ENOENT") throw err;
    }
    const out: EndpointRecord[] = [];
    for (const d of dirs)
      out.push(...(await readJsonDir<EndpointRecord>(path.join(this.root, "endpoints", d))));
    return out;
  }

  async saveEndpoint(ep: EndpointRecord): Promise<void> {
    const dir = path.join(this.root, "endpoints", ep.NetworkID);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeJsonAtomic(path.join(dir, `${ep.ContainerID}.json`), ep);
  }

  removeEndpoint(networkId: string, containerId: string): Promise<void> {
    return rm(path.join(this.root, "endpoints", networkId, `${containerId}.json`), { force: true });
  }
}
