// `berth build`'s display on a terminal: the steps running now, one block per stage (stages
// that build in parallel side by side), each with its elapsed time and its last output line,
// redrawn in place; every finished step is printed once above that block with its time
// (and CACHED for a cache hit). It reads the daemon's progress events (`berthStep`, asked for
// with `berthprogress=1`), which carry each message's stage. Off a terminal `berth build`
// asks for no events and prints the classic stream as it comes (build.ts).
// Hand-written: the progress libraries on npm draw bars for one task or a fixed list, not
// steps appearing and ending per stage with their own output lines.

import type { StepProgress } from "../build/stage-scheduler.ts";

export interface BuildProgressMessage {
  stream?: string;
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  stage?: number;
  berthStep?: StepProgress;
}

export interface TtySink {
  write(s: string): unknown;
  columns?: number;
}

interface Running {
  step: StepProgress;
  started: number;
  lastLine: string;
  output: string[];
}

const clearLine = "\x1b[2K";
const cursorUp = (n: number) => (n > 0 ? `\x1b[${n}A` : "");

/** Seconds with one decimal, as BuildKit's plain display shows step times. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

export class BuildProgress {
  private readonly sink: TtySink;
  private readonly now: () => number;
  /** Running steps by stage, in the order they started. */
  private readonly running = new Map<number, Running>();
  private drawn = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(sink: TtySink, opts: { now?: () => number; tickMs?: number } = {}) {
    this.sink = sink;
    this.now = opts.now ?? (() => performance.now());
    if (opts.tickMs !== 0) {
      this.timer = setInterval(() => this.redraw(), opts.tickMs ?? 100);
      this.timer.unref();
    }
  }

  private label(step: StepProgress): string {
    return `[${step.stageName ?? `stage-${step.stage}`}]`;
  }

  private fit(s: string): string {
    const w = this.sink.columns ?? 0;
    const chars = [...s.replace(/[\r\n\t]+/g, " ")];
    return w > 1 && chars.length >= w ? `${chars.slice(0, w - 2).join("")}…` : chars.join("");
  }

  /** Prints lines above the live block, then redraws the block. */
  private above(lines: string[]): void {
    let out = this.erase();
    for (const l of lines) out += `${l}\n`;
    this.sink.write(out + this.block());
  }

  private erase(): string {
    if (this.drawn === 0) return "";
    let out = cursorUp(this.drawn);
    for (let i = 0; i < this.drawn; i++) out += `${clearLine}\n`;
    out += cursorUp(this.drawn);
    this.drawn = 0;
    return out;
  }

  private block(): string {
    const now = this.now();
    const lines: string[] = [];
    for (const r of this.running.values()) {
      lines.push(
        this.fit(
          `${this.label(r.step)} Step ${r.step.step}/${r.step.total} : ${r.step.text}  ${seconds(now - r.started)}`,
        ),
      );
      if (r.lastLine) lines.push(this.fit(`  > ${r.lastLine}`));
    }
    this.drawn = lines.length;
    return lines.map((l) => `${clearLine}${l}\n`).join("");
  }

  redraw(): void {
    if (this.running.size === 0 && this.drawn === 0) return;
    this.sink.write(this.erase() + this.block());
  }

  message(m: BuildProgressMessage): void {
    const s = m.berthStep;
    if (s) {
      if (s.state === "running") {
        this.running.set(s.stage, { step: s, started: this.now(), lastLine: "", output: [] });
        this.redraw();
        return;
      }
      const r = this.running.get(s.stage);
      this.running.delete(s.stage);
      const ms = s.ms ?? (r ? this.now() - r.started : 0);
      const tag = s.state === "cached" ? " CACHED" : s.state === "error" ? " ERROR" : "";
      const lines = [`${this.label(s)} Step ${s.step}/${s.total} : ${s.text}  ${seconds(ms)}${tag}`];
      // A failed step's output is kept: it says why.
      if (s.state === "error" && r) lines.push(...r.output.map((l) => `  > ${l}`));
      this.above(lines.map((l) => this.fit(l)));
      return;
    }
    if (m.stream !== undefined && m.stage !== undefined) {
      const r = this.running.get(m.stage);
      // The classic step lines are what the events already draw.
      if (!r || /^(Step \d+\/\d+ : | ---> |Removing intermediate container )/.test(m.stream)) return;
      for (const line of m.stream.split("\n")) {
        if (!line.trim()) continue;
        r.lastLine = line;
        r.output.push(line);
        if (r.output.length > 20) r.output.shift();
      }
      this.redraw();
      return;
    }
    if (m.status !== undefined) {
      // A pull's byte counts would be a line each: its other statuses say enough.
      if (m.progressDetail?.current !== undefined) return;
      this.above([this.fit(`${m.id ? `${m.id}: ` : ""}${m.status}`)]);
      return;
    }
    if (m.stream) this.above(m.stream.replace(/\n$/, "").split("\n"));
  }

  /** Stops redrawing; what is still shown stays. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
