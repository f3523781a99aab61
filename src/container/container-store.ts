import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { ConflictError, errno, InvalidParameterError, NotFoundError } from "../errdefs/errors.ts";
import { unmountRootfs } from "../layer/rootfs.ts";
import { writeJsonAtomic } from "../util/atomic-file.ts";
import type { ContainerRecord } from "./container-record.ts";

/**
 * Container records, one directory each (`containers/<id>/`), the record written
 * atomically; names and ID prefixes resolved in memory.
 */
export class ContainerStore {
  readonly root: string;
  private readonly byId = new Map<string, ContainerRecord>();
  private readonly byName = new Map<string, string>();

  constructor(root: string) {
    this.root = root;
  }

  async init(): Promise<ContainerRecord[]> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    for (const id of await readdir(this.root)) {
      if (!/^[a-f0-9]{64}$/.test(id)) continue;
      try {
        const rec = JSON.parse(await readFile(this.recordFile(id), "utf8")) as ContainerRecord;
        this.byId.set(rec.ID, rec);
        this.byName.set(rec.Name, rec.ID);
      } catch (err) {
        // A directory without a record is a create or a removal that a crash interrupted:
        // nothing to keep (its mount first, or rm would descend into the container's files).
        if (errno(err) === "ENOENT") {
          await unmountRootfs(path.join(this.root, id));
          await rm(path.join(this.root, id), { recursive: true, force: true });
        } else throw err;
      }
    }
    return [...this.byId.values()];
  }

  dir(id: string): string {
    return path.join(this.root, id);
  }

  private recordFile(id: string): string {
    return path.join(this.root, id, "container.json");
  }

  list(): ContainerRecord[] {
    return [...this.byId.values()];
  }

  /** By full ID, name (with or without `/`), or unique ID prefix, as Docker resolves. */
  find(ref: string): ContainerRecord | undefined {
    if (!ref) return undefined;
    const exact = this.byId.get(ref);
    if (exact) return exact;
    const byName = this.byName.get(ref.startsWith("/") ? ref : `/${ref}`);
    if (byName) return this.byId.get(byName);
    if (!/^[a-f0-9]+$/.test(ref)) return undefined;
    const matches = [...this.byId.keys()].filter((id) => id.startsWith(ref));
    if (matches.length > 1) {
      throw new InvalidParameterError(`multiple IDs found with provided prefix: ${ref}`);
    }
    return matches.length ? this.byId.get(matches[0]) : undefined;
  }

  get(ref: string): ContainerRecord {
    const rec = this.find(ref);
    if (!rec) throw new NotFoundError(`No such container: ${ref}`);
    return rec;
  }

  nameHolder(name: string): string | undefined {
    return this.byName.get(name.startsWith("/") ? name : `/${name}`);
  }

  /** Reserves the name and writes the new record; a taken name is a 409 naming the holder. */
  async add(rec: ContainerRecord): Promise<void> {
    const holder = this.byName.get(rec.Name);
    if (holder) {
      throw new ConflictError(
        `Conflict. The container name "${rec.Name}" is already in use by container "${holder}". You have to remove (or rename) that container to be able to reuse that name.`,
      );
    }
    this.byName.set(rec.Name, rec.ID);
    try {
      await mkdir(this.dir(rec.ID), { recursive: true, mode: 0o710 });
      await writeJsonAtomic(this.recordFile(rec.ID), rec);
    } catch (err) {
      this.byName.delete(rec.Name);
      await rm(this.dir(rec.ID), { recursive: true, force: true });
      throw err;
    }
    this.byId.set(rec.ID, rec);
  }

  async save(rec: ContainerRecord): Promise<void> {
    if (!this.byId.has(rec.ID)) return;
    await writeJsonAtomic(this.recordFile(rec.ID), rec);
  }

  async rename(rec: ContainerRecord, newName: string): Promise<void> {
    const holder = this.byName.get(newName);
    if (holder && holder !== rec.ID) {
      throw new ConflictError(
        `Conflict. The container name "${newName}" is already in use by container "${holder}". You have to remove (or rename) that container to be able to reuse that name.`,
      );
    }
    const old = rec.Name;
    this.byName.delete(old);
    this.byName.set(newName, rec.ID);
    rec.Name = newName;
    try {
      await this.save(rec);
    } catch (err) {
      this.byName.delete(newName);
      this.byName.set(old, rec.ID);
      rec.Name = old;
      throw err;
    }
  }

  async remove(rec: ContainerRecord): Promise<void> {
    this.byId.delete(rec.ID);
    if (this.byName.get(rec.Name) === rec.ID) this.byName.delete(rec.Name);
    // The record goes first, in one unlink: a crash in the recursive delete below leaves a
    // directory without a record, which init() clears, never a record of half a container.
    await rm(this.recordFile(rec.ID), { force: true });
    await rm(this.dir(rec.ID), { recursive: true, force: true });
  }
}
