// Go's text/tabwriter as docker's fork of it aligns `table` output and the CLI's own tables:
// columns measured in terminal display width.

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
