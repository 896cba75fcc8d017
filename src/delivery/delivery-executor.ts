import { Injectable, Logger } from '@nestjs/common';
import { Context, ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { ConnectorHost } from '../connectors/connector-host';
import { isConnectorError } from '../connectors/sdk/connector-errors';
import { GatewayCounters } from '../metrics/gateway-counters';
import { acceptanceTraces } from '../tracing/acceptance-traces';
import { describeSpan, ExchangeAttributes, inSpan } from '../tracing/gateway-span';
import { CircuitBreaker } from './circuit-breaker';
import { configuredSealer, MessageSealer } from './message-sealer';
import { OutboxEntity } from './outbox.entity';
import { DeliveredItem, OutboxStore } from './outbox.store';
import { GroupCommit } from '../persistence/group-commit';
import { PartnerPlaces } from './partner-places';
import { retryDelayMs } from './retry-schedule';

/**
 * What became of one claimed row: delivered (with its ledger entry), `lost` (delivered, but the lease had
 * run out and another worker records it), `retry` (due again later), `dead` (a dead letter), or
 * `released` (its partner's circuit is open: given back untouched).
 */
/** How long a delivered row's record waits for others under load (the partner has answered; only the record waits). */
const SETTLE_LINGER_MS = 10;

export type DeliveryOutcome = 'delivered' | 'lost' | 'retry' | 'dead' | 'released';

/**
 * Delivers one claimed outbox row: sends it through its partner's connector and records the outcome —
 * delivered (with its ledger entry), retried with backoff and jitter, or a dead letter. A partner whose
 * circuit is open is left alone until its cooldown ends. Shared by the in-process worker and the broker's
 * consumers, so both take exactly the same path; the breaker is one per gateway instance.
 */
@Injectable()
export class DeliveryExecutor {
  private readonly logger = new Logger(DeliveryExecutor.name);
  /** The lease owner this instance writes into the rows it claims (and into each attempt). */
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly breaker: CircuitBreaker;
  private readonly sealer: MessageSealer;
  /** Ledger entries of the deliveries starting together: one transaction, one append for all of them. */
  private readonly recording: GroupCommit<OutboxEntity, boolean>;
  /** Outcomes of the deliveries ending together: one transaction for all of them. */
  private readonly settling: GroupCommit<DeliveredItem, boolean>;
  /** DELIVERY_PARTNER_CONCURRENCY, kept however the rows arrive (the worker, or the broker's consumers). */
  private readonly places: PartnerPlaces;

  constructor(
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    private readonly store: OutboxStore,
    private readonly connectors: ConnectorHost,
    private readonly counters: GatewayCounters,
  ) {
    // A trial is given up when its delivery would have been aborted anyway (the lease).
    this.breaker = new CircuitBreaker(config.delivery.breakerThreshold, config.delivery.breakerCooldownMs, config.delivery.leaseMs);
    this.sealer = configuredSealer(config);
    this.recording = new GroupCommit((rows) => this.store.recordDisclosures(rows, this.workerId));
    // Outcomes wait up to SETTLE_LINGER_MS for company while deliveries keep ending: one transaction for many.
    this.settling = new GroupCommit((items) => this.store.deliveredMany(items, this.workerId), 64, SETTLE_LINGER_MS);
    this.places = new PartnerPlaces(config.delivery.partnerConcurrency);
  }

  /**
   * `row` must be claimed by this instance (`workerId`). A partner's failure is recorded on the row; a
   * failure of the database is thrown, and the row stays claimed until its lease runs out. `partnerDone`
   * is called once the partner answered (or failed), before the outcome is recorded.
   *
   * Traced as 'delivery', in the trace of the exchange's acceptance: under `parent` (the broker's
   * message carried it), else under the acceptance span this instance remembers, else in a trace of its
   * own (accepted by another instance, or before a restart). Its children: the ledger entry, the
   * partner's call (with the HTTP or TCP client spans under it) and the outcome's record.
   */
  async deliver(row: OutboxEntity, parent?: Context, partnerDone?: () => void): Promise<DeliveryOutcome> {
    const trail: ExchangeAttributes = { partner: row.partner, purpose: row.purpose, policyVersion: row.policyVersion, deliveryId: row.id, attempt: row.attempts + 1 };
    const outcome = await inSpan(
      'delivery',
      trail,
      async (span) => {
        const result = await this.deliverTraced(row, trail, partnerDone);
        describeSpan(span, { outcome: result });
        return result;
      },
      { kind: SpanKind.CONSUMER, parent: parent ?? acceptanceTraces.contextOf(row.id) ?? ROOT_CONTEXT },
    );
    if (outcome === 'delivered' || outcome === 'dead' || outcome === 'lost') acceptanceTraces.forget(row.id);
    return outcome;
  }

  /**
   * The ledger entries of rows claimed together, in one transaction and one append, before any of them is
   * sent (claiming ahead); the rows this worker still holds, in order — one whose lease was lost is left out.
   */
  async recordAhead(rows: readonly OutboxEntity[]): Promise<OutboxEntity[]> {
    const sendable = rows.filter((row) => row.messageSealed !== null);
    const held = await this.store.recordDisclosures(sendable, this.workerId);
    const lost = new Set(sendable.filter((_, index) => held[index] !== true));
    return rows.filter((row) => !lost.has(row));
  }

  private async deliverTraced(row: OutboxEntity, trail: ExchangeAttributes, partnerDone: () => void = () => undefined): Promise<DeliveryOutcome> {
    const worker = this.workerId;
    const nowMs = Date.now();
    if (!this.breaker.allows(row.partner, nowMs)) {
      await this.store.release(row, worker, this.breaker.retryAt(row.partner, nowMs));
      return 'released';
    }
    // Recorded before the first byte leaves: a partner that stores what it got and answers 503 has it in the ledger.
    // Group commit: the deliveries starting together share one transaction and one append of the ledger.
    if (row.messageSealed !== null && !(await inSpan('ledger.append', trail, () => this.recording.submit(row)))) {
      this.breaker.abandoned(row.partner);
      this.logger.warn(`delivery ${row.id} to ${row.partner}: lease lost before sending; another worker takes it`);
      return 'lost';
    }
    const startedAtMs = Date.now();
    let partnerReference: string | undefined;
    try {
      if (row.messageSealed === null) throw new Error('the delivery has no message left to send');
      const connector = this.connectors.get(row.partner);
      const message = this.sealer.open(row.id, row.messageSealed);
      const signal = AbortSignal.timeout(this.config.delivery.leaseMs);
      const sent = await this.places.run(row.partner, () => inSpan('partner.send', trail, () => connector.deliver(message, { deliveryId: row.id, signal }), { kind: SpanKind.CLIENT }));
      partnerReference = sent.partnerReference;
      this.breaker.succeeded(row.partner);
    } catch (error) {
      partnerDone();
      return this.failed(row, error, startedAtMs, trail);
    }
    // The partner's part is over: its place may go to the next row while this one's outcome is written.
    partnerDone();
    // Sent: from here on a failure is the database's, not the partner's. It is not recorded as a failed
    // attempt; the lease runs out and the row is sent again under the same Idempotency-Key.
    const kept = await inSpan('outbox.delivered', trail, () => this.settling.submit({ row, outcome: { startedAtMs, durationMs: Date.now() - startedAtMs }, partnerReference }));
    if (!kept) this.logger.warn(`delivery ${row.id} to ${row.partner}: lease lost; another worker records it`);
    // Counted by the worker that recorded it, so a delivery sent twice (lease lost) is counted once.
    if (kept) this.counters.delivered(row.partner, row.purpose, Date.parse(row.createdAt), Date.now());
    return kept ? 'delivered' : 'lost';
  }

  private async failed(row: OutboxEntity, error: unknown, startedAtMs: number, trail: ExchangeAttributes): Promise<DeliveryOutcome> {
    const nowMs = Date.now();
    const transient = isConnectorError(error) ? error.transient : false;
    const code = isConnectorError(error) ? error.code : 'DELIVERY_FAILED';
    // A connector error's message is written to hold no member data; anything else is named, not quoted.
    const message = isConnectorError(error) ? error.message : `unexpected ${error instanceof Error ? error.name : 'error'}`;
    // Every outcome ends a trial: a transient failure opens the circuit again, a refusal from the partner
    // closes it (the partner is up), an error before the partner was reached gives the trial back.
    if (transient) this.breaker.failed(row.partner, nowMs);
    else if (isConnectorError(error) && error.partnerAnswered) this.breaker.answered(row.partner);
    else this.breaker.abandoned(row.partner);
    const attempt = row.attempts + 1;
    const dead = !transient || attempt - row.retryFrom >= this.config.delivery.maxAttempts;
    const { backoffBaseMs, backoffMaxMs } = this.config.delivery;
    await inSpan('outbox.failed', { ...trail, outcome: code }, () => this.store.failed(row, this.workerId, { startedAtMs, durationMs: nowMs - startedAtMs, errorCode: code, error: message }, {
      dead,
      retryAtMs: nowMs + (dead ? 0 : retryDelayMs(attempt, backoffBaseMs, backoffMaxMs)),
    }));
    this.logger.warn(`delivery ${row.id} to ${row.partner} attempt ${attempt}: ${code}${dead ? ' (dead letter)' : ' (will retry)'}`);
    if (dead) this.counters.exchange(row.partner, row.purpose, 'dead');
    else this.counters.retry(row.partner, code);
    return dead ? 'dead' : 'retry';
  }
}
