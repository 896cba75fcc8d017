import { seedHash, STREAM } from './seed-hash';

/** Patrons are dealt their change days in blocks of this many. */
export const CALENDAR_BLOCK = 1000;
/** Of each block's slots, this many changed today and as many yesterday (1.6 % in the last two days). */
const RECENT_PER_DAY = 8;
/** The oldest change a generated patron has: this many days before the day the library was generated. */
export const OLDEST_CHANGE_DAYS = 400;

/** Days back per slot: slots 0–7 today, 8–15 yesterday, the rest spread evenly over days 2–400 (never decreasing). */
const SLOT_DAYS_AGO = Uint16Array.from({ length: CALENDAR_BLOCK }, (_, slot) => {
  if (slot < 2 * RECENT_PER_DAY) return Math.floor(slot / RECENT_PER_DAY);
  const spread = CALENDAR_BLOCK - 2 * RECENT_PER_DAY;
  return 2 + Math.floor(((slot - 2 * RECENT_PER_DAY) * (OLDEST_CHANGE_DAYS - 1)) / spread);
});

/** The last slot whose day is at most k days back, for k = 0 … OLDEST_CHANGE_DAYS. */
const LAST_SLOT_WITHIN = Int16Array.from({ length: OLDEST_CHANGE_DAYS + 1 }, (_, daysAgo) => {
  let last = -1;
  SLOT_DAYS_AGO.forEach((days, slot) => {
    if (days <= daysAgo) last = slot;
  });
  return last;
});

/** Multipliers that permute 0 … 999 (odd, not a multiple of 5), each with its inverse modulo 1000. */
const UNITS = Array.from({ length: CALENDAR_BLOCK }, (_, n) => n).filter((n) => n % 2 === 1 && n % 5 !== 0);
const INVERSE = new Map(UNITS.map((unit) => [unit, UNITS.find((other) => (unit * other) % CALENDAR_BLOCK === 1) ?? 1] as const));

/**
 * When each generated patron last changed, without generating it: within a block of 1,000 patrons, a
 * seeded permutation (slot = a·r + c mod 1000) deals every slot of the calendar to one patron. So the
 * day of patron i is two multiplications, and the patrons changed since a recent day are found from
 * the few slots of that day, block by block, in time proportional to their number.
 */
export class WiseChangeCalendar {
  constructor(private readonly seed: number) {}

  /** Blocks a library of `count` patrons has (the last may be partial). */
  static blocks(count: number): number {
    return Math.ceil(count / CALENDAR_BLOCK);
  }

  /** How many days before the library's day patron i last changed (0 … OLDEST_CHANGE_DAYS). */
  daysAgo(index: number): number {
    const { multiplier, shift } = this.permutation(Math.floor(index / CALENDAR_BLOCK));
    return SLOT_DAYS_AGO[(multiplier * (index % CALENDAR_BLOCK) + shift) % CALENDAR_BLOCK] ?? OLDEST_CHANGE_DAYS;
  }

  /** The patrons of a block (of a library of `count`) that changed at most `maxDaysAgo` days back, ascending. */
  indexesIn(block: number, maxDaysAgo: number, count: number): number[] {
    const start = block * CALENDAR_BLOCK;
    const size = Math.min(CALENDAR_BLOCK, count - start);
    const lastSlot = lastSlotWithin(maxDaysAgo);
    if (size <= 0 || lastSlot < 0) return [];
    if (lastSlot === CALENDAR_BLOCK - 1) return Array.from({ length: size }, (_, r) => start + r);
    const { multiplier, shift } = this.permutation(block);
    if ((lastSlot + 1) * 4 >= size) {
      const out: number[] = [];
      for (let r = 0; r < size; r++) if ((multiplier * r + shift) % CALENDAR_BLOCK <= lastSlot) out.push(start + r);
      return out;
    }
    const inverse = INVERSE.get(multiplier) ?? 1;
    const residues: number[] = [];
    for (let slot = 0; slot <= lastSlot; slot++) {
      const r = (inverse * (slot - shift + CALENDAR_BLOCK)) % CALENDAR_BLOCK;
      if (r < size) residues.push(r);
    }
    return residues.sort((a, b) => a - b).map((r) => start + r);
  }

  /** How many patrons of a block changed at most `maxDaysAgo` days back (arithmetic for a whole block). */
  countIn(block: number, maxDaysAgo: number, count: number): number {
    const size = Math.min(CALENDAR_BLOCK, count - block * CALENDAR_BLOCK);
    if (size < CALENDAR_BLOCK) return this.indexesIn(block, maxDaysAgo, count).length;
    return lastSlotWithin(maxDaysAgo) + 1;
  }

  private permutation(block: number): { multiplier: number; shift: number } {
    const h = seedHash(this.seed, STREAM.calendar, block);
    return { multiplier: UNITS[h % UNITS.length] ?? 1, shift: (h >>> 10) % CALENDAR_BLOCK };
  }
}

function lastSlotWithin(maxDaysAgo: number): number {
  if (maxDaysAgo < 0) return -1;
  return LAST_SLOT_WITHIN[Math.min(maxDaysAgo, OLDEST_CHANGE_DAYS)] ?? CALENDAR_BLOCK - 1;
}
