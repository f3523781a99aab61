/**
 * Docker-format seccomp profiles to the runtime spec's linux.seccomp (moby profiles/seccomp),
 * for the capabilities, architecture and kernel of this container and host.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import { InvalidParameterError } from "../../errdefs/errors.ts";
import type { SpecInput } from "../oci-spec.ts";
import type { LinuxSeccomp, LinuxSyscall, SeccompArg, SeccompProfile } from "./spec-types.ts";

// libseccomp's arch names (as profiles' includes/excludes use them) → SCMP_ARCH_*.
const nativeToSeccomp: Record<string, string> = {
  x86: "SCMP_ARCH_X86",
  amd64: "SCMP_ARCH_X86_64",
  arm: "SCMP_ARCH_ARM",
  arm64: "SCMP_ARCH_AARCH64",
  mips64: "SCMP_ARCH_MIPS64",
  mips64n32: "SCMP_ARCH_MIPS64N32",
  mipsel64: "SCMP_ARCH_MIPSEL64",
  mips3l64n32: "SCMP_ARCH_MIPSEL64N32",
  mipsle: "SCMP_ARCH_MIPSEL",
  ppc: "SCMP_ARCH_PPC",
  ppc64: "SCMP_ARCH_PPC64",
  ppc64le: "SCMP_ARCH_PPC64LE",
  riscv64: "SCMP_ARCH_RISCV64",
  s390: "SCMP_ARCH_S390",
  s390x: "SCMP_ARCH_S390X",
  loong64: "SCMP_ARCH_LOONGARCH64",
};

// Node's process.arch → libseccomp's name.
const nodeToNative: Record<string, string> = {
  ia32: "x86",
  x64: "amd64",
  arm: "arm",
  arm64: "arm64",
  mips: "mips",
  mipsel: "mipsle",
  ppc: "ppc",
  ppc64: "ppc64le",
  riscv64: "riscv64",
  s390: "s390",
  s390x: "s390x",
  loong64: "loong64",
};

/** This host's architecture as seccomp profiles name it (amd64, arm64, …). */
export function hostSeccompArch(): string {
  return nodeToNative[process.arch] ?? process.arch;
}

function kernelTriple(release: string): [number, number, number] {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(release);
  if (!m) throw new InvalidParameterError(`Cannot parse kernel version ${JSON.stringify(release)}`);
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

function kernelAtLeast(current: string, wanted: string): boolean {
  const c = kernelTriple(current);
  const w = kernelTriple(wanted);
  for (let i = 0; i < 3; i++) if (c[i] !== w[i]) return c[i] > w[i];
  return true;
}

export interface SeccompContext {
  /** The container's bounding capabilities (CAP_*). */
  capabilities: readonly string[];
  arch: string;
  kernelVersion: string;
}

/**
 * Converts a Docker-format profile into `linux.seccomp` for one host and one container, as
 * moby's setupSeccomp: archMap picks this arch and its sub-arches; a rule is kept when its
 * `includes` (arches, every cap, minKernel) hold and its `excludes` do not.
 */
export function convertSeccompProfile(
  profile: SeccompProfile,
  ctx: SeccompContext,
): LinuxSeccomp | undefined {
  const syscalls = profile.syscalls ?? [];
  if (!profile.defaultAction && syscalls.length === 0) return undefined;
  const archMap = profile.archMap ?? [];
  if ((profile.architectures ?? []).length > 0 && archMap.length > 0) {
    throw new InvalidParameterError(
      "both 'architectures' and 'archMap' are specified in the seccomp profile, use either 'architectures' or 'archMap'",
    );
  }
  const out: LinuxSeccomp = { defaultAction: profile.defaultAction };
  if (profile.defaultErrnoRet !== undefined) out.defaultErrnoRet = profile.defaultErrnoRet;
  const architectures = [...(profile.architectures ?? [])];
  const scmpArch = nativeToSeccomp[ctx.arch];
  const entry = scmpArch === undefined ? undefined : archMap.find((a) => a.architecture === scmpArch);
  if (entry) architectures.push(entry.architecture, ...(entry.subArchitectures ?? []));
  if (architectures.length > 0) out.architectures = architectures;
  if (profile.flags && profile.flags.length > 0) out.flags = [...profile.flags];
  if (profile.listenerPath) out.listenerPath = profile.listenerPath;
  if (profile.listenerMetadata) out.listenerMetadata = profile.listenerMetadata;

  const caps = new Set(ctx.capabilities);
  const kept: LinuxSyscall[] = [];
  for (const call of syscalls) {
    let names = call.names ?? [];
    if (call.name) {
      if (names.length > 0) {
        throw new InvalidParameterError(
          "both 'name' and 'names' are specified in the seccomp profile, use either 'name' or 'names'",
        );
      }
      names = [call.name];
    }
    const ex = call.excludes;
    if (ex) {
      if (ex.arches?.includes(ctx.arch)) continue;
      if (ex.caps?.some((c) => caps.has(c))) continue;
      if (ex.minKernel && kernelAtLeast(ctx.kernelVersion, ex.minKernel)) continue;
    }
    const inc = call.includes;
    if (inc) {
      if (inc.arches && inc.arches.length > 0 && !inc.arches.includes(ctx.arch)) continue;
      if (inc.caps && !inc.caps.every((c) => caps.has(c))) continue;
      if (inc.minKernel && !kernelAtLeast(ctx.kernelVersion, inc.minKernel)) continue;
    }
    const rule: LinuxSyscall = { names: [...names], action: call.action };
    if (call.errnoRet !== undefined) rule.errnoRet = call.errnoRet;
    if (call.args && call.args.length > 0) {
      rule.args = call.args.map((a) => {
        const arg: SeccompArg = { index: a.index, value: a.value, op: a.op };
        if (a.valueTwo) arg.valueTwo = a.valueTwo;
        return arg;
      });
    }
    kept.push(rule);
  }
  if (kept.length > 0) out.syscalls = kept;
  return out;
}

let defaultProfileText: string | undefined;

/** Docker's default seccomp profile (src/runtime/spec/seccomp-default.json); a fresh copy. */
export function loadDefaultSeccompProfile(): SeccompProfile {
  defaultProfileText ??= readFileSync(new URL("./seccomp-default.json", import.meta.url), "utf8");
  return JSON.parse(defaultProfileText) as SeccompProfile;
}

export function parseProfile(json: string): SeccompProfile {
  try {
    const p = JSON.parse(json) as unknown;
    if (typeof p !== "object" || p === null || Array.isArray(p)) throw new Error("not a JSON object");
    return p as SeccompProfile;
  } catch (err) {
    throw new InvalidParameterError(`Decoding seccomp profile failed: ${(err as Error).message}`);
  }
}

/**
 * The container's seccomp filter: none when privileged or unconfined; else the request's
 * profile, Docker's built-in one, or the daemon's.
 */
export function seccompFor(
  input: SpecInput,
  requested: string | undefined,
  privileged: boolean,
  capabilities: readonly string[],
): LinuxSeccomp | undefined {
  if (privileged || requested === "unconfined") return undefined;
  let profile: SeccompProfile | undefined;
  if (requested === "builtin") profile = loadDefaultSeccompProfile();
  else if (requested) profile = parseProfile(requested);
  else profile = input.seccompProfile;
  if (!profile) return undefined;
  return convertSeccompProfile(profile, {
    capabilities,
    arch: input.arch ?? hostSeccompArch(),
    kernelVersion: input.kernelVersion ?? os.release(),
  });
}
