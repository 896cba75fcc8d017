/** The outbox's rows as the store writes them: a new delivery, an attempt (a delivered row: OutboxStore.deliveredMany). */
import { DisclosedField } from '../policy/released-payload';
import { DeliveryAttemptEntity } from './delivery-attempt.entity';
import { OutboxEntity } from './outbox.entity';

export interface NewDelivery {
  readonly id: string;
  readonly partner: string;
  readonly purpose: string;
  readonly memberId: string;
  readonly messageSealed: string;
  readonly fields: readonly DisclosedField[];
  readonly policyVersion: number;
  readonly policyHash: string;
  readonly agreementReference: string;
  readonly idempotencyKey: string | null;
  readonly requestHash: string | null;
  readonly nowMs: number;
}

export interface AttemptOutcome {
  readonly startedAtMs: number;
  readonly durationMs: number;
  readonly errorCode?: string;
  readonly error?: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();
export const clip = (text: string | undefined, length: number): string | null => (text === undefined ? null : text.slice(0, length));

/** A delivered row for deliveredMany: the row, how its attempt went, the partner's reference. */
export interface DeliveredItem {
  readonly row: OutboxEntity;
  readonly outcome: AttemptOutcome;
  readonly partnerReference: string | undefined;
}

export function attemptRow(row: OutboxEntity, worker: string, result: string, outcome: AttemptOutcome): Partial<DeliveryAttemptEntity> {
  return {
    deliveryId: row.id,
    number: row.attempts + 1,
    startedAt: iso(outcome.startedAtMs),
    durationMs: Math.round(outcome.durationMs),
    outcome: result,
    errorCode: clip(outcome.errorCode, 64),
    error: clip(outcome.error, 500),
    worker: worker.slice(0, 64),
  };
}

/** The outbox row of a new delivery: pending, due now, nothing tried yet. */
export function newRow(delivery: NewDelivery): Partial<OutboxEntity> {
  return {
    id: delivery.id,
    partner: delivery.partner,
    purpose: delivery.purpose,
    memberId: delivery.memberId,
    status: 'pending',
    attempts: 0,
    retryFrom: 0,
    nextAttemptAt: iso(delivery.nowMs),
    leaseOwner: null,
    leaseUntil: null,
    idempotencyKey: delivery.idempotencyKey,
    requestHash: delivery.requestHash,
    messageSealed: delivery.messageSealed,
    policyVersion: delivery.policyVersion,
    policyHash: delivery.policyHash,
    agreementReference: delivery.agreementReference,
    fields: JSON.stringify(delivery.fields),
    lastErrorCode: null,
    lastError: null,
    partnerReference: null,
    createdAt: iso(delivery.nowMs),
    deliveredAt: null,
    ledgerSeq: null,
  };
}
