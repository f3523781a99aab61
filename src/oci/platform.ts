import { InvalidParameterError } from "../errdefs/errors.ts";
import type { Descriptor } from "./oci-types.ts";

export interface PlatformSpec {
  os: string;
  architecture: string;
  variant?: string;
}

/** containerd/platforms' normalisation: `aarch64` is arm64 (v8), `x86_64` amd64, `armhf` arm/v7. */
export function normalizePlatform(p: PlatformSpec): PlatformSpec {
  const os = p.os.toLowerCase();
  let arch = p.architecture.toLowerCase();
  let variant = p.variant?.toLowerCase() || undefined;
  switch (arch) {
    case "x86_64":
    case "x86-64":
      arch = "amd64";
      if (variant === "v1") variant = undefined;
      break;
    case "i386":
    case "i686":
      arch = "386";
      break;
    case "aarch64":
    case "arm64":
      arch = "arm64";
      if (variant === "8" || variant === "v8" || variant === undefined) variant = "v8";
      break;
    case "armhf":
      arch = "arm";
      variant = "v7";
      break;
    case "armel":
      arch = "arm";
      variant = "v6";
      break;
    case "arm":
      if (!variant || variant === "7") variant = "v7";
      else if (/^\d$/.test(variant)) variant = `v${variant}`;
      break;
    case "amd64":
      if (variant === "v1") variant = undefined;
      break;
  }
  return { os, architecture: arch, ...(variant ? { variant } : {}) };
}

/** `--platform` as docker takes it: `os[/arch[/variant]]`, or a bare arch. */
export function parsePlatform(s: string): PlatformSpec {
  const parts = s.trim().split("/");
  if (parts.some((p) => p === "") || parts.length > 3) {
    throw new InvalidParameterError(`"${s}": unknown operating system or architecture: invalid argument`);
  }
  if (parts.length === 1) {
    // A bare "linux" is an OS; anything else is an architecture on the host's OS.
    return parts[0] === "linux"
      ? { ...hostPlatform(), os: "linux" }
      : normalizePlatform({ os: "linux", architecture: parts[0] });
  }
  return normalizePlatform({ os: parts[0], architecture: parts[1], variant: parts[2] });
}

/** This host's architecture as Go and the OCI specs name it (amd64, arm64, 386, …). */
export function goArch(): string {
  const arch: Record<string, string> = { x64: "amd64", ia32: "386", ppc64: "ppc64le" };
  return arch[process.arch] ?? process.arch;
}

export function hostPlatform(): PlatformSpec {
  const variant =
    process.arch === "arm"
      ? `v${(process.config.variables as { arm_version?: string }).arm_version ?? "7"}`
      : undefined;
  return normalizePlatform({ os: "linux", architecture: goArch(), variant });
}

export function platformString(p: PlatformSpec): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join("/");
}

function isAttestation(d: Descriptor): boolean {
  return (
    (d.platform?.os === "unknown" && d.platform.architecture === "unknown") ||
    d.annotations?.["vnd.docker.reference.type"] === "attestation-manifest"
  );
}

/**
 * Picks the manifest for a platform out of an index, as moby with platforms.Only: same OS
 * and architecture, the variant equal (or, for arm, an older one the CPU also runs);
 * attestation manifests (`unknown/unknown`) are never chosen.
 */
export function selectManifest(manifests: Descriptor[], want: PlatformSpec): Descriptor | undefined {
  const w = normalizePlatform(want);
  let best: { d: Descriptor; score: number } | undefined;
  for (const d of manifests) {
    if (isAttestation(d)) continue;
    let score: number;
    if (!d.platform) {
      score = 1;
    } else {
      const p = normalizePlatform(d.platform);
      if (p.os !== w.os || p.architecture !== w.architecture) continue;
      if (p.variant === w.variant) score = 100;
      else if (!w.variant || !p.variant) score = 50;
      else if (p.architecture === "arm" && Number(p.variant.slice(1)) < Number(w.variant.slice(1)))
        score = 10 + Number(p.variant.slice(1));
      else continue;
    }
    if (!best || score > best.score) best = { d, score };
  }
  return best?.d;
}
