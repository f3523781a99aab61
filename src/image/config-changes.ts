import { InvalidParameterError } from "../errdefs/errors.ts";
import type { ContainerConfig } from "../types/container-config.ts";

const allowed = new Set([
  "CMD",
  "ENTRYPOINT",
  "ENV",
  "EXPOSE",
  "LABEL",
  "ONBUILD",
  "USER",
  "VOLUME",
  "WORKDIR",
  "STOPSIGNAL",
  "HEALTHCHECK",
]);

/**
 * Applies `--change` instructions (Dockerfile syntax) to an image's container config, as
 * `docker import -c` and `docker commit -c` do. Returns a new object.
 */
export function applyChanges(base: ContainerConfig, changes: string[]): ContainerConfig {
  const cfg: ContainerConfig = structuredClone(base);
  for (const raw of changes) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^(\S+)\s*(.*)$/s.exec(line)!;
    const instr = m[1].toUpperCase();
    const rest = m[2].trim();
    if (!allowed.has(instr))
      throw new InvalidParameterError(`${m[1].toLowerCase()} is not a valid change command`);
    switch (instr) {
      case "CMD":
        cfg.Cmd = commandForm(rest, instr);
        break;
      case "ENTRYPOINT":
        cfg.Entrypoint = commandForm(rest, instr);
        break;
      case "ENV":
        for (const [k, v] of keyValues(rest, instr)) {
          cfg.Env = [...(cfg.Env ?? []).filter((e) => e.split("=")[0] !== k), `${k}=${v}`];
        }
        break;
      case "LABEL":
        for (const [k, v] of keyValues(rest, instr)) cfg.Labels = { ...cfg.Labels, [k]: v };
        break;
      case "EXPOSE":
        for (const p of rest.split(/\s+/).filter(Boolean)) {
          if (!/^\d+(-\d+)?(\/(tcp|udp|sctp))?$/i.test(p))
            throw new InvalidParameterError(`invalid containerPort: ${p}`);
          cfg.ExposedPorts = { ...cfg.ExposedPorts, [p.includes("/") ? p.toLowerCase() : `${p}/tcp`]: {} };
        }
        break;
      case "USER":
        cfg.User = rest;
        break;
      case "WORKDIR":
        cfg.WorkingDir = rest.startsWith("/") ? rest : `/${rest}`;
        break;
      case "VOLUME": {
        const vols = rest.startsWith("[") ? jsonArray(rest, instr) : rest.split(/\s+/).filter(Boolean);
        for (const v of vols) cfg.Volumes = { ...cfg.Volumes, [v]: {} };
        break;
      }
      case "STOPSIGNAL":
        cfg.StopSignal = rest;
        break;
      case "ONBUILD":
        cfg.OnBuild = [...(cfg.OnBuild ?? []), rest];
        break;
      case "HEALTHCHECK":
        cfg.Healthcheck = healthcheck(rest);
        break;
    }
  }
  return cfg;
}

function commandForm(rest: string, instr: string): string[] {
  if (rest.startsWith("[")) return jsonArray(rest, instr);
  return ["/bin/sh", "-c", rest];
}

function jsonArray(rest: string, instr: string): string[] {
  try {
    const v = JSON.parse(rest) as unknown;
    if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v;
  } catch {
    // fall through to the error below
  }
  throw new InvalidParameterError(`${instr} ${rest}: expected a JSON array of strings`);
}

/** `K=V K2="v 2"` or the legacy single `K V` form. */
function keyValues(rest: string, instr: string): [string, string][] {
  if (!rest) throw new InvalidParameterError(`${instr} requires at least one argument`);
  if (!/^[^\s=]+=/.test(rest)) {
    const m = /^(\S+)\s+(.*)$/s.exec(rest);
    if (!m) throw new InvalidParameterError(`${instr} ${rest}: expected KEY=VALUE`);
    return [[m[1], m[2]]];
  }
  const out: [string, string][] = [];
  const re = /([^\s=]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g;
  let consumed = "";
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    let v = m[2];
    if (v.startsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, "$1");
    else if (v.startsWith("'")) v = v.slice(1, -1);
    out.push([m[1], v]);
    consumed += m[0];
  }
  if (consumed.replace(/\s/g, "").length !== rest.replace(/\s/g, "").length) {
    throw new InvalidParameterError(`${instr} ${rest}: expected KEY=VALUE pairs`);
  }
  return out;
}

const durationUnits: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

function healthcheck(rest: string) {
  if (/^NONE$/i.test(rest)) return { Test: ["NONE"] };
  const hc: { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number } =
    {};
  let s = rest;
  for (let m = /^--(\w[\w-]*)=(\S+)\s+/.exec(s); m; m = /^--(\w[\w-]*)=(\S+)\s+/.exec(s)) {
    const val = m[2];
    const ns = () => {
      const d = /^(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)$/.exec(val);
      if (!d) throw new InvalidParameterError(`HEALTHCHECK --${m![1]}: invalid duration "${val}"`);
      return Math.round(Number(d[1]) * durationUnits[d[2]]);
    };
    if (m[1] === "interval") hc.Interval = ns();
    else if (m[1] === "timeout") hc.Timeout = ns();
    else if (m[1] === "start-period") hc.StartPeriod = ns();
    else if (m[1] === "retries") hc.Retries = Number(val);
    else throw new InvalidParameterError(`HEALTHCHECK: unknown flag --${m[1]}`);
    s = s.slice(m[0].length);
  }
  const cmd = /^CMD\s+(.*)$/is.exec(s.trim());
  if (!cmd) throw new InvalidParameterError("HEALTHCHECK: expected CMD or NONE");
  hc.Test = cmd[1].startsWith("[") ? ["CMD", ...jsonArray(cmd[1], "HEALTHCHECK")] : ["CMD-SHELL", cmd[1]];
  return hc;
}
