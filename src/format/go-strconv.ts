// Ports of the parts of Go's strconv that fmt and text/template need: quoting (Quote, QuoteRune,
// IsPrint, CanBackquote), float formatting (FormatFloat, correctly rounded from the exact
// decimal expansion), and the parsing of Go literals (Unquote, UnquoteChar, ParseInt and
// ParseFloat with base prefixes). Hand-written: no npm library reproduces Go's exact output.

// ─── strconv quoting ─────────────────────────────────────────────────────────────────────────

/** strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(cp: number): boolean {
  if (cp === 0x20) return true;
  if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(String.fromCodePoint(cp));
}

function escapeRune(cp: number, q: string, asciiOnly: boolean): string {
  const c = String.fromCodePoint(cp);
  if (c === q || c === "\\") return `\\${c}`;
  if (isPrint(cp) && (!asciiOnly || cp < 0x80)) return c;
  switch (cp) {
    case 7:
      return "\\a";
    case 8:
      return "\\b";
    case 12:
      return "\\f";
    case 10:
      return "\\n";
    case 13:
      return "\\r";
    case 9:
      return "\\t";
    case 11:
      return "\\v";
  }
  if (cp < 0x20 || cp === 0x7f) return `\\x${cp.toString(16).padStart(2, "0")}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, "0")}`;
  return `\\U${cp.toString(16).padStart(8, "0")}`;
}

/** strconv.Quote (or QuoteToASCII): a double-quoted Go string literal. */
export function quote(s: string, asciiOnly = false): string {
  let out = '"';
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    out += cp >= 0xd800 && cp <= 0xdfff ? "\\ufffd" : escapeRune(cp, '"', asciiOnly);
  }
  return `${out}"`;
}

export function quoteRune(cp: number, asciiOnly: boolean): string {
  return `'${escapeRune(cp, "'", asciiOnly)}'`;
}

export function canBackquote(s: string): boolean {
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    if (cp === 0xfeff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    if ((cp < 0x20 && cp !== 9) || c === "`" || cp === 0x7f) return false;
  }
  return true;
}

// ─── Float formatting (strconv.FormatFloat) ──────────────────────────────────────────────────

/** Decimal digits of a non-negative number: value = 0.d × 10^dp, no trailing zeros in d. */
interface Digits {
  d: string;
  dp: number;
}

/** The exact decimal expansion of a finite double, for correctly rounded fixed precision. */
function exactDigits(x: number): Digits {
  if (x === 0) return { d: "", dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  let exp = (view.getUint32(0) >>> 20) & 0x7ff;
  let mant = (BigInt(view.getUint32(0) & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  if (exp === 0) exp = 1;
  else mant |= 1n << 52n;
  exp -= 1075;
  let d: string;
  let dp: number;
  if (exp >= 0) {
    d = (mant << BigInt(exp)).toString();
    dp = d.length;
  } else {
    d = (mant * 5n ** BigInt(-exp)).toString();
    dp = d.length + exp;
  }
  return { d: d.replace(/0+$/, ""), dp };
}

/** The shortest digits that read back as x, as Go's shortest formatting picks them. */
function shortestDigits(x: number): Digits {
  if (x === 0) return { d: "", dp: 0 };
  const [mant, exp] = x.toExponential().split("e");
  return { d: mant.replace(".", "").replace(/0+$/, ""), dp: Number(exp) + 1 };
}

/** Rounds to nd digits, half to even on exact ties (strconv's decimal.Round). */
function roundDigits(a: Digits, nd: number): Digits {
  if (nd < 0 || nd >= a.d.length) return a;
  const tie = a.d[nd] === "5" && nd + 1 === a.d.length;
  const up = tie ? nd > 0 && Number(a.d[nd - 1]) % 2 === 1 : a.d[nd] >= "5";
  if (up) {
    let i = nd - 1;
    while (i >= 0 && a.d[i] === "9") i--;
    if (i < 0) return { d: "1", dp: a.dp + 1 };
    return { d: a.d.slice(0, i) + String(Number(a.d[i]) + 1), dp: a.dp };
  }
  const d = a.d.slice(0, nd).replace(/0+$/, "");
  return { d, dp: d === "" ? 0 : a.dp };
}

function fmtE(neg: boolean, a: Digits, prec: number, e: string): string {
  const nd = a.d.length;
  let s = (neg ? "-" : "") + (nd === 0 ? "0" : a.d[0]);
  if (prec > 0) {
    s += ".";
    const m = Math.min(nd, prec + 1);
    if (m > 1) s += a.d.slice(1, m);
    s += "0".repeat(Math.max(0, prec + 1 - Math.max(m, 1)));
  }
  const exp = nd === 0 ? 0 : a.dp - 1;
  const abs = Math.abs(exp);
  return `${s}${e}${exp < 0 ? "-" : "+"}${abs < 10 ? "0" : ""}${abs}`;
}

function fmtF(neg: boolean, a: Digits, prec: number): string {
  const nd = a.d.length;
  let s = neg ? "-" : "";
  if (a.dp > 0) {
    const m = Math.min(nd, a.dp);
    s += a.d.slice(0, m) + "0".repeat(a.dp - m);
  } else s += "0";
  if (prec > 0) {
    s += ".";
    for (let i = 1; i <= prec; i++) {
      const j = a.dp + i - 1;
      s += j >= 0 && j < nd ? a.d[j] : "0";
    }
  }
  return s;
}

/** strconv.FormatFloat(v, fmt, prec, 64); prec < 0 means the shortest exact representation. */
export function formatFloat(v: number, fmt: "e" | "E" | "f" | "g" | "G", prec: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Number.POSITIVE_INFINITY) return "+Inf";
  if (v === Number.NEGATIVE_INFINITY) return "-Inf";
  const neg = v < 0 || Object.is(v, -0);
  const x = Math.abs(v);
  const shortest = prec < 0;
  let digs: Digits;
  if (shortest) {
    digs = shortestDigits(x);
    if (fmt === "e" || fmt === "E") prec = Math.max(digs.d.length - 1, 0);
    else if (fmt === "f") prec = Math.max(digs.d.length - digs.dp, 0);
    else prec = digs.d.length;
  } else {
    const exact = exactDigits(x);
    if (fmt === "e" || fmt === "E") digs = roundDigits(exact, prec + 1);
    else if (fmt === "f") digs = roundDigits(exact, exact.dp + prec);
    else {
      if (prec === 0) prec = 1;
      digs = roundDigits(exact, prec);
    }
  }
  if (fmt === "e" || fmt === "E") return fmtE(neg, digs, prec, fmt);
  if (fmt === "f") return fmtF(neg, digs, prec);
  // %g: %e for large and small exponents, %f otherwise, without trailing zeros.
  const nd = digs.d.length;
  let eprec = prec;
  if (eprec > nd && nd >= digs.dp) eprec = nd;
  if (shortest) eprec = 6;
  const exp = digs.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > nd) prec = nd;
    return fmtE(neg, digs, prec - 1, fmt === "g" ? "e" : "E");
  }
  if (prec > digs.dp) prec = nd;
  return fmtF(neg, digs, Math.max(prec - digs.dp, 0));
}

// ─── Literals (strconv.Unquote, ParseInt, ParseFloat) ────────────────────────────────────────

/** strconv.ParseInt/ParseUint with base 0: sign (signed only), 0x/0o/0b/0 prefixes, underscores. */
export function parseGoInt(text: string, signed: boolean): bigint | null {
  let s = text;
  let neg = false;
  if (s[0] === "+" || s[0] === "-") {
    if (!signed) return null;
    neg = s[0] === "-";
    s = s.slice(1);
  }
  let base = 10;
  let prefixed = false;
  if (/^0[xX]/.test(s)) [base, s, prefixed] = [16, s.slice(2), true];
  else if (/^0[oO]/.test(s)) [base, s, prefixed] = [8, s.slice(2), true];
  else if (/^0[bB]/.test(s)) [base, s, prefixed] = [2, s.slice(2), true];
  else if (/^0./.test(s)) [base, s] = [8, s.slice(1)];
  if (s.includes("_")) {
    // Underscores separate digits, or follow a base prefix.
    if (!/^_?[0-9a-zA-Z]+(_[0-9a-zA-Z]+)*$/.test(s) || (s[0] === "_" && !prefixed && base !== 8)) return null;
    s = s.replaceAll("_", "");
  }
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[base];
  if (!valid?.test(s)) return null;
  const prefix = { 2: "0b", 8: "0o", 10: "", 16: "0x" }[base];
  let v = BigInt(prefix + s);
  if (neg) v = -v;
  if (signed ? v < -(2n ** 63n) || v >= 2n ** 63n : v >= 2n ** 64n) return null;
  return v;
}

/** strconv.ParseFloat for decimal literals; out-of-range values fail as they do in Go. */
export function parseGoFloat(text: string): number | null {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return null;
  const f = Number(text);
  return Number.isFinite(f) ? f : null;
}

const simpleEscapes: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, "\\": 92 };

/**
 * strconv.UnquoteChar on s at i: one character or escape. `byte` marks \x and octal escapes,
 * which give a raw byte rather than a code point.
 */
export function unquoteChar(s: string, i: number, q: string): { value: number; byte: boolean; next: number } {
  const syntax = () => new Error("invalid syntax");
  const c = s[i];
  if (c === undefined) throw syntax();
  if (c !== "\\") {
    if (c === q && q === "'") throw syntax();
    const cp = s.codePointAt(i)!;
    return { value: cp, byte: false, next: i + (cp > 0xffff ? 2 : 1) };
  }
  const e = s[i + 1];
  if (e === undefined) throw syntax();
  if (e in simpleEscapes) return { value: simpleEscapes[e], byte: false, next: i + 2 };
  if (e === "'" || e === '"') {
    if (e !== q) throw syntax();
    return { value: e.charCodeAt(0), byte: false, next: i + 2 };
  }
  const hex = (n: number) => {
    const h = s.slice(i + 2, i + 2 + n);
    if (h.length !== n || !/^[0-9a-fA-F]+$/.test(h)) throw syntax();
    return Number.parseInt(h, 16);
  };
  switch (e) {
    case "x":
      return { value: hex(2), byte: true, next: i + 4 };
    case "u":
    case "U": {
      const n = e === "u" ? 4 : 8;
      const v = hex(n);
      if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw syntax();
      return { value: v, byte: false, next: i + 2 + n };
    }
  }
  if (e >= "0" && e <= "7") {
    const o = s.slice(i + 1, i + 4);
    if (!/^[0-7]{3}$/.test(o)) throw syntax();
    const v = Number.parseInt(o, 8);
    if (v > 255) throw syntax();
    return { value: v, byte: true, next: i + 4 };
  }
  throw syntax();
}

/** strconv.Unquote for "…" and `…` string literals. */
export function unquoteGo(s: string): string {
  const q = s[0];
  if (s.length < 2 || s[s.length - 1] !== q) throw new Error("invalid syntax");
  const body = s.slice(1, -1);
  if (q === "`") {
    if (body.includes("`")) throw new Error("invalid syntax");
    return body.replaceAll("\r", "");
  }
  if (q !== '"') throw new Error("invalid syntax");
  const bytes: number[] = [];
  for (let i = 0; i < body.length; ) {
    if (body[i] === '"' || body[i] === "\n") throw new Error("invalid syntax");
    const c = unquoteChar(body, i, q);
    if (c.byte) bytes.push(c.value);
    else bytes.push(...Buffer.from(String.fromCodePoint(c.value)));
    i = c.next;
  }
  return Buffer.from(bytes).toString("utf8");
}
