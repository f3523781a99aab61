// An index of a tar file on disk: every entry's header and where its data lies, sparse
// files included. `docker cp` uploads are spooled, then checked whole before anything is
// written, then extracted: both passes read this index instead of re-parsing the stream.
// Hand-written because tar-stream (and node-tar) do not read sparse entries: a GNU `S`
// header's extension blocks are taken as data, and the PAX GNU.sparse formats come out as
// their packed data under a made-up name. This reads what Go's archive/tar reads: ustar,
// GNU long names, PAX records, and the GNU sparse formats old GNU, PAX 0.0, 0.1 and 1.0.

import type { FileHandle } from "node:fs/promises";

const BLOCK = 512;

export type EntryType =
  | "file"
  | "directory"
  | "symlink"
  | "link"
  | "fifo"
  | "character-device"
  | "block-device"
  | "other";

/** A run of data in a sparse file: `length` bytes at `offset` of the file; the rest are holes. */
export interface SparseSegment {
  offset: number;
  length: number;
}

export interface IndexedEntry {
  name: string;
  linkname: string;
  type: EntryType;
  mode: number;
  uid: number;
  gid: number;
  mtime: Date;
  /** The file's size once extracted (a sparse file's real size). */
  size: number;
  devmajor: number;
  devminor: number;
  /** Where the entry's stored data starts in the tar file, and how many bytes it has. */
  dataOffset: number;
  dataSize: number;
  /** For a sparse file, its data segments, stored one after the other at `dataOffset`. */
  sparse?: SparseSegment[];
}

/** The archive is not a readable tar; the message says why, without any path of the host. */
export class TarFormatError extends Error {}

const TYPES: Record<string, EntryType> = {
  "0": "file",
  "\0": "file",
  "7": "file",
  "1": "link",
  "2": "symlink",
  "3": "character-device",
  "4": "block-device",
  "5": "directory",
  "6": "fifo",
};

function cstring(buf: Buffer, start: number, length: number): string {
  const field = buf.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString("utf8");
}

/** A numeric header field: octal text, or GNU's base-256 when its first byte has the high bit. */
function numeric(buf: Buffer, start: number, length: number, what: string): number {
  const field = buf.subarray(start, start + length);
  if (field[0] !== undefined && field[0] & 0x80) {
    if (field[0] === 0xff) throw new TarFormatError(`negative ${what} in a tar header`);
    let v = BigInt(field[0] & 0x7f);
    for (let i = 1; i < field.length; i++) v = (v << 8n) | BigInt(field[i] ?? 0);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new TarFormatError(`${what} out of range in a tar header`);
    return Number(v);
  }
  const text = cstring(field, 0, field.length).trim();
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text))
    throw new TarFormatError(`invalid ${what} ${JSON.stringify(text)} in a tar header`);
  return Number.parseInt(text, 8);
}

function checksumOk(block: Buffer): boolean {
  const stored = numeric(block, 148, 8, "checksum");
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

/** PAX records in order (GNU.sparse 0.0 repeats its offset/numbytes keys). */
function parsePax(data: Buffer): [string, string][] {
  const out: [string, string][] = [];
  let pos = 0;
  while (pos < data.length) {
    if (data[pos] === 0) break;
    const space = data.indexOf(0x20, pos);
    const len = Number(data.subarray(pos, space).toString("ascii"));
    if (space === -1 || !Number.isSafeInteger(len) || len <= space - pos || pos + len > data.length) {
      throw new TarFormatError("invalid PAX record in a tar header");
    }
    const record = data.subarray(space + 1, pos + len - 1).toString("utf8");
    const eq = record.indexOf("=");
    if (eq === -1 || data[pos + len - 1] !== 0x0a)
      throw new TarFormatError("invalid PAX record in a tar header");
    out.push([record.slice(0, eq), record.slice(eq + 1)]);
    pos += len;
  }
  return out;
}

function paxNumber(value: string, key: string): number {
  if (!/^\d+$/.test(value)) throw new TarFormatError(`invalid PAX ${key} ${JSON.stringify(value)}`);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new TarFormatError(`PAX ${key} out of range`);
  return n;
}

function pairs(nums: number[], what: string): SparseSegment[] {
  if (nums.length % 2 !== 0) throw new TarFormatError(`invalid ${what}: odd number of values`);
  const out: SparseSegment[] = [];
  for (let i = 0; i < nums.length; i += 2) out.push({ offset: nums[i] ?? 0, length: nums[i + 1] ?? 0 });
  return out;
}

/** As Go's validateSparseEntries: in order, not overlapping, inside the file. */
function checkSparse(map: SparseSegment[], realSize: number, dataSize: number, name: string): void {
  let end = 0;
  let stored = 0;
  for (const s of map) {
    if (s.offset < end || s.offset + s.length > realSize) {
      throw new TarFormatError(`invalid sparse map of ${name}: segments overlap or pass the file's size`);
    }
    end = s.offset + s.length;
    stored += s.length;
  }
  if (stored !== dataSize) {
    throw new TarFormatError(
      `invalid sparse map of ${name}: it maps ${stored} bytes, the archive holds ${dataSize}`,
    );
  }
}

async function readAt(fh: FileHandle, pos: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, pos + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === length ? buf : buf.subarray(0, got);
}

/** Positional reads through a 1 MiB window: an archive of many small files is read in few calls. */
function windowedReader(fh: FileHandle): (pos: number, length: number) => Promise<Buffer> {
  const WINDOW = 1 << 20;
  let start = 0;
  let window: Buffer = Buffer.alloc(0);
  return async (pos, length) => {
    if (length > WINDOW) return readAt(fh, pos, length);
    if (pos < start || pos + length > start + window.length) {
      start = pos;
      window = await readAt(fh, pos, WINDOW);
    }
    return Buffer.from(window.subarray(pos - start, Math.min(pos - start + length, window.length)));
  };
}

/** Limits of metadata an entry may carry, so a crafted header cannot make berthd allocate gigabytes. */
const MAX_META = 1 << 20;

/** Reads the index of the tar file open as `fh` (`fileSize` bytes). */
export async function indexTar(fh: FileHandle, fileSize: number): Promise<IndexedEntry[]> {
  const entries: IndexedEntry[] = [];
  const read = windowedReader(fh);
  let pos = 0;
  let pax: [string, string][] = [];
  let longName: string | undefined;
  let longLink: string | undefined;
  const meta = async (at: number, size: number, what: string) => {
    if (size > MAX_META) throw new TarFormatError(`${what} of ${size} bytes in a tar header is too large`);
    const data = await read(at, size);
    if (data.length < size) throw new TarFormatError("unexpected end of archive");
    return data;
  };
  for (;;) {
    const block = await read(pos, BLOCK);
    if (block.length === 0) break; // no end-of-archive blocks: accepted, as Go does
    if (block.length < BLOCK) throw new TarFormatError("unexpected end of archive");
    if (block.every((b) => b === 0)) break;
    if (!checksumOk(block)) throw new TarFormatError("invalid tar header: checksum mismatch");
    const flag = String.fromCharCode(block[156] ?? 0);
    let dataSize = numeric(block, 124, 12, "size");
    let dataOffset = pos + BLOCK;
    const next = () => dataOffset + Math.ceil(dataSize / BLOCK) * BLOCK;
    if (flag === "x" || flag === "g") {
      const records = parsePax(await meta(dataOffset, dataSize, "PAX header"));
      // Global records are checked but not applied, as Go's reader (and so Docker) does.
      if (flag === "x") pax = records;
      pos = next();
      continue;
    }
    if (flag === "L" || flag === "K") {
      const text = cstring(await meta(dataOffset, dataSize, "long name"), 0, dataSize);
      if (flag === "L") longName = text;
      else longLink = text;
      pos = next();
      continue;
    }
    const records = new Map(pax);
    const magic = block.subarray(257, 263).toString("latin1");
    const gnu = magic === "ustar ";
    let name = cstring(block, 0, 100);
    const prefix = !gnu && magic === "ustar\0" ? cstring(block, 345, 155) : "";
    if (prefix) name = `${prefix}/${name}`;
    name = records.get("path") ?? longName ?? name;
    const linkname = records.get("linkpath") ?? longLink ?? cstring(block, 157, 100);
    if (records.has("size")) dataSize = paxNumber(records.get("size") ?? "", "size");
    const entry: IndexedEntry = {
      name,
      linkname,
      type: TYPES[flag] ?? (flag === "S" ? "file" : "other"),
      mode: numeric(block, 100, 8, "mode"),
      uid: records.has("uid") ? paxNumber(records.get("uid") ?? "", "uid") : numeric(block, 108, 8, "uid"),
      gid: records.has("gid") ? paxNumber(records.get("gid") ?? "", "gid") : numeric(block, 116, 8, "gid"),
      mtime: new Date(
        (records.has("mtime") ? Number(records.get("mtime")) : numeric(block, 136, 12, "mtime")) * 1000,
      ),
      size: dataSize,
      devmajor: numeric(block, 329, 8, "devmajor"),
      devminor: numeric(block, 337, 8, "devminor"),
      dataOffset,
      dataSize,
    };
    if (Number.isNaN(entry.mtime.getTime())) throw new TarFormatError(`invalid PAX mtime of ${name}`);
    if (flag === "S") {
      // Old GNU sparse: up to 4 segments in the header, 21 more per extension block.
      const map: SparseSegment[] = [];
      const readMap = (buf: Buffer, start: number, count: number) => {
        for (let i = 0; i < count; i++) {
          const at = start + i * 24;
          if (buf[at] === 0) break;
          map.push({
            offset: numeric(buf, at, 12, "sparse offset"),
            length: numeric(buf, at + 12, 12, "sparse length"),
          });
        }
      };
      readMap(block, 386, 4);
      let extended = block[482] !== 0;
      while (extended) {
        const ext = await read(dataOffset, BLOCK);
        if (ext.length < BLOCK) throw new TarFormatError("unexpected end of archive");
        readMap(ext, 0, 21);
        extended = ext[504] !== 0;
        dataOffset += BLOCK;
        if (map.length > 1_000_000) throw new TarFormatError(`sparse map of ${name} is too large`);
      }
      entry.dataOffset = dataOffset;
      entry.size = numeric(block, 483, 12, "sparse size");
      entry.sparse = map;
    } else if ([...records.keys()].some((k) => k.startsWith("GNU.sparse."))) {
      name = records.get("GNU.sparse.name") ?? name;
      entry.name = name;
      const major = records.get("GNU.sparse.major");
      const minor = records.get("GNU.sparse.minor");
      if (major === "1" && minor === "0") {
        // 1.0: the map is decimal lines at the start of the data, padded to a block.
        entry.size = paxNumber(records.get("GNU.sparse.realsize") ?? "", "GNU.sparse.realsize");
        const nums: number[] = [];
        let count = -1;
        let text = "";
        let mapBytes = 0;
        while (count === -1 || nums.length < count * 2) {
          if (mapBytes >= dataSize || mapBytes > MAX_META)
            throw new TarFormatError(`invalid sparse map of ${name}`);
          text += (await meta(dataOffset + mapBytes, BLOCK, "sparse map")).toString("latin1");
          mapBytes += BLOCK;
          const lines = text.split("\n");
          text = lines.pop() ?? "";
          for (const line of lines) {
            const n = paxNumber(line, "sparse map value");
            if (count === -1) count = n;
            else nums.push(n);
          }
        }
        if (nums.length !== count * 2) throw new TarFormatError(`invalid sparse map of ${name}`);
        entry.sparse = pairs(nums, `sparse map of ${name}`);
        entry.dataOffset = dataOffset + mapBytes;
        entry.dataSize = dataSize - mapBytes;
      } else if (major !== undefined || minor !== undefined) {
        throw new TarFormatError(`unsupported GNU sparse format ${major}.${minor} of ${name}`);
      } else {
        entry.size = paxNumber(records.get("GNU.sparse.size") ?? "", "GNU.sparse.size");
        const map = records.get("GNU.sparse.map");
        if (map !== undefined) {
          // 0.1: one comma-separated record.
          entry.sparse = pairs(
            map === "" ? [] : map.split(",").map((v) => paxNumber(v, "GNU.sparse.map")),
            `sparse map of ${name}`,
          );
        } else {
          // 0.0: offset and numbytes records, repeated in order.
          const nums = pax
            .filter(([k]) => k === "GNU.sparse.offset" || k === "GNU.sparse.numbytes")
            .map(([k, v]) => paxNumber(v, k));
          entry.sparse = pairs(nums, `sparse map of ${name}`);
        }
      }
    }
    if (entry.sparse) {
      if (entry.type !== "file") throw new TarFormatError(`sparse entry ${name} is not a regular file`);
      checkSparse(entry.sparse, entry.size, entry.dataSize, name);
    }
    if (entry.dataOffset + entry.dataSize > fileSize) throw new TarFormatError("unexpected end of archive");
    entries.push(entry);
    pax = [];
    longName = undefined;
    longLink = undefined;
    pos = entry.dataOffset + Math.ceil(entry.dataSize / BLOCK) * BLOCK;
  }
  return entries;
}
