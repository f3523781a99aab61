// `network connect` and `network disconnect` of a container, as dockerd's ConnectToNetwork
// and DisconnectFromNetwork: a stopped container only changes its record (the next start
// joins or leaves); a running one gets or loses an interface in its namespace now, through
// the network resource (src/network/container-network.ts, matched structurally).
//
// Crash safety without an intent: the steps are ordered so that the start-up reclaim,
// which detaches every endpoint of a running container on a network its record does not
// list, settles an interrupted operation. Connect attaches first and writes the record
// after (a kill -9 between them is undone); disconnect writes the record first and
// detaches after (a kill -9 between them is finished).

import { appendFile, readFile, writeFile } from "node:fs/promises";
import { ForbiddenError, InvalidParameterError, NotFoundError, SystemError } from "../errdefs/errors.ts";
import type { EndpointSettings } from "../types/network.ts";
import type { ContainerRecord } from "./container-record.ts";
import type { ContainerContext } from "./context.ts";
import { faultPoint } from "./fault-point.ts";
import { hostsPath, resolvConfPath, writeResolvConf } from "./init-files.ts";
import { isRemovalInProgress } from "./state.ts";

interface NetworkRef {
  Id: string;
  Name: string;
  Driver: string;
}

interface NetworkPlan {
  network: NetworkRef;
  connected: boolean;
}

interface NetworkingFields {
  NetworkingConfig: NonNullable<ContainerRecord["NetworkingConfig"]>;
  NetworkModeDisconnected: boolean;
}

/** What connect and disconnect use of the network resource. */
export interface ContainerNetworkOps {
  checkConnect(c: ContainerRecord, ref: string, es: EndpointSettings | null | undefined): NetworkPlan;
  checkDisconnect(c: ContainerRecord, ref: string): NetworkPlan;
  withNetwork(
    c: ContainerRecord,
    network: NetworkRef,
    es: EndpointSettings | null | undefined,
  ): NetworkingFields;
  withoutNetwork(c: ContainerRecord, network: NetworkRef): NetworkingFields;
  connect(
    c: ContainerRecord,
    networkId: string,
    es: EndpointSettings | null | undefined,
    pid: number,
  ): Promise<{ hostsLine: string; nameserver?: string }>;
  disconnect(c: ContainerRecord, networkId: string): Promise<{ hostsLine?: string }>;
  forceDisconnect(containerId: string, ref: string): Promise<boolean>;
}

function ops(ctx: ContainerContext): ContainerNetworkOps {
  if (!ctx.network)
    throw new SystemError("Cannot connect or disconnect containers: berthd has no network service");
  return ctx.network;
}

/** dockerd's GetContainer("") (an empty body asks for no container). */
function noContainer(): InvalidParameterError {
  return new InvalidParameterError('invalid name or ID supplied: ""');
}

function lookup(ctx: ContainerContext, ref: string | undefined): ContainerRecord {
  if (!ref) throw noContainer();
  return ctx.store.get(ref);
}

function assertNotRemoving(rec: ContainerRecord): void {
  if (isRemovalInProgress(rec) || rec.State.Dead || rec.State.Status === "removing") {
    throw new SystemError(
      `Container ${rec.ID} is marked for removal and cannot be connected or disconnected to the network`,
    );
  }
}

function hasSettings(es: EndpointSettings | null | undefined): boolean {
  return Boolean(es?.IPAMConfig?.IPv4Address || es?.Aliases?.length || es?.MacAddress || es?.Links?.length);
}

function apply(rec: ContainerRecord, f: NetworkingFields): void {
  rec.NetworkingConfig = f.NetworkingConfig;
  if (f.NetworkModeDisconnected) rec.NetworkModeDisconnected = true;
  else delete rec.NetworkModeDisconnected;
}

export async function connectNetwork(
  ctx: ContainerContext,
  networkRef: string,
  containerRef: string | undefined,
  es: EndpointSettings | null | undefined,
): Promise<void> {
  const net = ops(ctx);
  const rec = lookup(ctx, containerRef);
  await ctx.withLock(rec.ID, async () => {
    if (!ctx.store.find(rec.ID)) throw new NotFoundError(`No such container: ${containerRef}`);
    assertNotRemoving(rec);
    const plan = net.checkConnect(rec, networkRef, es);
    const running = rec.State.Running;
    if (plan.connected) {
      // dockerd: libnetwork's refusal for a running container; for a stopped one it keeps
      // the old settings and says nothing, which berth does only when none were asked.
      if (!running && !hasSettings(es)) return;
      throw new ForbiddenError(
        `endpoint with name ${rec.Name.slice(1)} already exists in network ${plan.network.Name}`,
      );
    }
    const next = net.withNetwork(rec, plan.network, es);
    if (!running) {
      await saveWith(ctx, rec, next);
      return;
    }
    const { hostsLine, nameserver } = await net.connect(rec, plan.network.Id, es, rec.State.Pid);
    faultPoint("connect-before-record");
    try {
      await saveWith(ctx, rec, next);
    } catch (err) {
      await net.disconnect(rec, plan.network.Id).catch(() => undefined);
      throw err;
    }
    // As libnetwork's sandbox: the new address gets the container's name in /etc/hosts.
    await appendFile(hostsPath(ctx.store.dir(rec.ID)), `${hostsLine}\n`).catch((err) =>
      ctx.log.warn("Cannot add the new address to the container's /etc/hosts", {
        id: rec.ID,
        err: String(err),
      }),
    );
    // The first user network joined: names resolve through its resolver from now on.
    if (nameserver) {
      await writeResolvConf(resolvConfPath(ctx.store.dir(rec.ID)), rec, [nameserver]).catch((err) =>
        ctx.log.warn("Cannot point the container's /etc/resolv.conf at its network's resolver", {
          id: rec.ID,
          err: String(err),
        }),
      );
    }
  });
}

export async function disconnectNetwork(
  ctx: ContainerContext,
  networkRef: string,
  containerRef: string | undefined,
  force: boolean,
): Promise<void> {
  const net = ops(ctx);
  if (!containerRef) throw noContainer();
  const found = ctx.store.find(containerRef);
  if (!found) {
    // dockerd's ForceEndpointDelete: an endpoint whose container record is gone.
    if (force && (await net.forceDisconnect(containerRef, networkRef))) return;
    throw new NotFoundError(`No such container: ${containerRef}`);
  }
  const rec = found;
  await ctx.withLock(rec.ID, async () => {
    if (!ctx.store.find(rec.ID)) throw new NotFoundError(`No such container: ${containerRef}`);
    assertNotRemoving(rec);
    const plan = net.checkDisconnect(rec, networkRef);
    const running = rec.State.Running;
    if (!plan.connected) {
      // dockerd's two wordings (plain errors: 500).
      throw new SystemError(
        running
          ? `container ${rec.ID} is not connected to network ${plan.network.Name}`
          : `container ${rec.ID} is not connected to the network ${plan.network.Name}`,
      );
    }
    await saveWith(ctx, rec, net.withoutNetwork(rec, plan.network));
    if (!running) return;
    faultPoint("disconnect-before-detach");
    const { hostsLine } = await net.disconnect(rec, plan.network.Id);
    if (hostsLine) {
      await removeHostsLine(hostsPath(ctx.store.dir(rec.ID)), hostsLine).catch((err) =>
        ctx.log.warn("Cannot remove the old address from the container's /etc/hosts", {
          id: rec.ID,
          err: String(err),
        }),
      );
    }
  });
}

/** Writes the record with the new networking fields; on failure the record in memory is as before. */
async function saveWith(ctx: ContainerContext, rec: ContainerRecord, next: NetworkingFields): Promise<void> {
  const before = {
    NetworkingConfig: rec.NetworkingConfig,
    NetworkModeDisconnected: rec.NetworkModeDisconnected,
  };
  apply(rec, next);
  try {
    await ctx.store.save(rec);
  } catch (err) {
    rec.NetworkingConfig = before.NetworkingConfig;
    if (before.NetworkModeDisconnected) rec.NetworkModeDisconnected = true;
    else delete rec.NetworkModeDisconnected;
    throw err;
  }
}

/** Rewrites the file in place (it is bind-mounted: a rename would leave the container the old one). */
async function removeHostsLine(file: string, line: string): Promise<void> {
  const text = await readFile(file, "utf8");
  const lines = text.split("\n");
  const i = lines.lastIndexOf(line);
  if (i < 0) return;
  lines.splice(i, 1);
  await writeFile(file, lines.join("\n"));
}
