import { createHash, createHmac } from 'node:crypto';
import { canonicalJson } from '../domain/canonical-json';

/**
 * Keyed digests of what a partner last received, so that the sync can tell whether something changed
 * without keeping the payload: an HMAC under a key derived from the gateway's master key, so that the
 * digest of a guessed payload cannot be checked by anyone who reads the database without the key.
 */
export class StandingDigest {
  private readonly key: Buffer;

  constructor(masterKey: string | Buffer) {
    this.key = createHmac('sha256', masterKey).update('bieb-gateway/sync-digest/v1').digest();
  }

  of(partner: string, purpose: string, payloadJson: string): string {
    return createHmac('sha256', this.key).update(`${partner}\n${purpose}\n${payloadJson}`).digest('hex');
  }
}

/**
 * The idempotency key of one lifecycle message: the event, partner, purpose, member and the state it
 * moves from or to. A message a crashed cycle already handed to the outbox is found again, not repeated.
 */
export function lifecycleKey(event: string, partner: string, purpose: string, memberId: string, state: unknown): string {
  const hash = createHash('sha256').update(canonicalJson([event, partner, purpose, memberId, state])).digest('hex');
  return `lifecycle:${event}:${hash.slice(0, 40)}`;
}
