// The executor: a Dockerfile's stages built step by step as Docker's classic builder does,
// each step an image (" ---> <id>"), RUN in a real container through the container service
// (the same runtime path as `run`), metadata steps as config only. Intermediate containers
// are removed whatever happens. Which stages run, and when (independent ones at once), is
// stage-scheduler.ts's; RUN is run-step.ts's (its command and mounts: run-command.ts,
// run-mounts.ts, heredoc.ts); COPY/ADD is copy-step.ts's (URLs: add-url.ts, archives:
// add-archive.ts); FROM's image (pull, platform) is base-image.ts's and its ONBUILD triggers
// onbuild.ts's; `--cache-from` is cache-from.ts's.
// Over 500 lines: BuildRun is one build's state, which every step reads and updates (stage
// results, used args, cache, the images it holds, the work left in the background); each
// kind of step is in its own file.

import type { Readable } from "node:stream";
import type { ContainerService } from "../container/container-service.ts";
import { InvalidParameterError } from "../errdefs/errors.ts";
import type { ImageService } from "../image/image-service.ts";
import type { ImageRecord } from "../image/image-store.ts";
import { familiarString, type Reference } from "../image/reference.ts";
import { packUpper } from "../layer/pack.ts";
import { rootfsPaths } from "../layer/rootfs.ts";
import type { PlatformSpec } from "../oci/platform.ts";
import type { RegistryCredentials } from "../registry/auth.ts";
import type { ContainerConfig } from "../types/container-config.ts";
import { mountDestinations } from "../volume/container-volumes.ts";
import { BackgroundWork } from "./background-work.ts";
import { type BaseImagePuller, fromBase, platformArgs } from "./base-image.ts";
import { type BuildCache, cacheKey } from "./cache.ts";
import { CacheFromImages } from "./cache-from.ts";
import { BuildContext } from "./context.ts";
import { runCopy } from "./copy-step.ts";
import { type Instruction, type ParsedDockerfile, parseDockerfile } from "./dockerfile.ts";
import { applyMetadata, DEFAULT_SHELL, withDefaultPath } from "./instructions.ts";
import { parseTriggers } from "./onbuild.ts";
import { type RunHost, withEnv } from "./run-command.ts";
import { cancelled, runRun } from "./run-step.ts";
import { processWord } from "./shell-lex.ts";
import {
  planStages,
  runStageGraph,
  type StageMessage,
  type StageNode,
  StageOutput,
  stageIndexOf,
} from "./stage-scheduler.ts";
import { commitStep, type StepBase } from "./step-image.ts";

export interface BuildOptions {
  tags: Reference[];
  dockerfile: string;
  buildArgs: Record<string, string | null>;
  labels: Record<string, string>;
  target?: string;
  noCache: boolean;
  quiet: boolean;
  networkMode?: string;
  /** `--pull`: pull every FROM image, even one present locally. */
  pull?: boolean;
  /** `--cache-from`: images whose history serves as cache. */
  cacheFrom?: string[];
  /** `--platform`, already checked to be one this host runs. */
  platform?: PlatformSpec;
  /** X-Registry-Config: credentials by registry, for pulls. */
  registryAuths?: Record<string, RegistryCredentials>;
  /** Send every message at once, tagged with its stage, with step progress events. */
  progress?: boolean;
  /** `RUN --mount=type=secret` values by id (berth's own channel: see routes/build.ts). */
  secrets?: ReadonlyMap<string, Buffer>;
}

export type BuildMessage = StageMessage;

export interface BuilderDeps {
  images: ImageService;
  containers: ContainerService;
  cache: BuildCache;
  tmpDir: string;
  /** `<data-root>/build/cache-mounts`: RUN --mount=type=cache's directories, one per id. */
  cacheMountsDir: string;
  /** Pulls FROM images that are missing (or all of them with `--pull`). */
  puller?: BaseImagePuller;
}

export interface StageState {
  node: StageNode;
  base: StepBase;
  shell: string[];
  /** ARGs declared in the stage with a value. */
  args: Map<string, string>;
  /** The stage's channel of the stream (held while an earlier stage still runs). */
  out: (m: BuildMessage) => void;
}

export const short = (id: string) => id.replace(/^sha256:/, "").slice(0, 12);

export class Builder {
  private readonly deps: BuilderDeps;
  /** Builds running now (`builder prune` leaves cache mounts alone while one runs). */
  active = 0;

  constructor(deps: BuilderDeps) {
    this.deps = deps;
  }

  async build(
    input: Readable,
    opts: BuildOptions,
    send: (m: BuildMessage) => void,
    signal: AbortSignal,
  ): Promise<string> {
    this.active++;
    const ctx = await BuildContext.open(input, this.deps.tmpDir, opts.dockerfile, signal).catch((err) => {
      this.active--;
      throw err;
    });
    let run: BuildRun | undefined;
    try {
      const parsed = parseDockerfile(await ctx.readDockerfile(opts.dockerfile));
      const out = opts.quiet ? () => {} : send;
      run = new BuildRun(this.deps, ctx, parsed, opts, out, signal);
      return await run.run(send);
    } finally {
      // A failed build leaves no intermediate container either (a successful one waited already).
      await run?.background.settle().catch(() => undefined);
      run?.releaseHolds();
      this.active--;
      await ctx.close();
    }
  }
}

export class BuildRun {
  readonly results = new Map<number, StepBase>();
  private readonly usedArgs = new Set<string>();
  private readonly metaVars = new Map<string, string>();
  private readonly stop = new AbortController();
  private total = 0;
  private cacheFrom: CacheFromImages | undefined;

  readonly deps: BuilderDeps;
  readonly ctx: BuildContext;
  readonly df: ParsedDockerfile;
  readonly opts: BuildOptions;
  private readonly out: (m: BuildMessage) => void;
  /** Aborted when the client goes away or another stage failed. */
  readonly signal: AbortSignal;
  /** What steps left to finish while the next ones run: container removals, cache index writes. */
  readonly background = new BackgroundWork();
  private readonly holds: (() => void)[] = [];

  constructor(
    deps: BuilderDeps,
    ctx: BuildContext,
    df: ParsedDockerfile,
    opts: BuildOptions,
    out: (m: BuildMessage) => void,
    signal: AbortSignal,
  ) {
    this.deps = deps;
    this.ctx = ctx;
    this.df = df;
    this.opts = opts;
    this.out = out;
    this.signal = AbortSignal.any([signal, this.stop.signal]);
  }

  print(st: StageState, s: string): void {
    st.out({ stream: s });
  }

  stageIndex(ref: string): number | undefined {
    return stageIndexOf(this.df, ref);
  }

  async run(send: (m: BuildMessage) => void): Promise<string> {
    const platform = platformArgs(this.opts.platform);
    for (const [k, v] of platform) this.metaVars.set(k, v);
    for (const ins of this.df.metaArgs) {
      const [name, def] = splitArg(processWord(ins.args, this.metaVars, this.df.escape));
      const value = this.buildArg(name) ?? def ?? platform.get(name);
      if (value !== undefined) this.metaVars.set(name, value);
    }
    let target = this.df.stages.at(-1)!;
    if (this.opts.target) {
      const t = this.df.stages.find((s) => s.name === this.opts.target?.toLowerCase());
      if (!t)
        throw new InvalidParameterError(`failed to reach build target ${this.opts.target} in Dockerfile`);
      target = t;
    }
    const labels = Object.entries(this.opts.labels);
    const extra: Instruction[] = [];
    if (labels.length > 0) {
      const args = labels.map(([k, v]) => `${JSON.stringify(k)}=${JSON.stringify(v)}`).join(" ");
      extra.push({ line: 0, keyword: "LABEL", args, flags: [], text: `LABEL ${args}` });
    }
    const plan = planStages(
      this.df,
      target,
      (s) => processWord(s.base, this.metaVars, this.df.escape),
      extra,
    );
    this.total = plan.total;
    this.df.metaArgs.forEach((ins, i) => {
      this.out({ stream: `Step ${i + 1}/${this.total} : ${ins.text}\n` });
    });
    if (this.opts.cacheFrom?.length && !this.opts.noCache)
      this.cacheFrom = await CacheFromImages.load(this.deps.images, this.opts.cacheFrom);
    for (const name of this.cacheFrom?.missing ?? [])
      this.out({ stream: `[Warning] --cache-from ${name}: no such image, not used as a cache source\n` });
    const output = new StageOutput(
      this.out,
      plan.nodes.map((n) => n.stage.index),
      this.opts.progress === true,
    );
    await runStageGraph(
      plan.nodes,
      async (node) => {
        const channel = output.channel(node.stage.index);
        try {
          const r = await this.runStage(node, channel);
          this.results.set(node.stage.index, r);
          output.finish(node.stage.index);
          return r;
        } catch (err) {
          output.failed(node.stage.index);
          throw err;
        }
      },
      () => this.stop.abort(),
    );
    const id = this.results.get(target.index)?.record?.id;
    // Every step is done and no RUN's mounts are left (a finished RUN gives them back before
    // the next step): the context goes while the last removals and the tags are written.
    // Builder.build waits for it, and sees its failure, before the build ends.
    this.ctx.close().catch(() => undefined);
    // Reported only once no intermediate container is left and the cache index is written,
    // as when each step waited for its own.
    await this.background.settle();
    if (!id) throw new InvalidParameterError("No image was generated. Is your Dockerfile empty?");
    const unused = Object.keys(this.opts.buildArgs).filter(
      (a) => !this.usedArgs.has(a) && !PREDEFINED_ARGS.has(a),
    );
    if (unused.length > 0)
      this.out({ stream: `[Warning] One or more build-args [${unused.join(" ")}] were not consumed\n` });
    send({ aux: { ID: id } });
    if (this.opts.quiet) send({ stream: `${id}\n` });
    this.out({ stream: `Successfully built ${short(id)}\n` });
    for (const ref of this.opts.tags) {
      await this.deps.images.tag(id, ref);
      this.out({ stream: `Successfully tagged ${familiarString(ref)}\n` });
    }
    return id;
  }

  private buildArg(name: string): string | undefined {
    if (!Object.hasOwn(this.opts.buildArgs, name)) return undefined;
    this.usedArgs.add(name);
    const v = this.opts.buildArgs[name];
    // `--build-arg NAME` without a value takes it from the client's environment, which the
    // docker CLI already resolved; a null left means unset.
    return v ?? undefined;
  }

  private async runStage(node: StageNode, out: (m: BuildMessage) => void): Promise<StepBase> {
    const { stage } = node;
    let step = node.firstStep;
    const progress = (ins: Instruction, state: "running" | "done" | "cached" | "error", ms?: number) =>
      out({
        berthStep: {
          stage: stage.index,
          ...(stage.name ? { stageName: stage.name } : {}),
          step,
          total: this.total,
          text: ins.text,
          state,
          ...(ms !== undefined ? { ms } : {}),
        },
      });
    const timed = async <T>(ins: Instruction, fn: () => Promise<T>, cachedOf: () => boolean): Promise<T> => {
      out({ stream: `Step ${step}/${this.total} : ${ins.text}\n` });
      progress(ins, "running");
      const t0 = performance.now();
      try {
        const r = await fn();
        progress(ins, cachedOf() ? "cached" : "done", Math.round(performance.now() - t0));
        return r;
      } catch (err) {
        progress(ins, "error", Math.round(performance.now() - t0));
        throw err;
      } finally {
        step++;
      }
    };
    const st: StageState = {
      node,
      base: { config: { architecture: "", os: "", rootfs: { type: "layers", diff_ids: [] } } },
      shell: DEFAULT_SHELL,
      args: new Map(),
      out,
    };
    let hit = false;
    st.base = await timed(
      stage.from,
      async () => {
        const from = await fromBase(this, st, {
          name: processWord(stage.base, this.metaVars, this.df.escape),
          metaVars: this.metaVars,
          puller: this.deps.puller,
        });
        // A base without PATH gets Linux's default, as dockerd's classic builder gives it.
        st.base = this.held({
          ...from,
          config: { ...from.config, config: withDefaultPath(from.config.config) },
        });
        if (st.base.config.config?.Shell?.length) st.shell = st.base.config.config.Shell;
        await this.runTriggers(st);
        return st.base;
      },
      () => false,
    );
    this.print(st, st.base.record ? ` ---> ${short(st.base.record.id)}\n` : "");
    for (const ins of node.body) {
      if (this.signal.aborted) throw cancelled();
      hit = false;
      st.base = await timed(
        ins,
        () =>
          this.runStep(st, ins, () => {
            hit = true;
          }),
        () => hit,
      );
      this.print(st, ` ---> ${short(st.base.record!.id)}\n`);
    }
    return st.base;
  }

  /** The base image's ONBUILD triggers, run as the FROM step's part; the image keeps none. */
  private async runTriggers(st: StageState): Promise<void> {
    const triggers = st.base.config.config?.OnBuild ?? [];
    if (triggers.length === 0) return;
    const list = parseTriggers(triggers, st.node.stage.from.line);
    this.print(st, `# Executing ${triggers.length} build trigger${triggers.length > 1 ? "s" : ""}\n`);
    const config = { ...st.base.config, config: { ...st.base.config.config, OnBuild: [] } };
    st.base = { ...st.base, config };
    for (const ins of list) {
      if (this.signal.aborted) throw cancelled();
      st.base = await this.runStep(st, ins, () => {});
    }
  }

  /** Variables for expansion: the stage's ARGs, then its ENV, which wins. */
  private vars(st: StageState): Map<string, string> {
    const vars = new Map(st.args);
    for (const e of st.base.config.config?.Env ?? []) {
      const eq = e.indexOf("=");
      vars.set(eq < 0 ? e : e.slice(0, eq), eq < 0 ? "" : e.slice(eq + 1));
    }
    return vars;
  }

  private async runStep(st: StageState, ins: Instruction, onHit: () => void): Promise<StepBase> {
    return this.held(await this.stepResult(st, ins, onHit));
  }

  /**
   * Holds an image the build reads until it ends, as a container holds its image: a prune or
   * `rmi -f` between two steps cannot take an intermediate image the next step builds on.
   */
  held<T extends { record?: ImageRecord }>(base: T): T {
    if (base.record) this.holds.push(this.deps.images.holds.hold(base.record.id));
    return base;
  }

  /** Gives back every image the build held. */
  releaseHolds(): void {
    for (const release of this.holds.splice(0)) release();
  }

  private async stepResult(st: StageState, ins: Instruction, onHit: () => void): Promise<StepBase> {
    const cfg: ContainerConfig = structuredClone(st.base.config.config ?? {});
    const vars = this.vars(st);
    const stepState = { ...st, onHit };
    switch (ins.keyword) {
      case "RUN":
        return runRun(this, stepState, ins, cfg, vars);
      case "COPY":
      case "ADD":
        return runCopy(this, stepState, ins, cfg, vars);
      case "ARG": {
        const [name, def] = splitArg(processWord(ins.args, vars, this.df.escape));
        const value = this.buildArg(name) ?? def ?? this.metaVars.get(name);
        if (value !== undefined) st.args.set(name, value);
        return this.metadataStep(stepState, cfg, `ARG ${ins.args}`);
      }
      case "MAINTAINER":
        return this.metadataStep(stepState, cfg, `MAINTAINER ${ins.args}`, ins.args);
      default: {
        const { config, shell } = applyMetadata(cfg, ins, vars, this.df.escape, st.shell);
        st.shell = shell;
        return this.metadataStep(stepState, config, ins.text);
      }
    }
  }

  /** A step that changes the config only: cached like any other. */
  private async metadataStep(
    st: StepState,
    config: ContainerConfig,
    text: string,
    author?: string,
  ): Promise<StepBase> {
    const createdBy = `/bin/sh -c #(nop) ${text}`;
    return this.cachedOr(st, config, createdBy, () =>
      commitStep(this.deps.images, st.base, { config, createdBy, ...(author ? { author } : {}) }),
    );
  }

  /** The step's image from the cache (the local index, then `--cache-from`), or made by `make`. */
  async cachedOr(
    st: StepState,
    config: ContainerConfig,
    createdBy: string,
    make: () => Promise<StepBase>,
  ): Promise<StepBase> {
    const key = cacheKey(st.base.record?.id, createdBy, config);
    const exists = (id: string) => this.deps.images.store.get(id) !== undefined;
    if (!this.opts.noCache) {
      let record: ImageRecord | undefined;
      const hit = await this.deps.cache.get(key, exists);
      if (hit) record = this.deps.images.store.get(hit);
      else if (this.cacheFrom) record = await this.cacheFrom.restore(st.base, createdBy, config);
      if (record) {
        this.print(st, " ---> Using cache\n");
        st.onHit();
        if (!hit) await this.deps.cache.set(key, record.id, exists);
        return { record, config: await this.deps.images.config(record) };
      }
    }
    const made = await make();
    // The index is written while the next step runs (two fsyncs): the build waits for it
    // before it reports, so a build that succeeded is found in the cache after a restart.
    this.background.add(this.deps.cache.set(key, made.record!.id, exists));
    return made;
  }

  upperTar(id: string): Promise<Readable> {
    const rec = this.deps.containers.get(id);
    return packUpper(rootfsPaths(this.deps.containers.store.dir(id)).upper, mountDestinations(rec));
  }

  /**
   * Runs `fn` with an intermediate container of the step's image, removed afterwards whatever
   * happens. `host`: a RUN's mounts, network and variables, released afterwards whatever
   * happens. Once `fn` is done (its layer committed), the container's removal goes on in the
   * background while the next step runs: the build waits for every removal before it reports
   * its result, and before it ends on a failure (BackgroundWork).
   */
  async inContainer<T>(
    st: StageState,
    config: ContainerConfig,
    host: RunHost | undefined,
    fn: (id: string) => Promise<T>,
  ): Promise<T> {
    const containers = this.deps.containers;
    let id: string | undefined;
    let done = false;
    try {
      if (this.signal.aborted) throw cancelled();
      const { Id } = await containers.create(
        {
          ...config,
          ...(host?.Env.length ? { Env: withEnv(config.Env ?? [], host.Env) } : {}),
          Image: st.base.record!.id,
          HostConfig: {
            NetworkMode: host?.NetworkMode ?? (this.opts.networkMode || "default"),
            Mounts: host?.Mounts,
          },
          // Its upper dir becomes a layer or nothing: no overlay syncs (ContainerRecord.Ephemeral).
        },
        undefined,
        undefined,
        { ephemeral: true },
      );
      id = Id;
      this.print(st, ` ---> Running in ${short(Id)}\n`);
      const result = await fn(Id);
      done = true;
      return result;
    } finally {
      if (id === undefined) await host?.release();
      else {
        const created = id;
        // After a RUN its container is still being cleaned up (network, runtime state, mount)
        // under its lock, which the removal waits for: none of that is on the next step's way.
        this.background.add(
          (async () => {
            try {
              await containers.remove(created, { force: true, volumes: true });
            } finally {
              // A step that failed (or was cancelled) may leave its RUN running until the
              // removal kills it: its mounts go after it.
              if (!done) await host?.release();
            }
          })(),
        );
        // A finished RUN's process is gone: its mounts (a `locked` or `private` cache's turn,
        // a secret's file) are given back before the next step, as before.
        if (done) await host?.release();
        this.print(st, `Removing intermediate container ${short(created)}\n`);
      }
    }
  }
}

/** A stage's state during one step, with how the step reports a cache hit. */
export interface StepState extends StageState {
  onHit: () => void;
}

const PREDEFINED_ARGS = new Set(
  ["HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY"].flatMap((a) => [a, a.toLowerCase()]),
);

export function splitArg(s: string): [string, string | undefined] {
  const eq = s.indexOf("=");
  const name = (eq < 0 ? s : s.slice(0, eq)).trim();
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new InvalidParameterError(`ARG names can not be blank or contain symbols: ${s}`);
  return [name, eq < 0 ? undefined : s.slice(eq + 1)];
}
