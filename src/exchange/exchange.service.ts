import { Injectable } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { canonicalJson } from '../domain/canonical-json';
import { ValidMember } from '../domain/member';
import { sha256Hex } from '../domain/sha256';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { ConnectorHost } from '../connectors/connector-host';
import { prepareForPartner } from '../connectors/sdk/sendable';
import { DeliveryDispatcher } from '../delivery/delivery-dispatcher';
import { configuredSealer, MessageSealer } from '../delivery/message-sealer';
import { OutboxEntity } from '../delivery/outbox.entity';
import { NewDelivery, OutboxStore } from '../delivery/outbox.store';
import { GatewayError, NotFound } from '../errors/gateway-error';
import { GatewayCounters, UNKNOWN_LABEL } from '../metrics/gateway-counters';
import { CompiledPolicy } from '../policy/policy.compiler';
import { PolicyRefusal } from '../policy/policy-refusal';
import { PolicyVersionsService } from '../policy/policy-versions.service';
import { isUniqueViolation } from '../persistence/unique-violation';
import { acceptanceTraces } from '../tracing/acceptance-traces';
import { describeSpan, inSpan, inSyncSpan } from '../tracing/gateway-span';
import { ExchangeRequest } from './exchange-request';
import { MemberSource } from './member-source';

/** One exchange of a batch, for a member the caller loaded from the system of record. */
export interface LoadedExchange {
  readonly request: ExchangeRequest;
  readonly member: ValidMember;
  readonly caller: string;
  readonly idempotencyKey: string;
}

/** What became of one exchange of a batch: accepted (or answered again), or the error that refused it. */
export type BatchOutcome = { readonly accepted: Accepted } | { readonly error: unknown };

export interface Accepted {
  readonly deliveryId: string;
  readonly status: OutboxEntity['status'];
  /** True when an earlier request with the same Idempotency-Key is answered again. */
  readonly repeated: boolean;
}

/**
 * One exchange, from request to outbox: the member (loaded from the system of record, never taken from the caller), the
 * partner's active policy for the purpose, the connector's mapping, and an outbox row — written before
 * anything is sent, so an accepted exchange is never lost. Delivery and the ledger entry follow.
 */
@Injectable()
export class ExchangeService {
  private readonly sealer: MessageSealer;

  constructor(
    @InjectGatewayConfig() config: GatewayConfig,
    private readonly policies: PolicyVersionsService,
    private readonly connectors: ConnectorHost,
    private readonly members: MemberSource,
    private readonly outbox: OutboxStore,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly counters: GatewayCounters,
  ) {
    this.sealer = configuredSealer(config);
  }

  async accept(request: ExchangeRequest, caller: string, idempotencyKey: string | undefined): Promise<Accepted> {
    return this.enqueue(request, caller, idempotencyKey, () => this.member(request));
  }

  /**
   * The same for a member the caller already loaded from the system of record (MemberSource) — the
   * lifecycle sync, which reads each changed member once for every partner. Never a member from outside.
   */
  acceptLoaded(request: ExchangeRequest, member: ValidMember, caller: string, idempotencyKey: string): Promise<Accepted> {
    if (member.memberId !== request.memberId) throw new GatewayError('SOURCE_MEMBER_MISMATCH', 'the member loaded is not the one the exchange names: nothing is sent', 500);
    return this.enqueue(request, caller, idempotencyKey, () => Promise.resolve(member));
  }

  /**
   * Many exchanges for members the caller loaded from the system of record (a page of a lifecycle cycle):
   * one lookup of the idempotency keys, the partner's policy compiled once, every outbox row in one
   * transaction with `within` (the caller's bookkeeping, which sees each exchange's outcome), then handed
   * on. An exchange the policy refuses is an outcome, not a failure of the batch. Should another writer
   * take one of the keys at the same moment, the batch is accepted one exchange at a time instead, and
   * `within` commits on its own after them — as each exchange would be on its own.
   */
  async acceptLoadedBatch(items: readonly LoadedExchange[], within?: (manager: EntityManager, outcomes: readonly BatchOutcome[]) => Promise<void>): Promise<BatchOutcome[]> {
    const keyOf = (item: LoadedExchange): string => `${item.caller}:${item.idempotencyKey}`;
    const earlier = await this.outbox.findByIdempotencyKeys(items.map(keyOf));
    const policies = new Map<string, Promise<CompiledPolicy>>();
    const policyOf = (partner: string): Promise<CompiledPolicy> => {
      const known = policies.get(partner) ?? this.policies.compiledPolicy(partner);
      policies.set(partner, known);
      return known;
    };
    const outcomes: BatchOutcome[] = [];
    const fresh: NewDelivery[] = [];
    const freshOf: (NewDelivery | undefined)[] = [];
    // The same key twice in one batch: the first one's row answers the second.
    const freshByKey = new Map<string, Pick<OutboxEntity, 'id' | 'status' | 'requestHash'>>();
    for (const item of items) {
      freshOf.push(undefined);
      let policy: CompiledPolicy | undefined;
      try {
        if (item.member.memberId !== item.request.memberId) throw new GatewayError('SOURCE_MEMBER_MISMATCH', 'the member loaded is not the one the exchange names: nothing is sent', 500);
        const key = keyOf(item);
        const requestHash = sha256Hex(canonicalJson(item.request));
        const before = earlier.get(key) ?? freshByKey.get(key);
        if (before !== undefined) {
          outcomes.push({ accepted: this.repeat(before, requestHash) });
          continue;
        }
        policy = await policyOf(item.request.partner);
        const delivery = this.prepare(item.request, item.member, policy, key, requestHash);
        fresh.push(delivery);
        freshOf[freshOf.length - 1] = delivery;
        freshByKey.set(key, { id: delivery.id, status: 'pending', requestHash });
        outcomes.push({ accepted: { deliveryId: delivery.id, status: 'pending', repeated: false } });
      } catch (error) {
        this.countRefusal(item.request, policy, error);
        outcomes.push({ error });
      }
    }
    try {
      await this.outbox.insertBatch(fresh, within === undefined ? undefined : (manager) => within(manager, outcomes));
    } catch (error) {
      if (fresh.length === 0 || !isUniqueViolation(error)) throw error;
      // A key taken meanwhile by another writer: each exchange on its own, as a single request would be.
      for (const [index, delivery] of freshOf.entries()) {
        if (delivery === undefined) continue;
        outcomes[index] = await this.store(delivery).then(
          (accepted) => {
            if (!accepted.repeated) this.handOn(delivery);
            return { accepted };
          },
          (failure: unknown) => ({ error: failure }),
        );
      }
      if (within !== undefined) await this.outbox.insertBatch([], (manager) => within(manager, outcomes));
      return outcomes;
    }
    for (const delivery of fresh) this.handOn(delivery);
    return outcomes;
  }

  /**
   * One span per acceptance ('exchange.accept'), with the member's loading, the policy's release, the
   * mapping and the outbox insert as its children; the delivery continues its trace. Spans name the
   * partner, purpose, policy version and delivery id — never the member.
   */
  private enqueue(request: ExchangeRequest, caller: string, idempotencyKey: string | undefined, load: () => Promise<ValidMember>): Promise<Accepted> {
    return inSpan('exchange.accept', { partner: request.partner, purpose: request.purpose }, async (span) => {
      const accepted = await this.enqueueTraced(request, caller, idempotencyKey, load);
      describeSpan(span, { deliveryId: accepted.deliveryId, outcome: accepted.repeated ? 'repeated' : 'accepted' });
      return accepted;
    });
  }

  private async enqueueTraced(request: ExchangeRequest, caller: string, idempotencyKey: string | undefined, load: () => Promise<ValidMember>): Promise<Accepted> {
    const key = idempotencyKey === undefined ? null : `${caller}:${idempotencyKey}`;
    const requestHash = sha256Hex(canonicalJson(request));
    if (key !== null) {
      const earlier = await this.outbox.findByIdempotencyKey(key);
      if (earlier !== null) return this.repeat(earlier, requestHash);
    }
    // Before the member is loaded: a connector that does not send is refused at once.
    this.sendingConnector(request.partner);
    let policy: CompiledPolicy | undefined;
    let delivery: NewDelivery;
    try {
      policy = await this.policies.compiledPolicy(request.partner);
      delivery = this.prepare(request, await inSpan('member.load', {}, () => load()), policy, key, requestHash);
    } catch (error) {
      this.countRefusal(request, policy, error);
      throw error;
    }
    const trail = { partner: request.partner, purpose: request.purpose, policyVersion: delivery.policyVersion, deliveryId: delivery.id };
    const accepted = await inSpan('outbox.insert', trail, () => this.store(delivery));
    if (!accepted.repeated) {
      // Committed: the delivery continues this trace.
      const accepting = trace.getActiveSpan();
      if (accepting !== undefined) {
        describeSpan(accepting, trail);
        acceptanceTraces.remember(delivery.id, accepting);
      }
      this.handOn(delivery);
    }
    return accepted;
  }

  /** Committed: now it may be handed on (the worker is woken, or a message is published), and counted. */
  private handOn(delivery: NewDelivery): void {
    this.counters.exchange(delivery.partner, delivery.purpose, 'accepted');
    this.dispatcher.dispatch(delivery.id);
  }

  /** A policy's refusal, counted by its code (the purpose only when a policy knows it: until then it is the caller's word). */
  private countRefusal(request: ExchangeRequest, policy: CompiledPolicy | undefined, error: unknown): void {
    if (!(error instanceof PolicyRefusal)) return;
    const purpose = policy?.purposeIds().includes(request.purpose) === true ? request.purpose : UNKNOWN_LABEL;
    this.counters.refusal(request.partner, error.code);
    this.counters.exchange(request.partner, purpose, 'refused');
  }

  /** The partner's connector, if it sends; CAPABILITY_MISSING otherwise. */
  private sendingConnector(partner: string) {
    const connector = this.connectors.get(partner);
    if (!connector.manifest.capabilities.includes('send')) {
      throw new GatewayError('CAPABILITY_MISSING', `the connector of '${partner}' does not send; it only ${connector.manifest.capabilities.join(', ')}`, 422);
    }
    return connector;
  }

  /** The outbox row of one exchange: released by the policy, mapped by the connector, sealed. */
  private prepare(request: ExchangeRequest, member: ValidMember, policy: CompiledPolicy, key: string | null, requestHash: string): NewDelivery {
    const connector = this.sendingConnector(request.partner);
    const payload = inSyncSpan('policy.release', { partner: request.partner, purpose: request.purpose }, (span) => {
      const released = policy.release(member, request.purpose);
      describeSpan(span, { policyVersion: released.origin.policyVersion });
      if (!released.carriesFields()) {
        // Every field has a condition that does not hold for this member (e.g. an unsubscribe while consent is still given).
        throw new PolicyRefusal('NOTHING_RELEASED', `the '${request.partner}' policy releases no field of this member for '${request.purpose}': its conditions do not hold`);
      }
      return released;
    });
    const message = inSyncSpan('mapping', { partner: request.partner }, () => prepareForPartner(connector, payload));
    const id = randomUUID();
    return {
      id,
      partner: request.partner,
      purpose: request.purpose,
      memberId: member.memberId,
      messageSealed: this.sealer.seal(id, message),
      fields: payload.disclosedFields(),
      policyVersion: payload.origin.policyVersion,
      policyHash: payload.origin.policyHash,
      agreementReference: payload.origin.agreementReference,
      idempotencyKey: key,
      requestHash: key === null ? null : requestHash,
      nowMs: Date.now(),
    };
  }

  /** A single INSERT: the outbox row is the request's only write, so it commits or nothing does. Not yet handed on. */
  private async store(delivery: NewDelivery): Promise<Accepted> {
    try {
      await this.outbox.insert(delivery);
    } catch (error) {
      // Two requests with one key at once: the second finds the first's row.
      const earlier = delivery.idempotencyKey === null ? null : await this.outbox.findByIdempotencyKey(delivery.idempotencyKey);
      if (earlier !== null) return this.repeat(earlier, delivery.requestHash ?? '');
      throw error;
    }
    return { deliveryId: delivery.id, status: 'pending', repeated: false };
  }

  async status(id: string) {
    const row = /^[0-9a-f-]{36}$/.test(id) ? await this.outbox.find(id) : null;
    if (row === null) throw new NotFound('EXCHANGE_UNKNOWN', `no exchange '${id}'`);
    const attempts = await this.outbox.attempts(id);
    return {
      deliveryId: row.id,
      partner: row.partner,
      purpose: row.purpose,
      memberId: row.memberId,
      status: row.status,
      createdAt: row.createdAt,
      deliveredAt: row.deliveredAt,
      nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt : null,
      policyVersion: row.policyVersion,
      policyHash: row.policyHash,
      fields: JSON.parse(row.fields) as unknown,
      ledgerSeq: row.ledgerSeq,
      lastError: row.lastErrorCode === null ? null : { code: row.lastErrorCode, message: row.lastError },
      attempts: attempts.map((a) => ({ number: a.number, startedAt: a.startedAt, durationMs: a.durationMs, outcome: a.outcome, errorCode: a.errorCode, error: a.error })),
    };
  }

  private repeat(earlier: Pick<OutboxEntity, 'id' | 'status' | 'requestHash'>, requestHash: string): Accepted {
    if (earlier.requestHash !== requestHash) {
      throw new GatewayError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used before with a different request', 422);
    }
    return { deliveryId: earlier.id, status: earlier.status, repeated: true };
  }

  /** The member as the system of record knows them, and no one else under that id. */
  private async member(request: ExchangeRequest): Promise<ValidMember> {
    const member = await this.members.byId(request.memberId, AbortSignal.timeout(30_000));
    if (member.memberId !== request.memberId) {
      throw new GatewayError('SOURCE_MEMBER_MISMATCH', 'the system of record answered with another member than the one asked for: nothing is sent', 502);
    }
    return member;
  }
}
