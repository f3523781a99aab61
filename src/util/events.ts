import { EventEmitter } from "node:events";

/** An event in the Engine API's shape (`GET /events`), with the legacy top-level fields. */
export interface EngineEvent {
  Type: "image" | "container" | "network" | "volume" | "daemon" | "builder";
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  scope: "local";
  time: number;
  timeNano: number;
  status?: string;
  id?: string;
  from?: string;
}

const HISTORY = 1000;

/** The daemon's event log: a bounded in-memory history plus live subscribers. */
export class EventBus {
  private readonly emitter = new EventEmitter();
  private readonly history: EngineEvent[] = [];

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  emit(type: EngineEvent["Type"], action: string, id: string, attributes: Record<string, string> = {}): void {
    const nowNs = BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
    const ev: EngineEvent = {
      Type: type,
      Action: action,
      Actor: { ID: id, Attributes: attributes },
      scope: "local",
      time: Number(nowNs / 1_000_000_000n),
      timeNano: Number(nowNs),
    };
    // Docker keeps the pre-1.22 fields for images and containers.
    if (type === "image" || type === "container") {
      ev.status = action;
      ev.id = id;
      if (attributes.image) ev.from = attributes.image;
    }
    this.history.push(ev);
    if (this.history.length > HISTORY) this.history.shift();
    this.emitter.emit("event", ev);
  }

  /** Past events since `sinceNs` (inclusive), then live ones through `onEvent` until unsubscribed. */
  subscribe(onEvent: (ev: EngineEvent) => void, sinceNs?: number): () => void {
    if (sinceNs !== undefined) for (const ev of this.history) if (ev.timeNano >= sinceNs) onEvent(ev);
    this.emitter.on("event", onEvent);
    return () => this.emitter.off("event", onEvent);
  }

  past(sinceNs: number, untilNs: number): EngineEvent[] {
    return this.history.filter((ev) => ev.timeNano >= sinceNs && ev.timeNano <= untilNs);
  }
}
