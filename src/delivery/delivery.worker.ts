import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { DeliveryExecutor } from './delivery-executor';
import { OutboxEntity } from './outbox.entity';
import { OutboxStore } from './outbox.store';

/** Deliveries whose outcome is still being recorded, at most this many times DELIVERY_CONCURRENCY. */
const RECORDING_BEHIND = 4;

/** A row this instance claimed and has not started yet, with the moment its lease runs out. */
interface Waiting {
  readonly row: OutboxEntity;
  readonly leaseUntilMs: number;
}

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
 *
 * Claims reach ahead: up to DELIVERY_PREFETCH rows per partner wait here, claimed, for a free place, so a
 * delivery that ends starts the next at once instead of claiming it alone (one claim per batch, not one
 * per row). A waiting row is started only while at least half its lease is left; one older, or of a
 * partner whose circuit opened, goes back to the outbox for any worker, as do all of them at shutdown.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryWorker.name);
  private readonly busy = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  /** Deliveries waiting for their partner's answer now (the rest of `running` are recording their outcome). */
  private sending = 0;
  /** Claimed ahead, per partner, oldest first. */
  private readonly waiting = new Map<string, Waiting[]>();
  private waitingCount = 0;
  /** New work was announced, or the poll came round: the next pass claims even with rows still waiting. */
  private claimWanted = true;
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
    await this.giveBack([...this.waiting.keys()], Date.now());
    await Promise.allSettled([...this.running]);
  }

  /** Another transport delivers in this instance (the broker's consumers): the polling loop stays off. */
  handOver(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  /** New work was accepted: look now instead of at the next poll. */
  wake(): void {
    this.claimWanted = true;
    this.next();
  }

  /** A delivery ended: start a waiting row in its place (claiming only when few are left waiting). */
  private next(): void {
    if (this.filling !== undefined) this.again = true;
    else this.schedule(0);
  }

  /** The next pass after `delayMs`; a poll (`poll`) claims even with rows still waiting. */
  private schedule(delayMs: number, poll = false): void {
    if (this.stopped) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (poll) this.claimWanted = true;
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
          this.schedule(now ? 0 : this.config.delivery.pollMs, !now);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** Places for one more delivery: fewer than DELIVERY_CONCURRENCY at a partner, and not too many outcomes still being recorded. */
  private room(): number {
    const { concurrency } = this.config.delivery;
    return Math.min(concurrency - this.sending, RECORDING_BEHIND * concurrency - this.running.size);
  }

  /**
   * Starts waiting rows where there is room, claims more when asked to or when few are left waiting, and
   * starts those too; the number started.
   */
  private async fill(): Promise<number> {
    let started = await this.startWaiting(Date.now());
    const { partnerConcurrency, prefetch } = this.config.delivery;
    if (!this.claimWanted && this.waitingCount > prefetch / 2) return started;
    this.claimWanted = false;
    const nowMs = Date.now();
    const perPartner = partnerConcurrency + prefetch;
    const rows = this.config.delivery.concurrency + prefetch - this.sending - this.waitingCount;
    if (rows <= 0) return started;
    const partnerRoom = new Map<string, number>();
    for (const partner of new Set([...this.busy.keys(), ...this.waiting.keys()])) partnerRoom.set(partner, perPartner - this.held(partner));
    for (const [partner, allowed] of this.executor.breaker.restrictions(nowMs)) {
      partnerRoom.set(partner, Math.min(partnerRoom.get(partner) ?? perPartner, allowed - this.held(partner)));
    }
    const claimed = await this.store.claim(this.id, { rows, perPartner, partnerRoom }, nowMs, this.config.delivery.leaseMs);
    // Their ledger entries now, all in one append: each delivery then finds its entry written.
    const recorded = claimed.length === 0 ? [] : await this.executor.recordAhead(claimed);
    for (const row of recorded) this.queueOf(row.partner).push({ row, leaseUntilMs: nowMs + this.config.delivery.leaseMs });
    this.waitingCount += recorded.length;
    started += await this.startWaiting(Date.now());
    return started;
  }

  /** Rows of the partner in flight or waiting here. */
  private held(partner: string): number {
    return (this.busy.get(partner) ?? 0) + (this.waiting.get(partner)?.length ?? 0);
  }

  private queueOf(partner: string): Waiting[] {
    let queue = this.waiting.get(partner);
    if (queue === undefined) this.waiting.set(partner, (queue = []));
    return queue;
  }

  /** Starts waiting rows while there is room, in all and per partner; gives back the stale and the circuit-held ones. */
  private async startWaiting(nowMs: number): Promise<number> {
    const { partnerConcurrency, leaseMs } = this.config.delivery;
    const restrictions = this.executor.breaker.restrictions(nowMs);
    const held: string[] = [];
    let started = 0;
    for (const [partner, queue] of this.waiting) {
      // Oldest first: the rows that waited past half their lease are at the front, whether or not there is room.
      while (queue.length > 0 && (queue[0] as Waiting).leaseUntilMs - nowMs < leaseMs / 2) {
        const stale = queue.shift() as Waiting;
        this.waitingCount -= 1;
        await this.store.release(stale.row, this.id, nowMs);
      }
      const allowed = restrictions.get(partner) ?? partnerConcurrency;
      if (allowed === 0) {
        held.push(partner);
        continue;
      }
      while (queue.length > 0 && this.room() > 0 && (this.busy.get(partner) ?? 0) < allowed) {
        const next = queue.shift() as Waiting;
        this.waitingCount -= 1;
        this.start(partner, next.row);
        started += 1;
      }
      if (queue.length === 0) this.waiting.delete(partner);
    }
    await this.giveBack(held, nowMs);
    return started;
  }

  /** The partners' waiting rows go back to the outbox, due when their circuit lets a trial through (now, at shutdown). */
  private async giveBack(partners: readonly string[], nowMs: number): Promise<void> {
    for (const partner of partners) {
      const queue = this.waiting.get(partner) ?? [];
      this.waiting.delete(partner);
      this.waitingCount -= queue.length;
      const dueMs = this.stopped ? nowMs : this.executor.breaker.retryAt(partner, nowMs);
      for (const { row } of queue) await this.store.release(row, this.id, dueMs);
    }
  }

  /**
   * Starts one delivery. Its place (in all and for its partner) is free again as soon as the partner
   * answered; the outcome's record goes on beside the next deliveries, so those records commit together.
   */
  private start(partner: string, row: OutboxEntity): void {
    this.busy.set(partner, (this.busy.get(partner) ?? 0) + 1);
    this.sending += 1;
    let freed = false;
    const free = (): void => {
      if (freed) return;
      freed = true;
      this.sending -= 1;
      const left = (this.busy.get(partner) ?? 1) - 1;
      if (left > 0) this.busy.set(partner, left);
      else this.busy.delete(partner);
      this.next();
    };
    const task: Promise<void> = this.executor
      .deliver(row, undefined, free)
      .then(() => undefined)
      // A database failure: the row stays claimed until its lease runs out, then goes again.
      .catch((error: unknown) => this.logger.error(`delivery to ${partner} failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        free();
        this.running.delete(task);
        this.next();
      });
    this.running.add(task);
  }
}
