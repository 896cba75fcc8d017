import { Member, ValidMember } from '../domain/member';
import { SchemaViolation } from '../domain/schema-errors';

/** A fault a simulated partner can be switched to, for the conformance suite and the tests. */
export type SandboxFault =
  | { readonly kind: 'none' }
  | { readonly kind: 'slow'; readonly ms: number }
  | { readonly kind: 'error500' }
  | { readonly kind: 'malformed-json' }
  | { readonly kind: 'reject400' };

/** One message as the simulated partner received it: the exact body, and the delivery's idempotency key. */
export interface ReceivedMessage {
  readonly body: string;
  readonly idempotencyKey?: string;
  /** True when the key was seen before: answered again, not applied again. */
  readonly duplicate: boolean;
}

/**
 * A simulated partner that speaks the partner's real protocol on loopback, for the demo and the tests.
 * Started by the gateway when SANDBOX=on; its connector is pointed at it through `settings()`.
 */
export interface PartnerSandbox {
  readonly partner: string;
  /** Starts listening on 127.0.0.1 (an ephemeral port unless configured). */
  start(): Promise<void>;
  /** Connector settings that point at this sandbox, as environment variables (e.g. HKA_BASE_URL). */
  settings(): Readonly<Record<string, string>>;
  stop(): Promise<void>;
  /** Every message received, in order, byte for byte. */
  received(): readonly ReceivedMessage[];
  setFault(fault: SandboxFault): void;
  /** Forgets what was received and clears the fault. */
  reset(): void;
  /** A simulated system of record lists its generated members (GET /api/v1/sandbox/members). */
  members?(limit: number): readonly Member[];
  /** A simulated system of record enrols a member (POST /api/v1/sandbox/members): its memberId, or undefined when taken. */
  addMember?(member: ValidMember): string | undefined;
  /** A simulated system of record changes a member's record (PATCH /api/v1/sandbox/members/{memberId}). */
  updateMember?(
    memberId: string,
    patch: Readonly<Record<string, unknown>>,
  ): { readonly ok: true; readonly member: ValidMember } | { readonly ok: false; readonly reason: 'unknown' | 'taken' | 'invalid'; readonly violations?: readonly SchemaViolation[] };
  /** A simulated system of record tells a patron's PIN by card (its own secret, for the demo and tests). */
  pinOf?(cardNumber: string): string | undefined;
  /** A simulated lending system lists the copies on its shelf (GET /api/v1/sandbox/items), for loans at a machine. */
  itemsOnShelf?(filter?: { readonly holdWaiting?: boolean }): string[];
}

/** What the gateway tells a simulated partner at its start (SANDBOX_MEMBERS, SANDBOX_CHURN_MS). */
export interface SandboxOptions {
  readonly seed: number;
  /** Members a simulated system of record holds (its own default when absent). */
  readonly members?: number;
  /** Every churnMs a few members join, change or leave (0 or absent: never). */
  readonly churnMs?: number;
}

export interface SandboxDefinition {
  readonly partner: string;
  create(options: SandboxOptions): PartnerSandbox;
}
