import type { ContainerService } from "../container/container-service.ts";
import type { ImageService } from "../image/image-service.ts";
import type { EventBus } from "../util/events.ts";
import type { LogLevel } from "../util/logger.ts";

/**
 * What the routes use of berthd, declared here, below the composition root (daemon/), as
 * moby's routers declare their backends: daemon/daemon.ts's Daemon provides it, and api/
 * never imports the folder that wires it. Issue 10, item 5, narrows it per routes file.
 */
export interface Daemon {
  readonly config: {
    readonly dataRoot: string;
    readonly logLevel: LogLevel;
    readonly extra: Record<string, unknown>;
  };
  readonly events: EventBus;
  readonly images: ImageService;
  readonly containers: ContainerService;
  /** Persistent engine ID, as dockerd's `engine-id` file. */
  readonly id: string;
  containerCounts(): { total: number; running: number; paused: number; stopped: number };
  operatingSystem(): Promise<string>;
  backingFilesystem(): Promise<string>;
  hostName(): string;
}
