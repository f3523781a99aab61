// The parser of Go's text/template (text/template/parse/parse.go): tokens to a tree set, the
// top-level template under "" and every {{define}}/{{block}}, with Go's error messages.

import { errorMessage, InvalidParameterError } from "../../../errdefs/errors.ts";
import { parseGoFloat, parseGoInt, quote, unquoteChar, unquoteGo } from "../../../format/go-strconv.ts";
import { Lexer, type Token, type TokenKind, tokenString } from "./lex.ts";
import {
  type ArgNode,
  type BranchNode,
  type ChainNode,
  type CommandNode,
  type DelimNode,
  isEmptyTree,
  type ListNode,
  type Node,
  type NumberNode,
  nodeString,
  type PipeNode,
  type TemplateNode,
} from "./node.ts";

export interface Tree {
  name: string;
  root: ListNode;
}

/** The token stream shared by a template and the {{define}}/{{block}} trees inside it. */
interface TokenStream {
  tokens: Token[];
  i: number;
  furthest: number;
}

interface ParseContext {
  stream: TokenStream;
  funcs: ReadonlySet<string>;
  treeSet: Map<string, Tree>;
  parseName: string;
}

class Parser {
  private name: string;
  private root: ListNode | null = null;
  private readonly ctx: ParseContext;
  private readonly vars: string[] = ["$"];
  private actionLine = 0;
  private rangeDepth = 0;

  constructor(ctx: ParseContext, name: string) {
    this.ctx = ctx;
    this.name = name;
  }

  /** Parses a whole template, as Tree.parse: to EOF, collecting {{define}}s on the way. */
  parse(): void {
    const root = this.newList(this.peek().pos);
    while (this.peek().kind !== "eof") {
      if (this.peek().kind === "leftDelim") {
        const mark = this.ctx.stream.i;
        this.next();
        if (this.nextNonSpace().kind === "define") {
          new Parser(this.ctx, "definition").parseDefinition();
          continue;
        }
        this.ctx.stream.i = mark;
      }
      const n = this.textOrAction();
      if (n.type === "end" || n.type === "else") this.errorf(`unexpected ${nodeString(n)}`);
      root.nodes.push(n);
    }
    this.root = root;
    this.add();
  }

  // Token access. The stream index moves back to undo a read, as Go's backup does.

  private tok(i: number): Token {
    const s = this.ctx.stream;
    const last = s.tokens.length - 1;
    const at = Math.min(i, last);
    if (at > s.furthest) s.furthest = at;
    return s.tokens[at];
  }

  private next(): Token {
    const s = this.ctx.stream;
    return this.tok(s.i++);
  }

  private backup(): void {
    this.ctx.stream.i--;
  }

  private peek(): Token {
    return this.tok(this.ctx.stream.i);
  }

  private nextNonSpace(): Token {
    for (;;) {
      const t = this.next();
      if (t.kind !== "space") return t;
    }
  }

  private peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  private errorf(msg: string): never {
    const s = this.ctx.stream;
    const line = s.tokens[Math.min(s.furthest, s.tokens.length - 1)].line;
    throw new InvalidParameterError(`template: ${this.ctx.parseName}:${line}: ${msg}`);
  }

  private expect(kind: TokenKind, context: string): Token {
    const t = this.nextNonSpace();
    if (t.kind !== kind) this.unexpected(t, context);
    return t;
  }

  private unexpected(t: Token, context: string): never {
    if (t.kind === "error") {
      let extra = "";
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.ctx.parseName}:${this.actionLine}`;
        if (t.val.endsWith(" action")) extra = extra.slice(" in action".length);
      }
      this.errorf(t.val + extra);
    }
    this.errorf(`unexpected ${tokenString(t)} in ${context}`);
  }

  private newList(pos: number): ListNode {
    return { type: "list", pos, nodes: [] };
  }

  private add(): void {
    const tree = this.ctx.treeSet.get(this.name);
    if (!tree || isEmptyTree(tree.root)) {
      this.ctx.treeSet.set(this.name, { name: this.name, root: this.root ?? this.newList(0) });
      return;
    }
    if (!isEmptyTree(this.root)) this.errorf(`template: multiple definition of template ${quote(this.name)}`);
  }

  private parseDefinition(): void {
    const context = "define clause";
    const t = this.nextNonSpace();
    if (t.kind !== "string" && t.kind !== "rawString") this.unexpected(t, context);
    this.name = this.unquote(t.val);
    this.expect("rightDelim", context);
    const [root, end] = this.itemList();
    if (end.type !== "end") this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.root = root;
    this.add();
  }

  /** textOrAction* up to an {{end}} or {{else}}, which is returned separately. */
  private itemList(): [ListNode, DelimNode] {
    const list = this.newList(this.peekNonSpace().pos);
    while (this.peekNonSpace().kind !== "eof") {
      const n = this.textOrAction();
      if (n.type === "end" || n.type === "else") return [list, n];
      list.nodes.push(n);
    }
    this.errorf("unexpected EOF");
  }

  private textOrAction(): Node {
    const t = this.nextNonSpace();
    if (t.kind === "text") return { type: "text", pos: t.pos, text: t.val };
    if (t.kind !== "leftDelim") this.unexpected(t, "input");
    this.actionLine = t.line;
    try {
      return this.action();
    } finally {
      this.actionLine = 0;
    }
  }

  private action(): Node {
    const t = this.nextNonSpace();
    switch (t.kind) {
      case "block":
        return this.blockControl();
      case "break":
      case "continue":
        return this.loopControl(t);
      case "else":
        return this.elseControl();
      case "end":
        return { type: "end", pos: this.expect("rightDelim", "end").pos };
      case "if":
      case "range":
      case "with":
        return this.branchControl(t.kind);
      case "template":
        return this.templateControl();
    }
    this.backup();
    const pos = this.peek().pos;
    return { type: "action", pos, pipe: this.pipeline("command", "rightDelim") };
  }

  private loopControl(t: Token): Node {
    const kind = t.kind as "break" | "continue";
    const close = this.nextNonSpace();
    if (close.kind !== "rightDelim") this.unexpected(close, `{{${kind}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${kind}}} outside {{range}}`);
    return { type: kind, pos: t.pos };
  }

  private elseControl(): DelimNode {
    const p = this.peekNonSpace();
    // "{{else if …" and "{{else with …" leave the keyword for the enclosing branchControl.
    if (p.kind === "if" || p.kind === "with") return { type: "else", pos: p.pos };
    return { type: "else", pos: this.expect("rightDelim", "else").pos };
  }

  private branchControl(context: "if" | "range" | "with"): BranchNode {
    const varCount = this.vars.length;
    try {
      const pipe = this.pipeline(context, "rightDelim");
      if (context === "range") this.rangeDepth++;
      let [list, next] = this.itemList();
      if (context === "range") this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.type === "else") {
        if ((context === "if" || context === "with") && this.peek().kind === context) {
          this.next();
          elseList = this.newList(next.pos);
          elseList.nodes.push(this.branchControl(context));
        } else {
          [elseList, next] = this.itemList();
          if (next.type !== "end") this.errorf(`expected end; found ${nodeString(next)}`);
        }
      }
      return { type: context, pos: pipe.pos, pipe, list, elseList };
    } finally {
      this.vars.length = varCount;
    }
  }

  private templateControl(): TemplateNode {
    const context = "template clause";
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().kind !== "rightDelim") {
      this.backup();
      pipe = this.pipeline(context, "rightDelim");
    }
    return { type: "template", pos: t.pos, name, pipe };
  }

  private blockControl(): TemplateNode {
    const context = "block clause";
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    const pipe = this.pipeline(context, "rightDelim");
    const block = new Parser(this.ctx, name);
    const [root, end] = block.itemList();
    if (end.type !== "end") this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    block.root = root;
    block.add();
    return { type: "template", pos: t.pos, name, pipe };
  }

  private templateName(t: Token, context: string): string {
    if (t.kind !== "string" && t.kind !== "rawString") this.unexpected(t, context);
    return this.unquote(t.val);
  }

  /** declarations? command ('|' command)* */
  private pipeline(context: string, end: TokenKind): PipeNode {
    const start = this.peekNonSpace();
    const pipe: PipeNode = { type: "pipe", pos: start.pos, isAssign: false, decl: [], cmds: [] };
    for (;;) {
      const v = this.peekNonSpace();
      if (v.kind !== "variable") break;
      const mark = this.ctx.stream.i;
      this.next();
      const after = this.peekNonSpace();
      if (after.kind === "assign" || after.kind === "declare") {
        pipe.isAssign = after.kind === "assign";
        this.nextNonSpace();
        pipe.decl.push({ type: "variable", pos: v.pos, ident: v.val.split(".") });
        this.vars.push(v.val);
      } else if (after.kind === "char" && after.val === ",") {
        this.nextNonSpace();
        pipe.decl.push({ type: "variable", pos: v.pos, ident: v.val.split(".") });
        this.vars.push(v.val);
        if (context === "range" && pipe.decl.length < 2) {
          const k = this.peekNonSpace().kind;
          if (k === "variable" || k === "rightDelim" || k === "rightParen") continue;
          this.errorf("range can only initialize variables");
        }
        this.errorf(`too many declarations in ${context}`);
      } else {
        this.ctx.stream.i = mark;
      }
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.kind === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (t.kind) {
        case "bool":
        case "charConstant":
        case "complex":
        case "dot":
        case "field":
        case "identifier":
        case "number":
        case "nil":
        case "rawString":
        case "string":
        case "variable":
        case "leftParen":
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const first = c.args[0].type;
      if (
        first === "bool" ||
        first === "dot" ||
        first === "nil" ||
        first === "number" ||
        first === "string"
      ) {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  /** operand (space operand)*, up to a '|' (consumed) or a right delimiter or paren (not). */
  private command(): CommandNode {
    const cmd: CommandNode = { type: "command", pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.kind === "space") continue;
      if (t.kind === "rightDelim" || t.kind === "rightParen") this.backup();
      else if (t.kind !== "pipe") this.unexpected(t, "operand");
      break;
    }
    if (cmd.args.length === 0) this.errorf("empty command");
    return cmd;
  }

  /** term .Field* */
  private operand(): ArgNode | null {
    const node = this.term();
    if (!node || this.peek().kind !== "field") return node;
    const chain: ChainNode = { type: "chain", pos: this.peek().pos, node, field: [] };
    while (this.peek().kind === "field") chain.field.push(this.next().val.slice(1));
    switch (node.type) {
      case "field":
        return { type: "field", pos: chain.pos, ident: [...node.ident, ...chain.field] };
      case "variable":
        return { type: "variable", pos: chain.pos, ident: [...node.ident, ...chain.field] };
      case "bool":
      case "string":
      case "number":
      case "nil":
      case "dot":
        this.errorf(`unexpected . after term ${quote(nodeString(node))}`);
    }
    return chain;
  }

  private term(): ArgNode | null {
    const t = this.nextNonSpace();
    switch (t.kind) {
      case "identifier":
        if (!this.ctx.funcs.has(t.val)) this.errorf(`function ${quote(t.val)} not defined`);
        return { type: "identifier", pos: t.pos, ident: t.val };
      case "dot":
        return { type: "dot", pos: t.pos };
      case "nil":
        return { type: "nil", pos: t.pos };
      case "variable": {
        const ident = t.val.split(".");
        if (!this.vars.includes(ident[0])) this.errorf(`undefined variable ${quote(ident[0])}`);
        return { type: "variable", pos: t.pos, ident };
      }
      case "field":
        return { type: "field", pos: t.pos, ident: t.val.slice(1).split(".") };
      case "bool":
        return { type: "bool", pos: t.pos, value: t.val === "true" };
      case "charConstant":
      case "complex":
      case "number":
        return this.number(t);
      case "leftParen":
        return this.pipeline("parenthesized pipeline", "rightParen");
      case "string":
      case "rawString":
        return { type: "string", pos: t.pos, quoted: t.val, text: this.unquote(t.val) };
    }
    this.backup();
    return null;
  }

  private unquote(s: string): string {
    try {
      return unquoteGo(s);
    } catch (err) {
      this.errorf(errorMessage(err));
    }
  }

  /** Classifies a number literal as Go's newNumber does: int, uint and float views at once. */
  private number(t: Token): NumberNode {
    const text = t.val;
    const n: NumberNode = {
      type: "number",
      pos: t.pos,
      text,
      isInt: false,
      isUint: false,
      isFloat: false,
      int: 0n,
      float: 0,
    };
    if (t.kind === "charConstant") {
      let r: { value: number; next: number };
      try {
        r = unquoteChar(text, 1, "'");
      } catch (err) {
        this.errorf(errorMessage(err));
      }
      if (text.slice(r.next) !== "'") this.errorf(`malformed character constant: ${text}`);
      return { ...n, isInt: true, isUint: true, isFloat: true, int: BigInt(r.value), float: r.value };
    }
    if (t.kind === "complex" || text.endsWith("i"))
      this.errorf(`complex constants are not supported: ${text}`);
    const u = parseGoInt(text, false);
    const i = parseGoInt(text, true);
    if (u !== null) n.isUint = true;
    if (i !== null) {
      n.isInt = true;
      n.int = i;
      if (i === 0n) n.isUint = true;
    }
    if (n.isInt) {
      n.isFloat = true;
      n.float = Number(n.int);
    } else if (u !== null) {
      n.isFloat = true;
      n.float = Number(u);
      n.int = u;
    } else {
      const f = parseGoFloat(text);
      if (f !== null) {
        if (!/[.eEpP]/.test(text)) this.errorf(`integer overflow: ${quote(text)}`);
        n.isFloat = true;
        n.float = f;
        if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
          n.isInt = true;
          n.int = BigInt(f);
          if (f >= 0) n.isUint = true;
        }
      }
    }
    if (!n.isInt && !n.isUint && !n.isFloat) this.errorf(`illegal number syntax: ${quote(text)}`);
    return n;
  }
}

/** Parses src into its tree set: the top-level template under "" and every {{define}}/{{block}}. */
export function parseTrees(src: string, funcs: ReadonlySet<string>): Map<string, Tree> {
  const lexer = new Lexer(src, !funcs.has("break"), !funcs.has("continue"));
  const ctx: ParseContext = {
    stream: { tokens: lexer.tokens, i: 0, furthest: 0 },
    funcs,
    treeSet: new Map(),
    parseName: "",
  };
  new Parser(ctx, "").parse();
  return ctx.treeSet;
}
