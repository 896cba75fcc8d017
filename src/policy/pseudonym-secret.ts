import { createHmac } from 'node:crypto';

/**
 * The pseudonym key of one partner, derived from the gateway's master key: partners never share a key,
 * so the same member has unrelated pseudonyms at two partners, and no partner can compute another's.
 */
export function derivePseudonymSecret(masterKey: Buffer | string, partner: string): Buffer {
  return createHmac('sha256', masterKey).update(`bieb-gateway/pseudonym/v1/${partner}`).digest();
}
