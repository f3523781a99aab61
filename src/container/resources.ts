// The seam for what a container acquires at start and gives back: each resource (the init
// files today; a network endpoint and volumes when src/network/ and src/volume/ land)
// contributes to the OCI spec at start, releases at exit and removal, and re-adopts what it
// holds after berthd restarts. They are wired in the composition root (daemon/daemon.ts),
// so a new kind of resource never touches the operation files.

import type { SpecInput, SpecInputMount } from "../runtime/oci-spec.ts";
import type { ContainerConfig } from "../types/container-config.ts";
import type { HostConfig } from "../types/host-config.ts";
import type { NetworkingConfig } from "../types/network.ts";
import type { ContainerRecord } from "./container-record.ts";

/** What a resource adds to the container's spec. */
export interface SpecContribution {
  /** Host paths of /etc/hostname, /etc/hosts and /etc/resolv.conf. */
  initFiles?: NonNullable<SpecInput["initFiles"]>;
  /** A prepared network namespace to join. */
  netnsPath?: string;
  mounts?: SpecInputMount[];
  /** Lines for /etc/hosts (an endpoint's own name, linked containers). */
  hostsEntries?: string[];
  /** The address `--add-host x:host-gateway` stands for (the default bridge's gateway). */
  hostGateway?: string;
  /** Nameservers the container should use instead of the host's (an embedded resolver). */
  nameservers?: string[];
  env?: string[];
  /** The hostname the container runs with, when not its own (a peer's, under `container:<x>`). */
  hostname?: string;
}

/** What a resource may check at create, before anything is written. */
export interface CreateCheck {
  Config: Pick<ContainerConfig, "ExposedPorts" | "MacAddress">;
  HostConfig: HostConfig;
  NetworkingConfig?: NetworkingConfig | null;
}

export interface ContainerResource {
  readonly name: string;
  /** Refuses at create what the resource could not honour at start (an unknown network); returns warnings. */
  validate?(req: CreateCheck): string[] | undefined;
  /**
   * At create, after validation and before the record is written: acquires what lives as
   * long as the container (Docker makes a container's volumes at its create) and fills the
   * record. A later failure of the create calls release(rec, "remove").
   */
  created?(rec: ContainerRecord): Promise<void>;
  /**
   * For every container found at berthd's start, running or not, before adopt(): takes
   * back what it holds for the container's whole life. True when it changed the record.
   */
  restored?(rec: ContainerRecord): Promise<boolean>;
  /**
   * Acquires what the start needs. `sofar` merges what the resources before this one (in
   * registration order) contributed, e.g. the hosts entries of a network endpoint.
   */
  prepare(rec: ContainerRecord, sofar: SpecContribution): Promise<SpecContribution>;
  /**
   * Once the runtime has made and started the container (its namespaces hold what prepare
   * handed it): gives back what only the runtime's setup needed. Its failure is logged and
   * never fails the start.
   */
  started?(rec: ContainerRecord): Promise<void>;
  /** Gives back what the last start acquired: at exit, and again (idempotent) at removal. */
  release(rec: ContainerRecord, why: "exit" | "remove"): Promise<void>;
  /** After a berthd restart, takes ownership again of what a running container holds. */
  adopt(rec: ContainerRecord): Promise<void>;
}

export function mergeContributions(a: SpecContribution, b: SpecContribution): SpecContribution {
  const out: SpecContribution = { ...a };
  if (b.initFiles) out.initFiles = { ...a.initFiles, ...b.initFiles };
  if (b.netnsPath) out.netnsPath = b.netnsPath;
  if (b.mounts?.length) out.mounts = [...(a.mounts ?? []), ...b.mounts];
  if (b.hostsEntries?.length) out.hostsEntries = [...(a.hostsEntries ?? []), ...b.hostsEntries];
  if (b.nameservers?.length) out.nameservers = [...(a.nameservers ?? []), ...b.nameservers];
  if (b.hostGateway) out.hostGateway = b.hostGateway;
  if (b.env?.length) out.env = [...(a.env ?? []), ...b.env];
  if (b.hostname) out.hostname = b.hostname;
  return out;
}

/** Runs every resource's prepare in order; on a failure, releases those already prepared. */
export async function prepareAll(
  resources: readonly ContainerResource[],
  rec: ContainerRecord,
): Promise<SpecContribution> {
  let sofar: SpecContribution = {};
  const done: ContainerResource[] = [];
  try {
    for (const r of resources) {
      sofar = mergeContributions(sofar, await r.prepare(rec, sofar));
      done.push(r);
    }
  } catch (err) {
    await releaseAll(done, rec, "exit").catch(() => {});
    throw err;
  }
  return sofar;
}

/** Releases in reverse order; every resource gets its turn even if one fails (the first error is thrown). */
export async function releaseAll(
  resources: readonly ContainerResource[],
  rec: ContainerRecord,
  why: "exit" | "remove",
): Promise<void> {
  let first: unknown;
  for (const r of [...resources].reverse()) {
    await r.release(rec, why).catch((err) => {
      first ??= err;
    });
  }
  if (first) throw first;
}

/** Every resource's started(); the failures, to log (a start does not fail for them). */
export async function startedAll(
  resources: readonly ContainerResource[],
  rec: ContainerRecord,
): Promise<unknown[]> {
  const failures: unknown[] = [];
  for (const r of resources) {
    await r.started?.(rec).catch((err) => {
      failures.push(err);
    });
  }
  return failures;
}
