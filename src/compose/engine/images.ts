// Images of a project: built through `POST /build` (the context sent as a tar, as the docker
// CLI's legacy builder does), pulled through `POST /images/create`, pushed, removed by `down --rmi`.
import { createReadStream } from "node:fs";
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ApiError, type EngineClient } from "../../client/client.ts";
import type { Project, Service } from "../types.ts";
import { imageName, L } from "./labels.ts";
import type { Progress } from "./progress.ts";

/** The context directory as a tar, `.dockerignore` applied (the Dockerfile always kept). */
async function contextTar(dir: string, dockerfile: string, inline?: string): Promise<Readable> {
  // Loaded only to build: every `up` imports this module, few of them build.
  const [{ default: tar }, { ignoreFilter, readIgnorePatterns }] = await Promise.all([
    import("tar-stream"),
    import("../../build/dockerignore.ts"),
  ]);
  const keep = ignoreFilter(
    readIgnorePatterns(await readFile(path.join(dir, ".dockerignore"), "utf8").catch(() => "")),
  );
  const pack = tar.pack();
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await readdir(path.join(dir, rel))).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const abs = path.join(dir, r);
      const st = await lstat(abs);
      const base = { name: r, mode: st.mode & 0o7777, mtime: st.mtime, uid: 0, gid: 0 };
      if (st.isDirectory()) {
        if (keep(r)) pack.entry({ ...base, type: "directory" });
        await walk(r);
      } else if (!keep(r) && r !== dockerfile && r !== ".dockerignore") continue;
      else if (st.isSymbolicLink()) pack.entry({ ...base, type: "symlink", linkname: await readlink(abs) });
      else if (st.isFile())
        await pipeline(createReadStream(abs), pack.entry({ ...base, type: "file", size: st.size }));
    }
  };
  (async () => {
    if (inline !== undefined) pack.entry({ name: dockerfile, mode: 0o644, mtime: new Date() }, inline);
    else await walk("");
    pack.finalize();
  })().catch((err: Error) => pack.destroy(err));
  return pack as unknown as Readable;
}

export async function buildService(
  client: EngineClient,
  project: Project,
  service: Service,
  opts: { noCache?: boolean; pull?: boolean; quiet?: boolean },
  onOutput: (text: string) => void,
): Promise<string> {
  const b = service.build;
  if (!b) throw new Error(`service "${service.name}" has no build section`);
  const refuse = (field: string) => {
    throw new Error(`service "${service.name}": build.${field} is not supported by berth's builder`);
  };
  if (/^[a-z]+:\/\//.test(b.context) || b.context.startsWith("git@")) refuse("context (a URL)");
  if (b.platforms?.length) refuse("platforms");
  if (b.secrets?.length) refuse("secrets");
  if (b.cache_from?.length) refuse("cache_from");
  if (b.network && b.network !== "default") refuse("network");
  const image = imageName(project, service);
  const dockerfile = b.dockerfile_inline !== undefined ? ".compose.Dockerfile" : b.dockerfile;
  if (path.isAbsolute(dockerfile) || dockerfile.startsWith("..")) refuse("dockerfile (outside the context)");
  const query: Record<string, string | string[]> = {
    dockerfile,
    t: [image, ...(b.tags ?? [])],
    rm: "1",
  };
  if (b.args && Object.keys(b.args).length)
    query.buildargs = JSON.stringify(
      Object.fromEntries(Object.entries(b.args).map(([k, v]) => [k, v ?? project.environment[k] ?? null])),
    );
  query.labels = JSON.stringify({ ...b.labels, [L.project]: project.name, [L.service]: service.name });
  if (b.target) query.target = b.target;
  if (b.no_cache || opts.noCache) query.nocache = "1";
  if (b.pull || opts.pull) query.pull = "1";
  if (b.extra_hosts?.length) query.extrahosts = b.extra_hosts.join(",");
  if (b.shm_size) query.shmsize = String(b.shm_size);
  if (opts.quiet) query.q = "1";
  const body = await contextTar(b.context, dockerfile, b.dockerfile_inline);
  await client.jsonStream(
    "POST",
    "/build",
    { query, stream: body, headers: { "Content-Type": "application/x-tar" } },
    (m) => {
      if (m.stream) onOutput(m.stream);
    },
  );
  return image;
}

export async function imageExists(client: EngineClient, ref: string): Promise<boolean> {
  try {
    await client.json("GET", `/images/${encodeURIComponent(ref)}/json`);
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return false;
    throw err;
  }
}

export async function imageId(client: EngineClient, ref: string): Promise<string | undefined> {
  try {
    return (await client.json<{ Id: string }>("GET", `/images/${encodeURIComponent(ref)}/json`)).Id;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}

function splitRef(ref: string): { fromImage: string; tag?: string } {
  const at = ref.indexOf("@");
  if (at >= 0) return { fromImage: ref };
  const colon = ref.lastIndexOf(":");
  if (colon > ref.lastIndexOf("/")) return { fromImage: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { fromImage: ref, tag: "latest" };
}

export async function pullImage(
  client: EngineClient,
  ref: string,
  progress: Progress,
  service: string,
): Promise<void> {
  progress("Service", service, "Pulling");
  await client.jsonStream("POST", "/images/create", { query: splitRef(ref) }, () => {});
  progress("Service", service, "Pulled");
}

export async function pushImage(
  client: EngineClient,
  ref: string,
  progress: Progress,
  service: string,
): Promise<void> {
  const { fromImage, tag } = splitRef(ref);
  progress("Service", service, "Pushing");
  await client.jsonStream(
    "POST",
    `/images/${encodeURIComponent(fromImage)}/push`,
    { query: { tag }, headers: { "X-Registry-Auth": Buffer.from("{}").toString("base64url") } },
    () => {},
  );
  progress("Service", service, "Pushed");
}

/**
 * Makes sure every service has its image before anything is created: built when it has a
 * build section and (`--build`, or the image is missing, or pull_policy build), pulled as its
 * pull_policy says otherwise.
 */
export async function ensureImages(
  client: EngineClient,
  project: Project,
  services: string[],
  opts: { build?: boolean; noBuild?: boolean; pull?: string; quietPull?: boolean },
  progress: Progress,
  onBuildOutput: (text: string) => void,
): Promise<void> {
  // One round of lookups for every service at once; builds and pulls then go one by one.
  const present = await Promise.all(
    services.map((n) => imageExists(client, imageName(project, project.services[n]))),
  );
  for (const [i, name] of services.entries()) {
    const s = project.services[name];
    const image = imageName(project, s);
    const policy = opts.pull ?? s.pull_policy ?? "missing";
    const exists = present[i];
    if (s.build && !opts.noBuild && (opts.build || policy === "build" || !exists)) {
      progress("Service", name, "Building");
      await buildService(client, project, s, {}, onBuildOutput);
      progress("Service", name, "Built");
      continue;
    }
    if (policy === "always" || (!exists && policy !== "never")) {
      if (s.build && opts.noBuild && !exists)
        throw new Error(`service "${name}" has no image ${image} and --no-build was given`);
      await pullImage(client, image, progress, name);
    } else if (!exists) throw new Error(`No such image: ${image} (service "${name}", pull_policy ${policy})`);
  }
}
