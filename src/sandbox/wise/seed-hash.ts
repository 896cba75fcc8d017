/** murmur3's 32-bit finaliser: every input bit moves about half the output bits. */
function finalise(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A 32-bit hash of whole numbers, e.g. (seed, patron index, purpose): the seed of one patron's own random
 * stream, or one cheap draw, so that patron i is the same whether it is made first or after a million others.
 * Numbers beyond 32 bits are hashed by their low and high words.
 */
export function seedHash(...parts: readonly number[]): number {
  let h = 0x811c_9dc5;
  for (const part of parts) {
    const low = part >>> 0;
    const high = Math.floor(part / 4_294_967_296) >>> 0;
    h = finalise((h ^ low) + 0x9e37_79b9);
    h = finalise((h ^ high) + 0x7f4a_7c15);
  }
  return h;
}

/** What a hash is for: each purpose draws from its own stream, so that adding one changes no other. */
export const STREAM = {
  patron: 1,
  patronId: 2,
  cardNumber: 3,
  pin: 4,
  calendar: 5,
  deleted: 6,
  churn: 7,
} as const;
