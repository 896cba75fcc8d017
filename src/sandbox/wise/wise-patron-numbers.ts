import { seedHash, STREAM } from './seed-hash';

/** Patron ids: 1,000,000 + 37·i + a seeded offset below 37, so that the id says which patron it is. */
const ID_BASE = 1_000_000;
const ID_STRIDE = 37;
/** Card numbers: '22601' and nine digits, 100,000 + 487·i + a seeded offset below 487 (room for two million patrons). */
const CARD_PREFIX = '22601';
const CARD_BASE = 100_000;
const CARD_STRIDE = 487;
const CARD = /^22601\d{9}$/;
const DIGITS = /^[1-9]\d*$/;

/**
 * The patron id and card number of the i-th patron of the simulated library, and back: both encode i,
 * so that a lookup by id or by card is arithmetic, not an index over every patron. A number in the
 * right range that is not exactly patron i's (another offset) belongs to nobody.
 */
export class WisePatronNumbers {
  constructor(private readonly seed: number) {}

  patronIdAt(index: number): string {
    return String(ID_BASE + index * ID_STRIDE + (seedHash(this.seed, STREAM.patronId, index) % ID_STRIDE));
  }

  cardNumberAt(index: number): string {
    const serial = CARD_BASE + index * CARD_STRIDE + (seedHash(this.seed, STREAM.cardNumber, index) % CARD_STRIDE);
    return `${CARD_PREFIX}${String(serial).padStart(9, '0')}`;
  }

  /** A patron id of this library's numbering that is not patron i's: for former patrons (the deleted feed). */
  formerPatronIdAt(index: number, draw: number): string {
    const own = seedHash(this.seed, STREAM.patronId, index) % ID_STRIDE;
    return String(ID_BASE + index * ID_STRIDE + ((own + 1 + (draw % (ID_STRIDE - 1))) % ID_STRIDE));
  }

  /** The index the id was made for (undefined: no patron's id, whatever the count). */
  indexOfPatronId(patronId: string): number | undefined {
    if (!DIGITS.test(patronId) || patronId.length > 15) return undefined;
    const index = Math.floor((Number(patronId) - ID_BASE) / ID_STRIDE);
    return index >= 0 && this.patronIdAt(index) === patronId ? index : undefined;
  }

  /** The index the card number was made for (undefined: no patron's card, whatever the count). */
  indexOfCardNumber(cardNumber: string): number | undefined {
    if (!CARD.test(cardNumber)) return undefined;
    const index = Math.floor((Number(cardNumber.slice(CARD_PREFIX.length)) - CARD_BASE) / CARD_STRIDE);
    return index >= 0 && this.cardNumberAt(index) === cardNumber ? index : undefined;
  }
}
