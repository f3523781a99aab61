// For unit tests: a real ImageService on a temporary data root, removed after the test.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { EventBus } from "../util/events.ts";
import { createLogger } from "../util/logger.ts";
import { ImageService } from "./image-service.ts";

export async function tempImageService(t: {
  after(fn: () => Promise<void>): void;
}): Promise<{ root: string; images: ImageService }> {
  const root = await mkdtemp(path.join(tmpdir(), "berth-images-"));
  t.after(() => rm(root, { recursive: true, force: true }));
  const images = new ImageService(path.join(root, "data"), new EventBus(), createLogger("fatal"));
  await images.init();
  return { root, images };
}
