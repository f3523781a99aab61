/**
 * Command-line flags as docker's (spf13/pflag) parses them: `-abc` bundles of booleans,
 * `-e X` / `-eX` / `--env X` / `--env=X`, repeated list flags, `--bool=false`, `--` ends
 * flags, and (for run/exec/create) flags end at the first positional argument.
 */

export type FlagType = "bool" | "string" | "list" | "int";

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  /** Accepted alternative long names (docker keeps a few deprecated ones). */
  aliases?: string[];
  description?: string;
  default?: string | boolean | number;
}

export type FlagValues = Record<string, string | boolean | number | string[] | undefined>;

export class UsageError extends Error {}

export function parseFlags(
  argv: string[],
  specs: FlagSpec[],
  opts: { interspersed?: boolean } = {},
): { flags: FlagValues; args: string[] } {
  const interspersed = opts.interspersed ?? true;
  const byLong = new Map<string, FlagSpec>();
  const byShort = new Map<string, FlagSpec>();
  for (const s of specs) {
    byLong.set(s.name, s);
    for (const a of s.aliases ?? []) byLong.set(a, s);
    if (s.short) byShort.set(s.short, s);
  }
  const flags: FlagValues = {};
  for (const s of specs) {
    if (s.type === "list") flags[s.name] = [];
    else if (s.default !== undefined) flags[s.name] = s.default;
    else if (s.type === "bool") flags[s.name] = false;
  }
  const set = (spec: FlagSpec, value: string | undefined, display: string) => {
    if (spec.type === "bool") {
      if (value === undefined || value === "true" || value === "1") flags[spec.name] = true;
      else if (value === "false" || value === "0") flags[spec.name] = false;
      else
        throw new UsageError(
          `invalid argument "${value}" for "${display}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`,
        );
      return;
    }
    if (value === undefined) throw new UsageError(`flag needs an argument: ${display}`);
    if (spec.type === "list") (flags[spec.name] as string[]).push(value);
    else if (spec.type === "int") {
      if (!/^-?\d+$/.test(value)) {
        throw new UsageError(
          `invalid argument "${value}" for "${display}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`,
        );
      }
      flags[spec.name] = Number(value);
    } else flags[spec.name] = value;
  };
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const spec = byLong.get(name);
      if (!spec) throw new UsageError(`unknown flag: --${name}`);
      let value = eq >= 0 ? a.slice(eq + 1) : undefined;
      if (value === undefined && spec.type !== "bool") {
        if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: --${name}`);
        value = argv[++i];
      }
      set(spec, value, `--${name}`);
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const spec = byShort.get(c);
        if (!spec) throw new UsageError(`unknown shorthand flag: '${c}' in ${a}`);
        if (spec.type === "bool") {
          if (a[j + 1] === "=") {
            set(spec, a.slice(j + 2), `-${c}`);
            break;
          }
          set(spec, undefined, `-${c}`);
          continue;
        }
        let value = a.slice(j + 1);
        if (value.startsWith("=")) value = value.slice(1);
        if (!value) {
          if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: '${c}' in -${c}`);
          value = argv[++i];
        }
        set(spec, value, `-${c}, --${spec.name}`);
        break;
      }
      continue;
    }
    args.push(a);
    if (!interspersed) {
      args.push(...argv.slice(i + 1));
      break;
    }
  }
  return { flags, args };
}
