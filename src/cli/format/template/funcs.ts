// The functions a template can call: text/template's builtins (text/template/funcs.go) and
// docker's (cli/templates/templates.go: json, split, join, title, lower, upper, pad, truncate),
// with the parameter types the evaluator checks and converts arguments against.

import { sprint, sprintf, sprintln } from "../../../format/go-fmt.ts";
import { toGoJSON } from "../../../format/go-json.ts";
import { isPrint } from "../../../format/go-strconv.ts";
import { compareStrings, goTypeName, isGoInt, isPlainObject, utf8Length } from "../../../format/go-values.ts";

/** A function callable from a template; it signals failure by throwing. */
export type TemplateFunc = (...args: never[]) => unknown;

/** Go's truth: false, 0, nil and empty strings, slices and maps are false; structs are true. */
export function isTrue(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  switch (typeof v) {
    case "string":
      return v.length > 0;
    case "boolean":
      return v;
    case "number":
      return v !== 0;
    case "bigint":
      return v !== 0n;
  }
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (isPlainObject(v)) return Object.keys(v).length > 0;
  return true;
}

/**
 * How an argument is converted before a call, after reflect's view of the parameter type:
 * "any" is interface{} (a missing value becomes nil), "value" is reflect.Value (a missing
 * value stays missing), the rest are concrete types.
 */
export type ParamType = "any" | "value" | "string" | "int" | "strings";

export interface FuncDef {
  fn: (...args: never[]) => unknown;
  /** Fixed parameters; without them any number of "any" arguments is accepted. */
  params?: ParamType[];
  variadic?: ParamType;
}

export const paramTypeName: Record<ParamType, string> = {
  any: "interface {}",
  value: "reflect.Value",
  string: "string",
  int: "int",
  strings: "[]string",
};

const nilToMissing = (v: unknown) => (v === null ? undefined : v);

/** The arguments of html/js/urlquery as one string: evalArgs in text/template/funcs.go. */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === "string") return args[0];
  return sprint(...args.map((a) => (a === null || a === undefined ? "<no value>" : a)));
}

function htmlEscape(s: string): string {
  const map: Record<string, string> = {
    "\0": "\uFFFD",
    '"': "&#34;",
    "'": "&#39;",
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
  };
  return s.replace(/[\0"'&<>]/g, (c) => map[c]);
}

function jsEscape(s: string): string {
  const map: Record<string, string> = {
    "\\": "\\\\",
    "'": "\\'",
    '"': '\\"',
    "<": "\\u003C",
    ">": "\\u003E",
    "&": "\\u0026",
    "=": "\\u003D",
  };
  let out = "";
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    if (c in map) out += map[c];
    else if (cp < 0x20) out += `\\u00${cp.toString(16).toUpperCase().padStart(2, "0")}`;
    else if (cp < 0x80 || isPrint(cp)) out += c;
    else out += `\\u${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return out;
}

/** url.QueryEscape. */
function urlQueryEscape(s: string): string {
  let out = "";
  for (const b of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === " ") out += "+";
    else out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** An index argument to index/slice: indexArg in funcs.go. */
function indexArg(index: unknown, cap: number): number {
  const i = nilToMissing(index);
  if (i === undefined) throw new Error("cannot index slice/array with nil");
  if (!isGoInt(i)) throw new Error(`cannot index slice/array with type ${goTypeName(i)}`);
  const x = Number(i);
  if (x < 0 || x > cap) throw new Error(`index out of range: ${x}`);
  return x;
}

function indexFn(item: unknown, ...indexes: unknown[]): unknown {
  let v: unknown = nilToMissing(item);
  if (v === undefined) throw new Error("index of untyped nil");
  for (const index of indexes) {
    if (v === null || v === undefined) throw new Error("index of nil pointer");
    if (typeof v === "string") {
      // Indexing a Go string gives a byte.
      const bytes: Buffer = Buffer.from(v, "utf8");
      const x = indexArg(index, bytes.length);
      if (x === bytes.length) throw new Error("reflect: string index out of range");
      v = bytes[x];
    } else if (Array.isArray(v)) {
      const x = indexArg(index, v.length);
      if (x === v.length) throw new Error("reflect: slice index out of range");
      v = v[x] ?? null;
    } else if (v instanceof Map) {
      v = v.get(index);
    } else if (isPlainObject(v)) {
      const key = nilToMissing(index);
      if (key === undefined) throw new Error("value is nil; should be of type string");
      if (typeof key !== "string") throw new Error(`value has type ${goTypeName(key)}; should be string`);
      v = Object.hasOwn(v, key) ? v[key] : undefined;
    } else {
      throw new Error(`can't index item of type ${goTypeName(v)}`);
    }
  }
  return v;
}

function sliceFn(item: unknown, ...indexes: unknown[]): unknown {
  const v = nilToMissing(item);
  if (v === undefined) throw new Error("slice of untyped nil");
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  let bytes: Buffer | null = null;
  if (typeof v === "string") {
    if (indexes.length === 3) throw new Error("cannot 3-index slice a string");
    bytes = Buffer.from(v, "utf8");
  } else if (!Array.isArray(v)) throw new Error(`can't slice item of type ${goTypeName(v)}`);
  const len = bytes ? bytes.length : (v as unknown[]).length;
  const idx = [0, len, len];
  indexes.forEach((index, i) => {
    idx[i] = indexArg(index, len);
  });
  if (idx[0] > idx[1]) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  return bytes ? bytes.subarray(idx[0], idx[1]).toString("utf8") : (v as unknown[]).slice(idx[0], idx[1]);
}

function lengthFn(item: unknown): number {
  if (item === undefined) throw new Error("reflect: call of reflect.Value.Type on zero Value");
  if (item === null) throw new Error("len of nil pointer");
  if (typeof item === "string") return utf8Length(item);
  if (Array.isArray(item)) return item.length;
  if (item instanceof Map) return item.size;
  if (isPlainObject(item)) return Object.keys(item).length;
  throw new Error(`len of type ${goTypeName(item)}`);
}

type BasicKind = "bool" | "number" | "string" | "invalid";

/** Kinds compared by value; numbers compare across Go's int and float64 as JS has one type. */
function basicKind(v: unknown): BasicKind {
  switch (typeof v) {
    case "boolean":
      return "bool";
    case "number":
    case "bigint":
      return "number";
    case "string":
      return "string";
  }
  return "invalid";
}

/** reflect's Kind, as far as eq tells composite values apart. */
function reflectKind(v: unknown): string {
  if (v === undefined) return "invalid";
  if (Array.isArray(v)) return "slice";
  if (v instanceof Map || isPlainObject(v)) return "map";
  if (typeof v === "function") return "func";
  return "struct";
}

function eq(arg1: unknown, ...arg2: unknown[]): boolean {
  const v1 = nilToMissing(arg1);
  if (arg2.length === 0) throw new Error("missing argument for comparison");
  const k1 = basicKind(v1);
  for (const arg of arg2) {
    const v2 = nilToMissing(arg);
    const k2 = basicKind(v2);
    let truth = false;
    if (k1 !== k2) {
      if (v1 !== undefined && v2 !== undefined) {
        throw new Error(`incompatible types for comparison: ${goTypeName(v1)} and ${goTypeName(v2)}`);
      }
    } else if (k1 === "number") {
      truth = Number(v1) === Number(v2);
    } else if (k1 !== "invalid") {
      truth = v1 === v2;
    } else {
      const r1 = reflectKind(v1);
      const r2 = reflectKind(v2);
      if (r1 !== r2 && r1 !== "invalid" && r2 !== "invalid") {
        throw new Error(
          `non-comparable types ${sprint(v1)}: ${goTypeName(v1)}, ${goTypeName(v2)}: ${sprint(v2)}`,
        );
      }
      if (v1 === undefined || v2 === undefined) truth = v1 === v2;
      else if (r2 === "slice" || r2 === "map" || r2 === "func") {
        throw new Error(`non-comparable type ${sprint(v2)}: ${goTypeName(v2)}`);
      } else if (v1 instanceof Date && v2 instanceof Date) truth = v1.getTime() === v2.getTime();
      else truth = v1 === v2;
    }
    if (truth) return true;
  }
  return false;
}

function lt(arg1: unknown, arg2: unknown): boolean {
  const v1 = nilToMissing(arg1);
  const v2 = nilToMissing(arg2);
  const k1 = basicKind(v1);
  const k2 = basicKind(v2);
  if (k1 === "invalid" || k2 === "invalid") throw new Error("invalid type for comparison");
  if (k1 !== k2)
    throw new Error(`incompatible types for comparison: ${goTypeName(v1)} and ${goTypeName(v2)}`);
  if (k1 === "bool") throw new Error("invalid type for comparison");
  if (k1 === "number") return Number(v1) < Number(v2);
  return compareStrings(v1 as string, v2 as string) < 0;
}

const le = (a: unknown, b: unknown) => lt(a, b) || eq(a, b);

/** strings.Title: upper-cases the first letter of each word. */
function goTitle(s: string): string {
  const isSeparator = (c: string) => {
    const cp = c.codePointAt(0)!;
    if (cp <= 0x7f) return !/[0-9a-zA-Z_]/.test(c);
    if (/[\p{L}\p{Nd}]/u.test(c)) return false;
    return /\s/u.test(c);
  };
  let prev = " ";
  let out = "";
  for (const c of s) {
    out += isSeparator(prev) ? caseRune(c, "upper") : c;
    prev = c;
  }
  return out;
}

/** unicode.ToUpper/ToLower rune by rune: one-to-many mappings (ß → SS) are left alone, as in Go. */
function caseRune(c: string, to: "upper" | "lower"): string {
  const m = to === "upper" ? c.toUpperCase() : c.toLowerCase();
  return [...m].length === 1 ? m : c;
}

function mapCase(s: string, to: "upper" | "lower"): string {
  let out = "";
  for (const c of s) out += caseRune(c, to);
  return out;
}

function repeatSpaces(n: number): string {
  if (n < 0) throw new Error("strings: negative Repeat count");
  return " ".repeat(n);
}

/** The builtin `call`: calls a function value with the remaining arguments. */
export function callFn(calleeName: string, fn: unknown, args: unknown[]): unknown {
  const f = nilToMissing(fn);
  if (f === undefined) throw new Error("call of nil");
  if (typeof f !== "function") throw new Error(`non-function ${calleeName} of type ${goTypeName(f)}`);
  return f(...args.map((a) => (a === undefined ? null : a)));
}

/** The builtin functions of text/template (funcs.go). */
export const builtinFuncs = new Map<string, FuncDef>([
  ["and", { params: ["value"], variadic: "value", fn: () => undefined }],
  ["or", { params: ["value"], variadic: "value", fn: () => undefined }],
  ["call", { params: ["value"], variadic: "value", fn: () => undefined }],
  ["html", { params: [], variadic: "any", fn: (...a: unknown[]) => htmlEscape(evalArgs(a)) }],
  ["index", { params: ["value"], variadic: "value", fn: indexFn }],
  ["slice", { params: ["value"], variadic: "value", fn: sliceFn }],
  ["js", { params: [], variadic: "any", fn: (...a: unknown[]) => jsEscape(evalArgs(a)) }],
  ["len", { params: ["value"], fn: lengthFn }],
  ["not", { params: ["value"], fn: (v: unknown) => !isTrue(v) }],
  ["print", { params: [], variadic: "any", fn: (...a: unknown[]) => sprint(...a) }],
  ["printf", { params: ["string"], variadic: "any", fn: (f: string, ...a: unknown[]) => sprintf(f, ...a) }],
  ["println", { params: [], variadic: "any", fn: (...a: unknown[]) => sprintln(...a) }],
  ["urlquery", { params: [], variadic: "any", fn: (...a: unknown[]) => urlQueryEscape(evalArgs(a)) }],
  ["eq", { params: ["value"], variadic: "value", fn: eq }],
  ["ge", { params: ["value", "value"], fn: (a: unknown, b: unknown) => !lt(a, b) }],
  ["gt", { params: ["value", "value"], fn: (a: unknown, b: unknown) => !le(a, b) }],
  ["le", { params: ["value", "value"], fn: le }],
  ["lt", { params: ["value", "value"], fn: lt }],
  ["ne", { params: ["value", "value"], fn: (a: unknown, b: unknown) => !eq(a, b) }],
]);

/** Docker's basicFunctions (cli/templates/templates.go). */
export const dockerFuncs = new Map<string, FuncDef>([
  ["json", { params: ["any"], fn: (v: unknown) => toGoJSON(v) }],
  [
    "split",
    { params: ["string", "string"], fn: (s: string, sep: string) => (sep === "" ? [...s] : s.split(sep)) },
  ],
  ["join", { params: ["strings", "string"], fn: (a: string[] | null, sep: string) => (a ?? []).join(sep) }],
  ["title", { params: ["string"], fn: goTitle }],
  ["lower", { params: ["string"], fn: (s: string) => mapCase(s, "lower") }],
  ["upper", { params: ["string"], fn: (s: string) => mapCase(s, "upper") }],
  [
    "pad",
    {
      params: ["string", "int", "int"],
      fn: (s: string, prefix: number, suffix: number) =>
        s === "" ? s : repeatSpaces(prefix) + s + repeatSpaces(suffix),
    },
  ],
  [
    "truncate",
    {
      params: ["string", "int"],
      fn: (s: string, n: number) => {
        const bytes = Buffer.from(s, "utf8");
        if (bytes.length < n) return s;
        if (n < 0) throw new Error(`runtime error: slice bounds out of range [:${n}]`);
        return bytes.subarray(0, n).toString("utf8");
      },
    },
  ],
]);

/** Docker's HeaderFunctions: a table header keeps each column's name intact. */
export const headerFuncs = new Map<string, FuncDef>([
  ["json", { params: ["string"], fn: (v: string) => v }],
  ["split", { params: ["string", "string"], fn: (v: string) => v }],
  ["join", { params: ["string", "string"], fn: (v: string) => v }],
  ["title", { params: ["string"], fn: (v: string) => v }],
  ["lower", { params: ["string"], fn: (v: string) => v }],
  ["upper", { params: ["string"], fn: (v: string) => v }],
  ["truncate", { params: ["string", "int"], fn: (v: string) => v }],
]);
