// The lexer of Go's text/template (text/template/parse/lex.go): template text to a token
// list, with trim markers, comments, and Go's number, string and character literals.

import { isPrint, quote } from "../../../format/go-strconv.ts";

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

export type TokenKind =
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

export interface Token {
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

export class Lexer {
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

/** A token as Go's item.String() writes it. */
export function tokenString(t: Token): string {
  if (t.kind === "eof") return "EOF";
  if (t.kind === "error") return t.val;
  if (keywordKinds.has(t.kind)) return `<${t.val}>`;
  const runes = [...t.val];
  if (runes.length > 10) return `${quote(runes.slice(0, 10).join(""))}...`;
  return quote(t.val);
}
