// COPY and ADD: sources from the context or from a stage's or an image's files (`--from`,
// a read-only overlay of its layers), the cache key from the checksums of what they read, the
// files written through `docker cp`'s checked extraction into a layer mounted over the step's
// base (step-layer.ts: no container, as Docker's builder; on `FROM scratch` the tar is the
// layer itself). ADD extracts local tar archives (add-archive.ts) and downloads URLs
// (add-url.ts); here-documents are sources too (heredoc.ts).

import { lstat, mkdtemp, rmdir } from "node:fs/promises";
import path from "node:path";
import { ContainerRoot } from "../container/archive.ts";
import { extractToDir } from "../container/archive-extract.ts";
import { InvalidParameterError, NotFoundError } from "../errdefs/errors.ts";
import { resolveInRoot, resolveUser } from "../runtime/user.ts";
import { fsopenOverlay, MNT_DETACH, MOUNT_ATTR_RDONLY, umount2 } from "../sys/syscalls.ts";
import type { ContainerConfig } from "../types/container-config.ts";
import { archiveStream, isTarArchive } from "./add-archive.ts";
import { downloadUrl, isUrl } from "./add-url.ts";
import type { BuildRun, StepState } from "./builder.ts";
import { cacheKey } from "./cache.ts";
import { BuildContext, type ContextEntry, findSources } from "./context.ts";
import { addMissingDirs, type CopyOwner, copyTar, numericOwner, parseChmod, planCopy } from "./copy.ts";
import type { Instruction } from "./dockerfile.ts";
import { heredocSources, parseHeredocWord } from "./heredoc.ts";
import { processHeredoc, processWord, processWords } from "./shell-lex.ts";
import { commitStep, type StepBase } from "./step-image.ts";
import { withStepLayer } from "./step-layer.ts";

export async function runCopy(
  r: BuildRun,
  st: StepState,
  ins: Instruction,
  cfg: ContainerConfig,
  vars: Map<string, string>,
): Promise<StepBase> {
  const flag = (n: string) => ins.flags.find(([f]) => f === n)?.[1];
  const words = ins.json ?? processWords(ins.args, vars, r.df.escape);
  if (ins.json) for (let i = 0; i < words.length; i++) words[i] = processWord(words[i], vars, r.df.escape);
  if (words.length < 2)
    throw new InvalidParameterError(
      `Dockerfile line ${ins.line}: ${ins.keyword} requires at least two arguments`,
    );
  const dest = words.at(-1)!;
  if (ins.heredocs?.length && parseHeredocWord(dest, r.df.escape))
    throw new InvalidParameterError(
      `Dockerfile line ${ins.line}: ${ins.keyword} cannot accept a heredoc as a destination`,
    );
  const docs = await heredocSources(
    words.slice(0, -1),
    ins.heredocs,
    path.join(r.ctx.scratch, "heredocs"),
    (c) => processHeredoc(c, vars, r.df.escape),
    r.df.escape,
  );
  const srcs = docs.paths;
  const chmod = parseChmod(flag("chmod"));
  const chown = flag("chown");
  const from = flag("from");
  const urls = ins.keyword === "ADD" ? srcs.filter(isUrl) : [];
  const checksum = flag("checksum");
  if (checksum !== undefined && (urls.length === 0 || urls.length !== srcs.length))
    throw new InvalidParameterError(
      `Dockerfile line ${ins.line}: checksum can't be specified for non-HTTP(S) sources`,
    );
  const downloaded: ContextEntry[] = [];
  for (const u of urls)
    downloaded.push(await downloadUrl(ins, u, path.join(r.ctx.scratch, "urls"), checksum, r.signal));
  return withSourceRoot(r, from, ins, async (root, resolve) => {
    const sources: ContextEntry[] = [];
    for (const s of srcs) if (!urls.includes(s)) sources.push(...(await findSources(root, s, resolve)));
    sources.push(...docs.files);
    // ADD extracts local tar archives (plain, gzip, bzip2, xz, zstd), as Docker's; not URLs.
    const archives: ContextEntry[] = [];
    if (ins.keyword === "ADD")
      for (const s of [...sources]) {
        if (docs.files.includes(s) || !(await isTarArchive(s.abs))) continue;
        archives.push(s);
        sources.splice(sources.indexOf(s), 1);
      }
    sources.push(...downloaded);
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
    return r.cachedOr(st, cfg, createdBy, async () => {
      if (!st.base.record) {
        // FROM scratch: no container; the tar is the whole first layer.
        const owner = numericOwner(chown, ins);
        const plan = await planCopy(sources, dest, cfg.WorkingDir ?? "/", async () => undefined);
        return commitStep(r.deps.images, st.base, {
          config: cfg,
          createdBy,
          layer: async () => copyTar(plan, owner, chmod),
        });
      }
      // Its base is held by the build (BuildRun.held): no removal takes the layers mounted here.
      return withStepLayer(
        r.deps.tmpDir,
        r.deps.images.layerDirs(st.base.record).reverse(),
        async ({ merged, dir }) => {
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
          const root = await ContainerRoot.open(merged, dir, `build step ${ins.keyword} (line ${ins.line})`);
          const opts = { noOverwriteDirNonDir: false, readonlyRootfs: false, tmpDir: r.deps.tmpDir };
          if (plan.length > 0) await extractToDir(root, "/", copyTar(plan, owner, chmod), opts);
          for (const a of archives) await extractToDir(root, archiveDest, await archiveStream(a.abs), opts);
        },
        (upper) => commitStep(r.deps.images, st.base, { config: cfg, createdBy, layerDir: upper }),
        (work) => r.background.add(work),
      );
    });
  });
}

/** The root COPY or RUN --mount reads from: the context, or a stage's or an image's files. */
export async function withSourceRoot<T>(
  r: BuildRun,
  from: string | undefined,
  ins: Instruction,
  fn: (root: string, resolve?: (p: string) => Promise<string>) => Promise<T>,
): Promise<T> {
  if (from === undefined) return fn(r.ctx.root);
  const what = ins.keyword === "RUN" ? `RUN --mount=from=${from}` : `${ins.keyword} --from=${from}`;
  const idx = r.stageIndex(from);
  let record = idx !== undefined ? r.results.get(idx)?.record : undefined;
  if (idx !== undefined && !r.results.has(idx))
    throw new InvalidParameterError(
      `Dockerfile line ${ins.line}: ${what}: the stage is not built before this one`,
    );
  if (idx === undefined) {
    record = r.deps.images.tryResolve(from);
    if (!record) throw new NotFoundError(`Dockerfile line ${ins.line}: ${what}: No such image: ${from}`);
  }
  if (!record)
    throw new InvalidParameterError(`Dockerfile line ${ins.line}: ${what}: the stage has no files`);
  // The image's files through a read-only overlay of its layers (one layer: that layer's
  // dir, read only here): no container record to create and remove for a read.
  const dirs = r.deps.images.layerDirs(record);
  // Held until the build ends (an image, not a stage, has no other hold): no removal takes
  // the layers mounted here.
  r.held({ record });
  const target = await mkdtemp(path.join(r.deps.tmpDir, "copy-from-"));
  let mounted = false;
  try {
    let root = target;
    if (dirs.length >= 2) {
      fsopenOverlay([...dirs].reverse(), undefined, undefined, target, { attrs: MOUNT_ATTR_RDONLY });
      mounted = true;
    } else if (dirs.length === 1) root = dirs[0];
    return await fn(root, (p) => resolveInRoot(root, p));
  } finally {
    if (mounted) umount2(target, MNT_DETACH);
    // rmdir, not rm -r: were the unmount to have failed, nothing below is touched.
    await rmdir(target);
  }
}
