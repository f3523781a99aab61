// The local driver's options (`-o` of `volume create`), as dockerd's volume/local validates
// them: `type`, `device`, `o` go to mount(2) when the volume is first used. berth adds
// `uid`, `gid`, `mode` (moby#45714): the owner and mode of a plain volume's root. They are
// top-level keys, never inside `o`, so they cannot clash with a filesystem's mount options
// (tmpfs has its own `o=uid=…`), and they are refused on a mounted volume, whose root is
// the mounted filesystem's.

import { InvalidParameterError } from "../errdefs/errors.ts";

const MOUNT_KEYS = ["type", "device", "o"] as const;
const ROOT_KEYS = ["uid", "gid", "mode"] as const;

export interface LocalOptions {
  /** What to mount on `_data` when the volume is acquired; absent for a plain directory. */
  mount?: { type: string; device: string; options: string };
  /** The root's owner and mode for a plain directory. */
  root?: { uid?: number; gid?: number; mode?: number };
}

function idOption(key: string, v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 0xfffffffe)
    throw new InvalidParameterError(`invalid option ${key}: ${JSON.stringify(v)}: must be a numeric id`);
  return Number(v);
}

/** Parses and checks a volume's DriverOpts; throws dockerd's "invalid option key" for others. */
export function parseLocalOptions(opts: Record<string, string> | null | undefined): LocalOptions {
  const o = opts ?? {};
  for (const k of Object.keys(o)) {
    if (!(MOUNT_KEYS as readonly string[]).includes(k) && !(ROOT_KEYS as readonly string[]).includes(k))
      throw new InvalidParameterError(`invalid option key: ${JSON.stringify(k)}`);
  }
  const type = o.type ?? "";
  const device = o.device ?? "";
  const options = o.o ?? "";
  const out: LocalOptions = {};
  const bind = options.split(",").includes("bind");
  if (type !== "" || device !== "" || options !== "") {
    if (type === "" && !bind) throw new InvalidParameterError('missing required option: "type"');
    if (bind && device === "") throw new InvalidParameterError('missing required option: "device"');
    if (bind && !device.startsWith("/"))
      throw new InvalidParameterError(
        `invalid option device: ${JSON.stringify(device)}: a bind source must be an absolute path`,
      );
    out.mount = { type: type === "" ? "none" : type, device: device === "" ? type : device, options };
  }
  const root: NonNullable<LocalOptions["root"]> = {};
  if (o.uid !== undefined) root.uid = idOption("uid", o.uid);
  if (o.gid !== undefined) root.gid = idOption("gid", o.gid);
  if (o.mode !== undefined) {
    if (!/^0?[0-7]{1,4}$/.test(o.mode))
      throw new InvalidParameterError(
        `invalid option mode: ${JSON.stringify(o.mode)}: must be an octal mode`,
      );
    root.mode = Number.parseInt(o.mode, 8);
  }
  if (Object.keys(root).length > 0) {
    if (out.mount)
      throw new InvalidParameterError(
        "invalid options: uid, gid and mode apply to a plain volume only; pass them in o= to the mounted filesystem",
      );
    out.root = root;
  }
  return out;
}
