import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./dockerfile.ts";
import { planStages, runStageGraph, type StageMessage, StageOutput } from "./stage-scheduler.ts";

const DF = parseDockerfile(`ARG X=1
FROM busybox AS a
RUN a
FROM busybox AS unused
RUN u
FROM a AS b
RUN b
FROM busybox AS c
COPY --from=a /x /x
FROM scratch
COPY --from=b /y /y
COPY --from=c /z /z
`);

test("planStages: only the stages the target needs, what each waits for, file-order step numbers", () => {
  const plan = planStages(DF, DF.stages.at(-1)!, (s) => s.base, []);
  assert.deepEqual(
    plan.nodes.map((n) => [n.stage.name ?? String(n.stage.index), n.deps.sort(), n.firstStep]),
    [
      ["a", [], 2],
      ["b", [0], 4],
      ["c", [0], 6],
      ["4", [2, 3], 8],
    ],
  );
  assert.equal(plan.total, 10);
  const t = planStages(DF, DF.stages[2], (s) => s.base, [
    { line: 0, keyword: "LABEL", args: "k=v", flags: [], text: "LABEL k=v" },
  ]);
  assert.deepEqual(
    t.nodes.map((n) => n.stage.name),
    ["a", "b"],
  );
  assert.equal(t.total, 6, "the --label step counts");
});

test("planStages: a RUN --mount's from= stage (bind or cache) is an edge of the graph", () => {
  const df = parseDockerfile(`FROM busybox AS tools
RUN t
FROM busybox AS seed
RUN s
FROM busybox AS other
RUN o
FROM busybox
RUN --mount=type=bind,from=tools,target=/t --mount=type=cache,target=/c,from=seed true
`);
  const plan = planStages(df, df.stages.at(-1)!, (s) => s.base, []);
  assert.deepEqual(
    plan.nodes.map((n) => [n.stage.name ?? String(n.stage.index), n.deps.sort()]),
    [
      ["tools", []],
      ["seed", []],
      ["3", [0, 1]],
    ],
  );
});

test("StageOutput: a later stage's messages are held until the stages before it finish", () => {
  const sent: StageMessage[] = [];
  const out = new StageOutput((m) => sent.push(m), [0, 2, 3], false);
  const [a, b, c] = [out.channel(0), out.channel(2), out.channel(3)];
  b({ stream: "b1\n" });
  a({ stream: "a1\n" });
  c({ stream: "c1\n" });
  a({ berthStep: { stage: 0, step: 1, total: 3, text: "RUN a", state: "running" } });
  assert.deepEqual(sent, [{ stream: "a1\n" }], "progress events go only to clients that asked");
  out.finish(2); // b is done before a: still held
  assert.equal(sent.length, 1);
  out.finish(0);
  assert.deepEqual(
    sent.map((m) => m.stream),
    ["a1\n", "b1\n", "c1\n"],
  );
  c({ stream: "c2\n" });
  assert.equal(sent.at(-1)?.stream, "c2\n", "the head stage streams live");

  const live: StageMessage[] = [];
  const l = new StageOutput((m) => live.push(m), [0, 1], true);
  l.channel(1)({ stream: "x\n" });
  assert.deepEqual(live, [{ stream: "x\n", stage: 1 }]);
});

test(
  "runStageGraph: independent stages run at once; the first failure aborts the rest",
  { timeout: 10_000 },
  async () => {
    const nodes = planStages(DF, DF.stages.at(-1)!, (s) => s.base, []).nodes;
    const running = new Set<number>();
    let together = 0;
    let releaseB!: () => void;
    const bGate = new Promise<void>((r) => {
      releaseB = r;
    });
    const order: number[] = [];
    const results = await runStageGraph(
      nodes,
      async (n) => {
        running.add(n.stage.index);
        together = Math.max(together, running.size);
        // b waits until c has started: only a scheduler running them together gets past this.
        if (n.stage.index === 2) await bGate;
        if (n.stage.index === 3) releaseB();
        await Promise.resolve();
        running.delete(n.stage.index);
        order.push(n.stage.index);
        return n.stage.index * 10;
      },
      () => assert.fail("nothing failed"),
    );
    assert.equal(together, 2);
    assert.equal(order.at(-1), 4, "the final stage runs after both of its sources");
    assert.equal(results.get(4), 40);

    let aborted = 0;
    const ran: number[] = [];
    await assert.rejects(
      runStageGraph(
        nodes,
        async (n) => {
          ran.push(n.stage.index);
          if (n.stage.index === 3) throw new Error("c failed");
          return 0;
        },
        () => aborted++,
      ),
      /c failed/,
    );
    assert.equal(aborted, 1);
    assert.ok(!ran.includes(4), "a stage whose source failed never starts");
  },
);
