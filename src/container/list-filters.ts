// The `docker ps` filters that look past the record's own fields: network, volume, publish,
// expose and is-task, as moby's daemon/list.go matches them. Pure over what the list source
// hands in, so they are tested without a daemon.

import { InvalidParameterError } from "../errdefs/errors.ts";
import type { ContainerSummary, MountPoint, PortSummary } from "../types/container.ts";
import type { Filters } from "../types/filters.ts";

/** What the filters read of a container besides its record. */
export interface FilterView {
  networks(): NonNullable<ContainerSummary["NetworkSettings"]>["Networks"];
  ports(): PortSummary[];
  mounts(): MountPoint[];
}

/** strconv.ParseUint(s, 10, 16)'s error text, as moby's port parser unwraps it. */
function portNumber(raw: string): number | string {
  if (raw === "") return "value is empty";
  if (!/^\d+$/.test(raw)) return "invalid syntax";
  const n = Number(raw);
  return n > 65535 ? "value out of range" : n;
}

/**
 * A `publish=`/`expose=` value as moby's portOp reads it (network.ParsePortRange):
 * `port[/proto]` or `start-end[/proto]`, tcp by default; every port of a range as `port/proto`.
 */
export function portFilterValues(key: string, value: string): string[] {
  const bad = (why: string) =>
    new InvalidParameterError(`error while looking up for ${key} ${value}: ${why}`);
  if (value.includes(":"))
    throw new InvalidParameterError(`filter for '${key}' should not contain ':': ${value}`);
  if (value === "") throw bad("invalid port range: value is empty");
  const slash = value.indexOf("/");
  const range = slash < 0 ? value : value.slice(0, slash);
  const proto = slash < 0 || value.slice(slash + 1) === "" ? "tcp" : value.slice(slash + 1).toLowerCase();
  const dash = range.indexOf("-");
  const startRaw = dash < 0 ? range : range.slice(0, dash);
  const start = portNumber(startRaw);
  if (typeof start === "string") throw bad(`invalid start port '${startRaw}': ${start}`);
  let end = start;
  if (dash >= 0 && range.slice(dash + 1) !== startRaw) {
    const endRaw = range.slice(dash + 1);
    const e = portNumber(endRaw);
    if (typeof e === "string") throw bad(`invalid end port '${endRaw}': ${e}`);
    if (e < start) throw bad(`invalid port range: ${value}`);
    end = e;
  }
  const out: string[] = [];
  for (let p = start; p <= end; p++) out.push(`${p}/${proto}`);
  return out;
}

/** Builds the matcher once per list (the values are parsed and checked up front). */
export function extraFilters(filters: Filters): (view: FilterView) => boolean {
  const networks = filters.get("network");
  const volumes = filters.get("volume");
  const publish = filters.has("publish")
    ? new Set(filters.get("publish")?.flatMap((v) => portFilterValues("publish", v)))
    : undefined;
  const expose = filters.has("expose")
    ? new Set(filters.get("expose")?.flatMap((v) => portFilterValues("expose", v)))
    : undefined;
  let isTask: boolean | undefined;
  const task = filters.get("is-task");
  if (task) {
    // moby's GetBoolOrDefault: exactly one of true/1 and false/0.
    const isTrue = task.includes("true") || task.includes("1");
    const isFalse = task.includes("false") || task.includes("0");
    if (isTrue === isFalse) throw new InvalidParameterError(`invalid filter 'is-task=[${task.join(" ")}]'`);
    isTask = isTrue;
  }
  return (view) => {
    // No container of berth's is a swarm task.
    if (isTask === true) return false;
    if (networks) {
      const joined = Object.entries(view.networks() ?? {});
      const match = networks.some((v) =>
        joined.some(([name, ep]) => name === v || (ep?.NetworkID ?? "").startsWith(v)),
      );
      if (!match) return false;
    }
    if (volumes) {
      const mounts = view.mounts();
      const match = volumes.some((v) =>
        mounts.some((m) => m.Destination === v || (m.Name ? m.Name === v : m.Source === v)),
      );
      if (!match) return false;
    }
    // As moby: one port of the summary either published (host side) or exposed (container
    // side) as asked is enough.
    if (publish || expose) {
      const match = view
        .ports()
        .some(
          (p) =>
            (p.PublicPort !== undefined && publish?.has(`${p.PublicPort}/${p.Type}`)) ||
            expose?.has(`${p.PrivatePort}/${p.Type}`),
        );
      if (!match) return false;
    }
    return true;
  };
}
