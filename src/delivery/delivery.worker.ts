import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { ConnectorHost } from '../connectors/connector-host';
import { isConnectorError } from '../connectors/sdk/connector-errors';
import { CircuitBreaker } from './circuit-breaker';
import { MessageSealer } from './message-sealer';
import { OutboxEntity } from './outbox.entity';
import { OutboxStore } from './outbox.store';
import { retryDelayMs } from './retry-schedule';

const BATCH = 16;

/**
 * Delivers the outbox: claims due rows with a lease, sends each through its partner's connector, and
 * records the outcome — delivered (with its ledger entry), retried with backoff and jitter, or a dead
 * letter. A partner whose circuit is open is left alone until its cooldown ends.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryWorker.name);
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly breaker: CircuitBreaker;
  private readonly sealer: MessageSealer;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    private readonly store: OutboxStore,
    private readonly connectors: ConnectorHost,
  ) {
    this.breaker = new CircuitBreaker(config.delivery.breakerThreshold, config.delivery.breakerCooldownMs);
    this.sealer = new MessageSealer(config.pseudonymKey.reveal());
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running;
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
    await Promise.all(rows.map((row) => this.deliver(row)));
    return rows.length;
  }

  private async deliver(row: OutboxEntity): Promise<void> {
    const nowMs = Date.now();
    if (!this.breaker.allows(row.partner, nowMs)) {
      await this.store.release(row, this.id, this.breaker.openUntil(row.partner) ?? nowMs + this.config.delivery.breakerCooldownMs);
      return;
    }
    const startedAtMs = Date.now();
    try {
      if (row.messageSealed === null) throw new Error('the delivery has no message left to send');
      const connector = this.connectors.get(row.partner);
      const message = this.sealer.open(row.id, row.messageSealed);
      const signal = AbortSignal.timeout(this.config.delivery.leaseMs);
      const receipt = await connector.deliver(message, { deliveryId: row.id, signal });
      this.breaker.succeeded(row.partner);
      const kept = await this.store.delivered(row, this.id, { startedAtMs, durationMs: Date.now() - startedAtMs }, receipt.partnerReference);
      if (!kept) this.logger.warn(`delivery ${row.id} to ${row.partner}: lease lost; another worker records it`);
    } catch (error) {
      await this.failed(row, error, startedAtMs);
    }
  }

  private async failed(row: OutboxEntity, error: unknown, startedAtMs: number): Promise<void> {
    const nowMs = Date.now();
    const transient = isConnectorError(error) ? error.transient : false;
    const code = isConnectorError(error) ? error.code : 'DELIVERY_FAILED';
    // A connector error's message is written to hold no member data; anything else is named, not quoted.
    const message = isConnectorError(error) ? error.message : `unexpected ${error instanceof Error ? error.name : 'error'}`;
    if (transient) this.breaker.failed(row.partner, nowMs);
    const attempt = row.attempts + 1;
    const dead = !transient || attempt - row.retryFrom >= this.config.delivery.maxAttempts;
    const { backoffBaseMs, backoffMaxMs } = this.config.delivery;
    await this.store.failed(row, this.id, { startedAtMs, durationMs: nowMs - startedAtMs, errorCode: code, error: message }, {
      dead,
      retryAtMs: nowMs + (dead ? 0 : retryDelayMs(attempt, backoffBaseMs, backoffMaxMs)),
    });
    this.logger.warn(`delivery ${row.id} to ${row.partner} attempt ${attempt}: ${code}${dead ? ' (dead letter)' : ' (will retry)'}`);
  }
}
