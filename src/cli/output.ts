import type { Writable } from "node:stream";
import { formatTable, isTableFormat, renderTemplate, unescapeFormat } from "./format/template.ts";

/**
 * Prints rows as docker's formatter does: the default table, `--format table …`, a
 * template per row, or `--format json` (a `{{json .}}` per row).
 */
export function printRows(
  out: Writable,
  format: string | undefined,
  defaultFormat: string,
  rows: object[],
  headers: Record<string, string>,
): void {
  let fmt = format ? unescapeFormat(format) : defaultFormat;
  if (fmt === "json") fmt = "{{json .}}";
  if (fmt === "table") fmt = defaultFormat;
  if (isTableFormat(fmt)) out.write(formatTable(fmt, rows, headers));
  else for (const r of rows) out.write(`${renderTemplate(fmt, r)}\n`);
}

/** `inspect` output: an indented JSON array (4 spaces, as Go's MarshalIndent), or a template per item. */
export function printInspect(out: Writable, format: string | undefined, items: unknown[]): void {
  if (!format) {
    out.write(`${JSON.stringify(items, null, 4).replace(/^\[\]$/, "[]")}\n`);
    return;
  }
  const fmt = unescapeFormat(format);
  if (fmt === "json") {
    for (const i of items) out.write(`${JSON.stringify(i)}\n`);
    return;
  }
  for (const i of items) out.write(`${renderTemplate(fmt, i)}\n`);
}
