import { InvalidParameterError } from "../errdefs/errors.ts";
import { type NetworkRecord, PREDEFINED } from "./network-record.ts";

export const LIST_FILTERS = ["driver", "id", "label", "name", "scope", "type", "dangling"] as const;

/** `label=k` or `label=k=v` against a record's labels, as Docker's filters.MatchKVList. */
export function matchLabels(labels: Record<string, string>, wanted: string[]): boolean {
  return wanted.every((w) => {
    const i = w.indexOf("=");
    return i < 0 ? w in labels : labels[w.slice(0, i)] === w.slice(i + 1);
  });
}

/** GET /networks' filters, with dockerd's semantics (id and name match substrings, each key ANDed, values ORed). */
export function matchNetwork(
  rec: NetworkRecord,
  filters: Map<string, string[]>,
  endpointCount: number,
): boolean {
  const any = (key: string, test: (v: string) => boolean) => {
    const vals = filters.get(key);
    return !vals || vals.length === 0 || vals.some(test);
  };
  const builtin = (PREDEFINED as readonly string[]).includes(rec.Name);
  for (const t of filters.get("type") ?? []) {
    if (t !== "custom" && t !== "builtin") throw new InvalidParameterError(`invalid filter: 'type'='${t}'`);
  }
  for (const d of filters.get("dangling") ?? []) {
    if (!["true", "false", "1", "0"].includes(d)) {
      throw new InvalidParameterError(`invalid filter 'dangling=${d}'`);
    }
  }
  return (
    any("driver", (v) => rec.Driver === v) &&
    any("id", (v) => rec.Id.includes(v)) &&
    any("name", (v) => rec.Name.includes(v)) &&
    any("scope", (v) => v === rec.Scope) &&
    any("type", (v) => (v === "builtin") === builtin) &&
    any("dangling", (v) => {
      const dangling = !builtin && endpointCount === 0;
      return (v === "true" || v === "1") === dangling;
    }) &&
    matchLabels(rec.Labels, filters.get("label") ?? [])
  );
}
