// FROM's image: a previous stage, `scratch`, a local image, or one pulled as Docker's classic
// builder does (a missing image is pulled; with `--pull` every FROM image is pulled and a
// failed pull fails the build, as dockerd's PullOptionForcePull). `FROM --platform=` and `--platform` name the platform the
// stage is for; berth runs RUN natively, so a platform the host cannot run is refused, never
// built for the wrong one. The platform ARGs ($BUILDPLATFORM, $TARGETPLATFORM, …) are
// BuildKit's automatic ones, defined here so that Dockerfiles written for BuildKit expand.

import { InvalidParameterError, NotFoundError } from "../errdefs/errors.ts";
import type { ImageRecord } from "../image/image-store.ts";
import { parseNormalizedNamed, type Reference, tagNameOnly } from "../image/reference.ts";
import {
  hostPlatform,
  normalizePlatform,
  type PlatformSpec,
  parsePlatform,
  platformString,
} from "../oci/platform.ts";
import type { RegistryCredentials } from "../registry/auth.ts";
import type { BuildMessage, BuildRun, StageState } from "./builder.ts";
import { processWord } from "./shell-lex.ts";
import { type StepBase, scratchConfig } from "./step-image.ts";

/** Pulls an image for the build, its progress sent in the build's stream. */
export type BaseImagePuller = (
  ref: Reference,
  platform: PlatformSpec,
  send: (m: BuildMessage) => void,
  signal: AbortSignal,
  auths: Record<string, RegistryCredentials> | undefined,
) => Promise<ImageRecord>;

/** BuildKit's automatic platform ARGs, for the host (build) and the target platform. */
export function platformArgs(target: PlatformSpec | undefined): Map<string, string> {
  const build = normalizePlatform(hostPlatform());
  const t = normalizePlatform(target ?? build);
  const vars = new Map<string, string>();
  for (const [prefix, p] of [
    ["BUILD", build],
    ["TARGET", t],
  ] as const) {
    vars.set(`${prefix}PLATFORM`, platformString(p));
    vars.set(`${prefix}OS`, p.os);
    vars.set(`${prefix}ARCH`, p.architecture);
    vars.set(`${prefix}VARIANT`, p.variant ?? "");
  }
  return vars;
}

/** The platform a stage is for; refused when the host cannot run it. */
export function stagePlatform(
  flag: string | undefined,
  requested: PlatformSpec | undefined,
  vars: Map<string, string>,
  escapeChar: string,
  line: number,
): PlatformSpec {
  const host = normalizePlatform(hostPlatform());
  let want = requested ? normalizePlatform(requested) : host;
  if (flag !== undefined) {
    const text = processWord(flag, vars, escapeChar);
    try {
      want = normalizePlatform(parsePlatform(text));
    } catch (err) {
      throw new InvalidParameterError(
        `Dockerfile line ${line}: FROM --platform=${flag}: ${(err as Error).message}`,
      );
    }
  }
  if (platformString(want) !== platformString(host))
    throw new InvalidParameterError(
      `Dockerfile line ${line}: cannot build for ${platformString(want)}: berth runs build steps natively and this host runs ${platformString(host)} only (no emulation)`,
    );
  return want;
}

export async function fromBase(
  run: BuildRun,
  st: StageState,
  opts: { name: string; metaVars: Map<string, string>; puller: BaseImagePuller | undefined },
): Promise<StepBase> {
  const { stage } = st.node;
  const { name } = opts;
  if (!name)
    throw new InvalidParameterError(
      `Dockerfile line ${stage.from.line}: base name (${stage.base}) should not be blank`,
    );
  const platform = stagePlatform(
    stage.from.flags.find(([f]) => f === "platform")?.[1],
    run.opts.platform,
    opts.metaVars,
    run.df.escape,
    stage.from.line,
  );
  const idx = run.stageIndex(name);
  if (idx !== undefined && idx < stage.index) {
    const r = run.results.get(idx);
    if (r) return r;
  }
  if (name.toLowerCase() === "scratch") return { config: scratchConfig() };
  let record = run.opts.pull ? undefined : run.deps.images.tryResolve(name);
  if (!record) {
    if (!opts.puller)
      throw new NotFoundError(`pull access denied for ${name}: this berthd cannot pull images`);
    let ref: Reference;
    try {
      ref = tagNameOnly(parseNormalizedNamed(name));
    } catch (err) {
      throw new InvalidParameterError(`Dockerfile line ${stage.from.line}: ${(err as Error).message}`);
    }
    record = await opts.puller(ref, platform, st.out, run.signal, run.opts.registryAuths);
  }
  // Its ONBUILD triggers are run by the builder right after (onbuild.ts).
  return { record, config: await run.deps.images.config(record) };
}
