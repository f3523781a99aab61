// Work a build's steps leave to finish while the next step runs (an intermediate container's
// removal, a cache entry's write), and the one place the build waits for all of it: before it
// reports its image, and before it ends on a failure, so nothing outlives the request.

export class BackgroundWork {
  private readonly pending = new Set<Promise<void>>();
  private failure: { err: unknown } | undefined;

  /** Tracks `work`; its failure is kept for settle() rather than thrown now. */
  add(work: Promise<unknown>): void {
    const p: Promise<void> = work
      .then(
        () => undefined,
        (err: unknown) => {
          this.failure ??= { err };
        },
      )
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Waits for all of it, also what is added meanwhile; then throws the first failure. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    if (this.failure) throw this.failure.err;
  }
}
