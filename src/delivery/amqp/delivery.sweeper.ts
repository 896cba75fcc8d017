import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { OutboxStore } from '../outbox.store';
import { AmqpDeliveryConfig } from './amqp-settings';
import { DeliveryPublisher } from './delivery.publisher';

/**
 * Makes sure no outbox row waits for a message that never comes. Every instance sweeps, every
 * DELIVERY_POLL_MS: rows due for a while without being claimed (a publish that failed, a retry or a
 * circuit's cooldown that came due, a message dead-lettered after a database failure) and rows whose
 * lease ran out (their instance died) are published again. The outbox marks each swept row, so that all
 * instances together publish it once per DELIVERY_LEASE_MS at most: a long queue is not flooded.
 */
@Injectable()
export class DeliverySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliverySweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly amqp: AmqpDeliveryConfig,
    private readonly store: OutboxStore,
    private readonly publisher: DeliveryPublisher,
  ) {}

  onApplicationBootstrap(): void {
    if (this.amqp.settings !== undefined) this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running;
  }

  /** One sweep: the number of rows it published again (0 while the broker is away: nothing is marked then). */
  async sweep(nowMs = Date.now()): Promise<number> {
    const settings = this.amqp.settings;
    if (settings === undefined || !this.publisher.connected()) return 0;
    const ids = await this.store.takeForPublishing(nowMs, settings.graceMs, settings.republishMs, settings.sweepLimit);
    if (ids.length === 0) return 0;
    const failed = await this.publisher.publishAll(ids);
    if (failed.length > 0) {
      await this.store.publishingFailed(failed);
      this.logger.warn(`${failed.length} of ${ids.length} swept deliveries not published; the next sweep tries again`);
    }
    return ids.length - failed.length;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      let full = false;
      this.running = this.sweep()
        .then((published) => {
          full = published >= (this.amqp.settings?.sweepLimit ?? Infinity);
        })
        .catch((error: unknown) => this.logger.error(`delivery sweep failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.running = undefined;
          this.schedule(full ? 0 : (this.amqp.settings?.sweepMs ?? 1000));
        });
    }, delayMs);
    this.timer.unref();
  }
}
