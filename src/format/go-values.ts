// Go's view of JS values, shared by the ports of fmt, encoding/json and text/template: which Go
// type a JS value stands for, how Go orders map keys, and a struct's fields and Stringer.
//
// `undefined` is Go's invalid value (a missing map key), `null` a nil interface, a number an int
// when it is integral and a float64 otherwise, a bigint an int64, an array a slice, a Map or a
// plain object a map (sorted keys when printed or ranged over), a Date a time.Time, and a class
// instance a struct whose methods and getters are callable as fields.

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A non-plain object that is not one of the kinds handled natively: a struct. */
export function isStruct(v: unknown): v is object {
  return (
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Map) &&
    !(v instanceof Date) &&
    !isPlainObject(v)
  );
}

export function isGoInt(v: unknown): v is number | bigint {
  return typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v));
}

/** The Go type a value stands for, as reflect's Type.String() writes it. */
export function goTypeName(v: unknown): string {
  if (v === undefined) return "<nil>";
  if (v === null) return "interface {}";
  switch (typeof v) {
    case "string":
      return "string";
    case "boolean":
      return "bool";
    case "number":
      return Number.isInteger(v) ? "int" : "float64";
    case "bigint":
      return "int64";
    case "function":
      return "func(...interface {}) interface {}";
  }
  if (Array.isArray(v))
    return v.length > 0 && v.every((e) => typeof e === "string") ? "[]string" : "[]interface {}";
  if (v instanceof Map || isPlainObject(v)) return "map[string]interface {}";
  if (v instanceof Date) return "time.Time";
  return `*${(v as object).constructor?.name ?? "struct"}`;
}

/** Byte-wise (UTF-8) order, as Go compares strings. */
export function compareStrings(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** internal/fmtsort's order for map keys. */
function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === "string" && typeof b === "string") return compareStrings(a, b);
  if ((typeof a === "number" || typeof a === "bigint") && (typeof b === "number" || typeof b === "bigint")) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return compareStrings(`${typeof a}:${String(a)}`, `${typeof b}:${String(b)}`);
}

/** A map's entries in Go's printing and ranging order. */
export function sortedEntries(v: Map<unknown, unknown> | Record<string, unknown>): [unknown, unknown][] {
  const entries: [unknown, unknown][] = v instanceof Map ? [...v.entries()] : Object.entries(v);
  return entries.sort((x, y) => compareKeys(x[0], y[0]));
}

/** A struct-like object's own data fields, in declaration order. */
export function structFields(v: object): [string, unknown][] {
  return Object.entries(v).filter(([, f]) => typeof f !== "function");
}

/** Go's Stringer: a String() method on a struct, or a Date's time.Time String(). */
export function stringerOf(v: unknown): (() => string) | null {
  if (v instanceof Date) return () => goTimeString(v);
  if (isStruct(v)) {
    const fn = (v as { String?: unknown }).String;
    if (typeof fn === "function") return () => String(fn.call(v));
  }
  return null;
}

/** The length of s in UTF-8 bytes, as Go's len() counts a string. */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/** time.Time.String() for a UTC instant: "2006-01-02 15:04:05.999999999 +0000 UTC". */
function goTimeString(d: Date): string {
  const iso = d.toISOString();
  const frac = iso.slice(19, -1).replace(/\.?0+$/, "");
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac} +0000 UTC`;
}
