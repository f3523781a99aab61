// How much a `docker cp` upload may expand to. A few MB of gzip can expand to gigabytes; the
// spool and then the extracted files both land on the data root's filesystem, so each may
// take at most half of its free space: a bomb is refused before it fills the disk that the
// daemon and every container share.

import { statfs } from "node:fs/promises";
import { Transform } from "node:stream";
import { InvalidParameterError } from "../errdefs/errors.ts";

/** Half the space that `dir`'s filesystem has free for unprivileged use. */
export async function uploadBudget(dir: string): Promise<number> {
  const s = await statfs(dir);
  return Math.floor((Number(s.bavail) * Number(s.bsize)) / 2);
}

/** Passes bytes through, failing the stream once more than `limit` went by. */
export function byteCap(limit: number, what: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > limit) {
        cb(
          new InvalidParameterError(
            `${what}: the archive expands to more than ${limit} bytes, half the free space of the data root`,
          ),
        );
        return;
      }
      cb(null, chunk);
    },
  });
}
