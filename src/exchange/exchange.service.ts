import { Injectable } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import { canonicalJson } from '../domain/canonical-json';
import { ValidMember } from '../domain/member';
import { sha256Hex } from '../domain/sha256';
import { GatewayConfig } from '../config/gateway.config';
import { InjectGatewayConfig } from '../config/gateway-config.token';
import { ConnectorHost } from '../connectors/connector-host';
import { prepareForPartner } from '../connectors/sdk/sendable';
import { DeliveryDispatcher } from '../delivery/delivery-dispatcher';
import { MessageSealer } from '../delivery/message-sealer';
import { OutboxEntity } from '../delivery/outbox.entity';
import { OutboxStore } from '../delivery/outbox.store';
import { GatewayError, NotFound } from '../errors/gateway-error';
import { PolicyRefusal } from '../policy/policy-refusal';
import { PolicyVersionsService } from '../policy/policy-versions.service';
import { acceptanceTraces } from '../tracing/acceptance-traces';
import { describeSpan, inSpan, inSyncSpan } from '../tracing/gateway-span';
import { ExchangeRequest } from './exchange-request';
import { MemberSource } from './member-source';

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
  ) {
    this.sealer = new MessageSealer(config.sealingKey.reveal());
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
    const connector = this.connectors.get(request.partner);
    if (!connector.manifest.capabilities.includes('send')) {
      throw new GatewayError('CAPABILITY_MISSING', `the connector of '${request.partner}' does not send; it only ${connector.manifest.capabilities.join(', ')}`, 422);
    }
    const policy = await this.policies.compiledPolicy(request.partner);
    const member = await inSpan('member.load', {}, () => load());
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
    const trail = { partner: request.partner, purpose: request.purpose, policyVersion: payload.origin.policyVersion, deliveryId: id };
    try {
      // A single INSERT: the outbox row is the request's only write, so it commits or nothing does.
      await inSpan('outbox.insert', trail, () => this.outbox.insert({
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
      }));
    } catch (error) {
      // Two requests with one key at once: the second finds the first's row.
      const earlier = key === null ? null : await this.outbox.findByIdempotencyKey(key);
      if (earlier !== null) return this.repeat(earlier, requestHash);
      throw error;
    }
    // Committed: now it may be handed on (the worker is woken, or a message is published), in this trace.
    const accepting = trace.getActiveSpan();
    if (accepting !== undefined) {
      describeSpan(accepting, trail);
      acceptanceTraces.remember(id, accepting);
    }
    this.dispatcher.dispatch(id);
    return { deliveryId: id, status: 'pending', repeated: false };
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

  private repeat(earlier: OutboxEntity, requestHash: string): Accepted {
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
