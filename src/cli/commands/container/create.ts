/**
 * `berth create` and the create step `run` shares (docker/cli's container/create.go):
 * the cidfile, the pull policy, the create request and its warnings.
 */
import type { FileHandle } from "node:fs/promises";
import { isIP } from "node:net";
import { ApiError } from "../../../client/client.ts";
import { InvalidParameterError } from "../../../errdefs/errors.ts";
import {
  familiarString,
  looksLikeImageId,
  parseNormalizedNamed,
  type Reference,
  tagNameOnly,
} from "../../../image/reference.ts";
import { type CliContext, CliError, type Command, str, writeLine } from "../../command.ts";
import { configDir } from "../../config-dir.ts";
import type { FlagValues } from "../../flags.ts";
import type { ProgressSink } from "../../progress.ts";
import { ttySize } from "../../stream.ts";
import { errorText } from "./errors.ts";
import { parseContainerOptions } from "./opts.ts";
import { type CreateBody, goOpenError, processEnv } from "./opts-common.ts";
import { containerFlags, createOnlyFlags } from "./opts-flags.ts";

/**
 * The pull `run` and `create` do for a missing image: docker's output on stderr (bars on a
 * terminal), the stored credentials of the image's registry, and a failure in the stream
 * failing the command with the daemon's text.
 */
async function pullImage(
  ctx: CliContext,
  image: string,
  platform: string | undefined,
  quiet: boolean,
): Promise<void> {
  const ref = parseNormalizedNamed(image);
  const res = await ctx.client.call("POST", "/images/create", {
    query: {
      fromImage: `${ref.domain}/${ref.path}`,
      platform: platform?.toLowerCase(),
      tag: ref.digest ?? ref.tag ?? "latest",
    },
    // Loaded for a pull only: the credential code brings node:crypto and node:child_process,
    // ~10 ms of CPU that `run` of a local image has no use for.
    headers: {
      "X-Registry-Auth": await (await import("../../auth-config.ts")).registryAuthHeader(
        ref,
        configDir(ctx.configDir),
      ),
    },
  });
  // The progress renderer, like the credentials above, only for a pull (~1 ms of every run).
  const { discard, displayJsonMessagesStream } = await import("../../progress.ts");
  await displayJsonMessagesStream(res.body, quiet ? discard : (ctx.stderr as ProgressSink));
}

interface CreateOptions {
  name?: string;
  platform?: string;
  pull: string;
  quiet: boolean;
}

function isLoopback(ip: string): boolean {
  if (isIP(ip) === 4) return ip.startsWith("127.");
  return isIP(ip) === 6 && /^(0*:)*:?0*1$/.test(ip);
}

/** createContainer: the cidfile, the pull policy, the create request and its warnings. */
export async function createContainer(
  ctx: CliContext,
  body: CreateBody,
  opts: CreateOptions,
): Promise<string> {
  const cidPath = body.HostConfig.ContainerIDFile ?? "";
  // node:fs/promises only with --cidfile (it loads ~10 of Node's modules).
  const fsp = () => process.getBuiltinModule("node:fs/promises");
  let cid: FileHandle | undefined;
  let written = false;
  if (cidPath) {
    try {
      cid = await fsp().open(cidPath, "wx");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST") {
        throw new Error(
          `container ID file found, make sure the other container isn't running or delete ${cidPath}`,
        );
      }
      throw new Error(`failed to create the container ID file: ${goOpenError(cidPath, err)}`);
    }
  }
  try {
    const image: string = body.Image;
    let named: Reference | undefined;
    if (!looksLikeImageId(image)) named = tagNameOnly(parseNormalizedNamed(image));
    if (opts.pull === "always") await pullImage(ctx, image, opts.platform, opts.quiet);
    body.HostConfig.ConsoleSize = ttySize(ctx.stdout);
    const create = () =>
      ctx.client.json<{ Id: string; Warnings: string[] | null }>("POST", "/containers/create", {
        query: { name: opts.name, platform: opts.platform },
        body,
      });
    let res: { Id: string; Warnings: string[] | null };
    try {
      res = await create();
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404 && named && opts.pull === "missing")) throw err;
      if (!opts.quiet) writeLine(ctx.stderr, `Unable to find image '${familiarString(named)}' locally`);
      await pullImage(ctx, image, opts.platform, opts.quiet);
      res = await create();
    }
    const warnings = [...(res.Warnings ?? [])];
    const dns: string[] = body.HostConfig.Dns ?? [];
    const loopback = dns.find(isLoopback);
    if (loopback) warnings.push(`Localhost DNS (${loopback}) may fail in containers.`);
    for (const w of warnings) writeLine(ctx.stderr, `WARNING: ${w}`);
    if (cid) {
      await cid.write(res.Id);
      written = true;
    }
    return res.Id;
  } finally {
    if (cid) {
      await cid.close();
      if (!written)
        await fsp()
          .unlink(cidPath)
          .catch(() => {});
    }
  }
}

export function validatePull(pull: string): void {
  if (!["always", "missing", "never", ""].includes(pull)) {
    throw new InvalidParameterError(
      `invalid pull option: '${pull}': must be one of "always", "missing" or "never"`,
    );
  }
}

export function createOptions(flags: FlagValues): CreateOptions {
  return {
    name: str(flags, "name"),
    platform: str(flags, "platform"),
    pull: (flags.pull as string | undefined) ?? "missing",
    quiet: Boolean(flags.quiet),
  };
}

export const create: Command = {
  name: "create",
  aliases: ["container create"],
  usage: "create [OPTIONS] IMAGE [COMMAND] [ARG...]",
  description: "Create a new container",
  interspersed: false,
  minArgs: 1,
  flags: [...createOnlyFlags, ...containerFlags],
  async run(ctx, flags, [image, ...cmd]) {
    let body: CreateBody;
    try {
      validatePull(str(flags, "pull") ?? "");
      body = parseContainerOptions(flags, image, cmd, processEnv).body;
    } catch (err) {
      throw new CliError(`berth: ${errorText(err)}\n\nRun 'berth create --help' for more information`, 125);
    }
    let id: string;
    try {
      id = await createContainer(ctx, body, createOptions(flags));
    } catch (err) {
      if (err instanceof ApiError || err instanceof CliError) throw err;
      throw new CliError(errorText(err), 1);
    }
    writeLine(ctx.stdout, id);
    return 0;
  },
};
