// A parsed template with its functions (text/template/template.go): what the CLI parses once
// and executes against each row. The entry module, ../template.ts, loads this one (and so the
// whole engine) on first use.

import { type Program, State } from "./exec.ts";
import { builtinFuncs, dockerFuncs, type FuncDef, type TemplateFunc } from "./funcs.ts";
import { parseTrees, type Tree } from "./parse.ts";

export { headerFuncs } from "./funcs.ts";

export interface Template {
  /** Runs the template against `data` (Go's `.` and `$`) and returns its output. */
  execute(data: unknown): string;
}

export class GoTemplate implements Template {
  private readonly text: string;
  private readonly trees: Map<string, Tree>;
  private readonly funcs: Map<string, FuncDef>;

  constructor(text: string, trees: Map<string, Tree>, funcs: Map<string, FuncDef>) {
    this.text = text;
    this.trees = trees;
    this.funcs = funcs;
  }

  execute(data: unknown): string {
    const out: string[] = [];
    this.run(data, out);
    return out.join("");
  }

  /** Executes into out, which keeps the partial output when execution fails. */
  run(data: unknown, out: string[], overrides?: Map<string, FuncDef>): void {
    const prog: Program = { text: this.text, trees: this.trees, funcs: this.funcs, overrides, out };
    const dot = data === null ? undefined : data;
    const root = this.trees.get("");
    if (root) new State(prog, "", dot, 0).walk(dot, root.root);
  }
}

/** A template with text/template's builtins, docker's template functions and `funcs`. */
export function parseGoTemplate(src: string, funcs: Record<string, TemplateFunc> = {}): GoTemplate {
  const defs = new Map(dockerFuncs);
  for (const [name, fn] of Object.entries(funcs)) defs.set(name, { fn });
  const names = new Set([...builtinFuncs.keys(), ...defs.keys()]);
  return new GoTemplate(src, parseTrees(src, names), defs);
}
