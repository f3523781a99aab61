import { InvalidParameterError } from "../errdefs/errors.ts";
import { type Descriptor, type Index, isIndexMediaType } from "../oci/oci-types.ts";
import { checkIndex, parseJsonDocument } from "./document-checks.ts";

/** Nested indexes followed at most (real images use one or two). */
export const MAX_INDEX_DEPTH = 8;
/** Descriptors visited at most in one archive's index tree. */
export const MAX_INDEX_DESCRIPTORS = 4096;

export interface FoundManifest {
  desc: Descriptor;
  /** Names given by the descriptors on the way down, outermost first. */
  names: string[];
}

/**
 * The manifests an OCI index names, through nested indexes. An index that names itself or
 * an index above it is an error, as are trees deeper than MAX_INDEX_DEPTH or wider than
 * MAX_INDEX_DESCRIPTORS in all: an archive cannot make the daemon loop or grow without end.
 * `readIndex` returns the verified bytes of a nested index's blob.
 */
export async function walkIndex(
  root: Index,
  readIndex: (desc: Descriptor) => Promise<Buffer>,
  signal?: AbortSignal,
): Promise<FoundManifest[]> {
  const found = new Map<string, FoundManifest>();
  let visited = 0;
  const walk = async (idx: Index, names: string[], path: string[]) => {
    for (const desc of idx.manifests) {
      signal?.throwIfAborted();
      if (++visited > MAX_INDEX_DESCRIPTORS) {
        throw new InvalidParameterError(
          `Cannot load archive: its indexes name more than ${MAX_INDEX_DESCRIPTORS} manifests`,
        );
      }
      const name =
        desc.annotations?.["io.containerd.image.name"] ??
        desc.annotations?.["org.opencontainers.image.ref.name"];
      const here = name ? [...names, name] : names;
      if (!isIndexMediaType(desc.mediaType)) {
        const seen = found.get(desc.digest);
        if (seen) for (const n of here) seen.names.includes(n) || seen.names.push(n);
        else found.set(desc.digest, { desc, names: here });
        continue;
      }
      if (path.includes(desc.digest)) {
        throw new InvalidParameterError(
          `Cannot load archive: index ${desc.digest} refers to itself (a cycle)`,
        );
      }
      if (path.length >= MAX_INDEX_DEPTH) {
        throw new InvalidParameterError(
          `Cannot load archive: its indexes are nested more than ${MAX_INDEX_DEPTH} deep`,
        );
      }
      const what = `index ${desc.digest}`;
      const child = checkIndex(parseJsonDocument(await readIndex(desc), what), what);
      await walk(child, here, [...path, desc.digest]);
    }
  };
  await walk(root, [], []);
  return [...found.values()];
}
