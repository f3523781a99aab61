// Docker's Dockerfile word processing (moby/buildkit frontend/dockerfile/shell/lex.go):
// quotes, the escape token, and `$VAR`, `${VAR}`, `${VAR:-x}`, `${VAR-x}`, `${VAR:+x}`,
// `${VAR+x}`, `${VAR:?msg}`. Hand-written: no npm package implements this lexer (shell
// parsers such as shell-quote differ on the escape token, single quotes in `${}` and
// the unset/empty rules), and every instruction that expands must match Docker's.

import { InvalidParameterError } from "../errdefs/errors.ts";

/** Variables in scope: the stage's ENV and ARG values, the last definition winning. */
export type Vars = ReadonlyMap<string, string>;

class Lexer {
  private pos = 0;
  private readonly src: string;
  private readonly vars: Vars;
  private readonly esc: string;
  /** BuildKit's SkipProcessQuotes (heredoc contents): quotes are plain characters. */
  private readonly skipQuotes: boolean;

  constructor(src: string, vars: Vars, esc: string, skipQuotes = false) {
    this.src = src;
    this.vars = vars;
    this.esc = esc;
    this.skipQuotes = skipQuotes;
  }

  private peek(): string {
    return this.src[this.pos] ?? "";
  }

  private next(): string {
    return this.src[this.pos++] ?? "";
  }

  /**
   * Words split on unquoted white space (`split`), or one word with white space kept.
   * Quotes are removed; a quoted empty string is still a word.
   */
  words(split: boolean): string[] {
    const out: string[] = [];
    let word = "";
    let inWord = false;
    while (this.pos < this.src.length) {
      const ch = this.peek();
      if (split && /\s/.test(ch)) {
        this.pos++;
        if (inWord) out.push(word);
        word = "";
        inWord = false;
        continue;
      }
      inWord = true;
      if (ch === this.esc) {
        this.pos++;
        if (this.pos < this.src.length) word += this.next();
        else word += ch;
      } else if (ch === "'" && !this.skipQuotes) {
        this.pos++;
        word += this.singleQuoted();
      } else if (ch === '"' && !this.skipQuotes) {
        this.pos++;
        word += this.doubleQuoted();
      } else if (ch === "$") {
        word += this.dollar();
      } else {
        word += this.next();
      }
    }
    if (inWord) out.push(word);
    return out;
  }

  private singleQuoted(): string {
    let s = "";
    while (this.pos < this.src.length) {
      const ch = this.next();
      if (ch === "'") return s;
      s += ch;
    }
    throw new InvalidParameterError("unexpected end of statement while looking for matching single-quote");
  }

  private doubleQuoted(): string {
    let s = "";
    while (this.pos < this.src.length) {
      const ch = this.peek();
      if (ch === '"') {
        this.pos++;
        return s;
      }
      if (ch === "$") s += this.dollar();
      else if (ch === this.esc) {
        this.pos++;
        const n = this.peek();
        // Inside double quotes the esc only escapes `"`, `$` and itself, as in a shell.
        if (n === '"' || n === "$" || n === this.esc) s += this.next();
        else s += ch;
      } else s += this.next();
    }
    throw new InvalidParameterError("unexpected end of statement while looking for matching double-quote");
  }

  private dollar(): string {
    this.pos++; // the `$`
    const ch = this.peek();
    if (ch === "{") {
      this.pos++;
      return this.braced();
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.pos));
    if (!m) {
      // `$` followed by nothing a name can start with stays a `$`, as Docker's lexer does.
      return "$";
    }
    this.pos += m[0].length;
    return this.vars.get(m[0]) ?? "";
  }

  private braced(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.pos));
    if (!m) throw new InvalidParameterError(`bad substitution: "\${${this.src.slice(this.pos)}"`);
    const name = m[0];
    this.pos += name.length;
    if (this.peek() === "}") {
      this.pos++;
      return this.vars.get(name) ?? "";
    }
    if (this.pos >= this.src.length) throw new InvalidParameterError("syntax error: missing '}'");
    let op = this.next();
    if (op === ":") op += this.next();
    if (!["-", "+", "?", ":-", ":+", ":?"].includes(op))
      throw new InvalidParameterError(`unsupported modifier (${op}) in substitution`);
    const word = this.wordUntilBrace();
    const set = this.vars.has(name);
    const value = this.vars.get(name) ?? "";
    const colon = op.startsWith(":");
    const present = colon ? value !== "" : set;
    switch (op.at(-1)) {
      case "-":
        return present ? value : word;
      case "+":
        return present ? word : "";
      default:
        if (!present) throw new InvalidParameterError(`${name}: ${word || "is not allowed to be unset"}`);
        return value;
    }
  }

  /** The word of `${VAR:-word}`, itself expanded, up to the matching `}`. */
  private wordUntilBrace(): string {
    let s = "";
    while (this.pos < this.src.length) {
      const ch = this.peek();
      if (ch === "}") {
        this.pos++;
        return s;
      }
      if (ch === this.esc) {
        this.pos++;
        s += this.next();
      } else if (ch === "'") {
        this.pos++;
        s += this.singleQuoted();
      } else if (ch === '"') {
        this.pos++;
        s += this.doubleQuoted();
      } else if (ch === "$") s += this.dollar();
      else s += this.next();
    }
    throw new InvalidParameterError("syntax error: missing '}'");
  }
}

/** One word with variables expanded and quotes removed, white space kept (Docker's ProcessWord). */
export function processWord(src: string, vars: Vars, esc = "\\"): string {
  return new Lexer(src, vars, esc).words(false).join("");
}

/** A heredoc's content expanded as BuildKit's ExpandRaw does: variables and escapes, quotes kept. */
export function processHeredoc(src: string, vars: Vars, esc = "\\"): string {
  return new Lexer(src, vars, esc, true).words(false).join("");
}

/** Words split on unquoted white space, each expanded (Docker's ProcessWords). */
export function processWords(src: string, vars: Vars, esc = "\\"): string[] {
  return new Lexer(src, vars, esc).words(true);
}

/**
 * `KEY=VALUE KEY2="a b"` of ENV, LABEL and ARG (and the legacy `KEY VALUE` form), each value
 * expanded and unquoted; keys are expanded too, as Docker's.
 */
export function parseKeyValues(src: string, vars: Vars, esc: string, what: string): [string, string][] {
  const trimmed = src.trim();
  const words = processWords(trimmed, vars, esc);
  if (words.length === 0) throw new InvalidParameterError(`${what} requires at least one argument`);
  if (!words[0].includes("=")) {
    // Legacy `ENV key value...`: the rest of the line is the value.
    const key = words[0];
    const rest = trimmed.slice(trimmed.search(/\s/) >= 0 ? trimmed.search(/\s/) : trimmed.length).trim();
    if (rest === "") throw new InvalidParameterError(`${what} names can not be blank`);
    return [[key, processWord(rest, vars, esc)]];
  }
  return words.map((w) => {
    const eq = w.indexOf("=");
    if (eq < 0)
      throw new InvalidParameterError(
        `Syntax error - can't find = in "${w}". Must be of the form: name=value`,
      );
    if (eq === 0) throw new InvalidParameterError(`${what} names can not be blank`);
    return [w.slice(0, eq), w.slice(eq + 1)];
  });
}
