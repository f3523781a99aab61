// A container's mount points from what create received: `HostConfig.Binds` (`-v`),
// `HostConfig.Mounts` (`--mount`) and the image's VOLUMEs, parsed and checked as dockerd's
// linux parser (volume/mounts/linux_parser.go) does, with its error wording. Pure: no I/O
// but the existence check of a `--mount` bind source.

import { existsSync } from "node:fs";
import path from "node:path";
import { InvalidParameterError } from "../errdefs/errors.ts";
import type { HostConfig, Mount } from "../types/host-config.ts";
import { validateVolumeName } from "./volume-name.ts";

const PROPAGATIONS = new Set(["private", "rprivate", "shared", "rshared", "slave", "rslave"]);

/** One mount point of a container, in inspect's `Mounts` shape plus what the start needs. */
export interface MountPointSpec {
  Type: "bind" | "volume" | "tmpfs";
  /** A volume's name; empty for an anonymous volume not made yet. */
  Name: string;
  /** A bind's host path; for a volume, filled when it is acquired. */
  Source: string;
  /** A bind source with its symlinks resolved at create: what every start mounts. */
  Resolved?: string;
  Destination: string;
  Driver: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
  /** `nocopy`: no copy-up of the image's content into a new volume. */
  NoCopy?: boolean;
  /** `volume-subpath`: the part of the volume to mount. */
  Subpath?: string;
  /** tmpfs data options (`size=…`, `mode=…`). */
  TmpfsOptions?: string[];
  /** `-v` creates a missing bind source; `--mount` refuses it. */
  CreateSource?: boolean;
  /** The container `--volumes-from` took it from: its volumes are that container's to remove. */
  From?: string;
  /** `volume-label` / `volume-opt` for a volume made on first use. */
  Labels?: Record<string, string>;
  DriverOpts?: Record<string, string>;
}

/** filepath.Clean: no `.`, `..` or trailing slash. */
function clean(p: string): string {
  const n = path.normalize(p);
  return n.length > 1 && n.endsWith("/") ? n.slice(0, -1) : n;
}

function invalidSpec(raw: string): InvalidParameterError {
  return new InvalidParameterError(`invalid volume specification: '${raw}'`);
}

function checkDestination(raw: string, type: string, dst: string): string {
  if (!path.isAbsolute(dst)) {
    throw new InvalidParameterError(
      `invalid volume specification: '${raw}': invalid mount config for type "${type}": invalid mount path: '${dst}' mount path must be absolute`,
    );
  }
  if (clean(dst) === "/") {
    throw new InvalidParameterError(
      `invalid volume specification: '${raw}': invalid mount config for type "${type}": invalid specification: destination can't be '/'`,
    );
  }
  return clean(dst);
}

/** Docker's mode check: each option known, at most one rw/ro, one propagation, one of z/Z, nocopy. */
function validMode(mode: string): boolean {
  const counts = { rw: 0, label: 0, prop: 0, copy: 0 };
  for (const o of mode.split(",")) {
    if (o === "ro" || o === "rw") counts.rw++;
    else if (o === "z" || o === "Z") counts.label++;
    else if (PROPAGATIONS.has(o)) counts.prop++;
    else if (o === "nocopy" || o === "copy") counts.copy++;
    else return false;
  }
  return Object.values(counts).every((n) => n <= 1);
}

/** Parses one `-v` entry: `/ctr`, `name:/ctr[:mode]` or `/host:/ctr[:mode]`. */
export function parseBind(raw: string): MountPointSpec {
  const parts = raw.split(":");
  let src = "";
  let dst: string;
  let mode = "";
  if (parts.length === 1) dst = parts[0] as string;
  else if (parts.length === 2) {
    if (validMode(parts[1] as string) && !(parts[1] as string).startsWith("/")) {
      [dst, mode] = parts as [string, string];
    } else [src, dst] = parts as [string, string];
  } else if (parts.length === 3) [src, dst, mode] = parts as [string, string, string];
  else throw invalidSpec(raw);
  if (!dst) throw invalidSpec(raw);
  if (mode && !validMode(mode)) throw new InvalidParameterError(`invalid mode: ${mode}`);
  const opts = mode ? mode.split(",") : [];
  const rw = !opts.includes("ro");
  const prop = opts.find((o) => PROPAGATIONS.has(o));
  const isBind = src.startsWith("/");
  const type = isBind ? "bind" : "volume";
  const destination = checkDestination(raw, type, dst);
  if (!isBind && src) validateVolumeName(src);
  return {
    Type: type,
    Name: isBind ? "" : src,
    Source: isBind ? clean(src) : "",
    Destination: destination,
    Driver: isBind ? "" : "local",
    Mode: mode,
    RW: rw,
    Propagation: isBind ? (prop ?? "rprivate") : "",
    ...(opts.includes("nocopy") ? { NoCopy: true } : {}),
    ...(isBind ? { CreateSource: true } : {}),
  };
}

/** Parses one `--mount` entry (`HostConfig.Mounts`), with dockerd's messages. */
export function parseMount(m: Mount): MountPointSpec {
  const type = m.Type ?? "";
  const bad = (why: string) => new InvalidParameterError(`invalid mount config for type "${type}": ${why}`);
  if (type !== "bind" && type !== "volume" && type !== "tmpfs") {
    throw new InvalidParameterError(`mount type unknown: "${type}"`);
  }
  const target = m.Target ?? "";
  if (!target) throw bad("field Target must not be empty");
  if (!path.isAbsolute(target)) throw bad(`invalid mount path: '${target}' mount path must be absolute`);
  const destination = clean(target);
  if (type !== "bind" && m.BindOptions) throw bad(`field BindOptions must not be specified`);
  if (type !== "volume" && m.VolumeOptions) throw bad(`field VolumeOptions must not be specified`);
  if (type !== "tmpfs" && m.TmpfsOptions) throw bad(`field TmpfsOptions must not be specified`);
  const rw = m.ReadOnly !== true;
  if (type === "bind") {
    const src = m.Source ?? "";
    if (!src) throw bad("field Source must not be empty");
    if (!path.isAbsolute(src)) throw bad(`invalid mount path: '${src}' mount path must be absolute`);
    // Apply or refuse: berth always binds recursively (rbind), read-only as the kernel makes it.
    for (const opt of [
      "NonRecursive",
      "ReadOnlyNonRecursive",
      "ReadOnlyForceRecursive",
      "CreateMountpoint",
    ] as const) {
      if (m.BindOptions?.[opt]) throw bad(`BindOptions.${opt} is not supported by berth yet`);
    }
    if (!existsSync(src)) throw bad(`bind source path does not exist: ${src}`);
    const prop = m.BindOptions?.Propagation ?? "rprivate";
    return {
      Type: "bind",
      Name: "",
      Source: clean(src),
      Destination: destination,
      Driver: "",
      Mode: "",
      RW: rw,
      Propagation: prop,
    };
  }
  if (type === "tmpfs") {
    if (m.Source) throw bad("field Source must not be specified");
    const data: string[] = [];
    const t = m.TmpfsOptions;
    if (t?.SizeBytes !== undefined && t.SizeBytes > 0) data.push(`size=${t.SizeBytes}`);
    if (t?.Mode !== undefined && t.Mode > 0) data.push(`mode=${(t.Mode & 0o7777).toString(8)}`);
    return {
      Type: "tmpfs",
      Name: "",
      Source: "",
      Destination: destination,
      Driver: "",
      Mode: "",
      RW: rw,
      Propagation: "",
      TmpfsOptions: data,
    };
  }
  const vo = m.VolumeOptions ?? {};
  const driver = vo.DriverConfig?.Name || "local";
  if (driver !== "local") {
    throw new InvalidParameterError(
      `error looking up volume plugin ${driver}: plugin "${driver}" not found (berth has only the local driver)`,
    );
  }
  if (m.Source) validateVolumeName(m.Source);
  const subpath = (vo as { Subpath?: string }).Subpath;
  if (subpath && (path.isAbsolute(subpath) || clean(subpath).startsWith(".."))) {
    throw bad(`subpath must be a relative path within the volume: ${subpath}`);
  }
  return {
    Type: "volume",
    Name: m.Source ?? "",
    Source: "",
    Destination: destination,
    Driver: "local",
    Mode: "z",
    RW: rw,
    Propagation: "",
    ...(vo.NoCopy ? { NoCopy: true } : {}),
    ...(subpath ? { Subpath: clean(subpath) } : {}),
    ...(vo.Labels ? { Labels: vo.Labels } : {}),
    ...(vo.DriverConfig?.Options ? { DriverOpts: vo.DriverConfig.Options } : {}),
  };
}

/**
 * Every mount point of a container: `--mount`s, then `-v`s, then an anonymous volume for
 * each image VOLUME no mount covers. Two mounts on one destination are refused, as dockerd.
 */
export function mountPointsOf(
  hc: Pick<HostConfig, "Binds" | "Mounts">,
  volumes: Record<string, unknown> | null | undefined,
): MountPointSpec[] {
  const out: MountPointSpec[] = [];
  const seen = new Set<string>();
  const add = (m: MountPointSpec) => {
    if (seen.has(m.Destination)) throw new InvalidParameterError(`Duplicate mount point: ${m.Destination}`);
    seen.add(m.Destination);
    out.push(m);
  };
  for (const m of hc.Mounts ?? []) add(parseMount(m));
  for (const b of hc.Binds ?? []) add(parseBind(b));
  for (const v of Object.keys(volumes ?? {})) {
    const dst = clean(v);
    if (seen.has(dst)) continue;
    add({ ...parseBind(v), Destination: dst });
  }
  return out;
}

/** Parses one `--volumes-from` entry, `container[:ro|rw]`, as dockerd. */
export function parseVolumesFrom(raw: string): { container: string; mode: "" | "ro" | "rw" } {
  const [container = "", mode = "", ...rest] = raw.split(":");
  if (!container || rest.length) throw new InvalidParameterError(`invalid volume specification: '${raw}'`);
  if (mode !== "" && mode !== "ro" && mode !== "rw") {
    throw new InvalidParameterError(`invalid mode for volumes-from: ${mode}`);
  }
  return { container, mode };
}
