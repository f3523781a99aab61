// The framing of berth-monitor's attach socket (native/monitor/berth-monitor.c), both ways:
// 1 byte type, 4 bytes big-endian payload length, payload.

export const FrameType = {
  stdin: 0,
  stdout: 1,
  stderr: 2,
  exit: 3,
  closeStdin: 4,
  resize: 5,
} as const;

/** The monitor drops a client that sends a bigger frame. */
export const MAX_FRAME_PAYLOAD = 1 << 20;

export interface Frame {
  type: number;
  payload: Buffer;
}

const EMPTY = Buffer.alloc(0);

export function encodeFrame(type: number, payload: Uint8Array = EMPTY): Buffer {
  if (payload.length > MAX_FRAME_PAYLOAD) {
    throw new RangeError(
      `Cannot encode a monitor frame: ${payload.length} bytes exceed ${MAX_FRAME_PAYLOAD}`,
    );
  }
  const frame = Buffer.allocUnsafe(5 + payload.length);
  frame.writeUInt8(type, 0);
  frame.writeUInt32BE(payload.length, 1);
  frame.set(payload, 5);
  return frame;
}

export function encodeResize(rows: number, cols: number): Buffer {
  const payload = Buffer.allocUnsafe(4);
  payload.writeUInt16BE(rows, 0);
  payload.writeUInt16BE(cols, 2);
  return encodeFrame(FrameType.resize, payload);
}

/** Splits a byte stream into frames, whatever the chunk boundaries. */
export class FrameDecoder {
  #pending: Buffer = EMPTY;

  push(chunk: Buffer): Frame[] {
    let buf = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : chunk;
    const frames: Frame[] = [];
    while (buf.length >= 5) {
      const len = buf.readUInt32BE(1);
      if (buf.length < 5 + len) break;
      frames.push({ type: buf[0], payload: buf.subarray(5, 5 + len) });
      buf = buf.subarray(5 + len);
    }
    // Copy the remainder so a small tail does not pin a large chunk.
    this.#pending = buf.length > 0 ? Buffer.from(buf) : EMPTY;
    return frames;
  }

  /** Bytes of an unfinished frame: non-zero at end of stream means it was cut. */
  get pendingBytes(): number {
    return this.#pending.length;
  }
}
