// Go's text/template as the docker CLI uses it for --format: a lexer and a parser to an AST that
// follow text/template/parse, an evaluator that follows text/template/exec.go, and docker's
// formatter on top (its extra functions from templates/templates.go, the `table` directive and
// its tabwriter layout). The fmt verbs and encoding/json output the templates print with are
// Go's, ported in src/format/ (go-fmt.ts, go-json.ts), where go-values.ts says which Go value
// each JS value stands for.

import { errorMessage, InvalidParameterError } from "../../errdefs/errors.ts";
import { sprint, sprintf, sprintln } from "../../format/go-fmt.ts";
import { toGoJSON } from "../../format/go-json.ts";
import { isPrint, parseGoFloat, parseGoInt, quote, unquoteChar, unquoteGo } from "../../format/go-strconv.ts";
import {
  compareStrings,
  goTypeName,
  isGoInt,
  isPlainObject,
  isStruct,
  sortedEntries,
  utf8Length,
} from "../../format/go-values.ts";

export { sprint, sprintf } from "../../format/go-fmt.ts";
export { toGoJSON } from "../../format/go-json.ts";

/** A function callable from a template; it signals failure by throwing. */
export type TemplateFunc = (...args: never[]) => unknown;

export interface Template {
  /** Runs the template against `data` (Go's `.` and `$`) and returns its output. */
  execute(data: unknown): string;
}

/** Thrown for failures while executing, to tell them from errors thrown by called functions. */
class TemplateExecError extends InvalidParameterError {}

/** Unwinds a range body for {{break}} and {{continue}}. */
class LoopSignal extends Error {}
const breakSignal = new LoopSignal("break");
const continueSignal = new LoopSignal("continue");

// ─── Lexer (text/template/parse/lex.go) ──────────────────────────────────────────────────────

type Keyword =
  | "block"
  | "break"
  | "continue"
  | "dot"
  | "define"
  | "else"
  | "end"
  | "if"
  | "nil"
  | "range"
  | "template"
  | "with";

type TokenKind =
  | Keyword
  | "error"
  | "bool"
  | "char"
  | "charConstant"
  | "complex"
  | "assign"
  | "declare"
  | "eof"
  | "field"
  | "identifier"
  | "leftDelim"
  | "leftParen"
  | "number"
  | "pipe"
  | "rawString"
  | "rightDelim"
  | "rightParen"
  | "space"
  | "string"
  | "text"
  | "variable";

interface Token {
  kind: TokenKind;
  pos: number;
  val: string;
  line: number;
}

const keywords = new Map<string, Keyword>([
  [".", "dot"],
  ["block", "block"],
  ["break", "break"],
  ["continue", "continue"],
  ["define", "define"],
  ["else", "else"],
  ["end", "end"],
  ["if", "if"],
  ["nil", "nil"],
  ["range", "range"],
  ["template", "template"],
  ["with", "with"],
]);
const keywordKinds = new Set<TokenKind>(keywords.values());

const LEFT_DELIM = "{{";
const RIGHT_DELIM = "}}";
const LEFT_COMMENT = "/*";
const RIGHT_COMMENT = "*/";
const EOF = "";

type LexState =
  | "text"
  | "leftDelim"
  | "comment"
  | "rightDelim"
  | "insideAction"
  | "space"
  | "identifier"
  | "field"
  | "variable"
  | "char"
  | "number"
  | "quote"
  | "rawQuote";

const isSpace = (c: string) => c === " " || c === "\t" || c === "\r" || c === "\n";
const isAlphaNumeric = (c: string) => c === "_" || (c !== EOF && /^[\p{L}\p{Nd}]$/u.test(c));

/** Go's %#U: "U+0021 '!'". */
function formatRune(c: string): string {
  const cp = c === EOF ? -1 : c.codePointAt(0)!;
  if (cp < 0) return "U+FFFFFFFFFFFFFFFF";
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  return isPrint(cp) ? `${hex} '${c}'` : hex;
}

class Lexer {
  readonly tokens: Token[] = [];
  private readonly input: string;
  private readonly breakOK: boolean;
  private readonly continueOK: boolean;
  private pos = 0;
  private start = 0;
  private width = 0;
  private parenDepth = 0;

  constructor(input: string, breakOK: boolean, continueOK: boolean) {
    this.input = input;
    this.breakOK = breakOK;
    this.continueOK = continueOK;
    let state: LexState | null = "text";
    while (state) state = this.step(state);
  }

  private step(state: LexState): LexState | null {
    switch (state) {
      case "text":
        return this.lexText();
      case "leftDelim":
        return this.lexLeftDelim();
      case "comment":
        return this.lexComment();
      case "rightDelim":
        return this.lexRightDelim();
      case "insideAction":
        return this.lexInsideAction();
      case "space":
        return this.lexSpace();
      case "identifier":
        return this.lexIdentifier();
      case "field":
        return this.lexFieldOrVariable("field");
      case "variable":
        return this.atTerminator() ? this.emit("variable") : this.lexFieldOrVariable("variable");
      case "char":
        return this.lexQuoted("'", "charConstant", "unterminated character constant");
      case "number":
        return this.lexNumber();
      case "quote":
        return this.lexQuoted('"', "string", "unterminated quoted string");
      case "rawQuote":
        return this.lexRawQuote();
    }
  }

  private next(): string {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const c = String.fromCodePoint(this.input.codePointAt(this.pos)!);
    this.width = c.length;
    this.pos += this.width;
    return c;
  }

  private peek(): string {
    const c = this.next();
    this.pos -= this.width;
    return c;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private lineAt(pos: number): number {
    let line = 1;
    for (let i = this.input.indexOf("\n"); i >= 0 && i < pos; i = this.input.indexOf("\n", i + 1)) line++;
    return line;
  }

  private emit(kind: TokenKind): LexState {
    this.tokens.push({
      kind,
      pos: this.start,
      val: this.input.slice(this.start, this.pos),
      line: this.lineAt(this.start),
    });
    this.start = this.pos;
    return "insideAction";
  }

  private ignore(): void {
    this.start = this.pos;
  }

  private accept(valid: string): boolean {
    const c = this.next();
    if (c !== EOF && valid.includes(c)) return true;
    this.backup();
    return false;
  }

  private acceptRun(valid: string): void {
    while (this.accept(valid));
  }

  private errorf(msg: string): null {
    this.tokens.push({ kind: "error", pos: this.start, val: msg, line: this.lineAt(this.start) });
    return null;
  }

  private hasLeftTrimMarker(at: number): boolean {
    return this.input[at] === "-" && isSpace(this.input[at + 1] ?? EOF);
  }

  private hasRightTrimMarker(at: number): boolean {
    return isSpace(this.input[at] ?? EOF) && this.input[at + 1] === "-";
  }

  /** Whether a right delimiter, possibly preceded by a trim marker, starts here. */
  private atRightDelim(): { delim: boolean; trim: boolean } {
    if (this.hasRightTrimMarker(this.pos) && this.input.startsWith(RIGHT_DELIM, this.pos + 2)) {
      return { delim: true, trim: true };
    }
    return { delim: this.input.startsWith(RIGHT_DELIM, this.pos), trim: false };
  }

  private leftTrimLength(at: number): number {
    let n = 0;
    while (isSpace(this.input[at + n] ?? EOF)) n++;
    return n;
  }

  private lexText(): LexState | null {
    const x = this.input.indexOf(LEFT_DELIM, this.pos);
    if (x >= 0) {
      if (x > this.pos) {
        this.pos = x;
        let trim = 0;
        if (this.hasLeftTrimMarker(x + LEFT_DELIM.length)) {
          const text = this.input.slice(this.start, x);
          trim = text.length - text.replace(/[ \t\r\n]+$/, "").length;
        }
        this.pos -= trim;
        if (this.pos > this.start) this.emit("text");
        this.pos += trim;
        this.ignore();
      }
      return "leftDelim";
    }
    this.pos = this.input.length;
    if (this.pos > this.start) this.emit("text");
    this.emit("eof");
    return null;
  }

  private lexLeftDelim(): LexState {
    this.pos += LEFT_DELIM.length;
    const afterMarker = this.hasLeftTrimMarker(this.pos) ? 2 : 0;
    if (this.input.startsWith(LEFT_COMMENT, this.pos + afterMarker)) {
      this.pos += afterMarker;
      this.ignore();
      return "comment";
    }
    this.emit("leftDelim");
    this.pos += afterMarker;
    this.ignore();
    this.parenDepth = 0;
    return "insideAction";
  }

  private lexComment(): LexState | null {
    this.pos += LEFT_COMMENT.length;
    const x = this.input.indexOf(RIGHT_COMMENT, this.pos);
    if (x < 0) return this.errorf("unclosed comment");
    this.pos = x + RIGHT_COMMENT.length;
    const { delim, trim } = this.atRightDelim();
    if (!delim) return this.errorf("comment ends before closing delimiter");
    if (trim) this.pos += 2;
    this.pos += RIGHT_DELIM.length;
    if (trim) this.pos += this.leftTrimLength(this.pos);
    this.ignore();
    return "text";
  }

  private lexRightDelim(): LexState {
    const { trim } = this.atRightDelim();
    if (trim) {
      this.pos += 2;
      this.ignore();
    }
    this.pos += RIGHT_DELIM.length;
    this.emit("rightDelim");
    if (trim) {
      this.pos += this.leftTrimLength(this.pos);
      this.ignore();
    }
    return "text";
  }

  private lexInsideAction(): LexState | null {
    if (this.atRightDelim().delim) {
      if (this.parenDepth === 0) return "rightDelim";
      return this.errorf("unclosed left paren");
    }
    const r = this.next();
    if (r === EOF) return this.errorf("unclosed action");
    if (isSpace(r)) {
      this.backup();
      return "space";
    }
    switch (r) {
      case "=":
        return this.emit("assign");
      case ":":
        if (this.next() !== "=") return this.errorf("expected :=");
        return this.emit("declare");
      case "|":
        return this.emit("pipe");
      case '"':
        return "quote";
      case "`":
        return "rawQuote";
      case "$":
        return "variable";
      case "'":
        return "char";
      case "(":
        this.parenDepth++;
        return this.emit("leftParen");
      case ")":
        this.parenDepth--;
        if (this.parenDepth < 0) return this.errorf("unexpected right paren");
        return this.emit("rightParen");
    }
    if (r === ".") {
      const c = this.input[this.pos];
      if (c !== undefined && (c < "0" || c > "9")) return "field";
    }
    if (r === "." || r === "+" || r === "-" || (r >= "0" && r <= "9")) {
      this.backup();
      return "number";
    }
    if (isAlphaNumeric(r)) {
      this.backup();
      return "identifier";
    }
    if (r >= " " && r <= "~") return this.emit("char");
    return this.errorf(`unrecognized character in action: ${formatRune(r)}`);
  }

  private lexSpace(): LexState {
    let spaces = 0;
    while (isSpace(this.peek())) {
      this.next();
      spaces++;
    }
    // A trim-marked right delimiter starts with a space: leave it for lexRightDelim.
    if (this.hasRightTrimMarker(this.pos - 1) && this.input.startsWith(RIGHT_DELIM, this.pos + 1)) {
      this.pos--;
      if (spaces === 1) return "rightDelim";
    }
    return this.emit("space");
  }

  private lexIdentifier(): LexState | null {
    for (;;) {
      const r = this.next();
      if (isAlphaNumeric(r)) continue;
      this.backup();
      const word = this.input.slice(this.start, this.pos);
      if (!this.atTerminator()) return this.errorf(`bad character ${formatRune(r)}`);
      const keyword = keywords.get(word);
      if (keyword && keyword !== "dot") {
        const disabled =
          (keyword === "break" && !this.breakOK) || (keyword === "continue" && !this.continueOK);
        return this.emit(disabled ? "identifier" : keyword);
      }
      if (word === "true" || word === "false") return this.emit("bool");
      return this.emit("identifier");
    }
  }

  private lexFieldOrVariable(kind: "field" | "variable"): LexState | null {
    if (this.atTerminator()) return this.emit(kind === "variable" ? "variable" : "dot");
    let r: string;
    for (;;) {
      r = this.next();
      if (!isAlphaNumeric(r)) {
        this.backup();
        break;
      }
    }
    if (!this.atTerminator()) return this.errorf(`bad character ${formatRune(r)}`);
    return this.emit(kind);
  }

  /** Whether the input is at a character that may follow an identifier. */
  private atTerminator(): boolean {
    const r = this.peek();
    if (r === EOF || isSpace(r) || ".,|:)(".includes(r)) return true;
    return this.input.startsWith(RIGHT_DELIM, this.pos);
  }

  private lexQuoted(quote: string, kind: TokenKind, unterminated: string): LexState | null {
    for (;;) {
      const c = this.next();
      if (c === "\\") {
        const r = this.next();
        if (r !== EOF && r !== "\n") continue;
        return this.errorf(unterminated);
      }
      if (c === EOF || c === "\n") return this.errorf(unterminated);
      if (c === quote) return this.emit(kind);
    }
  }

  private lexRawQuote(): LexState | null {
    for (;;) {
      const c = this.next();
      if (c === EOF) return this.errorf("unterminated raw quoted string");
      if (c === "`") return this.emit("rawString");
    }
  }

  private lexNumber(): LexState | null {
    if (!this.scanNumber())
      return this.errorf(`bad number syntax: ${quote(this.input.slice(this.start, this.pos))}`);
    const sign = this.peek();
    if (sign === "+" || sign === "-") {
      if (!this.scanNumber() || this.input[this.pos - 1] !== "i") {
        return this.errorf(`bad number syntax: ${quote(this.input.slice(this.start, this.pos))}`);
      }
      return this.emit("complex");
    }
    return this.emit("number");
  }

  private scanNumber(): boolean {
    this.accept("+-");
    let digits = "0123456789_";
    if (this.accept("0")) {
      if (this.accept("xX")) digits = "0123456789abcdefABCDEF_";
      else if (this.accept("oO")) digits = "01234567_";
      else if (this.accept("bB")) digits = "01_";
    }
    this.acceptRun(digits);
    if (this.accept(".")) this.acceptRun(digits);
    if (digits.length === 11 && this.accept("eE")) {
      this.accept("+-");
      this.acceptRun("0123456789_");
    }
    if (digits.length === 23 && this.accept("pP")) {
      this.accept("+-");
      this.acceptRun("0123456789_");
    }
    this.accept("i");
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }
}

// ─── AST (text/template/parse/node.go) ───────────────────────────────────────────────────────

interface TextNode {
  type: "text";
  pos: number;
  text: string;
}
interface ActionNode {
  type: "action";
  pos: number;
  pipe: PipeNode;
}
interface BranchNode {
  type: "if" | "range" | "with";
  pos: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}
interface TemplateNode {
  type: "template";
  pos: number;
  name: string;
  pipe: PipeNode | null;
}
interface LoopControlNode {
  type: "break" | "continue";
  pos: number;
}
interface ListNode {
  type: "list";
  pos: number;
  nodes: Node[];
}
/** {{end}} and {{else}} only exist while parsing, to close a list. */
interface DelimNode {
  type: "end" | "else";
  pos: number;
}
type Node = TextNode | ActionNode | BranchNode | TemplateNode | LoopControlNode | ListNode | DelimNode;

interface PipeNode {
  type: "pipe";
  pos: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
interface CommandNode {
  type: "command";
  pos: number;
  args: ArgNode[];
}
interface FieldNode {
  type: "field";
  pos: number;
  ident: string[];
}
interface VariableNode {
  type: "variable";
  pos: number;
  ident: string[];
}
interface IdentifierNode {
  type: "identifier";
  pos: number;
  ident: string;
}
interface ChainNode {
  type: "chain";
  pos: number;
  node: ArgNode;
  field: string[];
}
interface DotNode {
  type: "dot";
  pos: number;
}
interface NilNode {
  type: "nil";
  pos: number;
}
interface BoolNode {
  type: "bool";
  pos: number;
  value: boolean;
}
interface NumberNode {
  type: "number";
  pos: number;
  text: string;
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  int: bigint;
  float: number;
}
interface StringNode {
  type: "string";
  pos: number;
  quoted: string;
  text: string;
}
type ArgNode =
  | FieldNode
  | VariableNode
  | IdentifierNode
  | ChainNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode;

/** A node as Go's Node.String() writes it, for error messages. */
function nodeString(n: Node | ArgNode | CommandNode): string {
  switch (n.type) {
    case "text":
      return n.text;
    case "action":
      return `{{${nodeString(n.pipe)}}}`;
    case "if":
    case "range":
    case "with": {
      const tail = n.elseList ? `{{else}}${nodeString(n.elseList)}` : "";
      return `{{${n.type} ${nodeString(n.pipe)}}}${nodeString(n.list)}${tail}{{end}}`;
    }
    case "template":
      return n.pipe ? `{{template ${quote(n.name)} ${nodeString(n.pipe)}}}` : `{{template ${quote(n.name)}}}`;
    case "break":
    case "continue":
      return `{{${n.type}}}`;
    case "list":
      return n.nodes.map(nodeString).join("");
    case "end":
    case "else":
      return `{{${n.type}}}`;
    case "pipe": {
      const decl = n.decl.length ? `${n.decl.map(nodeString).join(", ")} ${n.isAssign ? "=" : ":="} ` : "";
      return decl + n.cmds.map(nodeString).join(" | ");
    }
    case "command":
      return n.args.map((a) => (a.type === "pipe" ? `(${nodeString(a)})` : nodeString(a))).join(" ");
    case "field":
      return n.ident.map((i) => `.${i}`).join("");
    case "variable":
      return n.ident.join(".");
    case "identifier":
      return n.ident;
    case "chain": {
      const head = n.node.type === "pipe" ? `(${nodeString(n.node)})` : nodeString(n.node);
      return head + n.field.map((f) => `.${f}`).join("");
    }
    case "dot":
      return ".";
    case "nil":
      return "nil";
    case "bool":
      return String(n.value);
    case "number":
      return n.text;
    case "string":
      return n.quoted;
  }
}

function isEmptyTree(n: Node | null): boolean {
  if (!n) return true;
  if (n.type === "list") return n.nodes.every(isEmptyTree);
  if (n.type === "text") return n.text.trim() === "";
  return false;
}

// ─── Parser (text/template/parse/parse.go) ───────────────────────────────────────────────────

interface Tree {
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

/** A token as Go's item.String() writes it. */
function tokenString(t: Token): string {
  if (t.kind === "eof") return "EOF";
  if (t.kind === "error") return t.val;
  if (keywordKinds.has(t.kind)) return `<${t.val}>`;
  const runes = [...t.val];
  if (runes.length > 10) return `${quote(runes.slice(0, 10).join(""))}...`;
  return quote(t.val);
}

/** Parses src into its tree set: the top-level template under "" and every {{define}}/{{block}}. */
function parseTrees(src: string, funcs: ReadonlySet<string>): Map<string, Tree> {
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

/** Go's truth: false, 0, nil and empty strings, slices and maps are false; structs are true. */
function isTrue(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  switch (typeof v) {
    case "string":
      return v.length > 0;
    case "boolean":
      return v;
    case "number":
      return v !== 0;
    case "bigint":
      return v !== 0n;
  }
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (isPlainObject(v)) return Object.keys(v).length > 0;
  return true;
}

// ─── Functions ───────────────────────────────────────────────────────────────────────────────

/**
 * How an argument is converted before a call, after reflect's view of the parameter type:
 * "any" is interface{} (a missing value becomes nil), "value" is reflect.Value (a missing
 * value stays missing), the rest are concrete types.
 */
type ParamType = "any" | "value" | "string" | "int" | "strings";

interface FuncDef {
  fn: (...args: never[]) => unknown;
  /** Fixed parameters; without them any number of "any" arguments is accepted. */
  params?: ParamType[];
  variadic?: ParamType;
}

const paramTypeName: Record<ParamType, string> = {
  any: "interface {}",
  value: "reflect.Value",
  string: "string",
  int: "int",
  strings: "[]string",
};

const nilToMissing = (v: unknown) => (v === null ? undefined : v);

/** The arguments of html/js/urlquery as one string: evalArgs in text/template/funcs.go. */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === "string") return args[0];
  return sprint(...args.map((a) => (a === null || a === undefined ? "<no value>" : a)));
}

function htmlEscape(s: string): string {
  const map: Record<string, string> = {
    "\0": "\uFFFD",
    '"': "&#34;",
    "'": "&#39;",
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
  };
  return s.replace(/[\0"'&<>]/g, (c) => map[c]);
}

function jsEscape(s: string): string {
  const map: Record<string, string> = {
    "\\": "\\\\",
    "'": "\\'",
    '"': '\\"',
    "<": "\\u003C",
    ">": "\\u003E",
    "&": "\\u0026",
    "=": "\\u003D",
  };
  let out = "";
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    if (c in map) out += map[c];
    else if (cp < 0x20) out += `\\u00${cp.toString(16).toUpperCase().padStart(2, "0")}`;
    else if (cp < 0x80 || isPrint(cp)) out += c;
    else out += `\\u${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return out;
}

/** url.QueryEscape. */
function urlQueryEscape(s: string): string {
  let out = "";
  for (const b of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === " ") out += "+";
    else out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** An index argument to index/slice: indexArg in funcs.go. */
function indexArg(index: unknown, cap: number): number {
  const i = nilToMissing(index);
  if (i === undefined) throw new Error("cannot index slice/array with nil");
  if (!isGoInt(i)) throw new Error(`cannot index slice/array with type ${goTypeName(i)}`);
  const x = Number(i);
  if (x < 0 || x > cap) throw new Error(`index out of range: ${x}`);
  return x;
}

function indexFn(item: unknown, ...indexes: unknown[]): unknown {
  let v: unknown = nilToMissing(item);
  if (v === undefined) throw new Error("index of untyped nil");
  for (const index of indexes) {
    if (v === null || v === undefined) throw new Error("index of nil pointer");
    if (typeof v === "string") {
      // Indexing a Go string gives a byte.
      const bytes: Buffer = Buffer.from(v, "utf8");
      const x = indexArg(index, bytes.length);
      if (x === bytes.length) throw new Error("reflect: string index out of range");
      v = bytes[x];
    } else if (Array.isArray(v)) {
      const x = indexArg(index, v.length);
      if (x === v.length) throw new Error("reflect: slice index out of range");
      v = v[x] ?? null;
    } else if (v instanceof Map) {
      v = v.get(index);
    } else if (isPlainObject(v)) {
      const key = nilToMissing(index);
      if (key === undefined) throw new Error("value is nil; should be of type string");
      if (typeof key !== "string") throw new Error(`value has type ${goTypeName(key)}; should be string`);
      v = Object.hasOwn(v, key) ? v[key] : undefined;
    } else {
      throw new Error(`can't index item of type ${goTypeName(v)}`);
    }
  }
  return v;
}

function sliceFn(item: unknown, ...indexes: unknown[]): unknown {
  const v = nilToMissing(item);
  if (v === undefined) throw new Error("slice of untyped nil");
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  let bytes: Buffer | null = null;
  if (typeof v === "string") {
    if (indexes.length === 3) throw new Error("cannot 3-index slice a string");
    bytes = Buffer.from(v, "utf8");
  } else if (!Array.isArray(v)) throw new Error(`can't slice item of type ${goTypeName(v)}`);
  const len = bytes ? bytes.length : (v as unknown[]).length;
  const idx = [0, len, len];
  indexes.forEach((index, i) => {
    idx[i] = indexArg(index, len);
  });
  if (idx[0] > idx[1]) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  return bytes ? bytes.subarray(idx[0], idx[1]).toString("utf8") : (v as unknown[]).slice(idx[0], idx[1]);
}

function lengthFn(item: unknown): number {
  if (item === undefined) throw new Error("reflect: call of reflect.Value.Type on zero Value");
  if (item === null) throw new Error("len of nil pointer");
  if (typeof item === "string") return utf8Length(item);
  if (Array.isArray(item)) return item.length;
  if (item instanceof Map) return item.size;
  if (isPlainObject(item)) return Object.keys(item).length;
  throw new Error(`len of type ${goTypeName(item)}`);
}

type BasicKind = "bool" | "number" | "string" | "invalid";

/** Kinds compared by value; numbers compare across Go's int and float64 as JS has one type. */
function basicKind(v: unknown): BasicKind {
  switch (typeof v) {
    case "boolean":
      return "bool";
    case "number":
    case "bigint":
      return "number";
    case "string":
      return "string";
  }
  return "invalid";
}

/** reflect's Kind, as far as eq tells composite values apart. */
function reflectKind(v: unknown): string {
  if (v === undefined) return "invalid";
  if (Array.isArray(v)) return "slice";
  if (v instanceof Map || isPlainObject(v)) return "map";
  if (typeof v === "function") return "func";
  return "struct";
}

function eq(arg1: unknown, ...arg2: unknown[]): boolean {
  const v1 = nilToMissing(arg1);
  if (arg2.length === 0) throw new Error("missing argument for comparison");
  const k1 = basicKind(v1);
  for (const arg of arg2) {
    const v2 = nilToMissing(arg);
    const k2 = basicKind(v2);
    let truth = false;
    if (k1 !== k2) {
      if (v1 !== undefined && v2 !== undefined) {
        throw new Error(`incompatible types for comparison: ${goTypeName(v1)} and ${goTypeName(v2)}`);
      }
    } else if (k1 === "number") {
      truth = Number(v1) === Number(v2);
    } else if (k1 !== "invalid") {
      truth = v1 === v2;
    } else {
      const r1 = reflectKind(v1);
      const r2 = reflectKind(v2);
      if (r1 !== r2 && r1 !== "invalid" && r2 !== "invalid") {
        throw new Error(
          `non-comparable types ${sprint(v1)}: ${goTypeName(v1)}, ${goTypeName(v2)}: ${sprint(v2)}`,
        );
      }
      if (v1 === undefined || v2 === undefined) truth = v1 === v2;
      else if (r2 === "slice" || r2 === "map" || r2 === "func") {
        throw new Error(`non-comparable type ${sprint(v2)}: ${goTypeName(v2)}`);
      } else if (v1 instanceof Date && v2 instanceof Date) truth = v1.getTime() === v2.getTime();
      else truth = v1 === v2;
    }
    if (truth) return true;
  }
  return false;
}

function lt(arg1: unknown, arg2: unknown): boolean {
  const v1 = nilToMissing(arg1);
  const v2 = nilToMissing(arg2);
  const k1 = basicKind(v1);
  const k2 = basicKind(v2);
  if (k1 === "invalid" || k2 === "invalid") throw new Error("invalid type for comparison");
  if (k1 !== k2)
    throw new Error(`incompatible types for comparison: ${goTypeName(v1)} and ${goTypeName(v2)}`);
  if (k1 === "bool") throw new Error("invalid type for comparison");
  if (k1 === "number") return Number(v1) < Number(v2);
  return compareStrings(v1 as string, v2 as string) < 0;
}

const le = (a: unknown, b: unknown) => lt(a, b) || eq(a, b);

/** strings.Title: upper-cases the first letter of each word. */
function goTitle(s: string): string {
  const isSeparator = (c: string) => {
    const cp = c.codePointAt(0)!;
    if (cp <= 0x7f) return !/[0-9a-zA-Z_]/.test(c);
    if (/[\p{L}\p{Nd}]/u.test(c)) return false;
    return /\s/u.test(c);
  };
  let prev = " ";
  let out = "";
  for (const c of s) {
    out += isSeparator(prev) ? caseRune(c, "upper") : c;
    prev = c;
  }
  return out;
}

/** unicode.ToUpper/ToLower rune by rune: one-to-many mappings (ß → SS) are left alone, as in Go. */
function caseRune(c: string, to: "upper" | "lower"): string {
  const m = to === "upper" ? c.toUpperCase() : c.toLowerCase();
  return [...m].length === 1 ? m : c;
}

function mapCase(s: string, to: "upper" | "lower"): string {
  let out = "";
  for (const c of s) out += caseRune(c, to);
  return out;
}

function repeatSpaces(n: number): string {
  if (n < 0) throw new Error("strings: negative Repeat count");
  return " ".repeat(n);
}

/** The builtin functions of text/template (funcs.go). */
const builtinFuncs = new Map<string, FuncDef>([
  ["and", { params: ["value"], variadic: "value", fn: () => undefined }],
  ["or", { params: ["value"], variadic: "value", fn: () => undefined }],
  ["call", { params: ["value"], variadic: "value", fn: () => undefined }],
  ["html", { params: [], variadic: "any", fn: (...a: unknown[]) => htmlEscape(evalArgs(a)) }],
  ["index", { params: ["value"], variadic: "value", fn: indexFn }],
  ["slice", { params: ["value"], variadic: "value", fn: sliceFn }],
  ["js", { params: [], variadic: "any", fn: (...a: unknown[]) => jsEscape(evalArgs(a)) }],
  ["len", { params: ["value"], fn: lengthFn }],
  ["not", { params: ["value"], fn: (v: unknown) => !isTrue(v) }],
  ["print", { params: [], variadic: "any", fn: (...a: unknown[]) => sprint(...a) }],
  ["printf", { params: ["string"], variadic: "any", fn: (f: string, ...a: unknown[]) => sprintf(f, ...a) }],
  ["println", { params: [], variadic: "any", fn: (...a: unknown[]) => sprintln(...a) }],
  ["urlquery", { params: [], variadic: "any", fn: (...a: unknown[]) => urlQueryEscape(evalArgs(a)) }],
  ["eq", { params: ["value"], variadic: "value", fn: eq }],
  ["ge", { params: ["value", "value"], fn: (a: unknown, b: unknown) => !lt(a, b) }],
  ["gt", { params: ["value", "value"], fn: (a: unknown, b: unknown) => !le(a, b) }],
  ["le", { params: ["value", "value"], fn: le }],
  ["lt", { params: ["value", "value"], fn: lt }],
  ["ne", { params: ["value", "value"], fn: (a: unknown, b: unknown) => !eq(a, b) }],
]);

/** Docker's basicFunctions (cli/templates/templates.go). */
const dockerFuncs = new Map<string, FuncDef>([
  ["json", { params: ["any"], fn: (v: unknown) => toGoJSON(v) }],
  [
    "split",
    { params: ["string", "string"], fn: (s: string, sep: string) => (sep === "" ? [...s] : s.split(sep)) },
  ],
  ["join", { params: ["strings", "string"], fn: (a: string[] | null, sep: string) => (a ?? []).join(sep) }],
  ["title", { params: ["string"], fn: goTitle }],
  ["lower", { params: ["string"], fn: (s: string) => mapCase(s, "lower") }],
  ["upper", { params: ["string"], fn: (s: string) => mapCase(s, "upper") }],
  [
    "pad",
    {
      params: ["string", "int", "int"],
      fn: (s: string, prefix: number, suffix: number) =>
        s === "" ? s : repeatSpaces(prefix) + s + repeatSpaces(suffix),
    },
  ],
  [
    "truncate",
    {
      params: ["string", "int"],
      fn: (s: string, n: number) => {
        const bytes = Buffer.from(s, "utf8");
        if (bytes.length < n) return s;
        if (n < 0) throw new Error(`runtime error: slice bounds out of range [:${n}]`);
        return bytes.subarray(0, n).toString("utf8");
      },
    },
  ],
]);

/** Docker's HeaderFunctions: a table header keeps each column's name intact. */
const headerFuncs = new Map<string, FuncDef>([
  ["json", { params: ["string"], fn: (v: string) => v }],
  ["split", { params: ["string", "string"], fn: (v: string) => v }],
  ["join", { params: ["string", "string"], fn: (v: string) => v }],
  ["title", { params: ["string"], fn: (v: string) => v }],
  ["lower", { params: ["string"], fn: (v: string) => v }],
  ["upper", { params: ["string"], fn: (v: string) => v }],
  ["truncate", { params: ["string", "int"], fn: (v: string) => v }],
]);

// ─── Evaluator (text/template/exec.go) ───────────────────────────────────────────────────────

/** The previous pipeline stage's value is absent: Go's missingVal. */
const MISSING: unique symbol = Symbol("missing");
type Final = unknown | typeof MISSING;

/** Go's maxExecDepth on wasm: deep enough for any real template, shallow enough for JS stacks. */
const MAX_EXEC_DEPTH = 1000;

interface Program {
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

class State {
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

/** The builtin `call`: calls a function value with the remaining arguments. */
function callFn(calleeName: string, fn: unknown, args: unknown[]): unknown {
  const f = nilToMissing(fn);
  if (f === undefined) throw new Error("call of nil");
  if (typeof f !== "function") throw new Error(`non-function ${calleeName} of type ${goTypeName(f)}`);
  return f(...args.map((a) => (a === undefined ? null : a)));
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

// ─── Templates ───────────────────────────────────────────────────────────────────────────────

class GoTemplate implements Template {
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

/**
 * Parses a Go text/template with text/template's builtins and docker's template functions
 * (json, split, join, title, lower, upper, pad, truncate), plus `funcs`. Parse errors throw an
 * InvalidParameterError worded as Go's (`template: :1: function "foo" not defined`); so do
 * execution errors (`template: :1:2: executing "" at <.A.B>: can't evaluate field B in type int`).
 */
export function parseTemplate(src: string, funcs: Record<string, TemplateFunc> = {}): Template {
  return parseGoTemplate(src, funcs);
}

function parseGoTemplate(src: string, funcs: Record<string, TemplateFunc> = {}): GoTemplate {
  const defs = new Map(dockerFuncs);
  for (const [name, fn] of Object.entries(funcs)) defs.set(name, { fn });
  const names = new Set([...builtinFuncs.keys(), ...defs.keys()]);
  return new GoTemplate(src, parseTrees(src, names), defs);
}

/** Parses and executes a template once. */
export function renderTemplate(src: string, data: unknown, funcs?: Record<string, TemplateFunc>): string {
  return parseTemplate(src, funcs).execute(data);
}

// ─── text/tabwriter ──────────────────────────────────────────────────────────────────────────

/** Display width of one code point, as go-runewidth counts it for docker's tabwriter. */
function runeWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp === 0x200b || cp === 0x200c || cp === 0x200d || cp === 0xfeff) return 0;
  if (/^[\p{Mn}\p{Me}]$/u.test(String.fromCodePoint(cp))) return 0;
  const wide =
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd);
  return wide ? 2 : 1;
}

/** Terminal columns a string takes: wide (East Asian, emoji) runes count two, combining marks none. */
export function stringWidth(s: string): number {
  let w = 0;
  for (const c of s) w += runeWidth(c.codePointAt(0)!);
  return w;
}

interface Cell {
  size: number;
  width: number;
  htab: boolean;
}

/**
 * Go's text/tabwriter (the elastic tabstops of docker's fork, which measures display width):
 * tab-terminated cells in consecutive lines form a column padded to its widest cell plus
 * `padding`, at least `minwidth`; the text after a line's last tab is not part of a column.
 */
export class TabWriter {
  private readonly minwidth: number;
  private readonly tabwidth: number;
  private readonly padding: number;
  private readonly padchar: string;
  private buf = "";
  private pos = 0;
  private cell: Cell = { size: 0, width: 0, htab: false };
  private lines: Cell[][] = [[]];
  private widths: number[] = [];
  private out: string[] = [];

  constructor(minwidth: number, tabwidth: number, padding: number, padchar = " ") {
    this.minwidth = minwidth;
    this.tabwidth = tabwidth;
    this.padding = padding;
    this.padchar = padchar;
  }

  write(text: string): void {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch !== "\t" && ch !== "\v" && ch !== "\n" && ch !== "\f") continue;
      this.append(text.slice(n, i));
      this.updateWidth();
      n = i + 1;
      const ncells = this.terminateCell(ch === "\t");
      if (ch === "\n" || ch === "\f") {
        this.lines.push([]);
        // A line of one cell ends every column, so what is buffered can be laid out now.
        if (ch === "\f" || ncells === 1) this.flushBuffered();
      }
    }
    this.append(text.slice(n));
  }

  /** Lays out everything written and returns the output not yet returned. */
  flush(): string {
    this.flushBuffered();
    const s = this.out.join("");
    this.out = [];
    return s;
  }

  private append(s: string): void {
    this.buf += s;
    this.cell.size += s.length;
  }

  private updateWidth(): void {
    this.cell.width += stringWidth(this.buf.slice(this.pos));
    this.pos = this.buf.length;
  }

  private terminateCell(htab: boolean): number {
    this.cell.htab = htab;
    const line = this.lines[this.lines.length - 1];
    line.push(this.cell);
    this.cell = { size: 0, width: 0, htab: false };
    return line.length;
  }

  private flushBuffered(): void {
    if (this.cell.size > 0) this.terminateCell(false);
    this.format(0, 0, this.lines.length);
    this.buf = "";
    this.pos = 0;
    this.cell = { size: 0, width: 0, htab: false };
    this.lines = [[]];
    this.widths = [];
  }

  private writePadding(textw: number, cellw: number, useTabs: boolean): void {
    if (this.padchar === "\t" || useTabs) {
      if (this.tabwidth === 0) return;
      const w = Math.ceil(cellw / this.tabwidth) * this.tabwidth;
      this.out.push("\t".repeat(Math.ceil((w - textw) / this.tabwidth)));
      return;
    }
    this.out.push(this.padchar.repeat(cellw - textw));
  }

  private writeLines(pos0: number, line0: number, line1: number): number {
    let pos = pos0;
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i];
      line.forEach((c, j) => {
        if (c.size > 0) {
          this.out.push(this.buf.slice(pos, pos + c.size));
          pos += c.size;
        }
        if (j < this.widths.length) this.writePadding(c.width, this.widths[j], false);
      });
      if (i + 1 === this.lines.length) {
        this.out.push(this.buf.slice(pos, pos + this.cell.size));
        pos += this.cell.size;
      } else {
        this.out.push("\n");
      }
    }
    return pos;
  }

  /** Lays out lines [line0, line1) from buffer position pos0, one column block at a time. */
  private format(pos0: number, line0: number, line1: number): number {
    let pos = pos0;
    const column = this.widths.length;
    for (let th = line0; th < line1; th++) {
      if (column >= this.lines[th].length - 1) continue;
      // This line has a cell in this column: print the lines before it, then size the block.
      pos = this.writeLines(pos, line0, th);
      line0 = th;
      let width = this.minwidth;
      for (; th < line1; th++) {
        const line = this.lines[th];
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column].width + this.padding);
      }
      this.widths.push(width);
      pos = this.format(pos, line0, th);
      this.widths.pop();
      line0 = th;
    }
    return this.writeLines(pos, line0, line1);
  }
}

// ─── docker's formatter (cli/command/formatter/formatter.go) ─────────────────────────────────

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
