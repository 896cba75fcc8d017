/**
 * At most `limit` sends at once per partner in this instance: a send waits here for a place. The in-process
 * worker never starts more than that, so it never waits; the broker's consumers take as many messages as
 * AMQP_PREFETCH allows, of any partner, and this keeps each partner to DELIVERY_PARTNER_CONCURRENCY.
 */
export class PartnerPlaces {
  private readonly taken = new Map<string, number>();
  private readonly queued = new Map<string, (() => void)[]>();

  constructor(private readonly limit: number) {}

  /** Runs `send` once the partner has a free place; the place is free again when it settles. */
  async run<T>(partner: string, send: () => Promise<T>): Promise<T> {
    await this.take(partner);
    try {
      return await send();
    } finally {
      this.give(partner);
    }
  }

  /** Sends to the partner running now (for health and tests). */
  inUse(partner: string): number {
    return this.taken.get(partner) ?? 0;
  }

  private take(partner: string): Promise<void> {
    const taken = this.taken.get(partner) ?? 0;
    if (taken < this.limit) {
      this.taken.set(partner, taken + 1);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = this.queued.get(partner) ?? [];
      queue.push(resolve);
      this.queued.set(partner, queue);
    });
  }

  private give(partner: string): void {
    const queue = this.queued.get(partner);
    const next = queue?.shift();
    if (queue !== undefined && queue.length === 0) this.queued.delete(partner);
    // The place passes straight to the next waiting send: the count stays as it is.
    if (next !== undefined) next();
    else {
      const left = (this.taken.get(partner) ?? 1) - 1;
      if (left > 0) this.taken.set(partner, left);
      else this.taken.delete(partner);
    }
  }
}
