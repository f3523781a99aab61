// Go's fmt over JS values (fmt/print.go and fmt/format.go): Sprintf with every verb, flag,
// width, precision and argument index, and Sprint/Sprintln, with fmt's own error notes
// (%!d(string=a), %!(EXTRA …), %!v(MISSING)). See go-values.ts for the Go type each JS value
// stands for. Hand-written: JS printf libraries do not reproduce Go's output. One file over
// ~500 lines because Go's pp and fmt types are one Printer here, whose verb methods share
// its flags and buffer.

import { canBackquote, formatFloat, isPrint, quote, quoteRune } from "./go-strconv.ts";
import { goTypeName, isGoInt, isPlainObject, sortedEntries, stringerOf, structFields } from "./go-values.ts";

interface FmtFlags {
  widPresent: boolean;
  precPresent: boolean;
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid: number;
  prec: number;
}

const noFlags = (): FmtFlags => ({
  widPresent: false,
  precPresent: false,
  minus: false,
  plus: false,
  sharp: false,
  space: false,
  zero: false,
  plusV: false,
  sharpV: false,
  wid: 0,
  prec: 0,
});

const tooLarge = (n: number) => n > 1e6 || n < -1e6;

/** Digits at s[start:end) as a number; isnum false when there are none or too many. */
function parsenum(s: string, start: number, end: number): [number, boolean, number] {
  if (start >= end) return [0, false, end];
  let num = 0;
  let isnum = false;
  let i = start;
  for (; i < end && s[i] >= "0" && s[i] <= "9"; i++) {
    if (tooLarge(num)) return [0, false, end];
    num = num * 10 + Number(s[i]);
    isnum = true;
  }
  return [num, isnum, i];
}

class Printer {
  buf = "";
  private f = noFlags();
  private reordered = false;
  private goodArgNum = true;

  private writePadding(n: number): void {
    if (n > 0) this.buf += (this.f.zero && !this.f.minus ? "0" : " ").repeat(n);
  }

  private pad(s: string): void {
    const f = this.f;
    if (!f.widPresent || f.wid === 0) {
      this.buf += s;
      return;
    }
    const width = f.wid - [...s].length;
    if (!f.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  private withoutZero(fn: () => void): void {
    const zero = this.f.zero;
    this.f.zero = false;
    fn();
    this.f.zero = zero;
  }

  private truncate(s: string): string {
    return this.f.precPresent ? [...s].slice(0, this.f.prec).join("") : s;
  }

  private fmtInteger(u: bigint, negative: boolean, base: number, verb: string, upper: boolean): void {
    const f = this.f;
    let prec = 0;
    if (f.precPresent) {
      prec = f.prec;
      if (prec === 0 && u === 0n) {
        this.withoutZero(() => this.writePadding(f.wid));
        return;
      }
    } else if (f.zero && !f.minus && f.widPresent) {
      prec = f.wid;
      if (negative || f.plus || f.space) prec--;
    }
    let s = u.toString(base);
    if (upper) s = s.toUpperCase();
    if (s.length < prec) s = "0".repeat(prec - s.length) + s;
    if (f.sharp) {
      if (base === 2) s = `0b${s}`;
      else if (base === 8 && s[0] !== "0") s = `0${s}`;
      else if (base === 16) s = (upper ? "0X" : "0x") + s;
    }
    if (verb === "O") s = `0o${s}`;
    if (negative) s = `-${s}`;
    else if (f.plus) s = `+${s}`;
    else if (f.space) s = ` ${s}`;
    this.withoutZero(() => this.pad(s));
  }

  private runeOf(u: bigint): number {
    const r = u > 0x10ffffn || u < 0n ? 0xfffd : Number(u);
    return r >= 0xd800 && r <= 0xdfff ? 0xfffd : r;
  }

  private fmtUnicode(u: bigint): void {
    const prec = this.f.precPresent && this.f.prec > 4 ? this.f.prec : 4;
    let s = `U+${u.toString(16).toUpperCase().padStart(prec, "0")}`;
    if (this.f.sharp && u <= 0x10ffffn && isPrint(Number(u))) s += ` '${String.fromCodePoint(Number(u))}'`;
    this.withoutZero(() => this.pad(s));
  }

  private fmtFloat(v: number, verb: string, prec: number): void {
    const f = this.f;
    if (f.precPresent) prec = f.prec;
    const fmt = (verb === "v" ? "g" : verb === "F" ? "f" : verb) as "e" | "E" | "f" | "g" | "G";
    let num = formatFloat(v, fmt, prec);
    if (num[0] !== "-" && num[0] !== "+") num = `+${num}`;
    if (f.space && num[0] === "+" && !f.plus) num = ` ${num.slice(1)}`;
    if (num[1] === "I" || num[1] === "N") {
      if (num[1] === "N" && !f.space && !f.plus) num = num.slice(1);
      this.withoutZero(() => this.pad(num));
      return;
    }
    if (f.plus || num[0] !== "+") {
      if (f.zero && !f.minus && f.widPresent && f.wid > num.length) {
        this.buf += num[0];
        this.writePadding(f.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  private fmtSx(s: string, upper: boolean): void {
    const f = this.f;
    const bytes = Buffer.from(s, "utf8");
    const digits = upper ? "0123456789ABCDEFX" : "0123456789abcdefx";
    const length = f.precPresent && f.prec < bytes.length ? f.prec : bytes.length;
    let width = 2 * length;
    if (width === 0) {
      if (f.widPresent) this.writePadding(f.wid);
      return;
    }
    if (f.space) {
      if (f.sharp) width *= 2;
      width += length - 1;
    } else if (f.sharp) width += 2;
    if (f.widPresent && f.wid > width && !f.minus) this.writePadding(f.wid - width);
    let out = f.sharp ? `0${digits[16]}` : "";
    for (let i = 0; i < length; i++) {
      if (f.space && i > 0) out += f.sharp ? ` 0${digits[16]}` : " ";
      out += digits[bytes[i] >> 4] + digits[bytes[i] & 15];
    }
    this.buf += out;
    if (f.widPresent && f.wid > width && f.minus) this.writePadding(f.wid - width);
  }

  private fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.f.sharp && canBackquote(s)) this.pad(`\`${s}\``);
    else this.pad(quote(s, this.f.plus));
  }

  private badVerb(verb: string, v: unknown): void {
    this.buf += `%!${verb}(`;
    if (v === undefined || v === null) this.buf += "<nil>";
    else {
      this.buf += `${goTypeName(v)}=`;
      this.printValue(v, "v", 0);
    }
    this.buf += ")";
  }

  private printString(s: string, verb: string, v: unknown): void {
    switch (verb) {
      case "v":
        if (this.f.sharpV) this.fmtQ(s);
        else this.pad(this.truncate(s));
        return;
      case "s":
        this.pad(this.truncate(s));
        return;
      case "x":
      case "X":
        this.fmtSx(s, verb === "X");
        return;
      case "q":
        this.fmtQ(s);
        return;
    }
    this.badVerb(verb, v);
  }

  private printInteger(v: number | bigint, verb: string): void {
    const big = BigInt(v);
    const neg = big < 0n;
    const u = neg ? -big : big;
    switch (verb) {
      case "v":
      case "d":
        this.fmtInteger(u, neg, 10, verb, false);
        return;
      case "b":
        this.fmtInteger(u, neg, 2, verb, false);
        return;
      case "o":
      case "O":
        this.fmtInteger(u, neg, 8, verb, false);
        return;
      case "x":
      case "X":
        this.fmtInteger(u, neg, 16, verb, verb === "X");
        return;
      case "c":
        this.pad(String.fromCodePoint(this.runeOf(big)));
        return;
      case "q":
        this.pad(quoteRune(this.runeOf(big), this.f.plus));
        return;
      case "U":
        this.fmtUnicode(big);
        return;
      // Integral JS numbers may stand for Go floats, so float verbs accept them.
      case "e":
      case "E":
      case "f":
      case "F":
        this.fmtFloat(Number(v), verb, 6);
        return;
      case "g":
      case "G":
        this.fmtFloat(Number(v), verb, -1);
        return;
    }
    this.badVerb(verb, v);
  }

  private printFloat(v: number, verb: string): void {
    switch (verb) {
      case "v":
      case "g":
      case "G":
        this.fmtFloat(v, verb, -1);
        return;
      case "e":
      case "E":
      case "f":
      case "F":
        this.fmtFloat(v, verb, 6);
        return;
    }
    this.badVerb(verb, v);
  }

  /** fmt's printArg: the top-level operand of a verb. */
  printArg(arg: unknown, verb: string): void {
    if (arg === undefined || arg === null) {
      if (verb === "T" || verb === "v") this.pad("<nil>");
      else this.badVerb(verb, arg);
      return;
    }
    if (verb === "T") {
      this.pad(this.truncate(goTypeName(arg)));
      return;
    }
    this.printValue(arg, verb, 0);
  }

  private printValue(v: unknown, verb: string, depth: number): void {
    if (v === undefined || v === null) {
      if (depth === 0) this.printArg(v, verb);
      else this.buf += this.f.sharpV ? "interface {}(nil)" : "<nil>";
      return;
    }
    const stringer = "vsxXq".includes(verb) ? stringerOf(v) : null;
    if (stringer) {
      this.printString(stringer(), verb, v);
      return;
    }
    switch (typeof v) {
      case "boolean":
        if (verb === "v" || verb === "t") this.pad(String(v));
        else this.badVerb(verb, v);
        return;
      case "number":
        if (Number.isInteger(v)) this.printInteger(v, verb);
        else this.printFloat(v, verb);
        return;
      case "bigint":
        this.printInteger(v, verb);
        return;
      case "string":
        this.printString(v, verb, v);
        return;
      case "function":
        this.badVerb(verb, v);
        return;
    }
    if (Array.isArray(v)) {
      const sep = this.f.sharpV ? ", " : " ";
      this.buf += this.f.sharpV ? `${goTypeName(v)}{` : "[";
      v.forEach((e, i) => {
        if (i > 0) this.buf += sep;
        this.printValue(e, verb, depth + 1);
      });
      this.buf += this.f.sharpV ? "}" : "]";
      return;
    }
    if (v instanceof Map || isPlainObject(v)) {
      const sep = this.f.sharpV ? ", " : " ";
      this.buf += this.f.sharpV ? `${goTypeName(v)}{` : "map[";
      sortedEntries(v).forEach(([k, e], i) => {
        if (i > 0) this.buf += sep;
        this.printValue(k, verb, depth + 1);
        this.buf += ":";
        this.printValue(e, verb, depth + 1);
      });
      this.buf += this.f.sharpV ? "}" : "]";
      return;
    }
    const fields = structFields(v as object);
    this.buf += this.f.sharpV ? `${goTypeName(v).slice(1)}{` : "{";
    fields.forEach(([name, e], i) => {
      if (i > 0) this.buf += this.f.sharpV ? ", " : " ";
      if (this.f.plusV || this.f.sharpV) this.buf += `${name}:`;
      this.printValue(e, verb, depth + 1);
    });
    this.buf += "}";
  }

  /** fmt.Sprint: spaces between operands when neither is a string. */
  doPrint(args: readonly unknown[]): void {
    let prevString = false;
    args.forEach((arg, i) => {
      const isString = typeof arg === "string";
      if (i > 0 && !isString && !prevString) this.buf += " ";
      this.printArg(arg, "v");
      prevString = isString;
    });
  }

  /** fmt.Sprintln: spaces between all operands and a newline. */
  doPrintln(args: readonly unknown[]): void {
    args.forEach((arg, i) => {
      if (i > 0) this.buf += " ";
      this.printArg(arg, "v");
    });
    this.buf += "\n";
  }

  private argNumber(argNum: number, format: string, i: number, numArgs: number): [number, number, boolean] {
    if (format.length <= i || format[i] !== "[") return [argNum, i, false];
    this.reordered = true;
    let index = 0;
    let wid = 1;
    let ok = false;
    const close = format.indexOf("]", i + 1);
    if (format.length - i >= 3 && close >= 0) {
      const [n, isnum, newi] = parsenum(format, i + 1, close);
      wid = close - i + 1;
      if (isnum && newi === close) [index, ok] = [n - 1, true];
    }
    if (ok && index >= 0 && index < numArgs) return [index, i + wid, true];
    this.goodArgNum = false;
    return [argNum, i + wid, ok];
  }

  private intFromArg(args: readonly unknown[], argNum: number): [number, boolean, number] {
    if (argNum >= args.length) return [0, false, argNum];
    const a = args[argNum];
    let num = 0;
    let isInt = false;
    if (isGoInt(a)) [num, isInt] = [Number(a), true];
    if (tooLarge(num)) [num, isInt] = [0, false];
    return [num, isInt, argNum + 1];
  }

  /** fmt.Sprintf. */
  doPrintf(format: string, a: readonly unknown[]): void {
    const end = format.length;
    let argNum = 0;
    let afterIndex = false;
    this.reordered = false;
    formatLoop: for (let i = 0; i < end; ) {
      this.goodArgNum = true;
      const lasti = i;
      while (i < end && format[i] !== "%") i++;
      if (i > lasti) this.buf += format.slice(lasti, i);
      if (i >= end) break;
      i++;
      const f = noFlags();
      this.f = f;
      simpleFormat: for (; i < end; i++) {
        const c = format[i];
        switch (c) {
          case "#":
            f.sharp = true;
            break;
          case "0":
            f.zero = !f.minus;
            break;
          case "+":
            f.plus = true;
            break;
          case "-":
            f.minus = true;
            f.zero = false;
            break;
          case " ":
            f.space = true;
            break;
          default:
            if (c >= "a" && c <= "z" && argNum < a.length) {
              if (c === "v") {
                [f.sharpV, f.sharp, f.plusV, f.plus] = [f.sharp, false, f.plus, false];
              }
              this.printArg(a[argNum], c);
              argNum++;
              i++;
              continue formatLoop;
            }
            break simpleFormat;
        }
      }
      [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
      if (i < end && format[i] === "*") {
        i++;
        [f.wid, f.widPresent, argNum] = this.intFromArg(a, argNum);
        if (!f.widPresent) this.buf += "%!(BADWIDTH)";
        if (f.wid < 0) {
          f.wid = -f.wid;
          f.minus = true;
          f.zero = false;
        }
        afterIndex = false;
      } else {
        [f.wid, f.widPresent, i] = parsenum(format, i, end);
        if (afterIndex && f.widPresent) this.goodArgNum = false;
      }
      if (i + 1 < end && format[i] === ".") {
        i++;
        if (afterIndex) this.goodArgNum = false;
        [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
        if (i < end && format[i] === "*") {
          i++;
          [f.prec, f.precPresent, argNum] = this.intFromArg(a, argNum);
          if (f.prec < 0) [f.prec, f.precPresent] = [0, false];
          if (!f.precPresent) this.buf += "%!(BADPREC)";
          afterIndex = false;
        } else {
          [f.prec, f.precPresent, i] = parsenum(format, i, end);
          if (!f.precPresent) [f.prec, f.precPresent] = [0, true];
        }
      }
      if (!afterIndex) [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
      if (i >= end) {
        this.buf += "%!(NOVERB)";
        break;
      }
      const verb = String.fromCodePoint(format.codePointAt(i)!);
      i += verb.length;
      if (verb === "%") this.buf += "%";
      else if (!this.goodArgNum) this.buf += `%!${verb}(BADINDEX)`;
      else if (argNum >= a.length) this.buf += `%!${verb}(MISSING)`;
      else {
        if (verb === "v") [f.sharpV, f.sharp, f.plusV, f.plus] = [f.sharp, false, f.plus, false];
        this.printArg(a[argNum], verb);
        argNum++;
      }
    }
    if (!this.reordered && argNum < a.length) {
      this.f = noFlags();
      this.buf += "%!(EXTRA ";
      a.slice(argNum).forEach((arg, k) => {
        if (k > 0) this.buf += ", ";
        if (arg === null || arg === undefined) this.buf += "<nil>";
        else {
          this.buf += `${goTypeName(arg)}=`;
          this.printArg(arg, "v");
        }
      });
      this.buf += ")";
    }
  }
}

/** Go's fmt.Sprintf over JS values (see go-values.ts for how they map to Go types). */
export function sprintf(format: string, ...args: unknown[]): string {
  const p = new Printer();
  p.doPrintf(format, args);
  return p.buf;
}

/** Go's fmt.Sprint. */
export function sprint(...args: unknown[]): string {
  const p = new Printer();
  p.doPrint(args);
  return p.buf;
}

/** Go's fmt.Sprintln. */
export function sprintln(...args: unknown[]): string {
  const p = new Printer();
  p.doPrintln(args);
  return p.buf;
}
