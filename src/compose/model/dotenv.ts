// Compose's dotenv syntax (compose-go's dotenv package), for `.env`, `--env-file` and a
// service's `env_file`. Hand-written: the npm `dotenv` parser drops whether a value was single-
// quoted, and Compose interpolates every value except single-quoted ones.
import { interpolate, type Lookup } from "./interpolate.ts";

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*/;
const ESCAPES: Record<string, string> = {
  n: "\n",
  r: "\r",
  t: "\t",
  "\\": "\\",
  '"': '"',
  $: "$$",
  "`": "`",
};

/**
 * Parses a dotenv file. Values are interpolated with `lookup` first, then with the variables
 * set earlier in the same file; a bare `KEY` line takes its value from `lookup`, else is left out.
 */
export function parseDotenv(text: string, file: string, lookup: Lookup): Record<string, string> {
  const vars: Record<string, string> = {};
  const env: Lookup = (n) => lookup(n) ?? (Object.hasOwn(vars, n) ? vars[n] : undefined);
  const src = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  let i = 0;
  let line = 1;
  const fail = (why: string) => new Error(`${file}:${line}: ${why}`);
  const interp = (raw: string) => {
    try {
      return interpolate(raw, env);
    } catch (e) {
      throw fail((e as Error).message);
    }
  };
  while (i < src.length) {
    // Blank lines, indentation and comment lines.
    if (src[i] === "\n") {
      line++;
      i++;
      continue;
    }
    if (src[i] === " " || src[i] === "\t") {
      i++;
      continue;
    }
    if (src[i] === "#") {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    if (src.startsWith("export ", i)) i += "export ".length;
    while (src[i] === " " || src[i] === "\t") i++;
    const m = KEY.exec(src.slice(i));
    if (!m) throw fail(`unexpected character ${JSON.stringify(src[i])} in variable name`);
    const key = m[0];
    i += key.length;
    while (src[i] === " " || src[i] === "\t") i++;
    if (i >= src.length || src[i] === "\n" || src[i] === "#") {
      const v = lookup(key);
      if (v !== undefined) vars[key] = v;
      continue;
    }
    if (src[i] !== "=" && src[i] !== ":")
      throw fail(`unexpected character ${JSON.stringify(src[i])} in variable name`);
    i++;
    while (src[i] === " " || src[i] === "\t") i++;
    const q = src[i];
    let value: string;
    if (q === "'" || q === '"') {
      let j = i + 1;
      let raw = "";
      while (j < src.length && src[j] !== q) {
        if (src[j] === "\\" && j + 1 < src.length) {
          // Single quotes take only \' as an escape; double quotes the shell's usual ones.
          const e = src[j + 1];
          if (q === "'") raw += e === "'" ? "'" : `\\${e}`;
          else raw += ESCAPES[e] ?? `\\${e}`;
          j += 2;
          continue;
        }
        if (src[j] === "\n") line++;
        raw += src[j++];
      }
      if (j >= src.length) throw fail(`unterminated quoted value for ${key}`);
      i = j + 1;
      // After the closing quote only blanks or a comment.
      while (src[i] === " " || src[i] === "\t") i++;
      if (src[i] === "#") while (i < src.length && src[i] !== "\n") i++;
      if (i < src.length && src[i] !== "\n") throw fail(`unexpected text after the quoted value of ${key}`);
      value = q === "'" ? raw : interp(raw);
    } else {
      let j = i;
      while (j < src.length && src[j] !== "\n") j++;
      let raw = src.slice(i, j);
      // An inline comment starts at a `#` that follows a blank.
      const hash = raw.search(/[ \t]#/);
      if (hash >= 0) raw = raw.slice(0, hash);
      i = j;
      value = interp(raw.trim());
    }
    vars[key] = value;
  }
  return vars;
}
