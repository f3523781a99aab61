// The stages a target needs and how they run: each stage waits only for the stages it reads
// (the stage its FROM names, the stages its `COPY --from` and `RUN --mount … from=` name), so independent stages build
// at the same time. Stages the target does not need are never built.
//
// The classic JSON stream stays Docker's: Docker's classic builder is sequential, so its
// "Step n/m" lines count the needed stages' instructions in file order. berth keeps exactly
// that numbering (a step's number does not depend on scheduling) and, by default, keeps the
// stream in file order too: the first unfinished stage streams live; the output of stages
// running beside it is held and sent, in one piece, as soon as every stage before it has
// finished. The docker CLI therefore prints what a sequential build would have printed, only
// sooner. A client that asks for progress events (`berth build` on a terminal) gets every
// message live, tagged with its stage, and draws the stages side by side.

import type { Instruction, ParsedDockerfile, Stage } from "./dockerfile.ts";
import { mountFroms } from "./run-mounts.ts";

export interface StageNode {
  stage: Stage;
  /** Indexes of the stages this one reads (its base, its COPY --from and RUN --mount from= sources). */
  deps: number[];
  /** The "Step n" of the stage's FROM. */
  firstStep: number;
  /** The stage's instructions, with extra steps (a `--label` step) appended. */
  body: Instruction[];
}

export interface StagePlan {
  nodes: StageNode[];
  /** "Step n/total". */
  total: number;
}

export function stageIndexOf(df: ParsedDockerfile, ref: string): number | undefined {
  const byName = df.stages.find((s) => s.name === ref.toLowerCase());
  if (byName) return byName.index;
  return /^\d+$/.test(ref) && Number(ref) < df.stages.length ? Number(ref) : undefined;
}

/**
 * The stages `target` needs, in file order, with what each waits for and its step numbers.
 * `baseName` expands a stage's FROM word (meta ARGs); `targetExtra` are steps appended to the
 * target (the `--label` step).
 */
export function planStages(
  df: ParsedDockerfile,
  target: Stage,
  baseName: (s: Stage) => string,
  targetExtra: Instruction[],
): StagePlan {
  const deps = new Map<number, number[]>();
  const visit = (s: Stage) => {
    if (deps.has(s.index)) return;
    const mine = new Set<number>();
    deps.set(s.index, []);
    const base = stageIndexOf(df, baseName(s));
    if (base !== undefined && base < s.index) mine.add(base);
    for (const ins of s.body) {
      const from = ins.flags.find(([n]) => n === "from")?.[1];
      for (const f of [from, ...mountFroms(ins)]) {
        const idx = f !== undefined ? stageIndexOf(df, f) : undefined;
        if (idx !== undefined && idx < s.index) mine.add(idx);
      }
    }
    deps.set(s.index, [...mine]);
    for (const d of mine) visit(df.stages[d]);
  };
  visit(target);
  let step = df.metaArgs.length;
  const nodes: StageNode[] = [];
  for (const stage of df.stages) {
    if (!deps.has(stage.index)) continue;
    const body = stage === target ? [...stage.body, ...targetExtra] : [...stage.body];
    nodes.push({ stage, deps: deps.get(stage.index)!, firstStep: step + 1, body });
    step += 1 + body.length;
  }
  return { nodes, total: step };
}

/** A stream message, as the builder sends it. */
export interface StageMessage {
  stream?: string;
  aux?: { ID: string };
  /** A pull's progress (FROM an image that is pulled), as in a pull's stream. */
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: unknown;
  /** Progress events only: which stage a message belongs to. */
  stage?: number;
  /** Progress events only (a name the docker CLI's JSONMessage does not have). */
  berthStep?: StepProgress;
}

/** A step's start or end, sent to clients that asked for progress events. */
export interface StepProgress {
  stage: number;
  stageName?: string;
  step: number;
  total: number;
  text: string;
  state: "running" | "done" | "cached" | "error";
  /** Milliseconds the step took (done, cached, error). */
  ms?: number;
}

/**
 * Orders the stages' messages (see the top of the file). `live` sends everything at once,
 * tagged with its stage.
 */
export class StageOutput {
  private readonly send: (m: StageMessage) => void;
  private readonly live: boolean;
  private readonly order: number[];
  private readonly held = new Map<number, StageMessage[]>();
  private readonly finished = new Set<number>();
  private head = 0;

  constructor(send: (m: StageMessage) => void, order: number[], live: boolean) {
    this.send = send;
    this.order = order;
    this.live = live;
  }

  /** The send function of one stage. */
  channel(stage: number): (m: StageMessage) => void {
    return (m) => {
      if (this.live) {
        this.send({ ...m, stage });
        return;
      }
      if (m.berthStep) return;
      if (this.order[this.head] === stage) this.send(m);
      else {
        const q = this.held.get(stage) ?? [];
        q.push(m);
        this.held.set(stage, q);
      }
    };
  }

  /** A stage is done: the stages after it that were held are sent, up to the next unfinished one. */
  finish(stage: number): void {
    this.finished.add(stage);
    while (this.head < this.order.length && this.finished.has(this.order[this.head])) {
      this.head++;
      this.flush(this.order[this.head]);
    }
  }

  /** A stage failed: what it printed is sent now, so that the error follows its own output. */
  failed(stage: number): void {
    this.flush(stage);
  }

  private flush(stage: number | undefined): void {
    if (stage === undefined) return;
    for (const m of this.held.get(stage) ?? []) this.send(m);
    this.held.delete(stage);
  }
}

/**
 * Runs every node once the nodes it depends on are done; the first failure aborts the others
 * (through `abort`) and is what the returned promise rejects with, once all have settled, so
 * that no intermediate container outlives the build.
 */
export async function runStageGraph<T>(
  nodes: StageNode[],
  run: (node: StageNode) => Promise<T>,
  abort: () => void,
): Promise<Map<number, T>> {
  const results = new Map<number, T>();
  const started = new Map<number, Promise<void>>();
  let firstError: { err: unknown } | undefined;
  const byIndex = new Map(nodes.map((n) => [n.stage.index, n]));
  const start = (node: StageNode): Promise<void> => {
    let p = started.get(node.stage.index);
    if (p) return p;
    p = (async () => {
      await Promise.all(node.deps.map((d) => start(byIndex.get(d)!)));
      if (firstError) return;
      results.set(node.stage.index, await run(node));
    })().catch((err: unknown) => {
      if (!firstError) {
        firstError = { err };
        abort();
      }
      throw err;
    });
    started.set(node.stage.index, p);
    return p;
  };
  await Promise.allSettled(nodes.map(start));
  if (firstError) throw firstError.err;
  return results;
}
