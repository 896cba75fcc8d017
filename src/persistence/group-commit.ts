interface Waiting<T, R> {
  readonly item: T;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: work submitted while a flush is running waits for the next flush, which takes all of it
 * (up to `max`) in one go — one transaction for many deliveries instead of one each. Nothing waits for a
 * timer: a lone item is flushed at once, and batches grow only as far as the load makes them.
 * `flush` answers one result per item, in order; when it throws, every item of that flush gets the error.
 *
 * With `lingerMs`, a flush waits that long for company when the last one ended less than `lingerMs` ago
 * (the load is on): work whose flush is quicker than its items arrive (one SQLite transaction per
 * delivered row) then still goes in groups, at the price of that wait. Idle, an item goes at once.
 */
export class GroupCommit<T, R> {
  private readonly waiting: Waiting<T, R>[] = [];
  private flushing = false;
  private lingering: NodeJS.Timeout | undefined;
  private lastEndedMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly flush: (items: readonly T[]) => Promise<readonly R[]>,
    private readonly max = 64,
    private readonly lingerMs = 0,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.flushing || this.waiting.length === 0) return;
    if (this.lingering !== undefined) {
      // A full group does not wait for the rest of the linger.
      if (this.waiting.length < this.max) return;
      clearTimeout(this.lingering);
      this.lingering = undefined;
    }
    if (this.lingerMs > 0 && this.waiting.length < this.max && Date.now() - this.lastEndedMs < this.lingerMs) {
      this.lingering = setTimeout(() => {
        this.lingering = undefined;
        this.lastEndedMs = Number.NEGATIVE_INFINITY;
        this.next();
      }, this.lingerMs);
      return;
    }
    this.flushing = true;
    const batch = this.waiting.splice(0, this.max);
    this.flush(batch.map((waiting) => waiting.item))
      .then(
        (results) => batch.forEach((waiting, index) => waiting.resolve(results[index] as R)),
        (error: unknown) => batch.forEach((waiting) => waiting.reject(error)),
      )
      .finally(() => {
        this.flushing = false;
        this.lastEndedMs = Date.now();
        this.next();
      });
  }
}
