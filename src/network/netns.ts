import { execFile } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { errno, errorMessage, SystemError } from "../errdefs/errors.ts";
import { MNT_DETACH, umount2 } from "../sys/syscalls.ts";

const run = promisify(execFile);

/**
 * Persistent network namespaces for containers, as `ip netns` keeps them: a namespace
 * bind-mounted on a file under `<exec-root>/netns/`, so it outlives any process and CNI
 * can be called on it before the runtime starts the container. Made with util-linux's
 * `unshare --net=<file>` (4–18 ms here; a koffi unshare+mount would save the exec but
 * needs a thread that may change namespace, which Node's main thread must not).
 */
export class NetnsManager {
  readonly dir: string;

  constructor(execRoot: string) {
    this.dir = path.join(execRoot, "netns");
  }

  pathOf(id: string): string {
    return path.join(this.dir, id);
  }

  async create(id: string): Promise<string> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = this.pathOf(id);
    await writeFile(file, "", { flag: "wx", mode: 0o600 });
    try {
      // The command runs inside the new namespace: loopback comes up with no second exec
      // (runc brings it up only in a namespace it makes itself, not in one it joins).
      await run("unshare", [`--net=${file}`, "ip", "link", "set", "lo", "up"]);
    } catch (err) {
      await rm(file, { force: true });
      throw new SystemError(`Cannot create network namespace for ${id}: ${errorMessage(err)}`);
    }
    return file;
  }

  /**
   * Gives a running process's namespace a file of its own (a bind mount of
   * /proc/<pid>/ns/net), for a container that started with loopback only and now joins a
   * network: CNI's DEL must later find the same namespace by a path that a recycled pid can
   * never point elsewhere. remove() undoes it like a namespace made by create().
   */
  async adopt(id: string, pid: number): Promise<string> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = this.pathOf(id);
    await writeFile(file, "", { flag: "wx", mode: 0o600 });
    try {
      await run("mount", ["--bind", `/proc/${pid}/ns/net`, file]);
    } catch (err) {
      await rm(file, { force: true });
      throw new SystemError(`Cannot keep the network namespace of ${id}: ${errorMessage(err)}`);
    }
    return file;
  }

  /** Runs `ip` inside the namespace of `id` (e.g. to move the default route). */
  async ip(id: string, args: string[]): Promise<string> {
    try {
      return (await run("nsenter", [`--net=${this.pathOf(id)}`, "ip", ...args])).stdout;
    } catch (err) {
      throw new SystemError(
        `Cannot run ip ${args.join(" ")} in the network namespace of ${id}: ${errorMessage(err)}`,
      );
    }
  }

  /** Unmounts and removes the namespace file; the kernel frees the namespace with its last user. */
  async remove(id: string): Promise<void> {
    const file = this.pathOf(id);
    try {
      // The syscall, not umount(8): an exec cost 7–150 ms of every `rm` (busy 2-CPU host).
      umount2(file, MNT_DETACH);
    } catch (err) {
      // Not mounted (a crash between create's two steps, or removed already): only the file is left.
      if (errno(err) !== "EINVAL" && errno(err) !== "ENOENT") {
        throw new SystemError(`Cannot remove network namespace of ${id}: ${errorMessage(err)}`);
      }
    }
    await rm(file, { force: true });
  }
}
