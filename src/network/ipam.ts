import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { ConflictError, errno, InvalidParameterError, UnavailableError } from "../errdefs/errors.ts";
import { writeJsonAtomic } from "../util/atomic-file.ts";
import { type Cidr, contains, formatIPv4, last, parseIPv4 } from "./ipv4.ts";

export interface AddressSpace {
  subnet: Cidr;
  gateway: number;
  /** Where dynamic addresses come from (--ip-range); the whole subnet otherwise. */
  range?: Cidr;
}

/**
 * berthd's own IPv4 allocator, one JSON file per network (`<dir>/<network id>.json`:
 * address → owner). Chosen over CNI host-local so that berthd knows an endpoint's address
 * before the plugin runs (`--ip`, inspect, DNS), can release it when a DEL fails, and can
 * reconcile after a crash from its own endpoint records. An allocation is on disk (fsynced)
 * before it is returned, so a kill -9 can leak an address until adoption but never hand
 * one out twice. Lowest free address first, as a released address is expected back.
 */
export class Ipam {
  private readonly dir: string;
  /** One queue for all networks: allocations are rare and tiny, ordering keeps them simple. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dir: string) {
    this.dir = dir;
  }

  private file(networkId: string): string {
    return path.join(this.dir, `${networkId}.json`);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async allocations(networkId: string): Promise<Record<string, string>> {
    try {
      return JSON.parse(await readFile(this.file(networkId), "utf8")) as Record<string, string>;
    } catch (err) {
      if (errno(err) === "ENOENT") return {};
      throw err;
    }
  }

  private async save(networkId: string, table: Record<string, string>): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeJsonAtomic(this.file(networkId), table);
  }

  /** An address for `owner`: `requested` if given and free, else the lowest free one. */
  allocate(networkId: string, space: AddressSpace, owner: string, requested?: string): Promise<string> {
    return this.serial(async () => {
      const table = await this.allocations(networkId);
      const taken = (n: number) => table[formatIPv4(n)] !== undefined;
      const { subnet, gateway } = space;
      let ip: number | undefined;
      if (requested) {
        const r = parseIPv4(requested);
        if (r === undefined) throw new InvalidParameterError(`invalid IPv4 address: ${requested}`);
        if (!contains(subnet, r) || r === subnet.base || r === last(subnet)) {
          throw new InvalidParameterError(
            `Cannot assign ${requested}: it is not a host address of the network's subnet`,
          );
        }
        if (r === gateway || taken(r)) {
          throw new ConflictError(`Address already in use: ${requested}`);
        }
        ip = r;
      } else {
        const range = space.range ?? subnet;
        for (
          let n = Math.max(range.base, subnet.base + 1);
          n <= Math.min(last(range), last(subnet) - 1);
          n++
        ) {
          if (n !== gateway && !taken(n)) {
            ip = n;
            break;
          }
        }
        if (ip === undefined) {
          throw new UnavailableError(
            "Cannot allocate an address: no available IPv4 addresses on this network's address pools",
          );
        }
      }
      const addr = formatIPv4(ip);
      table[addr] = owner;
      await this.save(networkId, table);
      return addr;
    });
  }

  /** Frees every address `owner` holds on the network (idempotent). */
  release(networkId: string, owner: string): Promise<void> {
    return this.serial(async () => {
      const table = await this.allocations(networkId);
      const kept = Object.fromEntries(Object.entries(table).filter(([, o]) => o !== owner));
      if (Object.keys(kept).length !== Object.keys(table).length) await this.save(networkId, kept);
    });
  }

  drop(networkId: string): Promise<void> {
    return this.serial(() => rm(this.file(networkId), { force: true }));
  }
}
