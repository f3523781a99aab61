// Compose's variable interpolation (compose-go's template package): `$$`, `$VAR`, `${VAR}`,
// and `${VAR<op>arg}` with op one of `:-` `-` `:?` `?` `:+` `+`, whose arg may itself hold
// `${...}`. Hand-written: no npm package implements these Compose-specific operators with
// nesting (dotenv-expand has a different set and no `?`/`+`).

export type Lookup = (name: string) => string | undefined;

/** Told of each `$VAR`/`${VAR}` (no default) that is unset: Compose warns of those. */
export type OnUnset = (name: string) => void;

/** `invalid`: a malformed template (the message names it); else a required variable is missing. */
export class InterpolationError extends Error {
  readonly invalid: boolean;
  constructor(message: string, invalid = false) {
    super(message);
    this.invalid = invalid;
  }
}

const invalidTemplate = (s: string) =>
  new InterpolationError(`invalid interpolation format for ${JSON.stringify(s)}`, true);

const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;

export function interpolate(s: string, lookup: Lookup, onUnset?: OnUnset): string {
  if (!s.includes("$")) return s;
  let out = "";
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c !== "$") {
      out += c;
      i++;
      continue;
    }
    const next = s[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
      continue;
    }
    if (next === "{") {
      const [value, end] = braced(s, i, lookup, onUnset);
      out += value;
      i = end;
      continue;
    }
    const m = NAME.exec(s.slice(i + 1));
    if (!m) throw invalidTemplate(s);
    out += variableValue(m[0], lookup, onUnset);
    i += 1 + m[0].length;
  }
  return out;
}

function variableValue(name: string, lookup: Lookup, onUnset?: OnUnset): string {
  const v = lookup(name);
  if (v === undefined) onUnset?.(name);
  return v ?? "";
}

/** `${...}` starting at `start` (the `$`): its value and the index after its closing brace. */
function braced(s: string, start: number, lookup: Lookup, onUnset?: OnUnset): [string, number] {
  const invalid = () => invalidTemplate(s);
  const nameStart = start + 2;
  const m = NAME.exec(s.slice(nameStart));
  if (!m) throw invalid();
  const name = m[0];
  let pos = nameStart + name.length;
  if (s[pos] === "}") return [variableValue(name, lookup, onUnset), pos + 1];
  const op = [":-", ":?", ":+", "-", "?", "+"].find((o) => s.startsWith(o, pos));
  if (!op) throw invalid();
  pos += op.length;
  // The closing brace that matches, skipping nested `${...}` in the argument.
  let depth = 0;
  let close = -1;
  for (let j = pos; j < s.length; j++) {
    if (s[j] === "$" && s[j + 1] === "$") {
      j++;
    } else if (s[j] === "$" && s[j + 1] === "{") {
      depth++;
      j++;
    } else if (s[j] === "}") {
      if (depth === 0) {
        close = j;
        break;
      }
      depth--;
    }
  }
  if (close < 0) throw invalid();
  const arg = () => interpolate(s.slice(pos, close), lookup, onUnset);
  const value = lookup(name);
  const set = value !== undefined;
  const nonEmpty = set && value !== "";
  let result: string;
  switch (op) {
    case ":-":
      result = nonEmpty ? value : arg();
      break;
    case "-":
      result = set ? value : arg();
      break;
    case ":?":
    case "?":
      if (op === ":?" ? !nonEmpty : !set) {
        const msg = arg();
        throw new InterpolationError(`required variable ${name} is missing a value${msg ? `: ${msg}` : ""}`);
      }
      result = value ?? "";
      break;
    case ":+":
      result = nonEmpty ? arg() : "";
      break;
    default:
      result = set ? arg() : "";
  }
  return [result, close + 1];
}
