import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";

/** A place in a Compose file's tree: map keys and sequence indexes from the root. */
export type YamlPath = (string | number)[];

/** An error in a Compose file; its message starts with "file:line:col:" when a place is known. */
export class ComposeFileError extends Error {}

/** A parsed Compose file: its plain value, and where each value and key came from. */
export interface YamlSource {
  file: string;
  value: unknown;
  /** Paths tagged `!reset` (removed from this file's value) and `!override` (kept, replace on merge). */
  resets: YamlPath[];
  overrides: YamlPath[];
  /** "file:line:col" of the value at `path` (or of its key), else of its nearest ancestor the file has. */
  where(path: YamlPath, key?: boolean): string;
  /** How many leading segments of `path` the file has (0: none), and where the deepest is. */
  find(path: YamlPath): { depth: number; at: string };
}

const pathKey = (path: YamlPath) => path.join("\u0000");

/**
 * Parses one Compose file. The tree is converted by hand rather than with yaml's toJS because
 * the conversion must remember each value's line (to name it in schema errors found later on
 * the plain value), and see the `!reset`/`!override` tags, which toJS drops.
 */
export function parseYaml(text: string, file: string): YamlSource {
  const lc = new LineCounter();
  // YAML 1.1's merge keys (`<<: *base`), which compose files use as go-yaml accepts them.
  const doc = parseDocument(text, { lineCounter: lc, merge: true, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lc.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const err = doc.errors[0];
  if (err) throw new ComposeFileError(`${at(err.pos[0])}: parsing YAML: ${err.message.split("\n")[0]}`);
  const positions = new Map<string, { value: string; key?: string }>();
  const resets: YamlPath[] = [];
  const overrides: YamlPath[] = [];
  const value = convert({ doc, text, positions, resets, overrides, at }, doc.contents as Node | null, [], 0);
  for (const p of resets) removeAt(value, p);
  const where = (path: YamlPath, key = false): string => {
    for (let n = path.length; n >= 0; n--) {
      const pos = positions.get(pathKey(path.slice(0, n)));
      if (pos) return (key && n === path.length && pos.key) || pos.value;
    }
    return file;
  };
  const find = (path: YamlPath) => {
    for (let n = path.length; n > 0; n--) {
      const pos = positions.get(pathKey(path.slice(0, n)));
      if (pos) return { depth: n, at: pos.value };
    }
    return { depth: 0, at: file };
  };
  return { file, value, resets, overrides, where, find };
}

interface Conversion {
  doc: Document;
  text: string;
  positions: Map<string, { value: string; key?: string }>;
  resets: YamlPath[];
  overrides: YamlPath[];
  at: (offset: number) => string;
}

function convert(c: Conversion, node: Node | null, path: YamlPath, depth: number): unknown {
  const { doc, positions, resets, overrides, at } = c;
  if (node === null) return null;
  // Aliases expanded as a tree: a billion-laughs file stops here rather than filling memory.
  if (depth > 200) throw new ComposeFileError(`${at(node.range?.[0] ?? 0)}: parsing YAML: too deeply nested`);
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (!target) throw new ComposeFileError(`${at(node.range?.[0] ?? 0)}: unknown anchor ${node.source}`);
    return convert(c, target, path, depth + 1);
  }
  const here = positions.get(pathKey(path));
  if (!here) positions.set(pathKey(path), { value: at(node.range?.[0] ?? 0) });
  else if (node.range) here.value = at(node.range[0]);
  if (node.tag === "!reset") resets.push([...path]);
  else if (node.tag === "!override") overrides.push([...path]);
  if (isScalar(node)) {
    // go-yaml, which Compose uses, reads a plain 0755 as octal (YAML 1.1), as file modes are written.
    if (typeof node.value === "number" && node.range) {
      const src = c.text.slice(node.range[0], node.range[1]);
      if (/^0[0-7]+$/.test(src)) return Number.parseInt(src, 8);
    }
    return node.value;
  }
  if (isSeq(node)) {
    return node.items.map((item, i) => convert(c, item as Node | null, [...path, i], depth + 1));
  }
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    const merged: Record<string, unknown>[] = [];
    for (const pair of node.items) {
      const k = pair.key as Node | null;
      const keyValue = isScalar(k) ? k.value : isAlias(k) ? (k.resolve(doc) as Node | undefined) : k;
      // With `merge: true`, yaml resolves the `<<` key to a symbol.
      if (isScalar(k) && (k.value === "<<" || typeof k.value === "symbol")) {
        // Merge keys: the explicit keys of this map win over merged ones, whatever the order.
        const v = pair.value as Node | null;
        const sources = isSeq(v) ? (v.items as Node[]) : [v];
        for (const s of sources) {
          const m = convert(c, s, path, depth + 1);
          if (m && typeof m === "object" && !Array.isArray(m)) merged.push(m as Record<string, unknown>);
          else throw new ComposeFileError(`${at(v?.range?.[0] ?? 0)}: a merge key (<<) takes a mapping`);
        }
        continue;
      }
      const key = isScalar(keyValue) ? String(keyValue.value) : String(keyValue);
      const childPath = [...path, key];
      positions.set(pathKey(childPath), {
        value: at((pair.value as Node | null)?.range?.[0] ?? k?.range?.[0] ?? 0),
        key: at(k?.range?.[0] ?? 0),
      });
      out[key] = convert(c, pair.value as Node | null, childPath, depth + 1);
    }
    for (const m of merged) for (const [k, v] of Object.entries(m)) if (!Object.hasOwn(out, k)) out[k] = v;
    return out;
  }
  return null;
}

function removeAt(root: unknown, path: YamlPath): void {
  let cur = root as Record<string | number, unknown> | undefined;
  for (const seg of path.slice(0, -1)) cur = cur?.[seg] as Record<string | number, unknown> | undefined;
  const last = path[path.length - 1];
  if (cur === undefined || last === undefined) return;
  if (Array.isArray(cur)) cur.splice(last as number, 1);
  else delete cur[last];
}
