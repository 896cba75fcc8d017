import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type DeliveryStatus = 'pending' | 'in-flight' | 'delivered' | 'dead' | 'discarded';

/**
 * One accepted exchange waiting for (or done with) delivery. It is written in the same transaction as
 * the request's acceptance, so nothing accepted is lost; the prepared message is kept only encrypted
 * and only until it is delivered or discarded.
 */
@Entity('outbox')
@Index('ix_outbox_due', ['status', 'nextAttemptAt'])
@Index('uq_outbox_idempotency', ['idempotencyKey'], { unique: true })
@Index('ix_outbox_member', ['memberId'])
export class OutboxEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 41 })
  partner!: string;

  @Column({ type: 'varchar', length: 61 })
  purpose!: string;

  @Column({ name: 'member_id', type: 'varchar', length: 64 })
  memberId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** Attempts made before an operator's last retry: the retry budget counts from here. */
  @Column({ name: 'retry_from', type: 'integer', default: 0 })
  retryFrom!: number;

  /** ISO instant at which the next attempt is due. */
  @Column({ name: 'next_attempt_at', type: 'varchar', length: 30 })
  nextAttemptAt!: string;

  @Column({ name: 'lease_owner', type: 'varchar', length: 64, nullable: true })
  leaseOwner!: string | null;

  @Column({ name: 'lease_until', type: 'varchar', length: 30, nullable: true })
  leaseUntil!: string | null;

  /** The caller's Idempotency-Key, scoped by the caller (`<account>:<key>`). */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 300, nullable: true })
  idempotencyKey!: string | null;

  /** SHA-256 of the request the key was first used with: the same key with another request is refused. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64, nullable: true })
  requestHash!: string | null;

  /** AES-256-GCM of the prepared message; null once delivered or discarded. */
  @Column({ name: 'message_sealed', type: 'text', nullable: true })
  messageSealed!: string | null;

  @Column({ name: 'policy_version', type: 'integer' })
  policyVersion!: number;

  @Column({ name: 'policy_hash', type: 'varchar', length: 64 })
  policyHash!: string;

  @Column({ name: 'agreement_reference', type: 'varchar', length: 100 })
  agreementReference!: string;

  /** JSON list of { path, transform }: what the message carries, never values. */
  @Column({ type: 'text' })
  fields!: string;

  @Column({ name: 'last_error_code', type: 'varchar', length: 64, nullable: true })
  lastErrorCode!: string | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ name: 'partner_reference', type: 'varchar', length: 200, nullable: true })
  partnerReference!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt!: string;

  @Column({ name: 'delivered_at', type: 'varchar', length: 30, nullable: true })
  deliveredAt!: string | null;

  @Column({ name: 'ledger_seq', type: 'integer', nullable: true })
  ledgerSeq!: number | null;
}
