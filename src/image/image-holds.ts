// Images that something other than a container keeps from removal and pruning: a build holds
// every image its stages start from, produce or copy from until it ends (BuildRun.held), as a
// running container keeps its image. Counted, so two builds holding one image need both gone.

export class ImageHolds {
  private readonly counts = new Map<string, number>();

  /** Holds `id` until the returned release is called (a second call does nothing). */
  hold(id: string): () => void {
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.counts.get(id) ?? 1) - 1;
      if (n > 0) this.counts.set(id, n);
      else this.counts.delete(id);
    };
  }

  has(id: string): boolean {
    return this.counts.has(id);
  }
}
