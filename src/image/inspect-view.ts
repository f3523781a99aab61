// `GET /images/{name}/json` on the service side: an image as Docker's inspect shows it.

import type { ImageInspect } from "../types/image.ts";
import { dockerContainerConfig } from "./config-json.ts";
import type { ImageCatalog } from "./image-catalog.ts";

/**
 * The inspect document of the image `name` names. It carries the fields older API versions
 * had (Container, ContainerConfig) last; the route drops them for the versions that lost them.
 */
export async function inspectImage(cat: ImageCatalog, name: string): Promise<ImageInspect> {
  const rec = cat.resolve(name);
  const config = await cat.config(rec);
  const size = await cat.size(rec);
  const dirs = cat.layerDirs(rec);
  const data: Record<string, string | undefined> = {
    LowerDir: dirs.slice(0, -1).reverse().join(":") || undefined,
    UpperDir: dirs.at(-1),
    MergedDir: undefined,
    WorkDir: undefined,
  };
  return {
    Id: rec.id,
    RepoTags: cat.repoTags(rec.id),
    RepoDigests: cat.repoDigests(rec.id),
    Parent: rec.parent ?? "",
    Comment: config.comment ?? "",
    Created: config.created ?? "",
    DockerVersion: config.docker_version ?? "",
    Author: config.author ?? "",
    // A missing config is Go's nil pointer; a present one has every key, as dockerd's.
    Config: config.config ? dockerContainerConfig(config.config) : null,
    Architecture: config.architecture,
    ...(config.variant ? { Variant: config.variant } : {}),
    Os: config.os,
    ...(config["os.version"] ? { OsVersion: config["os.version"] } : {}),
    Size: size,
    // An image has no merged or work dir: the keys go, as Docker leaves them out.
    GraphDriver: {
      Name: "overlay2",
      Data: Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) as Record<
        string,
        string
      >,
    },
    RootFS: { Type: "layers", Layers: config.rootfs.diff_ids },
    Metadata: { LastTagTime: rec.storedAt },
    Container: config.container ?? "",
    // A struct, not a pointer, in moby's image: always there, zero-valued when the image has none.
    ContainerConfig: dockerContainerConfig(config.container_config),
  };
}
