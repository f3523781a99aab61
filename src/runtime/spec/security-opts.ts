/** HostConfig.SecurityOpt as moby reads it (no-new-privileges, seccomp=, writable-cgroups). */
import { InvalidParameterError } from "../../errdefs/errors.ts";

interface SecurityOptions {
  noNewPrivileges?: boolean;
  /** "unconfined", "builtin", or a profile's JSON. */
  seccomp?: string;
  writableCgroups?: boolean;
}

// Go's strconv.ParseBool.
function parseBool(v: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(v)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(v)) return false;
  return undefined;
}

/** Parses HostConfig.SecurityOpt with moby's rules and error texts (parseSecurityOpt). */
export function parseSecurityOpts(opts: readonly string[]): SecurityOptions {
  const out: SecurityOptions = {};
  for (const opt of opts) {
    if (opt === "no-new-privileges") {
      out.noNewPrivileges = true;
      continue;
    }
    if (opt === "disable") continue;
    const sep = opt.includes("=") ? "=" : opt.includes(":") ? ":" : undefined;
    if (sep === undefined)
      throw new InvalidParameterError(`invalid --security-opt 1: ${JSON.stringify(opt)}`);
    const at = opt.indexOf(sep);
    const key = opt.slice(0, at);
    const value = opt.slice(at + 1);
    switch (key) {
      case "label":
      case "apparmor":
        // berth runs no LSM profiles of its own; accepted so that Docker's requests work.
        break;
      case "seccomp":
        out.seccomp = value;
        break;
      case "no-new-privileges":
      case "writable-cgroups": {
        const b = parseBool(value);
        if (b === undefined)
          throw new InvalidParameterError(`invalid --security-opt 2: ${JSON.stringify(opt)}`);
        if (key === "no-new-privileges") out.noNewPrivileges = b;
        else out.writableCgroups = b;
        break;
      }
      default:
        throw new InvalidParameterError(`invalid --security-opt 2: ${JSON.stringify(opt)}`);
    }
  }
  return out;
}
