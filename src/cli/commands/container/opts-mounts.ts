/** `-v`/`--volume` (compose's loader.ParseVolume) and `--mount` (opts.MountOpt) values. */
import path from "node:path";
import { ramInBytes } from "../../../format/units.ts";
import { errMsg, fail } from "./opts-common.ts";

export interface VolumeSpec {
  type: "bind" | "volume";
  source: string;
  target: string;
  readOnly: boolean;
}

const propagations = new Set(["private", "rprivate", "shared", "rshared", "slave", "rslave"]);

/** compose loader.ParseVolume: "[source:]target[:options]", Windows drive letters kept whole. */
export function parseVolumeSpec(spec: string): VolumeSpec {
  const vol: VolumeSpec = { type: "volume", source: "", target: "", readOnly: false };
  if (spec.length === 0) fail("invalid empty volume spec");
  if (spec.length <= 2) {
    vol.target = spec;
    return vol;
  }
  const chars = [...spec, "\0"];
  let buffer: string[] = [];
  const populate = (ch: string) => {
    const s = buffer.join("");
    if (buffer.length === 0) throw new Error("empty section between colons");
    if (vol.source === "" && ch === "\0") {
      vol.target = s;
      return;
    }
    if (vol.source === "") {
      vol.source = s;
      return;
    }
    if (vol.target === "") {
      vol.target = s;
      return;
    }
    if (ch === ":") throw new Error("too many colons");
    for (const option of s.split(",")) {
      if (option === "ro") vol.readOnly = true;
      else if (option === "rw") vol.readOnly = false;
      else if (propagations.has(option)) {
        // propagation is kept in the bind string; nothing to record
      }
    }
  };
  for (const ch of chars) {
    if (ch === ":" && buffer.length === 1 && /\p{L}/u.test(buffer[0])) {
      buffer.push(ch);
    } else if (ch === ":" || ch === "\0") {
      try {
        populate(ch);
      } catch (err) {
        fail(`invalid spec: ${spec}: ${errMsg(err)}`);
      }
      buffer = [];
    } else buffer.push(ch);
  }
  if (vol.source !== "") {
    const c = vol.source[0];
    const isPath =
      c === "." ||
      c === "/" ||
      c === "~" ||
      ([...vol.source].length > 1 && (vol.source.startsWith("\\\\") || /^\p{L}:/u.test(vol.source)));
    vol.type = isPath ? "bind" : "volume";
  }
  return vol;
}

/** Go encoding/csv's reading of one record, as --mount's value is read. */
export function readCsvRecord(value: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = "";
    if (value[i] === '"') {
      i++;
      for (;;) {
        if (i >= value.length)
          fail(`parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
        if (value[i] === '"') {
          if (value[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += value[i++];
      }
      if (i < value.length && value[i] !== ",") {
        fail(`parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
      }
    } else {
      const end = value.indexOf(",", i);
      field = value.slice(i, end < 0 ? value.length : end);
      if (field.includes('"'))
        fail(`parse error on line 1, column ${i + field.indexOf('"') + 1}: bare " in non-quoted-field`);
      i = end < 0 ? value.length : end;
    }
    fields.push(field);
    if (i >= value.length) return fields;
    i++; // the comma
  }
}

function parseBool(s: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(s)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(s)) return false;
  return undefined;
}

/** opts.MountOpt.Set: a --mount value to a mount.Mount (fields in Go's order, omitempty). */
export function parseMountSpec(value: string, cwd = process.cwd()): Record<string, unknown> {
  const fields = readCsvRecord(value);
  let type = "volume";
  let source = "";
  let target = "";
  let readOnly = false;
  let consistency = "";
  let bind: Record<string, unknown> | undefined;
  let volume:
    | {
        NoCopy?: boolean;
        Labels: Record<string, string>;
        Subpath?: string;
        DriverConfig: Record<string, unknown>;
      }
    | undefined;
  let image: Record<string, unknown> | undefined;
  let tmpfs: Record<string, unknown> | undefined;
  const volumeOptions = () => {
    volume ??= { Labels: {}, DriverConfig: {} };
    return volume;
  };
  const bindOptions = () => {
    bind ??= {};
    return bind;
  };
  const tmpfsOptions = () => {
    tmpfs ??= {};
    return tmpfs;
  };
  const setOnMap = (target: Record<string, string>, v: string) => {
    const eq = v.indexOf("=");
    const k = eq >= 0 ? v.slice(0, eq) : v;
    if (k !== "") target[k] = eq >= 0 ? v.slice(eq + 1) : "";
  };
  const boolOf = (key: string, val: string, msg = `invalid value for ${key}: ${val}`) => {
    const b = parseBool(val);
    if (b === undefined) fail(msg);
    return b as boolean;
  };
  for (const field of fields) {
    const eq = field.indexOf("=");
    const key = (eq >= 0 ? field.slice(0, eq) : field).toLowerCase();
    const val = eq >= 0 ? field.slice(eq + 1) : "";
    if (eq < 0) {
      if (key === "readonly" || key === "ro") readOnly = true;
      else if (key === "volume-nocopy") volumeOptions().NoCopy = true;
      else if (key === "bind-nonrecursive") bindOptions().NonRecursive = true;
      else fail(`invalid field '${field}' must be a key=value pair`);
      continue;
    }
    switch (key) {
      case "type":
        type = val.toLowerCase();
        break;
      case "source":
      case "src":
        source = val.startsWith("./") || val === "." ? path.resolve(cwd, val) : val;
        break;
      case "target":
      case "dst":
      case "destination":
        target = val;
        break;
      case "readonly":
      case "ro":
        readOnly = boolOf(key, val);
        break;
      case "consistency":
        consistency = val.toLowerCase();
        break;
      case "bind-propagation":
        bindOptions().Propagation = val.toLowerCase();
        break;
      case "bind-nonrecursive":
        bindOptions().NonRecursive = boolOf(key, val);
        break;
      case "bind-create-mountpoint":
        bindOptions().CreateMountpoint = boolOf(key, val);
        break;
      case "bind-recursive":
        if (val === "disabled") bindOptions().NonRecursive = true;
        else if (val === "writable") bindOptions().ReadOnlyNonRecursive = true;
        else if (val === "readonly") bindOptions().ReadOnlyForceRecursive = true;
        else if (val !== "enabled") {
          fail(`invalid value for ${key}: ${val} (must be "enabled", "disabled", "writable", or "readonly")`);
        }
        break;
      case "volume-subpath":
        volumeOptions().Subpath = val;
        break;
      case "volume-nocopy":
        volumeOptions().NoCopy = boolOf(key, val, `invalid value for volume-nocopy: ${val}`);
        break;
      case "volume-label":
        setOnMap(volumeOptions().Labels, val);
        break;
      case "volume-driver":
        volumeOptions().DriverConfig.Name = val;
        break;
      case "volume-opt": {
        const dc = volumeOptions().DriverConfig;
        dc.Options ??= {};
        setOnMap(dc.Options as Record<string, string>, val);
        break;
      }
      case "image-subpath":
        image ??= {};
        image.Subpath = val;
        break;
      case "tmpfs-size":
        try {
          tmpfsOptions().SizeBytes = ramInBytes(val);
        } catch {
          fail(`invalid value for ${key}: ${val}`);
        }
        break;
      case "tmpfs-mode":
        if (!/^[0-7]+$/.test(val) || Number.parseInt(val, 8) > 0xffffffff)
          fail(`invalid value for ${key}: ${val}`);
        tmpfsOptions().Mode = Number.parseInt(val, 8);
        break;
      default:
        fail(`unexpected key '${key}' in '${field}'`);
    }
  }
  if (type === "") fail("type is required");
  if (target === "") fail("target is required");
  if (volume && type !== "volume") fail(`cannot mix 'volume-*' options with mount type '${type}'`);
  if (image && type !== "image") fail(`cannot mix 'image-*' options with mount type '${type}'`);
  if (bind && type !== "bind") fail(`cannot mix 'bind-*' options with mount type '${type}'`);
  if (tmpfs && type !== "tmpfs") fail(`cannot mix 'tmpfs-*' options with mount type '${type}'`);
  if (bind?.ReadOnlyNonRecursive && !readOnly) {
    fail("option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction");
  }
  if (bind?.ReadOnlyForceRecursive) {
    if (!readOnly)
      fail("option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction");
    if (bind.Propagation !== "rprivate") {
      fail(
        "option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction",
      );
    }
  }
  const m: Record<string, unknown> = { Type: type };
  if (source) m.Source = source;
  m.Target = target;
  if (readOnly) m.ReadOnly = true;
  if (consistency) m.Consistency = consistency;
  if (bind)
    m.BindOptions = orderKeys(bind, [
      "Propagation",
      "NonRecursive",
      "CreateMountpoint",
      "ReadOnlyNonRecursive",
      "ReadOnlyForceRecursive",
    ]);
  if (volume) {
    const v: Record<string, unknown> = {};
    if (volume.NoCopy) v.NoCopy = true;
    if (Object.keys(volume.Labels).length) v.Labels = volume.Labels;
    if (volume.Subpath) v.Subpath = volume.Subpath;
    v.DriverConfig = orderKeys(volume.DriverConfig, ["Name", "Options"]);
    m.VolumeOptions = v;
  }
  if (image) m.ImageOptions = image;
  if (tmpfs) m.TmpfsOptions = orderKeys(tmpfs, ["SizeBytes", "Mode", "Options"]);
  return m;
}

/** The keys in Go's field order, leaving out the zero values omitempty drops. */
function orderKeys(o: Record<string, unknown>, order: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) {
    const v = o[k];
    if (v === undefined || v === "" || v === false || v === 0) continue;
    out[k] = v;
  }
  return out;
}
