import assert from "node:assert/strict";
import { test } from "node:test";
import type { StepProgress } from "../build/stage-scheduler.ts";
import { BuildProgress } from "./build-progress.ts";

/** A fake terminal: keeps the screen's lines, applying the cursor-up and clear-line codes. */
class FakeTty {
  columns = 60;
  writes: string[] = [];
  screen: string[] = [];
  private row = 0;

  write(s: string): boolean {
    this.writes.push(s);
    for (const tok of s.match(/\x1b\[\d*[A-Z]|\n|[^\x1b\n]+/g) ?? []) {
      const up = /^\x1b\[(\d+)A$/.exec(tok);
      if (up) this.row = Math.max(0, this.row - Number(up[1]));
      else if (tok === "\x1b[2K") this.screen[this.row] = "";
      else if (tok === "\n") this.row++;
      else this.screen[this.row] = (this.screen[this.row] ?? "") + tok;
    }
    return true;
  }

  text(): string {
    return this.screen.filter((l) => l !== undefined && l !== "").join("\n");
  }
}

const step = (stage: number, n: number, text: string, state: StepProgress["state"], ms?: number) => ({
  berthStep: {
    stage,
    stageName: stage === 0 ? "a" : "b",
    step: n,
    total: 6,
    text,
    state,
    ...(ms !== undefined ? { ms } : {}),
  },
  stage,
});

test("build progress on a TTY: parallel stages side by side with timings, finished steps above", () => {
  const tty = new FakeTty();
  let now = 0;
  const p = new BuildProgress(tty, { now: () => now, tickMs: 0 });
  p.message(step(0, 2, "RUN make a", "running"));
  p.message(step(1, 4, "RUN make b", "running"));
  p.message({ stage: 0, stream: " ---> Running in 0123456789ab\n" });
  p.message({ stage: 0, stream: "compiling a.c\n" });
  now = 1500;
  p.redraw();
  assert.deepEqual(tty.text().split("\n"), [
    "[a] Step 2/6 : RUN make a  1.5s",
    "  > compiling a.c",
    "[b] Step 4/6 : RUN make b  1.5s",
  ]);
  now = 2300;
  p.message(step(1, 4, "RUN make b", "done", 2300));
  assert.deepEqual(tty.text().split("\n"), [
    "[b] Step 4/6 : RUN make b  2.3s",
    "[a] Step 2/6 : RUN make a  2.3s",
    "  > compiling a.c",
  ]);
  p.message({ status: "Downloading", id: "a1b2c3", progressDetail: { current: 10, total: 100 } });
  p.message(step(0, 2, "RUN make a", "cached", 5));
  p.message({ stream: "Successfully built 0123456789ab\n" });
  assert.deepEqual(tty.text().split("\n"), [
    "[b] Step 4/6 : RUN make b  2.3s",
    "[a] Step 2/6 : RUN make a  0.0s CACHED",
    "Successfully built 0123456789ab",
  ]);
  // Redrawn in place: the cursor went back up over the live block.
  assert.ok(tty.writes.some((w) => w.includes("\x1b[3A")));
  p.close();
});

test("build progress: a failed step keeps its output; long lines fit the terminal", () => {
  const tty = new FakeTty();
  tty.columns = 30;
  const p = new BuildProgress(tty, { now: () => 0, tickMs: 0 });
  p.message(step(0, 2, "RUN ./configure && make all install", "running"));
  p.message({ stage: 0, stream: "error: missing header\n" });
  p.message(step(0, 2, "RUN ./configure && make all install", "error", 1200));
  assert.deepEqual(tty.text().split("\n"), ["[a] Step 2/6 : RUN ./configu…", "  > error: missing header"]);
  p.close();
});
