// The `filters` of `GET /volumes` and `POST /volumes/prune`, with dockerd's semantics
// (daemon/volumes.go, volume/service/convert.go).

import { InvalidParameterError } from "../errdefs/errors.ts";
import { ANONYMOUS_LABEL } from "./volume-name.ts";
import type { VolumeRecord } from "./volume-store.ts";

export const LIST_FILTERS = ["dangling", "driver", "label", "name"] as const;
export const PRUNE_FILTERS = ["label", "label!", "all"] as const;

type Filters = Map<string, string[]>;

function boolFilter(key: string, v: string): boolean {
  const s = v.toLowerCase();
  if (s === "true" || s === "1") return true;
  if (s === "false" || s === "0") return false;
  throw new InvalidParameterError(`invalid filter '${key}=${v}'`);
}

/** `key` or `key=value` against the labels, as Docker's filters.MatchKVList. */
function labelMatches(labels: Record<string, string>, want: string): boolean {
  const i = want.indexOf("=");
  if (i < 0) return Object.hasOwn(labels, want);
  const k = want.slice(0, i);
  return Object.hasOwn(labels, k) && labels[k] === want.slice(i + 1);
}

/** A filter that lists its key several times matches if any value matches (OR), keys combine with AND. */
export function matchesList(rec: VolumeRecord, inUse: boolean, filters: Filters): boolean {
  const dangling = filters.get("dangling");
  if (dangling?.length && !dangling.some((v) => boolFilter("dangling", v) === !inUse)) return false;
  const driver = filters.get("driver");
  if (driver?.length && !driver.some((d) => rec.Driver.includes(d))) return false;
  const name = filters.get("name");
  if (name?.length && !name.some((n) => rec.Name.includes(n))) return false;
  const labels = filters.get("label");
  if (labels?.length && !labels.every((l) => labelMatches(rec.Labels, l))) return false;
  return true;
}

/** Whether prune removes an unused volume: anonymous ones only unless `all` (API ≥ 1.42). */
export function prunable(rec: VolumeRecord, filters: Filters): boolean {
  const all = filters.get("all") ?? [];
  if (all.length > 1) throw new InvalidParameterError("invalid filter 'all': only one value is accepted");
  if (!(all.length === 1 && boolFilter("all", all[0])) && !Object.hasOwn(rec.Labels, ANONYMOUS_LABEL))
    return false;
  const labels = filters.get("label") ?? [];
  if (!labels.every((l) => labelMatches(rec.Labels, l))) return false;
  const notLabels = filters.get("label!") ?? [];
  if (notLabels.some((l) => labelMatches(rec.Labels, l))) return false;
  return true;
}
