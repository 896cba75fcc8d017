import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { DeliveryExecutor } from './delivery-executor';
import { OutboxStore } from './outbox.store';

/**
 * Delivers the outbox in this process: claims due rows with a lease and hands each to the
 * DeliveryExecutor (connector, outcome, ledger entry, retries, dead letters, circuit breaker). With a
 * broker (AMQP_URL) the broker's consumers do this work instead and the loop stays off (`handOver`).
 *
 * Deliveries run side by side, up to DELIVERY_CONCURRENCY in all and DELIVERY_PARTNER_CONCURRENCY per
 * partner; each one that ends frees its place at once, so a slow partner holds up only its own rows. A
 * partner whose circuit is open is not claimed for at all (one row when a trial may pass). The loop
 * never runs without a pause: it looks again at once only after it started a delivery or one ended, and
 * otherwise every DELIVERY_POLL_MS.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryWorker.name);
  private readonly busy = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private filling: Promise<void> | undefined;
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

  /** Deliveries running now, per partner (for health and tests). */
  inFlight(): ReadonlyMap<string, number> {
    return new Map(this.busy);
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.filling;
    await Promise.allSettled([...this.running]);
  }

  /** Another transport delivers in this instance (the broker's consumers): the polling loop stays off. */
  handOver(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  /** New work was accepted, or a delivery ended: look now instead of at the next poll. */
  wake(): void {
    if (this.filling !== undefined) this.again = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      let started = 0;
      // In no trace: a timer set while an exchange was accepted would otherwise run in that exchange's
      // trace; each delivery joins the trace of its own acceptance (DeliveryExecutor).
      this.filling = context
        .with(ROOT_CONTEXT, () => this.fill())
        .then((count) => {
          started = count;
        })
        .catch((error: unknown) => this.logger.error(`delivery pass failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.filling = undefined;
          // Started some while room is left: more may be due (of partners a crowded claim left out).
          const now = this.again || (started > 0 && this.room() > 0);
          this.again = false;
          this.schedule(now ? 0 : this.config.delivery.pollMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private room(): number {
    return this.config.delivery.concurrency - this.running.size;
  }

  /** Claims as many due rows as there is room for and starts them; the number started. */
  private async fill(): Promise<number> {
    const rows = this.room();
    if (rows <= 0) return 0;
    const { partnerConcurrency } = this.config.delivery;
    const nowMs = Date.now();
    const partnerRoom = new Map<string, number>();
    for (const [partner, count] of this.busy) partnerRoom.set(partner, partnerConcurrency - count);
    for (const [partner, allowed] of this.executor.breaker.restrictions(nowMs)) {
      partnerRoom.set(partner, Math.min(partnerRoom.get(partner) ?? partnerConcurrency, allowed));
    }
    const claimed = await this.store.claim(this.id, { rows, perPartner: partnerConcurrency, partnerRoom }, nowMs, this.config.delivery.leaseMs);
    for (const row of claimed) this.start(row.partner, () => this.executor.deliver(row));
    return claimed.length;
  }

  private start(partner: string, deliver: () => Promise<unknown>): void {
    this.busy.set(partner, (this.busy.get(partner) ?? 0) + 1);
    const task: Promise<void> = deliver()
      .then(() => undefined)
      // A database failure: the row stays claimed until its lease runs out, then goes again.
      .catch((error: unknown) => this.logger.error(`delivery to ${partner} failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        const left = (this.busy.get(partner) ?? 1) - 1;
        if (left > 0) this.busy.set(partner, left);
        else this.busy.delete(partner);
        this.running.delete(task);
        this.wake();
      });
    this.running.add(task);
  }
}
