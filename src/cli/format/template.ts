// Go's text/template as the docker CLI uses it for --format, under docker's formatter (this
// file: cli/command/formatter/formatter.go's `table` directive, `json`, the `\t`/`\n` escapes
// and the header row). The engine is one file per seam of Go's own packages, under template/:
// lex.ts (parse/lex.go), node.ts (parse/node.go), parse.ts (parse/parse.go), exec.ts
// (exec.go), funcs.ts (funcs.go and docker's template functions), template.ts (a parsed
// template) and tabwriter.ts (docker's text/tabwriter). The fmt verbs and encoding/json output
// the templates print with are ported in src/format/ (go-fmt.ts, go-json.ts), where
// go-values.ts says which Go value each JS value stands for.

import { errorMessage, InvalidParameterError } from "../../errdefs/errors.ts";
import type { TemplateFunc } from "./template/funcs.ts";
import { TabWriter } from "./template/tabwriter.ts";
import type { GoTemplate, Template } from "./template/template.ts";

export type { TemplateFunc } from "./template/funcs.ts";
export { stringWidth, TabWriter } from "./template/tabwriter.ts";
export type { Template } from "./template/template.ts";

// A static import: the CLI runs as esbuild bundles (scripts/build-cli.ts), where a module
// costs nothing to resolve, and the lazy createRequire this file once used cannot be bundled.
import * as engine from "./template/template.ts";

/**
 * Parses a Go text/template with text/template's builtins and docker's template functions
 * (json, split, join, title, lower, upper, pad, truncate), plus `funcs`. Parse errors throw an
 * InvalidParameterError worded as Go's (`template: :1: function "foo" not defined`); so do
 * execution errors (`template: :1:2: executing "" at <.A.B>: can't evaluate field B in type int`).
 */
export function parseTemplate(src: string, funcs?: Record<string, TemplateFunc>): Template {
  return engine.parseGoTemplate(src, funcs);
}

/** Parses and executes a template once. */
export function renderTemplate(src: string, data: unknown, funcs?: Record<string, TemplateFunc>): string {
  return parseTemplate(src, funcs).execute(data);
}

/** Whether a --format asks for a table: it starts with "table". */
export function isTableFormat(format: string): boolean {
  return format.startsWith("table");
}

/** Turns the two-character escapes `\t` and `\n` of a command-line format into a tab and a newline. */
export function unescapeFormat(format: string): string {
  return format.replace(/\\([tn])/g, (_, c: string) => (c === "t" ? "\t" : "\n"));
}

/**
 * Renders rows as docker's formatter does. A `table …` format prints a header row, the
 * template executed against `headers` with docker's header functions (so `{{.ID}}` gives
 * "CONTAINER ID"), then one line per row, with columns split on tabs and aligned as docker's
 * tabwriter.NewWriter(out, 10, 1, 3, ' ', 0) aligns them. Any other format prints each row
 * followed by a newline; "json" stands for `{{json .}}`. Errors are docker's
 * "template parsing error: …".
 */
export function formatTable(
  format: string,
  rows: readonly unknown[],
  headers: Record<string, string>,
): string {
  const table = isTableFormat(format);
  let src = table ? format.slice("table".length) : format === "json" ? "{{json .}}" : format;
  src = unescapeFormat(src.replace(/^ +| +$/g, ""));
  const wrap = (err: unknown) =>
    new InvalidParameterError(`template parsing error: ${errorMessage(err)}`, { cause: err });
  const { headerFuncs, parseGoTemplate } = engine;
  let tmpl: GoTemplate;
  try {
    tmpl = parseGoTemplate(src);
  } catch (err) {
    throw wrap(err);
  }
  let body = "";
  for (const row of rows) {
    try {
      body += tmpl.execute(row);
    } catch (err) {
      throw wrap(err);
    }
    body += "\n";
  }
  if (!table) return body;
  const header: string[] = [];
  try {
    tmpl.run(headers, header, headerFuncs);
  } catch {
    // Docker ignores a failing header and prints what was rendered before the failure.
  }
  const tw = new TabWriter(10, 1, 3, " ");
  tw.write(header.join(""));
  tw.write("\n");
  tw.write(body);
  return tw.flush();
}
