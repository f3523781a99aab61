import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { InvalidParameterError, NotFoundError } from "../errdefs/errors.ts";
import { familiarString, parseNormalizedNamed, tagNameOnly } from "../image/reference.ts";
import { rootfsPaths } from "../layer/rootfs.ts";
import { mergeConfigEnv, resolveCommand } from "../runtime/command.ts";
import { containerCapabilities, parseSecurityOpts } from "../runtime/oci-spec.ts";
import { ulimitsToRlimits } from "../runtime/rlimits.ts";
import type { ContainerCreateRequest } from "../types/container-create.ts";
import type { HostConfig } from "../types/host-config.ts";
import { cgroupsPathFor } from "./cgroup-parent.ts";
import { type ContainerRecord, initialState } from "./container-record.ts";
import type { ContainerContext } from "./context.ts";
import { validateCreate } from "./create-validation.ts";
import { parseLogOpts } from "./log-options.ts";
import { generateName, validateName } from "./names.ts";
import { signalNumber } from "./signals.ts";
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

/** Validates everything that can be before anything is written; then writes the record. */
export async function createContainer(
  ctx: ContainerContext,
  req: ContainerCreateRequest,
  name?: string,
): Promise<{ Id: string; Warnings: string[] }> {
  if (!req || typeof req.Image !== "string" || req.Image === "") {
    throw new InvalidParameterError("Config cannot be empty in order to create a container");
  }
  const image = ctx.images.tryResolve(req.Image);
  if (!image) throw imageNotFound(req.Image);
  const imageConfig = (await ctx.images.config(image)).config ?? {};
  const hc: HostConfig = { ...(req.HostConfig ?? {}) };
  const warnings: string[] = [];
  const runtimeName = hc.Runtime || ctx.opts.defaultRuntime;
  ctx.rt.info(runtimeName);
  hc.Runtime = runtimeName;
  parseSecurityOpts(hc.SecurityOpt ?? []);
  containerCapabilities(hc);
  ulimitsToRlimits(hc.Ulimits ?? [], ctx.host.rlimits);
  if (hc.BlkioWeight && !ctx.host.kernelSupport.blkioWeight) {
    warnings.push(
      "Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.",
    );
    hc.BlkioWeight = 0;
  }
  validateCreate(req, hc, { cgroupVersion: ctx.host.cgroups, kernelSupport: ctx.host.kernelSupport });
  const logConfig = hc.LogConfig ?? {};
  const logType = logConfig.Type || "json-file";
  if (logType !== "json-file") {
    throw new InvalidParameterError(
      `logger: no log driver named '${logType}' is registered (berth supports json-file)`,
    );
  }
  parseLogOpts({ ...ctx.opts.logOpts, ...(logConfig.Config ?? {}) });
  hc.LogConfig = { Type: "json-file", Config: logConfig.Config ?? {} };
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
    ...(req.Healthcheck || imageConfig.Healthcheck
      ? { Healthcheck: req.Healthcheck ?? imageConfig.Healthcheck }
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
  };
  await ctx.store.add(rec);
  try {
    const p = rootfsPaths(ctx.store.dir(id));
    await mkdir(p.upper, { mode: 0o755 });
    await mkdir(p.work, { mode: 0o700 });
    await writeFile(ctx.logPath(id), "", { mode: 0o640 });
  } catch (err) {
    await ctx.store.remove(rec);
    throw err;
  }
  ctx.emit(rec, "create");
  return { Id: id, Warnings: warnings };
}
