// A COPY/ADD step's layer, written without a container, as Docker's builder writes it: the
// step's base layers under a fresh upper dir, mounted in the build's temp dir; the files go in
// through the merged view (so directories of the image are copied up with their owner and mode,
// and symlinks of the image are followed inside its root), and the upper dir is the layer:
// packed into its blob and moved into the layer store as it is (ImageService.addBuiltLayer).
// A container would cost a record, a lock, a mount under the container store and its removal
// for nothing a COPY uses.

import { mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { mountRootfs, rootfsPaths, unmountRootfs } from "../layer/rootfs.ts";

export interface StepLayer {
  /** The mounted root: the base's files with the step's writes over them. */
  merged: string;
  /** The directory of the layer's own files (init files none; see ContainerRoot.open). */
  dir: string;
}

/**
 * Mounts a writable layer over `lowerDirs` (top first), runs `write` in it, unmounts it, and
 * hands `commit` the upper dir (which it may move away). The temporary directory goes away
 * afterwards: handed to `later` when given (the build's background work, settled before the
 * build reports).
 */
export async function withStepLayer<T>(
  tmpDir: string,
  lowerDirs: string[],
  write: (layer: StepLayer) => Promise<void>,
  commit: (upperDir: string) => Promise<T>,
  later?: (work: Promise<unknown>) => void,
): Promise<T> {
  const dir = await mkdtemp(path.join(tmpDir, "step-layer-"));
  const removeDir = () => rm(dir, { recursive: true, force: true, maxRetries: 3 });
  let mounted = false;
  try {
    // volatile: without it the unmount syncs the whole data-root filesystem. The upper dir's
    // files are no more synced than an unpacked layer's are (the blob is): after a crash the
    // temp dir is swept at start, and a layer is only as durable as unpackLayer makes one.
    const merged = await mountRootfs(dir, lowerDirs, { volatile: true });
    mounted = true;
    try {
      await write({ merged, dir });
    } finally {
      await unmountRootfs(dir);
      mounted = false;
    }
    const result = await commit(rootfsPaths(dir).upper);
    if (later) later(removeDir());
    else await removeDir();
    return result;
  } catch (err) {
    // Never rm -r through a mount that is still there: it would write whiteouts, or worse.
    if (!mounted) await removeDir();
    throw err;
  }
}
