import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { InvalidParameterError, NotFoundError } from "../errdefs/errors.ts";
import { familiarString, parseNormalizedNamed, tagNameOnly } from "../image/reference.ts";
import { rootfsPaths } from "../layer/rootfs.ts";
import { normalizePlatform, parsePlatform, platformString } from "../oci/platform.ts";
import { mergeConfigEnv, resolveCommand } from "../runtime/command.ts";
import { containerCapabilities, parseSecurityOpts } from "../runtime/oci-spec.ts";
import { ulimitsToRlimits } from "../runtime/rlimits.ts";
import type { ContainerCreateRequest } from "../types/container-create.ts";
import type { HostConfig } from "../types/host-config.ts";
import { cgroupsPathFor } from "./cgroup-parent.ts";
import { type ContainerRecord, initialState } from "./container-record.ts";
import type { ContainerContext } from "./context.ts";
import { validateCreate } from "./create-validation.ts";
import { mergeHealthcheck, validateHealthcheck } from "./health/health-config.ts";
import { discardUnsupported } from "./kernel-discards.ts";
import { logSettings } from "./log-options.ts";
import { generateName, validateName } from "./names.ts";
import { type ContainerResource, releaseAll } from "./resources.ts";
import { signalNumber } from "./signals.ts";
import { refuseUnapplied } from "./unapplied-fields.ts";
import { refuseUnhonoured } from "./unhonoured-options.ts";

function imageNotFound(ref: string): NotFoundError {
  let shown = ref;
  try {
    shown = familiarString(tagNameOnly(parseNormalizedNamed(ref)));
  } catch {
    // not a reference: show it as given
  }
  return new NotFoundError(`No such image: ${shown}`);
}

/**
 * `--platform`: berth keeps one platform per image, so an image of another platform is, as
 * dockerd says, not the image asked for (a 404, on which the docker CLI may pull).
 */
function checkPlatform(
  ref: string,
  platform: string,
  doc: { os?: string; architecture?: string; variant?: string },
) {
  const want = parsePlatform(platform);
  const have = normalizePlatform({
    os: doc.os || "linux",
    architecture: doc.architecture || "",
    ...(doc.variant ? { variant: doc.variant } : {}),
  });
  const same =
    want.os === have.os &&
    want.architecture === have.architecture &&
    (!want.variant || !have.variant || want.variant === have.variant);
  if (same) return;
  throw new NotFoundError(
    `image with reference ${ref} was found but its platform (${platformString(have)}) does not match the specified platform (${platformString(want)})`,
  );
}

/** Validates everything that can be before anything is written; then writes the record. */
export async function createContainer(
  ctx: ContainerContext,
  req: ContainerCreateRequest,
  name?: string,
  platform?: string,
  internal: { ephemeral?: boolean } = {},
): Promise<{ Id: string; Warnings: string[] }> {
  if (!req || typeof req.Image !== "string" || req.Image === "") {
    throw new InvalidParameterError("Config cannot be empty in order to create a container");
  }
  const image = ctx.images.tryResolve(req.Image);
  if (!image) throw imageNotFound(req.Image);
  const imageDoc = await ctx.images.config(image);
  if (platform) checkPlatform(req.Image, platform, imageDoc);
  const imageConfig = imageDoc.config ?? {};
  const hc: HostConfig = { ...(req.HostConfig ?? {}) };
  const warnings: string[] = [];
  const runtimeName = hc.Runtime || ctx.opts.defaultRuntime;
  ctx.rt.info(runtimeName);
  hc.Runtime = runtimeName;
  parseSecurityOpts(hc.SecurityOpt ?? []);
  containerCapabilities(hc);
  ulimitsToRlimits(hc.Ulimits ?? [], ctx.host.rlimits);
  warnings.push(...refuseUnapplied(req, hc));
  warnings.push(...discardUnsupported(hc, ctx.host.kernelSupport));
  validateCreate(req, hc, { cgroupVersion: ctx.host.cgroups, kernelSupport: ctx.host.kernelSupport });
  const logConfig = hc.LogConfig ?? {};
  const log = logSettings(logConfig.Type, logConfig.Config ?? {}, {
    driver: ctx.opts.logDriver,
    opts: ctx.opts.logOpts,
  });
  hc.LogConfig = { Type: log.driver, Config: logConfig.Config ?? {} };
  const restart = hc.RestartPolicy ?? {};
  if (restart.Name && !["no", "always", "unless-stopped", "on-failure"].includes(restart.Name)) {
    throw new InvalidParameterError(`invalid restart policy '${restart.Name}'`);
  }
  if (hc.AutoRemove && restart.Name && restart.Name !== "no") {
    throw new InvalidParameterError("can't create 'AutoRemove' container with restart policy");
  }
  refuseUnhonoured(req, imageConfig.Volumes);
  const exposed = { ...imageConfig.ExposedPorts, ...req.ExposedPorts };
  for (const r of ctx.resources) {
    const check = { Config: { ExposedPorts: exposed, MacAddress: req.MacAddress }, HostConfig: hc };
    warnings.push(...(r.validate?.({ ...check, NetworkingConfig: req.NetworkingConfig }) ?? []));
  }
  const cmd = resolveCommand(imageConfig, req);
  const healthcheck = mergeHealthcheck(req.Healthcheck, imageConfig.Healthcheck);
  validateHealthcheck(healthcheck);

  let cname: string;
  if (name) cname = validateName(name);
  else {
    cname = generateName();
    for (let i = 1; ctx.store.nameHolder(cname); i++) cname = generateName(i);
  }
  const id = randomBytes(32).toString("hex");
  const config: ContainerRecord["Config"] = {
    // With the host's network, Docker gives the host's name too.
    Hostname: req.Hostname || (hc.NetworkMode === "host" ? os.hostname() : id.slice(0, 12)),
    Domainname: req.Domainname ?? "",
    // Docker merges an empty user (what the docker CLI sends without -u) with the image's.
    User: req.User || imageConfig.User || "",
    AttachStdin: req.AttachStdin ?? false,
    AttachStdout: req.AttachStdout ?? false,
    AttachStderr: req.AttachStderr ?? false,
    ...(req.ExposedPorts || imageConfig.ExposedPorts
      ? { ExposedPorts: { ...imageConfig.ExposedPorts, ...req.ExposedPorts } }
      : {}),
    Tty: req.Tty ?? false,
    OpenStdin: req.OpenStdin ?? false,
    StdinOnce: req.StdinOnce ?? false,
    Env: mergeConfigEnv(imageConfig.Env, req.Env),
    Cmd: cmd.cmd,
    ...(healthcheck ? { Healthcheck: healthcheck } : {}),
    // Used by CMD-SHELL health checks, as dockerd's (the builder's other use is not berth's).
    ...(req.Shell?.length || imageConfig.Shell?.length
      ? { Shell: req.Shell?.length ? req.Shell : imageConfig.Shell }
      : {}),
    Image: req.Image,
    // Merged as dockerd: `-v /d` arrives here and must not hide the image's VOLUMEs.
    Volumes: req.Volumes || imageConfig.Volumes ? { ...imageConfig.Volumes, ...req.Volumes } : null,
    WorkingDir: req.WorkingDir || imageConfig.WorkingDir || "",
    Entrypoint: cmd.entrypoint,
    OnBuild: imageConfig.OnBuild ?? null,
    Labels: { ...imageConfig.Labels, ...req.Labels },
    ...(req.StopSignal || imageConfig.StopSignal
      ? { StopSignal: req.StopSignal || imageConfig.StopSignal }
      : {}),
    ...(req.StopTimeout !== undefined && req.StopTimeout !== null ? { StopTimeout: req.StopTimeout } : {}),
  };
  if (req.MacAddress) Object.assign(config, { MacAddress: req.MacAddress });
  if (config.StopSignal && signalNumber(config.StopSignal) === undefined) {
    throw new InvalidParameterError(`Invalid signal: ${config.StopSignal}`);
  }
  const rec: ContainerRecord = {
    ID: id,
    Created: new Date().toISOString(),
    Path: cmd.path,
    Args: cmd.args,
    Config: config,
    HostConfig: hc,
    ...(req.NetworkingConfig ? { NetworkingConfig: req.NetworkingConfig } : {}),
    Image: image.id,
    Name: `/${cname}`,
    RestartCount: 0,
    State: initialState(),
    Runtime: runtimeName,
    CgroupsPath: cgroupsPathFor(hc.CgroupParent, id),
    ...(internal.ephemeral ? { Ephemeral: true } : {}),
  };
  const made: ContainerResource[] = [];
  try {
    for (const r of ctx.resources) {
      if (!r.created) continue;
      made.push(r);
      await r.created(rec);
    }
    await ctx.store.add(rec);
  } catch (err) {
    // Nothing of the container is kept: what its resources made for it goes too.
    Object.assign(rec, { RemoveVolumes: true });
    await releaseAll(made, rec, "remove").catch(() => {});
    throw err;
  }
  try {
    const p = rootfsPaths(ctx.store.dir(id));
    await mkdir(p.upper, { mode: 0o755 });
    await mkdir(p.work, { mode: 0o700 });
    // dockerd makes the local driver's directory 0700 and both drivers' files 0640.
    if (log.driver === "local") await mkdir(path.dirname(ctx.logPath(id, log.driver)), { mode: 0o700 });
    if (log.driver === "json-file" || log.driver === "local")
      await writeFile(ctx.logPath(id, log.driver), "", { mode: 0o640 });
  } catch (err) {
    await ctx.store.remove(rec);
    Object.assign(rec, { RemoveVolumes: true });
    await releaseAll(made, rec, "remove").catch(() => {});
    throw err;
  }
  ctx.emit(rec, "create");
  return { Id: id, Warnings: warnings };
}
