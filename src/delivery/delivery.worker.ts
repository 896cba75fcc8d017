import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { DeliveryExecutor } from './delivery-executor';
import { OutboxStore } from './outbox.store';

const BATCH = 16;

/**
 * Delivers the outbox in this process: claims due rows with a lease and hands each to the
 * DeliveryExecutor (connector, outcome, ledger entry, retries, dead letters, circuit breaker). With a
 * broker (AMQP_URL) the broker's consumers do this work instead and the loop stays off (`handOver`).
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryWorker.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    private readonly store: OutboxStore,
    private readonly executor: DeliveryExecutor,
  ) {}

  get id(): string {
    return this.executor.workerId;
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running;
  }

  /** Another transport delivers in this instance (the broker's consumers): the polling loop stays off. */
  handOver(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  /** New work was accepted: look now instead of at the next poll. */
  wake(): void {
    if (this.running !== undefined) this.again = true;
    else this.schedule(0);
  }

  /** Runs passes until nothing is due; used by the loop and by tests that want the outbox drained. */
  async drain(): Promise<void> {
    while (!this.stopped && (await this.pass()) > 0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.drain()
        .catch((error: unknown) => this.logger.error(`delivery pass failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.running = undefined;
          const now = this.again;
          this.again = false;
          this.schedule(now ? 0 : this.config.delivery.pollMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** One claim-and-deliver round; the number of rows it handled. */
  private async pass(): Promise<number> {
    const rows = await this.store.claim(this.id, BATCH, Date.now(), this.config.delivery.leaseMs);
    const results = await Promise.allSettled(rows.map((row) => this.executor.deliver(row)));
    // A database failure: the rows concerned stay claimed until their lease runs out, then go again.
    const failure = results.find((result) => result.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
    return rows.length;
  }
}
