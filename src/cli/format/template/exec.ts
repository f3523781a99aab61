// The evaluator of Go's text/template (text/template/exec.go): walks a parsed tree against
// data, evaluating pipelines, fields, methods and function calls with Go's argument checks,
// and fails with Go's messages naming the position and node. Over ~500 lines as a port of
// exec.go kept whole: its eval methods recurse into each other through one State.

import { errorMessage, InvalidParameterError } from "../../../errdefs/errors.ts";
import { sprint } from "../../../format/go-fmt.ts";
import { quote } from "../../../format/go-strconv.ts";
import {
  goTypeName,
  isGoInt,
  isPlainObject,
  isStruct,
  sortedEntries,
  utf8Length,
} from "../../../format/go-values.ts";
import {
  builtinFuncs,
  callFn,
  type FuncDef,
  isTrue,
  type ParamType,
  paramTypeName,
  type TemplateFunc,
} from "./funcs.ts";
import type {
  ActionNode,
  ArgNode,
  BranchNode,
  ChainNode,
  CommandNode,
  FieldNode,
  IdentifierNode,
  Node,
  NumberNode,
  PipeNode,
  TemplateNode,
  VariableNode,
} from "./node.ts";
import { nodeString } from "./node.ts";
import type { Tree } from "./parse.ts";

/** Thrown for failures while executing, to tell them from errors thrown by called functions. */
class TemplateExecError extends InvalidParameterError {}

/** Unwinds a range body for {{break}} and {{continue}}. */
class LoopSignal extends Error {}
const breakSignal = new LoopSignal("break");
const continueSignal = new LoopSignal("continue");

/** The previous pipeline stage's value is absent: Go's missingVal. */
const MISSING: unique symbol = Symbol("missing");
type Final = unknown | typeof MISSING;

/** Go's maxExecDepth on wasm: deep enough for any real template, shallow enough for JS stacks. */
const MAX_EXEC_DEPTH = 1000;

export interface Program {
  text: string;
  trees: Map<string, Tree>;
  funcs: Map<string, FuncDef>;
  overrides: Map<string, FuncDef> | undefined;
  out: string[];
}

interface Variable {
  name: string;
  value: unknown;
}

export class State {
  private readonly prog: Program;
  private readonly name: string;
  private readonly vars: Variable[];
  private readonly depth: number;
  private node: Node | ArgNode | CommandNode | null = null;

  constructor(prog: Program, name: string, dot: unknown, depth: number) {
    this.prog = prog;
    this.name = name;
    this.vars = [{ name: "$", value: dot }];
    this.depth = depth;
  }

  private at(node: Node | ArgNode | CommandNode): void {
    this.node = node;
  }

  private errorf(msg: string): never {
    const node = this.node;
    if (!node) throw new TemplateExecError(`template: ${this.name}: ${msg}`);
    const before = this.prog.text.slice(0, node.pos);
    const nl = before.lastIndexOf("\n");
    const col = utf8Length(nl < 0 ? before : before.slice(nl + 1));
    const line = before.split("\n").length;
    throw new TemplateExecError(
      `template: :${line}:${col}: executing ${quote(this.name)} at <${nodeString(node)}>: ${msg}`,
    );
  }

  private mark(): number {
    return this.vars.length;
  }

  private pop(mark: number): void {
    this.vars.length = mark;
  }

  private setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) return this.vars[i].value;
    }
    this.errorf(`undefined variable: ${name}`);
  }

  walk(dot: unknown, node: Node): void {
    this.at(node);
    switch (node.type) {
      case "action": {
        // Variables declared by an action persist to the end of the enclosing block.
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return;
      }
      case "break":
        throw breakSignal;
      case "continue":
        throw continueSignal;
      case "if":
      case "with":
        this.walkIfOrWith(node, dot);
        return;
      case "list":
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case "range":
        this.walkRange(node, dot);
        return;
      case "template":
        this.walkTemplate(node, dot);
        return;
      case "text":
        this.prog.out.push(node.text);
        return;
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  private walkIfOrWith(node: BranchNode, dot: unknown): void {
    const mark = this.mark();
    try {
      const val = this.evalPipeline(dot, node.pipe);
      if (isTrue(val)) this.walk(node.type === "with" ? val : dot, node.list);
      else if (node.elseList) this.walk(dot, node.elseList);
    } finally {
      this.pop(mark);
    }
  }

  private walkRange(r: BranchNode, dot: unknown): void {
    this.at(r);
    const outer = this.mark();
    try {
      const val = this.evalPipeline(dot, r.pipe);
      const mark = this.mark();
      const decl = r.pipe.decl;
      const oneIteration = (index: unknown, elem: unknown) => {
        if (decl.length > 0) {
          if (r.pipe.isAssign) this.setVar(decl[0].ident[0], decl.length > 1 ? index : elem);
          else this.vars[this.vars.length - 1].value = elem;
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1].ident[0], elem);
          else this.vars[this.vars.length - 2].value = index;
        }
        try {
          this.walk(elem, r.list);
        } catch (err) {
          if (err !== continueSignal) throw err;
        } finally {
          this.pop(mark);
        }
      };
      let ran = false;
      if (Array.isArray(val)) {
        val.forEach((e, i) => {
          oneIteration(i, e);
        });
        ran = val.length > 0;
      } else if (val instanceof Map || isPlainObject(val)) {
        const entries = sortedEntries(val);
        for (const [k, e] of entries) oneIteration(k, e);
        ran = entries.length > 0;
      } else if (isGoInt(val)) {
        if (decl.length > 1) this.errorf(`can't use ${sprint(val)} to iterate over more than one variable`);
        for (let i = 0; i < Number(val); i++) oneIteration(i, i);
        ran = Number(val) > 0;
      } else if (val !== undefined && val !== null) {
        this.errorf(`range can't iterate over ${sprint(val)}`);
      }
      if (!ran && r.elseList) this.walk(dot, r.elseList);
    } catch (err) {
      if (err !== breakSignal) throw err;
    } finally {
      this.pop(outer);
    }
  }

  private walkTemplate(t: TemplateNode, dot: unknown): void {
    this.at(t);
    const tree = this.prog.trees.get(t.name);
    if (!tree) this.errorf(`template ${quote(t.name)} not defined`);
    if (this.depth === MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const newDot = this.evalPipeline(dot, t.pipe);
    // No dynamic scoping: the invoked template sees only its own $.
    new State(this.prog, t.name, newDot, this.depth + 1).walk(newDot, tree.root);
  }

  private printValue(node: ActionNode, v: unknown): void {
    this.at(node);
    if (v === undefined) {
      this.prog.out.push("<no value>");
      return;
    }
    if (typeof v === "function") this.errorf(`can't print ${nodeString(node)} of type ${goTypeName(v)}`);
    this.prog.out.push(sprint(v));
  }

  private evalPipeline(dot: unknown, pipe: PipeNode | null): unknown {
    if (!pipe) return undefined;
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // Go digs into an interface{} result: a nil one becomes no value at all.
      if (value === null) value = undefined;
    }
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0], value);
      else this.vars.push({ name: v.ident[0], value });
    }
    return value;
  }

  private notAFunction(args: ArgNode[] | null, final: Final): void {
    if ((args && args.length > 1) || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${args ? nodeString(args[0]) : ""}`);
    }
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0];
    switch (first.type) {
      case "field":
        return this.evalFieldNode(dot, first, cmd.args, final);
      case "chain":
        return this.evalChainNode(dot, first, cmd.args, final);
      case "identifier":
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case "pipe":
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case "variable":
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case "bool":
        return first.value;
      case "dot":
        return dot;
      case "nil":
        return this.errorf("nil is not a command");
      case "number":
        return this.idealConstant(first);
      case "string":
        return first.text;
    }
  }

  private idealConstant(n: NumberNode): unknown {
    this.at(n);
    const hexInt = /^[+-]?0[xX]/.test(n.text) && !/[pP]/.test(n.text);
    if (n.isFloat && !hexInt && n.text[0] !== "'" && /[.eEpP]/.test(n.text)) return n.float;
    if (n.isInt) return Number(n.int);
    if (n.isUint) this.errorf(`${n.text} overflows int`);
    return undefined;
  }

  private evalFieldNode(dot: unknown, field: FieldNode, args: ArgNode[] | null, final: Final): unknown {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.ident, args, final);
  }

  private evalChainNode(dot: unknown, chain: ChainNode, args: ArgNode[] | null, final: Final): unknown {
    this.at(chain);
    if (chain.node.type === "nil") this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, "value", chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.field, args, final);
  }

  private evalVariableNode(dot: unknown, v: VariableNode, args: ArgNode[] | null, final: Final): unknown {
    this.at(v);
    const value = this.varValue(v.ident[0]);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final);
  }

  private evalFieldChain(
    dot: unknown,
    receiver: unknown,
    node: ArgNode,
    ident: string[],
    args: ArgNode[] | null,
    final: Final,
  ): unknown {
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) receiver = this.evalField(dot, ident[i], node, null, MISSING, receiver);
    return this.evalField(dot, ident[n - 1], node, args, final, receiver);
  }

  private evalFunction(
    dot: unknown,
    node: IdentifierNode,
    cmd: CommandNode | IdentifierNode,
    args: ArgNode[] | null,
    final: Final,
  ): unknown {
    this.at(node);
    const name = node.ident;
    const override = this.prog.overrides?.get(name);
    const def = override ?? this.prog.funcs.get(name);
    const builtin = def ? undefined : builtinFuncs.get(name);
    if (!def && !builtin) this.errorf(`${quote(name)} is not a defined function`);
    return this.evalCall(dot, (def ?? builtin)!, !def, cmd, name, args, final);
  }

  /** .Field on a map key, or a struct's field, method or getter. */
  private evalField(
    dot: unknown,
    fieldName: string,
    node: ArgNode,
    args: ArgNode[] | null,
    final: Final,
    receiver: unknown,
  ): unknown {
    if (receiver === undefined) return undefined;
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${fieldName}`);
    const hasArgs = (args?.length ?? 0) > 1 || final !== MISSING;
    if (receiver instanceof Map) {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      return receiver.get(fieldName);
    }
    if (isPlainObject(receiver)) {
      // A map: functions stored in it are values, called with the builtin `call`.
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      return Object.hasOwn(receiver, fieldName) ? receiver[fieldName] : undefined;
    }
    if (isStruct(receiver)) {
      const member = findMember(receiver, fieldName);
      if (member.kind === "method") {
        const method = (member.value as (...a: unknown[]) => unknown).bind(receiver) as TemplateFunc;
        return this.evalCall(dot, { fn: method }, false, node, fieldName, args, final);
      }
      if (member.kind === "field") {
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        return member.value;
      }
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${goTypeName(receiver)}`);
  }

  private evalCall(
    dot: unknown,
    def: FuncDef,
    isBuiltin: boolean,
    node: Node | ArgNode | CommandNode,
    name: string,
    args: ArgNode[] | null,
    final: Final,
  ): unknown {
    const callArgs = args ? args.slice(1) : [];
    const hasFinal = final !== MISSING;
    const numIn = callArgs.length + (hasFinal ? 1 : 0);
    const params = def.params;
    if (params) {
      if (def.variadic) {
        if (numIn < params.length) {
          this.errorf(
            `wrong number of args for ${name}: want at least ${params.length} got ${callArgs.length}`,
          );
        }
      } else if (numIn !== params.length) {
        this.errorf(`wrong number of args for ${name}: want ${params.length} got ${numIn}`);
      }
    }
    const paramType = (i: number): ParamType =>
      params ? (i < params.length ? params[i] : (def.variadic ?? "any")) : "any";

    if (isBuiltin && (name === "and" || name === "or")) {
      // and/or short-circuit: later arguments are not evaluated.
      let v: unknown;
      for (const arg of callArgs) {
        v = this.evalArg(dot, "value", arg);
        if (isTrue(v) === (name === "or")) return v;
      }
      if (hasFinal) v = this.validateType(final, "value");
      return v;
    }

    const argv = callArgs.map((a, i) => this.evalArg(dot, paramType(i), a));
    if (hasFinal) argv.push(this.validateType(final, paramType(numIn - 1)));
    let fn = def.fn as (...a: unknown[]) => unknown;
    if (isBuiltin && name === "call") fn = (f, ...rest) => callFn(nodeString(callArgs[0] ?? node), f, rest);
    try {
      return fn(...argv);
    } catch (err) {
      if (err instanceof TemplateExecError || err instanceof LoopSignal) throw err;
      this.at(node);
      this.errorf(`error calling ${name}: ${errorMessage(err)}`);
    }
  }

  private evalArg(dot: unknown, typ: ParamType, n: ArgNode): unknown {
    this.at(n);
    switch (n.type) {
      case "dot":
        return this.validateType(dot, typ);
      case "nil":
        if (typ === "any" || typ === "strings") return null;
        if (typ === "value") return undefined;
        return this.errorf(`cannot assign nil to ${paramTypeName[typ]}`);
      case "field":
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), typ);
      case "variable":
        return this.validateType(this.evalVariableNode(dot, n, null, MISSING), typ);
      case "pipe":
        return this.validateType(this.evalPipeline(dot, n), typ);
      case "identifier":
        return this.validateType(this.evalFunction(dot, n, n, null, MISSING), typ);
      case "chain":
        return this.validateType(this.evalChainNode(dot, n, null, MISSING), typ);
    }
    switch (typ) {
      case "string":
        if (n.type === "string") return n.text;
        return this.errorf(`expected string; found ${nodeString(n)}`);
      case "int":
        if (n.type === "number" && n.isInt) return Number(n.int);
        return this.errorf(`expected integer; found ${nodeString(n)}`);
      case "strings":
        return this.errorf(`can't handle ${nodeString(n)} for arg of type []string`);
    }
    switch (n.type) {
      case "bool":
        return n.value;
      case "number":
        return this.idealConstant(n);
      case "string":
        return n.text;
    }
  }

  /** Checks a value against a parameter type, converting a missing value as reflect does. */
  private validateType(value: unknown, typ: ParamType): unknown {
    if (value === undefined) {
      if (typ === "any" || typ === "strings") return null;
      if (typ === "value") return undefined;
      this.errorf(`invalid value; expected ${paramTypeName[typ]}`);
    }
    const wrong = () =>
      this.errorf(`wrong type for value; expected ${paramTypeName[typ]}; got ${goTypeName(value)}`);
    switch (typ) {
      case "string":
        if (typeof value !== "string") wrong();
        return value;
      case "int":
        if (!isGoInt(value)) wrong();
        return Number(value);
      case "strings":
        if (!Array.isArray(value) || !value.every((s) => typeof s === "string")) wrong();
        return value;
    }
    return value;
  }
}

/**
 * A struct's member: an own property is a field, whatever it holds; a function or getter
 * of its class is a method (a getter being a method without arguments).
 */
function findMember(obj: object, name: string): { kind: "field" | "method" | "none"; value: unknown } {
  if (Object.hasOwn(obj, name)) return { kind: "field", value: Reflect.get(obj, name) };
  for (let o = Object.getPrototypeOf(obj); o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    if (!Object.hasOwn(o, name)) continue;
    const value = Reflect.get(obj, name);
    return typeof value === "function" ? { kind: "method", value } : { kind: "field", value };
  }
  return { kind: "none", value: undefined };
}
