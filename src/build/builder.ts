// The executor: a Dockerfile's stages built step by step as Docker's classic builder does,
// each step an image (" ---> <id>"), RUN in a real container through the container service
// (the same runtime path as `run`), COPY/ADD through the container's rootfs, metadata
// steps as config only. Intermediate containers are removed whatever happens.
// Over 500 lines on purpose: one class holds a build run's state (stages, step count, args,
// cache) and each instruction family is a method of it; COPY's tar and ADD's archive checks
// live in copy.ts, config-only instructions in instructions.ts.

import { createReadStream } from "node:fs";
import { lstat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { openLogs } from "../container/container-logs.ts";
import type { ContainerService } from "../container/container-service.ts";
import type { CopyPaths } from "../container/copy-paths.ts";
import { InvalidParameterError, NotFoundError } from "../errdefs/errors.ts";
import type { ImageService } from "../image/image-service.ts";
import { familiarString, type Reference } from "../image/reference.ts";
import { packUpper } from "../layer/pack.ts";
import { rootfsPaths } from "../layer/rootfs.ts";
import { resolveInRoot, resolveUser } from "../runtime/user.ts";
import type { ContainerConfig } from "../types/container-config.ts";
import { mountDestinations } from "../volume/container-volumes.ts";
import { type BuildCache, cacheKey } from "./cache.ts";
import { BuildContext, type ContextEntry, findSources } from "./context.ts";
import {
  addMissingDirs,
  archiveKind,
  type CopyOwner,
  copyTar,
  numericOwner,
  parseChmod,
  planCopy,
} from "./copy.ts";
import { type Instruction, type ParsedDockerfile, parseDockerfile, type Stage } from "./dockerfile.ts";
import { applyMetadata, commandOf, DEFAULT_SHELL, setEnv, withDefaultPath } from "./instructions.ts";
import { processWord, processWords } from "./shell-lex.ts";
import { commitStep, type StepBase, scratchConfig } from "./step-image.ts";

export interface BuildOptions {
  tags: Reference[];
  dockerfile: string;
  buildArgs: Record<string, string | null>;
  labels: Record<string, string>;
  target?: string;
  noCache: boolean;
  quiet: boolean;
  networkMode?: string;
}

export interface BuildMessage {
  stream?: string;
  aux?: { ID: string };
}

export interface BuilderDeps {
  images: ImageService;
  containers: ContainerService;
  archive: CopyPaths;
  cache: BuildCache;
  tmpDir: string;
}

interface StageState {
  base: StepBase;
  shell: string[];
  /** ARGs declared in the stage with a value. */
  args: Map<string, string>;
}

/** A RUN that exited non-zero; the API sends `exitCode` as the error's `code`, as dockerd. */
export class RunFailedError extends InvalidParameterError {
  readonly exitCode: number;

  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
}

const short = (id: string) => id.replace(/^sha256:/, "").slice(0, 12);

export class Builder {
  private readonly deps: BuilderDeps;

  constructor(deps: BuilderDeps) {
    this.deps = deps;
  }

  async build(
    input: Readable,
    opts: BuildOptions,
    send: (m: BuildMessage) => void,
    signal: AbortSignal,
  ): Promise<string> {
    const ctx = await BuildContext.open(input, this.deps.tmpDir, opts.dockerfile, signal);
    try {
      const parsed = parseDockerfile(await ctx.readDockerfile(opts.dockerfile));
      return await new BuildRun(this.deps, ctx, parsed, opts, opts.quiet ? () => {} : send, signal).run(send);
    } finally {
      await ctx.close();
    }
  }
}

class BuildRun {
  private step = 0;
  private total = 0;
  private readonly results = new Map<number, StepBase>();
  private readonly usedArgs = new Set<string>();
  private readonly metaVars = new Map<string, string>();

  private readonly deps: BuilderDeps;
  private readonly ctx: BuildContext;
  private readonly df: ParsedDockerfile;
  private readonly opts: BuildOptions;
  private readonly out: (m: BuildMessage) => void;
  private readonly signal: AbortSignal;

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
    this.signal = signal;
  }

  private print(s: string): void {
    this.out({ stream: s });
  }

  private stageIndex(ref: string): number | undefined {
    const byName = this.df.stages.find((s) => s.name === ref.toLowerCase());
    if (byName) return byName.index;
    return /^\d+$/.test(ref) && Number(ref) < this.df.stages.length ? Number(ref) : undefined;
  }

  /** The stages the target needs (FROM a stage, COPY --from a stage), in file order. */
  private neededStages(target: Stage): Stage[] {
    const need = new Set<number>();
    const visit = (s: Stage) => {
      if (need.has(s.index)) return;
      need.add(s.index);
      const base = this.stageIndex(processWord(s.base, this.metaVars, this.df.escape));
      if (base !== undefined && base < s.index) visit(this.df.stages[base]);
      for (const ins of s.body) {
        const from = ins.flags.find(([n]) => n === "from")?.[1];
        const idx = from !== undefined ? this.stageIndex(from) : undefined;
        if (idx !== undefined && idx < s.index) visit(this.df.stages[idx]);
      }
    };
    visit(target);
    return this.df.stages.filter((s) => need.has(s.index));
  }

  async run(send: (m: BuildMessage) => void): Promise<string> {
    for (const ins of this.df.metaArgs) {
      const [name, def] = splitArg(processWord(ins.args, this.metaVars, this.df.escape));
      const value = this.buildArg(name) ?? def;
      if (value !== undefined) this.metaVars.set(name, value);
    }
    let target = this.df.stages.at(-1)!;
    if (this.opts.target) {
      const t = this.df.stages.find((s) => s.name === this.opts.target?.toLowerCase());
      if (!t)
        throw new InvalidParameterError(`failed to reach build target ${this.opts.target} in Dockerfile`);
      target = t;
    }
    const stages = this.neededStages(target);
    const labels = Object.entries(this.opts.labels);
    this.total =
      this.df.metaArgs.length + stages.reduce((n, s) => n + 1 + s.body.length, 0) + (labels.length ? 1 : 0);
    for (const ins of this.df.metaArgs) this.announce(ins);
    let last: StepBase | undefined;
    for (const stage of stages) {
      const body = [...stage.body];
      if (stage === target && labels.length > 0) {
        const args = labels.map(([k, v]) => `${JSON.stringify(k)}=${JSON.stringify(v)}`).join(" ");
        body.push({ line: 0, keyword: "LABEL", args, flags: [], text: `LABEL ${args}` });
      }
      last = await this.runStage(stage, body);
      this.results.set(stage.index, last);
    }
    const id = last!.record?.id;
    if (!id) throw new InvalidParameterError("No image was generated. Is your Dockerfile empty?");
    const unused = Object.keys(this.opts.buildArgs).filter(
      (a) => !this.usedArgs.has(a) && !PREDEFINED_ARGS.has(a),
    );
    if (unused.length > 0)
      this.print(`[Warning] One or more build-args [${unused.join(" ")}] were not consumed\n`);
    send({ aux: { ID: id } });
    if (this.opts.quiet) send({ stream: `${id}\n` });
    this.print(`Successfully built ${short(id)}\n`);
    for (const ref of this.opts.tags) {
      await this.deps.images.tag(id, ref);
      this.print(`Successfully tagged ${familiarString(ref)}\n`);
    }
    return id;
  }

  private announce(ins: Instruction): void {
    this.step++;
    this.print(`Step ${this.step}/${this.total} : ${ins.text}\n`);
  }

  private buildArg(name: string): string | undefined {
    if (!Object.hasOwn(this.opts.buildArgs, name)) return undefined;
    this.usedArgs.add(name);
    const v = this.opts.buildArgs[name];
    // `--build-arg NAME` without a value takes it from the client's environment, which the
    // docker CLI already resolved; a null left means unset.
    return v ?? undefined;
  }

  private async fromBase(stage: Stage): Promise<StepBase> {
    const name = processWord(stage.base, this.metaVars, this.df.escape);
    if (!name)
      throw new InvalidParameterError(
        `Dockerfile line ${stage.from.line}: base name (${stage.base}) should not be blank`,
      );
    const idx = this.stageIndex(name);
    if (idx !== undefined && idx < stage.index) {
      const r = this.results.get(idx);
      if (r) return r;
    }
    if (name.toLowerCase() === "scratch") return { config: scratchConfig() };
    const record = this.deps.images.tryResolve(name);
    if (!record)
      throw new NotFoundError(
        `pull access denied for ${name}: berth's builder uses local images only (pull it first with docker pull ${name})`,
      );
    const config = await this.deps.images.config(record);
    if ((config.config?.OnBuild ?? []).length > 0)
      throw new InvalidParameterError(
        `Dockerfile line ${stage.from.line}: the base image ${name} has ONBUILD triggers, which berth's builder does not run yet`,
      );
    return { record, config };
  }

  private async runStage(stage: Stage, body: Instruction[]): Promise<StepBase> {
    this.announce(stage.from);
    const from = await this.fromBase(stage);
    const base = { ...from, config: { ...from.config, config: withDefaultPath(from.config.config) } };
    const st: StageState = { base, shell: DEFAULT_SHELL, args: new Map() };
    if (st.base.config.config?.Shell?.length) st.shell = st.base.config.config.Shell;
    this.print(st.base.record ? ` ---> ${short(st.base.record.id)}\n` : "");
    for (const ins of body) {
      if (this.signal.aborted)
        throw new InvalidParameterError("the build was cancelled: the client went away");
      this.announce(ins);
      st.base = await this.runStep(st, ins);
      this.print(` ---> ${short(st.base.record!.id)}\n`);
    }
    return st.base;
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

  private async runStep(st: StageState, ins: Instruction): Promise<StepBase> {
    const cfg: ContainerConfig = structuredClone(st.base.config.config ?? {});
    const vars = this.vars(st);
    switch (ins.keyword) {
      case "RUN":
        return this.runRun(st, ins, cfg);
      case "COPY":
      case "ADD":
        return this.runCopy(st, ins, cfg, vars);
      case "ARG": {
        const [name, def] = splitArg(processWord(ins.args, vars, this.df.escape));
        const value = this.buildArg(name) ?? def ?? this.metaVars.get(name);
        if (value !== undefined) st.args.set(name, value);
        return this.metadataStep(st, cfg, `ARG ${ins.args}`);
      }
      case "MAINTAINER":
        return this.metadataStep(st, cfg, `MAINTAINER ${ins.args}`, ins.args);
      default: {
        const { config, shell } = applyMetadata(cfg, ins, vars, this.df.escape, st.shell);
        st.shell = shell;
        return this.metadataStep(st, config, ins.text);
      }
    }
  }

  /** A step that changes the config only: cached like any other. */
  private async metadataStep(
    st: StageState,
    config: ContainerConfig,
    text: string,
    author?: string,
  ): Promise<StepBase> {
    const createdBy = `/bin/sh -c #(nop) ${text}`;
    return this.cachedOr(st, config, createdBy, () =>
      commitStep(this.deps.images, st.base, { config, createdBy, ...(author ? { author } : {}) }),
    );
  }

  private async cachedOr(
    st: StageState,
    config: ContainerConfig,
    createdBy: string,
    make: () => Promise<StepBase>,
  ): Promise<StepBase> {
    const key = cacheKey(st.base.record?.id, createdBy, config);
    const exists = (id: string) => this.deps.images.store.get(id) !== undefined;
    if (!this.opts.noCache) {
      const hit = await this.deps.cache.get(key, exists);
      if (hit) {
        this.print(" ---> Using cache\n");
        const record = this.deps.images.store.get(hit)!;
        return { record, config: await this.deps.images.config(record) };
      }
    }
    const made = await make();
    await this.deps.cache.set(key, made.record!.id, exists);
    return made;
  }

  /** Build args RUN sees as environment (those ENV does not set), as `|N k=v` in history. */
  private runArgs(st: StageState, env: string[]): string[] {
    const envKeys = new Set(env.map((e) => e.split("=")[0]));
    return [...st.args]
      .filter(([k]) => !envKeys.has(k))
      .map(([k, v]) => `${k}=${v}`)
      .sort();
  }

  private async runRun(st: StageState, ins: Instruction, cfg: ContainerConfig): Promise<StepBase> {
    if (!st.base.record)
      throw new InvalidParameterError(
        `Dockerfile line ${ins.line}: RUN needs a base image with a shell; the stage starts FROM scratch`,
      );
    const cmd = commandOf(ins, st.shell);
    const args = this.runArgs(st, cfg.Env ?? []);
    const createdBy = `${args.length ? `|${args.length} ${args.join(" ")} ` : ""}${cmd.join(" ")}`;
    return this.cachedOr(st, cfg, createdBy, async () => {
      let env = cfg.Env ?? [];
      for (const a of args) env = setEnv(env, a.split("=")[0], a.slice(a.indexOf("=") + 1));
      return this.inContainer(st, { ...cfg, Cmd: cmd, Entrypoint: [], Env: env }, async (id) => {
        const containers = this.deps.containers;
        await containers.start(id);
        const logs = openLogs(containers, id, { stdout: true, stderr: true });
        const pump = logs.pump({ follow: true }, (e) => this.out({ stream: e.log }), this.signal);
        // The kill fails only when the container has already stopped, which is what it wants.
        const onAbort = () => void containers.kill(id).catch(() => {});
        this.signal.addEventListener("abort", onAbort);
        // A client gone before the listener was added: its abort event has passed already.
        if (this.signal.aborted) onAbort();
        try {
          const res = await containers.wait(id, "not-running", new AbortController().signal);
          await pump;
          if (this.signal.aborted)
            throw new InvalidParameterError("the build was cancelled: the client went away");
          if (res.StatusCode !== 0)
            throw new RunFailedError(
              `The command '${cmd.join(" ")}' returned a non-zero code: ${res.StatusCode}`,
              res.StatusCode,
            );
        } finally {
          this.signal.removeEventListener("abort", onAbort);
        }
        return commitStep(this.deps.images, st.base, {
          config: cfg,
          createdBy,
          layer: () => this.upperTar(id),
        });
      });
    });
  }

  private upperTar(id: string): Promise<Readable> {
    const rec = this.deps.containers.get(id);
    return packUpper(rootfsPaths(this.deps.containers.store.dir(id)).upper, mountDestinations(rec));
  }

  /** Runs `fn` with an intermediate container of the step's image, removed afterwards whatever happens. */
  private async inContainer<T>(
    st: StageState,
    config: ContainerConfig,
    fn: (id: string) => Promise<T>,
  ): Promise<T> {
    const containers = this.deps.containers;
    if (this.signal.aborted) throw new InvalidParameterError("the build was cancelled: the client went away");
    const { Id } = await containers.create({
      ...config,
      Image: st.base.record!.id,
      HostConfig: { NetworkMode: this.opts.networkMode || "default" },
    });
    this.print(` ---> Running in ${short(Id)}\n`);
    try {
      return await fn(Id);
    } finally {
      await containers.remove(Id, { force: true, volumes: true });
      this.print(`Removing intermediate container ${short(Id)}\n`);
    }
  }

  private async runCopy(
    st: StageState,
    ins: Instruction,
    cfg: ContainerConfig,
    vars: Map<string, string>,
  ): Promise<StepBase> {
    const flag = (n: string) => ins.flags.find(([f]) => f === n)?.[1];
    const words = ins.json ?? processWords(ins.args, vars, this.df.escape);
    if (ins.json)
      for (let i = 0; i < words.length; i++) words[i] = processWord(words[i], vars, this.df.escape);
    if (words.length < 2)
      throw new InvalidParameterError(
        `Dockerfile line ${ins.line}: ${ins.keyword} requires at least two arguments`,
      );
    const dest = words.at(-1)!;
    const srcs = words.slice(0, -1);
    const chmod = parseChmod(flag("chmod"));
    const chown = flag("chown");
    const from = flag("from");
    if (ins.keyword === "ADD")
      for (const s of srcs)
        if (/^[a-z]+:\/\//i.test(s) || s.startsWith("git@"))
          throw new InvalidParameterError(
            `Dockerfile line ${ins.line}: ADD of a URL (${s}) is not supported yet by berth's builder`,
          );
    return this.withSourceRoot(from, ins, async (root, resolve) => {
      const sources: ContextEntry[] = [];
      for (const s of srcs) sources.push(...(await findSources(root, s, resolve)));
      // ADD extracts local tar archives (plain or gzip) into the destination, as Docker's.
      const archives: ContextEntry[] = [];
      if (ins.keyword === "ADD")
        for (const s of [...sources]) {
          if ((await archiveKind(s, ins)) !== "tar") continue;
          archives.push(s);
          sources.splice(sources.indexOf(s), 1);
        }
      if (archives.length > 0 && (chown || chmod !== undefined))
        throw new InvalidParameterError(
          `Dockerfile line ${ins.line}: ADD --chown/--chmod of a local archive is not supported yet by berth's builder`,
        );
      if (archives.length > 0 && !st.base.record)
        throw new InvalidParameterError(
          `Dockerfile line ${ins.line}: ADD of a local archive FROM scratch is not supported yet by berth's builder`,
        );
      const sums: string[] = [];
      for (const s of [...sources, ...archives]) sums.push(await BuildContext.checksum(s.abs));
      const kind =
        sources.length === 1 && archives.length === 0 && (await lstat(sources[0].abs)).isFile()
          ? "file"
          : "dir";
      const hash = cacheKey(undefined, sums.join(","), [chown, chmod]);
      const createdBy = `/bin/sh -c #(nop) ${ins.keyword} ${kind}:${hash} in ${dest} `;
      return this.cachedOr(st, cfg, createdBy, async () => {
        if (!st.base.record) {
          // FROM scratch: no container; the tar is the whole first layer.
          const owner = numericOwner(chown, ins);
          const plan = await planCopy(sources, dest, cfg.WorkingDir ?? "/", async () => undefined);
          return commitStep(this.deps.images, st.base, {
            config: cfg,
            createdBy,
            layer: async () => copyTar(plan, owner, chmod),
          });
        }
        const runCfg = {
          ...cfg,
          Cmd: ["/bin/sh", "-c", `#(nop) ${ins.keyword} ${kind}:${hash} in ${dest} `],
          Entrypoint: [],
        };
        return this.inContainer(st, runCfg, async (id) => {
          await this.deps.containers.withRootfs(id, async (_rec, merged) => {
            const owner: CopyOwner = chown
              ? await resolveUser(merged, chown, []).catch((err: Error) => {
                  throw new InvalidParameterError(
                    `Dockerfile line ${ins.line}: --chown=${chown}: ${err.message}`,
                  );
                })
              : { uid: 0, gid: 0 };
            const destKind = async (p: string) => {
              const s = await lstat(await resolveInRoot(merged, p)).catch(() => undefined);
              return s ? (s.isDirectory() ? "dir" : "other") : undefined;
            };
            const plan = sources.length ? await planCopy(sources, dest, cfg.WorkingDir ?? "/", destKind) : [];
            const archiveDest = path.posix.resolve(cfg.WorkingDir || "/", dest);
            if (archives.length > 0) await addMissingDirs(plan, archiveDest, destKind);
            // The tars go through `docker cp`'s checked extraction: no entry leaves the root.
            const opts = { noOverwriteDirNonDir: false, copyUIDGID: false };
            if (plan.length > 0) await this.deps.archive.extract(id, "/", copyTar(plan, owner, chmod), opts);
            for (const a of archives)
              await this.deps.archive.extract(id, archiveDest, createReadStream(a.abs), opts);
          });
          return commitStep(this.deps.images, st.base, {
            config: cfg,
            createdBy,
            layer: () => this.upperTar(id),
          });
        });
      });
    });
  }

  /** The root COPY reads from: the context, or the rootfs of a stage's or an image's container. */
  private async withSourceRoot<T>(
    from: string | undefined,
    ins: Instruction,
    fn: (root: string, resolve?: (p: string) => Promise<string>) => Promise<T>,
  ): Promise<T> {
    if (from === undefined) return fn(this.ctx.root);
    const idx = this.stageIndex(from);
    let record = idx !== undefined ? this.results.get(idx)?.record : undefined;
    if (idx !== undefined && !this.results.has(idx))
      throw new InvalidParameterError(
        `Dockerfile line ${ins.line}: COPY --from=${from}: the stage is not built before this one`,
      );
    if (idx === undefined) {
      record = this.deps.images.tryResolve(from);
      if (!record)
        throw new NotFoundError(`Dockerfile line ${ins.line}: COPY --from=${from}: No such image: ${from}`);
    }
    if (!record)
      throw new InvalidParameterError(
        `Dockerfile line ${ins.line}: COPY --from=${from}: the stage has no files`,
      );
    const containers = this.deps.containers;
    const { Id } = await containers.create({
      Image: record.id,
      Cmd: ["/bin/sh"],
      Entrypoint: [],
      HostConfig: { NetworkMode: "none" },
    });
    try {
      return await containers.withRootfs(Id, (_rec, merged) => fn(merged, (p) => resolveInRoot(merged, p)));
    } finally {
      await containers.remove(Id, { force: true, volumes: true });
    }
  }
}

const PREDEFINED_ARGS = new Set(
  ["HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY"].flatMap((a) => [a, a.toLowerCase()]),
);

function splitArg(s: string): [string, string | undefined] {
  const eq = s.indexOf("=");
  const name = (eq < 0 ? s : s.slice(0, eq)).trim();
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new InvalidParameterError(`ARG names can not be blank or contain symbols: ${s}`);
  return [name, eq < 0 ? undefined : s.slice(eq + 1)];
}
