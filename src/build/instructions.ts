// The instructions that change only the image config (no layer): each a pure function of
// the config, the stage's variables and the instruction, as moby's dispatchers.go applies
// them. Which of them expand variables follows Docker's list (ENV, LABEL, EXPOSE, VOLUME,
// USER, WORKDIR, STOPSIGNAL, ARG; never CMD, ENTRYPOINT, HEALTHCHECK, SHELL, ONBUILD).

import path from "node:path";
import { InvalidParameterError } from "../errdefs/errors.ts";
import { applyChanges } from "../image/config-changes.ts";
import { DEFAULT_PATH_ENV } from "../runtime/command.ts";
import type { ContainerConfig } from "../types/container-config.ts";
import type { Instruction } from "./dockerfile.ts";
import { parseKeyValues, processWord, processWords, type Vars } from "./shell-lex.ts";

export const DEFAULT_SHELL = ["/bin/sh", "-c"];

/**
 * A stage's config as it begins, with Linux's default PATH added when the base has none
 * (moby's dispatchState.setDefaultPath): every image the stage makes carries it, as dockerd's.
 */
export function withDefaultPath(cfg: ContainerConfig | null | undefined): ContainerConfig {
  const env = cfg?.Env ?? [];
  if (env.some((e) => e.split("=")[0] === "PATH")) return { ...cfg };
  return { ...cfg, Env: [...env, `PATH=${DEFAULT_PATH_ENV}`] };
}

/** The command of RUN, CMD and ENTRYPOINT: the JSON form as is, else the shell form through SHELL. */
export function commandOf(ins: Instruction, shell: string[]): string[] {
  if (ins.json) return ins.json;
  return [...shell, ins.args];
}

function lineError(ins: Instruction, msg: string): InvalidParameterError {
  return new InvalidParameterError(`Dockerfile line ${ins.line}: ${ins.keyword}: ${msg}`);
}

export function setEnv(env: string[] | null | undefined, key: string, value: string): string[] {
  return [...(env ?? []).filter((e) => e.split("=")[0] !== key), `${key}=${value}`];
}

/**
 * Applies a metadata instruction to `cfg` (a copy is returned). `shell` is the stage's SHELL
 * for CMD/ENTRYPOINT's shell form; returns the new shell for SHELL.
 */
export function applyMetadata(
  cfg: ContainerConfig,
  ins: Instruction,
  vars: Vars,
  esc: string,
  shell: string[],
): { config: ContainerConfig; shell: string[] } {
  const out: ContainerConfig = structuredClone(cfg);
  const word = (s: string) => processWord(s, vars, esc);
  switch (ins.keyword) {
    case "ENV":
      for (const [k, v] of parseKeyValues(ins.args, vars, esc, "ENV")) out.Env = setEnv(out.Env, k, v);
      break;
    case "LABEL":
      for (const [k, v] of parseKeyValues(ins.args, vars, esc, "LABEL"))
        out.Labels = { ...out.Labels, [k]: v };
      break;
    case "MAINTAINER":
      // Kept in the image's `author`, by the caller.
      break;
    case "EXPOSE": {
      const ports = processWords(ins.args, vars, esc);
      if (ports.length === 0) throw lineError(ins, "EXPOSE requires at least one argument");
      return { config: applyChanges(out, [`EXPOSE ${ports.join(" ")}`]), shell };
    }
    case "VOLUME": {
      const vols = ins.json ?? processWords(ins.args, vars, esc);
      if (vols.length === 0) throw lineError(ins, "VOLUME requires at least one argument");
      for (const v of vols) {
        if (v.trim() === "") throw lineError(ins, "VOLUME specified can not be an empty string");
        out.Volumes = { ...out.Volumes, [word(v)]: {} };
      }
      break;
    }
    case "USER":
      out.User = word(ins.args);
      if (!out.User) throw lineError(ins, "USER requires exactly one argument");
      break;
    case "WORKDIR": {
      const dir = word(ins.args);
      if (!dir) throw lineError(ins, "WORKDIR requires exactly one argument");
      out.WorkingDir = path.posix.resolve(out.WorkingDir || "/", dir);
      break;
    }
    case "STOPSIGNAL":
      out.StopSignal = word(ins.args);
      if (!/^(SIG)?[A-Z0-9+-]+$/i.test(out.StopSignal))
        throw lineError(ins, `Invalid signal: ${out.StopSignal}`);
      break;
    case "CMD":
      out.Cmd = commandOf(ins, shell);
      if (!ins.json) out.ArgsEscaped = true;
      break;
    case "ENTRYPOINT":
      out.Entrypoint = ins.args === "" ? null : commandOf(ins, shell);
      // Docker: ENTRYPOINT resets a CMD inherited from the base image.
      out.Cmd = null;
      if (!ins.json) out.ArgsEscaped = true;
      break;
    case "HEALTHCHECK": {
      const flags = ins.flags.map(([n, v]) => `--${n}=${v ?? ""} `).join("");
      try {
        return { config: applyChanges(out, [`HEALTHCHECK ${flags}${ins.args}`]), shell };
      } catch (err) {
        throw lineError(ins, (err as Error).message);
      }
    }
    case "ONBUILD": {
      const inner = ins.args.trim().split(/\s+/)[0]?.toUpperCase() ?? "";
      if (inner === "ONBUILD") throw lineError(ins, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
      if (inner === "FROM" || inner === "MAINTAINER")
        throw lineError(ins, `${inner} isn't allowed as an ONBUILD trigger`);
      out.OnBuild = [...(out.OnBuild ?? []), ins.args.trim()];
      break;
    }
    case "SHELL":
      if (!ins.json || ins.json.length === 0)
        throw lineError(ins, "SHELL requires the arguments to be in JSON form");
      out.Shell = ins.json;
      return { config: out, shell: ins.json };
    default:
      throw lineError(ins, "not a metadata instruction");
  }
  return { config: out, shell };
}
