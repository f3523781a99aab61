import { writeFile } from "node:fs/promises";
import path from "node:path";
import { InvalidParameterError } from "../errdefs/errors.ts";
import { resources } from "../runtime/oci-spec.ts";
import type { ContainerUpdateRequest } from "../types/container-create.ts";
import type { Resources } from "../types/host-config.ts";
import type { ContainerContext } from "./context.ts";
import { faultPoint } from "./fault-point.ts";
import { clearIntent, writeIntent } from "./intent.ts";
import { discardUnsupported } from "./kernel-discards.ts";

// The HostConfig fields `docker update` may change.
const UPDATABLE = [
  "CpuShares",
  "Memory",
  "MemoryReservation",
  "MemorySwap",
  "NanoCpus",
  "CpuPeriod",
  "CpuQuota",
  "CpusetCpus",
  "CpusetMems",
  "PidsLimit",
  "BlkioWeight",
  "OomKillDisable",
] as const satisfies readonly (keyof Resources)[];

/** One field from the request to the next HostConfig; generic so the field keeps its type. */
function copyField<K extends keyof Resources>(to: Resources, from: Resources, k: K): void {
  to[k] = from[k];
}

export async function updateContainer(
  ctx: ContainerContext,
  ref: string,
  body: ContainerUpdateRequest,
): Promise<string[]> {
  const rec = ctx.store.get(ref);
  // The docker CLI sends every Resources field, zero when not asked for: only a value set is a
  // request, and one berth cannot change on a container is refused rather than dropped.
  for (const [k, v] of Object.entries(body)) {
    if (k === "RestartPolicy" || (UPDATABLE as readonly string[]).includes(k)) continue;
    const isSet = Array.isArray(v)
      ? v.length > 0
      : v !== undefined && v !== null && v !== 0 && v !== "" && v !== false;
    if (isSet) {
      throw new InvalidParameterError(
        `Cannot update container ${ref}: ${k} cannot be changed on an existing container (berth applies it at create)`,
      );
    }
  }
  const next = { ...rec.HostConfig };
  for (const k of UPDATABLE)
    if (body[k] !== undefined && body[k] !== null && !(body[k] === 0 && k !== "CpuShares"))
      copyField(next, body, k);
  if (body.RestartPolicy) {
    const rp = body.RestartPolicy;
    if (rp.Name && rec.HostConfig.AutoRemove && rp.Name !== "no") {
      throw new InvalidParameterError(
        "Restart policy cannot be updated because AutoRemove is enabled for the container",
      );
    }
    next.RestartPolicy = body.RestartPolicy;
  }
  const warnings: string[] = [];
  warnings.push(...discardUnsupported(next, ctx.host.kernelSupport));
  const res = resources({ cgroupVersion: ctx.host.cgroups, kernelSupport: ctx.host.kernelSupport }, next);
  const resJson = JSON.stringify(res, (_k, v) => (typeof v === "bigint" ? Number(v) : v));
  const dir = ctx.store.dir(rec.ID);
  // Journalled with its outcome: a berthd killed between the runtime and the record finishes it.
  await writeIntent(dir, "update", { hostConfig: next, resources: JSON.parse(resJson) });
  if (rec.State.Running) {
    const file = path.join(ctx.stateDir(rec.ID), "update.json");
    await writeFile(file, resJson);
    await ctx.rt.update(rec, file).catch(async (err) => {
      await clearIntent(dir, "update");
      throw err;
    });
  }
  faultPoint("update-before-record");
  rec.HostConfig = next;
  await ctx.store.save(rec);
  await clearIntent(dir, "update");
  ctx.emit(rec, "update");
  return warnings;
}
