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
 */
export class GroupCommit<T, R> {
  private readonly waiting: Waiting<T, R>[] = [];
  private flushing = false;

  constructor(
    private readonly flush: (items: readonly T[]) => Promise<readonly R[]>,
    private readonly max = 64,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.flushing || this.waiting.length === 0) return;
    this.flushing = true;
    const batch = this.waiting.splice(0, this.max);
    this.flush(batch.map((waiting) => waiting.item))
      .then(
        (results) => batch.forEach((waiting, index) => waiting.resolve(results[index] as R)),
        (error: unknown) => batch.forEach((waiting) => waiting.reject(error)),
      )
      .finally(() => {
        this.flushing = false;
        this.next();
      });
  }
}
