// Go's encoding/json Marshal as docker's `json` template function uses it: no HTML escaping,
// a Map's keys sorted as Go sorts map keys, objects in property order (a struct's field order),
// time.Time as RFC 3339, bigints as numbers. JSON.stringify differs on these, hence this port.

import { compareStrings } from "./go-values.ts";

/** time.Time as encoding/json writes it: RFC 3339 with trailing zero fractions removed. */
function rfc3339Nano(d: Date): string {
  const iso = d.toISOString();
  return `${iso.slice(0, 19)}${iso.slice(19, -1).replace(/\.?0+$/, "")}Z`;
}

class JsonUnsupportedError extends Error {}

function jsonString(s: string): string {
  let out = '"';
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    if (c === '"' || c === "\\") out += `\\${c}`;
    else if (cp < 0x20) {
      const short: Record<number, string> = { 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t" };
      out += short[cp] ?? `\\u00${cp.toString(16).padStart(2, "0")}`;
    } else if (cp === 0x2028 || cp === 0x2029) out += `\\u${cp.toString(16)}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += "\\ufffd";
    else out += c;
  }
  return `${out}"`;
}

function encodeJSON(v: unknown, seen: Set<object>): string {
  if (v === undefined || v === null) return "null";
  switch (typeof v) {
    case "string":
      return jsonString(v);
    case "boolean":
      return String(v);
    case "number":
      if (!Number.isFinite(v)) throw new JsonUnsupportedError(`json: unsupported value: ${v}`);
      return String(v);
    case "bigint":
      return v.toString();
    case "function":
    case "symbol":
      throw new JsonUnsupportedError(`json: unsupported type: ${typeof v}`);
  }
  if (v instanceof Date) return jsonString(rfc3339Nano(v));
  const obj = v as object;
  if (seen.has(obj)) throw new JsonUnsupportedError("json: unsupported value: encountered a cycle");
  seen.add(obj);
  try {
    if (Array.isArray(obj)) return `[${obj.map((e) => encodeJSON(e, seen)).join(",")}]`;
    if (obj instanceof Map) {
      const entries = [...obj.entries()].map(([k, e]) => [String(k), e] as const);
      entries.sort((x, y) => compareStrings(x[0], y[0]));
      return `{${entries.map(([k, e]) => `${jsonString(k)}:${encodeJSON(e, seen)}`).join(",")}}`;
    }
    const toJSON = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") return encodeJSON(toJSON.call(obj), seen);
    const parts: string[] = [];
    for (const [k, e] of Object.entries(obj)) {
      if (e === undefined || typeof e === "function" || typeof e === "symbol") continue;
      parts.push(`${jsonString(k)}:${encodeJSON(e, seen)}`);
    }
    return `{${parts.join(",")}}`;
  } finally {
    seen.delete(obj);
  }
}

/**
 * Docker's `json` template function: encoding/json without HTML escaping. Maps are written
 * with sorted keys as Go sorts map keys; plain objects and class instances keep their
 * property order, as Go keeps a struct's field order. Unencodable values give "", as docker's
 * function ignores the encoder's error.
 */
export function toGoJSON(v: unknown): string {
  try {
    return encodeJSON(v, new Set());
  } catch (err) {
    if (err instanceof JsonUnsupportedError) return "";
    throw err;
  }
}
