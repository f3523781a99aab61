// Ports of docker/go-units (size.go, duration.go) and of the ID and time helpers the docker CLI
// prints with, so sizes, ages and IDs read exactly as docker's.

import { InvalidParameterError } from "../errdefs/errors.ts";
import { sprintf } from "./go-fmt.ts";

const decimalAbbrs = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
const binaryAbbrs = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];

function sizeAndUnit(size: number, base: number, abbrs: readonly string[]): [number, string] {
  let i = 0;
  while (size >= base && i < abbrs.length - 1) {
    size /= base;
    i++;
  }
  return [size, abbrs[i]];
}

/** go-units HumanSizeWithPrecision: decimal units, `precision` significant digits ("%.*g"). */
export function humanSizeWithPrecision(size: number, precision: number): string {
  const [n, unit] = sizeAndUnit(size, 1000, decimalAbbrs);
  return sprintf("%.*g%s", precision, n, unit);
}

/** A size as the docker CLI prints image and disk sizes: HumanSizeWithPrecision(size, 3), e.g. "4.26MB". */
export function humanSize(bytes: number): string {
  return humanSizeWithPrecision(bytes, 3);
}

/** go-units BytesSize: binary units to 4 significant digits, e.g. "7.775GiB". */
export function bytesSize(bytes: number): string {
  const [n, unit] = sizeAndUnit(bytes, 1024, binaryAbbrs);
  return sprintf("%.4g%s", n, unit);
}

/** go-units HumanDuration: "Less than a second", "About a minute", "3 hours", "2 weeks", … */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return "Less than a second";
  if (seconds === 1) return "1 second";
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes === 1) return "About a minute";
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.trunc(ms / 3_600_000 + 0.5);
  if (hours === 1) return "About an hour";
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(Math.trunc(hours / 24) / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(Math.trunc(hours / 24) / 30)} months`;
  return `${Math.trunc(Math.trunc(Math.trunc(ms / 3_600_000) / 24) / 365)} years`;
}

/** How long ago `date` was, as docker prints CreatedSince: "3 hours ago". */
export function timeAgo(date: Date | number, now: Date | number = Date.now()): string {
  return `${humanDuration(Number(now) - Number(date))} ago`;
}

/** An ID as docker shows it (stringid.TruncateID): without its algorithm prefix, 12 characters. */
export function shortId(id: string): string {
  const colon = id.indexOf(":");
  const hex = colon >= 0 ? id.slice(colon + 1) : id;
  return hex.slice(0, 12);
}

const decimalMap: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15 };
const binaryMap: Record<string, number> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 };

/** go-units parseSize: a number, an optional space, then b, k, kb, kib (any case) and so on. */
function parseSize(sizeStr: string, unitMap: Record<string, number>): number {
  const invalidSize = () => new InvalidParameterError(`invalid size: '${sizeStr}'`);
  let sep = -1;
  for (let i = sizeStr.length - 1; i >= 0; i--) {
    if ("0123456789. ".includes(sizeStr[i])) {
      sep = i;
      break;
    }
  }
  if (sep === -1) throw invalidSize();
  const num = sizeStr[sep] === " " ? sizeStr.slice(0, sep) : sizeStr.slice(0, sep + 1);
  let sfx = sizeStr.slice(sep + 1);

  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(num)) {
    throw new InvalidParameterError(`strconv.ParseFloat: parsing "${num}": invalid syntax`);
  }
  let size = Number(num);
  if (!Number.isFinite(size)) {
    throw new InvalidParameterError(`strconv.ParseFloat: parsing "${num}": value out of range`);
  }
  if (size < 0) throw invalidSize();
  if (sfx === "") return Math.trunc(size);

  const badSuffix = () => new InvalidParameterError(`invalid suffix: '${sfx}'`);
  if (sfx.length > 3) throw badSuffix();
  sfx = sfx.toLowerCase();
  if (sfx[0] === "b") {
    if (sfx.length > 1) throw badSuffix();
    return Math.trunc(size);
  }
  const mul = Object.hasOwn(unitMap, sfx[0]) ? unitMap[sfx[0]] : undefined;
  if (mul === undefined) throw badSuffix();
  size *= mul;
  if ((sfx.length === 2 && sfx[1] !== "b") || (sfx.length === 3 && sfx.slice(1) !== "ib")) throw badSuffix();
  return Math.trunc(size);
}

/** go-units FromHumanSize: decimal units ("44kB" = 44000, "17MB"). */
export function parseBytes(size: string): number {
  return parseSize(size, decimalMap);
}

/** go-units RAMInBytes: binary units, as --memory and --shm-size take them ("512m" = 536870912). */
export function ramInBytes(size: string): number {
  return parseSize(size, binaryMap);
}
